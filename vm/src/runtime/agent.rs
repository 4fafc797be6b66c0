//! The `Agent`: one thread's VM state — its `heap::Mutator` and everything the collector must
//! treat as a root. Every allocation splits the borrow between the two, so the heap can scan
//! the roots without holding a pointer into the VM:
//! `self.mutator.alloc(&mut self.roots, size, tag)`.

use heap::{Heap, HeapError, Liveness, Mutator, ObjectRef, Roots, Tracer};

use crate::runtime::atoms::AtomTable;
use crate::runtime::cell::CellKind;
use crate::runtime::shape::ShapeTable;
use crate::runtime::value::Value;

/// Everything an agent roots besides the mutator's own handles.
#[derive(Default)]
pub struct AgentRoots {
    /// Values held by Rust code across allocations (see [`Agent::scope`]).
    pub(crate) locals: Vec<Value>,
    /// The agent's shapes (they name symbols, which must stay alive).
    pub(crate) shapes: ShapeTable,
    /// The interpreter's state: register file, frames, realm, constant caches.
    pub(crate) vm: crate::interpreter::VmRoots,
    /// The one-unit strings of units 0..=255, made on first use (`string::single_unit`);
    /// empty until then.
    pub(crate) single_units: Vec<Value>,
}

impl Roots for AgentRoots {
    fn trace_roots(&mut self, tracer: &mut Tracer<'_>) {
        self.shapes.trace(tracer);
        self.vm.trace(tracer);
        for value in self.locals.iter().chain(&self.single_units) {
            if let Some(cell) = value.as_cell() {
                tracer.edge(cell);
            }
        }
    }

    fn sweep_side_tables(&mut self, liveness: &Liveness) {
        let released = self
            .shapes
            .sweep_dictionaries(|obj| liveness.is_live(obj), crate::runtime::object::shape);
        if !released.is_empty() {
            self.vm.forget_shapes(&released);
            self.shapes.recycle(released);
        }
    }
}

/// A rooted value: an index into the agent's locals, valid until its scope closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Local(u32);

/// One agent's VM state.
pub struct Agent {
    pub(crate) mutator: Mutator,
    pub(crate) roots: AgentRoots,
    /// Interned property names.
    pub atoms: AtomTable,
    /// Limits the embedder chooses (the `agora` command's `--stack-limit`).
    pub config: AgentConfig,
}

/// An agent's limits, set by the embedder before running code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AgentConfig {
    /// The deepest JavaScript call stack, in frames (every function, generator resumption,
    /// script and eval body is one): one more call is `RangeError: Maximum call stack size
    /// exceeded`. Frames live on the heap; the Rust stack of native re-entry is bounded
    /// separately (`interpreter::NATIVE_STACK_BUDGET`).
    pub max_frames: usize,
}

impl Default for AgentConfig {
    fn default() -> AgentConfig {
        AgentConfig {
            max_frames: crate::interpreter::MAX_FRAMES,
        }
    }
}

impl Agent {
    /// A new agent on `heap` (call on the thread that will run it).
    pub fn new(heap: &Heap) -> Agent {
        Agent {
            mutator: heap.mutator(),
            roots: AgentRoots::default(),
            atoms: AtomTable::default(),
            config: AgentConfig::default(),
        }
    }

    /// Allocates a cell of `kind` with `payload` bytes after the header. The payload is
    /// uninitialised: the caller writes every word before its next allocation.
    #[inline]
    pub fn alloc_cell(&mut self, kind: CellKind, payload: usize) -> Result<ObjectRef, HeapError> {
        self.mutator.alloc(&mut self.roots, 8 + payload, kind.tag())
    }

    /// Roots `value` until the enclosing [`Agent::scope`] ends.
    pub fn root(&mut self, value: Value) -> Local {
        let index = u32::try_from(self.roots.locals.len()).expect("fewer than 2^32 locals");
        self.roots.locals.push(value);
        Local(index)
    }

    /// The value a local roots.
    pub fn get(&self, local: Local) -> Value {
        self.roots.locals[local.0 as usize]
    }

    /// Runs `f` in a scope: locals rooted inside are released when it returns.
    pub fn scope<R>(&mut self, f: impl FnOnce(&mut Agent) -> R) -> R {
        let mark = self.roots.locals.len();
        let result = f(self);
        self.roots.locals.truncate(mark);
        result
    }

    /// Properties held by the agent's dictionary shapes (for tests and heap statistics).
    pub fn dictionary_properties(&self) -> usize {
        self.roots.shapes.dictionary_properties()
    }

    /// Shape ids in use (for tests and heap statistics).
    pub fn shape_count(&self) -> usize {
        self.roots.shapes.live_count()
    }

    /// Runs a full local collection now.
    pub fn collect_garbage(&mut self) {
        self.mutator.collect(&mut self.roots);
    }

    /// The safepoint poll (loop back-edges and calls).
    #[inline(always)]
    pub fn poll(&mut self) {
        self.mutator.poll(&mut self.roots);
    }

    /// Runs `f`, which may block the thread, parked (see `heap::Mutator::park_while`).
    pub fn park_while<R>(&mut self, f: impl FnOnce() -> R) -> R {
        self.mutator.park_while(&mut self.roots, f)
    }

    /// The agent's mutator, for statistics and heap tools.
    pub fn mutator(&self) -> &Mutator {
        &self.mutator
    }

    /// Verifies the heap reachable from this agent's roots.
    pub fn verify_heap(&mut self) -> heap::VerifyReport {
        self.mutator.verify(&mut self.roots)
    }
}

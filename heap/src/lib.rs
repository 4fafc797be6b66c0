//! agora's garbage collector. It knows nothing about JavaScript: the VM describes its objects
//! through [`Binding`] and its roots through [`Roots`].
//!
//! # Shape
//! * One [`Heap`] per process; one [`Mutator`] per agent (one OS thread each).
//! * Each mutator owns a **local space** (Immix-style mark-region memory: 2 MiB chunks,
//!   32 KiB blocks, 256 B lines, bump allocation into free lines, lazy sweeping) collected on
//!   its own thread by incremental SATB marking with black allocation — no other agent stops.
//! * The **shared space** (size-segregated pages, a current page per agent and size class)
//!   holds objects every agent may reference; it is collected under a global safepoint.
//! * One write barrier ([`Mutator::write_barrier`]) enforces "no shared → local edge", logs
//!   old referents while marking, and dirties cards for local → shared edges.
//!
//! # Crate invariants
//! * A shared object never references a local object.
//! * Every call that can block a thread runs inside [`Mutator::park_while`].
//! * Every sync primitive comes from [`sync`]; under `--cfg shuttle` they are shuttle's.
//! * Mark state lives in side tables indexed by address, never in object headers.
//!
//! See `ARCHITECTURE.md` and `design/` for the whole picture.

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod barrier;
pub mod binding;
pub mod chunk;
pub mod config;
mod cycle;
pub mod events;
pub mod geometry;
pub mod header;
mod heap;
pub mod marking;
pub mod mock;
pub mod mutator;
pub mod object;
pub mod roots;
pub mod safepoint;
mod shared_gc;
pub mod space;
pub mod sync;
pub mod verify;

pub use barrier::BarrierViolation;
pub use binding::{Binding, Edge, Liveness, NoRoots, Roots, Tracer};
pub use config::{HeapConfig, DEFAULT_MIN_TRIGGER};
pub use events::{EventSink, GcEvent, GcKind, GcPhase};
pub use header::{Header, ObjFlags, ObjectRef, TypeTag};
pub use heap::Heap;
pub use mutator::{Mutator, MutatorStats};
pub use roots::global::Global;
pub use roots::scope::{Handle, ScopeMark};
pub use verify::{VerifyMode, VerifyReport};

/// An allocation the heap cannot satisfy, even after collecting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeapError {
    /// The space is at its configured limit (or the OS refused memory).
    OutOfMemory {
        /// The shared space (else the agent's local space).
        shared: bool,
        /// Bytes requested.
        requested: usize,
        /// The configured limit in bytes.
        limit: usize,
    },
}

impl std::fmt::Display for HeapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeapError::OutOfMemory {
                shared,
                requested,
                limit,
            } => write!(
                f,
                "out of memory: cannot allocate {requested} bytes in the {} heap (limit {} MiB)",
                if *shared { "shared" } else { "local" },
                limit >> 20
            ),
        }
    }
}

impl std::error::Error for HeapError {}

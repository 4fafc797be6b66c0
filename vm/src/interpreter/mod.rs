//! The bytecode interpreter: the dispatch loop over `Executable`s (design/bytecode.md),
//! completions and exception unwinding, calls, and the entry point [`run_script`].
//!
//! All interpreter state the collector must see lives in [`VmRoots`] inside the agent's
//! roots: the register file, the frames (accumulator, context, callee, …), the realm's
//! intrinsics, the global lexical record and the per-executable constant caches. Calls from
//! bytecode to bytecode push a frame and continue in the same loop (no Rust recursion).

pub mod arguments;
pub mod bigint_ops;
pub mod builtins;
pub mod classes;
pub(crate) mod dynamic_scope;
pub mod for_in;
pub mod frame;
pub mod generator;
pub mod jobs;
pub mod modules;
pub mod ops;
mod property_ic;
pub mod realm;
pub mod realms;
pub mod stack_trace;

use property_ic::PropertyIc;

use std::collections::HashMap;
use std::fmt;

use heap::sync::Arc;
use heap::{HeapError, Tracer};

use crate::bytecode::{CodeKind, Constant, Executable, IcKind, Instruction, Opcode};
use crate::diagnostics::SyntaxError;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{Atom, PropertyKey};
use crate::runtime::context;
use crate::runtime::object::{self, new_object, new_object_with_class, DEFAULT_INLINE_SLOTS};
use crate::runtime::shape::Attributes;
use crate::runtime::string::{self, StringError};
use crate::runtime::value::Value;
use crate::source::Source;

pub use frame::{ExeRef, Frame};
use ops::{as_object, to_boolean};
use realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_BOUND, CLASS_FUNCTION, CLASS_NATIVE, FN_CODE,
    FN_CONTEXT, FN_HOME,
};

/// The default deepest frame stack before `RangeError: Maximum call stack size exceeded`
/// (`AgentConfig::max_frames`).
pub const MAX_FRAMES: usize = 10_000;

/// The error constructors the runtime throws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    /// `Error`.
    Error,
    /// `TypeError`.
    TypeError,
    /// `RangeError`.
    RangeError,
    /// `ReferenceError`.
    ReferenceError,
    /// `SyntaxError`.
    SyntaxError,
    /// `EvalError`.
    EvalError,
    /// `URIError`.
    URIError,
    /// `InternalError` (engine limitations: "not implemented yet").
    InternalError,
}

impl ErrorType {
    /// The constructor name.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::Error => "Error",
            ErrorType::TypeError => "TypeError",
            ErrorType::RangeError => "RangeError",
            ErrorType::ReferenceError => "ReferenceError",
            ErrorType::SyntaxError => "SyntaxError",
            ErrorType::EvalError => "EvalError",
            ErrorType::URIError => "URIError",
            ErrorType::InternalError => "InternalError",
        }
    }
}

/// An abrupt throw completion: the thrown value, or an error the runtime raised that is
/// materialised as an error object only when something catches it (so throw sites need not
/// allocate or root anything).
#[derive(Clone, Debug)]
pub enum Throw {
    /// A thrown value (unrooted: valid until the next allocation unless re-rooted).
    Value(Value),
    /// A runtime error of the given type and message, not yet allocated.
    Error(ErrorType, String),
}

impl Throw {
    /// A runtime error.
    pub fn error(ty: ErrorType, message: impl Into<String>) -> Throw {
        Throw::Error(ty, message.into())
    }

    /// The thrown value, allocating the error object if needed (falls back to the realm's
    /// pre-allocated out-of-memory error).
    pub fn into_value(self, agent: &mut Agent) -> Value {
        match self {
            Throw::Value(v) => v,
            Throw::Error(ty, message) => realm::make_error(agent, ty, &message)
                .unwrap_or_else(|_| intrinsic(agent, Intrinsic::OutOfMemoryError)),
        }
    }
}

impl From<HeapError> for Throw {
    fn from(_: HeapError) -> Throw {
        Throw::error(ErrorType::RangeError, "out of memory")
    }
}

impl From<StringError> for Throw {
    fn from(error: StringError) -> Throw {
        match error {
            StringError::OutOfMemory(e) => e.into(),
            StringError::TooLong => Throw::error(ErrorType::RangeError, "Invalid string length"),
        }
    }
}

/// Why [`run_script`] failed.
#[derive(Debug)]
pub enum RunError {
    /// The script did not parse or compile.
    Syntax(SyntaxError),
    /// An exception escaped the script.
    Uncaught {
        /// The thrown value (unrooted: valid until the agent's next allocation).
        value: Value,
        /// Its rendering (`Uncaught TypeError: message`).
        message: String,
        /// The `    at …` lines of the error's `stack` (empty for non-errors), one per line.
        stack: String,
    },
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Syntax(e) => write!(f, "{e}"),
            RunError::Uncaught { message, .. } => f.write_str(message),
        }
    }
}

impl std::error::Error for RunError {}

/// A global lexical binding (`let`/`const`/`class` at script top level).
pub(crate) struct GlobalLexical {
    value: Value,
    is_const: bool,
}

/// Materialised constants of one executable (strings), kept with the executable.
pub(crate) struct ConstantCache {
    /// Holds the executable for the agent's life (frames name it by `ExeRef`).
    exe: Arc<Executable>,
    /// `Name` constants as property keys (interned on first use of the executable).
    keys: Vec<Option<PropertyKey>>,
    /// Where the executable's IC slots start in `VmRoots::property_ics`.
    ic_base: usize,
}

impl ConstantCache {
    fn new(
        agent_atoms: &mut crate::runtime::atoms::AtomTable,
        ics: &mut Vec<PropertyIc>,
        strings: &mut Vec<Value>,
        exe: &Arc<Executable>,
    ) -> Self {
        let keys = exe
            .constants
            .iter()
            .map(|c| match c {
                Constant::Name(name) => {
                    let units: Vec<u16> = name.encode_utf16().collect();
                    Some(agent_atoms.key(&units))
                }
                _ => None,
            })
            .collect();
        let ic_base = ics.len();
        ics.resize(ic_base + exe.ic_slots.len(), PropertyIc::EMPTY);
        debug_assert_eq!(strings.len(), ic_base);
        strings.resize(
            ic_base + exe.ic_slots.len() + exe.constants.len(),
            Value::EMPTY,
        );
        // Keep both tables the same length, so the next executable's ranges start together.
        ics.resize(strings.len(), PropertyIc::EMPTY);
        ConstantCache {
            exe: exe.clone(),
            keys,
            ic_base,
        }
    }
}

/// Per-executable caches, keyed by the executable's address (the cache holds it alive).
type ConstantCaches = HashMap<usize, ConstantCache, rustc_hash::FxBuildHasher>;

/// The interpreter's part of the agent's roots.
#[derive(Default)]
pub struct VmRoots {
    pub(crate) registers: Vec<Value>,
    pub(crate) frames: Vec<Frame>,
    pub(crate) intrinsics: Vec<Value>,
    pub(crate) global_lexicals: HashMap<Atom, GlobalLexical, rustc_hash::FxBuildHasher>,
    pub(crate) constants: ConstantCaches,
    pub(crate) executables: Vec<Arc<Executable>>,
    pub(crate) executable_ids: HashMap<usize, u32>,
    pub(crate) output: Option<String>,
    /// Objects whose `Array.prototype.join` is in progress (cycle detection; identity only —
    /// each is rooted as the `this` of the running native).
    pub(crate) join_stack: Vec<u64>,
    /// How many Rust-level re-entries of the dispatch loop ([`call`]) are active.
    pub(crate) native_depth: usize,
    /// The stack address of the outermost active [`call`] (see [`NATIVE_STACK_BUDGET`]).
    pub(crate) stack_base: usize,
    /// The function object of the native being entered (see `builtins::callee`).
    pub(crate) native_callee: Value,
    /// Compiled regular expressions (see `runtime::regexp`).
    pub(crate) regexps: crate::runtime::regexp::RegExpTable,
    /// Pending promise jobs.
    pub(crate) jobs: jobs::JobQueue,
    /// Scope descriptors of the contexts made so far, by the id a context records
    /// (see `dynamic_scope`).
    pub(crate) scopes: Vec<Arc<crate::bytecode::ScopeDescriptor>>,
    pub(crate) scope_ids: HashMap<usize, u32>,
    /// Template objects by site (executable address, constant index); the constant cache
    /// holds the executable, so the address stays unique.
    pub(crate) templates: HashMap<(usize, u32), Value>,
    /// Property inline caches of every executable run so far (see `property_ic`).
    pub(crate) property_ics: Vec<PropertyIc>,
    /// String constants materialised so far (the empty value until first use), kept as long
    /// as `property_ics`: constant `i` of the executable whose ICs start at `ic_base` is at
    /// `ic_base + ic_slots + i`, so `LdaConstant` finds it from the frame's `ic_base`.
    pub(crate) constant_strings: Vec<Value>,
    /// Named loads of any site by (shape, name), for sites that see several shapes.
    pub(crate) load_stubs: property_ic::LoadStubs,
    /// The frame handle and IC base of each executable by its id in `executables` (`None`:
    /// not yet pinned), so a call finds them without hashing.
    pub(crate) pinned: Vec<(Option<ExeRef>, usize)>,
    /// How many global lexical bindings have been declared (global load ICs check it).
    pub(crate) lexical_epoch: u32,
    /// The module map and module records (see `modules`).
    pub(crate) modules: modules::ModuleTable,
    /// The local time zone of Date objects (read on first use).
    pub(crate) local_zone: Option<crate::interpreter::builtins::date::zone::LocalZone>,
    /// The agent's realms other than the running one, parked (see `realms`; empty while the
    /// agent has one realm).
    pub(crate) realms: Vec<realms::Realm>,
    /// The index of the running realm (its record is `intrinsics` and `global_lexicals`).
    pub(crate) current_realm: u32,
}

impl VmRoots {
    /// Clears every inline-cache entry that names one of `shapes` (released shape ids about
    /// to be reused).
    pub(crate) fn forget_shapes(&mut self, shapes: &[crate::runtime::shape::ShapeId]) {
        property_ic::forget_shapes(&mut self.property_ics, &mut self.load_stubs, shapes);
    }

    /// Reports every value the interpreter holds.
    pub fn trace(&self, tracer: &mut Tracer<'_>) {
        let mut edge = |v: Value| {
            if let Some(cell) = v.as_cell() {
                tracer.edge(cell);
            }
        };
        self.registers.iter().for_each(|&v| edge(v));
        self.intrinsics.iter().for_each(|&v| edge(v));
        edge(self.native_callee);
        self.templates.values().for_each(|&v| edge(v));
        self.property_ics.iter().for_each(|ic| edge(ic.holder()));
        self.load_stubs.holders().for_each(&mut edge);
        self.global_lexicals.values().for_each(|b| edge(b.value));
        self.constant_strings.iter().for_each(|&v| edge(v));
        for frame in &self.frames {
            frame.trace(tracer);
        }
        self.jobs.trace(tracer);
        self.modules.trace(tracer);
        self.realms.iter().for_each(|r| r.trace(tracer));
    }
}

/// Makes `print` append to a buffer on the agent instead of stdout (tests).
pub fn capture_output(agent: &mut Agent) {
    agent.roots.vm.output.get_or_insert_with(String::new);
}

/// Takes the captured `print` output.
pub fn take_output(agent: &mut Agent) -> String {
    agent
        .roots
        .vm
        .output
        .as_mut()
        .map(std::mem::take)
        .unwrap_or_default()
}

/// Parses, compiles and runs a script in the agent's realm (created on first use); returns
/// the script's completion value (unrooted).
pub fn run_script(agent: &mut Agent, source_name: &str, text: &str) -> Result<Value, RunError> {
    let source = Source::new(source_name, text);
    let script =
        crate::parser::parse_script(&source, Default::default()).map_err(RunError::Syntax)?;
    let exe = crate::compiler::compile_script(&script, &source).map_err(RunError::Syntax)?;
    let result = realm::ensure_realm(agent)
        .map_err(Throw::from)
        .and_then(|()| run_executable(agent, exe))
        .and_then(|v| {
            // The script's completion value stays rooted while the microtasks run.
            agent.scope(|agent| {
                let r = agent.root(v);
                jobs::run_jobs(agent)?;
                // The job is over: WeakRef targets may go, finalization callbacks run.
                builtins::weak::end_of_job(agent);
                Ok(agent.get(r))
            })
        });
    result.map_err(|throw| uncaught(agent, throw))
}

/// The report of an exception that escaped a script or module: the value, its rendering
/// and the `    at …` lines of its `stack`.
pub(crate) fn uncaught(agent: &mut Agent, throw: Throw) -> RunError {
    let value = throw.into_value(agent);
    let stack = as_object(value)
        .and_then(|o| {
            ops::lookup_data(
                agent,
                o,
                PropertyKey::Atom(crate::runtime::atoms::names::STACK),
            )
        })
        .filter(|&s| ops::is_string(s))
        .map(|s| {
            ops::display(agent, s)
                .lines()
                .filter(|line| line.starts_with("    at "))
                .map(|line| format!("{line}\n"))
                .collect()
        })
        .unwrap_or_default();
    RunError::Uncaught {
        value,
        message: format!("Uncaught {}", ops::display(agent, value)),
        stack,
    }
}

/// Runs a module body `exe` with `this` undefined in its module environment `context`;
/// returns its completion (for a module with top-level await, its async function's promise).
pub(crate) fn run_module_code(
    agent: &mut Agent,
    exe: Arc<Executable>,
    context: Value,
) -> Result<Value, Throw> {
    enter_nested(agent, |agent| {
        push_frame(
            agent,
            exe,
            FrameSetup {
                callee: Value::UNDEFINED,
                this: Value::UNDEFINED,
                args: Args::List(&[]),
                new_target: Value::UNDEFINED,
                construct_this: Value::EMPTY,
                context,
                entry: true,
            },
        )?;
        execute(agent)
    })
}

/// Runs script code `exe` with `this` = the global object.
pub fn run_executable(agent: &mut Agent, exe: Arc<Executable>) -> Result<Value, Throw> {
    let global = intrinsic(agent, Intrinsic::GlobalObject);
    push_frame(
        agent,
        exe,
        FrameSetup {
            callee: Value::UNDEFINED,
            this: global,
            args: Args::List(&[]),
            new_target: Value::UNDEFINED,
            construct_this: Value::EMPTY,
            context: Value::UNDEFINED,
            entry: true,
        },
    )?;
    execute(agent)
}

/// The deepest nesting of [`call`] (natives calling back into JavaScript: getters,
/// `valueOf`, `Function.prototype.call`, …): each level costs Rust stack.
pub const MAX_NATIVE_DEPTH: usize = 400;

/// The Rust stack re-entrant calls may use beyond the outermost one (a debug build spends
/// about 20 KiB per nesting level; test threads have 2 MiB).
pub const NATIVE_STACK_BUDGET: usize = 1 << 20;

/// `Call(f, this, args)` from Rust (re-entrant: runs a nested dispatch loop whose entry frame
/// returns to here). `f`, `this` and `args` must be rooted by the caller.
pub fn call(agent: &mut Agent, f: Value, this: Value, args: &[Value]) -> Result<Value, Throw> {
    call_or_construct(agent, f, this, args, None)
}

/// `Construct(f, args, new_target)` from Rust; the values must be rooted by the caller.
pub fn construct(
    agent: &mut Agent,
    f: Value,
    args: &[Value],
    new_target: Value,
) -> Result<Value, Throw> {
    call_or_construct(agent, f, Value::UNDEFINED, args, Some(new_target))
}

fn call_or_construct(
    agent: &mut Agent,
    f: Value,
    this: Value,
    args: &[Value],
    new_target: Option<Value>,
) -> Result<Value, Throw> {
    let caller_realm = realms::current(agent);
    let result = enter_nested(agent, |agent| {
        match start_call(agent, f, this, args, new_target, true)? {
            CallStarted::Done(v) => Ok(v),
            CallStarted::Pushed => execute(agent),
        }
    });
    realms::leave(agent, caller_realm, result)
}

/// Runs `f` as one more level of Rust re-entry into the dispatch loop (the checks of
/// [`call`]); `f` pushes an entry frame and runs it with [`execute_entry`].
pub(crate) fn enter_nested<T>(
    agent: &mut Agent,
    f: impl FnOnce(&mut Agent) -> Result<T, Throw>,
) -> Result<T, Throw> {
    if agent.roots.vm.native_depth >= MAX_NATIVE_DEPTH {
        return Err(Throw::error(
            ErrorType::RangeError,
            "Maximum call stack size exceeded",
        ));
    }
    // The Rust stack this nesting uses so far (the address of a local; stacks grow down on
    // every supported target, `abs_diff` keeps it correct either way).
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    if agent.roots.vm.native_depth == 0 {
        agent.roots.vm.stack_base = here;
    } else if agent.roots.vm.stack_base.abs_diff(here) > NATIVE_STACK_BUDGET {
        return Err(Throw::error(
            ErrorType::RangeError,
            "Maximum call stack size exceeded",
        ));
    }
    agent.roots.vm.native_depth += 1;
    let result = f(agent);
    agent.roots.vm.native_depth -= 1;
    result
}

/// Runs the entry frame just pushed, first throwing `pending` from its current instruction
/// if given (a rejected `await`).
pub(crate) fn execute_entry(agent: &mut Agent, pending: Option<Throw>) -> Result<Value, Throw> {
    if let Some(throw) = pending {
        match unwind(agent, throw) {
            Unwound::Handled => {}
            Unwound::Escaped(t) => return Err(t),
            Unwound::Returned(v) => return Ok(v),
        }
    }
    execute(agent)
}

/// The actual arguments of a call: a list, or (a call from bytecode) the caller's registers
/// `start..start + count`, which the callee's frame copies without an intermediate buffer.
#[derive(Clone, Copy)]
enum Args<'a> {
    List(&'a [Value]),
    Registers { start: usize, count: usize },
}

impl Args<'_> {
    fn len(self) -> usize {
        match self {
            Args::List(list) => list.len(),
            Args::Registers { count, .. } => count,
        }
    }
}

struct FrameSetup<'a> {
    callee: Value,
    this: Value,
    /// The actual arguments (copied into the parameter registers; kept in the frame only
    /// for code that reads them as a list: rest parameters, arguments objects).
    args: Args<'a>,
    new_target: Value,
    construct_this: Value,
    context: Value,
    entry: bool,
}

fn push_frame(agent: &mut Agent, exe: Arc<Executable>, setup: FrameSetup) -> Result<(), Throw> {
    let (exe, ic_base) = pin_executable(agent, &exe);
    push_frame_with(agent, exe, ic_base, setup)
}

#[inline(always)]
fn push_frame_with(
    agent: &mut Agent,
    exe: ExeRef,
    ic_base: usize,
    setup: FrameSetup,
) -> Result<(), Throw> {
    let vm = &mut agent.roots.vm;
    if vm.frames.len() >= agent.config.max_frames {
        return Err(Throw::error(
            ErrorType::RangeError,
            "Maximum call stack size exceeded",
        ));
    }
    let base = vm.registers.len();
    vm.registers
        .resize(base + exe.register_count as usize, Value::UNDEFINED);
    vm.registers[base] = setup.this;
    let params = (exe.parameter_count as usize).min(setup.args.len());
    let keep_arguments = exe.decoded.reads_arguments || exe.info.needs_arguments;
    let arguments = match setup.args {
        Args::List(list) => {
            vm.registers[base + 1..base + 1 + params].copy_from_slice(&list[..params]);
            if keep_arguments {
                list.to_vec()
            } else {
                Vec::new()
            }
        }
        Args::Registers { start, count } => {
            // The arguments sit below `base` (in the caller's window): no overlap. A loop,
            // not `copy_within`, since there are only a few.
            for i in 0..params {
                vm.registers[base + 1 + i] = vm.registers[start + i];
            }
            if keep_arguments {
                vm.registers[start..start + count].to_vec()
            } else {
                Vec::new()
            }
        }
    };
    vm.frames.push(Frame {
        exe,
        pc: 0,
        next: 0,
        base,
        acc: Value::UNDEFINED,
        context: setup.context,
        callee: setup.callee,
        new_target: setup.new_target,
        construct_this: setup.construct_this,
        arguments,
        entry: setup.entry,
        generator: Value::UNDEFINED,
        ic_base,
        realm: vm.current_realm,
    });
    Ok(())
}

enum CallStarted {
    Done(Value),
    Pushed,
}

/// Starts `[[Call]]` (`new_target` `None`) or `[[Construct]]`: natives run to completion,
/// bytecode functions get a frame.
fn start_call(
    agent: &mut Agent,
    callee: Value,
    this: Value,
    args: &[Value],
    new_target: Option<Value>,
    entry: bool,
) -> Result<CallStarted, Throw> {
    let Some(f) = as_object(callee).filter(|&o| ops::is_callable(Value::cell(o))) else {
        let what = ops::display(agent, callee);
        let message = if new_target.is_some() {
            format!("{what} is not a constructor")
        } else {
            format!("{what} is not a function")
        };
        return Err(Throw::error(ErrorType::TypeError, message));
    };
    if object::class(f) == CLASS_BOUND {
        // BoundFunctionExoticObject [[Call]] / [[Construct]].
        let target = object::internal_slot(f, 0).unwrap_or(Value::UNDEFINED);
        let bound_this = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
        let bound = object::internal_slot(f, 2).and_then(as_object);
        let mut list: Vec<Value> = bound
            .map(|b| {
                (0..object::elements_len(b))
                    .map(|i| object::element(b, i).unwrap_or(Value::UNDEFINED))
                    .collect()
            })
            .unwrap_or_default();
        list.extend_from_slice(args);
        let new_target = new_target.map(|nt| if nt == callee { target } else { nt });
        // `callee` (rooted by the caller) keeps target, bound this and bound arguments alive.
        return start_call(agent, target, bound_this, &list, new_target, entry);
    }
    if object::class(f) == realm::CLASS_PROXY {
        if new_target.is_some() && !ops::is_constructor(agent, callee) {
            let what = ops::display(agent, callee);
            return Err(Throw::error(
                ErrorType::TypeError,
                format!("{what} is not a constructor"),
            ));
        }
        let r = agent.scope(|agent| {
            agent.root(callee);
            agent.root(this);
            for &a in args {
                agent.root(a);
            }
            if let Some(nt) = new_target {
                agent.root(nt);
            }
            builtins::proxy::call_or_construct(agent, f, this, args, new_target)
        })?;
        return match r {
            builtins::proxy::ProxyCall::Done(v) => Ok(CallStarted::Done(v)),
            // `callee` (rooted by the caller) keeps the target alive: no code ran since.
            builtins::proxy::ProxyCall::Forward(target) => {
                start_call(agent, target, this, args, new_target, entry)
            }
        };
    }
    let code = object::internal_slot(f, FN_CODE)
        .and_then(Value::as_int)
        .unwrap_or(0) as usize;
    if object::class(f) == CLASS_NATIVE {
        let Some(native) = builtins::native_by_id(code as builtins::NativeId) else {
            return Err(Throw::error(
                ErrorType::InternalError,
                "unknown native function",
            ));
        };
        if new_target.is_some() && !native.is_constructor() {
            return Err(Throw::error(
                ErrorType::TypeError,
                format!("{} is not a constructor", native.name),
            ));
        }
        return agent.scope(|agent| {
            agent.root(callee);
            agent.root(this);
            for &a in args {
                agent.root(a);
            }
            let nt = new_target.unwrap_or(Value::UNDEFINED);
            agent.root(nt);
            agent.roots.vm.native_callee = callee;
            realms::run_native(agent, f, |agent| (native.call)(agent, this, args, nt))
                .map(CallStarted::Done)
        });
    }
    enter_function(
        agent,
        FunctionCall {
            f,
            code,
            callee,
            this,
            args: Args::List(args),
            new_target,
            entry,
            prototype_ic: None,
        },
    )?;
    Ok(CallStarted::Pushed)
}

/// A call or `new` from bytecode with the arguments in registers `start..start + count`:
/// ECMAScript functions get their frame straight from the registers; everything else goes
/// through [`start_call`] with a copy of the arguments.
#[allow(clippy::too_many_arguments)]
fn call_from_frame(
    agent: &mut Agent,
    callee: Value,
    this: Value,
    args: Args<'_>,
    new_target: Option<Value>,
    prototype_ic: Option<usize>,
) -> Result<CallStarted, Throw> {
    if let Some(f) = as_object(callee).filter(|&f| object::class(f) == CLASS_FUNCTION) {
        let code = object::internal_slot(f, FN_CODE)
            .and_then(Value::as_int)
            .unwrap_or(0) as usize;
        enter_function(
            agent,
            FunctionCall {
                f,
                code,
                callee,
                this,
                args,
                new_target,
                entry: false,
                // The cache is for `new F()`, where newTarget is the callee.
                prototype_ic: prototype_ic.filter(|_| new_target == Some(callee)),
            },
        )?;
        return Ok(CallStarted::Pushed);
    }
    let mut buffer;
    let list = match args {
        Args::List(list) => list,
        Args::Registers { start, count } => {
            buffer = ArgBuffer::new();
            buffer.fill(agent, start, count as u32)
        }
    };
    if let Some(f) = as_object(callee).filter(|&f| object::class(f) == CLASS_NATIVE) {
        let code = object::internal_slot(f, FN_CODE).and_then(Value::as_int);
        let native = code.and_then(|id| builtins::native_by_id(id as builtins::NativeId));
        if let (Some(native), None) = (native, new_target) {
            // A plain call of a built-in: the caller's registers hold the callee, `this`
            // and the arguments, so nothing needs rooting here.
            agent.roots.vm.native_callee = callee;
            return realms::run_native(agent, f, |agent| {
                (native.call)(agent, this, list, Value::UNDEFINED)
            })
            .map(CallStarted::Done);
        }
    }
    check_callee_at_call_site(agent, callee, new_target.is_some())?;
    start_call(agent, callee, this, list, new_target, false)
}

/// For a call (or `new`) from bytecode: the TypeError if `callee` is not callable (or not a
/// constructor), naming the callee by its source text when the compiler recorded it
/// (`q.nope is not a function`), else by its value.
#[inline]
fn check_callee_at_call_site(
    agent: &mut Agent,
    callee: Value,
    constructing: bool,
) -> Result<(), Throw> {
    let refused = if constructing {
        !ops::is_constructor(agent, callee)
    } else {
        !ops::is_callable(callee)
    };
    if refused {
        return Err(not_callable_at_call_site(agent, callee, constructing));
    }
    Ok(())
}

#[cold]
fn not_callable_at_call_site(agent: &mut Agent, callee: Value, constructing: bool) -> Throw {
    let frame = top(agent);
    let exe = frame.exe;
    let offset = exe.decoded.offset(frame.pc);
    let what = match exe.callee_text(offset) {
        Some(text) => text.to_string(),
        None => ops::display(agent, callee),
    };
    let message = if constructing {
        format!("{what} is not a constructor")
    } else {
        format!("{what} is not a function")
    };
    Throw::error(ErrorType::TypeError, message)
}

/// A call of an ECMAScript function object (class `CLASS_FUNCTION`).
struct FunctionCall<'a> {
    f: heap::ObjectRef,
    /// The function's executable id (its `FN_CODE` slot).
    code: usize,
    callee: Value,
    this: Value,
    args: Args<'a>,
    /// `None` for `[[Call]]`, else `[[Construct]]`'s newTarget.
    new_target: Option<Value>,
    entry: bool,
    /// For `new` from bytecode: the IC slot that caches where `newTarget.prototype` is.
    prototype_ic: Option<usize>,
}

/// `[[Call]]` / `[[Construct]]` of an ECMAScript function object (10.2.1, 10.2.2): checks the
/// kind of function, binds `this` (OrdinaryCallBindThis) or creates it
/// (OrdinaryCreateFromConstructor), and pushes the callee's frame. Inlined into the call
/// paths; `[[Construct]]`'s `this` is made out of line.
#[inline]
fn enter_function(agent: &mut Agent, call: FunctionCall) -> Result<(), Throw> {
    let FunctionCall {
        f,
        code,
        callee,
        this,
        args,
        new_target,
        entry,
        prototype_ic,
    } = call;
    let (exe, ic_base) = match agent.roots.vm.pinned.get(code) {
        Some(&(Some(exe), ic_base)) => (exe, ic_base),
        _ => pin_function_code(agent, code),
    };
    let context = object::internal_slot(f, FN_CONTEXT).unwrap_or(Value::UNDEFINED);
    let (this, construct_this, new_target) = match new_target {
        None => {
            // [[Call]]: the callee's realm runs from here (its class-constructor TypeError).
            realms::enter(agent, f);
            if exe.info.is_class_constructor() {
                return Err(class_constructor_call_error(&exe));
            }
            // OrdinaryCallBindThis: sloppy functions see the global object for a nullish
            // `this` and ToObject of a primitive one.
            let this = if exe.info.strict || exe.info.kind == CodeKind::Arrow {
                this
            } else if this.is_nullish() {
                intrinsic(agent, Intrinsic::GlobalObject)
            } else if as_object(this).is_none() {
                Value::cell(ops::to_object(agent, this)?)
            } else {
                this
            };
            (this, Value::EMPTY, Value::UNDEFINED)
        }
        Some(nt) => construct_receiver(agent, f, exe, context, nt, prototype_ic)?,
    };
    push_frame_with(
        agent,
        exe,
        ic_base,
        FrameSetup {
            callee,
            this,
            args,
            new_target,
            construct_this,
            context,
            entry,
        },
    )
}

/// Pins the executable of function code `code` on its first call and records it in
/// `VmRoots::pinned`.
#[inline(never)]
fn pin_function_code(agent: &mut Agent, code: usize) -> (ExeRef, usize) {
    let arc = agent.roots.vm.executables[code].clone();
    let pinned = pin_executable(agent, &arc);
    let table = &mut agent.roots.vm.pinned;
    if table.len() <= code {
        table.resize(code + 1, (None, 0));
    }
    table[code] = (Some(pinned.0), pinned.1);
    pinned
}

#[cold]
fn class_constructor_call_error(exe: &Executable) -> Throw {
    Throw::error(
        ErrorType::TypeError,
        format!(
            "Class constructor {} cannot be invoked without 'new'",
            String::from_utf16_lossy(&exe.info.name)
        ),
    )
}

/// `[[Construct]]` of function `f` (code `exe`) with newTarget `nt`: enters its realm and
/// returns the frame's `this`, `construct_this` and `new.target`: nothing for a derived
/// constructor (`super()` binds `this`), else a new object from
/// OrdinaryCreateFromConstructor(newTarget, "%Object.prototype%").
#[inline(never)]
fn construct_receiver(
    agent: &mut Agent,
    f: heap::ObjectRef,
    exe: ExeRef,
    context: Value,
    nt: Value,
    prototype_ic: Option<usize>,
) -> Result<(Value, Value, Value), Throw> {
    if !exe.info.is_constructor() {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "{} is not a constructor",
                String::from_utf16_lossy(&exe.info.name)
            ),
        ));
    }
    realms::enter(agent, f);
    if exe.info.kind == CodeKind::DerivedConstructor {
        return Ok((Value::EMPTY, Value::EMPTY, nt));
    }
    let cached = prototype_ic.and_then(|slot| property_ic::load(agent, slot, nt));
    let proto = match (cached, as_object(nt)) {
        (Some(p), _) => Some(p),
        (None, Some(o)) => {
            let key = PropertyKey::Atom(crate::runtime::atoms::names::PROTOTYPE);
            let p = ops::get_from_object(agent, o, key)?;
            if let Some(slot) = prototype_ic {
                property_ic::record_load(agent, slot, nt, key);
            }
            p
        }
        (None, None) => None,
    }
    .filter(|p| as_object(*p).is_some());
    // Else the %Object.prototype% of GetFunctionRealm(newTarget).
    let proto = match proto {
        Some(p) => p,
        None => realms::fallback_prototype(agent, nt, Intrinsic::ObjectPrototype)?,
    };
    // callee, args and new_target are rooted by the caller's registers/frame.
    let obj = agent.scope(|agent| {
        agent.root(nt);
        agent.root(context);
        new_object(agent, proto, DEFAULT_INLINE_SLOTS)
    })?;
    Ok((Value::cell(obj), Value::cell(obj), nt))
}

pub(crate) fn top(agent: &mut Agent) -> &mut Frame {
    agent
        .roots
        .vm
        .frames
        .last_mut()
        .expect("a frame is running")
}

/// The arguments of a call copied out of the caller's registers (which the callee's frame
/// may reallocate): on the Rust stack for up to 8, else in a `Vec`. The registers keep the
/// values rooted until the callee's frame holds them.
struct ArgBuffer {
    inline: [Value; 8],
    spilled: Vec<Value>,
}

impl ArgBuffer {
    fn new() -> Self {
        ArgBuffer {
            inline: [Value::UNDEFINED; 8],
            spilled: Vec::new(),
        }
    }

    /// Copies registers `start..start + count` and returns them.
    fn fill(&mut self, agent: &Agent, start: usize, count: u32) -> &[Value] {
        let regs = &agent.roots.vm.registers[start..start + count as usize];
        if regs.len() <= self.inline.len() {
            self.inline[..regs.len()].copy_from_slice(regs);
            &self.inline[..regs.len()]
        } else {
            self.spilled = regs.to_vec();
            &self.spilled
        }
    }
}

/// Runs frames until the entry frame returns or throws.
fn execute(agent: &mut Agent) -> Result<Value, Throw> {
    run_frames(agent)
}

/// What [`unwind`] did.
enum Unwound {
    /// A handler (or an async frame turning the throw into a rejection) took it; the loop
    /// continues.
    Handled,
    /// The entry frame threw.
    Escaped(Throw),
    /// The entry frame was an async frame: it rejected its promise and returned this.
    Returned(Value),
}

/// Finds a handler for `throw` in the frames above the entry frame: enters it, or pops the
/// frames up to and including the entry frame (and returns the throw). A popped async
/// function / async generator frame absorbs the throw (rejecting) and returns normally.
fn unwind(agent: &mut Agent, throw: Throw) -> Unwound {
    // Materialise an engine error while the frames that raised it still exist (its `stack`).
    let mut throw = match throw {
        Throw::Error(..) => Throw::Value(throw.into_value(agent)),
        value => value,
    };
    loop {
        let frame = top(agent);
        let pc = frame.exe.decoded.offset(frame.pc);
        let handler = frame
            .exe
            .handlers
            .iter()
            .find(|h| h.start <= pc && pc < h.end)
            .copied();
        if let Some(h) = handler {
            let value = throw.into_value(agent);
            let vm = &mut agent.roots.vm;
            let frame = vm.frames.last_mut().expect("a frame is running");
            if let Some(r) = h.context {
                frame.context = vm.registers[frame.base + r as usize];
            }
            frame.acc = value;
            frame.pc = frame.exe.decoded.index(h.target).unwrap_or(usize::MAX);
            let realm = frame.realm;
            realms::return_to(agent, realm);
            return Unwound::Handled;
        }
        let frame = agent.roots.vm.frames.pop().expect("a frame is running");
        agent.roots.vm.registers.truncate(frame.base);
        if let Some(gen) = as_object(frame.generator) {
            match generator::on_throw(agent, gen, throw) {
                Ok(value) => {
                    if frame.entry {
                        realms::return_to(agent, frame.realm);
                        return Unwound::Returned(value);
                    }
                    resume_caller(agent, value);
                    return Unwound::Handled;
                }
                Err(t) => throw = t,
            }
        }
        if frame.entry {
            realms::return_to(agent, frame.realm);
            return Unwound::Escaped(throw);
        }
    }
}

/// Control flow out of one instruction.
enum Flow {
    Next,
    Jump(u32),
    /// A frame was pushed (the caller resumes at its `next` when it returns).
    Called,
    Return,
    /// The frame suspended (saved into its generator object): pop it and hand its
    /// accumulator to the resumer.
    Suspend,
}

/// The dispatch loop: runs frames until the entry frame returns (its value) or a throw
/// escapes it.
///
/// The running frame's pc (an instruction index into its `DecodedCode`) and accumulator
/// live in the locals `pc` and `acc`, its executable (an [`ExeRef`]: no reference count),
/// register base and IC base in others. The hot instructions — register and constant loads,
/// jumps, number arithmetic and comparisons, property and element IC hits — run here on the
/// locals and never allocate, so the collector needs not see `acc` while they run.
/// Everything else first writes the locals to the frame (the collector, stack traces,
/// generators and the unwinder read them there): calls and plain returns are handled right
/// here, the rest goes through [`exec`], and the accumulator is read back after. Calls,
/// returns and handled throws switch frames by reloading the locals from the new top frame.
fn run_frames(agent: &mut Agent) -> Result<Value, Throw> {
    'frames: loop {
        macro_rules! unwind_to {
            ($throw:expr) => {
                match unwind(agent, $throw) {
                    Unwound::Handled => continue 'frames,
                    Unwound::Escaped(t) => return Err(t),
                    Unwound::Returned(v) => return Ok(v),
                }
            };
        }
        let (exe, base, ic_base, mut pc, mut acc) = {
            let f = top(agent);
            (f.exe, f.base, f.ic_base, f.pc, f.acc)
        };
        let code = exe.decoded.instructions();
        loop {
            let result = match code.get(pc) {
                None => {
                    let f = top(agent);
                    f.pc = pc;
                    f.acc = acc;
                    Err(Throw::error(
                        ErrorType::InternalError,
                        format!("bad bytecode: no instruction with index {pc}"),
                    ))
                }
                Some(instruction) => {
                    let next = pc + 1;
                    if fast(
                        agent,
                        &exe,
                        base,
                        ic_base,
                        instruction,
                        next,
                        &mut pc,
                        &mut acc,
                    ) {
                        continue;
                    }
                    // Everything else, and the fast cases' misses.
                    let f = top(agent);
                    f.pc = pc;
                    f.next = next;
                    f.acc = acc;
                    match *instruction {
                        // Calls and returns switch frames here, without a trip through
                        // `exec`.
                        Instruction::Call {
                            callee,
                            args,
                            count,
                            ..
                        } => {
                            let this = if count > 0 {
                                agent.roots.vm.registers[base + args.0 as usize]
                            } else {
                                Value::UNDEFINED
                            };
                            let callee = agent.roots.vm.registers[base + callee.0 as usize];
                            let start = base + args.0 as usize + 1;
                            let count = count.saturating_sub(1);
                            let args = Args::Registers {
                                start,
                                count: count as usize,
                            };
                            call_from_frame(agent, callee, this, args, None, None)
                                .map(|started| started_flow(agent, started))
                        }
                        Instruction::CallUndefinedReceiver {
                            callee,
                            args,
                            count,
                            ..
                        } => {
                            let callee = agent.roots.vm.registers[base + callee.0 as usize];
                            let start = base + args.0 as usize;
                            let args = Args::Registers {
                                start,
                                count: count as usize,
                            };
                            call_from_frame(agent, callee, Value::UNDEFINED, args, None, None)
                                .map(|started| started_flow(agent, started))
                        }
                        Instruction::CallProperty0 {
                            callee, receiver, ..
                        } => {
                            let regs = &agent.roots.vm.registers;
                            let (callee, this) = (
                                regs[base + callee.0 as usize],
                                regs[base + receiver.0 as usize],
                            );
                            call_from_frame(agent, callee, this, Args::List(&[]), None, None)
                                .map(|started| started_flow(agent, started))
                        }
                        Instruction::CallProperty1 {
                            callee,
                            receiver,
                            arg0,
                            ..
                        } => {
                            let regs = &agent.roots.vm.registers;
                            let (callee, this) = (
                                regs[base + callee.0 as usize],
                                regs[base + receiver.0 as usize],
                            );
                            // Copies of the caller's registers, which keep them alive.
                            let args = [regs[base + arg0.0 as usize]];
                            call_from_frame(agent, callee, this, Args::List(&args), None, None)
                                .map(|started| started_flow(agent, started))
                        }
                        Instruction::CallProperty2 {
                            callee,
                            receiver,
                            arg0,
                            arg1,
                            ..
                        } => {
                            let regs = &agent.roots.vm.registers;
                            let (callee, this) = (
                                regs[base + callee.0 as usize],
                                regs[base + receiver.0 as usize],
                            );
                            let args = [regs[base + arg0.0 as usize], regs[base + arg1.0 as usize]];
                            call_from_frame(agent, callee, this, Args::List(&args), None, None)
                                .map(|started| started_flow(agent, started))
                        }
                        Instruction::Return {} => match return_simply(agent, acc) {
                            Some(Ok(value)) => return Ok(value),
                            Some(Err(())) => continue 'frames,
                            None => Ok(Flow::Return),
                        },
                        instruction => exec(agent, exe, base, ic_base, instruction),
                    }
                }
            };
            match result {
                Ok(Flow::Next) => {
                    let f = top(agent);
                    pc = f.next;
                    acc = f.acc;
                }
                Ok(Flow::Jump(target)) => {
                    pc = target as usize;
                    acc = top(agent).acc;
                }
                Ok(Flow::Called) => continue 'frames,
                Ok(Flow::Return) => match finish_return(agent) {
                    Ok(Some(value)) => return Ok(value),
                    Ok(None) => continue 'frames,
                    Err(throw) => unwind_to!(throw),
                },
                Ok(Flow::Suspend) => match deliver(agent) {
                    Ok(Some(value)) => return Ok(value),
                    Ok(None) => continue 'frames,
                    Err(throw) => unwind_to!(throw),
                },
                Err(throw) => unwind_to!(throw),
            }
        }
    }
}

/// The arithmetic operators the fast loop computes on Numbers (`+` only when both operands
/// are Numbers), shared by the register and `*Smi` forms.
#[derive(Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
    Mod,
}

/// `x op y` on int32 operands, `None` when the result is not an int32 (overflow, or -0).
#[inline(always)]
fn arith_int(op: Arith, x: i32, y: i32) -> Option<Value> {
    match op {
        Arith::Add => x.checked_add(y),
        Arith::Sub => x.checked_sub(y),
        Arith::Mul => x.checked_mul(y).filter(|&p| p != 0 || (x >= 0 && y >= 0)),
        // Number::remainder: the sign of the dividend, so `-4 % 2` is -0.
        Arith::Mod => x.checked_rem(y).filter(|&r| r != 0 || x >= 0),
    }
    .map(Value::int)
}

/// `x op y` on Numbers.
#[inline(always)]
fn arith_number(op: Arith, x: f64, y: f64) -> Value {
    Value::number(match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Mod => ops::remainder(x, y),
    })
}

/// The bitwise operators, on int32 operands (ToInt32 of an int32 is itself).
#[derive(Clone, Copy)]
enum Bitwise {
    And,
    Or,
    Xor,
    Shl,
    Shr,
    UShr,
}

#[inline(always)]
fn bitwise_int(op: Bitwise, x: i32, y: i32) -> Value {
    let shift = y as u32 & 31;
    match op {
        Bitwise::And => Value::int(x & y),
        Bitwise::Or => Value::int(x | y),
        Bitwise::Xor => Value::int(x ^ y),
        Bitwise::Shl => Value::int(x.wrapping_shl(shift)),
        Bitwise::Shr => Value::int(x >> shift),
        Bitwise::UShr => Value::number(f64::from((x as u32) >> shift)),
    }
}

/// The instructions [`run_frames`] runs on its locals (`pc`, `acc`) without touching the
/// frame: returns `false` (nothing done) for every other instruction and when a fast case
/// does not apply (operands that are not numbers, IC misses). Nothing here allocates.
#[cfg_attr(not(debug_assertions), inline(always))]
#[allow(clippy::too_many_arguments)]
fn fast(
    agent: &mut Agent,
    exe: &Executable,
    base: usize,
    ic_base: usize,
    instruction: &Instruction,
    next: usize,
    pc_out: &mut usize,
    acc_out: &mut Value,
) -> bool {
    use Instruction as I;
    let mut acc = *acc_out;
    macro_rules! reg {
        ($r:expr) => {
            agent.roots.vm.registers[base + $r.0 as usize]
        };
    }
    macro_rules! next {
        () => {{
            *pc_out = next;
            *acc_out = acc;
            return true;
        }};
    }
    macro_rules! jump_if {
        ($cond:expr, $target:expr) => {{
            *pc_out = if $cond { $target as usize } else { next };
            return true;
        }};
    }
    // Arithmetic on Numbers in both operand forms: `Add r` is `arith!(Arith::Add, reg!(r),
    // acc)`, `AddSmi 1` is `arith!(Arith::Add, acc, Value::int(1))`.
    macro_rules! arith {
        ($op:expr, $l:expr, $r:expr) => {{
            let (l, r) = ($l, $r);
            if let (Some(x), Some(y)) = (l.as_int(), r.as_int()) {
                if let Some(v) = arith_int($op, x, y) {
                    acc = v;
                    next!()
                }
            }
            if let (Some(x), Some(y)) = (l.as_number(), r.as_number()) {
                acc = arith_number($op, x, y);
                next!()
            }
        }};
    }
    macro_rules! bitwise {
        ($op:expr, $l:expr, $r:expr) => {{
            if let (Some(x), Some(y)) = ($l.as_int(), $r.as_int()) {
                acc = bitwise_int($op, x, y);
                next!()
            }
        }};
    }
    macro_rules! compare {
        ($lhs:expr, |$x:ident, $y:ident| $test:expr) => {{
            if let (Some($x), Some($y)) = (reg!($lhs).as_number(), acc.as_number()) {
                acc = Value::bool($test);
                next!()
            }
        }};
    }
    match *instruction {
        I::LdaZero {} => {
            acc = Value::int(0);
            next!()
        }
        I::LdaSmi { value } => {
            acc = Value::int(value);
            next!()
        }
        I::LdaUndefined {} => {
            acc = Value::UNDEFINED;
            next!()
        }
        I::LdaNull {} => {
            acc = Value::NULL;
            next!()
        }
        I::LdaTrue {} => {
            acc = Value::TRUE;
            next!()
        }
        I::LdaFalse {} => {
            acc = Value::FALSE;
            next!()
        }
        I::LdaTheHole {} => {
            acc = Value::EMPTY;
            next!()
        }
        I::LdaConstant { constant } => {
            let index = constant.0 as usize;
            let cached = agent.roots.vm.constant_strings[constant_string_slot(exe, ic_base, index)];
            if !cached.is_empty() {
                acc = cached;
                next!()
            }
            if let Some(Constant::Number(n)) = exe.constants.get(index) {
                acc = Value::number(*n);
                next!()
            }
        }
        I::Ldar { src } => {
            acc = reg!(src);
            next!()
        }
        I::Star { dst } => {
            reg!(dst) = acc;
            next!()
        }
        I::Mov { src, dst } => {
            reg!(dst) = reg!(src);
            next!()
        }
        I::LdaCurrentContextSlot { slot } => {
            if let Ok(ctx) = context_at(agent, 0) {
                acc = context::slot(ctx, slot as usize).unwrap_or(Value::UNDEFINED);
                next!()
            }
        }
        I::LdaContextSlot { slot, depth } => {
            if let Ok(ctx) = context_at(agent, depth) {
                acc = context::slot(ctx, slot as usize).unwrap_or(Value::UNDEFINED);
                next!()
            }
        }
        I::LdaGlobal { ic, .. } => {
            let global = global_object(agent);
            if let Some(v) = property_ic::load_global(agent, ic_base + ic.0 as usize, global) {
                acc = v;
                next!()
            }
        }
        I::GetNamedProperty { object, ic, .. } => {
            if let Some(v) = property_ic::load(agent, ic_base + ic.0 as usize, reg!(object)) {
                acc = v;
                next!()
            }
        }
        I::SetNamedProperty { object, ic, .. } => {
            let target = reg!(object);
            if property_ic::store(agent, ic_base + ic.0 as usize, target, acc) {
                next!()
            }
        }
        I::StaGlobal { ic, .. } => {
            let global = global_object(agent);
            if property_ic::store_global(agent, ic_base + ic.0 as usize, global, acc) {
                next!()
            }
        }
        I::GetKeyedProperty { object, .. } => {
            let target = reg!(object);
            if let Some(v) = property_ic::load_element(target, acc)
                .or_else(|| property_ic::load_keyed_name(agent, target, acc))
            {
                acc = v;
                next!()
            }
        }
        I::SetKeyedProperty { object, key, .. }
            if property_ic::store_element(agent, reg!(object), reg!(key), acc)
                || property_ic::store_keyed_name(agent, reg!(object), reg!(key), acc) =>
        {
            next!()
        }
        I::Add { lhs } => arith!(Arith::Add, reg!(lhs), acc),
        I::Sub { lhs } => arith!(Arith::Sub, reg!(lhs), acc),
        I::Mul { lhs } => arith!(Arith::Mul, reg!(lhs), acc),
        I::Div { lhs } => {
            if let (Some(x), Some(y)) = (reg!(lhs).as_number(), acc.as_number()) {
                acc = Value::number(x / y);
                next!()
            }
        }
        I::Mod { lhs } => arith!(Arith::Mod, reg!(lhs), acc),
        I::BitwiseAnd { lhs } => bitwise!(Bitwise::And, reg!(lhs), acc),
        I::BitwiseOr { lhs } => bitwise!(Bitwise::Or, reg!(lhs), acc),
        I::BitwiseXor { lhs } => bitwise!(Bitwise::Xor, reg!(lhs), acc),
        I::ShiftLeft { lhs } => bitwise!(Bitwise::Shl, reg!(lhs), acc),
        I::ShiftRight { lhs } => bitwise!(Bitwise::Shr, reg!(lhs), acc),
        I::ShiftRightLogical { lhs } => bitwise!(Bitwise::UShr, reg!(lhs), acc),
        I::AddSmi { value } => arith!(Arith::Add, acc, Value::int(value)),
        I::SubSmi { value } => arith!(Arith::Sub, acc, Value::int(value)),
        I::MulSmi { value } => arith!(Arith::Mul, acc, Value::int(value)),
        I::ModSmi { value } => arith!(Arith::Mod, acc, Value::int(value)),
        I::BitwiseAndSmi { value } => bitwise!(Bitwise::And, acc, Value::int(value)),
        I::BitwiseOrSmi { value } => bitwise!(Bitwise::Or, acc, Value::int(value)),
        I::BitwiseXorSmi { value } => bitwise!(Bitwise::Xor, acc, Value::int(value)),
        I::ShiftLeftSmi { value } => bitwise!(Bitwise::Shl, acc, Value::int(value)),
        I::ShiftRightSmi { value } => bitwise!(Bitwise::Shr, acc, Value::int(value)),
        I::ShiftRightLogicalSmi { value } => bitwise!(Bitwise::UShr, acc, Value::int(value)),
        I::TestEqualStrict { lhs } => {
            acc = Value::bool(ops::strict_equals(reg!(lhs), acc));
            next!()
        }
        I::TestEqual { lhs } => {
            let l = reg!(lhs);
            // IsLooselyEqual without conversions: null/undefined equal only each other, and
            // two objects only themselves.
            if l.is_nullish() || acc.is_nullish() {
                acc = Value::bool(l.is_nullish() && acc.is_nullish());
                next!()
            }
            if as_object(l).is_some() && as_object(acc).is_some() {
                acc = Value::bool(l == acc);
                next!()
            }
            compare!(lhs, |x, y| x == y)
        }
        I::TestLessThan { lhs } => compare!(lhs, |x, y| x < y),
        I::TestGreaterThan { lhs } => compare!(lhs, |x, y| x > y),
        I::TestLessThanOrEqual { lhs } => compare!(lhs, |x, y| x <= y),
        I::TestGreaterThanOrEqual { lhs } => compare!(lhs, |x, y| x >= y),
        I::Inc {} => {
            if let Some(v) = acc.as_int().and_then(|i| i.checked_add(1)) {
                acc = Value::int(v);
                next!()
            }
        }
        I::Dec {} => {
            if let Some(v) = acc.as_int().and_then(|i| i.checked_sub(1)) {
                acc = Value::int(v);
                next!()
            }
        }
        I::LogicalNot {} => {
            acc = Value::bool(!to_boolean(acc));
            next!()
        }
        I::Jump { target } => jump_if!(true, target),
        I::JumpIfTrue { target } => jump_if!(
            acc == Value::TRUE || (acc != Value::FALSE && to_boolean(acc)),
            target
        ),
        I::JumpIfFalse { target } => jump_if!(
            acc == Value::FALSE || (acc != Value::TRUE && !to_boolean(acc)),
            target
        ),
        I::JumpIfUndefined { target } => jump_if!(acc.is_undefined(), target),
        I::JumpIfNotUndefined { target } => {
            jump_if!(!acc.is_undefined(), target)
        }
        I::JumpIfUndefinedOrNull { target } => jump_if!(acc.is_nullish(), target),
        I::JumpIfNotUndefinedOrNull { target } => {
            jump_if!(!acc.is_nullish(), target)
        }
        I::JumpLoop { target } => {
            // A safepoint: the collector may run, so it must see `acc`.
            top(agent).acc = acc;
            agent.poll();
            acc = top(agent).acc;
            *pc_out = target as usize;
            *acc_out = acc;
            return true;
        }
        _ => {}
    }
    false
}

/// The flow after a call instruction started a call.
#[inline(always)]
fn started_flow(agent: &mut Agent, started: CallStarted) -> Flow {
    match started {
        CallStarted::Done(value) => {
            top(agent).acc = value;
            Flow::Next
        }
        CallStarted::Pushed => Flow::Called,
    }
}

/// After the top frame was popped: the caller (now on top) continues after its call with
/// `value` in its accumulator, in its own realm.
#[inline(always)]
fn resume_caller(agent: &mut Agent, value: Value) {
    let caller = top(agent);
    caller.acc = value;
    caller.pc = caller.next;
    let realm = caller.realm;
    realms::return_to(agent, realm);
}

/// `Return` of an ordinary frame (not a generator's, not a constructor's with its own
/// `this`): pops it and hands `value` to the caller. `Some(Ok(value))` if it was the entry
/// frame, `Some(Err(()))` if the caller continues, `None` if [`finish_return`] must do it.
#[inline(always)]
fn return_simply(agent: &mut Agent, value: Value) -> Option<Result<Value, ()>> {
    let vm = &mut agent.roots.vm;
    let frame = vm.frames.last().expect("a frame is running");
    if !frame.construct_this.is_empty() || !frame.generator.is_undefined() {
        return None;
    }
    let frame = vm.frames.pop().expect("a frame is running");
    vm.registers.truncate(frame.base);
    if frame.entry {
        return Some(Ok(value));
    }
    resume_caller(agent, value);
    Some(Err(()))
}

fn finish_return(agent: &mut Agent) -> Result<Option<Value>, Throw> {
    let vm = &mut agent.roots.vm;
    let frame = vm.frames.pop().expect("a frame is running");
    vm.registers.truncate(frame.base);
    let mut value = frame.acc;
    if !frame.construct_this.is_empty() && as_object(value).is_none() {
        value = frame.construct_this;
    }
    if let Some(gen) = as_object(frame.generator) {
        value = generator::on_return(agent, gen, value)?;
    }
    if frame.entry {
        return Ok(Some(value));
    }
    resume_caller(agent, value);
    Ok(None)
}

/// Pops a suspended frame and hands its accumulator to the resumer (or its caller).
fn deliver(agent: &mut Agent) -> Result<Option<Value>, Throw> {
    let vm = &mut agent.roots.vm;
    let frame = vm.frames.pop().expect("a frame is running");
    vm.registers.truncate(frame.base);
    if frame.entry {
        return Ok(Some(frame.acc));
    }
    resume_caller(agent, frame.acc);
    Ok(None)
}

fn not_implemented(opcode: Opcode) -> Throw {
    Throw::error(
        ErrorType::InternalError,
        format!("opcode {opcode} not implemented yet"),
    )
}

fn name_text(exe: &Executable, index: u32) -> &str {
    match exe.constants.get(index as usize) {
        Some(Constant::Name(name)) => name,
        _ => "",
    }
}

/// The per-executable cache, created on first use.
fn constant_cache<'a>(agent: &'a mut Agent, exe: &Arc<Executable>) -> &'a mut ConstantCache {
    let ptr = Arc::as_ptr(exe) as usize;
    let Agent { roots, atoms, .. } = agent;
    let vm = &mut roots.vm;
    vm.constants.entry(ptr).or_insert_with(|| {
        ConstantCache::new(atoms, &mut vm.property_ics, &mut vm.constant_strings, exe)
    })
}

/// The cache of code that has a frame (made when the frame was pushed).
fn running_cache(agent: &mut Agent, exe: ExeRef) -> &mut ConstantCache {
    agent
        .roots
        .vm
        .constants
        .get_mut(&exe.addr())
        .expect("code with a frame has a constant cache")
}

/// Makes sure the agent keeps `exe` (its constant cache holds it for the agent's life) and
/// returns the frame handle and the IC base.
#[allow(unsafe_code)] // the one place that makes an `ExeRef`
pub(crate) fn pin_executable(agent: &mut Agent, exe: &Arc<Executable>) -> (ExeRef, usize) {
    let ic_base = constant_cache(agent, exe).ic_base;
    // SAFETY: the constant cache just made or found holds `exe` and is never removed
    // (`ExeRef::pinned`, obligation 1).
    (unsafe { ExeRef::pinned(exe) }, ic_base)
}

/// The shared executable behind a frame's handle (for tables that keep it by `Arc`).
pub(crate) fn executable_arc(agent: &mut Agent, exe: ExeRef) -> Arc<Executable> {
    running_cache(agent, exe).exe.clone()
}

fn name_key(agent: &mut Agent, exe: ExeRef, index: u32) -> PropertyKey {
    let cache = running_cache(agent, exe);
    match cache.keys.get(index as usize) {
        Some(Some(key)) => *key,
        _ => {
            let units: Vec<u16> = name_text(&exe, index).encode_utf16().collect();
            agent.atoms.key(&units)
        }
    }
}

fn name_atom(agent: &mut Agent, exe: ExeRef, index: u32) -> Atom {
    match name_key(agent, exe, index) {
        PropertyKey::Atom(atom) => atom,
        _ => agent.atoms.intern_str(name_text(&exe, index)),
    }
}

/// Where string constant `index` of the code whose ICs start at `ic_base` is cached in
/// `VmRoots::constant_strings`.
#[inline(always)]
fn constant_string_slot(exe: &Executable, ic_base: usize, index: usize) -> usize {
    ic_base + exe.ic_slots.len() + index
}

/// `LdaConstant`: numbers directly, strings from the per-executable cache.
fn constant_value(
    agent: &mut Agent,
    exe: ExeRef,
    ic_base: usize,
    index: u32,
) -> Result<Value, Throw> {
    let index = index as usize;
    match exe.constants.get(index) {
        Some(Constant::Number(n)) => Ok(Value::number(*n)),
        Some(Constant::String(units)) => {
            let slot = constant_string_slot(&exe, ic_base, index);
            let v = agent.roots.vm.constant_strings[slot];
            if !v.is_empty() {
                return Ok(v);
            }
            let s = Value::cell(string::from_units(agent, units)?);
            agent.roots.vm.constant_strings[slot] = s;
            Ok(s)
        }
        Some(Constant::BigInt(digits)) => bigint_ops::literal(agent, digits),
        _ => Err(Throw::error(ErrorType::InternalError, "bad constant")),
    }
}

fn context_at(agent: &mut Agent, depth: u32) -> Result<heap::ObjectRef, Throw> {
    let mut ctx = top(agent).context;
    for _ in 0..depth {
        ctx = ctx
            .as_cell()
            .map(context::parent)
            .unwrap_or(Value::UNDEFINED);
    }
    ctx.as_cell()
        .filter(|&c| context::is_context(c))
        .ok_or_else(|| Throw::error(ErrorType::InternalError, "no such context"))
}

fn ic_strict(exe: &Executable, ic: crate::bytecode::IcSlot) -> bool {
    match exe.ic_slots.get(ic.0 as usize) {
        Some(
            IcKind::SetNamed { strict }
            | IcKind::SetKeyed { strict }
            | IcKind::StoreGlobal { strict },
        ) => *strict,
        _ => exe.info.strict,
    }
}

/// Executes one instruction.
fn exec(
    agent: &mut Agent,
    exe: ExeRef,
    base: usize,
    ic_base: usize,
    instruction: Instruction,
) -> Result<Flow, Throw> {
    use Instruction as I;
    macro_rules! reg {
        ($r:expr) => {
            agent.roots.vm.registers[base + $r.0 as usize]
        };
    }
    macro_rules! acc {
        () => {
            agent
                .roots
                .vm
                .frames
                .last()
                .expect("a frame is running")
                .acc
        };
    }
    macro_rules! set_acc {
        ($v:expr) => {{
            let v = $v;
            top(agent).acc = v;
        }};
    }
    // A call either finished (a native, or a bytecode callee that already returned): its
    // result goes to the accumulator; or it pushed a frame the loop continues in.
    macro_rules! call_flow {
        ($started:expr) => {
            match $started {
                CallStarted::Done(v) => {
                    set_acc!(v);
                    Ok(Flow::Next)
                }
                CallStarted::Pushed => Ok(Flow::Called),
            }
        };
    }
    match instruction {
        I::LdaZero {} => set_acc!(Value::int(0)),
        I::LdaSmi { value } => set_acc!(Value::int(value)),
        I::LdaUndefined {} => set_acc!(Value::UNDEFINED),
        I::LdaNull {} => set_acc!(Value::NULL),
        I::LdaTrue {} => set_acc!(Value::TRUE),
        I::LdaFalse {} => set_acc!(Value::FALSE),
        I::LdaTheHole {} => set_acc!(Value::EMPTY),
        I::LdaConstant { constant } => {
            let v = constant_value(agent, exe, ic_base, constant.0)?;
            set_acc!(v);
        }
        I::Ldar { src } => set_acc!(reg!(src)),
        I::Star { dst } => reg!(dst) = acc!(),
        I::Mov { src, dst } => reg!(dst) = reg!(src),

        // ----- Global environment -----
        I::DeclareGlobals { declarations } => declare_globals(agent, &exe, declarations.0)?,
        I::LdaGlobal { name, ic } | I::LdaGlobalInsideTypeof { name, ic } => {
            let slot = ic_base + ic.0 as usize;
            let global = global_object(agent);
            if let Some(v) = property_ic::load_global(agent, slot, global) {
                set_acc!(v);
                return Ok(Flow::Next);
            }
            let atom = name_atom(agent, exe, name.0);
            let inside_typeof = matches!(instruction, I::LdaGlobalInsideTypeof { .. });
            let v = load_global(agent, atom, inside_typeof)?;
            property_ic::record_global(agent, slot, global, PropertyKey::Atom(atom));
            set_acc!(v);
        }
        I::StaGlobal { name, ic } => {
            let atom = name_atom(agent, exe, name.0);
            let strict = ic_strict(&exe, ic);
            store_global(agent, atom, acc!(), strict)?;
            let global = global_object(agent);
            property_ic::record_global_store(
                agent,
                ic_base + ic.0 as usize,
                global,
                PropertyKey::Atom(atom),
            );
        }
        I::InitGlobalLexical { name } => {
            let atom = name_atom(agent, exe, name.0);
            let v = acc!();
            let binding = agent
                .roots
                .vm
                .global_lexicals
                .entry(atom)
                .or_insert(GlobalLexical {
                    value: Value::EMPTY,
                    is_const: false,
                });
            binding.value = v;
        }
        I::LdaGlobalThis {} => set_acc!(intrinsic(agent, Intrinsic::GlobalObject)),

        // ----- Contexts -----
        I::CreateFunctionContext { scope } | I::CreateBlockContext { scope } => {
            let Some(Constant::Scope(desc)) = exe.constants.get(scope.0 as usize) else {
                return Err(Throw::error(ErrorType::InternalError, "bad scope constant"));
            };
            let parent = top(agent).context;
            let ctx = context::new_context(agent, parent, desc.slots.len(), |i| {
                if desc.slots[i].kind.starts_in_tdz() {
                    Value::EMPTY
                } else {
                    Value::UNDEFINED
                }
            })?;
            let id = dynamic_scope::scope_id(agent, desc);
            context::set_scope(ctx, id);
            set_acc!(Value::cell(ctx));
        }
        I::CreateWithContext { scope } => {
            let Some(Constant::Scope(desc)) = exe.constants.get(scope.0 as usize) else {
                return Err(Throw::error(ErrorType::InternalError, "bad scope constant"));
            };
            let object = dynamic_scope::with_object(acc!())?;
            let ctx = agent.scope(|agent| {
                let object = agent.root(Value::cell(object));
                let parent = top(agent).context;
                let ctx = context::new_context(agent, parent, 0, |_| Value::UNDEFINED)?;
                let id = dynamic_scope::scope_id(agent, desc);
                context::set_scope(ctx, id);
                let object = agent.get(object);
                context::set_extension(agent, ctx, object);
                Ok::<_, Throw>(ctx)
            })?;
            set_acc!(Value::cell(ctx));
        }
        I::LdaLookupSlot { name } | I::LdaLookupSlotInsideTypeof { name } => {
            let atom = name_atom(agent, exe, name.0);
            let inside_typeof = matches!(instruction, I::LdaLookupSlotInsideTypeof { .. });
            let (v, _) = dynamic_scope::load(agent, atom, inside_typeof)?;
            set_acc!(v);
        }
        I::LdaLookupSlotForCall { name, dst } => {
            let atom = name_atom(agent, exe, name.0);
            let (v, this) = dynamic_scope::load(agent, atom, false)?;
            agent.roots.vm.registers[base + dst.0 as usize] = v;
            agent.roots.vm.registers[base + dst.0 as usize + 1] = this;
        }
        I::StaLookupSlot { name, flags } => {
            let atom = name_atom(agent, exe, name.0);
            let v = acc!();
            dynamic_scope::store(agent, atom, v, flags & 1 != 0)?;
        }
        I::ResolveLookupRef { name, reference } => {
            let atom = name_atom(agent, exe, name.0);
            let (ref_base, ref_kind) = dynamic_scope::resolve_to_values(agent, atom)?;
            agent.roots.vm.registers[base + reference.0 as usize] = ref_base;
            agent.roots.vm.registers[base + reference.0 as usize + 1] = ref_kind;
        }
        I::LdaLookupRef { name, reference } => {
            let atom = name_atom(agent, exe, name.0);
            let regs = &agent.roots.vm.registers;
            let (ref_base, ref_kind) = (
                regs[base + reference.0 as usize],
                regs[base + reference.0 as usize + 1],
            );
            let v = dynamic_scope::load_reference(agent, atom, ref_base, ref_kind)?;
            set_acc!(v);
        }
        I::StaLookupRef {
            name,
            reference,
            flags,
        } => {
            let atom = name_atom(agent, exe, name.0);
            let regs = &agent.roots.vm.registers;
            let (ref_base, ref_kind) = (
                regs[base + reference.0 as usize],
                regs[base + reference.0 as usize + 1],
            );
            let v = acc!();
            dynamic_scope::store_reference(agent, atom, ref_base, ref_kind, v, flags & 1 != 0)?;
        }
        I::DeleteLookupSlot { name } => {
            let atom = name_atom(agent, exe, name.0);
            let deleted = dynamic_scope::delete(agent, atom)?;
            set_acc!(Value::bool(deleted));
        }
        I::DeclareEvalVars { declarations } => {
            dynamic_scope::declare_eval_vars(agent, &exe, declarations.0)?
        }
        I::StaAnnexBFunction { name } => {
            let atom = name_atom(agent, exe, name.0);
            let v = acc!();
            dynamic_scope::annex_b_function(agent, atom, v)?;
        }
        I::PushContext { saved } => {
            let frame = top(agent);
            let (old, new) = (frame.context, frame.acc);
            frame.context = new;
            reg!(saved) = old;
        }
        I::PopContext { saved } => {
            let v = reg!(saved);
            top(agent).context = v;
        }
        I::SaveContext { dst } => reg!(dst) = top(agent).context,
        I::CopyContext {} => {
            let ctx = context_at(agent, 0)?;
            let fresh = context::copy_context(agent, ctx)?;
            top(agent).context = Value::cell(fresh);
        }
        I::LdaContextSlot { slot, depth } => {
            let ctx = context_at(agent, depth)?;
            set_acc!(context::slot(ctx, slot as usize).unwrap_or(Value::UNDEFINED));
        }
        I::LdaCurrentContextSlot { slot } => {
            let ctx = context_at(agent, 0)?;
            set_acc!(context::slot(ctx, slot as usize).unwrap_or(Value::UNDEFINED));
        }
        I::StaContextSlot { slot, depth } => {
            let ctx = context_at(agent, depth)?;
            let v = acc!();
            context::set_slot(agent, ctx, slot as usize, v);
        }
        I::StaCurrentContextSlot { slot } => {
            let ctx = context_at(agent, 0)?;
            let v = acc!();
            context::set_slot(agent, ctx, slot as usize, v);
        }

        // ----- Property access -----
        I::GetNamedProperty { object, name, ic } => {
            let target = reg!(object);
            let slot = ic_base + ic.0 as usize;
            if let Some(v) = property_ic::load(agent, slot, target) {
                set_acc!(v);
                return Ok(Flow::Next);
            }
            let key = name_key(agent, exe, name.0);
            if let Some(v) = property_ic::load_stub(agent, slot, key, target) {
                set_acc!(v);
                return Ok(Flow::Next);
            }
            let v = ops::get_property(agent, target, key)?;
            property_ic::record_load(agent, slot, target, key);
            set_acc!(v);
        }
        I::GetKeyedProperty { object, .. } => {
            let target = reg!(object);
            if target.is_nullish() {
                return Err(ops::nullish_base_error(agent, target, acc!(), "read"));
            }
            let key = ops::to_property_key(agent, acc!())?;
            let v = ops::get_property(agent, target, key)?;
            set_acc!(v);
        }
        I::SetNamedProperty { object, name, ic } => {
            let target = reg!(object);
            let slot = ic_base + ic.0 as usize;
            let value = acc!();
            if property_ic::store(agent, slot, target, value) {
                return Ok(Flow::Next);
            }
            let key = name_key(agent, exe, name.0);
            let strict = ic_strict(&exe, ic);
            let before = as_object(target).map(object::shape);
            ops::set_property(agent, target, key, value, strict)?;
            property_ic::record_store(agent, slot, target, key, before);
        }
        I::SetKeyedProperty { object, key, ic } => {
            if reg!(object).is_nullish() {
                return Err(ops::nullish_base_error(
                    agent,
                    reg!(object),
                    reg!(key),
                    "set",
                ));
            }
            let key = ops::to_property_key(agent, reg!(key))?;
            let strict = ic_strict(&exe, ic);
            ops::set_property(agent, reg!(object), key, acc!(), strict)?;
        }
        I::DefineNamedOwnProperty { object, name, .. } => {
            let key = name_key(agent, exe, name.0);
            let obj = as_object(reg!(object))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an object"))?;
            ops::define_own(agent, obj, key, acc!())?;
        }
        I::DefineKeyedOwnProperty { object, key, .. } => {
            let key = ops::to_property_key(agent, reg!(key))?;
            let obj = as_object(reg!(object))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an object"))?;
            ops::define_own(agent, obj, key, acc!())?;
        }

        I::DeletePropertyStrict { object } | I::DeletePropertySloppy { object } => {
            let target = reg!(object);
            if target.is_nullish() {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    "Cannot convert undefined or null to object",
                ));
            }
            let key = ops::to_property_key(agent, acc!())?;
            let target = reg!(object);
            let deleted = match as_object(target) {
                Some(obj) => ops::try_delete(agent, obj, key)?,
                None => match target.as_cell().filter(|&c| string::is_string(c)) {
                    Some(s) => match key {
                        PropertyKey::Atom(crate::runtime::atoms::names::LENGTH) => false,
                        PropertyKey::Index(i) => i as usize >= string::len(s),
                        _ => true,
                    },
                    None => true,
                },
            };
            if !deleted && matches!(instruction, I::DeletePropertyStrict { .. }) {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Cannot delete property '{}'", ops::key_text(agent, key)),
                ));
            }
            set_acc!(Value::bool(deleted));
        }
        I::GetMethod { object, name } => {
            let key = name_key(agent, exe, name.0);
            let v = ops::get_method(agent, reg!(object), key)?;
            set_acc!(v);
        }
        I::DefineMethod { object, key, flags } => {
            let key = ops::to_property_key(agent, reg!(key))?;
            let obj = as_object(reg!(object))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an object"))?;
            let f = acc!();
            if let Some(fo) = as_object(f).filter(|&o| object::class(o) == CLASS_FUNCTION) {
                object::set_internal_slot(agent, fo, FN_HOME, Value::cell(obj));
            }
            let kind = flags & 3;
            if flags & 8 != 0 {
                set_function_name(agent, f, key, kind)?;
            }
            let enumerable = Some(flags & 4 != 0);
            let desc = match kind {
                0 => ops::Descriptor {
                    value: Some(f),
                    writable: Some(true),
                    enumerable,
                    configurable: Some(true),
                    ..Default::default()
                },
                1 => ops::Descriptor {
                    get: Some(f),
                    enumerable,
                    configurable: Some(true),
                    ..Default::default()
                },
                _ => ops::Descriptor {
                    set: Some(f),
                    enumerable,
                    configurable: Some(true),
                    ..Default::default()
                },
            };
            ops::define_property_or_throw(agent, obj, key, desc)?;
        }
        I::SetFunctionName { key, prefix } => {
            let key = ops::to_property_key(agent, reg!(key))?;
            set_function_name(agent, acc!(), key, prefix)?;
        }
        I::SetHomeObject { home } => {
            if let Some(fo) = as_object(acc!()).filter(|&o| object::class(o) == CLASS_FUNCTION) {
                let h = reg!(home);
                object::set_internal_slot(agent, fo, FN_HOME, h);
            }
        }
        I::LdaHomeObject {} => {
            let callee = top(agent).callee;
            let home = as_object(callee)
                .and_then(|f| object::internal_slot(f, FN_HOME))
                .unwrap_or(Value::UNDEFINED);
            set_acc!(home);
        }
        I::SetObjectLiteralPrototype { object } => {
            let p = acc!();
            if as_object(p).is_some() || p.is_null() {
                if let Some(obj) = as_object(reg!(object)) {
                    object::set_proto(agent, obj, p);
                }
            }
        }
        I::CopyDataProperties { target } => {
            let source = acc!();
            let target = as_object(reg!(target))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an object"))?;
            copy_data_properties(agent, target, source, &[])?;
        }
        I::CopyDataPropertiesExcluding {
            source,
            excluded,
            count,
        } => {
            let mut keys = Vec::with_capacity(count as usize);
            for i in 0..count {
                let k = ops::to_property_key(agent, reg!(excluded.plus(i)))?;
                keys.push(k);
            }
            let proto = ops::object_prototype(agent);
            let obj = new_object(agent, proto, DEFAULT_INLINE_SLOTS)?;
            set_acc!(Value::cell(obj));
            copy_data_properties(agent, obj, reg!(source), &keys)?;
        }
        // ----- Explicit resource management (`using`) -----
        I::CreateDisposableStack {} => {
            let capability = builtins::disposable_stack::new_capability(agent)?;
            set_acc!(capability);
        }
        I::AddDisposableResource { stack, hint } => {
            let (capability, value) = (reg!(stack), acc!());
            builtins::disposable_stack::add_resource(agent, capability, value, hint, None)?;
        }
        I::DisposeResource { stack, done } => {
            let capability = agent.roots.vm.registers[base + stack.0 as usize];
            match builtins::disposable_stack::pop_resource(agent, capability) {
                None => return Ok(Flow::Jump(done)),
                Some((value, method, hint)) => {
                    agent.roots.vm.registers[base + stack.0 as usize + 1] = Value::bool(hint == 1);
                    if method.is_undefined() {
                        set_acc!(Value::UNDEFINED);
                    } else {
                        return call_flow!(start_call(agent, method, value, &[], None, false)?);
                    }
                }
            }
        }
        I::AggregateDisposeError { completion } => {
            let slot = base + completion.0 as usize;
            let thrown = acc!();
            let error = if agent.roots.vm.registers[slot] == Value::TRUE {
                let previous = agent.roots.vm.registers[slot + 1];
                builtins::disposable_stack::new_suppressed_error(agent, thrown, previous)?
            } else {
                thrown
            };
            agent.roots.vm.registers[slot] = Value::TRUE;
            agent.roots.vm.registers[slot + 1] = error;
        }
        I::GetTemplateObject { template, .. } => {
            let t = template_object(agent, exe, template.0)?;
            set_acc!(t);
        }
        I::ArrayPushSpread { array } => {
            let a = as_object(reg!(array))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an array"))?;
            let source = acc!();
            agent.scope(|agent| -> Result<(), Throw> {
                let (iterator, next) = ops::get_iterator(agent, source)?;
                agent.root(iterator);
                agent.root(next);
                while let Some(v) = ops::iterator_step_value(agent, iterator, next)? {
                    let len = object::elements_len(a);
                    object::set_element(agent, a, len, v)?;
                }
                Ok(())
            })?;
        }
        I::CallDirectEval {
            callee,
            receiver,
            args,
            site,
            ..
        } => {
            let list = array_values(reg!(args));
            let f = reg!(callee);
            if f == intrinsic(agent, Intrinsic::Eval) {
                let Some(Constant::EvalSite(info)) = exe.constants.get(site.0 as usize) else {
                    return Err(Throw::error(ErrorType::InternalError, "bad eval site"));
                };
                let x = list.first().copied().unwrap_or(Value::UNDEFINED);
                let code = agent.scope(|agent| {
                    agent.root(x);
                    dynamic_scope::compile_eval_code(agent, x, info)
                })?;
                return match code {
                    Err(value) => {
                        set_acc!(value);
                        Ok(Flow::Next)
                    }
                    Ok(eval_exe) => {
                        let this = agent.roots.vm.registers[base];
                        let caller = top(agent);
                        let setup = FrameSetup {
                            callee: Value::UNDEFINED,
                            this,
                            args: Args::List(&[]),
                            new_target: caller.new_target,
                            construct_this: Value::EMPTY,
                            context: caller.context,
                            entry: false,
                        };
                        push_frame(agent, eval_exe, setup)?;
                        Ok(Flow::Called)
                    }
                };
            }
            return call_flow!(start_call(agent, f, reg!(receiver), &list, None, false)?);
        }
        I::CallWithArgArray {
            callee,
            receiver,
            args,
            ..
        } => {
            let list = array_values(reg!(args));
            check_callee_at_call_site(agent, reg!(callee), false)?;
            return call_flow!(start_call(
                agent,
                reg!(callee),
                reg!(receiver),
                &list,
                None,
                false
            )?);
        }
        I::ConstructWithArgArray { callee, args, .. } => {
            let list = array_values(reg!(args));
            let new_target = acc!();
            check_callee_at_call_site(agent, reg!(callee), true)?;
            return call_flow!(start_call(
                agent,
                reg!(callee),
                Value::UNDEFINED,
                &list,
                Some(new_target),
                false,
            )?);
        }

        // ----- Iteration -----
        I::GetIterator { hint, iterator } => {
            let (it, next) = if hint != 0 {
                builtins::async_function::get_async_iterator(agent, acc!())?
            } else {
                ops::get_iterator(agent, acc!())?
            };
            reg!(iterator) = it;
            reg!(iterator.plus(1)) = next;
        }
        I::IteratorNext { iterator } => {
            let (it, next) = (reg!(iterator), reg!(iterator.plus(1)));
            let v = call(agent, next, it, &[])?;
            set_acc!(v);
        }
        I::ForOfNext { iterator, done } => {
            let (it, next) = (reg!(iterator), reg!(iterator.plus(1)));
            match ops::iterator_step_value(agent, it, next)? {
                Some(v) => set_acc!(v),
                None => return Ok(Flow::Jump(done)),
            }
        }
        I::ForInEnumerate { enumerator } => {
            let e = for_in::enumerate(agent, acc!())?;
            reg!(enumerator) = e;
        }
        I::ForInNext { enumerator, done } => match for_in::next(agent, reg!(enumerator))? {
            Some(k) => set_acc!(k),
            None => return Ok(Flow::Jump(done)),
        },
        I::IteratorStepValue { iterator, done } => {
            if reg!(done) == Value::TRUE {
                set_acc!(Value::UNDEFINED);
            } else {
                reg!(done) = Value::TRUE;
                let (it, next) = (reg!(iterator), reg!(iterator.plus(1)));
                match ops::iterator_step_value(agent, it, next)? {
                    Some(v) => {
                        reg!(done) = Value::FALSE;
                        set_acc!(v);
                    }
                    None => set_acc!(Value::UNDEFINED),
                }
            }
        }
        I::IteratorToArray { iterator, done } => {
            let array = new_array(agent)?;
            set_acc!(array);
            if reg!(done) != Value::TRUE {
                reg!(done) = Value::TRUE;
                let a = array.as_cell().expect("an array");
                let (it, next) = (reg!(iterator), reg!(iterator.plus(1)));
                while let Some(v) = ops::iterator_step_value(agent, it, next)? {
                    let len = object::elements_len(a);
                    object::set_element(agent, a, len, v)?;
                }
            }
        }
        I::IteratorClose { iterator } => ops::iterator_close(agent, reg!(iterator), false)?,
        I::IteratorCloseOnThrow { iterator } => ops::iterator_close(agent, reg!(iterator), true)?,
        I::IteratorResultValue { done } => {
            let Some(r) = as_object(acc!()) else {
                let text = ops::display(agent, acc!());
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Iterator result {text} is not an object"),
                ));
            };
            let d = ops::get_from_object(
                agent,
                r,
                PropertyKey::Atom(crate::runtime::atoms::names::DONE),
            )?
            .unwrap_or(Value::UNDEFINED);
            if to_boolean(d) {
                return Ok(Flow::Jump(done));
            }
            let v = ops::get_from_object(
                agent,
                r,
                PropertyKey::Atom(crate::runtime::atoms::names::VALUE),
            )?
            .unwrap_or(Value::UNDEFINED);
            set_acc!(v);
        }
        I::CheckIteratorResultObject {} => {
            if as_object(acc!()).is_none() {
                let text = ops::display(agent, acc!());
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Iterator result {text} is not an object"),
                ));
            }
        }
        I::CallIteratorReturn { iterator, none } => {
            let it = reg!(iterator);
            let method = ops::get_method(
                agent,
                it,
                PropertyKey::Atom(crate::runtime::atoms::names::RETURN),
            )?;
            if method.is_undefined() {
                return Ok(Flow::Jump(none));
            }
            let v = agent.scope(|agent| {
                agent.root(method);
                call(agent, method, it, &[])
            })?;
            set_acc!(v);
        }

        // ----- Literals -----
        I::CreateEmptyObject {} => {
            let proto = ops::object_prototype(agent);
            let obj = new_object(agent, proto, DEFAULT_INLINE_SLOTS)?;
            set_acc!(Value::cell(obj));
        }
        I::CreateEmptyArray {} => {
            let v = new_array(agent)?;
            set_acc!(v);
        }
        I::CreateArrayFromList { elements, count } => {
            let array = new_array(agent)?;
            // The elements stay rooted in their registers; the array is rooted in acc.
            set_acc!(array);
            let a = array.as_cell().expect("an array");
            for i in 0..count {
                let v = agent.roots.vm.registers[base + elements.0 as usize + i as usize];
                object::set_element(agent, a, i, v)?;
            }
        }
        I::ArrayPush { array } | I::ArrayPushHole { array } => {
            let a = as_object(reg!(array))
                .ok_or_else(|| Throw::error(ErrorType::TypeError, "not an array"))?;
            let v = if matches!(instruction, I::ArrayPush { .. }) {
                acc!()
            } else {
                Value::EMPTY
            };
            let len = object::elements_len(a);
            object::set_element(agent, a, len, v)?;
        }

        // ----- Functions -----
        I::CreateClosure { function } => {
            let Some(Constant::Function(f)) = exe.constants.get(function.0 as usize) else {
                return Err(Throw::error(
                    ErrorType::InternalError,
                    "bad function constant",
                ));
            };
            let ctx = top(agent).context;
            let closure = realm::make_closure(agent, f, ctx)?;
            set_acc!(closure);
        }
        I::LdaActiveFunction {} => set_acc!(top(agent).callee),
        I::LdaNewTarget {} => set_acc!(top(agent).new_target),
        I::CreateRestParameter {} => {
            let array = new_array(agent)?;
            set_acc!(array);
            let a = array.as_cell().expect("an array");
            let skip = exe.parameter_count as usize;
            let count = top(agent).arguments.len().saturating_sub(skip);
            for i in 0..count {
                let v = top(agent).arguments[skip + i];
                object::set_element(agent, a, i as u32, v)?;
            }
        }
        I::CreateUnmappedArguments {} => {
            let args = top(agent).arguments.clone();
            let v = arguments::create_arguments_object(
                agent,
                &args,
                None,
                Value::UNDEFINED,
                Value::UNDEFINED,
            )?;
            set_acc!(v);
        }
        I::CreateMappedArguments { mapping } => {
            let Some(Constant::ArgumentsMapping(m)) = exe.constants.get(mapping.0 as usize) else {
                return Err(Throw::error(
                    ErrorType::InternalError,
                    "bad arguments mapping constant",
                ));
            };
            let args = top(agent).arguments.clone();
            let (ctx, callee) = (top(agent).context, top(agent).callee);
            let v = arguments::create_arguments_object(agent, &args, Some(m), ctx, callee)?;
            set_acc!(v);
        }

        // ----- Calls -----
        I::Call {
            callee,
            args,
            count,
            ..
        }
        | I::CallUndefinedReceiver {
            callee,
            args,
            count,
            ..
        } => {
            let (this, first) = if matches!(instruction, I::Call { .. }) {
                (
                    if count > 0 {
                        reg!(args)
                    } else {
                        Value::UNDEFINED
                    },
                    1,
                )
            } else {
                (Value::UNDEFINED, 0)
            };
            let start = base + (args.0 + first) as usize;
            let count = count.saturating_sub(first);
            let args = Args::Registers {
                start,
                count: count as usize,
            };
            return call_flow!(call_from_frame(
                agent,
                reg!(callee),
                this,
                args,
                None,
                None
            )?);
        }
        I::Construct {
            callee,
            args,
            count,
            ic,
        } => {
            let new_target = acc!();
            let args = Args::Registers {
                start: base + args.0 as usize,
                count: count as usize,
            };
            return call_flow!(call_from_frame(
                agent,
                reg!(callee),
                Value::UNDEFINED,
                args,
                Some(new_target),
                Some(ic_base + ic.0 as usize),
            )?);
        }

        // ----- Operators -----
        I::Add { lhs } => {
            let v = ops::add(agent, reg!(lhs), acc!())?;
            set_acc!(v);
        }
        I::Sub { lhs }
        | I::Mul { lhs }
        | I::Div { lhs }
        | I::Mod { lhs }
        | I::Exp { lhs }
        | I::BitwiseOr { lhs }
        | I::BitwiseXor { lhs }
        | I::BitwiseAnd { lhs }
        | I::ShiftLeft { lhs }
        | I::ShiftRight { lhs }
        | I::ShiftRightLogical { lhs } => {
            let v = ops::numeric_binary(agent, instruction.opcode(), reg!(lhs), acc!())?;
            set_acc!(v);
        }
        I::AddSmi { value } => {
            let v = ops::add(agent, acc!(), Value::int(value))?;
            set_acc!(v);
        }
        I::SubSmi { value }
        | I::MulSmi { value }
        | I::ModSmi { value }
        | I::BitwiseOrSmi { value }
        | I::BitwiseXorSmi { value }
        | I::BitwiseAndSmi { value }
        | I::ShiftLeftSmi { value }
        | I::ShiftRightSmi { value }
        | I::ShiftRightLogicalSmi { value } => {
            let op = match instruction.opcode() {
                Opcode::SubSmi => Opcode::Sub,
                Opcode::MulSmi => Opcode::Mul,
                Opcode::ModSmi => Opcode::Mod,
                Opcode::BitwiseOrSmi => Opcode::BitwiseOr,
                Opcode::BitwiseXorSmi => Opcode::BitwiseXor,
                Opcode::BitwiseAndSmi => Opcode::BitwiseAnd,
                Opcode::ShiftLeftSmi => Opcode::ShiftLeft,
                Opcode::ShiftRightSmi => Opcode::ShiftRight,
                _ => Opcode::ShiftRightLogical,
            };
            let v = ops::numeric_binary(agent, op, acc!(), Value::int(value))?;
            set_acc!(v);
        }
        I::Inc {} | I::Dec {} | I::Negate {} | I::BitwiseNot {} | I::ToNumeric {} => {
            let v = ops::numeric_unary(agent, instruction.opcode(), acc!())?;
            set_acc!(v);
        }
        I::ToNumber {} => {
            let n = ops::to_number(agent, acc!())?;
            set_acc!(Value::number(n));
        }
        I::LogicalNot {} => set_acc!(Value::bool(!to_boolean(acc!()))),
        I::TypeOf {} => {
            let v = ops::new_string(agent, ops::type_of(acc!()))?;
            set_acc!(v);
        }
        I::ToString {} => {
            let v = ops::to_string_value(agent, acc!())?;
            set_acc!(v);
        }
        I::ToPropertyKey {} => {
            let a = acc!();
            if !ops::is_string(a) && !ops::is_symbol(a) && !a.is_number() {
                let v = ops::to_string_value(agent, a)?;
                set_acc!(v);
            }
        }
        I::TestEqual { lhs } => {
            let r = ops::loose_equals(agent, reg!(lhs), acc!())?;
            set_acc!(Value::bool(r));
        }
        I::TestEqualStrict { lhs } => set_acc!(Value::bool(ops::strict_equals(reg!(lhs), acc!()))),
        I::TestLessThan { lhs } => {
            let r = ops::less_than(agent, reg!(lhs), acc!(), true)?;
            set_acc!(Value::bool(r == Some(true)));
        }
        I::TestGreaterThan { lhs } => {
            let r = ops::less_than(agent, acc!(), reg!(lhs), false)?;
            set_acc!(Value::bool(r == Some(true)));
        }
        I::TestLessThanOrEqual { lhs } => {
            let r = ops::less_than(agent, acc!(), reg!(lhs), false)?;
            set_acc!(Value::bool(r == Some(false)));
        }
        I::TestGreaterThanOrEqual { lhs } => {
            let r = ops::less_than(agent, reg!(lhs), acc!(), true)?;
            set_acc!(Value::bool(r == Some(false)));
        }
        I::TestInstanceOf { lhs } => {
            let r = ops::instance_of(agent, reg!(lhs), acc!())?;
            set_acc!(Value::bool(r));
        }
        I::TestIn { lhs } => {
            let Some(obj) = as_object(acc!()) else {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    "Cannot use 'in' operator to search for a key in a non-object",
                ));
            };
            let key = ops::to_property_key(agent, reg!(lhs))?;
            let has = ops::try_has_property(agent, obj, key)?;
            set_acc!(Value::bool(has));
        }

        // ----- Jumps -----
        I::Jump { target } => return Ok(Flow::Jump(target)),
        I::JumpLoop { target } => {
            agent.poll();
            return Ok(Flow::Jump(target));
        }
        I::JumpIfTrue { target } => {
            if to_boolean(acc!()) {
                return Ok(Flow::Jump(target));
            }
        }
        I::JumpIfFalse { target } => {
            if !to_boolean(acc!()) {
                return Ok(Flow::Jump(target));
            }
        }
        I::JumpIfUndefined { target } => {
            if acc!().is_undefined() {
                return Ok(Flow::Jump(target));
            }
        }
        I::JumpIfNotUndefined { target } => {
            if !acc!().is_undefined() {
                return Ok(Flow::Jump(target));
            }
        }
        I::JumpIfUndefinedOrNull { target } => {
            if acc!().is_nullish() {
                return Ok(Flow::Jump(target));
            }
        }
        I::JumpIfNotUndefinedOrNull { target } => {
            if !acc!().is_nullish() {
                return Ok(Flow::Jump(target));
            }
        }

        // ----- Control -----
        I::Return {} => return Ok(Flow::Return),
        I::Throw {} | I::ReThrow {} => return Err(Throw::Value(acc!())),
        I::ThrowStaticError { kind, message } => {
            let ty = match kind {
                0 => ErrorType::TypeError,
                1 => ErrorType::ReferenceError,
                2 => ErrorType::SyntaxError,
                _ => ErrorType::RangeError,
            };
            let text = match exe.constants.get(message.0 as usize) {
                Some(Constant::String(units)) => String::from_utf16_lossy(units),
                _ => String::new(),
            };
            return Err(Throw::error(ty, text));
        }
        I::ThrowReferenceErrorIfHole { name } => {
            if acc!().is_empty() {
                return Err(Throw::error(
                    ErrorType::ReferenceError,
                    format!(
                        "Cannot access '{}' before initialization",
                        name_text(&exe, name.0)
                    ),
                ));
            }
        }
        I::RequireObjectCoercible {} => {
            if acc!().is_nullish() {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    "Cannot destructure 'undefined' or 'null'",
                ));
            }
        }
        I::Debugger {} => {}

        // ----- Classes -----
        I::CreateClass {
            class,
            inputs,
            outputs,
        } => {
            let Some(Constant::Class(desc)) = exe.constants.get(class.0 as usize) else {
                return Err(Throw::error(ErrorType::InternalError, "bad class constant"));
            };
            let Some(Constant::Function(ctor)) = exe.constants.get(desc.constructor as usize)
            else {
                return Err(Throw::error(
                    ErrorType::InternalError,
                    "bad constructor constant",
                ));
            };
            let ctx = top(agent).context;
            let (f, proto) =
                classes::create_class(agent, desc, ctor, reg!(inputs), reg!(inputs.plus(1)), ctx)?;
            reg!(outputs) = f;
            reg!(outputs.plus(1)) = proto;
        }
        I::SetInstanceInitializer { constructor } => {
            let init = acc!();
            classes::set_instance_initializer(agent, reg!(constructor), init);
        }
        I::InitializeInstanceElements {
            object,
            constructor,
        } => {
            classes::initialize_instance_elements(agent, reg!(object), reg!(constructor))?;
        }
        I::GetSuperConstructor {} => {
            let parent = match as_object(acc!()) {
                Some(f) => ops::try_get_prototype_of(agent, f)?,
                None => Value::NULL,
            };
            set_acc!(parent);
        }
        I::GetSuperBase {} => {
            let base = as_object(acc!())
                .map(object::proto)
                .unwrap_or(Value::UNDEFINED);
            set_acc!(base);
        }
        I::GetNamedSuperProperty {
            this, base, name, ..
        } => {
            let key = name_key(agent, exe, name.0);
            let v = classes::super_get(agent, reg!(base), key, reg!(this))?;
            set_acc!(v);
        }
        I::GetKeyedSuperProperty { this, base, .. } => {
            let key = ops::to_property_key(agent, acc!())?;
            let v = classes::super_get(agent, reg!(base), key, reg!(this))?;
            set_acc!(v);
        }
        I::SetNamedSuperProperty {
            this,
            base,
            name,
            ic,
        } => {
            let key = name_key(agent, exe, name.0);
            let strict = ic_strict(&exe, ic);
            let base = classes::super_base(agent, reg!(base), key)?;
            ops::super_set(agent, base, key, acc!(), reg!(this), strict)?;
        }
        I::SetKeyedSuperProperty {
            this,
            base,
            key,
            ic,
        } => {
            let key = ops::to_property_key(agent, reg!(key))?;
            let strict = ic_strict(&exe, ic);
            let base = classes::super_base(agent, reg!(base), key)?;
            ops::super_set(agent, base, key, acc!(), reg!(this), strict)?;
        }
        I::CreatePrivateName { description } => {
            let d = constant_value(agent, exe, ic_base, description.0)?;
            let name = crate::runtime::private_name::new_private_name(agent, d)?;
            set_acc!(Value::cell(name));
        }
        I::GetPrivate { object } => {
            let v = classes::private_get(agent, reg!(object), acc!())?;
            set_acc!(v);
        }
        I::SetPrivate { object, name } => {
            classes::private_set(agent, reg!(object), reg!(name), acc!())?;
        }
        I::DefinePrivateField { object, name } => {
            classes::private_add(agent, reg!(object), reg!(name), acc!(), true)?;
        }
        I::DefinePrivateMethod { object, name } => {
            classes::private_add(agent, reg!(object), reg!(name), acc!(), false)?;
        }
        I::DefinePrivateAccessor {
            object,
            name,
            accessors,
        } => {
            classes::private_add_accessor(
                agent,
                reg!(object),
                reg!(name),
                reg!(accessors),
                reg!(accessors.plus(1)),
            )?;
        }
        I::HasPrivate { name } => {
            let found = classes::has_private(agent, acc!(), reg!(name))?;
            set_acc!(Value::bool(found));
        }
        I::ThrowSuperNotCalledIfHole {} => {
            if acc!().is_empty() {
                return Err(Throw::error(
                    ErrorType::ReferenceError,
                    "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                ));
            }
        }
        I::ThrowSuperAlreadyCalledIfNotHole {} => {
            if !acc!().is_empty() {
                return Err(Throw::error(
                    ErrorType::ReferenceError,
                    "Super constructor may only be called once",
                ));
            }
        }
        I::CheckDerivedConstructorReturn { this } => {
            let v = acc!();
            if as_object(v).is_none() {
                // [[Construct]] steps 12–15 run in the caller's context (its realm's errors).
                if !v.is_undefined() {
                    return Err(realms::caller_error(
                        agent,
                        ErrorType::TypeError,
                        "Derived constructors may only return object or undefined",
                    ));
                }
                let this = reg!(this);
                if this.is_empty() {
                    return Err(realms::caller_error(
                        agent,
                        ErrorType::ReferenceError,
                        "Must call super constructor in derived class before accessing 'this' or returning from derived constructor",
                    ));
                }
                set_acc!(this);
            }
        }
        I::ConstructForwardAllArgs { callee, .. } => {
            let list = top(agent).arguments.clone();
            let new_target = acc!();
            return call_flow!(start_call(
                agent,
                reg!(callee),
                Value::UNDEFINED,
                &list,
                Some(new_target),
                false,
            )?);
        }
        I::CreateRegExp { regexp } => {
            let Some(Constant::RegExp { pattern, flags }) = exe.constants.get(regexp.0 as usize)
            else {
                return Err(Throw::error(
                    ErrorType::InternalError,
                    "bad regexp constant",
                ));
            };
            let r = builtins::regexp::create_from_literal(agent, pattern, flags)?;
            set_acc!(r);
        }

        // ----- Modules -----
        I::LdaImport { index } => {
            let v = modules::load_import(agent, index)?;
            set_acc!(v);
        }
        I::LdaImportMeta {} => {
            let v = modules::import_meta(agent)?;
            set_acc!(v);
        }
        I::DynamicImport { specifier } => {
            let (specifier, options) = (reg!(specifier), acc!());
            let p = modules::dynamic_import(agent, specifier, options)?;
            set_acc!(p);
        }

        // ----- Generators and async functions -----
        I::CreateGeneratorObject {} => {
            let g = generator::create(agent)?;
            set_acc!(g);
        }
        I::InitialYield {} => {
            generator::suspend(agent, Some(generator::SUSPENDED_START))?;
            let g = top(agent).generator;
            set_acc!(g);
            return Ok(Flow::Suspend);
        }
        I::Yield { .. } => {
            let r = builtins::iter_result(agent, acc!(), false)?;
            set_acc!(r);
            generator::suspend(agent, Some(generator::SUSPENDED_YIELD))?;
            return Ok(Flow::Suspend);
        }
        I::YieldDelegate { .. } => {
            generator::suspend(agent, Some(generator::SUSPENDED_YIELD))?;
            return Ok(Flow::Suspend);
        }
        I::AsyncGeneratorYield { mode } => {
            match builtins::async_function::async_generator_yield(agent)? {
                Some((m, v)) => {
                    reg!(mode) = Value::int(m);
                    set_acc!(v);
                }
                None => {
                    set_acc!(Value::UNDEFINED);
                    return Ok(Flow::Suspend);
                }
            }
        }
        I::Await {} => {
            let v = generator::await_value(agent)?;
            set_acc!(v);
            return Ok(Flow::Suspend);
        }
        I::SwitchOnResumeMode { mode, next } => match reg!(mode).as_int() {
            Some(generator::MODE_NEXT) => return Ok(Flow::Jump(next)),
            Some(generator::MODE_THROW) => return Err(Throw::Value(acc!())),
            _ => {}
        },
        other => return Err(not_implemented(other.opcode())),
    }
    Ok(Flow::Next)
}

/// The elements of a fresh argument array (holes read as `undefined`).
fn array_values(v: Value) -> Vec<Value> {
    as_object(v)
        .map(|a| {
            (0..object::elements_len(a))
                .map(|i| object::element(a, i).unwrap_or(Value::UNDEFINED))
                .collect()
        })
        .unwrap_or_default()
}

/// `SetFunctionName(f, key, prefix)` (prefix 0 none, 1 `get`, 2 `set`): redefines `name`.
fn set_function_name(
    agent: &mut Agent,
    f: Value,
    key: PropertyKey,
    prefix: u32,
) -> Result<(), Throw> {
    let Some(fo) = as_object(f) else {
        return Ok(());
    };
    let base = match key {
        PropertyKey::Symbol(s) => {
            let d = crate::runtime::symbol::symbol_description(s);
            if d.is_undefined() {
                String::new()
            } else {
                format!("[{}]", ops::display(agent, d))
            }
        }
        other => ops::key_text(agent, other),
    };
    let name = match prefix {
        1 => format!("get {base}"),
        2 => format!("set {base}"),
        _ => base,
    };
    let name = ops::new_string(agent, &name)?;
    let desc = ops::Descriptor {
        value: Some(name),
        writable: Some(false),
        enumerable: Some(false),
        configurable: Some(true),
        ..Default::default()
    };
    ops::define_property(
        agent,
        fo,
        PropertyKey::Atom(crate::runtime::atoms::names::NAME),
        desc,
    )?;
    Ok(())
}

/// `CopyDataProperties(target, source, excluded)`: own enumerable properties, read with
/// `[[Get]]` (so getters run). `target` and `source` must be rooted by the caller.
fn copy_data_properties(
    agent: &mut Agent,
    target: heap::ObjectRef,
    source: Value,
    excluded: &[PropertyKey],
) -> Result<(), Throw> {
    if source.is_nullish() {
        return Ok(());
    }
    let Some(from) = as_object(source) else {
        if ops::is_string(source) {
            let units = string::units(source.as_cell().expect("a string"));
            for (i, u) in units.iter().enumerate() {
                let key = PropertyKey::Index(i as u32);
                if excluded.contains(&key) {
                    continue;
                }
                let v = Value::cell(string::from_units(agent, &[*u])?);
                ops::define_own(agent, target, key, v)?;
            }
        }
        return Ok(());
    };
    agent.scope(|agent| {
        agent.root(Value::cell(target));
        agent.root(source);
        for key in ops::try_own_keys(agent, from)? {
            if excluded.contains(&key) {
                continue;
            }
            let enumerable = ops::try_get_own_property(agent, from, key)?
                .is_some_and(|p| p.enumerable == Some(true));
            if !enumerable {
                continue;
            }
            let v = ops::get_from_object(agent, from, key)?.unwrap_or(Value::UNDEFINED);
            ops::define_own(agent, target, key, v)?;
        }
        Ok(())
    })
}

fn new_array(agent: &mut Agent) -> Result<Value, Throw> {
    let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
    Ok(Value::cell(new_object_with_class(
        agent,
        proto,
        0,
        CLASS_ARRAY,
        0,
    )?))
}

fn global_object(agent: &Agent) -> heap::ObjectRef {
    intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object")
}

pub(crate) fn load_global(
    agent: &mut Agent,
    atom: Atom,
    inside_typeof: bool,
) -> Result<Value, Throw> {
    if let Some(binding) = agent.roots.vm.global_lexicals.get(&atom) {
        if binding.value.is_empty() {
            return Err(Throw::error(
                ErrorType::ReferenceError,
                format!(
                    "Cannot access '{}' before initialization",
                    agent.atoms.to_rust_string(atom)
                ),
            ));
        }
        return Ok(binding.value);
    }
    let global = global_object(agent);
    match ops::get_from_object(agent, global, PropertyKey::Atom(atom))? {
        Some(v) => Ok(v),
        None if inside_typeof => Ok(Value::UNDEFINED),
        None => Err(Throw::error(
            ErrorType::ReferenceError,
            format!("{} is not defined", agent.atoms.to_rust_string(atom)),
        )),
    }
}

pub(crate) fn store_global(
    agent: &mut Agent,
    atom: Atom,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
    if let Some(binding) = agent.roots.vm.global_lexicals.get_mut(&atom) {
        if binding.value.is_empty() {
            let name = agent.atoms.to_rust_string(atom);
            return Err(Throw::error(
                ErrorType::ReferenceError,
                format!("Cannot access '{name}' before initialization"),
            ));
        }
        if binding.is_const {
            return Err(Throw::error(
                ErrorType::TypeError,
                "Assignment to constant variable.",
            ));
        }
        binding.value = value;
        return Ok(());
    }
    let global = global_object(agent);
    let key = PropertyKey::Atom(atom);
    if strict && !ops::has_property(agent, global, key) {
        return Err(Throw::error(
            ErrorType::ReferenceError,
            format!("{} is not defined", agent.atoms.to_rust_string(atom)),
        ));
    }
    ops::set_property(agent, Value::cell(global), key, value, strict)
}

/// 13.2.8.4 GetTemplateObject ( templateLiteral ): one frozen strings array per site and
/// realm, with a frozen `raw` array (non-enumerable, non-writable, non-configurable).
fn template_object(agent: &mut Agent, exe: ExeRef, index: u32) -> Result<Value, Throw> {
    let site = (exe.addr(), index);
    if let Some(&v) = agent.roots.vm.templates.get(&site) {
        return Ok(v);
    }
    let Some(Constant::Template(t)) = exe.constants.get(index as usize) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "bad template constant",
        ));
    };
    let t = t.clone();
    let value = agent.scope(|agent| -> Result<Value, Throw> {
        let mut raw = Vec::with_capacity(t.raw.len());
        for units in t.raw.iter() {
            let s = Value::cell(string::from_units(agent, units)?);
            agent.root(s);
            raw.push(s);
        }
        let mut cooked = Vec::with_capacity(t.cooked.len());
        for units in t.cooked.iter() {
            let s = match units {
                Some(units) => Value::cell(string::from_units(agent, units)?),
                None => Value::UNDEFINED,
            };
            agent.root(s);
            cooked.push(s);
        }
        let raw_array = builtins::array_from(agent, &raw)?;
        agent.root(Value::cell(raw_array));
        let strings = builtins::array_from(agent, &cooked)?;
        agent.root(Value::cell(strings));
        object::add_property(
            agent,
            strings,
            PropertyKey::Atom(crate::runtime::atoms::names::RAW),
            Attributes::empty(),
            Value::cell(raw_array),
        )?;
        ops::set_integrity_level(agent, raw_array, true)?;
        ops::set_integrity_level(agent, strings, true)?;
        Ok(Value::cell(strings))
    })?;
    agent.roots.vm.templates.insert(site, value);
    Ok(value)
}

/// GlobalDeclarationInstantiation (simplified: the global object is ordinary, so every own
/// property is a "restricted" one only when non-configurable).
fn declare_globals(agent: &mut Agent, exe: &Executable, index: u32) -> Result<(), Throw> {
    let Some(Constant::Declarations(decls)) = exe.constants.get(index as usize) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "bad declarations constant",
        ));
    };
    let global = global_object(agent);
    let redeclared = |name: &str| {
        Throw::error(
            ErrorType::SyntaxError,
            format!("Identifier '{name}' has already been declared"),
        )
    };
    for (name, _) in decls.lexicals.iter() {
        let atom = agent.atoms.intern_str(name);
        if agent.roots.vm.global_lexicals.contains_key(&atom) {
            return Err(redeclared(name));
        }
        if let Some(slot) = object::find(agent, global, PropertyKey::Atom(atom)) {
            if !slot.attributes.contains(Attributes::CONFIGURABLE) {
                return Err(redeclared(name));
            }
        }
    }
    let var_names = decls
        .vars
        .iter()
        .chain(decls.functions.iter().map(|(n, _)| n));
    for name in var_names {
        let atom = agent.atoms.intern_str(name);
        if agent.roots.vm.global_lexicals.contains_key(&atom) {
            return Err(redeclared(name));
        }
    }
    // Steps 8–10: CanDeclareGlobalFunction / CanDeclareGlobalVar, all before any binding
    // is made.
    let extensible = object::is_extensible(global);
    let cannot_declare = |what: &str, name: &str| {
        Throw::error(
            ErrorType::TypeError,
            format!("Cannot declare global {what} '{name}': the global object does not allow it"),
        )
    };
    for (name, _) in decls.functions.iter() {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let definable = match ops::own_property(agent, global, key) {
            None => extensible,
            Some(own) => {
                let attributes = own.attributes();
                attributes.contains(Attributes::CONFIGURABLE)
                    || (!attributes.contains(Attributes::ACCESSOR)
                        && attributes.contains(Attributes::WRITABLE | Attributes::ENUMERABLE))
            }
        };
        if !definable {
            return Err(cannot_declare("function", name));
        }
    }
    for name in decls.vars.iter() {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        if !extensible && ops::own_property(agent, global, key).is_none() {
            return Err(cannot_declare("variable", name));
        }
    }
    for (name, function) in decls.functions.iter() {
        let Some(Constant::Function(f)) = exe.constants.get(*function as usize) else {
            return Err(Throw::error(
                ErrorType::InternalError,
                "bad function constant",
            ));
        };
        let ctx = top(agent).context;
        let closure = realm::make_closure(agent, f, ctx)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        dynamic_scope::create_global_function_binding(agent, key, closure, false)?;
    }
    for name in decls.vars.iter().chain(decls.annex_b.iter()) {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let global = global_object(agent);
        if object::find(agent, global, key).is_none() && object::is_extensible(global) {
            object::add_property(
                agent,
                global,
                key,
                Attributes::WRITABLE | Attributes::ENUMERABLE,
                Value::UNDEFINED,
            )?;
        }
    }
    for (name, is_const) in decls.lexicals.iter() {
        let atom = agent.atoms.intern_str(name);
        agent.roots.vm.lexical_epoch = agent.roots.vm.lexical_epoch.wrapping_add(1);
        agent.roots.vm.global_lexicals.insert(
            atom,
            GlobalLexical {
                value: Value::EMPTY,
                is_const: *is_const,
            },
        );
    }
    Ok(())
}

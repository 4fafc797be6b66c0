//! Suspendable frames: generator objects (§27.5), async function state (§27.7) and async
//! generator objects (§27.6) — design/bytecode.md §7.
//!
//! `CreateGeneratorObject` binds the running frame to a state object (`Frame::generator`).
//! When the frame suspends (`InitialYield`, `Yield`, `YieldDelegate`, `AsyncGeneratorYield`,
//! `Await`) the runtime saves its registers (into an Array held in an internal slot, so the
//! collector traces them), its context, pc, callee, new.target and arguments into that object
//! and pops the frame; the resumer receives the frame's accumulator. [`resume`] pushes the
//! frame back as an entry frame and runs a nested dispatch loop until the frame suspends
//! again, returns or throws.
//!
//! Internal slots of a state object (all three kinds):
//! `G_STATE` (an int: [`SUSPENDED_START`], …), `G_REGS` (Array of the saved registers; holes
//! are the hole value), `G_CONTEXT`, `G_PC` (the suspending instruction), `G_CALLEE`,
//! `G_NEW_TARGET`, `G_ARGS` (Array or `undefined`), `G_KIND` ([`KIND_GENERATOR`], …),
//! `G_DATA` (async functions: the promise; async generators: the request queue, an Array of
//! request records, see `builtins::async_function`), `G_CODE` (the executable id: module
//! bodies with top-level await have no callee to find their code by).

use heap::ObjectRef;

use crate::bytecode::Instruction;
use crate::interpreter::builtins::{self, async_function, promise};
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_ASYNC_FUNCTION, CLASS_ASYNC_GENERATOR, CLASS_GENERATOR,
};
use crate::interpreter::{top, ErrorType, Frame, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::value::Value;

/// Internal slot: the state.
pub const G_STATE: usize = 0;
/// Internal slot: the saved registers (an Array).
pub const G_REGS: usize = 1;
/// Internal slot: the saved context.
pub const G_CONTEXT: usize = 2;
/// Internal slot: the pc of the suspending instruction.
pub const G_PC: usize = 3;
/// Internal slot: the function whose frame this is.
pub const G_CALLEE: usize = 4;
/// Internal slot: the frame's new.target.
pub const G_NEW_TARGET: usize = 5;
/// Internal slot: the frame's arguments (an Array) or `undefined`.
pub const G_ARGS: usize = 6;
/// Internal slot: the kind.
pub const G_KIND: usize = 7;
/// Internal slot: the async function's promise / the async generator's request queue.
pub const G_DATA: usize = 8;
/// Internal slot: the executable id of the suspended code (`undefined` once finished).
pub const G_CODE: usize = 9;
const G_SLOTS: usize = 10;

/// State: created, body not started.
pub const SUSPENDED_START: i32 = 0;
/// State: suspended at a `yield`.
pub const SUSPENDED_YIELD: i32 = 1;
/// State: running (or, for async kinds, awaiting).
pub const EXECUTING: i32 = 2;
/// State: finished.
pub const COMPLETED: i32 = 3;
/// State (async generators): draining the request queue / awaiting a return.
pub const DRAINING_QUEUE: i32 = 4;

/// Kind: a generator.
pub const KIND_GENERATOR: i32 = 0;
/// Kind: an async function (or async arrow / method).
pub const KIND_ASYNC_FUNCTION: i32 = 1;
/// Kind: an async generator.
pub const KIND_ASYNC_GENERATOR: i32 = 2;

/// Resumption mode: `next(value)` / fulfilled await.
pub const MODE_NEXT: i32 = 0;
/// Resumption mode: `throw(value)` / rejected await.
pub const MODE_THROW: i32 = 1;
/// Resumption mode: `return(value)`.
pub const MODE_RETURN: i32 = 2;

fn slot_int(obj: ObjectRef, index: usize) -> i32 {
    object::internal_slot(obj, index)
        .and_then(Value::as_int)
        .unwrap_or(0)
}

/// The state of a state object.
pub fn state(gen: ObjectRef) -> i32 {
    slot_int(gen, G_STATE)
}

/// Sets the state.
pub fn set_state(agent: &mut Agent, gen: ObjectRef, state: i32) {
    object::set_internal_slot(agent, gen, G_STATE, Value::int(state));
}

/// The kind of a state object.
pub fn kind(gen: ObjectRef) -> i32 {
    slot_int(gen, G_KIND)
}

/// The generator object of `v` if it is one of `class`.
pub fn as_generator(v: Value, class: u8) -> Option<ObjectRef> {
    as_object(v).filter(|&o| object::class(o) == class)
}

/// `CreateGeneratorObject`: binds the running frame to a new state object and returns it.
pub fn create(agent: &mut Agent) -> Result<Value, Throw> {
    let frame = top(agent);
    let (callee, is_async, is_generator) = (
        frame.callee,
        frame.exe.info.is_async,
        frame.exe.info.is_generator,
    );
    let (kind, class, default_proto) = match (is_async, is_generator) {
        (false, _) => (
            KIND_GENERATOR,
            CLASS_GENERATOR,
            Intrinsic::GeneratorPrototype,
        ),
        (true, true) => (
            KIND_ASYNC_GENERATOR,
            CLASS_ASYNC_GENERATOR,
            Intrinsic::AsyncGeneratorPrototype,
        ),
        (true, false) => (
            KIND_ASYNC_FUNCTION,
            CLASS_ASYNC_FUNCTION,
            Intrinsic::ObjectPrototype,
        ),
    };
    // OrdinaryCreateFromConstructor(functionObject, default proto) for (async) generators.
    let proto = if kind == KIND_ASYNC_FUNCTION {
        Value::NULL
    } else {
        match as_object(callee) {
            Some(f) => ops::get_from_object(agent, f, PropertyKey::Atom(names::PROTOTYPE))?
                .filter(|p| as_object(*p).is_some())
                .unwrap_or_else(|| intrinsic(agent, default_proto)),
            None => intrinsic(agent, default_proto),
        }
    };
    let gen = new_object_with_class(agent, proto, 0, class, G_SLOTS)?;
    // Bind first so the object is rooted by the frame.
    top(agent).generator = Value::cell(gen);
    set_state(agent, gen, SUSPENDED_START);
    object::set_internal_slot(agent, gen, G_KIND, Value::int(kind));
    match kind {
        KIND_ASYNC_FUNCTION => {
            let p = promise::new_intrinsic_promise(agent)?;
            object::set_internal_slot(agent, gen, G_DATA, Value::cell(p));
        }
        KIND_ASYNC_GENERATOR => {
            let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
            let queue = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
            object::set_internal_slot(agent, gen, G_DATA, Value::cell(queue));
        }
        _ => {}
    }
    Ok(Value::cell(gen))
}

/// Saves the running frame into its state object (the caller then pops it with
/// `interpreter::deliver`). `new_state` replaces the state unless `None`.
pub fn suspend(agent: &mut Agent, new_state: Option<i32>) -> Result<(), Throw> {
    let frame = top(agent);
    let Some(gen) = as_object(frame.generator) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "suspension outside a generator",
        ));
    };
    let (base, count, pc, context, callee, new_target) = (
        frame.base,
        frame.exe.register_count as usize,
        frame.pc,
        frame.context,
        frame.callee,
        frame.new_target,
    );
    let has_args = !frame.arguments.is_empty();
    let regs = match object::internal_slot(gen, G_REGS).and_then(as_object) {
        Some(a) => a,
        None => {
            let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
            let a = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
            object::set_internal_slot(agent, gen, G_REGS, Value::cell(a));
            a
        }
    };
    for i in 0..count {
        let v = agent.roots.vm.registers[base + i];
        object::set_element(agent, regs, i as u32, v)?;
    }
    if has_args && object::internal_slot(gen, G_ARGS).is_some_and(|v| v.is_undefined()) {
        let args = top(agent).arguments.clone();
        let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
        let a = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
        object::set_internal_slot(agent, gen, G_ARGS, Value::cell(a));
        for (i, v) in args.into_iter().enumerate() {
            object::set_element(agent, a, i as u32, v)?;
        }
    }
    let exe = top(agent).exe;
    let exe = crate::interpreter::executable_arc(agent, exe);
    let code = crate::interpreter::realm::executable_id(agent, &exe);
    object::set_internal_slot(agent, gen, G_CODE, Value::int(code as i32));
    object::set_internal_slot(agent, gen, G_CONTEXT, context);
    object::set_internal_slot(agent, gen, G_PC, Value::int(pc as i32));
    object::set_internal_slot(agent, gen, G_CALLEE, callee);
    object::set_internal_slot(agent, gen, G_NEW_TARGET, new_target);
    if let Some(s) = new_state {
        set_state(agent, gen, s);
    }
    Ok(())
}

/// Drops a finished frame's saved state (so the collector can reclaim it).
pub fn clear(agent: &mut Agent, gen: ObjectRef) {
    for slot in [G_REGS, G_CONTEXT, G_CALLEE, G_NEW_TARGET, G_ARGS, G_CODE] {
        object::set_internal_slot(agent, gen, slot, Value::UNDEFINED);
    }
}

/// Resumes the suspended frame of `gen` with a completion (`mode`, `value`) and runs it until
/// it suspends, returns or throws; returns what the frame delivered (`gen` and `value` rooted
/// by the caller).
pub fn resume(agent: &mut Agent, gen: ObjectRef, mode: i32, value: Value) -> Result<Value, Throw> {
    let callee = object::internal_slot(gen, G_CALLEE).unwrap_or(Value::UNDEFINED);
    let Some(code) = object::internal_slot(gen, G_CODE).and_then(Value::as_int) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "resuming a finished generator",
        ));
    };
    let exe = agent.roots.vm.executables[code as usize].clone();
    let pc = slot_int(gen, G_PC) as usize;
    let Some(&instruction) = exe.decoded.get(pc) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            format!("bad bytecode: no instruction with index {pc}"),
        ));
    };
    let next = pc + 1;
    let (exe, ic_base) = crate::interpreter::pin_executable(agent, &exe);
    crate::interpreter::enter_nested(agent, |agent| {
        let regs = object::internal_slot(gen, G_REGS).and_then(as_object);
        let args = object::internal_slot(gen, G_ARGS).and_then(as_object);
        let vm = &mut agent.roots.vm;
        let base = vm.registers.len();
        let count = exe.register_count as usize;
        vm.registers.reserve(count);
        for i in 0..count {
            let v = regs
                .and_then(|a| object::element(a, i as u32))
                .unwrap_or(Value::EMPTY);
            vm.registers.push(v);
        }
        let arguments = args
            .map(|a| {
                (0..object::elements_len(a))
                    .map(|i| object::element(a, i).unwrap_or(Value::UNDEFINED))
                    .collect()
            })
            .unwrap_or_default();
        vm.frames.push(Frame {
            exe,
            pc,
            next: pc,
            base,
            acc: value,
            context: object::internal_slot(gen, G_CONTEXT).unwrap_or(Value::UNDEFINED),
            callee,
            new_target: object::internal_slot(gen, G_NEW_TARGET).unwrap_or(Value::UNDEFINED),
            construct_this: Value::EMPTY,
            arguments,
            entry: true,
            generator: Value::cell(gen),
            ic_base,
        });
        set_state(agent, gen, EXECUTING);
        let mut pending = None;
        match instruction {
            Instruction::Yield { mode: r }
            | Instruction::YieldDelegate { mode: r }
            | Instruction::AsyncGeneratorYield { mode: r } => {
                agent.roots.vm.registers[base + r.0 as usize] = Value::int(mode);
                top(agent).pc = next;
            }
            Instruction::Await {} if mode == MODE_THROW => pending = Some(Throw::Value(value)),
            _ => top(agent).pc = next,
        }
        crate::interpreter::execute_entry(agent, pending)
    })
}

/// The frame of `gen` executed `Return` with `value` (the frame is already popped): completes
/// per the kind and returns what the resumer receives.
pub fn on_return(agent: &mut Agent, gen: ObjectRef, value: Value) -> Result<Value, Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(gen));
        agent.root(value);
        clear(agent, gen);
        match kind(gen) {
            KIND_GENERATOR => {
                set_state(agent, gen, COMPLETED);
                builtins::iter_result(agent, value, true)
            }
            KIND_ASYNC_FUNCTION => {
                set_state(agent, gen, COMPLETED);
                let p = object::internal_slot(gen, G_DATA).unwrap_or(Value::UNDEFINED);
                if let Some(p) = as_object(p) {
                    promise::resolve_promise(agent, p, value)?;
                }
                Ok(p)
            }
            _ => {
                // AsyncGeneratorStart steps 4.h–l.
                set_state(agent, gen, DRAINING_QUEUE);
                async_function::complete_step(agent, gen, false, value, true)?;
                async_function::drain_queue(agent, gen)?;
                Ok(Value::UNDEFINED)
            }
        }
    })
}

/// An exception escaped the frame of `gen` (the frame is already popped). Sync generators
/// complete and the exception propagates (`Err`); async kinds reject and return normally with
/// what the resumer receives.
pub fn on_throw(agent: &mut Agent, gen: ObjectRef, throw: Throw) -> Result<Value, Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(gen));
        if let Throw::Value(v) = &throw {
            agent.root(*v);
        }
        clear(agent, gen);
        match kind(gen) {
            KIND_GENERATOR => {
                set_state(agent, gen, COMPLETED);
                Err(throw)
            }
            KIND_ASYNC_FUNCTION => {
                set_state(agent, gen, COMPLETED);
                let reason = throw.into_value(agent);
                agent.root(reason);
                let p = object::internal_slot(gen, G_DATA).unwrap_or(Value::UNDEFINED);
                if let Some(p) = as_object(p) {
                    promise::reject_promise(agent, p, reason);
                }
                Ok(p)
            }
            _ => {
                set_state(agent, gen, DRAINING_QUEUE);
                let reason = throw.into_value(agent);
                agent.root(reason);
                async_function::complete_step(agent, gen, true, reason, true)?;
                async_function::drain_queue(agent, gen)?;
                Ok(Value::UNDEFINED)
            }
        }
    })
}

/// `Await(acc)` in the running frame: subscribes the frame's resumption to
/// `PromiseResolve(%Promise%, acc)` and saves the frame; returns what the resumer receives
/// (the async function's promise, or `undefined`).
pub fn await_value(agent: &mut Agent) -> Result<Value, Throw> {
    let (v, gen) = {
        let f = top(agent);
        (f.acc, f.generator)
    };
    let Some(gen) = as_object(gen) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "await outside an async function",
        ));
    };
    let p = promise::promise_resolve_intrinsic(agent, v)?;
    agent.scope(|agent| {
        agent.root(p);
        promise::perform_then_resume(agent, p, gen, promise::Resume::Await)
    })?;
    suspend(agent, None)?;
    Ok(if kind(gen) == KIND_ASYNC_FUNCTION {
        object::internal_slot(gen, G_DATA).unwrap_or(Value::UNDEFINED)
    } else {
        Value::UNDEFINED
    })
}

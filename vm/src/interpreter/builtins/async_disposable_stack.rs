//! AsyncDisposableStack Objects (Explicit Resource Management, ES2026): the constructor, the
//! prototype (`use`, `adopt`, `defer`, `disposeAsync`, `move`, `disposed`,
//! `[Symbol.asyncDispose]`, `[Symbol.toStringTag]`), the asynchronous DisposeResources that
//! `disposeAsync` runs, and the wrapper GetDisposeMethod makes of a `[Symbol.dispose]` method
//! used for async disposal.
//! <https://tc39.es/proposal-explicit-resource-management/#sec-asyncdisposablestack-objects>
//!
//! An AsyncDisposableStack (`CLASS_ASYNC_DISPOSABLE_STACK`) holds its DisposeCapability (the
//! resource Array of `disposable_stack`) in internal slot 0 and its
//! [[AsyncDisposableState]] (`false` pending, `true` disposed) in slot 1.
//!
//! A built-in function cannot suspend, so `disposeAsync` runs DisposeResources as a state
//! machine: an internal record (`D_*` slots) holds the resources, the index of the next one,
//! the completion so far, needsAwait / hasAwaited and the result capability; each `Await`
//! is a PerformPromiseThen whose reactions (`%disposeAsync fulfilled%`,
//! `%disposeAsync rejected%`) continue the loop.

use heap::{HeapError, ObjectRef};

use super::promise::{self, Capability};
use super::{arg, native, type_error, Family, Home, R};
use crate::interpreter::builtins::disposable_stack::{add_resource, new_suppressed_error};
use crate::interpreter::ops::{as_object, is_callable};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_ASYNC_DISPOSABLE_STACK, CLASS_ORDINARY,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::value::Value;

const AP: Home = Home::On(Intrinsic::AsyncDisposableStackPrototype);

/// Hint of an async-dispose resource (see `disposable_stack::add_resource`).
const ASYNC_DISPOSE: u32 = 1;

/// The family: `AsyncDisposableStack`.
pub static FAMILY: Family = Family {
    name: "AsyncDisposableStack",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "AsyncDisposableStack",
            0,
            constructor,
            constructor(
                Some(Intrinsic::AsyncDisposableStackConstructor),
                Some(Intrinsic::AsyncDisposableStackPrototype)
            )
        ),
        native!(AP, "adopt", 2, adopt),
        native!(AP, "defer", 1, defer),
        native!(AP, "disposeAsync", 0, dispose_async),
        native!(AP, "disposed", disposed_get, getter),
        native!(AP, "move", 0, move_stack),
        native!(AP, "use", 1, use_resource),
        native!(Home::Hidden, "%adopt async closure%", 0, adopt_closure),
        native!(Home::Hidden, "%disposeAsync fulfilled%", 1, on_fulfilled),
        native!(Home::Hidden, "%disposeAsync rejected%", 1, on_rejected),
        native!(
            Home::Hidden,
            "%sync dispose wrapper%",
            0,
            sync_dispose_wrapper
        ),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 8)?;
    agent.roots.vm.intrinsics[Intrinsic::AsyncDisposableStackPrototype as usize] =
        Value::cell(proto);
    Ok(())
}

/// `AsyncDisposableStack.prototype[@@asyncDispose]` is `disposeAsync`; `[@@toStringTag]`.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let key = super::symbol_key(agent, Intrinsic::SymbolAsyncDispose);
    super::alias(
        agent,
        Intrinsic::AsyncDisposableStackPrototype,
        "disposeAsync",
        key,
    )?;
    let proto = intrinsic(agent, Intrinsic::AsyncDisposableStackPrototype);
    super::add_to_string_tag(agent, proto, "AsyncDisposableStack")
}

// ----- Construction and the receiver checks -----

/// AsyncDisposableStack ( )
fn constructor(agent: &mut Agent, _this: Value, _args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(type_error(
            "Constructor AsyncDisposableStack requires 'new'",
        ));
    }
    // 2. OrdinaryCreateFromConstructor(NewTarget, "%AsyncDisposableStack.prototype%", …).
    let proto = prototype_from_constructor(agent, nt, Intrinsic::AsyncDisposableStackPrototype)?;
    agent.scope(|agent| {
        agent.root(proto);
        new_stack(agent, proto)
    })
}

/// A pending stack with `proto` and an empty DisposeCapability (steps 3–4); `proto` rooted.
fn new_stack(agent: &mut Agent, proto: Value) -> R {
    agent.scope(|agent| {
        let capability = super::disposable_stack::new_capability(agent)?;
        agent.root(capability);
        let obj = new_object_with_class(agent, proto, 0, CLASS_ASYNC_DISPOSABLE_STACK, 2)?;
        object::set_internal_slot(agent, obj, 0, capability);
        object::set_internal_slot(agent, obj, 1, Value::FALSE);
        Ok(Value::cell(obj))
    })
}

/// RequireInternalSlot(this, [[AsyncDisposableState]]).
fn this_stack(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_ASYNC_DISPOSABLE_STACK)
        .ok_or_else(|| {
            type_error(format!(
                "AsyncDisposableStack.prototype.{method} called on an incompatible receiver"
            ))
        })
}

fn is_disposed(o: ObjectRef) -> bool {
    object::internal_slot(o, 1) == Some(Value::TRUE)
}

/// The pending stack's DisposeCapability; a ReferenceError once disposed.
fn pending_capability(this: Value, method: &str) -> Result<(ObjectRef, Value), Throw> {
    let o = this_stack(this, method)?;
    if is_disposed(o) {
        return Err(Throw::error(
            ErrorType::ReferenceError,
            "AsyncDisposableStack already disposed",
        ));
    }
    Ok((o, object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED)))
}

// ----- The prototype -----

/// AsyncDisposableStack.prototype.use ( value )
fn use_resource(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "use")?;
    // 4. Perform ? AddDisposableResource(capability, value, async-dispose).
    add_resource(agent, capability, arg(args, 0), ASYNC_DISPOSE, None)?;
    Ok(arg(args, 0))
}

/// AsyncDisposableStack.prototype.adopt ( value, onDisposeAsync )
fn adopt(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "adopt")?;
    // 4. If IsCallable(onDisposeAsync) is false, throw a TypeError exception.
    let on_dispose = arg(args, 1);
    if !is_callable(on_dispose) {
        return Err(type_error("onDisposeAsync is not a function"));
    }
    agent.scope(|agent| {
        agent.root(capability);
        // 5–7. F = a closure calling onDisposeAsync(value).
        let id = super::native_id(&FAMILY, "%adopt async closure%");
        let closure = super::make_native_closure(agent, id, &[arg(args, 0), on_dispose])?;
        agent.root(closure);
        // 8. AddDisposableResource(capability, undefined, async-dispose, F).
        add_resource(
            agent,
            capability,
            Value::UNDEFINED,
            ASYNC_DISPOSE,
            Some(closure),
        )?;
        Ok(arg(args, 0))
    })
}

/// The closure `adopt` registers: `Return ? Call(onDisposeAsync, undefined, « value »)`.
fn adopt_closure(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("the running native");
    let value = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
    let on_dispose = object::internal_slot(f, 2).unwrap_or(Value::UNDEFINED);
    call(agent, on_dispose, Value::UNDEFINED, &[value])
}

/// AsyncDisposableStack.prototype.defer ( onDisposeAsync )
fn defer(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "defer")?;
    let on_dispose = arg(args, 0);
    if !is_callable(on_dispose) {
        return Err(type_error("onDisposeAsync is not a function"));
    }
    add_resource(
        agent,
        capability,
        Value::UNDEFINED,
        ASYNC_DISPOSE,
        Some(on_dispose),
    )?;
    Ok(Value::UNDEFINED)
}

/// get AsyncDisposableStack.prototype.disposed
fn disposed_get(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_stack(this, "disposed")?;
    Ok(Value::bool(is_disposed(o)))
}

/// AsyncDisposableStack.prototype.move ( )
fn move_stack(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (o, capability) = pending_capability(this, "move")?;
    agent.scope(|agent| {
        agent.root(this);
        agent.root(capability);
        // 4–6. A new stack with %AsyncDisposableStack.prototype% takes the capability.
        let proto = intrinsic(agent, Intrinsic::AsyncDisposableStackPrototype);
        let fresh = new_stack(agent, proto)?;
        agent.root(fresh);
        let fresh_obj = as_object(fresh).expect("an object");
        object::set_internal_slot(agent, fresh_obj, 0, capability);
        // 7–8. This stack gets an empty capability and is disposed.
        let empty = super::disposable_stack::new_capability(agent)?;
        object::set_internal_slot(agent, o, 0, empty);
        object::set_internal_slot(agent, o, 1, Value::TRUE);
        Ok(fresh)
    })
}

/// AsyncDisposableStack.prototype.disposeAsync ( )
fn dispose_async(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        // 2. promiseCapability = ! NewPromiseCapability(%Promise%).
        let c = intrinsic(agent, Intrinsic::PromiseConstructor);
        let cap = promise::new_promise_capability(agent, c)?;
        // 3. No [[AsyncDisposableState]]: reject with a TypeError.
        let o = match this_stack(this, "disposeAsync") {
            Ok(o) => o,
            Err(t) => {
                let reason = t.into_value(agent);
                call(agent, cap.reject, Value::UNDEFINED, &[reason])?;
                return Ok(cap.promise);
            }
        };
        // 4. Already disposed: resolve with undefined.
        if is_disposed(o) {
            call(agent, cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
            return Ok(cap.promise);
        }
        // 5. Set [[AsyncDisposableState]] to disposed.
        object::set_internal_slot(agent, o, 1, Value::TRUE);
        // 6–8. DisposeResources(capability, NormalCompletion(undefined)), settling the
        // capability when it completes.
        let capability = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED);
        let state = new_state(agent, capability, cap)?;
        agent.root(state);
        // The resources are now the state's: the stack keeps an empty capability.
        let empty = super::disposable_stack::new_capability(agent)?;
        object::set_internal_slot(agent, o, 0, empty);
        let state = as_object(state).expect("an object");
        dispose_step(agent, state)?;
        Ok(cap.promise)
    })
}

// ----- DisposeResources, asynchronously -----

/// The resource Array (triples `value, method, hint`; see `disposable_stack`).
const D_RESOURCES: usize = 0;
/// How many resources are left (the next one is at `3 * (n - 1)`).
const D_REMAINING: usize = 1;
/// `true` when the completion so far is a throw completion.
const D_THROWN: usize = 2;
/// The thrown value, when `D_THROWN`.
const D_ERROR: usize = 3;
const D_NEEDS_AWAIT: usize = 4;
const D_HAS_AWAITED: usize = 5;
const D_PROMISE: usize = 6;
const D_RESOLVE: usize = 7;
const D_REJECT: usize = 8;
const D_SLOTS: usize = 9;

fn new_state(agent: &mut Agent, resources: Value, cap: Capability) -> R {
    agent.scope(|agent| {
        agent.root(resources);
        let state = new_object_with_class(agent, Value::NULL, 0, CLASS_ORDINARY, D_SLOTS)?;
        let count = as_object(resources).map_or(0, |a| object::elements_len(a) / 3);
        let slots = [
            (D_RESOURCES, resources),
            (D_REMAINING, Value::int(count as i32)),
            (D_THROWN, Value::FALSE),
            (D_ERROR, Value::UNDEFINED),
            (D_NEEDS_AWAIT, Value::FALSE),
            (D_HAS_AWAITED, Value::FALSE),
            (D_PROMISE, cap.promise),
            (D_RESOLVE, cap.resolve),
            (D_REJECT, cap.reject),
        ];
        for (i, v) in slots {
            object::set_internal_slot(agent, state, i, v);
        }
        Ok(Value::cell(state))
    })
}

fn slot(o: ObjectRef, i: usize) -> Value {
    object::internal_slot(o, i).unwrap_or(Value::UNDEFINED)
}

fn flag(o: ObjectRef, i: usize) -> bool {
    slot(o, i) == Value::TRUE
}

/// Records a throw completion of a disposal (step 3.e.iii): the first error as is, later ones
/// as a SuppressedError whose `suppressed` is the completion so far. `state` rooted.
fn record_error(agent: &mut Agent, state: ObjectRef, thrown: Value) -> Result<(), Throw> {
    let error = if flag(state, D_THROWN) {
        new_suppressed_error(agent, thrown, slot(state, D_ERROR))?
    } else {
        thrown
    };
    object::set_internal_slot(agent, state, D_THROWN, Value::TRUE);
    object::set_internal_slot(agent, state, D_ERROR, error);
    Ok(())
}

/// Perform `Await(value)`: the loop goes on in a reaction job. `state` rooted. A throwing
/// PromiseResolve is the Await's throw completion (recorded; the loop goes on at once).
fn await_value(agent: &mut Agent, state: ObjectRef, value: Value) -> Result<bool, Throw> {
    let awaited = promise::await_with_closures(
        agent,
        value,
        super::native_id(&FAMILY, "%disposeAsync fulfilled%"),
        super::native_id(&FAMILY, "%disposeAsync rejected%"),
        &[Value::cell(state)],
    );
    match awaited {
        Ok(()) => Ok(true),
        Err(t) => {
            let thrown = t.into_value(agent);
            record_error(agent, state, thrown)?;
            Ok(false)
        }
    }
}

/// Runs DisposeResources from where `state` stands until it awaits or completes (then
/// settles the result capability). `state` rooted.
fn dispose_step(agent: &mut Agent, state: ObjectRef) -> Result<(), Throw> {
    agent.scope(|agent| loop {
        let remaining = slot(state, D_REMAINING).as_int().unwrap_or(0);
        if remaining <= 0 {
            // 4. If needsAwait is true and hasAwaited is false, Perform ! Await(undefined).
            if flag(state, D_NEEDS_AWAIT) && !flag(state, D_HAS_AWAITED) {
                object::set_internal_slot(agent, state, D_NEEDS_AWAIT, Value::FALSE);
                if await_value(agent, state, Value::UNDEFINED)? {
                    return Ok(());
                }
                continue;
            }
            return complete(agent, state);
        }
        let resources = slot(state, D_RESOURCES);
        let Some(array) = as_object(resources) else {
            return complete(agent, state);
        };
        let at = 3 * (remaining as u32 - 1);
        let get = |i| object::element(array, i).unwrap_or(Value::UNDEFINED);
        let (value, method, hint) = (
            get(at),
            get(at + 1),
            get(at + 2).as_int().unwrap_or(0) as u32,
        );
        // 3.d. A sync-dispose resource after an unawaited null/undefined one: Await first
        // (the loop comes back to this resource with needsAwait false).
        if hint != ASYNC_DISPOSE && flag(state, D_NEEDS_AWAIT) && !flag(state, D_HAS_AWAITED) {
            object::set_internal_slot(agent, state, D_NEEDS_AWAIT, Value::FALSE);
            if await_value(agent, state, Value::UNDEFINED)? {
                return Ok(());
            }
        }
        object::set_internal_slot(agent, state, D_REMAINING, Value::int(remaining - 1));
        if method.is_undefined() {
            // 3.f. Only a null/undefined `await using` value (or `use(null)`).
            object::set_internal_slot(agent, state, D_NEEDS_AWAIT, Value::TRUE);
            continue;
        }
        // 3.e.i. result = Completion(Call(method, value)).
        match call(agent, method, value, &[]) {
            Ok(result) if hint == ASYNC_DISPOSE => {
                // 3.e.ii. Await(result); hasAwaited = true.
                object::set_internal_slot(agent, state, D_HAS_AWAITED, Value::TRUE);
                if await_value(agent, state, result)? {
                    return Ok(());
                }
            }
            Ok(_) => {}
            Err(t) => {
                let thrown = t.into_value(agent);
                record_error(agent, state, thrown)?;
            }
        }
    })
}

/// Step 6–8 of `disposeAsync`: resolve with undefined or reject with the completion's value.
fn complete(agent: &mut Agent, state: ObjectRef) -> Result<(), Throw> {
    if flag(state, D_THROWN) {
        let error = slot(state, D_ERROR);
        call(agent, slot(state, D_REJECT), Value::UNDEFINED, &[error])?;
    } else {
        call(
            agent,
            slot(state, D_RESOLVE),
            Value::UNDEFINED,
            &[Value::UNDEFINED],
        )?;
    }
    Ok(())
}

/// The state record of the running reaction closure (rooted through the closure).
fn callee_state(agent: &Agent) -> Option<ObjectRef> {
    as_object(super::closure_slot(agent, 0))
}

/// An `Await` of DisposeResources fulfilled: the loop goes on.
fn on_fulfilled(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let Some(state) = callee_state(agent) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        dispose_step(agent, state)?;
        Ok(Value::UNDEFINED)
    })
}

/// An `Await` of DisposeResources rejected: the rejection is the disposal's throw
/// completion; the loop goes on.
fn on_rejected(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(state) = callee_state(agent) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        record_error(agent, state, arg(args, 0))?;
        dispose_step(agent, state)?;
        Ok(Value::UNDEFINED)
    })
}

// ----- GetDisposeMethod's wrapper of a sync method -----

/// GetDisposeMethod ( V, async-dispose ) with no `@@asyncDispose` but a `@@dispose` method:
/// a built-in closure that calls it and returns a promise for `undefined` (the method's
/// result is not awaited). `method` rooted by the caller.
pub(crate) fn wrap_sync_dispose(agent: &mut Agent, method: Value) -> R {
    let id = super::native_id(&FAMILY, "%sync dispose wrapper%");
    promise::anonymous_closure(agent, id, &[method])
}

/// The wrapper's steps: O = this; promiseCapability = ! NewPromiseCapability(%Promise%);
/// result = Completion(Call(method, O)); IfAbruptRejectPromise; resolve with undefined.
fn sync_dispose_wrapper(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("the running native");
    let method = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
    agent.scope(|agent| {
        agent.root(method);
        agent.root(this);
        let c = intrinsic(agent, Intrinsic::PromiseConstructor);
        let cap = promise::new_promise_capability(agent, c)?;
        match call(agent, method, this, &[]) {
            Ok(_) => call(agent, cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?,
            Err(t) => {
                let reason = t.into_value(agent);
                call(agent, cap.reject, Value::UNDEFINED, &[reason])?
            }
        };
        Ok(cap.promise)
    })
}

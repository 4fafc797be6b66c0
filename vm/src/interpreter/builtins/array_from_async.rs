//! Array.fromAsync ( asyncItems [ , mapfn [ , thisArg ] ] ) (ES2026, §23.1.2.2)
//! <https://tc39.es/proposal-array-from-async/>
//!
//! The spec runs an abstract closure as an async function. A built-in cannot suspend, so
//! the closure runs as a state machine: an internal record (`S_*` slots) holds the target
//! `A`, the iterator (or array-like) and its `next` method, the mapping function, the index
//! and which `Await` is pending; each `Await` is a PerformPromiseThen whose reactions
//! (`%fromAsync fulfilled%` / `%fromAsync rejected%`, the record in their slot) continue
//! the loop. An abrupt completion rejects the result promise; inside the iterator loop a
//! failing mapping or definition first closes the iterator (AsyncIteratorClose, whose
//! `return()` result is awaited too).

use heap::ObjectRef;

use super::array::{construct_or_create, create, get, length_of_array_like, set_length};
use super::async_function::create_async_from_sync_iterator;
use super::promise;
use super::{arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_callable, to_boolean};
use crate::interpreter::realm::{Intrinsic, CLASS_ORDINARY};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::value::Value;

/// The family: `Array.fromAsync` and its reaction closures.
pub static FAMILY: Family = Family {
    name: "Array.fromAsync",
    create: None,
    natives: &[
        native!(
            Home::On(Intrinsic::ArrayConstructor),
            "fromAsync",
            1,
            from_async
        ),
        native!(Home::Hidden, "%fromAsync fulfilled%", 1, on_fulfilled),
        native!(Home::Hidden, "%fromAsync rejected%", 1, on_rejected),
    ],
    finish: None,
};

/// The result promise.
const S_PROMISE: usize = 0;
/// `A`.
const S_TARGET: usize = 1;
/// The iterator (iterator mode) or the array-like object.
const S_SOURCE: usize = 2;
/// The iterator's `next` method; `undefined` in array-like mode.
const S_NEXT: usize = 3;
/// `mapfn`, or `undefined` when not mapping.
const S_MAPFN: usize = 4;
const S_THIS_ARG: usize = 5;
/// `k`.
const S_INDEX: usize = 6;
/// `len` (array-like mode).
const S_LENGTH: usize = 7;
/// Which `Await` is pending (the `AWAIT_*` values).
const S_AWAITING: usize = 8;
/// The error an AsyncIteratorClose rethrows once the `return()` result settles.
const S_ERROR: usize = 9;
const S_SLOTS: usize = 10;

/// Awaiting the iterator's next result.
const AWAIT_NEXT: i32 = 0;
/// Awaiting the mapped value (iterator mode).
const AWAIT_MAPPED: i32 = 1;
/// Awaiting the array-like's element.
const AWAIT_ELEMENT: i32 = 2;
/// Awaiting the mapped element (array-like mode).
const AWAIT_MAPPED_ELEMENT: i32 = 3;
/// Awaiting `return()`'s result in AsyncIteratorClose (then rethrowing `S_ERROR`).
const AWAIT_CLOSE: i32 = 4;

/// 2^53 - 1.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

fn slot(state: ObjectRef, i: usize) -> Value {
    object::internal_slot(state, i).unwrap_or(Value::UNDEFINED)
}

fn set(agent: &mut Agent, state: ObjectRef, i: usize, v: Value) {
    object::set_internal_slot(agent, state, i, v);
}

fn index(state: ObjectRef) -> f64 {
    slot(state, S_INDEX).as_number().unwrap_or(0.0)
}

fn target(state: ObjectRef) -> Result<ObjectRef, Throw> {
    as_object(slot(state, S_TARGET))
        .ok_or_else(|| Throw::error(ErrorType::InternalError, "fromAsync without a target"))
}

/// Array.fromAsync: returns a promise; the work runs as described in the module docs.
fn from_async(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        // 2. Let promiseCapability be ! NewPromiseCapability(%Promise%).
        let p = promise::new_intrinsic_promise(agent)?;
        agent.root(Value::cell(p));
        // The closure's state: an internal record (null prototype, never exposed).
        let state = object::new_object_with_class(agent, Value::NULL, 0, CLASS_ORDINARY, S_SLOTS)?;
        agent.root(Value::cell(state));
        set(agent, state, S_PROMISE, Value::cell(p));
        if let Err(t) = start(agent, state, this, args) {
            reject(agent, state, t);
        }
        Ok(Value::cell(p))
    })
}

/// The closure's steps up to its first `Await`. `state` rooted.
fn start(agent: &mut Agent, state: ObjectRef, c: Value, args: &[Value]) -> Result<(), Throw> {
    let (items, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    // 3.a-b. mapfn must be callable if present.
    if !mapfn.is_undefined() && !is_callable(mapfn) {
        return Err(type_error(format!(
            "{} is not a function",
            ops::display(agent, mapfn)
        )));
    }
    set(agent, state, S_MAPFN, mapfn);
    set(agent, state, S_THIS_ARG, this_arg);
    set(agent, state, S_INDEX, Value::int(0));
    // 3.c-d. usingAsyncIterator, else usingSyncIterator.
    let async_key = super::symbol_key(agent, Intrinsic::SymbolAsyncIterator);
    let using_async = ops::get_method(agent, items, async_key)?;
    let using_sync = if using_async.is_undefined() {
        let sync_key = super::symbol_key(agent, Intrinsic::SymbolIterator);
        ops::get_method(agent, items, sync_key)?
    } else {
        Value::UNDEFINED
    };
    if using_async.is_undefined() && using_sync.is_undefined() {
        // 3.i. An array-like.
        let array_like = ops::to_object(agent, items)?;
        set(agent, state, S_SOURCE, Value::cell(array_like));
        let len = length_of_array_like(agent, array_like)?;
        set(agent, state, S_LENGTH, Value::number(len as f64));
        let a = construct_or_create(agent, c, &[Value::number(len as f64)], len)?;
        set(agent, state, S_TARGET, Value::cell(a));
        return next_element(agent, state);
    }
    // 3.f-g. The iterator record (an async-from-sync wrapper for a sync iterator).
    let (iterator, next) = agent.scope(|agent| {
        let method = if using_async.is_undefined() {
            using_sync
        } else {
            using_async
        };
        agent.root(method);
        let iterator = call(agent, method, items, &[])?;
        if as_object(iterator).is_none() {
            return Err(type_error("the iterator method returned a non-object"));
        }
        agent.root(iterator);
        let next = ops::get_property(agent, iterator, PropertyKey::Atom(names::NEXT))?;
        if using_async.is_undefined() {
            create_async_from_sync_iterator(agent, iterator, next)
        } else {
            Ok((iterator, next))
        }
    })?;
    set(agent, state, S_SOURCE, iterator);
    set(agent, state, S_NEXT, next);
    // 3.h.i-ii. A = ? Construct(C) or ! ArrayCreate(0).
    let a = construct_or_create(agent, c, &[], 0)?;
    set(agent, state, S_TARGET, Value::cell(a));
    next_result(agent, state)
}

/// Iterator mode, step 3.h.iv.1-4: ask for the next result and await it.
fn next_result(agent: &mut Agent, state: ObjectRef) -> Result<(), Throw> {
    if index(state) >= MAX_SAFE_INTEGER {
        let error = type_error("Array.fromAsync: too many elements");
        return close_iterator(agent, state, error);
    }
    let result = call(agent, slot(state, S_NEXT), slot(state, S_SOURCE), &[])?;
    await_value(agent, state, result, AWAIT_NEXT)
}

/// Array-like mode, step 3.i.v: await the next element, or finish.
fn next_element(agent: &mut Agent, state: ObjectRef) -> Result<(), Throw> {
    let k = index(state);
    let len = slot(state, S_LENGTH).as_number().unwrap_or(0.0);
    if k >= len {
        set_length(agent, target(state)?, len as u64)?;
        return resolve(agent, state);
    }
    let source = as_object(slot(state, S_SOURCE))
        .ok_or_else(|| Throw::error(ErrorType::InternalError, "fromAsync without a source"))?;
    let value = get(agent, source, k as u64)?;
    await_value(agent, state, value, AWAIT_ELEMENT)
}

/// `Await(value)`, continuing at `awaiting`. A throwing PromiseResolve is the Await's throw
/// completion.
fn await_value(
    agent: &mut Agent,
    state: ObjectRef,
    value: Value,
    awaiting: i32,
) -> Result<(), Throw> {
    set(agent, state, S_AWAITING, Value::int(awaiting));
    let awaited = promise::await_with_closures(
        agent,
        value,
        super::native_id(&FAMILY, "%fromAsync fulfilled%"),
        super::native_id(&FAMILY, "%fromAsync rejected%"),
        &[Value::cell(state)],
    );
    match awaited {
        Ok(()) => Ok(()),
        Err(t) => {
            let error = t.into_value(agent);
            agent.scope(|agent| {
                agent.root(error);
                rejected(agent, state, error)
            })
        }
    }
}

/// An `Await` fulfilled with `value`: the step after it. `state` rooted.
fn fulfilled(agent: &mut Agent, state: ObjectRef, value: Value) -> Result<(), Throw> {
    let mapfn = slot(state, S_MAPFN);
    let k = index(state);
    match slot(state, S_AWAITING).as_int() {
        Some(AWAIT_NEXT) => {
            // 5. If nextResult is not an Object, throw a TypeError exception.
            let Some(result) = as_object(value) else {
                return Err(type_error("iterator result is not an object"));
            };
            // 6-7. If done, set A.length and return A.
            let done = ops::get_from_object(agent, result, PropertyKey::Atom(names::DONE))?
                .unwrap_or(Value::UNDEFINED);
            if to_boolean(done) {
                set_length(agent, target(state)?, k as u64)?;
                return resolve(agent, state);
            }
            // 8. Let nextValue be ? IteratorValue(nextResult).
            let next_value = ops::get_from_object(agent, result, PropertyKey::Atom(names::VALUE))?
                .unwrap_or(Value::UNDEFINED);
            if mapfn.is_undefined() {
                return define_then_next(agent, state, next_value);
            }
            // 9. mappedValue = Call(mapfn, thisArg, « nextValue, k »), closing on abrupt.
            match call(
                agent,
                mapfn,
                slot(state, S_THIS_ARG),
                &[next_value, Value::number(k)],
            ) {
                Ok(mapped) => await_value(agent, state, mapped, AWAIT_MAPPED),
                Err(t) => close_iterator(agent, state, t),
            }
        }
        Some(AWAIT_MAPPED) => define_then_next(agent, state, value),
        Some(AWAIT_ELEMENT) if !mapfn.is_undefined() => {
            let mapped = call(
                agent,
                mapfn,
                slot(state, S_THIS_ARG),
                &[value, Value::number(k)],
            )?;
            await_value(agent, state, mapped, AWAIT_MAPPED_ELEMENT)
        }
        Some(AWAIT_ELEMENT) | Some(AWAIT_MAPPED_ELEMENT) => {
            create(agent, target(state)?, k as u64, value)?;
            set(agent, state, S_INDEX, Value::number(k + 1.0));
            next_element(agent, state)
        }
        Some(AWAIT_CLOSE) => Err(Throw::Value(slot(state, S_ERROR))),
        _ => Err(Throw::error(
            ErrorType::InternalError,
            "fromAsync: bad state",
        )),
    }
}

/// Iterator mode, steps 10-12: CreateDataPropertyOrThrow (closing the iterator if it
/// fails), then the next round.
fn define_then_next(agent: &mut Agent, state: ObjectRef, value: Value) -> Result<(), Throw> {
    let k = index(state);
    if let Err(t) = create(agent, target(state)?, k as u64, value) {
        return close_iterator(agent, state, t);
    }
    set(agent, state, S_INDEX, Value::number(k + 1.0));
    next_result(agent, state)
}

/// An `Await` rejected with `error`. `state` rooted; `error` rooted by the caller.
fn rejected(agent: &mut Agent, state: ObjectRef, error: Value) -> Result<(), Throw> {
    match slot(state, S_AWAITING).as_int() {
        // IfAbruptCloseAsyncIterator(mappedValue, iteratorRecord).
        Some(AWAIT_MAPPED) => close_iterator(agent, state, Throw::Value(error)),
        // The close's own outcome does not matter: the original error is rethrown.
        Some(AWAIT_CLOSE) => Err(Throw::Value(slot(state, S_ERROR))),
        _ => Err(Throw::Value(error)),
    }
}

/// AsyncIteratorClose(iteratorRecord, throw `error`): calls `return()` if there is one and
/// awaits its result, then rethrows `error` (which wins over anything `return` does).
fn close_iterator(agent: &mut Agent, state: ObjectRef, error: Throw) -> Result<(), Throw> {
    let error = error.into_value(agent);
    agent.scope(|agent| {
        agent.root(error);
        set(agent, state, S_ERROR, error);
        let iterator = slot(state, S_SOURCE);
        let Ok(method) = ops::get_method(agent, iterator, PropertyKey::Atom(names::RETURN)) else {
            return Err(Throw::Value(error));
        };
        if method.is_undefined() {
            return Err(Throw::Value(error));
        }
        match call(agent, method, iterator, &[]) {
            Ok(inner) => await_value(agent, state, inner, AWAIT_CLOSE),
            Err(_) => Err(Throw::Value(error)),
        }
    })
}

fn resolve(agent: &mut Agent, state: ObjectRef) -> Result<(), Throw> {
    let p = promise::as_promise(slot(state, S_PROMISE))
        .ok_or_else(|| Throw::error(ErrorType::InternalError, "fromAsync without a promise"))?;
    promise::resolve_promise(agent, p, slot(state, S_TARGET))
}

/// Rejects the result promise with the closure's throw completion.
fn reject(agent: &mut Agent, state: ObjectRef, throw: Throw) {
    let reason = throw.into_value(agent);
    if let Some(p) = promise::as_promise(slot(state, S_PROMISE)) {
        promise::reject_promise(agent, p, reason);
    }
}

/// The state record of the running reaction closure (rooted through the closure).
fn callee_state(agent: &Agent) -> Option<ObjectRef> {
    as_object(super::closure_slot(agent, 0))
}

fn on_fulfilled(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(state) = callee_state(agent) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        if let Err(t) = fulfilled(agent, state, arg(args, 0)) {
            reject(agent, state, t);
        }
        Ok(Value::UNDEFINED)
    })
}

fn on_rejected(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(state) = callee_state(agent) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        if let Err(t) = rejected(agent, state, arg(args, 0)) {
            reject(agent, state, t);
        }
        Ok(Value::UNDEFINED)
    })
}

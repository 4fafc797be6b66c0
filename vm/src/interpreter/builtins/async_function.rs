//! 27.7 AsyncFunction Objects, 27.4 AsyncGeneratorFunction Objects, 27.6 AsyncGenerator
//! Objects and 27.1.4 Async-from-Sync Iterator Objects
//! <https://tc39.es/ecma262/2024/#sec-asyncgenerator-objects>
//!
//! %AsyncFunction% / %AsyncGeneratorFunction% (constructors: CreateDynamicFunction) and their
//! prototypes, %AsyncGeneratorPrototype% (`next`, `return`,
//! `throw` with the request queue: AsyncGeneratorEnqueue, AsyncGeneratorCompleteStep,
//! AsyncGeneratorResume, AsyncGeneratorAwaitReturn, AsyncGeneratorDrainQueue, and the
//! AsyncGeneratorYield the interpreter calls), CreateAsyncFromSyncIterator,
//! %AsyncFromSyncIteratorPrototype% and %AsyncIteratorPrototype% [ @@asyncDispose ].
//!
//! An async generator's request queue (`generator::G_DATA`) is an Array of request records:
//! internal objects with slots `Q_MODE` (the completion type as a resumption mode), `Q_VALUE`
//! and the capability (`Q_PROMISE`, `Q_RESOLVE`, `Q_REJECT`). An async-from-sync iterator
//! (`CLASS_ASYNC_FROM_SYNC_ITERATOR`) holds the sync iterator and its `next` method.

use heap::{HeapError, ObjectRef};

use super::function::create_dynamic_function;
use super::generator::{inherit_function, link, make_intrinsic, tag_intrinsic};
use super::promise::{self, Capability};
use super::{arg, iter_result, native, type_error, Family, Home, R};
use crate::interpreter::generator::{
    self, as_generator, COMPLETED, DRAINING_QUEUE, G_DATA, MODE_NEXT, MODE_RETURN, MODE_THROW,
    SUSPENDED_START, SUSPENDED_YIELD,
};
use crate::interpreter::ops::{self, as_object, to_boolean};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ASYNC_FROM_SYNC_ITERATOR, CLASS_ASYNC_GENERATOR, CLASS_ORDINARY,
};
use crate::interpreter::{call, top, ErrorType, Throw};
use crate::parser::DynamicFunctionKind;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::value::Value;

const Q_MODE: usize = 0;
const Q_VALUE: usize = 1;
const Q_PROMISE: usize = 2;
const Q_RESOLVE: usize = 3;
const Q_REJECT: usize = 4;

const AGP: Home = Home::On(Intrinsic::AsyncGeneratorPrototype);
const AFSP: Home = Home::On(Intrinsic::AsyncFromSyncIteratorPrototype);

/// The family.
pub static FAMILY: Family = Family {
    name: "AsyncFunction",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Hidden,
            "AsyncFunction",
            1,
            async_function_constructor,
            constructor(
                Some(Intrinsic::AsyncFunction),
                Some(Intrinsic::AsyncFunctionPrototype)
            )
        ),
        native!(
            Home::Hidden,
            "AsyncGeneratorFunction",
            1,
            async_generator_function_constructor,
            constructor(
                Some(Intrinsic::AsyncGeneratorFunction),
                Some(Intrinsic::AsyncGeneratorFunctionPrototype)
            )
        ),
        native!(AGP, "next", 1, async_generator_next),
        native!(AGP, "return", 1, async_generator_return),
        native!(AGP, "throw", 1, async_generator_throw),
        native!(AFSP, "next", 1, async_from_sync_next),
        native!(AFSP, "return", 1, async_from_sync_return),
        native!(AFSP, "throw", 1, async_from_sync_throw),
        native!(Home::Hidden, "%unwrap%", 1, unwrap),
        native!(Home::Hidden, "%closeIterator%", 1, close_iterator),
        native!(
            Home::On(Intrinsic::AsyncIteratorPrototype),
            "[Symbol.asyncDispose]",
            0,
            async_iterator_dispose
        ),
        native!(Home::Hidden, "%returnUndefined%", 1, return_undefined),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    make_intrinsic(
        agent,
        Intrinsic::AsyncFunctionPrototype,
        Intrinsic::FunctionPrototype,
    )?;
    make_intrinsic(
        agent,
        Intrinsic::AsyncGeneratorFunctionPrototype,
        Intrinsic::FunctionPrototype,
    )?;
    make_intrinsic(
        agent,
        Intrinsic::AsyncGeneratorPrototype,
        Intrinsic::AsyncIteratorPrototype,
    )?;
    make_intrinsic(
        agent,
        Intrinsic::AsyncFromSyncIteratorPrototype,
        Intrinsic::AsyncIteratorPrototype,
    )?;
    tag_intrinsic(agent, Intrinsic::AsyncFunctionPrototype, "AsyncFunction")?;
    tag_intrinsic(
        agent,
        Intrinsic::AsyncGeneratorFunctionPrototype,
        "AsyncGeneratorFunction",
    )?;
    tag_intrinsic(agent, Intrinsic::AsyncGeneratorPrototype, "AsyncGenerator")
}

fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    inherit_function(agent, Intrinsic::AsyncFunction);
    inherit_function(agent, Intrinsic::AsyncGeneratorFunction);
    let constructor = PropertyKey::Atom(names::CONSTRUCTOR);
    let prototype = PropertyKey::Atom(names::PROTOTYPE);
    link(
        agent,
        Intrinsic::AsyncFunctionPrototype,
        constructor,
        Intrinsic::AsyncFunction,
    )?;
    link(
        agent,
        Intrinsic::AsyncGeneratorFunctionPrototype,
        constructor,
        Intrinsic::AsyncGeneratorFunction,
    )?;
    link(
        agent,
        Intrinsic::AsyncGeneratorFunctionPrototype,
        prototype,
        Intrinsic::AsyncGeneratorPrototype,
    )?;
    link(
        agent,
        Intrinsic::AsyncGeneratorPrototype,
        constructor,
        Intrinsic::AsyncGeneratorFunctionPrototype,
    )
}

/// 27.7.1.1 AsyncFunction ( ...parameterArgs, bodyArg )
fn async_function_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    create_dynamic_function(agent, DynamicFunctionKind::Async, args, nt)
}

/// 27.4.1.1 AsyncGeneratorFunction ( ...parameterArgs, bodyArg )
fn async_generator_function_constructor(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    nt: Value,
) -> R {
    create_dynamic_function(agent, DynamicFunctionKind::AsyncGenerator, args, nt)
}

fn slot(o: ObjectRef, i: usize) -> Value {
    object::internal_slot(o, i).unwrap_or(Value::UNDEFINED)
}

fn queue(gen: ObjectRef) -> Option<ObjectRef> {
    as_object(slot(gen, G_DATA))
}

fn front(gen: ObjectRef) -> Option<ObjectRef> {
    queue(gen)
        .filter(|&q| object::elements_len(q) > 0)
        .and_then(|q| object::element(q, 0))
        .and_then(as_object)
}

/// NewPromiseCapability(%Promise%), rooted in the caller's scope.
fn intrinsic_capability(agent: &mut Agent) -> Result<Capability, Throw> {
    let c = intrinsic(agent, Intrinsic::PromiseConstructor);
    promise::new_promise_capability(agent, c)
}

fn reject_capability(agent: &mut Agent, cap: Capability, t: Throw) -> R {
    let v = t.into_value(agent);
    call(agent, cap.reject, Value::UNDEFINED, &[v])?;
    Ok(cap.promise)
}

// ----- 27.6.3 AsyncGenerator Abstract Operations -----

/// 27.6.3.3 AsyncGeneratorEnqueue ( generator, completion, promiseCapability )
fn enqueue(
    agent: &mut Agent,
    gen: ObjectRef,
    mode: i32,
    value: Value,
    cap: Capability,
) -> Result<(), Throw> {
    let r = new_object_with_class(agent, Value::NULL, 0, CLASS_ORDINARY, 5)?;
    object::set_internal_slot(agent, r, Q_MODE, Value::int(mode));
    object::set_internal_slot(agent, r, Q_VALUE, value);
    object::set_internal_slot(agent, r, Q_PROMISE, cap.promise);
    object::set_internal_slot(agent, r, Q_RESOLVE, cap.resolve);
    object::set_internal_slot(agent, r, Q_REJECT, cap.reject);
    if let Some(q) = queue(gen) {
        let len = object::elements_len(q);
        object::set_element(agent, q, len, Value::cell(r))?;
    }
    Ok(())
}

/// 27.6.3.4 AsyncGeneratorCompleteStep ( generator, completion, done ): removes the front
/// request and settles its promise (`gen` and `value` rooted by the caller).
pub fn complete_step(
    agent: &mut Agent,
    gen: ObjectRef,
    is_throw: bool,
    value: Value,
    done: bool,
) -> Result<(), Throw> {
    let Some(q) = queue(gen) else {
        return Ok(());
    };
    let Some(next) = front(gen) else {
        return Ok(());
    };
    agent.scope(|agent| {
        // The request and the value stay rooted once the request leaves the queue.
        agent.root(Value::cell(next));
        agent.root(value);
        // 2. Remove the first element of the queue.
        let len = object::elements_len(q);
        for i in 1..len {
            let v = object::element(q, i).unwrap_or(Value::UNDEFINED);
            object::set_element(agent, q, i - 1, v)?;
        }
        object::truncate_elements(agent, q, len - 1);
        if is_throw {
            // 5. Call(promiseCapability.[[Reject]], undefined, « value »).
            call(agent, slot(next, Q_REJECT), Value::UNDEFINED, &[value])?;
        } else {
            // 6. iteratorResult = CreateIterResultObject(value, done); Call([[Resolve]]).
            let result = iter_result(agent, value, done)?;
            agent.root(result);
            call(agent, slot(next, Q_RESOLVE), Value::UNDEFINED, &[result])?;
        }
        Ok(())
    })
}

/// 27.6.3.5 AsyncGeneratorResume ( generator, completion )
fn resume(agent: &mut Agent, gen: ObjectRef, mode: i32, value: Value) -> Result<(), Throw> {
    generator::resume(agent, gen, mode, value).map(|_| ())
}

/// 27.6.3.8 AsyncGeneratorYield ( value ) for the running frame (`value` in its
/// accumulator), after completing the front request: `Some((mode, value))` to continue at
/// once with the next request's completion, `None` when the frame was saved (suspend it).
pub fn async_generator_yield(agent: &mut Agent) -> Result<Option<(i32, Value)>, Throw> {
    let (value, gen) = {
        let f = top(agent);
        (f.acc, f.generator)
    };
    let Some(gen) = as_object(gen) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "yield outside an async generator",
        ));
    };
    // 9. AsyncGeneratorCompleteStep(generator, completion, false).
    complete_step(agent, gen, false, value, false)?;
    // 11. The queue is not empty: continue without suspending.
    if let Some(next) = front(gen) {
        let mode = slot(next, Q_MODE).as_int().unwrap_or(MODE_NEXT);
        return Ok(Some((mode, slot(next, Q_VALUE))));
    }
    // 12. Suspend.
    generator::suspend(agent, Some(SUSPENDED_YIELD))?;
    Ok(None)
}

/// 27.6.3.9 AsyncGeneratorAwaitReturn ( generator )
fn await_return(agent: &mut Agent, gen: ObjectRef) -> Result<(), Throw> {
    let Some(next) = front(gen) else {
        return Ok(());
    };
    let value = slot(next, Q_VALUE);
    agent.scope(|agent| {
        agent.root(Value::cell(gen));
        // 4. promiseCompletion = Completion(PromiseResolve(%Promise%, value)).
        match promise::promise_resolve_intrinsic(agent, value) {
            Err(t) => {
                // 5. Abrupt: complete the request with it and drain.
                let v = t.into_value(agent);
                agent.root(v);
                complete_step(agent, gen, true, v, true)?;
                drain_queue(agent, gen)
            }
            Ok(p) => {
                agent.root(p);
                promise::perform_then_resume(agent, p, gen, promise::Resume::AsyncGeneratorReturn)
            }
        }
    })
}

/// The fulfilled / rejected closures of AsyncGeneratorAwaitReturn (27.6.3.9 steps 7–8).
pub fn await_return_settled(
    agent: &mut Agent,
    gen: ObjectRef,
    rejected: bool,
    value: Value,
) -> Result<(), Throw> {
    complete_step(agent, gen, rejected, value, true)?;
    drain_queue(agent, gen)
}

/// 27.6.3.10 AsyncGeneratorDrainQueue ( generator )
pub fn drain_queue(agent: &mut Agent, gen: ObjectRef) -> Result<(), Throw> {
    loop {
        // 3. An empty queue completes the generator.
        let Some(next) = front(gen) else {
            generator::set_state(agent, gen, COMPLETED);
            return Ok(());
        };
        let mode = slot(next, Q_MODE).as_int().unwrap_or(MODE_NEXT);
        if mode == MODE_RETURN {
            // 5.b. AsyncGeneratorAwaitReturn.
            return await_return(agent, gen);
        }
        // 5.c. Normal completions become `undefined`; throws reject.
        let value = if mode == MODE_THROW {
            slot(next, Q_VALUE)
        } else {
            Value::UNDEFINED
        };
        complete_step(agent, gen, mode == MODE_THROW, value, true)?;
    }
}

// ----- 27.6.1 %AsyncGeneratorPrototype% -----

/// The shared steps of %AsyncGeneratorPrototype%.next / return / throw (27.6.1.2–4).
fn async_generator_request(agent: &mut Agent, this: Value, mode: i32, value: Value) -> R {
    agent.scope(|agent| {
        // 2. promiseCapability = ! NewPromiseCapability(%Promise%).
        let cap = intrinsic_capability(agent)?;
        // 3–4. AsyncGeneratorValidate, IfAbruptRejectPromise.
        let Some(gen) = as_generator(this, CLASS_ASYNC_GENERATOR) else {
            let t = type_error("AsyncGenerator method called on incompatible receiver");
            return reject_capability(agent, cap, t);
        };
        let mut state = generator::state(gen);
        match mode {
            MODE_NEXT if state == COMPLETED => {
                // next 6: a completed generator resolves with { undefined, done: true }.
                let result = iter_result(agent, Value::UNDEFINED, true)?;
                agent.root(result);
                call(agent, cap.resolve, Value::UNDEFINED, &[result])?;
                return Ok(cap.promise);
            }
            MODE_THROW => {
                // throw 6–7.
                if state == SUSPENDED_START {
                    generator::set_state(agent, gen, COMPLETED);
                    generator::clear(agent, gen);
                    state = COMPLETED;
                }
                if state == COMPLETED {
                    call(agent, cap.reject, Value::UNDEFINED, &[value])?;
                    return Ok(cap.promise);
                }
            }
            _ => {}
        }
        // AsyncGeneratorEnqueue(generator, completion, promiseCapability).
        enqueue(agent, gen, mode, value, cap)?;
        if state == SUSPENDED_YIELD || (state == SUSPENDED_START && mode == MODE_NEXT) {
            resume(agent, gen, mode, value)?;
        } else if mode == MODE_RETURN && (state == SUSPENDED_START || state == COMPLETED) {
            // return 8: draining-queue, AsyncGeneratorAwaitReturn.
            generator::set_state(agent, gen, DRAINING_QUEUE);
            generator::clear(agent, gen);
            await_return(agent, gen)?;
        }
        Ok(cap.promise)
    })
}

/// 27.6.1.2 %AsyncGeneratorPrototype%.next ( value )
fn async_generator_next(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    async_generator_request(agent, this, MODE_NEXT, arg(args, 0))
}

/// 27.6.1.3 %AsyncGeneratorPrototype%.return ( value )
fn async_generator_return(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    async_generator_request(agent, this, MODE_RETURN, arg(args, 0))
}

/// 27.6.1.4 %AsyncGeneratorPrototype%.throw ( exception )
fn async_generator_throw(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    async_generator_request(agent, this, MODE_THROW, arg(args, 0))
}

// ----- 27.1.4 Async-from-Sync Iterator Objects -----

/// GetIterator(obj, async) (7.4.3): `(iterator, next method)`, unrooted.
pub fn get_async_iterator(agent: &mut Agent, v: Value) -> Result<(Value, Value), Throw> {
    agent.scope(|agent| {
        agent.root(v);
        let sym = intrinsic(agent, Intrinsic::SymbolAsyncIterator)
            .as_cell()
            .expect("a symbol");
        let method = ops::get_method(agent, v, PropertyKey::Symbol(sym))?;
        if method.is_undefined() {
            // 1.b. CreateAsyncFromSyncIterator(GetIterator(obj, sync)).
            let (sync, next) = ops::get_iterator(agent, v)?;
            return create_async_from_sync_iterator(agent, sync, next);
        }
        agent.root(method);
        let iterator = call(agent, method, v, &[])?;
        if as_object(iterator).is_none() {
            return Err(type_error(
                "Result of the Symbol.asyncIterator method is not an object",
            ));
        }
        agent.root(iterator);
        let next = ops::get_property(agent, iterator, PropertyKey::Atom(names::NEXT))?;
        Ok((iterator, next))
    })
}

/// 27.1.6.1 CreateAsyncFromSyncIterator ( syncIteratorRecord ): `(iterator, next method)`,
/// unrooted; `sync` and `next` are rooted here.
pub fn create_async_from_sync_iterator(
    agent: &mut Agent,
    sync: Value,
    next: Value,
) -> Result<(Value, Value), Throw> {
    agent.scope(|agent| {
        agent.root(sync);
        agent.root(next);
        let proto = intrinsic(agent, Intrinsic::AsyncFromSyncIteratorPrototype);
        let it = new_object_with_class(agent, proto, 0, CLASS_ASYNC_FROM_SYNC_ITERATOR, 2)?;
        object::set_internal_slot(agent, it, 0, sync);
        object::set_internal_slot(agent, it, 1, next);
        agent.root(Value::cell(it));
        let next = ops::get_property(agent, Value::cell(it), PropertyKey::Atom(names::NEXT))?;
        Ok((Value::cell(it), next))
    })
}

fn sync_record(this: Value) -> Option<(Value, Value)> {
    let o = as_object(this).filter(|&o| object::class(o) == CLASS_ASYNC_FROM_SYNC_ITERATOR)?;
    Some((slot(o, 0), slot(o, 1)))
}

/// 27.1.4.4 AsyncFromSyncIteratorContinuation ( result, promiseCapability,
/// syncIteratorRecord, closeOnRejection ); everything rooted by the caller.
fn continuation(
    agent: &mut Agent,
    result: Value,
    cap: Capability,
    sync: Value,
    close_on_rejection: bool,
) -> R {
    let Some(r) = as_object(result) else {
        return reject_capability(agent, cap, type_error("iterator result is not an object"));
    };
    // 1–2. done = IteratorComplete(result).
    let done = match ops::get_from_object(agent, r, PropertyKey::Atom(names::DONE)) {
        Ok(v) => to_boolean(v.unwrap_or(Value::UNDEFINED)),
        Err(t) => return reject_capability(agent, cap, t),
    };
    // 3–4. value = IteratorValue(result).
    let value = match ops::get_from_object(agent, r, PropertyKey::Atom(names::VALUE)) {
        Ok(v) => v.unwrap_or(Value::UNDEFINED),
        Err(t) => return reject_capability(agent, cap, t),
    };
    agent.root(value);
    // 5–7. valueWrapper = PromiseResolve(%Promise%, value), closing the iterator on an
    // abrupt completion if asked.
    let wrapper = match promise::promise_resolve_intrinsic(agent, value) {
        Ok(w) => w,
        Err(t) => {
            let v = t.into_value(agent);
            agent.root(v);
            if !done && close_on_rejection {
                ops::iterator_close(agent, sync, true)?;
            }
            return reject_capability(agent, cap, Throw::Value(v));
        }
    };
    agent.root(wrapper);
    // 8–12. onFulfilled unwraps; onRejected closes the iterator unless done.
    let on_fulfilled = super::promise::anonymous_closure(
        agent,
        super::native_id(&FAMILY, "%unwrap%"),
        &[Value::bool(done)],
    )?;
    agent.root(on_fulfilled);
    let on_rejected = if done || !close_on_rejection {
        Value::UNDEFINED
    } else {
        let f = super::promise::anonymous_closure(
            agent,
            super::native_id(&FAMILY, "%closeIterator%"),
            &[sync],
        )?;
        agent.root(f);
        f
    };
    let Some(p) = promise::as_promise(wrapper) else {
        return Ok(cap.promise);
    };
    // 13. PerformPromiseThen(valueWrapper, onFulfilled, onRejected, promiseCapability).
    promise::perform_then(agent, p, on_fulfilled, on_rejected, cap)
}

/// The unwrap closure: `CreateIterResultObject(v, done)`.
fn unwrap(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let done = slot(f, 1) == Value::TRUE;
    iter_result(agent, arg(args, 0), done)
}

/// The closeIterator closure: IteratorClose(syncIteratorRecord, ThrowCompletion(error)).
fn close_iterator(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let sync = slot(f, 1);
    ops::iterator_close(agent, sync, true)?;
    Err(Throw::Value(arg(args, 0)))
}

/// 27.1.4.2.1 %AsyncFromSyncIteratorPrototype%.next ( [ value ] )
fn async_from_sync_next(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let cap = intrinsic_capability(agent)?;
        let Some((sync, next)) = sync_record(this) else {
            return reject_capability(agent, cap, type_error("not an async-from-sync iterator"));
        };
        let args = if args.is_empty() { &[][..] } else { &args[..1] };
        let result = match call(agent, next, sync, args) {
            Ok(r) if as_object(r).is_some() => r,
            Ok(_) => {
                return reject_capability(
                    agent,
                    cap,
                    type_error("iterator result is not an object"),
                )
            }
            Err(t) => return reject_capability(agent, cap, t),
        };
        agent.root(result);
        continuation(agent, result, cap, sync, true)
    })
}

/// 27.1.4.2.2 %AsyncFromSyncIteratorPrototype%.return ( [ value ] ) and 27.1.4.2.3 .throw.
fn async_from_sync_abrupt(agent: &mut Agent, this: Value, args: &[Value], is_throw: bool) -> R {
    agent.scope(|agent| {
        let cap = intrinsic_capability(agent)?;
        let Some((sync, _)) = sync_record(this) else {
            return reject_capability(agent, cap, type_error("not an async-from-sync iterator"));
        };
        let name = if is_throw {
            names::THROW
        } else {
            names::RETURN
        };
        let method = match ops::get_method(agent, sync, PropertyKey::Atom(name)) {
            Ok(m) => m,
            Err(t) => return reject_capability(agent, cap, t),
        };
        if method.is_undefined() {
            if !is_throw {
                // return 7: resolve with { value, done: true }.
                let result = iter_result(agent, arg(args, 0), true)?;
                agent.root(result);
                call(agent, cap.resolve, Value::UNDEFINED, &[result])?;
                return Ok(cap.promise);
            }
            // throw 7: close the iterator, then reject with a TypeError.
            if let Err(t) = ops::iterator_close(agent, sync, false) {
                return reject_capability(agent, cap, t);
            }
            return reject_capability(
                agent,
                cap,
                type_error("The iterator does not provide a 'throw' method"),
            );
        }
        agent.root(method);
        let args = if args.is_empty() { &[][..] } else { &args[..1] };
        let result = match call(agent, method, sync, args) {
            Ok(r) if as_object(r).is_some() => r,
            Ok(_) => {
                return reject_capability(
                    agent,
                    cap,
                    type_error("iterator result is not an object"),
                )
            }
            Err(t) => return reject_capability(agent, cap, t),
        };
        agent.root(result);
        continuation(agent, result, cap, sync, is_throw)
    })
}

fn async_from_sync_return(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    async_from_sync_abrupt(agent, this, args, false)
}

fn async_from_sync_throw(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    async_from_sync_abrupt(agent, this, args, true)
}

// ----- %AsyncIteratorPrototype% [ @@asyncDispose ] (explicit resource management) -----

fn return_undefined(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::UNDEFINED)
}

/// %AsyncIteratorPrototype% [ @@asyncDispose ] ( ): calls `return` (if any) and fulfils with
/// `undefined` once its result settles.
fn async_iterator_dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        // 2. promiseCapability = ! NewPromiseCapability(%Promise%).
        let cap = intrinsic_capability(agent)?;
        // 3–4. return = GetMethod(O, "return"), IfAbruptRejectPromise.
        let method = match ops::get_method(agent, this, PropertyKey::Atom(names::RETURN)) {
            Ok(m) => m,
            Err(t) => return reject_capability(agent, cap, t),
        };
        // 5. No `return`: resolve with undefined.
        if method.is_undefined() {
            call(agent, cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
            return Ok(cap.promise);
        }
        agent.root(method);
        // 6.a–d. result = Call(return, O) (no arguments); PromiseResolve(%Promise%, result).
        let result = match call(agent, method, this, &[]) {
            Ok(v) => v,
            Err(t) => return reject_capability(agent, cap, t),
        };
        agent.root(result);
        let wrapper = match promise::promise_resolve_intrinsic(agent, result) {
            Ok(w) => w,
            Err(t) => return reject_capability(agent, cap, t),
        };
        agent.root(wrapper);
        // 6.e–f. PerformPromiseThen(resultWrapper, unwrap → undefined, undefined, capability).
        let on_fulfilled =
            promise::anonymous_closure(agent, super::native_id(&FAMILY, "%returnUndefined%"), &[])?;
        agent.root(on_fulfilled);
        let Some(p) = promise::as_promise(wrapper) else {
            return Ok(cap.promise);
        };
        promise::perform_then(agent, p, on_fulfilled, Value::UNDEFINED, cap)
    })
}

//! 27.2 Promise Objects
//! <https://tc39.es/ecma262/2024/#sec-promise-objects>
//!
//! The `Promise` constructor, its statics (§27.2.4: all, allSettled, any, race, reject,
//! resolve, try, withResolvers, @@species; allKeyed and allSettledKeyed from the
//! await-dictionary proposal), `Promise.prototype` (§27.2.5: then, catch,
//! finally), the abstract operations (§27.2.1: CreateResolvingFunctions, FulfillPromise,
//! NewPromiseCapability, RejectPromise, TriggerPromiseReactions; PromiseResolve,
//! PerformPromiseThen) and the promise jobs (§27.2.2), which `interpreter::jobs` runs.
//! HostPromiseRejectionTracker is a no-op.
//!
//! A promise (`CLASS_PROMISE`) has internal slots `P_STATE` (0 pending, 1 fulfilled, 2
//! rejected), `P_RESULT`, `P_FULFILL` / `P_REJECT` (Arrays of reaction records while
//! pending) and `P_HANDLED`. A PromiseReaction record is an internal object (null prototype)
//! with internal slots: the capability's promise, resolve and reject (`undefined` for none),
//! the handler and the reaction kind ([`KIND_FULFILL`], …; the `await` kinds resume a
//! suspended frame instead of calling a function — the spec's unobservable closures).

use heap::{HeapError, ObjectRef};

use super::{arg, array_from, native, type_error, Family, Home, R};
use crate::interpreter::generator::{self, MODE_NEXT, MODE_THROW};
use crate::interpreter::jobs::{self, Job, JobKind};
use crate::interpreter::ops::{self, as_object, is_callable, same_value};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_ARRAY, CLASS_ERROR, CLASS_ORDINARY,
    CLASS_PROMISE,
};
use crate::interpreter::{call, construct, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const P_STATE: usize = 0;
const P_RESULT: usize = 1;
const P_FULFILL: usize = 2;
const P_REJECT: usize = 3;
const P_HANDLED: usize = 4;

const PENDING: i32 = 0;
const FULFILLED: i32 = 1;
const REJECTED: i32 = 2;

const R_PROMISE: usize = 0;
const R_RESOLVE: usize = 1;
const R_REJECT: usize = 2;
const R_HANDLER: usize = 3;
const R_KIND: usize = 4;

/// Reaction kind: Fulfill.
pub const KIND_FULFILL: i32 = 0;
/// Reaction kind: Reject.
pub const KIND_REJECT: i32 = 1;
/// Reaction kind: resume the awaiting frame (handler: its state object) normally.
pub const KIND_AWAIT_FULFILL: i32 = 2;
/// Reaction kind: resume the awaiting frame by throwing.
pub const KIND_AWAIT_REJECT: i32 = 3;
/// Reaction kind: AsyncGeneratorAwaitReturn's fulfilled closure (handler: the generator).
pub const KIND_AGEN_RETURN_FULFILL: i32 = 4;
/// Reaction kind: AsyncGeneratorAwaitReturn's rejected closure.
pub const KIND_AGEN_RETURN_REJECT: i32 = 5;

const PP: Home = Home::On(Intrinsic::PromisePrototype);
const PC: Home = Home::On(Intrinsic::PromiseConstructor);

/// The family.
pub static FAMILY: Family = Family {
    name: "Promise",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Promise",
            1,
            promise_constructor,
            constructor(
                Some(Intrinsic::PromiseConstructor),
                Some(Intrinsic::PromisePrototype)
            )
        ),
        native!(PC, "all", 1, promise_all),
        native!(PC, "allKeyed", 1, promise_all_keyed),
        native!(PC, "allSettled", 1, promise_all_settled),
        native!(PC, "allSettledKeyed", 1, promise_all_settled_keyed),
        native!(PC, "any", 1, promise_any),
        native!(PC, "race", 1, promise_race),
        native!(PC, "reject", 1, promise_reject),
        native!(PC, "resolve", 1, promise_resolve_static),
        native!(PC, "try", 1, promise_try),
        native!(PC, "withResolvers", 0, promise_with_resolvers),
        native!(PC, "[Symbol.species]", species, getter),
        native!(PP, "catch", 1, promise_catch),
        native!(PP, "finally", 1, promise_finally),
        native!(PP, "then", 2, promise_then),
        // Anonymous built-in closures (renamed to "" when made).
        native!(Home::Hidden, "%resolve%", 1, resolve_function),
        native!(Home::Hidden, "%reject%", 1, reject_function),
        native!(Home::Hidden, "%executor%", 2, capability_executor),
        native!(Home::Hidden, "%thenFinally%", 1, then_finally),
        native!(Home::Hidden, "%catchFinally%", 1, catch_finally),
        native!(Home::Hidden, "%valueThunk%", 0, value_thunk),
        native!(Home::Hidden, "%thrower%", 0, thrower),
        native!(Home::Hidden, "%allResolveElement%", 1, all_resolve_element),
        native!(
            Home::Hidden,
            "%allSettledFulfilled%",
            1,
            all_settled_fulfilled
        ),
        native!(
            Home::Hidden,
            "%allSettledRejected%",
            1,
            all_settled_rejected
        ),
        native!(Home::Hidden, "%anyRejectElement%", 1, any_reject_element),
    ],
    finish: None,
};

/// %Promise.prototype% with its @@toStringTag.
fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = object::new_object(agent, op, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::PromisePrototype as usize] = Value::cell(proto);
    super::generator::tag_intrinsic(agent, Intrinsic::PromisePrototype, "Promise")
}

/// `Await(value)` for a built-in that goes on in reaction closures (a state machine standing
/// in for the spec's async abstract closure): PerformPromiseThen(PromiseResolve(%Promise%,
/// value), onFulfilled, onRejected), the two being anonymous closures of the natives
/// `fulfilled` and `rejected` over `slots` (rooted by the caller). `Err` is PromiseResolve's
/// throw — the Await's throw completion, for the caller to handle.
pub(crate) fn await_with_closures(
    agent: &mut Agent,
    value: Value,
    fulfilled: super::NativeId,
    rejected: super::NativeId,
    slots: &[Value],
) -> Result<(), Throw> {
    agent.scope(|agent| {
        agent.root(value);
        let p = promise_resolve_intrinsic(agent, value)?;
        agent.root(p);
        let on_fulfilled = anonymous_closure(agent, fulfilled, slots)?;
        agent.root(on_fulfilled);
        let on_rejected = anonymous_closure(agent, rejected, slots)?;
        agent.root(on_rejected);
        let p = as_promise(p).ok_or_else(|| {
            Throw::error(
                ErrorType::InternalError,
                "PromiseResolve returned a non-promise",
            )
        })?;
        perform_then(agent, p, on_fulfilled, on_rejected, Capability::NONE)?;
        Ok(())
    })
}

/// An anonymous built-in closure (`name` is `""`) of this family's entry `name`.
pub(crate) fn closure(agent: &mut Agent, name: &str, slots: &[Value]) -> Result<Value, Throw> {
    let id = super::native_id(&FAMILY, name);
    anonymous_closure(agent, id, slots)
}

/// `make_native_closure` with the `name` property set to `""`.
pub(crate) fn anonymous_closure(
    agent: &mut Agent,
    id: super::NativeId,
    slots: &[Value],
) -> Result<Value, Throw> {
    let f = super::make_native_closure(agent, id, slots)?;
    agent.scope(|agent| {
        agent.root(f);
        let empty = ops::new_string(agent, "")?;
        let fo = as_object(f).expect("a function");
        if let Some(slot) = object::find(agent, fo, PropertyKey::Atom(names::NAME)) {
            object::set_slot_value(agent, fo, slot.index, empty);
        }
        Ok(f)
    })
}

fn slot(o: ObjectRef, i: usize) -> Value {
    object::internal_slot(o, i).unwrap_or(Value::UNDEFINED)
}

/// IsPromise(v).
pub fn as_promise(v: Value) -> Option<ObjectRef> {
    as_object(v).filter(|&o| object::class(o) == CLASS_PROMISE)
}

fn new_promise_with_proto(agent: &mut Agent, proto: Value) -> Result<ObjectRef, Throw> {
    let p = new_object_with_class(agent, proto, 0, CLASS_PROMISE, 5)?;
    object::set_internal_slot(agent, p, P_STATE, Value::int(PENDING));
    object::set_internal_slot(agent, p, P_HANDLED, Value::FALSE);
    Ok(p)
}

/// `[[PromiseState]]` with the result of a settled promise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PromiseState {
    /// Pending.
    Pending,
    /// Fulfilled with the value.
    Fulfilled(Value),
    /// Rejected with the reason.
    Rejected(Value),
}

/// The state of promise `p` (its result unrooted).
pub fn state(p: ObjectRef) -> PromiseState {
    match slot(p, P_STATE).as_int() {
        Some(FULFILLED) => PromiseState::Fulfilled(slot(p, P_RESULT)),
        Some(REJECTED) => PromiseState::Rejected(slot(p, P_RESULT)),
        _ => PromiseState::Pending,
    }
}

/// A new pending promise inheriting %Promise.prototype%.
pub fn new_intrinsic_promise(agent: &mut Agent) -> Result<ObjectRef, Throw> {
    let proto = intrinsic(agent, Intrinsic::PromisePrototype);
    new_promise_with_proto(agent, proto)
}

fn new_internal(agent: &mut Agent, slots: usize) -> Result<ObjectRef, Throw> {
    Ok(new_object_with_class(
        agent,
        Value::NULL,
        0,
        CLASS_ORDINARY,
        slots,
    )?)
}

fn new_list(agent: &mut Agent) -> Result<ObjectRef, Throw> {
    let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
    Ok(new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?)
}

/// 27.2.1.3 CreateResolvingFunctions ( promise ): the functions, rooted in the caller's
/// scope.
fn create_resolving_functions(agent: &mut Agent, p: ObjectRef) -> Result<(Value, Value), Throw> {
    agent.root(Value::cell(p));
    let record = new_internal(agent, 1)?;
    object::set_internal_slot(agent, record, 0, Value::FALSE);
    agent.root(Value::cell(record));
    let resolve = closure(agent, "%resolve%", &[Value::cell(p), Value::cell(record)])?;
    agent.root(resolve);
    let reject = closure(agent, "%reject%", &[Value::cell(p), Value::cell(record)])?;
    agent.root(reject);
    Ok((resolve, reject))
}

/// 27.2.1.3.2 Promise Resolve Functions
fn resolve_function(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let (p, record) = (slot(f, 1), slot(f, 2));
    let (Some(p), Some(record)) = (as_object(p), as_object(record)) else {
        return Ok(Value::UNDEFINED);
    };
    // 5–6. alreadyResolved.
    if slot(record, 0) == Value::TRUE {
        return Ok(Value::UNDEFINED);
    }
    object::set_internal_slot(agent, record, 0, Value::TRUE);
    resolve_promise(agent, p, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

/// 27.2.1.3.1 Promise Reject Functions
fn reject_function(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let (p, record) = (slot(f, 1), slot(f, 2));
    let (Some(p), Some(record)) = (as_object(p), as_object(record)) else {
        return Ok(Value::UNDEFINED);
    };
    if slot(record, 0) == Value::TRUE {
        return Ok(Value::UNDEFINED);
    }
    object::set_internal_slot(agent, record, 0, Value::TRUE);
    reject_promise(agent, p, arg(args, 0));
    Ok(Value::UNDEFINED)
}

/// The steps of a promise resolve function after the alreadyResolved check (27.2.1.3.2
/// steps 7–16); `p` and `resolution` are rooted by the caller.
pub fn resolve_promise(agent: &mut Agent, p: ObjectRef, resolution: Value) -> Result<(), Throw> {
    // 7. A promise resolved with itself.
    if same_value(resolution, Value::cell(p)) {
        let error = crate::interpreter::realm::make_error(
            agent,
            ErrorType::TypeError,
            "Chaining cycle detected for promise",
        )?;
        reject_promise(agent, p, error);
        return Ok(());
    }
    // 8. Not an object: fulfill.
    let Some(r) = as_object(resolution) else {
        fulfill_promise(agent, p, resolution);
        return Ok(());
    };
    agent.scope(|agent| {
        agent.root(Value::cell(p));
        agent.root(resolution);
        // 9–10. Get(resolution, "then"); an abrupt completion rejects.
        let then = match ops::get_from_object(agent, r, PropertyKey::Atom(names::THEN)) {
            Ok(v) => v.unwrap_or(Value::UNDEFINED),
            Err(t) => {
                let reason = t.into_value(agent);
                reject_promise(agent, p, reason);
                return Ok(());
            }
        };
        // 12. Not callable: fulfill.
        if !is_callable(then) {
            fulfill_promise(agent, p, resolution);
            return Ok(());
        }
        // 13–15. NewPromiseResolveThenableJob.
        jobs::enqueue(
            agent,
            Job {
                kind: JobKind::PromiseResolveThenable,
                a: Value::cell(p),
                b: resolution,
                c: then,
            },
        );
        Ok(())
    })
}

/// 27.2.1.4 FulfillPromise / 27.2.1.7 RejectPromise with 27.2.1.8 TriggerPromiseReactions.
fn settle(agent: &mut Agent, p: ObjectRef, value: Value, state: i32) {
    if slot(p, P_STATE).as_int() != Some(PENDING) {
        return;
    }
    let list = slot(
        p,
        if state == FULFILLED {
            P_FULFILL
        } else {
            P_REJECT
        },
    );
    object::set_internal_slot(agent, p, P_RESULT, value);
    object::set_internal_slot(agent, p, P_FULFILL, Value::UNDEFINED);
    object::set_internal_slot(agent, p, P_REJECT, Value::UNDEFINED);
    object::set_internal_slot(agent, p, P_STATE, Value::int(state));
    if let Some(list) = as_object(list) {
        for i in 0..object::elements_len(list) {
            if let Some(reaction) = object::element(list, i) {
                jobs::enqueue(
                    agent,
                    Job {
                        kind: JobKind::PromiseReaction,
                        a: reaction,
                        b: value,
                        c: Value::UNDEFINED,
                    },
                );
            }
        }
    }
}

/// 27.2.1.4 FulfillPromise ( promise, value )
pub fn fulfill_promise(agent: &mut Agent, p: ObjectRef, value: Value) {
    settle(agent, p, value, FULFILLED);
}

/// 27.2.1.7 RejectPromise ( promise, reason )
pub fn reject_promise(agent: &mut Agent, p: ObjectRef, reason: Value) {
    settle(agent, p, reason, REJECTED);
}

/// A PromiseCapability record (the values are rooted by whoever made it).
#[derive(Clone, Copy)]
pub struct Capability {
    /// `[[Promise]]`.
    pub promise: Value,
    /// `[[Resolve]]`.
    pub resolve: Value,
    /// `[[Reject]]`.
    pub reject: Value,
}

impl Capability {
    /// No capability (PerformPromiseThen's resultCapability undefined).
    pub(crate) const NONE: Capability = Capability {
        promise: Value::UNDEFINED,
        resolve: Value::UNDEFINED,
        reject: Value::UNDEFINED,
    };
}

/// 27.2.1.5 NewPromiseCapability ( C ): the record's values are rooted in the caller's
/// scope.
pub fn new_promise_capability(agent: &mut Agent, c: Value) -> Result<Capability, Throw> {
    // 1. IsConstructor(C).
    if !ops::is_constructor(agent, c) {
        return Err(type_error(format!(
            "{} is not a constructor",
            ops::display(agent, c)
        )));
    }
    // 3–4. The executor closure records resolve and reject in its slots 1 and 2.
    let executor = closure(agent, "%executor%", &[Value::UNDEFINED, Value::UNDEFINED])?;
    agent.root(executor);
    // 5. promise = ? Construct(C, « executor »).
    let promise = construct(agent, c, &[executor], c)?;
    agent.root(promise);
    let e = as_object(executor).expect("a closure");
    let (resolve, reject) = (slot(e, 1), slot(e, 2));
    // 6–7.
    if !is_callable(resolve) {
        return Err(type_error("Promise resolve function is not callable"));
    }
    if !is_callable(reject) {
        return Err(type_error("Promise reject function is not callable"));
    }
    Ok(Capability {
        promise,
        resolve,
        reject,
    })
}

/// 27.2.1.5.1 GetCapabilitiesExecutor Functions
fn capability_executor(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    if !slot(f, 1).is_undefined() || !slot(f, 2).is_undefined() {
        return Err(type_error("Promise executor has already been invoked"));
    }
    object::set_internal_slot(agent, f, 1, arg(args, 0));
    object::set_internal_slot(agent, f, 2, arg(args, 1));
    Ok(Value::UNDEFINED)
}

/// 27.2.4.7.1 PromiseResolve ( C, x ); `c` and `x` rooted by the caller.
pub fn promise_resolve(agent: &mut Agent, c: Value, x: Value) -> R {
    if let Some(xo) = as_promise(x) {
        let xc = ops::get_from_object(agent, xo, PropertyKey::Atom(names::CONSTRUCTOR))?
            .unwrap_or(Value::UNDEFINED);
        if same_value(xc, c) {
            return Ok(x);
        }
    }
    agent.scope(|agent| {
        let cap = new_promise_capability(agent, c)?;
        call(agent, cap.resolve, Value::UNDEFINED, &[x])?;
        Ok(cap.promise)
    })
}

/// PromiseResolve(%Promise%, x).
pub fn promise_resolve_intrinsic(agent: &mut Agent, x: Value) -> R {
    let c = intrinsic(agent, Intrinsic::PromiseConstructor);
    agent.scope(|agent| {
        agent.root(x);
        promise_resolve(agent, c, x)
    })
}

fn new_reaction(
    agent: &mut Agent,
    cap: Capability,
    handler: Value,
    kind: i32,
) -> Result<ObjectRef, Throw> {
    let r = new_internal(agent, 5)?;
    object::set_internal_slot(agent, r, R_PROMISE, cap.promise);
    object::set_internal_slot(agent, r, R_RESOLVE, cap.resolve);
    object::set_internal_slot(agent, r, R_REJECT, cap.reject);
    object::set_internal_slot(agent, r, R_HANDLER, handler);
    object::set_internal_slot(agent, r, R_KIND, Value::int(kind));
    Ok(r)
}

fn push(agent: &mut Agent, list: ObjectRef, v: Value) -> Result<(), Throw> {
    let len = object::elements_len(list);
    object::set_element(agent, list, len, v)?;
    Ok(())
}

/// 27.2.5.4.1 PerformPromiseThen with explicit reaction kinds; everything rooted by the
/// caller.
fn perform_then_kinds(
    agent: &mut Agent,
    p: ObjectRef,
    on_fulfilled: Value,
    on_rejected: Value,
    kinds: (i32, i32),
    cap: Capability,
) -> Result<(), Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(p));
        let fr = new_reaction(agent, cap, on_fulfilled, kinds.0)?;
        agent.root(Value::cell(fr));
        let rr = new_reaction(agent, cap, on_rejected, kinds.1)?;
        agent.root(Value::cell(rr));
        match slot(p, P_STATE).as_int() {
            Some(PENDING) => {
                for (index, reaction) in [(P_FULFILL, fr), (P_REJECT, rr)] {
                    let list = match as_object(slot(p, index)) {
                        Some(l) => l,
                        None => {
                            let l = new_list(agent)?;
                            object::set_internal_slot(agent, p, index, Value::cell(l));
                            l
                        }
                    };
                    push(agent, list, Value::cell(reaction))?;
                }
            }
            state => {
                let reaction = if state == Some(FULFILLED) { fr } else { rr };
                jobs::enqueue(
                    agent,
                    Job {
                        kind: JobKind::PromiseReaction,
                        a: Value::cell(reaction),
                        b: slot(p, P_RESULT),
                        c: Value::UNDEFINED,
                    },
                );
            }
        }
        object::set_internal_slot(agent, p, P_HANDLED, Value::TRUE);
        Ok(())
    })
}

/// 27.2.5.4.1 PerformPromiseThen ( promise, onFulfilled, onRejected, resultCapability );
/// everything rooted by the caller. Returns the capability's promise (or `undefined`).
pub fn perform_then(
    agent: &mut Agent,
    p: ObjectRef,
    on_fulfilled: Value,
    on_rejected: Value,
    cap: Capability,
) -> R {
    let f = if is_callable(on_fulfilled) {
        on_fulfilled
    } else {
        Value::UNDEFINED
    };
    let r = if is_callable(on_rejected) {
        on_rejected
    } else {
        Value::UNDEFINED
    };
    perform_then_kinds(agent, p, f, r, (KIND_FULFILL, KIND_REJECT), cap)?;
    Ok(cap.promise)
}

/// Which suspended code a promise reaction resumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// `Await` (27.7.5.3 steps 3–9): the async function or generator continues.
    Await,
    /// AsyncGeneratorAwaitReturn (27.6.3.9 step 9): the generator completes its return.
    AsyncGeneratorReturn,
}

/// The PerformPromiseThen whose reactions resume `gen` as `resume` says. `p` must be a
/// promise; `p` and `gen` rooted by the caller.
pub fn perform_then_resume(
    agent: &mut Agent,
    p: Value,
    gen: ObjectRef,
    resume: Resume,
) -> Result<(), Throw> {
    let Some(p) = as_promise(p) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "await on non-promise",
        ));
    };
    let kinds = match resume {
        Resume::Await => (KIND_AWAIT_FULFILL, KIND_AWAIT_REJECT),
        Resume::AsyncGeneratorReturn => (KIND_AGEN_RETURN_FULFILL, KIND_AGEN_RETURN_REJECT),
    };
    perform_then_kinds(
        agent,
        p,
        Value::cell(gen),
        Value::cell(gen),
        kinds,
        Capability::NONE,
    )
}

/// 27.2.2.1 NewPromiseReactionJob ( reaction, argument ) — the job's steps (values rooted by
/// the job queue).
pub fn promise_reaction_job(
    agent: &mut Agent,
    reaction: Value,
    argument: Value,
) -> Result<(), Throw> {
    let Some(r) = as_object(reaction) else {
        return Ok(());
    };
    let handler = slot(r, R_HANDLER);
    let kind = slot(r, R_KIND).as_int().unwrap_or(KIND_FULFILL);
    match kind {
        KIND_AWAIT_FULFILL | KIND_AWAIT_REJECT => {
            let Some(gen) = as_object(handler) else {
                return Ok(());
            };
            let mode = if kind == KIND_AWAIT_FULFILL {
                MODE_NEXT
            } else {
                MODE_THROW
            };
            generator::resume(agent, gen, mode, argument)?;
            return Ok(());
        }
        KIND_AGEN_RETURN_FULFILL | KIND_AGEN_RETURN_REJECT => {
            let Some(gen) = as_object(handler) else {
                return Ok(());
            };
            return super::async_function::await_return_settled(
                agent,
                gen,
                kind == KIND_AGEN_RETURN_REJECT,
                argument,
            );
        }
        _ => {}
    }
    // 1.c–f. The handler result.
    let result = if handler.is_undefined() {
        if kind == KIND_FULFILL {
            Ok(argument)
        } else {
            Err(Throw::Value(argument))
        }
    } else {
        call(agent, handler, Value::UNDEFINED, &[argument])
    };
    // 1.g. No capability (the handler cannot throw then).
    if slot(r, R_PROMISE).is_undefined() {
        return Ok(());
    }
    // 1.h–i.
    match result {
        Ok(v) => call(agent, slot(r, R_RESOLVE), Value::UNDEFINED, &[v])?,
        Err(t) => {
            let v = t.into_value(agent);
            call(agent, slot(r, R_REJECT), Value::UNDEFINED, &[v])?
        }
    };
    Ok(())
}

/// 27.2.2.2 NewPromiseResolveThenableJob ( promiseToResolve, thenable, then ) — the job's
/// steps (values rooted by the job queue).
pub fn promise_resolve_thenable_job(
    agent: &mut Agent,
    p: Value,
    thenable: Value,
    then: Value,
) -> Result<(), Throw> {
    let Some(p) = as_object(p) else {
        return Ok(());
    };
    agent.scope(|agent| {
        let (resolve, reject) = create_resolving_functions(agent, p)?;
        if let Err(t) = call(agent, then, thenable, &[resolve, reject]) {
            let v = t.into_value(agent);
            call(agent, reject, Value::UNDEFINED, &[v])?;
        }
        Ok(())
    })
}

// ----- 27.2.3 The Promise Constructor -----

/// 27.2.3.1 Promise ( executor )
fn promise_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. NewTarget undefined.
    if nt.is_undefined() {
        return Err(type_error(
            "Promise constructor cannot be invoked without 'new'",
        ));
    }
    // 2. IsCallable(executor).
    let executor = arg(args, 0);
    if !is_callable(executor) {
        return Err(type_error(format!(
            "Promise resolver {} is not a function",
            ops::display(agent, executor)
        )));
    }
    agent.scope(|agent| {
        // 3. OrdinaryCreateFromConstructor(NewTarget, "%Promise.prototype%").
        let proto = prototype_from_constructor(agent, nt, Intrinsic::PromisePrototype)?;
        agent.root(proto);
        let p = new_promise_with_proto(agent, proto)?;
        agent.root(Value::cell(p));
        // 8–10.
        let (resolve, reject) = create_resolving_functions(agent, p)?;
        if let Err(t) = call(agent, executor, Value::UNDEFINED, &[resolve, reject]) {
            let v = t.into_value(agent);
            call(agent, reject, Value::UNDEFINED, &[v])?;
        }
        Ok(Value::cell(p))
    })
}

// ----- 27.2.4 Properties of the Promise Constructor -----

/// IfAbruptRejectPromise(completion, capability): rejects and returns the promise.
fn reject_with(agent: &mut Agent, cap: Capability, t: Throw) -> R {
    let v = t.into_value(agent);
    call(agent, cap.reject, Value::UNDEFINED, &[v])?;
    Ok(cap.promise)
}

/// 27.2.4.1.1 GetPromiseResolve ( promiseConstructor )
fn get_promise_resolve(agent: &mut Agent, c: Value) -> R {
    let key = PropertyKey::Atom(agent.atoms.intern_str("resolve"));
    let resolve = ops::get_property(agent, c, key)?;
    if !is_callable(resolve) {
        return Err(type_error("Promise resolve is not a function"));
    }
    Ok(resolve)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Combinator {
    All,
    AllSettled,
    Any,
    Race,
}

// Internal slots of the shared state of Promise.all / allSettled / any.
const S_VALUES: usize = 0;
const S_REMAINING: usize = 1;
const S_SETTLE: usize = 2;
/// The keys of Promise.allKeyed / allSettledKeyed (an Array), `undefined` otherwise.
const S_KEYS: usize = 3;

/// 27.2.4.1 Promise.all, 27.2.4.2 Promise.allSettled, 27.2.4.3 Promise.any, 27.2.4.5
/// Promise.race: the shared steps 1–9.
fn combinator(agent: &mut Agent, c: Value, iterable: Value, which: Combinator) -> R {
    agent.scope(|agent| {
        // 2. promiseCapability = ? NewPromiseCapability(C).
        let cap = new_promise_capability(agent, c)?;
        // 3–4. GetPromiseResolve(C), IfAbruptRejectPromise.
        let promise_resolve = match get_promise_resolve(agent, c) {
            Ok(v) => agent.root(v),
            Err(t) => return reject_with(agent, cap, t),
        };
        // 5–6. GetIterator(iterable, sync), IfAbruptRejectPromise.
        let (iterator, next) = match ops::get_iterator(agent, iterable) {
            Ok(pair) => pair,
            Err(t) => return reject_with(agent, cap, t),
        };
        agent.root(iterator);
        agent.root(next);
        let promise_resolve = agent.get(promise_resolve);
        let mut done = false;
        let result = perform_combinator(
            agent,
            which,
            (iterator, next),
            &mut done,
            c,
            cap,
            promise_resolve,
        );
        // 8. If abrupt: close the iterator unless done, then IfAbruptRejectPromise.
        match result {
            Ok(v) => Ok(v),
            Err(t) => {
                let v = t.into_value(agent);
                agent.root(v);
                if !done {
                    ops::iterator_close(agent, iterator, true)?;
                }
                reject_with(agent, cap, Throw::Value(v))
            }
        }
    })
}

fn remaining(state: ObjectRef) -> i32 {
    slot(state, S_REMAINING).as_int().unwrap_or(0)
}

/// Decrements remainingElementsCount; `true` when it reaches 0.
fn decrement(agent: &mut Agent, state: ObjectRef) -> bool {
    let n = remaining(state) - 1;
    object::set_internal_slot(agent, state, S_REMAINING, Value::int(n));
    n == 0
}

/// The values list as a fresh Array (CreateArrayFromList).
fn list_to_array(agent: &mut Agent, list: Value) -> R {
    let values: Vec<Value> = as_object(list)
        .map(|l| {
            (0..object::elements_len(l))
                .map(|i| object::element(l, i).unwrap_or(Value::UNDEFINED))
                .collect()
        })
        .unwrap_or_default();
    // The values stay reachable from `list` (rooted by the caller).
    Ok(Value::cell(array_from(agent, &values)?))
}

/// Finishes Promise.all / allSettled (resolve with the values) or Promise.any (reject with an
/// AggregateError of the errors).
fn finish_combinator(agent: &mut Agent, state: ObjectRef, any: bool) -> R {
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        if let Some(keys) = as_object(slot(state, S_KEYS)) {
            // CreateKeyedPromiseCombinatorResultObject(keys, values).
            let result = object::new_object(agent, Value::NULL, 4)?;
            agent.root(Value::cell(result));
            let values = as_object(slot(state, S_VALUES));
            for i in 0..object::elements_len(keys) {
                let k = object::element(keys, i).unwrap_or(Value::UNDEFINED);
                let key = ops::to_property_key(agent, k)?;
                let v = values
                    .and_then(|l| object::element(l, i))
                    .unwrap_or(Value::UNDEFINED);
                ops::define_own(agent, result, key, v)?;
            }
            let settle = slot(state, S_SETTLE);
            return call(agent, settle, Value::UNDEFINED, &[Value::cell(result)]);
        }
        let array = list_to_array(agent, slot(state, S_VALUES))?;
        agent.root(array);
        let settle = slot(state, S_SETTLE);
        let arg = if any {
            let e = make_aggregate_error(agent, array)?;
            agent.root(e)
        } else {
            agent.root(array)
        };
        let arg = agent.get(arg);
        call(agent, settle, Value::UNDEFINED, &[arg])
    })
}

/// A new AggregateError (no message) whose `errors` is `errors` (rooted by the caller).
pub fn make_aggregate_error(agent: &mut Agent, errors: Value) -> R {
    let proto = intrinsic(agent, Intrinsic::AggregateErrorPrototype);
    let e = new_object_with_class(agent, proto, 2, CLASS_ERROR, 0)?;
    let key = PropertyKey::Atom(agent.atoms.intern_str("errors"));
    object::add_property(agent, e, key, Attributes::BUILTIN, errors)?;
    Ok(Value::cell(e))
}

/// PerformPromiseAll / AllSettled / Any / Race (27.2.4.1.2, 27.2.4.2.1, 27.2.4.3.1,
/// 27.2.4.5.1). Everything passed in is rooted by the caller.
fn perform_combinator(
    agent: &mut Agent,
    which: Combinator,
    (iterator, next): (Value, Value),
    done: &mut bool,
    c: Value,
    cap: Capability,
    promise_resolve: Value,
) -> R {
    agent.scope(|agent| {
        // 1–2. values / errors and remainingElementsCount (the shared state).
        let state = new_internal(agent, 4)?;
        agent.root(Value::cell(state));
        let list = new_list(agent)?;
        object::set_internal_slot(agent, state, S_VALUES, Value::cell(list));
        object::set_internal_slot(agent, state, S_REMAINING, Value::int(1));
        let settle = if which == Combinator::Any {
            cap.reject
        } else {
            cap.resolve
        };
        object::set_internal_slot(agent, state, S_SETTLE, settle);
        let mut index: u32 = 0;
        loop {
            let finished = agent.scope(|agent| -> Result<bool, Throw> {
                // a. next = ? IteratorStepValue(iteratorRecord).
                let next_value = match ops::iterator_step_value(agent, iterator, next) {
                    Err(t) => {
                        *done = true;
                        return Err(t);
                    }
                    Ok(None) => {
                        // b. Done.
                        *done = true;
                        if which != Combinator::Race && decrement(agent, state) {
                            finish_combinator(agent, state, which == Combinator::Any)?;
                        }
                        return Ok(true);
                    }
                    Ok(Some(v)) => v,
                };
                agent.root(next_value);
                // c. Append undefined to values.
                if which != Combinator::Race {
                    object::set_element(agent, list, index, Value::UNDEFINED)?;
                }
                // d. nextPromise = ? Call(promiseResolve, constructor, « next »).
                let next_promise = call(agent, promise_resolve, c, &[next_value])?;
                agent.root(next_promise);
                let (on_fulfilled, on_rejected) = match which {
                    Combinator::Race => (cap.resolve, cap.reject),
                    Combinator::All => element_closures(agent, false, state, index, cap)?,
                    Combinator::AllSettled => element_closures(agent, true, state, index, cap)?,
                    Combinator::Any => {
                        let r = closure(
                            agent,
                            "%anyRejectElement%",
                            &[Value::cell(state), Value::int(index as i32), Value::FALSE],
                        )?;
                        agent.root(r);
                        (cap.resolve, r)
                    }
                };
                // remainingElementsCount + 1.
                if which != Combinator::Race {
                    let n = remaining(state) + 1;
                    object::set_internal_slot(agent, state, S_REMAINING, Value::int(n));
                }
                // ? Invoke(nextPromise, "then", « onFulfilled, onRejected »).
                let then = ops::get_property(agent, next_promise, PropertyKey::Atom(names::THEN))?;
                call(agent, then, next_promise, &[on_fulfilled, on_rejected])?;
                Ok(false)
            })?;
            if finished {
                return Ok(cap.promise);
            }
            index += 1;
        }
    })
}

/// Reads the state, index and alreadyCalled record of a combinator element closure; `None`
/// if already called (and marks it called otherwise).
fn element_prelude(agent: &mut Agent, shared_called: bool) -> Option<(ObjectRef, u32)> {
    let f = as_object(super::callee(agent))?;
    let state = as_object(slot(f, 1))?;
    let index = slot(f, 2).as_int()? as u32;
    if shared_called {
        let called = as_object(slot(f, 3))?;
        if slot(called, 0) == Value::TRUE {
            return None;
        }
        object::set_internal_slot(agent, called, 0, Value::TRUE);
    } else {
        if slot(f, 3) == Value::TRUE {
            return None;
        }
        object::set_internal_slot(agent, f, 3, Value::TRUE);
    }
    Some((state, index))
}

fn store_element(agent: &mut Agent, state: ObjectRef, index: u32, v: Value, any: bool) -> R {
    if let Some(list) = as_object(slot(state, S_VALUES)) {
        object::set_element(agent, list, index, v)?;
    }
    if decrement(agent, state) {
        return finish_combinator(agent, state, any);
    }
    Ok(Value::UNDEFINED)
}

/// 27.2.4.1.3 Promise.all Resolve Element Functions
fn all_resolve_element(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some((state, index)) = element_prelude(agent, false) else {
        return Ok(Value::UNDEFINED);
    };
    store_element(agent, state, index, arg(args, 0), false)
}

/// 27.2.4.3.2 Promise.any Reject Element Functions
fn any_reject_element(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some((state, index)) = element_prelude(agent, false) else {
        return Ok(Value::UNDEFINED);
    };
    store_element(agent, state, index, arg(args, 0), true)
}

/// Promise.allSettled's `{ status, value | reason }` object.
fn settled_element(agent: &mut Agent, x: Value, fulfilled: bool) -> R {
    let Some((state, index)) = element_prelude(agent, true) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        agent.root(Value::cell(state));
        let obj = super::new_plain_object(agent)?;
        agent.root(Value::cell(obj));
        let status = ops::new_string(agent, if fulfilled { "fulfilled" } else { "rejected" })?;
        let status_key = PropertyKey::Atom(agent.atoms.intern_str("status"));
        ops::define_own(agent, obj, status_key, status)?;
        let key = if fulfilled {
            PropertyKey::Atom(names::VALUE)
        } else {
            PropertyKey::Atom(agent.atoms.intern_str("reason"))
        };
        ops::define_own(agent, obj, key, x)?;
        store_element(agent, state, index, Value::cell(obj), false)
    })
}

/// 27.2.4.2.2 Promise.allSettled Resolve Element Functions
fn all_settled_fulfilled(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    settled_element(agent, arg(args, 0), true)
}

/// 27.2.4.2.3 Promise.allSettled Reject Element Functions
fn all_settled_rejected(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    settled_element(agent, arg(args, 0), false)
}

/// The element closures of an all / allSettled step for element `index`: `(onFulfilled,
/// onRejected)`, rooted in the caller's scope.
fn element_closures(
    agent: &mut Agent,
    settled: bool,
    state: ObjectRef,
    index: u32,
    cap: Capability,
) -> Result<(Value, Value), Throw> {
    if !settled {
        let f = closure(
            agent,
            "%allResolveElement%",
            &[Value::cell(state), Value::int(index as i32), Value::FALSE],
        )?;
        agent.root(f);
        return Ok((f, cap.reject));
    }
    let called = new_internal(agent, 1)?;
    object::set_internal_slot(agent, called, 0, Value::FALSE);
    agent.root(Value::cell(called));
    let slots = [
        Value::cell(state),
        Value::int(index as i32),
        Value::cell(called),
    ];
    let f = closure(agent, "%allSettledFulfilled%", &slots)?;
    agent.root(f);
    let r = closure(agent, "%allSettledRejected%", &slots)?;
    agent.root(r);
    Ok((f, r))
}

/// Promise.allKeyed / Promise.allSettledKeyed (the await-dictionary proposal): steps 1–8.
fn keyed_combinator(agent: &mut Agent, c: Value, promises: Value, settled: bool) -> R {
    agent.scope(|agent| {
        // 2. promiseCapability = ? NewPromiseCapability(C).
        let cap = new_promise_capability(agent, c)?;
        // 3–4. GetPromiseResolve(C), IfAbruptRejectPromise.
        let promise_resolve = match get_promise_resolve(agent, c) {
            Ok(v) => v,
            Err(t) => return reject_with(agent, cap, t),
        };
        agent.root(promise_resolve);
        // 5. promises must be an Object.
        let Some(promises) = as_object(promises) else {
            let t = type_error("Promise keyed combinator argument is not an object");
            return reject_with(agent, cap, t);
        };
        // 6–7. PerformPromiseAllKeyed, IfAbruptRejectPromise.
        match perform_keyed(agent, settled, promises, c, cap, promise_resolve) {
            Ok(v) => Ok(v),
            Err(t) => reject_with(agent, cap, t),
        }
    })
}

/// PerformPromiseAllKeyed ( variant, promises, constructor, resultCapability,
/// promiseResolve ); everything rooted by the caller.
fn perform_keyed(
    agent: &mut Agent,
    settled: bool,
    promises: ObjectRef,
    c: Value,
    cap: Capability,
    promise_resolve: Value,
) -> R {
    agent.scope(|agent| {
        let state = new_internal(agent, 4)?;
        agent.root(Value::cell(state));
        let values = new_list(agent)?;
        object::set_internal_slot(agent, state, S_VALUES, Value::cell(values));
        let keys = new_list(agent)?;
        object::set_internal_slot(agent, state, S_KEYS, Value::cell(keys));
        object::set_internal_slot(agent, state, S_REMAINING, Value::int(1));
        object::set_internal_slot(agent, state, S_SETTLE, cap.resolve);
        // 1. allKeys = ? promises.[[OwnPropertyKeys]]() (Proxies run their traps).
        let all_keys = ops::try_own_keys(agent, promises)?;
        let mut index: u32 = 0;
        for key in all_keys {
            // 6.a–b. desc = ? promises.[[GetOwnProperty]](key); only enumerable properties.
            let enumerable = ops::try_get_own_property(agent, promises, key)?
                .is_some_and(|d| d.enumerable == Some(true));
            if !enumerable {
                continue;
            }
            agent.scope(|agent| -> Result<(), Throw> {
                // i. value = ? Get(promises, key).
                let value = ops::get_from_object(agent, promises, key)?.unwrap_or(Value::UNDEFINED);
                agent.root(value);
                // ii–iii. Append key to keys and undefined to values.
                let k = ops::key_value(agent, key)?;
                object::set_element(agent, keys, index, k)?;
                object::set_element(agent, values, index, Value::UNDEFINED)?;
                // iv. nextPromise = ? Call(promiseResolve, constructor, « value »).
                let next_promise = call(agent, promise_resolve, c, &[value])?;
                agent.root(next_promise);
                let (on_fulfilled, on_rejected) =
                    element_closures(agent, settled, state, index, cap)?;
                let n = remaining(state) + 1;
                object::set_internal_slot(agent, state, S_REMAINING, Value::int(n));
                // ? Invoke(nextPromise, "then", « onFulfilled, onRejected »).
                invoke_then(agent, next_promise, &[on_fulfilled, on_rejected])?;
                Ok(())
            })?;
            index += 1;
        }
        // 7–8.
        if decrement(agent, state) {
            finish_combinator(agent, state, false)?;
        }
        Ok(cap.promise)
    })
}

/// Promise.allKeyed ( promises )
fn promise_all_keyed(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    keyed_combinator(agent, this, arg(args, 0), false)
}

/// Promise.allSettledKeyed ( promises )
fn promise_all_settled_keyed(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    keyed_combinator(agent, this, arg(args, 0), true)
}

/// 27.2.4.1 Promise.all ( iterable )
fn promise_all(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    combinator(agent, this, arg(args, 0), Combinator::All)
}

/// 27.2.4.2 Promise.allSettled ( iterable )
fn promise_all_settled(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    combinator(agent, this, arg(args, 0), Combinator::AllSettled)
}

/// 27.2.4.3 Promise.any ( iterable )
fn promise_any(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    combinator(agent, this, arg(args, 0), Combinator::Any)
}

/// 27.2.4.5 Promise.race ( iterable )
fn promise_race(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    combinator(agent, this, arg(args, 0), Combinator::Race)
}

/// 27.2.4.6 Promise.reject ( r )
fn promise_reject(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let cap = new_promise_capability(agent, this)?;
        call(agent, cap.reject, Value::UNDEFINED, &[arg(args, 0)])?;
        Ok(cap.promise)
    })
}

/// 27.2.4.7 Promise.resolve ( x )
fn promise_resolve_static(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Promise.resolve called on non-object"));
    }
    promise_resolve(agent, this, arg(args, 0))
}

/// 27.2.4.8 Promise.try ( callback, ...args ) (ES2025)
fn promise_try(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if as_object(this).is_none() {
        return Err(type_error("Promise.try called on non-object"));
    }
    agent.scope(|agent| {
        let cap = new_promise_capability(agent, this)?;
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        match call(agent, arg(args, 0), Value::UNDEFINED, rest) {
            Ok(v) => call(agent, cap.resolve, Value::UNDEFINED, &[v])?,
            Err(t) => {
                let v = t.into_value(agent);
                call(agent, cap.reject, Value::UNDEFINED, &[v])?
            }
        };
        Ok(cap.promise)
    })
}

/// 27.2.4.9 Promise.withResolvers ( )
fn promise_with_resolvers(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let cap = new_promise_capability(agent, this)?;
        let obj = super::new_plain_object(agent)?;
        agent.root(Value::cell(obj));
        let key = PropertyKey::Atom(agent.atoms.intern_str("promise"));
        ops::define_own(agent, obj, key, cap.promise)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str("resolve"));
        ops::define_own(agent, obj, key, cap.resolve)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str("reject"));
        ops::define_own(agent, obj, key, cap.reject)?;
        Ok(Value::cell(obj))
    })
}

/// 27.2.4.10 get Promise [ @@species ]
fn species(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

// ----- 27.2.5 Properties of the Promise Prototype Object -----

/// 7.3.22 SpeciesConstructor ( O, defaultConstructor )
fn species_constructor(agent: &mut Agent, o: ObjectRef, default: Intrinsic) -> R {
    let c = ops::get_from_object(agent, o, PropertyKey::Atom(names::CONSTRUCTOR))?
        .unwrap_or(Value::UNDEFINED);
    if c.is_undefined() {
        return Ok(intrinsic(agent, default));
    }
    let Some(co) = as_object(c) else {
        return Err(type_error("object.constructor is not an object"));
    };
    let species = intrinsic(agent, Intrinsic::SymbolSpecies)
        .as_cell()
        .expect("a symbol");
    let s =
        ops::get_from_object(agent, co, PropertyKey::Symbol(species))?.unwrap_or(Value::UNDEFINED);
    if s.is_nullish() {
        return Ok(intrinsic(agent, default));
    }
    if ops::is_constructor(agent, s) {
        return Ok(s);
    }
    Err(type_error(
        "object.constructor[Symbol.species] is not a constructor",
    ))
}

/// Invoke(v, "then", args).
fn invoke_then(agent: &mut Agent, v: Value, args: &[Value]) -> R {
    let then = ops::get_property(agent, v, PropertyKey::Atom(names::THEN))?;
    call(agent, then, v, args)
}

/// 27.2.5.1 Promise.prototype.catch ( onRejected )
fn promise_catch(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    invoke_then(agent, this, &[Value::UNDEFINED, arg(args, 0)])
}

/// 27.2.5.3 Promise.prototype.finally ( onFinally )
fn promise_finally(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1–2. promise must be an Object.
    let Some(p) = as_object(this) else {
        return Err(type_error("Promise.prototype.finally called on non-object"));
    };
    agent.scope(|agent| {
        // 3. C = ? SpeciesConstructor(promise, %Promise%).
        let c = species_constructor(agent, p, Intrinsic::PromiseConstructor)?;
        agent.root(c);
        let on_finally = arg(args, 0);
        // 5–6.
        let (then_finally, catch_finally) = if !is_callable(on_finally) {
            (on_finally, on_finally)
        } else {
            let t = closure(agent, "%thenFinally%", &[on_finally, c])?;
            agent.root(t);
            let k = closure(agent, "%catchFinally%", &[on_finally, c])?;
            agent.root(k);
            (t, k)
        };
        // 7. Invoke(promise, "then", « thenFinally, catchFinally »).
        invoke_then(agent, this, &[then_finally, catch_finally])
    })
}

/// The shared steps of thenFinally / catchFinally: `Call(onFinally)`, PromiseResolve(C,
/// result), then `Invoke(p, "then", « thunk »)` with a thunk returning or throwing `value`.
fn finally_step(agent: &mut Agent, value: Value, thunk: &str) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let (on_finally, c) = (slot(f, 1), slot(f, 2));
    agent.scope(|agent| {
        agent.root(Value::cell(f));
        let result = call(agent, on_finally, Value::UNDEFINED, &[])?;
        agent.root(result);
        let p = promise_resolve(agent, c, result)?;
        agent.root(p);
        let thunk = closure(agent, thunk, &[value])?;
        agent.root(thunk);
        invoke_then(agent, p, &[thunk])
    })
}

/// 27.2.5.3.1 Then Finally Functions
fn then_finally(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    finally_step(agent, arg(args, 0), "%valueThunk%")
}

/// 27.2.5.3.2 Catch Finally Functions
fn catch_finally(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    finally_step(agent, arg(args, 0), "%thrower%")
}

fn value_thunk(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    Ok(slot(f, 1))
}

fn thrower(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    Err(Throw::Value(slot(f, 1)))
}

/// 27.2.5.4 Promise.prototype.then ( onFulfilled, onRejected )
fn promise_then(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let Some(p) = as_promise(this) else {
        return Err(type_error(
            "Promise.prototype.then called on incompatible receiver",
        ));
    };
    agent.scope(|agent| {
        let c = species_constructor(agent, p, Intrinsic::PromiseConstructor)?;
        agent.root(c);
        let cap = new_promise_capability(agent, c)?;
        perform_then(agent, p, arg(args, 0), arg(args, 1), cap)
    })
}

//! Explicit Resource Management (the `using` proposal, ES2026)
//! <https://tc39.es/proposal-explicit-resource-management/>
//!
//! The DisposeCapability records behind `using` / `await using` scopes (the opcodes
//! `CreateDisposableStack`, `AddDisposableResource`, `DisposeResource`; design/bytecode.md §9):
//! AddDisposableResource, CreateDisposableResource and GetDisposeMethod, and
//! %IteratorPrototype% [ @@dispose ] / %AsyncIteratorPrototype% [ @@asyncDispose ], and the
//! `DisposableStack` constructor and prototype. A DisposableStack (`CLASS_DISPOSABLE_STACK`)
//! holds its DisposeCapability in internal slot 0 and `true` in slot 1 once disposed.
//!
//! A DisposeCapability is an internal object (null prototype) whose internal slot 0 is an
//! Array of its resources, three elements each: the value, the hint (0 sync-dispose, 1
//! async-dispose) and the dispose method.

use heap::ObjectRef;

use super::promise::{self, Capability};
use super::{native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_callable};
use heap::HeapError;

use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_ARRAY, CLASS_DISPOSABLE_STACK,
    CLASS_ORDINARY,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::value::Value;

/// The family: the iterator prototypes' dispose methods and the hidden closures.
pub static FAMILY: Family = Family {
    name: "Disposable",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::On(Intrinsic::IteratorPrototype),
            "[Symbol.dispose]",
            0,
            iterator_dispose
        ),
        native!(
            Home::On(Intrinsic::AsyncIteratorPrototype),
            "[Symbol.asyncDispose]",
            0,
            async_iterator_dispose
        ),
        native!(
            Home::Hidden,
            "%asyncFromSyncDispose%",
            0,
            async_from_sync_dispose
        ),
        native!(Home::Hidden, "%returnUndefined%", 1, return_undefined),
        native!(Home::Hidden, "%adoptClosure%", 0, adopt_closure),
        native!(
            Home::Global,
            "DisposableStack",
            0,
            disposable_stack_constructor,
            constructor(
                Some(Intrinsic::DisposableStackConstructor),
                Some(Intrinsic::DisposableStackPrototype)
            )
        ),
        native!(DSP, "adopt", 2, disposable_stack_adopt),
        native!(DSP, "defer", 1, disposable_stack_defer),
        native!(DSP, "dispose", 0, disposable_stack_dispose),
        native!(DSP, "disposed", disposable_stack_disposed, getter),
        native!(DSP, "move", 0, disposable_stack_move),
        native!(DSP, "use", 1, disposable_stack_use),
    ],
    finish: Some(finish),
};

const DSP: Home = Home::On(Intrinsic::DisposableStackPrototype);

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    super::generator::make_intrinsic(
        agent,
        Intrinsic::DisposableStackPrototype,
        Intrinsic::ObjectPrototype,
    )?;
    super::generator::add_to_string_tag(
        agent,
        Intrinsic::DisposableStackPrototype,
        "DisposableStack",
    )
}

/// `DisposableStack.prototype[@@dispose]` is the `dispose` function object.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let proto = intrinsic(agent, Intrinsic::DisposableStackPrototype)
        .as_cell()
        .expect("an object");
    let dispose_key = PropertyKey::Atom(agent.atoms.intern_str("dispose"));
    let dispose = ops::lookup_data(agent, proto, dispose_key).unwrap_or(Value::UNDEFINED);
    let key = PropertyKey::Symbol(
        intrinsic(agent, Intrinsic::SymbolDispose)
            .as_cell()
            .expect("a symbol"),
    );
    object::add_property(
        agent,
        proto,
        key,
        crate::runtime::shape::Attributes::BUILTIN,
        dispose,
    )?;
    Ok(())
}

const HINT_SYNC: i32 = 0;
const HINT_ASYNC: i32 = 1;

/// NewDisposeCapability ( ): a new empty resource stack.
pub fn create_stack(agent: &mut Agent) -> R {
    let stack = new_object_with_class(agent, Value::NULL, 0, CLASS_ORDINARY, 1)?;
    agent.scope(|agent| {
        agent.root(Value::cell(stack));
        let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
        let list = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
        object::set_internal_slot(agent, stack, 0, Value::cell(list));
        Ok(Value::cell(stack))
    })
}

fn list(stack: Value) -> Option<ObjectRef> {
    as_object(stack)
        .and_then(|s| object::internal_slot(s, 0))
        .and_then(as_object)
}

/// GetDisposeMethod ( V, hint ); `v` rooted by the caller.
fn get_dispose_method(agent: &mut Agent, v: Value, hint: i32) -> R {
    let symbol = |agent: &Agent, which| {
        PropertyKey::Symbol(intrinsic(agent, which).as_cell().expect("a symbol"))
    };
    if hint == HINT_ASYNC {
        let key = symbol(agent, Intrinsic::SymbolAsyncDispose);
        let method = ops::get_method(agent, v, key)?;
        if !method.is_undefined() {
            return Ok(method);
        }
        // 1.b. Fall back to @@dispose, wrapped so its result is not awaited and its
        // exceptions reject.
        let key = symbol(agent, Intrinsic::SymbolDispose);
        let method = ops::get_method(agent, v, key)?;
        if method.is_undefined() {
            return Ok(method);
        }
        return agent.scope(|agent| {
            agent.root(method);
            promise::anonymous_closure(
                agent,
                super::native_id(&FAMILY, "%asyncFromSyncDispose%"),
                &[method],
            )
        });
    }
    let key = symbol(agent, Intrinsic::SymbolDispose);
    ops::get_method(agent, v, key)
}

/// AddDisposableResource ( disposeCapability, V, hint ) with CreateDisposableResource; `v`
/// rooted by the caller.
pub fn add_resource(agent: &mut Agent, stack: Value, v: Value, hint: u32) -> Result<(), Throw> {
    let hint = if hint == 0 { HINT_SYNC } else { HINT_ASYNC };
    // 1.a. null / undefined with sync-dispose: nothing to dispose.
    if v.is_nullish() && hint == HINT_SYNC {
        return Ok(());
    }
    let Some(list) = list(stack) else {
        return Ok(());
    };
    agent.scope(|agent| {
        agent.root(stack);
        agent.root(v);
        // CreateDisposableResource.
        let (value, method) = if v.is_nullish() {
            (Value::UNDEFINED, Value::UNDEFINED)
        } else {
            if as_object(v).is_none() {
                return Err(type_error(format!(
                    "{} is not an object and cannot be disposed",
                    ops::display(agent, v)
                )));
            }
            let method = get_dispose_method(agent, v, hint)?;
            if method.is_undefined() {
                return Err(type_error(format!(
                    "{} has no Symbol.{} method",
                    ops::display(agent, v),
                    if hint == HINT_ASYNC {
                        "asyncDispose"
                    } else {
                        "dispose"
                    }
                )));
            }
            agent.root(method);
            (v, method)
        };
        let len = object::elements_len(list);
        object::set_element(agent, list, len, value)?;
        object::set_element(agent, list, len + 1, Value::int(hint))?;
        object::set_element(agent, list, len + 2, method)?;
        Ok(())
    })
}

/// `DisposeResource`: pops the most recent resource: `None` when the stack is empty, else
/// `Some((is_async, result of Call(method, value) or undefined))`.
pub fn dispose_resource(agent: &mut Agent, stack: Value) -> Result<Option<(bool, Value)>, Throw> {
    let Some(list) = list(stack) else {
        return Ok(None);
    };
    let len = object::elements_len(list);
    if len < 3 {
        return Ok(None);
    }
    let value = object::element(list, len - 3).unwrap_or(Value::UNDEFINED);
    let hint = object::element(list, len - 2)
        .and_then(Value::as_int)
        .unwrap_or(HINT_SYNC);
    let method = object::element(list, len - 1).unwrap_or(Value::UNDEFINED);
    agent.scope(|agent| {
        agent.root(value);
        agent.root(method);
        object::truncate_elements(agent, list, len - 3);
        let result = if method.is_undefined() {
            Value::UNDEFINED
        } else {
            call(agent, method, value, &[])?
        };
        Ok(Some((hint == HINT_ASYNC, result)))
    })
}

/// The closure GetDisposeMethod makes around a sync @@dispose for `await using`.
fn async_from_sync_dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let method = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
    agent.scope(|agent| {
        agent.root(method);
        let c = intrinsic(agent, Intrinsic::PromiseConstructor);
        let cap = promise::new_promise_capability(agent, c)?;
        match call(agent, method, this, &[]) {
            Ok(_) => call(agent, cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?,
            Err(t) => {
                let v = t.into_value(agent);
                call(agent, cap.reject, Value::UNDEFINED, &[v])?
            }
        };
        Ok(cap.promise)
    })
}

fn return_undefined(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::UNDEFINED)
}

/// %IteratorPrototype% [ @@dispose ] ( )
fn iterator_dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let method = ops::get_method(agent, this, PropertyKey::Atom(names::RETURN))?;
    if !method.is_undefined() {
        agent.scope(|agent| {
            agent.root(method);
            call(agent, method, this, &[])
        })?;
    }
    Ok(Value::UNDEFINED)
}

/// %AsyncIteratorPrototype% [ @@asyncDispose ] ( )
fn async_iterator_dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let c = intrinsic(agent, Intrinsic::PromiseConstructor);
        let cap = promise::new_promise_capability(agent, c)?;
        let reject = |agent: &mut Agent, cap: Capability, t: Throw| -> R {
            let v = t.into_value(agent);
            call(agent, cap.reject, Value::UNDEFINED, &[v])?;
            Ok(cap.promise)
        };
        // 3–4. return = GetMethod(O, "return").
        let method = match ops::get_method(agent, this, PropertyKey::Atom(names::RETURN)) {
            Ok(m) => m,
            Err(t) => return reject(agent, cap, t),
        };
        if method.is_undefined() {
            call(agent, cap.resolve, Value::UNDEFINED, &[Value::UNDEFINED])?;
            return Ok(cap.promise);
        }
        agent.root(method);
        // 6.a–d. result = Call(return, O, « undefined »); PromiseResolve(%Promise%, result).
        let result = match call(agent, method, this, &[Value::UNDEFINED]) {
            Ok(v) => v,
            Err(t) => return reject(agent, cap, t),
        };
        agent.root(result);
        let wrapper = match promise::promise_resolve_intrinsic(agent, result) {
            Ok(w) => w,
            Err(t) => return reject(agent, cap, t),
        };
        agent.root(wrapper);
        // 6.e–f. Fulfil with undefined once the wrapper settles.
        let on_fulfilled =
            promise::anonymous_closure(agent, super::native_id(&FAMILY, "%returnUndefined%"), &[])?;
        agent.root(on_fulfilled);
        let Some(p) = promise::as_promise(wrapper) else {
            return Ok(cap.promise);
        };
        if !is_callable(on_fulfilled) {
            return Ok(cap.promise);
        }
        promise::perform_then(agent, p, on_fulfilled, Value::UNDEFINED, cap)
    })
}

/// Appends a resource with an explicit dispose method (AddDisposableResource with `method`
/// present: the value is `undefined`); `method` rooted by the caller.
fn add_resource_with_method(agent: &mut Agent, stack: Value, method: Value) -> Result<(), Throw> {
    let Some(list) = list(stack) else {
        return Ok(());
    };
    let len = object::elements_len(list);
    object::set_element(agent, list, len, Value::UNDEFINED)?;
    object::set_element(agent, list, len + 1, Value::int(HINT_SYNC))?;
    object::set_element(agent, list, len + 2, method)?;
    Ok(())
}

/// DisposeResources ( disposeCapability, NormalCompletion(undefined) ) for a sync stack:
/// calls every dispose method in reverse order, aggregating errors into SuppressedErrors.
fn dispose_all(agent: &mut Agent, stack: Value) -> Result<(), Throw> {
    agent.scope(|agent| {
        agent.root(stack);
        let mut error: Option<crate::runtime::agent::Local> = None;
        loop {
            match dispose_resource(agent, stack) {
                Ok(None) => break,
                Ok(Some(_)) => {}
                Err(t) => {
                    let v = t.into_value(agent);
                    let v = match error {
                        Some(prev) => {
                            agent.root(v);
                            let prev = agent.get(prev);
                            super::error::make_suppressed_error(agent, v, prev)?
                        }
                        None => v,
                    };
                    error = Some(agent.root(v));
                }
            }
        }
        match error {
            Some(e) => Err(Throw::Value(agent.get(e))),
            None => Ok(()),
        }
    })
}

fn this_stack(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_DISPOSABLE_STACK)
        .ok_or_else(|| {
            type_error(format!(
                "DisposableStack.prototype.{method} called on incompatible receiver"
            ))
        })
}

fn is_disposed(s: ObjectRef) -> bool {
    object::internal_slot(s, 1) == Some(Value::TRUE)
}

fn require_pending(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    let s = this_stack(this, method)?;
    if is_disposed(s) {
        return Err(Throw::error(
            ErrorType::ReferenceError,
            "DisposableStack has already been disposed",
        ));
    }
    Ok(s)
}

fn capability(s: ObjectRef) -> Value {
    object::internal_slot(s, 0).unwrap_or(Value::UNDEFINED)
}

/// A new DisposableStack with `proto` and an empty capability.
fn new_disposable_stack(agent: &mut Agent, proto: Value) -> Result<ObjectRef, Throw> {
    let s = new_object_with_class(agent, proto, 0, CLASS_DISPOSABLE_STACK, 2)?;
    agent.scope(|agent| {
        agent.root(Value::cell(s));
        let cap = create_stack(agent)?;
        object::set_internal_slot(agent, s, 0, cap);
        object::set_internal_slot(agent, s, 1, Value::FALSE);
        Ok(s)
    })
}

/// DisposableStack ( )
fn disposable_stack_constructor(agent: &mut Agent, _this: Value, _args: &[Value], nt: Value) -> R {
    if nt.is_undefined() {
        return Err(type_error("Constructor DisposableStack requires 'new'"));
    }
    let proto = prototype_from_constructor(agent, nt, Intrinsic::DisposableStackPrototype)?;
    Ok(Value::cell(new_disposable_stack(agent, proto)?))
}

/// get DisposableStack.prototype.disposed
fn disposable_stack_disposed(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(is_disposed(this_stack(this, "disposed")?)))
}

/// DisposableStack.prototype.dispose ( )
fn disposable_stack_dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let s = this_stack(this, "dispose")?;
    if is_disposed(s) {
        return Ok(Value::UNDEFINED);
    }
    object::set_internal_slot(agent, s, 1, Value::TRUE);
    dispose_all(agent, capability(s))?;
    Ok(Value::UNDEFINED)
}

/// DisposableStack.prototype.use ( value )
fn disposable_stack_use(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = require_pending(this, "use")?;
    let value = args.first().copied().unwrap_or(Value::UNDEFINED);
    add_resource(agent, capability(s), value, 0)?;
    Ok(value)
}

/// DisposableStack.prototype.adopt ( value, onDispose )
fn disposable_stack_adopt(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = require_pending(this, "adopt")?;
    let value = args.first().copied().unwrap_or(Value::UNDEFINED);
    let on_dispose = args.get(1).copied().unwrap_or(Value::UNDEFINED);
    if !is_callable(on_dispose) {
        return Err(type_error("onDispose is not a function"));
    }
    agent.scope(|agent| {
        let f = promise::anonymous_closure(
            agent,
            super::native_id(&FAMILY, "%adoptClosure%"),
            &[value, on_dispose],
        )?;
        agent.root(f);
        add_resource_with_method(agent, capability(s), f)?;
        Ok(value)
    })
}

/// The closure `adopt` registers: `Call(onDispose, undefined, « value »)`.
fn adopt_closure(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = as_object(super::callee(agent)).expect("a closure");
    let value = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
    let on_dispose = object::internal_slot(f, 2).unwrap_or(Value::UNDEFINED);
    call(agent, on_dispose, Value::UNDEFINED, &[value])?;
    Ok(Value::UNDEFINED)
}

/// DisposableStack.prototype.defer ( onDispose )
fn disposable_stack_defer(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = require_pending(this, "defer")?;
    let on_dispose = args.first().copied().unwrap_or(Value::UNDEFINED);
    if !is_callable(on_dispose) {
        return Err(type_error("onDispose is not a function"));
    }
    add_resource_with_method(agent, capability(s), on_dispose)?;
    Ok(Value::UNDEFINED)
}

/// DisposableStack.prototype.move ( )
fn disposable_stack_move(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let s = require_pending(this, "move")?;
    let proto = intrinsic(agent, Intrinsic::DisposableStackPrototype);
    let moved = new_disposable_stack(agent, proto)?;
    // The new stack takes the resources; this one gets an empty capability and is disposed.
    let old = capability(s);
    let fresh = capability(moved);
    object::set_internal_slot(agent, moved, 0, old);
    object::set_internal_slot(agent, s, 0, fresh);
    object::set_internal_slot(agent, s, 1, Value::TRUE);
    Ok(Value::cell(moved))
}

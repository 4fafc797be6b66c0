//! Explicit Resource Management (ES2026): DisposeCapability records and the operations the
//! `using` opcodes run (AddDisposableResource, DisposeResources' steps), the
//! `DisposableStack` constructor and prototype, and `SuppressedError`.
//! <https://tc39.es/proposal-explicit-resource-management/>
//!
//! A DisposeCapability — the resource stack of a `using` scope or of a `DisposableStack` — is
//! an internal Array of triples `value, method, hint` (hint 0 sync-dispose, 1 async-dispose),
//! most recent last. A `DisposableStack` object (`CLASS_DISPOSABLE_STACK`) holds its
//! capability in internal slot 0 and its state (`false` pending, `true` disposed) in slot 1.
//! `AsyncDisposableStack` (async_disposable_stack.rs) disposes the same records asynchronously.

use heap::{HeapError, ObjectRef};

use super::{arg, array_from, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_callable};
use crate::interpreter::realm::{
    add_string_property, intrinsic, prototype_from_constructor, Intrinsic, CLASS_DISPOSABLE_STACK,
    CLASS_ERROR,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const DP: Home = Home::On(Intrinsic::DisposableStackPrototype);

/// The family: `DisposableStack` and `SuppressedError`.
pub static FAMILY: Family = Family {
    name: "DisposableStack",
    create: Some(create_intrinsics),
    natives: &[
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
        native!(DP, "adopt", 2, adopt),
        native!(DP, "defer", 1, defer),
        native!(DP, "dispose", 0, dispose),
        native!(DP, "disposed", disposed_get, getter),
        native!(DP, "move", 0, move_stack),
        native!(DP, "use", 1, use_resource),
        native!(Home::Hidden, "%adopt closure%", 0, adopt_closure),
        native!(
            Home::Global,
            "SuppressedError",
            3,
            suppressed_error_constructor,
            constructor(None, Some(Intrinsic::SuppressedErrorPrototype))
        ),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 8)?;
    agent.roots.vm.intrinsics[Intrinsic::DisposableStackPrototype as usize] = Value::cell(proto);
    let ep = intrinsic(agent, Intrinsic::ErrorPrototype);
    let proto = Value::cell(new_object(agent, ep, 4)?);
    agent.roots.vm.intrinsics[Intrinsic::SuppressedErrorPrototype as usize] = proto;
    add_string_property(
        agent,
        proto,
        PropertyKey::Atom(names::NAME),
        "SuppressedError",
        Attributes::BUILTIN,
    )?;
    add_string_property(
        agent,
        proto,
        PropertyKey::Atom(names::MESSAGE),
        "",
        Attributes::BUILTIN,
    )
}

/// `DisposableStack.prototype[@@dispose]` is `dispose`; `[@@toStringTag]`; SuppressedError's
/// [[Prototype]] is %Error%.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let dispose = super::symbol_key(agent, Intrinsic::SymbolDispose);
    super::alias(
        agent,
        Intrinsic::DisposableStackPrototype,
        "dispose",
        dispose,
    )?;
    let proto = intrinsic(agent, Intrinsic::DisposableStackPrototype);
    super::add_to_string_tag(agent, proto, "DisposableStack")?;
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("SuppressedError"));
    if let Some(ctor) = ops::lookup_data(agent, global, key).and_then(as_object) {
        let error = intrinsic(agent, Intrinsic::ErrorConstructor);
        object::set_proto(agent, ctor, error);
    }
    Ok(())
}

// ----- DisposeCapability -----

/// NewDisposeCapability ( ).
pub(crate) fn new_capability(agent: &mut Agent) -> Result<Value, Throw> {
    Ok(Value::cell(array_from(agent, &[])?))
}

/// GetDisposeMethod ( V, hint ): `@@dispose`, or for async `@@asyncDispose` falling back to
/// `@@dispose` wrapped in a closure that returns a promise (its result is not awaited).
fn dispose_method(agent: &mut Agent, value: Value, hint: u32) -> R {
    let sym = |agent: &Agent, which| intrinsic(agent, which).as_cell().expect("a symbol");
    if hint == 1 {
        let key = PropertyKey::Symbol(sym(agent, Intrinsic::SymbolAsyncDispose));
        let method = ops::get_method(agent, value, key)?;
        if !method.is_undefined() {
            return Ok(method);
        }
        let key = PropertyKey::Symbol(sym(agent, Intrinsic::SymbolDispose));
        let method = ops::get_method(agent, value, key)?;
        if method.is_undefined() {
            return Ok(method);
        }
        return agent.scope(|agent| {
            agent.root(method);
            super::async_disposable_stack::wrap_sync_dispose(agent, method)
        });
    }
    let key = PropertyKey::Symbol(sym(agent, Intrinsic::SymbolDispose));
    ops::get_method(agent, value, key)
}

/// AddDisposableResource ( disposeCapability, V, hint [ , method ] ).
pub(crate) fn add_resource(
    agent: &mut Agent,
    capability: Value,
    value: Value,
    hint: u32,
    method: Option<Value>,
) -> Result<(), Throw> {
    let Some(stack) = as_object(capability) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "bad dispose capability",
        ));
    };
    agent.scope(|agent| {
        agent.root(capability);
        agent.root(value);
        let method = match method {
            Some(m) => m,
            None => {
                if value.is_nullish() {
                    if hint == 0 {
                        // Step 1.a: `using x = null` adds nothing.
                        return Ok(());
                    }
                    Value::UNDEFINED
                } else {
                    if as_object(value).is_none() {
                        return Err(type_error(format!(
                            "{} is not an object and cannot be disposed",
                            ops::display(agent, value)
                        )));
                    }
                    let m = dispose_method(agent, value, hint)?;
                    if m.is_undefined() {
                        return Err(type_error(format!(
                            "{} has no [Symbol.dispose] method",
                            ops::display(agent, value)
                        )));
                    }
                    m
                }
            }
        };
        agent.root(method);
        let n = object::elements_len(stack);
        object::set_element(agent, stack, n, value)?;
        object::set_element(agent, stack, n + 1, method)?;
        object::set_element(agent, stack, n + 2, Value::int(hint as i32))?;
        Ok(())
    })
}

/// Pops the most recent resource: `(value, method, hint)`, `None` when empty.
pub(crate) fn pop_resource(agent: &mut Agent, capability: Value) -> Option<(Value, Value, u32)> {
    let stack = as_object(capability)?;
    let n = object::elements_len(stack);
    if n < 3 {
        return None;
    }
    let get = |i| object::element(stack, i).unwrap_or(Value::UNDEFINED);
    let resource = (
        get(n - 3),
        get(n - 2),
        get(n - 1).as_int().unwrap_or(0) as u32,
    );
    object::truncate_elements(agent, stack, n - 3);
    Some(resource)
}

/// A new SuppressedError(error, suppressed) without a message (DisposeResources step 3.e).
pub(crate) fn new_suppressed_error(agent: &mut Agent, error: Value, suppressed: Value) -> R {
    agent.scope(|agent| {
        agent.root(error);
        agent.root(suppressed);
        let proto = intrinsic(agent, Intrinsic::SuppressedErrorPrototype);
        let obj = new_object_with_class(agent, proto, 4, CLASS_ERROR, 0)?;
        agent.root(Value::cell(obj));
        install_error_data(agent, obj, error, suppressed)?;
        Ok(Value::cell(obj))
    })
}

fn install_error_data(
    agent: &mut Agent,
    obj: ObjectRef,
    error: Value,
    suppressed: Value,
) -> Result<(), Throw> {
    let error_key = PropertyKey::Atom(agent.atoms.intern_str("error"));
    object::add_property(agent, obj, error_key, Attributes::BUILTIN, error)?;
    let suppressed_key = PropertyKey::Atom(agent.atoms.intern_str("suppressed"));
    object::add_property(agent, obj, suppressed_key, Attributes::BUILTIN, suppressed)?;
    Ok(())
}

/// DisposeResources ( disposeCapability, completion ) for synchronous disposal: disposes
/// every resource, most recent first; errors are chained with SuppressedError.
fn dispose_resources(agent: &mut Agent, capability: Value, mut error: Option<Value>) -> R {
    agent.scope(|agent| {
        agent.root(capability);
        while let Some((value, method, _hint)) = pop_resource(agent, capability) {
            if method.is_undefined() {
                continue;
            }
            agent.root(value);
            agent.root(method);
            if let Err(thrown) = call(agent, method, value, &[]) {
                let thrown = thrown.into_value(agent);
                agent.root(thrown);
                let combined = match error {
                    Some(previous) => new_suppressed_error(agent, thrown, previous)?,
                    None => thrown,
                };
                agent.root(combined);
                error = Some(combined);
            }
        }
        match error {
            Some(e) => Err(Throw::Value(e)),
            None => Ok(Value::UNDEFINED),
        }
    })
}

// ----- DisposableStack -----

/// DisposableStack ( )
fn disposable_stack_constructor(agent: &mut Agent, _this: Value, _args: &[Value], nt: Value) -> R {
    if nt.is_undefined() {
        return Err(type_error("Constructor DisposableStack requires 'new'"));
    }
    let proto = prototype_from_constructor(agent, nt, Intrinsic::DisposableStackPrototype)?;
    agent.scope(|agent| {
        agent.root(proto);
        let capability = new_capability(agent)?;
        agent.root(capability);
        let obj = new_object_with_class(agent, proto, 0, CLASS_DISPOSABLE_STACK, 2)?;
        object::set_internal_slot(agent, obj, 0, capability);
        object::set_internal_slot(agent, obj, 1, Value::FALSE);
        Ok(Value::cell(obj))
    })
}

/// RequireInternalSlot(this, [[DisposableState]]).
fn this_stack(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_DISPOSABLE_STACK)
        .ok_or_else(|| {
            type_error(format!(
                "DisposableStack.prototype.{method} called on an incompatible receiver"
            ))
        })
}

/// The pending stack's capability, or a ReferenceError once disposed.
fn pending_capability(this: Value, method: &str) -> Result<(ObjectRef, Value), Throw> {
    let o = this_stack(this, method)?;
    if object::internal_slot(o, 1) == Some(Value::TRUE) {
        return Err(Throw::error(
            ErrorType::ReferenceError,
            "DisposableStack already disposed",
        ));
    }
    Ok((o, object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED)))
}

/// DisposableStack.prototype.use ( value )
fn use_resource(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "use")?;
    add_resource(agent, capability, arg(args, 0), 0, None)?;
    Ok(arg(args, 0))
}

/// DisposableStack.prototype.adopt ( value, onDispose ): disposes by calling
/// `onDispose(value)`.
fn adopt(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "adopt")?;
    let on_dispose = arg(args, 1);
    if !is_callable(on_dispose) {
        return Err(type_error("onDispose is not a function"));
    }
    agent.scope(|agent| {
        agent.root(capability);
        let id = super::native_id(&FAMILY, "%adopt closure%");
        let closure = super::make_native_closure(agent, id, &[arg(args, 0), on_dispose])?;
        agent.root(closure);
        add_resource(agent, capability, Value::UNDEFINED, 0, Some(closure))?;
        Ok(arg(args, 0))
    })
}

/// The closure `adopt` registers: `Call(onDispose, undefined, « value »)`.
fn adopt_closure(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = super::callee(agent);
    let f = as_object(f).expect("the running native");
    let value = object::internal_slot(f, 1).unwrap_or(Value::UNDEFINED);
    let on_dispose = object::internal_slot(f, 2).unwrap_or(Value::UNDEFINED);
    call(agent, on_dispose, Value::UNDEFINED, &[value])?;
    Ok(Value::UNDEFINED)
}

/// DisposableStack.prototype.defer ( onDispose )
fn defer(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (_, capability) = pending_capability(this, "defer")?;
    let on_dispose = arg(args, 0);
    if !is_callable(on_dispose) {
        return Err(type_error("onDispose is not a function"));
    }
    add_resource(agent, capability, Value::UNDEFINED, 0, Some(on_dispose))?;
    Ok(Value::UNDEFINED)
}

/// DisposableStack.prototype.dispose ( ): disposes once; later calls do nothing.
fn dispose(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_stack(this, "dispose")?;
    if object::internal_slot(o, 1) == Some(Value::TRUE) {
        return Ok(Value::UNDEFINED);
    }
    object::set_internal_slot(agent, o, 1, Value::TRUE);
    let capability = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED);
    dispose_resources(agent, capability, None)
}

/// get DisposableStack.prototype.disposed
fn disposed_get(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_stack(this, "disposed")?;
    Ok(Value::bool(
        object::internal_slot(o, 1) == Some(Value::TRUE),
    ))
}

/// DisposableStack.prototype.move ( ): a new stack takes the resources; this one is
/// disposed.
fn move_stack(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (o, capability) = pending_capability(this, "move")?;
    agent.scope(|agent| {
        agent.root(capability);
        let proto = intrinsic(agent, Intrinsic::DisposableStackPrototype);
        let fresh = new_object_with_class(agent, proto, 0, CLASS_DISPOSABLE_STACK, 2)?;
        agent.root(Value::cell(fresh));
        object::set_internal_slot(agent, fresh, 0, capability);
        object::set_internal_slot(agent, fresh, 1, Value::FALSE);
        let empty = new_capability(agent)?;
        object::set_internal_slot(agent, o, 0, empty);
        object::set_internal_slot(agent, o, 1, Value::TRUE);
        Ok(Value::cell(fresh))
    })
}

/// SuppressedError ( error, suppressed, message )
fn suppressed_error_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let nt = if nt.is_undefined() {
        super::callee(agent)
    } else {
        nt
    };
    let proto = prototype_from_constructor(agent, nt, Intrinsic::SuppressedErrorPrototype)?;
    agent.scope(|agent| {
        agent.root(proto);
        let obj = new_object_with_class(agent, proto, 4, CLASS_ERROR, 0)?;
        agent.root(Value::cell(obj));
        let message = arg(args, 2);
        if !message.is_undefined() {
            let text = ops::to_string_value(agent, message)?;
            object::add_property(
                agent,
                obj,
                PropertyKey::Atom(names::MESSAGE),
                Attributes::BUILTIN,
                text,
            )?;
        }
        install_error_data(agent, obj, arg(args, 0), arg(args, 1))?;
        Ok(Value::cell(obj))
    })
}

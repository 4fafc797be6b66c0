//! 28.2 Proxy Objects and 10.5 Proxy Object Internal Methods and Internal Slots
//! <https://tc39.es/ecma262/2024/#sec-proxy-objects>
//! <https://tc39.es/ecma262/2024/#sec-proxy-object-internal-methods-and-internal-slots>
//!
//! The `Proxy` constructor, `Proxy.revocable`, and the proxy exotic object's internal
//! methods with every invariant check of §10.5. `ops` dispatches to these for objects of
//! class `CLASS_PROXY`; the interpreter's call path runs [`call_or_construct`].
//!
//! Internal slots: [`SLOT_TARGET`] `[[ProxyTarget]]`, [`SLOT_HANDLER`] `[[ProxyHandler]]`
//! (both `null` once revoked), [`SLOT_CALL`] / [`SLOT_CONSTRUCT`] (booleans: whether the
//! target was callable / a constructor at creation, which decides `[[Call]]` /
//! `[[Construct]]` for the proxy's whole life). The proxy's own `[[Prototype]]` word is null,
//! its shape empty and its storage-level extensible flag clear: none of them is used.

use super::{arg, array_from, list_from_array_like, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, from_property_descriptor, is_callable, is_compatible_descriptor, is_string,
    is_symbol, same_value, to_boolean, to_property_descriptor, try_get_own_property,
    try_is_extensible, Descriptor,
};
use crate::interpreter::realm::{Intrinsic, CLASS_PROXY};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::string;
use crate::runtime::value::Value;
use heap::ObjectRef;

/// Internal slot: `[[ProxyTarget]]`.
pub const SLOT_TARGET: usize = 0;
/// Internal slot: `[[ProxyHandler]]`.
pub const SLOT_HANDLER: usize = 1;
/// Internal slot: the proxy has `[[Call]]`.
pub const SLOT_CALL: usize = 2;
/// Internal slot: the proxy has `[[Construct]]`.
pub const SLOT_CONSTRUCT: usize = 3;

/// The family: `Proxy` and `Proxy.revocable` (and the hidden revoke function).
pub static FAMILY: Family = Family {
    name: "Proxy",
    create: None,
    natives: &[
        native!(
            Home::Global,
            "Proxy",
            2,
            proxy_constructor,
            constructor(Some(Intrinsic::ProxyConstructor), None)
        ),
        native!(
            Home::On(Intrinsic::ProxyConstructor),
            "revocable",
            2,
            proxy_revocable
        ),
        native!(Home::Hidden, "", 0, proxy_revoke),
    ],
    finish: None,
};

/// 10.5.14 ProxyCreate(target, handler).
pub fn proxy_create(agent: &mut Agent, target: Value, handler: Value) -> Result<ObjectRef, Throw> {
    if as_object(target).is_none() || as_object(handler).is_none() {
        return Err(type_error(
            "Cannot create proxy with a non-object as target or handler",
        ));
    }
    let callable = is_callable(target);
    let constructor = ops::is_constructor(agent, target);
    agent.scope(|agent| {
        let (t, h) = (agent.root(target), agent.root(handler));
        let p = new_object_with_class(agent, Value::NULL, 0, CLASS_PROXY, 4)?;
        object::set_internal_slot(agent, p, SLOT_TARGET, agent.get(t));
        object::set_internal_slot(agent, p, SLOT_HANDLER, agent.get(h));
        object::set_internal_slot(agent, p, SLOT_CALL, Value::bool(callable));
        object::set_internal_slot(agent, p, SLOT_CONSTRUCT, Value::bool(constructor));
        // The proxy's own storage never holds properties: clearing its storage-level
        // extensible flag keeps every shortcut that adds properties directly (the add-property
        // inline cache) away from it. `[[IsExtensible]]` asks the handler, not this flag.
        object::prevent_extensions(p);
        Ok(p)
    })
}

/// 28.2.1.1 Proxy ( target, handler )
fn proxy_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if nt.is_undefined() {
        return Err(type_error("Constructor Proxy requires 'new'"));
    }
    Ok(Value::cell(proxy_create(
        agent,
        arg(args, 0),
        arg(args, 1),
    )?))
}

/// 28.2.2.1 Proxy.revocable ( target, handler )
fn proxy_revocable(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let p = proxy_create(agent, arg(args, 0), arg(args, 1))?;
        let p = agent.root(Value::cell(p));
        let id = super::native_id(&FAMILY, "");
        let revoke = super::make_native_closure(agent, id, &[agent.get(p)])?;
        let revoke = agent.root(revoke);
        let result = super::new_plain_object(agent)?;
        let r = agent.root(Value::cell(result));
        let proxy_key = PropertyKey::Atom(agent.atoms.intern_str("proxy"));
        let revoke_key = PropertyKey::Atom(agent.atoms.intern_str("revoke"));
        ops::define_own(agent, result, proxy_key, agent.get(p))?;
        ops::define_own(agent, result, revoke_key, agent.get(revoke))?;
        Ok(agent.get(r))
    })
}

/// 28.2.2.1.1 Proxy Revocation Functions
fn proxy_revoke(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let f = super::callee(agent);
    let Some(f) = as_object(f) else {
        return Ok(Value::UNDEFINED);
    };
    let Some(p) = object::internal_slot(f, 1).and_then(as_object) else {
        return Ok(Value::UNDEFINED);
    };
    object::set_internal_slot(agent, f, 1, Value::NULL);
    object::set_internal_slot(agent, p, SLOT_TARGET, Value::NULL);
    object::set_internal_slot(agent, p, SLOT_HANDLER, Value::NULL);
    Ok(Value::UNDEFINED)
}

/// Steps 1–6 shared by every internal method: the target, the handler and the trap (or
/// `undefined`), all rooted in the caller's current scope.
fn prepare(
    agent: &mut Agent,
    proxy: ObjectRef,
    name: &str,
) -> Result<(ObjectRef, Value, Value), Throw> {
    agent.root(Value::cell(proxy));
    let handler = object::internal_slot(proxy, SLOT_HANDLER).unwrap_or(Value::NULL);
    let target = object::internal_slot(proxy, SLOT_TARGET).and_then(as_object);
    let (Some(target), true) = (target, as_object(handler).is_some()) else {
        return Err(type_error(format!(
            "Cannot perform '{name}' on a proxy that has been revoked"
        )));
    };
    agent.root(Value::cell(target));
    agent.root(handler);
    let key = PropertyKey::Atom(agent.atoms.intern_str(name));
    let trap = ops::get_method(agent, handler, key)?;
    agent.root(trap);
    Ok((target, handler, trap))
}

fn invariant(trap: &str, what: &str) -> Throw {
    type_error(format!("'{trap}' on proxy: {what}"))
}

/// A property key as a trap argument, rooted in the current scope.
fn key_arg(agent: &mut Agent, key: PropertyKey) -> Result<Value, Throw> {
    let v = ops::key_value(agent, key)?;
    agent.root(v);
    Ok(v)
}

fn call_trap(agent: &mut Agent, trap: Value, handler: Value, args: &[Value]) -> R {
    let r = crate::interpreter::call(agent, trap, handler, args)?;
    agent.root(r);
    Ok(r)
}

/// Roots a descriptor's values in the current scope.
fn root_descriptor(agent: &mut Agent, d: &Option<Descriptor>) {
    if let Some(d) = d {
        for v in [d.value, d.get, d.set].into_iter().flatten() {
            agent.root(v);
        }
    }
}

/// 10.5.1 [[GetPrototypeOf]] ( )
pub fn get_prototype_of(agent: &mut Agent, proxy: ObjectRef) -> Result<Value, Throw> {
    agent.scope(|agent| {
        let (target, handler, trap) = prepare(agent, proxy, "getPrototypeOf")?;
        if trap.is_undefined() {
            return ops::try_get_prototype_of(agent, target);
        }
        let handler_proto = call_trap(agent, trap, handler, &[Value::cell(target)])?;
        if as_object(handler_proto).is_none() && !handler_proto.is_null() {
            return Err(invariant(
                "getPrototypeOf",
                "trap returned neither object nor null",
            ));
        }
        if try_is_extensible(agent, target)? {
            return Ok(handler_proto);
        }
        let target_proto = ops::try_get_prototype_of(agent, target)?;
        if !same_value(handler_proto, target_proto) {
            return Err(invariant(
                "getPrototypeOf",
                "proxy target is non-extensible but the trap did not return its actual prototype",
            ));
        }
        Ok(handler_proto)
    })
}

/// 10.5.2 [[SetPrototypeOf]] ( V )
pub fn set_prototype_of(agent: &mut Agent, proxy: ObjectRef, v: Value) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(v);
        let (target, handler, trap) = prepare(agent, proxy, "setPrototypeOf")?;
        if trap.is_undefined() {
            return ops::try_set_prototype_of(agent, target, v);
        }
        let r = call_trap(agent, trap, handler, &[Value::cell(target), v])?;
        if !to_boolean(r) {
            return Ok(false);
        }
        if try_is_extensible(agent, target)? {
            return Ok(true);
        }
        let target_proto = ops::try_get_prototype_of(agent, target)?;
        if !same_value(v, target_proto) {
            return Err(invariant(
                "setPrototypeOf",
                "trap returned truish for setting a new prototype on the non-extensible proxy target",
            ));
        }
        Ok(true)
    })
}

/// 10.5.3 [[IsExtensible]] ( )
pub fn is_extensible(agent: &mut Agent, proxy: ObjectRef) -> Result<bool, Throw> {
    agent.scope(|agent| {
        let (target, handler, trap) = prepare(agent, proxy, "isExtensible")?;
        if trap.is_undefined() {
            return try_is_extensible(agent, target);
        }
        let r = to_boolean(call_trap(agent, trap, handler, &[Value::cell(target)])?);
        if r != try_is_extensible(agent, target)? {
            return Err(invariant(
                "isExtensible",
                "trap result does not reflect extensibility of proxy target",
            ));
        }
        Ok(r)
    })
}

/// 10.5.4 [[PreventExtensions]] ( )
pub fn prevent_extensions(agent: &mut Agent, proxy: ObjectRef) -> Result<bool, Throw> {
    agent.scope(|agent| {
        let (target, handler, trap) = prepare(agent, proxy, "preventExtensions")?;
        if trap.is_undefined() {
            return ops::try_prevent_extensions(agent, target);
        }
        let r = to_boolean(call_trap(agent, trap, handler, &[Value::cell(target)])?);
        if r && try_is_extensible(agent, target)? {
            return Err(invariant(
                "preventExtensions",
                "trap returned truish but the proxy target is extensible",
            ));
        }
        Ok(r)
    })
}

/// 10.5.5 [[GetOwnProperty]] ( P ); the result's values are rooted in the caller's scope.
pub fn get_own_property(
    agent: &mut Agent,
    proxy: ObjectRef,
    key: PropertyKey,
) -> Result<Option<Descriptor>, Throw> {
    let (target, handler, trap) = prepare(agent, proxy, "getOwnPropertyDescriptor")?;
    if trap.is_undefined() {
        let d = try_get_own_property(agent, target, key)?;
        root_descriptor(agent, &d);
        return Ok(d);
    }
    let k = key_arg(agent, key)?;
    let result_obj = call_trap(agent, trap, handler, &[Value::cell(target), k])?;
    if as_object(result_obj).is_none() && !result_obj.is_undefined() {
        return Err(invariant(
            "getOwnPropertyDescriptor",
            "trap returned neither object nor undefined",
        ));
    }
    let target_desc = try_get_own_property(agent, target, key)?;
    root_descriptor(agent, &target_desc);
    if result_obj.is_undefined() {
        let Some(td) = target_desc else {
            return Ok(None);
        };
        if td.configurable == Some(false) {
            return Err(invariant(
                "getOwnPropertyDescriptor",
                "trap returned undefined for a non-configurable property",
            ));
        }
        if !try_is_extensible(agent, target)? {
            return Err(invariant(
                "getOwnPropertyDescriptor",
                "trap returned undefined for a property of a non-extensible target",
            ));
        }
        return Ok(None);
    }
    let extensible = try_is_extensible(agent, target)?;
    let mut result = to_property_descriptor(agent, result_obj)?;
    result.complete();
    if !is_compatible_descriptor(extensible, &result, target_desc.as_ref()) {
        return Err(invariant(
            "getOwnPropertyDescriptor",
            "trap returned a descriptor incompatible with the target property",
        ));
    }
    if result.configurable == Some(false) {
        match target_desc {
            None
            | Some(Descriptor {
                configurable: Some(true),
                ..
            }) => {
                return Err(invariant(
                    "getOwnPropertyDescriptor",
                    "trap reported non-configurability for a configurable or missing property",
                ))
            }
            Some(td) => {
                if result.writable == Some(false) && td.writable == Some(true) {
                    return Err(invariant(
                        "getOwnPropertyDescriptor",
                        "trap reported a non-writable property that is writable on the target",
                    ));
                }
            }
        }
    }
    Ok(Some(result))
}

/// 10.5.6 [[DefineOwnProperty]] ( P, Desc )
pub fn define_own_property(
    agent: &mut Agent,
    proxy: ObjectRef,
    key: PropertyKey,
    desc: Descriptor,
) -> Result<bool, Throw> {
    agent.scope(|agent| {
        root_descriptor(agent, &Some(desc));
        let (target, handler, trap) = prepare(agent, proxy, "defineProperty")?;
        if trap.is_undefined() {
            return ops::define_property(agent, target, key, desc);
        }
        let desc_obj = from_property_descriptor(agent, &desc)?;
        agent.root(desc_obj);
        let k = key_arg(agent, key)?;
        let r = call_trap(agent, trap, handler, &[Value::cell(target), k, desc_obj])?;
        if !to_boolean(r) {
            return Ok(false);
        }
        let target_desc = try_get_own_property(agent, target, key)?;
        root_descriptor(agent, &target_desc);
        let extensible = try_is_extensible(agent, target)?;
        let setting_config_false = desc.configurable == Some(false);
        match target_desc {
            None => {
                if !extensible {
                    return Err(invariant(
                        "defineProperty",
                        "trap returned truish for adding a property to a non-extensible target",
                    ));
                }
                if setting_config_false {
                    return Err(invariant(
                        "defineProperty",
                        "trap returned truish for defining a non-configurable property that does not exist on the target",
                    ));
                }
            }
            Some(td) => {
                if !is_compatible_descriptor(extensible, &desc, Some(&td)) {
                    return Err(invariant(
                        "defineProperty",
                        "trap returned truish for a descriptor incompatible with the target property",
                    ));
                }
                if setting_config_false && td.configurable == Some(true) {
                    return Err(invariant(
                        "defineProperty",
                        "trap returned truish for defining a non-configurable property that is configurable on the target",
                    ));
                }
                if td.is_data()
                    && td.configurable == Some(false)
                    && td.writable == Some(true)
                    && desc.writable == Some(false)
                {
                    return Err(invariant(
                        "defineProperty",
                        "trap returned truish for making a non-configurable writable property non-writable",
                    ));
                }
            }
        }
        Ok(true)
    })
}

/// 10.5.7 [[HasProperty]] ( P )
pub fn has(agent: &mut Agent, proxy: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    agent.scope(|agent| {
        let (target, handler, trap) = prepare(agent, proxy, "has")?;
        if trap.is_undefined() {
            return ops::try_has_property(agent, target, key);
        }
        let k = key_arg(agent, key)?;
        let r = to_boolean(call_trap(agent, trap, handler, &[Value::cell(target), k])?);
        if !r {
            if let Some(td) = try_get_own_property(agent, target, key)? {
                if td.configurable == Some(false) {
                    return Err(invariant(
                        "has",
                        "trap returned falsish for a non-configurable property",
                    ));
                }
                if !try_is_extensible(agent, target)? {
                    return Err(invariant(
                        "has",
                        "trap returned falsish for a property of a non-extensible target",
                    ));
                }
            }
        }
        Ok(r)
    })
}

/// 10.5.8 [[Get]] ( P, Receiver ); the caller keeps `receiver` alive.
pub fn get(agent: &mut Agent, proxy: ObjectRef, key: PropertyKey, receiver: Value) -> R {
    agent.scope(|agent| {
        agent.root(receiver);
        let (target, handler, trap) = prepare(agent, proxy, "get")?;
        if trap.is_undefined() {
            return Ok(ops::get_with_receiver(agent, target, key, receiver)?
                .unwrap_or(Value::UNDEFINED));
        }
        let k = key_arg(agent, key)?;
        let r = call_trap(agent, trap, handler, &[Value::cell(target), k, receiver])?;
        if let Some(td) = try_get_own_property(agent, target, key)? {
            if td.configurable == Some(false) {
                if td.is_data()
                    && td.writable == Some(false)
                    && !same_value(r, td.value.unwrap_or(Value::UNDEFINED))
                {
                    return Err(invariant(
                        "get",
                        "trap result differs from the value of a non-writable, non-configurable property",
                    ));
                }
                if td.is_accessor() && td.get == Some(Value::UNDEFINED) && !r.is_undefined() {
                    return Err(invariant(
                        "get",
                        "trap returned a value for a non-configurable accessor without a getter",
                    ));
                }
            }
        }
        Ok(r)
    })
}

/// 10.5.9 [[Set]] ( P, V, Receiver ); the caller keeps the values alive.
pub fn set(
    agent: &mut Agent,
    proxy: ObjectRef,
    key: PropertyKey,
    value: Value,
    receiver: Value,
) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(value);
        agent.root(receiver);
        let (target, handler, trap) = prepare(agent, proxy, "set")?;
        if trap.is_undefined() {
            return ops::try_set(agent, target, key, value, receiver);
        }
        let k = key_arg(agent, key)?;
        let r = call_trap(
            agent,
            trap,
            handler,
            &[Value::cell(target), k, value, receiver],
        )?;
        if !to_boolean(r) {
            return Ok(false);
        }
        if let Some(td) = try_get_own_property(agent, target, key)? {
            if td.configurable == Some(false) {
                if td.is_data()
                    && td.writable == Some(false)
                    && !same_value(value, td.value.unwrap_or(Value::UNDEFINED))
                {
                    return Err(invariant(
                        "set",
                        "trap returned truish for a non-writable, non-configurable property with a different value",
                    ));
                }
                if td.is_accessor() && td.set == Some(Value::UNDEFINED) {
                    return Err(invariant(
                        "set",
                        "trap returned truish for a non-configurable accessor without a setter",
                    ));
                }
            }
        }
        Ok(true)
    })
}

/// 10.5.10 [[Delete]] ( P )
pub fn delete(agent: &mut Agent, proxy: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    agent.scope(|agent| {
        let (target, handler, trap) = prepare(agent, proxy, "deleteProperty")?;
        if trap.is_undefined() {
            return ops::try_delete(agent, target, key);
        }
        let k = key_arg(agent, key)?;
        let r = to_boolean(call_trap(agent, trap, handler, &[Value::cell(target), k])?);
        if !r {
            return Ok(false);
        }
        let Some(td) = try_get_own_property(agent, target, key)? else {
            return Ok(true);
        };
        if td.configurable == Some(false) {
            return Err(invariant(
                "deleteProperty",
                "trap returned truish for a non-configurable property",
            ));
        }
        if !try_is_extensible(agent, target)? {
            return Err(invariant(
                "deleteProperty",
                "trap returned truish for a property of a non-extensible target",
            ));
        }
        Ok(true)
    })
}

/// 10.5.11 [[OwnPropertyKeys]] ( ); symbol keys are rooted in the caller's current scope.
pub fn own_keys(agent: &mut Agent, proxy: ObjectRef) -> Result<Vec<PropertyKey>, Throw> {
    let (target, handler, trap) = prepare(agent, proxy, "ownKeys")?;
    if trap.is_undefined() {
        return ops::try_own_keys(agent, target);
    }
    let array = call_trap(agent, trap, handler, &[Value::cell(target)])?;
    if as_object(array).is_none() {
        return Err(invariant("ownKeys", "trap result is not an object"));
    }
    // CreateListFromArrayLike(trapResultArray, « String, Symbol »).
    let values = list_from_array_like(agent, array)?;
    let mut result: Vec<PropertyKey> = Vec::with_capacity(values.len());
    for v in values {
        let key = if is_string(v) {
            agent
                .atoms
                .key(&string::units(v.as_cell().expect("a string")))
        } else if is_symbol(v) {
            PropertyKey::Symbol(v.as_cell().expect("a symbol"))
        } else {
            return Err(invariant(
                "ownKeys",
                "trap result contains an element that is neither a string nor a symbol",
            ));
        };
        if result.contains(&key) {
            return Err(invariant(
                "ownKeys",
                "trap result contains duplicate entries",
            ));
        }
        result.push(key);
    }
    let extensible = try_is_extensible(agent, target)?;
    let target_keys = ops::try_own_keys(agent, target)?;
    let mut configurable = Vec::new();
    let mut nonconfigurable = Vec::new();
    for key in target_keys {
        match try_get_own_property(agent, target, key)? {
            Some(d) if d.configurable == Some(false) => nonconfigurable.push(key),
            _ => configurable.push(key),
        }
    }
    if extensible && nonconfigurable.is_empty() {
        return Ok(result);
    }
    let mut unchecked: Vec<PropertyKey> = result.clone();
    for key in nonconfigurable {
        let Some(pos) = unchecked.iter().position(|&k| k == key) else {
            return Err(invariant(
                "ownKeys",
                "trap result did not include a non-configurable key of the target",
            ));
        };
        unchecked.remove(pos);
    }
    if extensible {
        return Ok(result);
    }
    for key in configurable {
        let Some(pos) = unchecked.iter().position(|&k| k == key) else {
            return Err(invariant(
                "ownKeys",
                "trap result did not include every key of the non-extensible target",
            ));
        };
        unchecked.remove(pos);
    }
    if !unchecked.is_empty() {
        return Err(invariant(
            "ownKeys",
            "trap returned extra keys but the proxy target is non-extensible",
        ));
    }
    Ok(result)
}

/// What [`call_or_construct`] decided.
pub enum ProxyCall {
    /// The trap ran: its (checked) result.
    Done(Value),
    /// No trap: forward to the target with these values.
    Forward(Value),
}

/// 10.5.12 [[Call]] and 10.5.13 [[Construct]]: runs the `apply` / `construct` trap, or
/// tells the caller to forward to the target. The caller roots `this` and `args`.
pub fn call_or_construct(
    agent: &mut Agent,
    proxy: ObjectRef,
    this: Value,
    args: &[Value],
    new_target: Option<Value>,
) -> Result<ProxyCall, Throw> {
    agent.scope(|agent| {
        let name = if new_target.is_some() {
            "construct"
        } else {
            "apply"
        };
        let (target, handler, trap) = prepare(agent, proxy, name)?;
        if trap.is_undefined() {
            return Ok(ProxyCall::Forward(Value::cell(target)));
        }
        let list = array_from(agent, args)?;
        agent.root(Value::cell(list));
        match new_target {
            None => {
                let r = call_trap(
                    agent,
                    trap,
                    handler,
                    &[Value::cell(target), this, Value::cell(list)],
                )?;
                Ok(ProxyCall::Done(r))
            }
            Some(nt) => {
                agent.root(nt);
                let r = call_trap(
                    agent,
                    trap,
                    handler,
                    &[Value::cell(target), Value::cell(list), nt],
                )?;
                if as_object(r).is_none() {
                    return Err(invariant("construct", "trap returned non-object"));
                }
                Ok(ProxyCall::Done(r))
            }
        }
    })
}

/// The internal methods of a Proxy exotic object (§10.5), dispatched by `ops::exotic`.
pub static EXOTIC: ops::ExoticMethods = ops::ExoticMethods {
    get_prototype_of,
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has,
    get,
    set,
    delete,
    own_keys,
};

//! 28.1 The Reflect Object
//! <https://tc39.es/ecma262/2024/#sec-reflect-object>
//!
//! The `Reflect` namespace: each function exposes one internal method (through the
//! dispatching, fallible forms in `ops`) on an object argument.

use heap::HeapError;

use super::{arg, array_from, list_from_array_like, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, from_property_descriptor, is_callable, to_property_descriptor,
};
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object::{self, new_object};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;
use heap::ObjectRef;

const RF: Home = Home::On(Intrinsic::Reflect);

/// The family: the `Reflect` object and its 13 functions.
pub static FAMILY: Family = Family {
    name: "Reflect",
    create: Some(create_reflect),
    natives: &[
        native!(RF, "apply", 3, reflect_apply),
        native!(RF, "construct", 2, reflect_construct),
        native!(RF, "defineProperty", 3, reflect_define_property),
        native!(RF, "deleteProperty", 2, reflect_delete_property),
        native!(RF, "get", 2, reflect_get),
        native!(
            RF,
            "getOwnPropertyDescriptor",
            2,
            reflect_get_own_property_descriptor
        ),
        native!(RF, "getPrototypeOf", 1, reflect_get_prototype_of),
        native!(RF, "has", 2, reflect_has),
        native!(RF, "isExtensible", 1, reflect_is_extensible),
        native!(RF, "ownKeys", 1, reflect_own_keys),
        native!(RF, "preventExtensions", 1, reflect_prevent_extensions),
        native!(RF, "set", 3, reflect_set),
        native!(RF, "setPrototypeOf", 2, reflect_set_prototype_of),
    ],
    finish: None,
};

/// 28.1: the `Reflect` object, a global property with `@@toStringTag` "Reflect".
fn create_reflect(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let r = new_object(agent, op, 16)?;
    agent.roots.vm.intrinsics[Intrinsic::Reflect as usize] = Value::cell(r);
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("Reflect"));
    object::add_property(agent, global, key, Attributes::BUILTIN, Value::cell(r))?;
    super::add_to_string_tag(agent, Value::cell(r), "Reflect")?;
    Ok(())
}

fn target(v: Value, name: &str) -> Result<ObjectRef, Throw> {
    as_object(v).ok_or_else(|| type_error(format!("Reflect.{name} called on non-object")))
}

/// ToPropertyKey of an argument; a symbol key is rooted by the argument itself.
fn key(agent: &mut Agent, v: Value) -> Result<PropertyKey, Throw> {
    ops::to_property_key(agent, v)
}

/// 28.1.1 Reflect.apply ( target, thisArgument, argumentsList )
fn reflect_apply(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = arg(args, 0);
    if !is_callable(f) {
        return Err(type_error("Reflect.apply target is not a function"));
    }
    agent.scope(|agent| {
        let list = list_from_array_like(agent, arg(args, 2))?;
        crate::interpreter::call(agent, f, arg(args, 1), &list)
    })
}

/// 28.1.2 Reflect.construct ( target, argumentsList [ , newTarget ] )
fn reflect_construct(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let f = arg(args, 0);
    if !ops::is_constructor(agent, f) {
        return Err(type_error("Reflect.construct target is not a constructor"));
    }
    let nt = if args.len() > 2 { args[2] } else { f };
    if !ops::is_constructor(agent, nt) {
        return Err(type_error(
            "Reflect.construct newTarget is not a constructor",
        ));
    }
    agent.scope(|agent| {
        let list = list_from_array_like(agent, arg(args, 1))?;
        crate::interpreter::construct(agent, f, &list, nt)
    })
}

/// 28.1.3 Reflect.defineProperty ( target, propertyKey, attributes )
fn reflect_define_property(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "defineProperty")?;
    agent.scope(|agent| {
        let k = key(agent, arg(args, 1))?;
        if let PropertyKey::Symbol(s) = k {
            agent.root(Value::cell(s));
        }
        let desc = to_property_descriptor(agent, arg(args, 2))?;
        Ok(Value::bool(ops::define_property(agent, o, k, desc)?))
    })
}

/// 28.1.4 Reflect.deleteProperty ( target, propertyKey )
fn reflect_delete_property(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "deleteProperty")?;
    let k = key(agent, arg(args, 1))?;
    Ok(Value::bool(ops::try_delete(agent, o, k)?))
}

/// 28.1.5 Reflect.get ( target, propertyKey [ , receiver ] )
fn reflect_get(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "get")?;
    let k = key(agent, arg(args, 1))?;
    let receiver = if args.len() > 2 { args[2] } else { args[0] };
    Ok(ops::get_with_receiver(agent, o, k, receiver)?.unwrap_or(Value::UNDEFINED))
}

/// 28.1.6 Reflect.getOwnPropertyDescriptor ( target, propertyKey )
fn reflect_get_own_property_descriptor(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    let o = target(arg(args, 0), "getOwnPropertyDescriptor")?;
    agent.scope(|agent| {
        let k = key(agent, arg(args, 1))?;
        match ops::try_get_own_property(agent, o, k)? {
            None => Ok(Value::UNDEFINED),
            Some(d) => from_property_descriptor(agent, &d),
        }
    })
}

/// 28.1.7 Reflect.getPrototypeOf ( target )
fn reflect_get_prototype_of(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "getPrototypeOf")?;
    ops::try_get_prototype_of(agent, o)
}

/// 28.1.8 Reflect.has ( target, propertyKey )
fn reflect_has(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "has")?;
    let k = key(agent, arg(args, 1))?;
    Ok(Value::bool(ops::try_has_property(agent, o, k)?))
}

/// 28.1.9 Reflect.isExtensible ( target )
fn reflect_is_extensible(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "isExtensible")?;
    Ok(Value::bool(ops::try_is_extensible(agent, o)?))
}

/// 28.1.10 Reflect.ownKeys ( target )
fn reflect_own_keys(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "ownKeys")?;
    agent.scope(|agent| {
        let keys = ops::try_own_keys(agent, o)?;
        keys_array(agent, &keys)
    })
}

/// CreateArrayFromList of property keys as strings and symbols.
pub(super) fn keys_array(agent: &mut Agent, keys: &[PropertyKey]) -> R {
    agent.scope(|agent| {
        let mut values = Vec::with_capacity(keys.len());
        for &k in keys {
            let v = ops::key_value(agent, k)?;
            agent.root(v);
            values.push(v);
        }
        Ok(Value::cell(array_from(agent, &values)?))
    })
}

/// 28.1.11 Reflect.preventExtensions ( target )
fn reflect_prevent_extensions(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "preventExtensions")?;
    Ok(Value::bool(ops::try_prevent_extensions(agent, o)?))
}

/// 28.1.12 Reflect.set ( target, propertyKey, V [ , receiver ] )
fn reflect_set(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "set")?;
    let k = key(agent, arg(args, 1))?;
    let receiver = if args.len() > 3 { args[3] } else { args[0] };
    Ok(Value::bool(ops::try_set(
        agent,
        o,
        k,
        arg(args, 2),
        receiver,
    )?))
}

/// 28.1.13 Reflect.setPrototypeOf ( target, proto )
fn reflect_set_prototype_of(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let o = target(arg(args, 0), "setPrototypeOf")?;
    let proto = arg(args, 1);
    if as_object(proto).is_none() && !proto.is_null() {
        return Err(type_error("Object prototype may only be an Object or null"));
    }
    Ok(Value::bool(ops::try_set_prototype_of(agent, o, proto)?))
}

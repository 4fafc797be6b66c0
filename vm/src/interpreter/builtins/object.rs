//! 20.1 Object Objects
//! <https://tc39.es/ecma262/2024/#sec-object-objects>
//!
//! The `Object` constructor (§20.1.1), its static functions (§20.1.2) and the methods of
//! `Object.prototype` (§20.1.3). %Object.prototype% itself is created by the realm.

use super::{arg, array_from, native, new_plain_object, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, define_own, from_property_descriptor, get_iterator, is_callable, is_string,
    iterator_close, iterator_step_value, same_value, to_object, to_property_descriptor,
    to_property_key, try_get_own_property, try_get_prototype_of, try_own_keys, Descriptor,
};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARGUMENTS, CLASS_ARRAY, CLASS_BOOLEAN_WRAPPER, CLASS_DATE,
    CLASS_ERROR, CLASS_MAPPED_ARGUMENTS, CLASS_NUMBER_WRAPPER, CLASS_PROXY, CLASS_REGEXP,
    CLASS_STRING_WRAPPER,
};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object, DEFAULT_INLINE_SLOTS};
use crate::runtime::value::Value;
use heap::ObjectRef;

const OBJ: Home = Home::On(Intrinsic::ObjectConstructor);
const OP: Home = Home::On(Intrinsic::ObjectPrototype);

/// The family: `Object`, its statics and `Object.prototype`'s methods.
pub static FAMILY: Family = Family {
    name: "Object",
    create: None,
    natives: &[
        native!(
            Home::Global,
            "Object",
            1,
            object_constructor,
            constructor(
                Some(Intrinsic::ObjectConstructor),
                Some(Intrinsic::ObjectPrototype)
            )
        ),
        native!(OBJ, "assign", 2, object_assign),
        native!(OBJ, "create", 2, object_create),
        native!(OBJ, "defineProperties", 2, object_define_properties),
        native!(OBJ, "defineProperty", 3, object_define_property),
        native!(OBJ, "entries", 1, |a, _, args, _| enumerable_own(
            a,
            arg(args, 0),
            Kind::Entries
        )),
        native!(OBJ, "freeze", 1, |a, _, args, _| integrity(
            a,
            arg(args, 0),
            true
        )),
        native!(OBJ, "fromEntries", 1, object_from_entries),
        native!(
            OBJ,
            "getOwnPropertyDescriptor",
            2,
            object_get_own_property_descriptor
        ),
        native!(
            OBJ,
            "getOwnPropertyDescriptors",
            1,
            object_get_own_property_descriptors
        ),
        native!(OBJ, "getOwnPropertyNames", 1, |a, _, args, _| own_keys_of(
            a,
            arg(args, 0),
            false
        )),
        native!(
            OBJ,
            "getOwnPropertySymbols",
            1,
            |a, _, args, _| own_keys_of(a, arg(args, 0), true)
        ),
        native!(OBJ, "getPrototypeOf", 1, object_get_prototype_of),
        native!(OBJ, "groupBy", 2, object_group_by),
        native!(OBJ, "hasOwn", 2, object_has_own),
        native!(OBJ, "is", 2, |_, _, args, _| Ok(Value::bool(same_value(
            arg(args, 0),
            arg(args, 1)
        )))),
        native!(OBJ, "isExtensible", 1, object_is_extensible),
        native!(OBJ, "isFrozen", 1, |a, _, args, _| test_integrity(
            a,
            arg(args, 0),
            true
        )),
        native!(OBJ, "isSealed", 1, |a, _, args, _| test_integrity(
            a,
            arg(args, 0),
            false
        )),
        native!(OBJ, "keys", 1, |a, _, args, _| enumerable_own(
            a,
            arg(args, 0),
            Kind::Keys
        )),
        native!(OBJ, "preventExtensions", 1, object_prevent_extensions),
        native!(OBJ, "seal", 1, |a, _, args, _| integrity(
            a,
            arg(args, 0),
            false
        )),
        native!(OBJ, "setPrototypeOf", 2, object_set_prototype_of),
        native!(OBJ, "values", 1, |a, _, args, _| enumerable_own(
            a,
            arg(args, 0),
            Kind::Values
        )),
        native!(OP, "hasOwnProperty", 1, object_proto_has_own_property),
        native!(OP, "isPrototypeOf", 1, object_proto_is_prototype_of),
        native!(
            OP,
            "propertyIsEnumerable",
            1,
            object_proto_property_is_enumerable
        ),
        native!(OP, "toLocaleString", 0, object_proto_to_locale_string),
        native!(OP, "toString", 0, object_proto_to_string),
        native!(OP, "valueOf", 0, object_proto_value_of),
        native!(OP, "__proto__", object_proto_get_proto, getter),
        native!(OP, "__proto__", object_proto_set_proto, setter),
        native!(OP, "__defineGetter__", 2, |a, this, args, _| {
            define_accessor(a, this, args, true)
        }),
        native!(OP, "__defineSetter__", 2, |a, this, args, _| {
            define_accessor(a, this, args, false)
        }),
        native!(OP, "__lookupGetter__", 1, |a, this, args, _| {
            lookup_accessor(a, this, args, true)
        }),
        native!(OP, "__lookupSetter__", 1, |a, this, args, _| {
            lookup_accessor(a, this, args, false)
        }),
    ],
    finish: None,
};

/// 20.1.1.1 Object ( [ value ] )
fn object_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // Step 1: a subclass constructor's `super()`: OrdinaryCreateFromConstructor(NewTarget).
    if as_object(nt).is_some() && nt != intrinsic(agent, Intrinsic::ObjectConstructor) {
        let proto = crate::interpreter::realm::prototype_from_constructor(
            agent,
            nt,
            Intrinsic::ObjectPrototype,
        )?;
        return Ok(Value::cell(object::new_object(
            agent,
            proto,
            object::DEFAULT_INLINE_SLOTS,
        )?));
    }
    let v = arg(args, 0);
    if v.is_nullish() {
        return Ok(Value::cell(new_plain_object(agent)?));
    }
    Ok(Value::cell(to_object(agent, v)?))
}

/// ToPropertyKey of an argument, with a symbol key rooted in the current scope.
fn key_arg(agent: &mut Agent, v: Value) -> Result<PropertyKey, Throw> {
    let key = to_property_key(agent, v)?;
    if let PropertyKey::Symbol(s) = key {
        agent.root(Value::cell(s));
    }
    Ok(key)
}

/// 20.1.2.1 Object.assign ( target, ...sources )
fn object_assign(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let to = to_object(agent, arg(args, 0))?;
        let to_root = agent.root(Value::cell(to));
        for &source in args.iter().skip(1) {
            if source.is_nullish() {
                continue;
            }
            agent.scope(|agent| -> Result<(), Throw> {
                let from = to_object(agent, source)?;
                agent.root(Value::cell(from));
                for key in try_own_keys(agent, from)? {
                    let Some(desc) = try_get_own_property(agent, from, key)? else {
                        continue;
                    };
                    if desc.enumerable != Some(true) {
                        continue;
                    }
                    let v = ops::get_from_object(agent, from, key)?.unwrap_or(Value::UNDEFINED);
                    ops::set_property(agent, agent.get(to_root), key, v, true)?;
                }
                Ok(())
            })?;
        }
        Ok(agent.get(to_root))
    })
}

/// 20.1.2.2 Object.create ( O, Properties )
fn object_create(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let proto = arg(args, 0);
    if as_object(proto).is_none() && !proto.is_null() {
        return Err(type_error("Object prototype may only be an Object or null"));
    }
    let obj = new_object(agent, proto, DEFAULT_INLINE_SLOTS)?;
    if arg(args, 1).is_undefined() {
        return Ok(Value::cell(obj));
    }
    agent.scope(|agent| {
        let root = agent.root(Value::cell(obj));
        define_properties(agent, obj, arg(args, 1))?;
        Ok(agent.get(root))
    })
}

/// 20.1.2.3.1 ObjectDefineProperties ( O, Properties ); the caller roots `o`.
fn define_properties(agent: &mut Agent, o: ObjectRef, properties: Value) -> Result<(), Throw> {
    agent.scope(|agent| {
        let props = to_object(agent, properties)?;
        agent.root(Value::cell(props));
        let mut descriptors: Vec<(PropertyKey, Descriptor)> = Vec::new();
        for key in try_own_keys(agent, props)? {
            let Some(prop_desc) = try_get_own_property(agent, props, key)? else {
                continue;
            };
            if prop_desc.enumerable != Some(true) {
                continue;
            }
            let desc_obj = ops::get_from_object(agent, props, key)?.unwrap_or(Value::UNDEFINED);
            let desc = to_property_descriptor(agent, desc_obj)?;
            descriptors.push((key, desc));
        }
        for (key, desc) in descriptors {
            ops::define_property_or_throw(agent, o, key, desc)?;
        }
        Ok(())
    })
}

/// 20.1.2.3 Object.defineProperties ( O, Properties )
fn object_define_properties(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(o) = as_object(arg(args, 0)) else {
        return Err(type_error("Object.defineProperties called on non-object"));
    };
    define_properties(agent, o, arg(args, 1))?;
    Ok(arg(args, 0))
}

/// 20.1.2.4 Object.defineProperty ( O, P, Attributes )
fn object_define_property(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let target = arg(args, 0);
    let Some(obj) = as_object(target) else {
        return Err(type_error("Object.defineProperty called on non-object"));
    };
    agent.scope(|agent| {
        let key = key_arg(agent, arg(args, 1))?;
        let desc = to_property_descriptor(agent, arg(args, 2))?;
        ops::define_property_or_throw(agent, obj, key, desc)?;
        Ok(target)
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Keys,
    Values,
    Entries,
}

/// 7.3.23 EnumerableOwnProperties ( O, kind ) as an Array (`Object.keys`/`values`/`entries`).
fn enumerable_own(agent: &mut Agent, o: Value, kind: Kind) -> R {
    agent.scope(|agent| {
        let obj = to_object(agent, o)?;
        agent.root(Value::cell(obj));
        let mut out: Vec<Value> = Vec::new();
        for key in try_own_keys(agent, obj)? {
            if matches!(key, PropertyKey::Symbol(_)) {
                continue;
            }
            let Some(desc) = try_get_own_property(agent, obj, key)? else {
                continue;
            };
            if desc.enumerable != Some(true) {
                continue;
            }
            let k = ops::key_value(agent, key)?;
            agent.root(k);
            let item = match kind {
                Kind::Keys => k,
                Kind::Values | Kind::Entries => {
                    let v = ops::get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED);
                    agent.root(v);
                    if kind == Kind::Values {
                        v
                    } else {
                        Value::cell(array_from(agent, &[k, v])?)
                    }
                }
            };
            agent.root(item);
            out.push(item);
        }
        Ok(Value::cell(array_from(agent, &out)?))
    })
}

/// `Object.freeze` / `Object.seal` (20.1.2.6, 20.1.2.22).
fn integrity(agent: &mut Agent, o: Value, frozen: bool) -> R {
    let Some(obj) = as_object(o) else {
        return Ok(o);
    };
    if !ops::set_integrity_level(agent, obj, frozen)? {
        return Err(type_error(if frozen {
            "Cannot freeze"
        } else {
            "Cannot seal"
        }));
    }
    Ok(o)
}

/// `Object.isFrozen` / `Object.isSealed` (20.1.2.15, 20.1.2.16).
fn test_integrity(agent: &mut Agent, o: Value, frozen: bool) -> R {
    let Some(obj) = as_object(o) else {
        return Ok(Value::TRUE);
    };
    Ok(Value::bool(ops::test_integrity_level(agent, obj, frozen)?))
}

/// 20.1.2.7 Object.fromEntries ( iterable )
fn object_from_entries(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Err(type_error("Object.fromEntries requires an iterable"));
    }
    agent.scope(|agent| {
        let obj = new_plain_object(agent)?;
        let root = agent.root(Value::cell(obj));
        let (iterator, next) = get_iterator(agent, iterable)?;
        let iterator = agent.root(iterator);
        let next = agent.root(next);
        loop {
            let Some(entry) = iterator_step_value(agent, agent.get(iterator), agent.get(next))?
            else {
                return Ok(agent.get(root));
            };
            let step = agent.scope(|agent| -> Result<(), Throw> {
                agent.root(entry);
                let Some(e) = as_object(entry) else {
                    return Err(type_error(format!(
                        "Iterator value {} is not an entry object",
                        ops::display(agent, entry)
                    )));
                };
                let k = ops::get_from_object(agent, e, PropertyKey::Index(0))?
                    .unwrap_or(Value::UNDEFINED);
                agent.root(k);
                let v = ops::get_from_object(agent, e, PropertyKey::Index(1))?
                    .unwrap_or(Value::UNDEFINED);
                agent.root(v);
                let key = key_arg(agent, k)?;
                let o = agent.get(root).as_cell().expect("rooted");
                ops::define_property_or_throw(agent, o, key, Descriptor::data(v))
            });
            if let Err(e) = step {
                iterator_close(agent, agent.get(iterator), true)?;
                return Err(e);
            }
        }
    })
}

/// 20.1.2.8 Object.getOwnPropertyDescriptor ( O, P )
fn object_get_own_property_descriptor(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    agent.scope(|agent| {
        let obj = to_object(agent, arg(args, 0))?;
        agent.root(Value::cell(obj));
        let key = key_arg(agent, arg(args, 1))?;
        match try_get_own_property(agent, obj, key)? {
            None => Ok(Value::UNDEFINED),
            Some(d) => from_property_descriptor(agent, &d),
        }
    })
}

/// 20.1.2.9 Object.getOwnPropertyDescriptors ( O )
fn object_get_own_property_descriptors(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    agent.scope(|agent| {
        let obj = to_object(agent, arg(args, 0))?;
        agent.root(Value::cell(obj));
        let result = new_plain_object(agent)?;
        let root = agent.root(Value::cell(result));
        for key in try_own_keys(agent, obj)? {
            let Some(d) = try_get_own_property(agent, obj, key)? else {
                continue;
            };
            let desc = from_property_descriptor(agent, &d)?;
            agent.root(desc);
            let r = agent.get(root).as_cell().expect("rooted");
            ops::define_property_or_throw(agent, r, key, Descriptor::data(desc))?;
        }
        Ok(agent.get(root))
    })
}

/// 20.1.2.11.1 GetOwnPropertyKeys ( O, type ): string keys or symbol keys, as an Array.
fn own_keys_of(agent: &mut Agent, o: Value, symbols: bool) -> R {
    agent.scope(|agent| {
        let obj = to_object(agent, o)?;
        agent.root(Value::cell(obj));
        let keys: Vec<PropertyKey> = try_own_keys(agent, obj)?
            .into_iter()
            .filter(|k| matches!(k, PropertyKey::Symbol(_)) == symbols)
            .collect();
        super::reflect::keys_array(agent, &keys)
    })
}

/// 20.1.2.12 Object.getPrototypeOf ( O )
fn object_get_prototype_of(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let obj = to_object(agent, arg(args, 0))?;
    agent.scope(|agent| {
        agent.root(Value::cell(obj));
        try_get_prototype_of(agent, obj)
    })
}

/// 20.1.2.13 Object.groupBy ( items, callback ) — GroupBy(items, callback, property).
fn object_group_by(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let (items, callback) = (arg(args, 0), arg(args, 1));
    if items.is_nullish() {
        return Err(type_error("Object.groupBy called on null or undefined"));
    }
    if !is_callable(callback) {
        return Err(type_error(format!(
            "{} is not a function",
            ops::display(agent, callback)
        )));
    }
    agent.scope(|agent| {
        let mut groups: Vec<(PropertyKey, Vec<Value>)> = Vec::new();
        let (iterator, next) = get_iterator(agent, items)?;
        let iterator = agent.root(iterator);
        let next = agent.root(next);
        let mut k: u64 = 0;
        while let Some(value) = iterator_step_value(agent, agent.get(iterator), agent.get(next))? {
            agent.root(value);
            let key = (|| {
                if k >= (1u64 << 53) - 1 {
                    return Err(type_error("Object.groupBy: too many elements"));
                }
                let key = crate::interpreter::call(
                    agent,
                    callback,
                    Value::UNDEFINED,
                    &[value, Value::number(k as f64)],
                )?;
                agent.root(key);
                key_arg(agent, key)
            })();
            let key = match key {
                Ok(key) => key,
                Err(e) => {
                    iterator_close(agent, agent.get(iterator), true)?;
                    return Err(e);
                }
            };
            match groups.iter_mut().find(|(g, _)| *g == key) {
                Some((_, list)) => list.push(value),
                None => groups.push((key, vec![value])),
            }
            k += 1;
        }
        let obj = new_object(agent, Value::NULL, DEFAULT_INLINE_SLOTS)?;
        let root = agent.root(Value::cell(obj));
        for (key, list) in groups {
            let a = array_from(agent, &list)?;
            let o = agent.get(root).as_cell().expect("rooted");
            define_own(agent, o, key, Value::cell(a))?;
        }
        Ok(agent.get(root))
    })
}

/// 20.1.2.14 Object.hasOwn ( O, P )
fn object_has_own(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let obj = to_object(agent, arg(args, 0))?;
        agent.root(Value::cell(obj));
        let key = key_arg(agent, arg(args, 1))?;
        Ok(Value::bool(
            try_get_own_property(agent, obj, key)?.is_some(),
        ))
    })
}

/// 20.1.2.15 Object.isExtensible ( O )
fn object_is_extensible(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    match as_object(arg(args, 0)) {
        Some(o) => Ok(Value::bool(ops::try_is_extensible(agent, o)?)),
        None => Ok(Value::FALSE),
    }
}

/// 20.1.2.20 Object.preventExtensions ( O )
fn object_prevent_extensions(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if let Some(obj) = as_object(arg(args, 0)) {
        if !ops::try_prevent_extensions(agent, obj)? {
            return Err(type_error("Cannot prevent extensions"));
        }
    }
    Ok(arg(args, 0))
}

/// 20.1.2.23 Object.setPrototypeOf ( O, proto )
fn object_set_prototype_of(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let (o, proto) = (arg(args, 0), arg(args, 1));
    if o.is_nullish() {
        return Err(type_error(
            "Object.setPrototypeOf called on null or undefined",
        ));
    }
    if as_object(proto).is_none() && !proto.is_null() {
        return Err(type_error("Object prototype may only be an Object or null"));
    }
    let Some(obj) = as_object(o) else {
        return Ok(o);
    };
    if !ops::try_set_prototype_of(agent, obj, proto)? {
        return Err(type_error("Cannot set the prototype of this object"));
    }
    Ok(o)
}

/// 20.1.3.2 Object.prototype.hasOwnProperty ( V )
fn object_proto_has_own_property(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    agent.scope(|agent| {
        let key = key_arg(agent, arg(args, 0))?;
        let obj = to_object(agent, this)?;
        agent.root(Value::cell(obj));
        Ok(Value::bool(
            try_get_own_property(agent, obj, key)?.is_some(),
        ))
    })
}

/// 20.1.3.3 Object.prototype.isPrototypeOf ( V )
fn object_proto_is_prototype_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let Some(mut v) = as_object(arg(args, 0)) else {
        return Ok(Value::FALSE);
    };
    agent.scope(|agent| {
        let o = to_object(agent, this)?;
        agent.root(Value::cell(o));
        loop {
            let p = try_get_prototype_of(agent, v)?;
            agent.root(p);
            match as_object(p) {
                None => return Ok(Value::FALSE),
                Some(p) if p == o => return Ok(Value::TRUE),
                Some(p) => v = p,
            }
        }
    })
}

/// 20.1.3.4 Object.prototype.propertyIsEnumerable ( V )
fn object_proto_property_is_enumerable(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    agent.scope(|agent| {
        let key = key_arg(agent, arg(args, 0))?;
        let obj = to_object(agent, this)?;
        agent.root(Value::cell(obj));
        let desc = try_get_own_property(agent, obj, key)?;
        Ok(Value::bool(
            desc.is_some_and(|d| d.enumerable == Some(true)),
        ))
    })
}

/// 20.1.3.5 Object.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn object_proto_to_locale_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let f = ops::get_property(agent, this, PropertyKey::Atom(names::TO_STRING))?;
    if !is_callable(f) {
        return Err(type_error(format!(
            "{} is not a function",
            ops::display(agent, f)
        )));
    }
    agent.scope(|agent| {
        agent.root(f);
        crate::interpreter::call(agent, f, this, &[])
    })
}

/// 7.2.2 IsArray ( argument ): arrays, and proxies of arrays.
pub fn is_array(v: Value) -> Result<bool, Throw> {
    let Some(mut o) = as_object(v) else {
        return Ok(false);
    };
    loop {
        match object::class(o) {
            CLASS_ARRAY => return Ok(true),
            CLASS_PROXY => {
                match object::internal_slot(o, super::proxy::SLOT_TARGET).and_then(as_object) {
                    Some(t) => o = t,
                    None => {
                        return Err(type_error(
                            "Cannot perform 'IsArray' on a proxy that has been revoked",
                        ))
                    }
                }
            }
            _ => return Ok(false),
        }
    }
}

/// 20.1.3.6 Object.prototype.toString ( )
pub(super) fn object_proto_to_string(
    agent: &mut Agent,
    this: Value,
    _args: &[Value],
    _nt: Value,
) -> R {
    if this.is_undefined() {
        return ops::new_string(agent, "[object Undefined]");
    }
    if this.is_null() {
        return ops::new_string(agent, "[object Null]");
    }
    agent.scope(|agent| {
        let obj = to_object(agent, this)?;
        agent.root(Value::cell(obj));
        let builtin_tag = if is_array(Value::cell(obj))? {
            "Array"
        } else {
            match object::class(obj) {
                CLASS_ARGUMENTS | CLASS_MAPPED_ARGUMENTS => "Arguments",
                CLASS_ERROR => "Error",
                CLASS_BOOLEAN_WRAPPER => "Boolean",
                CLASS_NUMBER_WRAPPER => "Number",
                CLASS_STRING_WRAPPER => "String",
                CLASS_DATE => "Date",
                CLASS_REGEXP => "RegExp",
                _ if is_callable(Value::cell(obj)) => "Function",
                _ => "Object",
            }
        };
        // Steps 15–16: a String-valued @@toStringTag overrides the builtin tag.
        let sym = intrinsic(agent, Intrinsic::SymbolToStringTag)
            .as_cell()
            .expect("a symbol");
        let tag =
            ops::get_from_object(agent, obj, PropertyKey::Symbol(sym))?.unwrap_or(Value::UNDEFINED);
        if is_string(tag) {
            let tag = ops::display(agent, tag);
            return ops::new_string(agent, &format!("[object {tag}]"));
        }
        ops::new_string(agent, &format!("[object {builtin_tag}]"))
    })
}

/// 20.1.3.7 Object.prototype.valueOf ( )
fn object_proto_value_of(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::cell(to_object(agent, this)?))
}

/// 20.1.3.8.1 get Object.prototype.__proto__
fn object_proto_get_proto(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this)?;
    agent.scope(|agent| {
        agent.root(Value::cell(o));
        try_get_prototype_of(agent, o)
    })
}

/// 20.1.3.8.2 set Object.prototype.__proto__
fn object_proto_set_proto(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if this.is_nullish() {
        return Err(type_error(
            "Object.prototype.__proto__ called on null or undefined",
        ));
    }
    let proto = arg(args, 0);
    if as_object(proto).is_none() && !proto.is_null() {
        return Ok(Value::UNDEFINED);
    }
    let Some(o) = as_object(this) else {
        return Ok(Value::UNDEFINED);
    };
    if !ops::try_set_prototype_of(agent, o, proto)? {
        return Err(type_error(
            "Object.prototype.__proto__: cannot set the prototype",
        ));
    }
    Ok(Value::UNDEFINED)
}

/// B.2.2.2 / B.2.2.3 Object.prototype.__defineGetter__ / __defineSetter__ ( P, f )
fn define_accessor(agent: &mut Agent, this: Value, args: &[Value], getter: bool) -> R {
    agent.scope(|agent| {
        let o = to_object(agent, this)?;
        agent.root(Value::cell(o));
        let f = arg(args, 1);
        if !is_callable(f) {
            return Err(type_error(format!(
                "Object.prototype.__define{}etter__: {} is not a function",
                if getter { "G" } else { "S" },
                ops::display(agent, f)
            )));
        }
        let mut desc = Descriptor {
            enumerable: Some(true),
            configurable: Some(true),
            ..Descriptor::default()
        };
        if getter {
            desc.get = Some(f);
        } else {
            desc.set = Some(f);
        }
        let key = key_arg(agent, arg(args, 0))?;
        ops::define_property_or_throw(agent, o, key, desc)?;
        Ok(Value::UNDEFINED)
    })
}

/// B.2.2.4 / B.2.2.5 Object.prototype.__lookupGetter__ / __lookupSetter__ ( P )
fn lookup_accessor(agent: &mut Agent, this: Value, args: &[Value], getter: bool) -> R {
    agent.scope(|agent| {
        let mut o = to_object(agent, this)?;
        agent.root(Value::cell(o));
        let key = key_arg(agent, arg(args, 0))?;
        loop {
            if let Some(d) = try_get_own_property(agent, o, key)? {
                if d.is_accessor() {
                    return Ok(if getter { d.get } else { d.set }.unwrap_or(Value::UNDEFINED));
                }
                return Ok(Value::UNDEFINED);
            }
            let p = try_get_prototype_of(agent, o)?;
            agent.root(p);
            match as_object(p) {
                Some(p) => o = p,
                None => return Ok(Value::UNDEFINED),
            }
        }
    })
}

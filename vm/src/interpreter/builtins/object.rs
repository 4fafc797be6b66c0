//! 20.1 Object Objects
//! <https://tc39.es/ecma262/2024/#sec-object-objects>
//!
//! The `Object` constructor (§20.1.1), its static functions (§20.1.2) and the methods of
//! `Object.prototype` (§20.1.3). %Object.prototype% itself is created by the realm.

use super::{
    arg, array_from, native, new_plain_object, not_implemented, require_object, type_error, Family,
    Home, R,
};
use crate::interpreter::ops::{
    self, as_object, define_own, display, is_callable, is_string, own_property, to_boolean,
    Descriptor, Own,
};
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_BOUND, CLASS_DATE, CLASS_ERROR, CLASS_FUNCTION,
    CLASS_NATIVE,
};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object, DEFAULT_INLINE_SLOTS};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

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
        native!(OBJ, "defineProperty", 3, object_define_property),
        native!(
            OBJ,
            "getOwnPropertyDescriptor",
            2,
            object_get_own_property_descriptor
        ),
        native!(OBJ, "keys", 1, object_keys),
        native!(OBJ, "getPrototypeOf", 1, object_get_prototype_of),
        native!(OBJ, "create", 2, object_create),
        native!(OBJ, "preventExtensions", 1, object_prevent_extensions),
        native!(OBJ, "isExtensible", 1, object_is_extensible),
        native!(OBJ, "freeze", 1, object_freeze),
        native!(OP, "toString", 0, object_proto_to_string),
        native!(OP, "valueOf", 0, object_proto_value_of),
        native!(OP, "hasOwnProperty", 1, object_proto_has_own_property),
    ],
    finish: None,
};

fn object_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // `super()` from a derived class: OrdinaryCreateFromConstructor(NewTarget).
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
    if as_object(v).is_some() {
        return Ok(v);
    }
    Err(not_implemented("primitive wrapper objects"))
}

fn key_arg(agent: &mut Agent, v: Value) -> Result<PropertyKey, Throw> {
    ops::to_property_key(agent, v)
}

/// `ToPropertyDescriptor(v)`; the values are rooted in the current scope.
fn to_property_descriptor(agent: &mut Agent, v: Value) -> Result<Descriptor, Throw> {
    let Some(obj) = as_object(v) else {
        return Err(type_error("Property description must be an object"));
    };
    let mut desc = Descriptor::default();
    let field = |agent: &mut Agent, name| -> Result<Option<Value>, Throw> {
        let key = PropertyKey::Atom(name);
        if !ops::has_property(agent, obj, key) {
            return Ok(None);
        }
        let v = ops::get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED);
        agent.root(v);
        Ok(Some(v))
    };
    desc.enumerable = field(agent, names::ENUMERABLE)?.map(to_boolean);
    desc.configurable = field(agent, names::CONFIGURABLE)?.map(to_boolean);
    desc.value = field(agent, names::VALUE)?;
    desc.writable = field(agent, names::WRITABLE)?.map(to_boolean);
    desc.get = field(agent, names::GET)?;
    desc.set = field(agent, names::SET)?;
    for f in [desc.get, desc.set].into_iter().flatten() {
        if !f.is_undefined() && !is_callable(f) {
            return Err(type_error(format!(
                "Getter/setter must be a function: {}",
                display(agent, f)
            )));
        }
    }
    if desc.is_accessor() && desc.is_data() {
        return Err(type_error(
            "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute",
        ));
    }
    Ok(desc)
}

fn object_define_property(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let target = arg(args, 0);
    let Some(obj) = as_object(target) else {
        return Err(type_error("Object.defineProperty called on non-object"));
    };
    agent.scope(|agent| {
        let key = key_arg(agent, arg(args, 1))?;
        if let PropertyKey::Symbol(s) = key {
            agent.root(Value::cell(s));
        }
        let desc = to_property_descriptor(agent, arg(args, 2))?;
        ops::define_property_or_throw(agent, obj, key, desc)?;
        Ok(target)
    })
}

fn object_get_own_property_descriptor(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    let Some(obj) = as_object(arg(args, 0)) else {
        return Err(not_implemented(
            "Object.getOwnPropertyDescriptor on primitives",
        ));
    };
    let key = key_arg(agent, arg(args, 1))?;
    let Some(own) = own_property(agent, obj, key) else {
        return Ok(Value::UNDEFINED);
    };
    agent.scope(|agent| {
        let result = new_plain_object(agent)?;
        let root = agent.root(Value::cell(result));
        let a = own.attributes();
        // `obj` (rooted as an argument) keeps the value and the pair alive.
        let mut fields: Vec<(PropertyKey, Value)> = Vec::new();
        match own {
            Own::Data { value, .. } => {
                fields.push((PropertyKey::Atom(names::VALUE), value));
                fields.push((
                    PropertyKey::Atom(names::WRITABLE),
                    Value::bool(a.contains(Attributes::WRITABLE)),
                ));
            }
            Own::Accessor { pair, .. } => {
                fields.push((PropertyKey::Atom(names::GET), object::accessor_getter(pair)));
                fields.push((PropertyKey::Atom(names::SET), object::accessor_setter(pair)));
            }
        }
        fields.push((
            PropertyKey::Atom(names::ENUMERABLE),
            Value::bool(a.contains(Attributes::ENUMERABLE)),
        ));
        fields.push((
            PropertyKey::Atom(names::CONFIGURABLE),
            Value::bool(a.contains(Attributes::CONFIGURABLE)),
        ));
        for (k, v) in fields {
            define_own(agent, result, k, v)?;
        }
        Ok(agent.get(root))
    })
}

fn object_keys(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(obj) = as_object(arg(args, 0)) else {
        return Err(not_implemented("Object.keys on primitives"));
    };
    let keys: Vec<PropertyKey> = ops::own_keys(agent, obj)
        .into_iter()
        .filter(|&k| !matches!(k, PropertyKey::Symbol(_)))
        .filter(|&k| {
            own_property(agent, obj, k)
                .is_some_and(|p| p.attributes().contains(Attributes::ENUMERABLE))
        })
        .collect();
    agent.scope(|agent| {
        let mut values = Vec::with_capacity(keys.len());
        for k in keys {
            let v = ops::key_value(agent, k)?;
            agent.root(v);
            values.push(v);
        }
        Ok(Value::cell(array_from(agent, &values)?))
    })
}

fn object_get_prototype_of(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let obj = require_object(arg(args, 0), "Object.getPrototypeOf")?;
    Ok(object::proto(obj))
}

fn object_create(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let proto = arg(args, 0);
    if as_object(proto).is_none() && !proto.is_null() {
        return Err(type_error("Object prototype may only be an Object or null"));
    }
    if !arg(args, 1).is_undefined() {
        return Err(not_implemented("Object.create with properties"));
    }
    Ok(Value::cell(new_object(agent, proto, DEFAULT_INLINE_SLOTS)?))
}

fn object_prevent_extensions(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if let Some(obj) = as_object(arg(args, 0)) {
        object::prevent_extensions(obj);
    }
    Ok(arg(args, 0))
}

fn object_is_extensible(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        as_object(arg(args, 0)).is_some_and(object::is_extensible),
    ))
}

fn object_freeze(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let Some(obj) = as_object(arg(args, 0)) else {
        return Ok(arg(args, 0));
    };
    if object::class(obj) == CLASS_ARRAY {
        return Err(not_implemented("freezing arrays"));
    }
    object::prevent_extensions(obj);
    for key in ops::own_keys(agent, obj) {
        let accessor = matches!(own_property(agent, obj, key), Some(Own::Accessor { .. }));
        let desc = Descriptor {
            configurable: Some(false),
            writable: (!accessor).then_some(false),
            ..Descriptor::default()
        };
        ops::define_property_or_throw(agent, obj, key, desc)?;
    }
    Ok(arg(args, 0))
}

pub(super) fn object_proto_to_string(
    agent: &mut Agent,
    this: Value,
    _args: &[Value],
    _nt: Value,
) -> R {
    let tag = if this.is_undefined() {
        "Undefined"
    } else if this.is_null() {
        "Null"
    } else if is_string(this) {
        "String"
    } else if this.is_number() {
        "Number"
    } else if this.is_bool() {
        "Boolean"
    } else if ops::is_symbol(this) {
        "Symbol"
    } else {
        let obj = as_object(this).expect("an object");
        let builtin_tag = match object::class(obj) {
            CLASS_ARRAY => "Array",
            CLASS_FUNCTION | CLASS_NATIVE | CLASS_BOUND => "Function",
            CLASS_ERROR => "Error",
            CLASS_DATE => "Date",
            crate::interpreter::realm::CLASS_REGEXP => "RegExp",
            _ => "Object",
        };
        // 20.1.3.6 steps 15–16: a String-valued @@toStringTag overrides the builtin tag.
        let sym = intrinsic(agent, Intrinsic::SymbolToStringTag)
            .as_cell()
            .expect("a symbol");
        let tag =
            ops::get_from_object(agent, obj, PropertyKey::Symbol(sym))?.unwrap_or(Value::UNDEFINED);
        if is_string(tag) {
            let tag = display(agent, tag);
            return ops::new_string(agent, &format!("[object {tag}]"));
        }
        builtin_tag
    };
    ops::new_string(agent, &format!("[object {tag}]"))
}

fn object_proto_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    if this.is_nullish() {
        return Err(type_error("Cannot convert undefined or null to object"));
    }
    if as_object(this).is_some() {
        return Ok(this);
    }
    Err(not_implemented("primitive wrapper objects"))
}

fn object_proto_has_own_property(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let key = key_arg(agent, arg(args, 0))?;
    if this.is_nullish() {
        return Err(type_error("Cannot convert undefined or null to object"));
    }
    if let Some(obj) = as_object(this) {
        return Ok(Value::bool(own_property(agent, obj, key).is_some()));
    }
    if let Some(s) = this.as_cell().filter(|&c| string::is_string(c)) {
        let own = match key {
            PropertyKey::Atom(names::LENGTH) => true,
            PropertyKey::Index(i) => (i as usize) < string::len(s),
            _ => false,
        };
        return Ok(Value::bool(own));
    }
    Ok(Value::FALSE)
}

//! The native function table: `print`, the error constructors, `Object` (and its static
//! methods), the wrapper conversions `String`/`Number`/`Boolean`, `Array`, and the methods of
//! `Object.prototype`, `Function.prototype`, `Array.prototype`, `String.prototype`,
//! `Number.prototype`, `Boolean.prototype` and %ArrayIteratorPrototype%; the `Math` object's
//! functions ([`math`]) and `Date.now` ([`date`]) live in their own files.
//!
//! Natives receive `this` and the arguments rooted by their caller; anything they compute
//! and keep across an allocation or a call back into JavaScript they root themselves.

use heap::ObjectRef;

pub mod array;
pub mod date;
pub mod math;

pub use array::{array_iterator_step, iter_result, new_array_iterator};

use crate::interpreter::ops::{
    self, as_object, define_own, display, is_callable, is_string, own_property, to_boolean,
    to_number, to_string_value, Descriptor, Own,
};
use crate::interpreter::realm::{
    construct_error, intrinsic, native_print, Home, Intrinsic, Native, CLASS_ARRAY, CLASS_BOUND,
    CLASS_ERROR, CLASS_FUNCTION, CLASS_NATIVE,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::{number_to_string_radix, to_fixed, to_integer_or_infinity};
use crate::runtime::object::{self, new_object, new_object_with_class, DEFAULT_INLINE_SLOTS};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

macro_rules! native {
    ($home:expr, $name:literal, $length:literal, $f:expr) => {
        Native {
            name: $name,
            length: $length,
            constructor: false,
            call: $f,
            home: $home,
        }
    };
    ($home:expr, $name:literal, $length:literal, $f:expr, constructor) => {
        Native {
            name: $name,
            length: $length,
            constructor: true,
            call: $f,
            home: $home,
        }
    };
}

const G: Home = Home::Global;
const OBJ: Home = Home::ObjectConstructor;
const OP: Home = Home::Proto(Intrinsic::ObjectPrototype);
const FP: Home = Home::Proto(Intrinsic::FunctionPrototype);
const AP: Home = Home::Proto(Intrinsic::ArrayPrototype);
const SP: Home = Home::Proto(Intrinsic::StringPrototype);
const NP: Home = Home::Proto(Intrinsic::NumberPrototype);
const BP: Home = Home::Proto(Intrinsic::BooleanPrototype);
const AC: Home = Home::Object(Intrinsic::ArrayConstructor);
const AIP: Home = Home::Proto(Intrinsic::ArrayIteratorPrototype);
const M: Home = Home::Object(Intrinsic::Math);
const DATE: Home = Home::Object(Intrinsic::DateConstructor);

/// Every native function, by index (the index is stored in the function object). `Object`
/// comes before the natives installed on it.
pub static NATIVES: &[Native] = &[
    native!(G, "print", 0, native_print),
    native!(
        G,
        "Error",
        1,
        |a, _, args, nt| construct_error(a, ErrorType::Error, args, nt),
        constructor
    ),
    native!(
        G,
        "TypeError",
        1,
        |a, _, args, nt| construct_error(a, ErrorType::TypeError, args, nt),
        constructor
    ),
    native!(
        G,
        "RangeError",
        1,
        |a, _, args, nt| construct_error(a, ErrorType::RangeError, args, nt),
        constructor
    ),
    native!(
        G,
        "ReferenceError",
        1,
        |a, _, args, nt| construct_error(a, ErrorType::ReferenceError, args, nt),
        constructor
    ),
    native!(
        G,
        "SyntaxError",
        1,
        |a, _, args, nt| construct_error(a, ErrorType::SyntaxError, args, nt),
        constructor
    ),
    native!(G, "Object", 1, object_constructor, constructor),
    native!(G, "String", 1, string_constructor, constructor),
    native!(G, "Number", 1, number_constructor, constructor),
    native!(G, "Boolean", 1, boolean_constructor, constructor),
    native!(G, "Array", 1, array::array_constructor, constructor),
    native!(AC, "from", 1, array::from),
    native!(AC, "isArray", 1, array::is_array_fn),
    native!(AC, "of", 0, array::of),
    native!(G, "Symbol", 0, symbol_constructor),
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
    native!(FP, "call", 1, function_call),
    native!(FP, "apply", 2, function_apply),
    native!(FP, "bind", 1, function_bind),
    native!(FP, "toString", 0, function_to_string),
    native!(AP, "at", 1, array::at),
    native!(AP, "concat", 1, array::concat),
    native!(AP, "copyWithin", 2, array::copy_within),
    native!(AP, "entries", 0, array::entries),
    native!(AP, "every", 1, array::every),
    native!(AP, "fill", 1, array::fill),
    native!(AP, "filter", 1, array::filter),
    native!(AP, "find", 1, array::find),
    native!(AP, "findIndex", 1, array::find_index),
    native!(AP, "findLast", 1, array::find_last),
    native!(AP, "findLastIndex", 1, array::find_last_index),
    native!(AP, "flat", 0, array::flat),
    native!(AP, "flatMap", 1, array::flat_map),
    native!(AP, "forEach", 1, array::for_each),
    native!(AP, "includes", 1, array::includes),
    native!(AP, "indexOf", 1, array::index_of),
    native!(AP, "join", 1, array::join),
    native!(AP, "keys", 0, array::keys),
    native!(AP, "lastIndexOf", 1, array::last_index_of),
    native!(AP, "map", 1, array::map),
    native!(AP, "pop", 0, array::pop),
    native!(AP, "push", 1, array::push),
    native!(AP, "reduce", 1, array::reduce),
    native!(AP, "reduceRight", 1, array::reduce_right),
    native!(AP, "reverse", 0, array::reverse),
    native!(AP, "shift", 0, array::shift),
    native!(AP, "slice", 2, array::slice),
    native!(AP, "some", 1, array::some),
    native!(AP, "sort", 1, array::sort),
    native!(AP, "splice", 2, array::splice),
    native!(AP, "toReversed", 0, array::to_reversed),
    native!(AP, "toSorted", 1, array::to_sorted),
    native!(AP, "toSpliced", 2, array::to_spliced),
    native!(AP, "toString", 0, array::to_string),
    native!(AP, "unshift", 1, array::unshift),
    native!(AP, "values", 0, array::values),
    native!(AP, "with", 2, array::with),
    native!(AIP, "next", 0, array::array_iterator_next),
    native!(AIP, "[Symbol.iterator]", 0, array::iterator_self),
    native!(SP, "charAt", 1, string_char_at),
    native!(SP, "charCodeAt", 1, string_char_code_at),
    native!(SP, "indexOf", 1, string_index_of),
    native!(SP, "slice", 2, string_slice),
    native!(SP, "substring", 2, string_substring),
    native!(SP, "toUpperCase", 0, |a, this, _, _| string_case(
        a, this, true
    )),
    native!(SP, "toLowerCase", 0, |a, this, _, _| string_case(
        a, this, false
    )),
    native!(SP, "toString", 0, string_value_of),
    native!(SP, "valueOf", 0, string_value_of),
    native!(NP, "toString", 1, number_to_string),
    native!(NP, "toFixed", 1, number_to_fixed),
    native!(NP, "valueOf", 0, number_value_of),
    native!(BP, "toString", 0, boolean_to_string),
    native!(BP, "valueOf", 0, boolean_value_of),
    native!(M, "abs", 1, math::abs),
    native!(M, "acos", 1, math::acos),
    native!(M, "acosh", 1, math::acosh),
    native!(M, "asin", 1, math::asin),
    native!(M, "asinh", 1, math::asinh),
    native!(M, "atan", 1, math::atan),
    native!(M, "atanh", 1, math::atanh),
    native!(M, "atan2", 2, math::atan2),
    native!(M, "cbrt", 1, math::cbrt),
    native!(M, "ceil", 1, math::ceil),
    native!(M, "clz32", 1, math::clz32),
    native!(M, "cos", 1, math::cos),
    native!(M, "cosh", 1, math::cosh),
    native!(M, "exp", 1, math::exp),
    native!(M, "expm1", 1, math::expm1),
    native!(M, "floor", 1, math::floor),
    native!(M, "fround", 1, math::fround),
    native!(M, "hypot", 2, math::hypot),
    native!(M, "imul", 2, math::imul),
    native!(M, "log", 1, math::log),
    native!(M, "log1p", 1, math::log1p),
    native!(M, "log10", 1, math::log10),
    native!(M, "log2", 1, math::log2),
    native!(M, "max", 2, math::max),
    native!(M, "min", 2, math::min),
    native!(M, "pow", 2, math::pow),
    native!(M, "random", 0, math::random),
    native!(M, "round", 1, math::round),
    native!(M, "sign", 1, math::sign),
    native!(M, "sin", 1, math::sin),
    native!(M, "sinh", 1, math::sinh),
    native!(M, "sqrt", 1, math::sqrt),
    native!(M, "tan", 1, math::tan),
    native!(M, "tanh", 1, math::tanh),
    native!(M, "trunc", 1, math::trunc),
    native!(G, "Date", 7, date::date_constructor, constructor),
    native!(DATE, "now", 0, date::date_now),
];

type R = Result<Value, Throw>;

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).copied().unwrap_or(Value::UNDEFINED)
}

fn type_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::TypeError, message)
}

fn not_implemented(what: &str) -> Throw {
    Throw::error(
        ErrorType::InternalError,
        format!("{what} not implemented yet"),
    )
}

fn require_object(v: Value, what: &str) -> Result<ObjectRef, Throw> {
    as_object(v).ok_or_else(|| type_error(format!("{what} called on non-object")))
}

fn new_plain_object(agent: &mut Agent) -> Result<ObjectRef, Throw> {
    let proto = ops::object_prototype(agent);
    Ok(new_object(agent, proto, DEFAULT_INLINE_SLOTS)?)
}

/// A new Array with `values` (which the caller keeps rooted).
pub fn array_from(agent: &mut Agent, values: &[Value]) -> Result<ObjectRef, Throw> {
    let proto = intrinsic(agent, Intrinsic::ArrayPrototype);
    let a = new_object_with_class(agent, proto, 0, CLASS_ARRAY, 0)?;
    agent.scope(|agent| {
        agent.root(Value::cell(a));
        for (i, &v) in values.iter().enumerate() {
            object::set_element(agent, a, i as u32, v)?;
        }
        Ok(a)
    })
}

/// `LengthOfArrayLike(obj)`.
pub fn length_of(agent: &mut Agent, obj: ObjectRef) -> Result<u32, Throw> {
    if object::class(obj) == CLASS_ARRAY {
        return Ok(object::elements_len(obj));
    }
    let len = ops::get_from_object(agent, obj, PropertyKey::Atom(names::LENGTH))?
        .unwrap_or(Value::UNDEFINED);
    let n = to_integer_or_infinity(to_number(agent, len)?);
    Ok(n.clamp(0.0, f64::from(u32::MAX - 1)) as u32)
}

/// `CreateListFromArrayLike(v)`: the values are returned rooted in the current scope.
pub fn list_from_array_like(agent: &mut Agent, v: Value) -> Result<Vec<Value>, Throw> {
    let Some(obj) = as_object(v) else {
        return Err(type_error("CreateListFromArrayLike called on non-object"));
    };
    let len = length_of(agent, obj)?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let e =
            ops::get_from_object(agent, obj, PropertyKey::Index(i))?.unwrap_or(Value::UNDEFINED);
        agent.root(e);
        out.push(e);
    }
    Ok(out)
}

// ----- Symbol -----

fn symbol_constructor(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let description = if arg(args, 0).is_undefined() {
        Value::UNDEFINED
    } else {
        to_string_value(agent, arg(args, 0))?
    };
    Ok(Value::cell(crate::runtime::symbol::new_symbol(
        agent,
        description,
    )?))
}

// ----- Object -----

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

fn object_proto_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
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

// ----- Function.prototype -----

fn require_callable(agent: &Agent, f: Value) -> Result<(), Throw> {
    if is_callable(f) {
        Ok(())
    } else {
        Err(type_error(format!(
            "{} is not a function",
            display(agent, f)
        )))
    }
}

fn function_call(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let rest = if args.is_empty() { &[][..] } else { &args[1..] };
    crate::interpreter::call(agent, this, arg(args, 0), rest)
}

fn function_apply(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    agent.scope(|agent| {
        let list = if arg(args, 1).is_nullish() {
            Vec::new()
        } else {
            list_from_array_like(agent, arg(args, 1))?
        };
        crate::interpreter::call(agent, this, arg(args, 0), &list)
    })
}

fn function_bind(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let target = as_object(this).expect("callable");
    agent.scope(|agent| {
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        let bound_args = array_from(agent, rest)?;
        let bound_args = agent.root(Value::cell(bound_args));
        let proto = object::proto(target);
        let f = new_object_with_class(agent, proto, 2, CLASS_BOUND, 3)?;
        let fv = agent.root(Value::cell(f));
        object::set_internal_slot(agent, f, 0, this);
        object::set_internal_slot(agent, f, 1, arg(args, 0));
        let ba = agent.get(bound_args);
        object::set_internal_slot(agent, f, 2, ba);
        let target_len = ops::get_from_object(agent, target, PropertyKey::Atom(names::LENGTH))?
            .and_then(Value::as_number)
            .map_or(0.0, to_integer_or_infinity);
        let len = (target_len - rest.len() as f64).max(0.0);
        object::add_property(
            agent,
            f,
            PropertyKey::Atom(names::LENGTH),
            Attributes::CONFIGURABLE,
            Value::number(len),
        )?;
        let name = ops::get_from_object(agent, target, PropertyKey::Atom(names::NAME))?
            .filter(|&n| is_string(n))
            .map(|n| display(agent, n))
            .unwrap_or_default();
        let name = ops::new_string(agent, &format!("bound {name}"))?;
        object::add_property(
            agent,
            f,
            PropertyKey::Atom(names::NAME),
            Attributes::CONFIGURABLE,
            name,
        )?;
        Ok(agent.get(fv))
    })
}

fn function_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let text = display(agent, this);
    ops::new_string(agent, &text)
}

// ----- String -----

fn string_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if !nt.is_undefined() {
        return Err(not_implemented("String wrapper objects"));
    }
    if args.is_empty() {
        return ops::new_string(agent, "");
    }
    if ops::is_symbol(args[0]) {
        let text = display(agent, args[0]);
        return ops::new_string(agent, &text);
    }
    to_string_value(agent, args[0])
}

/// `thisValue` of String.prototype methods: RequireObjectCoercible + ToString, as units.
fn this_units(agent: &mut Agent, this: Value, method: &str) -> Result<Vec<u16>, Throw> {
    if this.is_nullish() {
        return Err(type_error(format!(
            "String.prototype.{method} called on null or undefined"
        )));
    }
    let s = to_string_value(agent, this)?;
    Ok(string::units(s.as_cell().expect("a string")))
}

fn integer_arg(agent: &mut Agent, v: Value) -> Result<f64, Throw> {
    Ok(to_integer_or_infinity(to_number(agent, v)?))
}

fn string_char_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "charAt")?;
    let pos = integer_arg(agent, arg(args, 0))?;
    if pos < 0.0 || pos >= units.len() as f64 {
        return ops::new_string(agent, "");
    }
    Ok(Value::cell(string::from_units(
        agent,
        &[units[pos as usize]],
    )?))
}

fn string_char_code_at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "charCodeAt")?;
    let pos = integer_arg(agent, arg(args, 0))?;
    if pos < 0.0 || pos >= units.len() as f64 {
        return Ok(Value::double(f64::NAN));
    }
    Ok(Value::int(i32::from(units[pos as usize])))
}

fn string_index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "indexOf")?;
    let search = to_string_value(agent, arg(args, 0))?;
    let search = string::units(search.as_cell().expect("a string"));
    let pos = integer_arg(agent, arg(args, 1))?;
    let start = pos.clamp(0.0, units.len() as f64) as usize;
    let found = (start..=units.len())
        .find(|&i| units.len() - i >= search.len() && units[i..i + search.len()] == search[..]);
    Ok(found.map_or(Value::int(-1), |i| Value::number(i as f64)))
}

/// A relative index argument (`slice`): negative counts from the end.
fn relative(agent: &mut Agent, v: Value, len: usize, default: f64) -> Result<usize, Throw> {
    let n = if v.is_undefined() {
        default
    } else {
        integer_arg(agent, v)?
    };
    let len = len as f64;
    Ok(if n < 0.0 {
        (len + n).max(0.0)
    } else {
        n.min(len)
    } as usize)
}

fn string_slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "slice")?;
    let len = units.len();
    let from = relative(agent, arg(args, 0), len, 0.0)?;
    let to = relative(agent, arg(args, 1), len, len as f64)?;
    let part = if from < to { &units[from..to] } else { &[][..] };
    Ok(Value::cell(string::from_units(agent, part)?))
}

fn string_substring(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let units = this_units(agent, this, "substring")?;
    let len = units.len() as f64;
    let start = integer_arg(agent, arg(args, 0))?.clamp(0.0, len) as usize;
    let end = if arg(args, 1).is_undefined() {
        units.len()
    } else {
        integer_arg(agent, arg(args, 1))?.clamp(0.0, len) as usize
    };
    let (from, to) = (start.min(end), start.max(end));
    Ok(Value::cell(string::from_units(agent, &units[from..to])?))
}

fn string_case(agent: &mut Agent, this: Value, upper: bool) -> R {
    let units = this_units(
        agent,
        this,
        if upper { "toUpperCase" } else { "toLowerCase" },
    )?;
    let mut out: Vec<u16> = Vec::with_capacity(units.len());
    let mut buf = [0u16; 2];
    for c in char::decode_utf16(units.iter().copied()) {
        match c {
            Ok(c) => {
                if upper {
                    for u in c.to_uppercase() {
                        out.extend_from_slice(u.encode_utf16(&mut buf));
                    }
                } else {
                    for u in c.to_lowercase() {
                        out.extend_from_slice(u.encode_utf16(&mut buf));
                    }
                }
            }
            Err(e) => out.push(e.unpaired_surrogate()),
        }
    }
    Ok(Value::cell(string::from_units(agent, &out)?))
}

fn string_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    if is_string(this) {
        return Ok(this);
    }
    Err(type_error(
        "String.prototype.valueOf requires that 'this' be a String",
    ))
}

// ----- Number and Boolean -----

fn number_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if !nt.is_undefined() {
        return Err(not_implemented("Number wrapper objects"));
    }
    if args.is_empty() {
        return Ok(Value::int(0));
    }
    Ok(Value::number(to_number(agent, args[0])?))
}

fn boolean_constructor(_agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if !nt.is_undefined() {
        return Err(not_implemented("Boolean wrapper objects"));
    }
    Ok(Value::bool(to_boolean(arg(args, 0))))
}

fn this_number(this: Value, method: &str) -> Result<f64, Throw> {
    this.as_number().ok_or_else(|| {
        type_error(format!(
            "Number.prototype.{method} requires that 'this' be a Number"
        ))
    })
}

fn number_to_string(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toString")?;
    let radix = if arg(args, 0).is_undefined() {
        10.0
    } else {
        integer_arg(agent, arg(args, 0))?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toString() radix must be between 2 and 36",
        ));
    }
    let text = if radix == 10.0 {
        crate::runtime::number::number_to_string(x)
    } else {
        number_to_string_radix(x, radix as u32)
    };
    ops::new_string(agent, &text)
}

fn number_to_fixed(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toFixed")?;
    let digits = integer_arg(agent, arg(args, 0))?;
    if !(0.0..=100.0).contains(&digits) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toFixed() digits argument must be between 0 and 100",
        ));
    }
    ops::new_string(agent, &to_fixed(x, digits as u32))
}

fn number_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::number(this_number(this, "valueOf")?))
}

fn this_boolean(this: Value) -> Result<bool, Throw> {
    this.as_bool()
        .ok_or_else(|| type_error("Boolean.prototype method requires that 'this' be a Boolean"))
}

fn boolean_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let b = this_boolean(this)?;
    ops::new_string(agent, if b { "true" } else { "false" })
}

fn boolean_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(this_boolean(this)?))
}

/// True if `f` is the realm's %ArrayIteratorPrototype%.next (the iteration fast path).
pub fn is_array_iterator_next(f: Value) -> bool {
    as_object(f)
        .filter(|&o| object::class(o) == CLASS_NATIVE)
        .and_then(|o| object::internal_slot(o, crate::interpreter::realm::FN_CODE))
        .and_then(Value::as_int)
        .and_then(|i| NATIVES.get(i as usize))
        .is_some_and(|n| n.home == AIP && n.name == "next")
}

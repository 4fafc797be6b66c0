//! The abstract operations the opcodes use, for the values the interpreter supports so far:
//! type conversions on primitives (objects throw "not implemented" where `ToPrimitive` would
//! run user code), operators, equality and relational comparison, property keys, and
//! `[[Get]]` / `[[Set]]` / `CreateDataProperty` on ordinary objects and arrays with data
//! properties through the prototype chain.

use heap::ObjectRef;

use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_ERROR, CLASS_FUNCTION, CLASS_NATIVE,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{array_index, names, PropertyKey};
use crate::runtime::cell::CellKind;
use crate::runtime::number::{number_to_string, string_to_number, to_int32, to_uint32};
use crate::runtime::object::{self, is_object};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

/// True for string values.
pub fn is_string(v: Value) -> bool {
    v.as_cell().is_some_and(string::is_string)
}

/// True for symbol values.
pub fn is_symbol(v: Value) -> bool {
    v.as_cell()
        .is_some_and(|c| CellKind::of(c) == Some(CellKind::Symbol))
}

/// The object, if `v` is one.
pub fn as_object(v: Value) -> Option<ObjectRef> {
    v.as_cell().filter(|&c| is_object(c))
}

/// True for callable values.
pub fn is_callable(v: Value) -> bool {
    as_object(v).is_some_and(|o| matches!(object::class(o), CLASS_FUNCTION | CLASS_NATIVE))
}

/// `ToBoolean`.
pub fn to_boolean(v: Value) -> bool {
    if let Some(b) = v.as_bool() {
        return b;
    }
    if let Some(n) = v.as_number() {
        return !(n == 0.0 || n.is_nan());
    }
    if v.is_nullish() || v.is_empty() {
        return false;
    }
    match v.as_cell() {
        Some(c) if string::is_string(c) => string::len(c) != 0,
        _ => true,
    }
}

fn not_implemented(what: &str) -> Throw {
    Throw::error(
        ErrorType::InternalError,
        format!("{what} not implemented yet"),
    )
}

/// `ToNumber` (objects: not implemented yet).
pub fn to_number(v: Value) -> Result<f64, Throw> {
    if let Some(n) = v.as_number() {
        return Ok(n);
    }
    if v.is_undefined() {
        return Ok(f64::NAN);
    }
    if v.is_null() {
        return Ok(0.0);
    }
    if let Some(b) = v.as_bool() {
        return Ok(if b { 1.0 } else { 0.0 });
    }
    if is_string(v) {
        return Ok(string_to_number(&string::units(
            v.as_cell().expect("a string"),
        )));
    }
    if is_symbol(v) {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert a Symbol value to a number",
        ));
    }
    Err(not_implemented("ToPrimitive on objects"))
}

/// `ToPrimitive` (primitives only).
pub fn to_primitive(v: Value) -> Result<Value, Throw> {
    if as_object(v).is_some() {
        return Err(not_implemented("ToPrimitive on objects"));
    }
    Ok(v)
}

/// The text of `ToString` for a primitive (`None` for symbols and objects).
fn primitive_text(v: Value) -> Option<String> {
    if v.is_undefined() {
        Some("undefined".into())
    } else if v.is_null() {
        Some("null".into())
    } else if let Some(b) = v.as_bool() {
        Some(b.to_string())
    } else {
        v.as_number().map(number_to_string)
    }
}

/// `ToString`, giving a string value.
pub fn to_string_value(agent: &mut Agent, v: Value) -> Result<Value, Throw> {
    if is_string(v) {
        return Ok(v);
    }
    if is_symbol(v) {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert a Symbol value to a string",
        ));
    }
    let Some(text) = primitive_text(v) else {
        return Err(not_implemented("ToPrimitive on objects"));
    };
    Ok(Value::cell(string::from_str(agent, &text)?))
}

/// A string value for Rust text.
pub fn new_string(agent: &mut Agent, text: &str) -> Result<Value, Throw> {
    Ok(Value::cell(string::from_str(agent, text)?))
}

/// `ToPropertyKey`.
pub fn to_property_key(agent: &mut Agent, v: Value) -> Result<PropertyKey, Throw> {
    if let Some(i) = v.as_int() {
        if i >= 0 {
            return Ok(PropertyKey::Index(i as u32));
        }
    }
    if let Some(c) = v.as_cell() {
        if string::is_string(c) {
            return Ok(agent.atoms.key(&string::units(c)));
        }
        if CellKind::of(c) == Some(CellKind::Symbol) {
            return Ok(PropertyKey::Symbol(c));
        }
        return Err(not_implemented("ToPrimitive on objects"));
    }
    let text = primitive_text(v).unwrap_or_default();
    let units: Vec<u16> = text.encode_utf16().collect();
    Ok(agent.atoms.key(&units))
}

/// A property key for messages.
pub fn key_text(agent: &Agent, key: PropertyKey) -> String {
    match key {
        PropertyKey::Index(i) => i.to_string(),
        PropertyKey::Atom(a) => agent.atoms.to_rust_string(a),
        PropertyKey::Symbol(_) => "Symbol()".into(),
    }
}

/// `typeof v`.
pub fn type_of(v: Value) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "object"
    } else if v.is_bool() {
        "boolean"
    } else if v.is_number() {
        "number"
    } else if is_string(v) {
        "string"
    } else if is_symbol(v) {
        "symbol"
    } else if is_callable(v) {
        "function"
    } else {
        "object"
    }
}

/// `IsStrictlyEqual`.
pub fn strict_equals(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_cell(), b.as_cell()) {
        if string::is_string(x) && string::is_string(y) {
            return string::equals(x, y);
        }
    }
    a == b
}

/// `IsLooselyEqual` (object-to-primitive coercion: not implemented yet).
pub fn loose_equals(a: Value, b: Value) -> Result<bool, Throw> {
    if a.is_nullish() && b.is_nullish() {
        return Ok(true);
    }
    if a.is_nullish() || b.is_nullish() {
        return Ok(false);
    }
    let same_type = type_of(a) == type_of(b) || (as_object(a).is_some() && as_object(b).is_some());
    if same_type {
        return Ok(strict_equals(a, b));
    }
    if as_object(a).is_some() || as_object(b).is_some() {
        return Err(not_implemented("ToPrimitive on objects"));
    }
    if is_symbol(a) || is_symbol(b) {
        return Ok(false);
    }
    Ok(to_number(a)? == to_number(b)?)
}

/// `IsLessThan(a, b)`: `None` for undefined (NaN).
pub fn less_than(a: Value, b: Value) -> Result<Option<bool>, Throw> {
    let (a, b) = (to_primitive(a)?, to_primitive(b)?);
    if is_string(a) && is_string(b) {
        let x = string::units(a.as_cell().expect("a string"));
        let y = string::units(b.as_cell().expect("a string"));
        return Ok(Some(x < y));
    }
    let (x, y) = (to_number(a)?, to_number(b)?);
    if x.is_nan() || y.is_nan() {
        return Ok(None);
    }
    Ok(Some(x < y))
}

/// `lhs + rhs` (ApplyStringOrNumericBinaryOperator for `+`).
pub fn add(agent: &mut Agent, lhs: Value, rhs: Value) -> Result<Value, Throw> {
    if let (Some(x), Some(y)) = (lhs.as_number(), rhs.as_number()) {
        return Ok(Value::number(x + y));
    }
    let (l, r) = (to_primitive(lhs)?, to_primitive(rhs)?);
    if is_string(l) || is_string(r) {
        return agent.scope(|agent| {
            let r_root = agent.root(r);
            let ls = to_string_value(agent, l)?;
            let ls_root = agent.root(ls);
            let rs = to_string_value(agent, agent.get(r_root))?;
            let ls = agent.get(ls_root).as_cell().expect("a string");
            match string::concat(agent, ls, rs.as_cell().expect("a string")) {
                Ok(s) => Ok(Value::cell(s)),
                Err(string::StringError::TooLong) => {
                    Err(Throw::error(ErrorType::RangeError, "Invalid string length"))
                }
                Err(string::StringError::OutOfMemory(e)) => Err(e.into()),
            }
        });
    }
    Ok(Value::number(to_number(l)? + to_number(r)?))
}

/// `Number::exponentiate`.
pub fn exponentiate(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// A numeric binary operator other than `+` on `ToNumeric` of both sides.
pub fn numeric_binary(op: crate::bytecode::Opcode, lhs: Value, rhs: Value) -> Result<Value, Throw> {
    use crate::bytecode::Opcode as O;
    let (x, y) = (to_number(lhs)?, to_number(rhs)?);
    Ok(match op {
        O::Sub => Value::number(x - y),
        O::Mul => Value::number(x * y),
        O::Div => Value::number(x / y),
        O::Mod => Value::number(x % y),
        O::Exp => Value::number(exponentiate(x, y)),
        O::BitwiseOr => Value::int(to_int32(x) | to_int32(y)),
        O::BitwiseXor => Value::int(to_int32(x) ^ to_int32(y)),
        O::BitwiseAnd => Value::int(to_int32(x) & to_int32(y)),
        O::ShiftLeft => Value::int(to_int32(x).wrapping_shl(to_uint32(y) & 31)),
        O::ShiftRight => Value::int(to_int32(x) >> (to_uint32(y) & 31)),
        O::ShiftRightLogical => Value::number(f64::from(to_uint32(x) >> (to_uint32(y) & 31))),
        _ => return Err(not_implemented(op.name())),
    })
}

/// A human-readable rendering of `v` that never allocates on the heap (`print`, uncaught
/// errors): strings and numbers as `ToString`, errors as `Name: message`, arrays as their
/// elements joined by `,`, functions as `function name() { … }`, other objects as
/// `[object Object]`.
pub fn display(agent: &Agent, v: Value) -> String {
    display_depth(agent, v, 0)
}

fn display_depth(agent: &Agent, v: Value, depth: u32) -> String {
    if let Some(text) = primitive_text(v) {
        return text;
    }
    if v.is_empty() {
        return "<hole>".into();
    }
    let Some(cell) = v.as_cell() else {
        return format!("{v:?}");
    };
    if string::is_string(cell) {
        return string::to_rust_string(cell);
    }
    if CellKind::of(cell) == Some(CellKind::Symbol) {
        let description = crate::runtime::symbol::symbol_description(cell);
        let d = if description.is_undefined() {
            String::new()
        } else {
            display(agent, description)
        };
        return format!("Symbol({d})");
    }
    if !is_object(cell) {
        return "<internal>".into();
    }
    match object::class(cell) {
        CLASS_ARRAY => {
            if depth > 4 {
                return "...".into();
            }
            (0..object::elements_len(cell))
                .map(|i| match object::element(cell, i) {
                    Some(e) if !e.is_nullish() => display_depth(agent, e, depth + 1),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
                .join(",")
        }
        CLASS_FUNCTION | CLASS_NATIVE => {
            let name = lookup_data(agent, cell, PropertyKey::Atom(names::NAME))
                .map(|n| display(agent, n))
                .unwrap_or_default();
            format!("function {name}() {{ [code] }}")
        }
        class => {
            let is_error = class == CLASS_ERROR
                || lookup_data(agent, cell, PropertyKey::Atom(names::MESSAGE)).is_some()
                    && lookup_data(agent, cell, PropertyKey::Atom(names::NAME)).is_some();
            if is_error {
                let name = lookup_data(agent, cell, PropertyKey::Atom(names::NAME))
                    .map(|n| display(agent, n))
                    .unwrap_or_else(|| "Error".into());
                let message = lookup_data(agent, cell, PropertyKey::Atom(names::MESSAGE))
                    .map(|n| display(agent, n))
                    .unwrap_or_default();
                if message.is_empty() {
                    name
                } else if name.is_empty() {
                    message
                } else {
                    format!("{name}: {message}")
                }
            } else {
                "[object Object]".into()
            }
        }
    }
}

/// A data property's value found through the prototype chain, without running code (accessors
/// give `None`).
pub fn lookup_data(agent: &Agent, obj: ObjectRef, key: PropertyKey) -> Option<Value> {
    let mut current = obj;
    loop {
        if let Some(v) = own_data(agent, current, key) {
            return v;
        }
        current = as_object(object::proto(current))?;
    }
}

/// `Some(Some(v))` for an own data property, `Some(None)` for an own accessor, `None` if absent.
fn own_data(agent: &Agent, obj: ObjectRef, key: PropertyKey) -> Option<Option<Value>> {
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        return Some(Some(Value::number(f64::from(object::elements_len(obj)))));
    }
    if let PropertyKey::Index(i) = key {
        if let Some(v) = object::element(obj, i) {
            return Some(Some(v));
        }
    }
    let slot = object::find(agent, obj, key)?;
    if slot.attributes.contains(Attributes::ACCESSOR) {
        return Some(None);
    }
    Some(Some(object::slot_value(obj, slot.index)))
}

/// `obj.[[Get]](key, obj)` for objects: `Ok(None)` if the property is absent from the chain.
pub fn get_from_object(
    agent: &Agent,
    obj: ObjectRef,
    key: PropertyKey,
) -> Result<Option<Value>, Throw> {
    let mut current = obj;
    loop {
        match own_data(agent, current, key) {
            Some(Some(v)) => return Ok(Some(v)),
            Some(None) => return Err(not_implemented("accessor properties")),
            None => {}
        }
        match as_object(object::proto(current)) {
            Some(p) => current = p,
            None => return Ok(None),
        }
    }
}

/// `GetValue(target.key)`.
pub fn get_property(agent: &mut Agent, target: Value, key: PropertyKey) -> Result<Value, Throw> {
    if let Some(obj) = as_object(target) {
        return Ok(get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED));
    }
    if target.is_nullish() {
        let what = if target.is_null() {
            "null"
        } else {
            "undefined"
        };
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot read properties of {what} (reading '{}')",
                key_text(agent, key)
            ),
        ));
    }
    if let Some(s) = target.as_cell().filter(|&c| string::is_string(c)) {
        match key {
            PropertyKey::Atom(names::LENGTH) => return Ok(Value::int(string::len(s) as i32)),
            PropertyKey::Index(i) if (i as usize) < string::len(s) => {
                let unit = string::units(s)[i as usize];
                return Ok(Value::cell(string::from_units(agent, &[unit])?));
            }
            _ => {}
        }
    }
    // Primitive wrappers' prototypes (String.prototype, Number.prototype, …) do not exist
    // yet: every other property of a primitive is absent.
    Ok(Value::UNDEFINED)
}

/// `PutValue(target.key, value)` with the reference's strictness.
pub fn set_property(
    agent: &mut Agent,
    target: Value,
    key: PropertyKey,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
    let Some(obj) = as_object(target) else {
        if target.is_nullish() {
            let what = if target.is_null() {
                "null"
            } else {
                "undefined"
            };
            return Err(Throw::error(
                ErrorType::TypeError,
                format!(
                    "Cannot set properties of {what} (setting '{}')",
                    key_text(agent, key)
                ),
            ));
        }
        if strict {
            return Err(Throw::error(
                ErrorType::TypeError,
                format!(
                    "Cannot create property '{}' on a primitive",
                    key_text(agent, key)
                ),
            ));
        }
        return Ok(());
    };
    let read_only = |agent: &Agent| {
        Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot assign to read only property '{}' of object",
                key_text(agent, key)
            ),
        )
    };
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        let n = to_number(value)?;
        let len = to_uint32(n);
        if f64::from(len) != n {
            return Err(Throw::error(ErrorType::RangeError, "Invalid array length"));
        }
        let old = object::elements_len(obj);
        if len < old {
            object::truncate_elements(agent, obj, len);
        } else if len > old {
            object::set_element(agent, obj, len - 1, Value::EMPTY)?;
        }
        return Ok(());
    }
    if let PropertyKey::Index(i) = key {
        if object::find(agent, obj, key).is_none() {
            if !object::is_extensible(obj) && object::element(obj, i).is_none() {
                return if strict {
                    Err(read_only(agent))
                } else {
                    Ok(())
                };
            }
            object::set_element(agent, obj, i, value)?;
            return Ok(());
        }
    }
    if let Some(slot) = object::find(agent, obj, key) {
        if slot.attributes.contains(Attributes::ACCESSOR) {
            return Err(not_implemented("accessor properties"));
        }
        if !slot.attributes.contains(Attributes::WRITABLE) {
            return if strict {
                Err(read_only(agent))
            } else {
                Ok(())
            };
        }
        object::set_slot_value(agent, obj, slot.index, value);
        return Ok(());
    }
    // Inherited: a read-only or accessor property up the chain decides.
    let mut current = as_object(object::proto(obj));
    while let Some(p) = current {
        if let Some(slot) = object::find(agent, p, key) {
            if slot.attributes.contains(Attributes::ACCESSOR) {
                return Err(not_implemented("accessor properties"));
            }
            if !slot.attributes.contains(Attributes::WRITABLE) {
                return if strict {
                    Err(read_only(agent))
                } else {
                    Ok(())
                };
            }
            break;
        }
        current = as_object(object::proto(p));
    }
    if !object::is_extensible(obj) {
        return if strict {
            Err(Throw::error(
                ErrorType::TypeError,
                format!(
                    "Cannot add property {}, object is not extensible",
                    key_text(agent, key)
                ),
            ))
        } else {
            Ok(())
        };
    }
    object::add_property(agent, obj, key, Attributes::DEFAULT, value)?;
    Ok(())
}

/// `CreateDataPropertyOrThrow(obj, key, value)`.
pub fn define_own(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    value: Value,
) -> Result<(), Throw> {
    if let PropertyKey::Index(i) = key {
        if object::find(agent, obj, key).is_none() {
            object::set_element(agent, obj, i, value)?;
            return Ok(());
        }
    }
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        return Err(not_implemented("redefining an array's length"));
    }
    match object::find(agent, obj, key) {
        Some(slot) => {
            if !slot.attributes.contains(Attributes::CONFIGURABLE) {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Cannot redefine property: {}", key_text(agent, key)),
                ));
            }
            if slot.attributes != Attributes::DEFAULT {
                object::set_attributes(agent, obj, key, Attributes::DEFAULT);
            }
            object::set_slot_value(agent, obj, slot.index, value);
        }
        None => {
            object::add_property(agent, obj, key, Attributes::DEFAULT, value)?;
        }
    }
    Ok(())
}

/// `OrdinaryHasInstance(c, o)` (no `@@hasInstance` yet).
pub fn instance_of(agent: &mut Agent, value: Value, constructor: Value) -> Result<bool, Throw> {
    if !is_callable(constructor) {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Right-hand side of 'instanceof' is not callable",
        ));
    }
    let Some(mut o) = as_object(value) else {
        return Ok(false);
    };
    let c = as_object(constructor).expect("callable");
    let proto =
        get_from_object(agent, c, PropertyKey::Atom(names::PROTOTYPE))?.unwrap_or(Value::UNDEFINED);
    if as_object(proto).is_none() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Function has non-object prototype in instanceof check",
        ));
    }
    loop {
        let p = object::proto(o);
        if p == proto {
            return Ok(true);
        }
        match as_object(p) {
            Some(next) => o = next,
            None => return Ok(false),
        }
    }
}

/// `HasProperty(obj, key)`.
pub fn has_property(agent: &Agent, obj: ObjectRef, key: PropertyKey) -> bool {
    let mut current = obj;
    loop {
        if own_data(agent, current, key).is_some() {
            return true;
        }
        match as_object(object::proto(current)) {
            Some(p) => current = p,
            None => return false,
        }
    }
}

/// The `Object.prototype` of the realm.
pub fn object_prototype(agent: &Agent) -> Value {
    intrinsic(agent, Intrinsic::ObjectPrototype)
}

/// True if `units` is a canonical array index (re-exported for callers of `to_property_key`).
pub fn is_array_index(units: &[u16]) -> bool {
    array_index(units).is_some()
}

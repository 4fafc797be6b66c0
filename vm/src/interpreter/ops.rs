//! The abstract operations the opcodes and builtins use: type conversions (ToPrimitive with
//! `@@toPrimitive`, ToNumber, ToString, ToPropertyKey, ToObject and the primitive wrapper
//! objects), operators, equality and relational comparison, and the object protocol.
//!
//! The object protocol has two layers. The storage-level, infallible helpers
//! (`own_property`, `has_property`, `own_keys`, `delete_property`, `lookup_data`) see
//! ordinary objects, arrays, String objects and arguments objects as stored. The internal
//! methods of §10.1 are the fallible `try_*` functions plus `get_with_receiver`,
//! `define_property` and `set_property`/`try_set`: they dispatch the objects whose class has
//! [`ExoticMethods`] (a Proxy to `builtins::proxy`, whose traps run JavaScript; a module
//! namespace to `modules::namespace`) and handle the exotic
//! behaviour of Arrays (`length`, ArraySetLength) and mapped arguments objects (§10.4.4).
//! Code that may meet a Proxy uses the fallible forms.

use heap::ObjectRef;

use crate::interpreter::builtins::typed_array;
use crate::interpreter::realm::{
    intrinsic, Intrinsic, CLASS_ARRAY, CLASS_ARRAY_ITERATOR, CLASS_BOOLEAN_WRAPPER, CLASS_BOUND,
    CLASS_ERROR, CLASS_FUNCTION, CLASS_MAPPED_ARGUMENTS, CLASS_MODULE_NAMESPACE, CLASS_NATIVE,
    CLASS_NUMBER_WRAPPER, CLASS_PROXY, CLASS_STRING_WRAPPER, CLASS_SYMBOL_WRAPPER,
    CLASS_TYPED_ARRAY,
};
use crate::interpreter::{bigint_ops, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{array_index, names, PropertyKey, MAX_ARRAY_INDEX};
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

/// `IsConstructor(v)`: bytecode functions by their code kind, natives by their table entry,
/// bound functions by their target.
pub fn is_constructor(agent: &Agent, v: Value) -> bool {
    let Some(o) = as_object(v) else {
        return false;
    };
    let code = || {
        object::internal_slot(o, crate::interpreter::realm::FN_CODE)
            .and_then(Value::as_int)
            .unwrap_or(0) as usize
    };
    match object::class(o) {
        CLASS_FUNCTION => agent
            .roots
            .vm
            .executables
            .get(code())
            .is_some_and(|exe| exe.info.is_constructor()),
        crate::interpreter::realm::CLASS_NATIVE => crate::interpreter::builtins::native_by_id(
            code() as crate::interpreter::builtins::NativeId,
        )
        .is_some_and(|n| n.is_constructor()),
        CLASS_BOUND => is_constructor(
            agent,
            object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED),
        ),
        CLASS_PROXY => {
            object::internal_slot(o, crate::interpreter::builtins::proxy::SLOT_CONSTRUCT)
                == Some(Value::TRUE)
        }
        _ => false,
    }
}

/// The object, if `v` is one.
pub fn as_object(v: Value) -> Option<ObjectRef> {
    v.as_cell().filter(|&c| is_object(c))
}

/// True for callable values.
pub fn is_callable(v: Value) -> bool {
    as_object(v).is_some_and(|o| match object::class(o) {
        CLASS_FUNCTION | CLASS_NATIVE | CLASS_BOUND => true,
        CLASS_PROXY => {
            object::internal_slot(o, crate::interpreter::builtins::proxy::SLOT_CALL)
                == Some(Value::TRUE)
        }
        _ => false,
    })
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
        Some(_) if v.is_bigint() => !crate::runtime::bigint::is_zero(v),
        _ => true,
    }
}

fn not_implemented(what: &str) -> Throw {
    Throw::error(
        ErrorType::InternalError,
        format!("{what} not implemented yet"),
    )
}

/// `ToNumber` for a primitive (objects: `TypeError`; callers convert them first).
pub fn to_number_primitive(v: Value) -> Result<f64, Throw> {
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
    if v.is_bigint() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert a BigInt value to a number",
        ));
    }
    Err(Throw::error(
        ErrorType::TypeError,
        "Cannot convert object to primitive value",
    ))
}

/// `ToNumber` (objects through `ToPrimitive(v, number)`, which may run user code).
pub fn to_number(agent: &mut Agent, v: Value) -> Result<f64, Throw> {
    if as_object(v).is_some() {
        let p = to_primitive(agent, v, Hint::Number)?;
        return to_number_primitive(p);
    }
    to_number_primitive(v)
}

/// The preferred type of `ToPrimitive`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// No preference (`+`, `==`).
    Default,
    /// `number`.
    Number,
    /// `string`.
    String,
}

/// `ToPrimitive(v, hint)`: an object's `@@toPrimitive` method if it has one, else
/// OrdinaryToPrimitive (`valueOf`/`toString`). The result is unrooted.
pub fn to_primitive(agent: &mut Agent, v: Value, hint: Hint) -> Result<Value, Throw> {
    if as_object(v).is_none() {
        return Ok(v);
    }
    agent.scope(|agent| {
        let root = agent.root(v);
        // a. Let exoticToPrim be ? GetMethod(input, @@toPrimitive).
        if let Some(sym) = intrinsic(agent, Intrinsic::SymbolToPrimitive).as_cell() {
            let exotic = get_method(agent, v, PropertyKey::Symbol(sym))?;
            // b. If exoticToPrim is not undefined: call it with the hint's name.
            if !exotic.is_undefined() {
                let exotic = agent.root(exotic);
                let name = match hint {
                    Hint::Default => "default",
                    Hint::Number => "number",
                    Hint::String => "string",
                };
                let name = new_string(agent, name)?;
                let name = agent.root(name);
                let (f, this, name) = (agent.get(exotic), agent.get(root), agent.get(name));
                let result = crate::interpreter::call(agent, f, this, &[name])?;
                if as_object(result).is_none() {
                    return Ok(result);
                }
                return Err(Throw::error(
                    ErrorType::TypeError,
                    "Cannot convert object to primitive value",
                ));
            }
        }
        // c.–d. Return ? OrdinaryToPrimitive(input, preferredType (number if absent)).
        let v = agent.get(root);
        ordinary_to_primitive(agent, v, hint)
    })
}

/// `OrdinaryToPrimitive(O, hint)` (`hint` string tries `toString` first, otherwise
/// `valueOf`). The result is unrooted.
pub fn ordinary_to_primitive(agent: &mut Agent, v: Value, hint: Hint) -> Result<Value, Throw> {
    agent.scope(|agent| {
        let root = agent.root(v);
        let order = if hint == Hint::String {
            [names::TO_STRING, names::VALUE_OF]
        } else {
            [names::VALUE_OF, names::TO_STRING]
        };
        for name in order {
            let obj = agent.get(root).as_cell().expect("an object");
            let f = get_with_receiver(agent, obj, PropertyKey::Atom(name), agent.get(root))?
                .unwrap_or(Value::UNDEFINED);
            if is_callable(f) {
                let f = agent.root(f);
                let (f, this) = (agent.get(f), agent.get(root));
                let r = crate::interpreter::call(agent, f, this, &[])?;
                if as_object(r).is_none() {
                    return Ok(r);
                }
            }
        }
        Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert object to primitive value",
        ))
    })
}

/// The text of `ToString` for a primitive (`None` for symbols and objects).
fn primitive_text(v: Value) -> Option<String> {
    if v.is_undefined() {
        Some("undefined".into())
    } else if v.is_null() {
        Some("null".into())
    } else if let Some(b) = v.as_bool() {
        Some(b.to_string())
    } else if let Some(n) = v.as_number() {
        Some(number_to_string(n))
    } else {
        crate::runtime::bigint::decimal_text(v)
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
    if as_object(v).is_some() {
        let p = to_primitive(agent, v, Hint::String)?;
        return to_string_value(agent, p);
    }
    if let Some(i) = v.as_int() {
        // Number::toString of an integer: its decimal digits, written without a String.
        let mut buffer = [0u8; 11];
        let digits = int_decimal(i, &mut buffer);
        return Ok(Value::cell(string::from_latin1(agent, digits)?));
    }
    let text = primitive_text(v).unwrap_or_default();
    Ok(Value::cell(string::from_str(agent, &text)?))
}

/// The decimal text of `i` (with a leading `-` if negative), written at the end of `buffer`.
pub fn int_decimal(i: i32, buffer: &mut [u8; 11]) -> &[u8] {
    let mut n = i.unsigned_abs();
    let mut at = buffer.len();
    loop {
        at -= 1;
        buffer[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        at -= 1;
        buffer[at] = b'-';
    }
    &buffer[at..]
}

/// `ToString` as Rust text.
pub fn to_rust_string(agent: &mut Agent, v: Value) -> Result<String, Throw> {
    let s = to_string_value(agent, v)?;
    Ok(string::to_rust_string(s.as_cell().expect("a string")))
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
            return Ok(string::property_key(agent, c));
        }
        if CellKind::of(c) == Some(CellKind::Symbol) {
            return Ok(PropertyKey::Symbol(c));
        }
        if is_object(c) {
            let p = to_primitive(agent, v, Hint::String)?;
            return to_property_key(agent, p);
        }
    }
    if let Some(i) = v.as_int() {
        // A negative integer: its decimal text (never an array index).
        let mut buffer = [0u8; 11];
        let digits = int_decimal(i, &mut buffer);
        return Ok(agent.atoms.key_of(string::Units::Latin1(digits)));
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

/// A property key as a JS value (a string, or the symbol).
pub fn key_value(agent: &mut Agent, key: PropertyKey) -> Result<Value, Throw> {
    match key {
        PropertyKey::Symbol(s) => Ok(Value::cell(s)),
        PropertyKey::Atom(a) => {
            let units = agent.atoms.text(a).to_vec();
            Ok(Value::cell(string::from_units(agent, &units)?))
        }
        PropertyKey::Index(i) => new_string(agent, &i.to_string()),
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
    } else if v.is_bigint() {
        "bigint"
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
        if x == y {
            return true;
        }
        if string::is_string(x) && string::is_string(y) {
            return string::equals(x, y);
        }
        if let Some(equal) = bigint_ops::strict_equals(a, b) {
            return equal;
        }
    }
    a == b
}

/// `SameValue`.
pub fn same_value(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return crate::runtime::number::same_value(x, y);
    }
    strict_equals(a, b)
}

/// `IsLooselyEqual` (objects compared with primitives go through `ToPrimitive`).
pub fn loose_equals(agent: &mut Agent, a: Value, b: Value) -> Result<bool, Throw> {
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
    if let Some(x) = a.as_bool() {
        return loose_equals(agent, Value::int(i32::from(x)), b);
    }
    if let Some(y) = b.as_bool() {
        return loose_equals(agent, a, Value::int(i32::from(y)));
    }
    if as_object(a).is_some() {
        return agent.scope(|agent| {
            let b = agent.root(b);
            let pa = to_primitive(agent, a, Hint::Default)?;
            let b = agent.get(b);
            loose_equals(agent, pa, b)
        });
    }
    if as_object(b).is_some() {
        return agent.scope(|agent| {
            let a = agent.root(a);
            let pb = to_primitive(agent, b, Hint::Default)?;
            let a = agent.get(a);
            loose_equals(agent, a, pb)
        });
    }
    if is_symbol(a) || is_symbol(b) {
        return Ok(false);
    }
    if let Some(equal) = bigint_ops::loose_equals_primitives(a, b) {
        return Ok(equal);
    }
    Ok(to_number_primitive(a)? == to_number_primitive(b)?)
}

/// `IsLessThan(a, b, left_first)`: `None` for undefined (NaN).
pub fn less_than(
    agent: &mut Agent,
    a: Value,
    b: Value,
    left_first: bool,
) -> Result<Option<bool>, Throw> {
    let (a, b) = agent.scope(|agent| -> Result<(Value, Value), Throw> {
        let (ra, rb) = (agent.root(a), agent.root(b));
        if left_first {
            let pa = to_primitive(agent, agent.get(ra), Hint::Number)?;
            let pa = agent.root(pa);
            let pb = to_primitive(agent, agent.get(rb), Hint::Number)?;
            Ok((agent.get(pa), pb))
        } else {
            let pb = to_primitive(agent, agent.get(rb), Hint::Number)?;
            let pb = agent.root(pb);
            let pa = to_primitive(agent, agent.get(ra), Hint::Number)?;
            Ok((pa, agent.get(pb)))
        }
    })?;
    // No allocation from here on: `a` and `b` need no roots.
    if let (Some(x), Some(y)) = (a.as_cell(), b.as_cell()) {
        if string::is_string(x) && string::is_string(y) {
            return Ok(Some(string::compare(x, y).is_lt()));
        }
    }
    if let Some(r) = bigint_ops::less_than_primitives(a, b)? {
        return Ok(r);
    }
    let (x, y) = (to_number_primitive(a)?, to_number_primitive(b)?);
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
    // Strings and integers need no ToPrimitive (nothing observable runs): concatenate them
    // straight away.
    let string_of = |v: Value| v.as_cell().filter(|&c| string::is_string(c));
    let joined = match (string_of(lhs), string_of(rhs)) {
        (Some(l), Some(r)) => Some(string::concat(agent, l, r)),
        (Some(l), None) => rhs.as_int().map(|i| {
            let mut buffer = [0u8; 11];
            string::concat_latin1(agent, l, int_decimal(i, &mut buffer), false)
        }),
        (None, Some(r)) => lhs.as_int().map(|i| {
            let mut buffer = [0u8; 11];
            string::concat_latin1(agent, r, int_decimal(i, &mut buffer), true)
        }),
        (None, None) => None,
    };
    if let Some(joined) = joined {
        return Ok(Value::cell(joined?));
    }
    agent.scope(|agent| {
        let r_root = agent.root(rhs);
        let l = to_primitive(agent, lhs, Hint::Default)?;
        let l_root = agent.root(l);
        let r = to_primitive(agent, agent.get(r_root), Hint::Default)?;
        let r_root = agent.root(r);
        let l = agent.get(l_root);
        if is_string(l) || is_string(r) {
            let ls = to_string_value(agent, l)?;
            let ls_root = agent.root(ls);
            let rs = to_string_value(agent, agent.get(r_root))?;
            let ls = agent.get(ls_root).as_cell().expect("a string");
            return match string::concat(agent, ls, rs.as_cell().expect("a string")) {
                Ok(s) => Ok(Value::cell(s)),
                Err(string::StringError::TooLong) => {
                    Err(Throw::error(ErrorType::RangeError, "Invalid string length"))
                }
                Err(string::StringError::OutOfMemory(e)) => Err(e.into()),
            };
        }
        // 3.–8. ToNumeric of both, then Number::add or BigInt::add.
        let x = bigint_ops::primitive_to_numeric(l)?;
        let y = bigint_ops::primitive_to_numeric(agent.get(r_root))?;
        bigint_ops::apply_numeric(agent, crate::bytecode::Opcode::Add, x, y)
    })
}

/// `++`, `--`, unary `-`, `~` and ToNumeric (`ToNumeric` gives the operand's numeric value).
#[inline]
pub fn numeric_unary(
    agent: &mut Agent,
    op: crate::bytecode::Opcode,
    v: Value,
) -> Result<Value, Throw> {
    use crate::bytecode::Opcode as O;
    match v.as_number() {
        Some(n) => Ok(match op {
            O::Inc => Value::number(n + 1.0),
            O::Dec => Value::number(n - 1.0),
            O::Negate => Value::number(-n),
            O::BitwiseNot => Value::int(!to_int32(n)),
            _ => Value::number(n),
        }),
        None => bigint_ops::numeric_unary_slow(agent, op, v),
    }
}

/// `Number::exponentiate`.
pub fn exponentiate(base: f64, exponent: f64) -> f64 {
    if exponent.is_nan() || (base.abs() == 1.0 && exponent.is_infinite()) {
        return f64::NAN;
    }
    base.powf(exponent)
}

/// A numeric binary operator other than `+` on `ToNumeric` of both sides.
pub fn numeric_binary(
    agent: &mut Agent,
    op: crate::bytecode::Opcode,
    lhs: Value,
    rhs: Value,
) -> Result<Value, Throw> {
    match (lhs.as_number(), rhs.as_number()) {
        (Some(x), Some(y)) => number_binary(op, x, y),
        _ => bigint_ops::numeric_binary_slow(agent, op, lhs, rhs),
    }
}

/// `Number::remainder` (`x % y`): the sign of the dividend, truncating division (a zero
/// result keeps the dividend's sign: `-4 % 2` is -0).
///
/// Integral operands below 2^52 in magnitude take one division in doubles instead of
/// `fmod` or a 64-bit integer division (tens of cycles): with `q` the truncated quotient of
/// |x| / |y|, off by at most one from the true one (the relative error of the division is
/// below 2^-53 and the quotient below 2^52), `q·|y| ≤ |x| + |y| < 2^53` and `|x| - q·|y|`
/// are exact integers, and one correction step gives the remainder.
#[inline]
pub fn remainder(x: f64, y: f64) -> f64 {
    const EXACT: f64 = 4_503_599_627_370_496.0; // 2^52
    let (ax, ay) = (x.abs(), y.abs());
    if ax < EXACT
        && (1.0..EXACT).contains(&ay)
        && (ax as i64) as f64 == ax
        && (ay as i64) as f64 == ay
    {
        let q = ((ax / ay) as i64) as f64;
        let mut r = ax - q * ay;
        if r < 0.0 {
            r += ay;
        } else if r >= ay {
            r -= ay;
        }
        return if x.is_sign_negative() { -r } else { r };
    }
    x % y
}

/// A numeric binary operator other than `+` on two Numbers.
pub fn number_binary(op: crate::bytecode::Opcode, x: f64, y: f64) -> Result<Value, Throw> {
    use crate::bytecode::Opcode as O;
    Ok(match op {
        O::Sub => Value::number(x - y),
        O::Mul => Value::number(x * y),
        O::Div => Value::number(x / y),
        O::Mod => Value::number(remainder(x, y)),
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
    if let Some(text) = crate::runtime::bigint::decimal_text(v) {
        return format!("{text}n");
    }
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
            (0..object::elements_len(cell).min(object::elements_capacity(cell)))
                .map(|i| match object::element(cell, i) {
                    Some(e) if !e.is_nullish() => display_depth(agent, e, depth + 1),
                    _ => String::new(),
                })
                .collect::<Vec<_>>()
                .join(",")
        }
        CLASS_TYPED_ARRAY => (0..typed_array::length(cell).unwrap_or(0))
            .map(|i| typed_array::element_text(cell, i).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(","),
        CLASS_FUNCTION | CLASS_NATIVE | CLASS_BOUND => {
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
        match own_property(agent, current, key) {
            Some(Own::Data { value, .. }) => return Some(value),
            Some(Own::Accessor { .. }) => return None,
            None => {}
        }
        current = as_object(object::proto(current))?;
    }
}

/// An own property as stored.
#[derive(Clone, Copy, Debug)]
pub enum Own {
    /// A data property.
    Data {
        /// `[[Value]]`.
        value: Value,
        /// Writable / enumerable / configurable.
        attributes: Attributes,
    },
    /// An accessor property.
    Accessor {
        /// The getter/setter pair cell.
        pair: ObjectRef,
        /// Enumerable / configurable (plus `ACCESSOR`).
        attributes: Attributes,
    },
}

impl Own {
    /// The property's attributes.
    pub fn attributes(self) -> Attributes {
        match self {
            Own::Data { attributes, .. } | Own::Accessor { attributes, .. } => attributes,
        }
    }
}

/// `[[GetOwnProperty]]` for the objects the interpreter makes: arrays' `length`, dense
/// elements (always writable, enumerable, configurable), then the shape. An index key lives
/// either in the elements or in the shape (when it has other attributes or is an accessor),
/// never in both.
pub fn own_property(agent: &Agent, obj: ObjectRef, key: PropertyKey) -> Option<Own> {
    if let Some(index) = typed_array::numeric_key(agent, obj, key) {
        return typed_array::get_own_property(obj, index);
    }
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        let attributes = if object::is_length_writable(obj) {
            Attributes::WRITABLE
        } else {
            Attributes::empty()
        };
        return Some(Own::Data {
            value: Value::number(f64::from(object::elements_len(obj))),
            attributes,
        });
    }
    if let PropertyKey::Index(i) = key {
        if let Some(value) = object::element(obj, i) {
            if let Some((ctx, slot)) = mapped_slot(obj, i) {
                let value = crate::runtime::context::slot(ctx, slot).unwrap_or(value);
                return Some(Own::Data {
                    value,
                    attributes: Attributes::DEFAULT,
                });
            }
            if object::class(obj) == CLASS_STRING_WRAPPER {
                return Some(Own::Data {
                    value,
                    attributes: Attributes::ENUMERABLE,
                });
            }
            return Some(Own::Data {
                value,
                attributes: Attributes::DEFAULT,
            });
        }
    }
    let slot = object::find(agent, obj, key)?;
    let mut value = object::slot_value(obj, slot.index);
    if let PropertyKey::Index(i) = key {
        if let Some((ctx, slot)) = mapped_slot(obj, i) {
            value = crate::runtime::context::slot(ctx, slot).unwrap_or(value);
        }
    }
    if slot.attributes.contains(Attributes::ACCESSOR) {
        let pair = value.as_cell().expect("an accessor slot holds a pair");
        return Some(Own::Accessor {
            pair,
            attributes: slot.attributes,
        });
    }
    Some(Own::Data {
        value,
        attributes: slot.attributes,
    })
}

/// True if `obj` (not exotic, not a typed array) has an own property with array-index key
/// `index`: what `own_property(agent, obj, Index(index)).is_some()` says, without a shape
/// lookup when the shape has no index keys.
#[inline]
pub fn has_own_index(agent: &Agent, obj: ObjectRef, index: u32) -> bool {
    object::element(obj, index).is_some()
        || (agent.roots.shapes.may_have_index_keys(object::shape(obj))
            && object::find(agent, obj, PropertyKey::Index(index)).is_some())
}

/// True if `obj`'s dense elements are its integer-keyed properties as they are: ordinary
/// objects and Arrays (present elements are writable, enumerable, configurable data
/// properties; other attributes live in the shape). Not typed arrays, String wrappers,
/// arguments objects or exotic objects.
#[inline]
pub(crate) fn plain_elements(obj: ObjectRef) -> bool {
    matches!(object::class(obj), 0 | CLASS_ARRAY)
}

/// Element `k` of an ordinary object or Array when it is present in the dense store: then
/// it is an own writable, enumerable, configurable data property, so `HasProperty` is true
/// and `Get` returns it without the property protocol. `None`: ask the generic path (holes
/// go up the prototype chain; other classes have exotic elements).
#[inline]
pub fn dense_element(o: ObjectRef, k: u64) -> Option<Value> {
    let index = u32::try_from(k).ok().filter(|&i| i <= MAX_ARRAY_INDEX)?;
    plain_elements(o)
        .then(|| object::element(o, index))
        .flatten()
}

/// `CreateDataPropertyOrThrow(o, k, v)` in the dense store of an ordinary object or an
/// Array, when that is all it does: `o` is extensible, an Array's `length` is writable, and
/// no index key lives in the shape (where elements with other attributes or accessors go).
/// Then the property is either a present element (replaced: it already has the default
/// attributes) or absent (created, which grows an Array's `length`). `Ok(false)`: nothing
/// done, take the generic path.
pub fn create_dense_element(
    agent: &mut Agent,
    o: ObjectRef,
    k: u64,
    v: Value,
) -> Result<bool, Throw> {
    let Some(index) = u32::try_from(k).ok().filter(|&i| i <= MAX_ARRAY_INDEX) else {
        return Ok(false);
    };
    if !plain_elements(o)
        || !object::is_extensible(o)
        || (object::class(o) == CLASS_ARRAY && !object::is_length_writable(o))
        || agent.roots.shapes.may_have_index_keys(object::shape(o))
        || object::is_sparse_index(o, index)
    {
        return Ok(false);
    }
    if !object::replace_element(agent, o, index, v) {
        object::set_element(agent, o, index, v)?;
    }
    Ok(true)
}

/// `obj.[[Get]](key, obj)` for objects: `Ok(None)` if the property is absent from the chain.
pub fn get_from_object(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
) -> Result<Option<Value>, Throw> {
    get_with_receiver(agent, obj, key, Value::cell(obj))
}

/// OrdinaryGet: `obj.[[Get]](key, receiver)`, calling getters with `receiver` (which the
/// caller keeps alive); `Ok(None)` if the property is absent from the chain.
pub fn get_with_receiver(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    receiver: Value,
) -> Result<Option<Value>, Throw> {
    let mut current = obj;
    loop {
        if let Some(methods) = exotic(current) {
            return (methods.get)(agent, current, key, receiver).map(Some);
        }
        if let Some(index) = typed_array::numeric_key(agent, current, key) {
            // A typed array's numeric keys never reach its prototype chain (§10.4.5.4).
            return typed_array::get_value(agent, current, index).map(Some);
        }
        match own_property(agent, current, key) {
            Some(Own::Data { value, .. }) => return Ok(Some(value)),
            Some(Own::Accessor { pair, .. }) => {
                let getter = object::accessor_getter(pair);
                if getter.is_undefined() {
                    return Ok(Some(Value::UNDEFINED));
                }
                return agent
                    .scope(|agent| {
                        agent.root(getter);
                        agent.root(receiver);
                        crate::interpreter::call(agent, getter, receiver, &[])
                    })
                    .map(Some);
            }
            None => {}
        }
        match as_object(object::proto(current)) {
            Some(p) => current = p,
            None => return Ok(None),
        }
    }
}

/// The prototype a primitive's property lookups start at (`None` for undefined/null).
pub fn primitive_prototype(agent: &Agent, v: Value) -> Option<ObjectRef> {
    let which = if is_string(v) {
        Intrinsic::StringPrototype
    } else if v.is_number() {
        Intrinsic::NumberPrototype
    } else if v.is_bool() {
        Intrinsic::BooleanPrototype
    } else if is_symbol(v) {
        Intrinsic::SymbolPrototype
    } else if v.is_bigint() {
        Intrinsic::BigIntPrototype
    } else {
        return None;
    };
    // %Symbol.prototype% may not exist yet: then symbols see %Object.prototype%.
    as_object(intrinsic(agent, which)).or_else(|| as_object(object_prototype(agent)))
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
                let unit = string::unit_at(agent, s, i as usize)?.unwrap_or(0);
                return Ok(Value::cell(string::single_unit(agent, unit)?));
            }
            _ => {}
        }
    }
    let Some(proto) = primitive_prototype(agent, target) else {
        return Ok(Value::UNDEFINED);
    };
    Ok(get_with_receiver(agent, proto, key, target)?.unwrap_or(Value::UNDEFINED))
}

/// The `TypeError` of reading (`action` "read") or setting ("set") property `key` of a
/// nullish `base`, thrown before the key is converted (`ToObject(base)` comes first), so an
/// object key is not described by running its `toString`.
pub fn nullish_base_error(agent: &mut Agent, base: Value, key: Value, action: &str) -> Throw {
    let what = if base.is_null() { "null" } else { "undefined" };
    let (verb, gerund) = if action == "read" {
        ("read", "reading")
    } else {
        ("set", "setting")
    };
    let message = if as_object(key).is_some() || is_symbol(key) {
        format!("Cannot {verb} properties of {what}")
    } else {
        let key = display(agent, key);
        format!("Cannot {verb} properties of {what} ({gerund} '{key}')")
    };
    Throw::error(ErrorType::TypeError, message)
}

/// `GetMethod(v, key)`: `undefined` for a nullish property, `TypeError` if not callable.
pub fn get_method(agent: &mut Agent, target: Value, key: PropertyKey) -> Result<Value, Throw> {
    let f = get_property(agent, target, key)?;
    if f.is_nullish() {
        return Ok(Value::UNDEFINED);
    }
    if !is_callable(f) {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!("{} is not a function", display(agent, f)),
        ));
    }
    Ok(f)
}

/// True if `obj`'s own property `key` (a name, never an index) is exactly what its shape
/// says: not for exotic objects (proxies, module namespaces), String wrappers, typed arrays
/// (canonical numeric names such as `"-0"` are exotic there), nor an Array's `length` (kept
/// outside the shape). The shape-only fast paths (inline caches, [`set_named_in_shapes`])
/// apply to such objects.
#[inline]
pub(crate) fn named_in_shape(obj: ObjectRef, key: PropertyKey) -> bool {
    match key {
        PropertyKey::Index(_) => false,
        _ => match object::class(obj) {
            CLASS_STRING_WRAPPER | CLASS_TYPED_ARRAY => false,
            CLASS_ARRAY => key != PropertyKey::Atom(names::LENGTH),
            _ => exotic(obj).is_none(),
        },
    }
}

/// OrdinarySet(target, key, value, target) decided by shapes alone, when `key` is a name and
/// every object on the chain is [`named_in_shape`]: writes an own writable data property in
/// place, or adds the property when no object on the chain has it. `Ok(None)`: not decided
/// here (accessors, read-only properties, exotic objects), take the full algorithm.
fn set_named_in_shapes(
    agent: &mut Agent,
    target: Value,
    key: PropertyKey,
    value: Value,
) -> Result<Option<Option<SetFailure>>, Throw> {
    let Some(obj) = as_object(target) else {
        return Ok(None);
    };
    if !named_in_shape(obj, key) {
        return Ok(None);
    }
    if let Some(found) = object::find(agent, obj, key) {
        if found.is_writable_data() {
            object::set_slot_value(agent, obj, found.index, value);
            return Ok(Some(None));
        }
        return Ok(None);
    }
    let mut holder = object::proto(obj);
    while let Some(proto) = as_object(holder) {
        if !named_in_shape(proto, key) || object::find(agent, proto, key).is_some() {
            return Ok(None);
        }
        holder = object::proto(proto);
    }
    if !object::is_extensible(obj) {
        return Ok(Some(Some(SetFailure::NotExtensible)));
    }
    object::add_property(agent, obj, key, Attributes::DEFAULT, value)?;
    Ok(Some(None))
}

/// Why an OrdinarySet failed (the strict-mode message).
enum SetFailure {
    ReadOnly,
    Rejected,
    GetterOnly,
    NotExtensible,
    Primitive,
}

/// `PutValue(target.key, value)` with the reference's strictness: OrdinarySet with
/// `receiver = target`; a `false` result throws `TypeError` in strict code.
pub fn set_property(
    agent: &mut Agent,
    target: Value,
    key: PropertyKey,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
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
    let failure = ordinary_set(agent, target, key, value, target)?;
    set_failure(agent, failure, key, target, strict)
}

/// `base.[[Set]](key, value, receiver)` for `super.key = value` (`base` the home object's
/// prototype); a `false` result throws `TypeError` when `strict`.
pub fn super_set(
    agent: &mut Agent,
    base: Value,
    key: PropertyKey,
    value: Value,
    receiver: Value,
    strict: bool,
) -> Result<(), Throw> {
    let failure = ordinary_set(agent, base, key, value, receiver)?;
    set_failure(agent, failure, key, receiver, strict)
}

fn set_failure(
    agent: &mut Agent,
    failure: Option<SetFailure>,
    key: PropertyKey,
    target: Value,
    strict: bool,
) -> Result<(), Throw> {
    match failure {
        None => Ok(()),
        Some(_) if !strict => Ok(()),
        Some(failure) => {
            let k = key_text(agent, key);
            let message = match failure {
                SetFailure::ReadOnly => {
                    format!("Cannot assign to read only property '{k}' of object")
                }
                SetFailure::Rejected => {
                    format!("Cannot assign to property '{k}': the object rejected it")
                }
                SetFailure::GetterOnly => {
                    format!("Cannot set property {k} of object which has only a getter")
                }
                SetFailure::NotExtensible => {
                    format!("Cannot add property {k}, object is not extensible")
                }
                SetFailure::Primitive => {
                    format!("Cannot create property '{k}' on {}", type_of(target))
                }
            };
            Err(Throw::error(ErrorType::TypeError, message))
        }
    }
}

/// OrdinarySet(target, key, value, receiver) (`receiver` is `target` except for `super`
/// stores); `Some(why)` when it returns false. The caller keeps `receiver` alive.
fn ordinary_set(
    agent: &mut Agent,
    target: Value,
    key: PropertyKey,
    value: Value,
    receiver: Value,
) -> Result<Option<SetFailure>, Throw> {
    if receiver == target {
        if let Some(done) = set_named_in_shapes(agent, target, key, value)? {
            return Ok(done);
        }
    }
    let mut current = match as_object(target) {
        Some(o) => Some(o),
        None => {
            if let Some(s) = target.as_cell().filter(|&c| string::is_string(c)) {
                let own = match key {
                    PropertyKey::Atom(names::LENGTH) => true,
                    PropertyKey::Index(i) => (i as usize) < string::len(s),
                    _ => false,
                };
                if own {
                    return Ok(Some(SetFailure::ReadOnly));
                }
            }
            primitive_prototype(agent, target)
        }
    };
    while let Some(o) = current {
        if let Some(methods) = exotic(o) {
            let ok = agent.scope(|agent| {
                agent.root(value);
                agent.root(receiver);
                (methods.set)(agent, o, key, value, receiver)
            })?;
            return Ok((!ok).then_some(SetFailure::Rejected));
        }
        if let Some(index) = typed_array::numeric_key(agent, o, key) {
            // §10.4.5.5 [[Set]]: the typed array itself writes the element; another
            // receiver falls back to OrdinarySet only for a valid index.
            if receiver == Value::cell(o) {
                agent.scope(|agent| {
                    agent.root(receiver);
                    typed_array::set_element(agent, o, index, value)
                })?;
                return Ok(None);
            }
            if !typed_array::is_valid_integer_index(o, index) {
                return Ok(None);
            }
        }
        match own_property(agent, o, key) {
            Some(Own::Data { attributes, .. }) => {
                if !attributes.contains(Attributes::WRITABLE) {
                    return Ok(Some(SetFailure::ReadOnly));
                }
                break;
            }
            Some(Own::Accessor { pair, .. }) => {
                let setter = object::accessor_setter(pair);
                if setter.is_undefined() {
                    return Ok(Some(SetFailure::GetterOnly));
                }
                agent.scope(|agent| {
                    agent.root(setter);
                    agent.root(receiver);
                    agent.root(value);
                    crate::interpreter::call(agent, setter, receiver, &[value])
                })?;
                return Ok(None);
            }
            None => current = as_object(object::proto(o)),
        }
    }
    let Some(obj) = as_object(receiver) else {
        return Ok(Some(SetFailure::Primitive));
    };
    if exotic(obj).is_some() {
        // OrdinarySetWithOwnDescriptor steps 2.c–e through the receiver's internal methods.
        return agent.scope(|agent| {
            agent.root(value);
            agent.root(receiver);
            match try_get_own_property(agent, obj, key)? {
                Some(d) if d.is_accessor() => Ok(Some(SetFailure::GetterOnly)),
                Some(d) if d.writable == Some(false) => Ok(Some(SetFailure::ReadOnly)),
                Some(_) => {
                    let desc = Descriptor {
                        value: Some(value),
                        ..Descriptor::default()
                    };
                    let ok = define_property(agent, obj, key, desc)?;
                    Ok((!ok).then_some(SetFailure::Rejected))
                }
                None => {
                    let ok = create_data_property(agent, obj, key, value)?;
                    Ok((!ok).then_some(SetFailure::Rejected))
                }
            }
        });
    }
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        let ok = set_array_length(agent, obj, value)?;
        return Ok((!ok).then_some(SetFailure::Rejected));
    }
    if typed_array::numeric_key(agent, obj, key).is_some() {
        // OrdinarySetWithOwnDescriptor steps 2.c–e on a typed array receiver.
        let ok = agent.scope(|agent| {
            agent.root(receiver);
            agent.root(value);
            let desc = match own_property(agent, obj, key) {
                Some(_) => Descriptor {
                    value: Some(value),
                    ..Descriptor::default()
                },
                None => Descriptor::data(value),
            };
            define_property(agent, obj, key, desc)
        })?;
        return Ok((!ok).then_some(SetFailure::Rejected));
    }
    match own_property(agent, obj, key) {
        Some(Own::Data { attributes, .. }) if !attributes.contains(Attributes::WRITABLE) => {
            Ok(Some(SetFailure::ReadOnly))
        }
        Some(Own::Data { .. }) => {
            write_through(agent, obj, key, value);
            if let PropertyKey::Index(i) = key {
                if object::element(obj, i).is_some() {
                    object::set_element(agent, obj, i, value)?;
                    return Ok(None);
                }
            }
            let slot = object::find(agent, obj, key).expect("an own property");
            object::set_slot_value(agent, obj, slot.index, value);
            Ok(None)
        }
        Some(Own::Accessor { .. }) => Ok(Some(SetFailure::GetterOnly)),
        None => {
            if !object::is_extensible(obj) {
                return Ok(Some(SetFailure::NotExtensible));
            }
            if beyond_fixed_length(obj, key) {
                return Ok(Some(SetFailure::Rejected));
            }
            store_new(agent, obj, key, Attributes::DEFAULT, value)?;
            Ok(None)
        }
    }
}

/// True for an index at or past the length of an Array whose `length` is non-writable
/// (such an index cannot be added).
fn beyond_fixed_length(obj: ObjectRef, key: PropertyKey) -> bool {
    match key {
        PropertyKey::Index(i) => {
            object::class(obj) == CLASS_ARRAY
                && !object::is_length_writable(obj)
                && i >= object::elements_len(obj)
        }
        _ => false,
    }
}

/// ArraySetLength for a data descriptor's value (`RangeError` for invalid lengths).
/// `false` when a non-configurable element stopped the shrinking (the length then ends just
/// past it, 10.4.2.4 step 17.b).
fn set_array_length(agent: &mut Agent, obj: ObjectRef, value: Value) -> Result<bool, Throw> {
    let n = agent.scope(|agent| {
        agent.root(Value::cell(obj));
        to_number(agent, value)
    })?;
    let mut len = to_uint32(n);
    if f64::from(len) != n {
        return Err(Throw::error(ErrorType::RangeError, "Invalid array length"));
    }
    let old = object::elements_len(obj);
    let mut ok = true;
    if len < old {
        // Index properties held by the shape (non-default attributes), from the highest.
        let mut held: Vec<(u32, Attributes)> = object::properties(agent, obj)
            .into_iter()
            .filter_map(|(k, a)| match k {
                PropertyKey::Index(i) if i >= len => Some((i, a)),
                _ => None,
            })
            .collect();
        held.sort_unstable_by_key(|&(i, _)| std::cmp::Reverse(i));
        for (i, a) in held {
            if !a.contains(Attributes::CONFIGURABLE) {
                len = i + 1;
                ok = false;
                break;
            }
            object::remove_property(agent, obj, PropertyKey::Index(i));
        }
        object::truncate_elements(agent, obj, len);
    } else if len > old {
        object::set_elements_len(agent, obj, len)?;
    }
    Ok(ok)
}

/// Adds a new own property (absent): plain index properties go to the dense elements unless
/// they lie far past them ([`object::is_sparse_index`]), others to the shape (an array's
/// length grows to cover a shape-held index).
fn store_new(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    attributes: Attributes,
    value: Value,
) -> Result<(), Throw> {
    if let PropertyKey::Index(i) = key {
        if attributes == Attributes::DEFAULT && !object::is_sparse_index(obj, i) {
            object::set_element(agent, obj, i, value)?;
            return Ok(());
        }
        if object::class(obj) == CLASS_ARRAY && i >= object::elements_len(obj) {
            agent.scope(|agent| {
                agent.root(Value::cell(obj));
                agent.root(value);
                object::set_elements_len(agent, obj, i.saturating_add(1))
            })?;
        }
    }
    object::add_property(agent, obj, key, attributes, value)?;
    Ok(())
}

/// Replaces an existing own property's attributes and value (moving an index property
/// between the elements and the shape as needed).
fn store_existing(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    attributes: Attributes,
    value: Value,
) -> Result<(), Throw> {
    if let PropertyKey::Index(i) = key {
        if object::element(obj, i).is_some() {
            if attributes == Attributes::DEFAULT {
                object::set_element(agent, obj, i, value)?;
            } else {
                object::delete_element(agent, obj, i);
                object::add_property(agent, obj, key, attributes, value)?;
            }
            return Ok(());
        }
    }
    let slot = object::find(agent, obj, key).expect("an own property");
    if slot.attributes != attributes {
        object::set_attributes(agent, obj, key, attributes);
    }
    object::set_slot_value(agent, obj, slot.index, value);
    Ok(())
}

/// A property descriptor (absent fields are `None`). Values are unrooted: callers keep them
/// alive (registers, locals) while the descriptor is in use.
#[derive(Clone, Copy, Debug, Default)]
pub struct Descriptor {
    /// `[[Value]]`.
    pub value: Option<Value>,
    /// `[[Writable]]`.
    pub writable: Option<bool>,
    /// `[[Get]]`.
    pub get: Option<Value>,
    /// `[[Set]]`.
    pub set: Option<Value>,
    /// `[[Enumerable]]`.
    pub enumerable: Option<bool>,
    /// `[[Configurable]]`.
    pub configurable: Option<bool>,
}

impl Descriptor {
    /// IsAccessorDescriptor.
    pub fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }

    /// IsDataDescriptor.
    pub fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }

    /// A data descriptor `{ value, writable, enumerable, configurable }` all true.
    pub fn data(value: Value) -> Descriptor {
        Descriptor {
            value: Some(value),
            writable: Some(true),
            enumerable: Some(true),
            configurable: Some(true),
            ..Descriptor::default()
        }
    }
}

fn attrs(writable: bool, enumerable: bool, configurable: bool) -> Attributes {
    let mut a = Attributes::empty();
    a.set(Attributes::WRITABLE, writable);
    a.set(Attributes::ENUMERABLE, enumerable);
    a.set(Attributes::CONFIGURABLE, configurable);
    a
}

/// OrdinaryDefineOwnProperty: ValidateAndApplyPropertyDescriptor for data and accessor
/// properties. `Ok(false)` when the definition is rejected.
pub fn define_property(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    desc: Descriptor,
) -> Result<bool, Throw> {
    if let Some(methods) = exotic(obj) {
        return (methods.define_own_property)(agent, obj, key, desc);
    }
    if let Some(index) = typed_array::numeric_key(agent, obj, key) {
        return agent.scope(|agent| {
            agent.root(Value::cell(obj));
            typed_array::define_own_property(agent, obj, index, &desc)
        });
    }
    if let PropertyKey::Index(i) = key {
        if let Some((ctx, slot)) = mapped_slot(obj, i) {
            return define_mapped(agent, obj, i, desc, ctx, slot);
        }
    }
    ordinary_define_property(agent, obj, key, desc)
}

/// [[DefineOwnProperty]] of a mapped arguments object for a mapped index (§10.4.4.2).
fn define_mapped(
    agent: &mut Agent,
    obj: ObjectRef,
    i: u32,
    desc: Descriptor,
    ctx: ObjectRef,
    slot: usize,
) -> Result<bool, Throw> {
    let mut new_desc = desc;
    if desc.is_data() && desc.value.is_none() && desc.writable == Some(false) {
        new_desc.value = crate::runtime::context::slot(ctx, slot);
    }
    if !ordinary_define_property(agent, obj, PropertyKey::Index(i), new_desc)? {
        return Ok(false);
    }
    if desc.is_accessor() {
        unmap(agent, obj, i);
    } else {
        if let Some(v) = desc.value {
            crate::runtime::context::set_slot(agent, ctx, slot, v);
        }
        if desc.writable == Some(false) {
            unmap(agent, obj, i);
        }
    }
    Ok(true)
}

/// OrdinaryDefineOwnProperty: ValidateAndApplyPropertyDescriptor on the stored property.
pub(crate) fn ordinary_define_property(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    desc: Descriptor,
) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(obj));
        for v in [desc.value, desc.get, desc.set].into_iter().flatten() {
            agent.root(v);
        }
        if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
            if desc.is_accessor()
                || desc.configurable == Some(true)
                || desc.enumerable == Some(true)
            {
                return Ok(false);
            }
            // ArraySetLength (10.4.2.4), with dense elements only.
            let writable = object::is_length_writable(obj);
            if desc.writable == Some(true) && !writable {
                return Ok(false);
            }
            if let Some(v) = desc.value {
                if writable {
                    if !set_array_length(agent, obj, v)? {
                        if desc.writable == Some(false) {
                            object::set_length_readonly(obj);
                        }
                        return Ok(false);
                    }
                } else {
                    let n = to_number(agent, v)?;
                    if f64::from(to_uint32(n)) != n {
                        return Err(Throw::error(ErrorType::RangeError, "Invalid array length"));
                    }
                    if n != f64::from(object::elements_len(obj)) {
                        return Ok(false);
                    }
                }
            }
            if desc.writable == Some(false) {
                object::set_length_readonly(obj);
            }
            return Ok(true);
        }
        let Some(current) = own_property(agent, obj, key) else {
            if !object::is_extensible(obj) || beyond_fixed_length(obj, key) {
                return Ok(false);
            }
            let enumerable = desc.enumerable.unwrap_or(false);
            let configurable = desc.configurable.unwrap_or(false);
            if desc.is_accessor() {
                let pair = object::new_accessor_pair(
                    agent,
                    desc.get.unwrap_or(Value::UNDEFINED),
                    desc.set.unwrap_or(Value::UNDEFINED),
                )?;
                let a = attrs(false, enumerable, configurable) | Attributes::ACCESSOR;
                store_new(agent, obj, key, a, Value::cell(pair))?;
            } else {
                let a = attrs(desc.writable.unwrap_or(false), enumerable, configurable);
                store_new(agent, obj, key, a, desc.value.unwrap_or(Value::UNDEFINED))?;
            }
            return Ok(true);
        };
        let cur = current.attributes();
        let cur_accessor = matches!(current, Own::Accessor { .. });
        if !cur.contains(Attributes::CONFIGURABLE) {
            if desc.configurable == Some(true) {
                return Ok(false);
            }
            if desc
                .enumerable
                .is_some_and(|e| e != cur.contains(Attributes::ENUMERABLE))
            {
                return Ok(false);
            }
            if (desc.is_accessor() || desc.is_data()) && desc.is_accessor() != cur_accessor {
                return Ok(false);
            }
            match current {
                Own::Accessor { pair, .. } => {
                    if desc
                        .get
                        .is_some_and(|g| !same_value(g, object::accessor_getter(pair)))
                        || desc
                            .set
                            .is_some_and(|s| !same_value(s, object::accessor_setter(pair)))
                    {
                        return Ok(false);
                    }
                }
                Own::Data { value, attributes } => {
                    if !attributes.contains(Attributes::WRITABLE)
                        && (desc.writable == Some(true)
                            || desc.value.is_some_and(|v| !same_value(v, value)))
                    {
                        return Ok(false);
                    }
                }
            }
        }
        let enumerable = desc
            .enumerable
            .unwrap_or(cur.contains(Attributes::ENUMERABLE));
        let configurable = desc
            .configurable
            .unwrap_or(cur.contains(Attributes::CONFIGURABLE));
        match current {
            Own::Data { value, attributes } if !desc.is_accessor() => {
                let writable = desc
                    .writable
                    .unwrap_or(attributes.contains(Attributes::WRITABLE));
                let value = desc.value.unwrap_or(value);
                store_existing(
                    agent,
                    obj,
                    key,
                    attrs(writable, enumerable, configurable),
                    value,
                )?;
            }
            Own::Data { .. } => {
                let pair = object::new_accessor_pair(
                    agent,
                    desc.get.unwrap_or(Value::UNDEFINED),
                    desc.set.unwrap_or(Value::UNDEFINED),
                )?;
                let a = attrs(false, enumerable, configurable) | Attributes::ACCESSOR;
                store_existing(agent, obj, key, a, Value::cell(pair))?;
            }
            Own::Accessor { pair, .. } if !desc.is_data() => {
                if let Some(g) = desc.get {
                    object::set_accessor_half(agent, pair, 0, g);
                }
                if let Some(s) = desc.set {
                    object::set_accessor_half(agent, pair, 1, s);
                }
                let a = attrs(false, enumerable, configurable) | Attributes::ACCESSOR;
                store_existing(agent, obj, key, a, Value::cell(pair))?;
            }
            Own::Accessor { .. } => {
                let a = attrs(desc.writable.unwrap_or(false), enumerable, configurable);
                store_existing(agent, obj, key, a, desc.value.unwrap_or(Value::UNDEFINED))?;
            }
        }
        Ok(true)
    })
}

/// DefinePropertyOrThrow.
pub fn define_property_or_throw(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    desc: Descriptor,
) -> Result<(), Throw> {
    if define_property(agent, obj, key, desc)? {
        Ok(())
    } else {
        Err(Throw::error(
            ErrorType::TypeError,
            format!("Cannot redefine property: {}", key_text(agent, key)),
        ))
    }
}

/// `CreateDataPropertyOrThrow(obj, key, value)`.
pub fn define_own(
    agent: &mut Agent,
    obj: ObjectRef,
    key: PropertyKey,
    value: Value,
) -> Result<(), Throw> {
    if let PropertyKey::Index(i) = key {
        if object::find(agent, obj, key).is_none()
            && object::is_extensible(obj)
            && !matches!(
                object::class(obj),
                CLASS_MAPPED_ARGUMENTS | CLASS_STRING_WRAPPER | CLASS_TYPED_ARRAY
            )
            && !beyond_fixed_length(obj, key)
            && !object::is_sparse_index(obj, i)
        {
            object::set_element(agent, obj, i, value)?;
            return Ok(());
        }
    }
    define_property_or_throw(agent, obj, key, Descriptor::data(value))
}

/// OrdinaryDelete: `false` for non-configurable properties.
pub fn delete_property(agent: &mut Agent, obj: ObjectRef, key: PropertyKey) -> bool {
    if object::class(obj) == CLASS_ARRAY && key == PropertyKey::Atom(names::LENGTH) {
        return false;
    }
    if let Some(index) = typed_array::numeric_key(agent, obj, key) {
        return !typed_array::is_valid_integer_index(obj, index);
    }
    if let PropertyKey::Index(i) = key {
        if mapped_slot(obj, i).is_some() {
            if !ordinary_delete(agent, obj, key) {
                return false;
            }
            unmap(agent, obj, i);
            return true;
        }
    }
    ordinary_delete(agent, obj, key)
}

fn ordinary_delete(agent: &mut Agent, obj: ObjectRef, key: PropertyKey) -> bool {
    if let PropertyKey::Index(i) = key {
        if object::element(obj, i).is_some() {
            if object::class(obj) == CLASS_STRING_WRAPPER {
                return false;
            }
            object::delete_element(agent, obj, i);
            return true;
        }
    }
    match object::find(agent, obj, key) {
        Some(slot) if !slot.attributes.contains(Attributes::CONFIGURABLE) => false,
        Some(_) => {
            object::remove_property(agent, obj, key);
            true
        }
        None => true,
    }
}

/// OrdinaryOwnPropertyKeys: integer indices ascending, then strings and symbols in creation
/// order (an array's `length` comes after the indices).
pub fn own_keys(agent: &Agent, obj: ObjectRef) -> Vec<PropertyKey> {
    let dense = object::elements_len(obj).min(object::elements_capacity(obj));
    let mut indices: Vec<u32> = (0..dense)
        .filter(|&i| object::element(obj, i).is_some())
        .collect();
    let props = object::properties(agent, obj);
    indices.extend(props.iter().filter_map(|(k, _)| match k {
        PropertyKey::Index(i) => Some(*i),
        _ => None,
    }));
    indices.sort_unstable();
    let mut keys: Vec<PropertyKey> = if object::class(obj) == CLASS_TYPED_ARRAY {
        typed_array::own_index_keys(obj)
    } else {
        Vec::new()
    };
    keys.extend(indices.into_iter().map(PropertyKey::Index));
    if object::class(obj) == CLASS_ARRAY {
        keys.push(PropertyKey::Atom(names::LENGTH));
    }
    keys.extend(
        props
            .iter()
            .filter(|(k, _)| matches!(k, PropertyKey::Atom(_)))
            .map(|(k, _)| *k),
    );
    keys.extend(
        props
            .iter()
            .filter(|(k, _)| {
                matches!(k, PropertyKey::Symbol(_))
                    && !crate::runtime::private_name::is_private_key(*k)
            })
            .map(|(k, _)| *k),
    );
    keys
}

/// `InstanceofOperator(value, target)` (§13.10.2): `target[@@hasInstance]` if present, else
/// OrdinaryHasInstance.
pub fn instance_of(agent: &mut Agent, value: Value, target: Value) -> Result<bool, Throw> {
    if as_object(target).is_none() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Right-hand side of 'instanceof' is not an object",
        ));
    }
    agent.scope(|agent| {
        agent.root(value);
        agent.root(target);
        let sym = intrinsic(agent, Intrinsic::SymbolHasInstance)
            .as_cell()
            .expect("a symbol");
        let handler = get_method(agent, target, PropertyKey::Symbol(sym))?;
        if !handler.is_undefined() {
            agent.root(handler);
            let r = crate::interpreter::call(agent, handler, target, &[value])?;
            return Ok(to_boolean(r));
        }
        if !is_callable(target) {
            return Err(Throw::error(
                ErrorType::TypeError,
                "Right-hand side of 'instanceof' is not callable",
            ));
        }
        ordinary_has_instance(agent, target, value)
    })
}

/// `OrdinaryHasInstance(c, o)`; the caller roots both.
pub fn ordinary_has_instance(agent: &mut Agent, c: Value, value: Value) -> Result<bool, Throw> {
    if !is_callable(c) {
        return Ok(false);
    }
    let cf = as_object(c).expect("callable");
    if object::class(cf) == CLASS_BOUND {
        let target = object::internal_slot(cf, 0).unwrap_or(Value::UNDEFINED);
        return instance_of(agent, value, target);
    }
    let Some(mut o) = as_object(value) else {
        return Ok(false);
    };
    let proto = get_from_object(agent, cf, PropertyKey::Atom(names::PROTOTYPE))?
        .unwrap_or(Value::UNDEFINED);
    if as_object(proto).is_none() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Function has non-object prototype in instanceof check",
        ));
    }
    agent.scope(|agent| {
        agent.root(proto);
        loop {
            let p = try_get_prototype_of(agent, o)?;
            agent.root(p);
            if p == proto {
                return Ok(true);
            }
            match as_object(p) {
                Some(next) => o = next,
                None => return Ok(false),
            }
        }
    })
}

/// `HasProperty(obj, key)`.
pub fn has_property(agent: &Agent, obj: ObjectRef, key: PropertyKey) -> bool {
    let mut current = obj;
    loop {
        if let Some(index) = typed_array::numeric_key(agent, current, key) {
            return typed_array::is_valid_integer_index(current, index);
        }
        if own_property(agent, current, key).is_some() {
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

// ----- ToObject and the primitive wrapper objects -----

/// `ToObject(v)`: objects as they are, primitives in a new wrapper object (String exotic
/// objects for strings), `TypeError` for `undefined` and `null`. The result is unrooted.
pub fn to_object(agent: &mut Agent, v: Value) -> Result<ObjectRef, Throw> {
    if let Some(o) = as_object(v) {
        return Ok(o);
    }
    if v.is_nullish() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert undefined or null to object",
        ));
    }
    let Some(proto) = primitive_prototype(agent, v) else {
        return Err(not_implemented("ToObject of this value"));
    };
    new_wrapper(agent, v, Value::cell(proto))
}

/// A primitive wrapper object for `primitive` (a string, number, boolean or symbol) with
/// prototype `proto`; its `[[StringData]]`/`[[NumberData]]`/… is internal slot 0. A String
/// exotic object gets its `length` (non-writable, non-configurable) and its index properties
/// (in the dense elements, which `own_property` reports as non-writable, non-configurable)
/// up front. `primitive` and `proto` are rooted by the
/// caller or are not cells that can move.
pub fn new_wrapper(agent: &mut Agent, primitive: Value, proto: Value) -> Result<ObjectRef, Throw> {
    let class = if is_string(primitive) {
        CLASS_STRING_WRAPPER
    } else if primitive.is_number() {
        CLASS_NUMBER_WRAPPER
    } else if primitive.is_bool() {
        CLASS_BOOLEAN_WRAPPER
    } else if is_symbol(primitive) {
        CLASS_SYMBOL_WRAPPER
    } else if primitive.is_bigint() {
        crate::interpreter::realm::CLASS_BIGINT_WRAPPER
    } else {
        return Err(not_implemented("a wrapper object for this value"));
    };
    agent.scope(|agent| {
        let p = agent.root(primitive);
        let inline = if class == CLASS_STRING_WRAPPER { 1 } else { 0 };
        let obj = object::new_object_with_class(agent, proto, inline, class, 1)?;
        let primitive = agent.get(p);
        object::set_internal_slot(agent, obj, 0, primitive);
        if class == CLASS_STRING_WRAPPER {
            let o = agent.root(Value::cell(obj));
            let s = primitive.as_cell().expect("a string");
            let units = string::units(s);
            object::add_property(
                agent,
                obj,
                PropertyKey::Atom(names::LENGTH),
                Attributes::empty(),
                Value::int(units.len() as i32),
            )?;
            // The index properties live in the dense elements; `own_property` reports them
            // as `{ enumerable }` only (§10.4.3.5 StringGetOwnProperty).
            for (i, &unit) in units.iter().enumerate() {
                let c = string::from_units(agent, &[unit])?;
                let obj = agent.get(o).as_cell().expect("rooted");
                object::set_element(agent, obj, i as u32, Value::cell(c))?;
            }
            return Ok(agent.get(o).as_cell().expect("rooted"));
        }
        Ok(obj)
    })
}

/// The primitive inside a wrapper object of `class` (`None` for other values).
pub fn wrapped_primitive(v: Value, class: u8) -> Option<Value> {
    as_object(v)
        .filter(|&o| object::class(o) == class)
        .and_then(|o| object::internal_slot(o, 0))
}

// ----- Property descriptors as objects -----

/// `FromPropertyDescriptor(desc)` (the descriptor's values are kept alive by the caller).
pub fn from_property_descriptor(agent: &mut Agent, desc: &Descriptor) -> Result<Value, Throw> {
    agent.scope(|agent| {
        let proto = object_prototype(agent);
        let result = object::new_object(agent, proto, 4)?;
        let root = agent.root(Value::cell(result));
        let mut fields: Vec<(PropertyKey, Value)> = Vec::new();
        if let Some(v) = desc.value {
            fields.push((PropertyKey::Atom(names::VALUE), v));
        }
        if let Some(w) = desc.writable {
            fields.push((PropertyKey::Atom(names::WRITABLE), Value::bool(w)));
        }
        if let Some(g) = desc.get {
            fields.push((PropertyKey::Atom(names::GET), g));
        }
        if let Some(s) = desc.set {
            fields.push((PropertyKey::Atom(names::SET), s));
        }
        if let Some(e) = desc.enumerable {
            fields.push((PropertyKey::Atom(names::ENUMERABLE), Value::bool(e)));
        }
        if let Some(c) = desc.configurable {
            fields.push((PropertyKey::Atom(names::CONFIGURABLE), Value::bool(c)));
        }
        for (k, v) in fields {
            let obj = agent.get(root).as_cell().expect("rooted");
            define_own(agent, obj, k, v)?;
        }
        Ok(agent.get(root))
    })
}

/// `ToPropertyDescriptor(v)`; the values are rooted in the caller's current scope.
pub fn to_property_descriptor(agent: &mut Agent, v: Value) -> Result<Descriptor, Throw> {
    let Some(obj) = as_object(v) else {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Property description must be an object: {}",
                display(agent, v)
            ),
        ));
    };
    agent.root(v);
    let mut desc = Descriptor::default();
    let field = |agent: &mut Agent, name| -> Result<Option<Value>, Throw> {
        let key = PropertyKey::Atom(name);
        if !try_has_property(agent, obj, key)? {
            return Ok(None);
        }
        let v = get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED);
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
            return Err(Throw::error(
                ErrorType::TypeError,
                format!("Getter/setter must be a function: {}", display(agent, f)),
            ));
        }
    }
    if desc.is_accessor() && desc.is_data() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Invalid property descriptor. Cannot both specify accessors and a value or writable attribute",
        ));
    }
    Ok(desc)
}

impl Descriptor {
    /// `CompletePropertyDescriptor`.
    pub fn complete(&mut self) {
        if self.is_accessor() {
            self.get.get_or_insert(Value::UNDEFINED);
            self.set.get_or_insert(Value::UNDEFINED);
        } else {
            self.value.get_or_insert(Value::UNDEFINED);
            self.writable.get_or_insert(false);
        }
        self.enumerable.get_or_insert(false);
        self.configurable.get_or_insert(false);
    }

    /// A complete descriptor of a stored own property.
    pub fn of_own(own: Own) -> Descriptor {
        let a = own.attributes();
        let mut d = Descriptor {
            enumerable: Some(a.contains(Attributes::ENUMERABLE)),
            configurable: Some(a.contains(Attributes::CONFIGURABLE)),
            ..Descriptor::default()
        };
        match own {
            Own::Data { value, .. } => {
                d.value = Some(value);
                d.writable = Some(a.contains(Attributes::WRITABLE));
            }
            Own::Accessor { pair, .. } => {
                d.get = Some(object::accessor_getter(pair));
                d.set = Some(object::accessor_setter(pair));
            }
        }
        d
    }
}

/// `IsCompatiblePropertyDescriptor(extensible, desc, current)`: would
/// ValidateAndApplyPropertyDescriptor accept `desc` on a property `current` (complete)?
pub fn is_compatible_descriptor(
    extensible: bool,
    desc: &Descriptor,
    current: Option<&Descriptor>,
) -> bool {
    let Some(current) = current else {
        return extensible;
    };
    if current.configurable == Some(false) {
        if desc.configurable == Some(true) {
            return false;
        }
        if desc.enumerable.is_some() && desc.enumerable != current.enumerable {
            return false;
        }
        let generic = !desc.is_accessor() && !desc.is_data();
        if !generic && desc.is_accessor() != current.is_accessor() {
            return false;
        }
        if current.is_accessor() {
            if desc
                .get
                .is_some_and(|g| !same_value(g, current.get.unwrap_or(Value::UNDEFINED)))
                || desc
                    .set
                    .is_some_and(|s| !same_value(s, current.set.unwrap_or(Value::UNDEFINED)))
            {
                return false;
            }
        } else if !desc.is_accessor()
            && current.writable == Some(false)
            && (desc.writable == Some(true)
                || desc
                    .value
                    .is_some_and(|v| !same_value(v, current.value.unwrap_or(Value::UNDEFINED))))
        {
            return false;
        }
    }
    true
}

// ----- The internal methods, dispatching on the object's class -----
//
// These are the fallible forms of §10.1 / §10.5: ordinary objects (and arrays, wrappers,
// arguments objects) take the storage-level paths above; a Proxy runs its traps, which can
// call back into JavaScript and throw. `get_from_object`, `get_with_receiver`,
// `set_property` and `define_property` dispatch too.

/// True if `o` is a Proxy exotic object.
pub fn is_proxy(o: ObjectRef) -> bool {
    object::class(o) == CLASS_PROXY
}

/// The internal methods of an exotic object whose behaviour the object's storage does not
/// describe (a Proxy's traps, a module namespace's live bindings). Each entry is the
/// object's `[[…]]` method of §10.1; `exotic` picks the table by the object's class, and the
/// `try_*` functions, `get_with_receiver`, `set_property` and `define_property` call it.
pub struct ExoticMethods {
    /// `[[GetPrototypeOf]]()`.
    pub get_prototype_of: fn(&mut Agent, ObjectRef) -> Result<Value, Throw>,
    /// `[[SetPrototypeOf]](v)`.
    pub set_prototype_of: fn(&mut Agent, ObjectRef, Value) -> Result<bool, Throw>,
    /// `[[IsExtensible]]()`.
    pub is_extensible: fn(&mut Agent, ObjectRef) -> Result<bool, Throw>,
    /// `[[PreventExtensions]]()`.
    pub prevent_extensions: fn(&mut Agent, ObjectRef) -> Result<bool, Throw>,
    /// `[[GetOwnProperty]](key)`.
    pub get_own_property:
        fn(&mut Agent, ObjectRef, PropertyKey) -> Result<Option<Descriptor>, Throw>,
    /// `[[DefineOwnProperty]](key, desc)`.
    pub define_own_property:
        fn(&mut Agent, ObjectRef, PropertyKey, Descriptor) -> Result<bool, Throw>,
    /// `[[HasProperty]](key)` (the whole chain).
    pub has: fn(&mut Agent, ObjectRef, PropertyKey) -> Result<bool, Throw>,
    /// `[[Get]](key, receiver)`.
    pub get: fn(&mut Agent, ObjectRef, PropertyKey, Value) -> Result<Value, Throw>,
    /// `[[Set]](key, value, receiver)`.
    pub set: fn(&mut Agent, ObjectRef, PropertyKey, Value, Value) -> Result<bool, Throw>,
    /// `[[Delete]](key)`.
    pub delete: fn(&mut Agent, ObjectRef, PropertyKey) -> Result<bool, Throw>,
    /// `[[OwnPropertyKeys]]()`.
    pub own_keys: fn(&mut Agent, ObjectRef) -> Result<Vec<PropertyKey>, Throw>,
}

/// The exotic internal methods of `o`, if its class has them.
#[inline]
pub fn exotic(o: ObjectRef) -> Option<&'static ExoticMethods> {
    match object::class(o) {
        CLASS_PROXY => Some(&crate::interpreter::builtins::proxy::EXOTIC),
        CLASS_MODULE_NAMESPACE => Some(&crate::interpreter::modules::namespace::EXOTIC),
        _ => None,
    }
}

/// `o.[[GetPrototypeOf]]()`.
pub fn try_get_prototype_of(agent: &mut Agent, o: ObjectRef) -> Result<Value, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.get_prototype_of)(agent, o);
    }
    Ok(object::proto(o))
}

/// `o.[[SetPrototypeOf]](v)` (`v` an object or null).
pub fn try_set_prototype_of(agent: &mut Agent, o: ObjectRef, v: Value) -> Result<bool, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.set_prototype_of)(agent, o, v);
    }
    Ok(ordinary_set_prototype_of(agent, o, v))
}

/// OrdinarySetPrototypeOf (and SetImmutablePrototype for %Object.prototype%).
pub fn ordinary_set_prototype_of(agent: &mut Agent, o: ObjectRef, v: Value) -> bool {
    let current = object::proto(o);
    if same_value(v, current) {
        return true;
    }
    if Value::cell(o) == object_prototype(agent) || !object::is_extensible(o) {
        return false;
    }
    let mut p = v;
    while let Some(po) = as_object(p) {
        if po == o {
            return false;
        }
        if is_proxy(po) {
            break;
        }
        p = object::proto(po);
    }
    object::set_proto(agent, o, v);
    true
}

/// `IsExtensible(o)`.
pub fn try_is_extensible(agent: &mut Agent, o: ObjectRef) -> Result<bool, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.is_extensible)(agent, o);
    }
    Ok(object::is_extensible(o))
}

/// `o.[[PreventExtensions]]()`.
pub fn try_prevent_extensions(agent: &mut Agent, o: ObjectRef) -> Result<bool, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.prevent_extensions)(agent, o);
    }
    if object::class(o) == CLASS_TYPED_ARRAY && !typed_array::is_fixed_length(o) {
        // §10.4.5.? [[PreventExtensions]]: a view whose length can change stays extensible.
        return Ok(false);
    }
    object::prevent_extensions(o);
    Ok(true)
}

/// `o.[[GetOwnProperty]](key)` as a complete descriptor (values unrooted: `o` keeps them
/// alive unless it is a Proxy, whose results the caller must root before allocating).
pub fn try_get_own_property(
    agent: &mut Agent,
    o: ObjectRef,
    key: PropertyKey,
) -> Result<Option<Descriptor>, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.get_own_property)(agent, o, key);
    }
    if let Some(index) = typed_array::numeric_key(agent, o, key) {
        return typed_array::get_own_property_value(agent, o, index);
    }
    Ok(own_property(agent, o, key).map(Descriptor::of_own))
}

/// `HasProperty(o, key)` through the prototype chain (Proxies run their `has` trap).
pub fn try_has_property(agent: &mut Agent, o: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    let mut current = o;
    loop {
        if let Some(methods) = exotic(current) {
            return (methods.has)(agent, current, key);
        }
        if let Some(index) = typed_array::numeric_key(agent, current, key) {
            return Ok(typed_array::is_valid_integer_index(current, index));
        }
        if own_property(agent, current, key).is_some() {
            return Ok(true);
        }
        match as_object(object::proto(current)) {
            Some(p) => current = p,
            None => return Ok(false),
        }
    }
}

/// `o.[[Delete]](key)`.
pub fn try_delete(agent: &mut Agent, o: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.delete)(agent, o, key);
    }
    Ok(delete_property(agent, o, key))
}

/// `o.[[OwnPropertyKeys]]()`. Symbol keys a Proxy trap returns are rooted in the caller's
/// current scope.
pub fn try_own_keys(agent: &mut Agent, o: ObjectRef) -> Result<Vec<PropertyKey>, Throw> {
    if let Some(methods) = exotic(o) {
        return (methods.own_keys)(agent, o);
    }
    Ok(own_keys(agent, o))
}

/// `o.[[Set]](key, value, receiver)`: `false` when the assignment is rejected. The caller
/// keeps the values alive.
pub fn try_set(
    agent: &mut Agent,
    o: ObjectRef,
    key: PropertyKey,
    value: Value,
    receiver: Value,
) -> Result<bool, Throw> {
    Ok(ordinary_set(agent, Value::cell(o), key, value, receiver)?.is_none())
}

/// `CreateDataProperty(o, key, value)` through `[[DefineOwnProperty]]`.
pub fn create_data_property(
    agent: &mut Agent,
    o: ObjectRef,
    key: PropertyKey,
    value: Value,
) -> Result<bool, Throw> {
    define_property(agent, o, key, Descriptor::data(value))
}

/// `SetIntegrityLevel(o, sealed | frozen)`.
pub fn set_integrity_level(agent: &mut Agent, o: ObjectRef, frozen: bool) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(o));
        if !try_prevent_extensions(agent, o)? {
            return Ok(false);
        }
        let keys = try_own_keys(agent, o)?;
        for key in keys {
            let mut desc = Descriptor {
                configurable: Some(false),
                ..Descriptor::default()
            };
            if frozen {
                match try_get_own_property(agent, o, key)? {
                    Some(current) if !current.is_accessor() => desc.writable = Some(false),
                    Some(_) => {}
                    None => continue,
                }
            }
            define_property_or_throw(agent, o, key, desc)?;
        }
        Ok(true)
    })
}

/// `TestIntegrityLevel(o, sealed | frozen)`.
pub fn test_integrity_level(agent: &mut Agent, o: ObjectRef, frozen: bool) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(Value::cell(o));
        if try_is_extensible(agent, o)? {
            return Ok(false);
        }
        for key in try_own_keys(agent, o)? {
            if let Some(d) = try_get_own_property(agent, o, key)? {
                if d.configurable == Some(true) {
                    return Ok(false);
                }
                if frozen && d.is_data() && d.writable == Some(true) {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    })
}

// ----- Mapped arguments objects (§10.4.4) -----
//
// A mapped arguments object (`CLASS_MAPPED_ARGUMENTS`) holds the function's context in
// internal slot 0 and its parameter map in internal slot 1: an Array whose element `i` is
// the context slot argument `i` aliases (a hole once unmapped). While an index is mapped,
// its value lives in the context slot; the stored own property keeps its attributes.

/// The context slot argument `i` of a mapped arguments object aliases, if still mapped.
fn mapped_slot(obj: ObjectRef, i: u32) -> Option<(ObjectRef, usize)> {
    if object::class(obj) != CLASS_MAPPED_ARGUMENTS {
        return None;
    }
    let map = object::internal_slot(obj, 1).and_then(as_object)?;
    let slot = object::element(map, i)?.as_int()?;
    let ctx = object::internal_slot(obj, 0)?.as_cell()?;
    Some((ctx, slot as usize))
}

/// Removes the mapping of argument `i`.
fn unmap(agent: &mut Agent, obj: ObjectRef, i: u32) {
    if let Some(map) = object::internal_slot(obj, 1).and_then(as_object) {
        object::delete_element(agent, map, i);
    }
}

/// After a store of `value` into own property `key` of `obj`: a mapped argument writes
/// through to its parameter.
fn write_through(agent: &mut Agent, obj: ObjectRef, key: PropertyKey, value: Value) {
    if let PropertyKey::Index(i) = key {
        if let Some((ctx, slot)) = mapped_slot(obj, i) {
            crate::runtime::context::set_slot(agent, ctx, slot, value);
        }
    }
}

// ----- Iteration -----

/// `GetIterator(v, sync)`: `(iterator, next method)`, unrooted (the caller roots them).
pub fn get_iterator(agent: &mut Agent, v: Value) -> Result<(Value, Value), Throw> {
    agent.scope(|agent| {
        agent.root(v);
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        let method = get_method(agent, v, PropertyKey::Symbol(sym))?;
        if method.is_undefined() {
            return Err(Throw::error(
                ErrorType::TypeError,
                format!("{} is not iterable", display(agent, v)),
            ));
        }
        agent.root(method);
        let iterator = crate::interpreter::call(agent, method, v, &[])?;
        if as_object(iterator).is_none() {
            return Err(Throw::error(
                ErrorType::TypeError,
                "Result of the Symbol.iterator method is not an object",
            ));
        }
        let iterator_root = agent.root(iterator);
        let next = get_property(agent, iterator, PropertyKey::Atom(names::NEXT))?;
        Ok((agent.get(iterator_root), next))
    })
}

/// `IteratorStep` without the value: `true` when the iterator is done (its result's `value`
/// is not read). `iterator` and `next` must be rooted by the caller.
pub fn iterator_step_done(agent: &mut Agent, iterator: Value, next: Value) -> Result<bool, Throw> {
    agent.scope(|agent| Ok(iterator_step_result(agent, iterator, next)?.is_none()))
}

/// IteratorNext and IteratorComplete: the result object (rooted in the caller's scope) if
/// the iterator is not done.
fn iterator_step_result(
    agent: &mut Agent,
    iterator: Value,
    next: Value,
) -> Result<Option<ObjectRef>, Throw> {
    let result = crate::interpreter::call(agent, next, iterator, &[])?;
    let Some(r) = as_object(result) else {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Iterator result {} is not an object",
                display(agent, result)
            ),
        ));
    };
    agent.root(result);
    let done =
        get_from_object(agent, r, PropertyKey::Atom(names::DONE))?.unwrap_or(Value::UNDEFINED);
    Ok((!to_boolean(done)).then_some(r))
}

/// `IteratorStepValue`: the next value, or `None` when done. `iterator` and `next` must be
/// rooted by the caller; the result is unrooted.
pub fn iterator_step_value(
    agent: &mut Agent,
    iterator: Value,
    next: Value,
) -> Result<Option<Value>, Throw> {
    if let Some(it) = as_object(iterator) {
        if object::class(it) == CLASS_ARRAY_ITERATOR
            && crate::interpreter::builtins::is_array_iterator_next(next)
        {
            return crate::interpreter::builtins::array_iterator_step(agent, it);
        }
    }
    agent.scope(|agent| {
        let Some(r) = iterator_step_result(agent, iterator, next)? else {
            return Ok(None);
        };
        Ok(Some(
            get_from_object(agent, r, PropertyKey::Atom(names::VALUE))?.unwrap_or(Value::UNDEFINED),
        ))
    })
}

/// `IteratorClose(iterator, completion)`: calls `return` if present; for a normal completion
/// its result must be an object, for a throw completion errors are ignored.
pub fn iterator_close(agent: &mut Agent, iterator: Value, on_throw: bool) -> Result<(), Throw> {
    let result = agent.scope(|agent| -> Result<(), Throw> {
        agent.root(iterator);
        let method = get_method(agent, iterator, PropertyKey::Atom(names::RETURN))?;
        if method.is_undefined() {
            return Ok(());
        }
        agent.root(method);
        let r = crate::interpreter::call(agent, method, iterator, &[])?;
        if as_object(r).is_none() && !on_throw {
            return Err(Throw::error(
                ErrorType::TypeError,
                "Iterator result is not an object",
            ));
        }
        Ok(())
    });
    if on_throw {
        Ok(())
    } else {
        result
    }
}

#[cfg(test)]
mod tests {
    use super::remainder;

    /// `remainder` agrees bit for bit with `fmod` (Rust's `%` on f64), the spec's
    /// truncating remainder, on integral operands near every edge of its fast path and on
    /// a deterministic spread of others.
    #[test]
    fn remainder_matches_fmod() {
        let edges = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.0,
            3.0,
            7.0,
            31.0,
            1_000_000_007.0,
            4_294_967_296.0,
            2_147_483_648.0,
            4_503_599_627_370_495.0,
            4_503_599_627_370_496.0,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1.5,
            f64::NAN,
            f64::INFINITY,
        ];
        let mut seed: u64 = 12345;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        let mut values: Vec<f64> = edges.iter().flat_map(|&e| [e, -e]).collect();
        for _ in 0..2000 {
            let bits = next();
            let magnitude = (bits >> (11 + (bits % 50))) as f64;
            values.push(if bits & 1 == 0 { magnitude } else { -magnitude });
        }
        for &x in &values {
            for &y in values.iter().step_by(7) {
                let (got, want) = (remainder(x, y), x % y);
                assert!(
                    got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()),
                    "{x} % {y}: {got} (fmod says {want})"
                );
            }
        }
    }
}

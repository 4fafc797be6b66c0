//! 21.1 Number Objects
//! <https://tc39.es/ecma262/2024/#sec-number-objects>
//!
//! The `Number` function (§21.1.1), its value properties and functions (§21.1.2;
//! `Number.parseFloat`/`parseInt` are the global functions, linked in `finish`), and the
//! methods of `Number.prototype` (§21.1.3). thisNumberValue accepts Number primitives and
//! Number objects (`CLASS_NUMBER_WRAPPER`, the primitive in internal slot 0).

use heap::HeapError;

use super::{arg, integer_arg, native, type_error, Family, Home, R};
use crate::interpreter::ops;
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::number::{number_to_string_radix, to_exponential, to_fixed, to_precision};
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const NP: Home = Home::On(Intrinsic::NumberPrototype);

/// The family: `Number` and `Number.prototype`.
pub static FAMILY: Family = Family {
    name: "Number",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Number",
            1,
            number_constructor,
            constructor(
                Some(Intrinsic::NumberConstructor),
                Some(Intrinsic::NumberPrototype)
            )
        ),
        native!(NC, "isFinite", 1, number_is_finite),
        native!(NC, "isInteger", 1, number_is_integer),
        native!(NC, "isNaN", 1, number_is_nan),
        native!(NC, "isSafeInteger", 1, number_is_safe_integer),
        native!(NP, "toExponential", 1, number_to_exponential),
        native!(NP, "toFixed", 1, number_to_fixed),
        native!(NP, "toLocaleString", 0, number_to_locale_string),
        native!(NP, "toPrecision", 1, number_to_precision),
        native!(NP, "toString", 1, number_to_string),
        native!(NP, "valueOf", 0, number_value_of),
    ],
    finish: Some(finish),
};

const NC: Home = Home::On(Intrinsic::NumberConstructor);

/// 21.1.2 The value properties of the Number constructor (`{ [[Writable]]: false,
/// [[Enumerable]]: false, [[Configurable]]: false }`), and `Number.parseFloat` /
/// `Number.parseInt`, the same function objects as the globals (§21.1.2.12, §21.1.2.13).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let ctor = intrinsic(agent, Intrinsic::NumberConstructor)
        .as_cell()
        .expect("the Number constructor");
    for (name, value) in [
        ("EPSILON", f64::EPSILON),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MAX_VALUE", f64::MAX),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
    ] {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        object::add_property(agent, ctor, key, Attributes::empty(), Value::number(value))?;
    }
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    for name in ["parseFloat", "parseInt"] {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let f = ops::lookup_data(agent, global, key).unwrap_or(Value::UNDEFINED);
        object::add_property(agent, ctor, key, Attributes::BUILTIN, f)?;
    }
    Ok(())
}

/// 21.1.2.2 Number.isFinite ( number )
fn number_is_finite(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_finite),
    ))
}

/// 21.1.2.3 Number.isInteger ( number ): IsIntegralNumber.
fn number_is_integer(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        arg(args, 0)
            .as_number()
            .is_some_and(|n| n.is_finite() && n.trunc() == n),
    ))
}

/// 21.1.2.4 Number.isNaN ( number )
fn number_is_nan(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        arg(args, 0).as_number().is_some_and(f64::is_nan),
    ))
}

/// 21.1.2.5 Number.isSafeInteger ( number )
fn number_is_safe_integer(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(arg(args, 0).as_number().is_some_and(|n| {
        n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0
    })))
}

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    // The prototype is itself a wrapper object ([[NumberData]] +0).
    let proto = crate::runtime::object::new_object_with_class(
        agent,
        op,
        8,
        crate::interpreter::realm::CLASS_NUMBER_WRAPPER,
        1,
    )?;
    crate::runtime::object::set_internal_slot(agent, proto, 0, Value::int(0));
    agent.roots.vm.intrinsics[Intrinsic::NumberPrototype as usize] = Value::cell(proto);
    Ok(())
}

fn number_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1.–2. Let prim be ? ToNumeric(value); a BigInt becomes 𝔽(ℝ(prim)).
    let n = if args.is_empty() {
        Value::int(0)
    } else {
        match crate::interpreter::bigint_ops::to_numeric(agent, args[0])? {
            crate::interpreter::bigint_ops::Numeric::Number(n) => Value::number(n),
            crate::interpreter::bigint_ops::Numeric::BigInt(b) => {
                Value::number(crate::runtime::bigint::to_f64(&b))
            }
        }
    };
    if nt.is_undefined() {
        return Ok(n);
    }
    let proto = crate::interpreter::realm::prototype_from_constructor(
        agent,
        nt,
        Intrinsic::NumberPrototype,
    )?;
    Ok(Value::cell(ops::new_wrapper(agent, n, proto)?))
}

/// 21.1.3.7.1 ThisNumberValue ( value )
fn this_number(this: Value, method: &str) -> Result<f64, Throw> {
    let unwrapped = ops::wrapped_primitive(this, crate::interpreter::realm::CLASS_NUMBER_WRAPPER);
    this.as_number()
        .or_else(|| unwrapped.and_then(Value::as_number))
        .ok_or_else(|| {
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

/// 21.1.3.2 Number.prototype.toExponential ( fractionDigits )
fn number_to_exponential(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let x be ? thisNumberValue(this value).
    let x = this_number(this, "toExponential")?;
    // 2. Let f be ? ToIntegerOrInfinity(fractionDigits).
    let f = integer_arg(agent, arg(args, 0))?;
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return ops::new_string(agent, &crate::runtime::number::number_to_string(x));
    }
    // 5. If f < 0 or f > 100, throw a RangeError exception.
    if !(0.0..=100.0).contains(&f) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toExponential() argument must be between 0 and 100",
        ));
    }
    let digits = (!arg(args, 0).is_undefined()).then_some(f as u32);
    ops::new_string(agent, &to_exponential(x, digits))
}

/// 21.1.3.4 Number.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] ): the
/// implementation-defined form is `toString()`.
fn number_to_locale_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toLocaleString")?;
    ops::new_string(agent, &crate::runtime::number::number_to_string(x))
}

/// 21.1.3.5 Number.prototype.toPrecision ( precision )
fn number_to_precision(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toPrecision")?;
    // 2. If precision is undefined, return ! ToString(x).
    if arg(args, 0).is_undefined() {
        return ops::new_string(agent, &crate::runtime::number::number_to_string(x));
    }
    // 3. Let p be ? ToIntegerOrInfinity(precision).
    let p = integer_arg(agent, arg(args, 0))?;
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return ops::new_string(agent, &crate::runtime::number::number_to_string(x));
    }
    // 5. If p < 1 or p > 100, throw a RangeError exception.
    if !(1.0..=100.0).contains(&p) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toPrecision() argument must be between 1 and 100",
        ));
    }
    ops::new_string(agent, &to_precision(x, p as u32))
}

fn number_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::number(this_number(this, "valueOf")?))
}

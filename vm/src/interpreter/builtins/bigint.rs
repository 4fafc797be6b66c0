//! 21.2 BigInt Objects
//! <https://tc39.es/ecma262/2024/#sec-bigint-objects>
//!
//! The `BigInt` function (§21.2.1, callable but not a constructor), `BigInt.asIntN` and
//! `BigInt.asUintN` (§21.2.2) and `BigInt.prototype` (§21.2.3). The values and their
//! arithmetic live in `runtime::bigint`.

use heap::HeapError;

use super::{add_to_string_tag, arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, Hint};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_BIGINT_WRAPPER};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::bigint::{self, new_bigint};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object;
use crate::runtime::value::Value;

const BC: Home = Home::On(Intrinsic::BigIntConstructor);
const BP: Home = Home::On(Intrinsic::BigIntPrototype);

/// The family: `BigInt` and `BigInt.prototype`.
pub static FAMILY: Family = Family {
    name: "BigInt",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "BigInt",
            1,
            bigint_constructor,
            constructor(
                Some(Intrinsic::BigIntConstructor),
                Some(Intrinsic::BigIntPrototype)
            )
        ),
        native!(BC, "asIntN", 2, bigint_as_int_n),
        native!(BC, "asUintN", 2, bigint_as_uint_n),
        native!(BP, "toLocaleString", 0, bigint_to_locale_string),
        native!(BP, "toString", 0, bigint_to_string),
        native!(BP, "valueOf", 0, bigint_value_of),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    // §21.2.3: the prototype is an ordinary object (not a BigInt wrapper).
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = object::new_object(agent, op, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::BigIntPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "BigInt")
}

/// 21.2.1.1 BigInt ( value )
fn bigint_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is not undefined, throw a TypeError exception.
    if !nt.is_undefined() {
        return Err(type_error("BigInt is not a constructor"));
    }
    // 2. Let prim be ? ToPrimitive(value, number).
    let prim = ops::to_primitive(agent, arg(args, 0), Hint::Number)?;
    // 3. If prim is a Number, return ? NumberToBigInt(prim).
    if let Some(n) = prim.as_number() {
        let b = bigint::number_to_bigint(n).ok_or_else(|| {
            Throw::error(
                ErrorType::RangeError,
                format!(
                    "The number {} cannot be converted to a BigInt because it is not an integer",
                    crate::runtime::number::number_to_string(n)
                ),
            )
        })?;
        return new_bigint(agent, &b);
    }
    // 4. Otherwise, return ? ToBigInt(prim).
    if prim.is_bigint() {
        return Ok(prim);
    }
    let b = bigint::primitive_to_big_int(prim)?;
    new_bigint(agent, &b)
}

/// `ToIndex(value)` (§7.1.22): an integer in [0, 2^53 - 1], else a `RangeError`.
fn to_index(agent: &mut Agent, v: Value) -> Result<u64, Throw> {
    let integer = to_integer_or_infinity(ops::to_number(agent, v)?);
    if !(0.0..=9007199254740991.0).contains(&integer) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "Invalid value: not (convertible to) a safe integer",
        ));
    }
    Ok(integer as u64)
}

/// 21.2.2.1 BigInt.asIntN ( bits, bigint )
fn bigint_as_int_n(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Set bits to ? ToIndex(bits).  2. Set bigint to ? ToBigInt(bigint).
    let bits = to_index(agent, arg(args, 0))?;
    let n = bigint::to_big_int(agent, arg(args, 1))?;
    // 3.–4. mod = ℝ(bigint) modulo 2^bits; if mod ≥ 2^(bits-1), mod - 2^bits, else mod.
    let r = bigint::as_int_n(bits, &n)?;
    new_bigint(agent, &r)
}

/// 21.2.2.2 BigInt.asUintN ( bits, bigint )
fn bigint_as_uint_n(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let bits = to_index(agent, arg(args, 0))?;
    let n = bigint::to_big_int(agent, arg(args, 1))?;
    // 3. Return ℤ(ℝ(bigint) modulo 2^bits).
    let r = bigint::as_uint_n(bits, &n)?;
    new_bigint(agent, &r)
}

/// 21.2.3.4.1 ThisBigIntValue ( value )
fn this_bigint(this: Value, method: &str) -> Result<Value, Throw> {
    // 1. If value is a BigInt, return value.
    if this.is_bigint() {
        return Ok(this);
    }
    // 2. If value is an Object with a [[BigIntData]] internal slot, return it.
    ops::wrapped_primitive(this, CLASS_BIGINT_WRAPPER)
        .filter(|v| v.is_bigint())
        .ok_or_else(|| {
            type_error(format!(
                "BigInt.prototype.{method} requires that 'this' be a BigInt"
            ))
        })
}

/// 21.2.3.2 BigInt.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn bigint_to_locale_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let x = this_bigint(this, "toLocaleString")?;
    ops::to_string_value(agent, x)
}

/// 21.2.3.3 BigInt.prototype.toString ( [ radix ] )
fn bigint_to_string(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let x be ? ThisBigIntValue(this value).
    let x = this_bigint(this, "toString")?;
    let x = bigint::as_bigint(x).expect("a BigInt");
    // 2.–3. radixMV is 10 if radix is undefined, else ? ToIntegerOrInfinity(radix).
    let radix = if arg(args, 0).is_undefined() {
        10.0
    } else {
        to_integer_or_infinity(ops::to_number(agent, arg(args, 0))?)
    };
    // 4. If radixMV is not in the inclusive interval from 2 to 36, throw a RangeError.
    if !(2.0..=36.0).contains(&radix) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toString() radix must be between 2 and 36",
        ));
    }
    // 5. Return BigInt::toString(x, radixMV).
    ops::new_string(agent, &bigint::to_string_radix(&x, radix as u32))
}

/// 21.2.3.4 BigInt.prototype.valueOf ( )
fn bigint_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_bigint(this, "valueOf")
}

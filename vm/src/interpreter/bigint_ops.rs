//! The BigInt cases of the operators: ToNumeric (§7.1.3), ApplyStringOrNumericBinaryOperator
//! (§13.15.3) and the unary operators on BigInts, IsLessThan (§7.2.13) and IsLooselyEqual
//! (§7.2.14) between BigInts, Numbers and Strings. `ops.rs` keeps the Number fast paths and
//! falls back to these when an operand is not a Number.
//! https://tc39.es/ecma262/#sec-applystringornumericbinaryoperator

use core::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::One;

use crate::bytecode::Opcode;
use crate::interpreter::ops::{self, Hint};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::bigint::{self, BinaryOp};
use crate::runtime::string;
use crate::runtime::value::Value;

/// A numeric value (the result of ToNumeric): a Number or a BigInt.
#[derive(Clone, Debug, PartialEq)]
pub enum Numeric {
    /// A Number.
    Number(f64),
    /// A BigInt.
    BigInt(BigInt),
}

fn mix_error() -> Throw {
    Throw::error(
        ErrorType::TypeError,
        "Cannot mix BigInt and other types, use explicit conversions",
    )
}

/// `ToNumeric(v)`: ToPrimitive(v, number) (may run user code), then the BigInt itself or
/// ToNumber of the primitive.
pub fn to_numeric(agent: &mut Agent, v: Value) -> Result<Numeric, Throw> {
    let prim = ops::to_primitive(agent, v, Hint::Number)?;
    primitive_to_numeric(prim)
}

/// `ToNumeric` of a primitive.
pub fn primitive_to_numeric(prim: Value) -> Result<Numeric, Throw> {
    match bigint::as_bigint(prim) {
        Some(n) => Ok(Numeric::BigInt(n)),
        None => Ok(Numeric::Number(ops::to_number_primitive(prim)?)),
    }
}

/// The value of a numeric result.
pub fn numeric_value(agent: &mut Agent, n: Numeric) -> Result<Value, Throw> {
    match n {
        Numeric::Number(x) => Ok(Value::number(x)),
        Numeric::BigInt(b) => bigint::new_bigint(agent, &b),
    }
}

/// `lhs op rhs` for a numeric operator (not `+`) when an operand is not a Number: ToNumeric of
/// both sides (left first), then the Number or BigInt operation; mixing the two is a
/// `TypeError`.
pub fn numeric_binary_slow(
    agent: &mut Agent,
    op: Opcode,
    lhs: Value,
    rhs: Value,
) -> Result<Value, Throw> {
    let (x, y) = agent.scope(|agent| -> Result<(Numeric, Numeric), Throw> {
        let r = agent.root(rhs);
        // 3. Let lnum be ? ToNumeric(lval).  4. Let rnum be ? ToNumeric(rval).
        let x = to_numeric(agent, lhs)?;
        let y = to_numeric(agent, agent.get(r))?;
        Ok((x, y))
    })?;
    apply_numeric(agent, op, x, y)
}

/// Steps 5–8 of ApplyStringOrNumericBinaryOperator on two numeric values.
pub fn apply_numeric(
    agent: &mut Agent,
    op: Opcode,
    x: Numeric,
    y: Numeric,
) -> Result<Value, Throw> {
    match (x, y) {
        (Numeric::Number(x), Numeric::Number(y)) => {
            if op == Opcode::Add {
                Ok(Value::number(x + y))
            } else {
                ops::number_binary(op, x, y)
            }
        }
        // 5. If Type(lnum) is not Type(rnum), throw a TypeError exception.
        (Numeric::BigInt(x), Numeric::BigInt(y)) => {
            let op = match op {
                Opcode::Add => BinaryOp::Add,
                Opcode::Sub => BinaryOp::Sub,
                Opcode::Mul => BinaryOp::Mul,
                Opcode::Div => BinaryOp::Div,
                Opcode::Mod => BinaryOp::Rem,
                Opcode::Exp => BinaryOp::Exp,
                Opcode::BitwiseAnd => BinaryOp::And,
                Opcode::BitwiseOr => BinaryOp::Or,
                Opcode::BitwiseXor => BinaryOp::Xor,
                Opcode::ShiftLeft => BinaryOp::Shl,
                Opcode::ShiftRight => BinaryOp::Shr,
                // BigInt::unsignedRightShift: 1. Throw a TypeError exception.
                Opcode::ShiftRightLogical => {
                    return Err(Throw::error(
                        ErrorType::TypeError,
                        "BigInts have no unsigned right shift, use >> instead",
                    ))
                }
                _ => {
                    return Err(Throw::error(
                        ErrorType::InternalError,
                        format!("BigInt {} not implemented yet", op.name()),
                    ))
                }
            };
            let r = bigint::binary(op, &x, &y)?;
            bigint::new_bigint(agent, &r)
        }
        _ => Err(mix_error()),
    }
}

/// `++`, `--`, unary `-`, `~` and ToNumeric on a value that is not a Number.
pub fn numeric_unary_slow(agent: &mut Agent, op: Opcode, v: Value) -> Result<Value, Throw> {
    match to_numeric(agent, v)? {
        Numeric::Number(n) => Ok(match op {
            Opcode::Inc => Value::number(n + 1.0),
            Opcode::Dec => Value::number(n - 1.0),
            Opcode::Negate => Value::number(-n),
            Opcode::BitwiseNot => Value::int(!crate::runtime::number::to_int32(n)),
            _ => Value::number(n),
        }),
        Numeric::BigInt(n) => {
            let r = match op {
                // BigInt::add(x, 1ℤ) / BigInt::subtract(x, 1ℤ)
                Opcode::Inc => n + BigInt::one(),
                Opcode::Dec => n - BigInt::one(),
                // BigInt::unaryMinus: 1. If x is 0ℤ, return 0ℤ. 2. Return -x.
                Opcode::Negate => -n,
                // BigInt::bitwiseNOT: -x - 1ℤ.
                Opcode::BitwiseNot => -n - BigInt::one(),
                // ToNumeric: the BigInt itself.
                _ => n,
            };
            bigint::new_bigint(agent, &r)
        }
    }
}

fn less(o: Option<Ordering>) -> Option<bool> {
    o.map(|o| o == Ordering::Less)
}

/// IsLessThan steps 3–4 for primitives `a` and `b` when one is a BigInt (`None` when neither
/// is, so the caller goes on with Numbers). The inner `None` is undefined (a NaN or a String
/// that is not an integer).
pub fn less_than_primitives(a: Value, b: Value) -> Result<Option<Option<bool>>, Throw> {
    if !a.is_bigint() && !b.is_bigint() {
        return Ok(None);
    }
    let as_string = |v: Value| v.as_cell().filter(|&c| string::is_string(c));
    // 3. If px is a BigInt and py is a String: ny = StringToBigInt(py), undefined if it fails.
    if let Some(s) = as_string(b) {
        let x = bigint::as_bigint(a).expect("a BigInt");
        return Ok(Some(
            bigint::string_to_bigint(&string::units(s)).map(|y| x < y),
        ));
    }
    // 4. If px is a String and py is a BigInt: likewise.
    if let Some(s) = as_string(a) {
        let y = bigint::as_bigint(b).expect("a BigInt");
        return Ok(Some(
            bigint::string_to_bigint(&string::units(s)).map(|x| x < y),
        ));
    }
    // c.–d. nx = ToNumeric(px), ny = ToNumeric(py).
    let x = primitive_to_numeric(a)?;
    let y = primitive_to_numeric(b)?;
    Ok(Some(match (x, y) {
        (Numeric::BigInt(x), Numeric::BigInt(y)) => Some(x < y),
        (Numeric::BigInt(x), Numeric::Number(y)) => less(bigint::compare_with_number(&x, y)),
        (Numeric::Number(x), Numeric::BigInt(y)) => {
            less(bigint::compare_with_number(&y, x).map(Ordering::reverse))
        }
        (Numeric::Number(x), Numeric::Number(y)) => {
            if x.is_nan() || y.is_nan() {
                None
            } else {
                Some(x < y)
            }
        }
    }))
}

/// IsLooselyEqual for primitives when one is a BigInt and the other a Number, String or
/// BigInt (`None` when neither is a BigInt).
pub fn loose_equals_primitives(a: Value, b: Value) -> Option<bool> {
    let (x, other) = match (bigint::as_bigint(a), bigint::as_bigint(b)) {
        (Some(x), Some(y)) => return Some(x == y),
        (Some(x), None) => (x, b),
        (None, Some(y)) => (y, a),
        (None, None) => return None,
    };
    if let Some(s) = other.as_cell().filter(|&c| string::is_string(c)) {
        // 6./7. StringToBigInt; undefined is not equal.
        return Some(bigint::string_to_bigint(&string::units(s)) == Some(x));
    }
    if let Some(n) = other.as_number() {
        // 13. NaN and ±∞ are unequal; else compare ℝ(x) and ℝ(y).
        return Some(bigint::compare_with_number(&x, n) == Some(Ordering::Equal));
    }
    Some(false)
}

/// BigInt equality for SameValue, SameValueZero and IsStrictlyEqual (`None` unless both are
/// BigInts).
pub fn strict_equals(a: Value, b: Value) -> Option<bool> {
    let (x, y) = (a.as_cell()?, b.as_cell()?);
    if !bigint::is_bigint_cell(x) || !bigint::is_bigint_cell(y) {
        return None;
    }
    Some(x == y || bigint::cell_value(x) == bigint::cell_value(y))
}

/// A BigInt literal's value (`LdaConstant` of `Constant::BigInt`: decimal digits).
pub fn literal(agent: &mut Agent, digits: &str) -> Result<Value, Throw> {
    let n = bigint::from_decimal_digits(digits)
        .ok_or_else(|| Throw::error(ErrorType::SyntaxError, "Invalid BigInt literal"))?;
    bigint::new_bigint(agent, &n)
}

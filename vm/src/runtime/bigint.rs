//! BigInt values (ECMAScript 2024 §6.1.6.2): immutable heap cells holding an arbitrary-precision
//! integer, their arithmetic (`BigInt::add` … `BigInt::unsignedRightShift`), and the
//! conversions other parts of the engine need (ToBigInt, ToBigInt64, ToBigUint64,
//! StringToBigInt, NumberToBigInt, BigInt → Number, ToString in any radix).
//! https://tc39.es/ecma262/#sec-ecmascript-language-types-bigint-type
//!
//! ```text
//! cell:  header | len (u32) · sign (bit 32) | magnitude limbs (u64, least significant first) …
//! ```
//! Zero has no limbs and is never negative. The arithmetic itself is done by `num-bigint` on a
//! decoded copy; a cell is only ever written once, when it is made.

use heap::{HeapError, ObjectRef};
use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;
use crate::runtime::number::is_str_whitespace;
use crate::runtime::string;
use crate::runtime::value::Value;

/// The largest BigInt, in bits (V8's limit). Operations whose result would be larger throw a
/// `RangeError`.
pub const MAX_BITS: u64 = 1 << 30;

const WORD_HEADER: usize = 0;
const FLAG_NEGATIVE: u64 = 1 << 32;

/// The `RangeError` for results over [`MAX_BITS`].
pub fn too_big() -> Throw {
    Throw::error(ErrorType::RangeError, "Maximum BigInt size exceeded")
}

/// True if `cell` is a BigInt.
pub fn is_bigint_cell(cell: ObjectRef) -> bool {
    CellKind::of(cell) == Some(CellKind::BigInt)
}

/// True if `v` is a BigInt.
pub fn is_bigint(v: Value) -> bool {
    v.as_cell().is_some_and(is_bigint_cell)
}

/// Makes a BigInt cell holding `n` (a `RangeError` if it has more than [`MAX_BITS`] bits).
pub fn new_bigint(agent: &mut Agent, n: &BigInt) -> Result<Value, Throw> {
    if n.bits() > MAX_BITS {
        return Err(too_big());
    }
    Ok(Value::cell(alloc(agent, n)?))
}

fn alloc(agent: &mut Agent, n: &BigInt) -> Result<ObjectRef, HeapError> {
    let limbs = n.magnitude().to_u64_digits();
    let cell = agent.alloc_cell(CellKind::BigInt, 8 + 8 * limbs.len())?;
    let negative = if n.sign() == Sign::Minus {
        FLAG_NEGATIVE
    } else {
        0
    };
    cell.store(WORD_HEADER, limbs.len() as u64 | negative);
    for (i, limb) in limbs.iter().enumerate() {
        cell.store(1 + i, *limb);
    }
    Ok(cell)
}

/// The integer a BigInt cell holds.
pub fn cell_value(cell: ObjectRef) -> BigInt {
    let header = cell.load(WORD_HEADER);
    let len = (header & 0xffff_ffff) as usize;
    let limbs: Vec<u64> = (0..len).map(|i| cell.load(1 + i)).collect();
    let magnitude = BigUint::from_slice(
        &limbs
            .iter()
            .flat_map(|&l| [l as u32, (l >> 32) as u32])
            .collect::<Vec<u32>>(),
    );
    let sign = if header & FLAG_NEGATIVE != 0 {
        Sign::Minus
    } else {
        Sign::Plus
    };
    BigInt::from_biguint(sign, magnitude)
}

/// The integer `v` holds, if it is a BigInt.
pub fn as_bigint(v: Value) -> Option<BigInt> {
    v.as_cell().filter(|&c| is_bigint_cell(c)).map(cell_value)
}

/// True if the BigInt `v` is zero (without decoding it).
pub fn is_zero(v: Value) -> bool {
    v.as_cell()
        .is_some_and(|c| is_bigint_cell(c) && c.load(WORD_HEADER) & 0xffff_ffff == 0)
}

/// A BigInt value for an `i64` (typed arrays: BigInt64Array reads).
pub fn bigint_from_i64(agent: &mut Agent, n: i64) -> Result<Value, Throw> {
    new_bigint(agent, &BigInt::from(n))
}

/// A BigInt value for a `u64` (typed arrays: BigUint64Array reads).
pub fn bigint_from_u64(agent: &mut Agent, n: u64) -> Result<Value, Throw> {
    new_bigint(agent, &BigInt::from(n))
}

/// `ToBigInt(v)` (§7.1.13): objects through ToPrimitive(number) (may run user code); booleans
/// as 0n/1n; strings by StringToBigInt (a `SyntaxError` if not an integer); undefined, null,
/// numbers and symbols are `TypeError`s.
pub fn to_big_int(agent: &mut Agent, v: Value) -> Result<BigInt, Throw> {
    let prim =
        crate::interpreter::ops::to_primitive(agent, v, crate::interpreter::ops::Hint::Number)?;
    primitive_to_big_int(prim)
}

/// `ToBigInt` for a primitive.
pub fn primitive_to_big_int(prim: Value) -> Result<BigInt, Throw> {
    if let Some(n) = as_bigint(prim) {
        return Ok(n);
    }
    if let Some(b) = prim.as_bool() {
        return Ok(BigInt::from(u8::from(b)));
    }
    if let Some(s) = prim.as_cell().filter(|&c| string::is_string(c)) {
        let units = string::units(s);
        return string_to_bigint(&units).ok_or_else(|| {
            Throw::error(
                ErrorType::SyntaxError,
                format!(
                    "Cannot convert {} to a BigInt",
                    String::from_utf16_lossy(&units)
                ),
            )
        });
    }
    let what = if prim.is_undefined() {
        "undefined".to_string()
    } else if prim.is_null() {
        "null".to_string()
    } else if let Some(n) = prim.as_number() {
        crate::runtime::number::number_to_string(n)
    } else {
        crate::interpreter::builtins::symbol::descriptive_string(prim)
    };
    Err(Throw::error(
        ErrorType::TypeError,
        format!("Cannot convert {what} to a BigInt"),
    ))
}

/// `ToBigInt64(v)` (§7.1.15): ToBigInt, then modulo 2^64 as a signed integer.
pub fn to_big_int64(agent: &mut Agent, v: Value) -> Result<i64, Throw> {
    let n = to_big_int(agent, v)?;
    Ok(low_u64(&n) as i64)
}

/// `ToBigUint64(v)` (§7.1.16): ToBigInt, then modulo 2^64.
pub fn to_big_uint64(agent: &mut Agent, v: Value) -> Result<u64, Throw> {
    let n = to_big_int(agent, v)?;
    Ok(low_u64(&n))
}

/// `n` modulo 2^64 (two's complement for negative `n`).
fn low_u64(n: &BigInt) -> u64 {
    let low = n.magnitude().iter_u64_digits().next().unwrap_or(0);
    if n.sign() == Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    }
}

/// `StringToBigInt(str)` (§7.1.14): whitespace-trimmed StringIntegerLiteral (decimal with an
/// optional sign, or `0x`/`0o`/`0b` digits without one; no separators; empty is 0n). `None`
/// if the text is not one.
pub fn string_to_bigint(units: &[u16]) -> Option<BigInt> {
    let start = units.iter().position(|&c| !is_str_whitespace(c));
    let Some(start) = start else {
        return Some(BigInt::zero());
    };
    let end = units
        .iter()
        .rposition(|&c| !is_str_whitespace(c))
        .expect("a non-space unit")
        + 1;
    let text = &units[start..end];
    let lower = |i: usize| text.get(i).map(|&c| c | 0x20);
    if text.len() > 2 && text[0] == u16::from(b'0') {
        let radix = match lower(1) {
            Some(0x78) => Some(16), // x
            Some(0x6f) => Some(8),  // o
            Some(0x62) => Some(2),  // b
            _ => None,
        };
        if let Some(radix) = radix {
            return parse_digits(&text[2..], radix).map(BigInt::from);
        }
    }
    let (negative, digits) = match text.first() {
        Some(0x2b) => (false, &text[1..]), // +
        Some(0x2d) => (true, &text[1..]),  // -
        _ => (false, text),
    };
    let magnitude = parse_digits(digits, 10)?;
    let sign = if negative { Sign::Minus } else { Sign::Plus };
    Some(BigInt::from_biguint(sign, magnitude))
}

/// Digits of `radix` (at least one, nothing else).
fn parse_digits(units: &[u16], radix: u32) -> Option<BigUint> {
    if units.is_empty() {
        return None;
    }
    let digits: Option<Vec<u8>> = units
        .iter()
        .map(|&u| {
            char::from_u32(u32::from(u))
                .and_then(|c| c.to_digit(radix))
                .map(|d| d as u8)
        })
        .collect();
    BigUint::from_radix_be(&digits?, radix)
}

/// A BigInt from the decimal digits of a literal (the lexer gives them without sign).
pub fn from_decimal_digits(digits: &str) -> Option<BigInt> {
    BigUint::parse_bytes(digits.as_bytes(), 10).map(BigInt::from)
}

/// `BigInt::toString(x, radix)`: lowercase digits, a `-` for negatives.
pub fn to_string_radix(n: &BigInt, radix: u32) -> String {
    n.to_str_radix(radix)
}

/// The decimal text of a BigInt value (`ToString`), if `v` is one.
pub fn decimal_text(v: Value) -> Option<String> {
    as_bigint(v).map(|n| n.to_str_radix(10))
}

/// `NumberToBigInt(n)` (§21.2.1.1.1): `None` if `n` is not an integral Number.
pub fn number_to_bigint(n: f64) -> Option<BigInt> {
    if !n.is_finite() || n.trunc() != n {
        return None;
    }
    if n == 0.0 {
        return Some(BigInt::zero());
    }
    // n = mantissa × 2^exponent exactly.
    let bits = n.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    let (mantissa, exponent) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let magnitude = if exponent >= 0 {
        BigInt::from(mantissa) << exponent as usize
    } else {
        BigInt::from(mantissa >> (-exponent) as u32)
    };
    Some(if n < 0.0 { -magnitude } else { magnitude })
}

/// The Number value for a BigInt (`Number(bigint)`, §21.1.1.1): the nearest double, ties to
/// even, ±Infinity past the largest finite double.
pub fn to_f64(n: &BigInt) -> f64 {
    let magnitude = n.magnitude();
    let bits = magnitude.bits();
    let value = if bits <= 64 {
        // u64 → f64 rounds to nearest, ties to even.
        magnitude.to_u64().expect("at most 64 bits") as f64
    } else {
        // Keep the top 64 bits and a sticky bit for everything below them, so the u64 → f64
        // rounding sees ties only where the exact value is one.
        let shift = bits - 64;
        let top: BigUint = magnitude >> shift;
        let mut top = top.to_u64().expect("64 bits");
        if magnitude.trailing_zeros().unwrap_or(0) < shift {
            top |= 1;
        }
        let rounded = top as f64;
        if shift > 2000 {
            f64::INFINITY
        } else {
            // rounded × 2^shift: exact unless it overflows to Infinity.
            let mut r = rounded;
            let mut s = shift;
            while s > 0 {
                let step = s.min(1000);
                r *= 2f64.powi(step as i32);
                s -= step;
            }
            r
        }
    };
    if n.sign() == Sign::Minus {
        -value
    } else {
        value
    }
}

/// Why a BigInt operation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithError {
    /// Division or remainder by zero.
    DivisionByZero,
    /// A negative exponent.
    NegativeExponent,
    /// The result would exceed [`MAX_BITS`].
    TooBig,
}

impl From<ArithError> for Throw {
    fn from(e: ArithError) -> Throw {
        match e {
            ArithError::DivisionByZero => Throw::error(ErrorType::RangeError, "Division by zero"),
            ArithError::NegativeExponent => {
                Throw::error(ErrorType::RangeError, "Exponent must be non-negative")
            }
            ArithError::TooBig => too_big(),
        }
    }
}

/// The binary BigInt operators (`>>>` has none: it is a `TypeError` before this is reached).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/` (truncating)
    Div,
    /// `%` (sign of the dividend)
    Rem,
    /// `**`
    Exp,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
    /// `<<`
    Shl,
    /// `>>` (rounds toward -Infinity)
    Shr,
}

/// `x op y` on BigInts (§6.1.6.2.1–.20).
pub fn binary(op: BinaryOp, x: &BigInt, y: &BigInt) -> Result<BigInt, ArithError> {
    Ok(match op {
        BinaryOp::Add => x + y,
        BinaryOp::Sub => x - y,
        BinaryOp::Mul => {
            if x.bits() + y.bits() > MAX_BITS + 1 {
                return Err(ArithError::TooBig);
            }
            x * y
        }
        BinaryOp::Div => {
            // BigInt::divide: 1. If y is 0ℤ, throw a RangeError. 2.–3. truncate toward zero.
            if y.is_zero() {
                return Err(ArithError::DivisionByZero);
            }
            x / y
        }
        BinaryOp::Rem => {
            if y.is_zero() {
                return Err(ArithError::DivisionByZero);
            }
            x % y
        }
        BinaryOp::Exp => exponentiate(x, y)?,
        BinaryOp::And => x & y,
        BinaryOp::Or => x | y,
        BinaryOp::Xor => x ^ y,
        BinaryOp::Shl => shift_left(x, y)?,
        BinaryOp::Shr => shift_left(x, &-y)?,
    })
}

/// `BigInt::exponentiate(base, exponent)`.
fn exponentiate(base: &BigInt, exponent: &BigInt) -> Result<BigInt, ArithError> {
    // 1. If exponent < 0ℤ, throw a RangeError exception.
    if exponent.is_negative() {
        return Err(ArithError::NegativeExponent);
    }
    // 2. If base is 0ℤ and exponent is 0ℤ, return 1ℤ.  3. Return base^exponent.
    if exponent.is_zero() || base.is_one() {
        return Ok(BigInt::one());
    }
    if base.is_zero() {
        return Ok(BigInt::zero());
    }
    if *base == BigInt::from(-1) {
        return Ok(if exponent.is_even() {
            BigInt::one()
        } else {
            BigInt::from(-1)
        });
    }
    let e = exponent
        .to_u64()
        .filter(|&e| e <= MAX_BITS)
        .ok_or(ArithError::TooBig)?;
    // |base| ≥ 2: the result has more than (bits(base) - 1) × e bits.
    if (base.bits() - 1).saturating_mul(e) > MAX_BITS {
        return Err(ArithError::TooBig);
    }
    Ok(num_traits::pow::Pow::pow(base, e))
}

/// `BigInt::leftShift(x, y)`: x × 2^y, rounding toward -Infinity when y is negative.
fn shift_left(x: &BigInt, y: &BigInt) -> Result<BigInt, ArithError> {
    if x.is_zero() {
        return Ok(BigInt::zero());
    }
    if y.is_negative() {
        let amount = y.magnitude();
        if amount.bits() > 63 || amount.to_u64().expect("fits") >= x.bits() {
            // Everything is shifted out: 0 for non-negative x, -1 for negative x.
            return Ok(if x.is_negative() {
                BigInt::from(-1)
            } else {
                BigInt::zero()
            });
        }
        let amount = amount.to_u64().expect("fits") as usize;
        return Ok(x.div_floor(&(BigInt::one() << amount)));
    }
    let amount = y
        .to_u64()
        .filter(|&a| a <= MAX_BITS)
        .ok_or(ArithError::TooBig)?;
    if x.bits() + amount > MAX_BITS {
        return Err(ArithError::TooBig);
    }
    Ok(x << amount as usize)
}

/// `BigInt.asUintN(bits, n)`: n modulo 2^bits.
pub fn as_uint_n(bits: u64, n: &BigInt) -> Result<BigInt, ArithError> {
    if !n.is_negative() && n.bits() <= bits {
        return Ok(n.clone());
    }
    if bits > MAX_BITS {
        return Err(ArithError::TooBig);
    }
    Ok(n.mod_floor(&(BigInt::one() << bits as usize)))
}

/// `BigInt.asIntN(bits, n)`: n modulo 2^bits, as a two's complement signed integer.
pub fn as_int_n(bits: u64, n: &BigInt) -> Result<BigInt, ArithError> {
    if bits == 0 {
        return Ok(BigInt::zero());
    }
    // n fits when -2^(bits-1) ≤ n < 2^(bits-1) (bits > n.bits() covers bits > MAX_BITS).
    let fits = n.bits() < bits
        || (n.is_negative()
            && n.bits() == bits
            && n.magnitude().trailing_zeros() == Some(bits - 1));
    if fits {
        return Ok(n.clone());
    }
    // Here bits ≤ n.bits() ≤ MAX_BITS.
    let modulus = BigInt::one() << bits as usize;
    let m = n.mod_floor(&modulus);
    if m.bits() == bits {
        Ok(m - modulus)
    } else {
        Ok(m)
    }
}

/// Compares a BigInt with a Number (`None` when the number is NaN).
pub fn compare_with_number(x: &BigInt, y: f64) -> Option<core::cmp::Ordering> {
    use core::cmp::Ordering;
    if y.is_nan() {
        return None;
    }
    if y == f64::INFINITY {
        return Some(Ordering::Less);
    }
    if y == f64::NEG_INFINITY {
        return Some(Ordering::Greater);
    }
    let floor = number_to_bigint(y.floor()).expect("an integral number");
    match x.cmp(&floor) {
        Ordering::Equal if y.floor() != y => Some(Ordering::Less),
        o => Some(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    #[test]
    fn string_to_bigint_follows_the_grammar() {
        let parse = |s: &str| string_to_bigint(&s.encode_utf16().collect::<Vec<u16>>());
        assert_eq!(parse(""), Some(big("0")));
        assert_eq!(parse("  \n"), Some(big("0")));
        assert_eq!(parse(" -12 "), Some(big("-12")));
        assert_eq!(parse("+7"), Some(big("7")));
        assert_eq!(parse("0x1F"), Some(big("31")));
        assert_eq!(parse("0B101"), Some(big("5")));
        assert_eq!(parse("0o17"), Some(big("15")));
        assert_eq!(parse("-0x1"), None);
        assert_eq!(parse("0x"), None);
        assert_eq!(parse("1n"), None);
        assert_eq!(parse("1.0"), None);
        assert_eq!(parse("1e3"), None);
        assert_eq!(parse("1_000"), None);
        assert_eq!(parse("Infinity"), None);
        assert_eq!(parse("-"), None);
    }

    #[test]
    fn numbers_convert_exactly() {
        assert_eq!(number_to_bigint(1.5), None);
        assert_eq!(number_to_bigint(f64::NAN), None);
        assert_eq!(number_to_bigint(-0.0), Some(big("0")));
        assert_eq!(number_to_bigint(1e21), Some(big("1000000000000000000000")));
        assert_eq!(number_to_bigint(f64::MAX).unwrap().bits(), 1024);
        assert_eq!(to_f64(&big("9007199254740993")), 9007199254740992.0);
        assert_eq!(to_f64(&big("9007199254740995")), 9007199254740996.0);
        // 2^100 + 2^47 is a tie (rounds to even, down); one more rounds up.
        let two = BigInt::from(2);
        let tie = num_traits::pow::Pow::pow(&two, 100u32) + num_traits::pow::Pow::pow(&two, 47u32);
        assert_eq!(to_f64(&tie), 2f64.powi(100));
        assert_eq!(to_f64(&(tie + 1)), 2f64.powi(100) + 2f64.powi(48));
        assert_eq!(to_f64(&-number_to_bigint(f64::MAX).unwrap()), -f64::MAX);
        assert_eq!(to_f64(&(BigInt::one() << 1024usize)), f64::INFINITY);
    }

    #[test]
    fn shifts_and_wrapping() {
        assert_eq!(binary(BinaryOp::Shr, &big("-5"), &big("1")), Ok(big("-3")));
        assert_eq!(
            binary(BinaryOp::Shr, &big("-5"), &big("100")),
            Ok(big("-1"))
        );
        assert_eq!(binary(BinaryOp::Shl, &big("5"), &big("-1")), Ok(big("2")));
        assert_eq!(
            binary(BinaryOp::Shl, &big("1"), &big("18446744073709551616")),
            Err(ArithError::TooBig)
        );
        assert_eq!(as_int_n(8, &big("255")), Ok(big("-1")));
        assert_eq!(as_int_n(8, &big("-128")), Ok(big("-128")));
        assert_eq!(as_int_n(8, &big("128")), Ok(big("-128")));
        assert_eq!(as_int_n(8, &big("-129")), Ok(big("127")));
        assert_eq!(as_uint_n(8, &big("-1")), Ok(big("255")));
        assert_eq!(as_uint_n(64, &big("-1")), Ok(big("18446744073709551615")));
        assert_eq!(low_u64(&big("-1")), u64::MAX);
        assert_eq!(low_u64(&big("18446744073709551617")), 1);
    }
}

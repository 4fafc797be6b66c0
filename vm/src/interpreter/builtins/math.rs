//! 21.3 The Math Object
//! <https://tc39.es/ecma262/2024/#sec-math-object>
//!
//! The `Math` namespace object: its value properties (§21.3.1) are installed by
//! [`create_math_object`], its functions (§21.3.2) are the family's native table ([`FAMILY`]), installed on
//! the object held as `Intrinsic::Math`.
//! Section numbers are those of ECMAScript 2024 (before `Math.f16round` renumbered them).
//!
//! Every function converts its arguments with ToNumber, left to right, before computing
//! anything (so `Math.max(a, b)` calls both `valueOf`s even when the first gives NaN).
//!
//! `Math.random` is a xorshift128+ generator. Its 128 bits of state live in four internal
//! slots of the realm's `Math` object (one generator per realm), as
//! int32 values; the state is seeded on first use from the wall clock, mixed with splitmix64.

use heap::HeapError;

use super::{arg, native, Family, Home, R};
use crate::interpreter::ops::{exponentiate, to_number};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_ORDINARY};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::number::{to_int32, to_uint32};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const M: Home = Home::On(Intrinsic::Math);

/// The family: the `Math` object and its functions.
pub static FAMILY: Family = Family {
    name: "Math",
    create: Some(create_intrinsics),
    natives: &[
        native!(M, "abs", 1, abs),
        native!(M, "acos", 1, acos),
        native!(M, "acosh", 1, acosh),
        native!(M, "asin", 1, asin),
        native!(M, "asinh", 1, asinh),
        native!(M, "atan", 1, atan),
        native!(M, "atanh", 1, atanh),
        native!(M, "atan2", 2, atan2),
        native!(M, "cbrt", 1, cbrt),
        native!(M, "ceil", 1, ceil),
        native!(M, "clz32", 1, clz32),
        native!(M, "cos", 1, cos),
        native!(M, "cosh", 1, cosh),
        native!(M, "exp", 1, exp),
        native!(M, "expm1", 1, expm1),
        native!(M, "floor", 1, floor),
        native!(M, "f16round", 1, f16round),
        native!(M, "fround", 1, fround),
        native!(M, "hypot", 2, hypot),
        native!(M, "imul", 2, imul),
        native!(M, "log", 1, log),
        native!(M, "log1p", 1, log1p),
        native!(M, "log10", 1, log10),
        native!(M, "log2", 1, log2),
        native!(M, "max", 2, max),
        native!(M, "min", 2, min),
        native!(M, "pow", 2, pow),
        native!(M, "random", 0, random),
        native!(M, "round", 1, round),
        native!(M, "sign", 1, sign),
        native!(M, "sin", 1, sin),
        native!(M, "sinh", 1, sinh),
        native!(M, "sqrt", 1, sqrt),
        native!(M, "tan", 1, tan),
        native!(M, "tanh", 1, tanh),
        native!(M, "trunc", 1, trunc),
        native!(M, "sumPrecise", 1, sum_precise),
    ],
    finish: None,
};

/// Creates the `Math` object and installs it as the global `Math`.
fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let math = create_math_object(agent)?;
    agent.roots.vm.intrinsics[Intrinsic::Math as usize] = math;
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("Math"));
    object::add_property(agent, global, key, Attributes::BUILTIN, math)?;
    Ok(())
}

/// Internal slots of the `Math` object holding the xorshift128+ state (low and high 32 bits
/// of `s0`, then of `s1`). All zero means "not seeded yet".
const RANDOM_SLOTS: usize = 4;

/// Creates the realm's `Math` object (§21.3): a plain object whose `[[Prototype]]` is
/// %Object.prototype%, with the value properties of §21.3.1 (`{ [[Writable]]: false,
/// [[Enumerable]]: false, [[Configurable]]: false }`) and `@@toStringTag` "Math"
/// (`{ [[Configurable]]: true }` only). The functions are added by the native table.
pub fn create_math_object(agent: &mut Agent) -> Result<Value, HeapError> {
    let proto = intrinsic(agent, Intrinsic::ObjectPrototype);
    let math = new_object_with_class(agent, proto, 48, CLASS_ORDINARY, RANDOM_SLOTS)?;
    for i in 0..RANDOM_SLOTS {
        object::set_internal_slot(agent, math, i, Value::int(0));
    }
    agent.scope(|agent| {
        let root = agent.root(Value::cell(math));
        // 21.3.1.1 – 21.3.1.8
        for (name, value) in [
            ("E", std::f64::consts::E),
            ("LN10", std::f64::consts::LN_10),
            ("LN2", std::f64::consts::LN_2),
            ("LOG10E", std::f64::consts::LOG10_E),
            ("LOG2E", std::f64::consts::LOG2_E),
            ("PI", std::f64::consts::PI),
            ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
            ("SQRT2", std::f64::consts::SQRT_2),
        ] {
            let key = PropertyKey::Atom(agent.atoms.intern_str(name));
            let m = agent.get(root).as_cell().expect("an object");
            object::add_property(agent, m, key, Attributes::empty(), Value::double(value))?;
        }
        // 21.3.1.9 Math [ @@toStringTag ]
        let m = agent.get(root);
        super::add_to_string_tag(agent, m, "Math")?;
        Ok(agent.get(root))
    })
}

/// ToNumber of argument `i`.
fn num(agent: &mut Agent, args: &[Value], i: usize) -> Result<f64, Throw> {
    to_number(agent, arg(args, i))
}

macro_rules! unary {
    ($(#[$doc:meta])* $name:ident, $f:expr) => {
        $(#[$doc])*
        pub(super) fn $name(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
            let x = num(agent, args, 0)?;
            let f: fn(f64) -> f64 = $f;
            Ok(Value::number(f(x)))
        }
    };
}

unary!(
    /// 21.3.2.1 Math.abs ( x )
    abs,
    f64::abs
);
unary!(
    /// 21.3.2.2 Math.acos ( x )
    acos,
    f64::acos
);
unary!(
    /// 21.3.2.3 Math.acosh ( x )
    acosh,
    f64::acosh
);
unary!(
    /// 21.3.2.4 Math.asin ( x )
    asin,
    f64::asin
);
unary!(
    /// 21.3.2.5 Math.asinh ( x )
    asinh,
    |x| if x == 0.0 { x } else { x.asinh() }
);
unary!(
    /// 21.3.2.6 Math.atan ( x )
    atan,
    f64::atan
);
unary!(
    /// 21.3.2.7 Math.atanh ( x )
    atanh,
    |x| if x == 0.0 { x } else { x.atanh() }
);
unary!(
    /// 21.3.2.9 Math.cbrt ( x )
    cbrt,
    f64::cbrt
);
unary!(
    /// 21.3.2.10 Math.ceil ( x )
    ceil,
    f64::ceil
);
unary!(
    /// 21.3.2.12 Math.cos ( x )
    cos,
    f64::cos
);
unary!(
    /// 21.3.2.13 Math.cosh ( x )
    cosh,
    f64::cosh
);
unary!(
    /// 21.3.2.14 Math.exp ( x )
    exp,
    f64::exp
);
unary!(
    /// 21.3.2.15 Math.expm1 ( x )
    expm1,
    |x| if x == 0.0 { x } else { x.exp_m1() }
);
unary!(
    /// 21.3.2.16 Math.floor ( x )
    floor,
    f64::floor
);
unary!(
    /// 21.3.2.17 Math.fround ( x ): the nearest binary32 value (round ties to even), widened.
    fround,
    |x| f64::from(x as f32)
);
unary!(
    /// Math.f16round ( x ) (ES2025): the nearest binary16 value (round ties to even), widened.
    f16round,
    |x| {
        use super::typed_array::element::{f16_bits_to_f64, f64_to_f16_bits};
        if x.is_nan() {
            f64::NAN
        } else {
            f16_bits_to_f64(f64_to_f16_bits(x))
        }
    }
);
unary!(
    /// 21.3.2.20 Math.log ( x )
    log,
    f64::ln
);
unary!(
    /// 21.3.2.21 Math.log1p ( x )
    log1p,
    |x| if x == 0.0 { x } else { x.ln_1p() }
);
unary!(
    /// 21.3.2.22 Math.log10 ( x )
    log10,
    f64::log10
);
unary!(
    /// 21.3.2.23 Math.log2 ( x )
    log2,
    f64::log2
);
unary!(
    /// 21.3.2.28 Math.round ( x ): the integer closest to `x`, ties towards +∞; -0 for `x`
    /// in [-0.5, -0] (so `round(-0.5)` is -0, `round(2.5)` is 3, `round(-2.5)` is -2).
    round,
    round_number
);
unary!(
    /// 21.3.2.29 Math.sign ( x )
    sign,
    |x| if x.is_nan() || x == 0.0 {
        x
    } else {
        x.signum()
    }
);
unary!(
    /// 21.3.2.30 Math.sin ( x )
    sin,
    f64::sin
);
unary!(
    /// 21.3.2.31 Math.sinh ( x )
    sinh,
    |x| if x == 0.0 { x } else { x.sinh() }
);
unary!(
    /// 21.3.2.32 Math.sqrt ( x )
    sqrt,
    f64::sqrt
);
unary!(
    /// 21.3.2.33 Math.tan ( x )
    tan,
    |x| if x == 0.0 { x } else { x.tan() }
);
unary!(
    /// 21.3.2.34 Math.tanh ( x )
    tanh,
    |x| if x == 0.0 { x } else { x.tanh() }
);
unary!(
    /// 21.3.2.35 Math.trunc ( x )
    trunc,
    f64::trunc
);

/// The rounding of §21.3.2.28 on a Number.
fn round_number(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    // |x| ≥ 2^52 is already integral (floor(x) == x); below that `x - floor(x)` is exact.
    let r = x.floor();
    if x - r >= 0.5 {
        r + 1.0
    } else {
        r
    }
}

/// 21.3.2.8 Math.atan2 ( y, x )
pub(super) fn atan2(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let y = num(agent, args, 0)?;
    let x = num(agent, args, 1)?;
    Ok(Value::number(y.atan2(x)))
}

/// 21.3.2.11 Math.clz32 ( x )
pub(super) fn clz32(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let n = to_uint32(num(agent, args, 0)?);
    Ok(Value::int(n.leading_zeros() as i32))
}

/// 21.3.2.18 Math.hypot ( ...args ): every argument is converted first; any ±∞ gives +∞
/// (even with a NaN), else any NaN gives NaN, else all zeros give +0.
pub(super) fn hypot(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let mut coerced = Vec::with_capacity(args.len());
    for &v in args {
        coerced.push(to_number(agent, v)?);
    }
    if coerced.iter().any(|n| n.is_infinite()) {
        return Ok(Value::double(f64::INFINITY));
    }
    if coerced.iter().any(|n| n.is_nan()) {
        return Ok(Value::double(f64::NAN));
    }
    let largest = coerced.iter().fold(0.0f64, |m, n| m.max(n.abs()));
    if largest == 0.0 {
        return Ok(Value::int(0));
    }
    // Scale by the largest magnitude to avoid overflow and underflow; compensated sum.
    let (mut sum, mut compensation) = (0.0f64, 0.0f64);
    for n in coerced {
        let scaled = n / largest;
        let term = scaled * scaled - compensation;
        let next = sum + term;
        compensation = (next - sum) - term;
        sum = next;
    }
    Ok(Value::number(sum.sqrt() * largest))
}

/// 21.3.2.19 Math.imul ( x, y )
pub(super) fn imul(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let a = to_int32(num(agent, args, 0)?);
    let b = to_int32(num(agent, args, 1)?);
    Ok(Value::int(a.wrapping_mul(b)))
}

/// The arguments converted with ToNumber, all of them, in order.
fn coerce_all(agent: &mut Agent, args: &[Value]) -> Result<Vec<f64>, Throw> {
    args.iter().map(|&v| to_number(agent, v)).collect()
}

/// 21.3.2.24 Math.max ( ...args ): NaN if any argument is NaN; +0 is larger than -0;
/// -∞ with no arguments.
pub(super) fn max(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let mut result = f64::NEG_INFINITY;
    for n in coerce_all(agent, args)? {
        if n.is_nan() {
            return Ok(Value::double(f64::NAN));
        }
        if n > result || (n == 0.0 && result == 0.0 && n.is_sign_positive()) {
            result = n;
        }
    }
    Ok(Value::number(result))
}

/// 21.3.2.25 Math.min ( ...args ): NaN if any argument is NaN; -0 is smaller than +0;
/// +∞ with no arguments.
pub(super) fn min(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let mut result = f64::INFINITY;
    for n in coerce_all(agent, args)? {
        if n.is_nan() {
            return Ok(Value::double(f64::NAN));
        }
        if n < result || (n == 0.0 && result == 0.0 && n.is_sign_negative()) {
            result = n;
        }
    }
    Ok(Value::number(result))
}

/// 21.3.2.26 Math.pow ( base, exponent ): Number::exponentiate (§6.1.6.1.3).
pub(super) fn pow(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let base = num(agent, args, 0)?;
    let exponent = num(agent, args, 1)?;
    Ok(Value::number(exponentiate(base, exponent)))
}

/// splitmix64, to spread a clock reading over the whole state.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn read_u64(math: heap::ObjectRef, first: usize) -> u64 {
    let half = |i| {
        object::internal_slot(math, i)
            .and_then(|v: Value| v.as_number())
            .unwrap_or(0.0) as i32 as u32
    };
    u64::from(half(first)) | (u64::from(half(first + 1)) << 32)
}

fn write_u64(agent: &mut Agent, math: heap::ObjectRef, first: usize, value: u64) {
    object::set_internal_slot(agent, math, first, Value::int(value as u32 as i32));
    object::set_internal_slot(
        agent,
        math,
        first + 1,
        Value::int((value >> 32) as u32 as i32),
    );
}

/// 21.3.2.27 Math.random ( ): a Number in [0, 1) from 53 bits of the agent's xorshift128+
/// generator (seeded from the clock on first use).
pub(super) fn random(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let math = intrinsic(agent, Intrinsic::Math)
        .as_cell()
        .expect("the Math object");
    let (mut s0, mut s1) = (read_u64(math, 0), read_u64(math, 2));
    if s0 == 0 && s1 == 0 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        // The object's address tells apart agents seeded in the same nanosecond.
        let mut seed = nanos ^ (math.addr() as u64).rotate_left(32);
        s0 = splitmix64(&mut seed);
        s1 = splitmix64(&mut seed);
        if s0 == 0 && s1 == 0 {
            s1 = 1;
        }
    }
    // xorshift128+ (Vigna), the variant V8 and SpiderMonkey use.
    let mut x = s0;
    let y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >> 17;
    x ^= y ^ (y >> 26);
    s1 = x;
    write_u64(agent, math, 0, s0);
    write_u64(agent, math, 2, s1);
    let bits = s0.wrapping_add(s1) >> 11;
    Ok(Value::double(bits as f64 / (1u64 << 53) as f64))
}

/// Math.sumPrecise ( items ) (ES2026): the exactly rounded sum of an iterable of Numbers.
///
/// Finite values are added exactly in a fixed-point accumulator counting units of 2^-1074
/// (the smallest subnormal), wide enough for 2^53 values of the largest magnitude; the
/// result is rounded once, to nearest, ties to even.
fn sum_precise(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    #[derive(PartialEq)]
    enum State {
        MinusZero,
        Finite,
        PlusInfinity,
        MinusInfinity,
        NotANumber,
    }
    let items = arg(args, 0);
    // 1. Perform ? RequireObjectCoercible(items).
    if items.is_nullish() {
        return Err(Throw::error(
            crate::interpreter::ErrorType::TypeError,
            "Math.sumPrecise called on null or undefined",
        ));
    }
    agent.scope(|agent| {
        // 2. Let iteratorRecord be ? GetIterator(items, sync).
        let (iterator, next) = crate::interpreter::ops::get_iterator(agent, items)?;
        agent.root(iterator);
        agent.root(next);
        let mut state = State::MinusZero;
        let mut sum = ExactSum::default();
        let mut count: u64 = 0;
        // 7. Repeat, while next is not done,
        while let Some(v) = crate::interpreter::ops::iterator_step_value(agent, iterator, next)? {
            count += 1;
            let fail = |agent: &mut Agent, ty, message: &str| {
                let error = Throw::error(ty, message);
                match crate::interpreter::ops::iterator_close(agent, iterator, true) {
                    Ok(()) => error,
                    Err(e) => e,
                }
            };
            if count >= 1 << 53 {
                return Err(fail(
                    agent,
                    crate::interpreter::ErrorType::RangeError,
                    "Math.sumPrecise: too many values",
                ));
            }
            let Some(n) = v.as_number() else {
                return Err(fail(
                    agent,
                    crate::interpreter::ErrorType::TypeError,
                    "Math.sumPrecise: every value must be a Number",
                ));
            };
            if state == State::NotANumber {
                continue;
            }
            state = if n.is_nan() {
                State::NotANumber
            } else if n == f64::INFINITY {
                if state == State::MinusInfinity {
                    State::NotANumber
                } else {
                    State::PlusInfinity
                }
            } else if n == f64::NEG_INFINITY {
                if state == State::PlusInfinity {
                    State::NotANumber
                } else {
                    State::MinusInfinity
                }
            } else if !(n == 0.0 && n.is_sign_negative())
                && matches!(state, State::MinusZero | State::Finite)
            {
                sum.add(n);
                State::Finite
            } else {
                state
            };
        }
        Ok(Value::number(match state {
            State::NotANumber => f64::NAN,
            State::PlusInfinity => f64::INFINITY,
            State::MinusInfinity => f64::NEG_INFINITY,
            State::MinusZero => -0.0,
            State::Finite => sum.round(),
        }))
    })
}

/// A two's-complement fixed-point number in units of 2^-1074: 35 limbs hold any sum of
/// fewer than 2^53 finite doubles (each below 2^2098 units).
struct ExactSum {
    limbs: [u64; 35],
}

impl Default for ExactSum {
    fn default() -> ExactSum {
        ExactSum { limbs: [0; 35] }
    }
}

impl ExactSum {
    /// Adds the finite double `x` exactly.
    fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let biased = (bits >> 52) & 0x7ff;
        let fraction = bits & ((1 << 52) - 1);
        // x = ±mantissa × 2^(shift - 1074).
        let (mantissa, shift) = if biased == 0 {
            (fraction, 0)
        } else {
            (fraction | (1 << 52), biased as usize - 1)
        };
        let (limb, bit) = (shift / 64, shift % 64);
        let wide = u128::from(mantissa) << bit;
        let parts = [wide as u64, (wide >> 64) as u64];
        if x.is_sign_negative() {
            let mut borrow = false;
            for (i, limb) in self.limbs.iter_mut().enumerate().skip(limb) {
                let part = parts.get(i - shift / 64).copied().unwrap_or(0);
                let (d, b1) = limb.overflowing_sub(part);
                let (d, b2) = d.overflowing_sub(u64::from(borrow));
                *limb = d;
                borrow = b1 || b2;
                if !borrow && i > shift / 64 {
                    break;
                }
            }
        } else {
            let mut carry = false;
            for (i, limb) in self.limbs.iter_mut().enumerate().skip(limb) {
                let part = parts.get(i - shift / 64).copied().unwrap_or(0);
                let (s, c1) = limb.overflowing_add(part);
                let (s, c2) = s.overflowing_add(u64::from(carry));
                *limb = s;
                carry = c1 || c2;
                if !carry && i > shift / 64 {
                    break;
                }
            }
        }
    }

    /// 𝔽(sum): rounded to nearest, ties to even; ±Infinity beyond the largest double.
    fn round(&self) -> f64 {
        let negative = self.limbs[34] >> 63 == 1;
        let mut magnitude = self.limbs;
        if negative {
            // Two's-complement negation.
            let mut carry = true;
            for limb in magnitude.iter_mut() {
                let (v, c) = (!*limb).overflowing_add(u64::from(carry));
                *limb = v;
                carry = c;
            }
        }
        let bit = |i: usize| magnitude[i / 64] >> (i % 64) & 1 == 1;
        let Some(top) = (0..35 * 64).rev().find(|&i| bit(i)) else {
            return 0.0;
        };
        let bits = if top < 53 {
            // Exact: a subnormal, or a normal in the first binade (encodings are contiguous).
            magnitude[0]
        } else {
            let shift = top - 52;
            let mut significand: u64 = 0;
            for i in (shift..=top).rev() {
                significand = significand << 1 | u64::from(bit(i));
            }
            let round = bit(shift - 1);
            let sticky = (0..shift - 1).any(bit);
            let mut exponent = shift as u64 + 1;
            if round && (sticky || significand & 1 == 1) {
                significand += 1;
                if significand == 1 << 53 {
                    significand >>= 1;
                    exponent += 1;
                }
            }
            if exponent >= 0x7ff {
                return if negative {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                };
            }
            exponent << 52 | (significand - (1 << 52))
        };
        let value = f64::from_bits(bits);
        if negative {
            -value
        } else {
            value
        }
    }
}

#[cfg(test)]
mod sum_precise_tests {
    use super::ExactSum;

    fn sum(values: &[f64]) -> f64 {
        let mut s = ExactSum::default();
        for &v in values {
            s.add(v);
        }
        s.round()
    }

    #[test]
    fn sums_are_exact_then_rounded_once() {
        assert_eq!(sum(&[1e20, 0.1, -1e20]), 0.1);
        assert_eq!(sum(&[0.1, 0.2]), 0.30000000000000004);
        assert_eq!(
            sum(&[1.0, 2f64.powi(-53), 2f64.powi(-53)]),
            1.0000000000000002
        );
        assert_eq!(sum(&[1.0, 2f64.powi(-53)]), 1.0);
        assert_eq!(sum(&[f64::MAX, f64::MAX, -f64::MAX]), f64::MAX);
        assert_eq!(sum(&[f64::MAX, f64::MAX]), f64::INFINITY);
        assert_eq!(sum(&[-f64::MAX, -f64::MAX]), f64::NEG_INFINITY);
        assert_eq!(sum(&[5e-324, 5e-324]), 1e-323);
        assert_eq!(sum(&[-5e-324]), -5e-324);
        assert_eq!(sum(&[3.0, -3.0]), 0.0);
        assert_eq!(sum(&[-2.5, 1.0]), -1.5);
    }
}

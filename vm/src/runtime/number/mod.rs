//! Number conversions (ECMA-262): Number::toString (§6.1.6.1.20), Number::equal / sameValue /
//! sameValueZero (§6.1.6.1.13–15), StringToNumber (§7.1.4.1.1), ToIntegerOrInfinity (§7.1.5),
//! ToInt32 … ToUint8Clamp (§7.1.6–§7.1.12), ToLength (§7.1.20), CanonicalNumericIndexString
//! (§7.1.21), SameValue / SameValueZero (§7.2.10–11), parseFloat (§19.2.4), parseInt (§19.2.5),
//! Number.prototype.toExponential / toFixed / toPrecision / toString (§21.1.3.2, §21.1.3.3,
//! §21.1.3.5, §21.1.3.6).
//!
//! Everything here is a pure function of its arguments: no heap, no agent. Strings come in as
//! UTF-16 code units (the engine's string representation) and go out as `String` (the outputs
//! are always ASCII). Argument coercion and range checks (`RangeError`s) belong to the callers;
//! each function documents what it expects.
//!
//! Shortest round-trip digits come from Rust's `{:e}` formatting (Grisu with a Dragon4
//! fallback: shortest, and closest to the exact value among the shortest), which is what the
//! spec's step 5 of Number::toString asks for. The fixed-precision formats (`toFixed`,
//! `toExponential(f)`, `toPrecision`) work on the *exact* decimal expansion of the double and
//! round half up, as the spec's "if there are two such n, pick the larger n" requires (Rust's
//! own `{:.N}` rounds half to even, which would be wrong for e.g. `(2.5).toFixed(0)`).

/// Number::toString(x, 10) — ECMA-262 §6.1.6.1.20, radix 10.
///
/// `NaN` → `"NaN"`, ±0 → `"0"`, ±∞ → `"Infinity"`/`"-Infinity"`; otherwise the shortest digit
/// string that round-trips, in plain notation for 10^-7 < |x| < 10^21 and exponent notation
/// (`1e+21`, `1.5e-7`) outside that.
pub fn number_to_string(x: f64) -> String {
    // 1. If x is NaN, return "NaN".
    if x.is_nan() {
        return "NaN".to_owned();
    }
    // 2. If x is either +0𝔽 or -0𝔽, return "0".
    if x == 0.0 {
        return "0".to_owned();
    }
    // 3. If x < -0𝔽, return the string-concatenation of "-" and Number::toString(-x, radix).
    if x < 0.0 {
        let mut s = String::from("-");
        s.push_str(&number_to_string(-x));
        return s;
    }
    // 4. If x is +∞𝔽, return "Infinity".
    if x.is_infinite() {
        return "Infinity".to_owned();
    }
    // 5. Let n, k, and s be integers such that k ≥ 1, 10^(k-1) ≤ s < 10^k, 𝔽(s × 10^(n-k)) is
    //    x, and k is as small as possible (ties: s × 10^(n-k) closest to ℝ(x)).
    let (digits, n) = shortest_digits(x);
    let k = digits.len() as i32;
    let mut out = String::with_capacity(k.max(n).unsigned_abs() as usize + 8);
    // 6. If radix ≠ 10 or n is in the inclusive interval from -5 to 21, then
    if (-5..=21).contains(&n) {
        if n >= k {
            // a. If n ≥ k: the k digits of s followed by n - k occurrences of "0".
            out.push_str(&digits);
            out.extend(std::iter::repeat('0').take((n - k) as usize));
        } else if n > 0 {
            // b. Else if n > 0: the most significant n digits, ".", the remaining k - n digits.
            out.push_str(&digits[..n as usize]);
            out.push('.');
            out.push_str(&digits[n as usize..]);
        } else {
            // c. Else (n ≤ 0): "0.", -n occurrences of "0", the k digits of s.
            out.push_str("0.");
            out.extend(std::iter::repeat('0').take((-n) as usize));
            out.push_str(&digits);
        }
        return out;
    }
    // 7. NOTE: In this case, the input will be represented using scientific E notation.
    // 8. If n < 0, let exponentSign be "-"; otherwise "+".
    let sign = if n < 0 { '-' } else { '+' };
    // 9. If k = 1: s, "e", exponentSign, abs(n - 1).
    out.push_str(&digits[..1]);
    // 10. Otherwise: first digit, ".", remaining k - 1 digits, "e", exponentSign, abs(n - 1).
    if k > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('e');
    out.push(sign);
    out.push_str(&(n - 1).unsigned_abs().to_string());
    out
}

/// The shortest round-trip decimal digits of a finite `x > 0`: `(s, n)` with `x ≈ 0.s × 10^n`
/// (the spec's `s` and `n` of Number::toString step 5; `k` is `s.len()`).
fn shortest_digits(x: f64) -> (String, i32) {
    debug_assert!(x.is_finite() && x > 0.0);
    // Rust's `{:e}` without a precision prints the shortest representation that round-trips,
    // picking the closest such when several exist: "d.ddde-7" or "de21".
    let formatted = format!("{x:e}");
    let (mantissa, exp) = formatted
        .split_once('e')
        .expect("`{:e}` always prints an exponent");
    let exp: i32 = exp.parse().expect("`{:e}` prints a decimal exponent");
    let mut digits: Vec<u8> = mantissa.bytes().filter(|c| *c != b'.').collect();
    let n = exp + 1;
    // Among the shortest, Rust picks the closest, but an exact tie between two k-digit values
    // is not guaranteed to go the way of the spec's recommended step 5 (Note 2, which V8
    // follows): "if there are two such possible values of s, choose the one that is even".
    // A tie needs x to be exactly halfway between two k-digit values, which (since
    // x / ulp(x) ≥ 2^52 while both neighbours round-trip) is only possible for k ≥ 16.
    if digits.len() >= 16 {
        let (exact, point) = exact_decimal(x);
        let k = digits.len();
        if point == n && exact.len() == k + 1 && exact[k] == 5 {
            let lower: Vec<u8> = exact[..k].iter().map(|d| d + b'0').collect();
            let even = if lower[k - 1] % 2 == 0 {
                Some(lower)
            } else if lower[k - 1] == b'9' {
                // lower + 1 carries into a shorter digit string: not a tie between k-digit s.
                None
            } else {
                // lower ends in 1, 3, 5 or 7: lower + 1 ends in the next (even) digit.
                let mut upper = lower;
                upper[k - 1] += 1;
                Some(upper)
            };
            if let Some(even) = even.filter(|e| *e != digits) {
                let candidate = format!("0.{}e{n}", String::from_utf8_lossy(&even));
                if candidate.parse::<f64>() == Ok(x) {
                    digits = even;
                }
            }
        }
    }
    (String::from_utf8(digits).expect("ASCII digits"), n)
}

/// Number.prototype.toString(radix) for radix 2..=36 — ECMA-262 §21.1.3.6 step 6 and
/// Number::toString (§6.1.6.1.20).
///
/// Radix 10 is exactly [`number_to_string`]. For other radices the spec leaves the digit choice
/// implementation-approximated ("should be a generalization of" the radix-10 algorithm); this
/// follows V8's `DoubleToRadixCString`: the integer part exactly (digits below the double's
/// precision are emitted as `0`), the fraction digit by digit until the remaining digits fall
/// below half an ulp of the input, rounding the last digit half to even.
///
/// The caller checks `2 <= radix <= 36` (a `RangeError` otherwise); this function panics on a
/// radix outside that range.
pub fn number_to_string_radix(x: f64, radix: u32) -> String {
    assert!(
        (2..=36).contains(&radix),
        "radix {radix} out of range 2..=36"
    );
    if radix == 10 || !x.is_finite() {
        return number_to_string(x);
    }
    const CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let radix_f = f64::from(radix);
    let negative = x < 0.0;
    let value = x.abs();

    let mut integer = value.floor();
    let mut fraction = value - integer;
    // We only compute fractional digits up to the input double's precision.
    let mut delta = 0.5 * (next_double(value) - value);
    delta = delta.max(next_double(0.0));
    let mut frac_digits: Vec<u8> = Vec::new();
    if fraction >= delta {
        loop {
            // Shift up by one digit.
            fraction *= radix_f;
            delta *= radix_f;
            // Write digit.
            let digit = fraction as u32;
            frac_digits.push(digit as u8);
            // Calculate remainder.
            fraction -= f64::from(digit);
            // Round to even.
            if (fraction > 0.5 || (fraction == 0.5 && digit & 1 == 1)) && fraction + delta > 1.0 {
                // Carry over into the already written digits (and maybe the integer part).
                loop {
                    match frac_digits.pop() {
                        None => {
                            integer += 1.0;
                            break;
                        }
                        Some(d) if u32::from(d) + 1 < radix => {
                            frac_digits.push(d + 1);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                break;
            }
            if fraction < delta {
                break;
            }
        }
    }

    // Compute integer digits. Fill unrepresented digits with zero.
    let mut int_digits: Vec<u8> = Vec::new();
    while binary_exponent(integer / radix_f) > 0 {
        integer /= radix_f;
        int_digits.push(b'0');
    }
    loop {
        let remainder = integer % radix_f;
        int_digits.push(CHARS[remainder as usize]);
        integer = (integer - remainder) / radix_f;
        if integer <= 0.0 {
            break;
        }
    }

    let mut out = String::with_capacity(int_digits.len() + frac_digits.len() + 2);
    if negative {
        out.push('-');
    }
    out.extend(int_digits.iter().rev().map(|&c| c as char));
    if !frac_digits.is_empty() {
        out.push('.');
        out.extend(frac_digits.iter().map(|&d| CHARS[d as usize] as char));
    }
    out
}

/// The next double above a finite `x >= 0`.
fn next_double(x: f64) -> f64 {
    debug_assert!(x >= 0.0 && x.is_finite());
    if x == 0.0 {
        f64::from_bits(1)
    } else {
        f64::from_bits(x.to_bits() + 1)
    }
}

/// V8's `Double::Exponent()`: the power of two of the significand's last bit (so a value is
/// `>= 2^53` exactly when this is `> 0`).
fn binary_exponent(x: f64) -> i32 {
    let biased = ((x.to_bits() >> 52) & 0x7ff) as i32;
    if biased == 0 {
        -1074
    } else {
        biased - 1075
    }
}

// ---------------------------------------------------------------------------------------------
// Exact decimal expansion and half-up rounding (toFixed / toExponential / toPrecision).
// ---------------------------------------------------------------------------------------------

/// A non-negative big integer in base 10^9, least significant limb first.
struct BigDecimal(Vec<u32>);

impl BigDecimal {
    const BASE: u64 = 1_000_000_000;

    fn from_u64(mut v: u64) -> Self {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push((v % Self::BASE) as u32);
            v /= Self::BASE;
        }
        BigDecimal(limbs)
    }

    /// `self *= m` for `m < 2^34` (so that a limb product plus carry fits in a u64).
    fn mul_small(&mut self, m: u64) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let t = u64::from(*limb) * m + carry;
            *limb = (t % Self::BASE) as u32;
            carry = t / Self::BASE;
        }
        while carry > 0 {
            self.0.push((carry % Self::BASE) as u32);
            carry /= Self::BASE;
        }
    }

    fn mul_pow(&mut self, base: u64, chunk_exp: u32, chunk: u64, mut exp: u32) {
        while exp >= chunk_exp {
            self.mul_small(chunk);
            exp -= chunk_exp;
        }
        if exp > 0 {
            self.mul_small(base.pow(exp));
        }
    }

    /// The decimal digits (as values 0..=9), most significant first, no leading zeros.
    fn digits(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.0.len() * 9);
        for (i, limb) in self.0.iter().rev().enumerate() {
            let s = if i == 0 {
                limb.to_string()
            } else {
                format!("{limb:09}")
            };
            out.extend(s.bytes().map(|b| b - b'0'));
        }
        out
    }
}

/// The exact decimal expansion of a finite `x > 0`: `(d, point)` with `x = 0.d₁d₂…dₘ × 10^point`,
/// `d₁ ≠ 0` and no trailing zeros.
fn exact_decimal(x: f64) -> (Vec<u8>, i32) {
    debug_assert!(x.is_finite() && x > 0.0);
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    let (mantissa, exp2) = if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    };
    let mut big = BigDecimal::from_u64(mantissa);
    let (mut digits, point) = if exp2 >= 0 {
        // x = m × 2^e, an integer.
        big.mul_pow(2, 30, 1 << 30, exp2 as u32);
        let d = big.digits();
        let len = d.len() as i32;
        (d, len)
    } else {
        // x = m × 2^e = m × 5^-e / 10^-e.
        big.mul_pow(5, 14, 5u64.pow(14), (-exp2) as u32);
        let d = big.digits();
        let len = d.len() as i32;
        (d, len + exp2)
    };
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, point)
}

/// Rounds `0.d × 10^point` to an integer multiple of `10^(point - keep)`, ties away from zero
/// (the spec's "pick the larger n" for a positive x). Returns the digits of that integer
/// multiple `n` (no leading zeros; empty for 0). `n` has at most `keep + 1` digits.
fn round_half_up(digits: &[u8], keep: i32) -> Vec<u8> {
    if keep < 0 {
        return Vec::new();
    }
    let keep = keep as usize;
    let mut n: Vec<u8> = digits.iter().copied().take(keep).collect();
    n.resize(keep, 0);
    if digits.get(keep).is_some_and(|&d| d >= 5) {
        // Increment the decimal string.
        let mut i = n.len();
        loop {
            if i == 0 {
                n.insert(0, 1);
                break;
            }
            i -= 1;
            if n[i] == 9 {
                n[i] = 0;
            } else {
                n[i] += 1;
                break;
            }
        }
    }
    // Strip leading zeros (only possible when keep was 0-ish; the digits start non-zero).
    let first = n.iter().position(|&d| d != 0).unwrap_or(n.len());
    n.drain(..first);
    n
}

fn push_digits(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|&d| char::from(b'0' + d)));
}

/// Number.prototype.toFixed(fractionDigits) — ECMA-262 §21.1.3.3, steps 6–12.
///
/// The caller does steps 1–5: `thisNumberValue`, `f = ToIntegerOrInfinity(fractionDigits)`, and
/// the `RangeError` unless `0 <= f <= 100`. Here `digits` must be at most 100 (it is not checked
/// beyond a debug assertion; larger values still produce the spec's mathematical result).
pub fn to_fixed(x: f64, digits: u32) -> String {
    debug_assert!(digits <= 100);
    // 6. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return number_to_string(x);
    }
    // 7. Set x to ℝ(x).  8. Let s be the empty String.
    let mut out = String::new();
    let mut x = x;
    // 9. If x < 0, then set s to "-" and x to -x.
    if x < 0.0 {
        out.push('-');
        x = -x;
    }
    // 10. If x ≥ 10^21, let m be ! ToString(𝔽(x)).
    if x >= 1e21 {
        out.push_str(&number_to_string(x));
        return out;
    }
    // 11. Else,
    //   a. Let n be an integer for which n / 10^f - x is as close to zero as possible. If there
    //      are two such n, pick the larger n.
    let f = digits as i32;
    let n = if x == 0.0 {
        Vec::new()
    } else {
        let (d, point) = exact_decimal(x);
        round_half_up(&d, point + f)
    };
    //   b. If n = 0, let m be "0". Otherwise, let m be the digits of n.
    let mut m = if n.is_empty() { vec![0] } else { n };
    //   c. If f ≠ 0, then
    if f != 0 {
        //  i. Let k be the length of m.
        //  ii. If k ≤ f, then prepend f + 1 - k zeros and set k to f + 1.
        let k = m.len();
        if k <= f as usize {
            let mut padded = vec![0; f as usize + 1 - k];
            padded.extend_from_slice(&m);
            m = padded;
        }
        let k = m.len();
        //  iii.–v. m = first k - f digits, ".", the other f digits.
        push_digits(&mut out, &m[..k - f as usize]);
        out.push('.');
        push_digits(&mut out, &m[k - f as usize..]);
    } else {
        push_digits(&mut out, &m);
    }
    // 12. Return the string-concatenation of s and m.
    out
}

/// Number.prototype.toExponential(fractionDigits) — ECMA-262 §21.1.3.2, steps 4 and 6–15.
///
/// `digits` is `None` when `fractionDigits` is undefined (shortest round-trip digits), else
/// `Some(f)`. The caller does steps 1–3 and 5: `thisNumberValue`, `ToIntegerOrInfinity`, and
/// the `RangeError` unless `0 <= f <= 100` — note step 4 (non-finite x) comes *before* that
/// range check, so `(Infinity).toExponential(1000)` is `"Infinity"`.
pub fn to_exponential(x: f64, digits: Option<u32>) -> String {
    debug_assert!(digits.map_or(true, |f| f <= 100));
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return number_to_string(x);
    }
    // 6. Set x to ℝ(x).  7. Let s be the empty String.
    let mut out = String::new();
    let mut x = x;
    // 8. If x < 0, then set s to "-" and x to -x.
    if x < 0.0 {
        out.push('-');
        x = -x;
    }
    let (m, e): (Vec<u8>, i32) = if x == 0.0 {
        // 9. If x = 0: m is f + 1 occurrences of "0", e = 0.
        (vec![0; digits.unwrap_or(0) as usize + 1], 0)
    } else if let Some(f) = digits {
        // 10.a. If fractionDigits is not undefined: e and n such that 10^f ≤ n < 10^(f+1) and
        //       n × 10^(e-f) - x is as close to zero as possible; on a tie the larger.
        let (d, point) = exact_decimal(x);
        let keep = f as i32 + 1;
        let mut n = round_half_up(&d, keep);
        let mut e = point - 1;
        if n.len() > keep as usize {
            // Rounding carried into a new digit (9.99 → 10.0): n = 10^(f+1) → 10^f, e + 1.
            n.truncate(keep as usize);
            e += 1;
        }
        (n, e)
    } else {
        // 10.b. Else: e, n, f with 𝔽(n × 10^(e-f)) = x and f as small as possible.
        let (d, n) = shortest_digits(x);
        (d.bytes().map(|b| b - b'0').collect(), n - 1)
    };
    // 10.c. Let m be the digits of n.
    // 11. If f ≠ 0: m = first digit, ".", remaining f digits.
    push_digits(&mut out, &m[..1]);
    if m.len() > 1 {
        out.push('.');
        push_digits(&mut out, &m[1..]);
    }
    // 12.–13. c = "+" or "-", d = digits of |e| ("0" when e = 0).
    // 14. m = m, "e", c, d.
    out.push('e');
    out.push(if e < 0 { '-' } else { '+' });
    out.push_str(&e.unsigned_abs().to_string());
    // 15. Return the string-concatenation of s and m.
    out
}

/// Number.prototype.toPrecision(precision) — ECMA-262 §21.1.3.5, steps 4 and 6–14.
///
/// The caller does steps 1–3 and 5: `thisNumberValue`, returning `ToString(x)` when `precision`
/// is undefined, `p = ToIntegerOrInfinity(precision)`, and the `RangeError` unless
/// `1 <= p <= 100` (again after step 4: non-finite x returns before the range check).
pub fn to_precision(x: f64, precision: u32) -> String {
    debug_assert!((1..=100).contains(&precision));
    // 4. If x is not finite, return Number::toString(x, 10).
    if !x.is_finite() {
        return number_to_string(x);
    }
    let p = precision.max(1) as i32;
    // 6. Set x to ℝ(x).  7. Let s be the empty String.
    let mut out = String::new();
    let mut x = x;
    // 8. If x < 0, then set s to "-" and x to -x.
    if x < 0.0 {
        out.push('-');
        x = -x;
    }
    let (m, e) = if x == 0.0 {
        // 9. If x = 0: m is p occurrences of "0", e = 0.
        (vec![0u8; p as usize], 0)
    } else {
        // 10.a. e and n such that 10^(p-1) ≤ n < 10^p and n × 10^(e-p+1) - x is as close to
        //       zero as possible; on a tie, the larger n × 10^(e-p+1).
        let (d, point) = exact_decimal(x);
        let mut n = round_half_up(&d, p);
        let mut e = point - 1;
        if n.len() > p as usize {
            n.truncate(p as usize);
            e += 1;
        }
        // 10.c. If e < -6 or e ≥ p, then
        if e < -6 || e >= p {
            // ii. If p ≠ 1: m = first digit, ".", remaining p - 1 digits.
            push_digits(&mut out, &n[..1]);
            if p != 1 {
                out.push('.');
                push_digits(&mut out, &n[1..]);
            }
            // iii. c = "+" if e > 0, else "-" and e = -e.  iv. d = digits of e.
            // v. Return s, m, "e", c, d.
            out.push('e');
            out.push(if e > 0 { '+' } else { '-' });
            out.push_str(&e.unsigned_abs().to_string());
            return out;
        }
        (n, e)
    };
    if e == p - 1 {
        // 11. If e = p - 1, return s + m.
        push_digits(&mut out, &m);
    } else if e >= 0 {
        // 12. If e ≥ 0: m = first e + 1 digits, ".", remaining p - (e + 1) digits.
        push_digits(&mut out, &m[..e as usize + 1]);
        out.push('.');
        push_digits(&mut out, &m[e as usize + 1..]);
    } else {
        // 13. Else: m = "0.", -(e + 1) occurrences of "0", m.
        out.push_str("0.");
        out.extend(std::iter::repeat('0').take((-(e + 1)) as usize));
        push_digits(&mut out, &m);
    }
    // 14. Return the string-concatenation of s and m.
    out
}

// ---------------------------------------------------------------------------------------------
// String → Number.
// ---------------------------------------------------------------------------------------------

/// Whether `c` is a StrWhiteSpaceChar (ECMA-262 §7.1.4.1): WhiteSpace (§12.2: TAB, VT, FF,
/// ZWNBSP U+FEFF, and every Zs code point) or LineTerminator (§12.3: LF, CR, LS, PS).
pub fn is_str_whitespace(c: u16) -> bool {
    matches!(
        c,
        0x0009 | 0x000B | 0x000C | 0xFEFF  // TAB, VT, FF, ZWNBSP
        | 0x000A | 0x000D | 0x2028 | 0x2029 // LineTerminator
        | 0x0020 | 0x00A0 | 0x1680 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 // Zs
    )
}

fn trim_start(units: &[u16]) -> &[u16] {
    let start = units
        .iter()
        .position(|&c| !is_str_whitespace(c))
        .unwrap_or(units.len());
    &units[start..]
}

fn trim(units: &[u16]) -> &[u16] {
    let units = trim_start(units);
    let end = units
        .iter()
        .rposition(|&c| !is_str_whitespace(c))
        .map_or(0, |i| i + 1);
    &units[..end]
}

fn is_ascii_digit(c: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&c)
}

/// The value of `c` as a digit in radix 2..=36, if it is one.
fn digit_value(c: u16, radix: u32) -> Option<u32> {
    let c = char::from_u32(u32::from(c))?;
    c.to_digit(radix)
}

const INFINITY_UNITS: [u16; 8] = [
    b'I' as u16,
    b'n' as u16,
    b'f' as u16,
    b'i' as u16,
    b'n' as u16,
    b'i' as u16,
    b't' as u16,
    b'y' as u16,
];

/// The length of the longest prefix of `units` matching StrUnsignedDecimalLiteral's digit forms
/// (`DecimalDigits [. DecimalDigits?] ExponentPart?` or `. DecimalDigits ExponentPart?`, without
/// numeric separators), or 0 if none does.
fn unsigned_decimal_prefix(units: &[u16]) -> usize {
    let mut i = 0;
    let int_digits = units.iter().take_while(|&&c| is_ascii_digit(c)).count();
    i += int_digits;
    let mut frac_digits = 0;
    if units.get(i) == Some(&u16::from(b'.')) {
        frac_digits = units[i + 1..]
            .iter()
            .take_while(|&&c| is_ascii_digit(c))
            .count();
        if int_digits == 0 && frac_digits == 0 {
            return 0;
        }
        i += 1 + frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return 0;
    }
    // ExponentPart: (e|E) [+-]? DecimalDigits — only if complete.
    if matches!(units.get(i), Some(&c) if c == u16::from(b'e') || c == u16::from(b'E')) {
        let mut j = i + 1;
        if matches!(units.get(j), Some(&c) if c == u16::from(b'+') || c == u16::from(b'-')) {
            j += 1;
        }
        let exp_digits = units[j.min(units.len())..]
            .iter()
            .take_while(|&&c| is_ascii_digit(c))
            .count();
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    i
}

/// Parses ASCII decimal-literal code units (already validated) correctly rounded.
fn parse_decimal_ascii(units: &[u16]) -> f64 {
    let s: String = units.iter().map(|&c| char::from(c as u8)).collect();
    s.parse::<f64>()
        .expect("validated StrDecimalLiteral parses as f64")
}

/// The correctly rounded (round half to even) value of the digits `digits` in radix
/// `2^bits_per_digit`: exact for every length, saturating to +∞.
fn parse_power_of_two(digits: &[u32], bits_per_digit: u32) -> f64 {
    let mut mantissa: u64 = 0; // the first (up to) 54 significant bits
    let mut taken: u32 = 0; // bits in `mantissa`
    let mut dropped: i64 = 0; // significant bits after those
    let mut sticky = false; // any 1 among the bits after the 54th
    for &d in digits {
        for b in (0..bits_per_digit).rev() {
            let bit = (d >> b) & 1;
            if taken == 0 && bit == 0 {
                continue; // leading zero
            }
            if taken < 54 {
                mantissa = (mantissa << 1) | u64::from(bit);
                taken += 1;
            } else {
                dropped += 1;
                sticky |= bit == 1;
            }
        }
    }
    if taken <= 53 {
        return mantissa as f64;
    }
    // 54 bits: the last one is the rounding bit.
    let round = mantissa & 1 == 1;
    let mut m = mantissa >> 1;
    if round && (sticky || m & 1 == 1) {
        m += 1;
    }
    scale_by_power_of_two(m as f64, dropped + 1)
}

/// `x × 2^e` for an integer-valued `x < 2^54` and `e >= 0`, saturating to +∞ (exact otherwise).
fn scale_by_power_of_two(mut x: f64, mut e: i64) -> f64 {
    while e > 0 && x.is_finite() {
        let step = e.min(1000);
        x *= 2f64.powi(step as i32);
        e -= step;
    }
    x
}

/// StringToNumber(str) — ECMA-262 §7.1.4.1.1 (the grammar is StringNumericLiteral, §7.1.4.1).
///
/// Leading and trailing StrWhiteSpaceChar are ignored; the empty (or all-whitespace) string is
/// `0`; `Infinity` with an optional sign; decimal literals with an optional sign, optional
/// fraction (leading or trailing `.`), optional exponent; `0x`/`0o`/`0b` (upper or lower case,
/// no sign); no numeric separators. Anything else is `NaN`. The result is correctly rounded.
pub fn string_to_number(units: &[u16]) -> f64 {
    // 1. Let literal be ParseText(str, StringNumericLiteral).
    // 2. If literal is a List of errors, return NaN.
    // 3. Return StringNumericValue of literal.
    let text = trim(units);
    // StringNumericLiteral ::: StrWhiteSpace_opt  →  0
    if text.is_empty() {
        return 0.0;
    }
    // NonDecimalIntegerLiteral[~Sep]: 0x / 0o / 0b followed by at least one digit.
    if text.len() >= 3 && text[0] == u16::from(b'0') {
        let radix_bits = match text[1] {
            c if c == u16::from(b'x') || c == u16::from(b'X') => Some(4),
            c if c == u16::from(b'o') || c == u16::from(b'O') => Some(3),
            c if c == u16::from(b'b') || c == u16::from(b'B') => Some(1),
            _ => None,
        };
        if let Some(bits) = radix_bits {
            let radix = 1u32 << bits;
            let digits: Option<Vec<u32>> =
                text[2..].iter().map(|&c| digit_value(c, radix)).collect();
            return match digits {
                Some(d) => parse_power_of_two(&d, bits),
                None => f64::NAN,
            };
        }
    }
    // StrDecimalLiteral ::: [+-]? StrUnsignedDecimalLiteral
    let (negative, rest) = match text[0] {
        c if c == u16::from(b'-') => (true, &text[1..]),
        c if c == u16::from(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // StrUnsignedDecimalLiteral ::: Infinity
    if rest == INFINITY_UNITS {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let len = unsigned_decimal_prefix(rest);
    if len == 0 || len != rest.len() {
        return f64::NAN;
    }
    let value = parse_decimal_ascii(rest);
    if negative {
        -value
    } else {
        value
    }
}

/// parseFloat(string) — ECMA-262 §19.2.4, steps 2–6 (the caller does step 1, ToString).
pub fn parse_float(units: &[u16]) -> f64 {
    // 2. Let trimmedString be ! TrimString(inputString, start).
    let trimmed = trim_start(units);
    // 3. Let trimmed be StringToCodePoints(trimmedString).
    // 4. Let trimmedPrefix be the longest prefix of trimmed that satisfies the syntax of a
    //    StrDecimalLiteral, which might be trimmed itself. If there is no such prefix, return
    //    NaN.
    let (negative, rest) = match trimmed.first() {
        Some(&c) if c == u16::from(b'-') => (true, &trimmed[1..]),
        Some(&c) if c == u16::from(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    // 5. Let parsedNumber be ParseText(trimmedPrefix, StrDecimalLiteral).
    // 6. Return StringNumericValue of parsedNumber.
    let value = if rest.starts_with(&INFINITY_UNITS) {
        f64::INFINITY
    } else {
        let len = unsigned_decimal_prefix(rest);
        if len == 0 {
            return f64::NAN;
        }
        parse_decimal_ascii(&rest[..len])
    };
    if negative {
        -value
    } else {
        value
    }
}

/// parseInt(string, radix) — ECMA-262 §19.2.5, steps 2–16.
///
/// The caller does step 1 (`ToString(string)`) and step 6's `ToInt32(radix)`, passing `None`
/// for an absent radix (the same as `Some(0)`).
///
/// Step 14 lets the implementation round: radix 10 is correctly rounded from all the digits
/// (no 20-digit truncation); radices 2, 4, 8, 16 and 32 are correctly rounded too; other radices
/// accumulate like V8 (32-bit chunks combined in doubles), which may be off by an ulp or so for
/// values above 2^53 — the spec's "implementation-approximated".
pub fn parse_int(units: &[u16], radix: Option<i32>) -> f64 {
    // 2. Let S be ! TrimString(inputString, start).
    let mut s = trim_start(units);
    // 3. Let sign be 1.
    // 4. If S is not empty and the first code unit of S is "-", set sign to -1.
    let negative = s.first() == Some(&u16::from(b'-'));
    // 5. If S is not empty and the first code unit of S is either "+" or "-", remove it.
    if matches!(s.first(), Some(&c) if c == u16::from(b'+') || c == u16::from(b'-')) {
        s = &s[1..];
    }
    // 6. Let R be ℝ(? ToInt32(radix)).
    let mut r = radix.unwrap_or(0);
    // 7. Let stripPrefix be true.
    let mut strip_prefix = true;
    if r != 0 {
        // 8. a. If R < 2 or R > 36, return NaN.  b. If R ≠ 16, set stripPrefix to false.
        if !(2..=36).contains(&r) {
            return f64::NAN;
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        // 9. Else, set R to 10.
        r = 10;
    }
    // 10. If stripPrefix is true, then: if S starts with "0x" or "0X", remove them and R = 16.
    if strip_prefix
        && s.len() >= 2
        && s[0] == u16::from(b'0')
        && (s[1] == u16::from(b'x') || s[1] == u16::from(b'X'))
    {
        s = &s[2..];
        r = 16;
    }
    let radix = r as u32;
    // 11. If S contains a code unit that is not a radix-R digit, let end be the index of the
    //     first such code unit; otherwise, let end be the length of S.
    let end = s
        .iter()
        .position(|&c| digit_value(c, radix).is_none())
        .unwrap_or(s.len());
    // 12. Let Z be the substring of S from 0 to end.
    let z = &s[..end];
    // 13. If Z is empty, return NaN.
    if z.is_empty() {
        return f64::NAN;
    }
    // 14. Let mathInt be the integer value that is represented by Z in radix-R notation.
    let digits = z.iter().map(|&c| digit_value(c, radix).unwrap_or(0));
    let math_int = if radix == 10 {
        parse_decimal_ascii(z)
    } else if radix.is_power_of_two() {
        parse_power_of_two(&digits.collect::<Vec<_>>(), radix.trailing_zeros())
    } else {
        parse_generic_radix(digits, radix)
    };
    // 15. If mathInt = 0, then: if sign = -1, return -0𝔽; return +0𝔽.
    // 16. Return 𝔽(sign × mathInt).
    if negative {
        -math_int
    } else {
        math_int
    }
}

/// V8's approximation for radices that are neither 10 nor powers of two: leading zeros are
/// skipped, the digits are gathered in 32-bit parts, and `result = result × multiplier + part`
/// is done in doubles.
fn parse_generic_radix(digits: impl Iterator<Item = u32>, radix: u32) -> f64 {
    let digits = digits.skip_while(|&d| d == 0);
    const MAXIMUM_MULTIPLIER: u32 = u32::MAX / 36;
    let mut result = 0.0f64;
    let mut part: u32 = 0;
    let mut multiplier: u32 = 1;
    for d in digits {
        let m = multiplier * radix;
        if m > MAXIMUM_MULTIPLIER {
            result = result * f64::from(multiplier) + f64::from(part);
            part = d;
            multiplier = radix;
        } else {
            part = part * radix + d;
            multiplier = m;
        }
    }
    result * f64::from(multiplier) + f64::from(part)
}

// ---------------------------------------------------------------------------------------------
// Integer conversions.
// ---------------------------------------------------------------------------------------------

/// ToIntegerOrInfinity(argument) — ECMA-262 §7.1.5, for an argument already converted by
/// ToNumber. NaN and ±0 give +0, ±∞ stay, everything else truncates toward zero (never -0).
pub fn to_integer_or_infinity(number: f64) -> f64 {
    // 2. If number is one of NaN, +0𝔽, or -0𝔽, return 0.
    if number.is_nan() || number == 0.0 {
        return 0.0;
    }
    // 3. If number is +∞𝔽, return +∞.  4. If number is -∞𝔽, return -∞.
    if number.is_infinite() {
        return number;
    }
    // 5. Return truncate(ℝ(number)) (a mathematical value: -0 becomes +0).
    number.trunc() + 0.0
}

/// The shared core of ToInt32 … ToUint8: `truncate(ℝ(number)) modulo 2^32` (0 for NaN, ±0, ±∞).
fn modulo_2_32(number: f64) -> u32 {
    // 2. If number is not finite or number is either +0𝔽 or -0𝔽, return +0𝔽.
    if !number.is_finite() {
        return 0;
    }
    // 3. Let int be truncate(ℝ(number)).
    // 4. Let int32bit be int modulo 2^32. (`%` on doubles is exact.)
    let r = number.trunc() % 4_294_967_296.0;
    let r = if r < 0.0 { r + 4_294_967_296.0 } else { r };
    r as u32
}

/// ToInt32(argument) — ECMA-262 §7.1.6 (on an already-converted Number).
pub fn to_int32(number: f64) -> i32 {
    // 5. If int32bit ≥ 2^31, return 𝔽(int32bit - 2^32); otherwise return 𝔽(int32bit).
    modulo_2_32(number) as i32
}

/// ToUint32(argument) — ECMA-262 §7.1.7 (on an already-converted Number).
pub fn to_uint32(number: f64) -> u32 {
    modulo_2_32(number)
}

/// ToInt16(argument) — ECMA-262 §7.1.8 (on an already-converted Number).
pub fn to_int16(number: f64) -> i16 {
    modulo_2_32(number) as u16 as i16
}

/// ToUint16(argument) — ECMA-262 §7.1.9 (on an already-converted Number).
pub fn to_uint16(number: f64) -> u16 {
    // int modulo 2^16 = (int modulo 2^32) modulo 2^16.
    modulo_2_32(number) as u16
}

/// ToInt8(argument) — ECMA-262 §7.1.10 (on an already-converted Number).
pub fn to_int8(number: f64) -> i8 {
    modulo_2_32(number) as u8 as i8
}

/// ToUint8(argument) — ECMA-262 §7.1.11 (on an already-converted Number).
pub fn to_uint8(number: f64) -> u8 {
    modulo_2_32(number) as u8
}

/// ToUint8Clamp(argument) — ECMA-262 §7.1.12 (on an already-converted Number): clamp to
/// 0..=255 and round half to even.
pub fn to_uint8_clamp(number: f64) -> u8 {
    // 2. If number is NaN, return +0𝔽.
    if number.is_nan() {
        return 0;
    }
    // 3. Let mv be the extended mathematical value of number.
    // 4. Let clamped be the result of clamping mv between 0 and 255.
    let clamped = number.clamp(0.0, 255.0);
    // 5. Let f be floor(clamped).
    let f = clamped.floor();
    // 6. If clamped < f + 0.5, return 𝔽(f).
    if clamped < f + 0.5 {
        return f as u8;
    }
    // 7. If clamped > f + 0.5, return 𝔽(f + 1).
    if clamped > f + 0.5 {
        return f as u8 + 1;
    }
    // 8. If f is even, return 𝔽(f). Otherwise, return 𝔽(f + 1).
    if f % 2.0 == 0.0 {
        f as u8
    } else {
        f as u8 + 1
    }
}

/// ToLength(argument) — ECMA-262 §7.1.20 (on an already-converted Number): an integer in
/// 0..=2^53 - 1.
pub fn to_length(number: f64) -> u64 {
    // 2. If len ≤ 0, return +0𝔽.
    let len = to_integer_or_infinity(number);
    if len <= 0.0 {
        return 0;
    }
    // 3. Return 𝔽(min(len, 2^53 - 1)).
    len.min(9_007_199_254_740_991.0) as u64
}

/// CanonicalNumericIndexString(argument) — ECMA-262 §7.1.21: `Some(n)` when the string is the
/// canonical form of the Number `n` (`"-0"` gives `Some(-0.0)`), `None` (the spec's undefined)
/// otherwise.
pub fn canonical_numeric_index_string(units: &[u16]) -> Option<f64> {
    // 1. If argument is "-0", return -0𝔽.
    if units == [u16::from(b'-'), u16::from(b'0')] {
        return Some(-0.0);
    }
    // 2. Let n be ! ToNumber(argument).
    let n = string_to_number(units);
    // 3. If ! ToString(n) is argument, return n.  4. Return undefined.
    let canonical = number_to_string(n);
    (canonical.len() == units.len()
        && canonical
            .bytes()
            .zip(units)
            .all(|(a, &b)| u16::from(a) == b))
    .then_some(n)
}

/// Number::equal(x, y) — ECMA-262 §6.1.6.1.13 (IEEE equality: NaN ≠ NaN, +0 = -0).
pub fn number_equals(x: f64, y: f64) -> bool {
    x == y
}

/// Number::sameValue(x, y) — ECMA-262 §6.1.6.1.14, the Number case of SameValue (§7.2.10):
/// NaN is itself, +0 and -0 differ.
pub fn same_value(x: f64, y: f64) -> bool {
    // 1. If x is NaN and y is NaN, return true.
    if x.is_nan() && y.is_nan() {
        return true;
    }
    // 2.–3. If x is +0𝔽 and y is -0𝔽 (or vice versa), return false.
    // 4. If x is y, return true.  5. Return false.
    x == y && x.is_sign_negative() == y.is_sign_negative()
}

/// Number::sameValueZero(x, y) — ECMA-262 §6.1.6.1.15, the Number case of SameValueZero
/// (§7.2.11): NaN is itself, +0 and -0 are the same.
pub fn same_value_zero(x: f64, y: f64) -> bool {
    // 1. If x is NaN and y is NaN, return true.  2.–4. Otherwise x is y (±0 equal).
    (x.is_nan() && y.is_nan()) || x == y
}

#[cfg(test)]
mod tests;

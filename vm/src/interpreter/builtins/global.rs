//! 19 The Global Object
//! <https://tc39.es/ecma262/2024/#sec-global-object>
//!
//! The function properties of the global object (§19.2: `isFinite`, `isNaN`, `parseFloat`,
//! `parseInt`, and the URI handling functions §19.2.6 with Encode/Decode), Annex B's
//! `escape`/`unescape` (§B.2.1), and the host's `print`. The value properties (`globalThis`,
//! `Infinity`, `NaN`, `undefined`) are installed by the realm. `Number.parseFloat` and
//! `Number.parseInt` are these same function objects (number.rs links them).

use heap::HeapError;

use super::{arg, native, Family, Home, R};
use crate::interpreter::dynamic_scope::indirect_eval;
use crate::interpreter::ops::{self, to_number, to_string_value};
use crate::interpreter::realm::{intrinsic, native_print, Intrinsic};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::number::{parse_float, parse_int, to_int32};
use crate::runtime::string;
use crate::runtime::value::Value;

/// The family: the global functions.
pub static FAMILY: Family = Family {
    name: "global",
    create: None,
    natives: &[
        native!(Home::Global, "print", 0, native_print),
        native!(Home::Global, "eval", 1, indirect_eval),
        native!(Home::Global, "isFinite", 1, is_finite),
        native!(Home::Global, "isNaN", 1, is_nan),
        native!(Home::Global, "parseFloat", 1, global_parse_float),
        native!(Home::Global, "parseInt", 2, global_parse_int),
        native!(Home::Global, "decodeURI", 1, decode_uri),
        native!(Home::Global, "decodeURIComponent", 1, decode_uri_component),
        native!(Home::Global, "encodeURI", 1, encode_uri),
        native!(Home::Global, "encodeURIComponent", 1, encode_uri_component),
        native!(Home::Global, "escape", 1, escape),
        native!(Home::Global, "unescape", 1, unescape),
    ],
    finish: Some(finish),
};

/// Records %eval% (a direct eval is a call of this very function through the name `eval`).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("eval"));
    let eval = ops::lookup_data(agent, global, key).unwrap_or(Value::UNDEFINED);
    agent.roots.vm.intrinsics[Intrinsic::Eval as usize] = eval;
    Ok(())
}

/// 19.2.2 isFinite ( number )
fn is_finite(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(to_number(agent, arg(args, 0))?.is_finite()))
}

/// 19.2.3 isNaN ( number )
fn is_nan(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(to_number(agent, arg(args, 0))?.is_nan()))
}

fn string_units(agent: &mut Agent, v: Value) -> Result<Vec<u16>, Throw> {
    let s = to_string_value(agent, v)?;
    Ok(string::units(s.as_cell().expect("a string")))
}

/// 19.2.4 parseFloat ( string )
fn global_parse_float(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let units = string_units(agent, arg(args, 0))?;
    Ok(Value::number(parse_float(&units)))
}

/// 19.2.5 parseInt ( string, radix )
fn global_parse_int(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if let Some(n) = parse_int_fast(agent, arg(args, 0), arg(args, 1)) {
        return Ok(Value::number(n));
    }
    // 1. Let inputString be ? ToString(string).
    let units = agent.scope(|agent| {
        agent.root(arg(args, 1));
        string_units(agent, arg(args, 0))
    })?;
    // 6. Let R be ℝ(? ToInt32(radix)).
    let radix = to_int32(to_number(agent, arg(args, 1))?);
    Ok(Value::number(parse_int(&units, Some(radix))))
}

/// `parseInt` of a string that starts with an optional sign and at most 15 decimal digits
/// (exact in a double), with radix 10 or undefined, read in place: the common case, with
/// the same result as the general algorithm. `None` for anything else (leading white space,
/// a `0x` prefix, longer digit runs, other radices).
fn parse_int_fast(agent: &Agent, input: Value, radix: Value) -> Option<f64> {
    if !(radix.is_undefined() || radix.as_int() == Some(10)) {
        return None;
    }
    let cell = input.as_cell().filter(|&c| string::is_string(c))?;
    let string::Units::Latin1(bytes) = string::view(agent, cell)? else {
        return None;
    };
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let end = digits
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    if end == 0 || end > 15 || matches!(digits.get(end), Some(b'x' | b'X')) {
        return None;
    }
    let value = digits[..end]
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0')) as f64;
    Some(if negative { -value } else { value })
}

fn uri_error(message: &str) -> Throw {
    Throw::error(ErrorType::URIError, message)
}

const URI_RESERVED: &str = ";/?:@&=+$,";
const URI_UNESCAPED_EXTRA: &str = "-_.!~*'()";

fn is_alnum(c: u16) -> bool {
    matches!(c, 0x30..=0x39 | 0x41..=0x5a | 0x61..=0x7a)
}

fn in_set(c: u16, set: &str) -> bool {
    c < 0x80 && set.as_bytes().contains(&(c as u8))
}

/// 19.2.6.5 Encode ( string, extraUnescaped ): `keep(c)` says which ASCII code units stay.
fn encode(units: &[u16], keep: impl Fn(u16) -> bool) -> Result<Vec<u16>, Throw> {
    let mut out = Vec::with_capacity(units.len());
    let mut k = 0;
    while k < units.len() {
        let c = units[k];
        if keep(c) {
            out.push(c);
            k += 1;
            continue;
        }
        // CodePointAt(string, k); a lone surrogate throws a URIError.
        let cp = match c {
            0xd800..=0xdbff => match units.get(k + 1) {
                Some(&d @ 0xdc00..=0xdfff) => {
                    k += 1;
                    0x10000 + ((u32::from(c) - 0xd800) << 10) + (u32::from(d) - 0xdc00)
                }
                _ => return Err(uri_error("URI malformed")),
            },
            0xdc00..=0xdfff => return Err(uri_error("URI malformed")),
            c => u32::from(c),
        };
        k += 1;
        let ch = char::from_u32(cp).expect("a scalar value");
        let mut buf = [0u8; 4];
        for b in ch.encode_utf8(&mut buf).bytes() {
            out.extend(format!("%{b:02X}").encode_utf16());
        }
    }
    Ok(out)
}

fn hex_digit(u: u16) -> Option<u8> {
    char::from_u32(u32::from(u))
        .and_then(|c| c.to_digit(16))
        .map(|d| d as u8)
}

fn hex_byte(units: &[u16], at: usize) -> Option<u8> {
    if units.get(at) != Some(&0x25) {
        return None;
    }
    Some(hex_digit(*units.get(at + 1)?)? * 16 + hex_digit(*units.get(at + 2)?)?)
}

/// 19.2.6.6 Decode ( string, preserveEscapeSet )
fn decode(units: &[u16], preserve: &str) -> Result<Vec<u16>, Throw> {
    let mut out = Vec::with_capacity(units.len());
    let mut k = 0;
    while k < units.len() {
        let c = units[k];
        if c != 0x25 {
            out.push(c);
            k += 1;
            continue;
        }
        let start = k;
        let b = hex_byte(units, k).ok_or_else(|| uri_error("URI malformed"))?;
        k += 3;
        if b < 0x80 {
            if in_set(u16::from(b), preserve) {
                out.extend_from_slice(&units[start..k]);
            } else {
                out.push(u16::from(b));
            }
            continue;
        }
        // n: the number of leading 1 bits of b; 1 or more than 4 is an error.
        let n = b.leading_ones() as usize;
        if n == 1 || n > 4 {
            return Err(uri_error("URI malformed"));
        }
        let mut octets = vec![b];
        for _ in 1..n {
            let b = hex_byte(units, k).ok_or_else(|| uri_error("URI malformed"))?;
            if b & 0xc0 != 0x80 {
                return Err(uri_error("URI malformed"));
            }
            octets.push(b);
            k += 3;
        }
        let text = std::str::from_utf8(&octets).map_err(|_| uri_error("URI malformed"))?;
        out.extend(text.encode_utf16());
    }
    Ok(out)
}

fn uri_function(
    agent: &mut Agent,
    args: &[Value],
    f: impl Fn(&[u16]) -> Result<Vec<u16>, Throw>,
) -> R {
    let units = string_units(agent, arg(args, 0))?;
    let out = f(&units)?;
    Ok(Value::cell(string::from_units(agent, &out)?))
}

/// 19.2.6.1 decodeURI ( encodedURI )
fn decode_uri(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |u| decode(u, ";/?:@&=+$,#"))
}

/// 19.2.6.2 decodeURIComponent ( encodedURIComponent )
fn decode_uri_component(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |u| decode(u, ""))
}

/// 19.2.6.3 encodeURI ( uri )
fn encode_uri(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |u| {
        encode(u, |c| {
            is_alnum(c) || in_set(c, URI_UNESCAPED_EXTRA) || in_set(c, URI_RESERVED) || c == 0x23
        })
    })
}

/// 19.2.6.4 encodeURIComponent ( uriComponent )
fn encode_uri_component(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |u| {
        encode(u, |c| is_alnum(c) || in_set(c, URI_UNESCAPED_EXTRA))
    })
}

/// B.2.1.1 escape ( string )
fn escape(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |units| {
        let mut out = Vec::with_capacity(units.len());
        for &c in units {
            if is_alnum(c) || in_set(c, "@*_+-./") {
                out.push(c);
            } else if c < 256 {
                out.extend(format!("%{c:02X}").encode_utf16());
            } else {
                out.extend(format!("%u{c:04X}").encode_utf16());
            }
        }
        Ok(out)
    })
}

/// B.2.1.2 unescape ( string )
fn unescape(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    uri_function(agent, args, |units| {
        let mut out = Vec::with_capacity(units.len());
        let mut k = 0;
        let hex = |range: &[u16]| -> Option<u16> {
            range
                .iter()
                .try_fold(0u16, |acc, &u| Some(acc * 16 + u16::from(hex_digit(u)?)))
        };
        while k < units.len() {
            let c = units[k];
            if c == 0x25 {
                if units.get(k + 1) == Some(&0x75) && k + 6 <= units.len() {
                    if let Some(v) = hex(&units[k + 2..k + 6]) {
                        out.push(v);
                        k += 6;
                        continue;
                    }
                }
                if k + 3 <= units.len() {
                    if let Some(v) = hex(&units[k + 1..k + 3]) {
                        out.push(v);
                        k += 3;
                        continue;
                    }
                }
            }
            out.push(c);
            k += 1;
        }
        Ok(out)
    })
}

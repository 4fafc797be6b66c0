//! Uint8Array to and from base64 and hex (ES2026 §23.3; the arraybuffer-base64 proposal):
//! `Uint8Array.fromBase64`, `Uint8Array.fromHex`, and `Uint8Array.prototype.toBase64`,
//! `toHex`, `setFromBase64`, `setFromHex`.
//! <https://tc39.es/proposal-arraybuffer-base64/spec/>
//!
//! The decoders (`FromBase64`, `FromHex`) and encoders are plain functions over code units
//! and bytes; they run no user code, so nothing can detach a buffer while they work.

use heap::ObjectRef;

use super::super::options::Options;
use super::super::{arg, native, type_error, Family, Home, R};
use super::{array_buffer, buffer, byte_offset, kind, length, ElementKind};
use crate::interpreter::ops;
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::byte_block;
use crate::runtime::object::new_object;
use crate::runtime::string;
use crate::runtime::value::Value;

const U8: Home = Home::On(Intrinsic::Uint8ArrayConstructor);
const U8P: Home = Home::On(Intrinsic::Uint8ArrayPrototype);

/// The family: two statics on %Uint8Array% and four methods on %Uint8Array.prototype%.
pub static FAMILY: Family = Family {
    name: "Uint8ArrayBase64",
    create: None,
    natives: &[
        native!(U8, "fromBase64", 1, from_base64),
        native!(U8, "fromHex", 1, from_hex),
        native!(U8P, "setFromBase64", 1, set_from_base64),
        native!(U8P, "setFromHex", 1, set_from_hex),
        native!(U8P, "toBase64", 0, to_base64),
        native!(U8P, "toHex", 0, to_hex),
    ],
    finish: None,
};

/// The `alphabet` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Alphabet {
    Base64,
    Base64Url,
}

/// The `lastChunkHandling` option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LastChunk {
    Loose,
    Strict,
    StopBeforePartial,
}

/// What a decoder produced: the bytes, how many input units they account for, and whether
/// it stopped at a syntax error (the bytes before it are still written by `setFrom*`).
#[derive(Debug, PartialEq, Eq)]
struct Decoded {
    read: usize,
    bytes: Vec<u8>,
    error: bool,
}

const MAX_SAFE_LENGTH: usize = (1 << 53) - 1;

// ----- The builtins -----

/// Uint8Array.fromBase64 ( string [ , options ] )
fn from_base64(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. If string is not a String, throw a TypeError exception.
    let units = string_arg(arg(args, 0), "Uint8Array.fromBase64")?;
    // 2–8. The options.
    let opts = Options::from_value(arg(args, 1), "Uint8Array.fromBase64")?;
    let alphabet = alphabet_option(agent, opts)?;
    let last_chunk = last_chunk_option(agent, opts)?;
    // 9. Let result be FromBase64(string, alphabet, lastChunkHandling).
    let result = decode_base64(&units, alphabet, last_chunk, MAX_SAFE_LENGTH);
    // 10. If result.[[Error]] is not none, throw result.[[Error]].
    if result.error {
        return Err(syntax_error("Uint8Array.fromBase64: invalid base64 input"));
    }
    // 11–14. A new Uint8Array holding the bytes.
    new_uint8_array(agent, &result.bytes)
}

/// Uint8Array.fromHex ( string )
fn from_hex(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let units = string_arg(arg(args, 0), "Uint8Array.fromHex")?;
    let result = decode_hex(&units, MAX_SAFE_LENGTH);
    if result.error {
        return Err(syntax_error("Uint8Array.fromHex: invalid hex input"));
    }
    new_uint8_array(agent, &result.bytes)
}

/// Uint8Array.prototype.toBase64 ( [ options ] )
fn to_base64(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1–2. ValidateUint8Array(O).
    let ta = validate_uint8_array(this, "toBase64")?;
    // 3–6. The options (read before the bytes: a getter may detach the buffer).
    let opts = Options::from_value(arg(args, 0), "Uint8Array.prototype.toBase64")?;
    let alphabet = alphabet_option(agent, opts)?;
    let omit_padding = ops::to_boolean(opts.get(agent, "omitPadding")?);
    // 7. Let toEncode be ? GetUint8ArrayBytes(O).
    let bytes = uint8_array_bytes(ta, "toBase64")?;
    // 8–10. Encode.
    let text = encode_base64(&bytes, alphabet, omit_padding);
    Ok(Value::cell(string::from_latin1(agent, text.as_bytes())?))
}

/// Uint8Array.prototype.toHex ( )
fn to_hex(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let ta = validate_uint8_array(this, "toHex")?;
    let bytes = uint8_array_bytes(ta, "toHex")?;
    let text = encode_hex(&bytes);
    Ok(Value::cell(string::from_latin1(agent, text.as_bytes())?))
}

/// Uint8Array.prototype.setFromBase64 ( string [ , options ] )
fn set_from_base64(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1–2. ValidateUint8Array(into).
    let into = validate_uint8_array(this, "setFromBase64")?;
    // 3. If string is not a String, throw a TypeError exception.
    let units = string_arg(arg(args, 0), "Uint8Array.prototype.setFromBase64")?;
    // 4–11. The options.
    let opts = Options::from_value(arg(args, 1), "Uint8Array.prototype.setFromBase64")?;
    let alphabet = alphabet_option(agent, opts)?;
    let last_chunk = last_chunk_option(agent, opts)?;
    // 12–14. If IsTypedArrayOutOfBounds(taRecord), throw a TypeError; byteLength.
    let byte_length = writable_length(into, "setFromBase64")?;
    // 15. Let result be FromBase64(string, alphabet, lastChunkHandling, byteLength).
    let result = decode_base64(&units, alphabet, last_chunk, byte_length);
    // 16–21. Write the bytes, then throw the error if there is one.
    finish_set(agent, into, result, "setFromBase64")
}

/// Uint8Array.prototype.setFromHex ( string )
fn set_from_hex(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let into = validate_uint8_array(this, "setFromHex")?;
    let units = string_arg(arg(args, 0), "Uint8Array.prototype.setFromHex")?;
    let byte_length = writable_length(into, "setFromHex")?;
    let result = decode_hex(&units, byte_length);
    finish_set(agent, into, result, "setFromHex")
}

/// The common end of `setFromBase64` / `setFromHex`: SetUint8ArrayBytes(into, bytes) (the
/// decoders ran no user code, so `into` is still in bounds), then the decoder's error if any,
/// else `{ read, written }`.
fn finish_set(agent: &mut Agent, into: ObjectRef, result: Decoded, method: &str) -> R {
    let block = array_buffer::data(buffer(into)).expect("checked in bounds before decoding");
    byte_block::write(block, byte_offset(into), &result.bytes);
    if result.error {
        return Err(syntax_error(format!(
            "Uint8Array.prototype.{method}: invalid input after {} units",
            result.read
        )));
    }
    agent.scope(|agent| {
        let proto = intrinsic(agent, Intrinsic::ObjectPrototype);
        let object = new_object(agent, proto, 2)?;
        agent.root(Value::cell(object));
        let read = PropertyKey::Atom(agent.atoms.intern_str("read"));
        ops::create_data_property(agent, object, read, Value::number(result.read as f64))?;
        let written = PropertyKey::Atom(agent.atoms.intern_str("written"));
        let count = Value::number(result.bytes.len() as f64);
        ops::create_data_property(agent, object, written, count)?;
        Ok(Value::cell(object))
    })
}

// ----- Arguments, options and the receiver -----

/// The code units of `v`, which must be a String (no conversion).
fn string_arg(v: Value, method: &str) -> Result<Vec<u16>, Throw> {
    match v.as_cell().filter(|_| ops::is_string(v)) {
        Some(s) => Ok(string::units(s)),
        None => Err(type_error(format!("{method}: the input must be a string"))),
    }
}

fn alphabet_option(agent: &mut Agent, opts: Options) -> Result<Alphabet, Throw> {
    Ok(
        match opts.choice(agent, "alphabet", &["base64", "base64url"], 0)? {
            0 => Alphabet::Base64,
            _ => Alphabet::Base64Url,
        },
    )
}

fn last_chunk_option(agent: &mut Agent, opts: Options) -> Result<LastChunk, Throw> {
    let choices = ["loose", "strict", "stop-before-partial"];
    Ok(
        match opts.choice(agent, "lastChunkHandling", &choices, 0)? {
            0 => LastChunk::Loose,
            1 => LastChunk::Strict,
            _ => LastChunk::StopBeforePartial,
        },
    )
}

/// ValidateUint8Array ( ta ): a typed array whose [[TypedArrayName]] is "Uint8Array".
fn validate_uint8_array(v: Value, method: &str) -> Result<ObjectRef, Throw> {
    super::as_typed_array(v)
        .filter(|&ta| kind(ta) == ElementKind::Uint8)
        .ok_or_else(|| {
            type_error(format!(
                "Uint8Array.prototype.{method} called on a value that is not a Uint8Array"
            ))
        })
}

/// TypedArrayLength of `ta`, or the TypeError of IsTypedArrayOutOfBounds (a detached
/// buffer included).
fn writable_length(ta: ObjectRef, method: &str) -> Result<usize, Throw> {
    length(ta).ok_or_else(|| {
        type_error(format!(
            "Uint8Array.prototype.{method}: the array is detached or out of bounds"
        ))
    })
}

/// GetUint8ArrayBytes ( ta ).
fn uint8_array_bytes(ta: ObjectRef, method: &str) -> Result<Vec<u8>, Throw> {
    let len = writable_length(ta, method)?;
    let mut bytes = vec![0; len];
    if len > 0 {
        let block = array_buffer::data(buffer(ta)).expect("an in-bounds array has a buffer");
        byte_block::read(block, byte_offset(ta), &mut bytes);
    }
    Ok(bytes)
}

/// AllocateTypedArray("Uint8Array", %Uint8Array%, %Uint8Array.prototype%, len) holding
/// `bytes`.
fn new_uint8_array(agent: &mut Agent, bytes: &[u8]) -> R {
    let constructor = intrinsic(agent, Intrinsic::Uint8ArrayConstructor);
    let ta = super::prototype::create_with_length(
        agent,
        constructor,
        ElementKind::Uint8,
        bytes.len() as u64,
    )?;
    if !bytes.is_empty() {
        let block = array_buffer::data(buffer(ta)).expect("a fresh buffer");
        byte_block::write(block, byte_offset(ta), bytes);
    }
    Ok(Value::cell(ta))
}

fn syntax_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::SyntaxError, message)
}

// ----- Encoding and decoding -----

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The base64 text of `bytes`.
fn encode_base64(bytes: &[u8], alphabet: Alphabet, omit_padding: bool) -> String {
    let table = match alphabet {
        Alphabet::Base64 => BASE64,
        Alphabet::Base64Url => BASE64_URL,
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.len();
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let sextets = [
            b[0] >> 2,
            (b[0] & 3) << 4 | b[1] >> 4,
            (b[1] & 15) << 2 | b[2] >> 6,
            b[2] & 63,
        ];
        for (i, &s) in sextets.iter().enumerate() {
            if i <= n {
                out.push(table[s as usize] as char);
            } else if !omit_padding {
                out.push('=');
            }
        }
    }
    out
}

/// The lowercase hex text of `bytes`.
fn encode_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

/// SkipAsciiWhitespace ( string, index ).
fn skip_ascii_whitespace(s: &[u16], mut index: usize) -> usize {
    while index < s.len() && matches!(s[index], 0x09 | 0x0A | 0x0C | 0x0D | 0x20) {
        index += 1;
    }
    index
}

/// The value of a standard-alphabet base64 character (after base64url's `-`/`_` became
/// `+`/`/`).
fn sextet(unit: u16) -> Option<u8> {
    let c = u8::try_from(unit).ok()?;
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// DecodeBase64Chunk ( chunk [ , throwOnExtraBits ] ): the bytes of 2, 3 or 4 sextets, or
/// `Err` when `throw_on_extra_bits` and the padding bits are not zero.
fn decode_chunk(chunk: &[u8], throw_on_extra_bits: bool) -> Result<Vec<u8>, ()> {
    let s = |i: usize| u32::from(*chunk.get(i).unwrap_or(&0));
    let n = s(0) << 18 | s(1) << 12 | s(2) << 6 | s(3);
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    match chunk.len() {
        2 if throw_on_extra_bits && bytes[1] != 0 => Err(()),
        2 => Ok(vec![bytes[0]]),
        3 if throw_on_extra_bits && bytes[2] != 0 => Err(()),
        3 => Ok(bytes[..2].to_vec()),
        _ => Ok(bytes.to_vec()),
    }
}

/// FromBase64 ( string, alphabet, lastChunkHandling [ , maxLength ] ).
fn decode_base64(
    s: &[u16],
    alphabet: Alphabet,
    last_chunk: LastChunk,
    max_length: usize,
) -> Decoded {
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    // 3. If maxLength = 0, return { [[Read]]: 0, [[Bytes]]: « », [[Error]]: none }.
    if max_length == 0 {
        return out;
    }
    let fail = |mut out: Decoded| {
        out.error = true;
        out
    };
    let mut chunk: Vec<u8> = Vec::with_capacity(4);
    let length = s.len();
    let mut index = 0;
    loop {
        index = skip_ascii_whitespace(s, index);
        if index == length {
            if !chunk.is_empty() {
                match last_chunk {
                    LastChunk::StopBeforePartial => return out,
                    LastChunk::Loose if chunk.len() == 1 => return fail(out),
                    LastChunk::Loose => {
                        out.bytes
                            .extend(decode_chunk(&chunk, false).expect("no extra-bit check"));
                    }
                    LastChunk::Strict => return fail(out),
                }
            }
            out.read = length;
            return out;
        }
        let mut unit = s[index];
        index += 1;
        if unit == u16::from(b'=') {
            if chunk.len() < 2 {
                return fail(out);
            }
            index = skip_ascii_whitespace(s, index);
            if chunk.len() == 2 {
                if index == length {
                    if last_chunk == LastChunk::StopBeforePartial {
                        return out;
                    }
                    return fail(out);
                }
                if s[index] == u16::from(b'=') {
                    index = skip_ascii_whitespace(s, index + 1);
                }
            }
            if index < length {
                return fail(out);
            }
            match decode_chunk(&chunk, last_chunk == LastChunk::Strict) {
                Ok(bytes) => out.bytes.extend(bytes),
                Err(()) => return fail(out),
            }
            out.read = length;
            return out;
        }
        if alphabet == Alphabet::Base64Url {
            if unit == u16::from(b'+') || unit == u16::from(b'/') {
                return fail(out);
            } else if unit == u16::from(b'-') {
                unit = u16::from(b'+');
            } else if unit == u16::from(b'_') {
                unit = u16::from(b'/');
            }
        }
        let Some(value) = sextet(unit) else {
            return fail(out);
        };
        // Stop before a chunk whose bytes would not all fit.
        let remaining = max_length - out.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            return out;
        }
        chunk.push(value);
        if chunk.len() == 4 {
            out.bytes
                .extend(decode_chunk(&chunk, false).expect("a full chunk"));
            chunk.clear();
            out.read = index;
            if out.bytes.len() == max_length {
                return out;
            }
        }
    }
}

/// FromHex ( string [ , maxLength ] ).
fn decode_hex(s: &[u16], max_length: usize) -> Decoded {
    let mut out = Decoded {
        read: 0,
        bytes: Vec::new(),
        error: false,
    };
    if s.len() % 2 != 0 {
        out.error = true;
        return out;
    }
    let digit = |u: u16| char::from_u32(u32::from(u)).and_then(|c| c.to_digit(16));
    while out.read < s.len() && out.bytes.len() < max_length {
        let (Some(high), Some(low)) = (digit(s[out.read]), digit(s[out.read + 1])) else {
            out.error = true;
            return out;
        };
        out.read += 2;
        out.bytes.push((high << 4 | low) as u8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn decode(s: &str, last: LastChunk, max: usize) -> (usize, Vec<u8>, bool) {
        let d = decode_base64(&units(s), Alphabet::Base64, last, max);
        (d.read, d.bytes, d.error)
    }

    #[test]
    fn base64_round_trips_every_length_and_alphabet() {
        let data: Vec<u8> = (0..=255u8).rev().collect();
        for n in 0..40 {
            for alphabet in [Alphabet::Base64, Alphabet::Base64Url] {
                for omit in [false, true] {
                    let text = encode_base64(&data[..n], alphabet, omit);
                    let loose =
                        decode_base64(&units(&text), alphabet, LastChunk::Loose, usize::MAX);
                    assert_eq!(
                        (&loose.bytes[..], loose.error),
                        (&data[..n], false),
                        "{text}"
                    );
                    let strict =
                        decode_base64(&units(&text), alphabet, LastChunk::Strict, usize::MAX);
                    let partial = omit && n % 3 != 0;
                    assert_eq!(strict.error, partial, "strict needs padding: {text}");
                    let whole = if partial { n - n % 3 } else { n };
                    assert_eq!(strict.bytes, &data[..whole], "{text}");
                }
            }
        }
        assert_eq!(
            encode_base64(b"\xfb\xff", Alphabet::Base64Url, false),
            "-_8="
        );
        assert_eq!(encode_base64(b"foob", Alphabet::Base64, true), "Zm9vYg");
    }

    #[test]
    fn last_chunk_handling_follows_the_spec() {
        assert_eq!(
            decode("Zm9vYg", LastChunk::Loose, usize::MAX),
            (6, b"foob".to_vec(), false)
        );
        assert_eq!(
            decode("Zm9vYg", LastChunk::Strict, usize::MAX),
            (4, b"foo".to_vec(), true)
        );
        assert_eq!(
            decode("Zm9vYg", LastChunk::StopBeforePartial, usize::MAX),
            (4, b"foo".to_vec(), false)
        );
        assert_eq!(
            decode("Zm9vYh==", LastChunk::Strict, usize::MAX),
            (4, b"foo".to_vec(), true)
        );
        assert_eq!(
            decode("Zm9vYh==", LastChunk::Loose, usize::MAX),
            (8, b"foob".to_vec(), false)
        );
        assert_eq!(
            decode("Zm9vY", LastChunk::Loose, usize::MAX),
            (4, b"foo".to_vec(), true)
        );
        assert_eq!(
            decode(" Z g = = ", LastChunk::Strict, usize::MAX),
            (9, b"f".to_vec(), false)
        );
        assert_eq!(
            decode("Zg=", LastChunk::StopBeforePartial, usize::MAX),
            (0, vec![], false)
        );
        assert_eq!(
            decode("Zg==x", LastChunk::Loose, usize::MAX),
            (0, vec![], true)
        );
        assert_eq!(
            decode("Zm9v*", LastChunk::Loose, usize::MAX),
            (4, b"foo".to_vec(), true)
        );
    }

    #[test]
    fn a_max_length_stops_before_a_chunk_that_would_overflow() {
        assert_eq!(
            decode("Zm9vYmFy", LastChunk::Loose, 4),
            (4, b"foo".to_vec(), false)
        );
        assert_eq!(
            decode("Zm9vYmFy", LastChunk::Loose, 3),
            (4, b"foo".to_vec(), false)
        );
        assert_eq!(decode("Zm9vYmFy", LastChunk::Loose, 0), (0, vec![], false));
        assert_eq!(
            decode("Zm9vYg==", LastChunk::Loose, 4),
            (8, b"foob".to_vec(), false)
        );
    }

    #[test]
    fn hex_decodes_pairs_and_stops_at_errors() {
        let d = decode_hex(&units("00fFa5"), usize::MAX);
        assert_eq!((d.read, d.bytes, d.error), (6, vec![0, 255, 165], false));
        let d = decode_hex(&units("0a0g"), usize::MAX);
        assert_eq!((d.read, d.bytes, d.error), (2, vec![10], true));
        assert!(decode_hex(&units("abc"), usize::MAX).error);
        let d = decode_hex(&units("010203"), 2);
        assert_eq!((d.read, d.bytes), (4, vec![1, 2]));
        assert_eq!(encode_hex(&[0, 15, 255]), "000fff");
    }
}

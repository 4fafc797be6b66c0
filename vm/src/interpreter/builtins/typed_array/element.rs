//! 23.2 TypedArray element types (Table 71) and the numeric conversions between Numbers and
//! the bytes of a Data Block: RawBytesToNumeric (§25.1.3.15) and NumericToRawBytes
//! (§25.1.3.18), little-endian by default (the engine's byte order for typed arrays).
//! <https://tc39.es/ecma262/2024/#table-the-typedarray-constructors>

use crate::interpreter::realm::Intrinsic;
use crate::runtime::number::{
    to_int16, to_int32, to_int8, to_uint16, to_uint32, to_uint8, to_uint8_clamp,
};

/// An element type ([[TypedArrayName]] / DataView element type).
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ElementKind {
    Int8 = 0,
    Uint8 = 1,
    Uint8Clamped = 2,
    Int16 = 3,
    Uint16 = 4,
    Int32 = 5,
    Uint32 = 6,
    Float16 = 7,
    Float32 = 8,
    Float64 = 9,
    BigInt64 = 10,
    BigUint64 = 11,
}

impl ElementKind {
    /// Every kind, in table order (the index is the `repr`).
    pub const ALL: [ElementKind; 12] = [
        ElementKind::Int8,
        ElementKind::Uint8,
        ElementKind::Uint8Clamped,
        ElementKind::Int16,
        ElementKind::Uint16,
        ElementKind::Int32,
        ElementKind::Uint32,
        ElementKind::Float16,
        ElementKind::Float32,
        ElementKind::Float64,
        ElementKind::BigInt64,
        ElementKind::BigUint64,
    ];

    /// The kind stored as `i` (an internal slot value).
    pub fn from_index(i: i32) -> Option<ElementKind> {
        usize::try_from(i)
            .ok()
            .and_then(|i| ElementKind::ALL.get(i).copied())
    }

    /// The Element Size.
    pub const fn size(self) -> usize {
        match self {
            ElementKind::Int8 | ElementKind::Uint8 | ElementKind::Uint8Clamped => 1,
            ElementKind::Int16 | ElementKind::Uint16 | ElementKind::Float16 => 2,
            ElementKind::Int32 | ElementKind::Uint32 | ElementKind::Float32 => 4,
            ElementKind::Float64 | ElementKind::BigInt64 | ElementKind::BigUint64 => 8,
        }
    }

    /// [[ContentType]] is BigInt.
    pub const fn is_bigint(self) -> bool {
        matches!(self, ElementKind::BigInt64 | ElementKind::BigUint64)
    }

    /// The constructor name (`"Int8Array"`, …).
    pub const fn name(self) -> &'static str {
        match self {
            ElementKind::Int8 => "Int8Array",
            ElementKind::Uint8 => "Uint8Array",
            ElementKind::Uint8Clamped => "Uint8ClampedArray",
            ElementKind::Int16 => "Int16Array",
            ElementKind::Uint16 => "Uint16Array",
            ElementKind::Int32 => "Int32Array",
            ElementKind::Uint32 => "Uint32Array",
            ElementKind::Float16 => "Float16Array",
            ElementKind::Float32 => "Float32Array",
            ElementKind::Float64 => "Float64Array",
            ElementKind::BigInt64 => "BigInt64Array",
            ElementKind::BigUint64 => "BigUint64Array",
        }
    }

    /// The constructor intrinsic.
    pub const fn constructor(self) -> Intrinsic {
        match self {
            ElementKind::Int8 => Intrinsic::Int8ArrayConstructor,
            ElementKind::Uint8 => Intrinsic::Uint8ArrayConstructor,
            ElementKind::Uint8Clamped => Intrinsic::Uint8ClampedArrayConstructor,
            ElementKind::Int16 => Intrinsic::Int16ArrayConstructor,
            ElementKind::Uint16 => Intrinsic::Uint16ArrayConstructor,
            ElementKind::Int32 => Intrinsic::Int32ArrayConstructor,
            ElementKind::Uint32 => Intrinsic::Uint32ArrayConstructor,
            ElementKind::Float16 => Intrinsic::Float16ArrayConstructor,
            ElementKind::Float32 => Intrinsic::Float32ArrayConstructor,
            ElementKind::Float64 => Intrinsic::Float64ArrayConstructor,
            ElementKind::BigInt64 => Intrinsic::BigInt64ArrayConstructor,
            ElementKind::BigUint64 => Intrinsic::BigUint64ArrayConstructor,
        }
    }

    /// The prototype intrinsic.
    pub const fn prototype(self) -> Intrinsic {
        match self {
            ElementKind::Int8 => Intrinsic::Int8ArrayPrototype,
            ElementKind::Uint8 => Intrinsic::Uint8ArrayPrototype,
            ElementKind::Uint8Clamped => Intrinsic::Uint8ClampedArrayPrototype,
            ElementKind::Int16 => Intrinsic::Int16ArrayPrototype,
            ElementKind::Uint16 => Intrinsic::Uint16ArrayPrototype,
            ElementKind::Int32 => Intrinsic::Int32ArrayPrototype,
            ElementKind::Uint32 => Intrinsic::Uint32ArrayPrototype,
            ElementKind::Float16 => Intrinsic::Float16ArrayPrototype,
            ElementKind::Float32 => Intrinsic::Float32ArrayPrototype,
            ElementKind::Float64 => Intrinsic::Float64ArrayPrototype,
            ElementKind::BigInt64 => Intrinsic::BigInt64ArrayPrototype,
            ElementKind::BigUint64 => Intrinsic::BigUint64ArrayPrototype,
        }
    }

    /// NumericToRawBytes(type, value, isLittleEndian) for a Number `value` (already
    /// converted with ToNumber): the first `size()` bytes of the result.
    pub fn to_bytes(self, value: f64, little_endian: bool) -> [u8; 8] {
        let mut out = [0u8; 8];
        let n = self.size();
        match self {
            ElementKind::Int8 => out[0] = to_int8(value) as u8,
            ElementKind::Uint8 => out[0] = to_uint8(value),
            ElementKind::Uint8Clamped => out[0] = to_uint8_clamp(value),
            ElementKind::Int16 => out[..2].copy_from_slice(&to_int16(value).to_le_bytes()),
            ElementKind::Uint16 => out[..2].copy_from_slice(&to_uint16(value).to_le_bytes()),
            ElementKind::Int32 => out[..4].copy_from_slice(&to_int32(value).to_le_bytes()),
            ElementKind::Uint32 => out[..4].copy_from_slice(&to_uint32(value).to_le_bytes()),
            ElementKind::Float16 => out[..2].copy_from_slice(&f64_to_f16_bits(value).to_le_bytes()),
            ElementKind::Float32 => out[..4].copy_from_slice(&(value as f32).to_le_bytes()),
            ElementKind::Float64 => out.copy_from_slice(&value.to_le_bytes()),
            // BigInt contents are written by the callers through `bigint_to_bytes`.
            ElementKind::BigInt64 | ElementKind::BigUint64 => {}
        }
        if !little_endian {
            out[..n].reverse();
        }
        out
    }

    /// NumericToRawBytes for any content (a BigInt kind's bits as they are).
    pub fn content_bytes(self, c: super::Content, little_endian: bool) -> [u8; 8] {
        match c {
            super::Content::Number(n) => self.to_bytes(n, little_endian),
            super::Content::Big(bits) => {
                if little_endian {
                    bits.to_le_bytes()
                } else {
                    bits.to_be_bytes()
                }
            }
        }
    }

    /// RawBytesToNumeric(type, rawBytes, isLittleEndian).
    pub fn content_from_bytes(self, bytes: &[u8], little_endian: bool) -> super::Content {
        if self.is_bigint() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[..8]);
            let bits = if little_endian {
                u64::from_le_bytes(b)
            } else {
                u64::from_be_bytes(b)
            };
            return super::Content::Big(bits);
        }
        super::Content::Number(self.from_bytes(bytes, little_endian))
    }

    /// RawBytesToNumeric(type, rawBytes, isLittleEndian) for the Number kinds.
    pub fn from_bytes(self, bytes: &[u8], little_endian: bool) -> f64 {
        let mut b = [0u8; 8];
        let n = self.size();
        b[..n].copy_from_slice(&bytes[..n]);
        if !little_endian {
            b[..n].reverse();
        }
        match self {
            ElementKind::Int8 => f64::from(b[0] as i8),
            ElementKind::Uint8 | ElementKind::Uint8Clamped => f64::from(b[0]),
            ElementKind::Int16 => f64::from(i16::from_le_bytes([b[0], b[1]])),
            ElementKind::Uint16 => f64::from(u16::from_le_bytes([b[0], b[1]])),
            ElementKind::Int32 => f64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            ElementKind::Uint32 => f64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            ElementKind::Float16 => f16_bits_to_f64(u16::from_le_bytes([b[0], b[1]])),
            ElementKind::Float32 => f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            ElementKind::Float64 => f64::from_le_bytes(b),
            ElementKind::BigInt64 => i64::from_le_bytes(b) as f64,
            ElementKind::BigUint64 => u64::from_le_bytes(b) as f64,
        }
    }
}

/// The IEEE 754 binary16 value nearest to `x` (roundTiesToEven), as bits.
pub fn f64_to_f16_bits(x: f64) -> u16 {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return 0x7e00;
    }
    let a = x.abs();
    if a.is_infinite() || a >= 65520.0 {
        return sign | 0x7c00;
    }
    // Subnormal range: multiples of 2^-24 (scaling by a power of two is exact).
    if a < f64::powi(2.0, -14) {
        let m = (a * f64::powi(2.0, 24)).round_ties_even() as u16;
        return sign | m;
    }
    let bits = a.to_bits();
    let e = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let frac = a / f64::powi(2.0, e) - 1.0;
    let mut mant = (frac * 1024.0).round_ties_even() as u32;
    let mut exp = e + 15;
    if mant == 1024 {
        mant = 0;
        exp += 1;
    }
    if exp >= 31 {
        return sign | 0x7c00;
    }
    sign | ((exp as u16) << 10) | mant as u16
}

/// The value of binary16 bits.
pub fn f16_bits_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((h >> 10) & 0x1f);
    let mant = f64::from(h & 0x3ff);
    let magnitude = match exp {
        0 => mant * f64::powi(2.0, -24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => return f64::NAN,
        _ => (1.0 + mant / 1024.0) * f64::powi(2.0, exp - 15),
    };
    sign * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_round_trips_and_rounds_to_even() {
        assert_eq!(f64_to_f16_bits(1.0), 0x3c00);
        assert_eq!(f64_to_f16_bits(65504.0), 0x7bff);
        assert_eq!(f64_to_f16_bits(65520.0), 0x7c00);
        assert_eq!(f64_to_f16_bits(-0.0), 0x8000);
        assert_eq!(f64_to_f16_bits(f64::powi(2.0, -24)), 1);
        assert_eq!(f64_to_f16_bits(f64::powi(2.0, -25)), 0);
        assert_eq!(f16_bits_to_f64(f64_to_f16_bits(0.1)), 0.0999755859375);
        assert_eq!(f16_bits_to_f64(0x3c01), 1.0009765625);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1).
        assert_eq!(f64_to_f16_bits(1.0 + f64::powi(2.0, -11)), 0x3c00);
    }

    #[test]
    fn integer_kinds_wrap() {
        assert_eq!(ElementKind::Int8.to_bytes(255.0, true)[0], 255);
        assert_eq!(ElementKind::Int8.from_bytes(&[255], true), -1.0);
        assert_eq!(ElementKind::Uint8Clamped.to_bytes(300.0, true)[0], 255);
        let b = ElementKind::Uint16.to_bytes(0x1234 as f64, false);
        assert_eq!(&b[..2], &[0x12, 0x34]);
        assert_eq!(ElementKind::Uint16.from_bytes(&b, false), 0x1234 as f64);
    }
}

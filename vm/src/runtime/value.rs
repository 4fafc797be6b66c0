//! `Value`: every JavaScript value in one 64-bit word (NaN-boxing in JavaScriptCore's layout).
//!
//! ```text
//! 0x0000_0000_0000_0000            empty (array holes, TDZ, "no value")
//! 0x0000_0000_0000_0002 / 0a / 06 / 07   null / undefined / false / true
//! 0x0000_xxxx_xxxx_xxx0 (>= 16)    heap cell (a `heap::ObjectRef`: object, string, symbol, bigint)
//! 0xfffe_0000_xxxx_xxxx            int32
//! everything else                  double, stored as its bits + 2^49 (NaNs canonicalised)
//! ```
//!
//! Because a value is one word, a register is one word and a shared-struct field is one
//! `AtomicU64`: plain accesses never tear.

#![allow(unsafe_code)]

use heap::ObjectRef;

/// A JavaScript value.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Value(u64);

const DOUBLE_OFFSET: u64 = 1 << 49;
const NUMBER_TAG: u64 = 0xfffe_0000_0000_0000;
const OTHER_TAG: u64 = 0x2;
const NOT_CELL_MASK: u64 = NUMBER_TAG | OTHER_TAG;
const BOOL_TAG: u64 = 0x4;
const UNDEFINED_TAG: u64 = 0x8;
const CANONICAL_NAN: u64 = 0x7ff8_0000_0000_0000;

impl Value {
    /// The empty value: not a JavaScript value; marks holes and uninitialised bindings.
    pub const EMPTY: Value = Value(0);
    /// `null`.
    pub const NULL: Value = Value(OTHER_TAG);
    /// `undefined`.
    pub const UNDEFINED: Value = Value(OTHER_TAG | UNDEFINED_TAG);
    /// `false`.
    pub const FALSE: Value = Value(OTHER_TAG | BOOL_TAG);
    /// `true`.
    pub const TRUE: Value = Value(OTHER_TAG | BOOL_TAG | 1);

    /// The raw bits (for registers, heap slots and shared fields).
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Rebuilds a value from bits produced by [`Value::bits`].
    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Value {
        Value(bits)
    }

    /// A boolean.
    #[inline(always)]
    pub const fn bool(b: bool) -> Value {
        if b {
            Value::TRUE
        } else {
            Value::FALSE
        }
    }

    /// An int32 number.
    #[inline(always)]
    pub const fn int(i: i32) -> Value {
        Value(NUMBER_TAG | (i as u32 as u64))
    }

    /// A number: int32 when it is one exactly (not -0), else a double.
    #[inline]
    pub fn number(n: f64) -> Value {
        let i = n as i32;
        if i as f64 == n && (i != 0 || n.is_sign_positive()) {
            Value::int(i)
        } else {
            Value::double(n)
        }
    }

    /// A double, never re-encoded as int32.
    #[inline]
    pub fn double(n: f64) -> Value {
        let bits = if n.is_nan() {
            CANONICAL_NAN
        } else {
            n.to_bits()
        };
        Value(bits.wrapping_add(DOUBLE_OFFSET))
    }

    /// A heap cell.
    #[inline(always)]
    pub fn cell(obj: ObjectRef) -> Value {
        Value(obj.addr() as u64)
    }

    /// True for the empty value.
    #[inline(always)]
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True for `undefined`.
    #[inline(always)]
    pub const fn is_undefined(self) -> bool {
        self.0 == Value::UNDEFINED.0
    }

    /// True for `null`.
    #[inline(always)]
    pub const fn is_null(self) -> bool {
        self.0 == Value::NULL.0
    }

    /// True for `null` or `undefined`.
    #[inline(always)]
    pub const fn is_nullish(self) -> bool {
        self.0 & !UNDEFINED_TAG == OTHER_TAG
    }

    /// True for `true` and `false`.
    #[inline(always)]
    pub const fn is_bool(self) -> bool {
        self.0 & !1 == OTHER_TAG | BOOL_TAG
    }

    /// The boolean, if this is one.
    #[inline(always)]
    pub const fn as_bool(self) -> Option<bool> {
        if self.is_bool() {
            Some(self.0 & 1 == 1)
        } else {
            None
        }
    }

    /// True for int32 numbers.
    #[inline(always)]
    pub const fn is_int(self) -> bool {
        self.0 & NUMBER_TAG == NUMBER_TAG
    }

    /// True for any number (int32 or double).
    #[inline(always)]
    pub const fn is_number(self) -> bool {
        self.0 & NUMBER_TAG != 0
    }

    /// The int32, if this is one.
    #[inline(always)]
    pub const fn as_int(self) -> Option<i32> {
        if self.is_int() {
            Some(self.0 as u32 as i32)
        } else {
            None
        }
    }

    /// The number as f64, if this is a number.
    #[inline(always)]
    pub fn as_number(self) -> Option<f64> {
        if self.is_int() {
            Some(self.0 as u32 as i32 as f64)
        } else if self.is_number() {
            Some(f64::from_bits(self.0.wrapping_sub(DOUBLE_OFFSET)))
        } else {
            None
        }
    }

    /// True for heap cells.
    #[inline(always)]
    pub const fn is_cell(self) -> bool {
        self.0 & NOT_CELL_MASK == 0 && self.0 != 0
    }

    /// The heap cell, if this is one.
    #[inline(always)]
    pub fn as_cell(self) -> Option<ObjectRef> {
        if self.is_cell() {
            // SAFETY: cell values are only made by `Value::cell` from a live `ObjectRef`
            // (rooting rule, design/decisions/0006).
            Some(unsafe { ObjectRef::from_addr(self.0 as usize) })
        } else {
            None
        }
    }

    /// True for BigInt values (`runtime::bigint`).
    #[inline]
    pub fn is_bigint(self) -> bool {
        crate::runtime::bigint::is_bigint(self)
    }
}

impl Default for Value {
    /// `undefined`.
    fn default() -> Value {
        Value::UNDEFINED
    }
}

impl core::fmt::Debug for Value {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.is_empty() {
            write!(f, "<empty>")
        } else if self.is_undefined() {
            write!(f, "undefined")
        } else if self.is_null() {
            write!(f, "null")
        } else if let Some(b) = self.as_bool() {
            write!(f, "{b}")
        } else if let Some(i) = self.as_int() {
            write!(f, "{i}")
        } else if let Some(n) = self.as_number() {
            write!(f, "{n:?}")
        } else {
            write!(f, "cell@{:#x}", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_distinct_and_classified() {
        let all = [
            Value::EMPTY,
            Value::NULL,
            Value::UNDEFINED,
            Value::FALSE,
            Value::TRUE,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
            assert!(!a.is_cell() && !a.is_number(), "{a:?}");
        }
        assert!(Value::NULL.is_nullish() && Value::UNDEFINED.is_nullish());
        assert!(!Value::FALSE.is_nullish() && !Value::EMPTY.is_nullish());
        assert_eq!(Value::TRUE.as_bool(), Some(true));
        assert_eq!(Value::FALSE.as_bool(), Some(false));
        assert_eq!(Value::NULL.as_bool(), None);
    }

    #[test]
    fn numbers_round_trip() {
        for n in [
            0.0,
            -0.0,
            1.5,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            2147483648.0,
            -2147483649.0,
        ] {
            let v = Value::number(n);
            assert!(v.is_number() && !v.is_cell(), "{n}");
            assert_eq!(v.as_number().unwrap().to_bits(), n.to_bits(), "{n}");
        }
        assert!(Value::number(f64::NAN).as_number().unwrap().is_nan());
        assert!(Value::number(-0.0).as_int().is_none());
        assert_eq!(Value::number(42.0).as_int(), Some(42));
        assert_eq!(Value::int(i32::MIN).as_number(), Some(i32::MIN as f64));
        let weird_nan = f64::from_bits(0xfff8_dead_beef_0001);
        assert!(Value::double(weird_nan).is_number());
        assert!(!Value::double(weird_nan).is_cell());
    }

    #[test]
    fn cells_round_trip() {
        // SAFETY: never dereferenced.
        let obj = unsafe { ObjectRef::from_addr(0x7f12_3456_7890) };
        let v = Value::cell(obj);
        assert!(v.is_cell() && !v.is_number() && !v.is_nullish());
        assert_eq!(v.as_cell(), Some(obj));
        assert_eq!(Value::from_bits(v.bits()), v);
    }
}

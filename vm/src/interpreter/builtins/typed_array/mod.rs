//! 10.4.5 TypedArray Exotic Objects and 23.2.4 Abstract Operations for TypedArray Objects
//! <https://tc39.es/ecma262/2024/#sec-typedarray-exotic-objects>
//!
//! The directory holds the binary-data builtins: `ArrayBuffer` (array_buffer.rs), the
//! typed arrays (%TypedArray% and its 12 constructors, prototype.rs), Uint8Array's base64
//! and hex methods (base64.rs), `DataView` (data_view.rs) and the element conversions
//! (element.rs). This file is the typed array
//! object itself: its internal slots, the TypedArray With Buffer Witness Records
//! (out-of-bounds and length-tracking views on resizable buffers), element reads and
//! writes, and the integer-indexed exotic internal methods that `interpreter::ops`
//! dispatches here for `CLASS_TYPED_ARRAY` objects and canonical numeric keys.
//!
//! A typed array (`CLASS_TYPED_ARRAY`) has five internal slots:
//! 0. [[ViewedArrayBuffer]] (an ArrayBuffer);
//! 1. the element kind ([[TypedArrayName]], an `ElementKind` index);
//! 2. [[ByteOffset]];
//! 3. [[ByteLength]] (`undefined` = auto, a length-tracking view);
//! 4. [[ArrayLength]] (`undefined` = auto).

use heap::ObjectRef;

use crate::interpreter::ops::{self, as_object, Own};
use crate::interpreter::realm::CLASS_TYPED_ARRAY;
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::bigint::{bigint_from_i64, bigint_from_u64, to_big_int64, to_big_uint64};
use crate::runtime::byte_block;
use crate::runtime::number::{canonical_numeric_index_string, number_to_string};
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

pub mod array_buffer;
pub mod base64;
pub mod data_view;
pub mod element;
pub mod prototype;

use element::ElementKind;

pub(crate) const TA_BUFFER: usize = 0;
pub(crate) const TA_KIND: usize = 1;
pub(crate) const TA_OFFSET: usize = 2;
pub(crate) const TA_BYTE_LENGTH: usize = 3;
pub(crate) const TA_LENGTH: usize = 4;
/// How many internal slots a typed array has.
pub(crate) const TA_SLOTS: usize = 5;

/// The typed array `v` is, if it is one.
pub fn as_typed_array(v: Value) -> Option<ObjectRef> {
    as_object(v).filter(|&o| object::class(o) == CLASS_TYPED_ARRAY)
}

/// The element kind of typed array `ta`.
pub fn kind(ta: ObjectRef) -> ElementKind {
    object::internal_slot(ta, TA_KIND)
        .and_then(Value::as_int)
        .and_then(ElementKind::from_index)
        .unwrap_or(ElementKind::Uint8)
}

/// [[ViewedArrayBuffer]].
pub fn buffer(ta: ObjectRef) -> ObjectRef {
    object::internal_slot(ta, TA_BUFFER)
        .and_then(as_object)
        .expect("a typed array has a buffer")
}

/// [[ByteOffset]].
pub fn byte_offset(ta: ObjectRef) -> usize {
    object::internal_slot(ta, TA_OFFSET)
        .and_then(Value::as_number)
        .unwrap_or(0.0) as usize
}

/// [[ArrayLength]] (`None` = auto).
pub fn fixed_length(ta: ObjectRef) -> Option<usize> {
    object::internal_slot(ta, TA_LENGTH)
        .and_then(Value::as_number)
        .map(|n| n as usize)
}

/// TypedArrayLength(MakeTypedArrayWithBufferWitnessRecord(ta)), or `None` when
/// IsTypedArrayOutOfBounds (a detached buffer included).
pub fn length(ta: ObjectRef) -> Option<usize> {
    let buffer = buffer(ta);
    if array_buffer::is_detached(buffer) {
        return None;
    }
    let buffer_length = array_buffer::byte_length(buffer);
    let offset = byte_offset(ta);
    let size = kind(ta).size();
    match fixed_length(ta) {
        Some(n) => (offset + n * size <= buffer_length).then_some(n),
        None => (offset <= buffer_length).then(|| (buffer_length - offset) / size),
    }
}

/// TypedArrayByteLength (0 when out of bounds).
pub fn byte_length(ta: ObjectRef) -> usize {
    length(ta).map_or(0, |n| n * kind(ta).size())
}

/// IsTypedArrayFixedLength ( O ) (ES2025).
pub fn is_fixed_length(ta: ObjectRef) -> bool {
    fixed_length(ta).is_some() && array_buffer::is_fixed_length(buffer(ta))
}

/// ValidateTypedArray ( O, order ): the typed array and its length, or a TypeError when `v`
/// is not a typed array or is out of bounds.
pub fn validate(v: Value, method: &str) -> Result<(ObjectRef, usize), Throw> {
    let Some(ta) = as_typed_array(v) else {
        return Err(type_error(format!(
            "%TypedArray%.prototype.{method} called on incompatible receiver"
        )));
    };
    match length(ta) {
        Some(len) => Ok((ta, len)),
        None => Err(type_error(format!(
            "%TypedArray%.prototype.{method}: the typed array is detached or out of bounds"
        ))),
    }
}

fn type_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::TypeError, message)
}

/// For the Array Iterator: `Some(length or TypeError)` when `o` is a typed array
/// (%ArrayIteratorPrototype%.next step 6.b), `None` for any other object.
pub fn iterator_length(o: ObjectRef) -> Option<Result<u64, Throw>> {
    (object::class(o) == CLASS_TYPED_ARRAY).then(|| {
        length(o).map(|n| n as u64).ok_or_else(|| {
            type_error("Cannot iterate a typed array that is detached or out of bounds")
        })
    })
}

/// The byte block and byte index of element `index` of `ta`, if it is a valid integer
/// index (IsValidIntegerIndex). Reads each internal slot once (the element access path).
#[inline]
fn element_place(ta: ObjectRef, index: f64) -> Option<(ObjectRef, usize, ElementKind)> {
    if index.fract() != 0.0 || (index == 0.0 && index.is_sign_negative()) || index < 0.0 {
        return None;
    }
    let buffer = buffer(ta);
    let block = array_buffer::data(buffer)?;
    let buffer_length = array_buffer::byte_length(buffer);
    let offset = byte_offset(ta);
    let kind = kind(ta);
    let size = kind.size();
    let len = match fixed_length(ta) {
        Some(n) if offset + n * size <= buffer_length => n,
        Some(_) => return None,
        None if offset <= buffer_length => (buffer_length - offset) / size,
        None => return None,
    };
    if index >= len as f64 {
        return None;
    }
    Some((block, offset + index as usize * size, kind))
}

/// IsValidIntegerIndex ( O, index ).
pub fn is_valid_integer_index(ta: ObjectRef, index: f64) -> bool {
    element_place(ta, index).is_some()
}

/// An element's value as stored: a Number, or a BigInt element's 64 bits (two's complement
/// for BigInt64Array, so the same bits serve both BigInt kinds).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Content {
    /// A Number-kind element.
    Number(f64),
    /// A BigInt-kind element's bits.
    Big(u64),
}

/// Reads the element at a valid integer index (`None` otherwise).
pub fn read_content(ta: ObjectRef, index: f64) -> Option<Content> {
    let (block, at, kind) = element_place(ta, index)?;
    let mut bytes = [0u8; 8];
    byte_block::read(block, at, &mut bytes[..kind.size()]);
    Some(kind.content_from_bytes(&bytes, true))
}

/// The element at `index` as a Number (`undefined` when not a valid integer index, and for
/// the BigInt kinds, whose values need an allocation: see [`get_value`]).
pub fn get_element(ta: ObjectRef, index: f64) -> Value {
    match read_content(ta, index) {
        Some(Content::Number(n)) => Value::number(n),
        _ => Value::UNDEFINED,
    }
}

/// The element at `index` (below the length the caller validated) as a Number; see
/// [`get_element`].
pub fn get_index(ta: ObjectRef, index: usize) -> Value {
    get_element(ta, index as f64)
}

/// The JavaScript value of an element of `kind`.
pub fn content_value(agent: &mut Agent, kind: ElementKind, c: Content) -> Result<Value, Throw> {
    match c {
        Content::Number(n) => Ok(Value::number(n)),
        Content::Big(bits) if kind == ElementKind::BigInt64 => bigint_from_i64(agent, bits as i64),
        Content::Big(bits) => bigint_from_u64(agent, bits),
    }
}

/// TypedArrayGetElement ( O, index ): `undefined` when not a valid integer index.
pub fn get_value(agent: &mut Agent, ta: ObjectRef, index: f64) -> Result<Value, Throw> {
    match read_content(ta, index) {
        Some(c) => content_value(agent, kind(ta), c),
        None => Ok(Value::UNDEFINED),
    }
}

/// The decimal text of an element (BigInts without the `n`); `None` when out of range.
pub fn element_text(ta: ObjectRef, index: usize) -> Option<String> {
    Some(match read_content(ta, index as f64)? {
        Content::Number(n) => number_to_string(n),
        Content::Big(bits) if kind(ta) == ElementKind::BigInt64 => (bits as i64).to_string(),
        Content::Big(bits) => bits.to_string(),
    })
}

/// Converts `value` to the content type of `kind`: ToNumber, or ToBigInt64/ToBigUint64
/// (may run user code).
pub fn to_content(agent: &mut Agent, kind: ElementKind, value: Value) -> Result<Content, Throw> {
    Ok(match kind {
        ElementKind::BigInt64 => Content::Big(to_big_int64(agent, value)? as u64),
        ElementKind::BigUint64 => Content::Big(to_big_uint64(agent, value)?),
        _ => Content::Number(ops::to_number(agent, value)?),
    })
}

/// Writes already-converted content at `index` if it is a valid integer index.
pub fn write_content(ta: ObjectRef, index: f64, c: Content) {
    if let Some((block, at, kind)) = element_place(ta, index) {
        let bytes = kind.content_bytes(c, true);
        byte_block::write(block, at, &bytes[..kind.size()]);
    }
}

/// TypedArraySetElement ( O, index, value ): converts first (which may run code and
/// detach or shrink the buffer), then writes if the index is still valid.
pub fn set_element(
    agent: &mut Agent,
    ta: ObjectRef,
    index: f64,
    value: Value,
) -> Result<(), Throw> {
    let c = to_content(agent, kind(ta), value)?;
    write_content(ta, index, c);
    Ok(())
}

// ----- The exotic internal methods (dispatched from `interpreter::ops`) -----

/// If `o` is a typed array and `key` a canonical numeric string (an index, or an atom such
/// as `"-0"`, `"1.5"`, `"NaN"`), the numeric index the integer-indexed internal methods use.
#[inline]
pub fn numeric_key(agent: &Agent, o: ObjectRef, key: PropertyKey) -> Option<f64> {
    if object::class(o) != CLASS_TYPED_ARRAY {
        return None;
    }
    match key {
        PropertyKey::Index(i) => Some(f64::from(i)),
        PropertyKey::Atom(atom) => {
            let units = agent.atoms.text(atom);
            let first = *units.first()?;
            let plausible = (u16::from(b'0')..=u16::from(b'9')).contains(&first)
                || first == u16::from(b'-')
                || first == u16::from(b'I')
                || first == u16::from(b'N');
            if !plausible {
                return None;
            }
            canonical_numeric_index_string(units)
        }
        PropertyKey::Symbol(_) => None,
    }
}

/// [[GetOwnProperty]] for a numeric key (§10.4.5.1), for the infallible storage-level
/// lookups: a BigInt element's value reads as `undefined` here (see
/// [`get_own_property_value`]).
pub fn get_own_property(ta: ObjectRef, index: f64) -> Option<Own> {
    if !is_valid_integer_index(ta, index) {
        return None;
    }
    Some(Own::Data {
        value: get_element(ta, index),
        attributes: Attributes::DEFAULT,
    })
}

/// [[GetOwnProperty]] for a numeric key with the element's value (a BigInt is allocated and
/// rooted in the caller's current scope).
pub fn get_own_property_value(
    agent: &mut Agent,
    ta: ObjectRef,
    index: f64,
) -> Result<Option<ops::Descriptor>, Throw> {
    let Some(c) = read_content(ta, index) else {
        return Ok(None);
    };
    let value = content_value(agent, kind(ta), c)?;
    // A BigInt is a fresh cell the typed array does not hold: root it in the caller's scope
    // (callers of [[GetOwnProperty]] may allocate before they store the value).
    agent.root(value);
    Ok(Some(ops::Descriptor::data(value)))
}

/// [[DefineOwnProperty]] for a numeric key (§10.4.5.3).
pub fn define_own_property(
    agent: &mut Agent,
    ta: ObjectRef,
    index: f64,
    desc: &ops::Descriptor,
) -> Result<bool, Throw> {
    // i. If IsValidIntegerIndex(O, numericIndex) is false, return false.
    if !is_valid_integer_index(ta, index) {
        return Ok(false);
    }
    // ii-v. Reject non-configurable, non-enumerable, accessor and non-writable descriptors.
    if desc.configurable == Some(false)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    // vi. If Desc has a [[Value]] field, perform ? TypedArraySetElement(O, numericIndex, Desc.[[Value]]).
    if let Some(v) = desc.value {
        set_element(agent, ta, index, v)?;
    }
    Ok(true)
}

/// [[OwnPropertyKeys]]: the valid indices (when in bounds) come first.
pub fn own_index_keys(ta: ObjectRef) -> Vec<PropertyKey> {
    let len = length(ta).unwrap_or(0);
    let mut keys = Vec::with_capacity(len);
    for i in 0..len {
        match u32::try_from(i) {
            Ok(i) if i < u32::MAX => keys.push(PropertyKey::Index(i)),
            _ => break,
        }
    }
    keys
}

//! 25.3 DataView Objects
//! <https://tc39.es/ecma262/2024/#sec-dataview-objects>
//!
//! The `DataView` constructor (§25.3.2) and `DataView.prototype` (§25.3.4): typed reads and
//! writes at any byte offset in either byte order, including views that track the length of
//! a resizable buffer. `getFloat16`/`setFloat16` (ES2025) are included.
//!
//! A DataView (`CLASS_DATA_VIEW`) has three internal slots: 0. [[ViewedArrayBuffer]];
//! 1. [[ByteLength]] (`undefined` = auto); 2. [[ByteOffset]].

use heap::{HeapError, ObjectRef};

use super::super::{add_to_string_tag, arg, native, type_error, Family, Home, R};
use super::array_buffer::{self, to_index};
use super::element::ElementKind;
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_DATA_VIEW,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::byte_block;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::value::Value;

const DV_BUFFER: usize = 0;
const DV_BYTE_LENGTH: usize = 1;
const DV_OFFSET: usize = 2;

const DVP: Home = Home::On(Intrinsic::DataViewPrototype);

macro_rules! accessors {
    ($($get:ident, $set:ident => $kind:ident),* $(,)?) => {
        $(
            fn $get(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
                get_view_value(agent, this, arg(args, 0), arg(args, 1), ElementKind::$kind)
            }
            fn $set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
                set_view_value(
                    agent,
                    this,
                    arg(args, 0),
                    arg(args, 2),
                    ElementKind::$kind,
                    arg(args, 1),
                )
            }
        )*
    };
}

accessors! {
    get_int8, set_int8 => Int8,
    get_uint8, set_uint8 => Uint8,
    get_int16, set_int16 => Int16,
    get_uint16, set_uint16 => Uint16,
    get_int32, set_int32 => Int32,
    get_uint32, set_uint32 => Uint32,
    get_float16, set_float16 => Float16,
    get_float32, set_float32 => Float32,
    get_float64, set_float64 => Float64,
    get_bigint64, set_bigint64 => BigInt64,
    get_biguint64, set_biguint64 => BigUint64,
}

/// The family: `DataView` and `DataView.prototype`.
pub static FAMILY: Family = Family {
    name: "DataView",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "DataView",
            1,
            data_view_constructor,
            constructor(
                Some(Intrinsic::DataViewConstructor),
                Some(Intrinsic::DataViewPrototype)
            )
        ),
        native!(DVP, "buffer", get_buffer, getter),
        native!(DVP, "byteLength", get_byte_length, getter),
        native!(DVP, "byteOffset", get_byte_offset, getter),
        native!(DVP, "getBigInt64", 1, get_bigint64),
        native!(DVP, "getBigUint64", 1, get_biguint64),
        native!(DVP, "getFloat16", 1, get_float16),
        native!(DVP, "getFloat32", 1, get_float32),
        native!(DVP, "getFloat64", 1, get_float64),
        native!(DVP, "getInt8", 1, get_int8),
        native!(DVP, "getInt16", 1, get_int16),
        native!(DVP, "getInt32", 1, get_int32),
        native!(DVP, "getUint8", 1, get_uint8),
        native!(DVP, "getUint16", 1, get_uint16),
        native!(DVP, "getUint32", 1, get_uint32),
        native!(DVP, "setBigInt64", 2, set_bigint64),
        native!(DVP, "setBigUint64", 2, set_biguint64),
        native!(DVP, "setFloat16", 2, set_float16),
        native!(DVP, "setFloat32", 2, set_float32),
        native!(DVP, "setFloat64", 2, set_float64),
        native!(DVP, "setInt8", 2, set_int8),
        native!(DVP, "setInt16", 2, set_int16),
        native!(DVP, "setInt32", 2, set_int32),
        native!(DVP, "setUint8", 2, set_uint8),
        native!(DVP, "setUint16", 2, set_uint16),
        native!(DVP, "setUint32", 2, set_uint32),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 32)?;
    agent.roots.vm.intrinsics[Intrinsic::DataViewPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "DataView")
}

fn range_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::RangeError, message)
}

fn view_buffer(view: ObjectRef) -> ObjectRef {
    object::internal_slot(view, DV_BUFFER)
        .and_then(as_object)
        .expect("a DataView has a buffer")
}

fn view_offset(view: ObjectRef) -> usize {
    object::internal_slot(view, DV_OFFSET)
        .and_then(Value::as_number)
        .unwrap_or(0.0) as usize
}

/// GetViewByteLength, or `None` when IsViewOutOfBounds (a detached buffer included).
fn view_byte_length(view: ObjectRef) -> Option<usize> {
    let buffer = view_buffer(view);
    if array_buffer::is_detached(buffer) {
        return None;
    }
    let buffer_length = array_buffer::byte_length(buffer);
    let offset = view_offset(view);
    match object::internal_slot(view, DV_BYTE_LENGTH).and_then(Value::as_number) {
        Some(n) => (offset + n as usize <= buffer_length).then_some(n as usize),
        None => (offset <= buffer_length).then(|| buffer_length - offset),
    }
}

/// 25.3.2.1 DataView ( buffer [ , byteOffset [ , byteLength ] ] )
fn data_view_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(type_error("Constructor DataView requires 'new'"));
    }
    // 2. Perform ? RequireInternalSlot(buffer, [[ArrayBufferData]]).
    let Some(buffer) = array_buffer::as_array_buffer(arg(args, 0)) else {
        return Err(type_error(
            "First argument to DataView constructor must be an ArrayBuffer",
        ));
    };
    // 3. Let offset be ? ToIndex(byteOffset).
    let offset = to_index(agent, arg(args, 1), "DataView offset")?;
    // 4. If IsDetachedBuffer(buffer) is true, throw a TypeError exception.
    if array_buffer::is_detached(buffer) {
        return Err(type_error(
            "Cannot construct a DataView on a detached buffer",
        ));
    }
    // 5-6. If offset > bufferByteLength, throw a RangeError exception.
    let buffer_length = array_buffer::byte_length(buffer) as u64;
    if offset > buffer_length {
        return Err(range_error(
            "Start offset is outside the bounds of the buffer",
        ));
    }
    // 7-9. The view's byte length: auto for a length-tracking view.
    let fixed = array_buffer::is_fixed_length(buffer);
    let byte_length = arg(args, 2);
    let view_length = if byte_length.is_undefined() {
        fixed.then_some(buffer_length - offset)
    } else {
        let n = to_index(agent, byte_length, "DataView length")?;
        if offset.saturating_add(n) > buffer_length {
            return Err(range_error("Invalid DataView length"));
        }
        Some(n)
    };
    // 10. Let O be ? OrdinaryCreateFromConstructor(NewTarget, "%DataView.prototype%", …).
    let proto = prototype_from_constructor(agent, nt, Intrinsic::DataViewPrototype)?;
    // 11-14. The prototype lookup may have run code: check the buffer again.
    if array_buffer::is_detached(buffer) {
        return Err(type_error(
            "Cannot construct a DataView on a detached buffer",
        ));
    }
    let buffer_length = array_buffer::byte_length(buffer) as u64;
    if offset > buffer_length {
        return Err(range_error(
            "Start offset is outside the bounds of the buffer",
        ));
    }
    if !byte_length.is_undefined()
        && offset.saturating_add(view_length.unwrap_or(0)) > buffer_length
    {
        return Err(range_error("Invalid DataView length"));
    }
    let view = new_object_with_class(agent, proto, 0, CLASS_DATA_VIEW, 3)?;
    object::set_internal_slot(agent, view, DV_BUFFER, Value::cell(buffer));
    let length = view_length.map_or(Value::UNDEFINED, |n| Value::number(n as f64));
    object::set_internal_slot(agent, view, DV_BYTE_LENGTH, length);
    object::set_internal_slot(agent, view, DV_OFFSET, Value::number(offset as f64));
    Ok(Value::cell(view))
}

fn this_view(this: Value, what: &str) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_DATA_VIEW)
        .ok_or_else(|| {
            type_error(format!(
                "DataView.prototype.{what} called on incompatible receiver"
            ))
        })
}

fn out_of_bounds() -> Throw {
    type_error("The DataView is detached or out of bounds")
}

/// 25.3.4.1 get DataView.prototype.buffer
fn get_buffer(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let view = this_view(this, "buffer")?;
    Ok(Value::cell(view_buffer(view)))
}

/// 25.3.4.2 get DataView.prototype.byteLength
fn get_byte_length(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let view = this_view(this, "byteLength")?;
    let n = view_byte_length(view).ok_or_else(out_of_bounds)?;
    Ok(Value::number(n as f64))
}

/// 25.3.4.3 get DataView.prototype.byteOffset
fn get_byte_offset(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let view = this_view(this, "byteOffset")?;
    view_byte_length(view).ok_or_else(out_of_bounds)?;
    Ok(Value::number(view_offset(view) as f64))
}

/// The block and byte index of a `size`-byte access at `index`, after the checks of
/// GetViewValue / SetViewValue steps 6-11.
fn place(view: ObjectRef, index: u64, size: usize) -> Result<(ObjectRef, usize), Throw> {
    let view_size = view_byte_length(view).ok_or_else(out_of_bounds)?;
    if index.saturating_add(size as u64) > view_size as u64 {
        return Err(range_error("Offset is outside the bounds of the DataView"));
    }
    let block = array_buffer::data(view_buffer(view)).ok_or_else(out_of_bounds)?;
    Ok((block, index as usize + view_offset(view)))
}

/// 25.3.1.5 GetViewValue ( view, requestIndex, isLittleEndian, type )
fn get_view_value(
    agent: &mut Agent,
    this: Value,
    request_index: Value,
    little_endian: Value,
    kind: ElementKind,
) -> R {
    // 1-2. Perform ? RequireInternalSlot(view, [[DataView]]).
    let view = this_view(this, "get")?;
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = to_index(agent, request_index, "offset")?;
    // 4. Set isLittleEndian to ToBoolean(isLittleEndian).
    let little = ops::to_boolean(little_endian);
    // 5-11. Bounds checks.
    let (block, at) = place(view, index, kind.size())?;
    // 12. Return GetValueFromBuffer(view.[[ViewedArrayBuffer]], getBufferIndex, type, false,
    //     unordered, isLittleEndian).
    let mut bytes = [0u8; 8];
    byte_block::read(block, at, &mut bytes[..kind.size()]);
    super::content_value(agent, kind, kind.content_from_bytes(&bytes, little))
}

/// 25.3.1.6 SetViewValue ( view, requestIndex, isLittleEndian, type, value )
fn set_view_value(
    agent: &mut Agent,
    this: Value,
    request_index: Value,
    little_endian: Value,
    kind: ElementKind,
    value: Value,
) -> R {
    // 1-2. Perform ? RequireInternalSlot(view, [[DataView]]).
    let view = this_view(this, "set")?;
    // 3. Let getIndex be ? ToIndex(requestIndex).
    let index = to_index(agent, request_index, "offset")?;
    // 4-5. Let numberValue be ? ToNumber(value) (? ToBigInt(value) for BigInt types).
    let n = super::to_content(agent, kind, value)?;
    // 6. Set isLittleEndian to ToBoolean(isLittleEndian).
    let little = ops::to_boolean(little_endian);
    // 7-12. Bounds checks (after the conversions, which may have detached the buffer).
    let (block, at) = place(view, index, kind.size())?;
    // 13. Perform SetValueInBuffer(…).
    let bytes = kind.content_bytes(n, little);
    byte_block::write(block, at, &bytes[..kind.size()]);
    Ok(Value::UNDEFINED)
}

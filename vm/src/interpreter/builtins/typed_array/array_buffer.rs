//! 25.1 ArrayBuffer Objects
//! <https://tc39.es/ecma262/2024/#sec-arraybuffer-objects>
//!
//! The `ArrayBuffer` constructor (§25.1.4), its statics (`isView`, `@@species`) and
//! `ArrayBuffer.prototype` (§25.1.6), including resizable buffers (`maxByteLength`,
//! `resize`) and `transfer` / `transferToFixedLength` / `detached` (ES2024).
//!
//! An ArrayBuffer (`CLASS_ARRAY_BUFFER`) has three internal slots:
//! 0. [[ArrayBufferData]]: a byte block cell (`runtime::byte_block`), or `null` once
//!    detached;
//! 1. [[ArrayBufferByteLength]]: the current byte length (a Number);
//! 2. [[ArrayBufferMaxByteLength]]: a Number for a resizable buffer, `undefined` for a
//!    fixed-length one.
//!
//! A resizable buffer's block is allocated for its current length and replaced (copied)
//! when it grows past its capacity; bytes past the length are kept zero, so growing within
//! the capacity only updates the length.

use heap::{HeapError, ObjectRef};

use super::super::{add_to_string_tag, arg, integer_arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_ARRAY_BUFFER, CLASS_DATA_VIEW,
    CLASS_TYPED_ARRAY,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::byte_block::{self, MAX_BLOCK_BYTES};
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::value::Value;

const AB_DATA: usize = 0;
const AB_LENGTH: usize = 1;
const AB_MAX: usize = 2;

const ABP: Home = Home::On(Intrinsic::ArrayBufferPrototype);
const ABC: Home = Home::On(Intrinsic::ArrayBufferConstructor);

/// The family: `ArrayBuffer` and `ArrayBuffer.prototype`.
pub static FAMILY: Family = Family {
    name: "ArrayBuffer",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "ArrayBuffer",
            1,
            array_buffer_constructor,
            constructor(
                Some(Intrinsic::ArrayBufferConstructor),
                Some(Intrinsic::ArrayBufferPrototype)
            )
        ),
        native!(ABC, "isView", 1, is_view),
        native!(ABC, "[Symbol.species]", species, getter),
        native!(ABP, "byteLength", get_byte_length, getter),
        native!(ABP, "detached", get_detached, getter),
        native!(ABP, "maxByteLength", get_max_byte_length, getter),
        native!(ABP, "resizable", get_resizable, getter),
        native!(ABP, "resize", 1, resize),
        native!(ABP, "slice", 2, slice),
        native!(ABP, "transfer", 0, transfer),
        native!(ABP, "transferToFixedLength", 0, transfer_to_fixed_length),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 12)?;
    agent.roots.vm.intrinsics[Intrinsic::ArrayBufferPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "ArrayBuffer")
}

fn range_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::RangeError, message)
}

/// 7.1.22 ToIndex ( value )
pub(crate) fn to_index(agent: &mut Agent, v: Value, what: &str) -> Result<u64, Throw> {
    // 1. Let integer be ? ToIntegerOrInfinity(value).
    let integer = integer_arg(agent, v)?;
    // 2. If integer is not in the inclusive interval from 0 to 2^53 - 1, throw a RangeError.
    if !(0.0..=9_007_199_254_740_991.0).contains(&integer) {
        return Err(range_error(format!("Invalid {what}")));
    }
    Ok(integer as u64)
}

// ----- Abstract operations used by the views -----

/// The ArrayBuffer `v` is, if it is one.
pub fn as_array_buffer(v: Value) -> Option<ObjectRef> {
    as_object(v).filter(|&o| object::class(o) == CLASS_ARRAY_BUFFER)
}

/// 25.1.3.3 IsDetachedBuffer ( arrayBuffer )
pub fn is_detached(buffer: ObjectRef) -> bool {
    data(buffer).is_none()
}

/// The buffer's byte block (`None` when detached).
pub fn data(buffer: ObjectRef) -> Option<ObjectRef> {
    object::internal_slot(buffer, AB_DATA)
        .and_then(Value::as_cell)
        .filter(|&c| byte_block::is_byte_block(c))
}

/// [[ArrayBufferByteLength]] (0 when detached).
pub fn byte_length(buffer: ObjectRef) -> usize {
    object::internal_slot(buffer, AB_LENGTH)
        .and_then(Value::as_number)
        .unwrap_or(0.0) as usize
}

/// [[ArrayBufferMaxByteLength]] (`None` for a fixed-length buffer).
fn max_byte_length(buffer: ObjectRef) -> Option<usize> {
    object::internal_slot(buffer, AB_MAX)
        .and_then(Value::as_number)
        .map(|n| n as usize)
}

/// 25.1.3.9 IsFixedLengthArrayBuffer ( arrayBuffer )
pub fn is_fixed_length(buffer: ObjectRef) -> bool {
    max_byte_length(buffer).is_none()
}

/// CreateByteDataBlock(size): a `RangeError` when the size cannot be allocated.
fn create_block(agent: &mut Agent, size: u64) -> Result<ObjectRef, Throw> {
    if size > MAX_BLOCK_BYTES {
        return Err(range_error("Array buffer allocation failed"));
    }
    byte_block::new_block(agent, size as usize)
        .map_err(|_| range_error("Array buffer allocation failed"))
}

/// 25.1.3.1 AllocateArrayBuffer ( constructor, byteLength [ , maxByteLength ] )
/// (`constructor` rooted by the caller; `undefined` means %ArrayBuffer%).
pub fn allocate_array_buffer(
    agent: &mut Agent,
    constructor: Value,
    byte_length: u64,
    max_byte_length: Option<u64>,
) -> Result<ObjectRef, Throw> {
    // 3. If allocatingResizableBuffer is true and byteLength > maxByteLength, throw a
    //    RangeError exception.
    if let Some(max) = max_byte_length {
        if byte_length > max {
            return Err(range_error(
                "byteLength must not be larger than maxByteLength",
            ));
        }
    }
    // 4. Let obj be ? OrdinaryCreateFromConstructor(constructor, "%ArrayBuffer.prototype%", slots).
    let proto = prototype_from_constructor(agent, constructor, Intrinsic::ArrayBufferPrototype)?;
    agent.scope(|agent| {
        let proto = agent.root(proto);
        // 5. Let block be ? CreateByteDataBlock(byteLength).
        let block = create_block(agent, byte_length)?;
        let block = agent.root(Value::cell(block));
        // (Reserving maxByteLength: blocks grow on resize, so only the limit is checked.)
        if max_byte_length.is_some_and(|m| m > MAX_BLOCK_BYTES) {
            return Err(range_error("Invalid array buffer max length"));
        }
        let p = agent.get(proto);
        let obj = new_object_with_class(agent, p, 0, CLASS_ARRAY_BUFFER, 3)?;
        let b = agent.get(block);
        object::set_internal_slot(agent, obj, AB_DATA, b);
        object::set_internal_slot(agent, obj, AB_LENGTH, Value::number(byte_length as f64));
        if let Some(max) = max_byte_length {
            object::set_internal_slot(agent, obj, AB_MAX, Value::number(max as f64));
        }
        Ok(obj)
    })
}

/// 25.1.3.5 DetachArrayBuffer ( arrayBuffer [ , key ] )
pub fn detach(agent: &mut Agent, buffer: ObjectRef) {
    object::set_internal_slot(agent, buffer, AB_DATA, Value::NULL);
    object::set_internal_slot(agent, buffer, AB_LENGTH, Value::int(0));
}

/// `$262.detachArrayBuffer(buffer)`.
pub fn detach_for_host(agent: &mut Agent, v: Value) -> R {
    let Some(buffer) = as_array_buffer(v) else {
        return Err(type_error("detachArrayBuffer: not an ArrayBuffer"));
    };
    detach(agent, buffer);
    Ok(Value::NULL)
}

fn this_buffer(this: Value, method: &str) -> Result<ObjectRef, Throw> {
    as_array_buffer(this).ok_or_else(|| {
        type_error(format!(
            "ArrayBuffer.prototype.{method} called on incompatible receiver"
        ))
    })
}

// ----- The constructor -----

/// 25.1.4.1 ArrayBuffer ( length [ , options ] )
fn array_buffer_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(type_error("Constructor ArrayBuffer requires 'new'"));
    }
    // 2. Let byteLength be ? ToIndex(length).
    let byte_length = to_index(agent, arg(args, 0), "array buffer length")?;
    // 3. Let requestedMaxByteLength be ? GetArrayBufferMaxByteLengthOption(options).
    let max = match as_object(arg(args, 1)) {
        None => None,
        Some(options) => {
            let key = PropertyKey::Atom(agent.atoms.intern_str("maxByteLength"));
            let m = ops::get_from_object(agent, options, key)?.unwrap_or(Value::UNDEFINED);
            if m.is_undefined() {
                None
            } else {
                Some(to_index(agent, m, "array buffer max length")?)
            }
        }
    };
    // 4. Return ? AllocateArrayBuffer(NewTarget, byteLength, requestedMaxByteLength).
    Ok(Value::cell(allocate_array_buffer(
        agent,
        nt,
        byte_length,
        max,
    )?))
}

/// 25.1.5.1 ArrayBuffer.isView ( arg )
fn is_view(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let view = as_object(arg(args, 0))
        .is_some_and(|o| matches!(object::class(o), CLASS_TYPED_ARRAY | CLASS_DATA_VIEW));
    Ok(Value::bool(view))
}

/// 25.1.5.3 get ArrayBuffer [ @@species ]
fn species(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

// ----- The prototype -----

/// 25.1.6.1 get ArrayBuffer.prototype.byteLength
fn get_byte_length(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_buffer(this, "byteLength")?;
    Ok(Value::number(byte_length(o) as f64))
}

/// get ArrayBuffer.prototype.detached
fn get_detached(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_buffer(this, "detached")?;
    Ok(Value::bool(is_detached(o)))
}

/// 25.1.6.4 get ArrayBuffer.prototype.maxByteLength
fn get_max_byte_length(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_buffer(this, "maxByteLength")?;
    if is_detached(o) {
        return Ok(Value::int(0));
    }
    let n = max_byte_length(o).unwrap_or_else(|| byte_length(o));
    Ok(Value::number(n as f64))
}

/// 25.1.6.5 get ArrayBuffer.prototype.resizable
fn get_resizable(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = this_buffer(this, "resizable")?;
    Ok(Value::bool(!is_fixed_length(o)))
}

/// 25.1.6.6 ArrayBuffer.prototype.resize ( newLength )
fn resize(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1-3. RequireInternalSlot(O, [[ArrayBufferMaxByteLength]]); not shared.
    let o = this_buffer(this, "resize")?;
    let Some(max) = max_byte_length(o) else {
        return Err(type_error(
            "ArrayBuffer.prototype.resize called on a fixed-length buffer",
        ));
    };
    // 4. Let newByteLength be ? ToIndex(newLength).
    let new_length = to_index(agent, arg(args, 0), "length")?;
    // 5. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    let Some(block) = data(o) else {
        return Err(type_error("Cannot resize a detached ArrayBuffer"));
    };
    // 6. If newByteLength > O.[[ArrayBufferMaxByteLength]], throw a RangeError exception.
    if new_length > max as u64 {
        return Err(range_error("new length exceeds maxByteLength"));
    }
    let new_length = new_length as usize;
    let old_length = byte_length(o);
    // 7. HostResizeArrayBuffer: grow the block when needed; new bytes are zero.
    if new_length > byte_block::capacity(block) {
        let capacity = new_length
            .max(byte_block::capacity(block).saturating_mul(2))
            .min(max);
        let new_block = agent.scope(|agent| {
            agent.root(Value::cell(block));
            create_block(agent, capacity as u64)
        })?;
        byte_block::copy(block, 0, new_block, 0, old_length);
        object::set_internal_slot(agent, o, AB_DATA, Value::cell(new_block));
    } else if new_length < old_length {
        byte_block::zero(block, new_length, old_length - new_length);
    }
    object::set_internal_slot(agent, o, AB_LENGTH, Value::number(new_length as f64));
    Ok(Value::UNDEFINED)
}

/// Clamps a relative index (`ToIntegerOrInfinity` result) into `0..=len`.
pub(crate) fn relative_index(relative: f64, len: usize) -> usize {
    let len_f = len as f64;
    if relative < 0.0 {
        (len_f + relative).max(0.0) as usize
    } else {
        relative.min(len_f) as usize
    }
}

/// 25.1.6.7 ArrayBuffer.prototype.slice ( start, end )
fn slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 2-3. RequireInternalSlot(O, [[ArrayBufferData]]); not shared.
    let o = this_buffer(this, "slice")?;
    // 4. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    if is_detached(o) {
        return Err(type_error("Cannot slice a detached ArrayBuffer"));
    }
    // 5. Let len be O.[[ArrayBufferByteLength]].
    let len = byte_length(o);
    // 6-8. Let first be the clamped relative start.
    let first = relative_index(integer_arg(agent, arg(args, 0))?, len);
    // 9-11. Let final be the clamped relative end.
    let end = arg(args, 1);
    let fin = if end.is_undefined() {
        len
    } else {
        relative_index(integer_arg(agent, end)?, len)
    };
    // 12. Let newLen be max(final - first, 0).
    let new_len = fin.saturating_sub(first);
    // 13. Let ctor be ? SpeciesConstructor(O, %ArrayBuffer%).
    let ctor =
        super::super::regexp::species_constructor(agent, this, Intrinsic::ArrayBufferConstructor)?;
    // 14. Let new be ? Construct(ctor, « 𝔽(newLen) »).
    let new = agent.scope(|agent| {
        agent.root(ctor);
        crate::interpreter::construct(agent, ctor, &[Value::number(new_len as f64)], ctor)
    })?;
    // 15-17. RequireInternalSlot(new, [[ArrayBufferData]]); not shared; not detached.
    let Some(new_buffer) = as_array_buffer(new) else {
        return Err(type_error(
            "ArrayBuffer species constructor did not return an ArrayBuffer",
        ));
    };
    if is_detached(new_buffer) {
        return Err(type_error(
            "ArrayBuffer species constructor returned a detached buffer",
        ));
    }
    // 18. If SameValue(new, O) is true, throw a TypeError exception.
    if new_buffer == o {
        return Err(type_error(
            "ArrayBuffer species constructor returned the same buffer",
        ));
    }
    // 19. If new.[[ArrayBufferByteLength]] < newLen, throw a TypeError exception.
    if byte_length(new_buffer) < new_len {
        return Err(type_error(
            "ArrayBuffer species constructor returned a too small buffer",
        ));
    }
    // 21. If IsDetachedBuffer(O) is true, throw a TypeError exception.
    let Some(from) = data(o) else {
        return Err(type_error("ArrayBuffer was detached"));
    };
    let to = data(new_buffer).expect("not detached");
    // 24. Let currentLen be O.[[ArrayBufferByteLength]].
    let current_len = byte_length(o);
    // 25. If first < currentLen, copy min(newLen, currentLen - first) bytes.
    if first < current_len {
        let count = new_len.min(current_len - first);
        byte_block::copy(from, first, to, 0, count);
    }
    Ok(new)
}

/// 25.1.3.? ArrayBufferCopyAndDetach ( arrayBuffer, newLength, preserveResizability )
fn copy_and_detach(agent: &mut Agent, this: Value, new_length: Value, preserve: bool) -> R {
    // 1-2. RequireInternalSlot(arrayBuffer, [[ArrayBufferData]]); not shared.
    let method = if preserve {
        "transfer"
    } else {
        "transferToFixedLength"
    };
    let o = this_buffer(this, method)?;
    // 3-4. Let newByteLength be the current length or ? ToIndex(newLength).
    let new_byte_length = if new_length.is_undefined() {
        byte_length(o) as u64
    } else {
        to_index(agent, new_length, "length")?
    };
    // 5. If IsDetachedBuffer(arrayBuffer) is true, throw a TypeError exception.
    let Some(block) = data(o) else {
        return Err(type_error("Cannot transfer a detached ArrayBuffer"));
    };
    // 6-7. Keep the maximum only when preserving a resizable buffer's resizability.
    let new_max = if preserve {
        max_byte_length(o).map(|m| m as u64)
    } else {
        None
    };
    if let Some(max) = new_max {
        if new_byte_length > max {
            return Err(range_error(
                "new length must not be larger than maxByteLength",
            ));
        }
    }
    let old_length = byte_length(o);
    // 9-12. The new buffer takes the block over when it fits (no copy); otherwise a new
    //       block is allocated and the bytes copied.
    let new_buffer = if new_byte_length as usize <= byte_block::capacity(block) {
        let n = new_byte_length as usize;
        if n < old_length {
            byte_block::zero(block, n, old_length - n);
        }
        let buffer = agent.scope(|agent| {
            agent.root(Value::cell(block));
            allocate_array_buffer(agent, Value::UNDEFINED, 0, new_max)
        })?;
        object::set_internal_slot(agent, buffer, AB_DATA, Value::cell(block));
        object::set_internal_slot(agent, buffer, AB_LENGTH, Value::number(n as f64));
        buffer
    } else {
        let buffer = allocate_array_buffer(agent, Value::UNDEFINED, new_byte_length, new_max)?;
        let to = data(buffer).expect("a new buffer");
        byte_block::copy(block, 0, to, 0, old_length.min(new_byte_length as usize));
        buffer
    };
    // 13. Perform ! DetachArrayBuffer(arrayBuffer).
    detach(agent, o);
    Ok(Value::cell(new_buffer))
}

/// ArrayBuffer.prototype.transfer ( [ newLength ] )
fn transfer(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    copy_and_detach(agent, this, arg(args, 0), true)
}

/// ArrayBuffer.prototype.transferToFixedLength ( [ newLength ] )
fn transfer_to_fixed_length(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    copy_and_detach(agent, this, arg(args, 0), false)
}

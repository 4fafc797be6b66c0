//! 23.2 TypedArray Objects
//! <https://tc39.es/ecma262/2024/#sec-typedarray-objects>
//!
//! %TypedArray% (§23.2.1) with `from`, `of` and `@@species` (§23.2.2), %TypedArray.prototype%
//! (§23.2.3), the 12 concrete constructors `Int8Array` … `BigUint64Array` and `Float16Array`
//! (§23.2.5–23.2.7) with their prototypes, and the creation operations (§23.2.4,
//! §23.2.5.1.x). Element reads and writes go straight to the buffer through the parent
//! module (`Get(O, k)` on a typed array is TypedArrayGetElement).
//! BigInt64Array and BigUint64Array store 64-bit two's complement bits and convert with
//! ToBigInt64 / ToBigUint64 (runtime::bigint).

use heap::{HeapError, ObjectRef};

use super::super::{arg, integer_arg, native, type_error, Family, Home, R};
use super::array_buffer::{self, allocate_array_buffer, relative_index, to_index};
use super::element::ElementKind;
use super::{
    as_typed_array, buffer, byte_offset, content_value, element_text, fixed_length, get_value,
    kind, length, read_content, set_element, to_content, validate, write_content, Content,
    TA_BUFFER, TA_BYTE_LENGTH, TA_KIND, TA_LENGTH, TA_OFFSET, TA_SLOTS,
};
use crate::interpreter::builtins::array::{
    create_array_iterator, length_of_array_like, KIND_ENTRIES, KIND_KEYS, KIND_VALUES,
};
use crate::interpreter::ops::{self, as_object, is_callable};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_TYPED_ARRAY,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::byte_block;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const TA: Home = Home::On(Intrinsic::TypedArrayConstructor);
const TAP: Home = Home::On(Intrinsic::TypedArrayPrototype);

macro_rules! concrete {
    ($($f:ident => $kind:ident),* $(,)?) => {
        $(
            fn $f(agent: &mut Agent, this: Value, args: &[Value], nt: Value) -> R {
                construct_typed_array(agent, this, args, nt, ElementKind::$kind)
            }
        )*
    };
}

concrete! {
    int8 => Int8, uint8 => Uint8, uint8_clamped => Uint8Clamped, int16 => Int16,
    uint16 => Uint16, int32 => Int32, uint32 => Uint32, float16 => Float16,
    float32 => Float32, float64 => Float64, bigint64 => BigInt64, biguint64 => BigUint64,
}

macro_rules! ctor {
    ($name:literal, $f:ident, $c:ident, $p:ident) => {
        native!(
            Home::Global,
            $name,
            3,
            $f,
            constructor(Some(Intrinsic::$c), Some(Intrinsic::$p))
        )
    };
}

/// The family: %TypedArray%, %TypedArray.prototype% and the concrete constructors.
pub static FAMILY: Family = Family {
    name: "TypedArray",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Hidden,
            "TypedArray",
            0,
            typed_array_constructor,
            constructor(
                Some(Intrinsic::TypedArrayConstructor),
                Some(Intrinsic::TypedArrayPrototype)
            )
        ),
        native!(TA, "from", 1, from),
        native!(TA, "of", 0, of),
        native!(TA, "[Symbol.species]", species, getter),
        native!(TAP, "buffer", get_buffer, getter),
        native!(TAP, "byteLength", get_byte_length, getter),
        native!(TAP, "byteOffset", get_byte_offset, getter),
        native!(TAP, "length", get_length, getter),
        native!(TAP, "[Symbol.toStringTag]", get_to_string_tag, getter),
        native!(TAP, "at", 1, at),
        native!(TAP, "copyWithin", 2, copy_within),
        native!(TAP, "entries", 0, entries),
        native!(TAP, "every", 1, every),
        native!(TAP, "fill", 1, fill),
        native!(TAP, "filter", 1, filter),
        native!(TAP, "find", 1, find),
        native!(TAP, "findIndex", 1, find_index),
        native!(TAP, "findLast", 1, find_last),
        native!(TAP, "findLastIndex", 1, find_last_index),
        native!(TAP, "forEach", 1, for_each),
        native!(TAP, "includes", 1, includes),
        native!(TAP, "indexOf", 1, index_of),
        native!(TAP, "join", 1, join),
        native!(TAP, "keys", 0, keys),
        native!(TAP, "lastIndexOf", 1, last_index_of),
        native!(TAP, "map", 1, map),
        native!(TAP, "reduce", 1, reduce),
        native!(TAP, "reduceRight", 1, reduce_right),
        native!(TAP, "reverse", 0, reverse),
        native!(TAP, "set", 1, set),
        native!(TAP, "slice", 2, slice),
        native!(TAP, "some", 1, some),
        native!(TAP, "sort", 1, sort),
        native!(TAP, "subarray", 2, subarray),
        native!(TAP, "toLocaleString", 0, to_locale_string),
        native!(TAP, "toReversed", 0, to_reversed),
        native!(TAP, "toSorted", 1, to_sorted),
        native!(TAP, "values", 0, values),
        native!(TAP, "with", 2, with),
        ctor!("Int8Array", int8, Int8ArrayConstructor, Int8ArrayPrototype),
        ctor!(
            "Uint8Array",
            uint8,
            Uint8ArrayConstructor,
            Uint8ArrayPrototype
        ),
        ctor!(
            "Uint8ClampedArray",
            uint8_clamped,
            Uint8ClampedArrayConstructor,
            Uint8ClampedArrayPrototype
        ),
        ctor!(
            "Int16Array",
            int16,
            Int16ArrayConstructor,
            Int16ArrayPrototype
        ),
        ctor!(
            "Uint16Array",
            uint16,
            Uint16ArrayConstructor,
            Uint16ArrayPrototype
        ),
        ctor!(
            "Int32Array",
            int32,
            Int32ArrayConstructor,
            Int32ArrayPrototype
        ),
        ctor!(
            "Uint32Array",
            uint32,
            Uint32ArrayConstructor,
            Uint32ArrayPrototype
        ),
        ctor!(
            "Float16Array",
            float16,
            Float16ArrayConstructor,
            Float16ArrayPrototype
        ),
        ctor!(
            "Float32Array",
            float32,
            Float32ArrayConstructor,
            Float32ArrayPrototype
        ),
        ctor!(
            "Float64Array",
            float64,
            Float64ArrayConstructor,
            Float64ArrayPrototype
        ),
        ctor!(
            "BigInt64Array",
            bigint64,
            BigInt64ArrayConstructor,
            BigInt64ArrayPrototype
        ),
        ctor!(
            "BigUint64Array",
            biguint64,
            BigUint64ArrayConstructor,
            BigUint64ArrayPrototype
        ),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 48)?;
    agent.roots.vm.intrinsics[Intrinsic::TypedArrayPrototype as usize] = Value::cell(proto);
    for kind in ElementKind::ALL {
        let tap = intrinsic(agent, Intrinsic::TypedArrayPrototype);
        let p = new_object(agent, tap, 4)?;
        agent.roots.vm.intrinsics[kind.prototype() as usize] = Value::cell(p);
    }
    Ok(())
}

fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    // 23.2.3.37 %TypedArray%.prototype [ @@iterator ] is %TypedArray.prototype.values%.
    let sym = super::super::symbol_key(agent, Intrinsic::SymbolIterator);
    super::super::alias(agent, Intrinsic::TypedArrayPrototype, "values", sym)?;
    // 23.2.3.35 %TypedArray%.prototype.toString is %Array.prototype.toString%.
    let ap = intrinsic(agent, Intrinsic::ArrayPrototype)
        .as_cell()
        .expect("Array.prototype");
    let key = PropertyKey::Atom(agent.atoms.intern_str("toString"));
    let f = ops::lookup_data(agent, ap, key).unwrap_or(Value::UNDEFINED);
    let tap = intrinsic(agent, Intrinsic::TypedArrayPrototype)
        .as_cell()
        .expect("a prototype");
    object::add_property(agent, tap, key, Attributes::BUILTIN, f)?;
    // Each constructor's [[Prototype]] is %TypedArray%; BYTES_PER_ELEMENT on both.
    let bpe = PropertyKey::Atom(agent.atoms.intern_str("BYTES_PER_ELEMENT"));
    for kind in ElementKind::ALL {
        let ta = intrinsic(agent, Intrinsic::TypedArrayConstructor);
        let c = intrinsic(agent, kind.constructor())
            .as_cell()
            .expect("a constructor");
        object::set_proto(agent, c, ta);
        let size = Value::int(kind.size() as i32);
        object::add_property(agent, c, bpe, Attributes::empty(), size)?;
        let p = intrinsic(agent, kind.prototype())
            .as_cell()
            .expect("a prototype");
        object::add_property(agent, p, bpe, Attributes::empty(), size)?;
    }
    Ok(())
}

fn range_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::RangeError, message)
}

fn callback_arg(args: &[Value], method: &str) -> Result<Value, Throw> {
    let f = arg(args, 0);
    if is_callable(f) {
        Ok(f)
    } else {
        Err(type_error(format!(
            "%TypedArray%.prototype.{method}: callback is not a function"
        )))
    }
}

// ----- Creation (§23.2.4, §23.2.5.1) -----

/// AllocateTypedArray ( constructorName, newTarget, defaultProto [ , length ] ) without the
/// buffer: a typed array object of `kind` over no buffer yet (`new_target` rooted).
fn allocate_typed_array(
    agent: &mut Agent,
    kind: ElementKind,
    new_target: Value,
) -> Result<ObjectRef, Throw> {
    // 1. Let proto be ? GetPrototypeFromConstructor(newTarget, defaultProto).
    let proto = prototype_from_constructor(agent, new_target, kind.prototype())?;
    let obj = new_object_with_class(agent, proto, 0, CLASS_TYPED_ARRAY, TA_SLOTS)?;
    object::set_internal_slot(agent, obj, TA_KIND, Value::int(kind as i32));
    object::set_internal_slot(agent, obj, TA_OFFSET, Value::int(0));
    Ok(obj)
}

/// AllocateTypedArray with a length: a new typed array of `kind` and length `len` over a new
/// buffer, its prototype taken from `constructor` (rooted by the caller).
pub(super) fn create_with_length(
    agent: &mut Agent,
    constructor: Value,
    kind: ElementKind,
    len: u64,
) -> Result<ObjectRef, Throw> {
    agent.scope(|agent| {
        let ta = allocate_typed_array(agent, kind, constructor)?;
        agent.root(Value::cell(ta));
        allocate_buffer(agent, ta, len)?;
        Ok(ta)
    })
}

/// Points `ta` at `buffer` with a fixed length.
fn attach(agent: &mut Agent, ta: ObjectRef, buffer: ObjectRef, offset: usize, len: Option<usize>) {
    let size = kind(ta).size();
    object::set_internal_slot(agent, ta, TA_BUFFER, Value::cell(buffer));
    object::set_internal_slot(agent, ta, TA_OFFSET, Value::number(offset as f64));
    let (bytes, n) = match len {
        Some(n) => (Value::number((n * size) as f64), Value::number(n as f64)),
        None => (Value::UNDEFINED, Value::UNDEFINED),
    };
    object::set_internal_slot(agent, ta, TA_BYTE_LENGTH, bytes);
    object::set_internal_slot(agent, ta, TA_LENGTH, n);
}

/// AllocateTypedArrayBuffer ( O, length ) (`ta` rooted).
fn allocate_buffer(agent: &mut Agent, ta: ObjectRef, len: u64) -> Result<(), Throw> {
    let size = kind(ta).size() as u64;
    let bytes = len
        .checked_mul(size)
        .ok_or_else(|| range_error("Invalid typed array length"))?;
    let buffer = allocate_array_buffer(agent, Value::UNDEFINED, bytes, None)?;
    attach(agent, ta, buffer, 0, Some(len as usize));
    Ok(())
}

/// 23.2.5.1 TypedArray ( ...args )
fn construct_typed_array(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    nt: Value,
    kind: ElementKind,
) -> R {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(type_error(format!(
            "Constructor {} requires 'new'",
            kind.name()
        )));
    }
    let first = arg(args, 0);
    agent.scope(|agent| {
        // 6. If firstArgument is not an Object:
        let Some(first_obj) = as_object(first) else {
            // b. Let elementLength be ? ToIndex(firstArgument).
            let len = to_index(agent, first, "typed array length")?;
            // c. Return ? AllocateTypedArray(constructorName, NewTarget, proto, elementLength).
            return Ok(Value::cell(create_with_length(agent, nt, kind, len)?));
        };
        // 5.a. Let O be ? AllocateTypedArray(constructorName, NewTarget, proto).
        let ta = allocate_typed_array(agent, kind, nt)?;
        agent.root(Value::cell(ta));
        if let Some(src) = as_typed_array(first) {
            init_from_typed_array(agent, ta, src)?;
        } else if let Some(buf) = array_buffer::as_array_buffer(first) {
            init_from_array_buffer(agent, ta, buf, arg(args, 1), arg(args, 2))?;
        } else {
            // d.i. Let usingIterator be ? GetMethod(firstArgument, @@iterator).
            let sym = super::super::symbol_key(agent, Intrinsic::SymbolIterator);
            let using_iterator = ops::get_method(agent, first, sym)?;
            if !using_iterator.is_undefined() {
                agent.root(using_iterator);
                // 1. Let values be ? IteratorToList(? GetIteratorFromMethod(firstArgument, usingIterator)).
                let values = iterator_to_list(agent, first, using_iterator)?;
                // 2. Perform ? InitializeTypedArrayFromList(O, values).
                allocate_buffer(agent, ta, values.len() as u64)?;
                for (k, &v) in values.iter().enumerate() {
                    set_element(agent, ta, k as f64, v)?;
                }
            } else {
                // InitializeTypedArrayFromArrayLike(O, firstArgument).
                let len = length_of_array_like(agent, first_obj)?;
                allocate_buffer(agent, ta, len)?;
                for k in 0..len {
                    let v = get_index_value(agent, first_obj, k)?;
                    set_element(agent, ta, k as f64, v)?;
                }
            }
        }
        Ok(Value::cell(ta))
    })
}

/// `Get(O, k)` on any object.
fn get_index_value(agent: &mut Agent, o: ObjectRef, k: u64) -> R {
    let key = index_key(agent, k);
    Ok(ops::get_from_object(agent, o, key)?.unwrap_or(Value::UNDEFINED))
}

fn index_key(agent: &mut Agent, k: u64) -> PropertyKey {
    if k < u64::from(u32::MAX) {
        PropertyKey::Index(k as u32)
    } else {
        let units: Vec<u16> = k.to_string().encode_utf16().collect();
        agent.atoms.key(&units)
    }
}

/// IteratorToList(GetIteratorFromMethod(obj, method)): the values, rooted in the caller's
/// scope.
fn iterator_to_list(agent: &mut Agent, obj: Value, method: Value) -> Result<Vec<Value>, Throw> {
    let iterator = call(agent, method, obj, &[])?;
    if as_object(iterator).is_none() {
        return Err(type_error(
            "Result of the Symbol.iterator method is not an object",
        ));
    }
    agent.root(iterator);
    let next = ops::get_property(agent, iterator, PropertyKey::Atom(names::NEXT))?;
    agent.root(next);
    let mut values = Vec::new();
    while let Some(v) = ops::iterator_step_value(agent, iterator, next)? {
        agent.root(v);
        values.push(v);
    }
    Ok(values)
}

/// 23.2.5.1.2 InitializeTypedArrayFromTypedArray ( O, srcArray ) (`ta` rooted).
fn init_from_typed_array(agent: &mut Agent, ta: ObjectRef, src: ObjectRef) -> Result<(), Throw> {
    let kind = kind(ta);
    let src_kind = super::kind(src);
    // 5-6. If IsTypedArrayOutOfBounds(srcRecord) is true, throw a TypeError exception.
    let Some(len) = length(src) else {
        return Err(type_error(
            "Cannot construct from a detached or out-of-bounds typed array",
        ));
    };
    // 14.b. If srcArray.[[ContentType]] is not O.[[ContentType]], throw a TypeError exception.
    if kind.is_bigint() != src_kind.is_bigint() {
        return Err(type_error("Cannot mix BigInt and other types"));
    }
    allocate_buffer(agent, ta, len as u64)?;
    if kind == src_kind {
        // 13. CloneArrayBuffer: the bytes as they are.
        let from = array_buffer::data(buffer(src)).expect("in bounds");
        let to = array_buffer::data(buffer(ta)).expect("a new buffer");
        byte_block::copy(from, byte_offset(src), to, 0, len * kind.size());
    } else {
        for k in 0..len {
            if let Some(c) = read_content(src, k as f64) {
                write_content(ta, k as f64, c);
            }
        }
    }
    Ok(())
}

/// 23.2.5.1.3 InitializeTypedArrayFromArrayBuffer ( O, buffer, byteOffset, length )
fn init_from_array_buffer(
    agent: &mut Agent,
    ta: ObjectRef,
    buf: ObjectRef,
    byte_offset: Value,
    length: Value,
) -> Result<(), Throw> {
    // 1. Let elementSize be TypedArrayElementSize(O).
    let size = kind(ta).size() as u64;
    // 2. Let offset be ? ToIndex(byteOffset).
    let offset = to_index(agent, byte_offset, "typed array offset")?;
    // 3. If offset modulo elementSize ≠ 0, throw a RangeError exception.
    if offset % size != 0 {
        return Err(range_error(format!(
            "start offset of {} should be a multiple of {size}",
            super::kind(ta).name()
        )));
    }
    // 4. Let bufferIsFixedLength be IsFixedLengthArrayBuffer(buffer).
    let fixed = array_buffer::is_fixed_length(buf);
    // 5. If length is not undefined, let newLength be ? ToIndex(length).
    let new_length = if length.is_undefined() {
        None
    } else {
        Some(to_index(agent, length, "typed array length")?)
    };
    // 6. If IsDetachedBuffer(buffer) is true, throw a TypeError exception.
    if array_buffer::is_detached(buf) {
        return Err(type_error(
            "Cannot construct a typed array on a detached buffer",
        ));
    }
    // 7. Let bufferByteLength be ArrayBufferByteLength(buffer, seq-cst).
    let buffer_length = array_buffer::byte_length(buf) as u64;
    match new_length {
        // 8. If length is undefined and bufferIsFixedLength is false: a length-tracking view.
        None if !fixed => {
            if offset > buffer_length {
                return Err(range_error(
                    "Start offset is outside the bounds of the buffer",
                ));
            }
            attach(agent, ta, buf, offset as usize, None);
        }
        None => {
            // 9.a.i. If bufferByteLength modulo elementSize ≠ 0, throw a RangeError exception.
            if buffer_length % size != 0 {
                return Err(range_error(format!(
                    "byte length of {} should be a multiple of {size}",
                    super::kind(ta).name()
                )));
            }
            // ii-iii. Let newByteLength be bufferByteLength - offset (not negative).
            if offset > buffer_length {
                return Err(range_error(
                    "Start offset is outside the bounds of the buffer",
                ));
            }
            let n = (buffer_length - offset) / size;
            attach(agent, ta, buf, offset as usize, Some(n as usize));
        }
        Some(n) => {
            // 9.b. If offset + newByteLength > bufferByteLength, throw a RangeError exception.
            let bytes = n.saturating_mul(size);
            if offset.saturating_add(bytes) > buffer_length {
                return Err(range_error("Invalid typed array length"));
            }
            attach(agent, ta, buf, offset as usize, Some(n as usize));
        }
    }
    Ok(())
}

/// 23.2.4.2 TypedArrayCreateFromConstructor ( constructor, argumentList ): the new typed
/// array, validated; a single Number argument is a minimum length.
fn create_from_constructor(
    agent: &mut Agent,
    ctor: Value,
    args: &[Value],
) -> Result<ObjectRef, Throw> {
    // 1. Let newTypedArray be ? Construct(constructor, argumentList).
    let new = agent.scope(|agent| {
        agent.root(ctor);
        for &a in args {
            agent.root(a);
        }
        crate::interpreter::construct(agent, ctor, args, ctor)
    })?;
    // 2-3. Let taRecord be ? ValidateTypedArray(newTypedArray, seq-cst).
    let Some(ta) = as_typed_array(new) else {
        return Err(type_error("The constructor did not return a typed array"));
    };
    let Some(len) = length(ta) else {
        return Err(type_error(
            "The constructor returned a detached or out-of-bounds typed array",
        ));
    };
    // 4. If argumentList is a List of a single Number, check the length.
    if let [n] = args {
        if let Some(n) = n.as_number() {
            if (len as f64) < n {
                return Err(type_error("The constructed typed array is too short"));
            }
        }
    }
    Ok(ta)
}

/// 23.2.4.1 TypedArraySpeciesCreate ( exemplar, argumentList ) (`exemplar` rooted).
fn species_create(
    agent: &mut Agent,
    exemplar: ObjectRef,
    args: &[Value],
) -> Result<ObjectRef, Throw> {
    let k = kind(exemplar);
    // 1-2. Let constructor be ? SpeciesConstructor(exemplar, defaultConstructor).
    let ctor =
        super::super::regexp::species_constructor(agent, Value::cell(exemplar), k.constructor())?;
    // 3. Let result be ? TypedArrayCreateFromConstructor(constructor, argumentList).
    let result = create_from_constructor(agent, ctor, args)?;
    // 5. If result.[[ContentType]] is not exemplar.[[ContentType]], throw a TypeError exception.
    if kind(result).is_bigint() != k.is_bigint() {
        return Err(type_error("Cannot mix BigInt and other types"));
    }
    Ok(result)
}

/// 23.2.4.3 TypedArrayCreateSameType ( exemplar, length )
fn create_same_type(
    agent: &mut Agent,
    exemplar: ObjectRef,
    len: usize,
) -> Result<ObjectRef, Throw> {
    let ctor = intrinsic(agent, kind(exemplar).constructor());
    create_from_constructor(agent, ctor, &[Value::number(len as f64)])
}

// ----- %TypedArray% -----

/// 23.2.1.1 %TypedArray% ( ): always throws.
fn typed_array_constructor(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Err(type_error(
        "Abstract class TypedArray not directly constructable",
    ))
}

/// 23.2.2.1 %TypedArray%.from ( source [ , mapfn [ , thisArg ] ] )
fn from(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1-2. Let C be the this value; if IsConstructor(C) is false, throw a TypeError exception.
    if !ops::is_constructor(agent, this) {
        return Err(type_error("%TypedArray%.from: this is not a constructor"));
    }
    let (source, mapfn, this_arg) = (arg(args, 0), arg(args, 1), arg(args, 2));
    // 3-4. If mapfn is not undefined and not callable, throw a TypeError exception.
    let mapping = !mapfn.is_undefined();
    if mapping && !is_callable(mapfn) {
        return Err(type_error("%TypedArray%.from: mapfn is not a function"));
    }
    agent.scope(|agent| {
        // 5. Let usingIterator be ? GetMethod(source, @@iterator).
        let sym = super::super::symbol_key(agent, Intrinsic::SymbolIterator);
        let using_iterator = ops::get_method(agent, source, sym)?;
        let map_value = |agent: &mut Agent, v: Value, k: usize| -> R {
            if mapping {
                call(agent, mapfn, this_arg, &[v, Value::number(k as f64)])
            } else {
                Ok(v)
            }
        };
        if !using_iterator.is_undefined() {
            agent.root(using_iterator);
            // 6.a. Let values be ? IteratorToList(? GetIteratorFromMethod(source, usingIterator)).
            let values = iterator_to_list(agent, source, using_iterator)?;
            // c. Let targetObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
            let target =
                create_from_constructor(agent, this, &[Value::number(values.len() as f64)])?;
            agent.root(Value::cell(target));
            for (k, &v) in values.iter().enumerate() {
                let mapped = map_value(agent, v, k)?;
                set_element(agent, target, k as f64, mapped)?;
            }
            return Ok(Value::cell(target));
        }
        // 8. Let arrayLike be ! ToObject(source).
        let array_like = ops::to_object(agent, source)?;
        agent.root(Value::cell(array_like));
        // 9. Let len be ? LengthOfArrayLike(arrayLike).
        let len = length_of_array_like(agent, array_like)?;
        // 10. Let targetObj be ? TypedArrayCreateFromConstructor(C, « 𝔽(len) »).
        let target = create_from_constructor(agent, this, &[Value::number(len as f64)])?;
        agent.root(Value::cell(target));
        for k in 0..len {
            let v = get_index_value(agent, array_like, k)?;
            let mapped = agent.scope(|agent| {
                agent.root(v);
                map_value(agent, v, k as usize)
            })?;
            set_element(agent, target, k as f64, mapped)?;
        }
        Ok(Value::cell(target))
    })
}

/// 23.2.2.2 %TypedArray%.of ( ...items )
fn of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if !ops::is_constructor(agent, this) {
        return Err(type_error("%TypedArray%.of: this is not a constructor"));
    }
    let target = create_from_constructor(agent, this, &[Value::number(args.len() as f64)])?;
    agent.scope(|agent| {
        agent.root(Value::cell(target));
        for (k, &v) in args.iter().enumerate() {
            set_element(agent, target, k as f64, v)?;
        }
        Ok(Value::cell(target))
    })
}

/// 23.2.2.4 get %TypedArray% [ @@species ]
fn species(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

// ----- %TypedArray.prototype% accessors -----

fn require_typed_array(this: Value, what: &str) -> Result<ObjectRef, Throw> {
    as_typed_array(this).ok_or_else(|| {
        type_error(format!(
            "%TypedArray%.prototype.{what} called on incompatible receiver"
        ))
    })
}

/// 23.2.3.2 get %TypedArray%.prototype.buffer
fn get_buffer(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let ta = require_typed_array(this, "buffer")?;
    Ok(Value::cell(buffer(ta)))
}

/// 23.2.3.3 get %TypedArray%.prototype.byteLength
fn get_byte_length(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let ta = require_typed_array(this, "byteLength")?;
    Ok(Value::number(super::byte_length(ta) as f64))
}

/// 23.2.3.4 get %TypedArray%.prototype.byteOffset
fn get_byte_offset(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let ta = require_typed_array(this, "byteOffset")?;
    if length(ta).is_none() {
        return Ok(Value::int(0));
    }
    Ok(Value::number(byte_offset(ta) as f64))
}

/// 23.2.3.21 get %TypedArray%.prototype.length
fn get_length(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let ta = require_typed_array(this, "length")?;
    Ok(Value::number(length(ta).unwrap_or(0) as f64))
}

/// 23.2.3.38 get %TypedArray%.prototype [ @@toStringTag ]
fn get_to_string_tag(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    match as_typed_array(this) {
        Some(ta) => ops::new_string(agent, kind(ta).name()),
        None => Ok(Value::UNDEFINED),
    }
}

// ----- %TypedArray.prototype% methods -----

/// 23.2.3.1 %TypedArray%.prototype.at ( index )
fn at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "at")?;
    let relative = integer_arg(agent, arg(args, 0))?;
    let k = if relative >= 0.0 {
        relative
    } else {
        len as f64 + relative
    };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get_value(agent, ta, k)
}

/// Clamps `v` (ToIntegerOrInfinity) relative to `len`; `undefined` gives `default`.
fn relative_arg(agent: &mut Agent, v: Value, len: usize, default: usize) -> Result<usize, Throw> {
    if v.is_undefined() {
        return Ok(default);
    }
    Ok(relative_index(integer_arg(agent, v)?, len))
}

/// 23.2.3.6 %TypedArray%.prototype.copyWithin ( target, start [ , end ] )
fn copy_within(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "copyWithin")?;
    let to = relative_index(integer_arg(agent, arg(args, 0))?, len);
    let from = relative_index(integer_arg(agent, arg(args, 1))?, len);
    let fin = relative_arg(agent, arg(args, 2), len, len)?;
    // 12. Let count be min(final - from, len - to).
    let count = fin.saturating_sub(from).min(len - to);
    if count > 0 {
        // 17.c-e. Revalidate: the arguments' conversions may have shrunk the buffer.
        let Some(len) = length(ta) else {
            return Err(type_error(
                "%TypedArray%.prototype.copyWithin: the typed array is detached or out of bounds",
            ));
        };
        let size = kind(ta).size();
        let offset = byte_offset(ta);
        let limit = len * size + offset;
        let to_byte = to * size + offset;
        let from_byte = from * size + offset;
        let n = (count * size)
            .min(limit.saturating_sub(from_byte))
            .min(limit.saturating_sub(to_byte));
        if n > 0 {
            let block = array_buffer::data(buffer(ta)).expect("in bounds");
            byte_block::copy(block, from_byte, block, to_byte, n);
        }
    }
    Ok(this)
}

/// 23.2.3.7 %TypedArray%.prototype.entries ( )
fn entries(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    validate(this, "entries")?;
    create_array_iterator(agent, this, KIND_ENTRIES)
}

/// 23.2.3.19 %TypedArray%.prototype.keys ( )
fn keys(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    validate(this, "keys")?;
    create_array_iterator(agent, this, KIND_KEYS)
}

/// 23.2.3.36 %TypedArray%.prototype.values ( )
fn values(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    validate(this, "values")?;
    create_array_iterator(agent, this, KIND_VALUES)
}

/// Calls `callback(kValue, k, O)` for k in `order` until `stop` says so; the index and
/// value it stopped at.
fn scan(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    method: &str,
    reverse: bool,
    stop: fn(bool) -> bool,
) -> Result<Option<(usize, Value)>, Throw> {
    let (ta, len) = validate(this, method)?;
    let f = callback_arg(args, method)?;
    let this_arg = arg(args, 1);
    for i in 0..len {
        let k = if reverse { len - 1 - i } else { i };
        let v = get_value(agent, ta, k as f64)?;
        let r = agent.scope(|agent| {
            agent.root(v);
            call(agent, f, this_arg, &[v, Value::number(k as f64), this])
        })?;
        if stop(ops::to_boolean(r)) {
            return Ok(Some((k, v)));
        }
    }
    Ok(None)
}

/// 23.2.3.8 %TypedArray%.prototype.every ( callbackfn [ , thisArg ] )
fn every(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "every", false, |b| !b)?;
    Ok(Value::bool(r.is_none()))
}

/// 23.2.3.27 %TypedArray%.prototype.some ( callbackfn [ , thisArg ] )
fn some(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "some", false, |b| b)?;
    Ok(Value::bool(r.is_some()))
}

/// 23.2.3.11 %TypedArray%.prototype.find ( predicate [ , thisArg ] )
fn find(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "find", false, |b| b)?;
    Ok(r.map_or(Value::UNDEFINED, |(_, v)| v))
}

/// 23.2.3.12 %TypedArray%.prototype.findIndex ( predicate [ , thisArg ] )
fn find_index(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "findIndex", false, |b| b)?;
    Ok(Value::number(r.map_or(-1.0, |(k, _)| k as f64)))
}

/// 23.2.3.13 %TypedArray%.prototype.findLast ( predicate [ , thisArg ] )
fn find_last(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "findLast", true, |b| b)?;
    Ok(r.map_or(Value::UNDEFINED, |(_, v)| v))
}

/// 23.2.3.14 %TypedArray%.prototype.findLastIndex ( predicate [ , thisArg ] )
fn find_last_index(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = scan(agent, this, args, "findLastIndex", true, |b| b)?;
    Ok(Value::number(r.map_or(-1.0, |(k, _)| k as f64)))
}

/// 23.2.3.15 %TypedArray%.prototype.forEach ( callbackfn [ , thisArg ] )
fn for_each(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    scan(agent, this, args, "forEach", false, |_| false)?;
    Ok(Value::UNDEFINED)
}

/// 23.2.3.9 %TypedArray%.prototype.fill ( value [ , start [ , end ] ] )
fn fill(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "fill")?;
    // 4-5. Let value be ? ToNumber(value) (or ToBigInt).
    let n = to_content(agent, kind(ta), arg(args, 0))?;
    let start = relative_arg(agent, arg(args, 1), len, 0)?;
    let end = relative_arg(agent, arg(args, 2), len, len)?;
    // 15-19. Revalidate and clamp the end to the current length.
    let Some(len) = length(ta) else {
        return Err(type_error(
            "%TypedArray%.prototype.fill: the typed array is detached or out of bounds",
        ));
    };
    let end = end.min(len);
    if start < end {
        let k = kind(ta);
        let bytes = k.content_bytes(n, true);
        let size = k.size();
        let block = array_buffer::data(buffer(ta)).expect("in bounds");
        let base = byte_offset(ta);
        // Fill a piece, then double it with copies.
        let total = (end - start) * size;
        let first = base + start * size;
        let piece = (total).min(4096 / size * size);
        let mut buf = vec![0u8; piece];
        for chunk in buf.chunks_exact_mut(size) {
            chunk.copy_from_slice(&bytes[..size]);
        }
        let mut done = 0;
        while done < total {
            let m = (total - done).min(piece);
            byte_block::write(block, first + done, &buf[..m]);
            done += m;
        }
    }
    Ok(this)
}

/// 23.2.3.10 %TypedArray%.prototype.filter ( callbackfn [ , thisArg ] )
fn filter(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "filter")?;
    let f = callback_arg(args, "filter")?;
    let this_arg = arg(args, 1);
    let mut kept = Vec::new();
    for k in 0..len {
        let c = read_content(ta, k as f64);
        let v = match c {
            Some(c) => content_value(agent, kind(ta), c)?,
            None => Value::UNDEFINED,
        };
        let r = agent.scope(|agent| {
            agent.root(v);
            call(agent, f, this_arg, &[v, Value::number(k as f64), this])
        })?;
        if ops::to_boolean(r) {
            kept.push(c);
        }
    }
    let a = species_create(agent, ta, &[Value::number(kept.len() as f64)])?;
    for (n, c) in kept.into_iter().enumerate() {
        match c {
            Some(c) => write_content(a, n as f64, c),
            // An element read after the buffer shrank is `undefined`: ToNumber gives NaN.
            None => write_content(a, n as f64, Content::Number(f64::NAN)),
        }
    }
    Ok(Value::cell(a))
}

/// A search target of includes / indexOf / lastIndexOf.
enum Target {
    Number(f64),
    Big(num_bigint::BigInt),
    Undefined,
    Other,
}

impl Target {
    fn of(v: Value) -> Target {
        if let Some(n) = v.as_number() {
            Target::Number(n)
        } else if let Some(b) = crate::runtime::bigint::as_bigint(v) {
            Target::Big(b)
        } else if v.is_undefined() {
            Target::Undefined
        } else {
            Target::Other
        }
    }

    /// Whether element `k` equals the target: SameValueZero when `zero` (includes; a missing
    /// element is `undefined`), else IsStrictlyEqual (indexOf; missing elements are skipped).
    fn matches(&self, ta: ObjectRef, k: usize, zero: bool) -> bool {
        match (read_content(ta, k as f64), self) {
            (None, Target::Undefined) => zero,
            (Some(Content::Number(x)), Target::Number(y)) => {
                x == *y || (zero && x.is_nan() && y.is_nan())
            }
            (Some(Content::Big(bits)), Target::Big(b)) => {
                let x = if kind(ta) == ElementKind::BigInt64 {
                    num_bigint::BigInt::from(bits as i64)
                } else {
                    num_bigint::BigInt::from(bits)
                };
                x == *b
            }
            _ => false,
        }
    }
}

/// The start index of indexOf / includes (`None`: search nothing).
fn search_start(agent: &mut Agent, from: Value, len: usize) -> Result<Option<usize>, Throw> {
    let n = integer_arg(agent, from)?;
    if n == f64::INFINITY {
        return Ok(None);
    }
    Ok(Some(relative_index(n, len)))
}

/// 23.2.3.16 %TypedArray%.prototype.includes ( searchElement [ , fromIndex ] )
fn includes(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "includes")?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let Some(start) = search_start(agent, arg(args, 1), len)? else {
        return Ok(Value::FALSE);
    };
    let target = Target::of(arg(args, 0));
    for k in start..len {
        if target.matches(ta, k, true) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// 23.2.3.17 %TypedArray%.prototype.indexOf ( searchElement [ , fromIndex ] )
fn index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "indexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let Some(start) = search_start(agent, arg(args, 1), len)? else {
        return Ok(Value::int(-1));
    };
    let target = Target::of(arg(args, 0));
    for k in start..len {
        // b. Let kPresent be ! HasProperty(O, Pk) (false past a shrunk length).
        if target.matches(ta, k, false) {
            return Ok(Value::number(k as f64));
        }
    }
    Ok(Value::int(-1))
}

/// 23.2.3.20 %TypedArray%.prototype.lastIndexOf ( searchElement [ , fromIndex ] )
fn last_index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "lastIndexOf")?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    // 5. If fromIndex is present, let n be ? ToIntegerOrInfinity(fromIndex); else len - 1.
    let n = if args.len() > 1 {
        integer_arg(agent, args[1])?
    } else {
        len as f64 - 1.0
    };
    if n == f64::NEG_INFINITY {
        return Ok(Value::int(-1));
    }
    let k = if n >= 0.0 {
        n.min(len as f64 - 1.0)
    } else {
        len as f64 + n
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let target = Target::of(arg(args, 0));
    let mut k = k as usize;
    loop {
        if target.matches(ta, k, false) {
            return Ok(Value::number(k as f64));
        }
        if k == 0 {
            return Ok(Value::int(-1));
        }
        k -= 1;
    }
}

/// 23.2.3.18 %TypedArray%.prototype.join ( separator )
fn join(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "join")?;
    let sep = arg(args, 0);
    let sep_units = if sep.is_undefined() {
        vec![u16::from(b',')]
    } else {
        let s = ops::to_string_value(agent, sep)?;
        string::units(s.as_cell().expect("a string"))
    };
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.extend_from_slice(&sep_units);
        }
        if let Some(text) = element_text(ta, k) {
            out.extend(text.encode_utf16());
        }
    }
    Ok(Value::cell(string::from_units(agent, &out)?))
}

/// 23.2.3.22 %TypedArray%.prototype.map ( callbackfn [ , thisArg ] )
fn map(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "map")?;
    let f = callback_arg(args, "map")?;
    let this_arg = arg(args, 1);
    let a = species_create(agent, ta, &[Value::number(len as f64)])?;
    agent.scope(|agent| {
        agent.root(Value::cell(a));
        for k in 0..len {
            let v = get_value(agent, ta, k as f64)?;
            let mapped = agent.scope(|agent| {
                agent.root(v);
                call(agent, f, this_arg, &[v, Value::number(k as f64), this])
            })?;
            agent.scope(|agent| {
                agent.root(mapped);
                set_element(agent, a, k as f64, mapped)
            })?;
        }
        Ok(Value::cell(a))
    })
}

fn reduce_impl(agent: &mut Agent, this: Value, args: &[Value], right: bool) -> R {
    let method = if right { "reduceRight" } else { "reduce" };
    let (ta, len) = validate(this, method)?;
    let f = callback_arg(args, method)?;
    let order = |i: usize| if right { len - 1 - i } else { i };
    let mut i = 0;
    let mut acc = if args.len() >= 2 {
        args[1]
    } else {
        if len == 0 {
            return Err(type_error(format!(
                "%TypedArray%.prototype.{method} of empty array with no initial value"
            )));
        }
        i = 1;
        get_value(agent, ta, order(0) as f64)?
    };
    while i < len {
        let k = order(i);
        acc = agent.scope(|agent| {
            agent.root(acc);
            let v = get_value(agent, ta, k as f64)?;
            agent.root(v);
            call(
                agent,
                f,
                Value::UNDEFINED,
                &[acc, v, Value::number(k as f64), this],
            )
        })?;
        i += 1;
    }
    Ok(acc)
}

/// 23.2.3.23 %TypedArray%.prototype.reduce ( callbackfn [ , initialValue ] )
fn reduce(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    reduce_impl(agent, this, args, false)
}

/// 23.2.3.24 %TypedArray%.prototype.reduceRight ( callbackfn [ , initialValue ] )
fn reduce_right(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    reduce_impl(agent, this, args, true)
}

/// 23.2.3.25 %TypedArray%.prototype.reverse ( )
fn reverse(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "reverse")?;
    let size = kind(ta).size();
    let block = array_buffer::data(buffer(ta)).expect("in bounds");
    let base = byte_offset(ta);
    let (mut lo, mut hi) = ([0u8; 8], [0u8; 8]);
    for k in 0..len / 2 {
        let (a, b) = (base + k * size, base + (len - 1 - k) * size);
        byte_block::read(block, a, &mut lo[..size]);
        byte_block::read(block, b, &mut hi[..size]);
        byte_block::write(block, a, &hi[..size]);
        byte_block::write(block, b, &lo[..size]);
    }
    Ok(this)
}

/// 23.2.3.26 %TypedArray%.prototype.set ( source [ , offset ] )
fn set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let target = require_typed_array(this, "set")?;
    // 4-5. Let targetOffset be ? ToIntegerOrInfinity(offset); if < 0 throw a RangeError.
    let target_offset = integer_arg(agent, arg(args, 1))?;
    if target_offset < 0.0 {
        return Err(range_error("offset is out of bounds"));
    }
    let source = arg(args, 0);
    if let Some(src) = as_typed_array(source) {
        set_from_typed_array(target, target_offset, src)?;
    } else {
        set_from_array_like(agent, target, target_offset, source)?;
    }
    Ok(Value::UNDEFINED)
}

fn out_of_bounds(method: &str) -> Throw {
    type_error(format!(
        "%TypedArray%.prototype.{method}: the typed array is detached or out of bounds"
    ))
}

/// 23.2.3.26.1 SetTypedArrayFromTypedArray ( target, targetOffset, source )
fn set_from_typed_array(
    target: ObjectRef,
    target_offset: f64,
    src: ObjectRef,
) -> Result<(), Throw> {
    let target_length = length(target).ok_or_else(|| out_of_bounds("set"))?;
    let src_length = length(src).ok_or_else(|| out_of_bounds("set"))?;
    let (tk, sk) = (kind(target), kind(src));
    // 11. If IsBigIntElementType(targetType) ≠ IsBigIntElementType(srcType), throw a TypeError.
    if tk.is_bigint() != sk.is_bigint() {
        return Err(type_error("Cannot mix BigInt and other types"));
    }
    // 13-14. If targetOffset = +∞ or srcLength + targetOffset > targetLength, RangeError.
    if target_offset == f64::INFINITY || src_length as f64 + target_offset > target_length as f64 {
        return Err(range_error("offset is out of bounds"));
    }
    let target_offset = target_offset as usize;
    let from = array_buffer::data(buffer(src)).expect("in bounds");
    let to = array_buffer::data(buffer(target)).expect("in bounds");
    let src_byte = byte_offset(src);
    let target_byte = byte_offset(target) + target_offset * tk.size();
    if tk == sk {
        // 22. Same type: copy the bytes (CopyDataBlockBytes semantics, overlap-safe).
        byte_block::copy(from, src_byte, to, target_byte, src_length * sk.size());
        return Ok(());
    }
    // 20-21. Different types: read every source value first (the ranges may share a buffer).
    let values: Vec<Option<Content>> = (0..src_length)
        .map(|k| read_content(src, k as f64))
        .collect();
    for (k, c) in values.into_iter().enumerate() {
        if let Some(c) = c {
            write_content(target, (target_offset + k) as f64, c);
        }
    }
    Ok(())
}

/// 23.2.3.26.2 SetTypedArrayFromArrayLike ( target, targetOffset, source )
fn set_from_array_like(
    agent: &mut Agent,
    target: ObjectRef,
    target_offset: f64,
    source: Value,
) -> Result<(), Throw> {
    let target_length = length(target).ok_or_else(|| out_of_bounds("set"))?;
    agent.scope(|agent| {
        // 5. Let src be ? ToObject(source).
        let src = ops::to_object(agent, source)?;
        agent.root(Value::cell(src));
        // 6. Let srcLength be ? LengthOfArrayLike(src).
        let src_length = length_of_array_like(agent, src)?;
        // 7-8. RangeError when it does not fit.
        if target_offset == f64::INFINITY
            || src_length as f64 + target_offset > target_length as f64
        {
            return Err(range_error("offset is out of bounds"));
        }
        for k in 0..src_length {
            let v = get_index_value(agent, src, k)?;
            agent.scope(|agent| {
                agent.root(v);
                set_element(agent, target, target_offset + k as f64, v)
            })?;
        }
        Ok(())
    })
}

/// 23.2.3.27 %TypedArray%.prototype.slice ( start, end )
fn slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "slice")?;
    let start = relative_index(integer_arg(agent, arg(args, 0))?, len);
    let end = relative_arg(agent, arg(args, 1), len, len)?;
    let count = end.saturating_sub(start);
    let a = species_create(agent, ta, &[Value::number(count as f64)])?;
    if count > 0 {
        // 14.a-d. Revalidate; clamp the end to the current length.
        let len = length(ta).ok_or_else(|| out_of_bounds("slice"))?;
        let end = end.min(len);
        let count = end.saturating_sub(start);
        let (sk, tk) = (kind(ta), kind(a));
        if sk == tk {
            let from = array_buffer::data(buffer(ta)).expect("in bounds");
            let Some(to) = array_buffer::data(buffer(a)) else {
                return Ok(Value::cell(a));
            };
            let size = sk.size();
            let target_limit = super::byte_length(a);
            let n = (count * size).min(target_limit);
            let (src_byte, target_byte) = (byte_offset(ta) + start * size, byte_offset(a));
            if from == to && target_byte > src_byte && target_byte < src_byte + n {
                // 14.h.ix. The spec copies byte by byte upwards: an overlapping destination
                // above the source sees bytes it has already written.
                let mut b = [0u8; 1];
                for i in 0..n {
                    byte_block::read(from, src_byte + i, &mut b);
                    byte_block::write(to, target_byte + i, &b);
                }
            } else {
                byte_block::copy(from, src_byte, to, target_byte, n);
            }
        } else {
            for (n, k) in (start..end).enumerate() {
                if let Some(c) = read_content(ta, k as f64) {
                    write_content(a, n as f64, c);
                }
            }
        }
    }
    Ok(Value::cell(a))
}

/// The TypedArray SortCompare with a `comparefn`: `true` if `x` sorts after `y`.
fn compare(agent: &mut Agent, comparefn: Value, x: Value, y: Value) -> Result<bool, Throw> {
    let r = call(agent, comparefn, Value::UNDEFINED, &[x, y])?;
    let v = ops::to_number(agent, r)?;
    Ok(v > 0.0)
}

/// The default numeric order (-0 before +0, NaN last; BigInts by value).
fn default_order(kind: ElementKind, x: Content, y: Content) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (x, y) {
        (Content::Number(a), Content::Number(b)) => match (a.is_nan(), b.is_nan()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ if a == 0.0 && b == 0.0 => a.is_sign_positive().cmp(&b.is_sign_positive()),
            _ => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        },
        (Content::Big(a), Content::Big(b)) if kind == ElementKind::BigInt64 => {
            (a as i64).cmp(&(b as i64))
        }
        (Content::Big(a), Content::Big(b)) => a.cmp(&b),
        _ => Ordering::Equal,
    }
}

/// SortIndexedProperties over the first `len` elements of `ta`: the sorted contents (a
/// stable merge sort; with `comparefn` the values are rooted while it runs).
fn sorted_contents(
    agent: &mut Agent,
    ta: ObjectRef,
    len: usize,
    comparefn: Value,
) -> Result<Vec<Content>, Throw> {
    let k = kind(ta);
    let mut items: Vec<Content> = (0..len)
        .map(|i| read_content(ta, i as f64).unwrap_or(Content::Number(f64::NAN)))
        .collect();
    if comparefn.is_undefined() {
        items.sort_by(|&x, &y| default_order(k, x, y));
        return Ok(items);
    }
    agent.scope(|agent| {
        let mut values = Vec::with_capacity(len);
        for &c in &items {
            let v = content_value(agent, k, c)?;
            agent.root(v);
            values.push((v, c));
        }
        super::super::array::merge_sort_by(&mut values, |x, y| {
            compare(agent, comparefn, x.0, y.0)
        })?;
        items = values.into_iter().map(|(_, c)| c).collect();
        Ok(items)
    })
}

fn comparefn_arg(args: &[Value], method: &str) -> Result<Value, Throw> {
    let c = arg(args, 0);
    if !c.is_undefined() && !is_callable(c) {
        return Err(type_error(format!(
            "%TypedArray%.prototype.{method}: the comparison function must be a function"
        )));
    }
    Ok(c)
}

/// 23.2.3.29 %TypedArray%.prototype.sort ( comparefn )
fn sort(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let comparefn = comparefn_arg(args, "sort")?;
    let (ta, len) = validate(this, "sort")?;
    let items = sorted_contents(agent, ta, len, comparefn)?;
    for (k, c) in items.into_iter().enumerate() {
        write_content(ta, k as f64, c);
    }
    Ok(this)
}

/// 23.2.3.33 %TypedArray%.prototype.toSorted ( comparefn )
fn to_sorted(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let comparefn = comparefn_arg(args, "toSorted")?;
    let (ta, len) = validate(this, "toSorted")?;
    let a = create_same_type(agent, ta, len)?;
    agent.scope(|agent| {
        agent.root(Value::cell(a));
        let items = sorted_contents(agent, ta, len, comparefn)?;
        for (k, c) in items.into_iter().enumerate() {
            write_content(a, k as f64, c);
        }
        Ok(Value::cell(a))
    })
}

/// 23.2.3.32 %TypedArray%.prototype.toReversed ( )
fn to_reversed(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "toReversed")?;
    let a = create_same_type(agent, ta, len)?;
    for k in 0..len {
        if let Some(c) = read_content(ta, (len - 1 - k) as f64) {
            write_content(a, k as f64, c);
        }
    }
    Ok(Value::cell(a))
}

/// 23.2.3.30 %TypedArray%.prototype.subarray ( start, end )
fn subarray(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let ta = require_typed_array(this, "subarray")?;
    let buf = buffer(ta);
    // 5-6. srcLength is 0 when out of bounds.
    let src_length = length(ta).unwrap_or(0);
    let start = relative_index(integer_arg(agent, arg(args, 0))?, src_length);
    let size = kind(ta).size();
    let begin_byte_offset = byte_offset(ta) + start * size;
    let end = arg(args, 1);
    // 15. If O.[[ArrayLength]] is auto and end is undefined: a length-tracking subarray.
    let new_args: Vec<Value> = if fixed_length(ta).is_none() && end.is_undefined() {
        vec![Value::cell(buf), Value::number(begin_byte_offset as f64)]
    } else {
        let end = relative_arg(agent, end, src_length, src_length)?;
        let new_length = end.saturating_sub(start);
        vec![
            Value::cell(buf),
            Value::number(begin_byte_offset as f64),
            Value::number(new_length as f64),
        ]
    };
    Ok(Value::cell(species_create(agent, ta, &new_args)?))
}

/// 23.2.3.31 %TypedArray%.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] )
fn to_locale_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "toLocaleString")?;
    let key = PropertyKey::Atom(agent.atoms.intern_str("toLocaleString"));
    let mut out: Vec<u16> = Vec::new();
    for k in 0..len {
        if k > 0 {
            out.push(u16::from(b','));
        }
        let v = get_value(agent, ta, k as f64)?;
        if !v.is_nullish() {
            agent.root(v);
            let f = ops::get_property(agent, v, key)?;
            if !is_callable(f) {
                return Err(type_error("toLocaleString is not a function"));
            }
            let r = agent.scope(|agent| {
                agent.root(f);
                call(agent, f, v, &[])
            })?;
            let s = agent.scope(|agent| {
                agent.root(r);
                ops::to_string_value(agent, r)
            })?;
            out.extend(string::units(s.as_cell().expect("a string")));
        }
    }
    Ok(Value::cell(string::from_units(agent, &out)?))
}

/// 23.2.3.39 %TypedArray%.prototype.with ( index, value )
fn with(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let (ta, len) = validate(this, "with")?;
    let relative = integer_arg(agent, arg(args, 0))?;
    let actual = if relative >= 0.0 {
        relative
    } else {
        len as f64 + relative
    };
    // 7-8. Let numericValue be ? ToNumber(value) (or ToBigInt).
    let n = to_content(agent, kind(ta), arg(args, 1))?;
    // 9. If IsValidIntegerIndex(O, 𝔽(actualIndex)) is false, throw a RangeError exception.
    if !super::is_valid_integer_index(ta, actual) {
        return Err(range_error("Invalid typed array index"));
    }
    let a = create_same_type(agent, ta, len)?;
    for k in 0..len {
        let c = if k as f64 == actual {
            n
        } else {
            match read_content(ta, k as f64) {
                Some(c) => c,
                // Get(O, k) is undefined past a shrunk length: ToNumber gives NaN and
                // ToBigInt throws.
                None if kind(ta).is_bigint() => {
                    return Err(type_error("Cannot convert undefined to a BigInt"));
                }
                None => Content::Number(f64::NAN),
            }
        };
        write_content(a, k as f64, c);
    }
    Ok(Value::cell(a))
}

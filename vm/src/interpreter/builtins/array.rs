//! 23.1 Array Objects
//! <https://tc39.es/ecma262/2024/#sec-array-objects>
//!
//! The `Array` constructor (§23.1.1), its static functions (§23.1.2), the methods of
//! `Array.prototype` (§23.1.3) and %ArrayIteratorPrototype% (§23.1.5). All entries are in the
//! family's native table ([`FAMILY`]). The methods are generic: they work on any array-like
//! `this` through Get/Set/HasProperty/DeletePropertyOrThrow, exactly as the spec's
//! algorithms, with a fast `length` read for real Arrays.
//!
//! The methods that make a new array use ArraySpeciesCreate (`concat`, `filter`, `map`,
//! `flat`, `flatMap`, `slice`, `splice`) or, for `Array.from`/`Array.of`, the `this`
//! constructor; the change-array-by-copy methods always make an Array.
//!
//! Allowed deviation: array-like indices at or above 2^32 - 1 become string keys; real Arrays
//! cannot grow past 2^32 - 1 elements (RangeError from ArrayCreate).

use heap::ObjectRef;

use heap::HeapError;

use super::object::object_proto_to_string;
use super::{arg, array_from, native, new_plain_object, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, define_own, is_callable, set_property, to_number, to_string_value,
};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_ARRAY, CLASS_ARRAY_ITERATOR};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey, MAX_ARRAY_INDEX};
use crate::runtime::number::{same_value_zero, to_integer_or_infinity, to_length};
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const AP: Home = Home::On(Intrinsic::ArrayPrototype);
const AC: Home = Home::On(Intrinsic::ArrayConstructor);
const AIP: Home = Home::On(Intrinsic::ArrayIteratorPrototype);

/// The family: `Array`, its statics, `Array.prototype` and %ArrayIteratorPrototype%.
pub static FAMILY: Family = Family {
    name: "Array",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Array",
            1,
            array_constructor,
            constructor(
                Some(Intrinsic::ArrayConstructor),
                Some(Intrinsic::ArrayPrototype)
            )
        ),
        native!(AC, "from", 1, from),
        native!(AC, "isArray", 1, is_array_fn),
        native!(AC, "of", 0, of),
        native!(AC, "[Symbol.species]", species, getter),
        native!(AP, "at", 1, at),
        native!(AP, "concat", 1, concat),
        native!(AP, "copyWithin", 2, copy_within),
        native!(AP, "entries", 0, entries),
        native!(AP, "every", 1, every),
        native!(AP, "fill", 1, fill),
        native!(AP, "filter", 1, filter),
        native!(AP, "find", 1, find),
        native!(AP, "findIndex", 1, find_index),
        native!(AP, "findLast", 1, find_last),
        native!(AP, "findLastIndex", 1, find_last_index),
        native!(AP, "flat", 0, flat),
        native!(AP, "flatMap", 1, flat_map),
        native!(AP, "forEach", 1, for_each),
        native!(AP, "includes", 1, includes),
        native!(AP, "indexOf", 1, index_of),
        native!(AP, "join", 1, join),
        native!(AP, "keys", 0, keys),
        native!(AP, "lastIndexOf", 1, last_index_of),
        native!(AP, "map", 1, map),
        native!(AP, "pop", 0, pop),
        native!(AP, "push", 1, push),
        native!(AP, "reduce", 1, reduce),
        native!(AP, "reduceRight", 1, reduce_right),
        native!(AP, "reverse", 0, reverse),
        native!(AP, "shift", 0, shift),
        native!(AP, "slice", 2, slice),
        native!(AP, "some", 1, some),
        native!(AP, "sort", 1, sort),
        native!(AP, "toLocaleString", 0, to_locale_string),
        native!(AP, "splice", 2, splice),
        native!(AP, "toReversed", 0, to_reversed),
        native!(AP, "toSorted", 1, to_sorted),
        native!(AP, "toSpliced", 2, to_spliced),
        native!(AP, "toString", 0, to_string),
        native!(AP, "unshift", 1, unshift),
        native!(AP, "values", 0, values),
        native!(AP, "with", 2, with),
        native!(AIP, "next", 0, array_iterator_next),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    // %Array.prototype% is itself an Array exotic object (23.1.3), with `length` 0.
    let proto = object::new_object_with_class(agent, op, 4, CLASS_ARRAY, 0)?;
    agent.roots.vm.intrinsics[Intrinsic::ArrayPrototype as usize] = Value::cell(proto);
    // %ArrayIteratorPrototype%'s [[Prototype]] is %IteratorPrototype% (§23.1.5.2).
    let ip = intrinsic(agent, Intrinsic::IteratorPrototype);
    let proto = object::new_object(agent, ip, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::ArrayIteratorPrototype as usize] = Value::cell(proto);
    Ok(())
}

/// `Array.prototype[@@iterator]` is %Array.prototype.values% (§23.1.3.40), and
/// `Array.prototype[@@unscopables]` (§23.1.3.41) lists the names `with` must not expose.
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let iterator = super::symbol_key(agent, Intrinsic::SymbolIterator);
    let values = super::alias(agent, Intrinsic::ArrayPrototype, "values", iterator)?;
    agent.roots.vm.intrinsics[Intrinsic::ArrayProtoValues as usize] = values;
    const UNSCOPABLES: [&str; 16] = [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ];
    agent.scope(|agent| {
        let list = object::new_object(agent, Value::NULL, UNSCOPABLES.len())?;
        agent.root(Value::cell(list));
        for name in UNSCOPABLES {
            let key = PropertyKey::Atom(agent.atoms.intern_str(name));
            object::add_property(agent, list, key, Attributes::DEFAULT, Value::TRUE)?;
        }
        let proto = intrinsic(agent, Intrinsic::ArrayPrototype)
            .as_cell()
            .expect("%Array.prototype%");
        let key = super::symbol_key(agent, Intrinsic::SymbolUnscopables);
        object::add_property(
            agent,
            proto,
            key,
            Attributes::CONFIGURABLE,
            Value::cell(list),
        )?;
        Ok(())
    })
}

/// 2^53 - 1.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;

// ----- Abstract operations on array-likes -----

/// The property key for index `k` (a string key from 2^32 - 1 on).
pub(super) fn key(agent: &mut Agent, k: u64) -> PropertyKey {
    if k <= u64::from(MAX_ARRAY_INDEX) {
        PropertyKey::Index(k as u32)
    } else {
        let units: Vec<u16> = k.to_string().encode_utf16().collect();
        agent.atoms.key(&units)
    }
}

/// `Get(O, k)`.
pub(super) fn get(agent: &mut Agent, o: ObjectRef, k: u64) -> R {
    if let Some(v) = ops::dense_element(o, k) {
        return Ok(v);
    }
    let key = key(agent, k);
    Ok(ops::get_from_object(agent, o, key)?.unwrap_or(Value::UNDEFINED))
}

/// `HasProperty(O, k)`.
fn has(agent: &mut Agent, o: ObjectRef, k: u64) -> Result<bool, Throw> {
    if ops::dense_element(o, k).is_some() {
        return Ok(true);
    }
    let key = key(agent, k);
    ops::try_has_property(agent, o, key)
}

/// `Set(O, k, v, true)`.
fn set(agent: &mut Agent, o: ObjectRef, k: u64, v: Value) -> Result<(), Throw> {
    let key = key(agent, k);
    set_property(agent, Value::cell(o), key, v, true)
}

/// `CreateDataPropertyOrThrow(O, k, v)`.
pub(super) fn create(agent: &mut Agent, o: ObjectRef, k: u64, v: Value) -> Result<(), Throw> {
    if ops::create_dense_element(agent, o, k, v)? {
        return Ok(());
    }
    let key = key(agent, k);
    define_own(agent, o, key, v)
}

/// `DeletePropertyOrThrow(O, k)`.
fn delete(agent: &mut Agent, o: ObjectRef, k: u64) -> Result<(), Throw> {
    let key = key(agent, k);
    if ops::try_delete(agent, o, key)? {
        Ok(())
    } else {
        Err(type_error(format!("Cannot delete property '{k}'")))
    }
}

/// `Set(O, "length", len, true)`.
pub(super) fn set_length(agent: &mut Agent, o: ObjectRef, len: u64) -> Result<(), Throw> {
    set_property(
        agent,
        Value::cell(o),
        PropertyKey::Atom(names::LENGTH),
        Value::number(len as f64),
        true,
    )
}

/// `LengthOfArrayLike(O)` (ToLength, up to 2^53 - 1).
pub(crate) fn length_of_array_like(agent: &mut Agent, o: ObjectRef) -> Result<u64, Throw> {
    if object::class(o) == CLASS_ARRAY {
        return Ok(u64::from(object::elements_len(o)));
    }
    let len = ops::get_from_object(agent, o, PropertyKey::Atom(names::LENGTH))?
        .unwrap_or(Value::UNDEFINED);
    Ok(to_length(to_number(agent, len)?))
}

/// `ToObject(this)` for the generic methods (the caller keeps the result alive: natives
/// root their `this`, and a fresh wrapper is rooted here in the caller's scope).
fn to_object(agent: &mut Agent, this: Value, method: &str) -> Result<ObjectRef, Throw> {
    if let Some(o) = as_object(this) {
        return Ok(o);
    }
    if this.is_nullish() {
        return Err(type_error(format!(
            "Array.prototype.{method} called on null or undefined"
        )));
    }
    let o = ops::to_object(agent, this)?;
    agent.root(Value::cell(o));
    Ok(o)
}

/// `IsArray(v)`.
fn is_array(v: Value) -> bool {
    as_object(v).is_some_and(|o| object::class(o) == CLASS_ARRAY)
}

/// `IsArray(v)` with Proxies (a revoked one throws), for `Array.isArray`.
fn is_array_checked(v: Value) -> Result<bool, Throw> {
    super::object::is_array(v)
}

/// A callback argument: TypeError unless callable.
fn callback(agent: &Agent, f: Value) -> Result<Value, Throw> {
    if is_callable(f) {
        Ok(f)
    } else {
        Err(type_error(format!(
            "{} is not a function",
            ops::display(agent, f)
        )))
    }
}

/// `ArrayCreate(len)`: RangeError above 2^32 - 1.
pub(super) fn array_create(agent: &mut Agent, len: u64) -> Result<ObjectRef, Throw> {
    if len > u64::from(u32::MAX) {
        return Err(Throw::error(ErrorType::RangeError, "Invalid array length"));
    }
    let a = array_from(agent, &[])?;
    if len > 0 {
        agent.scope(|agent| {
            agent.root(Value::cell(a));
            object::set_element(agent, a, (len - 1) as u32, Value::EMPTY)
        })?;
    }
    Ok(a)
}

/// 10.4.2.3 ArraySpeciesCreate ( originalArray, length ): an Array unless `original` is an
/// Array whose `constructor[@@species]` names another constructor.
fn array_species_create(
    agent: &mut Agent,
    original: ObjectRef,
    length: u64,
) -> Result<ObjectRef, Throw> {
    // 1-2. If IsArray(originalArray) is false, return ? ArrayCreate(length).
    if !is_array_checked(Value::cell(original))? {
        return array_create(agent, length);
    }
    agent.scope(|agent| {
        agent.root(Value::cell(original));
        // 3. Let C be ? Get(originalArray, "constructor").
        let mut c = ops::get_from_object(agent, original, PropertyKey::Atom(names::CONSTRUCTOR))?
            .unwrap_or(Value::UNDEFINED);
        // 4. If IsConstructor(C) is true and C is the %Array% of another realm (an Array made
        //    there), set C to undefined.
        if ops::is_constructor(agent, c) {
            let this_realm = crate::interpreter::realms::current(agent);
            let realm_c = crate::interpreter::realms::function_realm(agent, c)?;
            if this_realm != realm_c
                && c == crate::interpreter::realms::intrinsic_of(
                    agent,
                    realm_c,
                    Intrinsic::ArrayConstructor,
                )
            {
                c = Value::UNDEFINED;
            }
        }
        // 5. If C is an Object, set C to ? Get(C, @@species); null becomes undefined.
        if let Some(co) = as_object(c) {
            agent.root(c);
            let species = super::symbol_key(agent, Intrinsic::SymbolSpecies);
            c = ops::get_from_object(agent, co, species)?.unwrap_or(Value::UNDEFINED);
            if c.is_null() {
                c = Value::UNDEFINED;
            }
        }
        // 6. If C is undefined, return ? ArrayCreate(length).
        if c.is_undefined() {
            return array_create(agent, length);
        }
        // 7. If IsConstructor(C) is false, throw a TypeError exception.
        if !ops::is_constructor(agent, c) {
            return Err(type_error(
                "object.constructor[Symbol.species] is not a constructor",
            ));
        }
        // 8. Return ? Construct(C, « 𝔽(length) »).
        agent.root(c);
        construct_object(agent, c, &[Value::number(length as f64)])
    })
}

/// `? Construct(c, args)` for a constructor known to be one (its result is an object).
fn construct_object(agent: &mut Agent, c: Value, args: &[Value]) -> Result<ObjectRef, Throw> {
    let r = crate::interpreter::construct(agent, c, args, c)?;
    as_object(r).ok_or_else(|| type_error("a constructor returned a non-object"))
}

/// Array.from / Array.of step "If IsConstructor(C), let A be ? Construct(C, args); else let
/// A be ? ArrayCreate(len)" (`args` is `[len]`, or empty for an iterable).
pub(super) fn construct_or_create(
    agent: &mut Agent,
    c: Value,
    args: &[Value],
    len: u64,
) -> Result<ObjectRef, Throw> {
    if ops::is_constructor(agent, c) {
        agent.scope(|agent| {
            agent.root(c);
            construct_object(agent, c, args)
        })
    } else {
        array_create(agent, len)
    }
}

/// 23.1.3.2.1 IsConcatSpreadable ( O )
fn is_concat_spreadable(agent: &mut Agent, o: Value) -> Result<bool, Throw> {
    let Some(obj) = as_object(o) else {
        return Ok(false);
    };
    let key = super::symbol_key(agent, Intrinsic::SymbolIsConcatSpreadable);
    let spreadable = ops::get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED);
    if !spreadable.is_undefined() {
        return Ok(ops::to_boolean(spreadable));
    }
    is_array_checked(o)
}

/// A relative index argument (`ToIntegerOrInfinity`, negative counts from the end), clamped
/// to `0..=len`; `undefined` gives `default`.
fn relative_index(agent: &mut Agent, v: Value, len: u64, default: u64) -> Result<u64, Throw> {
    if v.is_undefined() {
        return Ok(default);
    }
    let n = to_integer_or_infinity(to_number(agent, v)?);
    let len = len as f64;
    Ok(if n < 0.0 {
        (len + n).max(0.0)
    } else {
        n.min(len)
    } as u64)
}

/// Calls `f(thisArg, value, k, O)`; everything is rooted here.
fn call_back(agent: &mut Agent, f: Value, this_arg: Value, v: Value, k: u64, o: ObjectRef) -> R {
    agent.scope(|agent| {
        agent.root(v);
        crate::interpreter::call(
            agent,
            f,
            this_arg,
            &[v, Value::number(k as f64), Value::cell(o)],
        )
    })
}

/// `SameValueZero`.
fn same_value_zero_values(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return same_value_zero(x, y);
    }
    ops::strict_equals(a, b)
}

// ----- 23.1.1 The Array Constructor -----

/// 23.1.1.1 Array ( ...values )
pub(crate) fn array_constructor(agent: &mut Agent, this: Value, args: &[Value], nt: Value) -> R {
    let a = array_constructor_plain(agent, this, args)?;
    if as_object(nt).is_none() {
        return Ok(a);
    }
    // `super()` from a derived class: the prototype comes from NewTarget.
    agent.scope(|agent| {
        agent.root(a);
        let proto = crate::interpreter::realm::prototype_from_constructor(
            agent,
            nt,
            Intrinsic::ArrayPrototype,
        )?;
        object::set_proto(agent, as_object(a).expect("an array"), proto);
        Ok(a)
    })
}

fn array_constructor_plain(agent: &mut Agent, _this: Value, args: &[Value]) -> R {
    if args.len() == 1 {
        if let Some(n) = args[0].as_number() {
            let len = crate::runtime::number::to_uint32(n);
            if f64::from(len) != n {
                return Err(Throw::error(ErrorType::RangeError, "Invalid array length"));
            }
            return Ok(Value::cell(array_create(agent, u64::from(len))?));
        }
    }
    Ok(Value::cell(array_from(agent, args)?))
}

// ----- 23.1.2 Properties of the Array Constructor -----

/// 23.1.2.1 Array.from ( items [ , mapfn [ , thisArg ] ] )
pub(crate) fn from(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let C be the this value.
    let c = this;
    let items = arg(args, 0);
    let mapfn = arg(args, 1);
    let this_arg = arg(args, 2);
    // 2-3. If mapfn is undefined, let mapping be false; else it must be callable.
    let mapping = !mapfn.is_undefined();
    if mapping {
        callback(agent, mapfn)?;
    }
    if items.is_nullish() {
        return Err(type_error(format!(
            "{} is not iterable",
            ops::display(agent, items)
        )));
    }
    agent.scope(|agent| {
        // 4. Let usingIterator be ? GetMethod(items, @@iterator).
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        let using_iterator = ops::get_method(agent, items, PropertyKey::Symbol(sym))?;
        let map = |agent: &mut Agent, v: Value, k: u64| -> R {
            if mapping {
                agent.scope(|agent| {
                    agent.root(v);
                    crate::interpreter::call(agent, mapfn, this_arg, &[v, Value::number(k as f64)])
                })
            } else {
                Ok(v)
            }
        };
        if !using_iterator.is_undefined() {
            // 5. Iterable: A is ? Construct(C) or ArrayCreate(0); step through the iterator.
            agent.root(using_iterator);
            let a = construct_or_create(agent, c, &[], 0)?;
            agent.root(Value::cell(a));
            let (iterator, next) = ops::get_iterator(agent, items)?;
            agent.root(iterator);
            agent.root(next);
            let mut k: u64 = 0;
            loop {
                let Some(v) = ops::iterator_step_value(agent, iterator, next)? else {
                    set_length(agent, a, k)?;
                    return Ok(Value::cell(a));
                };
                let step = agent.scope(|agent| -> Result<(), Throw> {
                    agent.root(v);
                    let mapped = map(agent, v, k)?;
                    agent.root(mapped);
                    create(agent, a, k, mapped)
                });
                if let Err(e) = step {
                    ops::iterator_close(agent, iterator, true)?;
                    return Err(e);
                }
                k += 1;
            }
        }
        // 6-13. An array-like: A is ? Construct(C, « len ») or ArrayCreate(len).
        let array_like = to_object(agent, items, "from")?;
        let len = length_of_array_like(agent, array_like)?;
        let a = construct_or_create(agent, c, &[Value::number(len as f64)], len)?;
        agent.root(Value::cell(a));
        for k in 0..len {
            agent.scope(|agent| -> Result<(), Throw> {
                let v = get(agent, array_like, k)?;
                agent.root(v);
                let mapped = map(agent, v, k)?;
                agent.root(mapped);
                create(agent, a, k, mapped)
            })?;
        }
        set_length(agent, a, len)?;
        Ok(Value::cell(a))
    })
}

/// 23.1.2.2 Array.isArray ( arg )
pub(crate) fn is_array_fn(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(is_array_checked(arg(args, 0))?))
}

/// 23.1.2.3 Array.of ( ...items )
pub(crate) fn of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1-4. Let len be the number of arguments; A is ? Construct(C, « len ») or ArrayCreate.
    let len = args.len() as u64;
    agent.scope(|agent| {
        let a = construct_or_create(agent, this, &[Value::number(len as f64)], len)?;
        agent.root(Value::cell(a));
        // 5-6. CreateDataPropertyOrThrow for each item.
        for (k, &v) in args.iter().enumerate() {
            create(agent, a, k as u64, v)?;
        }
        // 7. Perform ? Set(A, "length", lenNumber, true).
        set_length(agent, a, len)?;
        Ok(Value::cell(a))
    })
}

/// `get Array [ @@species ]`: the this value.
fn species(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

// ----- 23.1.3 Properties of the Array Prototype Object -----

/// 23.1.3.1 Array.prototype.at ( index )
pub(crate) fn at(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "at")?;
    let len = length_of_array_like(agent, o)?;
    let rel = to_integer_or_infinity(to_number(agent, arg(args, 0))?);
    let k = if rel >= 0.0 { rel } else { len as f64 + rel };
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::UNDEFINED);
    }
    get(agent, o, k as u64)
}

/// 23.1.3.2 Array.prototype.concat ( ...items )
pub(crate) fn concat(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "concat")?;
    agent.scope(|agent| {
        // 2. Let A be ? ArraySpeciesCreate(O, 0).
        let a = array_species_create(agent, o, 0)?;
        agent.root(Value::cell(a));
        let mut n: u64 = 0;
        // 4-5. For each element E of « O » followed by items:
        let items = std::iter::once(Value::cell(o)).chain(args.iter().copied());
        for e in items {
            // b. If ? IsConcatSpreadable(E) is true, copy its elements (holes stay holes).
            if is_concat_spreadable(agent, e)? {
                let eo = as_object(e).expect("a spreadable value is an object");
                let len = length_of_array_like(agent, eo)?;
                if n + len > MAX_SAFE_INTEGER {
                    return Err(type_error("Array length exceeds 2^53 - 1"));
                }
                for k in 0..len {
                    if has(agent, eo, k)? {
                        agent.scope(|agent| {
                            let v = get(agent, eo, k)?;
                            agent.root(v);
                            create(agent, a, n, v)
                        })?;
                    }
                    n += 1;
                }
            } else {
                if n >= MAX_SAFE_INTEGER {
                    return Err(type_error("Array length exceeds 2^53 - 1"));
                }
                create(agent, a, n, e)?;
                n += 1;
            }
        }
        // 6. Perform ? Set(A, "length", 𝔽(n), true).
        set_length(agent, a, n)?;
        Ok(Value::cell(a))
    })
}

/// 23.1.3.4 Array.prototype.copyWithin ( target, start [ , end ] )
pub(crate) fn copy_within(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "copyWithin")?;
    let len = length_of_array_like(agent, o)?;
    let to = relative_index(agent, arg(args, 0), len, 0)?;
    let from = relative_index(agent, arg(args, 1), len, 0)?;
    let fin = relative_index(agent, arg(args, 2), len, len)?;
    // 11. Let count be min(final - from, len - to).
    let count = fin.saturating_sub(from).min(len - to);
    let (mut from, mut to, forward) = if from < to && to < from + count {
        (from + count - 1, to + count - 1, false)
    } else {
        (from, to, true)
    };
    for _ in 0..count {
        if has(agent, o, from)? {
            agent.scope(|agent| {
                let v = get(agent, o, from)?;
                agent.root(v);
                set(agent, o, to, v)
            })?;
        } else {
            delete(agent, o, to)?;
        }
        if forward {
            from += 1;
            to += 1;
        } else {
            from = from.wrapping_sub(1);
            to = to.wrapping_sub(1);
        }
    }
    Ok(Value::cell(o))
}

/// 23.1.3.5 Array.prototype.entries ( )
pub(crate) fn entries(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let _ = to_object(agent, this, "entries")?;
    create_array_iterator(agent, this, KIND_ENTRIES)
}

/// 23.1.3.19 Array.prototype.keys ( )
pub(crate) fn keys(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let _ = to_object(agent, this, "keys")?;
    create_array_iterator(agent, this, KIND_KEYS)
}

/// 23.1.3.38 Array.prototype.values ( ) (also `Array.prototype[@@iterator]`)
pub(crate) fn values(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let _ = to_object(agent, this, "values")?;
    new_array_iterator(agent, this)
}

/// Which of every/some/filter/forEach/map a shared loop implements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loop {
    Every,
    Some,
    Filter,
    ForEach,
    Map,
}

/// 23.1.3.6 every, 23.1.3.8 filter, 23.1.3.15 forEach, 23.1.3.21 map, 23.1.3.29 some: one
/// loop over `0..len`, skipping holes (HasProperty), calling `callbackfn(kValue, k, O)`.
fn iterate(agent: &mut Agent, this: Value, args: &[Value], which: Loop, method: &str) -> R {
    // 1-2. Let O be ? ToObject(this value); let len be ? LengthOfArrayLike(O).
    let o = to_object(agent, this, method)?;
    let len = length_of_array_like(agent, o)?;
    // 3. If IsCallable(callbackfn) is false, throw a TypeError exception.
    let f = callback(agent, arg(args, 0))?;
    let this_arg = arg(args, 1);
    agent.scope(|agent| {
        let a = match which {
            Loop::Map => Some(array_species_create(agent, o, len)?),
            Loop::Filter => Some(array_species_create(agent, o, 0)?),
            _ => None,
        };
        if let Some(a) = a {
            agent.root(Value::cell(a));
        }
        let mut to: u64 = 0;
        for k in 0..len {
            if !has(agent, o, k)? {
                continue;
            }
            let done = agent.scope(|agent| -> Result<bool, Throw> {
                let v = get(agent, o, k)?;
                agent.root(v);
                let r = call_back(agent, f, this_arg, v, k, o)?;
                agent.root(r);
                match which {
                    Loop::Every => return Ok(!ops::to_boolean(r)),
                    Loop::Some => return Ok(ops::to_boolean(r)),
                    Loop::Filter if ops::to_boolean(r) => {
                        create(agent, a.expect("an array"), to, v)?;
                        to += 1;
                    }
                    Loop::Map => create(agent, a.expect("an array"), k, r)?,
                    _ => {}
                }
                Ok(false)
            })?;
            if done {
                return Ok(Value::bool(which == Loop::Some));
            }
        }
        Ok(match which {
            Loop::Every => Value::TRUE,
            Loop::Some => Value::FALSE,
            Loop::ForEach => Value::UNDEFINED,
            Loop::Filter | Loop::Map => Value::cell(a.expect("an array")),
        })
    })
}

/// 23.1.3.6 Array.prototype.every ( callbackfn [ , thisArg ] )
pub(crate) fn every(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    iterate(agent, this, args, Loop::Every, "every")
}

/// 23.1.3.29 Array.prototype.some ( callbackfn [ , thisArg ] )
pub(crate) fn some(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    iterate(agent, this, args, Loop::Some, "some")
}

/// 23.1.3.8 Array.prototype.filter ( callbackfn [ , thisArg ] )
pub(crate) fn filter(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    iterate(agent, this, args, Loop::Filter, "filter")
}

/// 23.1.3.15 Array.prototype.forEach ( callbackfn [ , thisArg ] )
pub(crate) fn for_each(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    iterate(agent, this, args, Loop::ForEach, "forEach")
}

/// 23.1.3.21 Array.prototype.map ( callbackfn [ , thisArg ] )
pub(crate) fn map(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    iterate(agent, this, args, Loop::Map, "map")
}

/// 23.1.3.7 Array.prototype.fill ( value [ , start [ , end ] ] )
pub(crate) fn fill(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "fill")?;
    let len = length_of_array_like(agent, o)?;
    let k = relative_index(agent, arg(args, 1), len, 0)?;
    let fin = relative_index(agent, arg(args, 2), len, len)?;
    for i in k..fin {
        set(agent, o, i, arg(args, 0))?;
    }
    Ok(Value::cell(o))
}

/// FindViaPredicate (23.1.3.12.1): `(index, value)` of the first match in the direction.
fn find_via_predicate(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    ascending: bool,
    method: &str,
) -> Result<(f64, Value), Throw> {
    let o = to_object(agent, this, method)?;
    let len = length_of_array_like(agent, o)?;
    let f = callback(agent, arg(args, 0))?;
    let this_arg = arg(args, 1);
    for i in 0..len {
        let k = if ascending { i } else { len - 1 - i };
        // Holes are not skipped: every index is visited.
        let found = agent.scope(|agent| -> Result<Option<Value>, Throw> {
            let v = get(agent, o, k)?;
            let root = agent.root(v);
            let r = call_back(agent, f, this_arg, v, k, o)?;
            Ok(ops::to_boolean(r).then(|| agent.get(root)))
        })?;
        if let Some(v) = found {
            return Ok((k as f64, v));
        }
    }
    Ok((-1.0, Value::UNDEFINED))
}

/// 23.1.3.9 Array.prototype.find ( predicate [ , thisArg ] )
pub(crate) fn find(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(find_via_predicate(agent, this, args, true, "find")?.1)
}

/// 23.1.3.10 Array.prototype.findIndex ( predicate [ , thisArg ] )
pub(crate) fn find_index(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::number(
        find_via_predicate(agent, this, args, true, "findIndex")?.0,
    ))
}

/// 23.1.3.11 Array.prototype.findLast ( predicate [ , thisArg ] )
pub(crate) fn find_last(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(find_via_predicate(agent, this, args, false, "findLast")?.1)
}

/// 23.1.3.12 Array.prototype.findLastIndex ( predicate [ , thisArg ] )
pub(crate) fn find_last_index(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::number(
        find_via_predicate(agent, this, args, false, "findLastIndex")?.0,
    ))
}

/// 23.1.3.13.1 FlattenIntoArray ( target, source, sourceLen, start, depth [ , mapper,
/// thisArg ] ): returns the next target index.
#[allow(clippy::too_many_arguments)]
fn flatten_into_array(
    agent: &mut Agent,
    target: ObjectRef,
    source: ObjectRef,
    source_len: u64,
    start: u64,
    depth: f64,
    mapper: Option<(Value, Value)>,
) -> Result<u64, Throw> {
    // 1. Let targetIndex be start.
    let mut target_index = start;
    // 3. Repeat, while sourceIndex < sourceLen,
    for source_index in 0..source_len {
        if !has(agent, source, source_index)? {
            continue;
        }
        target_index = agent.scope(|agent| -> Result<u64, Throw> {
            let mut element = get(agent, source, source_index)?;
            agent.root(element);
            if let Some((f, this_arg)) = mapper {
                element = call_back(agent, f, this_arg, element, source_index, source)?;
                agent.root(element);
            }
            // Flatten arrays while depth > 0.
            if let Some(eo) = as_object(element).filter(|_| depth > 0.0 && is_array(element)) {
                let len = length_of_array_like(agent, eo)?;
                return flatten_into_array(agent, target, eo, len, target_index, depth - 1.0, None);
            }
            if target_index >= MAX_SAFE_INTEGER {
                return Err(type_error("Array length exceeds 2^53 - 1"));
            }
            create(agent, target, target_index, element)?;
            Ok(target_index + 1)
        })?;
    }
    Ok(target_index)
}

/// 23.1.3.13 Array.prototype.flat ( [ depth ] )
pub(crate) fn flat(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "flat")?;
    let len = length_of_array_like(agent, o)?;
    let depth = if arg(args, 0).is_undefined() {
        1.0
    } else {
        to_integer_or_infinity(to_number(agent, arg(args, 0))?).max(0.0)
    };
    agent.scope(|agent| {
        let a = array_species_create(agent, o, 0)?;
        agent.root(Value::cell(a));
        flatten_into_array(agent, a, o, len, 0, depth, None)?;
        Ok(Value::cell(a))
    })
}

/// 23.1.3.14 Array.prototype.flatMap ( mapperFunction [ , thisArg ] )
pub(crate) fn flat_map(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "flatMap")?;
    let len = length_of_array_like(agent, o)?;
    let f = callback(agent, arg(args, 0))?;
    agent.scope(|agent| {
        let a = array_species_create(agent, o, 0)?;
        agent.root(Value::cell(a));
        flatten_into_array(agent, a, o, len, 0, 1.0, Some((f, arg(args, 1))))?;
        Ok(Value::cell(a))
    })
}

/// 23.1.3.16 Array.prototype.includes ( searchElement [ , fromIndex ] )
pub(crate) fn includes(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "includes")?;
    let len = length_of_array_like(agent, o)?;
    if len == 0 {
        return Ok(Value::FALSE);
    }
    let k = relative_index(agent, arg(args, 1), len, 0)?;
    for k in k..len {
        // Holes read as undefined (no HasProperty).
        let v = get(agent, o, k)?;
        if same_value_zero_values(arg(args, 0), v) {
            return Ok(Value::TRUE);
        }
    }
    Ok(Value::FALSE)
}

/// 23.1.3.17 Array.prototype.indexOf ( searchElement [ , fromIndex ] )
pub(crate) fn index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "indexOf")?;
    let len = length_of_array_like(agent, o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    let k = relative_index(agent, arg(args, 1), len, 0)?;
    for k in k..len {
        if has(agent, o, k)? {
            let v = get(agent, o, k)?;
            if ops::strict_equals(arg(args, 0), v) {
                return Ok(Value::number(k as f64));
            }
        }
    }
    Ok(Value::int(-1))
}

/// 23.1.3.20 Array.prototype.lastIndexOf ( searchElement [ , fromIndex ] )
pub(crate) fn last_index_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "lastIndexOf")?;
    let len = length_of_array_like(agent, o)?;
    if len == 0 {
        return Ok(Value::int(-1));
    }
    // 4. If fromIndex is present, let fromIndex be ? ToIntegerOrInfinity(fromIndex); else len - 1.
    let from = if args.len() > 1 {
        to_integer_or_infinity(to_number(agent, args[1])?)
    } else {
        len as f64 - 1.0
    };
    let k = if from >= 0.0 {
        from.min(len as f64 - 1.0)
    } else {
        len as f64 + from
    };
    if k < 0.0 {
        return Ok(Value::int(-1));
    }
    let mut k = k as u64;
    loop {
        if has(agent, o, k)? {
            let v = get(agent, o, k)?;
            if ops::strict_equals(arg(args, 0), v) {
                return Ok(Value::number(k as f64));
            }
        }
        if k == 0 {
            return Ok(Value::int(-1));
        }
        k -= 1;
    }
}

/// 23.1.3.18 Array.prototype.join ( separator )
pub(crate) fn join(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    join_elements(agent, this, arg(args, 0), false)
}

/// 23.1.3.32 Array.prototype.toLocaleString ( [ reserved1 [ , reserved2 ] ] ): `join` with
/// the list separator ",", each element converted by its own `toLocaleString()`.
pub(crate) fn to_locale_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    join_elements(agent, this, Value::UNDEFINED, true)
}

/// The loop of `join` and `toLocaleString` (an array already being joined, i.e. a cycle,
/// contributes the empty string).
fn join_elements(agent: &mut Agent, this: Value, separator: Value, locale: bool) -> R {
    let method = if locale { "toLocaleString" } else { "join" };
    let obj = to_object(agent, this, method)?;
    let id = this.bits();
    if agent.roots.vm.join_stack.contains(&id) {
        return ops::new_string(agent, "");
    }
    let len = length_of_array_like(agent, obj)?;
    agent.scope(|agent| {
        let sep = if separator.is_undefined() {
            ops::new_string(agent, ",")?
        } else {
            to_string_value(agent, separator)?
        };
        agent.root(sep);
        let empty = ops::new_string(agent, "")?;
        agent.root(empty);
        agent.roots.vm.join_stack.push(id);
        // The element strings, rooted in this scope; joined into one string at the end.
        let result = (|| -> Result<Vec<Value>, Throw> {
            let sep_len = string::len(sep.as_cell().expect("a string"));
            let mut parts = Vec::new();
            let mut total = 0usize;
            for i in 0..len {
                if i > 0 {
                    total += sep_len;
                }
                let e = get(agent, obj, i)?;
                let s = if e.is_nullish() {
                    empty
                } else if locale {
                    agent.scope(|agent| {
                        agent.root(e);
                        // ? Invoke(nextElement, "toLocaleString"), then ? ToString.
                        let key = PropertyKey::Atom(agent.atoms.intern_str("toLocaleString"));
                        let f = ops::get_property(agent, e, key)?;
                        let f = callback(agent, f)?;
                        agent.root(f);
                        let r = crate::interpreter::call(agent, f, e, &[])?;
                        to_string_value(agent, r)
                    })?
                } else {
                    to_string_value(agent, e)?
                };
                agent.root(s);
                parts.push(s);
                total += string::len(s.as_cell().expect("a string"));
                if total > string::MAX_LENGTH {
                    return Err(Throw::error(ErrorType::RangeError, "Invalid string length"));
                }
            }
            Ok(parts)
        })();
        agent.roots.vm.join_stack.pop();
        let parts = result?;
        if parts.is_empty() {
            return Ok(empty);
        }
        let joined = string::join(agent, &parts, Some(sep.as_cell().expect("a string")))?;
        Ok(Value::cell(joined))
    })
}

/// 23.1.3.22 Array.prototype.pop ( )
pub(crate) fn pop(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let obj = to_object(agent, this, "pop")?;
    let len = length_of_array_like(agent, obj)?;
    if len == 0 {
        set_length(agent, obj, 0)?;
        return Ok(Value::UNDEFINED);
    }
    agent.scope(|agent| {
        let e = get(agent, obj, len - 1)?;
        let e = agent.root(e);
        delete(agent, obj, len - 1)?;
        set_length(agent, obj, len - 1)?;
        Ok(agent.get(e))
    })
}

/// 23.1.3.23 Array.prototype.push ( ...items )
pub(crate) fn push(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    if let Some(len) = push_in_place(agent, this, args)? {
        return Ok(Value::number(f64::from(len)));
    }
    let obj = to_object(agent, this, "push")?;
    let len = length_of_array_like(agent, obj)?;
    if len + args.len() as u64 > MAX_SAFE_INTEGER {
        return Err(type_error("Array length exceeds 2^53 - 1"));
    }
    for (i, &v) in args.iter().enumerate() {
        set(agent, obj, len + i as u64, v)?;
    }
    let new_len = len + args.len() as u64;
    set_length(agent, obj, new_len)?;
    Ok(Value::number(new_len as f64))
}

/// `push` on an extensible Array with a writable `length` when nothing on its prototype
/// chain has the new indices: then each `Set(O, len, v, true)` finds no own property (an
/// Array has none at or past its length) and no inherited one, so it creates the element,
/// which also sets `length` — the same steps, without the generic property protocol.
/// `None` (nothing done) when a condition does not hold.
fn push_in_place(agent: &mut Agent, this: Value, args: &[Value]) -> Result<Option<u32>, Throw> {
    let Some(o) = as_object(this) else {
        return Ok(None);
    };
    if object::class(o) != CLASS_ARRAY
        || !object::is_extensible(o)
        || !object::is_length_writable(o)
    {
        return Ok(None);
    }
    let len = object::elements_len(o);
    if u64::from(len) + args.len() as u64 > u64::from(MAX_ARRAY_INDEX) {
        return Ok(None);
    }
    let inherited = |agent: &Agent, index: u32| {
        let key = PropertyKey::Index(index);
        let mut proto = object::proto(o).as_cell();
        while let Some(p) = proto {
            if ops::exotic(p).is_some()
                || crate::interpreter::builtins::typed_array::numeric_key(agent, p, key).is_some()
                || ops::has_own_index(agent, p, index)
            {
                return true;
            }
            proto = object::proto(p).as_cell();
        }
        false
    };
    if (0..args.len() as u32).any(|i| inherited(agent, len + i)) {
        return Ok(None);
    }
    // `this` and the arguments are rooted by the caller; nothing here runs user code.
    for (i, &v) in args.iter().enumerate() {
        object::set_element(agent, o, len + i as u32, v)?;
    }
    Ok(Some(len + args.len() as u32))
}

/// 23.1.3.24 / 23.1.3.25 Array.prototype.reduce / reduceRight.
fn reduce_impl(agent: &mut Agent, this: Value, args: &[Value], right: bool, method: &str) -> R {
    let o = to_object(agent, this, method)?;
    let len = length_of_array_like(agent, o)?;
    let f = callback(agent, arg(args, 0))?;
    let index = |i: u64| if right { len - 1 - i } else { i };
    agent.scope(|agent| {
        let mut i: u64 = 0;
        let acc = if args.len() >= 2 {
            args[1]
        } else {
            // Find the first present element.
            loop {
                if i >= len {
                    return Err(type_error("Reduce of empty array with no initial value"));
                }
                let k = index(i);
                i += 1;
                if has(agent, o, k)? {
                    break get(agent, o, k)?;
                }
            }
        };
        let acc = agent.root(acc);
        let mut acc_value = agent.get(acc);
        while i < len {
            let k = index(i);
            i += 1;
            if !has(agent, o, k)? {
                continue;
            }
            acc_value = agent.scope(|agent| {
                let v = get(agent, o, k)?;
                agent.root(v);
                crate::interpreter::call(
                    agent,
                    f,
                    Value::UNDEFINED,
                    &[acc_value, v, Value::number(k as f64), Value::cell(o)],
                )
            })?;
            agent.root(acc_value);
        }
        Ok(acc_value)
    })
}

/// 23.1.3.24 Array.prototype.reduce ( callbackfn [ , initialValue ] )
pub(crate) fn reduce(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    reduce_impl(agent, this, args, false, "reduce")
}

/// 23.1.3.25 Array.prototype.reduceRight ( callbackfn [ , initialValue ] )
pub(crate) fn reduce_right(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    reduce_impl(agent, this, args, true, "reduceRight")
}

/// 23.1.3.26 Array.prototype.reverse ( )
pub(crate) fn reverse(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "reverse")?;
    let len = length_of_array_like(agent, o)?;
    let middle = len / 2;
    for lower in 0..middle {
        let upper = len - lower - 1;
        agent.scope(|agent| -> Result<(), Throw> {
            let lower_exists = has(agent, o, lower)?;
            let lower_value = if lower_exists {
                get(agent, o, lower)?
            } else {
                Value::UNDEFINED
            };
            agent.root(lower_value);
            let upper_exists = has(agent, o, upper)?;
            let upper_value = if upper_exists {
                get(agent, o, upper)?
            } else {
                Value::UNDEFINED
            };
            agent.root(upper_value);
            match (lower_exists, upper_exists) {
                (true, true) => {
                    set(agent, o, lower, upper_value)?;
                    set(agent, o, upper, lower_value)
                }
                (false, true) => {
                    set(agent, o, lower, upper_value)?;
                    delete(agent, o, upper)
                }
                (true, false) => {
                    delete(agent, o, lower)?;
                    set(agent, o, upper, lower_value)
                }
                (false, false) => Ok(()),
            }
        })?;
    }
    Ok(Value::cell(o))
}

/// 23.1.3.27 Array.prototype.shift ( )
pub(crate) fn shift(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "shift")?;
    let len = length_of_array_like(agent, o)?;
    if len == 0 {
        set_length(agent, o, 0)?;
        return Ok(Value::UNDEFINED);
    }
    agent.scope(|agent| {
        let first = get(agent, o, 0)?;
        let first = agent.root(first);
        move_range(agent, o, 1, 0, len - 1)?;
        delete(agent, o, len - 1)?;
        set_length(agent, o, len - 1)?;
        Ok(agent.get(first))
    })
}

/// Moves `count` elements from `from..` to `to..` (holes deleted), in the order the spec's
/// shift/unshift/splice loops use: ascending when moving down, descending when moving up.
fn move_range(
    agent: &mut Agent,
    o: ObjectRef,
    from: u64,
    to: u64,
    count: u64,
) -> Result<(), Throw> {
    for i in 0..count {
        let j = if to < from { i } else { count - 1 - i };
        let (f, t) = (from + j, to + j);
        if has(agent, o, f)? {
            agent.scope(|agent| {
                let v = get(agent, o, f)?;
                agent.root(v);
                set(agent, o, t, v)
            })?;
        } else {
            delete(agent, o, t)?;
        }
    }
    Ok(())
}

/// 23.1.3.28 Array.prototype.slice ( start, end )
pub(crate) fn slice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "slice")?;
    let len = length_of_array_like(agent, o)?;
    let k = relative_index(agent, arg(args, 0), len, 0)?;
    let fin = relative_index(agent, arg(args, 1), len, len)?;
    let count = fin.saturating_sub(k);
    agent.scope(|agent| {
        let a = array_species_create(agent, o, count)?;
        agent.root(Value::cell(a));
        for (n, k) in (k..fin).enumerate() {
            if has(agent, o, k)? {
                agent.scope(|agent| {
                    let v = get(agent, o, k)?;
                    agent.root(v);
                    create(agent, a, n as u64, v)
                })?;
            }
        }
        set_length(agent, a, count)?;
        Ok(Value::cell(a))
    })
}

/// 23.1.3.30.2 SortCompare ( x, y ): `true` if `x` sorts after `y`. Neither is undefined.
fn sort_compare(agent: &mut Agent, comparefn: Value, x: Value, y: Value) -> Result<bool, Throw> {
    agent.scope(|agent| {
        agent.root(x);
        agent.root(y);
        if !comparefn.is_undefined() {
            // 1. Let v be ? ToNumber(? Call(comparefn, undefined, « x, y »)).
            let r = crate::interpreter::call(agent, comparefn, Value::UNDEFINED, &[x, y])?;
            let v = to_number(agent, r)?;
            // 2. If v is NaN, return +0𝔽.
            return Ok(v > 0.0);
        }
        // 5-6. Let xString be ? ToString(x); let yString be ? ToString(y).
        let xs = to_string_value(agent, x)?;
        agent.root(xs);
        let ys = to_string_value(agent, y)?;
        let order = string::compare(
            xs.as_cell().expect("a string"),
            ys.as_cell().expect("a string"),
        );
        Ok(order.is_gt())
    })
}

/// SortIndexedProperties' sort step: a stable merge sort of `items` (all rooted by the
/// caller, none undefined).
fn merge_sort(agent: &mut Agent, comparefn: Value, items: &mut Vec<Value>) -> Result<(), Throw> {
    if comparefn.is_undefined() && items.iter().all(|&v| ops::is_string(v)) {
        // Only strings and the default order: ToString is the identity and nothing can run
        // user code, so compare the units in place (ropes flattened once, up front; flattening
        // allocates, but the items are rooted).
        for &v in items.iter() {
            string::flatten(agent, v.as_cell().expect("a string"))?;
        }
        // Borrow every string's units once (nothing allocates while the views live) and
        // sort the pairs: the order is total, so a stable sort gives SortCompare's result.
        let agent: &Agent = agent;
        let mut keyed: Vec<(string::Units<'_>, Value)> = items
            .iter()
            .map(|&v| {
                let units = string::view(agent, v.as_cell().expect("a string"));
                (units.expect("flattened above"), v)
            })
            .collect();
        keyed.sort_by(|x, y| x.0.compare(y.0));
        for (slot, (_, v)) in items.iter_mut().zip(keyed) {
            *slot = v;
        }
        return Ok(());
    }
    merge_sort_by(items, |x, y| sort_compare(agent, comparefn, *x, *y))
}

/// A stable merge sort whose comparison may fail (it calls JavaScript): `after(x, y)` says
/// whether `x` sorts strictly after `y`. Shared by Array and %TypedArray% `sort`.
pub(super) fn merge_sort_by<T: Copy>(
    items: &mut Vec<T>,
    mut after: impl FnMut(&T, &T) -> Result<bool, Throw>,
) -> Result<(), Throw> {
    let n = items.len();
    let mut buffer = items.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j, mut out) = (start, mid, start);
            while i < mid && j < end {
                // Take from the right only if the left sorts strictly after it (stability).
                if after(&items[i], &items[j])? {
                    buffer[out] = items[j];
                    j += 1;
                } else {
                    buffer[out] = items[i];
                    i += 1;
                }
                out += 1;
            }
            buffer[out..out + mid - i].copy_from_slice(&items[i..mid]);
            out += mid - i;
            buffer[out..out + end - j].copy_from_slice(&items[j..end]);
            start = end;
        }
        std::mem::swap(items, &mut buffer);
        width *= 2;
    }
    Ok(())
}

/// 23.1.3.30.1 SortIndexedProperties ( obj, len, SortCompare, skip-holes ): the sorted
/// values, rooted in the current scope; undefineds last, holes dropped.
fn sort_indexed_properties(
    agent: &mut Agent,
    o: ObjectRef,
    len: u64,
    comparefn: Value,
    skip_holes: bool,
) -> Result<Vec<Value>, Throw> {
    let mut items = Vec::new();
    let mut undefineds = 0usize;
    for k in 0..len {
        if skip_holes && !has(agent, o, k)? {
            continue;
        }
        let v = get(agent, o, k)?;
        if v.is_undefined() {
            undefineds += 1;
        } else {
            agent.root(v);
            items.push(v);
        }
    }
    merge_sort(agent, comparefn, &mut items)?;
    items.extend(std::iter::repeat(Value::UNDEFINED).take(undefineds));
    Ok(items)
}

/// The comparefn argument of sort/toSorted: undefined or callable.
fn comparator(agent: &Agent, v: Value) -> Result<Value, Throw> {
    if v.is_undefined() {
        Ok(v)
    } else {
        callback(agent, v)
    }
}

/// 23.1.3.30 Array.prototype.sort ( comparefn )
pub(crate) fn sort(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    // 1. If comparefn is not undefined and IsCallable(comparefn) is false, throw a TypeError.
    let comparefn = comparator(agent, arg(args, 0))?;
    let o = to_object(agent, this, "sort")?;
    let len = length_of_array_like(agent, o)?;
    agent.scope(|agent| {
        let items = sort_indexed_properties(agent, o, len, comparefn, true)?;
        let count = items.len() as u64;
        for (j, &v) in items.iter().enumerate() {
            set(agent, o, j as u64, v)?;
        }
        // Holes go to the end: delete the remaining indices.
        for j in count..len {
            delete(agent, o, j)?;
        }
        Ok(Value::cell(o))
    })
}

/// 23.1.3.31 Array.prototype.splice ( start, deleteCount, ...items )
pub(crate) fn splice(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "splice")?;
    let len = length_of_array_like(agent, o)?;
    let start = relative_index(agent, arg(args, 0), len, 0)?;
    let items = args.get(2..).unwrap_or(&[]);
    let delete_count = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let dc = to_integer_or_infinity(to_number(agent, args[1])?);
            dc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    let item_count = items.len() as u64;
    if len + item_count - delete_count > MAX_SAFE_INTEGER {
        return Err(type_error("Array length exceeds 2^53 - 1"));
    }
    agent.scope(|agent| {
        let a = array_species_create(agent, o, delete_count)?;
        agent.root(Value::cell(a));
        for k in 0..delete_count {
            if has(agent, o, start + k)? {
                agent.scope(|agent| {
                    let v = get(agent, o, start + k)?;
                    agent.root(v);
                    create(agent, a, k, v)
                })?;
            }
        }
        set_length(agent, a, delete_count)?;
        let tail = len - start - delete_count;
        if item_count < delete_count {
            move_range(agent, o, start + delete_count, start + item_count, tail)?;
            let mut k = len;
            while k > len - delete_count + item_count {
                delete(agent, o, k - 1)?;
                k -= 1;
            }
        } else if item_count > delete_count {
            move_range(agent, o, start + delete_count, start + item_count, tail)?;
        }
        for (i, &v) in items.iter().enumerate() {
            set(agent, o, start + i as u64, v)?;
        }
        set_length(agent, o, len - delete_count + item_count)?;
        Ok(Value::cell(a))
    })
}

/// 23.1.3.33 Array.prototype.toReversed ( )
pub(crate) fn to_reversed(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "toReversed")?;
    let len = length_of_array_like(agent, o)?;
    agent.scope(|agent| {
        let a = array_create(agent, len)?;
        agent.root(Value::cell(a));
        for k in 0..len {
            agent.scope(|agent| {
                let v = get(agent, o, len - k - 1)?;
                agent.root(v);
                create(agent, a, k, v)
            })?;
        }
        Ok(Value::cell(a))
    })
}

/// 23.1.3.34 Array.prototype.toSorted ( comparefn )
pub(crate) fn to_sorted(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let comparefn = comparator(agent, arg(args, 0))?;
    let o = to_object(agent, this, "toSorted")?;
    let len = length_of_array_like(agent, o)?;
    agent.scope(|agent| {
        let a = array_create(agent, len)?;
        agent.root(Value::cell(a));
        // Holes read as undefined (read-through-holes).
        let items = sort_indexed_properties(agent, o, len, comparefn, false)?;
        for (j, &v) in items.iter().enumerate() {
            create(agent, a, j as u64, v)?;
        }
        Ok(Value::cell(a))
    })
}

/// 23.1.3.35 Array.prototype.toSpliced ( start, skipCount, ...items )
pub(crate) fn to_spliced(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "toSpliced")?;
    let len = length_of_array_like(agent, o)?;
    let start = relative_index(agent, arg(args, 0), len, 0)?;
    let items = args.get(2..).unwrap_or(&[]);
    let skip = match args.len() {
        0 => 0,
        1 => len - start,
        _ => {
            let sc = to_integer_or_infinity(to_number(agent, args[1])?);
            sc.clamp(0.0, (len - start) as f64) as u64
        }
    };
    let new_len = len + items.len() as u64 - skip;
    if new_len > MAX_SAFE_INTEGER {
        return Err(type_error("Array length exceeds 2^53 - 1"));
    }
    agent.scope(|agent| {
        let a = array_create(agent, new_len)?;
        agent.root(Value::cell(a));
        let mut i: u64 = 0;
        for k in 0..start {
            agent.scope(|agent| {
                let v = get(agent, o, k)?;
                agent.root(v);
                create(agent, a, k, v)
            })?;
            i += 1;
        }
        for &v in items {
            create(agent, a, i, v)?;
            i += 1;
        }
        for r in start + skip..len {
            agent.scope(|agent| {
                let v = get(agent, o, r)?;
                agent.root(v);
                create(agent, a, i, v)
            })?;
            i += 1;
        }
        Ok(Value::cell(a))
    })
}

/// 23.1.3.36 Array.prototype.toString ( )
pub(crate) fn to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let obj = to_object(agent, this, "toString")?;
    let join = ops::get_from_object(agent, obj, PropertyKey::Atom(names::JOIN))?
        .unwrap_or(Value::UNDEFINED);
    if is_callable(join) {
        return agent.scope(|agent| {
            agent.root(join);
            crate::interpreter::call(agent, join, this, &[])
        });
    }
    object_proto_to_string(agent, this, &[], Value::UNDEFINED)
}

/// 23.1.3.37 Array.prototype.unshift ( ...items )
pub(crate) fn unshift(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "unshift")?;
    let len = length_of_array_like(agent, o)?;
    let arg_count = args.len() as u64;
    if arg_count > 0 {
        if len + arg_count > MAX_SAFE_INTEGER {
            return Err(type_error("Array length exceeds 2^53 - 1"));
        }
        move_range(agent, o, 0, arg_count, len)?;
        for (j, &v) in args.iter().enumerate() {
            set(agent, o, j as u64, v)?;
        }
    }
    set_length(agent, o, len + arg_count)?;
    Ok(Value::number((len + arg_count) as f64))
}

/// 23.1.3.39 Array.prototype.with ( index, value )
pub(crate) fn with(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = to_object(agent, this, "with")?;
    let len = length_of_array_like(agent, o)?;
    let rel = to_integer_or_infinity(to_number(agent, arg(args, 0))?);
    let actual = if rel >= 0.0 { rel } else { len as f64 + rel };
    if actual >= len as f64 || actual < 0.0 {
        return Err(Throw::error(ErrorType::RangeError, "Invalid index"));
    }
    let actual = actual as u64;
    agent.scope(|agent| {
        let a = array_create(agent, len)?;
        agent.root(Value::cell(a));
        for k in 0..len {
            agent.scope(|agent| {
                let v = if k == actual {
                    arg(args, 1)
                } else {
                    get(agent, o, k)?
                };
                agent.root(v);
                create(agent, a, k, v)
            })?;
        }
        Ok(Value::cell(a))
    })
}

// ----- 23.1.5 Array Iterator Objects -----

/// Array Iterator kinds (internal slot 2): values, keys, key+value.
pub(crate) const KIND_VALUES: i32 = 0;
pub(crate) const KIND_KEYS: i32 = 1;
pub(crate) const KIND_ENTRIES: i32 = 2;

/// 23.1.5.1 CreateArrayIterator ( array, kind )
pub(crate) fn create_array_iterator(agent: &mut Agent, obj: Value, kind: i32) -> R {
    agent.scope(|agent| {
        let obj = agent.root(obj);
        let proto = intrinsic(agent, Intrinsic::ArrayIteratorPrototype);
        let it = new_object_with_class(agent, proto, 0, CLASS_ARRAY_ITERATOR, 3)?;
        let o = agent.get(obj);
        object::set_internal_slot(agent, it, 0, o);
        object::set_internal_slot(agent, it, 1, Value::int(0));
        object::set_internal_slot(agent, it, 2, Value::int(kind));
        Ok(Value::cell(it))
    })
}

/// CreateArrayIterator(obj, values).
pub fn new_array_iterator(agent: &mut Agent, obj: Value) -> R {
    create_array_iterator(agent, obj, KIND_VALUES)
}

/// One step of an Array Iterator: `Some(value)` or `None` when done.
pub fn array_iterator_step(agent: &mut Agent, it: ObjectRef) -> Result<Option<Value>, Throw> {
    let target = object::internal_slot(it, 0).unwrap_or(Value::UNDEFINED);
    let Some(obj) = as_object(target) else {
        return Ok(None);
    };
    let index = object::internal_slot(it, 1)
        .and_then(Value::as_number)
        .unwrap_or(0.0) as u64;
    let kind = object::internal_slot(it, 2)
        .and_then(Value::as_int)
        .unwrap_or(KIND_VALUES);
    // A typed array's length comes from its buffer (TypeError when out of bounds).
    let len = match super::typed_array::iterator_length(obj) {
        Some(len) => len?,
        None => length_of_array_like(agent, obj)?,
    };
    if index >= len {
        object::set_internal_slot(agent, it, 0, Value::UNDEFINED);
        return Ok(None);
    }
    object::set_internal_slot(agent, it, 1, Value::number(index as f64 + 1.0));
    let k = Value::number(index as f64);
    if kind == KIND_KEYS {
        return Ok(Some(k));
    }
    let v = get(agent, obj, index)?;
    if kind == KIND_VALUES {
        return Ok(Some(v));
    }
    agent.scope(|agent| {
        agent.root(v);
        Ok(Some(Value::cell(array_from(agent, &[k, v])?)))
    })
}

/// 23.1.5.2.1 %ArrayIteratorPrototype%.next ( )
pub(crate) fn array_iterator_next(
    agent: &mut Agent,
    this: Value,
    _args: &[Value],
    _nt: Value,
) -> R {
    let Some(it) = as_object(this).filter(|&o| object::class(o) == CLASS_ARRAY_ITERATOR) else {
        return Err(type_error("next method called on incompatible receiver"));
    };
    match array_iterator_step(agent, it)? {
        Some(v) => agent.scope(|agent| {
            agent.root(v);
            iter_result(agent, v, false)
        }),
        None => iter_result(agent, Value::UNDEFINED, true),
    }
}

/// 7.4.14 CreateIterResultObject ( value, done ); `value` must be rooted by the caller.
pub fn iter_result(agent: &mut Agent, value: Value, done: bool) -> R {
    agent.scope(|agent| {
        let value = agent.root(value);
        let obj = new_plain_object(agent)?;
        agent.root(Value::cell(obj));
        let v = agent.get(value);
        define_own(agent, obj, PropertyKey::Atom(names::VALUE), v)?;
        define_own(
            agent,
            obj,
            PropertyKey::Atom(names::DONE),
            Value::bool(done),
        )?;
        Ok(Value::cell(obj))
    })
}

//! 24.2 Set Objects
//! <https://tc39.es/ecma262/2025/#sec-set-objects>
//!
//! The `Set` constructor (§24.2.1), `Set.prototype` (§24.2.4) including the ES2025 set
//! methods (`union`, `intersection`, `difference`, `symmetricDifference`, `isSubsetOf`,
//! `isSupersetOf`, `isDisjointFrom`, with GetSetRecord §24.2.1.2), and
//! %SetIteratorPrototype% (§24.2.6). A Set's `[[SetData]]` is the hash table of map.rs
//! (`Table`), with each entry's value `undefined`.

use heap::HeapError;

use super::map::{
    self, canonical_key, create_iterator, for_each_item, link_iterator_prototype, new_table_object,
    table_for_each, Table, KIND_ENTRIES, KIND_VALUES,
};
use super::{add_to_string_tag, alias, arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    as_object, get_property, is_callable, iterator_close, iterator_step_value, to_boolean,
    to_number,
};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_SET, CLASS_SET_ITERATOR,
};
use crate::interpreter::{call, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::new_object;
use crate::runtime::value::Value;

const SP: Home = Home::On(Intrinsic::SetPrototype);
const SC: Home = Home::On(Intrinsic::SetConstructor);
const SIP: Home = Home::On(Intrinsic::SetIteratorPrototype);

/// The family: `Set`, `Set.prototype` and %SetIteratorPrototype%.
pub static FAMILY: Family = Family {
    name: "Set",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Set",
            0,
            set_constructor,
            constructor(
                Some(Intrinsic::SetConstructor),
                Some(Intrinsic::SetPrototype)
            )
        ),
        native!(SC, "[Symbol.species]", map::species, getter),
        native!(SP, "add", 1, set_add),
        native!(SP, "clear", 0, set_clear),
        native!(SP, "delete", 1, set_delete),
        native!(SP, "difference", 1, set_difference),
        native!(SP, "entries", 0, set_entries),
        native!(SP, "forEach", 1, set_for_each),
        native!(SP, "has", 1, set_has),
        native!(SP, "intersection", 1, set_intersection),
        native!(SP, "isDisjointFrom", 1, set_is_disjoint_from),
        native!(SP, "isSubsetOf", 1, set_is_subset_of),
        native!(SP, "isSupersetOf", 1, set_is_superset_of),
        native!(SP, "size", set_size, getter),
        native!(SP, "symmetricDifference", 1, set_symmetric_difference),
        native!(SP, "union", 1, set_union),
        native!(SP, "values", 0, set_values),
        native!(SIP, "next", 0, set_iterator_next),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 24)?;
    agent.roots.vm.intrinsics[Intrinsic::SetPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "Set")?;
    let iter_proto = new_object(agent, op, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::SetIteratorPrototype as usize] = Value::cell(iter_proto);
    add_to_string_tag(agent, Value::cell(iter_proto), "Set Iterator")
}

fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    // 24.2.4.13 Set.prototype.keys: the initial value is %Set.prototype.values%; likewise
    // 24.2.4.18 Set.prototype [ @@iterator ].
    let keys = PropertyKey::Atom(agent.atoms.intern_str("keys"));
    alias(agent, Intrinsic::SetPrototype, "values", keys)?;
    let sym = intrinsic(agent, Intrinsic::SymbolIterator)
        .as_cell()
        .expect("a symbol");
    alias(
        agent,
        Intrinsic::SetPrototype,
        "values",
        PropertyKey::Symbol(sym),
    )?;
    link_iterator_prototype(agent, Intrinsic::SetIteratorPrototype)
}

fn this_set(this: Value, method: &str) -> Result<Table, Throw> {
    Table::of(this, CLASS_SET).ok_or_else(|| {
        type_error(format!(
            "Method Set.prototype.{method} called on incompatible receiver"
        ))
    })
}

/// 24.2.1.1 Set ( [ iterable ] )
fn set_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if nt.is_undefined() {
        return Err(type_error("Constructor Set requires 'new'"));
    }
    let proto = prototype_from_constructor(agent, nt, Intrinsic::SetPrototype)?;
    let set = new_table_object(agent, proto, CLASS_SET)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::cell(set));
    }
    agent.scope(|agent| {
        let set = agent.root(Value::cell(set));
        // 5. Let adder be ? Get(set, "add").
        let key = PropertyKey::Atom(agent.atoms.intern_str("add"));
        let adder = get_property(agent, agent.get(set), key)?;
        if !is_callable(adder) {
            return Err(type_error("'add' of the Set is not a function"));
        }
        agent.root(adder);
        let target = agent.get(set);
        for_each_item(agent, iterable, |agent, item| {
            call(agent, adder, target, &[item])?;
            Ok(())
        })?;
        Ok(agent.get(set))
    })
}

fn set_add(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_set(this, "add")?;
    let key = canonical_key(arg(args, 0));
    if t.find(key).is_none() {
        t.set(agent, key, Value::UNDEFINED)?;
    }
    Ok(this)
}

fn set_clear(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_set(this, "clear")?.clear(agent);
    Ok(Value::UNDEFINED)
}

fn set_delete(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_set(this, "delete")?;
    Ok(Value::bool(t.delete(agent, arg(args, 0))))
}

fn set_has(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        this_set(this, "has")?.find(arg(args, 0)).is_some(),
    ))
}

fn set_size(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::int(this_set(this, "size")?.size() as i32))
}

fn set_for_each(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_set(this, "forEach")?;
    table_for_each(agent, this, t, args, true)
}

fn set_entries(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_set(this, "entries")?;
    create_iterator(
        agent,
        this,
        KIND_ENTRIES,
        CLASS_SET_ITERATOR,
        Intrinsic::SetIteratorPrototype,
    )
}

fn set_values(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_set(this, "values")?;
    create_iterator(
        agent,
        this,
        KIND_VALUES,
        CLASS_SET_ITERATOR,
        Intrinsic::SetIteratorPrototype,
    )
}

fn set_iterator_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    map::iterator_next(agent, this, CLASS_SET_ITERATOR, "SetIteratorPrototype")
}

// ----- ES2025 set methods -----

/// A Set Record (§24.2.1.2): `[[SetObject]]`, `[[Size]]`, `[[Has]]`, `[[Keys]]` (all rooted by
/// the caller's scope).
struct SetRecord {
    object: Value,
    size: f64,
    has: Value,
    keys: Value,
}

/// 24.2.1.2 GetSetRecord ( obj )
fn get_set_record(agent: &mut Agent, obj: Value) -> Result<SetRecord, Throw> {
    // 1. If obj is not an Object, throw a TypeError exception.
    if as_object(obj).is_none() {
        return Err(type_error("The argument of a Set method must be an object"));
    }
    // 2. Let rawSize be ? Get(obj, "size").
    let raw = {
        let key = PropertyKey::Atom(agent.atoms.intern_str("size"));
        get_property(agent, obj, key)?
    };
    // 3. Let numSize be ? ToNumber(rawSize).
    let num = to_number(agent, raw)?;
    // 5. If numSize is NaN, throw a TypeError exception.
    if num.is_nan() {
        return Err(type_error("The 'size' of a set-like object is NaN"));
    }
    // 6. Let intSize be ! ToIntegerOrInfinity(numSize).
    let size = to_integer_or_infinity(num);
    // 7. If intSize < 0, throw a RangeError exception.
    if size < 0.0 {
        return Err(Throw::error(
            ErrorType::RangeError,
            "The 'size' of a set-like object is negative",
        ));
    }
    // 8. Let has be ? Get(obj, "has").
    let has = {
        let key = PropertyKey::Atom(agent.atoms.intern_str("has"));
        get_property(agent, obj, key)?
    };
    if !is_callable(has) {
        return Err(type_error(
            "The 'has' of a set-like object is not a function",
        ));
    }
    agent.root(has);
    // 10. Let keys be ? Get(obj, "keys").
    let keys = {
        let key = PropertyKey::Atom(agent.atoms.intern_str("keys"));
        get_property(agent, obj, key)?
    };
    if !is_callable(keys) {
        return Err(type_error(
            "The 'keys' of a set-like object is not a function",
        ));
    }
    agent.root(keys);
    Ok(SetRecord {
        object: obj,
        size,
        has,
        keys,
    })
}

/// GetIteratorFromMethod(setRec.[[SetObject]], setRec.[[Keys]]) with the `next` check of
/// GetKeysIterator: `(iterator, next)`, rooted in the caller's scope.
fn keys_iterator(agent: &mut Agent, rec: &SetRecord) -> Result<(Value, Value), Throw> {
    let it = call(agent, rec.keys, rec.object, &[])?;
    if as_object(it).is_none() {
        return Err(type_error("The 'keys' method did not return an object"));
    }
    agent.root(it);
    let next = get_property(agent, it, PropertyKey::Atom(names::NEXT))?;
    if !is_callable(next) {
        return Err(type_error("The keys iterator's 'next' is not a function"));
    }
    agent.root(next);
    Ok((it, next))
}

fn in_other(agent: &mut Agent, rec: &SetRecord, e: Value) -> Result<bool, Throw> {
    Ok(to_boolean(call(agent, rec.has, rec.object, &[e])?))
}

/// A new Set (with %Set.prototype%) holding the live elements of `from`, if given; rooted
/// in the caller's scope.
fn copy_set(agent: &mut Agent, from: Option<Table>) -> Result<Table, Throw> {
    let proto = intrinsic(agent, Intrinsic::SetPrototype);
    let result = Table(new_table_object(agent, proto, CLASS_SET)?);
    agent.root(Value::cell(result.0));
    if let Some(from) = from {
        for p in 0..from.positions() {
            if let Some((k, _)) = from.entry(p) {
                result.set(agent, k, Value::UNDEFINED)?;
            }
        }
    }
    Ok(result)
}

fn add(agent: &mut Agent, t: Table, e: Value) -> Result<(), Throw> {
    if t.find(e).is_none() {
        t.set(agent, e, Value::UNDEFINED)?;
    }
    Ok(())
}

/// 24.2.4.19 Set.prototype.union ( other )
fn set_union(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "union")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        let (it, next) = keys_iterator(agent, &rec)?;
        let result = copy_set(agent, Some(o))?;
        agent.root(Value::cell(result.0));
        while let Some(v) = iterator_step_value(agent, it, next)? {
            agent.scope(|agent| {
                agent.root(v);
                add(agent, result, canonical_key(v))
            })?;
        }
        Ok(Value::cell(result.0))
    })
}

/// 24.2.4.9 Set.prototype.intersection ( other )
fn set_intersection(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "intersection")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        let result = copy_set(agent, None)?;
        agent.root(Value::cell(result.0));
        if f64::from(o.size()) <= rec.size {
            let mut index = 0;
            while index < o.positions() {
                let entry = o.entry(index);
                index += 1;
                if let Some((e, _)) = entry {
                    agent.scope(|agent| -> Result<(), Throw> {
                        agent.root(e);
                        if in_other(agent, &rec, e)? {
                            add(agent, result, e)?;
                        }
                        Ok(())
                    })?;
                }
            }
        } else {
            let (it, next) = keys_iterator(agent, &rec)?;
            while let Some(v) = iterator_step_value(agent, it, next)? {
                let v = canonical_key(v);
                if o.find(v).is_some() {
                    agent.scope(|agent| {
                        agent.root(v);
                        add(agent, result, v)
                    })?;
                }
            }
        }
        Ok(Value::cell(result.0))
    })
}

/// 24.2.4.5 Set.prototype.difference ( other )
fn set_difference(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "difference")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        let result = copy_set(agent, Some(o))?;
        agent.root(Value::cell(result.0));
        if f64::from(o.size()) <= rec.size {
            // Visit the copy's elements (the positions of the copy at the start).
            let this_size = result.positions();
            for index in 0..this_size {
                if let Some((e, _)) = result.entry(index) {
                    if in_other(agent, &rec, e)? {
                        result.delete(agent, e);
                    }
                }
            }
        } else {
            let (it, next) = keys_iterator(agent, &rec)?;
            while let Some(v) = iterator_step_value(agent, it, next)? {
                result.delete(agent, canonical_key(v));
            }
        }
        Ok(Value::cell(result.0))
    })
}

/// 24.2.4.15 Set.prototype.symmetricDifference ( other )
fn set_symmetric_difference(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "symmetricDifference")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        let (it, next) = keys_iterator(agent, &rec)?;
        let result = copy_set(agent, Some(o))?;
        agent.root(Value::cell(result.0));
        while let Some(v) = iterator_step_value(agent, it, next)? {
            let v = canonical_key(v);
            agent.scope(|agent| -> Result<(), Throw> {
                agent.root(v);
                let already = result.find(v).is_some();
                if o.find(v).is_some() {
                    if already {
                        result.delete(agent, v);
                    }
                } else if !already {
                    result.set(agent, v, Value::UNDEFINED)?;
                }
                Ok(())
            })?;
        }
        Ok(Value::cell(result.0))
    })
}

/// 24.2.4.11 Set.prototype.isSubsetOf ( other )
fn set_is_subset_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "isSubsetOf")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        if f64::from(o.size()) > rec.size {
            return Ok(Value::FALSE);
        }
        let mut index = 0;
        while index < o.positions() {
            let entry = o.entry(index);
            index += 1;
            if let Some((e, _)) = entry {
                if !in_other(agent, &rec, e)? {
                    return Ok(Value::FALSE);
                }
            }
        }
        Ok(Value::TRUE)
    })
}

/// 24.2.4.12 Set.prototype.isSupersetOf ( other )
fn set_is_superset_of(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "isSupersetOf")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        if f64::from(o.size()) < rec.size {
            return Ok(Value::FALSE);
        }
        let (it, next) = keys_iterator(agent, &rec)?;
        while let Some(v) = iterator_step_value(agent, it, next)? {
            if o.find(canonical_key(v)).is_none() {
                iterator_close(agent, it, false)?;
                return Ok(Value::FALSE);
            }
        }
        Ok(Value::TRUE)
    })
}

/// 24.2.4.10 Set.prototype.isDisjointFrom ( other )
fn set_is_disjoint_from(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let o = this_set(this, "isDisjointFrom")?;
    agent.scope(|agent| {
        let rec = get_set_record(agent, arg(args, 0))?;
        if f64::from(o.size()) <= rec.size {
            let mut index = 0;
            while index < o.positions() {
                let entry = o.entry(index);
                index += 1;
                if let Some((e, _)) = entry {
                    if in_other(agent, &rec, e)? {
                        return Ok(Value::FALSE);
                    }
                }
            }
        } else {
            let (it, next) = keys_iterator(agent, &rec)?;
            while let Some(v) = iterator_step_value(agent, it, next)? {
                if o.find(canonical_key(v)).is_some() {
                    iterator_close(agent, it, false)?;
                    return Ok(Value::FALSE);
                }
            }
        }
        Ok(Value::TRUE)
    })
}

//! 24.1 Map Objects
//! <https://tc39.es/ecma262/2024/#sec-map-objects>
//!
//! The `Map` constructor (§24.1.1), its statics (`Map.groupBy`, `@@species`),
//! `Map.prototype` (§24.1.3), %MapIteratorPrototype% (§24.1.5), and the insertion-ordered
//! hash table ([`Table`]) that `Map` and `Set` (set.rs) share.
//!
//! # The table
//! A Map (`CLASS_MAP`) or Set (`CLASS_SET`) has four internal slots:
//! 0. the *entries* store: a hidden object (no prototype, never exposed) whose dense
//!    elements hold one `[key, value, next]` triple per entry ever added, in insertion order
//!    — the spec's `[[MapData]]` list. A deleted entry's key and value become holes; its
//!    position is never reused, so iterators (which hold a position) skip removed entries
//!    and see entries added later, as the spec requires. `next` chains entries of one hash
//!    bucket (an entry index, or -1).
//! 1. the *buckets* store: a hidden object whose elements are the head entry index of each
//!    bucket (-1 when empty); the bucket count is a power of two.
//! 2. the number of live entries (`size`).
//! 3. the number of entries linked into the chains (live or deleted since the last rehash);
//!    when it exceeds twice the bucket count the chains are rebuilt from the live entries.
//!
//! Everything lives in heap cells, so the GC sees every key and value. Hashes are computed
//! from the value: strings by content, numbers by their value (-0 and +0 alike, int32 and
//! double alike), every other cell by address (the heap does not move objects), other
//! primitives by their bits. Equality is SameValueZero.
//!
//! Limitation: the entries list is never compacted (a compaction would move the positions
//! live iterators hold), so a collection that sees many deletions keeps the holes until it
//! is dropped; `clear` keeps them too (an iterator may still be positioned past them).

use heap::{HeapError, ObjectRef};

use super::{add_to_string_tag, alias, arg, iter_result, native, type_error, Family, Home, R};
use crate::interpreter::ops::{
    self, as_object, get_iterator, get_property, is_callable, is_string, iterator_close,
    iterator_step_value,
};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_MAP, CLASS_MAP_ITERATOR,
};
use crate::interpreter::{call, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::number::same_value_zero;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

const MP: Home = Home::On(Intrinsic::MapPrototype);
const MC: Home = Home::On(Intrinsic::MapConstructor);
const MIP: Home = Home::On(Intrinsic::MapIteratorPrototype);

/// The family: `Map`, `Map.prototype` and %MapIteratorPrototype%.
pub static FAMILY: Family = Family {
    name: "Map",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Map",
            0,
            map_constructor,
            constructor(
                Some(Intrinsic::MapConstructor),
                Some(Intrinsic::MapPrototype)
            )
        ),
        native!(MC, "groupBy", 2, map_group_by),
        native!(MC, "[Symbol.species]", species, getter),
        native!(MP, "clear", 0, map_clear),
        native!(MP, "delete", 1, map_delete),
        native!(MP, "entries", 0, map_entries),
        native!(MP, "forEach", 1, map_for_each),
        native!(MP, "get", 1, map_get),
        native!(MP, "getOrInsert", 2, map_get_or_insert),
        native!(MP, "getOrInsertComputed", 2, map_get_or_insert_computed),
        native!(MP, "has", 1, map_has),
        native!(MP, "keys", 0, map_keys),
        native!(MP, "set", 2, map_set),
        native!(MP, "size", map_size, getter),
        native!(MP, "values", 0, map_values),
        native!(MIP, "next", 0, map_iterator_next),
    ],
    finish: Some(finish),
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = new_object(agent, op, 16)?;
    agent.roots.vm.intrinsics[Intrinsic::MapPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "Map")?;
    let iter_proto = new_object(agent, op, 4)?;
    agent.roots.vm.intrinsics[Intrinsic::MapIteratorPrototype as usize] = Value::cell(iter_proto);
    add_to_string_tag(agent, Value::cell(iter_proto), "Map Iterator")
}

/// Links an iterator prototype to %IteratorPrototype% (or, while the engine has none, gives
/// it the `@@iterator` of %ArrayIteratorPrototype%).
pub(crate) fn link_iterator_prototype(
    agent: &mut Agent,
    which: Intrinsic,
) -> Result<(), HeapError> {
    let p = intrinsic(agent, which).as_cell().expect("a prototype");
    let ip = intrinsic(agent, Intrinsic::IteratorPrototype);
    if as_object(ip).is_some() {
        object::set_proto(agent, p, ip);
        return Ok(());
    }
    let sym = intrinsic(agent, Intrinsic::SymbolIterator)
        .as_cell()
        .expect("a symbol");
    let aip = intrinsic(agent, Intrinsic::ArrayIteratorPrototype)
        .as_cell()
        .expect("a prototype");
    if let Some(f) = ops::lookup_data(agent, aip, PropertyKey::Symbol(sym)) {
        object::add_property(agent, p, PropertyKey::Symbol(sym), Attributes::BUILTIN, f)?;
    }
    Ok(())
}

fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let sym = intrinsic(agent, Intrinsic::SymbolIterator)
        .as_cell()
        .expect("a symbol");
    // 24.1.3.12 Map.prototype [ @@iterator ] ( ): the initial value is %Map.prototype.entries%.
    alias(
        agent,
        Intrinsic::MapPrototype,
        "entries",
        PropertyKey::Symbol(sym),
    )?;
    link_iterator_prototype(agent, Intrinsic::MapIteratorPrototype)
}

/// `get Map[@@species]` / `get Set[@@species]`: returns `this`.
pub(crate) fn species(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

// ----- The table -----

const ENTRIES: usize = 0;
const BUCKETS: usize = 1;
const SIZE: usize = 2;
const LINKED: usize = 3;
/// Internal slots of a Map or Set.
pub(crate) const TABLE_SLOTS: usize = 4;
const INITIAL_BUCKETS: u32 = 8;

/// Operations on the hash table of a Map or Set (see the module documentation). The object
/// must stay reachable (rooted) while the table is used; the heap does not move objects.
#[derive(Clone, Copy)]
pub(crate) struct Table(pub ObjectRef);

fn int_slot(obj: ObjectRef, index: usize) -> u32 {
    object::internal_slot(obj, index)
        .and_then(Value::as_int)
        .unwrap_or(0) as u32
}

fn store(obj: ObjectRef, slot: usize) -> ObjectRef {
    object::internal_slot(obj, slot)
        .and_then(|v| v.as_cell())
        .expect("a table store")
}

fn hidden_store(agent: &mut Agent) -> Result<ObjectRef, HeapError> {
    new_object(agent, Value::NULL, 0)
}

/// The hash of a key (consistent with SameValueZero).
fn hash(v: Value) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u64| {
        h ^= x;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    if let Some(n) = v.as_number() {
        let n = if n == 0.0 { 0.0 } else { n };
        mix(n.to_bits());
    } else if is_string(v) {
        for u in string::units(v.as_cell().expect("a string")) {
            mix(u64::from(u));
        }
    } else if let Some(n) = crate::runtime::bigint::as_bigint(v) {
        // Equal BigInts are distinct cells: hash the value.
        for limb in n.iter_u64_digits() {
            mix(limb);
        }
        mix(u64::from(n.sign() == num_bigint::Sign::Minus));
    } else {
        mix(v.bits());
    }
    h ^ (h >> 29)
}

/// SameValueZero.
fn same_key(a: Value, b: Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_number(), b.as_number()) {
        return same_value_zero(x, y);
    }
    if is_string(a) && is_string(b) {
        return string::equals(
            a.as_cell().expect("a string"),
            b.as_cell().expect("a string"),
        );
    }
    a == b || crate::interpreter::bigint_ops::strict_equals(a, b) == Some(true)
}

/// CanonicalizeKeyedCollectionKey: -0 becomes +0.
pub(crate) fn canonical_key(v: Value) -> Value {
    // (`-0 == 0`, so this also matches -0.)
    if v.as_number() == Some(0.0) {
        Value::int(0)
    } else {
        v
    }
}

impl Table {
    /// Allocates the stores of a new, empty table in `obj`'s internal slots.
    pub(crate) fn init(agent: &mut Agent, obj: ObjectRef) -> Result<Table, HeapError> {
        let entries = hidden_store(agent)?;
        object::set_internal_slot(agent, obj, ENTRIES, Value::cell(entries));
        let buckets = hidden_store(agent)?;
        object::set_internal_slot(agent, obj, BUCKETS, Value::cell(buckets));
        for i in 0..INITIAL_BUCKETS {
            object::set_element(agent, buckets, i, Value::int(-1))?;
        }
        object::set_internal_slot(agent, obj, SIZE, Value::int(0));
        object::set_internal_slot(agent, obj, LINKED, Value::int(0));
        Ok(Table(obj))
    }

    /// The table of `v` if it is an object of `class` (a Map or a Set).
    pub(crate) fn of(v: Value, class: u8) -> Option<Table> {
        as_object(v)
            .filter(|&o| object::class(o) == class)
            .map(Table)
    }

    /// The number of live entries.
    pub(crate) fn size(self) -> u32 {
        int_slot(self.0, SIZE)
    }

    /// The number of entry positions (live or deleted): the spec's list length.
    pub(crate) fn positions(self) -> u32 {
        object::elements_len(store(self.0, ENTRIES)) / 3
    }

    /// The entry at `position`, unless it was deleted.
    pub(crate) fn entry(self, position: u32) -> Option<(Value, Value)> {
        let entries = store(self.0, ENTRIES);
        let key = object::element(entries, position * 3)?;
        let value = object::element(entries, position * 3 + 1).unwrap_or(Value::UNDEFINED);
        Some((key, value))
    }

    fn bucket_count(self) -> u32 {
        object::elements_len(store(self.0, BUCKETS))
    }

    fn bucket_of(self, key: Value) -> u32 {
        (hash(key) & u64::from(self.bucket_count() - 1)) as u32
    }

    /// The position of the live entry with key `key` (SameValueZero).
    pub(crate) fn find(self, key: Value) -> Option<u32> {
        let (entries, buckets) = (store(self.0, ENTRIES), store(self.0, BUCKETS));
        let mut at = object::element(buckets, self.bucket_of(key))
            .and_then(Value::as_int)
            .unwrap_or(-1);
        while at >= 0 {
            let p = at as u32;
            if let Some(k) = object::element(entries, p * 3) {
                if same_key(k, key) {
                    return Some(p);
                }
            }
            at = object::element(entries, p * 3 + 2)
                .and_then(Value::as_int)
                .unwrap_or(-1);
        }
        None
    }

    /// The value stored for `key`.
    pub(crate) fn get(self, key: Value) -> Option<Value> {
        self.find(key).and_then(|p| self.entry(p)).map(|(_, v)| v)
    }

    /// Sets `key` to `value` (appending a new entry if absent); the caller roots both and
    /// canonicalises the key.
    pub(crate) fn set(self, agent: &mut Agent, key: Value, value: Value) -> Result<(), HeapError> {
        let entries = store(self.0, ENTRIES);
        if let Some(p) = self.find(key) {
            object::set_element(agent, entries, p * 3 + 1, value)?;
            return Ok(());
        }
        if int_slot(self.0, LINKED) >= 2 * self.bucket_count() {
            self.rehash(agent)?;
        }
        let p = self.positions();
        let buckets = store(self.0, BUCKETS);
        let b = self.bucket_of(key);
        let head = object::element(buckets, b).unwrap_or(Value::int(-1));
        object::set_element(agent, entries, p * 3 + 2, head)?;
        object::set_element(agent, entries, p * 3, key)?;
        object::set_element(agent, entries, p * 3 + 1, value)?;
        object::set_element(agent, buckets, b, Value::int(p as i32))?;
        let (size, linked) = (self.size(), int_slot(self.0, LINKED));
        object::set_internal_slot(agent, self.0, SIZE, Value::int(size as i32 + 1));
        object::set_internal_slot(agent, self.0, LINKED, Value::int(linked as i32 + 1));
        Ok(())
    }

    /// Rebuilds the chains of the live entries with a bucket count fitting the size.
    fn rehash(self, agent: &mut Agent) -> Result<(), HeapError> {
        let count = (self.size() * 2).next_power_of_two().max(INITIAL_BUCKETS);
        let buckets = hidden_store(agent)?;
        object::set_internal_slot(agent, self.0, BUCKETS, Value::cell(buckets));
        for i in 0..count {
            object::set_element(agent, buckets, i, Value::int(-1))?;
        }
        let entries = store(self.0, ENTRIES);
        let mut linked = 0;
        for p in 0..self.positions() {
            if let Some(k) = object::element(entries, p * 3) {
                let b = self.bucket_of(k);
                let head = object::element(buckets, b).unwrap_or(Value::int(-1));
                object::set_element(agent, entries, p * 3 + 2, head)?;
                object::set_element(agent, buckets, b, Value::int(p as i32))?;
                linked += 1;
            }
        }
        object::set_internal_slot(agent, self.0, LINKED, Value::int(linked));
        Ok(())
    }

    /// Deletes the entry with `key`; true if there was one.
    pub(crate) fn delete(self, agent: &mut Agent, key: Value) -> bool {
        let Some(p) = self.find(key) else {
            return false;
        };
        self.delete_at(agent, p);
        true
    }

    fn delete_at(self, agent: &mut Agent, p: u32) {
        let entries = store(self.0, ENTRIES);
        object::delete_element(agent, entries, p * 3);
        object::delete_element(agent, entries, p * 3 + 1);
        let size = self.size();
        object::set_internal_slot(agent, self.0, SIZE, Value::int(size as i32 - 1));
    }

    /// Deletes every entry (positions stay, see the module documentation).
    pub(crate) fn clear(self, agent: &mut Agent) {
        for p in 0..self.positions() {
            if self.entry(p).is_some() {
                self.delete_at(agent, p);
            }
        }
    }
}

// ----- Map -----

fn this_map(this: Value, method: &str) -> Result<Table, Throw> {
    Table::of(this, CLASS_MAP).ok_or_else(|| {
        type_error(format!(
            "Method Map.prototype.{method} called on incompatible receiver"
        ))
    })
}

/// A new empty Map or Set object with prototype `proto`.
pub(crate) fn new_table_object(
    agent: &mut Agent,
    proto: Value,
    class: u8,
) -> Result<ObjectRef, HeapError> {
    agent.scope(|agent| {
        let obj = new_object_with_class(agent, proto, 0, class, TABLE_SLOTS)?;
        agent.root(Value::cell(obj));
        Table::init(agent, obj)?;
        Ok(obj)
    })
}

/// Iterates `iterable`, calling `step(agent, item)` for each value and closing the iterator
/// if `step` throws (the loop of AddEntriesFromIterable and the Set constructor).
pub(crate) fn for_each_item(
    agent: &mut Agent,
    iterable: Value,
    mut step: impl FnMut(&mut Agent, Value) -> Result<(), Throw>,
) -> Result<(), Throw> {
    agent.scope(|agent| {
        let (iterator, next) = get_iterator(agent, iterable)?;
        let iterator = agent.root(iterator);
        let next = agent.root(next);
        loop {
            let (it, nx) = (agent.get(iterator), agent.get(next));
            let Some(item) = iterator_step_value(agent, it, nx)? else {
                return Ok(());
            };
            let result = agent.scope(|agent| {
                agent.root(item);
                step(agent, item)
            });
            if let Err(e) = result {
                let e = match e {
                    Throw::Value(v) => {
                        let r = agent.root(v);
                        let it = agent.get(iterator);
                        let _ = iterator_close(agent, it, true);
                        Throw::Value(agent.get(r))
                    }
                    e => {
                        let it = agent.get(iterator);
                        let _ = iterator_close(agent, it, true);
                        e
                    }
                };
                return Err(e);
            }
        }
    })
}

/// 24.1.1.1 Map ( [ iterable ] )
fn map_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if nt.is_undefined() {
        return Err(type_error("Constructor Map requires 'new'"));
    }
    // 2. Let map be ? OrdinaryCreateFromConstructor(NewTarget, "%Map.prototype%", « [[MapData]] »).
    let proto = prototype_from_constructor(agent, nt, Intrinsic::MapPrototype)?;
    let map = new_table_object(agent, proto, CLASS_MAP)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::cell(map));
    }
    agent.scope(|agent| {
        let map = agent.root(Value::cell(map));
        // 5. Let adder be ? Get(map, "set").
        let key = PropertyKey::Atom(agent.atoms.intern_str("set"));
        let adder = get_property(agent, agent.get(map), key)?;
        if !is_callable(adder) {
            return Err(type_error(
                "'set' returned for property 'set' of object '#<Map>' is not a function",
            ));
        }
        agent.root(adder);
        add_entries_from_iterable(agent, agent.get(map), iterable, adder)?;
        Ok(agent.get(map))
    })
}

/// 24.1.1.2 AddEntriesFromIterable ( target, iterable, adder )
fn add_entries_from_iterable(
    agent: &mut Agent,
    target: Value,
    iterable: Value,
    adder: Value,
) -> Result<(), Throw> {
    for_each_item(agent, iterable, |agent, item| {
        if as_object(item).is_none() {
            return Err(type_error(format!(
                "Iterator value {} is not an entry object",
                ops::display(agent, item)
            )));
        }
        let k = get_property(agent, item, PropertyKey::Index(0))?;
        let k = agent.root(k);
        let v = get_property(agent, item, PropertyKey::Index(1))?;
        agent.root(v);
        let k = agent.get(k);
        call(agent, adder, target, &[k, v])?;
        Ok(())
    })
}

/// 24.1.2.1 Map.groupBy ( items, callbackfn )
fn map_group_by(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let (items, callback) = (arg(args, 0), arg(args, 1));
    let proto = intrinsic(agent, Intrinsic::MapPrototype);
    let map = new_table_object(agent, proto, CLASS_MAP)?;
    agent.scope(|agent| {
        let map = agent.root(Value::cell(map));
        group_by(agent, items, callback, |agent, key, value| {
            let key = canonical_key(key);
            let table = Table(as_object(agent.get(map)).expect("a map"));
            let group = match table.get(key) {
                Some(g) => g,
                None => {
                    let g = Value::cell(super::array_from(agent, &[])?);
                    agent.root(g);
                    table.set(agent, key, g)?;
                    g
                }
            };
            let g = as_object(group).expect("an array");
            let len = object::elements_len(g);
            object::set_element(agent, g, len, value)?;
            Ok(())
        })?;
        Ok(agent.get(map))
    })
}

/// 7.3.35 GroupBy ( items, callbackfn, keyCoercion ): calls `add(key, value)` for each item
/// (property-key coercion is the caller's business).
pub(crate) fn group_by(
    agent: &mut Agent,
    items: Value,
    callback: Value,
    mut add: impl FnMut(&mut Agent, Value, Value) -> Result<(), Throw>,
) -> Result<(), Throw> {
    // 1. Perform ? RequireObjectCoercible(items).
    if items.is_nullish() {
        return Err(type_error("groupBy called on null or undefined"));
    }
    // 2. If IsCallable(callbackfn) is false, throw a TypeError exception.
    if !is_callable(callback) {
        return Err(type_error("groupBy callback is not a function"));
    }
    let mut k = 0u64;
    for_each_item(agent, items, |agent, value| {
        let key = call(
            agent,
            callback,
            Value::UNDEFINED,
            &[value, Value::number(k as f64)],
        )?;
        agent.root(key);
        add(agent, key, value)?;
        k += 1;
        Ok(())
    })
}

fn map_clear(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_map(this, "clear")?.clear(agent);
    Ok(Value::UNDEFINED)
}

fn map_delete(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_map(this, "delete")?;
    Ok(Value::bool(t.delete(agent, arg(args, 0))))
}

fn map_get(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(this_map(this, "get")?
        .get(arg(args, 0))
        .unwrap_or(Value::UNDEFINED))
}

/// Map.prototype.getOrInsert ( key, value ) (upsert, ES2026).
fn map_get_or_insert(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_map(this, "getOrInsert")?;
    let key = canonical_key(arg(args, 0));
    if let Some(v) = t.get(key) {
        return Ok(v);
    }
    t.set(agent, key, arg(args, 1))?;
    Ok(arg(args, 1))
}

/// Map.prototype.getOrInsertComputed ( key, callbackfn ) (upsert, ES2026).
fn map_get_or_insert_computed(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_map(this, "getOrInsertComputed")?;
    let callback = arg(args, 1);
    if !is_callable(callback) {
        return Err(type_error("getOrInsertComputed callback is not a function"));
    }
    let key = canonical_key(arg(args, 0));
    if let Some(v) = t.get(key) {
        return Ok(v);
    }
    agent.scope(|agent| {
        agent.root(key);
        let value = call(agent, callback, Value::UNDEFINED, &[key])?;
        let value_local = agent.root(value);
        // The callback may have changed the map: `set` overwrites or appends.
        t.set(agent, key, value)?;
        Ok(agent.get(value_local))
    })
}

fn map_has(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        this_map(this, "has")?.find(arg(args, 0)).is_some(),
    ))
}

fn map_set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_map(this, "set")?;
    t.set(agent, canonical_key(arg(args, 0)), arg(args, 1))?;
    Ok(this)
}

fn map_size(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::int(this_map(this, "size")?.size() as i32))
}

/// 24.1.3.5 Map.prototype.forEach ( callbackfn [ , thisArg ] ) (and Set's, which passes the
/// value twice).
pub(crate) fn table_for_each(
    agent: &mut Agent,
    this: Value,
    table: Table,
    args: &[Value],
    set: bool,
) -> R {
    let (callback, this_arg) = (arg(args, 0), arg(args, 1));
    if !is_callable(callback) {
        return Err(type_error(format!(
            "{} is not a function",
            ops::display(agent, callback)
        )));
    }
    let mut p = 0;
    // Entries added during the loop are visited; deleted ones are skipped.
    while p < table.positions() {
        if let Some((k, v)) = table.entry(p) {
            let v = if set { k } else { v };
            call(agent, callback, this_arg, &[v, k, this])?;
        }
        p += 1;
    }
    Ok(Value::UNDEFINED)
}

fn map_for_each(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let t = this_map(this, "forEach")?;
    table_for_each(agent, this, t, args, false)
}

/// Iterator kinds (internal slot 2 of a Map or Set Iterator).
pub(crate) const KIND_KEYS: i32 = 0;
/// Values.
pub(crate) const KIND_VALUES: i32 = 1;
/// `[key, value]` pairs.
pub(crate) const KIND_ENTRIES: i32 = 2;

/// CreateMapIterator / CreateSetIterator: a `class` object with internal slots (the
/// collection or `undefined` once done, the next position, the kind).
pub(crate) fn create_iterator(
    agent: &mut Agent,
    coll: Value,
    kind: i32,
    class: u8,
    proto: Intrinsic,
) -> R {
    agent.scope(|agent| {
        agent.root(coll);
        let p = intrinsic(agent, proto);
        let it = new_object_with_class(agent, p, 0, class, 3)?;
        object::set_internal_slot(agent, it, 0, coll);
        object::set_internal_slot(agent, it, 1, Value::int(0));
        object::set_internal_slot(agent, it, 2, Value::int(kind));
        Ok(Value::cell(it))
    })
}

/// %MapIteratorPrototype%.next / %SetIteratorPrototype%.next.
pub(crate) fn iterator_next(agent: &mut Agent, this: Value, class: u8, what: &str) -> R {
    let Some(it) = as_object(this).filter(|&o| object::class(o) == class) else {
        return Err(type_error(format!(
            "Method %{what}%.next called on incompatible receiver"
        )));
    };
    let coll = object::internal_slot(it, 0).unwrap_or(Value::UNDEFINED);
    let Some(table) = as_object(coll).map(Table) else {
        return iter_result(agent, Value::UNDEFINED, true);
    };
    let mut p = int_slot(it, 1);
    let kind = object::internal_slot(it, 2)
        .and_then(Value::as_int)
        .unwrap_or(0);
    while p < table.positions() {
        let entry = table.entry(p);
        p += 1;
        if let Some((k, v)) = entry {
            // A Set's element is its entry's key: its values and entries read the key.
            let v = if class == CLASS_MAP_ITERATOR { v } else { k };
            object::set_internal_slot(agent, it, 1, Value::int(p as i32));
            let result = match kind {
                KIND_KEYS => k,
                KIND_VALUES => v,
                _ => Value::cell(super::array_from(agent, &[k, v])?),
            };
            return iter_result(agent, result, false);
        }
    }
    object::set_internal_slot(agent, it, 0, Value::UNDEFINED);
    iter_result(agent, Value::UNDEFINED, true)
}

fn map_iter(agent: &mut Agent, this: Value, kind: i32, method: &str) -> R {
    this_map(this, method)?;
    create_iterator(
        agent,
        this,
        kind,
        CLASS_MAP_ITERATOR,
        Intrinsic::MapIteratorPrototype,
    )
}

fn map_entries(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    map_iter(agent, this, KIND_ENTRIES, "entries")
}

fn map_keys(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    map_iter(agent, this, KIND_KEYS, "keys")
}

fn map_values(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    map_iter(agent, this, KIND_VALUES, "values")
}

fn map_iterator_next(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    iterator_next(agent, this, CLASS_MAP_ITERATOR, "MapIteratorPrototype")
}

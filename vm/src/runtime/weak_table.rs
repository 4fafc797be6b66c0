//! Weak tables: the heap cells behind WeakMap, WeakSet, WeakRef and FinalizationRegistry
//! (`CellKind::WeakTable`, allocated with `ObjFlags::WEAK_CONTAINER`).
//!
//! ```text
//! weak table: header | kind | capacity | live | used | entries …
//! ```
//! Two kinds:
//! - [`EPHEMERON`]: `[key, value]` pairs in an open-addressing hash table keyed by the key's
//!   address (the heap does not move objects). The GC reports each pair as an ephemeron (the
//!   value lives only while the key does; a non-cell value just leaves the key weak), and
//!   `sweep_weak` turns the pairs of dead keys into tombstones. WeakMap (value), WeakSet and
//!   WeakRef (a one-entry table, value empty) use it.
//! - [`FINALIZATION`]: `[target, held value, unregister token]` cells in a plain list
//!   (FinalizationRegistry). The held value is strong; target and token are weak. When the
//!   target dies `sweep_weak` marks the cell [`PENDING`] (its cleanup is due); a dead token
//!   becomes `undefined`.
//!
//! Keys are always cells (objects or symbols), so the non-cell values mark slot states: the
//! empty value a never-used slot, `null` a deleted one ([`TOMBSTONE`]), `true` a pending
//! finalization cell. Every store goes through the write barrier; `sweep_weak` only clears
//! references (no barrier needed).

use heap::{HeapError, Liveness, ObjFlags, ObjectRef, Tracer};

use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

/// Kind: hashed `[key, value]` ephemeron pairs.
pub const EPHEMERON: u64 = 0;
/// Kind: `[target, held value, token]` finalization cells.
pub const FINALIZATION: u64 = 1;
/// A deleted entry's key.
pub const TOMBSTONE: Value = Value::NULL;
/// A finalization cell whose target died: its cleanup callback is due.
pub const PENDING: Value = Value::TRUE;

const KIND: usize = 0;
const CAPACITY: usize = 1;
const LIVE: usize = 2;
const USED: usize = 3;
const FIRST: usize = 4;

fn stride(table: ObjectRef) -> usize {
    if table.load(KIND) == FINALIZATION {
        3
    } else {
        2
    }
}

/// The number of entry slots.
pub fn capacity(table: ObjectRef) -> usize {
    table.load(CAPACITY) as usize
}

/// The number of live entries.
pub fn live(table: ObjectRef) -> usize {
    table.load(LIVE) as usize
}

/// Field `field` of entry `index`.
pub fn field(table: ObjectRef, index: usize, field: usize) -> Value {
    Value::from_bits(table.load(FIRST + index * stride(table) + field))
}

fn write(agent: &mut Agent, table: ObjectRef, word: usize, value: Value) {
    agent
        .mutator
        .write_barrier(table, value.as_cell())
        .expect("weak tables are local");
    table.store(word, value.bits());
}

/// Writes field `field` of entry `index` (through the barrier).
pub fn set_field(agent: &mut Agent, table: ObjectRef, index: usize, field: usize, value: Value) {
    let word = FIRST + index * stride(table) + field;
    write(agent, table, word, value);
}

/// Allocates an empty table of `kind` with `capacity` slots (a power of two for
/// [`EPHEMERON`]).
pub fn new_table(agent: &mut Agent, kind: u64, capacity: usize) -> Result<ObjectRef, HeapError> {
    let stride = if kind == FINALIZATION { 3 } else { 2 };
    let words = FIRST + capacity * stride;
    let table = agent.mutator.alloc_with_flags(
        &mut agent.roots,
        8 + 8 * words,
        CellKind::WeakTable.tag(),
        ObjFlags::WEAK_CONTAINER,
    )?;
    table.store(KIND, kind);
    table.store(CAPACITY, capacity as u64);
    table.store(LIVE, 0);
    table.store(USED, 0);
    for word in FIRST..words {
        table.store(word, Value::EMPTY.bits());
    }
    Ok(table)
}

fn hash(key: Value) -> usize {
    let h = (key.bits() >> 4).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (h ^ (h >> 32)) as usize
}

/// The slot of `key` in an ephemeron table.
pub fn find(table: ObjectRef, key: Value) -> Option<usize> {
    let cap = capacity(table);
    let mut i = hash(key) & (cap - 1);
    for _ in 0..cap {
        let k = field(table, i, 0);
        if k.is_empty() {
            return None;
        }
        if k == key {
            return Some(i);
        }
        i = (i + 1) & (cap - 1);
    }
    None
}

/// Sets `key` to `value` in the ephemeron table held by `holder`'s internal slot `slot`
/// (which it replaces when the table grows). `holder`, `key` and `value` must be rooted.
pub fn insert(
    agent: &mut Agent,
    holder: ObjectRef,
    slot: usize,
    key: Value,
    value: Value,
) -> Result<(), HeapError> {
    let table = table_of(holder, slot);
    if let Some(i) = find(table, key) {
        set_field(agent, table, i, 1, value);
        return Ok(());
    }
    let table = if (table.load(USED) as usize + 1) * 4 > capacity(table) * 3 {
        grow(agent, holder, slot)?
    } else {
        table
    };
    let cap = capacity(table);
    let mut i = hash(key) & (cap - 1);
    loop {
        let k = field(table, i, 0);
        if k.is_empty() || k == TOMBSTONE {
            if k.is_empty() {
                table.store(USED, table.load(USED) + 1);
            }
            set_field(agent, table, i, 0, key);
            set_field(agent, table, i, 1, value);
            table.store(LIVE, table.load(LIVE) + 1);
            return Ok(());
        }
        i = (i + 1) & (cap - 1);
    }
}

/// The table in `holder`'s internal slot `slot`.
pub fn table_of(holder: ObjectRef, slot: usize) -> ObjectRef {
    crate::runtime::object::internal_slot(holder, slot)
        .and_then(Value::as_cell)
        .expect("a weak table")
}

/// Rehashes the live entries into a table sized for them.
fn grow(agent: &mut Agent, holder: ObjectRef, slot: usize) -> Result<ObjectRef, HeapError> {
    let old = table_of(holder, slot);
    let cap = ((live(old) + 1) * 4).next_power_of_two().max(8);
    let table = new_table(agent, EPHEMERON, cap)?;
    // `holder` is rooted and `old` is reachable from it until the slot is replaced.
    let old = table_of(holder, slot);
    for i in 0..capacity(old) {
        let k = field(old, i, 0);
        if k.is_cell() {
            let v = field(old, i, 1);
            let mut j = hash(k) & (cap - 1);
            while !field(table, j, 0).is_empty() {
                j = (j + 1) & (cap - 1);
            }
            set_field(agent, table, j, 0, k);
            set_field(agent, table, j, 1, v);
            table.store(LIVE, table.load(LIVE) + 1);
            table.store(USED, table.load(USED) + 1);
        }
    }
    crate::runtime::object::set_internal_slot(agent, holder, slot, Value::cell(table));
    Ok(table)
}

/// Deletes the entry in slot `index` (an ephemeron pair or a finalization cell).
pub fn remove(agent: &mut Agent, table: ObjectRef, index: usize) {
    let fields = stride(table);
    let was_live = field(table, index, 0).is_cell();
    set_field(agent, table, index, 0, TOMBSTONE);
    for f in 1..fields {
        set_field(agent, table, index, f, Value::EMPTY);
    }
    if was_live {
        table.store(LIVE, table.load(LIVE) - 1);
    }
}

/// Appends a finalization cell to the table held by `holder`'s slot `slot` (compacting or
/// growing it when full). All values must be rooted.
pub fn append_cell(
    agent: &mut Agent,
    holder: ObjectRef,
    slot: usize,
    cell: [Value; 3],
) -> Result<(), HeapError> {
    let mut table = table_of(holder, slot);
    if table.load(USED) as usize == capacity(table) {
        let occupied = (0..capacity(table))
            .filter(|&i| {
                let t = field(table, i, 0);
                t.is_cell() || t == PENDING
            })
            .count();
        let fresh = new_table(agent, FINALIZATION, (occupied * 2).max(8))?;
        table = table_of(holder, slot);
        let mut n = 0;
        for i in 0..capacity(table) {
            let t = field(table, i, 0);
            if t.is_cell() || t == PENDING {
                for f in 0..3 {
                    let v = field(table, i, f);
                    set_field(agent, fresh, n, f, v);
                }
                n += 1;
            }
        }
        fresh.store(USED, n as u64);
        fresh.store(LIVE, table.load(LIVE));
        crate::runtime::object::set_internal_slot(agent, holder, slot, Value::cell(fresh));
        table = fresh;
    }
    let i = table.load(USED) as usize;
    for (f, v) in cell.into_iter().enumerate() {
        set_field(agent, table, i, f, v);
    }
    table.store(USED, i as u64 + 1);
    table.store(LIVE, table.load(LIVE) + 1);
    Ok(())
}

/// The number of slots of a finalization table in use (cells past it are empty).
pub fn used(table: ObjectRef) -> usize {
    table.load(USED) as usize
}

/// GC: reports the table's references (see the module documentation).
pub fn trace(table: ObjectRef, tracer: &mut Tracer<'_>) {
    let cap = capacity(table);
    if table.load(KIND) == FINALIZATION {
        for i in 0..cap {
            if let Some(t) = field(table, i, 0).as_cell() {
                tracer.weak_edge(t);
            }
            if let Some(h) = field(table, i, 1).as_cell() {
                tracer.edge(h);
            }
            if let Some(k) = field(table, i, 2).as_cell() {
                tracer.weak_edge(k);
            }
        }
        return;
    }
    for i in 0..cap {
        if let Some(k) = field(table, i, 0).as_cell() {
            match field(table, i, 1).as_cell() {
                Some(v) => tracer.ephemeron(k, v),
                None => tracer.weak_edge(k),
            }
        }
    }
}

/// GC: clears the entries whose weakly held cells died (see the module documentation).
pub fn sweep(table: ObjectRef, liveness: &Liveness) {
    let cap = capacity(table);
    let stride = stride(table);
    let dead = |v: Value| v.as_cell().is_some_and(|c| !liveness.is_live(c));
    for i in 0..cap {
        let base = FIRST + i * stride;
        let key = Value::from_bits(table.load(base));
        if stride == 3 {
            if dead(key) {
                table.store(base, PENDING.bits());
                table.store(LIVE, table.load(LIVE) - 1);
            }
            if dead(Value::from_bits(table.load(base + 2))) {
                table.store(base + 2, Value::UNDEFINED.bits());
            }
        } else if dead(key) {
            table.store(base, TOMBSTONE.bits());
            table.store(base + 1, Value::EMPTY.bits());
            table.store(LIVE, table.load(LIVE) - 1);
        }
    }
}

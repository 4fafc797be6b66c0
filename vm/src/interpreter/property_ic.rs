//! Monomorphic inline caches for named property loads and stores (`GetNamedProperty`,
//! `SetNamedProperty`): each IC slot of an executable remembers one receiver shape and where
//! the property was found.
//!
//! Shapes are immutable and name an object's own properties with their attributes and slot
//! numbers, so "same shape" means "same own property at the same slot". Loads cache an own
//! data property, or a data property of the receiver's direct prototype (then the prototype
//! object and its shape are checked too: the prototype is not part of the shape). Stores
//! cache an existing own writable data property. Accessors, misses, primitives and exotic
//! objects (proxies, String wrappers, …) always take the generic path.
//!
//! Global loads (`LdaGlobal`) use the same slots: the global object's shape and the slot of
//! the property, valid while no global lexical binding has been declared since (a later
//! script's `let x` shadows the global object's `x`; `VmRoots::lexical_epoch` counts them).
//!
//! The table lives in the agent (`VmRoots::property_ics`; executables are shared between
//! agents, their caches are not); each executable gets a contiguous range on first run.

#![forbid(unsafe_code)]

use heap::ObjectRef;

use super::ops::as_object;
use super::realm::CLASS_ARRAY;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::shape::{Attributes, ShapeId};
use crate::runtime::string;
use crate::runtime::value::Value;

/// One IC slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PropertyIc {
    /// The receiver shape (`u32::MAX`: empty).
    shape: u32,
    /// The object holding the property: `undefined` for the receiver itself, else its
    /// prototype.
    holder: Value,
    /// The holder's shape when it is the prototype.
    holder_shape: u32,
    /// The property's slot in the holder.
    slot: u32,
    /// For an add: the shape after the transition (`u32::MAX`: not an add).
    new_shape: u32,
    /// For an add: the shape of the prototype's prototype (`u32::MAX`: the chain ends at
    /// the prototype).
    proto2_shape: u32,
}

impl PropertyIc {
    /// An empty slot.
    pub(crate) const EMPTY: PropertyIc = PropertyIc {
        shape: u32::MAX,
        holder: Value::UNDEFINED,
        holder_shape: u32::MAX,
        slot: 0,
        new_shape: u32::MAX,
        proto2_shape: u32::MAX,
    };

    fn own(shape: ShapeId, slot: u32) -> PropertyIc {
        PropertyIc {
            shape: shape.bits(),
            slot,
            ..PropertyIc::EMPTY
        }
    }

    /// The prototype the slot keeps (traced as a root).
    pub(crate) fn holder(&self) -> Value {
        self.holder
    }
}

/// True if `obj`'s own property `key` is exactly what its shape says
/// ([`ops::named_in_shape`](super::ops::named_in_shape)). A dictionary shape may be cached
/// only for where its own properties are: it grows in place, so it cannot vouch that a
/// property is absent (a prototype's property, the links a cached transition passes), and
/// it is never the target of a cached transition (that would hand one object's dictionary
/// shape to another). See [`ShapeTable::is_dictionary`](crate::runtime::shape::ShapeTable::is_dictionary).
#[inline]
fn cacheable(obj: ObjectRef, key: PropertyKey) -> bool {
    super::ops::named_in_shape(obj, key)
}

/// The `shape` of a slot that saw `length` of a primitive string.
const STRING_LENGTH: u32 = u32::MAX - 1;
/// The `shape` of a slot that saw `length` of an Array (kept outside its shape).
const ARRAY_LENGTH: u32 = u32::MAX - 2;
/// The `shape` of a slot that saw a data property of %String.prototype% read from a
/// primitive string (`s.charCodeAt`); `holder` and `holder_shape` say where.
const STRING_PROTOTYPE: u32 = u32::MAX - 3;

/// Loads whose site saw several receiver shapes (`this.task.run(…)` over four task
/// classes) miss their one-entry slot; before the generic lookup they probe this table, keyed
/// by (receiver shape, name) as V8's stub cache is, which remembers the last
/// [`STUB_ENTRIES`] loads of any site. Entries are checked exactly like a slot.
pub(crate) struct LoadStubs {
    entries: Vec<(u32, PropertyIc)>,
}

/// Entries of the [`LoadStubs`] table (a power of two).
const STUB_ENTRIES: usize = 1024;

impl Default for LoadStubs {
    fn default() -> Self {
        LoadStubs {
            entries: vec![(u32::MAX, PropertyIc::EMPTY); STUB_ENTRIES],
        }
    }
}

impl LoadStubs {
    fn index(shape: u32, atom: u32) -> usize {
        (shape.wrapping_mul(0x9e37_79b9) ^ atom.wrapping_mul(0x85eb_ca6b)) as usize % STUB_ENTRIES
    }

    /// The prototypes the entries keep (traced as roots).
    pub(crate) fn holders(&self) -> impl Iterator<Item = Value> + '_ {
        self.entries.iter().map(|(_, ic)| ic.holder)
    }
}

impl PropertyIc {
    /// True if the entry names a shape in `shapes` (sorted).
    fn names_any(&self, shapes: &[u32]) -> bool {
        [
            self.shape,
            self.holder_shape,
            self.new_shape,
            self.proto2_shape,
        ]
        .iter()
        .any(|id| shapes.binary_search(id).is_ok())
    }
}

/// Empties every IC slot and stub entry that names one of `shapes`, ids the shape table is
/// about to reuse (see `ShapeTable::recycle`). A global load's `holder_shape` is the lexical
/// epoch, not a shape: a coincidence only costs that slot a miss.
pub(crate) fn forget_shapes(ics: &mut [PropertyIc], stubs: &mut LoadStubs, shapes: &[ShapeId]) {
    let mut ids: Vec<u32> = shapes.iter().map(|id| id.bits()).collect();
    ids.sort_unstable();
    for ic in ics.iter_mut().filter(|ic| ic.names_any(&ids)) {
        *ic = PropertyIc::EMPTY;
    }
    for entry in stubs
        .entries
        .iter_mut()
        .filter(|(_, ic)| ic.names_any(&ids))
    {
        *entry = (u32::MAX, PropertyIc::EMPTY);
    }
}

/// The value of `target.key` from the stub table, if an entry for its shape applies; the
/// entry then becomes the site's `slot` too (the site's latest shape).
pub(crate) fn load_stub(
    agent: &mut Agent,
    slot: usize,
    key: PropertyKey,
    target: Value,
) -> Option<Value> {
    let PropertyKey::Atom(atom) = key else {
        return None;
    };
    let obj = as_object(target)?;
    let shape = object::shape(obj).bits();
    let (entry_atom, ic) = agent.roots.vm.load_stubs.entries[LoadStubs::index(shape, atom.index())];
    if entry_atom != atom.index() || ic.shape != shape {
        return None;
    }
    let value = hit_same_shape(&ic, obj)?;
    if let Some(site) = agent.roots.vm.property_ics.get_mut(slot) {
        *site = ic;
    }
    Some(value)
}

/// The cached value for an object receiver `obj` whose shape is the one `ic` was made for.
#[inline(always)]
fn hit_same_shape(ic: &PropertyIc, obj: ObjectRef) -> Option<Value> {
    match as_object(ic.holder) {
        None => Some(object::slot_value(obj, ic.slot)),
        Some(holder) => {
            let proto = as_object(object::proto(obj))?;
            (proto == holder && object::shape(holder).bits() == ic.holder_shape)
                .then(|| object::slot_value(holder, ic.slot))
        }
    }
}

/// The cached value of the load at `slot` for `target`, if the cache applies.
#[inline(always)]
pub(crate) fn load(agent: &Agent, slot: usize, target: Value) -> Option<Value> {
    let ic = agent.roots.vm.property_ics.get(slot)?;
    // The common case inline: an own property of the cached shape.
    if let Some(obj) = as_object(target) {
        if object::shape(obj).bits() == ic.shape && ic.holder.is_undefined() {
            return Some(object::slot_value(obj, ic.slot));
        }
    }
    load_other(ic, target)
}

/// [`load`] for the other cases: a prototype's property, `length`, primitive strings.
#[inline(never)]
fn load_other(ic: &PropertyIc, target: Value) -> Option<Value> {
    let Some(obj) = as_object(target) else {
        let s = target.as_cell().filter(|&c| string::is_string(c))?;
        return match ic.shape {
            STRING_LENGTH => Some(Value::int(string::len(s) as i32)),
            STRING_PROTOTYPE => {
                let holder = as_object(ic.holder)?;
                (object::shape(holder).bits() == ic.holder_shape)
                    .then(|| object::slot_value(holder, ic.slot))
            }
            _ => None,
        };
    };
    if object::shape(obj).bits() != ic.shape {
        return (ic.shape == ARRAY_LENGTH && object::class(obj) == CLASS_ARRAY)
            .then(|| Value::number(f64::from(object::elements_len(obj))));
    }
    hit_same_shape(ic, obj)
}

/// After a generic load of `key` from `target`: caches where it was found, if cacheable.
pub(crate) fn record_load(agent: &mut Agent, slot: usize, target: Value, key: PropertyKey) {
    if key == PropertyKey::Atom(names::LENGTH) {
        let length_of = if target.as_cell().is_some_and(string::is_string) {
            Some(STRING_LENGTH)
        } else {
            as_object(target)
                .filter(|&o| object::class(o) == CLASS_ARRAY)
                .map(|_| ARRAY_LENGTH)
        };
        if let (Some(shape), Some(ic)) = (length_of, agent.roots.vm.property_ics.get_mut(slot)) {
            *ic = PropertyIc {
                shape,
                ..PropertyIc::EMPTY
            };
            return;
        }
    }
    if target.as_cell().is_some_and(string::is_string) {
        // A primitive string has no own named properties but `length`: the name comes from
        // %String.prototype% (whose identity the slot keeps, as it may belong to a realm).
        let proto = super::realm::intrinsic(agent, super::realm::Intrinsic::StringPrototype);
        let Some(holder) = as_object(proto) else {
            return;
        };
        if let Some(found) = object::find(agent, holder, key)
            .filter(|found| !found.attributes.contains(Attributes::ACCESSOR))
        {
            if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
                *ic = PropertyIc {
                    shape: STRING_PROTOTYPE,
                    holder: proto,
                    holder_shape: object::shape(holder).bits(),
                    slot: found.index,
                    ..PropertyIc::EMPTY
                };
            }
        }
        return;
    }
    let Some(obj) = as_object(target).filter(|&o| cacheable(o, key)) else {
        return;
    };
    let entry = match object::find(agent, obj, key) {
        Some(found) if !found.attributes.contains(Attributes::ACCESSOR) => {
            PropertyIc::own(object::shape(obj), found.index)
        }
        Some(_) => return,
        None => {
            if agent.roots.shapes.is_dictionary(object::shape(obj)) {
                return;
            }
            let Some(proto) = as_object(object::proto(obj)).filter(|&p| cacheable(p, key)) else {
                return;
            };
            match object::find(agent, proto, key) {
                Some(found) if !found.attributes.contains(Attributes::ACCESSOR) => PropertyIc {
                    shape: object::shape(obj).bits(),
                    holder: Value::cell(proto),
                    holder_shape: object::shape(proto).bits(),
                    slot: found.index,
                    ..PropertyIc::EMPTY
                },
                _ => return,
            }
        }
    };
    if let PropertyKey::Atom(atom) = key {
        let index = LoadStubs::index(entry.shape, atom.index());
        agent.roots.vm.load_stubs.entries[index] = (atom.index(), entry);
    }
    if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
        *ic = entry;
    }
}

/// The store at `slot` of `value` into `target` through the cache: `true` if done.
#[inline]
pub(crate) fn store(agent: &mut Agent, slot: usize, target: Value, value: Value) -> bool {
    let Some(ic) = agent.roots.vm.property_ics.get(slot).copied() else {
        return false;
    };
    let Some(obj) = as_object(target) else {
        return false;
    };
    if object::shape(obj).bits() != ic.shape {
        return false;
    }
    if ic.new_shape == u32::MAX {
        if !ic.holder.is_undefined() {
            return false;
        }
        object::set_slot_value(agent, obj, ic.slot, value);
        return true;
    }
    // An add: the receiver must still be extensible and its chain unchanged.
    if !object::is_extensible(obj) || !chain_matches(obj, &ic) {
        return false;
    }
    object::add_property_by_transition(agent, obj, ShapeId::from_bits(ic.new_shape), ic.slot, value)
}

/// The receiver's prototype chain is the cached one: the same prototype with the same shape,
/// then the same second link (by shape) or none.
fn chain_matches(obj: ObjectRef, ic: &PropertyIc) -> bool {
    let proto = object::proto(obj);
    if proto != ic.holder {
        return false;
    }
    let Some(p1) = as_object(proto) else {
        return ic.holder_shape == u32::MAX;
    };
    if object::shape(p1).bits() != ic.holder_shape {
        return false;
    }
    match as_object(object::proto(p1)) {
        None => ic.proto2_shape == u32::MAX,
        Some(p2) => object::shape(p2).bits() == ic.proto2_shape && object::proto(p2).is_null(),
    }
}

/// After a generic store of `key` into `target` (whose shape was `before`): caches an own
/// writable data property, or the transition that added it.
pub(crate) fn record_store(
    agent: &mut Agent,
    slot: usize,
    target: Value,
    key: PropertyKey,
    before: Option<ShapeId>,
) {
    let Some(obj) = as_object(target).filter(|&o| cacheable(o, key)) else {
        return;
    };
    let Some(found) = object::find(agent, obj, key) else {
        return;
    };
    if !found.is_writable_data() {
        return;
    }
    let a = found.attributes;
    let after = object::shape(obj);
    let entry = match before {
        Some(old) if old == after => PropertyIc::own(after, found.index),
        Some(old)
            if a == Attributes::DEFAULT
                && !agent.roots.shapes.is_dictionary(after)
                && found.index as usize == agent.roots.shapes.len(old)
                && agent.roots.shapes.len(after) == found.index as usize + 1 =>
        {
            // The store added the property: cache the transition with the chain it saw.
            // Neither link may have the property (a setter there ran instead of an add).
            let plain = |agent: &Agent, o: ObjectRef| {
                cacheable(o, key)
                    && !agent.roots.shapes.is_dictionary(object::shape(o))
                    && object::find(agent, o, key).is_none()
            };
            let proto = object::proto(obj);
            let (holder_shape, proto2_shape) = match as_object(proto) {
                None => (u32::MAX, u32::MAX),
                Some(p1) if plain(agent, p1) => match as_object(object::proto(p1)) {
                    None => (object::shape(p1).bits(), u32::MAX),
                    Some(p2) if plain(agent, p2) && object::proto(p2).is_null() => {
                        (object::shape(p1).bits(), object::shape(p2).bits())
                    }
                    Some(_) => return,
                },
                Some(_) => return,
            };
            PropertyIc {
                shape: old.bits(),
                holder: proto,
                holder_shape,
                slot: found.index,
                new_shape: after.bits(),
                proto2_shape,
            }
        }
        _ => return,
    };
    if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
        *ic = entry;
    }
}

/// The cached value of the global load at `slot`, if the cache applies.
#[inline(always)]
pub(crate) fn load_global(agent: &Agent, slot: usize, global: ObjectRef) -> Option<Value> {
    let ic = agent.roots.vm.property_ics.get(slot)?;
    (object::shape(global).bits() == ic.shape && ic.holder_shape == agent.roots.vm.lexical_epoch)
        .then(|| object::slot_value(global, ic.slot))
}

/// The store of `value` at `slot` into a global variable through the cache: `true` if done.
#[inline]
pub(crate) fn store_global(
    agent: &mut Agent,
    slot: usize,
    global: ObjectRef,
    value: Value,
) -> bool {
    let Some(ic) = agent.roots.vm.property_ics.get(slot).copied() else {
        return false;
    };
    if object::shape(global).bits() != ic.shape || ic.holder_shape != agent.roots.vm.lexical_epoch {
        return false;
    }
    object::set_slot_value(agent, global, ic.slot, value);
    true
}

/// After a generic global store of `key`: caches an own writable data property of the
/// global object when no global lexical binding shadows it.
pub(crate) fn record_global_store(
    agent: &mut Agent,
    slot: usize,
    global: ObjectRef,
    key: PropertyKey,
) {
    let writable = object::find(agent, global, key).is_some_and(|found| found.is_writable_data());
    if writable {
        record_global(agent, slot, global, key);
    }
}

/// `target[key]` for a present element of an ordinary object or Array (`None`: take the
/// generic path — holes go up the prototype chain).
#[inline]
pub(crate) fn load_element(target: Value, key: Value) -> Option<Value> {
    let index = u64::try_from(key.as_int()?).ok()?;
    super::ops::dense_element(as_object(target)?, index)
}

/// `target[key] = value` over a present element of an ordinary object or Array: `true` if
/// done (an existing element is a writable own data property, so no setter or prototype
/// is involved).
#[inline]
pub(crate) fn store_element(agent: &mut Agent, target: Value, key: Value, value: Value) -> bool {
    let Some(obj) = as_object(target) else {
        return false;
    };
    let Some(index) = key.as_int().and_then(|i| u32::try_from(i).ok()) else {
        return false;
    };
    super::ops::plain_elements(obj) && object::replace_element(agent, obj, index, value)
}

/// `target[key]` for a string `key` that already knows its atom (see
/// [`string::known_atom`]), when `target` and its prototypes are objects whose named
/// properties are what their shapes say ([`cacheable`]): a direct shape lookup up the
/// chain, no IC (`counts[word]` on a dictionary sees a new key at every step). `None`: take
/// the generic path (accessors, exotic objects, keys not interned yet).
#[inline]
pub(crate) fn load_keyed_name(agent: &Agent, target: Value, key: Value) -> Option<Value> {
    let mut obj = as_object(target)?;
    let key = PropertyKey::Atom(string::known_atom(key)?);
    loop {
        if !cacheable(obj, key) {
            return None;
        }
        if let Some(found) = object::find(agent, obj, key) {
            return (!found.attributes.contains(Attributes::ACCESSOR))
                .then(|| object::slot_value(obj, found.index));
        }
        match as_object(object::proto(obj)) {
            Some(proto) => obj = proto,
            None => return Some(Value::UNDEFINED),
        }
    }
}

/// `target[key] = value` for a string `key` that already knows its atom, over an existing
/// own writable data property of a [`cacheable`] object: `true` if done (an own data
/// property shadows the whole prototype chain, so no setter can run).
#[inline]
pub(crate) fn store_keyed_name(agent: &mut Agent, target: Value, key: Value, value: Value) -> bool {
    let Some(obj) = as_object(target) else {
        return false;
    };
    let Some(atom) = string::known_atom(key) else {
        return false;
    };
    let key = PropertyKey::Atom(atom);
    if !cacheable(obj, key) {
        return false;
    }
    match object::find(agent, obj, key) {
        Some(found) if found.is_writable_data() => {
            object::set_slot_value(agent, obj, found.index, value);
            true
        }
        _ => false,
    }
}

/// After a generic global load of `key`: caches an own data property of the global object
/// when no global lexical binding shadows it.
pub(crate) fn record_global(agent: &mut Agent, slot: usize, global: ObjectRef, key: PropertyKey) {
    if let PropertyKey::Atom(atom) = key {
        if agent.roots.vm.global_lexicals.contains_key(&atom) {
            return;
        }
    }
    let Some(found) = object::find(agent, global, key) else {
        return;
    };
    if found.attributes.contains(Attributes::ACCESSOR) {
        return;
    }
    let epoch = agent.roots.vm.lexical_epoch;
    if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
        *ic = PropertyIc {
            holder_shape: epoch,
            ..PropertyIc::own(object::shape(global), found.index)
        };
    }
}

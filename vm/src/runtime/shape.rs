//! Shapes (hidden classes): which properties an object has, in which slots, with which
//! attributes. Objects built the same way share a shape, found by following transitions from
//! the empty shape, so an inline cache can remember `(shape, slot)` and skip the lookup.
//!
//! Shapes live outside the GC heap, in the agent's [`ShapeTable`], named by a [`ShapeId`]
//! stored in each object. A shape never changes once made, except that a dictionary shape
//! grows in place (see [`ShapeTable::is_dictionary`]); adding a property transitions to a
//! child shape; deleting one or changing its attributes builds a fresh shape by replaying the
//! remaining properties (and the object's slots are moved to match). Lookups scan the short
//! lists and use a lazily built hash index for long ones.
//!
//! Symbols named by shapes are heap cells: the table reports them as roots. A dictionary
//! shape is released when its object dies, and its id is reused once no cache names it
//! ([`ShapeTable::sweep_dictionaries`]).

use rustc_hash::FxHashMap;
use std::cell::OnceCell;

use heap::{ObjectRef, Tracer};

use crate::runtime::atoms::PropertyKey;

bitflags::bitflags! {
    /// Property attributes.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct Attributes: u8 {
        /// `[[Writable]]` (data properties only).
        const WRITABLE = 1 << 0;
        /// `[[Enumerable]]`.
        const ENUMERABLE = 1 << 1;
        /// `[[Configurable]]`.
        const CONFIGURABLE = 1 << 2;
        /// An accessor property: the slot holds a getter/setter pair cell.
        const ACCESSOR = 1 << 3;
    }
}

impl Attributes {
    /// Writable, enumerable and configurable: what assignment creates.
    pub const DEFAULT: Attributes = Attributes::WRITABLE
        .union(Attributes::ENUMERABLE)
        .union(Attributes::CONFIGURABLE);
    /// Writable and configurable, not enumerable: builtin methods.
    pub const BUILTIN: Attributes = Attributes::WRITABLE.union(Attributes::CONFIGURABLE);
}

/// A shape's name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ShapeId(u32);

impl ShapeId {
    /// The empty shape.
    pub const EMPTY: ShapeId = ShapeId(0);

    /// The raw number (stored in objects).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// Rebuilds an id from [`ShapeId::bits`].
    pub fn from_bits(bits: u32) -> ShapeId {
        ShapeId(bits)
    }
}

/// Lists at most this long are searched linearly.
const LINEAR_LOOKUP: usize = 8;

/// Adding a property to a shape with this many makes a dictionary shape (see
/// [`ShapeTable::is_dictionary`]).
pub const DICTIONARY_THRESHOLD: usize = 64;

struct Shape {
    /// The properties, in creation order; a property's slot is its position.
    properties: Vec<(PropertyKey, Attributes)>,
    transitions: FxHashMap<(PropertyKey, Attributes), ShapeId>,
    index: OnceCell<FxHashMap<PropertyKey, u32>>,
    /// Owned by one object and changed in place (see [`ShapeTable::is_dictionary`]).
    dictionary: bool,
    /// False only if no property key is an array index (elements with other attributes
    /// than the default, or accessors, live in the shape): may stay true after a removal.
    may_have_index_keys: bool,
}

impl Shape {
    fn new(properties: Vec<(PropertyKey, Attributes)>) -> Shape {
        Shape {
            may_have_index_keys: properties
                .iter()
                .any(|(key, _)| matches!(key, PropertyKey::Index(_))),
            properties,
            transitions: FxHashMap::default(),
            index: OnceCell::new(),
            dictionary: false,
        }
    }
}

/// A property found in a shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Its slot number in the object.
    pub index: u32,
    /// Its attributes.
    pub attributes: Attributes,
}

impl Slot {
    /// True for a writable data property: a store may overwrite the slot in place.
    #[inline]
    pub fn is_writable_data(self) -> bool {
        self.attributes.contains(Attributes::WRITABLE)
            && !self.attributes.contains(Attributes::ACCESSOR)
    }
}

/// All shapes of one agent.
pub struct ShapeTable {
    shapes: Vec<Shape>,
    /// The object each dictionary shape was made for, recorded when it took the shape (an
    /// entry whose object has since moved to another shape is dropped at the next sweep).
    dictionary_owners: Vec<(ObjectRef, ShapeId)>,
    /// Released ids that no object or cache names any more, for [`ShapeTable::push`].
    free_ids: Vec<ShapeId>,
}

impl Default for ShapeTable {
    fn default() -> Self {
        ShapeTable {
            shapes: vec![Shape::new(Vec::new())],
            dictionary_owners: Vec::new(),
            free_ids: Vec::new(),
        }
    }
}

impl ShapeTable {
    fn get(&self, id: ShapeId) -> &Shape {
        &self.shapes[id.0 as usize]
    }

    fn push(&mut self, shape: Shape) -> ShapeId {
        if let Some(id) = self.free_ids.pop() {
            self.shapes[id.0 as usize] = shape;
            return id;
        }
        let id = ShapeId(u32::try_from(self.shapes.len()).expect("fewer than 2^32 shapes"));
        self.shapes.push(shape);
        id
    }

    /// True for a dictionary shape: the shape of one object with many properties
    /// (dictionaries built with `obj[key] = …`, the global object). Transition chains would
    /// copy the property list once per property (quadratic memory), so such a shape belongs
    /// to its object alone and is changed in place.
    ///
    /// Adding a property appends it under the same id: every property already there keeps
    /// its key, attributes and slot. Removing one or changing its attributes moves the
    /// list to a fresh id (the old id becomes an empty tombstone no object has), as slots or
    /// attributes change.
    ///
    /// A dictionary shape belongs to the object it was made for. When that object dies (or
    /// has moved on to a fresh id), the shape is released at the end of the local cycle and
    /// its id is reused, but only after every cache entry naming the id was cleared
    /// ([`ShapeTable::sweep_dictionaries`], [`ShapeTable::recycle`]): a cache never sees an
    /// id change meaning.
    ///
    /// **Invariant (inline caches rely on it):** for a dictionary shape, "same id" means
    /// "every property seen under this id is still there, at the same slot with the same
    /// attributes" — but not "no property was added". A cache may remember where a
    /// dictionary object's own property is, but never that a dictionary object *lacks* a
    /// property (a load found on its prototype, a transition past it).
    pub fn is_dictionary(&self, shape: ShapeId) -> bool {
        self.get(shape).dictionary
    }

    /// Records that `owner` now has dictionary shape `shape`, which was made for it (see
    /// [`ShapeTable::is_dictionary`]): the shape's storage goes when `owner` dies.
    pub fn record_dictionary_owner(&mut self, owner: ObjectRef, shape: ShapeId) {
        debug_assert!(self.is_dictionary(shape));
        self.dictionary_owners.push((owner, shape));
    }

    /// After a local cycle's marking, before dead memory is reused: releases every
    /// dictionary shape whose owner died, and every tombstone a live owner left behind when
    /// it moved to a fresh id (`shape_of` reads a live owner's shape). A released shape
    /// becomes empty (its property list and index are freed). Returns the released ids:
    /// clear every cache entry that names one, then [`ShapeTable::recycle`] them.
    pub fn sweep_dictionaries(
        &mut self,
        is_live: impl Fn(ObjectRef) -> bool,
        shape_of: impl Fn(ObjectRef) -> ShapeId,
    ) -> Vec<ShapeId> {
        let mut released = Vec::new();
        let shapes = &mut self.shapes;
        self.dictionary_owners.retain(|&(owner, shape)| {
            if is_live(owner) && shape_of(owner) == shape {
                return true;
            }
            shapes[shape.0 as usize] = Shape::new(Vec::new());
            released.push(shape);
            false
        });
        released
    }

    /// Makes released ids available to new shapes. No object has them, and the caller
    /// cleared every cache entry naming them (see [`ShapeTable::is_dictionary`]).
    pub fn recycle(&mut self, ids: Vec<ShapeId>) {
        debug_assert!(ids.iter().all(|id| *id != ShapeId::EMPTY));
        self.free_ids.extend(ids);
    }

    /// Number of shape ids in use (made and not released).
    pub fn live_count(&self) -> usize {
        self.shapes.len() - self.free_ids.len()
    }

    /// Properties held by dictionary shapes (for tests and heap statistics).
    pub fn dictionary_properties(&self) -> usize {
        self.shapes
            .iter()
            .filter(|shape| shape.dictionary)
            .map(|shape| shape.properties.len())
            .sum()
    }

    /// Moves dictionary shape `from` to a fresh id (see [`ShapeTable::is_dictionary`]).
    fn renumber(&mut self, from: ShapeId) -> ShapeId {
        let shape = std::mem::replace(&mut self.shapes[from.0 as usize], Shape::new(Vec::new()));
        self.push(shape)
    }

    /// False if no property of `shape` has an array-index key (then an object's integer
    /// keys are all in its elements): skips the lookup on paths that probe many indices.
    #[inline]
    pub fn may_have_index_keys(&self, shape: ShapeId) -> bool {
        self.get(shape).may_have_index_keys
    }

    /// Number of properties of `shape` (= slots an object of this shape uses).
    pub fn len(&self, shape: ShapeId) -> usize {
        self.get(shape).properties.len()
    }

    /// True if `shape` has no property.
    pub fn is_empty(&self, shape: ShapeId) -> bool {
        self.len(shape) == 0
    }

    /// Finds `key` in `shape`.
    pub fn lookup(&self, shape: ShapeId, key: PropertyKey) -> Option<Slot> {
        let shape = self.get(shape);
        let index = if shape.properties.len() <= LINEAR_LOOKUP {
            shape.properties.iter().position(|(k, _)| *k == key)? as u32
        } else {
            *shape
                .index
                .get_or_init(|| {
                    shape
                        .properties
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (*k, i as u32))
                        .collect()
                })
                .get(&key)?
        };
        Some(Slot {
            index,
            attributes: shape.properties[index as usize].1,
        })
    }

    /// The shape after adding `key` with `attributes` (which must not be present): the new
    /// property takes the next slot.
    pub fn add(&mut self, shape: ShapeId, key: PropertyKey, attributes: Attributes) -> ShapeId {
        debug_assert!(self.lookup(shape, key).is_none());
        if self.is_dictionary(shape) {
            let entry = &mut self.shapes[shape.0 as usize];
            let slot = entry.properties.len() as u32;
            entry.properties.push((key, attributes));
            entry.may_have_index_keys |= matches!(key, PropertyKey::Index(_));
            if let Some(index) = entry.index.get_mut() {
                index.insert(key, slot);
            }
            return shape;
        }
        if let Some(next) = self.get(shape).transitions.get(&(key, attributes)) {
            return *next;
        }
        let mut properties = self.get(shape).properties.clone();
        properties.push((key, attributes));
        if properties.len() > DICTIONARY_THRESHOLD {
            let mut dictionary = Shape::new(properties);
            dictionary.dictionary = true;
            return self.push(dictionary);
        }
        let next = self.push(Shape::new(properties));
        self.shapes[shape.0 as usize]
            .transitions
            .insert((key, attributes), next);
        next
    }

    /// The shape without `key`, and for each slot of the new shape the slot of `shape` its
    /// value comes from (the caller moves the object's values accordingly).
    pub fn remove(&mut self, shape: ShapeId, key: PropertyKey) -> (ShapeId, Vec<u32>) {
        if self.is_dictionary(shape) {
            let next = self.renumber(shape);
            let entry = &mut self.shapes[next.0 as usize];
            let len = entry.properties.len() as u32;
            let Some(at) = entry.properties.iter().position(|(k, _)| *k == key) else {
                return (next, (0..len).collect());
            };
            entry.properties.remove(at);
            entry.index = OnceCell::new();
            let moves = (0..len).filter(|&i| i != at as u32).collect();
            return (next, moves);
        }
        let old = &self.get(shape).properties;
        let mut moves = Vec::with_capacity(old.len());
        let mut result = ShapeId::EMPTY;
        let kept: Vec<(usize, PropertyKey, Attributes)> = old
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| *k != key)
            .map(|(i, (k, a))| (i, *k, *a))
            .collect();
        for (from, k, attributes) in kept {
            result = self.add(result, k, attributes);
            moves.push(from as u32);
        }
        (result, moves)
    }

    /// The shape with `key`'s attributes replaced (slots unchanged).
    pub fn set_attributes(
        &mut self,
        shape: ShapeId,
        key: PropertyKey,
        attributes: Attributes,
    ) -> ShapeId {
        if self.is_dictionary(shape) {
            let next = self.renumber(shape);
            for entry in self.shapes[next.0 as usize].properties.iter_mut() {
                if entry.0 == key {
                    entry.1 = attributes;
                }
            }
            return next;
        }
        let properties: Vec<(PropertyKey, Attributes)> = self
            .get(shape)
            .properties
            .iter()
            .map(|&(k, a)| if k == key { (k, attributes) } else { (k, a) })
            .collect();
        let mut result = ShapeId::EMPTY;
        for (k, a) in properties {
            result = self.add(result, k, a);
        }
        result
    }

    /// The properties of `shape` in creation order.
    pub fn properties(&self, shape: ShapeId) -> &[(PropertyKey, Attributes)] {
        &self.get(shape).properties
    }

    /// Number of shapes made so far.
    pub fn count(&self) -> usize {
        self.shapes.len()
    }

    /// Reports every symbol the shapes name (they are roots: a shape outlives its objects).
    pub fn trace(&self, tracer: &mut Tracer<'_>) {
        for symbol in self.symbols() {
            tracer.edge(symbol);
        }
    }

    /// Every symbol the shapes name (for tests and heap statistics).
    /// A transition shape names its own last key (its prefix is another shape); a dictionary
    /// shape names all of its keys.
    pub fn symbols(&self) -> Vec<ObjectRef> {
        let mut out = Vec::new();
        for shape in &self.shapes {
            let keys = if shape.dictionary {
                &shape.properties[..]
            } else {
                let n = shape.properties.len();
                &shape.properties[n.saturating_sub(1)..]
            };
            for (key, _) in keys {
                if let PropertyKey::Symbol(symbol) = key {
                    out.push(*symbol);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::atoms::AtomTable;

    #[test]
    fn objects_built_alike_share_shapes_and_slots() {
        let mut atoms = AtomTable::default();
        let (x, y) = (
            PropertyKey::Atom(atoms.intern_str("x")),
            PropertyKey::Atom(atoms.intern_str("y")),
        );
        let mut table = ShapeTable::default();
        let a = table.add(ShapeId::EMPTY, x, Attributes::DEFAULT);
        let a = table.add(a, y, Attributes::DEFAULT);
        let b = table.add(ShapeId::EMPTY, x, Attributes::DEFAULT);
        let b = table.add(b, y, Attributes::DEFAULT);
        assert_eq!(a, b);
        assert_eq!(table.lookup(a, y).map(|s| s.index), Some(1));
        assert_eq!(table.lookup(a, PropertyKey::Index(0)), None);
        let c = table.add(ShapeId::EMPTY, y, Attributes::DEFAULT);
        assert_ne!(table.add(c, x, Attributes::DEFAULT), a, "order matters");
    }

    #[test]
    fn long_shapes_use_the_index_and_removal_moves_slots() {
        let mut atoms = AtomTable::default();
        let keys: Vec<PropertyKey> = (0..40)
            .map(|i| PropertyKey::Atom(atoms.intern_str(&format!("p{i}"))))
            .collect();
        let mut table = ShapeTable::default();
        let mut shape = ShapeId::EMPTY;
        for key in &keys {
            shape = table.add(shape, *key, Attributes::DEFAULT);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.lookup(shape, *key).unwrap().index, i as u32);
        }
        let (smaller, moves) = table.remove(shape, keys[3]);
        assert_eq!(table.len(smaller), 39);
        assert_eq!(moves[3], 4, "slot 3 now holds what slot 4 held");
        assert_eq!(table.lookup(smaller, keys[3]), None);
        assert_eq!(table.lookup(smaller, keys[39]).unwrap().index, 38);
        let frozen = table.set_attributes(smaller, keys[0], Attributes::ENUMERABLE);
        assert_eq!(
            table.lookup(frozen, keys[0]).unwrap().attributes,
            Attributes::ENUMERABLE
        );
        assert_eq!(table.lookup(frozen, keys[1]).unwrap().index, 1);
    }

    #[test]
    fn many_properties_make_a_dictionary_shape_renumbered_on_change() {
        let mut atoms = AtomTable::default();
        let keys: Vec<PropertyKey> = (0..DICTIONARY_THRESHOLD + 10)
            .map(|i| PropertyKey::Atom(atoms.intern_str(&format!("k{i}"))))
            .collect();
        let mut table = ShapeTable::default();
        let mut shape = ShapeId::EMPTY;
        let mut seen = Vec::new();
        for key in &keys[..DICTIONARY_THRESHOLD + 1] {
            shape = table.add(shape, *key, Attributes::DEFAULT);
            assert!(!seen.contains(&shape), "ids are never reused");
            seen.push(shape);
        }
        assert!(table.is_dictionary(shape));
        let before = table.count();
        for key in &keys[DICTIONARY_THRESHOLD + 1..] {
            assert_eq!(
                table.add(shape, *key, Attributes::DEFAULT),
                shape,
                "a dictionary grows in place"
            );
        }
        assert_eq!(table.count(), before, "no shape per added property");
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(table.lookup(shape, *key).unwrap().index, i as u32);
        }
        let (smaller, moves) = table.remove(shape, keys[2]);
        assert_ne!(smaller, shape);
        assert_eq!(table.len(shape), 0, "the old id is a tombstone");
        assert_eq!(moves[2], 3);
        assert_eq!(table.lookup(smaller, keys[2]), None);
        assert_eq!(table.lookup(smaller, keys[3]).unwrap().index, 2);
        let changed = table.set_attributes(smaller, keys[0], Attributes::empty());
        assert_eq!(
            table.lookup(changed, keys[0]).unwrap().attributes,
            Attributes::empty()
        );
        // Two changes, two new (small) entries: no copy of the property list per change.
        assert_eq!(table.count(), before + 2);
    }
}

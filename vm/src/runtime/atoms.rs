//! Atoms: strings interned once per agent so that property keys compare as integers. Shapes,
//! inline caches and the compiler's constant pools name properties by `Atom`.
//!
//! Canonical array indices (`"0"` … `"4294967294"`) are never atoms: they become
//! [`PropertyKey::Index`] so that elements and named properties stay apart.

use heap::ObjectRef;

use crate::runtime::string::Units;

/// An interned string naming a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(u32);

impl Atom {
    /// The atom's number (stable for the agent's lifetime).
    pub fn index(self) -> u32 {
        self.0
    }

    /// The atom numbered `index` (from [`Atom::index`] of an atom of the same agent).
    pub(crate) fn from_index(index: u32) -> Atom {
        Atom(index)
    }
}

/// A property key: an array index, an interned string, or a symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PropertyKey {
    /// A canonical array index (0 ..= 2^32 - 2).
    Index(u32),
    /// Any other string.
    Atom(Atom),
    /// A symbol (a heap cell: whoever stores a key with a symbol must keep it alive).
    Symbol(ObjectRef),
}

/// The largest array index (2^32 - 2).
pub const MAX_ARRAY_INDEX: u32 = u32::MAX - 1;

/// If `units` is the canonical string of an array index, that index.
pub fn array_index(units: &[u16]) -> Option<u32> {
    array_index_of(Units::Utf16(units))
}

/// [`array_index`] on borrowed string units.
pub fn array_index_of(units: Units<'_>) -> Option<u32> {
    let first = units.get(0)?;
    if !(u16::from(b'0')..=u16::from(b'9')).contains(&first) || units.len() > 10 {
        return None;
    }
    if first == u16::from(b'0') && units.len() > 1 {
        return None;
    }
    let mut value: u64 = 0;
    for unit in units.iter() {
        if !(u16::from(b'0')..=u16::from(b'9')).contains(&unit) {
            return None;
        }
        value = value * 10 + u64::from(unit - u16::from(b'0'));
    }
    (value <= u64::from(MAX_ARRAY_INDEX)).then_some(value as u32)
}

macro_rules! well_known_atoms {
    ($($name:ident = $text:literal,)*) => {
        /// Atoms every agent interns first, in this order, so their numbers are constants.
        pub mod names {
            use super::Atom;
            well_known_atoms!(@consts 0u32, $($name,)*);
        }
        const WELL_KNOWN: &[&str] = &[$($text,)*];
    };
    (@consts $n:expr, $name:ident, $($rest:ident,)*) => {
        #[allow(missing_docs)]
        pub const $name: Atom = Atom($n);
        well_known_atoms!(@consts $n + 1, $($rest,)*);
    };
    (@consts $n:expr,) => {};
}

well_known_atoms! {
    EMPTY = "",
    LENGTH = "length",
    PROTOTYPE = "prototype",
    CONSTRUCTOR = "constructor",
    NAME = "name",
    MESSAGE = "message",
    CAUSE = "cause",
    STACK = "stack",
    VALUE = "value",
    DONE = "done",
    NEXT = "next",
    RETURN = "return",
    THROW = "throw",
    GET = "get",
    SET = "set",
    WRITABLE = "writable",
    ENUMERABLE = "enumerable",
    CONFIGURABLE = "configurable",
    TO_STRING = "toString",
    VALUE_OF = "valueOf",
    THEN = "then",
    CALLEE = "callee",
    CALLER = "caller",
    ARGUMENTS = "arguments",
    PROTO = "__proto__",
    UNDEFINED = "undefined",
    NULL = "null",
    TRUE = "true",
    FALSE = "false",
    INDEX = "index",
    INPUT = "input",
    GROUPS = "groups",
    LAST_INDEX = "lastIndex",
    RAW = "raw",
    JOIN = "join",
    ERRORS = "errors",
    DEFAULT = "default",
}

/// The first bucket to probe for `hash` (its well-mixed high bits).
#[inline]
fn bucket(hash: u64, mask: usize) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

/// An empty bucket of the atom table's index.
const NO_ATOM: u64 = u64::MAX;

/// A bucket: the atom's number in the low half, its hash's high half above, so a probe
/// rejects other atoms without reading their texts (each read is a cache miss in a large
/// table).
#[inline]
fn pack(atom: u32, hash: u64) -> u64 {
    (hash & 0xffff_ffff_0000_0000) | u64::from(atom)
}

/// The agent's atom table: the texts, and an open-addressing index over them keyed by
/// [`Units::hash_code`], so that a string is looked up from its units in place (Latin-1 or
/// UTF-16) without copying them.
#[derive(Debug)]
pub struct AtomTable {
    /// Atom numbers by hash, with their hashes' high halves (see [`pack`]; linear probing;
    /// `NO_ATOM` is empty; a power of two long, at most half full).
    buckets: Vec<u64>,
    /// All texts, one after another.
    units: Vec<u16>,
    /// Each atom's text: start in `units` and length.
    spans: Vec<(u32, u32)>,
}

impl Default for AtomTable {
    fn default() -> Self {
        let mut table = AtomTable {
            buckets: vec![NO_ATOM; 256],
            units: Vec::new(),
            spans: Vec::new(),
        };
        for text in WELL_KNOWN {
            table.intern_str(text);
        }
        table
    }
}

impl AtomTable {
    /// The atom for `units` (interned on first use). Array-index strings are atoms too when
    /// asked for directly; use [`AtomTable::key`] for property keys.
    pub fn intern(&mut self, units: &[u16]) -> Atom {
        self.intern_units(Units::Utf16(units))
    }

    /// [`AtomTable::intern`] on borrowed string units.
    pub fn intern_units(&mut self, units: Units<'_>) -> Atom {
        let hash = units.hash_code();
        let mask = self.buckets.len() - 1;
        let mut i = bucket(hash, mask);
        let high = hash & 0xffff_ffff_0000_0000;
        loop {
            let entry = self.buckets[i];
            if entry == NO_ATOM {
                break;
            }
            if entry & 0xffff_ffff_0000_0000 == high {
                let atom = entry as u32;
                if units.equals_slice(self.text(Atom(atom))) {
                    return Atom(atom);
                }
            }
            i = (i + 1) & mask;
        }
        let atom = u32::try_from(self.spans.len()).expect("fewer than 2^32 atoms");
        assert!(atom != u32::MAX, "fewer than 2^32 - 1 atoms");
        let start = u32::try_from(self.units.len()).expect("atom texts below 2^32 units");
        self.units.extend(units.iter());
        self.spans.push((start, units.len() as u32));
        self.buckets[i] = pack(atom, hash);
        if 2 * self.spans.len() > self.buckets.len() {
            self.grow();
        }
        Atom(atom)
    }

    /// Doubles the index and reinserts every atom.
    fn grow(&mut self) {
        let size = 2 * self.buckets.len();
        let mask = size - 1;
        let mut buckets = vec![NO_ATOM; size];
        for atom in 0..self.spans.len() as u32 {
            let hash = Units::Utf16(self.text(Atom(atom))).hash_code();
            let mut i = bucket(hash, mask);
            while buckets[i] != NO_ATOM {
                i = (i + 1) & mask;
            }
            buckets[i] = pack(atom, hash);
        }
        self.buckets = buckets;
    }

    /// The atom for Rust text.
    pub fn intern_str(&mut self, text: &str) -> Atom {
        let units: Vec<u16> = text.encode_utf16().collect();
        self.intern(&units)
    }

    /// The property key for a string: an index if it is canonical, else an atom.
    pub fn key(&mut self, units: &[u16]) -> PropertyKey {
        self.key_of(Units::Utf16(units))
    }

    /// [`AtomTable::key`] on borrowed string units.
    pub fn key_of(&mut self, units: Units<'_>) -> PropertyKey {
        match array_index_of(units) {
            Some(index) => PropertyKey::Index(index),
            None => PropertyKey::Atom(self.intern_units(units)),
        }
    }

    /// The text of an atom.
    pub fn text(&self, atom: Atom) -> &[u16] {
        let (start, len) = self.spans[atom.0 as usize];
        &self.units[start as usize..(start + len) as usize]
    }

    /// The text of an atom as Rust text (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self, atom: Atom) -> String {
        String::from_utf16_lossy(self.text(atom))
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True if no atom exists (never: the well-known ones are always there).
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn well_known_atoms_have_their_constant_numbers() {
        let table = AtomTable::default();
        assert_eq!(table.to_rust_string(names::LENGTH), "length");
        assert_eq!(table.to_rust_string(names::DEFAULT), "default");
        assert_eq!(table.len(), WELL_KNOWN.len());
    }

    #[test]
    fn interning_is_idempotent_and_keys_separate_indices() {
        let mut table = AtomTable::default();
        let a = table.intern_str("agora");
        assert_eq!(table.intern(&units("agora")), a);
        assert_ne!(table.intern_str("agorb"), a);
        assert_eq!(table.key(&units("12")), PropertyKey::Index(12));
        assert_eq!(
            table.key(&units("4294967294")),
            PropertyKey::Index(u32::MAX - 1)
        );
        for not_index in ["4294967295", "012", "-1", "1.5", "", " 1", "1e3"] {
            assert!(
                matches!(table.key(&units(not_index)), PropertyKey::Atom(_)),
                "{not_index:?}"
            );
        }
        assert_eq!(table.key(&units("0")), PropertyKey::Index(0));
        let lone = [0xd800u16, 0x61];
        let atom = table.intern(&lone);
        assert_eq!(table.text(atom), &lone);
    }
}

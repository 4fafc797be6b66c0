//! Atoms: strings interned once per agent so that property keys compare as integers. Shapes,
//! inline caches and the compiler's constant pools name properties by `Atom`.
//!
//! Canonical array indices (`"0"` … `"4294967294"`) are never atoms: they become
//! [`PropertyKey::Index`] so that elements and named properties stay apart.

use rustc_hash::FxHashMap;

use heap::ObjectRef;

/// An interned string naming a property.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Atom(u32);

impl Atom {
    /// The atom's number (stable for the agent's lifetime).
    pub fn index(self) -> u32 {
        self.0
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
    let (&first, rest) = units.split_first()?;
    if !(u16::from(b'0')..=u16::from(b'9')).contains(&first) || units.len() > 10 {
        return None;
    }
    if first == u16::from(b'0') && !rest.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    for &unit in units {
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

/// The agent's atom table.
#[derive(Debug)]
pub struct AtomTable {
    by_text: FxHashMap<Box<[u16]>, Atom>,
    texts: Vec<Box<[u16]>>,
}

impl Default for AtomTable {
    fn default() -> Self {
        let mut table = AtomTable {
            by_text: FxHashMap::default(),
            texts: Vec::new(),
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
        if let Some(atom) = self.by_text.get(units) {
            return *atom;
        }
        let atom = Atom(u32::try_from(self.texts.len()).expect("fewer than 2^32 atoms"));
        self.texts.push(units.into());
        self.by_text.insert(units.into(), atom);
        atom
    }

    /// The atom for Rust text.
    pub fn intern_str(&mut self, text: &str) -> Atom {
        let units: Vec<u16> = text.encode_utf16().collect();
        self.intern(&units)
    }

    /// The property key for a string: an index if it is canonical, else an atom.
    pub fn key(&mut self, units: &[u16]) -> PropertyKey {
        match array_index(units) {
            Some(index) => PropertyKey::Index(index),
            None => PropertyKey::Atom(self.intern(units)),
        }
    }

    /// The text of an atom.
    pub fn text(&self, atom: Atom) -> &[u16] {
        &self.texts[atom.0 as usize]
    }

    /// The text of an atom as Rust text (lone surrogates become U+FFFD).
    pub fn to_rust_string(&self, atom: Atom) -> String {
        String::from_utf16_lossy(self.text(atom))
    }

    /// Number of atoms.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// True if no atom exists (never: the well-known ones are always there).
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
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

//! JavaScript strings: immutable sequences of UTF-16 code units, stored as heap cells.
//!
//! ```text
//! flat:  header | len (u32) · flags (u32) | code units: Latin-1 bytes or UTF-16 (native order) …
//! rope:  header | len (u32) · flags (u32) | left | right | flat (empty until flattened)
//! ```
//! The flags are bit 32 (UTF-16; on a rope: some leaf is UTF-16) and, from bit 34 up, 1 +
//! the atom a flat string names once it has been used as a property key (so that `obj[s]`
//! interns `s` once).
//! A string whose units all fit in a byte is stored as Latin-1 (the fast path for ASCII
//! text). Concatenation of long strings makes a rope in O(1); reading a rope's units flattens
//! it once (iteratively, so deep ropes built by `s += x` loops cannot overflow the stack) and
//! caches the flat string in the rope.
//!
//! Readers borrow a flat string's units in place as [`Units`] (no copy): [`view`] ties the
//! borrow to a shared borrow of the [`Agent`], and every collection needs the agent's
//! mutator mutably, so the string cannot be freed (nor, strings being immutable once made,
//! written) while the view lives. UTF-16 units are stored in native byte order so that the
//! view is a plain aligned `&[u16]`; only this module reads or writes string bytes.

// Borrowing a string's payload in place is `heap::ObjectRef::bytes`, an `unsafe fn`: the
// obligations are discharged at each use below (`// SAFETY:`), all in this module.
#![allow(unsafe_code)]

use std::cmp::Ordering;

use heap::{HeapError, Mutator, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::atoms::{Atom, PropertyKey};
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

/// Strings shorter than this are concatenated eagerly into a flat string.
pub const MIN_ROPE_LENGTH: usize = 24;
/// The longest string (V8's limit on 64-bit: 2^29 - 24 units).
pub const MAX_LENGTH: usize = (1 << 29) - 24;

const FLAG_UTF16: u64 = 1 << 32;
/// The flags word's bits from here up hold 1 + the atom the string names, once
/// [`property_key`] has interned it (0: not known yet).
const ATOM_SHIFT: u32 = 34;

const WORD_LENGTH: usize = 0;
const ROPE_LEFT: usize = 1;
const ROPE_RIGHT: usize = 2;
const ROPE_FLAT: usize = 3;
const DATA_OFFSET: usize = 8;

/// Why a string could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringError {
    /// The heap is full.
    OutOfMemory(HeapError),
    /// The result would exceed [`MAX_LENGTH`] (a `RangeError: Invalid string length`).
    TooLong,
}

impl From<HeapError> for StringError {
    fn from(error: HeapError) -> Self {
        StringError::OutOfMemory(error)
    }
}

/// The code units of a flat string, borrowed in place.
#[derive(Clone, Copy, Debug)]
pub enum Units<'a> {
    /// Every unit fits in a byte.
    Latin1(&'a [u8]),
    /// UTF-16 code units.
    Utf16(&'a [u16]),
}

impl<'a> Units<'a> {
    /// Number of code units.
    #[inline]
    pub fn len(self) -> usize {
        match self {
            Units::Latin1(b) => b.len(),
            Units::Utf16(u) => u.len(),
        }
    }

    /// True for the empty string.
    #[inline]
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The unit at `index` (`None` past the end).
    #[inline]
    pub fn get(self, index: usize) -> Option<u16> {
        match self {
            Units::Latin1(b) => b.get(index).map(|&b| u16::from(b)),
            Units::Utf16(u) => u.get(index).copied(),
        }
    }

    /// The units `start..end` (clamped to the string).
    #[inline]
    pub fn slice(self, start: usize, end: usize) -> Units<'a> {
        let end = end.min(self.len());
        let start = start.min(end);
        match self {
            Units::Latin1(b) => Units::Latin1(&b[start..end]),
            Units::Utf16(u) => Units::Utf16(&u[start..end]),
        }
    }

    /// The units, one by one.
    #[inline]
    pub fn iter(self) -> UnitsIter<'a> {
        match self {
            Units::Latin1(b) => UnitsIter::Latin1(b.iter()),
            Units::Utf16(u) => UnitsIter::Utf16(u.iter()),
        }
    }

    /// The units, copied.
    pub fn to_vec(self) -> Vec<u16> {
        let mut out = Vec::with_capacity(self.len());
        self.append_to(&mut out);
        out
    }

    /// Appends the units to `out`.
    #[inline]
    pub fn append_to(self, out: &mut Vec<u16>) {
        match self {
            Units::Latin1(b) => out.extend(b.iter().map(|&b| u16::from(b))),
            Units::Utf16(u) => out.extend_from_slice(u),
        }
    }

    /// Code-unit equality (whatever the two representations).
    pub fn equals(self, other: Units<'_>) -> bool {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a == b,
            (Units::Utf16(a), Units::Utf16(b)) => a == b,
            (Units::Latin1(a), Units::Utf16(b)) | (Units::Utf16(b), Units::Latin1(a)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(&x, &y)| u16::from(x) == y)
            }
        }
    }

    /// Equality with a unit slice.
    pub fn equals_slice(self, other: &[u16]) -> bool {
        self.equals(Units::Utf16(other))
    }

    /// Lexicographic order of code units (`IsLessThan` on strings, the default sort).
    pub fn compare(self, other: Units<'_>) -> Ordering {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a.cmp(b),
            (Units::Utf16(a), Units::Utf16(b)) => a.cmp(b),
            _ => self.iter().cmp(other.iter()),
        }
    }

    /// True if every unit fits in a byte.
    pub fn is_latin1(self) -> bool {
        match self {
            Units::Latin1(_) => true,
            Units::Utf16(u) => u.iter().all(|&u| u <= 0xff),
        }
    }

    /// A hash of the units that does not depend on the representation (FxHash-style).
    pub fn hash_code(self) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let step = |h: u64, unit: u64| (h.rotate_left(5) ^ unit).wrapping_mul(K);
        let h = self.len() as u64;
        match self {
            Units::Latin1(b) => b.iter().fold(h, |h, &b| step(h, u64::from(b))),
            Units::Utf16(u) => u.iter().fold(h, |h, &u| step(h, u64::from(u))),
        }
    }

    /// The first index at or after `from` where `needle` occurs.
    pub fn find(self, needle: Units<'_>, from: usize) -> Option<usize> {
        let (n, m) = (self.len(), needle.len());
        if m == 0 {
            return (from <= n).then_some(from);
        }
        if m > n {
            return None;
        }
        match (self, needle) {
            (Units::Latin1(h), Units::Latin1(p)) => {
                let first = p[0];
                let mut i = from;
                while i + m <= n {
                    match h[i..=n - m].iter().position(|&b| b == first) {
                        None => return None,
                        Some(k) => i += k,
                    }
                    if &h[i..i + m] == p {
                        return Some(i);
                    }
                    i += 1;
                }
                None
            }
            _ => (from..=n - m).find(|&i| self.slice(i, i + m).equals(needle)),
        }
    }
}

/// The iterator of [`Units::iter`].
#[derive(Clone, Debug)]
pub enum UnitsIter<'a> {
    /// Over Latin-1 units.
    Latin1(std::slice::Iter<'a, u8>),
    /// Over UTF-16 units.
    Utf16(std::slice::Iter<'a, u16>),
}

impl Iterator for UnitsIter<'_> {
    type Item = u16;
    #[inline]
    fn next(&mut self) -> Option<u16> {
        match self {
            UnitsIter::Latin1(i) => i.next().map(|&b| u16::from(b)),
            UnitsIter::Utf16(i) => i.next().copied(),
        }
    }
    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            UnitsIter::Latin1(i) => i.size_hint(),
            UnitsIter::Utf16(i) => i.size_hint(),
        }
    }
}

impl DoubleEndedIterator for UnitsIter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<u16> {
        match self {
            UnitsIter::Latin1(i) => i.next_back().map(|&b| u16::from(b)),
            UnitsIter::Utf16(i) => i.next_back().copied(),
        }
    }
}

impl ExactSizeIterator for UnitsIter<'_> {}

/// True if `cell` is a string (flat or rope).
pub fn is_string(cell: ObjectRef) -> bool {
    matches!(
        CellKind::of(cell),
        Some(CellKind::FlatString | CellKind::RopeString)
    )
}

/// The length in UTF-16 code units.
#[inline]
pub fn len(s: ObjectRef) -> usize {
    (s.load(WORD_LENGTH) & 0xffff_ffff) as usize
}

fn is_utf16(flat: ObjectRef) -> bool {
    flat.load(WORD_LENGTH) & FLAG_UTF16 != 0
}

/// The flat string holding `s`'s units: `s` itself, or a rope's cached flattening (`None`
/// for a rope not flattened yet).
#[inline]
pub fn flat_of(s: ObjectRef) -> Option<ObjectRef> {
    if CellKind::of(s) != Some(CellKind::RopeString) {
        return Some(s);
    }
    Value::from_bits(s.load(ROPE_FLAT)).as_cell()
}

/// The units of flat string `flat`, borrowed for as long as the caller promises nothing
/// collects or writes it.
///
/// # Safety
/// While the result lives, nothing may collect on this agent (no allocation, poll or park)
/// unless `flat` is rooted, and `flat` must be a live flat string.
#[inline]
unsafe fn raw_view<'a>(flat: ObjectRef) -> Units<'a> {
    let word = flat.load(WORD_LENGTH);
    let n = (word & 0xffff_ffff) as usize;
    if word & FLAG_UTF16 != 0 {
        // SAFETY: the caller's obligations are `bytes`' obligation 1; obligation 2 holds
        // because a flat string's units are written only by the function that allocates it,
        // before it returns the string.
        let bytes = unsafe { flat.bytes(DATA_OFFSET, 2 * n) };
        assert_eq!(bytes.as_ptr() as usize % 2, 0, "string data is 2-aligned");
        // SAFETY: the bytes are `2 * n` initialised bytes, 2-aligned (cells are 16-aligned
        // and the data starts 16 bytes into the cell; checked above), holding `n` units in
        // native byte order (`write_units` stores them so); the lifetime is the bytes'.
        Units::Utf16(unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<u16>(), n) })
    } else {
        // SAFETY: as above.
        Units::Latin1(unsafe { flat.bytes(DATA_OFFSET, n) })
    }
}

/// The units of a flat string (or a flattened rope), borrowed in place; `None` for a rope
/// not flattened yet (see [`flatten`]).
#[inline]
pub fn view(agent: &Agent, s: ObjectRef) -> Option<Units<'_>> {
    view_in(&agent.mutator, s)
}

/// [`view`] for code that holds the agent's fields apart (e.g. the atom table).
#[inline]
pub fn view_in(mutator: &Mutator, s: ObjectRef) -> Option<Units<'_>> {
    let flat = flat_of(s)?;
    let _ = mutator;
    // SAFETY: `flat` is live (rooting rule: the caller uses `s`, and a rope keeps its cached
    // flat string alive). Every collection of this agent's local space — the only space
    // strings live in (the VM never allocates strings in the shared space) — goes through
    // `&mut Mutator` (alloc, poll, park_while, collect); the result borrows the mutator
    // shared for its whole life, so none can happen meanwhile. Strings are immutable once
    // made.
    Some(unsafe { raw_view(flat) })
}

/// The property key for string `s`, found from its units in place. Never allocates on the
/// heap (an unflattened rope's units are copied instead of flattening it).
pub fn property_key(agent: &mut Agent, s: ObjectRef) -> PropertyKey {
    let Some(flat) = flat_of(s) else {
        return agent.atoms.key(&units(s));
    };
    // A flat string remembers the atom it names (the flags word's upper bits), so a string
    // used as a key again and again (`counts[word]`) is interned once.
    let word = flat.load(WORD_LENGTH);
    if let Some(atom) = cached_atom(word) {
        return PropertyKey::Atom(atom);
    }
    let Agent { mutator, atoms, .. } = agent;
    let key = atoms.key_of(view_in(mutator, flat).expect("a flat string"));
    if let PropertyKey::Atom(atom) = key {
        let number = u64::from(atom.index()) + 1;
        if number < 1 << (64 - ATOM_SHIFT) {
            // Only the flags word changes: the units (which views borrow) stay untouched.
            flat.store(WORD_LENGTH, word | number << ATOM_SHIFT);
        }
    }
    key
}

/// The atom string `v` names as a property key, if [`property_key`] has already interned
/// it (`None` for anything else, including strings that are array indices). Reads one word:
/// the keyed fast paths (`counts[word]`) use it to skip hashing.
#[inline]
pub fn known_atom(v: Value) -> Option<Atom> {
    let flat = flat_of(v.as_cell().filter(|&c| is_string(c))?)?;
    cached_atom(flat.load(WORD_LENGTH))
}

/// The atom a flat string's flags word records (see [`property_key`]).
#[inline]
fn cached_atom(word: u64) -> Option<Atom> {
    let cached = word >> ATOM_SHIFT;
    (cached != 0).then(|| Atom::from_index((cached - 1) as u32))
}

/// Runs `f` on `s`'s units, flattening a rope first.
pub fn with_units<R>(
    agent: &mut Agent,
    s: ObjectRef,
    f: impl FnOnce(Units<'_>) -> R,
) -> Result<R, StringError> {
    let flat = flatten(agent, s)?;
    Ok(f(view(agent, flat).expect("a flat string")))
}

/// Allocates a flat string of `n` units (Latin-1 if `latin1`) whose units the caller writes
/// at once (with [`write_units`] / [`write_latin1`]) before anything else allocates.
fn alloc_flat(agent: &mut Agent, n: usize, latin1: bool) -> Result<ObjectRef, StringError> {
    if n > MAX_LENGTH {
        return Err(StringError::TooLong);
    }
    let bytes = if latin1 { n } else { 2 * n };
    let cell = agent.alloc_cell(CellKind::FlatString, 8 + bytes)?;
    cell.store(WORD_LENGTH, n as u64 | if latin1 { 0 } else { FLAG_UTF16 });
    Ok(cell)
}

/// Writes `units` (all <= 0xff) as Latin-1 at unit `at` of a new Latin-1 string.
fn write_narrowed(cell: ObjectRef, at: usize, units: &[u16]) {
    let mut buffer = [0u8; 256];
    for (i, chunk) in units.chunks(buffer.len()).enumerate() {
        for (b, &u) in buffer.iter_mut().zip(chunk) {
            *b = u as u8;
        }
        cell.write_bytes(DATA_OFFSET + at + i * 256, &buffer[..chunk.len()]);
    }
}

/// Writes `units` at unit `at` of a new UTF-16 string, in native byte order.
fn write_units(cell: ObjectRef, at: usize, units: &[u16]) {
    // SAFETY: a `&[u16]` is readable as twice as many bytes (u8 has no alignment or validity
    // requirement), for the same lifetime.
    let bytes = unsafe { std::slice::from_raw_parts(units.as_ptr().cast::<u8>(), 2 * units.len()) };
    cell.write_bytes(DATA_OFFSET + 2 * at, bytes);
}

/// Writes Latin-1 `bytes` at unit `at` of a new UTF-16 string.
fn write_widened(cell: ObjectRef, at: usize, bytes: &[u8]) {
    let mut buffer = [0u16; 128];
    for (i, chunk) in bytes.chunks(buffer.len()).enumerate() {
        for (u, &b) in buffer.iter_mut().zip(chunk) {
            *u = u16::from(b);
        }
        write_units(cell, at + i * 128, &buffer[..chunk.len()]);
    }
}

/// Writes `units` at unit `at` of new string `cell` (Latin-1 if `latin1`; then every unit
/// fits in a byte).
fn write_view(cell: ObjectRef, latin1: bool, at: usize, units: Units<'_>) {
    match (units, latin1) {
        (Units::Latin1(b), true) => cell.write_bytes(DATA_OFFSET + at, b),
        (Units::Latin1(b), false) => write_widened(cell, at, b),
        (Units::Utf16(u), true) => write_narrowed(cell, at, u),
        (Units::Utf16(u), false) => write_units(cell, at, u),
    }
}

/// The string of the one code unit `unit`: for units below 256, one shared string per agent
/// (made on first use), so that `String.fromCharCode(c)`, `s[i]` and `charAt` in loops
/// allocate nothing.
pub fn single_unit(agent: &mut Agent, unit: u16) -> Result<ObjectRef, StringError> {
    let Ok(byte) = u8::try_from(unit) else {
        return from_units(agent, &[unit]);
    };
    if let Some(cell) = agent
        .roots
        .single_units
        .get(usize::from(byte))
        .and_then(|v| v.as_cell())
    {
        return Ok(cell);
    }
    let cell = from_latin1(agent, &[byte])?;
    let table = &mut agent.roots.single_units;
    if table.is_empty() {
        table.resize(256, Value::EMPTY);
    }
    table[usize::from(byte)] = Value::cell(cell);
    Ok(cell)
}

/// Makes a string from UTF-16 code units (stored as Latin-1 if they all fit).
pub fn from_units(agent: &mut Agent, units: &[u16]) -> Result<ObjectRef, StringError> {
    let latin1 = units.iter().all(|&u| u <= 0xff);
    let cell = alloc_flat(agent, units.len(), latin1)?;
    write_view(cell, latin1, 0, Units::Utf16(units));
    Ok(cell)
}

/// Makes a string from Latin-1 code units.
pub fn from_latin1(agent: &mut Agent, bytes: &[u8]) -> Result<ObjectRef, StringError> {
    let cell = alloc_flat(agent, bytes.len(), true)?;
    cell.write_bytes(DATA_OFFSET, bytes);
    Ok(cell)
}

/// Makes a string from Rust text.
pub fn from_str(agent: &mut Agent, text: &str) -> Result<ObjectRef, StringError> {
    if text.bytes().all(|b| b < 0x80) {
        return from_latin1(agent, text.as_bytes());
    }
    let units: Vec<u16> = text.encode_utf16().collect();
    from_units(agent, &units)
}

/// The string of units `start..end` of `s` (which must be in range), copied straight from
/// `s` (flattened first) into the new string.
pub fn substring(
    agent: &mut Agent,
    s: ObjectRef,
    start: usize,
    end: usize,
) -> Result<ObjectRef, StringError> {
    if start == 0 && end == len(s) {
        return Ok(s);
    }
    let flat = flatten(agent, s)?;
    if end == start + 1 {
        let unit = view(agent, flat).expect("a flat string").get(start);
        return single_unit(agent, unit.expect("in range"));
    }
    agent.scope(|agent| {
        agent.root(Value::cell(flat));
        let latin1 = view(agent, flat)
            .expect("a flat string")
            .slice(start, end)
            .is_latin1();
        // `flat` is rooted, and the heap never moves objects: it stays valid.
        let cell = alloc_flat(agent, end - start, latin1)?;
        let part = view(agent, flat).expect("a flat string").slice(start, end);
        write_view(cell, latin1, 0, part);
        Ok(cell)
    })
}

/// Makes one string of `parts` (all strings, rooted by the caller) joined by `separator`
/// (a string, rooted by the caller, or `None`): the length is summed first, the result
/// allocated once and every part copied straight into it.
pub fn join(
    agent: &mut Agent,
    parts: &[Value],
    separator: Option<ObjectRef>,
) -> Result<ObjectRef, StringError> {
    // Flatten everything first (flattening allocates; the parts are rooted).
    let mut total = 0usize;
    let mut latin1 = true;
    for &part in parts.iter().chain(separator.map(Value::cell).iter()) {
        let part = part.as_cell().expect("a string");
        // A UTF-16 string always holds a unit above 0xff (`from_units` and `substring` store
        // Latin-1 whenever they can), so the flag decides.
        latin1 &= !is_utf16(flatten(agent, part)?);
    }
    for &part in parts {
        total += len(part.as_cell().expect("a string"));
    }
    let separator_len = separator.map_or(0, len);
    total += separator_len * parts.len().saturating_sub(1);
    if total > MAX_LENGTH {
        return Err(StringError::TooLong);
    }
    if parts.len() == 1 && separator_len == 0 {
        return Ok(parts[0].as_cell().expect("a string"));
    }
    let cell = alloc_flat(agent, total, latin1)?;
    // From here on nothing allocates: the views below are read straight into `cell`.
    let separator = separator.map(|s| view(agent, s).expect("flattened above"));
    let mut at = 0;
    for (i, &part) in parts.iter().enumerate() {
        if i > 0 {
            if let Some(separator) = separator {
                write_view(cell, latin1, at, separator);
                at += separator.len();
            }
        }
        let units = view(agent, part.as_cell().expect("a string")).expect("flattened above");
        write_view(cell, latin1, at, units);
        at += units.len();
    }
    Ok(cell)
}

/// The code units of a flat string, appended to `out`.
fn flat_units_into(flat: ObjectRef, out: &mut Vec<u16>) {
    // SAFETY: the view is consumed here; nothing in between allocates or collects.
    unsafe { raw_view(flat) }.append_to(out);
}

/// Every code unit of `s` (a flat string, or a rope — read without flattening it).
pub fn units(s: ObjectRef) -> Vec<u16> {
    if let Some(flat) = flat_of(s) {
        // SAFETY: the view is copied at once; nothing in between allocates or collects.
        return unsafe { raw_view(flat) }.to_vec();
    }
    let mut out = Vec::with_capacity(len(s));
    let mut pending = vec![s];
    while let Some(part) = pending.pop() {
        match flat_of(part) {
            Some(flat) => flat_units_into(flat, &mut out),
            None => {
                let (left, right) = rope_parts(part).expect("an unflattened rope");
                pending.push(right);
                pending.push(left);
            }
        }
    }
    out
}

/// The code unit at `index` (`None` past the end), without copying the string: a rope is
/// flattened once (cached), then one unit is read.
pub fn unit_at(agent: &mut Agent, s: ObjectRef, index: usize) -> Result<Option<u16>, StringError> {
    if index >= len(s) {
        return Ok(None);
    }
    let flat = flatten(agent, s)?;
    Ok(view(agent, flat).expect("a flat string").get(index))
}

/// A rope's halves; `None` for a flat string.
fn rope_parts(s: ObjectRef) -> Option<(ObjectRef, ObjectRef)> {
    if CellKind::of(s) != Some(CellKind::RopeString) {
        return None;
    }
    let (left, right, _) = rope_children(s);
    Some((left.as_cell()?, right.as_cell()?))
}

/// A rope's left, right and cached flat string (empty until flattened). Used by the GC.
pub fn rope_children(rope: ObjectRef) -> (Value, Value, Value) {
    (
        Value::from_bits(rope.load(ROPE_LEFT)),
        Value::from_bits(rope.load(ROPE_RIGHT)),
        Value::from_bits(rope.load(ROPE_FLAT)),
    )
}

/// `s` as Rust text (lone surrogates become U+FFFD).
pub fn to_rust_string(s: ObjectRef) -> String {
    if let Some(flat) = flat_of(s) {
        // SAFETY: the view is consumed at once; nothing in between allocates or collects.
        match unsafe { raw_view(flat) } {
            Units::Latin1(b) if b.is_ascii() => {
                return String::from_utf8(b.to_vec()).expect("ASCII is UTF-8")
            }
            Units::Latin1(b) => return b.iter().map(|&b| char::from(b)).collect(),
            Units::Utf16(u) => return String::from_utf16_lossy(u),
        }
    }
    String::from_utf16_lossy(&units(s))
}

/// The flat string with the same contents as `s` (for a rope: flattened once, then cached).
pub fn flatten(agent: &mut Agent, s: ObjectRef) -> Result<ObjectRef, StringError> {
    if let Some(flat) = flat_of(s) {
        return Ok(flat);
    }
    // Copy the leaves straight into one new cell, Latin-1 unless some leaf is UTF-16 (the
    // rope's flag says), walking the rope once and writing each leaf in place (the rope is
    // rooted and the heap does not move objects, so its leaves stay where they are).
    agent.scope(|agent| {
        agent.root(Value::cell(s));
        let latin1 = s.load(WORD_LENGTH) & FLAG_UTF16 == 0;
        let cell = alloc_flat(agent, len(s), latin1)?;
        let mut at = 0;
        let mut pending = vec![s];
        while let Some(part) = pending.pop() {
            match flat_of(part) {
                Some(flat) => {
                    let units = view(agent, flat).expect("a flat string");
                    write_view(cell, latin1, at, units);
                    at += units.len();
                }
                None => {
                    let (left, right) = rope_parts(part).expect("an unflattened rope");
                    pending.push(right);
                    pending.push(left);
                }
            }
        }
        write_reference(agent, s, ROPE_FLAT, Value::cell(cell));
        Ok(cell)
    })
}

fn write_reference(agent: &mut Agent, holder: ObjectRef, word: usize, value: Value) {
    agent
        .mutator
        .write_barrier(holder, value.as_cell())
        .expect("strings are local; a local holder accepts any value");
    holder.store(word, value.bits());
}

/// `a + b` for strings.
pub fn concat(agent: &mut Agent, a: ObjectRef, b: ObjectRef) -> Result<ObjectRef, StringError> {
    let total = len(a) + len(b);
    if total > MAX_LENGTH {
        return Err(StringError::TooLong);
    }
    if len(a) == 0 {
        return Ok(b);
    }
    if len(b) == 0 {
        return Ok(a);
    }
    if total < MIN_ROPE_LENGTH {
        // Both parts are flat (a rope is at least MIN_ROPE_LENGTH long): copy their units to
        // the stack, then write them straight into the new cell.
        let mut buffer = [0u16; MIN_ROPE_LENGTH];
        let (fa, fb) = (flat_of(a), flat_of(b));
        if let (Some(fa), Some(fb)) = (fa, fb) {
            if !is_utf16(fa) && !is_utf16(fb) {
                let mut bytes = [0u8; MIN_ROPE_LENGTH];
                let (la, lb) = (len(fa), len(fb));
                fa.read_bytes(DATA_OFFSET, &mut bytes[..la]);
                fb.read_bytes(DATA_OFFSET, &mut bytes[la..la + lb]);
                return from_latin1(agent, &bytes[..total]);
            }
            // SAFETY: the views are copied to the stack at once; nothing in between allocates.
            let (va, vb) = unsafe { (raw_view(fa), raw_view(fb)) };
            for (slot, unit) in buffer.iter_mut().zip(va.iter().chain(vb.iter())) {
                *slot = unit;
            }
            return from_units(agent, &buffer[..total]);
        }
    }
    agent.scope(|agent| {
        let (ra, rb) = (agent.root(Value::cell(a)), agent.root(Value::cell(b)));
        let rope = agent.alloc_cell(CellKind::RopeString, 32)?;
        let (a, b) = (agent.get(ra), agent.get(rb));
        // The rope is brand new, so its words hold garbage: initialise them before the barrier
        // can read them.
        // A rope's UTF-16 flag says whether any leaf is UTF-16 (so flattening knows the
        // result's encoding without walking the leaves first).
        let flags = |v: Value| v.as_cell().map_or(0, |c| c.load(WORD_LENGTH));
        let utf16 = (flags(a) | flags(b)) & FLAG_UTF16;
        rope.store(WORD_LENGTH, total as u64 | utf16);
        rope.store(ROPE_LEFT, Value::EMPTY.bits());
        rope.store(ROPE_RIGHT, Value::EMPTY.bits());
        rope.store(ROPE_FLAT, Value::EMPTY.bits());
        write_reference(agent, rope, ROPE_LEFT, a);
        write_reference(agent, rope, ROPE_RIGHT, b);
        Ok(rope)
    })
}

/// `s + text` (or `text + s` if `text_first`) for Latin-1 `text` (e.g. a number's digits):
/// a short result is written straight into one new cell.
pub fn concat_latin1(
    agent: &mut Agent,
    s: ObjectRef,
    text: &[u8],
    text_first: bool,
) -> Result<ObjectRef, StringError> {
    let total = len(s) + text.len();
    if total < MIN_ROPE_LENGTH {
        if let Some(flat) = flat_of(s).filter(|&f| !is_utf16(f)) {
            let mut bytes = [0u8; MIN_ROPE_LENGTH];
            let n = len(flat);
            let (at_s, at_text) = if text_first { (text.len(), 0) } else { (0, n) };
            flat.read_bytes(DATA_OFFSET, &mut bytes[at_s..at_s + n]);
            bytes[at_text..at_text + text.len()].copy_from_slice(text);
            return from_latin1(agent, &bytes[..total]);
        }
    }
    agent.scope(|agent| {
        agent.root(Value::cell(s));
        let t = from_latin1(agent, text)?;
        if text_first {
            concat(agent, t, s)
        } else {
            concat(agent, s, t)
        }
    })
}

/// String equality (SameValue on strings): same length and the same code units.
pub fn equals(a: ObjectRef, b: ObjectRef) -> bool {
    if a == b {
        return true;
    }
    if len(a) != len(b) {
        return false;
    }
    match (flat_of(a), flat_of(b)) {
        // SAFETY: the views are compared at once; nothing in between allocates or collects.
        (Some(fa), Some(fb)) => unsafe { raw_view(fa).equals(raw_view(fb)) },
        _ => units(a) == units(b),
    }
}

/// The order of two strings' code units (`IsLessThan` on strings, the default sort).
pub fn compare(a: ObjectRef, b: ObjectRef) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    match (flat_of(a), flat_of(b)) {
        // SAFETY: the views are compared at once; nothing in between allocates or collects.
        (Some(fa), Some(fb)) => unsafe { raw_view(fa).compare(raw_view(fb)) },
        _ => units(a).cmp(&units(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::gc::new_heap;
    use heap::HeapConfig;

    fn stress_agent() -> (heap::Heap, Agent) {
        let heap = new_heap(HeapConfig::stress(3));
        let agent = Agent::new(&heap);
        (heap, agent)
    }

    #[test]
    fn latin1_utf16_and_lone_surrogates_round_trip() {
        let (_heap, mut agent) = stress_agent();
        let ascii = from_str(&mut agent, "agora").unwrap();
        assert_eq!(len(ascii), 5);
        assert!(!is_utf16(ascii));
        assert_eq!(to_rust_string(ascii), "agora");
        let latin = from_units(&mut agent, &[0xe9, 0x74, 0xe9]).unwrap();
        assert!(!is_utf16(latin));
        assert_eq!(to_rust_string(latin), "été");
        let wide = from_str(&mut agent, "λx→🙂").unwrap();
        assert!(is_utf16(wide));
        assert_eq!(len(wide), 5, "the emoji is a surrogate pair");
        assert_eq!(to_rust_string(wide), "λx→🙂");
        let lone = from_units(&mut agent, &[0x61, 0xd800, 0x62]).unwrap();
        assert_eq!(units(lone), vec![0x61, 0xd800, 0x62]);
    }

    #[test]
    fn deep_ropes_survive_collections_and_flatten_without_recursion() {
        let (_heap, mut agent) = stress_agent();
        let piece = "0123456789abcdefghijklmnopqrstuvwxyz";
        let first = from_str(&mut agent, piece).unwrap();
        let acc = agent.root(Value::cell(first));
        for i in 0..2_000 {
            let part = from_str(&mut agent, &format!("<{i}>")).unwrap();
            let left = agent.get(acc).as_cell().unwrap();
            let joined = concat(&mut agent, left, part).unwrap();
            agent.roots.locals[0] = Value::cell(joined);
        }
        let rope = agent.get(acc).as_cell().unwrap();
        assert_eq!(CellKind::of(rope), Some(CellKind::RopeString));
        let expected: String = std::iter::once(piece.to_string())
            .chain((0..2_000).map(|i| format!("<{i}>")))
            .collect();
        assert_eq!(len(rope), expected.encode_utf16().count());
        let flat = flatten(&mut agent, rope).unwrap();
        assert_eq!(to_rust_string(flat), expected);
        agent.collect_garbage();
        let rope = agent.get(acc).as_cell().unwrap();
        assert!(equals(flatten(&mut agent, rope).unwrap(), rope));
        let report = agent.verify_heap();
        assert!(report.is_ok(), "{report}");
    }

    #[test]
    fn short_concatenations_stay_flat_and_lengths_are_limited() {
        let (_heap, mut agent) = stress_agent();
        let a = from_str(&mut agent, "ab").unwrap();
        let b = from_str(&mut agent, "cd").unwrap();
        let ab = concat(&mut agent, a, b).unwrap();
        assert_eq!(CellKind::of(ab), Some(CellKind::FlatString));
        assert_eq!(to_rust_string(ab), "abcd");
        let empty = from_str(&mut agent, "").unwrap();
        assert_eq!(concat(&mut agent, empty, ab).unwrap(), ab);
        assert_eq!(
            from_latin1(&mut agent, &vec![b'x'; MAX_LENGTH + 1]),
            Err(StringError::TooLong)
        );
    }
}

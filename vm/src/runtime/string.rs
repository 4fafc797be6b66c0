//! JavaScript strings: immutable sequences of UTF-16 code units, stored as heap cells.
//!
//! ```text
//! flat:  header | len (u32) · flags (u32) | code units: Latin-1 bytes or UTF-16 (LE) …
//! rope:  header | len (u32) · flags (u32) | left | right | flat (empty until flattened)
//! ```
//! A string whose units all fit in a byte is stored as Latin-1 (the fast path for ASCII
//! text). Concatenation of long strings makes a rope in O(1); reading a rope's units flattens
//! it once (iteratively, so deep ropes built by `s += x` loops cannot overflow the stack) and
//! caches the flat string in the rope.

use heap::{HeapError, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

/// Strings shorter than this are concatenated eagerly into a flat string.
pub const MIN_ROPE_LENGTH: usize = 24;
/// The longest string (V8's limit on 64-bit: 2^29 - 24 units).
pub const MAX_LENGTH: usize = (1 << 29) - 24;

const FLAG_UTF16: u64 = 1 << 32;

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

/// True if `cell` is a string (flat or rope).
pub fn is_string(cell: ObjectRef) -> bool {
    matches!(
        CellKind::of(cell),
        Some(CellKind::FlatString | CellKind::RopeString)
    )
}

/// The length in UTF-16 code units.
pub fn len(s: ObjectRef) -> usize {
    (s.load(WORD_LENGTH) & 0xffff_ffff) as usize
}

fn is_utf16(flat: ObjectRef) -> bool {
    flat.load(WORD_LENGTH) & FLAG_UTF16 != 0
}

/// Makes a string from UTF-16 code units (stored as Latin-1 if they all fit).
pub fn from_units(agent: &mut Agent, units: &[u16]) -> Result<ObjectRef, StringError> {
    if units.len() > MAX_LENGTH {
        return Err(StringError::TooLong);
    }
    if units.iter().all(|&u| u <= 0xff) {
        let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
        return from_latin1(agent, &bytes);
    }
    let cell = agent.alloc_cell(CellKind::FlatString, 8 + 2 * units.len())?;
    cell.store(WORD_LENGTH, units.len() as u64 | FLAG_UTF16);
    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    cell.write_bytes(DATA_OFFSET, &bytes);
    Ok(cell)
}

/// Makes a string from Latin-1 code units.
pub fn from_latin1(agent: &mut Agent, bytes: &[u8]) -> Result<ObjectRef, StringError> {
    if bytes.len() > MAX_LENGTH {
        return Err(StringError::TooLong);
    }
    let cell = agent.alloc_cell(CellKind::FlatString, 8 + bytes.len())?;
    cell.store(WORD_LENGTH, bytes.len() as u64);
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

/// The code units of a flat string, appended to `out`.
fn flat_units_into(flat: ObjectRef, out: &mut Vec<u16>) {
    let n = len(flat);
    if is_utf16(flat) {
        let mut bytes = vec![0u8; 2 * n];
        flat.read_bytes(DATA_OFFSET, &mut bytes);
        out.extend(
            bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]])),
        );
    } else {
        let mut bytes = vec![0u8; n];
        flat.read_bytes(DATA_OFFSET, &mut bytes);
        out.extend(bytes.iter().map(|&b| u16::from(b)));
    }
}

/// Every code unit of `s` (a flat string, or a rope — read without flattening it).
pub fn units(s: ObjectRef) -> Vec<u16> {
    let mut out = Vec::with_capacity(len(s));
    let mut pending = vec![s];
    while let Some(part) = pending.pop() {
        match rope_parts(part) {
            None => flat_units_into(part, &mut out),
            Some((left, right)) => {
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
    Ok(Some(if is_utf16(flat) {
        let mut pair = [0u8; 2];
        flat.read_bytes(DATA_OFFSET + 2 * index, &mut pair);
        u16::from_le_bytes(pair)
    } else {
        let mut byte = [0u8; 1];
        flat.read_bytes(DATA_OFFSET + index, &mut byte);
        u16::from(byte[0])
    }))
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
    String::from_utf16_lossy(&units(s))
}

/// The flat string with the same contents as `s` (for a rope: flattened once, then cached).
pub fn flatten(agent: &mut Agent, s: ObjectRef) -> Result<ObjectRef, StringError> {
    if CellKind::of(s) != Some(CellKind::RopeString) {
        return Ok(s);
    }
    if let Some(flat) = Value::from_bits(s.load(ROPE_FLAT)).as_cell() {
        return Ok(flat);
    }
    let contents = units(s);
    agent.scope(|agent| {
        let rope = agent.root(Value::cell(s));
        let flat = from_units(agent, &contents)?;
        let rope = agent.get(rope).as_cell().expect("rooted rope");
        write_reference(agent, rope, ROPE_FLAT, Value::cell(flat));
        Ok(flat)
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
        let mut joined = units(a);
        joined.extend(units(b));
        return from_units(agent, &joined);
    }
    agent.scope(|agent| {
        let (ra, rb) = (agent.root(Value::cell(a)), agent.root(Value::cell(b)));
        let rope = agent.alloc_cell(CellKind::RopeString, 32)?;
        let (a, b) = (agent.get(ra), agent.get(rb));
        // The rope is brand new, so its words hold garbage: initialise them before the barrier
        // can read them.
        rope.store(WORD_LENGTH, total as u64);
        rope.store(ROPE_LEFT, Value::EMPTY.bits());
        rope.store(ROPE_RIGHT, Value::EMPTY.bits());
        rope.store(ROPE_FLAT, Value::EMPTY.bits());
        write_reference(agent, rope, ROPE_LEFT, a);
        write_reference(agent, rope, ROPE_RIGHT, b);
        Ok(rope)
    })
}

/// String equality (SameValue on strings): same length and the same code units.
pub fn equals(a: ObjectRef, b: ObjectRef) -> bool {
    a == b || (len(a) == len(b) && units(a) == units(b))
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

//! Marking: the [`Marker`] that greys objects and drains a worklist, and the epoch-coloured
//! mark state it reads and writes.
//!
//! # Epoch colouring
//! A mark byte (one per granule, in the chunk's side table; in the prefix for large objects)
//! holds the number of the last marking epoch that reached the object. An object is *marked*
//! in epoch `E` iff its byte equals `E`, so starting a cycle never clears anything: it just
//! takes the next epoch. Line marks work the same way. Epochs run `1..=MAX_EPOCH`; when the
//! counter would wrap, the owner renormalises its tables once (see
//! `space::local::LocalSpace::renormalise_epochs`), which happens once every 126 cycles.
//!
//! # Colours
//! | colour | meaning                                    | representation                    |
//! |--------|--------------------------------------------|-----------------------------------|
//! | white  | not reached in epoch `E` (yet)             | mark byte ≠ `E`                   |
//! | grey   | reached, referents not yet reported        | mark byte = `E`, on a worklist    |
//! | black  | reached, referents reported                | mark byte = `E`, off all worklists|
//!
//! Objects allocated while marking are black from birth (their mark bytes are set when the
//! allocator hands out the hole they come from). Who may write a mark byte: any marker of the
//! owning heap, with an atomic swap, so exactly one marker greys each object.

pub mod concurrent;

use std::time::Instant;

use crate::binding::{Binding, Tracer};
use crate::geometry::{line_mark, mark_byte, LINE_SIZE};
use crate::header::{ObjFlags, ObjectRef};
use crate::space::large;
use crate::sync::raw;

/// The largest epoch number; the log byte has seven bits for it.
pub const MAX_EPOCH: u8 = 127;

/// Which space a marker works on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkMode {
    /// One agent's local space: shared references are leaves.
    Local,
    /// The shared space: a reference to a local object is an invariant violation.
    Shared,
}

/// The size of `obj` in bytes.
#[inline]
pub fn object_size(obj: ObjectRef) -> usize {
    let header = obj.header_atomic();
    if header.flags().contains(ObjFlags::LARGE) {
        large::size_of(obj)
    } else {
        header.size()
    }
}

/// True if `obj` carries mark `epoch`.
#[inline]
pub fn is_marked(obj: ObjectRef, epoch: u8) -> bool {
    let flags = obj.header_atomic().flags();
    let byte = if flags.contains(ObjFlags::LARGE) {
        large::mark_byte(obj)
    } else {
        mark_byte(obj.addr())
    };
    // SAFETY: `obj` is an allocated object, so its mark byte is inside its chunk's side table
    // or its large-object prefix, both mapped while the object may be referenced.
    unsafe { raw::load_u8(byte) == epoch }
}

/// Sets `obj`'s mark to `epoch`. Returns the object's size if this call marked it (it was
/// white), `None` if it was already marked. With `lines`, also marks the lines it covers.
#[inline]
pub fn mark_object(obj: ObjectRef, epoch: u8, lines: bool) -> Option<usize> {
    let header = obj.header_atomic();
    if header.flags().contains(ObjFlags::LARGE) {
        let byte = large::mark_byte(obj);
        // SAFETY: the prefix of a live large object is mapped.
        if unsafe { raw::load_u8(byte) } == epoch || unsafe { raw::swap_u8(byte, epoch) } == epoch {
            return None;
        }
        return Some(large::size_of(obj));
    }
    let byte = mark_byte(obj.addr());
    // SAFETY: the mark byte of an object in a chunk is inside the chunk's side table.
    if unsafe { raw::load_u8(byte) } == epoch || unsafe { raw::swap_u8(byte, epoch) } == epoch {
        return None;
    }
    let size = header.size();
    if lines {
        let mut line = obj.addr() & !(LINE_SIZE - 1);
        let end = obj.addr() + size;
        while line < end {
            // SAFETY: every line the object covers is in the object's chunk, whose line-mark
            // table is mapped; concurrent markers store the same value.
            unsafe { raw::store_u8(line_mark(line), epoch) };
            line += LINE_SIZE;
        }
    }
    Some(size)
}

/// How much a call to [`Marker::drain`] may do.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Stop after scanning this many bytes of objects.
    pub bytes: usize,
    /// Stop at this instant (checked every few objects).
    pub deadline: Option<Instant>,
}

impl Budget {
    /// Drain until the worklist is empty.
    pub const UNLIMITED: Budget = Budget {
        bytes: usize::MAX,
        deadline: None,
    };
}

/// Greys objects and drains the grey worklist for one space.
pub struct Marker {
    /// The epoch this marker marks with.
    pub epoch: u8,
    /// The space it works on.
    pub mode: MarkMode,
    /// Grey objects.
    pub worklist: Vec<ObjectRef>,
    /// Ephemeron entries whose key was not marked when they were reported.
    pub ephemerons: Vec<(ObjectRef, ObjectRef)>,
    /// Objects this marker greyed since the counters were last reset.
    pub marked_objects: usize,
    /// Bytes of the objects this marker greyed since the counters were last reset.
    pub marked_bytes: usize,
    /// The object being scanned (for violation reports).
    current: Option<ObjectRef>,
    /// Shared → local edges found while marking the shared space: (holder, target).
    pub violations: Vec<(Option<ObjectRef>, ObjectRef)>,
}

impl Marker {
    /// A marker for `mode` with epoch `epoch`.
    pub fn new(mode: MarkMode, epoch: u8) -> Marker {
        Marker {
            epoch,
            mode,
            worklist: Vec::new(),
            ephemerons: Vec::new(),
            marked_objects: 0,
            marked_bytes: 0,
            current: None,
            violations: Vec::new(),
        }
    }

    /// Greys `target` if it belongs to this marker's space and is white.
    #[inline]
    pub fn edge(&mut self, target: ObjectRef) {
        let shared = target.header_atomic().flags().contains(ObjFlags::SHARED);
        match (self.mode, shared) {
            (MarkMode::Local, true) => return,
            (MarkMode::Shared, false) => {
                self.violations.push((self.current, target));
                return;
            }
            _ => {}
        }
        if let Some(size) = mark_object(target, self.epoch, self.mode == MarkMode::Local) {
            self.marked_objects += 1;
            self.marked_bytes += size;
            self.worklist.push(target);
        }
    }

    /// A weak edge: ignored by local marking (resolved by `sweep_weak`); strong in the shared
    /// space, where weak references to shared objects are not (yet) supported as weak.
    #[inline]
    pub fn weak_edge(&mut self, target: ObjectRef) {
        if self.mode == MarkMode::Shared {
            self.edge(target);
        }
    }

    /// An ephemeron entry: mark `value` now if `key` is live, else remember the pair.
    #[inline]
    pub fn ephemeron(&mut self, key: ObjectRef, value: ObjectRef) {
        let key_live = match self.mode {
            MarkMode::Shared => true,
            MarkMode::Local => key.is_shared() || is_marked(key, self.epoch),
        };
        if key_live {
            self.edge(value);
        } else {
            self.ephemerons.push((key, value));
        }
    }

    /// Scans grey objects until the worklist is empty (returns `true`) or the budget runs out.
    pub fn drain(&mut self, binding: &dyn Binding, budget: Budget) -> bool {
        // The clock is read every 64 objects or 32 KiB scanned, whichever comes first, so wide
        // objects cannot stretch a slice far past its deadline.
        const CLOCK_OBJECTS: u32 = 64;
        const CLOCK_BYTES: usize = 32 << 10;
        let mut scanned = 0usize;
        let mut objects_since_clock = 0u32;
        let mut bytes_since_clock = 0usize;
        while let Some(obj) = self.worklist.pop() {
            self.current = Some(obj);
            binding.trace(obj, &mut Tracer::marking(self));
            let size = object_size(obj);
            scanned += size;
            if scanned >= budget.bytes {
                break;
            }
            objects_since_clock += 1;
            bytes_since_clock += size;
            if objects_since_clock >= CLOCK_OBJECTS || bytes_since_clock >= CLOCK_BYTES {
                objects_since_clock = 0;
                bytes_since_clock = 0;
                if budget.deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
            }
        }
        self.current = None;
        self.worklist.is_empty()
    }

    /// Re-examines pending ephemerons until no more values become reachable; the worklist
    /// must be empty on entry and is empty on return.
    pub fn ephemeron_fixpoint(&mut self, binding: &dyn Binding) {
        loop {
            self.drain(binding, Budget::UNLIMITED);
            let pending = std::mem::take(&mut self.ephemerons);
            let before = self.marked_objects;
            for (key, value) in pending {
                self.ephemeron(key, value);
            }
            if self.marked_objects == before && self.worklist.is_empty() {
                return;
            }
        }
    }
}

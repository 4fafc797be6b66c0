//! A mock object model (MMTk's MockVM idea): just enough of a VM to drive the heap in its own
//! tests, benchmarks, the schedule tests and GC experiments, with no JavaScript in sight.
//!
//! ```text
//! node:       header | slot count (u32) | data bytes (u32) | slots: [u64; n] | data
//! weak ref:   same layout, TAG_WEAK_REF; slot 0 is weak
//! weak table: same layout, TAG_WEAK_TABLE; slots are (key, value) ephemeron pairs
//! ```
//! A slot holds 0 (null) or an object address, read and written with atomic accesses as the
//! [`Binding`] contract requires.

use crate::binding::{Binding, Liveness, Roots, Tracer};
use crate::header::{ObjFlags, ObjectRef, TypeTag};
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{raw, Arc};
use crate::{BarrierViolation, HeapError, Mutator};

/// An ordinary node.
pub const TAG_NODE: TypeTag = TypeTag(1);
/// A weak reference: slot 0 is weak.
pub const TAG_WEAK_REF: TypeTag = TypeTag(2);
/// A weak table: slots are ephemeron (key, value) pairs.
pub const TAG_WEAK_TABLE: TypeTag = TypeTag(3);

const SLOTS_OFFSET: usize = 16;

/// The mock binding. Counts finalized objects and weak slots it cleared.
#[derive(Clone, Default)]
pub struct MockBinding {
    /// Objects finalized so far.
    pub finalized: Arc<AtomicUsize>,
    /// Weak slots cleared so far.
    pub cleared: Arc<AtomicUsize>,
}

/// Number of slots of a mock object.
pub fn slot_count(obj: ObjectRef) -> usize {
    // SAFETY: every mock object has its slot count at offset 8, written at allocation.
    (unsafe { raw::load_word(obj.addr() + 8) } & 0xffff_ffff) as usize
}

fn slot_addr(obj: ObjectRef, index: usize) -> usize {
    assert!(index < slot_count(obj), "slot {index} out of range");
    obj.addr() + SLOTS_OFFSET + 8 * index
}

/// Reads slot `index` of `obj`.
pub fn get(obj: ObjectRef, index: usize) -> Option<ObjectRef> {
    // SAFETY: `slot_addr` checked the index against the object's slot count.
    let word = unsafe { raw::load_word(slot_addr(obj, index)) } as usize;
    // SAFETY: slots hold 0 or the address of an object the heap allocated.
    (word != 0).then(|| unsafe { ObjectRef::from_addr(word) })
}

/// Writes slot `index` of `obj` *without* the barrier: for tests that break it on purpose.
pub fn set_unbarriered(obj: ObjectRef, index: usize, value: Option<ObjectRef>) {
    // SAFETY: `slot_addr` checked the index against the object's slot count.
    unsafe { raw::store_word(slot_addr(obj, index), value.map_or(0, |v| v.addr()) as u64) }
}

/// Writes slot `index` of `obj` through the write barrier.
pub fn set(
    mutator: &mut Mutator,
    obj: ObjectRef,
    index: usize,
    value: Option<ObjectRef>,
) -> Result<(), BarrierViolation> {
    mutator.write_barrier(obj, value)?;
    set_unbarriered(obj, index, value);
    Ok(())
}

/// Bytes a mock object with `slots` slots and `data` data bytes takes.
pub const fn object_size(slots: usize, data: usize) -> usize {
    SLOTS_OFFSET + 8 * slots + data
}

fn init(obj: ObjectRef, slots: usize, data: usize) {
    // SAFETY: the object was just allocated with room for its slots; nothing else sees it.
    unsafe {
        raw::store_word(obj.addr() + 8, (slots as u64) | ((data as u64) << 32));
        for index in 0..slots {
            raw::store_word(obj.addr() + SLOTS_OFFSET + 8 * index, 0);
        }
    }
}

/// Allocates a local object of type `tag` with null slots.
pub fn alloc(
    mutator: &mut Mutator,
    roots: &mut dyn Roots,
    tag: TypeTag,
    slots: usize,
    data: usize,
    flags: ObjFlags,
) -> Result<ObjectRef, HeapError> {
    let size = object_size(slots, data);
    let obj = if flags.is_empty() && tag == TAG_NODE {
        mutator.alloc(roots, size, tag)?
    } else {
        let mut flags = flags;
        if tag != TAG_NODE {
            flags |= ObjFlags::WEAK_CONTAINER;
        }
        mutator.alloc_with_flags(roots, size, tag, flags)?
    };
    init(obj, slots, data);
    Ok(obj)
}

/// Allocates a local node with `slots` null slots and `data` bytes of payload.
pub fn alloc_node(
    mutator: &mut Mutator,
    roots: &mut dyn Roots,
    slots: usize,
    data: usize,
) -> Result<ObjectRef, HeapError> {
    alloc(mutator, roots, TAG_NODE, slots, data, ObjFlags::empty())
}

/// Allocates a shared node.
pub fn alloc_shared_node(
    mutator: &mut Mutator,
    roots: &mut dyn Roots,
    slots: usize,
    data: usize,
    flags: ObjFlags,
) -> Result<ObjectRef, HeapError> {
    let obj = mutator.alloc_shared(roots, object_size(slots, data), TAG_NODE, flags)?;
    init(obj, slots, data);
    Ok(obj)
}

/// A VM root set: a vector of slots.
#[derive(Debug, Default, Clone)]
pub struct MockRoots {
    /// The roots; `None` is an empty slot.
    pub slots: Vec<Option<ObjectRef>>,
}

impl MockRoots {
    /// `n` empty root slots.
    pub fn with_slots(n: usize) -> MockRoots {
        MockRoots {
            slots: vec![None; n],
        }
    }
}

impl Roots for MockRoots {
    fn trace_roots(&mut self, tracer: &mut Tracer<'_>) {
        for obj in self.slots.iter().flatten() {
            tracer.edge(*obj);
        }
    }
}

// SAFETY: (1) `trace` reports every slot of every mock object with the kind its tag gives;
// (2) slots are read with atomic loads (`get`) and written with atomic stores; (3) none of
// the methods calls into the heap or panics for objects the heap hands it; (4) the tests
// uphold the shared rule through the barrier, except where they break it on purpose.
unsafe impl Binding for MockBinding {
    fn trace(&self, obj: ObjectRef, tracer: &mut Tracer<'_>) {
        let count = slot_count(obj);
        match obj.header().tag() {
            TAG_WEAK_REF => {
                if let Some(target) = (count > 0).then(|| get(obj, 0)).flatten() {
                    tracer.weak_edge(target);
                }
                for index in 1..count {
                    if let Some(target) = get(obj, index) {
                        tracer.edge(target);
                    }
                }
            }
            TAG_WEAK_TABLE => {
                for pair in 0..count / 2 {
                    if let (Some(key), Some(value)) = (get(obj, 2 * pair), get(obj, 2 * pair + 1)) {
                        tracer.ephemeron(key, value);
                    }
                }
            }
            _ => {
                for index in 0..count {
                    if let Some(target) = get(obj, index) {
                        tracer.edge(target);
                    }
                }
            }
        }
    }

    fn finalize(&self, _obj: ObjectRef) {
        self.finalized.fetch_add(1, Ordering::Relaxed);
    }

    fn sweep_weak(&self, obj: ObjectRef, liveness: &Liveness) {
        match obj.header().tag() {
            TAG_WEAK_REF => {
                if let Some(target) = get(obj, 0) {
                    if !liveness.is_live(target) {
                        set_unbarriered(obj, 0, None);
                        self.cleared.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            TAG_WEAK_TABLE => {
                for pair in 0..slot_count(obj) / 2 {
                    if let Some(key) = get(obj, 2 * pair) {
                        if !liveness.is_live(key) {
                            set_unbarriered(obj, 2 * pair, None);
                            set_unbarriered(obj, 2 * pair + 1, None);
                            self.cleared.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn type_name(&self, tag: TypeTag) -> String {
        match tag {
            TAG_NODE => "node".into(),
            TAG_WEAK_REF => "weak-ref".into(),
            TAG_WEAK_TABLE => "weak-table".into(),
            other => format!("type#{}", other.0),
        }
    }
}

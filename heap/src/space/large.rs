//! The large-object space: every object above [`crate::geometry::LARGE_OBJECT_THRESHOLD`] gets
//! a mapping of its own, so it never fragments a chunk and its memory goes back to the OS when
//! it dies — at once, or (a local space's spare mappings, at most a quarter of the cycle
//! trigger) after serving another large object allocated in the next cycle, whose pages are
//! then already faulted in (design/decisions/0012-spare-large-mappings.md).
//!
//! ```text
//! mapping (page-aligned)
//! ┌──────────────────── prefix (16 B) ───────────────────┬────────┬────────────┐
//! │ mark │ log/card │ 6 B pad │ object size in bytes (u64)  │ header │ body ...   │
//! └──────────────────────────────────────────────────────┴────────┴────────────┘
//!                                                         ^ ObjectRef
//! ```

use memmap2::{MmapMut, MmapOptions};

use crate::header::{Header, ObjFlags, ObjectRef, TypeTag};
use crate::sync::raw;

/// Bytes before the header.
pub const PREFIX: usize = 16;

/// One large object and the mapping that holds it.
pub struct LargeObject {
    _map: MmapMut,
    obj: ObjectRef,
    size: usize,
}

impl LargeObject {
    /// Maps a large object of `size` bytes (header included) and writes its header. With
    /// `mark_epoch`, the object starts marked in that epoch (black allocation).
    pub fn allocate(
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
        mark_epoch: u8,
    ) -> Option<LargeObject> {
        let map = MmapOptions::new()
            .len(PREFIX + size)
            .no_reserve_swap()
            .map_anon()
            .ok()?;
        Some(LargeObject::place(map, size, tag, flags, mark_epoch))
    }

    /// [`allocate`](Self::allocate) in the mapping of a large object that died in the last
    /// cycle (see `LocalSpace`'s spare mappings), whose pages are already faulted in. The
    /// mapping must be at least `PREFIX + size` bytes long; its old contents are garbage,
    /// like any reused heap memory (the payload is the caller's to initialise).
    pub fn reuse(
        map: MmapMut,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
        mark_epoch: u8,
    ) -> LargeObject {
        assert!(map.len() >= PREFIX + size, "a spare mapping too small");
        LargeObject::place(map, size, tag, flags, mark_epoch)
    }

    /// Gives the mapping back (the object is dead).
    pub fn into_mapping(self) -> MmapMut {
        self._map
    }

    fn place(
        mut map: MmapMut,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
        mark_epoch: u8,
    ) -> LargeObject {
        let base = map.as_mut_ptr() as usize;
        // SAFETY: the mapping (fresh, or a dead object's that nothing references any more) is
        // at least `PREFIX + 8` bytes long, page-aligned, and private to this thread until
        // the object is published.
        unsafe {
            raw::store_u8(base, mark_epoch);
            raw::store_u8(base + 1, mark_epoch);
            raw::store_word(base + 8, size as u64);
            raw::store_word(
                base + PREFIX,
                Header::new(tag, 0, flags | ObjFlags::LARGE).bits(),
            );
        }
        // SAFETY: `base + PREFIX` is the header just written, non-null and 16-aligned.
        let obj = unsafe { ObjectRef::from_addr(base + PREFIX) };
        LargeObject {
            _map: map,
            obj,
            size,
        }
    }

    /// The object.
    pub fn object(&self) -> ObjectRef {
        self.obj
    }

    /// Its size in bytes, header included (the mapping is slightly larger).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Bytes of address space and memory the mapping takes (`PREFIX + size` for a fresh
    /// mapping; a reused one may be longer).
    pub fn footprint(&self) -> usize {
        self._map.len()
    }
}

/// The address of a large object's mark byte.
#[inline]
pub fn mark_byte(obj: ObjectRef) -> usize {
    obj.addr() - PREFIX
}

/// The address of a large object's log/card byte.
#[inline]
pub fn log_byte(obj: ObjectRef) -> usize {
    obj.addr() - PREFIX + 1
}

/// The size of a large object, header included.
#[inline]
pub fn size_of(obj: ObjectRef) -> usize {
    // SAFETY: `obj` is a large object (the caller checked the LARGE flag), so its prefix
    // is mapped and holds the size at offset 8.
    unsafe { raw::load_word(obj.addr() - PREFIX + 8) as usize }
}

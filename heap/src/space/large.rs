//! The large-object space: every object above [`crate::geometry::LARGE_OBJECT_THRESHOLD`] gets
//! a mapping of its own, so it never fragments a chunk and its memory goes straight back to the
//! OS when it dies.
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
        let mut map = MmapOptions::new()
            .len(PREFIX + size)
            .no_reserve_swap()
            .map_anon()
            .ok()?;
        let base = map.as_mut_ptr() as usize;
        // SAFETY: the fresh mapping is at least `PREFIX + 8` bytes long, page-aligned, and
        // private to this thread until the object is published.
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
        Some(LargeObject {
            _map: map,
            obj,
            size,
        })
    }

    /// The object.
    pub fn object(&self) -> ObjectRef {
        self.obj
    }

    /// Its size in bytes, header included (the mapping is slightly larger).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Bytes of address space and memory the mapping takes.
    pub fn footprint(&self) -> usize {
        PREFIX + self.size
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

//! Object references and the one-word object header.
//!
//! ```text
//! bit  63                              32 31                         8 7          0
//!     ┌──────────────────────────────────┬────────────────────────────┬────────────┐
//!     │ type tag (u32, chosen by the VM) │ size in granules (24 bits) │ ObjFlags   │
//!     └──────────────────────────────────┴────────────────────────────┴────────────┘
//! ```
//!
//! The header is written once, when the object is allocated, and never changes afterwards:
//! the collector keeps all mutable GC state (marks, log and card bits) in side tables, so a
//! marker thread may read a header while the owning agent runs. Large objects record a size of
//! zero here; their true size is in the large-object prefix.

use core::num::NonZeroUsize;

use crate::geometry::{GRANULE, LOG_GRANULE};
use crate::sync::raw;

bitflags::bitflags! {
    /// Per-object flags fixed at allocation.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ObjFlags: u8 {
        /// Lives in the shared space: fields hold only primitives and shared references.
        const SHARED = 1 << 0;
        /// Lives in the large-object space (has a [`crate::space::large`] prefix).
        const LARGE = 1 << 1;
        /// `Binding::finalize` must run when the object dies (Rust-side storage to free).
        const FINALIZE = 1 << 2;
        /// Holds weak references or ephemerons: `Binding::sweep_weak` runs after each marking.
        const WEAK_CONTAINER = 1 << 3;
    }
}

/// The VM's name for an object's type; the heap only stores and returns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeTag(pub u32);

/// The decoded header of an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header(u64);

const SIZE_SHIFT: u32 = 8;
const SIZE_MASK: u64 = (1 << 24) - 1;
const TAG_SHIFT: u32 = 32;

/// Largest size a header can record; bigger objects are large objects and record zero.
pub const MAX_HEADER_SIZE: usize = (SIZE_MASK as usize) << LOG_GRANULE;

impl Header {
    /// Builds a header. `size` must be granule-aligned and at most [`MAX_HEADER_SIZE`].
    #[inline(always)]
    pub const fn new(tag: TypeTag, size: usize, flags: ObjFlags) -> Header {
        let granules = (size >> LOG_GRANULE) as u64;
        Header(
            ((tag.0 as u64) << TAG_SHIFT)
                | ((granules & SIZE_MASK) << SIZE_SHIFT)
                | flags.bits() as u64,
        )
    }

    /// The raw word.
    #[inline(always)]
    pub const fn bits(self) -> u64 {
        self.0
    }

    /// Rebuilds a header from its raw word.
    #[inline(always)]
    pub const fn from_bits(bits: u64) -> Header {
        Header(bits)
    }

    /// The flags.
    #[inline(always)]
    pub const fn flags(self) -> ObjFlags {
        ObjFlags::from_bits_truncate(self.0 as u8)
    }

    /// The size recorded in the header, in bytes (zero for large objects).
    #[inline(always)]
    pub const fn size(self) -> usize {
        (((self.0 >> SIZE_SHIFT) & SIZE_MASK) as usize) << LOG_GRANULE
    }

    /// The VM's type tag.
    #[inline(always)]
    pub const fn tag(self) -> TypeTag {
        TypeTag((self.0 >> TAG_SHIFT) as u32)
    }
}

/// A reference to a heap object: the address of its header. Non-null and granule-aligned.
///
/// `ObjectRef` is plain data: it does not keep the object alive. Code that holds one across a
/// point where a collection may run must root it (a handle scope, a persistent handle, or the
/// VM's frames reported through [`crate::Roots`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef(NonZeroUsize);

impl core::fmt::Debug for ObjectRef {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ObjectRef({:#x})", self.0)
    }
}

impl ObjectRef {
    /// Wraps an address returned by the allocator.
    ///
    /// # Safety
    /// 1. `addr` is the address of a live object allocated by this crate's allocator (or the
    ///    VM will not dereference the result before checking it, as the verifier does).
    #[inline(always)]
    pub const unsafe fn from_addr(addr: usize) -> ObjectRef {
        debug_assert!(addr != 0 && addr % GRANULE == 0);
        // SAFETY: obligation 1 of this function: allocated objects are never at address 0.
        ObjectRef(unsafe { NonZeroUsize::new_unchecked(addr) })
    }

    /// The address of the header.
    #[inline(always)]
    pub const fn addr(self) -> usize {
        self.0.get()
    }

    /// The address of the first byte after the header: where the VM's fields start.
    #[inline(always)]
    pub const fn body(self) -> usize {
        self.0.get() + 8
    }

    /// Reads the header.
    #[inline(always)]
    pub fn header(self) -> Header {
        // SAFETY: an `ObjectRef` always points at an allocated object (see `from_addr`),
        // whose first word is its header, written before the reference was handed out;
        // headers are immutable afterwards.
        Header(unsafe { (self.0.get() as *const u64).read() })
    }

    /// Reads the header with an atomic load, for threads other than the owner (markers).
    #[inline(always)]
    pub(crate) fn header_atomic(self) -> Header {
        // SAFETY: as for `header`; the address is 16-aligned and mapped.
        Header(unsafe { raw::load_word(self.0.get()) })
    }

    /// True if the object lives in the shared space.
    #[inline(always)]
    pub fn is_shared(self) -> bool {
        self.header().flags().contains(ObjFlags::SHARED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trips_its_fields() {
        let h = Header::new(
            TypeTag(0xdead_beef),
            4096,
            ObjFlags::SHARED | ObjFlags::FINALIZE,
        );
        assert_eq!(h.tag(), TypeTag(0xdead_beef));
        assert_eq!(h.size(), 4096);
        assert_eq!(h.flags(), ObjFlags::SHARED | ObjFlags::FINALIZE);
        assert_eq!(Header::from_bits(h.bits()), h);
        let big = Header::new(TypeTag(1), MAX_HEADER_SIZE, ObjFlags::empty());
        assert_eq!(big.size(), MAX_HEADER_SIZE);
    }
}

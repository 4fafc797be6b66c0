//! Field access on heap objects: bounds-checked atomic loads and stores of the 8-byte words
//! after the header (the *payload*), and byte copies for string-like data.
//!
//! Words are accessed atomically (relaxed, or sequentially consistent where asked) because the
//! `Binding` contract lets background markers read slots while the owner writes them, and
//! because shared objects are read and written by several agents: "syntax that looks atomic
//! ought to be atomic" — a field access never tears.
//!
//! These accessors are safe under the heap's rooting rule (`design/decisions/0006`): an
//! `ObjectRef` that Rust code still uses refers to a live object. Breaking the rule is a GC
//! bug — a missed root — which the verifier and zombie mode exist to catch.

use crate::header::{ObjFlags, ObjectRef};
use crate::marking::object_size;
use crate::sync::raw::{self, Ordering};

/// Bytes before the payload (the header word).
pub const PAYLOAD_OFFSET: usize = 8;

impl ObjectRef {
    /// The object's size in bytes, header included.
    #[inline]
    pub fn size(self) -> usize {
        object_size(self)
    }

    /// Number of payload words (8-byte words after the header).
    #[inline]
    pub fn payload_words(self) -> usize {
        (self.size() - PAYLOAD_OFFSET) / 8
    }

    #[inline(always)]
    fn word_addr(self, index: usize) -> usize {
        let header = self.header();
        let size = if header.flags().contains(ObjFlags::LARGE) {
            crate::space::large::size_of(self)
        } else {
            header.size()
        };
        assert!(
            PAYLOAD_OFFSET + 8 * index + 8 <= size,
            "payload word {index} out of bounds of a {size}-byte object"
        );
        self.addr() + PAYLOAD_OFFSET + 8 * index
    }

    /// Relaxed load of payload word `index`.
    #[inline(always)]
    pub fn load(self, index: usize) -> u64 {
        // SAFETY: `word_addr` checked the index against the object's size; the object is
        // live (rooting rule) and 16-aligned, so the word is mapped and 8-aligned.
        unsafe { raw::word(self.word_addr(index)) }.load(Ordering::Relaxed)
    }

    /// Relaxed store to payload word `index`. Reference stores must be preceded by the write
    /// barrier (`Mutator::write_barrier`).
    #[inline(always)]
    pub fn store(self, index: usize, value: u64) {
        // SAFETY: as for `load`.
        unsafe { raw::word(self.word_addr(index)) }.store(value, Ordering::Relaxed)
    }

    /// [`load`](Self::load) without the bounds check, for the fixed layout words of a kind
    /// whose size is known from its own fields (the VM's object header, inline slots).
    ///
    /// # Safety
    /// 1. `index` is below [`payload_words`](Self::payload_words).
    #[inline(always)]
    pub unsafe fn load_unchecked(self, index: usize) -> u64 {
        debug_assert!(PAYLOAD_OFFSET + 8 * index + 8 <= self.size());
        // SAFETY: in bounds (obligation 1) of a live (rooting rule), 16-aligned object.
        unsafe { raw::word(self.addr() + PAYLOAD_OFFSET + 8 * index) }.load(Ordering::Relaxed)
    }

    /// [`store`](Self::store) without the bounds check.
    ///
    /// # Safety
    /// 1. `index` is below [`payload_words`](Self::payload_words).
    #[inline(always)]
    pub unsafe fn store_unchecked(self, index: usize, value: u64) {
        debug_assert!(PAYLOAD_OFFSET + 8 * index + 8 <= self.size());
        // SAFETY: as for `load_unchecked`.
        unsafe { raw::word(self.addr() + PAYLOAD_OFFSET + 8 * index) }
            .store(value, Ordering::Relaxed)
    }

    /// Sequentially consistent load (`Atomics.load` on a shared field).
    #[inline]
    pub fn load_seq_cst(self, index: usize) -> u64 {
        // SAFETY: as for `load`.
        unsafe { raw::word(self.word_addr(index)) }.load(Ordering::SeqCst)
    }

    /// Sequentially consistent store (`Atomics.store` on a shared field).
    #[inline]
    pub fn store_seq_cst(self, index: usize, value: u64) {
        // SAFETY: as for `load`.
        unsafe { raw::word(self.word_addr(index)) }.store(value, Ordering::SeqCst)
    }

    /// Sequentially consistent exchange; returns the previous value.
    #[inline]
    pub fn swap(self, index: usize, value: u64) -> u64 {
        // SAFETY: as for `load`.
        unsafe { raw::word(self.word_addr(index)) }.swap(value, Ordering::SeqCst)
    }

    /// Sequentially consistent compare-and-exchange; `Ok(previous)` if it stored `new`.
    #[inline]
    pub fn compare_exchange(self, index: usize, current: u64, new: u64) -> Result<u64, u64> {
        // SAFETY: as for `load`.
        unsafe { raw::word(self.word_addr(index)) }.compare_exchange(
            current,
            new,
            Ordering::SeqCst,
            Ordering::SeqCst,
        )
    }

    /// Copies `dst.len()` payload bytes starting at byte `offset` of the payload into `dst`.
    pub fn read_bytes(self, offset: usize, dst: &mut [u8]) {
        let size = self.size();
        assert!(
            PAYLOAD_OFFSET + offset + dst.len() <= size,
            "payload bytes {offset}..{} out of bounds of a {size}-byte object",
            offset + dst.len()
        );
        // SAFETY: the range is inside the live object (checked above); payload bytes are
        // written only by the owning agent, which is this thread (callers never read bytes
        // of objects other threads may write — strings are immutable once published).
        unsafe {
            core::ptr::copy_nonoverlapping(
                (self.addr() + PAYLOAD_OFFSET + offset) as *const u8,
                dst.as_mut_ptr(),
                dst.len(),
            )
        }
    }

    /// Sets payload words `start..start + count` to `value`, one bounds check for the range
    /// (initialising a fresh array). Like [`write_bytes`](Self::write_bytes), no barrier
    /// runs: the words overwritten must not hold references, nor may `value` be one.
    pub fn fill_words(self, start: usize, count: usize, value: u64) {
        if count == 0 {
            return;
        }
        let first = self.word_addr(start);
        let _last = self.word_addr(start + count - 1);
        // SAFETY: both ends are inside the live object (checked by `word_addr`), which is
        // 8-aligned; only the owning agent writes its payload words.
        let words = unsafe { core::slice::from_raw_parts_mut(first as *mut u64, count) };
        words.fill(value);
    }

    /// Copies payload words `src_start..src_start + count` of `src` to `start..` of this
    /// object, one bounds check per range. No barrier runs: see
    /// `Mutator::copy_words_into_fresh`, the one caller.
    pub(crate) fn copy_words_from(
        self,
        start: usize,
        src: ObjectRef,
        src_start: usize,
        count: usize,
    ) {
        if count == 0 {
            return;
        }
        let (to, _) = (self.word_addr(start), self.word_addr(start + count - 1));
        let (from, _) = (
            src.word_addr(src_start),
            src.word_addr(src_start + count - 1),
        );
        assert!(
            self != src,
            "copy_words_from copies between two different objects"
        );
        // SAFETY: both ranges are inside live, 8-aligned objects (checked above) and they
        // are different objects, so the ranges do not overlap; only the owning agent writes
        // payload words, and this one writes only `self`.
        unsafe { core::ptr::copy_nonoverlapping(from as *const u64, to as *mut u64, count) }
    }

    /// Copies `src` into the payload starting at byte `offset` (initialising string data).
    /// Must not overlap words that hold references.
    pub fn write_bytes(self, offset: usize, src: &[u8]) {
        let size = self.size();
        assert!(
            PAYLOAD_OFFSET + offset + src.len() <= size,
            "payload bytes {offset}..{} out of bounds of a {size}-byte object",
            offset + src.len()
        );
        // SAFETY: the range is inside the live object (checked above) and only the owning
        // agent writes payload bytes.
        unsafe {
            core::ptr::copy_nonoverlapping(
                src.as_ptr(),
                (self.addr() + PAYLOAD_OFFSET + offset) as *mut u8,
                src.len(),
            )
        }
    }

    /// Borrows `len` payload bytes starting at byte `offset`.
    ///
    /// # Safety
    /// 1. Nothing may collect while the slice lives (no allocation, poll or park on this
    ///    agent), unless the object is rooted.
    /// 2. Nobody writes those bytes while the slice lives.
    #[inline]
    pub unsafe fn bytes<'a>(self, offset: usize, len: usize) -> &'a [u8] {
        let size = self.size();
        assert!(
            PAYLOAD_OFFSET + offset + len <= size,
            "payload bytes {offset}..{} out of bounds of a {size}-byte object",
            offset + len
        );
        // SAFETY: in bounds of a live object (checked above, obligation 1 keeps it alive) and
        // unaliased by writers (obligation 2).
        unsafe {
            core::slice::from_raw_parts((self.addr() + PAYLOAD_OFFSET + offset) as *const u8, len)
        }
    }
}

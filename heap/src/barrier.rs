//! The write barrier. The VM calls [`Mutator::write_barrier`] *before* every store of a
//! reference into a heap object (stores of primitives need no barrier, except into shared
//! objects where the VM checks the value itself). One fast path serves three duties:
//!
//! 1. **Shared-space rule.** A store into a shared object must store a shared reference (or a
//!    primitive): anything else is reported as a [`BarrierViolation`], which the VM turns
//!    into a `TypeError`. This is what keeps "no shared → local edge" true.
//! 2. **SATB, object-remembering (Yuasa).** While the agent marks, the first store into an
//!    object in this cycle reports all of its current referents to the marker before any of
//!    them can be overwritten. The object's log byte records the epoch it was logged in, so
//!    nothing is bulk-reset between cycles.
//! 3. **Cards.** Storing a shared reference into a local object sets the object's card bit
//!    and adds it to the agent's remembered set: the shared collector scans those objects as
//!    roots instead of the whole local heap.
//!
//! Log/card byte layout: `bit 7` card, `bits 0..=6` epoch in which the object was logged.

use crate::binding::Tracer;
use crate::cycle::log_byte_of;
use crate::header::{ObjFlags, ObjectRef};
use crate::mutator::Mutator;
use crate::sync::{lock, raw};

/// The card bit of a log/card byte.
pub const CARD_BIT: u8 = 0x80;
/// The epoch bits of a log/card byte.
pub const LOG_EPOCH_MASK: u8 = 0x7f;

/// A store the shared-space rule forbids: a local reference into a shared object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BarrierViolation {
    /// The shared object written to.
    pub holder: ObjectRef,
    /// The local object that was to be stored.
    pub value: ObjectRef,
}

impl std::fmt::Display for BarrierViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot store a local (non-shared) value into a shared object: {:?} into {:?}",
            self.value, self.holder
        )
    }
}

impl std::error::Error for BarrierViolation {}

impl Mutator {
    /// The write barrier: call before storing `new` (a reference, or `None` for a primitive)
    /// into a slot of `holder`. On `Err` the store must not happen.
    #[inline(always)]
    pub fn write_barrier(
        &mut self,
        holder: ObjectRef,
        new: Option<ObjectRef>,
    ) -> Result<(), BarrierViolation> {
        let holder_flags = holder.header().flags();
        if holder_flags.contains(ObjFlags::SHARED) {
            return match new {
                Some(value) if !value.is_shared() => Err(BarrierViolation { holder, value }),
                _ => Ok(()),
            };
        }
        if self.marking {
            self.log_if_unlogged(holder);
        }
        if let Some(value) = new {
            if value.is_shared() {
                self.remember(holder);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn log_if_unlogged(&mut self, holder: ObjectRef) {
        let byte = log_byte_of(holder);
        // SAFETY: `holder` is a live local object, so its log byte is mapped.
        let value = unsafe { raw::load_u8(byte) };
        if value & LOG_EPOCH_MASK != self.epoch {
            self.log_slow(holder, byte, value);
        }
    }

    #[cold]
    #[inline(never)]
    fn log_slow(&mut self, holder: ObjectRef, byte: usize, value: u8) {
        let heap = self.heap.clone();
        heap.binding
            .trace(holder, &mut Tracer::marking(&mut self.marker));
        // SAFETY: as in `log_if_unlogged`; only this agent writes its objects' log bytes.
        unsafe { raw::store_u8(byte, (value & CARD_BIT) | self.epoch) };
    }

    #[inline(always)]
    fn remember(&mut self, holder: ObjectRef) {
        let byte = log_byte_of(holder);
        // SAFETY: `holder` is a live local object, so its log byte is mapped.
        let value = unsafe { raw::load_u8(byte) };
        if value & CARD_BIT == 0 {
            self.remember_slow(holder, byte, value);
        }
    }

    #[cold]
    #[inline(never)]
    fn remember_slow(&mut self, holder: ObjectRef, byte: usize, value: u8) {
        // SAFETY: as in `remember`; only this agent writes its objects' log bytes.
        unsafe { raw::store_u8(byte, value | CARD_BIT) };
        lock(&self.slot.remembered).push(holder);
    }

    /// Copies payload words `src_start..src_start + count` of `src` to `dst_start..` of
    /// `dst`, doing the write barrier's work once for the range instead of per word (array
    /// growth copies thousands). The SATB log is not needed: the words overwritten hold no
    /// references. The card carries over: a live local object holding a shared reference
    /// has a dirty card (the barrier set it on the store), so `dst` is remembered exactly
    /// when `src` is.
    ///
    /// # Safety
    /// 1. `src` and `dst` are live local (not shared) objects of this agent.
    /// 2. The words of `dst` written hold no references (empty or primitive payload, as in a
    ///    cell just allocated); a reference overwritten without its log could be missed by
    ///    the marker and freed while still reachable.
    /// 3. Both ranges lie inside their objects' payloads (checked: a range past the end
    ///    panics).
    pub unsafe fn copy_words_into_fresh(
        &mut self,
        src: ObjectRef,
        src_start: usize,
        dst: ObjectRef,
        dst_start: usize,
        count: usize,
    ) {
        debug_assert!(!src.is_shared() && !dst.is_shared());
        dst.copy_words_from(dst_start, src, src_start, count);
        if count > 0 && self.card_is_dirty(src) {
            self.remember(dst);
        }
    }

    /// True if `obj`'s card is dirty (it is in the remembered set).
    pub fn card_is_dirty(&self, obj: ObjectRef) -> bool {
        // SAFETY: `obj` is a live local object, so its log byte is mapped.
        unsafe { raw::load_u8(log_byte_of(obj)) & CARD_BIT != 0 }
    }

    /// Number of objects in the remembered set.
    pub fn remembered_count(&self) -> usize {
        lock(&self.slot.remembered).len()
    }
}

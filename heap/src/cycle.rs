//! The local collection cycle of one agent: a snapshot-at-the-beginning marking run in
//! incremental slices on the agent's own thread (and optionally helped by background
//! markers), then a short final mark, then lazy sweeping.
//!
//! | phase     | entered by                           | what happens                              |
//! |-----------|--------------------------------------|-------------------------------------------|
//! | Idle      | `finish_cycle`                       | allocation sweeps blocks lazily           |
//! | Marking   | `start_cycle` (trigger, stress, API) | roots greyed once; slices paced by        |
//! |           |                                      | allocation; barrier logs old referents;   |
//! |           |                                      | new objects are born black                |
//! | FinalMark | worklist empty in a slice            | ephemerons, weak sweep, finalization,     |
//! |           |                                      | remembered-set pruning, large-object sweep|
//!
//! The final mark does **not** rescan the roots: under SATB every object reachable when the
//! roots were scanned is marked (the barrier logs what mutation would hide), and everything
//! allocated since is black, so the roots can hold nothing white.

use std::time::{Duration, Instant};

use crate::barrier::CARD_BIT;
use crate::binding::{Liveness, Roots, Tracer};
use crate::events::{GcKind, GcPhase};
use crate::header::{ObjFlags, ObjectRef};
use crate::marking::{is_marked, Budget, MarkMode, Marker, MAX_EPOCH};
use crate::mutator::{CycleState, Mutator};
use crate::space::large;
use crate::sync::{lock, raw};

impl Mutator {
    /// Starts a marking cycle: takes the next epoch, greys the roots, and turns on the barrier
    /// and black allocation.
    pub(crate) fn start_cycle(&mut self, roots: &mut dyn Roots, kind: GcKind) {
        debug_assert!(!self.marking);
        let started = Instant::now();
        if self.space.live_epoch() >= MAX_EPOCH - 1 {
            self.space.renormalise_epochs();
        }
        self.space.begin_cycle();
        self.retire_buffers();
        self.epoch = self.space.live_epoch() + 1;
        self.marker = Marker::new(MarkMode::Local, self.epoch);
        self.marking = true;
        self.cycle = Some(CycleState {
            kind,
            bytes_before: self.stats.live_after_cycle + self.stats.allocated_since_cycle,
            started,
        });
        let mut marker = std::mem::replace(&mut self.marker, Marker::new(MarkMode::Local, 0));
        self.trace_all_roots(roots, &mut Tracer::marking(&mut marker));
        self.marker = marker;
        if let Some(share) = &self.mark_share {
            share.begin(self.epoch);
        }
        self.allocated_since_slice = 0;
        self.emit(kind, GcPhase::Start, started.elapsed());
    }

    /// Drops the bump buffers: the rest of the current hole is found again after the next
    /// cycle (it was blackened, or is free and still is).
    fn retire_buffers(&mut self) {
        self.cursor = 0;
        self.limit = 0;
        self.hole_end = 0;
        self.overflow = crate::space::local::Hole { start: 0, end: 0 };
        self.space.retire_cursor();
    }

    /// One incremental slice, sized by the allocation since the previous one.
    pub(crate) fn paced_slice(&mut self, roots: &mut dyn Roots) {
        let config = &self.heap.config;
        let paced = (self.allocated_since_slice as f64 * config.mark_rate) as usize;
        let bytes = match config.tiny_slices {
            Some(tiny) => tiny,
            None => paced.max(64 << 10),
        };
        self.allocated_since_slice = 0;
        let budget = Budget {
            bytes,
            deadline: Some(Instant::now() + config.max_slice),
        };
        self.mark_slice(roots, budget);
    }

    /// Marks within `budget`; finishes the cycle if the marking work ran out.
    pub(crate) fn mark_slice(&mut self, roots: &mut dyn Roots, budget: Budget) {
        let started = Instant::now();
        if let Some(share) = self.mark_share.clone() {
            share.offer(&self.heap, &mut self.marker);
        }
        let done = self.marker.drain(&*self.heap.binding, budget);
        let kind = self.cycle.map_or(GcKind::Local, |c| c.kind);
        self.emit(kind, GcPhase::Slice, started.elapsed());
        if done && self.background_marking_done(roots) {
            self.finish_cycle(roots);
        }
    }

    /// With background markers, waits (parked) for their outstanding work and takes over
    /// their leftovers. Returns `true` when the local worklist is empty afterwards.
    fn background_marking_done(&mut self, roots: &mut dyn Roots) -> bool {
        let Some(share) = self.mark_share.clone() else {
            return true;
        };
        self.heap.mark_queue.reclaim(&share, &mut self.marker);
        self.park_while(roots, || share.wait_idle());
        share.collect_results(&mut self.marker);
        self.marker.worklist.is_empty()
    }

    /// Runs the current cycle (or a new one) to completion now.
    pub fn collect(&mut self, roots: &mut dyn Roots) {
        if !self.marking {
            self.start_cycle(roots, GcKind::LocalFull);
        }
        while self.marking {
            self.mark_slice(roots, Budget::UNLIMITED);
        }
    }

    /// Advances the cycle in progress by one slice of at most `budget` bytes (idle-time
    /// marking for embedders); starts one if `start` and none runs. Returns true if a cycle
    /// is still in progress.
    pub fn step(&mut self, roots: &mut dyn Roots, budget_bytes: usize, start: bool) -> bool {
        if !self.marking {
            if !start {
                return false;
            }
            self.start_cycle(roots, GcKind::Local);
        }
        let budget = Budget {
            bytes: budget_bytes,
            deadline: Some(Instant::now() + self.heap.config.max_slice),
        };
        self.mark_slice(roots, budget);
        self.marking
    }

    /// The final mark: everything the cycle needs once no grey object is left.
    fn finish_cycle(&mut self, roots: &mut dyn Roots) {
        let started = Instant::now();
        let heap = self.heap.clone();
        let binding = &*heap.binding;
        self.marker.ephemeron_fixpoint(binding);
        let epoch = self.epoch;
        let liveness = Liveness {
            epoch,
            shared_space: false,
        };
        // Weak containers that died are dropped; live ones clear their dead referents.
        self.weak_containers.retain(|obj| is_marked(*obj, epoch));
        for obj in &self.weak_containers {
            binding.sweep_weak(*obj, &liveness);
        }
        roots.sweep_side_tables(&liveness);
        // Finalizers of the dead, before any of their memory can be reused.
        self.finalizable.retain(|obj| {
            let live = is_marked(*obj, epoch);
            if !live {
                binding.finalize(*obj);
            }
            live
        });
        // The remembered set keeps only live holders; dead ones lose their card so that a
        // new object born at the same address starts clean.
        lock(&self.slot.remembered).retain(|obj| {
            let live = is_marked(*obj, epoch);
            if !live {
                let byte = log_byte_of(*obj);
                // SAFETY: the object's log byte is mapped (chunk or large prefix) until its
                // memory is reused, which cannot happen before this cycle ends.
                unsafe { raw::store_u8(byte, raw::load_u8(byte) & !CARD_BIT) };
            }
            live
        });
        self.space.sweep_large(epoch, |_| {});
        self.marking = false;
        self.space.end_cycle(epoch);
        self.retire_buffers();
        if self.heap.config.zombie {
            self.space.sweep_all();
        }
        self.stats.cycles += 1;
        self.stats.live_after_cycle = self.marker.marked_bytes;
        self.stats.allocated_since_cycle = 0;
        let kind = self.cycle.map_or(GcKind::Local, |c| c.kind);
        self.emit(kind, GcPhase::FinalMark, started.elapsed());
        if self.heap.config.verify {
            let report = self.verify_with(roots, crate::VerifyMode::AfterCollection);
            assert!(
                report.is_ok(),
                "heap verification failed after a local collection:\n{report}"
            );
        }
        let total = self.cycle.map_or(Duration::ZERO, |c| c.started.elapsed());
        self.emit(kind, GcPhase::End, total);
        self.cycle = None;
    }

    /// Abandons a cycle in progress (the agent is going away): takes back the jobs no marker
    /// started (markers may have stopped for good) and waits, parked, for the started ones (a
    /// marker may be stopped at a global safepoint that waits for this agent).
    pub(crate) fn abandon_cycle(&mut self) {
        if let Some(share) = self.mark_share.clone() {
            self.heap.mark_queue.reclaim(&share, &mut self.marker);
            self.park_while(&mut crate::binding::NoRoots, || share.wait_idle());
            share.collect_results(&mut self.marker);
        }
        self.marker.worklist.clear();
        self.marking = false;
        self.cycle = None;
    }

    /// The weak-read barrier: call when a weak reference is turned into a strong one
    /// (`WeakRef.prototype.deref`). While marking, the target may be unreachable in the
    /// snapshot; greying it keeps SATB sound.
    #[inline]
    pub fn weak_read_barrier(&mut self, target: ObjectRef) {
        if self.marking {
            self.marker.edge(target);
        }
    }
}

/// The log/card byte of any local object.
pub(crate) fn log_byte_of(obj: ObjectRef) -> usize {
    if obj.header().flags().contains(ObjFlags::LARGE) {
        large::log_byte(obj)
    } else {
        crate::geometry::log_byte(obj.addr())
    }
}

//! The [`Mutator`]: one agent's handle on the heap. It owns the agent's local space and its
//! allocation buffers (the bump cursor lives inline here), its handles, its share of the
//! shared space, and its safepoint participation: polls, `park_while`, and the entry points
//! that may collect.
//!
//! **Architecture invariant:** a `Mutator` is used by one thread at a time. Everything it
//! shares with other threads sits behind its [`AgentSlot`] (state word, published roots,
//! remembered set) or in the heap's mutex-protected pools.
//!
//! Parameter order, everywhere in the workspace: the mutator (or the agent that owns it)
//! first, the roots second, the operands last — `alloc(&mut self, roots, size, tag)`.

use std::time::Instant;

use crate::binding::{Edge, Roots, Tracer};
use crate::events::{GcEvent, GcKind, GcPhase};
use crate::geometry::{align_to_granule, GRANULE, LARGE_OBJECT_THRESHOLD, LINE_SIZE};
use crate::header::{Header, ObjFlags, ObjectRef, TypeTag};
use crate::heap::HeapInner;
use crate::marking::concurrent::AgentMarkShare;
use crate::marking::{MarkMode, Marker};
use crate::roots::global::{Global, GlobalHandles};
use crate::roots::scope::{Handle, HandleStack, ScopeMark};
use crate::safepoint::{AgentSlot, ParticipantKind};
use crate::space::local::{Hole, LocalSpace};
use crate::space::shared::SharedCache;
use crate::sync::{lock, Arc};
use crate::HeapError;

/// Blocks swept ahead of need on each refill (a refill hands out up to 32 KiB, so this sweeps
/// up to 128 KiB of blocks per 32 KiB allocated).
const SWEEP_AHEAD_BLOCKS: usize = 4;

/// Counters kept by a mutator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MutatorStats {
    /// Local marking cycles completed.
    pub cycles: u64,
    /// Shared collections this agent initiated.
    pub shared_collections: u64,
    /// Bytes handed to the allocator since the last cycle ended.
    pub allocated_since_cycle: usize,
    /// Live bytes found by the last completed cycle.
    pub live_after_cycle: usize,
    /// Objects allocated through the slow path (all of them in stress modes).
    pub slow_allocations: u64,
}

/// A marking cycle in progress.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CycleState {
    pub kind: GcKind,
    pub bytes_before: usize,
    pub started: Instant,
}

/// One agent's handle on the heap.
// `repr(C)` keeps declaration order, so the fields the fast paths read — the bump pointer and
// limit (allocation), the marking flag and epoch (barrier), the slot (poll) — share the first
// cache line.
#[repr(C)]
pub struct Mutator {
    pub(crate) cursor: usize,
    pub(crate) limit: usize,
    pub(crate) marking: bool,
    pub(crate) epoch: u8,
    pub(crate) slot: Arc<AgentSlot>,
    /// The real end of the current hole (`limit` is held at 0 in stress modes so that every
    /// allocation takes the slow path).
    pub(crate) hole_end: usize,
    pub(crate) overflow: Hole,
    pub(crate) heap: Arc<HeapInner>,
    pub(crate) space: LocalSpace,
    pub(crate) marker: Marker,
    pub(crate) cycle: Option<CycleState>,
    pub(crate) handles: HandleStack,
    pub(crate) globals: GlobalHandles,
    pub(crate) finalizable: Vec<ObjectRef>,
    pub(crate) weak_containers: Vec<ObjectRef>,
    pub(crate) shared_cache: SharedCache,
    pub(crate) stats: MutatorStats,
    pub(crate) allocated_since_slice: usize,
    pub(crate) stress_counter: u64,
    pub(crate) rng: u64,
    pub(crate) mark_share: Option<Arc<AgentMarkShare>>,
    stress: bool,
}

impl Mutator {
    pub(crate) fn new(heap: Arc<HeapInner>, id: u32) -> Mutator {
        let config = &heap.config;
        let stress = config.collect_every.is_some() || config.random_collect.is_some();
        let rng = config
            .random_collect
            .map_or(0, |(seed, _)| seed ^ 0x9e37_79b9_7f4a_7c15);
        let space = LocalSpace::new(
            id,
            config.local_limit,
            config.zombie,
            config.chunk_release_cycles,
            // Spare large mappings: a quarter of the cycle trigger.
            config.min_trigger / 4,
        );
        let slot = Arc::new(AgentSlot::new(id, ParticipantKind::Agent));
        heap.safepoint.register(slot.clone());
        let mark_share = config
            .background_marking
            .then(|| Arc::new(AgentMarkShare::new(id)));
        Mutator {
            cursor: 0,
            limit: 0,
            marking: false,
            epoch: 0,
            hole_end: 0,
            overflow: Hole { start: 0, end: 0 },
            heap,
            slot,
            space,
            marker: Marker::new(MarkMode::Local, 0),
            cycle: None,
            handles: HandleStack::default(),
            globals: GlobalHandles::default(),
            finalizable: Vec::new(),
            weak_containers: Vec::new(),
            shared_cache: SharedCache::default(),
            stats: MutatorStats::default(),
            allocated_since_slice: 0,
            stress_counter: 0,
            rng,
            mark_share,
            stress,
        }
    }

    /// This agent's id (unique within the heap).
    pub fn id(&self) -> u32 {
        self.slot.id
    }

    /// The heap this mutator belongs to.
    pub fn heap(&self) -> crate::Heap {
        crate::Heap::from_inner(self.heap.clone())
    }

    /// Counters.
    pub fn stats(&self) -> MutatorStats {
        self.stats
    }

    /// True while a local marking cycle is in progress.
    pub fn is_marking(&self) -> bool {
        self.marking
    }

    /// Bytes the local space has reserved from the OS.
    pub fn local_committed(&self) -> usize {
        self.space.committed()
    }

    /// Chunks the local space has mapped.
    pub fn local_chunks(&self) -> usize {
        self.space.chunk_count()
    }

    /// Allocates a local object of `size` bytes (its 8-byte header included) with type `tag`.
    ///
    /// The header is written; the rest of the object is **uninitialised**: the caller must
    /// write every reference slot before its next call that may collect (any allocation,
    /// [`Mutator::poll`], [`Mutator::park_while`], `collect*`). May run an incremental marking
    /// slice, start a cycle, or collect, which is why it takes the agent's roots.
    #[inline(always)]
    pub fn alloc(
        &mut self,
        roots: &mut dyn Roots,
        size: usize,
        tag: TypeTag,
    ) -> Result<ObjectRef, HeapError> {
        let size = align_to_granule(size.max(GRANULE));
        let start = self.cursor;
        let end = start + size;
        // Large objects never bump through a hole, even one they would fit in: they live in
        // the large-object space (the size test folds away for constant sizes).
        if size <= LARGE_OBJECT_THRESHOLD && end <= self.limit {
            self.cursor = end;
            // SAFETY: `start..end` lies inside the current hole, which this agent owns and
            // which is mapped; `start` is granule-aligned and non-null.
            unsafe {
                (start as *mut u64).write(Header::new(tag, size, ObjFlags::empty()).bits());
                return Ok(ObjectRef::from_addr(start));
            }
        }
        self.alloc_slow(roots, size, tag, ObjFlags::empty())
    }

    /// Allocates a local object with flags: [`ObjFlags::FINALIZE`] and/or
    /// [`ObjFlags::WEAK_CONTAINER`] (`SHARED` and `LARGE` are chosen by the heap).
    pub fn alloc_with_flags(
        &mut self,
        roots: &mut dyn Roots,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
    ) -> Result<ObjectRef, HeapError> {
        let flags = flags & (ObjFlags::FINALIZE | ObjFlags::WEAK_CONTAINER);
        let size = align_to_granule(size.max(GRANULE));
        self.alloc_slow(roots, size, tag, flags)
    }

    #[cold]
    #[inline(never)]
    fn alloc_slow(
        &mut self,
        roots: &mut dyn Roots,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
    ) -> Result<ObjectRef, HeapError> {
        self.stats.slow_allocations += 1;
        if self.stress {
            self.stress_point(roots)?;
        }
        let obj = if size > LARGE_OBJECT_THRESHOLD {
            self.alloc_large(roots, size, tag, flags)?
        } else {
            let start = self.bump_or_refill(roots, size)?;
            // SAFETY: `bump_or_refill` returned `size` bytes of owned, mapped memory.
            unsafe {
                (start as *mut u64).write(Header::new(tag, size, flags).bits());
                ObjectRef::from_addr(start)
            }
        };
        if flags.contains(ObjFlags::FINALIZE) {
            self.finalizable.push(obj);
        }
        if flags.contains(ObjFlags::WEAK_CONTAINER) {
            self.weak_containers.push(obj);
        }
        Ok(obj)
    }

    fn stress_point(&mut self, roots: &mut dyn Roots) -> Result<(), HeapError> {
        let mut collect = false;
        if let Some(every) = self.heap.config.collect_every {
            self.stress_counter += 1;
            collect |= self.stress_counter % every == 0;
        }
        if let Some((_, one_in)) = self.heap.config.random_collect {
            // xorshift64*: deterministic for a seed, so a failing run can be replayed.
            self.rng ^= self.rng >> 12;
            self.rng ^= self.rng << 25;
            self.rng ^= self.rng >> 27;
            let draw = self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
            collect |= draw % u64::from(one_in.max(1)) == 0;
        }
        if collect {
            self.collect(roots);
        }
        Ok(())
    }

    /// Bump-allocates `size` bytes from the current hole (or the overflow region for medium
    /// objects that do not fit it), taking new memory as needed.
    fn bump_or_refill(&mut self, roots: &mut dyn Roots, size: usize) -> Result<usize, HeapError> {
        let medium = size > LINE_SIZE;
        let mut collected = false;
        loop {
            if self.cursor + size <= self.hole_end {
                let start = self.cursor;
                self.cursor += size;
                self.sync_limit();
                return Ok(start);
            }
            if medium && self.overflow.start + size <= self.overflow.end {
                let start = self.overflow.start;
                self.overflow.start += size;
                return Ok(start);
            }
            // Pace before taking memory: a cycle that starts or finishes here retires the
            // buffers, and must not strand (or leave white) the memory taken next.
            self.pace(roots);
            let hole = if medium {
                self.space
                    .take_free_block()
                    .map(|block| Hole {
                        start: block,
                        end: block + crate::geometry::BLOCK_SIZE,
                    })
                    .or_else(|| self.space.next_hole(size))
            } else {
                self.space.next_hole(size)
            };
            let Some(hole) = hole else {
                if collected {
                    return Err(self.out_of_memory(false, size));
                }
                collected = true;
                self.collect(roots);
                continue;
            };
            self.prepare_hole(hole);
            self.account(hole.end - hole.start);
            if medium {
                self.overflow = hole;
            } else {
                self.cursor = hole.start;
                self.hole_end = hole.end;
                self.sync_limit();
            }
        }
    }

    fn sync_limit(&mut self) {
        self.limit = if self.stress { 0 } else { self.hole_end };
    }

    /// Readies a hole for allocation: black while marking, clean log/card bytes otherwise.
    fn prepare_hole(&mut self, hole: Hole) {
        if self.marking {
            LocalSpace::blacken(hole, self.epoch);
        } else {
            LocalSpace::clear_log_bytes(hole);
        }
    }

    /// Allocation pacing, run before the allocator takes new memory: a marking slice sized by
    /// the allocation since the last one, or the start of a cycle once the trigger is reached.
    fn pace(&mut self, roots: &mut dyn Roots) {
        // Sweep ahead a little on every refill, so the next cycle's start finds little left.
        self.space.sweep_some(SWEEP_AHEAD_BLOCKS);
        if self.marking {
            self.paced_slice(roots);
        } else if self.stats.allocated_since_cycle >= self.trigger() {
            self.start_cycle(roots, GcKind::Local);
        }
    }

    fn account(&mut self, bytes: usize) {
        self.stats.allocated_since_cycle += bytes;
        self.allocated_since_slice += bytes;
    }

    fn trigger(&self) -> usize {
        let config = &self.heap.config;
        let grown = (self.stats.live_after_cycle as f64 * config.growth_factor) as usize;
        config.min_trigger.max(grown)
    }

    fn alloc_large(
        &mut self,
        roots: &mut dyn Roots,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
    ) -> Result<ObjectRef, HeapError> {
        self.pace(roots);
        for attempt in 0..2 {
            let epoch = if self.marking { self.epoch } else { 0 };
            if let Some(obj) = self.space.alloc_large(size, tag, flags, epoch) {
                self.account(size);
                return Ok(obj);
            }
            if attempt == 0 {
                self.collect(roots);
            }
        }
        Err(self.out_of_memory(false, size))
    }

    /// Allocates an object in the shared space. Fields of shared objects may hold only
    /// primitives and shared references (enforced by [`Mutator::write_barrier`]).
    pub fn alloc_shared(
        &mut self,
        roots: &mut dyn Roots,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
    ) -> Result<ObjectRef, HeapError> {
        let size = align_to_granule(size.max(GRANULE));
        let flags = flags & ObjFlags::FINALIZE;
        if self.heap.shared_collection_due() {
            self.collect_shared(roots);
        }
        for attempt in 0..2 {
            if let Some(obj) = self
                .heap
                .shared
                .alloc(&mut self.shared_cache, size, tag, flags)
            {
                return Ok(obj);
            }
            if attempt == 0 {
                self.collect_shared(roots);
            }
        }
        Err(self.out_of_memory(true, size))
    }

    fn out_of_memory(&self, shared: bool, requested: usize) -> HeapError {
        let config = &self.heap.config;
        HeapError::OutOfMemory {
            shared,
            requested,
            limit: if shared {
                config.shared_limit
            } else {
                config.local_limit
            },
        }
    }

    // ----- handles -----

    /// Opens a handle scope.
    pub fn open_scope(&mut self) -> ScopeMark {
        self.handles.open()
    }

    /// Closes the innermost handle scope.
    pub fn close_scope(&mut self, mark: ScopeMark) {
        self.handles.close(mark)
    }

    /// Runs `f` inside a handle scope.
    pub fn scope<R>(&mut self, f: impl FnOnce(&mut Mutator) -> R) -> R {
        let mark = self.open_scope();
        let result = f(self);
        self.close_scope(mark);
        result
    }

    /// Roots `obj` until the innermost scope closes.
    pub fn root(&mut self, obj: ObjectRef) -> Handle {
        self.handles.push(obj)
    }

    /// The object a handle roots.
    pub fn get(&self, handle: Handle) -> ObjectRef {
        self.handles.get(handle)
    }

    /// Points a handle at another object.
    pub fn set(&mut self, handle: Handle, obj: ObjectRef) {
        self.handles.set(handle, obj)
    }

    /// Roots `obj` until [`Mutator::release_global`].
    pub fn new_global(&mut self, obj: ObjectRef) -> Global {
        self.globals.insert(obj)
    }

    /// The object a persistent handle roots (`None` once released).
    pub fn global(&self, global: Global) -> Option<ObjectRef> {
        self.globals.get(global)
    }

    /// Releases a persistent handle.
    pub fn release_global(&mut self, global: Global) -> Option<ObjectRef> {
        self.globals.release(global)
    }

    /// Reports the VM's roots and this mutator's handles to `tracer`.
    pub(crate) fn trace_all_roots(&mut self, roots: &mut dyn Roots, tracer: &mut Tracer<'_>) {
        roots.trace_roots(tracer);
        for obj in self.handles.iter() {
            tracer.edge(obj);
        }
        for obj in self.globals.iter() {
            tracer.edge(obj);
        }
    }

    // ----- safepoints -----

    /// The safepoint poll: call at loop back-edges and calls. Free unless a global safepoint
    /// is requested, in which case the agent publishes its roots and stops until it ends.
    #[inline(always)]
    pub fn poll(&mut self, roots: &mut dyn Roots) {
        if self.slot.stop_requested() {
            self.stop_at_safepoint(roots);
        }
    }

    #[cold]
    fn stop_at_safepoint(&mut self, roots: &mut dyn Roots) {
        self.publish(roots);
        self.heap.safepoint.stop(&self.slot);
    }

    /// Runs `f` — anything that can block this thread — parked: a global safepoint never
    /// waits for a parked agent. `f` must not touch the heap (it gets no mutator).
    pub fn park_while<R>(&mut self, roots: &mut dyn Roots, f: impl FnOnce() -> R) -> R {
        self.publish(roots);
        self.heap.safepoint.park(&self.slot);
        let result = f();
        self.heap.safepoint.unpark(&self.slot);
        result
    }

    /// Publishes the shared references among the roots and hands back the shared pages:
    /// what a collector needs from an agent that is about to stop or park.
    pub(crate) fn publish(&mut self, roots: &mut dyn Roots) {
        let mut edges = Vec::new();
        self.trace_all_roots(roots, &mut Tracer::collecting(&mut edges));
        let shared: Vec<ObjectRef> = edges
            .into_iter()
            .filter_map(|edge| match edge {
                Edge::Strong(obj) | Edge::Weak(obj) if obj.is_shared() => Some(obj),
                _ => None,
            })
            .collect();
        *lock(&self.slot.published_roots) = shared;
        self.heap.shared.flush(&mut self.shared_cache);
    }

    /// Collects the shared space under a global safepoint, with this agent as collector.
    pub fn collect_shared(&mut self, roots: &mut dyn Roots) {
        self.publish(roots);
        if crate::shared_gc::collect(&self.heap, &self.slot) {
            self.stats.shared_collections += 1;
        }
    }

    pub(crate) fn emit(&self, kind: GcKind, phase: GcPhase, pause: std::time::Duration) {
        if let Some(sink) = &self.heap.config.events {
            let before = self.cycle.map_or(0, |c| c.bytes_before);
            let after = match phase {
                GcPhase::FinalMark | GcPhase::End => self.stats.live_after_cycle,
                _ => self.stats.live_after_cycle + self.stats.allocated_since_cycle,
            };
            sink(&GcEvent {
                agent: self.slot.id,
                kind,
                phase,
                pause,
                bytes_before: before,
                bytes_after: after,
            });
        }
    }
}

impl Drop for Mutator {
    fn drop(&mut self) {
        if self.marking {
            self.abandon_cycle();
        }
        // Leave parked so that an active safepoint does not wait for us, then unregister.
        self.publish(&mut crate::binding::NoRoots);
        lock(&self.slot.published_roots).clear();
        lock(&self.slot.remembered).clear();
        self.heap.safepoint.park(&self.slot);
        self.heap.safepoint.unregister(&self.slot);
        for obj in std::mem::take(&mut self.finalizable) {
            self.heap.binding.finalize(obj);
        }
    }
}

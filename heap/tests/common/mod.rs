//! Helpers shared by the heap's integration tests: small configurations, mock nodes that carry
//! an id in their data bytes, a watchdog for multi-threaded tests, an event recorder, and a
//! random graph-mutation workload checked against a shadow model kept in plain Rust.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use heap::mock::{self, MockRoots, TAG_WEAK_REF};
use heap::sync::atomic::{AtomicUsize, Ordering};
use heap::sync::{lock, raw, thread, wait_timeout, Arc, Condvar, Mutex};
use heap::{BarrierViolation, GcEvent, HeapConfig, Mutator, ObjFlags, ObjectRef, Roots};

/// A configuration with a small trigger so that tests collect often, and the verifier on.
pub fn small_config() -> HeapConfig {
    HeapConfig {
        min_trigger: 256 << 10,
        shared_min_trigger: 256 << 10,
        verify: true,
        ..HeapConfig::default()
    }
}

/// Address of the data bytes of a mock object (right after its slots).
pub fn data_addr(obj: ObjectRef) -> usize {
    obj.addr() + mock::object_size(mock::slot_count(obj), 0)
}

/// Writes `id` into the first 8 data bytes of `obj` (which must have at least 8).
pub fn write_id(obj: ObjectRef, id: u64) {
    // SAFETY: `obj` is a live mock object allocated with at least 8 data bytes after its
    // slots; the data offset is 8-aligned (16 + 8 * slots).
    unsafe { raw::store_word(data_addr(obj), id) }
}

/// Reads the id written by [`write_id`].
pub fn read_id(obj: ObjectRef) -> u64 {
    // SAFETY: as for `write_id`; the object is live (the caller reached it from a root).
    unsafe { raw::load_word(data_addr(obj)) }
}

/// Allocates a local node with `slots` null slots and an id.
pub fn node(m: &mut Mutator, roots: &mut dyn Roots, slots: usize, id: u64) -> ObjectRef {
    let obj = mock::alloc_node(m, roots, slots, 8).expect("local allocation");
    write_id(obj, id);
    obj
}

/// Allocates a local node with flags (e.g. `FINALIZE`) and an id.
pub fn node_with(
    m: &mut Mutator,
    roots: &mut dyn Roots,
    slots: usize,
    id: u64,
    flags: ObjFlags,
) -> ObjectRef {
    let obj = mock::alloc(m, roots, mock::TAG_NODE, slots, 8, flags).expect("local allocation");
    write_id(obj, id);
    obj
}

/// Allocates a shared node with an id.
pub fn shared_node(
    m: &mut Mutator,
    roots: &mut dyn Roots,
    slots: usize,
    id: u64,
    flags: ObjFlags,
) -> ObjectRef {
    let obj = mock::alloc_shared_node(m, roots, slots, 8, flags).expect("shared allocation");
    write_id(obj, id);
    obj
}

/// Builds a chain of `len` nodes (slot 0 links to the next) in front of whatever
/// `roots.slots[root]` holds, ids `first_id..first_id + len` (the head has the last id).
pub fn prepend_chain(
    m: &mut Mutator,
    roots: &mut MockRoots,
    root: usize,
    len: usize,
    first_id: u64,
) {
    for i in 0..len as u64 {
        let n = node(m, roots, 1, first_id + i);
        mock::set(m, n, 0, roots.slots[root]).unwrap();
        roots.slots[root] = Some(n);
    }
}

/// Length of the chain starting at `head` (following slot 0).
pub fn chain_len(head: Option<ObjectRef>) -> usize {
    let mut n = 0;
    let mut cur = head;
    while let Some(obj) = cur {
        n += 1;
        cur = mock::get(obj, 0);
    }
    n
}

/// Runs `f` on its own thread and fails the test if it has not finished after `secs`
/// seconds (a deadlock); a panic in `f` is re-raised here.
pub fn with_watchdog<R: Send + 'static>(secs: u64, f: impl FnOnce() -> R + Send + 'static) -> R {
    type Outcome<R> = Option<Result<R, Box<dyn std::any::Any + Send>>>;
    let done: Arc<(Mutex<Outcome<R>>, Condvar)> = Arc::new((Mutex::new(None), Condvar::new()));
    let done2 = done.clone();
    thread::Builder::new()
        .name("test-body".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            *lock(&done2.0) = Some(result);
            done2.1.notify_all();
        })
        .expect("spawn the test body");
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    let mut state = lock(&done.0);
    loop {
        if let Some(result) = state.take() {
            match result {
                Ok(value) => return value,
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        let now = std::time::Instant::now();
        assert!(
            now < deadline,
            "watchdog: the test did not finish within {secs} s (deadlock?)"
        );
        state = wait_timeout(&done.1, state, deadline - now).0;
    }
}

/// A one-shot (resettable) flag threads can wait on.
#[derive(Clone, Default)]
pub struct Gate {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl Gate {
    /// Opens the gate and wakes every waiter.
    pub fn open(&self) {
        *lock(&self.inner.0) = true;
        self.inner.1.notify_all();
    }

    /// True once opened.
    pub fn is_open(&self) -> bool {
        *lock(&self.inner.0)
    }

    /// Blocks until the gate is open (call it parked, from an agent).
    pub fn wait(&self) {
        let mut open = lock(&self.inner.0);
        while !*open {
            open = wait_timeout(&self.inner.1, open, Duration::from_millis(50)).0;
        }
    }
}

/// Records every GC event.
#[derive(Clone, Default)]
pub struct EventLog {
    pub events: Arc<Mutex<Vec<GcEvent>>>,
}

impl EventLog {
    /// A sink for `HeapConfig::events`.
    pub fn sink(&self) -> heap::EventSink {
        let events = self.events.clone();
        Arc::new(move |event: &GcEvent| lock(&events).push(*event))
    }

    /// The events so far.
    pub fn take(&self) -> Vec<GcEvent> {
        std::mem::take(&mut *lock(&self.events))
    }
}

/// A counter shared between threads.
pub fn counter(c: &Arc<AtomicUsize>) -> usize {
    c.load(Ordering::Relaxed)
}

/// xorshift64*: a small deterministic generator.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }
}

/// What the shadow model knows about one node.
#[derive(Clone, Debug)]
pub struct ShadowNode {
    /// Targets of the slots, by id.
    pub slots: Vec<Option<u64>>,
    /// Lives in the shared space.
    pub shared: bool,
    /// A weak reference: slot 0 is weak.
    pub weak: bool,
    /// Allocated with `FINALIZE`.
    pub finalize: bool,
}

/// Knobs of the random workload.
#[derive(Clone, Debug)]
pub struct WorkloadConfig {
    pub seed: u64,
    pub root_slots: usize,
    pub node_slots: usize,
    /// Percent of new nodes allocated in the shared space (0 for none).
    pub shared_percent: u32,
    /// Percent of new nodes that are weak references.
    pub weak_percent: u32,
    /// Percent of new nodes that carry `FINALIZE` (local nodes only).
    pub finalize_percent: u32,
    /// Percent of new nodes that are medium (> 256 B) or large (> 16 KiB).
    pub big_percent: u32,
    /// Percent of operations that advance marking with `step` (small budgets).
    pub step_percent: u32,
    /// Percent of operations that run a shared collection.
    pub shared_gc_per_mille: u32,
}

impl Default for WorkloadConfig {
    fn default() -> Self {
        WorkloadConfig {
            seed: 1,
            root_slots: 8,
            node_slots: 3,
            shared_percent: 0,
            weak_percent: 0,
            finalize_percent: 0,
            big_percent: 0,
            step_percent: 0,
            shared_gc_per_mille: 0,
        }
    }
}

/// A random graph-mutation workload on one agent, mirrored in a shadow model: every node
/// carries its id in its data bytes, and [`Workload::check`] compares the real graph reachable
/// from the roots with the shadow graph, node by node and slot by slot.
pub struct Workload {
    pub config: WorkloadConfig,
    pub rng: Rng,
    pub roots: MockRoots,
    /// Root slots by id.
    pub shadow_roots: Vec<Option<u64>>,
    /// Every node ever allocated (ids are never reused).
    pub shadow: HashMap<u64, ShadowNode>,
    pub next_id: u64,
    /// Barrier violations seen (local value into a shared holder), all expected.
    pub violations: usize,
    pub ops: usize,
}

impl Workload {
    pub fn new(config: WorkloadConfig) -> Workload {
        Workload {
            rng: Rng::new(config.seed),
            roots: MockRoots::with_slots(config.root_slots),
            shadow_roots: vec![None; config.root_slots],
            shadow: HashMap::new(),
            next_id: 1,
            violations: 0,
            ops: 0,
            config,
        }
    }

    /// Indices of the slots of `obj` a walk may follow (not the weak slot of a weak ref).
    fn strong_slots(obj: ObjectRef) -> std::ops::Range<usize> {
        let first = usize::from(obj.header().tag() == TAG_WEAK_REF);
        first..mock::slot_count(obj)
    }

    /// A random currently reachable node: a random root, then a few random strong slots.
    /// Checks ids against the shadow on the way.
    pub fn walk(&mut self) -> Option<(ObjectRef, u64)> {
        self.walk_from(false)
    }

    /// A holder for `value`: a walk that avoids shared nodes when `value` is local (except
    /// now and then, to exercise the barrier's refusals).
    fn holder_for(&mut self, value: Option<(ObjectRef, u64)>) -> Option<(ObjectRef, u64)> {
        let local = value.is_some_and(|v| !v.0.is_shared());
        let local_only = local && !self.rng.chance(5);
        self.walk_from(local_only)
    }

    /// A walk; with `local_only`, it never enters a shared node.
    fn walk_from(&mut self, local_only: bool) -> Option<(ObjectRef, u64)> {
        let allowed = |obj: &ObjectRef| !local_only || !obj.is_shared();
        let filled: Vec<usize> = (0..self.roots.slots.len())
            .filter(|&i| self.roots.slots[i].as_ref().is_some_and(&allowed))
            .collect();
        if filled.is_empty() {
            return None;
        }
        let root = filled[self.rng.below(filled.len())];
        let mut obj = self.roots.slots[root].unwrap();
        let mut id = self.shadow_roots[root].unwrap();
        assert_eq!(read_id(obj), id, "root {root} holds the wrong node");
        for _ in 0..self.rng.below(10) {
            // Follow a random non-null strong slot, so that walks reach deep nodes too.
            let filled: Vec<usize> = Self::strong_slots(obj)
                .filter(|&i| mock::get(obj, i).as_ref().is_some_and(&allowed))
                .collect();
            if filled.is_empty() {
                break;
            }
            let slot = filled[self.rng.below(filled.len())];
            let next = mock::get(obj, slot).unwrap();
            let next_id = self.shadow[&id].slots[slot].expect("shadow slot filled");
            assert_eq!(
                read_id(next),
                next_id,
                "node {id} slot {slot} holds the wrong node"
            );
            obj = next;
            id = next_id;
        }
        Some((obj, id))
    }

    /// Stores `value` into slot `slot` of `holder` through the barrier, mirroring it.
    fn store(
        &mut self,
        m: &mut Mutator,
        holder: (ObjectRef, u64),
        slot: usize,
        value: Option<(ObjectRef, u64)>,
    ) -> Result<(), BarrierViolation> {
        let result = mock::set(m, holder.0, slot, value.map(|v| v.0));
        let illegal = holder.0.is_shared() && value.is_some_and(|v| !v.0.is_shared());
        assert_eq!(
            result.is_err(),
            illegal,
            "barrier verdict for {holder:?} <- {value:?}"
        );
        if result.is_ok() {
            self.shadow.get_mut(&holder.1).unwrap().slots[slot] = value.map(|v| v.1);
        } else {
            self.violations += 1;
        }
        result
    }

    /// A slot of `holder` to store into: an empty one if there is one (so that the graph
    /// grows), else a random one.
    fn pick_slot(&mut self, holder: ObjectRef) -> Option<usize> {
        let range = Self::strong_slots(holder);
        if range.is_empty() {
            return None;
        }
        let empty: Vec<usize> = range
            .clone()
            .filter(|&i| mock::get(holder, i).is_none())
            .collect();
        if !empty.is_empty() && self.rng.chance(80) {
            return Some(empty[self.rng.below(empty.len())]);
        }
        Some(range.start + self.rng.below(range.len()))
    }

    /// Stores `value` into an empty root slot if there is one, else (if `overwrite`) into a
    /// random one, dropping what it held.
    fn store_root(&mut self, value: Option<(ObjectRef, u64)>, overwrite: bool) {
        let empty: Vec<usize> = (0..self.roots.slots.len())
            .filter(|&i| self.roots.slots[i].is_none())
            .collect();
        let root = if !empty.is_empty() {
            empty[self.rng.below(empty.len())]
        } else if overwrite {
            self.rng.below(self.roots.slots.len())
        } else {
            return;
        };
        self.roots.slots[root] = value.map(|v| v.0);
        self.shadow_roots[root] = value.map(|v| v.1);
    }

    /// Stores `value` into a random place: a root slot or a slot of a reachable node.
    fn store_somewhere(&mut self, m: &mut Mutator, value: Option<(ObjectRef, u64)>) {
        if self.rng.chance(5) {
            self.store_root(value, false);
            return;
        }
        for _ in 0..3 {
            if let Some(holder) = self.holder_for(value) {
                if let Some(slot) = self.pick_slot(holder.0) {
                    if self.store(m, holder, slot, value).is_ok() {
                        return;
                    }
                }
            }
        }
        // No luck (shared holders refuse local values): keep it only if a root is free.
        self.store_root(value, false);
    }

    /// Allocates a new node of a random kind; not yet reachable.
    fn new_node(&mut self, m: &mut Mutator) -> (ObjectRef, u64) {
        let id = self.next_id;
        self.next_id += 1;
        let shared = self.rng.chance(self.config.shared_percent);
        let weak = !shared && self.rng.chance(self.config.weak_percent);
        let finalize = !shared && !weak && self.rng.chance(self.config.finalize_percent);
        let slots = if self.rng.chance(self.config.big_percent) {
            if self.rng.chance(50) {
                40 // medium: 16 + 320 + 8 bytes
            } else {
                2100 // large: 16 + 16800 + 8 bytes
            }
        } else if weak {
            2
        } else {
            self.config.node_slots
        };
        let flags = if finalize {
            ObjFlags::FINALIZE
        } else {
            ObjFlags::empty()
        };
        let obj = if shared {
            mock::alloc_shared_node(m, &mut self.roots, slots, 8, flags).expect("shared alloc")
        } else if weak {
            mock::alloc(m, &mut self.roots, TAG_WEAK_REF, slots, 8, flags).expect("weak alloc")
        } else {
            mock::alloc(m, &mut self.roots, mock::TAG_NODE, slots, 8, flags).expect("alloc")
        };
        write_id(obj, id);
        self.shadow.insert(
            id,
            ShadowNode {
                slots: vec![None; slots],
                shared,
                weak,
                finalize,
            },
        );
        (obj, id)
    }

    /// One random operation.
    pub fn op(&mut self, m: &mut Mutator) {
        self.ops += 1;
        if self.rng.below(1000) < self.config.shared_gc_per_mille as usize {
            m.collect_shared(&mut self.roots);
            return;
        }
        if self.rng.chance(self.config.step_percent) {
            let budget = 1 + self.rng.below(2048);
            m.step(&mut self.roots, budget, true);
            return;
        }
        match self.rng.below(100) {
            // A new node, stored somewhere reachable.
            0..=44 => {
                let new = self.new_node(m);
                if self.shadow[&new.1].weak {
                    // Point the weak slot at a reachable node (or leave it empty).
                    if let Some(target) = self.walk() {
                        self.store(m, new, 0, Some(target)).unwrap();
                    }
                }
                self.store_somewhere(m, Some(new));
            }
            // Two new nodes linked while the first is held in a handle scope.
            45..=49 => {
                let scope = m.open_scope();
                let a = self.new_node(m);
                let handle = m.root(a.0);
                let b = self.new_node(m);
                let a = (m.get(handle), a.1);
                let range = Self::strong_slots(a.0);
                if !range.is_empty() {
                    let _ = self.store(m, a, range.start, Some(b));
                }
                self.store_somewhere(m, Some(a));
                m.close_scope(scope);
            }
            // Link two reachable nodes.
            50..=74 => {
                let Some(value) = self.walk() else { return };
                let Some(holder) = self.holder_for(Some(value)) else {
                    return;
                };
                if let Some(slot) = self.pick_slot(holder.0) {
                    let _ = self.store(m, holder, slot, Some(value));
                }
            }
            // Cut an edge.
            75..=79 => {
                let Some(holder) = self.walk() else { return };
                let range = Self::strong_slots(holder.0);
                if !range.is_empty() {
                    let slot = range.start + self.rng.below(range.len());
                    self.store(m, holder, slot, None).unwrap();
                }
            }
            // Move a reachable node into a root, or clear a root.
            80..=84 => {
                if self.rng.chance(20) {
                    // Overwrite or clear a random root, dropping what it held.
                    let value = if self.rng.chance(50) {
                        self.walk()
                    } else {
                        None
                    };
                    let root = self.rng.below(self.roots.slots.len());
                    self.roots.slots[root] = value.map(|v| v.0);
                    self.shadow_roots[root] = value.map(|v| v.1);
                } else {
                    let value = self.walk();
                    self.store_root(value, false);
                }
            }
            // Dereference a weak reference (with the weak-read barrier) into a root.
            85..=92 => {
                let Some(holder) = self.walk() else { return };
                if holder.0.header().tag() != TAG_WEAK_REF {
                    return;
                }
                let Some(target) = mock::get(holder.0, 0) else {
                    self.shadow.get_mut(&holder.1).unwrap().slots[0] = None;
                    return;
                };
                let id = self.shadow[&holder.1].slots[0].expect("shadow weak target");
                assert_eq!(
                    read_id(target),
                    id,
                    "weak ref {} holds the wrong node",
                    holder.1
                );
                m.weak_read_barrier(target);
                self.store_root(Some((target, id)), true);
            }
            // Poll (a no-op without other agents) or nothing.
            _ => m.poll(&mut self.roots),
        }
    }

    /// Ids strongly reachable from the roots in the shadow model.
    pub fn shadow_reachable(&self) -> HashSet<u64> {
        let mut seen = HashSet::new();
        let mut stack: Vec<u64> = self.shadow_roots.iter().flatten().copied().collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            let node = &self.shadow[&id];
            let first = usize::from(node.weak);
            stack.extend(node.slots[first..].iter().flatten().copied());
        }
        seen
    }

    /// Compares the real graph with the shadow model: every reachable node has the right id,
    /// kind and slots; weak slots hold their shadow target or were cleared, and are cleared
    /// only if the target is not strongly reachable. Returns the number of nodes checked.
    pub fn check(&mut self) -> usize {
        let reachable = self.shadow_reachable();
        let mut visited: HashMap<u64, ObjectRef> = HashMap::new();
        let mut stack: Vec<(ObjectRef, u64)> = Vec::new();
        for (i, (real, shadow)) in self.roots.slots.iter().zip(&self.shadow_roots).enumerate() {
            assert_eq!(real.is_some(), shadow.is_some(), "root {i}");
            if let (Some(obj), Some(id)) = (real, shadow) {
                stack.push((*obj, *id));
            }
        }
        let mut weak_updates = Vec::new();
        while let Some((obj, id)) = stack.pop() {
            assert_eq!(read_id(obj), id, "node {obj:?} has a corrupted id");
            if let Some(previous) = visited.insert(id, obj) {
                assert_eq!(previous, obj, "node {id} seen at two addresses");
                continue;
            }
            let node = &self.shadow[&id];
            assert_eq!(obj.is_shared(), node.shared, "node {id}: space");
            assert_eq!(
                mock::slot_count(obj),
                node.slots.len(),
                "node {id}: slot count"
            );
            assert_eq!(
                obj.header().flags().contains(ObjFlags::FINALIZE),
                node.finalize,
                "node {id}: flags"
            );
            for (slot, expected) in node.slots.iter().enumerate() {
                let real = mock::get(obj, slot);
                if node.weak && slot == 0 {
                    match (real, expected) {
                        (None, None) => {}
                        (None, Some(target)) => {
                            assert!(
                                !reachable.contains(target),
                                "weak ref {id} was cleared but node {target} is reachable"
                            );
                            weak_updates.push(id);
                        }
                        (Some(t), Some(target)) => {
                            assert_eq!(read_id(t), *target, "weak ref {id}: target corrupted");
                        }
                        (Some(_), None) => panic!("weak ref {id} holds a phantom target"),
                    }
                    continue;
                }
                match (real, expected) {
                    (None, None) => {}
                    (Some(t), Some(target)) => stack.push((t, *target)),
                    other => panic!("node {id} slot {slot}: real/shadow mismatch {other:?}"),
                }
            }
        }
        for id in weak_updates {
            self.shadow.get_mut(&id).unwrap().slots[0] = None;
        }
        assert_eq!(
            visited.len(),
            reachable.len(),
            "the real graph and the shadow graph differ in size"
        );
        visited.len()
    }

    /// Number of local `FINALIZE` nodes not strongly reachable in the shadow model.
    pub fn unreachable_finalizable(&self) -> usize {
        let reachable = self.shadow_reachable();
        self.shadow
            .iter()
            .filter(|(id, n)| n.finalize && !reachable.contains(id))
            .count()
    }

    /// Weak refs reachable in the shadow whose local target is not strongly reachable (they
    /// must all be cleared after two back-to-back full collections; weak references to shared
    /// objects are strong for the local collector).
    pub fn dangling_weak_targets(&self) -> Vec<u64> {
        let reachable = self.shadow_reachable();
        reachable
            .iter()
            .filter(|id| {
                let node = &self.shadow[id];
                node.weak
                    && node.slots[0]
                        .is_some_and(|t| !reachable.contains(&t) && !self.shadow[&t].shared)
            })
            .copied()
            .collect()
    }
}

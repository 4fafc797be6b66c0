//! Weak references, ephemerons and finalization: a weak reference is cleared exactly when its
//! target dies; an ephemeron keeps its value alive iff its key is alive (also through chains
//! of tables); `FINALIZE` objects are finalized once, when they die, and the rest when their
//! agent goes away; `weak_read_barrier` keeps a dereferenced target alive mid-cycle.

mod common;

use common::{counter, node, node_with, prepend_chain, read_id, small_config};
use heap::mock::{self, MockBinding, MockRoots, TAG_WEAK_REF, TAG_WEAK_TABLE};
use heap::{Heap, HeapConfig, Mutator, ObjFlags, ObjectRef, Roots, VerifyMode};

fn heap() -> (Heap, MockBinding) {
    let binding = MockBinding::default();
    let config = HeapConfig {
        zombie: true,
        ..small_config()
    };
    (Heap::new(config, binding.clone()), binding)
}

fn weak_ref(m: &mut Mutator, roots: &mut dyn Roots, target: Option<ObjectRef>) -> ObjectRef {
    let w = mock::alloc(m, roots, TAG_WEAK_REF, 1, 8, ObjFlags::empty()).unwrap();
    mock::set(m, w, 0, target).unwrap();
    w
}

fn table(m: &mut Mutator, roots: &mut dyn Roots, pairs: usize) -> ObjectRef {
    mock::alloc(m, roots, TAG_WEAK_TABLE, 2 * pairs, 8, ObjFlags::empty()).unwrap()
}

fn put(m: &mut Mutator, table: ObjectRef, pair: usize, key: ObjectRef, value: ObjectRef) {
    mock::set(m, table, 2 * pair, Some(key)).unwrap();
    mock::set(m, table, 2 * pair + 1, Some(value)).unwrap();
}

/// Two back-to-back full collections: whatever was unreachable before them is gone after.
fn collect_twice(m: &mut Mutator, roots: &mut dyn Roots) {
    m.collect(roots);
    m.collect(roots);
    let report = m.verify_with(roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn weak_references_are_cleared_when_their_target_dies_and_only_then() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(4);
    let live = node(&mut m, &mut roots, 0, 1);
    roots.slots[0] = Some(live);
    let dead = node_with(&mut m, &mut roots, 0, 2, ObjFlags::FINALIZE);
    let w_live = weak_ref(&mut m, &mut roots, Some(live));
    roots.slots[1] = Some(w_live);
    let w_dead = weak_ref(&mut m, &mut roots, Some(dead));
    roots.slots[2] = Some(w_dead);
    // A weak ref to a node that is also weakly referenced from a second weak ref: both clear.
    let w_dead2 = weak_ref(&mut m, &mut roots, Some(dead));
    roots.slots[3] = Some(w_dead2);
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w_live, 0), Some(live));
    assert_eq!(read_id(live), 1);
    assert_eq!(mock::get(w_dead, 0), None);
    assert_eq!(mock::get(w_dead2, 0), None);
    assert_eq!(counter(&binding.cleared), 2);
    assert_eq!(counter(&binding.finalized), 1);
    // Drop the strong reference: now it clears.
    roots.slots[0] = None;
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w_live, 0), None);
    assert_eq!(counter(&binding.cleared), 3);
}

#[test]
fn a_weak_reference_does_not_keep_its_target_alive_through_a_chain() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    // w -> (weak) head of a 1000-node chain; the chain's tail is finalizable.
    let tail = node_with(&mut m, &mut roots, 1, 0, ObjFlags::FINALIZE);
    roots.slots[0] = Some(tail);
    prepend_chain(&mut m, &mut roots, 0, 1_000, 1);
    let head = roots.slots[0];
    let w = weak_ref(&mut m, &mut roots, head);
    roots.slots[1] = Some(w);
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w, 0), roots.slots[0]);
    roots.slots[0] = None;
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w, 0), None);
    assert_eq!(counter(&binding.finalized), 1);
}

#[test]
fn weak_references_to_shared_objects_are_not_cleared_locally() {
    let (heap, _binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let shared = common::shared_node(&mut m, &mut roots, 0, 5, ObjFlags::empty());
    let w = weak_ref(&mut m, &mut roots, Some(shared));
    roots.slots[0] = Some(w);
    assert!(
        m.card_is_dirty(w),
        "a weak ref to a shared object is remembered"
    );
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w, 0), Some(shared));
    // The shared collector treats it as strong.
    m.collect_shared(&mut roots);
    assert_eq!(read_id(shared), 5);
    assert_eq!(mock::get(w, 0), Some(shared));
}

#[test]
fn ephemeron_values_live_exactly_as_long_as_their_keys() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let t = table(&mut m, &mut roots, 3);
    roots.slots[0] = Some(t);
    let live_key = node(&mut m, &mut roots, 0, 1);
    roots.slots[1] = Some(live_key);
    let live_value = node_with(&mut m, &mut roots, 1, 2, ObjFlags::FINALIZE);
    // The value holds more data reachable only through it.
    let inner = node_with(&mut m, &mut roots, 0, 3, ObjFlags::FINALIZE);
    mock::set(&mut m, live_value, 0, Some(inner)).unwrap();
    put(&mut m, t, 0, live_key, live_value);
    let dead_key = node_with(&mut m, &mut roots, 0, 4, ObjFlags::FINALIZE);
    let dead_value = node_with(&mut m, &mut roots, 0, 5, ObjFlags::FINALIZE);
    put(&mut m, t, 1, dead_key, dead_value);
    // A value that references its own key does not keep the key alive.
    let cyc_key = node_with(&mut m, &mut roots, 0, 6, ObjFlags::FINALIZE);
    let cyc_value = node_with(&mut m, &mut roots, 1, 7, ObjFlags::FINALIZE);
    mock::set(&mut m, cyc_value, 0, Some(cyc_key)).unwrap();
    put(&mut m, t, 2, cyc_key, cyc_value);
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(t, 0), Some(live_key));
    assert_eq!(mock::get(t, 1), Some(live_value));
    assert_eq!(read_id(live_value), 2);
    assert_eq!(read_id(mock::get(live_value, 0).unwrap()), 3);
    for slot in 2..6 {
        assert_eq!(mock::get(t, slot), None, "slot {slot} of a dead entry");
    }
    assert_eq!(
        counter(&binding.finalized),
        4,
        "dead key, dead value, cyclic pair"
    );
    assert_eq!(counter(&binding.cleared), 2);
    // Kill the live key.
    roots.slots[1] = None;
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(t, 0), None);
    assert_eq!(mock::get(t, 1), None);
    assert_eq!(counter(&binding.finalized), 6);
}

#[test]
fn ephemeron_chains_resolve_in_any_order() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    const N: usize = 50;
    let t1 = table(&mut m, &mut roots, N);
    roots.slots[0] = Some(t1);
    let t2 = table(&mut m, &mut roots, N);
    roots.slots[1] = Some(t2);
    // keys[i] -> keys[i + 1] through alternating tables, entries stored in reverse order so
    // that every round of the fixpoint discovers one more key.
    let scope = m.open_scope();
    let mut keys = Vec::new();
    for i in 0..=N {
        let key = node_with(&mut m, &mut roots, 0, i as u64, ObjFlags::FINALIZE);
        m.root(key);
        keys.push(key);
    }
    for i in (0..N).rev() {
        let t = if i % 2 == 0 { t1 } else { t2 };
        put(&mut m, t, N - 1 - i, keys[i], keys[i + 1]);
    }
    roots.slots[2] = Some(keys[0]);
    m.close_scope(scope);
    collect_twice(&mut m, &mut roots);
    assert_eq!(
        counter(&binding.finalized),
        0,
        "the whole chain hangs from keys[0]"
    );
    for (i, key) in keys.iter().enumerate() {
        assert_eq!(read_id(*key), i as u64);
    }
    // Without keys[0], every entry dies.
    roots.slots[2] = None;
    collect_twice(&mut m, &mut roots);
    assert_eq!(counter(&binding.finalized), N + 1);
    assert!((0..2 * N).all(|s| mock::get(t1, s).is_none() && mock::get(t2, s).is_none()));
}

#[test]
fn ephemerons_found_during_incremental_marking_resolve() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    let t = table(&mut m, &mut roots, 1);
    roots.slots[0] = Some(t);
    let key = node(&mut m, &mut roots, 0, 1);
    let value = node_with(&mut m, &mut roots, 0, 2, ObjFlags::FINALIZE);
    put(&mut m, t, 0, key, value);
    // The key is reachable only at the end of a long chain: the table is scanned first.
    roots.slots[1] = Some(key);
    prepend_chain(&mut m, &mut roots, 1, 3_000, 100);
    let mut steps = 0;
    let mut still = m.step(&mut roots, 1, true);
    while still {
        steps += 1;
        still = m.step(&mut roots, 16, false);
    }
    assert!(steps > 10);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    assert_eq!(mock::get(t, 1), Some(value));
    assert_eq!(read_id(value), 2);
    assert_eq!(counter(&binding.finalized), 0);
}

#[test]
fn finalizers_run_once_when_objects_die_and_the_rest_at_agent_exit() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(100);
    for i in 0..100 {
        let n = node_with(&mut m, &mut roots, 0, i as u64, ObjFlags::FINALIZE);
        roots.slots[i] = Some(n);
    }
    // 1000 dead finalizable nodes among a lot of plain garbage, some of them large.
    for i in 0..1_000 {
        let slots = if i % 100 == 0 { 3_000 } else { 1 };
        node_with(&mut m, &mut roots, slots, 1_000 + i, ObjFlags::FINALIZE);
        node(&mut m, &mut roots, 30, 0);
    }
    collect_twice(&mut m, &mut roots);
    assert_eq!(counter(&binding.finalized), 1_000);
    for _ in 0..5 {
        m.collect(&mut roots);
    }
    assert_eq!(
        counter(&binding.finalized),
        1_000,
        "a dead object is finalized once"
    );
    for i in 0..50 {
        roots.slots[i] = None;
    }
    collect_twice(&mut m, &mut roots);
    assert_eq!(counter(&binding.finalized), 1_050);
    for (i, slot) in roots.slots.iter().enumerate().skip(50) {
        assert_eq!(read_id(slot.unwrap()), i as u64);
    }
    drop(m);
    assert_eq!(
        counter(&binding.finalized),
        1_100,
        "dropping the mutator finalizes what is left"
    );
}

#[test]
fn dropping_a_mutator_mid_cycle_finalizes_everything_once() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    for i in 0..500 {
        node_with(&mut m, &mut roots, 1, i, ObjFlags::FINALIZE);
    }
    prepend_chain(&mut m, &mut roots, 0, 2_000, 0);
    assert!(m.step(&mut roots, 1, true));
    for i in 0..100 {
        node_with(&mut m, &mut roots, 1, i, ObjFlags::FINALIZE);
    }
    drop(m);
    assert_eq!(counter(&binding.finalized), 600);
}

#[test]
fn the_weak_read_barrier_keeps_a_dereferenced_target_alive() {
    let (heap, binding) = heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    // T (with a child) is only weakly reachable when the cycle starts.
    let t = node_with(&mut m, &mut roots, 1, 1, ObjFlags::FINALIZE);
    let child = node_with(&mut m, &mut roots, 0, 2, ObjFlags::FINALIZE);
    mock::set(&mut m, t, 0, Some(child)).unwrap();
    let w = weak_ref(&mut m, &mut roots, Some(t));
    roots.slots[0] = Some(w);
    prepend_chain(&mut m, &mut roots, 1, 3_000, 100);
    assert!(m.step(&mut roots, 1, true));
    assert!(m.step(&mut roots, 1, false));
    // WeakRef.prototype.deref: the target becomes a strong root.
    let target = mock::get(w, 0).unwrap();
    m.weak_read_barrier(target);
    roots.slots[2] = Some(target);
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    assert_eq!(mock::get(w, 0), Some(t), "the weak ref was cleared");
    for i in 0..20_000 {
        node(&mut m, &mut roots, 2, 10_000 + i);
    }
    collect_twice(&mut m, &mut roots);
    assert_eq!(read_id(t), 1);
    assert_eq!(read_id(mock::get(t, 0).unwrap()), 2);
    assert_eq!(counter(&binding.finalized), 0);
    // Outside marking the barrier does nothing; the target dies once unrooted.
    m.weak_read_barrier(t);
    roots.slots[2] = None;
    collect_twice(&mut m, &mut roots);
    assert_eq!(mock::get(w, 0), None);
    assert_eq!(counter(&binding.finalized), 2);
}

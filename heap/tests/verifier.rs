//! The heap verifier catches what a broken barrier or a broken VM would do: an object hidden
//! from SATB marking (white but reachable after the cycle), a dereferenced weak target that
//! skipped the weak-read barrier, a shared → local edge, and a local object holding a shared
//! reference without a card. And it stays quiet on a healthy heap.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::{node, prepend_chain, read_id, shared_node, small_config};
use heap::mock::{self, MockBinding, MockRoots, TAG_WEAK_REF};
use heap::{Heap, HeapConfig, Mutator, ObjFlags, ObjectRef, VerifyMode};

fn config(verify: bool) -> HeapConfig {
    HeapConfig {
        verify,
        ..small_config()
    }
}

/// `roots[0] -> S -> chain of 3000 -> H -> X`, a cycle started and S scanned; then X's only
/// reference moves into S *without the barrier* and H's reference is cut without it too.
/// Returns X, a node with `x_slots` slots.
fn hide_x_from_satb(m: &mut Mutator, roots: &mut MockRoots, x_slots: usize) -> ObjectRef {
    let x = node(m, roots, x_slots, 77);
    roots.slots[0] = Some(x);
    let h = node(m, roots, 2, 1);
    mock::set(m, h, 1, Some(x)).unwrap();
    roots.slots[0] = Some(h);
    prepend_chain(m, roots, 0, 3_000, 100);
    let s = node(m, roots, 2, 2);
    mock::set(m, s, 0, roots.slots[0]).unwrap();
    roots.slots[0] = Some(s);
    m.collect(roots);
    assert!(m.step(roots, 1, true));
    assert!(m.step(roots, 1, false));
    mock::set_unbarriered(s, 1, Some(x));
    mock::set_unbarriered(h, 1, None);
    x
}

#[test]
fn a_healthy_heap_verifies_clean_with_exact_counts() {
    let heap = Heap::new(config(false), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    prepend_chain(&mut m, &mut roots, 0, 500, 0);
    let s = shared_node(&mut m, &mut roots, 1, 1, ObjFlags::empty());
    let s2 = shared_node(&mut m, &mut roots, 0, 2, ObjFlags::empty());
    mock::set(&mut m, s, 0, Some(s2)).unwrap();
    let holder = node(&mut m, &mut roots, 1, 3);
    mock::set(&mut m, holder, 0, Some(s)).unwrap();
    roots.slots[1] = Some(holder);
    let report = m.verify(&mut roots);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.local_objects, 501);
    assert_eq!(report.shared_objects, 2);
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.local_objects, 501);
    assert!(report.to_string().contains("0 violation"), "{report}");
}

#[test]
fn a_broken_barrier_leaves_a_reachable_object_white() {
    let heap = Heap::new(config(false), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let x = hide_x_from_satb(&mut m, &mut roots, 0);
    // Structure is still fine mid-cycle; the colours are not, once the cycle is over.
    let report = m.verify_with(&mut roots, VerifyMode::Structure);
    assert!(report.is_ok(), "{report}");
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(
        !report.is_ok(),
        "the verifier missed a white reachable object"
    );
    let text = report.to_string();
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains(&format!("{x:?}")) && e.contains("white")),
        "{text}"
    );
    assert!(text.contains("node"), "reports name the type: {text}");
}

#[test]
fn a_broken_barrier_makes_the_verifying_collector_panic() {
    let heap = Heap::new(config(true), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    hide_x_from_satb(&mut m, &mut roots, 0);
    let result = catch_unwind(AssertUnwindSafe(|| m.collect(&mut roots)));
    let payload = result.expect_err("HeapConfig::verify did not catch the broken barrier");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("white"), "{message}");
}

#[test]
fn zombie_mode_shows_the_hidden_object_as_freed_memory() {
    let config = HeapConfig {
        zombie: true,
        ..config(false)
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // Memory is reclaimed by whole lines: X is medium-sized so that it has lines of its own
    // (medium objects are bump-allocated in a block of their own).
    let x = hide_x_from_satb(&mut m, &mut roots, 40);
    assert!(x.header().size() > heap::geometry::LINE_SIZE);
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::Structure);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains(&format!("{x:?}")) && e.contains("freed")),
        "{report}"
    );
}

#[test]
fn a_skipped_weak_read_barrier_is_caught() {
    let heap = Heap::new(config(false), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    let t = node(&mut m, &mut roots, 0, 1);
    let w = mock::alloc(&mut m, &mut roots, TAG_WEAK_REF, 1, 8, ObjFlags::empty()).unwrap();
    mock::set(&mut m, w, 0, Some(t)).unwrap();
    roots.slots[0] = Some(w);
    prepend_chain(&mut m, &mut roots, 1, 3_000, 100);
    assert!(m.step(&mut roots, 1, true));
    // deref without `weak_read_barrier`.
    roots.slots[2] = mock::get(w, 0);
    m.collect(&mut roots);
    assert_eq!(
        mock::get(w, 0),
        None,
        "the target died and the weak ref was cleared"
    );
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(
        report.errors.iter().any(|e| e.contains(&format!("{t:?}"))),
        "{report}"
    );
}

#[test]
fn a_shared_to_local_edge_is_reported_and_stops_the_shared_collector() {
    let heap = Heap::new(config(true), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let s = shared_node(&mut m, &mut roots, 1, 1, ObjFlags::empty());
    roots.slots[0] = Some(s);
    let local = node(&mut m, &mut roots, 0, 2);
    roots.slots[1] = Some(local);
    assert!(mock::set(&mut m, s, 0, Some(local)).is_err());
    mock::set_unbarriered(s, 0, Some(local));
    let report = m.verify(&mut roots);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains("shared object") && e.contains("references local object")),
        "{report}"
    );
    let result = catch_unwind(AssertUnwindSafe(|| m.collect_shared(&mut roots)));
    let payload = result.expect_err("the shared collector accepted a shared -> local edge");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(message.contains("references local object"), "{message}");
    // The safepoint ended despite the panic: repair the edge and collect again.
    mock::set_unbarriered(s, 0, None);
    m.collect_shared(&mut roots);
    assert_eq!(read_id(s), 1);
    assert_eq!(heap.shared_collections(), 2);
}

#[test]
fn a_shared_to_local_edge_is_caught_even_without_verify_mode() {
    let heap = Heap::new(config(false), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let s = shared_node(&mut m, &mut roots, 1, 1, ObjFlags::empty());
    let local = node(&mut m, &mut roots, 0, 2);
    roots.slots = vec![Some(s), Some(local)];
    mock::set_unbarriered(s, 0, Some(local));
    let result = catch_unwind(AssertUnwindSafe(|| m.collect_shared(&mut roots)));
    assert!(
        result.is_err(),
        "marking found the violation and must report it"
    );
}

#[test]
fn a_missing_card_is_reported() {
    let heap = Heap::new(config(false), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let s = shared_node(&mut m, &mut roots, 0, 1, ObjFlags::empty());
    let holder = node(&mut m, &mut roots, 1, 2);
    roots.slots[0] = Some(holder);
    mock::set_unbarriered(holder, 0, Some(s));
    assert!(!m.card_is_dirty(holder));
    let report = m.verify(&mut roots);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains(&format!("{holder:?}")) && e.contains("card is clean")),
        "{report}"
    );
    // The consequence: the shared collector does not see the holder and frees the object.
    m.collect_shared(&mut roots);
    let report = m.verify(&mut roots);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains(&format!("{s:?}")) && e.contains("freed")),
        "{report}"
    );
    // Done right, the same store dirties the card and keeps the object alive.
    let s2 = shared_node(&mut m, &mut roots, 0, 3, ObjFlags::empty());
    let holder2 = node(&mut m, &mut roots, 1, 4);
    roots.slots = vec![None, Some(holder2)];
    mock::set(&mut m, holder2, 0, Some(s2)).unwrap();
    m.collect_shared(&mut roots);
    let report = m.verify(&mut roots);
    assert!(report.is_ok(), "{report}");
    assert_eq!(read_id(s2), 3);
}

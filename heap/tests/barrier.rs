//! The write barrier: SATB logging keeps an object alive when marking runs while its only
//! reference moves from an unscanned object to an already-scanned one, a root, a handle, a
//! global or a new (black) object; the shared-space rule refuses local values in shared
//! objects; cards and the remembered set track local objects that hold shared references.

mod common;

use common::{counter, node, node_with, prepend_chain, read_id, shared_node, small_config};
use heap::mock::{self, MockBinding, MockRoots};
use heap::{BarrierViolation, Heap, HeapConfig, Mutator, ObjFlags, ObjectRef, VerifyMode};

/// Zombie mode scribbles freed memory at once, so a wrongly freed object shows up
/// immediately as a corrupted id.
fn satb_heap() -> (Heap, MockBinding) {
    let binding = MockBinding::default();
    let config = HeapConfig {
        zombie: true,
        ..small_config()
    };
    (Heap::new(config, binding.clone()), binding)
}

/// The graph every SATB scenario starts from:
///
/// ```text
/// roots[0] -> S (2 slots) --slot 0--> chain of 3000 nodes -> H (2 slots) --slot 1--> X -> Y
/// ```
/// X (id 1000001) and Y (id 1000002) are reachable only through H, deep behind the chain.
struct Scene {
    s: ObjectRef,
    h: ObjectRef,
}

fn build_scene(m: &mut Mutator, roots: &mut MockRoots, h_slots: usize) -> Scene {
    let y = node_with(m, roots, 0, 1_000_002, ObjFlags::FINALIZE);
    roots.slots[0] = Some(y);
    let x = node_with(m, roots, 1, 1_000_001, ObjFlags::FINALIZE);
    mock::set(m, x, 0, Some(y)).unwrap();
    roots.slots[0] = Some(x);
    let h = node(m, roots, h_slots, 1_000_000);
    mock::set(m, h, 1, Some(x)).unwrap();
    roots.slots[0] = Some(h);
    prepend_chain(m, roots, 0, 3_000, 0);
    let s = node(m, roots, 2, 999);
    mock::set(m, s, 0, roots.slots[0]).unwrap();
    roots.slots[0] = Some(s);
    Scene { s, h }
}

/// Starts a cycle and scans exactly S (the only root), leaving H and X far from scanned.
fn start_and_scan_s(m: &mut Mutator, roots: &mut MockRoots) {
    m.collect(roots);
    assert!(m.step(roots, 1, true), "the cycle ended after one object");
    for _ in 0..10 {
        assert!(m.step(roots, 1, false));
    }
    assert!(m.is_marking());
}

/// Finishes the cycle, churns memory so that anything freed by mistake is reused, and checks
/// that X and Y are intact and were never finalized.
fn finish_and_check(
    m: &mut Mutator,
    roots: &mut MockRoots,
    binding: &MockBinding,
    x: impl Fn(&mut Mutator) -> ObjectRef,
) {
    m.collect(roots);
    let report = m.verify_with(roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    let obj = x(m);
    assert_eq!(read_id(obj), 1_000_001, "X was freed while reachable");
    assert_eq!(
        read_id(mock::get(obj, 0).unwrap()),
        1_000_002,
        "Y was freed"
    );
    for i in 0..20_000 {
        node(m, roots, 2, 5_000_000 + i);
    }
    m.collect(roots);
    let obj = x(m);
    assert_eq!(read_id(obj), 1_000_001);
    assert_eq!(read_id(mock::get(obj, 0).unwrap()), 1_000_002);
    assert_eq!(counter(&binding.finalized), 0);
}

#[test]
fn moving_the_only_reference_into_a_scanned_object_keeps_it_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    let x = mock::get(scene.h, 1).unwrap();
    mock::set(&mut m, scene.s, 1, Some(x)).unwrap();
    mock::set(&mut m, scene.h, 1, None).unwrap();
    let s = scene.s;
    finish_and_check(&mut m, &mut roots, &binding, |_| mock::get(s, 1).unwrap());
}

#[test]
fn moving_the_only_reference_into_a_root_keeps_it_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    roots.slots[1] = mock::get(scene.h, 1);
    // Overwrite rather than clear: the old referent must be logged either way.
    let other = node(&mut m, &mut roots, 0, 7);
    mock::set(&mut m, scene.h, 1, Some(other)).unwrap();
    let x = roots.slots[1].unwrap();
    finish_and_check(&mut m, &mut roots, &binding, |_| x);
}

#[test]
fn moving_the_only_reference_into_a_handle_or_a_global_keeps_it_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    let x = mock::get(scene.h, 1).unwrap();
    let scope = m.open_scope();
    let handle = m.root(x);
    let global = m.new_global(x);
    mock::set(&mut m, scene.h, 1, None).unwrap();
    finish_and_check(&mut m, &mut roots, &binding, |m| m.get(handle));
    m.close_scope(scope);
    finish_and_check(&mut m, &mut roots, &binding, |m| m.global(global).unwrap());
}

#[test]
fn moving_the_only_reference_into_a_new_object_keeps_it_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    // N is born black: storing into it logs nothing, so only H's log can save X.
    let n = node(&mut m, &mut roots, 1, 8);
    roots.slots[1] = Some(n);
    mock::set(&mut m, n, 0, mock::get(scene.h, 1)).unwrap();
    mock::set(&mut m, scene.h, 1, None).unwrap();
    finish_and_check(&mut m, &mut roots, &binding, |_| mock::get(n, 0).unwrap());
}

#[test]
fn moving_a_whole_subgraph_by_cutting_upstream_keeps_it_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    // Hang H itself from S, then cut the chain half-way (far from anything scanned): the
    // rest of the chain, H, X and Y then depend on the barrier's log of the cut node.
    let mut mid = mock::get(scene.s, 0).unwrap();
    for _ in 0..1_500 {
        mid = mock::get(mid, 0).unwrap();
    }
    mock::set(&mut m, scene.s, 1, Some(scene.h)).unwrap();
    mock::set(&mut m, mid, 0, None).unwrap();
    let h = scene.h;
    finish_and_check(&mut m, &mut roots, &binding, |_| mock::get(h, 1).unwrap());
}

#[test]
fn a_reference_moved_twice_during_marking_stays_alive() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let scene = build_scene(&mut m, &mut roots, 2);
    start_and_scan_s(&mut m, &mut roots);
    // X: H -> the chain head -> S, then again through S's slot 1, with steps in between.
    let x = mock::get(scene.h, 1).unwrap();
    let head = mock::get(scene.s, 0).unwrap();
    mock::set(&mut m, head, 0, Some(x)).unwrap();
    mock::set(&mut m, scene.h, 1, None).unwrap();
    for _ in 0..5 {
        m.step(&mut roots, 1, false);
    }
    mock::set(&mut m, scene.s, 1, Some(x)).unwrap();
    mock::set(&mut m, head, 0, None).unwrap();
    let s = scene.s;
    finish_and_check(&mut m, &mut roots, &binding, |_| mock::get(s, 1).unwrap());
}

#[test]
fn a_large_holder_is_logged_like_any_other() {
    let (heap, binding) = satb_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // H is a large object (3000 slots).
    let scene = build_scene(&mut m, &mut roots, 3_000);
    assert!(scene.h.header().flags().contains(ObjFlags::LARGE));
    start_and_scan_s(&mut m, &mut roots);
    let x = mock::get(scene.h, 1).unwrap();
    mock::set(&mut m, scene.s, 1, Some(x)).unwrap();
    mock::set(&mut m, scene.h, 1, None).unwrap();
    let s = scene.s;
    finish_and_check(&mut m, &mut roots, &binding, |_| mock::get(s, 1).unwrap());
}

#[test]
fn local_values_cannot_be_stored_into_shared_objects() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    let shared = shared_node(&mut m, &mut roots, 2, 1, ObjFlags::empty());
    let other = shared_node(&mut m, &mut roots, 0, 2, ObjFlags::empty());
    let local = node(&mut m, &mut roots, 0, 3);
    roots.slots = vec![Some(shared), Some(other), Some(local)];
    for marking in [false, true] {
        if marking {
            prepend_chain(&mut m, &mut roots, 2, 2_000, 10);
            assert!(m.step(&mut roots, 1, true));
        }
        mock::set(&mut m, shared, 0, None).unwrap();
        let local = roots.slots[2].unwrap();
        let err = m.write_barrier(shared, Some(local)).unwrap_err();
        assert_eq!(
            err,
            BarrierViolation {
                holder: shared,
                value: local
            }
        );
        assert!(err.to_string().contains("shared"), "{err}");
        assert_eq!(mock::set(&mut m, shared, 0, Some(local)), Err(err));
        assert_eq!(
            mock::get(shared, 0),
            None,
            "a refused store must not happen"
        );
        // Primitives and shared references are fine.
        assert_eq!(m.write_barrier(shared, None), Ok(()));
        assert_eq!(mock::set(&mut m, shared, 0, Some(other)), Ok(()));
        assert_eq!(mock::set(&mut m, shared, 1, Some(shared)), Ok(()));
        assert_eq!(mock::get(shared, 0), Some(other));
        assert_eq!(
            m.remembered_count(),
            0,
            "shared holders are never remembered"
        );
    }
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn storing_a_shared_reference_dirties_the_card_once() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(4);
    let shared = shared_node(&mut m, &mut roots, 0, 1, ObjFlags::empty());
    roots.slots[0] = Some(shared);
    let a = node(&mut m, &mut roots, 3, 2);
    let b = node(&mut m, &mut roots, 3, 3);
    let big = node(&mut m, &mut roots, 3_000, 4);
    roots.slots[1..].copy_from_slice(&[Some(a), Some(b), Some(big)]);
    // Local and primitive stores leave cards clean.
    mock::set(&mut m, a, 0, Some(b)).unwrap();
    mock::set(&mut m, a, 1, None).unwrap();
    assert!(!m.card_is_dirty(a));
    assert_eq!(m.remembered_count(), 0);
    mock::set(&mut m, a, 0, Some(shared)).unwrap();
    assert!(m.card_is_dirty(a));
    assert!(!m.card_is_dirty(b));
    assert_eq!(m.remembered_count(), 1);
    // The same object again, in any slot: still one entry.
    mock::set(&mut m, a, 1, Some(shared)).unwrap();
    mock::set(&mut m, a, 2, Some(shared)).unwrap();
    assert_eq!(m.remembered_count(), 1);
    mock::set(&mut m, b, 0, Some(shared)).unwrap();
    mock::set(&mut m, big, 2_999, Some(shared)).unwrap();
    assert!(m.card_is_dirty(b) && m.card_is_dirty(big));
    assert_eq!(m.remembered_count(), 3);
    // Cards survive collections (and the barrier's logging while marking).
    assert!(m.step(&mut roots, 1, true));
    mock::set(&mut m, a, 0, None).unwrap();
    mock::set(&mut m, b, 1, Some(shared)).unwrap();
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert!(m.card_is_dirty(a) && m.card_is_dirty(b) && m.card_is_dirty(big));
    assert_eq!(m.remembered_count(), 3);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn objects_born_during_marking_get_cards_too() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let shared = shared_node(&mut m, &mut roots, 0, 1, ObjFlags::empty());
    prepend_chain(&mut m, &mut roots, 0, 2_000, 10);
    assert!(m.step(&mut roots, 1, true));
    let holder = node(&mut m, &mut roots, 1, 2);
    roots.slots[1] = Some(holder);
    assert!(!m.card_is_dirty(holder));
    mock::set(&mut m, holder, 0, Some(shared)).unwrap();
    assert!(m.card_is_dirty(holder));
    assert_eq!(m.remembered_count(), 1);
    m.collect(&mut roots);
    assert!(m.card_is_dirty(holder));
    assert_eq!(m.remembered_count(), 1);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn dead_holders_leave_the_remembered_set_and_their_memory_starts_clean() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(10);
    let shared = shared_node(&mut m, &mut roots, 0, 1, ObjFlags::FINALIZE);
    // Ten live holders, then forty dead ones filling whole lines of their own.
    let mut holders = Vec::new();
    for i in 0..50 {
        let h = node(&mut m, &mut roots, 1, 100 + i);
        mock::set(&mut m, h, 0, Some(shared)).unwrap();
        holders.push(h);
    }
    // A dead large holder too.
    let big = node(&mut m, &mut roots, 3_000, 200);
    mock::set(&mut m, big, 0, Some(shared)).unwrap();
    assert_eq!(m.remembered_count(), 51);
    for (slot, h) in roots.slots.iter_mut().zip(&holders) {
        *slot = Some(*h);
    }
    m.collect(&mut roots);
    assert_eq!(m.remembered_count(), 10, "dead holders are pruned");
    for h in &holders[..10] {
        assert!(m.card_is_dirty(*h), "a live holder lost its card");
    }
    // New objects reuse the dead holders' memory with clean cards.
    let mut fresh = Vec::new();
    for i in 0..30_000 {
        fresh.push(node(&mut m, &mut roots, 1, 10_000 + i));
    }
    let dirty = fresh.iter().filter(|obj| m.card_is_dirty(**obj)).count();
    assert_eq!(dirty, 0, "new objects inherited dead holders' cards");
    let reused = holders[10..].iter().filter(|h| fresh.contains(h)).count();
    assert!(reused > 0, "the test did not exercise reuse");
    assert_eq!(m.remembered_count(), 10);
    // The shared object stays alive while some live holder holds it, then dies.
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 0);
    roots.slots.iter_mut().for_each(|s| *s = None);
    // The first collection may finish a cycle whose snapshot still saw the holders rooted.
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert_eq!(m.remembered_count(), 0);
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 1);
}

#[test]
fn copying_words_into_a_fresh_object_carries_the_card_over() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(6);
    let shared = shared_node(&mut m, &mut roots, 0, 1, ObjFlags::empty());
    roots.slots[0] = Some(shared);
    let local = node(&mut m, &mut roots, 0, 2);
    roots.slots[1] = Some(local);
    let plain = node(&mut m, &mut roots, 2, 3);
    roots.slots[2] = Some(plain);
    mock::set(&mut m, plain, 0, Some(local)).unwrap();
    let carded = node(&mut m, &mut roots, 2, 4);
    roots.slots[3] = Some(carded);
    mock::set(&mut m, carded, 1, Some(shared)).unwrap();
    assert_eq!(m.remembered_count(), 1);
    let (a, b) = (
        node(&mut m, &mut roots, 2, 5),
        node(&mut m, &mut roots, 2, 6),
    );
    roots.slots[4..].copy_from_slice(&[Some(a), Some(b)]);
    // Mock slot `i` is payload word `1 + i`.
    // SAFETY: all four are live local nodes with two slots; `a` and `b` hold no references.
    unsafe {
        m.copy_words_into_fresh(plain, 1, a, 1, 2);
        m.copy_words_into_fresh(carded, 1, b, 1, 2);
    }
    assert_eq!((mock::get(a, 0), mock::get(a, 1)), (Some(local), None));
    assert!(!m.card_is_dirty(a), "no shared reference, no card");
    assert_eq!(mock::get(b, 1), Some(shared));
    assert!(m.card_is_dirty(b), "the shared reference's card came along");
    assert_eq!(m.remembered_count(), 2);
    m.collect(&mut roots);
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

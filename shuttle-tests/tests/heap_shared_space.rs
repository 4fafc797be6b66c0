//! The shared-space collector (`heap/src/shared_gc.rs`) under shuttle: agents allocate and
//! link shared objects, keep them through a local object (the remembered set) or their roots
//! only, stop or park, while another agent — or a thread that is no agent — collects the
//! shared space. Everything still referenced must come out intact (its id readable, not
//! freed, not scribbled, not reused by the other agent's allocations) and the verifier, on
//! after every collection, stays silent.
#![cfg(shuttle)]

use agora_shuttle_tests::{
    assert_intact, check, check_scaled, heap_config, join, replay_saved, set_id, spawn, Baton,
    Scenario, ID_BYTES,
};
use heap::mock::{self, MockBinding, MockRoots};
use heap::sync::Arc;
use heap::{Heap, HeapConfig, Mutator, ObjFlags, ObjectRef};

const SCENARIOS: &[Scenario] = &[
    (
        "shared_remembered_set_keeps_objects",
        remembered_set_keeps_objects,
    ),
    ("shared_parked_sole_holder", parked_sole_holder),
];

/// A shared node with one slot and an id.
fn shared_node(m: &mut Mutator, roots: &mut MockRoots, id: u64) -> ObjectRef {
    let node = mock::alloc_shared_node(m, roots, 1, ID_BYTES, ObjFlags::empty()).unwrap();
    set_id(node, id);
    node
}

fn assert_verified(m: &mut Mutator, roots: &mut MockRoots) {
    let report = m.verify(roots);
    assert!(report.is_ok(), "{report}");
}

/// Agent A builds a shared list s1 → s2 → s3, stores s1 into a local holder (so the holder
/// is card-marked and remembered), drops every other root, makes shared garbage, polls, and
/// waits (parked) for B. Agent B allocates shared objects of the same size — some kept, most
/// garbage — and collects the shared space twice, so cells A's list lost would be reused
/// with B's ids. Afterwards A's list, reached through the holder, is intact; A collects once
/// more and checks again.
fn remembered_set_keeps_objects() {
    let heap = Heap::new(heap_config(), MockBinding::default());
    let b_done = Arc::new(Baton::new(0));
    let a = {
        let (heap, b_done) = (heap.clone(), b_done.clone());
        spawn("agent-a", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(3);
            for (slot, id) in [(0, 1), (1, 2), (2, 3)] {
                roots.slots[slot] = Some(shared_node(&mut m, &mut roots, id));
                m.poll(&mut roots);
            }
            let [s1, s2, s3] = [0, 1, 2].map(|i| roots.slots[i].unwrap());
            mock::set(&mut m, s1, 0, Some(s2)).unwrap();
            mock::set(&mut m, s2, 0, Some(s3)).unwrap();
            let holder = mock::alloc_node(&mut m, &mut roots, 1, ID_BYTES).unwrap();
            set_id(holder, 10);
            mock::set(&mut m, holder, 0, Some(s1)).unwrap();
            assert!(m.card_is_dirty(holder) && m.remembered_count() == 1);
            roots.slots = vec![Some(holder), None, None];
            m.poll(&mut roots);
            shared_node(&mut m, &mut roots, 4); // garbage
            m.poll(&mut roots);
            m.park_while(&mut roots, || b_done.wait_for(1));
            let check = |holder: ObjectRef| {
                assert_intact(holder, 10);
                let mut cursor = mock::get(holder, 0);
                for id in [1, 2, 3] {
                    let node = cursor.expect("shared list cut short");
                    assert!(node.is_shared());
                    assert_intact(node, id);
                    cursor = mock::get(node, 0);
                }
                assert!(cursor.is_none());
            };
            check(holder);
            assert_verified(&mut m, &mut roots);
            m.collect_shared(&mut roots);
            check(holder);
            assert_verified(&mut m, &mut roots);
        })
    };
    let b = {
        let (heap, b_done) = (heap.clone(), b_done.clone());
        spawn("agent-b", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            roots.slots[0] = Some(shared_node(&mut m, &mut roots, 200));
            shared_node(&mut m, &mut roots, 201); // garbage
            m.collect_shared(&mut roots);
            for id in 202..205 {
                shared_node(&mut m, &mut roots, id); // garbage, maybe in A's lost cells
            }
            m.collect_shared(&mut roots);
            assert_intact(roots.slots[0].unwrap(), 200);
            assert_verified(&mut m, &mut roots);
            b_done.set(1);
        })
    };
    join(a);
    join(b);
    assert!(heap.shared_collections() >= 2);
}

/// Agent A's only reference to a shared object is in its roots, and A blocks parked while
/// agent B and a thread that is no agent both collect the shared space (and B reuses freed
/// cells). A published its roots when it parked, so its object survives.
fn parked_sole_holder() {
    let heap = Heap::new(heap_config(), MockBinding::default());
    let baton = Arc::new(Baton::new(0));
    let a = {
        let (heap, baton) = (heap.clone(), baton.clone());
        spawn("agent-a", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let mine = shared_node(&mut m, &mut roots, 42);
            shared_node(&mut m, &mut roots, 43); // garbage
            roots.slots[0] = Some(mine);
            m.park_while(&mut roots, || baton.wait_for(1));
            assert_intact(mine, 42);
            assert_verified(&mut m, &mut roots);
        })
    };
    let b = {
        let (heap, baton) = (heap.clone(), baton.clone());
        spawn("agent-b", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            shared_node(&mut m, &mut roots, 300); // garbage
            m.collect_shared(&mut roots);
            for id in 301..304 {
                shared_node(&mut m, &mut roots, id); // garbage, maybe in A's cells
            }
            m.collect_shared(&mut roots);
            baton.set(1);
        })
    };
    let outside = {
        let heap = heap.clone();
        spawn("outside-collector", move || heap.collect_shared())
    };
    for handle in [a, b, outside] {
        join(handle);
    }
    assert!(heap.shared_collections() >= 2);
}

/// Two agents allocate shared objects with a tiny shared trigger, so that allocations start
/// collections of their own (`alloc_shared` → `collect_shared`) besides the explicit ones:
/// agent-initiated safepoints collide, and the loser takes part in the winner's as a stopped
/// participant. Each agent's rooted object, and the object it links, survive.
fn concurrent_collectors() {
    let config = HeapConfig {
        shared_min_trigger: 32 << 10,
        ..heap_config()
    };
    let heap = Heap::new(config, MockBinding::default());
    let agents: Vec<_> = (0..2u64)
        .map(|me| {
            let heap = heap.clone();
            spawn(&format!("agent-{me}"), move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                let base = 500 + 100 * me;
                let kept = shared_node(&mut m, &mut roots, base);
                roots.slots[0] = Some(kept);
                for k in 1..4 {
                    let node = shared_node(&mut m, &mut roots, base + k);
                    if k == 2 {
                        mock::set(&mut m, kept, 0, Some(node)).unwrap();
                    }
                    m.poll(&mut roots);
                }
                m.collect_shared(&mut roots);
                assert_intact(kept, base);
                assert_intact(mock::get(kept, 0).expect("link lost"), base + 2);
                assert_verified(&mut m, &mut roots);
            })
        })
        .collect();
    agents.into_iter().for_each(join);
    assert!(heap.shared_collections() >= 1);
}

#[test]
fn remembered_set_keeps_objects_test() {
    check(
        "shared_remembered_set_keeps_objects",
        remembered_set_keeps_objects,
    );
}

#[test]
fn parked_sole_holder_test() {
    check("shared_parked_sole_holder", parked_sole_holder);
}

#[test]
fn concurrent_collectors_test() {
    // ~50 ms per execution (every allocation may start a collection): half the budget.
    check_scaled("shared_concurrent_collectors", 2, concurrent_collectors);
}

#[test]
fn saved_regressions() {
    replay_saved(SCENARIOS);
}

//! Local marking: incremental steps, black allocation (objects born during marking survive
//! that cycle and die in the next), every kind of root (VM roots, handle scopes, globals),
//! deep chains, wide objects, and many cycles across the epoch wrap-around.

mod common;

use common::{chain_len, counter, node, node_with, prepend_chain, read_id, small_config};
use heap::mock::{self, MockBinding, MockRoots, TAG_WEAK_REF};
use heap::{Heap, HeapConfig, NoRoots, ObjFlags, ObjectRef, Tracer, VerifyMode};

fn verify_after(m: &mut heap::Mutator, roots: &mut dyn heap::Roots) {
    let report = m.verify_with(roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn marking_advances_in_small_steps() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 5_000, 0);
    m.collect(&mut roots);
    let cycles = m.stats().cycles;
    assert!(
        !m.step(&mut roots, 1, false),
        "step without start must not start a cycle"
    );
    assert!(!m.is_marking());
    assert_eq!(m.stats().cycles, cycles);
    // A budget of one byte scans one object per step.
    let mut steps = 0;
    let mut still = m.step(&mut roots, 1, true);
    while still {
        assert!(m.is_marking());
        steps += 1;
        assert!(steps < 100_000, "marking does not progress");
        still = m.step(&mut roots, 1, false);
    }
    assert!(!m.is_marking());
    assert!(
        steps >= 4_900,
        "only {steps} one-object steps for a 5000-node chain"
    );
    assert_eq!(m.stats().cycles, cycles + 1);
    assert_eq!(chain_len(roots.slots[0]), 5_000);
    assert_eq!(m.stats().live_after_cycle, 5_000 * mock::object_size(1, 8));
    verify_after(&mut m, &mut roots);
}

#[test]
fn a_full_collection_finds_exactly_the_reachable_bytes() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    // 8 MiB of garbage while a 1000-node chain stays live: several allocation-driven cycles.
    prepend_chain(&mut m, &mut roots, 0, 1_000, 0);
    for i in 0..100_000 {
        node(&mut m, &mut roots, 8, i);
    }
    assert!(m.stats().cycles >= 5, "{:?}", m.stats());
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert_eq!(m.stats().live_after_cycle, 1_000 * mock::object_size(1, 8));
    let mut cur = roots.slots[0];
    for id in (0..1_000).rev() {
        let obj = cur.unwrap();
        assert_eq!(read_id(obj), id);
        cur = mock::get(obj, 0);
    }
    verify_after(&mut m, &mut roots);
}

#[test]
fn objects_born_during_marking_survive_that_cycle_and_die_in_the_next() {
    let binding = MockBinding::default();
    let config = HeapConfig {
        zombie: true,
        ..small_config()
    };
    let heap = Heap::new(config, binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    prepend_chain(&mut m, &mut roots, 0, 5_000, 0);
    let w = mock::alloc(&mut m, &mut roots, TAG_WEAK_REF, 1, 8, ObjFlags::empty()).unwrap();
    roots.slots[1] = Some(w);
    assert!(m.step(&mut roots, 1, true));
    // Born black and never reachable: a weakly referenced finalizable node, a large one, and
    // plain garbage.
    let t = node_with(&mut m, &mut roots, 1, 777, ObjFlags::FINALIZE);
    let big = node_with(&mut m, &mut roots, 4_000, 778, ObjFlags::FINALIZE);
    assert!(big.header().flags().contains(ObjFlags::LARGE));
    let garbage: Vec<ObjectRef> = (0..100)
        .map(|i| node(&mut m, &mut roots, 2, 1_000 + i))
        .collect();
    mock::set(&mut m, w, 0, Some(t)).unwrap();
    assert!(m.is_marking());
    m.collect(&mut roots);
    assert!(!m.is_marking());
    assert_eq!(
        counter(&binding.finalized),
        0,
        "black objects died in their own cycle"
    );
    assert_eq!(
        mock::get(w, 0),
        Some(t),
        "the weak target was cleared in its birth cycle"
    );
    assert_eq!(read_id(t), 777);
    assert_eq!(read_id(big), 778);
    assert!(garbage
        .iter()
        .enumerate()
        .all(|(i, g)| read_id(*g) == 1_000 + i as u64));
    verify_after(&mut m, &mut roots);
    m.collect(&mut roots);
    assert_eq!(
        counter(&binding.finalized),
        2,
        "the next cycle reclaims them"
    );
    assert_eq!(mock::get(w, 0), None);
    assert_eq!(counter(&binding.cleared), 1);
    assert_eq!(chain_len(roots.slots[0]), 5_000);
}

#[test]
fn objects_born_during_marking_and_rooted_survive_intact() {
    let config = HeapConfig {
        zombie: true,
        ..small_config()
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    prepend_chain(&mut m, &mut roots, 0, 3_000, 0);
    assert!(m.step(&mut roots, 64, true));
    // A new chain hung from a root slot (root stores have no barrier) and a large node that
    // holds new nodes, all while marking runs in small steps.
    for i in 0..2_000 {
        prepend_chain(&mut m, &mut roots, 1, 1, 10_000 + i);
        if i % 10 == 0 {
            m.step(&mut roots, 64, false);
        }
    }
    let big = node(&mut m, &mut roots, 3_000, 50_000);
    roots.slots[2] = Some(big);
    for i in 0..3_000 {
        let n = node(&mut m, &mut roots, 0, 60_000 + i as u64);
        mock::set(&mut m, big, i, Some(n)).unwrap();
    }
    m.collect(&mut roots);
    verify_after(&mut m, &mut roots);
    // Reuse all the memory freed since, then check nothing reachable was overwritten.
    for i in 0..50_000 {
        node(&mut m, &mut roots, 1, 900_000 + i);
    }
    m.collect(&mut roots);
    assert_eq!(chain_len(roots.slots[0]), 3_000);
    let mut cur = roots.slots[1];
    for id in (10_000..12_000).rev() {
        assert_eq!(read_id(cur.unwrap()), id);
        cur = mock::get(cur.unwrap(), 0);
    }
    assert_eq!(read_id(big), 50_000);
    for i in 0..3_000 {
        assert_eq!(read_id(mock::get(big, i).unwrap()), 60_000 + i as u64);
    }
    verify_after(&mut m, &mut roots);
}

#[test]
fn a_large_object_whose_allocation_starts_a_cycle_survives() {
    // Large objects count towards the trigger; the allocation that crosses it starts a cycle.
    // The object it returns is not in the roots when they are scanned, and the VM then keeps
    // it in a register (a root: no barrier), so it must be born black.
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(64);
    let mut started_by_large = 0;
    for i in 0..64 {
        let marking_before = m.is_marking();
        let big = node(&mut m, &mut roots, 8_192, 100 + i as u64);
        roots.slots[i] = Some(big);
        if !marking_before && m.is_marking() {
            started_by_large += 1;
            // Finish this cycle before the next large allocation.
            m.collect(&mut roots);
        }
    }
    assert!(started_by_large >= 2, "{:?}", m.stats());
    m.collect(&mut roots);
    verify_after(&mut m, &mut roots);
    for i in 0..64 {
        assert_eq!(read_id(roots.slots[i].unwrap()), 100 + i as u64);
    }
}

#[test]
fn handle_scopes_root_objects_until_they_close() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::default();
    let outer = m.open_scope();
    let a = node_with(&mut m, &mut roots, 1, 1, ObjFlags::FINALIZE);
    let ha = m.root(a);
    m.scope(|m| {
        let b = node_with(m, &mut roots, 1, 2, ObjFlags::FINALIZE);
        let hb = m.root(b);
        // `a` holds a node reachable only through it.
        let child = node_with(m, &mut roots, 0, 3, ObjFlags::FINALIZE);
        mock::set(m, a, 0, Some(child)).unwrap();
        m.collect(&mut roots);
        m.collect(&mut roots);
        assert_eq!(counter(&binding.finalized), 0);
        assert_eq!(m.get(hb), b);
        assert_eq!(read_id(m.get(hb)), 2);
    });
    m.collect(&mut roots);
    assert_eq!(
        counter(&binding.finalized),
        1,
        "the inner scope's handle was released"
    );
    assert_eq!(m.get(ha), a);
    assert_eq!(read_id(mock::get(a, 0).unwrap()), 3);
    // Re-pointing a handle releases the old object.
    let c = node_with(&mut m, &mut roots, 0, 4, ObjFlags::FINALIZE);
    m.set(ha, c);
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), 3, "a and its child died");
    assert_eq!(read_id(m.get(ha)), 4);
    m.close_scope(outer);
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), 4);
}

#[test]
fn globals_root_objects_until_released() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 1_000, 0);
    let head = roots.slots[0].take().unwrap();
    let g = m.new_global(head);
    let f = node_with(&mut m, &mut roots, 0, 99, ObjFlags::FINALIZE);
    let gf = m.new_global(f);
    for _ in 0..3 {
        m.collect(&mut roots);
    }
    assert_eq!(m.global(g), Some(head));
    assert_eq!(chain_len(m.global(g)), 1_000);
    assert_eq!(counter(&binding.finalized), 0);
    assert_eq!(m.release_global(gf), Some(f));
    assert_eq!(m.global(gf), None);
    assert_eq!(m.release_global(gf), None, "a handle is released once");
    // The freed slot is reused; the stale handle must not see the new object.
    let other = node(&mut m, &mut roots, 0, 5);
    let g2 = m.new_global(other);
    assert_eq!(m.global(gf), None);
    assert_eq!(m.global(g2), Some(other));
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), 1);
    assert_eq!(read_id(m.global(g2).unwrap()), 5);
    verify_after(&mut m, &mut roots);
}

#[test]
fn vm_roots_given_as_a_closure_are_traced() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let obj = node_with(&mut m, &mut NoRoots, 1, 10, ObjFlags::FINALIZE);
    let child = node_with(&mut m, &mut NoRoots, 0, 11, ObjFlags::FINALIZE);
    mock::set(&mut m, obj, 0, Some(child)).unwrap();
    let mut vm_roots = |tracer: &mut Tracer<'_>| tracer.edge(obj);
    m.collect(&mut vm_roots);
    m.collect(&mut vm_roots);
    assert_eq!(counter(&binding.finalized), 0);
    assert_eq!(read_id(mock::get(obj, 0).unwrap()), 11);
    verify_after(&mut m, &mut vm_roots);
    m.collect(&mut NoRoots);
    assert_eq!(counter(&binding.finalized), 2);
}

#[test]
fn a_chain_of_100k_nodes_is_marked_without_recursion() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 100_000, 0);
    m.collect(&mut roots);
    assert_eq!(
        m.stats().live_after_cycle,
        100_000 * mock::object_size(1, 8)
    );
    // And incrementally, with 4 KiB steps.
    let mut steps = 0;
    let mut still = m.step(&mut roots, 4 << 10, true);
    while still {
        steps += 1;
        still = m.step(&mut roots, 4 << 10, false);
    }
    assert!(steps > 100, "only {steps} steps");
    let mut cur = roots.slots[0];
    for id in (0..100_000).rev() {
        let obj = cur.unwrap();
        assert_eq!(read_id(obj), id);
        cur = mock::get(obj, 0);
    }
    assert!(cur.is_none());
    verify_after(&mut m, &mut roots);
}

#[test]
fn a_wide_object_keeps_all_its_referents() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let wide = node(&mut m, &mut roots, 50_000, 1);
    assert!(wide.header().flags().contains(ObjFlags::LARGE));
    roots.slots[0] = Some(wide);
    for i in 0..50_000 {
        let n = node_with(&mut m, &mut roots, 0, 10 + i as u64, ObjFlags::FINALIZE);
        mock::set(&mut m, wide, i, Some(n)).unwrap();
    }
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), 0);
    for i in (1..50_000).step_by(2) {
        mock::set(&mut m, wide, i, None).unwrap();
    }
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), 25_000);
    for i in (0..50_000).step_by(2) {
        assert_eq!(read_id(mock::get(wide, i).unwrap()), 10 + i as u64);
    }
    verify_after(&mut m, &mut roots);
}

#[test]
fn hundreds_of_cycles_survive_the_epoch_wrap_around() {
    let binding = MockBinding::default();
    let config = HeapConfig {
        zombie: true,
        ..small_config()
    };
    let heap = Heap::new(config, binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(4);
    prepend_chain(&mut m, &mut roots, 0, 200, 0);
    // A holder of a shared object (its card must survive renormalisation), a weak ref to a
    // live node and a weak ref to garbage.
    let shared = common::shared_node(&mut m, &mut roots, 0, 7, ObjFlags::empty());
    let holder = node(&mut m, &mut roots, 1, 8);
    mock::set(&mut m, holder, 0, Some(shared)).unwrap();
    roots.slots[1] = Some(holder);
    let w = mock::alloc(&mut m, &mut roots, TAG_WEAK_REF, 1, 8, ObjFlags::empty()).unwrap();
    mock::set(&mut m, w, 0, roots.slots[0]).unwrap();
    roots.slots[2] = Some(w);
    let mut finalizable_garbage = 0;
    for cycle in 0..300u64 {
        // Churn: garbage, a finalizable dead node, and a node born during an incremental
        // cycle that replaces the previous one in root 3.
        for i in 0..50 {
            node(&mut m, &mut roots, 2, 10_000 + i);
        }
        node_with(&mut m, &mut roots, 0, 20_000, ObjFlags::FINALIZE);
        finalizable_garbage += 1;
        if cycle % 3 == 0 {
            m.step(&mut roots, 256, true);
            let n = node(&mut m, &mut roots, 0, 30_000 + cycle);
            roots.slots[3] = Some(n);
        }
        m.collect(&mut roots);
        assert_eq!(chain_len(roots.slots[0]), 200, "cycle {cycle}");
        assert_eq!(mock::get(w, 0), roots.slots[0], "cycle {cycle}");
        assert_eq!(read_id(shared), 7);
        assert!(m.card_is_dirty(holder), "cycle {cycle}: card lost");
        assert_eq!(m.remembered_count(), 1);
        let last = 30_000 + cycle - cycle % 3;
        assert_eq!(read_id(roots.slots[3].unwrap()), last, "cycle {cycle}");
    }
    assert!(m.stats().cycles >= 300);
    m.collect(&mut roots);
    assert_eq!(counter(&binding.finalized), finalizable_garbage);
    verify_after(&mut m, &mut roots);
}

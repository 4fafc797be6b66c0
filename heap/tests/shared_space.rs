//! The shared space: allocation in every size class and as large objects, and the shared
//! collector (from an agent or from the host) keeping exactly what roots, handles, globals,
//! shared globals and remembered local objects — of any agent — reach, finalizing the rest
//! and giving its memory back.

mod common;

use common::{counter, node, read_id, shared_node, small_config, with_watchdog, Gate};
use heap::geometry::{CHUNK_SIZE, GRANULE, LARGE_OBJECT_THRESHOLD};
use heap::mock::{self, MockBinding, MockRoots};
use heap::space::{large, shared};
use heap::sync::{lock, raw, thread, Arc, Mutex};
use heap::{Heap, HeapConfig, NoRoots, ObjFlags, ObjectRef, TypeTag, VerifyMode};

#[test]
fn shared_objects_of_every_size_class_are_aligned_and_disjoint() {
    let heap = Heap::new(HeapConfig::default(), MockBinding::default());
    let mut m = heap.mutator();
    let mut objects: Vec<(ObjectRef, usize)> = Vec::new();
    let mut sizes: Vec<usize> = (0..=shared::SIZE_CLASSES.len() * 3)
        .map(|i| match i % 3 {
            0 => shared::SIZE_CLASSES[i / 3 % shared::SIZE_CLASSES.len()],
            1 => shared::SIZE_CLASSES[i / 3 % shared::SIZE_CLASSES.len()] - 8,
            _ => shared::SIZE_CLASSES[i / 3 % shared::SIZE_CLASSES.len()] + 1,
        })
        .collect();
    sizes.extend([0, 1, 8, 100_000, 1 << 20]);
    // Many small ones so that pages fill and new ones are taken.
    sizes.extend((0..3_000).map(|i| 16 + i % 200));
    for (i, &size) in sizes.iter().enumerate() {
        let obj = m
            .alloc_shared(&mut NoRoots, size, TypeTag(3), ObjFlags::empty())
            .unwrap();
        assert_eq!(obj.addr() % GRANULE, 0);
        assert!(obj.is_shared());
        let header = obj.header();
        assert_eq!(header.tag(), TypeTag(3));
        let rounded = heap::geometry::align_to_granule(size.max(GRANULE));
        let len = if rounded > LARGE_OBJECT_THRESHOLD {
            assert_eq!(
                header.flags(),
                ObjFlags::SHARED | ObjFlags::LARGE,
                "{size} B"
            );
            assert_eq!(large::size_of(obj), rounded);
            rounded
        } else {
            assert_eq!(header.flags(), ObjFlags::SHARED, "{size} B");
            let class = shared::size_class(rounded).unwrap();
            assert_eq!(header.size(), shared::SIZE_CLASSES[class], "{size} B");
            assert!(header.size() >= rounded);
            header.size()
        };
        for offset in (8..len).step_by(8) {
            // SAFETY: `obj` has `len` bytes and is live (nothing collects in this test).
            unsafe { raw::store_word(obj.addr() + offset, (i * 1_000_003 + offset) as u64) };
        }
        objects.push((obj, len));
    }
    for (i, &(obj, len)) in objects.iter().enumerate() {
        assert_eq!(obj.header().tag(), TypeTag(3));
        for offset in (8..len).step_by(8) {
            // SAFETY: as above.
            let word = unsafe { raw::load_word(obj.addr() + offset) };
            assert_eq!(word, (i * 1_000_003 + offset) as u64, "{obj:?} overwritten");
        }
    }
    objects.sort();
    for pair in objects.windows(2) {
        assert!(
            pair[0].0.addr() + pair[0].1 <= pair[1].0.addr(),
            "{pair:?} overlap"
        );
    }
    assert!(heap.shared_committed() >= CHUNK_SIZE + (1 << 20));
    assert_eq!(
        m.local_committed(),
        0,
        "shared allocation takes no local memory"
    );
}

/// A shared node (FINALIZE) with a shared child (FINALIZE): 2 objects of 32 bytes.
fn shared_pair(m: &mut heap::Mutator, roots: &mut MockRoots, id: u64) -> ObjectRef {
    let child = shared_node(m, roots, 0, id + 1, ObjFlags::FINALIZE);
    let scope = m.open_scope();
    m.root(child);
    let parent = shared_node(m, roots, 1, id, ObjFlags::FINALIZE);
    mock::set(m, parent, 0, Some(child)).unwrap();
    m.close_scope(scope);
    parent
}

/// Checks a pair made by `shared_pair` is intact: headers (a freed cell's is zero) and ids.
fn check_pair(obj: ObjectRef, id: u64) {
    let child = mock::get(obj, 0).expect("the pair lost its child");
    for o in [obj, child] {
        assert_eq!(o.header().tag(), mock::TAG_NODE, "{o:?} was freed");
        assert_eq!(o.header().flags(), ObjFlags::SHARED | ObjFlags::FINALIZE);
    }
    assert_eq!(read_id(obj), id);
    assert_eq!(read_id(child), id + 1);
}

#[test]
fn the_shared_collector_keeps_what_any_root_reaches_and_frees_the_rest() {
    let binding = MockBinding::default();
    let config = HeapConfig {
        chunk_release_cycles: 1,
        ..small_config()
    };
    let heap = Heap::new(config, binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    // Five ways to be reachable.
    let in_root = shared_pair(&mut m, &mut roots, 10);
    roots.slots[0] = Some(in_root);
    let scope = m.open_scope();
    let in_handle = shared_pair(&mut m, &mut roots, 20);
    let handle = m.root(in_handle);
    let in_global = shared_pair(&mut m, &mut roots, 30);
    let global = m.new_global(in_global);
    let in_shared_global = shared_pair(&mut m, &mut roots, 40);
    let shared_global = heap.new_shared_global(in_shared_global);
    let remembered = shared_pair(&mut m, &mut roots, 50);
    let holder = node(&mut m, &mut roots, 1, 1);
    mock::set(&mut m, holder, 0, Some(remembered)).unwrap();
    roots.slots[1] = Some(holder);
    // Garbage: small, and a large one.
    for i in 0..100 {
        shared_node(&mut m, &mut roots, 1, 1_000 + i, ObjFlags::FINALIZE);
    }
    let big = shared_node(&mut m, &mut roots, 20_000, 2_000, ObjFlags::FINALIZE);
    assert!(big.header().flags().contains(ObjFlags::LARGE));
    let big_footprint = large::PREFIX + large::size_of(big);
    let committed = heap.shared_committed();
    m.collect_shared(&mut roots);
    assert_eq!(heap.shared_collections(), 1);
    assert_eq!(m.stats().shared_collections, 1);
    assert_eq!(counter(&binding.finalized), 101);
    assert_eq!(
        heap.shared_live(),
        10 * 32,
        "five live pairs of 32-byte cells"
    );
    assert_eq!(heap.shared_committed(), committed - big_footprint);
    check_pair(in_root, 10);
    check_pair(m.get(handle), 20);
    check_pair(m.global(global).unwrap(), 30);
    check_pair(heap.shared_global(shared_global).unwrap(), 40);
    check_pair(mock::get(holder, 0).unwrap(), 50);
    let report = m.verify_with(&mut roots, VerifyMode::Structure);
    assert!(report.is_ok(), "{report}");
    // Root, handle, global and remembered pairs (the shared global is not the agent's).
    assert_eq!(report.shared_objects, 8);
    // New shared objects reuse the freed cells.
    for i in 0..100 {
        shared_node(&mut m, &mut roots, 1, 3_000 + i, ObjFlags::empty());
    }
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 101);
    check_pair(in_root, 10);
    check_pair(mock::get(holder, 0).unwrap(), 50);
    // Release each root in turn.
    roots.slots[0] = None;
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 103);
    m.close_scope(scope);
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 105);
    m.release_global(global);
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 107);
    heap.release_shared_global(shared_global);
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 109);
    // The holder is remembered until a local cycle finds it dead.
    roots.slots[1] = None;
    m.collect_shared(&mut roots);
    assert_eq!(
        counter(&binding.finalized),
        109,
        "a remembered holder is a root"
    );
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert_eq!(m.remembered_count(), 0);
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 111);
    assert_eq!(heap.shared_live(), 0);
    // Empty chunks go back to the OS after a few collections.
    for _ in 0..3 {
        m.collect_shared(&mut roots);
    }
    assert_eq!(heap.shared_committed(), 0);
    assert_eq!(heap.shared_collections(), 11);
    // And the space still works.
    let again = shared_pair(&mut m, &mut roots, 60);
    roots.slots[0] = Some(again);
    m.collect_shared(&mut roots);
    check_pair(again, 60);
}

#[test]
fn shared_collections_start_on_their_own() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // A live shared chain of 100 nodes among 8 MiB of shared garbage.
    for i in 0..100 {
        let n = shared_node(&mut m, &mut roots, 1, i, ObjFlags::empty());
        mock::set(&mut m, n, 0, roots.slots[0]).unwrap();
        roots.slots[0] = Some(n);
    }
    let mut peak = 0;
    for i in 0..100_000 {
        shared_node(&mut m, &mut roots, 8, 1_000 + i, ObjFlags::FINALIZE);
        peak = peak.max(heap.shared_committed());
    }
    assert!(
        heap.shared_collections() >= 5,
        "{}",
        heap.shared_collections()
    );
    assert_eq!(m.stats().shared_collections, heap.shared_collections());
    assert!(peak <= 2 * CHUNK_SIZE, "{peak} bytes committed at peak");
    assert!(counter(&binding.finalized) >= 90_000);
    let mut cur = roots.slots[0];
    for id in (0..100).rev() {
        assert_eq!(read_id(cur.unwrap()), id);
        cur = mock::get(cur.unwrap(), 0);
    }
}

#[test]
fn the_host_can_collect_the_shared_space_while_agents_are_parked() {
    with_watchdog(60, || {
        let binding = MockBinding::default();
        let heap = Heap::new(small_config(), binding.clone());
        let mut m = heap.mutator();
        let mut roots = MockRoots::with_slots(1);
        let live = shared_pair(&mut m, &mut roots, 10);
        roots.slots[0] = Some(live);
        for i in 0..50 {
            shared_node(&mut m, &mut roots, 0, 100 + i, ObjFlags::FINALIZE);
        }
        let host = heap.clone();
        m.park_while(&mut roots, move || {
            thread::spawn(move || host.collect_shared()).join().unwrap()
        });
        assert_eq!(heap.shared_collections(), 1);
        assert_eq!(
            m.stats().shared_collections,
            0,
            "the host collected, not the agent"
        );
        assert_eq!(counter(&binding.finalized), 50);
        check_pair(live, 10);
        // The agent keeps allocating in the space it shares with the host.
        let more = shared_pair(&mut m, &mut roots, 20);
        mock::set(&mut m, more, 0, Some(live)).unwrap();
        roots.slots[0] = Some(more);
        m.collect_shared(&mut roots);
        check_pair(live, 10);
        assert_eq!(read_id(more), 20);
    });
}

/// What the other agent publishes to the test.
#[derive(Default)]
struct Published {
    shared: Option<ObjectRef>,
}

fn other_agent_holds_the_only_reference(park: bool) {
    with_watchdog(60, move || {
        let binding = MockBinding::default();
        let heap = Heap::new(small_config(), binding.clone());
        let published = Arc::new(Mutex::new(Published::default()));
        let (ready, collected, pruned, done) = (
            Gate::default(),
            Gate::default(),
            Gate::default(),
            Gate::default(),
        );
        let other = {
            let heap = heap.clone();
            let published = published.clone();
            let (ready, collected, pruned, done) = (
                ready.clone(),
                collected.clone(),
                pruned.clone(),
                done.clone(),
            );
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                let s = shared_pair(&mut m, &mut roots, 42);
                let holder = node(&mut m, &mut roots, 1, 1);
                mock::set(&mut m, holder, 0, Some(s)).unwrap();
                roots.slots[0] = Some(holder);
                lock(&published).shared = Some(s);
                ready.open();
                // Wait for the other agent's shared collections, parked or polling.
                if park {
                    m.park_while(&mut roots, || collected.wait());
                } else {
                    while !collected.is_open() {
                        m.poll(&mut roots);
                        thread::yield_now();
                    }
                }
                check_pair(mock::get(holder, 0).unwrap(), 42);
                let report = m.verify_with(&mut roots, VerifyMode::Structure);
                assert!(report.is_ok(), "{report}");
                // Drop the holder; a local cycle prunes it from the remembered set.
                roots.slots[0] = None;
                m.collect(&mut roots);
                m.collect(&mut roots);
                assert_eq!(m.remembered_count(), 0);
                pruned.open();
                if park {
                    m.park_while(&mut roots, || done.wait());
                } else {
                    while !done.is_open() {
                        m.poll(&mut roots);
                        thread::yield_now();
                    }
                }
            })
        };
        let mut m = heap.mutator();
        let mut roots = MockRoots::with_slots(1);
        m.park_while(&mut roots, || ready.wait());
        let s = lock(&published).shared.unwrap();
        for i in 0..3 {
            for j in 0..100 {
                shared_node(&mut m, &mut roots, 2, 1_000 * i + j, ObjFlags::empty());
            }
            m.collect_shared(&mut roots);
            // Before touching it: a freed pair may have taken its chunk with it.
            assert_eq!(
                counter(&binding.finalized),
                0,
                "the pair died in collection {i}"
            );
            check_pair(s, 42);
        }
        collected.open();
        m.park_while(&mut roots, || pruned.wait());
        m.collect_shared(&mut roots);
        assert_eq!(
            counter(&binding.finalized),
            2,
            "the pair died with its last holder"
        );
        done.open();
        m.park_while(&mut roots, || other.join().unwrap());
    });
}

#[test]
fn a_shared_object_held_only_by_a_parked_agents_local_object_survives() {
    other_agent_holds_the_only_reference(true);
}

#[test]
fn a_shared_object_held_only_by_a_polling_agents_local_object_survives() {
    other_agent_holds_the_only_reference(false);
}

#[test]
fn shared_objects_in_another_agents_roots_survive() {
    with_watchdog(60, || {
        let binding = MockBinding::default();
        let heap = Heap::new(small_config(), binding.clone());
        let published = Arc::new(Mutex::new(Published::default()));
        let (ready, done) = (Gate::default(), Gate::default());
        let other = {
            let (heap, published, ready, done) =
                (heap.clone(), published.clone(), ready.clone(), done.clone());
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                // Keep half-used current pages in several size classes when parking.
                for i in 0..10 {
                    shared_node(&mut m, &mut roots, i, 500 + i as u64, ObjFlags::FINALIZE);
                }
                let s = shared_pair(&mut m, &mut roots, 7);
                roots.slots[0] = Some(s);
                lock(&published).shared = Some(s);
                ready.open();
                while !done.is_open() {
                    m.poll(&mut roots);
                    thread::yield_now();
                }
                check_pair(s, 7);
                // The pages it held were swept under it: allocation still works.
                for i in 0..10 {
                    shared_node(&mut m, &mut roots, i, 600 + i as u64, ObjFlags::empty());
                }
                check_pair(s, 7);
            })
        };
        let mut m = heap.mutator();
        let mut roots = MockRoots::default();
        m.park_while(&mut roots, || ready.wait());
        let s = lock(&published).shared.unwrap();
        m.collect_shared(&mut roots);
        m.collect_shared(&mut roots);
        assert_eq!(counter(&binding.finalized), 10);
        check_pair(s, 7);
        done.open();
        m.park_while(&mut roots, || other.join().unwrap());
    });
}

#[test]
fn shared_objects_still_allocated_are_finalized_when_the_heap_goes_away() {
    let binding = MockBinding::default();
    let heap = Heap::new(small_config(), binding.clone());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let kept = shared_node(&mut m, &mut roots, 1, 1, ObjFlags::FINALIZE);
    roots.slots[0] = Some(kept);
    let big = shared_node(&mut m, &mut roots, 20_000, 2, ObjFlags::FINALIZE);
    roots.slots[1] = Some(big);
    shared_node(&mut m, &mut roots, 1, 3, ObjFlags::empty());
    m.collect_shared(&mut roots);
    assert_eq!(counter(&binding.finalized), 0, "both are still reachable");
    drop(m);
    assert_eq!(counter(&binding.finalized), 0, "the heap still exists");
    drop(heap);
    assert_eq!(counter(&binding.finalized), 2);
}

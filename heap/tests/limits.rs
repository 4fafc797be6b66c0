//! Heap limits: exceeding `local_limit` or `shared_limit` returns
//! `Err(HeapError::OutOfMemory { .. })` — after a collection, never an abort — and the heap is
//! fully usable again once the roots let go.

mod common;

use common::{chain_len, node, read_id, small_config};
use heap::geometry::CHUNK_SIZE;
use heap::mock::{self, MockBinding, MockRoots};
use heap::{Heap, HeapConfig, HeapError, Mutator, ObjFlags, ObjectRef};

const LIMIT: usize = 3 * CHUNK_SIZE;

fn limited_heap() -> Heap {
    let config = HeapConfig {
        local_limit: LIMIT,
        shared_limit: LIMIT,
        ..small_config()
    };
    Heap::new(config, MockBinding::default())
}

/// Prepends nodes with `slots` slots to the list in `roots.slots[0]` until allocation fails;
/// returns the error and how many nodes were allocated.
fn fill_local(m: &mut Mutator, roots: &mut MockRoots, slots: usize) -> (HeapError, usize) {
    let mut n = 0;
    loop {
        match mock::alloc_node(m, roots, slots, 8) {
            Ok(obj) => {
                common::write_id(obj, n as u64);
                mock::set(m, obj, 0, roots.slots[0]).unwrap();
                roots.slots[0] = Some(obj);
                n += 1;
            }
            Err(e) => return (e, n),
        }
        assert!(n < 10_000_000, "the limit is not enforced");
    }
}

#[test]
fn a_full_local_space_reports_out_of_memory_and_recovers() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    for slots in [1, 40] {
        let (err, n) = fill_local(&mut m, &mut roots, slots);
        let size = heap::geometry::align_to_granule(mock::object_size(slots, 8));
        assert_eq!(
            err,
            HeapError::OutOfMemory {
                shared: false,
                requested: size,
                limit: LIMIT
            }
        );
        assert!(err.to_string().contains("local"), "{err}");
        assert!(m.local_committed() <= LIMIT);
        assert!(n * size > LIMIT / 2, "only {n} objects of {size} B fit");
        assert_eq!(
            chain_len(roots.slots[0]),
            n,
            "the live list survived the failure"
        );
        let report = m.verify(&mut roots);
        assert!(report.is_ok(), "{report}");
        // Let go; the same amount fits again.
        roots.slots[0] = None;
        let (_, again) = fill_local(&mut m, &mut roots, slots);
        assert!(
            again * 10 >= n * 9,
            "{again} objects fit after recovery, {n} before"
        );
        roots.slots[0] = None;
        m.collect(&mut roots);
        m.collect(&mut roots);
    }
}

#[test]
fn a_large_object_over_the_local_limit_is_refused() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(2);
    let keep = node(&mut m, &mut roots, 0, 1);
    roots.slots[0] = Some(keep);
    let slots = LIMIT / 8;
    let err = mock::alloc_node(&mut m, &mut roots, slots, 8).unwrap_err();
    assert_eq!(
        err,
        HeapError::OutOfMemory {
            shared: false,
            requested: heap::geometry::align_to_granule(mock::object_size(slots, 8)),
            limit: LIMIT
        }
    );
    // Large objects fill the space too; after letting go, they fit again.
    let mut held: Vec<ObjectRef> = Vec::new();
    let scope = m.open_scope();
    let err = loop {
        match mock::alloc_node(&mut m, &mut roots, 100_000, 8) {
            Ok(obj) => {
                m.root(obj);
                held.push(obj);
            }
            Err(e) => break e,
        }
    };
    assert!(matches!(err, HeapError::OutOfMemory { shared: false, .. }));
    // 6 MiB minus the chunk `keep` lives in: five 800 KB objects.
    assert_eq!(held.len(), 5, "{} large objects", held.len());
    m.close_scope(scope);
    let big = mock::alloc_node(&mut m, &mut roots, 100_000, 8).unwrap();
    roots.slots[1] = Some(big);
    m.collect(&mut roots);
    assert_eq!(read_id(keep), 1);
    assert!(m.local_committed() <= LIMIT);
}

#[test]
fn running_out_while_marking_reports_out_of_memory_and_recovers() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    common::prepend_chain(&mut m, &mut roots, 0, 10_000, 0);
    assert!(m.step(&mut roots, 1, true));
    let (err, n) = fill_local(&mut m, &mut roots, 1);
    assert!(matches!(err, HeapError::OutOfMemory { shared: false, .. }));
    assert_eq!(chain_len(roots.slots[0]), n + 10_000);
    roots.slots[0] = None;
    m.collect(&mut roots);
    let (_, again) = fill_local(&mut m, &mut roots, 1);
    assert!(again >= n, "{again} fit after recovery, {n} while marking");
}

#[test]
fn a_full_shared_space_reports_out_of_memory_and_recovers() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let fill = |m: &mut Mutator, roots: &mut MockRoots| {
        let mut n = 0u64;
        loop {
            match mock::alloc_shared_node(m, roots, 1, 8, ObjFlags::empty()) {
                Ok(obj) => {
                    common::write_id(obj, n);
                    mock::set(m, obj, 0, roots.slots[0]).unwrap();
                    roots.slots[0] = Some(obj);
                    n += 1;
                }
                Err(e) => return (e, n),
            }
        }
    };
    let (err, n) = fill(&mut m, &mut roots);
    assert_eq!(
        err,
        HeapError::OutOfMemory {
            shared: true,
            requested: mock::object_size(1, 8),
            limit: LIMIT
        }
    );
    assert!(err.to_string().contains("shared"), "{err}");
    assert!(heap.shared_committed() <= LIMIT);
    assert!(
        heap.shared_collections() >= 1,
        "the space collects before giving up"
    );
    assert_eq!(chain_len(roots.slots[0]), n as usize);
    let mut cur = roots.slots[0];
    for id in (0..n).rev() {
        assert_eq!(read_id(cur.unwrap()), id);
        cur = mock::get(cur.unwrap(), 0);
    }
    // A large shared object over the limit.
    let err = mock::alloc_shared_node(&mut m, &mut roots, LIMIT / 8, 8, ObjFlags::empty());
    assert!(matches!(
        err,
        Err(HeapError::OutOfMemory { shared: true, .. })
    ));
    roots.slots[0] = None;
    let (_, again) = fill(&mut m, &mut roots);
    assert!(again >= n, "{again} fit after recovery, {n} before");
}

#[test]
fn a_large_object_fits_once_a_full_local_space_is_emptied() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let (err, _) = fill_local(&mut m, &mut roots, 1);
    assert!(matches!(err, HeapError::OutOfMemory { shared: false, .. }));
    roots.slots[0] = None;
    m.collect(&mut roots);
    // Everything is garbage: a 100 KB object must fit (the allocator collects once more
    // before giving up).
    let big = mock::alloc_node(&mut m, &mut roots, 12_500, 8);
    assert!(
        big.is_ok(),
        "{big:?} with {} bytes committed",
        m.local_committed()
    );
}

#[test]
fn a_large_shared_object_fits_once_a_full_shared_space_is_emptied() {
    let heap = limited_heap();
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    loop {
        match mock::alloc_shared_node(&mut m, &mut roots, 1, 8, ObjFlags::empty()) {
            Ok(obj) => {
                mock::set(&mut m, obj, 0, roots.slots[0]).unwrap();
                roots.slots[0] = Some(obj);
            }
            Err(e) => {
                assert!(matches!(e, HeapError::OutOfMemory { shared: true, .. }));
                break;
            }
        }
    }
    roots.slots[0] = None;
    m.collect_shared(&mut roots);
    let big = mock::alloc_shared_node(&mut m, &mut roots, 100_000, 8, ObjFlags::empty());
    assert!(
        big.is_ok(),
        "{big:?} with {} bytes committed",
        heap.shared_committed()
    );
}

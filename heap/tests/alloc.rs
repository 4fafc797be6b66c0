//! Allocation: small, medium (> 256 B) and large (> 16 KiB) objects get granule-aligned,
//! non-overlapping memory with the header they asked for; memory of dead objects is reused;
//! chunks go back to the OS once the heap shrinks.

mod common;

use common::{chain_len, node, prepend_chain, small_config};
use heap::geometry::{align_to_granule, CHUNK_SIZE, GRANULE, LARGE_OBJECT_THRESHOLD};
use heap::mock::{self, MockBinding, MockRoots};
use heap::space::large;
use heap::sync::raw;
use heap::{Heap, HeapConfig, Mutator, NoRoots, ObjFlags, ObjectRef, TypeTag};

/// A heap that never collects on its own during these tests.
fn quiet_heap() -> Heap {
    let config = HeapConfig {
        min_trigger: 1 << 30,
        ..HeapConfig::default()
    };
    Heap::new(config, MockBinding::default())
}

/// Fills the body of `obj` (everything after the header) with a byte derived from `seed`.
fn fill_body(obj: ObjectRef, len: usize, seed: u8) {
    for offset in (8..len).step_by(8) {
        let word = u64::from_ne_bytes([seed; 8]) ^ offset as u64;
        // SAFETY: `obj` was allocated with `len` bytes and is live (nothing collects here).
        unsafe { raw::store_word(obj.addr() + offset, word) };
    }
}

/// Checks what `fill_body` wrote.
fn check_body(obj: ObjectRef, len: usize, seed: u8) {
    for offset in (8..len).step_by(8) {
        let word = u64::from_ne_bytes([seed; 8]) ^ offset as u64;
        // SAFETY: as for `fill_body`.
        let found = unsafe { raw::load_word(obj.addr() + offset) };
        assert_eq!(
            found, word,
            "object {obj:?} was overwritten at offset {offset}"
        );
    }
}

/// Allocates one object per size, checks headers and alignment, and then that no object
/// overwrote another. Returns the objects.
fn alloc_sizes(m: &mut Mutator, sizes: &[usize], tag: TypeTag) -> Vec<(ObjectRef, usize)> {
    let mut objects = Vec::new();
    for (i, &size) in sizes.iter().enumerate() {
        let obj = m.alloc(&mut NoRoots, size, tag).unwrap();
        let rounded = align_to_granule(size.max(GRANULE));
        assert_eq!(obj.addr() % GRANULE, 0, "{size}-byte object misaligned");
        let header = obj.header();
        assert_eq!(header.tag(), tag);
        assert!(!obj.is_shared());
        if rounded > LARGE_OBJECT_THRESHOLD {
            assert_eq!(header.flags(), ObjFlags::LARGE, "{size}-byte object");
            assert_eq!(
                header.size(),
                0,
                "large objects record size 0 in the header"
            );
            assert_eq!(large::size_of(obj), rounded);
        } else {
            assert_eq!(header.flags(), ObjFlags::empty(), "{size}-byte object");
            assert_eq!(header.size(), rounded, "{size}-byte object");
        }
        fill_body(obj, rounded, i as u8);
        objects.push((obj, rounded));
    }
    for (i, &(obj, len)) in objects.iter().enumerate() {
        check_body(obj, len, i as u8);
        assert_eq!(obj.header().tag(), tag, "header of {obj:?} overwritten");
    }
    let mut sorted = objects.clone();
    sorted.sort();
    for pair in sorted.windows(2) {
        assert!(
            pair[0].0.addr() + pair[0].1 <= pair[1].0.addr(),
            "{:?} (+{}) overlaps {:?}",
            pair[0].0,
            pair[0].1,
            pair[1].0
        );
    }
    objects
}

#[test]
fn small_objects_are_aligned_sized_and_disjoint() {
    let heap = quiet_heap();
    let mut m = heap.mutator();
    let sizes: Vec<usize> = (0..=256)
        .chain((0..2000).map(|i| 8 + (i * 37) % 249))
        .collect();
    let objects = alloc_sizes(&mut m, &sizes, TypeTag(0xabcd));
    assert_eq!(
        objects[0].0.header().size(),
        GRANULE,
        "a 0-byte request takes one granule"
    );
    assert_eq!(m.local_chunks(), 1, "a few hundred KiB fit in one chunk");
    assert_eq!(m.local_committed(), CHUNK_SIZE);
}

#[test]
fn medium_objects_above_a_line_are_aligned_sized_and_disjoint() {
    let heap = quiet_heap();
    let mut m = heap.mutator();
    // Interleave small and medium objects so that medium ones do not always fit the hole.
    let mut sizes = Vec::new();
    for i in 0..600 {
        sizes.push(257 + (i * 997) % (LARGE_OBJECT_THRESHOLD - 257));
        sizes.push(24 + i % 200);
    }
    sizes.push(LARGE_OBJECT_THRESHOLD);
    alloc_sizes(&mut m, &sizes, TypeTag(7));
}

#[test]
fn large_objects_get_their_own_mapping() {
    let heap = quiet_heap();
    let mut m = heap.mutator();
    // A small object first: the allocator now bumps through a fresh 32 KiB block, in which a
    // 17-24 KiB object would fit. Large objects must still go to the large-object space.
    m.alloc(&mut NoRoots, 32, TypeTag(1)).unwrap();
    let before = m.local_committed();
    let sizes = [
        LARGE_OBJECT_THRESHOLD + 1,
        LARGE_OBJECT_THRESHOLD + GRANULE,
        20 << 10,
        24 << 10,
        100_000,
        3 << 20,
    ];
    let objects = alloc_sizes(&mut m, &sizes, TypeTag(9));
    let total: usize = objects.iter().map(|(_, len)| len + large::PREFIX).sum();
    assert_eq!(
        m.local_committed() - before,
        total,
        "each large object is committed on its own (prefix included), not in a chunk"
    );
    assert_eq!(m.local_chunks(), 1);
}

#[test]
fn alloc_with_flags_keeps_only_the_flags_an_agent_may_choose() {
    let heap = quiet_heap();
    let mut m = heap.mutator();
    let all = ObjFlags::all();
    let small = mock::alloc(&mut m, &mut NoRoots, mock::TAG_NODE, 2, 8, all).unwrap();
    assert_eq!(
        small.header().flags(),
        ObjFlags::FINALIZE | ObjFlags::WEAK_CONTAINER,
        "SHARED and LARGE are the heap's to choose"
    );
    assert!(!small.is_shared());
    assert_eq!(
        small.header().size(),
        align_to_granule(mock::object_size(2, 8))
    );
    let big = mock::alloc(
        &mut m,
        &mut NoRoots,
        mock::TAG_NODE,
        3000,
        8,
        ObjFlags::FINALIZE,
    )
    .unwrap();
    assert_eq!(big.header().flags(), ObjFlags::LARGE | ObjFlags::FINALIZE);
    assert_eq!(mock::slot_count(big), 3000);
    assert!((0..3000).all(|i| mock::get(big, i).is_none()));
    let shared = m
        .alloc_shared(&mut NoRoots, 40, TypeTag(5), ObjFlags::all())
        .unwrap();
    assert_eq!(
        shared.header().flags(),
        ObjFlags::SHARED | ObjFlags::FINALIZE,
        "a shared object may only ask for FINALIZE"
    );
    assert_eq!(shared.header().tag(), TypeTag(5));
}

#[test]
fn memory_of_dead_objects_is_reused() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(16);
    let mut allocated = 0usize;
    let mut peak = 0usize;
    let mut i = 0u64;
    // 48 MiB of garbage with small and medium objects; a few stay live for a while (each of
    // 16 roots holds a short chain, replaced now and then).
    while allocated < 48 << 20 {
        let slots = if i % 17 == 0 {
            60
        } else {
            1 + (i % 5) as usize
        };
        let obj = node(&mut m, &mut roots, slots, i);
        allocated += mock::object_size(slots, 8);
        if i % 101 == 0 {
            // Round r goes to root r % 16; every tenth lap restarts each chain, so chains
            // stay under ten nodes.
            let round = i / 101;
            let k = round as usize % 16;
            let keep = if (round / 16) % 10 == 0 {
                None
            } else {
                roots.slots[k]
            };
            mock::set(&mut m, obj, 0, keep).unwrap();
            roots.slots[k] = Some(obj);
        }
        peak = peak.max(m.local_committed());
        i += 1;
    }
    assert!(m.stats().cycles >= 20, "{:?}", m.stats());
    assert!(
        peak <= 2 * CHUNK_SIZE,
        "committed {peak} bytes at peak for a tiny live set"
    );
    m.collect(&mut roots);
    let report = m.verify(&mut roots);
    assert!(report.is_ok(), "{report}");
}

#[test]
fn memory_of_dead_large_objects_is_returned() {
    let heap = Heap::new(small_config(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let mut peak = 0;
    for i in 0..300u64 {
        // 100 KiB each: 30 MiB in all; one stays live at a time.
        let obj = node(&mut m, &mut roots, 12_800, i);
        assert!(obj.header().flags().contains(ObjFlags::LARGE));
        roots.slots[0] = Some(obj);
        peak = peak.max(m.local_committed());
    }
    assert!(m.stats().cycles >= 10, "{:?}", m.stats());
    assert!(peak <= 2 << 20, "committed {peak} bytes at peak");
    m.collect(&mut roots);
    assert_eq!(common::read_id(roots.slots[0].unwrap()), 299);
    roots.slots[0] = None;
    m.collect(&mut roots);
    assert_eq!(m.local_committed(), m.local_chunks() * CHUNK_SIZE);
}

#[test]
fn chunks_of_a_shrunken_heap_go_back_to_the_os() {
    let config = HeapConfig {
        chunk_release_cycles: 2,
        ..small_config()
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // ~8 MiB live: at least four chunks.
    for i in 0..36_000u64 {
        let n = mock::alloc_node(&mut m, &mut roots, 1, 200).unwrap();
        common::write_id(n, i);
        mock::set(&mut m, n, 0, roots.slots[0]).unwrap();
        roots.slots[0] = Some(n);
    }
    m.collect(&mut roots);
    let peak = m.local_chunks();
    assert!(peak >= 4, "only {peak} chunks for 8 MiB");
    assert_eq!(chain_len(roots.slots[0]), 36_000);
    // Everything dies; a quiet phase follows: a little allocation and a few collections.
    roots.slots[0] = None;
    for round in 0..5 {
        for i in 0..100 {
            node(&mut m, &mut roots, 2, i + round * 1000);
        }
        m.collect(&mut roots);
    }
    assert!(
        m.local_chunks() <= 1,
        "{} of {peak} chunks still mapped after the heap emptied",
        m.local_chunks()
    );
    assert!(m.local_committed() <= CHUNK_SIZE);
    // The heap still works.
    prepend_chain(&mut m, &mut roots, 0, 20_000, 0);
    m.collect(&mut roots);
    assert_eq!(chain_len(roots.slots[0]), 20_000);
}

#[test]
fn chunks_filled_with_garbage_go_back_to_the_os() {
    let config = HeapConfig {
        min_trigger: 1 << 30,
        chunk_release_cycles: 1,
        verify: true,
        ..HeapConfig::default()
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // 12 MiB of garbage with no collection: the heap grows.
    for i in 0..100_000u64 {
        node(&mut m, &mut roots, 13, i);
    }
    let peak = m.local_chunks();
    assert!(peak >= 6, "only {peak} chunks for 12 MiB");
    assert_eq!(m.stats().cycles, 0);
    // A quiet phase with collections and nothing else.
    for _ in 0..4 {
        m.collect(&mut roots);
    }
    assert_eq!(
        m.local_chunks(),
        0,
        "every chunk was empty for several cycles"
    );
    assert_eq!(m.local_committed(), 0);
    let n = node(&mut m, &mut roots, 1, 42);
    roots.slots[0] = Some(n);
    m.collect(&mut roots);
    assert_eq!(common::read_id(roots.slots[0].unwrap()), 42);
    assert_eq!(m.local_chunks(), 1);
}

#[test]
fn payload_words_and_bytes_are_bounds_checked() {
    let heap = Heap::new(HeapConfig::default(), MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(0);
    let obj = m.alloc(&mut roots, 40, heap::TypeTag(9)).unwrap();
    assert_eq!(obj.size(), 48);
    assert_eq!(obj.payload_words(), 5);
    for i in 0..5 {
        obj.store(i, 100 + i as u64);
    }
    assert_eq!((0..5).map(|i| obj.load(i)).sum::<u64>(), 510);
    assert_eq!(obj.swap(0, 7), 100);
    assert_eq!(obj.compare_exchange(0, 7, 8), Ok(7));
    assert_eq!(obj.compare_exchange(0, 7, 9), Err(8));
    obj.write_bytes(8, b"agora");
    let mut out = [0u8; 5];
    obj.read_bytes(8, &mut out);
    assert_eq!(&out, b"agora");
    assert!(std::panic::catch_unwind(|| obj.load(5)).is_err());
    assert!(std::panic::catch_unwind(|| obj.write_bytes(36, b"12345")).is_err());
    let big = m.alloc(&mut roots, 64 << 10, heap::TypeTag(9)).unwrap();
    assert_eq!(big.payload_words(), (64 << 10) / 8 - 1);
    big.store(big.payload_words() - 1, 42);
    assert_eq!(big.load(big.payload_words() - 1), 42);
}

#[test]
fn a_dead_large_objects_mapping_serves_the_next_cycles_large_allocation() {
    let config = HeapConfig {
        min_trigger: 4 << 20,
        ..HeapConfig::default()
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let first = node(&mut m, &mut roots, 12_800, 1);
    let footprint = large::PREFIX + large::size_of(first);
    roots.slots[0] = Some(first);
    m.collect(&mut roots);
    let with_one = m.local_committed();
    roots.slots[0] = None;
    m.collect(&mut roots);
    assert_eq!(
        m.local_committed(),
        with_one,
        "the dead object's mapping is kept as a spare"
    );
    // A slightly smaller object reuses it: nothing new is mapped, and its id is intact.
    let second = node(&mut m, &mut roots, 12_000, 2);
    assert_eq!(second.addr(), first.addr(), "the spare mapping was reused");
    roots.slots[0] = Some(second);
    assert_eq!(m.local_committed(), with_one);
    assert_eq!(common::read_id(second), 2);
    // Unused spares go back to the OS at the end of the next cycle.
    roots.slots[0] = None;
    m.collect(&mut roots);
    m.collect(&mut roots);
    assert_eq!(m.local_committed(), with_one - footprint);
    let report = m.verify(&mut roots);
    assert!(report.is_ok(), "{report}");
}

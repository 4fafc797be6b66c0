//! Write-barrier cost per reference store: `Mutator::write_barrier(holder, Some(value))`
//! followed by the store, against the bare store (`mock::set_unbarriered`) as the baseline.
//!
//! Cases (group `barrier_store`):
//! * `bare_store`: the store alone, no barrier (the baseline every other case is read against).
//! * `idle_local_to_local`: no marking in progress, local value into a local object: the
//!   common case, the one with the 1 ns target.
//! * `marking_logged_holder`: a marking cycle is in progress and every holder was already
//!   logged in it (its first store paid the log; the rest pay the log-byte check).
//! * `idle_shared_value_dirty_card`: a shared value into a local object whose card is already
//!   dirty (the card check, no remembered-set insertion).
//!
//! Every case stores into 1024 holders round-robin (slot 0 of 2-slot mock nodes) with values
//! taken from a second set of 1024 objects, so the loop is identical in all cases and only the
//! barrier differs.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use heap::mock::{self, MockBinding, MockRoots};
use heap::{Heap, HeapConfig, Mutator, ObjFlags, ObjectRef};

/// Holders (and values) per case; a power of two.
const OBJECTS: usize = 1024;

/// One case's heap, agent, roots and object sets.
struct Fixture {
    _heap: Heap,
    m: Mutator,
    roots: MockRoots,
    holders: Vec<ObjectRef>,
    values: Vec<ObjectRef>,
}

impl Fixture {
    /// Local holders; values shared if `shared_values`, else local. Everything is rooted.
    fn new(shared_values: bool) -> Fixture {
        let heap = Heap::new(HeapConfig::default(), MockBinding::default());
        let mut m = heap.mutator();
        let mut roots = MockRoots::with_slots(2 * OBJECTS);
        let mut holders = Vec::with_capacity(OBJECTS);
        let mut values = Vec::with_capacity(OBJECTS);
        for i in 0..OBJECTS {
            let holder = mock::alloc_node(&mut m, &mut roots, 2, 0).expect("holder");
            roots.slots[2 * i] = Some(holder);
            holders.push(holder);
            let value = if shared_values {
                mock::alloc_shared_node(&mut m, &mut roots, 2, 0, ObjFlags::empty())
            } else {
                mock::alloc_node(&mut m, &mut roots, 2, 0)
            }
            .expect("value");
            roots.slots[2 * i + 1] = Some(value);
            values.push(value);
        }
        Fixture {
            _heap: heap,
            m,
            roots,
            holders,
            values,
        }
    }

    /// One barriered store into every holder (logs them while marking, dirties their cards
    /// for shared values), so that the timed loop only sees the steady state.
    fn touch_all(&mut self) {
        for (i, holder) in self.holders.iter().enumerate() {
            mock::set(&mut self.m, *holder, 0, Some(self.values[i])).expect("legal store");
        }
    }

    /// `iters` barriered stores.
    fn barriered(&mut self, iters: u64) -> Duration {
        let (holders, values) = (&self.holders[..], &self.values[..]);
        let m = &mut self.m;
        let start = Instant::now();
        for i in 0..iters as usize {
            let holder = holders[i & (OBJECTS - 1)];
            let value = Some(values[(i * 7) & (OBJECTS - 1)]);
            if m.write_barrier(holder, value).is_ok() {
                mock::set_unbarriered(holder, 0, value);
            }
        }
        start.elapsed()
    }

    /// `iters` bare stores.
    fn bare(&mut self, iters: u64) -> Duration {
        let (holders, values) = (&self.holders[..], &self.values[..]);
        let start = Instant::now();
        for i in 0..iters as usize {
            let holder = holders[i & (OBJECTS - 1)];
            let value = Some(values[(i * 7) & (OBJECTS - 1)]);
            mock::set_unbarriered(holder, 0, value);
        }
        start.elapsed()
    }
}

fn bench_barrier(c: &mut Criterion) {
    let mut group = c.benchmark_group("barrier_store");

    let mut bare = Fixture::new(false);
    group.bench_function("bare_store", |b| b.iter_custom(|iters| bare.bare(iters)));
    drop(bare);

    let mut idle = Fixture::new(false);
    idle.touch_all();
    assert!(!idle.m.is_marking());
    group.bench_function("idle_local_to_local", |b| {
        b.iter_custom(|iters| idle.barriered(iters))
    });
    drop(idle);

    let mut marking = Fixture::new(false);
    // Start a cycle and mark a single object: the 2048 rooted objects keep the worklist
    // non-empty, and nothing allocates below, so the cycle stays in progress throughout.
    assert!(marking.m.step(&mut marking.roots, 1, true));
    marking.touch_all();
    group.bench_function("marking_logged_holder", |b| {
        b.iter_custom(|iters| marking.barriered(iters))
    });
    assert!(
        marking.m.is_marking(),
        "the cycle must still be in progress"
    );
    drop(marking);

    let mut shared = Fixture::new(true);
    shared.touch_all();
    assert!(!shared.m.is_marking());
    assert!(shared.holders.iter().all(|h| shared.m.card_is_dirty(*h)));
    assert_eq!(shared.m.remembered_count(), OBJECTS);
    group.bench_function("idle_shared_value_dirty_card", |b| {
        b.iter_custom(|iters| shared.barriered(iters))
    });
    assert_eq!(shared.m.remembered_count(), OBJECTS);
    drop(shared);

    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_barrier
}
criterion_main!(benches);

//! Allocation fast path: time per 32-byte object from `Mutator::alloc`, side by side with a raw
//! pointer bump in a Vec-backed arena and with `Box::new([0u64; 4])` + drop (malloc + free).
//!
//! Two figures per allocator:
//! * `*_fast_path`: batches of [`BATCH`] allocations, each batch timed on its own; a batch in
//!   which the allocator left its fast path (a refill, a marking slice, a collection) is thrown
//!   away, so the figure is the inline bump alone. The timer costs two clock reads per batch
//!   (0.1–0.2 ns per object), the same for every allocator in the group.
//! * `*_amortized`: one timer around the whole loop, so refills, lazy sweeping and the
//!   collections the heap runs as it goes (default `min_trigger`) are spread over the
//!   objects.
//!
//! The objects are garbage: nothing roots them (`NoRoots`), as in a loop that allocates
//! temporaries. Only the header is written, as `Mutator::alloc` does; the raw bump writes the
//! same header word, `Box::new([0u64; 4])` zeroes its 32 bytes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use heap::geometry::{align_to_granule, BLOCK_SIZE, GRANULE};
use heap::mock::{MockBinding, TAG_NODE};
use heap::{Header, Heap, HeapConfig, Mutator, NoRoots, ObjFlags};

/// Object size under test, header included.
const SIZE: usize = 32;
/// Allocations per timed batch in the fast-path figures.
const BATCH: u64 = 256;
/// Bytes of the raw arena: the heap's default `min_trigger`, so that both allocators cycle
/// through the same amount of memory between two reuses of an address.
const ARENA_BYTES: usize = heap::DEFAULT_MIN_TRIGGER;

/// The baseline: a bump pointer through 32 KiB "holes" of a Vec-backed arena, wrapping around
/// at the end. Same fast path shape as `Mutator::alloc` (granule rounding, limit check, header
/// store), with a trivial refill.
struct BumpArena {
    mem: Vec<u64>,
    cursor: usize,
    limit: usize,
    refills: u64,
}

impl BumpArena {
    fn new(bytes: usize) -> BumpArena {
        let mem = vec![0u64; bytes / 8];
        BumpArena {
            mem,
            cursor: 0,
            limit: 0,
            refills: 0,
        }
    }

    #[inline(always)]
    fn alloc(&mut self, size: usize, header: u64) -> usize {
        let size = align_to_granule(size.max(GRANULE));
        let start = self.cursor;
        let end = start + size;
        if end <= self.limit {
            self.cursor = end;
            // SAFETY: `start..end` lies inside the current hole of `mem`, which `refill`
            // chose inside the vector; `start` is 16-aligned because holes and sizes are.
            unsafe { (start as *mut u64).write(header) };
            return start;
        }
        self.refill(size, header)
    }

    #[cold]
    #[inline(never)]
    fn refill(&mut self, size: usize, header: u64) -> usize {
        self.refills += 1;
        let base = align_to_granule(self.mem.as_mut_ptr() as usize);
        let end_of_mem = self.mem.as_ptr() as usize + self.mem.len() * 8;
        let mut hole = if self.limit == 0 { base } else { self.limit };
        if hole + BLOCK_SIZE > end_of_mem {
            hole = base;
        }
        // Keep the arena's memory observable so that stores into it are not optimised away.
        black_box(self.mem.as_mut_ptr());
        self.cursor = hole;
        self.limit = hole + BLOCK_SIZE;
        self.alloc(size, header)
    }
}

fn heap_and_mutator() -> (Heap, Mutator) {
    let heap = Heap::new(HeapConfig::default(), MockBinding::default());
    let mutator = heap.mutator();
    (heap, mutator)
}

#[inline(always)]
fn heap_alloc(m: &mut Mutator) -> usize {
    match m.alloc(&mut NoRoots, SIZE, TAG_NODE) {
        Ok(obj) => obj.addr(),
        Err(e) => panic!("{e}"),
    }
}

/// An allocator under test, as the batched fast-path figure sees it.
trait Allocator {
    /// How many times the allocator left its fast path so far.
    fn slow_count(&self) -> u64;
    /// Allocates [`BATCH`] objects; returns something that depends on all of them.
    fn batch(&mut self) -> usize;
}

impl Allocator for Mutator {
    fn slow_count(&self) -> u64 {
        self.stats().slow_allocations
    }

    #[inline(never)]
    fn batch(&mut self) -> usize {
        let mut acc = 0;
        for _ in 0..BATCH {
            acc ^= heap_alloc(self);
        }
        acc
    }
}

impl Allocator for BumpArena {
    fn slow_count(&self) -> u64 {
        self.refills
    }

    #[inline(never)]
    fn batch(&mut self) -> usize {
        let header = Header::new(TAG_NODE, SIZE, ObjFlags::empty()).bits();
        let mut acc = 0;
        for _ in 0..BATCH {
            acc ^= self.alloc(SIZE, header);
        }
        acc
    }
}

/// `Box::new` + drop: the system allocator's fast path (glibc malloc's tcache).
struct Malloc;

impl Allocator for Malloc {
    fn slow_count(&self) -> u64 {
        0
    }

    #[inline(never)]
    fn batch(&mut self) -> usize {
        for _ in 0..BATCH {
            drop(black_box(Box::new([0u64; 4])));
        }
        0
    }
}

/// Runs batches until `iters` objects were allocated in batches that stayed on the fast path,
/// and returns their time scaled to `iters` objects.
fn clean_batches(allocator: &mut impl Allocator, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    let mut counted = 0u64;
    while counted < iters {
        let slow_before = allocator.slow_count();
        let start = Instant::now();
        let acc = allocator.batch();
        let elapsed = start.elapsed();
        black_box(acc);
        if allocator.slow_count() == slow_before {
            total += elapsed;
            counted += BATCH;
        }
    }
    total.mul_f64(iters as f64 / counted as f64)
}

fn bench_alloc(c: &mut Criterion) {
    let header = Header::new(TAG_NODE, SIZE, ObjFlags::empty()).bits();
    let mut group = c.benchmark_group("alloc_32B");

    {
        let (_heap, mut m) = heap_and_mutator();
        // Warm the heap into its steady state (chunks mapped, a few cycles run).
        for _ in 0..(1 << 20) {
            black_box(heap_alloc(&mut m));
        }
        group.bench_function("heap_fast_path", |b| {
            b.iter_custom(|iters| clean_batches(&mut m, iters))
        });
    }

    {
        let mut arena = BumpArena::new(ARENA_BYTES);
        group.bench_function("raw_bump_fast_path", |b| {
            b.iter_custom(|iters| clean_batches(&mut arena, iters))
        });
    }

    group.bench_function("malloc_free", |b| {
        b.iter_custom(|iters| clean_batches(&mut Malloc, iters))
    });

    {
        let (_heap, mut m) = heap_and_mutator();
        for _ in 0..(1 << 20) {
            black_box(heap_alloc(&mut m));
        }
        group.bench_function("heap_amortized", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                let mut acc = 0;
                for _ in 0..iters {
                    acc ^= heap_alloc(&mut m);
                }
                let elapsed = start.elapsed();
                black_box(acc);
                elapsed
            })
        });
        report_slow_path(&mut m);
    }

    {
        let mut arena = BumpArena::new(ARENA_BYTES);
        group.bench_function("raw_bump_amortized", |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                let mut acc = 0;
                for _ in 0..iters {
                    acc ^= arena.alloc(SIZE, header);
                }
                let elapsed = start.elapsed();
                black_box(acc);
                elapsed
            })
        });
    }

    group.finish();
}

/// Prints how often the amortized loop leaves the fast path, to read the amortized figure by.
fn report_slow_path(m: &mut Mutator) {
    const N: u64 = 16 << 20;
    let before = m.stats();
    let start = Instant::now();
    for _ in 0..N {
        black_box(heap_alloc(m));
    }
    let elapsed = start.elapsed();
    let after = m.stats();
    println!(
        "alloc_32B/heap_amortized: {N} objects in {:.1} ms ({:.2} ns/object): {} slow-path \
         allocations (one per {} objects), {} collections (one per {:.1} MiB), {} MiB committed",
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_secs_f64() * 1e9 / N as f64,
        after.slow_allocations - before.slow_allocations,
        N / (after.slow_allocations - before.slow_allocations).max(1),
        after.cycles - before.cycles,
        (N as usize * SIZE) as f64 / (after.cycles - before.cycles).max(1) as f64 / 1048576.0,
        m.local_committed() >> 20,
    );
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench_alloc
}
criterion_main!(benches);

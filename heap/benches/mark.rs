//! Marking throughput and incremental slice lengths over a 256 MiB live heap of mock nodes.
//!
//! The graph is a complete binary tree of 48-byte nodes (2 reference slots + 16 data bytes)
//! allocated in breadth-first order — node `i` points to nodes `2i + 1` and `2i + 2` — so it
//! is allocation-ordered, as a heap built by a running program mostly is. One root holds node
//! 0; `min_trigger` is huge so nothing collects while it is built.
//!
//! * Criterion group `mark_256MB`, bench `full_collect`: one `Mutator::collect` (a whole
//!   non-incremental cycle: start, drain, final mark) per iteration, reported in objects/s
//!   and bytes/s.
//! * Printed afterwards: the split of a full collection into its phases (from the `events`
//!   sink), then two incremental cycles over the same heap with every pause recorded:
//!   `paced` (a cycle started by `step` and driven by the heap's own allocation pacing, the
//!   mutator allocating 32-byte garbage) and `deadline` (`step` with an unlimited byte budget,
//!   so only `max_slice` — 1 ms by default — ends a slice). Max and p99 slice lengths are
//!   the figures with the 1 ms target. Last, the first allocation after a cycle is timed:
//!   it lazily sweeps the blocks, a pause the events do not report.
//!
//! Run under `cargo test --benches` (no `--bench` flag), the graph is small and only the
//! code paths are exercised.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput};
use heap::mock::{self, MockBinding, MockRoots};
use heap::sync::{lock, Arc, Mutex};
use heap::{GcEvent, GcPhase, Heap, HeapConfig, Mutator, ObjectRef};

/// Bytes of one node.
const NODE_BYTES: usize = mock::object_size(2, 16);
/// Live bytes of the full-size graph.
const LIVE_BYTES: usize = 256 << 20;

type EventLog = Arc<Mutex<Vec<GcEvent>>>;

fn build(m: &mut Mutator, roots: &mut MockRoots, nodes: usize) {
    let mut all: Vec<ObjectRef> = Vec::with_capacity(nodes);
    for i in 0..nodes {
        let node = mock::alloc_node(m, roots, 2, 16).expect("the limit is high enough");
        if i == 0 {
            roots.slots[0] = Some(node);
        } else {
            mock::set(m, all[(i - 1) / 2], (i - 1) % 2, Some(node)).expect("local store");
        }
        all.push(node);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Prints the pauses of one cycle recorded in `events`.
fn report_cycle(label: &str, events: &[GcEvent], wall: Duration, max_slice: Duration) {
    let mut slices: Vec<Duration> = events
        .iter()
        .filter(|e| e.phase == GcPhase::Slice)
        .map(|e| e.pause)
        .collect();
    slices.sort_unstable();
    let pause_of = |phase| {
        events
            .iter()
            .filter(|e| e.phase == phase)
            .map(|e| e.pause)
            .max()
            .unwrap_or_default()
    };
    let over = slices.iter().filter(|s| **s > max_slice).count();
    let marking: Duration = slices.iter().sum();
    println!(
        "mark_256MB/slices/{label}: {} slices, marking {:.1} ms in {:.1} ms wall; slice p50 \
         {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} over max_slice {:.1} ms); start pause {:.3} \
         ms, final-mark pause {:.3} ms",
        slices.len(),
        ms(marking),
        ms(wall),
        ms(percentile(&slices, 50.0)),
        ms(percentile(&slices, 99.0)),
        ms(slices.last().copied().unwrap_or_default()),
        over,
        ms(max_slice),
        ms(pause_of(GcPhase::Start)),
        ms(pause_of(GcPhase::FinalMark)),
    );
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let nodes = if bench_mode {
        LIVE_BYTES / NODE_BYTES
    } else {
        1 << 16
    };

    let log: EventLog = Arc::new(Mutex::new(Vec::new()));
    let sink = log.clone();
    let config = HeapConfig {
        local_limit: 2 << 30,
        min_trigger: 1 << 40,
        events: Some(Arc::new(move |e: &GcEvent| lock(&sink).push(*e))),
        ..HeapConfig::default()
    };
    let max_slice = config.max_slice;
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);

    let started = Instant::now();
    build(&mut m, &mut roots, nodes);
    assert_eq!(m.stats().cycles, 0, "nothing may collect during the build");
    println!(
        "mark_256MB: built {nodes} nodes of {NODE_BYTES} B ({} MiB live, {} MiB committed) in \
         {:.0} ms",
        (nodes * NODE_BYTES) >> 20,
        m.local_committed() >> 20,
        ms(started.elapsed())
    );
    // A first collection, so that every measured one starts from the same state.
    m.collect(&mut roots);
    assert_eq!(m.stats().live_after_cycle, nodes * NODE_BYTES);

    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    {
        let mut group = criterion.benchmark_group("mark_256MB");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .throughput(Throughput::ElementsAndBytes {
                elements: nodes as u64,
                bytes: (nodes * NODE_BYTES) as u64,
            });
        group.bench_function("full_collect", |b| {
            b.iter(|| {
                m.collect(&mut roots);
                black_box(m.stats().live_after_cycle)
            })
        });
        group.finish();
    }
    criterion.final_summary();

    // The phases of a full collection.
    const FULL: u32 = 5;
    lock(&log).clear();
    let started = Instant::now();
    for _ in 0..FULL {
        m.collect(&mut roots);
    }
    let wall = started.elapsed() / FULL;
    let events = std::mem::take(&mut *lock(&log));
    let sum = |phase| {
        events
            .iter()
            .filter(|e| e.phase == phase)
            .map(|e| e.pause)
            .sum::<Duration>()
            / FULL
    };
    let drain = sum(GcPhase::Slice);
    println!(
        "mark_256MB/full_collect phases: total {:.1} ms = start {:.2} ms + drain {:.1} ms + \
         final mark {:.2} ms (+ {:.2} ms outside the phases); drain alone {:.1} M objects/s, \
         {:.0} MB/s",
        ms(wall),
        ms(sum(GcPhase::Start)),
        ms(drain),
        ms(sum(GcPhase::FinalMark)),
        ms(wall.saturating_sub(sum(GcPhase::Start) + drain + sum(GcPhase::FinalMark))),
        nodes as f64 / drain.as_secs_f64() / 1e6,
        (nodes * NODE_BYTES) as f64 / drain.as_secs_f64() / 1e6,
    );

    // An incremental cycle driven by allocation pacing: `step` starts it, then the mutator
    // allocates 32-byte garbage and the allocator runs a slice at every refill.
    lock(&log).clear();
    let started = Instant::now();
    assert!(m.step(&mut roots, 64 << 10, true));
    let mut garbage = 0usize;
    while m.is_marking() {
        let obj = mock::alloc_node(&mut m, &mut roots, 1, 0).expect("garbage");
        garbage ^= obj.addr();
    }
    let wall = started.elapsed();
    black_box(garbage);
    report_cycle("paced", &lock(&log), wall, max_slice);
    assert_eq!(m.stats().live_after_cycle, nodes * NODE_BYTES);

    // An incremental cycle in which only the deadline ends a slice.
    lock(&log).clear();
    let started = Instant::now();
    let mut more = m.step(&mut roots, usize::MAX, true);
    while more {
        more = m.step(&mut roots, usize::MAX, false);
    }
    let wall = started.elapsed();
    report_cycle("deadline", &lock(&log), wall, max_slice);
    assert_eq!(m.stats().live_after_cycle, nodes * NODE_BYTES);

    // The first allocation after a cycle: every block became unswept, and with everything
    // live the allocator sweeps them all looking for a hole (a pause no event reports).
    let started = Instant::now();
    black_box(mock::alloc_node(&mut m, &mut roots, 1, 0).expect("garbage"));
    let first = started.elapsed();
    let started = Instant::now();
    black_box(mock::alloc_node(&mut m, &mut roots, 1, 0).expect("garbage"));
    println!(
        "mark_256MB/sweep: first allocation after the cycle {:.3} ms (lazy sweep of {} MiB of \
         blocks, no free line), second {:.3} ms",
        ms(first),
        m.local_committed() >> 20,
        ms(started.elapsed())
    );
}

//! Global safepoint time-to-stop: the latency from `Heap::stop_the_world` being called on a
//! thread that is not an agent to the moment its closure runs (every agent stopped at a poll),
//! with 1, 2 and 4 agents running a loop of 32-byte allocations each followed by `poll`.
//!
//! Printed (not criterion: each sample needs the agents back in their loop first, so the
//! requester sleeps [`GAP`] between safepoints): p50/p90/p99/p99.9/max over [`SAFEPOINTS`]
//! safepoints per agent count. The machine this was written for has 2 cores, so 4 running
//! agents plus the requester oversubscribe it: the figure for 4 agents includes waiting for
//! preempted agents to be scheduled again before they can reach a poll.
//!
//! Criterion group `safepoint`: the cost of `Mutator::poll` when no safepoint is requested
//! (the per-back-edge cost every agent pays), and a `stop_the_world` round trip with no agent.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use heap::mock::{MockBinding, TAG_NODE};
use heap::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use heap::sync::{thread, Arc};
use heap::{Heap, HeapConfig, NoRoots};

/// Safepoints per agent count (full run).
const SAFEPOINTS: usize = 2000;
/// Pause of the requester between two safepoints, so that every agent is back in its loop.
const GAP: Duration = Duration::from_micros(500);

/// Runs `agents` allocating agents and requests `count` safepoints from this thread; returns
/// the time-to-stop of each.
fn time_to_stop(agents: usize, count: usize) -> Vec<Duration> {
    let heap = Heap::new(HeapConfig::default(), MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let looping = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..agents)
        .map(|i| {
            let heap = heap.clone();
            let stop = stop.clone();
            let looping = looping.clone();
            thread::Builder::new()
                .name(format!("agent-{i}"))
                .spawn(move || {
                    let mut m = heap.mutator();
                    looping.fetch_add(1, Ordering::Release);
                    let mut acc = 0usize;
                    while !stop.load(Ordering::Relaxed) {
                        let obj = m
                            .alloc(&mut NoRoots, 32, TAG_NODE)
                            .expect("garbage is reclaimed");
                        acc ^= obj.addr();
                        m.poll(&mut NoRoots);
                    }
                    black_box(acc);
                    m.stats().cycles
                })
                .expect("spawn an agent thread")
        })
        .collect();
    while looping.load(Ordering::Acquire) < agents {
        thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(heap.participant_count(), agents);
    // Let every agent reach its steady state (chunks mapped, first cycles run).
    thread::sleep(Duration::from_millis(50));

    let mut latencies = Vec::with_capacity(count);
    for _ in 0..count {
        thread::sleep(GAP);
        let requested = Instant::now();
        let latency = heap.stop_the_world(|participants| {
            let latency = requested.elapsed();
            assert_eq!(participants.len(), agents);
            latency
        });
        latencies.push(latency);
    }

    stop.store(true, Ordering::Relaxed);
    let cycles: u64 = threads
        .into_iter()
        .map(|t| t.join().expect("agent thread panicked"))
        .sum();
    assert_eq!(heap.participant_count(), 0, "every agent unregistered");
    assert!(cycles > 0, "the agents allocated enough to collect");
    latencies
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(agents: usize, mut latencies: Vec<Duration>) {
    latencies.sort_unstable();
    let mean = latencies.iter().sum::<Duration>() / latencies.len() as u32;
    let over = latencies
        .iter()
        .filter(|l| **l > Duration::from_micros(100))
        .count();
    println!(
        "safepoint/time_to_stop/{agents}_agents: n={} p50 {:.1} us, p90 {:.1} us, p99 {:.1} us, \
         p99.9 {:.1} us, max {:.1} us, mean {:.1} us; {} over 100 us",
        latencies.len(),
        us(percentile(&latencies, 50.0)),
        us(percentile(&latencies, 90.0)),
        us(percentile(&latencies, 99.0)),
        us(percentile(&latencies, 99.9)),
        us(*latencies.last().expect("at least one sample")),
        us(mean),
        over,
    );
}

fn bench_poll(c: &mut Criterion) {
    let mut group = c.benchmark_group("safepoint");
    let heap = Heap::new(HeapConfig::default(), MockBinding::default());
    {
        let mut m = heap.mutator();
        group.bench_function("poll_not_requested", |b| {
            b.iter(|| m.poll(black_box(&mut NoRoots)))
        });
    }
    group.bench_function("stop_the_world_no_agents", |b| {
        b.iter(|| heap.stop_the_world(|participants| participants.len()))
    });
    group.finish();
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let mut criterion = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    bench_poll(&mut criterion);
    criterion.final_summary();

    let count = if bench_mode { SAFEPOINTS } else { 20 };
    println!(
        "safepoint/time_to_stop: {count} safepoints per agent count, {} us between safepoints",
        GAP.as_micros()
    );
    for agents in [1, 2, 4] {
        report(agents, time_to_stop(agents, count));
    }
}

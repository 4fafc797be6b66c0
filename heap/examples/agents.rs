//! A multi-agent GC workload on the mock object model: N agent threads each run binary-trees
//! on their own local heap while appending to a shared list that every agent can read, and a
//! background marker helps. Shows local collections running independently, shared
//! collections under global safepoints, and `--trace-gc` output.
//!
//! ```text
//! cargo run --release -p agora-heap --example agents -- [--agents N] [--depth D]
//!     [--trace-gc] [--verify] [--background-marker]
//! ```

use std::time::Instant;

use heap::mock::{self, MockBinding, MockRoots};
use heap::sync::atomic::{AtomicBool, Ordering};
use heap::sync::{lock, thread, Arc, Mutex};
use heap::{GcEvent, Global, Heap, HeapConfig, Mutator, ObjFlags, ObjectRef};

struct Options {
    agents: usize,
    depth: u32,
    trace_gc: bool,
    verify: bool,
    background_marker: bool,
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        agents: 4,
        depth: 16,
        trace_gc: false,
        verify: false,
        background_marker: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--agents" => options.agents = number("--agents")?.clamp(1, 64) as usize,
            "--depth" => options.depth = number("--depth")?.clamp(4, 22) as u32,
            "--trace-gc" => options.trace_gc = true,
            "--verify" => options.verify = true,
            "--background-marker" => options.background_marker = true,
            "--help" | "-h" => {
                return Err(
                    "usage: agents [--agents N] [--depth D] [--trace-gc] [--verify] \
                            [--background-marker]"
                        .into(),
                )
            }
            other => return Err(format!("unknown option {other} (try --help)")),
        }
    }
    Ok(options)
}

/// Builds a complete binary tree of `depth` with one handle per level kept in `roots`.
fn bottom_up_tree(m: &mut Mutator, roots: &mut MockRoots, depth: u32) -> ObjectRef {
    let node = mock::alloc_node(m, roots, 2, 0).expect("heap limit");
    if depth == 0 {
        return node;
    }
    roots.slots.push(Some(node));
    let left = bottom_up_tree(m, roots, depth - 1);
    let node = roots.slots.last().copied().flatten().expect("rooted node");
    mock::set(m, node, 0, Some(left)).expect("local store");
    let right = bottom_up_tree(m, roots, depth - 1);
    let node = roots.slots.pop().flatten().expect("rooted node");
    mock::set(m, node, 1, Some(right)).expect("local store");
    node
}

fn check_tree(node: ObjectRef) -> u64 {
    match (mock::get(node, 0), mock::get(node, 1)) {
        (Some(left), Some(right)) => 1 + check_tree(left) + check_tree(right),
        _ => 1,
    }
}

fn run_agent(heap: Heap, index: usize, depth: u32, shared_head: Arc<Mutex<Option<Global>>>) -> u64 {
    let mut m = heap.mutator();
    let mut roots = MockRoots::default();
    let mut checksum = 0;
    let long_lived = bottom_up_tree(&mut m, &mut roots, depth);
    roots.slots.push(Some(long_lived));
    for d in (4..=depth).step_by(2) {
        let iterations = 1u64 << (depth - d + 4);
        for _ in 0..iterations {
            let tree = bottom_up_tree(&mut m, &mut roots, d);
            checksum += check_tree(tree);
            m.poll(&mut roots);
        }
        // One shared node per depth, pushed on a list all agents share. The list head is a
        // shared global behind a host mutex; taking the mutex may block, so it is taken
        // parked. Every fourth push drops the old list, so shared collections find garbage.
        let node = mock::alloc_shared_node(&mut m, &mut roots, 1, 8, ObjFlags::empty())
            .expect("shared heap limit");
        roots.slots.push(Some(node));
        let mut head = m.park_while(&mut roots, || lock(&shared_head));
        let previous = head.and_then(|global| heap.release_shared_global(global));
        let keep = (d / 2) % 4 != 0;
        mock::set(&mut m, node, 0, previous.filter(|_| keep)).expect("shared → shared store");
        *head = Some(heap.new_shared_global(node));
        drop(head);
        roots.slots.pop();
    }
    checksum += check_tree(long_lived);
    let stats = m.stats();
    eprintln!(
        "agent {index}: {} local cycles, live after last {} KiB, {} chunks mapped",
        stats.cycles,
        stats.live_after_cycle >> 10,
        m.local_chunks()
    );
    checksum
}

fn main() {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let events: Option<heap::EventSink> = options.trace_gc.then(|| {
        let sink: heap::EventSink = Arc::new(|event: &GcEvent| eprintln!("{event}"));
        sink
    });
    let config = HeapConfig {
        verify: options.verify,
        background_marking: options.background_marker,
        events,
        ..HeapConfig::default()
    };
    let heap = Heap::new(config, MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let marker = options.background_marker.then(|| {
        let (heap, stop) = (heap.clone(), stop.clone());
        thread::spawn(move || heap.run_background_marker(&stop))
    });
    let shared_head = Arc::new(Mutex::new(None));
    let started = Instant::now();
    let agents: Vec<_> = (0..options.agents)
        .map(|index| {
            let (heap, head) = (heap.clone(), shared_head.clone());
            thread::spawn(move || run_agent(heap, index, options.depth, head))
        })
        .collect();
    let checksum: u64 = agents
        .into_iter()
        .map(|agent| agent.join().expect("agent thread panicked"))
        .sum();
    heap.collect_shared();
    stop.store(true, Ordering::Release);
    if let Some(marker) = marker {
        marker.join().expect("marker thread panicked");
    }
    println!(
        "RESULT agents={} depth={} ms={} checksum={} shared_collections={} shared_live={}B",
        options.agents,
        options.depth,
        started.elapsed().as_millis(),
        checksum,
        heap.shared_collections(),
        heap.shared_live()
    );
}

//! Background marking (`heap/src/marking/concurrent.rs`) against the write barrier
//! (`heap/src/barrier.rs`) under shuttle: a marker thread (`Heap::run_background_marker`)
//! traces part of an agent's graph while the agent mutates it through `mock::set` between
//! tiny incremental slices (`Mutator::step`). A shadow model of the graph says what must be
//! reachable; after `collect` (which runs the verifier) every shadow-reachable node must be
//! intact with exactly the edges the model says.
//!
//! Offering work to markers needs a long worklist (`2 * MIN_OFFER` = 512 grey objects at the
//! start of a slice), so each agent roots [`LEAVES`] slot-less leaves besides its small graph.
//! The leaves come first in the roots and the graph roots last, so the offered half — the top
//! of the worklist — holds the graph: the marker traces exactly what the agent mutates.
//!
//! Shuttle does not model `Condvar::wait_timeout` timing out, and setting the marker's stop
//! flag does not wake it from its idle wait (it relies on a 20 ms timeout), so [`stop_marker`]
//! sets the flag and then makes an agent offer a job, which wakes the marker.
#![cfg(shuttle)]

use agora_shuttle_tests::{
    assert_intact, check_scaled, heap_config, join, replay_saved, set_id, spawn, Baton, Scenario,
    ID_BYTES,
};
use heap::mock::{self, MockBinding, MockRoots};
use heap::safepoint::PARKED;
use heap::sync::atomic::{AtomicBool, Ordering};
use heap::sync::Arc;
use heap::{Heap, HeapConfig, Mutator, ObjectRef};
use shuttle::rand::{thread_rng, Rng};

const SCENARIOS: &[Scenario] = &[
    ("marking_barrier_vs_marker", barrier_vs_marker),
    ("marking_marker_in_safepoints", marker_in_safepoints),
    (
        "marking_drop_mid_cycle_in_safepoint",
        drop_mid_cycle_in_safepoint,
    ),
    ("marking_markers_stop_mid_cycle", markers_stop_mid_cycle),
];

/// Leaves rooted so that the first slice of a cycle offers half its worklist to the markers.
const LEAVES: usize = 512;
/// Graph nodes built before marking starts.
const NODES: usize = 6;
/// Root slots for the graph (after the leaves).
const GRAPH_ROOTS: usize = 2;
/// Slots per graph node.
const SLOTS: usize = 2;
/// Bytes per incremental slice: one or two objects.
const SLICE: usize = 32;

fn marking_config() -> HeapConfig {
    HeapConfig {
        background_marking: true,
        tiny_slices: Some(SLICE),
        ..heap_config()
    }
}

/// The agent's graph and its shadow model.
struct Graph {
    nodes: Vec<ObjectRef>,
    edges: Vec<[Option<usize>; SLOTS]>,
    roots: [Option<usize>; GRAPH_ROOTS],
}

impl Graph {
    fn id(node: usize) -> u64 {
        1000 + node as u64
    }

    /// Allocates a fresh node (null slots) and records it; not yet reachable.
    fn alloc(&mut self, m: &mut Mutator, roots: &mut MockRoots) -> usize {
        let obj = mock::alloc_node(m, roots, SLOTS, ID_BYTES).unwrap();
        let index = self.nodes.len();
        set_id(obj, Self::id(index));
        self.nodes.push(obj);
        self.edges.push([None; SLOTS]);
        index
    }

    /// Builds a chain 0 → 1 → … → NODES-1 rooted at node 0 (allocated back to front, each
    /// new head rooted while the next is allocated).
    fn build(m: &mut Mutator, roots: &mut MockRoots) -> Graph {
        let mut graph = Graph {
            nodes: Vec::new(),
            edges: Vec::new(),
            roots: [None; GRAPH_ROOTS],
        };
        let mut head = None;
        for _ in 0..NODES {
            let node = graph.alloc(m, roots);
            graph.set_edge(m, node, 0, head);
            graph.set_root(roots, 0, Some(node));
            head = Some(node);
        }
        graph
    }

    fn set_edge(&mut self, m: &mut Mutator, from: usize, slot: usize, to: Option<usize>) {
        mock::set(m, self.nodes[from], slot, to.map(|t| self.nodes[t])).unwrap();
        self.edges[from][slot] = to;
    }

    fn set_root(&mut self, roots: &mut MockRoots, root: usize, to: Option<usize>) {
        roots.slots[LEAVES + root] = to.map(|t| self.nodes[t]);
        self.roots[root] = to;
    }

    /// The nodes reachable in the model, in discovery order.
    fn reachable(&self) -> Vec<usize> {
        let mut seen = vec![false; self.nodes.len()];
        let mut order = Vec::new();
        let mut stack: Vec<usize> = self.roots.iter().flatten().copied().collect();
        while let Some(node) = stack.pop() {
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            order.push(node);
            stack.extend(self.edges[node].iter().flatten());
        }
        order
    }

    /// One random mutation a program could make: only reachable nodes are touched.
    fn mutate(&mut self, m: &mut Mutator, roots: &mut MockRoots) {
        let mut rng = thread_rng();
        let live = self.reachable();
        let pick = |rng: &mut shuttle::rand::rngs::ThreadRng| -> Option<usize> {
            (!live.is_empty() && rng.gen_bool(0.8)).then(|| live[rng.gen_range(0..live.len())])
        };
        match (live.is_empty(), rng.gen_range(0..4)) {
            (false, 0 | 1) => {
                let from = live[rng.gen_range(0..live.len())];
                let to = pick(&mut rng);
                self.set_edge(m, from, rng.gen_range(0..SLOTS), to);
            }
            (false, 2) => {
                let to = pick(&mut rng);
                self.set_root(roots, rng.gen_range(0..GRAPH_ROOTS), to);
            }
            _ => {
                // A new node, born black if marking, pointing into the graph and linked in.
                let node = self.alloc(m, roots);
                let to = pick(&mut rng);
                self.set_edge(m, node, 0, to);
                match live.is_empty() {
                    true => self.set_root(roots, 0, Some(node)),
                    false => {
                        let from = live[rng.gen_range(0..live.len())];
                        self.set_edge(m, from, rng.gen_range(0..SLOTS), Some(node));
                    }
                }
            }
        }
    }

    /// Every node reachable in the model is intact and has exactly the model's edges.
    fn assert_intact(&self) {
        for node in self.reachable() {
            let obj = self.nodes[node];
            assert_intact(obj, Self::id(node));
            for slot in 0..SLOTS {
                let expected = self.edges[node][slot].map(|t| self.nodes[t]);
                assert_eq!(
                    mock::get(obj, slot),
                    expected,
                    "node {node} slot {slot} disagrees with the model"
                );
            }
        }
    }
}

/// An agent's roots: `LEAVES` fresh leaves, then the graph roots.
fn leaf_roots(m: &mut Mutator) -> MockRoots {
    let mut roots = MockRoots::with_slots(LEAVES + GRAPH_ROOTS);
    for slot in 0..LEAVES {
        roots.slots[slot] = Some(mock::alloc_node(m, &mut roots, 0, 0).unwrap());
    }
    roots
}

/// Stops a marker thread: sets `stop`, then starts a cycle on an agent whose roots hold
/// `LEAVES` leaves, so its first slice offers a job and wakes the marker if it is idle
/// (shuttle never times its idle wait out). Finishes that cycle.
fn stop_marker(stop: &AtomicBool, m: &mut Mutator, roots: &mut MockRoots) {
    stop.store(true, Ordering::Release);
    if m.is_marking() {
        m.collect(roots);
    }
    m.step(roots, SLICE, true);
    m.collect(roots);
}

fn marker_thread(heap: &Heap, stop: &Arc<AtomicBool>) -> heap::sync::thread::JoinHandle<()> {
    let (heap, stop) = (heap.clone(), stop.clone());
    spawn("marker", move || heap.run_background_marker(&stop))
}

/// The agent's part of the marking scenarios: build the graph, start a cycle (offering the
/// graph to the marker), mutate between tiny slices, finish, check the model; collect again
/// and check; then stop the marker.
fn marking_agent(heap: &Heap, stop: &AtomicBool, rounds: usize) {
    let mut m = heap.mutator();
    let mut roots = leaf_roots(&mut m);
    let mut graph = Graph::build(&mut m, &mut roots);
    m.step(&mut roots, SLICE, true);
    for _ in 0..rounds {
        graph.mutate(&mut m, &mut roots);
        m.step(&mut roots, SLICE, false);
        m.poll(&mut roots);
    }
    m.collect(&mut roots);
    graph.assert_intact();
    graph.mutate(&mut m, &mut roots);
    m.collect(&mut roots);
    graph.assert_intact();
    let report = m.verify(&mut roots);
    assert!(report.is_ok(), "{report}");
    stop_marker(stop, &mut m, &mut roots);
    graph.assert_intact();
}

/// One agent mutates its graph through the barrier while a background marker traces it.
fn barrier_vs_marker() {
    let heap = Heap::new(marking_config(), MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let marker = marker_thread(&heap, &stop);
    let agent = {
        let (heap, stop) = (heap.clone(), stop.clone());
        spawn("agent", move || marking_agent(&heap, &stop, 4))
    };
    join(agent);
    join(marker);
    assert_eq!(heap.participant_count(), 0);
}

/// As [`barrier_vs_marker`], with a non-agent thread stopping the world twice: the marker is a
/// safepoint participant too, and must be parked (idle) or stopped (between drains) inside.
fn marker_in_safepoints() {
    let heap = Heap::new(marking_config(), MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let marker = marker_thread(&heap, &stop);
    let agent = {
        let (heap, stop) = (heap.clone(), stop.clone());
        spawn("agent", move || marking_agent(&heap, &stop, 3))
    };
    let stw = {
        let heap = heap.clone();
        spawn("stop-the-world", move || {
            for _ in 0..2 {
                heap.stop_the_world(|slots| {
                    for slot in slots {
                        assert!(
                            slot.state() & PARKED != 0,
                            "participant {} ({:?}) is not parked inside a global safepoint",
                            slot.id,
                            slot.kind
                        );
                    }
                });
            }
        })
    };
    for handle in [agent, stw, marker] {
        join(handle);
    }
}

/// An agent is dropped in the middle of a cycle whose first slice offered a job to the marker,
/// while a non-agent thread stops the world. Dropping abandons the cycle, which waits for the
/// marker to finish the agent's job; the marker stops at the safepoint; the safepoint waits for
/// the agent. Nobody may wait for anybody in a circle.
fn drop_mid_cycle_in_safepoint() {
    let heap = Heap::new(marking_config(), MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let marker = marker_thread(&heap, &stop);
    let agent = {
        let heap = heap.clone();
        spawn("agent", move || {
            let mut m = heap.mutator();
            let mut roots = leaf_roots(&mut m);
            m.step(&mut roots, SLICE, true);
            assert!(m.is_marking());
            drop(m);
        })
    };
    let stw = {
        let heap = heap.clone();
        spawn("stop-the-world", move || heap.stop_the_world(|_| ()))
    };
    join(agent);
    join(stw);
    let mut kicker = heap.mutator();
    let mut roots = leaf_roots(&mut kicker);
    stop_marker(&stop, &mut kicker, &mut roots);
    drop(kicker);
    join(marker);
}

/// Big objects: 16 of them exhaust a marker's 256 KiB drain budget.
const BIG_DATA: usize = 16 << 10;
const BIGS: usize = 17;
/// Leaves under the fan node: enough that the marker's worklist is still >= 512 when its
/// budget runs out, so it splits off a job of its own.
const FAN_LEAVES: usize = 300;

/// The embedder stops its marker threads (sets `stop`) at an arbitrary moment while an agent
/// is still marking. The job the agent offered holds a fan node whose 17 big children exhaust
/// the marker's drain budget with more than 512 objects left, so the marker splits off a job
/// of its own. Whatever the moment, the agent's cycle must complete: a job left in the queue
/// when the last marker exits has to be taken back by the agent.
fn markers_stop_mid_cycle() {
    let heap = Heap::new(marking_config(), MockBinding::default());
    let stop = Arc::new(AtomicBool::new(false));
    let offered = Arc::new(Baton::new(0));
    let stopped = Arc::new(Baton::new(0));
    let marker = marker_thread(&heap, &stop);
    let agent = {
        let (heap, offered, stopped) = (heap.clone(), offered.clone(), stopped.clone());
        spawn("agent", move || {
            let mut m = heap.mutator();
            let mut roots = leaf_roots(&mut m);
            let fan = mock::alloc_node(&mut m, &mut roots, FAN_LEAVES + BIGS, ID_BYTES).unwrap();
            set_id(fan, 7);
            roots.slots[LEAVES] = Some(fan);
            for slot in 0..FAN_LEAVES + BIGS {
                let data = if slot < FAN_LEAVES { 0 } else { BIG_DATA - 16 };
                let child = mock::alloc_node(&mut m, &mut roots, 0, data).unwrap();
                mock::set(&mut m, fan, slot, Some(child)).unwrap();
            }
            m.step(&mut roots, SLICE, true);
            offered.set(1);
            m.collect(&mut roots);
            assert_intact(fan, 7);
            m.park_while(&mut roots, || stopped.wait_for(1));
            // Wake the marker if it idles (see `stop_marker`), and finish that cycle too.
            m.step(&mut roots, SLICE, true);
            m.collect(&mut roots);
            assert_intact(fan, 7);
        })
    };
    offered.wait_for(1);
    for _ in 0..thread_rng().gen_range(0..3000) {
        heap::sync::thread::yield_now();
    }
    stop.store(true, Ordering::Release);
    stopped.set(1);
    join(agent);
    join(marker);
}

// The marking scenarios cost ~35 ms per execution in the debug profile: half the budget.

#[test]
fn barrier_vs_marker_test() {
    check_scaled("marking_barrier_vs_marker", 2, barrier_vs_marker);
}

// Bug 1 (see README.md, "Known bugs", now fixed): `Safepoint::arrive` dropped REQUESTED, so the
// marker, which parks in `next_job` while idle, could unpark through the fast path inside a
// safepoint.

#[test]
fn marker_in_safepoints_test() {
    check_scaled("marking_marker_in_safepoints", 2, marker_in_safepoints);
}

// Bug 2 (see README.md, "Known bugs"; fixed in f9dbdf7): `Mutator::drop` abandoned a marking
// cycle — waiting for the markers' jobs — before it parked, so a safepoint requested meanwhile
// waited for the agent, which waited for the marker, which waited for the safepoint to end.

#[test]
fn drop_mid_cycle_in_safepoint_test() {
    check_scaled(
        "marking_drop_mid_cycle_in_safepoint",
        2,
        drop_mid_cycle_in_safepoint,
    );
}

// Bug 3 (see README.md, "Known bugs"; fixed in f9dbdf7): a job a marker split off after its
// agent reclaimed the queue stayed queued forever once the markers stopped, and the agent
// waited for it forever.

#[test]
fn markers_stop_mid_cycle_test() {
    check_scaled("marking_markers_stop_mid_cycle", 2, markers_stop_mid_cycle);
}

#[test]
fn saved_regressions() {
    replay_saved(SCENARIOS);
}

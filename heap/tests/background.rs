//! Background marking: with `HeapConfig::background_marking` and one or two threads running
//! `Heap::run_background_marker`, an agent that builds and mutates a big graph during marking
//! keeps exactly the graph its shadow model describes, the verifier stays clean after every
//! cycle, and agents and markers can stop in any order without hanging.

mod common;

use common::{read_id, small_config, with_watchdog, write_id, Rng, Workload, WorkloadConfig};
use heap::mock::{self, MockBinding, MockRoots};
use heap::sync::atomic::{AtomicBool, Ordering};
use heap::sync::{thread, Arc};
use heap::{Global, Heap, HeapConfig, Mutator, ObjectRef, Roots};

fn background_config() -> HeapConfig {
    HeapConfig {
        background_marking: true,
        ..small_config()
    }
}

/// Starts `n` marker threads; returns their handles and the stop flag.
fn start_markers(heap: &Heap, n: usize) -> (Vec<thread::JoinHandle<()>>, Arc<AtomicBool>) {
    let stop = Arc::new(AtomicBool::new(false));
    let markers = (0..n)
        .map(|_| {
            let (heap, stop) = (heap.clone(), stop.clone());
            thread::spawn(move || heap.run_background_marker(&stop))
        })
        .collect();
    (markers, stop)
}

fn stop_markers(markers: Vec<thread::JoinHandle<()>>, stop: &AtomicBool) {
    stop.store(true, Ordering::Release);
    for marker in markers {
        marker.join().unwrap();
    }
}

/// A wide two-level tree rooted by a global: `fanout` inner nodes of `inner_fanout` leaves
/// each, with the leaves' ids mirrored in `leaves` — wide enough that marking it offers work
/// to the background markers (and, with many inner nodes, that a marker's job outgrows one
/// drain and is split further).
struct Tree {
    root: Global,
    leaves: Vec<Vec<u64>>,
    next_id: u64,
}

impl Tree {
    fn build(m: &mut Mutator, roots: &mut dyn Roots, fanout: usize, inner_fanout: usize) -> Tree {
        let root = mock::alloc_node(m, roots, fanout, 8).unwrap();
        write_id(root, 0);
        let global = m.new_global(root);
        let mut tree = Tree {
            root: global,
            leaves: vec![Vec::new(); fanout],
            next_id: 1_000_000_000,
        };
        for i in 0..fanout {
            let inner = mock::alloc_node(m, roots, inner_fanout, 8).unwrap();
            write_id(inner, 1 + i as u64);
            mock::set(m, root, i, Some(inner)).unwrap();
            for j in 0..inner_fanout {
                let leaf = tree.new_leaf(m, roots);
                mock::set(m, inner, j, Some(leaf.0)).unwrap();
                tree.leaves[i].push(leaf.1);
            }
        }
        tree
    }

    fn new_leaf(&mut self, m: &mut Mutator, roots: &mut dyn Roots) -> (ObjectRef, u64) {
        let leaf = mock::alloc_node(m, roots, 0, 8).unwrap();
        self.next_id += 1;
        write_id(leaf, self.next_id);
        (leaf, self.next_id)
    }

    fn inner(&self, m: &Mutator, i: usize) -> ObjectRef {
        mock::get(m.global(self.root).unwrap(), i).unwrap()
    }

    /// Swaps two leaves, or replaces one with a new leaf.
    fn mutate(&mut self, m: &mut Mutator, roots: &mut dyn Roots, rng: &mut Rng) {
        let (fanout, inner_fanout) = (self.leaves.len(), self.leaves[0].len());
        let (i, j) = (rng.below(fanout), rng.below(inner_fanout));
        if rng.chance(50) {
            let (k, l) = (rng.below(fanout), rng.below(inner_fanout));
            let (a, b) = (self.inner(m, i), self.inner(m, k));
            let (x, y) = (mock::get(a, j), mock::get(b, l));
            mock::set(m, a, j, y).unwrap();
            mock::set(m, b, l, x).unwrap();
            let tmp = self.leaves[i][j];
            self.leaves[i][j] = self.leaves[k][l];
            self.leaves[k][l] = tmp;
        } else {
            let leaf = self.new_leaf(m, roots);
            let a = self.inner(m, i);
            mock::set(m, a, j, Some(leaf.0)).unwrap();
            self.leaves[i][j] = leaf.1;
        }
    }

    fn check(&self, m: &Mutator) {
        let root = m.global(self.root).unwrap();
        assert_eq!(read_id(root), 0);
        for (i, leaves) in self.leaves.iter().enumerate() {
            let inner = self.inner(m, i);
            assert_eq!(read_id(inner), 1 + i as u64, "inner node {i}");
            for (j, id) in leaves.iter().enumerate() {
                assert_eq!(read_id(mock::get(inner, j).unwrap()), *id, "leaf {i}.{j}");
            }
        }
    }
}

/// An agent's whole run: a big tree plus the random workload, mutated while cycles run
/// (paced by allocation and driven by `step`), checked after every phase.
fn agent_run(heap: &Heap, seed: u64, phases: usize) -> u64 {
    let mut m = heap.mutator();
    let mut w = Workload::new(WorkloadConfig {
        seed,
        root_slots: 16,
        node_slots: 3,
        weak_percent: 5,
        finalize_percent: 10,
        big_percent: 1,
        step_percent: 3,
        ..WorkloadConfig::default()
    });
    let mut rng = Rng::new(seed ^ 0xb6);
    let mut tree = Tree::build(&mut m, &mut w.roots, 256, 64);
    for phase in 0..phases {
        for op in 0..1_500 {
            w.op(&mut m);
            if op % 4 == 0 {
                tree.mutate(&mut m, &mut w.roots, &mut rng);
            }
            if op % 50 == 0 {
                // Garbage, to keep cycles coming.
                for _ in 0..20 {
                    mock::alloc_node(&mut m, &mut w.roots, 30, 8).unwrap();
                }
            }
        }
        w.check();
        tree.check(&m);
        let report = m.verify(&mut w.roots);
        assert!(report.is_ok(), "phase {phase}: {report}");
    }
    m.collect(&mut w.roots);
    m.collect(&mut w.roots);
    w.check();
    tree.check(&m);
    assert_eq!(w.dangling_weak_targets(), Vec::<u64>::new());
    m.stats().cycles
}

#[test]
fn one_agent_with_two_background_markers_matches_its_shadow_model() {
    with_watchdog(60, || {
        let heap = Heap::new(background_config(), MockBinding::default());
        let (markers, stop) = start_markers(&heap, 2);
        let cycles = agent_run(&heap, 11, 6);
        assert!(cycles >= 10, "only {cycles} cycles");
        stop_markers(markers, &stop);
        assert_eq!(heap.participant_count(), 0);
    });
}

#[test]
fn two_agents_share_one_background_marker() {
    with_watchdog(60, || {
        let heap = Heap::new(background_config(), MockBinding::default());
        let (markers, stop) = start_markers(&heap, 1);
        let agents: Vec<_> = [21, 22]
            .into_iter()
            .map(|seed| {
                let heap = heap.clone();
                thread::spawn(move || agent_run(&heap, seed, 3))
            })
            .collect();
        for agent in agents {
            assert!(agent.join().unwrap() >= 5);
        }
        stop_markers(markers, &stop);
    });
}

#[test]
fn background_marking_without_marker_threads_still_completes() {
    let heap = Heap::new(background_config(), MockBinding::default());
    let cycles = agent_run(&heap, 31, 2);
    assert!(cycles >= 3);
}

#[test]
fn markers_stopping_in_the_middle_of_a_cycle_do_not_strand_it() {
    with_watchdog(60, || {
        for round in 0..6 {
            let heap = Heap::new(background_config(), MockBinding::default());
            let (markers, stop) = start_markers(&heap, 2);
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let tree = Tree::build(&mut m, &mut roots, 1_024, 64);
            m.collect(&mut roots);
            // Long enough worklists to offer jobs, then the markers go away mid-cycle.
            // The first step scans the root (1024 grey inner nodes); the next ones offer half
            // of them to the markers, whose jobs then outgrow a drain and split.
            assert!(m.step(&mut roots, 1, true));
            m.step(&mut roots, 1, false);
            m.step(&mut roots, 1, false);
            stop.store(true, Ordering::Release);
            m.step(&mut roots, 64 << 10, false);
            m.collect(&mut roots);
            tree.check(&m);
            let report = m.verify(&mut roots);
            assert!(report.is_ok(), "round {round}: {report}");
            stop_markers(markers, &stop);
        }
    });
}

/// A root with 599 leaves and, in its last slot, a node with `wide` leaves: when an agent
/// offers the second half of the root's children, the marker taking them scans the wide node
/// first, exceeds its drain budget with thousands of grey leaves, and splits off new jobs.
/// Returns the root (the caller roots it) and the number of objects.
fn split_bait(m: &mut Mutator, roots: &mut MockRoots, wide: usize) -> ObjectRef {
    let scope = m.open_scope();
    let root = mock::alloc_node(m, roots, 600, 8).unwrap();
    write_id(root, 1);
    m.root(root);
    for i in 0..599 {
        let leaf = mock::alloc_node(m, roots, 0, 8).unwrap();
        write_id(leaf, 10 + i as u64);
        mock::set(m, root, i, Some(leaf)).unwrap();
    }
    let node = mock::alloc_node(m, roots, wide, 8).unwrap();
    write_id(node, 2);
    mock::set(m, root, 599, Some(node)).unwrap();
    for i in 0..wide {
        let leaf = mock::alloc_node(m, roots, 0, 8).unwrap();
        write_id(leaf, 1_000 + i as u64);
        mock::set(m, node, i, Some(leaf)).unwrap();
    }
    m.close_scope(scope);
    root
}

fn check_bait(root: ObjectRef, wide: usize) {
    assert_eq!(read_id(root), 1);
    for i in 0..599 {
        assert_eq!(read_id(mock::get(root, i).unwrap()), 10 + i as u64);
    }
    let node = mock::get(root, 599).unwrap();
    assert_eq!(read_id(node), 2);
    for i in 0..wide {
        assert_eq!(read_id(mock::get(node, i).unwrap()), 1_000 + i as u64);
    }
}

#[test]
fn markers_told_to_stop_still_run_the_jobs_they_split_off() {
    with_watchdog(60, || {
        for round in 0..12u64 {
            let heap = Heap::new(background_config(), MockBinding::default());
            let (markers, stop) = start_markers(&heap, 1);
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let root = split_bait(&mut m, &mut roots, 20_000);
            roots.slots[0] = Some(root);
            m.collect(&mut roots);
            // Scan the root, offer half of its children, let the marker start on them (and
            // split them) for a while, then tell it to stop.
            assert!(m.step(&mut roots, 1, true));
            m.step(&mut roots, 1, false);
            let nap = std::time::Duration::from_micros(500 * round);
            m.park_while(&mut roots, || thread::sleep(nap));
            stop.store(true, Ordering::Release);
            // The final mark waits for the job, whose split-off parts no other marker runs.
            m.collect(&mut roots);
            check_bait(root, 20_000);
            let report = m.verify_with(&mut roots, heap::VerifyMode::AfterCollection);
            assert!(report.is_ok(), "round {round}: {report}");
            stop_markers(markers, &stop);
        }
    });
}

#[test]
fn an_agent_dropped_mid_cycle_does_not_wait_for_stopped_markers() {
    with_watchdog(60, || {
        for _ in 0..8 {
            let heap = Heap::new(background_config(), MockBinding::default());
            let (markers, stop) = start_markers(&heap, 2);
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let _tree = Tree::build(&mut m, &mut roots, 1_024, 64);
            m.collect(&mut roots);
            // The first step scans the root (1024 grey inner nodes); the next ones offer half
            // of them to the markers, whose jobs then outgrow a drain and split.
            assert!(m.step(&mut roots, 1, true));
            m.step(&mut roots, 1, false);
            m.step(&mut roots, 1, false);
            stop_markers(markers, &stop);
            drop(m);
        }
    });
}

#[test]
fn an_agent_dropped_mid_cycle_while_markers_run_and_others_collect() {
    with_watchdog(60, || {
        let heap = Heap::new(background_config(), MockBinding::default());
        let (markers, stop) = start_markers(&heap, 2);
        let collector_stop = Arc::new(AtomicBool::new(false));
        let collector = {
            let (heap, collector_stop) = (heap.clone(), collector_stop.clone());
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::default();
                let mut n = 0;
                while !collector_stop.load(Ordering::Acquire) {
                    m.collect_shared(&mut roots);
                    n += 1;
                }
                n
            })
        };
        for _ in 0..10 {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let _tree = Tree::build(&mut m, &mut roots, 1_024, 64);
            m.collect(&mut roots);
            // The first step scans the root (1024 grey inner nodes); the next ones offer half
            // of them to the markers, whose jobs then outgrow a drain and split.
            assert!(m.step(&mut roots, 1, true));
            m.step(&mut roots, 1, false);
            m.step(&mut roots, 1, false);
            drop(m);
        }
        collector_stop.store(true, Ordering::Release);
        assert!(collector.join().unwrap() > 0);
        stop_markers(markers, &stop);
    });
}

//! Stress modes (`HeapConfig::stress`, `collect_every`, `random_collect`, `tiny_slices`,
//! `zombie`, the verifier after every collection) under a random graph-mutation workload: the
//! graph reachable from the roots always matches a shadow model kept in plain Rust, weak
//! references clear only dead targets, and every dead finalizable object is finalized once.

mod common;

use common::{counter, Workload, WorkloadConfig};
use heap::mock::MockBinding;
use heap::{Heap, HeapConfig, VerifyMode};

/// Runs `phases` phases of `ops` operations, checking the graph against the shadow model
/// after each, then checks weak references and finalization after two full collections.
fn run(config: HeapConfig, workload: WorkloadConfig, phases: usize, ops: usize) -> Workload {
    let binding = MockBinding::default();
    let heap = Heap::new(config, binding.clone());
    let mut m = heap.mutator();
    let mut w = Workload::new(workload);
    let mut largest = 0;
    for phase in 0..phases {
        for _ in 0..ops {
            w.op(&mut m);
        }
        largest = largest.max(w.check());
        let report = m.verify(&mut w.roots);
        assert!(report.is_ok(), "phase {phase}: {report}");
    }
    assert!(
        largest >= 50,
        "the workload never grew a real graph ({largest} nodes)"
    );
    m.collect(&mut w.roots);
    m.collect(&mut w.roots);
    w.check();
    let report = m.verify_with(&mut w.roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    assert_eq!(
        w.dangling_weak_targets(),
        Vec::<u64>::new(),
        "weak refs to dead objects survived two full collections"
    );
    assert_eq!(
        counter(&binding.finalized),
        w.unreachable_finalizable(),
        "finalized objects != dead finalizable objects"
    );
    if w.config.shared_percent > 0 {
        m.collect_shared(&mut w.roots);
        w.check();
    }
    assert!(m.stats().cycles > 0);
    w
}

fn mixed(seed: u64) -> WorkloadConfig {
    WorkloadConfig {
        seed,
        root_slots: 16,
        node_slots: 3,
        shared_percent: 10,
        weak_percent: 10,
        finalize_percent: 20,
        big_percent: 2,
        step_percent: 5,
        shared_gc_per_mille: 5,
    }
}

#[test]
fn a_full_collection_at_every_allocation() {
    let config = HeapConfig {
        min_trigger: 64 << 10,
        ..HeapConfig::stress(1)
    };
    let w = run(config, mixed(1), 10, 300);
    assert!(w.ops >= 3_000);
}

#[test]
fn a_collection_every_few_allocations_with_tiny_incremental_slices() {
    for seed in [2, 3] {
        let config = HeapConfig {
            min_trigger: 16 << 10,
            ..HeapConfig::stress(7)
        };
        let workload = WorkloadConfig {
            step_percent: 10,
            ..mixed(seed)
        };
        run(config, workload, 10, 800);
    }
}

#[test]
fn random_collections_with_tiny_slices_and_zombies() {
    let config = HeapConfig {
        min_trigger: 32 << 10,
        random_collect: Some((0x5eed, 40)),
        tiny_slices: Some(64),
        verify: true,
        zombie: true,
        ..HeapConfig::default()
    };
    run(config, mixed(4), 10, 1_000);
}

#[test]
fn long_incremental_cycles_with_only_tiny_slices() {
    // No forced collections: every cycle is incremental, paced by allocation with 512-byte
    // slices, so the barrier and black allocation carry the whole workload.
    let config = HeapConfig {
        min_trigger: 16 << 10,
        tiny_slices: Some(512),
        verify: true,
        zombie: true,
        ..HeapConfig::default()
    };
    let workload = WorkloadConfig {
        node_slots: 4,
        step_percent: 0,
        ..mixed(5)
    };
    let w = run(config, workload, 20, 1_000);
    assert!(w.ops >= 20_000);
}

#[test]
fn big_objects_and_shared_objects_under_stress() {
    let config = HeapConfig {
        min_trigger: 64 << 10,
        shared_min_trigger: 64 << 10,
        ..HeapConfig::stress(5)
    };
    let workload = WorkloadConfig {
        shared_percent: 30,
        big_percent: 10,
        shared_gc_per_mille: 20,
        ..mixed(6)
    };
    run(config, workload, 8, 500);
}

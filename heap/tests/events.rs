//! GC events: the `events` sink sees Start, Slice…, FinalMark, End (in that order, once per
//! phase) for every local cycle with the right kind and agent, Stopped then End for every
//! shared collection (agent or host), and slice pauses that stay near `max_slice`.

mod common;

use std::time::Duration;

use common::{node, prepend_chain, small_config, EventLog};
use heap::events::HOST_AGENT;
use heap::mock::{MockBinding, MockRoots};
use heap::sync::thread;
use heap::{GcEvent, GcKind, GcPhase, Heap, HeapConfig};

fn heap_with_log(config: HeapConfig) -> (Heap, EventLog) {
    let log = EventLog::default();
    let config = HeapConfig {
        events: Some(log.sink()),
        ..config
    };
    (Heap::new(config, MockBinding::default()), log)
}

/// Splits local events into cycles and checks each is `Start Slice+ FinalMark End`, all of
/// one kind and one agent. Returns the cycles.
fn local_cycles(events: &[GcEvent]) -> Vec<Vec<GcEvent>> {
    let mut cycles: Vec<Vec<GcEvent>> = Vec::new();
    for event in events.iter().filter(|e| e.kind != GcKind::Shared) {
        if event.phase == GcPhase::Start {
            cycles.push(Vec::new());
        }
        cycles
            .last_mut()
            .expect("an event before any Start")
            .push(*event);
    }
    for cycle in &cycles {
        let phases: Vec<GcPhase> = cycle.iter().map(|e| e.phase).collect();
        let n = phases.len();
        assert!(n >= 4, "{phases:?}");
        assert_eq!(phases[0], GcPhase::Start);
        assert!(
            phases[1..n - 2].iter().all(|p| *p == GcPhase::Slice),
            "{phases:?}"
        );
        assert_eq!(&phases[n - 2..], [GcPhase::FinalMark, GcPhase::End]);
        assert!(cycle
            .iter()
            .all(|e| e.kind == cycle[0].kind && e.agent == cycle[0].agent));
    }
    cycles
}

#[test]
fn an_incremental_cycle_reports_start_slices_final_mark_and_end() {
    let (heap, log) = heap_with_log(small_config());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 2_000, 0);
    log.take();
    let mut steps = 1;
    let mut still = m.step(&mut roots, 1 << 10, true);
    while still {
        steps += 1;
        still = m.step(&mut roots, 1 << 10, false);
    }
    let events = log.take();
    let cycles = local_cycles(&events);
    assert_eq!(cycles.len(), 1);
    let cycle = &cycles[0];
    assert_eq!(cycle[0].kind, GcKind::Local);
    assert_eq!(cycle[0].agent, m.id());
    assert_eq!(cycle.len(), steps + 3, "one Slice per step");
    let end = cycle.last().unwrap();
    assert_eq!(end.bytes_after, m.stats().live_after_cycle);
    assert_eq!(end.bytes_after, 2_000 * heap::mock::object_size(1, 8));
    assert!(end.pause >= cycle[0].pause, "End reports the whole cycle");
    let text = end.to_string();
    assert!(
        text.starts_with(&format!("[gc] agent {} local end", m.id())),
        "{text}"
    );
}

#[test]
fn full_collections_are_reported_as_local_full() {
    let (heap, log) = heap_with_log(small_config());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 500, 0);
    log.take();
    m.collect(&mut roots);
    m.collect(&mut roots);
    let cycles = local_cycles(&log.take());
    assert_eq!(cycles.len(), 2);
    for cycle in &cycles {
        assert_eq!(cycle[0].kind, GcKind::LocalFull);
    }
    // Finishing a cycle that allocation started keeps its kind.
    assert!(m.step(&mut roots, 1, true));
    m.collect(&mut roots);
    let cycles = local_cycles(&log.take());
    assert_eq!(cycles.len(), 1);
    assert_eq!(cycles[0][0].kind, GcKind::Local);
}

#[test]
fn allocation_driven_cycles_are_well_formed() {
    let (heap, log) = heap_with_log(small_config());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    prepend_chain(&mut m, &mut roots, 0, 5_000, 0);
    for i in 0..100_000 {
        node(&mut m, &mut roots, 4, i);
    }
    m.collect(&mut roots);
    let events = log.take();
    let cycles = local_cycles(&events);
    assert_eq!(cycles.len() as u64, m.stats().cycles);
    assert!(cycles.len() >= 5);
    assert!(cycles[..cycles.len() - 1]
        .iter()
        .all(|c| c[0].kind == GcKind::Local));
    assert!(events.iter().all(|e| e.kind != GcKind::Shared));
}

#[test]
fn shared_collections_report_stopped_then_end() {
    let (heap, log) = heap_with_log(small_config());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    let s = common::shared_node(&mut m, &mut roots, 0, 1, heap::ObjFlags::empty());
    roots.slots[0] = Some(s);
    for i in 0..100 {
        common::shared_node(&mut m, &mut roots, 0, i, heap::ObjFlags::empty());
    }
    log.take();
    m.collect_shared(&mut roots);
    let events = log.take();
    let phases: Vec<(GcKind, GcPhase, u32)> =
        events.iter().map(|e| (e.kind, e.phase, e.agent)).collect();
    assert_eq!(
        phases,
        [
            (GcKind::Shared, GcPhase::Stopped, m.id()),
            (GcKind::Shared, GcPhase::End, m.id())
        ]
    );
    assert_eq!(events[1].bytes_after, 32, "one live 32-byte cell");
    assert!(events[1].bytes_before >= events[1].bytes_after);
    // From the host, while the agent is parked.
    let host = heap.clone();
    m.park_while(&mut roots, move || {
        thread::spawn(move || host.collect_shared()).join().unwrap()
    });
    let events = log.take();
    let phases: Vec<(GcKind, GcPhase, u32)> =
        events.iter().map(|e| (e.kind, e.phase, e.agent)).collect();
    assert_eq!(
        phases,
        [
            (GcKind::Shared, GcPhase::Stopped, HOST_AGENT),
            (GcKind::Shared, GcPhase::End, HOST_AGENT)
        ]
    );
    assert!(
        events[1].to_string().starts_with("[gc] host shared end"),
        "{}",
        events[1]
    );
}

#[test]
fn slices_stop_near_max_slice() {
    let max_slice = Duration::from_micros(300);
    let config = HeapConfig {
        max_slice,
        // Ask for far more work per slice than fits in `max_slice`.
        mark_rate: 1_000.0,
        ..small_config()
    };
    let (heap, log) = heap_with_log(config);
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    // 100k live nodes: marking them takes many times `max_slice`.
    prepend_chain(&mut m, &mut roots, 0, 100_000, 0);
    m.collect(&mut roots);
    log.take();
    // An allocation-driven cycle, marked in paced slices.
    let cycles_before = m.stats().cycles;
    let mut i = 0;
    while m.stats().cycles < cycles_before + 2 {
        node(&mut m, &mut roots, 4, i);
        i += 1;
    }
    let cycles = local_cycles(&log.take());
    let cycle = &cycles[0];
    assert_eq!(cycle[0].kind, GcKind::Local);
    let mut slices: Vec<Duration> = cycle
        .iter()
        .filter(|e| e.phase == GcPhase::Slice)
        .map(|e| e.pause)
        .collect();
    assert!(
        slices.len() >= 5,
        "a 100k-node cycle in {} slices",
        slices.len()
    );
    slices.sort();
    let median = slices[slices.len() / 2];
    assert!(
        median < max_slice * 10 + Duration::from_millis(5),
        "median slice {median:?} for max_slice {max_slice:?}"
    );
}

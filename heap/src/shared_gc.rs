//! The shared-space collector (v1): stop-the-world under a global safepoint.
//!
//! Roots: every agent's published shared roots (published when it stopped or parked), the
//! shared references held by the objects in every agent's remembered set (card-marked local
//! objects), and the heap's shared globals. Marking never enters a local heap: a shared
//! object cannot point to a local one (the barrier refuses such stores), so tracing from the
//! shared roots through shared objects finds every live shared object.

use std::time::Instant;

use crate::binding::{Edge, Tracer};
use crate::events::{GcEvent, GcKind, GcPhase};
use crate::heap::HeapInner;
use crate::marking::{Budget, MarkMode, Marker, MAX_EPOCH};
use crate::safepoint::AgentSlot;
use crate::sync::atomic::Ordering;
use crate::sync::lock;

/// Runs a shared collection with `initiator` as the collector. Returns `false` if another
/// agent's safepoint got there first (this agent then took part as a stopped participant).
/// The initiator must have published its roots and flushed its shared cache.
pub(crate) fn collect(heap: &HeapInner, initiator: &AgentSlot) -> bool {
    let requested = Instant::now();
    let Some(guard) = heap.safepoint.begin(Some(initiator)) else {
        return false;
    };
    let stopped = requested.elapsed();
    emit(heap, initiator.id, GcPhase::Stopped, stopped, 0, 0);
    run(heap, guard.participants(), initiator.id, requested);
    drop(guard);
    true
}

/// Runs a shared collection from a thread that is not an agent (tests, tools).
pub(crate) fn collect_from_outside(heap: &HeapInner) {
    let requested = Instant::now();
    let guard = heap
        .safepoint
        .begin(None)
        .expect("a non-participant always gets its safepoint");
    let host = crate::events::HOST_AGENT;
    emit(heap, host, GcPhase::Stopped, requested.elapsed(), 0, 0);
    run(heap, guard.participants(), host, requested);
}

fn run(
    heap: &HeapInner,
    participants: &[crate::sync::Arc<AgentSlot>],
    collector: u32,
    requested: Instant,
) {
    let bytes_before = heap.shared.committed();
    let epoch = next_epoch(heap);
    let mut marker = Marker::new(MarkMode::Shared, epoch);
    let mut edges = Vec::new();
    for participant in participants {
        for obj in lock(&participant.published_roots).iter() {
            marker.edge(*obj);
        }
        for holder in lock(&participant.remembered).iter() {
            edges.clear();
            heap.binding
                .trace(*holder, &mut Tracer::collecting(&mut edges));
            for edge in &edges {
                match *edge {
                    Edge::Strong(obj) | Edge::Weak(obj) if obj.is_shared() => marker.edge(obj),
                    Edge::Ephemeron { key, value } => {
                        for obj in [key, value] {
                            if obj.is_shared() {
                                marker.edge(obj);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for obj in lock(&heap.shared_globals).iter() {
        marker.edge(obj);
    }
    marker.drain(&*heap.binding, Budget::UNLIMITED);
    let stats = heap.shared.sweep(epoch, &*heap.binding);
    heap.shared_live.store(stats.live_bytes, Ordering::Relaxed);
    heap.shared_collections.fetch_add(1, Ordering::Relaxed);
    if heap.config.verify || !marker.violations.is_empty() {
        let report = crate::verify::verify_shared(heap, participants, epoch, &marker);
        assert!(
            report.is_ok(),
            "heap verification failed after a shared collection:\n{report}"
        );
    }
    emit(
        heap,
        collector,
        GcPhase::End,
        requested.elapsed(),
        bytes_before,
        stats.live_bytes,
    );
}

fn next_epoch(heap: &HeapInner) -> u8 {
    let current = heap.shared_epoch.load(Ordering::Relaxed);
    let next = if current >= MAX_EPOCH - 1 {
        heap.shared.clear_marks();
        1
    } else {
        current + 1
    };
    heap.shared_epoch.store(next, Ordering::Relaxed);
    next
}

fn emit(
    heap: &HeapInner,
    agent: u32,
    phase: GcPhase,
    pause: std::time::Duration,
    bytes_before: usize,
    bytes_after: usize,
) {
    if let Some(sink) = &heap.config.events {
        sink(&GcEvent {
            agent,
            kind: GcKind::Shared,
            phase,
            pause,
            bytes_before,
            bytes_after,
        });
    }
}

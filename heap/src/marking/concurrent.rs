//! Background marking: optional marker threads that take grey objects off agents' worklists
//! while the agents keep running.
//!
//! # Protocol
//! * An agent that marks with `background_marking` on *offers* half of a long worklist as a
//!   [`MarkJob`] on the heap's queue (`in_flight += 1`).
//! * A marker thread (`Heap::run_background_marker`, on a thread the embedder spawns) pops a
//!   job, marks with the job's epoch, splits off more jobs if its worklist grows, and reports
//!   its ephemerons and counters back to the agent's [`AgentMarkShare`] (`in_flight -= 1`).
//! * Before its final mark the agent takes back the jobs nobody started, then waits — parked
//!   — until `in_flight == 0`, and merges the results. Only then may it decide marking is done.
//! * Marker threads are safepoint participants without roots: they poll between bounded
//!   drains and park while the queue is empty, so a global safepoint never waits on them and
//!   never runs while they read an agent's objects.
//!
//! Safety of concurrent tracing rests on the `Binding` contract (slots read atomically) and on
//! the atomic mark-byte swap: each object is greyed by exactly one marker.

use std::collections::VecDeque;
use std::time::Duration;

use crate::header::ObjectRef;
use crate::heap::HeapInner;
use crate::marking::{Budget, MarkMode, Marker};
use crate::safepoint::{AgentSlot, ParticipantKind};
use crate::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use crate::sync::{lock, wait, wait_timeout, Arc, Condvar, Mutex};

/// Jobs shorter than this stay with the agent.
const MIN_OFFER: usize = 256;

/// Work a marker thread takes from an agent.
pub struct MarkJob {
    share: Arc<AgentMarkShare>,
    objects: Vec<ObjectRef>,
}

#[derive(Default)]
struct ShareState {
    in_flight: usize,
    ephemerons: Vec<(ObjectRef, ObjectRef)>,
    marked_objects: usize,
    marked_bytes: usize,
}

/// What an agent shares with the marker threads working for it.
pub struct AgentMarkShare {
    agent: u32,
    epoch: AtomicU8,
    state: Mutex<ShareState>,
    idle: Condvar,
}

impl AgentMarkShare {
    pub(crate) fn new(agent: u32) -> AgentMarkShare {
        AgentMarkShare {
            agent,
            epoch: AtomicU8::new(0),
            state: Mutex::new(ShareState::default()),
            idle: Condvar::new(),
        }
    }

    /// A new cycle with `epoch` starts.
    pub(crate) fn begin(&self, epoch: u8) {
        self.epoch.store(epoch, Ordering::Release);
    }

    /// Offers half of a long worklist to the marker threads.
    pub(crate) fn offer(self: &Arc<Self>, heap: &HeapInner, marker: &mut Marker) {
        if marker.worklist.len() < 2 * MIN_OFFER || heap.mark_queue.markers() == 0 {
            return;
        }
        let half = marker.worklist.len() / 2;
        let objects = marker.worklist.split_off(half);
        lock(&self.state).in_flight += 1;
        heap.mark_queue.push(MarkJob {
            share: self.clone(),
            objects,
        });
    }

    /// Waits until no job of this agent is in flight. Called parked (it blocks).
    pub(crate) fn wait_idle(&self) {
        let mut state = lock(&self.state);
        while state.in_flight > 0 {
            state = wait(&self.idle, state);
        }
    }

    /// Merges finished jobs' results into `marker`.
    pub(crate) fn collect_results(&self, marker: &mut Marker) {
        let mut state = lock(&self.state);
        marker.ephemerons.append(&mut state.ephemerons);
        marker.marked_objects += std::mem::take(&mut state.marked_objects);
        marker.marked_bytes += std::mem::take(&mut state.marked_bytes);
    }

    fn finish(&self, marker: Marker) {
        let mut state = lock(&self.state);
        state.ephemerons.extend(marker.ephemerons);
        state.marked_objects += marker.marked_objects;
        state.marked_bytes += marker.marked_bytes;
        state.in_flight -= 1;
        if state.in_flight == 0 {
            self.idle.notify_all();
        }
    }
}

#[derive(Default)]
struct QueueState {
    jobs: VecDeque<MarkJob>,
    markers: usize,
}

/// The heap-wide queue of marking jobs.
#[derive(Default)]
pub struct MarkQueue {
    state: Mutex<QueueState>,
    available: Condvar,
}

impl MarkQueue {
    fn push(&self, job: MarkJob) {
        lock(&self.state).jobs.push_back(job);
        self.available.notify_one();
    }

    /// Wakes every idle marker (so it re-checks its stop flag).
    pub fn wake_all(&self) {
        let _state = lock(&self.state);
        self.available.notify_all();
    }

    /// Number of running marker threads.
    pub fn markers(&self) -> usize {
        lock(&self.state).markers
    }

    /// Moves `agent`'s unstarted jobs back into its marker; returns how many.
    pub(crate) fn reclaim(&self, share: &Arc<AgentMarkShare>, marker: &mut Marker) -> usize {
        let mut state = lock(&self.state);
        let mut reclaimed = 0;
        state.jobs.retain_mut(|job| {
            if job.share.agent == share.agent && Arc::ptr_eq(&job.share, share) {
                marker.worklist.append(&mut job.objects);
                reclaimed += 1;
                false
            } else {
                true
            }
        });
        drop(state);
        if reclaimed > 0 {
            let mut share_state = lock(&share.state);
            share_state.in_flight -= reclaimed;
            if share_state.in_flight == 0 {
                share.idle.notify_all();
            }
        }
        reclaimed
    }
}

/// Runs a background marker on the calling thread until `stop` is set.
pub(crate) fn run_marker(heap: &HeapInner, id: u32, stop: &AtomicBool) {
    let slot = Arc::new(AgentSlot::new(id, ParticipantKind::Marker));
    heap.safepoint.register(slot.clone());
    lock(&heap.mark_queue.state).markers += 1;
    // Leave only once no job is queued: a job split off (or offered) just before `stop` has
    // an agent waiting for it, and no other marker may be left to run it.
    while !stop.load(Ordering::Acquire) || !lock(&heap.mark_queue.state).jobs.is_empty() {
        if slot.stop_requested() {
            heap.safepoint.stop(&slot);
        }
        let job = next_job(heap, &slot, stop);
        let Some(job) = job else { continue };
        let epoch = job.share.epoch.load(Ordering::Acquire);
        let mut marker = Marker::new(MarkMode::Local, epoch);
        marker.worklist = job.objects;
        loop {
            let budget = Budget {
                bytes: 256 << 10,
                deadline: None,
            };
            if marker.drain(&*heap.binding, budget) {
                break;
            }
            if marker.worklist.len() >= 2 * MIN_OFFER {
                let half = marker.worklist.len() / 2;
                let objects = marker.worklist.split_off(half);
                lock(&job.share.state).in_flight += 1;
                heap.mark_queue.push(MarkJob {
                    share: job.share.clone(),
                    objects,
                });
            }
            if slot.stop_requested() {
                heap.safepoint.stop(&slot);
            }
        }
        job.share.finish(marker);
    }
    lock(&heap.mark_queue.state).markers -= 1;
    heap.safepoint.park(&slot);
    heap.safepoint.unregister(&slot);
}

fn next_job(heap: &HeapInner, slot: &AgentSlot, stop: &AtomicBool) -> Option<MarkJob> {
    let queue = &heap.mark_queue;
    let mut state = lock(&queue.state);
    if let Some(job) = state.jobs.pop_front() {
        return Some(job);
    }
    // Idle: park so that safepoints do not wait for us, and sleep until work arrives.
    heap.safepoint.park(slot);
    while state.jobs.is_empty() && !stop.load(Ordering::Acquire) {
        let (guard, _) = wait_timeout(&queue.available, state, Duration::from_millis(20));
        state = guard;
    }
    drop(state);
    heap.safepoint.unpark(slot);
    None
}

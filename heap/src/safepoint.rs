//! Agent states and the global safepoint protocol (after V8's `LocalHeap` and `Safepoint`).
//!
//! # The state word
//! Each participant (an agent, or a background marker thread) has one atomic byte:
//! ```text
//!   bit 0  PARKED     the thread is not touching the heap (blocked, or stopped here)
//!   bit 1  REQUESTED  a global safepoint wants this participant to stop
//! ```
//! | state              | who may change it, and to what                                   |
//! |--------------------|------------------------------------------------------------------|
//! | RUNNING            | owner: → PARKED (park). Collector: → RUNNING\|REQ (request)     |
//! | RUNNING \| REQ     | owner only: → PARKED, under the lock, decrementing `pending`    |
//! | PARKED             | owner: → RUNNING (unpark). Collector: → PARKED\|REQ (request)   |
//! | PARKED \| REQ      | collector: → PARKED (end). Owner (unpark): waits for the end    |
//!
//! # Rules
//! 1. A safepoint is *active* from `begin` to `end`; at most one is active, and `active` only
//!    changes under the lock.
//! 2. `begin` sets REQ on every other participant within one critical section, counting the
//!    RUNNING ones in `pending`, then waits for `pending == 0`. A PARKED participant is never
//!    waited for: it cannot touch the heap, because leaving PARKED|REQ blocks until `end`.
//! 3. A participant publishes what the collector needs (its roots, its shared pages) *before*
//!    it becomes PARKED, by park or by stop; the lock orders that before the collector's reads.
//! 4. Registration and unregistration wait while a safepoint is active, so the collector's
//!    participant list is stable for the whole safepoint.
//! 5. Every call that can block a thread runs parked (`Mutator::park_while`); otherwise a
//!    collector waiting for it deadlocks.

use crossbeam_utils::CachePadded;

use crate::header::ObjectRef;
use crate::sync::atomic::{AtomicU8, Ordering};
use crate::sync::{lock, wait, Arc, Condvar, Mutex};

/// The participant is running and may touch the heap.
pub const RUNNING: u8 = 0;
/// The participant is parked.
pub const PARKED: u8 = 1;
/// A safepoint requests that the participant stop.
pub const REQUESTED: u8 = 2;

/// What a participant is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParticipantKind {
    /// An agent with a local heap and roots.
    Agent,
    /// A background marker thread (no roots, no shared pages).
    Marker,
}

/// A participant's state, shared with the collector.
pub struct AgentSlot {
    /// The agent's id (marker threads get ids too).
    pub id: u32,
    /// Agent or marker.
    pub kind: ParticipantKind,
    /// Padded so that agents polling their own state never share a cache line.
    state: CachePadded<AtomicU8>,
    /// Shared references among the agent's roots, published when it parks or stops.
    pub published_roots: Mutex<Vec<ObjectRef>>,
    /// Local objects that hold shared references (the card-marked objects).
    pub remembered: Mutex<Vec<ObjectRef>>,
}

impl AgentSlot {
    /// A new running participant.
    pub fn new(id: u32, kind: ParticipantKind) -> AgentSlot {
        AgentSlot {
            id,
            kind,
            state: CachePadded::new(AtomicU8::new(RUNNING)),
            published_roots: Mutex::new(Vec::new()),
            remembered: Mutex::new(Vec::new()),
        }
    }

    /// True if a safepoint asked this participant to stop (the poll fast path).
    #[inline(always)]
    pub fn stop_requested(&self) -> bool {
        self.state.load(Ordering::Acquire) & REQUESTED != 0
    }

    /// The raw state word (for tests and statistics).
    pub fn state(&self) -> u8 {
        self.state.load(Ordering::Acquire)
    }
}

struct SafepointState {
    active: bool,
    pending: usize,
    participants: Vec<Arc<AgentSlot>>,
}

/// The global safepoint coordinator of one heap.
pub struct Safepoint {
    state: Mutex<SafepointState>,
    /// Signalled when a safepoint ends (stopped and unparking participants wait on it, and so
    /// do registrations and a second initiator).
    ended: Condvar,
    /// Signalled once, when the last running participant arrives (the initiator waits on it).
    all_arrived: Condvar,
}

/// Proof that a global safepoint is active; ends it when dropped.
pub struct SafepointGuard<'a> {
    safepoint: &'a Safepoint,
    participants: Vec<Arc<AgentSlot>>,
}

impl SafepointGuard<'_> {
    /// Every registered participant (all parked or stopped, but the initiator).
    pub fn participants(&self) -> &[Arc<AgentSlot>] {
        &self.participants
    }
}

impl Drop for SafepointGuard<'_> {
    fn drop(&mut self) {
        self.safepoint.end();
    }
}

impl Default for Safepoint {
    fn default() -> Self {
        Safepoint::new()
    }
}

impl Safepoint {
    /// A coordinator with no participants.
    pub fn new() -> Safepoint {
        Safepoint {
            state: Mutex::new(SafepointState {
                active: false,
                pending: 0,
                participants: Vec::new(),
            }),
            ended: Condvar::new(),
            all_arrived: Condvar::new(),
        }
    }

    /// Adds a participant, waiting out an active safepoint (rule 4).
    pub fn register(&self, slot: Arc<AgentSlot>) {
        let mut state = lock(&self.state);
        while state.active {
            state = wait(&self.ended, state);
        }
        state.participants.push(slot);
    }

    /// Removes a parked participant, waiting out an active safepoint (rule 4).
    pub fn unregister(&self, slot: &AgentSlot) {
        let mut state = lock(&self.state);
        while state.active {
            state = wait(&self.ended, state);
        }
        state.participants.retain(|p| p.id != slot.id);
    }

    /// Number of registered participants.
    pub fn participant_count(&self) -> usize {
        lock(&self.state).participants.len()
    }

    /// The poll slow path: `slot` saw REQUESTED while running. The caller published first
    /// (rule 3). Blocks until the safepoint ends.
    pub fn stop(&self, slot: &AgentSlot) {
        let mut state = lock(&self.state);
        self.arrive(&mut state, slot);
        while state.active {
            state = wait(&self.ended, state);
        }
        slot.state.store(RUNNING, Ordering::Release);
    }

    /// Parks `slot` under the lock. While a safepoint is active the state keeps REQUESTED, so
    /// that a later `unpark` takes the slow path and waits for the end (rule 2).
    fn arrive(&self, state: &mut SafepointState, slot: &AgentSlot) {
        let parked = if state.active {
            PARKED | REQUESTED
        } else {
            PARKED
        };
        let previous = slot.state.swap(parked, Ordering::AcqRel);
        if previous == RUNNING | REQUESTED {
            state.pending -= 1;
            if state.pending == 0 {
                // Only the initiator waits for arrivals: wake it alone, once.
                self.all_arrived.notify_one();
            }
        }
    }

    /// Parks `slot` (the caller published first, rule 3).
    pub fn park(&self, slot: &AgentSlot) {
        if slot
            .state
            .compare_exchange(RUNNING, PARKED, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return;
        }
        let mut state = lock(&self.state);
        self.arrive(&mut state, slot);
    }

    /// Unparks `slot`, waiting for an active safepoint to end first.
    pub fn unpark(&self, slot: &AgentSlot) {
        if slot
            .state
            .compare_exchange(PARKED, RUNNING, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
        {
            return;
        }
        let mut state = lock(&self.state);
        while state.active {
            state = wait(&self.ended, state);
        }
        slot.state.store(RUNNING, Ordering::Release);
    }

    /// Starts a global safepoint. `initiator` is the calling participant, which keeps running;
    /// `None` for a thread that is not a participant. Returns `None` if another safepoint was
    /// active: then the initiator took part in it as a stopped participant (it must have
    /// published already) and should re-check whether it still needs its own.
    pub fn begin(&self, initiator: Option<&AgentSlot>) -> Option<SafepointGuard<'_>> {
        let mut state = lock(&self.state);
        if state.active {
            match initiator {
                Some(slot) => {
                    self.arrive(&mut state, slot);
                    while state.active {
                        state = wait(&self.ended, state);
                    }
                    slot.state.store(RUNNING, Ordering::Release);
                    return None;
                }
                None => {
                    while state.active {
                        state = wait(&self.ended, state);
                    }
                }
            }
        }
        state.active = true;
        let mut pending = 0;
        let initiator_id = initiator.map(|s| s.id);
        for participant in &state.participants {
            if Some(participant.id) == initiator_id {
                continue;
            }
            let previous = participant.state.fetch_or(REQUESTED, Ordering::AcqRel);
            if previous & PARKED == 0 {
                pending += 1;
            }
        }
        state.pending = pending;
        while state.pending > 0 {
            state = wait(&self.all_arrived, state);
        }
        let participants = state.participants.clone();
        Some(SafepointGuard {
            safepoint: self,
            participants,
        })
    }

    fn end(&self) {
        let mut state = lock(&self.state);
        for participant in &state.participants {
            participant.state.fetch_and(!REQUESTED, Ordering::AcqRel);
        }
        state.active = false;
        self.ended.notify_all();
    }
}

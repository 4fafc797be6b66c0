//! Global safepoints (`heap/src/safepoint.rs`) under shuttle: agents that allocate, poll and
//! block inside `park_while`, against safepoints requested by a non-agent thread
//! (`Heap::stop_the_world`) and by agents (`Mutator::collect_shared`), while agents come and
//! go. Shuttle reports any deadlock; the stop-the-world closures check that every other
//! participant is parked and that no agent makes progress while the world is stopped.
#![cfg(shuttle)]

use agora_shuttle_tests::{
    assert_intact, check, heap_config, join, replay_saved, set_id, spawn, Baton, Scenario, ID_BYTES,
};
use heap::mock::{self, MockBinding, MockRoots};
use heap::safepoint::{AgentSlot, PARKED};
use heap::sync::atomic::{AtomicUsize, Ordering};
use heap::sync::{thread, Arc};
use heap::{Heap, Mutator, ObjFlags};

const SCENARIOS: &[Scenario] = &[
    (
        "safepoint_park_while_during_safepoint",
        park_while_during_safepoint,
    ),
    ("safepoint_stw_sees_parked_agents", stw_sees_parked_agents),
    ("safepoint_registration_races", registration_races),
    (
        "safepoint_agent_and_outside_requests",
        agent_and_outside_requests,
    ),
    ("safepoint_polling_collectors", polling_collectors),
];

/// Progress counters, one per agent, bumped only while the agent runs (never inside
/// `park_while`, never while stopped). Inside a safepoint none of them may move.
struct Progress(Vec<AtomicUsize>);

impl Progress {
    fn new(agents: usize) -> Arc<Progress> {
        Arc::new(Progress((0..agents).map(|_| AtomicUsize::new(0)).collect()))
    }

    fn bump(&self, agent: usize) {
        self.0[agent].fetch_add(1, Ordering::SeqCst);
    }

    fn snapshot(&self) -> Vec<usize> {
        self.0.iter().map(|c| c.load(Ordering::SeqCst)).collect()
    }
}

/// What a stop-the-world closure checks: every participant is parked, the participant list is
/// the registered one and stays so, and no agent makes progress while we look (the yields give
/// the scheduler every chance to run one).
fn assert_world_stopped(heap: &Heap, slots: &[Arc<AgentSlot>], progress: &Progress) {
    let before = progress.snapshot();
    let count = heap.participant_count();
    assert_eq!(
        slots.len(),
        count,
        "the safepoint's participant list is not the registered one"
    );
    for _ in 0..3 {
        for slot in slots {
            let state = slot.state();
            assert!(
                state & PARKED != 0,
                "participant {} ({:?}) is not parked inside a global safepoint: state {state:#b}",
                slot.id,
                slot.kind
            );
        }
        thread::yield_now();
    }
    assert_eq!(
        heap.participant_count(),
        count,
        "a participant (un)registered inside a global safepoint"
    );
    assert_eq!(
        progress.snapshot(),
        before,
        "an agent made progress inside a global safepoint"
    );
}

/// Allocates a node holding `id`, linked in front of the list in root slot 0.
fn push_node(m: &mut Mutator, roots: &mut MockRoots, id: u64) {
    let node = mock::alloc_node(m, roots, 1, ID_BYTES).unwrap();
    set_id(node, id);
    mock::set(m, node, 0, roots.slots[0]).unwrap();
    roots.slots[0] = Some(node);
}

/// Checks the list in root slot 0 holds `ids` (newest first).
fn assert_list(roots: &MockRoots, ids: &[u64]) {
    let mut cursor = roots.slots[0];
    for &expected in ids {
        let node = cursor.expect("list too short");
        assert_intact(node, expected);
        cursor = mock::get(node, 0);
    }
    assert!(cursor.is_none(), "list too long");
}

/// The smallest case: one agent parks around nothing (`park_while(|| ())`) and then allocates,
/// while a non-agent thread stops the world. Whether the agent parks before or after the
/// request, it must not run again until the safepoint ends.
fn park_while_during_safepoint() {
    let heap = Heap::new(heap_config(), MockBinding::default());
    let progress = Progress::new(1);
    let agent = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("agent", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            m.park_while(&mut roots, || ());
            progress.bump(0);
            push_node(&mut m, &mut roots, 1);
            progress.bump(0);
            m.poll(&mut roots);
            assert_list(&roots, &[1]);
        })
    };
    let stw = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("stop-the-world", move || {
            heap.stop_the_world(|slots| assert_world_stopped(&heap, slots, &progress));
        })
    };
    join(agent);
    join(stw);
}

/// Two agents pass a baton back and forth, blocking for it inside `park_while`, and allocate
/// and poll in between; a non-agent thread stops the world twice. No deadlock (an agent blocked
/// on the baton is parked, so the safepoint does not wait for it), and inside the safepoint
/// every agent is parked and none makes progress.
fn stw_sees_parked_agents() {
    const AGENTS: usize = 2;
    const ROUNDS: u64 = 2;
    let heap = Heap::new(heap_config(), MockBinding::default());
    let progress = Progress::new(AGENTS);
    let baton = Arc::new(Baton::new(0));
    let agents: Vec<_> = (0..AGENTS)
        .map(|me| {
            let (heap, progress, baton) = (heap.clone(), progress.clone(), baton.clone());
            spawn(&format!("agent-{me}"), move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                let mut ids = Vec::new();
                for round in 0..ROUNDS {
                    let id = 100 * me as u64 + round;
                    push_node(&mut m, &mut roots, id);
                    ids.insert(0, id);
                    progress.bump(me);
                    m.poll(&mut roots);
                    progress.bump(me);
                    m.park_while(&mut roots, || baton.take_and_pass(me, (me + 1) % AGENTS));
                    progress.bump(me);
                    m.poll(&mut roots);
                }
                assert_list(&roots, &ids);
                let report = m.verify(&mut roots);
                assert!(report.is_ok(), "{report}");
            })
        })
        .collect();
    let stw = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("stop-the-world", move || {
            for _ in 0..2 {
                heap.stop_the_world(|slots| assert_world_stopped(&heap, slots, &progress));
            }
        })
    };
    agents.into_iter().for_each(join);
    join(stw);
    assert_eq!(heap.participant_count(), 0);
}

/// Agents register and unregister (create and drop mutators) while one long-lived agent
/// allocates and polls and a non-agent thread stops the world twice: registration waits out
/// an active safepoint, a mutator being dropped parks first, and the participant list of a
/// safepoint is stable.
fn registration_races() {
    let heap = Heap::new(heap_config(), MockBinding::default());
    let progress = Progress::new(2);
    let long_lived = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("long-lived", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            for id in 0..3 {
                push_node(&mut m, &mut roots, id);
                progress.bump(0);
                m.poll(&mut roots);
            }
            assert_list(&roots, &[2, 1, 0]);
        })
    };
    let churn = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("churn", move || {
            for generation in 0..2 {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                push_node(&mut m, &mut roots, 1000 + generation);
                progress.bump(1);
                m.poll(&mut roots);
                assert_list(&roots, &[1000 + generation]);
                progress.bump(1);
                drop(m);
            }
        })
    };
    let stw = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("stop-the-world", move || {
            for _ in 0..2 {
                heap.stop_the_world(|slots| assert_world_stopped(&heap, slots, &progress));
            }
        })
    };
    for handle in [long_lived, churn, stw] {
        join(handle);
    }
    assert_eq!(heap.participant_count(), 0);
}

/// Safepoints requested from both sides at once: agent 0 collects the shared space (its own
/// safepoint, or it stops in the outside thread's), agent 1 allocates a shared object, keeps
/// it in its roots only and blocks parked on a baton agent 0 hands it, and a non-agent thread
/// stops the world. Agent 1's object survives every collection.
fn agent_and_outside_requests() {
    let heap = Heap::new(heap_config(), MockBinding::default());
    let progress = Progress::new(2);
    let baton = Arc::new(Baton::new(0));
    let collector = {
        let (heap, progress, baton) = (heap.clone(), progress.clone(), baton.clone());
        spawn("agent-0", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            push_node(&mut m, &mut roots, 7);
            progress.bump(0);
            m.collect_shared(&mut roots);
            progress.bump(0);
            baton.set(1);
            m.collect_shared(&mut roots);
            progress.bump(0);
            assert_list(&roots, &[7]);
        })
    };
    let holder = {
        let (heap, progress, baton) = (heap.clone(), progress.clone(), baton.clone());
        spawn("agent-1", move || {
            let mut m = heap.mutator();
            let mut roots = MockRoots::with_slots(1);
            let shared =
                mock::alloc_shared_node(&mut m, &mut roots, 0, ID_BYTES, ObjFlags::empty())
                    .unwrap();
            set_id(shared, 42);
            roots.slots[0] = Some(shared);
            progress.bump(1);
            m.park_while(&mut roots, || baton.wait_for(1));
            progress.bump(1);
            m.poll(&mut roots);
            assert_intact(shared, 42);
            let report = m.verify(&mut roots);
            assert!(report.is_ok(), "{report}");
        })
    };
    let stw = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("stop-the-world", move || {
            heap.stop_the_world(|slots| assert_world_stopped(&heap, slots, &progress));
        })
    };
    for handle in [collector, holder, stw] {
        join(handle);
    }
    assert!(heap.shared_collections() >= 1);
}

/// Safepoints requested from everywhere, with agents that never park: two agents allocate
/// local and shared objects and poll, each also collecting the shared space (so their
/// requests collide: the loser stops in the winner's safepoint), while a non-agent thread stops
/// the world twice. Every shared object an agent keeps in its roots survives.
fn polling_collectors() {
    const ROUNDS: u64 = 2;
    let heap = Heap::new(heap_config(), MockBinding::default());
    let progress = Progress::new(2);
    let agents: Vec<_> = (0..2)
        .map(|me| {
            let (heap, progress) = (heap.clone(), progress.clone());
            spawn(&format!("agent-{me}"), move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1 + ROUNDS as usize);
                let mut ids = Vec::new();
                for round in 0..ROUNDS {
                    let id = 100 * me as u64 + round;
                    push_node(&mut m, &mut roots, id);
                    ids.insert(0, id);
                    let shared =
                        mock::alloc_shared_node(&mut m, &mut roots, 0, ID_BYTES, ObjFlags::empty())
                            .unwrap();
                    set_id(shared, 1000 + id);
                    roots.slots[1 + round as usize] = Some(shared);
                    progress.bump(me);
                    m.poll(&mut roots);
                    progress.bump(me);
                    if round == me as u64 {
                        m.collect_shared(&mut roots);
                        progress.bump(me);
                    }
                }
                assert_list(&roots, &ids);
                for round in 0..ROUNDS {
                    let shared = roots.slots[1 + round as usize].unwrap();
                    assert_intact(shared, 1000 + 100 * me as u64 + round);
                }
                let report = m.verify(&mut roots);
                assert!(report.is_ok(), "{report}");
            })
        })
        .collect();
    let stw = {
        let (heap, progress) = (heap.clone(), progress.clone());
        spawn("stop-the-world", move || {
            for _ in 0..2 {
                heap.stop_the_world(|slots| assert_world_stopped(&heap, slots, &progress));
            }
        })
    };
    agents.into_iter().for_each(join);
    join(stw);
    assert!(heap.shared_collections() >= 1);
}

// Bug 1 (see README.md, "Known bugs", now fixed): `Safepoint::arrive` stored PARKED and
// dropped REQUESTED, so a participant that parked (slow path) after a safepoint request could
// unpark through the CAS fast path while the safepoint was still active. Its saved schedules
// in regressions/ are replayed by `saved_regressions`.

#[test]
fn park_while_during_safepoint_test() {
    check(
        "safepoint_park_while_during_safepoint",
        park_while_during_safepoint,
    );
}

#[test]
fn stw_sees_parked_agents_test() {
    check("safepoint_stw_sees_parked_agents", stw_sees_parked_agents);
}

#[test]
fn registration_races_test() {
    check("safepoint_registration_races", registration_races);
}

#[test]
fn agent_and_outside_requests_test() {
    check(
        "safepoint_agent_and_outside_requests",
        agent_and_outside_requests,
    );
}

#[test]
fn polling_collectors_test() {
    check("safepoint_polling_collectors", polling_collectors);
}

#[test]
fn saved_regressions() {
    replay_saved(SCENARIOS);
}

//! Global safepoints: agents allocating and polling on their own threads stop for every global
//! safepoint requested by another agent or by the host (`Heap::stop_the_world`), parked agents
//! never hold one up and cannot leave it early, agents may register and unregister while
//! others collect, and nothing deadlocks (every test runs under a watchdog).

mod common;

use std::time::Duration;

use common::{read_id, shared_node, small_config, with_watchdog, write_id, Gate};
use heap::mock::{self, MockBinding, MockRoots};
use heap::safepoint::{PARKED, REQUESTED};
use heap::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use heap::sync::{lock, thread, Arc, Mutex};
use heap::{Global, Heap, MutatorStats, ObjFlags, ObjectRef};

/// Shared objects agents hand each other, rooted by shared globals while in the mailbox.
type Mailbox = Arc<Mutex<Vec<(Global, u64)>>>;

const FOREIGN_SLOTS: usize = 16;

/// One agent's workload: a local list, a shared chain of its own, and shared objects taken
/// from other agents through the mailbox and held in a local holder (remembered). Polls at
/// every iteration; runs shared collections now and then; checks everything it holds.
fn agent_work(heap: Heap, agent: u64, iters: u64, mailbox: Mailbox) -> MutatorStats {
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(3);
    let holder = mock::alloc_node(&mut m, &mut roots, FOREIGN_SLOTS, 8).unwrap();
    roots.slots[2] = Some(holder);
    let mut foreign: Vec<Option<u64>> = vec![None; FOREIGN_SLOTS];
    let mut local_len = 0u64;
    let mut shared_len = 0u64;
    let base = agent * 1_000_000;
    let check = |roots: &MockRoots, foreign: &[Option<u64>], local_len: u64, shared_len: u64| {
        let mut cur = roots.slots[0];
        for k in (0..local_len).rev() {
            assert_eq!(read_id(cur.unwrap()), base + k, "agent {agent}: local list");
            cur = mock::get(cur.unwrap(), 0);
        }
        let mut cur = roots.slots[1];
        for k in (0..shared_len).rev() {
            let obj = cur.unwrap();
            assert!(obj.is_shared());
            assert_eq!(
                read_id(obj),
                base + 500_000 + k,
                "agent {agent}: shared chain"
            );
            cur = mock::get(obj, 0);
        }
        for (slot, expected) in foreign.iter().enumerate() {
            let found = mock::get(holder, slot).map(read_id);
            assert_eq!(found, *expected, "agent {agent}: foreign object {slot}");
        }
    };
    for i in 0..iters {
        let n = mock::alloc_node(&mut m, &mut roots, 1, 8).unwrap();
        write_id(n, u64::MAX);
        if i % 10 == 0 {
            write_id(n, base + local_len);
            mock::set(&mut m, n, 0, roots.slots[0]).unwrap();
            roots.slots[0] = Some(n);
            local_len += 1;
        }
        if i % 20 == 0 {
            let s = shared_node(
                &mut m,
                &mut roots,
                1,
                base + 500_000 + shared_len,
                ObjFlags::empty(),
            );
            mock::set(&mut m, s, 0, roots.slots[1]).unwrap();
            roots.slots[1] = Some(s);
            shared_len += 1;
        }
        if i % 50 == 0 {
            let id = base + 900_000 + i;
            let s = shared_node(&mut m, &mut roots, 0, id, ObjFlags::empty());
            lock(&mailbox).push((heap.new_shared_global(s), id));
        }
        if i % 30 == 0 {
            let taken = {
                let mut mailbox = lock(&mailbox);
                let index = mailbox.iter().position(|(_, id)| id / 1_000_000 != agent);
                index.map(|index| mailbox.swap_remove(index))
            };
            if let Some((global, id)) = taken {
                let obj = heap.shared_global(global).unwrap();
                assert_eq!(read_id(obj), id, "agent {agent}: mailbox object");
                let slot = (i / 30) as usize % FOREIGN_SLOTS;
                mock::set(&mut m, holder, slot, Some(obj)).unwrap();
                foreign[slot] = Some(id);
                heap.release_shared_global(global);
            }
        }
        m.poll(&mut roots);
        if i % 300 == 150 {
            m.collect_shared(&mut roots);
        }
        if i % 500 == 0 {
            check(&roots, &foreign, local_len, shared_len);
        }
    }
    m.collect(&mut roots);
    check(&roots, &foreign, local_len, shared_len);
    m.stats()
}

/// The host's side: global safepoints (checking every participant is stopped or parked) and
/// shared collections, until `stop`. Returns (safepoints, collections).
fn host_work(heap: Heap, stop: Arc<AtomicBool>) -> (usize, usize) {
    let (mut safepoints, mut collections) = (0, 0);
    while !stop.load(Ordering::Acquire) {
        heap.stop_the_world(|participants| {
            for p in participants {
                let state = p.state();
                assert_ne!(
                    state & PARKED,
                    0,
                    "participant {} runs during a safepoint",
                    p.id
                );
            }
        });
        safepoints += 1;
        if safepoints % 3 == 0 {
            heap.collect_shared();
            collections += 1;
        }
        thread::sleep(Duration::from_millis(1));
    }
    (safepoints, collections)
}

#[test]
fn agents_keep_working_under_repeated_global_safepoints() {
    with_watchdog(60, || {
        let heap = Heap::new(small_config(), MockBinding::default());
        let mailbox: Mailbox = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let agents: Vec<_> = (1..=3)
            .map(|agent| {
                let (heap, mailbox) = (heap.clone(), mailbox.clone());
                thread::spawn(move || agent_work(heap, agent, 3_000, mailbox))
            })
            .collect();
        let host = {
            let (heap, stop) = (heap.clone(), stop.clone());
            thread::spawn(move || host_work(heap, stop))
        };
        let stats: Vec<MutatorStats> = agents.into_iter().map(|a| a.join().unwrap()).collect();
        stop.store(true, Ordering::Release);
        let (safepoints, host_collections) = host.join().unwrap();
        assert!(safepoints > 0);
        let agent_collections: u64 = stats.iter().map(|s| s.shared_collections).sum();
        assert!(agent_collections > 0, "{stats:?}");
        assert_eq!(
            heap.shared_collections(),
            agent_collections + host_collections as u64,
            "every collection is counted once, by the agent or host that ran it"
        );
        assert_eq!(heap.participant_count(), 0);
    });
}

#[test]
fn racing_collectors_take_part_in_each_others_safepoints() {
    with_watchdog(60, || {
        let heap = Heap::new(small_config(), MockBinding::default());
        let start = Arc::new(AtomicUsize::new(0));
        let agents: Vec<_> = (0..4)
            .map(|agent| {
                let (heap, start) = (heap.clone(), start.clone());
                thread::spawn(move || {
                    let mut m = heap.mutator();
                    let mut roots = MockRoots::with_slots(1);
                    let s = shared_node(&mut m, &mut roots, 0, agent, ObjFlags::empty());
                    roots.slots[0] = Some(s);
                    start.fetch_add(1, Ordering::AcqRel);
                    while start.load(Ordering::Acquire) < 4 {
                        m.poll(&mut roots);
                    }
                    for _ in 0..40 {
                        m.collect_shared(&mut roots);
                        assert_eq!(read_id(s), agent);
                    }
                    m.stats().shared_collections
                })
            })
            .collect();
        let won: u64 = agents.into_iter().map(|a| a.join().unwrap()).sum();
        assert_eq!(won, heap.shared_collections());
        assert!(
            won >= 40,
            "a caller that loses a race may skip, not all of them"
        );
    });
}

#[test]
fn parked_agents_never_hold_up_a_safepoint() {
    with_watchdog(60, || {
        let heap = Heap::new(small_config(), MockBinding::default());
        let wake = Gate::default();
        let ready = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let in_safepoint = Arc::new(AtomicBool::new(false));
        // One agent blocked on a condition variable, one sleeping over and over.
        let blocked = {
            let (heap, wake, ready, in_safepoint) = (
                heap.clone(),
                wake.clone(),
                ready.clone(),
                in_safepoint.clone(),
            );
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                let n = common::node(&mut m, &mut roots, 0, 5);
                roots.slots[0] = Some(n);
                ready.fetch_add(1, Ordering::AcqRel);
                m.park_while(&mut roots, || wake.wait());
                assert!(
                    !in_safepoint.load(Ordering::Acquire),
                    "an agent left park_while while a safepoint was active"
                );
                assert_eq!(read_id(n), 5);
            })
        };
        let sleeper = {
            let (heap, ready, stop) = (heap.clone(), ready.clone(), stop.clone());
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                ready.fetch_add(1, Ordering::AcqRel);
                let mut naps = 0;
                while !stop.load(Ordering::Acquire) {
                    m.park_while(&mut roots, || thread::sleep(Duration::from_millis(200)));
                    common::node(&mut m, &mut roots, 0, naps);
                    m.poll(&mut roots);
                    naps += 1;
                }
                naps
            })
        };
        while ready.load(Ordering::Acquire) < 2 {
            thread::yield_now();
        }
        let started = std::time::Instant::now();
        for _ in 0..50 {
            heap.stop_the_world(|participants| {
                assert_eq!(participants.len(), 2);
                for p in participants {
                    assert_ne!(p.state() & PARKED, 0);
                }
            });
            heap.collect_shared();
        }
        // Fifty safepoints while one agent is blocked forever and the other naps 200 ms
        // at a time: none may have waited for a nap to end (generous bound: 30 naps).
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "safepoints waited for sleeping agents: {:?}",
            started.elapsed()
        );
        // Wake the blocked agent inside a safepoint: it must wait for the end to leave.
        heap.stop_the_world(|participants| {
            in_safepoint.store(true, Ordering::Release);
            wake.open();
            thread::sleep(Duration::from_millis(100));
            let blocked_state = participants
                .iter()
                .map(|p| p.state())
                .filter(|s| *s == PARKED | REQUESTED)
                .count();
            assert!(
                blocked_state >= 1,
                "the woken agent left PARKED|REQUESTED early"
            );
            in_safepoint.store(false, Ordering::Release);
        });
        blocked.join().unwrap();
        stop.store(true, Ordering::Release);
        sleeper.join().unwrap();
        assert_eq!(heap.participant_count(), 0);
    });
}

#[test]
fn agents_register_and_unregister_while_others_run_and_collect() {
    with_watchdog(60, || {
        let heap = Heap::new(small_config(), MockBinding::default());
        let mailbox: Mailbox = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let steady: Vec<_> = (1..=2)
            .map(|agent| {
                let (heap, mailbox) = (heap.clone(), mailbox.clone());
                thread::spawn(move || agent_work(heap, agent, 2_000, mailbox))
            })
            .collect();
        let churners: Vec<_> = (0..2u64)
            .map(|t| {
                let heap = heap.clone();
                thread::spawn(move || {
                    for round in 0..15u64 {
                        let mut m = heap.mutator();
                        let mut roots = MockRoots::with_slots(2);
                        let id = 10_000 * t + round;
                        let local = common::node(&mut m, &mut roots, 1, id);
                        roots.slots[0] = Some(local);
                        let s = shared_node(&mut m, &mut roots, 0, id, ObjFlags::FINALIZE);
                        mock::set(&mut m, local, 0, Some(s)).unwrap();
                        for i in 0..500 {
                            common::node(&mut m, &mut roots, 2, i);
                            m.poll(&mut roots);
                        }
                        match round % 3 {
                            0 => m.collect(&mut roots),
                            1 => m.collect_shared(&mut roots),
                            _ => {
                                m.step(&mut roots, 64, true);
                            }
                        }
                        assert_eq!(read_id(local), id);
                        assert_eq!(read_id(mock::get(local, 0).unwrap()), id);
                        // Dropped mid-cycle one time in three.
                        drop(m);
                    }
                })
            })
            .collect();
        let host = {
            let (heap, stop) = (heap.clone(), stop.clone());
            thread::spawn(move || host_work(heap, stop))
        };
        for c in churners {
            c.join().unwrap();
        }
        for s in steady {
            s.join().unwrap();
        }
        stop.store(true, Ordering::Release);
        host.join().unwrap();
        assert_eq!(heap.participant_count(), 0);
        // Mailbox objects are rooted by shared globals; everything else died with the agents.
        heap.collect_shared();
        let in_mailbox = lock(&mailbox).len();
        assert_eq!(heap.shared_live(), 32 * in_mailbox);
        for (global, _) in lock(&mailbox).drain(..) {
            heap.release_shared_global(global);
        }
        heap.collect_shared();
        assert_eq!(heap.shared_live(), 0);
    });
}

#[test]
fn a_polling_agent_stops_and_resumes() {
    with_watchdog(60, || {
        let heap = Heap::new(small_config(), MockBinding::default());
        let stop = Arc::new(AtomicBool::new(false));
        let polls = Arc::new(AtomicUsize::new(0));
        let spinner = {
            let (heap, stop, polls) = (heap.clone(), stop.clone(), polls.clone());
            thread::spawn(move || {
                let mut m = heap.mutator();
                let mut roots = MockRoots::with_slots(1);
                let s: ObjectRef = shared_node(&mut m, &mut roots, 0, 9, ObjFlags::empty());
                roots.slots[0] = Some(s);
                while !stop.load(Ordering::Acquire) {
                    m.poll(&mut roots);
                    polls.fetch_add(1, Ordering::Relaxed);
                }
                read_id(s)
            })
        };
        while polls.load(Ordering::Relaxed) == 0 {
            thread::yield_now();
        }
        for _ in 0..100 {
            heap.stop_the_world(|participants| {
                let before = polls.load(Ordering::Relaxed);
                assert_eq!(participants.len(), 1);
                // PARKED, or PARKED|REQUESTED if it had not yet left the previous stop.
                assert_ne!(participants[0].state() & PARKED, 0, "stopped at a poll");
                thread::yield_now();
                assert_eq!(
                    polls.load(Ordering::Relaxed),
                    before,
                    "it ran during the safepoint"
                );
            });
            heap.collect_shared();
        }
        stop.store(true, Ordering::Release);
        assert_eq!(
            spinner.join().unwrap(),
            9,
            "its shared root survived 100 collections"
        );
    });
}

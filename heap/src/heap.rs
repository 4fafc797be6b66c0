//! [`Heap`]: what all agents of one process share — the configuration, the binding, the
//! shared space, the safepoint coordinator, the background-marking queue — and the factory
//! for [`Mutator`]s.

use crate::binding::Binding;
use crate::config::HeapConfig;
use crate::header::ObjectRef;
use crate::marking::concurrent::MarkQueue;
use crate::mutator::Mutator;
use crate::roots::global::{Global, GlobalHandles};
use crate::safepoint::{AgentSlot, Safepoint};
use crate::space::shared::SharedSpace;
use crate::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use crate::sync::{lock, Arc, Mutex};

pub(crate) struct HeapInner {
    pub config: HeapConfig,
    pub binding: Box<dyn Binding>,
    pub shared: SharedSpace,
    pub safepoint: Safepoint,
    pub shared_globals: Mutex<GlobalHandles>,
    pub shared_epoch: AtomicU8,
    pub shared_live: AtomicUsize,
    pub shared_collections: AtomicU64,
    pub mark_queue: MarkQueue,
    next_id: AtomicU32,
}

impl HeapInner {
    /// True once enough shared memory was handed out since the last shared collection.
    #[inline]
    pub fn shared_collection_due(&self) -> bool {
        let acquired = self.shared.acquired_since_sweep();
        if acquired < self.config.shared_min_trigger {
            return false;
        }
        let live = self.shared_live.load(Ordering::Relaxed);
        acquired as f64 >= live as f64 * self.config.growth_factor
    }
}

impl Drop for HeapInner {
    fn drop(&mut self) {
        // Every mutator (which holds an `Arc<HeapInner>`) is gone: no agent can reach the
        // shared objects any more.
        self.shared.finalize_all(&*self.binding);
    }
}

/// The heap of one process: cheap to clone, shared by every agent.
#[derive(Clone)]
pub struct Heap {
    inner: Arc<HeapInner>,
}

impl std::fmt::Debug for Heap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heap")
            .field("agents", &self.inner.safepoint.participant_count())
            .field("shared_committed", &self.inner.shared.committed())
            .finish_non_exhaustive()
    }
}

impl Heap {
    /// A heap for the VM described by `binding`.
    pub fn new(config: HeapConfig, binding: impl Binding) -> Heap {
        let shared = SharedSpace::new(
            config.shared_limit,
            config.zombie,
            config.chunk_release_cycles,
        );
        Heap {
            inner: Arc::new(HeapInner {
                config,
                binding: Box::new(binding),
                shared,
                safepoint: Safepoint::new(),
                shared_globals: Mutex::new(GlobalHandles::default()),
                shared_epoch: AtomicU8::new(0),
                shared_live: AtomicUsize::new(0),
                shared_collections: AtomicU64::new(0),
                mark_queue: MarkQueue::default(),
                next_id: AtomicU32::new(0),
            }),
        }
    }

    pub(crate) fn from_inner(inner: Arc<HeapInner>) -> Heap {
        Heap { inner }
    }

    /// Registers a new agent and returns its mutator. May be called while other agents run:
    /// it waits out a global safepoint in progress, so call it on the thread that will use
    /// the mutator (or, from another agent's thread, inside that agent's `park_while`).
    pub fn mutator(&self) -> Mutator {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        Mutator::new(self.inner.clone(), id)
    }

    /// The configuration.
    pub fn config(&self) -> &HeapConfig {
        &self.inner.config
    }

    /// Number of registered safepoint participants (agents and marker threads).
    pub fn participant_count(&self) -> usize {
        self.inner.safepoint.participant_count()
    }

    /// Bytes the shared space has reserved from the OS.
    pub fn shared_committed(&self) -> usize {
        self.inner.shared.committed()
    }

    /// Live shared bytes found by the last shared collection.
    pub fn shared_live(&self) -> usize {
        self.inner.shared_live.load(Ordering::Relaxed)
    }

    /// Shared collections run so far.
    pub fn shared_collections(&self) -> u64 {
        self.inner.shared_collections.load(Ordering::Relaxed)
    }

    /// Roots a shared object for the host until released (struct-type registries, …).
    pub fn new_shared_global(&self, obj: ObjectRef) -> Global {
        assert!(
            obj.is_shared(),
            "shared globals may only hold shared objects"
        );
        lock(&self.inner.shared_globals).insert(obj)
    }

    /// The object a shared global roots.
    pub fn shared_global(&self, global: Global) -> Option<ObjectRef> {
        lock(&self.inner.shared_globals).get(global)
    }

    /// Releases a shared global.
    pub fn release_shared_global(&self, global: Global) -> Option<ObjectRef> {
        lock(&self.inner.shared_globals).release(global)
    }

    /// Stops every agent (running ones at their next poll; parked ones stay parked) and runs
    /// `f` with the participants' slots. For a thread that is **not** an agent: an agent
    /// calling this would wait for itself.
    pub fn stop_the_world<R>(&self, f: impl FnOnce(&[Arc<AgentSlot>]) -> R) -> R {
        let guard = self
            .inner
            .safepoint
            .begin(None)
            .expect("a non-participant always gets its safepoint");
        f(guard.participants())
    }

    /// Collects the shared space from a thread that is not an agent.
    pub fn collect_shared(&self) {
        crate::shared_gc::collect_from_outside(&self.inner);
    }

    /// Sets `stop` and wakes idle background markers so that they see it at once.
    pub fn stop_background_markers(&self, stop: &AtomicBool) {
        stop.store(true, Ordering::Release);
        self.inner.mark_queue.wake_all();
    }

    /// Runs a background marker on the calling thread until `stop` is set. Start one or more
    /// of these (on threads of the embedder's) when `HeapConfig::background_marking` is on.
    pub fn run_background_marker(&self, stop: &AtomicBool) {
        let id = self.inner.next_id.fetch_add(1, Ordering::Relaxed);
        crate::marking::concurrent::run_marker(&self.inner, id, stop);
    }
}

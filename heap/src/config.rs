//! Heap configuration: limits, pacing, and the debug and stress modes.

use std::time::Duration;

use crate::events::EventSink;

/// Bytes of allocation between local marking cycles at least (see `HeapConfig::min_trigger`
/// and design/decisions/0011-gc-trigger.md).
pub const DEFAULT_MIN_TRIGGER: usize = 32 << 20;

/// How a heap behaves. `HeapConfig::default()` is the production setting.
#[derive(Clone)]
pub struct HeapConfig {
    /// Most bytes one agent's local space may reserve (chunks plus large objects).
    pub local_limit: usize,
    /// Most bytes the shared space may reserve.
    pub shared_limit: usize,
    /// A local marking cycle starts once this many bytes were allocated since the last one
    /// ended (or more, see `growth_factor`).
    pub min_trigger: usize,
    /// Start the next cycle after `live * growth_factor` bytes of allocation, if larger.
    pub growth_factor: f64,
    /// Shared-space collections start after this many bytes of shared allocation (or
    /// `live * growth_factor`, if larger).
    pub shared_min_trigger: usize,
    /// Longest incremental marking slice.
    pub max_slice: Duration,
    /// Marking work per allocated byte while a cycle runs (bytes scanned per byte allocated).
    pub mark_rate: f64,
    /// Chunks that stay empty for more than this many cycle starts go back to the OS.
    pub chunk_release_cycles: u32,
    /// Let background marker threads take marking work (they must be started with
    /// `Heap::run_background_marker`).
    pub background_marking: bool,
    /// Stress: run a full local collection every N allocations.
    pub collect_every: Option<u64>,
    /// Stress: collect at random allocation points, with probability 1/N, from this seed.
    pub random_collect: Option<(u64, u32)>,
    /// Stress: incremental slices scan at most this many bytes.
    pub tiny_slices: Option<usize>,
    /// Debug: run the heap verifier after every collection and panic on a violation.
    pub verify: bool,
    /// Debug: fill reclaimed memory with `0xdb` as soon as it is found dead.
    pub zombie: bool,
    /// Receives a [`crate::GcEvent`] for every phase (`--trace-gc` prints them).
    pub events: Option<EventSink>,
}

impl Default for HeapConfig {
    fn default() -> Self {
        HeapConfig {
            local_limit: 4 << 30,
            shared_limit: 4 << 30,
            min_trigger: DEFAULT_MIN_TRIGGER,
            growth_factor: 1.0,
            shared_min_trigger: 8 << 20,
            max_slice: Duration::from_micros(1000),
            mark_rate: 2.0,
            chunk_release_cycles: 2,
            background_marking: false,
            collect_every: None,
            random_collect: None,
            tiny_slices: None,
            verify: false,
            zombie: false,
            events: None,
        }
    }
}

impl HeapConfig {
    /// The stress setting used by `--gc-stress N`: a full collection every `n` allocations,
    /// tiny slices, the verifier after every collection and zombie scribbling.
    pub fn stress(n: u64) -> HeapConfig {
        HeapConfig {
            collect_every: Some(n.max(1)),
            tiny_slices: Some(256),
            verify: true,
            zombie: true,
            ..HeapConfig::default()
        }
    }
}

impl std::fmt::Debug for HeapConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeapConfig")
            .field("local_limit", &self.local_limit)
            .field("shared_limit", &self.shared_limit)
            .field("min_trigger", &self.min_trigger)
            .field("max_slice", &self.max_slice)
            .field("collect_every", &self.collect_every)
            .field("random_collect", &self.random_collect)
            .field("verify", &self.verify)
            .field("zombie", &self.zombie)
            .finish_non_exhaustive()
    }
}

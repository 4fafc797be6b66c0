//! GC events: one per phase of every collection, for `--trace-gc`, tools and tests.

use std::fmt;
use std::time::Duration;

use crate::sync::Arc;

/// Receives events; called on the thread that ran the phase.
pub type EventSink = Arc<dyn Fn(&GcEvent) + Send + Sync>;

/// The `agent` of events from a collection started by a thread that is not an agent.
pub const HOST_AGENT: u32 = u32::MAX;

/// Which collector ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcKind {
    /// One agent's local space, incremental.
    Local,
    /// One agent's local space, all at once (heap full, explicit request or stress).
    LocalFull,
    /// The shared space, under a global safepoint.
    Shared,
}

/// A phase of a collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GcPhase {
    /// Roots scanned, marking started.
    Start,
    /// An incremental marking slice.
    Slice,
    /// Final mark: ephemerons, weak references, finalization, sweep preparation.
    FinalMark,
    /// The global safepoint reached (shared collections): every agent stopped or parked.
    Stopped,
    /// The collection finished.
    End,
}

/// One GC event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GcEvent {
    /// The agent that ran the phase.
    pub agent: u32,
    /// Which collector.
    pub kind: GcKind,
    /// Which phase.
    pub phase: GcPhase,
    /// How long the agent was paused for this phase.
    pub pause: Duration,
    /// Heap bytes in use when the collection started.
    pub bytes_before: usize,
    /// Heap bytes in use after the phase (live bytes once marking finished).
    pub bytes_after: usize,
}

impl fmt::Display for GcEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            GcKind::Local => "local",
            GcKind::LocalFull => "local-full",
            GcKind::Shared => "shared",
        };
        let phase = match self.phase {
            GcPhase::Start => "start",
            GcPhase::Slice => "slice",
            GcPhase::FinalMark => "final-mark",
            GcPhase::Stopped => "stopped",
            GcPhase::End => "end",
        };
        if self.agent == HOST_AGENT {
            write!(f, "[gc] host ")?;
        } else {
            write!(f, "[gc] agent {} ", self.agent)?;
        }
        write!(
            f,
            "{} {}: pause {:.3} ms, {} KiB -> {} KiB",
            kind,
            phase,
            self.pause.as_secs_f64() * 1e3,
            self.bytes_before >> 10,
            self.bytes_after >> 10
        )
    }
}

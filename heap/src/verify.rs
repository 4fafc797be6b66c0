//! The heap verifier: an independent traversal that checks what the collector and the barrier
//! promise. It is slow (a hash set per object) and meant for tests and `--gc-stress`.
//!
//! Checks, from an agent's roots:
//! 1. every reference points into this agent's local space or the shared space, at an
//!    object with a plausible header (not zeroed, not zombie-scribbled);
//! 2. no shared object references a local object;
//! 3. card completeness: every local object holding a shared reference has a dirty card and
//!    is in the remembered set;
//! 4. colours, right after a collection: every reachable local object is marked in the
//!    epoch that just completed, and so are the lines it covers.
//!
//! For the shared space (inside the collector's safepoint): every shared object reachable
//! from the shared roots is marked, and none references a local object.

use std::collections::HashSet;
use std::fmt;

use crate::binding::{Edge, Roots, Tracer};
use crate::chunk::{chunk_info, ChunkKind};
use crate::geometry::{line_mark, LINE_SIZE};
use crate::header::{ObjFlags, ObjectRef};
use crate::heap::HeapInner;
use crate::marking::{is_marked, object_size, Marker};
use crate::mutator::Mutator;
use crate::safepoint::AgentSlot;
use crate::sync::{lock, raw, Arc};

/// What the verifier checks besides structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyMode {
    /// Structure, the shared-space rule and card completeness.
    Structure,
    /// Also colours: only meaningful directly after a completed collection, before the
    /// agent allocates again.
    AfterCollection,
}

/// The verifier's findings.
#[derive(Clone, Debug, Default)]
pub struct VerifyReport {
    /// One line per violation.
    pub errors: Vec<String>,
    /// Local objects visited.
    pub local_objects: usize,
    /// Shared objects visited.
    pub shared_objects: usize,
}

impl VerifyReport {
    /// True if nothing was found.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    fn error(&mut self, message: String) {
        if self.errors.len() < 100 {
            self.errors.push(message);
        }
    }
}

impl fmt::Display for VerifyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "verified {} local and {} shared objects: {} violation(s)",
            self.local_objects,
            self.shared_objects,
            self.errors.len()
        )?;
        for error in &self.errors {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

const ZOMBIE_WORD: u64 = u64::from_ne_bytes([crate::space::local::ZOMBIE_BYTE; 8]);

impl Mutator {
    /// Verifies the heap reachable from this agent's roots (see the module docs).
    pub fn verify_with(&mut self, roots: &mut dyn Roots, mode: VerifyMode) -> VerifyReport {
        let mut root_edges = Vec::new();
        self.trace_all_roots(roots, &mut Tracer::collecting(&mut root_edges));
        let remembered: HashSet<ObjectRef> = lock(&self.slot.remembered).iter().copied().collect();
        let mut report = VerifyReport::default();
        let mut visited = HashSet::new();
        let mut stack: Vec<ObjectRef> = Vec::new();
        let mut pending_ephemerons = Vec::new();
        for edge in root_edges {
            if let Edge::Strong(obj) = edge {
                stack.push(obj);
            }
        }
        let mut edges = Vec::new();
        loop {
            while let Some(obj) = stack.pop() {
                if !visited.insert(obj) {
                    continue;
                }
                if !self.check_object(obj, &mut report) {
                    continue;
                }
                let shared = obj.is_shared();
                if shared {
                    report.shared_objects += 1;
                } else {
                    report.local_objects += 1;
                    if mode == VerifyMode::AfterCollection {
                        self.check_colour(obj, &mut report);
                    }
                }
                edges.clear();
                self.heap
                    .binding
                    .trace(obj, &mut Tracer::collecting(&mut edges));
                let mut holds_shared = false;
                for edge in &edges {
                    let targets: &[ObjectRef] = match edge {
                        Edge::Strong(t) => {
                            stack.push(*t);
                            std::slice::from_ref(t)
                        }
                        Edge::Weak(t) => std::slice::from_ref(t),
                        Edge::Ephemeron { key, value } => {
                            pending_ephemerons.push((*key, *value));
                            &[]
                        }
                    };
                    for target in targets {
                        if !self.plausible(*target) {
                            continue;
                        }
                        let target_shared = target.is_shared();
                        if shared && !target_shared {
                            report.error(format!(
                                "shared object {obj:?} references local object {target:?}"
                            ));
                        }
                        holds_shared |= target_shared;
                    }
                    if let Edge::Ephemeron { key, value } = edge {
                        holds_shared |= (self.plausible(*key) && key.is_shared())
                            || (self.plausible(*value) && value.is_shared());
                    }
                }
                if holds_shared && !shared {
                    if !self.card_is_dirty(obj) {
                        report.error(format!(
                            "local object {obj:?} holds a shared reference but its card is clean"
                        ));
                    } else if !remembered.contains(&obj) {
                        report.error(format!(
                            "local object {obj:?} has a dirty card but is not remembered"
                        ));
                    }
                }
            }
            let before = stack.len();
            pending_ephemerons.retain(|(key, value)| {
                if visited.contains(key) || (self.plausible(*key) && key.is_shared()) {
                    stack.push(*value);
                    false
                } else {
                    true
                }
            });
            if stack.len() == before {
                break;
            }
        }
        report
    }

    /// Structure-only verification (see [`Mutator::verify_with`]): valid at any time, unlike
    /// the colour check, which objects allocated since the last collection would fail.
    pub fn verify(&mut self, roots: &mut dyn Roots) -> VerifyReport {
        self.verify_with(roots, VerifyMode::Structure)
    }

    /// True if `obj` is an address this agent may dereference.
    fn plausible(&self, obj: ObjectRef) -> bool {
        let addr = obj.addr();
        if self.space.contains_chunk(addr) {
            // SAFETY: the chunk is mapped (this space owns it).
            return matches!(unsafe { chunk_info(addr) }, Some((ChunkKind::Local, owner)) if owner == self.slot.id);
        }
        self.space.contains_large(addr) || self.heap.shared.contains(addr)
    }

    fn check_object(&self, obj: ObjectRef, report: &mut VerifyReport) -> bool {
        if !self.plausible(obj) {
            report.error(format!(
                "reference {obj:?} points outside this agent's local space and the shared space"
            ));
            return false;
        }
        let header = obj.header();
        if header.bits() == 0 || header.bits() == ZOMBIE_WORD {
            report.error(format!("reference {obj:?} points to freed memory"));
            return false;
        }
        if !header.flags().contains(ObjFlags::LARGE) && header.size() == 0 {
            report.error(format!("object {obj:?} has a zero size"));
            return false;
        }
        true
    }

    fn check_colour(&self, obj: ObjectRef, report: &mut VerifyReport) {
        let epoch = self.space.live_epoch();
        if !is_marked(obj, epoch) {
            let name = self.heap.binding.type_name(obj.header().tag());
            report.error(format!(
                "reachable object {obj:?} ({name}) is white after marking epoch {epoch}"
            ));
            return;
        }
        if obj.header().flags().contains(ObjFlags::LARGE) {
            return;
        }
        let mut line = obj.addr() & !(LINE_SIZE - 1);
        while line < obj.addr() + object_size(obj) {
            // SAFETY: the object's lines are in its mapped chunk.
            let mark = unsafe { raw::load_u8(line_mark(line)) };
            if mark < epoch {
                report.error(format!(
                    "line {line:#x} of reachable object {obj:?} is unmarked (mark {mark}, epoch {epoch})"
                ));
                return;
            }
            line += LINE_SIZE;
        }
    }
}

/// Verifies the shared space inside the collector's safepoint, after marking with `epoch`.
pub(crate) fn verify_shared(
    heap: &HeapInner,
    participants: &[Arc<AgentSlot>],
    epoch: u8,
    marker: &Marker,
) -> VerifyReport {
    let mut report = VerifyReport::default();
    for (holder, target) in &marker.violations {
        report.error(format!(
            "shared object {holder:?} references local object {target:?}"
        ));
    }
    let mut stack: Vec<ObjectRef> = lock(&heap.shared_globals).iter().collect();
    for participant in participants {
        stack.extend(lock(&participant.published_roots).iter().copied());
    }
    let mut visited = HashSet::new();
    let mut edges = Vec::new();
    while let Some(obj) = stack.pop() {
        if !visited.insert(obj) || !obj.is_shared() {
            continue;
        }
        report.shared_objects += 1;
        if !heap.shared.contains(obj.addr()) {
            report.error(format!("shared root {obj:?} is not in the shared space"));
            continue;
        }
        if !is_marked(obj, epoch) {
            report.error(format!("reachable shared object {obj:?} is white"));
        }
        edges.clear();
        heap.binding.trace(obj, &mut Tracer::collecting(&mut edges));
        for edge in &edges {
            match *edge {
                Edge::Strong(t) | Edge::Weak(t) => stack.push(t),
                Edge::Ephemeron { key, value } => stack.extend([key, value]),
            }
        }
    }
    report
}

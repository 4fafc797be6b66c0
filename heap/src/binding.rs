//! The binding between the heap and the language that uses it: [`Binding`] (how to trace,
//! finalize and weak-sweep an object of the VM's types), [`Roots`] (an agent's precise roots),
//! and the [`Tracer`] both report references to.
//!
//! The heap knows nothing about JavaScript: it sees objects as a header plus bytes, and learns
//! where the references are only through these traits (MMTk's `VMBinding` idea, narrowed).

use crate::header::{ObjectRef, TypeTag};
use crate::marking::Marker;

/// How the VM's objects are traced and torn down.
///
/// # Safety
/// Implementors promise, for every object the heap hands them:
/// 1. [`Binding::trace`] reports *every* reference the object holds, strong ones with
///    [`Tracer::edge`], weak ones with [`Tracer::weak_edge`] and ephemeron entries with
///    [`Tracer::ephemeron`]. A missed reference lets the collector free a reachable object.
/// 2. Reference slots are read with (at least relaxed) atomic loads, and written by the VM
///    with atomic stores: with background marking enabled, `trace` runs on a marker thread
///    while the owning agent mutates the object.
/// 3. `trace`, `finalize` and `sweep_weak` do not allocate in, collect, or otherwise call back
///    into the heap, and do not panic.
/// 4. Objects with [`crate::ObjFlags::SHARED`] only ever hold references to shared objects
///    (the write barrier enforces this for stores that go through it).
pub unsafe trait Binding: Send + Sync + 'static {
    /// Reports the references held by `obj`.
    fn trace(&self, obj: ObjectRef, tracer: &mut Tracer<'_>);

    /// Runs once for a dead object allocated with [`crate::ObjFlags::FINALIZE`], before its
    /// memory is reused, to release storage the VM keeps outside the heap. The object's
    /// references may point to objects that are already dead: only read its own bytes.
    fn finalize(&self, _obj: ObjectRef) {}

    /// Runs after marking for each live object allocated with
    /// [`crate::ObjFlags::WEAK_CONTAINER`]: clear every weak reference and ephemeron entry
    /// whose target `liveness` reports dead (and queue finalization callbacks, if the VM has
    /// any). Weak references to shared objects are treated as strong (see
    /// `design/heap-architecture.md`), so `liveness` reports them live.
    fn sweep_weak(&self, _obj: ObjectRef, _liveness: &Liveness) {}

    /// A name for the type, used in verifier reports and heap statistics.
    fn type_name(&self, tag: TypeTag) -> String {
        format!("type#{}", tag.0)
    }
}

/// An agent's precise roots, supplied by the VM (its frames and registers) each time the heap
/// may need them: when a marking cycle starts, at a global safepoint, and when it parks.
pub trait Roots {
    /// Reports every reference the roots hold with [`Tracer::edge`].
    fn trace_roots(&mut self, tracer: &mut Tracer<'_>);

    /// Runs once a local cycle's marking is complete, before any dead object's memory can be
    /// reused: the VM drops what it keeps outside the heap for local objects `liveness`
    /// reports dead (its weak side tables). Read only live objects here.
    fn sweep_side_tables(&mut self, _liveness: &Liveness) {}
}

/// No VM roots: only the mutator's handles are roots.
pub struct NoRoots;

impl Roots for NoRoots {
    fn trace_roots(&mut self, _tracer: &mut Tracer<'_>) {}
}

impl<F: FnMut(&mut Tracer<'_>)> Roots for F {
    fn trace_roots(&mut self, tracer: &mut Tracer<'_>) {
        self(tracer)
    }
}

/// One reference reported to a collecting tracer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// A strong reference.
    Strong(ObjectRef),
    /// A weak reference.
    Weak(ObjectRef),
    /// An ephemeron entry: `value` is reachable only if `key` is.
    Ephemeron {
        /// The key, held weakly.
        key: ObjectRef,
        /// The value, held as long as the key is live.
        value: ObjectRef,
    },
}

pub(crate) enum TracerKind<'a> {
    Mark(&'a mut Marker),
    Collect(&'a mut Vec<Edge>),
}

/// Receives the references an object or a root set reports.
pub struct Tracer<'a> {
    pub(crate) kind: TracerKind<'a>,
}

impl<'a> Tracer<'a> {
    pub(crate) fn marking(marker: &'a mut Marker) -> Tracer<'a> {
        Tracer {
            kind: TracerKind::Mark(marker),
        }
    }

    /// A tracer that records every reported edge in `edges` (for tools and tests).
    pub fn collecting(edges: &'a mut Vec<Edge>) -> Tracer<'a> {
        Tracer {
            kind: TracerKind::Collect(edges),
        }
    }

    /// Reports a strong reference.
    #[inline]
    pub fn edge(&mut self, target: ObjectRef) {
        match &mut self.kind {
            TracerKind::Mark(marker) => marker.edge(target),
            TracerKind::Collect(edges) => edges.push(Edge::Strong(target)),
        }
    }

    /// Reports a weak reference: it does not keep `target` alive.
    #[inline]
    pub fn weak_edge(&mut self, target: ObjectRef) {
        match &mut self.kind {
            TracerKind::Mark(marker) => marker.weak_edge(target),
            TracerKind::Collect(edges) => edges.push(Edge::Weak(target)),
        }
    }

    /// Reports an ephemeron entry: `value` is kept alive only while `key` is.
    #[inline]
    pub fn ephemeron(&mut self, key: ObjectRef, value: ObjectRef) {
        match &mut self.kind {
            TracerKind::Mark(marker) => marker.ephemeron(key, value),
            TracerKind::Collect(edges) => edges.push(Edge::Ephemeron { key, value }),
        }
    }
}

/// Answers "did this object survive the marking that just finished?" for `sweep_weak`.
pub struct Liveness {
    pub(crate) epoch: u8,
    pub(crate) shared_space: bool,
}

impl Liveness {
    /// True if `obj` is live after the current marking.
    pub fn is_live(&self, obj: ObjectRef) -> bool {
        if !self.shared_space && obj.is_shared() {
            return true;
        }
        crate::marking::is_marked(obj, self.epoch)
    }
}

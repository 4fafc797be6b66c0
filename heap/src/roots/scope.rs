//! Scoped handles: an agent-owned stack of root slots. A [`Handle`] is an index into the
//! stack, `Copy` and free to drop; closing a scope truncates the stack back to where it was
//! opened, unrooting every handle made inside it.

use crate::header::ObjectRef;

/// A rooted reference, valid until the scope it was made in is closed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle(u32);

/// Where a scope started; returned by `open_scope`, consumed by `close_scope`.
#[derive(Debug, PartialEq, Eq)]
#[must_use = "a scope that is never closed keeps its handles rooted"]
pub struct ScopeMark(usize);

/// The handle stack of one agent.
#[derive(Debug, Default)]
pub struct HandleStack {
    slots: Vec<ObjectRef>,
    open_scopes: usize,
}

impl HandleStack {
    /// Opens a scope.
    pub fn open(&mut self) -> ScopeMark {
        self.open_scopes += 1;
        ScopeMark(self.slots.len())
    }

    /// Closes the innermost scope; `mark` must be the one its `open` returned.
    pub fn close(&mut self, mark: ScopeMark) {
        assert!(
            self.open_scopes > 0 && mark.0 <= self.slots.len(),
            "handle scopes closed out of order"
        );
        self.open_scopes -= 1;
        self.slots.truncate(mark.0);
    }

    /// Roots `obj` in the innermost scope.
    pub fn push(&mut self, obj: ObjectRef) -> Handle {
        let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 handles");
        self.slots.push(obj);
        Handle(index)
    }

    /// The object a handle roots.
    ///
    /// # Panics
    /// If the handle's scope was closed and the slot not reused (a reused slot cannot be told
    /// apart: that is the price of free handles; the verifier catches the effects).
    pub fn get(&self, handle: Handle) -> ObjectRef {
        self.slots[handle.0 as usize]
    }

    /// Makes a handle root another object.
    pub fn set(&mut self, handle: Handle, obj: ObjectRef) {
        self.slots[handle.0 as usize] = obj;
    }

    /// Every rooted reference.
    pub fn iter(&self) -> impl Iterator<Item = ObjectRef> + '_ {
        self.slots.iter().copied()
    }

    /// Number of live handles.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True if no handle is live.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

//! Interpreter frames and the register file (design/bytecode.md §1): every frame's registers
//! live in one `Vec<Value>` on the agent (`VmRoots::registers`) so the collector scans them;
//! a [`Frame`] records where its window starts and everything the calling convention keeps
//! outside the registers.
//!
//! A frame names its code by an [`ExeRef`], a plain pointer: switching frames (every call and
//! return) would otherwise pay two atomic reference-count updates of an `Arc`.

// `ExeRef` dereferences a raw pointer; its safety argument is below.
#![allow(unsafe_code)]

use core::ptr::NonNull;

use heap::sync::Arc;
use heap::Tracer;

use crate::bytecode::Executable;
use crate::runtime::value::Value;

/// A handle to an executable the agent keeps alive: copying it costs nothing.
///
/// Architecture invariant: an `ExeRef` is only made by [`ExeRef::pinned`], from an `Arc`
/// that the agent's constant caches (`VmRoots::constants`) hold, and those caches never drop
/// an entry while the agent lives. Frames, the only holders of `ExeRef`s, live in the same
/// `VmRoots`, so every `ExeRef` points at a live executable.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ExeRef(NonNull<Executable>);

// SAFETY: an `ExeRef` is a shared reference in disguise, and `Executable` is `Sync` (it is
// shared between agents behind `Arc`), so sending one to another thread is sound.
unsafe impl Send for ExeRef {}

impl ExeRef {
    /// The handle of `exe`.
    ///
    /// # Safety
    /// 1. The agent must hold a strong reference to `exe` (a constant cache entry) for as long
    ///    as the handle or any copy of it may be dereferenced.
    pub(crate) unsafe fn pinned(exe: &Arc<Executable>) -> ExeRef {
        ExeRef(NonNull::from(&**exe))
    }

    /// The executable's address (the key of its constant cache).
    pub fn addr(self) -> usize {
        self.0.as_ptr() as usize
    }
}

impl core::ops::Deref for ExeRef {
    type Target = Executable;

    #[inline(always)]
    fn deref(&self) -> &Executable {
        // SAFETY: the agent holds the executable alive while any handle exists
        // (`ExeRef::pinned`, obligation 1), and executables are immutable.
        unsafe { self.0.as_ref() }
    }
}

/// One activation of an executable.
pub struct Frame {
    /// The running code.
    pub exe: ExeRef,
    /// Index of the current instruction in `exe.decoded` (the one executing, or the call in
    /// progress); `exe.decoded.offset(pc)` is its byte offset.
    pub pc: usize,
    /// Index of the next instruction (where a call resumes).
    pub next: usize,
    /// Index of register 0 (`this`) in the register file.
    pub base: usize,
    /// The accumulator.
    pub acc: Value,
    /// The current context (a context cell, or `undefined` for none).
    pub context: Value,
    /// The callee function object (`undefined` for script code).
    pub callee: Value,
    /// `new.target` (`undefined` for `[[Call]]`).
    pub new_target: Value,
    /// For `[[Construct]]` of a base constructor: the allocated `this` (returned when the
    /// body returns a non-object); the empty value otherwise.
    pub construct_this: Value,
    /// The actual arguments (rest parameters and arguments objects read them).
    pub arguments: Vec<Value>,
    /// True for the frame a Rust caller entered: returning from it leaves the dispatch loop.
    pub entry: bool,
    /// The generator / async function state object bound by `CreateGeneratorObject`
    /// (`undefined` for ordinary frames; see `interpreter::generator`).
    pub generator: Value,
    /// Where the executable's IC slots start in `VmRoots::property_ics`.
    pub ic_base: usize,
}

impl Frame {
    /// Reports every value the frame holds outside the register file.
    pub fn trace(&self, tracer: &mut Tracer<'_>) {
        for value in [
            self.acc,
            self.context,
            self.callee,
            self.new_target,
            self.construct_this,
            self.generator,
        ]
        .iter()
        .chain(self.arguments.iter())
        {
            if let Some(cell) = value.as_cell() {
                tracer.edge(cell);
            }
        }
    }
}

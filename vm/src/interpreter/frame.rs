//! Interpreter frames and the register file (design/bytecode.md §1): every frame's registers
//! live in one `Vec<Value>` on the agent (`VmRoots::registers`) so the collector scans them;
//! a [`Frame`] records where its window starts and everything the calling convention keeps
//! outside the registers.

use heap::sync::Arc;
use heap::Tracer;

use crate::bytecode::Executable;
use crate::runtime::value::Value;

/// One activation of an executable.
pub struct Frame {
    /// The running code.
    pub exe: Arc<Executable>,
    /// Offset of the current instruction (the one executing, or the call in progress).
    pub pc: usize,
    /// Offset of the next instruction (where a call resumes).
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
    /// The index of the realm the frame runs in (restored when control comes back to it;
    /// see `interpreter::realms`).
    pub realm: u32,
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

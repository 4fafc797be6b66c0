//! Context cells: the heap environment records of captured bindings (design/bytecode.md §5).
//!
//! ```text
//! context: header | slot count (raw u64) | parent (a context or undefined)
//!        | scope (int: the agent's scope-descriptor id, or undefined) | extension | slots …
//! ```
//!
//! The scope id names the `ScopeDescriptor` the context was made for, so names can be
//! resolved at run time (`with`, sloppy direct `eval`). The extension is the object of a
//! `with` context, or the object holding the variables a sloppy direct `eval` declared in a
//! var scope (created on first use), else `undefined`. Both are Values, so the collector's
//! walk over parent..slots sees every reference.

use heap::{HeapError, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

const WORD_COUNT: usize = 0;
const WORD_PARENT: usize = 1;
const WORD_SCOPE: usize = 2;
const WORD_EXTENSION: usize = 3;
const FIRST_SLOT: usize = 4;

/// True if `cell` is a context.
pub fn is_context(cell: ObjectRef) -> bool {
    CellKind::of(cell) == Some(CellKind::Context)
}

/// Allocates a context with `parent` and `count` slots; slot `i` starts as `init(i)`.
pub fn new_context(
    agent: &mut Agent,
    parent: Value,
    count: usize,
    init: impl Fn(usize) -> Value,
) -> Result<ObjectRef, HeapError> {
    agent.scope(|agent| {
        let parent = agent.root(parent);
        let cell = agent.alloc_cell(CellKind::Context, 8 * (FIRST_SLOT + count))?;
        cell.store(WORD_COUNT, count as u64);
        for word in WORD_PARENT..FIRST_SLOT + count {
            cell.store(word, Value::UNDEFINED.bits());
        }
        let parent = agent.get(parent);
        write(agent, cell, WORD_PARENT, parent);
        for i in 0..count {
            let value = init(i);
            write(agent, cell, FIRST_SLOT + i, value);
        }
        Ok(cell)
    })
}

fn write(agent: &mut Agent, holder: ObjectRef, word: usize, value: Value) {
    agent
        .mutator
        .write_barrier(holder, value.as_cell())
        .expect("contexts are local: a local holder accepts any value");
    holder.store(word, value.bits());
}

/// The number of slots.
pub fn slot_count(context: ObjectRef) -> usize {
    context.load(WORD_COUNT) as usize
}

/// The parent context (`undefined` at the outermost).
pub fn parent(context: ObjectRef) -> Value {
    Value::from_bits(context.load(WORD_PARENT))
}

/// Slot `index` (`None` if out of range).
pub fn slot(context: ObjectRef, index: usize) -> Option<Value> {
    (index < slot_count(context)).then(|| Value::from_bits(context.load(FIRST_SLOT + index)))
}

/// The scope-descriptor id recorded by [`set_scope`], if any.
pub fn scope(context: ObjectRef) -> Option<u32> {
    Value::from_bits(context.load(WORD_SCOPE))
        .as_int()
        .map(|id| id as u32)
}

/// Records the id of the scope descriptor the context was made for.
pub fn set_scope(context: ObjectRef, id: u32) {
    // An int is not a reference: no barrier needed.
    context.store(WORD_SCOPE, Value::int(id as i32).bits());
}

/// The extension (`with` object or eval var object), or `undefined`.
pub fn extension(context: ObjectRef) -> Value {
    Value::from_bits(context.load(WORD_EXTENSION))
}

/// Sets the extension.
pub fn set_extension(agent: &mut Agent, context: ObjectRef, value: Value) {
    write(agent, context, WORD_EXTENSION, value);
}

/// Writes slot `index`; false if out of range.
pub fn set_slot(agent: &mut Agent, context: ObjectRef, index: usize, value: Value) -> bool {
    if index >= slot_count(context) {
        return false;
    }
    write(agent, context, FIRST_SLOT + index, value);
    true
}

/// A copy of `context` (same parent, slot values copied): CreatePerIterationEnvironment.
pub fn copy_context(agent: &mut Agent, context: ObjectRef) -> Result<ObjectRef, HeapError> {
    agent.scope(|agent| {
        let old = agent.root(Value::cell(context));
        let count = slot_count(context);
        let fresh = new_context(agent, parent(context), count, |_| Value::UNDEFINED)?;
        let old = agent.get(old).as_cell().expect("rooted context");
        fresh.store(WORD_SCOPE, old.load(WORD_SCOPE));
        write(agent, fresh, WORD_EXTENSION, extension(old));
        for i in 0..count {
            let value = Value::from_bits(old.load(FIRST_SLOT + i));
            write(agent, fresh, FIRST_SLOT + i, value);
        }
        Ok(fresh)
    })
}

/// Every value a context holds (for the GC): parent and slots.
pub fn context_references(context: ObjectRef) -> impl Iterator<Item = Value> {
    let count = slot_count(context);
    (WORD_PARENT..FIRST_SLOT + count).map(move |word| Value::from_bits(context.load(word)))
}

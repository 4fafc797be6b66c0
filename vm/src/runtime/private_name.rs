//! Private Names (`#x`): unique cells carrying a description (the `#x` string). A private
//! element of an object is an own shape entry keyed by `PropertyKey::Symbol(private name)`:
//! a field is a writable data entry, a method a non-writable data entry, an accessor an
//! accessor entry. `ops::own_keys` skips these keys, so no reflection sees them, and the
//! private-element operations (`interpreter::classes`) never walk the prototype chain.

use heap::{HeapError, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::cell::CellKind;
use crate::runtime::value::Value;

const DESCRIPTION: usize = 0;

/// Makes a new Private Name with `description` (a string value).
pub fn new_private_name(agent: &mut Agent, description: Value) -> Result<ObjectRef, HeapError> {
    agent.scope(|agent| {
        let rooted = agent.root(description);
        let name = agent.alloc_cell(CellKind::PrivateName, 8)?;
        name.store(DESCRIPTION, Value::UNDEFINED.bits());
        let description = agent.get(rooted);
        agent
            .mutator
            .write_barrier(name, description.as_cell())
            .expect("private names are local");
        name.store(DESCRIPTION, description.bits());
        Ok(name)
    })
}

/// A Private Name's description. Used by the GC.
pub fn description(name: ObjectRef) -> Value {
    Value::from_bits(name.load(DESCRIPTION))
}

/// True if `cell` is a Private Name.
pub fn is_private_name(cell: ObjectRef) -> bool {
    CellKind::of(cell) == Some(CellKind::PrivateName)
}

/// True if `key` names a private element.
pub fn is_private_key(key: PropertyKey) -> bool {
    matches!(key, PropertyKey::Symbol(s) if is_private_name(s))
}

//! `for-in` enumeration: EnumerateObjectProperties (§14.7.5.9) with the semantics of the
//! for-in iterator (%ForInIteratorPrototype%, §14.7.5.10).
//!
//! `ForInEnumerate` walks the whole prototype chain up front and records the enumerable
//! string keys in visiting order: each object's own keys (integer indices ascending, then
//! strings in creation order), skipping symbols and keys already seen on an object nearer
//! the start of the chain (whether or not those were enumerable). The enumerator is an
//! internal object (class [`CLASS_FOR_IN_ITERATOR`], no prototype) whose internal slots hold
//! the enumerated value, an Array of the key strings and the next position. `ForInNext`
//! skips keys that are no longer present (`HasProperty`), so properties deleted before being
//! visited are not visited; keys added during the iteration are not visited.
//!
//! A primitive is enumerated through `ToObject` (a String object's indices are its own
//! enumerable keys); a Proxy's `ownKeys`, `getOwnPropertyDescriptor`, `getPrototypeOf` and
//! `has` traps run.

use std::collections::HashSet;

use heap::ObjectRef;

use super::builtins::array_from;
use super::ops::{self, as_object};
use super::realm::CLASS_FOR_IN_ITERATOR;
use super::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::value::Value;

/// Internal slot: the enumerated value (an object or a primitive).
const SLOT_TARGET: usize = 0;
/// Internal slot: an Array of the key strings, in visiting order.
const SLOT_KEYS: usize = 1;
/// Internal slot: the index of the next key to visit.
const SLOT_NEXT: usize = 2;

/// The keys EnumerateObjectProperties(`o`) visits, in order (through the internal methods,
/// so a Proxy's traps run).
fn collect_keys(agent: &mut Agent, o: ObjectRef) -> Result<Vec<PropertyKey>, Throw> {
    agent.scope(|agent| {
        let mut current = Some(o);
        let mut visited: HashSet<PropertyKey> = HashSet::new();
        let mut keys = Vec::new();
        while let Some(o) = current {
            agent.root(Value::cell(o));
            for key in ops::try_own_keys(agent, o)? {
                if matches!(key, PropertyKey::Symbol(_)) || !visited.insert(key) {
                    continue;
                }
                let enumerable = ops::try_get_own_property(agent, o, key)?
                    .is_some_and(|d| d.enumerable == Some(true));
                if enumerable {
                    keys.push(key);
                }
            }
            current = as_object(ops::try_get_prototype_of(agent, o)?);
        }
        Ok(keys)
    })
}

/// `ForInEnumerate`: a new enumerator over `target` (neither `undefined` nor `null`; the
/// caller keeps it alive).
pub fn enumerate(agent: &mut Agent, target: Value) -> Result<Value, Throw> {
    agent.scope(|agent| {
        let obj = ops::to_object(agent, target)?;
        let target = agent.root(Value::cell(obj));
        let keys = collect_keys(agent, obj)?;
        let mut values = Vec::with_capacity(keys.len());
        for key in keys {
            let v = ops::key_value(agent, key)?;
            agent.root(v);
            values.push(v);
        }
        let array = array_from(agent, &values)?;
        let array = agent.root(Value::cell(array));
        let it = new_object_with_class(agent, Value::NULL, 0, CLASS_FOR_IN_ITERATOR, 3)?;
        let t = agent.get(target);
        object::set_internal_slot(agent, it, SLOT_TARGET, t);
        let a = agent.get(array);
        object::set_internal_slot(agent, it, SLOT_KEYS, a);
        object::set_internal_slot(agent, it, SLOT_NEXT, Value::int(0));
        Ok(Value::cell(it))
    })
}

/// `ForInNext`: the next key of `enumerator` still present on the enumerated value, or
/// `None` when exhausted. Allocates nothing for ordinary objects.
pub fn next(agent: &mut Agent, enumerator: Value) -> Result<Option<Value>, Throw> {
    let Some(it) = as_object(enumerator).filter(|&o| object::class(o) == CLASS_FOR_IN_ITERATOR)
    else {
        return Ok(None);
    };
    let target = object::internal_slot(it, SLOT_TARGET).unwrap_or(Value::UNDEFINED);
    let Some(keys) = object::internal_slot(it, SLOT_KEYS).and_then(as_object) else {
        return Ok(None);
    };
    let len = object::elements_len(keys);
    let mut index = object::internal_slot(it, SLOT_NEXT)
        .and_then(Value::as_number)
        .map_or(0, |n| n as u32);
    let mut found = None;
    while index < len {
        let Some(k) = object::element(keys, index) else {
            index += 1;
            continue;
        };
        index += 1;
        let key = ops::to_property_key(agent, k)?;
        let present = match as_object(target) {
            Some(o) => agent.scope(|agent| {
                agent.root(enumerator);
                ops::try_has_property(agent, o, key)
            })?,
            None => false,
        };
        if present {
            found = Some(k);
            break;
        }
    }
    object::set_internal_slot(agent, it, SLOT_NEXT, Value::number(f64::from(index)));
    Ok(found)
}

//! Monomorphic inline caches for named property loads and stores (`GetNamedProperty`,
//! `SetNamedProperty`): each IC slot of an executable remembers one receiver shape and where
//! the property was found.
//!
//! Shapes are immutable and name an object's own properties with their attributes and slot
//! numbers, so "same shape" means "same own property at the same slot". Loads cache an own
//! data property, or a data property of the receiver's direct prototype (then the prototype
//! object and its shape are checked too: the prototype is not part of the shape). Stores
//! cache an existing own writable data property. Accessors, misses, primitives and exotic
//! objects (proxies, String wrappers, …) always take the generic path.
//!
//! The table lives in the agent (`VmRoots::property_ics`; executables are shared between
//! agents, their caches are not); each executable gets a contiguous range on first run.

#![forbid(unsafe_code)]

use heap::ObjectRef;

use super::ops::as_object;
use super::realm::{CLASS_ARRAY, CLASS_PROXY, CLASS_STRING_WRAPPER};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// One IC slot.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PropertyIc {
    /// The receiver shape (`u32::MAX`: empty).
    shape: u32,
    /// The object holding the property: `undefined` for the receiver itself, else its
    /// prototype.
    holder: Value,
    /// The holder's shape when it is the prototype.
    holder_shape: u32,
    /// The property's slot in the holder.
    slot: u32,
}

impl PropertyIc {
    /// An empty slot.
    pub(crate) const EMPTY: PropertyIc = PropertyIc {
        shape: u32::MAX,
        holder: Value::UNDEFINED,
        holder_shape: u32::MAX,
        slot: 0,
    };

    /// The prototype the slot keeps (traced as a root).
    pub(crate) fn holder(&self) -> Value {
        self.holder
    }
}

/// True if `obj`'s own property `key` (a name, never an index) is exactly what its shape
/// says: not for proxies, String wrappers, nor an Array's `length` (kept outside the shape).
fn cacheable(obj: ObjectRef, key: PropertyKey) -> bool {
    match object::class(obj) {
        CLASS_PROXY | CLASS_STRING_WRAPPER => false,
        CLASS_ARRAY => key != PropertyKey::Atom(names::LENGTH),
        _ => true,
    }
}

/// The cached value of the load at `slot` for `target`, if the cache applies.
#[inline]
pub(crate) fn load(agent: &Agent, slot: usize, target: Value) -> Option<Value> {
    let ic = agent.roots.vm.property_ics.get(slot)?;
    let obj = as_object(target)?;
    if object::shape(obj).bits() != ic.shape {
        return None;
    }
    match as_object(ic.holder) {
        None => Some(object::slot_value(obj, ic.slot)),
        Some(holder) => {
            let proto = as_object(object::proto(obj))?;
            (proto == holder && object::shape(holder).bits() == ic.holder_shape)
                .then(|| object::slot_value(holder, ic.slot))
        }
    }
}

/// After a generic load of `key` from `target`: caches where it was found, if cacheable.
pub(crate) fn record_load(agent: &mut Agent, slot: usize, target: Value, key: PropertyKey) {
    let Some(obj) = as_object(target).filter(|&o| cacheable(o, key)) else {
        return;
    };
    let entry = match object::find(agent, obj, key) {
        Some(found) if !found.attributes.contains(Attributes::ACCESSOR) => PropertyIc {
            shape: object::shape(obj).bits(),
            holder: Value::UNDEFINED,
            holder_shape: u32::MAX,
            slot: found.index,
        },
        Some(_) => return,
        None => {
            let Some(proto) = as_object(object::proto(obj)).filter(|&p| cacheable(p, key)) else {
                return;
            };
            match object::find(agent, proto, key) {
                Some(found) if !found.attributes.contains(Attributes::ACCESSOR) => PropertyIc {
                    shape: object::shape(obj).bits(),
                    holder: Value::cell(proto),
                    holder_shape: object::shape(proto).bits(),
                    slot: found.index,
                },
                _ => return,
            }
        }
    };
    if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
        *ic = entry;
    }
}

/// The store at `slot` of `value` into `target` through the cache: `true` if done.
#[inline]
pub(crate) fn store(agent: &mut Agent, slot: usize, target: Value, value: Value) -> bool {
    let Some(ic) = agent.roots.vm.property_ics.get(slot).copied() else {
        return false;
    };
    let Some(obj) = as_object(target) else {
        return false;
    };
    if object::shape(obj).bits() != ic.shape || !ic.holder.is_undefined() {
        return false;
    }
    object::set_slot_value(agent, obj, ic.slot, value);
    true
}

/// After a generic store of `key` into `target`: caches an own writable data property.
pub(crate) fn record_store(agent: &mut Agent, slot: usize, target: Value, key: PropertyKey) {
    let Some(obj) = as_object(target).filter(|&o| cacheable(o, key)) else {
        return;
    };
    let Some(found) = object::find(agent, obj, key) else {
        return;
    };
    let a = found.attributes;
    if a.contains(Attributes::ACCESSOR) || !a.contains(Attributes::WRITABLE) {
        return;
    }
    if let Some(ic) = agent.roots.vm.property_ics.get_mut(slot) {
        *ic = PropertyIc {
            shape: object::shape(obj).bits(),
            holder: Value::UNDEFINED,
            holder_shape: u32::MAX,
            slot: found.index,
        };
    }
}

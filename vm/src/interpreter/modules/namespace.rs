//! Module namespace exotic objects (§10.4.6) and GetModuleNamespace (§16.2.1.10).
//!
//! A namespace (`CLASS_MODULE_NAMESPACE`, internal slot 0: the module's id) has a null
//! prototype, is not extensible, and stores only its `@@toStringTag` ("Module"). Its string
//! keys are the module's unambiguous export names, kept sorted by code units in the module
//! record (`namespace_exports`) with their resolved bindings; reading one reads the binding
//! live (a binding still in its TDZ throws `ReferenceError`).

use heap::ObjectRef;

use crate::bytecode::JsString;
use crate::interpreter::ops::{self, Descriptor, ExoticMethods, Own};
use crate::interpreter::realm::{self, CLASS_MODULE_NAMESPACE};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::context;
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

use super::link::{self, Binding, Resolution, Target};
use super::{internal, record, record_mut, ModuleId};

/// GetModuleNamespace(module): the module's namespace object, made on first use.
pub(crate) fn get(agent: &mut Agent, id: ModuleId) -> Result<Value, Throw> {
    let existing = record(agent, id).namespace;
    if !existing.is_undefined() {
        return Ok(existing);
    }
    let names = link::exported_names(agent, id, &mut Vec::new())?;
    let mut exports: Vec<(JsString, Binding)> = Vec::new();
    for name in names {
        if let Resolution::Found(binding) = link::resolve_export(agent, id, &name, &mut Vec::new())?
        {
            exports.push((name, binding));
        }
    }
    exports.sort_by(|a, b| a.0.cmp(&b.0));
    let ns = new_object_with_class(agent, Value::NULL, 1, CLASS_MODULE_NAMESPACE, 1)?;
    object::set_internal_slot(agent, ns, 0, Value::int(id as i32));
    let r = record_mut(agent, id);
    r.namespace = Value::cell(ns);
    r.namespace_exports = exports;
    let tag = realm::intrinsic(agent, realm::Intrinsic::SymbolToStringTag)
        .as_cell()
        .ok_or_else(|| internal("no @@toStringTag"))?;
    let ns_value = record_mut(agent, id).namespace;
    realm::add_string_property(
        agent,
        ns_value,
        PropertyKey::Symbol(tag),
        "Module",
        Attributes::empty(),
    )?;
    // The collector may have moved it: read it again.
    let ns_value = record(agent, id).namespace;
    let ns = ns_value.as_cell().ok_or_else(|| internal("no namespace"))?;
    object::prevent_extensions(ns);
    Ok(ns_value)
}

fn module_id(ns: ObjectRef) -> Result<ModuleId, Throw> {
    object::internal_slot(ns, 0)
        .and_then(Value::as_int)
        .map(|id| id as ModuleId)
        .ok_or_else(|| internal("a namespace without its module"))
}

/// The export `key` names, if it is one.
fn export(agent: &Agent, ns: ObjectRef, key: PropertyKey) -> Result<Option<Binding>, Throw> {
    let units: Vec<u16> = match key {
        PropertyKey::Symbol(_) => return Ok(None),
        PropertyKey::Atom(atom) => agent.atoms.text(atom).to_vec(),
        PropertyKey::Index(i) => i.to_string().encode_utf16().collect(),
    };
    let exports = &record(agent, module_id(ns)?).namespace_exports;
    Ok(exports
        .binary_search_by(|(name, _)| (**name).cmp(&units[..]))
        .ok()
        .map(|i| exports[i].1))
}

/// The value of a resolved binding (`name` for the TDZ message).
pub(crate) fn binding_value(
    agent: &mut Agent,
    binding: Binding,
    name: &str,
) -> Result<Value, Throw> {
    match binding.target {
        Target::Namespace => get(agent, binding.module),
        Target::Slot(slot) => {
            let value = record(agent, binding.module)
                .environment
                .as_cell()
                .and_then(|env| context::slot(env, slot as usize))
                .unwrap_or(Value::EMPTY);
            if value.is_empty() {
                return Err(Throw::error(
                    ErrorType::ReferenceError,
                    format!("Cannot access '{name}' before initialization"),
                ));
            }
            Ok(value)
        }
    }
}

fn key_name(agent: &Agent, key: PropertyKey) -> String {
    match key {
        PropertyKey::Atom(atom) => agent.atoms.to_rust_string(atom),
        PropertyKey::Index(i) => i.to_string(),
        PropertyKey::Symbol(_) => String::new(),
    }
}

fn get_prototype_of(_agent: &mut Agent, _ns: ObjectRef) -> Result<Value, Throw> {
    Ok(Value::NULL)
}

/// SetImmutablePrototype: only `null` is accepted.
fn set_prototype_of(_agent: &mut Agent, _ns: ObjectRef, v: Value) -> Result<bool, Throw> {
    Ok(v.is_null())
}

fn is_extensible(_agent: &mut Agent, _ns: ObjectRef) -> Result<bool, Throw> {
    Ok(false)
}

fn prevent_extensions(_agent: &mut Agent, _ns: ObjectRef) -> Result<bool, Throw> {
    Ok(true)
}

/// 10.4.6.5 [[GetOwnProperty]] ( P )
fn get_own_property(
    agent: &mut Agent,
    ns: ObjectRef,
    key: PropertyKey,
) -> Result<Option<Descriptor>, Throw> {
    if let PropertyKey::Symbol(_) = key {
        return Ok(ops::own_property(agent, ns, key).map(Descriptor::of_own));
    }
    let Some(binding) = export(agent, ns, key)? else {
        return Ok(None);
    };
    let name = key_name(agent, key);
    let value = binding_value(agent, binding, &name)?;
    Ok(Some(Descriptor {
        value: Some(value),
        writable: Some(true),
        enumerable: Some(true),
        configurable: Some(false),
        ..Descriptor::default()
    }))
}

/// 10.4.6.6 [[DefineOwnProperty]] ( P, Desc )
fn define_own_property(
    agent: &mut Agent,
    ns: ObjectRef,
    key: PropertyKey,
    desc: Descriptor,
) -> Result<bool, Throw> {
    if let PropertyKey::Symbol(_) = key {
        return ops::ordinary_define_property(agent, ns, key, desc);
    }
    let Some(current) = get_own_property(agent, ns, key)? else {
        return Ok(false);
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    Ok(match desc.value {
        Some(v) => ops::same_value(v, current.value.unwrap_or(Value::UNDEFINED)),
        None => true,
    })
}

/// 10.4.6.7 [[HasProperty]] ( P )
fn has(agent: &mut Agent, ns: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    if let PropertyKey::Symbol(_) = key {
        return Ok(ops::own_property(agent, ns, key).is_some());
    }
    Ok(export(agent, ns, key)?.is_some())
}

/// 10.4.6.8 [[Get]] ( P, Receiver )
fn get_property(
    agent: &mut Agent,
    ns: ObjectRef,
    key: PropertyKey,
    _receiver: Value,
) -> Result<Value, Throw> {
    if let PropertyKey::Symbol(_) = key {
        return Ok(match ops::own_property(agent, ns, key) {
            Some(Own::Data { value, .. }) => value,
            _ => Value::UNDEFINED,
        });
    }
    let Some(binding) = export(agent, ns, key)? else {
        return Ok(Value::UNDEFINED);
    };
    let name = key_name(agent, key);
    binding_value(agent, binding, &name)
}

/// 10.4.6.9 [[Set]]: always false.
fn set(
    _agent: &mut Agent,
    _ns: ObjectRef,
    _key: PropertyKey,
    _value: Value,
    _receiver: Value,
) -> Result<bool, Throw> {
    Ok(false)
}

/// 10.4.6.10 [[Delete]] ( P )
fn delete(agent: &mut Agent, ns: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    if let PropertyKey::Symbol(_) = key {
        return Ok(ops::delete_property(agent, ns, key));
    }
    Ok(export(agent, ns, key)?.is_none())
}

/// 10.4.6.11 [[OwnPropertyKeys]] ( ): the exports in order, then the symbol keys.
fn own_keys(agent: &mut Agent, ns: ObjectRef) -> Result<Vec<PropertyKey>, Throw> {
    let names: Vec<JsString> = record(agent, module_id(ns)?)
        .namespace_exports
        .iter()
        .map(|(name, _)| name.clone())
        .collect();
    let mut keys: Vec<PropertyKey> = names.iter().map(|n| agent.atoms.key(n)).collect();
    keys.extend(ops::own_keys(agent, ns));
    Ok(keys)
}

/// The namespace's internal methods, dispatched by `ops::exotic`.
pub static EXOTIC: ExoticMethods = ExoticMethods {
    get_prototype_of,
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has,
    get: get_property,
    set,
    delete,
    own_keys,
};

//! Classes: ClassDefinitionEvaluation's `CreateClass`, `super` property access, the
//! instance-initialiser protocol (`[[Fields]]`) and private elements (PrivateGet, PrivateSet,
//! PrivateFieldAdd, PrivateMethodOrAccessorAdd, `#x in o`).
//!
//! Private elements are own shape entries keyed by `PropertyKey::Symbol(private name)` (see
//! `runtime::private_name`): fields are writable data entries, methods non-writable data
//! entries, accessors accessor entries. They are looked up on the object itself only, never
//! through its prototype, and `ops::own_keys` hides them.

use heap::sync::Arc;
use heap::ObjectRef;

use super::ops::{self, as_object, Own};
use super::realm::{self, intrinsic, Intrinsic, FN_FIELDS, FN_HOME};
use super::{ErrorType, Throw};
use crate::bytecode::{ClassDescriptor, Executable};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object, DEFAULT_INLINE_SLOTS};
use crate::runtime::private_name;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// `CreateClass`: the constructor F and its prototype object. `superclass` and `name` are
/// the instruction's inputs (rooted in registers); `context` is the current context (rooted
/// by the frame).
pub fn create_class(
    agent: &mut Agent,
    desc: &ClassDescriptor,
    constructor: &Arc<Executable>,
    superclass: Value,
    name: Value,
    context: Value,
) -> Result<(Value, Value), Throw> {
    let (proto_parent, constructor_parent) = if !desc.has_heritage {
        (
            intrinsic(agent, Intrinsic::ObjectPrototype),
            intrinsic(agent, Intrinsic::FunctionPrototype),
        )
    } else if superclass.is_null() {
        (Value::NULL, intrinsic(agent, Intrinsic::FunctionPrototype))
    } else if !ops::is_constructor(agent, superclass) {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Class extends value {} is not a constructor or null",
                ops::display(agent, superclass)
            ),
        ));
    } else {
        let p = ops::get_property(agent, superclass, PropertyKey::Atom(names::PROTOTYPE))?;
        if as_object(p).is_none() && !p.is_null() {
            return Err(Throw::error(
                ErrorType::TypeError,
                format!(
                    "Class extends value does not have valid prototype property {}",
                    ops::display(agent, p)
                ),
            ));
        }
        (p, superclass)
    };
    agent.scope(|agent| {
        let proto_parent = agent.root(proto_parent);
        let constructor_parent = agent.root(constructor_parent);
        let context = agent.root(context);
        let pp = agent.get(proto_parent);
        let proto = Value::cell(new_object(agent, pp, DEFAULT_INLINE_SLOTS)?);
        let proto_local = agent.root(proto);
        let ctx = agent.get(context);
        let f = realm::make_closure(agent, constructor, ctx)?;
        let f_local = agent.root(f);
        let fo = as_object(f).expect("a closure");
        let cp = agent.get(constructor_parent);
        object::set_proto(agent, fo, cp);
        object::set_internal_slot(agent, fo, FN_HOME, proto);
        if desc.name.is_none() {
            let key = ops::to_property_key(agent, name)?;
            super::set_function_name(agent, f, key, 0)?;
        }
        let proto = agent.get(proto_local);
        let desc = ops::Descriptor {
            value: Some(proto),
            writable: Some(false),
            enumerable: Some(false),
            configurable: Some(false),
            ..Default::default()
        };
        ops::define_property_or_throw(agent, fo, PropertyKey::Atom(names::PROTOTYPE), desc)?;
        let desc = ops::Descriptor {
            value: Some(f),
            writable: Some(true),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        };
        let po = as_object(proto).expect("an object");
        ops::define_property_or_throw(agent, po, PropertyKey::Atom(names::CONSTRUCTOR), desc)?;
        Ok((agent.get(f_local), agent.get(proto_local)))
    })
}

/// `SetInstanceInitializer`: `constructor.[[Fields]] = init`.
pub fn set_instance_initializer(agent: &mut Agent, constructor: Value, init: Value) {
    if let Some(f) = as_object(constructor) {
        if object::internal_slot(f, FN_FIELDS).is_some() {
            object::set_internal_slot(agent, f, FN_FIELDS, init);
        }
    }
}

/// `InitializeInstanceElements(object, constructor)`: runs the constructor's instance
/// initialiser (if any) with `this = object` (both rooted by the caller's registers).
pub fn initialize_instance_elements(
    agent: &mut Agent,
    object: Value,
    constructor: Value,
) -> Result<(), Throw> {
    let init = as_object(constructor)
        .and_then(|f| object::internal_slot(f, FN_FIELDS))
        .filter(|&v| ops::is_callable(v));
    if let Some(init) = init {
        agent.scope(|agent| {
            agent.root(init);
            agent.root(object);
            super::call(agent, init, object, &[])
        })?;
    }
    Ok(())
}

/// The base of a `super` property reference (`home.[[GetPrototypeOf]]()`, taken by
/// `GetSuperBase`), which must be object-coercible (`null` throws `TypeError`).
pub fn super_base(agent: &mut Agent, base: Value, key: PropertyKey) -> Result<Value, Throw> {
    if base.is_nullish() {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot access property '{}' of super: the home object has no prototype",
                ops::key_text(agent, key)
            ),
        ));
    }
    Ok(base)
}

/// `super[key]` read from the super base `base` with `this` as the receiver (both rooted by
/// the caller).
pub fn super_get(
    agent: &mut Agent,
    base: Value,
    key: PropertyKey,
    this: Value,
) -> Result<Value, Throw> {
    let base = super_base(agent, base, key)?;
    match as_object(base) {
        Some(b) => Ok(ops::get_with_receiver(agent, b, key, this)?.unwrap_or(Value::UNDEFINED)),
        None => ops::get_property(agent, base, key),
    }
}

fn description_text(agent: &Agent, name: ObjectRef) -> String {
    ops::display(agent, private_name::description(name))
}

fn private_key(name: Value) -> Result<(ObjectRef, PropertyKey), Throw> {
    name.as_cell()
        .filter(|&c| private_name::is_private_name(c))
        .map(|c| (c, PropertyKey::Symbol(c)))
        .ok_or_else(|| Throw::error(ErrorType::InternalError, "not a private name"))
}

/// PrivateElementFind: the object's own private element `name`.
fn find(agent: &Agent, object: Value, key: PropertyKey) -> Option<(ObjectRef, Own)> {
    let obj = as_object(object)?;
    ops::own_property(agent, obj, key).map(|own| (obj, own))
}

/// `PrivateGet(object, name)`; `object` and `name` rooted by the caller.
pub fn private_get(agent: &mut Agent, object: Value, name: Value) -> Result<Value, Throw> {
    let (cell, key) = private_key(name)?;
    match find(agent, object, key) {
        None => Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot read private member {} from an object whose class did not declare it",
                description_text(agent, cell)
            ),
        )),
        Some((_, Own::Data { value, .. })) => Ok(value),
        Some((_, Own::Accessor { pair, .. })) => {
            let getter = object::accessor_getter(pair);
            if getter.is_undefined() {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!(
                        "'{}' was defined without a getter",
                        description_text(agent, cell)
                    ),
                ));
            }
            agent.scope(|agent| {
                agent.root(getter);
                super::call(agent, getter, object, &[])
            })
        }
    }
}

/// `PrivateSet(object, name, value)`; all three rooted by the caller.
pub fn private_set(
    agent: &mut Agent,
    object: Value,
    name: Value,
    value: Value,
) -> Result<(), Throw> {
    let (cell, key) = private_key(name)?;
    match find(agent, object, key) {
        None => Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot write private member {} to an object whose class did not declare it",
                description_text(agent, cell)
            ),
        )),
        Some((obj, Own::Data { attributes, .. })) => {
            if !attributes.contains(Attributes::WRITABLE) {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!(
                        "Private method '{}' is not writable",
                        description_text(agent, cell)
                    ),
                ));
            }
            let slot = object::find(agent, obj, key).expect("an own private element");
            object::set_slot_value(agent, obj, slot.index, value);
            Ok(())
        }
        Some((_, Own::Accessor { pair, .. })) => {
            let setter = object::accessor_setter(pair);
            if setter.is_undefined() {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!(
                        "'{}' was defined without a setter",
                        description_text(agent, cell)
                    ),
                ));
            }
            agent.scope(|agent| {
                agent.root(setter);
                super::call(agent, setter, object, &[value])
            })?;
            Ok(())
        }
    }
}

fn add_target(agent: &Agent, object: Value, cell: ObjectRef) -> Result<ObjectRef, Throw> {
    let obj = as_object(object)
        .ok_or_else(|| Throw::error(ErrorType::TypeError, "private elements need an object"))?;
    if ops::own_property(agent, obj, PropertyKey::Symbol(cell)).is_some() {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot initialize {} twice on the same object",
                description_text(agent, cell)
            ),
        ));
    }
    Ok(obj)
}

/// `PrivateFieldAdd(object, name, value)` (a field) or PrivateMethodOrAccessorAdd of a
/// method (`writable` false); all rooted by the caller.
pub fn private_add(
    agent: &mut Agent,
    object: Value,
    name: Value,
    value: Value,
    writable: bool,
) -> Result<(), Throw> {
    let (cell, key) = private_key(name)?;
    let obj = add_target(agent, object, cell)?;
    let attributes = if writable {
        Attributes::WRITABLE
    } else {
        Attributes::empty()
    };
    object::add_property(agent, obj, key, attributes, value)?;
    Ok(())
}

/// PrivateMethodOrAccessorAdd of an accessor (`getter`/`setter` functions or `undefined`);
/// all rooted by the caller.
pub fn private_add_accessor(
    agent: &mut Agent,
    object: Value,
    name: Value,
    getter: Value,
    setter: Value,
) -> Result<(), Throw> {
    let (cell, key) = private_key(name)?;
    add_target(agent, object, cell)?;
    let pair = object::new_accessor_pair(agent, getter, setter)?;
    let obj = as_object(object).expect("checked");
    object::add_property(agent, obj, key, Attributes::ACCESSOR, Value::cell(pair))?;
    Ok(())
}

/// `#name in object`.
pub fn has_private(agent: &mut Agent, object: Value, name: Value) -> Result<bool, Throw> {
    let (cell, key) = private_key(name)?;
    if as_object(object).is_none() {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot use 'in' operator to search for '{}' in {}",
                description_text(agent, cell),
                ops::display(agent, object)
            ),
        ));
    }
    Ok(find(agent, object, key).is_some())
}

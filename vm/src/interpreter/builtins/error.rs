//! 20.5 Error Objects
//! <https://tc39.es/ecma262/2024/#sec-error-objects>
//!
//! The `Error` constructor, the NativeError constructors and `AggregateError` (§20.5.1,
//! §20.5.6, §20.5.7), with their
//! prototypes' `name` and `message` (§20.5.3, §20.5.6.3). `InternalError` (the engine's own
//! "not implemented yet" and limit errors) has a prototype but no global constructor.

use heap::HeapError;

use super::{native, Family, Home, R};
use crate::interpreter::ops;
use crate::interpreter::realm::{
    add_string_property, construct_error, error_prototype, intrinsic, prototype_from_constructor,
    Intrinsic, CLASS_ERROR,
};
use crate::interpreter::ErrorType;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{new_object, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

macro_rules! error_constructor {
    ($name:literal, $ty:expr, $intrinsic:expr, $proto:expr) => {
        native!(
            Home::Global,
            $name,
            1,
            |a, _, args, nt| construct_error(a, $ty, args, nt),
            constructor($intrinsic, Some($proto))
        )
    };
}

/// The family: the error constructors and prototypes.
pub static FAMILY: Family = Family {
    name: "Error",
    create: Some(create_intrinsics),
    natives: &[
        error_constructor!(
            "Error",
            ErrorType::Error,
            Some(Intrinsic::ErrorConstructor),
            Intrinsic::ErrorPrototype
        ),
        error_constructor!(
            "TypeError",
            ErrorType::TypeError,
            None,
            Intrinsic::TypeErrorPrototype
        ),
        error_constructor!(
            "RangeError",
            ErrorType::RangeError,
            None,
            Intrinsic::RangeErrorPrototype
        ),
        error_constructor!(
            "ReferenceError",
            ErrorType::ReferenceError,
            None,
            Intrinsic::ReferenceErrorPrototype
        ),
        error_constructor!(
            "SyntaxError",
            ErrorType::SyntaxError,
            None,
            Intrinsic::SyntaxErrorPrototype
        ),
        error_constructor!(
            "EvalError",
            ErrorType::EvalError,
            None,
            Intrinsic::EvalErrorPrototype
        ),
        error_constructor!(
            "URIError",
            ErrorType::URIError,
            None,
            Intrinsic::URIErrorPrototype
        ),
        native!(
            Home::Global,
            "AggregateError",
            2,
            aggregate_error,
            constructor(None, Some(Intrinsic::AggregateErrorPrototype))
        ),
    ],
    finish: Some(finish),
};

/// The [[Prototype]] of `AggregateError` is %Error% (§20.5.7.2).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let error = intrinsic(agent, Intrinsic::ErrorConstructor);
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("AggregateError"));
    if let Some(c) = ops::lookup_data(agent, global, key).and_then(ops::as_object) {
        crate::runtime::object::set_proto(agent, c, error);
    }
    Ok(())
}

/// 20.5.7.1.1 AggregateError ( errors, message [ , options ] )
fn aggregate_error(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is undefined, let newTarget be the active function object.
    let nt = if nt.is_undefined() {
        super::callee(agent)
    } else {
        nt
    };
    let arg = |i: usize| args.get(i).copied().unwrap_or(Value::UNDEFINED);
    agent.scope(|agent| {
        agent.root(nt);
        // 2. O = ? OrdinaryCreateFromConstructor(newTarget, "%AggregateError.prototype%").
        let proto = prototype_from_constructor(agent, nt, Intrinsic::AggregateErrorPrototype)?;
        agent.root(proto);
        let o = new_object_with_class(agent, proto, 2, CLASS_ERROR, 0)?;
        agent.root(Value::cell(o));
        // 3. The message.
        if !arg(1).is_undefined() {
            let msg = ops::to_string_value(agent, arg(1))?;
            ops::define_property_or_throw(
                agent,
                o,
                PropertyKey::Atom(names::MESSAGE),
                builtin_value(msg),
            )?;
        }
        // 4. InstallErrorCause(O, options).
        if let Some(options) = ops::as_object(arg(2)) {
            let cause = PropertyKey::Atom(agent.atoms.intern_str("cause"));
            if ops::has_property(agent, options, cause) {
                let v = ops::get_from_object(agent, options, cause)?.unwrap_or(Value::UNDEFINED);
                ops::define_property_or_throw(agent, o, cause, builtin_value(v))?;
            }
        }
        // 5–6. errorsList = ? IterableToList(errors); define "errors".
        let (iterator, next) = ops::get_iterator(agent, arg(0))?;
        agent.root(iterator);
        agent.root(next);
        let mut list = Vec::new();
        while let Some(v) = ops::iterator_step_value(agent, iterator, next)? {
            agent.root(v);
            list.push(v);
        }
        let errors = super::array_from(agent, &list)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str("errors"));
        ops::define_property_or_throw(agent, o, key, builtin_value(Value::cell(errors)))?;
        Ok(Value::cell(o))
    })
}

/// `{ [[Value]]: v, [[Writable]]: true, [[Enumerable]]: false, [[Configurable]]: true }`.
fn builtin_value(v: Value) -> ops::Descriptor {
    ops::Descriptor {
        value: Some(v),
        writable: Some(true),
        enumerable: Some(false),
        configurable: Some(true),
        ..Default::default()
    }
}

/// The error types with a prototype of their own, %Error.prototype% first.
const TYPES: [ErrorType; 8] = [
    ErrorType::Error,
    ErrorType::TypeError,
    ErrorType::RangeError,
    ErrorType::ReferenceError,
    ErrorType::SyntaxError,
    ErrorType::EvalError,
    ErrorType::URIError,
    ErrorType::InternalError,
];

/// Creates %Error.prototype% and the NativeError prototypes (whose [[Prototype]] is
/// %Error.prototype%), each with `name` and an empty `message`, and the realm's
/// pre-allocated out-of-memory error.
fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    for ty in TYPES {
        let parent = if ty == ErrorType::Error {
            intrinsic(agent, Intrinsic::ObjectPrototype)
        } else {
            intrinsic(agent, Intrinsic::ErrorPrototype)
        };
        let proto = Value::cell(new_object(agent, parent, 4)?);
        agent.roots.vm.intrinsics[error_prototype(ty) as usize] = proto;
        add_string_property(
            agent,
            proto,
            PropertyKey::Atom(names::NAME),
            ty.name(),
            Attributes::BUILTIN,
        )?;
        add_string_property(
            agent,
            proto,
            PropertyKey::Atom(names::MESSAGE),
            "",
            Attributes::BUILTIN,
        )?;
    }
    // %AggregateError.prototype% (§20.5.7.3).
    let parent = intrinsic(agent, Intrinsic::ErrorPrototype);
    let proto = Value::cell(new_object(agent, parent, 4)?);
    agent.roots.vm.intrinsics[Intrinsic::AggregateErrorPrototype as usize] = proto;
    add_string_property(
        agent,
        proto,
        PropertyKey::Atom(names::NAME),
        "AggregateError",
        Attributes::BUILTIN,
    )?;
    add_string_property(
        agent,
        proto,
        PropertyKey::Atom(names::MESSAGE),
        "",
        Attributes::BUILTIN,
    )?;
    let oom = crate::interpreter::realm::make_error(agent, ErrorType::RangeError, "out of memory")?;
    agent.roots.vm.intrinsics[Intrinsic::OutOfMemoryError as usize] = oom;
    Ok(())
}

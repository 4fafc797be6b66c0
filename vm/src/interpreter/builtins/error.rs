//! 20.5 Error Objects
//! <https://tc39.es/ecma262/2024/#sec-error-objects>
//!
//! The `Error` constructor and the NativeError constructors (§20.5.1, §20.5.6), with their
//! prototypes' `name` and `message` (§20.5.3, §20.5.6.3). `InternalError` (the engine's own
//! "not implemented yet" and limit errors) has a prototype but no global constructor.

use heap::HeapError;

use super::{native, Family, Home};
use crate::interpreter::realm::{
    add_string_property, construct_error, error_prototype, intrinsic, Intrinsic,
};
use crate::interpreter::ErrorType;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::new_object;
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
    ],
    finish: None,
};

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
    let oom = crate::interpreter::realm::make_error(agent, ErrorType::RangeError, "out of memory")?;
    agent.roots.vm.intrinsics[Intrinsic::OutOfMemoryError as usize] = oom;
    Ok(())
}

//! 20.5 Error Objects
//! <https://tc39.es/ecma262/2024/#sec-error-objects>
//!
//! The `Error` constructor and the NativeError constructors (§20.5.1, §20.5.6) with the
//! `cause` option (InstallErrorCause, §20.5.8.1), `AggregateError` (§20.5.7), their
//! prototypes' `name` and `message` (§20.5.3, §20.5.6.3) and `Error.prototype.toString`
//! (§20.5.3.4). `InternalError` (the engine's own "not implemented yet" and limit errors)
//! has a prototype but no global constructor.

use heap::HeapError;

use super::{arg, native, Family, Home, R};
use crate::interpreter::ops;
use crate::interpreter::realm::{
    add_string_property, construct_error, error_prototype, intrinsic, prototype_from_constructor,
    Intrinsic, CLASS_ERROR,
};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::object::new_object;
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

macro_rules! error_constructor {
    ($name:literal, $ty:expr, $intrinsic:expr, $proto:expr) => {
        native!(
            Home::Global,
            $name,
            1,
            |a, _, args, nt| error_constructor(a, $ty, args, nt),
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
            aggregate_error_constructor,
            constructor(None, Some(Intrinsic::AggregateErrorPrototype))
        ),
        native!(EC, "isError", 1, error_is_error),
        native!(EP, "toString", 0, error_to_string),
    ],
    finish: Some(finish),
};

const EP: Home = Home::On(Intrinsic::ErrorPrototype);
const EC: Home = Home::On(Intrinsic::ErrorConstructor);

/// Error.isError ( arg ) (ES2026): true for objects with an `[[ErrorData]]` slot.
fn error_is_error(_agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(
        ops::as_object(arg(args, 0)).is_some_and(|o| object::class(o) == CLASS_ERROR),
    ))
}

/// The NativeError constructors' (and AggregateError's) `[[Prototype]]` is %Error%
/// (§20.5.6.2, §20.5.7.2).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let error = intrinsic(agent, Intrinsic::ErrorConstructor);
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    for name in [
        "TypeError",
        "RangeError",
        "ReferenceError",
        "SyntaxError",
        "EvalError",
        "URIError",
        "AggregateError",
    ] {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        if let Some(ctor) = ops::lookup_data(agent, global, key).and_then(|v| v.as_cell()) {
            object::set_proto(agent, ctor, error);
        }
    }
    Ok(())
}

/// 20.5.8.1 InstallErrorCause ( O, options )
fn install_error_cause(agent: &mut Agent, o: Value, options: Value) -> Result<(), Throw> {
    let Some(opts) = ops::as_object(options) else {
        return Ok(());
    };
    let key = PropertyKey::Atom(agent.atoms.intern_str("cause"));
    if !ops::has_property(agent, opts, key) {
        return Ok(());
    }
    agent.scope(|agent| {
        agent.root(o);
        let cause = ops::get_property(agent, options, key)?;
        let obj = ops::as_object(o).expect("an error object");
        ops::define_property_or_throw(
            agent,
            obj,
            key,
            ops::Descriptor {
                value: Some(cause),
                writable: Some(true),
                enumerable: Some(false),
                configurable: Some(true),
                ..Default::default()
            },
        )
    })
}

/// 20.5.1.1 Error ( message [ , options ] ) and 20.5.6.1.1 NativeError ( message [ , options ] )
fn error_constructor(agent: &mut Agent, ty: ErrorType, args: &[Value], nt: Value) -> R {
    // 2–3. OrdinaryCreateFromConstructor, then the message.
    let o = construct_error(agent, ty, args, nt)?;
    agent.scope(|agent| {
        let root = agent.root(o);
        // 4. Perform ? InstallErrorCause(O, options).
        install_error_cause(agent, o, arg(args, 1))?;
        Ok(agent.get(root))
    })
}

/// 20.5.7.1.1 AggregateError ( errors, message [ , options ] )
fn aggregate_error_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let (errors, message, options) = (arg(args, 0), arg(args, 1), arg(args, 2));
    // 2. Let O be ? OrdinaryCreateFromConstructor(newTarget, "%AggregateError.prototype%", …).
    let proto = prototype_from_constructor(agent, nt, Intrinsic::AggregateErrorPrototype)?;
    agent.scope(|agent| {
        let proto = agent.root(proto);
        // 3. If message is not undefined, then let msg be ? ToString(message).
        let msg = if message.is_undefined() {
            None
        } else {
            let m = ops::to_string_value(agent, message)?;
            Some(agent.root(m))
        };
        let p = agent.get(proto);
        let o = object::new_object_with_class(agent, p, 2, CLASS_ERROR, 0)?;
        let root = agent.root(Value::cell(o));
        if let Some(msg) = msg {
            let m = agent.get(msg);
            object::add_property(
                agent,
                o,
                PropertyKey::Atom(names::MESSAGE),
                Attributes::BUILTIN,
                m,
            )?;
        }
        // 4. Perform ? InstallErrorCause(O, options).
        install_error_cause(agent, agent.get(root), options)?;
        // 5. Let errorsList be ? IteratorToList(? GetIterator(errors, sync)).
        let list = super::array_from(agent, &[])?;
        let list_root = agent.root(Value::cell(list));
        super::map::for_each_item(agent, errors, |agent, item| {
            let l = ops::as_object(agent.get(list_root)).expect("an array");
            let n = object::elements_len(l);
            object::set_element(agent, l, n, item)?;
            Ok(())
        })?;
        // 6. Perform ! DefinePropertyOrThrow(O, "errors", { [[Configurable]]: true,
        //    [[Enumerable]]: false, [[Writable]]: true, [[Value]]: CreateArrayFromList(errorsList) }).
        let key = PropertyKey::Atom(agent.atoms.intern_str("errors"));
        let list = agent.get(list_root);
        object::add_property(agent, o, key, Attributes::BUILTIN, list)?;
        Ok(agent.get(root))
    })
}

/// 20.5.3.4 Error.prototype.toString ( )
fn error_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    // 2. If O is not an Object, throw a TypeError exception.
    if ops::as_object(this).is_none() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Error.prototype.toString called on non-object",
        ));
    }
    // 3. Let name be ? Get(O, "name"). 4. If name is undefined, set name to "Error".
    let name = ops::get_property(agent, this, PropertyKey::Atom(names::NAME))?;
    let mut name = if name.is_undefined() {
        "Error".encode_utf16().collect()
    } else {
        let s = ops::to_string_value(agent, name)?;
        string::units(s.as_cell().expect("a string"))
    };
    // 5. Let msg be ? Get(O, "message"). 6. If msg is undefined, set msg to the empty String.
    let msg = ops::get_property(agent, this, PropertyKey::Atom(names::MESSAGE))?;
    let msg = if msg.is_undefined() {
        Vec::new()
    } else {
        let s = ops::to_string_value(agent, msg)?;
        string::units(s.as_cell().expect("a string"))
    };
    // 7–9. name, msg, or name + ": " + msg.
    if name.is_empty() {
        name = msg;
    } else if !msg.is_empty() {
        name.extend(": ".encode_utf16());
        name.extend(msg);
    }
    Ok(Value::cell(string::from_units(agent, &name)?))
}

/// The error types with a prototype of their own, %Error.prototype% first.
const TYPES: [ErrorType; 9] = [
    ErrorType::Error,
    ErrorType::TypeError,
    ErrorType::RangeError,
    ErrorType::ReferenceError,
    ErrorType::SyntaxError,
    ErrorType::EvalError,
    ErrorType::URIError,
    ErrorType::InternalError,
    AGGREGATE,
];

/// Stands for AggregateError in [`TYPES`] (it has no `ErrorType` of its own).
const AGGREGATE: ErrorType = ErrorType::Error;

/// Creates %Error.prototype% and the NativeError prototypes (whose [[Prototype]] is
/// %Error.prototype%), each with `name` and an empty `message`, and the realm's
/// pre-allocated out-of-memory error.
fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    for (i, ty) in TYPES.into_iter().enumerate() {
        let aggregate = i == TYPES.len() - 1;
        let parent = if i == 0 {
            intrinsic(agent, Intrinsic::ObjectPrototype)
        } else {
            intrinsic(agent, Intrinsic::ErrorPrototype)
        };
        let proto = Value::cell(new_object(agent, parent, 4)?);
        let (which, name) = if aggregate {
            (Intrinsic::AggregateErrorPrototype, "AggregateError")
        } else {
            (error_prototype(ty), ty.name())
        };
        agent.roots.vm.intrinsics[which as usize] = proto;
        add_string_property(
            agent,
            proto,
            PropertyKey::Atom(names::NAME),
            name,
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

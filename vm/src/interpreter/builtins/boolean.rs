//! 20.3 Boolean Objects
//! <https://tc39.es/ecma262/2024/#sec-boolean-objects>
//!
//! The `Boolean` function (§20.3.1) and the methods of `Boolean.prototype` (§20.3.3).

use heap::HeapError;

use super::{arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, to_boolean};
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::value::Value;

const BP: Home = Home::On(Intrinsic::BooleanPrototype);

/// The family: `Boolean` and `Boolean.prototype`.
pub static FAMILY: Family = Family {
    name: "Boolean",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Boolean",
            1,
            boolean_constructor,
            constructor(
                Some(Intrinsic::BooleanConstructor),
                Some(Intrinsic::BooleanPrototype)
            )
        ),
        native!(BP, "toString", 0, boolean_to_string),
        native!(BP, "valueOf", 0, boolean_value_of),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    // The prototype is itself a wrapper object ([[BooleanData]] false).
    let proto = crate::runtime::object::new_object_with_class(
        agent,
        op,
        4,
        crate::interpreter::realm::CLASS_BOOLEAN_WRAPPER,
        1,
    )?;
    crate::runtime::object::set_internal_slot(agent, proto, 0, Value::FALSE);
    agent.roots.vm.intrinsics[Intrinsic::BooleanPrototype as usize] = Value::cell(proto);
    Ok(())
}

/// 20.3.1.1 Boolean ( value )
fn boolean_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let b = Value::bool(to_boolean(arg(args, 0)));
    if nt.is_undefined() {
        return Ok(b);
    }
    let proto = crate::interpreter::realm::prototype_from_constructor(
        agent,
        nt,
        Intrinsic::BooleanPrototype,
    )?;
    Ok(Value::cell(ops::new_wrapper(agent, b, proto)?))
}

/// 20.3.3.3.1 ThisBooleanValue ( value )
fn this_boolean(this: Value) -> Result<bool, Throw> {
    this.as_bool()
        .or_else(|| {
            ops::wrapped_primitive(this, crate::interpreter::realm::CLASS_BOOLEAN_WRAPPER)
                .and_then(Value::as_bool)
        })
        .ok_or_else(|| type_error("Boolean.prototype method requires that 'this' be a Boolean"))
}

fn boolean_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let b = this_boolean(this)?;
    ops::new_string(agent, if b { "true" } else { "false" })
}

fn boolean_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(this_boolean(this)?))
}

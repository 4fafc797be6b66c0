//! 21.1 Number Objects
//! <https://tc39.es/ecma262/2024/#sec-number-objects>
//!
//! The `Number` function (§21.1.1) and the methods of `Number.prototype` (§21.1.3) so far.

use heap::HeapError;

use super::{arg, integer_arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, to_number};
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::number::{number_to_string_radix, to_fixed};
use crate::runtime::value::Value;

const NP: Home = Home::On(Intrinsic::NumberPrototype);

/// The family: `Number` and `Number.prototype`.
pub static FAMILY: Family = Family {
    name: "Number",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Number",
            1,
            number_constructor,
            constructor(
                Some(Intrinsic::NumberConstructor),
                Some(Intrinsic::NumberPrototype)
            )
        ),
        native!(NP, "toString", 1, number_to_string),
        native!(NP, "toFixed", 1, number_to_fixed),
        native!(NP, "valueOf", 0, number_value_of),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    // The prototype is itself a wrapper object ([[NumberData]] +0).
    let proto = crate::runtime::object::new_object_with_class(
        agent,
        op,
        8,
        crate::interpreter::realm::CLASS_NUMBER_WRAPPER,
        1,
    )?;
    crate::runtime::object::set_internal_slot(agent, proto, 0, Value::int(0));
    agent.roots.vm.intrinsics[Intrinsic::NumberPrototype as usize] = Value::cell(proto);
    Ok(())
}

fn number_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let n = if args.is_empty() {
        Value::int(0)
    } else {
        Value::number(to_number(agent, args[0])?)
    };
    if nt.is_undefined() {
        return Ok(n);
    }
    let proto = crate::interpreter::realm::prototype_from_constructor(
        agent,
        nt,
        Intrinsic::NumberPrototype,
    )?;
    Ok(Value::cell(ops::new_wrapper(agent, n, proto)?))
}

/// 21.1.3.7.1 ThisNumberValue ( value )
fn this_number(this: Value, method: &str) -> Result<f64, Throw> {
    let unwrapped = ops::wrapped_primitive(this, crate::interpreter::realm::CLASS_NUMBER_WRAPPER);
    this.as_number()
        .or_else(|| unwrapped.and_then(Value::as_number))
        .ok_or_else(|| {
            type_error(format!(
                "Number.prototype.{method} requires that 'this' be a Number"
            ))
        })
}

fn number_to_string(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toString")?;
    let radix = if arg(args, 0).is_undefined() {
        10.0
    } else {
        integer_arg(agent, arg(args, 0))?
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toString() radix must be between 2 and 36",
        ));
    }
    let text = if radix == 10.0 {
        crate::runtime::number::number_to_string(x)
    } else {
        number_to_string_radix(x, radix as u32)
    };
    ops::new_string(agent, &text)
}

fn number_to_fixed(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let x = this_number(this, "toFixed")?;
    let digits = integer_arg(agent, arg(args, 0))?;
    if !(0.0..=100.0).contains(&digits) {
        return Err(Throw::error(
            ErrorType::RangeError,
            "toFixed() digits argument must be between 0 and 100",
        ));
    }
    ops::new_string(agent, &to_fixed(x, digits as u32))
}

fn number_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::number(this_number(this, "valueOf")?))
}

//! 27.1.3 %AsyncIteratorPrototype%, 27.3 GeneratorFunction
//! Objects and 27.5 Generator Objects
//! <https://tc39.es/ecma262/2024/#sec-generator-objects>
//!
//! %GeneratorFunction% (CreateDynamicFunction),
//! %GeneratorFunction.prototype%, %GeneratorPrototype% (`next`, `return`, `throw`: the
//! GeneratorResume / GeneratorResumeAbrupt steps over `interpreter::generator`), and
//! %AsyncIteratorPrototype% (%IteratorPrototype% belongs to the Iterator family).

use heap::HeapError;

use super::function::create_dynamic_function;
use super::{arg, iter_result, native, type_error, Family, Home, R};
use crate::interpreter::generator::{
    self, as_generator, COMPLETED, EXECUTING, MODE_NEXT, MODE_RETURN, MODE_THROW, SUSPENDED_START,
};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_GENERATOR};
use crate::interpreter::Throw;
use crate::parser::DynamicFunctionKind;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const GP: Home = Home::On(Intrinsic::GeneratorPrototype);

/// The family.
pub static FAMILY: Family = Family {
    name: "Generator",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::On(Intrinsic::AsyncIteratorPrototype),
            "[Symbol.asyncIterator]",
            0,
            return_this
        ),
        native!(
            Home::Hidden,
            "GeneratorFunction",
            1,
            generator_function,
            constructor(
                Some(Intrinsic::GeneratorFunction),
                Some(Intrinsic::GeneratorFunctionPrototype)
            )
        ),
        native!(GP, "next", 1, generator_next),
        native!(GP, "return", 1, generator_return),
        native!(GP, "throw", 1, generator_throw),
    ],
    finish: Some(finish),
};

/// Adds `@@toStringTag: tag` (`{ configurable }`) to an intrinsic object.
pub(crate) fn tag_intrinsic(
    agent: &mut Agent,
    which: Intrinsic,
    tag: &str,
) -> Result<(), HeapError> {
    let obj = intrinsic(agent, which);
    super::add_to_string_tag(agent, obj, tag)
}

/// Makes an ordinary intrinsic object inheriting `parent`.
pub(crate) fn make_intrinsic(
    agent: &mut Agent,
    which: Intrinsic,
    parent: Intrinsic,
) -> Result<(), HeapError> {
    let p = intrinsic(agent, parent);
    let obj = object::new_object(agent, p, 4)?;
    agent.roots.vm.intrinsics[which as usize] = Value::cell(obj);
    Ok(())
}

/// Makes the [[Prototype]] of the constructor `which` %Function% (§27.3.2, §27.4.2, §27.7.2).
pub(crate) fn inherit_function(agent: &mut Agent, which: Intrinsic) {
    let function = intrinsic(agent, Intrinsic::FunctionConstructor);
    if let Some(c) = intrinsic(agent, which).as_cell() {
        if function.as_cell().is_some() {
            object::set_proto(agent, c, function);
        }
    }
}

/// Links `from.key = to` with `{ configurable }` attributes (the `constructor` /
/// `prototype` links of §27.3.3 and §27.5.1).
pub(crate) fn link(
    agent: &mut Agent,
    from: Intrinsic,
    key: PropertyKey,
    to: Intrinsic,
) -> Result<(), HeapError> {
    let from = intrinsic(agent, from).as_cell().expect("an object");
    let to = intrinsic(agent, to);
    match object::find(agent, from, key) {
        Some(slot) => {
            object::set_slot_value(agent, from, slot.index, to);
            object::set_attributes(agent, from, key, Attributes::CONFIGURABLE);
        }
        None => {
            object::add_property(agent, from, key, Attributes::CONFIGURABLE, to)?;
        }
    }
    Ok(())
}

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    make_intrinsic(
        agent,
        Intrinsic::AsyncIteratorPrototype,
        Intrinsic::ObjectPrototype,
    )?;
    make_intrinsic(
        agent,
        Intrinsic::GeneratorFunctionPrototype,
        Intrinsic::FunctionPrototype,
    )?;
    make_intrinsic(
        agent,
        Intrinsic::GeneratorPrototype,
        Intrinsic::IteratorPrototype,
    )?;
    tag_intrinsic(
        agent,
        Intrinsic::GeneratorFunctionPrototype,
        "GeneratorFunction",
    )?;
    tag_intrinsic(agent, Intrinsic::GeneratorPrototype, "Generator")
}

/// The `constructor` / `prototype` links between %GeneratorFunction%,
/// %GeneratorFunction.prototype% and %GeneratorPrototype% (all `{ configurable }`).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    inherit_function(agent, Intrinsic::GeneratorFunction);
    let constructor = PropertyKey::Atom(names::CONSTRUCTOR);
    let prototype = PropertyKey::Atom(names::PROTOTYPE);
    link(
        agent,
        Intrinsic::GeneratorFunctionPrototype,
        constructor,
        Intrinsic::GeneratorFunction,
    )?;
    link(
        agent,
        Intrinsic::GeneratorFunctionPrototype,
        prototype,
        Intrinsic::GeneratorPrototype,
    )?;
    link(
        agent,
        Intrinsic::GeneratorPrototype,
        constructor,
        Intrinsic::GeneratorFunctionPrototype,
    )
}

/// 27.1.3.1 %AsyncIteratorPrototype% [ @@asyncIterator ] ( ): returns `this`.
fn return_this(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(this)
}

/// 27.3.1.1 GeneratorFunction ( ...parameterArgs, bodyArg )
fn generator_function(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    create_dynamic_function(agent, DynamicFunctionKind::Generator, args, nt)
}

/// 27.5.3.3 GeneratorResume and 27.5.3.4 GeneratorResumeAbrupt.
fn generator_resume(agent: &mut Agent, this: Value, mode: i32, value: Value) -> R {
    // GeneratorValidate.
    let Some(g) = as_generator(this, CLASS_GENERATOR) else {
        let name = match mode {
            MODE_NEXT => "next",
            MODE_RETURN => "return",
            _ => "throw",
        };
        return Err(type_error(format!(
            "Generator.prototype.{name} called on incompatible receiver"
        )));
    };
    let mut state = generator::state(g);
    if state == EXECUTING {
        return Err(type_error("Generator is already running"));
    }
    // GeneratorResumeAbrupt 2: an abrupt completion of a suspended-start generator
    // completes it.
    if state == SUSPENDED_START && mode != MODE_NEXT {
        generator::set_state(agent, g, COMPLETED);
        generator::clear(agent, g);
        state = COMPLETED;
    }
    if state == COMPLETED {
        return match mode {
            MODE_NEXT => iter_result(agent, Value::UNDEFINED, true),
            MODE_RETURN => iter_result(agent, value, true),
            _ => Err(Throw::Value(value)),
        };
    }
    generator::resume(agent, g, mode, value)
}

/// 27.5.1.2 %GeneratorPrototype%.next ( value )
fn generator_next(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    generator_resume(agent, this, MODE_NEXT, arg(args, 0))
}

/// 27.5.1.3 %GeneratorPrototype%.return ( value )
fn generator_return(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    generator_resume(agent, this, MODE_RETURN, arg(args, 0))
}

/// 27.5.1.4 %GeneratorPrototype%.throw ( exception )
fn generator_throw(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    generator_resume(agent, this, MODE_THROW, arg(args, 0))
}

//! 20.2 Function Objects
//! <https://tc39.es/ecma262/2024/#sec-function-objects>
//!
//! The methods of `Function.prototype` (§20.2.3). %Function.prototype% itself is created by
//! the realm as a native function that accepts any arguments and returns `undefined`
//! (§20.2.3: "the Function prototype object is itself a built-in function object").

use super::{arg, array_from, list_from_array_like, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, display, is_callable, is_string};
use crate::interpreter::realm::{Intrinsic, CLASS_BOUND};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::number::to_integer_or_infinity;
use crate::runtime::object::{self, new_object_with_class};
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

const FP: Home = Home::On(Intrinsic::FunctionPrototype);

/// The family: `Function.prototype`'s methods, and the hidden entry %Function.prototype%'s
/// own behaviour.
pub static FAMILY: Family = Family {
    name: "Function",
    create: None,
    natives: &[
        native!(Home::Hidden, "", 0, function_prototype),
        native!(FP, "call", 1, function_call),
        native!(FP, "apply", 2, function_apply),
        native!(FP, "bind", 1, function_bind),
        native!(FP, "toString", 0, function_to_string),
        native!(FP, "[Symbol.hasInstance]", 1, function_has_instance),
        native!(Home::Hidden, "%ThrowTypeError%", 0, throw_type_error),
    ],
    finish: Some(finish_function_prototype),
};

/// `Function.prototype[@@hasInstance]` is `{ [[Writable]]: false, [[Enumerable]]: false,
/// [[Configurable]]: false }` (20.2.3.6).
fn finish_function_prototype(agent: &mut Agent) -> Result<(), heap::HeapError> {
    let fp = crate::interpreter::realm::intrinsic(agent, Intrinsic::FunctionPrototype)
        .as_cell()
        .expect("%Function.prototype%");
    let sym = crate::interpreter::realm::intrinsic(agent, Intrinsic::SymbolHasInstance)
        .as_cell()
        .expect("a symbol");
    let key = PropertyKey::Symbol(sym);
    if object::find(agent, fp, key).is_some() {
        object::set_attributes(agent, fp, key, Attributes::empty());
    }
    // 10.2.4.1 %ThrowTypeError%: anonymous, `length` and `name` non-configurable, not
    // extensible.
    let id = super::native_id(&FAMILY, "%ThrowTypeError%");
    let f = super::make_native(agent, id)?;
    let fo = f.as_cell().expect("a function");
    agent.roots.vm.intrinsics[Intrinsic::ThrowTypeError as usize] = f;
    let name = PropertyKey::Atom(names::NAME);
    if let Some(slot) = object::find(agent, fo, name) {
        let empty = crate::runtime::string::from_str(agent, "").map_err(|e| match e {
            crate::runtime::string::StringError::OutOfMemory(e) => e,
            crate::runtime::string::StringError::TooLong => unreachable!("an empty string"),
        })?;
        let fo = crate::interpreter::realm::intrinsic(agent, Intrinsic::ThrowTypeError)
            .as_cell()
            .expect("a function");
        object::set_slot_value(agent, fo, slot.index, Value::cell(empty));
    }
    let fo = crate::interpreter::realm::intrinsic(agent, Intrinsic::ThrowTypeError)
        .as_cell()
        .expect("a function");
    object::set_attributes(agent, fo, name, Attributes::empty());
    object::set_attributes(
        agent,
        fo,
        PropertyKey::Atom(names::LENGTH),
        Attributes::empty(),
    );
    object::prevent_extensions(fo);
    Ok(())
}

/// 10.2.4.1 %ThrowTypeError% ( )
fn throw_type_error(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Err(type_error(
        "'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions or the arguments objects for calls to them",
    ))
}

/// 20.2.3.6 Function.prototype [ @@hasInstance ] ( V )
fn function_has_instance(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    Ok(Value::bool(ops::ordinary_has_instance(
        agent,
        this,
        arg(args, 0),
    )?))
}

/// 20.2.3 Properties of the Function Prototype Object: "accepts any arguments and returns
/// undefined when invoked".
fn function_prototype(_agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    Ok(Value::UNDEFINED)
}

fn require_callable(agent: &Agent, f: Value) -> Result<(), Throw> {
    if is_callable(f) {
        Ok(())
    } else {
        Err(type_error(format!(
            "{} is not a function",
            display(agent, f)
        )))
    }
}

fn function_call(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let rest = if args.is_empty() { &[][..] } else { &args[1..] };
    crate::interpreter::call(agent, this, arg(args, 0), rest)
}

fn function_apply(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    agent.scope(|agent| {
        let list = if arg(args, 1).is_nullish() {
            Vec::new()
        } else {
            list_from_array_like(agent, arg(args, 1))?
        };
        crate::interpreter::call(agent, this, arg(args, 0), &list)
    })
}

fn function_bind(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let target = as_object(this).expect("callable");
    agent.scope(|agent| {
        let rest = if args.is_empty() { &[][..] } else { &args[1..] };
        let bound_args = array_from(agent, rest)?;
        let bound_args = agent.root(Value::cell(bound_args));
        let proto = object::proto(target);
        let f = new_object_with_class(agent, proto, 2, CLASS_BOUND, 3)?;
        let fv = agent.root(Value::cell(f));
        object::set_internal_slot(agent, f, 0, this);
        object::set_internal_slot(agent, f, 1, arg(args, 0));
        let ba = agent.get(bound_args);
        object::set_internal_slot(agent, f, 2, ba);
        let target_len = ops::get_from_object(agent, target, PropertyKey::Atom(names::LENGTH))?
            .and_then(Value::as_number)
            .map_or(0.0, to_integer_or_infinity);
        let len = (target_len - rest.len() as f64).max(0.0);
        object::add_property(
            agent,
            f,
            PropertyKey::Atom(names::LENGTH),
            Attributes::CONFIGURABLE,
            Value::number(len),
        )?;
        let name = ops::get_from_object(agent, target, PropertyKey::Atom(names::NAME))?
            .filter(|&n| is_string(n))
            .map(|n| display(agent, n))
            .unwrap_or_default();
        let name = ops::new_string(agent, &format!("bound {name}"))?;
        object::add_property(
            agent,
            f,
            PropertyKey::Atom(names::NAME),
            Attributes::CONFIGURABLE,
            name,
        )?;
        Ok(agent.get(fv))
    })
}

fn function_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let text = display(agent, this);
    ops::new_string(agent, &text)
}

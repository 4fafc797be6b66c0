//! 20.2 Function Objects
//! <https://tc39.es/ecma262/2024/#sec-function-objects>
//!
//! The `Function` constructor (§20.2.1, with CreateDynamicFunction §20.2.1.1.1, which the
//! generator and async function constructors share) and the methods of `Function.prototype`
//! (§20.2.3). %Function.prototype% itself is created by the realm as a native function that
//! accepts any arguments and returns `undefined` (§20.2.3: "the Function prototype object is
//! itself a built-in function object").

use heap::HeapError;

use super::{
    arg, array_from, list_from_array_like, make_native, native, native_id, type_error, Family,
    Home, R,
};
use crate::compiler::compile_function_constructor;
use crate::interpreter::ops::{self, as_object, display, is_callable, is_string};
use crate::interpreter::realm::{
    intrinsic, make_closure, prototype_from_constructor, Intrinsic, CLASS_BOUND, CLASS_FUNCTION,
    FN_CODE,
};
use crate::interpreter::{ErrorType, Throw};
use crate::parser::{parse_dynamic_function, DynamicFunctionKind};
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
        native!(
            Home::Global,
            "Function",
            1,
            function_constructor,
            constructor(
                Some(Intrinsic::FunctionConstructor),
                Some(Intrinsic::FunctionPrototype)
            )
        ),
        native!(FP, "call", 1, function_call),
        native!(FP, "apply", 2, function_apply),
        native!(FP, "bind", 1, function_bind),
        native!(FP, "toString", 0, function_to_string),
        native!(FP, "[Symbol.hasInstance]", 1, function_has_instance),
        native!(Home::Hidden, "%ThrowTypeError%", 0, throw_type_error),
    ],
    finish: Some(finish),
};

/// Creates %ThrowTypeError% (§10.2.4.1) and gives %Function.prototype% its restricted
/// `caller` and `arguments` accessors (AddRestrictedFunctionProperties, §10.2.4).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let thrower = make_native(agent, native_id(&FAMILY, "%ThrowTypeError%"))?;
    agent.roots.vm.intrinsics[Intrinsic::ThrowTypeError as usize] = thrower;
    let f = as_object(thrower).expect("a function object");
    // Its `name` is the empty String; `length` and `name` are non-configurable and the
    // function is not extensible (§10.2.4.1).
    let empty = crate::runtime::string::from_str(agent, "")
        .map_err(crate::interpreter::realm::string_heap_error)?;
    for (key, value) in [
        (PropertyKey::Atom(names::NAME), Value::cell(empty)),
        (PropertyKey::Atom(names::LENGTH), Value::int(0)),
    ] {
        object::remove_property(agent, f, key);
        object::add_property(agent, f, key, Attributes::empty(), value)?;
    }
    object::prevent_extensions(f);
    let fp = intrinsic(agent, Intrinsic::FunctionPrototype)
        .as_cell()
        .expect("an object");
    for name in ["caller", "arguments"] {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let pair = object::new_accessor_pair(agent, thrower, thrower)?;
        let attributes = Attributes::CONFIGURABLE | Attributes::ACCESSOR;
        object::add_property(agent, fp, key, attributes, Value::cell(pair))?;
    }
    // `Function.prototype[@@hasInstance]` is `{ [[Writable]]: false, [[Enumerable]]:
    // false, [[Configurable]]: false }` (20.2.3.6).
    let sym = intrinsic(agent, Intrinsic::SymbolHasInstance)
        .as_cell()
        .expect("a symbol");
    let key = PropertyKey::Symbol(sym);
    let fp = intrinsic(agent, Intrinsic::FunctionPrototype)
        .as_cell()
        .expect("an object");
    if object::find(agent, fp, key).is_some() {
        object::set_attributes(agent, fp, key, Attributes::empty());
    }
    Ok(())
}

/// %ThrowTypeError% ( ): always throws.
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

/// 20.2.3.5 Function.prototype.toString ( ): the source text of functions defined by
/// ECMAScript code (their `[[SourceText]]`, the assembled text for dynamic functions), the
/// NativeFunction syntax for natives and bound functions; `TypeError` for non-callables.
fn function_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    require_callable(agent, this)?;
    let f = as_object(this).expect("callable");
    if object::class(f) == CLASS_FUNCTION {
        let code = object::internal_slot(f, FN_CODE)
            .and_then(Value::as_int)
            .unwrap_or(0) as usize;
        if let Some(exe) = agent.roots.vm.executables.get(code).cloned() {
            return ops::new_string(agent, exe.source_text());
        }
    }
    // NativeFunction syntax: the name must be a PropertyName, so bound functions
    // ("bound f") show none.
    let name = match ops::lookup_data(agent, f, PropertyKey::Atom(names::NAME)) {
        Some(n) if is_string(n) && object::class(f) != CLASS_BOUND => display(agent, n),
        _ => String::new(),
    };
    ops::new_string(agent, &format!("function {name}() {{ [native code] }}"))
}

/// 20.2.1.1 Function ( ...parameterArgs, bodyArg )
fn function_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    create_dynamic_function(agent, DynamicFunctionKind::Normal, args, nt)
}

/// 20.2.1.1.1 CreateDynamicFunction ( constructor, newTarget, kind, parameterArgs, bodyArg ):
/// every argument but the last is a parameter source, the last the body; the function closes
/// over the global environment. `new_target` is `undefined` for a call (step 1: the active
/// function is the constructor itself, whose `prototype` is the fallback prototype).
pub(crate) fn create_dynamic_function(
    agent: &mut Agent,
    kind: DynamicFunctionKind,
    args: &[Value],
    new_target: Value,
) -> R {
    // Steps 5–10: ToString of every argument, left to right.
    let (params, body) = match args.split_last() {
        None => (Vec::new(), String::new()),
        Some((body, params)) => {
            let mut texts = Vec::with_capacity(params.len());
            for &p in params {
                texts.push(ops::to_rust_string(agent, p)?);
            }
            (texts, ops::to_rust_string(agent, *body)?)
        }
    };
    // Steps 11–17: parse the parameters and the body on their own, then together.
    let (source, function) = parse_dynamic_function(&params.join(","), &body, kind)
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    let exe = compile_function_constructor(&function, &source)
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    // Step 18: GetPrototypeFromConstructor(newTarget, fallbackProto).
    let fallback = match kind {
        DynamicFunctionKind::Normal => Intrinsic::FunctionPrototype,
        DynamicFunctionKind::Generator => Intrinsic::GeneratorFunctionPrototype,
        DynamicFunctionKind::Async => Intrinsic::AsyncFunctionPrototype,
        DynamicFunctionKind::AsyncGenerator => Intrinsic::AsyncGeneratorFunctionPrototype,
    };
    let proto = prototype_from_constructor(agent, new_target, fallback)?;
    agent.scope(|agent| {
        let proto = agent.root(proto);
        // Steps 19–31: OrdinaryFunctionCreate over the global environment, then
        // MakeConstructor / the generator prototype as the kind asks (make_closure).
        let f = make_closure(agent, &exe, Value::UNDEFINED)?;
        let proto = agent.get(proto);
        let obj = as_object(f).expect("a function object");
        if object::proto(obj) != proto {
            object::set_proto(agent, obj, proto);
        }
        Ok(f)
    })
}

//! 20.2.1 The Function Constructor and 20.2.1.1.1 CreateDynamicFunction
//! <https://tc39.es/ecma262/2024/#sec-createdynamicfunction>
//!
//! `Function`, and the dynamic-function part of %GeneratorFunction%, %AsyncFunction% and
//! %AsyncGeneratorFunction%: the parameters and body are assembled into
//! `(kind (P\n) {\nbody\n})` (anonymous, so the body has no binding of the name), parsed as a Script that must consist of exactly that one
//! function expression (so the pieces cannot close the function early), compiled and
//! evaluated in the global scope; the result gets `name` "anonymous" and the prototype from
//! newTarget.

use super::{native, type_error, Family, Home, R};
use crate::ast::{Expression, Statement};
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::realm::{intrinsic, prototype_from_constructor, Intrinsic};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object;
use crate::runtime::value::Value;
use crate::source::Source;

/// The family: the global `Function` constructor.
pub static FAMILY: Family = Family {
    name: "FunctionConstructor",
    create: None,
    natives: &[native!(
        Home::Global,
        "Function",
        1,
        function_constructor,
        constructor(
            Some(Intrinsic::FunctionConstructor),
            Some(Intrinsic::FunctionPrototype)
        )
    )],
    finish: None,
};

/// What CreateDynamicFunction makes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum DynamicKind {
    /// `normal`.
    Normal,
    /// `generator`.
    Generator,
    /// `async`.
    Async,
    /// `async-generator`.
    AsyncGenerator,
}

/// 20.2.1.1 Function ( ...parameterArgs, bodyArg )
fn function_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    let nt = if nt.is_undefined() {
        super::callee(agent)
    } else {
        nt
    };
    create_dynamic_function(agent, nt, DynamicKind::Normal, args)
}

/// 20.2.1.1.1 CreateDynamicFunction ( constructor, newTarget, kind, parameterArgs, bodyArg )
/// (`new_target` is the active function for `[[Call]]`; rooted by the caller).
pub fn create_dynamic_function(
    agent: &mut Agent,
    new_target: Value,
    kind: DynamicKind,
    args: &[Value],
) -> R {
    // 6–10. P = the parameters joined with ",", bodyString = LF + body + LF.
    let (params, body) = match args.split_last() {
        None => (&[][..], None),
        Some((body, params)) => (params, Some(*body)),
    };
    let mut p = Vec::with_capacity(params.len());
    for &param in params {
        p.push(ops::to_rust_string(agent, param)?);
    }
    let body = match body {
        Some(b) => ops::to_rust_string(agent, b)?,
        None => String::new(),
    };
    let prefix = match kind {
        DynamicKind::Normal => "function",
        DynamicKind::Generator => "function*",
        DynamicKind::Async => "async function",
        DynamicKind::AsyncGenerator => "async function*",
    };
    // 11–13. sourceString (parenthesised so it parses as one expression).
    let text = format!("({prefix} ({}\n) {{\n{body}\n}})", p.join(","));
    let source = Source::new("<dynamic function>", text.as_str());
    let syntax = |message: String| Throw::error(ErrorType::SyntaxError, message);
    let script =
        crate::parser::parse_script(&source, Default::default()).map_err(|e| syntax(e.message))?;
    // 14–19. The text must be exactly one function expression of the requested kind.
    let single = match script.body.as_slice() {
        [Statement::Expression(s)] => matches!(
            s.expression.without_parens(),
            Expression::Function(f) if f.span.start == 1 && f.span.end as usize + 1 == text.len()
        ),
        _ => false,
    };
    if !single {
        return Err(syntax("Invalid function body or parameters".to_string()));
    }
    let exe = crate::compiler::compile_script(&script, &source).map_err(|e| syntax(e.message))?;
    // 28–33. OrdinaryFunctionCreate in the global environment.
    let f = crate::interpreter::enter_nested(agent, |agent| {
        crate::interpreter::run_executable(agent, exe)
    })?;
    let Some(fo) = as_object(f) else {
        return Err(type_error(
            "dynamic function did not evaluate to a function",
        ));
    };
    agent.scope(|agent| {
        agent.root(f);
        // 25. proto = ? GetPrototypeFromConstructor(newTarget, fallbackProto).
        let fallback = match kind {
            DynamicKind::Normal => Intrinsic::FunctionPrototype,
            DynamicKind::Generator => Intrinsic::GeneratorFunctionPrototype,
            DynamicKind::Async => Intrinsic::AsyncFunctionPrototype,
            DynamicKind::AsyncGenerator => Intrinsic::AsyncGeneratorFunctionPrototype,
        };
        let proto = prototype_from_constructor(agent, new_target, fallback)?;
        if !ops::same_value(proto, intrinsic(agent, fallback)) {
            object::set_proto(agent, fo, proto);
        }
        // 34. SetFunctionName(F, "anonymous").
        let name = ops::new_string(agent, "anonymous")?;
        if let Some(slot) = object::find(agent, fo, PropertyKey::Atom(names::NAME)) {
            object::set_slot_value(agent, fo, slot.index, name);
        }
        Ok(f)
    })
}

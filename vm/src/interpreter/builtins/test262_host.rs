//! The test262 host object `$262` (test262's INTERPRETING.md, "Host-Defined Functions"):
//! `global`, `gc()`, `evalScript(source)`, `createRealm()`, `detachArrayBuffer(buffer)`.
//! Installed only when a host asks for it ([`install`], the `agora --test262` engine
//! protocol), never in ordinary realms. Each realm has its own `$262` (its `global` is that
//! realm's global object; its natives belong to that realm, so `evalScript` runs there).
//! `agent` is absent until the engine has several agents (test262 features that need it fail
//! with a `TypeError`, which the runner reports as a failure).

use heap::HeapError;

use super::{arg, native, Family, Home, R};
use crate::interpreter::ops;
use crate::interpreter::realm::{ensure_realm, intrinsic, Intrinsic};
use crate::interpreter::{run_executable, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// The family: `$262`'s functions (hidden: [`install`] attaches them).
pub static FAMILY: Family = Family {
    name: "$262",
    create: None,
    natives: &[
        native!(Home::Hidden, "evalScript", 1, eval_script),
        native!(Home::Hidden, "gc", 0, gc),
        native!(Home::Hidden, "detachArrayBuffer", 1, detach_array_buffer),
        native!(Home::Hidden, "createRealm", 0, create_realm),
    ],
    finish: None,
};

/// Creates `$262` on the global object of the agent's realm.
pub fn install(agent: &mut Agent) -> Result<(), HeapError> {
    ensure_realm(agent)?;
    install_in_running_realm(agent).map(|_| ())
}

/// Creates `$262` on the global object of the running realm and returns it.
fn install_in_running_realm(agent: &mut Agent) -> Result<Value, HeapError> {
    agent.scope(|agent| {
        let op = intrinsic(agent, Intrinsic::ObjectPrototype);
        let host = object::new_object(agent, op, 8)?;
        let host_root = agent.root(Value::cell(host));
        let global = intrinsic(agent, Intrinsic::GlobalObject);
        let key = PropertyKey::Atom(agent.atoms.intern_str("global"));
        object::add_property(agent, host, key, Attributes::BUILTIN, global)?;
        for native in FAMILY.natives {
            let id = super::native_id(&FAMILY, native.name);
            let f = super::make_native(agent, id)?;
            let key = PropertyKey::Atom(agent.atoms.intern_str(native.name));
            let host = agent.get(host_root).as_cell().expect("an object");
            object::add_property(agent, host, key, Attributes::BUILTIN, f)?;
        }
        let key = PropertyKey::Atom(agent.atoms.intern_str("$262"));
        let host = agent.get(host_root);
        let global = global.as_cell().expect("the global object");
        object::add_property(agent, global, key, Attributes::BUILTIN, host)?;
        Ok(agent.get(host_root))
    })
}

/// `$262.createRealm()`: a new realm (CreateRealm, SetRealmGlobalObject,
/// SetDefaultGlobalBindings; see `interpreter::realms`) with its own `$262`, which it returns.
fn create_realm(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let index = crate::interpreter::realms::create_realm(agent)?;
    let host = crate::interpreter::realms::with_realm(agent, index, install_in_running_realm)?;
    Ok(host)
}

/// `$262.evalScript(source)`: parses and runs `source` as a Script in the realm
/// (ParseScript + ScriptEvaluation); a parse error throws a `SyntaxError`.
fn eval_script(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let text = ops::to_rust_string(agent, arg(args, 0))?;
    let source = crate::source::Source::new("evalScript", text.as_str());
    let script = crate::parser::parse_script(&source, Default::default())
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    let exe = crate::compiler::compile_script(&script, &source)
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    run_executable(agent, exe)
}

/// `$262.detachArrayBuffer(buffer)`: DetachArrayBuffer(buffer).
fn detach_array_buffer(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    super::typed_array::array_buffer::detach_for_host(agent, arg(args, 0))
}

/// `$262.gc()`: a full collection of the agent's heap.
fn gc(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    agent.collect_garbage();
    Ok(Value::UNDEFINED)
}

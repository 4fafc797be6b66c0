//! 19 The Global Object
//! <https://tc39.es/ecma262/2024/#sec-global-object>
//!
//! The function properties of the global object (§19.2) and the host's `print`. The value
//! properties (`globalThis`, `Infinity`, `NaN`, `undefined`) are installed by the realm.

use heap::HeapError;

use super::{native, Family, Home};
use crate::interpreter::dynamic_scope::indirect_eval;
use crate::interpreter::ops;
use crate::interpreter::realm::{intrinsic, native_print, Intrinsic};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::value::Value;

/// The family: the global functions.
pub static FAMILY: Family = Family {
    name: "global",
    create: None,
    natives: &[
        native!(Home::Global, "print", 0, native_print),
        native!(Home::Global, "eval", 1, indirect_eval),
    ],
    finish: Some(finish),
};

/// Records %eval% (a direct eval is a call of this very function through the name `eval`).
fn finish(agent: &mut Agent) -> Result<(), HeapError> {
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let key = PropertyKey::Atom(agent.atoms.intern_str("eval"));
    let eval = ops::lookup_data(agent, global, key).unwrap_or(Value::UNDEFINED);
    agent.roots.vm.intrinsics[Intrinsic::Eval as usize] = eval;
    Ok(())
}

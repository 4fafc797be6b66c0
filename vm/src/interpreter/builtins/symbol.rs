//! 20.4 Symbol Objects
//! <https://tc39.es/ecma262/2024/#sec-symbol-objects>
//!
//! The `Symbol` function (§20.4.1) and the well-known symbol properties of the constructor
//! (§20.4.2). Symbol.prototype and `Symbol.for`/`keyFor` are still to come.

use heap::HeapError;

use super::{arg, native, Family, Home, R};
use crate::interpreter::ops::to_string_value;
use crate::interpreter::realm::{intrinsic, Intrinsic};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// The family: `Symbol` and its well-known symbol properties.
pub static FAMILY: Family = Family {
    name: "Symbol",
    create: None,
    natives: &[native!(
        Home::Global,
        "Symbol",
        0,
        symbol_constructor,
        constructor(Some(Intrinsic::SymbolConstructor), None)
    )],
    finish: Some(install_well_known_symbols),
};

/// The well-known symbols by property name of the `Symbol` constructor (§20.4.2).
pub const WELL_KNOWN: [(&str, Intrinsic); 15] = [
    ("asyncDispose", Intrinsic::SymbolAsyncDispose),
    ("asyncIterator", Intrinsic::SymbolAsyncIterator),
    ("dispose", Intrinsic::SymbolDispose),
    ("hasInstance", Intrinsic::SymbolHasInstance),
    ("isConcatSpreadable", Intrinsic::SymbolIsConcatSpreadable),
    ("iterator", Intrinsic::SymbolIterator),
    ("match", Intrinsic::SymbolMatch),
    ("matchAll", Intrinsic::SymbolMatchAll),
    ("replace", Intrinsic::SymbolReplace),
    ("search", Intrinsic::SymbolSearch),
    ("species", Intrinsic::SymbolSpecies),
    ("split", Intrinsic::SymbolSplit),
    ("toPrimitive", Intrinsic::SymbolToPrimitive),
    ("toStringTag", Intrinsic::SymbolToStringTag),
    ("unscopables", Intrinsic::SymbolUnscopables),
];

/// `Symbol.iterator` and the rest: `{ [[Writable]]: false, [[Enumerable]]: false,
/// [[Configurable]]: false }`.
fn install_well_known_symbols(agent: &mut Agent) -> Result<(), HeapError> {
    let ctor = intrinsic(agent, Intrinsic::SymbolConstructor)
        .as_cell()
        .expect("the Symbol constructor");
    for (name, which) in WELL_KNOWN {
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let sym = intrinsic(agent, which);
        object::add_property(agent, ctor, key, Attributes::empty(), sym)?;
    }
    Ok(())
}

/// 20.4.1.1 Symbol ( [ description ] )
fn symbol_constructor(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let description = if arg(args, 0).is_undefined() {
        Value::UNDEFINED
    } else {
        to_string_value(agent, arg(args, 0))?
    };
    Ok(Value::cell(crate::runtime::symbol::new_symbol(
        agent,
        description,
    )?))
}

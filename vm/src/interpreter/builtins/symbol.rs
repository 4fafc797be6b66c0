//! 20.4 Symbol Objects
//! <https://tc39.es/ecma262/2024/#sec-symbol-objects>
//!
//! The `Symbol` function (§20.4.1), the constructor's properties (§20.4.2: the well-known
//! symbols, `Symbol.for`, `Symbol.keyFor`) and `Symbol.prototype` (§20.4.3).
//!
//! The GlobalSymbolRegistry is a Map-style table (map.rs `Table`, in a hidden `CLASS_MAP`
//! object held as `Intrinsic::SymbolRegistry`, so the GC traces it) mapping each key string
//! to its symbol and each registered symbol back to its key string (the two kinds of keys
//! never collide).

use heap::HeapError;

use super::map::{new_table_object, Table};
use super::{add_to_string_tag, arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_symbol, to_string_value};
use crate::interpreter::realm::{intrinsic, Intrinsic, CLASS_MAP, CLASS_SYMBOL_WRAPPER};
use crate::interpreter::Throw;
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

/// The family: `Symbol` and its well-known symbol properties.
pub static FAMILY: Family = Family {
    name: "Symbol",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "Symbol",
            0,
            symbol_constructor,
            constructor(
                Some(Intrinsic::SymbolConstructor),
                Some(Intrinsic::SymbolPrototype)
            )
        ),
        native!(SC, "for", 1, symbol_for),
        native!(SC, "keyFor", 1, symbol_key_for),
        native!(SP, "description", symbol_description_getter, getter),
        native!(SP, "toString", 0, symbol_to_string),
        native!(SP, "valueOf", 0, symbol_value_of),
        native!(SP, "[Symbol.toPrimitive]", 1, symbol_to_primitive),
    ],
    finish: Some(install_well_known_symbols),
};

const SC: Home = Home::On(Intrinsic::SymbolConstructor);
const SP: Home = Home::On(Intrinsic::SymbolPrototype);

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let proto = object::new_object(agent, op, 8)?;
    agent.roots.vm.intrinsics[Intrinsic::SymbolPrototype as usize] = Value::cell(proto);
    add_to_string_tag(agent, Value::cell(proto), "Symbol")?;
    let registry = new_table_object(agent, Value::NULL, CLASS_MAP)?;
    agent.roots.vm.intrinsics[Intrinsic::SymbolRegistry as usize] = Value::cell(registry);
    Ok(())
}

fn registry(agent: &Agent) -> Table {
    Table(
        intrinsic(agent, Intrinsic::SymbolRegistry)
            .as_cell()
            .expect("the symbol registry"),
    )
}

/// True if `sym` is in the GlobalSymbolRegistry (such symbols cannot be held weakly).
pub fn is_registered(agent: &Agent, sym: Value) -> bool {
    registry(agent).find(sym).is_some()
}

/// 20.4.2.2 Symbol.for ( key )
fn symbol_for(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    // 1. Let stringKey be ? ToString(key).
    let key = to_string_value(agent, arg(args, 0))?;
    // 2. For each element e of the GlobalSymbolRegistry, if SameValue(e.[[Key]], stringKey)
    //    is true, return e.[[Symbol]].
    if let Some(sym) = registry(agent).get(key) {
        return Ok(sym);
    }
    agent.scope(|agent| {
        let key = agent.root(key);
        // 4. Let newSymbol be a new Symbol whose [[Description]] is stringKey.
        let sym = crate::runtime::symbol::new_symbol(agent, agent.get(key))?;
        let sym = agent.root(Value::cell(sym));
        let (k, s) = (agent.get(key), agent.get(sym));
        registry(agent).set(agent, k, s)?;
        registry(agent).set(agent, s, k)?;
        Ok(agent.get(sym))
    })
}

/// 20.4.2.6 Symbol.keyFor ( sym )
fn symbol_key_for(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let sym = arg(args, 0);
    if !is_symbol(sym) {
        return Err(type_error(format!(
            "{} is not a symbol",
            ops::display(agent, sym)
        )));
    }
    Ok(registry(agent).get(sym).unwrap_or(Value::UNDEFINED))
}

/// 20.4.3.5.1 ThisSymbolValue ( value )
fn this_symbol(this: Value, method: &str) -> Result<Value, Throw> {
    if is_symbol(this) {
        return Ok(this);
    }
    as_object(this)
        .filter(|&o| object::class(o) == CLASS_SYMBOL_WRAPPER)
        .and_then(|o| object::internal_slot(o, 0))
        .filter(|&v| is_symbol(v))
        .ok_or_else(|| {
            type_error(format!(
                "Symbol.prototype.{method} requires that 'this' be a Symbol"
            ))
        })
}

/// 20.4.3.2 get Symbol.prototype.description
fn symbol_description_getter(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let sym = this_symbol(this, "description")?;
    Ok(crate::runtime::symbol::symbol_description(
        sym.as_cell().expect("a symbol"),
    ))
}

/// 20.4.3.3.1 SymbolDescriptiveString ( sym )
pub fn descriptive_string(sym: Value) -> String {
    let d = crate::runtime::symbol::symbol_description(sym.as_cell().expect("a symbol"));
    let text = d.as_cell().map(string::to_rust_string).unwrap_or_default();
    format!("Symbol({text})")
}

/// 20.4.3.3 Symbol.prototype.toString ( )
fn symbol_to_string(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let sym = this_symbol(this, "toString")?;
    let d = crate::runtime::symbol::symbol_description(sym.as_cell().expect("a symbol"));
    let mut units: Vec<u16> = "Symbol(".encode_utf16().collect();
    if let Some(d) = d.as_cell() {
        units.extend(string::units(d));
    }
    units.push(u16::from(b')'));
    Ok(Value::cell(string::from_units(agent, &units)?))
}

/// 20.4.3.4 Symbol.prototype.valueOf ( )
fn symbol_value_of(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_symbol(this, "valueOf")
}

/// 20.4.3.5 Symbol.prototype [ @@toPrimitive ] ( hint )
fn symbol_to_primitive(_agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    this_symbol(this, "[Symbol.toPrimitive]")
}

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
    // 20.4.3.5: Symbol.prototype[@@toPrimitive] is { [[Writable]]: false, [[Configurable]]: true }.
    let proto = intrinsic(agent, Intrinsic::SymbolPrototype)
        .as_cell()
        .expect("Symbol.prototype");
    let sym = intrinsic(agent, Intrinsic::SymbolToPrimitive)
        .as_cell()
        .expect("a symbol");
    object::set_attributes(
        agent,
        proto,
        PropertyKey::Symbol(sym),
        Attributes::CONFIGURABLE,
    );
    Ok(())
}

/// 20.4.1.1 Symbol ( [ description ] )
fn symbol_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    // 1. If NewTarget is not undefined, throw a TypeError exception.
    if !nt.is_undefined() {
        return Err(type_error("Symbol is not a constructor"));
    }
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

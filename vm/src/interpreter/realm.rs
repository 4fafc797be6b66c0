//! The realm (one per agent for now): intrinsic prototypes, the global object and the global
//! lexical record, error objects, function objects (bytecode closures and natives) and the
//! native function table (`print`, the error constructors), the `Math` object and the
//! well-known symbols `Symbol.iterator` and `Symbol.toStringTag`.

use heap::sync::Arc;
use heap::HeapError;

use crate::bytecode::Executable;
use crate::interpreter::ops::{display, to_string_value};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{names, PropertyKey};
use crate::runtime::object::{self, new_object, new_object_with_class, DEFAULT_INLINE_SLOTS};
use crate::runtime::shape::Attributes;
use crate::runtime::string;
use crate::runtime::value::Value;

/// Object class: ordinary.
pub const CLASS_ORDINARY: u8 = 0;
/// Object class: a bytecode function (internal slots: executable id, context, home object).
pub const CLASS_FUNCTION: u8 = 1;
/// Object class: a native function (internal slot 0: the native's index).
pub const CLASS_NATIVE: u8 = 2;
/// Object class: an Array (elements; `length` is the elements' length).
pub const CLASS_ARRAY: u8 = 3;
/// Object class: an Error instance.
pub const CLASS_ERROR: u8 = 4;
/// Object class: a bound function exotic object (internal slots: target, bound this, bound
/// arguments as an Array).
pub const CLASS_BOUND: u8 = 5;
/// Object class: an Array Iterator (internal slots: the iterated object or `undefined` once
/// done, the next index, the kind: 0 values, 1 keys, 2 entries).
pub const CLASS_ARRAY_ITERATOR: u8 = 6;
/// Object class: a for-in enumerator (internal slots: the enumerated value, an Array of the
/// key strings to visit, the next position; see `interpreter::for_in`).
pub const CLASS_FOR_IN_ITERATOR: u8 = 7;

/// Function internal slot: the executable id (bytecode) or native index.
pub const FN_CODE: usize = 0;
/// Function internal slot: the closure's context.
pub const FN_CONTEXT: usize = 1;
/// Function internal slot: `[[HomeObject]]`.
pub const FN_HOME: usize = 2;
/// Function internal slot of class constructors only: `[[Fields]]`, the class's instance
/// initialiser closure (`SetInstanceInitializer`), or `undefined`.
pub const FN_FIELDS: usize = 3;

/// Intrinsic objects, by index into `VmRoots::intrinsics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Intrinsic {
    ObjectPrototype,
    FunctionPrototype,
    ArrayPrototype,
    ErrorPrototype,
    TypeErrorPrototype,
    RangeErrorPrototype,
    ReferenceErrorPrototype,
    SyntaxErrorPrototype,
    InternalErrorPrototype,
    GlobalObject,
    /// A pre-allocated `RangeError: out of memory` thrown when materialising fails.
    OutOfMemoryError,
    StringPrototype,
    NumberPrototype,
    BooleanPrototype,
    ArrayIteratorPrototype,
    /// The well-known symbol `Symbol.iterator`.
    SymbolIterator,
    /// The `Object` constructor.
    ObjectConstructor,
    /// The well-known symbol `Symbol.toStringTag`.
    SymbolToStringTag,
    /// The `Math` object (its internal slots hold the `Math.random` state).
    Math,
    /// The `Date` constructor.
    DateConstructor,
    /// The `Array` constructor.
    ArrayConstructor,
}

const INTRINSIC_COUNT: usize = 21;

/// The intrinsic value.
pub fn intrinsic(agent: &Agent, which: Intrinsic) -> Value {
    agent.roots.vm.intrinsics[which as usize]
}

/// The prototype of errors of `ty`.
pub fn error_prototype(ty: ErrorType) -> Intrinsic {
    match ty {
        ErrorType::Error => Intrinsic::ErrorPrototype,
        ErrorType::TypeError => Intrinsic::TypeErrorPrototype,
        ErrorType::RangeError => Intrinsic::RangeErrorPrototype,
        ErrorType::ReferenceError => Intrinsic::ReferenceErrorPrototype,
        ErrorType::SyntaxError => Intrinsic::SyntaxErrorPrototype,
        ErrorType::InternalError => Intrinsic::InternalErrorPrototype,
    }
}

/// A native function: `(agent, this, args, new_target)`; `new_target` is `undefined` for
/// `[[Call]]`. The caller roots `this` and the arguments for the duration of the call.
pub type NativeFn = fn(&mut Agent, Value, &[Value], Value) -> Result<Value, Throw>;

/// One entry of the native table.
pub struct Native {
    /// The `name` property.
    pub name: &'static str,
    /// The `length` property.
    pub length: u32,
    /// Has `[[Construct]]`.
    pub constructor: bool,
    /// The code.
    pub call: NativeFn,
    /// Where `ensure_realm` installs it.
    pub home: Home,
}

/// Where a native function is installed (as a non-enumerable property named `name`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    /// The global object.
    Global,
    /// The `Object` constructor.
    ObjectConstructor,
    /// An intrinsic prototype object.
    Proto(Intrinsic),
    /// Another intrinsic object: a namespace (`Math`) or a constructor (`Date`) created by an
    /// earlier entry of the table.
    Object(Intrinsic),
}

pub use crate::interpreter::builtins::NATIVES;

pub(crate) fn native_print(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> Result<Value, Throw> {
    let line = args
        .iter()
        .map(|&v| display(agent, v))
        .collect::<Vec<_>>()
        .join(" ");
    match &mut agent.roots.vm.output {
        Some(buffer) => {
            buffer.push_str(&line);
            buffer.push('\n');
        }
        None => {
            // A closed stdout (`agora x.js | head`) ends the output quietly instead of
            // panicking as `println!` would.
            use std::io::Write;
            let _ = writeln!(std::io::stdout().lock(), "{line}");
        }
    }
    Ok(Value::UNDEFINED)
}

/// GetPrototypeFromConstructor(newTarget, default): `newTarget.prototype` when it is an
/// object, else the intrinsic (`newTarget` `undefined` for `[[Call]]`; rooted by the caller).
pub(crate) fn prototype_from_constructor(
    agent: &mut Agent,
    new_target: Value,
    default: Intrinsic,
) -> Result<Value, Throw> {
    if let Some(nt) = crate::interpreter::ops::as_object(new_target) {
        let p = crate::interpreter::ops::get_from_object(
            agent,
            nt,
            PropertyKey::Atom(names::PROTOTYPE),
        )?
        .unwrap_or(Value::UNDEFINED);
        if crate::interpreter::ops::as_object(p).is_some() {
            return Ok(p);
        }
    }
    Ok(intrinsic(agent, default))
}

pub(crate) fn construct_error(
    agent: &mut Agent,
    ty: ErrorType,
    args: &[Value],
    new_target: Value,
) -> Result<Value, Throw> {
    let message = args.first().copied().unwrap_or(Value::UNDEFINED);
    let proto = prototype_from_constructor(agent, new_target, error_prototype(ty))?;
    agent.scope(|agent| {
        let proto = agent.root(proto);
        let message = if message.is_undefined() {
            None
        } else {
            let text = to_string_value(agent, message)?;
            Some(agent.root(text))
        };
        let proto = agent.get(proto);
        let obj = new_object_with_class(agent, proto, 2, CLASS_ERROR, 0)?;
        if let Some(message) = message {
            let message = agent.get(message);
            object::add_property(
                agent,
                obj,
                PropertyKey::Atom(names::MESSAGE),
                Attributes::BUILTIN,
                message,
            )?;
        }
        Ok(Value::cell(obj))
    })
}

/// A new error object of `ty` with `message`.
pub fn make_error(agent: &mut Agent, ty: ErrorType, message: &str) -> Result<Value, HeapError> {
    agent.scope(|agent| {
        let text = string::from_str(agent, message).map_err(string_heap_error)?;
        let text = agent.root(Value::cell(text));
        let proto = intrinsic(agent, error_prototype(ty));
        let obj = new_object_with_class(agent, proto, 2, CLASS_ERROR, 0)?;
        let text = agent.get(text);
        object::add_property(
            agent,
            obj,
            PropertyKey::Atom(names::MESSAGE),
            Attributes::BUILTIN,
            text,
        )?;
        Ok(Value::cell(obj))
    })
}

fn string_heap_error(error: string::StringError) -> HeapError {
    match error {
        string::StringError::OutOfMemory(e) => e,
        string::StringError::TooLong => HeapError::OutOfMemory {
            shared: false,
            requested: string::MAX_LENGTH,
            limit: string::MAX_LENGTH,
        },
    }
}

/// Adds a data property whose value is a fresh string.
fn add_string_property(
    agent: &mut Agent,
    obj: Value,
    key: PropertyKey,
    text: &str,
    attributes: Attributes,
) -> Result<(), HeapError> {
    agent.scope(|agent| {
        let obj = agent.root(obj);
        let s = string::from_str(agent, text).map_err(string_heap_error)?;
        let o = agent.get(obj).as_cell().expect("an object");
        object::add_property(agent, o, key, attributes, Value::cell(s))?;
        Ok(())
    })
}

fn add_value_property(
    agent: &mut Agent,
    obj: Value,
    key: PropertyKey,
    value: Value,
    attributes: Attributes,
) -> Result<(), HeapError> {
    let o = obj.as_cell().expect("an object");
    object::add_property(agent, o, key, attributes, value)?;
    Ok(())
}

/// Creates the realm if the agent has none yet.
pub fn ensure_realm(agent: &mut Agent) -> Result<(), HeapError> {
    if agent.roots.vm.intrinsics.len() == INTRINSIC_COUNT {
        return Ok(());
    }
    agent.roots.vm.intrinsics = vec![Value::UNDEFINED; INTRINSIC_COUNT];
    let set = |agent: &mut Agent, which: Intrinsic, v: Value| {
        agent.roots.vm.intrinsics[which as usize] = v;
    };
    let object_proto = new_object(agent, Value::NULL, 8)?;
    set(agent, Intrinsic::ObjectPrototype, Value::cell(object_proto));
    let op = Value::cell(object_proto);
    let function_proto = new_object(agent, op, 4)?;
    set(
        agent,
        Intrinsic::FunctionPrototype,
        Value::cell(function_proto),
    );
    let array_proto = new_object(agent, op, 4)?;
    set(agent, Intrinsic::ArrayPrototype, Value::cell(array_proto));
    let global = new_object(agent, op, 16)?;
    set(agent, Intrinsic::GlobalObject, Value::cell(global));
    let error_proto = new_object(agent, op, 4)?;
    set(agent, Intrinsic::ErrorPrototype, Value::cell(error_proto));
    for (ty, which) in [
        (ErrorType::Error, Intrinsic::ErrorPrototype),
        (ErrorType::TypeError, Intrinsic::TypeErrorPrototype),
        (ErrorType::RangeError, Intrinsic::RangeErrorPrototype),
        (
            ErrorType::ReferenceError,
            Intrinsic::ReferenceErrorPrototype,
        ),
        (ErrorType::SyntaxError, Intrinsic::SyntaxErrorPrototype),
        (ErrorType::InternalError, Intrinsic::InternalErrorPrototype),
    ] {
        let proto = if ty == ErrorType::Error {
            Value::cell(error_proto)
        } else {
            let ep = intrinsic(agent, Intrinsic::ErrorPrototype);
            let p = Value::cell(new_object(agent, ep, 4)?);
            set(agent, which, p);
            p
        };
        add_string_property(
            agent,
            proto,
            PropertyKey::Atom(names::NAME),
            ty.name(),
            Attributes::BUILTIN,
        )?;
        add_string_property(
            agent,
            proto,
            PropertyKey::Atom(names::MESSAGE),
            "",
            Attributes::BUILTIN,
        )?;
    }
    let oom = make_error(agent, ErrorType::RangeError, "out of memory")?;
    set(agent, Intrinsic::OutOfMemoryError, oom);

    let global = intrinsic(agent, Intrinsic::GlobalObject);
    let key = |agent: &mut Agent, name: &str| PropertyKey::Atom(agent.atoms.intern_str(name));
    let k = key(agent, "globalThis");
    add_value_property(agent, global, k, global, Attributes::BUILTIN)?;
    add_value_property(
        agent,
        global,
        PropertyKey::Atom(names::UNDEFINED),
        Value::UNDEFINED,
        Attributes::empty(),
    )?;
    let k = key(agent, "NaN");
    add_value_property(
        agent,
        global,
        k,
        Value::double(f64::NAN),
        Attributes::empty(),
    )?;
    let k = key(agent, "Infinity");
    add_value_property(
        agent,
        global,
        k,
        Value::double(f64::INFINITY),
        Attributes::empty(),
    )?;
    for which in [
        Intrinsic::StringPrototype,
        Intrinsic::NumberPrototype,
        Intrinsic::BooleanPrototype,
        Intrinsic::ArrayIteratorPrototype,
    ] {
        let op = intrinsic(agent, Intrinsic::ObjectPrototype);
        let p = new_object(agent, op, 8)?;
        set(agent, which, Value::cell(p));
    }
    let description = string::from_str(agent, "Symbol.iterator").map_err(string_heap_error)?;
    let sym = crate::runtime::symbol::new_symbol(agent, Value::cell(description))?;
    set(agent, Intrinsic::SymbolIterator, Value::cell(sym));
    let description = string::from_str(agent, "Symbol.toStringTag").map_err(string_heap_error)?;
    let sym = crate::runtime::symbol::new_symbol(agent, Value::cell(description))?;
    set(agent, Intrinsic::SymbolToStringTag, Value::cell(sym));
    let math = crate::interpreter::builtins::math::create_math_object(agent)?;
    set(agent, Intrinsic::Math, math);
    let k = key(agent, "Math");
    add_value_property(agent, global, k, math, Attributes::BUILTIN)?;
    for (index, native) in NATIVES.iter().enumerate() {
        let f = make_native(agent, index)?;
        agent.scope(|agent| -> Result<(), HeapError> {
            let f = agent.root(f);
            let k = key(agent, native.name);
            let fv = agent.get(f);
            let home = match native.home {
                Home::Global => global,
                Home::ObjectConstructor => intrinsic(agent, Intrinsic::ObjectConstructor),
                Home::Proto(which) | Home::Object(which) => intrinsic(agent, which),
            };
            add_value_property(agent, home, k, fv, Attributes::BUILTIN)?;
            let proto = match native.name {
                "Object" => {
                    set(agent, Intrinsic::ObjectConstructor, fv);
                    Some(Intrinsic::ObjectPrototype)
                }
                "Date" if native.home == Home::Global => {
                    set(agent, Intrinsic::DateConstructor, fv);
                    None
                }
                "Array" if native.home == Home::Global => {
                    set(agent, Intrinsic::ArrayConstructor, fv);
                    Some(Intrinsic::ArrayPrototype)
                }
                "String" => Some(Intrinsic::StringPrototype),
                "Number" => Some(Intrinsic::NumberPrototype),
                "Boolean" => Some(Intrinsic::BooleanPrototype),
                name => ErrorType::from_name(name).map(error_prototype),
            };
            if let (Some(proto), Home::Global) = (proto, native.home) {
                let proto = intrinsic(agent, proto);
                add_value_property(
                    agent,
                    fv,
                    PropertyKey::Atom(names::PROTOTYPE),
                    proto,
                    Attributes::empty(),
                )?;
                add_value_property(
                    agent,
                    proto,
                    PropertyKey::Atom(names::CONSTRUCTOR),
                    fv,
                    Attributes::BUILTIN,
                )?;
            }
            Ok(())
        })?;
    }
    // Symbol.iterator.
    let symbol_key = key(agent, "Symbol");
    let symbol_ctor = crate::interpreter::ops::lookup_data(
        agent,
        global.as_cell().expect("an object"),
        symbol_key,
    );
    if let Some(ctor) = symbol_ctor {
        let sym = intrinsic(agent, Intrinsic::SymbolIterator);
        let k = key(agent, "iterator");
        add_value_property(agent, ctor, k, sym, Attributes::empty())?;
        let sym = intrinsic(agent, Intrinsic::SymbolToStringTag);
        let k = key(agent, "toStringTag");
        add_value_property(agent, ctor, k, sym, Attributes::empty())?;
    }
    // %ArrayIteratorPrototype%[@@iterator] is installed under its name; move it to the symbol.
    let aip = intrinsic(agent, Intrinsic::ArrayIteratorPrototype);
    let aip_ref = aip.as_cell().expect("an object");
    let name_key = key(agent, "[Symbol.iterator]");
    if let Some(f) = crate::interpreter::ops::lookup_data(agent, aip_ref, name_key) {
        object::remove_property(agent, aip_ref, name_key);
        let sym = intrinsic(agent, Intrinsic::SymbolIterator)
            .as_cell()
            .expect("a symbol");
        add_value_property(agent, aip, PropertyKey::Symbol(sym), f, Attributes::BUILTIN)?;
    }
    // Array.prototype[@@iterator] is Array.prototype.values.
    let array_proto = intrinsic(agent, Intrinsic::ArrayPrototype);
    let values_key = key(agent, "values");
    let values = crate::interpreter::ops::lookup_data(
        agent,
        array_proto.as_cell().expect("an object"),
        values_key,
    )
    .unwrap_or(Value::UNDEFINED);
    let sym = intrinsic(agent, Intrinsic::SymbolIterator)
        .as_cell()
        .expect("a symbol");
    add_value_property(
        agent,
        array_proto,
        PropertyKey::Symbol(sym),
        values,
        Attributes::BUILTIN,
    )?;
    Ok(())
}

/// A native function object for `NATIVES[index]`.
pub fn make_native(agent: &mut Agent, index: usize) -> Result<Value, HeapError> {
    let native = &NATIVES[index];
    agent.scope(|agent| {
        let proto = intrinsic(agent, Intrinsic::FunctionPrototype);
        let f = new_object_with_class(agent, proto, 2, CLASS_NATIVE, 1)?;
        object::set_internal_slot(agent, f, FN_CODE, Value::int(index as i32));
        let fv = Value::cell(f);
        let root = agent.root(fv);
        add_value_property(
            agent,
            fv,
            PropertyKey::Atom(names::LENGTH),
            Value::int(native.length as i32),
            Attributes::CONFIGURABLE,
        )?;
        add_string_property(
            agent,
            fv,
            PropertyKey::Atom(names::NAME),
            native.name,
            Attributes::CONFIGURABLE,
        )?;
        Ok(agent.get(root))
    })
}

/// The id of `exe` in the agent's executable table (registered on first use).
pub fn executable_id(agent: &mut Agent, exe: &Arc<Executable>) -> u32 {
    let key = Arc::as_ptr(exe) as usize;
    if let Some(&id) = agent.roots.vm.executable_ids.get(&key) {
        return id;
    }
    let id = agent.roots.vm.executables.len() as u32;
    agent.roots.vm.executables.push(exe.clone());
    agent.roots.vm.executable_ids.insert(key, id);
    id
}

/// A new function object for `exe` closing over `context` (OrdinaryFunctionCreate, plus
/// MakeConstructor for constructors; `length` and `name` from the metadata).
pub fn make_closure(
    agent: &mut Agent,
    exe: &Arc<Executable>,
    context: Value,
) -> Result<Value, HeapError> {
    let id = executable_id(agent, exe);
    agent.scope(|agent| {
        let context = agent.root(context);
        let proto = intrinsic(agent, Intrinsic::FunctionPrototype);
        let internals = if exe.info.is_class_constructor() {
            4
        } else {
            3
        };
        let f = new_object_with_class(agent, proto, 3, CLASS_FUNCTION, internals)?;
        let ctx = agent.get(context);
        object::set_internal_slot(agent, f, FN_CODE, Value::int(id as i32));
        object::set_internal_slot(agent, f, FN_CONTEXT, ctx);
        let fv = Value::cell(f);
        let root = agent.root(fv);
        add_value_property(
            agent,
            fv,
            PropertyKey::Atom(names::LENGTH),
            Value::number(f64::from(exe.info.length)),
            Attributes::CONFIGURABLE,
        )?;
        let name = string::from_units(agent, &exe.info.name).map_err(string_heap_error)?;
        let fv = agent.get(root);
        add_value_property(
            agent,
            fv,
            PropertyKey::Atom(names::NAME),
            Value::cell(name),
            Attributes::CONFIGURABLE,
        )?;
        if exe.info.is_constructor() && !exe.info.is_class_constructor() {
            let op = intrinsic(agent, Intrinsic::ObjectPrototype);
            let prototype = new_object(agent, op, DEFAULT_INLINE_SLOTS)?;
            let fv = agent.get(root);
            add_value_property(
                agent,
                Value::cell(prototype),
                PropertyKey::Atom(names::CONSTRUCTOR),
                fv,
                Attributes::BUILTIN,
            )?;
            add_value_property(
                agent,
                fv,
                PropertyKey::Atom(names::PROTOTYPE),
                Value::cell(prototype),
                Attributes::WRITABLE,
            )?;
        }
        Ok(agent.get(root))
    })
}

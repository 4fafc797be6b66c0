//! A realm's contents (an agent may have several, see `realms`): intrinsic prototypes, the
//! global object and the global lexical record, error objects, function objects (bytecode
//! closures and natives) and the native function table (`print`, the error constructors), the
//! `Math` object and the well-known symbols `Symbol.iterator` and `Symbol.toStringTag`.

use heap::sync::Arc;
use heap::HeapError;

use crate::bytecode::Executable;
use crate::interpreter::builtins;
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
/// Object class: a native function (internal slot 0: the native's id, see
/// `builtins::native`).
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
// The classes below are reserved for the families that implement them; each family's file
// documents its internal slots.
/// Object class: a String exotic object (`[[StringData]]`).
pub const CLASS_STRING_WRAPPER: u8 = 8;
/// Object class: a Number object (`[[NumberData]]`).
pub const CLASS_NUMBER_WRAPPER: u8 = 9;
/// Object class: a Boolean object (`[[BooleanData]]`).
pub const CLASS_BOOLEAN_WRAPPER: u8 = 10;
/// Object class: a Symbol object (`[[SymbolData]]`).
pub const CLASS_SYMBOL_WRAPPER: u8 = 11;
/// Object class: a BigInt object (`[[BigIntData]]`).
pub const CLASS_BIGINT_WRAPPER: u8 = 12;
/// Object class: an unmapped arguments object.
pub const CLASS_ARGUMENTS: u8 = 13;
/// Object class: a mapped arguments exotic object.
pub const CLASS_MAPPED_ARGUMENTS: u8 = 14;
/// Object class: a Proxy exotic object.
pub const CLASS_PROXY: u8 = 15;
/// Object class: a RegExp instance.
pub const CLASS_REGEXP: u8 = 16;
/// Object class: a Date instance.
pub const CLASS_DATE: u8 = 17;
/// Object class: a Map.
pub const CLASS_MAP: u8 = 18;
/// Object class: a Set.
pub const CLASS_SET: u8 = 19;
/// Object class: a WeakMap.
pub const CLASS_WEAK_MAP: u8 = 20;
/// Object class: a WeakSet.
pub const CLASS_WEAK_SET: u8 = 21;
/// Object class: a WeakRef.
pub const CLASS_WEAK_REF: u8 = 22;
/// Object class: a FinalizationRegistry.
pub const CLASS_FINALIZATION_REGISTRY: u8 = 23;
/// Object class: a Promise.
pub const CLASS_PROMISE: u8 = 24;
/// Object class: a generator object.
pub const CLASS_GENERATOR: u8 = 25;
/// Object class: an async generator object.
pub const CLASS_ASYNC_GENERATOR: u8 = 26;
/// Object class: a Map Iterator.
pub const CLASS_MAP_ITERATOR: u8 = 27;
/// Object class: a Set Iterator.
pub const CLASS_SET_ITERATOR: u8 = 28;
/// Object class: a String Iterator.
pub const CLASS_STRING_ITERATOR: u8 = 29;
/// Object class: a RegExp String Iterator.
pub const CLASS_REGEXP_STRING_ITERATOR: u8 = 30;
/// Object class: an ArrayBuffer or SharedArrayBuffer.
pub const CLASS_ARRAY_BUFFER: u8 = 31;
/// Object class: a typed array.
pub const CLASS_TYPED_ARRAY: u8 = 32;
/// Object class: a DataView.
pub const CLASS_DATA_VIEW: u8 = 33;
/// Object class: an async-from-sync iterator.
pub const CLASS_ASYNC_FROM_SYNC_ITERATOR: u8 = 35;
/// Object class: an Iterator Helper (`Iterator.prototype.map` and friends).
pub const CLASS_ITERATOR_HELPER: u8 = 36;
/// Object class: the wrapper `Iterator.from` makes for an iterator not inheriting from
/// %Iterator.prototype%.
pub const CLASS_WRAP_FOR_VALID_ITERATOR: u8 = 37;
/// Object class: a DisposableStack.
pub const CLASS_DISPOSABLE_STACK: u8 = 38;
/// Object class: an AsyncDisposableStack.
pub const CLASS_ASYNC_DISPOSABLE_STACK: u8 = 39;
/// Object class: the internal state of a running async function (see
/// `interpreter::generator`).
pub const CLASS_ASYNC_FUNCTION: u8 = 40;
/// Object class: a raw JSON object made by `JSON.rawJSON` (`[[IsRawJSON]]`; no internal slots).
pub const CLASS_RAW_JSON: u8 = 41;
/// Object class: a module namespace exotic object (internal slot 0: the module's id; see
/// `interpreter::modules::namespace`).
pub const CLASS_MODULE_NAMESPACE: u8 = 42;

/// Function internal slot: the executable id (bytecode) or native index.
pub const FN_CODE: usize = 0;
/// Function internal slot: the closure's context.
pub const FN_CONTEXT: usize = 1;
/// Function internal slot: `[[HomeObject]]`.
pub const FN_HOME: usize = 2;
/// Function internal slot of bytecode functions: `[[Realm]]`, the index of the realm that
/// made the function (see `interpreter::realms`; natives keep it in their last slot).
pub const FN_REALM: usize = 3;
/// Function internal slot of class constructors only: `[[Fields]]`, the class's instance
/// initialiser closure (`SetInstanceInitializer`), or `undefined`.
pub const FN_FIELDS: usize = 4;

macro_rules! intrinsics {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Intrinsic objects and well-known symbols, by index into `VmRoots::intrinsics`.
        /// Every family of builtins finds its prototypes and constructors here; a family
        /// that needs a new one appends a variant (order is irrelevant).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Intrinsic {
            $($(#[$doc])* $name,)*
        }

        impl Intrinsic {
            /// How many intrinsics a realm holds.
            pub const COUNT: usize = [$(Intrinsic::$name),*].len();
        }
    };
}

intrinsics! {
    // ----- Created by `ensure_realm` before any family -----
    /// %Object.prototype%.
    ObjectPrototype,
    /// %Function.prototype%.
    FunctionPrototype,
    /// The global object.
    GlobalObject,
    /// A pre-allocated `RangeError: out of memory` thrown when materialising fails.
    OutOfMemoryError,
    /// %ThrowTypeError%.
    ThrowTypeError,
    // The well-known symbols (§6.1.5.1), created by `ensure_realm`.
    /// `Symbol.asyncDispose`.
    SymbolAsyncDispose,
    /// `Symbol.asyncIterator`.
    SymbolAsyncIterator,
    /// `Symbol.dispose`.
    SymbolDispose,
    /// `Symbol.hasInstance`.
    SymbolHasInstance,
    /// `Symbol.isConcatSpreadable`.
    SymbolIsConcatSpreadable,
    /// `Symbol.iterator`.
    SymbolIterator,
    /// `Symbol.match`.
    SymbolMatch,
    /// `Symbol.matchAll`.
    SymbolMatchAll,
    /// `Symbol.replace`.
    SymbolReplace,
    /// `Symbol.search`.
    SymbolSearch,
    /// `Symbol.species`.
    SymbolSpecies,
    /// `Symbol.split`.
    SymbolSplit,
    /// `Symbol.toPrimitive`.
    SymbolToPrimitive,
    /// `Symbol.toStringTag`.
    SymbolToStringTag,
    /// `Symbol.unscopables`.
    SymbolUnscopables,
    // ----- Created by the families (builtins/*.rs) -----
    ObjectConstructor,
    FunctionConstructor,
    ArrayConstructor,
    ArrayPrototype,
    ArrayIteratorPrototype,
    /// %Array.prototype.values% (also `Array.prototype[@@iterator]` and arguments objects').
    ArrayProtoValues,
    /// %Iterator% (the abstract `Iterator` constructor).
    IteratorConstructor,
    /// %IteratorPrototype% (`Iterator.prototype`).
    IteratorPrototype,
    /// %IteratorHelperPrototype%.
    IteratorHelperPrototype,
    /// %WrapForValidIteratorPrototype%.
    WrapForValidIteratorPrototype,
    /// %AsyncIteratorPrototype%.
    AsyncIteratorPrototype,
    ErrorConstructor,
    ErrorPrototype,
    TypeErrorPrototype,
    RangeErrorPrototype,
    ReferenceErrorPrototype,
    SyntaxErrorPrototype,
    EvalErrorPrototype,
    URIErrorPrototype,
    AggregateErrorPrototype,
    SuppressedErrorPrototype,
    DisposableStackConstructor,
    DisposableStackPrototype,
    AsyncDisposableStackConstructor,
    AsyncDisposableStackPrototype,
    InternalErrorPrototype,
    StringConstructor,
    StringPrototype,
    StringIteratorPrototype,
    NumberConstructor,
    NumberPrototype,
    BooleanConstructor,
    BooleanPrototype,
    SymbolConstructor,
    SymbolPrototype,
    BigIntConstructor,
    BigIntPrototype,
    /// The `Math` object (its internal slots hold the `Math.random` state).
    Math,
    /// The `JSON` object.
    Json,
    /// The `Reflect` object.
    Reflect,
    /// The `console` object.
    Console,
    /// %eval% (direct eval is a call of this function through the name `eval`).
    Eval,
    DateConstructor,
    DatePrototype,
    RegExpConstructor,
    RegExpPrototype,
    RegExpStringIteratorPrototype,
    MapConstructor,
    MapPrototype,
    MapIteratorPrototype,
    SetConstructor,
    SetPrototype,
    SetIteratorPrototype,
    WeakMapConstructor,
    WeakMapPrototype,
    WeakSetConstructor,
    WeakSetPrototype,
    WeakRefConstructor,
    WeakRefPrototype,
    FinalizationRegistryConstructor,
    FinalizationRegistryPrototype,
    ProxyConstructor,
    PromiseConstructor,
    PromisePrototype,
    /// %GeneratorFunction%.
    GeneratorFunction,
    /// %GeneratorFunction.prototype% (the [[Prototype]] of generator functions).
    GeneratorFunctionPrototype,
    /// %GeneratorPrototype% (%GeneratorFunction.prototype.prototype%).
    GeneratorPrototype,
    AsyncFunction,
    AsyncFunctionPrototype,
    AsyncGeneratorFunction,
    AsyncGeneratorFunctionPrototype,
    AsyncGeneratorPrototype,
    AsyncFromSyncIteratorPrototype,
    ArrayBufferConstructor,
    ArrayBufferPrototype,
    SharedArrayBufferConstructor,
    SharedArrayBufferPrototype,
    DataViewConstructor,
    DataViewPrototype,
    /// %TypedArray%.
    TypedArrayConstructor,
    /// %TypedArray.prototype%.
    TypedArrayPrototype,
    // The typed array constructors and prototypes (builtins/typed_array/typed_array.rs).
    Int8ArrayConstructor,
    Int8ArrayPrototype,
    Uint8ArrayConstructor,
    Uint8ArrayPrototype,
    Uint8ClampedArrayConstructor,
    Uint8ClampedArrayPrototype,
    Int16ArrayConstructor,
    Int16ArrayPrototype,
    Uint16ArrayConstructor,
    Uint16ArrayPrototype,
    Int32ArrayConstructor,
    Int32ArrayPrototype,
    Uint32ArrayConstructor,
    Uint32ArrayPrototype,
    Float16ArrayConstructor,
    Float16ArrayPrototype,
    Float32ArrayConstructor,
    Float32ArrayPrototype,
    Float64ArrayConstructor,
    Float64ArrayPrototype,
    BigInt64ArrayConstructor,
    BigInt64ArrayPrototype,
    BigUint64ArrayConstructor,
    BigUint64ArrayPrototype,
    /// The GlobalSymbolRegistry (a hidden Map-style table, see builtins/symbol.rs).
    SymbolRegistry,
    /// The [[KeptAlive]] list of WeakRef targets (an Array cleared at the end of each job).
    KeptObjects,
    /// Every live FinalizationRegistry (a hidden object holding a weak table; weak.rs).
    FinalizationRegistries,
}

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
        ErrorType::EvalError => Intrinsic::EvalErrorPrototype,
        ErrorType::URIError => Intrinsic::URIErrorPrototype,
        ErrorType::InternalError => Intrinsic::InternalErrorPrototype,
    }
}

pub use crate::interpreter::builtins::{Home, Native, NativeFn};

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
    // 4. Let realm be ? GetFunctionRealm(constructor); the intrinsic of that realm.
    crate::interpreter::realms::fallback_prototype(agent, new_target, default)
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
        let obj = new_object_with_class(agent, proto, 3, CLASS_ERROR, 0)?;
        let root = agent.root(Value::cell(obj));
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
        // The header of `stack` is what Error.prototype.toString would give now, read
        // without running code (data properties only).
        let read = |agent: &Agent, key| match crate::interpreter::ops::lookup_data(agent, obj, key)
        {
            Some(v) if crate::interpreter::ops::is_string(v) => Some(display(agent, v)),
            _ => None,
        };
        let name = read(agent, PropertyKey::Atom(names::NAME)).unwrap_or_else(|| ty.name().into());
        let message = read(agent, PropertyKey::Atom(names::MESSAGE)).unwrap_or_default();
        attach_stack(agent, obj, &error_header(&name, &message))?;
        Ok(agent.get(root))
    })
}

/// `name: message`, or whichever is not empty (Error.prototype.toString's steps 7–9).
fn error_header(name: &str, message: &str) -> String {
    match (name.is_empty(), message.is_empty()) {
        (_, true) => name.to_string(),
        (true, false) => message.to_string(),
        (false, false) => format!("{name}: {message}"),
    }
}

/// Gives a new error object its `stack` string (see `stack_trace`); `obj` is rooted by the
/// caller.
fn attach_stack(agent: &mut Agent, obj: heap::ObjectRef, header: &str) -> Result<(), HeapError> {
    let text = crate::interpreter::stack_trace::stack_string(agent, header);
    let stack = string::from_str(agent, &text).map_err(string_heap_error)?;
    object::add_property(
        agent,
        obj,
        PropertyKey::Atom(names::STACK),
        Attributes::BUILTIN,
        Value::cell(stack),
    )?;
    Ok(())
}

/// A new error object of `ty` with `message` (and a `stack` of the running frames).
pub fn make_error(agent: &mut Agent, ty: ErrorType, message: &str) -> Result<Value, HeapError> {
    agent.scope(|agent| {
        let text = string::from_str(agent, message).map_err(string_heap_error)?;
        let text = agent.root(Value::cell(text));
        let proto = intrinsic(agent, error_prototype(ty));
        let obj = new_object_with_class(agent, proto, 3, CLASS_ERROR, 0)?;
        let root = agent.root(Value::cell(obj));
        let text = agent.get(text);
        object::add_property(
            agent,
            obj,
            PropertyKey::Atom(names::MESSAGE),
            Attributes::BUILTIN,
            text,
        )?;
        attach_stack(agent, obj, &error_header(ty.name(), message))?;
        Ok(agent.get(root))
    })
}

pub(crate) fn string_heap_error(error: string::StringError) -> HeapError {
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
pub(crate) fn add_string_property(
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

/// Creates the realm if the agent has none yet (see `builtins` for the order of set-up).
pub fn ensure_realm(agent: &mut Agent) -> Result<(), HeapError> {
    if agent.roots.vm.intrinsics.len() == Intrinsic::COUNT {
        return Ok(());
    }
    agent.roots.vm.intrinsics = vec![Value::UNDEFINED; Intrinsic::COUNT];
    build_realm(agent, &[])
}

/// Fills the running realm's (empty) intrinsics and global object; `shared` are the values
/// an agent's realms share (the well-known symbols, the symbol registry; see `realms`), given
/// for every realm after the first.
pub(crate) fn build_realm(
    agent: &mut Agent,
    shared: &[(Intrinsic, Value)],
) -> Result<(), HeapError> {
    let set = |agent: &mut Agent, which: Intrinsic, v: Value| {
        agent.roots.vm.intrinsics[which as usize] = v;
    };
    let object_proto = new_object(agent, Value::NULL, 8)?;
    set(agent, Intrinsic::ObjectPrototype, Value::cell(object_proto));
    let op = Value::cell(object_proto);
    // %Function.prototype% is a native function (the `Function` family's hidden entry "").
    let function_proto = new_object_with_class(agent, op, 4, CLASS_NATIVE, 2)?;
    let id = builtins::native_id(&builtins::function::FAMILY, "");
    object::set_internal_slot(agent, function_proto, FN_CODE, Value::int(id as i32));
    let realm = crate::interpreter::realms::current_realm_value(agent);
    object::set_internal_slot(agent, function_proto, 1, realm);
    set(
        agent,
        Intrinsic::FunctionPrototype,
        Value::cell(function_proto),
    );
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    let global = new_object(agent, op, 64)?;
    set(agent, Intrinsic::GlobalObject, Value::cell(global));
    for (name, which) in builtins::symbol::WELL_KNOWN {
        if let Some(&(_, v)) = shared.iter().find(|(w, _)| *w == which) {
            set(agent, which, v);
            continue;
        }
        let description =
            string::from_str(agent, &format!("Symbol.{name}")).map_err(string_heap_error)?;
        let sym = crate::runtime::symbol::new_symbol(agent, Value::cell(description))?;
        set(agent, which, Value::cell(sym));
    }
    install_global_values(agent)?;
    for family in builtins::FAMILIES {
        if let Some(create) = family.create {
            create(agent)?;
        }
    }
    for (f, family) in builtins::FAMILIES.iter().enumerate() {
        for i in 0..family.natives.len() {
            let id = ((f as u32) << builtins::NATIVE_ID_SHIFT) | i as u32;
            install_native(agent, id)?;
        }
    }
    for family in builtins::FAMILIES {
        if let Some(finish) = family.finish {
            finish(agent)?;
        }
    }
    // The agent-wide tables replace the ones the families made for this realm.
    for &(which, v) in shared {
        set(agent, which, v);
    }
    Ok(())
}

/// `globalThis`, `undefined`, `NaN` and `Infinity` (§19.1).
fn install_global_values(agent: &mut Agent) -> Result<(), HeapError> {
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
    )
}

/// The property key of a native's name: a well-known symbol for `[Symbol.x]`.
fn native_key(agent: &mut Agent, name: &str) -> PropertyKey {
    if let Some(symbol) = name
        .strip_prefix("[Symbol.")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        if let Some((_, which)) = builtins::symbol::WELL_KNOWN
            .iter()
            .find(|(n, _)| *n == symbol)
        {
            let sym = intrinsic(agent, *which).as_cell().expect("a symbol");
            return PropertyKey::Symbol(sym);
        }
    }
    PropertyKey::Atom(agent.atoms.intern_str(name))
}

/// Creates the function object of native `id` and installs it as its entry says.
fn install_native(agent: &mut Agent, id: builtins::NativeId) -> Result<(), HeapError> {
    let native = builtins::native_by_id(id).expect("a native of the table");
    let f = make_native_function(agent, id, &[])?;
    agent.scope(|agent| -> Result<(), HeapError> {
        let f = agent.root(f);
        let key = native_key(agent, native.name);
        if let PropertyKey::Symbol(s) = key {
            agent.root(Value::cell(s));
        }
        let home = match native.home {
            Home::Global => Some(intrinsic(agent, Intrinsic::GlobalObject)),
            Home::On(which) => Some(intrinsic(agent, which)),
            Home::Hidden => None,
        };
        let home_root = agent.root(home.unwrap_or(Value::UNDEFINED));
        let fv = agent.get(f);
        match (native.kind, home) {
            (builtins::Kind::Getter | builtins::Kind::Setter, Some(home)) => {
                let home = home.as_cell().expect("an object");
                let getter = native.kind == builtins::Kind::Getter;
                // A getter and a setter of one name share a pair: the second fills its half.
                match object::find(agent, home, key) {
                    Some(slot) if slot.attributes.contains(Attributes::ACCESSOR) => {
                        let pair = object::slot_value(home, slot.index)
                            .as_cell()
                            .expect("an accessor pair");
                        object::set_accessor_half(agent, pair, usize::from(!getter), fv);
                    }
                    _ => {
                        let (g, s) = if getter {
                            (fv, Value::UNDEFINED)
                        } else {
                            (Value::UNDEFINED, fv)
                        };
                        let pair = object::new_accessor_pair(agent, g, s)?;
                        let home = agent.get(home_root).as_cell().expect("an object");
                        let attributes = Attributes::CONFIGURABLE | Attributes::ACCESSOR;
                        object::add_property(agent, home, key, attributes, Value::cell(pair))?;
                    }
                }
            }
            (_, Some(home)) => add_value_property(agent, home, key, fv, Attributes::BUILTIN)?,
            (_, None) => {}
        }
        if let builtins::Kind::Constructor {
            intrinsic: which,
            prototype,
        } = native.kind
        {
            if let Some(which) = which {
                agent.roots.vm.intrinsics[which as usize] = fv;
            }
            if let Some(proto) = prototype {
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
        }
        Ok(())
    })
}

/// A native function object for entry `id`, with `slots` in internal slots 1.. (see
/// `builtins::make_native_closure`).
pub(crate) fn make_native_function(
    agent: &mut Agent,
    id: builtins::NativeId,
    slots: &[Value],
) -> Result<Value, HeapError> {
    let native = builtins::native_by_id(id).expect("a native of the table");
    agent.scope(|agent| {
        let proto = intrinsic(agent, Intrinsic::FunctionPrototype);
        // Slots: the id, the closure's values, the realm (last).
        let f = new_object_with_class(agent, proto, 2, CLASS_NATIVE, 2 + slots.len())?;
        object::set_internal_slot(agent, f, FN_CODE, Value::int(id as i32));
        for (i, &v) in slots.iter().enumerate() {
            object::set_internal_slot(agent, f, 1 + i, v);
        }
        let realm = crate::interpreter::realms::current_realm_value(agent);
        object::set_internal_slot(agent, f, 1 + slots.len(), realm);
        let fv = Value::cell(f);
        let root = agent.root(fv);
        add_value_property(
            agent,
            fv,
            PropertyKey::Atom(names::LENGTH),
            Value::int(native.length as i32),
            Attributes::CONFIGURABLE,
        )?;
        let name = match native.kind {
            builtins::Kind::Getter => format!("get {}", native.name),
            builtins::Kind::Setter => format!("set {}", native.name),
            _ => native.name.to_string(),
        };
        add_string_property(
            agent,
            fv,
            PropertyKey::Atom(names::NAME),
            &name,
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
        // Generator and async functions inherit from their own %…Function.prototype%.
        let proto = intrinsic(
            agent,
            match (exe.info.is_async, exe.info.is_generator) {
                (false, false) => Intrinsic::FunctionPrototype,
                (false, true) => Intrinsic::GeneratorFunctionPrototype,
                (true, false) => Intrinsic::AsyncFunctionPrototype,
                (true, true) => Intrinsic::AsyncGeneratorFunctionPrototype,
            },
        );
        let internals = if exe.info.is_class_constructor() {
            FN_FIELDS + 1
        } else {
            FN_REALM + 1
        };
        let f = new_object_with_class(agent, proto, 3, CLASS_FUNCTION, internals)?;
        let ctx = agent.get(context);
        object::set_internal_slot(agent, f, FN_CODE, Value::int(id as i32));
        object::set_internal_slot(agent, f, FN_CONTEXT, ctx);
        let realm = crate::interpreter::realms::current_realm_value(agent);
        object::set_internal_slot(agent, f, FN_REALM, realm);
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
        } else if exe.info.is_generator {
            // A generator function's `prototype` inherits %GeneratorPrototype% (or
            // %AsyncGeneratorPrototype%) and has no `constructor`.
            let gp = intrinsic(
                agent,
                if exe.info.is_async {
                    Intrinsic::AsyncGeneratorPrototype
                } else {
                    Intrinsic::GeneratorPrototype
                },
            );
            let prototype = new_object(agent, gp, DEFAULT_INLINE_SLOTS)?;
            let fv = agent.get(root);
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

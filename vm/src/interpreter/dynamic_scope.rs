//! Run-time name resolution and eval: ResolveBinding through the context chain for the
//! names the compiler could not bind statically (inside `with`, in functions with a sloppy
//! direct `eval`, in eval code), EvalDeclarationInstantiation (`DeclareEvalVars`), the
//! Annex B.3.2 function copy (`StaAnnexBFunction`), and PerformEval for direct and indirect
//! eval.
//!
//! A context knows its `ScopeDescriptor` through an id into the agent's scope table
//! ([`scope_id`]); the descriptor's slot names are the declarative record's names. A `with`
//! context's extension is its binding object; a sloppy-eval var scope's extension is the
//! object holding the variables eval code declared there (null prototype, one configurable
//! property per variable, so `delete` works as for eval-declared vars). Descriptors stay in
//! the table for the agent's life, like executables.

use heap::sync::Arc;
use heap::ObjectRef;

use super::ops::{self, as_object};
use super::realm::{self, intrinsic, Intrinsic};
use super::{top, ErrorType, Throw};
use crate::bytecode::{
    BindingKind, Constant, EvalContextInfo, Executable, ScopeDescriptor, ScopeKind,
};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::{Atom, PropertyKey};
use crate::runtime::context;
use crate::runtime::object;
use crate::runtime::shape::Attributes;
use crate::runtime::value::Value;

/// The binding object of `with (value)`: ToObject(value).
pub(crate) fn with_object(value: Value) -> Result<ObjectRef, Throw> {
    if let Some(obj) = as_object(value) {
        return Ok(obj);
    }
    if value.is_nullish() {
        return Err(Throw::error(
            ErrorType::TypeError,
            "Cannot convert undefined or null to object",
        ));
    }
    Err(Throw::error(
        ErrorType::InternalError,
        "primitive wrapper objects not implemented yet",
    ))
}

/// The agent-wide id of `desc` (registered on first use).
pub(crate) fn scope_id(agent: &mut Agent, desc: &Arc<ScopeDescriptor>) -> u32 {
    let key = Arc::as_ptr(desc) as usize;
    if let Some(&id) = agent.roots.vm.scope_ids.get(&key) {
        return id;
    }
    let id = agent.roots.vm.scopes.len() as u32;
    agent.roots.vm.scopes.push(desc.clone());
    agent.roots.vm.scope_ids.insert(key, id);
    id
}

fn descriptor(agent: &Agent, ctx: ObjectRef) -> Option<Arc<ScopeDescriptor>> {
    context::scope(ctx).and_then(|id| agent.roots.vm.scopes.get(id as usize).cloned())
}

/// What ResolveBinding found.
enum Reference {
    /// A declarative binding: context slot.
    Slot {
        ctx: ObjectRef,
        index: usize,
        kind: BindingKind,
    },
    /// A property of a `with` object (`with_base`) or of an eval var object.
    Object { obj: ObjectRef, with_base: bool },
    /// A global lexical binding.
    GlobalLexical,
    /// A property of the global object.
    Global,
    /// Not found anywhere.
    Unresolvable,
}

/// ResolveBinding(name) from context `start` (rooted by the running frame).
fn resolve(agent: &mut Agent, start: Value, atom: Atom) -> Result<Reference, Throw> {
    let name = agent.atoms.to_rust_string(atom);
    let key = PropertyKey::Atom(atom);
    let mut current = start;
    while let Some(ctx) = current.as_cell().filter(|&c| context::is_context(c)) {
        if let Some(desc) = descriptor(agent, ctx) {
            if desc.kind == ScopeKind::With {
                if let Some(obj) = as_object(context::extension(ctx)) {
                    if with_has_binding(agent, obj, key)? {
                        return Ok(Reference::Object {
                            obj,
                            with_base: true,
                        });
                    }
                }
            } else {
                if let Some(index) = desc.slots.iter().position(|s| *s.name == *name) {
                    return Ok(Reference::Slot {
                        ctx,
                        index,
                        kind: desc.slots[index].kind,
                    });
                }
                if desc.sloppy_eval {
                    if let Some(obj) = as_object(context::extension(ctx)) {
                        if ops::own_property(agent, obj, key).is_some() {
                            return Ok(Reference::Object {
                                obj,
                                with_base: false,
                            });
                        }
                    }
                }
            }
        }
        current = context::parent(ctx);
    }
    if agent.roots.vm.global_lexicals.contains_key(&atom) {
        return Ok(Reference::GlobalLexical);
    }
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    if ops::has_property(agent, global, key) {
        return Ok(Reference::Global);
    }
    Ok(Reference::Unresolvable)
}

/// Object Environment Record HasBinding with `withEnvironment` true: HasProperty, then the
/// `@@unscopables` blocklist.
fn with_has_binding(agent: &mut Agent, obj: ObjectRef, key: PropertyKey) -> Result<bool, Throw> {
    if !ops::try_has_property(agent, obj, key)? {
        return Ok(false);
    }
    let sym = intrinsic(agent, Intrinsic::SymbolUnscopables)
        .as_cell()
        .expect("a symbol");
    let unscopables =
        ops::get_from_object(agent, obj, PropertyKey::Symbol(sym))?.unwrap_or(Value::UNDEFINED);
    if let Some(u) = as_object(unscopables) {
        let blocked = ops::get_from_object(agent, u, key)?.unwrap_or(Value::UNDEFINED);
        if ops::to_boolean(blocked) {
            return Ok(false);
        }
    }
    Ok(true)
}

fn not_defined(agent: &Agent, atom: Atom) -> Throw {
    Throw::error(
        ErrorType::ReferenceError,
        format!("{} is not defined", agent.atoms.to_rust_string(atom)),
    )
}

fn uninitialized(agent: &Agent, atom: Atom) -> Throw {
    Throw::error(
        ErrorType::ReferenceError,
        format!(
            "Cannot access '{}' before initialization",
            agent.atoms.to_rust_string(atom)
        ),
    )
}

/// `GetValue(ResolveBinding(name))` from the running frame's context, with the reference's
/// this value (the `with` object, else `undefined`). An unresolvable name is a
/// `ReferenceError`, or `undefined` when `inside_typeof`.
pub(crate) fn load(
    agent: &mut Agent,
    atom: Atom,
    inside_typeof: bool,
) -> Result<(Value, Value), Throw> {
    let start = top(agent).context;
    let reference = resolve(agent, start, atom)?;
    get_value(agent, reference, atom, inside_typeof)
}

/// ResolveBinding(name) from the running frame's context, as two values for registers (see
/// the `ResolveLookupRef` instruction): the base (a context, a binding object, or
/// `undefined`) and the kind (a slot index, or a negative code).
pub(crate) fn resolve_to_values(agent: &mut Agent, atom: Atom) -> Result<(Value, Value), Throw> {
    let start = top(agent).context;
    Ok(match resolve(agent, start, atom)? {
        Reference::Slot { ctx, index, .. } => (Value::cell(ctx), Value::int(index as i32)),
        Reference::Object { obj, .. } => (Value::cell(obj), Value::int(REF_OBJECT)),
        Reference::GlobalLexical => (Value::UNDEFINED, Value::int(REF_GLOBAL_LEXICAL)),
        Reference::Global => (Value::UNDEFINED, Value::int(REF_GLOBAL)),
        Reference::Unresolvable => (Value::UNDEFINED, Value::int(REF_UNRESOLVABLE)),
    })
}

const REF_OBJECT: i32 = -1;
const REF_GLOBAL_LEXICAL: i32 = -2;
const REF_GLOBAL: i32 = -3;
const REF_UNRESOLVABLE: i32 = -4;

/// The reference [`resolve_to_values`] made. The registers holding it are written only by
/// `ResolveLookupRef`, so the values are what it stored.
fn reference_from_values(agent: &Agent, base: Value, kind: Value) -> Reference {
    let kind = kind.as_int().unwrap_or(REF_UNRESOLVABLE);
    match (base.as_cell(), kind) {
        (Some(ctx), index) if index >= 0 => {
            let index = index as usize;
            let binding = descriptor(agent, ctx)
                .and_then(|desc| desc.slots.get(index).map(|slot| slot.kind))
                .unwrap_or(BindingKind::Var);
            Reference::Slot {
                ctx,
                index,
                kind: binding,
            }
        }
        (Some(obj), REF_OBJECT) => Reference::Object {
            obj,
            with_base: false,
        },
        (_, REF_GLOBAL_LEXICAL) => Reference::GlobalLexical,
        (_, REF_GLOBAL) => Reference::Global,
        _ => Reference::Unresolvable,
    }
}

/// `GetValue` of a reference made by `ResolveLookupRef`.
pub(crate) fn load_reference(
    agent: &mut Agent,
    atom: Atom,
    base: Value,
    kind: Value,
) -> Result<Value, Throw> {
    let reference = reference_from_values(agent, base, kind);
    Ok(get_value(agent, reference, atom, false)?.0)
}

/// `PutValue` of a reference made by `ResolveLookupRef`.
pub(crate) fn store_reference(
    agent: &mut Agent,
    atom: Atom,
    base: Value,
    kind: Value,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
    let reference = reference_from_values(agent, base, kind);
    put_value(agent, reference, atom, value, strict)
}

/// GetValue(reference) for a name (with the reference's this value, see [`load`]).
fn get_value(
    agent: &mut Agent,
    reference: Reference,
    atom: Atom,
    inside_typeof: bool,
) -> Result<(Value, Value), Throw> {
    match reference {
        Reference::Slot { ctx, index, .. } => {
            let v = context::slot(ctx, index).unwrap_or(Value::UNDEFINED);
            if v.is_empty() {
                return Err(uninitialized(agent, atom));
            }
            Ok((v, Value::UNDEFINED))
        }
        Reference::Object { obj, with_base } => {
            let key = PropertyKey::Atom(atom);
            // GetBindingValue of an object record: a binding deleted meanwhile reads as
            // undefined (sloppy) — strict code never reaches an object record here.
            let v = ops::get_from_object(agent, obj, key)?.unwrap_or(Value::UNDEFINED);
            let this = if with_base {
                Value::cell(obj)
            } else {
                Value::UNDEFINED
            };
            Ok((v, this))
        }
        Reference::GlobalLexical | Reference::Global => Ok((
            super::load_global(agent, atom, inside_typeof)?,
            Value::UNDEFINED,
        )),
        Reference::Unresolvable if inside_typeof => Ok((Value::UNDEFINED, Value::UNDEFINED)),
        Reference::Unresolvable => Err(not_defined(agent, atom)),
    }
}

/// `PutValue(ResolveBinding(name), value)` from the running frame's context.
pub(crate) fn store(
    agent: &mut Agent,
    atom: Atom,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
    let start = top(agent).context;
    let reference = resolve(agent, start, atom)?;
    put_value(agent, reference, atom, value, strict)
}

/// PutValue(reference, value) for a name. An unresolvable reference stays unresolvable: in
/// strict code that is a `ReferenceError` even if the name was created meanwhile.
fn put_value(
    agent: &mut Agent,
    reference: Reference,
    atom: Atom,
    value: Value,
    strict: bool,
) -> Result<(), Throw> {
    match reference {
        Reference::Slot { ctx, index, kind } => {
            let current = context::slot(ctx, index).unwrap_or(Value::UNDEFINED);
            if current.is_empty() {
                return Err(uninitialized(agent, atom));
            }
            if kind.is_immutable() || (kind == BindingKind::FunctionName && strict) {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    "Assignment to constant variable.",
                ));
            }
            if kind != BindingKind::FunctionName {
                context::set_slot(agent, ctx, index, value);
            }
            Ok(())
        }
        Reference::Object { obj, .. } => {
            let key = PropertyKey::Atom(atom);
            // SetMutableBinding of an object record: a strict reference to a binding that
            // disappeared is a ReferenceError.
            if strict && !ops::try_has_property(agent, obj, key)? {
                return Err(not_defined(agent, atom));
            }
            ops::set_property(agent, Value::cell(obj), key, value, strict)
        }
        Reference::Unresolvable if strict => Err(not_defined(agent, atom)),
        Reference::GlobalLexical | Reference::Global | Reference::Unresolvable => {
            super::store_global(agent, atom, value, strict)
        }
    }
}

/// `delete name` (sloppy): `false` for declarative bindings, the object's [[Delete]] for
/// object records and the global object, `true` when unresolvable.
pub(crate) fn delete(agent: &mut Agent, atom: Atom) -> Result<bool, Throw> {
    let start = top(agent).context;
    let key = PropertyKey::Atom(atom);
    Ok(match resolve(agent, start, atom)? {
        Reference::Slot { .. } | Reference::GlobalLexical => false,
        Reference::Object { obj, .. } => ops::try_delete(agent, obj, key)?,
        Reference::Global => {
            let global = intrinsic(agent, Intrinsic::GlobalObject)
                .as_cell()
                .expect("the global object");
            ops::delete_property(agent, global, key)
        }
        Reference::Unresolvable => true,
    })
}

/// The innermost var scope context of the chain from `start` that has an eval extension
/// (a sloppy-eval function or eval var scope), or `None` for the global environment.
///
/// A function's parameter scope counts too: the chain reaches it without passing the
/// function's body scope only while the parameters are being initialised, and then the
/// function environment is the eval's VariableEnvironment (FunctionDeclarationInstantiation
/// step 20). Its extension stands for that environment, outside the parameter bindings.
fn var_scope_context(agent: &Agent, start: Value) -> Option<ObjectRef> {
    let mut current = start;
    while let Some(ctx) = current.as_cell().filter(|&c| context::is_context(c)) {
        if let Some(desc) = descriptor(agent, ctx) {
            if desc.is_var_scope || desc.kind == ScopeKind::Function {
                return Some(ctx);
            }
        }
        current = context::parent(ctx);
    }
    None
}

/// The eval var object of a var scope context, created on first use.
fn eval_var_object(agent: &mut Agent, ctx: ObjectRef) -> Result<ObjectRef, Throw> {
    if let Some(obj) = as_object(context::extension(ctx)) {
        return Ok(obj);
    }
    agent.scope(|agent| {
        agent.root(Value::cell(ctx));
        let obj = object::new_object(agent, Value::NULL, 4)?;
        context::set_extension(agent, ctx, Value::cell(obj));
        Ok(obj)
    })
}

/// Creates or overwrites binding `name` in a var scope: its declarative slot if it has one,
/// else a property of its eval var object (`init`: only if absent).
fn declare_in_var_scope(
    agent: &mut Agent,
    ctx: ObjectRef,
    name: &str,
    value: Value,
    overwrite: bool,
) -> Result<(), Throw> {
    if let Some(desc) = descriptor(agent, ctx) {
        if let Some(index) = desc.slots.iter().position(|s| *s.name == *name) {
            if overwrite {
                context::set_slot(agent, ctx, index, value);
            }
            return Ok(());
        }
    }
    agent.scope(|agent| {
        agent.root(value);
        agent.root(Value::cell(ctx));
        let obj = eval_var_object(agent, ctx)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        match object::find(agent, obj, key) {
            Some(slot) if overwrite => object::set_slot_value(agent, obj, slot.index, value),
            Some(_) => {}
            None => {
                object::add_property(agent, obj, key, Attributes::DEFAULT, value)?;
            }
        }
        Ok(())
    })
}

/// `DeclareEvalVars`: EvalDeclarationInstantiation steps for sloppy eval code (see the
/// opcode's documentation).
pub(crate) fn declare_eval_vars(
    agent: &mut Agent,
    exe: &Executable,
    index: u32,
) -> Result<(), Throw> {
    let Some(Constant::Declarations(decls)) = exe.constants.get(index as usize) else {
        return Err(Throw::error(
            ErrorType::InternalError,
            "bad declarations constant",
        ));
    };
    let start = top(agent).context;
    let var_scope = var_scope_context(agent, start);
    let names = decls
        .vars
        .iter()
        .chain(decls.functions.iter().map(|(n, _)| n))
        .chain(decls.annex_b.iter());
    if var_scope.is_none() {
        // Step 3.a: a var may not shadow a global lexical declaration.
        for name in names.clone() {
            let atom = agent.atoms.intern_str(name);
            if agent.roots.vm.global_lexicals.contains_key(&atom) {
                return Err(Throw::error(
                    ErrorType::SyntaxError,
                    format!("Identifier '{name}' has already been declared"),
                ));
            }
        }
        // Steps 8.a.iv / 10.a.i: CanDeclareGlobalFunction / CanDeclareGlobalVar.
        let global = intrinsic(agent, Intrinsic::GlobalObject)
            .as_cell()
            .expect("the global object");
        for (name, _) in decls.functions.iter() {
            let key = PropertyKey::Atom(agent.atoms.intern_str(name));
            let ok = match ops::own_property(agent, global, key) {
                None => object::is_extensible(global),
                Some(own) => {
                    let a = own.attributes();
                    a.contains(Attributes::CONFIGURABLE)
                        || (!a.contains(Attributes::ACCESSOR)
                            && a.contains(Attributes::WRITABLE | Attributes::ENUMERABLE))
                }
            };
            if !ok {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Cannot declare global function '{name}'"),
                ));
            }
        }
        for name in decls.vars.iter() {
            let key = PropertyKey::Atom(agent.atoms.intern_str(name));
            if ops::own_property(agent, global, key).is_none() && !object::is_extensible(global) {
                return Err(Throw::error(
                    ErrorType::TypeError,
                    format!("Cannot declare global variable '{name}'"),
                ));
            }
        }
    }
    // Step 17: functions (closures over the running context), last declaration wins.
    for (name, function) in decls.functions.iter() {
        let Some(Constant::Function(f)) = exe.constants.get(*function as usize) else {
            return Err(Throw::error(
                ErrorType::InternalError,
                "bad function constant",
            ));
        };
        let ctx = top(agent).context;
        let closure = realm::make_closure(agent, f, ctx)?;
        match var_scope {
            Some(scope_ctx) => declare_in_var_scope(agent, scope_ctx, name, closure, true)?,
            None => {
                let key = PropertyKey::Atom(agent.atoms.intern_str(name));
                create_global_function_binding(agent, key, closure, true)?
            }
        }
    }
    // Step 18: vars (existing bindings keep their values).
    for name in decls.vars.iter().chain(decls.annex_b.iter()) {
        match var_scope {
            Some(scope_ctx) => {
                declare_in_var_scope(agent, scope_ctx, name, Value::UNDEFINED, false)?
            }
            None => {
                let global = intrinsic(agent, Intrinsic::GlobalObject)
                    .as_cell()
                    .expect("the global object");
                let key = PropertyKey::Atom(agent.atoms.intern_str(name));
                if ops::own_property(agent, global, key).is_none() {
                    // CreateGlobalVarBinding(N, true): deletable.
                    object::add_property(
                        agent,
                        global,
                        key,
                        Attributes::DEFAULT,
                        Value::UNDEFINED,
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// CreateGlobalFunctionBinding(N, V, D): `deletable` (D) is true for eval code, false for
/// scripts.
pub(crate) fn create_global_function_binding(
    agent: &mut Agent,
    key: PropertyKey,
    closure: Value,
    deletable: bool,
) -> Result<(), Throw> {
    let global = intrinsic(agent, Intrinsic::GlobalObject)
        .as_cell()
        .expect("the global object");
    let configurable = ops::own_property(agent, global, key).map_or(true, |own| {
        own.attributes().contains(Attributes::CONFIGURABLE)
    });
    let desc = if configurable {
        ops::Descriptor {
            value: Some(closure),
            writable: Some(true),
            enumerable: Some(true),
            configurable: Some(deletable),
            ..Default::default()
        }
    } else {
        ops::Descriptor {
            value: Some(closure),
            ..Default::default()
        }
    };
    agent.scope(|agent| {
        agent.root(closure);
        ops::define_property_or_throw(agent, global, key, desc)?;
        ops::set_property(agent, Value::cell(global), key, closure, false)
    })
}

/// `StaAnnexBFunction`: the B.3.2 copy of a block function to its dynamic var binding.
pub(crate) fn annex_b_function(agent: &mut Agent, atom: Atom, value: Value) -> Result<(), Throw> {
    let start = top(agent).context;
    let name = agent.atoms.to_rust_string(atom);
    match var_scope_context(agent, start) {
        Some(ctx) => declare_in_var_scope(agent, ctx, &name, value, true),
        None => {
            if agent.roots.vm.global_lexicals.contains_key(&atom) {
                return Ok(());
            }
            let global = intrinsic(agent, Intrinsic::GlobalObject);
            ops::set_property(agent, global, PropertyKey::Atom(atom), value, false)
        }
    }
}

/// PerformEval's front half: parse and compile `source` for the eval site `info`. A
/// non-string argument is returned as `Err(value)` (eval returns it unchanged).
pub(crate) fn compile_eval_code(
    agent: &mut Agent,
    x: Value,
    info: &EvalContextInfo,
) -> Result<Result<Arc<Executable>, Value>, Throw> {
    if !ops::is_string(x) {
        return Ok(Err(x));
    }
    let text = ops::to_rust_string(agent, x)?;
    let source = crate::source::Source::new("eval", text.as_str());
    let script = crate::parser::parse_script(&source, info.script_options())
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    let exe = crate::compiler::compile_eval(&script, &source, info)
        .map_err(|e| Throw::error(ErrorType::SyntaxError, e.message))?;
    Ok(Ok(exe))
}

/// 19.2.1 eval ( x ): indirect eval — global scope, sloppy unless the code is strict.
pub(crate) fn indirect_eval(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    _nt: Value,
) -> Result<Value, Throw> {
    let x = args.first().copied().unwrap_or(Value::UNDEFINED);
    match compile_eval_code(agent, x, &EvalContextInfo::indirect())? {
        Err(value) => Ok(value),
        Ok(exe) => super::run_executable(agent, exe),
    }
}

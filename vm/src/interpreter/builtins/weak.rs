//! 24.3 WeakMap Objects, 24.4 WeakSet Objects, 26.1 WeakRef Objects, 26.2 FinalizationRegistry
//! Objects
//! <https://tc39.es/ecma262/2024/#sec-weakmap-objects>
//! <https://tc39.es/ecma262/2024/#sec-weakset-objects>
//! <https://tc39.es/ecma262/2024/#sec-weak-ref-objects>
//! <https://tc39.es/ecma262/2024/#sec-finalization-registry-objects>
//!
//! The storage is `runtime::weak_table` (cells the GC traces with ephemeron semantics):
//! - WeakMap (`CLASS_WEAK_MAP`), WeakSet (`CLASS_WEAK_SET`): internal slot 0 is an ephemeron
//!   table (a WeakSet stores `true` as every value).
//! - WeakRef (`CLASS_WEAK_REF`): internal slot 0 is a one-entry ephemeron table whose key is
//!   the target (no value: the key is held weakly). `deref` calls the heap's weak-read
//!   barrier.
//! - FinalizationRegistry (`CLASS_FINALIZATION_REGISTRY`): internal slot 0 is a finalization
//!   table of `[target, held value, unregister token]` cells, slot 1 the cleanup callback.
//!   Every registry is also a key of the realm's registry list (`Intrinsic::
//!   FinalizationRegistries`, itself an ephemeron table, so a dead registry drops out).
//!
//! KeepDuringJob: `new WeakRef(t)` and `deref` add their target to the realm's kept list
//! (`Intrinsic::KeptObjects`, a strong Array); [`end_of_job`] clears it and then runs the
//! cleanup callbacks of cells whose target a collection found dead. The interpreter has no
//! job queue yet, so `run_script` calls it when a script finishes; an exception thrown by a
//! cleanup callback is ignored (HostReportErrors has nowhere to report it).
//! `FinalizationRegistry.prototype.cleanupSome` is not implemented (a proposal).

use heap::{HeapError, ObjectRef};

use super::map::for_each_item;
use super::{add_to_string_tag, arg, native, type_error, Family, Home, R};
use crate::interpreter::ops::{self, as_object, is_callable, is_symbol, same_value};
use crate::interpreter::realm::{
    intrinsic, prototype_from_constructor, Intrinsic, CLASS_FINALIZATION_REGISTRY, CLASS_WEAK_MAP,
    CLASS_WEAK_REF, CLASS_WEAK_SET,
};
use crate::interpreter::{call, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::object::{self, new_object, new_object_with_class};
use crate::runtime::value::Value;
use crate::runtime::weak_table::{self as wt, EPHEMERON, FINALIZATION, PENDING};

const WMP: Home = Home::On(Intrinsic::WeakMapPrototype);
const WSP: Home = Home::On(Intrinsic::WeakSetPrototype);
const WRP: Home = Home::On(Intrinsic::WeakRefPrototype);
const FRP: Home = Home::On(Intrinsic::FinalizationRegistryPrototype);

/// The family: WeakMap, WeakSet, WeakRef, FinalizationRegistry.
pub static FAMILY: Family = Family {
    name: "Weak",
    create: Some(create_intrinsics),
    natives: &[
        native!(
            Home::Global,
            "WeakMap",
            0,
            weak_map_constructor,
            constructor(
                Some(Intrinsic::WeakMapConstructor),
                Some(Intrinsic::WeakMapPrototype)
            )
        ),
        native!(WMP, "delete", 1, weak_map_delete),
        native!(WMP, "get", 1, weak_map_get),
        native!(WMP, "getOrInsert", 2, weak_map_get_or_insert),
        native!(
            WMP,
            "getOrInsertComputed",
            2,
            weak_map_get_or_insert_computed
        ),
        native!(WMP, "has", 1, weak_map_has),
        native!(WMP, "set", 2, weak_map_set),
        native!(
            Home::Global,
            "WeakSet",
            0,
            weak_set_constructor,
            constructor(
                Some(Intrinsic::WeakSetConstructor),
                Some(Intrinsic::WeakSetPrototype)
            )
        ),
        native!(WSP, "add", 1, weak_set_add),
        native!(WSP, "delete", 1, weak_set_delete),
        native!(WSP, "has", 1, weak_set_has),
        native!(
            Home::Global,
            "WeakRef",
            1,
            weak_ref_constructor,
            constructor(
                Some(Intrinsic::WeakRefConstructor),
                Some(Intrinsic::WeakRefPrototype)
            )
        ),
        native!(WRP, "deref", 0, weak_ref_deref),
        native!(
            Home::Global,
            "FinalizationRegistry",
            1,
            finalization_registry_constructor,
            constructor(
                Some(Intrinsic::FinalizationRegistryConstructor),
                Some(Intrinsic::FinalizationRegistryPrototype)
            )
        ),
        native!(FRP, "register", 2, registry_register),
        native!(FRP, "unregister", 1, registry_unregister),
    ],
    finish: None,
};

fn create_intrinsics(agent: &mut Agent) -> Result<(), HeapError> {
    let op = intrinsic(agent, Intrinsic::ObjectPrototype);
    for (which, tag) in [
        (Intrinsic::WeakMapPrototype, "WeakMap"),
        (Intrinsic::WeakSetPrototype, "WeakSet"),
        (Intrinsic::WeakRefPrototype, "WeakRef"),
        (
            Intrinsic::FinalizationRegistryPrototype,
            "FinalizationRegistry",
        ),
    ] {
        let proto = new_object(agent, op, 8)?;
        agent.roots.vm.intrinsics[which as usize] = Value::cell(proto);
        add_to_string_tag(agent, Value::cell(proto), tag)?;
    }
    let kept = super::array_from(agent, &[]).map_err(|_| heap_oom())?;
    agent.roots.vm.intrinsics[Intrinsic::KeptObjects as usize] = Value::cell(kept);
    let list = new_object_with_class(agent, Value::NULL, 0, 0, 1)?;
    agent.roots.vm.intrinsics[Intrinsic::FinalizationRegistries as usize] = Value::cell(list);
    let table = wt::new_table(agent, EPHEMERON, 8)?;
    object::set_internal_slot(agent, list, 0, Value::cell(table));
    Ok(())
}

fn heap_oom() -> HeapError {
    HeapError::OutOfMemory {
        shared: false,
        requested: 0,
        limit: 0,
    }
}

/// 9.13 CanBeHeldWeakly ( v ): an object, or a symbol not in the GlobalSymbolRegistry.
pub fn can_be_held_weakly(agent: &Agent, v: Value) -> bool {
    as_object(v).is_some() || (is_symbol(v) && !super::symbol::is_registered(agent, v))
}

fn this_of(this: Value, class: u8, what: &str, method: &str) -> Result<ObjectRef, Throw> {
    as_object(this)
        .filter(|&o| object::class(o) == class)
        .ok_or_else(|| {
            type_error(format!(
                "Method {what}.prototype.{method} called on incompatible receiver"
            ))
        })
}

/// A new WeakMap/WeakSet/WeakRef-style object of `class` with an empty ephemeron table of
/// `capacity` in internal slot 0 (and `extra` more internal slots).
fn new_weak_object(
    agent: &mut Agent,
    nt: Value,
    default: Intrinsic,
    class: u8,
    capacity: usize,
    kind: u64,
    extra: usize,
) -> Result<ObjectRef, Throw> {
    let proto = prototype_from_constructor(agent, nt, default)?;
    agent.scope(|agent| {
        let obj = new_object_with_class(agent, proto, 0, class, 1 + extra)?;
        agent.root(Value::cell(obj));
        let table = wt::new_table(agent, kind, capacity)?;
        object::set_internal_slot(agent, obj, 0, Value::cell(table));
        Ok(obj)
    })
}

/// Builds a WeakMap or WeakSet and fills it from `iterable` through its `adder` method.
fn weak_collection(
    agent: &mut Agent,
    args: &[Value],
    nt: Value,
    default: Intrinsic,
    class: u8,
    adder_name: &str,
    pairs: bool,
) -> R {
    let name = if pairs { "WeakMap" } else { "WeakSet" };
    if nt.is_undefined() {
        return Err(type_error(format!("Constructor {name} requires 'new'")));
    }
    let obj = new_weak_object(agent, nt, default, class, 8, EPHEMERON, 0)?;
    let iterable = arg(args, 0);
    if iterable.is_nullish() {
        return Ok(Value::cell(obj));
    }
    agent.scope(|agent| {
        let root = agent.root(Value::cell(obj));
        let key = PropertyKey::Atom(agent.atoms.intern_str(adder_name));
        let adder = ops::get_property(agent, agent.get(root), key)?;
        if !is_callable(adder) {
            return Err(type_error(format!(
                "'{adder_name}' of the {name} is not a function"
            )));
        }
        agent.root(adder);
        let target = agent.get(root);
        for_each_item(agent, iterable, |agent, item| {
            if pairs {
                if as_object(item).is_none() {
                    return Err(type_error(format!(
                        "Iterator value {} is not an entry object",
                        ops::display(agent, item)
                    )));
                }
                let k = ops::get_property(agent, item, PropertyKey::Index(0))?;
                let k = agent.root(k);
                let v = ops::get_property(agent, item, PropertyKey::Index(1))?;
                agent.root(v);
                let k = agent.get(k);
                call(agent, adder, target, &[k, v])?;
            } else {
                call(agent, adder, target, &[item])?;
            }
            Ok(())
        })?;
        Ok(agent.get(root))
    })
}

// ----- WeakMap -----

/// 24.3.1.1 WeakMap ( [ iterable ] )
fn weak_map_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    weak_collection(
        agent,
        args,
        nt,
        Intrinsic::WeakMapPrototype,
        CLASS_WEAK_MAP,
        "set",
        true,
    )
}

fn weak_get(obj: ObjectRef, key: Value) -> Option<Value> {
    let table = wt::table_of(obj, 0);
    if !key.is_cell() {
        return None;
    }
    wt::find(table, key).map(|i| wt::field(table, i, 1))
}

fn weak_delete(agent: &mut Agent, obj: ObjectRef, key: Value) -> bool {
    let table = wt::table_of(obj, 0);
    if !key.is_cell() {
        return false;
    }
    match wt::find(table, key) {
        Some(i) => {
            wt::remove(agent, table, i);
            true
        }
        None => false,
    }
}

/// 24.3.3.2 WeakMap.prototype.delete ( key )
fn weak_map_delete(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "delete")?;
    Ok(Value::bool(weak_delete(agent, m, arg(args, 0))))
}

/// 24.3.3.3 WeakMap.prototype.get ( key )
fn weak_map_get(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "get")?;
    Ok(weak_get(m, arg(args, 0)).unwrap_or(Value::UNDEFINED))
}

/// 24.3.3.4 WeakMap.prototype.has ( key )
fn weak_map_has(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "has")?;
    Ok(Value::bool(weak_get(m, arg(args, 0)).is_some()))
}

fn invalid_key(agent: &Agent, what: &str, key: Value) -> Throw {
    type_error(format!(
        "Invalid value used {what}: {}",
        ops::display(agent, key)
    ))
}

/// 24.3.3.5 WeakMap.prototype.set ( key, value )
fn weak_map_set(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "set")?;
    let key = arg(args, 0);
    // 3. If CanBeHeldWeakly(key) is false, throw a TypeError exception.
    if !can_be_held_weakly(agent, key) {
        return Err(invalid_key(agent, "as weak map key", key));
    }
    wt::insert(agent, m, 0, key, arg(args, 1))?;
    Ok(this)
}

/// WeakMap.prototype.getOrInsert ( key, value ) (upsert, ES2026).
fn weak_map_get_or_insert(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "getOrInsert")?;
    let key = arg(args, 0);
    if !can_be_held_weakly(agent, key) {
        return Err(invalid_key(agent, "as weak map key", key));
    }
    if let Some(v) = weak_get(m, key) {
        return Ok(v);
    }
    wt::insert(agent, m, 0, key, arg(args, 1))?;
    Ok(arg(args, 1))
}

/// WeakMap.prototype.getOrInsertComputed ( key, callbackfn ) (upsert, ES2026).
fn weak_map_get_or_insert_computed(
    agent: &mut Agent,
    this: Value,
    args: &[Value],
    _nt: Value,
) -> R {
    let m = this_of(this, CLASS_WEAK_MAP, "WeakMap", "getOrInsertComputed")?;
    let (key, callback) = (arg(args, 0), arg(args, 1));
    if !can_be_held_weakly(agent, key) {
        return Err(invalid_key(agent, "as weak map key", key));
    }
    if !is_callable(callback) {
        return Err(type_error("getOrInsertComputed callback is not a function"));
    }
    if let Some(v) = weak_get(m, key) {
        return Ok(v);
    }
    agent.scope(|agent| {
        let value = call(agent, callback, Value::UNDEFINED, &[key])?;
        let value_local = agent.root(value);
        wt::insert(agent, m, 0, key, value)?;
        Ok(agent.get(value_local))
    })
}

// ----- WeakSet -----

/// 24.4.1.1 WeakSet ( [ iterable ] )
fn weak_set_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    weak_collection(
        agent,
        args,
        nt,
        Intrinsic::WeakSetPrototype,
        CLASS_WEAK_SET,
        "add",
        false,
    )
}

/// 24.4.3.1 WeakSet.prototype.add ( value )
fn weak_set_add(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_of(this, CLASS_WEAK_SET, "WeakSet", "add")?;
    let v = arg(args, 0);
    if !can_be_held_weakly(agent, v) {
        return Err(invalid_key(agent, "in weak set", v));
    }
    wt::insert(agent, s, 0, v, Value::TRUE)?;
    Ok(this)
}

/// 24.4.3.3 WeakSet.prototype.delete ( value )
fn weak_set_delete(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_of(this, CLASS_WEAK_SET, "WeakSet", "delete")?;
    Ok(Value::bool(weak_delete(agent, s, arg(args, 0))))
}

/// 24.4.3.4 WeakSet.prototype.has ( value )
fn weak_set_has(_agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let s = this_of(this, CLASS_WEAK_SET, "WeakSet", "has")?;
    Ok(Value::bool(weak_get(s, arg(args, 0)).is_some()))
}

// ----- WeakRef -----

/// AddToKeptObjects ( value )
fn add_to_kept_objects(agent: &mut Agent, v: Value) -> Result<(), Throw> {
    let kept = intrinsic(agent, Intrinsic::KeptObjects)
        .as_cell()
        .expect("the kept list");
    let n = object::elements_len(kept);
    object::set_element(agent, kept, n, v)?;
    Ok(())
}

/// 26.1.1.1 WeakRef ( target )
fn weak_ref_constructor(agent: &mut Agent, _this: Value, args: &[Value], nt: Value) -> R {
    if nt.is_undefined() {
        return Err(type_error("Constructor WeakRef requires 'new'"));
    }
    let target = arg(args, 0);
    // 2. If CanBeHeldWeakly(target) is false, throw a TypeError exception.
    if !can_be_held_weakly(agent, target) {
        return Err(invalid_key(agent, "as WeakRef target", target));
    }
    let r = new_weak_object(
        agent,
        nt,
        Intrinsic::WeakRefPrototype,
        CLASS_WEAK_REF,
        1,
        EPHEMERON,
        0,
    )?;
    agent.scope(|agent| {
        let root = agent.root(Value::cell(r));
        // 4. Perform AddToKeptObjects(target).
        add_to_kept_objects(agent, target)?;
        wt::insert(agent, r, 0, target, Value::EMPTY)?;
        Ok(agent.get(root))
    })
}

/// 26.1.3.2 WeakRef.prototype.deref ( )
fn weak_ref_deref(agent: &mut Agent, this: Value, _args: &[Value], _nt: Value) -> R {
    let r = this_of(this, CLASS_WEAK_REF, "WeakRef", "deref")?;
    let table = wt::table_of(r, 0);
    // WeakRefDeref: the target, unless it was collected.
    let target = (0..wt::capacity(table))
        .map(|i| wt::field(table, i, 0))
        .find(|v| v.is_cell());
    match target {
        Some(t) => {
            agent
                .mutator
                .weak_read_barrier(t.as_cell().expect("a cell"));
            add_to_kept_objects(agent, t)?;
            Ok(t)
        }
        None => Ok(Value::UNDEFINED),
    }
}

// ----- FinalizationRegistry -----

/// 26.2.1.1 FinalizationRegistry ( cleanupCallback )
fn finalization_registry_constructor(
    agent: &mut Agent,
    _this: Value,
    args: &[Value],
    nt: Value,
) -> R {
    if nt.is_undefined() {
        return Err(type_error(
            "Constructor FinalizationRegistry requires 'new'",
        ));
    }
    let cleanup = arg(args, 0);
    // 2. If IsCallable(cleanupCallback) is false, throw a TypeError exception.
    if !is_callable(cleanup) {
        return Err(type_error("FinalizationRegistry: cleanup must be callable"));
    }
    let r = new_weak_object(
        agent,
        nt,
        Intrinsic::FinalizationRegistryPrototype,
        CLASS_FINALIZATION_REGISTRY,
        4,
        FINALIZATION,
        1,
    )?;
    agent.scope(|agent| {
        let root = agent.root(Value::cell(r));
        object::set_internal_slot(agent, r, 1, cleanup);
        let list = intrinsic(agent, Intrinsic::FinalizationRegistries)
            .as_cell()
            .expect("the registry list");
        wt::insert(agent, list, 0, Value::cell(r), Value::EMPTY)?;
        Ok(agent.get(root))
    })
}

/// 26.2.3.2 FinalizationRegistry.prototype.register ( target, heldValue [ , unregisterToken ] )
fn registry_register(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = this_of(
        this,
        CLASS_FINALIZATION_REGISTRY,
        "FinalizationRegistry",
        "register",
    )?;
    let (target, held, token) = (arg(args, 0), arg(args, 1), arg(args, 2));
    // 3. If CanBeHeldWeakly(target) is false, throw a TypeError exception.
    if !can_be_held_weakly(agent, target) {
        return Err(invalid_key(agent, "as FinalizationRegistry target", target));
    }
    // 4. If SameValue(target, heldValue) is true, throw a TypeError exception.
    if same_value(target, held) {
        return Err(type_error(
            "FinalizationRegistry.prototype.register: target and holdings must not be same",
        ));
    }
    // 5. If CanBeHeldWeakly(unregisterToken) is false, then: undefined → empty, else throw.
    let token = if can_be_held_weakly(agent, token) {
        token
    } else if token.is_undefined() {
        Value::UNDEFINED
    } else {
        return Err(invalid_key(agent, "as unregister token", token));
    };
    wt::append_cell(agent, r, 0, [target, held, token])?;
    Ok(Value::UNDEFINED)
}

/// 26.2.3.3 FinalizationRegistry.prototype.unregister ( unregisterToken )
fn registry_unregister(agent: &mut Agent, this: Value, args: &[Value], _nt: Value) -> R {
    let r = this_of(
        this,
        CLASS_FINALIZATION_REGISTRY,
        "FinalizationRegistry",
        "unregister",
    )?;
    let token = arg(args, 0);
    // 3. If CanBeHeldWeakly(unregisterToken) is false, throw a TypeError exception.
    if !can_be_held_weakly(agent, token) {
        return Err(invalid_key(agent, "as unregister token", token));
    }
    let table = wt::table_of(r, 0);
    let mut removed = false;
    for i in 0..wt::used(table) {
        let t = wt::field(table, i, 0);
        if (t.is_cell() || t == PENDING) && wt::field(table, i, 2) == token {
            wt::remove(agent, table, i);
            removed = true;
        }
    }
    Ok(Value::bool(removed))
}

/// The end of a job (for now: of a script): ClearKeptObjects, then the cleanup callbacks of
/// finalization cells whose targets were collected (CleanupFinalizationRegistry, called with
/// each cell's held value; exceptions are ignored).
pub fn end_of_job(agent: &mut Agent) {
    let Some(kept) = intrinsic(agent, Intrinsic::KeptObjects).as_cell() else {
        return;
    };
    object::truncate_elements(agent, kept, 0);
    let Some(list) = intrinsic(agent, Intrinsic::FinalizationRegistries).as_cell() else {
        return;
    };
    agent.scope(|agent| {
        // Collect the live registries first (callbacks may register more).
        let table = wt::table_of(list, 0);
        let registries: Vec<Value> = (0..wt::capacity(table))
            .map(|i| wt::field(table, i, 0))
            .filter(|v| v.is_cell())
            .collect();
        for &r in &registries {
            agent.root(r);
        }
        for r in registries {
            let r = r.as_cell().expect("a registry");
            let mut i = 0;
            while i < wt::used(wt::table_of(r, 0)) {
                let table = wt::table_of(r, 0);
                if wt::field(table, i, 0) == PENDING {
                    let held = wt::field(table, i, 1);
                    wt::remove(agent, table, i);
                    let callback = object::internal_slot(r, 1).unwrap_or(Value::UNDEFINED);
                    agent.scope(|agent| {
                        agent.root(held);
                        let _ = call(agent, callback, Value::UNDEFINED, &[held]);
                    });
                }
                i += 1;
            }
        }
    });
}

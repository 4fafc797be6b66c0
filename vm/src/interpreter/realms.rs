//! Realm Records (ECMA-262 §9.3, https://tc39.es/ecma262/#sec-code-realms): several realms per
//! agent, the [[Realm]] of function objects (GetFunctionRealm) and the switch of the running
//! realm when a call crosses realms (see design/decisions/0010-realms.md).
//!
//! The running realm's record is kept unpacked in `VmRoots` (`intrinsics`, `global_lexicals`)
//! so `realm::intrinsic` stays one index; every other realm's record is parked in
//! `VmRoots::realms` (the entry of the running realm is an empty placeholder). Switching swaps
//! the two (a few words, only when a call crosses realms). Realm 0 is the agent's first
//! realm; `$262.createRealm()` makes the others.
//!
//! Each function object records its realm as an internal slot holding the realm's index:
//! `FN_REALM` of bytecode functions, the last internal slot of natives (after their closure
//! slots). Frames record the realm they run in (`Frame::realm`); returning to a frame or
//! unwinding into it restores that realm, and the Rust entry points (`interpreter::call`)
//! restore theirs.

use std::collections::HashMap;

use heap::{HeapError, ObjectRef, Tracer};

use crate::interpreter::builtins;
use crate::interpreter::ops::as_object;
use crate::interpreter::realm::{
    self, Intrinsic, CLASS_BOUND, CLASS_FUNCTION, CLASS_NATIVE, CLASS_PROXY, FN_REALM,
};
use crate::interpreter::{ErrorType, GlobalLexical, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::Atom;
use crate::runtime::object;
use crate::runtime::value::Value;

/// A parked Realm Record: the parts of a realm that are not the running one's.
/// ([[Intrinsics]], [[GlobalObject]] and [[GlobalEnv]] — the global object is an intrinsic,
/// the global environment's declarative record is `global_lexicals`. [[TemplateMap]] is
/// keyed by the executable's site, and an executable runs in one realm only, so the agent's
/// table serves every realm.)
#[derive(Default)]
pub(crate) struct Realm {
    pub(crate) intrinsics: Vec<Value>,
    pub(crate) global_lexicals: HashMap<Atom, GlobalLexical, rustc_hash::FxBuildHasher>,
}

impl Realm {
    /// Reports the values of a parked realm.
    pub(crate) fn trace(&self, tracer: &mut Tracer<'_>) {
        let values = self
            .intrinsics
            .iter()
            .copied()
            .chain(self.global_lexicals.values().map(|b| b.value));
        for v in values {
            if let Some(cell) = v.as_cell() {
                tracer.edge(cell);
            }
        }
    }
}

/// The intrinsics every realm of an agent shares besides the well-known symbols (§6.1.5.1,
/// "shared by all realms"): the GlobalSymbolRegistry (§20.4.2.2, "shared by all realms") and
/// the agent's [[KeptAlive]] list and finalization registries.
const SHARED_TABLES: [Intrinsic; 3] = [
    Intrinsic::SymbolRegistry,
    Intrinsic::KeptObjects,
    Intrinsic::FinalizationRegistries,
];

/// The index of the running realm.
#[inline(always)]
pub(crate) fn current(agent: &Agent) -> u32 {
    agent.roots.vm.current_realm
}

/// Makes `target` the running realm (the caller checked it is not already).
#[cold]
#[inline(never)]
pub(crate) fn switch_to(agent: &mut Agent, target: u32) {
    let vm = &mut agent.roots.vm;
    let from = vm.current_realm as usize;
    let to = target as usize;
    if from == to || to >= vm.realms.len() {
        return;
    }
    // Park the running realm, then unpack the target.
    let parked = &mut vm.realms[from];
    std::mem::swap(&mut parked.intrinsics, &mut vm.intrinsics);
    std::mem::swap(&mut parked.global_lexicals, &mut vm.global_lexicals);
    let next = &mut vm.realms[to];
    std::mem::swap(&mut next.intrinsics, &mut vm.intrinsics);
    std::mem::swap(&mut next.global_lexicals, &mut vm.global_lexicals);
    vm.current_realm = target;
}

/// Restores `realm` as the running realm after a call (returning to a frame, unwinding into
/// a handler, leaving a Rust entry point): one compare when nothing crossed realms.
#[inline(always)]
pub(crate) fn return_to(agent: &mut Agent, realm: u32) {
    if realm != agent.roots.vm.current_realm {
        switch_to(agent, realm);
    }
}

/// True while the agent has one realm (no call can cross realms): the call path's check.
#[inline(always)]
fn single_realm(agent: &Agent) -> bool {
    agent.roots.vm.realms.is_empty()
}

/// Leaves a Rust entry into the interpreter (`interpreter::call`): restores the caller's
/// `realm`, first materialising an engine error raised in the callee's realm.
#[inline(always)]
pub(crate) fn leave<T>(
    agent: &mut Agent,
    realm: u32,
    result: Result<T, Throw>,
) -> Result<T, Throw> {
    if realm == agent.roots.vm.current_realm {
        return result;
    }
    let result = match result {
        Err(throw @ Throw::Error(..)) => Err(Throw::Value(throw.into_value(agent))),
        other => other,
    };
    switch_to(agent, realm);
    result
}

/// Enters the realm of the function object `f` (a bytecode function or a native) for its
/// call: one compare while the agent has one realm, else a slot read and a compare.
#[inline(always)]
pub(crate) fn enter(agent: &mut Agent, f: ObjectRef) {
    if single_realm(agent) {
        return;
    }
    let realm = recorded_realm(f);
    if realm != agent.roots.vm.current_realm {
        switch_to(agent, realm);
    }
}

/// Enters the realm of `callee` (a function object, else nothing changes) for a frame a Rust
/// caller resumes (a generator or async function); returns the realm to [`leave`] to.
#[inline(always)]
pub(crate) fn enter_callee(agent: &mut Agent, callee: Value) -> u32 {
    let caller = current(agent);
    if let Some(f) = as_object(callee) {
        enter(agent, f);
    }
    caller
}

/// Runs the native function `f` in its realm and restores the caller's after. An engine
/// error the native raises is materialised while its realm is still running (a builtin's
/// errors come from its own realm's constructors).
#[inline(always)]
pub(crate) fn run_native(
    agent: &mut Agent,
    f: ObjectRef,
    run: impl FnOnce(&mut Agent) -> Result<Value, Throw>,
) -> Result<Value, Throw> {
    if single_realm(agent) {
        return run(agent);
    }
    let caller = agent.roots.vm.current_realm;
    let realm = recorded_realm(f);
    if realm == caller {
        return run(agent);
    }
    switch_to(agent, realm);
    let result = match run(agent) {
        Err(throw @ Throw::Error(..)) => Err(Throw::Value(throw.into_value(agent))),
        other => other,
    };
    switch_to(agent, caller);
    result
}

/// The realm index a function object records (`FN_REALM` of a bytecode function, the last
/// internal slot of a native; the running realm's 0 for anything else).
#[inline(always)]
fn recorded_realm(f: ObjectRef) -> u32 {
    let slot = match object::class(f) {
        CLASS_FUNCTION => object::internal_slot(f, FN_REALM),
        CLASS_NATIVE => object::last_internal_slot(f),
        _ => None,
    };
    slot.and_then(Value::as_int).unwrap_or(0) as u32
}

/// The internal-slot value recording the running realm in a new function object.
pub(crate) fn current_realm_value(agent: &Agent) -> Value {
    Value::int(agent.roots.vm.current_realm as i32)
}

/// 7.3.24 GetFunctionRealm ( obj ), https://tc39.es/ecma262/#sec-getfunctionrealm
pub(crate) fn function_realm(agent: &Agent, obj: Value) -> Result<u32, Throw> {
    let mut obj = obj;
    // A chain of bound functions and proxies is finite (each was made from an existing
    // object), but a bound on the walk keeps a corrupted heap from hanging.
    for _ in 0..1_000_000 {
        let Some(o) = as_object(obj) else {
            break;
        };
        match object::class(o) {
            // 1. If obj has a [[Realm]] internal slot, return obj.[[Realm]].
            CLASS_FUNCTION | CLASS_NATIVE => return Ok(recorded_realm(o)),
            // 2. If obj is a bound function exotic object, return
            //    ? GetFunctionRealm(obj.[[BoundTargetFunction]]).
            CLASS_BOUND => obj = object::internal_slot(o, 0).unwrap_or(Value::UNDEFINED),
            // 3. If obj is a Proxy exotic object: a. If obj.[[ProxyHandler]] is null, throw a
            //    TypeError exception. b. Return ? GetFunctionRealm(obj.[[ProxyTarget]]).
            CLASS_PROXY => {
                let handler = object::internal_slot(o, builtins::proxy::SLOT_HANDLER);
                if !handler.is_some_and(|h| !h.is_null()) {
                    return Err(Throw::error(
                        ErrorType::TypeError,
                        "cannot get the realm of a revoked proxy",
                    ));
                }
                obj = object::internal_slot(o, builtins::proxy::SLOT_TARGET)
                    .unwrap_or(Value::UNDEFINED);
            }
            _ => break,
        }
    }
    // 4. Return the current Realm Record.
    Ok(current(agent))
}

/// The intrinsic `which` of realm `index` (the running realm's own table when it is that one).
pub(crate) fn intrinsic_of(agent: &Agent, index: u32, which: Intrinsic) -> Value {
    let vm = &agent.roots.vm;
    if index == vm.current_realm {
        return vm.intrinsics[which as usize];
    }
    vm.realms
        .get(index as usize)
        .and_then(|r| r.intrinsics.get(which as usize))
        .copied()
        .unwrap_or_else(|| vm.intrinsics[which as usize])
}

/// GetPrototypeFromConstructor's fallback (step 4): the intrinsic `which` of
/// GetFunctionRealm(`constructor`).
pub(crate) fn fallback_prototype(
    agent: &Agent,
    constructor: Value,
    which: Intrinsic,
) -> Result<Value, Throw> {
    let realm = function_realm(agent, constructor)?;
    Ok(intrinsic_of(agent, realm, which))
}

/// CreateRealm + SetRealmGlobalObject + SetDefaultGlobalBindings (§9.3.1–§9.3.4): a new realm
/// with its own intrinsics and global object (sharing the agent-wide symbols and registries);
/// returns its index. The running realm stays the running one.
pub(crate) fn create_realm(agent: &mut Agent) -> Result<u32, HeapError> {
    realm::ensure_realm(agent)?;
    let vm = &mut agent.roots.vm;
    if vm.realms.is_empty() {
        // The placeholder of the running realm 0.
        vm.realms.push(Realm::default());
    }
    let index = vm.realms.len() as u32;
    vm.realms.push(Realm {
        intrinsics: vec![Value::UNDEFINED; Intrinsic::COUNT],
        global_lexicals: HashMap::default(),
    });
    let caller = vm.current_realm;
    let shared: Vec<(Intrinsic, Value)> = builtins::symbol::WELL_KNOWN
        .iter()
        .map(|&(_, which)| which)
        .chain(SHARED_TABLES)
        .map(|which| (which, vm.intrinsics[which as usize]))
        .collect();
    switch_to(agent, index);
    // The shared values stay rooted by the caller's parked realm.
    let result = realm::build_realm(agent, &shared);
    switch_to(agent, caller);
    result.map(|()| index)
}

/// Runs `f` with realm `index` as the running realm, then restores the caller's.
pub(crate) fn with_realm<T>(agent: &mut Agent, index: u32, f: impl FnOnce(&mut Agent) -> T) -> T {
    let caller = current(agent);
    return_to(agent, index);
    let result = f(agent);
    return_to(agent, caller);
    result
}

/// An error of `ty` made in the realm of the running frame's caller (the steps of
/// [[Construct]] that run after the callee's context is removed). For a frame a Rust caller
/// entered, the running realm.
pub(crate) fn caller_error(agent: &mut Agent, ty: ErrorType, message: &'static str) -> Throw {
    let frames = &agent.roots.vm.frames;
    let caller = match frames.len().checked_sub(2) {
        Some(i) if !frames[i + 1].entry => frames[i].realm,
        _ => current(agent),
    };
    if caller == current(agent) {
        return Throw::error(ty, message);
    }
    with_realm(agent, caller, |agent| {
        Throw::Value(Throw::error(ty, message).into_value(agent))
    })
}

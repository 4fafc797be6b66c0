//! Module evaluation (§16.2.1.5.3): Evaluate with its depth-first InnerModuleEvaluation, and
//! the asynchronous part that top-level await needs — ExecuteAsyncModule,
//! GatherAvailableAncestors, AsyncModuleExecutionFulfilled and AsyncModuleExecutionRejected.
//!
//! An async module body is an async function: running it returns its promise, and the
//! closures of this file's family (`asyncModuleFulfilled` / `asyncModuleRejected`, with the
//! module's id in their slot) continue the graph when it settles. The family also holds the
//! closures that settle an `import()` promise once its module has evaluated.

use crate::interpreter::builtins::promise::{self, Capability};
use crate::interpreter::builtins::{self, arg, native, Family, Home, R};
use crate::interpreter::{run_module_code, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::value::Value;

use super::{internal, namespace, record, record_mut, ModuleId, Status};

/// The closures of module evaluation and `import()`.
pub static FAMILY: Family = Family {
    name: "module",
    create: None,
    natives: &[
        native!(
            Home::Hidden,
            "asyncModuleFulfilled",
            1,
            async_module_fulfilled_native
        ),
        native!(
            Home::Hidden,
            "asyncModuleRejected",
            1,
            async_module_rejected_native
        ),
        native!(Home::Hidden, "importFulfilled", 1, import_fulfilled),
        native!(Home::Hidden, "importRejected", 1, import_rejected),
    ],
    finish: None,
};

/// Evaluate(): evaluates `root`'s graph; returns the promise of its top-level capability.
pub(crate) fn evaluate(agent: &mut Agent, root: ModuleId) -> Result<Value, Throw> {
    let mut module = root;
    // 2. A module whose evaluation already ran is represented by its cycle root.
    if matches!(
        record(agent, module).status,
        Status::EvaluatingAsync | Status::Evaluated
    ) && record(agent, module).is_cyclic()
    {
        module = record(agent, module).cycle_root;
    }
    let existing = record(agent, module).top_level_promise;
    if !existing.is_undefined() {
        return Ok(existing);
    }
    let p = promise::new_intrinsic_promise(agent)?;
    record_mut(agent, module).top_level_promise = Value::cell(p);
    let mut stack = Vec::new();
    match inner_evaluate(agent, module, &mut stack, 0) {
        Err(throw) => {
            let error = throw.into_value(agent);
            agent.scope(|agent| {
                agent.root(error);
                for m in stack {
                    let r = record_mut(agent, m);
                    r.status = Status::Evaluated;
                    r.evaluation_error = Some(error);
                }
                if record(agent, module).evaluation_error.is_none() {
                    // A non-cyclic root or a module that failed before being pushed.
                    record_mut(agent, module).evaluation_error = Some(error);
                    record_mut(agent, module).status = Status::Evaluated;
                }
                let p = top_level_promise(agent, module)?;
                promise::reject_promise(agent, p, error);
                Ok::<(), Throw>(())
            })?;
        }
        Ok(_) => {
            if record(agent, module).async_evaluation.is_none() {
                let p = top_level_promise(agent, module)?;
                promise::resolve_promise(agent, p, Value::UNDEFINED)?;
            }
        }
    }
    Ok(record(agent, module).top_level_promise)
}

fn top_level_promise(agent: &Agent, id: ModuleId) -> Result<heap::ObjectRef, Throw> {
    promise::as_promise(record(agent, id).top_level_promise)
        .ok_or_else(|| internal("no top-level capability"))
}

/// InnerModuleEvaluation(module, stack, index).
fn inner_evaluate(
    agent: &mut Agent,
    id: ModuleId,
    stack: &mut Vec<ModuleId>,
    mut index: u32,
) -> Result<u32, Throw> {
    if !record(agent, id).is_cyclic() {
        // A synthetic module: evaluating it sets nothing but its status.
        record_mut(agent, id).status = Status::Evaluated;
        return Ok(index);
    }
    match record(agent, id).status {
        Status::EvaluatingAsync | Status::Evaluated => {
            return match record(agent, id).evaluation_error {
                Some(error) => Err(Throw::Value(error)),
                None => Ok(index),
            };
        }
        Status::Evaluating => return Ok(index),
        Status::Linked => {}
        _ => return Err(internal("evaluating a module that is not linked")),
    }
    {
        let r = record_mut(agent, id);
        r.status = Status::Evaluating;
        r.dfs_index = index;
        r.dfs_ancestor_index = index;
        r.pending_async = 0;
    }
    index += 1;
    stack.push(id);
    let requests = record(agent, id).loaded.len();
    for i in 0..requests {
        let mut required = record(agent, id).loaded[i]
            .ok_or_else(|| internal("a requested module was not loaded"))?;
        index = inner_evaluate(agent, required, stack, index)?;
        if !record(agent, required).is_cyclic() {
            continue;
        }
        if record(agent, required).status == Status::Evaluating {
            let ancestor = record(agent, required).dfs_ancestor_index;
            let m = record_mut(agent, id);
            m.dfs_ancestor_index = m.dfs_ancestor_index.min(ancestor);
        } else {
            required = record(agent, required).cycle_root;
            if let Some(error) = record(agent, required).evaluation_error {
                return Err(Throw::Value(error));
            }
        }
        if record(agent, required).async_evaluation.is_some() {
            record_mut(agent, id).pending_async += 1;
            record_mut(agent, required).async_parents.push(id);
        }
    }
    let (pending, has_tla) = {
        let r = record(agent, id);
        (r.pending_async, r.has_tla)
    };
    if pending > 0 || has_tla {
        let table = &mut agent.roots.vm.modules;
        let order = table.next_async_order;
        table.next_async_order += 1;
        record_mut(agent, id).async_evaluation = Some(order);
        if pending == 0 {
            execute_async_module(agent, id)?;
        }
    } else {
        execute_module(agent, id)?;
    }
    let r = record(agent, id);
    if r.dfs_ancestor_index == r.dfs_index {
        while let Some(m) = stack.pop() {
            let r = record_mut(agent, m);
            r.status = if r.async_evaluation.is_some() {
                Status::EvaluatingAsync
            } else {
                Status::Evaluated
            };
            r.cycle_root = id;
            if m == id {
                break;
            }
        }
    }
    Ok(index)
}

/// ExecuteModule() of a module without top-level await: runs its body.
fn execute_module(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    let exe = record(agent, id)
        .executable()
        .cloned()
        .ok_or_else(|| internal("not a source text module"))?;
    let env = record(agent, id).environment;
    run_module_code(agent, exe, env)?;
    Ok(())
}

/// ExecuteAsyncModule(module): starts the body; its promise's settlement continues the
/// graph.
fn execute_async_module(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    let exe = record(agent, id)
        .executable()
        .cloned()
        .ok_or_else(|| internal("not a source text module"))?;
    let env = record(agent, id).environment;
    let started = run_module_code(agent, exe, env);
    let body_promise = match started {
        Ok(p) => p,
        Err(throw) => {
            let error = throw.into_value(agent);
            return agent.scope(|agent| {
                agent.root(error);
                async_module_rejected(agent, id, error)
            });
        }
    };
    agent.scope(|agent| {
        let body_promise = agent.root(body_promise);
        let slot = [Value::int(id as i32)];
        let on_fulfilled = builtins::make_native_closure(
            agent,
            builtins::native_id(&FAMILY, "asyncModuleFulfilled"),
            &slot,
        )?;
        agent.root(on_fulfilled);
        let on_rejected = builtins::make_native_closure(
            agent,
            builtins::native_id(&FAMILY, "asyncModuleRejected"),
            &slot,
        )?;
        agent.root(on_rejected);
        let p = promise::as_promise(agent.get(body_promise))
            .ok_or_else(|| internal("an async module body did not return a promise"))?;
        promise::perform_then(agent, p, on_fulfilled, on_rejected, Capability::NONE)?;
        Ok(())
    })
}

/// GatherAvailableAncestors(module, execList).
fn gather_available_ancestors(agent: &mut Agent, id: ModuleId, exec_list: &mut Vec<ModuleId>) {
    let parents = record(agent, id).async_parents.clone();
    for m in parents {
        let root = record(agent, m).cycle_root;
        if exec_list.contains(&m) || record(agent, root).evaluation_error.is_some() {
            continue;
        }
        let r = record_mut(agent, m);
        r.pending_async = r.pending_async.saturating_sub(1);
        if r.pending_async == 0 {
            exec_list.push(m);
            if !r.has_tla {
                gather_available_ancestors(agent, m, exec_list);
            }
        }
    }
}

/// AsyncModuleExecutionFulfilled(module).
fn async_module_fulfilled(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    if record(agent, id).status == Status::Evaluated {
        return Ok(());
    }
    mark_evaluated(agent, id)?;
    let mut exec_list = Vec::new();
    gather_available_ancestors(agent, id, &mut exec_list);
    exec_list.sort_by_key(|&m| record(agent, m).async_evaluation);
    for m in exec_list {
        if record(agent, m).status == Status::Evaluated {
            continue;
        }
        if record(agent, m).has_tla {
            execute_async_module(agent, m)?;
        } else {
            match execute_module(agent, m) {
                Err(throw) => {
                    let error = throw.into_value(agent);
                    agent.scope(|agent| {
                        agent.root(error);
                        async_module_rejected(agent, m, error)
                    })?;
                }
                Ok(()) => mark_evaluated(agent, m)?,
            }
        }
    }
    Ok(())
}

/// A waiting module finished: evaluated, and its top-level capability (if any) resolved.
fn mark_evaluated(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    let r = record_mut(agent, id);
    r.async_evaluation = None;
    r.status = Status::Evaluated;
    if let Some(p) = promise::as_promise(r.top_level_promise) {
        promise::resolve_promise(agent, p, Value::UNDEFINED)?;
    }
    Ok(())
}

/// AsyncModuleExecutionRejected(module, error); `error` rooted by the caller.
fn async_module_rejected(agent: &mut Agent, id: ModuleId, error: Value) -> Result<(), Throw> {
    if record(agent, id).status == Status::Evaluated {
        return Ok(());
    }
    {
        let r = record_mut(agent, id);
        r.evaluation_error = Some(error);
        r.status = Status::Evaluated;
    }
    // The module's own capability is rejected before its parents': a dependency's
    // `import()` promise settles first (test262 top-level-await/rejection-order.js).
    if let Some(p) = promise::as_promise(record(agent, id).top_level_promise) {
        promise::reject_promise(agent, p, error);
    }
    let parents = record(agent, id).async_parents.clone();
    for m in parents {
        async_module_rejected(agent, m, error)?;
    }
    Ok(())
}

/// The module id in the running closure's slot.
fn closure_module(agent: &Agent) -> Result<ModuleId, Throw> {
    builtins::closure_slot(agent, 0)
        .as_int()
        .map(|id| id as ModuleId)
        .ok_or_else(|| internal("a module closure without its module"))
}

fn async_module_fulfilled_native(
    agent: &mut Agent,
    _this: Value,
    _args: &[Value],
    _nt: Value,
) -> R {
    let id = closure_module(agent)?;
    async_module_fulfilled(agent, id)?;
    Ok(Value::UNDEFINED)
}

fn async_module_rejected_native(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    let id = closure_module(agent)?;
    async_module_rejected(agent, id, arg(args, 0))?;
    Ok(Value::UNDEFINED)
}

/// ContinueDynamicImport's onFulfilled: resolves the `import()` promise (slot 1) with the
/// namespace of the module (slot 2).
fn import_fulfilled(agent: &mut Agent, _this: Value, _args: &[Value], _nt: Value) -> R {
    let p = builtins::closure_slot(agent, 0);
    let id = builtins::closure_slot(agent, 1)
        .as_int()
        .ok_or_else(|| internal("an import closure without its module"))? as ModuleId;
    agent.scope(|agent| {
        agent.root(p);
        let p = promise::as_promise(p).ok_or_else(|| internal("no import promise"))?;
        match namespace::get(agent, id) {
            Ok(ns) => promise::resolve_promise(agent, p, ns)?,
            Err(throw) => {
                let reason = throw.into_value(agent);
                promise::reject_promise(agent, p, reason);
            }
        }
        Ok(Value::UNDEFINED)
    })
}

/// ContinueDynamicImport's onRejected: rejects the `import()` promise (slot 1).
fn import_rejected(agent: &mut Agent, _this: Value, args: &[Value], _nt: Value) -> R {
    if let Some(p) = promise::as_promise(builtins::closure_slot(agent, 0)) {
        promise::reject_promise(agent, p, arg(args, 0));
    }
    Ok(Value::UNDEFINED)
}

//! What module code and `import()` do at run time: `LdaImport` (an import binding's value),
//! `import.meta` (§13.3.12.1, with the host's `url`, `filename` and `dirname`), and
//! EvaluateImportCall (§13.3.10.1) with ContinueDynamicImport.
//!
//! `import()` checks its arguments at once (a bad options bag rejects the promise), then
//! queues a job — the host's asynchronous completion of loading — which loads, links and
//! evaluates the module and settles the promise with its namespace. The requests waiting
//! for their job live in [`super::ModuleTable`]'s `pending_imports`.

use std::path::{Path, PathBuf};

use crate::bytecode::{js_string_lossy, JsString, ModuleRequest};
use crate::interpreter::builtins::promise::{self, Capability};
use crate::interpreter::builtins::{self};
use crate::interpreter::ops::{self, as_object};
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::atoms::PropertyKey;
use crate::runtime::context;
use crate::runtime::object;
use crate::runtime::string;
use crate::runtime::value::Value;

use super::evaluate::{self, FAMILY};
use super::{host, internal, link, record, record_mut, running_module, ImportSlot, ModuleId};

/// Who asked for a module: GetActiveScriptOrModule().
#[derive(Clone, Debug)]
pub(crate) enum Referrer {
    /// Module code.
    Module(ModuleId),
    /// Script code (or no active script): specifiers resolve against this directory.
    Directory(PathBuf),
}

/// An `import()` waiting for its job.
pub(crate) struct PendingImport {
    pub(crate) referrer: Referrer,
    pub(crate) request: ModuleRequest,
}

/// `acc =` import entry `index` of the running module.
pub(crate) fn load_import(agent: &mut Agent, index: u32) -> Result<Value, Throw> {
    let id = running_module(agent).ok_or_else(|| internal("an import outside module code"))?;
    let slot = record(agent, id)
        .imports
        .get(index as usize)
        .copied()
        .ok_or_else(|| internal("bad import entry"))?;
    match slot {
        ImportSlot::Namespace(ns) => Ok(ns),
        ImportSlot::Binding { module, slot } => {
            let value = record(agent, module)
                .environment
                .as_cell()
                .and_then(|env| context::slot(env, slot as usize))
                .unwrap_or(Value::EMPTY);
            if value.is_empty() {
                let name = record(agent, id)
                    .executable()
                    .and_then(|exe| exe.module.as_ref())
                    .and_then(|m| m.imports.get(index as usize))
                    .map_or_else(String::new, |e| e.local_name.to_string());
                return Err(Throw::error(
                    ErrorType::ReferenceError,
                    format!("Cannot access '{name}' before initialization"),
                ));
            }
            Ok(value)
        }
        ImportSlot::Unresolved => Err(internal("an import binding that was never linked")),
    }
}

/// `import.meta` of the running module, made on first use: an object with a null
/// prototype and the host's `url`, `filename` and `dirname` (as in Node).
pub(crate) fn import_meta(agent: &mut Agent) -> Result<Value, Throw> {
    let id = running_module(agent).ok_or_else(|| internal("import.meta outside module code"))?;
    let existing = record(agent, id).meta;
    if !existing.is_undefined() {
        return Ok(existing);
    }
    let path = record(agent, id).path.clone();
    let meta = object::new_object(agent, Value::NULL, 4)?;
    record_mut(agent, id).meta = Value::cell(meta);
    let dirname = path
        .parent()
        .unwrap_or(Path::new("/"))
        .display()
        .to_string();
    let properties = [
        ("url", format!("file://{}", path.display())),
        ("filename", path.display().to_string()),
        ("dirname", dirname),
    ];
    for (name, text) in properties {
        let value = ops::new_string(agent, &text)?;
        let key = PropertyKey::Atom(agent.atoms.intern_str(name));
        let meta = record(agent, id)
            .meta
            .as_cell()
            .ok_or_else(|| internal("no import.meta"))?;
        ops::define_own(agent, meta, key, value)?;
    }
    Ok(record(agent, id).meta)
}

/// GetActiveScriptOrModule(): the running module, else the directory of the running
/// script's file (the working directory for code that has no file).
fn active_referrer(agent: &Agent) -> Referrer {
    if let Some(id) = running_module(agent) {
        return Referrer::Module(id);
    }
    // The innermost frame whose code came from a file (eval code and `Function` bodies
    // have no file of their own: they belong to the script that made them).
    let dir = agent
        .roots
        .vm
        .frames
        .iter()
        .rev()
        .map(|f| PathBuf::from(f.exe.info.source.name()))
        .find(|p| p.is_file())
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("."));
    Referrer::Directory(dir)
}

fn type_error(message: impl Into<String>) -> Throw {
    Throw::error(ErrorType::TypeError, message)
}

/// The request of `import(specifier, options)`: steps 7–11 of EvaluateImportCall.
fn import_request(
    agent: &mut Agent,
    specifier: Value,
    options: Value,
) -> Result<ModuleRequest, Throw> {
    // 7. Let specifierString be Completion(ToString(specifier)).
    let specifier = ops::to_string_value(agent, specifier)?;
    let specifier: Box<[u16]> = string::units(specifier.as_cell().expect("a string")).into();
    let mut attributes: Vec<(JsString, JsString)> = Vec::new();
    // 10. If options is not undefined, then
    if !options.is_undefined() {
        let Some(options) = as_object(options) else {
            return Err(type_error(
                "The second argument of import() must be an object",
            ));
        };
        let with = PropertyKey::Atom(agent.atoms.intern_str("with"));
        let attributes_obj =
            ops::get_from_object(agent, options, with)?.unwrap_or(Value::UNDEFINED);
        if !attributes_obj.is_undefined() {
            let Some(attributes_obj) = as_object(attributes_obj) else {
                return Err(type_error(
                    "The 'with' option of import() must be an object",
                ));
            };
            agent.scope(|agent| {
                agent.root(Value::cell(attributes_obj));
                // EnumerableOwnProperties(attributesObj, key+value).
                for key in ops::try_own_keys(agent, attributes_obj)? {
                    if let PropertyKey::Symbol(_) = key {
                        continue;
                    }
                    let Some(desc) = ops::try_get_own_property(agent, attributes_obj, key)? else {
                        continue;
                    };
                    if desc.enumerable != Some(true) {
                        continue;
                    }
                    let value = ops::get_from_object(agent, attributes_obj, key)?
                        .unwrap_or(Value::UNDEFINED);
                    let Some(value) = value.as_cell().filter(|&c| string::is_string(c)) else {
                        return Err(type_error("Import attribute values must be strings"));
                    };
                    let key_units: Box<[u16]> = match key {
                        PropertyKey::Atom(atom) => agent.atoms.text(atom).into(),
                        PropertyKey::Index(i) => i.to_string().encode_utf16().collect(),
                        PropertyKey::Symbol(_) => continue,
                    };
                    attributes.push((key_units, string::units(value).into()));
                }
                Ok(())
            })?;
        }
        // 11. If AllImportAttributesSupported(attributes) is false, reject with a TypeError.
        if let Some((key, _)) = attributes
            .iter()
            .find(|(key, _)| !host::attribute_supported(&js_string_lossy(key)))
        {
            return Err(type_error(format!(
                "Import attribute '{}' is not supported",
                js_string_lossy(key)
            )));
        }
        attributes.sort_by(|a, b| a.0.cmp(&b.0));
    }
    Ok(ModuleRequest {
        specifier,
        attributes: attributes.into_boxed_slice(),
    })
}

/// EvaluateImportCall: `import(specifier, options)` returns a promise; a bad argument
/// rejects it, otherwise the host's job (see [`run_dynamic_import_job`]) settles it.
pub(crate) fn dynamic_import(
    agent: &mut Agent,
    specifier: Value,
    options: Value,
) -> Result<Value, Throw> {
    let referrer = active_referrer(agent);
    agent.scope(|agent| {
        agent.root(specifier);
        agent.root(options);
        let p = promise::new_intrinsic_promise(agent)?;
        let p_local = agent.root(Value::cell(p));
        match import_request(agent, specifier, options) {
            Ok(request) => {
                let table = &mut agent.roots.vm.modules;
                let index = table.pending_imports.len();
                table
                    .pending_imports
                    .push(Some(PendingImport { referrer, request }));
                let p = agent.get(p_local);
                super::enqueue_dynamic_import(agent, p, Value::int(index as i32));
            }
            Err(throw) => {
                let reason = throw.into_value(agent);
                let p = promise::as_promise(agent.get(p_local)).expect("a promise");
                promise::reject_promise(agent, p, reason);
            }
        }
        Ok(agent.get(p_local))
    })
}

/// The host's job for `import()`: HostLoadImportedModule, then ContinueDynamicImport (load
/// the graph, link, evaluate, and settle `promise` with the namespace or the error).
pub(crate) fn run_dynamic_import_job(
    agent: &mut Agent,
    promise_value: Value,
    pending: Value,
) -> Result<(), Throw> {
    let pending = pending
        .as_int()
        .and_then(|i| agent.roots.vm.modules.pending_imports.get_mut(i as usize))
        .and_then(Option::take)
        .ok_or_else(|| internal("a dynamic import job without its request"))?;
    // Requests are taken in order; the list empties once every queued import ran.
    let table = &mut agent.roots.vm.modules;
    if table.pending_imports.iter().all(Option::is_none) {
        table.pending_imports.clear();
    }
    let (base, referrer_name) = match &pending.referrer {
        Referrer::Module(id) => (
            host::module_dir(agent, *id),
            record(agent, *id).path.display().to_string(),
        ),
        Referrer::Directory(dir) => (dir.clone(), dir.display().to_string()),
    };
    let p = promise::as_promise(promise_value).ok_or_else(|| internal("no import promise"))?;
    agent.scope(|agent| {
        let p_local = agent.root(Value::cell(p));
        let loaded =
            host::load_request(agent, &base, &referrer_name, &pending.request).and_then(|id| {
                host::load_requested_modules(agent, id)?;
                link::link(agent, id)?;
                let evaluation = evaluate::evaluate(agent, id)?;
                Ok((id, evaluation))
            });
        match loaded {
            Err(throw) => {
                let reason = throw.into_value(agent);
                let p = promise::as_promise(agent.get(p_local)).expect("a promise");
                promise::reject_promise(agent, p, reason);
            }
            Ok((id, evaluation)) => {
                let evaluation = agent.root(evaluation);
                let p = agent.get(p_local);
                let on_fulfilled = builtins::make_native_closure(
                    agent,
                    builtins::native_id(&FAMILY, "importFulfilled"),
                    &[p, Value::int(id as i32)],
                )?;
                agent.root(on_fulfilled);
                let p = agent.get(p_local);
                let on_rejected = builtins::make_native_closure(
                    agent,
                    builtins::native_id(&FAMILY, "importRejected"),
                    &[p],
                )?;
                agent.root(on_rejected);
                let evaluation = promise::as_promise(agent.get(evaluation))
                    .ok_or_else(|| internal("module evaluation did not return a promise"))?;
                promise::perform_then(
                    agent,
                    evaluation,
                    on_fulfilled,
                    on_rejected,
                    Capability::NONE,
                )?;
            }
        }
        Ok(())
    })
}

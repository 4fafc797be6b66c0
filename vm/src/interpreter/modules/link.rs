//! Linking (§16.2.1.5.1 and §16.2.1.6): GetExportedNames, ResolveExport, Link with its
//! depth-first InnerModuleLinking, and InitializeEnvironment, which creates the module
//! context, resolves every import entry to a binding of another module's environment (or a
//! namespace object) and instantiates the hoisted function declarations.

use crate::bytecode::{
    js_string_lossy, Constant, ExportBinding, ImportName, JsString, ModuleDescriptor,
};
use crate::interpreter::{dynamic_scope, realm, ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::context;
use crate::runtime::value::Value;

use super::{internal, namespace, record, record_mut, Body, ImportSlot, ModuleId, Status};

/// A ResolvedBinding record: `[[Module]]` and `[[BindingName]]` (a slot of the module's
/// environment, or the module's namespace).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Binding {
    pub(crate) module: ModuleId,
    pub(crate) target: Target,
}

/// `[[BindingName]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A slot of the module environment (one slot per local binding name).
    Slot(u32),
    /// NAMESPACE.
    Namespace,
}

/// What ResolveExport found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Resolution {
    Found(Binding),
    /// null: no such export (or a circular import request).
    NotFound,
    /// AMBIGUOUS: two star exports provide different bindings.
    Ambiguous,
}

/// The module descriptor of a source text module (`None` for JSON modules).
fn descriptor(agent: &Agent, id: ModuleId) -> Option<heap::sync::Arc<crate::bytecode::Executable>> {
    record(agent, id).executable().cloned()
}

fn loaded(agent: &Agent, id: ModuleId, request: u32) -> Result<ModuleId, Throw> {
    record(agent, id)
        .loaded
        .get(request as usize)
        .copied()
        .flatten()
        .ok_or_else(|| internal("a requested module was not loaded"))
}

fn module_of(exe: &crate::bytecode::Executable) -> Result<&ModuleDescriptor, Throw> {
    exe.module
        .as_deref()
        .ok_or_else(|| internal("a module body without its record"))
}

/// GetExportedNames(exportStarSet).
pub(crate) fn exported_names(
    agent: &Agent,
    id: ModuleId,
    star_set: &mut Vec<ModuleId>,
) -> Result<Vec<JsString>, Throw> {
    let Some(exe) = descriptor(agent, id) else {
        return Ok(vec![utf16("default")]);
    };
    if star_set.contains(&id) {
        return Ok(Vec::new());
    }
    star_set.push(id);
    let m = module_of(&exe)?;
    let mut names: Vec<JsString> = m
        .local_exports
        .iter()
        .map(|e| e.export_name.clone())
        .chain(m.indirect_exports.iter().map(|e| e.export_name.clone()))
        .collect();
    for &request in m.star_exports.iter() {
        let requested = loaded(agent, id, request)?;
        for name in exported_names(agent, requested, star_set)? {
            if *name != *utf16("default") && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    Ok(names)
}

fn utf16(text: &str) -> JsString {
    text.encode_utf16().collect()
}

/// ResolveExport(exportName, resolveSet).
pub(crate) fn resolve_export(
    agent: &Agent,
    id: ModuleId,
    name: &[u16],
    resolve_set: &mut Vec<(ModuleId, JsString)>,
) -> Result<Resolution, Throw> {
    let Some(exe) = descriptor(agent, id) else {
        // A synthetic module exports exactly its names (JSON modules: `default`, slot 0).
        return Ok(if *name == *utf16("default") {
            Resolution::Found(Binding {
                module: id,
                target: Target::Slot(0),
            })
        } else {
            Resolution::NotFound
        });
    };
    // 2–3. A circular import request.
    if resolve_set.iter().any(|(m, n)| *m == id && **n == *name) {
        return Ok(Resolution::NotFound);
    }
    resolve_set.push((id, name.into()));
    let m = module_of(&exe)?;
    for e in m.local_exports.iter() {
        if *e.export_name == *name {
            return Ok(Resolution::Found(match e.binding {
                ExportBinding::Slot(slot) => Binding {
                    module: id,
                    target: Target::Slot(slot),
                },
                // `import * as ns from "m"; export { ns }`.
                ExportBinding::Import(entry) => {
                    let request = m
                        .imports
                        .get(entry as usize)
                        .ok_or_else(|| internal("bad import entry"))?
                        .request;
                    Binding {
                        module: loaded(agent, id, request)?,
                        target: Target::Namespace,
                    }
                }
            }));
        }
    }
    for e in m.indirect_exports.iter() {
        if *e.export_name == *name {
            let imported = loaded(agent, id, e.request)?;
            return match &e.import_name {
                ImportName::Namespace => Ok(Resolution::Found(Binding {
                    module: imported,
                    target: Target::Namespace,
                })),
                ImportName::Name(import_name) => {
                    resolve_export(agent, imported, import_name, resolve_set)
                }
            };
        }
    }
    // 7. A default export is never provided by `export *`.
    if *name == *utf16("default") {
        return Ok(Resolution::NotFound);
    }
    let mut star_resolution = None;
    for &request in m.star_exports.iter() {
        let imported = loaded(agent, id, request)?;
        match resolve_export(agent, imported, name, resolve_set)? {
            Resolution::Ambiguous => return Ok(Resolution::Ambiguous),
            Resolution::NotFound => {}
            Resolution::Found(binding) => match star_resolution {
                None => star_resolution = Some(binding),
                Some(previous) if previous != binding => return Ok(Resolution::Ambiguous),
                Some(_) => {}
            },
        }
    }
    Ok(star_resolution.map_or(Resolution::NotFound, Resolution::Found))
}

/// The SyntaxError of an import or indirect export that does not resolve.
fn unresolvable(specifier: &[u16], name: &[u16], resolution: Resolution) -> Throw {
    let specifier = js_string_lossy(specifier);
    let name = js_string_lossy(name);
    let message = if resolution == Resolution::Ambiguous {
        format!("The requested module '{specifier}' contains conflicting star exports for name '{name}'")
    } else {
        format!("The requested module '{specifier}' does not provide an export named '{name}'")
    };
    Throw::error(ErrorType::SyntaxError, message)
}

/// Link(): links `root`'s graph; on failure every module it started linking is unlinked
/// again.
pub(crate) fn link(agent: &mut Agent, root: ModuleId) -> Result<(), Throw> {
    let mut stack = Vec::new();
    if let Err(e) = inner_link(agent, root, &mut stack, 0) {
        for m in stack {
            let r = record_mut(agent, m);
            r.status = Status::Unlinked;
            r.environment = Value::UNDEFINED;
        }
        return Err(e);
    }
    Ok(())
}

/// InnerModuleLinking(module, stack, index).
fn inner_link(
    agent: &mut Agent,
    id: ModuleId,
    stack: &mut Vec<ModuleId>,
    mut index: u32,
) -> Result<u32, Throw> {
    if !record(agent, id).is_cyclic() {
        initialize_json(agent, id)?;
        return Ok(index);
    }
    match record(agent, id).status {
        Status::Linking
        | Status::Linked
        | Status::Evaluating
        | Status::EvaluatingAsync
        | Status::Evaluated => return Ok(index),
        Status::Unlinked => {}
        Status::New => return Err(internal("linking a module whose graph is not loaded")),
    }
    {
        let r = record_mut(agent, id);
        r.status = Status::Linking;
        r.dfs_index = index;
        r.dfs_ancestor_index = index;
    }
    index += 1;
    stack.push(id);
    let requests = record(agent, id).loaded.len();
    for i in 0..requests {
        let required = loaded(agent, id, i as u32)?;
        index = inner_link(agent, required, stack, index)?;
        let r = record(agent, required);
        if r.is_cyclic() && r.status == Status::Linking {
            let ancestor = r.dfs_ancestor_index;
            let m = record_mut(agent, id);
            m.dfs_ancestor_index = m.dfs_ancestor_index.min(ancestor);
        }
    }
    initialize_environment(agent, id)?;
    let r = record(agent, id);
    if r.dfs_ancestor_index == r.dfs_index {
        while let Some(m) = stack.pop() {
            record_mut(agent, m).status = Status::Linked;
            if m == id {
                break;
            }
        }
    }
    Ok(index)
}

/// A JSON module's environment: one slot holding the parsed value.
fn initialize_json(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    if !record(agent, id).environment.is_undefined() {
        return Ok(());
    }
    let Body::Json(value) = record(agent, id).body else {
        return Err(internal("not a JSON module"));
    };
    let ctx = context::new_context(agent, Value::UNDEFINED, 1, |_| value)?;
    context::set_extension(agent, ctx, Value::int(id as i32));
    let r = record_mut(agent, id);
    r.environment = Value::cell(ctx);
    r.status = Status::Linked;
    Ok(())
}

/// InitializeEnvironment() of a Source Text Module Record.
fn initialize_environment(agent: &mut Agent, id: ModuleId) -> Result<(), Throw> {
    let exe = descriptor(agent, id).ok_or_else(|| internal("not a source text module"))?;
    let m = module_of(&exe)?;
    // 1. Every indirect export must resolve.
    for e in m.indirect_exports.iter() {
        let resolution = resolve_export(agent, id, &e.export_name, &mut Vec::new())?;
        if !matches!(resolution, Resolution::Found(_)) {
            let specifier = &m.requests[e.request as usize].specifier;
            let name = match &e.import_name {
                ImportName::Name(n) => n.clone(),
                ImportName::Namespace => e.export_name.clone(),
            };
            return Err(unresolvable(specifier, &name, resolution));
        }
    }
    // 5–6. The module environment (its parent is the global environment).
    let slot_count = m.scope.as_ref().map_or(0, |s| s.slots.len());
    let ctx = context::new_context(agent, Value::UNDEFINED, slot_count, |i| {
        let tdz = m
            .scope
            .as_ref()
            .is_some_and(|s| s.slots[i].kind.starts_in_tdz());
        if tdz {
            Value::EMPTY
        } else {
            Value::UNDEFINED
        }
    })?;
    if let Some(scope) = &m.scope {
        let scope_id = dynamic_scope::scope_id(agent, scope);
        context::set_scope(ctx, scope_id);
    }
    context::set_extension(agent, ctx, Value::int(id as i32));
    record_mut(agent, id).environment = Value::cell(ctx);
    // 7. The import bindings.
    for (i, entry) in m.imports.iter().enumerate() {
        let imported = loaded(agent, id, entry.request)?;
        let slot = match &entry.import_name {
            ImportName::Namespace => ImportSlot::Namespace(namespace::get(agent, imported)?),
            ImportName::Name(name) => {
                match resolve_export(agent, imported, name, &mut Vec::new())? {
                    Resolution::Found(Binding {
                        module,
                        target: Target::Namespace,
                    }) => ImportSlot::Namespace(namespace::get(agent, module)?),
                    Resolution::Found(Binding {
                        module,
                        target: Target::Slot(slot),
                    }) => ImportSlot::Binding { module, slot },
                    other => {
                        let specifier = &m.requests[entry.request as usize].specifier;
                        return Err(unresolvable(specifier, name, other));
                    }
                }
            }
        };
        record_mut(agent, id).imports[i] = slot;
    }
    // 24. The hoisted function declarations, closures over the module environment.
    for &(slot, constant) in m.functions.iter() {
        let Some(Constant::Function(f)) = exe.constants.get(constant as usize) else {
            return Err(internal("bad function constant"));
        };
        let env = record(agent, id).environment;
        let closure = realm::make_closure(agent, f, env)?;
        let ctx = record(agent, id)
            .environment
            .as_cell()
            .ok_or_else(|| internal("no module environment"))?;
        context::set_slot(agent, ctx, slot as usize, closure);
    }
    Ok(())
}

//! The host side of module loading (§16.2.1.8 HostLoadImportedModule for files, and
//! LoadRequestedModules): specifiers resolve against the importing module's directory
//! (`./x.js`, `../y.mjs`, `/abs/z.js`, `file:///abs/z.js`; bare specifiers are an error),
//! the canonical path plus the module type (`with { type: "json" }`) is the module map's
//! key, and a file is read and parsed once per agent. Loading is synchronous: the whole
//! graph is loaded before linking starts.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::bytecode::{js_string_lossy, ModuleRequest};
use crate::diagnostics::SyntaxError;
use crate::interpreter::{ErrorType, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::value::Value;
use crate::source::Source;

use super::{record, record_mut, Body, ModuleId, ModuleRecord, Status};

/// Loads the program's entry module (without its dependencies): source `text` named
/// `name`, keyed in the module map by `path` (its specifiers resolve against `path`'s
/// directory).
pub(crate) fn load_entry(
    agent: &mut Agent,
    path: PathBuf,
    name: &str,
    text: &str,
) -> Result<ModuleId, SyntaxError> {
    if let Some(&id) = agent.roots.vm.modules.by_key.get(&(path.clone(), false)) {
        return Ok(id);
    }
    let source = Source::new(name, text);
    let exe = compile(&source)?;
    Ok(insert(agent, path, false, Body::SourceText(exe)))
}

/// The module type a request asks for: `Ok(true)` for JSON. Unsupported attributes are a
/// `SyntaxError` (static imports; `import()` checks them first and rejects with a
/// `TypeError`).
fn requested_type(request: &ModuleRequest) -> Result<bool, Throw> {
    let mut json = false;
    for (key, value) in request.attributes.iter() {
        let key = js_string_lossy(key);
        let value = js_string_lossy(value);
        match (key.as_str(), value.as_str()) {
            ("type", "json") => json = true,
            ("type", other) => {
                return Err(Throw::error(
                    ErrorType::SyntaxError,
                    format!("Import attribute type '{other}' is not supported"),
                ))
            }
            (other, _) => {
                return Err(Throw::error(
                    ErrorType::SyntaxError,
                    format!("Import attribute '{other}' is not supported"),
                ))
            }
        }
    }
    Ok(json)
}

/// True if every attribute key is one the host supports (AllImportAttributesSupported).
pub(crate) fn attribute_supported(key: &str) -> bool {
    key == "type"
}

/// Resolves `specifier` against the directory `base`.
fn resolve(base: &Path, specifier: &str, referrer: &str) -> Result<PathBuf, Throw> {
    let relative = specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier == "."
        || specifier == "..";
    let path = if relative {
        base.join(specifier)
    } else if let Some(rest) = specifier.strip_prefix("file://") {
        PathBuf::from(rest)
    } else if specifier.starts_with('/') {
        PathBuf::from(specifier)
    } else {
        return Err(Throw::error(
            ErrorType::TypeError,
            format!(
                "Cannot resolve module specifier '{specifier}' imported from {referrer}: \
                 only relative ('./', '../'), absolute and file:// specifiers are supported"
            ),
        ));
    };
    std::fs::canonicalize(&path).map_err(|_| {
        Throw::error(
            ErrorType::Error,
            format!(
                "Cannot find module '{}' imported from {referrer}",
                path.display()
            ),
        )
    })
}

fn read(path: &Path, referrer: Option<&str>) -> Result<String, Throw> {
    std::fs::read_to_string(path).map_err(|e| {
        let from = referrer.map_or(String::new(), |r| format!(" imported from {r}"));
        Throw::error(
            ErrorType::Error,
            format!("Cannot read module '{}'{from}: {e}", path.display()),
        )
    })
}

fn compile(source: &Source) -> Result<heap::sync::Arc<crate::bytecode::Executable>, SyntaxError> {
    let module = crate::parser::parse_module(source)?;
    crate::compiler::compile_module(&module, source)
}

fn insert(agent: &mut Agent, path: PathBuf, json: bool, body: Body) -> ModuleId {
    let (requests, imports) = match &body {
        Body::SourceText(exe) => exe
            .module
            .as_ref()
            .map_or((0, 0), |m| (m.requests.len(), m.imports.len())),
        Body::Json(_) => (0, 0),
    };
    let table = &mut agent.roots.vm.modules;
    let id = table.records.len() as ModuleId;
    let mut record = ModuleRecord::new(path.clone(), body, requests, imports);
    record.cycle_root = id;
    if json {
        record.status = Status::Unlinked;
    }
    table.records.push(record);
    table.by_key.insert((path, json), id);
    id
}

/// HostLoadImportedModule(referrer, request) for a referrer in directory `base` named
/// `referrer` (for messages): the module from the map, or read, parsed and added to it. A
/// file that does not parse is a thrown `SyntaxError`.
pub(crate) fn load_request(
    agent: &mut Agent,
    base: &Path,
    referrer: &str,
    request: &ModuleRequest,
) -> Result<ModuleId, Throw> {
    let json = requested_type(request)?;
    let specifier = js_string_lossy(&request.specifier);
    let path = resolve(base, &specifier, referrer)?;
    if let Some(&id) = agent.roots.vm.modules.by_key.get(&(path.clone(), json)) {
        return Ok(id);
    }
    let text = read(&path, Some(referrer))?;
    let body = if json {
        // ParseJSONModule: ? Call(%JSON.parse%, undefined, « source »).
        let value = agent.scope(|agent| {
            let text = crate::interpreter::ops::new_string(agent, &text)?;
            agent.root(text);
            crate::interpreter::builtins::json::json_parse(
                agent,
                Value::UNDEFINED,
                &[text],
                Value::UNDEFINED,
            )
        })?;
        Body::Json(value)
    } else {
        let source = Source::new(path.display().to_string(), text);
        let exe = compile(&source).map_err(|e| {
            Throw::error(
                ErrorType::SyntaxError,
                format!("{} ({}:{}:{})", e.message, e.file, e.line, e.column),
            )
        })?;
        Body::SourceText(exe)
    };
    Ok(insert(agent, path, json, body))
}

/// The directory a module's specifiers resolve against.
pub(crate) fn module_dir(agent: &Agent, id: ModuleId) -> PathBuf {
    record(agent, id)
        .path
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf)
}

/// LoadRequestedModules(module): loads every module the graph under `root` requests. On
/// an error the modules loaded so far stay in the map (their graphs stay `New`).
pub(crate) fn load_requested_modules(agent: &mut Agent, root: ModuleId) -> Result<(), Throw> {
    let mut seen = HashSet::new();
    let mut work = vec![root];
    let mut visited = Vec::new();
    while let Some(id) = work.pop() {
        if !seen.insert(id) || record(agent, id).status != Status::New {
            continue;
        }
        visited.push(id);
        let Some(exe) = record(agent, id).executable().cloned() else {
            continue;
        };
        let Some(descriptor) = exe.module.as_ref() else {
            continue;
        };
        let base = module_dir(agent, id);
        let referrer = record(agent, id).path.display().to_string();
        for (i, request) in descriptor.requests.iter().enumerate() {
            let dep = match record(agent, id).loaded[i] {
                Some(dep) => dep,
                None => {
                    let dep = load_request(agent, &base, &referrer, request)?;
                    record_mut(agent, id).loaded[i] = Some(dep);
                    dep
                }
            };
            work.push(dep);
        }
    }
    for id in visited {
        let r = record_mut(agent, id);
        if r.status == Status::New {
            r.status = Status::Unlinked;
        }
    }
    Ok(())
}

//! ES modules (§16.2): the agent's module map and its module records, and the entry point
//! that runs a module file with its whole graph.
//!
//! A module is loaded once per agent per (canonical path, type) and kept for the agent's
//! life. Its record lives on the Rust side, in [`ModuleTable`] (traced as a root); the
//! values it holds — the module environment, the namespace object, `import.meta`, the
//! top-level capability's promise, the evaluation error — are heap values.
//!
//! - `host.rs`: HostLoadImportedModule for files (specifier resolution, reading, parsing
//!   JavaScript and JSON modules) and LoadRequestedModules, which is synchronous here.
//! - `link.rs`: GetExportedNames, ResolveExport, InitializeEnvironment and Link.
//! - `evaluate.rs`: Evaluate with the asynchronous module machinery of top-level await.
//! - `namespace.rs`: module namespace exotic objects.
//! - `dynamic.rs`: `import()`, `import.meta` and the import bindings `LdaImport` reads.
//!
//! **The running module.** A module's environment is a context whose parent is `undefined`
//! and whose extension word holds the module's id (an int; module code is strict, so no
//! `eval` ever gives a module context an extension object). Every closure made in module
//! code captures a chain ending in that context, so the running frame's context chain
//! names its module: [`running_module`].

use std::path::PathBuf;

use heap::sync::Arc;
use heap::Tracer;

use crate::bytecode::Executable;
use crate::interpreter::{jobs, realm, ErrorType, RunError, Throw};
use crate::runtime::agent::Agent;
use crate::runtime::context;
use crate::runtime::value::Value;

mod dynamic;
mod evaluate;
mod host;
mod link;
pub(crate) mod namespace;

pub(crate) use dynamic::{dynamic_import, import_meta, load_import, run_dynamic_import_job};
pub use evaluate::FAMILY;

/// A module's index in the agent's [`ModuleTable`].
pub(crate) type ModuleId = u32;

/// `[[Status]]` of a Cyclic Module Record (§16.2.1.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Parsed; its requested modules are not all loaded yet.
    New,
    /// Loaded with its whole graph.
    Unlinked,
    /// Link is in progress on the DFS stack.
    Linking,
    /// Linked: the environment exists and imports are resolved.
    Linked,
    /// InnerModuleEvaluation is in progress on the DFS stack.
    Evaluating,
    /// Waiting for asynchronous dependencies or its own top-level await.
    EvaluatingAsync,
    /// Done (successfully or with `evaluation_error`).
    Evaluated,
}

/// What the module is made of.
pub(crate) enum Body {
    /// A Source Text Module Record: the compiled module body (its `module` descriptor holds
    /// the import and export entries).
    SourceText(Arc<Executable>),
    /// A JSON module (a Synthetic Module Record exporting `default`): the parsed value.
    Json(Value),
}

/// Where an import binding of a linked module reads from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ImportSlot {
    /// Not linked yet.
    Unresolved,
    /// Slot `slot` of module `module`'s environment (read at each access: in a cycle the
    /// target's environment may be created after this module's).
    Binding { module: ModuleId, slot: u32 },
    /// A namespace object.
    Namespace(Value),
}

/// A module record.
pub(crate) struct ModuleRecord {
    /// The canonical file path (the module map's key with the type).
    pub(crate) path: PathBuf,
    pub(crate) body: Body,
    pub(crate) status: Status,
    /// `[[EvaluationError]]` (the thrown value).
    pub(crate) evaluation_error: Option<Value>,
    /// `[[Environment]]`: the module context, or `undefined` before linking.
    pub(crate) environment: Value,
    /// `[[Namespace]]`, or `undefined` until first asked for.
    pub(crate) namespace: Value,
    /// The namespace's exports: (name, binding), sorted by code units (filled with the
    /// namespace object).
    pub(crate) namespace_exports: Vec<(crate::bytecode::JsString, link::Binding)>,
    /// `import.meta`, or `undefined` until first used.
    pub(crate) meta: Value,
    /// The module each `[[RequestedModules]]` entry loaded (LoadedModules).
    pub(crate) loaded: Vec<Option<ModuleId>>,
    /// The resolved import entries (`LdaImport i` reads entry `i`).
    pub(crate) imports: Vec<ImportSlot>,
    pub(crate) dfs_index: u32,
    pub(crate) dfs_ancestor_index: u32,
    /// `[[CycleRoot]]`.
    pub(crate) cycle_root: ModuleId,
    /// `[[HasTLA]]`.
    pub(crate) has_tla: bool,
    /// `[[AsyncEvaluation]]` as its order: `Some(n)` while the module is waiting (n orders
    /// the ready modules), `None` otherwise.
    pub(crate) async_evaluation: Option<u64>,
    /// The promise of `[[TopLevelCapability]]`, or `undefined`.
    pub(crate) top_level_promise: Value,
    /// `[[AsyncParentModules]]`.
    pub(crate) async_parents: Vec<ModuleId>,
    /// `[[PendingAsyncDependencies]]`.
    pub(crate) pending_async: u32,
}

impl ModuleRecord {
    fn new(path: PathBuf, body: Body, requests: usize, imports: usize) -> Self {
        let has_tla = match &body {
            Body::SourceText(exe) => exe.module.as_ref().is_some_and(|m| m.has_top_level_await),
            Body::Json(_) => false,
        };
        ModuleRecord {
            path,
            body,
            status: Status::New,
            evaluation_error: None,
            environment: Value::UNDEFINED,
            namespace: Value::UNDEFINED,
            namespace_exports: Vec::new(),
            meta: Value::UNDEFINED,
            loaded: vec![None; requests],
            imports: vec![ImportSlot::Unresolved; imports],
            dfs_index: 0,
            dfs_ancestor_index: 0,
            cycle_root: 0,
            has_tla,
            async_evaluation: None,
            top_level_promise: Value::UNDEFINED,
            async_parents: Vec::new(),
            pending_async: 0,
        }
    }

    /// The compiled body of a source text module.
    pub(crate) fn executable(&self) -> Option<&Arc<Executable>> {
        match &self.body {
            Body::SourceText(exe) => Some(exe),
            Body::Json(_) => None,
        }
    }

    /// True for Cyclic Module Records (source text modules).
    pub(crate) fn is_cyclic(&self) -> bool {
        matches!(self.body, Body::SourceText(_))
    }
}

/// The agent's module map and records (part of `VmRoots`).
#[derive(Default)]
pub struct ModuleTable {
    pub(crate) records: Vec<ModuleRecord>,
    pub(crate) by_key: std::collections::HashMap<(PathBuf, bool), ModuleId>,
    /// The next `[[AsyncEvaluation]]` order.
    pub(crate) next_async_order: u64,
    /// `import()` requests waiting for their job (the job holds the index).
    pub(crate) pending_imports: Vec<Option<dynamic::PendingImport>>,
}

impl ModuleTable {
    /// Reports every value the records hold.
    pub fn trace(&self, tracer: &mut Tracer<'_>) {
        let mut edge = |v: Value| {
            if let Some(cell) = v.as_cell() {
                tracer.edge(cell);
            }
        };
        for r in &self.records {
            edge(r.environment);
            edge(r.namespace);
            edge(r.meta);
            edge(r.top_level_promise);
            if let Some(e) = r.evaluation_error {
                edge(e);
            }
            if let Body::Json(v) = r.body {
                edge(v);
            }
            for slot in &r.imports {
                if let ImportSlot::Namespace(v) = slot {
                    edge(*v);
                }
            }
        }
    }
}

pub(crate) fn record(agent: &Agent, id: ModuleId) -> &ModuleRecord {
    &agent.roots.vm.modules.records[id as usize]
}

pub(crate) fn record_mut(agent: &mut Agent, id: ModuleId) -> &mut ModuleRecord {
    &mut agent.roots.vm.modules.records[id as usize]
}

/// The module whose code is running (see the module docs), if any.
pub(crate) fn running_module(agent: &Agent) -> Option<ModuleId> {
    let mut current = agent.roots.vm.frames.last()?.context;
    let mut outermost = None;
    while let Some(ctx) = current.as_cell().filter(|&c| context::is_context(c)) {
        outermost = Some(ctx);
        current = context::parent(ctx);
    }
    let id = context::extension(outermost?).as_int()?;
    (id >= 0 && (id as usize) < agent.roots.vm.modules.records.len()).then_some(id as ModuleId)
}

fn internal(message: &str) -> Throw {
    Throw::error(ErrorType::InternalError, message)
}

/// Runs module code `text` (named `name` in messages and stack traces, keyed in the module
/// map by `path`, whose directory its specifiers resolve against) with its graph: loads,
/// links and evaluates it, then runs the job queue. A syntax error in `text` itself is
/// [`ModuleRunError::Parse`]; an error while loading or linking the modules it imports is
/// [`ModuleRunError::Resolution`] (no module code ran); a throw of its evaluation, or a
/// rejection of its top-level await, is [`ModuleRunError::Evaluation`].
pub fn run_module(
    agent: &mut Agent,
    path: &std::path::Path,
    name: &str,
    text: &str,
) -> Result<Value, ModuleRunError> {
    if let Err(e) = realm::ensure_realm(agent) {
        let report = crate::interpreter::uncaught(agent, e.into());
        return Err(ModuleRunError::Evaluation(report));
    }
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let id = match host::load_entry(agent, path, name, text) {
        Ok(id) => id,
        Err(e) => return Err(ModuleRunError::Parse(RunError::Syntax(e))),
    };
    let loaded = host::load_requested_modules(agent, id).and_then(|()| link::link(agent, id));
    if let Err(t) = loaded {
        let report = crate::interpreter::uncaught(agent, t);
        return Err(ModuleRunError::Resolution(report));
    }
    let result = evaluate::evaluate(agent, id).and_then(|promise| {
        agent.scope(|agent| {
            let promise = agent.root(promise);
            jobs::run_jobs(agent)?;
            crate::interpreter::builtins::weak::end_of_job(agent);
            let promise = agent.get(promise);
            let p = crate::interpreter::builtins::promise::as_promise(promise)
                .ok_or_else(|| internal("module evaluation did not return a promise"))?;
            match crate::interpreter::builtins::promise::state(p) {
                crate::interpreter::builtins::promise::PromiseState::Rejected(reason) => {
                    Err(Throw::Value(reason))
                }
                _ => Ok(Value::UNDEFINED),
            }
        })
    });
    result.map_err(|t| ModuleRunError::Evaluation(crate::interpreter::uncaught(agent, t)))
}

/// How running a module failed.
#[derive(Debug)]
pub enum ModuleRunError {
    /// The module file itself did not parse (`RunError::Syntax`).
    Parse(RunError),
    /// Loading, parsing or linking a module it imports failed (no module code ran).
    Resolution(RunError),
    /// Its evaluation threw, or its top-level await rejected.
    Evaluation(RunError),
}

impl ModuleRunError {
    /// The error, whatever the phase.
    pub fn error(&self) -> &RunError {
        match self {
            ModuleRunError::Parse(e)
            | ModuleRunError::Resolution(e)
            | ModuleRunError::Evaluation(e) => e,
        }
    }
}

impl std::fmt::Display for ModuleRunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error().fmt(f)
    }
}

impl std::error::Error for ModuleRunError {}

/// Makes the job that continues `import()` (see `dynamic.rs`).
pub(crate) fn enqueue_dynamic_import(agent: &mut Agent, promise: Value, request: Value) {
    jobs::enqueue(
        agent,
        jobs::Job {
            kind: jobs::JobKind::DynamicImport,
            a: promise,
            b: request,
            c: Value::UNDEFINED,
        },
    );
}

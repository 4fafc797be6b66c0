//! Functions: compiling a function body with its prologue (FunctionDeclarationInstantiation:
//! generator/async setup, contexts, pseudo-bindings, the arguments object, parameters,
//! hoisted functions), entering and leaving scopes, loading and storing bindings by name
//! (registers, context slots, globals, dynamic lookups, imports, TDZ checks, constness),
//! and creating closures for nested functions.

use std::collections::HashSet;

use heap::sync::Arc;

use super::control_flow::Control;
use super::scope::{self, tag, Location, ScopeId, ScopeType, Special};
use super::{FnCompiler, Unit};
use crate::ast::{self, Function, Identifier, Pattern, Span, Statement};
use crate::bytecode::{
    BindingKind, CodeKind, Constant, EvalContextInfo, FunctionInfo, IcKind, JsString, Reg,
};

/// How a store initialises or assigns a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoreMode {
    /// `InitializeBinding` (declarations, parameters): no TDZ or constness checks.
    Init,
    /// `PutValue` (assignments, `var` initialisers).
    Assign,
}

/// The result of resolving a name from the current scope.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    /// The scope holding the binding and its index, if statically found.
    pub found: Option<(ScopeId, usize)>,
    /// Contexts between the current scope and the binding's scope.
    pub depth: u32,
    /// A `with` or sloppy-eval scope lies in between: resolve by name at run time.
    pub dynamic: bool,
}

/// Scope state to restore when leaving a scope.
#[derive(Debug)]
pub(crate) struct ScopeGuard {
    previous: ScopeId,
    saved_context: Option<Reg>,
    mark: u32,
}

pub(crate) fn utf16(s: &str) -> JsString {
    s.encode_utf16().collect()
}

/// Compiles `function` (whose analysis is `func`) into an executable.
pub(crate) fn compile_function(
    unit: &mut Unit<'_>,
    func: scope::FuncId,
    function: &Function,
    name: Option<JsString>,
) -> crate::bytecode::Executable {
    stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
        let param_count = function.params.items.len() as u32;
        let mut c = FnCompiler::new(unit, func, param_count);
        c.b.set_position(Span::new(function.span.start, function.span.start));
        c.prologue(function);
        c.function_statements(function);
        let name = name
            .or_else(|| function.name.as_ref().map(|n| utf16(&n.name)))
            .unwrap_or_default();
        let length = function.params.expected_argument_count() as u32;
        let info = c.function_info(
            name,
            length,
            function.span,
            function.flags.simple_parameters,
        );
        c.finish(info, None)
    })
}

impl<'a> FnCompiler<'_, 'a> {
    /// Metadata for the executable being compiled.
    pub(crate) fn function_info(
        &self,
        name: JsString,
        length: u32,
        span: Span,
        simple_parameters: bool,
    ) -> FunctionInfo {
        let data = &self.unit.tree.funcs[self.func];
        FunctionInfo {
            name,
            length,
            kind: self.kind,
            strict: data.strict,
            is_async: self.is_async,
            is_generator: self.is_generator,
            needs_arguments: data.arguments.is_some(),
            needs_home_object: data.uses_home,
            simple_parameters,
            span,
            source: self.unit.source.clone(),
        }
    }

    // ----- name resolution -----

    /// Resolves `name` from the current scope.
    pub(crate) fn resolve(&self, name: &str) -> Resolved {
        self.resolve_from(self.scope, name)
    }

    pub(crate) fn resolve_from(&self, from: ScopeId, name: &str) -> Resolved {
        let mut depth = 0;
        let mut dynamic = false;
        let mut s = Some(from);
        let private = name.starts_with('#');
        while let Some(id) = s {
            let scope = &self.unit.tree.scopes[id];
            let skip = private && self.private_skip == Some(id);
            if !skip {
                if let Some(i) = scope.lookup(name) {
                    return Resolved {
                        found: Some((id, i)),
                        depth,
                        dynamic: dynamic && !private,
                    };
                }
            }
            if scope.has_context {
                depth += 1;
            }
            if scope.makes_outer_names_dynamic() {
                dynamic = true;
            }
            s = scope.parent;
        }
        Resolved {
            found: None,
            depth,
            dynamic: dynamic && !private,
        }
    }

    /// The binding a resolution found.
    pub(crate) fn binding(&self, scope: ScopeId, index: usize) -> &scope::Binding {
        &self.unit.tree.scopes[scope].bindings[index]
    }

    /// True if a reference at `pos` to the binding needs a TDZ check.
    fn needs_tdz_check(&self, scope: ScopeId, index: usize, pos: u32, dynamic: bool) -> bool {
        let s = &self.unit.tree.scopes[scope];
        let b = &s.bindings[index];
        // Global, dynamic and import bindings are checked by the loading instruction.
        let checked_by_load = matches!(
            b.location,
            Location::Global | Location::Dynamic | Location::Import(_)
        );
        !checked_by_load
            && b.tdz
            && (s.func != self.func || dynamic || s.is_switch || pos < b.init_end)
    }

    /// Emits the raw load of a statically found binding (no TDZ check).
    fn load_location(&mut self, scope: ScopeId, index: usize, depth: u32, typeof_: bool) {
        let b = self.binding(scope, index).clone();
        match b.location {
            Location::Register(r) => self.load(r),
            Location::Unallocated => {
                let r = b.register.expect("register assigned on scope entry");
                self.load(r)
            }
            Location::Context(slot) => {
                if depth == 0 {
                    self.b.lda_current_context_slot(slot)
                } else {
                    self.b.lda_context_slot(slot, depth)
                }
            }
            Location::Global => {
                let name = self.b.name(&b.name);
                let ic = self.b.new_ic(IcKind::LoadGlobal);
                if typeof_ {
                    self.b.lda_global_inside_typeof(name, ic)
                } else {
                    self.b.lda_global(name, ic)
                }
            }
            Location::Dynamic => {
                let name = self.b.name(&b.name);
                if typeof_ {
                    self.b.lda_lookup_slot_inside_typeof(name)
                } else {
                    self.b.lda_lookup_slot(name)
                }
            }
            Location::Import(i) => self.b.lda_import(i),
            Location::Special(Special::NewTarget) => self.b.lda_new_target(),
            Location::Special(Special::HomeObject) => self.b.lda_home_object(),
            Location::Special(Special::ActiveFunction) => self.b.lda_active_function(),
        }
    }

    /// Loads a statically found binding without a TDZ check.
    pub(crate) fn load_binding_raw(&mut self, scope: ScopeId, index: usize, depth: u32) {
        self.load_location(scope, index, depth, false)
    }

    /// Stores acc into a statically found binding (InitializeBinding semantics).
    pub(crate) fn store_binding_at(&mut self, scope: ScopeId, index: usize, depth: u32) {
        self.store_location(scope, index, depth, StoreMode::Init)
    }

    /// Emits the TDZ check of a binding's value in the accumulator.
    fn tdz_check(&mut self, name: &str) {
        if name == "this" {
            self.b.throw_super_not_called_if_hole();
        } else {
            let n = self.b.name(name);
            self.b.throw_reference_error_if_hole(n);
        }
    }

    /// Loads the value of identifier `name` (referenced at `pos`) into the accumulator.
    pub(crate) fn load_name(&mut self, name: &str, pos: u32, typeof_: bool) {
        let r = self.resolve(name);
        if r.dynamic {
            let n = self.b.name(name);
            if typeof_ {
                self.b.lda_lookup_slot_inside_typeof(n)
            } else {
                self.b.lda_lookup_slot(n)
            }
            return;
        }
        match r.found {
            None => self.load_unresolved(name, typeof_),
            Some((scope, index)) => {
                self.load_location(scope, index, r.depth, typeof_);
                if self.needs_tdz_check(scope, index, pos, false) {
                    self.tdz_check(name);
                }
            }
        }
    }

    fn load_unresolved(&mut self, name: &str, typeof_: bool) {
        let n = self.b.name(name);
        let ic = self.b.new_ic(IcKind::LoadGlobal);
        if typeof_ {
            self.b.lda_global_inside_typeof(n, ic)
        } else {
            self.b.lda_global(n, ic)
        }
    }

    /// Loads `this`.
    pub(crate) fn load_this(&mut self, pos: u32) {
        let r = self.resolve("this");
        match r.found {
            Some((scope, index)) => {
                self.load_location(scope, index, r.depth, false);
                if self.needs_tdz_check(scope, index, pos, false) {
                    self.b.throw_super_not_called_if_hole();
                }
            }
            None => {
                if self.root_is_module() {
                    self.b.lda_undefined()
                } else {
                    self.b.lda_global_this()
                }
            }
        }
    }

    /// True if the outermost scope is a module (module code, or eval called from it).
    pub(crate) fn root_is_module(&self) -> bool {
        self.unit.tree.scopes.iter().any(|s| {
            s.ty == ScopeType::Module
                || s.external
                    .as_ref()
                    .is_some_and(|d| d.kind == crate::bytecode::ScopeKind::Module)
        })
    }

    /// Loads a pseudo-binding (`new.target`, `%home`, `%function`) or produces it directly.
    pub(crate) fn load_internal(&mut self, name: &str) {
        let r = self.resolve(name);
        match r.found {
            Some((scope, index)) => self.load_location(scope, index, r.depth, false),
            None => match name {
                "new.target" => self.b.lda_undefined(),
                "%home" => self.b.lda_home_object(),
                _ => self.b.lda_active_function(),
            },
        }
    }

    /// Stores the accumulator into the raw location of a binding (acc unchanged).
    fn store_location(&mut self, scope: ScopeId, index: usize, depth: u32, mode: StoreMode) {
        let b = self.binding(scope, index).clone();
        match b.location {
            Location::Register(r) => self.b.star(r),
            Location::Unallocated => {
                let r = b.register.expect("register assigned on scope entry");
                self.b.star(r)
            }
            Location::Context(slot) => {
                if depth == 0 {
                    self.b.sta_current_context_slot(slot)
                } else {
                    self.b.sta_context_slot(slot, depth)
                }
            }
            Location::Global => {
                let name = self.b.name(&b.name);
                let lexical = matches!(
                    b.kind,
                    BindingKind::Let | BindingKind::Const | BindingKind::Class
                );
                if mode == StoreMode::Init && lexical {
                    self.b.init_global_lexical(name)
                } else {
                    let ic = self.b.new_ic(IcKind::StoreGlobal {
                        strict: self.strict,
                    });
                    self.b.sta_global(name, ic)
                }
            }
            Location::Dynamic => {
                let name = self.b.name(&b.name);
                self.b.sta_lookup_slot(name, u32::from(self.strict))
            }
            Location::Import(_) | Location::Special(_) => {
                // Immutable bindings are handled by the callers.
            }
        }
    }

    /// Stores the accumulator to identifier `name` (referenced at `pos`); acc unchanged.
    pub(crate) fn store_name(&mut self, name: &str, pos: u32, mode: StoreMode) {
        let r = self.resolve(name);
        if r.dynamic && mode == StoreMode::Assign {
            let n = self.b.name(name);
            self.b.sta_lookup_slot(n, u32::from(self.strict));
            return;
        }
        let Some((scope, index)) = r.found else {
            let n = self.b.name(name);
            let ic = self.b.new_ic(IcKind::StoreGlobal {
                strict: self.strict,
            });
            self.b.sta_global(n, ic);
            return;
        };
        if mode == StoreMode::Init {
            self.store_location(scope, index, r.depth, mode);
            return;
        }
        let b = self.binding(scope, index).clone();
        let check = self.needs_tdz_check(scope, index, pos, false);
        if b.kind.is_immutable() && !matches!(b.location, Location::Global | Location::Dynamic) {
            if check {
                let t = self.temp();
                self.b.star(t);
                self.load_location(scope, index, r.depth, false);
                self.tdz_check(name);
                self.load(t);
                self.release(t.0);
            }
            self.throw_error(
                crate::bytecode::ErrorKind::TypeError,
                "Assignment to constant variable.",
            );
            return;
        }
        if b.kind == BindingKind::FunctionName
            && matches!(b.location, Location::Special(_) | Location::Context(_))
        {
            if self.strict {
                self.throw_error(
                    crate::bytecode::ErrorKind::TypeError,
                    "Assignment to constant variable.",
                );
            }
            return;
        }
        if check {
            let t = self.temp();
            self.b.star(t);
            self.load_location(scope, index, r.depth, false);
            self.tdz_check(name);
            self.load(t);
            self.store_location(scope, index, r.depth, mode);
            self.release(t.0);
        } else {
            self.store_location(scope, index, r.depth, mode);
        }
    }

    /// Throws a new error with a fixed message. The code after it is unreachable, so a
    /// placeholder keeps later stack-based code consistent.
    pub(crate) fn throw_error(&mut self, kind: crate::bytecode::ErrorKind, message: &str) {
        let m = self.b.str_constant(message);
        self.b.throw_static_error(kind as u32, m);
    }

    /// Stores the accumulator into binding `index` of `scope` (an ancestor of the current
    /// scope) with InitializeBinding semantics.
    pub(crate) fn store_binding_init(&mut self, scope: ScopeId, index: usize) {
        let depth = self.context_depth_to(scope);
        self.store_location(scope, index, depth, StoreMode::Init);
    }

    /// Contexts between the current scope and `target` (an ancestor or itself).
    pub(crate) fn context_depth_to(&self, target: ScopeId) -> u32 {
        let mut depth = 0;
        let mut s = Some(self.scope);
        while let Some(id) = s {
            if id == target {
                return depth;
            }
            let scope = &self.unit.tree.scopes[id];
            if scope.has_context {
                depth += 1;
            }
            s = scope.parent;
        }
        depth
    }

    // ----- scopes -----

    /// Enters `scope`: pushes its context, assigns registers to its register bindings and
    /// initialises the TDZ bindings that need it.
    pub(crate) fn enter_scope(&mut self, scope: ScopeId) -> ScopeGuard {
        let mark = self.mark();
        let previous = self.scope;
        let mut saved_context = None;
        let (has_context, descriptor, ty) = {
            let s = &self.unit.tree.scopes[scope];
            (s.has_context, s.descriptor.clone(), s.ty)
        };
        if has_context && ty != ScopeType::Module {
            let descriptor = descriptor.expect("a scope with a context has a descriptor");
            let index = self.b.add_constant(Constant::Scope(descriptor));
            match ty {
                ScopeType::Function | ScopeType::FunctionBody => {
                    self.b.create_function_context(index)
                }
                _ => self.b.create_block_context(index),
            }
            let saved = self.temp();
            self.b.push_context(saved);
            saved_context = Some(saved);
            self.control.push(Control::Context { saved });
        }
        self.scope = scope;
        let count = self.unit.tree.scopes[scope].bindings.len();
        for i in 0..count {
            if self.unit.tree.scopes[scope].bindings[i].location == Location::Unallocated {
                let r = self.temp();
                self.unit.tree.scopes[scope].bindings[i].register = Some(r);
            }
        }
        self.init_tdz(scope);
        ScopeGuard {
            previous,
            saved_context,
            mark,
        }
    }

    /// Enters a function-level scope that is never left (the frame ends): no `PopContext`
    /// is needed on the way out.
    pub(crate) fn enter_function_scope(&mut self, scope: ScopeId) {
        // Plain parameters of a non-simple list that need no TDZ check and are not captured
        // live in their argument registers.
        if scope == self.unit.tree.funcs[self.func].scope {
            for (name, index) in std::mem::take(&mut self.plain_params) {
                if let Some(i) = self.unit.tree.scopes[scope].lookup(&name) {
                    let b = &mut self.unit.tree.scopes[scope].bindings[i];
                    if b.location == Location::Unallocated && !b.needs_tdz && !b.captured {
                        b.location = Location::Register(Reg::param(index));
                    }
                }
            }
        }
        let guard = self.enter_scope(scope);
        if guard.saved_context.is_some() {
            self.control.pop();
        }
    }

    /// Stores the hole into TDZ bindings of `scope` whose slots do not start as the hole.
    pub(crate) fn init_tdz(&mut self, scope: ScopeId) {
        let count = self.unit.tree.scopes[scope].bindings.len();
        for i in 0..count {
            let b = self.unit.tree.scopes[scope].bindings[i].clone();
            if !(b.tdz && b.needs_tdz) || b.name.as_ref() == "this" {
                continue;
            }
            match b.location {
                Location::Unallocated | Location::Register(_) => {
                    self.b.lda_the_hole();
                    self.store_location(scope, i, 0, StoreMode::Init);
                }
                Location::Context(_) if !b.kind.starts_in_tdz() => {
                    self.b.lda_the_hole();
                    self.store_location(scope, i, 0, StoreMode::Init);
                }
                _ => {}
            }
        }
    }

    /// Leaves a scope entered with [`FnCompiler::enter_scope`].
    pub(crate) fn exit_scope(&mut self, guard: ScopeGuard) {
        if let Some(saved) = guard.saved_context {
            self.b.pop_context(saved);
            match self.control.pop() {
                Some(Control::Context { .. }) => {}
                other => panic!("scope exit with unbalanced control stack: {other:?}"),
            }
        }
        self.scope = guard.previous;
        self.release(guard.mark);
    }

    /// The scope of `node` under `t`, if the analysis created one.
    pub(crate) fn scope_of<T>(&self, node: &T, t: u8) -> Option<ScopeId> {
        self.unit.tree.scope_for(node, t)
    }

    // ----- closures -----

    /// Compiles nested function `f` and emits `CreateClosure` (acc = the function).
    pub(crate) fn closure(&mut self, f: &Function, name: Option<JsString>) {
        let index = self.function_constant(f, name);
        self.b.create_closure(index);
    }

    /// Compiles nested function `f` into a constant.
    pub(crate) fn function_constant(
        &mut self,
        f: &Function,
        name: Option<JsString>,
    ) -> crate::bytecode::ConstIdx {
        let func = self.unit.tree.func_for(f, tag::FUNCTION);
        let exe = compile_function(self.unit, func, f, name);
        self.b.function(Arc::new(exe))
    }

    /// Instantiates the function declarations of a block (at block entry).
    pub(crate) fn instantiate_block_functions(&mut self, statements: &[Statement]) {
        for decl in scope::lexical_declarations(statements, false) {
            if let Some(f) = decl.function {
                self.closure(f, None);
                self.store_name(&decl.name.name, decl.name.span.start, StoreMode::Init);
            }
        }
    }

    /// A block-level function declaration statement: the Annex B copy to the var binding.
    pub(crate) fn function_declaration_statement(&mut self, f: &Function) {
        if !self
            .unit
            .tree
            .annex_b
            .contains(&(f as *const Function as usize))
        {
            return;
        }
        let Some(name) = &f.name else { return };
        self.load_name(&name.name, u32::MAX, false);
        // The var binding lives in the function's var scope (or is global / dynamic).
        let var_scope = self.unit.tree.funcs[self.func].body_scope;
        let mut s = Some(self.scope);
        let mut target = None;
        while let Some(id) = s {
            let scope = &self.unit.tree.scopes[id];
            if scope.is_var_scope || id == var_scope {
                target = Some(id);
                break;
            }
            s = scope.parent;
        }
        let target = target.unwrap_or(var_scope);
        let ty = self.unit.tree.scopes[target].ty;
        match self.unit.tree.scopes[target].lookup(&name.name) {
            Some(index)
                if !matches!(
                    self.binding(target, index).location,
                    Location::Global | Location::Dynamic
                ) && ty != ScopeType::Eval =>
            {
                self.store_binding_init(target, index)
            }
            _ => {
                let n = self.b.name(&name.name);
                self.b.sta_annex_b_function(n);
            }
        }
    }

    // ----- the prologue -----

    /// FunctionDeclarationInstantiation and generator/async setup.
    fn prologue(&mut self, f: &Function) {
        let data = self.unit.tree.funcs[self.func].clone();
        if data.is_async && !data.is_generator {
            self.b.create_generator_object();
        }
        if !f.flags.simple_parameters {
            let mut seen = HashSet::new();
            for (i, item) in f.params.items.iter().enumerate().rev() {
                if let Pattern::Identifier(id) = &item.target {
                    if seen.insert(id.name.clone()) {
                        self.plain_params.push((id.name.clone(), i as u32));
                    }
                }
            }
        }
        if data.kind == CodeKind::ClassConstructor && data.class_has_instance_elements {
            let rf = self.temp();
            self.b.lda_active_function();
            self.b.star(rf);
            self.b.initialize_instance_elements(Reg::THIS, rf);
            self.release(rf.0);
        }
        self.enter_function_scope(data.scope);
        self.copy_pseudo_bindings(data.scope);

        // The arguments object.
        if let Some(index) = data.arguments {
            if data.mapped_arguments {
                let mapping = self.arguments_mapping(f, data.scope);
                let m = self.b.add_constant(Constant::ArgumentsMapping(mapping));
                self.b.create_mapped_arguments(m);
            } else {
                self.b.create_unmapped_arguments();
            }
            self.store_binding_init(data.scope, index);
        }

        // Parameters.
        if f.flags.simple_parameters {
            self.copy_simple_parameters(f, data.scope);
        } else {
            self.bind_parameters(f);
        }

        // The body's var scope.
        if data.body_scope != data.scope {
            self.enter_function_scope(data.body_scope);
            let count = self.unit.tree.scopes[data.body_scope].bindings.len();
            for i in 0..count {
                let name = self.unit.tree.scopes[data.body_scope].bindings[i]
                    .name
                    .clone();
                let kind = self.unit.tree.scopes[data.body_scope].bindings[i].kind;
                if kind == BindingKind::Var {
                    if let Some(j) = self.unit.tree.scopes[data.scope].lookup(&name) {
                        let depth = self.context_depth_to(data.scope);
                        self.load_location(data.scope, j, depth, false);
                        self.store_binding_init(data.body_scope, i);
                    }
                }
            }
        }
        self.hoisted_functions(&f.body.statements, f.flags.strict);
        if data.is_generator {
            self.b.create_generator_object();
            self.b.initial_yield();
        }
    }

    /// Copies `this`, `new.target`, `%home`, `%function` and a function expression's own name
    /// into their context slots when captured.
    pub(crate) fn copy_pseudo_bindings(&mut self, scope: ScopeId) {
        let count = self.unit.tree.scopes[scope].bindings.len();
        for i in 0..count {
            let b = self.unit.tree.scopes[scope].bindings[i].clone();
            if !matches!(b.location, Location::Context(_)) {
                continue;
            }
            match (&*b.name, b.kind) {
                ("this", BindingKind::Internal) => self.load(Reg::THIS),
                ("new.target", BindingKind::Internal) => self.b.lda_new_target(),
                ("%home", BindingKind::Internal) => self.b.lda_home_object(),
                ("%function", BindingKind::Internal) => self.b.lda_active_function(),
                (_, BindingKind::FunctionName) => self.b.lda_active_function(),
                _ => continue,
            }
            self.store_binding_init(scope, i);
        }
    }

    fn arguments_mapping(&self, f: &Function, scope: ScopeId) -> Box<[Option<u32>]> {
        let mut mapping = vec![None; f.params.items.len()];
        let mut seen = HashSet::new();
        for (i, item) in f.params.items.iter().enumerate().rev() {
            if let Pattern::Identifier(id) = &item.target {
                if seen.insert(&*id.name) {
                    if let Some(j) = self.unit.tree.scopes[scope].lookup(&id.name) {
                        if let Location::Context(slot) = self.binding(scope, j).location {
                            mapping[i] = Some(slot);
                        }
                    }
                }
            }
        }
        mapping.into_boxed_slice()
    }

    /// Simple parameter lists: captured parameters are copied into their context slots
    /// (the last parameter of a name wins).
    fn copy_simple_parameters(&mut self, f: &Function, scope: ScopeId) {
        let mut seen = HashSet::new();
        for (i, item) in f.params.items.iter().enumerate().rev() {
            if let Pattern::Identifier(id) = &item.target {
                if !seen.insert(&*id.name) {
                    continue;
                }
                if let Some(j) = self.unit.tree.scopes[scope].lookup(&id.name) {
                    if matches!(self.binding(scope, j).location, Location::Context(_)) {
                        self.load(Reg::param(i as u32));
                        self.store_binding_init(scope, j);
                    }
                }
            }
        }
    }

    /// Non-simple parameter lists: IteratorBindingInitialization over the arguments.
    fn bind_parameters(&mut self, f: &Function) {
        for (i, item) in f.params.items.iter().enumerate() {
            self.b.set_position(item.span);
            self.load(Reg::param(i as u32));
            if let Some(default) = &item.default {
                let skip = self.b.new_label();
                self.b.jump_if_not_undefined(skip);
                let name = match &item.target {
                    Pattern::Identifier(id) => Some(&*id.name),
                    _ => None,
                };
                self.named_expression(default, name.map(utf16));
                self.b.bind(skip);
            }
            self.bind_pattern(&item.target, StoreMode::Init);
        }
        if let Some(rest) = &f.params.rest {
            self.b.set_position(rest.span());
            self.b.create_rest_parameter();
            self.bind_pattern(rest, StoreMode::Init);
        }
    }

    /// Instantiates the var-scoped function declarations of a body (the last of each name)
    /// and the TDZ of its lexicals.
    pub(crate) fn hoisted_functions(&mut self, statements: &[Statement], strict: bool) {
        let excluded = HashSet::new();
        let decls = scope::var_scope_declarations(statements, !strict, &excluded);
        let mut seen = HashSet::new();
        let mut last = Vec::new();
        for f in decls.functions.iter().rev() {
            if let Some(name) = &f.name {
                if seen.insert(&*name.name) {
                    last.push(*f);
                }
            }
        }
        for f in last.into_iter().rev() {
            let name = f.name.as_ref().expect("declarations are named");
            self.closure(f, None);
            self.store_name(&name.name, name.span.start, StoreMode::Init);
        }
    }

    /// The statements of a function body and the implicit `return undefined`.
    fn function_statements(&mut self, f: &Function) {
        if f.flags.concise_body {
            if let Some(Statement::Return(r)) = f.body.statements.first() {
                if let Some(e) = &r.argument {
                    self.b.set_position(e.span());
                    self.expression(e);
                    if self.is_async && self.is_generator {
                        self.b.await_value();
                    }
                    self.emit_return();
                    return;
                }
            }
        }
        self.body_statements(&f.body.statements);
        self.b
            .set_position(Span::new(f.span.end.saturating_sub(1), f.span.end));
        self.b.lda_undefined();
        self.emit_return();
    }

    /// Binds `acc` to identifier `id` with `mode`.
    pub(crate) fn bind_identifier(&mut self, id: &Identifier, mode: StoreMode) {
        self.store_name(&id.name, id.span.start, mode);
    }
}

/// Reports var declarations of sloppy eval code that conflict with bindings of the caller's
/// scopes up to its var scope (EvalDeclarationInstantiation step 3.d: lexical declarations,
/// and the parameters when the eval runs in a parameter list), and drops
/// Annex B functions that would conflict.
pub(crate) fn check_eval_var_conflicts(
    unit: &mut Unit<'_>,
    body: &[ast::Statement],
    info: &EvalContextInfo,
) {
    let excluded = HashSet::new();
    let decls = scope::var_scope_declarations(body, true, &excluded);
    let conflicts = |name: &str| -> bool {
        for s in info.scopes.iter() {
            if s.kind == crate::bytecode::ScopeKind::Function && !s.is_var_scope {
                // Eval code in the parameter list of a function with parameter expressions:
                // its vars go to the function environment, outside the parameters and the
                // implicit `arguments`, which therefore conflict (step 3.d).
                return s.slots.iter().any(|slot| &*slot.name == name);
            }
            for slot in s.slots.iter() {
                if &*slot.name == name {
                    let lexical = matches!(
                        slot.kind,
                        BindingKind::Let | BindingKind::Const | BindingKind::Class
                    ) || (slot.kind == BindingKind::Function && !s.is_var_scope);
                    if lexical {
                        return true;
                    }
                }
            }
            if s.is_var_scope {
                break;
            }
        }
        false
    };
    for (name, _) in &decls.vars {
        if conflicts(&name.name) {
            unit.error(
                format!("Identifier '{}' has already been declared", name.name),
                name.span,
            );
            return;
        }
    }
    for f in &decls.functions {
        if let Some(name) = &f.name {
            if conflicts(&name.name) {
                unit.error(
                    format!("Identifier '{}' has already been declared", name.name),
                    name.span,
                );
                return;
            }
        }
    }
    for f in &decls.annex_b {
        if let Some(name) = &f.name {
            if conflicts(&name.name) {
                unit.tree.annex_b.remove(&(*f as *const Function as usize));
            }
        }
    }
}

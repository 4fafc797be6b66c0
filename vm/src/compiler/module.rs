//! Modules: the static module record (requested modules, import entries, local / indirect /
//! star export entries as ParseModule derives them), the module scope (imports are
//! `LdaImport` entries; exported and hoisted bindings live in the module context, which the
//! runtime creates at link time together with the hoisted functions), and the module body
//! (an async function when it has top-level `await`).

use std::collections::HashSet;

use heap::sync::Arc;

use super::function::{utf16, StoreMode};
use super::scope::{self, Location, Resolver, RootKind};
use super::{FnCompiler, Unit};
use crate::ast::visit::Visitor;
use crate::ast::*;
use crate::bytecode::{
    BindingKind, CodeKind, Executable, ExportBinding, ImportEntry, ImportName, IndirectExport,
    LocalExport, ModuleDescriptor, ModuleRequest,
};
use crate::diagnostics::SyntaxError;
use crate::source::Source;

fn request_index(
    requests: &mut Vec<ModuleRequest>,
    source: &StringLiteral,
    attributes: &[ImportAttribute],
) -> u32 {
    let request = ModuleRequest {
        specifier: source.value.clone(),
        attributes: attributes
            .iter()
            .map(|a| (utf16(&a.key.name()), a.value.value.clone()))
            .collect(),
    };
    match requests.iter().position(|r| *r == request) {
        Some(i) => i as u32,
        None => {
            requests.push(request);
            requests.len() as u32 - 1
        }
    }
}

fn export_name(name: &ModuleExportName) -> crate::bytecode::JsString {
    match name {
        ModuleExportName::Identifier(id) => utf16(&id.name),
        ModuleExportName::String(s) => s.value.clone(),
    }
}

/// Compiles a module.
pub(crate) fn compile(module: &Module, source: &Source) -> Result<Arc<Executable>, SyntaxError> {
    let mut unit = Unit::new(source);
    let mut requests = Vec::new();
    let mut imports: Vec<ImportEntry> = Vec::new();
    let mut import_locals: Vec<(Box<str>, u32)> = Vec::new();
    for item in &module.body {
        match item {
            ModuleItem::Import(i) => {
                let request = request_index(&mut requests, &i.source, &i.attributes);
                for s in &i.specifiers {
                    let (name, local) = match s {
                        ImportSpecifier::Default(local) => {
                            (ImportName::Name(utf16("default")), local)
                        }
                        ImportSpecifier::Namespace(local) => (ImportName::Namespace, local),
                        ImportSpecifier::Named { imported, local } => {
                            (ImportName::Name(export_name(imported)), local)
                        }
                    };
                    import_locals.push((local.name.clone(), imports.len() as u32));
                    imports.push(ImportEntry {
                        request,
                        import_name: name,
                        local_name: local.name.clone(),
                    });
                }
            }
            ModuleItem::Export(e) => match &**e {
                ExportDeclaration::Named {
                    source: Some(src),
                    attributes,
                    ..
                }
                | ExportDeclaration::All {
                    source: src,
                    attributes,
                    ..
                } => {
                    request_index(&mut requests, src, attributes);
                }
                _ => {}
            },
            ModuleItem::Statement(_) => {}
        }
    }

    // Scope analysis.
    {
        let mut r = Resolver::new(&mut unit.tree, &RootKind::Module, true);
        let root = r.root_scope();
        for (name, index) in &import_locals {
            let id = Identifier {
                span: Span::default(),
                name: name.clone(),
            };
            r.declare_import(&id, *index);
        }
        let excluded = HashSet::new();
        for item in &module.body {
            let (statement, export): (Option<&Statement>, Option<&ExportDeclaration>) = match item {
                ModuleItem::Statement(s) => (Some(s), None),
                ModuleItem::Export(e) => (None, Some(&**e)),
                ModuleItem::Import(_) => (None, None),
            };
            if let Some(s) = statement {
                let decls =
                    scope::var_scope_declarations(std::slice::from_ref(s), false, &excluded);
                for (name, _) in &decls.vars {
                    r.tree.declare(root, &name.name, BindingKind::Var, false, 0);
                }
                for f in &decls.functions {
                    if let Some(name) = &f.name {
                        r.tree
                            .declare(root, &name.name, BindingKind::Function, false, 0);
                    }
                }
                for d in scope::lexical_declarations(std::slice::from_ref(s), true) {
                    r.tree.declare(root, &d.name.name, d.kind, true, d.init_end);
                }
            }
            if let Some(e) = export {
                match e {
                    ExportDeclaration::Variable(d) => {
                        let kind = match d.kind {
                            VariableKind::Var => BindingKind::Var,
                            VariableKind::Let => BindingKind::Let,
                            _ => BindingKind::Const,
                        };
                        for declarator in &d.declarations {
                            let mut names = Vec::new();
                            declarator.target.bound_names(&mut names);
                            for name in names {
                                r.tree.declare(
                                    root,
                                    &name.name,
                                    kind,
                                    kind != BindingKind::Var,
                                    declarator.span.end,
                                );
                                r.mark_exported(&name.name);
                            }
                        }
                    }
                    ExportDeclaration::Function(f) => {
                        if let Some(name) = &f.name {
                            r.tree
                                .declare(root, &name.name, BindingKind::Function, false, 0);
                            r.mark_exported(&name.name);
                        }
                    }
                    ExportDeclaration::Class(c) => {
                        if let Some(name) = &c.name {
                            r.tree
                                .declare(root, &name.name, BindingKind::Let, true, c.span.end);
                            r.mark_exported(&name.name);
                        }
                    }
                    ExportDeclaration::DefaultFunction(f) => match &f.name {
                        Some(name) => {
                            r.tree
                                .declare(root, &name.name, BindingKind::Function, false, 0);
                            r.mark_exported(&name.name);
                        }
                        None => {
                            let i =
                                r.tree
                                    .declare(root, "*default*", BindingKind::Function, false, 0);
                            r.tree.scopes[root].bindings[i].exported = true;
                        }
                    },
                    ExportDeclaration::DefaultClass(c) => match &c.name {
                        Some(name) => {
                            r.tree
                                .declare(root, &name.name, BindingKind::Let, true, c.span.end);
                            r.mark_exported(&name.name);
                        }
                        None => r.declare_module_default(true, c.span.end),
                    },
                    ExportDeclaration::DefaultExpression { span, .. } => {
                        r.declare_module_default(true, span.end)
                    }
                    ExportDeclaration::Named {
                        source: None,
                        specifiers,
                        ..
                    } => {
                        for s in specifiers {
                            r.mark_exported(&s.local.name());
                        }
                    }
                    _ => {}
                }
            }
        }
        for item in &module.body {
            match item {
                ModuleItem::Import(_) => {}
                ModuleItem::Statement(s) => r.visit_statement(s),
                ModuleItem::Export(e) => match &**e {
                    ExportDeclaration::Variable(d) => r.visit_variable_declaration(d),
                    ExportDeclaration::Function(f) | ExportDeclaration::DefaultFunction(f) => {
                        r.function(f, false, None)
                    }
                    ExportDeclaration::Class(c) | ExportDeclaration::DefaultClass(c) => r.class(c),
                    ExportDeclaration::DefaultExpression { expression, .. } => {
                        r.visit_expression(expression)
                    }
                    other => r.visit_export(other),
                },
            }
        }
    }
    scope::allocate(&mut unit.tree);

    // The body.
    let root = unit.tree.funcs[0].scope;
    let mut c = FnCompiler::new(&mut unit, 0, 0);
    c.strict = true;
    c.kind = CodeKind::Module;
    c.is_async = module.has_top_level_await;
    c.scope = root;
    c.b.set_position(Span::new(module.span.start, module.span.start));
    c.enter_function_scope(root);
    if module.has_top_level_await {
        c.b.create_generator_object();
    }
    // Hoisted functions (instantiated by the runtime at link time).
    let mut functions = Vec::new();
    for item in &module.body {
        let (f, name): (&Function, &str) = match item {
            ModuleItem::Statement(Statement::Function(f)) => {
                (f, f.name.as_ref().map_or("", |n| &n.name))
            }
            ModuleItem::Export(e) => match &**e {
                ExportDeclaration::Function(f) => (f, f.name.as_ref().map_or("", |n| &n.name)),
                ExportDeclaration::DefaultFunction(f) => {
                    (f, f.name.as_ref().map_or("*default*", |n| &n.name))
                }
                _ => continue,
            },
            _ => continue,
        };
        let display = if name == "*default*" {
            Some(utf16("default"))
        } else {
            None
        };
        let index = c.function_constant(f, display);
        if let Some(i) = c.unit.tree.scopes[root].lookup(name) {
            if let Location::Context(slot) = c.unit.tree.scopes[root].bindings[i].location {
                functions.retain(|&(s, _)| s != slot);
                functions.push((slot, index.0));
            }
        }
    }
    let has_using = module.body.iter().any(|item| {
        matches!(item, ModuleItem::Statement(Statement::Variable(d)) if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing))
    });
    let has_await_using = module.body.iter().any(|item| {
        matches!(item, ModuleItem::Statement(Statement::Variable(d)) if d.kind == VariableKind::AwaitUsing)
    });
    if has_using {
        c.module_disposal_region(has_await_using, |c| c.module_items(&module.body));
    } else {
        c.module_items(&module.body);
    }
    c.b.lda_undefined();
    c.emit_return();

    // The record.
    let descriptor_scope = c.unit.tree.scopes[root].descriptor.clone();
    let slot_of = |c: &FnCompiler<'_, '_>, name: &str| -> Option<u32> {
        let i = c.unit.tree.scopes[root].lookup(name)?;
        match c.unit.tree.scopes[root].bindings[i].location {
            Location::Context(slot) => Some(slot),
            _ => None,
        }
    };
    let mut local_exports = Vec::new();
    let mut indirect_exports = Vec::new();
    let mut star_exports = Vec::new();
    for item in &module.body {
        let ModuleItem::Export(e) = item else {
            continue;
        };
        let mut local = |c: &FnCompiler<'_, '_>, export: crate::bytecode::JsString, name: &str| {
            if let Some(&(_, index)) = import_locals.iter().find(|(n, _)| &**n == name) {
                let entry = &imports[index as usize];
                if entry.import_name == ImportName::Namespace {
                    local_exports.push(LocalExport {
                        export_name: export,
                        local_name: name.into(),
                        binding: ExportBinding::Import(index),
                    });
                } else {
                    indirect_exports.push(IndirectExport {
                        export_name: export,
                        request: entry.request,
                        import_name: entry.import_name.clone(),
                    });
                }
            } else if let Some(slot) = slot_of(c, name) {
                local_exports.push(LocalExport {
                    export_name: export,
                    local_name: name.into(),
                    binding: ExportBinding::Slot(slot),
                });
            }
        };
        match &**e {
            ExportDeclaration::Variable(d) => {
                for declarator in &d.declarations {
                    let mut names = Vec::new();
                    declarator.target.bound_names(&mut names);
                    for name in names {
                        local(&c, utf16(&name.name), &name.name);
                    }
                }
            }
            ExportDeclaration::Function(f) => {
                if let Some(n) = &f.name {
                    local(&c, utf16(&n.name), &n.name);
                }
            }
            ExportDeclaration::Class(k) => {
                if let Some(n) = &k.name {
                    local(&c, utf16(&n.name), &n.name);
                }
            }
            ExportDeclaration::DefaultFunction(f) => {
                let n = f.name.as_ref().map_or("*default*", |n| &n.name);
                local(&c, utf16("default"), n);
            }
            ExportDeclaration::DefaultClass(k) => {
                let n = k.name.as_ref().map_or("*default*", |n| &n.name);
                local(&c, utf16("default"), n);
            }
            ExportDeclaration::DefaultExpression { .. } => local(&c, utf16("default"), "*default*"),
            ExportDeclaration::Named {
                specifiers,
                source: None,
                ..
            } => {
                for s in specifiers {
                    local(&c, export_name(&s.exported), &s.local.name());
                }
            }
            ExportDeclaration::Named {
                specifiers,
                source: Some(src),
                attributes,
                ..
            } => {
                let request = request_index(&mut requests, src, attributes);
                for s in specifiers {
                    indirect_exports.push(IndirectExport {
                        export_name: export_name(&s.exported),
                        request,
                        import_name: ImportName::Name(export_name(&s.local)),
                    });
                }
            }
            ExportDeclaration::All {
                exported,
                source: src,
                attributes,
                ..
            } => {
                let request = request_index(&mut requests, src, attributes);
                match exported {
                    Some(ns) => indirect_exports.push(IndirectExport {
                        export_name: export_name(ns),
                        request,
                        import_name: ImportName::Namespace,
                    }),
                    None => star_exports.push(request),
                }
            }
        }
    }
    let descriptor = ModuleDescriptor {
        requests: requests.into_boxed_slice(),
        imports: imports.into_boxed_slice(),
        local_exports: local_exports.into_boxed_slice(),
        indirect_exports: indirect_exports.into_boxed_slice(),
        star_exports: star_exports.into_boxed_slice(),
        scope: descriptor_scope,
        functions: functions.into_boxed_slice(),
        has_top_level_await: module.has_top_level_await,
    };
    let info = c.function_info(Box::default(), 0, module.span, true);
    let exe = c.finish(info, Some(Box::new(descriptor)));
    unit.finish(exe)
}

impl FnCompiler<'_, '_> {
    fn module_items(&mut self, items: &[ModuleItem]) {
        for item in items {
            match item {
                ModuleItem::Import(_) => {}
                ModuleItem::Statement(s) => self.statement(s),
                ModuleItem::Export(e) => {
                    self.b.set_position(match &**e {
                        ExportDeclaration::Variable(d) => d.span,
                        ExportDeclaration::Function(f) | ExportDeclaration::DefaultFunction(f) => {
                            f.span
                        }
                        ExportDeclaration::Class(c) | ExportDeclaration::DefaultClass(c) => c.span,
                        ExportDeclaration::DefaultExpression { span, .. }
                        | ExportDeclaration::Named { span, .. }
                        | ExportDeclaration::All { span, .. } => *span,
                    });
                    match &**e {
                        ExportDeclaration::Variable(d) => self.variable_declaration(d),
                        ExportDeclaration::Class(c) => {
                            self.class_expression(c, None);
                            if let Some(n) = &c.name {
                                self.bind_identifier(n, StoreMode::Init);
                            }
                        }
                        ExportDeclaration::DefaultClass(c) => {
                            let name = if c.name.is_none() {
                                Some(super::class::ClassName::Static(utf16("default")))
                            } else {
                                None
                            };
                            self.class_expression(c, name);
                            let n = c.name.as_ref().map_or("*default*", |n| &n.name);
                            self.store_name(n, u32::MAX, StoreMode::Init);
                        }
                        ExportDeclaration::DefaultExpression { expression, .. } => {
                            self.named_expression(expression, Some(utf16("default")));
                            self.store_name("*default*", u32::MAX, StoreMode::Init);
                        }
                        _ => {}
                    }
                }
            }
        }
    }

    fn module_disposal_region(&mut self, is_async: bool, body: impl FnOnce(&mut Self)) {
        self.disposal_region(is_async, body);
    }
}

//! Scope analysis: the first pass over a whole compilation unit. It builds the scope tree
//! (script/module/eval root, functions and their parameter/body scopes, blocks, loop heads,
//! `catch`, `switch`, `with`, classes and their synthetic initialiser functions), declares
//! every binding with its hoisting rules (var, lexical, functions, Annex B block functions,
//! parameters, `arguments`, and the pseudo-bindings `this`, `new.target`, `%home`,
//! `%function`), resolves every identifier reference to mark bindings that are *captured*
//! (used from another function, visible to a direct `eval`, or reached through a `with` /
//! sloppy-eval scope) or need TDZ checks, and finally allocates each binding to a register,
//! a context slot, the global environment, a dynamic (by-name) lookup or a module import.
//! Code generation walks the tree again and looks scopes up by AST node.

use std::collections::{HashMap, HashSet};

use heap::sync::Arc;

use crate::ast::visit::{self, Visitor};
use crate::ast::*;
use crate::bytecode::{
    BindingKind, CodeKind, EvalContextInfo, Reg, ScopeDescriptor, ScopeKind, ScopeSlot,
};

/// Index of a scope in [`ScopeTree::scopes`].
pub(crate) type ScopeId = usize;
/// Index of a function in [`ScopeTree::funcs`].
pub(crate) type FuncId = usize;

/// Node-kind tags for [`node_key`].
pub(crate) mod tag {
    pub const FUNCTION: u8 = 0;
    pub const BLOCK: u8 = 1;
    pub const FOR: u8 = 2;
    pub const FOR_IN: u8 = 3;
    pub const FOR_OF: u8 = 4;
    pub const SWITCH: u8 = 5;
    pub const CATCH: u8 = 6;
    pub const WITH: u8 = 7;
    pub const CLASS: u8 = 8;
    pub const INSTANCE_INIT: u8 = 9;
    pub const STATIC_INIT: u8 = 10;
    pub const STATIC_BLOCK: u8 = 11;
    pub const IMPLICIT_BLOCK: u8 = 12;
    pub const DEFAULT_CTOR: u8 = 13;
}

/// Identity of an AST node: its address and a tag (two node kinds may share an address).
pub(crate) type NodeKey = (usize, u8);

/// The key of `node` under `tag`.
pub(crate) fn node_key<T>(node: &T, tag: u8) -> NodeKey {
    (node as *const T as usize, tag)
}

/// What a scope is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeType {
    /// Global code: its declarations live in the global environment.
    Script,
    /// A module environment.
    Module,
    /// The top level of eval code.
    Eval,
    /// A function's parameters (and vars/lexicals without parameter expressions).
    Function,
    /// A function body separate from its parameter scope.
    FunctionBody,
    /// A block, loop head, `catch`, `switch`, static block.
    Block,
    /// A class scope.
    Class,
    /// A `with` object scope.
    With,
    /// A scope of the eval caller's chain (already allocated).
    External,
}

/// Where a binding lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    /// A register assigned when code generation enters the scope.
    Unallocated,
    /// A fixed register (parameters, `this`).
    Register(Reg),
    /// A slot of the scope's context.
    Context(u32),
    /// The global environment (script top level).
    Global,
    /// Found by name at run time (sloppy eval vars).
    Dynamic,
    /// A module import entry.
    Import(u32),
    /// Produced by an instruction (`new.target`, `%home`, `%function`, own function name).
    Special(Special),
}

/// Values read with a dedicated instruction when not captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Special {
    NewTarget,
    HomeObject,
    ActiveFunction,
}

/// One binding.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    pub name: Box<str>,
    pub kind: BindingKind,
    /// Starts uninitialised (TDZ).
    pub tdz: bool,
    /// References in the same function at or after this offset see it initialised.
    pub init_end: u32,
    /// Referenced from another function, by name, or visible to eval.
    pub captured: bool,
    /// Some reference needs a TDZ check.
    pub needs_tdz: bool,
    /// Where it lives.
    pub location: Location,
    /// The register assigned during code generation (`Location::Unallocated`).
    pub register: Option<Reg>,
    /// A module binding that is exported (must live in the module context).
    pub exported: bool,
}

/// One scope.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub ty: ScopeType,
    pub parent: Option<ScopeId>,
    pub func: FuncId,
    pub bindings: Vec<Binding>,
    pub names: HashMap<Box<str>, usize>,
    pub is_var_scope: bool,
    /// A sloppy var scope whose function directly contains a direct eval.
    pub sloppy_eval: bool,
    /// Some direct eval can see this scope's bindings.
    pub eval_visible: bool,
    /// A `switch` case block (TDZ checks everywhere).
    pub is_switch: bool,
    /// The scope has a runtime context.
    pub has_context: bool,
    /// Its layout (when it has a context).
    pub descriptor: Option<Arc<ScopeDescriptor>>,
    /// For external scopes: the descriptor they came from.
    pub external: Option<Arc<ScopeDescriptor>>,
    /// Function scopes of arrows.
    pub is_arrow: bool,
}

impl Scope {
    /// True if a sloppy direct eval reaching this scope declares its vars here: a var scope,
    /// or a function's parameter scope (reached without passing the function's body scope
    /// only while the parameters are initialised; see `dynamic_scope::var_scope_context`).
    pub(crate) fn takes_eval_vars(&self) -> bool {
        self.is_var_scope
            || self.ty == ScopeType::Function
            || self
                .external
                .as_ref()
                .is_some_and(|d| d.kind == ScopeKind::Function)
    }

    /// True if names resolved past this scope must be looked up at run time: a `with`
    /// object, or a scope whose eval-declared vars may shadow outer bindings.
    pub(crate) fn makes_outer_names_dynamic(&self) -> bool {
        self.ty == ScopeType::With || (self.sloppy_eval && self.takes_eval_vars())
    }
}

impl Scope {
    pub(crate) fn lookup(&self, name: &str) -> Option<usize> {
        self.names.get(name).copied()
    }
}

/// Per-function facts.
#[derive(Debug, Clone)]
pub(crate) struct FuncData {
    pub kind: CodeKind,
    pub scope: ScopeId,
    pub body_scope: ScopeId,
    pub strict: bool,
    pub is_async: bool,
    pub is_generator: bool,
    /// Index of the `arguments` binding in `scope`.
    pub arguments: Option<usize>,
    pub mapped_arguments: bool,
    pub sloppy_eval: bool,
    /// For class constructors: the class has instance fields or private methods.
    pub class_has_instance_elements: bool,
    /// The function uses `super.x` (directly or in nested arrows).
    pub uses_home: bool,
}

/// The analysed scope tree of a compilation unit.
#[derive(Debug, Default)]
pub(crate) struct ScopeTree {
    pub scopes: Vec<Scope>,
    pub funcs: Vec<FuncData>,
    pub scope_of: HashMap<NodeKey, ScopeId>,
    pub func_of: HashMap<NodeKey, FuncId>,
    /// Block-level function declarations (addresses) that get Annex B var bindings.
    pub annex_b: HashSet<usize>,
    /// The root is a module / eval / script.
    pub root_type: Option<ScopeType>,
}

impl ScopeTree {
    pub(crate) fn scope_for<T>(&self, node: &T, tag: u8) -> Option<ScopeId> {
        self.scope_of.get(&node_key(node, tag)).copied()
    }

    pub(crate) fn func_for<T>(&self, node: &T, tag: u8) -> FuncId {
        self.func_of[&node_key(node, tag)]
    }

    fn new_scope(&mut self, ty: ScopeType, parent: Option<ScopeId>, func: FuncId) -> ScopeId {
        self.scopes.push(Scope {
            ty,
            parent,
            func,
            bindings: Vec::new(),
            names: HashMap::new(),
            is_var_scope: false,
            sloppy_eval: false,
            eval_visible: false,
            is_switch: false,
            has_context: false,
            descriptor: None,
            external: None,
            is_arrow: false,
        });
        self.scopes.len() - 1
    }

    /// Declares `name` in `scope` unless it is already declared there; returns its index.
    pub(crate) fn declare(
        &mut self,
        scope: ScopeId,
        name: &str,
        kind: BindingKind,
        tdz: bool,
        init_end: u32,
    ) -> usize {
        let s = &mut self.scopes[scope];
        if let Some(&index) = s.names.get(name) {
            let b = &mut s.bindings[index];
            // A function declaration wins over a var of the same name.
            if kind == BindingKind::Function && b.kind == BindingKind::Var {
                b.kind = BindingKind::Function;
            }
            return index;
        }
        s.bindings.push(Binding {
            name: name.into(),
            kind,
            tdz,
            init_end,
            captured: false,
            needs_tdz: false,
            location: Location::Unallocated,
            register: None,
            exported: false,
        });
        s.names.insert(name.into(), s.bindings.len() - 1);
        s.bindings.len() - 1
    }
}

// ----------------------------------------------------------------------------------------
// Declaration collection (hoisting)
// ----------------------------------------------------------------------------------------

/// A lexical declaration of a statement list.
pub(crate) struct LexDecl<'a> {
    pub name: &'a Identifier,
    pub kind: BindingKind,
    pub init_end: u32,
    /// The function of a block-level function declaration.
    pub function: Option<&'a Function>,
}

/// Unwraps labels around a statement.
pub(crate) fn unlabel(statement: &Statement) -> &Statement {
    let mut s = statement;
    while let Statement::Labeled(l) = s {
        s = &l.body;
    }
    s
}

fn variable_kind_binding(kind: VariableKind) -> BindingKind {
    match kind {
        VariableKind::Var => BindingKind::Var,
        VariableKind::Let => BindingKind::Let,
        VariableKind::Const | VariableKind::Using | VariableKind::AwaitUsing => BindingKind::Const,
    }
}

/// LexicallyScopedDeclarations of a statement list. With `functions_are_var` (function and
/// script top level), function declarations are left to the var scope.
pub(crate) fn lexical_declarations<'a>(
    statements: &'a [Statement],
    functions_are_var: bool,
) -> Vec<LexDecl<'a>> {
    let mut out = Vec::new();
    for statement in statements {
        match unlabel(statement) {
            Statement::Variable(d) if d.kind != VariableKind::Var => {
                let kind = variable_kind_binding(d.kind);
                for declarator in &d.declarations {
                    let mut names = Vec::new();
                    declarator.target.bound_names(&mut names);
                    for name in names {
                        out.push(LexDecl {
                            name,
                            kind,
                            init_end: declarator.span.end,
                            function: None,
                        });
                    }
                }
            }
            Statement::Class(c) => {
                if let Some(name) = &c.name {
                    out.push(LexDecl {
                        name,
                        // A class declaration's binding is mutable like `let`; only the
                        // class's inner name (`BindingKind::Class`) is immutable.
                        kind: BindingKind::Let,
                        init_end: c.span.end,
                        function: None,
                    });
                }
            }
            Statement::Function(f) if !functions_are_var => {
                if let Some(name) = &f.name {
                    out.push(LexDecl {
                        name,
                        kind: BindingKind::Function,
                        init_end: 0,
                        function: Some(f),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// What a var scope declares.
#[derive(Default)]
pub(crate) struct VarScopeDecls<'a> {
    /// VarDeclaredNames (with the offset of the declaration).
    pub vars: Vec<(&'a Identifier, u32)>,
    /// Top-level function declarations in order.
    pub functions: Vec<&'a Function>,
    /// Block-level functions that get Annex B var bindings.
    pub annex_b: Vec<&'a Function>,
}

struct VarCollector<'a, 'b> {
    out: &'b mut VarScopeDecls<'a>,
    /// Lexical names of enclosing blocks (Annex B conflict check).
    lex_stack: Vec<Vec<&'a str>>,
    /// Names that exclude Annex B hoisting (parameters).
    excluded: &'b HashSet<&'a str>,
    annex_b_enabled: bool,
}

impl<'a> VarCollector<'a, '_> {
    fn declaration(&mut self, d: &'a VariableDeclaration) {
        if d.kind == VariableKind::Var {
            for declarator in &d.declarations {
                let mut names = Vec::new();
                declarator.target.bound_names(&mut names);
                for name in names {
                    self.out.vars.push((name, declarator.span.start));
                }
            }
        }
    }

    fn block(&mut self, statements: &'a [Statement], extra_lexical: Vec<&'a str>) {
        let mut names = extra_lexical;
        for decl in lexical_declarations(statements, false) {
            if decl.function.is_none() {
                names.push(&decl.name.name);
            }
        }
        self.lex_stack.push(names);
        let own_functions: Vec<&'a Function> = statements
            .iter()
            .filter_map(|s| match unlabel(s) {
                Statement::Function(f) => Some(&**f),
                _ => None,
            })
            .collect();
        for f in &own_functions {
            self.block_function(f);
        }
        // Function names of this block conflict with functions of nested blocks.
        if let Some(top) = self.lex_stack.last_mut() {
            for f in &own_functions {
                if let Some(name) = &f.name {
                    top.push(&name.name);
                }
            }
        }
        for s in statements {
            self.statement(s, false);
        }
        self.lex_stack.pop();
    }

    fn block_function(&mut self, f: &'a Function) {
        if !self.annex_b_enabled || f.is_async || f.is_generator {
            return;
        }
        let Some(name) = &f.name else { return };
        if self.excluded.contains(&*name.name) {
            return;
        }
        // Any lexical declaration of the name between the function and its var scope
        // (including the function's own block, whose function names are not listed yet)
        // would conflict with `var name`.
        if self
            .lex_stack
            .iter()
            .any(|names| names.contains(&&*name.name))
        {
            return;
        }
        self.out.annex_b.push(f);
    }

    fn statement(&mut self, statement: &'a Statement, top_level: bool) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.statement_inner(statement, top_level)
        })
    }

    fn statement_inner(&mut self, statement: &'a Statement, top_level: bool) {
        match statement {
            Statement::Variable(d) => self.declaration(d),
            Statement::Function(f) if top_level => self.out.functions.push(f),
            Statement::Labeled(l) => self.statement(&l.body, top_level),
            Statement::Block(b) => self.block(&b.body, Vec::new()),
            Statement::If(s) => {
                self.sub_statement(&s.consequent);
                if let Some(a) = &s.alternate {
                    self.sub_statement(a);
                }
            }
            Statement::DoWhile(s) => self.sub_statement(&s.body),
            Statement::While(s) => self.sub_statement(&s.body),
            Statement::For(s) => {
                let mut lexical = Vec::new();
                if let Some(ForInit::Declaration(d)) = &s.init {
                    if d.kind == VariableKind::Var {
                        self.declaration(d);
                    } else {
                        for declarator in &d.declarations {
                            let mut names = Vec::new();
                            declarator.target.bound_names(&mut names);
                            lexical.extend(names.into_iter().map(|n| &*n.name));
                        }
                    }
                }
                self.lex_stack.push(lexical);
                self.sub_statement(&s.body);
                self.lex_stack.pop();
            }
            Statement::ForIn(s) => self.for_in_of(&s.left, &s.body),
            Statement::ForOf(s) => self.for_in_of(&s.left, &s.body),
            Statement::With(w) => self.sub_statement(&w.body),
            Statement::Switch(s) => {
                let mut names = Vec::new();
                let mut functions = Vec::new();
                for case in &s.cases {
                    for decl in lexical_declarations(&case.consequent, false) {
                        if decl.function.is_none() {
                            names.push(&*decl.name.name);
                        }
                    }
                    for st in &case.consequent {
                        if let Statement::Function(f) = unlabel(st) {
                            functions.push(&**f);
                        }
                    }
                }
                self.lex_stack.push(names);
                for f in &functions {
                    self.block_function(f);
                }
                if let Some(top) = self.lex_stack.last_mut() {
                    for f in &functions {
                        if let Some(name) = &f.name {
                            top.push(&name.name);
                        }
                    }
                }
                for case in &s.cases {
                    for st in &case.consequent {
                        self.statement(st, false);
                    }
                }
                self.lex_stack.pop();
            }
            Statement::Try(t) => {
                self.block(&t.block.body, Vec::new());
                if let Some(h) = &t.handler {
                    let mut extra = Vec::new();
                    if let Some(p @ (Pattern::Object(_) | Pattern::Array(_))) = &h.param {
                        let mut names = Vec::new();
                        p.bound_names(&mut names);
                        extra.extend(names.into_iter().map(|n| &*n.name));
                    }
                    self.block(&h.body.body, extra);
                }
                if let Some(f) = &t.finalizer {
                    self.block(&f.body, Vec::new());
                }
            }
            _ => {}
        }
    }

    /// The body of `if`/loops: a lone function declaration acts as if in its own block.
    fn sub_statement(&mut self, statement: &'a Statement) {
        if let Statement::Function(f) = statement {
            self.lex_stack.push(Vec::new());
            self.block_function(f);
            self.lex_stack.pop();
        } else {
            self.statement(statement, false);
        }
    }

    fn for_in_of(&mut self, left: &'a ForHead, body: &'a Statement) {
        let mut lexical = Vec::new();
        if let ForHead::Declaration(d) = left {
            if d.kind == VariableKind::Var {
                self.declaration(d);
            } else {
                for declarator in &d.declarations {
                    let mut names = Vec::new();
                    declarator.target.bound_names(&mut names);
                    lexical.extend(names.into_iter().map(|n| &*n.name));
                }
            }
        }
        self.lex_stack.push(lexical);
        self.sub_statement(body);
        self.lex_stack.pop();
    }
}

/// Collects the var-scoped declarations of a function, script, eval or static block body.
/// `top_lexical` are the top-level lexical names (Annex B conflicts), `excluded` the names
/// that never get Annex B bindings (parameters).
pub(crate) fn var_scope_declarations<'a>(
    statements: &'a [Statement],
    annex_b: bool,
    excluded: &HashSet<&'a str>,
) -> VarScopeDecls<'a> {
    let mut out = VarScopeDecls::default();
    let top: Vec<&'a str> = lexical_declarations(statements, true)
        .iter()
        .map(|d| &*d.name.name)
        .collect();
    let mut collector = VarCollector {
        out: &mut out,
        lex_stack: vec![top],
        excluded,
        annex_b_enabled: annex_b,
    };
    for s in statements {
        collector.statement(s, true);
    }
    out
}

// ----------------------------------------------------------------------------------------
// The resolver pass
// ----------------------------------------------------------------------------------------

/// Looks for a direct `eval(...)` call in the code of one function: it stops at nested
/// functions, but class heritage and computed keys belong to the enclosing function.
struct DirectEvalFinder(bool);

impl Visitor for DirectEvalFinder {
    fn visit_expression(&mut self, e: &Expression) {
        if self.0 {
            return;
        }
        if let Expression::Call(c) = e {
            if c.direct_eval {
                self.0 = true;
                return;
            }
        }
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            visit::walk_expression(self, e)
        })
    }
    fn visit_statement(&mut self, s: &Statement) {
        if !self.0 {
            stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
                visit::walk_statement(self, s)
            })
        }
    }
    fn visit_function(&mut self, _: &Function) {}
    fn visit_class(&mut self, c: &Class) {
        if let Some(h) = &c.super_class {
            self.visit_expression(h);
        }
        for e in &c.body {
            match e {
                ClassElement::Method(m) => self.visit_property_key(&m.key),
                ClassElement::Field(f) => self.visit_property_key(&f.key),
                ClassElement::StaticBlock(_) => {}
            }
        }
    }
}

/// True if `function`'s parameters or body (not nested functions) contain a direct eval call.
fn contains_direct_eval_in(function: &Function) -> bool {
    let mut finder = DirectEvalFinder(false);
    for p in &function.params.items {
        finder.visit_binding_pattern(&p.target);
        if let Some(d) = &p.default {
            finder.visit_expression(d);
        }
    }
    if let Some(r) = &function.params.rest {
        finder.visit_binding_pattern(r);
    }
    for s in &function.body.statements {
        finder.visit_statement(s);
    }
    finder.0
}

/// True if `statements` (not nested functions) contain a direct eval call.
fn statements_contain_direct_eval(statements: &[Statement]) -> bool {
    let mut finder = DirectEvalFinder(false);
    for s in statements {
        finder.visit_statement(s);
    }
    finder.0
}

/// The names a function's parameter list binds.
fn param_names(function: &Function) -> Vec<&Identifier> {
    function.params.bound_names()
}

/// True if the parameter list has defaults or patterns with expressions (ContainsExpression),
/// or any non-simple element whose evaluation the spec treats as expression-bearing.
pub(crate) fn has_parameter_expressions(function: &Function) -> bool {
    fn pattern_has_expr(p: &Pattern) -> bool {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            pattern_inner(p)
        })
    }
    fn pattern_inner(p: &Pattern) -> bool {
        match p {
            Pattern::Identifier(_) => false,
            Pattern::Expression(_) => true,
            Pattern::Object(o) => {
                o.properties.iter().any(|prop| {
                    matches!(prop.key, PropertyKey::Computed(_))
                        || prop.value.default.is_some()
                        || pattern_has_expr(&prop.value.target)
                }) || o.rest.as_ref().is_some_and(pattern_has_expr)
            }
            Pattern::Array(a) => {
                a.elements
                    .iter()
                    .flatten()
                    .any(|e| e.default.is_some() || pattern_has_expr(&e.target))
                    || a.rest.as_ref().is_some_and(pattern_has_expr)
            }
        }
    }
    function
        .params
        .items
        .iter()
        .any(|p| p.default.is_some() || pattern_has_expr(&p.target))
        || function.params.rest.as_ref().is_some_and(pattern_has_expr)
}

/// What kind of root is being compiled.
#[derive(Debug, Clone)]
pub(crate) enum RootKind<'a> {
    Script,
    Module,
    Eval(&'a EvalContextInfo),
    /// The `Function` constructor: the function is compiled with the global scope as parent.
    DynamicFunction,
}

/// The resolver: a visitor that builds the tree.
pub(crate) struct Resolver<'t> {
    pub tree: &'t mut ScopeTree,
    scope: ScopeId,
    func: FuncId,
    strict: bool,
}

impl<'t> Resolver<'t> {
    /// Creates the root scope (and for eval, the caller's external scopes).
    pub(crate) fn new(tree: &'t mut ScopeTree, root: &RootKind<'_>, strict: bool) -> Resolver<'t> {
        tree.funcs.push(FuncData {
            kind: match root {
                RootKind::Script | RootKind::DynamicFunction => CodeKind::Script,
                RootKind::Module => CodeKind::Module,
                RootKind::Eval(_) => CodeKind::Eval,
            },
            scope: 0,
            body_scope: 0,
            strict,
            is_async: false,
            is_generator: false,
            arguments: None,
            mapped_arguments: false,
            sloppy_eval: false,
            class_has_instance_elements: false,
            uses_home: false,
        });
        let mut parent = None;
        if let RootKind::Eval(info) = root {
            // External scopes, outermost first.
            for descriptor in info.scopes.iter().rev() {
                let ty = if descriptor.kind == ScopeKind::With {
                    ScopeType::With
                } else {
                    ScopeType::External
                };
                let id = tree.new_scope(ty, parent, usize::MAX);
                {
                    let s = &mut tree.scopes[id];
                    s.has_context = true;
                    s.sloppy_eval = descriptor.sloppy_eval;
                    s.is_var_scope = descriptor.is_var_scope;
                    s.is_arrow = descriptor.is_arrow;
                    s.external = Some(descriptor.clone());
                    s.descriptor = Some(descriptor.clone());
                }
                for (slot, info) in descriptor.slots.iter().enumerate() {
                    let tdz = info.kind.starts_in_tdz() || &*info.name == "this";
                    let index = tree.declare(id, &info.name, info.kind, tdz, u32::MAX);
                    let b = &mut tree.scopes[id].bindings[index];
                    b.location = Location::Context(slot as u32);
                    b.captured = true;
                    b.needs_tdz = tdz;
                }
                for (name, import) in descriptor.imports.iter() {
                    let index = tree.declare(id, name, BindingKind::Import, false, 0);
                    tree.scopes[id].bindings[index].location = Location::Import(*import);
                }
                parent = Some(id);
            }
        }
        let ty = match root {
            RootKind::Script | RootKind::DynamicFunction => ScopeType::Script,
            RootKind::Module => ScopeType::Module,
            RootKind::Eval(_) => ScopeType::Eval,
        };
        let scope = tree.new_scope(ty, parent, 0);
        tree.scopes[scope].is_var_scope = true;
        tree.funcs[0].scope = scope;
        tree.funcs[0].body_scope = scope;
        tree.root_type = Some(ty);
        Resolver {
            tree,
            scope,
            func: 0,
            strict,
        }
    }

    /// The root scope.
    pub(crate) fn root_scope(&self) -> ScopeId {
        self.scope
    }

    fn push_scope(&mut self, ty: ScopeType, key: NodeKey) -> ScopeId {
        let id = self.tree.new_scope(ty, Some(self.scope), self.func);
        self.tree.scope_of.insert(key, id);
        self.scope = id;
        id
    }

    fn pop_scope(&mut self, saved: ScopeId) {
        self.scope = saved;
    }

    fn declare_lexicals(&mut self, scope: ScopeId, decls: &[LexDecl<'_>]) {
        for d in decls {
            let tdz = d.function.is_none();
            self.tree
                .declare(scope, &d.name.name, d.kind, tdz, d.init_end);
        }
    }

    /// Declares the top-level declarations of a script (global), eval or module body.
    pub(crate) fn declare_root(&mut self, statements: &[Statement], module: bool) {
        let root = self.scope;
        let ty = self.tree.scopes[root].ty;
        let annex_b = !self.strict && !module;
        let excluded = HashSet::new();
        let decls = var_scope_declarations(statements, annex_b, &excluded);
        let lexicals = lexical_declarations(statements, !module);
        // Sloppy eval: vars and functions go to the caller's var scope (dynamic).
        let dynamic_vars = ty == ScopeType::Eval && !self.strict;
        for (name, _) in &decls.vars {
            let i = self
                .tree
                .declare(root, &name.name, BindingKind::Var, false, 0);
            if dynamic_vars {
                self.tree.scopes[root].bindings[i].location = Location::Dynamic;
            }
        }
        for f in &decls.functions {
            if let Some(name) = &f.name {
                let i = self
                    .tree
                    .declare(root, &name.name, BindingKind::Function, false, 0);
                if dynamic_vars {
                    self.tree.scopes[root].bindings[i].location = Location::Dynamic;
                }
            }
        }
        for f in &decls.annex_b {
            self.tree.annex_b.insert(*f as *const Function as usize);
            if let Some(name) = &f.name {
                if self.tree.scopes[root].lookup(&name.name).is_none() {
                    let i = self
                        .tree
                        .declare(root, &name.name, BindingKind::Var, false, 0);
                    if dynamic_vars {
                        self.tree.scopes[root].bindings[i].location = Location::Dynamic;
                    }
                }
            }
        }
        self.declare_lexicals(root, &lexicals);
        if ty == ScopeType::Eval && !self.strict {
            self.tree.scopes[root].is_var_scope = false;
        }
        if ty == ScopeType::Eval && !self.strict && statements_contain_direct_eval(statements) {
            // Vars of nested evals land in the caller's var scope: references that cross the
            // eval's own scope must be dynamic.
            self.tree.scopes[root].sloppy_eval = true;
        }
    }

    /// Declares a module's imports.
    pub(crate) fn declare_import(&mut self, name: &Identifier, index: u32) {
        let root = self.scope;
        let i = self
            .tree
            .declare(root, &name.name, BindingKind::Import, false, 0);
        self.tree.scopes[root].bindings[i].location = Location::Import(index);
    }

    /// Declares `*default*` (module default export of an expression or anonymous decl).
    pub(crate) fn declare_module_default(&mut self, tdz: bool, init_end: u32) {
        let root = self.scope;
        let i = self
            .tree
            .declare(root, "*default*", BindingKind::Const, tdz, init_end);
        self.tree.scopes[root].bindings[i].exported = true;
    }

    /// Marks a module binding exported.
    pub(crate) fn mark_exported(&mut self, name: &str) {
        let root = self.scope;
        if let Some(i) = self.tree.scopes[root].lookup(name) {
            self.tree.scopes[root].bindings[i].exported = true;
        }
    }

    /// Resolves a reference to `name` at offset `pos` from the current scope.
    fn reference(&mut self, name: &str, pos: u32) {
        let mut dynamic = false;
        let mut s = self.scope;
        loop {
            let scope = &self.tree.scopes[s];
            if let Some(i) = scope.lookup(name) {
                let other_function = scope.func != self.func;
                let is_switch = scope.is_switch;
                let b = &mut self.tree.scopes[s].bindings[i];
                if other_function || dynamic {
                    b.captured = true;
                }
                if b.tdz && (other_function || dynamic || is_switch || pos < b.init_end) {
                    b.needs_tdz = true;
                }
                return;
            }
            if scope.makes_outer_names_dynamic() {
                dynamic = true;
            }
            match scope.parent {
                Some(p) => s = p,
                None => return,
            }
        }
    }

    /// A direct eval at the current position sees every enclosing scope.
    fn direct_eval(&mut self) {
        let mut s = Some(self.scope);
        while let Some(id) = s {
            self.tree.scopes[id].eval_visible = true;
            s = self.tree.scopes[id].parent;
        }
    }

    /// Visits a function (declaration, expression, arrow, method, accessor, constructor).
    /// Declares the pseudo-bindings a non-arrow function provides to its body and nested
    /// arrows: `this` (in register `this`; in its TDZ for derived constructors), `new.target`,
    /// the home object and the active function.
    fn declare_pseudo_bindings(&mut self, scope: usize, kind: CodeKind) {
        let derived = kind == CodeKind::DerivedConstructor;
        let i = self
            .tree
            .declare(scope, "this", BindingKind::Internal, derived, u32::MAX);
        self.tree.scopes[scope].bindings[i].location = Location::Register(Reg::THIS);
        for (name, special) in [
            ("new.target", Special::NewTarget),
            ("%home", Special::HomeObject),
            ("%function", Special::ActiveFunction),
        ] {
            let i = self
                .tree
                .declare(scope, name, BindingKind::Internal, false, 0);
            self.tree.scopes[scope].bindings[i].location = Location::Special(special);
        }
    }

    pub(crate) fn function(&mut self, f: &Function, is_expression: bool, class_info: Option<bool>) {
        let saved_scope = self.scope;
        let saved_func = self.func;
        let saved_strict = self.strict;
        let strict = f.flags.strict;
        let is_arrow = f.kind == FunctionKind::Arrow;
        let kind = match f.kind {
            FunctionKind::Normal => CodeKind::Normal,
            FunctionKind::Arrow => CodeKind::Arrow,
            FunctionKind::Method => CodeKind::Method,
            FunctionKind::Getter => CodeKind::Getter,
            FunctionKind::Setter => CodeKind::Setter,
            FunctionKind::BaseConstructor => CodeKind::ClassConstructor,
            FunctionKind::DerivedConstructor => CodeKind::DerivedConstructor,
        };
        let has_param_expressions = has_parameter_expressions(f);
        let func = self.tree.funcs.len();
        self.tree.funcs.push(FuncData {
            kind,
            scope: 0,
            body_scope: 0,
            strict,
            is_async: f.is_async,
            is_generator: f.is_generator,
            arguments: None,
            mapped_arguments: false,
            sloppy_eval: false,
            class_has_instance_elements: class_info.unwrap_or(false),
            uses_home: f.flags.uses_super_property,
        });
        self.tree.func_of.insert(node_key(f, tag::FUNCTION), func);
        self.func = func;
        self.strict = strict;
        let params = self
            .tree
            .new_scope(ScopeType::Function, Some(saved_scope), func);
        self.tree
            .scope_of
            .insert(node_key(f, tag::FUNCTION), params);
        self.tree.scopes[params].is_arrow = is_arrow;
        self.tree.scopes[params].is_var_scope = !has_param_expressions;
        let sloppy_eval = !strict && f.flags.uses_eval && contains_direct_eval_in(f);
        self.tree.funcs[func].sloppy_eval = sloppy_eval;
        self.scope = params;

        // Parameters.
        let names = param_names(f);
        let simple = f.flags.simple_parameters;
        for (index, item) in f.params.items.iter().enumerate() {
            let mut bound = Vec::new();
            item.target.bound_names(&mut bound);
            for name in bound {
                let i = self.tree.declare(
                    params,
                    &name.name,
                    BindingKind::Parameter,
                    has_param_expressions,
                    item.span.end,
                );
                let b = &mut self.tree.scopes[params].bindings[i];
                if simple {
                    // The last parameter of a name wins (sloppy duplicates).
                    b.location = Location::Register(Reg::param(index as u32));
                }
            }
        }
        if let Some(rest) = &f.params.rest {
            let mut bound = Vec::new();
            rest.bound_names(&mut bound);
            for name in bound {
                self.tree.declare(
                    params,
                    &name.name,
                    BindingKind::Parameter,
                    has_param_expressions,
                    rest.span().end,
                );
            }
        }

        // Pseudo-bindings of non-arrow functions.
        if !is_arrow {
            self.declare_pseudo_bindings(params, kind);
        }

        // Body declarations.
        let body = if has_param_expressions {
            let b = self
                .tree
                .new_scope(ScopeType::FunctionBody, Some(params), func);
            self.tree.scopes[b].is_var_scope = true;
            self.tree.scope_of.insert(node_key(f, tag::BLOCK), b);
            b
        } else {
            params
        };
        self.tree.scopes[body].sloppy_eval = sloppy_eval;
        if has_param_expressions {
            self.tree.scopes[params].sloppy_eval = sloppy_eval;
        }
        self.tree.funcs[func].scope = params;
        self.tree.funcs[func].body_scope = body;
        let excluded: HashSet<&str> = names.iter().map(|n| &*n.name).collect();
        let decls = var_scope_declarations(&f.body.statements, !strict, &excluded);
        let lexicals = lexical_declarations(&f.body.statements, true);
        let lexical_names: HashSet<&str> = lexicals.iter().map(|d| &*d.name.name).collect();
        let function_names: HashSet<&str> = decls
            .functions
            .iter()
            .filter_map(|f| f.name.as_ref().map(|n| &*n.name))
            .collect();

        // `arguments`.
        if !is_arrow
            && (f.flags.uses_arguments || f.flags.uses_eval)
            && !excluded.contains("arguments")
            && (has_param_expressions
                || (!function_names.contains("arguments") && !lexical_names.contains("arguments")))
        {
            let i = self
                .tree
                .declare(params, "arguments", BindingKind::Arguments, false, 0);
            self.tree.funcs[func].arguments = Some(i);
            if !strict && simple {
                self.tree.funcs[func].mapped_arguments = true;
                for name in &names {
                    if let Some(j) = self.tree.scopes[params].lookup(&name.name) {
                        self.tree.scopes[params].bindings[j].captured = true;
                    }
                }
            }
        }

        for (name, _) in &decls.vars {
            if body == params && self.tree.scopes[params].lookup(&name.name).is_some() {
                continue;
            }
            self.tree
                .declare(body, &name.name, BindingKind::Var, false, 0);
        }
        for g in &decls.functions {
            if let Some(name) = &g.name {
                self.tree
                    .declare(body, &name.name, BindingKind::Function, false, 0);
            }
        }
        for g in &decls.annex_b {
            self.tree.annex_b.insert(*g as *const Function as usize);
            if let Some(name) = &g.name {
                if self.tree.scopes[body].lookup(&name.name).is_none()
                    && self.tree.scopes[params].lookup(&name.name).is_none()
                {
                    self.tree
                        .declare(body, &name.name, BindingKind::Var, false, 0);
                }
            }
        }
        self.declare_lexicals(body, &lexicals);
        // A named function expression's own name, unless shadowed.
        if is_expression && !is_arrow {
            if let Some(name) = &f.name {
                if self.tree.scopes[params].lookup(&name.name).is_none()
                    && self.tree.scopes[body].lookup(&name.name).is_none()
                {
                    let i =
                        self.tree
                            .declare(params, &name.name, BindingKind::FunctionName, false, 0);
                    self.tree.scopes[params].bindings[i].location =
                        Location::Special(Special::ActiveFunction);
                }
            }
        }

        // Walk parameters then body.
        for item in &f.params.items {
            self.visit_binding_pattern(&item.target);
            if let Some(d) = &item.default {
                self.visit_expression(d);
            }
        }
        if let Some(rest) = &f.params.rest {
            self.visit_binding_pattern(rest);
        }
        self.scope = body;
        self.statements(&f.body.statements);

        self.scope = saved_scope;
        self.func = saved_func;
        self.strict = saved_strict;
    }

    /// Visits statements of the current scope.
    pub(crate) fn statements(&mut self, statements: &[Statement]) {
        for s in statements {
            self.visit_statement(s);
        }
    }

    fn block(&mut self, key: NodeKey, statements: &[Statement]) {
        let saved = self.scope;
        let scope = self.push_scope(ScopeType::Block, key);
        let decls = lexical_declarations(statements, false);
        self.declare_lexicals(scope, &decls);
        self.statements(statements);
        self.pop_scope(saved);
    }

    /// A statement in a sub-statement position: a lone function declaration gets a block.
    fn sub_statement(&mut self, s: &Statement) {
        if let Statement::Function(f) = s {
            let saved = self.scope;
            let scope = self.push_scope(ScopeType::Block, node_key(&**f, tag::IMPLICIT_BLOCK));
            if let Some(name) = &f.name {
                self.tree
                    .declare(scope, &name.name, BindingKind::Function, false, 0);
            }
            self.function(f, false, None);
            self.pop_scope(saved);
        } else {
            self.visit_statement(s);
        }
    }

    fn declaration_scope_for_head<T>(
        &mut self,
        node: &T,
        t: u8,
        d: &VariableDeclaration,
        body_start: u32,
    ) -> ScopeId {
        let scope = self.push_scope(ScopeType::Block, node_key(node, t));
        let kind = variable_kind_binding(d.kind);
        for declarator in &d.declarations {
            let mut names = Vec::new();
            declarator.target.bound_names(&mut names);
            for name in names {
                let init_end = if t == tag::FOR {
                    declarator.span.end
                } else {
                    body_start
                };
                self.tree.declare(scope, &name.name, kind, true, init_end);
            }
        }
        scope
    }

    /// Visits a class.
    pub(crate) fn class(&mut self, c: &Class) {
        let saved = self.scope;
        let saved_strict = self.strict;
        self.strict = true;
        let scope = self.push_scope(ScopeType::Class, node_key(c, tag::CLASS));
        if let Some(name) = &c.name {
            self.tree
                .declare(scope, &name.name, BindingKind::Class, true, c.span.end);
        }
        let mut has_instance_elements = false;
        let mut has_static_elements = false;
        for (index, element) in c.body.iter().enumerate() {
            match element {
                ClassElement::Method(m) => {
                    if let PropertyKey::Private(p) = &m.key {
                        let i = self.tree.declare(
                            scope,
                            &format!("#{}", p.name),
                            BindingKind::PrivateName,
                            false,
                            0,
                        );
                        self.tree.scopes[scope].bindings[i].captured = true;
                        if !m.is_static {
                            has_instance_elements = true;
                            let i = self.tree.declare(
                                scope,
                                &format!("%method{index}"),
                                BindingKind::Internal,
                                false,
                                0,
                            );
                            self.tree.scopes[scope].bindings[i].captured = true;
                        }
                    }
                }
                ClassElement::Field(f) => {
                    if f.is_static {
                        has_static_elements = true;
                    } else {
                        has_instance_elements = true;
                    }
                    match &f.key {
                        PropertyKey::Private(p) => {
                            let i = self.tree.declare(
                                scope,
                                &format!("#{}", p.name),
                                BindingKind::PrivateName,
                                false,
                                0,
                            );
                            self.tree.scopes[scope].bindings[i].captured = true;
                        }
                        PropertyKey::Computed(_) => {
                            let i = self.tree.declare(
                                scope,
                                &format!("%key{index}"),
                                BindingKind::Internal,
                                false,
                                0,
                            );
                            self.tree.scopes[scope].bindings[i].captured = true;
                        }
                        _ => {}
                    }
                }
                ClassElement::StaticBlock(_) => has_static_elements = true,
            }
        }
        if let Some(heritage) = &c.super_class {
            self.visit_expression(heritage);
        }
        for element in &c.body {
            match element {
                ClassElement::Method(m) => {
                    self.visit_property_key(&m.key);
                    let info = (m.kind == MethodKind::Constructor).then_some(has_instance_elements);
                    self.function(&m.function, false, info);
                }
                ClassElement::Field(f) => self.visit_property_key(&f.key),
                ClassElement::StaticBlock(_) => {}
            }
        }
        if c.constructor().is_none() {
            let kind = if c.super_class.is_some() {
                CodeKind::DerivedConstructor
            } else {
                CodeKind::ClassConstructor
            };
            self.synthetic_function(c, tag::DEFAULT_CTOR, kind, has_instance_elements, |_| {});
        }
        if has_instance_elements {
            self.synthetic_function(
                c,
                tag::INSTANCE_INIT,
                CodeKind::InstanceInitializer,
                false,
                |r| {
                    for element in &c.body {
                        if let ClassElement::Field(f) = element {
                            if !f.is_static {
                                if let Some(v) = &f.value {
                                    r.visit_expression(v);
                                }
                            }
                        }
                    }
                },
            );
        }
        if has_static_elements {
            self.synthetic_function(
                c,
                tag::STATIC_INIT,
                CodeKind::StaticInitializer,
                false,
                |r| {
                    for element in &c.body {
                        match element {
                            ClassElement::Field(f) if f.is_static => {
                                if let Some(v) = &f.value {
                                    r.visit_expression(v);
                                }
                            }
                            ClassElement::StaticBlock(b) => r.static_block(b),
                            _ => {}
                        }
                    }
                },
            );
        }
        self.pop_scope(saved);
        self.strict = saved_strict;
    }

    fn synthetic_function(
        &mut self,
        c: &Class,
        t: u8,
        kind: CodeKind,
        class_has_instance_elements: bool,
        body: impl FnOnce(&mut Self),
    ) {
        let saved_scope = self.scope;
        let saved_func = self.func;
        let func = self.tree.funcs.len();
        let key = node_key(c, t);
        self.tree.funcs.push(FuncData {
            kind,
            scope: 0,
            body_scope: 0,
            strict: true,
            is_async: false,
            is_generator: false,
            arguments: None,
            mapped_arguments: false,
            sloppy_eval: false,
            class_has_instance_elements,
            uses_home: t != tag::DEFAULT_CTOR,
        });
        self.tree.func_of.insert(key, func);
        let scope = self
            .tree
            .new_scope(ScopeType::Function, Some(saved_scope), func);
        self.tree.scope_of.insert(key, scope);
        self.tree.scopes[scope].is_var_scope = true;
        self.tree.funcs[func].scope = scope;
        self.tree.funcs[func].body_scope = scope;
        self.declare_pseudo_bindings(scope, kind);
        self.scope = scope;
        self.func = func;
        body(self);
        self.scope = saved_scope;
        self.func = saved_func;
    }

    fn static_block(&mut self, b: &StaticBlock) {
        let saved = self.scope;
        let scope = self.push_scope(ScopeType::Block, node_key(b, tag::STATIC_BLOCK));
        self.tree.scopes[scope].is_var_scope = true;
        let excluded = HashSet::new();
        let decls = var_scope_declarations(&b.body.body, false, &excluded);
        for (name, _) in &decls.vars {
            self.tree
                .declare(scope, &name.name, BindingKind::Var, false, 0);
        }
        for g in &decls.functions {
            if let Some(name) = &g.name {
                self.tree
                    .declare(scope, &name.name, BindingKind::Function, false, 0);
            }
        }
        let lexicals = lexical_declarations(&b.body.body, true);
        self.declare_lexicals(scope, &lexicals);
        self.statements(&b.body.body);
        self.pop_scope(saved);
    }
}

impl Visitor for Resolver<'_> {
    fn visit_statement(&mut self, statement: &Statement) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.statement(statement)
        })
    }

    fn visit_expression(&mut self, expression: &Expression) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.expression(expression)
        })
    }

    fn visit_function(&mut self, function: &Function) {
        self.function(function, false, None)
    }

    fn visit_class(&mut self, class: &Class) {
        self.class(class)
    }

    fn visit_variable_declaration(&mut self, declaration: &VariableDeclaration) {
        for d in &declaration.declarations {
            if declaration.kind == VariableKind::Var {
                // `var x = v` is a PutValue through the scope chain.
                let mut names = Vec::new();
                d.target.bound_names(&mut names);
                for name in names {
                    self.reference(&name.name, name.span.start);
                }
            }
            self.visit_binding_pattern(&d.target);
            if let Some(init) = &d.init {
                self.visit_expression(init);
            }
        }
    }

    fn visit_identifier_reference(&mut self, identifier: &Identifier) {
        self.reference(&identifier.name, identifier.span.start);
    }

    fn visit_binding_pattern(&mut self, pattern: &Pattern) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            visit::walk_binding_pattern(self, pattern)
        })
    }

    fn visit_assignment_pattern(&mut self, pattern: &Pattern) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            visit::walk_assignment_pattern(self, pattern)
        })
    }
}

impl Resolver<'_> {
    fn statement(&mut self, statement: &Statement) {
        match statement {
            Statement::Block(b) => self.block(node_key(b, tag::BLOCK), &b.body),
            Statement::Function(f) => self.function(f, false, None),
            Statement::Class(c) => self.class(c),
            Statement::If(s) => {
                self.visit_expression(&s.test);
                self.sub_statement(&s.consequent);
                if let Some(a) = &s.alternate {
                    self.sub_statement(a);
                }
            }
            Statement::Labeled(l) => {
                if let Statement::Function(f) = &l.body {
                    self.function(f, false, None);
                } else {
                    self.visit_statement(&l.body);
                }
            }
            Statement::For(s) => {
                let saved = self.scope;
                if let Some(ForInit::Declaration(d)) = &s.init {
                    if d.kind != VariableKind::Var {
                        self.declaration_scope_for_head(&**s, tag::FOR, d, s.body.span().start);
                    }
                }
                match &s.init {
                    Some(ForInit::Declaration(d)) => self.visit_variable_declaration(d),
                    Some(ForInit::Expression(e)) => self.visit_expression(e),
                    None => {}
                }
                if let Some(t) = &s.test {
                    self.visit_expression(t);
                }
                if let Some(u) = &s.update {
                    self.visit_expression(u);
                }
                self.visit_statement(&s.body);
                self.pop_scope(saved);
            }
            Statement::ForIn(s) => self.for_in_of(&**s, tag::FOR_IN, &s.left, &s.right, &s.body),
            Statement::ForOf(s) => self.for_in_of(&**s, tag::FOR_OF, &s.left, &s.right, &s.body),
            Statement::While(s) => {
                self.visit_expression(&s.test);
                self.sub_statement(&s.body);
            }
            Statement::DoWhile(s) => {
                self.sub_statement(&s.body);
                self.visit_expression(&s.test);
            }
            Statement::Switch(s) => {
                self.visit_expression(&s.discriminant);
                let saved = self.scope;
                let scope = self.push_scope(ScopeType::Block, node_key(&**s, tag::SWITCH));
                self.tree.scopes[scope].is_switch = true;
                for case in &s.cases {
                    let decls = lexical_declarations(&case.consequent, false);
                    self.declare_lexicals(scope, &decls);
                }
                for case in &s.cases {
                    if let Some(t) = &case.test {
                        self.visit_expression(t);
                    }
                    self.statements(&case.consequent);
                }
                self.pop_scope(saved);
            }
            Statement::Try(t) => {
                self.block(node_key(&t.block, tag::BLOCK), &t.block.body);
                if let Some(h) = &t.handler {
                    let saved = self.scope;
                    let scope = self.push_scope(ScopeType::Block, node_key(h, tag::CATCH));
                    if let Some(p) = &h.param {
                        let mut names = Vec::new();
                        p.bound_names(&mut names);
                        for name in names {
                            self.tree.declare(
                                scope,
                                &name.name,
                                BindingKind::CatchParameter,
                                false,
                                0,
                            );
                        }
                        self.visit_binding_pattern(p);
                    }
                    let decls = lexical_declarations(&h.body.body, false);
                    self.declare_lexicals(scope, &decls);
                    self.statements(&h.body.body);
                    self.pop_scope(saved);
                }
                if let Some(f) = &t.finalizer {
                    self.block(node_key(f, tag::BLOCK), &f.body);
                }
            }
            Statement::With(w) => {
                self.visit_expression(&w.object);
                let saved = self.scope;
                let scope = self.push_scope(ScopeType::With, node_key(&**w, tag::WITH));
                self.tree.scopes[scope].has_context = true;
                self.sub_statement(&w.body);
                self.pop_scope(saved);
            }
            Statement::Variable(d) => self.visit_variable_declaration(d),
            _ => visit::walk_statement(self, statement),
        }
    }

    fn for_in_of<T>(
        &mut self,
        node: &T,
        t: u8,
        left: &ForHead,
        right: &Expression,
        body: &Statement,
    ) {
        let saved = self.scope;
        if let ForHead::Declaration(d) = left {
            if d.kind != VariableKind::Var {
                self.declaration_scope_for_head(node, t, d, body.span().start);
            }
        }
        self.visit_expression(right);
        match left {
            ForHead::Declaration(d) => self.visit_variable_declaration(d),
            ForHead::Pattern(p) => self.visit_assignment_pattern(p),
        }
        self.sub_statement(body);
        self.pop_scope(saved);
    }

    fn expression(&mut self, expression: &Expression) {
        match expression {
            Expression::This(span) => self.reference("this", span.start),
            Expression::NewTarget(span) => self.reference("new.target", span.start),
            Expression::SuperMember(m) => {
                self.reference("this", m.span.start);
                self.reference("%home", m.span.start);
                visit::walk_expression(self, expression)
            }
            Expression::SuperCall(c) => {
                self.reference("this", c.span.start);
                self.reference("new.target", c.span.start);
                self.reference("%function", c.span.start);
                visit::walk_expression(self, expression)
            }
            Expression::Call(c) if c.direct_eval => {
                self.direct_eval();
                visit::walk_expression(self, expression)
            }
            Expression::Function(f) => self.function(f, true, None),
            Expression::Arrow(f) => self.function(f, true, None),
            Expression::Class(c) => self.class(c),
            _ => visit::walk_expression(self, expression),
        }
    }
}

// ----------------------------------------------------------------------------------------
// Allocation
// ----------------------------------------------------------------------------------------

/// Decides every binding's location and which scopes get contexts, and builds their
/// descriptors.
pub(crate) fn allocate(tree: &mut ScopeTree) {
    for id in 0..tree.scopes.len() {
        let ty = tree.scopes[id].ty;
        if matches!(ty, ScopeType::External) {
            continue;
        }
        let func = tree.scopes[id].func;
        let function_kind = (ty == ScopeType::Function).then(|| tree.funcs[func].kind);
        let eval_visible = tree.scopes[id].eval_visible;
        let mut next_slot = 0u32;
        let mut slots = Vec::new();
        let module = ty == ScopeType::Module;
        for b in tree.scopes[id].bindings.iter_mut() {
            if eval_visible
                && !matches!(
                    b.location,
                    Location::Global | Location::Dynamic | Location::Import(_)
                )
            {
                b.captured = true;
            }
            if module && (b.exported || b.kind == BindingKind::Function) {
                b.captured = true;
            }
            let to_context = match b.location {
                Location::Global | Location::Dynamic | Location::Import(_) => false,
                _ => b.captured,
            };
            if ty == ScopeType::Script {
                b.location = Location::Global;
                continue;
            }
            if to_context {
                b.location = Location::Context(next_slot);
                next_slot += 1;
                slots.push(ScopeSlot {
                    name: b.name.clone(),
                    kind: b.kind,
                });
            }
        }
        let s = &mut tree.scopes[id];
        let sloppy_eval_scope = s.sloppy_eval && s.takes_eval_vars();
        s.has_context = !slots.is_empty() || sloppy_eval_scope || ty == ScopeType::With;
        if ty == ScopeType::Module {
            // The module context always exists (the runtime creates it at link time).
            s.has_context = true;
        }
        if s.has_context {
            let imports: Vec<(Box<str>, u32)> = s
                .bindings
                .iter()
                .filter_map(|b| match b.location {
                    Location::Import(i) => Some((b.name.clone(), i)),
                    _ => None,
                })
                .collect();
            let kind = match ty {
                ScopeType::Function => ScopeKind::Function,
                ScopeType::FunctionBody => ScopeKind::FunctionBody,
                ScopeType::Class => ScopeKind::Class,
                ScopeType::With => ScopeKind::With,
                ScopeType::Eval => ScopeKind::Eval,
                ScopeType::Module => ScopeKind::Module,
                _ => ScopeKind::Block,
            };
            s.descriptor = Some(Arc::new(ScopeDescriptor {
                kind,
                slots: slots.into_boxed_slice(),
                is_var_scope: s.is_var_scope,
                sloppy_eval: sloppy_eval_scope,
                is_arrow: s.is_arrow,
                function_kind,
                imports: imports.into_boxed_slice(),
            }));
        }
    }
}

//! The bytecode compiler: AST → [`Executable`]. Entry points: [`compile_script`],
//! [`compile_module`], [`compile_function_constructor`] and [`compile_eval`].
//!
//! Two passes per compilation unit. `scope.rs` analyses the whole tree first (declarations,
//! hoisting, capture, TDZ needs) and allocates every binding to a register, a context slot,
//! the global environment, a by-name lookup or a module import; then a [`FnCompiler`] per
//! function walks the tree again and emits code: `function.rs` (prologue =
//! FunctionDeclarationInstantiation, binding loads/stores, closures), `statement.rs`,
//! `control_flow.rs` (labels, `break`/`continue`/`return` through contexts, iterator closes
//! and `finally`; `try`; handler ranges), `expression.rs`, `pattern.rs` (destructuring),
//! `class.rs`, `generator.rs` (`yield`, `yield*`, `await`, `for await`) and `module.rs`.
//! Recursion over the tree grows the stack with `stacker` like the parser, so the deepest
//! trees the parser accepts compile.

mod class;
mod control_flow;
mod expression;
mod function;
mod generator;
mod module;
mod pattern;
mod scope;
mod statement;

use heap::sync::Arc;

use crate::ast;
use crate::bytecode::{BytecodeBuilder, CodeKind, EvalContextInfo, Executable, JsString, Reg};
use crate::diagnostics::SyntaxError;
use crate::source::Source;

use control_flow::{Control, Protected};
use scope::{FuncId, RootKind, ScopeId, ScopeTree};

/// Stack that must remain before a recursion step (see `parser::MAX_NESTING`).
pub(crate) const STACK_RED_ZONE: usize = 256 * 1024;
/// Size of each extra stack segment.
pub(crate) const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Compiles a Script. The executable's code performs GlobalDeclarationInstantiation
/// (`DeclareGlobals`) and returns the script's completion value.
pub fn compile_script(
    script: &ast::Script,
    source: &Source,
) -> Result<Arc<Executable>, SyntaxError> {
    let mut unit = Unit::new(source);
    {
        let mut resolver = scope::Resolver::new(&mut unit.tree, &RootKind::Script, script.strict);
        resolver.declare_root(&script.body, false);
        resolver.statements(&script.body);
    }
    scope::allocate(&mut unit.tree);
    let exe = FnCompiler::compile_root(
        &mut unit,
        script.strict,
        CodeKind::Script,
        script.span,
        |c| c.script_body(&script.body),
    );
    unit.finish(exe)
}

/// Compiles a Module: the executable is the module body (an async function if it has
/// top-level `await`) and carries a `ModuleDescriptor`.
pub fn compile_module(
    module: &ast::Module,
    source: &Source,
) -> Result<Arc<Executable>, SyntaxError> {
    module::compile(module, source)
}

/// Compiles the function that the `Function`-family constructors create (the result of
/// `parser::parse_dynamic_function`); it closes over the global environment.
pub fn compile_function_constructor(
    function: &ast::Function,
    source: &Source,
) -> Result<Arc<Executable>, SyntaxError> {
    let mut unit = Unit::new(source);
    {
        let mut resolver = scope::Resolver::new(&mut unit.tree, &RootKind::DynamicFunction, false);
        resolver.function(function, true, None);
    }
    scope::allocate(&mut unit.tree);
    let func = unit.tree.func_for(function, scope::tag::FUNCTION);
    let name: JsString = "anonymous".encode_utf16().collect();
    let exe = function::compile_function(&mut unit, func, function, Some(name));
    unit.finish(exe)
}

/// Compiles eval code. `info` describes the caller (for direct eval: the `EvalSite` of the
/// `CallDirectEval` instruction; for indirect eval: [`EvalContextInfo::indirect`]); parse the
/// code with `info.script_options()`. Var declarations that conflict with lexical
/// declarations of the caller's enclosing scopes are reported here as `SyntaxError`
/// (EvalDeclarationInstantiation step 3).
pub fn compile_eval(
    script: &ast::Script,
    source: &Source,
    info: &EvalContextInfo,
) -> Result<Arc<Executable>, SyntaxError> {
    let strict = script.strict || info.strict;
    let mut unit = Unit::new(source);
    {
        let root = RootKind::Eval(info);
        let mut resolver = scope::Resolver::new(&mut unit.tree, &root, strict);
        resolver.declare_root(&script.body, false);
        resolver.statements(&script.body);
    }
    if !strict {
        function::check_eval_var_conflicts(&mut unit, &script.body, info);
    }
    scope::allocate(&mut unit.tree);
    let exe = FnCompiler::compile_root(&mut unit, strict, CodeKind::Eval, script.span, |c| {
        c.eval_body(&script.body)
    });
    unit.finish(exe)
}

/// State shared by all functions of one compilation.
pub(crate) struct Unit<'a> {
    pub tree: ScopeTree,
    pub source: Arc<Source>,
    pub src: &'a Source,
    /// The first compile-time error (reported after compilation).
    pub error: Option<SyntaxError>,
}

impl<'a> Unit<'a> {
    fn new(source: &'a Source) -> Unit<'a> {
        Unit {
            tree: ScopeTree::default(),
            source: Arc::new(source.clone()),
            src: source,
            error: None,
        }
    }

    fn finish(self, exe: Executable) -> Result<Arc<Executable>, SyntaxError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(Arc::new(exe)),
        }
    }

    pub(crate) fn error(&mut self, message: impl Into<String>, span: ast::Span) {
        if self.error.is_none() {
            self.error = Some(SyntaxError::new(self.src, message, span));
        }
    }
}

/// Compiles one function (or the root) into a `BytecodeBuilder`.
pub(crate) struct FnCompiler<'u, 'a> {
    pub unit: &'u mut Unit<'a>,
    pub b: BytecodeBuilder,
    pub func: FuncId,
    /// The current scope (its context, if any, is the current context).
    pub scope: ScopeId,
    /// Strictness of the code being compiled (class bodies are strict in sloppy functions).
    pub strict: bool,
    pub kind: CodeKind,
    pub is_async: bool,
    pub is_generator: bool,
    next_reg: u32,
    max_reg: u32,
    pub param_count: u32,
    pub control: Vec<Control>,
    pub protected: Vec<Protected>,
    /// The completion value register of script and eval code.
    pub completion: Option<Reg>,
    /// The class scope whose private names are invisible (while compiling its heritage).
    pub private_skip: Option<ScopeId>,
    /// The function pushes block-level contexts (handlers must restore the context).
    pub pushes_contexts: bool,
    /// Optional-chain short-circuit targets, innermost last.
    pub chain_exits: Vec<crate::bytecode::Label>,
    /// Disposal stacks of the enclosing `using` scopes, innermost last.
    pub using_stacks: Vec<Reg>,
    /// Plain identifier parameters of a non-simple list: (name, argument index).
    pub plain_params: Vec<(Box<str>, u32)>,
}

impl<'u, 'a> FnCompiler<'u, 'a> {
    pub(crate) fn new(
        unit: &'u mut Unit<'a>,
        func: FuncId,
        param_count: u32,
    ) -> FnCompiler<'u, 'a> {
        let data = &unit.tree.funcs[func];
        let scope = data.scope;
        let pushes_contexts = unit.tree.scopes.iter().enumerate().any(|(id, s)| {
            s.func == func && s.has_context && id != data.scope && id != data.body_scope
        });
        FnCompiler {
            strict: data.strict,
            kind: data.kind,
            is_async: data.is_async,
            is_generator: data.is_generator,
            unit,
            b: BytecodeBuilder::new(),
            func,
            scope,
            next_reg: 1 + param_count,
            max_reg: 1 + param_count,
            param_count,
            control: Vec::new(),
            protected: Vec::new(),
            completion: None,
            private_skip: None,
            pushes_contexts,
            chain_exits: Vec::new(),
            using_stacks: Vec::new(),
            plain_params: Vec::new(),
        }
    }

    /// Compiles a script or eval root.
    fn compile_root(
        unit: &'u mut Unit<'a>,
        strict: bool,
        kind: CodeKind,
        span: ast::Span,
        body: impl FnOnce(&mut FnCompiler<'_, 'a>),
    ) -> Executable {
        let mut c = FnCompiler::new(unit, 0, 0);
        c.strict = strict;
        c.kind = kind;
        c.scope = c.unit.tree.funcs[0].scope;
        c.b.set_position(ast::Span::new(span.start, span.start));
        body(&mut c);
        let info = c.function_info(Vec::new().into_boxed_slice(), 0, span, false);
        c.finish(info, None)
    }

    // ----- registers -----

    /// Allocates one temporary register.
    pub(crate) fn temp(&mut self) -> Reg {
        self.temps(1)
    }

    /// Allocates `n` consecutive registers.
    pub(crate) fn temps(&mut self, n: u32) -> Reg {
        let r = Reg(self.next_reg);
        self.next_reg += n;
        self.max_reg = self.max_reg.max(self.next_reg);
        r
    }

    /// The register allocation mark (restore with [`FnCompiler::release`]).
    pub(crate) fn mark(&self) -> u32 {
        self.next_reg
    }

    /// Frees every register allocated since `mark`.
    pub(crate) fn release(&mut self, mark: u32) {
        debug_assert!(mark <= self.next_reg);
        self.next_reg = mark;
    }

    /// Loads register `r` into the accumulator.
    pub(crate) fn load(&mut self, r: Reg) {
        self.b.ldar(r);
    }

    /// Produces the executable.
    pub(crate) fn finish(
        self,
        info: crate::bytecode::FunctionInfo,
        module: Option<Box<crate::bytecode::ModuleDescriptor>>,
    ) -> Executable {
        let registers = self.max_reg.max(1 + self.param_count);
        let params = self.param_count;
        self.b.finish(registers, params, info, module)
    }
}

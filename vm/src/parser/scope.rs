//! Declaration early errors per scope: duplicate lexical declarations, lexical vs. `var`
//! conflicts (with `var` names hoisted through every enclosing block), parameters vs. body
//! lexical names, catch parameters, and Annex B's sloppy duplicate block functions. This is
//! only bookkeeping for errors; binding resolution is the compiler's job.

use std::collections::HashSet;

/// What a scope belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScopeKind {
    /// Script or eval top level (functions are var-like).
    ScriptTop,
    /// Module top level (functions are lexical).
    ModuleTop,
    /// Function parameters + body, static block body (functions are var-like).
    Function,
    /// A block, `switch` case block, `for` head or class body.
    Block,
    /// A `catch` clause with a plain identifier parameter (`var` may redeclare it).
    SimpleCatch,
    /// A `catch` clause with a pattern parameter.
    Catch,
}

/// How a name is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeclKind {
    /// `var`, and functions where they are var-like.
    Var,
    /// `let`, `const`, `class`, `using`, imports, strict block functions.
    Lexical,
    /// A sloppy-mode plain function declaration in a block (Annex B: may duplicate another).
    SloppyBlockFunction,
    /// A catch parameter.
    CatchParam,
    /// A formal parameter.
    Param,
}

#[derive(Debug)]
struct Scope {
    kind: ScopeKind,
    lexical: HashSet<Box<str>>,
    var: HashSet<Box<str>>,
    functions: HashSet<Box<str>>,
    catch_param: Option<Box<str>>,
}

/// The stack of open scopes.
#[derive(Debug)]
pub(crate) struct ScopeStack {
    scopes: Vec<Scope>,
}

impl ScopeStack {
    pub(crate) fn new(module: bool) -> ScopeStack {
        let mut s = ScopeStack { scopes: Vec::new() };
        s.push(if module {
            ScopeKind::ModuleTop
        } else {
            ScopeKind::ScriptTop
        });
        s
    }

    pub(crate) fn push(&mut self, kind: ScopeKind) {
        self.scopes.push(Scope {
            kind,
            lexical: HashSet::new(),
            var: HashSet::new(),
            functions: HashSet::new(),
            catch_param: None,
        });
    }

    pub(crate) fn pop(&mut self) {
        self.scopes.pop();
    }

    pub(crate) fn current_kind(&self) -> ScopeKind {
        self.scopes.last().map_or(ScopeKind::ScriptTop, |s| s.kind)
    }

    /// True if function declarations in the current scope are var-like.
    pub(crate) fn functions_are_var(&self) -> bool {
        matches!(
            self.current_kind(),
            ScopeKind::ScriptTop | ScopeKind::Function
        )
    }

    /// Declares `name`; returns false if that is a redeclaration error.
    pub(crate) fn declare(&mut self, name: &str, kind: DeclKind) -> bool {
        let Some(scope) = self.scopes.last_mut() else {
            return true;
        };
        match kind {
            DeclKind::Param => {
                scope.var.insert(name.into());
                true
            }
            DeclKind::CatchParam => {
                if scope.lexical.contains(name) {
                    return false;
                }
                scope.lexical.insert(name.into());
                if scope.kind == ScopeKind::SimpleCatch {
                    scope.catch_param = Some(name.into());
                }
                true
            }
            DeclKind::Lexical => {
                if scope.lexical.contains(name)
                    || scope.var.contains(name)
                    || scope.functions.contains(name)
                {
                    return false;
                }
                scope.lexical.insert(name.into());
                true
            }
            DeclKind::SloppyBlockFunction => {
                if scope.lexical.contains(name) || scope.var.contains(name) {
                    return false;
                }
                scope.functions.insert(name.into());
                true
            }
            DeclKind::Var => {
                for scope in self.scopes.iter_mut().rev() {
                    let is_var_scope = matches!(
                        scope.kind,
                        ScopeKind::ScriptTop | ScopeKind::ModuleTop | ScopeKind::Function
                    );
                    let lexical_clash = scope.lexical.contains(name)
                        && !(scope.kind == ScopeKind::SimpleCatch
                            && scope.catch_param.as_deref() == Some(name));
                    if lexical_clash || (!is_var_scope && scope.functions.contains(name)) {
                        return false;
                    }
                    if is_var_scope {
                        // Var-like functions and vars may coexist at the function level.
                        scope.var.insert(name.into());
                        break;
                    }
                    scope.var.insert(name.into());
                }
                true
            }
        }
    }

    /// True if `name` is declared (any kind) in the outermost scope: used for the module's
    /// export checks.
    pub(crate) fn top_declares(&self, name: &str) -> bool {
        self.scopes.first().is_some_and(|s| {
            s.lexical.contains(name) || s.var.contains(name) || s.functions.contains(name)
        })
    }
}

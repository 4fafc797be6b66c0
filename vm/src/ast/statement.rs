//! Statement and declaration nodes, including variable declarations (`var`, `let`, `const`,
//! `using`, `await using`) and the `for`/`for-in`/`for-of` heads.

use super::{Class, Expression, Function, Identifier, Pattern, Span};

/// A statement or declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `{ ... }`
    Block(BlockStatement),
    /// `;`
    Empty(Span),
    /// `expr;`
    Expression(ExpressionStatement),
    /// `if (test) a else b`
    If(Box<IfStatement>),
    /// `do body while (test)`
    DoWhile(Box<DoWhileStatement>),
    /// `while (test) body`
    While(Box<WhileStatement>),
    /// `for (init; test; update) body`
    For(Box<ForStatement>),
    /// `for (left in right) body`
    ForIn(Box<ForInStatement>),
    /// `for (left of right) body`, `for await (...)`
    ForOf(Box<ForOfStatement>),
    /// `continue label;`
    Continue(JumpStatement),
    /// `break label;`
    Break(JumpStatement),
    /// `return arg;`
    Return(ReturnStatement),
    /// `with (object) body` (sloppy only)
    With(Box<WithStatement>),
    /// `switch (d) { case ...: }`
    Switch(Box<SwitchStatement>),
    /// `label: body`
    Labeled(Box<LabeledStatement>),
    /// `throw arg;`
    Throw(ThrowStatement),
    /// `try {} catch (e) {} finally {}`
    Try(Box<TryStatement>),
    /// `debugger;`
    Debugger(Span),
    /// `var`/`let`/`const`/`using`/`await using` declarations
    Variable(VariableDeclaration),
    /// `function f() {}` (also generators and async functions)
    Function(Box<Function>),
    /// `class C {}` / `struct S {}` / `shared struct S {}`
    Class(Box<Class>),
}

impl Statement {
    /// The statement's span.
    pub fn span(&self) -> Span {
        match self {
            Statement::Block(x) => x.span,
            Statement::Empty(s) | Statement::Debugger(s) => *s,
            Statement::Expression(x) => x.span,
            Statement::If(x) => x.span,
            Statement::DoWhile(x) => x.span,
            Statement::While(x) => x.span,
            Statement::For(x) => x.span,
            Statement::ForIn(x) => x.span,
            Statement::ForOf(x) => x.span,
            Statement::Continue(x) | Statement::Break(x) => x.span,
            Statement::Return(x) => x.span,
            Statement::With(x) => x.span,
            Statement::Switch(x) => x.span,
            Statement::Labeled(x) => x.span,
            Statement::Throw(x) => x.span,
            Statement::Try(x) => x.span,
            Statement::Variable(x) => x.span,
            Statement::Function(x) => x.span,
            Statement::Class(x) => x.span,
        }
    }
}

/// `{ body }`
#[derive(Debug, Clone, PartialEq)]
pub struct BlockStatement {
    /// Source span.
    pub span: Span,
    /// The statements.
    pub body: Vec<Statement>,
}

/// `expression;`
#[derive(Debug, Clone, PartialEq)]
pub struct ExpressionStatement {
    /// Source span.
    pub span: Span,
    /// The expression.
    pub expression: Expression,
}

/// `if`
#[derive(Debug, Clone, PartialEq)]
pub struct IfStatement {
    /// Source span.
    pub span: Span,
    /// Condition.
    pub test: Expression,
    /// Then branch.
    pub consequent: Statement,
    /// Else branch.
    pub alternate: Option<Statement>,
}

/// `do ... while`
#[derive(Debug, Clone, PartialEq)]
pub struct DoWhileStatement {
    /// Source span.
    pub span: Span,
    /// Body.
    pub body: Statement,
    /// Condition.
    pub test: Expression,
}

/// `while`
#[derive(Debug, Clone, PartialEq)]
pub struct WhileStatement {
    /// Source span.
    pub span: Span,
    /// Condition.
    pub test: Expression,
    /// Body.
    pub body: Statement,
}

/// The first clause of a C-style `for`.
#[derive(Debug, Clone, PartialEq)]
pub enum ForInit {
    /// `var`/`let`/`const`/`using` declarations.
    Declaration(VariableDeclaration),
    /// An expression.
    Expression(Expression),
}

/// `for (init; test; update) body`
#[derive(Debug, Clone, PartialEq)]
pub struct ForStatement {
    /// Source span.
    pub span: Span,
    /// Initialiser.
    pub init: Option<ForInit>,
    /// Condition.
    pub test: Option<Expression>,
    /// Update.
    pub update: Option<Expression>,
    /// Body.
    pub body: Statement,
}

/// The left side of `for-in` / `for-of`.
#[derive(Debug, Clone, PartialEq)]
pub enum ForHead {
    /// A declaration with exactly one declarator (an initialiser only for Annex B
    /// `for (var x = 1 in o)` in sloppy code).
    Declaration(VariableDeclaration),
    /// An assignment target.
    Pattern(Pattern),
}

/// `for (left in right) body`
#[derive(Debug, Clone, PartialEq)]
pub struct ForInStatement {
    /// Source span.
    pub span: Span,
    /// Target.
    pub left: ForHead,
    /// Object enumerated.
    pub right: Expression,
    /// Body.
    pub body: Statement,
}

/// `for (left of right) body`
#[derive(Debug, Clone, PartialEq)]
pub struct ForOfStatement {
    /// Source span.
    pub span: Span,
    /// True for `for await`.
    pub is_await: bool,
    /// Target.
    pub left: ForHead,
    /// Iterable.
    pub right: Expression,
    /// Body.
    pub body: Statement,
}

/// `break` / `continue`
#[derive(Debug, Clone, PartialEq)]
pub struct JumpStatement {
    /// Source span.
    pub span: Span,
    /// Target label.
    pub label: Option<Identifier>,
}

/// `return`
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnStatement {
    /// Source span.
    pub span: Span,
    /// Returned value.
    pub argument: Option<Expression>,
}

/// `with`
#[derive(Debug, Clone, PartialEq)]
pub struct WithStatement {
    /// Source span.
    pub span: Span,
    /// The object.
    pub object: Expression,
    /// The body.
    pub body: Statement,
}

/// `switch`
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchStatement {
    /// Source span.
    pub span: Span,
    /// The discriminant.
    pub discriminant: Expression,
    /// The clauses in order (at most one has `test: None`).
    pub cases: Vec<SwitchCase>,
}

/// `case test:` / `default:`
#[derive(Debug, Clone, PartialEq)]
pub struct SwitchCase {
    /// Source span.
    pub span: Span,
    /// `None` for `default`.
    pub test: Option<Expression>,
    /// The statements.
    pub consequent: Vec<Statement>,
}

/// `label: body`
#[derive(Debug, Clone, PartialEq)]
pub struct LabeledStatement {
    /// Source span.
    pub span: Span,
    /// The label.
    pub label: Identifier,
    /// The body (Annex B allows a function declaration in sloppy code).
    pub body: Statement,
}

/// `throw`
#[derive(Debug, Clone, PartialEq)]
pub struct ThrowStatement {
    /// Source span.
    pub span: Span,
    /// Thrown value.
    pub argument: Expression,
}

/// `try`
#[derive(Debug, Clone, PartialEq)]
pub struct TryStatement {
    /// Source span.
    pub span: Span,
    /// The protected block.
    pub block: BlockStatement,
    /// The `catch` clause.
    pub handler: Option<CatchClause>,
    /// The `finally` block.
    pub finalizer: Option<BlockStatement>,
}

/// `catch (param) body`
#[derive(Debug, Clone, PartialEq)]
pub struct CatchClause {
    /// Source span.
    pub span: Span,
    /// The parameter (absent for `catch {}`).
    pub param: Option<Pattern>,
    /// The body.
    pub body: BlockStatement,
}

/// The kind of a variable declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VariableKind {
    /// `var`
    Var,
    /// `let`
    Let,
    /// `const`
    Const,
    /// `using` (explicit resource management)
    Using,
    /// `await using`
    AwaitUsing,
}

/// `kind a = 1, b;`
#[derive(Debug, Clone, PartialEq)]
pub struct VariableDeclaration {
    /// Source span.
    pub span: Span,
    /// The kind.
    pub kind: VariableKind,
    /// The declarators (at least one).
    pub declarations: Vec<VariableDeclarator>,
}

/// `target = init`
#[derive(Debug, Clone, PartialEq)]
pub struct VariableDeclarator {
    /// Source span.
    pub span: Span,
    /// The binding (only an identifier for `using`).
    pub target: Pattern,
    /// The initialiser.
    pub init: Option<Expression>,
}

//! Functions (declarations, expressions, arrows, methods, accessors, constructors) and classes
//! (including `struct` / `shared struct` declarations from the structs proposal).

use super::{
    BlockStatement, Directive, Expression, Identifier, MethodKind, Pattern, PatternElement,
    PropertyKey, Span, Statement,
};

/// What kind of function a [`Function`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunctionKind {
    /// A function declaration or expression (constructible unless async/generator).
    Normal,
    /// An arrow function.
    Arrow,
    /// An object-literal or class method.
    Method,
    /// A getter.
    Getter,
    /// A setter.
    Setter,
    /// The constructor of a base class.
    BaseConstructor,
    /// The constructor of a class with `extends` (may call `super()`).
    DerivedConstructor,
}

/// Facts about a function that the compiler needs for scope analysis, computed by the parser.
/// The `uses_*` flags include uses inside nested arrow functions (which see the enclosing
/// function's `this`, `arguments`, `super` and `new.target`), but not inside nested ordinary
/// functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FunctionFlags {
    /// The function's code is strict (inherited, directive, or class body).
    pub strict: bool,
    /// The body has a `"use strict"` directive.
    pub has_use_strict: bool,
    /// The parameter list is simple (only identifiers: no defaults, patterns or rest).
    pub simple_parameters: bool,
    /// The function (or a nested arrow) references `arguments`.
    pub uses_arguments: bool,
    /// The function (or a nested arrow) contains a direct `eval(...)` call.
    pub uses_eval: bool,
    /// The function (or a nested arrow) uses `this`.
    pub uses_this: bool,
    /// The function (or a nested arrow) uses `super.x` / `super[x]`.
    pub uses_super_property: bool,
    /// The function (or a nested arrow) calls `super(...)`.
    pub uses_super_call: bool,
    /// The function (or a nested arrow) uses `new.target`.
    pub uses_new_target: bool,
    /// An arrow whose body is an expression (`x => x`): the body holds one `return`.
    pub concise_body: bool,
}

/// The parameter list of a function.
#[derive(Debug, Clone, PartialEq)]
pub struct FormalParameters {
    /// Span including the parentheses (or the lone identifier of `x => ...`).
    pub span: Span,
    /// The parameters before any rest parameter.
    pub items: Vec<PatternElement>,
    /// `...rest`
    pub rest: Option<Pattern>,
}

impl FormalParameters {
    /// Every identifier the parameters bind, in order.
    pub fn bound_names(&self) -> Vec<&Identifier> {
        let mut out = Vec::new();
        for p in &self.items {
            p.target.bound_names(&mut out);
        }
        if let Some(rest) = &self.rest {
            rest.bound_names(&mut out);
        }
        out
    }

    /// `ExpectedArgumentCount`: parameters before the first default or rest.
    pub fn expected_argument_count(&self) -> usize {
        self.items
            .iter()
            .take_while(|p| p.default.is_none())
            .count()
    }
}

/// A function body: its directive prologue and statements.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionBody {
    /// Span including braces (for concise arrows, the expression).
    pub span: Span,
    /// The directive prologue.
    pub directives: Vec<Directive>,
    /// The statements (for concise arrows, a single `return`).
    pub statements: Vec<Statement>,
}

/// Any function: declaration, expression, arrow, method, accessor or class constructor.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// The function's source text span (what `Function.prototype.toString` returns). For
    /// methods it is the MethodDefinition: from `async`/`get`/`set`/`*` or the key (not
    /// `static`) to the closing brace.
    pub span: Span,
    /// The binding name (declarations and named expressions).
    pub name: Option<Identifier>,
    /// The kind.
    pub kind: FunctionKind,
    /// `async`
    pub is_async: bool,
    /// `function*`
    pub is_generator: bool,
    /// The parameters.
    pub params: FormalParameters,
    /// The body.
    pub body: FunctionBody,
    /// Computed facts.
    pub flags: FunctionFlags,
}

/// `struct` vs. `shared struct` (structs proposal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructKind {
    /// `struct S {}`: an unshared struct (fixed layout, agent-local).
    Unshared,
    /// `shared struct S {}`: instances live in the shared space.
    Shared,
}

/// A class, or a struct from the structs proposal.
#[derive(Debug, Clone, PartialEq)]
pub struct Class {
    /// Source text span (for `toString`).
    pub span: Span,
    /// The name (absent for anonymous class expressions and `export default class {}`).
    pub name: Option<Identifier>,
    /// `extends` clause.
    pub super_class: Option<Expression>,
    /// The elements in order (without empty `;` elements).
    pub body: Vec<ClassElement>,
    /// `Some` for `struct` / `shared struct` declarations and expressions.
    pub struct_kind: Option<StructKind>,
}

impl Class {
    /// The class's `constructor` method, if it declares one.
    pub fn constructor(&self) -> Option<&ClassMethod> {
        self.body.iter().find_map(|e| match e {
            ClassElement::Method(m) if m.kind == MethodKind::Constructor => Some(&**m),
            _ => None,
        })
    }
}

/// One element of a class body.
#[derive(Debug, Clone, PartialEq)]
pub enum ClassElement {
    /// A method, accessor or the constructor.
    Method(Box<ClassMethod>),
    /// A field.
    Field(Box<ClassField>),
    /// `static { ... }`
    StaticBlock(Box<StaticBlock>),
}

/// A class method / accessor / constructor.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassMethod {
    /// Source span.
    pub span: Span,
    /// `static`
    pub is_static: bool,
    /// The key (may be private).
    pub key: PropertyKey,
    /// Method, getter, setter or constructor.
    pub kind: MethodKind,
    /// The function.
    pub function: Function,
}

/// A class field `key = value;`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassField {
    /// Source span.
    pub span: Span,
    /// `static`
    pub is_static: bool,
    /// The key (may be private).
    pub key: PropertyKey,
    /// The initialiser (evaluated like a method body: `this` is the instance or class).
    pub value: Option<Expression>,
    /// Facts about the initialiser, as for a method body.
    pub flags: FunctionFlags,
}

/// `static { ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct StaticBlock {
    /// Source span.
    pub span: Span,
    /// The body (its own var scope).
    pub body: BlockStatement,
    /// Facts about the block, as for a method body.
    pub flags: FunctionFlags,
}

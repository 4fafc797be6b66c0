//! Expression nodes: literals, operators, member access and calls, optional chains,
//! templates, object and array literals, function/arrow/class expressions, `yield`/`await`.

use super::{Class, Function, Identifier, JsStr, Pattern, Span};

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// `x`
    Identifier(Identifier),
    /// `this`
    This(Span),
    /// `null`
    Null(Span),
    /// `true` / `false`
    Boolean(BooleanLiteral),
    /// `1.5`, `0x10`, `1_000`
    Number(NumberLiteral),
    /// `10n`
    BigInt(BigIntLiteral),
    /// `'text'`
    String(StringLiteral),
    /// `/pattern/flags`
    RegExp(RegExpLiteral),
    /// `` `a${b}c` ``
    Template(Box<TemplateLiteral>),
    /// `` tag`a${b}` ``
    TaggedTemplate(Box<TaggedTemplate>),
    /// `[a, , ...b]`
    Array(Box<ArrayLiteral>),
    /// `{ a: 1, b, [c]: 2, m() {}, ...d }`
    Object(Box<ObjectLiteral>),
    /// `function () {}` (also generators and async functions)
    Function(Box<Function>),
    /// `(a) => b`, `async a => b`
    Arrow(Box<Function>),
    /// `class {}` / `struct {}`
    Class(Box<Class>),
    /// `-a`, `!a`, `typeof a`, `delete a.b`, ...
    Unary(Box<UnaryExpression>),
    /// `++a`, `a--`
    Update(Box<UpdateExpression>),
    /// `a + b`, `a instanceof b`, `a ** b`, ... (not `&&`, `||`, `??`)
    Binary(Box<BinaryExpression>),
    /// `a && b`, `a || b`, `a ?? b`
    Logical(Box<LogicalExpression>),
    /// `#x in obj`
    PrivateIn(Box<PrivateInExpression>),
    /// `a ? b : c`
    Conditional(Box<ConditionalExpression>),
    /// `a = b`, `a += b`, `[a, b] = c`, `a ??= b`
    Assign(Box<AssignmentExpression>),
    /// `a, b, c`
    Sequence(Box<SequenceExpression>),
    /// `a.b`, `a[b]`, `a.#b`, and their optional forms inside an [`Expression::OptionalChain`]
    Member(Box<MemberExpression>),
    /// `super.x` / `super[x]`
    SuperMember(Box<SuperMemberExpression>),
    /// `f(a, ...b)` and optional calls inside an [`Expression::OptionalChain`]
    Call(Box<CallExpression>),
    /// `super(a)`
    SuperCall(Box<SuperCallExpression>),
    /// `new F(a)` / `new F`
    New(Box<NewExpression>),
    /// A whole optional chain, e.g. `a?.b.c()`: the chain short-circuits to `undefined` up
    /// to the end of this node. Inside, the links that carry `?.` have `optional: true`.
    OptionalChain(Box<OptionalChain>),
    /// `new.target`
    NewTarget(Span),
    /// `import.meta`
    ImportMeta(Span),
    /// `import(specifier, options)`
    ImportCall(Box<ImportCall>),
    /// `yield`, `yield x`, `yield* x`
    Yield(Box<YieldExpression>),
    /// `await x`
    Await(Box<AwaitExpression>),
    /// `( expr )`
    Parenthesized(Box<ParenthesizedExpression>),
}

impl Expression {
    /// The expression's span.
    pub fn span(&self) -> Span {
        match self {
            Expression::Identifier(x) => x.span,
            Expression::This(s)
            | Expression::Null(s)
            | Expression::NewTarget(s)
            | Expression::ImportMeta(s) => *s,
            Expression::Boolean(x) => x.span,
            Expression::Number(x) => x.span,
            Expression::BigInt(x) => x.span,
            Expression::String(x) => x.span,
            Expression::RegExp(x) => x.span,
            Expression::Template(x) => x.span,
            Expression::TaggedTemplate(x) => x.span,
            Expression::Array(x) => x.span,
            Expression::Object(x) => x.span,
            Expression::Function(x) | Expression::Arrow(x) => x.span,
            Expression::Class(x) => x.span,
            Expression::Unary(x) => x.span,
            Expression::Update(x) => x.span,
            Expression::Binary(x) => x.span,
            Expression::Logical(x) => x.span,
            Expression::PrivateIn(x) => x.span,
            Expression::Conditional(x) => x.span,
            Expression::Assign(x) => x.span,
            Expression::Sequence(x) => x.span,
            Expression::Member(x) => x.span,
            Expression::SuperMember(x) => x.span,
            Expression::Call(x) => x.span,
            Expression::SuperCall(x) => x.span,
            Expression::New(x) => x.span,
            Expression::OptionalChain(x) => x.span,
            Expression::ImportCall(x) => x.span,
            Expression::Yield(x) => x.span,
            Expression::Await(x) => x.span,
            Expression::Parenthesized(x) => x.span,
        }
    }

    /// The expression with any number of enclosing parentheses removed.
    pub fn without_parens(&self) -> &Expression {
        let mut e = self;
        while let Expression::Parenthesized(p) = e {
            e = &p.expression;
        }
        e
    }

    /// True for an anonymous function or class definition (`IsAnonymousFunctionDefinition`),
    /// looking through parentheses: such values get their name from the binding they are
    /// assigned to.
    pub fn is_anonymous_function_definition(&self) -> bool {
        match self.without_parens() {
            Expression::Function(f) => f.name.is_none(),
            Expression::Arrow(_) => true,
            Expression::Class(c) => c.name.is_none(),
            _ => false,
        }
    }
}

/// `true` / `false`.
#[derive(Debug, Clone, PartialEq)]
pub struct BooleanLiteral {
    /// Source span.
    pub span: Span,
    /// The value.
    pub value: bool,
}

/// A Number literal.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberLiteral {
    /// Source span.
    pub span: Span,
    /// The value (correctly rounded).
    pub value: f64,
}

/// A BigInt literal.
#[derive(Debug, Clone, PartialEq)]
pub struct BigIntLiteral {
    /// Source span.
    pub span: Span,
    /// The value as decimal digits without sign or separators (`0x10n` gives `"16"`).
    pub digits: Box<str>,
}

/// A string literal.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLiteral {
    /// Source span including quotes.
    pub span: Span,
    /// The string value.
    pub value: JsStr,
}

/// A regular-expression literal (already validated).
#[derive(Debug, Clone, PartialEq)]
pub struct RegExpLiteral {
    /// Source span.
    pub span: Span,
    /// Source text between the slashes.
    pub pattern: Box<str>,
    /// The flags after the closing slash.
    pub flags: Box<str>,
}

/// One literal piece of a template.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateElement {
    /// Span of the piece's characters (without `` ` ``, `${`, `}`).
    pub span: Span,
    /// The cooked value; `None` for an invalid escape in a tagged template.
    pub cooked: Option<JsStr>,
    /// The raw value (CR and CRLF normalised to LF).
    pub raw: Box<str>,
}

/// `` `a${b}c` ``: `quasis.len() == expressions.len() + 1`.
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateLiteral {
    /// Source span.
    pub span: Span,
    /// The literal pieces.
    pub quasis: Vec<TemplateElement>,
    /// The substitutions.
    pub expressions: Vec<Expression>,
}

/// `` tag`...` ``
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedTemplate {
    /// Source span.
    pub span: Span,
    /// The tag.
    pub tag: Expression,
    /// The template.
    pub quasi: TemplateLiteral,
}

/// An array literal element or call argument.
#[derive(Debug, Clone, PartialEq)]
pub enum ArrayElement {
    /// A plain expression.
    Expression(Expression),
    /// `...expr`
    Spread(SpreadElement),
}

/// `...expr`
#[derive(Debug, Clone, PartialEq)]
pub struct SpreadElement {
    /// Span including the `...`.
    pub span: Span,
    /// The spread expression.
    pub argument: Expression,
}

/// `[a, , ...b]`
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayLiteral {
    /// Source span.
    pub span: Span,
    /// Elements; `None` is a hole.
    pub elements: Vec<Option<ArrayElement>>,
}

/// A property name in object literals, classes and object patterns.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyKey {
    /// An identifier name (`a`, also reserved words such as `if`).
    Identifier(Identifier),
    /// A string literal key.
    String(StringLiteral),
    /// A numeric literal key (its property name is `ToString(value)`).
    Number(NumberLiteral),
    /// A BigInt literal key.
    BigInt(BigIntLiteral),
    /// `[expr]`
    Computed(Box<Expression>),
    /// `#name` (class elements only)
    Private(PrivateName),
}

impl PropertyKey {
    /// The key's span.
    pub fn span(&self) -> Span {
        match self {
            PropertyKey::Identifier(x) => x.span,
            PropertyKey::String(x) => x.span,
            PropertyKey::Number(x) => x.span,
            PropertyKey::BigInt(x) => x.span,
            PropertyKey::Computed(x) => x.span(),
            PropertyKey::Private(x) => x.span,
        }
    }

    /// The property name if it is statically known as a plain string (identifier or string
    /// literal keys; numeric keys are left to the compiler's `ToString`).
    pub fn static_name(&self) -> Option<String> {
        match self {
            PropertyKey::Identifier(id) => Some(id.name.to_string()),
            PropertyKey::String(s) => Some(String::from_utf16_lossy(&s.value)),
            _ => None,
        }
    }
}

/// `#name`
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateName {
    /// Span including `#`.
    pub span: Span,
    /// The name without `#`.
    pub name: Box<str>,
}

/// The kind of a method-like property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// A plain method (maybe async and/or generator).
    Method,
    /// `get x() {}`
    Getter,
    /// `set x(v) {}`
    Setter,
    /// A class `constructor` (class elements only).
    Constructor,
}

/// One entry of an object literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ObjectProperty {
    /// `key: value` or shorthand `key`.
    KeyValue(Box<KeyValueProperty>),
    /// `m() {}`, `get x() {}`, `set x(v) {}`, `async *m() {}`
    Method(Box<MethodProperty>),
    /// `...expr`
    Spread(SpreadElement),
}

/// `key: value`.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyValueProperty {
    /// Source span.
    pub span: Span,
    /// The key.
    pub key: PropertyKey,
    /// The value (for shorthand, an [`Expression::Identifier`]).
    pub value: Expression,
    /// True for `{ x }`.
    pub shorthand: bool,
    /// True for `__proto__: value` (non-computed, non-shorthand): sets the prototype instead
    /// of defining a property.
    pub proto_setter: bool,
}

/// A method in an object literal.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodProperty {
    /// Source span.
    pub span: Span,
    /// The key.
    pub key: PropertyKey,
    /// Method, getter or setter.
    pub kind: MethodKind,
    /// The function (its `kind` is [`super::FunctionKind::Method`] etc.).
    pub function: Function,
}

/// `{ ... }`
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectLiteral {
    /// Source span.
    pub span: Span,
    /// The properties in order.
    pub properties: Vec<ObjectProperty>,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOperator {
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// `!`
    Not,
    /// `~`
    BitNot,
    /// `typeof`
    Typeof,
    /// `void`
    Void,
    /// `delete`
    Delete,
}

/// `op argument`
#[derive(Debug, Clone, PartialEq)]
pub struct UnaryExpression {
    /// Source span.
    pub span: Span,
    /// The operator.
    pub operator: UnaryOperator,
    /// The operand.
    pub argument: Expression,
}

/// `++x`, `x--`: `target` is a simple target ([`Pattern::Identifier`] or
/// [`Pattern::Expression`]).
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateExpression {
    /// Source span.
    pub span: Span,
    /// `++` (true) or `--` (false).
    pub increment: bool,
    /// Prefix (`++x`) or postfix (`x++`).
    pub prefix: bool,
    /// The target.
    pub target: Pattern,
}

/// Binary operators (the short-circuiting ones are [`LogicalOperator`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOperator {
    /// `==`
    Eq,
    /// `!=`
    NotEq,
    /// `===`
    StrictEq,
    /// `!==`
    StrictNotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `<<`
    Shl,
    /// `>>`
    Shr,
    /// `>>>`
    UShr,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `**`
    Exp,
    /// `|`
    BitOr,
    /// `^`
    BitXor,
    /// `&`
    BitAnd,
    /// `in`
    In,
    /// `instanceof`
    Instanceof,
}

/// `left op right`
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryExpression {
    /// Source span.
    pub span: Span,
    /// The operator.
    pub operator: BinaryOperator,
    /// Left operand.
    pub left: Expression,
    /// Right operand.
    pub right: Expression,
}

/// Short-circuiting operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalOperator {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `??`
    Coalesce,
}

/// `left op right` for `&&`, `||`, `??`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogicalExpression {
    /// Source span.
    pub span: Span,
    /// The operator.
    pub operator: LogicalOperator,
    /// Left operand.
    pub left: Expression,
    /// Right operand.
    pub right: Expression,
}

/// `#name in right`
#[derive(Debug, Clone, PartialEq)]
pub struct PrivateInExpression {
    /// Source span.
    pub span: Span,
    /// The private name.
    pub name: PrivateName,
    /// The object tested.
    pub right: Expression,
}

/// `test ? consequent : alternate`
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionalExpression {
    /// Source span.
    pub span: Span,
    /// Condition.
    pub test: Expression,
    /// Value if true.
    pub consequent: Expression,
    /// Value if false.
    pub alternate: Expression,
}

/// Assignment operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentOperator {
    /// `=`
    Assign,
    /// `+=` etc.: the binary operator applied.
    Compound(BinaryOperator),
    /// `&&=`, `||=`, `??=`
    Logical(LogicalOperator),
}

/// `target op value`. For [`AssignmentOperator::Assign`] the target may be a destructuring
/// pattern; for the others it is a simple target.
#[derive(Debug, Clone, PartialEq)]
pub struct AssignmentExpression {
    /// Source span.
    pub span: Span,
    /// The operator.
    pub operator: AssignmentOperator,
    /// The target.
    pub target: Pattern,
    /// The assigned value.
    pub value: Expression,
}

/// `a, b, c` (at least two expressions).
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceExpression {
    /// Source span.
    pub span: Span,
    /// The expressions in order.
    pub expressions: Vec<Expression>,
}

/// The property part of a member expression.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberProperty {
    /// `.name`
    Identifier(Identifier),
    /// `[expr]`
    Computed(Expression),
    /// `.#name`
    Private(PrivateName),
}

/// `object.property`, `object[property]`, `object.#property`, `object?.property`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberExpression {
    /// Source span.
    pub span: Span,
    /// The object.
    pub object: Expression,
    /// The property.
    pub property: MemberProperty,
    /// True if this link is written with `?.` (only inside an optional chain).
    pub optional: bool,
}

/// `super.x` / `super[x]`
#[derive(Debug, Clone, PartialEq)]
pub struct SuperMemberExpression {
    /// Source span.
    pub span: Span,
    /// The property (never private).
    pub property: MemberProperty,
}

/// `callee(arguments)`
#[derive(Debug, Clone, PartialEq)]
pub struct CallExpression {
    /// Source span.
    pub span: Span,
    /// The callee.
    pub callee: Expression,
    /// The arguments (spread allowed).
    pub arguments: Vec<ArrayElement>,
    /// True if written `callee?.(...)` (only inside an optional chain).
    pub optional: bool,
    /// True for a direct-eval candidate: the callee is the identifier `eval`, possibly
    /// parenthesised (`(eval)(x)` evaluates to the same reference), and the call is not
    /// part of an optional chain. It is a direct eval at run time if that reference resolves
    /// to the realm's `%eval%`.
    pub direct_eval: bool,
}

/// `super(arguments)`
#[derive(Debug, Clone, PartialEq)]
pub struct SuperCallExpression {
    /// Source span.
    pub span: Span,
    /// The arguments.
    pub arguments: Vec<ArrayElement>,
}

/// `new callee(arguments)`
#[derive(Debug, Clone, PartialEq)]
pub struct NewExpression {
    /// Source span.
    pub span: Span,
    /// The constructor.
    pub callee: Expression,
    /// The arguments (empty for `new F`).
    pub arguments: Vec<ArrayElement>,
}

/// Wrapper marking the extent of an optional chain.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionalChain {
    /// Source span.
    pub span: Span,
    /// The chain: nested member/call expressions, some with `optional: true`.
    pub expression: Expression,
}

/// `import(source)` / `import(source, options)`
#[derive(Debug, Clone, PartialEq)]
pub struct ImportCall {
    /// Source span.
    pub span: Span,
    /// The module specifier expression.
    pub source: Expression,
    /// The import options (import attributes), if given.
    pub options: Option<Expression>,
}

/// `yield`, `yield argument`, `yield* argument`
#[derive(Debug, Clone, PartialEq)]
pub struct YieldExpression {
    /// Source span.
    pub span: Span,
    /// The operand.
    pub argument: Option<Expression>,
    /// True for `yield*`.
    pub delegate: bool,
}

/// `await argument`
#[derive(Debug, Clone, PartialEq)]
pub struct AwaitExpression {
    /// Source span.
    pub span: Span,
    /// The operand.
    pub argument: Expression,
}

/// `( expression )`
#[derive(Debug, Clone, PartialEq)]
pub struct ParenthesizedExpression {
    /// Span including the parentheses.
    pub span: Span,
    /// The inner expression.
    pub expression: Expression,
}

//! The recursive-descent parser: Scripts, Modules and the pieces of a `Function`-constructor
//! body. One token of lookahead (plus an occasional peek); the lexer is told when a `/`
//! starts a regular expression and when a `}` continues a template.
//!
//! Cover grammars are handled by parsing the general form and converting (`pattern.rs`):
//! object/array literals become assignment patterns before `=`, parenthesised lists and
//! `async(...)` calls become arrow parameters before `=>`. Errors that are only errors if the
//! conversion does *not* happen (`{ a = 1 }`, duplicate `__proto__`) wait in
//! `Parser::pending_cover` until the enclosing expression is known not to be a pattern.
//!
//! Early errors are checked as the parser goes: declarations against a scope stack
//! (`scope.rs`), identifiers against the current context (`early_errors.rs`), private names
//! per class body (`class.rs`), labels and jump targets per function (`statement.rs`), and
//! exports at the end of a module (`module.rs`). A nesting-depth limit keeps recursion off the
//! end of the stack.
//!
//! Submodules: `expression`, `literal`, `pattern`, `statement`, `iteration`, `function`,
//! `class`, `module`, `scope`, `early_errors`.

mod class;
mod early_errors;
mod expression;
mod function;
mod iteration;
mod literal;
mod module;
mod pattern;
mod scope;
mod statement;

use crate::ast::{self, FunctionFlags, Span};
use crate::diagnostics::SyntaxError;
use crate::lexer::{Lexer, Token, TokenKind, TokenValue};
use crate::source::Source;

use scope::ScopeStack;

/// How deeply expressions, statements, classes and patterns may nest before the parser gives
/// up with "too much nesting". One unit is roughly one level of tree depth: a parenthesis,
/// bracket, brace, arrow, `new`, statement, nested pattern, or one link of a left-deep chain
/// (`a + b + c`, `a.b.c()`); blocks count two (statement list item plus statement) and a
/// function boundary one more. Accepted trees are therefore at most about this deep (a test
/// walks, clones, compares, prints and drops the deepest ones on a 2 MiB debug-build thread),
/// which bounds the recursion of later passes (and of `Drop`); passes that recurse with large
/// frames should grow the stack the way the parser does (`stacker::maybe_grow` around each
/// nesting step).
pub const MAX_NESTING: u32 = 1000;

/// Stack that must remain before a nesting step; otherwise the parser continues on a fresh
/// heap-allocated stack segment (`stacker`), so deep input cannot overflow the thread's stack
/// whatever the build profile's frame sizes.
const STACK_RED_ZONE: usize = 256 * 1024;
/// Size of each extra stack segment.
const STACK_SEGMENT: usize = 4 * 1024 * 1024;

/// Options for [`parse_script`], covering what direct `eval` needs from its caller.
#[derive(Debug, Clone, Default)]
pub struct ScriptOptions {
    /// Parse as strict code (eval called from strict code).
    pub strict: bool,
    /// The code runs inside a (non-arrow) function: `new.target` is allowed.
    pub allow_new_target: bool,
    /// The code runs inside a method: `super.x` is allowed.
    pub allow_super_property: bool,
    /// The code runs inside a derived-class constructor: `super()` is allowed.
    pub allow_super_call: bool,
    /// The code runs inside a class field initialiser: `arguments` is forbidden.
    pub in_class_field_initializer: bool,
    /// Private names visible at the eval site (without `#`).
    pub private_names: Vec<Box<str>>,
}

/// The kind of function the `Function`-family constructors create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamicFunctionKind {
    /// `Function(...)`
    Normal,
    /// `GeneratorFunction(...)`
    Generator,
    /// `AsyncFunction(...)`
    Async,
    /// `AsyncGeneratorFunction(...)`
    AsyncGenerator,
}

/// Parses `source` as a Script.
pub fn parse_script(source: &Source, options: ScriptOptions) -> Result<ast::Script, SyntaxError> {
    let mut parser = Parser::new(source, false, &options);
    parser
        .run(|p| p.parse_script_body())
        .map_err(|e| e.into_syntax_error(source))
}

/// Parses `source` as a Module.
pub fn parse_module(source: &Source) -> Result<ast::Module, SyntaxError> {
    let mut parser = Parser::new(
        source,
        true,
        &ScriptOptions {
            strict: true,
            ..Default::default()
        },
    );
    parser
        .run(|p| p.parse_module_body())
        .map_err(|e| e.into_syntax_error(source))
}

/// Parses the parameters and body given to the `Function` constructor (CreateDynamicFunction):
/// each is first checked on its own (so neither can close the other early), then the
/// assembled text `function anonymous(params\n) {\nbody\n}` (with `async`/`*` as `kind` asks)
/// is parsed. Returns that assembled source (whose text is what `toString` shows) and the
/// function.
pub fn parse_dynamic_function(
    parameters: &str,
    body: &str,
    kind: DynamicFunctionKind,
) -> Result<(Source, ast::Function), SyntaxError> {
    let (is_async, is_generator) = match kind {
        DynamicFunctionKind::Normal => (false, false),
        DynamicFunctionKind::Generator => (false, true),
        DynamicFunctionKind::Async => (true, false),
        DynamicFunctionKind::AsyncGenerator => (true, true),
    };
    let options = ScriptOptions::default();
    let params_source = Source::new("anonymous", parameters);
    let mut parser = Parser::new(&params_source, false, &options);
    parser
        .run(|p| p.parse_standalone_parameters(is_async, is_generator))
        .map_err(|e| e.into_syntax_error(&params_source))?;
    let body_source = Source::new("anonymous", body);
    let mut parser = Parser::new(&body_source, false, &options);
    parser
        .run(|p| p.parse_standalone_body(is_async, is_generator))
        .map_err(|e| e.into_syntax_error(&body_source))?;
    let text = format!(
        "{}function{} anonymous({}\n) {{\n{}\n}}",
        if is_async { "async " } else { "" },
        if is_generator { "*" } else { "" },
        parameters,
        body
    );
    let source = Source::new("anonymous", text);
    let mut parser = Parser::new(&source, false, &options);
    let function = parser
        .run(|p| p.parse_standalone_function())
        .map_err(|e| e.into_syntax_error(&source))?;
    Ok((source, function))
}

/// An error before it is resolved against the source.
#[derive(Debug)]
pub(crate) struct ParseError {
    message: String,
    span: Span,
}

impl ParseError {
    fn into_syntax_error(self, source: &Source) -> SyntaxError {
        SyntaxError::new(source, self.message, self.span)
    }
}

pub(crate) type PResult<T> = Result<T, Box<ParseError>>;

/// A label in scope.
#[derive(Debug, Clone)]
pub(crate) struct Label {
    name: Box<str>,
    is_loop: bool,
    /// Start of the statement the label applies to (updated through chained labels).
    statement_start: u32,
}

/// Per-function parsing context.
#[derive(Debug, Clone, Default)]
pub(crate) struct FnCtx {
    strict: bool,
    /// `await` is a keyword (async function, module top level).
    is_async: bool,
    /// `yield` is a keyword.
    is_generator: bool,
    is_arrow: bool,
    /// `return` allowed.
    in_function: bool,
    /// Parsing this function's formal parameters.
    in_params: bool,
    allow_super_property: bool,
    allow_super_call: bool,
    allow_new_target: bool,
    /// False in class field initialisers and static blocks.
    allow_arguments: bool,
    /// Inside a class static block (`await` reserved, `arguments` forbidden).
    in_static_block: bool,
    /// Inside a class field initialiser (no `yield`/`await` expressions).
    in_field_init: bool,
    labels: Vec<Label>,
    loop_depth: u32,
    breakable_depth: u32,
    flags: FunctionFlags,
}

/// Positions of cover-grammar-relevant expressions since the last reset (see
/// `expression.rs`: arrow parameters must not contain `yield`/`await` expressions).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CoverPositions {
    yield_or_await: Option<u32>,
    await_identifier: Option<u32>,
}

/// Private names of one class body.
#[derive(Debug, Default)]
pub(crate) struct PrivateScope {
    /// name → (kind, is_static) where kind is 0 field/method, 1 getter, 2 setter, 3 both.
    declared: std::collections::HashMap<Box<str>, (u8, bool)>,
    /// References not yet resolved.
    unresolved: Vec<(Box<str>, Span)>,
}

pub(crate) struct Parser<'a> {
    source: &'a Source,
    lexer: Lexer<'a>,
    /// The current token.
    tok: Token,
    /// End of the previous token.
    prev_end: u32,
    module: bool,
    ctx: Vec<FnCtx>,
    scopes: ScopeStack,
    private_scopes: Vec<PrivateScope>,
    outer_private_names: Vec<Box<str>>,
    /// Cover-grammar errors waiting for their enclosing expression: (position, message).
    pending_cover: std::collections::BTreeMap<u32, &'static str>,
    /// Starts of array/object literals whose spread element is followed by a comma.
    spread_comma: std::collections::HashSet<u32>,
    cover: CoverPositions,
    depth: u32,
    /// Start of the innermost AssignmentExpression being parsed, and whether `in` is
    /// allowed there: an arrow function may only begin there.
    assign_start: u32,
    assign_in_ok: bool,
    /// Set when a module body uses top-level `await`.
    top_level_await: bool,
    /// The nesting depth at which the statements of the innermost `case`/`default` clause
    /// are parsed (0 outside `switch`): `using` may not appear directly there.
    case_clause_depth: u32,
}

impl<'a> Parser<'a> {
    fn new(source: &'a Source, module: bool, options: &ScriptOptions) -> Parser<'a> {
        let top = FnCtx {
            strict: options.strict || module,
            is_async: module,
            allow_super_property: options.allow_super_property,
            allow_super_call: options.allow_super_call,
            allow_new_target: options.allow_new_target || options.allow_super_call,
            allow_arguments: !options.in_class_field_initializer,
            ..Default::default()
        };
        Parser {
            source,
            lexer: Lexer::new(source.text(), module),
            tok: Token {
                kind: TokenKind::Eof,
                span: Span::default(),
                newline_before: false,
                escaped: false,
                legacy_octal: None,
                value: TokenValue::None,
            },
            prev_end: 0,
            module,
            ctx: vec![top],
            scopes: ScopeStack::new(module),
            private_scopes: Vec::new(),
            outer_private_names: options.private_names.clone(),
            pending_cover: Default::default(),
            spread_comma: Default::default(),
            cover: CoverPositions::default(),
            depth: 0,
            assign_start: u32::MAX,
            assign_in_ok: true,
            top_level_await: false,
            case_clause_depth: 0,
        }
    }

    /// Primes the first token and runs `f`.
    fn run<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        self.tok = self.lex()?;
        f(self)
    }

    // ----- errors -----

    pub(crate) fn err<T>(&self, message: impl Into<String>, span: Span) -> PResult<T> {
        Err(Box::new(ParseError {
            message: message.into(),
            span,
        }))
    }

    /// "Unexpected token" for the current token.
    pub(crate) fn unexpected<T>(&self) -> PResult<T> {
        let t = &self.tok;
        let text = &self.source.text()[t.span.start as usize..t.span.end as usize];
        let message = match t.kind {
            TokenKind::Eof => "Unexpected end of input".to_string(),
            TokenKind::Name if early_errors::is_reserved_word(t.name()) => {
                format!("Unexpected token '{}'", t.name())
            }
            TokenKind::Name => format!("Unexpected identifier '{}'", t.name()),
            TokenKind::String => "Unexpected string".to_string(),
            TokenKind::Number | TokenKind::BigInt => "Unexpected number".to_string(),
            TokenKind::NoSubstitutionTemplate | TokenKind::TemplateHead => {
                "Unexpected template string".to_string()
            }
            _ => format!(
                "Unexpected token '{}'",
                text.chars().take(20).collect::<String>()
            ),
        };
        self.err(message, t.span)
    }

    // ----- tokens -----

    fn lex(&mut self) -> PResult<Token> {
        self.lexer.next_token().map_err(|e| {
            Box::new(ParseError {
                message: e.message,
                span: e.span,
            })
        })
    }

    /// Advances and returns the token that was current.
    pub(crate) fn bump(&mut self) -> PResult<Token> {
        let next = self.lex()?;
        self.prev_end = self.tok.span.end;
        Ok(std::mem::replace(&mut self.tok, next))
    }

    pub(crate) fn at(&self, kind: TokenKind) -> bool {
        self.tok.kind == kind
    }

    pub(crate) fn eat(&mut self, kind: TokenKind) -> PResult<bool> {
        if self.tok.kind == kind {
            self.bump()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub(crate) fn expect(&mut self, kind: TokenKind) -> PResult<Token> {
        if self.tok.kind == kind {
            self.bump()
        } else {
            self.unexpected()
        }
    }

    /// True if the current token is the unescaped word `w`.
    pub(crate) fn is_word(&self, w: &str) -> bool {
        self.tok.is_word(w)
    }

    pub(crate) fn eat_word(&mut self, w: &str) -> PResult<bool> {
        if self.is_word(w) {
            self.bump()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub(crate) fn expect_word(&mut self, w: &str) -> PResult<Token> {
        if self.is_word(w) {
            self.bump()
        } else {
            self.unexpected()
        }
    }

    /// The token after the current one (lexed as if `/` were division). Lexing errors give
    /// an `Eof` token; the real error surfaces when the parser gets there.
    pub(crate) fn peek(&self) -> Token {
        self.peek2().0
    }

    /// The two tokens after the current one.
    pub(crate) fn peek2(&self) -> (Token, Token) {
        let mut lexer = self.lexer.clone();
        let eof = Token {
            kind: TokenKind::Eof,
            span: Span::new(self.tok.span.end, self.tok.span.end),
            newline_before: false,
            escaped: false,
            legacy_octal: None,
            value: TokenValue::None,
        };
        let first = lexer.next_token().unwrap_or_else(|_| eof.clone());
        let second = if first.kind == TokenKind::Eof {
            eof
        } else {
            lexer.next_token().unwrap_or(eof)
        };
        (first, second)
    }

    /// Re-lexes the current `/` or `/=` token as a regular expression.
    pub(crate) fn rescan_regexp(&mut self) -> PResult<()> {
        let start = self.tok.span.start;
        let newline = self.tok.newline_before;
        self.tok = self.lexer.rescan_regexp(start, newline).map_err(|e| {
            Box::new(ParseError {
                message: e.message,
                span: e.span,
            })
        })?;
        Ok(())
    }

    /// Re-lexes the current `}` as a template continuation.
    pub(crate) fn rescan_template(&mut self) -> PResult<()> {
        let start = self.tok.span.start;
        self.tok = self
            .lexer
            .rescan_template_continuation(start)
            .map_err(|e| {
                Box::new(ParseError {
                    message: e.message,
                    span: e.span,
                })
            })?;
        Ok(())
    }

    /// Automatic semicolon insertion: eats a `;`, or accepts a `}`, the end of input or a
    /// preceding line terminator.
    pub(crate) fn semicolon(&mut self) -> PResult<()> {
        if self.eat(TokenKind::Semicolon)? {
            return Ok(());
        }
        if self.at(TokenKind::RBrace) || self.at(TokenKind::Eof) || self.tok.newline_before {
            return Ok(());
        }
        self.unexpected()
    }

    /// True if ASI would end a statement here (used for restricted productions).
    pub(crate) fn can_insert_semicolon(&self) -> bool {
        self.at(TokenKind::Semicolon)
            || self.at(TokenKind::RBrace)
            || self.at(TokenKind::Eof)
            || self.tok.newline_before
    }

    pub(crate) fn span_from(&self, start: u32) -> Span {
        Span::new(start, self.prev_end.max(start))
    }

    // ----- nesting -----

    /// Counts one more level of a left-deep chain (`a + b + c`, `a.b.c()`) against
    /// [`MAX_NESTING`]: such chains nest in the tree although the parser loops over them.
    /// The caller gives the levels back with [`Parser::unchain`] when the chain ends.
    pub(crate) fn chain(&mut self, levels: &mut u32) -> PResult<()> {
        if self.depth >= MAX_NESTING {
            return self.err("too much nesting", self.tok.span);
        }
        self.depth += 1;
        *levels += 1;
        Ok(())
    }

    /// Ends a chain started with [`Parser::chain`].
    pub(crate) fn unchain(&mut self, levels: u32) {
        self.depth -= levels;
    }

    /// Runs one nesting step: counts it against [`MAX_NESTING`] and makes sure enough stack
    /// is left for it.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_NESTING {
            return self.err("too much nesting", self.tok.span);
        }
        self.depth += 1;
        let result = stacker::maybe_grow(STACK_RED_ZONE, STACK_SEGMENT, || f(self));
        self.depth -= 1;
        result
    }

    // ----- context -----

    pub(crate) fn cx(&self) -> &FnCtx {
        self.ctx
            .last()
            .expect("the top-level context is never popped")
    }

    pub(crate) fn cx_mut(&mut self) -> &mut FnCtx {
        self.ctx
            .last_mut()
            .expect("the top-level context is never popped")
    }

    pub(crate) fn strict(&self) -> bool {
        self.cx().strict
    }

    /// Sets a `uses_*` flag on the current function and, through arrows, on the function
    /// whose `this`/`arguments`/`super`/`new.target` it is.
    pub(crate) fn mark(&mut self, set: impl Fn(&mut FunctionFlags)) {
        for cx in self.ctx.iter_mut().rev() {
            set(&mut cx.flags);
            if !cx.is_arrow {
                break;
            }
        }
    }

    /// Reports the first pending cover-grammar error at or after `start`.
    pub(crate) fn check_cover(&self, start: u32) -> PResult<()> {
        if let Some((&pos, &message)) = self.pending_cover.range(start..).next() {
            return self.err(message, Span::new(pos, pos + 1));
        }
        Ok(())
    }

    /// Checks a legacy-octal flagged token against strict mode.
    pub(crate) fn check_octal(&self, tok: &Token) -> PResult<()> {
        if let Some(pos) = tok.legacy_octal {
            if self.strict() {
                let message = if tok.kind == TokenKind::String {
                    "Octal escape sequences are not allowed in strict mode"
                } else {
                    "Octal literals are not allowed in strict mode"
                };
                return self.err(message, Span::new(pos, tok.span.end));
            }
        }
        Ok(())
    }
}

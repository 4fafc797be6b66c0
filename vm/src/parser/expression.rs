//! Expressions: assignment (with destructuring via the cover grammar), `yield`, conditional,
//! binary operators by precedence climbing (with the `??` mixing and `**` unary-operand
//! restrictions), unary/update, `await`, member/call/optional chains, `new`, `super`,
//! `import()`/`import.meta`, primary expressions (structured literals are in `literal.rs`),
//! and parenthesised expressions that may turn out to be arrow parameters.

use super::early_errors::IdentUse;
use super::{CoverPositions, PResult, Parser};
use crate::ast::*;
use crate::lexer::{TokenKind as K, TokenValue};

/// Precedence of `in` and the other relational operators.
const PREC_RELATIONAL: u8 = 7;

fn binary_operator(
    kind: K,
    name: &str,
    escaped: bool,
    in_ok: bool,
) -> Option<(u8, Result<BinaryOperator, LogicalOperator>)> {
    use BinaryOperator as B;
    Some(match kind {
        K::QuestionQuestion => (1, Err(LogicalOperator::Coalesce)),
        K::PipePipe => (1, Err(LogicalOperator::Or)),
        K::AmpAmp => (2, Err(LogicalOperator::And)),
        K::Pipe => (3, Ok(B::BitOr)),
        K::Caret => (4, Ok(B::BitXor)),
        K::Amp => (5, Ok(B::BitAnd)),
        K::EqEq => (6, Ok(B::Eq)),
        K::NotEq => (6, Ok(B::NotEq)),
        K::EqEqEq => (6, Ok(B::StrictEq)),
        K::NotEqEq => (6, Ok(B::StrictNotEq)),
        K::Lt => (7, Ok(B::Lt)),
        K::Gt => (7, Ok(B::Gt)),
        K::LtEq => (7, Ok(B::LtEq)),
        K::GtEq => (7, Ok(B::GtEq)),
        K::Name if !escaped && name == "instanceof" => (7, Ok(B::Instanceof)),
        K::Name if !escaped && name == "in" && in_ok => (7, Ok(B::In)),
        K::Shl => (8, Ok(B::Shl)),
        K::Shr => (8, Ok(B::Shr)),
        K::UShr => (8, Ok(B::UShr)),
        K::Plus => (9, Ok(B::Add)),
        K::Minus => (9, Ok(B::Sub)),
        K::Star => (10, Ok(B::Mul)),
        K::Slash => (10, Ok(B::Div)),
        K::Percent => (10, Ok(B::Rem)),
        K::StarStar => (11, Ok(B::Exp)),
        _ => return None,
    })
}

fn assignment_operator(kind: K) -> Option<AssignmentOperator> {
    use AssignmentOperator as A;
    use BinaryOperator as B;
    Some(match kind {
        K::Eq => A::Assign,
        K::PlusEq => A::Compound(B::Add),
        K::MinusEq => A::Compound(B::Sub),
        K::StarEq => A::Compound(B::Mul),
        K::SlashEq => A::Compound(B::Div),
        K::PercentEq => A::Compound(B::Rem),
        K::StarStarEq => A::Compound(B::Exp),
        K::ShlEq => A::Compound(B::Shl),
        K::ShrEq => A::Compound(B::Shr),
        K::UShrEq => A::Compound(B::UShr),
        K::AmpEq => A::Compound(B::BitAnd),
        K::PipeEq => A::Compound(B::BitOr),
        K::CaretEq => A::Compound(B::BitXor),
        K::AmpAmpEq => A::Logical(LogicalOperator::And),
        K::PipePipeEq => A::Logical(LogicalOperator::Or),
        K::QuestionQuestionEq => A::Logical(LogicalOperator::Coalesce),
        _ => return None,
    })
}

fn is_arrow(e: &Expression) -> bool {
    matches!(e, Expression::Arrow(_))
}

impl Parser<'_> {
    /// Expression[In]: a comma-separated sequence.
    pub(crate) fn parse_expression(&mut self, in_ok: bool) -> PResult<Expression> {
        let start = self.tok.span.start;
        let first = self.parse_assignment(in_ok, false)?;
        if !self.at(K::Comma) {
            return Ok(first);
        }
        let mut expressions = vec![first];
        while self.eat(K::Comma)? {
            expressions.push(self.parse_assignment(in_ok, false)?);
        }
        Ok(Expression::Sequence(Box::new(SequenceExpression {
            span: self.span_from(start),
            expressions,
        })))
    }

    /// AssignmentExpression. With `cover`, errors that a later conversion to a pattern would
    /// excuse are left pending for the caller (array elements, property values, parenthesised
    /// lists and `async(...)` arguments).
    pub(crate) fn parse_assignment(&mut self, in_ok: bool, cover: bool) -> PResult<Expression> {
        self.nested(|p| p.parse_assignment_inner(in_ok, cover))
    }

    fn parse_assignment_inner(&mut self, in_ok: bool, cover: bool) -> PResult<Expression> {
        let start = self.tok.span.start;
        if self.cx().is_generator && self.is_word("yield") {
            return self.parse_yield(in_ok);
        }
        self.assign_start = start;
        self.assign_in_ok = in_ok;
        let left = self.parse_conditional(in_ok)?;
        if is_arrow(&left) {
            return Ok(left);
        }
        if let Some(operator) = assignment_operator(self.tok.kind) {
            let target = match (&operator, &left) {
                (AssignmentOperator::Assign, Expression::Object(_) | Expression::Array(_)) => {
                    self.assign_pattern_from(left)?
                }
                (AssignmentOperator::Logical(_), _) => {
                    self.simple_target_from(left, false, "Invalid left-hand side in assignment")?
                }
                _ => self.simple_target_from(left, true, "Invalid left-hand side in assignment")?,
            };
            self.bump()?;
            let value = self.parse_assignment(in_ok, false)?;
            if !cover {
                self.check_cover(start)?;
            }
            return Ok(Expression::Assign(Box::new(AssignmentExpression {
                span: self.span_from(start),
                operator,
                target,
                value,
            })));
        }
        if !cover {
            self.check_cover(start)?;
        }
        Ok(left)
    }

    fn starts_expression(&self) -> bool {
        match self.tok.kind {
            K::Name => !matches!(self.tok.name(), "in" | "instanceof" | "of") || self.tok.escaped,
            K::String
            | K::Number
            | K::BigInt
            | K::NoSubstitutionTemplate
            | K::TemplateHead
            | K::LParen
            | K::LBracket
            | K::LBrace
            | K::Plus
            | K::Minus
            | K::Bang
            | K::Tilde
            | K::PlusPlus
            | K::MinusMinus
            | K::Slash
            | K::SlashEq
            | K::PrivateName
            | K::Lt => true,
            _ => false,
        }
    }

    fn parse_yield(&mut self, in_ok: bool) -> PResult<Expression> {
        let tok = self.bump()?;
        if self.cx().in_params {
            return self.err("Yield expression not allowed in formal parameter", tok.span);
        }
        if self.cx().in_field_init {
            return self.err(
                "Yield expression not allowed in class field initializer",
                tok.span,
            );
        }
        self.cover.yield_or_await.get_or_insert(tok.span.start);
        let mut delegate = false;
        let mut argument = None;
        if !self.tok.newline_before {
            if self.at(K::Star) {
                self.bump()?;
                delegate = true;
                argument = Some(self.parse_assignment(in_ok, false)?);
            } else if self.starts_expression() {
                argument = Some(self.parse_assignment(in_ok, false)?);
            }
        }
        Ok(Expression::Yield(Box::new(YieldExpression {
            span: self.span_from(tok.span.start),
            argument,
            delegate,
        })))
    }

    fn parse_conditional(&mut self, in_ok: bool) -> PResult<Expression> {
        let start = self.tok.span.start;
        let test = self.parse_binary(0, in_ok)?;
        if is_arrow(&test) || !self.at(K::Question) {
            return Ok(test);
        }
        self.bump()?;
        let consequent = self.parse_assignment(true, false)?;
        self.expect(K::Colon)?;
        let alternate = self.parse_assignment(in_ok, false)?;
        Ok(Expression::Conditional(Box::new(ConditionalExpression {
            span: self.span_from(start),
            test,
            consequent,
            alternate,
        })))
    }

    /// Binary operators with precedence at least `min_prec` (precedence climbing; recursion
    /// is bounded by the number of precedence levels except for right-associative `**`,
    /// which counts as nesting).
    fn parse_binary(&mut self, min_prec: u8, in_ok: bool) -> PResult<Expression> {
        let mut levels = 0;
        let result = self.parse_binary_chain(min_prec, in_ok, &mut levels);
        self.unchain(levels);
        result
    }

    fn parse_binary_chain(
        &mut self,
        min_prec: u8,
        in_ok: bool,
        levels: &mut u32,
    ) -> PResult<Expression> {
        let start = self.tok.span.start;
        let mut left = if self.at(K::PrivateName) {
            let tok = self.bump()?;
            if min_prec > PREC_RELATIONAL || !in_ok || !self.is_word("in") {
                return self.err("Unexpected private name", tok.span);
            }
            let name = PrivateName {
                span: tok.span,
                name: tok.name().into(),
            };
            self.reference_private_name(&name)?;
            self.bump()?;
            let right = self.parse_binary(PREC_RELATIONAL + 1, in_ok)?;
            Expression::PrivateIn(Box::new(PrivateInExpression {
                span: self.span_from(start),
                name,
                right,
            }))
        } else {
            self.parse_unary()?
        };
        loop {
            if is_arrow(&left) {
                break;
            }
            let Some((prec, op)) =
                binary_operator(self.tok.kind, self.tok.name(), self.tok.escaped, in_ok)
            else {
                break;
            };
            if prec < min_prec.max(1) {
                break;
            }
            if op == Ok(BinaryOperator::Exp)
                && matches!(left, Expression::Unary(_) | Expression::Await(_))
            {
                return self.err(
                    "Unary operator used immediately before exponentiation expression. Parenthesis must be used to disambiguate operator precedence",
                    self.tok.span,
                );
            }
            self.bump()?;
            self.chain(levels)?;
            let right = if op == Ok(BinaryOperator::Exp) {
                self.nested(|p| p.parse_binary(prec, in_ok))?
            } else {
                self.parse_binary(prec + 1, in_ok)?
            };
            let span = self.span_from(start);
            left = match op {
                Ok(operator) => Expression::Binary(Box::new(BinaryExpression {
                    span,
                    operator,
                    left,
                    right,
                })),
                Err(operator) => {
                    let mixes = |e: &Expression| match e {
                        Expression::Logical(l) => {
                            (l.operator == LogicalOperator::Coalesce)
                                != (operator == LogicalOperator::Coalesce)
                        }
                        _ => false,
                    };
                    if mixes(&left) || mixes(&right) {
                        return self.err(
                            "Cannot mix '??' with '||' or '&&' without parentheses",
                            span,
                        );
                    }
                    Expression::Logical(Box::new(LogicalExpression {
                        span,
                        operator,
                        left,
                        right,
                    }))
                }
            };
        }
        Ok(left)
    }

    /// UnaryExpression / UpdateExpression / AwaitExpression. Prefix operators are collected
    /// in a loop (no recursion per operator) and applied innermost first.
    fn parse_unary(&mut self) -> PResult<Expression> {
        enum Prefix {
            Unary(UnaryOperator),
            Update(bool),
            Await,
        }
        let mut prefixes: Vec<(u32, Prefix)> = Vec::new();
        loop {
            let start = self.tok.span.start;
            let operator = match self.tok.kind {
                K::Minus => Some(UnaryOperator::Minus),
                K::Plus => Some(UnaryOperator::Plus),
                K::Bang => Some(UnaryOperator::Not),
                K::Tilde => Some(UnaryOperator::BitNot),
                K::Name if !self.tok.escaped => match self.tok.name() {
                    "typeof" => Some(UnaryOperator::Typeof),
                    "void" => Some(UnaryOperator::Void),
                    "delete" => Some(UnaryOperator::Delete),
                    _ => None,
                },
                _ => None,
            };
            if let Some(operator) = operator {
                self.bump()?;
                prefixes.push((start, Prefix::Unary(operator)));
            } else if matches!(self.tok.kind, K::PlusPlus | K::MinusMinus) {
                let increment = self.bump()?.kind == K::PlusPlus;
                prefixes.push((start, Prefix::Update(increment)));
            } else if self.is_word("await") && (self.cx().is_async || self.cx().in_static_block) {
                self.parse_await_keyword()?;
                prefixes.push((start, Prefix::Await));
            } else {
                break;
            }
            if prefixes.len() as u32 > super::MAX_NESTING {
                return self.err("too much nesting", self.tok.span);
            }
        }
        let mut expr = self.parse_postfix()?;
        while let Some((start, prefix)) = prefixes.pop() {
            let span = self.span_from(start);
            expr = match prefix {
                Prefix::Unary(operator) => {
                    if operator == UnaryOperator::Delete {
                        let inner = expr.without_parens();
                        if self.strict() && matches!(inner, Expression::Identifier(_)) {
                            return self.err(
                                "Delete of an unqualified identifier in strict mode.",
                                expr.span(),
                            );
                        }
                        if is_private_reference(inner) {
                            return self.err("Private fields can not be deleted", expr.span());
                        }
                    }
                    Expression::Unary(Box::new(UnaryExpression {
                        span,
                        operator,
                        argument: expr,
                    }))
                }
                Prefix::Update(increment) => {
                    let target = self.simple_target_from(
                        expr,
                        true,
                        "Invalid left-hand side expression in prefix operation",
                    )?;
                    Expression::Update(Box::new(UpdateExpression {
                        span,
                        increment,
                        prefix: true,
                        target,
                    }))
                }
                Prefix::Await => Expression::Await(Box::new(AwaitExpression {
                    span,
                    argument: expr,
                })),
            };
        }
        Ok(expr)
    }

    /// LeftHandSideExpression with an optional postfix `++`/`--`.
    fn parse_postfix(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        let expr = self.parse_lhs()?;
        if matches!(self.tok.kind, K::PlusPlus | K::MinusMinus)
            && !self.tok.newline_before
            && !is_arrow(&expr)
        {
            let target = self.simple_target_from(
                expr,
                true,
                "Invalid left-hand side expression in postfix operation",
            )?;
            let increment = self.bump()?.kind == K::PlusPlus;
            return Ok(Expression::Update(Box::new(UpdateExpression {
                span: self.span_from(start),
                increment,
                prefix: false,
                target,
            })));
        }
        Ok(expr)
    }

    /// Consumes an `await` keyword and applies its context checks.
    fn parse_await_keyword(&mut self) -> PResult<()> {
        let tok = self.bump()?;
        let cx = self.cx();
        if cx.in_static_block && !cx.is_async {
            return self.err("Unexpected 'await' in class static block", tok.span);
        }
        if cx.in_params {
            return self.err(
                "Illegal await-expression in formal parameters of async function",
                tok.span,
            );
        }
        if cx.in_field_init {
            return self.err("Unexpected 'await' in class field initializer", tok.span);
        }
        self.cover.yield_or_await.get_or_insert(tok.span.start);
        if self.ctx.len() == 1 && self.module {
            self.top_level_await = true;
        }
        Ok(())
    }

    /// LeftHandSideExpression: `new`, calls, member accesses, optional chains, tagged
    /// templates.
    pub(crate) fn parse_lhs(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        let expr = self.parse_primary()?;
        self.parse_call_tail(start, expr, true)
    }

    fn parse_call_tail(
        &mut self,
        start: u32,
        expr: Expression,
        allow_calls: bool,
    ) -> PResult<Expression> {
        let mut levels = 0;
        let result = self.parse_call_chain(start, expr, allow_calls, &mut levels);
        self.unchain(levels);
        result
    }

    fn parse_call_chain(
        &mut self,
        start: u32,
        mut expr: Expression,
        allow_calls: bool,
        levels: &mut u32,
    ) -> PResult<Expression> {
        let mut in_chain = false;
        loop {
            if is_arrow(&expr) {
                break;
            }
            if matches!(
                self.tok.kind,
                K::Dot
                    | K::QuestionDot
                    | K::LBracket
                    | K::LParen
                    | K::NoSubstitutionTemplate
                    | K::TemplateHead
            ) {
                self.chain(levels)?;
            }
            match self.tok.kind {
                K::Dot => {
                    self.bump()?;
                    let property = self.parse_member_name()?;
                    expr = Expression::Member(Box::new(MemberExpression {
                        span: self.span_from(start),
                        object: expr,
                        property,
                        optional: false,
                    }));
                }
                K::QuestionDot => {
                    if !allow_calls {
                        return self
                            .err("Invalid optional chain from new expression", self.tok.span);
                    }
                    self.bump()?;
                    in_chain = true;
                    match self.tok.kind {
                        K::LParen => {
                            let (arguments, _) = self.parse_arguments(false)?;
                            expr = Expression::Call(Box::new(CallExpression {
                                span: self.span_from(start),
                                callee: expr,
                                arguments,
                                optional: true,
                                direct_eval: false,
                            }));
                        }
                        K::LBracket => {
                            self.bump()?;
                            let property = self.parse_expression(true)?;
                            self.expect(K::RBracket)?;
                            expr = Expression::Member(Box::new(MemberExpression {
                                span: self.span_from(start),
                                object: expr,
                                property: MemberProperty::Computed(property),
                                optional: true,
                            }));
                        }
                        K::NoSubstitutionTemplate | K::TemplateHead => {
                            return self
                                .err("Invalid tagged template on optional chain", self.tok.span);
                        }
                        _ => {
                            let property = self.parse_member_name()?;
                            expr = Expression::Member(Box::new(MemberExpression {
                                span: self.span_from(start),
                                object: expr,
                                property,
                                optional: true,
                            }));
                        }
                    }
                }
                K::LBracket => {
                    self.bump()?;
                    let property = self.parse_expression(true)?;
                    self.expect(K::RBracket)?;
                    expr = Expression::Member(Box::new(MemberExpression {
                        span: self.span_from(start),
                        object: expr,
                        property: MemberProperty::Computed(property),
                        optional: false,
                    }));
                }
                K::LParen if allow_calls => {
                    let direct_eval = !in_chain
                        && matches!(expr.without_parens(), Expression::Identifier(id) if &*id.name == "eval");
                    let (arguments, _) = self.parse_arguments(false)?;
                    if direct_eval {
                        self.mark(|f| f.uses_eval = true);
                    }
                    expr = Expression::Call(Box::new(CallExpression {
                        span: self.span_from(start),
                        callee: expr,
                        arguments,
                        optional: false,
                        direct_eval,
                    }));
                }
                K::NoSubstitutionTemplate | K::TemplateHead => {
                    if in_chain {
                        return self
                            .err("Invalid tagged template on optional chain", self.tok.span);
                    }
                    let quasi = self.parse_template(true)?;
                    expr = Expression::TaggedTemplate(Box::new(TaggedTemplate {
                        span: self.span_from(start),
                        tag: expr,
                        quasi,
                    }));
                }
                _ => break,
            }
        }
        if in_chain {
            expr = Expression::OptionalChain(Box::new(OptionalChain {
                span: self.span_from(start),
                expression: expr,
            }));
        }
        Ok(expr)
    }

    /// After `.` or `?.`: an IdentifierName or a private name.
    fn parse_member_name(&mut self) -> PResult<MemberProperty> {
        match self.tok.kind {
            K::Name => {
                let tok = self.bump()?;
                Ok(MemberProperty::Identifier(Identifier {
                    span: tok.span,
                    name: tok.name().into(),
                }))
            }
            K::PrivateName => {
                let tok = self.bump()?;
                let name = PrivateName {
                    span: tok.span,
                    name: tok.name().into(),
                };
                self.reference_private_name(&name)?;
                Ok(MemberProperty::Private(name))
            }
            _ => self.unexpected(),
        }
    }

    /// `( args )`. With `cover`, the arguments may become async arrow parameters. Returns
    /// the arguments and the position of a comma after a trailing spread, if any.
    pub(crate) fn parse_arguments(
        &mut self,
        cover: bool,
    ) -> PResult<(Vec<ArrayElement>, Option<u32>)> {
        self.expect(K::LParen)?;
        let mut arguments = Vec::new();
        let mut spread_comma = None;
        while !self.at(K::RParen) {
            if self.at(K::Ellipsis) {
                let start = self.bump()?.span.start;
                let argument = self.parse_assignment(true, cover)?;
                arguments.push(ArrayElement::Spread(SpreadElement {
                    span: self.span_from(start),
                    argument,
                }));
                if self.at(K::Comma) {
                    spread_comma = Some(self.tok.span.start);
                }
            } else {
                arguments.push(ArrayElement::Expression(
                    self.parse_assignment(true, cover)?,
                ));
            }
            if !self.eat(K::Comma)? {
                break;
            }
        }
        self.expect(K::RParen)?;
        Ok((arguments, spread_comma))
    }

    fn parse_new(&mut self) -> PResult<Expression> {
        self.nested(|p| p.parse_new_inner())
    }

    fn parse_new_inner(&mut self) -> PResult<Expression> {
        let start = self.bump()?.span.start;
        if self.at(K::Dot) {
            self.bump()?;
            if !self.is_word("target") {
                return self.unexpected();
            }
            let tok = self.bump()?;
            let span = Span::new(start, tok.span.end);
            if !self.cx().allow_new_target {
                return self.err("new.target expression is not allowed here", span);
            }
            self.mark(|f| f.uses_new_target = true);
            return Ok(Expression::NewTarget(span));
        }
        if self.is_word("import") && self.peek().kind != K::Dot {
            return self.err("Cannot use new with import", self.tok.span);
        }
        let callee_start = self.tok.span.start;
        let callee = self.parse_primary()?;
        if is_arrow(&callee) {
            return self.unexpected();
        }
        let callee = self.parse_call_tail(callee_start, callee, false)?;
        let arguments = if self.at(K::LParen) {
            self.parse_arguments(false)?.0
        } else {
            Vec::new()
        };
        Ok(Expression::New(Box::new(NewExpression {
            span: self.span_from(start),
            callee,
            arguments,
        })))
    }

    fn parse_super(&mut self) -> PResult<Expression> {
        let tok = self.bump()?;
        match self.tok.kind {
            K::LParen => {
                if !self.cx().allow_super_call {
                    return self.err("'super' keyword unexpected here", tok.span);
                }
                self.mark(|f| f.uses_super_call = true);
                let (arguments, _) = self.parse_arguments(false)?;
                Ok(Expression::SuperCall(Box::new(SuperCallExpression {
                    span: self.span_from(tok.span.start),
                    arguments,
                })))
            }
            K::Dot | K::LBracket => {
                if !self.cx().allow_super_property {
                    return self.err("'super' keyword unexpected here", tok.span);
                }
                self.mark(|f| f.uses_super_property = true);
                let property = if self.bump()?.kind == K::Dot {
                    if self.at(K::PrivateName) {
                        return self.err("Unexpected private field", self.tok.span);
                    }
                    self.parse_member_name()?
                } else {
                    let property = self.parse_expression(true)?;
                    self.expect(K::RBracket)?;
                    MemberProperty::Computed(property)
                };
                Ok(Expression::SuperMember(Box::new(SuperMemberExpression {
                    span: self.span_from(tok.span.start),
                    property,
                })))
            }
            _ => self.err("'super' keyword unexpected here", tok.span),
        }
    }

    fn parse_import_expression(&mut self) -> PResult<Expression> {
        let tok = self.bump()?;
        if self.at(K::Dot) {
            self.bump()?;
            if !self.is_word("meta") {
                return self.unexpected();
            }
            let end = self.bump()?.span.end;
            let span = Span::new(tok.span.start, end);
            if !self.module {
                return self.err("Cannot use 'import.meta' outside a module", span);
            }
            return Ok(Expression::ImportMeta(span));
        }
        if !self.at(K::LParen) {
            return self.unexpected();
        }
        self.bump()?;
        let source = self.parse_assignment(true, false)?;
        let mut options = None;
        if self.eat(K::Comma)? && !self.at(K::RParen) {
            options = Some(self.parse_assignment(true, false)?);
            self.eat(K::Comma)?;
        }
        self.expect(K::RParen)?;
        Ok(Expression::ImportCall(Box::new(ImportCall {
            span: self.span_from(tok.span.start),
            source,
            options,
        })))
    }

    /// PrimaryExpression (plus `new`, `super` and `import`, which start member expressions).
    pub(crate) fn parse_primary(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        match self.tok.kind {
            K::Name if !self.tok.escaped => match self.tok.name() {
                "this" => {
                    let tok = self.bump()?;
                    self.mark(|f| f.uses_this = true);
                    Ok(Expression::This(tok.span))
                }
                "null" => Ok(Expression::Null(self.bump()?.span)),
                "true" | "false" => {
                    let tok = self.bump()?;
                    Ok(Expression::Boolean(BooleanLiteral {
                        span: tok.span,
                        value: tok.name() == "true",
                    }))
                }
                "function" => Ok(Expression::Function(Box::new(
                    self.parse_function_expression(start, false)?,
                ))),
                "class" => Ok(Expression::Class(Box::new(
                    self.parse_class(start, false, None)?,
                ))),
                "new" => self.parse_new(),
                "super" => self.parse_super(),
                "import" => self.parse_import_expression(),
                "async" => self.parse_async_primary(),
                _ => self.parse_identifier_primary(),
            },
            K::Name => self.parse_identifier_primary(),
            K::Number => Ok(Expression::Number(self.parse_number_literal()?)),
            K::BigInt => Ok(Expression::BigInt(self.parse_bigint_literal()?)),
            K::String => Ok(Expression::String(self.parse_string_literal()?)),
            K::Slash | K::SlashEq => {
                self.rescan_regexp()?;
                let tok = self.bump()?;
                let TokenValue::RegExp { pattern, flags } = tok.value else {
                    unreachable!("regexp token")
                };
                Ok(Expression::RegExp(RegExpLiteral {
                    span: tok.span,
                    pattern,
                    flags,
                }))
            }
            K::NoSubstitutionTemplate | K::TemplateHead => {
                Ok(Expression::Template(Box::new(self.parse_template(false)?)))
            }
            K::LParen => self.parse_parenthesized(),
            K::LBracket => self.parse_array_literal(),
            K::LBrace => self.parse_object_literal(),
            _ => self.unexpected(),
        }
    }

    fn parse_identifier_primary(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        let arrow_ok = self.assign_start == start;
        let in_ok = self.assign_in_ok;
        let id = self.parse_identifier(IdentUse::Reference)?;
        if arrow_ok && self.at(K::Arrow) && !self.tok.newline_before {
            let params = self.arrow_params_from_identifier(id, false)?;
            return self.parse_arrow_function(start, params, false, in_ok);
        }
        Ok(Expression::Identifier(id))
    }

    /// `async` at the start of a primary expression: `async function`, `async x => ...`,
    /// `async (...) => ...`, or just the identifier / a call of it.
    fn parse_async_primary(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        let arrow_ok = self.assign_start == start;
        let in_ok = self.assign_in_ok;
        let next = self.peek();
        if next.is_word("function") && !next.newline_before {
            self.bump()?;
            return Ok(Expression::Function(Box::new(
                self.parse_function_expression(start, true)?,
            )));
        }
        if arrow_ok && next.kind == K::Name && !next.newline_before {
            // `async x => ...`: needs the token after `x` to be `=>`.
            let third = self.peek2().1;
            if third.kind == K::Arrow && !third.newline_before {
                self.bump()?;
                let saved = std::mem::take(&mut self.cover);
                let id = self.parse_identifier(IdentUse::Reference)?;
                self.cover = saved;
                if &*id.name == "await" {
                    return self.err(
                        "'await' is not a valid parameter name in an async function",
                        id.span,
                    );
                }
                let params = self.arrow_params_from_identifier(id, true)?;
                return self.parse_arrow_function(start, params, true, in_ok);
            }
        }
        if next.kind == K::LParen && !next.newline_before {
            let id_tok = self.bump()?;
            let callee = Expression::Identifier(Identifier {
                span: id_tok.span,
                name: "async".into(),
            });
            let saved = std::mem::take(&mut self.cover);
            let (arguments, spread_comma) = self.parse_arguments(true)?;
            let inner = std::mem::replace(&mut self.cover, saved);
            if arrow_ok && self.at(K::Arrow) && !self.tok.newline_before {
                if let Some(pos) = inner.yield_or_await.or(inner.await_identifier) {
                    return self.err(
                        "Invalid 'await' or 'yield' in async arrow parameters",
                        Span::new(pos, pos + 5),
                    );
                }
                if let Some(pos) = spread_comma {
                    return self.err(
                        "A rest parameter must be last in a parameter list",
                        Span::new(pos, pos + 1),
                    );
                }
                let params = self.arrow_params_from_arguments(start, arguments)?;
                return self.parse_arrow_function(start, params, true, in_ok);
            }
            self.merge_cover(inner);
            return Ok(Expression::Call(Box::new(CallExpression {
                span: self.span_from(start),
                callee,
                arguments,
                optional: false,
                direct_eval: false,
            })));
        }
        self.parse_identifier_primary()
    }

    pub(crate) fn merge_cover(&mut self, inner: CoverPositions) {
        if self.cover.yield_or_await.is_none() {
            self.cover.yield_or_await = inner.yield_or_await;
        }
        if self.cover.await_identifier.is_none() {
            self.cover.await_identifier = inner.await_identifier;
        }
    }

    /// `( ... )`: a parenthesised expression or arrow parameters.
    fn parse_parenthesized(&mut self) -> PResult<Expression> {
        let start = self.tok.span.start;
        let arrow_ok = self.assign_start == start;
        let in_ok = self.assign_in_ok;
        self.bump()?;
        let saved = std::mem::take(&mut self.cover);
        let mut items = Vec::new();
        let mut rest = None;
        let mut trailing_comma = None;
        while !self.at(K::RParen) {
            if self.at(K::Ellipsis) {
                let rest_start = self.bump()?.span.start;
                let target = self.parse_binding_target()?;
                rest = Some((target, rest_start));
                break;
            }
            items.push(self.parse_assignment(true, true)?);
            if self.at(K::Comma) {
                let comma = self.bump()?;
                if self.at(K::RParen) {
                    trailing_comma = Some(comma.span);
                }
            } else {
                break;
            }
        }
        let close = self.expect(K::RParen)?;
        let inner = std::mem::replace(&mut self.cover, saved);
        if arrow_ok && self.at(K::Arrow) && !self.tok.newline_before {
            if let Some(pos) = inner.yield_or_await {
                return self.err(
                    "Invalid 'await' or 'yield' in arrow parameters",
                    Span::new(pos, pos + 5),
                );
            }
            // `await` identifiers in nested arrow parameters still count for an enclosing
            // `async (...)` head.
            if self.cover.await_identifier.is_none() {
                self.cover.await_identifier = inner.await_identifier;
            }
            let params =
                self.arrow_params_from_list(Span::new(start, close.span.end), items, rest)?;
            return self.parse_arrow_function(start, params, false, in_ok);
        }
        if let Some((_, pos)) = rest {
            return self.err("Unexpected token '...'", Span::new(pos, pos + 3));
        }
        if let Some(span) = trailing_comma {
            return self.err("Unexpected token ')'", Span::new(span.end, span.end + 1));
        }
        if items.is_empty() {
            return self.err("Unexpected token ')'", close.span);
        }
        self.merge_cover(inner);
        let expression = if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            let first = items[0].span().start;
            let last = items[items.len() - 1].span().end;
            Expression::Sequence(Box::new(SequenceExpression {
                span: Span::new(first, last),
                expressions: items,
            }))
        };
        Ok(Expression::Parenthesized(Box::new(
            ParenthesizedExpression {
                span: self.span_from(start),
                expression,
            },
        )))
    }
}

/// True for `x.#p` / `x?.#p` (what `delete` may not take).
fn is_private_reference(e: &Expression) -> bool {
    match e {
        Expression::Member(m) => matches!(m.property, MemberProperty::Private(_)),
        Expression::OptionalChain(c) => is_private_reference(&c.expression),
        _ => false,
    }
}

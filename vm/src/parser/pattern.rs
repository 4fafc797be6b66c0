//! Patterns: parsing binding patterns directly (declarations, parameters, `catch`), and the
//! cover-grammar conversions — expression → assignment pattern (before `=` and in `for-in/of`
//! heads), expression → simple assignment target (compound assignment, `++`), and
//! parenthesised list / `async(...)` arguments → arrow parameters.

use super::early_errors::IdentUse;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::TokenKind as K;

impl Parser<'_> {
    /// BindingIdentifier or BindingPattern.
    pub(crate) fn parse_binding_target(&mut self) -> PResult<Pattern> {
        self.nested(|p| match p.tok.kind {
            K::LBracket => p.parse_array_binding_pattern(),
            K::LBrace => p.parse_object_binding_pattern(),
            _ => p
                .parse_identifier(IdentUse::Binding)
                .map(Pattern::Identifier),
        })
    }

    /// BindingElement: a target with an optional `= default`.
    pub(crate) fn parse_binding_element(&mut self) -> PResult<PatternElement> {
        let start = self.tok.span.start;
        let target = self.parse_binding_target()?;
        let default = if self.eat(K::Eq)? {
            Some(self.parse_assignment(true, false)?)
        } else {
            None
        };
        Ok(PatternElement {
            span: self.span_from(start),
            target,
            default,
        })
    }

    fn parse_array_binding_pattern(&mut self) -> PResult<Pattern> {
        let start = self.bump()?.span.start;
        let mut elements = Vec::new();
        let mut rest = None;
        loop {
            match self.tok.kind {
                K::RBracket => break,
                K::Comma => {
                    self.bump()?;
                    elements.push(None);
                }
                K::Ellipsis => {
                    self.bump()?;
                    rest = Some(self.parse_binding_target()?);
                    if self.at(K::Comma) {
                        return self.err("Rest element must be last element", self.tok.span);
                    }
                    break;
                }
                _ => {
                    elements.push(Some(self.parse_binding_element()?));
                    if !self.at(K::RBracket) {
                        self.expect(K::Comma)?;
                    }
                }
            }
        }
        self.expect(K::RBracket)?;
        Ok(Pattern::Array(Box::new(ArrayPattern {
            span: self.span_from(start),
            elements,
            rest,
        })))
    }

    fn parse_object_binding_pattern(&mut self) -> PResult<Pattern> {
        let start = self.bump()?.span.start;
        let mut properties = Vec::new();
        let mut rest = None;
        while !self.at(K::RBrace) {
            if self.at(K::Ellipsis) {
                self.bump()?;
                rest = Some(Pattern::Identifier(
                    self.parse_identifier(IdentUse::Binding)?,
                ));
                if self.at(K::Comma) {
                    return self.err("Rest element must be last element", self.tok.span);
                }
                break;
            }
            let prop_start = self.tok.span.start;
            let key_is_name = self.tok.kind == K::Name;
            let key = self.parse_property_key(false)?;
            if self.eat(K::Colon)? {
                let value = self.parse_binding_element()?;
                properties.push(PatternProperty {
                    span: self.span_from(prop_start),
                    key,
                    value,
                    shorthand: false,
                });
            } else {
                let PropertyKey::Identifier(id) = &key else {
                    return self.unexpected();
                };
                if !key_is_name {
                    return self.unexpected();
                }
                self.check_identifier(&id.name, id.span, IdentUse::Binding)?;
                let target = Pattern::Identifier(id.clone());
                let default = if self.eat(K::Eq)? {
                    Some(self.parse_assignment(true, false)?)
                } else {
                    None
                };
                let value = PatternElement {
                    span: self.span_from(prop_start),
                    target,
                    default,
                };
                properties.push(PatternProperty {
                    span: self.span_from(prop_start),
                    key,
                    value,
                    shorthand: true,
                });
            }
            if !self.eat(K::Comma)? {
                break;
            }
        }
        self.expect(K::RBrace)?;
        Ok(Pattern::Object(Box::new(ObjectPattern {
            span: self.span_from(start),
            properties,
            rest,
        })))
    }

    /// Converts a simple assignment target (`x`, `a.b`, `(a)`; in sloppy code with
    /// `allow_call`, `f()` which throws at run time).
    pub(crate) fn simple_target_from(
        &mut self,
        expr: Expression,
        allow_call: bool,
        message: &str,
    ) -> PResult<Pattern> {
        match expr {
            Expression::Identifier(id) => {
                self.check_assign_identifier(&id)?;
                Ok(Pattern::Identifier(id))
            }
            Expression::Member(_) | Expression::SuperMember(_) => {
                Ok(Pattern::Expression(Box::new(expr)))
            }
            Expression::Call(_) if allow_call && !self.strict() => {
                Ok(Pattern::Expression(Box::new(expr)))
            }
            Expression::Parenthesized(_) => {
                match expr.without_parens() {
                    Expression::Identifier(id) => self.check_assign_identifier(id)?,
                    Expression::Member(_) | Expression::SuperMember(_) => {}
                    Expression::Call(_) if allow_call && !self.strict() => {}
                    _ => return self.err(message, expr.span()),
                }
                Ok(Pattern::Expression(Box::new(expr)))
            }
            _ => self.err(message, expr.span()),
        }
    }

    fn check_assign_identifier(&self, id: &Identifier) -> PResult<()> {
        if self.strict() && (&*id.name == "eval" || &*id.name == "arguments") {
            return self.err(
                format!("Unexpected eval or arguments in strict mode: '{}'", id.name),
                id.span,
            );
        }
        Ok(())
    }

    /// Removes the pending cover error keyed at `pos` (an object literal or shorthand
    /// property that became a pattern).
    fn resolve_cover(&mut self, pos: u32) {
        self.pending_cover.remove(&pos);
    }

    /// Converts an object/array literal (or any target) to an assignment pattern.
    pub(crate) fn assign_pattern_from(&mut self, expr: Expression) -> PResult<Pattern> {
        self.nested(|p| p.assign_pattern_from_inner(expr))
    }

    fn assign_pattern_from_inner(&mut self, expr: Expression) -> PResult<Pattern> {
        match expr {
            Expression::Object(object) => {
                let ObjectLiteral { span, properties } = *object;
                self.resolve_cover(span.start);
                let count = properties.len();
                let mut out = Vec::new();
                let mut rest = None;
                for (i, property) in properties.into_iter().enumerate() {
                    match property {
                        ObjectProperty::KeyValue(kv) => {
                            let KeyValueProperty {
                                span: pspan,
                                key,
                                value,
                                shorthand,
                                ..
                            } = *kv;
                            if shorthand {
                                self.resolve_cover(pspan.start);
                            }
                            let value = self.assign_element_from(value)?;
                            out.push(PatternProperty {
                                span: pspan,
                                key,
                                value,
                                shorthand,
                            });
                        }
                        ObjectProperty::Method(m) => {
                            return self.err("Invalid destructuring assignment target", m.span);
                        }
                        ObjectProperty::Spread(spread) => {
                            if i + 1 != count || self.spread_comma.contains(&span.start) {
                                return self.err("Rest element must be last element", spread.span);
                            }
                            rest = Some(self.simple_target_from(spread.argument, false, "`...` must be followed by an assignable reference in assignment contexts")?);
                        }
                    }
                }
                Ok(Pattern::Object(Box::new(ObjectPattern {
                    span,
                    properties: out,
                    rest,
                })))
            }
            Expression::Array(array) => {
                let ArrayLiteral { span, elements } = *array;
                let count = elements.len();
                let mut out = Vec::new();
                let mut rest = None;
                for (i, element) in elements.into_iter().enumerate() {
                    match element {
                        None => out.push(None),
                        Some(ArrayElement::Expression(e)) => {
                            out.push(Some(self.assign_element_from(e)?))
                        }
                        Some(ArrayElement::Spread(spread)) => {
                            if i + 1 != count || self.spread_comma.contains(&span.start) {
                                return self.err("Rest element must be last element", spread.span);
                            }
                            if matches!(spread.argument, Expression::Assign(_)) {
                                return self.err(
                                    "Rest element may not have a default initializer",
                                    spread.span,
                                );
                            }
                            rest = Some(self.assign_target_from(spread.argument)?);
                        }
                    }
                }
                Ok(Pattern::Array(Box::new(ArrayPattern {
                    span,
                    elements: out,
                    rest,
                })))
            }
            other => {
                self.simple_target_from(other, false, "Invalid destructuring assignment target")
            }
        }
    }

    /// DestructuringAssignmentTarget: a nested pattern or a simple target.
    fn assign_target_from(&mut self, expr: Expression) -> PResult<Pattern> {
        match expr {
            Expression::Object(_) | Expression::Array(_) => self.assign_pattern_from(expr),
            other => {
                self.simple_target_from(other, false, "Invalid destructuring assignment target")
            }
        }
    }

    /// AssignmentElement: a target with an optional default (`a = 1` was parsed as an
    /// assignment expression).
    fn assign_element_from(&mut self, expr: Expression) -> PResult<PatternElement> {
        let span = expr.span();
        match expr {
            Expression::Assign(assign) if assign.operator == AssignmentOperator::Assign => {
                let AssignmentExpression {
                    span,
                    target,
                    value,
                    ..
                } = *assign;
                Ok(PatternElement {
                    span,
                    target,
                    default: Some(value),
                })
            }
            other => Ok(PatternElement {
                span,
                target: self.assign_target_from(other)?,
                default: None,
            }),
        }
    }

    /// Checks that an assignment pattern is also a valid binding pattern (arrow parameters):
    /// only identifiers at the leaves, each a valid binding name.
    fn check_binding_pattern(&mut self, pattern: &Pattern) -> PResult<()> {
        match pattern {
            Pattern::Identifier(id) => self.check_binding_name(id),
            Pattern::Expression(e) => self.err("Invalid destructuring assignment target", e.span()),
            Pattern::Object(o) => {
                for p in &o.properties {
                    self.check_binding_pattern(&p.value.target)?;
                }
                if let Some(rest) = &o.rest {
                    self.check_binding_pattern(rest)?;
                }
                Ok(())
            }
            Pattern::Array(a) => {
                for e in a.elements.iter().flatten() {
                    self.check_binding_pattern(&e.target)?;
                }
                if let Some(rest) = &a.rest {
                    self.check_binding_pattern(rest)?;
                }
                Ok(())
            }
        }
    }

    fn check_binding_name(&self, id: &Identifier) -> PResult<()> {
        if self.strict() && (&*id.name == "eval" || &*id.name == "arguments") {
            return self.err(
                format!("Unexpected eval or arguments in strict mode: '{}'", id.name),
                id.span,
            );
        }
        Ok(())
    }

    /// Converts one arrow-parameter expression to a binding element.
    fn arrow_param_from(&mut self, expr: Expression) -> PResult<PatternElement> {
        let span = expr.span();
        let element = match expr {
            Expression::Identifier(id) => PatternElement {
                span,
                target: Pattern::Identifier(id),
                default: None,
            },
            Expression::Object(_) | Expression::Array(_) => PatternElement {
                span,
                target: self.assign_pattern_from(expr)?,
                default: None,
            },
            Expression::Assign(assign) if assign.operator == AssignmentOperator::Assign => {
                let AssignmentExpression {
                    span,
                    target,
                    value,
                    ..
                } = *assign;
                PatternElement {
                    span,
                    target,
                    default: Some(value),
                }
            }
            other => return self.err("Invalid destructuring assignment target", other.span()),
        };
        self.check_binding_pattern(&element.target)?;
        Ok(element)
    }

    /// `x => ...` / `async x => ...`
    pub(crate) fn arrow_params_from_identifier(
        &mut self,
        id: Identifier,
        is_async: bool,
    ) -> PResult<FormalParameters> {
        self.check_binding_name(&id)?;
        if is_async && &*id.name == "await" {
            return self.err(
                "'await' is not a valid parameter name in an async function",
                id.span,
            );
        }
        Ok(FormalParameters {
            span: id.span,
            items: vec![PatternElement {
                span: id.span,
                target: Pattern::Identifier(id),
                default: None,
            }],
            rest: None,
        })
    }

    /// `(a, b = 1, ...c) => ...`
    pub(crate) fn arrow_params_from_list(
        &mut self,
        span: Span,
        items: Vec<Expression>,
        rest: Option<(Pattern, u32)>,
    ) -> PResult<FormalParameters> {
        let mut params = Vec::new();
        for item in items {
            params.push(self.arrow_param_from(item)?);
        }
        Ok(FormalParameters {
            span,
            items: params,
            rest: rest.map(|(p, _)| p),
        })
    }

    /// `async (a, ...b) => ...`: the arguments of the cover call.
    pub(crate) fn arrow_params_from_arguments(
        &mut self,
        start: u32,
        arguments: Vec<ArrayElement>,
    ) -> PResult<FormalParameters> {
        let count = arguments.len();
        let mut items = Vec::new();
        let mut rest = None;
        for (i, argument) in arguments.into_iter().enumerate() {
            match argument {
                ArrayElement::Expression(e) => items.push(self.arrow_param_from(e)?),
                ArrayElement::Spread(spread) => {
                    if i + 1 != count {
                        return self
                            .err("Rest parameter must be last formal parameter", spread.span);
                    }
                    let target = match spread.argument {
                        Expression::Identifier(id) => Pattern::Identifier(id),
                        e @ (Expression::Object(_) | Expression::Array(_)) => {
                            self.assign_pattern_from(e)?
                        }
                        other => return self.err("Invalid rest parameter", other.span()),
                    };
                    self.check_binding_pattern(&target)?;
                    rest = Some(target);
                }
            }
        }
        Ok(FormalParameters {
            span: Span::new(start, self.prev_end),
            items,
            rest,
        })
    }
}

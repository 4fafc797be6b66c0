//! Literals with structure: array literals, object literals (properties, shorthand with the
//! cover-only `{ a = 1 }` form, methods and accessors, duplicate `__proto__` detection), property
//! keys shared with classes and patterns, and template literals (cooked/raw, invalid escapes
//! allowed only when tagged).

use super::early_errors::IdentUse;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{TokenKind as K, TokenValue};

impl Parser<'_> {
    pub(crate) fn parse_array_literal(&mut self) -> PResult<Expression> {
        let start = self.bump()?.span.start;
        let mut elements = Vec::new();
        loop {
            if self.at(K::RBracket) {
                break;
            }
            if self.at(K::Comma) {
                self.bump()?;
                elements.push(None);
                continue;
            }
            let spread = self.at(K::Ellipsis);
            let element = if spread {
                let s = self.bump()?.span.start;
                let argument = self.parse_assignment(true, true)?;
                ArrayElement::Spread(SpreadElement {
                    span: self.span_from(s),
                    argument,
                })
            } else {
                ArrayElement::Expression(self.parse_assignment(true, true)?)
            };
            elements.push(Some(element));
            if self.at(K::RBracket) {
                break;
            }
            self.expect(K::Comma)?;
            if spread {
                self.spread_comma.insert(start);
            }
        }
        self.expect(K::RBracket)?;
        Ok(Expression::Array(Box::new(ArrayLiteral {
            span: self.span_from(start),
            elements,
        })))
    }

    /// The string literal at the current token (octal escapes checked against strictness).
    pub(crate) fn parse_string_literal(&mut self) -> PResult<StringLiteral> {
        let tok = self.bump()?;
        self.check_octal(&tok)?;
        let TokenValue::String(value) = tok.value else {
            unreachable!("string token")
        };
        Ok(StringLiteral {
            span: tok.span,
            value,
        })
    }

    /// The numeric literal at the current token (legacy octal checked against strictness).
    pub(crate) fn parse_number_literal(&mut self) -> PResult<NumberLiteral> {
        let tok = self.bump()?;
        self.check_octal(&tok)?;
        let TokenValue::Number(value) = tok.value else {
            unreachable!("number token")
        };
        Ok(NumberLiteral {
            span: tok.span,
            value,
        })
    }

    /// The BigInt literal at the current token.
    pub(crate) fn parse_bigint_literal(&mut self) -> PResult<BigIntLiteral> {
        let tok = self.bump()?;
        let TokenValue::BigInt(digits) = tok.value else {
            unreachable!("bigint token")
        };
        Ok(BigIntLiteral {
            span: tok.span,
            digits,
        })
    }

    /// A property name: identifier name, string, number, BigInt, `[computed]`, or (when
    /// `allow_private`) `#name`.
    pub(crate) fn parse_property_key(&mut self, allow_private: bool) -> PResult<PropertyKey> {
        match self.tok.kind {
            K::Name => {
                let tok = self.bump()?;
                Ok(PropertyKey::Identifier(Identifier {
                    span: tok.span,
                    name: tok.name().into(),
                }))
            }
            K::String => Ok(PropertyKey::String(self.parse_string_literal()?)),
            K::Number => Ok(PropertyKey::Number(self.parse_number_literal()?)),
            K::BigInt => Ok(PropertyKey::BigInt(self.parse_bigint_literal()?)),
            K::LBracket => {
                self.bump()?;
                let key = self.parse_assignment(true, false)?;
                self.expect(K::RBracket)?;
                Ok(PropertyKey::Computed(Box::new(key)))
            }
            K::PrivateName if allow_private => {
                let tok = self.bump()?;
                Ok(PropertyKey::Private(PrivateName {
                    span: tok.span,
                    name: tok.name().into(),
                }))
            }
            _ => self.unexpected(),
        }
    }

    pub(crate) fn parse_object_literal(&mut self) -> PResult<Expression> {
        let start = self.bump()?.span.start;
        let mut properties = Vec::new();
        let mut proto_count = 0;
        while !self.at(K::RBrace) {
            if self.at(K::Ellipsis) {
                let s = self.bump()?.span.start;
                let argument = self.parse_assignment(true, false)?;
                properties.push(ObjectProperty::Spread(SpreadElement {
                    span: self.span_from(s),
                    argument,
                }));
                if self.at(K::Comma) {
                    self.spread_comma.insert(start);
                }
            } else {
                let property = self.parse_object_member()?;
                if let ObjectProperty::KeyValue(kv) = &property {
                    if kv.proto_setter {
                        proto_count += 1;
                    }
                }
                properties.push(property);
            }
            if !self.eat(K::Comma)? {
                break;
            }
        }
        self.expect(K::RBrace)?;
        if proto_count > 1 {
            self.pending_cover.insert(
                start,
                "Duplicate __proto__ fields are not allowed in object literals",
            );
        }
        Ok(Expression::Object(Box::new(ObjectLiteral {
            span: self.span_from(start),
            properties,
        })))
    }

    /// True if the token after a modifier (`async`, `get`, `set`, `static`) means the
    /// modifier is itself the property name.
    pub(crate) fn modifier_is_name(&self) -> bool {
        let next = self.peek();
        matches!(
            next.kind,
            K::LParen | K::Colon | K::Comma | K::RBrace | K::Eq | K::Semicolon | K::Eof
        )
    }

    fn parse_object_member(&mut self) -> PResult<ObjectProperty> {
        let start = self.tok.span.start;
        let mut is_async = false;
        let mut is_generator = false;
        let mut kind = MethodKind::Method;
        if self.is_word("async") && !self.modifier_is_name() && !self.peek().newline_before {
            self.bump()?;
            is_async = true;
        }
        if self.at(K::Star) {
            self.bump()?;
            is_generator = true;
        }
        if !is_async
            && !is_generator
            && (self.is_word("get") || self.is_word("set"))
            && !self.modifier_is_name()
        {
            kind = if self.bump()?.name() == "get" {
                MethodKind::Getter
            } else {
                MethodKind::Setter
            };
        }
        let key_tok_kind = self.tok.kind;
        let key = self.parse_property_key(false)?;
        if is_async || is_generator || kind != MethodKind::Method || self.at(K::LParen) {
            let function = self.parse_method(start, kind, is_async, is_generator, false, false)?;
            return Ok(ObjectProperty::Method(Box::new(MethodProperty {
                span: self.span_from(start),
                key,
                kind,
                function,
            })));
        }
        if self.eat(K::Colon)? {
            let value = self.parse_assignment(true, true)?;
            let proto_setter = key.static_name().as_deref() == Some("__proto__");
            return Ok(ObjectProperty::KeyValue(Box::new(KeyValueProperty {
                span: self.span_from(start),
                key,
                value,
                shorthand: false,
                proto_setter,
            })));
        }
        let PropertyKey::Identifier(id) = key else {
            return self.unexpected();
        };
        if key_tok_kind != K::Name || !matches!(self.tok.kind, K::Comma | K::RBrace | K::Eq) {
            return self.unexpected();
        }
        self.check_identifier(&id.name, id.span, IdentUse::Reference)?;
        let mut value = Expression::Identifier(id.clone());
        if self.at(K::Eq) {
            if self.strict() && (&*id.name == "eval" || &*id.name == "arguments") {
                return self.err(
                    format!("Unexpected eval or arguments in strict mode: '{}'", id.name),
                    id.span,
                );
            }
            self.bump()?;
            let default = self.parse_assignment(true, false)?;
            self.pending_cover
                .insert(start, "Invalid shorthand property initializer");
            value = Expression::Assign(Box::new(AssignmentExpression {
                span: self.span_from(start),
                operator: AssignmentOperator::Assign,
                target: Pattern::Identifier(id.clone()),
                value: default,
            }));
        }
        Ok(ObjectProperty::KeyValue(Box::new(KeyValueProperty {
            span: self.span_from(start),
            key: PropertyKey::Identifier(id),
            value,
            shorthand: true,
            proto_setter: false,
        })))
    }

    /// A template literal starting at the current token; `tagged` allows invalid escapes.
    pub(crate) fn parse_template(&mut self, tagged: bool) -> PResult<TemplateLiteral> {
        let start = self.tok.span.start;
        let mut quasis = Vec::new();
        let mut expressions = Vec::new();
        loop {
            let tok = self.bump()?;
            let TokenValue::Template {
                cooked,
                raw,
                invalid_escape,
            } = tok.value
            else {
                return self.err("Unexpected token", tok.span);
            };
            if let (false, Some((span, message))) = (tagged, invalid_escape) {
                return self.err(message, span);
            }
            let tail = matches!(tok.kind, K::NoSubstitutionTemplate | K::TemplateTail);
            let content = Span::new(tok.span.start + 1, tok.span.end - if tail { 1 } else { 2 });
            quasis.push(TemplateElement {
                span: content,
                cooked,
                raw,
            });
            if tail {
                break;
            }
            expressions.push(self.parse_expression(true)?);
            if !self.at(K::RBrace) {
                return self.unexpected();
            }
            self.rescan_template()?;
        }
        Ok(TemplateLiteral {
            span: self.span_from(start),
            quasis,
            expressions,
        })
    }
}

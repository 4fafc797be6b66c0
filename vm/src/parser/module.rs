//! Modules: the module body, every `import` and `export` form (including `export * as ns`,
//! string export names and import attributes), and the module early errors — duplicate
//! export names, exported bindings that are not declared, duplicate import attribute keys,
//! and string export names that are not well-formed Unicode.

use std::collections::HashSet;

use super::class::ClassMode;
use super::early_errors::IdentUse;
use super::scope::DeclKind;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::{TokenKind as K, TokenValue};

impl Parser<'_> {
    pub(crate) fn parse_module_body(&mut self) -> PResult<Module> {
        let mut body = Vec::new();
        let mut exported: HashSet<String> = HashSet::new();
        let mut local_exports: Vec<Identifier> = Vec::new();
        while !self.at(K::Eof) {
            let start = self.tok.span.start;
            if self.is_word("import") && !matches!(self.peek().kind, K::LParen | K::Dot) {
                body.push(ModuleItem::Import(Box::new(self.parse_import()?)));
            } else if self.is_word("export") {
                let export = self.parse_export()?;
                self.collect_exports(&export, &mut exported, &mut local_exports)?;
                body.push(ModuleItem::Export(Box::new(export)));
            } else {
                body.push(ModuleItem::Statement(self.parse_statement_list_item()?));
            }
            self.check_cover(start)?;
        }
        for id in local_exports {
            if !self.scopes.top_declares(&id.name) {
                return self.err(
                    format!("Export '{}' is not defined in module", id.name),
                    id.span,
                );
            }
        }
        Ok(Module {
            span: Span::new(0, self.source.text().len() as u32),
            body,
            has_top_level_await: self.top_level_await,
        })
    }

    fn add_export(&self, exported: &mut HashSet<String>, name: String, span: Span) -> PResult<()> {
        if !exported.insert(name.clone()) {
            return self.err(format!("Duplicate export of '{name}'"), span);
        }
        Ok(())
    }

    fn collect_exports(
        &self,
        export: &ExportDeclaration,
        exported: &mut HashSet<String>,
        local_exports: &mut Vec<Identifier>,
    ) -> PResult<()> {
        match export {
            ExportDeclaration::Variable(v) => {
                let mut names = Vec::new();
                for d in &v.declarations {
                    d.target.bound_names(&mut names);
                }
                for id in names {
                    self.add_export(exported, id.name.to_string(), id.span)?;
                }
            }
            ExportDeclaration::Function(f) => {
                if let Some(id) = &f.name {
                    self.add_export(exported, id.name.to_string(), id.span)?;
                }
            }
            ExportDeclaration::Class(c) => {
                if let Some(id) = &c.name {
                    self.add_export(exported, id.name.to_string(), id.span)?;
                }
            }
            ExportDeclaration::DefaultFunction(f) => {
                self.add_export(exported, "default".into(), f.span)?
            }
            ExportDeclaration::DefaultClass(c) => {
                self.add_export(exported, "default".into(), c.span)?
            }
            ExportDeclaration::DefaultExpression { span, .. } => {
                self.add_export(exported, "default".into(), *span)?
            }
            ExportDeclaration::Named {
                specifiers, source, ..
            } => {
                for s in specifiers {
                    self.add_export(exported, s.exported.name(), s.exported.span())?;
                    if source.is_none() {
                        match &s.local {
                            ModuleExportName::Identifier(id) => local_exports.push(id.clone()),
                            ModuleExportName::String(s) => {
                                return self
                                    .err("String export names need a 'from' clause", s.span);
                            }
                        }
                    }
                }
            }
            ExportDeclaration::All {
                exported: Some(name),
                ..
            } => self.add_export(exported, name.name(), name.span())?,
            ExportDeclaration::All { .. } => {}
        }
        Ok(())
    }

    fn parse_module_specifier(&mut self) -> PResult<StringLiteral> {
        if !self.at(K::String) {
            return self.unexpected();
        }
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

    /// `with { key: "value", ... }` after a module specifier (optional).
    fn parse_import_attributes(&mut self) -> PResult<Vec<ImportAttribute>> {
        let mut attributes = Vec::new();
        if !(self.is_word("with") && !self.tok.newline_before || self.is_word("with")) {
            return Ok(attributes);
        }
        self.bump()?;
        self.expect(K::LBrace)?;
        let mut keys = HashSet::new();
        while !self.at(K::RBrace) {
            let start = self.tok.span.start;
            let key = match self.tok.kind {
                K::Name => {
                    let tok = self.bump()?;
                    ModuleExportName::Identifier(Identifier {
                        span: tok.span,
                        name: tok.name().into(),
                    })
                }
                K::String => ModuleExportName::String(self.parse_module_specifier()?),
                _ => return self.unexpected(),
            };
            if !keys.insert(key.name()) {
                return self.err(
                    format!("Duplicate import attribute '{}'", key.name()),
                    key.span(),
                );
            }
            self.expect(K::Colon)?;
            let value = self.parse_module_specifier()?;
            attributes.push(ImportAttribute {
                span: self.span_from(start),
                key,
                value,
            });
            if !self.eat(K::Comma)? {
                break;
            }
        }
        self.expect(K::RBrace)?;
        Ok(attributes)
    }

    /// ModuleExportName: an identifier name or a well-formed string literal.
    fn parse_module_export_name(&mut self) -> PResult<ModuleExportName> {
        match self.tok.kind {
            K::Name => {
                let tok = self.bump()?;
                Ok(ModuleExportName::Identifier(Identifier {
                    span: tok.span,
                    name: tok.name().into(),
                }))
            }
            K::String => {
                let s = self.parse_module_specifier()?;
                if String::from_utf16(&s.value).is_err() {
                    return self.err("Export names must be well-formed Unicode", s.span);
                }
                Ok(ModuleExportName::String(s))
            }
            _ => self.unexpected(),
        }
    }

    fn declare_import(&mut self, id: &Identifier) -> PResult<()> {
        self.declare_name(id, DeclKind::Lexical)
    }

    fn parse_import(&mut self) -> PResult<ImportDeclaration> {
        let start = self.bump()?.span.start;
        let mut specifiers = Vec::new();
        if self.at(K::String) {
            let source = self.parse_module_specifier()?;
            let attributes = self.parse_import_attributes()?;
            self.semicolon()?;
            return Ok(ImportDeclaration {
                span: self.span_from(start),
                specifiers,
                source,
                attributes,
            });
        }
        if self.tok.kind == K::Name {
            let id = self.parse_identifier(IdentUse::Lexical)?;
            self.declare_import(&id)?;
            specifiers.push(ImportSpecifier::Default(id));
            if !self.eat(K::Comma)? {
                return self.finish_import(start, specifiers);
            }
        }
        if self.eat(K::Star)? {
            self.expect_word("as")?;
            let id = self.parse_identifier(IdentUse::Lexical)?;
            self.declare_import(&id)?;
            specifiers.push(ImportSpecifier::Namespace(id));
        } else if self.eat(K::LBrace)? {
            while !self.at(K::RBrace) {
                let imported_is_name = self.tok.kind == K::Name;
                let imported = self.parse_module_export_name()?;
                let local = if self.eat_word("as")? {
                    self.parse_identifier(IdentUse::Lexical)?
                } else {
                    let ModuleExportName::Identifier(id) = &imported else {
                        return self.unexpected();
                    };
                    if !imported_is_name {
                        return self.unexpected();
                    }
                    self.check_identifier(&id.name, id.span, IdentUse::Lexical)?;
                    id.clone()
                };
                self.declare_import(&local)?;
                specifiers.push(ImportSpecifier::Named { imported, local });
                if !self.eat(K::Comma)? {
                    break;
                }
            }
            self.expect(K::RBrace)?;
        } else {
            return self.unexpected();
        }
        self.finish_import(start, specifiers)
    }

    fn finish_import(
        &mut self,
        start: u32,
        specifiers: Vec<ImportSpecifier>,
    ) -> PResult<ImportDeclaration> {
        self.expect_word("from")?;
        let source = self.parse_module_specifier()?;
        let attributes = self.parse_import_attributes()?;
        self.semicolon()?;
        Ok(ImportDeclaration {
            span: self.span_from(start),
            specifiers,
            source,
            attributes,
        })
    }

    fn parse_export(&mut self) -> PResult<ExportDeclaration> {
        let start = self.bump()?.span.start;
        if self.eat(K::Star)? {
            let exported = if self.eat_word("as")? {
                Some(self.parse_module_export_name()?)
            } else {
                None
            };
            self.expect_word("from")?;
            let source = self.parse_module_specifier()?;
            let attributes = self.parse_import_attributes()?;
            self.semicolon()?;
            return Ok(ExportDeclaration::All {
                span: self.span_from(start),
                exported,
                source,
                attributes,
            });
        }
        if self.at(K::LBrace) {
            self.bump()?;
            let mut specifiers = Vec::new();
            while !self.at(K::RBrace) {
                let spec_start = self.tok.span.start;
                let local = self.parse_module_export_name()?;
                let exported = if self.eat_word("as")? {
                    self.parse_module_export_name()?
                } else {
                    local.clone()
                };
                specifiers.push(ExportSpecifier {
                    span: self.span_from(spec_start),
                    local,
                    exported,
                });
                if !self.eat(K::Comma)? {
                    break;
                }
            }
            self.expect(K::RBrace)?;
            let (source, attributes) = if self.eat_word("from")? {
                let source = self.parse_module_specifier()?;
                (Some(source), self.parse_import_attributes()?)
            } else {
                // Local names must be identifier references (not reserved words).
                for s in &specifiers {
                    if let ModuleExportName::Identifier(id) = &s.local {
                        if super::early_errors::is_reserved_word(&id.name) {
                            return self
                                .err(format!("Unexpected reserved word '{}'", id.name), id.span);
                        }
                        let (name, span) = (id.name.clone(), id.span);
                        self.check_identifier(&name, span, IdentUse::Reference)?;
                    }
                }
                (None, Vec::new())
            };
            self.semicolon()?;
            return Ok(ExportDeclaration::Named {
                span: self.span_from(start),
                specifiers,
                source,
                attributes,
            });
        }
        if self.is_word("default") {
            self.bump()?;
            let decl_start = self.tok.span.start;
            if self.is_word("function") {
                let f = self.parse_function_declaration(decl_start, false, true)?;
                return Ok(ExportDeclaration::DefaultFunction(Box::new(f)));
            }
            if self.is_word("async") {
                let next = self.peek();
                if next.is_word("function") && !next.newline_before {
                    self.bump()?;
                    let f = self.parse_function_declaration(decl_start, true, true)?;
                    return Ok(ExportDeclaration::DefaultFunction(Box::new(f)));
                }
            }
            if self.is_word("class") {
                let c = self.parse_class(decl_start, true, Some(ClassMode::DefaultExport))?;
                return Ok(ExportDeclaration::DefaultClass(Box::new(c)));
            }
            let expression = self.parse_assignment(true, false)?;
            self.semicolon()?;
            return Ok(ExportDeclaration::DefaultExpression {
                span: self.span_from(start),
                expression,
            });
        }
        let decl_start = self.tok.span.start;
        match self.tok.name() {
            _ if self.tok.kind != K::Name || self.tok.escaped => self.unexpected(),
            "var" | "let" | "const" => {
                let kind = match self.tok.name() {
                    "var" => VariableKind::Var,
                    "let" => VariableKind::Let,
                    _ => VariableKind::Const,
                };
                let mut declaration = self.parse_variable_declaration(kind, true, false)?;
                self.semicolon()?;
                declaration.span = self.span_from(declaration.span.start);
                Ok(ExportDeclaration::Variable(declaration))
            }
            "function" => Ok(ExportDeclaration::Function(Box::new(
                self.parse_function_declaration(decl_start, false, false)?,
            ))),
            "async" => {
                self.bump()?;
                if self.tok.newline_before {
                    return self.unexpected();
                }
                Ok(ExportDeclaration::Function(Box::new(
                    self.parse_function_declaration(decl_start, true, false)?,
                )))
            }
            "class" => Ok(ExportDeclaration::Class(Box::new(
                self.parse_class(decl_start, true, None)?,
            ))),
            "struct" => Ok(ExportDeclaration::Class(Box::new(
                self.parse_struct(decl_start, StructKind::Unshared)?,
            ))),
            "shared" => Ok(ExportDeclaration::Class(Box::new(
                self.parse_struct(decl_start, StructKind::Shared)?,
            ))),
            _ => self.unexpected(),
        }
    }
}

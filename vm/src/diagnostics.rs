//! `SyntaxError`: what the lexer and parser report. It carries the message, the byte span, the
//! file name and (resolved once, when the error is made) the line, column and source line, so
//! [`SyntaxError::render`] needs nothing else.

use std::fmt;

use crate::ast::Span;
use crate::source::Source;

/// A syntax (early) error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What went wrong, e.g. `Unexpected token ')'`.
    pub message: String,
    /// Byte span of the offending text.
    pub span: Span,
    /// The source's file name.
    pub file: Box<str>,
    /// 1-based line of `span.start`.
    pub line: u32,
    /// 1-based column of `span.start`, in UTF-16 code units.
    pub column: u32,
    /// The text of that line (without its terminator).
    pub line_text: Box<str>,
    /// The error reaches the end of the source text: the input stops inside a construct
    /// (`Unexpected end of input`, an unterminated template literal or comment, a string
    /// continued with `\` at the end), so more text could complete it. A REPL reads another
    /// line then; for that, give the parser the text with its final line terminator, so that
    /// an error at the end of a finished line (an unterminated `'string`) is not counted.
    pub at_end_of_input: bool,
}

impl SyntaxError {
    /// Makes an error at `span` of `source`.
    pub fn new(source: &Source, message: impl Into<String>, span: Span) -> SyntaxError {
        let (line, column) = source.line_column(span.start);
        SyntaxError {
            message: message.into(),
            span,
            file: source.name().into(),
            line,
            column,
            line_text: source.line_text(span.start).into(),
            at_end_of_input: span.end as usize >= source.text().len(),
        }
    }

    /// Renders the error the way the engine prints uncaught syntax errors:
    ///
    /// ```text
    /// SyntaxError: Unexpected token ')'
    ///     at file.js:3:14
    ///   let x = (1 + );
    ///                ^
    /// ```
    ///
    /// The caret sits under the error's first character; tabs in the line are kept so it lines
    /// up in a terminal.
    pub fn render(&self) -> String {
        let mut caret = String::new();
        let mut units = 0;
        for ch in self.line_text.chars() {
            if units + 1 >= self.column {
                break;
            }
            units += ch.len_utf16() as u32;
            caret.push(if ch == '\t' { '\t' } else { ' ' });
        }
        caret.push('^');
        let line: String = self.line_text.chars().take(400).collect();
        format!(
            "SyntaxError: {}\n    at {}:{}:{}\n  {}\n  {}",
            self.message, self.file, self.line, self.column, line, caret
        )
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "SyntaxError: {} ({}:{}:{})",
            self.message, self.file, self.line, self.column
        )
    }
}

impl std::error::Error for SyntaxError {}

#[cfg(test)]
mod tests {
    use crate::source::Source;

    fn at_end(text: &str) -> bool {
        let source = Source::new("t.js", text);
        crate::parser::parse_script(&source, Default::default())
            .expect_err("a syntax error")
            .at_end_of_input
    }

    #[test]
    fn errors_at_the_end_of_the_input_are_marked() {
        assert!(at_end("function f() {\n"));
        assert!(at_end("let a = [1,\n"));
        assert!(at_end("`template\n"));
        assert!(at_end("/* comment\n"));
        assert!(!at_end("let x = ;\n"));
        assert!(!at_end("'string\n"));
        assert!(!at_end(")\n"));
    }
}

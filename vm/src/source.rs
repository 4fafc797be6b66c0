//! Source text: a file name, its text and a line-start table that turns byte offsets into
//! 1-based lines and 1-based columns counted in UTF-16 code units (what JavaScript tools and
//! stack traces report).

/// One source file handed to the parser.
#[derive(Debug, Clone)]
pub struct Source {
    name: Box<str>,
    text: Box<str>,
    /// Byte offset of the first character of every line. Lines end at LF, CR, CRLF, U+2028 and
    /// U+2029, as in ECMAScript's `LineTerminatorSequence`.
    line_starts: Vec<u32>,
}

impl Source {
    /// Wraps `text` under the file name `name`.
    ///
    /// # Panics
    /// If `text` is 4 GiB or longer (spans are `u32` byte offsets).
    pub fn new(name: impl Into<Box<str>>, text: impl Into<Box<str>>) -> Source {
        let text = text.into();
        assert!(
            u32::try_from(text.len()).is_ok(),
            "source text must be smaller than 4 GiB"
        );
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i as u32 + 1);
                }
                // U+2028 and U+2029 are E2 80 A8 / E2 80 A9.
                0xE2 if bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
                {
                    i += 2;
                    line_starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        Source {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The file name given at construction.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based index of the line holding byte `offset` (clamped to the text).
    fn line_index(&self, offset: u32) -> usize {
        let offset = offset.min(self.text.len() as u32);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line and 1-based column (in UTF-16 code units) of byte `offset`. Offsets inside
    /// a multi-byte character count the character's start.
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let line = self.line_index(offset);
        let start = self.line_starts[line] as usize;
        let mut end = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column: usize = self.text[start..end].chars().map(char::len_utf16).sum();
        (line as u32 + 1, column as u32 + 1)
    }

    /// The text of the line holding byte `offset`, without its line terminator.
    pub fn line_text(&self, offset: u32) -> &str {
        let line = self.line_index(offset);
        let start = self.line_starts[line] as usize;
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next as usize);
        self.text[start..end].trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}'])
    }
}

//! `.strings` files: the old-style (OpenStep) property-list format Xcode uses for
//! `InfoPlist.strings`, as Apple's `CFOldStylePList.c` reads it.
//!
//! ```text
//! /* Shown when the app first asks for the camera */
//! "NSCameraUsageDescription" = "用于扫描二维码";
//! NSLocationWhenInUseUsageDescription = "Shows nearby stores.\nNever shared.";
//! // a line comment
//! ```
//!
//! Keys and values are quoted (`"…"` or `'…'`) or unquoted words (letters, digits and
//! `_$/:.-`); an entry without `= value` maps the key to itself. Escapes: `\n`, `\t`, `\r`,
//! `\a`, `\b`, `\f`, `\v`, `\"`, `\'`, `\\`, up to three octal digits, and `\U` (or `\u`, a
//! common spelling Apple's reader would keep as a plain `u`) with one to four hex digits,
//! surrogate pairs joined; any other escaped character stands for itself, as in Apple's
//! reader. The text comes decoded (see [`super::decode_strings`]); a byte-order mark is
//! skipped. A repeated key keeps its last value (W0536).

use super::property_list::{duplicate, next_char_end};
use crate::diagnostic::Diagnostic;
use crate::import::Located;
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// One `key = value;` entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub key: Located<String>,
    pub value: Located<String>,
}

/// Reads a `.strings` file. `None` on a syntax error (reported, E0542 or E0543).
pub(crate) fn parse(file: FileId, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<Entry>> {
    let mut parser = Parser { file, text, pos: 0 };
    match parser.entries() {
        Ok(entries) => {
            // A repeated key keeps its last value, at its later position.
            let mut kept: Vec<Option<Entry>> = Vec::with_capacity(entries.len());
            let mut index: HashMap<String, usize> = HashMap::new();
            for entry in entries {
                let earlier = index.insert(entry.key.value.clone(), kept.len());
                if let Some(earlier) = earlier.and_then(|i| kept.get_mut(i)).and_then(Option::take) {
                    diagnostics.push(duplicate(&entry.key, earlier.key.span));
                }
                kept.push(Some(entry));
            }
            Some(kept.into_iter().flatten().collect())
        }
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

struct Parser<'t> {
    file: FileId,
    text: &'t str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// E0542 at the current character (or the end of the file).
    fn syntax(&self, message: impl Into<String>, label: impl Into<String>) -> Diagnostic {
        let end = next_char_end(self.text, self.pos);
        Diagnostic::error("E0542", message.into()).at(self.span(self.pos, end), label)
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("found `{c}`"),
            None => "found the end of the file".to_string(),
        }
    }

    fn entries(&mut self) -> Result<Vec<Entry>, Diagnostic> {
        let mut entries = Vec::new();
        self.skip_blank()?;
        // A whole old-style dictionary in braces is the same format.
        let braced = self.peek() == Some('{');
        if braced {
            self.pos += 1;
        }
        loop {
            self.skip_blank()?;
            match self.peek() {
                None if braced => {
                    return Err(
                        self.syntax("the `{` at the start of the file is never closed", "expected `}`")
                    )
                }
                None => return Ok(entries),
                Some('}') if braced => {
                    self.pos += 1;
                    self.skip_blank()?;
                    if self.peek().is_some() {
                        return Err(self.syntax("text after the closing `}`", "nothing may follow the `}`"));
                    }
                    return Ok(entries);
                }
                Some(_) => entries.push(self.entry()?),
            }
        }
    }

    fn entry(&mut self) -> Result<Entry, Diagnostic> {
        let key = self.string("a key")?;
        self.skip_blank()?;
        let value = match self.peek() {
            Some('=') => {
                self.pos += 1;
                self.skip_blank()?;
                let value = self.string("a value")?;
                self.skip_blank()?;
                value
            }
            Some(';') => key.clone(),
            _ => {
                return Err(self
                    .syntax(format!("expected `=` or `;` after the key `{}`", key.value), self.found())
                    .help("entries read `\"key\" = \"value\";`"))
            }
        };
        if self.peek() != Some(';') {
            return Err(self
                .syntax(format!("expected `;` after the value of `{}`", key.value), self.found())
                .help("each entry ends with `;`"));
        }
        self.pos += 1;
        Ok(Entry { key, value })
    }

    /// A quoted or unquoted string; `what` names it in errors.
    fn string(&mut self, what: &str) -> Result<Located<String>, Diagnostic> {
        let start = self.pos;
        match self.peek() {
            Some(quote @ ('"' | '\'')) => {
                self.pos += 1;
                let value = self.quoted(start, quote)?;
                Ok(Located::new(value, self.span(start, self.pos)))
            }
            Some(c) if is_unquoted(c) => {
                let len = self.text[self.pos..]
                    .find(|c: char| !is_unquoted(c))
                    .unwrap_or(self.text.len() - self.pos);
                self.pos += len;
                Ok(Located::new(self.text[start..self.pos].to_string(), self.span(start, self.pos)))
            }
            Some(c @ ('(' | '{' | '<')) => Err(self
                .syntax(format!("expected {what}, a string"), format!("found `{c}`"))
                .help("`.strings` files hold only strings: arrays, dictionaries and data are not allowed")),
            _ => Err(self
                .syntax(format!("expected {what}"), self.found())
                .help("write keys and values in double quotes: `\"key\" = \"value\";`")),
        }
    }

    /// The rest of a quoted string after its opening quote (at `start`).
    fn quoted(&mut self, start: usize, quote: char) -> Result<String, Diagnostic> {
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(i) = rest.find([quote, '\\']) else {
                let end = next_char_end(self.text, start);
                return Err(Diagnostic::error("E0542", "a string is never closed")
                    .at(self.span(start, end), format!("this `{quote}` has no closing `{quote}`")));
            };
            out.push_str(&rest[..i]);
            self.pos += i;
            if rest[i..].starts_with(quote) {
                self.pos += 1;
                return Ok(out);
            }
            self.escape(&mut out)?;
        }
    }

    /// One escape sequence at `self.pos` (on the backslash).
    fn escape(&mut self, out: &mut String) -> Result<(), Diagnostic> {
        let at = self.pos;
        self.pos += 1;
        let Some(c) = self.peek() else {
            return Err(self.syntax("a string is never closed", "the file ends after `\\`"));
        };
        self.pos += c.len_utf8();
        match c {
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                let digits = self.digits(c.to_digit(8).unwrap_or(0), 8, 2);
                out.push(char::from_u32(digits.0).unwrap_or('\u{fffd}'));
            }
            'U' | 'u' => {
                let unit = self.hex_unit(at)?;
                let c = if (0xD800..0xDC00).contains(&unit) {
                    let low = self.low_surrogate(at)?;
                    char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    char::from_u32(unit)
                };
                let Some(c) = c else {
                    return Err(self.escape_error(at, "an unpaired UTF-16 surrogate").help(
                        "a character outside the Basic Multilingual Plane is written as a surrogate pair, e.g. `\\UD83D\\UDE00`",
                    ));
                };
                out.push(c);
            }
            other => out.push(other),
        }
        Ok(())
    }

    /// Up to `max` more digits in `radix` after a first digit value `first`.
    fn digits(&mut self, first: u32, radix: u32, max: usize) -> (u32, usize) {
        let mut value = first;
        let mut count = 0;
        while count < max {
            match self.peek().and_then(|c| c.to_digit(radix)) {
                Some(d) => {
                    value = value * radix + d;
                    self.pos += 1;
                    count += 1;
                }
                None => break,
            }
        }
        (value, count)
    }

    /// The one to four hex digits of a `\U` escape that started at `at`.
    fn hex_unit(&mut self, at: usize) -> Result<u32, Diagnostic> {
        let (value, count) = self.digits(0, 16, 4);
        if count == 0 {
            return Err(self
                .escape_error(at, "`\\U` without hexadecimal digits")
                .help("write a UTF-16 code unit in hexadecimal after `\\U`, e.g. `\\U00E9` for é"));
        }
        Ok(value)
    }

    /// The `\Uxxxx` low surrogate that must follow a high one (whose escape started at `at`).
    fn low_surrogate(&mut self, at: usize) -> Result<u32, Diagnostic> {
        let rest = &self.text[self.pos..];
        if rest.starts_with("\\U") || rest.starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            let (value, count) = self.digits(0, 16, 4);
            if count > 0 && (0xDC00..0xE000).contains(&value) {
                return Ok(value);
            }
            self.pos = save;
        }
        Err(self.escape_error(at, "an unpaired UTF-16 surrogate").help(
            "a character outside the Basic Multilingual Plane is written as a surrogate pair, e.g. `\\UD83D\\UDE00`",
        ))
    }

    fn escape_error(&self, at: usize, label: &str) -> Diagnostic {
        Diagnostic::error("E0543", "an invalid escape sequence in a string")
            .at(self.span(at, self.pos), label)
    }

    /// Whitespace (a byte-order mark included) and comments.
    fn skip_blank(&mut self) -> Result<(), Diagnostic> {
        loop {
            let rest = &self.text[self.pos..];
            let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            self.pos += rest.len() - trimmed.len();
            if trimmed.starts_with("//") {
                self.pos += trimmed.find('\n').unwrap_or(trimmed.len());
            } else if let Some(comment) = trimmed.strip_prefix("/*") {
                match comment.find("*/") {
                    Some(i) => self.pos += i + 4,
                    None => {
                        return Err(Diagnostic::error("E0542", "a comment is never closed")
                            .at(self.span(self.pos, self.pos + 2), "this `/*` has no closing `*/`"))
                    }
                }
            } else {
                return Ok(());
            }
        }
    }
}

/// Characters of an unquoted string, as in Apple's reader.
fn is_unquoted(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '/' | ':' | '.' | '-')
}

//! A JSON5 reader that keeps positions: the tree the HarmonyOS and mini-program importers walk.
//!
//! Tokens come from `json-five`'s tokenizer (byte ranges, comments included); this module
//! builds a small tree over them in which every value, key and member carries its [`Span`],
//! decodes string escapes itself, and keeps what a plain JSON5 parser would lose: **every
//! duplicate key** (both places, for a warning; lookups use the last one, as JavaScript does)
//! and the **first JSON5 extension** used (a comment, a single quote, a trailing comma, …), so
//! that files the platform reads as strict JSON (WeChat's `app.json`) can say so. JSON is a
//! subset, so the same reader serves both. Nesting depth is capped and nothing panics: a
//! syntax error is one [`Diagnostic`] at the exact place.
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0550 | JSON5 syntax error in an imported artefact (`module.json5`, `app.json5`, `string.json`, `app.json`, `project.config.json`), including nesting deeper than 128 levels |

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use json_five::tokenize::TokType;
use std::collections::HashMap;

/// Objects and arrays nested deeper than this are refused: real manifests nest fewer than ten.
pub(crate) const MAX_DEPTH: usize = 128;

const SYNTAX: &str = "E0550";

/// A value and the source range it was read from (strings: quotes included).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Object(Vec<Member>),
    Array(Vec<Node>),
    String(String),
    /// As written: importers only need numbers to say they are not strings.
    Number(String),
    Bool(bool),
    Null,
}

/// One `key: value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Member {
    /// From the key to the end of the value: the declaration as a whole.
    pub fn span(&self) -> Span {
        self.key_span.to(self.value.span)
    }
}

/// The same key twice in one object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Duplicate {
    pub key: String,
    pub first: Span,
    pub second: Span,
}

/// A parsed file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub root: Node,
    /// In source order of the second occurrence.
    pub duplicates: Vec<Duplicate>,
    /// The first construct JSON does not have, and what it is ("a comment", …).
    pub extension: Option<(Span, &'static str)>,
}

impl Node {
    /// The member named `key`; the last one when the key is repeated, as JavaScript and
    /// the platforms' JSON5 tooling read it.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members().iter().rev().find(|m| m.key == key)
    }

    /// The members of an object; none for other values.
    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(members) => members,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    /// What the value is, for messages: "an object", "a string", ….
    pub fn describe(&self) -> &'static str {
        match self.value {
            Value::Object(_) => "an object",
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
            Value::Null => "`null`",
        }
    }
}

/// The warning for a duplicate key, under the importer's own code.
pub(crate) fn duplicate_warning(code: &'static str, dup: &Duplicate) -> Diagnostic {
    Diagnostic::warning(code, format!("the key `{}` appears twice in one object", dup.key))
        .at(dup.second, "this one is used")
        .also(dup.first, "this one is ignored")
}

/// Reads one file. `text` is the whole file, added to the caller's source map as `file`.
pub(crate) fn parse(file: FileId, text: &str) -> Result<Document, Diagnostic> {
    let tokens = match json_five::tokenize_rt_str(text) {
        Ok(tokens) => tokens.tok_spans,
        Err(e) => return Err(token_error(file, text, e.index, &e.message)),
    };
    let mut parser = Parser {
        file,
        text,
        tokens: Vec::with_capacity(tokens.len()),
        pos: 0,
        depth: 0,
        duplicates: Vec::new(),
        extension: None,
    };
    for (start, kind, end) in tokens {
        // Some token ends are one byte past a multi-byte character's start: round them up.
        let end = (end..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        match kind {
            TokType::Whitespace => {}
            TokType::LineComment | TokType::BlockComment => {
                // A line comment's token takes its line break too.
                let text = text.get(start..end).unwrap_or("");
                parser.extension(start, start + text.trim_end_matches(['\n', '\r']).len(), "a comment")
            }
            // The tokenizer gives the end of input as 0..0.
            TokType::EOF => parser.tokens.push((text.len(), TokType::EOF, text.len())),
            kind => parser.tokens.push((start, kind, end)),
        }
    }
    if parser.peek().1 == TokType::EOF {
        return Err(Diagnostic::error(SYNTAX, "the file holds no JSON value")
            .at(parser.span(0, text.len()), "expected an object here"));
    }
    let root = parser.value()?;
    let (start, kind, end) = parser.peek();
    if kind != TokType::EOF {
        return Err(Diagnostic::error(SYNTAX, "unexpected text after the value")
            .at(
                parser.span(start, end),
                format!("expected the end of the file, found {}", parser.show(start, end)),
            )
            .also(root.span, "the value ends here"));
    }
    Ok(Document { root, duplicates: parser.duplicates, extension: parser.extension })
}

struct Parser<'a> {
    file: FileId,
    text: &'a str,
    /// Significant tokens, the last one `EOF`.
    tokens: Vec<(usize, TokType, usize)>,
    pos: usize,
    depth: usize,
    duplicates: Vec<Duplicate>,
    extension: Option<(Span, &'static str)>,
}

impl Parser<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> (usize, TokType, usize) {
        self.tokens.get(self.pos).cloned().unwrap_or((self.text.len(), TokType::EOF, self.text.len()))
    }

    fn bump(&mut self) -> (usize, TokType, usize) {
        let token = self.peek();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    fn extension(&mut self, start: usize, end: usize, what: &'static str) {
        if self.extension.is_none() {
            self.extension = Some((self.span(start, end), what));
        }
    }

    /// A token's text for a message: `` `}` ``, or "the end of the file".
    fn show(&self, start: usize, end: usize) -> String {
        if start >= self.text.len() {
            return "the end of the file".to_string();
        }
        let text = self.text.get(start..end).unwrap_or("");
        let short: String = text.chars().take(24).collect();
        let more = if short.len() < text.len() { "…" } else { "" };
        format!("`{short}{more}`")
    }

    fn error(&self, start: usize, end: usize, message: &str, label: String) -> Diagnostic {
        Diagnostic::error(SYNTAX, message).at(self.span(start, end), label)
    }

    fn value(&mut self) -> Result<Node, Diagnostic> {
        let (start, kind, end) = self.bump();
        let value = match kind {
            TokType::LeftBrace => return self.nested(start, end, true),
            TokType::LeftBracket => return self.nested(start, end, false),
            TokType::DoubleQuotedString => Value::String(self.string(start, end)?),
            TokType::SingleQuotedString => {
                self.extension(start, end, "a single-quoted string");
                Value::String(self.string(start, end)?)
            }
            TokType::True => Value::Bool(true),
            TokType::False => Value::Bool(false),
            TokType::Null => Value::Null,
            TokType::Plus | TokType::Minus => {
                if kind == TokType::Plus {
                    self.extension(start, end, "a `+` sign");
                }
                let (_, next, next_end) = self.peek();
                if !is_number(&next) {
                    return Err(self.error(
                        start,
                        end,
                        "a sign without a number",
                        format!("expected a number after {}", self.show(start, end)),
                    ));
                }
                self.bump();
                self.number(start, next, next_end)
            }
            kind if is_number(&kind) => self.number(start, kind, end),
            TokType::Name => {
                return Err(self
                    .error(
                        start,
                        end,
                        "a value without quotes",
                        format!("{} is not a value", self.show(start, end)),
                    )
                    .help("strings need quotes: write \"…\""))
            }
            _ => {
                return Err(self.error(
                    start,
                    end,
                    "expected a value",
                    format!("expected a value, found {}", self.show(start, end)),
                ))
            }
        };
        Ok(Node { value, span: self.span(start, end) })
    }

    fn number(&mut self, start: usize, kind: TokType, end: usize) -> Value {
        let text = self.text.get(start..end).unwrap_or("");
        match kind {
            TokType::Hexadecimal => self.extension(start, end, "a hexadecimal number"),
            TokType::Infinity | TokType::Nan => self.extension(start, end, "`Infinity` or `NaN`"),
            TokType::Float | TokType::Exponent
                if text.starts_with('.')
                    || text.ends_with('.')
                    || text.contains(".e")
                    || text.contains(".E")
                    || text.contains("-.")
                    || text.contains("+.") =>
            {
                self.extension(start, end, "a number with a leading or trailing decimal point")
            }
            _ => {}
        }
        Value::Number(text.to_string())
    }

    /// An object or an array, its opening token already read.
    fn nested(&mut self, open: usize, open_end: usize, object: bool) -> Result<Node, Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(
                open,
                open_end,
                "nested too deeply",
                format!("more than {MAX_DEPTH} levels of objects and arrays"),
            ));
        }
        let result = if object { self.object(open) } else { self.array(open) };
        self.depth -= 1;
        result
    }

    fn object(&mut self, open: usize) -> Result<Node, Diagnostic> {
        let mut members: Vec<Member> = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        loop {
            let (start, kind, end) = self.bump();
            let key = match kind {
                TokType::RightBrace => {
                    return Ok(Node { value: Value::Object(members), span: self.span(open, end) })
                }
                TokType::DoubleQuotedString => self.string(start, end)?,
                TokType::SingleQuotedString => {
                    self.extension(start, end, "a single-quoted string");
                    self.string(start, end)?
                }
                TokType::Name
                | TokType::True
                | TokType::False
                | TokType::Null
                | TokType::Infinity
                | TokType::Nan => {
                    self.extension(start, end, "an unquoted key");
                    self.identifier(start, end)?
                }
                _ => {
                    return Err(self
                        .error(
                            start,
                            end,
                            "expected a key",
                            format!("expected a key or `}}`, found {}", self.show(start, end)),
                        )
                        .also(self.span(open, open + 1), "in the object opened here"))
                }
            };
            let key_span = self.span(start, end);
            let (colon, kind, colon_end) = self.bump();
            if kind != TokType::Colon {
                return Err(self.error(
                    colon,
                    colon_end,
                    "expected `:` after a key",
                    format!("expected `:`, found {}", self.show(colon, colon_end)),
                ));
            }
            let value = self.value()?;
            if let Some(first) = seen.insert(key.clone(), key_span) {
                self.duplicates.push(Duplicate { key: key.clone(), first, second: key_span });
            }
            members.push(Member { key, key_span, value });
            let (start, kind, end) = self.bump();
            match kind {
                TokType::Comma => {
                    if self.peek().1 == TokType::RightBrace {
                        self.extension(start, end, "a trailing comma");
                    }
                }
                TokType::RightBrace => {
                    return Ok(Node { value: Value::Object(members), span: self.span(open, end) })
                }
                _ => {
                    return Err(self
                        .error(
                            start,
                            end,
                            "expected `,` or `}` after a member",
                            format!("expected `,` or `}}`, found {}", self.show(start, end)),
                        )
                        .also(self.span(open, open + 1), "in the object opened here"))
                }
            }
        }
    }

    fn array(&mut self, open: usize) -> Result<Node, Diagnostic> {
        let mut items = Vec::new();
        loop {
            let (start, kind, end) = self.peek();
            if kind == TokType::RightBracket {
                self.bump();
                return Ok(Node { value: Value::Array(items), span: self.span(open, end) });
            }
            if kind == TokType::EOF {
                return Err(self
                    .error(start, end, "unexpected end of the file", "expected a value or `]`".to_string())
                    .also(self.span(open, open + 1), "the array opened here is not closed"));
            }
            items.push(self.value()?);
            let (start, kind, end) = self.bump();
            match kind {
                TokType::Comma => {
                    if self.peek().1 == TokType::RightBracket {
                        self.extension(start, end, "a trailing comma");
                    }
                }
                TokType::RightBracket => {
                    return Ok(Node { value: Value::Array(items), span: self.span(open, end) })
                }
                _ => {
                    return Err(self
                        .error(
                            start,
                            end,
                            "expected `,` or `]` after an element",
                            format!("expected `,` or `]`, found {}", self.show(start, end)),
                        )
                        .also(self.span(open, open + 1), "in the array opened here"))
                }
            }
        }
    }

    /// The value of a quoted string token (quotes included in `start..end`).
    fn string(&mut self, start: usize, end: usize) -> Result<String, Diagnostic> {
        let inner_start = start + 1;
        let inner = self.text.get(inner_start..end.saturating_sub(1)).unwrap_or("");
        self.unescape(inner, inner_start)
    }

    /// An unquoted key: an identifier, possibly with `\uXXXX` escapes.
    fn identifier(&mut self, start: usize, end: usize) -> Result<String, Diagnostic> {
        let text = self.text.get(start..end).unwrap_or("");
        self.unescape(text, start)
    }

    /// Decodes JSON5 escapes in `s`, which starts at byte `base` of the file.
    fn unescape(&mut self, s: &str, base: usize) -> Result<String, Diagnostic> {
        let mut out = String::with_capacity(s.len());
        let mut chars = s.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                if c < ' ' {
                    self.extension(base + i, base + i + 1, "a control character inside a string");
                }
                out.push(c);
                continue;
            }
            let Some((j, e)) = chars.next() else {
                return Err(self.error(
                    base + i,
                    base + i + 1,
                    "a lone `\\` at the end of a string",
                    "escape what?".into(),
                ));
            };
            let escape_end = base + j + e.len_utf8();
            if !matches!(e, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't' | 'u') {
                self.extension(base + i, escape_end, "an escape JSON does not have");
            }
            match e {
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'v' => out.push('\u{b}'),
                '0' => {
                    if chars.peek().is_some_and(|(_, d)| d.is_ascii_digit()) {
                        return Err(self.error(
                            base + i,
                            escape_end + 1,
                            "invalid escape",
                            "`\\0` may not be followed by a digit".into(),
                        ));
                    }
                    out.push('\0');
                }
                '1'..='9' => {
                    return Err(self.error(
                        base + i,
                        escape_end,
                        "invalid escape",
                        "JSON5 has no octal escapes".into(),
                    ))
                }
                'x' => {
                    let code = hex(&mut chars, 2).ok_or_else(|| {
                        self.error(
                            base + i,
                            escape_end,
                            "invalid escape",
                            "expected two hex digits after `\\x`".into(),
                        )
                    })?;
                    out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                }
                'u' => {
                    let code = hex(&mut chars, 4).ok_or_else(|| {
                        self.error(
                            base + i,
                            escape_end,
                            "invalid escape",
                            "expected four hex digits after `\\u`".into(),
                        )
                    })?;
                    out.push(self.surrogates(code, &mut chars));
                }
                '\n' | '\u{2028}' | '\u{2029}' => {}
                '\r' => {
                    // `\` then CR LF is one line continuation.
                    if chars.peek().is_some_and(|(_, n)| *n == '\n') {
                        chars.next();
                    }
                }
                other => out.push(other),
            }
        }
        Ok(out)
    }

    /// A `\u` code unit, combined with a following low surrogate when it is a high one; a lone
    /// surrogate (which Rust strings cannot hold) becomes U+FFFD.
    fn surrogates(&self, code: u32, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> char {
        if !(0xD800..0xDC00).contains(&code) {
            return char::from_u32(code).unwrap_or('\u{FFFD}');
        }
        let mut ahead = chars.clone();
        if let (Some((_, '\\')), Some((_, 'u'))) = (ahead.next(), ahead.next()) {
            if let Some(low) = hex(&mut ahead, 4).filter(|low| (0xDC00..0xE000).contains(low)) {
                *chars = ahead;
                return char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
                    .unwrap_or('\u{FFFD}');
            }
        }
        '\u{FFFD}'
    }
}

fn is_number(kind: &TokType) -> bool {
    matches!(
        kind,
        TokType::Integer
            | TokType::Float
            | TokType::Exponent
            | TokType::Hexadecimal
            | TokType::Infinity
            | TokType::Nan
    )
}

/// `n` hex digits from `chars`, as a number.
fn hex(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>, n: usize) -> Option<u32> {
    let mut code = 0;
    for _ in 0..n {
        let digit = chars.next_if(|(_, c)| c.is_ascii_hexdigit())?.1.to_digit(16)?;
        code = code * 16 + digit;
    }
    Some(code)
}

/// The tokenizer's error, in our words, at its place.
fn token_error(file: FileId, text: &str, index: usize, message: &str) -> Diagnostic {
    let at = index.min(text.len());
    let width = text.get(at..).and_then(|s| s.chars().next()).map_or(0, char::len_utf8);
    let m = message.to_ascii_lowercase();
    let (msg, label) = if m.contains("unterminated string") {
        ("unterminated string", "this string is not closed")
    } else if m.contains("line terminator") {
        ("a line break inside a string", "end the line with `\\` to continue the string")
    } else if m.contains("block comment") {
        ("unterminated comment", "this `/*` comment is not closed")
    } else if m.contains("octal") {
        ("invalid number", "a number may not start with `0` (octal is not allowed)")
    } else if m.contains("hexadecimal") {
        ("invalid number", "expected hex digits after `0x`")
    } else if m.contains("number") || m.contains("decimal") || m.contains("exponent") {
        ("invalid number", "this number is malformed")
    } else if m.contains("unexpected token '/'") {
        ("unexpected `/`", "comments start with `//` or `/*`")
    } else if m.contains("unicode escape") {
        ("invalid escape in a key", "expected `\\u` and four hex digits")
    } else {
        ("unexpected character", "not valid JSON5 here")
    };
    Diagnostic::error(SYNTAX, msg).at(Span::new(file, at, at + width), label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Document, Diagnostic> {
        parse(FileId(0), text)
    }

    fn string_of(text: &str) -> String {
        match read(text) {
            Ok(doc) => doc.root.as_str().unwrap_or("<not a string>").to_string(),
            Err(d) => format!("error: {}", d.message),
        }
    }

    #[test]
    fn json5_extensions_are_read_and_the_first_is_named() {
        let doc =
            read("// c\n{a: 'x', \"b\": [0x1F, +1, .5, Infinity,],}").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(doc.extension.map(|e| e.1), Some("a comment"));
        assert_eq!(doc.root.member("a").and_then(|m| m.value.as_str()), Some("x"));
        assert_eq!(doc.root.member("b").and_then(|m| m.value.as_array()).map(<[Node]>::len), Some(4));
        let strict =
            read("{\"a\": [1, -2.5e3, true, null, \"\\u00e9\\n\"]}").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(strict.extension, None);
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(string_of(r#"'it\'s \x41\u00e9\uD83D\uDE00'"#), "it's Aé😀");
        assert_eq!(string_of("'a\\\nb'"), "ab");
        assert_eq!(string_of("'a\\\r\nb'"), "ab");
        assert_eq!(string_of(r#""\uD800x""#), "\u{FFFD}x");
        assert_eq!(string_of(r#""\q""#), "q");
        assert!(string_of(r#""\1""#).starts_with("error"));
        assert!(string_of(r#""\x4""#).starts_with("error"));
        assert!(string_of(r#""\u12""#).starts_with("error"));
        assert!(string_of(r#""\01""#).starts_with("error"));
    }

    #[test]
    fn spans_end_on_character_boundaries() {
        for text in ["{} // 中文", "{} // 中文\n", "{a: 1} /* 注释 */", "{\"键\": \"值\"}"] {
            let doc = read(text).unwrap_or_else(|d| panic!("{d:?}"));
            if let Some((span, _)) = doc.extension {
                assert!(
                    text.get(span.range()).is_some_and(|c| c.starts_with('/') && !c.ends_with('\n')),
                    "{text:?}"
                );
            }
            assert!(text.get(doc.root.span.range()).is_some(), "{text:?}");
        }
    }

    #[test]
    fn duplicates_are_kept_and_the_last_one_wins() {
        let doc = read("{a: 1, b: 2, a: 3}").unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(doc.duplicates.len(), 1);
        assert_eq!((doc.duplicates[0].first.start, doc.duplicates[0].second.start), (1, 13));
        assert_eq!(doc.root.member("a").map(|m| m.value.value.clone()), Some(Value::Number("3".into())));
    }

    #[test]
    fn errors_point_at_the_place() {
        for (text, at) in [
            ("", 0),
            ("{", 1),
            ("{a 1}", 3),
            ("{a: 1 b: 2}", 6),
            ("[1 2]", 3),
            ("{a: b}", 4),
            ("{\"a\": 'x}", 6),
            ("{} {}", 3),
            ("{a: /* x}", 4),
            ("[01]", 1),
            ("/", 0),
            ("{a: 1,,}", 6),
            ("\"abc\ndef\"", 4),
        ] {
            let err = read(text).err().unwrap_or_else(|| panic!("{text:?} parsed"));
            assert_eq!(err.code, "E0550");
            assert_eq!(err.primary_span().map(|s| s.start), Some(at), "{text:?}: {err:?}");
        }
    }

    #[test]
    fn depth_is_capped() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(read(&deep).err().map(|d| d.message), Some("nested too deeply".to_string()));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(read(&ok).is_ok());
    }

    #[test]
    fn no_input_panics() {
        let pieces = [
            "{", "}", "[", "]", ":", ",", "'", "\"", "\\", "0", "x", "1", ".", "e", "+", "-", "a",
            "Infinity", "NaN", " ", "\n", "\r", "\u{2028}", "é", "$", "_", "\\u", "0x1F", "//", "/*", "*/",
            "true", "\u{FEFF}", "\\uD83D",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if let Err(d) = read(&text) {
                let span = d.primary_span().unwrap_or_else(|| panic!("{text:?}: no label"));
                assert!(
                    span.end as usize <= text.len() && text.is_char_boundary(span.start as usize),
                    "{text:?}"
                );
            }
        }
    }
}

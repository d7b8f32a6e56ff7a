//! A JSON event source for the loader: the same events the YAML parser gives (`MapStart`,
//! keys and scalars, `SeqEnd`, …) with byte offsets, read straight from the text.
//!
//! JSON facts — every catalogue line — are most of what clause reads at scale, and a general
//! YAML parser spends most of its time on what JSON cannot contain. The reader is a strict
//! JSON parser: it accepts exactly what `serde_json` accepts (the grammar of RFC 8259, any
//! nesting the loader allows), so a text it reads to the end is valid JSON and needs no
//! second pass. When it stops early (a syntax error, or the loader gave up on the text), the
//! caller asks `serde_json` for its error, so the diagnostics of invalid JSON stay those of
//! `serde_json` ([`parse`]). Strings without escapes are borrowed from the text.

use super::reader::{Ev, Loader};
use super::{precheck, Format, LoadOptions, Parsed};
use crate::schema::Schema;
use crate::source::FileId;
use std::borrow::Cow;

/// Parses one JSON facts text: what `facts::parse` does for [`Format::Json`] (same bundle, same
/// diagnostics), reading the text once when it is valid instead of validating it with
/// `serde_json` first.
pub(crate) fn parse(schema: &Schema, file: FileId, text: &str, options: &LoadOptions) -> Parsed {
    if let Some(bundle) = super::fast::load(schema, file, text, options) {
        return Parsed { bundle: Some(bundle), diagnostics: Vec::new() };
    }
    parse_events(schema, file, text, options)
}

/// [`parse`] through the event loader alone: every text, every diagnostic.
pub(crate) fn parse_events(schema: &Schema, file: FileId, text: &str, options: &LoadOptions) -> Parsed {
    let fail = |d| Parsed { bundle: None, diagnostics: vec![d] };
    // Size and NUL bytes first, as for YAML.
    if let Some(d) = precheck(file, text, Format::Yaml, &options.limits) {
        return fail(d);
    }
    let mut loader = Loader::new_json(schema, file, text, options);
    let bundle = loader.load_file();
    if !loader.read_to_end() {
        // Not read to the end: the text may not be JSON at all, which `serde_json` says first
        // and in its own words.
        if let Some(d) = precheck(file, text, Format::Json, &options.limits) {
            return fail(d);
        }
    }
    let failed = loader.has_errors();
    let diagnostics = loader.into_diagnostics();
    Parsed { bundle: if failed { None } else { bundle }, diagnostics }
}

/// One event and the byte range it covers.
pub(crate) struct JsonEvent<'a> {
    pub ev: Ev<'a>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Object,
    Array,
}

/// What the grammar allows next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value; `first` right after `[` (so `]` may close the array instead).
    Value { first: bool },
    /// A key; `first` right after `{` (so `}` may close the object instead).
    Key { first: bool },
    /// `,` or the closing bracket, or the end of the text at the top level.
    AfterValue,
}

pub(crate) struct JsonEvents<'a> {
    text: &'a str,
    at: usize,
    stack: Vec<Frame>,
    expect: Expect,
    /// 0: stream start, 1: document start, 2: body, 3: document end, 4: stream end, 5: done.
    phase: u8,
}

type Next<'a> = Option<Result<JsonEvent<'a>, (String, usize)>>;

/// Whether `b` ends a literal or a number: a bracket, a separator, a quote or white space.
pub(super) fn ends_token(b: u8) -> bool {
    matches!(b, b',' | b'}' | b']' | b':' | b'"' | b'{' | b'[') || is_ws(b)
}

pub(super) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
pub(super) fn is_number(t: &[u8]) -> bool {
    let digits =
        |t: &[u8], i: usize| t.get(i..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
    let mut i = usize::from(t.first() == Some(&b'-'));
    match t.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i += digits(t, i),
        _ => return false,
    }
    if t.get(i) == Some(&b'.') {
        let n = digits(t, i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(t.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(t.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(t, i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == t.len()
}

impl<'a> JsonEvents<'a> {
    pub fn new(text: &'a str) -> JsonEvents<'a> {
        JsonEvents { text, at: 0, stack: Vec::new(), expect: Expect::Value { first: false }, phase: 0 }
    }

    /// Whether the whole text was read as one JSON value (the stream has ended).
    pub fn finished(&self) -> bool {
        self.phase == 5
    }

    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while bytes.get(self.at).copied().is_some_and(is_ws) {
            self.at += 1;
        }
    }

    /// A string starting at the `"` at `self.at`.
    fn string(&mut self) -> Result<Cow<'a, str>, (String, usize)> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            match bytes.get(i) {
                None => return Err(("a string is not closed".into(), self.at)),
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                Some(&b) if b < 0x20 => return Err(("a control character in a string".into(), i)),
                Some(_) => i += 1,
            }
        }
        let raw = self.text.get(start..i).ok_or_else(|| ("a string is not closed".to_string(), self.at))?;
        let quoted = self.text.get(start - 1..=i).unwrap_or_default();
        self.at = i + 1;
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        // Rare: let serde_json decode (and check) the escapes exactly.
        serde_json::from_str::<String>(quoted).map(Cow::Owned).map_err(|e| (e.to_string(), start - 1))
    }

    fn event(&self, ev: Ev<'a>, start: usize) -> Next<'a> {
        Some(Ok(JsonEvent { ev, start, end: self.at }))
    }

    /// The next event, or `None` after the stream ends.
    pub fn next_event(&mut self) -> Next<'a> {
        let at = self.at;
        let simple = |ev, start, end| Some(Ok(JsonEvent { ev, start, end }));
        match self.phase {
            0 => {
                self.phase = 1;
                return simple(Ev::StreamStart, 0, 0);
            }
            1 => {
                self.phase = 2;
                self.skip_ws();
                return simple(Ev::DocStart, self.at, self.at);
            }
            3 => {
                // Only white space may follow the value.
                let rest = self.text.as_bytes().get(at..).unwrap_or_default();
                if let Some(extra) = rest.iter().position(|&b| !is_ws(b)) {
                    return Some(Err(("trailing characters".into(), at + extra)));
                }
                self.phase = 4;
                return simple(Ev::DocEnd, at, at);
            }
            4 => {
                self.phase = 5;
                return simple(Ev::StreamEnd, at, at);
            }
            5 => return None,
            _ => {}
        }
        self.skip_ws();
        let start = self.at;
        let Some(&b) = self.text.as_bytes().get(start) else {
            if self.stack.is_empty() && self.expect == Expect::AfterValue {
                self.phase = 3;
                return simple(Ev::DocEnd, start, start);
            }
            return Some(Err(("unexpected end of the text".into(), start)));
        };
        match self.expect {
            Expect::AfterValue => match (self.stack.last(), b) {
                (Some(Frame::Object), b',') => {
                    self.at += 1;
                    self.expect = Expect::Key { first: false };
                    self.next_event()
                }
                (Some(Frame::Array), b',') => {
                    self.at += 1;
                    self.expect = Expect::Value { first: false };
                    self.next_event()
                }
                (Some(Frame::Object), b'}') => self.close(Ev::MapEnd, start),
                (Some(Frame::Array), b']') => self.close(Ev::SeqEnd, start),
                _ => Some(Err((format!("unexpected `{}`", b as char), start))),
            },
            Expect::Key { first } => match b {
                b'"' => {
                    let text = match self.string() {
                        Ok(t) => t,
                        Err(e) => return Some(Err(e)),
                    };
                    let end = self.at;
                    self.skip_ws();
                    if self.text.as_bytes().get(self.at) != Some(&b':') {
                        return Some(Err(("expected `:` after a key".into(), self.at)));
                    }
                    self.at += 1;
                    self.expect = Expect::Value { first: false };
                    Some(Ok(JsonEvent { ev: Ev::Scalar { text, quoted: true }, start, end }))
                }
                b'}' if first => self.close(Ev::MapEnd, start),
                _ => Some(Err(("expected a key in quotes".into(), start))),
            },
            Expect::Value { first } => match b {
                b'{' => {
                    self.at += 1;
                    self.stack.push(Frame::Object);
                    self.expect = Expect::Key { first: true };
                    self.event(Ev::MapStart, start)
                }
                b'[' => {
                    self.at += 1;
                    self.stack.push(Frame::Array);
                    self.expect = Expect::Value { first: true };
                    self.event(Ev::SeqStart, start)
                }
                b']' if first => self.close(Ev::SeqEnd, start),
                b'"' => {
                    let text = match self.string() {
                        Ok(t) => t,
                        Err(e) => return Some(Err(e)),
                    };
                    self.value_done();
                    self.event(Ev::Scalar { text, quoted: true }, start)
                }
                _ => {
                    let bytes = self.text.as_bytes();
                    let len = bytes
                        .get(start..)
                        .unwrap_or_default()
                        .iter()
                        .position(|c| ends_token(*c))
                        .unwrap_or(bytes.len() - start);
                    let token = bytes.get(start..start + len).unwrap_or_default();
                    if !(matches!(token, b"true" | b"false" | b"null") || is_number(token)) {
                        return Some(Err(("expected a value".into(), start)));
                    }
                    self.at = start + len;
                    self.value_done();
                    let text = self.text.get(start..start + len).unwrap_or_default();
                    self.event(Ev::Scalar { text: Cow::Borrowed(text), quoted: false }, start)
                }
            },
        }
    }

    /// Closes the innermost object or array with the bracket at `start`.
    fn close(&mut self, ev: Ev<'a>, start: usize) -> Next<'a> {
        self.at = start + 1;
        self.stack.pop();
        self.value_done();
        self.event(ev, start)
    }

    /// A value ended: a `,` or a closing bracket comes next, or the end at the top level.
    fn value_done(&mut self) {
        self.expect = Expect::AfterValue;
        if self.stack.is_empty() {
            self.phase = 3;
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Reads the whole text; `Ok` with the events' texts when it is accepted.
    fn read(text: &str) -> Result<Vec<String>, String> {
        let mut events = JsonEvents::new(text);
        let mut out = Vec::new();
        while let Some(e) = events.next_event() {
            let e = e.map_err(|(m, _)| m)?;
            out.push(match e.ev {
                Ev::Scalar { text, .. } => text.to_string(),
                other => format!("{other:?}"),
            });
        }
        assert!(events.finished());
        Ok(out)
    }

    #[test]
    fn accepts_exactly_what_serde_json_accepts() {
        let cases = [
            r#"{"a": [1, -2.5e+3, true, null, "x\"y", {}], "b": {"c": []}}"#,
            " \t\r\n{}\n",
            "[]",
            "[[]]",
            "0",
            "-0.0E-0",
            r#""top""#,
            r#""\ud83d\ude00""#,
            "",
            "   ",
            "{",
            "}",
            "[1,]",
            "[,1]",
            "[1 2]",
            r#"{"a" 1}"#,
            r#"{"a":1,}"#,
            r#"{"a":1 "b":2}"#,
            r#"{,"a":1}"#,
            r#"{"a"::1}"#,
            r#"{1: 2}"#,
            "{} x",
            "{}{}",
            "01",
            "1.",
            ".5",
            "1e",
            "+1",
            "-",
            "truex",
            "nul",
            "NaN",
            "'a'",
            "\"a\tb\"",
            r#""\x""#,
            r#""\u12""#,
            "[1]]",
            "[1}",
            r#"{"a":1]"#,
            "\u{feff}{}",
            "// c\n{}",
        ];
        for text in cases {
            let serde = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
            assert_eq!(read(text).is_ok(), serde, "{text:?}: serde_json accepts it: {serde}");
        }
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = r#"{"key" : "v", "n": 12}"#;
        let mut events = JsonEvents::new(text);
        let mut spans = Vec::new();
        while let Some(Ok(e)) = events.next_event() {
            spans.push(&text[e.start..e.end]);
        }
        assert_eq!(spans, ["", "", "{", "\"key\"", "\"v\"", "\"n\"", "12", "}", "", ""]);
    }
}

//! A JSON event source for the loader: the same events the YAML parser gives (`MapStart`,
//! keys and scalars, `SeqEnd`, …) with byte offsets, read straight from the text.
//!
//! JSON facts — every catalogue line — are most of what clause reads at scale, and a general
//! YAML parser spends most of its time on what JSON cannot contain. The text has already been
//! validated by `serde_json` (see `facts::precheck`), so this reader only has to be exact on
//! valid JSON; anything else still ends in a syntax error rather than a panic. Strings without
//! escapes are borrowed from the text.

use super::reader::Ev;
use std::borrow::Cow;

/// One event and the byte range it covers.
pub(crate) struct JsonEvent<'a> {
    pub ev: Ev<'a>,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Inside an object: expecting a key (or `}`) next.
    ObjectKey,
    /// Inside an object: a key was read, its value comes next.
    ObjectValue,
    Array,
}

pub(crate) struct JsonEvents<'a> {
    text: &'a str,
    at: usize,
    stack: Vec<Frame>,
    /// 0: stream start, 1: document start, 2: body, 3: document end, 4: stream end, 5: done.
    phase: u8,
}

impl<'a> JsonEvents<'a> {
    pub fn new(text: &'a str) -> JsonEvents<'a> {
        JsonEvents { text, at: 0, stack: Vec::new(), phase: 0 }
    }

    fn skip_ws(&mut self) {
        let bytes = self.text.as_bytes();
        while self.at < bytes.len() && matches!(bytes[self.at], b' ' | b'\t' | b'\n' | b'\r' | b',' | b':') {
            self.at += 1;
        }
    }

    fn string(&mut self) -> Result<Cow<'a, str>, String> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut i = start;
        let mut escaped = false;
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' {
                escaped = true;
                i += 1;
            }
            i += 1;
        }
        if i >= bytes.len() {
            return Err("a string is not closed".into());
        }
        self.at = i + 1;
        let raw = &self.text[start..i];
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        // Rare: let serde_json decode the escapes exactly.
        serde_json::from_str::<String>(&self.text[start - 1..=i]).map(Cow::Owned).map_err(|e| e.to_string())
    }

    /// The next event, or `None` after the stream ends.
    pub fn next_event(&mut self) -> Option<Result<JsonEvent<'a>, (String, usize)>> {
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
        let bytes = self.text.as_bytes();
        let start = self.at;
        let Some(&b) = bytes.get(start) else {
            self.phase = 3;
            return simple(Ev::DocEnd, start, start);
        };
        let ev = match b {
            b'{' => {
                self.at += 1;
                self.stack.push(Frame::ObjectKey);
                Ev::MapStart
            }
            b'[' => {
                self.at += 1;
                self.stack.push(Frame::Array);
                Ev::SeqStart
            }
            b'}' | b']' => {
                self.at += 1;
                self.stack.pop();
                self.after_value();
                if self.stack.is_empty() {
                    self.phase = 3;
                }
                if b == b'}' {
                    Ev::MapEnd
                } else {
                    Ev::SeqEnd
                }
            }
            b'"' => {
                let text = match self.string() {
                    Ok(t) => t,
                    Err(e) => return Some(Err((e, start))),
                };
                match self.stack.last_mut() {
                    Some(frame @ Frame::ObjectKey) => *frame = Frame::ObjectValue,
                    _ => self.after_value(),
                }
                Ev::Scalar { text, quoted: true }
            }
            _ => {
                let end = bytes[start..]
                    .iter()
                    .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    .map_or(bytes.len(), |n| start + n);
                if end == start {
                    return Some(Err((format!("unexpected `{}`", b as char), start)));
                }
                self.at = end;
                self.after_value();
                Ev::Scalar { text: Cow::Borrowed(&self.text[start..end]), quoted: false }
            }
        };
        if self.stack.is_empty()
            && !matches!(ev, Ev::MapEnd | Ev::SeqEnd)
            && !matches!(ev, Ev::MapStart | Ev::SeqStart)
        {
            self.phase = 3;
        }
        Some(Ok(JsonEvent { ev, start, end: self.at }))
    }

    /// A value ended: an object expects its next key.
    fn after_value(&mut self) {
        if let Some(frame @ Frame::ObjectValue) = self.stack.last_mut() {
            *frame = Frame::ObjectKey;
        }
    }
}

//! The fast path for JSON facts: a well-formed text (every catalogue line, in practice) read
//! straight into values in one pass, guided by the schema, without the event layer.
//!
//! It accepts only what the event loader would accept without a word: the first thing it
//! does not handle (invalid JSON, an unknown or repeated key, a value of the wrong type,
//! `sources:`, a null list element, too deep, too large) makes it give up, and
//! [`super::json::parse`] reads the text again through the event loader, which words the
//! problem. So it never reports anything, and when it succeeds its bundle (values,
//! positions, subject) is exactly the event loader's; the tests below compare the two on
//! generated catalogues, on texts edited at random and on hand-written edge cases.
//!
//! Why it pays: the event loader moves every token through three calls as an `Item` with a
//! `Cow`, a span and a position, and looks the position up for each; here a key is compared
//! with the schema's field names where it lies in the text, and a position is computed only
//! for the values kept.

use super::json::{ends_token, is_number, is_ws};
use super::load::{convert, field_named};
use super::reader::LineCursor;
use super::{Bundle, ExplicitSubject, LoadOptions};
use crate::schema::{FieldType, RecordId, RecordType, Schema, Type};
use crate::source::{FileId, Loc};
use crate::value::{Fact, Record, Value};
use std::borrow::Cow;

const SUBJECT_KEY: &str = "subject";

/// The offset of the first `"`, `\\` or control character at or after `from`: eight bytes at a
/// time (most strings of facts are short, too short for a SIMD search to pay for its set-up).
fn special_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // The high bit of each byte that is zero after the xor (`"` or `\\`), or below 0x20.
        // Only the lowest flagged byte is exact (borrows can flag the ones above it), and it
        // is the one taken.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
        let flagged = zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w & HIGH);
        if flagged != 0 {
            return Some(i + (flagged.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let tail = bytes.get(i..)?;
    tail.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|n| i + n)
}

/// The text is not one this path reads; the event loader reads it instead.
struct GiveUp;

type Step<T> = Result<T, GiveUp>;

/// The bundle of a JSON facts text, or `None` when the event loader must read it.
pub(crate) fn load(schema: &Schema, file: FileId, text: &str, options: &LoadOptions) -> Option<Bundle> {
    if text.len() > options.limits.max_bytes {
        return None;
    }
    let mut reader = Reader {
        schema,
        file,
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
        max_depth: options.limits.max_depth,
        line_offset: options.line_offset,
        // `is_ascii` and `contains` are vectorised: cheaper than counting for every value.
        one_ascii_line: text.is_ascii() && memchr::memchr(b'\n', text.as_bytes()).is_none(),
        lines: LineCursor::default(),
        elements: Vec::new(),
    };
    let bundle = reader.top().ok()?;
    reader.skip_ws();
    (reader.at == reader.bytes.len()).then_some(bundle)
}

struct Reader<'t, 's> {
    schema: &'s Schema,
    file: FileId,
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    depth: usize,
    max_depth: usize,
    line_offset: u32,
    /// ASCII on one line: a column is the byte offset plus one.
    one_ascii_line: bool,
    lines: LineCursor,
    /// The elements of the lists being read, innermost last: each list moves its own into a
    /// vector of their exact length.
    elements: Vec<Fact>,
}

impl<'t> Reader<'t, '_> {
    fn skip_ws(&mut self) {
        while self.bytes.get(self.at).copied().is_some_and(is_ws) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.at).copied()
    }

    /// The position of the byte at `offset`, counted as the event loader counts it.
    fn loc(&mut self, offset: usize) -> Loc {
        let (line, column) =
            if self.one_ascii_line { (1, offset + 1) } else { self.lines.loc(self.text, offset) };
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Loc { file: self.file, line: clamp(line).saturating_add(self.line_offset), column: clamp(column) }
    }

    /// Consumes `{` or `[` and returns whether the value is empty (its closing bracket
    /// consumed too).
    fn open(&mut self, close: u8) -> Step<bool> {
        self.at += 1;
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(GiveUp);
        }
        if self.peek() == Some(close) {
            self.at += 1;
            self.depth -= 1;
            return Ok(true);
        }
        Ok(false)
    }

    /// After a member or element: `true` at a `,` (another follows), `false` at `close`.
    fn more(&mut self, close: u8) -> Step<bool> {
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(GiveUp),
        }
    }

    /// A string at the `"` at `self.at`, borrowed from the text unless it has escapes.
    fn string(&mut self) -> Step<Cow<'t, str>> {
        let start = self.at + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            i = special_byte(self.bytes, i).ok_or(GiveUp)?;
            match self.bytes.get(i) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    i += 2;
                }
                // A control character, which JSON does not allow in a string.
                _ => return Err(GiveUp),
            }
        }
        self.at = i + 1;
        if !escaped {
            return self.text.get(start..i).map(Cow::Borrowed).ok_or(GiveUp);
        }
        // Rare: serde_json decodes (and checks) the escapes exactly as the event reader does.
        let quoted = self.text.get(start - 1..=i).ok_or(GiveUp)?;
        serde_json::from_str::<String>(quoted).map(Cow::Owned).map_err(|_| GiveUp)
    }

    /// A key and its `:`.
    fn key(&mut self) -> Step<Cow<'t, str>> {
        if self.peek() != Some(b'"') {
            return Err(GiveUp);
        }
        let key = self.string()?;
        if self.peek() != Some(b':') {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(key)
    }

    /// The key at the cursor, with its `:`, when it is field `hint` of `record` (keys usually
    /// come in the schema's order): compared with the name where it lies, without being
    /// scanned as a string first. A name is an identifier, so bytes equal to it and then a `"`
    /// are that string exactly. `None` leaves the cursor where it was.
    fn expected_key<'r>(&mut self, record: &'r RecordType, hint: usize) -> Option<(usize, &'r FieldType)> {
        let field = record.fields.get(hint)?;
        let name = field.name.as_bytes();
        if self.peek() != Some(b'"') {
            return None;
        }
        let rest = self.bytes.get(self.at + 1..)?;
        if rest.get(..name.len())? != name || rest.get(name.len()) != Some(&b'"') {
            return None;
        }
        let start = self.at;
        self.at += name.len() + 2;
        if self.peek() == Some(b':') {
            self.at += 1;
            return Some((hint, field));
        }
        self.at = start;
        None
    }

    /// `true`, `false`, `null` or a number.
    fn token(&mut self) -> Step<&'t str> {
        let start = self.at;
        let rest = self.bytes.get(start..).unwrap_or_default();
        // By its first byte: a literal is compared whole, a number is the run of the bytes a
        // number can hold. Either must end where a token ends (as `truex` or `12x` do not).
        let len = match rest.first() {
            Some(b't') if rest.starts_with(b"true") => 4,
            Some(b'f') if rest.starts_with(b"false") => 5,
            Some(b'n') if rest.starts_with(b"null") => 4,
            Some(b'-' | b'0'..=b'9') => {
                let n = rest
                    .iter()
                    .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                    .count();
                if !is_number(rest.get(..n).unwrap_or_default()) {
                    return Err(GiveUp);
                }
                n
            }
            _ => return Err(GiveUp),
        };
        if !rest.get(len).is_none_or(|&b| ends_token(b)) {
            return Err(GiveUp);
        }
        self.at = start + len;
        self.text.get(start..start + len).ok_or(GiveUp)
    }

    /// The top-level object: document kinds and `subject`.
    fn top(&mut self) -> Step<Bundle> {
        let schema = self.schema;
        let mut bundle = Bundle::empty(schema);
        if self.peek() != Some(b'{') || schema.documents.len() > 64 {
            return Err(GiveUp);
        }
        if self.open(b'}')? {
            return Ok(bundle);
        }
        let mut seen = 0u64;
        let mut subject_seen = false;
        loop {
            let key = self.key()?;
            if key == SUBJECT_KEY {
                if std::mem::replace(&mut subject_seen, true) {
                    return Err(GiveUp);
                }
                bundle.subject = self.subject()?;
            } else {
                let (id, doc) = schema.document_by_name(&key).ok_or(GiveUp)?;
                let bit = 1u64 << id.0;
                if seen & bit != 0 {
                    return Err(GiveUp);
                }
                seen |= bit;
                let slot = bundle.documents.get_mut(id.0 as usize).ok_or(GiveUp)?;
                self.value(&Type::Record(doc.record), slot)?;
            }
            if !self.more(b'}')? {
                return Ok(bundle);
            }
        }
    }

    /// `subject: {id, kind}` with string values (or null, or null as a whole).
    fn subject(&mut self) -> Step<ExplicitSubject> {
        let mut subject = ExplicitSubject::default();
        match self.peek() {
            Some(b'{') => {}
            Some(b'n') if self.token()? == "null" => return Ok(subject),
            _ => return Err(GiveUp),
        }
        if self.open(b'}')? {
            return Ok(subject);
        }
        let (mut id_seen, mut kind_seen) = (false, false);
        loop {
            let key = self.key()?;
            let seen = match key.as_ref() {
                "id" => &mut id_seen,
                "kind" => &mut kind_seen,
                _ => return Err(GiveUp),
            };
            if std::mem::replace(seen, true) {
                return Err(GiveUp);
            }
            match self.peek() {
                Some(b'"') => {
                    let loc = self.loc(self.at);
                    let text = self.string()?;
                    if key == "id" {
                        subject.id = Some((text.into_owned(), loc));
                    } else {
                        let (kind, _) = self.schema.subject_by_name(&text).ok_or(GiveUp)?;
                        subject.kind = Some((kind, loc));
                    }
                }
                Some(b'n') if self.token()? == "null" => {}
                _ => return Err(GiveUp),
            }
            if !self.more(b'}')? {
                return Ok(subject);
            }
        }
    }

    /// A value of type `ty`, into `slot` (left `None` for null): written in place rather than
    /// returned, so that a fact is not moved through a `Result` at every level.
    fn value(&mut self, ty: &Type, slot: &mut Option<Fact>) -> Step<()> {
        let start = match self.peek() {
            Some(b'{' | b'[' | b'"') => self.at,
            _ => {
                let start = self.at;
                let token = self.token()?;
                if token != "null" {
                    let loc = self.loc(start);
                    let value = self.scalar(ty, token, false)?;
                    *slot = Some(Fact { value, loc });
                }
                return Ok(());
            }
        };
        let loc = self.loc(start);
        let value = match (ty, self.bytes.get(start)) {
            (Type::Record(id), Some(b'{')) => self.record(*id)?,
            (Type::List(element), Some(b'[')) => self.list(element)?,
            (_, Some(b'"')) => {
                let text = self.string()?;
                self.scalar(ty, &text, true)?
            }
            _ => return Err(GiveUp),
        };
        *slot = Some(Fact { value, loc });
        Ok(())
    }

    fn record(&mut self, id: RecordId) -> Step<Value> {
        let record = self.schema.record(id);
        if record.fields.len() > 64 {
            return Err(GiveUp);
        }
        // Filled without cloning `None` into each slot, as `vec![None; n]` does.
        let mut fields: Vec<Option<Fact>> = Vec::with_capacity(record.fields.len());
        fields.resize_with(record.fields.len(), || None);
        if self.open(b'}')? {
            return Ok(Value::Record(Record { fields }));
        }
        let mut seen = 0u64;
        // Keys usually come in the schema's order: the field after the last one is tried first.
        let mut next_field = 0;
        loop {
            let (i, field) = match self.expected_key(record, next_field) {
                Some(hit) => hit,
                None => {
                    let key = self.key()?;
                    field_named(record, &key, next_field).ok_or(GiveUp)?
                }
            };
            next_field = i + 1;
            let bit = 1u64 << i;
            if seen & bit != 0 {
                return Err(GiveUp);
            }
            seen |= bit;
            self.value(&field.ty, fields.get_mut(i).ok_or(GiveUp)?)?;
            if !self.more(b'}')? {
                return Ok(Value::Record(Record { fields }));
            }
        }
    }

    fn list(&mut self, element: &Type) -> Step<Value> {
        if self.open(b']')? {
            return Ok(Value::List(Vec::new()));
        }
        let start = self.elements.len();
        loop {
            let mut slot = None;
            self.value(element, &mut slot)?;
            // A null element is an error the event loader words.
            self.elements.push(slot.ok_or(GiveUp)?);
            if !self.more(b']')? {
                return Ok(Value::List(self.elements.split_off(start)));
            }
        }
    }

    /// A scalar of type `ty`, by the rules the event loader applies (`load::convert`).
    fn scalar(&self, ty: &Type, text: &str, quoted: bool) -> Step<Value> {
        convert(self.schema, ty, text, quoted).ok_or(GiveUp)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::facts::json::parse_events;
    use crate::facts::test_corpus as corpus;
    use crate::source::SourceMap;

    fn schema() -> Schema {
        let mut sources = SourceMap::new();
        let engine =
            crate::engine::Engine::bundled(&mut sources).unwrap_or_else(|_| panic!("the packs compile"));
        engine.into_loaded().checked.program.schema
    }

    /// What the fast path makes of `text`, checked against the event loader: when the fast
    /// path reads a text, the event loader reads it too, without a diagnostic, into the same
    /// bundle.
    fn agree(schema: &Schema, text: &str, options: &LoadOptions) -> bool {
        let file = FileId(0);
        let fast = load(schema, file, text, options);
        let events = parse_events(schema, file, text, options);
        if let Some(bundle) = &fast {
            assert!(events.diagnostics.is_empty(), "{text}: {:?}", events.diagnostics);
            assert_eq!(Some(bundle), events.bundle.as_ref(), "{text}");
        }
        fast.is_some()
    }

    #[test]
    fn generated_lines_load_as_the_event_loader_loads_them() {
        let schema = schema();
        let options = LoadOptions { line_offset: 41, ..LoadOptions::default() };
        for line in corpus::corpus(3, 300) {
            assert!(agree(&schema, &line, &options), "the fast path gave up on {line}");
            // Pretty-printed: positions on many lines.
            let value: serde_json::Value = serde_json::from_str(&line).unwrap();
            let pretty = serde_json::to_string_pretty(&value).unwrap();
            assert!(agree(&schema, &pretty, &options), "the fast path gave up on {pretty}");
        }
    }

    #[test]
    fn edited_texts_are_read_alike_or_left_to_the_event_loader() {
        let schema = schema();
        let options = LoadOptions::default();
        // Small edits at pseudo-random places: deletions, duplications and substitutions
        // with characters that matter to JSON, the schema or the positions.
        let inserts =
            ["\"", "\\", ",", "}", "]", "{", "[", "null", "1", "-", "é", "中", "\n", " ", "\\u00e9"];
        let mut read = 0;
        let mut rng = corpus::Rng::new(7);
        for line in corpus::corpus(5, 150) {
            for _ in 0..20 {
                let mut text = line.clone();
                for _ in 0..=(rng.next() % 2) {
                    let mut at = (rng.next() as usize) % text.len();
                    while !text.is_char_boundary(at) {
                        at -= 1;
                    }
                    match rng.next() % 3 {
                        0 => {
                            let end = (at + 1 + (rng.next() as usize) % 8).min(text.len());
                            if text.is_char_boundary(end) {
                                text.replace_range(at..end, "");
                            }
                        }
                        1 => {
                            let end = (at + (rng.next() as usize) % 40).min(text.len());
                            if text.is_char_boundary(end) {
                                let copy = text[at..end].to_string();
                                text.insert_str(at, &copy);
                            }
                        }
                        _ => text.insert_str(at, inserts[(rng.next() as usize) % inserts.len()]),
                    }
                }
                read += usize::from(agree(&schema, &text, &options));
            }
        }
        // Many edits (inside strings, say) leave a text the fast path still reads.
        assert!(read > 100, "only {read} edited texts were read by the fast path");
    }

    /// A schema with datetimes, which the bundled pack does not have.
    fn datetime_schema() -> Schema {
        let policy = "document log {\n  app_id: string\n  at: datetime\n  times: list of datetime\n  \
                      requests: list of record { host: string sent_at: datetime }\n}\n\
                      subject app { id log.app_id }\n";
        let mut sources = SourceMap::new();
        crate::compile(&mut sources, &[("log.clause".into(), policy.into())])
            .unwrap_or_else(|_| panic!("the policy compiles"))
            .program
            .schema
    }

    #[test]
    fn datetimes_are_read_alike_or_left_to_the_event_loader() {
        let schema = datetime_schema();
        let options = LoadOptions::default();
        let valid = [
            "2024-03-01T10:15:30+08:00",
            "2024-03-01T02:15:30Z",
            "2024-03-01T10:15:30.5-05:30",
            "2024-03-01T10:15:30.123456789+14:00",
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59.999999999Z",
        ];
        for t in valid {
            for text in [
                format!(r#"{{"log": {{"at": "{t}"}}}}"#),
                format!(r#"{{"log": {{"times": ["{t}", "{t}"], "requests": [{{"sent_at": "{t}"}}]}}}}"#),
                format!("{{\n  \"log\": {{\n    \"at\": \"{t}\"\n  }}\n}}"),
            ] {
                assert!(agree(&schema, &text, &options), "the fast path gave up on {text}");
            }
        }
        let invalid = [
            "2024-03-01T10:15:30",
            "2024-02-30T10:15:30+08:00",
            "2024-03-01T24:00:00+08:00",
            "2024-03-01t10:15:30+08:00",
            "2024-03-01T10:15:30z",
            "2024-03-01 10:15:30+08:00",
            "2024-03-01T10:15:30+0800",
            "2024-03-01T10:15:30-00:00",
            "2024-03-01T10:15:30.1234567891Z",
            "2024-03-01",
            "2016-12-31T23:59:60Z",
            "2024-03-01T10:15:30+08:00 ",
        ];
        for t in invalid {
            let text = format!(r#"{{"log": {{"at": "{t}"}}}}"#);
            assert!(!agree(&schema, &text, &options), "the fast path read {text}");
        }
        for text in [
            r#"{"log": {"at": 1709259330}}"#,
            r#"{"log": {"at": true}}"#,
            r#"{"log": {"at": ["2024-03-01T02:15:30Z"]}}"#,
        ] {
            assert!(!agree(&schema, text, &options), "the fast path read {text}");
        }
        // Valid datetimes edited at random, with the characters a timestamp is made of: the
        // two paths agree on each (read alike, or left to the event loader).
        let pieces = ["0", "9", "1", "T", "t", "Z", "z", "+", "-", ":", ".", " ", "\\u0054", "24", "60"];
        let mut rng = corpus::Rng::new(11);
        let mut read = 0;
        for t in valid {
            for _ in 0..300 {
                let mut t = t.to_string();
                let at = (rng.next() as usize) % (t.len() + 1);
                match rng.next() % 3 {
                    0 if at < t.len() => {
                        t.remove(at);
                    }
                    1 if at < t.len() => {
                        t.replace_range(at..=at, pieces[(rng.next() as usize) % pieces.len()]);
                    }
                    _ => t.insert_str(at, pieces[(rng.next() as usize) % pieces.len()]),
                }
                let text = format!(r#"{{"log": {{"times": ["{t}"]}}}}"#);
                read += usize::from(agree(&schema, &text, &options));
            }
        }
        // Some edits keep a valid datetime (a digit for a digit), most do not.
        assert!(read > 50 && read < 1500, "{read} edited datetimes were read by the fast path");
    }

    #[test]
    fn special_bytes_are_found_as_a_byte_by_byte_search_finds_them() {
        let mut rng = corpus::Rng::new(3);
        let alphabet = [b'a', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xff, 0xa2, 0xdc, b'!', b'#', 0x21];
        for _ in 0..20_000 {
            let len = (rng.next() % 40) as usize;
            let bytes: Vec<u8> =
                (0..len)
                    .map(|_| {
                        if rng.next().is_multiple_of(3) {
                            alphabet[(rng.next() % 14) as usize]
                        } else {
                            b'x'
                        }
                    })
                    .collect();
            let from = (rng.next() as usize) % (len + 1);
            let naive = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, &b)| b == b'"' || b == b'\\' || b < 0x20)
                .map(|(i, _)| i);
            assert_eq!(special_byte(&bytes, from), naive, "{bytes:?} from {from}");
        }
    }

    #[test]
    fn edge_cases_are_read_alike_or_left_to_the_event_loader() {
        let schema = schema();
        let options = LoadOptions::default();
        let read = [
            r#"{}"#,
            r#" {"app": {"package_id": "com.example", "name": "例子 \u00e9\n"}} "#,
            "{\n  \"app\": {\n    \"package_id\": \"com.é\",\n    \"name\": \"中文\"\n  }\n}",
            r#"{"subject": {"id": "x", "kind": "app"}, "app": {"package_id": null}}"#,
            r#"{"subject": null, "app": {"capabilities": []}}"#,
            r#"{"app": {"name": 12}}"#,
            r#"{"app": {"name": "x", "package_id": "a"}}"#,
            r#"{"app": {"package_\u0069d": "a"}}"#,
            r#"{"app": { "package_id" : "a" , "name" : "b" }}"#,
            r#"{"app": {"name": -1.5e+3}}"#,
            r#"{"app": {"name": 0, "package_id": null}}"#,
            r#"{"app": {"name": true}}"#,
            r#"{"app": {"runs_on_mobile_smart_terminal": false, "platform": "android"}}"#,
            r#"{"store": {"went_live": "2017-02-28", "security_review": {"staff_count": -3}}}"#,
            r#"{"developer": {"logs": {"retention": 60}}}"#,
            r#"{"developer": {"logs": {"retention": "P8W"}}}"#,
        ];
        for text in read {
            assert!(agree(&schema, text, &options), "the fast path gave up on {text}");
        }
        let left = [
            "",
            "[]",
            "\u{feff}{}",
            r#"{"app": {}, "app": {}}"#,
            r#"{"app": {"package_id": "a", "package_id": "b"}}"#,
            r#"{"app": {"packge_id": "a"}}"#,
            r#"{"ap": {}}"#,
            r#"{"sources": {}}"#,
            r#"{"subject": {"id": 1}}"#,
            r#"{"subject": {"kind": "nothing"}}"#,
            r#"{"app": {"capabilities": [null]}}"#,
            r#"{"app": {"package_id": ["a"]}}"#,
            r#"{"app": {"package_id": "a",}}"#,
            r#"{"app": {"package_id": "a"}} x"#,
            r#"{"app": {"package_id": "a\x"}}"#,
            r#"{"app": {"package_id": "a"}"#,
            r#"{"app": {"package_id": tru}}"#,
            r#"{"app": {"package_id": 01}}"#,
            r#"{"app": {"name": truex}}"#,
            r#"{"app": {"package_id" "a"}}"#,
            r#"{"app": {"package_id"}}"#,
            r#"{"app": {"package_idx": "a"}}"#,
            r#"{"app": {"package_id\u0000": "a"}}"#,
            r#"{"app": {"name": nullx}}"#,
            r#"{"app": {"name": 12x}}"#,
            r#"{"app": {"name": 1.}}"#,
            r#"{"app": {"name": -}}"#,
            r#"{"app": {"name": 1e5e}}"#,
            r#"{"app": {"name": +1}}"#,
            r#"{"app": {"name": True}}"#,
            r#"{"app": {"runs_on_mobile_smart_terminal": "true"}}"#,
            r#"{"app": {"runs_on_mobile_smart_terminal": 1}}"#,
            r#"{"app": {"platform": "andriod"}}"#,
            r#"{"store": {"went_live": "2017-02-30"}}"#,
            r#"{"store": {"went_live": 2017}}"#,
            r#"{"store": {"security_review": {"staff_count": "3"}}}"#,
            r#"{"store": {"security_review": {"staff_count": 1.5}}}"#,
            r#"{"store": {"security_review": {"staff_count": 99999999999999999999}}}"#,
            r#"{"developer": {"logs": {"retention": "60"}}}"#,
            r#"{"developer": {"logs": {"retention": -1}}}"#,
            r#"{"developer": {"logs": {"retention": "P"}}}"#,
        ];
        for text in left {
            assert!(!agree(&schema, text, &options), "the fast path read {text}");
        }
        let shallow = LoadOptions {
            limits: crate::facts::Limits { max_depth: 2, ..Default::default() },
            ..LoadOptions::default()
        };
        assert!(!agree(&schema, r#"{"app": {"capabilities": []}}"#, &shallow));
        assert!(agree(&schema, r#"{"app": {"name": "x"}}"#, &shallow));
        let small = LoadOptions {
            limits: crate::facts::Limits { max_bytes: 4, ..Default::default() },
            ..LoadOptions::default()
        };
        assert!(!agree(&schema, r#"{"app": {}}"#, &small));
    }
}

//! The event layer of the loader: saphyr events with byte spans and [`Loc`]s, the depth
//! limit, refusal of anchors, aliases and tags, skipping of unwanted values, and the
//! diagnostics sink shared by the typed layer (`load.rs`) and test-case files (`cases.rs`).

use super::LoadOptions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::schema::Schema;
use crate::source::{FileId, Loc, Span};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, StrInput};
use std::borrow::Cow;

/// A fatal problem was reported; loading stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fatal;

/// What the typed layer sees of a YAML event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ev<'a> {
    /// `quoted` is true for quoted and block scalars (and `!!str`): never null, bool or number.
    Scalar {
        text: Cow<'a, str>,
        quoted: bool,
    },
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
    DocStart,
    DocEnd,
    StreamStart,
    StreamEnd,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item<'a> {
    pub ev: Ev<'a>,
    pub span: Span,
    pub loc: Loc,
}

impl Item<'_> {
    /// A plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.ev, Ev::Scalar { text, quoted: false } if matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

/// One step of a fact path: `app`, `.permissions`, `[2]`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Seg<'s> {
    Key(&'s str),
    Owned(String),
    Index(usize),
}

/// Char index → byte offset, with a cursor: events arrive nearly in order, so the walk is
/// amortised linear. ASCII text (the common case) needs no walk at all.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    char_at: usize,
    byte_at: usize,
}

impl Offsets<'_> {
    fn byte_offset(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.char_at / 2 {
            self.char_at = 0;
            self.byte_at = 0;
        }
        while self.char_at > char_index {
            match self.text[..self.byte_at].chars().next_back() {
                Some(c) => {
                    self.byte_at -= c.len_utf8();
                    self.char_at -= 1;
                }
                None => break,
            }
        }
        let mut chars = self.text[self.byte_at..].chars();
        while self.char_at < char_index {
            match chars.next() {
                Some(c) => {
                    self.byte_at += c.len_utf8();
                    self.char_at += 1;
                }
                None => break,
            }
        }
        self.byte_at
    }
}

/// Where events come from: the YAML parser, or the JSON reader for `.json` files and
/// catalogue lines (same events, much less work).
enum Source<'a> {
    Yaml(Box<Parser<'a, StrInput<'a>>>),
    Json(super::json::JsonEvents<'a>),
}

/// Byte offset → 1-based line and character column, for offsets that mostly increase: each
/// byte is looked at once, so a 3 KB one-line catalogue entry costs linear time, not
/// quadratic.
#[derive(Default)]
pub(crate) struct LineCursor {
    pos: usize,
    line: usize,
    /// Characters between the start of the current line and `pos`.
    column: usize,
}

impl LineCursor {
    pub fn loc(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        if offset < self.pos {
            *self = LineCursor::default();
        }
        // Counting with filters rather than branching on each byte lets the compiler vectorise
        // the walk; a catalogue line has no line break at all.
        let seg = text.as_bytes().get(self.pos..offset).unwrap_or_default();
        // Not UTF-8 continuation bytes: the characters.
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        // `contains` on bytes is a fast `memchr`.
        match seg.contains(&b'\n').then(|| seg.iter().rposition(|&b| b == b'\n')).flatten() {
            None => self.column += chars(seg),
            Some(last) => {
                self.line += seg.iter().filter(|&&b| b == b'\n').count();
                self.column = chars(seg.get(last + 1..).unwrap_or_default());
            }
        }
        self.pos = offset;
        (self.line + 1, self.column + 1)
    }
}

pub(crate) struct Loader<'a, 's> {
    pub schema: &'s Schema,
    pub file: FileId,
    pub options: LoadOptions,
    pub path: Vec<Seg<'s>>,
    /// The elements of the lists being read, innermost last (see `load_list`).
    pub elements: Vec<crate::value::Fact>,
    /// Where the keys of the records being read were first seen, innermost last.
    pub seen_keys: Vec<Option<Span>>,
    source: Source<'a>,
    offsets: Offsets<'a>,
    /// Line bookkeeping for the JSON source, which reports byte offsets.
    lines: LineCursor,
    depth: usize,
    diagnostics: Vec<Diagnostic>,
    /// Set once `max_diagnostics` is reached: later reports are dropped (the error count that
    /// decides success is kept in `errors`).
    errors: usize,
    text_len: usize,
}

impl<'a, 's> Loader<'a, 's> {
    pub fn new(schema: &'s Schema, file: FileId, text: &'a str, options: &LoadOptions) -> Loader<'a, 's> {
        Loader::with_source(schema, file, text, options, false)
    }

    /// A loader for JSON text: a strict JSON reader (see `json.rs`).
    pub fn new_json(
        schema: &'s Schema,
        file: FileId,
        text: &'a str,
        options: &LoadOptions,
    ) -> Loader<'a, 's> {
        Loader::with_source(schema, file, text, options, true)
    }

    fn with_source(
        schema: &'s Schema,
        file: FileId,
        text: &'a str,
        options: &LoadOptions,
        json: bool,
    ) -> Loader<'a, 's> {
        let source = if json {
            Source::Json(super::json::JsonEvents::new(text))
        } else {
            Source::Yaml(Box::new(Parser::new_from_str(text)))
        };
        Loader {
            schema,
            file,
            options: *options,
            path: Vec::new(),
            elements: Vec::new(),
            seen_keys: Vec::new(),
            source,
            lines: LineCursor::default(),
            offsets: Offsets { text, ascii: text.is_ascii(), char_at: 0, byte_at: 0 },
            depth: 0,
            diagnostics: Vec::new(),
            errors: 0,
            text_len: text.len(),
        }
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether the whole text was read: always for YAML (the parser reads it through); for
    /// JSON, only when the reader reached the end without a syntax error, which proves the
    /// text valid JSON.
    pub fn read_to_end(&self) -> bool {
        match &self.source {
            Source::Yaml(_) => true,
            Source::Json(events) => events.finished(),
        }
    }

    pub fn has_errors(&self) -> bool {
        self.errors > 0
    }

    pub fn report(&mut self, d: Diagnostic) {
        if d.severity == Severity::Error {
            self.errors += 1;
        }
        if self.diagnostics.len() < self.options.limits.max_diagnostics {
            self.diagnostics.push(d);
        }
    }

    /// Reports a fatal problem.
    pub fn fatal(&mut self, d: Diagnostic) -> Fatal {
        self.report(d);
        Fatal
    }

    fn span_of(&mut self, start: Marker, end: Marker) -> Span {
        let s = self.offsets.byte_offset(start.index());
        let e = self.offsets.byte_offset(end.index()).max(s);
        Span::new(self.file, s, e)
    }

    fn loc_of(&self, m: Marker) -> Loc {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let line = clamp(m.line().max(1)).saturating_add(self.options.line_offset);
        Loc { file: self.file, line, column: clamp(m.col() + 1) }
    }

    /// A file whose structure is broken: what was read of it before is unreliable, so its
    /// earlier diagnostics (a "wrong type" for half a list) give way to this one.
    fn broken(&mut self, d: Diagnostic) -> Fatal {
        self.diagnostics.clear();
        self.errors = 0;
        self.fatal(d)
    }

    fn too_deep(&mut self, span: Span) -> Fatal {
        let max = self.options.limits.max_depth;
        self.broken(
            Diagnostic::error("E0408", format!("the facts are nested more than {max} levels deep"))
                .at(span, "too deep here")
                .help("facts follow the schema, which is never this deep; is the file generated wrongly?"),
        )
    }

    fn syntax_error(&mut self, e: &ScanError) -> Fatal {
        let span = self.span_of(*e.marker(), *e.marker());
        let info = e.info().to_string();
        if info.contains("recursion limit") {
            // The scanner's own flow-nesting guard can fire before our depth check sees events.
            return self.too_deep(span);
        }
        self.broken(
            Diagnostic::error("E0404", format!("syntax error: {info}"))
                .at(span, info)
                .help("check the indentation and the brackets and quotes before this point"),
        )
    }

    /// The next event; anchors, aliases, tags and excess depth are fatal.
    pub fn next(&mut self) -> Result<Item<'a>, Fatal> {
        let parser = match &mut self.source {
            Source::Yaml(parser) => parser,
            Source::Json(_) => return self.next_json(),
        };
        let (event, span) = match parser.next_event() {
            None => {
                let end = Span::new(self.file, self.text_len, self.text_len);
                let loc = Loc { file: self.file, line: 1, column: 1 };
                return Ok(Item { ev: Ev::StreamEnd, span: end, loc });
            }
            Some(Err(e)) => return Err(self.syntax_error(&e)),
            Some(Ok(pair)) => pair,
        };
        let loc = self.loc_of(span.start);
        let span = self.span_of(span.start, span.end);
        let (anchor, tag, ev) = match event {
            Event::Nothing | Event::StreamStart => (0, None, Ev::StreamStart),
            Event::StreamEnd => (0, None, Ev::StreamEnd),
            Event::DocumentStart(_) => (0, None, Ev::DocStart),
            Event::DocumentEnd => (0, None, Ev::DocEnd),
            Event::Alias(_) => {
                return Err(self.fatal(
                    Diagnostic::error("E0409", "YAML aliases are not allowed in facts")
                        .at(span, "alias here")
                        .help("write the value out in full"),
                ))
            }
            Event::Scalar(text, style, anchor, tag) => {
                let is_str_tag = tag.as_ref().is_some_and(|t| t.is_yaml_core_schema() && t.suffix == "str");
                let quoted = style != ScalarStyle::Plain || is_str_tag;
                let tag = if is_str_tag { None } else { tag };
                (anchor, tag, Ev::Scalar { text, quoted })
            }
            Event::SequenceStart(anchor, tag) => (anchor, tag, Ev::SeqStart),
            Event::SequenceEnd => (0, None, Ev::SeqEnd),
            Event::MappingStart(anchor, tag) => (anchor, tag, Ev::MapStart),
            Event::MappingEnd => (0, None, Ev::MapEnd),
        };
        if anchor != 0 {
            return Err(self.fatal(
                Diagnostic::error("E0409", "YAML anchors are not allowed in facts")
                    .at(span, "anchored value here")
                    .help("remove the `&anchor` and write each value out in full"),
            ));
        }
        if let Some(tag) = tag {
            return Err(self.fatal(
                Diagnostic::error("E0410", format!("the YAML tag `{tag}` is not allowed in facts"))
                    .at(span, "tagged value here")
                    .help("remove the tag; the schema decides each value's type"),
            ));
        }
        self.nest(Item { ev, span, loc })
    }

    #[inline]
    fn next_json(&mut self) -> Result<Item<'a>, Fatal> {
        let Source::Json(events) = &mut self.source else { return Err(Fatal) };
        let event = events.next_event();
        let text = self.offsets.text;
        let (ev, start, end) = match event {
            None => (Ev::StreamEnd, self.text_len, self.text_len),
            Some(Ok(e)) => (e.ev, e.start, e.end),
            Some(Err((message, at))) => {
                let span = Span::new(self.file, at, at);
                return Err(self.broken(
                    Diagnostic::error("E0404", format!("syntax error: {message}")).at(span, message),
                ));
            }
        };
        let (line, column) = self.lines.loc(text, start);
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let loc = Loc {
            file: self.file,
            line: clamp(line).saturating_add(self.options.line_offset),
            column: clamp(column),
        };
        let span = Span::new(self.file, start, end);
        self.nest(Item { ev, span, loc })
    }

    /// Tracks nesting for either source, refusing input deeper than the limit.
    #[inline]
    fn nest(&mut self, item: Item<'a>) -> Result<Item<'a>, Fatal> {
        match item.ev {
            Ev::MapStart | Ev::SeqStart => {
                self.depth += 1;
                if self.depth > self.options.limits.max_depth {
                    return Err(self.too_deep(item.span));
                }
            }
            Ev::MapEnd | Ev::SeqEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(item)
    }

    /// Consumes the rest of a value whose first event is `first` (iteratively, any depth).
    pub fn skip(&mut self, first: &Item<'a>) -> Result<(), Fatal> {
        if !matches!(first.ev, Ev::MapStart | Ev::SeqStart) {
            return Ok(());
        }
        let target = self.depth - 1;
        while self.depth > target {
            let item = self.next()?;
            if matches!(item.ev, Ev::StreamEnd) {
                break;
            }
        }
        Ok(())
    }

    /// The fact path so far, `app.permissions[2].state`.
    pub fn path_string(&self) -> String {
        render_path(&self.path)
    }

    /// The fact path with one more key, for messages about that key.
    pub fn path_with(&self, key: &str) -> String {
        let mut s = self.path_string();
        if !s.is_empty() {
            s.push('.');
        }
        s.push_str(key);
        s
    }
}

pub(crate) fn render_path(path: &[Seg<'_>]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => push_key(&mut s, k),
            Seg::Owned(k) => push_key(&mut s, k),
            Seg::Index(i) => {
                s.push('[');
                s.push_str(&i.to_string());
                s.push(']');
            }
        }
    }
    s
}

fn push_key(s: &mut String, key: &str) {
    if !s.is_empty() {
        s.push('.');
    }
    s.push_str(key);
}

/// How a found value is named in a message: `the string "next week"`, `the number `1.5``.
pub(crate) fn describe(item: &Item<'_>) -> String {
    match &item.ev {
        Ev::MapStart => "a mapping".into(),
        Ev::SeqStart => "a list".into(),
        Ev::Scalar { .. } if item.is_null() => "null".into(),
        Ev::Scalar { text, quoted } => {
            let shown = shorten(text);
            if *quoted {
                format!("the string {shown:?}")
            } else if matches!(text.as_ref(), "true" | "false" | "True" | "False" | "TRUE" | "FALSE") {
                format!("the boolean `{shown}`")
            } else if text.parse::<f64>().is_ok() {
                format!("the number `{shown}`")
            } else {
                format!("the string {shown:?}")
            }
        }
        _ => "the end of the document".into(),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

//! Facts: YAML or JSON about one subject (an app, an app store), loaded into [`Fact`] values.
//!
//! The loader drives `saphyr_parser` events and descends the [`Schema`] types as it goes, so
//! it never builds a generic YAML tree: each scalar is converted straight into the
//! [`Value`](crate::value::Value) its field's type asks for, records hold their fields by schema
//! index, and every value keeps the [`Loc`] it was read from. A facts file's top-level keys are
//! document kinds (`app`, `privacy`, …) plus the reserved `subject: {id, kind}` and `sources:`
//! (where imported facts came from, see [`relocate`]); facts may be
//! partial (`null`, `~` or a missing key is an absent fact, never a default). Problems are
//! [`Diagnostic`]s with a primary label in the facts file; a file with any error yields no
//! [`Bundle`], so a subject that fails validation is never evaluated on half its facts.
//! Hostile input is bounded: the size is checked before parsing, nesting depth is capped while
//! parsing (skipped values included), NUL bytes are refused, and YAML anchors and aliases are
//! **rejected outright** (facts never need them, and refusing them rules out "billion laughs"
//! expansion). `.json` files (every catalogue line) are first tried by a fast path (`fast.rs`)
//! that reads well-formed facts straight into values and gives up, without a word, on anything
//! needing a diagnostic; then they are read by the same typed loader from a strict JSON event
//! reader (`json.rs`: the same events as the YAML parser, with byte positions), so YAML syntax
//! in a JSON file is an error; only when that reader stops early does `serde_json` parse the
//! text, to word the error. Several files of a directory subject are combined with [`merge`]
//! (the same leaf twice is a conflict, even with equal values); test cases lay inline facts
//! over fixture files with [`overlay`]; [`finish`] settles the subject's identity. The library
//! does no I/O.
//!
//! # Diagnostic codes
//!
//! | code  | meaning |
//! |-------|---------|
//! | E0401 | the facts file is larger than `Limits::max_bytes` |
//! | E0402 | the facts file is not valid UTF-8 |
//! | E0403 | the facts file contains a NUL byte |
//! | E0404 | YAML or JSON syntax error (including trailing garbage) |
//! | E0405 | the facts file is empty or holds only comments |
//! | E0406 | the top level of the facts file is not a mapping |
//! | E0407 | several YAML documents in one facts file |
//! | E0408 | nesting deeper than `Limits::max_depth` |
//! | E0409 | YAML anchors and aliases are not allowed in facts |
//! | E0410 | YAML tags (other than `!!str`) are not allowed in facts |
//! | E0411 | a mapping key that is not a plain name |
//! | E0412 | the same key twice in one mapping |
//! | E0413 | unknown key, in strict mode (always, in a policy test case's facts and fixtures) |
//! | E0414 | a value of the wrong type |
//! | E0415 | an integer outside the 64-bit range |
//! | E0416 | an invalid date, or an invalid date and time (a `datetime` without its UTC offset, on 30 February, at hour 24, …) |
//! | E0417 | an invalid duration |
//! | E0418 | a value that is not one of its enum's variants |
//! | E0419 | the same fact given in two files of a directory subject |
//! | E0420 | the subject's kind cannot be derived from its documents |
//! | E0421 | `subject.kind` names no subject kind |
//! | E0422 | the subject's id is missing |
//! | E0423 | unknown key in a policy test-case file |
//! | E0424 | an expected outcome that is not `satisfied`, `violated`, `not_applicable` or `undetermined` |
//! | E0425 | a required key of a test-case file is missing |
//! | E0426 | a test-case file entry of the wrong shape |
//! | E0427 | `sources:` (imported facts' provenance) that is not a mapping of fact paths to `FILE:LINE:COLUMN` |
//! | E0428 | a pack's test case whose fixture lies outside the pack (checked by `clause test`) |
//! | W0401 | unknown key in facts (skipped) |
//! | W0402 | a `sources:` entry naming a fact the file does not hold |

pub mod cases;
mod fast;
mod json;
mod load;
mod merge;
mod provenance;
mod reader;

use crate::diagnostic::Diagnostic;
use crate::schema::{Schema, SubjectKindId};
use crate::source::{FileId, Loc, Span};
use crate::value::Fact;

pub use merge::{finish, merge, overlay};
pub use provenance::{relocate, Provenance};

/// Bounds on hostile input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest facts file accepted, checked before parsing (default 16 MiB).
    pub max_bytes: usize,
    /// Deepest nesting of mappings and lists (default 64).
    pub max_depth: usize,
    /// Diagnostics reported per file before the loader stops (default 100).
    pub max_diagnostics: usize,
}

impl Limits {
    /// The default of `max_bytes`: 16 MiB.
    pub const DEFAULT_MAX_BYTES: usize = 16 * 1024 * 1024;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits { max_bytes: Limits::DEFAULT_MAX_BYTES, max_depth: 64, max_diagnostics: 100 }
    }
}

/// The syntax of a facts file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// By extension: `.yaml`, `.yml` or `.json` (case-insensitive).
    pub fn from_path(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoadOptions {
    /// Unknown keys are errors (`E0413`) instead of warnings (`W0401`).
    pub strict: bool,
    pub limits: Limits,
    /// Lines of the enclosing file before the text (a catalogue line): fact positions count
    /// from there.
    pub line_offset: u32,
}

/// The explicit `subject:` of a facts file, as far as it was given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExplicitSubject {
    pub id: Option<(String, Loc)>,
    pub kind: Option<(SubjectKindId, Loc)>,
}

/// One parsed facts file, or a merge of several: the documents present so far (by
/// [`DocumentId`](crate::schema::DocumentId) index) and the explicit subject if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub documents: Vec<Option<Fact>>,
    pub subject: ExplicitSubject,
    /// The file's `sources:` (imported facts), until [`relocate`] applies it.
    pub provenance: Vec<Provenance>,
}

impl Bundle {
    /// No documents and no subject.
    pub fn empty(schema: &Schema) -> Bundle {
        Bundle {
            documents: vec![None; schema.documents.len()],
            subject: ExplicitSubject::default(),
            provenance: Vec::new(),
        }
    }
}

/// The result of [`parse`]: a bundle only when there was no error; warnings either way.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub bundle: Option<Bundle>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one facts file (`text` is the whole file, already decoded; see [`decode_utf8`]).
pub fn parse(schema: &Schema, file: FileId, text: &str, format: Format, options: &LoadOptions) -> Parsed {
    if format == Format::Json {
        return json::parse(schema, file, text, options);
    }
    let fail = |d: Diagnostic| Parsed { bundle: None, diagnostics: vec![d] };
    if let Some(d) = precheck(file, text, format, &options.limits) {
        return fail(d);
    }
    let mut loader = match format {
        Format::Json => reader::Loader::new_json(schema, file, text, options),
        Format::Yaml => reader::Loader::new(schema, file, text, options),
    };
    let bundle = loader.load_file();
    let failed = loader.has_errors();
    let diagnostics = loader.into_diagnostics();
    let bundle = if failed { None } else { bundle };
    Parsed { bundle, diagnostics }
}

/// Checks made before the YAML parser sees the text: size, NUL bytes, JSON validity.
pub(crate) fn precheck(file: FileId, text: &str, format: Format, limits: &Limits) -> Option<Diagnostic> {
    if text.len() > limits.max_bytes {
        return Some(
            Diagnostic::error("E0401", "the facts file is too large")
                .at(Span::new(file, 0, 0), format!("this file is {} bytes", text.len()))
                .help(format!(
                    "facts files may be at most {} bytes; split the facts into several files",
                    limits.max_bytes
                )),
        );
    }
    if let Some(at) = text.find('\0') {
        return Some(
            Diagnostic::error("E0403", "the facts file contains a NUL byte")
                .at(Span::new(file, at, at + 1), "NUL byte here")
                .help("facts files are text; this looks like a binary file"),
        );
    }
    if format == Format::Json {
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
            let at = json_error_offset(text, e.line(), e.column());
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what).to_string();
            return Some(
                Diagnostic::error("E0404", format!("invalid JSON: {what}"))
                    .at(Span::new(file, at, at), what)
                    .help("a `.json` facts file must be plain JSON; use a `.yaml` file for YAML"),
            );
        }
    }
    None
}

/// serde_json's line is 1-based and its column counts bytes, 1-based (0 at a line start).
fn json_error_offset(text: &str, line: usize, column: usize) -> usize {
    let start = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where a byte sequence stops being UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf8Problem {
    /// Offset of the first bad byte. It is also a valid offset in `String::from_utf8_lossy` of
    /// the same bytes (the prefix before it is unchanged), so the CLI can label it.
    pub byte_offset: usize,
    /// 1-based line of the bad byte.
    pub line: u32,
    /// 1-based column of the bad byte, in characters.
    pub column: u32,
}

impl Utf8Problem {
    /// `E0402`, labelled in the lossily decoded text of the file.
    pub fn to_diagnostic(&self, file: FileId) -> Diagnostic {
        Diagnostic::error("E0402", "the facts file is not valid UTF-8")
            .at(Span::new(file, self.byte_offset, self.byte_offset + 1), "this byte is not UTF-8")
            .note(format!("at line {}, column {}", self.line, self.column))
            .help("save the file as UTF-8")
    }
}

/// Decodes a file's bytes, or says where the first invalid byte is.
pub fn decode_utf8(bytes: &[u8]) -> Result<&str, Utf8Problem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.valid_up_to();
            // The prefix up to `valid_up_to` is valid UTF-8 by definition.
            let prefix = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix[line_start..].chars().count() + 1;
            let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
            Err(Utf8Problem { byte_offset: at, line: clamp(line), column: clamp(column) })
        }
    }
}

/// The catalogue generator of the benches, for tests that need realistic facts.
#[cfg(test)]
#[path = "../benches/support/corpus.rs"]
mod test_corpus;

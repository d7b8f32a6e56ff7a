//! Rendering diagnostics: the only place that imports codespan-reporting.

use super::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;
use serde::Serialize;

/// Colour or plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Color,
}

struct MapFiles<'a>(&'a SourceMap);

impl<'a> Files<'a> for MapFiles<'a> {
    type FileId = u32;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0.get(crate::source::FileId(id)).map(|f| f.name.as_str()).ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: u32) -> Result<&'a str, FilesError> {
        self.0.get(crate::source::FileId(id)).map(|f| f.text.as_str()).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: u32, byte_index: usize) -> Result<usize, FilesError> {
        let file = self.0.get(crate::source::FileId(id)).ok_or(FilesError::FileMissing)?;
        Ok(file.line_index(byte_index))
    }

    fn line_number(&'a self, id: u32, line_index: usize) -> Result<usize, FilesError> {
        let file = self.0.get(crate::source::FileId(id)).ok_or(FilesError::FileMissing)?;
        Ok(line_index + 1 + file.line_offset() as usize)
    }

    fn line_range(&'a self, id: u32, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let file = self.0.get(crate::source::FileId(id)).ok_or(FilesError::FileMissing)?;
        let start = file
            .line_start(line_index)
            .ok_or(FilesError::LineTooLarge { given: line_index, max: file.line_count() })?;
        let end = file.line_start(line_index + 1).unwrap_or(file.text.len());
        Ok(start..end)
    }
}

fn to_codespan(diagnostic: &Diagnostic) -> cs::Diagnostic<u32> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let labels = diagnostic
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
            cs::Label::new(style, l.span.file.0, l.span.range()).with_message(l.message.clone())
        })
        .collect();
    let mut notes = diagnostic.notes.clone();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code)
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders diagnostics as a terminal would show them (`file:line:col`, source snippet, carets).
pub fn to_text(sources: &SourceMap, diagnostics: &[Diagnostic], style: Style) -> String {
    let files = MapFiles(sources);
    let config = term::Config::default();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let rendered = to_codespan(diagnostic);
        let mut buffer = Buffer { text: Vec::new(), color: style == Style::Color };
        if term::emit_to_write_style(&mut buffer, &config, &files, &rendered).is_err() {
            // A label out of range must not lose the message: fall back to a plain line.
            out.push_str(&format!(
                "{}[{}]: {}\n",
                severity_word(diagnostic.severity),
                diagnostic.code,
                diagnostic.message
            ));
            continue;
        }
        out.push_str(&String::from_utf8_lossy(&buffer.text));
    }
    out
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A byte sink that implements codespan's `WriteStyle`, with or without ANSI colour.
struct Buffer {
    text: Vec<u8>,
    color: bool,
}

impl std::io::Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl term::WriteStyle for Buffer {
    fn set_header(&mut self, severity: cs::Severity) -> std::io::Result<()> {
        let code = match severity {
            cs::Severity::Bug | cs::Severity::Error => "\x1b[1;31m",
            cs::Severity::Warning => "\x1b[1;33m",
            cs::Severity::Note => "\x1b[1;32m",
            cs::Severity::Help => "\x1b[1;36m",
        };
        self.ansi(code)
    }
    fn set_header_message(&mut self) -> std::io::Result<()> {
        self.ansi("\x1b[1m")
    }
    fn set_line_number(&mut self) -> std::io::Result<()> {
        self.ansi("\x1b[34m")
    }
    fn set_note_bullet(&mut self) -> std::io::Result<()> {
        self.ansi("\x1b[34m")
    }
    fn set_source_border(&mut self) -> std::io::Result<()> {
        self.ansi("\x1b[34m")
    }
    fn set_label(&mut self, severity: cs::Severity, style: cs::LabelStyle) -> std::io::Result<()> {
        let code = match (style, severity) {
            (cs::LabelStyle::Secondary, _) => "\x1b[34m",
            (_, cs::Severity::Warning) => "\x1b[33m",
            (_, cs::Severity::Note) => "\x1b[32m",
            _ => "\x1b[31m",
        };
        self.ansi(code)
    }
    fn reset(&mut self) -> std::io::Result<()> {
        self.ansi("\x1b[0m")
    }
}

impl Buffer {
    fn ansi(&mut self, code: &str) -> std::io::Result<()> {
        if self.color {
            self.text.extend_from_slice(code.as_bytes());
        }
        Ok(())
    }
}

/// The JSON form of a diagnostic (documented in `docs/output.md`).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub labels: Vec<JsonLabel>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub primary: bool,
}

fn json_label(sources: &SourceMap, span: Span, message: &str, primary: bool) -> JsonLabel {
    let (line, column, end_line, end_column) = match sources.get(span.file) {
        Some(f) => {
            let (l, c) = f.line_col(span.start as usize);
            let (el, ec) = f.line_col(span.end as usize);
            (l, c, el, ec)
        }
        None => (0, 0, 0, 0),
    };
    JsonLabel {
        file: sources.name(span.file).to_string(),
        line,
        column,
        end_line,
        end_column,
        message: message.to_string(),
        primary,
    }
}

pub fn to_json(sources: &SourceMap, diagnostic: &Diagnostic) -> JsonDiagnostic {
    let labels: Vec<JsonLabel> =
        diagnostic.labels.iter().map(|l| json_label(sources, l.span, &l.message, l.primary)).collect();
    let primary = labels.iter().find(|l| l.primary);
    JsonDiagnostic {
        severity: diagnostic.severity,
        code: diagnostic.code,
        message: diagnostic.message.clone(),
        file: primary.map(|l| l.file.clone()),
        line: primary.map(|l| l.line),
        column: primary.map(|l| l.column),
        notes: diagnostic.notes.clone(),
        help: diagnostic.help.clone(),
        labels,
    }
}

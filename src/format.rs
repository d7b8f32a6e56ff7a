//! `clause fmt`: one canonical layout for policy files.
//!
//! In: one file's text. Out: the same file laid out canonically, or the syntax diagnostics if
//! it does not parse. The formatter prints the parsed [`ast::File`](crate::syntax::ast::File)
//! back, taking every literal's text from the source by its span, then puts the comments back
//! by position. It is idempotent (`format(format(x)) == format(x)`), keeps every comment
//! exactly once, copies every string and raw text byte for byte, and never changes the parsed
//! program (only spans differ).
//!
//! # Layout
//!
//! - Four spaces per level. Every block (`{ … }`) holds one clause per line; an empty block
//!   is `{}`. No blank line right after `{` or before `}`; runs of blank lines become one.
//! - Exactly one blank line between top-level declarations; a blank line before and after
//!   every chapter, article, paragraph, item and rule. Elsewhere a blank line is kept where the source
//!   had one (so section comments keep their spacing) and none is added.
//! - Clauses keep their source order, except inside a rule, which is always: `title`,
//!   `severity`, `applies to`, `when`, `for each`, `require`, `message`, `summary`, `allow`
//!   (the order the bundled pack uses). Comments move with their clause.
//! - A field's `doc` and `source` stay on the field's line when the whole line fits in
//!   [`WIDTH`] columns; otherwise each goes on its own line, one level deeper. The same holds
//!   for `const` and `predicate` docs and a provenance's `source`. Enum values keep their
//!   description on their line.
//! - Expressions are printed with only the parentheses precedence needs (redundant ones go:
//!   `where (a and b)` becomes `where a and b`), and one more for the reader: an `and` inside
//!   an `or` is always parenthesised, `a or (b and c)`. A clause that does not fit is broken: an
//!   `and`/`or` chain one operand per line with the operator leading, one level deeper than
//!   the clause; a quantifier before its `where`; a `for each` before its `where`; a `const`
//!   or `predicate` after its `=`. Nothing else is broken, so a long set or call may run past
//!   the width.
//! - Calendar `holidays`/`workdays` clauses keep their grouping; one that does not fit puts
//!   one range per line, aligned after the keyword.
//! - Literals: strings and raw texts are copied from the source; dates too; a duration is
//!   `60 days`/`1 day`; numbers are printed in decimal.
//!
//! # Comments
//!
//! Each printed line knows the source range of the tokens it holds. A comment is placed by
//! position: inside a line's range, it goes on its own line before that line; after the end
//! of a line on the same source line, it stays there as a trailing comment; otherwise it goes
//! on its own line before the line that holds the next token after it (so a comment above a
//! clause moves with the clause), or at the end of the file. Every comment is placed once.

mod decl;
mod expr;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::{self, ast};

/// The width a line should fit in, in columns (a CJK character counts two).
pub const WIDTH: usize = 100;
const INDENT: &str = "    ";

/// Formats one policy file.
pub fn format_source(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = syntax::parse(file, text)?;
    let mut p = Printer::new(text, &parsed.comments);
    for item in &parsed.items {
        let first = p.lines.len();
        p.item(item);
        p.set_blank(first, Blank::Force);
    }
    let out = p.finish();
    // A safety net for the command line, which writes the result over the file: output that
    // does not parse back, or has lost a comment, is a bug here and is never returned.
    match syntax::parse(file, &out) {
        Ok(again)
            if again.comments.len() == parsed.comments.len() && again.items.len() == parsed.items.len() =>
        {
            Ok(out)
        }
        _ => Err(vec![Diagnostic::error(
            "E0100",
            "internal error: the formatted text would not read back the same",
        )
        .note(
            "this is a bug in clause fmt, not in your policy; the file was left as it is; please report it",
        )]),
    }
}

/// Whether a blank line may come before a line (and its leading comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    /// Never: a continuation, a closing brace, a clause inside a rule.
    Never,
    /// Where the source had one.
    Keep,
    /// Always (unless right after `{` or at the start of the file).
    Force,
}

#[derive(Debug)]
struct Line {
    indent: usize,
    text: String,
    /// Source range of the tokens printed on this line.
    start: usize,
    end: usize,
    blank: Blank,
    opens: bool,
    closes: bool,
}

struct Printer<'a> {
    src: &'a str,
    comments: &'a [ast::Comment],
    lines: Vec<Line>,
}

impl<'a> Printer<'a> {
    fn new(src: &'a str, comments: &'a [ast::Comment]) -> Printer<'a> {
        Printer { src, comments, lines: Vec::new() }
    }

    // ───────────── source helpers ─────────────

    /// The source text of a span (a literal, copied as written).
    fn slice(&self, span: Span) -> &'a str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// The comment that contains `pos` or ends exactly at it.
    fn comment_at(&self, pos: usize) -> Option<&ast::Comment> {
        self.comments.iter().find(|c| (c.span.start as usize) < pos && pos <= c.span.end as usize)
    }

    /// Moves back from `pos` over whitespace and comments.
    fn back_trivia(&self, mut pos: usize) -> usize {
        let bytes = self.src.as_bytes();
        loop {
            while pos > 0 && bytes.get(pos - 1).is_some_and(|b| b.is_ascii_whitespace()) {
                pos -= 1;
            }
            match self.comment_at(pos) {
                Some(c) => pos = c.span.start as usize,
                None => return pos,
            }
        }
    }

    /// Moves forward from `pos` over whitespace and comments.
    fn skip_trivia(&self, mut pos: usize) -> usize {
        let bytes = self.src.as_bytes();
        loop {
            while bytes.get(pos).is_some_and(|b| b.is_ascii_whitespace()) {
                pos += 1;
            }
            if bytes.get(pos..pos + 2) == Some(b"//".as_slice()) {
                while bytes.get(pos).is_some_and(|b| *b != b'\n') {
                    pos += 1;
                }
            } else {
                return pos;
            }
        }
    }

    /// The start of the `words` keywords written before `pos` (`no checkable duty` is 3).
    fn kw_start(&self, mut pos: usize, words: usize) -> usize {
        let bytes = self.src.as_bytes();
        for _ in 0..words {
            pos = self.back_trivia(pos);
            while pos > 0 && bytes.get(pos - 1).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_') {
                pos -= 1;
            }
        }
        pos
    }

    /// The start of a keyword written before `pos`, with its language if it has one: `doc.zh`.
    fn dotted_kw_start(&self, pos: usize) -> usize {
        let start = self.kw_start(pos, 1);
        let before = self.back_trivia(start);
        if before > 0 && self.src.as_bytes().get(before - 1) == Some(&b'.') {
            self.kw_start(before - 1, 1)
        } else {
            start
        }
    }

    /// The end of a span without the whitespace and comments pest may include after it.
    fn end(&self, span: Span) -> usize {
        self.back_trivia(span.end as usize).max(span.start as usize)
    }

    /// The position of the `{` that opens a block, searched from `pos`.
    fn brace(&self, pos: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut p = self.skip_trivia(pos);
        while let Some(b) = bytes.get(p) {
            if *b == b'{' {
                return p;
            }
            p = self.skip_trivia(p + 1);
        }
        pos
    }

    // ───────────── lines ─────────────

    fn push(&mut self, indent: usize, text: impl Into<String>, start: usize, end: usize, blank: Blank) {
        self.lines.push(Line { indent, text: text.into(), start, end, blank, opens: false, closes: false });
    }

    fn set_blank(&mut self, index: usize, blank: Blank) {
        if let Some(l) = self.lines.get_mut(index) {
            l.blank = blank;
        }
    }

    /// `head {` on its own line; the block's `{` is searched from `after`.
    fn open(&mut self, indent: usize, head: String, start: usize, after: usize) {
        let brace = self.brace(after);
        self.lines.push(Line {
            indent,
            text: format!("{head} {{"),
            start,
            end: brace + 1,
            blank: Blank::Keep,
            opens: true,
            closes: false,
        });
    }

    /// The `}` ending a block whose span is `span`; an empty block becomes `head {}`.
    fn close(&mut self, indent: usize, span: Span) {
        let pos = (span.end as usize).saturating_sub(1);
        if let Some(last) = self.lines.last_mut() {
            // A comment between the braces keeps the block open; one in the head before the
            // `{` (`chapter 5 // …` then `{}`) goes before the line and does not.
            let inside = self
                .comments
                .iter()
                .any(|c| (c.span.start as usize) >= last.end && (c.span.start as usize) < pos);
            if last.opens && !inside {
                last.text.push('}');
                last.end = pos + 1;
                last.opens = false;
                return;
            }
        }
        self.lines.push(Line {
            indent,
            text: "}".into(),
            start: pos,
            end: pos + 1,
            blank: Blank::Never,
            opens: false,
            closes: true,
        });
    }

    /// Whether `text` fits on a line at `indent` (false if it spans lines).
    fn fits(indent: usize, text: &str) -> bool {
        !text.contains('\n') && indent * INDENT.len() + width(text) <= WIDTH
    }

    // ───────────── output ─────────────

    fn finish(self) -> String {
        let line_of = LineIndex::new(self.src);
        let mut leading: Vec<Vec<usize>> = vec![Vec::new(); self.lines.len()];
        let mut trailing: Vec<Option<usize>> = vec![None; self.lines.len()];
        let mut at_end = Vec::new();
        for (ci, c) in self.comments.iter().enumerate() {
            let (cs, ce) = (c.span.start as usize, c.span.end as usize);
            let inside = self.lines.iter().position(|l| l.start < cs && cs < l.end);
            let after = self
                .lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.end <= cs && line_of.line(l.end.saturating_sub(1)) == line_of.line(cs))
                .max_by_key(|(_, l)| l.end)
                .map(|(i, _)| i);
            let next =
                self.lines.iter().enumerate().filter(|(_, l)| l.start >= ce).min_by_key(|(_, l)| l.start);
            match (inside, after) {
                (Some(i), _) => leading[i].push(ci),
                (None, Some(i)) if trailing[i].is_none() => trailing[i] = Some(ci),
                (None, Some(i)) => leading[i].push(ci),
                (None, None) => match next {
                    Some((i, _)) => leading[i].push(ci),
                    None => at_end.push(ci),
                },
            }
        }
        let mut out = Out::default();
        for (i, line) in self.lines.iter().enumerate() {
            let comment_indent = if line.closes { line.indent + 1 } else { line.indent };
            let mut first = true;
            for &ci in &leading[i] {
                let Some(c) = self.comments.get(ci) else { continue };
                let blank = match (first, line.blank) {
                    (true, Blank::Force) => true,
                    (_, Blank::Never) if !line.closes => false,
                    _ => blank_before(self.src, c.span.start as usize),
                };
                out.line(blank, comment_indent, c.text.trim_end(), false);
                first = false;
            }
            let blank = match line.blank {
                Blank::Force => first || blank_before(self.src, line.start),
                Blank::Keep => blank_before(self.src, line.start),
                Blank::Never => false,
            };
            let mut text = line.text.clone();
            if let Some(c) = trailing[i].and_then(|ci| self.comments.get(ci)) {
                text.push(' ');
                text.push_str(c.text.trim_end());
            }
            out.line(blank, line.indent, &text, line.opens);
        }
        for ci in at_end {
            if let Some(c) = self.comments.get(ci) {
                out.line(blank_before(self.src, c.span.start as usize), 0, c.text.trim_end(), false);
            }
        }
        out.text
    }
}

/// The formatted text being built, line by line.
#[derive(Default)]
struct Out {
    text: String,
    /// The last line written opened a block, or nothing was written yet.
    after_open: bool,
    started: bool,
}

impl Out {
    fn line(&mut self, blank: bool, indent: usize, text: &str, opens: bool) {
        if blank && self.started && !self.after_open {
            self.text.push('\n');
        }
        for _ in 0..indent {
            self.text.push_str(INDENT);
        }
        self.text.push_str(text);
        self.text.push('\n');
        self.after_open = opens;
        self.started = true;
    }
}

/// Whether the source has a blank line in the whitespace just before `pos`.
fn blank_before(src: &str, pos: usize) -> bool {
    let before = src.get(..pos).unwrap_or("");
    let gap = before.len() - before.trim_end_matches([' ', '\t', '\r', '\n']).len();
    before[before.len() - gap..].matches('\n').count() >= 2
}

/// Line numbers of byte offsets.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(src: &str) -> LineIndex {
        LineIndex(src.match_indices('\n').map(|(i, _)| i).collect())
    }

    fn line(&self, pos: usize) -> usize {
        self.0.partition_point(|&nl| nl < pos)
    }
}

/// Display width: CJK and full-width characters count two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

//! Bounds on hostile policy text, checked before pest sees it.
//!
//! The parser, the checker and the evaluator recurse over expressions, so an expression
//! nested a hundred thousand levels deep — `((((…`, `not not not …`, a chain of `and`s (a
//! left-deep tree), quantifiers inside quantifiers — would exhaust the stack. This scan
//! bounds the nesting from above, lexically: every open bracket is a level, and every
//! operator or quantifier keyword inside a bracket (or a clause of a declaration) adds one.
//! The bound over-counts (`a and b and c` counts 2 where the tree is 2 deep anyway), never
//! under-counts, and real policies stay far below it.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

/// Largest policy file accepted.
pub const MAX_POLICY_BYTES: usize = 4 * 1024 * 1024;
/// Largest nesting bound accepted (see the module documentation).
pub const MAX_NESTING: usize = 512;

/// Words that add a level of expression nesting.
const OPERATOR_WORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "all",
    "any",
    "none",
    "count",
    "in",
    "contains",
    "starts_with",
    "ends_with",
    "matches",
    "is",
];

/// Words that start a new clause or declaration: the nesting counted before them is closed.
const CLAUSE_WORDS: &[&str] = &[
    "const",
    "predicate",
    "subject",
    "document",
    "record",
    "enum",
    "calendar",
    "regulation",
    "chapter",
    "article",
    "paragraph",
    "item",
    "rule",
    "scope",
    "when",
    "require",
    "for",
    "message",
    "title",
    "summary",
    "text",
    "heading",
    "doc",
    "source",
    "severity",
    "applies",
];

pub fn check(file: FileId, text: &str) -> Option<Diagnostic> {
    if text.len() > MAX_POLICY_BYTES {
        return Some(
            Diagnostic::error("E0105", "the policy file is too large")
                .at(Span::new(file, 0, 0), format!("this file is {} bytes", text.len()))
                .help(format!(
                    "a policy file may be at most {MAX_POLICY_BYTES} bytes; split it into several files"
                )),
        );
    }
    let bytes = text.as_bytes();
    // One counter per open bracket; the bound is the sum of (1 + counter) over the stack.
    let mut frames: Vec<usize> = vec![0];
    let mut bound = 1usize;
    let mut i = 0;
    let mut skip_slug = false;
    while i < bytes.len() {
        let b = bytes[i];
        if bytes[i..].starts_with(b"\"\"\"") {
            i = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |end| i + 3 + end + 3);
            continue;
        }
        match b {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'(' | b'{' | b'[' => {
                frames.push(0);
                bound += 1;
            }
            b')' | b'}' | b']' if frames.len() > 1 => {
                let closed = frames.pop().unwrap_or(0);
                bound = bound.saturating_sub(1 + closed);
            }
            b'=' | b'!' | b'<' | b'>' | b'+' => {
                if let Some(top) = frames.last_mut() {
                    *top += 1;
                    bound += 1;
                }
                // `==`, `!=`, `<=`, `>=` are one operator.
                if bytes.get(i + 1) == Some(&b'=') {
                    i += 1;
                }
            }
            // A hyphen between two digits is a date; after `rule` or `regulation` it is an id.
            b'-' if !(skip_slug || is_date_hyphen(bytes, i)) => {
                if let Some(top) = frames.last_mut() {
                    *top += 1;
                    bound += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                let word = &text[start..i];
                if OPERATOR_WORDS.contains(&word) {
                    if let Some(top) = frames.last_mut() {
                        *top += 1;
                        bound += 1;
                    }
                } else if CLAUSE_WORDS.contains(&word) {
                    if let Some(top) = frames.last_mut() {
                        bound = bound.saturating_sub(*top);
                        *top = 0;
                    }
                }
                skip_slug = matches!(word, "rule" | "regulation");
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => skip_slug = skip_slug && b != b'{',
        }
        if b == b'{' {
            skip_slug = false;
        }
        if bound > MAX_NESTING {
            return Some(
                Diagnostic::error("E0105", "this expression is nested too deeply")
                    .at(Span::new(file, i, (i + 1).min(text.len())), "the nesting passes the limit here")
                    .help(format!(
                        "clause accepts expressions nested up to {MAX_NESTING} levels (brackets, operators and quantifiers); split it into constants or predicates"
                    )),
            );
        }
        i += 1;
    }
    None
}

/// A hyphen between two digits, as in `2016-08-01`.
fn is_date_hyphen(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes[i - 1].is_ascii_digit() && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn real_policies_pass_and_deep_nesting_fails() {
        let normal = "regulation cac-2016 { in force from 2016-08-01 article 1 { rule a-b-c { require (x.a and x.b) or not x.c } } }";
        assert!(check(FileId(0), normal).is_none());
        // A hyphen that is an operator is counted, and the scan moves on past it.
        assert!(check(FileId(0), "const d = as_of - x.launched - 30 days").is_none());
        let minus = format!("const x = a{}", " - a".repeat(5000));
        assert_eq!(check(FileId(0), &minus).unwrap().code, "E0105");
        let deep = format!("const x = {}1{}", "(".repeat(1000), ")".repeat(1000));
        assert_eq!(check(FileId(0), &deep).unwrap().code, "E0105");
        let chain = format!("const x = a{}", " and a".repeat(5000));
        assert_eq!(check(FileId(0), &chain).unwrap().code, "E0105");
        let nots = format!("const x = {}a", "not ".repeat(5000));
        assert_eq!(check(FileId(0), &nots).unwrap().code, "E0105");
        let many_consts: String = (0..2000).map(|i| format!("const c{i} = a.b and a.c or a.d\n")).collect();
        assert!(check(FileId(0), &many_consts).is_none());
    }
}

//! Friendly syntax errors: pest's error, said in words.
//!
//! Each grammar rule has a name a policy author understands ("a rule id", "an operator");
//! the "expected …" list is cleaned of internal rules; characters pasted from legal text
//! (full-width punctuation, curly quotes, ideographic or non-breaking spaces) get a hint.

use super::{ClauseParser, Rule};
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser;

/// At most this many syntax errors are reported per file.
const MAX_ERRORS: usize = 10;

/// Reports `first`, then resumes at each later top-level declaration (a line starting with a
/// declaration keyword in column 1) to find independent errors further down.
pub fn with_recovery(file: FileId, text: &str, first: pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let mut diagnostics = vec![diagnostic(file, text, 0, &first)];
    let mut resume_after = error_offset(&first);
    while diagnostics.len() < MAX_ERRORS {
        let Some(start) = next_declaration(text, resume_after) else { break };
        match ClauseParser::parse(Rule::file, &text[start..]) {
            Ok(_) => break,
            Err(e) => {
                let offset = start + error_offset(&e);
                diagnostics.push(diagnostic(file, text, start, &e));
                resume_after = offset.max(start + 1);
            }
        }
    }
    diagnostics
}

fn error_offset(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

const DECLARATION_KEYWORDS: &[&str] = &[
    "regulation",
    "document",
    "record",
    "enum",
    "subject",
    "const",
    "predicate",
    "calendar",
    "pack",
    "party",
    "extend",
];

fn next_declaration(text: &str, after: usize) -> Option<usize> {
    let mut offset = text[after..].find('\n').map(|n| after + n + 1)?;
    while offset < text.len() {
        let line = &text[offset..];
        if DECLARATION_KEYWORDS
            .iter()
            .any(|k| line.starts_with(k) && line[k.len()..].starts_with([' ', '\t']))
        {
            return Some(offset);
        }
        offset = line.find('\n').map(|n| offset + n + 1)?;
    }
    None
}

fn diagnostic(file: FileId, text: &str, base: usize, error: &pest::error::Error<Rule>) -> Diagnostic {
    let at = base + error_offset(error);
    let found = found_token(text, at);
    let span = Span::new(file, at, at + found.map_or(0, |t| t.len()));
    let found_words = match found {
        None => "the end of the file".to_string(),
        Some(t) => format!("`{t}`"),
    };
    let (message, label) = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            let expected = expected_list(positives);
            if expected.is_empty() {
                (format!("unexpected {found_words}"), "not expected here".to_string())
            } else {
                (format!("expected {expected}, found {found_words}"), format!("expected {expected}"))
            }
        }
        ErrorVariant::CustomError { message } => (message.clone(), "here".to_string()),
    };
    let mut diagnostic = Diagnostic::error("E0101", message).at(span, label);
    if found.is_none() {
        if let Some(open) = unclosed_brace(text) {
            diagnostic = diagnostic
                .also(Span::new(file, open, open + 1), "this `{` is never closed")
                .help("add the missing `}`");
        }
    }
    diagnostic.with_help(found.and_then(pasted_character_hint))
}

/// The last `{` without a matching `}`, outside strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\"\"\"") {
            i = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |end| i + 3 + end + 3);
            continue;
        }
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'{' => open.push(i),
            b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    open.pop()
}

/// The token at `at`: a word, or one character.
fn found_token(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    if first.is_alphanumeric() || first == '_' {
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(rest.len());
        Some(&rest[..end])
    } else {
        Some(&rest[..first.len_utf8()])
    }
}

fn expected_list(positives: &[Rule]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for expected in positives {
        if let Some(name) = friendly_name(*expected) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    // A long list helps nobody: name the first few.
    const SHOWN: usize = 5;
    if names.len() > SHOWN {
        names.truncate(SHOWN);
        names.push("…");
    }
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The name of each grammar rule in words; `None` hides an internal rule from the list.
pub(super) fn friendly_name(expected: Rule) -> Option<&'static str> {
    Some(match expected {
        Rule::ident => "a name",
        Rule::qname => "a name",
        Rule::slug => "an id",
        Rule::string | Rule::raw_text => "a text in quotes",
        Rule::date => "a date like `2016-08-01`",
        Rule::integer => "a number",
        Rule::duration => "a duration like `60 days`",
        Rule::time_unit => "a time unit (`days`, `weeks`, `months`, `years`)",
        Rule::boolean => "`true` or `false`",
        Rule::set_literal => "a set like `{\"a\", \"b\"}`",
        Rule::path | Rule::as_of | Rule::subject_root => "a fact path",
        Rule::expr => "an expression",
        Rule::op_or
        | Rule::op_and
        | Rule::op_eq
        | Rule::op_ne
        | Rule::op_le
        | Rule::op_ge
        | Rule::op_lt
        | Rule::op_gt
        | Rule::op_in
        | Rule::op_not_in
        | Rule::op_contains
        | Rule::op_starts
        | Rule::op_ends
        | Rule::op_matches
        | Rule::op_add
        | Rule::op_sub => "an operator",
        Rule::op_present | Rule::op_absent => "`is present` or `is absent`",
        Rule::op_not | Rule::op_neg => "an expression",
        Rule::quantifier | Rule::quantifier_kind => "a quantifier (`all`, `any`, `none`, `count`)",
        Rule::call => "a function call",
        Rule::type_expr | Rule::list_type | Rule::duration_in | Rule::inline_record => "a type",
        Rule::doc => "`doc`",
        Rule::source => "`source`",
        Rule::field => "a field like `name: string`",
        Rule::record_key | Rule::kw_key => "`key` and a field name",
        Rule::document_decl
        | Rule::record_decl
        | Rule::enum_decl
        | Rule::subject_decl
        | Rule::const_decl
        | Rule::predicate_decl
        | Rule::calendar_decl
        | Rule::regulation
        | Rule::stray_rule => "a declaration (`regulation`, `document`, `record`, `enum`, `const`, …)",
        Rule::enum_variant => "an enum variant",
        // After a value's description, the list of what may follow would drown the one thing
        // missing (a `}`, a value name): labels and Chinese docs are not listed.
        Rule::label | Rule::variant_doc => return None,
        Rule::param => "a parameter like `p: permission`",
        Rule::covers => "`covers`",
        Rule::rest_weekends => "`rest weekends`",
        Rule::holidays => "`holidays`",
        Rule::workdays => "`workdays`",
        Rule::date_range => "a date or date range",
        Rule::lang => "a language (`en` or `zh`)",
        Rule::title => "`title.en` or `title.zh`",
        Rule::heading => "`heading.en` or `heading.zh`",
        Rule::law_text => "`text.zh` or `text.en`",
        Rule::summary => "`summary.en` or `summary.zh`",
        Rule::message => "`message.en` or `message.zh`",
        Rule::provenance => "`provenance`",
        Rule::provenance_status => "`verbatim`, `assembled` or `reconstructed`",
        Rule::no_duty => "`no checkable duty`",
        Rule::allow => "`allow`",
        Rule::lint_code => "a lint code like `W0307`",
        Rule::party_decl => "`party`",
        Rule::pack_decl => "`pack`",
        Rule::requires => "`requires`",
        Rule::extend_decl | Rule::extend_enum | Rule::extend_record => "`extend`",
        Rule::extend_kind => "`document`, `record` or `enum`",
        Rule::extend_target => "a type name",
        Rule::scope_decl => "`scope`",
        Rule::issuer => "`issuer`",
        Rule::issued => "`issued`",
        Rule::in_force => "`in force from`",
        Rule::version => "`version`",
        Rule::url => "`url`",
        Rule::superseded => "`superseded by`",
        Rule::chapter => "`chapter`",
        Rule::article => "`article`",
        Rule::paragraph => "`paragraph`",
        Rule::item => "`item`",
        Rule::rule_decl => "`rule`",
        Rule::severity => "`severity`",
        Rule::severity_level => "`error`, `warning` or `info`",
        Rule::applies_to => "`applies to`",
        Rule::when_clause => "`when`",
        Rule::for_each => "`for each`",
        Rule::require => "`require`",
        Rule::EOI => "the end of the file",
        _ => return None,
    })
}

/// A hint when the offending character was pasted from a legal document.
fn pasted_character_hint(found: &str) -> Option<String> {
    let c = found.chars().next()?;
    let ascii = match c {
        '（' => "(",
        '）' => ")",
        '：' => ":",
        '，' => ",",
        '；' => ";",
        '。' => ".",
        '｛' => "{",
        '｝' => "}",
        '＝' => "=",
        '“' | '”' | '＂' => "\"",
        '‘' | '’' => "'",
        '\u{3000}' => "a normal space",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => "a normal space",
        _ => return None,
    };
    let what = match c {
        '“' | '”' | '‘' | '’' => "a curly quote",
        '\u{3000}' => "an ideographic (full-width) space",
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => "a non-breaking space",
        _ => "full-width punctuation",
    };
    Some(format!(
        "`{c}` (U+{:04X}) is {what}, often pasted from legal text; outside text literals write {ascii}; inside law text, keep it within `\"\"\"…\"\"\"`",
        c as u32
    ))
}

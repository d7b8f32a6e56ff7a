//! Lints over text: messages (W0306, W0307) and Chinese law text (W0309).

use super::{Allows, Linter};
use crate::source::Span;
use crate::syntax::ast;

/// The span of `len` bytes at byte `offset` of a literal's value.
fn inside(text: &ast::Text, offset: usize, len: usize) -> Span {
    let base = text.span.start as usize + if text.raw { 3 } else { 1 };
    Span::new(text.span.file, base + offset, base + offset + len)
}

pub(super) fn messages(linter: &mut Linter<'_>, allows: &Allows, rule: &ast::Rule) {
    if let Some(fe) = &rule.for_each {
        let var = &fe.var.text;
        if rule.messages.is_empty() {
            linter.warn(
                allows,
                "W0306",
                format!(
                    "rule `{}` iterates over elements but has no message to name the offending one",
                    rule.id.text
                ),
                rule.id.span,
                "no `message.en` or `message.zh`",
                format!("add messages that name the element, e.g. `message.en \"{{{var}.name}} …\"`"),
            );
        }
        for m in &rule.messages {
            let names_it =
                m.text.value.contains(&format!("{{{var}}}")) || m.text.value.contains(&format!("{{{var}."));
            if !names_it {
                linter.warn(
                    allows,
                    "W0306",
                    format!(
                        "the message.{} of `{}` does not name the offending element",
                        m.lang.code(),
                        rule.id.text
                    ),
                    m.text.span,
                    &format!("nothing from `{var}` here"),
                    format!("a finding per element should say which: interpolate `{{{var}.…}}`"),
                );
            }
        }
    }
    for m in &rule.messages {
        number_in_message(linter, allows, &m.text);
    }
}

/// W0307: digits written into a message, outside its `{…}` holes.
fn number_in_message(linter: &mut Linter<'_>, allows: &Allows, text: &ast::Text) {
    let value = &text.value;
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = value.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b if b.is_ascii_digit() && depth == 0 => {
                let start = i;
                while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'-' || bytes[i] == b'.') {
                    i += 1;
                }
                let number = value[start..i].trim_end_matches(['-', '.']);
                linter.warn(
                    allows,
                    "W0307",
                    format!("the number `{number}` is written into a message"),
                    inside(text, start, number.len()),
                    "a number written out",
                    "interpolate it instead, from the facts (`{developer.logs.retention}`) or a named constant (`{filings_accepted_from}`), so the message cannot disagree with the rule".into(),
                );
                return;
            }
            _ => {}
        }
        i += 1;
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// W0309: Kangxi radicals, ASCII punctuation and stray spaces in Chinese law text.
pub(super) fn chinese(linter: &mut Linter<'_>, allows: &Allows, text: &ast::Text) {
    let chars: Vec<(usize, char)> = text.value.char_indices().collect();
    let mut reported = 0;
    for (k, &(offset, c)) in chars.iter().enumerate() {
        if reported >= 5 {
            break;
        }
        let prev = k.checked_sub(1).and_then(|p| chars.get(p)).map(|&(_, c)| c);
        let next = chars.get(k + 1).map(|&(_, c)| c);
        let near_cjk = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
        let (message, help) = if matches!(c, '\u{2F00}'..='\u{2FDF}' | '\u{2E80}'..='\u{2EFF}') {
            (
                format!("`{c}` (U+{:04X}) is a Kangxi or CJK radical, not a Chinese character", c as u32),
                "replace it with the ordinary character it looks like (U+2F06 ⼆ is 二 U+4E8C); such radicals come from PDF or machine-translation copies and break searching and matching".to_string(),
            )
        } else if let Some(fw) = full_width(c).filter(|_| near_cjk) {
            (
                format!("ASCII `{c}` in Chinese law text"),
                format!("Chinese law text uses the full-width `{fw}`"),
            )
        } else if c == ' ' && prev.is_some_and(is_cjk) && next.is_some_and(is_cjk) {
            (
                "a stray ASCII space between Chinese characters".to_string(),
                "remove it; the space after an article number is the full-width `　` (U+3000)".to_string(),
            )
        } else {
            continue;
        };
        reported += 1;
        linter.warn(allows, "W0309", message, inside(text, offset, c.len_utf8()), "here", help);
    }
}

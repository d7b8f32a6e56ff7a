//! Words: the schema's `doc` strings cut into phrases, lists joined the way each language
//! joins them, and the spacing Chinese text wants around code.

use crate::syntax::ast::Lang;

/// English or Chinese, picked by `lang`.
pub(super) fn t<'a>(lang: Lang, en: &'a str, zh: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

pub(super) fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// The first sentence of a doc string: up to a period followed by a capital letter or the end.
/// "e.g. `x`" and "i.e. the" do not end a sentence because a lowercase word or code follows.
fn first_sentence(doc: &str) -> &str {
    let bytes: Vec<(usize, char)> = doc.char_indices().collect();
    for (k, &(i, c)) in bytes.iter().enumerate() {
        if c != '.' {
            continue;
        }
        match (bytes.get(k + 1), bytes.get(k + 2)) {
            (None, _) => return &doc[..i],
            (Some(&(_, ' ')), Some(&(_, next))) if next.is_uppercase() => return &doc[..i],
            _ => {}
        }
    }
    doc
}

/// Removes parenthesised asides; with `keep_cjk`, keeps those holding Chinese (the law's own
/// term, such as `(明示)`), which a bilingual reader wants to see.
fn drop_asides(text: &str, keep_cjk: bool) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut aside = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    aside.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if keep_cjk && aside.chars().any(is_cjk) {
                        out.push('(');
                        out.push_str(&aside);
                        out.push(')');
                    } else if out.ends_with(' ') {
                        out.pop();
                    }
                    aside.clear();
                } else {
                    aside.push(c);
                }
            }
            c if depth > 0 => aside.push(c),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Lowercases the first letter unless the word is an acronym (`ICP`, `SMS`).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            let mut out: String = a.to_lowercase().collect();
            out.push_str(&text[a.len_utf8()..]);
            out
        }
        _ => text.to_string(),
    }
}

/// A boolean field's doc as a statement of the fact: "The user agreed to it (经用户同意)." →
/// "the user agreed to it (经用户同意)". Elaborations after `:` or `;` and English asides
/// are left to the facts reference.
pub(super) fn statement(doc: Option<&str>) -> Option<String> {
    let doc = doc?.trim();
    // "Whether users can register" names a question, not a fact that holds.
    if doc.starts_with("Whether ") || doc.starts_with("If ") {
        return None;
    }
    let s = first_sentence(doc);
    let s = s.split(": ").next().unwrap_or(s);
    let s = s.split("; ").next().unwrap_or(s);
    let s = drop_asides(s, true);
    let s = s.trim_end_matches('.').trim();
    // "Verified", "Consent obtained": a label, not a sentence a reader could check.
    (s.split_whitespace().count() >= 3).then(|| lower_first(s))
}

/// A field's doc as a noun phrase, when it is written as one ("The day the filing was made.");
/// `None` for docs written otherwise ("How long …", "Whether …"), which name no thing.
pub(super) fn noun(doc: Option<&str>) -> Option<String> {
    let s = first_sentence(doc?.trim());
    // "How long user logs are kept" names a length, and reads as one.
    if !s.starts_with("The ") && !s.starts_with("How long ") {
        return None;
    }
    let s = s.split(": ").next().unwrap_or(s);
    let s = s.split("; ").next().unwrap_or(s);
    // "The store's id, as used in …" ends at the comma; "The province, autonomous region or
    // municipality …" is one enumeration and does not.
    let s = match s.split_once(", ") {
        Some((head, rest)) if !rest.contains(" or ") && !rest.contains(" and ") => head,
        _ => s,
    };
    let s = drop_asides(s, false);
    let s = s.trim_end_matches('.').trim();
    (!s.is_empty() && s.chars().count() <= 120).then(|| lower_first(s))
}

/// The Chinese term a doc string gives in parentheses (`(明示)`, `(增值电信业务经营许可证, ICP)`
/// → `增值电信业务经营许可证`), if it gives one.
pub(super) fn chinese_term(doc: Option<&str>) -> Option<String> {
    let doc = doc?;
    let mut rest = doc;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let close = after.find(')')?;
        let inner = &after[..close];
        if inner.chars().any(is_cjk) {
            let term = inner.split([',', ';', ' ']).find(|p| p.chars().any(is_cjk)).unwrap_or(inner);
            return Some(term.trim().to_string());
        }
        rest = &after[close + 1..];
    }
    None
}

/// An enum variant's description as a short English gloss: up to a colon, without asides,
/// with its Chinese term after a comma: "commercial internet information service, 经营性互联网信息服务".
pub(super) fn variant_gloss(doc: Option<&str>) -> Option<String> {
    let doc = doc?.trim();
    let head = doc.split(": ").next().unwrap_or(doc);
    let text = drop_asides(head, false);
    let text = text.trim_end_matches('.').trim();
    if text.is_empty() {
        return None;
    }
    let mut out = lower_first(text);
    if let Some(zh) = chinese_term(Some(head)) {
        out.push_str(", ");
        out.push_str(&zh);
    }
    Some(out)
}

/// An enum value's whole description, as a gloss under "Where".
pub(super) fn description(doc: Option<&str>) -> Option<String> {
    let text = drop_asides(doc?.trim(), true);
    let text = text.trim_end_matches('.').trim();
    (!text.is_empty()).then(|| lower_first(text))
}

/// `capability_use` → "capability use"; the last segment of an inline record's name.
pub(super) fn humanize(name: &str) -> String {
    let last = name.rsplit('.').next().unwrap_or(name);
    last.replace('_', " ")
}

/// A list name made singular for one of its elements: "app_stores" → "app store".
pub(super) fn singular(name: &str) -> String {
    let h = humanize(name);
    if let Some(stem) = h.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = h.strip_suffix('s') {
        stem.to_string()
    } else {
        h
    }
}

/// "a, b or c" / "a、b或c" (with `word` "or"/"或"; "and"/"和").
pub(super) fn join(lang: Lang, items: &[String], word_en: &str, word_zh: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => match lang {
            Lang::En => format!("{} {word_en} {last}", init.join(", ")),
            Lang::Zh => format!("{}{word_zh}{last}", init.join("、")),
        },
    }
}

/// Chinese text with code spans: a space between a code span and the Chinese around it, none
/// next to Chinese punctuation ("`x` 为“是”", "（`x`）").
pub(super) fn space_zh(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == '`' {
            if !in_code {
                if i > 0 && is_cjk(chars[i - 1]) {
                    out.push(' ');
                }
                out.push(c);
            } else {
                out.push(c);
                if chars.get(i + 1).is_some_and(|&n| is_cjk(n)) {
                    out.push(' ');
                }
            }
            in_code = !in_code;
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_become_statements_and_nouns() {
        assert_eq!(
            statement(Some("User log information (logins, operations, publishing) is recorded.")).as_deref(),
            Some("user log information is recorded")
        );
        assert_eq!(
            statement(Some("The entry point is easy to find and use: reachable from the main interface."))
                .as_deref(),
            Some("the entry point is easy to find and use")
        );
        assert_eq!(
            statement(Some("Before it, the user was clearly told (明示) why. Screenshots.")).as_deref(),
            Some("before it, the user was clearly told (明示) why")
        );
        assert_eq!(noun(Some("Whether the finding is confirmed.")), None);
        assert_eq!(
            noun(Some("How long user logs are kept; facts may write days.")).as_deref(),
            Some("how long user logs are kept")
        );
        assert_eq!(statement(Some("Whether users can register")), None);
        assert_eq!(statement(Some("Verified")), None);
        assert_eq!(
            description(Some("Calendar events (canonical id `x`).")).as_deref(),
            Some("calendar events")
        );
        assert_eq!(
            noun(Some("The store's id, as used in `app.app_stores`.")).as_deref(),
            Some("the store's id")
        );
        assert_eq!(
            noun(Some("The province, autonomous region or municipality where it is (所在地).")).as_deref(),
            Some("the province, autonomous region or municipality where it is")
        );
        assert_eq!(
            noun(Some("The last day the licence is valid. An ICP filing has no term.")).as_deref(),
            Some("the last day the licence is valid")
        );
    }

    #[test]
    fn chinese_terms_and_glosses() {
        assert_eq!(chinese_term(Some("Told (明示) why")).as_deref(), Some("明示"));
        assert_eq!(
            chinese_term(Some("A (e.g. x) licence (增值电信业务经营许可证, ICP)")).as_deref(),
            Some("增值电信业务经营许可证")
        );
        assert_eq!(chinese_term(Some("No Chinese (at all)")), None);
        assert_eq!(
            variant_gloss(Some("News service (新闻服务): gathering news")).as_deref(),
            Some("news service, 新闻服务")
        );
    }

    #[test]
    fn joins_and_spacing() {
        let items = vec!["a".to_string(), "b".to_string(), "c".to_string()];
        assert_eq!(join(Lang::En, &items, "or", "或"), "a, b or c");
        assert_eq!(join(Lang::Zh, &items, "or", "或"), "a、b或c");
        assert_eq!(space_zh("`x`为“是”，且`y`（`z`）不少于六十日"), "`x` 为“是”，且 `y`（`z`）不少于六十日");
        assert_eq!(singular("app_stores"), "app store");
        assert_eq!(singular("capabilities"), "capability");
    }
}

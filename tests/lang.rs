//! Data-driven tests of the language: one file per case, found by glob; each snapshot shows
//! the input and the result (rendered without colour).
//!
//! - `tests/lang/parse/*.clause`: the parsed tree, printed compactly.
//! - `tests/lang/errors/*.clause`: the diagnostics of a policy that must not check
//!   (compiled together with `tests/lang/prelude.clause`).
//! - `tests/lang/eval/*.yaml`: a few rules, facts and an as-of date → the verdicts.

use clause::diagnostic::render::{to_text, Style};
use clause::source::{FileId, SourceMap};
use clause::syntax::ast::*;
use clause::syntax::display;
use std::fmt::Write as _;
use std::path::Path;

const PRELUDE: &str = include_str!("lang/prelude.clause");

fn tree(file: &File) -> String {
    let mut out = String::new();
    for item in &file.items {
        match item {
            Item::Document(r) | Item::Record(r) => {
                let kind = if matches!(item, Item::Document(_)) { "document" } else { "record" };
                let _ = writeln!(out, "{kind} {}", r.name.text);
                fields(&r.fields, 1, &mut out);
            }
            Item::Enum(e) => {
                let names: Vec<&str> = e.variants.iter().map(|v| v.name.text.as_str()).collect();
                let _ = writeln!(out, "enum {} = {}", e.name.text, names.join(" | "));
                for v in &e.variants {
                    let parts: Vec<String> = [
                        ("doc", &v.doc),
                        ("doc.zh", &v.doc_zh),
                        ("label.en", &v.label_en),
                        ("label.zh", &v.label_zh),
                    ]
                    .into_iter()
                    .filter_map(|(k, t)| t.as_ref().map(|t| format!("{k} {:?}", t.value)))
                    .collect();
                    if v.label_en.is_some() || v.label_zh.is_some() || v.doc_zh.is_some() {
                        let _ = writeln!(out, "  {}: {}", v.name.text, parts.join(", "));
                    }
                }
            }
            Item::Subject(s) => {
                let _ = writeln!(out, "subject {} id {}", s.name.text, display::expr(&s.id));
            }
            Item::Const(c) => {
                let _ = writeln!(out, "const {} = {}", c.name.text, display::expr(&c.value));
            }
            Item::Predicate(p) => {
                let params: Vec<&str> = p.params.iter().map(|p| p.name.text.as_str()).collect();
                let _ = writeln!(
                    out,
                    "predicate {}({}) = {}",
                    p.name.text,
                    params.join(", "),
                    display::expr(&p.body)
                );
            }
            Item::Party(p) => {
                let _ = writeln!(out, "party {} (subject {})", p.name.text, p.subject.text);
            }
            Item::Pack(p) => {
                let requires: Vec<&str> = p.requires.iter().map(|n| n.text.as_str()).collect();
                let version = p.version.as_ref().map_or("", |v| v.value.as_str());
                let _ = writeln!(
                    out,
                    "pack {} version {version:?} requires [{}]",
                    p.id.text,
                    requires.join(", ")
                );
            }
            Item::Extend(e) => {
                let _ = writeln!(out, "extend {} {}", e.kind.keyword(), e.target.text);
                fields(&e.fields, 1, &mut out);
                for v in &e.variants {
                    let _ = writeln!(out, "  value {}", v.name.text);
                }
            }
            Item::Calendar(c) => {
                let _ = writeln!(
                    out,
                    "calendar {} ({} holidays, {} workdays)",
                    c.name.text,
                    c.holidays.len(),
                    c.workdays.len()
                );
            }
            Item::Regulation(r) => {
                let _ = writeln!(out, "regulation {}", r.id.text);
                for t in &r.titles {
                    let _ = writeln!(out, "  title.{} {:?}", t.lang.code(), t.text.value);
                }
                if let Some(f) = &r.in_force {
                    let _ = writeln!(
                        out,
                        "  in force {:?} until {:?}",
                        (f.from.year, f.from.month, f.from.day),
                        f.until.map(|u| (u.year, u.month, u.day))
                    );
                }
                for p in &r.parties {
                    let _ = writeln!(out, "  party {} subject {}", p.name.text, p.subject.text);
                }
                for a in &r.articles {
                    provision(a, 1, &mut out);
                }
                for c in &r.chapters {
                    let _ = writeln!(out, "  Chapter {}", c.number);
                    for t in c.headings.iter() {
                        let _ = writeln!(out, "    heading.{} {:?}", t.lang.code(), t.text.value);
                    }
                    for t in &c.texts {
                        let _ =
                            writeln!(out, "    text.{} {:?} raw={}", t.lang.code(), t.text.value, t.text.raw);
                    }
                    if let Some(pr) = &c.provenance {
                        let _ = writeln!(out, "    provenance {}", pr.status.as_str());
                    }
                    for a in &c.articles {
                        provision(a, 2, &mut out);
                    }
                }
            }
            Item::StrayRule(r) => {
                let _ = writeln!(out, "stray rule {}", r.id.text);
            }
        }
    }
    for c in &file.comments {
        let _ = writeln!(out, "comment {:?} at {}..{}", c.text, c.span.start, c.span.end);
    }
    out
}

fn fields(fields: &[Field], depth: usize, out: &mut String) {
    for f in fields {
        let ty = match &f.ty {
            TypeExpr::Named(n) => n.text.clone(),
            TypeExpr::List { .. } => "list".into(),
            TypeExpr::DurationIn { unit, .. } => format!("duration in {unit:?}"),
            TypeExpr::InlineRecord { .. } => "record".into(),
        };
        let _ = writeln!(out, "{}{}: {ty}{}", "  ".repeat(depth), f.name.text, docs_summary(&f.docs));
        if let TypeExpr::InlineRecord { fields: inner, .. } = &f.ty {
            fields_rec(inner, depth + 1, out);
        }
    }
}

/// Which of `doc`, `doc.zh`, `source`, `source.zh` a field has: ` (doc, doc.zh)`.
fn docs_summary(d: &clause::syntax::ast::Docs) -> String {
    let present: Vec<&str> =
        [("doc", &d.doc), ("doc.zh", &d.doc_zh), ("source", &d.source), ("source.zh", &d.source_zh)]
            .into_iter()
            .filter(|(_, t)| t.is_some())
            .map(|(k, _)| k)
            .collect();
    if present.is_empty() {
        String::new()
    } else {
        format!(" ({})", present.join(", "))
    }
}

fn fields_rec(f: &[Field], depth: usize, out: &mut String) {
    fields(f, depth, out);
}

fn provision(p: &Provision, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let _ = writeln!(out, "{pad}{:?} {}", p.level, p.number);
    for t in &p.texts {
        let _ = writeln!(out, "{pad}  text.{} {:?} raw={}", t.lang.code(), t.text.value, t.text.raw);
    }
    if let Some(pr) = &p.provenance {
        let _ = writeln!(out, "{pad}  provenance {}", pr.status.as_str());
    }
    if let Some(n) = &p.no_duty {
        let _ = writeln!(out, "{pad}  no checkable duty {:?}", n.value);
    }
    for s in &p.scopes {
        let _ = writeln!(out, "{pad}  scope {} when {}", s.party.text, display::expr(&s.condition));
    }
    for r in &p.rules {
        let _ = writeln!(out, "{pad}  rule {}", r.id.text);
        if let Some((s, _)) = r.severity {
            let _ = writeln!(out, "{pad}    severity {s:?}");
        }
        let parties: Vec<&str> = r.applies_to.iter().map(|n| n.text.as_str()).collect();
        let _ = writeln!(out, "{pad}    applies to {}", parties.join(", "));
        if let Some(w) = &r.when {
            let _ = writeln!(out, "{pad}    when {}", display::expr(w));
        }
        if let Some(fe) = &r.for_each {
            let filter =
                fe.filter.as_ref().map(|f| format!(" where {}", display::expr(f))).unwrap_or_default();
            let _ = writeln!(
                out,
                "{pad}    for each {} in {}{filter}",
                fe.var.text,
                display::expr(&fe.collection)
            );
        }
        if let Some(q) = &r.require {
            let _ = writeln!(out, "{pad}    require {}", display::expr(q));
        }
        for m in &r.messages {
            let _ = writeln!(out, "{pad}    message.{} {:?}", m.lang.code(), m.text.value);
        }
    }
    for c in &p.children {
        provision(c, depth + 1, out);
    }
}

#[test]
fn parse() {
    insta::glob!("lang/parse/*.clause", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let result = match clause::syntax::parse(FileId(0), &text) {
            Ok(file) => tree(&file),
            Err(diagnostics) => {
                let mut sources = SourceMap::new();
                sources.add(name(path), text.clone());
                format!("ERROR\n{}", to_text(&sources, &diagnostics, Style::Plain))
            }
        };
        insta::assert_snapshot!(format!("{text}\n=====\n{result}"));
    });
}

fn name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

#[test]
fn errors() {
    insta::glob!("lang/errors/*.clause", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let mut sources = SourceMap::new();
        let files = vec![("prelude.clause".to_string(), PRELUDE.to_string()), (name(path), text.clone())];
        let rendered = match clause::compile(&mut sources, &files) {
            Ok(checked) if checked.warnings.is_empty() => {
                panic!("{} checked without a diagnostic", name(path))
            }
            Ok(checked) => to_text(&sources, &checked.warnings, Style::Plain),
            Err(diagnostics) => to_text(&sources, &diagnostics, Style::Plain),
        };
        insta::assert_snapshot!(format!("{text}\n=====\n{rendered}"));
    });
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct EvalCase {
    /// Rules placed in `article 1` of a test regulation, or a whole `policy`.
    #[serde(default)]
    rules: Option<String>,
    #[serde(default)]
    policy: Option<String>,
    facts: String,
    #[serde(default)]
    as_of: Option<String>,
}

fn wrap_rules(rules: &str) -> String {
    format!(
        "regulation t {{\n  title.en \"Test\"\n  in force from 2016-08-01 until 2022-08-01\n  party provider {{ subject app title.en \"app provider\" }}\n  party operator {{ subject store title.en \"app store\" }}\n  article 1 {{\n{rules}\n  }}\n}}\n"
    )
}

#[test]
fn eval() {
    insta::glob!("lang/eval/*.yaml", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let case: EvalCase = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", name(path)));
        let policy = case.policy.clone().unwrap_or_else(|| wrap_rules(case.rules.as_deref().unwrap_or("")));
        let mut sources = SourceMap::new();
        let files =
            vec![("prelude.clause".to_string(), PRELUDE.to_string()), ("case.clause".to_string(), policy)];
        let checked = match clause::compile(&mut sources, &files) {
            Ok(c) => c,
            Err(d) => {
                panic!("{}: policy does not check:\n{}", name(path), to_text(&sources, &d, Style::Plain))
            }
        };
        let program = &checked.program;
        let facts_id = sources.add("facts.yaml", case.facts.clone());
        let parsed = clause::facts::parse(
            &program.schema,
            facts_id,
            &case.facts,
            clause::facts::Format::Yaml,
            &Default::default(),
        );
        let bundle = parsed.bundle.unwrap_or_else(|| {
            panic!(
                "{}: facts do not load:\n{}",
                name(path),
                to_text(&sources, &parsed.diagnostics, Style::Plain)
            )
        });
        let facts = clause::facts::finish(&program.schema, bundle, &sources, facts_id)
            .unwrap_or_else(|d| panic!("{}: {}", name(path), to_text(&sources, &d, Style::Plain)));
        let as_of = case
            .as_of
            .as_deref()
            .map(|d| clause::time::Date::parse(d).unwrap_or_else(|| panic!("bad as_of {d}")));
        let mut out = String::new();
        for v in clause::eval::evaluate(program, &facts, as_of) {
            // A rule named for its intended outcome must reach it, whatever the snapshot says.
            for outcome in clause::eval::Outcome::ALL {
                if v.rule.ends_with(&format!("-{}", outcome.as_str().replace('_', "-"))) {
                    assert_eq!(
                        v.outcome,
                        outcome,
                        "{}: rule {} is named for another outcome",
                        name(path),
                        v.rule
                    );
                }
            }
            let _ = writeln!(out, "{} [{}] {}", v.rule, v.citation.en, v.outcome.as_str());
            if let Some(r) = &v.reason {
                let _ =
                    writeln!(out, "  reason {}: {}", r.kind.as_str(), r.message.en.as_deref().unwrap_or(""));
            }
            for f in &v.findings {
                let loc = f.loc.map(|l| format!(" @{}:{}", l.line, l.column)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  finding {:?} value {:?}{loc}",
                    f.path,
                    f.value.as_ref().map(|v| v.to_string())
                );
                let _ = writeln!(out, "    en: {}", f.message.en.as_deref().unwrap_or(""));
                let _ = writeln!(out, "    zh: {}", f.message.zh.as_deref().unwrap_or(""));
            }
            if !v.missing.is_empty() {
                let _ = writeln!(out, "  missing {:?}", v.missing);
            }
        }
        insta::assert_snapshot!(format!("{text}\n=====\n{out}"));
    });
}

//! A rule as a legal reader sees it: its title, severity and the party it binds; how it reads
//! the law (the authored summary); what it checks, in plain language generated from the rule
//! itself; the facts it reads; and a passing and a failing test case with the facts that
//! decided them. The conditions as written close the block, folded.

use super::anchor::{self, other, PageId};
use super::examples::{self, Example};
use super::model::{Block, Inline, Row, RowGroup, Table, Tag};
use super::page_article::policy_text;
use super::plain::{self, Plain};
use super::reads::{shown, FactRef};
use super::site::{short_citation, Site};
use super::words::{self, words};
use crate::check::program::{RegulationInfo, RuleDef, Scope, Template, TemplatePart};
use crate::eval::trace::show;
use crate::eval::Outcome;
use crate::syntax::ast::Lang;

pub fn rule_block(
    site: &Site<'_>,
    reg: &RegulationInfo,
    index: usize,
    rule: &RuleDef,
    lang: Lang,
    level: u8,
) -> Block {
    let w = words(lang);
    let alt = other(lang);
    let title = rule.title.get(lang).or_else(|| rule.title.get(alt)).unwrap_or(&rule.id).to_string();
    let mut body = vec![Block::heading(level, None, vec![Inline::text(title)])];
    if let Some(t) = rule.title.get(alt).filter(|_| rule.title.get(lang).is_some()) {
        body.push(Block::Para { class: Some("alt-title"), content: vec![Inline::lang(alt, t)] });
    }
    let parties: Vec<String> = rule
        .parties
        .iter()
        .filter_map(|&p| reg.parties.get(p))
        .map(|p| p.title.get(lang).map_or_else(|| p.name.clone(), str::to_string))
        .collect();
    let sep = if lang == Lang::En { ": " } else { "：" };
    body.push(Block::Para {
        class: Some("rule-meta"),
        content: vec![
            Inline::Badge(
                words::severity_class(rule.severity),
                words::severity(rule.severity, lang).to_string(),
            ),
            Inline::class("dot", vec![Inline::text(" · ")]),
            Inline::text(short_citation(&reg.id, &rule.citation, lang)),
            Inline::class("dot", vec![Inline::text(" · ")]),
            Inline::text(format!("{}{sep}{}", w.binds, parties.join(", "))),
            Inline::class("dot", vec![Inline::text(" · ")]),
            Inline::code(&rule.qualified_id),
        ],
    });
    if let Some(summary) = rule.summary.get(lang).or_else(|| rule.summary.get(alt)) {
        let text = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        let content = if rule.summary.get(lang).is_some() {
            vec![Inline::text(text)]
        } else {
            vec![Inline::lang(alt, text)]
        };
        body.push(Block::Div {
            tag: Tag::Div,
            id: None,
            class: Some("summary"),
            lang: None,
            body: vec![Block::heading(level + 1, None, vec![Inline::text(w.summary)]), Block::para(content)],
        });
    }
    body.push(Block::heading(level + 1, None, vec![Inline::text(w.what_it_checks)]));
    body.push(what_it_checks(site, rule, &site.all_reads, lang));
    let reads = site.rule_reads.get(index).map(|r| shown(r)).unwrap_or_default();
    body.push(Block::heading(level + 1, None, vec![Inline::text(w.facts_read)]));
    body.push(facts_list(site, &reads, lang));
    body.push(Block::heading(level + 1, None, vec![Inline::text(w.worked_examples)]));
    body.push(worked_examples(site, rule, lang));
    body.push(Block::Details {
        summary: vec![Inline::text(w.as_written)],
        body: vec![Block::Pre(as_written(site, rule))],
    });
    Block::Div {
        tag: Tag::Section,
        id: Some(anchor::rule(rule)),
        class: Some(match rule.severity {
            crate::syntax::ast::SeverityLevel::Error => "rule rule-error",
            crate::syntax::ast::SeverityLevel::Warning => "rule rule-warning",
            crate::syntax::ast::SeverityLevel::Info => "rule rule-info",
        }),
        lang: None,
        body,
    }
}

/// The plain-language structure, or, until a rule has one, what a violation reports.
fn what_it_checks(site: &Site<'_>, rule: &RuleDef, reads: &[FactRef], lang: Lang) -> Block {
    let plain = plain::rule(site.program, rule, lang);
    if !plain.is_empty() {
        return plain_list(&plain, reads, lang);
    }
    let w = words(lang);
    let (template, template_lang) = match (lang, &rule.message_en, &rule.message_zh) {
        (Lang::Zh, _, Some(t)) => (Some(t), Lang::Zh),
        (Lang::En, Some(t), _) => (Some(t), Lang::En),
        (_, Some(t), _) => (Some(t), Lang::En),
        (_, None, Some(t)) => (Some(t), Lang::Zh),
        (_, None, None) => (None, lang),
    };
    let lead = match lang {
        Lang::En => "A violation is reported as: ",
        Lang::Zh => "违反时报告：",
    };
    let mut content = vec![Inline::text(lead)];
    match template {
        Some(t) => {
            let text = template_text(site, t);
            content.push(if template_lang == lang {
                Inline::Em(vec![Inline::text(text)])
            } else {
                Inline::Span {
                    class: None,
                    lang: Some(template_lang),
                    content: vec![Inline::Em(vec![Inline::text(text)])],
                }
            });
        }
        None => content.push(Inline::text(rule.title.get(lang).unwrap_or(w.none))),
    }
    Block::Para { class: Some("plain-fallback"), content }
}

fn plain_list(items: &[Plain], reads: &[FactRef], lang: Lang) -> Block {
    Block::List {
        class: Some("plain"),
        items: items
            .iter()
            .map(|p| {
                let mut item = vec![Block::para(code_spans(&p.text, reads, lang))];
                if !p.children.is_empty() {
                    item.push(plain_list(&p.children, reads, lang));
                }
                item
            })
            .collect(),
    }
}

/// Plain text with Markdown code spans: the spans become code, and a span naming a fact the
/// rule reads links to the facts reference.
pub fn code_spans(text: &str, reads: &[FactRef], lang: Lang) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, part) in text.split('`').enumerate() {
        if part.is_empty() {
            continue;
        }
        if i % 2 == 0 {
            out.push(Inline::text(part));
        } else {
            match reads.iter().find(|f| f.path == part || f.path.replace("[]", "") == part) {
                Some(f) => out.push(Inline::link(
                    PageId::Facts(lang),
                    Some(f.anchor.clone()),
                    vec![Inline::code(part)],
                )),
                None => out.push(Inline::code(part)),
            }
        }
    }
    // An odd number of backticks leaves the last one unclosed: show the text as written.
    if text.matches('`').count() % 2 == 1 {
        return vec![Inline::text(text)];
    }
    out
}

/// A message template with its holes as `{path}`.
fn template_text(site: &Site<'_>, t: &Template) -> String {
    t.parts
        .iter()
        .map(|part| match part {
            TemplatePart::Text(s) => s.clone(),
            TemplatePart::Value(e, _) => format!("{{{}}}", show(site.program, e)),
        })
        .collect()
}

/// The rule's conditions as the policy writes them.
fn as_written(site: &Site<'_>, rule: &RuleDef) -> String {
    let mut lines = Vec::new();
    if let Some(when) = &rule.when {
        lines.push(format!("when {}", when.source_text));
    }
    if let Some(fe) = &rule.for_each {
        let mut line = format!("for each {} in {}", fe.var, fe.collection.display);
        if let Some(filter) = &fe.filter {
            line.push_str(&format!(" where {}", show(site.program, filter)));
        }
        lines.push(line);
    }
    lines.push(format!("require {}", rule.require.source_text));
    lines.join("\n")
}

fn facts_list(site: &Site<'_>, reads: &[FactRef], lang: Lang) -> Block {
    let w = words(lang);
    if reads.is_empty() {
        return Block::para(vec![Inline::text(w.none)]);
    }
    let _ = site;
    Block::List {
        class: Some("facts-read"),
        items: reads
            .iter()
            .map(|f| {
                vec![Block::para(vec![Inline::link(
                    PageId::Facts(lang),
                    Some(f.anchor.clone()),
                    vec![Inline::code(&f.path)],
                )])]
            })
            .collect(),
    }
}

fn worked_examples(site: &Site<'_>, rule: &RuleDef, lang: Lang) -> Block {
    let cases = site.examples.rules.get(&rule.qualified_id);
    let passing = cases.and_then(|c| c.passing.as_ref());
    let failing = cases.and_then(|c| c.failing.as_ref());
    Block::div(
        "examples",
        vec![
            example_block(passing, Outcome::Satisfied, lang),
            example_block(failing, Outcome::Violated, lang),
        ],
    )
}

fn example_block(example: Option<&Example>, outcome: Outcome, lang: Lang) -> Block {
    let w = words(lang);
    let (class, mark, label) = match outcome {
        Outcome::Satisfied => ("example example-pass", "✓", w.passing),
        _ => ("example example-fail", "✗", w.failing),
    };
    let head = Block::Para {
        class: Some("example-head"),
        content: vec![
            Inline::class("mark", vec![Inline::text(mark)]),
            Inline::text(" "),
            Inline::Strong(vec![Inline::text(label)]),
            Inline::text(format!(" — {}", words::outcome(outcome, lang))),
        ],
    };
    let Some(e) = example else {
        return Block::div(
            class,
            vec![head, Block::Para { class: Some("missing"), content: vec![Inline::text(w.no_example)] }],
        );
    };
    let name = match lang {
        Lang::En => Inline::text(format!("“{}”", e.name)),
        Lang::Zh => Inline::lang(Lang::En, format!("“{}”", e.name)),
    };
    let mut meta =
        vec![Inline::text(format!("{} ", w.case_word)), Inline::code(format!("{}:{}", e.file, e.line))];
    if let Some(d) = e.as_of {
        meta.push(Inline::text(format!(" · {} {}", w.as_of, words::date(d, lang))));
    }
    let mut body = vec![
        head,
        Block::Para { class: Some("example-name"), content: vec![name] },
        Block::Para { class: Some("example-meta"), content: meta },
    ];
    if !e.facts.is_empty() {
        let rows = e
            .facts
            .iter()
            .map(|(path, value)| Row {
                id: None,
                cells: vec![vec![Inline::code(path)], vec![Inline::text(examples::value(value, lang))]],
            })
            .collect();
        body.push(Block::Table(Table {
            class: Some("deciding"),
            caption: Some(vec![Inline::text(w.deciding_facts)]),
            head: vec![vec![Inline::text(w.fact)], vec![Inline::text(w.value)]],
            groups: vec![RowGroup { header: None, rows }],
        }));
        if e.more_facts > 0 {
            body.push(Block::Para {
                class: Some("more"),
                content: vec![Inline::text(format!("+ {} {}", e.more_facts, w.more))],
            });
        }
    }
    for (message, path) in &e.findings {
        let text = message.get(lang).or_else(|| message.get(other(lang))).unwrap_or("");
        let sep = if lang == Lang::En { ": " } else { "：" };
        let mut content = vec![
            Inline::Strong(vec![Inline::text(format!("{}{}", w.finding, sep.trim_end()))]),
            Inline::text(if lang == Lang::En { " " } else { "" }),
            Inline::text(text),
        ];
        if let Some(p) = path {
            content.push(Inline::text(" "));
            content.push(Inline::code(p));
        }
        body.push(Block::Para { class: Some("finding"), content });
    }
    Block::div(class, body)
}

/// A `scope` condition: where the regulation reaches for a party.
pub fn scope_block(
    site: &Site<'_>,
    reg: &RegulationInfo,
    scope: &Scope,
    reads: &[FactRef],
    lang: Lang,
    level: u8,
) -> Block {
    let w = words(lang);
    let party = reg
        .parties
        .get(scope.party)
        .map(|p| p.title.get(lang).map_or_else(|| p.name.clone(), str::to_string))
        .unwrap_or_default();
    let sep = if lang == Lang::En { " " } else { "" };
    let _ = policy_text;
    Block::Div {
        tag: Tag::Div,
        id: Some(anchor::scope(reg.parties.get(scope.party).map_or("party", |p| p.name.as_str()))),
        class: Some("scope"),
        lang: None,
        body: vec![
            Block::heading(level, None, vec![Inline::text(format!("{}{sep}{party}", w.scope_of))]),
            Block::para(vec![Inline::text(w.scope_intro)]),
            Block::Pre(scope.source_text.clone()),
            Block::heading(level + 1, None, vec![Inline::text(w.facts_read)]),
            facts_list(site, &shown(reads), lang),
        ],
    }
}

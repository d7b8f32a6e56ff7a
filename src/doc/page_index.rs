//! A language's front page: for each regulation its header (titles, issuer, dates, the
//! in-force window, the policy pack's version), the list of articles, and the coverage
//! matrix — article → paragraph → item → rules → severity → facts read → test cases — with the
//! provisions that impose no checkable duty shown as such. A regulation in chapters has both
//! the list and the matrix grouped under its chapter headings.

use super::anchor::{self, other, PageId};
use super::model::{Block, Inline, Page, Row, RowGroup, Table, Tag, Target};
use super::page_article::{article_name, chapter_name, policy_text};
use super::reads::shown;
use super::site::{provisions, rule_count, short_citation, title, Site};
use super::words::{self, words};
use crate::check::program::{ChapterInfo, ProvisionInfo, RegulationInfo};
use crate::eval::Outcome;
use crate::syntax::ast::{Lang, ProvenanceStatus};

pub fn page(site: &Site<'_>, lang: Lang) -> Page {
    let w = words(lang);
    let mut body = Vec::new();
    for reg in site.regulations() {
        body.push(regulation(site, reg, lang));
    }
    site.page(PageId::Index(lang), lang, w.overview.to_string(), body)
}

/// The header of a regulation as terms and descriptions.
pub fn header_terms(reg: &RegulationInfo, lang: Lang) -> Vec<(Vec<Inline>, Vec<Inline>)> {
    let w = words(lang);
    let mut terms = Vec::new();
    if let Some(issuer) = &reg.issuer {
        terms.push((vec![Inline::text(w.issuer)], vec![Inline::text(issuer)]));
    }
    if let Some(issued) = reg.issued {
        terms.push((vec![Inline::text(w.issued)], vec![Inline::text(words::date(issued, lang))]));
    }
    let from = words::date(reg.in_force_from, lang);
    let window = match (reg.in_force_until, lang) {
        (Some(until), Lang::En) => {
            let last = until.add_days(-1).map_or_else(String::new, |d| words::date(d, lang));
            format!("{from} to {last} (no longer in force from {})", words::date(until, lang))
        }
        (Some(until), Lang::Zh) => {
            let last = until.add_days(-1).map_or_else(String::new, |d| words::date(d, lang));
            format!("{from}至{last}（{}起不再施行）", words::date(until, lang))
        }
        (None, Lang::En) => format!("from {from}"),
        (None, Lang::Zh) => format!("自{from}起"),
    };
    terms.push((vec![Inline::text(w.in_force)], vec![Inline::text(window)]));
    if let Some(superseded) = &reg.superseded_by {
        terms.push((vec![Inline::text(w.superseded_by)], vec![Inline::text(superseded)]));
    }
    if let Some(url) = &reg.url {
        let link = Inline::Link(Target::External(url.clone()), vec![Inline::text(url)]);
        terms.push((vec![Inline::text(w.official_text)], vec![link]));
    }
    let pack = match &reg.version {
        Some(v) => vec![Inline::code(&reg.id), Inline::text(format!(" {} {v}", w.version))],
        None => vec![Inline::code(&reg.id)],
    };
    terms.push((vec![Inline::text(w.policy_pack)], pack));
    terms
}

fn regulation(site: &Site<'_>, reg: &RegulationInfo, lang: Lang) -> Block {
    let w = words(lang);
    let alt = other(lang);
    let rules = reg.articles.iter().map(rule_count).sum::<usize>();
    let mut terms = header_terms(reg, lang);
    let mut counts = match lang {
        Lang::En => format!("{} articles, {rules} rules", reg.articles.len()),
        Lang::Zh => format!("{}条，{rules}条规则", reg.articles.len()),
    };
    if !reg.chapters.is_empty() {
        counts = match lang {
            Lang::En => format!("{} chapters, {counts}", reg.chapters.len()),
            Lang::Zh => format!("{}章，{counts}", reg.chapters.len()),
        };
    }
    if let Some((_, pack)) = terms.last_mut() {
        pack.push(Inline::text(if lang == Lang::En { " · " } else { "，" }));
        pack.push(Inline::text(counts));
    }
    let mut body = vec![
        Block::heading(1, None, vec![Inline::text(title(reg, lang))]),
        Block::Para {
            class: Some("alt-title"),
            content: reg.title.get(alt).map(|t| vec![Inline::lang(alt, t)]).unwrap_or_default(),
        },
        Block::Terms(terms),
        Block::Para {
            class: Some("actions"),
            content: vec![
                Inline::link(PageId::Full(lang, reg.id.clone()), None, vec![Inline::text(w.full_text)]),
                Inline::text(" · "),
                Inline::link(PageId::Facts(lang), None, vec![Inline::text(w.facts_reference)]),
            ],
        },
        Block::heading(2, Some(format!("{}-articles", reg.id)), vec![Inline::text(w.contents)]),
    ];
    if reg.chapters.is_empty() {
        body.push(contents(reg, &reg.articles.iter().collect::<Vec<_>>(), lang));
    }
    // A regulation with chapters lists and covers its articles chapter by chapter.
    for chapter in &reg.chapters {
        body.push(chapter_heading(reg, chapter, lang, true));
        body.push(contents(reg, &chapter_articles(reg, chapter), lang));
    }
    body.push(Block::heading(2, Some(format!("{}-coverage", reg.id)), vec![Inline::text(w.coverage)]));
    body.push(Block::para(vec![Inline::text(w.coverage_intro)]));
    if reg.chapters.is_empty() {
        let table = coverage(site, reg, &reg.articles.iter().collect::<Vec<_>>(), lang);
        body.push(Block::div("table-wrap", vec![Block::Table(table)]));
    }
    for chapter in &reg.chapters {
        body.push(chapter_heading(reg, chapter, lang, false));
        let table = coverage(site, reg, &chapter_articles(reg, chapter), lang);
        body.push(Block::div("table-wrap", vec![Block::Table(table)]));
    }
    body.push(legend(lang));
    body.retain(|b| !matches!(b, Block::Para { content, .. } if content.is_empty()));
    Block::Div {
        tag: Tag::Section,
        id: Some(format!("reg-{}", reg.id)),
        class: Some("regulation"),
        lang: None,
        body,
    }
}

/// The articles of a chapter, by number.
fn chapter_articles<'r>(reg: &'r RegulationInfo, chapter: &ChapterInfo) -> Vec<&'r ProvisionInfo> {
    reg.articles.iter().filter(|a| chapter.articles.contains(&a.number)).collect()
}

/// A chapter's heading over its part of the contents (linking to the chapter in the full
/// text) or of the coverage matrix.
fn chapter_heading(reg: &RegulationInfo, chapter: &ChapterInfo, lang: Lang, linked: bool) -> Block {
    let name = vec![Inline::text(chapter_name(chapter, lang))];
    let content = if linked {
        let target = PageId::Full(lang, reg.id.clone());
        vec![Inline::link(target, Some(anchor::chapter(chapter.number)), name)]
    } else {
        name
    };
    Block::heading(3, None, content)
}

fn contents(reg: &RegulationInfo, articles: &[&ProvisionInfo], lang: Lang) -> Block {
    let w = words(lang);
    let items = articles
        .iter()
        .map(|a| {
            let n = rule_count(a);
            let mut content = vec![Inline::link(
                PageId::Article(lang, reg.id.clone(), a.number),
                None,
                vec![Inline::text(article_name(a, lang))],
            )];
            let scoped = reg.scopes.iter().any(|s| super::site::scope_article(reg, s) == Some(a.number));
            let note = if a.no_duty.is_some() {
                w.no_checkable_duty.to_string()
            } else if n == 0 && scoped {
                w.scope.to_string()
            } else if lang == Lang::En {
                format!("{n} {}", if n == 1 { "rule" } else { w.rules_word })
            } else {
                format!("{n}{}", w.rules_word)
            };
            content.push(Inline::text(" "));
            content.push(Inline::class("count", vec![Inline::text(note)]));
            if let Some(p) = a.provenance.as_ref().filter(|p| p.status != ProvenanceStatus::Verbatim) {
                content.push(Inline::text(" "));
                content.push(Inline::Badge(
                    words::provenance_class(p.status),
                    words::provenance(p.status, lang).to_string(),
                ));
            }
            vec![Block::para(content)]
        })
        .collect();
    Block::List { class: Some("toc"), items }
}

fn coverage(site: &Site<'_>, reg: &RegulationInfo, articles: &[&ProvisionInfo], lang: Lang) -> Table {
    let w = words(lang);
    let reg_index = site.program.regulations.iter().position(|r| std::ptr::eq(r, reg)).unwrap_or(0);
    let mut groups = Vec::new();
    for &article in articles {
        let mut rows = Vec::new();
        let all = provisions(article);
        let has_children = all.len() > 1;
        for (place, p) in all {
            let page = PageId::Article(lang, reg.id.clone(), article.number);
            let cite = Inline::link(
                page,
                Some(anchor::provision(place)),
                vec![Inline::text(short_citation(&reg.id, &p.citation, lang))],
            );
            for &index in &p.rules {
                let Some(rule) = site.program.rules.get(index) else { continue };
                let title = rule.title.get(lang).or_else(|| rule.title.get(other(lang))).unwrap_or(&rule.id);
                let reads = site.rule_reads.get(index).map(|r| shown(r)).unwrap_or_default();
                rows.push(Row {
                    id: None,
                    cells: vec![
                        vec![cite.clone()],
                        vec![site.rule_link(rule, lang, vec![Inline::text(title)])],
                        vec![Inline::Badge(
                            words::severity_class(rule.severity),
                            words::severity(rule.severity, lang).to_string(),
                        )],
                        site.fact_links(&reads, lang),
                        cases_cell(site, &rule.qualified_id, lang),
                    ],
                });
            }
            for (i, scope) in reg.scopes.iter().enumerate() {
                if scope.citation != p.citation {
                    continue;
                }
                let party = reg
                    .parties
                    .get(scope.party)
                    .map(|p| p.title.get(lang).map_or_else(|| p.name.clone(), str::to_string))
                    .unwrap_or_default();
                let reads = site.scope_reads.get(reg_index).and_then(|s| s.get(i)).map(|r| shown(r));
                let sep = if lang == Lang::En { " " } else { "" };
                rows.push(Row {
                    id: None,
                    cells: vec![
                        vec![cite.clone()],
                        vec![Inline::Em(vec![Inline::text(format!("{}{sep}{party}", w.scope_of))])],
                        vec![Inline::text("—")],
                        site.fact_links(&reads.unwrap_or_default(), lang),
                        vec![Inline::text("—")],
                    ],
                });
            }
            let bare = p.rules.is_empty() && !reg.scopes.iter().any(|s| s.citation == p.citation);
            let is_article = place.paragraph.is_none() && place.item.is_none();
            if bare && (p.no_duty.is_some() || !(is_article && has_children)) {
                let what = match &p.no_duty {
                    Some(reason) => vec![
                        Inline::class("no-duty-label", vec![Inline::text(w.no_checkable_duty)]),
                        Inline::text(if lang == Lang::En { ": " } else { "：" }),
                        policy_text(reason, lang),
                    ],
                    None => vec![Inline::class("no-duty-label", vec![Inline::text(w.no_rules)])],
                };
                rows.push(Row {
                    id: None,
                    cells: vec![
                        vec![cite.clone()],
                        what,
                        vec![Inline::text("—")],
                        vec![Inline::text("—")],
                        vec![Inline::text("—")],
                    ],
                });
            }
        }
        groups.push(RowGroup {
            header: Some(vec![Inline::link(
                PageId::Article(lang, reg.id.clone(), article.number),
                None,
                vec![Inline::text(article_name(article, lang))],
            )]),
            rows,
        });
    }
    Table {
        class: Some("coverage"),
        caption: None,
        head: [w.provision, w.rule, w.severity, w.facts_read, w.test_cases]
            .iter()
            .map(|h| vec![Inline::text(*h)])
            .collect(),
        groups,
    }
}

/// How many cases test the rule, by the outcome they expect.
fn cases_cell(site: &Site<'_>, rule: &str, lang: Lang) -> Vec<Inline> {
    let Some(cases) = site.examples.rules.get(rule).filter(|c| c.total() > 0) else {
        return vec![Inline::text("—")];
    };
    let mut out = vec![Inline::text(words::cases(cases.total(), lang))];
    for outcome in Outcome::ALL {
        if let Some(n) = cases.expected.get(&outcome) {
            out.push(Inline::text(" "));
            let class = match outcome {
                Outcome::Satisfied => "oc oc-satisfied",
                Outcome::Violated => "oc oc-violated",
                Outcome::NotApplicable => "oc oc-na",
                Outcome::Undetermined => "oc oc-undetermined",
            };
            let text = match lang {
                Lang::En => format!("{n} {}", words::outcome(outcome, lang)),
                Lang::Zh => format!("{}{n}", words::outcome(outcome, lang)),
            };
            out.push(Inline::Badge(class, text));
        }
    }
    out
}

fn legend(lang: Lang) -> Block {
    let w = words(lang);
    let terms = [ProvenanceStatus::Verbatim, ProvenanceStatus::Assembled, ProvenanceStatus::Reconstructed]
        .into_iter()
        .map(|s| {
            (
                vec![Inline::Badge(words::provenance_class(s), words::provenance(s, lang).to_string())],
                vec![Inline::text(words::provenance_meaning(s, lang))],
            )
        })
        .collect();
    Block::Div {
        tag: Tag::Div,
        id: None,
        class: Some("legend"),
        lang: None,
        body: vec![Block::heading(2, None, vec![Inline::text(w.provenance)]), Block::Terms(terms)],
    }
}

//! Chapters (章), the level above articles: what a regulation's chapters are, across its
//! blocks, and the structure rules they obey.
//!
//! A chapter gives readers a heading and groups articles; it is no part of a citation,
//! because Chinese law numbers articles through the whole regulation. So a regulation is
//! divided into chapters throughout or not at all, chapter numbers are unique, and each
//! chapter's articles are numbered above those of the chapters before it (all `E0215`). A
//! rule standing directly in a chapter is `E0206`. The articles themselves (numbers unique
//! across chapters, provenance inherited from the chapter) are walked in `regulation.rs`.

use super::program::{ChapterInfo, ProvenanceInfo};
use super::regulation::bilingual;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast;
use std::collections::HashMap;

/// A provenance as the program keeps it.
pub(super) fn provenance(p: &ast::Provenance) -> ProvenanceInfo {
    ProvenanceInfo {
        status: p.status,
        note: p.note.as_ref().map(|t| t.value.clone()),
        source: p.source.as_ref().map(|t| t.value.clone()),
    }
}

/// The chapters of a regulation's blocks, by number, after reporting what breaks their rules.
pub(super) fn chapters(
    id: &str,
    blocks: &[&ast::Regulation],
    errors: &mut Vec<Diagnostic>,
) -> Vec<ChapterInfo> {
    let all: Vec<&ast::Chapter> = blocks.iter().flat_map(|b| &b.chapters).collect();
    for chapter in &all {
        for rule in &chapter.stray_rules {
            errors.push(stray_rule(chapter, rule));
        }
    }
    let bare = blocks.iter().flat_map(|b| &b.articles).next();
    if let (Some(article), Some(chapter)) = (bare, all.first()) {
        errors.push(
            Diagnostic::error("E0215", format!("regulation `{id}` has articles both in and outside chapters"))
                .at(article.number_span, format!("article {} stands outside any chapter", article.number))
                .also(chapter.number_span, format!("chapter {} is here", chapter.number))
                .help(format!(
                    "a regulation is divided into chapters throughout or not at all: move article {} into its chapter, as the official text has it",
                    article.number
                )),
        );
    }

    let mut seen: HashMap<u32, Span> = HashMap::new();
    let mut unique: Vec<&ast::Chapter> = Vec::new();
    for chapter in all {
        if let Some(first) = seen.get(&chapter.number) {
            errors.push(
                Diagnostic::error("E0215", format!("chapter {} appears twice", chapter.number))
                    .at(chapter.number_span, "again here")
                    .also(*first, "first here"),
            );
            continue;
        }
        seen.insert(chapter.number, chapter.number_span);
        unique.push(chapter);
    }
    unique.sort_by_key(|c| c.number);
    ascending(&unique, errors);

    unique
        .iter()
        .map(|c| {
            let mut articles: Vec<u32> = c.articles.iter().map(|a| a.number).collect();
            articles.sort_unstable();
            articles.dedup();
            ChapterInfo {
                number: c.number,
                heading: bilingual(&c.headings, "heading", errors),
                text: bilingual(&c.texts, "text", errors),
                provenance: c.provenance.as_ref().map(provenance),
                articles,
            }
        })
        .collect()
}

fn stray_rule(chapter: &ast::Chapter, rule: &ast::Rule) -> Diagnostic {
    Diagnostic::error(
        "E0206",
        format!("rule `{}` stands in chapter {}, outside any article", rule.id.text, chapter.number),
    )
    .at(rule.id.span, "not inside an article, paragraph or item")
    .also(chapter.number_span, "the chapter")
    .help("move the rule into the `article` (or `paragraph`/`item`) whose duty it encodes: a chapter only groups articles, and a rule's citation comes from where it stands")
}

/// Each chapter's articles are numbered above every article of the chapters before it
/// (`chapters` sorted by number). An equal number is a duplicate, reported with the articles.
fn ascending(chapters: &[&ast::Chapter], errors: &mut Vec<Diagnostic>) {
    // The highest-numbered article so far, and its chapter.
    let mut highest: Option<(&ast::Provision, u32)> = None;
    for chapter in chapters {
        let mut articles: Vec<&ast::Provision> = chapter.articles.iter().collect();
        articles.sort_by_key(|a| a.number);
        for article in &articles {
            if let Some((above, in_chapter)) = highest.filter(|(h, _)| h.number > article.number) {
                errors.push(
                    Diagnostic::error(
                        "E0215",
                        format!(
                            "article {} in chapter {} is numbered below article {} in chapter {in_chapter}",
                            article.number, chapter.number, above.number
                        ),
                    )
                    .at(article.number_span, format!("in chapter {}", chapter.number))
                    .also(above.number_span, format!("in chapter {in_chapter}"))
                    .help("articles are numbered through the whole regulation, so a chapter's articles come after those of the chapters before it: check the chapter and article numbers against the official text"),
                );
            }
        }
        if let Some(last) = articles.last() {
            if highest.is_none_or(|(h, _)| last.number > h.number) {
                highest = Some((last, chapter.number));
            }
        }
    }
}

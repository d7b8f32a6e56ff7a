//! An article's page — the Chinese and English texts side by side, provision by provision,
//! each with its provenance and, under it, the rules that check it — and the regulation's
//! whole text on one printable page, built from the same pieces: for a regulation in chapters,
//! one section per chapter holding its articles.

use super::anchor::{self, other, PageId, Place};
use super::model::{Block, Inline, Page, Tag};
use super::page_rule;
use super::site::{provisions, title, Site};
use super::words::{self, words};
use crate::check::program::{Bilingual, ChapterInfo, ProvenanceInfo, ProvisionInfo, RegulationInfo};
use crate::syntax::ast::{Lang, ProvenanceStatus};

pub fn article_page(site: &Site<'_>, reg: &RegulationInfo, article: &ProvisionInfo, lang: Lang) -> Page {
    let w = words(lang);
    let id = PageId::Article(lang, reg.id.clone(), article.number);
    let name = article_name(article, lang);
    let mut crumbs = vec![Inline::link(PageId::Index(lang), None, vec![Inline::text(w.overview)])];
    // The page says which chapter the article is in; its citation does not.
    if let Some(chapter) = reg.chapter_of(article.number) {
        crumbs.push(Inline::text(" › "));
        crumbs.push(Inline::link(
            PageId::Full(lang, reg.id.clone()),
            Some(anchor::chapter(chapter.number)),
            vec![Inline::text(chapter_name(chapter, lang))],
        ));
    }
    crumbs.push(Inline::text(" › "));
    crumbs.push(Inline::text(words::article(article.number, lang)));
    let mut body = vec![Block::Div {
        tag: Tag::Nav,
        id: None,
        class: Some("breadcrumb"),
        lang: None,
        body: vec![Block::para(crumbs)],
    }];
    body.push(article_block(site, reg, article, None, lang, 1));
    body.push(pager(reg, article, lang));
    site.page(id, lang, name, body)
}

pub fn full_page(site: &Site<'_>, reg: &RegulationInfo, lang: Lang) -> Page {
    let w = words(lang);
    let id = PageId::Full(lang, reg.id.clone());
    let mut body = vec![Block::Div {
        tag: Tag::Div,
        id: None,
        class: Some("full-head"),
        lang: None,
        body: vec![
            Block::heading(1, None, vec![Inline::text(title(reg, lang))]),
            alt_title(reg, lang),
            Block::Para { class: Some("lede"), content: vec![Inline::text(w.whole_regulation)] },
            Block::Terms(super::page_index::header_terms(reg, lang)),
        ],
    }];
    if reg.chapters.is_empty() {
        for article in &reg.articles {
            body.push(article_block(site, reg, article, None, lang, 2));
        }
    }
    for chapter in &reg.chapters {
        body.push(chapter_block(site, reg, chapter, lang));
    }
    site.page(id, lang, w.full_text.to_string(), body)
}

/// A chapter's `<section>` on the full page: its heading and text, then its articles one
/// level down.
fn chapter_block(site: &Site<'_>, reg: &RegulationInfo, chapter: &ChapterInfo, lang: Lang) -> Block {
    let alt = other(lang);
    let mut heading = vec![Inline::class("num", vec![Inline::text(words::chapter(chapter.number, lang))])];
    if let Some(h) = chapter.heading.get(lang) {
        heading.push(Inline::text(" "));
        heading.push(Inline::class("heading-text", vec![Inline::text(h)]));
    }
    let alt_heading = match chapter.heading.get(alt) {
        Some(h) => format!("{} {h}", words::chapter(chapter.number, alt)),
        None => words::chapter(chapter.number, alt),
    };
    let mut body = vec![Block::Div {
        tag: Tag::Div,
        id: None,
        class: Some("chapter-head"),
        lang: None,
        body: vec![
            Block::heading(2, None, heading),
            Block::Para { class: Some("alt-heading"), content: vec![Inline::lang(alt, alt_heading)] },
        ],
    }];
    if chapter.text.en.is_some() || chapter.text.zh.is_some() {
        let reconstructed =
            chapter.provenance.as_ref().is_some_and(|p| p.status == ProvenanceStatus::Reconstructed);
        body.push(parallel_texts(&chapter.text, reconstructed, lang));
    }
    if let Some(prov) = &chapter.provenance {
        body.push(provenance(prov, None, lang));
    }
    for number in &chapter.articles {
        if let Some(article) = reg.articles.iter().find(|a| a.number == *number) {
            body.push(article_block(site, reg, article, chapter.provenance.as_ref(), lang, 3));
        }
    }
    Block::Div {
        tag: Tag::Section,
        id: Some(anchor::chapter(chapter.number)),
        class: Some("chapter"),
        lang: None,
        body,
    }
}

/// `Chapter 1 · General provisions`, `第一章　总则`.
pub fn chapter_name(chapter: &ChapterInfo, lang: Lang) -> String {
    let number = words::chapter(chapter.number, lang);
    match chapter.heading.get(lang).or_else(|| chapter.heading.get(other(lang))) {
        Some(h) if lang == Lang::Zh => format!("{number}　{h}"),
        Some(h) => format!("{number} · {h}"),
        None => number,
    }
}

fn alt_title(reg: &RegulationInfo, lang: Lang) -> Block {
    let alt = other(lang);
    let content = match reg.title.get(alt) {
        Some(t) => vec![Inline::lang(alt, t)],
        None => Vec::new(),
    };
    Block::Para { class: Some("alt-title"), content }
}

/// `Article 7 · Duties of app providers`.
pub fn article_name(article: &ProvisionInfo, lang: Lang) -> String {
    let number = words::article(article.number, lang);
    match article.heading.get(lang).or_else(|| article.heading.get(other(lang))) {
        Some(h) if lang == Lang::Zh => format!("{number}　{h}"),
        Some(h) => format!("{number} · {h}"),
        None => number,
    }
}

/// The `<article>`: its heading at `level`, then every provision. `chapter` is the provenance
/// of the chapter shown above it (on the full page), which the article may inherit.
fn article_block(
    site: &Site<'_>,
    reg: &RegulationInfo,
    article: &ProvisionInfo,
    chapter: Option<&ProvenanceInfo>,
    lang: Lang,
    level: u8,
) -> Block {
    let w = words(lang);
    let alt = other(lang);
    let mut heading = vec![Inline::class("num", vec![Inline::text(words::article(article.number, lang))])];
    if let Some(h) = article.heading.get(lang) {
        heading.push(Inline::text(" "));
        heading.push(Inline::class("heading-text", vec![Inline::text(h)]));
    }
    let mut body = vec![Block::Div {
        tag: Tag::Div,
        id: None,
        class: Some("article-head"),
        lang: None,
        body: vec![
            Block::heading(level, None, heading),
            Block::Para {
                class: Some("alt-heading"),
                content: vec![Inline::lang(
                    alt,
                    match article.heading.get(alt) {
                        Some(h) => format!("{} {h}", words::article(article.number, alt)),
                        None => words::article(article.number, alt),
                    },
                )],
            },
        ],
    }];
    let all = provisions(article);
    let has_children = all.len() > 1;
    let mut parent_provenance: Vec<(Place, Option<&ProvenanceInfo>)> = Vec::new();
    for (place, p) in all {
        let inherited = match parent_provenance.iter().rev().find(|(pl, _)| is_parent(*pl, place)) {
            Some((_, prov)) => prov.map(|p| (p, w.same_as_article)),
            None => chapter.map(|p| (p, w.same_as_chapter)),
        };
        parent_provenance.push((place, p.provenance.as_ref()));
        body.push(provision_block(site, reg, place, p, inherited, has_children, lang, level));
    }
    Block::Div {
        tag: Tag::Article,
        id: Some(anchor::provision(Place { article: article.number, paragraph: None, item: None })),
        class: Some("article"),
        lang: None,
        body,
    }
}

fn is_parent(parent: Place, child: Place) -> bool {
    parent != child
        && parent.article == child.article
        && (parent.paragraph.is_none() || parent.paragraph == child.paragraph)
        && parent.item.is_none()
}

#[allow(clippy::too_many_arguments)]
fn provision_block(
    site: &Site<'_>,
    reg: &RegulationInfo,
    place: Place,
    p: &ProvisionInfo,
    inherited: Option<(&ProvenanceInfo, &str)>,
    has_children: bool,
    lang: Lang,
    level: u8,
) -> Block {
    let w = words(lang);
    let is_article = place.paragraph.is_none() && place.item.is_none();
    let mut body = Vec::new();
    // The article's own text gets a heading only when paragraphs or items follow it.
    let rule_level = if is_article && !has_children {
        level + 1
    } else {
        let label = if is_article {
            match lang {
                Lang::En => "Text of the article".to_string(),
                Lang::Zh => "本条正文".to_string(),
            }
        } else {
            words::child(place.paragraph, place.item, lang)
        };
        body.push(Block::heading(level + 1, None, vec![Inline::text(label)]));
        level + 2
    };
    body.push(parallel(p, lang));
    if let Some(prov) = &p.provenance {
        body.push(provenance(prov, inherited, lang));
    }
    if let Some(reason) = &p.no_duty {
        body.push(Block::Div {
            tag: Tag::Div,
            id: None,
            class: Some("no-duty"),
            lang: None,
            body: vec![Block::para(vec![
                Inline::Strong(vec![Inline::text(w.no_checkable_duty)]),
                Inline::text(if lang == Lang::En { ". " } else { "。" }),
                policy_text(reason, lang),
            ])],
        });
    }
    let reg_index = site.program.regulations.iter().position(|r| std::ptr::eq(r, reg)).unwrap_or(0);
    for (i, scope) in reg.scopes.iter().enumerate() {
        if scope.citation == p.citation {
            let reads = site.scope_reads.get(reg_index).and_then(|s| s.get(i)).cloned().unwrap_or_default();
            body.push(page_rule::scope_block(site, reg, scope, &reads, lang, rule_level));
        }
    }
    for &index in &p.rules {
        if let Some(rule) = site.program.rules.get(index) {
            body.push(page_rule::rule_block(site, reg, index, rule, lang, rule_level));
        }
    }
    Block::Div {
        tag: Tag::Section,
        id: if is_article { None } else { Some(anchor::provision(place)) },
        class: Some(if is_article { "provision provision-article" } else { "provision" }),
        lang: None,
        body,
    }
}

/// Text the policy writes in English only (reasons, notes, sources): marked as English on a
/// Chinese page.
pub fn policy_text(text: &str, lang: Lang) -> Inline {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match lang {
        Lang::En => Inline::text(text),
        Lang::Zh => Inline::lang(Lang::En, text),
    }
}

/// The Chinese and the English text of a provision side by side.
fn parallel(p: &ProvisionInfo, lang: Lang) -> Block {
    let reconstructed = p.provenance.as_ref().is_some_and(|p| p.status == ProvenanceStatus::Reconstructed);
    parallel_texts(&p.text, reconstructed, lang)
}

/// The Chinese and the English text side by side, the Chinese marked if it is reconstructed.
fn parallel_texts(texts: &Bilingual, reconstructed: bool, lang: Lang) -> Block {
    let w = words(lang);
    let column = |text_lang: Lang| {
        let label = match text_lang {
            Lang::Zh if reconstructed => vec![
                Inline::text(w.chinese_text),
                Inline::text(" · "),
                Inline::class(
                    "reconstructed",
                    vec![Inline::text(words::provenance(ProvenanceStatus::Reconstructed, lang))],
                ),
            ],
            Lang::Zh => vec![Inline::text(w.chinese_text)],
            Lang::En => vec![
                Inline::text(w.english_text),
                Inline::text(" · "),
                Inline::class("unofficial", vec![Inline::text(w.unofficial_translation)]),
            ],
        };
        let text = match texts.get(text_lang) {
            Some(t) => Block::LawText { lang: text_lang, text: t.to_string() },
            None => Block::Para { class: Some("missing"), content: vec![Inline::text(w.no_text)] },
        };
        Block::Div {
            tag: Tag::Div,
            id: None,
            class: Some(if text_lang == Lang::Zh { "col col-zh" } else { "col col-en" }),
            lang: None,
            body: vec![Block::Para { class: Some("col-label"), content: label }, text],
        }
    };
    Block::div("parallel", vec![column(Lang::Zh), column(Lang::En)])
}

/// A provenance line; when it is the `inherited` one, only its status and whose it is.
fn provenance(prov: &ProvenanceInfo, inherited: Option<(&ProvenanceInfo, &str)>, lang: Lang) -> Block {
    let w = words(lang);
    let same =
        inherited.filter(|(i, _)| i.status == prov.status && i.note == prov.note && i.source == prov.source);
    let mut content = vec![
        Inline::text(format!("{}: ", w.provenance)),
        Inline::Badge(words::provenance_class(prov.status), words::provenance(prov.status, lang).to_string()),
    ];
    if let Some((_, whose)) = same {
        content.push(Inline::text(format!(" ({whose})")));
    } else {
        if let Some(note) = &prov.note {
            content.push(Inline::text(" "));
            content.push(policy_text(note, lang));
        }
        if let Some(source) = &prov.source {
            content.push(Inline::Break);
            content.push(Inline::class("source-label", vec![Inline::text(format!("{}: ", w.source))]));
            content.push(Inline::class("source", vec![policy_text(source, lang)]));
        }
    }
    let class = match prov.status {
        ProvenanceStatus::Reconstructed if same.is_none() => "provenance provenance-reconstructed",
        _ => "provenance",
    };
    Block::Para { class: Some(class), content }
}

/// Links to the previous and next articles.
fn pager(reg: &RegulationInfo, article: &ProvisionInfo, lang: Lang) -> Block {
    let w = words(lang);
    let position = reg.articles.iter().position(|a| a.number == article.number);
    let mut items = Vec::new();
    if let Some(prev) = position.and_then(|i| i.checked_sub(1)).and_then(|i| reg.articles.get(i)) {
        items.push(vec![Block::Para {
            class: Some("prev"),
            content: vec![Inline::link(
                PageId::Article(lang, reg.id.clone(), prev.number),
                None,
                vec![Inline::text(format!("← {}", article_name(prev, lang)))],
            )],
        }]);
    }
    if let Some(next) = position.and_then(|i| reg.articles.get(i + 1)) {
        items.push(vec![Block::Para {
            class: Some("next"),
            content: vec![Inline::link(
                PageId::Article(lang, reg.id.clone(), next.number),
                None,
                vec![Inline::text(format!("{} →", article_name(next, lang)))],
            )],
        }]);
    }
    Block::Div {
        tag: Tag::Nav,
        id: None,
        class: Some("pager"),
        lang: None,
        body: vec![
            Block::Para { class: Some("visually-hidden"), content: vec![Inline::text(w.pager)] },
            Block::List { class: None, items },
        ],
    }
}

//! The landing page: the regulations' titles and the notice in both languages, and the way
//! into each language's tree.

use super::anchor::PageId;
use super::model::{Block, Inline, Page, Tag};
use super::site::{notice, title, Site};
use super::words::words;
use crate::syntax::ast::Lang;

pub fn page(site: &Site<'_>) -> Page {
    let mut body = Vec::new();
    for reg in site.regulations() {
        let mut titles = Vec::new();
        for lang in [Lang::Zh, Lang::En] {
            if let Some(t) = reg.title.get(lang) {
                titles.push(Block::Div {
                    tag: Tag::Div,
                    id: None,
                    class: Some("landing-title"),
                    lang: Some(lang),
                    body: vec![Block::heading(
                        if lang == Lang::Zh { 1 } else { 2 },
                        None,
                        vec![Inline::text(t)],
                    )],
                });
            }
        }
        if titles.is_empty() {
            titles.push(Block::heading(1, None, vec![Inline::text(title(reg, Lang::En))]));
        }
        body.extend(titles);
    }
    let choices = [Lang::Zh, Lang::En]
        .into_iter()
        .map(|lang| {
            let w = words(lang);
            vec![Block::Div {
                tag: Tag::Div,
                id: None,
                class: Some("choice"),
                lang: Some(lang),
                body: vec![Block::Para {
                    class: Some("choice-link"),
                    content: vec![Inline::link(
                        PageId::Index(lang),
                        None,
                        vec![Inline::text(w.choose_language)],
                    )],
                }],
            }]
        })
        .collect();
    body.push(Block::List { class: Some("choices"), items: choices });
    for lang in [Lang::Zh, Lang::En] {
        body.push(Block::Div {
            tag: Tag::Div,
            id: None,
            class: None,
            lang: Some(lang),
            body: vec![notice(lang)],
        });
    }
    let titles: Vec<String> = site.regulations().map(|r| title(r, Lang::Zh)).collect();
    Page {
        id: PageId::Root,
        lang: None,
        title: titles.join(" · "),
        brand: (PageId::Root, "clause".to_string()),
        nav: Vec::new(),
        nav_label: "中文 / English".to_string(),
        switch: None,
        skip: "跳到正文 / Skip to main content".to_string(),
        body,
        footer: site.footer(Lang::En),
    }
}

//! The site: which pages exist, what every page shares (masthead, notice, footer), and the
//! pieces several pages use (the provisions of an article in order, links to rules and facts).

use super::anchor::{self, other, PageId, Place};
use super::examples::Examples;
use super::model::{Block, Inline, Page, Tag};
use super::reads::{self, FactRef};
use super::words::words;
use super::{html, markdown, page_article, page_facts, page_index, page_root};
use crate::check::program::{Program, ProvisionInfo, RegulationInfo, RuleDef};
use crate::syntax::ast::Lang;

/// Everything the pages are built from.
pub struct Site<'a> {
    pub program: &'a Program,
    pub examples: &'a Examples,
    /// The facts each rule reads, by rule index.
    pub rule_reads: Vec<Vec<FactRef>>,
    /// The facts each scope reads, by regulation and scope index.
    pub scope_reads: Vec<Vec<Vec<FactRef>>>,
    /// Every fact any rule or scope reads, once: to link the paths plain text names.
    pub all_reads: Vec<FactRef>,
    /// The regulations documented (`clause doc --regulation`), by index: all by default.
    shown: Vec<usize>,
}

pub const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

const STYLE: &str = include_str!("style.css");

impl<'a> Site<'a> {
    pub fn new(program: &'a Program, examples: &'a Examples) -> Site<'a> {
        let rule_reads: Vec<Vec<FactRef>> = program.rules.iter().map(|r| reads::rule(program, r)).collect();
        let scope_reads: Vec<Vec<Vec<FactRef>>> = program
            .regulations
            .iter()
            .map(|reg| reg.scopes.iter().map(|s| reads::scope(program, s)).collect())
            .collect();
        let mut all_reads: Vec<FactRef> =
            rule_reads.iter().chain(scope_reads.iter().flatten()).flatten().cloned().collect();
        all_reads.sort();
        all_reads.dedup();
        let shown = (0..program.regulations.len()).collect();
        Site { program, examples, rule_reads, scope_reads, all_reads, shown }
    }

    /// Only these regulations (indices into the program) get pages.
    pub fn showing(mut self, regulations: &[usize]) -> Site<'a> {
        self.shown = regulations.to_vec();
        self
    }

    /// The regulations documented, in the program's order.
    pub fn regulations(&self) -> impl Iterator<Item = &'a crate::check::program::RegulationInfo> + '_ {
        let program = self.program;
        self.shown.iter().filter_map(move |&i| program.regulations.get(i))
    }

    /// Every page, in a fixed order.
    pub fn pages(&self) -> Vec<Page> {
        let mut pages = vec![page_root::page(self)];
        for lang in LANGS {
            pages.push(page_index::page(self, lang));
            for reg in self.regulations() {
                for article in &reg.articles {
                    pages.push(page_article::article_page(self, reg, article, lang));
                }
                pages.push(page_article::full_page(self, reg, lang));
            }
            pages.push(page_facts::page(self, lang));
        }
        pages
    }

    /// The site's files: every page as HTML and as Markdown, and the stylesheet, by path.
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files = vec![("style.css".to_string(), STYLE.as_bytes().to_vec())];
        for page in self.pages() {
            files.push((html::path(&page.id), html::render(&page).into_bytes()));
            files.push((markdown::path(&page.id), markdown::render(&page).into_bytes()));
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    /// The site's name: the regulation's title when there is one regulation.
    pub fn brand(&self, lang: Lang) -> String {
        match self.regulations().collect::<Vec<_>>().as_slice() {
            [reg] => title(reg, lang),
            _ => match lang {
                Lang::En => "Rules documentation".to_string(),
                Lang::Zh => "规则文档".to_string(),
            },
        }
    }

    /// A page with the masthead, the notice and the footer every page has.
    pub fn page(&self, id: PageId, lang: Lang, title: String, content: Vec<Block>) -> Page {
        let w = words(lang);
        let mut nav = vec![(PageId::Index(lang), w.overview.to_string())];
        let shown: Vec<_> = self.regulations().collect();
        for reg in &shown {
            let label = if shown.len() == 1 {
                w.full_text.to_string()
            } else {
                format!("{} · {}", w.full_text, reg.id)
            };
            nav.push((PageId::Full(lang, reg.id.clone()), label));
        }
        nav.push((PageId::Facts(lang), w.facts_reference.to_string()));
        let switch = Some((id.in_lang(other(lang)), words(other(lang)).lang_name.to_string()));
        let mut body = vec![notice(lang)];
        body.extend(content);
        Page {
            id,
            lang: Some(lang),
            title: format!("{title} — {}", self.brand(lang)),
            brand: (PageId::Index(lang), self.brand(lang)),
            nav,
            nav_label: w.nav_label.to_string(),
            switch,
            skip: w.skip.to_string(),
            body,
            footer: self.footer(lang),
        }
    }

    pub fn footer(&self, lang: Lang) -> Vec<Block> {
        let w = words(lang);
        let packs: Vec<String> = self
            .regulations()
            .map(|r| match self.program.regulation_version(r) {
                Some(v) => format!("{} {} {v}", r.id, w.version),
                None => r.id.clone(),
            })
            .collect();
        let sep = if lang == Lang::En { " " } else { "" };
        vec![Block::Para {
            class: Some("generated"),
            content: vec![
                Inline::text(format!("{}{sep}{}. ", w.generated, packs.join(", "))),
                Inline::Strong(vec![Inline::text(w.notice_title)]),
            ],
        }]
    }

    /// Links to the facts reference for a list of facts.
    pub fn fact_links(&self, facts: &[FactRef], lang: Lang) -> Vec<Inline> {
        let mut out = Vec::new();
        for (i, f) in facts.iter().enumerate() {
            if i > 0 {
                out.push(Inline::Break);
            }
            out.push(Inline::link(PageId::Facts(lang), Some(f.anchor.clone()), vec![Inline::code(&f.path)]));
        }
        if out.is_empty() {
            out.push(Inline::text("—"));
        }
        out
    }

    /// A link to a rule's place on its article's page.
    pub fn rule_link(&self, rule: &RuleDef, lang: Lang, content: Vec<Inline>) -> Inline {
        let reg = self.program.regulations.get(rule.regulation).map_or("", |r| r.id.as_str());
        Inline::link(PageId::Article(lang, reg.to_string(), rule.article), Some(anchor::rule(rule)), content)
    }
}

/// The notice every page carries.
pub fn notice(lang: Lang) -> Block {
    let w = words(lang);
    Block::Div {
        tag: Tag::Aside,
        id: None,
        class: Some("notice"),
        lang: None,
        body: vec![Block::para(vec![
            Inline::Strong(vec![Inline::text(w.notice_title)]),
            Inline::text(" "),
            Inline::text(w.notice),
        ])],
    }
}

/// The regulation's title in a language, else in the other, else its id.
pub fn title(reg: &RegulationInfo, lang: Lang) -> String {
    reg.title.get(lang).or_else(|| reg.title.get(other(lang))).unwrap_or(&reg.id).to_string()
}

/// A citation without the regulation's id: `Art. 7(6)`, `第七条第（六）项`.
pub fn short_citation(reg: &str, citation: &crate::check::program::Citation, lang: Lang) -> String {
    let text = match lang {
        Lang::En => &citation.en,
        Lang::Zh => &citation.zh,
    };
    text.strip_prefix(reg).map(str::trim_start).unwrap_or(text).to_string()
}

/// An article and its paragraphs and items, in the order written, each with its place.
pub fn provisions(article: &ProvisionInfo) -> Vec<(Place, &ProvisionInfo)> {
    fn walk<'p>(p: &'p ProvisionInfo, place: Place, out: &mut Vec<(Place, &'p ProvisionInfo)>) {
        out.push((place, p));
        for child in &p.children {
            // The checker cites items with `项` and paragraphs with `款`: the level is in the
            // citation, which is built from the place.
            let child_place = if child.citation.zh.ends_with('项') {
                Place { item: Some(child.number), ..place }
            } else {
                Place { paragraph: Some(child.number), ..place }
            };
            walk(child, child_place, out);
        }
    }
    let mut out = Vec::new();
    walk(article, Place { article: article.number, paragraph: None, item: None }, &mut out);
    out
}

/// All rules of a provision and the provisions under it.
pub fn rule_count(p: &ProvisionInfo) -> usize {
    p.rules.len() + p.children.iter().map(rule_count).sum::<usize>()
}

/// The article whose provision states a scope.
pub fn scope_article(reg: &RegulationInfo, scope: &crate::check::program::Scope) -> Option<u32> {
    reg.articles
        .iter()
        .find(|a| provisions(a).iter().any(|(_, p)| p.citation == scope.citation))
        .map(|a| a.number)
}

//! Where things are on the site: page paths and anchors. This is a published scheme —
//! reports, e-mails and SARIF `helpUri`s link into it — so a change here breaks links.
//!
//! | thing | page (HTML; Markdown under `md/`, `.md`, `index` → `README`) | anchor |
//! |-------|------|--------|
//! | chapter 2 of a regulation with chapters | `en/<reg>/full.html` | `chapter-2` |
//! | article 7 of `cac-2016` | `en/cac-2016/art-7.html` (and `full.html`) | `art-7` |
//! | paragraph 2 of article 8 | same | `art-8-para-2` |
//! | item 6 of article 7 | same | `art-7-item-6` |
//! | item 1 of paragraph 1 of article 8 | same | `art-8-para-1-item-1` |
//! | rule `cac-2016/user-logs-kept-60-days` | its article's page | `rule-cac-2016-user-logs-kept-60-days` |
//! | fact `developer.logs.retention` | `en/facts.html` | `fact-developer-logs-retention` |
//! | field `kind` of record `licence` | `en/facts.html` | `record-licence-kind` |
//!
//! The Chinese tree is the same under `zh/`.

use crate::check::program::{Program, RuleDef};
use crate::syntax::ast::Lang;

/// A page of the site, in one of the two language trees.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageId {
    /// The bilingual landing page.
    Root,
    /// A language's front page: the regulations, their coverage, the contents.
    Index(Lang),
    /// One article of a regulation, by the regulation's id.
    Article(Lang, String, u32),
    /// A regulation's whole text and rules on one printable page.
    Full(Lang, String),
    /// The facts reference.
    Facts(Lang),
}

impl PageId {
    /// The path without extension, relative to the site's root: `en/cac-2016/art-7`.
    pub fn stem(&self) -> String {
        match self {
            PageId::Root => "index".into(),
            PageId::Index(lang) => format!("{}/index", dir(*lang)),
            PageId::Article(lang, reg, n) => format!("{}/{reg}/art-{n}", dir(*lang)),
            PageId::Full(lang, reg) => format!("{}/{reg}/full", dir(*lang)),
            PageId::Facts(lang) => format!("{}/facts", dir(*lang)),
        }
    }

    pub fn lang(&self) -> Option<Lang> {
        match self {
            PageId::Root => None,
            PageId::Index(l) | PageId::Article(l, ..) | PageId::Full(l, _) | PageId::Facts(l) => Some(*l),
        }
    }

    /// The same page in the other language's tree.
    pub fn in_lang(&self, lang: Lang) -> PageId {
        match self {
            PageId::Root => PageId::Root,
            PageId::Index(_) => PageId::Index(lang),
            PageId::Article(_, reg, n) => PageId::Article(lang, reg.clone(), *n),
            PageId::Full(_, reg) => PageId::Full(lang, reg.clone()),
            PageId::Facts(_) => PageId::Facts(lang),
        }
    }
}

/// A language's directory: `en`, `zh`.
pub fn dir(lang: Lang) -> &'static str {
    lang.code()
}

/// The value of an HTML `lang` attribute: `en`, `zh-Hans` (the texts are Simplified Chinese).
pub fn html_lang(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh-Hans",
    }
}

/// The other language.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Zh,
        Lang::Zh => Lang::En,
    }
}

/// Where a provision stands in its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Place {
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
}

/// `art-7`, `art-8-para-2`, `art-7-item-6`, `art-8-para-1-item-1`.
pub fn provision(place: Place) -> String {
    let mut id = format!("art-{}", place.article);
    if let Some(p) = place.paragraph {
        id.push_str(&format!("-para-{p}"));
    }
    if let Some(i) = place.item {
        id.push_str(&format!("-item-{i}"));
    }
    id
}

/// `chapter-2`: a chapter's section on its regulation's full page. Articles are numbered
/// through the regulation, so article anchors do not name their chapter.
pub fn chapter(number: u32) -> String {
    format!("chapter-{number}")
}

/// `rule-cac-2016-user-logs-kept-60-days`: the qualified id with `/` as `-`.
pub fn rule(rule: &RuleDef) -> String {
    format!("rule-{}", rule.qualified_id.replace('/', "-"))
}

/// The facts reference's anchor for a document's field path (`developer.logs.retention`,
/// `app.capabilities[].used`): dots become hyphens and `[]` is dropped. Field names are
/// identifiers, so the result is unique.
pub fn fact(path: &str) -> String {
    format!("fact-{}", fragment(path))
}

/// The anchor of a field (path) of a named record: `record-licence-kind`.
pub fn record_field(record: &str, path: &str) -> String {
    format!("record-{record}-{}", fragment(path))
}

/// A party's `scope` condition on the page of the article that states it: `scope-app-provider`.
pub fn scope(party: &str) -> String {
    format!("scope-{}", party.replace('_', "-"))
}

pub fn record(name: &str) -> String {
    format!("record-{name}")
}

pub fn document(name: &str) -> String {
    format!("document-{name}")
}

pub fn enumeration(name: &str) -> String {
    format!("enum-{name}")
}

fn fragment(path: &str) -> String {
    path.replace("[]", "").replace('.', "-")
}

/// The page and anchor where a rule is documented, relative to the site's root:
/// `en/cac-2016/art-7.html#rule-cac-2016-user-logs-kept-60-days`. For SARIF `helpUri`s and
/// reports, prefixed with the site's base URL.
pub fn rule_href(program: &Program, rule_def: &RuleDef, lang: Lang) -> String {
    let reg = program.regulations.get(rule_def.regulation).map_or("", |r| r.id.as_str());
    let page = PageId::Article(lang, reg.to_string(), rule_def.article);
    format!("{}.html#{}", page.stem(), rule(rule_def))
}

/// The relative path from one page's file to another file of the site: both in the same tree.
pub fn relative(from: &PageId, to: &str) -> String {
    relative_path(&from.stem(), to)
}

/// The shortest relative path from the file `from` to the file `to`, both given relative to
/// the same root: `en/cac-2016/art-7` → `en/facts.html` is `../facts.html`.
pub fn relative_path(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len().saturating_sub(1)];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts[..to_parts.len().saturating_sub(1)])
        .take_while(|(a, b)| a == b)
        .count();
    format!("{}{}", "../".repeat(from_dirs.len() - common), to_parts[common..].join("/"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn anchors_follow_the_published_scheme() {
        assert_eq!(provision(Place { article: 7, paragraph: None, item: None }), "art-7");
        assert_eq!(provision(Place { article: 7, paragraph: None, item: Some(6) }), "art-7-item-6");
        assert_eq!(provision(Place { article: 8, paragraph: Some(2), item: None }), "art-8-para-2");
        assert_eq!(provision(Place { article: 8, paragraph: Some(1), item: Some(1) }), "art-8-para-1-item-1");
        assert_eq!(chapter(2), "chapter-2");
        assert_eq!(fact("developer.logs.retention"), "fact-developer-logs-retention");
        assert_eq!(fact("app.capabilities[].used"), "fact-app-capabilities-used");
        assert_eq!(record_field("licence", "kind"), "record-licence-kind");
    }

    #[test]
    fn pages_and_relative_links() {
        let art = PageId::Article(Lang::Zh, "cac-2016".into(), 7);
        assert_eq!(art.stem(), "zh/cac-2016/art-7");
        assert_eq!(art.in_lang(Lang::En).stem(), "en/cac-2016/art-7");
        assert_eq!(relative(&art, "style.css"), "../../style.css");
        assert_eq!(relative(&PageId::Root, "en/index.html"), "en/index.html");
        assert_eq!(relative(&PageId::Facts(Lang::En), "en/facts.html"), "facts.html");
        assert_eq!(relative(&art, "zh/facts.html"), "../facts.html");
        assert_eq!(relative(&art, "en/cac-2016/art-8.html"), "../../en/cac-2016/art-8.html");
        assert_eq!(relative(&PageId::Index(Lang::En), "en/cac-2016/art-8.html"), "cac-2016/art-8.html");
    }
}

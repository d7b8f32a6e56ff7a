//! The pages as data: blocks and inlines that both writers ([`html`](super::html) and
//! [`markdown`](super::markdown)) render, so the HTML site and its Markdown variant say the
//! same things. Links name a page and an anchor, not a file, and each writer turns them into
//! relative paths of its own tree.

use super::anchor::PageId;
use crate::syntax::ast::Lang;

/// One page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    /// The language of the page's own words; `None` for the bilingual landing page.
    pub lang: Option<Lang>,
    /// The `<title>`.
    pub title: String,
    /// The site's name, linking to the language's front page.
    pub brand: (PageId, String),
    /// The navigation bar's links, in order (the current page is marked when written).
    pub nav: Vec<(PageId, String)>,
    /// The navigation's accessible name.
    pub nav_label: String,
    /// The same page in the other language, and the link's label in that language.
    pub switch: Option<(PageId, String)>,
    /// The skip link's label.
    pub skip: String,
    pub body: Vec<Block>,
    pub footer: Vec<Block>,
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the site, optionally at an anchor.
    Page(PageId, Option<String>),
    /// An address outside the site: only ever an `<a href>`, never loaded.
    External(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
    Em(Vec<Inline>),
    Link(Target, Vec<Inline>),
    /// Styled or other-language text: `<span class lang>`; plain content in Markdown.
    Span {
        class: Option<&'static str>,
        lang: Option<Lang>,
        content: Vec<Inline>,
    },
    /// A short label that stands out (a severity, a provenance status, an outcome count):
    /// a styled `<span>`; bold in Markdown.
    Badge(&'static str, String),
    /// A line break inside a paragraph or table cell.
    Break,
}

impl Inline {
    pub fn text(s: impl Into<String>) -> Inline {
        Inline::Text(s.into())
    }

    pub fn code(s: impl Into<String>) -> Inline {
        Inline::Code(s.into())
    }

    pub fn class(class: &'static str, content: Vec<Inline>) -> Inline {
        Inline::Span { class: Some(class), lang: None, content }
    }

    /// Text in another language than the page's.
    pub fn lang(lang: Lang, text: impl Into<String>) -> Inline {
        Inline::Span { class: None, lang: Some(lang), content: vec![Inline::text(text)] }
    }

    pub fn link(page: PageId, anchor: Option<String>, content: Vec<Inline>) -> Inline {
        Inline::Link(Target::Page(page, anchor), content)
    }
}

/// The element a [`Block::Div`] is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    Div,
    Section,
    Article,
    Aside,
    Nav,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: u8,
        id: Option<String>,
        content: Vec<Inline>,
    },
    Para {
        class: Option<&'static str>,
        content: Vec<Inline>,
    },
    List {
        class: Option<&'static str>,
        items: Vec<Vec<Block>>,
    },
    /// Terms and their descriptions.
    Terms(Vec<(Vec<Inline>, Vec<Inline>)>),
    Table(Table),
    Div {
        tag: Tag,
        id: Option<String>,
        class: Option<&'static str>,
        lang: Option<Lang>,
        body: Vec<Block>,
    },
    /// The law's wording, kept as written: paragraphs at blank lines, breaks at newlines.
    LawText {
        lang: Lang,
        text: String,
    },
    /// Source as written (a rule's conditions).
    Pre(String),
    /// Folded content: `<details>`; in Markdown, shown.
    Details {
        summary: Vec<Inline>,
        body: Vec<Block>,
    },
}

impl Block {
    pub fn para(content: Vec<Inline>) -> Block {
        Block::Para { class: None, content }
    }

    pub fn div(class: &'static str, body: Vec<Block>) -> Block {
        Block::Div { tag: Tag::Div, id: None, class: Some(class), lang: None, body }
    }

    pub fn heading(level: u8, id: Option<String>, content: Vec<Inline>) -> Block {
        Block::Heading { level, id, content }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub class: Option<&'static str>,
    pub caption: Option<Vec<Inline>>,
    pub head: Vec<Vec<Inline>>,
    pub groups: Vec<RowGroup>,
}

/// Rows under an optional group header (`<tbody>` with a header row spanning the table).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowGroup {
    pub header: Option<Vec<Inline>>,
    pub rows: Vec<Row>,
}

/// A row: its first cell is the row's header (`<th scope="row">`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub id: Option<String>,
    pub cells: Vec<Vec<Inline>>,
}

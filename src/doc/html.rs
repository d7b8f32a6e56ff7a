//! The HTML writer: a [`Page`] to a polyglot document (HTML5 that is also well-formed XML,
//! so tests can parse it with an XML parser). Every piece of text and every attribute value
//! goes through [`escape`]; nothing is loaded from outside the site: one local stylesheet, no
//! scripts, no images, no fonts to fetch.

use super::anchor::{self, relative, PageId};
use super::model::{Block, Inline, Page, Row, Table, Tag, Target};
use crate::syntax::ast::Lang;
use std::fmt::Write as _;

/// Escapes text for HTML content and for double- or single-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The path of a page's HTML file, relative to the site's root.
pub fn path(page: &PageId) -> String {
    format!("{}.html", page.stem())
}

struct Writer<'a> {
    page: &'a Page,
    out: String,
}

/// The whole document.
pub fn render(page: &Page) -> String {
    let mut w = Writer { page, out: String::with_capacity(32 * 1024) };
    w.document();
    w.out
}

fn lang_attr(lang: Option<Lang>) -> String {
    lang.map(|l| format!(" lang=\"{}\"", anchor::html_lang(l))).unwrap_or_default()
}

impl Writer<'_> {
    fn href(&self, target: &Target) -> String {
        match target {
            Target::External(url) => url.clone(),
            Target::Page(id, anchor) if *id == self.page.id => match anchor {
                Some(a) => format!("#{a}"),
                None => "#main".to_string(),
            },
            Target::Page(id, anchor) => {
                let file = relative(&self.page.id, &path(id));
                match anchor {
                    Some(a) => format!("{file}#{a}"),
                    None => file,
                }
            }
        }
    }

    fn document(&mut self) {
        let page = self.page;
        let lang = page.lang.map_or("en", anchor::html_lang);
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\" />\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n\
             <meta name=\"generator\" content=\"clause doc\" />\n<title>{}</title>\n\
             <link rel=\"stylesheet\" href=\"{}\" />\n",
            escape(&page.title),
            escape(&relative(&page.id, "style.css"))
        );
        if let Some(other) = &page.switch {
            if let Some(l) = other.0.lang() {
                let _ = writeln!(
                    self.out,
                    "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\" />",
                    anchor::html_lang(l),
                    escape(&relative(&page.id, &path(&other.0)))
                );
            }
        }
        self.out.push_str("</head>\n<body>\n");
        let _ = writeln!(self.out, "<a class=\"skip-link\" href=\"#main\">{}</a>", escape(&page.skip));
        self.masthead();
        self.out.push_str("<main id=\"main\" class=\"wrap\">\n");
        for block in &page.body {
            self.block(block);
        }
        self.out.push_str("</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n");
        for block in &page.footer {
            self.block(block);
        }
        self.out.push_str("</div>\n</footer>\n</body>\n</html>\n");
    }

    fn masthead(&mut self) {
        let page = self.page;
        self.out.push_str("<header class=\"masthead\">\n<div class=\"wrap\">\n");
        let _ = writeln!(
            self.out,
            "<p class=\"brand\"><a href=\"{}\">{}</a></p>",
            escape(&self.href(&Target::Page(page.brand.0.clone(), None))),
            escape(&page.brand.1)
        );
        if !page.nav.is_empty() || page.switch.is_some() {
            let _ = writeln!(self.out, "<nav aria-label=\"{}\">\n<ul>", escape(&page.nav_label));
            for (id, label) in &page.nav {
                let current = if *id == page.id { " aria-current=\"page\"" } else { "" };
                let _ = writeln!(
                    self.out,
                    "<li><a href=\"{}\"{current}>{}</a></li>",
                    escape(&self.href(&Target::Page(id.clone(), None))),
                    escape(label)
                );
            }
            if let Some((id, label)) = &page.switch {
                let lang = id.lang().map(anchor::html_lang).unwrap_or("en");
                let _ = writeln!(
                    self.out,
                    "<li class=\"lang-switch\"><a href=\"{}\" hreflang=\"{lang}\" lang=\"{lang}\">{}</a></li>",
                    escape(&self.href(&Target::Page(id.clone(), None))),
                    escape(label)
                );
            }
            self.out.push_str("</ul>\n</nav>\n");
        }
        self.out.push_str("</div>\n</header>\n");
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, id, content } => {
                let level = (*level).clamp(1, 6);
                let id = id.as_ref().map(|i| format!(" id=\"{}\"", escape(i))).unwrap_or_default();
                let _ = write!(self.out, "<h{level}{id}>");
                self.inlines(content);
                let _ = writeln!(self.out, "</h{level}>");
            }
            Block::Para { class, content } => {
                let _ = write!(self.out, "<p{}>", class_attr(*class));
                self.inlines(content);
                self.out.push_str("</p>\n");
            }
            Block::List { class, items } => {
                let _ = writeln!(self.out, "<ul{}>", class_attr(*class));
                for item in items {
                    self.out.push_str("<li>");
                    self.item(item);
                    self.out.push_str("</li>\n");
                }
                self.out.push_str("</ul>\n");
            }
            Block::Terms(terms) => {
                self.out.push_str("<dl>\n");
                for (term, description) in terms {
                    self.out.push_str("<dt>");
                    self.inlines(term);
                    self.out.push_str("</dt><dd>");
                    self.inlines(description);
                    self.out.push_str("</dd>\n");
                }
                self.out.push_str("</dl>\n");
            }
            Block::Table(table) => self.table(table),
            Block::Div { tag, id, class, lang, body } => {
                let name = match tag {
                    Tag::Div => "div",
                    Tag::Section => "section",
                    Tag::Article => "article",
                    Tag::Aside => "aside",
                    Tag::Nav => "nav",
                };
                let id = id.as_ref().map(|i| format!(" id=\"{}\"", escape(i))).unwrap_or_default();
                let _ = writeln!(self.out, "<{name}{id}{}{}>", class_attr(*class), lang_attr(*lang));
                for b in body {
                    self.block(b);
                }
                let _ = writeln!(self.out, "</{name}>");
            }
            Block::LawText { lang, text } => {
                let _ = writeln!(self.out, "<div class=\"law-text\"{}>", lang_attr(Some(*lang)));
                for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                    let lines: Vec<String> = paragraph.lines().map(|l| escape(l.trim())).collect();
                    let _ = writeln!(self.out, "<p>{}</p>", lines.join("<br />"));
                }
                self.out.push_str("</div>\n");
            }
            Block::Pre(text) => {
                let _ = writeln!(self.out, "<pre><code>{}</code></pre>", escape(text));
            }
            Block::Details { summary, body } => {
                self.out.push_str("<details>\n<summary>");
                self.inlines(summary);
                self.out.push_str("</summary>\n");
                for b in body {
                    self.block(b);
                }
                self.out.push_str("</details>\n");
            }
        }
    }

    /// A list item: a lone paragraph is written inline.
    fn item(&mut self, blocks: &[Block]) {
        match blocks {
            [Block::Para { class: None, content }] => self.inlines(content),
            [Block::Para { class: None, content }, rest @ ..] => {
                self.inlines(content);
                self.out.push('\n');
                for b in rest {
                    self.block(b);
                }
            }
            _ => {
                for b in blocks {
                    self.block(b);
                }
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let _ = writeln!(self.out, "<table{}>", class_attr(table.class));
        if let Some(caption) = &table.caption {
            self.out.push_str("<caption>");
            self.inlines(caption);
            self.out.push_str("</caption>\n");
        }
        let columns = table.head.len().max(1);
        if !table.head.is_empty() {
            self.out.push_str("<thead>\n<tr>");
            for cell in &table.head {
                self.out.push_str("<th scope=\"col\">");
                self.inlines(cell);
                self.out.push_str("</th>");
            }
            self.out.push_str("</tr>\n</thead>\n");
        }
        for group in &table.groups {
            self.out.push_str("<tbody>\n");
            if let Some(header) = &group.header {
                let _ = write!(self.out, "<tr class=\"group\"><th scope=\"rowgroup\" colspan=\"{columns}\">");
                self.inlines(header);
                self.out.push_str("</th></tr>\n");
            }
            for row in &group.rows {
                self.row(row);
            }
            self.out.push_str("</tbody>\n");
        }
        self.out.push_str("</table>\n");
    }

    fn row(&mut self, row: &Row) {
        let id = row.id.as_ref().map(|i| format!(" id=\"{}\"", escape(i))).unwrap_or_default();
        let _ = write!(self.out, "<tr{id}>");
        for (i, cell) in row.cells.iter().enumerate() {
            let (open, close) = if i == 0 { ("<th scope=\"row\">", "</th>") } else { ("<td>", "</td>") };
            self.out.push_str(open);
            self.inlines(cell);
            self.out.push_str(close);
        }
        self.out.push_str("</tr>\n");
    }

    fn inlines(&mut self, content: &[Inline]) {
        for inline in content {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => self.out.push_str(&escape(t)),
            Inline::Code(t) => {
                let _ = write!(self.out, "<code>{}</code>", escape(t));
            }
            Inline::Strong(c) => {
                self.out.push_str("<strong>");
                self.inlines(c);
                self.out.push_str("</strong>");
            }
            Inline::Em(c) => {
                self.out.push_str("<em>");
                self.inlines(c);
                self.out.push_str("</em>");
            }
            Inline::Link(target, content) => {
                let external = matches!(target, Target::External(_));
                let rel = if external { " rel=\"external noopener\"" } else { "" };
                let _ = write!(self.out, "<a href=\"{}\"{rel}>", escape(&self.href(target)));
                self.inlines(content);
                self.out.push_str("</a>");
            }
            Inline::Span { class, lang, content } => {
                let _ = write!(self.out, "<span{}{}>", class_attr(*class), lang_attr(*lang));
                self.inlines(content);
                self.out.push_str("</span>");
            }
            Inline::Badge(class, text) => {
                let _ = write!(self.out, "<span class=\"{}\">{}</span>", escape(class), escape(text));
            }
            Inline::Break => self.out.push_str("<br />"),
        }
    }
}

fn class_attr(class: Option<&str>) -> String {
    class.map(|c| format!(" class=\"{}\"", escape(c))).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(escape("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
        assert_eq!(escape(r#"say "hi" it's"#), "say &quot;hi&quot; it&#39;s");
        assert_eq!(escape("第七条　（六）记录"), "第七条　（六）记录");
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape(""), "");
    }
}

//! A regulation in chapters (章), compiled here rather than taken from a pack: what the checker
//! records (the chapters and their articles, citations that do not name a chapter, provenance
//! inherited from a chapter), and how the documentation site groups the articles under their
//! chapter headings, in HTML and Markdown, in both language trees.

use clause::check::Program;
use clause::source::SourceMap;
use clause::syntax::ast::ProvenanceStatus;
use std::collections::BTreeMap;

/// Two chapters, written out of order and split across two files, as a pack may be.
const POLICY: &[(&str, &str)] = &[
    (
        "schema.clause",
        r#"document app {
    doc "An app"
    package_id: string doc "The package id" source "test"
    accounts: boolean doc "Whether users can register" source "test"
}
subject app { id app.package_id doc "An app" }
"#,
    ),
    (
        "chapter-2.clause",
        r#"regulation apps-2022 {
    chapter 2 {
        heading.zh "应用程序提供者"
        heading.en "App providers"

        article 3 {
            text.zh """第三条　……"""
            item 1 {
                rule accounts {
                    title.en "Users can register"
                    severity error
                    applies to app_provider
                    require app.accounts
                }
            }
        }
    }
}
"#,
    ),
    (
        "chapter-1.clause",
        r#"regulation apps-2022 {
    title.zh "移动互联网应用程序信息服务管理规定"
    title.en "Provisions on the Management of Mobile Internet Application Information Services"
    in force from 2022-08-01
    party app_provider { subject app title.en "app provider" }

    chapter 1 {
        heading.zh "总则"
        heading.en "General provisions"
        text.zh """第一章　总则"""
        text.en """Chapter 1  General Provisions"""
        provenance verbatim source "the official text"

        article 1 {
            no checkable duty "States the purpose."
        }

        article 2 {
            provenance reconstructed "No verified text."
            no checkable duty "Definitions."
        }
    }
}
"#,
    ),
];

fn program() -> Program {
    let sources: Vec<(String, String)> = POLICY.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    match clause::compile(&mut SourceMap::new(), &sources) {
        Ok(checked) => checked.program,
        Err(e) => panic!("the policy does not compile: {e:#?}"),
    }
}

fn site() -> BTreeMap<String, String> {
    clause::doc::site(&program(), &[])
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"))))
        .collect()
}

// ───────────── the program ─────────────

#[test]
fn the_program_records_chapters_by_number_with_their_articles() {
    let program = program();
    let reg = &program.regulations[0];
    let chapters: Vec<(u32, Option<&str>, Vec<u32>)> =
        reg.chapters.iter().map(|c| (c.number, c.heading.en.as_deref(), c.articles.clone())).collect();
    assert_eq!(
        chapters,
        vec![(1, Some("General provisions"), vec![1, 2]), (2, Some("App providers"), vec![3])]
    );
    assert_eq!(reg.chapters[0].heading.zh.as_deref(), Some("总则"));
    assert_eq!(reg.chapters[0].text.zh.as_deref(), Some("第一章　总则"));
    // Every article is still in the regulation's flat list, by number.
    assert_eq!(reg.articles.iter().map(|a| a.number).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(reg.chapter_of(3).map(|c| c.number), Some(2));
    assert_eq!(reg.chapter_of(4).map(|c| c.number), None);
}

#[test]
fn citations_and_rule_ids_do_not_name_the_chapter() {
    let program = program();
    let rule = &program.rules[0];
    assert_eq!(rule.qualified_id, "apps-2022/accounts");
    assert_eq!(rule.citation.en, "apps-2022 Art. 3(1)");
    assert_eq!(rule.citation.zh, "apps-2022 第三条第（一）项");
    assert_eq!((rule.article, rule.paragraph, rule.item), (3, None, Some(1)));
}

#[test]
fn articles_inherit_their_chapters_provenance_unless_they_give_their_own() {
    let program = program();
    let reg = &program.regulations[0];
    let status = |n: u32| reg.articles.iter().find(|a| a.number == n).and_then(|a| a.provenance.as_ref());
    let first = status(1).unwrap_or_else(|| panic!("article 1 has no provenance"));
    assert_eq!(
        (first.status, first.source.as_deref()),
        (ProvenanceStatus::Verbatim, Some("the official text"))
    );
    assert_eq!(status(2).map(|p| p.status), Some(ProvenanceStatus::Reconstructed));
    // Chapter 2 gives none, so neither do its article nor its rule.
    assert!(status(3).is_none());
    assert_eq!(program.rules[0].provenance, None);
}

// ───────────── the site ─────────────

/// The ids of the `<article>` elements inside the element with id `section`, in order.
fn articles_in(html: &str, section: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse_with_options(
        html,
        roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() },
    )
    .unwrap_or_else(|e| panic!("not well-formed: {e}"));
    let node = doc
        .descendants()
        .find(|n| n.attribute("id") == Some(section))
        .unwrap_or_else(|| panic!("no element with id `{section}`"));
    node.descendants()
        .filter(|n| n.tag_name().name() == "article")
        .filter_map(|n| n.attribute("id").map(str::to_string))
        .collect()
}

/// `needles` occur in `text` in this order.
fn in_order(text: &str, needles: &[&str], what: &str) {
    let mut from = 0;
    for needle in needles {
        let at =
            text[from..].find(needle).unwrap_or_else(|| panic!("{what}: `{needle}` missing or out of order"));
        from += at + needle.len();
    }
}

#[test]
fn the_full_text_groups_articles_in_chapter_sections() {
    let site = site();
    for lang in ["en", "zh"] {
        let full = &site[&format!("{lang}/apps-2022/full.html")];
        assert_eq!(articles_in(full, "chapter-1"), vec!["art-1", "art-2"], "{lang}");
        assert_eq!(articles_in(full, "chapter-2"), vec!["art-3"], "{lang}");
        assert!(full.contains(r#"<section id="chapter-1" class="chapter">"#), "{lang}");
        // The chapter's line of law text, and its provenance, which its first article shares.
        assert!(full.contains("<p>第一章　总则</p>"), "{lang}");
    }
    let en = &site["en/apps-2022/full.html"];
    in_order(
        en,
        &[
            r#"<h2><span class="num">Chapter 1</span> <span class="heading-text">General provisions</span></h2>"#,
            r#"<span lang="zh-Hans">第一章 总则</span>"#,
            r#"<h3><span class="num">Article 1</span></h3>"#,
            "(as for the chapter)",
            r#"<h3><span class="num">Article 2</span></h3>"#,
            r#"<h2><span class="num">Chapter 2</span> <span class="heading-text">App providers</span></h2>"#,
            r#"<h3><span class="num">Article 3</span></h3>"#,
        ],
        "en/apps-2022/full.html",
    );
    let zh = &site["zh/apps-2022/full.html"];
    in_order(
        zh,
        &[
            r#"<span class="num">第一章</span> <span class="heading-text">总则</span>"#,
            r#"<span lang="en">Chapter 1 General provisions</span>"#,
            "(同本章)",
            r#"<span class="num">第二章</span> <span class="heading-text">应用程序提供者</span>"#,
            r#"<span class="num">第三条</span>"#,
        ],
        "zh/apps-2022/full.html",
    );
    in_order(
        &site["md/en/apps-2022/full.md"],
        &[
            r#"<a id="chapter-1"></a>"#,
            "## Chapter 1 General provisions",
            "### Article 1",
            "### Article 2",
            r#"<a id="chapter-2"></a>"#,
            "## Chapter 2 App providers",
            "### Article 3",
        ],
        "md/en/apps-2022/full.md",
    );
}

#[test]
fn the_index_lists_and_covers_articles_chapter_by_chapter() {
    let site = site();
    in_order(
        &site["en/index.html"],
        &[
            "2 chapters, 3 articles",
            r##"<h3><a href="apps-2022/full.html#chapter-1">Chapter 1 · General provisions</a></h3>"##,
            r#"<a href="apps-2022/art-1.html">Article 1</a>"#,
            r#"<a href="apps-2022/art-2.html">Article 2</a>"#,
            r##"<h3><a href="apps-2022/full.html#chapter-2">Chapter 2 · App providers</a></h3>"##,
            r#"<a href="apps-2022/art-3.html">Article 3</a>"#,
            // The coverage matrix: one table per chapter, under its heading.
            "<h3>Chapter 1 · General provisions</h3>",
            r##"<a href="apps-2022/art-2.html#art-2">Art. 2</a>"##,
            "</table>",
            "<h3>Chapter 2 · App providers</h3>",
            r##"<a href="apps-2022/art-3.html#rule-apps-2022-accounts">Users can register</a>"##,
        ],
        "en/index.html",
    );
    in_order(
        &site["zh/index.html"],
        &[
            "2章，3条",
            r##"<a href="apps-2022/full.html#chapter-1">第一章　总则</a>"##,
            r##"<a href="apps-2022/full.html#chapter-2">第二章　应用程序提供者</a>"##,
            "<h3>第一章　总则</h3>",
            "<h3>第二章　应用程序提供者</h3>",
        ],
        "zh/index.html",
    );
    in_order(
        &site["md/en/README.md"],
        &[
            "### [Chapter 1 · General provisions](apps-2022/full.md#chapter-1)",
            "- [Article 1](apps-2022/art-1.md)",
            "- [Article 2](apps-2022/art-2.md)",
            "### [Chapter 2 · App providers](apps-2022/full.md#chapter-2)",
            "- [Article 3](apps-2022/art-3.md)",
            "### Chapter 1 · General provisions",
            "| **[Article 1](apps-2022/art-1.md)** |",
            "### Chapter 2 · App providers",
            "| **[Article 3](apps-2022/art-3.md)** |",
        ],
        "md/en/README.md",
    );
}

#[test]
fn an_article_page_says_which_chapter_it_is_in() {
    let site = site();
    assert!(site["en/apps-2022/art-3.html"].contains(
        r##"<p><a href="../index.html">Overview</a> › <a href="full.html#chapter-2">Chapter 2 · App providers</a> › Article 3</p>"##
    ));
    assert!(site["zh/apps-2022/art-1.html"]
        .contains(r##"<a href="full.html#chapter-1">第一章　总则</a> › 第一条</p>"##));
    assert!(site["md/en/apps-2022/art-3.md"]
        .contains("[Chapter 2 · App providers](full.md#chapter-2) › Article 3"));
    // Standing alone, the article shows its inherited provenance in full.
    assert!(site["en/apps-2022/art-1.html"].contains(r#"<span class="source">the official text</span>"#));
}

#[test]
fn every_chapter_link_lands_on_its_section() {
    let site = site();
    let link = regex::Regex::new(r##"href="([^"#]*)#(chapter-\d+)""##).unwrap_or_else(|e| panic!("{e}"));
    let mut checked = 0;
    for (path, text) in site.iter().filter(|(p, _)| p.ends_with(".html")) {
        for c in link.captures_iter(text) {
            let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
            let target = format!("{dir}/{}", &c[1]);
            let page = site.get(&target).unwrap_or_else(|| panic!("{path}: no page {target}"));
            assert!(page.contains(&format!(r#"id="{}""#, &c[2])), "{path}: {target} has no `{}`", &c[2]);
            checked += 1;
        }
    }
    // Two chapters on each index and on the article pages, in both trees.
    assert!(checked >= 10, "only {checked} chapter links");
}

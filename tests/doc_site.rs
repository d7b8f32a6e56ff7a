//! `clause doc`: the committed site (`docs/site/`) is the bundled pack's site byte for byte
//! (`CLAUSE_BLESS=1` regenerates it), and the generated HTML has the structure the issue asks
//! for — every article, provision and rule at its anchor, every internal link resolving,
//! nothing loaded from outside, the two language trees mirroring each other, the notice on
//! every page — and is the same when generated twice. `--check` exits 0, 1 or 2 as documented.

use clause::check::program::{ProvisionInfo, RuleDef};
use clause::check::Program;
use clause::source::SourceMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

const REGENERATE: &str = "CLAUSE_BLESS=1 cargo test --test doc_site";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `clause doc ARGS` in the repository, where the bundled pack's test cases are.
fn clause_doc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clause"))
        .arg("doc")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"))
}

/// A fresh directory under cargo's temporary directory for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("doc_site").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn generate(name: &str) -> PathBuf {
    let dir = scratch(name);
    let out = clause_doc(&["--out", &dir.display().to_string()]);
    assert!(out.status.success(), "clause doc failed: {}", String::from_utf8_lossy(&out.stderr));
    dir
}

/// Every file under `dir`, by `/`-separated relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel: Vec<String> =
                    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                out.insert(rel.join("/"), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn bundled_program() -> Program {
    match clause::engine::Engine::bundled(&mut SourceMap::new()) {
        Ok(engine) => engine.into_loaded().checked.program,
        Err(e) => panic!("the bundled policy does not compile: {e:#?}"),
    }
}

// ───────────── the committed site ─────────────

#[test]
fn committed_site_is_up_to_date() {
    let site = root().join("docs/site");
    if std::env::var("CLAUSE_BLESS").is_ok_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&site);
        let out = clause_doc(&["--out", "docs/site"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        return;
    }
    let out = clause_doc(&["--check", "--out", "docs/site"]);
    assert!(
        out.status.success(),
        "docs/site is out of date with the bundled policy:\n{}\nRegenerate it with: {REGENERATE}",
        String::from_utf8_lossy(&out.stdout)
    );
}

// ───────────── parsing the pages ─────────────

/// What a test needs of one HTML page.
#[derive(Debug, Default)]
struct Html {
    lang: String,
    ids: BTreeSet<String>,
    /// `href` of `<a>` elements.
    links: Vec<String>,
    /// `href` of `<link>` elements, with their `rel`.
    heads: Vec<(String, String)>,
    /// Elements that would load something: `src`, `srcset`, `<script>`, `<img>`, `<iframe>`,
    /// `<object>`, `<embed>`, `style` attributes.
    loaders: Vec<String>,
    /// Elements with a `lang` attribute, by value.
    langs: BTreeSet<String>,
    has_notice: bool,
}

fn parse(name: &str, bytes: &[u8]) -> Html {
    let text = std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
    let mut page =
        Html { lang: doc.root_element().attribute("lang").unwrap_or("").to_string(), ..Html::default() };
    for node in doc.descendants().filter(|n| n.is_element()) {
        let tag = node.tag_name().name();
        if let Some(id) = node.attribute("id") {
            assert!(page.ids.insert(id.to_string()), "{name}: id `{id}` appears twice");
        }
        if let Some(lang) = node.attribute("lang") {
            page.langs.insert(lang.to_string());
        }
        match tag {
            "a" => page
                .links
                .push(node.attribute("href").unwrap_or_else(|| panic!("{name}: <a> without href")).into()),
            "link" => page.heads.push((
                node.attribute("rel").unwrap_or("").to_string(),
                node.attribute("href").unwrap_or("").to_string(),
            )),
            "script" | "img" | "iframe" | "object" | "embed" | "video" | "audio" | "source" | "style" => {
                page.loaders.push(tag.to_string())
            }
            _ => {}
        }
        for attr in ["src", "srcset", "style", "background", "poster", "data"] {
            if node.attribute(attr).is_some() {
                page.loaders.push(format!("{tag} {attr}"));
            }
        }
        if node.attribute("class").is_some_and(|c| c.split(' ').any(|c| c == "notice")) {
            page.has_notice = true;
        }
    }
    page
}

/// Resolves a relative `href` from a page's path: the target file and anchor.
fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (file, anchor) = match href.split_once('#') {
        Some((f, a)) => (f, Some(a.to_string())),
        None => (href, None),
    };
    if file.is_empty() {
        return (from.to_string(), anchor);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in file.split('/') {
        match segment {
            ".." => {
                assert!(parts.pop().is_some(), "{from}: `{href}` leaves the site");
            }
            "." => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), anchor)
}

struct Site {
    files: BTreeMap<String, Vec<u8>>,
    pages: BTreeMap<String, Html>,
}

/// The site, generated and parsed once for all the structure tests.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = generate("structure");
        let files = files(&dir);
        let pages = files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| (p.clone(), parse(p, b)))
            .collect();
        Site { files, pages }
    })
}

fn provisions(p: &ProvisionInfo, place: (u32, Option<u32>, Option<u32>), out: &mut Vec<String>) {
    let (a, para, item) = place;
    let mut id = format!("art-{a}");
    if let Some(n) = para {
        id.push_str(&format!("-para-{n}"));
    }
    if let Some(n) = item {
        id.push_str(&format!("-item-{n}"));
    }
    out.push(id);
    for child in &p.children {
        let place = if child.citation.zh.ends_with('项') {
            (a, para, Some(child.number))
        } else {
            (a, Some(child.number), None)
        };
        provisions(child, place, out);
    }
}

fn rule_anchor(rule: &RuleDef) -> String {
    format!("rule-{}", rule.qualified_id.replace('/', "-"))
}

// ───────────── structure ─────────────

#[test]
fn every_article_provision_and_rule_is_at_its_anchor() {
    let program = bundled_program();
    let site = site();
    for lang in ["en", "zh"] {
        for reg in &program.regulations {
            let full = &site.pages[&format!("{lang}/{}/full.html", reg.id)];
            for article in &reg.articles {
                let page_name = format!("{lang}/{}/art-{}.html", reg.id, article.number);
                let page = site.pages.get(&page_name).unwrap_or_else(|| panic!("{page_name} is missing"));
                let mut ids = Vec::new();
                provisions(article, (article.number, None, None), &mut ids);
                let mut rules = Vec::new();
                collect_rules(article, &mut rules);
                for rule in rules.iter().filter_map(|&i| program.rules.get(i)) {
                    ids.push(rule_anchor(rule));
                }
                for id in &ids {
                    assert!(page.ids.contains(id), "{page_name} has no element with id `{id}`");
                    assert!(
                        full.ids.contains(id),
                        "{lang}/{}/full.html has no element with id `{id}`",
                        reg.id
                    );
                }
            }
        }
    }
    // Every rule of the program, and the coverage matrix links each.
    let en = &site.pages["en/index.html"];
    for rule in &program.rules {
        let target = format!("cac-2016/art-{}.html#{}", rule.article, rule_anchor(rule));
        assert!(en.links.contains(&target), "the coverage matrix does not link {}", rule.qualified_id);
    }
}

fn collect_rules(p: &ProvisionInfo, out: &mut Vec<usize>) {
    out.extend(&p.rules);
    for c in &p.children {
        collect_rules(c, out);
    }
}

#[test]
fn every_internal_link_resolves() {
    let site = site();
    let mut checked = 0;
    for (name, page) in &site.pages {
        let hrefs = page.links.iter().chain(page.heads.iter().map(|(_, h)| h));
        for href in hrefs {
            if href.starts_with("https://") || href.starts_with("http://") {
                continue;
            }
            assert!(!href.contains(':'), "{name}: link `{href}` has a scheme");
            let (file, anchor) = resolve(name, href);
            assert!(
                site.files.contains_key(&file),
                "{name}: `{href}` points at `{file}`, which is not in the site"
            );
            if let Some(anchor) = anchor {
                let target = site
                    .pages
                    .get(&file)
                    .unwrap_or_else(|| panic!("{name}: `{href}` has an anchor into {file}"));
                assert!(target.ids.contains(&anchor), "{name}: `{href}`: {file} has no id `{anchor}`");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    // The Markdown variant's links resolve too (anchors are `<a id>` tags).
    let link = regex::Regex::new(r"\]\(([^)\s]+)\)").unwrap_or_else(|e| panic!("{e}"));
    let anchor_tag = regex::Regex::new(r#"<a id="([^"]+)"></a>"#).unwrap_or_else(|e| panic!("{e}"));
    let md: BTreeMap<&String, String> = site
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .map(|(p, b)| (p, String::from_utf8_lossy(b).into_owned()))
        .collect();
    let md_ids: BTreeMap<&str, BTreeSet<&str>> = md
        .iter()
        .map(|(p, text)| {
            (
                p.as_str(),
                anchor_tag.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect(),
            )
        })
        .collect();
    for (name, text) in &md {
        for c in link.captures_iter(text) {
            let href = &c[1];
            if href.starts_with("https://") || href.starts_with("http://") {
                continue;
            }
            let (file, anchor) = resolve(name, href);
            assert!(
                site.files.contains_key(&file),
                "{name}: `{href}` points at `{file}`, which is not in the site"
            );
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let ids = &md_ids[file.as_str()];
                assert!(ids.contains(anchor.as_str()), "{name}: `{href}`: {file} has no anchor `{anchor}`");
            }
        }
    }
}

#[test]
fn nothing_is_loaded_from_outside() {
    let site = site();
    for (name, page) in &site.pages {
        assert!(page.loaders.is_empty(), "{name} loads something: {:?}", page.loaders);
        for (rel, href) in &page.heads {
            assert!(!href.contains("://") && !href.starts_with("//"), "{name}: <link rel={rel}> to `{href}`");
            assert!(rel == "stylesheet" || rel == "alternate", "{name}: <link rel={rel}>");
        }
    }
    let css = String::from_utf8_lossy(&site.files["style.css"]);
    assert!(!css.contains("url("), "the stylesheet loads something with url()");
    assert!(!css.contains("@import"), "the stylesheet imports something");
    assert!(!css.contains("@font-face"), "the stylesheet loads fonts");
}

#[test]
fn the_two_trees_mirror_each_other() {
    let site = site();
    let tree = |lang: &str| -> BTreeSet<String> {
        site.files.keys().filter_map(|p| p.strip_prefix(&format!("{lang}/"))).map(str::to_string).collect()
    };
    assert_eq!(tree("en"), tree("zh"), "the English and Chinese trees hold different pages");
    let md_tree = |lang: &str| -> BTreeSet<String> {
        site.files.keys().filter_map(|p| p.strip_prefix(&format!("md/{lang}/"))).map(str::to_string).collect()
    };
    assert_eq!(md_tree("en"), md_tree("zh"));
    for page in tree("en").iter().filter(|p| p.ends_with(".html")) {
        let en = &site.pages[&format!("en/{page}")];
        let zh = &site.pages[&format!("zh/{page}")];
        assert_eq!(en.ids, zh.ids, "en/{page} and zh/{page} have different anchors");
        assert_eq!(en.lang, "en", "en/{page}");
        assert_eq!(zh.lang, "zh-Hans", "zh/{page}");
        let depth = page.matches('/').count() + 1;
        let up = "../".repeat(depth);
        let alternate = |p: &Html| p.heads.iter().find(|(r, _)| r == "alternate").map(|(_, h)| h.clone());
        assert_eq!(alternate(en), Some(format!("{up}zh/{page}")), "en/{page} does not link its Chinese page");
        assert_eq!(alternate(zh), Some(format!("{up}en/{page}")), "zh/{page} does not link its English page");
        assert!(en.links.contains(&format!("{up}zh/{page}")), "en/{page} has no visible link to zh/{page}");
        assert!(zh.links.contains(&format!("{up}en/{page}")), "zh/{page} has no visible link to en/{page}");
    }
}

#[test]
fn every_page_is_labelled_and_carries_the_notice() {
    let site = site();
    for (name, page) in &site.pages {
        assert!(page.has_notice, "{name} has no not-legal-advice notice");
        assert!(page.ids.contains("main"), "{name} has no main landmark to skip to");
        assert!(page.links.iter().any(|l| l == "#main"), "{name} has no skip link");
        assert!(!page.lang.is_empty(), "{name} has no lang");
    }
    // Article pages mark the other language's text.
    let art7 = &site.pages["en/cac-2016/art-7.html"];
    assert!(art7.langs.contains("zh-Hans"), "the English page of Art. 7 does not mark its Chinese text");
    let art7 = &site.pages["zh/cac-2016/art-7.html"];
    assert!(art7.langs.contains("en"), "the Chinese page of Art. 7 does not mark its English text");
    let text = String::from_utf8_lossy(&site.files["en/cac-2016/art-8.html"]);
    assert!(text.contains("Unofficial translation"), "the English text is not marked as unofficial");
    assert!(text.contains("Reconstructed"), "Art. 8's provenance is not shown");
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let a = files(&generate("twice-a"));
    let b = files(&generate("twice-b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs between two runs");
    }
}

// ───────────── --check ─────────────

#[test]
fn check_lists_what_differs_and_exits_one() {
    let dir = generate("check");
    let out_arg = dir.display().to_string();
    let ok = clause_doc(&["--check", "--out", &out_arg]);
    assert_eq!(ok.status.code(), Some(0), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(ok.stdout.is_empty());

    std::fs::write(dir.join("en/facts.html"), "stale").unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_file(dir.join("zh/index.html")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("en/old.html"), "left over").unwrap_or_else(|e| panic!("{e}"));
    let stale = clause_doc(&["--check", "--out", &out_arg]);
    assert_eq!(stale.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&stale.stdout);
    assert_eq!(stdout, "differs: en/facts.html\nmissing: zh/index.html\nextra: en/old.html\n");

    // Writing again repairs what differs and is missing, and leaves the stranger alone.
    let write = clause_doc(&["--out", &out_arg]);
    assert!(write.status.success());
    assert!(String::from_utf8_lossy(&write.stderr).contains("en/old.html"));
    let after = clause_doc(&["--check", "--out", &out_arg]);
    assert_eq!(String::from_utf8_lossy(&after.stdout), "extra: en/old.html\n");
}

#[test]
fn an_invalid_policy_exits_two() {
    let dir = scratch("invalid");
    std::fs::write(dir.join("bad.clause"), "regulation x {").unwrap_or_else(|e| panic!("{e}"));
    let policy = dir.join("bad.clause").display().to_string();
    let out_dir = dir.join("site").display().to_string();
    for check in [false, true] {
        let mut args = vec!["--policy", policy.as_str(), "--out", out_dir.as_str()];
        if check {
            args.push("--check");
        }
        let out = clause_doc(&args);
        assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(!dir.join("site").exists(), "nothing is written for an invalid policy");
}

// ───────────── what the pages say ─────────────

#[test]
fn facts_read_follow_predicates_and_variables() {
    let program = bundled_program();
    let reads = |id: &str| -> Vec<(String, String)> {
        let rule = program.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no rule {id}"));
        clause::doc::reads::shown(&clause::doc::reads::rule(&program, rule))
            .into_iter()
            .map(|f| (f.path, f.anchor))
            .collect()
    };
    // Through the `for each` variable and the predicate it is passed to.
    let named = reads("no-named-sensitive-function-without-notice-and-consent");
    for field in ["used", "capability", "notice_shown", "consent_obtained", "enabled_by_default"] {
        let path = format!("app.capabilities[].{field}");
        assert!(named.iter().any(|(p, _)| *p == path), "{path} missing from {named:?}");
    }
    // Fields of a named record link to the record's table.
    let licences = reads("required-licences-held");
    assert!(
        licences.contains(&("developer.licences[].kind".to_string(), "record-licence-kind".to_string())),
        "{licences:?}"
    );
    assert_eq!(
        reads("user-logs-kept-60-days"),
        vec![
            ("developer.logs.recorded".to_string(), "fact-developer-logs-recorded".to_string()),
            ("developer.logs.retention".to_string(), "fact-developer-logs-retention".to_string()),
        ]
    );
}

#[test]
fn worked_examples_show_the_deciding_facts() {
    let site = site();
    let text = String::from_utf8_lossy(&site.files["en/cac-2016/art-7.html"]);
    let start =
        text.find(r#"id="rule-cac-2016-user-logs-kept-60-days""#).unwrap_or_else(|| panic!("no rule"));
    let rule = &text[start..start + text[start..].find("</section>").unwrap_or(0)];
    assert!(rule.contains("✓"), "no passing example");
    assert!(rule.contains("✗"), "no failing example");
    assert!(rule.contains("<code>developer.logs.retention</code></th><td>59 days</td>"), "{rule}");
    assert!(rule.contains("the Provisions require sixty days"), "the failing example shows no finding");
    let zh = String::from_utf8_lossy(&site.files["zh/cac-2016/art-7.html"]);
    assert!(zh.contains("<td>五十九日</td>"), "durations are not written in Chinese on the Chinese page");
}

/// The links reports make (`clause check --doc-url`: SARIF `helpUri`, the text report's
/// `docs:` line) land on each rule's heading, in both page trees.
#[test]
fn report_links_to_rules_resolve() {
    let program = bundled_program();
    let site = site();
    for rule in &program.rules {
        for lang in [clause::syntax::ast::Lang::En, clause::syntax::ast::Lang::Zh] {
            let href = clause::doc::anchor::rule_href(&program, rule, lang);
            let (file, anchor) = href.split_once('#').unwrap_or_else(|| panic!("{href} has no anchor"));
            let page = site.pages.get(file).unwrap_or_else(|| panic!("{href}: no page {file}"));
            assert!(page.ids.contains(anchor), "{href}: {file} has no id `{anchor}`");
        }
    }
    let policy = clause::report::PolicyInfo {
        doc_url: Some("https://compliance.example.com/clause/".into()),
        ..clause::report::PolicyInfo::new("bundled", "")
    };
    let first = &program.rules[0];
    let url = policy.rule_doc_url(&program, first).unwrap_or_default();
    assert!(url.starts_with("https://compliance.example.com/clause/en/"), "{url}");
    assert!(!url.contains("clause//"), "{url}");
}

/// The Chinese facts reference shows the schema's Chinese, and English where the policy has
/// no Chinese, marked as English and as the only text there is; enum values show their labels.
#[test]
fn the_chinese_facts_reference_shows_the_schemas_chinese_and_marks_english_only_prose() {
    let policy = r#"
document app {
    doc "An app" doc.zh "应用"
    package_id: string doc "The package id" doc.zh "包名" source "The manifest"
    kind: kind doc "The kind of service"
}
enum kind {
    doc "Kinds" doc.zh "类别"
    news "News service" label.zh "新闻" doc.zh "新闻服务"
    other "Anything else"
}
subject app { id app.package_id }
regulation t {
    title.en "T" title.zh "测试"
    in force from 2017-01-01
    party provider { subject app }
    article 1 {
        text.zh """第一条"""
        text.en """Article 1"""
        rule r { severity error applies to provider require app.kind == "news" }
    }
}
"#;
    let checked = clause::compile(&mut SourceMap::new(), &[("t.clause".to_string(), policy.to_string())])
        .unwrap_or_else(|e| panic!("{e:#?}"));
    let files: BTreeMap<String, Vec<u8>> = clause::doc::site(&checked.program, &[]).into_iter().collect();
    let zh = String::from_utf8_lossy(&files["zh/facts.html"]);
    for chinese in ["应用", "包名", "类别", "新闻服务", r#"<th scope="col">中文标签</th>"#, "<td>新闻</td>"]
    {
        assert!(zh.contains(chinese), "no {chinese} on the Chinese facts page");
    }
    let marked = |english: &str| {
        format!(r#"<span lang="en">{english}</span><span class="english-only">（仅有英文）</span>"#)
    };
    for english in ["The manifest", "The kind of service", "Anything else"] {
        assert!(zh.contains(&marked(english)), "{english} is not marked English-only:\n{zh}");
    }
    assert!(!zh.contains("The package id"), "the Chinese page shows English where Chinese is given");
    let en = String::from_utf8_lossy(&files["en/facts.html"]);
    assert!(en.contains("The package id") && !en.contains("仅有英文"), "the English page changed");
    assert!(
        en.contains(r#"<td><span lang="zh-Hans">新闻</span></td>"#),
        "the English page lacks the Chinese label"
    );
}

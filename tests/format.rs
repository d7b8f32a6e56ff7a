//! The formatter (`clause::format`): reviewed snapshots of messy inputs, and properties over
//! every policy file in the repository and over generated variants of them: formatting is
//! idempotent, keeps every comment and every literal byte for byte, and never changes the
//! parsed program; the bundled pack is already formatted and checks to the same verdicts.

mod common;

use clause::facts::{self, Format, LoadOptions};
use clause::format::format_source;
use clause::source::{FileId, SourceMap};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn format(text: &str) -> String {
    format_source(FileId(0), text).unwrap_or_else(|d| panic!("does not parse: {d:?}\n{text}"))
}

// ───────────── snapshots ─────────────

#[test]
fn snapshots() {
    insta::glob!("format/*.clause", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let once = format(&text);
        assert_eq!(format(&once), once, "not idempotent: {}", path.display());
        check_preserved(&text, &once, &path.display().to_string());
        insta::assert_snapshot!(format!("{text}\n=====\n{once}"));
    });
}

#[test]
fn a_file_that_does_not_parse_gives_its_syntax_errors() {
    let errors = format_source(FileId(0), "regulation t {\n  in force from 2016-08-01\n").err();
    assert!(errors.is_some_and(|d| !d.is_empty() && d.iter().all(|d| d.code.starts_with("E01"))));
}

// ───────────── what formatting must preserve ─────────────

/// The AST's `Debug` with every span blanked: equal iff the parse is the same but for positions.
fn without_spans(debug: String) -> String {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let re = SPAN.get_or_init(|| {
        Regex::new(r"Span \{ file: FileId\(\d+\), start: \d+, end: \d+ \}").unwrap_or_else(|e| panic!("{e}"))
    });
    re.replace_all(&debug, "Span").into_owned()
}

/// The literals of a text, by a scanner that knows the two string forms and comments:
/// (comments, raw texts, one-line strings), each sorted.
fn literals(text: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut comments, mut raws, mut strings) = (Vec::new(), Vec::new(), Vec::new());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\"\"\"") {
            let end = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |e| i + 3 + e + 3);
            raws.push(text[i..end].to_string());
            i = end;
        } else if bytes[i] == b'"' {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i = (i + 1).min(bytes.len());
            strings.push(text[start..i].to_string());
        } else if bytes[i..].starts_with(b"//") {
            let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            comments.push(text[i..end].trim_end().to_string());
            i = end;
        } else {
            i += 1;
        }
    }
    comments.sort();
    raws.sort();
    strings.sort();
    (comments, raws, strings)
}

/// Formatting `before` gave `after`: same comments, same literals, same program but for spans.
fn check_preserved(before: &str, after: &str, what: &str) {
    let (c1, r1, s1) = literals(before);
    let (c2, r2, s2) = literals(after);
    assert_eq!(c1, c2, "comments changed: {what}");
    assert_eq!(r1, r2, "raw texts changed: {what}");
    assert_eq!(s1, s2, "strings changed: {what}");
    let parse = |t: &str| clause::syntax::parse(FileId(0), t).unwrap_or_else(|d| panic!("{what}: {d:?}"));
    let (a, b) = (parse(before), parse(after));
    let (a, b) = (without_spans(format!("{:?}", a.items)), without_spans(format!("{:?}", b.items)));
    assert!(a == b, "the parsed program changed: {what}\n--- formatted:\n{after}");
}

/// Formats `text` twice and checks everything that must hold.
fn check_file(text: &str, what: &str) {
    let once = format(text);
    let twice = format(&once);
    assert!(twice == once, "not idempotent: {what}\n--- once:\n{once}\n--- twice:\n{twice}");
    check_preserved(text, &once, what);
    for (n, line) in once.lines().enumerate() {
        assert_eq!(line, line.trim_end(), "{what}: trailing whitespace on line {}", n + 1);
    }
}

/// Every `.clause` file in the repository that parses (error cases are skipped).
fn repository_policies() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().to_string();
            if p.is_dir() && !name.starts_with('.') && name != "target" {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "clause") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new("."), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            clause::syntax::parse(FileId(0), &text).ok()?;
            Some((p, text))
        })
        .collect()
}

#[test]
fn every_policy_in_the_repository_formats_safely() {
    let files = repository_policies();
    assert!(files.len() >= 15, "found only {} policy files", files.len());
    assert!(files.iter().any(|(p, _)| p.ends_with("policies/cac-2016/articles-07-11.clause")));
    for (path, text) in &files {
        check_file(text, &path.display().to_string());
    }
}

// ───────────── generated variants ─────────────

/// SplitMix64: a small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The text with the whitespace between tokens changed at random; `wild`: line breaks added
/// and removed and comments added there, else only spaces, tabs and indentation changed.
/// Only whitespace outside literals and comments is touched; a duration's `60 days` and the
/// operators `is present`, `not in` keep a plain gap, since the grammar wants one there.
fn perturb(text: &str, rng: &mut Rng, seed: u64, wild: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() * 2);
    let mut i = 0;
    let mut after_comment = false;
    let mut added = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if bytes[i..].starts_with(b"\"\"\"") || b == b'"' || bytes[i..].starts_with(b"//") {
            let end = if bytes[i..].starts_with(b"\"\"\"") {
                text[i + 3..].find("\"\"\"").map_or(bytes.len(), |e| i + 3 + e + 3)
            } else if b == b'"' {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' && bytes[j] != b'\n' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                (j + 1).min(bytes.len())
            } else {
                text[i..].find('\n').map_or(bytes.len(), |n| i + n)
            };
            after_comment = bytes[i..].starts_with(b"//");
            out.push_str(&text[i..end]);
            i = end;
        } else if b.is_ascii_whitespace() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let before = &text[..start];
            let word: String =
                before.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let plain = before.ends_with(|c: char| c.is_ascii_digit()) || word == "si" || word == "ton";
            let mut gap = String::new();
            if after_comment && wild {
                gap.push('\n');
            }
            let newlines = text[start..i].matches('\n').count().min(2);
            let choice = if plain { rng.below(3) } else { rng.below(9) };
            if !wild {
                // Only the layout changes: the same number of line breaks (none, one, a blank
                // line), with other whitespace around them.
                let pad = ["", " ", "\t", "   "];
                gap.push_str(pad[rng.below(4)]);
                gap.push_str(&"\n".repeat(newlines));
                gap.push_str(pad[rng.below(4)]);
                if gap.is_empty() {
                    gap.push(' ');
                }
            } else {
                match choice {
                    0 => gap.push(' '),
                    1 => gap.push_str("  \t"),
                    2 if plain => gap.push(' '),
                    2 => gap.push('\n'),
                    3 => gap.push_str("\n\n\n        "),
                    4 => gap.push_str("\n  \t"),
                    5 | 6 => {
                        added += 1;
                        gap.push_str(&format!(" // added {seed}-{added}\n"));
                    }
                    7 => {
                        added += 1;
                        gap.push_str(&format!("\n\n// added {seed}-{added}\n\n"));
                    }
                    _ => gap.push_str(&text[start..i]),
                }
            }
            if i >= bytes.len() && !gap.ends_with('\n') {
                gap.push('\n');
            }
            out.push_str(&gap);
            after_comment = false;
        } else {
            out.push(b as char);
            // Multi-byte characters outside literals (none in a file that parses) are copied whole.
            if !b.is_ascii() {
                out.pop();
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
                continue;
            }
            after_comment = false;
            i += 1;
        }
    }
    out
}

#[test]
fn generated_variants_of_every_policy_format_safely() {
    let rounds: u64 = std::env::var("CLAUSE_FMT_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(6);
    for (n, (path, text)) in repository_policies().iter().enumerate() {
        for round in 0..rounds {
            let seed = (n as u64) << 16 | round;
            let variant = perturb(text, &mut Rng(seed), seed, true);
            let what = format!("{} (variant seed {seed})", path.display());
            if let Err(d) = clause::syntax::parse(FileId(0), &variant) {
                panic!("the generated variant does not parse: {what}: {d:?}\n{variant}");
            }
            check_file(&variant, &what);
            // With the same line breaks, a variant formats exactly as the original does.
            let relaid = perturb(text, &mut Rng(seed), seed, false);
            assert_eq!(format(&relaid), format(text), "{what}, layout only");
        }
    }
}

// ───────────── the bundled pack ─────────────

#[test]
fn the_bundled_pack_is_formatted() {
    for (name, text) in common::bundled_policy() {
        let formatted = format(&text);
        assert!(formatted == text, "{name} is not formatted; `clause fmt` it\n--- formatted:\n{formatted}");
    }
}

/// The pack checks to the same program and gives the same verdicts on every example, before
/// and after formatting (the pack is formatted already, so the layout is scrambled first).
#[test]
fn formatting_the_pack_keeps_its_program_and_verdicts() {
    let original = common::bundled_policy();
    let scrambled: Vec<(String, String)> = original
        .iter()
        .enumerate()
        .map(|(i, (name, text))| (name.clone(), perturb(text, &mut Rng(7 + i as u64), 7 + i as u64, true)))
        .collect();
    let formatted: Vec<(String, String)> =
        scrambled.iter().map(|(name, text)| (name.clone(), format(text))).collect();
    let run = |files: &[(String, String)]| -> (String, Vec<String>) {
        let mut sources = SourceMap::new();
        let checked = clause::compile(&mut sources, files).unwrap_or_else(|d| panic!("{d:?}"));
        let program = &checked.program;
        let mut verdicts = Vec::new();
        let mut examples: Vec<PathBuf> = std::fs::read_dir("examples")
            .map(|rd| {
                rd.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                    .collect()
            })
            .unwrap_or_default();
        examples.sort();
        assert!(!examples.is_empty());
        for path in examples {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let id = sources.add(path.display().to_string(), text.clone());
            let parsed = facts::parse(&program.schema, id, &text, Format::Yaml, &LoadOptions::default());
            let Some(bundle) = parsed.bundle else { panic!("{} does not load", path.display()) };
            let subject =
                facts::finish(&program.schema, bundle, &sources, id).unwrap_or_else(|d| panic!("{d:?}"));
            for as_of in
                [None, clause::time::Date::parse("2020-06-01"), clause::time::Date::parse("2017-02-20")]
            {
                let v = clause::eval::evaluate(program, &subject, as_of);
                verdicts.push(without_spans(format!("{:?}", v)));
            }
        }
        // The program holds hash maps, whose `Debug` order varies from run to run: compare
        // its fragments as a sorted list. (The parsed ASTs are compared exactly elsewhere.)
        let program = without_spans(format!("{program:?}"));
        let mut fragments: Vec<&str> = program.split([',', '{', '}', '[', ']']).map(str::trim).collect();
        fragments.sort_unstable();
        (fragments.join("\n"), verdicts)
    };
    let (o0, _) = run(&original);
    let (p0, v0) = run(&original);
    assert!(o0 == p0, "the program's fragments are not stable between two checks");
    let (p1, v1) = run(&formatted);
    assert!(p0 == p1, "formatting changed the checked program");
    assert_eq!(v0.len(), v1.len());
    for (a, b) in v0.iter().zip(&v1) {
        assert!(a == b, "formatting changed a verdict:\n{a}\n---\n{b}");
    }
}

//! No input panics: the bundled policy and the examples, mutated at random (deterministic
//! seeds), go through the whole pipeline — parse, check, load facts, evaluate, report — and
//! come out as diagnostics or verdicts, never as a panic.

mod common;

use clause::facts::{self, Format, LoadOptions};
use clause::source::SourceMap;

/// Rounds per test; `CLAUSE_FUZZ_ROUNDS=20000 cargo test --release --test robustness` for a
/// longer search.
fn rounds(default: usize) -> usize {
    std::env::var("CLAUSE_FUZZ_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "\"",
    "\"\"\"",
    ":",
    ",",
    "-",
    "\n",
    " and ",
    " or ",
    "not ",
    "all x in ",
    " where ",
    "==",
    "60 days",
    "2016-02-30",
    "（",
    "“",
    "\u{3000}",
    "é",
    "\0",
    "[",
    "]",
    "&a",
    "*a",
    "!!int ",
    "#",
    "- ",
    "  ",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(3) {
            0 => s.insert_str(at, PIECES[rng.below(PIECES.len())]),
            1 => {
                let mut end = (at + 1 + rng.below(12)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                s.replace_range(at..end, "");
            }
            _ => {
                let mut end = (at + rng.below(40)).min(s.len());
                while !s.is_char_boundary(end) {
                    end += 1;
                }
                let copy = s[at..end].to_string();
                s.insert_str(end, &copy);
            }
        }
    }
    s
}

#[test]
fn mutated_policies_never_panic() {
    let files = common::bundled_policy();
    let mut rng = Rng(0x5eed_c1a0_5e00_0001);
    let mut rejected = 0;
    let total = rounds(120);
    for round in 0..total {
        let mut mutated = files.clone();
        let target = round % mutated.len();
        mutated[target].1 = mutate(&mutated[target].1, &mut rng);
        let mut sources = SourceMap::new();
        match clause::compile(&mut sources, &mutated) {
            Ok(_) => {}
            Err(diagnostics) => {
                rejected += 1;
                assert!(!diagnostics.is_empty());
                // Rendering must not panic either, whatever the spans.
                let _ = clause::diagnostic::render::to_text(
                    &sources,
                    &diagnostics,
                    clause::diagnostic::render::Style::Plain,
                );
            }
        }
    }
    assert!(rejected > total / 4, "mutations should usually break the policy ({rejected} of {total} did)");
}

#[test]
fn mutated_facts_never_panic() {
    let mut sources = SourceMap::new();
    let checked = clause::compile(&mut sources, &common::bundled_policy())
        .unwrap_or_else(|_| panic!("the bundled policy checks"));
    let program = &checked.program;
    let mut examples: Vec<_> =
        std::fs::read_dir("examples").map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    examples.sort();
    let texts: Vec<String> =
        examples.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default()).collect();
    let mut rng = Rng(0x5eed_fac7_5000_0002);
    let as_of = clause::time::Date::parse("2020-06-01");
    for round in 0..rounds(300) {
        let text = mutate(&texts[round % texts.len()], &mut rng);
        let format = if round % 5 == 0 { Format::Json } else { Format::Yaml };
        let id = sources.add(format!("mutant-{round}.yaml"), text.clone());
        let parsed = facts::parse(&program.schema, id, &text, format, &LoadOptions::default());
        let _ = clause::diagnostic::render::to_text(
            &sources,
            &parsed.diagnostics,
            clause::diagnostic::render::Style::Plain,
        );
        if let Some(bundle) = parsed.bundle {
            if let Ok(subject) = facts::finish(&program.schema, bundle, &sources, id) {
                let verdicts = clause::eval::evaluate(program, &subject, as_of);
                assert_eq!(verdicts.len(), program.rules.len());
            }
        }
    }
}

//! The `clause` code blocks in the documentation parse: examples in docs stay true to the
//! grammar.

use clause::diagnostic::render::{to_text, Style};
use clause::source::SourceMap;

fn blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in markdown.lines().enumerate() {
        match &mut current {
            None if line.trim_start() == "```clause" => current = Some((n + 1, String::new())),
            Some(_) if line.trim_start().starts_with("```") => out.extend(current.take()),
            Some((_, text)) => {
                text.push_str(line);
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn documented_examples_parse() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for doc in ["README.md", "docs/language.md", "docs/architecture.md", "docs/facts-format.md"] {
        let text = std::fs::read_to_string(doc).unwrap_or_default();
        for (line, block) in blocks(&text) {
            checked += 1;
            let mut sources = SourceMap::new();
            let id = sources.add(format!("{doc}:{line}"), block.clone());
            if let Err(d) = clause::syntax::parse(id, &block) {
                failures.push(to_text(&sources, &d, Style::Plain));
            }
        }
    }
    assert!(checked > 10, "only {checked} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

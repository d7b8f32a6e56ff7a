//! Explanations in words and as JSON: how each outcome was reached.

use crate::eval::trace::{Explanation, TraceNode};
use crate::source::{Loc, SourceMap};
use serde_json::{json, Value};
use std::fmt::Write as _;

fn at(sources: &SourceMap, loc: Option<Loc>) -> String {
    loc.map(|l| format!("  [{}:{}:{}]", sources.name(l.file), l.line, l.column)).unwrap_or_default()
}

fn node_text(out: &mut String, sources: &SourceMap, node: &TraceNode, depth: usize) {
    let pad = "  ".repeat(depth);
    // A path through a variable is shown with the concrete element it read.
    let concrete = match &node.path {
        Some(p) if *p != node.text => format!(" (= {p})"),
        _ => String::new(),
    };
    let decided = if node.decided { "   ◀ decided" } else { "" };
    let _ = writeln!(out, "{pad}{}{concrete} → {}{}{decided}", node.text, node.result, at(sources, node.loc));
    for child in &node.children {
        node_text(out, sources, child, depth + 1);
    }
}

/// Readable by someone who did not write the rule: each stage, each condition with the facts
/// it read and their source lines, the findings and the missing facts.
pub fn text(sources: &SourceMap, e: &Explanation) -> String {
    let v = &e.verdict;
    let mut out = String::new();
    let title = v.title.en.as_deref().unwrap_or("");
    let _ = writeln!(out, "{} — {title}", v.rule);
    let _ = writeln!(
        out,
        "  cites {} ({}), severity {}",
        v.citation.en,
        v.citation.zh,
        super::json::severity(v.severity)
    );
    if let Some(p) = v.provenance {
        if p == crate::syntax::ast::ProvenanceStatus::Reconstructed {
            let _ = writeln!(
                out,
                "  the cited text is reconstructed: no verified official text exists (unofficial)"
            );
        }
    }
    let _ = writeln!(out, "  outcome: {}", v.outcome.as_str());
    if let Some(r) = &v.reason {
        let _ = writeln!(out, "  because: {}", r.message.en.as_deref().unwrap_or(""));
    }
    let _ = writeln!(out);
    for step in &e.steps {
        match (&step.detail, step.nodes.first()) {
            (Some(detail), _) => {
                let _ = writeln!(out, "  {}: {detail}", step.label);
            }
            (None, Some(first)) if step.nodes.len() == 1 => {
                let _ = writeln!(out, "  {}: {}", step.label, first.result);
            }
            (None, _) => {
                let _ = writeln!(out, "  {}:", step.label);
            }
        }
        for node in &step.nodes {
            node_text(&mut out, sources, node, 2);
        }
    }
    for f in &v.findings {
        let path = f.path.as_deref().map(|p| format!(" at `{p}`")).unwrap_or_default();
        let _ =
            writeln!(out, "  finding: {}{path}{}", f.message.en.as_deref().unwrap_or(""), at(sources, f.loc));
    }
    if !v.missing.is_empty() {
        let missing: Vec<String> = v.missing.iter().map(|m| format!("`{m}`")).collect();
        let _ = writeln!(out, "  missing facts: {}", missing.join(", "));
    }
    out
}

fn node_json(sources: &SourceMap, node: &TraceNode) -> Value {
    json!({
        "expression": node.text,
        "result": node.result,
        "path": node.path,
        "location": node.loc.map(|l| json!({ "file": sources.name(l.file), "line": l.line, "column": l.column })),
        "decided": node.decided,
        "children": node.children.iter().map(|c| node_json(sources, c)).collect::<Vec<_>>(),
    })
}

pub fn json(sources: &SourceMap, e: &Explanation) -> Value {
    json!({
        "verdict": super::json::verdict(&e.verdict, sources),
        "steps": e.steps.iter().map(|s| json!({
            "stage": s.label,
            "detail": s.detail,
            "conditions": s.nodes.iter().map(|n| node_json(sources, n)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

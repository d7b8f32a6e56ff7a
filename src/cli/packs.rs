//! `clause packs`: what a run would load — the packs with their versions and dependencies,
//! their regulations with in-force windows, the rules by severity, and the policy digest
//! (the evidence a report names). Exit 0, or 2 when the packs do not check.

use super::args::{Format, PacksArgs};
use super::{output, policy, Exit};
use clause::source::SourceMap;
use clause::syntax::ast::SeverityLevel;
use serde_json::json;

pub fn run(args: PacksArgs) -> Exit {
    let mut sources = SourceMap::new();
    let loaded = match policy::load(&args.policy, &mut sources) {
        Ok(l) => l,
        Err(d) => {
            output::eprint_diagnostics(&sources, &d, args.color);
            if args.format == Format::Json {
                output::print_json(&clause::report::json::error(output::json_diagnostics(&sources, &d)));
            }
            return Exit::Invalid;
        }
    };
    let program = loaded.program();
    let severities =
        [(SeverityLevel::Error, "error"), (SeverityLevel::Warning, "warning"), (SeverityLevel::Info, "info")];
    let regulations: Vec<serde_json::Value> = loaded
        .regulations
        .iter()
        .filter_map(|&i| program.regulations.get(i).map(|r| (i, r)))
        .map(|(i, r)| {
            let rules: Vec<_> = program.rules.iter().filter(|d| d.regulation == i).collect();
            let mut by_severity = serde_json::Map::new();
            for (level, name) in severities {
                by_severity.insert(name.into(), rules.iter().filter(|d| d.severity == level).count().into());
            }
            json!({
                "id": r.id,
                "pack": r.pack,
                "title": { "en": r.title.en, "zh": r.title.zh },
                "in_force_from": r.in_force_from.to_string(),
                "in_force_until": r.in_force_until.map(|d| d.to_string()),
                "superseded_by": r.superseded_by,
                "articles": r.articles.len(),
                "rules": rules.len(),
                "rules_by_severity": by_severity,
            })
        })
        .collect();
    let report = json!({
        "format_version": clause::report::FORMAT_VERSION,
        "clause_version": env!("CARGO_PKG_VERSION"),
        "policy": { "source": loaded.source, "digest": loaded.digest },
        "packs": loaded.packs,
        "regulations": regulations,
    });
    output::eprint_diagnostics(&sources, &loaded.checked.warnings, args.color);
    match args.format {
        Format::Json => output::print_json(&report),
        Format::Text => output::print(&text(&report)),
    }
    Exit::Ok
}

/// The same as lines for people.
fn text(report: &serde_json::Value) -> String {
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let mut out = format!(
        "policy {} {}\n\npacks (load order):\n",
        s(&report["policy"]["source"]),
        s(&report["policy"]["digest"])
    );
    for p in report["packs"].as_array().into_iter().flatten() {
        let version = p["version"].as_str().map_or("(no version)".to_string(), |v| v.to_string());
        let requires: Vec<String> = p["requires"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| r.as_str().unwrap_or("").to_string())
            .collect();
        let requires =
            if requires.is_empty() { String::new() } else { format!(", requires {}", requires.join(", ")) };
        let why = if p["dependency"] == true { ", required by another pack" } else { "" };
        out.push_str(&format!("  {} {version}  {}{requires}{why}\n", s(&p["id"]), s(&p["origin"])));
    }
    out.push_str("\nregulations:\n");
    for r in report["regulations"].as_array().into_iter().flatten() {
        let until = r["in_force_until"].as_str().map_or(String::new(), |u| format!(" until {u} (exclusive)"));
        out.push_str(&format!(
            "  {} (pack {})  in force from {}{until}\n",
            s(&r["id"]),
            s(&r["pack"]),
            s(&r["in_force_from"])
        ));
        if let Some(title) = r["title"]["en"].as_str().or(r["title"]["zh"].as_str()) {
            out.push_str(&format!("    {title}\n"));
        }
        let sev = &r["rules_by_severity"];
        out.push_str(&format!(
            "    {} articles, {} rules: {} error, {} warning, {} info\n",
            r["articles"], r["rules"], sev["error"], sev["warning"], sev["info"]
        ));
        if let Some(by) = r["superseded_by"].as_str() {
            out.push_str(&format!("    superseded by {by}\n"));
        }
    }
    out
}

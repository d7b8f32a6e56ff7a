//! `clause explain SUBJECT --rule ID | --article N`: how an outcome was reached.

use super::args::{ExplainArgs, Format};
use super::check::parse_as_of;
use super::{output, policy, subjects, Exit};
use clause::diagnostic::{did_you_mean, has_errors, Diagnostic};
use clause::eval;
use clause::facts::LoadOptions;
use clause::report::explain;
use clause::source::SourceMap;

fn fail(args: &ExplainArgs, sources: &SourceMap, diagnostics: &[Diagnostic]) -> Exit {
    output::eprint_diagnostics(sources, diagnostics, args.color);
    if args.format == Format::Json {
        output::print_json(&clause::report::json::error(output::json_diagnostics(sources, diagnostics)));
    }
    Exit::Invalid
}

pub fn run(args: ExplainArgs) -> Exit {
    let mut sources = SourceMap::new();
    let as_of = match parse_as_of(args.as_of.as_deref()) {
        Ok(a) => a,
        Err(d) => return fail(&args, &sources, &[d]),
    };
    let loaded = match policy::load(&args.policy, &mut sources) {
        Ok(l) => l,
        Err(d) => return fail(&args, &sources, &d),
    };
    let program = &loaded.checked.program;
    let mut diagnostics = Vec::new();
    let options = LoadOptions { strict: args.strict, ..LoadOptions::default() };
    let subject = subjects::load(&args.subject, &program.schema, &options, &mut sources, &mut diagnostics);
    let Some(subject) = subject.filter(|_| !has_errors(&diagnostics)) else {
        return fail(&args, &sources, &diagnostics);
    };
    output::eprint_diagnostics(&sources, &diagnostics, args.color);

    let rules: Vec<usize> = match (&args.rule, args.article) {
        (Some(id), _) => {
            let found = program.rules.iter().position(|r| r.qualified_id == *id || r.id == *id);
            match found {
                Some(i) => vec![i],
                None => {
                    let help = did_you_mean(id, program.rules.iter().map(|r| r.qualified_id.as_str()));
                    let d = Diagnostic::error("E0004", format!("unknown rule `{id}`")).with_help(help);
                    return fail(&args, &sources, &[d]);
                }
            }
        }
        (None, Some(n)) => eval::rule_order(program)
            .into_iter()
            .filter(|&i| program.rules[i].article == n)
            .filter(|&i| loaded.regulations.contains(&program.rules[i].regulation))
            .collect(),
        (None, None) => Vec::new(),
    };
    if rules.is_empty() {
        let d = Diagnostic::error("E0004", "no rule to explain")
            .help("name a rule with `--rule ID`, or an article that has rules with `--article N`");
        return fail(&args, &sources, &[d]);
    }
    let explanations: Vec<_> =
        rules.iter().map(|&i| eval::explain_rule(program, i, &subject.facts, as_of.date())).collect();
    match args.format {
        Format::Json => output::print_json(&serde_json::json!({
            "format_version": clause::report::FORMAT_VERSION,
            "clause_version": env!("CARGO_PKG_VERSION"),
            "subject": { "id": subject.facts.subject.id, "files": subject.files },
            "as_of": as_of.date().map(|d| d.to_string()),
            "explanations": explanations.iter().map(|e| explain::json(&sources, e)).collect::<Vec<_>>(),
        })),
        Format::Text => {
            let texts: Vec<String> = explanations.iter().map(|e| explain::text(&sources, e)).collect();
            output::print(&texts.join("\n"));
        }
    }
    Exit::Ok
}

//! `clause validate`: check a policy without facts. Exit 0 when valid, 2 when not.

use super::args::{Format, ValidateArgs};
use super::output;
use super::{policy, Exit};
use clause::source::SourceMap;

pub fn run(args: ValidateArgs) -> Exit {
    let mut sources = SourceMap::new();
    match policy::load(&args.policy, &mut sources) {
        Ok(loaded) => {
            let program = &loaded.checked.program;
            // With `--regulation`, what is said is about the regulations selected.
            let selected: Vec<&clause::check::program::RegulationInfo> =
                loaded.regulations.iter().filter_map(|&i| program.regulations.get(i)).collect();
            let rules = program.rules.iter().filter(|r| loaded.regulations.contains(&r.regulation)).count();
            match args.format {
                Format::Json => output::print_json(&serde_json::json!({
                    "format_version": clause::report::FORMAT_VERSION,
                    "clause_version": env!("CARGO_PKG_VERSION"),
                    "valid": true,
                    "policy": { "source": loaded.source, "digest": loaded.digest },
                    "packs": loaded.packs,
                    "regulations": selected.iter().map(|r| r.id.clone()).collect::<Vec<_>>(),
                    "rules": rules,
                    "warnings": output::json_diagnostics(&sources, &loaded.checked.warnings),
                })),
                Format::Text => {
                    output::eprint_diagnostics(&sources, &loaded.checked.warnings, args.color);
                    let regs: Vec<&str> = selected.iter().map(|r| r.id.as_str()).collect();
                    let plural =
                        |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
                    output::print(&format!(
                        "policy {} is valid: {} ({}), {}\n",
                        loaded.source,
                        plural(regs.len(), "regulation"),
                        regs.join(", "),
                        plural(rules, "rule")
                    ));
                }
            }
            Exit::Ok
        }
        Err(diagnostics) => {
            match args.format {
                Format::Json => output::print_json(&serde_json::json!({
                    "format_version": clause::report::FORMAT_VERSION,
                    "clause_version": env!("CARGO_PKG_VERSION"),
                    "valid": false,
                    "diagnostics": output::json_diagnostics(&sources, &diagnostics),
                })),
                Format::Text => {}
            }
            output::eprint_diagnostics(&sources, &diagnostics, args.color);
            Exit::Invalid
        }
    }
}

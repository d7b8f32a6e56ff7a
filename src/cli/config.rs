//! `clause.toml`: the defaults a team would otherwise repeat on every `clause check`.
//!
//! Found upward from the working directory (or given with `--config`). Keys: `policies` (a
//! list, as `--policy`), `regulations` (a list, as `--regulation`), `as-of`, `fail-on`,
//! `waivers`, `outputs` (a list of `FORMAT=PATH`), `doc-url` (where the policy's documentation
//! site, `clause doc`, is published). The single-string `policy` and `regulation` of earlier
//! versions still work, with a warning (W0006) saying what to write. A flag on the command
//! line wins over the file; paths in the file are relative to the file.
//!
//! ```toml
//! policies = ["policies/our-house-rules", "@cac-2022"]
//! as-of = "today"
//! fail-on = "error:violated+undetermined"
//! waivers = "compliance/waivers.yaml"
//! outputs = ["sarif=reports/clause.sarif", "junit=reports/clause.xml"]
//! ```

use super::args::{CheckArgs, OutputSpec};
use clause::diagnostic::Diagnostic;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Config {
    /// Deprecated: one path; `policies` takes a list.
    policy: Option<String>,
    #[serde(default)]
    policies: Vec<String>,
    /// Deprecated: one id; `regulations` takes a list.
    regulation: Option<String>,
    #[serde(default)]
    regulations: Vec<String>,
    as_of: Option<String>,
    fail_on: Option<String>,
    waivers: Option<PathBuf>,
    doc_url: Option<String>,
    #[serde(default)]
    outputs: Vec<String>,
}

fn find_upward() -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let candidate = dir.join("clause.toml");
        if candidate.is_file() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn error(path: &Path, message: String) -> Diagnostic {
    Diagnostic::error("E0007", format!("invalid `{}`: {message}", path.display())).help(
        "keys: policies, regulations (lists), as-of, fail-on, waivers, doc-url, outputs (a list of \"FORMAT=PATH\")",
    )
}

/// Fills the flags the command line left unset from `clause.toml`; returns the warnings about
/// deprecated forms in it.
pub fn apply(args: &mut CheckArgs) -> Result<Vec<Diagnostic>, Diagnostic> {
    let Some(path) = args.config.clone().or_else(find_upward) else { return Ok(Vec::new()) };
    let text = std::fs::read_to_string(&path).map_err(|e| super::policy::io_error(&path, &e))?;
    let config: Config = toml::from_str(&text).map_err(|e| {
        let at = e.span().map_or(String::new(), |span| {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!(" (line {line}, column {column})")
        });
        error(&path, format!("{}{at}", e.message()))
    })?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let relative = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    let mut warnings = Vec::new();
    let mut policies = config.policies;
    if let Some(single) = config.policy {
        warnings.push(deprecated(&path, "policy", &format!("policies = [{single:?}]")));
        policies.insert(0, single);
    }
    if args.policy.policy.is_empty() {
        // `@…` names a bundled pack; anything else is a path relative to the file.
        args.policy.policy = policies
            .into_iter()
            .map(|p| if p.starts_with('@') { p } else { relative(PathBuf::from(p)).display().to_string() })
            .collect();
    }
    let mut regulations = config.regulations;
    if let Some(single) = config.regulation {
        warnings.push(deprecated(&path, "regulation", &format!("regulations = [{single:?}]")));
        regulations.insert(0, single);
    }
    if args.policy.regulation.is_empty() {
        args.policy.regulation = regulations;
    }
    if args.as_of.is_none() {
        args.as_of = config.as_of;
    }
    if args.fail_on.is_none() {
        args.fail_on = config.fail_on;
    }
    if args.waivers.is_none() {
        args.waivers = config.waivers.map(relative);
    }
    if args.doc_url.is_none() {
        args.doc_url = config.doc_url;
    }
    if args.output.is_empty() {
        for spec in config.outputs {
            let mut output: OutputSpec =
                spec.parse().map_err(|e: String| error(&path, format!("outputs: {e}")))?;
            output.path = relative(output.path);
            args.output.push(output);
        }
    }
    Ok(warnings)
}

/// W0006: a key of `clause.toml` that still works but has a newer form.
fn deprecated(path: &Path, key: &str, instead: &str) -> Diagnostic {
    Diagnostic::warning("W0006", format!("`{key}` in `{}` is deprecated", path.display()))
        .note(format!("a run may load several packs and regulations; `{key}` names one"))
        .help(format!("write `{instead}`"))
}

//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "clause",
    version,
    about = "Policy-as-code for the regulation of mobile apps: article-cited, three-valued rules"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate subjects (apps, app stores) against the policy and report verdicts
    Check(CheckArgs),
    /// Check a policy without facts (exit 0 when valid, 2 when not)
    Validate(ValidateArgs),
    /// Print the facts schema as JSON Schema 2020-12
    Schema(SchemaArgs),
    /// Run policy test cases (a policy directory's `tests/*.yaml`, or case files)
    Test(TestArgs),
    /// Explain how a rule's (or an article's) outcome was reached for one subject
    Explain(ExplainArgs),
    /// Lay policy files out canonically (in place, or `--check` to list what would change)
    Fmt(FmtArgs),
    /// Warn about policies that check but are probably wrong, incomplete or hard to maintain
    Lint(LintArgs),
    /// Read facts from an app's platform files (AndroidManifest.xml, .apk, Info.plist, module.json5, app.json)
    Import(ImportArgs),
    /// Write the policy's documentation site (HTML and Markdown, English and Chinese), or `--check` it
    Doc(DocArgs),
    /// List the packs loaded (versions, dependencies), their regulations and rules, and the digest
    Packs(PacksArgs),
}

#[derive(Args, Debug)]
pub struct PacksArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// What `clause import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ImportKind {
    /// AndroidManifest.xml source files: the app's first, then its libraries' (or one merged manifest)
    Android,
    /// The binary manifest inside an .apk
    Apk,
    /// Info.plist (with its *.lproj/InfoPlist.strings) and PrivacyInfo.xcprivacy files
    Ios,
    /// HarmonyOS module.json5 (with resources/*/element/string.json) and app.json5
    Harmonyos,
    /// A WeChat mini-program's app.json (and project.config.json)
    Miniprogram,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// What the files are
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// The artefacts; companions (localised strings, string resources) are found beside them
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the facts to this file instead of standard output
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// The pack selection every command takes (docs/language.md#packs).
#[derive(Args, Debug, Clone, Default)]
pub struct PolicyArgs {
    /// A pack directory, a directory of packs, a `.clause` file, `@bundled` (every bundled
    /// pack) or `@ID` (one bundled pack); repeatable. Given, it replaces the bundled set; the
    /// packs it requires are taken from the bundled ones unless given too [default: every
    /// bundled pack]
    #[arg(long, value_name = "PATH")]
    pub policy: Vec<String>,
    /// Only this regulation (e.g. `cac-2016`); repeatable [default: every regulation loaded]
    #[arg(long, value_name = "ID")]
    pub regulation: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What `clause check` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people: per subject, per article, each rule's outcome
    Text,
    /// The versioned JSON report (docs/output.md)
    Json,
    /// One JSON object per subject per line
    Jsonl,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// JUnit XML, for CI test reporters (a suite per subject, a case per rule)
    Junit,
    /// GitHub workflow annotations (within GitHub's limits)
    Github,
    /// A pull-request comment (under 65,536 characters)
    Markdown,
}

/// `--output FORMAT=PATH`: a report written to a file besides stdout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputSpec {
    pub format: ReportFormat,
    pub path: PathBuf,
}

impl std::str::FromStr for OutputSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<OutputSpec, String> {
        let (format, path) = s.split_once('=').ok_or("expected FORMAT=PATH, e.g. `json=report.json`")?;
        let format = ReportFormat::from_str(format, true).map_err(|_| {
            let names: Vec<String> = ReportFormat::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_string())
                .collect();
            format!("`{format}` is not a report format; use one of {}", names.join(", "))
        })?;
        if path.is_empty() {
            return Err("the output path is empty".into());
        }
        Ok(OutputSpec { format, path: PathBuf::from(path) })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    En,
    Zh,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The evaluation date (`YYYY-MM-DD` or `today`); without it regulations are evaluated as written
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// The report on standard output
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write a report to a file, e.g. `--output json=report.json` (repeatable)
    #[arg(long, value_name = "FORMAT=PATH")]
    pub output: Vec<OutputSpec>,
    /// Report only the results that fail the gate (summaries still count every result)
    #[arg(long)]
    pub only_failures: bool,
    /// Language of titles, messages and citations in text output
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// What fails the run: `SEVERITY[:OUTCOME[+OUTCOME]]` or `never` [default: error:violated+undetermined]
    #[arg(long, value_name = "SPEC")]
    pub fail_on: Option<String>,
    /// A `clause.toml` with the project's defaults [default: the nearest `clause.toml` upward from here]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Treat unknown keys in facts as errors
    #[arg(long)]
    pub strict: bool,
    /// Base URL of the policy's documentation site (`clause doc`): SARIF rules and the text
    /// report link each rule to its page there
    #[arg(long, value_name = "URL")]
    pub doc_url: Option<String>,
    /// Show how each failing outcome was reached (conditions, facts read, source lines)
    #[arg(long)]
    pub explain: bool,
    /// Accepted exceptions (YAML or JSON): rule, optional subject, reason, approver or ticket, expiry
    #[arg(long, value_name = "FILE")]
    pub waivers: Option<PathBuf>,
    /// A previous JSON report: show and fail only on failures that are new since it
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// The run's own date, for waiver expiry (not the law's `--as-of`) [default: today]
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// No progress display on a terminal during a catalogue run
    #[arg(long)]
    pub quiet: bool,
    /// A catalogue in JSON Lines, one subject bundle per line (`-` for standard input), streamed
    #[arg(long, value_name = "FILE", conflicts_with = "subjects")]
    pub catalog: Option<String>,
    /// Facts files (YAML or JSON) or directories, one subject each
    #[arg(required_unless_present = "catalog", value_name = "SUBJECT")]
    pub subjects: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Args, Debug)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Args, Debug)]
pub struct TestArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Run only cases whose name or file contains this text
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// List which rules the cases exercised, and for which outcomes
    #[arg(long)]
    pub coverage: bool,
    /// Fail (exit 1) when fewer than N% of rule × {satisfied, violated} pairs are covered
    #[arg(long, value_name = "N")]
    pub min_coverage: Option<f64>,
    /// Pack directories (their cases are in `tests/`), case files, or directories of case files; a case file is run against the pack it lies in [default: the cases of every pack selected]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The rule to explain: `cac-2016/user-logs-kept-60-days` (or just its id)
    #[arg(long, value_name = "ID", required_unless_present = "article")]
    pub rule: Option<String>,
    /// Explain every rule of this article
    #[arg(long, value_name = "N")]
    pub article: Option<u32>,
    /// The evaluation date (`YYYY-MM-DD` or `today`)
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Treat unknown keys in facts as errors
    #[arg(long)]
    pub strict: bool,
    /// Base URL of the policy's documentation site (`clause doc`): SARIF rules and the text
    /// report link each rule to its page there
    #[arg(long, value_name = "URL")]
    pub doc_url: Option<String>,
    /// A facts file (YAML or JSON) or a directory of them: one subject
    #[arg(value_name = "SUBJECT")]
    pub subject: PathBuf,
}

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Change nothing; list the files that would change and exit 1 if any would
    #[arg(long)]
    pub check: bool,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// `.clause` files or directories [default: `policies/`]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct LintArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Pack directories, as with `--policy` [default: the `--policy` selection]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct DocArgs {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The site's directory
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Write nothing; list the files of DIR that differ from the site, are missing or are extra, and exit 1 if any
    #[arg(long)]
    pub check: bool,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

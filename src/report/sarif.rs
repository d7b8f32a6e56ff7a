//! The SARIF 2.1.0 report (`--format sarif`): for code-scanning dashboards and CI annotations.
//!
//! One SARIF `run` holds every subject of a clause run. Its `tool.driver.rules` has one
//! reporting descriptor per clause rule of the evaluated regulations (qualified id, titles,
//! summary, citation in English and Chinese, default level from the rule's severity, its
//! regulation as a tag, a property and a relationship), its `taxonomies` the regulations
//! themselves (see [`REGULATIONS_TAXONOMY`]), and its `results` one result per verdict:
//! passing and not-applicable verdicts too, as compliance evidence.
//!
//! The document is built in three parts so that a writer can stream it subject by subject:
//! [`header`] (everything in the run but its results), [`results`] (one subject's results)
//! and [`render`], which assembles them into one value. A streamed catalogue writes the
//! results array item by item between the text before and after it, and, when lines of the
//! catalogue could not be loaded, an [`invocation`] that says so after the results.
//!
//! Outcome → SARIF, following SARIF 2.1.0 §3.27.9 (`kind`) and §3.27.10 (`level`):
//!
//! | outcome          | `kind`          | `level`                                  |
//! |------------------|-----------------|------------------------------------------|
//! | `violated`       | `fail`          | the rule's: error / warning / note (info) |
//! | `undetermined`   | `review`        | `none`                                   |
//! | `not_applicable` | `notApplicable` | `none`                                   |
//! | `satisfied`      | `pass`          | `none`                                   |
//!
//! §3.27.10: "If kind has any value other than "fail", then if level is absent, it SHALL
//! default to "none", and if it is present, it SHALL have the value "none"." So an
//! undetermined verdict, although it fails the default gate, is a `review` result at level
//! `none`; whether a result fails the run's `--fail-on` gate is in its `fails_gate` property.
//!
//! Waivers (issue 6) will be reported as SARIF `suppressions` (§3.27.23, §3.35): see
//! [`suppressions`], the one place a waived verdict will gain them.

use super::{gate::FailOn, json::severity, AsOf, Run, SubjectReport};
use crate::check::program::{Bilingual, RuleDef};
use crate::eval::{Finding, Outcome, Verdict};
use crate::source::Loc;
use crate::syntax::ast::SeverityLevel;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";

/// The OASIS schema of SARIF 2.1.0 (the OASIS Standard with its errata), written as `$schema`.
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The `uriBaseId` of facts files named by a relative path: the directory clause ran in,
/// normally the repository's root.
pub const SRCROOT: &str = "%SRCROOT%";

/// The name of the taxonomy (§3.19.3 `run.taxonomies`) whose taxa are the regulations
/// evaluated; each rule's `relationships` point at its regulation's taxon.
pub const REGULATIONS_TAXONOMY: &str = "clause-regulations";

/// Key of the fingerprint that identifies a (subject, rule) pair across runs.
pub const FINGERPRINT_SUBJECT: &str = "clauseSubject/v1";
/// Key of the fingerprint that also covers the fact paths of the findings.
pub const FINGERPRINT_FINDINGS: &str = "clauseFindings/v1";

/// The whole SARIF log of a run: [`header`] and every subject's [`results`].
pub fn render(run: &Run<'_>, fail_on: &FailOn) -> Value {
    let mut sarif_run = header(run);
    let results: Vec<Value> = run.subjects.iter().flat_map(|s| results(run, s, fail_on)).collect();
    if let Some(map) = sarif_run.as_object_mut() {
        map.insert("results".into(), Value::Array(results));
    }
    json!({
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [sarif_run],
    })
}

/// The run's `invocations` when catalogue lines could not be loaded: the run did not succeed
/// (§3.20.14 `executionSuccessful`), and each line given is a `toolExecutionNotification`
/// (§3.58) at its line of the catalogue; `more` counts the lines left out of the list, so the
/// list stays bounded however many lines fail.
pub fn invocation(catalogue: &str, lines: &[(usize, String)], more: usize) -> Value {
    let mut notifications: Vec<Value> = lines
        .iter()
        .map(|(line, message)| {
            json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(catalogue),
                        "region": { "startLine": (*line).max(1) },
                    }
                }],
            })
        })
        .collect();
    if more > 0 {
        notifications.push(json!({
            "level": "error",
            "message": { "text": format!("{more} more catalogue lines could not be loaded") },
        }));
    }
    json!({ "executionSuccessful": false, "toolExecutionNotifications": notifications })
}

/// The SARIF `run` object without its `results`: the tool with its rules, the regulations as
/// a taxonomy, and the run's policy, regulations and as-of date as properties.
pub fn header(run: &Run<'_>) -> Value {
    let rules: Vec<Value> =
        rule_table(run).iter().filter_map(|&i| run.program.rules.get(i)).map(|r| rule(run, r)).collect();
    let regulations: Vec<&str> = run.evaluated().map(|(_, r)| r.id.as_str()).collect();
    let (as_of, as_of_source) = match run.as_of {
        AsOf::None => (None, "none"),
        AsOf::Given(d) => (Some(d.to_string()), "given"),
        AsOf::Today(d) => (Some(d.to_string()), "today"),
    };
    json!({
        "tool": {
            "driver": {
                "name": "clause",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
                "supportedTaxonomies": [{ "name": REGULATIONS_TAXONOMY, "index": 0 }],
            }
        },
        "taxonomies": [regulations_taxonomy(run)],
        // clause counts columns in characters (Unicode code points), not UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "properties": {
            "policy": run.policy.json(),
            "regulations": regulations,
            "as_of": as_of,
            "as_of_source": as_of_source,
        },
    })
}

/// The regulations evaluated as a taxonomy (§3.19.3): one taxon (a `reportingDescriptor`) per
/// regulation, in the run's order, with its titles, in-force window, whether it is in force on
/// the as-of date and its number of rules.
///
/// A taxonomy rather than a `tool.extensions` component per regulation: the rules stay in
/// `tool.driver.rules`, where every consumer looks for them (GitHub code scanning requires
/// `driver.rules` and reads a result's `ruleIndex` against it), and a taxonomy is what SARIF
/// provides for a standard that rules are classified under (as CWE is). GitHub code scanning
/// ignores taxonomies and accepts the log; its filters use each rule's `properties.tags`,
/// which name the regulation too.
fn regulations_taxonomy(run: &Run<'_>) -> Value {
    let taxa: Vec<Value> = run
        .evaluated()
        .map(|(index, r)| {
            let title = text(&r.title).unwrap_or(&r.id);
            let mut taxon = json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": title },
                "properties": {
                    "title": { "en": r.title.en, "zh": r.title.zh },
                    "version": run.program.regulation_version(r),
                    "in_force_from": r.in_force_from.to_string(),
                    "in_force_until": r.in_force_until.map(|d| d.to_string()),
                    "in_force_on_as_of": run.in_force(r),
                    "rules": run.rules_of(index),
                },
            });
            if let (Some(url), Value::Object(fields)) = (&r.url, &mut taxon) {
                fields.insert("helpUri".into(), Value::String(url.clone()));
            }
            taxon
        })
        .collect();
    json!({
        "name": REGULATIONS_TAXONOMY,
        "shortDescription": { "text": "The regulations evaluated" },
        "taxa": taxa,
    })
}

/// One subject's results, one per verdict, in the order of its verdicts (with
/// `run.only_failures`, only the verdicts that fail the gate).
pub fn results(run: &Run<'_>, subject: &SubjectReport, fail_on: &FailOn) -> Vec<Value> {
    let table = rule_table(run);
    subject
        .verdicts
        .iter()
        .filter(|v| !run.only_failures || fail_on.fails(v))
        .map(|v| {
            let index = table.iter().position(|&i| i == v.rule_index);
            result(run, subject, v, index, fail_on)
        })
        .collect()
}

/// Indices into the program's rules of the rules reported, in order: those of the
/// evaluated regulations. A result's `ruleIndex` is a position in this list.
fn rule_table(run: &Run<'_>) -> Vec<usize> {
    (0..run.program.rules.len())
        .filter(|&i| run.program.rules.get(i).is_some_and(|r| run.regulations.contains(&r.regulation)))
        .collect()
}

/// The SARIF level of a rule's severity (§3.27.10): `info` is a `note`.
pub fn level(s: SeverityLevel) -> &'static str {
    match s {
        SeverityLevel::Error => "error",
        SeverityLevel::Warning => "warning",
        SeverityLevel::Info => "note",
    }
}

/// The SARIF `kind` of an outcome (§3.27.9).
pub fn kind(o: Outcome) -> &'static str {
    match o {
        Outcome::Satisfied => "pass",
        Outcome::Violated => "fail",
        Outcome::NotApplicable => "notApplicable",
        Outcome::Undetermined => "review",
    }
}

/// `user-logs-kept-60-days` → `UserLogsKept60Days`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_alphanumeric())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars.next().map(|first| first.to_uppercase().chain(chars)).into_iter().flatten()
        })
        .collect()
}

/// English if there is any, else Chinese.
fn text(b: &Bilingual) -> Option<&str> {
    b.en.as_deref().or(b.zh.as_deref())
}

fn rule(run: &Run<'_>, r: &RuleDef) -> Value {
    let regulation = run.program.regulations.get(r.regulation).map_or("", |g| g.id.as_str());
    let title = text(&r.title).unwrap_or(&r.qualified_id);
    let summary = text(&r.summary).unwrap_or(title);
    let citation = format!("{} / {}", r.citation.en, r.citation.zh);
    let mut rule = json!({
        "id": r.qualified_id,
        "name": pascal_case(&r.id),
        "shortDescription": { "text": title },
        "fullDescription": { "text": summary },
        "help": {
            "text": format!("{summary}\n\nCitation: {citation}"),
            "markdown": format!("{summary}\n\n**Citation:** {citation}"),
        },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "tags": [regulation, format!("Art. {}", r.article)],
            "citation": { "en": r.citation.en, "zh": r.citation.zh },
            "title_zh": r.title.zh,
            "summary_zh": r.summary.zh,
            "severity": severity(r.severity),
            "regulation": regulation,
            "article": r.article,
            "paragraph": r.paragraph,
            "item": r.item,
            "provenance": r.provenance.map(|p| p.as_str()),
        },
    });
    // The rule's regulation, as a reference to its taxon: `relevant`, the default kind, claims
    // no more than that the rule belongs to it.
    if let (Some(taxon), Value::Object(fields)) =
        (run.regulations.iter().position(|&i| i == r.regulation), &mut rule)
    {
        fields.insert(
            "relationships".into(),
            json!([{
                "target": {
                    "id": regulation,
                    "index": taxon,
                    "toolComponent": { "name": REGULATIONS_TAXONOMY, "index": 0 },
                },
                "kinds": ["relevant"],
            }]),
        );
    }
    if let (Some(uri), Value::Object(fields)) = (run.policy.rule_doc_url(run.program, r), &mut rule) {
        fields.insert("helpUri".into(), Value::String(uri));
    }
    rule
}

fn result(
    run: &Run<'_>,
    subject: &SubjectReport,
    v: &Verdict,
    rule_index: Option<usize>,
    fail_on: &FailOn,
) -> Value {
    let kind = kind(v.outcome);
    let level = if v.outcome == Outcome::Violated { level(v.severity) } else { "none" };
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(v.rule));
    if let Some(i) = rule_index {
        result.insert("ruleIndex".into(), json!(i));
    }
    result.insert("kind".into(), json!(kind));
    result.insert("level".into(), json!(level));
    result.insert("message".into(), json!({ "text": message(v) }));
    let locations = locations(run, subject, v);
    if !locations.is_empty() {
        result.insert("locations".into(), Value::Array(locations));
    }
    result.insert("partialFingerprints".into(), fingerprints(subject, v));
    if let Some(s) = suppressions(subject, v) {
        result.insert("suppressions".into(), s);
    }
    result.insert(
        "properties".into(),
        json!({
            "subject_id": subject.id,
            "subject_kind": subject.kind,
            "outcome": v.outcome.as_str(),
            "fails_gate": fail_on.fails(v),
            "severity": severity(v.severity),
            "citation": { "en": v.citation.en, "zh": v.citation.zh },
            "reason_kind": v.reason.as_ref().map(|r| r.kind.as_str()),
            "missing": v.missing,
        }),
    );
    Value::Object(result)
}

/// The result's message: the findings of a violation, the reason of an undetermined or
/// not-applicable verdict, or the rule's title for a satisfied one.
fn message(v: &Verdict) -> String {
    let title = text(v.title).unwrap_or(v.rule);
    match v.outcome {
        Outcome::Violated => {
            let messages: Vec<&str> = v.findings.iter().filter_map(|f| text(&f.message)).collect();
            match messages.as_slice() {
                [] => format!("Violated: {title}"),
                [one] => (*one).to_string(),
                many => format!("{} findings: {}", many.len(), many.join("; ")),
            }
        }
        Outcome::Satisfied => format!("Satisfied: {title}"),
        Outcome::NotApplicable | Outcome::Undetermined => {
            match v.reason.as_ref().and_then(|r| text(&r.message)) {
                Some(reason) => reason.to_string(),
                None if !v.missing.is_empty() => format!("Missing facts: {}", v.missing.join(", ")),
                None if v.outcome == Outcome::Undetermined => format!("Undetermined: {title}"),
                None => format!("Not applicable: {title}"),
            }
        }
    }
}

/// A location per finding that has a position or a fact path; without any, the subject's
/// first facts file (or its catalogue line), so every result can be traced to the subject it
/// is about.
fn locations(run: &Run<'_>, subject: &SubjectReport, v: &Verdict) -> Vec<Value> {
    let located: Vec<Value> = v.findings.iter().filter_map(|f| finding_location(run, f)).collect();
    if !located.is_empty() {
        return located;
    }
    subject
        .files
        .first()
        .map(|file| match catalogue_line(file) {
            (path, Some(line)) => json!({ "physicalLocation": {
                "artifactLocation": artifact(path),
                "region": { "startLine": line.max(1) },
            } }),
            (path, None) => json!({ "physicalLocation": { "artifactLocation": artifact(path) } }),
        })
        .into_iter()
        .collect()
}

/// A subject read from a catalogue names its file `catalogue.jsonl:17`: the catalogue and the
/// line. Facts files always end in their extension, so a name ending in `:` and digits is such
/// a line. Formats that have a place for the line put it there, rather than in a file name.
pub fn catalogue_line(file: &str) -> (&str, Option<u32>) {
    match file.rsplit_once(':') {
        Some((path, line))
            if !path.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (path, line.parse().ok())
        }
        _ => (file, None),
    }
}

fn finding_location(run: &Run<'_>, f: &Finding) -> Option<Value> {
    if f.loc.is_none() && f.path.is_none() {
        return None;
    }
    let mut location = Map::new();
    if let Some(loc) = f.loc {
        location.insert("physicalLocation".into(), physical(run, loc));
    }
    if let Some(path) = &f.path {
        location.insert("logicalLocations".into(), json!([{ "fullyQualifiedName": path }]));
    }
    if let Some(m) = text(&f.message) {
        location.insert("message".into(), json!({ "text": m }));
    }
    Some(Value::Object(location))
}

fn physical(run: &Run<'_>, loc: Loc) -> Value {
    json!({
        "artifactLocation": artifact(run.sources.name(loc.file)),
        "region": { "startLine": loc.line.max(1), "startColumn": loc.column.max(1) },
    })
}

/// The artifact location of a facts file: a relative path (forward slashes, against
/// [`SRCROOT`]) or, for an absolute one, a `file:` URI.
fn artifact(path: &str) -> Value {
    let slashed = path.replace('\\', "/");
    let windows_drive = slashed.as_bytes().get(1) == Some(&b':') && slashed.as_bytes().get(2) == Some(&b'/');
    if slashed.starts_with('/') || windows_drive {
        let root = if windows_drive { "/" } else { "" };
        return json!({ "uri": format!("file://{root}{}", encode(&slashed, windows_drive)) });
    }
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    json!({ "uri": encode(relative, false), "uriBaseId": SRCROOT })
}

/// Percent-encodes what may not stand in a URI path (RFC 3986): everything but the
/// unreserved characters, `/` and the sub-delimiters, byte by byte in UTF-8. The `:` of a
/// drive letter (`C:/…`, after `file:///`) is kept; any other is encoded, so that a relative
/// path is never read as a scheme.
fn encode(path: &str, drive: bool) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, b) in path.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')')
            || matches!(b, b'*' | b'+' | b',' | b';' | b'=' | b'@')
            || (drive && b == b':' && i == 1);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fingerprints that do not depend on lines or columns, so a result keeps its identity when
/// facts files are reformatted: [`FINGERPRINT_SUBJECT`] over the subject id and the rule id,
/// and [`FINGERPRINT_FINDINGS`] over those and the findings' fact paths.
fn fingerprints(subject: &SubjectReport, v: &Verdict) -> Value {
    let mut paths: Vec<&str> = v.findings.iter().filter_map(|f| f.path.as_deref()).collect();
    paths.sort_unstable();
    paths.dedup();
    let base = [subject.id.as_str(), v.rule];
    let with_paths: Vec<&str> = base.iter().copied().chain(paths).collect();
    json!({
        FINGERPRINT_SUBJECT: sha256(&base),
        FINGERPRINT_FINDINGS: sha256(&with_paths),
    })
}

/// SHA-256 in hex of the parts, each followed by a NUL byte (no part contains one).
fn sha256(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The hook for waivers (issue 6): a verdict that a waiver covers will be reported with
/// `suppressions` (§3.27.23), an array of one suppression object (§3.35) such as
/// `{ "kind": "external", "status": "accepted", "justification": <the waiver's reason>,
/// "properties": { "approved_by", "ticket", "expires" } }`, and an expired waiver with
/// `"status": "rejected"`. No waiver type exists yet, so no result is suppressed.
fn suppressions(_subject: &SubjectReport, verdict: &Verdict) -> Option<Value> {
    let w = verdict.waiver.as_ref()?;
    Some(json!([{
        "kind": "external",
        "status": "accepted",
        "justification": w.reason,
        "properties": {
            "approved_by": w.approved_by,
            "ticket": w.ticket,
            "expires": w.expires.to_string(),
            "subject": w.subject,
        },
    }]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("user-logs-kept-60-days"), "UserLogsKept60Days");
        assert_eq!(pascal_case("real_name"), "RealName");
    }

    #[test]
    fn catalogue_lines() {
        assert_eq!(catalogue_line("apps.jsonl:17"), ("apps.jsonl", Some(17)));
        assert_eq!(catalogue_line("<stdin>:3"), ("<stdin>", Some(3)));
        assert_eq!(catalogue_line("apps/news.yaml"), ("apps/news.yaml", None));
        assert_eq!(catalogue_line("C:/facts/app.yaml"), ("C:/facts/app.yaml", None));
        assert_eq!(catalogue_line("a:b:"), ("a:b:", None));
    }

    #[test]
    fn artifact_uris() {
        assert_eq!(
            artifact("./examples/flashlight app.yaml"),
            json!({ "uri": "examples/flashlight%20app.yaml", "uriBaseId": SRCROOT })
        );
        assert_eq!(artifact("apps\\news.yaml"), json!({ "uri": "apps/news.yaml", "uriBaseId": SRCROOT }));
        assert_eq!(artifact("a:b.yaml"), json!({ "uri": "a%3Ab.yaml", "uriBaseId": SRCROOT }));
        assert_eq!(artifact("/srv/应用.yaml"), json!({ "uri": "file:///srv/%E5%BA%94%E7%94%A8.yaml" }));
        assert_eq!(artifact("C:\\facts\\app.yaml"), json!({ "uri": "file:///C:/facts/app.yaml" }));
    }
}

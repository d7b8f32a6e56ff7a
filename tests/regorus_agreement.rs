//! Issue 6's comparison (d) asks for a test proving that clause and regorus 0.14 find the same
//! violations of the twelve rules: clause's verdicts, regorus's interpreter and its RVM bytecode
//! on the Rego encoding (`benches/rego/cac12.rego`) must give every subject the same violation
//! set. `benches/regorus.rs` checks the same before timing; both use
//! `benches/support/agreement.rs`.
//!
//! Two sources of subjects: the bench generator on several seeds (which must violate, and not
//! violate, each rule it can reach, or agreement would prove little), and hand-written bundles
//! for what the generator does not reach — one violation per rule from a compliant base, the
//! 59/60-day boundary (also written as ISO 8601 durations, which clause reads), missing facts
//! (clause undetermined, regorus no violation) and apps outside Art. 2's scope.

#[path = "../benches/support/agreement.rs"]
mod agreement;
#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/pack.rs"]
mod pack;

use agreement::{Judgement, Judges, Tally};
use clause::eval::Outcome;
use clause::facts::{self, Format, LoadOptions};
use clause::source::SourceMap;
use pack::{PROGRAM, TWELVE};
use serde_json::{json, Value};

/// Seeds other than the bench's seed 1, which `cargo bench --bench regorus` checks.
const SEEDS: [u64; 8] = [2, 3, 4, 5, 6, 7, 8, 9];
/// Lines per seed: 2,000 subjects in all, small enough for a debug build, and each rule the
/// generator aims at is violated at least twenty times among them.
const LINES: u64 = 250;

/// The generator keeps the content-moderation mechanism in place in every bundle.
const GENERATOR_NEVER_VIOLATES: [&str; 1] = ["cac-2016/content-review-mechanism-in-place"];

#[test]
fn generated_subjects_get_the_same_violations_from_clause_and_both_regorus_modes() {
    let mut judges = Judges::new();
    let mut tally = Tally::default();
    for seed in SEEDS {
        for (i, line) in corpus::corpus(seed, LINES).iter().enumerate() {
            tally.add(&format!("seed {seed} line {}", i + 1), &judges.judge(i, line));
        }
    }
    eprintln!("clause's outcomes on {} generated subjects:\n{}", tally.subjects, tally.table());
    tally.assert_agreement();
    let unexercised: Vec<String> = tally.unexercised();
    let never_violated: Vec<&str> = GENERATOR_NEVER_VIOLATES.to_vec();
    assert_eq!(
        unexercised.iter().map(|line| line.split(':').next().unwrap_or_default()).collect::<Vec<_>>(),
        never_violated,
        "the generated subjects must violate, and not violate, every rule the generator aims at:\n{}",
        unexercised.join("\n")
    );
}

/// A compliant in-scope app: each of the twelve rules is satisfied, and each can be broken by
/// changing one fact.
fn compliant() -> Value {
    json!({
        "app": {
            "package_id": "com.example.edge",
            "name": "Edge",
            "platform": "android",
            "distribution": ["download"],
            "runs_on_mobile_smart_terminal": true,
            "offered_in_prc": true,
            "provides_information_services": true,
            "information_services": [{ "kind": "news", "description": "edited news feed" }],
            "capabilities": [{
                "capability": "location",
                "platform_permissions": ["android.permission.ACCESS_FINE_LOCATION"],
                "declared": true,
                "used": true,
                "enabled_by_default": false,
                "requested_before_consent": false,
                "notice_shown": true,
                "consent_obtained": true,
                "related_to_service": true,
                "collects_personal_information": true
            }],
            "functions": [{
                "name": "search",
                "related_to_service": true,
                "switched_on": true,
                "notice_shown": true,
                "consent_obtained": true
            }],
            "bundled_installs": [{
                "package": "com.example.partner",
                "related_to_service": false,
                "notice_shown": true,
                "user_consented": true
            }],
            "registration": { "offered": true, "verification_methods": ["mobile_number"], "display_name_free": true },
            "user_content": { "users_can_publish": true, "kinds": ["comments"] },
            "app_stores": ["appstore.example.cn"],
            "complaint_entry": { "provided": true, "convenient": true, "location": "Me > Help > Report" }
        },
        "privacy": {
            "collects_personal_information": true,
            "disclosure": {
                "published": true,
                "imported_from": "cn_collection_lists",
                "url": "https://example.cn/privacy",
                "items": [{
                    "data_type": "location",
                    "capability": "location",
                    "collected": true,
                    "purposes": ["app_functionality"],
                    "methods": ["automatic_by_app"],
                    "scope": ["precise location"],
                    "consent_obtained": true,
                    "optional": true,
                    "shared": false
                }]
            }
        },
        "developer": {
            "entity": { "name": "Example Edge Co., Ltd.", "unified_social_credit_code": "91110000000000000X" },
            "licences": [{
                "kind": "internet_news_information_service_licence",
                "number": "11120170001",
                "issuer": "Cyberspace Administration of China",
                "valid_until": "2021-12-31"
            }],
            "content_moderation": {
                "mechanism": true,
                "measures": ["warn", "restrict_functions", "suspend_updates", "close_account"],
                "records_kept": true,
                "reports_to_authorities": true
            },
            "logs": { "recorded": true, "retention": 90 },
            "ip_infringement_review": {
                "date": "2020-01-15",
                "reviewer": "external counsel",
                "findings": [{ "description": "complaint from a rights holder", "status": "alleged", "date": "2019-11-02" }]
            }
        }
    })
}

/// The compliant app with facts changed: `(JSON pointer, new value)`, `None` removing the fact.
fn edited(edits: &[(&str, Option<Value>)]) -> String {
    let mut bundle = compliant();
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_else(|| panic!("pointer `{pointer}`"));
        let Some(Value::Object(object)) = bundle.pointer_mut(parent) else {
            panic!("no object at `{parent}`")
        };
        match value {
            Some(value) => {
                let old = object.insert(key.to_string(), value.clone());
                assert!(old.is_some(), "`{pointer}` is not a fact of the compliant app");
            }
            None => assert!(object.remove(key).is_some(), "`{pointer}` is not a fact of the compliant app"),
        }
    }
    bundle.to_string()
}

fn set(pointer: &str, value: Value) -> (&str, Option<Value>) {
    (pointer, Some(value))
}

fn remove(pointer: &str) -> (&str, Option<Value>) {
    (pointer, None)
}

/// What clause must say on a hand-written case (regorus must then agree on violations).
enum Expect {
    /// Exactly this rule violated, the other eleven satisfied.
    OnlyViolated(&'static str),
    /// This rule has this outcome.
    Rule(&'static str, Outcome),
    /// All twelve rules have this outcome.
    All(Outcome),
}

fn cases() -> Vec<(&'static str, String, Expect)> {
    use Expect::{All, OnlyViolated, Rule};
    let rule = |id: &str| -> &'static str {
        TWELVE
            .iter()
            .copied()
            .find(|r| r.strip_prefix("cac-2016/") == Some(id))
            .unwrap_or_else(|| panic!("{id}"))
    };
    vec![
        ("compliant", edited(&[]), All(Outcome::Satisfied)),
        // One violation per rule.
        (
            "licence expired the day before",
            edited(&[set("/developer/licences/0/valid_until", json!("2020-05-31"))]),
            OnlyViolated(rule("required-licences-held")),
        ),
        (
            "no real-name verification",
            edited(&[set("/app/registration/verification_methods", json!(["no_verification"]))]),
            OnlyViolated(rule("registered-users-real-name-verified")),
        ),
        (
            "no collection method stated",
            edited(&[set("/privacy/disclosure/items/0/methods", json!([]))]),
            OnlyViolated(rule("disclosure-states-purpose-method-scope")),
        ),
        (
            "collected without consent",
            edited(&[set("/privacy/disclosure/items/0/consent_obtained", json!(false))]),
            OnlyViolated(rule("personal-information-collected-with-consent")),
        ),
        (
            "no review mechanism",
            edited(&[set("/developer/content_moderation/mechanism", json!(false))]),
            OnlyViolated(rule("content-review-mechanism-in-place")),
        ),
        (
            "disposals not reported",
            edited(&[set("/developer/content_moderation/reports_to_authorities", json!(false))]),
            OnlyViolated(rule("content-disposals-recorded-and-reported")),
        ),
        (
            "location on by default",
            edited(&[set("/app/capabilities/0/enabled_by_default", json!(true))]),
            OnlyViolated(rule("no-named-sensitive-function-without-notice-and-consent")),
        ),
        (
            "unrelated function switched on",
            edited(&[set("/app/functions/0/related_to_service", json!(false))]),
            OnlyViolated(rule("no-unrelated-function")),
        ),
        (
            "unrelated app bundled without consent",
            edited(&[set("/app/bundled_installs/0/user_consented", json!(false))]),
            OnlyViolated(rule("no-unrelated-bundled-install")),
        ),
        (
            "confirmed infringement",
            edited(&[set("/developer/ip_infringement_review/findings/0/status", json!("confirmed"))]),
            OnlyViolated(rule("no-confirmed-ip-infringement")),
        ),
        (
            "logs kept 59 days",
            edited(&[set("/developer/logs/retention", json!(59))]),
            OnlyViolated(rule("user-logs-kept-60-days")),
        ),
        (
            "complaint entry not convenient",
            edited(&[set("/app/complaint_entry/convenient", json!(false))]),
            OnlyViolated(rule("app-complaint-entry-provided")),
        ),
        // Boundaries: on the day, not before it; durations as numbers of days or in ISO 8601.
        (
            "logs kept 60 days",
            edited(&[set("/developer/logs/retention", json!(60))]),
            Rule(rule("user-logs-kept-60-days"), Outcome::Satisfied),
        ),
        (
            "licence valid until the as-of date",
            edited(&[set("/developer/licences/0/valid_until", json!("2020-06-01"))]),
            Rule(rule("required-licences-held"), Outcome::Satisfied),
        ),
        (
            "logs kept P8W (56 days)",
            edited(&[set("/developer/logs/retention", json!("P8W"))]),
            Rule(rule("user-logs-kept-60-days"), Outcome::Violated),
        ),
        (
            "logs kept P59D",
            edited(&[set("/developer/logs/retention", json!("P59D"))]),
            Rule(rule("user-logs-kept-60-days"), Outcome::Violated),
        ),
        (
            "logs kept P8W4D (60 days)",
            edited(&[set("/developer/logs/retention", json!("P8W4D"))]),
            Rule(rule("user-logs-kept-60-days"), Outcome::Satisfied),
        ),
        // Missing facts: clause cannot decide, and regorus finds no violation.
        (
            "logs retention missing",
            edited(&[remove("/developer/logs/retention")]),
            Rule(rule("user-logs-kept-60-days"), Outcome::Undetermined),
        ),
        (
            "licence expiry missing",
            edited(&[remove("/developer/licences/0/valid_until")]),
            Rule(rule("required-licences-held"), Outcome::Undetermined),
        ),
        (
            "no infringement review",
            edited(&[remove("/developer/ip_infringement_review")]),
            Rule(rule("no-confirmed-ip-infringement"), Outcome::Undetermined),
        ),
        (
            "bundled app's consent missing",
            edited(&[remove("/app/bundled_installs/0/user_consented")]),
            Rule(rule("no-unrelated-bundled-install"), Outcome::Undetermined),
        ),
        // A fact that decides alone: the missing one does not matter.
        (
            "logs not recorded, retention missing",
            edited(&[set("/developer/logs/recorded", json!(false)), remove("/developer/logs/retention")]),
            OnlyViolated(rule("user-logs-kept-60-days")),
        ),
        (
            "location on by default, consent missing",
            edited(&[
                set("/app/capabilities/0/enabled_by_default", json!(true)),
                remove("/app/capabilities/0/consent_obtained"),
            ]),
            OnlyViolated(rule("no-named-sensitive-function-without-notice-and-consent")),
        ),
        // Art. 2's scope: outside it nothing applies, however many duties are broken.
        (
            "not offered in the PRC",
            edited(&[
                set("/app/offered_in_prc", json!(false)),
                set("/developer/logs/retention", json!(7)),
                set("/developer/content_moderation/mechanism", json!(false)),
            ]),
            All(Outcome::NotApplicable),
        ),
        (
            "no information services",
            edited(&[
                set("/app/provides_information_services", json!(false)),
                set("/app/complaint_entry/provided", json!(false)),
            ]),
            All(Outcome::NotApplicable),
        ),
        (
            "scope unknown",
            edited(&[remove("/app/offered_in_prc"), set("/developer/logs/retention", json!(7))]),
            All(Outcome::Undetermined),
        ),
    ]
}

/// Loads `text` as a catalogue line and fails on any diagnostic: a typo in a hand-written case
/// would otherwise turn into a missing fact and pass for the wrong reason.
fn assert_loads_cleanly(name: &str, text: &str) {
    let mut sources = SourceMap::new();
    let id = sources.add("<case>", text);
    let parsed = facts::parse(&PROGRAM.schema, id, text, Format::Json, &LoadOptions::default());
    assert!(parsed.diagnostics.is_empty(), "case `{name}` does not load cleanly: {:?}", parsed.diagnostics);
}

fn check_expectation(name: &str, judgement: &Judgement, expect: &Expect) {
    let outcomes: Vec<String> =
        TWELVE.iter().zip(judgement.clause).map(|(rule, o)| format!("{rule}: {}", o.as_str())).collect();
    let holds = match expect {
        Expect::OnlyViolated(rule) => TWELVE
            .iter()
            .zip(judgement.clause)
            .all(|(r, o)| o == if r == rule { Outcome::Violated } else { Outcome::Satisfied }),
        Expect::Rule(rule, outcome) => judgement.clause_says(rule, *outcome),
        Expect::All(outcome) => judgement.clause.iter().all(|o| o == outcome),
    };
    let wanted = match expect {
        Expect::OnlyViolated(rule) => format!("only {rule} violated"),
        Expect::Rule(rule, outcome) => format!("{rule} {}", outcome.as_str()),
        Expect::All(outcome) => format!("all twelve {}", outcome.as_str()),
    };
    assert!(holds, "case `{name}`: expected {wanted}, clause says\n{}", outcomes.join("\n"));
}

#[test]
fn hand_written_edge_cases_get_the_same_violations_from_clause_and_both_regorus_modes() {
    let mut judges = Judges::new();
    let mut tally = Tally::default();
    for (index, (name, text, expect)) in cases().iter().enumerate() {
        assert_loads_cleanly(name, text);
        let judgement = judges.judge(index, text);
        check_expectation(name, &judgement, expect);
        tally.add(&format!("case `{name}`"), &judgement);
    }
    tally.assert_agreement();
    assert!(tally.unexercised().is_empty(), "{}", tally.unexercised().join("\n"));
}

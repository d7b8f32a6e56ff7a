//! Packs that compose over one facts model: two small regulation packs (`tests/packs/law-a`,
//! `law-b`) over a shared one (`shop-facts`), through the library's engine (texts in, no file
//! system) and through the binary (coverage, W0301, test cases).

use clause::diagnostic::render::{to_text, Style};
use clause::engine::Engine;
use clause::eval::Outcome;
use clause::facts::Format;
use clause::pack::PackSource;
use clause::source::SourceMap;
use clause::time::Date;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A pack's files, read here so the engine itself never touches the file system.
fn pack(name: &str) -> PackSource {
    let dir = root().join("tests/packs").join(name);
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "clause"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{e}"));
            (format!("{name}/{}", p.file_name().unwrap_or_default().to_string_lossy()), text)
        })
        .collect();
    files.sort();
    PackSource { origin: name.to_string(), files, dir: None }
}

/// A pack written inline, for the error cases.
fn inline(origin: &str, files: &[(&str, &str)]) -> PackSource {
    PackSource {
        origin: origin.to_string(),
        files: files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect(),
        dir: None,
    }
}

fn engine(packs: Vec<PackSource>, available: &[PackSource]) -> Result<(Engine, SourceMap), String> {
    let mut sources = SourceMap::new();
    match Engine::new(&mut sources, packs, available) {
        Ok(e) => Ok((e, sources)),
        Err(d) => Err(to_text(&sources, &d, Style::Plain)),
    }
}

fn both_laws() -> (Engine, SourceMap) {
    // `shop-facts` is not given: it is resolved from the packs available, as the bundled ones are.
    engine(vec![pack("law-a"), pack("law-b")], &[pack("shop-facts")]).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn two_packs_share_one_facts_model_extended_by_one_of_them() {
    let (engine, mut sources) = both_laws();
    let ids: Vec<(&str, bool)> = engine.packs().iter().map(|p| (p.id.as_str(), p.dependency)).collect();
    assert_eq!(
        ids,
        [("shop-facts", true), ("law-a", false), ("law-b", false)],
        "load order: dependencies first"
    );
    let schema = &engine.program().schema;
    let (_, app) = schema.document_by_name("app").unwrap_or_else(|| panic!("no app document"));
    let record = schema.record(app.record);
    let minors = record.field("minors_mode").map(|(_, f)| f.pack.as_str());
    assert_eq!(minors, Some("law-a"), "the extension's field is added to the shared document");
    assert_eq!(record.field("package_id").map(|(_, f)| f.pack.as_str()), Some("shop-facts"));
    let platform = schema.enums.iter().find(|e| e.name == "platform").unwrap_or_else(|| panic!("no enum"));
    let values: Vec<(&str, &str)> =
        platform.variants.iter().map(|v| (v.name.as_str(), v.pack.as_str())).collect();
    assert_eq!(values, [("android", "shop-facts"), ("ios", "shop-facts"), ("harmonyos", "law-a")]);

    // One set of facts, both laws: law-a reads the extended field, law-b the shared predicate,
    // constant and calendar (2024-10-01..07 are rest days, so a period ending then moves on).
    let selection = engine.select(&[], Date::parse("2024-12-01")).unwrap_or_else(|d| panic!("{d:?}"));
    let facts = "app: { package_id: x.y, platform: harmonyos, launched: 2024-09-27, filed_on: 2024-10-08, minors_mode: false }\n";
    let verdicts = engine
        .check(&mut sources, &selection, "app.yaml", facts, Format::Yaml)
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let outcome = |id: &str| verdicts.iter().find(|v| v.rule == id).map(|v| v.outcome);
    assert_eq!(
        outcome("law-a/filed-in-time"),
        Some(Outcome::Satisfied),
        "2024-10-07 is a holiday: due 10-08"
    );
    assert_eq!(outcome("law-b/filed"), Some(Outcome::Satisfied));
    assert_eq!(outcome("law-a/minors-mode"), Some(Outcome::Violated));
    assert_eq!(outcome("law-b/ios-filed"), Some(Outcome::NotApplicable));
    // The shared party is bound by both laws' rules.
    let party = |reg: &str| {
        let r = engine.program().regulations.iter().find(|r| r.id == reg).unwrap_or_else(|| panic!("{reg}"));
        r.parties.iter().map(|p| p.name.clone()).collect::<Vec<_>>()
    };
    assert_eq!(party("law-a"), ["provider"]);
    assert_eq!(party("law-b"), ["provider"]);
}

#[test]
fn the_engine_selects_regulations_and_names_the_ones_there_are() {
    let (engine, _) = both_laws();
    let only_b = engine.select(&["law-b".to_string()], None).unwrap_or_else(|d| panic!("{d:?}"));
    let ids: Vec<&str> =
        only_b.regulations.iter().map(|&i| engine.program().regulations[i].id.as_str()).collect();
    assert_eq!(ids, ["law-b"]);
    assert_eq!(only_b.rules.len(), 2);
    let typo = engine.select(&["law-c".to_string()], None).err().map(|d| (d.message.clone(), d.help.clone()));
    let (message, help) = typo.unwrap_or_else(|| panic!("an unknown regulation is an error"));
    assert_eq!(message, "unknown regulation `law-c`");
    assert!(help.is_some_and(|h| h.contains("law-a") || h.contains("law-b")));
}

#[test]
fn the_engine_reports_bad_facts_instead_of_evaluating_them() {
    let (engine, mut sources) = both_laws();
    let selection = engine.select(&[], None).unwrap_or_else(|d| panic!("{d:?}"));
    let errors = engine
        .check(
            &mut sources,
            &selection,
            "bad.yaml",
            "app: { package_id: x, launched: not-a-date }\n",
            Format::Yaml,
        )
        .err()
        .unwrap_or_else(|| panic!("a wrong type is an error"));
    let text = to_text(&sources, &errors, Style::Plain);
    assert!(text.contains("bad.yaml:1:"), "{text}");
}

#[test]
fn a_type_declared_by_two_packs_is_an_error_naming_both() {
    let rival = inline(
        "rival",
        &[("rival/pack.clause", "pack rival { requires shop-facts }\nenum platform { web }\n")],
    );
    let error = engine(vec![rival], &[pack("shop-facts")]).err().unwrap_or_default();
    assert!(
        error.contains(
            "error[E0205]: the type `platform` is declared by pack `shop-facts` and by pack `rival`"
        ),
        "{error}"
    );
    assert!(error.contains("rival/pack.clause:2:6"), "the second place: {error}");
    assert!(error.contains("shop-facts/model.clause"), "the first place: {error}");
    assert!(error.contains("extend enum platform"), "the help says how to add to it: {error}");
}

#[test]
fn a_field_added_twice_is_an_error_naming_both_places() {
    let again = inline(
        "again",
        &[(
            "again/pack.clause",
            "pack again { requires shop-facts }\nextend document app { launched: date doc \"x\" }\n",
        )],
    );
    let error = engine(vec![again], &[pack("shop-facts")]).err().unwrap_or_default();
    assert!(error.contains("`app` already has the field `launched`, from pack `shop-facts`"), "{error}");
    assert!(error.contains("again/pack.clause:2:23") && error.contains("shop-facts/model.clause"), "{error}");
}

#[test]
fn extending_what_is_not_there_says_what_is() {
    let typo = inline(
        "typo",
        &[("typo/pack.clause", "pack typo { requires shop-facts }\nextend enum platfrom { web }\n")],
    );
    let error = engine(vec![typo], &[pack("shop-facts")]).err().unwrap_or_default();
    assert!(error.contains("E0230") && error.contains("there is no enum `platfrom` to extend"), "{error}");
    assert!(error.contains("`platform`"), "did you mean: {error}");
    let wrong_kind = inline(
        "kind",
        &[("kind/pack.clause", "pack kind { requires shop-facts }\nextend record app { x: string }\n")],
    );
    let error = engine(vec![wrong_kind], &[pack("shop-facts")]).err().unwrap_or_default();
    assert!(
        error.contains("`app` is a document, not a record") && error.contains("extend document app"),
        "{error}"
    );
}

#[test]
fn a_missing_dependency_is_named_where_it_is_required() {
    let error = engine(vec![pack("law-a")], &[]).err().unwrap_or_default();
    assert!(
        error.contains(
            "error[E0233]: the pack `law-a` requires `shop-facts`, which is neither given nor bundled"
        ),
        "{error}"
    );
    assert!(error.contains("law-a/pack.clause:3:14"), "{error}");
}

#[test]
fn one_pack_loaded_twice_is_an_error_naming_both_versions() {
    let copy =
        inline("elsewhere/shop-facts", &[("copy/pack.clause", "pack shop-facts { version \"2.0.0\" }\n")]);
    let error = engine(vec![pack("shop-facts"), copy], &[]).err().unwrap_or_default();
    assert!(error.contains("E0234"), "{error}");
    assert!(error.contains("version 1.0.0") && error.contains("version 2.0.0"), "{error}");
}

#[test]
fn a_cycle_of_requirements_is_an_error() {
    let a = inline("a", &[("a/pack.clause", "pack a { requires b }\n")]);
    let b = inline("b", &[("b/pack.clause", "pack b { requires a }\n")]);
    let error = engine(vec![a, b], &[]).err().unwrap_or_default();
    assert!(error.contains("E0233") && error.contains("a → b → a"), "{error}");
}

#[test]
fn a_name_two_dependencies_share_must_be_qualified() {
    let one = inline("one", &[("one/pack.clause", "pack one {}\nsubject app { id app.id }\ndocument app { id: string }\nconst limit = 3\nparty owner { subject app }\n")]);
    let two = inline(
        "two",
        &[("two/pack.clause", "pack two { requires one }\nconst limit = 4\nparty owner { subject app }\n")],
    );
    let law = |require: &str, party: &str| {
        inline(
            "law",
            &[(
                "law/pack.clause",
                &format!(
                    "pack law {{ requires one, two }}\nregulation law {{ in force from 2024-01-01\n  article 1 {{ rule r {{ severity error applies to {party} require len(app.id) <= {require} }} }} }}\n"
                ),
            )],
        )
    };
    // `two` declares `limit` and `owner` too, and `law` requires both: unqualified is ambiguous.
    let error = engine(vec![law("limit", "owner"), one.clone(), two.clone()], &[]).err().unwrap_or_default();
    assert!(error.contains("E0231") && error.contains("the name `limit` is declared by packs"), "{error}");
    assert!(error.contains("the party `owner` is declared by packs"), "{error}");
    assert!(error.contains("one::limit") || error.contains("two::limit"), "the help qualifies: {error}");
    // Qualified, it checks; a pack not in view is named.
    let ok = engine(vec![law("two::limit", "one::owner"), one.clone(), two.clone()], &[]);
    assert!(ok.is_ok(), "{}", ok.err().unwrap_or_default());
    let error = engine(vec![law("three::limit", "owner"), one, two], &[]).err().unwrap_or_default();
    assert!(error.contains("names pack `three`, which this pack does not depend on"), "{error}");
}

#[test]
fn the_bundled_packs_load_through_the_engine() {
    let mut sources = SourceMap::new();
    let engine =
        Engine::bundled(&mut sources).unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)));
    let ids: Vec<&str> = engine.packs().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["base", "cac-2016"]);
    assert_eq!(
        engine.program().regulations.iter().map(|r| r.pack.as_str()).collect::<Vec<_>>(),
        ["cac-2016"]
    );
    assert!(engine.digest().starts_with("sha256:"));
}

// ───────────── through the binary ─────────────

fn clause(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn coverage_is_per_regulation_and_counts_only_the_packs_tested() {
    let (code, stdout, stderr) = clause(&["test", "tests/packs", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let regs = &report["coverage"]["regulations"];
    assert_eq!(regs[0]["id"], "law-a");
    assert_eq!(regs[0]["percent"], 100.0);
    assert_eq!(regs[1]["id"], "law-b");
    assert_eq!(regs[1]["percent"], 50.0);
    // One pack alone: its own rules only, with its dependency resolved from the directory given.
    let (code, stdout, stderr) =
        clause(&["test", "tests/packs/law-a", "--policy", "tests/packs/shop-facts", "--min-coverage", "100"]);
    assert_eq!(code, 0, "law-a is fully covered whatever else is loaded: {stdout}{stderr}");
    // `--regulation` filters what is covered.
    let (code, _, stderr) = clause(&["test", "tests/packs", "--regulation", "law-b", "--min-coverage", "60"]);
    assert_eq!(code, 1, "law-b alone is at 50 %: {stderr}");
    assert!(stderr.contains("coverage 50.0% is below the minimum 60.0%"), "{stderr}");
}

#[test]
fn a_case_file_runs_against_the_pack_it_lies_in() {
    let (code, stdout, stderr) =
        clause(&["test", "tests/packs/law-a/tests/law-a.yaml", "--policy", "tests/packs/shop-facts"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}

#[test]
fn untested_rules_are_found_in_a_directory_of_packs() {
    let (code, stdout, stderr) = clause(&["lint", "tests/packs"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stderr.contains("warning[W0301]: rule `law-b/ios-filed` has no test case"), "{stderr}");
    assert!(!stderr.contains("law-a/"), "law-a's rules are all tested: {stderr}");
    assert!(stdout.contains("1 warning"), "{stdout}");
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-packs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")).flatten() {
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn a_typo_in_a_test_cases_facts_fails_the_run() {
    let dir = temp_dir("typo");
    copy_dir(&root().join("tests/packs"), &dir);
    let case = dir.join("law-a/tests/law-a.yaml");
    let text = std::fs::read_to_string(&case).unwrap_or_else(|e| panic!("{e}"));
    // `minor_mode` for `minors_mode`: the fixture's `true` would have stayed and the case passed.
    let typo =
        text.replace("minors_mode: false", "minor_mode: false").replace("law-a/minors-mode: violated\n", "");
    std::fs::write(&case, typo).unwrap_or_else(|e| panic!("{e}"));
    let (code, stdout, stderr) = clause(&["test", &dir.display().to_string()]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stderr.contains("E0413") && stderr.contains("minor_mode"), "{stderr}");
    assert!(stderr.contains("minors_mode"), "did you mean: {stderr}");
}

#[test]
fn a_copy_of_a_pack_passes_its_own_tests_and_a_fixture_outside_it_is_an_error() {
    let dir = temp_dir("copy");
    copy_dir(&root().join("policies/cac-2016"), &dir.join("cac-2016"));
    let (code, stdout, stderr) =
        clause(&["test", &dir.join("cac-2016").display().to_string(), "--min-coverage", "100"]);
    assert_eq!(code, 0, "a copied pack (base resolved from the bundled packs): {stdout}{stderr}");
    let outside = dir.join("cac-2016/tests/outside.yaml");
    std::fs::write(
        &outside,
        "cases:\n  - name: outside\n    facts_file: ../../../elsewhere.yaml\n    expect: {}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = clause(&["test", &dir.join("cac-2016").display().to_string()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("E0428") && stderr.contains("lies outside the pack"), "{stderr}");
}

#[test]
fn doc_finds_the_cases_of_every_pack_and_documents_the_regulations_selected() {
    let out = temp_dir("doc");
    let (code, stdout, stderr) = clause(&[
        "doc",
        "--policy",
        "tests/packs",
        "--regulation",
        "law-a",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(!stderr.contains("no policy test cases found"), "the packs' tests/ are found: {stderr}");
    assert!(out.join("en/law-a/art-1.html").is_file(), "law-a is documented");
    assert!(!out.join("en/law-b").exists(), "law-b was not selected");
    let page = std::fs::read_to_string(out.join("en/law-a/art-1.html")).unwrap_or_default();
    assert!(
        page.contains("filed late, counting the National Day holidays"),
        "a worked example from law-a's cases"
    );
    let facts = std::fs::read_to_string(out.join("md/en/facts.md")).unwrap_or_default();
    assert!(
        facts.contains("added by pack law-a"),
        "the facts reference says which pack added a fact: {facts}"
    );
}

#[test]
fn schema_prints_the_merged_model_and_refuses_a_regulation_filter() {
    let (code, stdout, stderr) = clause(&["schema", "--policy", "tests/packs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("\"minors_mode\"") && stdout.contains("\"harmonyos\""), "extensions are in it");
    let (code, _, stderr) = clause(&["schema", "--policy", "tests/packs", "--regulation", "law-a"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`--regulation` does not narrow it"), "{stderr}");
}

#[test]
fn packs_lists_what_a_run_loads() {
    // `shop-facts` is neither bundled nor given: law-b alone cannot load, and says why.
    let (code, stdout, stderr) = clause(&["packs", "--policy", "tests/packs/law-b", "--format", "json"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("E0233") && stdout.contains("\"error\""), "{stderr}{stdout}");
    let (code, stdout, stderr) = clause(&["packs", "--policy", "tests/packs", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(report["packs"][0]["id"], "shop-facts");
    assert_eq!(report["packs"][1]["requires"][0], "shop-facts");
    let law_b = &report["regulations"][1];
    assert_eq!(law_b["id"], "law-b");
    assert_eq!(law_b["rules"], 2);
    assert_eq!(law_b["rules_by_severity"]["error"], 1);
    assert_eq!(law_b["rules_by_severity"]["warning"], 1);
    assert!(report["policy"]["digest"].as_str().is_some_and(|d| d.starts_with("sha256:")));
    let (code, stdout, _) = clause(&["packs"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("base 1.0.0") && stdout.contains("cac-2016 2.0.0  bundled:cac-2016, requires base"),
        "{stdout}"
    );
    assert!(stdout.contains("36 rules: 32 error, 4 warning, 0 info"), "{stdout}");
}

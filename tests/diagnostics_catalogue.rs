//! The diagnostics catalogue, `docs/diagnostics.md`: generated here and checked here, so it
//! cannot drift from the code.
//!
//! - Every code the source can emit (every `"E0…"`/`"W0…"` literal in `src/**/*.rs`, outside
//!   `#[cfg(test)]` modules) must have an example in the catalogue, and the catalogue may
//!   document no code the source no longer emits.
//! - Every example must actually produce its code.
//! - The committed `docs/diagnostics.md` must equal what this file renders;
//!   `CLAUSE_BLESS=1 cargo test --test diagnostics_catalogue` rewrites it.
//!
//! Examples: `tests/lang/errors/*.clause` for checker codes (compiled with
//! `tests/lang/prelude.clause`, as `tests/lang.rs` does), `tests/diagnostics/` for the others;
//! facts and test-case files are loaded with the bundled schema (`policies/base`), and
//! `E00xx`/`W00xx` come from runs of the real binary. Meanings come from the code tables in
//! `docs/language.md` (`E01xx`, `E02xx`, `W02xx`) and `src/facts.rs` (`E04xx`, `W04xx`), and
//! from [`CLI_MEANINGS`] for `E00xx`/`W00xx`, which `docs/output.md` describes in prose.

use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::Diagnostic;
use clause::facts::{self, Format, LoadOptions};
use clause::schema::Schema;
use clause::source::SourceMap;
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

const DOC: &str = "docs/diagnostics.md";
const PRELUDE: &str = "tests/lang/prelude.clause";
const BLESS: &str = "CLAUSE_BLESS=1 cargo test --test diagnostics_catalogue";

/// `E0100` reports a bug in clause (a parse tree the lowering does not expect): no input can
/// produce it, so it is documented without an example and exempt from the "produces its code"
/// check.
const INTERNAL: &str = "E0100";

/// The meanings of the command-line codes (in prose in `docs/output.md`).
const CLI_MEANINGS: &[(&str, &str)] = &[
    ("E0001", "a policy or facts path that cannot be read (missing, permission denied), or a policy directory with no `.clause` files"),
    ("E0002", "a policy file that is not valid UTF-8"),
    ("E0003", "a subject that is not a facts file: a wrong extension, a directory with no facts files, or `-` (standard input is not read)"),
    ("E0004", "a bad command line: an invalid `--as-of` or `--fail-on` value, an unknown `--regulation`, or (in the JSON error object only) arguments the parser rejects"),
    ("E0005", "an invalid waivers file, or a waiver without a reason, without an approver or ticket, or without a valid expiry date"),
    ("E0006", "a `--baseline` file that is not a clause JSON or JSON Lines report"),
    ("E0007", "an invalid `clause.toml` (unknown key, wrong type, bad `outputs` entry)"),
    ("W0001", "no `--as-of` date: regulations are evaluated as written, whatever their in-force window (warning)"),
    ("W0002", "the same subject given twice: it is checked twice (warning)"),
    ("W0003", "a waiver that has expired (judged against the run's date, `--today`): it no longer applies (warning)"),
    ("W0004", "a waiver that matches no result in the run (warning)"),
    ("W0005", "a policy directory or file without a pack manifest: loaded as a pack named after it that requires nothing (warning)"),
    ("W0006", "a deprecated form in `clause.toml` (`policy` or `regulation` as one string): still read; the help says what to write (warning)"),
];

/// The example shown for a checker code with several files in `tests/lang/errors/`; other
/// codes show their only (or first) file, and list the rest.
const PREFERRED: &[&str] = &[
    "E0202-unknown-fact-path-typo",
    "E0203-number-compared-with-string",
    "E0205-duplicate-rule-id",
    "E0206-rule-outside-provision",
    "E0207-enum-value-not-allowed",
    "E0212-unknown-function",
    "E0215-duplicate-article",
];

/// A triggering example, by where it is run.
enum Example {
    /// A policy file, compiled together with the prelude.
    Policy(String),
    /// The facts files of one subject (several: a directory subject), loaded with the bundled
    /// schema; `strict` as with `--strict`.
    Facts { path: &'static str, strict: bool },
    /// A policy test-case file, read with the bundled schema.
    Cases(&'static str),
    /// A run of the binary from the repository root; `shows` are files it reads, shown too.
    Cli { args: &'static str, shows: &'static [&'static str] },
    /// A run of the binary in a scratch directory holding one generated file.
    Generated { setup: &'static str, file: &'static str, bytes: fn() -> Vec<u8>, args: &'static str },
    /// A policy file, compiled together with the prelude and linted (`clause lint`); for
    /// `W0301`, with the knowledge that no test case names any rule.
    Lint(String),
    /// No input triggers it.
    Internal,
}

fn examples() -> Vec<(&'static str, Example)> {
    use Example::*;
    let facts = |path| Facts { path, strict: false };
    vec![
        (
            "E0001",
            Cli { args: "check --policy tests/diagnostics/nope.clause examples/news-app.yaml", shows: &[] },
        ),
        (
            "E0002",
            Cli {
                args: "validate --policy tests/diagnostics/E0002-not-utf8.clause",
                shows: &["tests/diagnostics/E0002-not-utf8.clause"],
            },
        ),
        ("E0003", Cli { args: "check --as-of 2020-06-01 README.md", shows: &[] }),
        ("E0004", Cli { args: "check --as-of yesterday examples/news-app.yaml", shows: &[] }),
        (
            "E0005",
            Cli {
                args: "check --as-of 2020-06-01 --today 2026-11-28 --waivers tests/cli/fixtures/waivers/no-reason.yaml examples/flashlight-app.yaml",
                shows: &["tests/cli/fixtures/waivers/no-reason.yaml"],
            },
        ),
        ("E0006", Cli { args: "check --as-of 2020-06-01 --baseline README.md examples/flashlight-app.yaml", shows: &[] }),
        (
            "E0007",
            Cli {
                args: "check --config tests/cli/fixtures/config/unknown-key.toml examples/news-app.yaml",
                shows: &["tests/cli/fixtures/config/unknown-key.toml"],
            },
        ),
        ("W0001", Cli { args: "check examples/late-store.yaml", shows: &[] }),
        (
            "W0002",
            Cli {
                args: "check --as-of 2020-06-01 examples/late-store.yaml examples/late-store.yaml",
                shows: &[],
            },
        ),
        (
            "W0003",
            Cli {
                args: "check --as-of 2020-06-01 --today 2026-11-28 --waivers tests/cli/fixtures/waivers/waivers.yaml examples/flashlight-app.yaml",
                shows: &["tests/cli/fixtures/waivers/waivers.yaml"],
            },
        ),
        (
            "W0004",
            Cli {
                args: "check --as-of 2020-06-01 --today 2026-11-28 --waivers tests/cli/fixtures/waivers/waivers.yaml examples/flashlight-app.yaml",
                shows: &[],
            },
        ),
        (
            "W0005",
            Cli { args: "validate --policy tests/diagnostics/packs/W0005-no-manifest", shows: &["tests/diagnostics/packs/W0005-no-manifest/rules.clause"] },
        ),
        (
            "W0006",
            Cli {
                args: "check --config tests/cli/fixtures/config/deprecated-policy.toml examples/news-app.yaml",
                shows: &["tests/cli/fixtures/config/deprecated-policy.toml"],
            },
        ),
        (
            "E0232",
            Cli {
                args: "validate --policy tests/diagnostics/packs/E0232-two-manifests",
                shows: &["tests/diagnostics/packs/E0232-two-manifests/pack.clause", "tests/diagnostics/packs/E0232-two-manifests/rules.clause"],
            },
        ),
        (
            "E0233",
            Cli {
                args: "validate --policy tests/diagnostics/packs/E0233-missing",
                shows: &["tests/diagnostics/packs/E0233-missing/pack.clause"],
            },
        ),
        (
            "E0234",
            Cli {
                args: "validate --policy tests/diagnostics/packs/E0234-twice-a --policy tests/diagnostics/packs/E0234-twice-b",
                shows: &["tests/diagnostics/packs/E0234-twice-a/pack.clause", "tests/diagnostics/packs/E0234-twice-b/pack.clause"],
            },
        ),
        (
            "E0428",
            Cli {
                args: "test tests/diagnostics/packs/E0428-outside",
                shows: &["tests/diagnostics/packs/E0428-outside/tests/cases.yaml"],
            },
        ),
        ("E0100", Internal),
        ("E0101", Policy("tests/diagnostics/E0101-syntax-error.clause".into())),
        ("E0102", Policy("tests/diagnostics/E0102-invalid-escape.clause".into())),
        ("E0103", Policy("tests/diagnostics/E0103-invalid-date.clause".into())),
        ("E0104", Policy("tests/diagnostics/E0104-number-too-large.clause".into())),
        ("E0105", Policy("tests/diagnostics/E0105-nested-too-deeply.clause".into())),
        (
            "E0401",
            Generated {
                setup: "head -c 16777217 /dev/zero | tr '\\0' '#' > huge.yaml   # 16 MiB and one byte",
                file: "huge.yaml",
                bytes: || vec![b'#'; 16 * 1024 * 1024 + 1],
                args: "check --as-of 2020-06-01 huge.yaml",
            },
        ),
        ("E0402", facts("tests/diagnostics/E0402-not-utf8.yaml")),
        ("E0403", facts("tests/diagnostics/E0403-nul-byte.yaml")),
        ("E0404", facts("tests/diagnostics/E0404-yaml-syntax.yaml")),
        ("E0405", facts("tests/diagnostics/E0405-empty.yaml")),
        ("E0406", facts("tests/diagnostics/E0406-top-level-list.yaml")),
        ("E0407", facts("tests/diagnostics/E0407-two-documents.yaml")),
        ("E0408", facts("tests/diagnostics/E0408-nested-too-deeply.yaml")),
        ("E0409", facts("tests/diagnostics/E0409-anchor.yaml")),
        ("E0410", facts("tests/diagnostics/E0410-tag.yaml")),
        ("E0411", facts("tests/diagnostics/E0411-key-not-a-name.yaml")),
        ("E0412", facts("tests/diagnostics/E0412-duplicate-key.yaml")),
        ("E0413", Facts { path: "tests/diagnostics/E0413-unknown-key-strict.yaml", strict: true }),
        ("E0414", facts("tests/diagnostics/E0414-wrong-type.yaml")),
        ("E0415", facts("tests/diagnostics/E0415-integer-out-of-range.yaml")),
        ("E0416", facts("tests/diagnostics/E0416-invalid-date.yaml")),
        ("E0417", facts("tests/diagnostics/E0417-invalid-duration.yaml")),
        ("E0418", facts("tests/diagnostics/E0418-not-an-enum-value.yaml")),
        ("E0419", facts("tests/diagnostics/E0419-directory-subject")),
        ("E0420", facts("tests/diagnostics/E0420-no-subject-kind.yaml")),
        ("E0421", facts("tests/diagnostics/E0421-unknown-subject-kind.yaml")),
        ("E0422", facts("tests/diagnostics/E0422-no-id.yaml")),
        ("E0423", Cases("tests/diagnostics/E0423-unknown-case-key.yaml")),
        ("E0424", Cases("tests/diagnostics/E0424-not-an-outcome.yaml")),
        ("E0425", Cases("tests/diagnostics/E0425-case-without-expect.yaml")),
        ("E0426", Cases("tests/diagnostics/E0426-case-wrong-shape.yaml")),
        ("W0401", facts("tests/diagnostics/W0401-unknown-key.yaml")),
        ("E0427", facts("tests/diagnostics/E0427-sources-not-positions.yaml")),
        (
            "W0402",
            Cli {
                args: "check --as-of 2020-06-01 tests/diagnostics/W0402-stale-sources",
                shows: &["tests/diagnostics/W0402-stale-sources/imported.yaml"],
            },
        ),
        (
            "E0580",
            Cli {
                args: "check --as-of 2020-06-01 tests/diagnostics/E0580-two-platforms",
                shows: &[],
            },
        ),
        (
            "E0581",
            Cli {
                args: "import ios tests/diagnostics/E0581-not-that-kind/strings.json",
                shows: &["tests/diagnostics/E0581-not-that-kind/strings.json"],
            },
        ),
        (
            "E0501",
            Cli {
                args: "import android tests/import/android/diagnostics/E0501/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0501/AndroidManifest.xml"],
            },
        ),
        (
            "E0502",
            Cli {
                args: "import android tests/import/android/diagnostics/E0502/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0502/AndroidManifest.xml"],
            },
        ),
        (
            "E0503",
            Cli {
                args: "import android tests/import/android/diagnostics/E0503/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0503/AndroidManifest.xml"],
            },
        ),
        (
            "E0504",
            Cli {
                args: "import android tests/import/android/diagnostics/E0504/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0504/AndroidManifest.xml"],
            },
        ),
        (
            "E0505",
            Cli {
                args: "import android tests/import/android/diagnostics/E0505/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0505/AndroidManifest.xml"],
            },
        ),
        (
            "E0506",
            Cli {
                args: "import android tests/import/android/diagnostics/E0506/app/build/intermediates/merged_manifest/debug/AndroidManifest.xml tests/import/android/diagnostics/E0506/app/build/intermediates/merged_manifest/release/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/E0506/app/build/intermediates/merged_manifest/debug/AndroidManifest.xml", "tests/import/android/diagnostics/E0506/app/build/intermediates/merged_manifest/release/AndroidManifest.xml"],
            },
        ),
        (
            "W0501",
            Cli {
                args: "import android tests/import/android/diagnostics/W0501/app/build/intermediates/merged_manifest/debug/AndroidManifest.xml tests/import/android/diagnostics/W0501/app/src/main/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/W0501/app/build/intermediates/merged_manifest/debug/AndroidManifest.xml", "tests/import/android/diagnostics/W0501/app/src/main/AndroidManifest.xml"],
            },
        ),
        (
            "W0502",
            Cli {
                args: "import android tests/import/android/diagnostics/W0502/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/W0502/AndroidManifest.xml"],
            },
        ),
        (
            "W0503",
            Cli {
                args: "import android tests/import/android/diagnostics/W0503/app/src/main/AndroidManifest.xml tests/import/android/diagnostics/W0503/libs/analytics/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/W0503/app/src/main/AndroidManifest.xml", "tests/import/android/diagnostics/W0503/libs/analytics/AndroidManifest.xml"],
            },
        ),
        (
            "W0504",
            Cli {
                args: "import android tests/import/android/diagnostics/W0504/AndroidManifest.xml",
                shows: &["tests/import/android/diagnostics/W0504/AndroidManifest.xml"],
            },
        ),
        (
            "E0535",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0535-not-well-formed/Info.plist",
                shows: &["tests/import/ios/diagnostics/E0535-not-well-formed/Info.plist"],
            },
        ),
        (
            "E0536",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0536-not-a-plist/Info.plist",
                shows: &["tests/import/ios/diagnostics/E0536-not-a-plist/Info.plist"],
            },
        ),
        (
            "E0537",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0537-unknown-element/Info.plist",
                shows: &["tests/import/ios/diagnostics/E0537-unknown-element/Info.plist"],
            },
        ),
        (
            "E0538",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0538-key-without-value/Info.plist",
                shows: &["tests/import/ios/diagnostics/E0538-key-without-value/Info.plist"],
            },
        ),
        (
            "E0539",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0539-top-level-array/PrivacyInfo.xcprivacy",
                shows: &["tests/import/ios/diagnostics/E0539-top-level-array/PrivacyInfo.xcprivacy"],
            },
        ),
        (
            "E0540",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0540-nested-too-deeply/Info.plist",
                shows: &["tests/import/ios/diagnostics/E0540-nested-too-deeply/Info.plist"],
            },
        ),
        (
            "E0541",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0541-truncated-binary/Info.plist",
                shows: &[],
            },
        ),
        (
            "E0542",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0542-strings-syntax/zh-Hans.lproj/InfoPlist.strings",
                shows: &["tests/import/ios/diagnostics/E0542-strings-syntax/zh-Hans.lproj/InfoPlist.strings"],
            },
        ),
        (
            "E0543",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0543-bad-escape/zh-Hans.lproj/InfoPlist.strings",
                shows: &["tests/import/ios/diagnostics/E0543-bad-escape/zh-Hans.lproj/InfoPlist.strings"],
            },
        ),
        (
            "E0544",
            Cli {
                args: "import ios tests/import/ios/diagnostics/E0544-not-utf16/zh-Hans.lproj/InfoPlist.strings",
                shows: &[],
            },
        ),
        (
            "W0535",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0535-empty-usage-description/Info.plist",
                shows: &["tests/import/ios/diagnostics/W0535-empty-usage-description/Info.plist"],
            },
        ),
        (
            "W0536",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0536-duplicate-key/Info.plist",
                shows: &["tests/import/ios/diagnostics/W0536-duplicate-key/Info.plist"],
            },
        ),
        (
            "W0537",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0537-untranslatable-key/Info.plist tests/import/ios/diagnostics/W0537-untranslatable-key/zh-Hans.lproj/InfoPlist.strings",
                shows: &["tests/import/ios/diagnostics/W0537-untranslatable-key/Info.plist", "tests/import/ios/diagnostics/W0537-untranslatable-key/zh-Hans.lproj/InfoPlist.strings"],
            },
        ),
        (
            "W0538",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0538-missing-translation/Info.plist tests/import/ios/diagnostics/W0538-missing-translation/zh-Hans.lproj/InfoPlist.strings",
                shows: &["tests/import/ios/diagnostics/W0538-missing-translation/Info.plist", "tests/import/ios/diagnostics/W0538-missing-translation/zh-Hans.lproj/InfoPlist.strings"],
            },
        ),
        (
            "W0539",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0539-wrong-type/Info.plist",
                shows: &["tests/import/ios/diagnostics/W0539-wrong-type/Info.plist"],
            },
        ),
        (
            "W0540",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0540-unknown-data-type/PrivacyInfo.xcprivacy",
                shows: &["tests/import/ios/diagnostics/W0540-unknown-data-type/PrivacyInfo.xcprivacy"],
            },
        ),
        (
            "W0541",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0541-unknown-purpose/PrivacyInfo.xcprivacy",
                shows: &["tests/import/ios/diagnostics/W0541-unknown-purpose/PrivacyInfo.xcprivacy"],
            },
        ),
        (
            "W0542",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0542-not-an-ios-artefact/GoogleService-Info.plist",
                shows: &["tests/import/ios/diagnostics/W0542-not-an-ios-artefact/GoogleService-Info.plist"],
            },
        ),
        (
            "W0543",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0543-different-bundle-ids/App/Info.plist tests/import/ios/diagnostics/W0543-different-bundle-ids/Widget/Info.plist",
                shows: &["tests/import/ios/diagnostics/W0543-different-bundle-ids/App/Info.plist", "tests/import/ios/diagnostics/W0543-different-bundle-ids/Widget/Info.plist"],
            },
        ),
        (
            "W0544",
            Cli {
                args: "import ios tests/import/ios/diagnostics/W0544-data-type-missing/PrivacyInfo.xcprivacy",
                shows: &["tests/import/ios/diagnostics/W0544-data-type-missing/PrivacyInfo.xcprivacy"],
            },
        ),
        ("E0520", Cli { args: "import apk tests/import/apk/errors/E0520-not-a-zip.apk", shows: &[] }),
        ("E0521", Cli { args: "import apk tests/import/apk/errors/E0521-no-manifest.apk", shows: &[] }),
        ("E0522", Cli { args: "import apk tests/import/apk/errors/E0522-bad-checksum.apk", shows: &[] }),
        ("E0523", Cli { args: "import apk tests/import/apk/errors/E0523-zip-bomb.apk", shows: &[] }),
        ("E0524", Cli { args: "import apk tests/import/apk/errors/E0524-text-manifest.apk", shows: &[] }),
        ("E0525", Cli { args: "import apk tests/import/apk/errors/E0525-truncated.apk", shows: &[] }),
        ("E0526", Cli { args: "import apk tests/import/apk/errors/E0526-string-count-lies.apk", shows: &[] }),
        ("E0527", Cli { args: "import apk tests/import/apk/errors/E0527-string-out-of-range.apk", shows: &[] }),
        ("E0528", Cli { args: "import apk tests/import/apk/errors/E0528-node-before-strings.apk", shows: &[] }),
        ("E0529", Cli { args: "import apk tests/import/apk/errors/E0529-attributes-outside.apk", shows: &[] }),
        ("E0530", Cli { args: "import apk tests/import/apk/errors/E0530-too-deep.apk", shows: &[] }),
        ("E0531", Cli { args: "import apk tests/import/apk/errors/E0531-no-root.apk", shows: &[] }),
        ("E0532", Cli { args: "import apk tests/import/apk/errors/E0532-expands-too-much.apk", shows: &[] }),
        (
            "E0550",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0550-syntax-error/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0550-syntax-error/module.json5"],
            },
        ),
        (
            "E0551",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0551-no-module-json5/AppScope/app.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0551-no-module-json5/AppScope/app.json5"],
            },
        ),
        (
            "E0552",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0552-no-module-object/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0552-no-module-object/module.json5"],
            },
        ),
        (
            "E0553",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0553-permissions-not-an-array/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0553-permissions-not-an-array/module.json5"],
            },
        ),
        (
            "E0554",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0554-permission-not-an-object/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0554-permission-not-an-object/module.json5"],
            },
        ),
        (
            "E0555",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0555-permission-without-name/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0555-permission-without-name/module.json5"],
            },
        ),
        (
            "E0556",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0556-reason-not-a-string/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0556-reason-not-a-string/module.json5"],
            },
        ),
        (
            "E0557",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0557-string-json-wrong-shape/module.json5 tests/import/harmonyos/diagnostics/E0557-string-json-wrong-shape/resources/base/element/string.json",
                shows: &["tests/import/harmonyos/diagnostics/E0557-string-json-wrong-shape/module.json5", "tests/import/harmonyos/diagnostics/E0557-string-json-wrong-shape/resources/base/element/string.json"],
            },
        ),
        (
            "E0558",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/E0558-app-json5-wrong-shape/AppScope/app.json5 tests/import/harmonyos/diagnostics/E0558-app-json5-wrong-shape/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/E0558-app-json5-wrong-shape/AppScope/app.json5", "tests/import/harmonyos/diagnostics/E0558-app-json5-wrong-shape/module.json5"],
            },
        ),
        (
            "W0550",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0550-duplicate-key/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/W0550-duplicate-key/module.json5"],
            },
        ),
        (
            "W0551",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0551-no-string-resources/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/W0551-no-string-resources/module.json5"],
            },
        ),
        (
            "W0552",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0552-undefined-string/module.json5 tests/import/harmonyos/diagnostics/W0552-undefined-string/resources/base/element/string.json",
                shows: &["tests/import/harmonyos/diagnostics/W0552-undefined-string/module.json5", "tests/import/harmonyos/diagnostics/W0552-undefined-string/resources/base/element/string.json"],
            },
        ),
        (
            "W0553",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0553-used-scene-shape/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/W0553-used-scene-shape/module.json5"],
            },
        ),
        (
            "W0554",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0554-not-a-harmonyos-file/build-profile.json5 tests/import/harmonyos/diagnostics/W0554-not-a-harmonyos-file/module.json5",
                shows: &["tests/import/harmonyos/diagnostics/W0554-not-a-harmonyos-file/build-profile.json5", "tests/import/harmonyos/diagnostics/W0554-not-a-harmonyos-file/module.json5"],
            },
        ),
        (
            "W0555",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0555-string-defined-twice/module.json5 tests/import/harmonyos/diagnostics/W0555-string-defined-twice/resources/base/element/string.json",
                shows: &["tests/import/harmonyos/diagnostics/W0555-string-defined-twice/module.json5", "tests/import/harmonyos/diagnostics/W0555-string-defined-twice/resources/base/element/string.json"],
            },
        ),
        (
            "W0556",
            Cli {
                args: "import harmonyos tests/import/harmonyos/diagnostics/W0556-two-app-json5/AppScope/app.json5 tests/import/harmonyos/diagnostics/W0556-two-app-json5/module.json5 tests/import/harmonyos/diagnostics/W0556-two-app-json5/old/AppScope/app.json5",
                shows: &["tests/import/harmonyos/diagnostics/W0556-two-app-json5/AppScope/app.json5", "tests/import/harmonyos/diagnostics/W0556-two-app-json5/module.json5", "tests/import/harmonyos/diagnostics/W0556-two-app-json5/old/AppScope/app.json5"],
            },
        ),
        (
            "E0570",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0570-no-app-json/project.config.json",
                shows: &["tests/import/miniprogram/diagnostics/E0570-no-app-json/project.config.json"],
            },
        ),
        (
            "E0571",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0571-top-level-not-an-object/app.json",
                shows: &["tests/import/miniprogram/diagnostics/E0571-top-level-not-an-object/app.json"],
            },
        ),
        (
            "E0572",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0572-scope-not-an-object/app.json",
                shows: &["tests/import/miniprogram/diagnostics/E0572-scope-not-an-object/app.json"],
            },
        ),
        (
            "E0573",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0573-desc-not-a-string/app.json",
                shows: &["tests/import/miniprogram/diagnostics/E0573-desc-not-a-string/app.json"],
            },
        ),
        (
            "E0574",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0574-private-infos-not-a-list/app.json",
                shows: &["tests/import/miniprogram/diagnostics/E0574-private-infos-not-a-list/app.json"],
            },
        ),
        (
            "E0575",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0575-background-mode-not-a-name/app.json",
                shows: &["tests/import/miniprogram/diagnostics/E0575-background-mode-not-a-name/app.json"],
            },
        ),
        (
            "E0576",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/E0576-appid-not-a-string/app.json tests/import/miniprogram/diagnostics/E0576-appid-not-a-string/project.config.json",
                shows: &["tests/import/miniprogram/diagnostics/E0576-appid-not-a-string/app.json", "tests/import/miniprogram/diagnostics/E0576-appid-not-a-string/project.config.json"],
            },
        ),
        (
            "W0570",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/W0570-duplicate-key/app.json",
                shows: &["tests/import/miniprogram/diagnostics/W0570-duplicate-key/app.json"],
            },
        ),
        (
            "W0571",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/W0571-scope-without-desc/app.json",
                shows: &["tests/import/miniprogram/diagnostics/W0571-scope-without-desc/app.json"],
            },
        ),
        (
            "W0572",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/W0572-unknown-private-info/app.json",
                shows: &["tests/import/miniprogram/diagnostics/W0572-unknown-private-info/app.json"],
            },
        ),
        (
            "W0573",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/W0573-not-a-miniprogram-file/app.json tests/import/miniprogram/diagnostics/W0573-not-a-miniprogram-file/sitemap.json",
                shows: &["tests/import/miniprogram/diagnostics/W0573-not-a-miniprogram-file/app.json", "tests/import/miniprogram/diagnostics/W0573-not-a-miniprogram-file/sitemap.json"],
            },
        ),
        (
            "W0574",
            Cli {
                args: "import miniprogram tests/import/miniprogram/diagnostics/W0574-not-strict-json/app.json",
                shows: &["tests/import/miniprogram/diagnostics/W0574-not-strict-json/app.json"],
            },
        ),
        (
            "E0582",
            Cli { args: "import android tests/diagnostics/E0582-not-utf8/AndroidManifest.xml", shows: &[] },
        ),
        (
            "W0580",
            Cli {
                args: "import android tests/diagnostics/W0580-unmapped/AndroidManifest.xml",
                shows: &["tests/diagnostics/W0580-unmapped/AndroidManifest.xml"],
            },
        ),
    ]
}

/// Further remarks on a code, printed under its meaning.
const REMARKS: &[(&str, &str)] = &[
    ("E0004", "Arguments that the command-line parser itself rejects (an unknown flag, a bad `--format` value) are printed in the parser's own words, without the code; only the JSON error object of `--format json` carries `E0004` for them."),
    ("E0104", "Also reported by the checker, for a duration literal too large once converted to days."),
    ("E0105", "The other case, a policy file larger than 4 MiB, reads `the policy file is too large`."),
    ("E0205", "Also reported while reading the syntax tree, for a clause given twice in one block (`severity`, `when`, `in force`, …)."),
    ("E0401", "Through the library (`clause::facts::parse`) the label reads `this file is N bytes`; the command line never reads more than the limit, and says `this file is larger than 16777216 bytes`."),
    ("E0412", "Also reported for a key given twice in a policy test-case file."),
    ("E0416", "Also reported for an invalid `as_of` in a policy test-case file."),
];

/// One catalogue entry, rendered.
struct Entry {
    code: &'static str,
    meaning: String,
    /// Where and how the example is run.
    how: String,
    /// Markdown: the example.
    example: String,
    /// The plain-text rendering, exactly as clause prints it.
    rendered: String,
    /// The codes the example produced.
    produced: Vec<String>,
    /// Other example files for the same code.
    more: Vec<String>,
}

struct Catalogue {
    entries: Vec<Entry>,
    /// Problems found while building it (missing meanings, examples that do not load).
    problems: Vec<String>,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn read_text(path: &str) -> String {
    String::from_utf8(read(path)).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

/// Text fit for a fenced block: invalid UTF-8 bytes as `\xNN`, control characters other than
/// newlines as `\u{N}`.
fn printable(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() && c != '\n' {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

fn fenced(lang: &str, text: &str) -> String {
    let text = text.trim_end_matches('\n');
    format!("```{lang}\n{text}\n```\n")
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics.iter().map(|d| d.code.to_string()).collect()
}

fn bundled_schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut sources = SourceMap::new();
        match clause::engine::Engine::bundled(&mut sources) {
            Ok(engine) => engine.into_loaded().checked.program.schema,
            Err(d) => panic!("the bundled policy does not check:\n{}", to_text(&sources, &d, Style::Plain)),
        }
    })
}

/// Compiles a policy file with the prelude: the diagnostics (errors, else warnings).
fn compile(path: &str) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let files = vec![(PRELUDE.to_string(), read_text(PRELUDE)), (path.to_string(), read_text(path))];
    let diagnostics = match clause::compile(&mut sources, &files) {
        Ok(checked) => checked.warnings,
        Err(d) => d,
    };
    (sources, diagnostics)
}

/// The facts files of a subject path: the file, or a directory's facts files in name order.
fn facts_files(path: &str) -> Vec<String> {
    let full = root().join(path);
    if !full.is_dir() {
        return vec![path.to_string()];
    }
    let mut names: Vec<String> = std::fs::read_dir(&full)
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect())
        .unwrap_or_default();
    names.retain(|n| Format::from_path(n).is_some());
    names.sort();
    names.into_iter().map(|n| format!("{path}/{n}")).collect()
}

/// Loads one subject as `clause check` does: parse each file, merge, settle its identity.
fn load_facts(path: &str, strict: bool) -> (SourceMap, Vec<Diagnostic>) {
    let schema = bundled_schema();
    let options = LoadOptions { strict, ..LoadOptions::default() };
    let mut sources = SourceMap::new();
    let mut diagnostics = Vec::new();
    let mut bundle: Option<facts::Bundle> = None;
    let mut first = None;
    let mut failed = false;
    for file in facts_files(path) {
        let bytes = read(&file);
        let text = match facts::decode_utf8(&bytes) {
            Ok(text) => text.to_string(),
            Err(problem) => {
                let id = sources.add(file.clone(), String::from_utf8_lossy(&bytes).into_owned());
                diagnostics.push(problem.to_diagnostic(id));
                failed = true;
                continue;
            }
        };
        let id = sources.add(file.clone(), text.clone());
        first.get_or_insert(id);
        let format = Format::from_path(&file).unwrap_or(Format::Yaml);
        let parsed = facts::parse(schema, id, &text, format, &options);
        diagnostics.extend(parsed.diagnostics);
        match (parsed.bundle, &mut bundle) {
            (Some(b), None) => bundle = Some(b),
            (Some(b), Some(base)) => {
                let conflicts = facts::merge(base, b, schema, &sources);
                failed |= !conflicts.is_empty();
                diagnostics.extend(conflicts);
            }
            (None, _) => failed = true,
        }
    }
    if let (false, Some(bundle), Some(first)) = (failed, bundle, first) {
        if let Err(errors) = facts::finish(schema, bundle, &sources, first) {
            diagnostics.extend(errors);
        }
    }
    (sources, diagnostics)
}

fn load_cases(path: &str) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let text = read_text(path);
    let id = sources.add(path, text.clone());
    let parsed = facts::cases::parse_cases(bundled_schema(), id, &text, &LoadOptions::default());
    (sources, parsed.diagnostics)
}

/// Runs the binary (`NO_COLOR=1`, no stdin): the exit code and standard error.
fn run(args: &str, dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clause"))
        .args(args.split_whitespace())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run clause {args}: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `[E0123]` codes in a rendering of the binary.
fn codes_in(text: &str) -> Vec<String> {
    let re = Regex::new(r"^(?:error|warning)\[([EW]\d{4})\]").unwrap_or_else(|e| panic!("{e}"));
    text.lines().filter_map(|l| re.captures(l)).map(|c| c[1].to_string()).collect()
}

fn shown_file(path: &str) -> String {
    let bytes = read(path);
    let lang = match Path::new(path).extension().and_then(|e| e.to_str()) {
        Some("clause") => "clause",
        Some("json") => "json",
        _ => "yaml",
    };
    let note = if std::str::from_utf8(&bytes).is_err() {
        " (a byte that is not UTF-8 is shown as `\\xNN`)"
    } else if bytes.iter().any(|&b| b < 0x20 && b != b'\n') {
        " (a control character is shown as `\\u{N}`)"
    } else {
        ""
    };
    format!("`{path}`{note}:\n\n{}", fenced(lang, &printable(&bytes)))
}

/// Renders one example: how it is run, its markdown, its plain-text diagnostics and the
/// codes produced.
fn render(example: &Example) -> (String, String, String, Vec<String>) {
    let plain = |(sources, d): (SourceMap, Vec<Diagnostic>)| {
        (printable(to_text(&sources, &d, Style::Plain).as_bytes()), codes(&d))
    };
    match example {
        Example::Policy(path) => {
            let (text, produced) = plain(compile(path));
            let how = format!("a policy file, compiled together with [`{PRELUDE}`](../{PRELUDE})");
            (how, shown_file(path), text, produced)
        }
        Example::Lint(path) => {
            let (text, produced) = plain(lint_policy(path));
            let how = format!("a policy file, compiled together with [`{PRELUDE}`](../{PRELUDE}) and linted, as by `clause lint`");
            (how, shown_file(path), text, produced)
        }
        Example::Facts { path, strict } => {
            let (text, produced) = plain(load_facts(path, *strict));
            let files: Vec<String> = facts_files(path).iter().map(|f| shown_file(f)).collect();
            let flag = if *strict { "--strict " } else { "" };
            let what = if files.len() > 1 { "a directory subject" } else { "a facts file" };
            let how = format!("{what}, read with the bundled schema, as by `clause check --as-of 2020-06-01 {flag}{path}`");
            (how, files.join("\n"), text, produced)
        }
        Example::Cases(path) => {
            let (text, produced) = plain(load_cases(path));
            let how = format!("a policy test-case file, read with the bundled schema, as by `clause test {path}`");
            (how, shown_file(path), text, produced)
        }
        Example::Cli { args, shows } => {
            let (code, stderr) = run(args, root());
            let mut md = fenced("sh", &format!("clause {args}   # exit code {code}"));
            for s in *shows {
                let _ = write!(md, "\n{}", shown_file(s));
            }
            let how = "run from the repository root; the message is printed on standard error".to_string();
            (how, md, printable(stderr.as_bytes()), codes_in(&stderr))
        }
        Example::Generated { setup, file, bytes, args } => {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diagnostics-catalogue");
            let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(file), bytes()));
            if let Err(e) = written {
                panic!("cannot write {}: {e}", dir.join(file).display());
            }
            let (code, stderr) = run(args, &dir);
            let _ = std::fs::remove_file(dir.join(file));
            let md = fenced("sh", &format!("{setup}\nclause {args}   # exit code {code}"));
            let how = "run in an empty directory; the message is printed on standard error".to_string();
            (how, md, printable(stderr.as_bytes()), codes_in(&stderr))
        }
        Example::Internal => (
            "none: no input produces it. It means the grammar accepted a shape that the code reading the syntax tree does not expect: a bug in clause, not in the policy; please report it with the policy that caused it".into(),
            String::new(),
            String::new(),
            Vec::new(),
        ),
    }
}

/// `| E0101 | meaning |` rows of a markdown table (also inside `//!` comments).
fn table_meanings(text: &str) -> BTreeMap<String, String> {
    let re =
        Regex::new(r"^(?://!\s*)?\|\s*([EW]\d{4})\s*\|\s*(.*?)\s*\|\s*$").unwrap_or_else(|e| panic!("{e}"));
    text.lines().filter_map(|l| re.captures(l)).map(|c| (c[1].to_string(), c[2].to_string())).collect()
}

/// Lints `path` (with the prelude); `W0301-…` files as if no test case named any rule.
fn lint_policy(path: &str) -> (SourceMap, Vec<Diagnostic>) {
    let mut sources = SourceMap::new();
    let files = vec![(PRELUDE.to_string(), read_text(PRELUDE)), (path.to_string(), read_text(path))];
    let parsed = match clause::parse_all(&mut sources, &files) {
        Ok(p) => p,
        Err(d) => return (sources, d),
    };
    let checked = match clause::check::check(&parsed) {
        Ok(c) => c,
        Err(d) => return (sources, d),
    };
    let known = path.contains("W0301").then(std::collections::BTreeSet::new);
    let warnings =
        clause::lint::lint(&parsed, &checked.program, &clause::lint::Context { tested_rules: known });
    (sources, warnings)
}

/// The lint examples in `tests/lint/`, one per code.
fn lint_examples() -> Vec<(String, String)> {
    let mut names = std::fs::read_dir(root().join("tests/lint"))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .filter(|n| n.starts_with('W') && n.ends_with(".clause"))
        .map(|n| (n.split('-').next().unwrap_or_default().to_string(), format!("tests/lint/{n}")))
        .collect()
}

fn meanings() -> BTreeMap<String, String> {
    let mut all = table_meanings(&read_text("docs/language.md"));
    all.extend(clause::lint::LINTS.iter().map(|(c, name, m)| (c.to_string(), format!("{m} (`{name}`)"))));
    all.extend(table_meanings(&read_text("src/facts.rs")));
    // The importers: src/import.rs and each platform module document their own range.
    for file in rust_files(&root().join("src/import")).into_iter().chain([root().join("src/import.rs")]) {
        let rel = file.strip_prefix(root()).unwrap_or(&file).to_string_lossy().to_string();
        all.extend(table_meanings(&read_text(&rel)));
    }
    all.extend(CLI_MEANINGS.iter().map(|(c, m)| (c.to_string(), m.to_string())));
    all
}

/// The checker examples in `tests/lang/errors/`, by code: (shown, others).
fn lang_errors() -> BTreeMap<String, (String, Vec<String>)> {
    let mut by_code: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let names = std::fs::read_dir(root().join("tests/lang/errors"))
        .map(|rd| rd.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect::<Vec<_>>())
        .unwrap_or_default();
    for name in names {
        if let Some(stem) = name.strip_suffix(".clause") {
            let code = stem.split('-').next().unwrap_or_default().to_string();
            by_code.entry(code).or_default().push(stem.to_string());
        }
    }
    by_code
        .into_iter()
        .map(|(code, mut stems)| {
            stems.sort();
            let shown = stems.iter().position(|s| PREFERRED.contains(&s.as_str())).unwrap_or(0);
            let path = |s: &String| format!("tests/lang/errors/{s}.clause");
            let others =
                stems.iter().enumerate().filter(|(i, _)| *i != shown).map(|(_, s)| path(s)).collect();
            (code, (path(&stems[shown]), others))
        })
        .collect()
}

/// By range, errors before warnings, then by number: `E0004`, `W0001`, `E0100`, ….
fn order(code: &str) -> (String, bool, String) {
    (code[1..3].to_string(), code.starts_with('W'), code[3..].to_string())
}

fn build() -> Catalogue {
    let meanings = meanings();
    let mut problems = Vec::new();
    let mut examples: Vec<(&'static str, Example, Vec<String>)> =
        examples().into_iter().map(|(c, e)| (c, e, Vec::new())).collect();
    for (code, (shown, more)) in lang_errors() {
        let code: &'static str = Box::leak(code.into_boxed_str());
        examples.push((code, Example::Policy(shown), more));
    }
    for (code, path) in lint_examples() {
        let code: &'static str = Box::leak(code.into_boxed_str());
        examples.push((code, Example::Lint(path), Vec::new()));
    }
    examples.sort_by_key(|(c, _, _)| order(c));
    let mut entries = Vec::new();
    for (code, example, more) in examples {
        let meaning = meanings.get(code).cloned().unwrap_or_else(|| {
            problems.push(format!(
                "{code} has no meaning: add it to the code table in docs/language.md or src/facts.rs, or to CLI_MEANINGS"
            ));
            String::new()
        });
        let (how, example, rendered, produced) = render(&example);
        entries.push(Entry { code, meaning, how, example, rendered, produced, more });
    }
    for code in meanings.keys() {
        if !entries.iter().any(|e| e.code == code) {
            problems.push(format!("{code} is in a code table but has no example in the catalogue"));
        }
    }
    Catalogue { entries, problems }
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(build)
}

fn anchor(code: &str) -> String {
    code.to_lowercase()
}

fn markdown(catalogue: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- Generated by tests/diagnostics_catalogue.rs from the examples in tests/lang/errors/ and tests/diagnostics/; do not edit by hand. Regenerate with `{BLESS}`. -->"
    );
    out.push_str(
        "\n# Diagnostic codes\n\n\
         Every diagnostic clause can emit, with a minimal example that triggers it and the message \
         exactly as clause prints it (plain text, as with `NO_COLOR=1` or when piped). \
         `E00xx`/`W00xx`: command line and files; `E01xx`: policy syntax; `E02xx`/`W02xx`: policy \
         checking; `E04xx`/`W04xx`: facts and policy test-case files; `E05xx`/`W05xx`: platform \
         artefacts read by `clause import` and by `clause check`. Errors make the run invalid \
         (exit code 2); warnings do not. See also [language.md](language.md#diagnostic-codes), \
         [output.md](output.md) and [facts-format.md](facts-format.md).\n\n\
         Policy examples are compiled together with \
         [`tests/lang/prelude.clause`](../tests/lang/prelude.clause), which declares the documents \
         `app` and `store`, the enum `perm_state` and the calendar `cn`. Facts and test-case \
         examples are read with the schema of the bundled packs (`policies/base`). \
         File names are relative to the repository root.\n\n",
    );
    out.push_str("| code | meaning |\n|------|---------|\n");
    for e in &catalogue.entries {
        let _ = writeln!(out, "| [{}](#{}) | {} |", e.code, anchor(e.code), e.meaning);
    }
    for e in &catalogue.entries {
        let _ = write!(out, "\n## {}\n\n{}\n", e.code, e.meaning);
        if let Some((_, remark)) = REMARKS.iter().find(|(c, _)| *c == e.code) {
            let _ = write!(out, "\n{remark}\n");
        }
        let _ = write!(out, "\n**Example**: {}.\n", e.how);
        if !e.example.is_empty() {
            let _ = write!(out, "\n{}", e.example);
        }
        if !e.rendered.is_empty() {
            let _ = write!(out, "\n**Rendered**:\n\n{}", fenced("text", &e.rendered));
        }
        if !e.more.is_empty() {
            let links: Vec<String> = e.more.iter().map(|p| format!("[`{p}`](../{p})")).collect();
            let _ = write!(out, "\nMore examples: {}.\n", links.join(", "));
        }
    }
    out
}

/// The `.rs` files under `dir`, recursively, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).map(|rd| rd.flatten().collect::<Vec<_>>()).unwrap_or_default() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every code literal in `src/**/*.rs` outside `#[cfg(test)]` modules, with where it is.
fn source_codes() -> BTreeMap<String, String> {
    let re = Regex::new(r#""([EW]0\d{3})""#).unwrap_or_else(|e| panic!("{e}"));
    let mut found = BTreeMap::new();
    for file in rust_files(&root().join("src")) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let rel = file.strip_prefix(root()).unwrap_or(&file).display().to_string();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            for c in re.captures_iter(line) {
                found.entry(c[1].to_string()).or_insert_with(|| format!("{rel}:{}", n + 1));
            }
        }
    }
    found
}

#[test]
fn catalogue_covers_every_code_the_source_emits() {
    let catalogue = catalogue();
    let source = source_codes();
    assert!(source.len() > 40, "found only {} codes in src/: is the scan broken?", source.len());
    let documented: BTreeSet<&str> = catalogue.entries.iter().map(|e| e.code).collect();
    let mut problems = catalogue.problems.clone();
    for (code, at) in &source {
        if !documented.contains(code.as_str()) {
            problems.push(format!(
                "{code} (emitted at {at}) has no example: add one to tests/diagnostics/ (or tests/lang/errors/) and to examples() in tests/diagnostics_catalogue.rs"
            ));
        }
    }
    for code in documented {
        if !source.contains_key(code) {
            problems.push(format!(
                "{code} is in the catalogue, but the source no longer emits it: remove its example"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/diagnostics.md is out of step with the code:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_example_produces_its_code() {
    let mut problems = Vec::new();
    for e in &catalogue().entries {
        if e.code == INTERNAL {
            continue;
        }
        if !e.produced.iter().any(|c| c == e.code) {
            problems.push(format!("the example for {} produced {:?}:\n{}", e.code, e.produced, e.rendered));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn docs_diagnostics_md_is_up_to_date() {
    let generated = markdown(catalogue());
    let path = root().join(DOC);
    if std::env::var_os("CLAUSE_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("cannot write {DOC}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| committed.lines().count().min(generated.lines().count()) + 1, |i| i + 1);
        panic!(
            "{DOC} is out of date (first difference at line {line}):\n  committed: {:?}\n  generated: {:?}\nregenerate it with `{BLESS}` and review the diff",
            committed.lines().nth(line - 1).unwrap_or(""),
            generated.lines().nth(line - 1).unwrap_or("")
        );
    }
}

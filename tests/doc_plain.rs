//! Rules in plain language (`clause::doc::plain`): every rule of the bundled pack in English
//! and Chinese as reviewed snapshots; each form of expression on a small policy over
//! `tests/lang/prelude.clause`; and checks that no output is empty or leaks the syntax of the
//! policy language.

mod common;

use clause::check::program::Program;
use clause::diagnostic::render::{to_text, Style};
use clause::doc::plain::{self, Plain};
use clause::source::SourceMap;
use clause::syntax::ast::Lang;

const PRELUDE: &str = include_str!("lang/prelude.clause");

fn compile(files: &[(String, String)]) -> Program {
    let mut sources = SourceMap::new();
    clause::compile(&mut sources, files)
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)))
        .program
}

/// An outline as indented lines: `- text`, two spaces per level.
fn outline(items: &[Plain]) -> String {
    fn walk(p: &Plain, depth: usize, out: &mut String) {
        out.push_str(&"  ".repeat(depth));
        out.push_str("- ");
        out.push_str(&p.text);
        out.push('\n');
        for c in &p.children {
            walk(c, depth + 1, out);
        }
    }
    let mut out = String::new();
    for p in items {
        walk(p, 0, &mut out);
    }
    out
}

#[test]
fn bundled_rules_in_english_and_chinese() {
    let program = compile(&common::bundled_policy());
    assert_eq!(program.rules.len(), 36);
    for rule in &program.rules {
        let en = outline(&plain::rule(&program, rule, Lang::En));
        let zh = outline(&plain::rule(&program, rule, Lang::Zh));
        insta::assert_snapshot!(rule.id.clone(), format!("{}\n\n{en}\n{zh}", rule.qualified_id));
    }
}

/// Operators, paths and keywords of the language that a reader of the plain text must never
/// meet; code spans (`` `…` ``) hold only fact paths, values and names.
const SYNTAX: &[&str] = &[
    "==",
    "!=",
    "&&",
    "||",
    "<=",
    ">=",
    " in {",
    "{",
    "}",
    "as_of",
    "period_end(",
    "len(",
    "max(",
    "min(",
    "is present",
    "is absent",
    "(x)",
    "?",
];

fn texts(items: &[Plain], out: &mut Vec<String>) {
    for p in items {
        out.push(p.text.clone());
        texts(&p.children, out);
    }
}

#[test]
fn every_bundled_rule_reads_without_syntax_in_both_languages() {
    let program = compile(&common::bundled_policy());
    for rule in &program.rules {
        for lang in [Lang::En, Lang::Zh] {
            let items = plain::rule(&program, rule, lang);
            let mut all = Vec::new();
            texts(&items, &mut all);
            assert!(items.len() >= 4, "{} ({lang:?}) is too short: {all:?}", rule.qualified_id);
            for text in &all {
                assert!(!text.trim().is_empty(), "{} ({lang:?}) has an empty line", rule.qualified_id);
                for s in SYNTAX {
                    assert!(!text.contains(s), "{} ({lang:?}) shows `{s}`: {text}", rule.qualified_id);
                }
                assert_eq!(text.matches('`').count() % 2, 0, "unbalanced code span: {text}");
                if lang == Lang::Zh {
                    // The Chinese text is Chinese outside code spans (and dates, numbers, ids).
                    let outside: String = text.split('`').step_by(2).collect();
                    assert!(
                        !outside.contains(" the ") && !outside.contains(" is "),
                        "{}: English in Chinese text: {text}",
                        rule.qualified_id
                    );
                }
            }
        }
    }
}

// ───────────── each form of expression, on small policies ─────────────

/// A policy over the prelude with one rule (its body after `applies to provider`) and any
/// extra declarations; its plain outline in English and Chinese.
fn plain_of(decls: &str, body: &str) -> (String, String) {
    let policy = format!(
        "regulation t {{
  in force from 2017-01-01
  party provider {{ subject app title.en \"app provider\" title.zh \"应用提供者\" }}
  {decls}
  article 1 {{
    rule r {{
      severity error
      applies to provider
      {body}
    }}
  }}
}}"
    );
    let program =
        compile(&[("prelude.clause".to_string(), PRELUDE.to_string()), ("case.clause".to_string(), policy)]);
    let rule = &program.rules[0];
    (outline(&plain::rule(&program, rule, Lang::En)), outline(&plain::rule(&program, rule, Lang::Zh)))
}

/// Asserts that `text` has exactly this line.
#[track_caller]
fn has(text: &str, line: &str) {
    assert!(text.lines().any(|l| l == line), "no line\n{line}\nin\n{text}");
}

/// The requirement of `require` in both languages, as the outline shows it.
#[track_caller]
fn required(require: &str, en: &str, zh: &str) {
    let (e, z) = plain_of("", &format!("require {require}"));
    has(&e, en);
    has(&z, zh);
}

#[test]
fn a_rule_says_whom_it_binds_and_what_else() {
    let (en, zh) = plain_of("", "require app.accounts");
    assert_eq!(
        en,
        "- Binds the app provider (checked on each `app` subject), while t is in force: from 2017-01-01.\n\
         - Required: `app.accounts` is true.\n\
         - Otherwise: violation (error).\n\
         - If a fact the outcome depends on is missing, the result is undetermined, never satisfied.\n"
    );
    assert_eq!(
        zh,
        "- 约束应用提供者（就每一 `app` 主体检查），适用于 t 施行期间（自2017年1月1日起）。\n\
         - 应当满足：`app.accounts` 为“是”。\n\
         - 否则：违反（错误）。\n\
         - 结论所依赖的事实缺失的，为“无法判定”，不视为满足。\n"
    );
}

#[test]
fn the_in_force_window_ends_the_day_before_until() {
    let policy = "regulation t {
  in force from 2016-08-01 until 2022-08-01
  party provider { subject app title.en \"app provider\" }
  article 1 { rule r { severity warning applies to provider require app.accounts } }
}";
    let program = compile(&[
        ("prelude.clause".to_string(), PRELUDE.to_string()),
        ("case.clause".to_string(), policy.to_string()),
    ]);
    let en = outline(&plain::rule(&program, &program.rules[0], Lang::En));
    has(&en, "- Binds the app provider (checked on each `app` subject), while t is in force: from 2016-08-01 to 2022-07-31.");
    has(&en, "- Otherwise: violation (warning).");
    let zh = outline(&plain::rule(&program, &program.rules[0], Lang::Zh));
    // No Chinese title: the party's name.
    has(&zh, "- 约束provider（就每一 `app` 主体检查），适用于 t 施行期间（2016年8月1日至2022年7月31日）。");
    has(&zh, "- 否则：违反（警告）。");
}

#[test]
fn and_or_not_are_lists() {
    let (en, zh) = plain_of("", "require app.accounts and (app.users > 10 or not app.info.verified)");
    assert!(en.contains(
        "- Required: all of the following hold:\n  - `app.accounts` is true\n  - `app.users` is more than 10 or `app.info.verified` is false\n"
    ), "{en}");
    assert!(zh.contains(
        "- 应当同时满足下列各项：\n  - `app.accounts` 为“是”\n  - `app.users` 大于10，或 `app.info.verified` 为“否”\n"
    ), "{zh}");
    let (en, zh) = plain_of("", "require not (app.accounts or app.users > 10 or app.info.verified)");
    assert!(en.contains("- Required: none of the following holds:\n  - `app.accounts` is true\n"), "{en}");
    assert!(zh.contains("- 不得出现下列任一情形：\n  - `app.accounts` 为“是”\n"), "{zh}");
    let (en, zh) = plain_of("", "require not (app.accounts and app.info.verified and app.users > 1)");
    assert!(en.contains("- Required: not all of the following hold:\n"), "{en}");
    assert!(zh.contains("- 应当不同时满足下列各项：\n"), "{zh}");
    // Three or more operands, or operands computed from dates, are always a list.
    let (en, _) =
        plain_of("", "when app.accounts or app.users > 1 or app.info.verified require app.accounts");
    assert!(
        en.contains(
            "- The duty arises only when at least one of the following holds:\n  - `app.accounts` is true\n"
        ),
        "{en}"
    );
}

#[test]
fn negations_say_the_opposite() {
    required(
        "not app.accounts",
        "- Required: `app.accounts` is false.",
        "- 应当满足：`app.accounts` 为“否”。",
    );
    required(
        "not (app.users < 3)",
        "- Required: `app.users` is at least 3.",
        "- 应当满足：`app.users` 不小于3。",
    );
    required(
        "not not app.accounts",
        "- Required: `app.accounts` is true.",
        "- 应当满足：`app.accounts` 为“是”。",
    );
    required(
        "not (app.state in {\"granted\", \"denied\"})",
        "- Required: `app.state` is none of `granted` or `denied`.",
        "- 应当满足：`app.state` 不为 `granted`（已授予）、`denied`（已拒绝）中的任何一项。",
    );
    required(
        "app.accounts == false",
        "- Required: `app.accounts` is false.",
        "- 应当满足：`app.accounts` 为“否”。",
    );
    required(
        "true != app.accounts",
        "- Required: `app.accounts` is false.",
        "- 应当满足：`app.accounts` 为“否”。",
    );
    required(
        "not (app.name contains \"x\")",
        "- Required: `app.name` does not contain the text “x”.",
        "- 应当满足：`app.name` 不包含文字“x”。",
    );
}

#[test]
fn comparisons_use_the_words_of_their_type() {
    required(
        "app.users >= 100",
        "- Required: `app.users` is at least 100.",
        "- 应当满足：`app.users` 不小于100。",
    );
    required("app.users != 0", "- Required: `app.users` is not 0.", "- 应当满足：`app.users` 不等于0。");
    required(
        "app.retention >= 60 days",
        "- Required: `app.retention` is at least 60 days.",
        "- 应当满足：`app.retention` 不少于六十日。",
    );
    required(
        "app.retention < 1 week",
        "- Required: `app.retention` is less than 7 days.",
        "- 应当满足：`app.retention` 少于七日。",
    );
    required(
        "app.launched <= 2017-03-01",
        "- Required: `app.launched` is on or before 2017-03-01.",
        "- 应当满足：`app.launched` 不晚于2017年3月1日。",
    );
    required(
        "app.launched > as_of",
        "- Required: `app.launched` is after the evaluation date.",
        "- 应当满足：`app.launched` 晚于评估日。",
    );
    required(
        "app.state == \"granted\"",
        "- Required: `app.state` is `granted` (granted by the user).",
        "- 应当满足：`app.state` 为 `granted`（已授予）。",
    );
    required("app.name != \"x\"", "- Required: `app.name` is not “x”.", "- 应当满足：`app.name` 不为“x”。");
    required(
        "all r in app.requests where r.sent_at >= app.consented_at",
        "- Required: for every request in `app.requests`, the request's sent at (`app.requests[].sent_at`) is at or after `app.consented_at`.",
        "- 应当满足：`app.requests` 中的每一个 `request` 均满足：`app.requests[].sent_at` 不早于 `app.consented_at`。",
    );
    required(
        "app.consented_at == max(app.consented_at, app.consented_at)",
        "- Required: `app.consented_at` is the same instant as the latest of `app.consented_at` and `app.consented_at`.",
        "- 应当满足：`app.consented_at` 为 `app.consented_at`、`app.consented_at` 中的最晚者。",
    );
    required(
        "date_of(app.consented_at) <= app.launched",
        "- Required: the day of `app.consented_at` in China Standard Time (UTC+8) is on or before `app.launched`.",
        "- 应当满足：`app.consented_at` 在北京时间（UTC+8）的日期不晚于 `app.launched`。",
    );
    required(
        "app.name == app.info.method",
        "- Required: `app.name` is the same as `app.info.method`.",
        "- 应当满足：`app.name` 与 `app.info.method` 相同。",
    );
    required(
        "subject.id starts_with \"com.\" and subject.kind == \"app\"",
        "- Required: all of the following hold:",
        "- 应当同时满足下列各项：",
    );
}

#[test]
fn the_evaluation_date_is_named_and_noted() {
    let (en, zh) = plain_of("", "require app.launched <= as_of");
    has(&en, "- If a fact the outcome depends on is missing, the result is undetermined, never satisfied. The rule reads the evaluation date: without one it is undetermined.");
    has(
        &zh,
        "- 结论所依赖的事实缺失的，为“无法判定”，不视为满足。本规则需要评估日；未指定评估日的，无法判定。",
    );
}

#[test]
fn subject_and_string_tests() {
    let (en, zh) = plain_of("", "require subject.id starts_with \"com.\" and subject.kind ends_with \"p\" and app.name matches \"^[a-z]+$\"");
    has(&en, "  - the subject's id starts with “com.”");
    has(&en, "  - the subject's kind ends with “p”");
    has(&en, "  - `app.name` matches the pattern `^[a-z]+$` (a regular expression)");
    has(&zh, "  - 主体的标识以“com.”开头");
    has(&zh, "  - 主体的类型以“p”结尾");
    has(&zh, "  - `app.name` 符合正则表达式 `^[a-z]+$`");
}

#[test]
fn membership_in_sets_and_lists() {
    required(
        "app.state in {\"granted\", \"denied\"}",
        "- Required: `app.state` is one of `granted` or `denied`.",
        "- 应当满足：`app.state` 为 `granted`（已授予）或 `denied`（已拒绝）之一。",
    );
    required(
        "app.state in {\"granted\"}",
        "- Required: `app.state` is `granted` (granted by the user).",
        "- 应当满足：`app.state` 为 `granted`（已授予）。",
    );
    required(
        "\"beta\" in app.tags",
        "- Required: “beta” is among `app.tags`.",
        "- 应当满足：`app.tags` 包含“beta”。",
    );
    required(
        "app.tags contains \"beta\" and app.tags contains \"gamma\"",
        "- Required: each of “beta” and “gamma” is among `app.tags`.",
        "- 应当满足：`app.tags` 同时包含“beta”和“gamma”。",
    );
    required(
        "\"beta\" not in app.tags",
        "- Required: “beta” is not among `app.tags`.",
        "- 应当满足：`app.tags` 不包含“beta”。",
    );
}

#[test]
fn presence() {
    required(
        "app.name is present",
        "- Required: a value is given for `app.name`.",
        "- 应当满足：已提供 `app.name`。",
    );
    required(
        "app.name is absent",
        "- Required: no value is given for `app.name`.",
        "- 应当满足：未提供 `app.name`。",
    );
}

#[test]
fn arithmetic_on_dates_lengths_and_numbers() {
    required(
        "app.launched + 30 days + 15 days >= as_of",
        "- Required: the day 45 days (30 days plus 15 days) after `app.launched` is on or after the evaluation date.",
        "- 应当满足：`app.launched` 后第四十五日（三十日加十五日）不早于评估日。",
    );
    required(
        "app.launched - 1 week < as_of",
        "- Required: the day 7 days before `app.launched` is before the evaluation date.",
        "- 应当满足：`app.launched` 前第七日早于评估日。",
    );
    required(
        "app.launched + 1 month <= as_of",
        "- Required: the same day 1 month after `app.launched` (the month's last day if it has no such day) is on or before the evaluation date.",
        "- 应当满足：`app.launched` 后1个月的对应日（无对应日的，为该月最后一日）不晚于评估日。",
    );
    required(
        "as_of - app.launched >= 30 days",
        "- Required: the number of days from `app.launched` to the evaluation date is at least 30 days.",
        "- 应当满足：自 `app.launched` 至评估日的天数不少于三十日。",
    );
    required(
        "app.retention + app.grace > 10 days",
        "- Required: `app.retention` plus `app.grace` is more than 10 days.",
        "- 应当满足：`app.retention` 加 `app.grace` 超过十日。",
    );
    required(
        "app.users - 1 > -3",
        "- Required: `app.users` minus 1 is more than minus 3.",
        "- 应当满足：`app.users` 减1大于负3。",
    );
}

#[test]
fn builtins() {
    required(
        "len(app.tags) >= 1",
        "- Required: there is at least one entry in `app.tags`.",
        "- 应当满足：`app.tags` 至少有一项。",
    );
    required("len(app.name) > 0", "- Required: `app.name` is not empty.", "- 应当满足：`app.name` 不为空。");
    required(
        "len(app.perms) <= 3",
        "- Required: the number of entries in `app.perms` is at most 3.",
        "- 应当满足：`app.perms` 的项数不大于3。",
    );
    required(
        "max(max(app.launched, 2017-01-01), store.launched) <= as_of",
        "- Required: the latest of `app.launched`, 2017-01-01 and `store.launched` is on or before the evaluation date.",
        "- 应当满足：`app.launched`、2017年1月1日、`store.launched` 中的最晚者不晚于评估日。",
    );
    required(
        "min(app.retention, app.grace) >= 1 day",
        "- Required: the shortest of `app.retention` and `app.grace` is at least 1 day.",
        "- 应当满足：`app.retention`、`app.grace` 中的最短者不少于一日。",
    );
}

#[test]
fn periods_are_counted_with_their_calendar_explained_once() {
    let (en, zh) = plain_of(
        "",
        "require app.launched <= period_end(2017-01-20, 10 days, cn) or app.launched <= period_end(2017-09-25, 5 days, cn)",
    );
    has(&en, "  - `app.launched` is on or before the last day of the period of 10 days from 2017-01-20, counted under Chinese law with the holiday calendar `cn`");
    has(&en, "- Where:");
    has(&en, "  - periods are counted as Chinese law counts them: the day a period starts is not counted, and a period whose last day is a rest day ends on the next working day; rest days are the holidays of the calendar `cn` and the weekends it does not declare working days. The calendar covers 2017-01-01 to 2017-12-31; a period that reaches beyond it leaves the result undetermined");
    assert_eq!(en.matches("periods are counted").count(), 1, "{en}");
    has(&zh, "  - `app.launched` 不晚于自2017年1月20日起算十日的期间的最后一日（依中国法律并按节假日日历 `cn` 计算）");
    has(&zh, "- 其中：");
    assert_eq!(zh.matches("期间依中国法律计算").count(), 1, "{zh}");
}

#[test]
fn quantifiers() {
    required(
        "all p in app.perms where p.consent",
        "- Required: for every perm in `app.perms`, `app.perms[].consent` is true.",
        "- 应当满足：`app.perms` 中的每一个 `perm` 均满足：`app.perms[].consent` 为“是”。",
    );
}

#[test]
fn computed_constants_are_defined_once_and_literal_ones_show_their_value() {
    let decls = "const start = max(app.launched, 2017-02-01)
  const period = 30 days";
    let (en, zh) = plain_of(decls, "require as_of <= start + period and app.launched <= start");
    has(&en, "  - the evaluation date is on or before the day 30 days after `start`");
    has(&en, "  - `app.launched` is on or before `start`");
    has(&en, "  - `start` is the latest of `app.launched` and 2017-02-01");
    has(&zh, "  - `start` 为 `app.launched`、2017年2月1日中的最晚者");
    assert_eq!(en.matches("is the latest of").count(), 1, "{en}");
}

#[test]
fn quantifiers_of_every_kind() {
    required(
        "any p in app.perms where p.state == \"granted\" and p.consent",
        "- Required: there is at least one perm in `app.perms` for which the perm's state (`app.perms[].state`) is `granted` (granted by the user) and `app.perms[].consent` is true.",
        "- 应当满足：`app.perms` 中至少有一个 `perm` 满足：`app.perms[].state` 为 `granted`（已授予），且 `app.perms[].consent` 为“是”。",
    );
    required(
        "none p in app.perms where p.state == \"denied\"",
        "- Required: there is no perm in `app.perms` for which the perm's state (`app.perms[].state`) is `denied` (denied by the user).",
        "- 应当满足：`app.perms` 中没有任何 `perm` 满足：`app.perms[].state` 为 `denied`（已拒绝）。",
    );
    required(
        "not (any p in app.perms where p.consent)",
        "- Required: there is no perm in `app.perms` for which `app.perms[].consent` is true.",
        "- 应当满足：`app.perms` 中没有任何 `perm` 满足：`app.perms[].consent` 为“是”。",
    );
    required(
        "(count p in app.perms where p.consent) >= 2",
        "- Required: the number of entries (perm) in `app.perms` for which `app.perms[].consent` is true is at least 2.",
        "- 应当满足：`app.perms` 中满足“`app.perms[].consent` 为“是””的 `perm` 的数目不小于2。",
    );
    // A list of values tested against a set: which values it must or must not hold.
    required(
        "any t in app.tags where t in {\"a\", \"b\"}",
        "- Required: at least one of “a” or “b” is among `app.tags`.",
        "- 应当满足：`app.tags` 至少包含“a”或“b”之一。",
    );
    required(
        "all t in app.tags where t in {\"a\", \"b\"}",
        "- Required: every entry of `app.tags` is one of “a” or “b”.",
        "- 应当满足：`app.tags` 中的每一项均为“a”或“b”之一。",
    );
    required(
        "none t in app.tags where t in {\"a\", \"b\"}",
        "- Required: none of “a” or “b” is among `app.tags`.",
        "- 应当满足：`app.tags` 不包含“a”、“b”中的任何一项。",
    );
    required(
        "any s in {\"x\", \"y\"} where app.name starts_with s",
        "- Required: there is at least one value in the values “x” and “y” for which `app.name` starts with the value.",
        "- 应当满足：“x”和“y”这些值中至少有一个项满足：`app.name` 以该项开头。",
    );
}

#[test]
fn a_second_variable_over_the_same_list_is_told_apart() {
    required(
        "all p in app.perms where any q in app.perms where q.name == p.name and q.consent",
        "- Required: for every perm in `app.perms`, there is at least one perm in `app.perms` for which the perm `q`'s `name` is the same as the perm's name (`app.perms[].name`) and the perm `q`'s `consent` is true.",
        "- 应当满足：`app.perms` 中的每一个 `perm` 均满足：`app.perms` 中至少有一个 `perm` 满足：该 `perm`（`q`）的 `name` 与 `app.perms[].name` 相同，且该 `perm`（`q`）的 `consent` 为“是”。",
    );
}

#[test]
fn predicates_are_named_and_expanded_with_their_arguments() {
    let decls = "predicate ok(p: perm) = p.consent and p.state != \"denied\"
  predicate either(p: perm, n: string) = ok(p) or p.name == n
  predicate before(d: date) = d < as_of";
    let (en, zh) =
        plain_of(decls, "for each p in app.perms where p.state == \"granted\" require either(p, app.name)");
    assert!(en.contains(
        "- For each perm in `app.perms` for which the perm's state (`app.perms[].state`) is `granted` (granted by the user):
  - Required: `either`, that is, at least one of the following holds:
    - `ok`, that is, `app.perms[].consent` is true and the perm's state (`app.perms[].state`) is not `denied` (denied by the user)
    - the perm's name (`app.perms[].name`) is the same as `app.name`
- Otherwise: violation (error); each entry that fails is a finding of its own.
- If a fact the outcome depends on is missing, the result is undetermined, never satisfied. If `app.perms` itself is missing the result is undetermined; if it is empty, or no entry is to be checked, the rule is satisfied.
"), "{en}");
    assert!(
        zh.contains(
            "- 对 `app.perms` 中的每一项，凡 `app.perms[].state` 为 `granted`（已授予）的：
  - 应当满足 `either`，即满足下列至少一项：
    - `ok`，即 `app.perms[].consent` 为“是”，且 `app.perms[].state` 不为 `denied`（已拒绝）
    - `app.perms[].name` 与 `app.name` 相同
- 否则：违反（错误），每一不符合要求的项各为一项发现。
"
        ),
        "{zh}"
    );
    let (en, zh) = plain_of(decls, "require before(app.launched) and before(app.launched + 1 day)");
    has(&en, "  - `before`, that is, `app.launched` is before the evaluation date");
    has(&en, "  - `before`, that is, the day 1 day after `app.launched` is before the evaluation date");
    has(&zh, "  - `before`，即 `app.launched` 后第一日早于评估日");
    // The evaluation date read inside a predicate is noted too.
    assert!(en.ends_with("The rule reads the evaluation date: without one it is undetermined.\n"), "{en}");
}

#[test]
fn a_filter_of_several_conditions_is_a_list_of_its_own() {
    let (en, zh) = plain_of(
        "",
        "for each p in app.perms where p.state == \"granted\" and (p.consent or len(p.groups) >= 2) and p.name is present
      require p.consent",
    );
    assert!(en.contains(
        "- For each perm in `app.perms`:
  - Only those for which all of the following hold:
    - the perm's state (`app.perms[].state`) is `granted` (granted by the user)
    - `app.perms[].consent` is true or the number of entries in the perm's groups (`app.perms[].groups`) is at least 2
    - a value is given for the perm's name (`app.perms[].name`)
  - Required: `app.perms[].consent` is true.
"), "{en}");
    assert!(
        zh.contains(
            "- 对 `app.perms` 中的每一项：
  - 仅限同时满足下列各项的项：
    - `app.perms[].state` 为 `granted`（已授予）
    - `app.perms[].consent` 为“是”，或 `app.perms[].groups` 的项数不小于2
    - 已提供 `app.perms[].name`
  - 应当满足：`app.perms[].consent` 为“是”。
"
        ),
        "{zh}"
    );
}

#[test]
fn scopes_of_several_parties_say_whose_they_are() {
    let decls = "party store_op { subject store title.en \"store operator\" title.zh \"商店经营者\" }
  article 2 {
    scope provider when app.accounts
    scope provider when app.users > 10 and app.info.verified
    scope store_op when store.id is present
  }";
    let policy = format!(
        "regulation t {{
  in force from 2017-01-01
  party provider {{ subject app title.en \"app provider\" title.zh \"应用提供者\" }}
  {decls}
  article 1 {{ rule r {{ severity info applies to provider, store_op require true }} }}
}}"
    );
    let program =
        compile(&[("prelude.clause".to_string(), PRELUDE.to_string()), ("case.clause".to_string(), policy)]);
    let en = outline(&plain::rule(&program, &program.rules[0], Lang::En));
    assert_eq!(
        en,
        "- Binds the app provider (checked on each `app` subject) and the store operator (checked on each `store` subject), while t is in force: from 2017-01-01.
- Within the regulation's scope only when at least one of the following holds for the party the subject is bound as (a party with no condition here is always within it):
  - for the app provider (t Art. 2): `app.accounts` is true
  - for the app provider (t Art. 2): `app.users` is more than 10 and `app.info.verified` is true
  - for the store operator (t Art. 2): a value is given for `store.id`
- Required: always (the condition is the constant true).
- Otherwise: violation (info).
- If a fact the outcome depends on is missing, the result is undetermined, never satisfied.
"
    );
    let zh = outline(&plain::rule(&program, &program.rules[0], Lang::Zh));
    has(&zh, "  - 就应用提供者而言（t 第二条）：`app.accounts` 为“是”");
    has(&zh, "- 应当满足：恒成立。");
    has(&zh, "- 否则：违反（提示）。");
}

#[test]
fn a_boolean_constant_is_named_and_expanded() {
    let (en, zh) = plain_of("const big = app.users > 1000", "when big require not big");
    has(&en, "- The duty arises only when `big`, that is, `app.users` is more than 1000.");
    has(&en, "- Required: it is not the case that `big`, that is, `app.users` is more than 1000.");
    has(&zh, "- 仅在 `big`，即 `app.users` 大于1000时产生该义务。");
    has(&zh, "- 应当满足：并非 `big`，即 `app.users` 大于1000。");
}

#[test]
fn values_named_in_a_set_are_described_under_where_in_english() {
    let (en, zh) = plain_of("", "require app.state in {\"granted\", \"denied\"} and app.retention >= 1 day");
    assert!(
        en.ends_with(
            "- Where:
  - `granted`: granted by the user
  - `denied`: denied by the user
- Otherwise: violation (error).
- If a fact the outcome depends on is missing, the result is undetermined, never satisfied.
"
        ),
        "{en}"
    );
    // Chinese names each value's Chinese term where it stands, when the schema gives one.
    assert!(!zh.contains("其中"), "{zh}");
}

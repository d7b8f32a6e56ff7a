//! The text report: per subject, per regulation (whether it is in force on the as-of date),
//! per article, each rule's outcome with its citation, message, fact path, value and location;
//! a summary, with each regulation's counts when there are several. A regulation that is not in
//! force, or none of whose rules applies, is one line. Colour is optional.

use super::{combine, gate::FailOn, AsOf, ByRegulation, Run, SubjectReport, Tally};
use crate::check::program::{Bilingual, Program, ProvisionInfo, RegulationInfo};
use crate::eval::{Outcome, ReasonKind, Verdict};
use crate::syntax::ast::{Lang, ProvenanceStatus};
use std::fmt::Write as _;

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn outcome(&self, o: Outcome, lang: Lang) -> String {
        let (code, en, zh) = match o {
            Outcome::Satisfied => ("32", "✓ satisfied     ", "✓ 符合    "),
            Outcome::Violated => ("1;31", "✗ violated      ", "✗ 违反    "),
            Outcome::NotApplicable => ("2", "- not applicable", "- 不适用  "),
            Outcome::Undetermined => ("33", "? undetermined  ", "? 无法判定"),
        };
        self.paint(code, if lang == Lang::En { en } else { zh })
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
}

fn pick(b: &Bilingual, lang: Lang) -> &str {
    b.get(lang).or(b.en.as_deref()).or(b.zh.as_deref()).unwrap_or("")
}

pub fn render(run: &Run<'_>, fail_on: &FailOn, lang: Lang, color: bool) -> String {
    let mut out = header(run, lang, color);
    let mut total = ByRegulation::default();
    for subject in &run.subjects {
        out.push_str(&self::subject(run, subject, fail_on, lang, color));
        total.merge(&ByRegulation::of(run.program, &subject.verdicts, fail_on));
    }
    if run.subjects.len() > 1 {
        out.push_str(&footer(run, run.subjects.len(), &total, lang));
    }
    out
}

/// The run's header: regulations and their in-force windows, the policy, the as-of date.
pub fn header(run: &Run<'_>, lang: Lang, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&format!("clause {}", env!("CARGO_PKG_VERSION"))));
    let zh = lang == Lang::Zh;
    for (_, r) in run.evaluated() {
        let word = if zh { "法规" } else { "regulation" };
        let (id, title) = name(run.program, r, lang);
        let _ = writeln!(out, "{word} {id}{title} — {}", window(r, lang));
    }
    let policy_word = if zh { "策略" } else { "policy" };
    let packs = run.policy.packs_text();
    let packs = if packs.is_empty() { String::new() } else { format!(" ({packs})") };
    let _ = writeln!(out, "{policy_word} {}{packs} {}", run.policy.source, style.dim(&run.policy.digest));
    let as_of = match (run.as_of, zh) {
        (AsOf::Given(d), false) => format!("as of {d}"),
        (AsOf::Today(d), false) => format!("as of {d} (today)"),
        (AsOf::Given(d), true) => format!("评估日期 {d}"),
        (AsOf::Today(d), true) => format!("评估日期 {d}（今日）"),
        (AsOf::None, false) => style.paint("33", "as of: no date given (regulations evaluated as written)"),
        (AsOf::None, true) => style.paint("33", "评估日期：未指定（法规按原文评估）"),
    };
    let _ = writeln!(out, "{as_of}");
    out
}

/// A regulation's id and version, `cac-2016 v1.0.0`, and its title after a colon (in the
/// report's language, else the other; empty without one).
fn name(program: &Program, r: &RegulationInfo, lang: Lang) -> (String, String) {
    let version = program.regulation_version(r).map(|v| format!(" v{v}")).unwrap_or_default();
    let title = pick(&r.title, lang);
    let title = if title.is_empty() { String::new() } else { format!(": {title}") };
    (format!("{}{version}", r.id), title)
}

/// The in-force window, its exclusive end shown as the last day in force, which reads
/// naturally.
fn window(r: &RegulationInfo, lang: Lang) -> String {
    let last_day = r.in_force_until.and_then(|u| u.add_days(-1));
    match (last_day, lang) {
        (Some(last), Lang::En) => format!("in force from {} to {last}", r.in_force_from),
        (None, Lang::En) => format!("in force from {}", r.in_force_from),
        (Some(last), Lang::Zh) => format!("施行期间 {} 至 {last}", r.in_force_from),
        (None, Lang::Zh) => format!("自{}起施行", r.in_force_from),
    }
}

/// Whether the regulation is in force on the as-of date, in words: `in force on 2020-06-01`,
/// `not in force on 2020-06-01: in force from 2022-08-01`, or, without a date, `evaluated as
/// written (in force from …)`.
pub fn status(run: &Run<'_>, r: &RegulationInfo, lang: Lang) -> String {
    match (run.as_of.date(), run.in_force(r), lang) {
        (Some(d), Some(true), Lang::En) => format!("in force on {d}"),
        (Some(d), Some(true), Lang::Zh) => format!("于 {d} 施行中"),
        (Some(d), _, Lang::En) => format!("not in force on {d}: {}", window(r, lang)),
        (Some(d), _, Lang::Zh) => format!("于 {d} 未施行：{}", window(r, lang)),
        (None, _, Lang::En) => format!("no as-of date: evaluated as written ({})", window(r, lang)),
        (None, _, Lang::Zh) => format!("未指定评估日期：按原文评估（{}）", window(r, lang)),
    }
}

/// What follows the status of a regulation shown as one line ([`Run::one_line`]): how many
/// rules, and, when something applies nothing, why.
pub fn one_line_note(
    run: &Run<'_>,
    index: usize,
    subject: &SubjectReport,
    tally: &Tally,
    lang: Lang,
) -> String {
    let n = tally.summary.total();
    let en = lang == Lang::En;
    let failing = match (tally.failing, en) {
        (0, _) => String::new(),
        (f, true) => format!("; {f} failing"),
        (f, false) => format!("；未通过 {f}"),
    };
    if n == 0 {
        return if en { "; no rules to check".into() } else { "；无可检查的规则".into() };
    }
    if run.program.regulations.get(index).is_some_and(|r| run.in_force(r) == Some(false)) {
        let rules = if n == 1 { "rule" } else { "rules" };
        return if en {
            format!(" ({n} {rules} not applicable{failing})")
        } else {
            format!("（{n} 条规则不适用{failing}）")
        };
    }
    // Why: the reason, when every rule gives the same one (a subject outside the regulation's
    // scope); else per kind of reason, how many rules give it, and the reason itself when they
    // all give the same.
    let mut kinds: Vec<(ReasonKind, usize, Option<&str>)> = Vec::new();
    let mine = subject
        .verdicts
        .iter()
        .filter(|v| run.program.rules.get(v.rule_index).is_some_and(|r| r.regulation == index));
    for reason in mine.filter_map(|v| v.reason.as_ref()) {
        let message = pick(&reason.message, lang);
        match kinds.iter_mut().find(|(k, ..)| *k == reason.kind) {
            Some((_, count, same)) => {
                *count += 1;
                *same = same.filter(|m| *m == message);
            }
            None => kinds.push((reason.kind, 1, Some(message))),
        }
    }
    let why = match kinds.as_slice() {
        [(_, _, Some(message))] => message.to_string(),
        _ => {
            let parts: Vec<String> = kinds
                .iter()
                .map(|&(kind, count, same)| match same {
                    Some(message) if en => format!("{count} because {message}"),
                    Some(message) => format!("{count} 条因{message}"),
                    None => format!("{count} {}", reason_words(kind, lang)),
                })
                .collect();
            parts.join(if en { "; " } else { "；" })
        }
    };
    match (why.is_empty(), en) {
        (false, true) => format!("; no rule applies to this subject ({n} not applicable: {why})"),
        (true, true) => format!("; no rule applies to this subject ({n} not applicable)"),
        (false, false) => format!("；无适用于本对象的规则（{n} 条不适用：{why}）"),
        (true, false) => format!("；无适用于本对象的规则（{n} 条不适用）"),
    }
}

/// A kind of reason in a few words, after a count of rules.
fn reason_words(kind: ReasonKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (ReasonKind::NotInForce, Lang::En) => "not in force",
        (ReasonKind::PartyNotBound, Lang::En) => "binding a party the subject is not",
        (ReasonKind::OutOfScope, Lang::En) => "outside the scope",
        (ReasonKind::ConditionFalse, Lang::En) => "whose condition is false",
        (ReasonKind::MissingFacts, Lang::En) => "missing facts",
        (ReasonKind::NoAsOf, Lang::En) => "needing an as-of date",
        (ReasonKind::CalendarNotCovered, Lang::En) => "past the holiday calendar",
        (ReasonKind::NotInForce, Lang::Zh) => "条未施行",
        (ReasonKind::PartyNotBound, Lang::Zh) => "条约束其他主体",
        (ReasonKind::OutOfScope, Lang::Zh) => "条超出适用范围",
        (ReasonKind::ConditionFalse, Lang::Zh) => "条适用条件不成立",
        (ReasonKind::MissingFacts, Lang::Zh) => "条缺少事实",
        (ReasonKind::NoAsOf, Lang::Zh) => "条需要评估日期",
        (ReasonKind::CalendarNotCovered, Lang::Zh) => "条超出节假日历",
    }
}

/// One subject: per regulation, a heading that says whether it is in force, then per article
/// each rule's outcome; the subject's summary line, and with several regulations each one's.
pub fn subject(run: &Run<'_>, subject: &SubjectReport, fail_on: &FailOn, lang: Lang, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let _ = writeln!(out);
    let files = subject.files.join(", ");
    let _ = writeln!(
        out,
        "{} {} ({})  {}",
        style.bold("●"),
        style.bold(&subject.id),
        subject.kind,
        style.dim(&files)
    );
    let counts = ByRegulation::of(run.program, &subject.verdicts, fail_on);
    for (index, reg) in run.evaluated() {
        let tally = counts.get(index);
        let (id, title) = name(run.program, reg, lang);
        let status = status(run, reg, lang);
        if run.one_line(reg, &tally) {
            let note = one_line_note(run, index, subject, &tally, lang);
            let _ = writeln!(out, "  {}{title} — {}", style.bold(&id), style.dim(&format!("{status}{note}")));
            continue;
        }
        let _ = writeln!(out, "  {}{title} — {status}", style.bold(&id));
        for article in &reg.articles {
            write_article(&mut out, run, reg, article, subject, fail_on, lang, &style);
        }
    }
    let _ = writeln!(out, "  {}", summary_line(&counts.total(), lang));
    breakdown(&mut out, run, &counts, "    ", lang);
    out
}

/// The closing line over several subjects, and with several regulations each one's counts.
pub fn footer(run: &Run<'_>, subjects: usize, counts: &ByRegulation, lang: Lang) -> String {
    let mut out = format!("\n{subjects} subjects: {}\n", summary_line(&counts.total(), lang));
    breakdown(&mut out, run, counts, "  ", lang);
    out
}

/// One line per regulation with its counts, when there are several (with one, the summary line
/// says it all).
fn breakdown(out: &mut String, run: &Run<'_>, counts: &ByRegulation, indent: &str, lang: Lang) {
    if run.regulations.len() < 2 {
        return;
    }
    for (index, reg) in run.evaluated() {
        let colon = if lang == Lang::En { ": " } else { "：" };
        let _ = writeln!(out, "{indent}{}{colon}{}", reg.id, counts_line(&counts.get(index), lang));
    }
}

fn summary_line(t: &Tally, lang: Lang) -> String {
    match lang {
        Lang::En => format!("summary: {}", counts_line(t, lang)),
        Lang::Zh => format!("汇总：{}", counts_line(t, lang)),
    }
}

fn counts_line(t: &Tally, lang: Lang) -> String {
    let (s, failing) = (&t.summary, t.failing);
    match lang {
        Lang::En => format!(
            "{} satisfied, {} violated, {} not applicable, {} undetermined; {failing} failing",
            s.satisfied, s.violated, s.not_applicable, s.undetermined
        ),
        Lang::Zh => format!(
            "符合 {}，违反 {}，不适用 {}，无法判定 {}；未通过 {failing}",
            s.satisfied, s.violated, s.not_applicable, s.undetermined
        ),
    }
}

fn collect_rules(p: &ProvisionInfo, out: &mut Vec<usize>) {
    out.extend(&p.rules);
    for c in &p.children {
        collect_rules(c, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn write_article(
    out: &mut String,
    run: &Run<'_>,
    reg: &RegulationInfo,
    article: &ProvisionInfo,
    subject: &SubjectReport,
    fail_on: &FailOn,
    lang: Lang,
    style: &Style,
) {
    let mut rules = Vec::new();
    collect_rules(article, &mut rules);
    let mine: Vec<&Verdict> =
        subject.verdicts.iter().filter(|v| v.regulation == reg.id && rules.contains(&v.rule_index)).collect();
    // `--only-failures`: only the results that fail the gate, and only articles that have one.
    // A failure already in the `--baseline` is not new: it is left out.
    let mine: Vec<&Verdict> =
        mine.into_iter().filter(|v| !v.in_baseline && (!run.only_failures || fail_on.fails(v))).collect();
    if run.only_failures && mine.is_empty() {
        return;
    }
    let heading = pick(&article.heading, lang);
    let citation = if lang == Lang::En { &article.citation.en } else { &article.citation.zh };
    let unofficial = match article.provenance.as_ref().map(|p| p.status) {
        Some(ProvenanceStatus::Reconstructed) => {
            if lang == Lang::En {
                " [text reconstructed, unofficial]"
            } else {
                "［条文系重构，非官方文本］"
            }
        }
        _ => "",
    };
    if mine.is_empty() {
        let note = article.no_duty.as_deref().map_or_else(String::new, |n| {
            format!(" — {}", if lang == Lang::En { "no checkable duty" } else { "无可检查义务" })
                + &format!(": {n}")
        });
        let _ = writeln!(out, "    {} {heading}{unofficial}{}", style.dim(citation), style.dim(&note));
        return;
    }
    let overall = combine(mine.iter().map(|v| v.outcome));
    let _ = writeln!(
        out,
        "    {} {heading}{unofficial}  {}",
        style.bold(citation),
        style.outcome(overall, lang).trim_end()
    );
    for v in mine {
        let cite = if lang == Lang::En { &v.citation.en } else { &v.citation.zh };
        let _ = writeln!(out, "      {} {}  {}", style.outcome(v.outcome, lang), v.rule, style.dim(cite));
        let title = pick(v.title, lang);
        if !title.is_empty() {
            let _ = writeln!(out, "          {title}");
        }
        for f in &v.findings {
            let _ = writeln!(out, "          {} {}", style.paint("31", "→"), pick(&f.message, lang));
            let mut at = Vec::new();
            let zh = lang == Lang::Zh;
            if let Some(p) = &f.path {
                at.push(if zh { format!("位置 `{p}`") } else { format!("at `{p}`") });
            }
            if let Some(value) = &f.value {
                at.push(if zh { format!("值 {value}") } else { format!("value {value}") });
            }
            if let Some(loc) = f.loc {
                at.push(format!("{}:{}:{}", run.sources.name(loc.file), loc.line, loc.column));
            }
            if !at.is_empty() {
                let _ = writeln!(out, "            {}", style.dim(&at.join("  ")));
            }
        }
        if let Some(reason) = &v.reason {
            let _ = writeln!(out, "          {}", style.dim(pick(&reason.message, lang)));
        }
        let failed = matches!(v.outcome, Outcome::Violated | Outcome::Undetermined);
        if let Some(url) = run
            .program
            .rules
            .get(v.rule_index)
            .filter(|_| failed)
            .and_then(|r| run.policy.rule_doc_url_in(run.program, r, lang))
        {
            let label = if lang == Lang::Zh { "说明：" } else { "docs: " };
            let _ = writeln!(out, "          {}", style.dim(&format!("{label}{url}")));
        }
        if let Some(w) = &v.waiver {
            let by = w.approved_by.as_deref().or(w.ticket.as_deref()).unwrap_or("");
            let line = match lang {
                Lang::En => format!("waived until {} ({by}): {}", w.expires, w.reason),
                Lang::Zh => format!("已豁免，至{}（{by}）：{}", w.expires.to_zh(), w.reason),
            };
            let _ = writeln!(out, "          {}", style.paint("36", &line));
        }
        if let Some(e) = subject.explanation(v.rule_index) {
            for line in super::explain::text(run.sources, e).lines().skip(1) {
                let _ = writeln!(out, "        {}", style.dim(line));
            }
        }
    }
}

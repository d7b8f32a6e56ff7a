//! The text report: per subject, per article, each rule's outcome with its citation,
//! message, fact path, value and location; a summary. Colour is optional.

use super::{combine, gate::FailOn, AsOf, Run, SubjectReport, Summary};
use crate::check::program::{Bilingual, ProvisionInfo, RegulationInfo};
use crate::eval::{Outcome, Verdict};
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
    let mut total = Summary::default();
    let mut failing = 0;
    for subject in &run.subjects {
        out.push_str(&self::subject(run, subject, fail_on, lang, color));
        for v in &subject.verdicts {
            total.add(v.outcome);
        }
        failing += subject.verdicts.iter().filter(|v| fail_on.fails(v)).count();
    }
    if run.subjects.len() > 1 {
        out.push_str(&footer(run.subjects.len(), &total, failing, lang));
    }
    out
}

/// The run's header: regulations and their in-force windows, the policy, the as-of date.
pub fn header(run: &Run<'_>, lang: Lang, color: bool) -> String {
    let style = Style { color };
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.bold(&format!("clause {}", env!("CARGO_PKG_VERSION"))));
    let zh = lang == Lang::Zh;
    for &i in &run.regulations {
        if let Some(r) = run.program.regulations.get(i) {
            // The exclusive end date is shown as the last day in force, which reads naturally.
            let last_day = r.in_force_until.and_then(|u| u.add_days(-1));
            let window = match (last_day, zh) {
                (Some(last), false) => format!("in force {} to {last}", r.in_force_from),
                (None, false) => format!("in force from {}", r.in_force_from),
                (Some(last), true) => format!("施行期间 {} 至 {last}", r.in_force_from),
                (None, true) => format!("自{}起施行", r.in_force_from),
            };
            let version = r.version.as_deref().map(|v| format!(" v{v}")).unwrap_or_default();
            let word = if zh { "法规" } else { "regulation" };
            let title = pick(&r.title, lang);
            let title = if title.is_empty() { String::new() } else { format!(" {title}") };
            let _ = writeln!(out, "{word} {}{version}:{title} — {window}", r.id);
        }
    }
    let policy_word = if zh { "策略" } else { "policy" };
    let _ = writeln!(out, "{policy_word} {} {}", run.policy.source, style.dim(&run.policy.digest));
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

/// One subject: per article, each rule's outcome, and the subject's summary line.
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
    for &ri in &run.regulations {
        let Some(reg) = run.program.regulations.get(ri) else { continue };
        for article in &reg.articles {
            write_article(&mut out, run, reg, article, subject, fail_on, lang, &style);
        }
    }
    let sum = Summary::of(&subject.verdicts);
    let fails = subject.verdicts.iter().filter(|v| fail_on.fails(v)).count();
    let _ = writeln!(out, "  {}", summary_line(&sum, fails, lang));
    out
}

/// The closing line over several subjects.
pub fn footer(subjects: usize, total: &Summary, failing: usize, lang: Lang) -> String {
    format!("\n{subjects} subjects: {}\n", summary_line(total, failing, lang))
}

fn summary_line(s: &Summary, failing: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "summary: {} satisfied, {} violated, {} not applicable, {} undetermined; {failing} failing",
            s.satisfied, s.violated, s.not_applicable, s.undetermined
        ),
        Lang::Zh => format!(
            "汇总：符合 {}，违反 {}，不适用 {}，无法判定 {}；未通过 {failing}",
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
        let _ = writeln!(out, "  {} {heading}{unofficial}{}", style.dim(citation), style.dim(&note));
        return;
    }
    let overall = combine(mine.iter().map(|v| v.outcome));
    let _ = writeln!(
        out,
        "  {} {heading}{unofficial}  {}",
        style.bold(citation),
        style.outcome(overall, lang).trim_end()
    );
    for v in mine {
        let cite = if lang == Lang::En { &v.citation.en } else { &v.citation.zh };
        let _ = writeln!(out, "    {} {}  {}", style.outcome(v.outcome, lang), v.rule, style.dim(cite));
        let title = pick(v.title, lang);
        if !title.is_empty() {
            let _ = writeln!(out, "        {title}");
        }
        for f in &v.findings {
            let _ = writeln!(out, "        {} {}", style.paint("31", "→"), pick(&f.message, lang));
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
                let _ = writeln!(out, "          {}", style.dim(&at.join("  ")));
            }
        }
        if let Some(reason) = &v.reason {
            let _ = writeln!(out, "        {}", style.dim(pick(&reason.message, lang)));
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
            let _ = writeln!(out, "        {}", style.dim(&format!("{label}{url}")));
        }
        if let Some(w) = &v.waiver {
            let by = w.approved_by.as_deref().or(w.ticket.as_deref()).unwrap_or("");
            let line = match lang {
                Lang::En => format!("waived until {} ({by}): {}", w.expires, w.reason),
                Lang::Zh => format!("已豁免，至{}（{by}）：{}", w.expires.to_zh(), w.reason),
            };
            let _ = writeln!(out, "        {}", style.paint("36", &line));
        }
        if let Some(e) = subject.explanation(v.rule_index) {
            for line in super::explain::text(run.sources, e).lines().skip(1) {
                let _ = writeln!(out, "      {}", style.dim(line));
            }
        }
    }
}

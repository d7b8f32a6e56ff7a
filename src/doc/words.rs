//! The site's own words, in English and Chinese. The law's texts, titles and summaries come
//! from the policy; these are only the labels around them.

use crate::eval::Outcome;
use crate::syntax::ast::{Lang, ProvenanceStatus, SeverityLevel};
use crate::time::{chinese_number, Date};

pub struct Words {
    pub lang_name: &'static str,
    pub skip: &'static str,
    pub nav_label: &'static str,
    pub overview: &'static str,
    pub full_text: &'static str,
    pub facts_reference: &'static str,
    pub notice_title: &'static str,
    pub notice: &'static str,
    pub unofficial_translation: &'static str,
    pub chinese_text: &'static str,
    pub english_text: &'static str,
    pub no_text: &'static str,
    pub provenance: &'static str,
    pub source: &'static str,
    pub issuer: &'static str,
    pub superseded_by: &'static str,
    pub official_text: &'static str,
    pub issued: &'static str,
    pub in_force: &'static str,
    pub ceased: &'static str,
    pub policy_pack: &'static str,
    pub version: &'static str,
    pub coverage: &'static str,
    pub coverage_intro: &'static str,
    pub provision: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub facts_read: &'static str,
    pub test_cases: &'static str,
    pub no_checkable_duty: &'static str,
    pub no_rules: &'static str,
    pub contents: &'static str,
    pub rules_word: &'static str,
    pub summary: &'static str,
    pub what_it_checks: &'static str,
    pub as_written: &'static str,
    pub binds: &'static str,
    pub worked_examples: &'static str,
    pub passing: &'static str,
    pub failing: &'static str,
    pub no_example: &'static str,
    pub case_word: &'static str,
    pub as_of: &'static str,
    pub deciding_facts: &'static str,
    pub fact: &'static str,
    pub value: &'static str,
    pub finding: &'static str,
    pub scope: &'static str,
    pub scope_intro: &'static str,
    pub scope_of: &'static str,
    pub same_as_article: &'static str,
    pub same_as_chapter: &'static str,
    pub read_by: &'static str,
    pub nobody_reads: &'static str,
    pub type_word: &'static str,
    pub meaning: &'static str,
    pub where_from: &'static str,
    pub subjects: &'static str,
    pub subjects_intro: &'static str,
    pub kind: &'static str,
    pub identified_by: &'static str,
    pub documents: &'static str,
    pub document: &'static str,
    pub records: &'static str,
    pub enums: &'static str,
    pub used_in: &'static str,
    pub facts_intro: &'static str,
    pub facts_language_note: &'static str,
    /// After schema prose that the policy gives only in English, on a Chinese page.
    pub english_only: &'static str,
    /// Column heads for enum values' labels, the words messages put into sentences.
    pub label_en: &'static str,
    pub label_zh: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub pager: &'static str,
    pub articles: &'static str,
    pub choose_language: &'static str,
    pub generated: &'static str,
    pub more: &'static str,
    pub none: &'static str,
    pub rule_id: &'static str,
    pub whole_regulation: &'static str,
}

const EN: Words = Words {
    lang_name: "English",
    skip: "Skip to main content",
    nav_label: "Site",
    overview: "Overview",
    full_text: "Full text (printable)",
    facts_reference: "Facts reference",
    notice_title: "Not legal advice.",
    notice: "This site describes automated checks generated from a policy written in the clause \
             language. It is not legal advice and does not replace the official text or a lawyer's \
             review. The English texts are unofficial translations written for the policy.",
    unofficial_translation: "Unofficial translation",
    chinese_text: "Chinese",
    english_text: "English",
    no_text: "No text in the policy.",
    provenance: "Provenance",
    source: "Source",
    issuer: "Issuer",
    superseded_by: "Superseded by",
    official_text: "Official text",
    issued: "Issued",
    in_force: "In force",
    ceased: "No longer in force from",
    policy_pack: "Policy pack",
    version: "version",
    coverage: "Coverage",
    coverage_intro: "Every provision of the regulation, the rules that check it, how serious a \
                     violation is, the facts each rule reads and the policy's test cases for it.",
    provision: "Provision",
    rule: "Rule",
    severity: "Severity",
    facts_read: "Facts read",
    test_cases: "Test cases",
    no_checkable_duty: "No checkable duty",
    no_rules: "No rules",
    contents: "Articles",
    rules_word: "rules",
    summary: "How the rule reads the law",
    what_it_checks: "What it checks",
    as_written: "The rule as written in the policy",
    binds: "Binds",
    worked_examples: "Worked examples",
    passing: "Passes",
    failing: "Fails",
    no_example: "No test case of the policy shows this outcome.",
    case_word: "Test case",
    as_of: "as of",
    deciding_facts: "The facts that decide it",
    fact: "Fact",
    value: "Value",
    finding: "Finding",
    scope: "Scope",
    scope_intro: "Outside these conditions the regulation does not apply to the party, and its \
                  rules are not applicable.",
    scope_of: "Scope for",
    same_as_article: "as for the article",
    same_as_chapter: "as for the chapter",
    read_by: "Read by",
    nobody_reads: "No rule reads it.",
    type_word: "Type",
    meaning: "Meaning",
    where_from: "Where the value comes from",
    subjects: "Subjects",
    subjects_intro: "A facts file describes one subject: an app, an app store. Its kind is the one \
                     whose document is present.",
    kind: "Kind",
    identified_by: "Identified by",
    documents: "Documents",
    document: "Document",
    records: "Records",
    enums: "Values of enumerations",
    used_in: "Used in",
    facts_intro: "Every fact the rules can read, generated from the policy's fact schema (the same \
                  source as docs/facts.md). A missing fact is unknown, never a default: a rule that \
                  needs it is undetermined.",
    facts_language_note: "",
    english_only: "",
    label_en: "Label (English)",
    label_zh: "Label (Chinese)",
    previous: "Previous",
    next: "Next",
    pager: "Articles",
    articles: "Articles",
    choose_language: "Read in English",
    generated: "Generated by clause doc from the policy pack",
    more: "more",
    none: "none",
    rule_id: "Rule id",
    whole_regulation: "The whole regulation on one page, for printing.",
};

const ZH: Words = Words {
    lang_name: "中文",
    skip: "跳到正文",
    nav_label: "网站导航",
    overview: "概览",
    full_text: "全文（可打印）",
    facts_reference: "事实参考",
    notice_title: "不构成法律意见。",
    notice: "本网站说明根据以clause语言编写的政策自动生成的自动化检查，不构成法律意见，\
             不能替代官方文本或律师审查。英文文本为本政策所撰写的非官方译文。",
    unofficial_translation: "非官方译文",
    chinese_text: "中文",
    english_text: "英文",
    no_text: "政策中无此文本。",
    provenance: "文本来源",
    source: "出处",
    issuer: "发布机关",
    superseded_by: "被以下文件取代",
    official_text: "官方文本",
    issued: "发布日期",
    in_force: "施行期间",
    ceased: "自以下日期起不再施行",
    policy_pack: "政策包",
    version: "版本",
    coverage: "覆盖情况",
    coverage_intro:
        "规定的每一条款项、检查它的规则、违反的严重程度、每条规则读取的事实，以及政策中针对它的测试用例。",
    provision: "条款项",
    rule: "规则",
    severity: "严重程度",
    facts_read: "读取的事实",
    test_cases: "测试用例",
    no_checkable_duty: "无可检查的义务",
    no_rules: "无规则",
    contents: "条文",
    rules_word: "条规则",
    summary: "规则对法律的理解",
    what_it_checks: "检查内容",
    as_written: "政策中的规则原文",
    binds: "约束对象",
    worked_examples: "示例",
    passing: "通过",
    failing: "不通过",
    no_example: "政策的测试用例中没有体现该结果的用例。",
    case_word: "测试用例",
    as_of: "评估日",
    deciding_facts: "决定结果的事实",
    fact: "事实",
    value: "值",
    finding: "发现",
    scope: "适用范围",
    scope_intro: "不满足以下条件的，本规定不适用于该主体，其规则为“不适用”。",
    scope_of: "适用范围：",
    same_as_article: "同本条",
    same_as_chapter: "同本章",
    read_by: "读取它的规则",
    nobody_reads: "没有规则读取。",
    type_word: "类型",
    meaning: "含义",
    where_from: "值的来源",
    subjects: "主体",
    subjects_intro: "一个事实文件描述一个主体（应用或应用商店），其种类由文件中出现的文档决定。",
    kind: "种类",
    identified_by: "标识字段",
    documents: "文档",
    document: "文档",
    records: "记录类型",
    enums: "枚举值",
    used_in: "用于",
    facts_intro: "规则可读取的全部事实，由政策的事实模式生成（与docs/facts.md同源）。缺失的事实为未知，\
                  不取默认值：需要它的规则为“无法判定”。",
    facts_language_note: "含义与来源取自政策的中文说明；政策只有英文说明的，照录英文并注明“仅有英文”。",
    english_only: "（仅有英文）",
    label_en: "英文标签",
    label_zh: "中文标签",
    previous: "上一条",
    next: "下一条",
    pager: "条文翻页",
    articles: "条文",
    choose_language: "阅读中文版",
    generated: "由clause doc根据政策包生成：",
    more: "更多",
    none: "无",
    rule_id: "规则标识",
    whole_regulation: "整部规定集于一页，便于打印。",
};

pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Zh => &ZH,
    }
}

pub fn severity(level: SeverityLevel, lang: Lang) -> &'static str {
    match (level, lang) {
        (SeverityLevel::Error, Lang::En) => "error",
        (SeverityLevel::Warning, Lang::En) => "warning",
        (SeverityLevel::Info, Lang::En) => "info",
        (SeverityLevel::Error, Lang::Zh) => "错误",
        (SeverityLevel::Warning, Lang::Zh) => "警告",
        (SeverityLevel::Info, Lang::Zh) => "提示",
    }
}

/// The CSS class of a severity.
pub fn severity_class(level: SeverityLevel) -> &'static str {
    match level {
        SeverityLevel::Error => "sev sev-error",
        SeverityLevel::Warning => "sev sev-warning",
        SeverityLevel::Info => "sev sev-info",
    }
}

pub fn provenance(status: ProvenanceStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ProvenanceStatus::Verbatim, Lang::En) => "Verbatim",
        (ProvenanceStatus::Assembled, Lang::En) => "Assembled",
        (ProvenanceStatus::Reconstructed, Lang::En) => "Reconstructed — unofficial",
        (ProvenanceStatus::Verbatim, Lang::Zh) => "逐字核对",
        (ProvenanceStatus::Assembled, Lang::Zh) => "拼合",
        (ProvenanceStatus::Reconstructed, Lang::Zh) => "重构（非官方）",
    }
}

/// What a provenance status means, for the legend.
pub fn provenance_meaning(status: ProvenanceStatus, lang: Lang) -> &'static str {
    match (status, lang) {
        (ProvenanceStatus::Verbatim, Lang::En) => {
            "every character was seen in a retrieved copy of the official text"
        }
        (ProvenanceStatus::Assembled, Lang::En) => {
            "joined from verbatim fragments; the joins are the policy author's"
        }
        (ProvenanceStatus::Reconstructed, Lang::En) => {
            "no verified text; rebuilt from translations or descriptions, unofficial"
        }
        (ProvenanceStatus::Verbatim, Lang::Zh) => "每个字均见于所检索到的官方文本副本",
        (ProvenanceStatus::Assembled, Lang::Zh) => "由逐字核对的片段拼合，拼接处为政策作者所加",
        (ProvenanceStatus::Reconstructed, Lang::Zh) => "无经核实的文本，根据译文或描述重构，非官方",
    }
}

pub fn provenance_class(status: ProvenanceStatus) -> &'static str {
    match status {
        ProvenanceStatus::Verbatim => "prov prov-verbatim",
        ProvenanceStatus::Assembled => "prov prov-assembled",
        ProvenanceStatus::Reconstructed => "prov prov-reconstructed",
    }
}

pub fn outcome(outcome: Outcome, lang: Lang) -> &'static str {
    match (outcome, lang) {
        (Outcome::Satisfied, Lang::En) => "satisfied",
        (Outcome::Violated, Lang::En) => "violated",
        (Outcome::NotApplicable, Lang::En) => "not applicable",
        (Outcome::Undetermined, Lang::En) => "undetermined",
        (Outcome::Satisfied, Lang::Zh) => "满足",
        (Outcome::Violated, Lang::Zh) => "违反",
        (Outcome::NotApplicable, Lang::Zh) => "不适用",
        (Outcome::Undetermined, Lang::Zh) => "无法判定",
    }
}

/// `Article 7` / `第七条`.
pub fn article(n: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Article {n}"),
        Lang::Zh => format!("第{}条", chinese_number(i64::from(n))),
    }
}

/// `Chapter 1` / `第一章`.
pub fn chapter(n: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("Chapter {n}"),
        Lang::Zh => format!("第{}章", chinese_number(i64::from(n))),
    }
}

/// A child provision's name: `Item (6)` / `第（六）项`, `Paragraph 2` / `第二款`.
pub fn child(paragraph: Option<u32>, item: Option<u32>, lang: Lang) -> String {
    let zh = |n: u32| chinese_number(i64::from(n));
    match (paragraph, item, lang) {
        (Some(p), Some(i), Lang::En) => format!("Paragraph {p}, item ({i})"),
        (Some(p), Some(i), Lang::Zh) => format!("第{}款第（{}）项", zh(p), zh(i)),
        (Some(p), None, Lang::En) => format!("Paragraph {p}"),
        (Some(p), None, Lang::Zh) => format!("第{}款", zh(p)),
        (None, Some(i), Lang::En) => format!("Item ({i})"),
        (None, Some(i), Lang::Zh) => format!("第（{}）项", zh(i)),
        (None, None, _) => String::new(),
    }
}

/// A date as a reader expects it: `1 August 2016` / `2016年8月1日`.
pub fn date(d: Date, lang: Lang) -> String {
    match lang {
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let (y, m, day) = d.ymd();
            let month = MONTHS.get((m as usize).saturating_sub(1)).copied().unwrap_or("?");
            format!("{day} {month} {y}")
        }
        Lang::Zh => d.to_zh(),
    }
}

/// A count with its noun: `3 cases`, `1 case` / `3个`.
pub fn cases(n: usize, lang: Lang) -> String {
    match lang {
        Lang::En if n == 1 => "1 case".to_string(),
        Lang::En => format!("{n} cases"),
        Lang::Zh => format!("{n}个"),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_and_dates() {
        assert_eq!(article(11, Lang::Zh), "第十一条");
        assert_eq!(child(None, Some(6), Lang::Zh), "第（六）项");
        assert_eq!(child(Some(2), None, Lang::En), "Paragraph 2");
        let d = Date::parse("2016-08-01").unwrap();
        assert_eq!(date(d, Lang::En), "1 August 2016");
        assert_eq!(date(d, Lang::Zh), "2016年8月1日");
    }
}

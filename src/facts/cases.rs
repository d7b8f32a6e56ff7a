//! Policy test-case files (`policies/<pack>/tests/*.yaml`), for compliance people.
//!
//! The whole file is read with the same positioned event reader as facts files, so the
//! inline `facts:` of a case are loaded by the facts loader in place and every finding in
//! them points at a real line of the case file.
//!
//! ```yaml
//! cases:
//!   - name: logs kept exactly sixty days
//!     as_of: 2020-06-01                      # optional
//!     facts_file: fixtures/news-app.yaml     # optional; a path or a list of paths
//!     facts: { developer: { logs: { recorded: true, retention: P60D } } }   # optional
//!     expect: { cac-2016/user-logs-kept-60-days: satisfied, article 7: violated }
//!     findings: { cac-2016/no-sensitive-capability-without-consent: ["app.capabilities[1]"] }
//! ```

use super::reader::{describe, Ev, Fatal, Item, Loader, Seg};
use super::{precheck, Bundle, Format, LoadOptions};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::schema::Schema;
use crate::source::{FileId, Span};
use crate::time::Date;

/// The outcome words a case may expect.
pub const OUTCOMES: [&str; 4] = ["satisfied", "violated", "not_applicable", "undetermined"];

const CASE_KEYS: [&str; 6] = ["name", "as_of", "facts_file", "facts", "expect", "findings"];

#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub name: String,
    /// The case's `name` value.
    pub span: Span,
    /// 1-based line of the case's `name`.
    pub line: u32,
    pub as_of: Option<(Date, Span)>,
    /// Paths as written, relative to the case file.
    pub facts_files: Vec<(String, Span)>,
    /// The inline facts, to be [`overlay`](super::overlay)ed on the files' facts.
    pub facts: Option<Bundle>,
    pub expect: Vec<Expectation>,
    pub findings: Vec<FindingsExpectation>,
}

/// `rule-or-article: outcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    /// A qualified rule id (`cac-2016/user-logs-kept-60-days`) or `article 7`, as written.
    pub key: String,
    /// One of [`OUTCOMES`].
    pub outcome: String,
    /// The key.
    pub span: Span,
    pub outcome_span: Span,
}

/// `rule: [fact paths]`: the exact set of fact paths the rule's findings must name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsExpectation {
    pub rule: String,
    pub span: Span,
    pub paths: Vec<(String, Span)>,
}

/// A case file when there was no error, and all diagnostics (warnings included).
#[derive(Debug, Clone)]
pub struct ParsedCases {
    pub cases: Option<CaseFile>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a test-case file; inline facts are checked against `schema`.
pub fn parse_cases(schema: &Schema, file: FileId, text: &str, options: &LoadOptions) -> ParsedCases {
    if let Some(d) = precheck(file, text, Format::Yaml, &options.limits) {
        return ParsedCases { cases: None, diagnostics: vec![d] };
    }
    let mut loader = Loader::new(schema, file, text, options);
    let cases = loader.case_file().ok();
    let failed = loader.has_errors();
    let diagnostics = loader.into_diagnostics();
    ParsedCases { cases: if failed { None } else { cases }, diagnostics }
}

impl<'a> Loader<'a, '_> {
    fn case_file(&mut self) -> Result<CaseFile, Fatal> {
        let mut item = self.next()?;
        while matches!(item.ev, Ev::StreamStart | Ev::DocStart) {
            item = self.next()?;
        }
        if item.ev != Ev::MapStart {
            return Err(self.fatal(
                Diagnostic::error("E0426", "a test-case file must be a mapping with a `cases` list")
                    .at(item.span, format!("found {}", describe(&item)))
                    .help("start the file with `cases:`"),
            ));
        }
        let start = item.span;
        let mut cases = None;
        while let Some((key, key_item)) = self.case_key()? {
            let value = self.next()?;
            if key != "cases" {
                self.unknown_case_key(&key, key_item.span, &["cases"]);
                self.skip(&value)?;
                continue;
            }
            if value.ev != Ev::SeqStart {
                self.shape(&value, "`cases` must be a list of cases, each starting with `- name:`");
                self.skip(&value)?;
                continue;
            }
            self.path.push(Seg::Key("cases"));
            let mut list = Vec::new();
            loop {
                let item = self.next()?;
                if item.ev == Ev::SeqEnd {
                    break;
                }
                self.path.push(Seg::Index(list.len()));
                let case = self.case(&item);
                self.path.pop();
                if let Some(case) = case? {
                    list.push(case);
                }
            }
            self.path.pop();
            cases = Some(list);
        }
        match cases {
            Some(cases) => Ok(CaseFile { cases }),
            None => Err(self.fatal(
                Diagnostic::error("E0425", "the test-case file has no `cases`")
                    .at(start, "`cases:` is missing")
                    .help("list the cases under `cases:`"),
            )),
        }
    }

    fn case(&mut self, item: &Item<'a>) -> Result<Option<Case>, Fatal> {
        if item.ev != Ev::MapStart {
            self.shape(item, "each case is a mapping starting with `name:`");
            self.skip(item)?;
            return Ok(None);
        }
        let mut name: Option<(String, Span, u32)> = None;
        let mut case = Case {
            name: String::new(),
            span: item.span,
            line: item.loc.line,
            as_of: None,
            facts_files: Vec::new(),
            facts: None,
            expect: Vec::new(),
            findings: Vec::new(),
        };
        let mut has_expect = false;
        let mut seen: Vec<(String, Span)> = Vec::new();
        while let Some((key, key_item)) = self.case_key()? {
            let value = self.next()?;
            if !CASE_KEYS.contains(&key.as_str()) {
                self.unknown_case_key(&key, key_item.span, &CASE_KEYS);
                self.skip(&value)?;
                continue;
            }
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                let path = self.path_with(&key);
                self.report(
                    Diagnostic::error("E0412", format!("`{path}` is given twice"))
                        .at(key_item.span, "given again here")
                        .also(*first, "first given here")
                        .help("remove one of them"),
                );
                self.skip(&value)?;
                continue;
            }
            seen.push((key.clone(), key_item.span));
            self.path.push(Seg::Owned(key.clone()));
            let r = self.case_entry(&key, value, &mut case, &mut name);
            self.path.pop();
            has_expect |= key == "expect";
            r?;
        }
        if !has_expect {
            let path = self.path_string();
            self.report(
                Diagnostic::error("E0425", format!("the case `{path}` has no `expect`"))
                    .at(item.span, "`expect:` is missing in this case")
                    .help("say which outcome each rule or article should have, as in `expect: {article 7: violated}`"),
            );
        }
        match name {
            Some((n, span, line)) => {
                case.name = n;
                case.span = span;
                case.line = line;
            }
            None => {
                let path = self.path_string();
                self.report(
                    Diagnostic::error("E0425", format!("the case `{path}` has no `name`"))
                        .at(item.span, "`name:` is missing in this case")
                        .help("give each case a name, as in `- name: logs kept sixty days`"),
                );
            }
        }
        Ok(Some(case))
    }

    fn case_entry(
        &mut self,
        key: &str,
        value: Item<'a>,
        case: &mut Case,
        name: &mut Option<(String, Span, u32)>,
    ) -> Result<(), Fatal> {
        match key {
            "name" => {
                if let Some(text) = self.string(&value, "a case's `name` is a line of text")? {
                    *name = Some((text, value.span, value.loc.line));
                }
            }
            "as_of" => {
                if let Some(text) = self.string(&value, "`as_of` is a date, as in `2020-06-01`")? {
                    match Date::parse(&text) {
                        Some(date) => case.as_of = Some((date, value.span)),
                        None => self.report(
                            Diagnostic::error("E0416", format!("`{text}` is not a valid date, in `as_of`"))
                                .at(value.span, "not a calendar date")
                                .help("write the date as year-month-day, as in `2020-06-01`"),
                        ),
                    }
                }
            }
            "facts_file" => {
                case.facts_files = self.string_list(&value, "`facts_file` is a path or a list of paths")?
            }
            "facts" => {
                if value.is_null() {
                    return Ok(());
                }
                if value.ev != Ev::MapStart {
                    self.shape(&value, "`facts` is a mapping of document kinds, as in a facts file");
                    self.skip(&value)?;
                    return Ok(());
                }
                // Fact paths in messages start at the document kind, as in a facts file.
                let saved = std::mem::take(&mut self.path);
                let bundle = self.load_top();
                self.path = saved;
                case.facts = Some(bundle?);
            }
            "expect" => case.expect = self.expectations(&value)?,
            _ => case.findings = self.findings(&value)?,
        }
        Ok(())
    }

    fn expectations(&mut self, value: &Item<'a>) -> Result<Vec<Expectation>, Fatal> {
        let mut out: Vec<Expectation> = Vec::new();
        if !self
            .expect_map(value, "`expect` maps rules or articles to outcomes, as in `article 7: violated`")?
        {
            return Ok(out);
        }
        while let Some((key, key_item)) = self.case_key()? {
            let outcome = self.next()?;
            if let Some(first) = out.iter().find(|e| e.key == key) {
                let first = first.span;
                self.duplicate(&key, key_item.span, first);
                self.skip(&outcome)?;
                continue;
            }
            let Some(word) = self.string(&outcome, "an outcome is one word, such as `violated`")? else {
                continue;
            };
            if !OUTCOMES.contains(&word.as_str()) {
                let help = did_you_mean(&word, OUTCOMES).unwrap_or_else(|| {
                    "the outcomes are `satisfied`, `violated`, `not_applicable` and `undetermined`".into()
                });
                self.report(
                    Diagnostic::error(
                        "E0424",
                        format!("`{word}` is not an outcome, in the expectation for `{key}`"),
                    )
                    .at(outcome.span, "not an outcome")
                    .help(help),
                );
                continue;
            }
            out.push(Expectation { key, outcome: word, span: key_item.span, outcome_span: outcome.span });
        }
        Ok(out)
    }

    fn findings(&mut self, value: &Item<'a>) -> Result<Vec<FindingsExpectation>, Fatal> {
        let mut out: Vec<FindingsExpectation> = Vec::new();
        if !self.expect_map(value, "`findings` maps rules to lists of fact paths")? {
            return Ok(out);
        }
        while let Some((rule, key_item)) = self.case_key()? {
            let paths = self.next()?;
            if let Some(first) = out.iter().find(|f| f.rule == rule) {
                let first = first.span;
                self.duplicate(&rule, key_item.span, first);
                self.skip(&paths)?;
                continue;
            }
            let paths =
                self.string_list(&paths, "findings are a list of fact paths, as in `[\"app.name\"]`")?;
            out.push(FindingsExpectation { rule, span: key_item.span, paths });
        }
        Ok(out)
    }

    /// True after a `MapStart`; otherwise reports (unless null), skips, and returns false.
    fn expect_map(&mut self, value: &Item<'a>, help: &str) -> Result<bool, Fatal> {
        if value.ev == Ev::MapStart {
            return Ok(true);
        }
        if !value.is_null() {
            self.shape(value, help);
        }
        self.skip(value)?;
        Ok(false)
    }

    /// A scalar as text; `None` (reported unless null) otherwise.
    fn string(&mut self, value: &Item<'a>, help: &str) -> Result<Option<String>, Fatal> {
        match &value.ev {
            _ if value.is_null() => Ok(None),
            Ev::Scalar { text, .. } => Ok(Some(text.to_string())),
            _ => {
                self.shape(value, help);
                self.skip(value)?;
                Ok(None)
            }
        }
    }

    /// One string or a list of strings.
    fn string_list(&mut self, value: &Item<'a>, help: &str) -> Result<Vec<(String, Span)>, Fatal> {
        if value.ev != Ev::SeqStart {
            return Ok(self.string(value, help)?.map(|s| (s, value.span)).into_iter().collect());
        }
        let mut out = Vec::new();
        loop {
            let item = self.next()?;
            if item.ev == Ev::SeqEnd {
                return Ok(out);
            }
            if let Some(s) = self.string(&item, help)? {
                out.push((s, item.span));
            }
        }
    }

    /// A key of the case file's own structure (not reported like facts keys).
    fn case_key(&mut self) -> Result<Option<(String, Item<'a>)>, Fatal> {
        loop {
            let item = self.next()?;
            match &item.ev {
                Ev::MapEnd => return Ok(None),
                Ev::Scalar { text, .. } => return Ok(Some((text.to_string(), item))),
                _ => {
                    self.shape(&item, "keys are plain words");
                    self.skip(&item)?;
                    let value = self.next()?;
                    self.skip(&value)?;
                }
            }
        }
    }

    fn duplicate(&mut self, key: &str, span: Span, first: Span) {
        let path = self.path_with(key);
        self.report(
            Diagnostic::error("E0412", format!("`{path}` is given twice"))
                .at(span, "given again here")
                .also(first, "first given here")
                .help("remove one of them"),
        );
    }

    fn unknown_case_key(&mut self, key: &str, span: Span, known: &[&str]) {
        let path = self.path_with(key);
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let help = did_you_mean(key, known.iter().copied())
            .unwrap_or_else(|| format!("the keys allowed here are {}", list.join(", ")));
        self.report(
            Diagnostic::error("E0423", format!("unknown key `{path}` in the test-case file"))
                .at(span, "not a test-case key")
                .help(help),
        );
    }

    fn shape(&mut self, value: &Item<'a>, help: &str) {
        let path = self.path_string();
        let found = describe(value);
        let at = if path.is_empty() { String::new() } else { format!(" for `{path}`") };
        self.report(
            Diagnostic::error("E0426", format!("unexpected {found}{at}"))
                .at(value.span, "not what belongs here")
                .help(help),
        );
    }
}

//! The `datetime` fact type from facts to verdicts: what YAML and JSON facts accept (quoted or
//! not), what they refuse and where the diagnostics point, how findings carry a datetime, and
//! what the checker says about `date_of` and datetime arithmetic.

use clause::diagnostic::render::{to_text, Style};
use clause::diagnostic::Diagnostic;
use clause::facts::{self, Format, LoadOptions, Parsed};
use clause::source::SourceMap;
use clause::time::DateTime;
use clause::value::{Fact, Value};

const POLICY: &str = r#"
document log {
    doc "What a dynamic analysis saw."
    app_id: string doc "The app." source "The analysis."
    consented_at: datetime doc "When the user consented." source "The consent dialog."
    requests: list of request doc "Network requests." source "The proxy."
    times: list of datetime doc "Other times." source "The analysis."
}

record request {
    doc "A network request."
    host: string doc "Host name." source "The proxy."
    sent_at: datetime doc "When it was sent." source "The proxy."
}

subject app { id log.app_id doc "An app." }
"#;

fn program() -> clause::check::Program {
    let mut sources = SourceMap::new();
    match clause::compile(&mut sources, &[("log.clause".to_string(), POLICY.to_string())]) {
        Ok(checked) => checked.program,
        Err(d) => panic!("the policy does not check:\n{}", to_text(&sources, &d, Style::Plain)),
    }
}

struct Run {
    sources: SourceMap,
    parsed: Parsed,
}

fn load(name: &str, text: &str) -> Run {
    let program = program();
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let format = Format::from_path(name).unwrap_or(Format::Yaml);
    let parsed = facts::parse(&program.schema, file, text, format, &LoadOptions::default());
    Run { sources, parsed }
}

impl Run {
    fn values(&self) -> Vec<String> {
        assert!(self.parsed.diagnostics.is_empty(), "{}", self.rendered());
        let bundle = self.parsed.bundle.as_ref().unwrap_or_else(|| panic!("no bundle"));
        let Some(Fact { value: Value::Record(log), .. }) = &bundle.documents[0] else { panic!("no log") };
        let mut out = Vec::new();
        if let Some(Fact { value: Value::DateTime(t), loc }) = log.get(1) {
            out.push(format!("consented_at {t} @{}:{}", loc.line, loc.column));
        }
        if let Some(Fact { value: Value::List(times), .. }) = log.get(3) {
            for f in times {
                let Value::DateTime(t) = &f.value else { panic!("{:?}", f.value) };
                out.push(format!("times {t} @{}:{}", f.loc.line, f.loc.column));
            }
        }
        out
    }

    /// Each diagnostic: code, line and column of its primary label, message, label, help.
    fn problems(&self) -> Vec<(&'static str, u32, u32, String)> {
        assert!(self.parsed.bundle.is_none(), "an error must leave no bundle");
        self.parsed.diagnostics.iter().map(|d| self.problem(d)).collect()
    }

    fn problem(&self, d: &Diagnostic) -> (&'static str, u32, u32, String) {
        let span = d.primary_span().unwrap_or_else(|| panic!("{d:?} has no primary span"));
        let loc = self.sources.loc_of_span(span);
        (d.code, loc.line, loc.column, d.message.clone())
    }

    fn rendered(&self) -> String {
        to_text(&self.sources, &self.parsed.diagnostics, Style::Plain)
    }
}

#[test]
fn yaml_reads_quoted_and_unquoted_timestamps_alike() {
    let text = "log:\n  app_id: com.example.a\n  consented_at: 2024-03-01T10:15:30+08:00\n  times:\n    - 2024-03-01T02:15:30Z\n    - \"2024-03-01T02:15:30Z\"\n    - '2024-03-01T10:15:30.5+08:00'\n    - 2024-03-01T10:15:30.123456789-05:30\n    - |-\n      2024-03-01T10:15:30.500+08:00\n";
    assert_eq!(
        load("log.yaml", text).values(),
        [
            "consented_at 2024-03-01T10:15:30+08:00 @3:17",
            "times 2024-03-01T02:15:30Z @5:7",
            "times 2024-03-01T02:15:30Z @6:7",
            "times 2024-03-01T10:15:30.5+08:00 @7:7",
            "times 2024-03-01T10:15:30.123456789-05:30 @8:7",
            "times 2024-03-01T10:15:30.500+08:00 @10:7",
        ]
    );
}

#[test]
fn json_reads_what_yaml_reads() {
    let yaml = "log:\n  consented_at: 2024-03-01T10:15:30+08:00\n  times: [2024-03-01T02:15:30Z, \"2024-03-01T10:15:30.500-00:30\"]\n";
    let json = r#"{"log": {"consented_at": "2024-03-01T10:15:30+08:00", "times": ["2024-03-01T02:15:30Z", "2024-03-01T10:15:30.500-00:30"]}}"#;
    let (y, j) = (load("log.yaml", yaml), load("log.json", json));
    let strip = |v: Vec<String>| -> Vec<String> {
        v.into_iter().map(|s| s.split(" @").next().unwrap_or_default().to_string()).collect()
    };
    assert_eq!(strip(y.values()), strip(j.values()));
    assert_eq!(j.values()[0], "consented_at 2024-03-01T10:15:30+08:00 @1:26");
    assert_eq!(j.values()[2], "times 2024-03-01T10:15:30.500-00:30 @1:89");
    // The same value, the same instant, and the offset kept as written.
    let t = |s: &str| DateTime::parse(s).unwrap_or_else(|p| panic!("{s}: {p:?}"));
    assert_eq!(
        t("2024-03-01T10:15:30+08:00").cmp_instant(t("2024-03-01T02:15:30Z")),
        std::cmp::Ordering::Equal
    );
    assert_ne!(t("2024-03-01T10:15:30+08:00"), t("2024-03-01T02:15:30Z"));
}

/// Every way a timestamp is refused, in one file: each is reported, at its own line.
const MALFORMED: &str = "log:
  app_id: com.example.a
  consented_at: 2024-03-01T10:15:30
  times:
    - 2024-02-30T10:15:30+08:00
    - 2024-03-01T24:00:00+08:00
    - 2024-03-01t10:15:30+08:00
    - 2024-03-01 10:15:30 +08:00
    - 2024-03-01T10:15:30+0800
    - 2024-03-01
    - 2016-12-31T23:59:60Z
    - 2024-03-01T10:15:30-00:00
    - 2024-03-01T10:15:30.1234567891Z
    - next tuesday
    - 1709259330
    - true
    - [2024-03-01T10:15:30Z]
  requests:
    - host: a.example
      sent_at: 2024-03-01T10:15
";

#[test]
fn malformed_timestamps_are_each_reported_where_they_stand() {
    let r = load("log.yaml", MALFORMED);
    let problems = r.problems();
    let expect: &[(&str, u32, u32, &str)] = &[
        ("E0416", 3, 17, "`2024-03-01T10:15:30` is not a valid date and time, in `log.consented_at`"),
        ("E0416", 5, 7, "`2024-02-30T10:15:30+08:00` is not a valid date and time, in `log.times[0]`"),
        ("E0416", 6, 7, "`2024-03-01T24:00:00+08:00` is not a valid date and time, in `log.times[1]`"),
        ("E0416", 7, 7, "`2024-03-01t10:15:30+08:00` is not a valid date and time, in `log.times[2]`"),
        ("E0416", 8, 7, "`2024-03-01 10:15:30 +08:00` is not a valid date and time, in `log.times[3]`"),
        ("E0416", 9, 7, "`2024-03-01T10:15:30+0800` is not a valid date and time, in `log.times[4]`"),
        ("E0416", 10, 7, "`2024-03-01` is not a valid date and time, in `log.times[5]`"),
        ("E0416", 11, 7, "`2016-12-31T23:59:60Z` is not a valid date and time, in `log.times[6]`"),
        ("E0416", 12, 7, "`2024-03-01T10:15:30-00:00` is not a valid date and time, in `log.times[7]`"),
        ("E0416", 13, 7, "`2024-03-01T10:15:30.1234567891Z` is not a valid date and time, in `log.times[8]`"),
        (
            "E0414",
            14,
            7,
            "expected a date and time like 2024-03-01T10:15:30+08:00, found the string \"next tuesday\", in `log.times[9]`",
        ),
        (
            "E0414",
            15,
            7,
            "expected a date and time like 2024-03-01T10:15:30+08:00, found the number `1709259330`, in `log.times[10]`",
        ),
        (
            "E0414",
            16,
            7,
            "expected a date and time like 2024-03-01T10:15:30+08:00, found the boolean `true`, in `log.times[11]`",
        ),
        (
            "E0414",
            17,
            7,
            "expected a date and time like 2024-03-01T10:15:30+08:00, found a list, in `log.times[12]`",
        ),
        ("E0416", 20, 16, "`2024-03-01T10:15` is not a valid date and time, in `log.requests[0].sent_at`"),
    ];
    let got: Vec<(&str, u32, u32, &str)> =
        problems.iter().map(|(c, l, col, m)| (*c, *l, *col, m.as_str())).collect();
    assert_eq!(got, expect, "{}", r.rendered());
    insta::assert_snapshot!(format!("{MALFORMED}\n=====\n{}", r.rendered()));
}

#[test]
fn a_local_time_is_refused_as_ambiguous_with_the_offset_to_add() {
    let r = load("log.yaml", "log:\n  consented_at: \"2024-03-01T10:15:30\"\n");
    let d = &r.parsed.diagnostics[0];
    assert_eq!(
        r.problem(d),
        ("E0416", 2, 17, "`2024-03-01T10:15:30` is not a valid date and time, in `log.consented_at`".into())
    );
    assert!(d.labels[0].message.contains("ambiguous"), "{:?}", d.labels);
    assert_eq!(
        d.help.as_deref(),
        Some(
            "add the offset the time was recorded in: `2024-03-01T10:15:30+08:00` for China Standard Time, \
             `2024-03-01T10:15:30Z` for UTC"
        )
    );
}

#[test]
fn json_errors_point_into_the_json_text() {
    let text = "{\n  \"log\": {\n    \"consented_at\": \"2024-03-01T10:15:30\",\n    \"times\": [\"2024-03-01T02:15:30Z\", 1709259330, \"2024-02-30T00:00:00Z\"]\n  }\n}\n";
    let r = load("log.json", text);
    let got: Vec<(&str, u32, u32)> = r.problems().into_iter().map(|(c, l, col, _)| (c, l, col)).collect();
    assert_eq!(got, [("E0416", 3, 21), ("E0414", 4, 39), ("E0416", 4, 51)], "{}", r.rendered());
    let help = r.parsed.diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains("`2024-03-01T10:15:30+08:00`"), "{help}");
}

#[test]
fn a_datetime_where_a_date_is_wanted_says_to_write_the_day() {
    // The other direction, for contrast: a `date` field given a timestamp.
    let mut sources = SourceMap::new();
    let policy = "document log { app_id: string day: date }\nsubject app { id log.app_id }\n";
    let program = clause::compile(&mut sources, &[("p.clause".into(), policy.into())])
        .unwrap_or_else(|d| panic!("{}", to_text(&sources, &d, Style::Plain)))
        .program;
    let file = sources.add("f.yaml", "log:\n  day: 2024-03-01T10:15:30+08:00\n");
    let parsed = facts::parse(
        &program.schema,
        file,
        "log:\n  day: 2024-03-01T10:15:30+08:00\n",
        Format::Yaml,
        &LoadOptions::default(),
    );
    assert_eq!(parsed.diagnostics[0].code, "E0416");
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("facts dates are calendar days without a time; write `2024-03-01`")
    );
}

fn check_error(rule_body: &str) -> String {
    let policy = format!(
        "{POLICY}\nregulation t {{\n  title.en \"T\"\n  in force from 2016-08-01\n  party p {{ subject app title.en \"p\" }}\n  article 1 {{\n    rule r {{\n      severity error\n      applies to p\n      require {rule_body}\n    }}\n  }}\n}}\n"
    );
    let mut sources = SourceMap::new();
    match clause::compile(&mut sources, &[("p.clause".into(), policy)]) {
        Ok(_) => panic!("`{rule_body}` checked"),
        Err(d) => {
            assert_eq!(d.len(), 1, "{}", to_text(&sources, &d, Style::Plain));
            format!("{} {} | {}", d[0].code, d[0].message, d[0].help.as_deref().unwrap_or(""))
        }
    }
}

#[test]
fn the_checker_says_what_to_write_instead() {
    assert_eq!(
        check_error("date_of(2024-03-01) == 2024-03-01"),
        "E0203 `date_of` needs a datetime, found date | it is a date already; use it as it is"
    );
    assert_eq!(
        check_error("date_of(log.app_id) == 2024-03-01"),
        "E0203 `date_of` needs a datetime, found string | "
    );
    assert_eq!(
        check_error("date_of(log.consented_at, 1) == 2024-03-01"),
        "E0212 `date_of` takes 1 argument, found 2 | "
    );
    assert_eq!(
        check_error("log.consented_at + 30 days == log.consented_at"),
        "E0203 cannot add duration to datetime | a datetime is not moved by days; move its day in China \
         Standard Time instead: `date_of(log.consented_at) + 30 days`"
    );
    assert_eq!(
        check_error("log.consented_at - log.consented_at == 0 days"),
        "E0203 cannot subtract datetime from datetime | compare the two datetimes, or count the days between \
         their days in China Standard Time: `date_of(log.consented_at) - date_of(log.consented_at)`"
    );
    assert_eq!(
        check_error("as_of >= log.consented_at"),
        "E0203 cannot compare date with datetime | a datetime is an instant and a date a calendar day; compare \
         the datetime's day in China Standard Time (UTC+8), `as_of >= date_of(log.consented_at)`, or compare \
         it with another datetime"
    );
    assert_eq!(
        check_error("max(log.consented_at, as_of) == as_of"),
        "E0203 `max` needs two dates, datetimes, durations or integers, found datetime and date | "
    );
    assert_eq!(
        check_error("daet_of(log.consented_at) == as_of").split(" | ").nth(1),
        Some("did you mean `date_of`?")
    );
}

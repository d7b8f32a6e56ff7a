//! Dates and times of day with their UTC offset: `2024-03-01T10:15:30+08:00`.
//!
//! A [`DateTime`] is an instant (seconds and nanoseconds since 1970-01-01T00:00:00Z) and the
//! offset it was written in, so that it compares as an instant and is rendered as written.
//! The accepted text is RFC 3339's `date-time`, strictly: `YYYY-MM-DDTHH:MM:SS`, an optional
//! fraction of one to nine digits (nanoseconds), then `Z` or `±HH:MM`. A time without an offset
//! names no instant (10:15 in Beijing is 02:15 in London), so it is refused, and so are the
//! spellings RFC 3339 tolerates but clause does not write: a lowercase `t` or `z`, a space
//! for the `T`, `-00:00` ("offset unknown"), a leap second `:60`, hour `24`. Each refusal is a
//! [`DateTimeProblem`] that says why and, when the fix is mechanical, what to write.

use super::{Date, MAX_YEAR, MIN_YEAR};
use std::cmp::Ordering;
use std::fmt;

const SECONDS_PER_DAY: i64 = 86_400;

/// China Standard Time, UTC+8 all year (no daylight saving time since 1991).
pub const CHINA_OFFSET_MINUTES: i16 = 8 * 60;

/// An instant with the offset it was written in. `==` is the written value (same instant,
/// same offset, same digits); compare instants with [`DateTime::cmp_instant`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// Seconds since 1970-01-01T00:00:00Z.
    seconds: i64,
    /// Nanoseconds after `seconds`: 0 ..= 999 999 999.
    nanos: u32,
    /// Minutes east of UTC, as written: -1439 ..= 1439.
    offset_minutes: i16,
    /// Digits of the fraction as written (0 for none), so `.500` stays `.500`.
    fraction_digits: u8,
    /// Written `Z` rather than `+00:00`.
    zulu: bool,
}

/// Why a text is not a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTimeProblem {
    /// Not shaped like a date and time at all (`next week`, `1709259330`).
    NotADateTime,
    /// A calendar date alone.
    DateOnly,
    /// The date part is no calendar day (`2024-02-30`, month 13).
    InvalidDate,
    /// Lowercase `t` or `z`.
    Lowercase,
    /// A space (or another character) where the `T` goes, or before the offset.
    Separator,
    /// `10:15` without seconds.
    NoSeconds,
    /// The time is not `HH:MM:SS` with two-digit parts.
    MalformedTime,
    /// Hour 24 (ISO 8601's end of day).
    Hour24,
    /// An hour, minute or second out of range.
    TimeOutOfRange,
    /// Second 60.
    LeapSecond,
    /// A `.` without digits, a `,` for the decimal point, or more than nine digits.
    Fraction,
    /// A local time: no `Z` and no `±HH:MM`.
    NoOffset,
    /// `-00:00`, which RFC 3339 reserves for "the offset to local time is unknown".
    UnknownOffset,
    /// An offset not written `±HH:MM` (`+8`, `+0800`, `+08`), or out of range.
    MalformedOffset,
    /// Something after the offset.
    Trailing,
}

impl DateTime {
    /// Parses RFC 3339 `date-time` strictly: see the [module docs](self).
    pub fn parse(text: &str) -> Result<DateTime, DateTimeProblem> {
        use DateTimeProblem as P;
        let b = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = b.get(range)?;
            part.iter()
                .all(u8::is_ascii_digit)
                .then(|| part.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')))
        };
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(P::NotADateTime);
        };
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return Err(P::NotADateTime);
        }
        let year = i32::try_from(year).map_err(|_| P::NotADateTime)?;
        let date = Date::from_ymd(year, month, day).ok_or(P::InvalidDate)?;
        match b.get(10) {
            None => return Err(P::DateOnly),
            Some(b'T') => {}
            Some(b't') => return Err(P::Lowercase),
            Some(b' ') => return Err(P::Separator),
            Some(_) => return Err(P::NotADateTime),
        }
        let (Some(hour), Some(minute)) = (digits(11..13), digits(14..16)) else {
            return Err(P::MalformedTime);
        };
        if b.get(13) != Some(&b':') {
            return Err(P::MalformedTime);
        }
        let second = match b.get(16) {
            Some(b':') => digits(17..19).ok_or(P::MalformedTime)?,
            None | Some(b'Z' | b'z' | b'+' | b'-') => return Err(P::NoSeconds),
            Some(_) => return Err(P::MalformedTime),
        };
        match (hour, minute, second) {
            (24, 0, 0) => return Err(P::Hour24),
            (24.., _, _) | (_, 60.., _) | (_, _, 61..) => return Err(P::TimeOutOfRange),
            (_, _, 60) => return Err(P::LeapSecond),
            _ => {}
        }
        let mut at = 19;
        let (mut nanos, mut fraction_digits) = (0u32, 0u8);
        match b.get(at) {
            Some(b'.') => {
                let run =
                    b.get(at + 1..).unwrap_or_default().iter().take_while(|c| c.is_ascii_digit()).count();
                if run == 0 || run > 9 {
                    return Err(P::Fraction);
                }
                let value = digits(at + 1..at + 1 + run).ok_or(P::Fraction)?;
                // `run` ≤ 9 digits: the scaled value stays below 10^9.
                nanos = value * 10u32.pow(9 - run as u32);
                fraction_digits = run as u8;
                at += 1 + run;
            }
            Some(b',') => return Err(P::Fraction),
            _ => {}
        }
        let (offset_minutes, zulu) = match b.get(at) {
            None => return Err(P::NoOffset),
            Some(b'Z') => {
                at += 1;
                (0, true)
            }
            Some(b'z') => return Err(P::Lowercase),
            Some(&sign @ (b'+' | b'-')) => {
                let (Some(h), Some(m)) = (digits(at + 1..at + 3), digits(at + 4..at + 6)) else {
                    return Err(P::MalformedOffset);
                };
                if b.get(at + 3) != Some(&b':') || h > 23 || m > 59 {
                    return Err(P::MalformedOffset);
                }
                if sign == b'-' && h == 0 && m == 0 {
                    return Err(P::UnknownOffset);
                }
                at += 6;
                // h ≤ 23 and m ≤ 59: at most 1439 minutes.
                let minutes = (h * 60 + m) as i16;
                (if sign == b'-' { -minutes } else { minutes }, false)
            }
            Some(b' ') => return Err(P::Separator),
            Some(_) => return Err(P::Trailing),
        };
        if at != b.len() {
            return Err(P::Trailing);
        }
        let local =
            i64::from(date.day_number()) * SECONDS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second);
        let seconds = local - i64::from(offset_minutes) * 60;
        Ok(DateTime { seconds, nanos, offset_minutes, fraction_digits, zulu })
    }

    /// Seconds since 1970-01-01T00:00:00Z and the nanoseconds after them.
    pub fn instant(self) -> (i64, u32) {
        (self.seconds, self.nanos)
    }

    /// Earlier, same or later instant, whatever the offsets they were written in.
    pub fn cmp_instant(self, other: DateTime) -> Ordering {
        self.instant().cmp(&other.instant())
    }

    /// Minutes east of UTC, as written.
    pub fn offset_minutes(self) -> i16 {
        self.offset_minutes
    }

    /// The calendar day of this instant at the given offset.
    pub fn date_at(self, offset_minutes: i16) -> Option<Date> {
        let local = self.seconds + i64::from(offset_minutes) * 60;
        let days = i32::try_from(local.div_euclid(SECONDS_PER_DAY)).ok()?;
        let date = Date { days };
        (MIN_YEAR..=MAX_YEAR).contains(&date.ymd().0).then_some(date)
    }

    /// The calendar day of this instant in China Standard Time (UTC+8): the day Chinese
    /// law counts in, and the same for every spelling of one instant.
    pub fn china_date(self) -> Option<Date> {
        self.date_at(CHINA_OFFSET_MINUTES)
    }

    /// The wall-clock fields as written: date, hour, minute, second.
    fn local(self) -> (Date, u32, u32, u32) {
        let local = self.seconds + i64::from(self.offset_minutes) * 60;
        // The parser only makes instants whose local day is a valid `Date`.
        let days = i32::try_from(local.div_euclid(SECONDS_PER_DAY)).unwrap_or(0);
        let of_day = u32::try_from(local.rem_euclid(SECONDS_PER_DAY)).unwrap_or(0);
        (Date { days }, of_day / 3600, of_day / 60 % 60, of_day % 60)
    }

    /// `.5`, `.500`, `.123456789` as written, or nothing.
    fn fraction(self) -> String {
        if self.fraction_digits == 0 {
            return String::new();
        }
        let all = format!("{:09}", self.nanos);
        format!(".{}", &all[..usize::from(self.fraction_digits).min(9)])
    }

    /// `+08:00`, `-05:30`, `Z`.
    fn offset_text(self) -> String {
        if self.zulu {
            return "Z".into();
        }
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        let m = self.offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }

    /// `2024年3月1日10时15分30秒（UTC+08:00）`.
    pub fn to_zh(self) -> String {
        let (date, h, m, s) = self.local();
        let offset = if self.zulu { "UTC".to_string() } else { format!("UTC{}", self.offset_text()) };
        format!("{}{h}时{m}分{s}{}秒（{offset}）", date.to_zh(), self.fraction())
    }
}

impl fmt::Display for DateTime {
    /// As written: `2024-03-01T10:15:30.500+08:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, h, m, s) = self.local();
        write!(f, "{date}T{h:02}:{m:02}:{s:02}{}{}", self.fraction(), self.offset_text())
    }
}

impl DateTimeProblem {
    /// What is wrong, for a diagnostic's label: `no UTC offset`.
    pub fn label(self) -> &'static str {
        use DateTimeProblem as P;
        match self {
            P::NotADateTime => "not a date and time",
            P::DateOnly => "a date without a time of day",
            P::InvalidDate => "not a calendar date",
            P::Lowercase => "`T` and `Z` are written in capitals",
            P::Separator => "a space where `T` or the offset goes",
            P::NoSeconds => "the seconds are missing",
            P::MalformedTime => "not a time of day `HH:MM:SS`",
            P::Hour24 => "hour 24 is not a time of day",
            P::TimeOutOfRange => "an hour, minute or second out of range",
            P::LeapSecond => "a leap second",
            P::Fraction => "not a fraction of a second",
            P::NoOffset => "no UTC offset: this local time is ambiguous",
            P::UnknownOffset => "`-00:00` means the offset is unknown",
            P::MalformedOffset => "not a UTC offset `+HH:MM`",
            P::Trailing => "unexpected text after the time",
        }
    }

    /// How to write `text` instead: the mechanical fix when there is one.
    pub fn help(self, text: &str) -> String {
        use DateTimeProblem as P;
        const EXAMPLE: &str = "`2024-03-01T10:15:30+08:00`";
        let fixed = repair(text);
        match self {
            P::NotADateTime => format!("write a date and time with its UTC offset, as in {EXAMPLE}"),
            P::DateOnly => format!(
                "this field holds a date and a time; for the start of that day in China Standard \
                 Time write `{}T00:00:00+08:00`",
                text
            ),
            P::InvalidDate => invalid_date_help(text),
            P::NoOffset => format!(
                "add the offset the time was recorded in: `{text}+08:00` for China Standard Time, `{text}Z` for UTC"
            ),
            P::Hour24 => match next_midnight(text) {
                Some(next) => format!("midnight at the end of a day is `T00:00:00` of the next: write `{next}`"),
                None => "midnight at the end of a day is `T00:00:00` of the next".into(),
            },
            P::LeapSecond => "leap seconds are not supported; write `:59`".into(),
            P::TimeOutOfRange => "hours run from 00 to 23, minutes and seconds from 00 to 59".into(),
            P::Fraction => {
                "write a fraction of a second as `.` and one to nine digits, as in `10:15:30.250`".into()
            }
            P::UnknownOffset => "for UTC write `Z` or `+00:00`; otherwise give the real offset".into(),
            P::Lowercase | P::Separator | P::NoSeconds | P::MalformedTime | P::MalformedOffset | P::Trailing => {
                match fixed {
                    Some((fixed, true)) => format!("write `{fixed}`"),
                    Some((fixed, false)) => {
                        format!("write `{fixed}` and add its UTC offset, as in `{fixed}+08:00`")
                    }
                    None => format!("write a date and time with its UTC offset, as in {EXAMPLE}"),
                }
            }
        }
    }
}

/// The text with its spelling made canonical (`t`→`T`, a space for `T`, no space before the
/// offset, `z`→`Z`, `+0800`/`+08`→`+08:00`, seconds added to `HH:MM`), when that gives a
/// date and time: `(fixed, true)`, or `(fixed, false)` when only the offset is missing then.
fn repair(text: &str) -> Option<(String, bool)> {
    let (date, rest) = (text.get(..10)?, text.get(11..)?);
    let rest = rest.trim_start();
    // The time of day: digits and `:` (and a fraction), then the offset.
    let end =
        rest.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ',')).unwrap_or(rest.len());
    let (time, offset) = rest.split_at(end);
    let mut time = time.replace(',', ".");
    if time.len() == 5 {
        time.push_str(":00");
    }
    let offset = offset.trim();
    let offset = match offset {
        "" => String::new(),
        "z" | "Z" => "Z".into(),
        _ => {
            let (sign, digits) = match offset.as_bytes().first() {
                Some(b'+' | b'-') => offset.split_at(1),
                _ => return None,
            };
            let digits = digits.replace(':', "");
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            match digits.len() {
                1 => format!("{sign}0{digits}:00"),
                2 => format!("{sign}{digits}:00"),
                4 => format!("{sign}{}:{}", &digits[..2], &digits[2..]),
                _ => return None,
            }
        }
    };
    let fixed = format!("{date}T{time}{offset}");
    if fixed == text {
        return None;
    }
    match DateTime::parse(&fixed) {
        Ok(_) => Some((fixed, true)),
        Err(DateTimeProblem::NoOffset) => Some((fixed, false)),
        Err(_) => None,
    }
}

/// Which part of `YYYY-MM-DD` is wrong: the month, or the day for that month.
fn invalid_date_help(text: &str) -> String {
    let number = |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    match (number(0..4), number(5..7)) {
        (Some(0), _) => "years run from 0001 to 9999".into(),
        (_, Some(0) | Some(13..)) | (_, None) => "months run from 01 to 12".into(),
        (Some(year), Some(month)) => {
            let year = i32::try_from(year).unwrap_or(MIN_YEAR);
            format!("{year:04}-{month:02} has {} days", super::days_in_month(year, month))
        }
        (None, _) => "write the date as year-month-day, as in `2024-03-01`".into(),
    }
}

/// `2024-02-29T24:00:00+08:00` → `2024-03-01T00:00:00+08:00`.
fn next_midnight(text: &str) -> Option<String> {
    let day = Date::parse(text.get(..10)?)?.add_days(1)?;
    let rest = text.get(19..)?;
    let fixed = format!("{day}T00:00:00{rest}");
    DateTime::parse(&fixed).is_ok().then_some(fixed)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use DateTimeProblem as P;

    fn dt(text: &str) -> DateTime {
        DateTime::parse(text).unwrap_or_else(|p| panic!("{text}: {p:?}"))
    }

    #[test]
    fn valid_texts_render_as_written() {
        for text in [
            "2024-03-01T10:15:30+08:00",
            "2024-03-01T02:15:30Z",
            "2024-03-01T02:15:30+00:00",
            "2024-03-01T10:15:30.5+08:00",
            "2024-03-01T10:15:30.500+08:00",
            "2024-03-01T10:15:30.123456789-05:30",
            "0001-01-01T00:00:00Z",
            "0001-01-01T00:00:00+08:00",
            "9999-12-31T23:59:59.999999999Z",
            "2024-02-29T23:59:59+14:00",
            "1969-12-31T23:59:59.9-12:00",
        ] {
            assert_eq!(dt(text).to_string(), text);
        }
    }

    #[test]
    fn instants_compare_across_offsets() {
        let beijing = dt("2024-03-01T10:15:30+08:00");
        let utc = dt("2024-03-01T02:15:30Z");
        assert_eq!(beijing.cmp_instant(utc), Ordering::Equal);
        assert_ne!(beijing, utc, "`==` keeps the written offset");
        assert_eq!(utc.instant(), (1_709_259_330, 0));
        assert_eq!(dt("1970-01-01T00:00:00Z").instant(), (0, 0));
        assert_eq!(dt("1969-12-31T23:59:59.25Z").instant(), (-1, 250_000_000));
        let later = dt("2024-03-01T02:15:30.000000001Z");
        assert_eq!(utc.cmp_instant(later), Ordering::Less);
        assert_eq!(
            dt("2024-03-01T00:00:00-00:01").cmp_instant(dt("2024-03-01T00:00:00Z")),
            Ordering::Greater
        );
        assert_eq!(dt("2024-03-01T10:15:30.5+08:00").instant().1, 500_000_000);
        assert_eq!(dt("2024-03-01T10:15:30.000000007+08:00").instant().1, 7);
    }

    #[test]
    fn dates_in_china_standard_time() {
        let late_utc = dt("2024-03-01T20:00:00Z");
        assert_eq!(late_utc.china_date().unwrap().to_string(), "2024-03-02");
        assert_eq!(late_utc.date_at(0).unwrap().to_string(), "2024-03-01");
        assert_eq!(dt("2024-03-01T23:59:59+08:00").china_date().unwrap().to_string(), "2024-03-01");
        assert_eq!(dt("2024-03-01T00:00:00+08:00").china_date().unwrap().to_string(), "2024-03-01");
        assert_eq!(dt("2024-02-29T15:59:59-01:00").china_date().unwrap().to_string(), "2024-03-01");
        // Late on the last day of year 9999 in UTC is year 10000 in Beijing: no date.
        assert_eq!(dt("9999-12-31T20:00:00Z").china_date(), None);
        assert_eq!(dt("0001-01-01T00:00:00+08:00").date_at(0), None);
    }

    #[test]
    fn chinese_words() {
        assert_eq!(dt("2024-03-01T10:05:30+08:00").to_zh(), "2024年3月1日10时5分30秒（UTC+08:00）");
        assert_eq!(dt("2024-03-01T02:15:30.25Z").to_zh(), "2024年3月1日2时15分30.25秒（UTC）");
        assert_eq!(dt("2024-03-01T02:15:30-05:30").to_zh(), "2024年3月1日2时15分30秒（UTC-05:30）");
    }

    #[test]
    fn problems_are_named() {
        let cases = [
            ("next week", P::NotADateTime),
            ("1709259330", P::NotADateTime),
            ("", P::NotADateTime),
            ("2024-3-01T10:15:30Z", P::NotADateTime),
            ("2024-03-01", P::DateOnly),
            ("2024-02-30T10:15:30+08:00", P::InvalidDate),
            ("2023-02-29T10:15:30+08:00", P::InvalidDate),
            ("2024-13-01T10:15:30+08:00", P::InvalidDate),
            ("2024-03-01t10:15:30+08:00", P::Lowercase),
            ("2024-03-01T10:15:30z", P::Lowercase),
            ("2024-03-01 10:15:30+08:00", P::Separator),
            ("2024-03-01T10:15:30 +08:00", P::Separator),
            ("2024-03-01T10:15+08:00", P::NoSeconds),
            ("2024-03-01T10:15", P::NoSeconds),
            ("2024-03-01T1:15:30+08:00", P::MalformedTime),
            ("2024-03-01T10-15-30+08:00", P::MalformedTime),
            ("2024-03-01T24:00:00+08:00", P::Hour24),
            ("2024-03-01T24:30:00+08:00", P::TimeOutOfRange),
            ("2024-03-01T25:00:00+08:00", P::TimeOutOfRange),
            ("2024-03-01T10:60:00+08:00", P::TimeOutOfRange),
            ("2024-03-01T10:15:61+08:00", P::TimeOutOfRange),
            ("2016-12-31T23:59:60Z", P::LeapSecond),
            ("2024-03-01T10:15:30.+08:00", P::Fraction),
            ("2024-03-01T10:15:30,5+08:00", P::Fraction),
            ("2024-03-01T10:15:30.1234567891+08:00", P::Fraction),
            ("2024-03-01T10:15:30", P::NoOffset),
            ("2024-03-01T10:15:30.250", P::NoOffset),
            ("2024-03-01T10:15:30-00:00", P::UnknownOffset),
            ("2024-03-01T10:15:30+8", P::MalformedOffset),
            ("2024-03-01T10:15:30+08", P::MalformedOffset),
            ("2024-03-01T10:15:30+0800", P::MalformedOffset),
            ("2024-03-01T10:15:30+24:00", P::MalformedOffset),
            ("2024-03-01T10:15:30+08:60", P::MalformedOffset),
            ("2024-03-01T10:15:30+08:00 ", P::Trailing),
            ("2024-03-01T10:15:30ZZ", P::Trailing),
            ("2024-03-01T10:15:30 CST", P::Separator),
            ("2024-03-01T10:15:30CST", P::Trailing),
            ("0000-01-01T00:00:00Z", P::InvalidDate),
        ];
        for (text, problem) in cases {
            assert_eq!(DateTime::parse(text), Err(problem), "{text}");
        }
    }

    #[test]
    fn help_shows_the_fix() {
        let help = |text: &str| DateTime::parse(text).unwrap_err().help(text);
        assert_eq!(help("2024-03-01t10:15:30+08:00"), "write `2024-03-01T10:15:30+08:00`");
        assert_eq!(help("2024-03-01T10:15:30z"), "write `2024-03-01T10:15:30Z`");
        assert_eq!(help("2024-03-01 10:15:30 +08:00"), "write `2024-03-01T10:15:30+08:00`");
        assert_eq!(help("2001-12-14 21:59:43.10 -5"), "write `2001-12-14T21:59:43.10-05:00`");
        assert_eq!(help("2024-03-01T10:15:30+0800"), "write `2024-03-01T10:15:30+08:00`");
        assert_eq!(help("2024-03-01T10:15+08:00"), "write `2024-03-01T10:15:00+08:00`");
        assert_eq!(
            help("2024-03-01 10:15:30"),
            "write `2024-03-01T10:15:30` and add its UTC offset, as in `2024-03-01T10:15:30+08:00`"
        );
        assert_eq!(
            help("2024-03-01T10:15:30"),
            "add the offset the time was recorded in: `2024-03-01T10:15:30+08:00` for China Standard \
             Time, `2024-03-01T10:15:30Z` for UTC"
        );
        assert_eq!(
            help("2024-02-29T24:00:00+08:00"),
            "midnight at the end of a day is `T00:00:00` of the next: write `2024-03-01T00:00:00+08:00`"
        );
        assert!(help("2024-03-01").contains("`2024-03-01T00:00:00+08:00`"));
        assert_eq!(help("2024-02-30T10:15:30+08:00"), "2024-02 has 29 days");
        assert_eq!(help("2023-04-31T10:15:30+08:00"), "2023-04 has 30 days");
        assert_eq!(help("2024-13-01T10:15:30+08:00"), "months run from 01 to 12");
        assert_eq!(help("0000-01-01T10:15:30+08:00"), "years run from 0001 to 9999");
        assert!(help("2024-03-01T10:15:30 CST").contains("as in `2024-03-01T10:15:30+08:00`"));
        for fixed in
            ["2024-03-01T10:15:30+08:00", "2024-03-01T10:15:00+08:00", "2001-12-14T21:59:43.10-05:00"]
        {
            assert!(DateTime::parse(fixed).is_ok(), "{fixed}");
        }
    }
}

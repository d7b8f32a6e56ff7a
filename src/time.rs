//! Civil dates, dates and times with their UTC offset ([`DateTime`], in `time/datetime.rs`),
//! and exact durations.
//!
//! A [`Date`] is a proleptic Gregorian calendar day, stored as days since 1970-01-01 so
//! comparison and `date ± days` are integer operations. Durations are exact whole days;
//! months and years exist only as calendar spans added to a date, where a day past the end
//! of the target month is clamped to its last day (2016-01-31 + 1 month = 2016-02-29).

use std::fmt;

mod datetime;
pub use datetime::{DateTime, DateTimeProblem, CHINA_OFFSET_MINUTES};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    days: i32,
}

/// Dates outside these years are rejected: far enough for any law, small enough that
/// arithmetic never overflows.
pub const MIN_YEAR: i32 = 1;
pub const MAX_YEAR: i32 = 9999;

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date { days: 0 };

    /// A valid calendar date, or `None`.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { days: days_from_civil(year, month, day) })
    }

    /// Parses `YYYY-MM-DD` exactly.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let num = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = i32::try_from(num(0..4)?).ok()?;
        Date::from_ymd(year, num(5..7)?, num(8..10)?)
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.days)
    }

    /// Days since 1970-01-01.
    pub fn day_number(self) -> i32 {
        self.days
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        let days = i32::try_from(i64::from(self.days).checked_add(days)?).ok()?;
        let date = Date { days };
        let (year, _, _) = date.ymd();
        (MIN_YEAR..=MAX_YEAR).contains(&year).then_some(date)
    }

    /// Adds calendar months; a day past the end of the target month becomes its last day.
    pub fn add_months(self, months: i64) -> Option<Date> {
        let (year, month, day) = self.ymd();
        let index = (i64::from(year) * 12 + i64::from(month) - 1).checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return None;
        }
        Date::from_ymd(year, month, day.min(days_in_month(year, month)))
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        i64::from(other.days) - i64::from(self.days)
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (index 3).
        u32::try_from((i64::from(self.days) + 3).rem_euclid(7)).unwrap_or(0)
    }

    /// `2016年8月1日`.
    pub fn to_zh(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y}年{m}月{d}日")
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's civil-from-days algorithms (public domain), exact for the whole range.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = month as i32;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

/// Parses an ISO 8601 duration of exact days: `P60D`, `P8W`, `P1W2D`. Months and years are
/// not a fixed number of days, so `P6M` is rejected with a reason.
pub fn parse_iso_duration(text: &str) -> Result<i64, String> {
    let rest = text
        .strip_prefix('P')
        .ok_or_else(|| "an ISO 8601 duration starts with `P`, as in `P60D`".to_string())?;
    if rest.is_empty() {
        return Err("the duration `P` has no amount; write e.g. `P60D`".into());
    }
    let mut total: i64 = 0;
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        if c == 'T' {
            return Err(
                "durations in facts are whole days; hours, minutes and seconds are not supported".into()
            );
        }
        let amount: i64 = number.parse().map_err(|_| format!("a number must come before `{c}`"))?;
        number.clear();
        let days = match c {
            'D' => amount,
            'W' => amount.checked_mul(7).ok_or("the duration is too large")?,
            'M' | 'Y' => return Err(
                "months and years are not a fixed number of days; write the duration in days, as in `P180D`"
                    .into(),
            ),
            'T' => {
                return Err(
                    "durations in facts are whole days; hours, minutes and seconds are not supported".into()
                )
            }
            other => return Err(format!("`{other}` is not a duration unit; use `D` (days) or `W` (weeks)")),
        };
        total = total.checked_add(days).ok_or("the duration is too large")?;
    }
    if !number.is_empty() {
        return Err("the duration ends with a number but no unit; write e.g. `P60D`".into());
    }
    Ok(total)
}

/// Chinese numerals for counts as written in law: 6 → 六, 10 → 十, 60 → 六十, 105 → 一百零五.
pub fn chinese_number(n: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 0 {
        return format!("负{}", chinese_number(n.saturating_neg()));
    }
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        return format!("十{}", if n == 10 { "" } else { DIGITS[(n - 10) as usize] });
    }
    if n < 100 {
        let tail = if n % 10 == 0 { "" } else { DIGITS[(n % 10) as usize] };
        return format!("{}十{}", DIGITS[(n / 10) as usize], tail);
    }
    if n < 1000 {
        let rest = n % 100;
        let tail = match rest {
            0 => String::new(),
            1..=9 => format!("零{}", DIGITS[rest as usize]),
            10..=19 => format!("一{}", chinese_number(rest)),
            _ => chinese_number(rest),
        };
        return format!("{}百{}", DIGITS[(n / 100) as usize], tail);
    }
    n.to_string()
}

/// A duration in whole days, in English: `1 day`, `60 days`.
pub fn days_en(days: i64) -> String {
    if days == 1 || days == -1 {
        format!("{days} day")
    } else {
        format!("{days} days")
    }
}

/// A duration in whole days, as Chinese law writes it: `六十日`.
pub fn days_zh(days: i64) -> String {
    format!("{}日", chinese_number(days))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_order() {
        let d = Date::parse("2016-08-01").unwrap();
        assert_eq!(d.to_string(), "2016-08-01");
        assert_eq!(Date::parse("1970-01-01").unwrap().day_number(), 0);
        assert!(Date::parse("2016-02-30").is_none());
        assert!(Date::parse("2016-8-1").is_none());
        assert_eq!(Date::parse("2016-02-29").unwrap().add_days(1).unwrap().to_string(), "2016-03-01");
        assert_eq!(Date::parse("2016-08-01").unwrap().weekday(), 0);
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        let d = Date::parse("2016-01-31").unwrap();
        assert_eq!(d.add_months(1).unwrap().to_string(), "2016-02-29");
        assert_eq!(d.add_months(13).unwrap().to_string(), "2017-02-28");
        assert_eq!(d.add_months(-2).unwrap().to_string(), "2015-11-30");
    }

    #[test]
    fn iso_durations() {
        assert_eq!(parse_iso_duration("P60D"), Ok(60));
        assert_eq!(parse_iso_duration("P2W3D"), Ok(17));
        assert!(parse_iso_duration("P6M").is_err());
        assert!(parse_iso_duration("60").is_err());
        assert!(parse_iso_duration("P60").is_err());
        assert!(parse_iso_duration("PT1440H").is_err_and(|e| e.contains("whole days")));
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_number(6), "六");
        assert_eq!(chinese_number(10), "十");
        assert_eq!(chinese_number(11), "十一");
        assert_eq!(chinese_number(30), "三十");
        assert_eq!(chinese_number(60), "六十");
        assert_eq!(chinese_number(105), "一百零五");
        assert_eq!(chinese_number(180), "一百八十");
        assert_eq!(days_zh(60), "六十日");
    }
}

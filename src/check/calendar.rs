//! Working-day calendars: checked once, named per pack.

use super::program::Calendar;
use super::scope::PackMap;
use super::Names;
use crate::diagnostic::Diagnostic;
use crate::syntax::ast;
use crate::time::Date;

fn date(d: &ast::DateLit) -> Date {
    // The lowering validated every date literal, so the fallback is never taken.
    Date::from_ymd(d.year, d.month, d.day).unwrap_or(Date::EPOCH)
}

/// Every pack's calendars, checked, and for each its pack, its name and its name in the
/// program: the name itself, or `pack::name` when two packs declare one name.
pub fn calendars(
    items: &[&ast::Item],
    packs: &PackMap,
    errors: &mut Vec<Diagnostic>,
) -> (Vec<Calendar>, Vec<(usize, String, String)>) {
    let mut names: Vec<Names> = (0..packs.len().max(1)).map(|_| Names::new("calendar")).collect();
    let mut out = Vec::new();
    let mut declared: Vec<(usize, String)> = Vec::new();
    for item in items {
        let ast::Item::Calendar(c) = item else { continue };
        let pack = packs.of(c.name.span);
        if !names.get_mut(pack).is_some_and(|n| n.declare(&c.name, errors)) {
            continue;
        }
        declared.push((pack, c.name.text.clone()));
        let range = |r: &ast::DateRange, errors: &mut Vec<Diagnostic>| {
            let (from, to) = (date(&r.from), date(&r.to));
            if from > to {
                errors.push(
                    Diagnostic::error("E0220", "a date range ends before it starts")
                        .at(r.span, "empty range"),
                );
            }
            (from, to)
        };
        let covers = range(&c.covers, errors);
        let mut holidays: Vec<_> = c.holidays.iter().map(|r| range(r, errors)).collect();
        let mut workdays: Vec<_> = c.workdays.iter().map(|r| range(r, errors)).collect();
        for r in c.holidays.iter().chain(&c.workdays) {
            if date(&r.from) < covers.0 || date(&r.to) > covers.1 {
                errors.push(
                    Diagnostic::error("E0220", "this date lies outside the calendar's `covers` range")
                        .at(r.span, "outside the covered period")
                        .also(c.covers.span, "the calendar covers this period"),
                );
            }
        }
        holidays.sort();
        workdays.sort();
        out.push(Calendar {
            name: c.name.text.clone(),
            covers_from: covers.0,
            covers_to: covers.1,
            rest_weekends: c.rest_weekends,
            holidays,
            workdays,
        });
    }
    let named: Vec<(usize, String, String)> = declared
        .iter()
        .map(|(pack, name)| {
            let shared = declared.iter().filter(|(_, n)| n == name).count() > 1;
            let canonical = if shared { format!("{}::{name}", packs.id(*pack)) } else { name.clone() };
            (*pack, name.clone(), canonical)
        })
        .collect();
    for (calendar, (_, _, canonical)) in out.iter_mut().zip(&named) {
        calendar.name = canonical.clone();
    }
    (out, named)
}

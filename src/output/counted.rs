//! The usage estimates read from COUNTER reports, said where a purchasing officer reads
//! the figures (`check`, the report's method) and in JSON: which report, which metric,
//! which months, and the year's total that became the estimate.

use schemars::JsonSchema;
use serde::Serialize;

use super::sanitize::printable;
use super::table;
use crate::lang::Lang;
use crate::money;
use crate::tender::counted::CountedUsage;

/// One member's estimate of one measure of a lot, read from a COUNTER report.
#[derive(Serialize, JsonSchema)]
pub struct CountedOut {
    lot: String,
    member: String,
    /// `active_accounts`, `simultaneous_accesses` or `consultations`.
    measure: &'static str,
    /// The report's file, as resolved against the tender file's folder.
    report: String,
    /// As the report names itself (`TR`, `DR_D1` …).
    report_id: String,
    /// The COUNTER release (`5`, `5.1`).
    release: String,
    metric: String,
    /// Each month read, in order (`2025-01`), with the metric's total that month.
    months: Vec<MonthOut>,
    /// The year's total: the estimate every command uses.
    total: u64,
}

#[derive(Serialize, JsonSchema)]
struct MonthOut {
    month: String,
    count: u64,
}

pub fn out(list: &[(String, CountedUsage)]) -> Vec<CountedOut> {
    list.iter()
        .map(|(lot, u)| CountedOut {
            lot: lot.clone(),
            member: u.member.clone(),
            measure: u.measure,
            report: u.report.display().to_string(),
            report_id: u.report_id.clone(),
            release: u.release.clone(),
            metric: u.metric.clone(),
            months: u
                .months
                .iter()
                .map(|(m, n)| MonthOut {
                    month: m.clone(),
                    count: *n,
                })
                .collect(),
            total: u.total,
        })
        .collect()
}

fn measure_words(measure: &str, lang: Lang) -> &'static str {
    match measure {
        "active_accounts" => lang.pick("comptes actifs", "active accounts"),
        "simultaneous_accesses" => lang.pick("accès simultanés", "simultaneous accesses"),
        _ => lang.pick("consultations", "consultations"),
    }
}

/// One sentence: lot, member, measure, total, the report (named `report`) and the
/// months read.
pub fn sentence(lot: &str, u: &CountedUsage, report: &str, lang: Lang) -> String {
    let q = |n: u64| money::quantity(n, lang);
    let first = u.months.keys().next().cloned().unwrap_or_default();
    let last = u.months.keys().last().cloned().unwrap_or_default();
    let figures = u
        .months
        .values()
        .map(|n| q(*n))
        .collect::<Vec<_>>()
        .join(lang.pick(" ; ", "; "));
    let report = printable(report);
    let metric = printable(&u.metric);
    let id = printable(&u.report_id);
    let release = printable(&u.release);
    let (n, what) = (u.months.len(), measure_words(u.measure, lang));
    match lang {
        Lang::Fr => format!(
            "Lot {lot}, {} : {what} {} = total de {metric} sur {n} mois lus ({first} à {last} : {figures}) dans {report} ({id}, COUNTER {release})",
            printable(&u.member),
            q(u.total)
        ),
        Lang::En => format!(
            "Lot {lot}, {}: {what} {} = total of {metric} over {n} months read ({first} to {last}: {figures}) from {report} ({id}, COUNTER {release})",
            printable(&u.member),
            q(u.total)
        ),
    }
}

/// The section of `check`'s table (empty when no estimate comes from a report).
pub fn table(list: &[(String, CountedUsage)], lang: Lang) -> String {
    if list.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n");
    out.push_str(&table::title(
        lang.pick(
            "Estimations lues dans les rapports COUNTER",
            "Estimates read from COUNTER reports",
        ),
        '-',
    ));
    for (lot, u) in list {
        let report = u.report.display().to_string();
        out.push_str(&table::wrap(&sentence(lot, u, &report, lang), 4, 2));
    }
    out
}

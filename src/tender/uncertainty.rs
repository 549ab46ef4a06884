//! How usage may vary: the laws `tender simulate`'s Monte Carlo draws each member's
//! yearly usage from, lot by lot, and how members' draws go together.
//!
//! ```toml
//! [simulate]
//! correlation = "0.5"    # between members' draws, 0 (independent) to 1
//!
//! [lot.uncertainty.grenoble]
//! active_accounts = { law = "pert", low = 2000, mode = 3000, high = 5000 }
//! consultations = { law = "lognormal", median = 25000, sigma = "0.4" }
//! simultaneous_accesses = { law = "resample", months = [3, 4, 2, 5, 4, 3, 2, 1, 4, 5, 4, 3] }
//! ```
//!
//! A measure without a law stays at its estimate.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::Member;
use super::file::{DecimalText, TenderFile};
use super::load::{TenderError, TenderProblem};
use crate::lang::Phrase;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct SimulateSection {
    correlation: Option<DecimalText>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct UncertaintySection {
    active_accounts: Option<LawSection>,
    simultaneous_accesses: Option<LawSection>,
    consultations: Option<LawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LawSection {
    law: String,
    low: Option<u64>,
    mode: Option<u64>,
    high: Option<u64>,
    median: Option<u64>,
    sigma: Option<DecimalText>,
    months: Option<Vec<u64>>,
    report: Option<String>,
    report_id: Option<String>,
    metric: Option<String>,
    year: Option<u16>,
}

/// A law of one member's yearly usage of one measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Law {
    /// Triangular from low to high, most likely at mode.
    Triangular { low: u64, mode: u64, high: u64 },
    /// PERT (a beta law) from low to high, most likely at mode: less weight in the tails
    /// than the triangular.
    Pert { low: u64, mode: u64, high: u64 },
    /// Log-normal of median `median` and shape σ (the standard deviation of the log).
    LogNormal { median: u64, sigma: Decimal },
    /// A year made of 12 months drawn, with replacement, from last year's months.
    Resample { months: Vec<u64> },
    /// Resampled from the months of a COUNTER report (`report_id` TR, DR or PR, for the
    /// calendar `year`, `metric` such as Unique_Item_Requests), read by `simulate`.
    Counter {
        report: std::path::PathBuf,
        report_id: String,
        metric: String,
        year: u16,
    },
}

/// One member's law for one measure of one lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberLaw {
    pub lot: String,
    pub member: String,
    /// `active_accounts`, `simultaneous_accesses` or `consultations`.
    pub measure: &'static str,
    pub law: Law,
}

/// Every law of the tender file, and the correlation between members' draws.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Uncertainty {
    /// 0: members drawn independently; 1: all at the same quantile of their laws.
    pub correlation: Decimal,
    /// In lot order, then member id, then measure.
    pub laws: Vec<MemberLaw>,
}

impl Uncertainty {
    /// The law of a member's measure in a lot, when the tender gives one.
    pub fn law(&self, lot: &str, member: &str, measure: &str) -> Option<&Law> {
        self.laws
            .iter()
            .find(|l| l.lot == lot && l.member == member && l.measure == measure)
            .map(|l| &l.law)
    }
}

const MAX_COUNT: u64 = 1_000_000_000_000;

/// Checks the `[simulate]` section and every `[lot.uncertainty.MEMBER]`; `fail` makes
/// the located error.
pub(super) fn check(
    raw: &TenderFile,
    members: &[Member],
    base: &std::path::Path,
    fail: impl Fn(String, TenderProblem) -> TenderError,
) -> Result<Uncertainty, TenderError> {
    let correlation = match raw.simulate.as_ref().and_then(|s| s.correlation) {
        None => Decimal::ZERO,
        Some(DecimalText(r)) if r >= Decimal::ZERO && r <= Decimal::ONE => r,
        Some(DecimalText(r)) => {
            return Err(fail(
                "simulate.correlation".into(),
                out_of_range(r.to_string(), "de 0 à 1", "from 0 to 1"),
            ));
        }
    };
    let mut laws = Vec::new();
    for (i, lot) in raw.lots.iter().enumerate() {
        for (member, u) in &lot.uncertainty {
            let key = format!("lot[{i}].uncertainty.{member}");
            if !members.iter().any(|m| &m.id == member) {
                let known = members.iter().map(|m| m.id.as_str()).collect::<Vec<_>>();
                return Err(fail(
                    key,
                    TenderProblem::UnknownMember {
                        id: member.clone(),
                        known: known.join(", "),
                    },
                ));
            }
            for (measure, section) in [
                ("active_accounts", &u.active_accounts),
                ("simultaneous_accesses", &u.simultaneous_accesses),
                ("consultations", &u.consultations),
            ] {
                if let Some(s) = section {
                    laws.push(MemberLaw {
                        lot: lot.id.clone(),
                        member: member.clone(),
                        measure,
                        law: law(s, &format!("{key}.{measure}"), base, &fail)?,
                    });
                }
            }
        }
    }
    Ok(Uncertainty { correlation, laws })
}

fn out_of_range(value: String, fr: &'static str, en: &'static str) -> TenderProblem {
    TenderProblem::OutOfRange {
        value,
        expected: Phrase::new(fr, en),
    }
}

/// One law, checked: its keys, and figures a law can have.
fn law(
    s: &LawSection,
    key: &str,
    base: &std::path::Path,
    fail: &impl Fn(String, TenderProblem) -> TenderError,
) -> Result<Law, TenderError> {
    let (name, used): (&'static str, &[&str]) = match s.law.as_str() {
        "triangular" => ("triangular", &["low", "mode", "high"]),
        "pert" => ("pert", &["low", "mode", "high"]),
        "lognormal" => ("lognormal", &["median", "sigma"]),
        "resample" => ("resample", &["months"]),
        "counter" => ("counter", &["report", "report_id", "metric", "year"]),
        other => {
            return Err(fail(
                format!("{key}.law"),
                TenderProblem::UnknownLaw {
                    found: other.to_owned(),
                },
            ));
        }
    };
    let given = [
        ("low", s.low.is_some()),
        ("mode", s.mode.is_some()),
        ("high", s.high.is_some()),
        ("median", s.median.is_some()),
        ("sigma", s.sigma.is_some()),
        ("months", s.months.is_some()),
        ("report", s.report.is_some()),
        ("report_id", s.report_id.is_some()),
        ("metric", s.metric.is_some()),
        ("year", s.year.is_some()),
    ];
    for (k, present) in given {
        if present && !used.contains(&k) {
            return Err(fail(
                format!("{key}.{k}"),
                TenderProblem::NotForMethod {
                    key: used_key(k),
                    method: name,
                },
            ));
        }
    }
    let need = |k: &'static str| {
        fail(
            key.to_owned(),
            TenderProblem::LawNeeds { law: name, key: k },
        )
    };
    let count = |k: &str, v: u64| {
        if v <= MAX_COUNT {
            Ok(v)
        } else {
            Err(fail(
                format!("{key}.{k}"),
                out_of_range(v.to_string(), "au plus 10^12", "at most 10^12"),
            ))
        }
    };
    match name {
        "triangular" | "pert" => {
            let low = count("low", s.low.ok_or_else(|| need("low"))?)?;
            let mode = count("mode", s.mode.ok_or_else(|| need("mode"))?)?;
            let high = count("high", s.high.ok_or_else(|| need("high"))?)?;
            if !(low <= mode && mode <= high && low < high) {
                return Err(fail(
                    key.to_owned(),
                    out_of_range(
                        format!("{low}, {mode}, {high}"),
                        "low ≤ mode ≤ high, et low < high",
                        "low ≤ mode ≤ high, and low < high",
                    ),
                ));
            }
            Ok(if name == "pert" {
                Law::Pert { low, mode, high }
            } else {
                Law::Triangular { low, mode, high }
            })
        }
        "lognormal" => {
            let median = count("median", s.median.ok_or_else(|| need("median"))?)?;
            let sigma = s.sigma.ok_or_else(|| need("sigma"))?.0;
            if median == 0 {
                return Err(fail(
                    format!("{key}.median"),
                    out_of_range(
                        "0".into(),
                        "une médiane d'au moins 1",
                        "a median of 1 or more",
                    ),
                ));
            }
            if sigma <= Decimal::ZERO || sigma > Decimal::from(3) {
                return Err(fail(
                    format!("{key}.sigma"),
                    out_of_range(
                        sigma.to_string(),
                        "un σ au-dessus de 0 et d'au plus 3",
                        "a σ above 0 and at most 3",
                    ),
                ));
            }
            Ok(Law::LogNormal { median, sigma })
        }
        "counter" => {
            let report = s.report.as_ref().ok_or_else(|| need("report"))?;
            let report_id = s.report_id.clone().ok_or_else(|| need("report_id"))?;
            if !["TR", "DR", "PR"].contains(&report_id.as_str()) {
                return Err(fail(
                    format!("{key}.report_id"),
                    out_of_range(report_id, "TR, DR ou PR", "TR, DR or PR"),
                ));
            }
            Ok(Law::Counter {
                report: base.join(report),
                report_id,
                metric: s.metric.clone().ok_or_else(|| need("metric"))?,
                year: s.year.ok_or_else(|| need("year"))?,
            })
        }
        _ => {
            let months = s.months.clone().ok_or_else(|| need("months"))?;
            if months.is_empty() || months.len() > 36 {
                return Err(fail(
                    format!("{key}.months"),
                    out_of_range(months.len().to_string(), "de 1 à 36 mois", "1 to 36 months"),
                ));
            }
            for m in &months {
                count("months", *m)?;
            }
            Ok(Law::Resample { months })
        }
    }
}

/// The key's name as a `'static` string, for the message.
fn used_key(k: &str) -> &'static str {
    match k {
        "low" => "low",
        "mode" => "mode",
        "high" => "high",
        "median" => "median",
        "sigma" => "sigma",
        "report" => "report",
        "report_id" => "report_id",
        "metric" => "metric",
        "year" => "year",
        _ => "months",
    }
}

//! `tender simulate`: the break-even points of each lot and scope, or sweeps.

use rust_decimal::Decimal;

use tender::lang::Lang;
use tender::output::{Format, simulate};
use tender::simulate::sweep::{self, Scaled};
use tender::simulate::{self as sim, Measure};

use super::{
    CmdError, Usage, analysis_status, emit, load_tender, no_offer_found, report_diagnostics,
};
use crate::cli::Common;

/// The command's own options, as typed.
pub struct Asked<'a> {
    pub measure: Option<&'a str>,
    pub factor: &'a str,
    pub steps: u32,
    pub sweep: bool,
    pub draws: Option<u64>,
    pub seed: u64,
}

/// An option of `simulate` that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    UnknownMeasure(String),
    BadFactor(String),
    BadSteps(u32),
    BadDraws(u64),
    /// A COUNTER report named by a `counter` law cannot give its months.
    Counter(tender::counter::CounterError),
    CounterUnreadable {
        path: std::path::PathBuf,
        kind: std::io::ErrorKind,
    },
}

pub fn refusal(r: &Refusal, lang: Lang) -> String {
    let measures = "active_accounts, simultaneous_accesses, consultations, all";
    match (r, lang) {
        (Refusal::UnknownMeasure(m), Lang::Fr) => {
            format!("--measure {m} : mesure inconnue (mesures : {measures})")
        }
        (Refusal::UnknownMeasure(m), Lang::En) => {
            format!("--measure {m}: no such measure (measures: {measures})")
        }
        (Refusal::BadFactor(f), Lang::Fr) => format!(
            "--factor {f} : attendu BAS..HAUT, deux nombres positifs ou nuls, le premier plus petit (par exemple 0.25..4)"
        ),
        (Refusal::BadFactor(f), Lang::En) => format!(
            "--factor {f}: expected LOW..HIGH, two numbers 0 or more, the first smaller (for example 0.25..4)"
        ),
        (Refusal::BadSteps(n), Lang::Fr) => {
            format!("--steps {n} : un balayage compte de 2 à 1000 facteurs")
        }
        (Refusal::BadSteps(n), Lang::En) => {
            format!("--steps {n}: a sweep takes 2 to 1000 factors")
        }
        (Refusal::BadDraws(n), Lang::Fr) => {
            format!("--draws {n} : de 1 à 100 000 000 tirages")
        }
        (Refusal::BadDraws(n), Lang::En) => {
            format!("--draws {n}: 1 to 100 000 000 draws")
        }
        (Refusal::Counter(e), Lang::Fr) => e.french(),
        (Refusal::Counter(e), Lang::En) => e.to_string(),
        (Refusal::CounterUnreadable { path, kind }, lang) => {
            let reason = tender::output::text::io_reason(&std::io::Error::from(*kind), lang);
            match lang {
                Lang::Fr => format!(
                    "{} : le rapport COUNTER ne peut être lu ({reason})",
                    path.display()
                ),
                Lang::En => format!(
                    "{}: the COUNTER report cannot be read ({reason})",
                    path.display()
                ),
            }
        }
    }
}

fn refused(r: Refusal) -> CmdError {
    CmdError::Usage(Usage::Simulate(r))
}

/// `LOW..HIGH`, both decimals (a comma is read as a decimal point).
fn parse_factor(text: &str) -> Option<(Decimal, Decimal)> {
    let (lo, hi) = text.split_once("..")?;
    let read = |s: &str| s.trim().replace(',', ".").parse::<Decimal>().ok();
    let (lo, hi) = (read(lo)?, read(hi)?);
    (!lo.is_sign_negative() && hi > lo).then_some((lo, hi))
}

pub fn run(c: &Common, asked: &Asked, offers: &[std::path::PathBuf]) -> Result<u8, CmdError> {
    // `--measure all`: every measure together (the factor alone for the break-even).
    let together = asked.measure == Some("all");
    let measure = asked
        .measure
        .filter(|_| !together)
        .map(|m| Measure::from_key(m).ok_or_else(|| refused(Refusal::UnknownMeasure(m.to_owned()))))
        .transpose()?;
    let (low, high) = parse_factor(asked.factor)
        .ok_or_else(|| refused(Refusal::BadFactor(asked.factor.to_owned())))?;
    if let Some(n) = asked.draws
        && !(1..=100_000_000).contains(&n)
    {
        return Err(refused(Refusal::BadDraws(n)));
    }
    let factors = if asked.sweep {
        sweep::factors(low, high, asked.steps)
            .map_err(|_| refused(Refusal::BadSteps(asked.steps)))?
    } else {
        Vec::new()
    };
    let (mut tender, c) = load_tender(c)?;
    let c = &c;
    if asked.draws.is_some() {
        read_counter_laws(&mut tender, c.lang())?;
    }
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, c.lang());
    no_offer_found(&analysis, &tender, offers, c.lang());
    for lot in tender
        .lots
        .iter()
        .filter(|l| l.schedule.is_some() && c.lot.as_deref().is_none_or(|id| id == l.id))
    {
        eprintln!("{}", simulate::schedule_lot_note(&lot.id, c.lang()));
    }
    let evaluators = sim::evaluators(
        &tender,
        &analysis.read,
        &analysis.evaluation,
        c.lot.as_deref(),
        c.scope.as_deref(),
    );
    let mc = asked
        .draws
        .map(|n| monte_carlo(&tender, &evaluators, n, asked.seed));
    let (break_even, sweeps) = if asked.sweep {
        let what = measure.map_or(Scaled::All, Scaled::One);
        let sweeps = sim::sweep_all(&evaluators, what, &factors)
            .map_err(|_| refused(Refusal::BadFactor(asked.factor.to_owned())))?;
        (Vec::new(), sweeps)
    } else if mc.is_some() {
        (Vec::new(), Vec::new())
    } else {
        let be = if together {
            sim::break_even_factors(&evaluators, high)
        } else {
            sim::break_even_all(&evaluators, measure, high)
        };
        (be, Vec::new())
    };
    let text = match (c.format(), &mc, asked.sweep) {
        (Format::Json, mc, _) => {
            simulate::json(&tender, &break_even, &sweeps, mc.as_ref(), c.lang())
        }
        (Format::Csv, Some(mc), _) => simulate::csv_monte_carlo(mc, c.lang()),
        (Format::Table, Some(mc), _) => simulate::table_monte_carlo(&tender, mc, c.lang()),
        (Format::Csv, None, false) if together => simulate::csv_break_even_factor(&break_even),
        (Format::Csv, None, false) => simulate::csv_break_even(&break_even),
        (Format::Csv, None, true) => simulate::csv_sweeps(&sweeps),
        (Format::Table, None, false) => simulate::table_break_even(&tender, &break_even, c.lang()),
        (Format::Table, None, true) => simulate::table_sweeps(&tender, &sweeps, c.lang()),
    };
    emit(c, text.as_bytes())?;
    Ok(analysis_status(&analysis, c))
}

/// The Monte Carlo, with a progress bar on stderr when stderr is a terminal.
fn monte_carlo(
    tender: &tender::tender::Tender,
    evaluators: &[sim::Evaluator],
    draws: u64,
    seed: u64,
) -> sim::montecarlo::MonteCarlo {
    use std::io::IsTerminal;
    let bar = std::io::stderr()
        .is_terminal()
        .then(|| indicatif::ProgressBar::new(draws));
    let progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    };
    let result = sim::montecarlo::run(tender, evaluators, draws, seed, &progress);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    result
}

/// Replaces each `counter` law by the months read from its report, and says on stderr
/// which months were read.
fn read_counter_laws(tender: &mut tender::tender::Tender, lang: Lang) -> Result<(), CmdError> {
    use std::io::Write;
    use tender::tender::uncertainty::Law;
    for l in &mut tender.uncertainty.laws {
        let Law::Counter {
            report,
            report_id,
            metric,
            year,
        } = &l.law
        else {
            continue;
        };
        let bytes = std::fs::read(report).map_err(|e| {
            refused(Refusal::CounterUnreadable {
                path: report.clone(),
                kind: e.kind(),
            })
        })?;
        let expected = tender::counter::Expected {
            report: report_id,
            metric,
            year: *year,
        };
        let usage = tender::counter::read(&bytes, report, &expected)
            .map_err(|e| refused(Refusal::Counter(e)))?;
        let first = usage.months.keys().next().cloned().unwrap_or_default();
        let last = usage.months.keys().last().cloned().unwrap_or_default();
        let total: u64 = usage.months.values().sum();
        let line = match lang {
            Lang::Fr => format!(
                "lot {}, {}, {} : {} mois lus ({first} à {last}) dans {} ({} {}, version {}), total {total}",
                l.lot,
                l.member,
                l.measure,
                usage.months.len(),
                report.display(),
                usage.report_id,
                metric,
                usage.release
            ),
            Lang::En => format!(
                "lot {}, {}, {}: {} months read ({first} to {last}) from {} ({} {}, release {}), total {total}",
                l.lot,
                l.member,
                l.measure,
                usage.months.len(),
                report.display(),
                usage.report_id,
                metric,
                usage.release
            ),
        };
        let _ = writeln!(std::io::stderr(), "{line}");
        l.law = Law::Resample {
            months: usage.months.into_values().collect(),
        };
    }
    Ok(())
}

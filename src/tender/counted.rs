//! A member's usage estimate read from a COUNTER report: the year's total of one metric,
//! in place of a figure typed in the tender file.
//!
//! ```toml
//! [lot.usage.grenoble]
//! active_accounts = 3000
//! consultations = { report = "usage/grenoble_tr_2025.tsv", report_id = "TR", metric = "Unique_Item_Requests", year = 2025 }
//! ```
//!
//! The report is named as in a `counter` law of `[lot.uncertainty.MEMBER]` (the path
//! relative to the tender file). Its period must be the whole calendar year: an estimate
//! is a yearly usage, and a partial year summed would understate it without a word (the
//! buyer who wants to extrapolate types the figure instead). Every month read, and the
//! total, are kept so that `check`, the report and the JSON can say where the figure
//! came from.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::counter::{self, CounterError};

/// The largest report read (64 MiB): far above a year of any platform's usage.
const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

/// A measure of `[lot.usage.MEMBER]`: a count, or the COUNTER report it comes from.
pub(super) enum UsageValue {
    Count(u64),
    /// Anything else, as written (a negative number, a text, a decimal): refused where
    /// the key is known, the loader saying which key and what is expected.
    Refused(String),
    Counter(CounterSection),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CounterSection {
    report: String,
    report_id: String,
    metric: String,
    year: u16,
}

impl<'de> Deserialize<'de> for UsageValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UsageValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number, or { report, report_id, metric, year }")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<UsageValue, E> {
                Ok(UsageValue::Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<UsageValue, E> {
                Ok(u64::try_from(v).map_or(UsageValue::Refused(v.to_string()), UsageValue::Count))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<UsageValue, E> {
                Ok(UsageValue::Refused(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<UsageValue, E> {
                Ok(UsageValue::Refused(format!("{v:?}")))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<UsageValue, E> {
                Ok(UsageValue::Refused(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<UsageValue, A::Error> {
                CounterSection::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(UsageValue::Counter)
            }
        }
        d.deserialize_any(V)
    }
}

/// Where a member's estimate of one measure was read, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedUsage {
    pub member: String,
    /// `active_accounts`, `simultaneous_accesses` or `consultations`.
    pub measure: &'static str,
    /// The report, as resolved against the tender file's folder.
    pub report: PathBuf,
    /// As the report names itself (`TR`, `TR_B1`, `DR` …) and its release (`5`, `5.1`).
    pub report_id: String,
    pub release: String,
    pub metric: String,
    /// `YYYY-MM` → the metric's total that month (a month of the period without any
    /// usage is 0).
    pub months: BTreeMap<String, u64>,
    /// The year's total: the estimate.
    pub total: u64,
}

/// Why a report cannot give a member's estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountedProblem {
    /// The report's own problem (its file, and line for a tabular report).
    Report(CounterError),
    Unreadable {
        file: PathBuf,
        kind: std::io::ErrorKind,
    },
    NotAFile {
        file: PathBuf,
    },
    TooLarge {
        file: PathBuf,
    },
    /// The period is not the whole calendar year.
    PartYear {
        file: PathBuf,
        first: String,
        last: String,
        months: usize,
    },
    /// The year's total does not fit a count.
    TooMuch {
        file: PathBuf,
    },
}

/// Reads the report a `[lot.usage.MEMBER]` measure names (relative to `base`) into the
/// year's total.
pub(super) fn read(
    s: &CounterSection,
    base: &Path,
    member: &str,
    measure: &'static str,
) -> Result<CountedUsage, CountedProblem> {
    let file = base.join(&s.report);
    let bytes = bytes(&file)?;
    let expected = counter::Expected {
        report: &s.report_id,
        metric: &s.metric,
        year: s.year,
    };
    let usage = counter::read(&bytes, &file, &expected).map_err(CountedProblem::Report)?;
    // Every month of the year, those the report gives no figure for at 0 (a JSON report
    // leaves out a month without usage); a period shorter than the year is refused.
    let mut months: BTreeMap<String, u64> = (1..=12)
        .map(|m| (format!("{}-{m:02}", s.year), 0))
        .collect();
    for (m, n) in &usage.months {
        if let Some(slot) = months.get_mut(m) {
            *slot = *n;
        }
    }
    let covered = usage.covered.clone();
    if covered.len() < 12 || covered.iter().any(|m| !months.contains_key(m)) {
        return Err(CountedProblem::PartYear {
            file,
            first: covered.first().cloned().unwrap_or_default(),
            last: covered.last().cloned().unwrap_or_default(),
            months: covered.len(),
        });
    }
    let total = months
        .values()
        .try_fold(0u64, |t, n| t.checked_add(*n))
        .ok_or_else(|| CountedProblem::TooMuch { file: file.clone() })?;
    Ok(CountedUsage {
        member: member.to_owned(),
        measure,
        report: file,
        report_id: usage.report_id,
        release: usage.release,
        metric: s.metric.clone(),
        months,
        total,
    })
}

/// The report's bytes: a regular file of at most [`MAX_REPORT_BYTES`].
fn bytes(file: &Path) -> Result<Vec<u8>, CountedProblem> {
    let unreadable = |e: std::io::Error| CountedProblem::Unreadable {
        file: file.to_path_buf(),
        kind: e.kind(),
    };
    let meta = std::fs::metadata(file).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(CountedProblem::NotAFile {
            file: file.to_path_buf(),
        });
    }
    let mut out = Vec::new();
    std::fs::File::open(file)
        .map_err(unreadable)?
        .take(MAX_REPORT_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(unreadable)?;
    if out.len() as u64 > MAX_REPORT_BYTES {
        return Err(CountedProblem::TooLarge {
            file: file.to_path_buf(),
        });
    }
    Ok(out)
}

fn io_words(kind: std::io::ErrorKind) -> (&'static str, &'static str) {
    use std::io::ErrorKind as K;
    match kind {
        K::NotFound => ("fichier introuvable", "no such file"),
        K::PermissionDenied => ("accès refusé", "permission denied"),
        _ => ("erreur de lecture", "read error"),
    }
}

impl CountedProblem {
    pub fn english(&self) -> String {
        match self {
            CountedProblem::Report(e) => e.to_string(),
            CountedProblem::Unreadable { file, kind } => format!(
                "{}: the COUNTER report cannot be read ({})",
                file.display(),
                io_words(*kind).1
            ),
            CountedProblem::NotAFile { file } => {
                format!("{}: not a file", file.display())
            }
            CountedProblem::TooLarge { file } => format!(
                "{}: the COUNTER report is above 64 MiB, too large for a year of usage",
                file.display()
            ),
            CountedProblem::PartYear {
                file,
                first,
                last,
                months,
            } => format!(
                "{}: the report covers {months} month(s) ({first} to {last}): a yearly estimate needs the 12 months of the year (give the figure itself to estimate from part of a year)",
                file.display()
            ),
            CountedProblem::TooMuch { file } => {
                format!("{}: the year's total is too large", file.display())
            }
        }
    }

    pub fn french(&self) -> String {
        match self {
            CountedProblem::Report(e) => e.french(),
            CountedProblem::Unreadable { file, kind } => format!(
                "{} : le rapport COUNTER ne peut être lu ({})",
                file.display(),
                io_words(*kind).0
            ),
            CountedProblem::NotAFile { file } => {
                format!("{} : ce n'est pas un fichier", file.display())
            }
            CountedProblem::TooLarge { file } => format!(
                "{} : le rapport COUNTER dépasse 64 Mio, trop pour une année d'usage",
                file.display()
            ),
            CountedProblem::PartYear {
                file,
                first,
                last,
                months,
            } => format!(
                "{} : le rapport couvre {months} mois ({first} à {last}) : une estimation annuelle demande les 12 mois de l'année (donnez le chiffre lui-même pour estimer sur une partie de l'année)",
                file.display()
            ),
            CountedProblem::TooMuch { file } => {
                format!("{} : le total de l'année est trop grand", file.display())
            }
        }
    }
}

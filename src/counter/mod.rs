//! COUNTER Release 5 and 5.1 usage reports: a library's monthly usage of a platform, as
//! the platform delivers it (tabular TSV or CSV with the header block, or JSON), read into
//! monthly totals of one metric.
//!
//! Tabular reports open with a header block of `Name<TAB>Value` rows (Report_Name,
//! Report_ID, Release, …, Reporting_Period `Begin_Date=2025-01-01; End_Date=2025-12-31`,
//! …), a blank row, then the column headings (`Metric_Type`, `Reporting_Period_Total`,
//! one `Jan-2025` column per month) and one row per item and metric. JSON reports have a
//! `Report_Header` (its `Report_Filters` or, in 5.0, `Report_Filters` as a list, give the
//! period) and `Report_Items`: in 5.1 each item's `Attribute_Performance[].Performance`
//! maps a metric to `{"2025-01": n, …}`; in 5.0 each item's `Performance[]` has a
//! `Period` and `Instance[]` of `Metric_Type` and `Count`.
//!
//! No input or output here: the caller gives the bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// A report's monthly totals of one metric, over every item of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthlyUsage {
    pub report_id: String,
    pub release: String,
    /// `YYYY-MM` → the metric's total that month, in month order.
    pub months: BTreeMap<String, u64>,
    /// The months of the report's period (`Begin_Date` to `End_Date`), `YYYY-MM`, in
    /// order (empty when the dates cannot be read as such).
    pub covered: Vec<String>,
}

/// Why a report cannot give the usage asked for. `line` is the line of a tabular
/// report (1-based) or `None` for JSON.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CounterError {
    #[error("{}: not a COUNTER report: no {key} in its header", file.display())]
    NotCounter { file: PathBuf, key: &'static str },
    #[error("{}: a report of release {found}: releases 5 and 5.1 are read", file.display())]
    Release { file: PathBuf, found: String },
    #[error("{}: a {found} report, where a {expected} report is expected", file.display())]
    OtherReport {
        file: PathBuf,
        found: String,
        expected: String,
    },
    #[error("{}: the report covers {begin} to {end}, where {year} is expected", file.display())]
    OtherPeriod {
        file: PathBuf,
        begin: String,
        end: String,
        year: u16,
    },
    #[error("{}: no {metric} in the report", file.display())]
    NoMetric { file: PathBuf, metric: String },
    #[error("{}, line {line}: {found:?} is not a count of usage", file.display())]
    BadCount {
        file: PathBuf,
        line: usize,
        found: String,
    },
    #[error("{}: the JSON cannot be read ({reason})", file.display())]
    Json { file: PathBuf, reason: String },
}

/// What the caller expects of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected<'a> {
    /// `TR`, `DR`, `PR` (a standard view such as `TR_B1` counts as its master report).
    pub report: &'a str,
    pub metric: &'a str,
    /// The calendar year the report must cover (its period within that year).
    pub year: u16,
}

/// Reads a report (JSON when it starts with `{`, else tabular) into monthly totals.
pub fn read(bytes: &[u8], file: &Path, expected: &Expected) -> Result<MonthlyUsage, CounterError> {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        json(text, file, expected)
    } else {
        tabular(text, file, expected)
    }
}

/// The header's checks, shared by both forms.
fn check_header(
    file: &Path,
    expected: &Expected,
    report_id: Option<&str>,
    release: Option<&str>,
    period: (Option<String>, Option<String>),
) -> Result<(String, String, Vec<String>), CounterError> {
    let not = |key| CounterError::NotCounter {
        file: file.to_path_buf(),
        key,
    };
    let id = report_id.ok_or_else(|| not("Report_ID"))?.trim().to_owned();
    let release = release.ok_or_else(|| not("Release"))?.trim().to_owned();
    if release != "5" && release != "5.1" && !release.starts_with("5.0") {
        return Err(CounterError::Release {
            file: file.to_path_buf(),
            found: release,
        });
    }
    let master = id.split('_').next().unwrap_or_default();
    if !master.eq_ignore_ascii_case(expected.report) {
        return Err(CounterError::OtherReport {
            file: file.to_path_buf(),
            found: id,
            expected: expected.report.to_owned(),
        });
    }
    let (begin, end) = match period {
        (Some(b), Some(e)) => (b, e),
        _ => return Err(not("Reporting_Period")),
    };
    let year = expected.year.to_string();
    if !begin.starts_with(&year) || !end.starts_with(&year) {
        return Err(CounterError::OtherPeriod {
            file: file.to_path_buf(),
            begin,
            end,
            year: expected.year,
        });
    }
    Ok((id, release, months_between(&begin, &end)))
}

/// The months from `begin` to `end` (`2025-01-01` or `2025-01`), both included.
fn months_between(begin: &str, end: &str) -> Vec<String> {
    let month = |d: &str| -> Option<(u32, u32)> {
        let y: u32 = d.get(..4)?.parse().ok()?;
        let m: u32 = d.get(5..7)?.parse().ok()?;
        (d.get(4..5) == Some("-") && (1..=12).contains(&m)).then_some((y, m))
    };
    let (Some(b), Some(e)) = (month(begin.trim()), month(end.trim())) else {
        return Vec::new();
    };
    let (b, e) = (b.0 * 12 + b.1 - 1, e.0 * 12 + e.1 - 1);
    (b..=e)
        .take(1200)
        .map(|i| format!("{}-{:02}", i / 12, i % 12 + 1))
        .collect()
}

/// `Begin_Date=2025-01-01; End_Date=2025-12-31`.
fn period_of(value: &str) -> (Option<String>, Option<String>) {
    let mut begin = None;
    let mut end = None;
    for part in value.split(';') {
        if let Some((k, v)) = part.split_once('=') {
            match k.trim() {
                "Begin_Date" => begin = Some(v.trim().to_owned()),
                "End_Date" => end = Some(v.trim().to_owned()),
                _ => {}
            }
        }
    }
    (begin, end)
}

/// `Jan-2025` → `2025-01`.
fn month_heading(h: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (m, y) = h.trim().split_once('-')?;
    let i = MONTHS.iter().position(|x| m.eq_ignore_ascii_case(x))?;
    (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{y}-{:02}", i + 1))
}

fn split_row(line: &str) -> Vec<String> {
    if line.contains('\t') {
        line.split('\t').map(|s| s.trim().to_owned()).collect()
    } else {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        r.records()
            .next()
            .and_then(Result::ok)
            .map(|rec| rec.iter().map(|s| s.trim().to_owned()).collect())
            .unwrap_or_default()
    }
}

fn tabular(text: &str, file: &Path, expected: &Expected) -> Result<MonthlyUsage, CounterError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut header = BTreeMap::new();
    let mut at = 0;
    while at < lines.len() {
        let row = split_row(lines[at]);
        at += 1;
        if row.iter().all(String::is_empty) {
            break;
        }
        if row.iter().any(|c| c == "Metric_Type") {
            at -= 1;
            break;
        }
        if let [k, v, ..] = row.as_slice() {
            header.insert(k.clone(), v.clone());
        } else if let [k] = row.as_slice() {
            header.insert(k.clone(), String::new());
        }
    }
    let (report_id, release, covered) = check_header(
        file,
        expected,
        header.get("Report_ID").map(String::as_str),
        header.get("Release").map(String::as_str),
        header
            .get("Reporting_Period")
            .map_or((None, None), |v| period_of(v)),
    )?;
    let headings = split_row(lines.get(at).copied().unwrap_or_default());
    let metric_col = headings
        .iter()
        .position(|h| h == "Metric_Type")
        .ok_or_else(|| CounterError::NotCounter {
            file: file.to_path_buf(),
            key: "Metric_Type",
        })?;
    let month_cols: Vec<(usize, String)> = headings
        .iter()
        .enumerate()
        .filter_map(|(i, h)| month_heading(h).map(|m| (i, m)))
        .collect();
    let mut months: BTreeMap<String, u64> =
        month_cols.iter().map(|(_, m)| (m.clone(), 0)).collect();
    let mut found = false;
    for (n, line) in lines.iter().enumerate().skip(at + 1) {
        let row = split_row(line);
        if row.get(metric_col).map(String::as_str) != Some(expected.metric) {
            continue;
        }
        found = true;
        for (col, month) in &month_cols {
            let raw = row.get(*col).map(String::as_str).unwrap_or("");
            let count: u64 = if raw.is_empty() {
                0
            } else {
                raw.parse().map_err(|_| CounterError::BadCount {
                    file: file.to_path_buf(),
                    line: n + 1,
                    found: raw.to_owned(),
                })?
            };
            if let Some(total) = months.get_mut(month) {
                *total = total.saturating_add(count);
            }
        }
    }
    if !found {
        return Err(CounterError::NoMetric {
            file: file.to_path_buf(),
            metric: expected.metric.to_owned(),
        });
    }
    Ok(MonthlyUsage {
        report_id,
        release,
        months,
        covered,
    })
}

fn json(text: &str, file: &Path, expected: &Expected) -> Result<MonthlyUsage, CounterError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| CounterError::Json {
        file: file.to_path_buf(),
        reason: format!("line {}, column {}", e.line(), e.column()),
    })?;
    let h = &doc["Report_Header"];
    let filters = &h["Report_Filters"];
    // 5.1: an object; 5.0: a list of {Name, Value}.
    let filter = |name: &str| -> Option<String> {
        filters[name].as_str().map(str::to_owned).or_else(|| {
            filters.as_array()?.iter().find_map(|f| {
                (f["Name"] == name).then(|| f["Value"].as_str().map(str::to_owned))?
            })
        })
    };
    let (report_id, release, covered) = check_header(
        file,
        expected,
        h["Report_ID"].as_str(),
        h["Release"].as_str(),
        (filter("Begin_Date"), filter("End_Date")),
    )?;
    let mut months: BTreeMap<String, u64> = BTreeMap::new();
    let mut found = false;
    let mut add = |month: &str, count: &Value| -> Result<(), CounterError> {
        let n = count.as_u64().ok_or_else(|| CounterError::BadCount {
            file: file.to_path_buf(),
            line: 0,
            found: count.to_string(),
        })?;
        let key: String = month.chars().take(7).collect();
        let total = months.entry(key).or_insert(0);
        *total = total.saturating_add(n);
        found = true;
        Ok(())
    };
    for item in doc["Report_Items"].as_array().into_iter().flatten() {
        // 5.1: Attribute_Performance[].Performance.{metric}.{YYYY-MM}.
        for ap in item["Attribute_Performance"]
            .as_array()
            .into_iter()
            .flatten()
        {
            if let Some(by_month) = ap["Performance"][expected.metric].as_object() {
                for (month, count) in by_month {
                    add(month, count)?;
                }
            }
        }
        // 5.0: Performance[].Period.Begin_Date and Instance[].{Metric_Type, Count}.
        for p in item["Performance"].as_array().into_iter().flatten() {
            let begin = p["Period"]["Begin_Date"].as_str().unwrap_or_default();
            for i in p["Instance"].as_array().into_iter().flatten() {
                if i["Metric_Type"] == expected.metric {
                    add(begin, &i["Count"])?;
                }
            }
        }
    }
    if !found {
        return Err(CounterError::NoMetric {
            file: file.to_path_buf(),
            metric: expected.metric.to_owned(),
        });
    }
    Ok(MonthlyUsage {
        report_id,
        release,
        months,
        covered,
    })
}

impl CounterError {
    /// The sentence in French (the English one is the `Display`).
    pub fn french(&self) -> String {
        match self {
            CounterError::NotCounter { file, key } => format!(
                "{} : ce n'est pas un rapport COUNTER : pas de {key} dans son en-tête",
                file.display()
            ),
            CounterError::Release { file, found } => format!(
                "{} : un rapport de la version {found} : les versions 5 et 5.1 sont lues",
                file.display()
            ),
            CounterError::OtherReport {
                file,
                found,
                expected,
            } => format!(
                "{} : un rapport {found}, là où un rapport {expected} est attendu",
                file.display()
            ),
            CounterError::OtherPeriod {
                file,
                begin,
                end,
                year,
            } => format!(
                "{} : le rapport couvre du {begin} au {end}, là où l'année {year} est attendue",
                file.display()
            ),
            CounterError::NoMetric { file, metric } => {
                format!("{} : pas de {metric} dans le rapport", file.display())
            }
            CounterError::BadCount { file, line, found } => format!(
                "{}, ligne {line} : « {found} » n'est pas un nombre d'utilisations",
                file.display()
            ),
            CounterError::Json { file, reason } => {
                format!("{} : le JSON ne peut être lu ({reason})", file.display())
            }
        }
    }
}

#[cfg(test)]
mod tests;

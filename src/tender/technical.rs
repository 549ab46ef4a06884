//! The technical scores the buyer's experts gave each bidder per lot (`bidder,lot,score`,
//! the score out of the technical weight).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::Tender;
use crate::bpu::number;

/// Scores by (bidder, lot), each with the line it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TechnicalScores {
    pub file: PathBuf,
    pub scores: BTreeMap<(String, String), (Decimal, u64)>,
}

impl TechnicalScores {
    pub fn get(&self, bidder: &str, lot: &str) -> Option<Decimal> {
        self.scores
            .get(&(bidder.to_owned(), lot.to_owned()))
            .map(|(s, _)| *s)
    }

    /// Bidders named in the file, for checking them against the offers received.
    pub fn bidders(&self) -> impl Iterator<Item = (&str, u64)> {
        self.scores
            .iter()
            .map(|((b, _), (_, line))| (b.as_str(), *line))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TechnicalError {
    #[error("cannot read {}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}, line {line}{}: {problem}", file.display(), column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
    Invalid {
        file: PathBuf,
        line: u64,
        column: Option<String>,
        problem: TechnicalProblem,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TechnicalProblem {
    #[error("the header must be bidder,lot,score; found {found:?}")]
    Header { found: String },
    #[error("expected 3 values (bidder,lot,score), found {found}")]
    FieldCount { found: usize },
    #[error("empty value")]
    Empty,
    #[error("lot {lot:?} is not a lot of the tender")]
    UnknownLot { lot: String },
    #[error("{raw:?} is not a number")]
    NotANumber { raw: String },
    #[error("score {score} is outside 0 to {max} (the technical weight)")]
    OutOfRange { score: String, max: String },
    #[error("a score for this bidder and lot was already given on line {first_line}")]
    Duplicate { first_line: u64 },
    #[error("malformed CSV: {message}")]
    Malformed { message: String },
}

/// Reads and checks the scores file named in the tender.
pub fn load(path: &Path, tender: &Tender) -> Result<TechnicalScores, TechnicalError> {
    let bytes = std::fs::read(path).map_err(|source| TechnicalError::Unreadable {
        file: path.to_path_buf(),
        source,
    })?;
    parse(&bytes, path, tender)
}

pub fn parse(
    bytes: &[u8],
    path: &Path,
    tender: &Tender,
) -> Result<TechnicalScores, TechnicalError> {
    let text = crate::bpu::csv::decode(bytes);
    let delimiter = crate::bpu::csv::sniff_delimiter(&text);
    let fail = |line: u64, column: Option<&str>, problem| TechnicalError::Invalid {
        file: path.to_path_buf(),
        line,
        column: column.map(str::to_owned),
        problem,
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|e| {
        fail(
            1,
            None,
            TechnicalProblem::Malformed {
                message: e.to_string(),
            },
        )
    })?;
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if names != ["bidder", "lot", "score"] {
        return Err(fail(
            1,
            None,
            TechnicalProblem::Header {
                found: header.iter().collect::<Vec<_>>().join(","),
            },
        ));
    }
    let mut scores = BTreeMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            fail(
                line,
                None,
                TechnicalProblem::Malformed {
                    message: e.to_string(),
                },
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != 3 {
            return Err(fail(
                line,
                None,
                TechnicalProblem::FieldCount {
                    found: record.len(),
                },
            ));
        }
        let (bidder, lot, raw) = (&record[0], &record[1], &record[2]);
        for (name, value) in [("bidder", bidder), ("lot", lot), ("score", raw)] {
            if value.is_empty() {
                return Err(fail(line, Some(name), TechnicalProblem::Empty));
            }
        }
        if tender.lot(lot).is_none() {
            return Err(fail(
                line,
                Some("lot"),
                TechnicalProblem::UnknownLot {
                    lot: lot.to_owned(),
                },
            ));
        }
        let score = number::parse(raw)
            .map_err(|_| {
                fail(
                    line,
                    Some("score"),
                    TechnicalProblem::NotANumber {
                        raw: raw.to_owned(),
                    },
                )
            })?
            .value;
        let max = tender.award.technical_weight;
        if score < Decimal::ZERO || score > max {
            return Err(fail(
                line,
                Some("score"),
                TechnicalProblem::OutOfRange {
                    score: raw.to_owned(),
                    max: max.normalize().to_string(),
                },
            ));
        }
        if let Some((_, first_line)) = scores.get(&(bidder.to_owned(), lot.to_owned())) {
            return Err(fail(
                line,
                None,
                TechnicalProblem::Duplicate {
                    first_line: *first_line,
                },
            ));
        }
        scores.insert((bidder.to_owned(), lot.to_owned()), (score, line));
    }
    Ok(TechnicalScores {
        file: path.to_path_buf(),
        scores,
    })
}

//! The technical scores the buyer's experts gave each bidder per lot: `bidder,lot,score`
//! (out of the technical weight), or `bidder,lot,criterion,score` per declared criterion
//! (out of the criterion's maximum). The CSV reading is shared with the other evaluation
//! files (security grades, GDPR answers).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::{CriterionSource, Tender};
use crate::bpu::number;

/// Scores by (bidder, lot, criterion), each with the line it was read from. Without
/// declared criteria the criterion is empty: one score per bidder and lot, out of the
/// technical weight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TechnicalScores {
    pub file: PathBuf,
    pub scores: BTreeMap<(String, String, String), (Decimal, u64)>,
}

impl TechnicalScores {
    /// The single score of a bidder for a lot (no criteria declared).
    pub fn get(&self, bidder: &str, lot: &str) -> Option<Decimal> {
        self.criterion(bidder, lot, "")
    }

    /// A bidder's score for one criterion of a lot.
    pub fn criterion(&self, bidder: &str, lot: &str, criterion: &str) -> Option<Decimal> {
        self.scores
            .get(&(bidder.to_owned(), lot.to_owned(), criterion.to_owned()))
            .map(|(s, _)| *s)
    }

    /// The line a score was read from.
    pub fn line(&self, bidder: &str, lot: &str, criterion: &str) -> Option<u64> {
        self.scores
            .get(&(bidder.to_owned(), lot.to_owned(), criterion.to_owned()))
            .map(|(_, l)| *l)
    }

    /// Bidders named in the file, for checking them against the offers received.
    pub fn bidders(&self) -> impl Iterator<Item = (&str, u64)> {
        self.scores
            .iter()
            .map(|((b, _, _), (_, line))| (b.as_str(), *line))
    }
}

/// An error in one of the buyer's evaluation files (technical scores, security grades,
/// GDPR answers), with its line and column.
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
        problem: Box<TechnicalProblem>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TechnicalProblem {
    #[error("the header must be {expected}; found {found:?}")]
    Header { expected: String, found: String },
    #[error("expected {expected} values ({header}), found {found}")]
    FieldCount {
        expected: usize,
        header: String,
        found: usize,
    },
    #[error("empty value")]
    Empty,
    #[error("lot {lot:?} is not a lot of the tender")]
    UnknownLot { lot: String },
    #[error("{criterion:?} is not a criterion scored by the experts (criteria: {known})")]
    UnknownCriterion { criterion: String, known: String },
    #[error("{question:?} is not a question of the GDPR questionnaire (questions: {known})")]
    UnknownQuestion { question: String, known: String },
    #[error("{raw:?} is not a number")]
    NotANumber { raw: String },
    #[error(
        "{found:?} is not a security grade: expected A+, A, A-, B+, B, B-, C+, C, C-, D+, D, D- or F"
    )]
    NotAGrade { found: String },
    #[error("{found:?} is not an answer: expected yes or no (oui, non)")]
    NotAnAnswer { found: String },
    #[error("score {score} is outside 0 to {max} ({})", criterion.as_ref().map_or("the technical weight".to_owned(), |c| format!("the maximum of criterion {c}")))]
    OutOfRange {
        score: String,
        max: String,
        /// The criterion whose maximum bounds the score (`None`: the technical weight).
        criterion: Option<String>,
    },
    #[error("{} was already given on line {first_line}", what.english())]
    Duplicate { what: Duplicated, first_line: u64 },
    /// The file is not UTF-8 text (a spreadsheet saved as "CSV" in a Windows encoding).
    #[error("the file is not UTF-8 text: save it as \"CSV UTF-8\"")]
    NotUtf8,
    /// The CSV reader stopped here for another reason (the file could not be read on).
    #[error("the CSV file cannot be read from this line on")]
    Malformed,
}

/// What a line gives a second time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicated {
    Score,
    CriterionScore,
    Grade,
    Answer,
}

impl Duplicated {
    pub fn english(self) -> &'static str {
        match self {
            Duplicated::Score => "a score for this bidder and lot",
            Duplicated::CriterionScore => "a score for this bidder, lot and criterion",
            Duplicated::Grade => "a grade for this bidder and lot",
            Duplicated::Answer => "an answer for this bidder and question",
        }
    }

    pub fn french(self) -> &'static str {
        match self {
            Duplicated::Score => "une note pour ce candidat et ce lot",
            Duplicated::CriterionScore => "une note pour ce candidat, ce lot et ce critère",
            Duplicated::Grade => "une note de sécurité pour ce candidat et ce lot",
            Duplicated::Answer => "une réponse pour ce candidat et cette question",
        }
    }
}

/// Reads and checks the scores file named in the tender.
pub fn load(path: &Path, tender: &Tender) -> Result<TechnicalScores, TechnicalError> {
    parse(&read(path)?, path, tender)
}

pub(crate) fn read(path: &Path) -> Result<Vec<u8>, TechnicalError> {
    std::fs::read(path).map_err(|source| TechnicalError::Unreadable {
        file: path.to_path_buf(),
        source,
    })
}

/// One data line of a buyer's CSV file: its number and its trimmed values.
pub(crate) struct Line {
    pub number: u64,
    pub values: Vec<String>,
}

pub(crate) fn fail(
    path: &Path,
    line: u64,
    column: Option<&str>,
    problem: TechnicalProblem,
) -> TechnicalError {
    TechnicalError::Invalid {
        file: path.to_path_buf(),
        line,
        column: column.map(str::to_owned),
        problem: Box::new(problem),
    }
}

/// Reads a buyer's CSV file (UTF-8 or Windows-1252; `,`, `;` or tab) whose header must be
/// `header` (case ignored); blank lines are skipped; every value must be present.
pub(crate) fn records(
    bytes: &[u8],
    path: &Path,
    header: &[&str],
) -> Result<Vec<Line>, TechnicalError> {
    let text = crate::bpu::csv::decode(bytes);
    let delimiter = crate::bpu::csv::sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let malformed = |line: u64, e: &csv::Error| {
        let (line, problem) = match e.kind() {
            csv::ErrorKind::Utf8 { pos, .. } => (
                pos.as_ref().map_or(line, |p| p.line()),
                TechnicalProblem::NotUtf8,
            ),
            _ => (
                e.position().map_or(line, |p| p.line()),
                TechnicalProblem::Malformed,
            ),
        };
        fail(path, line, None, problem)
    };
    let found = reader.headers().map_err(|e| malformed(1, &e))?;
    let names: Vec<String> = found.iter().map(|h| h.trim().to_lowercase()).collect();
    if names != header {
        return Err(fail(
            path,
            1,
            None,
            TechnicalProblem::Header {
                expected: header.join(","),
                found: found.iter().collect::<Vec<_>>().join(","),
            },
        ));
    }
    let mut lines = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            malformed(line, &e)
        })?;
        let number = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(fail(
                path,
                number,
                None,
                TechnicalProblem::FieldCount {
                    expected: header.len(),
                    header: header.join(","),
                    found: record.len(),
                },
            ));
        }
        if unmarked(&record) {
            continue;
        }
        for (name, value) in header.iter().zip(record.iter()) {
            if value.is_empty() {
                return Err(fail(path, number, Some(name), TechnicalProblem::Empty));
            }
        }
        lines.push(Line {
            number,
            values: record.iter().map(str::to_owned).collect(),
        });
    }
    Ok(lines)
}

/// A line whose last value (the score, grade or answer) alone is left empty, as `scores
/// --init` writes them: no mark yet, the same as no line (a missing mark is reported where
/// it is needed, never read as 0).
fn unmarked(record: &csv::StringRecord) -> bool {
    let mut values: Vec<&str> = record.iter().collect();
    values.pop().is_some_and(str::is_empty) && values.iter().all(|v| !v.is_empty())
}

/// Checks that a lot named on a line is a lot of the tender.
pub(crate) fn known_lot(
    path: &Path,
    line: u64,
    lot: &str,
    tender: &Tender,
) -> Result<(), TechnicalError> {
    match tender.lot(lot) {
        Some(_) => Ok(()),
        None => Err(fail(
            path,
            line,
            Some("lot"),
            TechnicalProblem::UnknownLot {
                lot: lot.to_owned(),
            },
        )),
    }
}

/// Reads `bidder,lot,score` (score out of the technical weight), or, when the tender
/// declares criteria, `bidder,lot,criterion,score` (score out of the criterion's maximum).
pub fn parse(
    bytes: &[u8],
    path: &Path,
    tender: &Tender,
) -> Result<TechnicalScores, TechnicalError> {
    let criteria = &tender.award.criteria;
    let header: &[&str] = if criteria.is_empty() {
        &["bidder", "lot", "score"]
    } else {
        &["bidder", "lot", "criterion", "score"]
    };
    let mut scores = BTreeMap::new();
    for line in records(bytes, path, header)? {
        let v = &line.values;
        let (bidder, lot) = (&v[0], &v[1]);
        known_lot(path, line.number, lot, tender)?;
        let (criterion, raw, max) = if criteria.is_empty() {
            (String::new(), &v[2], tender.award.technical_weight)
        } else {
            let scored = || {
                criteria
                    .iter()
                    .filter(|k| k.source == CriterionSource::Scores)
            };
            let Some(k) = scored().find(|k| k.id == v[2]) else {
                return Err(fail(
                    path,
                    line.number,
                    Some("criterion"),
                    TechnicalProblem::UnknownCriterion {
                        criterion: v[2].clone(),
                        known: scored()
                            .map(|k| k.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                ));
            };
            (k.id.clone(), &v[3], k.max)
        };
        let score = number::parse(raw)
            .map_err(|_| {
                fail(
                    path,
                    line.number,
                    Some("score"),
                    TechnicalProblem::NotANumber { raw: raw.clone() },
                )
            })?
            .value;
        if score < Decimal::ZERO || score > max {
            return Err(fail(
                path,
                line.number,
                Some("score"),
                TechnicalProblem::OutOfRange {
                    score: raw.clone(),
                    max: max.normalize().to_string(),
                    criterion: (!criterion.is_empty()).then(|| criterion.clone()),
                },
            ));
        }
        // Matched on the bidder's id: `Société Générale` or the file's old name is
        // `societe-generale` too.
        let key = (crate::source::slug(bidder), lot.clone(), criterion);
        if let Some((_, first_line)) = scores.get(&key) {
            return Err(fail(
                path,
                line.number,
                None,
                TechnicalProblem::Duplicate {
                    what: if criteria.is_empty() {
                        Duplicated::Score
                    } else {
                        Duplicated::CriterionScore
                    },
                    first_line: *first_line,
                },
            ));
        }
        scores.insert(key, (score, line.number));
    }
    Ok(TechnicalScores {
        file: path.to_path_buf(),
        scores,
    })
}

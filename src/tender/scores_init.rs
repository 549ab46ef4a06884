//! The buyer's evaluation files started from the offers received: the technical scores,
//! the security grades and the GDPR answers named in the tender, with their header and
//! one line per bidder and lot (and criterion, or per bidder and question), the marks
//! left empty. The ids are then never typed by hand, so never mistyped.
//!
//! The files are written with `;` between values and a UTF-8 byte order mark, as French
//! spreadsheet programs open and save them; the files are read back whatever the
//! separator. A line whose mark is left empty gives no mark (not a 0).

use std::path::PathBuf;

use super::{CriterionSource, Tender};

/// Which evaluation file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EvaluationFile {
    /// `bidder;lot;score`, or `bidder;lot;criterion;score`.
    TechnicalScores,
    /// `bidder;lot;grade`.
    SecurityGrades,
    /// `bidder;question;answer`.
    GdprAnswers,
}

/// A bidder whose offer was read, and the lots read from it, in the tender's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidderLots {
    pub bidder: String,
    pub lots: Vec<String>,
}

/// A file to write: where the tender names it, its content, its lines to fill in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Started {
    pub kind: EvaluationFile,
    pub path: PathBuf,
    pub content: String,
    pub rows: usize,
}

const BOM: &str = "\u{FEFF}";

/// The evaluation files the tender names, started for these bidders (in this order).
/// Empty when the tender names none.
pub fn start(tender: &Tender, bidders: &[BidderLots]) -> Vec<Started> {
    let award = &tender.award;
    let mut files = Vec::new();
    if let Some(path) = &award.technical_scores {
        files.push(technical_scores(tender, bidders, path.clone()));
    }
    if let Some(path) = &award.security.grades {
        let rows = bidders
            .iter()
            .flat_map(|b| b.lots.iter().map(|lot| vec![b.bidder.as_str(), lot]))
            .collect();
        files.push(started(
            EvaluationFile::SecurityGrades,
            path.clone(),
            &["bidder", "lot", "grade"],
            rows,
        ));
    }
    if let Some(path) = &award.gdpr.answers {
        let rows = bidders
            .iter()
            .flat_map(|b| {
                award
                    .gdpr
                    .questions
                    .iter()
                    .map(|q| vec![b.bidder.as_str(), q.id.as_str()])
            })
            .collect();
        files.push(started(
            EvaluationFile::GdprAnswers,
            path.clone(),
            &["bidder", "question", "answer"],
            rows,
        ));
    }
    files
}

/// One line per bidder and lot, or per bidder, lot and criterion the experts score (a
/// criterion drawn from the security grade is not theirs to score).
fn technical_scores(tender: &Tender, bidders: &[BidderLots], path: PathBuf) -> Started {
    let criteria: Vec<&str> = tender
        .award
        .criteria
        .iter()
        .filter(|k| k.source == CriterionSource::Scores)
        .map(|k| k.id.as_str())
        .collect();
    let per_lot = |b: &'_ BidderLots, lot: &'_ str| -> Vec<Vec<String>> {
        if tender.award.criteria.is_empty() {
            vec![vec![b.bidder.clone(), lot.to_owned()]]
        } else {
            criteria
                .iter()
                .map(|k| vec![b.bidder.clone(), lot.to_owned(), (*k).to_owned()])
                .collect()
        }
    };
    let rows: Vec<Vec<String>> = bidders
        .iter()
        .flat_map(|b| b.lots.iter().flat_map(move |lot| per_lot(b, lot)))
        .collect();
    let header: &[&str] = if tender.award.criteria.is_empty() {
        &["bidder", "lot", "score"]
    } else {
        &["bidder", "lot", "criterion", "score"]
    };
    let rows = rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    started(EvaluationFile::TechnicalScores, path, header, rows)
}

/// The header, then each line's values and an empty mark.
fn started(kind: EvaluationFile, path: PathBuf, header: &[&str], rows: Vec<Vec<&str>>) -> Started {
    let mut content = String::from(BOM);
    content.push_str(&header.join(";"));
    content.push('\n');
    for row in &rows {
        for value in row {
            content.push_str(&field(value));
            content.push(';');
        }
        content.push('\n');
    }
    Started {
        kind,
        path,
        content,
        rows: rows.len(),
    }
}

/// A value, quoted when it holds a separator, a quote or a line break (ids seldom do: a
/// bidder's id is a slug, lots, criteria and questions are checked ids).
fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

//! The buyer's other evaluation files: the security grades measured on each bidder's
//! platform (`bidder,lot,grade`, a Mozilla Observatory grade; `*` as the lot for every
//! lot) and the bidders' answers to the GDPR questionnaire (`bidder,question,answer`,
//! yes or no).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::technical::{
    Duplicated, TechnicalError, TechnicalProblem, fail, known_lot, read, records,
};
use super::{Grade, Tender};

/// Grades by bidder and lot; the lot `*` holds a grade for every lot of the bidder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SecurityGrades {
    pub file: PathBuf,
    pub grades: BTreeMap<(String, String), (Grade, u64)>,
}

/// The lot written in the grades file for "every lot".
pub const EVERY_LOT: &str = "*";

impl SecurityGrades {
    /// The bidder's grade for a lot, and the line it was read from: the lot's own line,
    /// else the bidder's `*` line.
    pub fn get(&self, bidder: &str, lot: &str) -> Option<(Grade, u64)> {
        self.grades
            .get(&(bidder.to_owned(), lot.to_owned()))
            .or_else(|| self.grades.get(&(bidder.to_owned(), EVERY_LOT.to_owned())))
            .copied()
    }
}

pub fn load_grades(path: &Path, tender: &Tender) -> Result<SecurityGrades, TechnicalError> {
    parse_grades(&read(path)?, path, tender)
}

pub fn parse_grades(
    bytes: &[u8],
    path: &Path,
    tender: &Tender,
) -> Result<SecurityGrades, TechnicalError> {
    let mut grades = BTreeMap::new();
    for line in records(bytes, path, &["bidder", "lot", "grade"])? {
        let v = &line.values;
        if v[1] != EVERY_LOT {
            known_lot(path, line.number, &v[1], tender)?;
        }
        let grade = Grade::parse(&v[2]).ok_or_else(|| {
            fail(
                path,
                line.number,
                Some("grade"),
                TechnicalProblem::NotAGrade {
                    found: v[2].clone(),
                },
            )
        })?;
        // Matched on the bidder's id, as the scores are.
        let key = (crate::source::slug(&v[0]), v[1].clone());
        if let Some((_, first_line)) = grades.get(&key) {
            return Err(fail(
                path,
                line.number,
                None,
                TechnicalProblem::Duplicate {
                    what: Duplicated::Grade,
                    first_line: *first_line,
                },
            ));
        }
        grades.insert(key, (grade, line.number));
    }
    Ok(SecurityGrades {
        file: path.to_path_buf(),
        grades,
    })
}

/// Answers by bidder and question id, each with its line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GdprAnswers {
    pub file: PathBuf,
    pub answers: BTreeMap<(String, String), (bool, u64)>,
}

impl GdprAnswers {
    pub fn get(&self, bidder: &str, question: &str) -> Option<(bool, u64)> {
        self.answers
            .get(&(bidder.to_owned(), question.to_owned()))
            .copied()
    }
}

pub fn load_gdpr(path: &Path, tender: &Tender) -> Result<GdprAnswers, TechnicalError> {
    parse_gdpr(&read(path)?, path, tender)
}

pub fn parse_gdpr(
    bytes: &[u8],
    path: &Path,
    tender: &Tender,
) -> Result<GdprAnswers, TechnicalError> {
    let questions = &tender.award.gdpr.questions;
    let mut answers = BTreeMap::new();
    for line in records(bytes, path, &["bidder", "question", "answer"])? {
        let v = &line.values;
        if !questions.iter().any(|q| q.id == v[1]) {
            return Err(fail(
                path,
                line.number,
                Some("question"),
                TechnicalProblem::UnknownQuestion {
                    question: v[1].clone(),
                    known: questions
                        .iter()
                        .map(|q| q.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                },
            ));
        }
        let answer = super::load::answer(&v[2]).ok_or_else(|| {
            fail(
                path,
                line.number,
                Some("answer"),
                TechnicalProblem::NotAnAnswer {
                    found: v[2].clone(),
                },
            )
        })?;
        // Matched on the bidder's id, as the scores are.
        let key = (crate::source::slug(&v[0]), v[1].clone());
        if let Some((_, first_line)) = answers.get(&key) {
            return Err(fail(
                path,
                line.number,
                None,
                TechnicalProblem::Duplicate {
                    what: Duplicated::Answer,
                    first_line: *first_line,
                },
            ));
        }
        answers.insert(key, (answer, line.number));
    }
    Ok(GdprAnswers {
        file: path.to_path_buf(),
        answers,
    })
}

//! The non-price side of the award: the technical mark, criterion by criterion, and the
//! requirements an offer must meet before it is ranked (a minimum security grade, the
//! required answers of the GDPR questionnaire).

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::Mark;
use crate::source::{Location, Sourced};
use crate::tender::answers::{GdprAnswers, SecurityGrades};
use crate::tender::technical::TechnicalScores;
use crate::tender::{AwardRules, CriterionSource, Grade};

/// The buyer's evaluation files, read once for the whole analysis.
#[derive(Clone, Debug, Default)]
pub struct Evaluation {
    pub scores: Option<TechnicalScores>,
    pub grades: Option<SecurityGrades>,
    pub gdpr: Option<GdprAnswers>,
}

/// A technical mark and how it was reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TechnicalMark {
    pub mark: Mark,
    /// One part per criterion, in the declared order; a single part without criteria.
    pub parts: Vec<CriterionMark>,
}

/// One criterion's part of a technical mark: weight × score ÷ max.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionMark {
    /// The criterion's id; empty for the single score of a tender without criteria.
    pub criterion: String,
    pub weight: Decimal,
    pub max: Decimal,
    /// The score given; `None` when the bidder was not scored (it counts 0).
    pub score: Option<Decimal>,
    /// Where the score comes from.
    pub origin: Option<GradeOrigin>,
    /// The grade, for the security-grade criterion.
    pub grade: Option<Grade>,
    pub mark: Mark,
}

/// Where a score or a grade was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GradeOrigin {
    /// A line of one of the buyer's CSV files.
    Line { file: PathBuf, line: u64 },
    /// The bidder's `Candidat` sheet.
    Cell(Location),
}

/// Why an offer does not meet a requirement set before ranking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NonCompliance {
    /// The security grade is below the minimum.
    GradeBelow {
        grade: Grade,
        minimum: Grade,
        origin: GradeOrigin,
    },
    /// No security grade was given, so the minimum cannot be shown to be met.
    NoGrade { minimum: Grade },
    /// The `Candidat` sheet's grade cannot be read as a grade.
    UnreadableGrade {
        found: String,
        location: Location,
        minimum: Grade,
    },
    /// A GDPR question's required answer was not given (`answer` is `None` when the
    /// bidder did not answer at all).
    GdprAnswer {
        question: String,
        text: String,
        required: bool,
        answer: Option<bool>,
        origin: Option<GradeOrigin>,
    },
}

/// A bidder's grade for a lot: the buyer's grades file first (a measurement the buyer
/// made), else what the bidder wrote on its `Candidat` sheet.
fn grade(
    eval: &Evaluation,
    bidder: &str,
    lot: &str,
    declared: Option<&Sourced<String>>,
) -> Option<Result<(Grade, GradeOrigin), Sourced<String>>> {
    if let Some(grades) = &eval.grades
        && let Some((g, line)) = grades.get(bidder, lot)
    {
        return Some(Ok((
            g,
            GradeOrigin::Line {
                file: grades.file.clone(),
                line,
            },
        )));
    }
    let declared = declared?;
    Some(match Grade::parse(&declared.value) {
        Some(g) => Ok((g, GradeOrigin::Cell(declared.location.clone()))),
        None => Err(declared.clone()),
    })
}

/// The technical mark of a bidder for a lot; `None` when the tender has no technical
/// criteria and no scores file (price alone ranks).
pub fn technical_mark(
    rules: &AwardRules,
    eval: &Evaluation,
    bidder: &str,
    lot: &str,
    declared_grade: Option<&Sourced<String>>,
) -> Option<TechnicalMark> {
    let scores = eval.scores.as_ref();
    let parts: Vec<CriterionMark> = if rules.criteria.is_empty() {
        let scores = scores?;
        let score = scores.get(bidder, lot);
        vec![CriterionMark {
            criterion: String::new(),
            weight: rules.technical_weight,
            max: rules.technical_weight,
            score,
            origin: scores.line(bidder, lot, "").map(|line| GradeOrigin::Line {
                file: scores.file.clone(),
                line,
            }),
            grade: None,
            mark: Mark::from_decimal(score.unwrap_or_default()),
        }]
    } else {
        rules
            .criteria
            .iter()
            .map(|k| {
                let (score, origin, grade) = match k.source {
                    CriterionSource::Scores => (
                        scores.and_then(|s| s.criterion(bidder, lot, &k.id)),
                        scores.and_then(|s| {
                            s.line(bidder, lot, &k.id).map(|line| GradeOrigin::Line {
                                file: s.file.clone(),
                                line,
                            })
                        }),
                        None,
                    ),
                    CriterionSource::SecurityGrade => {
                        match grade(eval, bidder, lot, declared_grade) {
                            Some(Ok((g, origin))) => {
                                (Some(Decimal::from(g.points())), Some(origin), Some(g))
                            }
                            _ => (None, None, None),
                        }
                    }
                };
                let mark = Mark::ratio(k.weight, score.unwrap_or_default(), k.max)
                    .unwrap_or_else(Mark::zero);
                CriterionMark {
                    criterion: k.id.clone(),
                    weight: k.weight,
                    max: k.max,
                    score,
                    origin,
                    grade,
                    mark,
                }
            })
            .collect()
    };
    let mark = parts.iter().fold(Mark::zero(), |sum, p| sum.add(&p.mark));
    Some(TechnicalMark { mark, parts })
}

/// The requirements a bidder's offer for a lot fails, in the order: security, then the
/// GDPR questions in declared order.
pub fn non_compliance(
    rules: &AwardRules,
    eval: &Evaluation,
    bidder: &str,
    lot: &str,
    declared_grade: Option<&Sourced<String>>,
) -> Vec<NonCompliance> {
    let mut found = Vec::new();
    if let Some(minimum) = rules.security.minimum_grade {
        match grade(eval, bidder, lot, declared_grade) {
            Some(Ok((grade, origin))) if grade < minimum => found.push(NonCompliance::GradeBelow {
                grade,
                minimum,
                origin,
            }),
            Some(Ok(_)) => {}
            Some(Err(text)) => found.push(NonCompliance::UnreadableGrade {
                found: text.raw,
                location: text.location,
                minimum,
            }),
            None => found.push(NonCompliance::NoGrade { minimum }),
        }
    }
    for q in &rules.gdpr.questions {
        let Some(required) = q.required else { continue };
        let given = eval.gdpr.as_ref().and_then(|a| {
            a.get(bidder, &q.id).map(|(answer, line)| {
                (
                    answer,
                    GradeOrigin::Line {
                        file: a.file.clone(),
                        line,
                    },
                )
            })
        });
        if given.as_ref().map(|(a, _)| *a) != Some(required) {
            found.push(NonCompliance::GdprAnswer {
                question: q.id.clone(),
                text: q.text.clone(),
                required,
                answer: given.as_ref().map(|(a, _)| *a),
                origin: given.map(|(_, o)| o),
            });
        }
    }
    found
}

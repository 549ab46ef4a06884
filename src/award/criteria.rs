//! The non-price side of the award: the technical mark, criterion by criterion, and the
//! requirements an offer must meet before it is ranked (a minimum security grade, the
//! required answers of the GDPR questionnaire).

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::Mark;
use crate::bpu::layout::{self, CandidateField};
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
    /// No security grade was given, so the minimum cannot be shown to be met. `looked`
    /// names every place searched, in order: the buyer's grades file, then the grade's
    /// cell on the bidder's `Candidat` sheet.
    NoGrade {
        minimum: Grade,
        looked: Vec<LookedIn>,
    },
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
        /// The answers file searched, when no answer was found in it.
        looked_in: Option<PathBuf>,
    },
}

/// A place searched for a grade or an answer, where none was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LookedIn {
    /// One of the buyer's files, as the tender file names it (`securite.csv`).
    File(PathBuf),
    /// The cell of the bidder's `Candidat` sheet where the template asks the value.
    Cell(Location),
}

/// Where a grade is searched: the buyer's grades file, then the bidder's `Candidat`
/// sheet (a workbook's, not a CSV's).
fn grade_places(eval: &Evaluation, workbook: Option<&Path>) -> Vec<LookedIn> {
    let file = eval.grades.as_ref().map(|g| LookedIn::File(g.file.clone()));
    let sheet = workbook
        .filter(|w| !w.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .map(|w| {
            let mut at = Location::sheet(w, Some(layout::CANDIDATE_SHEET));
            at.cell = Some(CandidateField::SecurityGrade.value_cell());
            LookedIn::Cell(at)
        });
    file.into_iter().chain(sheet).collect()
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
/// GDPR questions in declared order. `workbook` is the bidder's file, whose `Candidat`
/// sheet is searched for a grade (a CSV has none).
pub fn non_compliance(
    rules: &AwardRules,
    eval: &Evaluation,
    bidder: &str,
    lot: &str,
    declared_grade: Option<&Sourced<String>>,
    workbook: Option<&Path>,
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
            None => found.push(NonCompliance::NoGrade {
                minimum,
                looked: grade_places(eval, workbook),
            }),
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
                looked_in: match given {
                    None => eval.gdpr.as_ref().map(|a| a.file.clone()),
                    Some(_) => None,
                },
                origin: given.map(|(_, o)| o),
            });
        }
    }
    found
}

/// A requirement set before ranking that the offer meets, with what shows it: shown by
/// `explain` beside the failures, so that a reader sees every check made, not only the
/// failed ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Passed {
    /// The security grade meets the minimum.
    Grade {
        grade: Grade,
        minimum: Grade,
        origin: GradeOrigin,
    },
    /// A GDPR question answered as required.
    GdprAnswer {
        question: String,
        text: String,
        answer: bool,
        origin: GradeOrigin,
    },
}

/// The requirements a bidder's offer for a lot meets, in the order of
/// [`non_compliance`]: security, then the GDPR questions in declared order.
pub fn passed(
    rules: &AwardRules,
    eval: &Evaluation,
    bidder: &str,
    lot: &str,
    declared_grade: Option<&Sourced<String>>,
) -> Vec<Passed> {
    let mut found = Vec::new();
    if let Some(minimum) = rules.security.minimum_grade
        && let Some(Ok((grade, origin))) = grade(eval, bidder, lot, declared_grade)
        && grade >= minimum
    {
        found.push(Passed::Grade {
            grade,
            minimum,
            origin,
        });
    }
    for q in &rules.gdpr.questions {
        let Some(required) = q.required else { continue };
        if let Some((answer, line)) = eval.gdpr.as_ref().and_then(|a| {
            a.get(bidder, &q.id)
                .map(|(answer, line)| (answer, (a.file.clone(), line)))
        }) && answer == required
        {
            found.push(Passed::GdprAnswer {
                question: q.id.clone(),
                text: q.text.clone(),
                answer,
                origin: GradeOrigin::Line {
                    file: line.0,
                    line: line.1,
                },
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use rust_decimal::dec;

    use super::*;
    use crate::tender::{Criterion, GdprQuestion, GdprRules, SecurityRules, TieBreak};

    fn rules(criteria: Vec<Criterion>) -> AwardRules {
        AwardRules {
            price_weight: dec!(40),
            technical_weight: criteria.iter().map(|k| k.weight).sum(),
            price_formula: Default::default(),
            price_basis: Default::default(),
            tie_break: vec![TieBreak::Technical, TieBreak::Cost, TieBreak::Bidder],
            technical_scores: Some(PathBuf::from("t.csv")),
            criteria,
            security: SecurityRules::default(),
            gdpr: GdprRules::default(),
            abnormally_low: Default::default(),
        }
    }

    fn criterion(id: &str, weight: Decimal, max: Decimal, source: CriterionSource) -> Criterion {
        Criterion {
            id: id.into(),
            name: id.into(),
            weight,
            max,
            source,
        }
    }

    fn scores(lines: &[(&str, &str, &str, Decimal)]) -> TechnicalScores {
        TechnicalScores {
            file: PathBuf::from("t.csv"),
            scores: lines
                .iter()
                .enumerate()
                .map(|(i, (b, l, k, s))| {
                    (
                        (b.to_string(), l.to_string(), k.to_string()),
                        (*s, i as u64 + 2),
                    )
                })
                .collect(),
        }
    }

    fn grades(lines: &[(&str, &str, &str)]) -> SecurityGrades {
        SecurityGrades {
            file: PathBuf::from("g.csv"),
            grades: lines
                .iter()
                .enumerate()
                .map(|(i, (b, l, g))| {
                    (
                        (b.to_string(), l.to_string()),
                        (Grade::parse(g).unwrap(), i as u64 + 2),
                    )
                })
                .collect(),
        }
    }

    fn sourced(text: &str) -> Sourced<String> {
        Sourced {
            value: text.into(),
            raw: text.into(),
            location: Location::file(Path::new("acme.xlsx")),
        }
    }

    #[test]
    fn a_technical_mark_is_the_sum_of_weight_times_score_over_max() {
        // catalogue 40 × 15 ÷ 20 = 30; service 20 × 7.5 ÷ 10 = 15; total 45.
        // Security 12 × B (8 points) ÷ 12 = 8. Sum 53.
        let r = rules(vec![
            criterion("catalogue", dec!(40), dec!(20), CriterionSource::Scores),
            criterion("service", dec!(20), dec!(10), CriterionSource::Scores),
            criterion(
                "securite",
                dec!(12),
                dec!(12),
                CriterionSource::SecurityGrade,
            ),
        ]);
        let eval = Evaluation {
            scores: Some(scores(&[
                ("acme", "1", "catalogue", dec!(15)),
                ("acme", "1", "service", dec!(7.5)),
            ])),
            grades: Some(grades(&[("acme", "*", "B")])),
            gdpr: None,
        };
        let t = technical_mark(&r, &eval, "acme", "1", None).unwrap();
        assert_eq!(t.mark, Mark::from_decimal(dec!(53)));
        let parts: Vec<Mark> = t.parts.iter().map(|p| p.mark.clone()).collect();
        assert_eq!(
            parts,
            vec![
                Mark::from_decimal(dec!(30)),
                Mark::from_decimal(dec!(15)),
                Mark::from_decimal(dec!(8))
            ]
        );
        assert_eq!(t.parts[2].grade, Grade::parse("B"));
        // A bidder not scored gets 0 on each scored criterion; no grade, 0 too.
        let t = technical_mark(&r, &eval, "other", "1", None).unwrap();
        assert!(t.mark.is_zero());
        assert!(t.parts.iter().all(|p| p.score.is_none()));
    }

    #[test]
    fn a_mark_out_of_a_max_that_does_not_divide_stays_exact() {
        // 10 × 1 ÷ 3 three times is exactly 10.
        let r = rules(vec![
            criterion("a", dec!(10), dec!(3), CriterionSource::Scores),
            criterion("b", dec!(10), dec!(3), CriterionSource::Scores),
            criterion("c", dec!(10), dec!(3), CriterionSource::Scores),
        ]);
        let eval = Evaluation {
            scores: Some(scores(&[
                ("x", "1", "a", dec!(1)),
                ("x", "1", "b", dec!(1)),
                ("x", "1", "c", dec!(1)),
            ])),
            ..Evaluation::default()
        };
        let t = technical_mark(&r, &eval, "x", "1", None).unwrap();
        assert_eq!(t.mark, Mark::from_decimal(dec!(10)));
    }

    #[test]
    fn without_criteria_or_scores_there_is_no_technical_mark() {
        let mut r = rules(Vec::new());
        r.technical_scores = None;
        assert!(technical_mark(&r, &Evaluation::default(), "x", "1", None).is_none());
    }

    #[test]
    fn security_minimum_uses_the_buyers_grade_first_then_the_candidate_sheet() {
        let mut r = rules(Vec::new());
        r.security.minimum_grade = Grade::parse("B");
        let eval = Evaluation {
            grades: Some(grades(&[("acme", "*", "A"), ("acme", "7", "C")])),
            ..Evaluation::default()
        };
        // Lot 1: the `*` line, A ≥ B.
        assert!(non_compliance(&r, &eval, "acme", "1", None, None).is_empty());
        // Lot 7: its own line, C < B, even if the sheet says A+.
        assert_eq!(
            non_compliance(&r, &eval, "acme", "7", Some(&sourced("A+")), None),
            vec![NonCompliance::GradeBelow {
                grade: Grade::parse("C").unwrap(),
                minimum: Grade::parse("B").unwrap(),
                origin: GradeOrigin::Line {
                    file: PathBuf::from("g.csv"),
                    line: 3
                },
            }]
        );
        // Not in the file: the sheet's B- is below B; B itself is enough.
        assert!(matches!(
            non_compliance(&r, &eval, "other", "1", Some(&sourced("b-")), None)[..],
            [NonCompliance::GradeBelow { .. }]
        ));
        assert!(non_compliance(&r, &eval, "other", "1", Some(&sourced(" B ")), None).is_empty());
        // No grade at all, or one that is not a grade.
        assert_eq!(
            non_compliance(&r, &eval, "other", "1", None, None),
            vec![NonCompliance::NoGrade {
                minimum: Grade::parse("B").unwrap(),
                looked: vec![LookedIn::File(PathBuf::from("g.csv"))],
            }]
        );
        assert!(matches!(
            non_compliance(&r, &eval, "other", "1", Some(&sourced("bon")), None)[..],
            [NonCompliance::UnreadableGrade { .. }]
        ));
    }

    #[test]
    fn a_required_gdpr_answer_missing_or_contrary_is_non_compliant() {
        let mut r = rules(Vec::new());
        r.gdpr = GdprRules {
            answers: Some(PathBuf::from("rgpd.csv")),
            questions: vec![
                GdprQuestion {
                    id: "ue".into(),
                    text: "Hébergement UE".into(),
                    required: Some(true),
                },
                GdprQuestion {
                    id: "pub".into(),
                    text: "Traceurs publicitaires".into(),
                    required: Some(false),
                },
                GdprQuestion {
                    id: "dpo".into(),
                    text: "DPO".into(),
                    required: None,
                },
            ],
        };
        let answers = |list: &[(&str, &str, bool)]| GdprAnswers {
            file: PathBuf::from("rgpd.csv"),
            answers: list
                .iter()
                .enumerate()
                .map(|(i, (b, q, a))| ((b.to_string(), q.to_string()), (*a, i as u64 + 2)))
                .collect::<BTreeMap<_, _>>(),
        };
        let eval = Evaluation {
            gdpr: Some(answers(&[
                ("good", "ue", true),
                ("good", "pub", false),
                ("good", "dpo", false),
                ("bad", "ue", true),
                ("bad", "pub", true),
            ])),
            ..Evaluation::default()
        };
        // The informational question (dpo) answered no changes nothing.
        assert!(non_compliance(&r, &eval, "good", "1", None, None).is_empty());
        assert_eq!(
            non_compliance(&r, &eval, "bad", "1", None, None),
            vec![NonCompliance::GdprAnswer {
                question: "pub".into(),
                text: "Traceurs publicitaires".into(),
                required: false,
                answer: Some(true),
                origin: Some(GradeOrigin::Line {
                    file: PathBuf::from("rgpd.csv"),
                    line: 6
                }),
                looked_in: None,
            }]
        );
        // Nobody answered for "silent": both required questions fail.
        let found = non_compliance(&r, &eval, "silent", "1", None, None);
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .all(|n| matches!(n, NonCompliance::GdprAnswer { answer: None, .. }))
        );
    }
}

//! The findings of `check` about figures a person would question and technical marks
//! that cannot count: all warnings, none changes an offer's status.

use super::{Consequence, Finding, Problem, Severity};
use crate::analysis::{Analysis, Warning};
use crate::plausibility;
use crate::source::Location;
use crate::tender::Tender;

/// Implausible figures at their cells, offers without a technical score (at the scores
/// file), and the tender's own warnings (at the tender file).
pub(super) fn findings(tender: &Tender, analysis: &Analysis) -> Vec<Finding> {
    let mut out = Vec::new();
    for w in &analysis.warnings {
        let (file, problem) = match w {
            Warning::WeightsNot100 {
                file,
                price,
                technical,
            } => (
                file,
                Problem::WeightsNot100 {
                    price: *price,
                    technical: *technical,
                },
            ),
            Warning::NoTechnicalScores { file, weight } => {
                (file, Problem::NoTechnicalScores { weight: *weight })
            }
            Warning::ScoredBidderWithoutOffer { .. } => continue,
        };
        out.push(warning(
            Location::file(file),
            None,
            None,
            None,
            None,
            problem,
        ));
    }
    for i in &analysis.implausible {
        out.push(warning(
            i.location.clone(),
            Some(&i.bidder),
            Some(&i.lot),
            Some(&i.scope),
            i.item,
            Problem::Implausible(i.rule.clone()),
        ));
    }
    if let Some(scores) = &analysis.evaluation.scores {
        let missing =
            plausibility::missing_scores(tender, &analysis.evaluation, &analysis.normalised);
        for (bidder, lot) in missing {
            out.push(warning(
                Location::file(&scores.file),
                Some(&bidder),
                Some(&lot),
                None,
                None,
                Problem::MissingTechnicalScore,
            ));
        }
    }
    out
}

fn warning(
    location: Location,
    bidder: Option<&String>,
    lot: Option<&String>,
    scope: Option<&String>,
    item: Option<&'static str>,
    problem: Problem,
) -> Finding {
    Finding {
        location,
        bidder: bidder.cloned(),
        lot: lot.cloned(),
        scope: scope.cloned(),
        item,
        severity: Severity::Warning,
        problem,
        consequence: Consequence::None,
    }
}

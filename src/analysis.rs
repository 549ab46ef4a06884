//! The whole pipeline, from a tender and its offer files to rankings: the one place
//! where `normalise`, `rank` (and later `report`, `simulate`) get their figures, so they
//! can never disagree.

use std::path::PathBuf;

use crate::award::criteria::{self, Evaluation};
use crate::award::{self, Entry, LotRanking};
use crate::bpu::{DiscoverError, OfferFiles, OffersRead};
use crate::download::{DownloadError, InputError};
use crate::plausibility::{self, Implausibility};
use crate::pricing::{self, Irregularity, NormalisedCost, PricingModel};
use crate::tender::answers;
use crate::tender::technical::{self, TechnicalError};
use crate::tender::{Lot, Tender};
use rayon::prelude::*;

/// One offer's outcome for one lot and scope.
#[derive(Clone, Debug)]
pub struct NormalisedLine {
    pub lot: String,
    pub scope: String,
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub source: Option<PathBuf>,
    /// The model the bidder chose for the lot (`None` when several were filled).
    pub model: Option<PricingModel>,
    pub result: Result<NormalisedCost, Vec<Irregularity>>,
}

/// Something the buyer should know that is not about an offer's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The technical scores name a bidder from whom no offer was read.
    ScoredBidderWithoutOffer {
        file: PathBuf,
        line: u64,
        bidder: String,
    },
    /// The price and technical weights do not add up to 100: the totals are out of
    /// their sum. A warning, not a refusal.
    WeightsNot100 {
        file: PathBuf,
        price: rust_decimal::Decimal,
        technical: rust_decimal::Decimal,
    },
    /// Technical marks count (`technical_weight` above 0) but the tender names no
    /// technical scores file: every offer gets 0 of them, the price alone decides.
    NoTechnicalScores {
        file: PathBuf,
        weight: rust_decimal::Decimal,
    },
}

#[derive(Clone, Debug)]
pub struct Analysis {
    pub files: OfferFiles,
    pub read: OffersRead,
    /// The buyer's technical scores, security grades and GDPR answers.
    pub evaluation: Evaluation,
    /// In lot order, then scope order, then bidder id.
    pub normalised: Vec<NormalisedLine>,
    pub lots: Vec<LotRanking>,
    pub warnings: Vec<Warning>,
    /// The figures a person would question, lot by lot (warnings only).
    pub implausible: Vec<Implausibility>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error(transparent)]
    Technical(#[from] TechnicalError),
    #[error(transparent)]
    Download(#[from] DownloadError),
}

impl From<InputError> for AnalysisError {
    fn from(e: InputError) -> Self {
        match e {
            InputError::Discover(e) => AnalysisError::Discover(e),
            InputError::Download(e) => AnalysisError::Download(e),
        }
    }
}

/// Reads the offers (the tender's offers folder when `inputs` is empty), normalises
/// them and ranks them.
pub fn analyse(tender: &Tender, inputs: &[PathBuf]) -> Result<Analysis, AnalysisError> {
    let evaluation = evaluate(tender)?;
    let inputs = if inputs.is_empty() {
        vec![tender.offers_dir.clone()]
    } else {
        inputs.to_vec()
    };
    let (files, read) = crate::download::read_inputs(&inputs, tender)?;
    Ok(analyse_offers(tender, files, read, evaluation))
}

/// Reads the buyer's evaluation files named in the tender.
pub fn evaluate(tender: &Tender) -> Result<Evaluation, TechnicalError> {
    let a = &tender.award;
    Ok(Evaluation {
        scores: match &a.technical_scores {
            Some(path) => Some(technical::load(path, tender)?),
            None => None,
        },
        grades: match &a.security.grades {
            Some(path) => Some(answers::load_grades(path, tender)?),
            None => None,
        },
        gdpr: match &a.gdpr.answers {
            Some(path) => Some(answers::load_gdpr(path, tender)?),
            None => None,
        },
    })
}

/// The calculation part of [`analyse`], on offers already read.
pub fn analyse_offers(
    tender: &Tender,
    files: OfferFiles,
    read: OffersRead,
    evaluation: Evaluation,
) -> Analysis {
    // Lots are independent: each is normalised and ranked on its own thread.
    type LotOutcome = (Vec<NormalisedLine>, LotRanking, Vec<Implausibility>);
    let per_lot: Vec<LotOutcome> = tender
        .lots
        .par_iter()
        .map(|lot| {
            let lines = normalise_lot(tender, lot, &read);
            let mut ranking = rank_lot(tender, lot, &lines, &read, &evaluation);
            let found = plausibility::assess_lot(tender, lot, &lines);
            plausibility::flag_lot(&mut ranking, &found, tender);
            (lines, ranking, found)
        })
        .collect();
    let mut normalised = Vec::new();
    let mut lots = Vec::new();
    let mut implausible = Vec::new();
    for (lines, ranking, found) in per_lot {
        normalised.extend(lines);
        lots.push(ranking);
        implausible.extend(found);
    }

    let mut warnings = tender_warnings(tender);
    if let Some(t) = &evaluation.scores {
        let mut named: Vec<(&str, u64)> = t.bidders().collect();
        named.sort_by_key(|(_, line)| *line);
        let mut seen = std::collections::BTreeSet::new();
        for (bidder, line) in named {
            let known = read.offers.iter().any(|o| o.bidder == bidder)
                || read.failures.iter().any(|f| f.bidder() == bidder);
            if !known && seen.insert(bidder) {
                warnings.push(Warning::ScoredBidderWithoutOffer {
                    file: t.file.clone(),
                    line,
                    bidder: bidder.to_owned(),
                });
            }
        }
    }

    Analysis {
        files,
        read,
        evaluation,
        normalised,
        lots,
        warnings,
        implausible,
    }
}

/// What the buyer should know about the tender's own award rules: weights that do not
/// add up to 100, technical marks without a scores file.
pub fn tender_warnings(tender: &Tender) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some((price, technical)) = plausibility::weights_off(tender) {
        warnings.push(Warning::WeightsNot100 {
            file: tender.file.clone(),
            price,
            technical,
        });
    }
    if plausibility::no_scores_file(tender) {
        warnings.push(Warning::NoTechnicalScores {
            file: tender.file.clone(),
            weight: tender.award.technical_weight,
        });
    }
    warnings
}

/// Every offer's outcome for one lot, in scope order then bidder id.
fn normalise_lot(tender: &Tender, lot: &Lot, read: &OffersRead) -> Vec<NormalisedLine> {
    if let Some(schedule) = &lot.schedule {
        return normalise_schedule(tender, lot, schedule, read);
    }
    let factors = tender.contract_terms(lot).factors();
    let facts = |scope_id: &str| tender.scope(scope_id).map(|s| tender.scope_facts(lot, s));
    let mut lines = Vec::new();
    for offer in &read.offers {
        let Some(quote) = offer.lot(&lot.id) else {
            continue;
        };
        let outcome = pricing::normalise_lot(quote, facts, &factors);
        for scope in outcome.scopes {
            lines.push(NormalisedLine {
                lot: lot.id.clone(),
                scope: scope.scope,
                bidder: offer.bidder.clone(),
                bidder_name: offer.bidder_name.as_ref().map(|n| n.value.clone()),
                source: offer.source().cloned(),
                model: outcome.model,
                result: scope.result,
            });
        }
    }
    let scope_order = |id: &str| {
        tender
            .scopes
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    };
    lines.sort_by(|a, b| {
        scope_order(&a.scope)
            .cmp(&scope_order(&b.scope))
            .then_with(|| a.bidder.cmp(&b.bidder))
    });
    lines
}

/// The scope a unit-price schedule lot is ranked for: its sheet has no scope columns,
/// the bidder prices the whole need once. That is the groupement's when the tender
/// quotes one, otherwise the only scope it quotes (loading refuses a schedule lot
/// among several scopes without a groupement).
pub fn schedule_scope(tender: &Tender) -> Option<&crate::tender::Scope> {
    tender
        .scopes
        .iter()
        .find(|s| s.kind == crate::tender::ScopeKind::Groupement)
        .or_else(|| tender.scopes.first())
}

/// Every offer's outcome for a unit-price schedule lot, for its one ranked scope, in
/// bidder order.
fn normalise_schedule(
    tender: &Tender,
    lot: &Lot,
    schedule: &crate::tender::schedule::Schedule,
    read: &OffersRead,
) -> Vec<NormalisedLine> {
    let Some(scope) = schedule_scope(tender) else {
        return Vec::new();
    };
    let mut lines: Vec<NormalisedLine> = read
        .offers
        .iter()
        .filter_map(|offer| {
            let quote = offer.lot(&lot.id)?.schedule.as_ref()?;
            Some(NormalisedLine {
                lot: lot.id.clone(),
                scope: scope.id.clone(),
                bidder: offer.bidder.clone(),
                bidder_name: offer.bidder_name.as_ref().map(|n| n.value.clone()),
                source: offer.source().cloned(),
                model: Some(PricingModel::Schedule),
                result: pricing::schedule::award_cost(schedule, quote, lot.vat_rate),
            })
        })
        .collect();
    lines.sort_by(|a, b| a.bidder.cmp(&b.bidder));
    lines
}

/// The ranking of one lot, scope by scope.
fn rank_lot(
    tender: &Tender,
    lot: &Lot,
    lines: &[NormalisedLine],
    read: &OffersRead,
    evaluation: &Evaluation,
) -> LotRanking {
    let terms = tender.contract_terms(lot);
    let grade_of = |bidder: &str| {
        read.offers
            .iter()
            .find(|o| o.bidder == bidder)
            .and_then(|o| o.security_grade.as_ref())
    };
    LotRanking {
        lot: lot.id.clone(),
        title: lot.title.clone(),
        scopes: tender
            .scopes
            .iter()
            .filter(|scope| {
                lot.schedule.is_none() || schedule_scope(tender).is_some_and(|s| s.id == scope.id)
            })
            .map(|scope| {
                let entries = lines
                    .iter()
                    .filter(|l| l.scope == scope.id)
                    .map(|l| Entry {
                        bidder: l.bidder.clone(),
                        bidder_name: l.bidder_name.clone(),
                        source: l.source.clone(),
                        result: l.result.clone(),
                        technical: criteria::technical_mark(
                            &tender.award,
                            evaluation,
                            &l.bidder,
                            &lot.id,
                            grade_of(&l.bidder),
                        ),
                        non_compliance: criteria::non_compliance(
                            &tender.award,
                            evaluation,
                            &l.bidder,
                            &lot.id,
                            grade_of(&l.bidder),
                            l.source.as_deref(),
                        ),
                    })
                    .collect();
                award::rank_scope(lot, scope, entries, &tender.award, &terms)
            })
            .collect(),
    }
}

//! Open data: what `tender export` publishes (OCDS and France's DECP), gathered from the
//! same [`Analysis`] as `rank` and from the award the report proposes
//! ([`crate::report::proposed_awards`]), so that the published figures are the analysed
//! ones. No I/O and no wording: `output::ocds` and `output::decp` write the documents.
//!
//! The publication covers the groupement's award (or, for a buyer alone, its own): for
//! each lot, the offers made for that scope (valid, or set aside with their reasons) and
//! the offer ranked first.

pub mod identifier;

use std::path::PathBuf;

use crate::analysis::Analysis;
use crate::award::{Exclusion, LotRanking, ScopeRanking};
use crate::exact::Exact;
use crate::offer::Offer;
use crate::tender::publication::{Cpv, Publication};
use crate::tender::{Lot, Member, Scope, ScopeKind, Tender};

pub use identifier::{IdKind, IdProblem, Identifier};

/// Everything both exports need.
#[derive(Clone, Debug)]
pub struct OpenData<'a> {
    pub tender: &'a Tender,
    pub publication: &'a Publication,
    /// The member that runs the procedure: the buyer published.
    pub coordinator: &'a Member,
    /// Every bidder whose offer was read, in id order.
    pub bidders: Vec<Bidder<'a>>,
    /// In the tender's lot order.
    pub lots: Vec<LotData<'a>>,
}

/// A bidder as published: its id in the analysis, its legal name when it gave one, its
/// identifier when it gave a usable one.
#[derive(Clone, Debug)]
pub struct Bidder<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub identifier: Option<Identifier>,
}

#[derive(Clone, Debug)]
pub struct LotData<'a> {
    pub lot: &'a Lot,
    pub cpv: &'a Cpv,
    /// The bidders who made an offer for the lot, in any scope, valid or not (the DECP's
    /// `offresRecues` counts them all).
    pub received: usize,
    /// The offers for the published scope (the groupement's, or a buyer alone's), in
    /// bidder order.
    pub bids: Vec<Bid<'a>>,
    /// The offers ranked for that scope that are flagged abnormally low.
    pub abnormally_low: usize,
    /// The offer ranked first for that scope, as the report proposes it.
    pub award: Option<Awarded<'a>>,
}

/// One bidder's offer for a lot, for the groupement.
#[derive(Clone, Debug)]
pub struct Bid<'a> {
    pub bidder: &'a str,
    /// `None` for a valid offer; the reasons it was set aside otherwise.
    pub set_aside: Option<&'a [Exclusion]>,
    /// The cost over the whole contract, HT, exact, when it could be computed.
    pub contract_ht: Option<&'a Exact>,
}

/// The offer proposed for a lot.
#[derive(Clone, Debug)]
pub struct Awarded<'a> {
    pub bidder: &'a str,
    pub identifier: Identifier,
    /// The cost over the whole contract (every year, revision included; a schedule lot's
    /// with every renewal), HT, exact: the DECP's `montant`, the estimated maximum of
    /// the contract.
    pub contract_ht: &'a Exact,
}

/// Why the exports cannot be written.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PublishError {
    #[error("{}: the tender file has no [publication] section", file.display())]
    NoPublication { file: PathBuf },
    #[error("{}: the tender has several members and asks no price for the groupement", file.display())]
    NoGroupement { file: PathBuf },
    #[error("lot {lot}: bidder {bidder} gives no identifier on its Candidat sheet")]
    NoIdentifier {
        lot: String,
        bidder: String,
        file: Option<PathBuf>,
    },
    /// The DECP's `montant` must be at least 1 €: an award of less (a reduction that
    /// took the cost to zero) cannot be published there as it stands.
    #[error("lot {lot}: the amount of bidder {bidder}'s offer is below 1 euro")]
    AmountBelowOne {
        lot: String,
        bidder: String,
        amount: String,
    },
    #[error("lot {lot}: bidder {bidder}'s identifier cannot be published")]
    BadIdentifier {
        lot: String,
        bidder: String,
        problem: Box<IdProblem>,
    },
}

/// Gathers the open data of an analysed tender.
pub fn gather<'a>(
    tender: &'a Tender,
    analysis: &'a Analysis,
) -> Result<OpenData<'a>, PublishError> {
    let publication = tender
        .publication
        .as_ref()
        .ok_or_else(|| PublishError::NoPublication {
            file: tender.file.clone(),
        })?;
    // Loading refuses a [publication] without a coordinator that is a member.
    let coordinator = tender
        .coordinator
        .as_deref()
        .and_then(|c| tender.member(c))
        .ok_or_else(|| PublishError::NoPublication {
            file: tender.file.clone(),
        })?;
    let published = published_scope(tender).ok_or_else(|| PublishError::NoGroupement {
        file: tender.file.clone(),
    })?;
    let awards = crate::report::proposed_awards(tender, analysis);
    let mut lots = Vec::new();
    for (lot, ranking) in tender.lots.iter().zip(&analysis.lots) {
        let Some(cpv) = publication.cpv.get(&lot.id) else {
            continue;
        };
        let scope = ranking.scopes.iter().find(|s| s.scope == published.id);
        let proposed = awards
            .iter()
            .find(|a| a.lot == lot.id)
            .and_then(|a| match published.kind {
                ScopeKind::Groupement => a.groupement,
                // `published_scope` gives a groupement or a member; a declared group is
                // never published.
                ScopeKind::Declared => None,
                ScopeKind::Member => a
                    .alone
                    .iter()
                    .find(|m| m.member == published.id)
                    .and_then(|m| m.first),
            });
        let award = match proposed {
            None => None,
            Some(first) => Some(Awarded {
                bidder: &first.bidder,
                identifier: awarded_identifier(analysis, &lot.id, &first.bidder)?,
                // A schedule lot's renewals are part of its maximum value.
                contract_ht: first
                    .cost
                    .schedule
                    .as_ref()
                    .map_or(&first.cost.contract_ht, |s| s.contract_with_renewals_ht()),
            }),
        };
        lots.push(LotData {
            lot,
            cpv,
            received: received(ranking),
            bids: scope.map(bids).unwrap_or_default(),
            abnormally_low: scope.map_or(0, |s| {
                s.ranked
                    .iter()
                    .filter(|o| o.abnormally_low.is_some())
                    .count()
            }),
            award,
        });
    }
    Ok(OpenData {
        tender,
        publication,
        coordinator,
        bidders: bidders(analysis),
        lots,
    })
}

/// The scope whose award is published: the groupement's; for a tender of one buyer
/// alone (a single member, no groupement quoted), that buyer's own scope. A groupement
/// whose members are only quoted alone has no single award to publish.
fn published_scope(tender: &Tender) -> Option<&Scope> {
    let groupement = tender
        .scopes
        .iter()
        .find(|s| s.kind == ScopeKind::Groupement);
    match (groupement, tender.members.as_slice()) {
        (Some(g), _) => Some(g),
        (None, [only]) => tender.scopes.iter().find(|s| s.id == only.id),
        (None, _) => None,
    }
}

/// Refuses what the DECP schema would: an awarded amount below 1 € (its `montant` has
/// that minimum), compared exactly, before rounding.
pub fn decp_ready(data: &OpenData<'_>) -> Result<(), PublishError> {
    let one = Exact::one();
    for lot in &data.lots {
        if let Some(a) = &lot.award
            && *a.contract_ht < one
        {
            return Err(PublishError::AmountBelowOne {
                lot: lot.lot.id.clone(),
                bidder: a.bidder.to_owned(),
                amount: a.contract_ht.fixed(2),
            });
        }
    }
    Ok(())
}

/// The awarded bidder's identifier, or why it cannot be published.
fn awarded_identifier(
    analysis: &Analysis,
    lot: &str,
    bidder: &str,
) -> Result<Identifier, PublishError> {
    let offer = analysis.read.offers.iter().find(|o| o.bidder == bidder);
    match offer.map(|o| identifier::of(&o.ids)) {
        Some(Some(Ok(id))) => Ok(id),
        Some(Some(Err(problem))) => Err(PublishError::BadIdentifier {
            lot: lot.to_owned(),
            bidder: bidder.to_owned(),
            problem: Box::new(problem),
        }),
        Some(None) | None => Err(PublishError::NoIdentifier {
            lot: lot.to_owned(),
            bidder: bidder.to_owned(),
            file: offer.and_then(Offer::source).cloned(),
        }),
    }
}

/// Every bidder whose offer was read, in id order (the reader gives them so).
fn bidders(analysis: &Analysis) -> Vec<Bidder<'_>> {
    let mut all: Vec<Bidder<'_>> = analysis
        .read
        .offers
        .iter()
        .map(|o| Bidder {
            id: &o.bidder,
            name: o.bidder_name.as_ref().map(|n| n.value.as_str()),
            identifier: identifier::of(&o.ids).and_then(Result::ok),
        })
        .collect();
    all.sort_by(|a, b| a.id.cmp(b.id));
    all
}

/// The bidders with an offer for the lot in any scope, valid or set aside.
fn received(ranking: &LotRanking) -> usize {
    let mut ids: Vec<&str> = ranking
        .scopes
        .iter()
        .flat_map(|s| {
            let ranked = s.ranked.iter().map(|o| o.bidder.as_str());
            let excluded = s.excluded.iter().map(|o| o.bidder.as_str());
            let unmarked = s
                .failure
                .iter()
                .flat_map(|f| f.bidders.iter().map(String::as_str));
            ranked.chain(excluded).chain(unmarked)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// The groupement's offers: ranked, left unmarked (valid, but no mark could be
/// computed), or set aside; in bidder order.
fn bids(scope: &ScopeRanking) -> Vec<Bid<'_>> {
    let ranked = scope.ranked.iter().map(|o| Bid {
        bidder: &o.bidder,
        set_aside: None,
        contract_ht: Some(&o.cost.contract_ht),
    });
    let unmarked = scope.failure.iter().flat_map(|f| {
        f.bidders.iter().map(|b| Bid {
            bidder: b,
            set_aside: None,
            contract_ht: None,
        })
    });
    let excluded = scope.excluded.iter().map(|o| Bid {
        bidder: &o.bidder,
        set_aside: Some(o.reasons.as_slice()),
        contract_ht: o.cost.as_ref().map(|c| &c.contract_ht),
    });
    let mut all: Vec<Bid<'_>> = ranked.chain(unmarked).chain(excluded).collect();
    all.sort_by(|a, b| a.bidder.cmp(b.bidder));
    all
}

impl LotData<'_> {
    /// The valid offers' contract costs, HT: the lowest and the highest, when any has
    /// one.
    pub fn valid_range(&self) -> Option<(&Exact, &Exact)> {
        let mut valid = self
            .bids
            .iter()
            .filter(|b| b.set_aside.is_none())
            .filter_map(|b| b.contract_ht);
        let first = valid.next()?;
        Some(valid.fold((first, first), |(lo, hi), v| {
            (if v < lo { v } else { lo }, if v > hi { v } else { hi })
        }))
    }
}

#[cfg(test)]
mod tests;

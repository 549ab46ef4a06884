//! Groupement economics: how the cost of each lot's award for the groupement is shared
//! among the members, what each would pay alone, and what it saves (`tender split`).
//!
//! No input or output happens here: the split takes the tender and the analysis (the
//! rankings every command shares) and returns one result type that every output format
//! prints. Shares are exact fractions until they are rounded to the cent, once, so that
//! they add up to the total (largest remainder, [`rounding`]).

pub mod coalitions;
pub mod compare;
pub mod core;
pub mod drawn;
pub mod flags;
pub mod game;
pub mod grid;
pub mod keys;
pub mod planning;
pub mod rounding;

use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::award::{Mark, RankedOffer};
use crate::pricing::{BandPrices, BandProblem, PricingModel};
use crate::tender::{GROUPEMENT, Lot, ScopeKind, SplitMethod, SplitRules, Tender};
use coalitions::Coalitions;
pub use compare::{BeforeAfter, LotBeforeAfter, WhatIf, what_if_compared};
pub use core::{CoreBreach, CoreReport, CoreSearch, GrandCoalition};
pub use flags::ShareFlag;
use game::{BandTariff, ShapleyMethod};

/// The split of every lot awarded for the groupement, and each member's totals.
#[derive(Clone, Debug)]
pub struct SplitResult {
    pub lots: Vec<LotSplit>,
    /// Lots that could not be split, with the reason.
    pub unsplit: Vec<Unsplit>,
    /// Each member's totals over the lots split, in the tender's member order (none when
    /// no lot is split).
    pub members: Vec<MemberTotal>,
}

/// One lot's split.
#[derive(Clone, Debug)]
pub struct LotSplit {
    pub lot: String,
    pub title: String,
    pub method: SplitMethod,
    /// The offer ranked first for the groupement.
    pub bidder: String,
    pub bidder_name: Option<String>,
    pub model: PricingModel,
    /// The groupement's yearly cost HT, before the fee.
    pub total_ht: Decimal,
    /// The coordinator's fee on it (yearly HT, exact).
    pub fee_ht: Decimal,
    /// Σ over the members of their standalone cost, when every member's is known.
    pub standalone_ht: Option<Decimal>,
    pub shares: Vec<MemberShare>,
    /// How the Shapley value was computed, for a lot split by it.
    pub shapley: Option<ShapleyNote>,
    /// Whether some group of members pays more than it would alone, when group costs are
    /// known.
    pub core: Option<CoreReport>,
    /// SCRB and Shapley: the shares were computed on the groups' costs, where the whole
    /// groupement costs another price than the awarded one, then brought to the awarded
    /// price (each multiplied by awarded ÷ that price).
    pub rescaled: Option<Rescaled>,
    /// Members with equal exact shares that the cents had to tell apart, column by
    /// column (see [`rounding`]).
    pub uneven_cents: Vec<UnevenColumn>,
    /// The awarded yearly cost, exactly, when it is a fraction with no decimal form (an
    /// extrapolation such as 1 000 × 30 000 ÷ 7 000): the split shares it rounded to the
    /// cent, `total_ht`.
    pub total_rounded_from: Option<Mark>,
    /// Priced by a grid the buyer wrote (`split --tariff`), not by an offer: `bidder` is
    /// the grid file's name, and no bidder is involved.
    pub grid: bool,
}

/// The groups' price of the whole groupement and the awarded price, when they differ and
/// the shares were brought from the one to the other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rescaled {
    /// The whole groupement's price in the groups' costs (its band's price).
    pub tariff_ht: Decimal,
    pub awarded_ht: Decimal,
}

/// A rounded column of a lot's split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The share of the cost, fee left out, yearly HT.
    CostShareHt,
    /// What the member pays (fee included), yearly HT.
    ShareHt,
    ShareTtc,
    ContractHt,
    ContractTtc,
}

impl Column {
    /// The column's key in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Column::CostShareHt => "cost_share_ht",
            Column::ShareHt => "share_ht",
            Column::ShareTtc => "share_ttc",
            Column::ContractHt => "contract_ht",
            Column::ContractTtc => "contract_ttc",
        }
    }
}

/// Members with equal exact shares who do not pay the same to the cent in one column:
/// `with_cent` pay one cent more than `without` (the cents left over did not go round).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnevenColumn {
    pub column: Column,
    pub with_cent: Vec<String>,
    pub without: Vec<String>,
}

/// How a Shapley split was computed: exactly, or estimated with its standard error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapleyNote {
    pub method: ShapleyMethod,
    /// The largest standard error of an estimated share (€), when sampled.
    pub max_standard_error: Option<Decimal>,
    /// Sampling stopped because every standard error reached the target (not the cap).
    pub target_reached: Option<bool>,
    /// Each member's standard error (€, in member order), when sampled.
    pub standard_errors: Option<Vec<Decimal>>,
}

/// What one member pays for one lot.
#[derive(Clone, Debug)]
pub struct MemberShare {
    pub member: String,
    /// The exact share of the cost (before the fee).
    pub exact: Mark,
    /// Yearly HT, to the cent: the share of the cost, the share of the fee, and their sum.
    /// Each column adds up to the lot's figure exactly.
    pub share_ht: Decimal,
    pub fee_ht: Decimal,
    pub pays_ht: Decimal,
    /// What the member pays a year TTC, and over the contract HT and TTC (revision and
    /// the lot's VAT applied), to the cent, each column adding up to the lot's.
    pub pays_ttc: Decimal,
    pub contract_ht: Decimal,
    pub contract_ttc: Decimal,
    /// The member's yearly cost HT alone: its own scope's winner, when members are
    /// quoted alone.
    pub standalone: Option<Standalone>,
}

/// What a member would pay alone, and where the figure comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Standalone {
    /// Yearly HT, exact.
    pub amount_ht: Decimal,
    /// Yearly TTC, and over the contract HT and TTC (the lot's revision and VAT),
    /// to the cent, for the savings in those terms.
    pub amount_ttc: Decimal,
    pub contract_ht: Decimal,
    pub contract_ttc: Decimal,
    /// The bidder ranked first for the member's own scope, or the awarded bidder whose
    /// band tariff prices the member alone.
    pub bidder: String,
    /// That bidder's name, as its Candidat sheet gives it, so that the figure can say
    /// whose price it is.
    pub bidder_name: Option<String>,
    pub source: StandaloneSource,
}

impl Standalone {
    /// A yearly cost HT alone, with its yearly TTC and contract figures for the lot.
    /// `None` when its contract total TTC reaches 10^26 € (see [`cents`]).
    pub fn new(
        amount_ht: Decimal,
        terms: &crate::pricing::ContractTerms,
        bidder: String,
        source: StandaloneSource,
    ) -> Option<Standalone> {
        let exact = Mark::from_decimal(amount_ht);
        let (contract_ht, contract_ttc) = terms.totals(&exact);
        Some(Standalone {
            amount_ht,
            amount_ttc: cents(&exact.mul(&terms.vat_factor()))?,
            contract_ht: cents(&contract_ht)?,
            contract_ttc: cents(&contract_ttc)?,
            bidder,
            bidder_name: None,
            source,
        })
    }
}

/// A cost to the cent, half away from zero; `None` for a negative cost or from 10^26 €
/// on: a figure no tender reaches (a typing error), which the split refuses rather than
/// round.
pub fn cents(amount: &Mark) -> Option<Decimal> {
    crate::pricing::within_range(amount)
        .then(|| amount.round(2))
        .flatten()
}

/// A yearly cost as the split's decimal arithmetic takes it: exactly, when it is a
/// decimal (every cost but an extrapolation by a quota that does not divide evenly, such
/// as 1 000 × 30 000 ÷ 7 000), otherwise rounded to the cent, as it can be invoiced; the
/// second value says it was rounded.
pub fn shared_cost(cost: &Mark) -> Option<(Decimal, bool)> {
    match cost.to_decimal_exact() {
        Some(d) => Some((d, false)),
        None => cents(cost).map(|d| (d, true)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StandaloneSource {
    /// The winner of the member's own scope (members quoted alone).
    OwnScope,
    /// The awarded bidder's band price for the member's size (members not quoted alone).
    BandTariff,
    /// The price of the member alone in the buyer's grid (`split --tariff`).
    Grid,
}

impl StandaloneSource {
    /// The source's key in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            StandaloneSource::OwnScope => "own_scope",
            StandaloneSource::BandTariff => "band_tariff",
            StandaloneSource::Grid => "grid",
        }
    }
}

impl MemberShare {
    /// Standalone minus what the member pays (yearly HT): positive when the groupement
    /// saves it money.
    pub fn saving_ht(&self) -> Option<Decimal> {
        self.standalone.as_ref().map(|s| s.amount_ht - self.pays_ht)
    }

    /// The saving yearly TTC, and over the contract HT and TTC.
    pub fn saving_ttc(&self) -> Option<Decimal> {
        self.standalone
            .as_ref()
            .map(|s| s.amount_ttc - self.pays_ttc)
    }

    pub fn saving_contract_ht(&self) -> Option<Decimal> {
        self.standalone
            .as_ref()
            .map(|s| s.contract_ht - self.contract_ht)
    }

    pub fn saving_contract_ttc(&self) -> Option<Decimal> {
        self.standalone
            .as_ref()
            .map(|s| s.contract_ttc - self.contract_ttc)
    }

    /// The saving in per cent of the standalone cost (exact fraction, rounded on display);
    /// `None` where a percentage means nothing: a negative share (a saving beyond 100 %),
    /// or a standalone cost of 0 or unknown.
    pub fn saving_percent(&self) -> Option<Mark> {
        let s = self.standalone.as_ref()?;
        if self.is_negative() {
            return None;
        }
        percent_of(self.saving_ht()?, s.amount_ht)
    }

    /// The member pays more in the groupement than it would alone: the split breaks the
    /// groupement's promise.
    pub fn above_standalone(&self) -> bool {
        self.saving_ht()
            .is_some_and(|s| s.is_sign_negative() && !s.is_zero())
    }
}

/// A member's totals over the lots split.
#[derive(Clone, Debug)]
pub struct MemberTotal {
    pub member: String,
    pub pays_ht: Decimal,
    pub pays_ttc: Decimal,
    pub contract_ht: Decimal,
    pub contract_ttc: Decimal,
    /// Σ standalone over the lots split, when known for every one of them: yearly HT
    /// and TTC, contract HT and TTC.
    pub standalone_ht: Option<Decimal>,
    pub standalone_ttc: Option<Decimal>,
    pub standalone_contract_ht: Option<Decimal>,
    pub standalone_contract_ttc: Option<Decimal>,
}

impl MemberTotal {
    pub fn saving_ht(&self) -> Option<Decimal> {
        self.standalone_ht.map(|s| s - self.pays_ht)
    }

    pub fn saving_ttc(&self) -> Option<Decimal> {
        self.standalone_ttc.map(|s| s - self.pays_ttc)
    }

    pub fn saving_contract_ht(&self) -> Option<Decimal> {
        self.standalone_contract_ht.map(|s| s - self.contract_ht)
    }

    pub fn saving_contract_ttc(&self) -> Option<Decimal> {
        self.standalone_contract_ttc.map(|s| s - self.contract_ttc)
    }

    /// As [`MemberShare::saving_percent`], over the lots split.
    pub fn saving_percent(&self) -> Option<Mark> {
        if self.is_negative() {
            return None;
        }
        percent_of(self.saving_ht()?, self.standalone_ht?)
    }
}

/// `saving` in per cent of a standalone cost above 0.
fn percent_of(saving: Decimal, alone: Decimal) -> Option<Mark> {
    (alone > Decimal::ZERO)
        .then(|| Mark::ratio(saving, Decimal::ONE_HUNDRED, alone))
        .flatten()
}

/// A lot not split, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsplit {
    pub lot: String,
    pub title: String,
    pub reason: UnsplitReason,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnsplitReason {
    /// The tender does not ask prices for the groupement.
    NoGroupementScope,
    /// No offer can be awarded for the groupement.
    NoWinner,
    /// The method needs what a member alone would pay, and these members have no
    /// standalone price (not quoted alone, or no rankable offer for them).
    NoStandalone {
        method: SplitMethod,
        members: Vec<String>,
    },
    /// The method needs the cost of coalitions the offers do not price (no band tariff,
    /// and these groups of members not quoted).
    NoCoalitionCost {
        method: SplitMethod,
        missing: Vec<Vec<String>>,
    },
    /// Every member's key is 0 (no population, no usage…): nothing to share by.
    ZeroKey { method: SplitMethod },
    /// SCRB needs the groupement's cost without each of these members, and no band
    /// tariff or quoted scope gives it.
    NoGroupWithout {
        method: SplitMethod,
        members: Vec<String>,
    },
    /// A what-if needs the awarded bidder's band tariff to price the new groupement, and
    /// the lot has none (or the bidder's is incomplete).
    NoBandTariff,
    /// SCRB or Shapley computed on a band tariff that prices the whole groupement at 0:
    /// the shares cannot be brought to the awarded price.
    ZeroTariffTotal {
        method: SplitMethod,
        awarded_ht: Decimal,
    },
    /// The key is unknown for these members (no usage estimate for a prospect in a
    /// what-if, no weight…).
    MissingKey {
        method: SplitMethod,
        members: Vec<String>,
    },
    /// The method (or a what-if) needs the awarded bidder's band tariff, and the bidder's
    /// cannot be used: its problems, at their cells.
    UnusableBandTariff {
        method: SplitMethod,
        /// The tariff was needed to price the new groupement of a what-if.
        what_if: bool,
        bidder: String,
        bands: crate::tender::Bands,
        problems: Vec<BandProblem>,
    },
    /// A cost of the lot reaches 10^26 € (over the contract, TTC): a typing error, which
    /// is not rounded into a share.
    AmountTooLarge,
    /// The groups' costs could not be computed on (an amount too large to compute on
    /// exactly, a tariff the game refuses…).
    Game {
        method: SplitMethod,
        error: game::GameError,
    },
    /// The method needs the price of these groups of members, and the buyer's grid
    /// (`split --tariff`) does not give it (empty: every group).
    NotInGrid {
        method: SplitMethod,
        groups: Vec<Vec<String>>,
    },
    /// `usage` shares by the measure of the model priced, and a grid per group
    /// (`split --tariff`) has none.
    UsageWithoutMeasure { method: SplitMethod },
}

impl UnsplitReason {
    /// The methods that could split the lot instead.
    pub fn alternatives(&self) -> Vec<SplitMethod> {
        match self {
            UnsplitReason::NoStandalone { .. }
            | UnsplitReason::NoCoalitionCost { .. }
            | UnsplitReason::NoGroupWithout { .. }
            | UnsplitReason::ZeroTariffTotal { .. }
            | UnsplitReason::UnusableBandTariff { .. }
            | UnsplitReason::NotInGrid { .. }
            | UnsplitReason::Game { .. } => SplitMethod::ALL
                .into_iter()
                .filter(|m| m.is_simple_key() || *m == SplitMethod::FixedPlusVariable)
                .collect(),
            UnsplitReason::UsageWithoutMeasure { .. } => SplitMethod::ALL
                .into_iter()
                .filter(|m| *m != SplitMethod::Usage)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Splits every lot awarded for the groupement (or only `only_lot`) by the tender's rules
/// (or by `method` for every lot, from the command line).
pub fn split(
    tender: &Tender,
    analysis: &Analysis,
    method: Option<SplitMethod>,
    only_lot: Option<&str>,
) -> SplitResult {
    let rules = &tender.split;
    let mut lots = Vec::new();
    let mut unsplit = Vec::new();
    for lot in tender
        .lots
        .iter()
        .filter(|l| only_lot.is_none_or(|only| only == l.id))
    {
        let method = method.unwrap_or_else(|| rules.method_for(&lot.id));
        match split_lot(tender, analysis, lot, method, rules, false) {
            Ok(s) => lots.push(s),
            Err(reason) => unsplit.push(Unsplit {
                lot: lot.id.clone(),
                title: lot.title.clone(),
                reason,
            }),
        }
    }
    let members = member_totals(tender, &lots);
    SplitResult {
        lots,
        unsplit,
        members,
    }
}

/// Each member's totals over the lots split; none when no lot is split (a total of
/// nothing would read as a member paying and saving 0).
fn member_totals(tender: &Tender, lots: &[LotSplit]) -> Vec<MemberTotal> {
    if lots.is_empty() {
        return Vec::new();
    }
    tender
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let column = |f: &dyn Fn(&MemberShare) -> Decimal| -> Decimal {
                lots.iter().map(|l| f(&l.shares[i])).sum()
            };
            let alone = |f: &dyn Fn(&Standalone) -> Decimal| -> Option<Decimal> {
                lots.iter()
                    .map(|l| l.shares[i].standalone.as_ref().map(f))
                    .sum()
            };
            MemberTotal {
                member: m.id.clone(),
                pays_ht: column(&|s| s.pays_ht),
                pays_ttc: column(&|s| s.pays_ttc),
                contract_ht: column(&|s| s.contract_ht),
                contract_ttc: column(&|s| s.contract_ttc),
                standalone_ht: alone(&|s| s.amount_ht),
                standalone_ttc: alone(&|s| s.amount_ttc),
                standalone_contract_ht: alone(&|s| s.contract_ht),
                standalone_contract_ttc: alone(&|s| s.contract_ttc),
            }
        })
        .collect()
}

/// A bidder's band tariff for a lot: `None` when the lot asks none (or the bidder did not
/// answer the lot), its problems when the bidder's cannot be used (a band not priced…).
pub fn band_tariff(
    analysis: &Analysis,
    lot: &Lot,
    bidder: &str,
) -> Result<Option<BandPrices>, Vec<BandProblem>> {
    let Some(bands) = lot.bands.as_ref() else {
        return Ok(None);
    };
    let quote = analysis
        .read
        .offers
        .iter()
        .find(|o| o.bidder == bidder)
        .and_then(|o| o.lot(&lot.id));
    match quote {
        Some(q) => crate::pricing::band_prices(q, bands).map(Some),
        None => Ok(None),
    }
}

/// The offer ranked first for a scope of a lot.
fn winner<'a>(analysis: &'a Analysis, lot: &str, scope: &str) -> Option<&'a RankedOffer> {
    analysis
        .lots
        .iter()
        .find(|l| l.lot == lot)?
        .scopes
        .iter()
        .find(|s| s.scope == scope)?
        .ranked
        .first()
}

/// A change of the groupement to simulate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A prospect (`[[prospect]]`) joins.
    Join(String),
    /// A member leaves.
    Leave(String),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WhatIfError {
    #[error("{id:?} is not a prospect of the tender (prospects: {known})")]
    UnknownProspect { id: String, known: String },
    #[error("{id:?} is not a member of the groupement (members: {known})")]
    UnknownMember { id: String, known: String },
    #[error("{id:?} is the only member: the groupement cannot lose it")]
    LastMember { id: String },
}

/// The split if a prospect joined or a member left, lot by lot: the awarded bidder keeps
/// the lot, and its band tariff prices the new groupement (a lot without one is not
/// simulated). The tender returned is the changed one (its members are the new ones).
pub fn what_if(
    tender: &Tender,
    analysis: &Analysis,
    change: &Change,
    method: Option<SplitMethod>,
    only_lot: Option<&str>,
) -> Result<(Tender, SplitResult), WhatIfError> {
    let changed = changed_groupement(tender, change)?;
    let rules = &tender.split;
    let mut lots = Vec::new();
    let mut unsplit = Vec::new();
    for lot in changed
        .lots
        .iter()
        .filter(|l| only_lot.is_none_or(|only| only == l.id))
    {
        let method = method.unwrap_or_else(|| rules.method_for(&lot.id));
        match split_lot(&changed, analysis, lot, method, rules, true) {
            Ok(s) => lots.push(s),
            Err(reason) => unsplit.push(Unsplit {
                lot: lot.id.clone(),
                title: lot.title.clone(),
                reason,
            }),
        }
    }
    let members = member_totals(&changed, &lots);
    Ok((
        changed,
        SplitResult {
            lots,
            unsplit,
            members,
        },
    ))
}

/// The groupement after `change`: the prospect among the members, or the member (and its
/// own scope) gone; the groupement's scope holds the new members.
pub fn changed_groupement(tender: &Tender, change: &Change) -> Result<Tender, WhatIfError> {
    let mut changed = tender.clone();
    let known = |list: &[crate::tender::Member]| {
        list.iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match change {
        Change::Join(id) => {
            let p = tender
                .prospects
                .iter()
                .find(|p| &p.id == id)
                .ok_or_else(|| WhatIfError::UnknownProspect {
                    id: id.clone(),
                    known: known(&tender.prospects),
                })?;
            changed.members.push(p.clone());
            changed.prospects.retain(|p| &p.id != id);
        }
        Change::Leave(id) => {
            if tender.member(id).is_none() {
                return Err(WhatIfError::UnknownMember {
                    id: id.clone(),
                    known: known(&tender.members),
                });
            }
            if tender.members.len() == 1 {
                return Err(WhatIfError::LastMember { id: id.clone() });
            }
            changed.members.retain(|m| &m.id != id);
            // Its own scope no longer matters; groups holding it are not its price.
            changed
                .scopes
                .retain(|s| !(s.kind == ScopeKind::Member && &s.id == id));
        }
    }
    for s in &mut changed.scopes {
        if s.kind == ScopeKind::Groupement {
            s.members = changed.members.iter().map(|m| m.id.clone()).collect();
        }
    }
    Ok(changed)
}

fn split_lot(
    tender: &Tender,
    analysis: &Analysis,
    lot: &Lot,
    method: SplitMethod,
    rules: &SplitRules,
    simulated: bool,
) -> Result<LotSplit, UnsplitReason> {
    if !tender
        .scopes
        .iter()
        .any(|s| s.kind == ScopeKind::Groupement)
    {
        return Err(UnsplitReason::NoGroupementScope);
    }
    let won = winner(analysis, &lot.id, GROUPEMENT).ok_or(UnsplitReason::NoWinner)?;
    let (tariff, unusable) = match band_tariff(analysis, lot, &won.bidder) {
        Ok(t) => (t, None),
        Err(problems) => (None, Some(problems)),
    };
    // A lot that needed the awarded bidder's band tariff says why it could not use it.
    let needed_tariff = |reason: UnsplitReason| match (&reason, &unusable, &lot.bands) {
        (
            UnsplitReason::NoCoalitionCost { .. }
            | UnsplitReason::NoGroupWithout { .. }
            | UnsplitReason::NoBandTariff,
            Some(problems),
            Some(bands),
        ) => UnsplitReason::UnusableBandTariff {
            method,
            what_if: simulated,
            bidder: won.bidder.clone(),
            bands: bands.clone(),
            problems: problems.clone(),
        },
        _ => reason,
    };
    split_lot_with(
        tender,
        analysis,
        lot,
        method,
        rules,
        simulated,
        won,
        tariff.as_ref(),
    )
    .map_err(needed_tariff)
}

/// [`split_lot`] once the awarded offer and its band tariff (if usable) are known.
#[allow(clippy::too_many_arguments)]
fn split_lot_with(
    tender: &Tender,
    analysis: &Analysis,
    lot: &Lot,
    method: SplitMethod,
    rules: &SplitRules,
    simulated: bool,
    won: &RankedOffer,
    tariff: Option<&BandPrices>,
) -> Result<LotSplit, UnsplitReason> {
    let (total, total_rounded_from) = lot_total(tender, won, tariff, simulated)?;
    let terms = tender.contract_terms(lot);
    let input = LotInput {
        tender,
        lot,
        model: won.cost.model,
        rules,
        total,
        standalone: standalone_costs(tender, analysis, lot, won, tariff, &terms)?,
    };
    let coalitions = coalitions_for(tender, analysis, lot, tariff, simulated, method)?;
    let exact = exact_shares(&input, method, coalitions.as_ref())?;
    let fee_total = total * rules.fee;
    let fee_exact: Vec<Mark> = match rules.fee_key {
        Some(key) => input.by_key(key, fee_total)?,
        // In proportion to the shares of the cost.
        None => keys::proportional(&exact.values, fee_total),
    };
    let columns = Columns::round(
        tender,
        [&exact.values, &fee_exact],
        [total, fee_total],
        [terms.revision_factor(), terms.vat_factor()],
    )?;
    let shares = tender
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| columns.share(i, m, &exact.values[i], input.standalone[i].clone()))
        .collect();
    let core = coalitions
        .as_ref()
        .and_then(|c| core::core_report(tender, c, &columns.share_ht));
    Ok(LotSplit {
        shapley: exact.shapley,
        core,
        rescaled: exact.rescaled,
        uneven_cents: columns.uneven,
        total_rounded_from,
        lot: lot.id.clone(),
        title: lot.title.clone(),
        method,
        bidder: won.bidder.clone(),
        bidder_name: won.bidder_name.clone(),
        model: won.cost.model,
        total_ht: total,
        fee_ht: fee_total,
        standalone_ht: input
            .standalone
            .iter()
            .map(|s| s.as_ref().map(|s| s.amount_ht))
            .sum(),
        shares,
        grid: false,
    })
}

/// The lot's yearly cost for the groupement: the awarded price, or in a what-if the
/// awarded bidder's band price for the new groupement's size. With it, the exact cost
/// when the split shares it rounded to the cent (see [`shared_cost`]).
fn lot_total(
    tender: &Tender,
    won: &RankedOffer,
    tariff: Option<&BandPrices>,
    simulated: bool,
) -> Result<(Decimal, Option<Mark>), UnsplitReason> {
    if !simulated {
        let (total, rounded) =
            shared_cost(&won.cost.annual_ht).ok_or(UnsplitReason::AmountTooLarge)?;
        return Ok((total, rounded.then(|| won.cost.annual_ht.clone())));
    }
    let (population, registered) = tender.members.iter().fold((0u64, 0u64), |(p, r), m| {
        (
            p.saturating_add(m.population),
            r.saturating_add(m.registered_users),
        )
    });
    tariff
        .and_then(|t| t.price_for_size(population, registered))
        .map(|p| (p.value, None))
        .ok_or(UnsplitReason::NoBandTariff)
}

/// What every step of a lot's split reads.
struct LotInput<'a> {
    tender: &'a Tender,
    lot: &'a Lot,
    /// The model whose measure the `usage` method shares by.
    model: PricingModel,
    rules: &'a SplitRules,
    /// The lot's yearly cost HT for the groupement, fee left out.
    total: Decimal,
    standalone: Vec<Option<Standalone>>,
}

impl LotInput<'_> {
    /// `amount` shared by a key method (not SCRB or Shapley).
    fn by_key(&self, method: SplitMethod, amount: Decimal) -> Result<Vec<Mark>, UnsplitReason> {
        keys::shares(
            self.tender,
            self.lot,
            self.model,
            method,
            self.rules,
            amount,
            &self.standalone,
        )
    }
}

/// The exact shares of a lot's cost, and how they were obtained.
struct Exact {
    values: Vec<Mark>,
    /// SCRB and Shapley: brought from the groups' costs to the awarded price.
    rescaled: Option<Rescaled>,
    shapley: Option<ShapleyNote>,
}

/// Each member alone: its own scope's winner, when the tender asks members' prices;
/// otherwise the awarded bidder's band price for its size.
fn standalone_costs(
    tender: &Tender,
    analysis: &Analysis,
    lot: &Lot,
    won: &RankedOffer,
    tariff: Option<&BandPrices>,
    terms: &crate::pricing::ContractTerms,
) -> Result<Vec<Option<Standalone>>, UnsplitReason> {
    tender
        .members
        .iter()
        .map(|m| {
            let own = tender
                .scope(&m.id)
                .filter(|s| s.kind == ScopeKind::Member)
                .and_then(|s| winner(analysis, &lot.id, &s.id));
            let (amount, from, source) = match own {
                Some(o) => {
                    let (amount, _) =
                        shared_cost(&o.cost.annual_ht).ok_or(UnsplitReason::AmountTooLarge)?;
                    (amount, o, StandaloneSource::OwnScope)
                }
                None => {
                    match tariff.and_then(|t| t.price_for_size(m.population, m.registered_users)) {
                        Some(p) => (p.value, won, StandaloneSource::BandTariff),
                        None => return Ok(None),
                    }
                }
            };
            Standalone::new(amount, terms, from.bidder.clone(), source)
                .map(|s| {
                    Some(Standalone {
                        bidder_name: from.bidder_name.clone(),
                        ..s
                    })
                })
                .ok_or(UnsplitReason::AmountTooLarge)
        })
        .collect()
}

/// The cost of groups of members: the awarded bidder's band tariff, or (not in a
/// what-if, where the groups are not those quoted) the quoted scopes.
fn coalitions_for(
    tender: &Tender,
    analysis: &Analysis,
    lot: &Lot,
    tariff: Option<&BandPrices>,
    simulated: bool,
    method: SplitMethod,
) -> Result<Option<Coalitions>, UnsplitReason> {
    Ok(match tariff {
        Some(t) => Some(band_coalitions(tender, t, method)?),
        None if !simulated => Some(Coalitions::Quoted(coalitions::quoted(
            tender, analysis, lot,
        ))),
        None => None,
    })
}

/// The cost of every group of members by a bidder's band tariff.
pub fn band_coalitions(
    tender: &Tender,
    t: &BandPrices,
    method: SplitMethod,
) -> Result<Coalitions, UnsplitReason> {
    Ok(Coalitions::Bands {
        sizes: coalitions::band_sizes(tender, t.measure),
        tariff: BandTariff::new(t.limits.clone(), t.prices.iter().map(|p| p.value).collect())
            .map_err(|error| UnsplitReason::Game { method, error })?,
    })
}

/// The exact shares of the lot's cost by the method.
fn exact_shares(
    input: &LotInput,
    method: SplitMethod,
    coalitions: Option<&Coalitions>,
) -> Result<Exact, UnsplitReason> {
    let groups = || {
        coalitions.ok_or(UnsplitReason::NoCoalitionCost {
            method,
            missing: Vec::new(),
        })
    };
    let (tender, total) = (input.tender, input.total);
    match method {
        SplitMethod::Scrb => {
            let (values, rescaled) = coalitions::scrb(tender, groups()?, total, &input.standalone)?;
            Ok(Exact {
                values,
                rescaled,
                shapley: None,
            })
        }
        SplitMethod::Shapley => {
            let (values, rescaled, detail) = coalitions::shapley(tender, groups()?, total)?;
            let note = ShapleyNote {
                method: detail.method,
                max_standard_error: detail.max_standard_error(),
                target_reached: detail.target_reached,
                standard_errors: detail.standard_errors.clone(),
            };
            Ok(Exact {
                values,
                rescaled,
                shapley: Some(note),
            })
        }
        _ => Ok(Exact {
            values: input.by_key(method, total)?,
            rescaled: None,
            shapley: None,
        }),
    }
}

/// A lot's shares rounded to the cent, column by column, each column adding up to the
/// lot's figure.
struct Columns {
    share_ht: Vec<Decimal>,
    pays_ht: Vec<Decimal>,
    pays_ttc: Vec<Decimal>,
    contract_ht: Vec<Decimal>,
    contract_ttc: Vec<Decimal>,
    uneven: Vec<UnevenColumn>,
}

impl Columns {
    /// `exact` = [the cost's shares, the fee's shares], `totals` their totals,
    /// `multipliers` = [the contract's revision factor, 1 + VAT].
    /// `Err` when a column's total reaches 10^26 € (see [`cents`]).
    fn round(
        tender: &Tender,
        exact: [&[Mark]; 2],
        totals: [Decimal; 2],
        multipliers: [Mark; 2],
    ) -> Result<Columns, UnsplitReason> {
        let [cost, fee] = exact;
        let pays_exact: Vec<Mark> = cost.iter().zip(fee).map(|(a, b)| a.add(b)).collect();
        let pays_total = Mark::from_decimal(totals[0]).add(&Mark::from_decimal(totals[1]));
        let [factor, vat] = multipliers;
        // The largest column's total bounds every column: each fits in cents.
        if cents(&pays_total.mul(&factor).mul(&vat)).is_none() {
            return Err(UnsplitReason::AmountTooLarge);
        }
        let mut uneven = Vec::new();
        let mut column = |column: Column, k: Option<&Mark>| -> Vec<Decimal> {
            let rounded = match k {
                None if column == Column::CostShareHt => {
                    rounding::round_to_cents(cost, Mark::from_decimal(totals[0]))
                }
                None => rounding::round_to_cents(&pays_exact, pays_total.clone()),
                Some(k) => {
                    let scaled: Vec<Mark> = pays_exact.iter().map(|m| m.mul(k)).collect();
                    rounding::round_to_cents(&scaled, pays_total.mul(k))
                }
            };
            let id = |i: &usize| tender.members[*i].id.clone();
            uneven.extend(rounded.uneven.iter().map(|u| UnevenColumn {
                column,
                with_cent: u.with_cent.iter().map(id).collect(),
                without: u.without.iter().map(id).collect(),
            }));
            rounded.cents
        };
        let share_ht = column(Column::CostShareHt, None);
        let pays_ht = column(Column::ShareHt, None);
        let pays_ttc = column(Column::ShareTtc, Some(&vat));
        let contract_ht = column(Column::ContractHt, Some(&factor));
        let contract_ttc = column(Column::ContractTtc, Some(&factor.mul(&vat)));
        Ok(Columns {
            share_ht,
            pays_ht,
            pays_ttc,
            contract_ht,
            contract_ttc,
            uneven,
        })
    }

    fn share(
        &self,
        i: usize,
        m: &crate::tender::Member,
        exact: &Mark,
        standalone: Option<Standalone>,
    ) -> MemberShare {
        MemberShare {
            member: m.id.clone(),
            exact: exact.clone(),
            share_ht: self.share_ht[i],
            // The fee's cents are what is left, so that share + fee = pays, member by
            // member.
            fee_ht: self.pays_ht[i] - self.share_ht[i],
            pays_ht: self.pays_ht[i],
            pays_ttc: self.pays_ttc[i],
            contract_ht: self.contract_ht[i],
            contract_ttc: self.contract_ttc[i],
            standalone,
        }
    }
}

/// What each member pays (fee included) for every euro of the lot's yearly cost, by a key
/// method whose figures do not depend on the cost: a member's share of any cost is that
/// cost times its part. The Monte Carlo shares each drawn cost with it, through the same
/// methods as [`split`]. `Err` for the methods that need more than the cost (standalone
/// costs, the groups' costs), as [`keys::shares`] says, or for a key the tender lacks.
/// Shapley is given the groups' costs (`game`, fixed: a band tariff) and the cost `at`
/// which its sampled estimate, if any, is brought to within 1 € (the largest cost it
/// will share: for a smaller one the error is smaller still).
pub fn parts_per_euro(
    tender: &Tender,
    lot: &Lot,
    model: PricingModel,
    method: SplitMethod,
    rules: &SplitRules,
    game: Option<(&Coalitions, Decimal)>,
) -> Result<Vec<Mark>, UnsplitReason> {
    let needs_standalone = |m: SplitMethod| {
        matches!(
            m,
            SplitMethod::StandaloneProportional | SplitMethod::EqualSavings
        )
    };
    if let Some(m) = [Some(method), rules.fee_key]
        .into_iter()
        .flatten()
        .find(|m| needs_standalone(*m))
    {
        return Err(UnsplitReason::NoStandalone {
            method: m,
            members: tender.members.iter().map(|m| m.id.clone()).collect(),
        });
    }
    let cost = match (method, game) {
        // The Shapley value of fixed groups' costs, brought to a cost `at` (see
        // [`coalitions::shapley`]), is proportional to `at`: each part is share ÷ `at`.
        (SplitMethod::Shapley, Some((groups, at))) => {
            let (values, _, _) = coalitions::shapley(tender, groups, at)?;
            let at = Mark::from_decimal(at);
            values
                .iter()
                .map(|v| v.div(&at))
                .collect::<Option<Vec<Mark>>>()
                .ok_or(UnsplitReason::ZeroKey { method })?
        }
        _ => keys::shares(tender, lot, model, method, rules, Decimal::ONE, &[])?,
    };
    let fee: Vec<Mark> = match rules.fee_key {
        Some(key) => keys::shares(tender, lot, model, key, rules, rules.fee, &[])?,
        // In proportion to the shares of the cost, which add up to 1.
        None => keys::proportional(&cost, rules.fee),
    };
    Ok(cost.iter().zip(&fee).map(|(c, f)| c.add(f)).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use proptest::prelude::*;

    use super::*;
    use crate::tender::{Member, Scope, Usage};

    /// A tender of `sizes.len()` members (population, registered users) and one lot.
    fn tender(sizes: &[(u64, u64)], rules: SplitRules) -> Tender {
        let members: Vec<Member> = sizes
            .iter()
            .enumerate()
            .map(|(i, (p, r))| Member {
                id: format!("m{i}"),
                name: format!("M{i}"),
                population: *p,
                registered_users: *r,
            })
            .collect();
        let usage = members
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    Usage {
                        active_accounts: m.registered_users / 10,
                        simultaneous_accesses: m.registered_users / 1000,
                        consultations: m.registered_users,
                    },
                )
            })
            .collect();
        Tender {
            name: "t".into(),
            reference: "t".into(),
            duration_years: 3,
            yearly_revision: Decimal::new(2, 2),
            offers_dir: PathBuf::new(),
            scopes: vec![Scope {
                id: GROUPEMENT.into(),
                name: "G".into(),
                members: members.iter().map(|m| m.id.clone()).collect(),
                kind: ScopeKind::Groupement,
            }],
            members,
            coordinator: None,
            publication: None,
            prospects: Vec::new(),
            lots: vec![Lot {
                id: "1".into(),
                title: "L".into(),
                vat_rate: Decimal::new(2, 1),
                ceilings: BTreeMap::new(),
                usage,
                counted: Vec::new(),
                bands: None,
                schedule: None,
            }],
            award: crate::tender::load::parse(
                "[tender]\nname='x'\nreference='x'\nduration_years=1\n[[member]]\nid='a'\nname='a'\npopulation=1\nregistered_users=1\n[[lot]]\nid='1'\ntitle='x'\nvat_rate='0'\nusage_rates={active_accounts='0',simultaneous_accesses='0',consultations='0'}\n",
                std::path::Path::new("x.toml"),
            )
            .map(|t| t.award)
            .unwrap_or_else(|e| panic!("{e}")),
            split: rules,
            uncertainty: Default::default(),
            file: PathBuf::new(),
        }
    }

    fn sum(v: &[Mark]) -> Mark {
        v.iter().fold(Mark::zero(), |s, m| s.add(m))
    }

    proptest! {
        /// Every method: the exact shares add up to the total, and the cents, rounded by
        /// largest remainder, add up to the total to the cent.
        #[test]
        fn every_method_shares_exactly_the_total(
            sizes in proptest::collection::vec((1u64..60_000, 1u64..9_000), 1..12),
            total_cents in 1i64..50_000_000,
            alone_cents in proptest::collection::vec(1i64..60_000_000, 12),
            prices in proptest::collection::vec(1i64..3_000_000, 4),
        ) {
            let total = Decimal::new(total_cents, 2);
            let weights = sizes
                .iter()
                .enumerate()
                .map(|(i, (_, r))| (format!("m{i}"), Decimal::from(*r % 7 + 1)))
                .collect();
            let rules = SplitRules {
                weights,
                fixed_share: Decimal::new(25, 2),
                variable_key: SplitMethod::RegisteredUsers,
                ..SplitRules::default()
            };
            let t = tender(&sizes, rules.clone());
            let standalone: Vec<Option<Standalone>> = (0..sizes.len())
                .map(|i| {
                    Standalone::new(
                        Decimal::new(alone_cents[i], 2),
                        &t.contract_terms(&t.lots[0]),
                        "b".into(),
                        StandaloneSource::OwnScope,
                    )
                })
                .collect();
            let mut sorted = prices.clone();
            sorted.sort();
            let tariff = BandTariff {
                limits: vec![0, 5_000, 20_000, 100_000],
                prices: sorted.iter().map(|c| Decimal::new(*c, 2)).collect(),
            };
            let bands = Coalitions::Bands {
                sizes: sizes.iter().map(|(p, _)| *p).collect(),
                tariff,
            };
            for method in SplitMethod::ALL {
                let exact = match method {
                    SplitMethod::Scrb => coalitions::scrb(&t, &bands, total, &standalone).map(|r| r.0),
                    SplitMethod::Shapley => coalitions::shapley(&t, &bands, total).map(|r| r.0),
                    _ => keys::shares(
                        &t,
                        &t.lots[0],
                        PricingModel::Consultations,
                        method,
                        &rules,
                        total,
                        &standalone,
                    ),
                };
                let exact = exact.unwrap_or_else(|e| panic!("{method:?}: {e:?}"));
                prop_assert_eq!(exact.len(), sizes.len());
                prop_assert_eq!(sum(&exact), Mark::from_decimal(total), "{:?}", method);
                let cents = rounding::to_cents(&exact, total);
                prop_assert_eq!(cents.iter().copied().sum::<Decimal>(), total, "{:?}", method);
            }
        }
    }
}

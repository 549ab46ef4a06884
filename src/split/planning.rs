//! Split planning without offers (`split --tariff grid.csv`): the groupement and every
//! group of members priced from a grid the buyer writes ([`grid`](super::grid)), then
//! shared by the same methods, rounding, flags and core check as an awarded lot; and every
//! method side by side (`--compare`), with what each does to this groupement.
//!
//! Nothing here knows a bidder: a band grid prices every group (its summed population or
//! registered users falls in one band), a grid per group prices the groups it lists. A
//! method that needs a group the grid does not price says which, as an awarded lot would.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::coalitions::{self, Coalitions};
use super::grid::{Grid, GridPrices};
use super::{
    Change, Columns, LotInput, LotSplit, MemberShare, SplitResult, Standalone, StandaloneSource,
    Unsplit, UnsplitReason, WhatIf, WhatIfError, core, exact_shares, keys, member_totals,
};
use crate::award::Mark;
use crate::pricing::PricingModel;
use crate::tender::{BandMeasure, Lot, SplitMethod, Tender};

use super::game::BandTariff;

/// Splits every lot the grid prices (or only `only_lot`) by the tender's rules (or by
/// `method` for every lot). Lots the grid does not price are left out.
pub fn split_with_grid(
    tender: &Tender,
    grid: &Grid,
    method: Option<SplitMethod>,
    only_lot: Option<&str>,
) -> SplitResult {
    let mut lots = Vec::new();
    let mut unsplit = Vec::new();
    for (lot, prices) in priced_lots(tender, grid, only_lot) {
        let method = method.unwrap_or_else(|| tender.split.method_for(&lot.id));
        match grid_lot(tender, lot, prices, method, grid) {
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

/// The lots of the tender the grid prices, in the tender's order, with their prices.
pub fn priced_lots<'a>(
    tender: &'a Tender,
    grid: &'a Grid,
    only_lot: Option<&'a str>,
) -> impl Iterator<Item = (&'a Lot, &'a GridPrices)> + 'a {
    tender
        .lots
        .iter()
        .filter(move |l| only_lot.is_none_or(|only| only == l.id))
        .filter_map(|l| grid.for_lot(&l.id).map(|p| (l, p)))
}

/// Today's split on the grid and the split after `change`, side by side: the grid prices
/// the new groupement as it prices today's.
pub fn what_if_with_grid(
    tender: &Tender,
    grid: &Grid,
    change: &Change,
    method: Option<SplitMethod>,
    only_lot: Option<&str>,
) -> Result<WhatIf, WhatIfError> {
    let changed = super::changed_groupement(tender, change)?;
    let before = split_with_grid(tender, grid, method, only_lot);
    let after = split_with_grid(&changed, grid, method, only_lot);
    Ok(super::compare::side_by_side(
        tender, change, changed, before, after,
    ))
}

/// What the grid gives a lot: the groups' costs, the whole groupement's price, each
/// member's price alone (`None`: not priced), and the model whose measure `usage` shares
/// by (`None` for a grid per group, which has no measure).
struct Priced {
    coalitions: Coalitions,
    total: Decimal,
    alone: Vec<Option<Decimal>>,
    model: Option<PricingModel>,
}

fn priced(tender: &Tender, prices: &GridPrices, method: SplitMethod) -> Result<Priced, UnsplitReason> {
    match prices {
        GridPrices::Bands {
            measure,
            limits,
            prices,
        } => {
            let tariff = BandTariff::new(limits.clone(), prices.clone())
                .map_err(|error| UnsplitReason::Game { method, error })?;
            let sizes = coalitions::band_sizes(tender, *measure);
            let sum: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
            let total = tariff.cost_of_sum(sum);
            // An empty perimeter (a member of population 0) has no band.
            let alone = sizes.iter().map(|&s| (s > 0).then(|| tariff.cost(s))).collect();
            let model = match measure {
                BandMeasure::Population => PricingModel::Population,
                BandMeasure::RegisteredUsers => PricingModel::RegisteredUsers,
            };
            Ok(Priced {
                coalitions: Coalitions::Bands { sizes, tariff },
                total,
                alone,
                model: Some(model),
            })
        }
        GridPrices::Groups(groups) => {
            let index: BTreeMap<&str, usize> = tender
                .members
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), i))
                .collect();
            let n = tender.members.len();
            let costs: BTreeMap<u64, Decimal> = groups
                .iter()
                .filter_map(|g| {
                    // A group naming a prospect (or a member gone) is not a group of
                    // this groupement.
                    let mask = g.members.iter().try_fold(0u64, |mask, id| {
                        let i = *index.get(id.as_str())?;
                        Some(mask | 1u64.checked_shl(u32::try_from(i).ok()?)?)
                    })?;
                    Some((mask, g.price_ht))
                })
                .collect();
            let all = if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
            let whole = || tender.members.iter().map(|m| m.id.clone()).collect();
            let total = *costs.get(&all).ok_or_else(|| UnsplitReason::NotInGrid {
                method,
                groups: vec![whole()],
            })?;
            let alone = (0..n)
                .map(|i| (i < 64).then(|| costs.get(&(1u64 << i)).copied()).flatten())
                .collect();
            Ok(Priced {
                coalitions: Coalitions::Quoted(costs),
                total,
                alone,
                model: None,
            })
        }
    }
}

/// One lot split on the grid's prices.
fn grid_lot(
    tender: &Tender,
    lot: &Lot,
    prices: &GridPrices,
    method: SplitMethod,
    grid: &Grid,
) -> Result<LotSplit, UnsplitReason> {
    let p = priced(tender, prices, method)?;
    let name = grid_name(grid);
    let terms = tender.contract_terms(lot);
    let standalone = p
        .alone
        .iter()
        .map(|a| {
            a.map(|amount| {
                Standalone::new(amount, &terms, name.clone(), StandaloneSource::Grid)
                    .ok_or(UnsplitReason::AmountTooLarge)
            })
            .transpose()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let model = match (p.model, method) {
        (None, SplitMethod::Usage) => return Err(UnsplitReason::UsageWithoutMeasure { method }),
        (None, _) if tender.split.fee_key == Some(SplitMethod::Usage) => {
            return Err(UnsplitReason::UsageWithoutMeasure {
                method: SplitMethod::Usage,
            });
        }
        // A grid per group has no measure; every method but `usage` shares by figures
        // of the tender, which the model does not change.
        (m, _) => m.unwrap_or(PricingModel::Population),
    };
    let input = LotInput {
        tender,
        lot,
        model,
        rules: &tender.split,
        total: p.total,
        standalone,
    };
    let exact = exact_shares(&input, method, Some(&p.coalitions))
        .map_err(|r| not_in_grid(tender, r))?;
    let fee_total = p.total * tender.split.fee;
    let fee_exact: Vec<Mark> = match tender.split.fee_key {
        Some(key) => input.by_key(key, fee_total)?,
        None => keys::proportional(&exact.values, fee_total),
    };
    let columns = Columns::round(
        tender,
        [&exact.values, &fee_exact],
        [p.total, fee_total],
        [terms.revision_factor(), terms.vat_factor()],
    )?;
    let shares: Vec<MemberShare> = tender
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| columns.share(i, m, &exact.values[i], input.standalone[i].clone()))
        .collect();
    let core = core::core_report(tender, &p.coalitions, &columns.share_ht);
    Ok(LotSplit {
        shapley: exact.shapley,
        core,
        rescaled: exact.rescaled,
        uneven_cents: columns.uneven,
        total_rounded_from: None,
        lot: lot.id.clone(),
        title: lot.title.clone(),
        method,
        bidder: name,
        bidder_name: None,
        model,
        total_ht: p.total,
        fee_ht: fee_total,
        standalone_ht: input
            .standalone
            .iter()
            .map(|s| s.as_ref().map(|s| s.amount_ht))
            .sum(),
        shares,
        grid: true,
    })
}

/// The grid's file name, which stands where an awarded lot names its bidder.
fn grid_name(grid: &Grid) -> String {
    grid.file
        .file_name()
        .map_or_else(|| grid.file.display().to_string(), |f| f.to_string_lossy().into_owned())
}

/// A group the method needs and the grid does not price, said as such (the reasons of an
/// awarded lot speak of offers).
fn not_in_grid(tender: &Tender, r: UnsplitReason) -> UnsplitReason {
    match r {
        UnsplitReason::NoCoalitionCost { method, missing } => UnsplitReason::NotInGrid {
            method,
            groups: missing,
        },
        UnsplitReason::NoGroupWithout { method, members } => UnsplitReason::NotInGrid {
            method,
            groups: members
                .iter()
                .map(|left| {
                    tender
                        .members
                        .iter()
                        .filter(|m| &m.id != left)
                        .map(|m| m.id.clone())
                        .collect()
                })
                .collect(),
        },
        other => other,
    }
}

/// Every method on one lot: its split, or why it cannot split the lot.
#[derive(Clone, Debug)]
pub struct LotComparison {
    pub lot: String,
    pub title: String,
    pub methods: Vec<(SplitMethod, Result<LotSplit, UnsplitReason>)>,
}

/// Every method, lot by lot, from one split per method (`split_by` gives the split of
/// every lot shown by one method: on a grid, or on the offers).
pub fn compare(
    tender: &Tender,
    split_by: impl Fn(SplitMethod) -> SplitResult,
) -> Vec<LotComparison> {
    let results: Vec<(SplitMethod, SplitResult)> = SplitMethod::ALL
        .into_iter()
        .map(|m| (m, split_by(m)))
        .collect();
    tender
        .lots
        .iter()
        .filter_map(|lot| {
            let methods: Vec<_> = results
                .iter()
                .filter_map(|(m, r)| {
                    let split = r.lots.iter().find(|l| l.lot == lot.id).cloned().map(Ok);
                    let not = || {
                        r.unsplit
                            .iter()
                            .find(|u| u.lot == lot.id)
                            .map(|u| Err(u.reason.clone()))
                    };
                    split.or_else(not).map(|x| (*m, x))
                })
                .collect();
            (!methods.is_empty()).then(|| LotComparison {
                lot: lot.id.clone(),
                title: lot.title.clone(),
                methods,
            })
        })
        .collect()
}

/// What one method does to this groupement on one lot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Properties {
    /// Members whose share is below 0.
    pub negative: Vec<String>,
    /// Members who pay more than their own price alone.
    pub above_standalone: Vec<String>,
    /// The group of members that would pay the least alone compared to its shares, with
    /// what it pays and what it would pay alone; `None` when no group would.
    pub outside_core: Option<super::CoreBreach>,
    /// Every group was compared (`false`: only the smallest and largest could be).
    pub core_complete: Option<bool>,
}

impl Properties {
    pub fn of(l: &LotSplit) -> Properties {
        let ids = |f: &dyn Fn(&MemberShare) -> bool| {
            l.shares
                .iter()
                .filter(|s| f(s))
                .map(|s| s.member.clone())
                .collect()
        };
        Properties {
            negative: ids(&|s| s.is_negative()),
            above_standalone: ids(&|s| s.above_standalone()),
            outside_core: l.core.as_ref().and_then(|c| c.worst.clone()),
            core_complete: l.core.as_ref().map(|c| c.complete),
        }
    }
}


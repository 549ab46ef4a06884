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
use super::grid::{Grid, GridPrices, GroupPrice};
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

fn priced(
    tender: &Tender,
    prices: &GridPrices,
    method: SplitMethod,
) -> Result<Priced, UnsplitReason> {
    match prices {
        GridPrices::Bands {
            measure,
            limits,
            prices,
        } => {
            let tariff = BandTariff::new(limits.clone(), prices.clone())
                .map_err(|error| UnsplitReason::Game { method, error })?;
            Ok(priced_by_bands(tender, *measure, tariff))
        }
        GridPrices::Groups(groups) => priced_by_groups(tender, groups, method),
    }
}

/// Every group at its band's price.
fn priced_by_bands(tender: &Tender, measure: BandMeasure, tariff: BandTariff) -> Priced {
    let sizes = coalitions::band_sizes(tender, measure);
    let sum: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let total = tariff.cost_of_sum(sum);
    // An empty perimeter (a member of population 0) has no band.
    let alone = sizes
        .iter()
        .map(|&s| (s > 0).then(|| tariff.cost(s)))
        .collect();
    let model = match measure {
        BandMeasure::Population => PricingModel::Population,
        BandMeasure::RegisteredUsers => PricingModel::RegisteredUsers,
    };
    Priced {
        coalitions: Coalitions::Bands { sizes, tariff },
        total,
        alone,
        model: Some(model),
    }
}

/// The groups of this groupement the grid lists, each at its price.
fn priced_by_groups(
    tender: &Tender,
    groups: &[GroupPrice],
    method: SplitMethod,
) -> Result<Priced, UnsplitReason> {
    let index: BTreeMap<&str, usize> = tender
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    let n = tender.members.len();
    if n > 64 {
        let error = super::game::GameError::TooManyPlayers { n, max: 64 };
        return Err(UnsplitReason::Game { method, error });
    }
    let costs: BTreeMap<u64, Decimal> = groups
        .iter()
        .filter_map(|g| {
            // A group naming a prospect (or a member gone) is not a group of this
            // groupement.
            let mask = g.members.iter().try_fold(0u64, |mask, id| {
                let i = *index.get(id.as_str())?;
                Some(mask | 1u64.checked_shl(u32::try_from(i).ok()?)?)
            })?;
            Some((mask, g.price_ht))
        })
        .collect();
    // n ≤ 64: a shift of 64 (no member) gives the empty group.
    let all = u64::MAX.checked_shr(64 - n as u32).unwrap_or(0);
    let whole = || tender.members.iter().map(|m| m.id.clone()).collect();
    let total = *costs.get(&all).ok_or_else(|| UnsplitReason::NotInGrid {
        method,
        groups: vec![whole()],
    })?;
    let alone = (0..n).map(|i| costs.get(&(1u64 << i)).copied()).collect();
    Ok(Priced {
        coalitions: Coalitions::Quoted(costs),
        total,
        alone,
        model: None,
    })
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
    let standalone = standalone_costs(&p.alone, &terms, &name)?;
    let model = usage_model(tender, p.model, method)?;
    let input = LotInput {
        tender,
        lot,
        model,
        rules: &tender.split,
        total: p.total,
        standalone,
    };
    let exact =
        exact_shares(&input, method, Some(&p.coalitions)).map_err(|r| not_in_grid(tender, r))?;
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

/// Each member's price alone in the grid, with its TTC and contract figures.
fn standalone_costs(
    alone: &[Option<Decimal>],
    terms: &crate::pricing::ContractTerms,
    name: &str,
) -> Result<Vec<Option<Standalone>>, UnsplitReason> {
    alone
        .iter()
        .map(|a| {
            a.map(|amount| {
                Standalone::new(amount, terms, name.to_owned(), StandaloneSource::Grid)
                    .ok_or(UnsplitReason::AmountTooLarge)
            })
            .transpose()
        })
        .collect()
}

/// The model whose measure `usage` shares by. A grid per group has none: `usage` (as
/// the method or the fee's key) cannot serve, and every other method shares by figures
/// of the tender that the model does not change.
fn usage_model(
    tender: &Tender,
    model: Option<PricingModel>,
    method: SplitMethod,
) -> Result<PricingModel, UnsplitReason> {
    match model {
        Some(m) => Ok(m),
        None if method == SplitMethod::Usage => Err(UnsplitReason::UsageWithoutMeasure { method }),
        None if tender.split.fee_key == Some(SplitMethod::Usage) => {
            Err(UnsplitReason::UsageWithoutMeasure {
                method: SplitMethod::Usage,
            })
        }
        None => Ok(PricingModel::Population),
    }
}

/// The grid's file name, which stands where an awarded lot names its bidder.
fn grid_name(grid: &Grid) -> String {
    grid.file.file_name().map_or_else(
        || grid.file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::split::grid;

    /// Members a (2 000 inhabitants, 900 registered users), b (4 000, 100), c (9 000,
    /// 200); bands up to 5 000: 1 000 €, 10 000: 1 500 €, 20 000: 2 400 €, above: 3 000 €.
    /// Groups: a 1 000, b 1 000, c 1 500, ab (6 000) 1 500, ac (11 000) 2 400, bc
    /// (13 000) 2 400, abc (15 000) 2 400.
    const BANDS: &str = "population_up_to;price_ht\n5000;1000\n10000;1500\n20000;2400\n;3000\n";

    fn grid(text: &str) -> (Tender, Grid) {
        let t = grid::tests::tender();
        let g = grid::parse(text.as_bytes(), Path::new("g.csv"), &t).unwrap();
        (t, g)
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// What each member pays on lot 1 by `method` (yearly HT, to the cent).
    fn pays(t: &Tender, g: &Grid, method: SplitMethod) -> Vec<Decimal> {
        let r = split_with_grid(t, g, Some(method), Some("1"));
        assert!(r.unsplit.is_empty(), "{method:?}: {:?}", r.unsplit);
        r.lots[0].shares.iter().map(|s| s.pays_ht).collect()
    }

    #[test]
    fn every_method_on_a_band_grid_by_hand() {
        let (t, g) = grid(BANDS);
        let r = split_with_grid(&t, &g, Some(SplitMethod::Shapley), None);
        // The grid has no lot column: it prices both lots.
        assert_eq!(r.lots.len(), 2);
        let l = &r.lots[0];
        assert!(l.grid);
        assert_eq!(l.total_ht, d("2400"));
        let alone: Vec<_> = l
            .shares
            .iter()
            .map(|s| s.standalone.clone().map(|a| a.amount_ht))
            .collect();
        assert_eq!(
            alone,
            vec![Some(d("1000")), Some(d("1000")), Some(d("1500"))]
        );
        // Shapley, a: 1/3 × 1 000 + 1/6 × (1 500 − 1 000) + 1/6 × (2 400 − 1 500) + 1/3 × 0
        // = 1 700/3; c: 1/3 × 1 500 + 2 × 1/6 × (2 400 − 1 000) + 1/3 × (2 400 − 1 500)
        // = 3 800/3. Cents: 566.66 + 566.66 + 1 266.66 leaves 2 cents, for the set {a, b}.
        assert_eq!(
            l.shares[0].exact,
            Mark::ratio(d("1700"), Decimal::ONE, d("3")).unwrap()
        );
        assert_eq!(
            l.shares[2].exact,
            Mark::ratio(d("3800"), Decimal::ONE, d("3")).unwrap()
        );
        let cases = [
            // 2 400 × 2 000 / 15 000 …
            (SplitMethod::Population, ["320", "640", "1440"]),
            (SplitMethod::Usage, ["320", "640", "1440"]),
            // 2 400 × 900 / 1 200 …
            (SplitMethod::RegisteredUsers, ["1800", "200", "400"]),
            (SplitMethod::Equal, ["800", "800", "800"]),
            // 480 in equal parts, 1 920 by population.
            (SplitMethod::FixedPlusVariable, ["416", "672", "1312"]),
            // 2 400 × 1 000 / 3 500 = 685.714…; c 1 028.571…, the cent left goes to c
            // (the set {a, b} would need two).
            (
                SplitMethod::StandaloneProportional,
                ["685.71", "685.71", "1028.58"],
            ),
            // Saving 3 500 − 2 400 = 1 100, 366.666… each.
            (SplitMethod::EqualSavings, ["633.33", "633.33", "1133.34"]),
            // Separable: 0, 0, 2 400 − 1 500 = 900; the 1 500 left by 1 000, 1 000, 600.
            (SplitMethod::Scrb, ["576.92", "576.92", "1246.16"]),
            (SplitMethod::Shapley, ["566.67", "566.67", "1266.66"]),
        ];
        for (method, expected) in cases {
            let expected: Vec<Decimal> = expected.iter().map(|s| d(s)).collect();
            assert_eq!(pays(&t, &g, method), expected, "{method:?}");
        }
    }

    #[test]
    fn each_method_s_properties_for_the_groupement() {
        let (t, g) = grid(BANDS);
        let lots = compare(&t, |m| split_with_grid(&t, &g, Some(m), Some("1")));
        assert_eq!(lots.len(), 1);
        let of = |m: SplitMethod| {
            let (_, r) = lots[0].methods.iter().find(|(x, _)| *x == m).unwrap();
            r.as_ref().map(Properties::of)
        };
        // By registered users a pays 1 800, above its 1 000 alone: outside the core.
        let p = of(SplitMethod::RegisteredUsers).unwrap();
        assert_eq!(p.above_standalone, vec!["a".to_owned()]);
        let worst = p.outside_core.unwrap();
        assert_eq!(
            (worst.members, worst.paid, worst.cost),
            (vec!["a".to_owned()], d("1800"), d("1000"))
        );
        // In equal parts a and b pay 1 600 together, and 1 500 as a group of their own.
        let p = of(SplitMethod::Equal).unwrap();
        assert!(p.above_standalone.is_empty() && p.negative.is_empty());
        let worst = p.outside_core.unwrap();
        assert_eq!(worst.members, vec!["a".to_owned(), "b".to_owned()]);
        assert_eq!((worst.paid, worst.cost), (d("1600"), d("1500")));
        assert_eq!(p.core_complete, Some(true));
        let p = of(SplitMethod::Shapley).unwrap();
        assert_eq!(p.outside_core, None);
        // No weights in the tender: the method says so, nothing is made up.
        assert!(matches!(
            of(SplitMethod::Weights),
            Err(UnsplitReason::MissingKey { .. })
        ));
    }

    #[test]
    fn a_price_per_group_is_the_same_game_as_the_bands() {
        let groups =
            "members,price_ht\na,1000\nb,1000\nc,1500\na+b,1500\na+c,2400\nb+c,2400\na+b+c,2400\n";
        let (t, g) = grid(groups);
        for m in [
            SplitMethod::Shapley,
            SplitMethod::Scrb,
            SplitMethod::EqualSavings,
        ] {
            let (tb, gb) = grid(BANDS);
            assert_eq!(pays(&t, &g, m), pays(&tb, &gb, m), "{m:?}");
        }
        let r = split_with_grid(&t, &g, Some(SplitMethod::Usage), Some("1"));
        assert_eq!(
            r.unsplit[0].reason,
            UnsplitReason::UsageWithoutMeasure {
                method: SplitMethod::Usage
            }
        );
    }

    #[test]
    fn a_group_the_grid_does_not_price_is_named() {
        let (t, g) =
            grid("members,price_ht\na,1000\nb,1000\nc,1500\na+b,1500\na+c,2400\na+b+c,2400\n");
        let bc = vec![vec!["b".to_owned(), "c".to_owned()]];
        for m in [SplitMethod::Shapley, SplitMethod::Scrb] {
            let r = split_with_grid(&t, &g, Some(m), Some("1"));
            assert_eq!(
                r.unsplit[0].reason,
                UnsplitReason::NotInGrid {
                    method: m,
                    groups: bc.clone()
                },
                "{m:?}"
            );
        }
        // Without the whole groupement's price, no method can share it.
        let (t, g) = grid("members,price_ht\na,1000\n");
        let r = split_with_grid(&t, &g, Some(SplitMethod::Population), Some("1"));
        let all = vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]];
        assert_eq!(
            r.unsplit[0].reason,
            UnsplitReason::NotInGrid {
                method: SplitMethod::Population,
                groups: all
            }
        );
    }

    #[test]
    fn a_prospect_joins_a_groupement_priced_group_by_group() {
        let (t, g) = grid("members;price_ht\na+b+c;2400\na+b+c+d;3000\n");
        let m = Some(SplitMethod::Population);
        let w = what_if_with_grid(&t, &g, &Change::Join("d".into()), m, Some("1")).unwrap();
        // 3 000 by population over 16 000 inhabitants: 375, 750, 1 687.50, 187.50.
        let after: Vec<Decimal> = w.after.lots[0].shares.iter().map(|s| s.pays_ht).collect();
        assert_eq!(after, vec![d("375"), d("750"), d("1687.50"), d("187.50")]);
        assert_eq!(w.lots[0].total.before_ht, Some(d("2400")));
        // Nobody alone is priced: no standalone figure is made up.
        assert!(
            w.after.lots[0]
                .shares
                .iter()
                .all(|s| s.standalone.is_none())
        );
        // c leaving: the grid has no price for a + b.
        let w = what_if_with_grid(&t, &g, &Change::Leave("c".into()), m, Some("1")).unwrap();
        let ab = vec![vec!["a".to_owned(), "b".to_owned()]];
        assert_eq!(
            w.after.unsplit[0].reason,
            UnsplitReason::NotInGrid {
                method: SplitMethod::Population,
                groups: ab
            }
        );
    }

    proptest::proptest! {
        /// On any band grid, the groupement costs the price of the band its summed
        /// population falls in (found here by reading the limits), and every method's
        /// cents add up to it.
        #[test]
        fn every_method_shares_the_band_price_of_the_whole(
            populations in proptest::collection::vec(1u64..40_000, 1..7),
            steps in proptest::collection::vec((1u64..30_000, 1i64..5_000_000), 1..6),
        ) {
            let mut toml = String::from("[tender]\nname='t'\nreference='t'\nduration_years=1\n");
            for (i, p) in populations.iter().enumerate() {
                toml.push_str(&format!(
                    "[[member]]\nid='m{i}'\nname='M{i}'\npopulation={p}\nregistered_users={}\n",
                    p / 10 + 1
                ));
            }
            toml.push_str("[[lot]]\nid='1'\ntitle='L'\nvat_rate='0.2'\nusage_rates={active_accounts='0.04',simultaneous_accesses='0.001',consultations='1'}\n");
            let t = crate::tender::load::parse(&toml, Path::new("t.toml")).unwrap();
            let mut csv = String::from("population_up_to,price_ht\n");
            let mut limit = 0u64;
            let mut limits = Vec::new();
            for (gap, cents) in &steps {
                limit += gap;
                limits.push(limit);
                csv.push_str(&format!("{limit},{}\n", Decimal::new(*cents, 2)));
            }
            csv.push_str(",12345.67\n");
            let g = grid::parse(csv.as_bytes(), Path::new("g.csv"), &t).unwrap();
            let sum: u64 = populations.iter().sum();
            let band = limits.iter().position(|l| sum <= *l).unwrap_or(limits.len());
            let expected = match steps.get(band) {
                Some((_, cents)) => Decimal::new(*cents, 2),
                None => d("12345.67"),
            };
            for method in SplitMethod::ALL {
                let r = split_with_grid(&t, &g, Some(method), None);
                if method == SplitMethod::Weights {
                    proptest::prop_assert_eq!(r.lots.len(), 0);
                    continue;
                }
                proptest::prop_assert_eq!(r.lots.len(), 1, "{:?}: {:?}", method, r.unsplit);
                let l = &r.lots[0];
                proptest::prop_assert_eq!(l.total_ht, expected);
                let paid: Decimal = l.shares.iter().map(|s| s.pays_ht).sum();
                proptest::prop_assert_eq!(paid, expected, "{:?}", method);
            }
        }
    }

    #[test]
    fn a_prospect_joining_and_a_member_leaving_on_the_grid() {
        let (t, g) = grid(BANDS);
        let m = Some(SplitMethod::Population);
        // d (1 000 inhabitants) joins: 16 000 inhabitants, still 2 400 €.
        let w = what_if_with_grid(&t, &g, &Change::Join("d".into()), m, Some("1")).unwrap();
        let after: Vec<Decimal> = w.after.lots[0].shares.iter().map(|s| s.pays_ht).collect();
        assert_eq!(after, vec![d("300"), d("600"), d("1350"), d("150")]);
        let diff: Vec<Option<Decimal>> = w.lots[0]
            .members
            .iter()
            .map(|x| x.difference_ht())
            .collect();
        assert_eq!(
            diff,
            vec![Some(d("-20")), Some(d("-40")), Some(d("-90")), None]
        );
        // c leaves: a and b (6 000 inhabitants) cost 1 500.
        let w = what_if_with_grid(&t, &g, &Change::Leave("c".into()), m, Some("1")).unwrap();
        let after: Vec<Decimal> = w.after.lots[0].shares.iter().map(|s| s.pays_ht).collect();
        assert_eq!(after, vec![d("500"), d("1000")]);
        assert_eq!(w.lots[0].total.after_ht, Some(d("1500")));
    }
}

//! A lot's shares at a usage other than the estimate, for the Monte Carlo
//! (`simulate --draws`): the groupement's cost, each member's cost alone and the groups'
//! costs are those of the offers ranked first at the drawn usage, and the shares are
//! computed by the same methods as [`super::split`] computes them at the estimate.

use rust_decimal::Decimal;

use super::coalitions::Coalitions;
use super::{LotInput, Standalone, StandaloneSource, UnsplitReason, exact_shares, keys};
use crate::award::Mark;
use crate::pricing::PricingModel;
use crate::tender::{Lot, SplitMethod, Tender};

/// What a lot's split reads at one drawn usage.
pub struct AtUsage<'a> {
    /// The lot, its members' usage estimates replaced by the drawn usages (the `usage`
    /// key shares by them).
    pub lot: &'a Lot,
    /// The model of the offer ranked first for the groupement (`usage` shares by its
    /// measure).
    pub model: PricingModel,
    /// That offer's yearly cost HT (in its shared form: see [`super::shared_cost`]).
    pub total: Decimal,
    /// Each member's yearly cost HT alone, in the tender's member order; `None` when
    /// nothing prices it.
    pub standalone: &'a [Option<Decimal>],
    /// The groups' costs (a band tariff, or the quoted scopes at the drawn usage).
    pub coalitions: Option<&'a Coalitions>,
}

/// Each member's exact part of the lot's yearly cost at a drawn usage, fee included (the
/// fee by its key, or in proportion to the shares), by `method` and the tender's split
/// rules: what [`super::split`] would compute, before rounding to the cent, had the
/// offers been ranked at that usage. `Err` as `split` says why a lot cannot be split.
pub fn shares_at(
    tender: &Tender,
    at: &AtUsage,
    method: SplitMethod,
    terms: &crate::pricing::ContractTerms,
) -> Result<Vec<Mark>, UnsplitReason> {
    let rules = &tender.split;
    let standalone = at
        .standalone
        .iter()
        .map(|s| {
            s.map(|amount| {
                Standalone::new(amount, terms, String::new(), StandaloneSource::OwnScope)
                    .ok_or(UnsplitReason::AmountTooLarge)
            })
            .transpose()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let input = LotInput {
        tender,
        lot: at.lot,
        model: at.model,
        rules,
        total: at.total,
        standalone,
    };
    let exact = exact_shares(&input, method, at.coalitions)?;
    let fee_total = at
        .total
        .checked_mul(rules.fee)
        .ok_or(UnsplitReason::AmountTooLarge)?;
    let fee = match rules.fee_key {
        Some(key) => input.by_key(key, fee_total)?,
        None => keys::proportional(&exact.values, fee_total),
    };
    Ok(exact
        .values
        .iter()
        .zip(&fee)
        .map(|(a, b)| a.add(b))
        .collect())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// Two members, a (population 30 000) and b (10 000), one lot; `split`: the body of
    /// `[split]`.
    fn tender(split: &str) -> Tender {
        let text = format!(
            "[tender]\nname='x'\nreference='x'\nduration_years=1\nyearly_revision='0'\n\
             [[member]]\nid='a'\nname='A'\npopulation=30000\nregistered_users=3000\n\
             [[member]]\nid='b'\nname='B'\npopulation=10000\nregistered_users=1000\n\
             [[lot]]\nid='1'\ntitle='x'\nvat_rate='0.2'\n\
             [lot.usage.a]\nactive_accounts=3000\nsimultaneous_accesses=1\nconsultations=1\n\
             [lot.usage.b]\nactive_accounts=1000\nsimultaneous_accesses=1\nconsultations=1\n\
             [split]\n{split}\n"
        );
        crate::tender::load::parse(&text, std::path::Path::new("x.toml"))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn shares(t: &Tender, method: SplitMethod, lot: &Lot, alone: [Decimal; 2]) -> Vec<Mark> {
        // The groups quoted: a alone, b alone, both (bits 1, 2, 3).
        let groups = Coalitions::Quoted(BTreeMap::from([
            (1, alone[0]),
            (2, alone[1]),
            (3, Decimal::from(18000)),
        ]));
        let standalone = alone.map(Some);
        let at = AtUsage {
            lot,
            model: PricingModel::ActiveAccounts,
            total: Decimal::from(18000),
            standalone: &standalone,
            coalitions: Some(&groups),
        };
        shares_at(t, &at, method, &t.contract_terms(lot)).unwrap()
    }

    #[test]
    fn a_drawn_cost_is_shared_with_the_costs_alone_and_the_usages_drawn() {
        let t = tender("method = 'scrb'\nfee = '0.05'");
        let lot = &t.lots[0];
        let alone = [Decimal::from(16000), Decimal::from(5000)];
        // SCRB on 18 000, a alone 16 000, b alone 5 000: separable 13 000 and 2 000, the
        // 3 000 left in equal parts (16 000 − 13 000 = 5 000 − 2 000): 14 500 and 3 500;
        // the 5 % fee (900) in proportion: + 725 and + 175.
        let scrb = shares(&t, SplitMethod::Scrb, lot, alone);
        assert_eq!(scrb, vec![Mark::from_i128(15225), Mark::from_i128(3675)]);
        // Standalone proportional: 18 000 × 16 ÷ 21 and × 5 ÷ 21, each with 5 % more.
        let sp = shares(&t, SplitMethod::StandaloneProportional, lot, alone);
        let r = |n: i128, d: i128| Mark::from_i128(n).div(&Mark::from_i128(d)).unwrap();
        assert_eq!(
            sp,
            vec![r(18000 * 16 * 105, 2100), r(18000 * 5 * 105, 2100)]
        );
        // The usage key reads the lot's usages: a's drawn 4 001 accounts against b's
        // 1 000, 18 900 (fee included) × 4 001 ÷ 5 001.
        let mut drawn = lot.clone();
        if let Some(u) = drawn.usage.get_mut("a") {
            u.active_accounts = 4001;
        }
        let by_usage = shares(&t, SplitMethod::Usage, &drawn, alone);
        assert_eq!(by_usage, vec![r(18900 * 4001, 5001), r(18900 * 1000, 5001)]);
    }
}

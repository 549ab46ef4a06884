//! The split methods: each turns a lot's total into one exact share per member (in the
//! tender's member order), adding up to the total exactly.

use rust_decimal::Decimal;

use super::{Standalone, UnsplitReason};
use crate::award::Mark;
use crate::pricing::PricingModel;
use crate::tender::{Lot, Member, SplitMethod, SplitRules, Tender};

/// The figure a simple key shares by, for one member; `None` when the tender does not
/// give it (a prospect's usage in a what-if, a missing weight).
fn key_of(
    method: SplitMethod,
    member: &Member,
    lot: &Lot,
    model: PricingModel,
    rules: &SplitRules,
) -> Option<Decimal> {
    Some(match method {
        SplitMethod::Population => Decimal::from(member.population),
        SplitMethod::RegisteredUsers => Decimal::from(member.registered_users),
        // By the awarded model's own measure.
        SplitMethod::Usage => match model {
            PricingModel::RegisteredUsers => Decimal::from(member.registered_users),
            PricingModel::Population => Decimal::from(member.population),
            PricingModel::ActiveAccounts => {
                Decimal::from(lot.usage.get(&member.id)?.active_accounts)
            }
            PricingModel::SimultaneousAccesses => {
                Decimal::from(lot.usage.get(&member.id)?.simultaneous_accesses)
            }
            PricingModel::Consultations => Decimal::from(lot.usage.get(&member.id)?.consultations),
            // A schedule lot has no usage measure: the buyer's estimate is its DQE.
            PricingModel::Schedule => return None,
        },
        SplitMethod::Weights => rules.weights.get(&member.id).copied()?,
        _ => Decimal::ONE,
    })
}

/// `amount` in proportion to `weights`; `None` when every weight is 0.
fn by_weights(weights: &[Decimal], amount: Decimal) -> Option<Vec<Mark>> {
    let sum: Decimal = weights.iter().sum();
    // `None` exactly when the sum is 0.
    weights
        .iter()
        .map(|w| Mark::ratio(amount, *w, sum))
        .collect()
}

/// `amount` in proportion to exact shares (a fee shared like the cost); in equal parts
/// when the shares add up to 0 (nothing to be proportional to).
pub fn proportional(shares: &[Mark], amount: Decimal) -> Vec<Mark> {
    let sum = shares.iter().fold(Mark::zero(), |s, m| s.add(m));
    let amount = Mark::from_decimal(amount);
    let n = Mark::from_i128(shares.len() as i128);
    match amount.div(&sum) {
        Some(per_unit) => shares.iter().map(|m| m.mul(&per_unit)).collect(),
        // n > 0 whenever there is a share to give.
        None => match amount.div(&n) {
            Some(part) => vec![part; shares.len()],
            None => Vec::new(),
        },
    }
}

/// `amount` in proportion to a simple key's figures; the members whose figure is unknown,
/// or a key that is 0 for everyone, instead.
fn by_simple_key(
    members: &[Member],
    key: SplitMethod,
    figure: impl Fn(&Member) -> Option<Decimal>,
    amount: Decimal,
) -> Result<Vec<Mark>, UnsplitReason> {
    let weights: Vec<Option<Decimal>> = members.iter().map(figure).collect();
    let unknown: Vec<String> = members
        .iter()
        .zip(&weights)
        .filter(|(_, w)| w.is_none())
        .map(|(m, _)| m.id.clone())
        .collect();
    if !unknown.is_empty() {
        return Err(UnsplitReason::MissingKey {
            method: key,
            members: unknown,
        });
    }
    let weights: Vec<Decimal> = weights.into_iter().flatten().collect();
    by_weights(&weights, amount).ok_or(UnsplitReason::ZeroKey { method: key })
}

/// The exact shares of `total` by `method`.
pub fn shares(
    tender: &Tender,
    lot: &Lot,
    model: PricingModel,
    method: SplitMethod,
    rules: &SplitRules,
    total: Decimal,
    standalone: &[Option<Standalone>],
) -> Result<Vec<Mark>, UnsplitReason> {
    let members = &tender.members;
    let simple = |key: SplitMethod, amount: Decimal| {
        by_simple_key(members, key, |m| key_of(key, m, lot, model, rules), amount)
    };
    let known_standalone = || -> Result<Vec<Decimal>, UnsplitReason> {
        let missing: Vec<String> = members
            .iter()
            .zip(standalone)
            .filter(|(_, s)| s.is_none())
            .map(|(m, _)| m.id.clone())
            .collect();
        if !missing.is_empty() {
            return Err(UnsplitReason::NoStandalone {
                method,
                members: missing,
            });
        }
        Ok(standalone.iter().flatten().map(|s| s.amount_ht).collect())
    };
    match method {
        SplitMethod::Population
        | SplitMethod::RegisteredUsers
        | SplitMethod::Usage
        | SplitMethod::Equal
        | SplitMethod::Weights => simple(method, total),
        SplitMethod::FixedPlusVariable => {
            let fixed = total * rules.fixed_share;
            let equal = simple(SplitMethod::Equal, fixed)?;
            let variable = simple(rules.variable_key, total - fixed)?;
            Ok(equal.iter().zip(&variable).map(|(a, b)| a.add(b)).collect())
        }
        SplitMethod::StandaloneProportional => {
            let alone = known_standalone()?;
            by_weights(&alone, total).ok_or(UnsplitReason::ZeroKey { method })
        }
        SplitMethod::EqualSavings => {
            // Each pays its standalone cost less an equal part of the total saving.
            let alone = known_standalone()?;
            let saving = Mark::from_decimal(alone.iter().sum::<Decimal>() - total);
            // No member, nothing to share.
            let Some(part) = saving.div(&Mark::from_i128(alone.len() as i128)) else {
                return Ok(Vec::new());
            };
            Ok(alone
                .iter()
                .map(|a| Mark::from_decimal(*a).sub(&part))
                .collect())
        }
        // The game methods are computed from the groups' costs (`coalitions`).
        SplitMethod::Scrb | SplitMethod::Shapley => Err(UnsplitReason::NoCoalitionCost {
            method,
            missing: Vec::new(),
        }),
    }
}

//! The core check of a lot's split: does some group of members pay more together than
//! the groups' prices would charge it alone?

use num_bigint::BigUint;
use num_traits::One;
use rust_decimal::Decimal;

use super::coalitions::Coalitions;
use super::game::{self, Game};
use crate::tender::Tender;

/// The core check of a lot's split (cost shares, fee left out, against the groups'
/// costs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreReport {
    /// Every group of members was compared.
    pub complete: bool,
    /// How the groups were compared.
    pub search: CoreSearch,
    /// The sizes of the groups compared, the whole groupement (every member) included.
    pub sizes_checked: Vec<usize>,
    /// How many groups were compared, the whole groupement included: 2ⁿ − 1 after an
    /// exact search (no group left out, none listed one by one).
    pub groups_checked: BigUint,
    /// The proper group (at least one member, not every member)
    /// paying the most above its own cost, if any pays above it.
    pub worst: Option<CoreBreach>,
    /// What the whole groupement pays against what the groups' prices charge it (its band
    /// price, or its own quote): kept apart from `worst`, since a quote above the tariff
    /// is a fact about the price, not about how it is shared.
    pub grand: Option<GrandCoalition>,
}

/// How the groups were compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreSearch {
    /// Every group at once, by an exact search over the sums of a band tariff.
    Exact,
    /// Groups listed one by one (the smallest and the largest, or all of them for few
    /// members).
    Enumerated,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreBreach {
    pub members: Vec<String>,
    pub paid: Decimal,
    pub cost: Decimal,
}

/// The whole groupement in the core check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrandCoalition {
    /// Σ of the cost shares: the awarded price, to the cent.
    pub paid: Decimal,
    /// Its price in the groups' costs: the band price for its size, or its own quote.
    pub cost: Decimal,
}

impl GrandCoalition {
    /// The groupement was awarded above what the tariff charges a perimeter of its size.
    pub fn quote_above_tariff(&self) -> bool {
        self.paid > self.cost
    }
}

/// Groups of at most this many members (and of all but this many) are compared one by
/// one when the exact search does not apply.
pub const CORE_GROUP_SIZE: usize = 3;

/// Groups compared one by one, at most.
const CORE_GROUP_LIMIT: u64 = 1_000_000;

pub(super) fn core_report(
    tender: &Tender,
    c: &Coalitions,
    shares: &[Decimal],
) -> Option<CoreReport> {
    let names = |members: &[usize]| -> Vec<String> {
        members
            .iter()
            .filter_map(|i| tender.members.get(*i).map(|m| m.id.clone()))
            .collect()
    };
    let breach = |v: &game::CoreViolation| CoreBreach {
        members: names(&v.members),
        paid: v.paid,
        cost: v.cost,
    };
    let n = tender.members.len();
    let paid: Decimal = shares.iter().sum();
    let game = match c {
        Coalitions::Bands { sizes, tariff } => {
            if let Ok(found) = game::core_search_bands(sizes, tariff, shares) {
                return Some(CoreReport {
                    complete: true,
                    search: CoreSearch::Exact,
                    sizes_checked: (1..=n).collect(),
                    groups_checked: (BigUint::one() << n) - BigUint::one(),
                    worst: found
                        .worst_proper
                        .filter(|v| v.excess() > Decimal::ZERO)
                        .map(|v| breach(&v)),
                    grand: Some(GrandCoalition {
                        paid: found.grand.paid,
                        cost: found.grand.cost,
                    }),
                });
            }
            Game::Bands { sizes, tariff }
        }
        Coalitions::Quoted(costs) => {
            if n > game::MAX_TABLE_PLAYERS {
                return None;
            }
            Game::Table { n, costs }
        }
    };
    let check = game::core_violations(&game, shares, CORE_GROUP_SIZE, CORE_GROUP_LIMIT);
    let grand = game.grand_cost().map(|cost| GrandCoalition { paid, cost });
    if check.checked == 0 && grand.is_none() {
        return None;
    }
    let mut sizes_checked = check.sizes.clone();
    if grand.is_some() {
        sizes_checked.push(n);
    }
    Some(CoreReport {
        complete: check.complete() && grand.is_some(),
        search: CoreSearch::Enumerated,
        sizes_checked,
        groups_checked: BigUint::from(check.checked) + BigUint::from(u8::from(grand.is_some())),
        worst: check.worst().map(breach),
        grand,
    })
}

//! The five pricing models a bidder may choose from, one per lot.

use std::fmt;

/// How a bidder prices a lot (the BPU's items 1.1 to 1.5). The bidder picks exactly one
/// per lot; the buyer compares them through its own usage estimate (the DQE).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PricingModel {
    /// 1.1: a yearly price for a number of active user accounts, with a surcharge per
    /// 1 000 accounts begun above it and a reduction per 1 000 complete below it.
    ActiveAccounts,
    /// 1.2: a yearly price for a number of simultaneous accesses, surcharge and reduction
    /// per access.
    SimultaneousAccesses,
    /// 1.3: a yearly price for a number of consultations, optionally a price per
    /// consultation beyond.
    Consultations,
    /// 1.4: a flat yearly price for the scope's registered library users.
    RegisteredUsers,
    /// 1.5: a flat yearly price for the scope's population.
    Population,
    /// A unit-price schedule with tranches (a lot of `kind = "schedule"`): not one of
    /// the five the bidder chooses from (hence not in [`PricingModel::ALL`]), the lot's
    /// own pricing family, compared by the same award.
    Schedule,
}

impl PricingModel {
    pub const ALL: [PricingModel; 5] = [
        PricingModel::ActiveAccounts,
        PricingModel::SimultaneousAccesses,
        PricingModel::Consultations,
        PricingModel::RegisteredUsers,
        PricingModel::Population,
    ];

    /// The item number in the price schedule: `1.1` … `1.5`.
    pub fn code(self) -> &'static str {
        match self {
            PricingModel::ActiveAccounts => "1.1",
            PricingModel::SimultaneousAccesses => "1.2",
            PricingModel::Consultations => "1.3",
            PricingModel::RegisteredUsers => "1.4",
            PricingModel::Population => "1.5",
            PricingModel::Schedule => "BPU/DQE",
        }
    }

    /// The name scripts see in CSV and JSON.
    pub fn key(self) -> &'static str {
        match self {
            PricingModel::ActiveAccounts => "active_accounts",
            PricingModel::SimultaneousAccesses => "simultaneous_accesses",
            PricingModel::Consultations => "consultations",
            PricingModel::RegisteredUsers => "registered_users",
            PricingModel::Population => "population",
            PricingModel::Schedule => "schedule",
        }
    }
}

impl fmt::Display for PricingModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// What a row of a model holds (the suffix of its code: none, `.q`, `.pv`, `.mv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// The global or flat yearly price, € HT.
    Price,
    /// The quantity the price covers (accounts, accesses, consultations), given by the
    /// bidder; for 1.4 and 1.5 the basis (registered users, population) pre-filled by the
    /// buyer.
    Quota,
    /// The surcharge above the quota (per 1 000 accounts, per access, per consultation).
    Surcharge,
    /// The reduction below the quota (per 1 000 accounts, per access).
    Reduction,
}

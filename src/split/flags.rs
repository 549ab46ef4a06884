//! What a person must look at in a split before adopting it: a member charged a negative
//! amount, or a negative part of the coordinator's fee.
//!
//! `equal_savings` gives every member the same saving: a member whose standalone cost is
//! below that saving is charged less than nothing, and the others pay it. SCRB hands back
//! the excess of the separable costs over the total (a band tariff where leaving out any
//! one member drops the group a band) in proportion to what each still saves, which can
//! take a member below 0. Shapley goes below 0 only where a group costs less than a
//! smaller group within it (a band cheaper than the band below). The keys and
//! `standalone_proportional` share by figures that are never negative. A share below 0 is
//! a figure a groupement's agreement cannot apply as it stands: it is never hidden.

use super::{MemberShare, MemberTotal, SplitResult};

/// A finding on one member's share of one lot, or on its total.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ShareFlag {
    /// The member's share of the cost, or what it pays, is below 0: the other members
    /// would pay it that amount.
    NegativeShare,
    /// The member's part of the coordinator's fee is below 0: the fee is shared like the
    /// cost, and its share of the cost is below 0.
    NegativeFee,
}

impl ShareFlag {
    /// The flag's key in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            ShareFlag::NegativeShare => "negative_share",
            ShareFlag::NegativeFee => "negative_fee",
        }
    }
}

impl MemberShare {
    /// The share of the cost is below 0 (exactly, before rounding), or what the member
    /// pays is.
    pub fn is_negative(&self) -> bool {
        self.exact.is_negative() || self.pays_ht.is_sign_negative() && !self.pays_ht.is_zero()
    }

    /// What must be looked at in this share, in a fixed order (empty almost always).
    pub fn flags(&self) -> Vec<ShareFlag> {
        let mut out = Vec::new();
        if self.is_negative() {
            out.push(ShareFlag::NegativeShare);
        }
        if self.fee_ht.is_sign_negative() && !self.fee_ht.is_zero() {
            out.push(ShareFlag::NegativeFee);
        }
        out
    }
}

impl MemberTotal {
    /// What the member pays over the lots split is below 0.
    pub fn is_negative(&self) -> bool {
        self.pays_ht.is_sign_negative() && !self.pays_ht.is_zero()
    }

    pub fn flags(&self) -> Vec<ShareFlag> {
        match self.is_negative() {
            true => vec![ShareFlag::NegativeShare],
            false => Vec::new(),
        }
    }
}

impl SplitResult {
    /// Some share of some lot, or some member's total, is flagged.
    pub fn has_flags(&self) -> bool {
        self.lots
            .iter()
            .flat_map(|l| &l.shares)
            .any(|s| !s.flags().is_empty())
            || self.members.iter().any(|m| !m.flags().is_empty())
    }
}

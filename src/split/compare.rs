//! A what-if set beside today's split: each member's share before and after the change,
//! and the difference, lot by lot and over the lots simulated.
//!
//! "Before" is the split of the groupement as it is (the awarded price, the tender's or
//! the command line's method); "after" is [`what_if`]'s (the awarded bidder's band price
//! for the new groupement). A member that is not in one of them (the prospect joining, the
//! member leaving) has no figure there, never a 0: it pays nothing to the groupement
//! because it is not in it, which is not a share of 0.

use rust_decimal::Decimal;

use super::{Change, LotSplit, SplitResult, WhatIfError, split, what_if};
use crate::analysis::Analysis;
use crate::tender::{SplitMethod, Tender};

/// What one member pays (yearly HT, fee included, to the cent) before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BeforeAfter {
    pub member: String,
    /// `None`: not a member before (it joins), or the lot was not split before.
    pub before_ht: Option<Decimal>,
    /// `None`: no longer a member (it leaves).
    pub after_ht: Option<Decimal>,
}

impl BeforeAfter {
    /// After less before: positive when the member pays more after the change.
    pub fn difference_ht(&self) -> Option<Decimal> {
        Some(self.after_ht? - self.before_ht?)
    }
}

/// One simulated lot: its cost for the groupement (fee included) and every member's
/// share, before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotBeforeAfter {
    pub lot: String,
    pub total: BeforeAfter,
    pub members: Vec<BeforeAfter>,
}

/// A what-if and today's split, side by side.
#[derive(Clone, Debug)]
pub struct WhatIf {
    pub change: Change,
    /// The groupement as it is, whose members' names every output uses (the member
    /// leaving is in it, the prospect joining among its prospects).
    pub tender: Tender,
    /// The groupement after the change.
    pub changed: Tender,
    pub before: SplitResult,
    pub after: SplitResult,
    /// Each lot split after the change, in the order of `after.lots`.
    pub lots: Vec<LotBeforeAfter>,
    /// Each member's totals over those lots.
    pub members: Vec<BeforeAfter>,
}

impl WhatIf {
    /// The member the change is about, as the tender names it.
    pub fn member_name(&self) -> Option<&str> {
        let id = match &self.change {
            Change::Join(id) | Change::Leave(id) => id,
        };
        self.tender
            .member(id)
            .or_else(|| self.tender.prospects.iter().find(|p| &p.id == id))
            .map(|m| m.name.as_str())
    }

    /// A member's or a prospect's name, from either groupement.
    pub fn name_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.tender
            .member(id)
            .or_else(|| self.changed.member(id))
            .map_or(id, |m| m.name.as_str())
    }
}

/// Today's split, the split after `change`, and each member's share in both.
pub fn what_if_compared(
    tender: &Tender,
    analysis: &Analysis,
    change: &Change,
    method: Option<SplitMethod>,
    only_lot: Option<&str>,
) -> Result<WhatIf, WhatIfError> {
    let (changed, after) = what_if(tender, analysis, change, method, only_lot)?;
    let before = split(tender, analysis, method, only_lot);
    Ok(side_by_side(tender, change, changed, before, after))
}

/// Each member's share before and after a change, from the two splits.
pub(super) fn side_by_side(
    tender: &Tender,
    change: &Change,
    changed: Tender,
    before: SplitResult,
    after: SplitResult,
) -> WhatIf {
    // Today's members, then whoever joins.
    let order: Vec<String> = tender
        .members
        .iter()
        .chain(
            changed
                .members
                .iter()
                .filter(|m| tender.member(&m.id).is_none()),
        )
        .map(|m| m.id.clone())
        .collect();
    let lots: Vec<LotBeforeAfter> = after
        .lots
        .iter()
        .map(|a| {
            let b = before.lots.iter().find(|b| b.lot == a.lot);
            lot_before_after(&order, b, a)
        })
        .collect();
    // No totals of nothing: with no lot simulated, no member pays or saves 0.
    let members = order
        .iter()
        .filter(|_| !lots.is_empty())
        .map(|id| BeforeAfter {
            member: id.clone(),
            before_ht: sum_over(&lots, id, |x| x.before_ht),
            after_ht: sum_over(&lots, id, |x| x.after_ht),
        })
        .collect();
    WhatIf {
        change: change.clone(),
        tender: tender.clone(),
        changed,
        before,
        after,
        lots,
        members,
    }
}

/// What a lot costs the groupement, fee included.
fn lot_cost(l: &LotSplit) -> Decimal {
    l.total_ht + l.fee_ht
}

fn pays(l: &LotSplit, id: &str) -> Option<Decimal> {
    l.shares.iter().find(|s| s.member == id).map(|s| s.pays_ht)
}

fn lot_before_after(
    order: &[String],
    before: Option<&LotSplit>,
    after: &LotSplit,
) -> LotBeforeAfter {
    LotBeforeAfter {
        lot: after.lot.clone(),
        total: BeforeAfter {
            member: String::new(),
            before_ht: before.map(lot_cost),
            after_ht: Some(lot_cost(after)),
        },
        members: order
            .iter()
            .map(|id| BeforeAfter {
                member: id.clone(),
                before_ht: before.and_then(|b| pays(b, id)),
                after_ht: pays(after, id),
            })
            .collect(),
    }
}

/// A member's figure summed over the lots; `None` unless known on every one.
fn sum_over(
    lots: &[LotBeforeAfter],
    id: &str,
    figure: impl Fn(&BeforeAfter) -> Option<Decimal>,
) -> Option<Decimal> {
    lots.iter()
        .map(|l| l.members.iter().find(|m| m.member == id).and_then(&figure))
        .sum()
}

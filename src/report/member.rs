//! One member's own report (`--member`): its scopes (its own, the groupement, the
//! declared groups it belongs to), the findings about them, its shares.

use crate::check::CheckReport;
use crate::split::SplitResult;
use crate::tender::{Member, Tender};

/// Whether the report covers `scope`: every scope for the groupement's report; for a
/// member's, the scopes it belongs to.
pub fn covers(tender: &Tender, member: Option<&Member>, scope: &str) -> bool {
    match member {
        None => true,
        Some(m) => tender
            .scope(scope)
            .is_some_and(|s| s.members.contains(&m.id)),
    }
}

/// The findings and offers of the scopes the member belongs to; a finding about a whole
/// file or lot (no scope) concerns it too.
pub fn own_check(mut check: CheckReport, tender: &Tender, member: &Member) -> CheckReport {
    let keep = |scope: Option<&String>| scope.is_none_or(|s| covers(tender, Some(member), s));
    check.findings.retain(|f| keep(f.scope.as_ref()));
    check.offers.retain(|o| keep(Some(&o.scope)));
    check
}

/// The member's shares and totals only; each lot's own figures (the awarded cost, the
/// method) stay, so that the share can be read against them.
pub fn own_shares(mut split: SplitResult, member: &str) -> SplitResult {
    for lot in &mut split.lots {
        lot.shares.retain(|s| s.member == member);
        for column in &mut lot.uneven_cents {
            column.with_cent.retain(|m| m == member);
            column.without.retain(|m| m == member);
        }
        lot.uneven_cents
            .retain(|c| !c.with_cent.is_empty() || !c.without.is_empty());
    }
    split.members.retain(|m| m.member == member);
    split
}

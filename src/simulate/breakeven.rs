//! Break-even points: the exact usages at which the cheapest offer, or the winner on total
//! marks, changes, one measure at a time (the others at their estimate).
//!
//! Usage counts are whole numbers, so the answer is an integer n, proved by the pricing
//! and award code themselves: the holder at n − 1 (going up) is today's, the one at n is
//! another. It is found without sampling:
//!
//! 1. Each offer's yearly cost is piecewise affine in the measure: it changes slope or
//!    jumps only at its quota, at every block of 1 000 accounts begun above it or
//!    completed below it, and where a reduction would go below zero. Those points cut the
//!    range into pieces; on each, every cost is checked affine at its ends (a piece that is
//!    not is halved until it is).
//! 2. Within a piece, the points where two costs cross, where a cost crosses the scope's
//!    ceiling, and (for the `linear` formula) where one cost reaches twice another, cut it
//!    further: on each sub-piece the order of the costs and the admissible offers are
//!    fixed, so the cheapest offer is too: it can only change at a sub-piece's first unit.
//! 3. The winner on total marks can change inside a sub-piece, where no costs cross (the
//!    marks depend on every price). For the formulas whose marks are ratios of affine
//!    costs, today's winner W against an offer j: (total of W − total of j) × a positive
//!    factor (c_W × c_j for `proportional`, L for `linear`, H − L for `linear_range`,
//!    B − L for `linear_budget`, 1 for `rank_points`) is a polynomial of degree 2 at most
//!    in the usage. It is built exactly from three units, checked at the sub-piece's
//!    last unit, cut where it turns, and each monotone part is searched by bisection
//!    with exact figures for the first unit where W no longer beats j. Other formulas
//!    (`concave`, `bilinear`) are evaluated unit by unit, up to [`SCAN_LIMIT`] units.

use std::collections::BTreeMap;

use super::{Evaluator, Measure, Point};
use crate::exact::Exact;
use crate::pricing::{NormalisedCost, PricingModel};
use crate::tender::PriceBasis;
use crate::tender::PriceFormula;

/// The most units evaluated one by one in a search (for the formulas without a known
/// shape): beyond, the search says it was not computed rather than guess.
pub const SCAN_LIMIT: u64 = 20_000;

/// The most pieces a range is cut into.
const PIECE_LIMIT: usize = 200_000;

/// What changes: the cheapest offer, or the winner on total marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    Cheapest,
    Winner,
}

/// A change of holder at a usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The usage (of the measure, for the scope) where the holder first differs.
    pub at: u64,
    /// The holder there (`None`: no offer holds it, e.g. every offer irregular).
    pub to: Option<String>,
}

/// The outcome of a search in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    Change(Change),
    /// No change within the range searched.
    Unchanged,
    NotComputed(NotComputed),
}

/// Why a search was not carried out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotComputed {
    /// The price formula has no known shape and the range is too long to take unit by
    /// unit.
    TooLong,
    /// The range cuts into too many pieces.
    TooManyPieces,
}

/// Who holds a criterion at the estimate, and where that changes below and above it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stability {
    pub holder: Option<String>,
    pub below: Search,
    pub above: Search,
}

/// The break-even points of one measure for one lot and scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakEven {
    pub measure: Measure,
    /// The scope's estimate of the measure.
    pub estimate: u64,
    /// The range searched, from 0.
    pub highest: u64,
    /// The offers whose cost moves with the measure.
    pub moving: Vec<String>,
    pub cheapest: Stability,
    pub winner: Stability,
}

/// The break-even points of `measure` between 0 and `highest` (at least the estimate).
pub fn break_even(ev: &Evaluator, measure: Measure, highest: u64) -> BreakEven {
    let estimate = measure.get(&ev.estimate);
    let highest = highest.max(estimate);
    let mut probe = Probe::new(ev, measure);
    let moving = probe.moving(estimate, highest);
    let pieces = probe.pieces(0, highest);
    let start = probe.point(estimate);
    let holders = (
        start.cheapest().map(str::to_owned),
        start.winner().map(str::to_owned),
    );
    let stability = |probe: &mut Probe, criterion: Criterion, holder: &Option<String>| {
        let (below, above) = match &pieces {
            Err(e) => (Search::NotComputed(*e), Search::NotComputed(*e)),
            Ok(p) => (
                probe.search(p, criterion, holder, estimate, Direction::Down),
                probe.search(p, criterion, holder, estimate, Direction::Up),
            ),
        };
        Stability {
            holder: holder.clone(),
            below,
            above,
        }
    };
    let cheapest = stability(&mut probe, Criterion::Cheapest, &holders.0);
    let winner = stability(&mut probe, Criterion::Winner, &holders.1);
    BreakEven {
        measure,
        estimate,
        highest,
        moving,
        cheapest,
        winner,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

/// The offers evaluated at usages of one measure, each usage once.
struct Probe<'e, 'a> {
    ev: &'e Evaluator<'a>,
    measure: Measure,
    memo: BTreeMap<u64, Point>,
    scanned: u64,
}

/// An affine function of the usage on a piece: `a + b × (n − s)`.
struct Line {
    a: Exact,
    b: Exact,
}

impl<'e, 'a> Probe<'e, 'a> {
    fn new(ev: &'e Evaluator<'a>, measure: Measure) -> Self {
        Probe {
            ev,
            measure,
            memo: BTreeMap::new(),
            scanned: 0,
        }
    }

    fn point(&mut self, n: u64) -> &Point {
        let (ev, measure) = (self.ev, self.measure);
        self.memo
            .entry(n)
            .or_insert_with(|| ev.at(&measure.set(&ev.estimate, n)))
    }

    fn costs(&mut self, n: u64) -> Vec<Option<Exact>> {
        self.point(n).costs.clone()
    }

    /// The offers whose model moves with the measure (priced at the estimate or an end).
    fn moving(&mut self, estimate: u64, highest: u64) -> Vec<String> {
        let models = self.models(&[0, estimate, highest]);
        self.ev
            .bidders()
            .zip(models)
            .filter(|(_, c)| {
                c.as_ref()
                    .is_some_and(|c| Measure::of_model(c.model) == Some(self.measure))
            })
            .map(|(b, _)| b.to_owned())
            .collect()
    }

    /// Each offer's first priced outcome among the usages `at`.
    fn models(&self, at: &[u64]) -> Vec<Option<NormalisedCost>> {
        let mut found: Vec<Option<NormalisedCost>> = vec![None; self.ev.bids.len()];
        for &n in at {
            let facts = self.measure.set(&self.ev.estimate, n);
            for (slot, cost) in found.iter_mut().zip(self.ev.costs_at(&facts)) {
                if slot.is_none() {
                    *slot = cost;
                }
            }
        }
        found
    }

    /// The sub-pieces of [lo, hi] as (first, last) units, in increasing order.
    fn pieces(&mut self, lo: u64, hi: u64) -> Result<Vec<(u64, u64)>, NotComputed> {
        let mut starts = vec![lo];
        for cost in self.models(&[lo, hi, self.measure.get(&self.ev.estimate)]) {
            if let Some(c) = cost {
                model_starts(&c, self.measure, lo, hi, &mut starts);
            }
            if starts.len() > PIECE_LIMIT {
                return Err(NotComputed::TooManyPieces);
            }
        }
        let pieces = self.affine_pieces(&to_pieces(starts, hi))?;
        let mut starts = Vec::new();
        for &(s, e) in &pieces {
            starts.push(s);
            self.crossings(s, e, &mut starts);
            if starts.len() > PIECE_LIMIT {
                return Err(NotComputed::TooManyPieces);
            }
        }
        Ok(to_pieces(starts, hi))
    }

    /// The pieces, halved until every cost is affine on each (checked at s, s + 1, e).
    fn affine_pieces(&mut self, pieces: &[(u64, u64)]) -> Result<Vec<(u64, u64)>, NotComputed> {
        let mut out = Vec::new();
        let mut stack: Vec<(u64, u64)> = pieces.iter().rev().copied().collect();
        while let Some((s, e)) = stack.pop() {
            if e - s >= 2 && !self.affine(s, e) {
                let mid = s + (e - s) / 2;
                stack.push((mid + 1, e));
                stack.push((s, mid));
            } else {
                out.push((s, e));
            }
            if out.len() + stack.len() > PIECE_LIMIT {
                return Err(NotComputed::TooManyPieces);
            }
        }
        Ok(out)
    }

    fn affine(&mut self, s: u64, e: u64) -> bool {
        let (cs, cs1, ce) = (self.costs(s), self.costs(s + 1), self.costs(e));
        let span = Exact::from_u64(e - s);
        cs.iter()
            .zip(&cs1)
            .zip(&ce)
            .all(|((a, b), c)| match (a, b, c) {
                (None, None, None) => true,
                (Some(a), Some(b), Some(c)) => *c == a.add(&b.sub(a).mul(&span)),
                _ => false,
            })
    }

    /// The costs on the piece [s, e] as lines (`None` for an offer not priced there).
    fn lines(&mut self, s: u64, e: u64) -> Vec<Option<Line>> {
        let cs = self.costs(s);
        let next = if e > s { self.costs(s + 1) } else { cs.clone() };
        cs.into_iter()
            .zip(next)
            .map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => Some(Line { b: b.sub(&a), a }),
                _ => None,
            })
            .collect()
    }

    /// Where, inside [s, e], two costs cross, a cost crosses the ceiling, or (formula
    /// `linear`) a cost reaches twice another: each point x gives the starts ⌊x⌋ and
    /// ⌊x⌋ + 1, so that an exact crossing is a sub-piece of its own.
    fn crossings(&mut self, s: u64, e: u64, starts: &mut Vec<u64>) {
        let lines = self.lines(s, e);
        let ev = self.ev;
        let twice = matches!(ev.tender.award.price_formula, PriceFormula::Linear);
        let ceiling = ev
            .lot
            .ceilings
            .get(&ev.scope.id)
            .and_then(|c| crate::award::budget_in(c, &ev.terms, PriceBasis::AnnualHt));
        let mut xs: Vec<Exact> = Vec::new();
        let two = Exact::from_i128(2);
        for (i, li) in lines.iter().enumerate() {
            let Some(li) = li else { continue };
            if let Some(y) = &ceiling {
                xs.extend(y.sub(&li.a).div(&li.b));
            }
            for (j, lj) in lines.iter().enumerate() {
                let Some(lj) = lj else { continue };
                if j > i {
                    xs.extend(lj.a.sub(&li.a).div(&li.b.sub(&lj.b)));
                }
                if twice && j != i {
                    let (a2, b2) = (lj.a.mul(&two), lj.b.mul(&two));
                    xs.extend(a2.sub(&li.a).div(&li.b.sub(&b2)));
                }
            }
        }
        let len = i128::from(e - s);
        for x in xs {
            let k = x.floor();
            for t in [k, k.saturating_add(1)] {
                if t > 0 && t <= len {
                    starts.push(s + t as u64);
                }
            }
        }
    }

    /// The first unit, going `dir` from `from` over `pieces`, whose holder of `criterion`
    /// is not `holder`.
    fn search(
        &mut self,
        pieces: &[(u64, u64)],
        criterion: Criterion,
        holder: &Option<String>,
        from: u64,
        dir: Direction,
    ) -> Search {
        let clipped: Vec<(u64, u64)> = match dir {
            Direction::Up => pieces
                .iter()
                .filter(|(_, e)| *e > from)
                .map(|&(s, e)| (s.max(from + 1), e))
                .collect(),
            Direction::Down => pieces
                .iter()
                .rev()
                .filter(|(s, _)| *s < from)
                .map(|&(s, e)| (e.min(from - 1), s))
                .collect(),
        };
        for (first, last) in clipped {
            let walk = Walk { first, last };
            let found = match criterion {
                Criterion::Cheapest => {
                    let p = self.point(first);
                    let c = p.cheapest().map(str::to_owned);
                    Ok((c != *holder).then_some(Change { at: first, to: c }))
                }
                Criterion::Winner => self.winner_change(walk, holder),
            };
            match found {
                Ok(Some(change)) => return Search::Change(change),
                Ok(None) => {}
                Err(e) => return Search::NotComputed(e),
            }
        }
        Search::Unchanged
    }

    fn holder_at(&mut self, n: u64) -> Option<String> {
        self.point(n).winner().map(str::to_owned)
    }

    /// The first unit of the walk where the winner is not `holder`.
    fn winner_change(
        &mut self,
        walk: Walk,
        holder: &Option<String>,
    ) -> Result<Option<Change>, NotComputed> {
        let first = self.holder_at(walk.first);
        if first != *holder {
            return Ok(Some(Change {
                at: walk.first,
                to: first,
            }));
        }
        let Some(w) = holder else {
            return self.scan(walk, holder);
        };
        if walk.len() < 3 {
            // At most three units (a crossing's own sub-piece): taken one by one, outside
            // the scan limit, which is for long runs of a formula without a known shape.
            for t in 1..=walk.len() {
                let n = walk.at(t);
                let h = self.holder_at(n);
                if h != *holder {
                    return Ok(Some(Change { at: n, to: h }));
                }
            }
            return Ok(None);
        }
        let Some(candidates) = self.candidates(walk, w) else {
            return self.scan(walk, holder);
        };
        for t in candidates {
            let n = walk.at(t);
            let h = self.holder_at(n);
            if h != *holder {
                // The proof: the unit before is still today's winner's.
                if self.holder_at(walk.at(t - 1)) != *holder {
                    return self.scan(walk, holder);
                }
                return Ok(Some(Change { at: n, to: h }));
            }
        }
        Ok(None)
    }

    /// Every unit of the walk, in order, up to the scan limit.
    fn scan(&mut self, walk: Walk, holder: &Option<String>) -> Result<Option<Change>, NotComputed> {
        for t in 0..=walk.len() {
            self.scanned += 1;
            if self.scanned > SCAN_LIMIT {
                return Err(NotComputed::TooLong);
            }
            let n = walk.at(t);
            let h = self.holder_at(n);
            if h != *holder {
                return Ok(Some(Change { at: n, to: h }));
            }
        }
        Ok(None)
    }

    /// The steps t of the walk where W may first stop beating an offer j: for each j,
    /// the first t where (total W − total j) × a positive factor is ≤ 0 and the first
    /// where it is < 0. `None` when the formula's shape is not known here, or the
    /// polynomial does not hold at the walk's last unit.
    fn candidates(&mut self, walk: Walk, w: &str) -> Option<Vec<u64>> {
        let others: Vec<String> = self
            .point(walk.first)
            .ranking
            .ranked
            .iter()
            .map(|o| o.bidder.clone())
            .filter(|b| b != w)
            .collect();
        let mut found = Vec::new();
        for j in others {
            let mut value = |t: u64| {
                let formula = self.ev.tender.award.price_formula.clone();
                weighted_gap(&formula, self.point(walk.at(t)), w, &j)
            };
            let (p0, p1, p2) = (value(0)?, value(1)?, value(2)?);
            let q = Quadratic::through(&p0, &p1, &p2);
            if q.at(walk.len()) != value(walk.len())? {
                return None;
            }
            for strict in [false, true] {
                found.extend(q.first_at_most_zero(walk.len(), strict));
            }
        }
        found.sort_unstable();
        found.dedup();
        Some(found)
    }
}

/// A run of units, from `first` to `last` (either way).
#[derive(Clone, Copy, Debug)]
struct Walk {
    first: u64,
    last: u64,
}

impl Walk {
    fn len(&self) -> u64 {
        self.first.abs_diff(self.last)
    }

    fn at(&self, t: u64) -> u64 {
        if self.last >= self.first {
            self.first + t
        } else {
            self.first - t
        }
    }
}

/// (total of W − total of j) × the formula's positive factor, at a point: a polynomial
/// of degree 2 at most in the usage on a sub-piece. `None` for a formula without such a
/// factor, a factor of zero, or an offer not ranked.
fn weighted_gap(formula: &PriceFormula, p: &Point, w: &str, j: &str) -> Option<Exact> {
    let find = |b: &str| p.ranking.ranked.iter().find(|o| o.bidder == b);
    let (ow, oj) = (find(w)?, find(j)?);
    let r = p.ranking.price_reference.as_ref()?;
    let range_to_budget = || r.budget.as_ref().map(|b| b.sub(&r.lowest));
    let factor = match formula {
        PriceFormula::Proportional => ow.compared_price.mul(&oj.compared_price),
        PriceFormula::Linear => r.lowest.clone(),
        PriceFormula::LinearRange => r.highest.sub(&r.lowest),
        PriceFormula::LinearBudget => range_to_budget()?,
        PriceFormula::Concave { alpha } if *alpha == rust_decimal::Decimal::ONE => {
            range_to_budget()?
        }
        PriceFormula::RankPoints(_) => Exact::one(),
        PriceFormula::Concave { .. } | PriceFormula::Bilinear { .. } => return None,
    };
    if factor.is_zero() || factor.is_negative() {
        return None;
    }
    Some(ow.total.sub(&oj.total).mul(&factor))
}

/// α t² + β t + γ, exactly.
struct Quadratic {
    alpha: Exact,
    beta: Exact,
    gamma: Exact,
}

impl Quadratic {
    /// The polynomial of degree 2 at most through (0, p0), (1, p1), (2, p2).
    fn through(p0: &Exact, p1: &Exact, p2: &Exact) -> Quadratic {
        let half = Exact::from_decimal(rust_decimal::Decimal::new(5, 1));
        let alpha = p2.sub(&p1.mul(&Exact::from_i128(2))).add(p0).mul(&half);
        let beta = p1.sub(p0).sub(&alpha);
        Quadratic {
            alpha,
            beta,
            gamma: p0.clone(),
        }
    }

    fn at(&self, t: u64) -> Exact {
        let t = Exact::from_u64(t);
        self.gamma.add(&t.mul(&self.beta.add(&self.alpha.mul(&t))))
    }

    /// The first t in 0..=len where the value is ≤ 0 (`strict`: < 0): each part of the
    /// range on which the polynomial is monotone is searched by bisection.
    fn first_at_most_zero(&self, len: u64, strict: bool) -> Option<u64> {
        let hit = |q: &Quadratic, t: u64| {
            let v = q.at(t);
            v.is_negative() || (!strict && v.is_zero())
        };
        let mut parts = vec![(0, len)];
        if !self.alpha.is_zero() {
            // The vertex −β ÷ 2α: monotone on each side of it.
            let two_alpha = self.alpha.mul(&Exact::from_i128(2));
            if let Some(v) = Exact::zero().sub(&self.beta).div(&two_alpha) {
                let k = v.floor();
                if k >= 0 && (k as u128) < u128::from(len) {
                    let k = k as u64;
                    parts = vec![(0, k), (k + 1, len)];
                }
            }
        }
        for (lo, hi) in parts {
            if hit(self, lo) {
                return Some(lo);
            }
            if !hit(self, hi) {
                continue;
            }
            // hit(lo) false, hit(hi) true, monotone: the hits are a suffix.
            let (mut lo, mut hi) = (lo, hi);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if hit(self, mid) { hi = mid } else { lo = mid }
            }
            return Some(hi);
        }
        None
    }
}

/// Adds the units where `cost`'s formula changes (as a function of `measure`) to
/// `starts`: after the quota, at every block of 1 000 accounts, where a reduction per
/// access reaches the price.
pub(super) fn model_starts(
    cost: &NormalisedCost,
    measure: Measure,
    lo: u64,
    hi: u64,
    starts: &mut Vec<u64>,
) {
    if Measure::of_model(cost.model) != Some(measure) {
        return;
    }
    let Some(q) = cost
        .quota
        .as_ref()
        .and_then(|q| u64::try_from(q.value).ok())
    else {
        return;
    };
    let mut push = |n: u64| {
        if n > lo && n <= hi {
            starts.push(n);
        }
    };
    push(q.saturating_add(1));
    match cost.model {
        PricingModel::ActiveAccounts => block_starts(q, lo, hi).for_each(&mut push),
        PricingModel::SimultaneousAccesses => {
            // The price minus the reduction reaches 0 at q − price ÷ rate.
            let rate = cost
                .reduction
                .as_ref()
                .map(|r| Exact::from_decimal(r.value));
            if let Some(x) = rate.and_then(|r| Exact::from_decimal(cost.price.value).div(&r)) {
                let k = Exact::from_u64(q).sub(&x).floor();
                for t in [k, k + 1] {
                    if let Ok(t) = u64::try_from(t) {
                        push(t);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Every n ≡ q + 1 (mod 1 000) in (lo, hi]: where a block of 1 000 accounts is begun
/// above the quota q, or the last unit of a complete block below it.
fn block_starts(q: u64, lo: u64, hi: u64) -> impl Iterator<Item = u64> {
    let r = (q % 1000 + 1) % 1000;
    let first = lo + 1 + (r + 1000 - (lo + 1) % 1000) % 1000;
    (first..=hi).step_by(1000)
}

/// Sorted, deduplicated starts to (first, last) pieces ending at `hi`.
fn to_pieces(mut starts: Vec<u64>, hi: u64) -> Vec<(u64, u64)> {
    starts.sort_unstable();
    starts.dedup();
    let ends = starts.iter().skip(1).map(|s| s - 1).chain([hi]);
    starts.iter().copied().zip(ends).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(n: i128) -> Exact {
        Exact::from_i128(n)
    }

    #[test]
    fn a_quadratic_through_three_points_and_its_first_non_positive_value() {
        // (t − 3)(t − 7) = t² − 10t + 21: 21, 12, 5 at t = 0, 1, 2.
        let q = Quadratic::through(&e(21), &e(12), &e(5));
        assert_eq!(q.at(3), e(0));
        assert_eq!(q.at(10), e(21));
        // ≤ 0 first at 3; < 0 first at 4; on 0..=2 never.
        assert_eq!(q.first_at_most_zero(10, false), Some(3));
        assert_eq!(q.first_at_most_zero(10, true), Some(4));
        assert_eq!(q.first_at_most_zero(2, false), None);
        // Negative again only inside: −(t − 3)(t − 7) is ≤ 0 from 0 to 3 and from 7.
        let neg = Quadratic::through(&e(-21), &e(-12), &e(-5));
        assert_eq!(neg.first_at_most_zero(10, false), Some(0));
        // 100 − 7t: first < 0 at t = 15 (100 − 105), found by bisection.
        let line = Quadratic::through(&e(100), &e(93), &e(86));
        assert_eq!(line.first_at_most_zero(1000, true), Some(15));
    }

    #[test]
    fn pieces_start_after_the_quota_and_at_every_block_of_a_thousand() {
        // Quota 5 000: the cost changes at 5 001, 6 001 … (a block begun above) and at
        // 4 001, 3 001 … (one block fewer completed below: 4 000 is 1 block, 4 001 none).
        let starts: Vec<u64> = block_starts(5000, 0, 8000).collect();
        assert_eq!(starts, [1, 1001, 2001, 3001, 4001, 5001, 6001, 7001]);
        let starts: Vec<u64> = block_starts(2500, 3000, 6000).collect();
        assert_eq!(starts, [3501, 4501, 5501]);
        assert_eq!(
            block_starts(999, 0, 999).collect::<Vec<_>>(),
            Vec::<u64>::new()
        );
        assert_eq!(
            to_pieces(vec![0, 10, 5, 10], 20),
            vec![(0, 4), (5, 9), (10, 20)]
        );
    }

    #[test]
    fn a_walk_goes_either_way() {
        let down = Walk { first: 10, last: 7 };
        assert_eq!((down.len(), down.at(0), down.at(3)), (3, 10, 7));
        let up = Walk { first: 7, last: 10 };
        assert_eq!((up.len(), up.at(3)), (3, 10));
    }
}

//! Break-even points as a factor on the whole estimate: every measure of the scope's
//! estimate scaled together by f, as a sweep scales them (⌊f × estimate⌋ for each
//! measure, whole units, the fraction dropped).
//!
//! A scaled usage ⌊f × E⌋ only changes where f × E reaches a whole number, at f = k ÷ E;
//! between two such points every usage, so every cost and mark, is the same. So the
//! outcome is known exactly from those points alone, and each answer is one of them, a
//! rational number: the smallest factor above 1 (and the largest below) where the holder
//! differs, with the usages there.
//!
//! - When the offers that move with usage all move with one measure m, the answer is the
//!   per-measure break-even point n (found from the pieces, crossings and the polynomial
//!   of the mark gap, [`super::breakeven`]) brought to the factor n ÷ E_m; it is then
//!   confirmed by the award code at the usages of that factor and of the point before.
//! - When offers move with different measures, the points k ÷ E of every measure are
//!   taken in order and each is evaluated by the award code, up to
//!   [`breakeven::SCAN_LIMIT`] points; beyond, the search says it was not computed. The
//!   active accounts' points are only those where a price by blocks of 1 000 can
//!   change (see [`stepped`]).

use super::breakeven::{self, NotComputed, Search};
use super::{Evaluator, Measure};
use crate::exact::Exact;
use crate::pricing::ScopeFacts;

/// A change of holder at a factor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactorChange {
    /// Going up: the smallest factor where the holder differs. Going down: the largest
    /// factor below 1 where it differs (every factor from it to the next point gives the
    /// same usages).
    pub factor: Exact,
    /// The usages at that factor.
    pub facts: ScopeFacts,
    pub to: Option<String>,
}

/// The outcome of a search in one direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FactorSearch {
    Change(FactorChange),
    Unchanged,
    NotComputed(NotComputed),
}

/// Who holds a criterion at the estimate (factor 1), and the factors where that changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactorStability {
    pub holder: Option<String>,
    pub below: FactorSearch,
    pub above: FactorSearch,
    /// The smallest factor from which the holder holds up to 1 (0 when it never changes
    /// below); `None` when the search below was not computed.
    pub stays_from: Option<Exact>,
}

/// The break-even factors of one lot and scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactorBreakEven {
    pub estimate: ScopeFacts,
    /// The range searched: factors from 0 to `highest`.
    pub highest: Exact,
    /// The measures some offer's cost moves with (and whose estimate is not 0).
    pub measures: Vec<Measure>,
    pub cheapest: FactorStability,
    pub winner: FactorStability,
}

/// The estimate with every measure scaled by `f`: ⌊f × estimate⌋, as a sweep scales it;
/// `None` when a usage would not fit in 64 bits (or `f` is negative).
pub fn facts_at(estimate: &ScopeFacts, f: &Exact) -> Option<ScopeFacts> {
    let mut facts = *estimate;
    for m in Measure::ALL {
        let n = f.mul(&Exact::from_u64(m.get(estimate))).floor();
        facts = m.set(&facts, u64::try_from(n).ok()?);
    }
    Some(facts)
}

/// k ÷ e; `None` for e = 0.
fn ratio(k: u64, e: u64) -> Option<Exact> {
    Exact::from_u64(k).div(&Exact::from_u64(e))
}

/// The break-even factors between 0 and `highest` (at least 1).
pub fn break_even(ev: &Evaluator, highest: Exact) -> FactorBreakEven {
    let highest = highest.max(Exact::one());
    let measures = moving_measures(ev, &highest);
    let start = ev.at(&ev.estimate);
    let holders = [
        start.cheapest().map(str::to_owned),
        start.winner().map(str::to_owned),
    ];
    let [cheapest, winner] = match measures.as_slice() {
        [] => holders.map(|holder| FactorStability {
            holder,
            below: FactorSearch::Unchanged,
            above: FactorSearch::Unchanged,
            stays_from: Some(Exact::zero()),
        }),
        [m] => one_measure(ev, *m, &highest, holders),
        _ => several_measures(ev, &measures, &highest, holders),
    };
    FactorBreakEven {
        estimate: ev.estimate,
        highest,
        measures,
        cheapest,
        winner,
    }
}

/// The measures of the offers' models, priced at 0, the estimate and the highest factor,
/// leaving out those whose estimate is 0 (scaling 0 gives 0).
fn moving_measures(ev: &Evaluator, highest: &Exact) -> Vec<Measure> {
    let mut found: Vec<Measure> = Vec::new();
    let ends = [
        Some(ev.estimate),
        facts_at(&ev.estimate, &Exact::zero()),
        facts_at(&ev.estimate, highest),
    ];
    for facts in ends.into_iter().flatten() {
        for cost in ev.costs_at(&facts).into_iter().flatten() {
            if let Some(m) = Measure::of_model(cost.model)
                && m.get(&ev.estimate) > 0
                && !found.contains(&m)
            {
                found.push(m);
            }
        }
    }
    found.sort();
    found
}

fn holder_of(ev: &Evaluator, facts: &ScopeFacts, winner: bool) -> Option<String> {
    let p = ev.at(facts);
    let h = if winner { p.winner() } else { p.cheapest() };
    h.map(str::to_owned)
}

/// One measure moves: the per-measure break-even points brought to factors, each
/// confirmed at its factor and the point before; a point that is not confirmed sends the
/// search to the point-by-point walk.
fn one_measure(
    ev: &Evaluator,
    m: Measure,
    highest: &Exact,
    holders: [Option<String>; 2],
) -> [FactorStability; 2] {
    let e = m.get(&ev.estimate);
    let top = u64::try_from(highest.mul(&Exact::from_u64(e)).floor()).unwrap_or(u64::MAX / 2);
    let b = breakeven::break_even(ev, m, top);
    let both = holders.clone();
    let [c, w] = holders;
    [(0, &b.cheapest, c), (1, &b.winner, w)].map(|(i, s, holder)| {
        let winner = i == 1;
        let found = (
            translate(ev, e, &s.below, winner, &holder, false),
            translate(ev, e, &s.above, winner, &holder, true),
        );
        let (below, above) = match found {
            (Some(b), Some(a)) => (b, a),
            _ => {
                let [below, above] = walk_both(ev, &[m], highest, &both);
                (below[i].clone(), above[i].clone())
            }
        };
        stability(holder, below, above, &[e])
    })
}

/// A per-measure answer as a factor, `None` when the award code does not confirm it at
/// the usages of the factor and of the point before.
fn translate(
    ev: &Evaluator,
    e: u64,
    s: &Search,
    winner: bool,
    holder: &Option<String>,
    up: bool,
) -> Option<FactorSearch> {
    let c = match s {
        Search::Change(c) => c,
        Search::Unchanged => return Some(FactorSearch::Unchanged),
        Search::NotComputed(r) => return Some(FactorSearch::NotComputed(*r)),
    };
    let factor = ratio(c.at, e)?;
    let before = if up { c.at.checked_sub(1)? } else { c.at + 1 };
    let facts = facts_at(&ev.estimate, &factor)?;
    let there = holder_of(ev, &facts, winner);
    let previous = holder_of(ev, &facts_at(&ev.estimate, &ratio(before, e)?)?, winner);
    (there == c.to && there != *holder && previous == *holder).then_some(FactorSearch::Change(
        FactorChange {
            factor,
            facts,
            to: there,
        },
    ))
}

/// The range's lower end: the point after the change below (0 when none).
fn stability(
    holder: Option<String>,
    below: FactorSearch,
    above: FactorSearch,
    estimates: &[u64],
) -> FactorStability {
    let stays_from = match &below {
        FactorSearch::Change(c) => next_point(&c.factor, estimates),
        FactorSearch::Unchanged => Some(Exact::zero()),
        FactorSearch::NotComputed(_) => None,
    };
    FactorStability {
        holder,
        below,
        above,
        stays_from,
    }
}

/// The smallest point k ÷ E (over the estimates E) above `f`.
fn next_point(f: &Exact, estimates: &[u64]) -> Option<Exact> {
    estimates
        .iter()
        .filter_map(|&e| {
            let k = f.mul(&Exact::from_u64(e)).floor().checked_add(1)?;
            ratio(u64::try_from(k).ok()?, e)
        })
        .min()
}

/// Several measures move: both directions walked point by point.
fn several_measures(
    ev: &Evaluator,
    measures: &[Measure],
    highest: &Exact,
    holders: [Option<String>; 2],
) -> [FactorStability; 2] {
    let estimates: Vec<u64> = measures.iter().map(|m| m.get(&ev.estimate)).collect();
    let [below, above] = walk_both(ev, measures, highest, &holders);
    let [c_below, w_below] = below;
    let [c_above, w_above] = above;
    let [cheapest, winner] = holders;
    [
        stability(cheapest, c_below, c_above, &estimates),
        stability(winner, w_below, w_above, &estimates),
    ]
}

/// Both directions walked: `[below, above]`, each `[cheapest, winner]`.
fn walk_both(
    ev: &Evaluator,
    measures: &[Measure],
    highest: &Exact,
    holders: &[Option<String>; 2],
) -> [[FactorSearch; 2]; 2] {
    [false, true].map(|up| walk(ev, measures, highest, holders, up, true))
}

/// The points k ÷ E of the measures, from 1 up to `highest` or down to 0, in order: for
/// the cheapest offer and the winner (`holders`), the first point whose holder differs.
/// Each point is priced and ranked once for both.
fn walk(
    ev: &Evaluator,
    measures: &[Measure],
    highest: &Exact,
    holders: &[Option<String>; 2],
    up: bool,
    stepping: bool,
) -> [FactorSearch; 2] {
    let estimates: Vec<u64> = measures.iter().map(|m| m.get(&ev.estimate)).collect();
    let mut points = if stepping {
        Points::stepped(&estimates, stepped(ev, measures, highest, up), up)
    } else {
        Points::new(&estimates, up)
    };
    let mut found: [Option<FactorSearch>; 2] = [None, None];
    let mut evaluated = 0;
    while let Some(f) = points.next_point() {
        if (up && f > *highest) || found.iter().all(Option::is_some) {
            break;
        }
        evaluated += 1;
        if evaluated > breakeven::SCAN_LIMIT {
            return found.map(|x| x.unwrap_or(FactorSearch::NotComputed(NotComputed::TooLong)));
        }
        let Some(facts) = facts_at(&ev.estimate, &f) else {
            return found.map(|x| x.unwrap_or(FactorSearch::NotComputed(NotComputed::TooLong)));
        };
        let p = ev.at(&facts);
        let now = [p.cheapest(), p.winner()];
        for ((slot, h), holder) in found.iter_mut().zip(now).zip(holders) {
            if slot.is_none() && h != holder.as_deref() {
                *slot = Some(FactorSearch::Change(FactorChange {
                    factor: f.clone(),
                    facts,
                    to: h.map(str::to_owned),
                }));
            }
        }
    }
    found.map(|x| x.unwrap_or(FactorSearch::Unchanged))
}

/// The points k ÷ E of several estimates E, merged in order from 1 (excluded), going up
/// without end or down to 0 (included). A measure may be `stepped`: only its points
/// where a cost can change are given (see [`stepped`]).
struct Points<'e> {
    estimates: &'e [u64],
    /// Per measure, the only usages to visit (sorted), or `None`: every one.
    steps: Vec<Option<Vec<u64>>>,
    next: Vec<Option<u64>>,
    up: bool,
}

impl<'e> Points<'e> {
    fn new(estimates: &'e [u64], up: bool) -> Self {
        Self::stepped(estimates, vec![None; estimates.len()], up)
    }

    fn stepped(estimates: &'e [u64], steps: Vec<Option<Vec<u64>>>, up: bool) -> Self {
        let mut p = Points {
            estimates,
            next: Vec::new(),
            steps,
            up,
        };
        p.next = (0..estimates.len())
            .map(|i| p.advance(i, estimates[i]))
            .collect();
        p
    }

    /// The usage after `k` in the walk's direction for measure `i`.
    fn advance(&self, i: usize, k: u64) -> Option<u64> {
        match (self.steps.get(i).and_then(Option::as_ref), self.up) {
            (None, true) => k.checked_add(1),
            (None, false) => k.checked_sub(1),
            (Some(list), true) => list.get(list.partition_point(|&s| s <= k)).copied(),
            (Some(list), false) => list[..list.partition_point(|&s| s < k)].last().copied(),
        }
    }

    fn next_point(&mut self) -> Option<Exact> {
        let values: Vec<Option<Exact>> = self
            .next
            .iter()
            .zip(self.estimates)
            .map(|(k, &e)| k.and_then(|k| ratio(k, e)))
            .collect();
        let best = values.iter().flatten().cloned();
        let best = if self.up { best.min() } else { best.max() }?;
        for (i, v) in values.iter().enumerate() {
            if v.as_ref() == Some(&best) {
                self.next[i] = self.next[i].and_then(|k| self.advance(i, k));
            }
        }
        Some(best)
    }
}

/// For each measure, the usages where some offer's cost can change when it is the
/// active accounts: a price by blocks of 1 000 accounts (model 1.1) changes only after
/// its quota and where a block of 1 000 is begun above it or completed below it (the
/// same points as the break-even's pieces), so the points in between change no cost, and
/// the award, which sees usage only through the costs, cannot change there either. Going
/// up the usages are those starts; going down, the unit before each. `None` (every
/// usage) for the other measures, whose costs move unit by unit, and for all when an
/// offer's model is not known.
fn stepped(
    ev: &Evaluator,
    measures: &[Measure],
    highest: &Exact,
    up: bool,
) -> Vec<Option<Vec<u64>>> {
    let mut known: Vec<Option<crate::pricing::NormalisedCost>> = vec![None; ev.bids.len()];
    let ends = [
        Some(ev.estimate),
        facts_at(&ev.estimate, &Exact::zero()),
        facts_at(&ev.estimate, highest),
    ];
    for facts in ends.into_iter().flatten() {
        for (slot, cost) in known.iter_mut().zip(ev.costs_at(&facts)) {
            if slot.is_none() {
                *slot = cost;
            }
        }
    }
    if known.iter().any(Option::is_none) {
        return vec![None; measures.len()];
    }
    measures
        .iter()
        .map(|&m| {
            if m != Measure::ActiveAccounts {
                return None;
            }
            let top =
                u64::try_from(highest.mul(&Exact::from_u64(m.get(&ev.estimate))).floor()).ok()?;
            let mut starts = Vec::new();
            for c in known.iter().flatten() {
                breakeven::model_starts(c, m, 0, top, &mut starts);
            }
            starts.sort_unstable();
            starts.dedup();
            Some(if up {
                starts
            } else {
                starts.iter().map(|s| s - 1).collect()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: u64, d: u64) -> Exact {
        ratio(n, d).unwrap()
    }

    #[test]
    fn the_points_of_two_estimates_merge_in_order() {
        // Estimates 2 and 3: going up 3/2 (=1.5), 4/3, 5/3, 2 (both), 7/3 …
        let mut up = Points::new(&[2, 3], true);
        let got: Vec<Exact> = (0..5).filter_map(|_| up.next_point()).collect();
        assert_eq!(got, vec![q(4, 3), q(3, 2), q(5, 3), q(2, 1), q(7, 3)]);
        // Going down: 2/3, 1/2, 1/3, 0 (both), then none.
        let mut down = Points::new(&[2, 3], false);
        let got: Vec<Exact> = std::iter::from_fn(|| down.next_point()).collect();
        assert_eq!(got, vec![q(2, 3), q(1, 2), q(1, 3), q(0, 1)]);
    }

    #[test]
    fn a_stepped_measure_gives_only_its_listed_usages() {
        // Accounts (estimate 10) stepped at 3, 12 and 15; accesses (estimate 4) every one.
        let steps = vec![Some(vec![3, 12, 15]), None];
        let mut up = Points::stepped(&[10, 4], steps.clone(), true);
        let got: Vec<Exact> = (0..4).filter_map(|_| up.next_point()).collect();
        // 12/10 = 1.2, 5/4 = 1.25, 15/10 = 1.5 (and 6/4), 7/4.
        assert_eq!(got, vec![q(12, 10), q(5, 4), q(15, 10), q(7, 4)]);
        let mut down = Points::stepped(&[10, 4], vec![Some(vec![2, 9]), None], false);
        let got: Vec<Exact> = std::iter::from_fn(|| down.next_point()).collect();
        // 9/10, 3/4, 2/4, 1/4, then 2/10 (0.2 < 0.25), and 0.
        assert_eq!(
            got,
            vec![q(9, 10), q(3, 4), q(2, 4), q(1, 4), q(2, 10), q(0, 1)]
        );
    }

    #[test]
    fn a_factor_scales_every_measure_to_whole_units_and_the_next_point_follows() {
        let estimate = ScopeFacts {
            active_accounts: 300,
            simultaneous_accesses: 7,
            consultations: 1000,
            registered_users: 5,
            population: 9,
        };
        // 13/12: 325 accounts, ⌊7.58⌋ = 7 accesses, ⌊1083.3⌋ = 1 083 consultations.
        let f = facts_at(&estimate, &q(13, 12)).unwrap();
        assert_eq!(
            (
                f.active_accounts,
                f.simultaneous_accesses,
                f.consultations,
                f.population
            ),
            (325, 7, 1083, 9)
        );
        // After 13/12 the next point among 300 and 1000: 326/300 = 1.08667 against
        // 1084/1000 = 1.084: the consultations' first.
        assert_eq!(next_point(&q(13, 12), &[300, 1000]), Some(q(1084, 1000)));
    }

    /// On the shipped example, the factors brought from the per-measure points are those
    /// found by walking the points k ÷ E and asking the award code at each, with the
    /// accounts' points where no cost changes skipped or not.
    #[test]
    fn factors_from_the_pieces_are_those_of_the_point_by_point_walk() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let tender = crate::tender::load(&root.join("examples/grenoble/tender.toml")).unwrap();
        let analysis = crate::analysis::analyse(&tender, &[]).unwrap();
        let evs =
            super::super::evaluators(&tender, &analysis.read, &analysis.evaluation, None, None);
        let highest = q(2, 1);
        let mut checked = 0;
        for ev in &evs {
            let b = break_even(ev, highest.clone());
            let [m] = b.measures.as_slice() else { continue };
            if m.get(&ev.estimate) > 3000 {
                continue;
            }
            let walked = several_measures(
                ev,
                &[*m],
                &highest,
                [b.cheapest.holder.clone(), b.winner.holder.clone()],
            );
            let holders = [b.cheapest.holder.clone(), b.winner.holder.clone()];
            assert_eq!(
                [b.cheapest, b.winner],
                walked,
                "{} {}",
                ev.lot.id,
                ev.scope.id
            );
            // Every point, none skipped: the same.
            let [cb, wb] = walk(ev, &[*m], &highest, &holders, false, false);
            let [ca, wa] = walk(ev, &[*m], &highest, &holders, true, false);
            assert_eq!([&cb, &ca], [&walked[0].below, &walked[0].above]);
            assert_eq!([&wb, &wa], [&walked[1].below, &walked[1].above]);
            checked += 1;
        }
        assert!(checked >= 6, "{checked}");
    }
}

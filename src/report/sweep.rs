//! Part 5's sweep chart: each offer's yearly cost as usage is scaled, lot by lot, for
//! the groupement's scope (or the lot's only scope). The figures are `simulate
//! --sweep`'s, from the same code ([`crate::simulate::sweep`]) at its default factors
//! (50 from 0.25 to 4, every measure together): the chart draws them, nothing is
//! computed twice.

use rust_decimal::Decimal;

use crate::analysis::Analysis;
use crate::simulate::sweep::{self, Scaled};
use crate::simulate::{self, ScopeSweep};
use crate::tender::{GROUPEMENT, Tender};

/// The default factors of a sweep: `--factor 0.25..4 --steps 50`.
pub const LOW: Decimal = Decimal::from_parts(25, 0, 0, false, 2);
pub const HIGH: Decimal = Decimal::from_parts(4, 0, 0, false, 0);
pub const STEPS: u32 = 50;

/// A lot's sweep, or why it has none.
#[derive(Clone, Debug)]
pub enum LotSweep {
    Drawn(ScopeSweep),
    /// A unit-price schedule lot: priced on the tender's own quantities, no usage moves.
    Schedule,
    /// No offer answers for the groupement, and not one scope alone.
    NoScope,
    /// No offer's cost moves with usage: every line would be flat.
    Flat(ScopeSweep),
}

/// Each lot's sweep, in the analysis' lot order.
pub fn sweeps(tender: &Tender, analysis: &Analysis) -> Vec<(String, LotSweep)> {
    let factors = sweep::factors(LOW, HIGH, STEPS).unwrap_or_default();
    analysis
        .lots
        .iter()
        .map(|l| {
            let id = l.lot.clone();
            let Some(lot) = tender.lot(&id) else {
                return (id, LotSweep::NoScope);
            };
            if lot.schedule.is_some() {
                return (id, LotSweep::Schedule);
            }
            let evs = simulate::evaluators(
                tender,
                &analysis.read,
                &analysis.evaluation,
                Some(&id),
                None,
            );
            let ev = evs
                .iter()
                .find(|e| e.scope.id == GROUPEMENT)
                .or(if evs.len() == 1 { evs.first() } else { None });
            let Some(ev) = ev else {
                return (id, LotSweep::NoScope);
            };
            match simulate::sweep_all(std::slice::from_ref(ev), Scaled::All, &factors) {
                Ok(mut s) if !s.is_empty() => {
                    let s = s.remove(0);
                    let moves = s
                        .steps
                        .windows(2)
                        .any(|w| w[0].point.costs != w[1].point.costs);
                    (
                        id,
                        if moves {
                            LotSweep::Drawn(s)
                        } else {
                            LotSweep::Flat(s)
                        },
                    )
                }
                _ => (id, LotSweep::NoScope),
            }
        })
        .collect()
}

//! The draws again, for the lots whose shares need each member's cost alone (SCRB,
//! standalone proportional, equal savings, Shapley without a band tariff): their shares
//! depend on a draw only through each scope's winner and its cost at the draw's usages,
//! which move by steps (blocks of 1 000 accounts…). Once every usage met is priced, the
//! same draws (the same generators) are made again and each draw counted under its kind:
//! for each scope of the lot, the class of its outcome (same winner, same cost). There
//! are few kinds, where there can be as many vectors of members' usages as draws; the
//! shares are computed once per kind, from one of its draws.

use std::collections::{BTreeMap, HashMap};

use super::{Key, LotDraw, Outcome, over_draws, tally};
use crate::exact::Exact;

/// One lot counted by kind: the lot's index among the lots drawn, its scopes (evaluator
/// indexes) and its drawn measures.
pub(super) struct KindLot {
    pub lot: usize,
    pub scopes: Vec<usize>,
    pub measures: Vec<usize>,
}

/// Each evaluator's usages met, numbered by (winner, its cost): equal numbers, the same
/// winner at the same cost.
pub(super) fn classes(outcomes: &[BTreeMap<Key, &Outcome>]) -> Vec<BTreeMap<Key, u32>> {
    outcomes
        .iter()
        .map(|met| {
            let mut seen: BTreeMap<(Option<usize>, Option<&Exact>), u32> = BTreeMap::new();
            met.iter()
                .map(|(k, o)| {
                    let cost = o.winner.and_then(|w| o.costs.get(w)?.as_ref());
                    let next = seen.len() as u32;
                    (*k, *seen.entry((o.winner, cost)).or_insert(next))
                })
                .collect()
        })
        .collect()
}

/// A lot's kinds met: the classes of its scopes → (draws, one draw's members' usages,
/// member by member, the drawn measures in order).
type Kinds = HashMap<Vec<u32>, (u64, Vec<u64>), std::hash::BuildHasherDefault<tally::KeyHasher>>;

/// The same draws as the counting's, each counted under its kind, for each lot of
/// `lots`: one draw of each kind (any: every draw of a kind gives the same shares) with
/// the draws of all, in the order of the kinds.
pub(super) fn count(
    lot_draws: &[LotDraw],
    plans: &[tally::Plan],
    lots: &[KindLot],
    classes: &[BTreeMap<Key, u32>],
    run: super::Pass,
) -> Vec<Vec<(Vec<u64>, u64)>> {
    let fresh = || (vec![Kinds::default(); lots.len()], Vec::new());
    let (kinds, _) = over_draws(
        lot_draws,
        run,
        &|_| {},
        fresh,
        |(kinds, kind): &mut (Vec<Kinds>, Vec<u32>), drawn| {
            for (kl, met) in lots.iter().zip(kinds.iter_mut()) {
                let usages = &drawn[kl.lot];
                kind.clear();
                kind.extend(kl.scopes.iter().map(|&e| {
                    let key = plans[e].key_at(|m, k| usages[m][k]);
                    classes[e].get(&key).copied().unwrap_or(u32::MAX)
                }));
                match met.get_mut(kind.as_slice()) {
                    Some((n, _)) => *n += 1,
                    None => {
                        let vector = usages
                            .iter()
                            .flat_map(|u| kl.measures.iter().map(|&k| u[k]))
                            .collect();
                        met.insert(kind.clone(), (1, vector));
                    }
                }
            }
        },
        |(mut a, buffer), (b, _)| {
            for (a, b) in a.iter_mut().zip(b) {
                for (kind, (n, v)) in b {
                    a.entry(kind).or_insert((0, v)).0 += n;
                }
            }
            (a, buffer)
        },
    );
    kinds
        .into_iter()
        .map(|met| {
            let mut sorted: Vec<_> = met.into_iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            sorted.into_iter().map(|(_, (n, v))| (v, n)).collect()
        })
        .collect()
}

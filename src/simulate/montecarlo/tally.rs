//! Counting how often each lot and scope meets each usage over a chunk of draws.
//!
//! A scope's usage is the sum of its members' drawn usages, on the measures its offers'
//! costs move with (the others cannot change a cost: they stay at the estimate). When
//! one measure moves and its sum is bounded (every law of the scope's members has a
//! bounded support), the counts are kept in an array indexed by the sum; otherwise in a
//! hash map of the usages met. Counts are whole numbers: the totals of several chunks
//! are the same in whatever order they are added, so the threads may each add up their
//! own chunks.

use std::collections::{BTreeMap, HashMap};

use super::Key;

/// At most this many counts in one scope's array (8 bytes each).
const MAX_DENSE: u64 = 1 << 20;

/// How one lot and scope's draws are counted.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    /// The lot's index among the lots drawn.
    pub lot: usize,
    /// The scope's members: indexes in the lot's draw.
    pub members: Vec<usize>,
    /// The usage when nothing moves: the estimate.
    pub base: Key,
    pub how: How,
}

impl Plan {
    /// The usage counted for one draw (`usage(member, k)`): the key its count is under.
    pub fn key_at(&self, usage: impl Fn(usize, usize) -> u64) -> Key {
        let sum = |k: usize| {
            self.members
                .iter()
                .fold(0u64, |s, &m| s.saturating_add(usage(m, k)))
        };
        match &self.how {
            How::Constant => self.base,
            How::Dense { k, .. } => self.with(*k, sum(*k)),
            How::Sparse { ks } => {
                let mut key = [self.base.0, self.base.1, self.base.2];
                for &k in ks {
                    key[k] = sum(k);
                }
                (key[0], key[1], key[2])
            }
        }
    }

    /// The base usage with measure `k` at `n`.
    fn with(&self, k: usize, n: u64) -> Key {
        let mut key = [self.base.0, self.base.1, self.base.2];
        key[k] = n;
        (key[0], key[1], key[2])
    }
}

#[derive(Clone, Debug)]
pub(super) enum How {
    /// No measure an offer's cost moves with is drawn: every draw meets `base`.
    Constant,
    /// One measure `k` moves, its sum between `low` and `low + len − 1`.
    Dense { k: usize, low: u64, len: usize },
    /// These measures move (or one without bounds): a map of the usages met.
    Sparse { ks: Vec<usize> },
}

/// A hasher for the counts' keys (integers drawn by this program, not by anyone who
/// could aim at collisions): a multiply-and-rotate per word, much cheaper than SipHash.
#[derive(Default, Clone, Copy)]
pub(super) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

pub(super) type Counts<K> = HashMap<K, u64, std::hash::BuildHasherDefault<KeyHasher>>;

/// One scope's counts.
#[derive(Clone, Debug)]
enum Tally {
    Constant(u64),
    /// The counts by sum, and (never met while the bounds are right) any sum outside.
    Dense(Vec<u64>, Counts<Key>),
    Sparse(Counts<Key>),
}

/// The counts of every lot and scope over some chunks.
#[derive(Clone, Debug)]
pub(super) struct Tallies(Vec<Tally>);

impl Tallies {
    pub fn new(plans: &[Plan]) -> Tallies {
        Tallies(
            plans
                .iter()
                .map(|p| match p.how {
                    How::Constant => Tally::Constant(0),
                    How::Dense { len, .. } => Tally::Dense(vec![0; len], Counts::default()),
                    How::Sparse { .. } => Tally::Sparse(Counts::default()),
                })
                .collect(),
        )
    }

    /// Counts one draw: `usage(lot, member, k)` is the member's drawn usage.
    #[inline]
    pub fn count(&mut self, plans: &[Plan], usage: impl Fn(usize, usize, usize) -> u64) {
        for (tally, plan) in self.0.iter_mut().zip(plans) {
            let sum = |k: usize| {
                plan.members
                    .iter()
                    .fold(0u64, |s, &m| s.saturating_add(usage(plan.lot, m, k)))
            };
            match (tally, &plan.how) {
                (Tally::Constant(n), _) => *n += 1,
                (Tally::Dense(counts, outside), How::Dense { k, low, .. }) => {
                    let s = sum(*k);
                    match s
                        .checked_sub(*low)
                        .and_then(|i| usize::try_from(i).ok())
                        .and_then(|i| counts.get_mut(i))
                    {
                        Some(c) => *c += 1,
                        None => *outside.entry(plan.with(*k, s)).or_insert(0) += 1,
                    }
                }
                (Tally::Sparse(map), How::Sparse { ks }) => {
                    let mut key = [plan.base.0, plan.base.1, plan.base.2];
                    for &k in ks {
                        key[k] = sum(k);
                    }
                    *map.entry((key[0], key[1], key[2])).or_insert(0) += 1;
                }
                _ => {}
            }
        }
    }

    /// The counts of `self` and `other` together.
    pub fn add(mut self, other: Tallies) -> Tallies {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            match (a, b) {
                (Tally::Constant(x), Tally::Constant(y)) => *x += y,
                (Tally::Dense(x, xo), Tally::Dense(y, yo)) => {
                    for (x, y) in x.iter_mut().zip(y) {
                        *x += y;
                    }
                    for (k, n) in yo {
                        *xo.entry(k).or_insert(0) += n;
                    }
                }
                (Tally::Sparse(x), Tally::Sparse(y)) => {
                    for (k, n) in y {
                        *x.entry(k).or_insert(0) += n;
                    }
                }
                _ => {}
            }
        }
        self
    }

    /// Each scope's usages met, with how many draws met each.
    pub fn usages(self, plans: &[Plan]) -> Vec<BTreeMap<Key, u64>> {
        self.0
            .into_iter()
            .zip(plans)
            .map(|(tally, plan)| match (tally, &plan.how) {
                (Tally::Constant(n), _) => (n > 0).then_some((plan.base, n)).into_iter().collect(),
                (Tally::Dense(counts, outside), How::Dense { k, low, .. }) => counts
                    .into_iter()
                    .enumerate()
                    .filter(|(_, n)| *n > 0)
                    .map(|(i, n)| (plan.with(*k, low + i as u64), n))
                    .chain(outside)
                    .collect(),
                (Tally::Sparse(map), _) => map.into_iter().collect(),
                _ => BTreeMap::new(),
            })
            .collect()
    }
}

/// Each distinct vector of the members' drawn usages of some lots (member by member, the
/// lot's drawn measures in order), counted: for the shares that need each member's own
/// draw (see [`super::members`]).
#[derive(Clone, Debug)]
pub(super) struct Joint(Vec<Option<Counts<Vec<u64>>>>);

impl Joint {
    /// `kept[l]`: whether lot l's vectors are counted.
    pub fn new(kept: &[bool]) -> Joint {
        Joint(kept.iter().map(|k| k.then(Counts::default)).collect())
    }

    /// Counts lot `l`'s draw (`usages`, a usage per member and measure), `measures` its
    /// drawn measures; `buffer` is reused from draw to draw.
    #[inline]
    pub fn count(
        &mut self,
        l: usize,
        usages: &[[u64; 3]],
        measures: &[usize],
        buffer: &mut Vec<u64>,
    ) {
        let Some(Some(map)) = self.0.get_mut(l) else {
            return;
        };
        buffer.clear();
        for u in usages {
            buffer.extend(measures.iter().map(|&k| u[k]));
        }
        match map.get_mut(buffer.as_slice()) {
            Some(n) => *n += 1,
            None => {
                map.insert(buffer.clone(), 1);
            }
        }
    }

    pub fn add(mut self, other: Joint) -> Joint {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            if let (Some(a), Some(b)) = (a, b) {
                for (k, n) in b {
                    *a.entry(k).or_insert(0) += n;
                }
            }
        }
        self
    }

    /// Each lot's vectors met, in order, with how many draws met each.
    pub fn vectors(self) -> Vec<Vec<(Vec<u64>, u64)>> {
        self.0
            .into_iter()
            .map(|m| {
                let mut v: Vec<(Vec<u64>, u64)> = m.into_iter().flatten().collect();
                v.sort();
                v
            })
            .collect()
    }
}

/// How a scope's draws are counted: `moving[k]`, an offer's cost moves with measure k;
/// `support(m, k)`, the bounds of member m's draws of measure k (`None`: unbounded), equal
/// bounds for a measure not drawn.
pub(super) fn how(
    members: &[usize],
    moving: [bool; 3],
    support: impl Fn(usize, usize) -> Option<(u64, u64)>,
) -> How {
    let drawn = |k: usize| {
        members
            .iter()
            .any(|&m| support(m, k).is_none_or(|(lo, hi)| lo != hi))
    };
    let ks: Vec<usize> = (0..3).filter(|&k| moving[k] && drawn(k)).collect();
    match ks.as_slice() {
        [] => How::Constant,
        [k] => {
            let bounds = members.iter().try_fold((0u64, 0u64), |(lo, hi), &m| {
                let (a, b) = support(m, *k)?;
                Some((lo.checked_add(a)?, hi.checked_add(b)?))
            });
            match bounds {
                Some((low, high)) if high - low < MAX_DENSE => How::Dense {
                    k: *k,
                    low,
                    len: (high - low + 1) as usize,
                },
                _ => How::Sparse { ks },
            }
        }
        _ => How::Sparse { ks },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scope_counts_the_sums_of_its_members_on_the_measures_that_move() {
        // Two members; accounts drawn 10 to 12 and 20 to 25, accesses drawn 1 to 3 for
        // the first, consultations not drawn (7 and 8).
        let support = |m: usize, k: usize| match (m, k) {
            (0, 0) => Some((10, 12)),
            (1, 0) => Some((20, 25)),
            (0, 1) => Some((1, 3)),
            (1, 1) => Some((4, 4)),
            (0, _) => Some((7, 7)),
            _ => Some((8, 8)),
        };
        let both = [0, 1];
        assert!(matches!(
            how(&both, [false, false, true], support),
            How::Constant
        ));
        assert!(matches!(
            how(&both, [true, false, true], support),
            How::Dense {
                k: 0,
                low: 30,
                len: 8
            }
        ));
        assert!(matches!(
            how(&both, [true, true, false], support),
            How::Sparse { .. }
        ));
        let unbounded = |m: usize, k: usize| if k == 0 { None } else { support(m, k) };
        assert!(matches!(
            how(&both, [true, false, false], unbounded),
            How::Sparse { .. }
        ));

        let plan = |how: How| Plan {
            lot: 0,
            members: both.to_vec(),
            base: (30, 5, 15),
            how,
        };
        let plans = [
            plan(how(&both, [false, false, true], support)),
            plan(how(&both, [true, false, false], support)),
            plan(how(&both, [true, true, false], support)),
        ];
        let draws = [
            [[10, 1, 7], [20, 4, 8]],
            [[12, 3, 7], [25, 4, 8]],
            [[10, 1, 7], [20, 4, 8]],
        ];
        let mut first = Tallies::new(&plans);
        let mut second = Tallies::new(&plans);
        first.count(&plans, |_, m, k| draws[0][m][k]);
        first.count(&plans, |_, m, k| draws[1][m][k]);
        second.count(&plans, |_, m, k| draws[2][m][k]);
        let usages = first.add(second).usages(&plans);
        assert_eq!(usages[0], BTreeMap::from([((30, 5, 15), 3)]));
        assert_eq!(
            usages[1],
            BTreeMap::from([((30, 5, 15), 2), ((37, 5, 15), 1)])
        );
        assert_eq!(
            usages[2],
            BTreeMap::from([((30, 5, 15), 2), ((37, 7, 15), 1)])
        );
    }
}

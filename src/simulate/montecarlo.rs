//! Monte Carlo: usage drawn from the tender file's laws, member by member and lot by lot;
//! for each offer, how often it is the cheapest and the winner, with a confidence
//! interval, and its expected and 90th-percentile yearly cost.
//!
//! Each draw's offers are priced and ranked by the same exact pipeline as `rank`
//! ([`Evaluator::at`]): the figures of a draw are exact, only the draws are random. The
//! draws only count how often each lot and scope meets each usage (whole numbers, met
//! again and again); each usage met is then priced and ranked once. A scope is counted
//! only on the measures its offers' costs move with (see [`tally`]). The draws are made
//! in fixed chunks of [`CHUNK`], each with its own generator seeded from (seed, chunk
//! index); the chunks' counts are whole numbers, whose totals do not depend on the order
//! they are added in, and the exact sums are made from the totals: the result is the same
//! whatever the number of threads.
//!
//! Members' draws of a lot are tied by a Gaussian copula: each member's quantile comes
//! from √ρ · Z + √(1 − ρ) · εᵢ, Z shared by the members for the measure and lot, εᵢ its
//! own (ρ = `[simulate] correlation`). A `resample` law (12 months drawn from last year's
//! months) is drawn independently. A triangular or PERT law's usages are found once per
//! run as steps on the deviate (see [`quantile`]) when the draws are many enough to pay
//! for it.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;

mod kinds;
mod members;
mod quantile;
mod tally;

use super::{Evaluator, Measure};
use crate::exact::Exact;
use crate::pricing::PricingModel;
use crate::pricing::ScopeFacts;
use crate::split::UnsplitReason;
use crate::tender::uncertainty::Law;
use crate::tender::{Lot, ScopeKind, SplitMethod, Tender};
use quantile::phi;

/// Draws per chunk: the unit of work a thread takes, each with its own generator.
pub const CHUNK: u64 = 1000;

/// A probability estimated from draws, with its 95 % Wilson score interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub hits: u64,
    pub draws: u64,
    pub low: f64,
    pub high: f64,
}

impl Estimate {
    /// The Wilson score interval at 95 % (z = 1.959964): unlike p ± z√(p(1 − p)/n), it
    /// stays within [0, 1] and is not empty when no draw (or every draw) hits.
    pub fn wilson(hits: u64, draws: u64) -> Estimate {
        const Z: f64 = 1.959_963_984_540_054;
        if draws == 0 {
            return Estimate {
                hits,
                draws,
                low: 0.0,
                high: 1.0,
            };
        }
        let n = draws as f64;
        let p = hits as f64 / n;
        let z2 = Z * Z;
        let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
        let half = Z / (1.0 + z2 / n) * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
        Estimate {
            hits,
            draws,
            low: (centre - half).max(0.0),
            high: (centre + half).min(1.0),
        }
    }

    pub fn probability(&self) -> f64 {
        if self.draws == 0 {
            0.0
        } else {
            self.hits as f64 / self.draws as f64
        }
    }
}

/// One offer's results over the draws.
#[derive(Clone, Debug)]
pub struct OfferStats {
    pub bidder: String,
    pub cheapest: Estimate,
    pub winner: Estimate,
    /// The draws where the offer could be priced.
    pub priced: u64,
    /// The mean yearly cost HT over those draws, exact.
    pub expected: Option<Exact>,
    /// The 90th percentile of the yearly cost HT over the priced draws (nearest rank).
    pub p90: Option<Exact>,
}

/// The results of one lot and scope.
#[derive(Clone, Debug)]
pub struct ScopeStats {
    pub lot: String,
    pub scope: String,
    pub draws: u64,
    pub offers: Vec<OfferStats>,
}

/// The Monte Carlo's results.
#[derive(Clone, Debug)]
pub struct MonteCarlo {
    pub draws: u64,
    pub seed: u64,
    pub correlation: rust_decimal::Decimal,
    pub scopes: Vec<ScopeStats>,
    /// Each member's share of the groupement's cost, lot by lot (lots simulated for the
    /// groupement's scope only).
    pub shares: Vec<LotShares>,
}

/// One lot's member shares over the draws: the cost of the groupement's winner on total
/// marks at each draw, shared by the lot's split method.
#[derive(Clone, Debug)]
pub struct LotShares {
    pub lot: String,
    pub method: SplitMethod,
    /// The draws where some offer won the groupement's scope (the others share nothing).
    pub split_draws: u64,
    pub members: Result<Vec<MemberShareStats>, SharesNotComputed>,
}

/// One member's share of a lot over the draws (what it pays, fee included, yearly HT).
#[derive(Clone, Debug)]
pub struct MemberShareStats {
    pub member: String,
    /// The mean share over the draws split, exact.
    pub expected: Option<Exact>,
    /// The 90th percentile of the share (nearest rank), exact.
    pub p90: Option<Exact>,
    /// Its yearly cost alone: its own scope's winner at the estimate (`rank`'s figure),
    /// when that scope is simulated.
    pub standalone: Option<Exact>,
    /// How often its share is above that standalone cost, over the draws split.
    pub above_standalone: Option<Estimate>,
}

/// Why a lot's member shares are not given, rather than a wrong figure.
#[derive(Clone, Debug)]
pub enum SharesNotComputed {
    /// The method shares by each member's own drawn usage (the `usage` key on a drawn
    /// measure), and keeping every member's draws would take more memory than allowed
    /// (`members` × `draws` numbers per measure drawn).
    TooManyDraws { members: usize, draws: u64 },
    /// The lot cannot be split at all, as `tender split` says.
    Split(UnsplitReason),
}

/// A law ready to give a usage from a quantile.
#[derive(Clone, Debug)]
enum Sampler {
    Fixed(u64),
    Triangular {
        a: f64,
        c: f64,
        b: f64,
    },
    /// The quantile function tabulated on a fine grid (a beta law has no closed form).
    Pert {
        a: f64,
        b: f64,
        cdf: Vec<f64>,
    },
    LogNormal {
        median: f64,
        sigma: f64,
    },
    Resample(Vec<u64>),
    /// A triangular or PERT law's usages as steps on the normal deviate, found once per
    /// run (see [`quantile`]): the same usages, without Φ or a table per draw.
    Steps {
        low: u64,
        thresholds: Vec<f64>,
    },
}

const PERT_GRID: usize = 4096;

/// At most this many steps kept for one law (8 bytes each).
const MAX_STEPS: u64 = 1 << 22;

impl Sampler {
    fn new(law: Option<&Law>, estimate: u64) -> Sampler {
        match law {
            None => Sampler::Fixed(estimate),
            Some(Law::Triangular { low, mode, high }) => Sampler::Triangular {
                a: *low as f64,
                c: *mode as f64,
                b: *high as f64,
            },
            Some(Law::Pert { low, mode, high }) => {
                let (a, m, b) = (*low as f64, *mode as f64, *high as f64);
                let alpha = 1.0 + 4.0 * (m - a) / (b - a);
                let beta = 1.0 + 4.0 * (b - m) / (b - a);
                Sampler::Pert {
                    a,
                    b,
                    cdf: beta_cdf(alpha, beta),
                }
            }
            Some(Law::LogNormal { median, sigma }) => Sampler::LogNormal {
                median: *median as f64,
                sigma: sigma.to_f64().unwrap_or(0.0),
            },
            Some(Law::Resample { months }) => Sampler::Resample(months.clone()),
            // Read into `Resample` by the caller before the draws (see `cmd::simulate`).
            Some(Law::Counter { .. }) => Sampler::Fixed(estimate),
        }
    }

    /// The same law with its usages tabulated as steps on the normal deviate, when that
    /// is cheaper over `draws` draws than the quantile at each draw (a step costs about
    /// sixteen quantiles to find) and the support is narrow enough to keep.
    fn tabulated(self, draws: u64) -> Sampler {
        let limit = (draws / 16).min(MAX_STEPS);
        let found = match &self {
            Sampler::Triangular { a, c, b } => {
                let cdf = |x: f64| {
                    if x <= *a {
                        0.0
                    } else if x >= *b {
                        1.0
                    } else if x < *c {
                        (x - a) * (x - a) / ((b - a) * (c - a))
                    } else {
                        1.0 - (b - x) * (b - x) / ((b - a) * (b - c))
                    }
                };
                let guess = |k: u64| quantile::inverse_phi(cdf(k as f64 - 0.5));
                quantile::thresholds(|z| self.quantile(z), guess, limit)
            }
            Sampler::Pert { a, b, cdf } => {
                let guess = |k: u64| {
                    let x = ((k as f64 - 0.5 - a) / (b - a)).clamp(0.0, 1.0);
                    quantile::inverse_phi(forward(cdf, x))
                };
                quantile::thresholds(|z| self.quantile(z), guess, limit)
            }
            _ => None,
        };
        match found {
            Some((low, thresholds)) => Sampler::Steps { low, thresholds },
            None => self,
        }
    }

    /// A usage for the normal deviate `z` (the copula's), in whole units.
    fn draw(&self, z: f64, rng: &mut ChaCha8Rng) -> u64 {
        match self {
            Sampler::Fixed(n) => *n,
            Sampler::Steps { low, thresholds } => quantile::usage_at(*low, thresholds, z),
            Sampler::Resample(months) => {
                let mut year = 0u64;
                for _ in 0..12 {
                    year = year.saturating_add(months[rng.random_range(0..months.len())]);
                }
                year
            }
            _ => self.quantile(z),
        }
    }

    /// The smallest and largest usages the law can give; `None` when unbounded.
    fn support(&self) -> Option<(u64, u64)> {
        match self {
            Sampler::Fixed(n) => Some((*n, *n)),
            Sampler::Steps { low, thresholds } => Some((*low, *low + thresholds.len() as u64)),
            Sampler::Triangular { .. } | Sampler::Pert { .. } => Some((
                self.quantile(-quantile::Z_LIMIT),
                self.quantile(quantile::Z_LIMIT),
            )),
            Sampler::LogNormal { .. } => None,
            Sampler::Resample(months) => {
                let (lo, hi) = (months.iter().min()?, months.iter().max()?);
                Some((lo.saturating_mul(12), hi.saturating_mul(12)))
            }
        }
    }

    /// The usage of a continuous law at the normal deviate `z`: its quantile at Φ(z),
    /// rounded to whole units. Non-decreasing in `z`.
    fn quantile(&self, z: f64) -> u64 {
        let x = match self {
            Sampler::Fixed(n) => return *n,
            Sampler::Steps { low, thresholds } => return quantile::usage_at(*low, thresholds, z),
            // Not a function of `z` alone: drawn by `draw`.
            Sampler::Resample(_) => return 0,
            Sampler::Triangular { a, c, b } => {
                let u = phi(z);
                let f = (c - a) / (b - a);
                if u < f {
                    a + (u * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
                }
            }
            Sampler::Pert { a, b, cdf } => a + (b - a) * inverse(cdf, phi(z)),
            Sampler::LogNormal { median, sigma } => median * (sigma * z).exp(),
        };
        // Whole units, half away from zero; a usage is never negative.
        x.round().clamp(0.0, 1e12) as u64
    }
}

/// The distribution function of the beta law (α, β ≥ 1) at the grid's points i ÷ N, by
/// the midpoint rule, scaled to end at 1.
fn beta_cdf(alpha: f64, beta: f64) -> Vec<f64> {
    let n = PERT_GRID;
    let mut cdf = Vec::with_capacity(n + 1);
    let mut sum = 0.0;
    cdf.push(0.0);
    for i in 0..n {
        let x = (i as f64 + 0.5) / n as f64;
        sum += x.powf(alpha - 1.0) * (1.0 - x).powf(beta - 1.0);
        cdf.push(sum);
    }
    let total = sum;
    cdf.iter().map(|v| v / total).collect()
}

/// The tabulated distribution function at x in [0, 1] (linear between the grid's
/// points): the inverse of [`inverse`].
fn forward(cdf: &[f64], x: f64) -> f64 {
    let n = cdf.len() - 1;
    let at = x * n as f64;
    let i = (at.floor() as usize).min(n - 1);
    cdf[i] + (at - i as f64) * (cdf[i + 1] - cdf[i])
}

/// The x in [0, 1] where the tabulated distribution function reaches u (linear between
/// the grid's points).
fn inverse(cdf: &[f64], u: f64) -> f64 {
    let n = cdf.len() - 1;
    let i = cdf.partition_point(|v| *v < u).clamp(1, n);
    let (lo, hi) = (cdf[i - 1], cdf[i]);
    let within = if hi > lo { (u - lo) / (hi - lo) } else { 0.0 };
    ((i - 1) as f64 + within) / n as f64
}

/// The samplers of one lot: per member (in tender order), per measure.
struct LotDraw {
    samplers: Vec<(String, [Sampler; 3])>,
    /// Whether some member's measure k is drawn (else the generator is not asked).
    drawn: [bool; 3],
}

impl LotDraw {
    fn new(tender: &Tender, lot: &Lot, draws: u64) -> LotDraw {
        let samplers: Vec<(String, [Sampler; 3])> = tender
            .members
            .iter()
            .map(|m| {
                let est = lot.usage.get(&m.id).copied().unwrap_or_default();
                let s = |measure: Measure, e: u64| {
                    Sampler::new(tender.uncertainty.law(&lot.id, &m.id, measure.key()), e)
                        .tabulated(draws)
                };
                (
                    m.id.clone(),
                    [
                        s(Measure::ActiveAccounts, est.active_accounts),
                        s(Measure::SimultaneousAccesses, est.simultaneous_accesses),
                        s(Measure::Consultations, est.consultations),
                    ],
                )
            })
            .collect();
        let drawn = [0, 1, 2].map(|k| {
            samplers
                .iter()
                .any(|(_, s)| !matches!(s[k], Sampler::Fixed(_)))
        });
        LotDraw { samplers, drawn }
    }

    /// Each member's usages when not drawn: its estimate (a drawn measure's number is
    /// replaced by the draw's).
    fn fixed(&self) -> Vec<[u64; 3]> {
        self.samplers
            .iter()
            .map(|(_, s)| {
                s.each_ref().map(|s| match s {
                    Sampler::Fixed(n) => *n,
                    _ => 0,
                })
            })
            .collect()
    }

    /// One draw of every member's usage for the lot, into `usages` (in member order, a
    /// usage per measure). A measure no member has a law for takes nothing from the
    /// generator.
    fn draw(&self, copula: Copula, rng: &mut ChaCha8Rng, usages: &mut Vec<[u64; 3]>) {
        usages.resize(self.samplers.len(), [0; 3]);
        let Copula { shared, own } = copula;
        for k in 0..3 {
            let common: f64 = if self.drawn[k] {
                rng.sample(StandardNormal)
            } else {
                0.0
            };
            for (usage, (_, samplers)) in usages.iter_mut().zip(&self.samplers) {
                usage[k] = match &samplers[k] {
                    Sampler::Fixed(n) => *n,
                    sampler => {
                        let e: f64 = rng.sample(StandardNormal);
                        sampler.draw(shared * common + own * e, rng)
                    }
                };
            }
        }
    }
}

/// The measures some offer of the scope prices by (an offer whose model cannot be told,
/// all three): the others cannot move any cost, and stay at the estimate.
fn moving(ev: &Evaluator) -> [bool; 3] {
    let mut moving = [false; 3];
    for bid in &ev.bids {
        let scope = ev.scope.id.as_str();
        let lot = crate::pricing::normalise_lot(
            bid.quote,
            |s| (s == scope).then_some(ev.estimate),
            &ev.factors,
        );
        match lot.model {
            Some(model) => {
                if let Some(m) = Measure::of_model(model) {
                    moving[Measure::ALL.iter().position(|x| *x == m).unwrap_or(0)] = true;
                }
            }
            None => moving = [true; 3],
        }
    }
    moving
}

/// How each evaluator's draws are counted (see [`tally`]).
fn plans(evaluators: &[Evaluator], lots: &[&Lot], lot_draws: &[LotDraw]) -> Vec<tally::Plan> {
    evaluators
        .iter()
        .map(|ev| {
            let at = lots.iter().position(|l| l.id == ev.lot.id).unwrap_or(0);
            let samplers = &lot_draws[at].samplers;
            let members: Vec<usize> = samplers
                .iter()
                .enumerate()
                .filter(|(_, (id, _))| ev.scope.members.contains(id))
                .map(|(i, _)| i)
                .collect();
            let how = tally::how(&members, moving(ev), |m, k| samplers[m].1[k].support());
            tally::Plan {
                lot: at,
                members,
                base: key(&ev.estimate),
                how,
            }
        })
        .collect()
}

/// Whether a lot's members' draws are kept vector by vector (see [`members`]).
#[derive(Clone, Debug)]
enum Keep {
    No,
    /// Kept, for these drawn measures (the `usage` key reads each member's usages).
    Vectors(Vec<usize>),
    /// Counted by kind in a second pass over the draws (see [`kinds`]), for these drawn
    /// measures.
    Kinds(Vec<usize>),
    /// Needed, but too many numbers to keep.
    TooMany(SharesNotComputed),
}

/// For each lot, whether its shares need each member's own draw, and the measures drawn.
fn kept_lots(
    evaluators: &[Evaluator],
    lots: &[&Lot],
    lot_draws: &[LotDraw],
    plans: &[tally::Plan],
    draws: u64,
) -> Vec<Keep> {
    let mut kept = vec![Keep::No; lots.len()];
    for (g, ev) in evaluators.iter().enumerate() {
        if ev.scope.kind != ScopeKind::Groupement {
            continue;
        }
        let l = plans[g].lot;
        let method = ev.tender().split.method_for(&ev.lot.id);
        let moves = !matches!(plans[g].how, tally::How::Constant);
        if !members::needs_members(ev, method, moves) {
            continue;
        }
        let measures: Vec<usize> = (0..3).filter(|&k| lot_draws[l].drawn[k]).collect();
        if !members::reads_usage(&ev.tender().split, method) {
            kept[l] = Keep::Kinds(measures);
            continue;
        }
        let n = lot_draws[l].samplers.len();
        let words = (n as u64)
            .saturating_mul(measures.len() as u64)
            .saturating_mul(draws);
        kept[l] = if words <= members::MAX_WORDS {
            Keep::Vectors(measures)
        } else {
            Keep::TooMany(SharesNotComputed::TooManyDraws { members: n, draws })
        };
    }
    kept
}

/// Every draw, chunk by chunk, each chunk with its own generator seeded from (seed,
/// chunk): `each` is given a thread's accumulator and every lot's members' usages at one
/// draw; the threads' accumulators are then added (`add`) in any order, which whole
/// counts allow.
fn over_draws<A: Send>(
    lot_draws: &[LotDraw],
    run: Pass,
    progress: &(dyn Fn(u64) + Sync),
    fresh: impl Fn() -> A + Sync + Send,
    each: impl Fn(&mut A, &[Vec<[u64; 3]>]) + Sync + Send,
    add: impl Fn(A, A) -> A + Sync + Send,
) -> A {
    let Pass {
        draws,
        seed,
        copula,
    } = run;
    let done = std::sync::atomic::AtomicU64::new(0);
    (0..draws.div_ceil(CHUNK))
        .into_par_iter()
        .fold(
            || (fresh(), Vec::new()),
            |(mut acc, mut drawn): (A, Vec<Vec<[u64; 3]>>), chunk| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(chunk);
                let n = CHUNK.min(draws - chunk * CHUNK);
                drawn.resize(lot_draws.len(), Vec::new());
                for _ in 0..n {
                    for (ld, usages) in lot_draws.iter().zip(drawn.iter_mut()) {
                        ld.draw(copula, &mut rng, usages);
                    }
                    each(&mut acc, &drawn);
                }
                let total = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
                progress(total);
                (acc, drawn)
            },
        )
        .map(|(acc, _)| acc)
        .reduce(&fresh, &add)
}

/// How often each evaluator's scope meets each usage, and the members' vectors of the
/// lots kept vector by vector.
fn count(
    lot_draws: &[LotDraw],
    plans: &[tally::Plan],
    kept: &[Keep],
    run: Pass,
    progress: &(dyn Fn(u64) + Sync),
) -> (tally::Tallies, tally::Joint) {
    let keep: Vec<bool> = kept.iter().map(|k| matches!(k, Keep::Vectors(_))).collect();
    let measures: Vec<&[usize]> = kept
        .iter()
        .map(|k| match k {
            Keep::Vectors(m) => m.as_slice(),
            _ => &[],
        })
        .collect();
    let (tallies, joint, _) = over_draws(
        lot_draws,
        run,
        progress,
        || {
            (
                tally::Tallies::new(plans),
                tally::Joint::new(&keep),
                Vec::new(),
            )
        },
        |(tallies, joint, buffer), drawn| {
            for (l, usages) in drawn.iter().enumerate() {
                if keep[l] {
                    joint.count(l, usages, measures[l], buffer);
                }
            }
            tallies.count(plans, |lot, m, k| drawn[lot][m][k]);
        },
        |(t, j, b), (u, k, _)| (t.add(u), j.add(k), b),
    );
    (tallies, joint)
}

/// Runs `draws` draws over the evaluators (of any lots and scopes); `progress` is told
/// after each chunk how many draws are done.
pub fn run(
    tender: &Tender,
    evaluators: &[Evaluator],
    draws: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> MonteCarlo {
    let rho = tender.uncertainty.correlation.to_f64().unwrap_or(0.0);
    let pass = Pass {
        draws,
        seed,
        copula: Copula {
            shared: rho.sqrt(),
            own: (1.0 - rho).sqrt(),
        },
    };
    let mut lots: Vec<&Lot> = Vec::new();
    for ev in evaluators {
        if !lots.iter().any(|l| l.id == ev.lot.id) {
            lots.push(ev.lot);
        }
    }
    let lot_draws: Vec<LotDraw> = lots
        .iter()
        .map(|l| LotDraw::new(tender, l, draws))
        .collect();
    let plans = plans(evaluators, &lots, &lot_draws);
    let kept = kept_lots(evaluators, &lots, &lot_draws, &plans, draws);
    let (counted, joint) = count(&lot_draws, &plans, &kept, pass, progress);
    let usages = counted.usages(&plans);
    // Each usage met is priced and ranked once, exactly.
    let work: Vec<(usize, Key, u64)> = usages
        .iter()
        .enumerate()
        .flat_map(|(e, m)| m.iter().map(move |(k, n)| (e, *k, *n)))
        .collect();
    let outcomes: Vec<Outcome> = work
        .par_iter()
        .map(|(e, k, _)| {
            let ev = &evaluators[*e];
            Outcome::of(ev, &ev.at(&facts_of(ev, k)))
        })
        .collect();
    let mut weighted: Vec<Vec<(&Outcome, u64)>> = vec![Vec::new(); evaluators.len()];
    for ((e, _, n), outcome) in work.iter().zip(&outcomes) {
        weighted[*e].push((outcome, *n));
    }
    let mut by_usage: Vec<BTreeMap<Key, &Outcome>> = vec![BTreeMap::new(); evaluators.len()];
    for ((e, k, _), outcome) in work.iter().zip(&outcomes) {
        by_usage[*e].insert(*k, outcome);
    }
    let priced = Priced {
        evaluators,
        lot_draws: &lot_draws,
        plans: &plans,
        kept: &kept,
        by_usage: &by_usage,
    };
    let shares = all_shares(&priced, &weighted, joint, pass);
    MonteCarlo {
        shares,
        draws,
        seed,
        correlation: tender.uncertainty.correlation,
        scopes: evaluators
            .iter()
            .zip(&weighted)
            .map(|(ev, w)| scope_stats(ev, w, draws))
            .collect(),
    }
}

/// A pass over the draws: how many, the seed their generators come from, the copula.
/// The counting and the counting by kind make the same pass, so meet the same draws.
#[derive(Clone, Copy)]
pub(super) struct Pass {
    pub draws: u64,
    pub seed: u64,
    pub copula: Copula,
}

/// The Gaussian copula's weights: √ρ on the deviate the members share for a measure and
/// lot, √(1 − ρ) on each member's own.
#[derive(Clone, Copy)]
pub(super) struct Copula {
    pub shared: f64,
    pub own: f64,
}

/// What the members' shares read once every usage met is priced.
struct Priced<'a> {
    evaluators: &'a [Evaluator<'a>],
    lot_draws: &'a [LotDraw],
    plans: &'a [tally::Plan],
    kept: &'a [Keep],
    /// Each evaluator's outcomes by usage met.
    by_usage: &'a [BTreeMap<Key, &'a Outcome>],
}

/// The lots counted by kind (see [`kinds`]), and their kinds met.
fn kind_counts(p: &Priced, run: Pass) -> (Vec<kinds::KindLot>, Vec<Met>) {
    let kind_lots: Vec<kinds::KindLot> = p
        .kept
        .iter()
        .enumerate()
        .filter_map(|(l, k)| match k {
            Keep::Kinds(measures) => Some(kinds::KindLot {
                lot: l,
                scopes: (0..p.evaluators.len())
                    .filter(|&e| p.plans[e].lot == l)
                    .collect(),
                measures: measures.clone(),
            }),
            _ => None,
        })
        .collect();
    if kind_lots.is_empty() {
        return (kind_lots, Vec::new());
    }
    let classes = kinds::classes(p.by_usage);
    let met = kinds::count(p.lot_draws, p.plans, &kind_lots, &classes, run);
    (kind_lots, met)
}

/// A lot's members' vectors met (member by member, the drawn measures in order), each
/// with the draws it stands for.
type Met = Vec<(Vec<u64>, u64)>;

/// Each lot's member shares, for the lots with a groupement scope.
fn all_shares(
    p: &Priced,
    weighted: &[Vec<(&Outcome, u64)>],
    joint: tally::Joint,
    run: Pass,
) -> Vec<LotShares> {
    let vectors = joint.vectors();
    let (kind_lots, kinds_met) = kind_counts(p, run);
    p.evaluators
        .iter()
        .enumerate()
        .zip(weighted)
        .filter(|((_, ev), _)| ev.scope.kind == ScopeKind::Groupement)
        .map(|((g, ev), w)| {
            let l = p.plans[g].lot;
            match &p.kept[l] {
                Keep::No => lot_shares(ev, w, p.evaluators),
                Keep::TooMany(why) => LotShares {
                    lot: ev.lot.id.clone(),
                    method: ev.tender().split.method_for(&ev.lot.id),
                    split_draws: 0,
                    members: Err(why.clone()),
                },
                Keep::Vectors(measures) | Keep::Kinds(measures) => {
                    let met = match kind_lots.iter().position(|k| k.lot == l) {
                        Some(i) => &kinds_met[i],
                        None => &vectors[l],
                    };
                    let fixed = p.lot_draws[l].fixed();
                    let at = members::LotDraws {
                        evaluators: p.evaluators,
                        plans: p.plans,
                        outcomes: p.by_usage,
                        group: g,
                        fixed: &fixed,
                        measures,
                    };
                    members::lot_shares(&at, met)
                }
            }
        })
        .collect()
}

/// A scope's usage, as a key: its sizes (population, users) never move.
type Key = (u64, u64, u64);

fn key(f: &ScopeFacts) -> Key {
    (f.active_accounts, f.simultaneous_accesses, f.consultations)
}

fn facts_of(ev: &Evaluator, k: &Key) -> ScopeFacts {
    let mut f = ev.estimate;
    (f.active_accounts, f.simultaneous_accesses, f.consultations) = *k;
    f
}

/// What a usage decides for one lot and scope: the cheapest and the winning offers
/// (their indexes in the evaluator's bidder order) and every offer's cost.
struct Outcome {
    cheapest: Option<usize>,
    winner: Option<usize>,
    /// The winner's pricing model (the `usage` split method shares by its measure).
    model: Option<PricingModel>,
    costs: Vec<Option<Exact>>,
}

impl Outcome {
    fn of(ev: &Evaluator, point: &super::Point) -> Outcome {
        let index = |b: Option<&str>| b.and_then(|b| ev.bidders().position(|x| x == b));
        Outcome {
            cheapest: index(point.cheapest()),
            winner: index(point.winner()),
            model: point.ranking.ranked.first().map(|o| o.cost.model),
            costs: point.costs.clone(),
        }
    }
}

/// The statistics of one lot and scope from its usages met, each with how many draws
/// met it.
fn scope_stats(ev: &Evaluator, met: &[(&Outcome, u64)], draws: u64) -> ScopeStats {
    let offers = ev
        .bidders()
        .enumerate()
        .map(|(i, bidder)| {
            let hits = |f: fn(&Outcome) -> Option<usize>| {
                met.iter()
                    .filter(|(o, _)| f(o) == Some(i))
                    .map(|(_, n)| n)
                    .sum::<u64>()
            };
            let mut costs: Vec<(&Exact, u64)> = met
                .iter()
                .filter_map(|(o, n)| o.costs[i].as_ref().map(|c| (c, *n)))
                .collect();
            let priced: u64 = costs.iter().map(|(_, n)| n).sum();
            let sum = costs.iter().fold(Exact::zero(), |s, (c, n)| {
                s.add(&c.mul(&Exact::from_u64(*n)))
            });
            costs.sort();
            OfferStats {
                bidder: bidder.to_owned(),
                cheapest: Estimate::wilson(hits(|o| o.cheapest), draws),
                winner: Estimate::wilson(hits(|o| o.winner), draws),
                priced,
                expected: sum.div(&Exact::from_u64(priced)),
                p90: percentile(&costs, 90),
            }
        })
        .collect();
    ScopeStats {
        lot: ev.lot.id.clone(),
        scope: ev.scope.id.clone(),
        draws,
        offers,
    }
}

/// A usage met where an offer won the groupement's scope: the winner (its index in the
/// evaluator's order), its cost and model, and the draws.
type Won<'a> = (usize, &'a Exact, PricingModel, u64);

/// Each member's share of the lot's groupement cost over the usages met (`met`: the
/// groupement scope's), by the lot's split method.
fn lot_shares(ev: &Evaluator, met: &[(&Outcome, u64)], all: &[Evaluator]) -> LotShares {
    let tender = ev.tender();
    let method = tender.split.method_for(&ev.lot.id);
    let won: Vec<Won> = met
        .iter()
        .filter_map(|(o, n)| {
            let w = o.winner?;
            Some((w, o.costs.get(w)?.as_ref()?, o.model?, *n))
        })
        .collect();
    let split_draws = won.iter().map(|w| w.3).sum();
    LotShares {
        lot: ev.lot.id.clone(),
        method,
        split_draws,
        members: member_shares(ev, method, &won, split_draws, all),
    }
}

/// Each member's part of a euro of the winner's cost (fee included).
fn parts_of(
    ev: &Evaluator,
    method: SplitMethod,
    winner: usize,
    won: &[Won],
) -> Result<Vec<Exact>, SharesNotComputed> {
    let (tender, lot) = (ev.tender(), ev.lot);
    let ours = || won.iter().filter(|w| w.0 == winner);
    let Some(model) = ours().map(|w| w.2).next() else {
        return Ok(Vec::new());
    };
    // The methods that need each member's own draw are shared vector by vector (see
    // `members`): here the parts do not move with usage.
    let rules = &tender.split;
    let mut groups = None;
    if method == SplitMethod::Shapley {
        let no_tariff = SharesNotComputed::Split(UnsplitReason::NoBandTariff);
        let bands = lot.bands.as_ref().ok_or(no_tariff.clone())?;
        let quote = ev.quote(winner).ok_or(no_tariff)?;
        let prices = crate::pricing::band_prices(quote, bands)
            .map_err(|_| SharesNotComputed::Split(UnsplitReason::NoBandTariff))?;
        let highest = ours()
            .map(|w| w.1)
            .max()
            .and_then(crate::split::shared_cost);
        let (at, _) = highest.ok_or(SharesNotComputed::Split(UnsplitReason::AmountTooLarge))?;
        groups = Some((
            crate::split::band_coalitions(tender, &prices, method)
                .map_err(SharesNotComputed::Split)?,
            at,
        ));
    }
    let game = groups.as_ref().map(|(g, at)| (g, *at));
    crate::split::parts_per_euro(tender, lot, model, method, rules, game)
        .map_err(SharesNotComputed::Split)
}

/// The share statistics of every member, or why they are not computed.
fn member_shares(
    ev: &Evaluator,
    method: SplitMethod,
    won: &[Won],
    split_draws: u64,
    all: &[Evaluator],
) -> Result<Vec<MemberShareStats>, SharesNotComputed> {
    // Each winner's parts, found once.
    let mut parts: BTreeMap<usize, Vec<Exact>> = BTreeMap::new();
    for w in won {
        if let std::collections::btree_map::Entry::Vacant(e) = parts.entry(w.0) {
            e.insert(parts_of(ev, method, w.0, won)?);
        }
    }
    let tender = ev.tender();
    Ok(tender
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut values: Vec<(Exact, u64)> = won
                .iter()
                .filter_map(|(w, cost, _, n)| Some((cost.mul(parts.get(w)?.get(i)?), *n)))
                .collect();
            values.sort();
            member_stats(&m.id, &values, split_draws, standalone(ev, &m.id, all))
        })
        .collect())
}

/// A member's statistics from its sorted shares, each with its draws.
fn member_stats(
    member: &str,
    values: &[(Exact, u64)],
    split_draws: u64,
    standalone: Option<Exact>,
) -> MemberShareStats {
    let sum = values.iter().fold(Exact::zero(), |s, (v, n)| {
        s.add(&v.mul(&Exact::from_u64(*n)))
    });
    let refs: Vec<(&Exact, u64)> = values.iter().map(|(v, n)| (v, *n)).collect();
    let above = standalone.as_ref().map(|alone| {
        let hits = values
            .iter()
            .filter(|(v, _)| v > alone)
            .map(|(_, n)| n)
            .sum();
        Estimate::wilson(hits, split_draws)
    });
    MemberShareStats {
        member: member.to_owned(),
        expected: sum.div(&Exact::from_u64(split_draws)),
        p90: percentile(&refs, 90),
        standalone,
        above_standalone: above,
    }
}

/// A member's yearly cost alone: the winner of its own scope of the lot at the estimate,
/// when that scope is among the evaluators simulated.
fn standalone(ev: &Evaluator, member: &str, all: &[Evaluator]) -> Option<Exact> {
    let own = all.iter().find(|o| {
        o.lot.id == ev.lot.id && o.scope.kind == ScopeKind::Member && o.scope.id == member
    })?;
    let point = own.at(&own.estimate);
    let w = point.winner()?;
    let i = own.bidders().position(|b| b == w)?;
    point.costs.get(i)?.clone()
}

/// The nearest-rank percentile of sorted values, each with how many draws gave it: the
/// ⌈p × n ÷ 100⌉-th smallest of the n draws.
pub fn percentile(sorted: &[(&Exact, u64)], p: u64) -> Option<Exact> {
    let n: u64 = sorted.iter().map(|(_, k)| k).sum();
    if n == 0 {
        return None;
    }
    let rank = (p * n).div_ceil(100).max(1);
    let mut seen = 0;
    for (value, k) in sorted {
        seen += k;
        if seen >= rank {
            return Some((*value).clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wilson_interval_by_hand() {
        // 75 hits in 100: p = 0.75, z² = 3.841459; centre (0.75 + 0.019207) ÷ 1.038415
        // = 0.740752; half 1.959964 ÷ 1.038415 × √(0.001875 + 0.000096) = 1.887457 ×
        // 0.044396 = 0.083797.
        let e = Estimate::wilson(75, 100);
        assert!((e.low - 0.656955).abs() < 1e-5, "{e:?}");
        assert!((e.high - 0.824549).abs() < 1e-5, "{e:?}");
        // None, or all: the interval still has a width (z² ÷ (n + z²) = 0.036993).
        let none = Estimate::wilson(0, 100);
        assert!(none.low.abs() < 1e-12, "{none:?}");
        assert!((none.high - 0.036993).abs() < 1e-5, "{none:?}");
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<Exact> = (1..=20).map(Exact::from_i128).collect();
        let once: Vec<(&Exact, u64)> = v.iter().map(|x| (x, 1)).collect();
        // ⌈0.9 × 20⌉ = 18.
        assert_eq!(percentile(&once, 90), Some(Exact::from_i128(18)));
        assert_eq!(percentile(&once[..1], 90), Some(Exact::from_i128(1)));
        assert_eq!(percentile(&[], 90), None);
        // 1 drawn 85 times, 2 five times, 3 ten times: the 90th of 100 is a 2.
        let w = [(&v[0], 85), (&v[1], 5), (&v[2], 10)];
        assert_eq!(percentile(&w, 90), Some(Exact::from_i128(2)));
    }

    #[test]
    fn steps_give_the_usages_the_quantile_gives() {
        let laws = [
            Law::Triangular {
                low: 5000,
                mode: 5000,
                high: 11000,
            },
            Law::Triangular {
                low: 0,
                mode: 7,
                high: 7,
            },
            Law::Pert {
                low: 1500,
                mode: 3000,
                high: 6001,
            },
        ];
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for law in &laws {
            let direct = Sampler::new(Some(law), 0);
            let steps = direct.clone().tabulated(u64::MAX);
            let Sampler::Steps { low, thresholds } = &steps else {
                panic!("not tabulated: {law:?}");
            };
            assert_eq!(steps.support(), direct.support(), "{law:?}");
            // At each step and just below it, the usage the quantile gives.
            for (i, t) in thresholds.iter().enumerate() {
                let k = low + i as u64 + 1;
                assert!(direct.quantile(*t) >= k, "{law:?} {k}");
                assert!(direct.quantile(t.next_down()) < k, "{law:?} {k}");
            }
            for _ in 0..100_000 {
                let z: f64 = rng.sample(StandardNormal);
                assert_eq!(steps.quantile(z), direct.quantile(z), "{law:?} {z}");
            }
        }
        // Fewer draws than sixteen per unit of the support: the quantile at each draw.
        let few = Sampler::new(Some(&laws[0]), 0).tabulated(6000 * 15);
        assert!(matches!(few, Sampler::Triangular { .. }));
    }

    #[test]
    fn quantiles_of_the_laws() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // Triangular 0, 0, 100: F(x) = 1 − (1 − x/100)²; the median is 100 (1 − √½) = 29.3.
        let t = Sampler::new(
            Some(&Law::Triangular {
                low: 0,
                mode: 0,
                high: 100,
            }),
            0,
        );
        assert_eq!(t.draw(0.0, &mut rng), 29);
        // PERT symmetric (0, 50, 100): the median is the mode.
        let p = Sampler::new(
            Some(&Law::Pert {
                low: 0,
                mode: 50,
                high: 100,
            }),
            0,
        );
        assert_eq!(p.draw(0.0, &mut rng), 50);
        // Beta(3, 3) (the PERT above) at x = 0.25: 6x⁵ − 15x⁴ + 10x³ = 0.103516.
        let cdf = beta_cdf(3.0, 3.0);
        assert!((inverse(&cdf, 0.103516) - 0.25).abs() < 1e-4);
        // Log-normal: the median at z = 0, e^σ times it at z = 1.
        let l = Sampler::new(
            Some(&Law::LogNormal {
                median: 1000,
                sigma: rust_decimal::Decimal::new(5, 1),
            }),
            0,
        );
        assert_eq!(l.draw(0.0, &mut rng), 1000);
        assert_eq!(l.draw(1.0, &mut rng), 1649); // 1000 × e^0.5 = 1648.7
        // Resample: every month 7, a year of 12 months is 84.
        let r = Sampler::new(Some(&Law::Resample { months: vec![7, 7] }), 0);
        assert_eq!(r.draw(0.0, &mut rng), 84);
        assert_eq!(Sampler::new(None, 42).draw(3.0, &mut rng), 42);
    }
}

//! Monte Carlo: usage drawn from the tender file's laws, member by member and lot by lot;
//! for each offer, how often it is the cheapest and the winner, with a confidence
//! interval, and its expected and 90th-percentile yearly cost.
//!
//! Each draw's offers are priced and ranked by the same exact pipeline as `rank`
//! ([`Evaluator::at`]): the figures of a draw are exact, only the draws are random. The
//! draws are made in fixed chunks of [`CHUNK`], each with its own generator seeded from
//! (seed, chunk index), and the chunks' counts and sums are combined in chunk order: the
//! result is the same whatever the number of threads.
//!
//! Members' draws of a lot are tied by a Gaussian copula: each member's quantile comes
//! from √ρ · Z + √(1 − ρ) · εᵢ, Z shared by the members for the measure and lot, εᵢ its
//! own (ρ = `[simulate] correlation`). A `resample` law (12 months drawn from last year's
//! months) is drawn independently.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rayon::prelude::*;
use rust_decimal::prelude::ToPrimitive;

use super::{Evaluator, Measure};
use crate::exact::Exact;
use crate::pricing::ScopeFacts;
use crate::tender::uncertainty::Law;
use crate::tender::{Lot, Tender, Usage};

/// Draws per chunk: the unit of work a thread takes, each with its own generator.
pub const CHUNK: u64 = 1000;

/// The most draws whose costs are kept to give the 90th percentile (per offer).
pub const PERCENTILE_LIMIT: u64 = 200_000;

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
    /// The 90th percentile of the yearly cost HT (the smallest cost at or above which
    /// 10 % of the priced draws lie); `None` beyond [`PERCENTILE_LIMIT`] draws.
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
}

const PERT_GRID: usize = 4096;

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

    /// A usage for the normal deviate `z` (the copula's), in whole units.
    fn draw(&self, z: f64, rng: &mut ChaCha8Rng) -> u64 {
        let x = match self {
            Sampler::Fixed(n) => return *n,
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
            Sampler::Resample(months) => {
                let mut year = 0u64;
                for _ in 0..12 {
                    year = year.saturating_add(months[rng.random_range(0..months.len())]);
                }
                return year;
            }
        };
        // Whole units, half away from zero; a usage is never negative.
        x.round().clamp(0.0, 1e12) as u64
    }
}

/// The standard normal distribution function.
fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
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
}

impl LotDraw {
    fn new(tender: &Tender, lot: &Lot) -> LotDraw {
        let samplers = tender
            .members
            .iter()
            .map(|m| {
                let est = lot.usage.get(&m.id).copied().unwrap_or_default();
                let s = |measure: Measure, e: u64| {
                    Sampler::new(tender.uncertainty.law(&lot.id, &m.id, measure.key()), e)
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
        LotDraw { samplers }
    }

    /// One draw of every member's usage for the lot.
    fn draw(&self, rho: f64, rng: &mut ChaCha8Rng) -> Vec<(&str, Usage)> {
        let mut usages: Vec<(&str, Usage)> = self
            .samplers
            .iter()
            .map(|(id, _)| (id.as_str(), Usage::default()))
            .collect();
        let (shared, own) = (rho.sqrt(), (1.0 - rho).sqrt());
        for k in 0..3 {
            let common: f64 = rng.sample(StandardNormal);
            for (i, (_, samplers)) in self.samplers.iter().enumerate() {
                let e: f64 = rng.sample(StandardNormal);
                let n = samplers[k].draw(shared * common + own * e, rng);
                let u = &mut usages[i].1;
                match k {
                    0 => u.active_accounts = n,
                    1 => u.simultaneous_accesses = n,
                    _ => u.consultations = n,
                }
            }
        }
        usages
    }
}

/// What a chunk of draws counted, per evaluator and offer.
#[derive(Clone, Default)]
struct Tally {
    cheapest: Vec<Vec<u64>>,
    winner: Vec<Vec<u64>>,
    priced: Vec<Vec<u64>>,
    sums: Vec<Vec<Exact>>,
    costs: Vec<Vec<Vec<Exact>>>,
}

impl Tally {
    fn new(evaluators: &[Evaluator]) -> Tally {
        let per = |v: u64| evaluators.iter().map(|e| vec![v; e.bids.len()]).collect();
        Tally {
            cheapest: per(0),
            winner: per(0),
            priced: per(0),
            sums: evaluators
                .iter()
                .map(|e| vec![Exact::zero(); e.bids.len()])
                .collect(),
            costs: evaluators
                .iter()
                .map(|e| vec![Vec::new(); e.bids.len()])
                .collect(),
        }
    }

    /// Adds `other` (the next chunk) to this one.
    fn absorb(&mut self, other: Tally) {
        for (e, o) in other.cheapest.into_iter().enumerate() {
            for (i, v) in o.into_iter().enumerate() {
                self.cheapest[e][i] += v;
            }
        }
        for (e, o) in other.winner.into_iter().enumerate() {
            for (i, v) in o.into_iter().enumerate() {
                self.winner[e][i] += v;
            }
        }
        for (e, o) in other.priced.into_iter().enumerate() {
            for (i, v) in o.into_iter().enumerate() {
                self.priced[e][i] += v;
            }
        }
        for (e, o) in other.sums.into_iter().enumerate() {
            for (i, v) in o.into_iter().enumerate() {
                self.sums[e][i] = self.sums[e][i].add(&v);
            }
        }
        for (e, o) in other.costs.into_iter().enumerate() {
            for (i, v) in o.into_iter().enumerate() {
                self.costs[e][i].extend(v);
            }
        }
    }
}

/// The facts of an evaluator's scope for drawn member usages.
fn facts_for(ev: &Evaluator, usages: &[(&str, Usage)]) -> ScopeFacts {
    let mut f = ev.estimate;
    f.active_accounts = 0;
    f.simultaneous_accesses = 0;
    f.consultations = 0;
    for (id, u) in usages {
        if ev.scope.members.iter().any(|m| m == id) {
            f.active_accounts = f.active_accounts.saturating_add(u.active_accounts);
            f.simultaneous_accesses = f
                .simultaneous_accesses
                .saturating_add(u.simultaneous_accesses);
            f.consultations = f.consultations.saturating_add(u.consultations);
        }
    }
    f
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
    let mut lots: Vec<&Lot> = Vec::new();
    for ev in evaluators {
        if !lots.iter().any(|l| l.id == ev.lot.id) {
            lots.push(ev.lot);
        }
    }
    let lot_draws: Vec<LotDraw> = lots.iter().map(|l| LotDraw::new(tender, l)).collect();
    let keep = draws <= PERCENTILE_LIMIT;
    let chunks = draws.div_ceil(CHUNK);
    let done = std::sync::atomic::AtomicU64::new(0);
    let tallies: Vec<Tally> = (0..chunks)
        .into_par_iter()
        .map(|chunk| {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(chunk);
            let n = CHUNK.min(draws - chunk * CHUNK);
            let mut tally = Tally::new(evaluators);
            for _ in 0..n {
                let drawn: Vec<Vec<(&str, Usage)>> =
                    lot_draws.iter().map(|l| l.draw(rho, &mut rng)).collect();
                for (e, ev) in evaluators.iter().enumerate() {
                    let at = lots.iter().position(|l| l.id == ev.lot.id).unwrap_or(0);
                    let point = ev.at(&facts_for(ev, &drawn[at]));
                    count(&mut tally, e, ev, &point, keep);
                }
            }
            let total = done.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
            progress(total);
            tally
        })
        .collect();
    let mut all = Tally::new(evaluators);
    for t in tallies {
        all.absorb(t);
    }
    MonteCarlo {
        draws,
        seed,
        correlation: tender.uncertainty.correlation,
        scopes: evaluators
            .iter()
            .enumerate()
            .map(|(e, ev)| scope_stats(ev, e, &mut all, draws, keep))
            .collect(),
    }
}

fn count(tally: &mut Tally, e: usize, ev: &Evaluator, point: &super::Point, keep: bool) {
    let (cheapest, winner) = (point.cheapest(), point.winner());
    for (i, bidder) in ev.bidders().enumerate() {
        if cheapest == Some(bidder) {
            tally.cheapest[e][i] += 1;
        }
        if winner == Some(bidder) {
            tally.winner[e][i] += 1;
        }
        if let Some(c) = &point.costs[i] {
            tally.priced[e][i] += 1;
            tally.sums[e][i] = tally.sums[e][i].add(c);
            if keep {
                tally.costs[e][i].push(c.clone());
            }
        }
    }
}

fn scope_stats(ev: &Evaluator, e: usize, all: &mut Tally, draws: u64, keep: bool) -> ScopeStats {
    let offers = ev
        .bidders()
        .enumerate()
        .map(|(i, bidder)| {
            let priced = all.priced[e][i];
            let costs = &mut all.costs[e][i];
            costs.sort();
            OfferStats {
                bidder: bidder.to_owned(),
                cheapest: Estimate::wilson(all.cheapest[e][i], draws),
                winner: Estimate::wilson(all.winner[e][i], draws),
                priced,
                expected: all.sums[e][i].div(&Exact::from_u64(priced)),
                p90: if keep { percentile(costs, 90) } else { None },
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

/// The nearest-rank percentile of sorted values: the ⌈p × n ÷ 100⌉-th smallest.
pub fn percentile(sorted: &[Exact], p: u64) -> Option<Exact> {
    let n = sorted.len() as u64;
    if n == 0 {
        return None;
    }
    let rank = (p * n).div_ceil(100).max(1);
    sorted.get(usize::try_from(rank - 1).ok()?).cloned()
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
        // ⌈0.9 × 20⌉ = 18.
        assert_eq!(percentile(&v, 90), Some(Exact::from_i128(18)));
        assert_eq!(percentile(&v[..1], 90), Some(Exact::from_i128(1)));
        assert_eq!(percentile(&[], 90), None);
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

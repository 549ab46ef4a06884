//! A law's quantile read from the copula's normal deviate without computing Φ per draw.
//!
//! A usage is a whole number, and the usage drawn from a deviate z, `usage(z)`, steps up
//! as z grows. So for a law of bounded support [low, high] the steps can be found once per
//! run: the threshold of k is the smallest z (to the last bit of an `f64`) at which
//! `usage(z)` reaches k, and the usage of any z is then low plus the number of thresholds
//! at or below z: a binary search among numbers, no error function per draw. The
//! thresholds are found by asking `usage` itself, so a draw gives the very usage the
//! quantile computed draw by draw would give.

/// Beyond ±40 the normal distribution function is 0 or 1 in an `f64`: every usage
/// function is constant there.
pub const Z_LIMIT: f64 = 40.0;

/// The standard normal distribution function.
pub fn phi(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Φ⁻¹(p), to about 15 digits: P. J. Acklam's rational approximation (relative error
/// below 1.15 × 10⁻⁹) refined by one step of Halley's method. Used only to guess where a
/// threshold lies; the threshold itself is then found by bisection on `usage`.
pub fn inverse_phi(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.02425;
    if p.is_nan() || p <= 0.0 {
        return -Z_LIMIT;
    }
    if p >= 1.0 {
        return Z_LIMIT;
    }
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let x = if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - LOW {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    };
    let e = phi(x) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    let refined = x - u / (1.0 + x * u / 2.0);
    if refined.is_finite() {
        refined.clamp(-Z_LIMIT, Z_LIMIT)
    } else {
        x.clamp(-Z_LIMIT, Z_LIMIT)
    }
}

/// The thresholds of a usage function: for each k from `usage(−40) + 1` to
/// `usage(40)`, the smallest z at which `usage(z)` ≥ k. `guess(k)` says about where
/// that is (any value: a poor guess costs time, never a wrong threshold). `None` when
/// the support is wider than `limit` units (too many thresholds to keep).
pub fn thresholds(
    usage: impl Fn(f64) -> u64,
    guess: impl Fn(u64) -> f64,
    limit: u64,
) -> Option<(u64, Vec<f64>)> {
    let (low, high) = (usage(-Z_LIMIT), usage(Z_LIMIT));
    let width = high.checked_sub(low)?;
    if width > limit {
        return None;
    }
    let mut out = Vec::with_capacity(usize::try_from(width).ok()?);
    let mut floor = -Z_LIMIT;
    for k in low + 1..=high {
        let t = first_reaching(&usage, k, guess(k).clamp(-Z_LIMIT, Z_LIMIT), floor);
        out.push(t);
        floor = t;
    }
    Some((low, out))
}

/// The smallest z in [floor, 40] with `usage(z)` ≥ k, where k ≤ `usage(40)` and `floor`
/// is k − 1's threshold (or −40): a bracket grown around `guess`, then halved down to
/// adjacent numbers.
fn first_reaching(usage: &impl Fn(f64) -> u64, k: u64, guess: f64, floor: f64) -> f64 {
    let mut step = 1e-12 * (1.0 + guess.abs());
    let (mut lo, mut hi) = ((guess - step).max(floor), (guess + step).min(Z_LIMIT));
    while lo > floor && usage(lo) >= k {
        step *= 16.0;
        lo = (lo - step).max(floor);
    }
    // A step of two units or more at `floor`: k is reached where k − 1 is.
    if lo <= floor && usage(floor) >= k {
        return floor;
    }
    step = 1e-12 * (1.0 + guess.abs());
    while hi < Z_LIMIT && usage(hi) < k {
        step *= 16.0;
        hi = (hi + step).min(Z_LIMIT);
    }
    // Now usage(lo) < k ≤ usage(hi) (at 40, k being at most usage(40)).
    if lo >= hi {
        return hi;
    }
    loop {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            return hi;
        }
        if usage(mid) >= k {
            hi = mid;
        } else {
            lo = mid;
        }
    }
}

/// The usage of `z` from thresholds: `low` plus the number of thresholds at or below z.
pub fn usage_at(low: u64, thresholds: &[f64], z: f64) -> u64 {
    low + thresholds.partition_point(|t| *t <= z) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_inverse_of_phi_at_known_points() {
        // Φ(1.959964) = 0.975, Φ(0) = ½, Φ(−3.090232) = 0.001 (tables of the normal law).
        assert!((inverse_phi(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!(inverse_phi(0.5).abs() < 1e-15);
        assert!((inverse_phi(0.001) + 3.090_232_306).abs() < 1e-8);
        for p in [1e-300, 1e-12, 0.01, 0.3, 0.7, 0.99, 1.0 - 1e-12] {
            let z = inverse_phi(p);
            assert!(((phi(z) - p) / p).abs() < 1e-12, "{p}: {z}");
        }
        assert_eq!(inverse_phi(0.0), -Z_LIMIT);
        assert_eq!(inverse_phi(1.0), Z_LIMIT);
    }

    #[test]
    fn thresholds_give_the_usage_the_function_gives() {
        // The uniform law on [0, 10] rounded: k from Φ(z) ≥ (k − ½) ÷ 10, thresholds at
        // Φ⁻¹(0.05), Φ⁻¹(0.15)…; the guess deliberately poor for even k.
        let usage = |z: f64| (phi(z) * 10.0).round() as u64;
        let guess = |k: u64| {
            if k.is_multiple_of(2) {
                3.0
            } else {
                inverse_phi((k as f64 - 0.5) / 10.0)
            }
        };
        let (low, t) = thresholds(usage, guess, 100).unwrap();
        assert_eq!((low, t.len()), (0, 10));
        // Φ⁻¹(0.05) = −1.644854: the first threshold, to the last bit.
        assert!((t[0] + 1.644_853_627).abs() < 1e-8);
        assert!(usage(t[0]) == 1 && usage(t[0].next_down()) == 0);
        for i in 0..=4000 {
            let z = -10.0 + i as f64 * 0.005;
            assert_eq!(usage_at(low, &t, z), usage(z), "{z}");
        }
        assert!(thresholds(usage, guess, 9).is_none());
    }
}

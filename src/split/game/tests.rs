use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::*;

fn frac(a: i64, b: i64) -> Mark {
    Mark::ratio(Decimal::from(a), Decimal::ONE, Decimal::from(b)).unwrap()
}

fn d(m: &Mark) -> Decimal {
    m.to_decimal().unwrap()
}

/// The airport game: a coalition costs the largest runway its planes need.
fn airport(needs: &[Decimal]) -> BTreeMap<u64, Decimal> {
    let n = needs.len();
    (1..1u64 << n)
        .map(|mask| {
            let c = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| needs[i])
                .max()
                .unwrap();
            (mask, c)
        })
        .collect()
}

/// Every coalition of a band game, as a table.
fn band_table(sizes: &[u64], tariff: &BandTariff) -> BTreeMap<u64, Decimal> {
    let game = Game::Bands { sizes, tariff };
    (1..1u64 << sizes.len())
        .map(|mask| (mask, game.cost_of_mask(mask).unwrap()))
        .collect()
}

/// Littlechild & Owen's rule for the airport game, players sorted by need:
/// φ_i = Σ_{j ≤ i} (c_j − c_{j−1}) / (n − j + 1) (j from 1).
fn sequential(needs_sorted: &[Decimal]) -> Vec<Mark> {
    let n = needs_sorted.len();
    let mut values = Vec::new();
    let mut acc = Mark::zero();
    let mut prev = Decimal::ZERO;
    for (j, c) in needs_sorted.iter().enumerate() {
        let step = Mark::ratio(*c - prev, Decimal::ONE, Decimal::from(n - j)).unwrap();
        acc = acc.add(&step);
        values.push(acc.clone());
        prev = *c;
    }
    values
}

fn sum(values: &[Mark]) -> Mark {
    values.iter().fold(Mark::zero(), |t, v| t.add(v))
}

/// A small deterministic generator for the tests.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

fn tariff(limits: &[u64], prices: &[Decimal]) -> BandTariff {
    BandTariff::new(limits.to_vec(), prices.to_vec()).unwrap()
}

#[test]
fn airport_game_of_littlechild_and_owen() {
    // Littlechild & Owen (1973), "A simple expression for the Shapley value in a special
    // case", Management Science 20(3): each plane pays an equal part of every runway
    // segment it needs, among the planes needing it. Needs 1, 2, 3:
    // 1/3; 1/3 + 1/2 = 5/6; 1/3 + 1/2 + 1 = 11/6.
    let needs = [dec!(1), dec!(2), dec!(3)];
    let table = airport(&needs);
    let s = shapley_exact_table(3, &table).unwrap();
    assert_eq!(s.values, vec![frac(1, 3), frac(5, 6), frac(11, 6)]);
    assert_eq!(s.values, sequential(&needs));
    assert_eq!(s.method, ShapleyMethod::ExactTable);
    assert_eq!(sum(&s.values), Mark::from_decimal(dec!(3)));
}

#[test]
fn airport_game_with_four_planes() {
    // The worked example of the Wikipedia article "Airport problem" (after Littlechild &
    // Owen 1973): runways costing 8, 11, 13, 18 for planes A, B, C, D. Segments 8, 3, 2,
    // 5 shared by 4, 3, 2, 1 planes: A 8/4 = 2; B 2 + 3/3 = 3; C 3 + 2/2 = 4;
    // D 4 + 5/1 = 9 (total 18).
    let needs = [dec!(8), dec!(11), dec!(13), dec!(18)];
    let s = shapley_exact_table(4, &airport(&needs)).unwrap();
    assert_eq!(
        s.values,
        vec![frac(2, 1), frac(3, 1), frac(4, 1), frac(9, 1)]
    );
    assert_eq!(s.values, sequential(&needs));

    // The same game, players listed in another order, with a cost in cents.
    let needs = [dec!(13), dec!(8.01), dec!(18), dec!(11)];
    let s = shapley_exact_table(4, &airport(&needs)).unwrap();
    let sorted = sequential(&[dec!(8.01), dec!(11), dec!(13), dec!(18)]);
    assert_eq!(
        s.values,
        vec![
            sorted[2].clone(),
            sorted[0].clone(),
            sorted[3].clone(),
            sorted[1].clone()
        ]
    );
}

#[test]
fn an_airport_game_is_a_band_game_with_super_increasing_sizes() {
    // Sizes 1, 2, 4, 8: a coalition's sum exceeds 2^j − 1 exactly when it holds a player
    // j or above; limits 0, 1, 3, 7 price the largest plane in the coalition.
    let sizes = [1, 2, 4, 8];
    let t = tariff(&[0, 1, 3, 7], &[dec!(8), dec!(11), dec!(13), dec!(18)]);
    let expected = vec![frac(2, 1), frac(3, 1), frac(4, 1), frac(9, 1)];
    assert_eq!(shapley_exact_bands(&sizes, &t).values, expected);
    assert_eq!(bands::values_by_table_for_tests(&sizes, &t, None), expected);
    assert_eq!(bands::values_by_enumeration_for_tests(&sizes, &t), expected);
    let three = tariff(&[0, 1, 3], &[dec!(1), dec!(2), dec!(3)]);
    assert_eq!(
        bands::values_by_table_for_tests(&[1, 2, 4], &three, None),
        vec![frac(1, 3), frac(5, 6), frac(11, 6)]
    );
}

#[test]
fn band_tariff_prices_a_perimeter_by_its_band() {
    let t = tariff(&[0, 5000, 10000], &[dec!(100), dec!(180), dec!(250)]);
    assert_eq!(t.cost(0), dec!(0));
    assert_eq!(t.cost(1), dec!(100));
    assert_eq!(t.cost(5000), dec!(100));
    assert_eq!(t.cost(5001), dec!(180));
    assert_eq!(t.cost(10000), dec!(180));
    assert_eq!(t.cost(10001), dec!(250));
    assert_eq!(t.cost(u64::MAX), dec!(250));
    assert_eq!(t.band_of(0), None);
    assert!(BandTariff::new(vec![], vec![]).is_err());
    assert!(BandTariff::new(vec![0, 10], vec![dec!(1)]).is_err());
    assert!(BandTariff::new(vec![5, 10], vec![dec!(1), dec!(2)]).is_err());
    assert!(BandTariff::new(vec![0, 10, 10], vec![dec!(1), dec!(2), dec!(3)]).is_err());
    assert!(BandTariff::new(vec![0], vec![dec!(-1)]).is_err());
    // A band cheaper than the one below is a tariff.
    assert!(BandTariff::new(vec![0, 10], vec![dec!(5), dec!(3)]).is_ok());
}

/// A random band game: n players, sizes with repeats, zeros and common divisors, a
/// tariff of up to 5 bands, sometimes decreasing, prices with cents.
fn random_game(rng: &mut Lcg, n: usize) -> (Vec<u64>, BandTariff) {
    let unit = [1, 1, 1, 10, 7][rng.next(5) as usize];
    let sizes: Vec<u64> = (0..n)
        .map(|_| match rng.next(6) {
            0 => 0,
            1 => 5 * unit,
            _ => (1 + rng.next(40)) * unit,
        })
        .collect();
    let bands = 1 + rng.next(5) as usize;
    let mut limits = vec![0u64];
    for _ in 1..bands {
        let next = limits.last().unwrap() + 1 + rng.next(60);
        limits.push(next);
    }
    let mut prices = Vec::new();
    let mut price = 0i64;
    for _ in 0..bands {
        price += rng.next(5000) as i64 - if rng.next(4) == 0 { 3000 } else { 0 };
        price = price.max(0);
        prices.push(Decimal::new(price, 2));
    }
    (sizes, BandTariff { limits, prices })
}

#[test]
fn counting_subsets_agrees_with_enumerating_coalitions() {
    let mut rng = Lcg(20240611);
    for round in 0..300 {
        let n = 1 + rng.next(10) as usize;
        let (sizes, t) = random_game(&mut rng, n);
        let table = band_table(&sizes, &t);
        let expected = shapley_exact_table(n, &table).unwrap().values;
        let by_table = bands::values_by_table_for_tests(&sizes, &t, None);
        assert_eq!(by_table, expected, "round {round}: {sizes:?} {t:?}");
        let by_enumeration = bands::values_by_enumeration_for_tests(&sizes, &t);
        assert_eq!(by_enumeration, expected, "round {round}: {sizes:?} {t:?}");
        // Wider counts give the same values.
        if round % 10 == 0 {
            for words in [2, 4, 8] {
                let wide = bands::values_by_table_for_tests(&sizes, &t, Some(words));
                assert_eq!(wide, expected, "round {round}, {words} words");
            }
        }
        let total = Game::Bands {
            sizes: &sizes,
            tariff: &t,
        }
        .grand_cost()
        .unwrap();
        assert_eq!(sum(&expected), Mark::from_decimal(total));
    }
}

#[test]
fn a_non_monotone_tariff_keeps_its_values_exact() {
    // Bands 0–10: 100, 11–20: 60 (cheaper), beyond: 150.
    let t = tariff(&[0, 10, 20], &[dec!(100), dec!(60), dec!(150)]);
    let sizes = [6, 6, 12];
    let table = band_table(&sizes, &t);
    let exact = shapley_exact_table(3, &table).unwrap().values;
    assert_eq!(shapley_exact_bands(&sizes, &t).values, exact);
    assert_eq!(bands::values_by_table_for_tests(&sizes, &t, None), exact);
    // By hand: orders (6a, 6b, 12) and permutations; c(6) = 100, c(12) = 60,
    // c(18) = 60, c(24) = 150. Player 12 joins: empty → 60; after one 6 → 60 − 100 =
    // −40; after both 6s → 150 − 60 = 90. Weights 1/3, 1/3 (1/6 each of two orders), 1/3:
    // (60 − 40 + 90) / 3 = 110/3. The two 6s share the rest equally: (150 − 110/3) / 2.
    assert_eq!(exact[2], frac(110, 3));
    assert_eq!(exact[0], frac(340, 6));
    assert_eq!(exact[0], exact[1]);
}

#[test]
fn efficiency_symmetry_and_dummies() {
    let t = tariff(
        &[0, 5000, 10000, 20000],
        &[dec!(1000), dec!(1800), dec!(2900.50), dec!(4100)],
    );
    let sizes = [3000, 0, 7000, 3000, 12000, 7000, 0, 1500];
    let s = shapley_exact_bands(&sizes, &t);
    assert_eq!(s.total(), Mark::from_decimal(dec!(4100)));
    assert_eq!(s.values[0], s.values[3]);
    assert_eq!(s.values[2], s.values[5]);
    assert_eq!(s.values[1], Mark::zero());
    assert_eq!(s.values[6], Mark::zero());
    // Larger members pay more in this increasing tariff.
    assert!(s.values[7] < s.values[0] && s.values[0] < s.values[2]);
    assert!(s.values[2] < s.values[4]);

    // The counts need 128 bits beyond 68 players: 80 members.
    let sizes: Vec<u64> = (0..80).map(|i| [300, 450, 0, 1200, 800][i % 5]).collect();
    let s = shapley_exact_bands(&sizes, &t);
    let total = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    }
    .grand_cost()
    .unwrap();
    assert_eq!(s.total(), Mark::from_decimal(total));
    for i in 0..80 {
        assert_eq!(s.values[i], s.values[i % 5], "player {i}");
    }
    assert_eq!(s.values[2], Mark::zero());
    assert_eq!(
        bands::values_by_table_for_tests(&sizes, &t, Some(4)),
        s.values
    );
}

#[test]
fn empty_and_trivial_games() {
    let t = tariff(&[0, 100], &[dec!(10), dec!(20)]);
    assert!(shapley_exact_bands(&[], &t).values.is_empty());
    assert_eq!(
        shapley_exact_bands(&[0, 0], &t).values,
        vec![Mark::zero(); 2]
    );
    assert_eq!(
        shapley_exact_bands(&[150], &t).values,
        vec![Mark::from_decimal(dec!(20))]
    );
    let table = BTreeMap::new();
    assert!(shapley_exact_table(0, &table).unwrap().values.is_empty());
}

fn realistic_12() -> (Vec<u64>, BandTariff) {
    let sizes = vec![
        41_000, 3_200, 850, 12_500, 6_400, 2_100, 18_900, 950, 4_300, 7_700, 1_250, 26_000,
    ];
    let t = tariff(
        &[0, 5_000, 10_000, 20_000, 50_000, 100_000],
        &[
            dec!(1450),
            dec!(2380),
            dec!(3600),
            dec!(5900.50),
            dec!(9800),
            dec!(14200),
        ],
    );
    (sizes, t)
}

#[test]
fn sampling_agrees_with_the_exact_value() {
    let (sizes, t) = realistic_12();
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let exact = shapley_exact_bands(&sizes, &t);
    let sampled = shapley_sampled(&game, 400, 7).unwrap();
    assert_eq!(sampled.method, ShapleyMethod::Sampled { permutations: 400 });
    let se = sampled.standard_errors.clone().unwrap();
    assert_eq!(sampled.total(), exact.total());
    for (i, se) in se.iter().enumerate() {
        let gap = (d(&sampled.values[i]) - d(&exact.values[i])).abs();
        assert!(
            gap <= *se * dec!(3),
            "player {i}: sampled {} exact {} se {}",
            d(&sampled.values[i]),
            d(&exact.values[i]),
            *se
        );
        assert!(*se > Decimal::ZERO && *se < dec!(100), "se {}", *se);
    }
    // Same seed, same bytes; another seed, another estimate.
    assert_eq!(shapley_sampled(&game, 400, 7).unwrap(), sampled);
    assert_ne!(
        shapley_sampled(&game, 400, 8).unwrap().values,
        sampled.values
    );
}

#[test]
fn sampling_a_table_game() {
    let needs = [dec!(8), dec!(11), dec!(13), dec!(18)];
    let table = airport(&needs);
    let game = Game::Table {
        n: 4,
        costs: &table,
    };
    let s = shapley_sampled(&game, 300, 1).unwrap();
    assert_eq!(s.total(), Mark::from_decimal(dec!(18)));
    let exact = [dec!(2), dec!(3), dec!(4), dec!(9)];
    let se = s.standard_errors.clone().unwrap();
    for i in 0..4 {
        assert!((d(&s.values[i]) - exact[i]).abs() <= se[i] * dec!(3));
    }
    // The plane needing the shortest runway: its marginal cost is 8 alone, else 0, and in
    // the n rotations of any order it comes first exactly once: always 8/4, no error.
    assert_eq!(s.values[0], frac(2, 1));
    assert_eq!(se[0], Decimal::ZERO);

    let mut partial = table.clone();
    partial.remove(&0b0110);
    let game = Game::Table {
        n: 4,
        costs: &partial,
    };
    assert_eq!(
        shapley_sampled(&game, 300, 1),
        Err(GameError::MissingCoalition {
            members: vec![1, 2]
        })
    );
}

#[test]
fn shapley_chooses_its_method() {
    let (sizes, t) = realistic_12();
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let s = shapley(&game, dec!(1)).unwrap();
    assert_eq!(s.method, ShapleyMethod::ExactBands);
    assert_eq!(s, shapley_exact_bands(&sizes, &t));

    // Bands far beyond the budget: sampled until every standard error is below 50 cents.
    let huge = tariff(
        &[0, 1 << 40, 1 << 41, 1 << 42],
        &[dec!(100), dec!(200), dec!(300), dec!(400)],
    );
    let sizes: Vec<u64> = (0..40u64).map(|i| ((i % 7 + 1) << 37) + i).collect();
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &huge,
    };
    assert!(plan_exact_bands(&sizes, &huge).work > EXACT_WORK_BUDGET);
    let s = shapley(&game, dec!(0.5)).unwrap();
    assert!(matches!(s.method, ShapleyMethod::Sampled { .. }));
    assert_eq!(s.target_reached, Some(true));
    assert!(s.max_standard_error().unwrap() < dec!(0.5));
    assert_eq!(s.total(), Mark::from_decimal(dec!(400)));
    // With sizes of a common divisor 2^37 the game is small enough to count exactly
    // (8, 16, 32 times 2^37); sampled, it agrees.
    let sizes: Vec<u64> = (0..40u64).map(|i| (i % 7 + 1) << 37).collect();
    assert!(plan_exact_bands(&sizes, &huge).work < EXACT_WORK_BUDGET);
    let exact = shapley_exact_bands(&sizes, &huge);
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &huge,
    };
    let s = sampled::sample_until(&game, dec!(0.5), SEED, MAX_PERMUTATIONS).unwrap();
    assert_eq!(s.target_reached, Some(true));
    let se = s.standard_errors.clone().unwrap();
    for (i, se) in se.iter().enumerate() {
        assert!((d(&s.values[i]) - d(&exact.values[i])).abs() <= *se * dec!(4));
    }
    // A cap reached first is said.
    let capped = sampled::sample_until(&game, dec!(0.0001), SEED, 300).unwrap();
    assert_eq!(capped.target_reached, Some(false));
    assert_eq!(capped.method, ShapleyMethod::Sampled { permutations: 300 });

    // A table game: exact, or which coalition is missing.
    let table = airport(&[dec!(1), dec!(2), dec!(3)]);
    let game = Game::Table {
        n: 3,
        costs: &table,
    };
    assert_eq!(
        shapley(&game, dec!(1)).unwrap().method,
        ShapleyMethod::ExactTable
    );
    let mut partial = table.clone();
    partial.remove(&0b101);
    let game = Game::Table {
        n: 3,
        costs: &partial,
    };
    let err = shapley(&game, dec!(1)).unwrap_err();
    assert_eq!(
        err,
        GameError::MissingCoalition {
            members: vec![0, 2]
        }
    );
    assert!(err.to_string().contains("[0, 2]"));
    let game = Game::Table {
        n: 21,
        costs: &table,
    };
    assert_eq!(
        shapley(&game, dec!(1)).unwrap_err(),
        GameError::TooManyPlayers { n: 21, max: 20 }
    );
    let mut beyond = table.clone();
    beyond.insert(0b1000, dec!(1));
    let game = Game::Table {
        n: 3,
        costs: &beyond,
    };
    assert_eq!(
        shapley(&game, dec!(1)).unwrap_err(),
        GameError::CoalitionOutOfRange { mask: 0b1000, n: 3 }
    );
    let bad = BandTariff {
        limits: vec![0, 10],
        prices: vec![dec!(1)],
    };
    let game = Game::Bands {
        sizes: &[1, 2],
        tariff: &bad,
    };
    assert_eq!(
        shapley(&game, dec!(1)),
        Err(GameError::InvalidTariff {
            problem: TariffProblem::Count {
                limits: 2,
                prices: 1
            }
        })
    );
}

#[test]
fn scrb_by_hand() {
    // c(123) = 150; c(23) = 110, c(13) = 120, c(12) = 130; c(1) = 100, c(2) = 80,
    // c(3) = 60.
    // Separable: 150 − 110 = 40, 150 − 120 = 30, 150 − 130 = 20 (sum 90).
    // Non-separable: 150 − 90 = 60.
    // Remaining benefits: 100 − 40 = 60, 80 − 30 = 50, 60 − 20 = 40 (sum 150).
    // Shares: 40 + 60·60/150 = 64; 30 + 60·50/150 = 50; 20 + 60·40/150 = 36 (sum 150).
    let shares = scrb(
        dec!(150),
        &[dec!(110), dec!(120), dec!(130)],
        &[dec!(100), dec!(80), dec!(60)],
    );
    assert_eq!(shares, vec![frac(64, 1), frac(50, 1), frac(36, 1)]);

    // Every remaining benefit 0: c(N) = 100, c(N ∖ i) = 70 each, so 30 separable each,
    // 10 non-separable, and each alone costs 30: equal parts, 30 + 10/3.
    let shares = scrb(dec!(100), &[dec!(70); 3], &[dec!(30); 3]);
    assert_eq!(shares, vec![frac(100, 3); 3]);
    assert_eq!(sum(&shares), Mark::from_decimal(dec!(100)));

    // A negative remaining benefit counts as 0: c(N) = 100, c(N ∖ i) = 60, 70, 80
    // (separable 40, 30, 20; non-separable 10); alone 35, 50, 45 (remaining −5 → 0, 20,
    // 25). Shares: 40; 30 + 10·20/45 = 310/9; 20 + 10·25/45 = 230/9 (sum 100).
    let shares = scrb(
        dec!(100),
        &[dec!(60), dec!(70), dec!(80)],
        &[dec!(35), dec!(50), dec!(45)],
    );
    assert_eq!(shares, vec![frac(40, 1), frac(310, 9), frac(230, 9)]);
    assert!(scrb(dec!(5), &[], &[]).is_empty());
}

#[test]
fn scrb_from_a_band_game() {
    let (sizes, t) = realistic_12();
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let n = sizes.len();
    let all: Vec<usize> = (0..n).collect();
    let grand = game.cost(&all).unwrap();
    let without: Vec<Decimal> = (0..n)
        .map(|i| {
            let others: Vec<usize> = all.iter().copied().filter(|&j| j != i).collect();
            game.cost(&others).unwrap()
        })
        .collect();
    let alone: Vec<Decimal> = (0..n).map(|i| game.cost(&[i]).unwrap()).collect();
    let shares = scrb(grand, &without, &alone);
    assert_eq!(sum(&shares), Mark::from_decimal(grand));
}

#[test]
fn core_check_finds_the_coalitions_that_pay_too_much() {
    // Runways 1, 2, 6: the equal split (3 each) makes plane 0 pay 3 for a runway of 1,
    // and planes 0 and 1 pay 6 together for a runway of 2.
    let table = airport(&[dec!(1), dec!(2), dec!(6)]);
    let game = Game::Table {
        n: 3,
        costs: &table,
    };
    let equal = [dec!(3), dec!(3), dec!(3)];
    let check = core_violations(&game, &equal, 1, 1000);
    assert!(check.complete());
    assert_eq!(check.sizes, vec![1, 2]);
    assert_eq!(check.checked, 6);
    let members: Vec<Vec<usize>> = check.violations.iter().map(|v| v.members.clone()).collect();
    assert_eq!(members, vec![vec![0], vec![1], vec![0, 1]]);
    let worst = check.worst().unwrap();
    assert_eq!(worst.members, vec![0, 1]);
    assert_eq!(
        (worst.paid, worst.cost, worst.excess()),
        (dec!(6), dec!(2), dec!(4))
    );

    // An airport game is concave (its cost is a maximum): the Shapley value is in the
    // core. Shares 1/3, 1/3 + 1/2, 1/3 + 1/2 + 4 rounded to cents, then adjusted so the
    // rounding does not push a coalition over.
    let s = shapley_exact_table(3, &table).unwrap();
    assert_eq!(s.values, vec![frac(1, 3), frac(5, 6), frac(29, 6)]);
    let shares = [dec!(0.33), dec!(0.83), dec!(4.84)];
    let check = core_violations(&game, &shares, 1, 1000);
    assert!(check.violations.is_empty(), "{check:?}");
    assert!(check.complete());

    // The limit stops the examination and says so.
    let check = core_violations(&game, &equal, 1, 2);
    assert!(check.truncated && !check.complete());
    assert_eq!(check.checked, 2);

    // A missing coalition is counted, not guessed.
    let mut partial = table.clone();
    partial.remove(&0b011);
    let game = Game::Table {
        n: 3,
        costs: &partial,
    };
    let check = core_violations(&game, &equal, 1, 1000);
    assert_eq!((check.checked, check.unknown), (5, 1));
    assert!(!check.complete());
}

#[test]
fn core_check_of_a_band_game() {
    // 20 members: sizes up to 2 and all but up to 2 are examined.
    let sizes: Vec<u64> = (0..20u64).map(|i| 400 + 350 * i).collect();
    let t = tariff(
        &[0, 5_000, 10_000, 20_000, 50_000],
        &[dec!(1000), dec!(1800), dec!(2900), dec!(4100), dec!(6000)],
    );
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let s = shapley_exact_bands(&sizes, &t);
    let shares: Vec<Decimal> = s.values.iter().map(|v| v.round(2).unwrap()).collect();
    let check = core_violations(&game, &shares, 2, 1_000_000);
    assert_eq!(check.sizes, vec![1, 2, 18, 19]);
    assert_eq!(check.checked, 2 * (20 + 190));
    assert!(!check.complete());
    // The grand coalition (74 500) is in the top band: equal shares of 6 000 are 300
    // each. A single member pays 300 ≤ 1 000, a pair 600 ≤ 1 000, all but one or two
    // 5 700 or 5 400 ≤ 6 000 (their sums stay above 50 000): no violation.
    let total: u64 = sizes.iter().sum();
    assert_eq!((total, t.cost(total)), (74_500, dec!(6000)));
    let equal = vec![dec!(300); 20];
    assert!(
        core_violations(&game, &equal, 2, 1_000_000)
            .violations
            .is_empty()
    );
    // Member 0 (400 inhabitants) loaded with 1 000 more, members 1 to 4 relieved of 250
    // each: 0 pays 1 300 for a perimeter costing 1 000 alone (excess 300); with a member
    // j of 5 to 12 (sizes 2 150 to 4 600, the pair still in the first band) the pair pays
    // 1 600 for 1 000 (excess 600, the worst; first examined: {0, 5}).
    let mut loaded = equal.clone();
    loaded[0] = dec!(1300);
    for share in &mut loaded[1..=4] {
        *share = dec!(50);
    }
    let check = core_violations(&game, &loaded, 2, 1_000_000);
    assert_eq!(check.violations[0].members, vec![0]);
    assert_eq!(check.violations[0].excess(), dec!(300));
    let worst = check.worst().unwrap();
    assert_eq!(worst.members, vec![0, 5]);
    assert_eq!((worst.paid, worst.cost), (dec!(1600), dec!(1000)));
    assert_eq!(check.violations.len(), 1 + 4 + 8);
}

#[test]
fn the_exact_band_core_check_agrees_with_enumeration() {
    let mut rng = Lcg(77);
    for round in 0..1_000 {
        let n = 1 + rng.next(9) as usize;
        let (sizes, t) = random_game(&mut rng, n);
        let Ok(()) = t.check() else { continue };
        let game = Game::Bands {
            sizes: &sizes,
            tariff: &t,
        };
        // Shares: the Shapley value to cents, or a random split, some negative.
        let shares: Vec<Decimal> = if round % 2 == 0 {
            shapley_exact_bands(&sizes, &t)
                .values
                .iter()
                .map(|v| v.round(2).unwrap())
                .collect()
        } else {
            (0..n)
                .map(|_| Decimal::new(rng.next(20_000) as i64 - 3_000, 2))
                .collect()
        };
        let full = (1u64 << n) - 1;
        let mut most: Option<Decimal> = None;
        for mask in 1..full {
            let paid: Decimal = (0..n)
                .filter(|i| mask & (1 << i) != 0)
                .map(|i| shares[i])
                .sum();
            let excess = paid - game.cost_of_mask(mask).unwrap();
            most = Some(most.map_or(excess, |m| m.max(excess)));
        }
        let found = core_search_bands(&sizes, &t, &shares).unwrap();
        let context = format!("round {round}: {sizes:?} {t:?} {shares:?}");
        assert_eq!(
            found.worst_proper.as_ref().map(CoreViolation::excess),
            most,
            "{context}"
        );
        if let Some(worst) = &found.worst_proper {
            let paid: Decimal = worst.members.iter().map(|&i| shares[i]).sum();
            assert_eq!(paid, worst.paid, "{context}");
            assert_eq!(game.cost(&worst.members), Some(worst.cost), "{context}");
            assert!(
                !worst.members.is_empty() && worst.members.len() < n,
                "{context}"
            );
        }
        let all: Decimal = shares.iter().sum();
        assert_eq!(found.grand.members, (0..n).collect::<Vec<_>>());
        assert_eq!(
            (found.grand.paid, Some(found.grand.cost)),
            (all, game.cost_of_mask(full)),
            "{context}"
        );
    }
}

#[test]
fn the_exact_band_core_check_by_hand() {
    // Sizes 3 000, 3 000, 4 500 on bands 0–5 000: 1 000, 5 001–10 000: 1 800, beyond:
    // 2 500. All three: 10 500 → 2 500. Equal split 833.33…: the pair {0, 1} (6 000 →
    // 1 800) pays 1 666.66, {0, 2} and {1, 2} (7 500 → 1 800) 1 666.67; each alone
    // 833.33 or 833.34 ≤ 1 000: in the core. The tightest proper group is {0, 2}, the
    // first of the two pairs paying 133.33 less than their price; the grand coalition
    // pays its price exactly.
    let sizes = [3_000, 3_000, 4_500];
    let t = tariff(&[0, 5_000, 10_000], &[dec!(1000), dec!(1800), dec!(2500)]);
    let equal = [dec!(833.33), dec!(833.33), dec!(833.34)];
    let found = core_search_bands(&sizes, &t, &equal).unwrap();
    let worst = found.worst_proper.unwrap();
    assert_eq!(worst.members, vec![0, 2]);
    assert_eq!(worst.excess(), dec!(-133.33));
    assert_eq!(found.grand.excess(), Decimal::ZERO);
    // Members 0 and 2 paying 950 each, member 1 600: nobody pays more than alone
    // (950 ≤ 1 000), but {0, 2} (7 500 → 1 800) pays 1 900 (excess 100), the worst.
    let loaded = [dec!(950), dec!(600), dec!(950)];
    let worst = core_search_bands(&sizes, &t, &loaded)
        .unwrap()
        .worst_proper
        .unwrap();
    assert_eq!(worst.members, vec![0, 2]);
    assert_eq!((worst.paid, worst.cost), (dec!(1900), dec!(1800)));
    // The same in amounts of 10¹⁵ times as many euros: beyond 64-bit sums, the same
    // answer from 128-bit ones.
    let big = |d: Decimal| d * dec!(1_000_000_000_000_000);
    let t_big = tariff(
        &[0, 5_000, 10_000],
        &[big(dec!(1000)), big(dec!(1800)), big(dec!(2500))],
    );
    let worst = core_search_bands(&sizes, &t_big, &loaded.map(big))
        .unwrap()
        .worst_proper
        .unwrap();
    assert_eq!(worst.members, vec![0, 2]);
    assert_eq!((worst.paid, worst.cost), (big(dec!(1900)), big(dec!(1800))));
    // Above the top limit: sizes 10 500, 300, 200 on the same bands (11 000 → 2 500);
    // member 0 alone is already in the top band. Shares 2 300, 150, 50: every group
    // holding 0 costs 2 500, and pays the most without the smallest share: {0, 1}, 2 450
    // (excess −50); the others pay less than 1 000 for 1 000.
    let sizes = [10_500, 300, 200];
    let found = core_search_bands(&sizes, &t, &[dec!(2300), dec!(150), dec!(50)]).unwrap();
    let worst = found.worst_proper.unwrap();
    assert_eq!((worst.excess(), worst.members), (dec!(-50), vec![0, 1]));
    // A negative share is the one to leave out: shares 2 700, 100, −300, and {0, 1} pays
    // 2 800 for 2 500.
    let found = core_search_bands(&sizes, &t, &[dec!(2700), dec!(100), dec!(-300)]).unwrap();
    let worst = found.worst_proper.unwrap();
    assert_eq!(worst.members, vec![0, 1]);
    assert_eq!((worst.paid, worst.cost), (dec!(2800), dec!(2500)));
    // One share per player, or an error.
    assert_eq!(
        core_search_bands(&sizes, &t, &[dec!(1)]),
        Err(GameError::ShareCount {
            shares: 1,
            players: 3
        })
    );
}

#[test]
fn sampling_does_not_depend_on_the_threads() {
    let (sizes, t) = realistic_12();
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| shapley_sampled(&game, 333, 42).unwrap());
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap()
        .install(|| shapley_sampled(&game, 333, 42).unwrap());
    assert_eq!(one, three);
}

#[test]
fn sampling_charges_alike_players_alike() {
    // Players 0 and 1 are above the top limit (20 000): any group holding one of them is
    // in the top band, so they are alike; 2, 3 and 4 have the same size, and so do 5
    // and 6. Their estimates are pooled: equal values, equal standard errors, and still
    // within reach of the exact value.
    let t = tariff(
        &[0, 1_000, 5_000, 20_000],
        &[dec!(300), dec!(900), dec!(2000), dec!(4000)],
    );
    let sizes = [
        25_000, 31_000, 700, 700, 700, 4_200, 4_200, 1_234, 9_999, 12,
    ];
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let s = shapley_sampled(&game, 500, 3).unwrap();
    let se = s.standard_errors.clone().unwrap();
    for set in [&[0, 1][..], &[2, 3, 4], &[5, 6]] {
        for &i in &set[1..] {
            assert_eq!(s.values[i], s.values[set[0]], "players {} and {i}", set[0]);
            assert_eq!(se[i], se[set[0]], "players {} and {i}", set[0]);
        }
    }
    let exact = shapley_exact_bands(&sizes, &t);
    assert_eq!(exact.values[0], exact.values[1]);
    assert_eq!(s.total(), exact.total());
    for (i, se) in se.iter().enumerate() {
        let gap = (d(&s.values[i]) - d(&exact.values[i])).abs();
        assert!(gap <= *se * dec!(4), "player {i}: gap {gap}, se {se}");
    }
}

#[test]
fn the_band_core_check_names_the_worst_proper_group_apart_from_the_whole() {
    // Sizes 500, 600, 1 900 on bands up to 1 000: 100, to 2 500: 1 200, beyond: 1 300.
    // Shares 500, 600, 1 900 (3 000 for a grand coalition costing 1 300): the grand
    // coalition's excess (1 700) is the largest of all, but the worst proper group is
    // {1, 2} (2 500 for 1 200).
    let t = tariff(&[0, 1_000, 2_500], &[dec!(100), dec!(1200), dec!(1300)]);
    let shares = [dec!(500), dec!(600), dec!(1900)];
    let found = core_search_bands(&[500, 600, 1_900], &t, &shares).unwrap();
    let worst = found.worst_proper.unwrap();
    assert_eq!(worst.members, vec![1, 2]);
    assert_eq!((worst.paid, worst.cost), (dec!(2500), dec!(1200)));
    assert_eq!(found.grand.members, vec![0, 1, 2]);
    assert_eq!(
        (found.grand.paid, found.grand.cost),
        (dec!(3000), dec!(1300))
    );
}

#[test]
fn sampling_measures_beyond_64_bits() {
    // Twice the sum of the sizes is beyond 2⁶⁴: the walk adds in 128-bit integers, and
    // agrees with the exact value (players 1 and 2 alike, pooled).
    let sizes = [3 << 61, 1 << 62, 1 << 62, 5];
    let t = tariff(&[0, 1 << 62, 1 << 63], &[dec!(100), dec!(200), dec!(300)]);
    let game = Game::Bands {
        sizes: &sizes,
        tariff: &t,
    };
    let s = shapley_sampled(&game, 300, 5).unwrap();
    let exact = shapley_exact_bands(&sizes, &t);
    assert_eq!(s.total(), exact.total());
    assert_eq!(s.values[1], s.values[2]);
    let se = s.standard_errors.clone().unwrap();
    for (i, se) in se.iter().enumerate() {
        let gap = (d(&s.values[i]) - d(&exact.values[i])).abs();
        assert!(gap <= *se * dec!(4), "player {i}: gap {gap}, se {se}");
    }
}

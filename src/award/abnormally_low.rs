//! Detection of abnormally low offers: who must be asked to justify their price.
//!
//! # What the law asks
//!
//! French law sets no formula. The Code de la commande publique defines the abnormally low
//! offer (L2152-5: a price manifestly under-estimated, liable to compromise the contract's
//! performance), requires the buyer to detect such offers and to ask the bidder to explain
//! before any rejection (L2152-6), and lists what the written justification may rest on
//! (R2152-3). An offer cannot be rejected on a formula alone. So every method here only
//! **flags** offers, with the numbers that triggered the flag (the reference, the threshold,
//! the gap); nothing is excluded, and the ranking is untouched.
//!
//! # Methods
//!
//! The tender file names one (`[award.abnormally_low] method = "…"`, see [`Method`]):
//!
//! - `ffb` (default): the French building federation's method, accepted by a French appeal
//!   court. Mean of all offers; offers more than 20 % above it are set aside; mean of the
//!   others; an offer 10 % or more below that new mean is flagged.
//! - `mean_gap`: each offer against the mean of the other offers, flagged 20 % or more below.
//! - `next_gap`: the lowest offer against the second-lowest, flagged 20 % or more below.
//! - `eu_draft`: the rule once drafted for the EU public procurement directive: more than
//!   50 % below the mean of the other offers and more than 20 % below the second-lowest
//!   offer, from 5 offers on.
//! - `rglcap`: Spain's default rule for price-only awards, below.
//!
//! # RGLCAP, article 85 (Spain)
//!
//! Real Decreto 1098/2001, de 12 de octubre, Reglamento general de la Ley de Contratos de
//! las Administraciones Públicas (BOE 26 October 2001), article 85, « Criterios para
//! apreciar las ofertas desproporcionadas o temerarias en las subastas »: « Se
//! considerarán, en principio, desproporcionadas o temerarias las ofertas que se encuentren
//! en los siguientes supuestos:
//!
//! 1. Cuando, concurriendo un solo licitador, sea inferior al presupuesto base de licitación
//!    en más de 25 unidades porcentuales.
//! 2. Cuando concurran dos licitadores, la que sea inferior en más de 20 unidades
//!    porcentuales a la otra oferta.
//! 3. Cuando concurran tres licitadores, las que sean inferiores en más de 10 unidades
//!    porcentuales a la media aritmética de las ofertas presentadas. No obstante, se
//!    excluirá para el cómputo de dicha media la oferta de cuantía más elevada cuando sea
//!    superior en más de 10 unidades porcentuales a dicha media. En cualquier caso, se
//!    considerará desproporcionada la baja superior a 25 unidades porcentuales.
//! 4. Cuando concurran cuatro o más licitadores, las que sean inferiores en más de 10
//!    unidades porcentuales a la media aritmética de las ofertas presentadas. No obstante,
//!    si entre ellas existen ofertas que sean superiores a dicha media en más de 10 unidades
//!    porcentuales, se procederá al cálculo de una nueva media sólo con las ofertas que no
//!    se encuentren en el supuesto indicado. En todo caso, si el número de las restantes
//!    ofertas es inferior a tres, la nueva media se calculará sobre las tres ofertas de
//!    menor cuantía. »
//!
//! How the « unidades porcentuales » are read: as percentage points **of the reference each
//! case names**: of the budget (presupuesto base de licitación) in case 1, of the other
//! offer in case 2, of the arithmetic mean in cases 3 and 4. That is the reading of the
//! Recomendación 8/2002, de 4 de febrero de 2003, of the Comisión Consultiva de Contratación
//! Administrativa « sobre interpretación de los artículos 85 y 86 del RGLCAP »: « En el
//! primer punto del artículo 85, la oferta se compara con el presupuesto base de
//! licitación; en el segundo, con la otra oferta y, en el tercero y cuarto, con la media
//! aritmética de las ofertas presentadas ». The same recommendation reads the last sentence
//! of case 3 (the 25 points) against the budget, since against the mean it could never
//! apply (any fall of more than 10 points is already caught), and excludes only **one**
//! offer, the highest, from the mean in case 3 (the text says « la oferta », singular, and
//! excluding two would leave a single offer). « Más de » is strictly more than: an offer
//! exactly 10 points below the mean is not flagged.
//!
//! So: case 1, `cost < 0.75 × budget` (no budget: not applied); case 2,
//! `cost < 0.80 × other`; case 3, `cost < 0.90 × mean`, the highest offer left out of the
//! mean when `highest > 1.10 × mean of the three`, or `cost < 0.75 × budget` when the buyer
//! set one (without one only the mean rule runs, and [`AbnormallyLowTest::skipped`] says
//! so); case 4, offers `> 1.10 × mean` set aside, the mean recomputed over the others (over
//! the three lowest offers if fewer than three remain), then `cost < 0.90 × mean`.
//!
//! # Exactness
//!
//! Means, thresholds and budgets are held as exact fractions ([`Mark`]) and every
//! comparison is made on them, so no rounded division decides a flag (a budget of
//! 100 000 ÷ 1.2 gives a threshold of exactly 62 500 at 75 %). The figures reported
//! ([`Figure`], [`Comparison`]) are those fractions, rounded only when shown.

use rust_decimal::Decimal;
use rust_decimal::dec;

use super::mark::Mark;
use crate::lang::Lang;
use crate::lang::Phrase;
use crate::money;

/// The method the tender file names (`[award.abnormally_low] method = "…"`), with its
/// parameters. Fractions are written as decimals: `0.20` for 20 %.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Method {
    /// French building federation (FFB), accepted by a French appeal court, the default:
    /// mean of all offers; set aside offers more than `above` (0.20) above it; recompute the
    /// mean of the rest; flag offers `below` (0.10) or more below the new mean (≤ threshold).
    Ffb { above: Decimal, below: Decimal },
    /// Each offer against the mean of the OTHER offers: flagged when `gap` or more below it
    /// (cost ≤ (1 − gap) × mean of the others). Needs ≥ 2 offers. Default gap 0.20.
    MeanGap { gap: Decimal },
    /// The lowest offer against the second-lowest: flagged when `gap` or more below it
    /// (cost ≤ (1 − gap) × second). Needs ≥ 2 offers; offers tied at the lowest are all
    /// tested against the second in sorted order (so a tie is never flagged). Default gap
    /// 0.20.
    NextGap { gap: Decimal },
    /// The rule once drafted for the EU public procurement directive (the Commission's
    /// proposal COM(2011) 896, article 69(1)): an offer more than `below_mean` (0.50)
    /// below "the average price or costs of the remaining tenders" AND more than
    /// `below_second` (0.20) below the second-lowest offer, only when there are at least
    /// `min_offers` (5) offers. (Strictly "more than".) The remaining tenders are read as
    /// the offers other than the one tested, as "remaining" says and as `mean_gap` does:
    /// the offer is not part of the average it is measured against. Only the lowest offer
    /// can be more than 20 % below the second-lowest.
    EuDraft {
        below_mean: Decimal,
        below_second: Decimal,
        min_offers: usize,
    },
    /// Spain, Real Decreto 1098/2001 (RGLCAP), article 85: see the module's documentation.
    /// Its thresholds are the regulation's, without parameters.
    Rglcap,
}

impl Default for Method {
    fn default() -> Self {
        Method::Ffb {
            above: dec!(0.20),
            below: dec!(0.10),
        }
    }
}

/// RGLCAP 85.1 and the last sentence of 85.3: more than 25 points below the budget.
const RGLCAP_BELOW_BUDGET: Decimal = dec!(0.25);
/// RGLCAP 85.2: more than 20 points below the other offer.
const RGLCAP_BELOW_OTHER: Decimal = dec!(0.20);
/// RGLCAP 85.3 and 85.4: more than 10 points below the mean.
const RGLCAP_BELOW_MEAN: Decimal = dec!(0.10);
/// RGLCAP 85.3 and 85.4: offers more than 10 points above the mean leave it.
const RGLCAP_ABOVE_MEAN: Decimal = dec!(0.10);

/// A parameter of a method outside the values it can take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadParameter {
    /// The key in the tender file (`gap`, `min_offers`…).
    pub name: &'static str,
    /// What it must be, in English, for the error message.
    pub expected: Phrase,
}

impl Method {
    /// Every method's key, in the order of the documentation.
    pub const KEYS: [&'static str; 5] = ["ffb", "mean_gap", "next_gap", "eu_draft", "rglcap"];

    /// The key in the tender file and in JSON.
    pub fn key(&self) -> &'static str {
        match self {
            Method::Ffb { .. } => "ffb",
            Method::MeanGap { .. } => "mean_gap",
            Method::NextGap { .. } => "next_gap",
            Method::EuDraft { .. } => "eu_draft",
            Method::Rglcap => "rglcap",
        }
    }

    /// Method from its key with default parameters (None for an unknown key).
    pub fn with_defaults(key: &str) -> Option<Method> {
        match key {
            "ffb" => Some(Method::default()),
            "mean_gap" => Some(Method::MeanGap { gap: dec!(0.20) }),
            "next_gap" => Some(Method::NextGap { gap: dec!(0.20) }),
            "eu_draft" => Some(Method::EuDraft {
                below_mean: dec!(0.50),
                below_second: dec!(0.20),
                min_offers: 5,
            }),
            "rglcap" => Some(Method::Rglcap),
            _ => None,
        }
    }

    /// Checks the parameters: a share below a reference (`below`, `gap`, `below_mean`,
    /// `below_second`) lies strictly between 0 and 1; `above` is not negative;
    /// `min_offers` is at least 2 (the rule needs a second-lowest offer).
    pub fn check(&self) -> Result<(), BadParameter> {
        fn share(name: &'static str, value: Decimal) -> Result<(), BadParameter> {
            if value > Decimal::ZERO && value < Decimal::ONE {
                Ok(())
            } else {
                Err(BadParameter {
                    name,
                    expected: Phrase::new(
                        "une part strictement entre 0 et 1 (0.20 pour 20 %)",
                        "a fraction strictly between 0 and 1 (0.20 for 20 %)",
                    ),
                })
            }
        }
        match self {
            Method::Ffb { above, below } => {
                if above.is_sign_negative() {
                    return Err(BadParameter {
                        name: "above",
                        expected: Phrase::new(
                            "une part de 0 ou plus (0.20 pour 20 %)",
                            "a fraction of 0 or more (0.20 for 20 %)",
                        ),
                    });
                }
                share("below", *below)
            }
            Method::MeanGap { gap } | Method::NextGap { gap } => share("gap", *gap),
            Method::EuDraft {
                below_mean,
                below_second,
                min_offers,
            } => {
                share("below_mean", *below_mean)?;
                share("below_second", *below_second)?;
                if *min_offers < 2 {
                    return Err(BadParameter {
                        name: "min_offers",
                        expected: Phrase::new(
                            "un nombre entier de 2 ou plus",
                            "a whole number of 2 or more",
                        ),
                    });
                }
                Ok(())
            }
            Method::Rglcap => Ok(()),
        }
    }

    /// One line for people describing the method and its parameters, fr or en.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Method::Ffb { above, below } => {
                let (a, b) = (share(*above, lang), share(*below, lang));
                match lang {
                    Lang::Fr => format!(
                        "méthode FFB\u{a0}: moyenne de toutes les offres, offres de plus de {a} \
                         au-dessus écartées, moyenne des autres\u{a0}; une offre à {b} ou plus \
                         sous cette nouvelle moyenne est signalée"
                    ),
                    Lang::En => format!(
                        "FFB method: mean of all offers, offers more than {a} above it set \
                         aside, mean of the others; an offer {b} or more below that new mean \
                         is flagged"
                    ),
                }
            }
            Method::MeanGap { gap } => {
                let g = share(*gap, lang);
                match lang {
                    Lang::Fr => format!(
                        "écart à la moyenne des autres offres\u{a0}: une offre à {g} ou plus \
                         sous la moyenne des autres offres est signalée (2 offres au moins)"
                    ),
                    Lang::En => format!(
                        "gap to the mean of the others: an offer {g} or more below the mean \
                         of the other offers is flagged (at least 2 offers)"
                    ),
                }
            }
            Method::NextGap { gap } => {
                let g = share(*gap, lang);
                match lang {
                    Lang::Fr => format!(
                        "écart à la deuxième offre\u{a0}: l'offre la plus basse est signalée à \
                         {g} ou plus sous la deuxième plus basse (2 offres au moins\u{a0}; des \
                         offres à égalité ne le sont jamais)"
                    ),
                    Lang::En => format!(
                        "gap to the next offer: the lowest offer is flagged when {g} or more \
                         below the second-lowest (at least 2 offers; offers tied at the lowest \
                         never are)"
                    ),
                }
            }
            Method::EuDraft {
                below_mean,
                below_second,
                min_offers,
            } => {
                let (m, s) = (share(*below_mean, lang), share(*below_second, lang));
                match lang {
                    Lang::Fr => format!(
                        "projet de directive européenne\u{a0}: une offre à plus de {m} sous la \
                         moyenne des autres offres et à plus de {s} sous la deuxième plus basse \
                         est signalée, à partir de {min_offers} offres"
                    ),
                    Lang::En => format!(
                        "EU draft directive rule: an offer more than {m} below the mean of the \
                         other offers and more than {s} below the second-lowest is flagged, \
                         from {min_offers} offers on"
                    ),
                }
            }
            Method::Rglcap => lang
                .pick(
                    "RGLCAP (Espagne, RD 1098/2001, art. 85), en points de la référence\u{a0}: \
                     1 offre, plus de 25 points sous le budget\u{a0}; 2 offres, plus de 20 \
                     points sous l'autre\u{a0}; 3 offres, plus de 10 points sous la moyenne \
                     (sans la plus haute si elle la dépasse de plus de 10 points) ou plus de 25 \
                     points sous le budget\u{a0}; 4 offres ou plus, plus de 10 points sous la \
                     moyenne des offres qui ne dépassent pas de plus de 10 points celle de \
                     toutes (au moins les 3 plus basses)",
                    "RGLCAP (Spain, RD 1098/2001, art. 85), in points of the reference: 1 offer, \
                     more than 25 points below the budget; 2 offers, more than 20 points below \
                     the other; 3 offers, more than 10 points below the mean (without the \
                     highest if more than 10 points above it) or more than 25 points below the \
                     budget; 4 offers or more, more than 10 points below the mean of the offers \
                     not more than 10 points above the mean of all (at least the 3 lowest)",
                )
                .to_string(),
        }
    }
}

/// One figure of a test, for the report and JSON.
///
/// Keys, in the order each method computes them:
/// - `ffb`: `mean_all`, `set_aside_above` (offers above it are set aside), `retained` (how
///   many offers are left, a count), `mean_retained`, `threshold` (at or below: flagged).
/// - `mean_gap`: `mean_all` (each offer's own reference, the mean of the others, is in its
///   [`Rule`]).
/// - `next_gap`: `lowest`, `second_lowest`, `threshold`.
/// - `eu_draft`: `mean_all`, `mean_remaining` (the mean of the offers other than the
///   lowest: the reference of the only offer that can be flagged), `threshold_mean`,
///   `second_lowest`, `threshold_second` (strictly below both: flagged).
/// - `rglcap`, one offer: `budget`, `threshold_budget`; two offers: `highest`, `threshold`;
///   three or more: `mean_all`, `set_aside_above`, `retained`, `mean_retained`, `threshold`,
///   and with three offers and a budget, `budget`, `threshold_budget` (strictly below:
///   flagged).
///
/// Values are exact fractions (counts are whole numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub key: &'static str,
    pub value: Mark,
}

/// Why a method, or one rule of it, could not be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotApplied {
    /// The method needs at least `needed` offers; there were `offers`.
    TooFewOffers { needed: usize, offers: usize },
    /// The rule measures offers against the budget (RGLCAP: more than `below` of it, in
    /// points), and the buyer set no budget for the scope.
    NoBudget { below: Decimal },
}

impl NotApplied {
    /// One sentence for people, fr or en.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            NotApplied::TooFewOffers { needed, offers } => match lang {
                Lang::Fr => format!(
                    "méthode non appliquée\u{a0}: elle demande au moins {needed} offres, il y en \
                     a {offers}"
                ),
                Lang::En => {
                    let there = if *offers == 1 {
                        "there is"
                    } else {
                        "there are"
                    };
                    format!(
                        "method not applied: it needs at least {needed} offers, {there} {offers}"
                    )
                }
            },
            NotApplied::NoBudget { below } => {
                let points = points(*below, lang);
                match lang {
                    Lang::Fr => format!(
                        "règle «\u{a0}plus de {points} sous le budget\u{a0}» non appliquée\u{a0}: \
                         aucun budget n'est fixé pour ce périmètre"
                    ),
                    Lang::En => format!(
                        "rule “more than {points} below the budget” not applied: no budget is \
                         set for this scope"
                    ),
                }
            }
        }
    }
}

/// An offer against one reference: the numbers behind a flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// What the offer is compared to (a mean, the second-lowest offer, the other offer, the
    /// budget), exact.
    pub reference: Mark,
    /// The share below the reference that the rule names (0.10 for 10 %, or 10 points).
    pub below: Decimal,
    /// `(1 − below) × reference`, exact.
    pub threshold: Mark,
    /// Whether the rule says "more than" (strictly below the threshold: flagged) rather
    /// than "or more" (at or below it).
    pub strict: bool,
    /// How far below the reference the cost is, in per cent of the reference:
    /// `(reference − cost) ÷ reference × 100`, exact (shown to one decimal).
    pub gap_percent: Mark,
}

/// Which rule of the method fired, with its numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a rule exists only for a flagged offer: a few per lot"
)]
pub enum Rule {
    /// FFB: at or below `(1 − below)` × the mean of the retained offers.
    Ffb(Comparison),
    /// At or below `(1 − gap)` × the mean of the other offers.
    MeanGap(Comparison),
    /// At or below `(1 − gap)` × the second-lowest offer.
    NextGap(Comparison),
    /// EU draft: strictly below both thresholds.
    EuDraft {
        mean: Comparison,
        second: Comparison,
    },
    /// RGLCAP 85.1 (one bidder) or the last sentence of 85.3 (three bidders): more than 25
    /// points below the budget. `paragraph` is 1 or 3.
    RglcapBudget {
        paragraph: u8,
        comparison: Comparison,
    },
    /// RGLCAP 85.2: more than 20 points below the other offer.
    RglcapOtherOffer(Comparison),
    /// RGLCAP 85.3 or 85.4: more than 10 points below the (recomputed) mean. `paragraph` is
    /// 3 or 4.
    RglcapMean {
        paragraph: u8,
        comparison: Comparison,
    },
    /// A cost of 0 (a price of 0, or reductions that took the cost down to 0): flagged
    /// whatever the method, and even when the method could not be applied, since no
    /// contract is performed for nothing.
    ZeroCost,
}

impl Rule {
    /// The comparisons behind the rule (two for the EU draft, one otherwise).
    pub fn comparisons(&self) -> Vec<&Comparison> {
        match self {
            Rule::Ffb(c)
            | Rule::MeanGap(c)
            | Rule::NextGap(c)
            | Rule::RglcapOtherOffer(c)
            | Rule::RglcapBudget { comparison: c, .. }
            | Rule::RglcapMean { comparison: c, .. } => vec![c],
            Rule::EuDraft { mean, second } => vec![mean, second],
            Rule::ZeroCost => Vec::new(),
        }
    }

    fn describe(&self, cost: &Mark, lang: Lang) -> String {
        let article = |paragraph: &u8| format!("RGLCAP art. 85.{paragraph}");
        match self {
            Rule::Ffb(c) => sentence(
                cost,
                c,
                lang.pick("à la moyenne retenue", "the retained mean"),
                lang.pick("méthode FFB", "FFB method"),
                lang,
            ),
            Rule::MeanGap(c) => sentence(
                cost,
                c,
                lang.pick(
                    "à la moyenne des autres offres",
                    "the mean of the other offers",
                ),
                lang.pick(
                    "écart à la moyenne des autres",
                    "gap to the mean of the others",
                ),
                lang,
            ),
            Rule::NextGap(c) => sentence(
                cost,
                c,
                lang.pick(
                    "à la deuxième offre la plus basse",
                    "the second-lowest offer",
                ),
                lang.pick("écart à la deuxième offre", "gap to the next offer"),
                lang,
            ),
            Rule::EuDraft { mean, second } => {
                let cost = money::euros(cost, lang);
                let (p1, r1, t1) = numbers(mean, lang);
                let (p2, r2, t2) = numbers(second, lang);
                match lang {
                    Lang::Fr => format!(
                        "coût {cost} inférieur de {p1} à la moyenne des autres offres ({r1}), \
                         seuil {t1}, et de {p2} à la deuxième offre la plus basse ({r2}), seuil \
                         {t2} (projet de directive européenne)"
                    ),
                    Lang::En => format!(
                        "cost {cost} is {p1} below the mean of the other offers ({r1}), \
                         threshold {t1}, and {p2} below the second-lowest offer ({r2}), \
                         threshold {t2} (EU draft directive rule)"
                    ),
                }
            }
            Rule::RglcapBudget {
                paragraph,
                comparison,
            } => sentence(
                cost,
                comparison,
                lang.pick("au budget", "the budget"),
                &article(paragraph),
                lang,
            ),
            Rule::RglcapOtherOffer(c) => sentence(
                cost,
                c,
                lang.pick("à l'autre offre", "the other offer"),
                "RGLCAP art. 85.2",
                lang,
            ),
            Rule::RglcapMean {
                paragraph,
                comparison,
            } => sentence(
                cost,
                comparison,
                lang.pick("à la moyenne retenue", "the retained mean"),
                &article(paragraph),
                lang,
            ),
            Rule::ZeroCost => lang
                .pick(
                    "coût de 0,00 € : aucune prestation n'est fournie pour rien, le candidat doit justifier son prix (quelle que soit la méthode)",
                    "cost of €0.00: no service is provided for nothing, the bidder must justify its price (whatever the method)",
                )
                .to_owned(),
        }
    }
}

/// The gap, the reference and the threshold for people.
fn numbers(c: &Comparison, lang: Lang) -> (String, String, String) {
    (
        money::percent(&c.gap_percent, 1, lang),
        money::euros(&c.reference, lang),
        money::euros(&c.threshold, lang),
    )
}

/// "coût … inférieur de … % à … (…), seuil … (…)".
fn sentence(cost: &Mark, c: &Comparison, reference: &str, method: &str, lang: Lang) -> String {
    let cost = money::euros(cost, lang);
    let (gap, value, threshold) = numbers(c, lang);
    match lang {
        Lang::Fr => format!(
            "coût {cost} inférieur de {gap} {reference} ({value}), seuil {threshold} ({method})"
        ),
        Lang::En => format!(
            "cost {cost} is {gap} below {reference} ({value}), threshold {threshold} ({method})"
        ),
    }
}

/// A parameter as a percentage with the decimals it needs: 0.2 → `20 %`, 0.125 → `12,5 %`.
fn share(fraction: Decimal, lang: Lang) -> String {
    let p = (fraction * Decimal::ONE_HUNDRED).normalize();
    money::percent(p, p.scale(), lang)
}

/// A share as points: 0.25 → `25 points`.
fn points(fraction: Decimal, lang: Lang) -> String {
    format!(
        "{} points",
        money::human_exact(fraction * Decimal::ONE_HUNDRED, lang)
    )
}

/// An offer the method flags: the bidder must be asked to justify its price.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flagged {
    /// Index into the `costs` given.
    pub index: usize,
    pub cost: Mark,
    /// The rule that fired, with its numbers.
    pub rule: Rule,
    /// Other rules of the method that fired too (RGLCAP with three offers: below the mean
    /// and more than 25 points below the budget). Usually empty.
    pub also: Vec<Rule>,
}

impl Flagged {
    /// One sentence for people, in French or English, with the numbers: e.g. fr
    /// "coût 60 000,00 € inférieur de 30,4 % à la moyenne retenue (86 250,00 €), seuil
    /// 77 625,00 € (méthode FFB)". The gap is shown to one decimal, money to the cent.
    pub fn describe(&self, lang: Lang) -> String {
        std::iter::once(&self.rule)
            .chain(&self.also)
            .map(|r| r.describe(&self.cost, lang))
            .collect::<Vec<_>>()
            .join(lang.pick("\u{a0}; ", "; "))
    }
}

/// The test for one lot and scope: its figures and the offers it flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AbnormallyLowTest {
    pub method: Method,
    /// The test's own figures, in the order computed, each with a stable snake_case key for
    /// JSON (see [`Figure`]).
    pub figures: Vec<Figure>,
    /// Why the method could not be applied (e.g. EU draft with fewer than 5 offers; RGLCAP
    /// with one bidder and no budget); then the method flags nothing (a cost of 0 is
    /// flagged all the same).
    pub not_applied: Option<NotApplied>,
    /// Rules of the method left out while the others ran (RGLCAP with three offers and no
    /// budget: the 25-point rule against the budget). Usually empty.
    pub skipped: Vec<NotApplied>,
    /// The flagged offers, in the order of the costs given.
    pub flagged: Vec<Flagged>,
}

impl AbnormallyLowTest {
    /// Whether the offer at `index` (into the costs given) is flagged.
    pub fn is_flagged(&self, index: usize) -> bool {
        self.flagged.iter().any(|f| f.index == index)
    }

    /// The figure of that key, if the test computed it.
    pub fn figure(&self, key: &str) -> Option<&Mark> {
        self.figures.iter().find(|f| f.key == key).map(|f| &f.value)
    }

    fn push_figure(&mut self, key: &'static str, value: &Mark) {
        self.figures.push(Figure {
            key,
            value: value.clone(),
        });
    }

    fn push_count(&mut self, key: &'static str, count: usize) {
        self.figures.push(Figure {
            key,
            value: Mark::from_u64(count as u64),
        });
    }

    fn flag(&mut self, index: usize, cost: &Mark, rule: Rule) {
        self.flagged.push(Flagged {
            index,
            cost: cost.clone(),
            rule,
            also: Vec::new(),
        });
    }
}

fn exact(d: Decimal) -> Mark {
    Mark::from_decimal(d)
}

/// The exact arithmetic mean; zero for no value.
fn mean<'a>(values: impl IntoIterator<Item = &'a Mark>) -> Mark {
    let (sum, n) = values
        .into_iter()
        .fold((Mark::zero(), 0u64), |(s, n), v| (s.add(v), n + 1));
    sum.div(&Mark::from_u64(n)).unwrap_or_else(Mark::zero)
}

/// `(1 − below) × reference`.
fn threshold(reference: &Mark, below: Decimal) -> Mark {
    reference.mul(&exact(Decimal::ONE - below))
}

/// `cost` against `(1 − below) × reference`, exactly: the numbers when it falls under
/// (strictly when `strict`, else at or under). A reference of zero (or less) flags nothing:
/// no offer can be a share of it below it.
fn compare(c: &Mark, reference: &Mark, below: Decimal, strict: bool) -> Option<Comparison> {
    if *reference <= Mark::zero() {
        return None;
    }
    let limit = threshold(reference, below);
    let under = if strict { *c < limit } else { *c <= limit };
    if !under {
        return None;
    }
    let gap = reference
        .sub(c)
        .mul(&exact(Decimal::ONE_HUNDRED))
        .div(reference)?;
    Some(Comparison {
        reference: reference.clone(),
        below,
        threshold: limit,
        strict,
        gap_percent: gap,
    })
}

/// Runs the method over the compared prices of the admissible offers of one lot and scope
/// (all in the same basis, e.g. yearly € HT, exact whatever the contract's length). `budget` is the scope's budget ceiling in that
/// same basis, exact (it may be a fraction such as 90000 ÷ 1.2, hence a Mark), when the
/// buyer set one; only RGLCAP uses it. `None` when there is no offer.
pub fn test(method: &Method, costs: &[Mark], budget: Option<&Mark>) -> Option<AbnormallyLowTest> {
    if costs.is_empty() {
        return None;
    }
    let mut t = AbnormallyLowTest {
        method: method.clone(),
        figures: Vec::new(),
        not_applied: None,
        skipped: Vec::new(),
        flagged: Vec::new(),
    };
    match method {
        Method::Ffb { above, below } => ffb(&mut t, costs, *above, *below),
        Method::MeanGap { gap } => mean_gap(&mut t, costs, *gap),
        Method::NextGap { gap } => next_gap(&mut t, costs, *gap),
        Method::EuDraft {
            below_mean,
            below_second,
            min_offers,
        } => eu_draft(&mut t, costs, *below_mean, *below_second, *min_offers),
        Method::Rglcap => rglcap(&mut t, costs, budget),
    }
    flag_zero_costs(&mut t, costs);
    Some(t)
}

/// Flags every cost of 0, whatever the method found: as a further rule of an offer the
/// method flagged already, else as the reason of its flag.
fn flag_zero_costs(t: &mut AbnormallyLowTest, costs: &[Mark]) {
    for (index, cost) in costs.iter().enumerate().filter(|(_, c)| c.is_zero()) {
        match t.flagged.iter_mut().find(|f| f.index == index) {
            Some(f) => f.also.push(Rule::ZeroCost),
            None => t.flag(index, cost, Rule::ZeroCost),
        }
    }
    t.flagged.sort_by_key(|f| f.index);
}

fn ffb(t: &mut AbnormallyLowTest, costs: &[Mark], above: Decimal, below: Decimal) {
    let mean_all = mean(costs);
    let set_aside_above = mean_all.mul(&exact(Decimal::ONE + above));
    // The lowest offer is never above the mean: at least one is retained.
    let retained: Vec<Mark> = costs
        .iter()
        .filter(|c| **c <= set_aside_above)
        .cloned()
        .collect();
    let mean_retained = mean(&retained);
    t.push_figure("mean_all", &mean_all);
    t.push_figure("set_aside_above", &set_aside_above);
    t.push_count("retained", retained.len());
    t.push_figure("mean_retained", &mean_retained);
    t.push_figure("threshold", &threshold(&mean_retained, below));
    for (i, cost) in costs.iter().enumerate() {
        if let Some(c) = compare(cost, &mean_retained, below, false) {
            t.flag(i, cost, Rule::Ffb(c));
        }
    }
}

fn too_few(t: &mut AbnormallyLowTest, costs: &[Mark], needed: usize) -> bool {
    if costs.len() < needed {
        t.not_applied = Some(NotApplied::TooFewOffers {
            needed,
            offers: costs.len(),
        });
        true
    } else {
        false
    }
}

fn mean_gap(t: &mut AbnormallyLowTest, costs: &[Mark], gap: Decimal) {
    if too_few(t, costs, 2) {
        return;
    }
    let sum = costs.iter().fold(Mark::zero(), |s, c| s.add(c));
    let others_count = Mark::from_u64(costs.len() as u64 - 1);
    t.push_figure("mean_all", &mean(costs));
    for (i, cost) in costs.iter().enumerate() {
        // The mean of the others, exactly: (sum − cost) ÷ (n − 1).
        let Some(others) = sum.sub(cost).div(&others_count) else {
            continue;
        };
        if let Some(c) = compare(cost, &others, gap, false) {
            t.flag(i, cost, Rule::MeanGap(c));
        }
    }
}

/// The costs in increasing order.
fn sorted(costs: &[Mark]) -> Vec<Mark> {
    let mut s = costs.to_vec();
    s.sort();
    s
}

fn next_gap(t: &mut AbnormallyLowTest, costs: &[Mark], gap: Decimal) {
    if too_few(t, costs, 2) {
        return;
    }
    let s = sorted(costs);
    let second = s[1].clone();
    t.push_figure("lowest", &s[0]);
    t.push_figure("second_lowest", &second);
    t.push_figure("threshold", &threshold(&second, gap));
    // Every offer against the second in sorted order: only one strictly below it (the
    // lowest, untied) can be under the threshold.
    for (i, cost) in costs.iter().enumerate() {
        if let Some(c) = compare(cost, &second, gap, false) {
            t.flag(i, cost, Rule::NextGap(c));
        }
    }
}

fn eu_draft(
    t: &mut AbnormallyLowTest,
    costs: &[Mark],
    below_mean: Decimal,
    below_second: Decimal,
    min_offers: usize,
) {
    if too_few(t, costs, min_offers.max(2)) {
        return;
    }
    let sum = costs.iter().fold(Mark::zero(), |s, c| s.add(c));
    let others_count = Mark::from_u64(costs.len() as u64 - 1);
    let s = sorted(costs);
    let second = s[1].clone();
    t.push_figure("mean_all", &mean(costs));
    // The only offer that can pass the second condition is the lowest: its reference.
    if let Some(remaining) = sum.sub(&s[0]).div(&others_count) {
        t.push_figure("mean_remaining", &remaining);
        t.push_figure("threshold_mean", &threshold(&remaining, below_mean));
    }
    t.push_figure("second_lowest", &second);
    t.push_figure("threshold_second", &threshold(&second, below_second));
    for (i, cost) in costs.iter().enumerate() {
        // The mean of the remaining offers, exactly: (sum − cost) ÷ (n − 1).
        let Some(remaining) = sum.sub(cost).div(&others_count) else {
            continue;
        };
        if let (Some(mean), Some(second)) = (
            compare(cost, &remaining, below_mean, true),
            compare(cost, &second, below_second, true),
        ) {
            t.flag(i, cost, Rule::EuDraft { mean, second });
        }
    }
}

fn rglcap(t: &mut AbnormallyLowTest, costs: &[Mark], budget: Option<&Mark>) {
    match costs.len() {
        0 => {}
        // 85.1: more than 25 points below the budget.
        1 => {
            let Some(budget) = budget else {
                t.not_applied = Some(NotApplied::NoBudget {
                    below: RGLCAP_BELOW_BUDGET,
                });
                return;
            };
            t.push_figure("budget", budget);
            t.push_figure("threshold_budget", &threshold(budget, RGLCAP_BELOW_BUDGET));
            if let Some(c) = compare(&costs[0], budget, RGLCAP_BELOW_BUDGET, true) {
                let rule = Rule::RglcapBudget {
                    paragraph: 1,
                    comparison: c,
                };
                t.flag(0, &costs[0], rule);
            }
        }
        // 85.2: more than 20 points below the other offer.
        2 => {
            let highest = (&costs[0]).max(&costs[1]).clone();
            t.push_figure("highest", &highest);
            t.push_figure("threshold", &threshold(&highest, RGLCAP_BELOW_OTHER));
            for i in 0..2 {
                let other = &costs[1 - i];
                if let Some(c) = compare(&costs[i], other, RGLCAP_BELOW_OTHER, true) {
                    t.flag(i, &costs[i], Rule::RglcapOtherOffer(c));
                }
            }
        }
        // 85.3: more than 10 points below the mean, without the highest offer when it is
        // more than 10 points above the mean of the three (one offer only, even if two tie
        // at the highest); in any case more than 25 points below the budget.
        3 => {
            let mean_all = mean(costs);
            let set_aside_above = mean_all.mul(&exact(Decimal::ONE + RGLCAP_ABOVE_MEAN));
            let highest = (0..3).fold(0, |h, i| if costs[i] > costs[h] { i } else { h });
            let retained: Vec<Mark> = if costs[highest] > set_aside_above {
                (0..3)
                    .filter(|i| *i != highest)
                    .map(|i| costs[i].clone())
                    .collect()
            } else {
                costs.to_vec()
            };
            let mean_retained = mean(&retained);
            t.push_figure("mean_all", &mean_all);
            t.push_figure("set_aside_above", &set_aside_above);
            t.push_count("retained", retained.len());
            t.push_figure("mean_retained", &mean_retained);
            t.push_figure("threshold", &threshold(&mean_retained, RGLCAP_BELOW_MEAN));
            match budget {
                Some(b) => {
                    t.push_figure("budget", b);
                    t.push_figure("threshold_budget", &threshold(b, RGLCAP_BELOW_BUDGET));
                }
                None => t.skipped.push(NotApplied::NoBudget {
                    below: RGLCAP_BELOW_BUDGET,
                }),
            }
            for (i, cost) in costs.iter().enumerate() {
                let by_mean = compare(cost, &mean_retained, RGLCAP_BELOW_MEAN, true).map(|c| {
                    Rule::RglcapMean {
                        paragraph: 3,
                        comparison: c,
                    }
                });
                let by_budget = budget
                    .and_then(|b| compare(cost, b, RGLCAP_BELOW_BUDGET, true))
                    .map(|c| Rule::RglcapBudget {
                        paragraph: 3,
                        comparison: c,
                    });
                let mut rules = by_mean.into_iter().chain(by_budget);
                if let Some(rule) = rules.next() {
                    t.flagged.push(Flagged {
                        index: i,
                        cost: cost.clone(),
                        rule,
                        also: rules.collect(),
                    });
                }
            }
        }
        // 85.4: offers more than 10 points above the mean leave it; a new mean of the rest
        // (of the three lowest offers if fewer than three remain); more than 10 points
        // below it.
        _ => {
            let mean_all = mean(costs);
            let set_aside_above = mean_all.mul(&exact(Decimal::ONE + RGLCAP_ABOVE_MEAN));
            let mut retained: Vec<Mark> = costs
                .iter()
                .filter(|c| **c <= set_aside_above)
                .cloned()
                .collect();
            if retained.len() < 3 {
                retained = sorted(costs)[..3].to_vec();
            }
            let mean_retained = mean(&retained);
            t.push_figure("mean_all", &mean_all);
            t.push_figure("set_aside_above", &set_aside_above);
            t.push_count("retained", retained.len());
            t.push_figure("mean_retained", &mean_retained);
            t.push_figure("threshold", &threshold(&mean_retained, RGLCAP_BELOW_MEAN));
            for (i, cost) in costs.iter().enumerate() {
                if let Some(c) = compare(cost, &mean_retained, RGLCAP_BELOW_MEAN, true) {
                    let rule = Rule::RglcapMean {
                        paragraph: 4,
                        comparison: c,
                    };
                    t.flag(i, cost, rule);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exacts(costs: &[Decimal]) -> Vec<Mark> {
        costs.iter().map(|c| Mark::from_decimal(*c)).collect()
    }

    /// An exact figure as a decimal, for comparing with the hand-worked values.
    fn sh(m: &Mark) -> Decimal {
        m.to_decimal().unwrap().normalize()
    }

    fn run(method: &Method, costs: &[Decimal]) -> AbnormallyLowTest {
        test(method, &exacts(costs), None).unwrap()
    }

    fn indexes(t: &AbnormallyLowTest) -> Vec<usize> {
        t.flagged.iter().map(|f| f.index).collect()
    }

    fn fig(t: &AbnormallyLowTest, key: &str) -> Decimal {
        sh(t.figure(key)
            .unwrap_or_else(|| panic!("no figure {key} in {:?}", t.figures)))
    }

    fn keys(t: &AbnormallyLowTest) -> Vec<&'static str> {
        t.figures.iter().map(|f| f.key).collect()
    }

    /// The one comparison of the one flagged offer.
    fn only(t: &AbnormallyLowTest) -> &Comparison {
        assert_eq!(t.flagged.len(), 1, "{:?}", t.flagged);
        let c = t.flagged[0].rule.comparisons();
        assert_eq!(c.len(), 1);
        c[0]
    }

    /// A gap rounded to 4 places, half away from zero.
    fn gap4(c: &Comparison) -> Decimal {
        money::round(sh(&c.gap_percent), 4)
    }

    fn mean_gap() -> Method {
        Method::with_defaults("mean_gap").unwrap()
    }

    fn next_gap() -> Method {
        Method::with_defaults("next_gap").unwrap()
    }

    fn eu_draft() -> Method {
        Method::with_defaults("eu_draft").unwrap()
    }

    fn rglcap(costs: &[Decimal], budget: Option<&Mark>) -> AbnormallyLowTest {
        test(&Method::Rglcap, &exacts(costs), budget).unwrap()
    }

    // ---- FFB ----

    #[test]
    fn ffb_sets_aside_high_offers_then_flags_low_ones() {
        // Offers 100, 95, 90, 60, 200: sum 545, mean 109. 1.2 × 109 = 130.8 < 200: 200 is set
        // aside. Mean of 100, 95, 90, 60 = 345 ÷ 4 = 86.25; threshold 0.9 × 86.25 = 77.625:
        // 60 is flagged, 86.25 − 60 = 26.25 below, 26.25 ÷ 86.25 = 0.3043478… → 30.4348 %.
        let t = run(
            &Method::default(),
            &[dec!(100), dec!(95), dec!(90), dec!(60), dec!(200)],
        );
        assert_eq!(
            keys(&t),
            [
                "mean_all",
                "set_aside_above",
                "retained",
                "mean_retained",
                "threshold"
            ]
        );
        assert_eq!(fig(&t, "mean_all"), dec!(109));
        assert_eq!(fig(&t, "set_aside_above"), dec!(130.8));
        assert_eq!(fig(&t, "retained"), dec!(4));
        assert_eq!(fig(&t, "mean_retained"), dec!(86.25));
        assert_eq!(fig(&t, "threshold"), dec!(77.625));
        assert_eq!(indexes(&t), [3]);
        assert!(t.is_flagged(3) && !t.is_flagged(4));
        let c = only(&t);
        assert_eq!(
            (sh(&c.reference), sh(&c.threshold), c.below, c.strict),
            (dec!(86.25), dec!(77.625), dec!(0.10), false)
        );
        assert_eq!(gap4(c), dec!(30.4348));
        assert!(matches!(t.flagged[0].rule, Rule::Ffb(_)));
        assert_eq!(t.not_applied, None);
        assert!(t.skipped.is_empty());
    }

    #[test]
    fn ffb_exactly_ten_per_cent_below_is_flagged() {
        // 100, 100, 100, 90 → mean 97.5, none set aside (1.2 × 97.5 = 117); threshold
        // 0.9 × 97.5 = 87.75: nothing flagged.
        assert!(
            run(
                &Method::default(),
                &[dec!(100), dec!(100), dec!(100), dec!(90)]
            )
            .flagged
            .is_empty()
        );
        // 100, 110, 81 → mean 97 (none above 116.4), threshold 87.3: 81 flagged.
        assert_eq!(
            indexes(&run(&Method::default(), &[dec!(100), dec!(110), dec!(81)])),
            [2]
        );
        // 90, 100, 110 → mean 100 (none above 120), threshold 90: 90 is exactly 10 % below,
        // "or more": flagged.
        let t = run(&Method::default(), &[dec!(90), dec!(100), dec!(110)]);
        assert_eq!(indexes(&t), [0]);
        assert_eq!(sh(&only(&t).gap_percent), dec!(10));
    }

    #[test]
    fn ffb_exactly_twenty_per_cent_above_is_kept() {
        // 85, 95, 120: mean 300 ÷ 3 = 100; 120 is exactly 1.2 × 100, not more: kept. Mean
        // retained 100, threshold 90: 85 flagged.
        let t = run(&Method::default(), &[dec!(85), dec!(95), dec!(120)]);
        assert_eq!(fig(&t, "retained"), dec!(3));
        assert_eq!(indexes(&t), [0]);
        // 85, 95, 120.03: mean 300.03 ÷ 3 = 100.01, 1.2 × 100.01 = 120.012 < 120.03: set
        // aside. Mean of 85 and 95 = 90, threshold 81: 85 is not flagged.
        let t = run(&Method::default(), &[dec!(85), dec!(95), dec!(120.03)]);
        assert_eq!(fig(&t, "retained"), dec!(2));
        assert_eq!(fig(&t, "threshold"), dec!(81));
        assert!(t.flagged.is_empty());
    }

    #[test]
    fn a_cost_of_zero_is_flagged_whatever_the_method() {
        let methods = [
            Method::default(),
            Method::with_defaults("mean_gap").unwrap(),
            Method::with_defaults("next_gap").unwrap(),
            Method::with_defaults("eu_draft").unwrap(),
            Method::Rglcap,
        ];
        for method in methods {
            // 0, 100, 100: FFB's mean 200 ÷ 3, etc.; the EU draft is not applied (fewer
            // than 5 offers), RGLCAP 85.3 has no budget: the 0 is flagged by all.
            let t = run(&method, &[dec!(100), dec!(0), dec!(100)]);
            assert_eq!(t.flagged.len(), 1, "{method:?}");
            let f = &t.flagged[0];
            assert_eq!(f.index, 1);
            assert!(
                f.rule == Rule::ZeroCost || f.also.contains(&Rule::ZeroCost),
                "{method:?}"
            );
        }
        // A lone offer at 0: FFB flags nothing by itself, the zero rule does.
        let lone = run(&Method::default(), &[dec!(0)]);
        assert_eq!(lone.flagged[0].rule, Rule::ZeroCost);
        assert!(lone.flagged[0].describe(Lang::En).contains("cost of €0.00"));
    }

    #[test]
    fn ffb_a_lone_offer_is_never_flagged() {
        // 5000: mean 5000, threshold 4500.
        assert!(run(&Method::default(), &[dec!(5000)]).flagged.is_empty());
        assert!(test(&Method::default(), &[], None).is_none());
    }

    #[test]
    fn ffb_blind_spot_one_low_offer_among_three() {
        // 10, 100, 100: mean 70, 1.2 × 70 = 84: both 100 are set aside, 10 stays alone:
        // mean 10, threshold 9: nothing flagged. The method's own property, kept as is.
        let t = run(&Method::default(), &[dec!(10), dec!(100), dec!(100)]);
        assert_eq!(fig(&t, "retained"), dec!(1));
        assert!(t.flagged.is_empty());
        // All at 0: the reference is 0, no offer is a share of it below it; each cost
        // of 0 is flagged for itself.
        let zeros = run(&Method::default(), &[dec!(0), dec!(0)]);
        assert_eq!(zeros.flagged.len(), 2);
        assert!(zeros.flagged.iter().all(|f| f.rule == Rule::ZeroCost));
    }

    #[test]
    fn a_flag_is_described_with_its_numbers() {
        // The first FFB test in thousands: mean retained 345 000 ÷ 4 = 86 250, threshold
        // 0.9 × 86 250 = 77 625; 60 000 is 26 250 below, 26 250 ÷ 86 250 = 30.43…% → 30.4 %.
        let t = run(
            &Method::default(),
            &[
                dec!(100000),
                dec!(95000),
                dec!(90000),
                dec!(60000),
                dec!(200000),
            ],
        );
        let f = &t.flagged[0];
        assert_eq!(
            f.describe(Lang::Fr),
            "coût 60\u{a0}000,00\u{a0}€ inférieur de 30,4\u{a0}% à la moyenne retenue \
             (86\u{a0}250,00\u{a0}€), seuil 77\u{a0}625,00\u{a0}€ (méthode FFB)"
        );
        assert_eq!(
            f.describe(Lang::En),
            "cost €60,000.00 is 30.4% below the retained mean (€86,250.00), threshold \
             €77,625.00 (FFB method)"
        );
    }

    // ---- Mean of the others ----

    #[test]
    fn mean_gap_compares_each_offer_with_the_mean_of_the_others() {
        // 100, 110, 120, 70. For 70: others (100 + 110 + 120) ÷ 3 = 110, threshold
        // 0.8 × 110 = 88: flagged, 40 ÷ 110 = 36.3636…% below. For 100: others
        // (110 + 120 + 70) ÷ 3 = 100, threshold 80: no; 110 and 120 are above their others'
        // means. The mean of all: 400 ÷ 4 = 100.
        let t = run(&mean_gap(), &[dec!(100), dec!(110), dec!(120), dec!(70)]);
        assert_eq!(keys(&t), ["mean_all"]);
        assert_eq!(fig(&t, "mean_all"), dec!(100));
        assert_eq!(indexes(&t), [3]);
        let c = only(&t);
        assert_eq!((sh(&c.reference), sh(&c.threshold)), (dec!(110), dec!(88)));
        assert_eq!(gap4(c), dec!(36.3636));
        assert!(matches!(t.flagged[0].rule, Rule::MeanGap(_)));
    }

    #[test]
    fn mean_gap_flags_exactly_the_gap() {
        // 100, 100, 100, 80: for 80 the others' mean is 100, threshold 80: 20 % below, "or
        // more": flagged. For a 100: others (100 + 100 + 80) ÷ 3 = 93.33…, threshold
        // 74.66…: no.
        let t = run(&mean_gap(), &[dec!(100), dec!(100), dec!(100), dec!(80)]);
        assert_eq!(indexes(&t), [3]);
        assert_eq!(sh(&only(&t).gap_percent), dec!(20));
        // 80.01 > 80: nothing.
        assert!(
            run(&mean_gap(), &[dec!(100), dec!(100), dec!(100), dec!(80.01)])
                .flagged
                .is_empty()
        );
        // Two offers, each against the other: 80 ≤ 0.8 × 100; 100 > 0.8 × 80 = 64.
        assert_eq!(indexes(&run(&mean_gap(), &[dec!(100), dec!(80)])), [1]);
        // Gap 0.3: threshold 0.7 × 100 = 70 < 80: not flagged.
        assert!(
            run(&Method::MeanGap { gap: dec!(0.3) }, &[dec!(100), dec!(80)])
                .flagged
                .is_empty()
        );
    }

    #[test]
    fn mean_gap_needs_two_offers() {
        let t = run(&mean_gap(), &[dec!(10)]);
        assert_eq!(
            t.not_applied,
            Some(NotApplied::TooFewOffers {
                needed: 2,
                offers: 1
            })
        );
        assert!(t.flagged.is_empty() && t.figures.is_empty());
    }

    // ---- Second-lowest ----

    #[test]
    fn next_gap_compares_the_lowest_with_the_second() {
        // 120, 70, 100: sorted 70, 100, 120; threshold 0.8 × 100 = 80; 70 ≤ 80: flagged,
        // 30 ÷ 100 = 30 % below.
        let t = run(&next_gap(), &[dec!(120), dec!(70), dec!(100)]);
        assert_eq!(keys(&t), ["lowest", "second_lowest", "threshold"]);
        assert_eq!(
            (
                fig(&t, "lowest"),
                fig(&t, "second_lowest"),
                fig(&t, "threshold")
            ),
            (dec!(70), dec!(100), dec!(80))
        );
        assert_eq!(indexes(&t), [1]);
        assert_eq!(sh(&only(&t).gap_percent), dec!(30));
        assert!(matches!(t.flagged[0].rule, Rule::NextGap(_)));
        // 80 against 100 is exactly 20 % below: flagged ("or more"); 80.01 is not.
        assert_eq!(indexes(&run(&next_gap(), &[dec!(100), dec!(80)])), [1]);
        assert!(
            run(&next_gap(), &[dec!(100), dec!(80.01)])
                .flagged
                .is_empty()
        );
    }

    #[test]
    fn next_gap_never_flags_a_tie_at_the_lowest() {
        // 50, 100, 50: sorted 50, 50, 100: the second is 50, threshold 40; neither 50 is
        // flagged.
        let t = run(&next_gap(), &[dec!(50), dec!(100), dec!(50)]);
        assert_eq!(fig(&t, "second_lowest"), dec!(50));
        assert_eq!(fig(&t, "threshold"), dec!(40));
        assert!(t.flagged.is_empty());
        assert_eq!(
            run(&next_gap(), &[dec!(50)]).not_applied,
            Some(NotApplied::TooFewOffers {
                needed: 2,
                offers: 1
            })
        );
    }

    // ---- EU draft ----

    #[test]
    fn eu_draft_needs_five_offers() {
        // Four offers: not applied, though 10 is far below the rest.
        let four = [dec!(10), dec!(100), dec!(100), dec!(100)];
        let t = run(&eu_draft(), &four);
        assert_eq!(
            t.not_applied,
            Some(NotApplied::TooFewOffers {
                needed: 5,
                offers: 4
            })
        );
        assert!(t.flagged.is_empty() && t.figures.is_empty());
        // With min_offers = 4 it runs: the mean of the others 300 ÷ 3 = 100, threshold 50;
        // second-lowest 100, threshold 80: 10 is below both.
        let from_four = Method::EuDraft {
            below_mean: dec!(0.5),
            below_second: dec!(0.2),
            min_offers: 4,
        };
        assert_eq!(indexes(&run(&from_four, &four)), [0]);
    }

    #[test]
    fn eu_draft_flags_far_below_the_mean_and_the_second() {
        // 100, 100, 20, 100, 100: mean of all 420 ÷ 5 = 84; the mean of the others than 20
        // is 400 ÷ 4 = 100, threshold 0.5 × 100 = 50; second-lowest 100, threshold
        // 0.8 × 100 = 80. 20 < 50 and 20 < 80: flagged, 80 % below the mean of the others
        // and 80 % below the second.
        let t = run(
            &eu_draft(),
            &[dec!(100), dec!(100), dec!(20), dec!(100), dec!(100)],
        );
        assert_eq!(
            keys(&t),
            [
                "mean_all",
                "mean_remaining",
                "threshold_mean",
                "second_lowest",
                "threshold_second"
            ]
        );
        assert_eq!(fig(&t, "mean_all"), dec!(84));
        assert_eq!(fig(&t, "mean_remaining"), dec!(100));
        assert_eq!(fig(&t, "threshold_mean"), dec!(50));
        assert_eq!(fig(&t, "second_lowest"), dec!(100));
        assert_eq!(fig(&t, "threshold_second"), dec!(80));
        assert_eq!(indexes(&t), [2]);
        let Rule::EuDraft { mean, second } = &t.flagged[0].rule else {
            panic!("{:?}", t.flagged[0].rule)
        };
        assert_eq!(
            (sh(&mean.reference), sh(&mean.threshold), mean.strict),
            (dec!(100), dec!(50), true)
        );
        assert_eq!(gap4(mean), dec!(80));
        assert_eq!(
            (
                sh(&second.reference),
                sh(&second.threshold),
                sh(&second.gap_percent)
            ),
            (dec!(100), dec!(80), dec!(80))
        );
    }

    #[test]
    fn eu_draft_needs_both_conditions_strictly() {
        // 10, 12, 100, 100, 100: 10 against the others' mean 312 ÷ 4 = 78, threshold 39:
        // more than 50 % below it; but the second-lowest is 12, threshold 0.8 × 12 = 9.6,
        // and 10 is only 2 ÷ 12 = 16.7 % below 12: nothing flagged.
        assert!(
            run(
                &eu_draft(),
                &[dec!(10), dec!(12), dec!(100), dec!(100), dec!(100)]
            )
            .flagged
            .is_empty()
        );
        // Exactly 50 % below the others' mean: 40, 60, 100, 100, 60: 40 against
        // (60 + 100 + 100 + 60) ÷ 4 = 80, threshold 40; 40 is not more than 50 % below
        // (though 40 < 0.8 × 60 = 48): not flagged.
        assert!(
            run(
                &eu_draft(),
                &[dec!(40), dec!(60), dec!(100), dec!(100), dec!(60)]
            )
            .flagged
            .is_empty()
        );
        // Exactly 20 % below the second: 40, 50, 200, 200, 200: the others' mean 650 ÷ 4 =
        // 162.5, threshold 81.25 > 40; second 50, threshold 40: 40 is not below it.
        assert!(
            run(
                &eu_draft(),
                &[dec!(40), dec!(50), dec!(200), dec!(200), dec!(200)]
            )
            .flagged
            .is_empty()
        );
        // 39.99 instead: the others' mean is still 162.5, threshold 81.25 > 39.99; and
        // 39.99 < 40: flagged.
        assert_eq!(
            indexes(&run(
                &eu_draft(),
                &[dec!(39.99), dec!(50), dec!(200), dec!(200), dec!(200)]
            )),
            [0]
        );
    }

    #[test]
    fn eu_draft_measures_an_offer_against_the_mean_of_the_remaining_offers() {
        // 30, 40, 70, 70, 70. Against all five, mean 280 ÷ 5 = 56, threshold 28: 30 would
        // not be more than 50 % below. Against the remaining four, (40 + 70 + 70 + 70) ÷ 4
        // = 62.5, threshold 31.25: 30 is, by (62.5 − 30) ÷ 62.5 = 52 %; and 30 is 25 %
        // below the second-lowest 40 (threshold 32): flagged.
        let t = run(
            &eu_draft(),
            &[dec!(30), dec!(40), dec!(70), dec!(70), dec!(70)],
        );
        assert_eq!(fig(&t, "mean_all"), dec!(56));
        assert_eq!(fig(&t, "mean_remaining"), dec!(62.5));
        assert_eq!(fig(&t, "threshold_mean"), dec!(31.25));
        assert_eq!(indexes(&t), [0]);
        let Rule::EuDraft { mean, second } = &t.flagged[0].rule else {
            panic!("{:?}", t.flagged[0].rule)
        };
        assert_eq!(
            (sh(&mean.reference), sh(&mean.threshold), gap4(mean)),
            (dec!(62.5), dec!(31.25), dec!(52))
        );
        assert_eq!((sh(&second.reference), gap4(second)), (dec!(40), dec!(25)));
    }

    // ---- RGLCAP ----

    #[test]
    fn rglcap_one_bidder_against_the_budget() {
        // No budget: 85.1, the only rule for one bidder, cannot run.
        let t = rglcap(&[dec!(50000)], None);
        assert_eq!(
            t.not_applied,
            Some(NotApplied::NoBudget { below: dec!(0.25) })
        );
        assert!(t.flagged.is_empty());
        // Budget 90 000 TTC ÷ 1.2 = 75 000 HT; 0.75 × 75 000 = 56 250. Exactly 25 points
        // below is not "more than": 56 250 is not flagged.
        let budget = Mark::ratio(dec!(90000), dec!(1), dec!(1.2)).unwrap();
        let t = rglcap(&[dec!(56250)], Some(&budget));
        assert_eq!(keys(&t), ["budget", "threshold_budget"]);
        assert_eq!(fig(&t, "budget"), dec!(75000));
        assert_eq!(fig(&t, "threshold_budget"), dec!(56250));
        assert!(t.flagged.is_empty() && t.not_applied.is_none());
        // 56 249.99 is: (75 000 − 56 249.99) ÷ 75 000 = 18 750.01 ÷ 75 000 = 25.0000133…%.
        let t = rglcap(&[dec!(56249.99)], Some(&budget));
        let c = only(&t);
        assert_eq!(
            (sh(&c.reference), sh(&c.threshold), c.strict),
            (dec!(75000), dec!(56250), true)
        );
        assert!(sh(&c.gap_percent) > dec!(25));
        assert_eq!(gap4(c), dec!(25.0000));
        assert!(matches!(
            t.flagged[0].rule,
            Rule::RglcapBudget { paragraph: 1, .. }
        ));
    }

    #[test]
    fn rglcap_budget_as_an_exact_fraction() {
        // 100 000 ÷ 1.2 = 83 333.333… does not end; 0.75 × 100 000 ÷ 1.2 = 75 000 ÷ 1.2 =
        // 62 500 exactly. A budget rounded to the cent first (83 333.33) would give
        // 62 499.9975 and miss 62 499.998.
        let budget = Mark::ratio(dec!(100000), dec!(1), dec!(1.2)).unwrap();
        let t = rglcap(&[dec!(62500)], Some(&budget));
        assert_eq!(fig(&t, "threshold_budget"), dec!(62500));
        assert_eq!(money::round(fig(&t, "budget"), 2), dec!(83333.33));
        assert!(t.flagged.is_empty());
        assert_eq!(indexes(&rglcap(&[dec!(62499.998)], Some(&budget))), [0]);
    }

    #[test]
    fn rglcap_two_bidders_against_each_other() {
        // 0.8 × 100 000 = 80 000: exactly 20 points below the other is not "more than".
        let t = rglcap(&[dec!(100000), dec!(80000)], None);
        assert_eq!(keys(&t), ["highest", "threshold"]);
        assert_eq!(
            (fig(&t, "highest"), fig(&t, "threshold")),
            (dec!(100000), dec!(80000))
        );
        assert!(t.flagged.is_empty() && t.not_applied.is_none());
        // 79 999.99 is: (100 000 − 79 999.99) ÷ 100 000 × 100 = 20.00001 %.
        let t = rglcap(&[dec!(100000), dec!(79999.99)], None);
        assert_eq!(indexes(&t), [1]);
        let c = only(&t);
        assert_eq!(
            (sh(&c.reference), sh(&c.threshold), sh(&c.gap_percent)),
            (dec!(100000), dec!(80000), dec!(20.00001))
        );
        assert!(matches!(t.flagged[0].rule, Rule::RglcapOtherOffer(_)));
    }

    #[test]
    fn rglcap_three_bidders_exactly_ten_points_is_not_flagged() {
        // 90, 100, 110: mean 100; the highest, 110, is exactly 10 points above, not more: it
        // stays. Threshold 0.9 × 100 = 90: 90 is exactly 10 points below: not flagged.
        let t = rglcap(&[dec!(90), dec!(100), dec!(110)], None);
        assert_eq!(
            keys(&t),
            [
                "mean_all",
                "set_aside_above",
                "retained",
                "mean_retained",
                "threshold"
            ]
        );
        assert_eq!(fig(&t, "mean_all"), dec!(100));
        assert_eq!(fig(&t, "set_aside_above"), dec!(110));
        assert_eq!(fig(&t, "retained"), dec!(3));
        assert_eq!(fig(&t, "threshold"), dec!(90));
        assert!(t.flagged.is_empty());
        // Without a budget the 25-point rule was left out, and the test says so.
        assert_eq!(t.skipped, [NotApplied::NoBudget { below: dec!(0.25) }]);
        // One cent lower at both ends: 89.99, 100, 109.99: mean 299.98 ÷ 3 = 99.99333…;
        // 1.1 × that = 109.99266… > 109.99: the highest stays. Threshold
        // 0.9 × 299.98 ÷ 3 = 89.994 > 89.99: flagged.
        let t = rglcap(&[dec!(89.99), dec!(100), dec!(109.99)], None);
        assert_eq!(fig(&t, "retained"), dec!(3));
        assert_eq!(fig(&t, "threshold"), dec!(89.994));
        assert_eq!(indexes(&t), [0]);
        assert!(matches!(
            t.flagged[0].rule,
            Rule::RglcapMean { paragraph: 3, .. }
        ));
    }

    #[test]
    fn rglcap_three_bidders_leave_out_the_highest_when_far_above() {
        // 80 000, 100 000, 150 000: mean 110 000; 1.1 × 110 000 = 121 000 < 150 000: the
        // highest leaves the mean. Mean of 80 000 and 100 000 = 90 000, threshold 81 000:
        // 80 000 flagged, 10 000 ÷ 90 000 = 11.11…% below.
        let t = rglcap(&[dec!(80000), dec!(100000), dec!(150000)], None);
        assert_eq!(fig(&t, "set_aside_above"), dec!(121000));
        assert_eq!(fig(&t, "retained"), dec!(2));
        assert_eq!(fig(&t, "mean_retained"), dec!(90000));
        assert_eq!(fig(&t, "threshold"), dec!(81000));
        assert_eq!(indexes(&t), [0]);
        assert_eq!(sh(&only(&t).reference), dec!(90000));
        assert_eq!(gap4(only(&t)), dec!(11.1111));
        // It matters: 88 000, 100 000, 150 000: mean 338 000 ÷ 3 = 112 666.66…, 1.1 × that
        // = 123 933.33… < 150 000: left out; mean of the two others 94 000, threshold
        // 84 600 < 88 000: not flagged. (Counting 150 000, the threshold would be
        // 0.9 × 112 666.66… = 101 400 and both 88 000 and 100 000 would be flagged.)
        let t = rglcap(&[dec!(88000), dec!(100000), dec!(150000)], None);
        assert_eq!(money::round(fig(&t, "mean_all"), 2), dec!(112666.67));
        assert_eq!(fig(&t, "threshold"), dec!(84600));
        assert!(t.flagged.is_empty());
        // Only one offer leaves, even when two tie at the highest: 50, 100, 100: mean
        // 250 ÷ 3 = 83.33…, 1.1 × that = 91.66…, both 100 are above; one leaves, the mean of
        // 50 and 100 is 75, threshold 67.5: 50 flagged. (Both left out, the mean would be 50
        // and nothing flagged.)
        let t = rglcap(&[dec!(50), dec!(100), dec!(100)], None);
        assert_eq!(fig(&t, "retained"), dec!(2));
        assert_eq!(fig(&t, "mean_retained"), dec!(75));
        assert_eq!(fig(&t, "threshold"), dec!(67.5));
        assert_eq!(indexes(&t), [0]);
    }

    #[test]
    fn rglcap_three_bidders_more_than_25_points_below_the_budget() {
        // 70 000, 75 000, 80 000: mean 75 000; 1.1 × 75 000 = 82 500 > 80 000: all stay;
        // threshold 67 500: no offer is more than 10 points below the mean. Budget 100 000:
        // 0.75 × 100 000 = 75 000; 70 000 is 30 points below it: flagged; 75 000 is exactly
        // 25 points below: not.
        let costs = [dec!(70000), dec!(75000), dec!(80000)];
        let budget = Mark::from_decimal(dec!(100000));
        let t = rglcap(&costs, Some(&budget));
        assert_eq!(
            keys(&t),
            [
                "mean_all",
                "set_aside_above",
                "retained",
                "mean_retained",
                "threshold",
                "budget",
                "threshold_budget"
            ]
        );
        assert_eq!(fig(&t, "threshold"), dec!(67500));
        assert_eq!(fig(&t, "threshold_budget"), dec!(75000));
        assert_eq!(indexes(&t), [0]);
        let c = only(&t);
        assert_eq!(
            (sh(&c.reference), sh(&c.threshold), sh(&c.gap_percent)),
            (dec!(100000), dec!(75000), dec!(30))
        );
        assert!(matches!(
            t.flagged[0].rule,
            Rule::RglcapBudget { paragraph: 3, .. }
        ));
        assert!(t.skipped.is_empty());
        // Without a budget only the mean rule runs: nothing flagged, the 25-point rule is
        // named as left out.
        let t = rglcap(&costs, None);
        assert!(t.flagged.is_empty());
        assert_eq!(t.skipped, [NotApplied::NoBudget { below: dec!(0.25) }]);
        assert_eq!(t.figure("budget"), None);
    }

    #[test]
    fn rglcap_three_bidders_both_rules_fire() {
        // 60 000, 100 000, 100 000, budget 100 000: mean 260 000 ÷ 3 = 86 666.66…,
        // 1.1 × that = 95 333.33…: one 100 000 leaves. Mean of 60 000 and 100 000 = 80 000,
        // threshold 72 000: 60 000 is 20 000 ÷ 80 000 = 25 % below it. And
        // 0.75 × 100 000 = 75 000: 60 000 is 40 % below the budget.
        let budget = Mark::from_decimal(dec!(100000));
        let t = rglcap(&[dec!(60000), dec!(100000), dec!(100000)], Some(&budget));
        assert_eq!(indexes(&t), [0]);
        let f = &t.flagged[0];
        assert!(matches!(f.rule, Rule::RglcapMean { paragraph: 3, .. }));
        assert!(matches!(
            f.also[..],
            [Rule::RglcapBudget { paragraph: 3, .. }]
        ));
        assert_eq!(
            f.describe(Lang::En),
            "cost €60,000.00 is 25.0% below the retained mean (€80,000.00), threshold \
             €72,000.00 (RGLCAP art. 85.3); cost €60,000.00 is 40.0% below the budget \
             (€100,000.00), threshold €75,000.00 (RGLCAP art. 85.3)"
        );
    }

    #[test]
    fn rglcap_four_bidders_exactly_ten_points() {
        // 90, 100, 100, 110: mean 400 ÷ 4 = 100; 110 is not more than 10 points above: all
        // stay; threshold 90: 90 is exactly 10 points below, not more: nothing flagged.
        let t = rglcap(&[dec!(90), dec!(100), dec!(100), dec!(110)], None);
        assert_eq!(fig(&t, "mean_all"), dec!(100));
        assert_eq!(fig(&t, "set_aside_above"), dec!(110));
        assert_eq!(fig(&t, "retained"), dec!(4));
        assert_eq!(fig(&t, "threshold"), dec!(90));
        assert!(t.flagged.is_empty());
        // 85.4 has no rule against the budget: nothing is left out.
        assert!(t.skipped.is_empty());
    }

    #[test]
    fn rglcap_four_bidders_set_aside_offers_far_above() {
        // 80, 100, 100, 100, 150: mean 530 ÷ 5 = 106, 1.1 × 106 = 116.6 < 150: set aside.
        // New mean 380 ÷ 4 = 95, threshold 85.5: 80 flagged, 15 ÷ 95 = 15.789…% below.
        let t = rglcap(
            &[dec!(80), dec!(100), dec!(100), dec!(100), dec!(150)],
            None,
        );
        assert_eq!(fig(&t, "mean_all"), dec!(106));
        assert_eq!(fig(&t, "set_aside_above"), dec!(116.6));
        assert_eq!(fig(&t, "retained"), dec!(4));
        assert_eq!(fig(&t, "mean_retained"), dec!(95));
        assert_eq!(fig(&t, "threshold"), dec!(85.5));
        assert_eq!(indexes(&t), [0]);
        assert_eq!(gap4(only(&t)), dec!(15.7895));
        assert!(matches!(
            t.flagged[0].rule,
            Rule::RglcapMean { paragraph: 4, .. }
        ));
        // 88 instead of 80: mean 538 ÷ 5 = 107.6, 1.1 × 107.6 = 118.36 < 150: set aside; new
        // mean 388 ÷ 4 = 97, threshold 87.3 < 88: not flagged (against the first mean,
        // 0.9 × 107.6 = 96.84, it would have been).
        let t = rglcap(
            &[dec!(88), dec!(100), dec!(100), dec!(100), dec!(150)],
            None,
        );
        assert_eq!(fig(&t, "threshold"), dec!(87.3));
        assert!(t.flagged.is_empty());
    }

    #[test]
    fn rglcap_four_bidders_fewer_than_three_remain() {
        // 40 000, 40 000, 100 000, 100 000: mean 280 000 ÷ 4 = 70 000, 1.1 × 70 000 =
        // 77 000: both 100 000 are set aside and two offers remain, fewer than three: the
        // new mean is over the three lowest, (40 000 + 40 000 + 100 000) ÷ 3 = 60 000,
        // threshold 54 000: both 40 000 flagged, 20 000 ÷ 60 000 = 33.33…% below. (Over the
        // two remaining the mean would be 40 000 and nothing would be flagged.)
        let t = rglcap(
            &[dec!(40000), dec!(40000), dec!(100000), dec!(100000)],
            None,
        );
        assert_eq!(fig(&t, "set_aside_above"), dec!(77000));
        assert_eq!(fig(&t, "retained"), dec!(3));
        assert_eq!(fig(&t, "mean_retained"), dec!(60000));
        assert_eq!(fig(&t, "threshold"), dec!(54000));
        assert_eq!(indexes(&t), [0, 1]);
        assert_eq!(gap4(t.flagged[1].rule.comparisons()[0]), dec!(33.3333));
    }

    // ---- Keys, parameters, descriptions ----

    #[test]
    fn keys_defaults_and_parameters() {
        for key in Method::KEYS {
            let m = Method::with_defaults(key).unwrap();
            assert_eq!(m.key(), key);
            assert_eq!(m.check(), Ok(()));
        }
        assert_eq!(
            Method::with_defaults("ffb"),
            Some(Method::Ffb {
                above: dec!(0.20),
                below: dec!(0.10)
            })
        );
        assert_eq!(Method::default().key(), "ffb");
        assert_eq!(Method::with_defaults("average"), None);
        assert_eq!(
            Method::MeanGap { gap: dec!(1) }.check().unwrap_err().name,
            "gap"
        );
        assert_eq!(
            Method::Ffb {
                above: dec!(-0.1),
                below: dec!(0.1)
            }
            .check()
            .unwrap_err()
            .name,
            "above"
        );
        assert_eq!(
            Method::EuDraft {
                below_mean: dec!(0.5),
                below_second: dec!(0.2),
                min_offers: 1
            }
            .check()
            .unwrap_err()
            .name,
            "min_offers"
        );
    }

    #[test]
    fn methods_and_reasons_are_described() {
        assert_eq!(
            Method::default().describe(Lang::En),
            "FFB method: mean of all offers, offers more than 20% above it set aside, mean of \
             the others; an offer 10% or more below that new mean is flagged"
        );
        assert_eq!(
            eu_draft().describe(Lang::Fr),
            "projet de directive européenne\u{a0}: une offre à plus de 50\u{a0}% sous la \
             moyenne des autres offres et à plus de 20\u{a0}% sous la deuxième plus basse est \
             signalée, à partir de 5 offres"
        );
        assert_eq!(
            Method::NextGap { gap: dec!(0.125) }.describe(Lang::En),
            "gap to the next offer: the lowest offer is flagged when 12.5% or more below the \
             second-lowest (at least 2 offers; offers tied at the lowest never are)"
        );
        assert_eq!(
            NotApplied::TooFewOffers {
                needed: 5,
                offers: 4
            }
            .describe(Lang::Fr),
            "méthode non appliquée\u{a0}: elle demande au moins 5 offres, il y en a 4"
        );
        assert_eq!(
            NotApplied::TooFewOffers {
                needed: 2,
                offers: 1
            }
            .describe(Lang::En),
            "method not applied: it needs at least 2 offers, there is 1"
        );
        assert_eq!(
            NotApplied::NoBudget { below: dec!(0.25) }.describe(Lang::En),
            "rule “more than 25 points below the budget” not applied: no budget is set for \
             this scope"
        );
        assert_eq!(
            NotApplied::NoBudget { below: dec!(0.25) }.describe(Lang::Fr),
            "règle «\u{a0}plus de 25 points sous le budget\u{a0}» non appliquée\u{a0}: aucun \
             budget n'est fixé pour ce périmètre"
        );
    }
}

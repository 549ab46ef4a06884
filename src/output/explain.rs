//! `tender explain`, for people (text) and scripts (JSON), from one list of steps so the
//! two say the same thing.
//!
//! Each step gives its formula with the numbers put in and its result. Amounts are shown
//! with every digit they have (a bidder's 0.125 € stays 0.125 €), so each step can be
//! recomputed by hand from the one before; the results rounded to the cent are those the
//! ranking shows.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::sanitize::printable;
use super::text;
use crate::award::criteria::{CriterionMark, Passed};
use crate::award::{Exclusion, Mark, PriceReference, RankedOffer, TieDecision, price};
use crate::bpu::layout;
use crate::exact::Exact;
use crate::explain::{Explanation, Standing};
use crate::lang::Lang;
use crate::money;
use crate::money::Amount;
use crate::offer::CellContent;
use crate::pricing::{Adjustment, NormalisedCost, PricingModel, Term};
use crate::tender::{Period, PriceBasis, PriceFormula, TieBreak, VatBasis};

/// A number with all its digits, for people: `5 000`, `0,125`, `12 500,5`.
fn num(d: Decimal, lang: Lang) -> String {
    money::human_exact(d, lang)
}

/// The number of decimals of a figure's machine form (every decimal it has, at least two;
/// a computed fraction to 28 at most).
fn places(d: &impl Amount) -> u32 {
    d.machine()
        .split_once('.')
        .map_or(0, |(_, f)| f.len() as u32)
}

/// An amount with at least two places and every digit it has: `12 000,00 €`,
/// `0,125 €`.
/// `…` after a figure whose decimals go on beyond the 28 shown.
fn more(d: &impl Amount) -> &'static str {
    if d.is_cut() { "…" } else { "" }
}

fn eur(d: impl Amount, lang: Lang) -> String {
    let p = places(&d);
    if p <= 2 {
        money::euros(d, lang)
    } else {
        let cut = more(&d);
        match lang {
            Lang::Fr => format!("{}{cut}\u{a0}€", money::human(d, p, lang)),
            Lang::En => format!("€{}{cut}", money::human(d, p, lang)),
        }
    }
}

/// Punctuation: French puts a space before `:` and `;` and uses « »; English does not.
fn punct(lang: Lang) -> (&'static str, &'static str, &'static str, &'static str) {
    match lang {
        Lang::Fr => (" : ", " ; ", "« ", " »"),
        Lang::En => (": ", "; ", "“", "”"),
    }
}

fn ht(lang: Lang) -> &'static str {
    lang.pick("HT", "excl. VAT")
}

fn ttc(lang: Lang) -> &'static str {
    lang.pick("TTC", "incl. VAT")
}

fn code(model: PricingModel, term: Term) -> &'static str {
    layout::item(model, term).map_or("?", |i| i.code)
}

/// The estimated usage the model measures, with its symbol and unit.
fn measure(model: PricingModel, lang: Lang) -> (&'static str, &'static str) {
    match model {
        PricingModel::ActiveAccounts => ("A", lang.pick("comptes actifs", "active accounts")),
        PricingModel::SimultaneousAccesses => {
            ("C", lang.pick("accès simultanés", "simultaneous accesses"))
        }
        PricingModel::Consultations => ("K", lang.pick("consultations", "consultations")),
        PricingModel::RegisteredUsers => ("", lang.pick("inscrits", "registered users")),
        PricingModel::Population => ("", lang.pick("habitants", "inhabitants")),
        PricingModel::Schedule => ("", lang.pick("quantités du DQE", "DQE quantities")),
    }
}

fn blocks_word(blocks: Decimal, complete: bool, lang: Lang) -> &'static str {
    match (blocks == Decimal::ONE, complete) {
        (true, false) => lang.pick("tranche de 1 000", "block of 1,000"),
        (false, false) => lang.pick("tranches de 1 000", "blocks of 1,000"),
        (true, true) => lang.pick("tranche complète de 1 000", "complete block of 1,000"),
        (false, true) => lang.pick("tranches complètes de 1 000", "complete blocks of 1,000"),
    }
}

/// How many blocks lie between usage and quota: above the quota every block of 1 000
/// begun counts (⌈ ⌉), below it only complete ones (⌊ ⌋); accesses count one by one.
fn block_count(
    model: PricingModel,
    usage: Decimal,
    quota: Decimal,
    blocks: Decimal,
    unit: &str,
    lang: Lang,
) -> String {
    let above = usage > quota;
    let (high, low) = if above {
        (usage, quota)
    } else {
        (quota, usage)
    };
    match model {
        PricingModel::ActiveAccounts => {
            let (open, close) = if above {
                ("⌈", "⌉")
            } else {
                ("⌊", "⌋")
            };
            format!(
                "{open}({} − {}) ÷ 1 000{close} = {} {}",
                num(high, lang),
                num(low, lang),
                num(blocks, lang),
                blocks_word(blocks, !above, lang)
            )
        }
        _ => format!(
            "{} − {} = {} {unit}",
            num(high, lang),
            num(low, lang),
            num(blocks, lang)
        ),
    }
}

/// `= 87 378,0896 € HT (arrondi : 87 378,09 €)`: the rounded figure the ranking shows,
/// when the exact one has more digits.
fn rounded_note(d: impl Amount, lang: Lang) -> String {
    if places(&d) <= 2 {
        String::new()
    } else {
        format!(
            " ({} {})",
            lang.pick("arrondi :", "rounded:"),
            money::euros(d, lang)
        )
    }
}

/// One step of the calculation.
#[derive(Serialize, JsonSchema, Clone, Debug)]
pub struct Step {
    /// A stable name for scripts: `price`, `quota`, `usage`, `adjustment`, `floor`,
    /// `annual_cost_ht`, `contract_cost_ht`, `contract_cost_ttc`; for a unit-price
    /// schedule lot `line`, `dqe`, `tranche`, `firm_tranches`, `conditional_tranches`,
    /// `purchase_orders`, `contract_cost_ht`, `contract_cost_ttc`, `annual_cost_ht`,
    /// `renewal`, `contract_with_renewals_ht`, `contract_with_renewals_ttc`, `year`,
    /// `part_ceiling`, `revision`, `revised_contract_ht`,
    /// `revised_contract_with_renewals_ht`.
    pub step: &'static str,
    /// The formula with its numbers, for people.
    pub text: String,
    /// The step's result in the machine form, with every decimal it has up to 28 (beyond,
    /// rounded at the 28th).
    pub value: Option<String>,
    /// The exact fraction `numerator/denominator`, when `value` had to be rounded.
    pub fraction: Option<String>,
}

/// A step with its exact value, in the machine form with every decimal it has (at least
/// none: `5000`, `0.125`; a computed fraction to 28 decimals at most).
pub(super) fn step(key: &'static str, text: String, value: Option<Exact>) -> Step {
    Step {
        step: key,
        text,
        fraction: value.as_ref().filter(|v| v.is_cut()).map(Exact::fraction),
        value: value.map(|v| v.machine(0)),
    }
}

fn ex(d: Decimal) -> Option<Exact> {
    Some(Exact::from_decimal(d))
}

/// The normalisation steps of a priced offer.
pub fn normalisation_steps(e: &Explanation<'_>, cost: &NormalisedCost, lang: Lang) -> Vec<Step> {
    if let (Some(schedule), Some(figures)) = (&e.lot.schedule, &cost.schedule) {
        let revision = e.revision.as_ref();
        return super::explain_schedule::steps(e.lot, schedule, figures, revision, lang);
    }
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    let m = cost.model;
    let mut steps = Vec::new();
    steps.push(step(
        "price",
        format!(
            "{} ({}) = {} {}",
            lang.pick("prix", "price"),
            code(m, Term::Price),
            eur(cost.price.value, lang),
            ht(lang)
        ),
        ex(cost.price.value),
    ));
    let (symbol, unit) = measure(m, lang);
    if let (Some(q), Some(u)) = (&cost.quota, cost.usage) {
        steps.push(step(
            "quota",
            format!(
                "{} Q ({}) = {} {unit}",
                lang.pick("quota", "quota"),
                code(m, Term::Quota),
                num(q.value, lang)
            ),
            ex(q.value),
        ));
        steps.push(step(
            "usage",
            format!(
                "{} {symbol} = {} {unit}",
                lang.pick("usage estimé du périmètre", "the scope's estimated usage"),
                money::quantity(u, lang)
            ),
            Some(Exact::from_u64(u)),
        ));
    } else {
        let basis = match m {
            PricingModel::RegisteredUsers => e.facts.registered_users,
            _ => e.facts.population,
        };
        steps.push(step(
            "usage",
            format!(
                "{}{c}{} {unit}",
                lang.pick(
                    "prix forfaitaire pour le périmètre",
                    "flat price for the scope"
                ),
                money::quantity(basis, lang)
            ),
            Some(Exact::from_u64(basis)),
        ));
    }
    let usage = cost.usage.map(Decimal::from).unwrap_or_default();
    let quota = cost.quota.as_ref().map(|q| q.value).unwrap_or_default();
    let adjustment = match &cost.adjustment {
        Adjustment::None => Some(step(
            "adjustment",
            if cost.quota.is_none() {
                lang.pick(
                    "aucun ajustement (prix forfaitaire)",
                    "no adjustment (flat price)",
                )
                .to_owned()
            } else if usage == quota {
                format!(
                    "{symbol} = Q{c}{}",
                    lang.pick("aucun ajustement", "no adjustment")
                )
            } else {
                format!(
                    "{symbol} < Q {}{c}{}",
                    lang.pick("de moins d'une tranche", "by less than one block"),
                    lang.pick("aucun ajustement", "no adjustment")
                )
            },
            Some(Exact::zero()),
        )),
        Adjustment::Surcharge {
            blocks,
            rate,
            amount,
        } => {
            let count = block_count(m, usage, quota, *blocks, unit, lang);
            Some(step(
                "adjustment",
                format!(
                    "{symbol} > Q{c}{count} × {} ({}) = + {}",
                    eur(*rate, lang),
                    code(m, Term::Surcharge),
                    eur(amount, lang)
                ),
                Some(amount.clone()),
            ))
        }
        Adjustment::Reduction {
            blocks,
            rate,
            amount,
        } => {
            let count = block_count(m, usage, quota, *blocks, unit, lang);
            Some(step(
                "adjustment",
                match rate {
                    Some(rate) => format!(
                        "{symbol} < Q{c}{count} × {} ({}) = − {}",
                        eur(*rate, lang),
                        code(m, Term::Reduction),
                        eur(amount, lang)
                    ),
                    None => format!(
                        "{symbol} < Q{c}{count}{sc}{} ({} {})",
                        lang.pick("aucune réduction", "no reduction"),
                        code(m, Term::Reduction),
                        lang.pick("laissé vide", "left blank")
                    ),
                },
                Some(Exact::zero().sub(amount)),
            ))
        }
        Adjustment::Extrapolated { usage, quota } => Some(step(
            "adjustment",
            format!(
                "K > Q {} ({}){c}{} × K ÷ Q = {} × {} ÷ {} = {}",
                lang.pick(
                    "sans prix par consultation au-delà",
                    "without a price per consultation beyond"
                ),
                lang.pick("extrapolé", "extrapolated"),
                lang.pick("prix", "price"),
                eur(cost.price.value, lang),
                money::quantity(*usage, lang),
                num(*quota, lang),
                eur(&cost.annual_ht, lang)
            ),
            None,
        )),
    };
    steps.extend(adjustment);
    if cost.floored {
        steps.push(step(
            "floor",
            lang.pick(
                "la réduction dépasse le prix : coût ramené à 0",
                "the reduction exceeds the price: cost stopped at 0",
            )
            .to_owned(),
            Some(Exact::zero()),
        ));
    }
    steps.push(step(
        "annual_cost_ht",
        format!(
            "{} = {} {}{}",
            lang.pick("coût annuel comparable", "comparable yearly cost"),
            eur(&cost.annual_ht, lang),
            ht(lang),
            rounded_note(&cost.annual_ht, lang)
        ),
        Some(cost.annual_ht.clone()),
    ));
    let t = &e.terms;
    let factor = t.revision_factor();
    let factor_text = format!(
        "{}{}",
        money::human(&factor, places(&factor), lang),
        more(&factor)
    );
    steps.push(step(
        "contract_cost_ht",
        format!(
            "{} = {} × Σ(1 + {})^y, y = 0…{} = {} × {} = {} {}{}",
            lang.pick("coût du contrat HT", "contract cost excl. VAT"),
            lang.pick("coût annuel", "yearly cost"),
            num(t.yearly_revision, lang),
            t.duration_years.saturating_sub(1),
            eur(&cost.annual_ht, lang),
            factor_text,
            eur(&cost.contract_ht, lang),
            ht(lang),
            rounded_note(&cost.contract_ht, lang)
        ),
        Some(cost.contract_ht.clone()),
    ));
    steps.push(step(
        "contract_cost_ttc",
        format!(
            "{} = {} × (1 + {}) = {} {}{}",
            lang.pick("coût du contrat TTC", "contract cost incl. VAT"),
            eur(&cost.contract_ht, lang),
            num(t.vat_rate, lang),
            eur(&cost.contract_ttc, lang),
            ttc(lang),
            rounded_note(&cost.contract_ttc, lang)
        ),
        Some(cost.contract_ttc.clone()),
    ));
    steps
}

pub fn basis_label(basis: PriceBasis, lang: Lang) -> &'static str {
    match basis {
        PriceBasis::AnnualHt => lang.pick("coût annuel HT", "yearly cost excl. VAT"),
        PriceBasis::ContractTtc => lang.pick("coût du contrat TTC", "contract cost incl. VAT"),
    }
}

fn criterion_text(e: &Explanation<'_>, p: &CriterionMark, lang: Lang) -> String {
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    let name = e
        .tender
        .award
        .criteria
        .iter()
        .find(|k| k.id == p.criterion)
        .map(|k| format!("{} {lq}{}{rq}{c}", k.id, printable(&k.name)))
        .unwrap_or_default();
    let score = match (p.score, p.grade) {
        (Some(s), Some(g)) => format!("{} ({g})", num(s, lang)),
        (Some(s), None) => num(s, lang),
        (None, _) => format!("0 ({})", lang.pick("non noté", "not scored")),
    };
    let origin = p
        .origin
        .as_ref()
        .map(|o| format!(" — {}", text::origin(o, lang)))
        .unwrap_or_default();
    format!(
        "{name}{} × {score} ÷ {} = {}{origin}",
        num(p.weight, lang),
        num(p.max, lang),
        money::human(&p.mark, 2, lang)
    )
}

/// The marks of a ranked offer, as lines for people.
fn marks_lines(e: &Explanation<'_>, o: &RankedOffer, lang: Lang) -> Vec<String> {
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    let rules = &e.tender.award;
    let mut lines = vec![format!(
        "{}{c}{} ({}){sc}{}{c}{}",
        lang.pick("prix comparé", "compared price"),
        eur(&o.compared_price, lang),
        basis_label(rules.price_basis, lang),
        lang.pick("formule", "formula"),
        price::formula_text(&rules.price_formula, lang)
    )];
    if let Some(reference) = &e.ranking.price_reference {
        lines.extend(budget_lines(e, reference, lang));
        lines.push(format!(
            "{} = {}",
            lang.pick("note prix", "price mark"),
            price::working(
                &rules.price_formula,
                reference,
                &o.compared_price,
                &o.price,
                lang
            )
        ));
    }
    if let Some(t) = &o.technical {
        for p in &t.parts {
            lines.push(format!(
                "{} {}",
                lang.pick("note technique,", "technical mark,"),
                criterion_text(e, p, lang)
            ));
        }
        lines.push(format!(
            "{} = {}",
            lang.pick("note technique", "technical mark"),
            money::human(&t.mark, 2, lang)
        ));
    }
    lines.push(format!(
        "{} = {}{}",
        lang.pick("total", "total"),
        match &o.technical_mark {
            Some(t) => format!(
                "{} + {} = ",
                money::human(&o.price_mark, 2, lang),
                money::human(t, 2, lang)
            ),
            None => String::new(),
        },
        money::human(&o.total, 2, lang)
    ));
    lines
}

fn rank_line(e: &Explanation<'_>, o: &RankedOffer, lang: Lang) -> Vec<String> {
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    let mut lines = vec![format!(
        "{} {} {} {}{}",
        lang.pick("rang", "rank"),
        o.rank,
        lang.pick("sur", "of"),
        e.ranking.ranked.len(),
        if o.tie {
            lang.pick(" — ex aequo", " — tie")
        } else {
            ""
        }
    )];
    lines.extend(o.tie_breaks.iter().map(|d| tie_line(o, d, lang)));
    for f in &o.flags {
        lines.push(format!(
            "{}{c}{}",
            lang.pick("signalement", "flag"),
            text::flag(*f, lang)
        ));
    }
    if let Some(f) = &o.abnormally_low {
        lines.push(format!("  {}", f.describe(lang)));
    }
    lines.extend(super::plausibility::offer_lines(e.tender, o, lang));
    lines
}

/// For the budget formulas, the budget B the marks are measured from (the scope's
/// ceiling in the compared basis, exactly), and for the bilinear formula every offer's
/// rebate on it, whose mean and best the mark uses.
fn budget_lines(e: &Explanation<'_>, r: &PriceReference, lang: Lang) -> Vec<String> {
    let rules = &e.tender.award;
    let (Some(budget), Some(c)) = (&r.budget, &e.ranking.ceiling) else {
        return Vec::new();
    };
    let vat = match c.vat {
        VatBasis::Ht => ht(lang),
        VatBasis::Ttc => ttc(lang),
    };
    let period = match (c.period, lang) {
        (Period::Yearly, Lang::Fr) => "par an",
        (Period::Contract, Lang::Fr) => "pour le contrat",
        (Period::Yearly, Lang::En) => "a year",
        (Period::Contract, Lang::En) => "for the contract",
    };
    // A budget whose decimals never end (100 000 ÷ 1.055) is shown to the cent, with its
    // exact fraction.
    let (shown, exactly) = if budget.is_cut() {
        (
            money::euros(budget, lang),
            format!(
                "{}{}",
                lang.pick(", exactement ", ", exactly "),
                budget.fraction()
            ),
        )
    } else {
        (eur(budget, lang), String::new())
    };
    let basis = basis_label(rules.price_basis, lang);
    let ceiling = money::euros(c.amount, lang);
    let mut lines = vec![match lang {
        Lang::Fr => {
            format!("budget B = {shown} ({basis}{exactly}) ; plafond {ceiling} {vat} {period}")
        }
        Lang::En => {
            format!("budget B = {shown} ({basis}{exactly}); ceiling {ceiling} {vat} {period}")
        }
    }];
    if let PriceFormula::Bilinear { .. } = rules.price_formula {
        lines.extend(rebates_line(e, r, lang));
    }
    lines
}

/// Bilinear: every admissible offer's rebate on the budget, their mean and the best.
fn rebates_line(e: &Explanation<'_>, r: &PriceReference, lang: Lang) -> Option<String> {
    let pct = |m: &Mark| money::percent(m.mul(&Mark::from_decimal(Decimal::ONE_HUNDRED)), 4, lang);
    let rebates: Vec<String> = e
        .ranking
        .ranked
        .iter()
        .filter_map(|o| {
            Some(format!(
                "{} {}",
                printable(&o.bidder),
                pct(o.price.rebate.as_ref()?)
            ))
        })
        .collect();
    let (mean, best) = (pct(r.mean_rebate.as_ref()?), pct(r.best_rebate.as_ref()?));
    let (n, list) = (rebates.len(), rebates.join(", "));
    Some(match lang {
        Lang::Fr => format!(
            "rabais sur le budget (B − prix) ÷ B : {list} ; rabais moyen des {n} offres = {mean} ; meilleur rabais = {best}"
        ),
        Lang::En => format!(
            "rebates on the budget (B − price) ÷ B: {list}; mean rebate of the {n} offers = {mean}; best rebate = {best}"
        ),
    })
}

/// The checks made before ranking that the offer passes, each with its key and a line
/// for people showing the figures compared: the budget ceiling (the cost measured as
/// the ceiling is, exactly), the security grade, each required GDPR answer.
fn passed_checks(e: &Explanation<'_>, lang: Lang) -> Vec<(&'static str, String)> {
    ceiling_passed(e, lang)
        .map(|l| ("ceiling", l))
        .into_iter()
        .chain(e.passed.iter().map(|p| passed_line(p, lang)))
        .collect()
}

/// The budget ceiling's check, when the buyer set one and the offer is at or under it.
fn ceiling_passed(e: &Explanation<'_>, lang: Lang) -> Option<String> {
    let ok = lang.pick("satisfait", "passed");
    let (Some(c), Ok(cost)) = (&e.ranking.ceiling, &e.line.result) else {
        return None;
    };
    let amount = crate::award::cost_in(cost, &e.terms, c.vat, c.period);
    if amount > Mark::from_decimal(c.amount) {
        return None;
    }
    let vat = match c.vat {
        VatBasis::Ht => ht(lang),
        VatBasis::Ttc => ttc(lang),
    };
    let (cost, ceiling) = (eur(&amount, lang), money::euros(c.amount, lang));
    Some(match (lang, c.period) {
        (Lang::Fr, Period::Yearly) => {
            format!("plafond budgétaire annuel : coût annuel {cost} {vat} ≤ {ceiling} {vat} → {ok}")
        }
        (Lang::Fr, Period::Contract) => format!(
            "plafond budgétaire du contrat : coût du contrat {cost} {vat} ≤ {ceiling} {vat} → {ok}"
        ),
        (Lang::En, Period::Yearly) => {
            format!("yearly budget ceiling: yearly cost {cost} {vat} ≤ {ceiling} {vat} → {ok}")
        }
        (Lang::En, Period::Contract) => {
            format!("contract budget ceiling: contract cost {cost} {vat} ≤ {ceiling} {vat} → {ok}")
        }
    })
}

/// A grade or GDPR check passed, with its key.
fn passed_line(p: &Passed, lang: Lang) -> (&'static str, String) {
    let ok = lang.pick("satisfait", "passed");
    match p {
        Passed::Grade {
            grade,
            minimum,
            origin,
        } => {
            let at = text::origin(origin, lang);
            (
                "security_grade",
                match lang {
                    Lang::Fr => {
                        format!("note de sécurité {grade} ≥ minimum exigé {minimum} ({at}) → {ok}")
                    }
                    Lang::En => {
                        format!("security grade {grade} ≥ required minimum {minimum} ({at}) → {ok}")
                    }
                },
            )
        }
        Passed::GdprAnswer {
            question,
            text: q,
            answer,
            origin,
        } => {
            let yes = match answer {
                true => lang.pick("oui", "yes"),
                false => lang.pick("non", "no"),
            };
            let (q, at) = (printable(q), text::origin(origin, lang));
            (
                "gdpr_answer",
                match lang {
                    Lang::Fr => format!(
                        "questionnaire RGPD, question {question} « {q} » : réponse {yes}, comme exigé ({at}) → {ok}"
                    ),
                    Lang::En => format!(
                        "GDPR questionnaire, question {question} “{q}”: answered {yes}, as required ({at}) → {ok}"
                    ),
                },
            )
        }
    }
}

/// Which criterion broke a tie with another offer, and the values it compared: "ex
/// aequo avec bravo : départagés par la note technique, 45,00 contre 40,00 pour bravo".
fn tie_line(o: &RankedOffer, d: &TieDecision, lang: Lang) -> String {
    let other = printable(&d.other);
    let marks = |a: &Mark, b: &Mark| {
        // Marks equal to the cent but not exactly are shown with more places.
        let places = if money::human(a, 2, lang) == money::human(b, 2, lang) {
            6
        } else {
            2
        };
        (money::human(a, places, lang), money::human(b, places, lang))
    };
    let by = match (&d.by, &d.values) {
        (TieBreak::Technical, Some((a, b))) => {
            let (a, b) = marks(a, b);
            match lang {
                Lang::Fr => format!("la note technique, {a} contre {b} pour {other}"),
                Lang::En => format!("the technical mark, {a} against {b} for {other}"),
            }
        }
        (TieBreak::Cost, Some((a, b))) => {
            let (a, b) = (eur(a, lang), eur(b, lang));
            match lang {
                Lang::Fr => format!("le prix comparé, {a} contre {b} pour {other}"),
                Lang::En => format!("the compared price, {a} against {b} for {other}"),
            }
        }
        _ => {
            let me = printable(&o.bidder);
            let before = o.bidder < d.other;
            match (lang, before) {
                (Lang::Fr, true) => {
                    format!("l'identifiant, dans l'ordre alphabétique : {me} avant {other}")
                }
                (Lang::Fr, false) => {
                    format!("l'identifiant, dans l'ordre alphabétique : {me} après {other}")
                }
                (Lang::En, true) => {
                    format!("the bidder id, in alphabetical order: {me} before {other}")
                }
                (Lang::En, false) => {
                    format!("the bidder id, in alphabetical order: {me} after {other}")
                }
            }
        }
    };
    match lang {
        Lang::Fr => format!("  ex aequo avec {other} : départagés par {by}"),
        Lang::En => format!("  tied with {other}: separated by {by}"),
    }
}

/// The explanation as text for people.
pub fn table(e: &Explanation<'_>, lang: Lang) -> String {
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    let mut s = String::new();
    let bidder = match &e.line.bidder_name {
        Some(n) => format!("{} ({})", printable(n), printable(&e.line.bidder)),
        None => printable(&e.line.bidder),
    };
    let head = format!(
        "{} — {} {} {lq}{}{rq}, {} {} [{}], {}",
        lang.pick("Explication", "Explanation"),
        lang.pick("lot", "lot"),
        e.lot.id,
        printable(&e.lot.title),
        lang.pick("périmètre", "scope"),
        printable(&e.scope.name),
        e.scope.id,
        bidder
    );
    s.push_str(&super::table::title(&head, '='));
    if let Some(src) = &e.line.source {
        s.push_str(&format!(
            "{}{c}{}\n",
            lang.pick("Source", "Source"),
            printable(&src.display().to_string())
        ));
    }

    s.push_str(&format!(
        "\n1. {}\n",
        lang.pick("Cellules lues", "Cells read")
    ));
    // A schedule's cells are shown line by line with their figures, in 3.
    if e.lot.schedule.is_some() {
        s.push_str(&format!(
            "  {}\n",
            lang.pick(
                "(bordereau de prix unitaires : chaque ligne et tranche avec sa cellule, en 3)",
                "(unit-price schedule: each line and tranche with its cell, in 3)"
            )
        ));
    } else if e.cells.is_empty() {
        s.push_str(&format!("  {}\n", lang.pick("(aucune)", "(none)")));
    }
    for ((model, term), cell) in &e.cells {
        let value = match &cell.content {
            CellContent::Number(d) => num(*d, lang),
            CellContent::Empty => lang.pick("(vide)", "(empty)").to_owned(),
            CellContent::Invalid(_) => lang.pick("(illisible)", "(unreadable)").to_owned(),
        };
        // The file is the source named above; only another file (a CSV export per lot)
        // is named again.
        let place = text::location(&cell.location, lang);
        let place = match &e.line.source {
            Some(src) if *cell.location.file == **src => place
                .strip_prefix(&format!("{}, ", printable(&src.display().to_string())))
                .map(str::to_owned)
                .unwrap_or(place),
            _ => place,
        };
        s.push_str(&format!(
            "  {:<7} {place}{c}{lq}{}{rq} → {value}\n",
            code(*model, *term),
            printable(&cell.raw)
        ));
    }

    s.push_str(&format!(
        "\n2. {}\n",
        lang.pick("Usage estimé (DQE)", "Estimated usage (DQE)")
    ));
    if e.lot.schedule.is_some() {
        s.push_str(&format!(
            "  {}\n",
            lang.pick(
                "(les quantités de la consultation, ligne par ligne en 3)",
                "(the tender's quantities, line by line in 3)"
            )
        ));
    }
    let usage = e.members.iter().filter(|_| e.lot.schedule.is_none());
    for (member, u) in usage {
        s.push_str(&format!(
            "  {}{c}{} {}, {} {}, {} {}\n",
            printable(&member.id),
            money::quantity(u.active_accounts, lang),
            lang.pick("comptes actifs", "active accounts"),
            money::quantity(u.simultaneous_accesses, lang),
            lang.pick("accès simultanés", "simultaneous accesses"),
            money::quantity(u.consultations, lang),
            lang.pick("consultations", "consultations"),
        ));
    }
    let f = &e.facts;
    let scope_usage = e.lot.schedule.is_none().then(|| {
        format!(
            "  {}{c}A = {}, C = {}, K = {}{sc}{} {}{sc}{} {}\n",
            lang.pick("périmètre", "scope"),
            money::quantity(f.active_accounts, lang),
            money::quantity(f.simultaneous_accesses, lang),
            money::quantity(f.consultations, lang),
            money::quantity(f.registered_users, lang),
            lang.pick("inscrits", "registered users"),
            money::quantity(f.population, lang),
            lang.pick("habitants", "inhabitants"),
        )
    });
    s.push_str(scope_usage.as_deref().unwrap_or(""));

    s.push_str(&format!(
        "\n3. {}\n",
        lang.pick("Normalisation", "Normalisation")
    ));
    match &e.line.result {
        Ok(cost) => {
            s.push_str(&format!(
                "  {}{c}{}\n",
                lang.pick("modèle", "model"),
                text::model(cost.model, lang)
            ));
            for st in normalisation_steps(e, cost, lang) {
                s.push_str(&super::table::wrap(&st.text, 4, 2));
            }
        }
        Err(problems) => {
            for p in problems {
                s.push_str(&format!("  – {}\n", text::irregularity(p, lang)));
            }
        }
    }

    s.push_str(&format!(
        "\n4. {}\n",
        lang.pick("Notes et rang", "Marks and rank")
    ));
    let passed = passed_checks(e, lang);
    match e.standing {
        Standing::Ranked(o) => {
            for l in passed
                .into_iter()
                .map(|(_, l)| format!("✓ {l}"))
                .chain(marks_lines(e, o, lang))
                .chain(rank_line(e, o, lang))
            {
                s.push_str(&super::table::wrap(&l, 4, 2));
            }
        }
        Standing::Excluded(o) => {
            s.push_str(&format!(
                "  {}{c}{}\n",
                lang.pick("écartée", "excluded"),
                text::status(o.status, lang)
            ));
            for r in &o.reasons {
                s.push_str(&format!("  – {}\n", text::exclusion(r, lang)));
            }
            for (_, l) in passed {
                s.push_str(&super::table::wrap(&format!("✓ {l}"), 4, 2));
            }
        }
        Standing::Unranked(f) => {
            s.push_str(&super::table::wrap(
                &format!("✗ {}", text::ranking_failure(f, lang)),
                2,
                2,
            ));
        }
    }
    super::width::fit(&s, super::width::current())
}

// ----- JSON -----

#[derive(Serialize, JsonSchema)]
struct CellOut {
    /// The template's item code (`1.1.p`), or for a unit-price schedule the line's code
    /// (`BC02`, `TF1`).
    item: String,
    /// Schedule lots only: `tranche` or `item`.
    line: Option<&'static str>,
    /// Schedule lots only: `price` (unit price, lump sum or monthly price) or `amount`
    /// (the total the bidder wrote; the price wins over it).
    column: Option<&'static str>,
    /// Schedule lots only: the tender's quantity (DQE quantity, or the tranche's number of
    /// payments), whatever the bidder wrote in the quantity column.
    quantity: Option<String>,
    file: String,
    sheet: Option<String>,
    cell: Option<String>,
    raw: String,
    value: Option<String>,
}

#[derive(Serialize, JsonSchema)]
struct MemberUsageOut<'a> {
    member: &'a str,
    active_accounts: u64,
    simultaneous_accesses: u64,
    consultations: u64,
    registered_users: u64,
    population: u64,
}

#[derive(Serialize, JsonSchema)]
struct UsageOut<'a> {
    members: Vec<MemberUsageOut<'a>>,
    active_accounts: u64,
    simultaneous_accesses: u64,
    consultations: u64,
    registered_users: u64,
    population: u64,
}

#[derive(Serialize, JsonSchema)]
struct PriceOut {
    formula: &'static str,
    basis: &'static str,
    /// Money to the cent, each with its exact value beside it (every decimal, or the
    /// fraction when they never end): a budget of 100 000 TTC at 5.5 % is 100 000 ÷ 1.055
    /// HT, whose decimals never end.
    compared_price: String,
    compared_price_exact: String,
    lowest: Option<String>,
    lowest_exact: Option<String>,
    highest: Option<String>,
    highest_exact: Option<String>,
    budget: Option<String>,
    budget_exact: Option<String>,
    rank_used: Option<usize>,
    rebate: Option<String>,
    mean_rebate: Option<String>,
    best_rebate: Option<String>,
    /// Bilinear: every admissible offer's rebate, the figures the mean and best come from.
    rebates: Vec<RebateOut>,
    working: Option<String>,
    mark: String,
}

#[derive(Serialize, JsonSchema)]
struct RebateOut {
    bidder: String,
    rebate: String,
}

#[derive(Serialize, JsonSchema)]
struct CriterionOut<'a> {
    criterion: &'a str,
    weight: String,
    max: String,
    score: Option<String>,
    grade: Option<&'static str>,
    source: Option<String>,
    mark: String,
}

#[derive(Serialize, JsonSchema)]
struct TechnicalOut<'a> {
    mark: String,
    criteria: Vec<CriterionOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub(super) struct ExplainDoc<'a> {
    lot: &'a str,
    title: &'a str,
    scope: &'a str,
    members: &'a [String],
    bidder: &'a str,
    bidder_name: Option<&'a str>,
    source: Option<String>,
    model: Option<&'static str>,
    cells: Vec<CellOut>,
    /// The usage estimate; `null` for a unit-price schedule lot, whose quantities are its
    /// lines' (in `cells` and the `line` steps).
    usage: Option<UsageOut<'a>>,
    steps: Vec<Step>,
    annual_cost_ht: Option<String>,
    contract_cost_ht: Option<String>,
    contract_cost_ttc: Option<String>,
    status: &'static str,
    reasons: Vec<String>,
    price: Option<PriceOut>,
    technical: Option<TechnicalOut<'a>>,
    total: Option<String>,
    rank: Option<usize>,
    ranked_offers: usize,
    tie: Option<bool>,
    /// How each tie with a neighbour of the same total was broken.
    tie_breaks: Vec<TieBreakOut>,
    flags: Vec<&'static str>,
    /// Why the offer is flagged abnormally low, with the numbers.
    abnormally_low: Option<String>,
    /// The checks made before ranking that the offer passes (budget ceiling, security
    /// grade, GDPR answers), with the figures compared.
    passed_checks: Vec<PassedOut>,
}

#[derive(Serialize, JsonSchema)]
struct PassedOut {
    /// `ceiling`, `security_grade` or `gdpr_answer`.
    check: &'static str,
    text: String,
}

#[derive(Serialize, JsonSchema)]
struct TieBreakOut {
    /// The other offer of the same total.
    other: String,
    /// `technical`, `cost` or `bidder`: the first criterion, in the declared order, on
    /// which the two offers differ.
    by: &'static str,
    /// This offer's value and the other's, exact (none for the bidder ids).
    value: Option<String>,
    other_value: Option<String>,
}

fn tie_break_out(d: &TieDecision) -> TieBreakOut {
    TieBreakOut {
        other: d.other.clone(),
        by: match d.by {
            TieBreak::Technical => "technical",
            TieBreak::Cost => "cost",
            TieBreak::Bidder => "bidder",
        },
        value: d.values.as_ref().map(|(a, _)| money::exact_or_fraction(a)),
        other_value: d.values.as_ref().map(|(_, b)| money::exact_or_fraction(b)),
    }
}

/// A fraction shown to six places (a budget of 90 000 ÷ 1.2, a rebate).
fn marks4(m: &crate::award::Mark) -> String {
    money::plain(m, 6)
}

/// Where a cell was read and what it held, for the JSON.
fn cell_out(item: String, c: &crate::offer::QuoteCell) -> CellOut {
    CellOut {
        item,
        line: None,
        column: None,
        quantity: None,
        file: c.location.file.display().to_string(),
        sheet: c.location.sheet.as_deref().map(str::to_owned),
        cell: c.location.cell.map(|c| c.to_string()),
        raw: c.raw.clone(),
        value: match &c.content {
            CellContent::Number(d) => Some(d.normalize().to_string()),
            _ => None,
        },
    }
}

/// The cells read: the model's, or a schedule sheet's lines and tranches.
fn cells_out(e: &Explanation<'_>) -> Vec<CellOut> {
    if let (Some(schedule), Some(quote)) = (&e.lot.schedule, e.schedule_quote) {
        return super::explain_schedule::sheet_cells(schedule, quote)
            .into_iter()
            .map(|c| CellOut {
                line: Some(c.line),
                column: Some(c.column),
                quantity: Some(c.quantity.normalize().to_string()),
                ..cell_out(c.code.to_owned(), c.cell)
            })
            .collect();
    }
    e.cells
        .iter()
        .map(|((model, term), c)| cell_out(code(*model, *term).to_owned(), c))
        .collect()
}

/// The scope's usage, member by member; none for a schedule lot.
fn usage_out<'a>(e: &Explanation<'a>) -> Option<UsageOut<'a>> {
    if e.lot.schedule.is_some() {
        return None;
    }
    let f = &e.facts;
    Some(UsageOut {
        members: e
            .members
            .iter()
            .map(|(m, u)| MemberUsageOut {
                member: &m.id,
                active_accounts: u.active_accounts,
                simultaneous_accesses: u.simultaneous_accesses,
                consultations: u.consultations,
                registered_users: m.registered_users,
                population: m.population,
            })
            .collect(),
        active_accounts: f.active_accounts,
        simultaneous_accesses: f.simultaneous_accesses,
        consultations: f.consultations,
        registered_users: f.registered_users,
        population: f.population,
    })
}

/// The explanation as one JSON document.
pub fn json(e: &Explanation<'_>, lang: Lang) -> String {
    let cost = e.line.result.as_ref().ok();
    let steps = cost
        .map(|c| normalisation_steps(e, c, lang))
        .unwrap_or_default();
    let rules = &e.tender.award;
    let (status, reasons, ranked) = match e.standing {
        Standing::Ranked(o) => ("ranked", Vec::new(), Some(o)),
        Standing::Excluded(o) => (
            o.status.key(),
            o.reasons.iter().map(|r| text::exclusion(r, lang)).collect(),
            None,
        ),
        Standing::Unranked(f) => ("unranked", vec![text::ranking_failure(f, lang)], None),
    };
    let reasons = match &e.line.result {
        Err(problems) if reasons.is_empty() => problems
            .iter()
            .map(|p| text::exclusion(&Exclusion::Irregular(p.clone()), lang))
            .collect(),
        _ => reasons,
    };
    let reference = e.ranking.price_reference.as_ref();
    let budget = reference.and_then(|r| r.budget.as_ref());
    let price = ranked.map(|o| PriceOut {
        formula: rules.price_formula.key(),
        basis: super::json::price_basis_key(rules.price_basis),
        compared_price: money::cents(&o.compared_price),
        compared_price_exact: money::exact_or_fraction(&o.compared_price),
        lowest: reference.map(|r| money::cents(&r.lowest)),
        lowest_exact: reference.map(|r| money::exact_or_fraction(&r.lowest)),
        highest: reference.map(|r| money::cents(&r.highest)),
        highest_exact: reference.map(|r| money::exact_or_fraction(&r.highest)),
        budget: budget.map(money::cents),
        budget_exact: budget.map(money::exact_or_fraction),
        rank_used: o.price.rank,
        rebate: o.price.rebate.as_ref().map(marks4),
        mean_rebate: reference.and_then(|r| r.mean_rebate.as_ref()).map(marks4),
        best_rebate: reference.and_then(|r| r.best_rebate.as_ref()).map(marks4),
        rebates: match rules.price_formula {
            PriceFormula::Bilinear { .. } => e
                .ranking
                .ranked
                .iter()
                .filter_map(|r| {
                    Some(RebateOut {
                        bidder: r.bidder.clone(),
                        rebate: marks4(r.price.rebate.as_ref()?),
                    })
                })
                .collect(),
            _ => Vec::new(),
        },
        working: reference
            .map(|r| price::working(&rules.price_formula, r, &o.compared_price, &o.price, lang)),
        mark: money::cents(&o.price_mark),
    });
    let technical = ranked
        .and_then(|o| o.technical.as_ref())
        .map(|t| TechnicalOut {
            mark: money::cents(&t.mark),
            criteria: t
                .parts
                .iter()
                .map(|p| CriterionOut {
                    criterion: &p.criterion,
                    weight: money::exact(p.weight),
                    max: money::exact(p.max),
                    score: p.score.map(|s| s.normalize().to_string()),
                    grade: p.grade.map(|g| g.name()),
                    source: p.origin.as_ref().map(|o| text::origin(o, lang)),
                    mark: money::cents(&p.mark),
                })
                .collect(),
        });
    let abnormally_low = ranked
        .and_then(|o| o.abnormally_low.as_ref())
        .map(|f| f.describe(lang));
    let doc = ExplainDoc {
        lot: &e.lot.id,
        title: &e.lot.title,
        scope: &e.scope.id,
        members: &e.scope.members,
        bidder: &e.line.bidder,
        bidder_name: e.line.bidder_name.as_deref(),
        source: e.line.source.as_ref().map(|p| p.display().to_string()),
        model: e.line.model.map(|m| m.key()),
        cells: cells_out(e),
        usage: usage_out(e),
        steps,
        annual_cost_ht: cost.map(|c| money::cents(&c.annual_ht)),
        contract_cost_ht: cost.map(|c| money::cents(&c.contract_ht)),
        contract_cost_ttc: cost.map(|c| money::cents(&c.contract_ttc)),
        status,
        reasons,
        price,
        technical,
        total: ranked.map(|o| money::cents(&o.total)),
        rank: ranked.map(|o| o.rank),
        ranked_offers: e.ranking.ranked.len(),
        tie: ranked.map(|o| o.tie),
        tie_breaks: ranked
            .map(|o| o.tie_breaks.iter().map(tie_break_out).collect())
            .unwrap_or_default(),
        flags: ranked
            .map(|o| o.flags.iter().map(|f| f.key()).collect())
            .unwrap_or_default(),
        abnormally_low,
        passed_checks: passed_checks(e, lang)
            .into_iter()
            .map(|(check, text)| PassedOut { check, text })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

// ----- CSV -----

/// The explanation as CSV: `section,step,text,value`, one line per cell read, per
/// normalisation step and per mark.
pub fn csv(e: &Explanation<'_>, lang: Lang) -> String {
    #[allow(unused_variables)]
    let (c, sc, lq, rq) = punct(lang);
    use super::sanitize::csv_text;
    let mut w = super::csv::writer();
    let mut rows: Vec<[String; 4]> = vec![[
        "section".into(),
        "step".into(),
        "text".into(),
        "value".into(),
    ]];
    if let (Some(schedule), Some(quote)) = (&e.lot.schedule, e.schedule_quote) {
        for cell in super::explain_schedule::sheet_cells(schedule, quote) {
            rows.push([
                "cell".into(),
                csv_text(cell.code),
                csv_text(&format!(
                    "{}{c}{}{c}{lq}{}{rq}",
                    super::explain_schedule::column_label(&cell, lang),
                    text::location(&cell.cell.location, lang),
                    cell.cell.raw
                )),
                match &cell.cell.content {
                    CellContent::Number(d) => d.normalize().to_string(),
                    _ => String::new(),
                },
            ]);
        }
    }
    for ((model, term), cell) in &e.cells {
        rows.push([
            "cell".into(),
            code(*model, *term).into(),
            csv_text(&format!(
                "{}{c}{lq}{}{rq}",
                text::location(&cell.location, lang),
                cell.raw
            )),
            match &cell.content {
                CellContent::Number(d) => d.normalize().to_string(),
                _ => String::new(),
            },
        ]);
    }
    match &e.line.result {
        Ok(cost) => {
            for s in normalisation_steps(e, cost, lang) {
                rows.push([
                    "normalisation".into(),
                    s.step.into(),
                    s.text,
                    s.value.unwrap_or_default(),
                ]);
            }
        }
        Err(problems) => {
            for p in problems {
                rows.push([
                    "irregular".into(),
                    String::new(),
                    csv_text(&text::irregularity(p, lang)),
                    String::new(),
                ]);
            }
        }
    }
    match e.standing {
        Standing::Ranked(o) => {
            for l in marks_lines(e, o, lang) {
                rows.push(["marks".into(), String::new(), csv_text(&l), String::new()]);
            }
            rows.push([
                "rank".into(),
                "rank".into(),
                rank_line(e, o, lang).join(" "),
                o.rank.to_string(),
            ]);
        }
        Standing::Excluded(o) => {
            for r in &o.reasons {
                rows.push([
                    o.status.key().into(),
                    String::new(),
                    csv_text(&text::exclusion(r, lang)),
                    String::new(),
                ]);
            }
        }
        Standing::Unranked(f) => rows.push([
            "unranked".into(),
            String::new(),
            csv_text(&text::ranking_failure(f, lang)),
            String::new(),
        ]),
    }
    for row in rows {
        // Writing to memory cannot fail.
        let _ = w.write_record(&row);
    }
    super::csv::finish(w)
}

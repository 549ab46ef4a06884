//! Sentences for the plausibility warnings, in French or English: the reason in words
//! and the figures compared, so that the buyer can check them by hand.

use rust_decimal::Decimal;

use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::plausibility::{CONSULTATIONS_PER_INHABITANT, FAR_BELOW_DIVISOR, Rule};
use crate::pricing::PricingModel;
use crate::tender::{Period, VatBasis};

use super::sanitize::printable;

/// One twentieth of a reference, exactly as compared.
fn limit(reference: &Exact) -> Exact {
    reference
        .div(&Exact::from_u64(FAR_BELOW_DIVISOR))
        .unwrap_or_else(Exact::zero)
}

fn count(d: Decimal, lang: Lang) -> String {
    money::human_exact(d, lang)
}

/// What a quota of the model counts: `comptes`, `accès simultanés`, `consultations`.
fn unit(model: PricingModel, lang: Lang) -> &'static str {
    match model {
        PricingModel::ActiveAccounts => lang.pick("comptes", "accounts"),
        PricingModel::SimultaneousAccesses => {
            lang.pick("accès simultanés", "simultaneous accesses")
        }
        _ => "consultations",
    }
}

/// Why a figure is implausible, with the figures compared.
pub fn rule(r: &Rule, lang: Lang) -> String {
    match r {
        Rule::FarBelowOthers {
            cost,
            median,
            others,
        } => match lang {
            Lang::Fr => format!(
                "coût annuel de {} HT, moins du vingtième ({} HT) de la médiane des {others} autres offres du lot pour ce périmètre ({} HT) ; prix mal saisi ? à vérifier auprès du candidat",
                money::euros(cost, lang),
                money::euros(limit(median), lang),
                money::euros(median, lang)
            ),
            Lang::En => format!(
                "yearly cost of {} excl. VAT, less than one twentieth ({}) of the median of the {others} other offers for this lot and scope ({}); mistyped price? check with the bidder",
                money::euros(cost, lang),
                money::euros(limit(median), lang),
                money::euros(median, lang)
            ),
        },
        Rule::FarBelowCeiling { cost, ceiling } => {
            let vat = match ceiling.vat {
                VatBasis::Ht => lang.pick("HT", "excl. VAT"),
                VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
            };
            let what = match ceiling.period {
                Period::Yearly => lang.pick("coût annuel", "yearly cost"),
                Period::Contract => lang.pick("coût du contrat", "contract cost"),
            };
            let amount = Exact::from_decimal(ceiling.amount);
            match lang {
                Lang::Fr => format!(
                    "{what} de {} {vat}, moins du vingtième ({} {vat}) du plafond budgétaire du lot pour ce périmètre ({} {vat}) ; prix mal saisi ? à vérifier auprès du candidat",
                    money::euros(cost, lang),
                    money::euros(limit(&amount), lang),
                    money::euros(ceiling.amount, lang)
                ),
                Lang::En => format!(
                    "{what} of {} {vat}, less than one twentieth ({} {vat}) of the lot's budget ceiling for this scope ({} {vat}); mistyped price? check with the bidder",
                    money::euros(cost, lang),
                    money::euros(limit(&amount), lang),
                    money::euros(ceiling.amount, lang)
                ),
            }
        }
        Rule::QuotaBeyondScope {
            model,
            quota,
            limit,
            registered_users,
            population,
        } => quota_beyond(*model, *quota, *limit, *registered_users, *population, lang),
        Rule::Swapped {
            model,
            price,
            quota,
            usage,
        } => {
            let unit = unit(*model, lang);
            match lang {
                Lang::Fr => format!(
                    "prix de {} pour {} {unit}, alors que l'usage estimé du périmètre est de {} {unit} ; le prix et le quota semblent intervertis (lignes {} et {}.q)",
                    money::euros(*price, lang),
                    count(*quota, lang),
                    money::quantity(*usage, lang),
                    model.code(),
                    model.code()
                ),
                Lang::En => format!(
                    "price of {} for {} {unit}, where the scope's estimated usage is {} {unit}; the price and the quota look exchanged (rows {} and {}.q)",
                    money::euros(*price, lang),
                    count(*quota, lang),
                    money::quantity(*usage, lang),
                    model.code(),
                    model.code()
                ),
            }
        }
    }
}

fn quota_beyond(
    model: PricingModel,
    quota: Decimal,
    limit: u64,
    registered_users: u64,
    population: u64,
    lang: Lang,
) -> String {
    let unit = unit(model, lang);
    let bound = match (model, lang) {
        (PricingModel::Consultations, Lang::Fr) => format!(
            "plus de {CONSULTATIONS_PER_INHABITANT} par habitant du périmètre ({} habitants, soit {})",
            money::quantity(population, lang),
            money::quantity(limit, lang)
        ),
        (PricingModel::Consultations, Lang::En) => format!(
            "more than {CONSULTATIONS_PER_INHABITANT} per inhabitant of the scope ({} inhabitants, that is {})",
            money::quantity(population, lang),
            money::quantity(limit, lang)
        ),
        (_, Lang::Fr) => format!(
            "plus que les {} usagers inscrits du périmètre",
            money::quantity(registered_users, lang)
        ),
        (_, Lang::En) => format!(
            "more than the scope's {} registered users",
            money::quantity(registered_users, lang)
        ),
    };
    match lang {
        Lang::Fr => format!(
            "quota de {} {unit}, {bound} ; prix saisi à la place du quota ? à vérifier auprès du candidat",
            count(quota, lang)
        ),
        Lang::En => format!(
            "quota of {} {unit}, {bound}; price typed in the quota row? check with the bidder",
            count(quota, lang)
        ),
    }
}

/// The tender's weights do not add up to 100.
pub fn weights(price: Decimal, technical: Decimal, lang: Lang) -> String {
    let sum = money::human_exact(price + technical, lang);
    let (p, t) = (
        money::human_exact(price, lang),
        money::human_exact(technical, lang),
    );
    match lang {
        Lang::Fr => format!(
            "les poids ne font pas 100 : award.price_weight ({p}) + award.technical_weight ({t}) = {sum} ; les totaux sont sur {sum}, le classement reste calculé tel quel"
        ),
        Lang::En => format!(
            "the weights do not add up to 100: award.price_weight ({p}) + award.technical_weight ({t}) = {sum}; totals are out of {sum}, the ranking is computed as written"
        ),
    }
}

/// Technical marks count but no scores file is named.
pub fn no_scores(weight: Decimal, lang: Lang) -> String {
    let w = money::human_exact(weight, lang);
    match lang {
        Lang::Fr => format!(
            "award.technical_weight vaut {w} mais aucun fichier de notes techniques n'est indiqué (award.technical_scores) : chaque offre a 0 sur ces {w} points et le classement se fait sur le prix seul"
        ),
        Lang::En => format!(
            "award.technical_weight is {w} but no technical scores file is named (award.technical_scores): every offer gets 0 of those {w} points and the ranking is on price alone"
        ),
    }
}

/// An offer without a technical score.
pub fn missing_score(bidder: &str, lot: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "aucune note technique pour le candidat {} au lot {lot} : son offre compte 0 sur les points techniques",
            printable(bidder)
        ),
        Lang::En => format!(
            "no technical score for bidder {} on lot {lot}: its offer counts 0 of the technical points",
            printable(bidder)
        ),
    }
}

/// The reasons behind a ranked offer's plausibility flags, one indented line each, for
/// `explain`.
pub fn offer_lines(
    tender: &crate::tender::Tender,
    o: &crate::award::RankedOffer,
    lang: Lang,
) -> Vec<String> {
    let mut lines: Vec<String> = o
        .implausible
        .iter()
        .map(|r| format!("  {}", rule(r, lang)))
        .collect();
    if o.flags.contains(&crate::award::Flag::MissingTechnicalScore) {
        let file = tender
            .award
            .technical_scores
            .as_ref()
            .map(|f| printable(&f.display().to_string()))
            .unwrap_or_default();
        lines.push(match lang {
            Lang::Fr => format!(
                "  aucune note technique dans {file} pour ce candidat et ce lot : 0 sur les points techniques"
            ),
            Lang::En => format!(
                "  no technical score in {file} for this bidder and lot: 0 of the technical points"
            ),
        });
    }
    lines
}

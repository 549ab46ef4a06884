//! The report's sentences shared by its formats (workbook, web page): the identification
//! and the method as label and value pairs, the remarks on a ranked offer.

use crate::award::{RankedOffer, TieDecision};
use crate::lang::Lang;
use crate::money;
use crate::output::text;
use crate::report::{InputFile, InputRole, Report};
use crate::tender::TieBreak;

/// Part 1 as label and value pairs.
pub fn identification(report: &Report<'_>, lang: Lang) -> Vec<(String, String)> {
    let id = &report.identification;
    let members: Vec<String> = id
        .members
        .iter()
        .map(|m| format!("{} ({})", m.name, m.id))
        .collect();
    let mut rows = vec![
        (
            lang.pick("Consultation", "Tender").to_owned(),
            id.name.to_owned(),
        ),
        (
            lang.pick("Référence", "Reference").to_owned(),
            id.reference.to_owned(),
        ),
        (
            lang.pick("Membres du groupement", "Members of the groupement")
                .to_owned(),
            members.join(", "),
        ),
        (
            lang.pick("Coordonnateur", "Coordinator").to_owned(),
            id.coordinator.map_or_else(
                || lang.pick("non précisé", "not given").to_owned(),
                |m| format!("{} ({})", m.name, m.id),
            ),
        ),
        (
            lang.pick("Durée (ans)", "Duration (years)").to_owned(),
            id.duration_years.to_string(),
        ),
        (
            lang.pick("Révision annuelle", "Yearly revision").to_owned(),
            money::percent(
                id.yearly_revision * rust_decimal::Decimal::ONE_HUNDRED,
                2,
                lang,
            ),
        ),
    ];
    if let Some(m) = report.member {
        rows.insert(
            0,
            (
                lang.pick("Rapport du membre", "Report of the member")
                    .to_owned(),
                format!("{} ({})", m.name, m.id),
            ),
        );
    }
    rows
}

/// Part 4 as label and value pairs.
pub fn method(report: &Report<'_>, lang: Lang) -> Vec<(String, String)> {
    let a = report.method;
    let mut rows = vec![
        (
            lang.pick("Poids du prix", "Price weight").to_owned(),
            a.price_weight.normalize().to_string(),
        ),
        (
            lang.pick("Poids technique", "Technical weight").to_owned(),
            a.technical_weight.normalize().to_string(),
        ),
        (
            lang.pick("Formule de la note prix", "Price mark formula")
                .to_owned(),
            crate::award::price::formula_text(&a.price_formula, lang),
        ),
        (
            lang.pick("Prix comparé", "Price compared").to_owned(),
            crate::output::explain::basis_label(a.price_basis, lang).to_owned(),
        ),
    ];
    for c in &a.criteria {
        rows.push((
            format!("{} {}", lang.pick("Critère", "Criterion"), c.id),
            format!(
                "{} : {} pts, {} /{}",
                c.name,
                c.weight.normalize(),
                lang.pick("note", "score"),
                c.max.normalize()
            ),
        ));
    }
    if let Some(g) = &a.security.minimum_grade {
        rows.push((
            lang.pick("Sécurité minimale", "Minimum security grade")
                .to_owned(),
            g.to_string(),
        ));
    }
    for q in &a.gdpr.questions {
        let required = match q.required {
            Some(true) => lang.pick(" (réponse oui exigée)", " (yes required)"),
            Some(false) => lang.pick(" (réponse non exigée)", " (no required)"),
            None => "",
        };
        rows.push((
            format!("{} {}", lang.pick("RGPD", "GDPR"), q.id),
            format!("{}{required}", q.text),
        ));
    }
    let order: Vec<&str> = a.tie_break.iter().map(|b| tie_key(*b, lang)).collect();
    rows.push((
        lang.pick("Départage des ex aequo", "Ties broken by")
            .to_owned(),
        order.join(", "),
    ));
    rows.push((
        lang.pick("Offres anormalement basses", "Abnormally low offers")
            .to_owned(),
        a.abnormally_low.describe(lang),
    ));
    rows
}

/// What breaks a tie, in words.
fn tie_key(by: TieBreak, lang: Lang) -> &'static str {
    match by {
        TieBreak::Technical => lang.pick("la note technique", "the technical mark"),
        TieBreak::Cost => lang.pick("le prix", "the price"),
        TieBreak::Bidder => lang.pick(
            "l'ordre alphabétique des identifiants",
            "the ids' alphabetical order",
        ),
    }
}

/// The flags of a ranked offer, the abnormally-low test's figures with what the buyer
/// must do, the figures a person would question, and how a tie was broken.
pub fn remarks(o: &RankedOffer, lang: Lang) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(a) = &o.abnormally_low {
        lines.push(format!(
            "{} {} ; {}",
            lang.pick("Offre anormalement basse ?", "Abnormally low offer?"),
            a.describe(lang),
            lang.pick(
                "le candidat doit être invité à justifier son prix avant toute décision",
                "the bidder must be asked to justify its price before any decision"
            )
        ));
    }
    for flag in o
        .flags
        .iter()
        .filter(|f| **f != crate::award::Flag::AbnormallyLow)
    {
        lines.push(text::flag(*flag, lang).to_owned());
    }
    for rule in &o.implausible {
        lines.push(crate::output::plausibility::rule(rule, lang));
    }
    for d in &o.tie_breaks {
        lines.push(tie(d, lang));
    }
    lines.join("\n")
}

fn tie(d: &TieDecision, lang: Lang) -> String {
    let by = tie_key(d.by, lang);
    let values = d
        .values
        .as_ref()
        .map(|(a, b)| format!(" ({} / {})", a.fixed(2), b.fixed(2)))
        .unwrap_or_default();
    match lang {
        Lang::Fr => format!("ex aequo avec {}, départagé par {by}{values}", d.other),
        Lang::En => format!("tied with {}, broken by {by}{values}", d.other),
    }
}

/// The lot's VAT rate and the ceilings of its scopes, as the tender file states them.
/// `None` for a lot the identification does not list.
pub fn lot_terms(report: &Report<'_>, lot_id: &str, lang: Lang) -> Option<String> {
    let lot = report.identification.lots.iter().find(|l| l.id == lot_id)?;
    Some(terms(lot, lang))
}

fn terms(lot: &crate::tender::Lot, lang: Lang) -> String {
    let vat = crate::money::percent(lot.vat_rate * rust_decimal::Decimal::ONE_HUNDRED, 2, lang);
    let mut parts = vec![format!("{} {vat}", lang.pick("TVA", "VAT"))];
    for (scope, c) in &lot.ceilings {
        let vat = match c.vat {
            crate::tender::VatBasis::Ht => lang.pick("HT", "excl. VAT"),
            crate::tender::VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
        };
        let period = match c.period {
            crate::tender::Period::Yearly => lang.pick("par an", "a year"),
            crate::tender::Period::Contract => lang.pick("sur le marché", "over the contract"),
        };
        parts.push(format!(
            "{} {scope}{} {} {vat} {period}",
            lang.pick("plafond", "ceiling"),
            lang.pick("\u{a0}:", ":"),
            crate::money::euros(c.amount, lang)
        ));
    }
    parts.join(lang.pick("\u{a0}; ", "; "))
}

/// What an input file is to the analysis, in the annex.
pub fn input_role(r: InputRole, lang: Lang) -> &'static str {
    match r {
        InputRole::Tender => lang.pick("consultation", "tender"),
        InputRole::TechnicalScores => lang.pick("notes techniques", "technical scores"),
        InputRole::SecurityGrades => lang.pick("niveaux de sécurité", "security grades"),
        InputRole::GdprAnswers => lang.pick("réponses RGPD", "GDPR answers"),
        InputRole::Offer => lang.pick("offre", "offer"),
    }
}

/// An input file's SHA-256, or why it could not be read again to compute it.
pub fn digest(file: &InputFile, lang: Lang) -> String {
    match &file.sha256 {
        Ok(d) => d.clone(),
        Err(kind) => format!(
            "{}{}",
            lang.pick("non relu : ", "not read again: "),
            text::io_reason(&std::io::Error::from(*kind), lang)
        ),
    }
}

/// The technical criteria's names, in the tender's order: one column each, in both
/// formats.
pub fn criterion_names<'r>(report: &'r Report<'_>) -> Vec<&'r str> {
    report
        .method
        .criteria
        .iter()
        .map(|c| c.name.as_str())
        .collect()
}

/// An offer's mark on each of the `criteria` first criteria; `None` where it has none
/// (an empty cell, never a 0).
pub fn criterion_marks(o: &RankedOffer, criteria: usize) -> Vec<Option<&crate::exact::Exact>> {
    let parts = o
        .technical
        .as_ref()
        .map(|t| t.parts.as_slice())
        .unwrap_or_default();
    (0..criteria)
        .map(|i| {
            parts
                .get(i)
                .filter(|p| !p.criterion.is_empty())
                .map(|p| &p.mark)
        })
        .collect()
}

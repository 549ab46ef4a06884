//! The report's sentences shared by its formats (workbook, web page): the identification
//! and the method as label and value pairs, the remarks on a ranked offer.

use crate::award::{RankedOffer, TieDecision};
use crate::lang::Lang;
use crate::money;
use crate::output::text;
use crate::report::{InputFile, InputRole, Report};
use crate::tender::TieBreak;

/// The report's name, as its title, its page heads and its file properties give it.
pub fn report_title(lang: Lang) -> &'static str {
    lang.pick("Rapport d'analyse des offres", "Bid analysis report")
}

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
        yearly_revision(report, lang),
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

/// The tender's yearly revision, which applies to five-model lots only: a unit-price
/// schedule lot has its own index clause (or none), given with the lot.
fn yearly_revision(report: &Report<'_>, lang: Lang) -> (String, String) {
    let id = &report.identification;
    let schedules = id.lots.iter().filter(|l| l.schedule.is_some()).count();
    let rate = money::percent(
        id.yearly_revision * rust_decimal::Decimal::ONE_HUNDRED,
        2,
        lang,
    );
    let label = lang.pick("Révision annuelle", "Yearly revision");
    if schedules == 0 {
        (label.to_owned(), rate)
    } else if schedules == id.lots.len() {
        (
            label.to_owned(),
            lang.pick(
                "donnée lot par lot (lots à bordereau de prix unitaires)",
                "given lot by lot (unit-price schedule lots)",
            )
            .to_owned(),
        )
    } else {
        (
            format!(
                "{label} {}",
                lang.pick("(lots à modèles de prix)", "(lots priced by the models)")
            ),
            format!(
                "{rate}{} {}",
                lang.pick("\u{a0};", ";"),
                lang.pick(
                    "les lots à bordereau de prix unitaires ont leur propre clause (voir chaque lot)",
                    "unit-price schedule lots have their own clause (see each lot)"
                )
            ),
        )
    }
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
    // The estimates read from COUNTER reports: which report, metric and months.
    for (lot, u) in &report.check.usage_read {
        let path = u.report.strip_prefix(&report.base).unwrap_or(&u.report);
        rows.push((
            lang.pick("Estimation lue (COUNTER)", "Estimate read (COUNTER)")
                .to_owned(),
            crate::output::counted::sentence(lot, u, &path.display().to_string(), lang),
        ));
    }
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
        InputRole::UsageReport => lang.pick("rapport COUNTER", "COUNTER report"),
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

/// A unit-price schedule lot's structure as label and value pairs: its tranches (firm
/// or conditional, how paid), its BPU lines, its ceilings on a part and its index
/// revision clause; `None` for a five-model lot.
pub fn schedule_structure(lot: &crate::tender::Lot, lang: Lang) -> Option<Vec<(String, String)>> {
    use crate::tender::schedule::{Payment, TrancheKind};
    let s = lot.schedule.as_ref()?;
    let mut rows = Vec::new();
    for t in &s.tranches {
        let kind = match t.kind {
            TrancheKind::Firm => lang.pick("ferme", "firm"),
            TrancheKind::Conditional => lang.pick("optionnelle", "conditional"),
        };
        let paid = match t.payment {
            Payment::Milestone { month } => {
                format!("{} {month}", lang.pick("payée au mois", "paid in month"))
            }
            Payment::Monthly { from, to } => format!(
                "{} {from} {} {to}",
                lang.pick("payée chaque mois, du mois", "paid monthly, months"),
                lang.pick("au mois", "to")
            ),
        };
        rows.push((
            format!("{} {}", lang.pick("Tranche", "Tranche"), t.id),
            format!("{} ({kind}, {paid})", t.title),
        ));
    }
    rows.push((
        lang.pick("Lignes du bordereau (BPU)", "Schedule lines (BPU)")
            .to_owned(),
        format!(
            "{} {}",
            s.items.len(),
            lang.pick(
                "prix unitaires, comparés sur les quantités estimées par an (DQE)",
                "unit prices, compared on the estimated quantities a year (DQE)"
            )
        ),
    ));
    for pc in &s.part_ceilings {
        rows.push((
            lang.pick("Plafond sur une partie", "Ceiling on a part")
                .to_owned(),
            format!(
                "{}{} {}",
                super::schedule_text::part(pc.part, lang),
                lang.pick("\u{a0}:", ":"),
                ceiling(&pc.ceiling, lang)
            ),
        ));
    }
    rows.extend(renewals_and_basis(s, lang));
    if let Some(r) = &s.revision {
        rows.push((
            lang.pick("Révision par indice", "Index revision")
                .to_owned(),
            revision_clause(r, lang),
        ));
    }
    Some(rows)
}

/// The renewals, when the contract has them, and what the ranking compares.
fn renewals_and_basis(s: &crate::tender::schedule::Schedule, lang: Lang) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    if let Some(r) = s.renewal {
        rows.push((
            lang.pick("Reconductions", "Renewals").to_owned(),
            renewals(s, r, lang),
        ));
    }
    rows.push((
        lang.pick("Comparaison des offres", "Offers compared on")
            .to_owned(),
        super::schedule_rank::basis_note(s, lang),
    ));
    rows
}

/// `1 × 12 mois, chacune décidée expressément par l'acheteur ; payées dans chacune :
/// TF2, TC1 ; marché de 48 mois au plus`.
fn renewals(
    s: &crate::tender::schedule::Schedule,
    r: crate::tender::schedule::Renewal,
    lang: Lang,
) -> String {
    let paid: Vec<&str> = s
        .tranches
        .iter()
        .filter(|t| t.in_renewals)
        .map(|t| t.id.as_str())
        .collect();
    let paid = match (paid.is_empty(), lang) {
        (true, Lang::Fr) => "aucune tranche n'y est payée".to_owned(),
        (true, Lang::En) => "no tranche is paid in them".to_owned(),
        (false, Lang::Fr) => format!("tranches payées dans chacune : {}", paid.join(", ")),
        (false, Lang::En) => format!("tranches paid in each: {}", paid.join(", ")),
    };
    match lang {
        Lang::Fr => format!(
            "{} × {} mois, chacune décidée expressément par l'acheteur ; {paid} ; marché de {} mois au plus",
            r.count,
            r.months,
            s.total_months()
        ),
        Lang::En => format!(
            "{} × {} months, each decided expressly by the buyer; {paid}; a contract of {} months at most",
            r.count,
            r.months,
            s.total_months()
        ),
    }
}

/// Each contract year's index value, published or assumed, as a label and value pair:
/// `None` without a revision clause or when its index file could not be read.
pub fn schedule_index_row(
    lot: &crate::tender::Lot,
    revisions: &crate::revised::Revisions,
    lang: Lang,
) -> Option<(String, String)> {
    let (s, r) = (lot.schedule.as_ref()?, revisions.lot(&lot.id)?);
    Some((
        lang.pick("Indice de chaque année", "Each year's index")
            .to_owned(),
        super::schedule_rank::index_sentence(s, r, lang),
    ))
}

/// The titles of a schedule lot's contract figures beyond the ranked one: with every
/// renewal (when the lot has renewals), revised and revised with every renewal (when
/// its index could be read); none for a five-model lot.
pub fn schedule_contract_titles(
    lot: &crate::tender::Lot,
    revisions: &crate::revised::Revisions,
    lang: Lang,
) -> Vec<&'static str> {
    let Some(s) = &lot.schedule else {
        return Vec::new();
    };
    let (renewals, revised) = (s.renewal.is_some(), revisions.lot(&lot.id).is_some());
    let mut titles = Vec::new();
    if renewals {
        titles.push(lang.pick(
            "Marché avec reconductions HT",
            "Contract with renewals excl. VAT",
        ));
    }
    if revised {
        titles.push(lang.pick("Marché révisé HT", "Revised contract excl. VAT"));
        if renewals {
            titles.push(lang.pick(
                "Marché révisé avec reconductions HT",
                "Revised contract with renewals excl. VAT",
            ));
        }
    }
    titles
}

/// An offer's figures under [`schedule_contract_titles`], `None` where the revision
/// could not be computed.
pub fn schedule_contract_values(
    lot: &crate::tender::Lot,
    cost: &crate::pricing::NormalisedCost,
    revisions: &crate::revised::Revisions,
    bidder: &str,
) -> Vec<Option<crate::exact::Exact>> {
    let (Some(s), Some(figures)) = (&lot.schedule, &cost.schedule) else {
        return Vec::new();
    };
    let mut values = Vec::new();
    if s.renewal.is_some() {
        values.push(Some(figures.contract_with_renewals_ht().clone()));
    }
    if revisions.lot(&lot.id).is_some() {
        let r = revisions.offer(&lot.id, bidder);
        values.push(r.map(|r| r.contract_ht.clone()));
        if s.renewal.is_some() {
            values.push(r.and_then(|r| r.with_renewals_ht.clone()));
        }
    }
    values
}

/// `270 000,00 € TTC par an`.
fn ceiling(c: &crate::tender::Ceiling, lang: Lang) -> String {
    let vat = match c.vat {
        crate::tender::VatBasis::Ht => lang.pick("HT", "excl. VAT"),
        crate::tender::VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
    };
    let period = match c.period {
        crate::tender::Period::Yearly => lang.pick(
            "par an, au prorata des mois",
            "a year, pro rata of its months",
        ),
        crate::tender::Period::Contract => lang.pick("sur le marché", "over the contract"),
    };
    format!("{} {vat} {period}", crate::money::euros(c.amount, lang))
}

/// `P = P0 × (0,15 + 0,85 × I ÷ I0), I0 : syntec.csv, 2027-01 ; 2,5 % par an supposés…`
fn revision_clause(r: &crate::tender::schedule::IndexRevision, lang: Lang) -> String {
    let t = &r.terms;
    let a = money::human_exact(t.fixed, lang);
    let b = money::human_exact(rust_decimal::Decimal::ONE - t.fixed, lang);
    let rate = money::percent(
        t.assumed_yearly_rate * rust_decimal::Decimal::ONE_HUNDRED,
        2,
        lang,
    );
    let file = r
        .index
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "P = P0 × ({a} + {b} × I ÷ I0){} {} {file}, {} {:04}-{:02}{} {rate} {}",
        lang.pick("\u{a0};", ";"),
        lang.pick("indice", "index"),
        lang.pick("mois de référence", "reference month"),
        t.reference.year,
        t.reference.month,
        lang.pick("\u{a0};", ";"),
        lang.pick(
            "par an supposés pour les mois non publiés",
            "a year assumed for months not yet published"
        ),
    )
}

/// An offer's schedule figures for the report: the DQE total a year, the firm and
/// conditional tranches over the contract, the purchase orders over the contract, and
/// each ceiling on a part checked (year by year); `None` for a five-model offer.
/// Every offer of a lot with a cost, as the schedule part lists them (the web page's
/// and the workbook's): ranked ones in rank order, then the ones set aside; the
/// bidder's id and name and its cost.
pub fn priced_offers<'a>(
    lot: &'a crate::report::LotAnalysis<'_>,
) -> Vec<(&'a str, Option<&'a str>, &'a crate::pricing::NormalisedCost)> {
    lot.scopes
        .iter()
        .flat_map(|s| {
            let ranked = s
                .ranked
                .iter()
                .map(|o| (o.bidder.as_str(), o.bidder_name.as_deref(), Some(&o.cost)));
            let excluded = s
                .excluded
                .iter()
                .map(|o| (o.bidder.as_str(), o.bidder_name.as_deref(), o.cost.as_ref()));
            ranked.chain(excluded)
        })
        .filter_map(|(b, n, c)| Some((b, n, c?)))
        .collect()
}

/// One ceiling on a part checked, as the report's table shows it: the part, the period
/// (a year, its months and the pro rata when incomplete, or the contract), the amount
/// (exact when the cent would hide its difference with the limit), the limit, the
/// verdict.
pub struct CeilingCells {
    pub part: &'static str,
    pub period: String,
    /// "HT" or "TTC": the basis of the amount and the limit.
    pub basis: &'static str,
    pub amount: String,
    pub limit: String,
    /// The same figures, exact, for a workbook's number cells.
    pub amount_exact: crate::exact::Exact,
    pub limit_exact: crate::exact::Exact,
    pub exceeded: bool,
}

/// Every ceiling on a part of a schedule offer, checked, one row each; `None` for a
/// five-model lot or an offer without schedule figures.
pub fn schedule_ceiling_cells(
    lot: &crate::tender::Lot,
    cost: &crate::pricing::NormalisedCost,
    lang: Lang,
) -> Option<Vec<CeilingCells>> {
    use crate::tender::VatBasis;
    let (schedule, figures) = (lot.schedule.as_ref()?, cost.schedule.as_ref()?);
    let checks = crate::pricing::schedule::part_checks(schedule, figures, lot.vat_rate);
    let rows = checks
        .iter()
        .map(|c| {
            let vat = match c.ceiling.vat {
                VatBasis::Ht => lang.pick("HT", "excl. VAT"),
                VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
            };
            let period = match &c.year {
                None if c.with_renewals => lang
                    .pick(
                        "contrat avec chaque reconduction",
                        "contract with every renewal",
                    )
                    .to_owned(),
                None => lang.pick("contrat", "contract").to_owned(),
                Some(y) if y.months() < 12 => format!(
                    "{} ({} {}, {} × {} ÷ 12)",
                    y.year,
                    y.months(),
                    lang.pick("mois", "months"),
                    money::euros(c.ceiling.amount, lang),
                    y.months()
                ),
                Some(y) => y.year.to_string(),
            };
            CeilingCells {
                part: super::schedule_text::part(c.part, lang),
                period,
                basis: vat,
                amount_exact: c.amount.clone(),
                limit_exact: c.limit.clone(),
                amount: format!(
                    "{} {vat}",
                    super::schedule_text::shown(&c.amount, &c.limit, lang)
                ),
                limit: format!("{} {vat}", money::euros(&c.limit, lang)),
                exceeded: c.exceeded(),
            }
        })
        .collect();
    Some(rows)
}

/// A schedule offer's parts: its DQE total a year, its firm and conditional tranches and
/// its purchase orders over the initial period, HT; `None` for a five-model lot.
pub fn schedule_figures(
    lot: &crate::tender::Lot,
    cost: &crate::pricing::NormalisedCost,
) -> Option<[crate::exact::Exact; 4]> {
    lot.schedule.as_ref()?;
    let figures = cost.schedule.as_ref()?;
    Some([
        figures.dqe_ht.clone(),
        figures.firm_ht.clone(),
        figures.conditional_ht.clone(),
        figures.purchase_orders_ht.clone(),
    ])
}

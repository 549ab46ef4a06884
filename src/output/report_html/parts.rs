//! The report's eight parts as HTML sections: real table headers, figures rounded as
//! shown (money to the cent, marks to two decimals), every text escaped by maud.

use maud::{Markup, html};
use rust_decimal::Decimal;

use super::chart::{self, Bar};
use crate::award::{RankedOffer, ScopeRanking};
use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::output::report_labels as labels;
use crate::output::text;
use crate::report::{LotAnalysis, Report};

fn euros(x: &Exact, lang: Lang) -> Markup {
    html! { td.num { (money::euros(x, lang)) } }
}

fn euros_dec(d: Option<Decimal>, lang: Lang) -> Markup {
    html! { td.num { @if let Some(d) = d { (money::euros(d, lang)) } } }
}

fn mark(x: Option<&Exact>, lang: Lang) -> Markup {
    html! { td.num { @if let Some(x) = x { (money::human(x, 2, lang)) } } }
}

fn who(bidder: &str, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{n} ({bidder})"),
        None => bidder.to_owned(),
    }
}

/// A chart segment: the value rounded to two places; an amount beyond a decimal's range
/// draws no segment (its figure is in the table), never a bar of another length.
fn segment(x: &Exact, class: &'static str) -> Option<(Decimal, &'static str)> {
    x.round(2).map(|d| (d, class))
}

fn pairs(rows: &[(String, String)]) -> Markup {
    html! {
        table {
            tbody {
                @for (label, value) in rows {
                    tr { th scope="row" { (label) } td { (value) } }
                }
            }
        }
    }
}

/// The eight parts' titles, French then English: the headings and the contents.
pub const PARTS: [(&str, &str); 8] = [
    ("Identification", "Identification"),
    ("Offres reçues et constats", "Offers received and findings"),
    (
        "Offres écartées et offres anormalement basses",
        "Offers set aside and abnormally low offers",
    ),
    ("Critères et méthode", "Criteria and method"),
    (
        "Analyse par lot et par périmètre",
        "Analysis per lot and scope",
    ),
    ("Attribution proposée", "Proposed award"),
    ("Répartition du coût", "Cost sharing"),
    ("Annexe : traçabilité", "Annex: audit trail"),
];

/// Part `i`'s anchor (counted from 0: `part-1` for the first), which the contents link to.
fn part_id(i: usize) -> String {
    format!("part-{}", i + 1)
}

/// Part `i`'s numbered title (counted from 0).
fn heading(i: usize, lang: Lang) -> Markup {
    let title = PARTS.get(i).map_or("", |(fr, en)| lang.pick(fr, en));
    html! { h2 { (i + 1) ". " (title) } }
}

/// The contents: the eight parts, and under the analysis each lot, as links.
pub fn contents(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        nav aria-label=(lang.pick("Sommaire", "Contents")) {
            ol {
                @for (i, (fr, en)) in PARTS.iter().enumerate() {
                    li {
                        a href=(format!("#{}", part_id(i))) { (lang.pick(fr, en)) }
                        @if i == 4 {
                            ol.lots {
                                @for (j, l) in report.lots.iter().enumerate() {
                                    li { a href=(format!("#lot-{j}")) { "Lot " (l.lot) " — " (l.title) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn identification(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        section id=(part_id(0)) {
            (heading(0, lang))
            (pairs(&labels::identification(report, lang)))
        }
    }
}

pub fn received(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        section id=(part_id(1)) {
            (heading(1, lang))
            table {
                thead { tr {
                    th scope="col" { (lang.pick("Lot", "Lot")) }
                    th scope="col" { (lang.pick("Candidat", "Bidder")) }
                    th scope="col" { (lang.pick("Fichier", "File")) }
                } }
                tbody {
                    @for l in &report.received { @for o in &l.offers { tr {
                        td { (l.lot) }
                        td { (who(o.bidder, o.bidder_name)) }
                        td { @if let Some(p) = o.source { (report.shown_path(p).display()) } }
                    } } }
                }
            }
            (findings(report, lang))
            (lot_summary(report, lang))
        }
    }
}

/// `check`'s summary per lot: which bidders' offers are complete, irregular or
/// incomplete (the same lists as `check` prints under "Par lot").
fn lot_summary(report: &Report<'_>, lang: Lang) -> Markup {
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "—".to_owned()
        } else {
            ids.join(", ")
        }
    };
    html! {
        table {
            caption { (lang.pick("Bilan par lot", "Per lot")) }
            thead { tr {
                th scope="col" { (lang.pick("Lot", "Lot")) }
                th scope="col" { (lang.pick("Complètes", "Complete")) }
                th scope="col" { (lang.pick("Tarif par tranche inutilisable", "Band tariff unusable")) }
                th scope="col" { (lang.pick("Irrégulières", "Irregular")) }
                th scope="col" { (lang.pick("Incomplètes", "Incomplete")) }
            } }
            tbody {
                @for l in &report.check.lots { tr {
                    td { (l.lot) }
                    td { (list(&l.complete)) }
                    td { (list(&l.band_tariff_unusable)) }
                    td { (list(&l.irregular)) }
                    td { (list(&l.incomplete)) }
                } }
            }
        }
    }
}

fn findings(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        table {
            thead { tr {
                th scope="col" { (lang.pick("Où", "Where")) }
                th scope="col" { (lang.pick("Constat", "Finding")) }
                th scope="col" { (lang.pick("Conséquence", "Consequence")) }
            } }
            tbody {
                @for x in &report.check.findings {
                    tr {
                        td { (text::location(&report.shown_location(&x.location), lang)) }
                        td { (report.shown_text(text::finding_body(x, lang))) }
                        td { (text::consequence(&x.consequence, lang)) }
                    }
                }
                @for w in report.warnings {
                    tr { td {} td { (report.shown_text(text::warning(w, lang))) } td {} }
                }
            }
        }
    }
}

pub fn set_aside(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        section id=(part_id(2)) {
            (heading(2, lang))
            table {
                thead { tr {
                    th scope="col" { (lang.pick("Lot", "Lot")) }
                    th scope="col" { (lang.pick("Périmètre", "Scope")) }
                    th scope="col" { (lang.pick("Candidat", "Bidder")) }
                    th scope="col" { (lang.pick("Statut", "Status")) }
                    th scope="col" { (lang.pick("Motifs", "Reasons")) }
                } }
                tbody {
                    @for s in &report.set_aside { tr {
                        td { (s.lot) } td { (s.scope) }
                        td { (who(&s.offer.bidder, s.offer.bidder_name.as_deref())) }
                        td { (text::status(s.offer.status, lang)) }
                        td { @for r in &s.offer.reasons { (report.shown_text(text::exclusion(r, lang))) br; } }
                    } }
                    @for a in &report.abnormally_low { tr {
                        td { (a.lot) } td { (a.scope) }
                        td { (who(&a.offer.bidder, a.offer.bidder_name.as_deref())) }
                        td { (lang.pick("anormalement basse ?", "abnormally low?")) }
                        td { (labels::remarks(a.offer, lang)) }
                    } }
                }
            }
        }
    }
}

pub fn method(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        section id=(part_id(3)) {
            (heading(3, lang))
            (pairs(&labels::method(report, lang)))
        }
    }
}

pub fn analysis(report: &Report<'_>, lang: Lang) -> Markup {
    html! {
        section id=(part_id(4)) {
            (heading(4, lang))
            @for (i, l) in report.lots.iter().enumerate() {
                (lot(report, l, &format!("lot-{i}"), lang))
            }
        }
    }
}

/// A lot's charts and its tables; `id` tells its charts apart from the other lots'.
fn lot(report: &Report<'_>, l: &LotAnalysis<'_>, id: &str, lang: Lang) -> Markup {
    // One column per technical criterion, in the tender's order, as in the workbook.
    let criteria = labels::criterion_names(report);
    // The lot's VAT rate and ceilings, as in the workbook's lot sheet.
    let terms = labels::lot_terms(report, l.lot, lang);
    let cost_bars: Vec<Bar> = l
        .scopes
        .iter()
        .flat_map(|s| s.ranked.iter().map(move |o| (s, o)))
        .map(|(s, o)| Bar {
            label: format!("{} — {}", s.scope, who(&o.bidder, o.bidder_name.as_deref())),
            segments: segment(&o.cost.annual_ht, "bar").into_iter().collect(),
            notes: vec![money::euros(&o.cost.annual_ht, lang)],
        })
        .collect();
    let mark_bars: Vec<Bar> = l
        .scopes
        .iter()
        .flat_map(|s| s.ranked.iter().map(move |o| (s, o)))
        .map(|(s, o)| Bar {
            label: format!("{} — {}", s.scope, who(&o.bidder, o.bidder_name.as_deref())),
            segments: segment(&o.price_mark, "bar")
                .into_iter()
                .chain(o.technical_mark.as_ref().and_then(|t| segment(t, "tech")))
                .collect(),
            notes: vec![money::human(&o.total, 2, lang)],
        })
        .collect();
    let costs_title = format!(
        "Lot {} — {}",
        l.lot,
        lang.pick(
            "coût annuel HT de chaque offre classée, par périmètre",
            "yearly cost excl. VAT of each ranked offer, per scope"
        )
    );
    let marks_title = format!(
        "Lot {} — {}",
        l.lot,
        lang.pick(
            "note prix (gris foncé) et note technique (gris clair) empilées",
            "price mark (dark grey) and technical mark (light grey) stacked"
        )
    );
    let alt = lang.pick(
        "Les chiffres sont dans le tableau qui suit.",
        "The figures are in the table that follows.",
    );
    html! {
        h3 id=(id) { "Lot " (l.lot) " — " (l.title) }
        @if let Some(terms) = &terms { p { (terms) } }
        figure {
            (chart::bars(&format!("{id}-costs"), &costs_title, alt, &cost_bars, true))
            figcaption { (costs_title) }
        }
        figure {
            (chart::bars(&format!("{id}-marks"), &marks_title, alt, &mark_bars, true))
            figcaption { (marks_title) }
        }
        @if let Some((_, sweep)) = report.sweeps.iter().find(|(lot, _)| lot == l.lot) {
            (super::sweep_chart::figure(sweep, l.lot, &format!("{id}-sweep"), lang))
        }
        @for s in &l.scopes { (scope_table(report, s, &criteria, lang)) }
        (schedule_detail(report, l, lang))
    }
}

/// A unit-price schedule lot's structure and each offer's parts with its ceilings on a
/// part checked, as in the workbook's lot sheet; nothing for a five-model lot.
fn schedule_detail(report: &Report<'_>, l: &LotAnalysis<'_>, lang: Lang) -> Markup {
    let Some(lot) = report.identification.lots.iter().find(|t| t.id == l.lot) else {
        return html! {};
    };
    let Some(mut structure) = labels::schedule_structure(lot, lang) else {
        return html! {};
    };
    structure.extend(labels::schedule_index_row(lot, &report.revisions, lang));
    let contract_titles = labels::schedule_contract_titles(lot, &report.revisions, lang);
    let offers: Vec<(&str, Option<&str>, _, _, _)> = labels::priced_offers(l)
        .into_iter()
        .filter_map(|(b, n, c)| {
            let contract = labels::schedule_contract_values(lot, c, &report.revisions, b);
            let ceilings = labels::schedule_ceiling_cells(lot, c, lang)?;
            Some((b, n, labels::schedule_figures(lot, c)?, contract, ceilings))
        })
        .collect();
    html! {
        h4 { (lang.pick("Structure du lot (bordereau de prix unitaires)", "The lot's structure (unit-price schedule)")) }
        (pairs(&structure))
        table {
            caption { (lang.pick("Parties de chaque offre", "Each offer's parts")) }
            thead { tr {
                th scope="col" { (lang.pick("Candidat", "Bidder")) }
                th scope="col" { (lang.pick("DQE annuel HT", "DQE a year excl. VAT")) }
                th scope="col" { (lang.pick("Tranches fermes HT", "Firm tranches excl. VAT")) }
                th scope="col" { (lang.pick("Tranches optionnelles HT", "Conditional tranches excl. VAT")) }
                th scope="col" { (lang.pick("Bons de commande sur le marché HT", "Purchase orders over the contract excl. VAT")) }
                @for t in &contract_titles { th scope="col" { (t) } }
            } }
            tbody {
                @for (bidder, name, figures, contract, _) in &offers {
                    tr {
                        td { (who(bidder, *name)) }
                        @for x in figures { (euros(x, lang)) }
                        @for x in contract { td.num { @if let Some(x) = x { (money::euros(x, lang)) } @else { "—" } } }
                    }
                }
            }
        }
        @if offers.iter().any(|o| !o.4.is_empty()) {
            table {
                caption { (lang.pick("Plafonds sur une partie, vérifiés pour chaque offre", "Ceilings on a part, checked for each offer")) }
                thead { tr {
                    th scope="col" { (lang.pick("Candidat", "Bidder")) }
                    th scope="col" { (lang.pick("Partie plafonnée", "Part capped")) }
                    th scope="col" { (lang.pick("Période", "Period")) }
                    th scope="col" { (lang.pick("Montant", "Amount")) }
                    th scope="col" { (lang.pick("Plafond", "Ceiling")) }
                    th scope="col" { (lang.pick("Résultat", "Result")) }
                } }
                tbody {
                    @for (bidder, name, _, _, ceilings) in &offers {
                        @for (i, c) in ceilings.iter().enumerate() {
                            tr {
                                @if i == 0 { th scope="rowgroup" rowspan=(ceilings.len()) { (who(bidder, *name)) } }
                                td { (c.part) }
                                td { (c.period) }
                                td.num { (c.amount) }
                                td.num { (c.limit) }
                                @if c.exceeded {
                                    td.exceeded { (lang.pick("dépassé", "exceeded")) }
                                } @else {
                                    td { (lang.pick("respecté", "met")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn scope_table(report: &Report<'_>, s: &ScopeRanking, criteria: &[&str], lang: Lang) -> Markup {
    let columns = 9 + criteria.len();
    html! {
        table {
            caption { (lang.pick("Périmètre", "Scope")) " " (s.scope) }
            thead { tr {
                th scope="col" { (lang.pick("Rang", "Rank")) }
                th scope="col" { (lang.pick("Candidat", "Bidder")) }
                th scope="col" { (lang.pick("Coût annuel HT", "Yearly cost excl. VAT")) }
                th scope="col" { (lang.pick("Coût du marché HT", "Contract cost excl. VAT")) }
                th scope="col" { (lang.pick("Coût du marché TTC", "Contract cost incl. VAT")) }
                th scope="col" { (lang.pick("Note prix", "Price mark")) }
                @for c in criteria { th scope="col" { (c) } }
                th scope="col" { (lang.pick("Note technique", "Technical mark")) }
                th scope="col" { (lang.pick("Note totale", "Total mark")) }
                th scope="col" { (lang.pick("Observations", "Remarks")) }
            } }
            tbody {
                @for o in &s.ranked { (ranked_row(o, criteria.len(), lang)) }
                @if let Some(f) = &s.failure {
                    tr { td colspan=(columns) { (report.shown_text(text::ranking_failure(f, lang))) } }
                }
            }
        }
    }
}

fn ranked_row(o: &RankedOffer, criteria: usize, lang: Lang) -> Markup {
    let marks = labels::criterion_marks(o, criteria);
    html! {
        tr {
            td.num { (o.rank) }
            td { (who(&o.bidder, o.bidder_name.as_deref())) }
            (euros(&o.cost.annual_ht, lang))
            (euros(&o.cost.contract_ht, lang))
            (euros(&o.cost.contract_ttc, lang))
            (mark(Some(&o.price_mark), lang))
            @for m in &marks { (mark(*m, lang)) }
            (mark(o.technical_mark.as_ref(), lang))
            (mark(Some(&o.total), lang))
            td { (labels::remarks(o, lang)) }
        }
    }
}

pub fn award(report: &Report<'_>, lang: Lang) -> Markup {
    let none = lang.pick("aucune offre classée", "no ranked offer");
    html! {
        section id=(part_id(5)) {
            (heading(5, lang))
            table {
                thead { tr {
                    th scope="col" { (lang.pick("Lot", "Lot")) }
                    th scope="col" { (lang.pick("Périmètre", "Scope")) }
                    th scope="col" { (lang.pick("Attributaire proposé", "Proposed bidder")) }
                    th scope="col" { (lang.pick("Coût annuel HT", "Yearly cost excl. VAT")) }
                    th scope="col" { (lang.pick("Économie du groupement HT/an", "Groupement's saving excl. VAT/year")) }
                } }
                tbody {
                    @for a in &report.awards {
                        @let scopes = std::iter::once(("groupement", a.groupement)).chain(a.alone.iter().map(|m| (m.member, m.first)));
                        @for (i, (scope, first)) in scopes.enumerate() { tr {
                            td { (a.lot) " — " (a.title) } td { (scope) }
                            @if let Some(o) = first {
                                td { (who(&o.bidder, o.bidder_name.as_deref())) }
                                (euros(&o.cost.annual_ht, lang))
                            } @else { td { (none) } td {} }
                            @if i == 0 && let Some(s) = &a.saving_ht { (euros(s, lang)) } @else { td {} }
                        } }
                    }
                }
            }
        }
    }
}

pub fn sharing(report: &Report<'_>, lang: Lang) -> Markup {
    let r = &report.sharing;
    let bars: Vec<Bar> = r
        .lots
        .iter()
        .flat_map(|l| l.shares.iter().map(move |s| (l, s)))
        .map(|(l, s)| Bar {
            label: format!("Lot {} — {}", l.lot, s.member),
            segments: std::iter::once((s.pays_ht, "bar"))
                .chain(s.standalone.as_ref().map(|a| (a.amount_ht, "tech")))
                .collect(),
            notes: std::iter::once(money::euros(s.pays_ht, lang))
                .chain(
                    s.standalone
                        .as_ref()
                        .map(|a| money::euros(a.amount_ht, lang)),
                )
                .collect(),
        })
        .collect();
    let title = lang.pick(
        "Part de chaque membre (gris foncé) et son coût seul (gris clair), HT par an",
        "Each member's share (dark grey) and its cost alone (light grey), excl. VAT a year",
    );
    let alt = lang.pick(
        "Les chiffres sont dans le tableau qui suit.",
        "The figures are in the table that follows.",
    );
    html! {
        section id=(part_id(6)) {
            (heading(6, lang))
            figure { (chart::bars("shares", title, alt, &bars, false)) figcaption { (title) } }
            table {
                thead { tr {
                    th scope="col" { (lang.pick("Lot", "Lot")) }
                    th scope="col" { (lang.pick("Méthode", "Method")) }
                    th scope="col" { (lang.pick("Membre", "Member")) }
                    th scope="col" { (lang.pick("Payé HT/an", "Pays excl. VAT/year")) }
                    th scope="col" { (lang.pick("Payé TTC/an", "Pays incl. VAT/year")) }
                    th scope="col" { (lang.pick("Seul HT/an", "Alone excl. VAT/year")) }
                    th scope="col" { (lang.pick("Économie HT/an", "Saving excl. VAT/year")) }
                } }
                tbody {
                    @for l in &r.lots { @for s in &l.shares { tr {
                        td { (l.lot) } td { (crate::output::split::method_name(l.method, lang)) } td { (s.member) }
                        (euros_dec(Some(s.pays_ht), lang)) (euros_dec(Some(s.pays_ttc), lang))
                        (euros_dec(s.standalone.as_ref().map(|a| a.amount_ht), lang)) (euros_dec(s.saving_ht(), lang))
                    } } }
                    @for m in &r.members { tr {
                        th scope="row" { (lang.pick("Total", "Total")) } td {} td { (m.member) }
                        (euros_dec(Some(m.pays_ht), lang)) (euros_dec(Some(m.pays_ttc), lang))
                        (euros_dec(m.standalone_ht, lang)) (euros_dec(m.saving_ht(), lang))
                    } }
                    @for u in &r.unsplit { tr { td { (u.lot) } td colspan="6" { (report.shown_text(crate::output::split::unsplit_reason(&u.reason, lang))) } } }
                }
            }
        }
    }
}

pub fn annex(report: &Report<'_>, lang: Lang) -> Markup {
    let a = &report.annex;
    let date = a.date.map(|d| d.iso()).unwrap_or_else(|| {
        lang.pick("non précisée (--date)", "not given (--date)")
            .to_owned()
    });
    html! {
        section id=(part_id(7)) {
            (heading(7, lang))
            (pairs(&[
                (lang.pick("Version de tender", "tender version").to_owned(), a.version.to_owned()),
                (lang.pick("Date de l'analyse", "Date of the analysis").to_owned(), date),
            ]))
            table {
                thead { tr {
                    th scope="col" { (lang.pick("Rôle", "Role")) }
                    th scope="col" { (lang.pick("Fichier", "File")) }
                    th scope="col" { "SHA-256" }
                } }
                tbody {
                    @for f in &a.files { tr {
                        td { (labels::input_role(f.role, lang)) }
                        td { (report.shown_path(&f.path).display()) }
                        td { code { (labels::digest(f, lang)) } }
                    } }
                }
            }
        }
    }
}

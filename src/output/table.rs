//! Tables for a terminal: readable in 80 columns, money as `12 345,60 €` in French.
//! Figures are rounded here, for display only.

use comfy_table::presets::UTF8_HORIZONTAL_ONLY;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use super::sanitize::printable;
use super::{Selection, text, width};
use crate::analysis::Analysis;
use crate::award::{ExcludedOffer, Flag, RankedOffer, ScopeRanking};
use crate::lang::Lang;
use crate::money;
use crate::pricing::Adjustment;
use crate::tender::Tender;

/// A table's text, laid out at the run's width without cutting a word, and without the
/// padding comfy-table leaves at the end of lines.
pub(super) fn render(t: &Table) -> String {
    width::render_table(t)
}

pub(super) fn new_table(header: Vec<String>, right_aligned: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width::current()).unwrap_or(u16::MAX))
        .force_no_tty()
        .set_header(header.into_iter().map(Cell::new).collect::<Vec<_>>());
    for &i in right_aligned {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Wraps `text` at the run's width, each line indented by `indent`, the first by
/// `first_indent`; never inside a word.
pub(super) fn wrap(text: &str, indent: usize, first_indent: usize) -> String {
    let mut out = String::new();
    for line in width::wrap_lines(text, width::current(), indent, first_indent) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A title, wrapped at the table width, underlined as long as its longest line.
pub(super) fn title(text: &str, underline: char) -> String {
    let wrapped = wrap(&printable(text), 2, 0);
    let longest = wrapped.lines().map(width::display).max().unwrap_or(0);
    format!("{wrapped}{}\n", underline.to_string().repeat(longest))
}

fn bidder_label(bidder: &str, name: &Option<String>) -> String {
    match name {
        Some(n) => format!("{} ({})", printable(n), printable(bidder)),
        None => printable(bidder),
    }
}

/// The offers flagged abnormally low, with the numbers, and the method used.
fn abnormally_low_section(scope: &ScopeRanking, lang: Lang) -> String {
    let flagged: Vec<&RankedOffer> = scope
        .ranked
        .iter()
        .filter(|o| o.abnormally_low.is_some())
        .collect();
    let Some(test) = &scope.abnormally_low else {
        return String::new();
    };
    if flagged.is_empty() {
        return String::new();
    }
    let mut s = wrap(
        &format!(
            "{} ({}) :",
            lang.pick(
                "Offres anormalement basses, à faire justifier par écrit",
                "Abnormally low offers, to be justified in writing"
            ),
            test.method.describe(lang)
        ),
        2,
        0,
    );
    for o in flagged {
        if let Some(f) = &o.abnormally_low {
            s.push_str(&wrap(
                &format!(
                    "• {} — {}",
                    bidder_label(&o.bidder, &o.bidder_name),
                    f.describe(lang)
                ),
                4,
                2,
            ));
        }
    }
    s
}

/// The offers with figures a person would question, each reason with its figures.
fn implausible_section(scope: &ScopeRanking, lang: Lang) -> String {
    let flagged: Vec<&RankedOffer> = scope
        .ranked
        .iter()
        .filter(|o| !o.implausible.is_empty())
        .collect();
    if flagged.is_empty() {
        return String::new();
    }
    let mut s = wrap(
        lang.pick(
            "Valeurs invraisemblables, à vérifier auprès du candidat (le classement n'en est pas changé) :",
            "Implausible values, to check with the bidder (the ranking is unchanged):",
        ),
        2,
        0,
    );
    for o in flagged {
        for r in &o.implausible {
            s.push_str(&wrap(
                &format!(
                    "• {} — {}",
                    bidder_label(&o.bidder, &o.bidder_name),
                    super::plausibility::rule(r, lang)
                ),
                4,
                2,
            ));
        }
    }
    s
}

fn excluded_section(excluded: &[ExcludedOffer], lang: Lang) -> String {
    if excluded.is_empty() {
        return String::new();
    }
    let mut s = format!("{}\n", lang.pick("Offres écartées :", "Excluded offers:"));
    for o in excluded {
        s.push_str(&wrap(
            &format!(
                "• {} — {}",
                bidder_label(&o.bidder, &o.bidder_name),
                text::status(o.status, lang)
            ),
            4,
            2,
        ));
        for r in &o.reasons {
            s.push_str(&wrap(&format!("– {}", text::exclusion(r, lang)), 6, 4));
        }
    }
    s
}

fn failures_section(analysis: &Analysis, lang: Lang) -> String {
    if analysis.read.failures.is_empty() {
        return String::new();
    }
    let mut s = title(lang.pick("Fichiers non lus", "Files not read"), '=');
    for f in &analysis.read.failures {
        s.push_str(&wrap(&format!("• {}", text::failure(f, lang)), 4, 2));
    }
    s.push('\n');
    s
}

/// Name, id and model on three short lines, to keep the table within 80 columns.
fn bidder_cell(
    bidder: &str,
    name: &Option<String>,
    model: Option<crate::pricing::PricingModel>,
    lang: Lang,
) -> String {
    let mut s = match name {
        Some(n) => format!("{}\n{}", printable(n), printable(bidder)),
        None => printable(bidder),
    };
    if let Some(m) = model {
        s.push('\n');
        s.push_str(&text::model_short(m, lang));
    }
    s
}

fn ranked_row(o: &RankedOffer, lang: Lang) -> Vec<Cell> {
    let mut who = bidder_cell(&o.bidder, &o.bidder_name, Some(o.cost.model), lang);
    let mut notes: Vec<&str> = Vec::new();
    if o.tie {
        notes.push(lang.pick("égalité", "tie"));
    }
    notes.extend(o.flags.iter().map(|f: &Flag| text::flag(*f, lang)));
    if !notes.is_empty() {
        who.push_str(&format!("\n⚑ {}", notes.join(", ")));
    }
    let unit = |d: &Option<crate::exact::Exact>| {
        d.as_ref()
            .map(|d| money::human(d, 4, lang))
            .unwrap_or_else(|| "—".to_owned())
    };
    let marks = match &o.technical_mark {
        Some(t) => format!(
            "{} + {}\n= {}",
            money::human(&o.price_mark, 2, lang),
            money::human(t, 2, lang),
            money::human(&o.total, 2, lang)
        ),
        None => format!(
            "{}\n= {}",
            money::human(&o.price_mark, 2, lang),
            money::human(&o.total, 2, lang)
        ),
    };
    vec![
        Cell::new(o.rank),
        Cell::new(who),
        Cell::new(money::euros(&o.cost.annual_ht, lang)),
        Cell::new(format!(
            "{}\n{}",
            money::euros(&o.cost.contract_ht, lang),
            money::euros(&o.cost.contract_ttc, lang)
        )),
        Cell::new(format!(
            "{}\n{}",
            unit(&o.cost.unit.per_registered_user),
            unit(&o.cost.unit.per_inhabitant)
        )),
        Cell::new(marks),
    ]
}

/// The ranking of each lot and scope, then the excluded offers with their reasons.
pub fn rank(
    tender: &Tender,
    analysis: &Analysis,
    revisions: &crate::revised::Revisions,
    selection: &Selection,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let years = tender.duration_years;
    for lot in analysis.lots.iter().filter(|l| selection.lot(&l.lot)) {
        out.push_str(&title(&format!("Lot {} — {}", lot.lot, lot.title), '='));
        for scope in lot.scopes.iter().filter(|s| selection.scope(&s.scope)) {
            let name = tender
                .scope(&scope.scope)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            out.push('\n');
            out.push_str(&wrap(
                &format!(
                    "{} [{}] : {}",
                    printable(&name),
                    scope.scope,
                    scope.members.join(", ")
                ),
                2,
                0,
            ));
            if let Some(f) = &scope.failure {
                out.push_str(&wrap(
                    &format!("✗ {}", text::ranking_failure(f, lang)),
                    2,
                    2,
                ));
            } else if scope.ranked.is_empty() {
                out.push_str(lang.pick("Aucune offre classable.\n", "No rankable offer.\n"));
            } else {
                let header = match lang {
                    Lang::Fr => vec![
                        "Rg".to_owned(),
                        "Candidat\nmodèle".to_owned(),
                        "Annuel HT".to_owned(),
                        format!(
                            "Marché {years} an{}\nHT / TTC",
                            if years > 1 { "s" } else { "" }
                        ),
                        "€/inscrit\n€/habitant".to_owned(),
                        "Prix + tech.\n= total".to_owned(),
                    ],
                    Lang::En => vec![
                        "#".to_owned(),
                        "Bidder\nmodel".to_owned(),
                        "Yearly\nexcl. VAT".to_owned(),
                        format!("{years}-yr contract\nexcl./incl. VAT"),
                        "€/user\n€/inhab.".to_owned(),
                        "Price+tech.\n= total".to_owned(),
                    ],
                };
                let mut t = new_table(header, &[0, 2, 3, 4, 5]);
                for o in &scope.ranked {
                    t.add_row(ranked_row(o, lang));
                }
                out.push_str(&render(&t));
            }
            if let Some(l) = tender.lot(&lot.lot) {
                out.push_str(&super::schedule_rank::section(l, scope, revisions, lang));
            }
            out.push_str(&abnormally_low_section(scope, lang));
            out.push_str(&implausible_section(scope, lang));
            out.push_str(&excluded_section(&scope.excluded, lang));
        }
        out.push('\n');
    }
    out.push_str(&failures_section(analysis, lang));
    out
}

/// Each offer's comparable cost per lot and scope, with the steps that made it.
pub fn normalise(
    tender: &Tender,
    analysis: &Analysis,
    selection: &Selection,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for lot in tender.lots.iter().filter(|l| selection.lot(&l.id)) {
        out.push_str(&title(&format!("Lot {} — {}", lot.id, lot.title), '='));
        // A schedule lot is priced for one scope only (see `analysis::schedule_scope`).
        let ranked_for = crate::analysis::schedule_scope(tender).map(|s| s.id.as_str());
        let scopes = tender.scopes.iter().filter(|s| {
            selection.scope(&s.id) && (lot.schedule.is_none() || ranked_for == Some(&s.id))
        });
        for scope in scopes {
            let lines: Vec<_> = analysis
                .normalised
                .iter()
                .filter(|l| l.lot == lot.id && l.scope == scope.id)
                .collect();
            let facts = tender.scope_facts(lot, scope);
            out.push('\n');
            let usage = match lang {
                _ if lot.schedule.is_some() => lang
                    .pick(
                        "bordereau de prix unitaires : le prix HT est le total du DQE par an",
                        "unit-price schedule: the price is the DQE total a year",
                    )
                    .to_owned(),
                Lang::Fr => format!(
                    "usage estimé : {} comptes, {} accès, {} consultations ; {} inscrits, {} habitants",
                    money::quantity(facts.active_accounts, lang),
                    money::quantity(facts.simultaneous_accesses, lang),
                    money::quantity(facts.consultations, lang),
                    money::quantity(facts.registered_users, lang),
                    money::quantity(facts.population, lang)
                ),
                Lang::En => format!(
                    "estimated usage: {} accounts, {} accesses, {} consultations; {} users, {} inhabitants",
                    money::quantity(facts.active_accounts, lang),
                    money::quantity(facts.simultaneous_accesses, lang),
                    money::quantity(facts.consultations, lang),
                    money::quantity(facts.registered_users, lang),
                    money::quantity(facts.population, lang)
                ),
            };
            out.push_str(&wrap(
                &format!("{} [{}] — {usage}", printable(&scope.name), scope.id),
                2,
                0,
            ));
            let priced: Vec<_> = lines
                .iter()
                .filter_map(|l| l.result.as_ref().ok().map(|c| (*l, c)))
                .collect();
            if priced.is_empty() {
                out.push_str(
                    lang.pick("Aucune offre chiffrable.\n", "No offer could be priced.\n"),
                );
            } else {
                let header = match lang {
                    Lang::Fr => vec![
                        "Candidat\nmodèle",
                        "Prix HT\nquota",
                        "Usage\nestimé",
                        "Ajustement",
                        "Annuel HT",
                    ],
                    Lang::En => vec![
                        "Bidder\nmodel",
                        "Price excl.\nquota",
                        "Estimated\nusage",
                        "Adjustment",
                        "Yearly excl.",
                    ],
                };
                let mut t = new_table(
                    header.into_iter().map(str::to_owned).collect(),
                    &[1, 2, 3, 4],
                );
                for (l, c) in priced {
                    let quota = c
                        .quota
                        .as_ref()
                        .map(|q| money::human(q.value, 0, lang))
                        .unwrap_or_else(|| "—".into());
                    let usage = c
                        .usage
                        .map(|u| money::quantity(u, lang))
                        .unwrap_or_else(|| "—".into());
                    let adjustment = match &c.adjustment {
                        Adjustment::None => "—".to_owned(),
                        Adjustment::Surcharge {
                            blocks,
                            rate,
                            amount,
                        } => format!(
                            "+{} × {}\n= +{}",
                            money::human(*blocks, 0, lang),
                            money::euros(*rate, lang),
                            money::euros(amount, lang)
                        ),
                        Adjustment::Reduction {
                            blocks,
                            rate: Some(rate),
                            amount,
                        } => format!(
                            "−{} × {}\n= −{}",
                            money::human(*blocks, 0, lang),
                            money::euros(*rate, lang),
                            money::euros(amount, lang)
                        ),
                        Adjustment::Reduction { rate: None, .. } => lang
                            .pick("moins-value\nnon proposée", "no reduction\noffered")
                            .to_owned(),
                        Adjustment::Extrapolated { usage, quota } => format!(
                            "× {} / {}\n{}",
                            money::quantity(*usage, lang),
                            money::human(*quota, 0, lang),
                            lang.pick("(extrapolé)", "(extrapolated)")
                        ),
                    };
                    let mut annual = money::euros(&c.annual_ht, lang);
                    if c.floored {
                        annual.push_str(lang.pick("\n(ramené à 0)", "\n(floored at 0)"));
                    }
                    t.add_row(vec![
                        Cell::new(bidder_cell(&l.bidder, &l.bidder_name, Some(c.model), lang)),
                        Cell::new(format!("{}\n{quota}", money::euros(c.price.value, lang))),
                        Cell::new(usage),
                        Cell::new(adjustment),
                        Cell::new(annual),
                    ]);
                }
                out.push_str(&render(&t));
            }
            let irregular: Vec<ExcludedOffer> = lines
                .iter()
                .filter_map(|l| {
                    l.result.as_ref().err().map(|problems| ExcludedOffer {
                        bidder: l.bidder.clone(),
                        bidder_name: l.bidder_name.clone(),
                        source: l.source.clone(),
                        status: crate::award::Status::Irregular,
                        reasons: problems
                            .iter()
                            .cloned()
                            .map(crate::award::Exclusion::Irregular)
                            .collect(),
                        cost: None,
                    })
                })
                .collect();
            out.push_str(&excluded_section(&irregular, lang));
        }
        out.push('\n');
    }
    out.push_str(&failures_section(analysis, lang));
    out
}

/// A place inside a file already named: `feuille « Lot 3 », cellule D12`.
fn place_in_file(l: &crate::source::Location, lang: Lang) -> String {
    let full = text::location(l, lang);
    let file = printable(&l.file.display().to_string());
    match full
        .strip_prefix(&file)
        .map(|rest| rest.trim_start_matches(", "))
    {
        Some("") | None => lang.pick("fichier", "file").to_owned(),
        Some(rest) => rest.to_owned(),
    }
}

fn finding_line(f: &crate::check::Finding, in_file: bool, lang: Lang) -> String {
    let mark = match f.severity {
        crate::check::Severity::Error => "✗",
        crate::check::Severity::Warning => "!",
    };
    let place = if in_file {
        place_in_file(&f.location, lang)
    } else {
        text::location(&f.location, lang)
    };
    let sep = lang.pick(" : ", ": ");
    wrap(
        &format!("{mark} {place}{sep}{}", text::finding_body(f, lang)),
        4,
        2,
    )
}

/// The findings of `check`, bidder by bidder, then a summary per lot.
pub fn check(
    tender: &Tender,
    report: &crate::check::CheckReport,
    selection: &Selection,
    lang: Lang,
) -> String {
    use crate::check::Severity;
    let keep = |f: &&crate::check::Finding| {
        f.lot.as_deref().is_none_or(|l| selection.lot(l))
            && f.scope.as_deref().is_none_or(|s| selection.scope(s))
    };
    let mut out = title(
        &format!(
            "{} — {} ({})",
            lang.pick("Vérification des offres", "Offers checked"),
            tender.name,
            tender.reference
        ),
        '=',
    );
    for b in &report.bidders {
        let answers_selected_lot = b
            .lots
            .as_ref()
            .is_none_or(|lots| lots.iter().any(|(l, _)| selection.lot(l)));
        let has_findings = report
            .findings
            .iter()
            .filter(keep)
            .any(|f| f.bidder.as_deref() == Some(b.bidder.as_str()));
        if selection.lot.is_some() && !answers_selected_lot && !has_findings {
            continue;
        }
        out.push('\n');
        let files: Vec<String> = b
            .files
            .iter()
            .map(|f| printable(&f.display().to_string()))
            .collect();
        out.push_str(&title(
            &format!(
                "{} — {}",
                bidder_label(&b.bidder, &b.bidder_name),
                files.join(", ")
            ),
            '-',
        ));
        let findings: Vec<&crate::check::Finding> = report
            .findings
            .iter()
            .filter(|f| f.bidder.as_deref() == Some(b.bidder.as_str()))
            .filter(keep)
            .collect();
        if findings.is_empty() {
            out.push_str(lang.pick("  Aucun problème.\n", "  No problem.\n"));
        }
        for f in findings {
            out.push_str(&finding_line(f, b.files.len() == 1, lang));
        }
        let summary = match &b.lots {
            None => lang.pick("non lu", "not read").to_owned(),
            Some(_) if b.not_filled => lang.pick("non rempli", "not filled in").to_owned(),
            Some(lots) if lots.is_empty() => lang.pick("aucun lot", "no lot").to_owned(),
            Some(lots) => lots
                .iter()
                .filter(|(l, _)| selection.lot(l))
                .map(|(l, s)| {
                    format!(
                        "{} {l} {}",
                        lang.pick("lot", "lot"),
                        text::lot_status(*s, lang)
                    )
                })
                .collect::<Vec<_>>()
                .join(lang.pick(" ; ", "; ")),
        };
        out.push_str(&wrap(
            &format!("{}{summary}", lang.pick("Bilan : ", "Summary: ")),
            4,
            2,
        ));
    }
    // Findings of no bidder, or of a bidder from whom nothing was read (a technical
    // score of an unknown bidder): shown here, as they are counted below.
    let others: Vec<&crate::check::Finding> = report
        .findings
        .iter()
        .filter(|f| {
            f.bidder
                .as_deref()
                .is_none_or(|id| report.bidders.iter().all(|b| b.bidder != id))
        })
        .filter(keep)
        .collect();
    if !others.is_empty() {
        out.push('\n');
        out.push_str(&title(lang.pick("Autres fichiers", "Other files"), '-'));
        for f in others {
            out.push_str(&finding_line(f, false, lang));
        }
    }

    out.push('\n');
    out.push_str(&title(lang.pick("Par lot", "By lot"), '-'));
    let mut header = match lang {
        Lang::Fr => vec!["Lot", "Complètes", "Irrégulières", "Incomplètes"],
        Lang::En => vec!["Lot", "Complete", "Irregular", "Incomplete"],
    };
    // A column for unusable band tariffs only when there is one to show.
    let bands = report
        .lots
        .iter()
        .any(|l| selection.lot(&l.lot) && !l.band_tariff_unusable.is_empty());
    if bands {
        header.insert(
            2,
            lang.pick("Tranches inutilisables", "Band tariff unusable"),
        );
    }
    let mut t = new_table(header.into_iter().map(str::to_owned).collect(), &[]);
    let list = |v: &Vec<String>| {
        if v.is_empty() {
            "—".to_owned()
        } else {
            v.join(", ")
        }
    };
    for l in report.lots.iter().filter(|l| selection.lot(&l.lot)) {
        let mut row = vec![
            Cell::new(&l.lot),
            Cell::new(list(&l.complete)),
            Cell::new(list(&l.irregular)),
            Cell::new(list(&l.incomplete)),
        ];
        if bands {
            row.insert(2, Cell::new(list(&l.band_tariff_unusable)));
        }
        t.add_row(row);
    }
    out.push_str(&render(&t));
    let shown: Vec<&crate::check::Finding> = report.findings.iter().filter(keep).collect();
    let errors = shown
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = shown.len() - errors;
    out.push('\n');
    out.push_str(&match lang {
        Lang::Fr => format!(
            "{} fichier(s) de {} candidat(s) : {errors} erreur(s), {warnings} avertissement(s).\n",
            report.bidders.iter().map(|b| b.files.len()).sum::<usize>(),
            report.bidders.len()
        ),
        Lang::En => format!(
            "{} file(s) from {} bidder(s): {errors} error(s), {warnings} warning(s).\n",
            report.bidders.iter().map(|b| b.files.len()).sum::<usize>(),
            report.bidders.len()
        ),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_the_table_width_with_indent() {
        let long = "mot ".repeat(40);
        let wrapped = wrap(&long, 4, 2);
        let most = width::current();
        assert!(wrapped.lines().all(|l| width::display(l) <= most));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("    mot")));
        assert!(wrapped.starts_with("  mot"));
    }
}

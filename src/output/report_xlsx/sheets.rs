//! The summary (identification, method, proposed award), the cost sharing, the findings
//! and the annex.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{self, Formats};
use crate::lang::Lang;
use crate::output::report_labels as labels;
use crate::output::text;
use crate::report::Report;
use crate::tender::Tender;

/// Label and value pairs, one a row, from `row`; returns the next free row.
fn pairs(
    ws: &mut Worksheet,
    mut row: u32,
    pairs: &[(String, String)],
    f: &Formats,
) -> Result<u32, XlsxError> {
    for (label, value) in pairs {
        cells::text_with(ws, row, 0, label, &f.label)?;
        cells::text(ws, row, 1, value)?;
        row += 1;
    }
    Ok(row)
}

pub fn summary(
    ws: &mut Worksheet,
    name: &str,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let title = labels::report_title(lang);
    cells::text_with(ws, 0, 0, title, &f.title)?;
    let row = pairs(ws, 2, &labels::identification(report, lang), f)?;
    let row = pairs(ws, row + 1, &labels::method(report, lang), f)?;
    let header = row + 1;
    cells::header(
        ws,
        header,
        &[
            (lang.pick("Lot", "Lot"), 44.0),
            (lang.pick("Périmètre", "Scope"), 14.0),
            (lang.pick("Attributaire proposé", "Proposed bidder"), 30.0),
            (lang.pick("Coût annuel HT", "Yearly cost excl. VAT"), 15.0),
            (
                lang.pick("Coût du marché TTC", "Contract cost incl. VAT"),
                15.0,
            ),
            (
                lang.pick(
                    "Économie du groupement HT/an",
                    "Groupement's saving excl. VAT/year",
                ),
                16.0,
            ),
        ],
        f,
    )?;
    let last = awards(ws, header, report, lang, f)?;
    cells::table_setup(ws, header, last, 6)
}

/// One row per lot for the groupement, then one per member quoted alone.
fn awards(
    ws: &mut Worksheet,
    header: u32,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let mut row = header;
    let none = lang.pick("aucune offre classée", "no ranked offer");
    for a in &report.awards {
        let lot = format!("{} — {}", a.lot, a.title);
        let scopes = std::iter::once((lang.pick("groupement", "groupement"), a.groupement))
            .chain(a.alone.iter().map(|m| (m.member, m.first)));
        for (i, (scope, first)) in scopes.enumerate() {
            row += 1;
            // Lot titles and bidders' names are long: wrapped in their cells, never cut.
            cells::text_with(ws, row, 0, &lot, &f.text)?;
            cells::text(ws, row, 1, scope)?;
            match first {
                Some(o) => {
                    let who = o
                        .bidder_name
                        .as_deref()
                        .map_or(o.bidder.clone(), |n| format!("{n} ({})", o.bidder));
                    cells::text_with(ws, row, 2, &who, &f.text)?;
                    cells::fit(ws, row, &[(&lot, 44.0), (&who, 30.0)])?;
                    cells::euro(ws, row, 3, &o.cost.annual_ht, f)?;
                    cells::euro(ws, row, 4, &o.cost.contract_ttc, f)?;
                }
                None => {
                    cells::text(ws, row, 2, none)?;
                    cells::fit(ws, row, &[(&lot, 44.0)])?;
                }
            }
            if i == 0
                && let Some(s) = &a.saving_ht
            {
                cells::euro(ws, row, 5, s, f)?;
            }
        }
    }
    Ok(row)
}

pub fn sharing(
    ws: &mut Worksheet,
    name: &str,
    tender: &Tender,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    cells::text_with(
        ws,
        0,
        0,
        lang.pick(
            "Répartition du coût entre les membres",
            "Cost sharing among the members",
        ),
        &f.title,
    )?;
    let header = 2;
    cells::header(
        ws,
        header,
        &[
            (lang.pick("Lot", "Lot"), 8.0),
            (lang.pick("Méthode", "Method"), 16.0),
            (lang.pick("Titulaire", "Awarded bidder"), 18.0),
            (lang.pick("Membre", "Member"), 14.0),
            (lang.pick("Payé HT/an", "Pays excl. VAT/year"), 14.0),
            (lang.pick("Payé TTC/an", "Pays incl. VAT/year"), 14.0),
            (lang.pick("Marché HT", "Contract excl. VAT"), 14.0),
            (lang.pick("Marché TTC", "Contract incl. VAT"), 14.0),
            (lang.pick("Seul HT/an", "Alone excl. VAT/year"), 14.0),
            (lang.pick("Économie HT/an", "Saving excl. VAT/year"), 14.0),
            (lang.pick("Observations", "Remarks"), 50.0),
        ],
        f,
    )?;
    let r = &report.sharing;
    let mut row = lot_shares(ws, header, report, lang, f)?;
    row = member_totals(ws, row, report, lang, f)?;
    for u in &r.unsplit {
        row += 1;
        cells::text(ws, row, 0, &u.lot)?;
        cells::text_with(
            ws,
            row,
            10,
            &report.shown_text(crate::output::split::unsplit_reason(&u.reason, lang)),
            &f.text,
        )?;
    }
    for w in crate::output::split::warnings(tender, r, lang) {
        row += 1;
        cells::text_with(ws, row, 10, &w, &f.text)?;
    }
    cells::table_setup(ws, header, row, 11)
}

/// One row per lot and member: what it pays, alone and its saving.
fn lot_shares(
    ws: &mut Worksheet,
    mut row: u32,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    for lot in &report.sharing.lots {
        let method = crate::output::split::method_name(lot.method, lang);
        for s in &lot.shares {
            row += 1;
            cells::text(ws, row, 0, &lot.lot)?;
            cells::text(ws, row, 1, method)?;
            cells::text(ws, row, 2, &lot.bidder)?;
            cells::text(ws, row, 3, &s.member)?;
            let figures = [
                Some(s.pays_ht),
                Some(s.pays_ttc),
                Some(s.contract_ht),
                Some(s.contract_ttc),
                s.standalone.as_ref().map(|a| a.amount_ht),
                s.saving_ht(),
            ];
            for (col, d) in (4u16..).zip(figures) {
                if let Some(d) = d {
                    cells::euro_dec(ws, row, col, d, f)?;
                }
            }
        }
    }
    Ok(row)
}

fn member_totals(
    ws: &mut Worksheet,
    mut row: u32,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    for m in &report.sharing.members {
        row += 1;
        cells::text_with(ws, row, 0, lang.pick("Total", "Total"), &f.label)?;
        cells::text(ws, row, 3, &m.member)?;
        let figures = [
            Some(m.pays_ht),
            Some(m.pays_ttc),
            Some(m.contract_ht),
            Some(m.contract_ttc),
            m.standalone_ht,
            m.saving_ht(),
        ];
        for (col, d) in (4u16..).zip(figures) {
            if let Some(d) = d {
                cells::euro_dec(ws, row, col, d, f)?;
            }
        }
    }
    Ok(row)
}

pub fn findings(
    ws: &mut Worksheet,
    name: &str,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    cells::text_with(
        ws,
        0,
        0,
        lang.pick(
            "Constats sur les fichiers des offres",
            "Findings in the offer files",
        ),
        &f.title,
    )?;
    let header = 2;
    cells::header(
        ws,
        header,
        &[
            (lang.pick("Où", "Where"), 40.0),
            (lang.pick("Candidat", "Bidder"), 14.0),
            (lang.pick("Lot", "Lot"), 6.0),
            (lang.pick("Périmètre", "Scope"), 12.0),
            (lang.pick("Gravité", "Severity"), 10.0),
            (lang.pick("Constat", "Finding"), 60.0),
            (lang.pick("Conséquence", "Consequence"), 40.0),
        ],
        f,
    )?;
    let mut row = header;
    for x in &report.check.findings {
        row += 1;
        let place = report.shown_location(&x.location);
        cells::text(ws, row, 0, &text::location(&place, lang))?;
        cells::text(ws, row, 1, x.bidder.as_deref().unwrap_or_default())?;
        cells::text(ws, row, 2, x.lot.as_deref().unwrap_or_default())?;
        cells::text(ws, row, 3, x.scope.as_deref().unwrap_or_default())?;
        let severity = match x.severity {
            crate::check::Severity::Error => lang.pick("erreur", "error"),
            crate::check::Severity::Warning => lang.pick("avertissement", "warning"),
        };
        cells::text(ws, row, 4, severity)?;
        cells::text_with(
            ws,
            row,
            5,
            &report.shown_text(text::finding_body(x, lang)),
            &f.text,
        )?;
        cells::text_with(
            ws,
            row,
            6,
            &text::consequence(&x.consequence, lang),
            &f.text,
        )?;
    }
    cells::table_setup(ws, header, row, 7)
}

pub fn annex(
    ws: &mut Worksheet,
    name: &str,
    report: &Report<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    cells::text_with(
        ws,
        0,
        0,
        lang.pick("Annexe : traçabilité", "Annex: audit trail"),
        &f.title,
    )?;
    let a = &report.annex;
    let date = a.date.map(|d| d.iso()).unwrap_or_else(|| {
        lang.pick("non précisée (--date)", "not given (--date)")
            .to_owned()
    });
    let rows = [
        (
            lang.pick("Version de tender", "tender version").to_owned(),
            a.version.to_owned(),
        ),
        (
            lang.pick("Date de l'analyse", "Date of the analysis")
                .to_owned(),
            date,
        ),
    ];
    let next = pairs(ws, 2, &rows, f)?;
    let header = next + 1;
    cells::header(
        ws,
        header,
        &[
            (lang.pick("Rôle", "Role"), 22.0),
            (lang.pick("Fichier", "File"), 50.0),
            ("SHA-256", 70.0),
        ],
        f,
    )?;
    let row = files(ws, header, report, lang)?;
    cells::table_setup(ws, header, row, 3)
}

/// One row per input file: its role, its path, its SHA-256 (or why it could not be
/// read again).
fn files(
    ws: &mut Worksheet,
    mut row: u32,
    report: &Report<'_>,
    lang: Lang,
) -> Result<u32, XlsxError> {
    for file in &report.annex.files {
        row += 1;
        cells::text(ws, row, 0, labels::input_role(file.role, lang))?;
        let path = report.shown_path(&file.path).display().to_string();
        cells::text(ws, row, 1, &path)?;
        cells::text(ws, row, 2, &labels::digest(file, lang))?;
    }
    Ok(row)
}

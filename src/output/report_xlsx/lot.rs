//! One lot's sheet: every offer of every scope the report covers, ranked ones with their
//! costs, marks and rank, set-aside ones with their status and every reason.

use std::path::Path;

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{self, Formats};
use crate::award::{ExcludedOffer, RankedOffer};
use crate::lang::Lang;
use crate::output::text;
use crate::pricing::NormalisedCost;
use crate::report::{LotAnalysis, Report};

/// The columns before the criteria's marks.
const COSTS: u16 = 6;

/// The remarks column's width: reasons and flags are wrapped in it.
const REMARKS_WIDTH: f64 = 60.0;

pub fn sheet(
    ws: &mut Worksheet,
    name: &str,
    report: &Report<'_>,
    lot: &LotAnalysis<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    let title = format!("Lot {} — {}", lot.lot, lot.title);
    cells::text_with(ws, 0, 0, &title, &f.title)?;
    if let Some(terms) = crate::output::report_labels::lot_terms(report, lot.lot, lang) {
        cells::text(ws, 1, 0, &terms)?;
    }
    let criteria = crate::output::report_labels::criterion_names(report);
    let mut titles: Vec<(&str, f64)> = vec![
        (lang.pick("Périmètre", "Scope"), 14.0),
        (lang.pick("Rang", "Rank"), 6.0),
        (lang.pick("Candidat", "Bidder"), 14.0),
        (lang.pick("Raison sociale", "Name"), 22.0),
        (lang.pick("Fichier", "File"), 22.0),
        (lang.pick("Modèle de prix", "Pricing model"), 16.0),
        (lang.pick("Coût annuel HT", "Yearly cost excl. VAT"), 15.0),
        (
            lang.pick("Coût du marché HT", "Contract cost excl. VAT"),
            15.0,
        ),
        (
            lang.pick("Coût du marché TTC", "Contract cost incl. VAT"),
            15.0,
        ),
        (lang.pick("Note prix", "Price mark"), 9.0),
    ];
    titles.extend(criteria.iter().map(|c| (*c, 10.0)));
    titles.extend([
        (lang.pick("Note technique", "Technical mark"), 10.0),
        (lang.pick("Note totale", "Total mark"), 9.0),
        (lang.pick("Statut", "Status"), 12.0),
        (lang.pick("Observations", "Remarks"), REMARKS_WIDTH),
    ]);
    let header = 2;
    cells::header(ws, header, &titles, f)?;
    // The technical mark's column; the total, the status and the remarks follow it.
    let tech_col =
        COSTS + 4 + u16::try_from(criteria.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
    let mut row = header;
    for scope in &lot.scopes {
        for o in &scope.ranked {
            row += 1;
            let file = o.source.as_deref().map(|p| report.shown_path(p));
            let line = Line {
                row,
                scope: &scope.scope,
                file,
            };
            ranked(ws, &line, o, criteria.len(), lang, f)?;
        }
        for o in &scope.excluded {
            row += 1;
            let file = o.source.as_deref().map(|p| report.shown_path(p));
            let line = Line {
                row,
                scope: &scope.scope,
                file,
            };
            excluded(ws, &line, o, (tech_col, report), lang, f)?;
        }
        if let Some(failure) = &scope.failure {
            row += 1;
            cells::text(ws, row, 0, &scope.scope)?;
            let why = report.shown_text(text::ranking_failure(failure, lang));
            cells::text_with(ws, row, tech_col + 3, &why, &f.text)?;
            cells::fit(ws, row, &[(&why, REMARKS_WIDTH)])?;
        }
    }
    cells::table_setup(ws, header, row, tech_col + 4)
}

/// Where an offer's line goes: its row, its scope, and its file as the report shows it.
struct Line<'a> {
    row: u32,
    scope: &'a str,
    file: Option<&'a Path>,
}

/// Scope, bidder id and name, and file: the columns every offer has.
fn who(
    ws: &mut Worksheet,
    l: &Line<'_>,
    bidder: &str,
    name: Option<&str>,
) -> Result<(), XlsxError> {
    cells::text(ws, l.row, 0, l.scope)?;
    cells::text(ws, l.row, 2, bidder)?;
    cells::text(ws, l.row, 3, name.unwrap_or_default())?;
    let file = l.file.map(|p| p.display().to_string()).unwrap_or_default();
    cells::text(ws, l.row, 4, &file)
}

/// The model and the three costs of an offer whose cost is known.
fn costs(
    ws: &mut Worksheet,
    row: u32,
    c: &NormalisedCost,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    cells::text(ws, row, 5, &text::model_short(c.model, lang))?;
    cells::euro(ws, row, COSTS, &c.annual_ht, f)?;
    cells::euro(ws, row, COSTS + 1, &c.contract_ht, f)?;
    cells::euro(ws, row, COSTS + 2, &c.contract_ttc, f)
}

fn ranked(
    ws: &mut Worksheet,
    l: &Line<'_>,
    o: &RankedOffer,
    criteria: usize,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let row = l.row;
    who(ws, l, &o.bidder, o.bidder_name.as_deref())?;
    match u32::try_from(o.rank) {
        Ok(rank) => ws.write_number(row, 1, rank)?,
        Err(_) => ws.write_string(row, 1, o.rank.to_string())?,
    };
    costs(ws, row, &o.cost, lang, f)?;
    cells::mark(ws, row, COSTS + 3, &o.price_mark, f)?;
    let mut col = COSTS + 4;
    for m in crate::output::report_labels::criterion_marks(o, criteria) {
        if let Some(m) = m {
            cells::mark(ws, row, col, m, f)?;
        }
        col += 1;
    }
    if let Some(t) = &o.technical_mark {
        cells::mark(ws, row, col, t, f)?;
    }
    cells::mark(ws, row, col + 1, &o.total, f)?;
    cells::text(ws, row, col + 2, lang.pick("classée", "ranked"))?;
    let remarks = crate::output::report_labels::remarks(o, lang);
    cells::text_with(ws, row, col + 3, &remarks, &f.text)?;
    cells::fit(ws, row, &[(&remarks, REMARKS_WIDTH)])
}

/// A set-aside offer: its cost when known, its status, every reason. `tech_col` is the
/// technical mark's column: the status is two columns further.
fn excluded(
    ws: &mut Worksheet,
    l: &Line<'_>,
    o: &ExcludedOffer,
    (tech_col, report): (u16, &Report<'_>),
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    who(ws, l, &o.bidder, o.bidder_name.as_deref())?;
    if let Some(c) = &o.cost {
        costs(ws, l.row, c, lang, f)?;
    }
    let status = format!(
        "{} ({})",
        lang.pick("écartée", "set aside"),
        text::status(o.status, lang)
    );
    cells::text(ws, l.row, tech_col + 2, &status)?;
    let reasons: Vec<String> = o
        .reasons
        .iter()
        .map(|r| report.shown_text(text::exclusion(r, lang)))
        .collect();
    let reasons = reasons.join("\n");
    cells::text_with(ws, l.row, tech_col + 3, &reasons, &f.text)?;
    cells::fit(ws, l.row, &[(&reasons, REMARKS_WIDTH)])
}

//! A unit-price schedule lot's own sheet, after its ranking's: the lot's structure
//! (tranches, BPU lines, ceilings on a part, renewals, what the ranking compares, the
//! revision clause and each year's index), each offer's parts and contract figures, and
//! every ceiling on a part checked, one a row. Its columns are sized for these tables:
//! on the ranking's sheet the figures fell in its narrow columns (a rank's) and printed
//! as `###`.

use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{self, Formats};
use crate::lang::Lang;
use crate::output::report_labels::{
    priced_offers, schedule_ceiling_cells, schedule_contract_titles, schedule_contract_values,
    schedule_figures, schedule_index_row, schedule_structure,
};
use crate::pricing::NormalisedCost;
use crate::report::{LotAnalysis, Report};

/// The columns' widths: the bidder, then the parts (or the part capped, its period,
/// the basis, the amount, the ceiling, the result), then the contract figures.
const WIDTHS: [f64; 9] = [24.0, 30.0, 22.0, 18.0, 18.0, 18.0, 18.0, 18.0, 18.0];

/// Whether the lot has a sheet of its own: a schedule lot does.
pub fn has_sheet(report: &Report<'_>, lot: &LotAnalysis<'_>) -> bool {
    report
        .identification
        .lots
        .iter()
        .any(|l| l.id == lot.lot && l.schedule.is_some())
}

pub fn sheet(
    ws: &mut Worksheet,
    name: &str,
    report: &Report<'_>,
    lot: &LotAnalysis<'_>,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    for (col, w) in (0u16..).zip(WIDTHS) {
        ws.set_column_width(col, w)?;
    }
    cells::page(ws);
    let Some(tender_lot) = report.identification.lots.iter().find(|l| l.id == lot.lot) else {
        return Ok(());
    };
    let Some(mut structure) = schedule_structure(tender_lot, lang) else {
        return Ok(());
    };
    structure.extend(schedule_index_row(tender_lot, &report.revisions, lang));
    let title = format!(
        "Lot {} — {} : {}",
        lot.lot,
        lot.title,
        lang.pick(
            "structure du lot (bordereau de prix unitaires)",
            "the lot's structure (unit-price schedule)"
        )
    );
    cells::text_with(ws, 0, 0, &title, &f.title)?;
    let mut row = 1;
    let merged: f64 = WIDTHS[1..].iter().sum();
    for (label, value) in &structure {
        row += 1;
        cells::text_with(ws, row, 0, label, &f.header)?;
        ws.merge_range(
            row,
            1,
            row,
            8,
            &crate::output::sanitize::printable(value),
            &f.text,
        )?;
        cells::fit(ws, row, &[(label, WIDTHS[0]), (value, merged)])?;
    }
    let offers: Vec<(&str, &NormalisedCost)> = priced_offers(lot)
        .into_iter()
        .map(|(b, _, c)| (b, c))
        .collect();
    row = parts(ws, row + 2, report, tender_lot, &offers, lang, f)?;
    ceilings(ws, row + 2, tender_lot, &offers, lang, f)
}

/// Each offer's DQE total a year, tranches, purchase orders, and contract figures (with
/// renewals, revised); the row after the table.
fn parts(
    ws: &mut Worksheet,
    mut row: u32,
    report: &Report<'_>,
    lot: &crate::tender::Lot,
    offers: &[(&str, &NormalisedCost)],
    lang: Lang,
    f: &Formats,
) -> Result<u32, XlsxError> {
    let titles = [
        lang.pick("Candidat", "Bidder"),
        lang.pick("DQE annuel HT", "DQE a year excl. VAT"),
        lang.pick("Tranches fermes HT", "Firm tranches excl. VAT"),
        lang.pick("Tranches optionnelles HT", "Conditional tranches excl. VAT"),
        lang.pick(
            "Bons de commande sur le marché HT",
            "Purchase orders over the contract excl. VAT",
        ),
    ];
    let contract_titles = schedule_contract_titles(lot, &report.revisions, lang);
    let all: Vec<&str> = titles
        .into_iter()
        .chain(contract_titles.iter().copied())
        .collect();
    header(ws, row, &all, f)?;
    for (bidder, cost) in offers {
        let Some(figures) = schedule_figures(lot, cost) else {
            continue;
        };
        row += 1;
        cells::text(ws, row, 0, bidder)?;
        for (col, x) in (1u16..).zip(&figures) {
            cells::euro(ws, row, col, x, f)?;
        }
        let contract = schedule_contract_values(lot, cost, &report.revisions, bidder);
        for (col, x) in (5u16..).zip(&contract) {
            match x {
                Some(x) => cells::euro(ws, row, col, x, f)?,
                None => cells::text(ws, row, col, "—")?,
            }
        }
    }
    Ok(row)
}

/// Every ceiling on a part checked, a row each: the part, the period (its months and
/// the pro rata when the year is incomplete), the basis, the amount, the ceiling and
/// the result.
fn ceilings(
    ws: &mut Worksheet,
    mut row: u32,
    lot: &crate::tender::Lot,
    offers: &[(&str, &NormalisedCost)],
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    let checked: Vec<_> = offers
        .iter()
        .filter_map(|(b, c)| Some((*b, schedule_ceiling_cells(lot, c, lang)?)))
        .filter(|(_, rows)| !rows.is_empty())
        .collect();
    if checked.is_empty() {
        return Ok(());
    }
    let titles = [
        lang.pick("Candidat", "Bidder"),
        lang.pick("Partie plafonnée", "Part capped"),
        lang.pick("Période", "Period"),
        lang.pick("Base", "Basis"),
        lang.pick("Montant", "Amount"),
        lang.pick("Plafond", "Ceiling"),
        lang.pick("Résultat", "Result"),
    ];
    header(ws, row, &titles, f)?;
    for (bidder, rows) in checked {
        for (i, c) in rows.iter().enumerate() {
            row += 1;
            if i == 0 {
                cells::text(ws, row, 0, bidder)?;
            }
            cells::text_with(ws, row, 1, c.part, &f.text)?;
            cells::text_with(ws, row, 2, &c.period, &f.text)?;
            cells::text(ws, row, 3, c.basis)?;
            cells::euro(ws, row, 4, &c.amount_exact, f)?;
            cells::euro(ws, row, 5, &c.limit_exact, f)?;
            let result = if c.exceeded {
                lang.pick("dépassé", "exceeded")
            } else {
                lang.pick("respecté", "met")
            };
            cells::text(ws, row, 6, result)?;
            cells::fit(ws, row, &[(c.part, WIDTHS[1]), (&c.period, WIDTHS[2])])?;
        }
    }
    Ok(())
}

/// A table's header row in this sheet's columns.
fn header(ws: &mut Worksheet, row: u32, titles: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, t) in (0u16..).zip(titles) {
        ws.write_string_with_format(row, col, *t, &f.header)?;
    }
    let sized: Vec<(&str, f64)> = titles
        .iter()
        .zip(WIDTHS.iter().chain(std::iter::repeat(&18.0)))
        .map(|(t, w)| (*t, *w))
        .collect();
    cells::fit(ws, row, &sized)
}

//! The analysis report as a workbook (`tender report --out analyse.xlsx`): a summary
//! sheet (identification, method, proposed award), one sheet per lot, the cost sharing,
//! the findings and the annex. Values, never formulas: a reader that does not
//! recalculate (LibreOffice on opening, calamine, scripts) sees the figures. Every text
//! that came from a bidder is written with `write_string`, so a name such as
//! `=HYPERLINK(…)` stays text. Money and marks are rounded at the places shown (cents,
//! half away from zero) before they are written, so that the cell holds what it shows.

mod cells;
mod lot;
mod schedule;
mod sheets;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::lang::Lang;
use crate::report::Report;
use crate::tender::Tender;

pub use cells::sheet_name;

/// The workbook could not be built (a limit of the format, such as a text longer than
/// a cell holds).
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    #[error("the report's workbook could not be written: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The workbook's bytes. The same report always gives the same bytes: the document's
/// creation date is the date of the analysis, or a fixed one when none was given.
pub fn write(tender: &Tender, report: &Report<'_>, lang: Lang) -> Result<Vec<u8>, WorkbookError> {
    let f = cells::Formats::new();
    let mut workbook = Workbook::new();
    let date = match report.annex.date {
        Some(d) => ExcelDateTime::from_ymd(d.year, d.month, d.day)?,
        None => ExcelDateTime::from_ymd(2000, 1, 1)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} — {}", tender.reference, tender.name))
            .set_subject(crate::output::report_labels::report_title(lang))
            .set_creation_datetime(&date),
    );
    let mut names = cells::Names::default();
    sheets::summary(
        workbook.add_worksheet(),
        &names.take(lang.pick("Synthèse", "Summary")),
        report,
        lang,
        &f,
    )?;
    for l in &report.lots {
        let name = names.take(&format!("Lot {}", l.lot));
        lot::sheet(workbook.add_worksheet(), &name, report, l, lang, &f)?;
        if schedule::has_sheet(report, l) {
            let name = names.take(&format!("Lot {} (BPU)", l.lot));
            schedule::sheet(workbook.add_worksheet(), &name, report, l, lang, &f)?;
        }
    }
    let split = names.take(lang.pick("Répartition", "Cost sharing"));
    sheets::sharing(workbook.add_worksheet(), &split, tender, report, lang, &f)?;
    let findings = names.take(lang.pick("Constats", "Findings"));
    sheets::findings(workbook.add_worksheet(), &findings, report, lang, &f)?;
    sheets::annex(
        workbook.add_worksheet(),
        &names.take(lang.pick("Annexe", "Annex")),
        report,
        lang,
        &f,
    )?;
    Ok(workbook.save_to_buffer()?)
}

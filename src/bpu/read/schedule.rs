//! Reads the sheet of a unit-price schedule lot (its shape is
//! [`crate::bpu::schedule_layout`]'s): each line found by its code under the `Code`
//! header, its price, amount and quantity in the columns after the code's.
//!
//! What the bidder changed is said, never silently used: a quantity that is not the
//! tender's (the tender's is used), a row added with a price in it (not counted), a code
//! given twice (the first row is read).

use rust_decimal::Decimal;

use super::{Sheet, cell_text};
use crate::bpu::schedule_layout::{PRICE_OFFSET, QUANTITY_OFFSET, TOTAL_OFFSET};
use crate::offer::CellContent;
use crate::pricing::schedule::{ItemQuote, ScheduleFinding, ScheduleQuote, TrancheQuote};
use crate::tender::schedule::Schedule;

/// A line of the tender as the sheet gives it: its code, its row.
struct Found {
    code: String,
    row: u32,
}

pub(super) fn read(
    sheet: &Sheet<'_>,
    (header_row, code_col): (u32, u32),
    bottom: u32,
    schedule: &Schedule,
) -> ScheduleQuote {
    let mut findings = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    for row in header_row + 1..=bottom {
        let code = cell_text(sheet.grid.get(row, code_col))
            .map(|c| c.into_owned())
            .filter(|c| !c.is_empty());
        let known = code.as_deref().and_then(|c| canonical(schedule, c));
        match known {
            Some(code) => {
                if let Some(first) = found.iter().find(|f| f.code == code) {
                    findings.push(ScheduleFinding::DuplicateLine {
                        code: code.to_owned(),
                        location: sheet.at(row, code_col),
                        first: sheet.at(first.row, code_col),
                    });
                    continue;
                }
                found.push(Found {
                    code: code.to_owned(),
                    row,
                });
            }
            None => inserted(sheet, row, code_col, code, &mut findings),
        }
    }
    let row_of = |code: &str| found.iter().find(|f| f.code == code).map(|f| f.row);
    let mut items = Vec::new();
    for item in &schedule.items {
        let row = row_of(&item.code);
        if let Some(r) = row {
            altered_quantity(sheet, r, code_col, &item.code, item.quantity, &mut findings);
        }
        items.push(ItemQuote {
            code: item.code.clone(),
            unit_price: row.map(|r| sheet.classify(r, code_col + PRICE_OFFSET)),
            total: row
                .map(|r| sheet.classify(r, code_col + TOTAL_OFFSET))
                .filter(|c| !c.is_empty()),
        });
    }
    let mut tranches = Vec::new();
    for t in &schedule.tranches {
        let row = row_of(&t.id);
        if let Some(r) = row {
            let payments = Decimal::from(t.payment.payments());
            altered_quantity(sheet, r, code_col, &t.id, payments, &mut findings);
        }
        tranches.push(TrancheQuote {
            id: t.id.clone(),
            price: row.map(|r| sheet.classify(r, code_col + PRICE_OFFSET)),
            total: row
                .map(|r| sheet.classify(r, code_col + TOTAL_OFFSET))
                .filter(|c| !c.is_empty()),
        });
    }
    ScheduleQuote {
        location: sheet.place.clone(),
        items,
        tranches,
        findings,
    }
}

/// The tender's spelling of a code found on the sheet (case and spaces aside).
fn canonical<'s>(schedule: &'s Schedule, code: &str) -> Option<&'s str> {
    let code = code.trim();
    schedule
        .tranches
        .iter()
        .map(|t| t.id.as_str())
        .chain(schedule.items.iter().map(|i| i.code.as_str()))
        .find(|c| c.eq_ignore_ascii_case(code))
}

/// A row the tender does not have: a finding when it holds a price or an amount
/// (headings and notes hold neither).
fn inserted(
    sheet: &Sheet<'_>,
    row: u32,
    code_col: u32,
    code: Option<String>,
    findings: &mut Vec<ScheduleFinding>,
) {
    for offset in [PRICE_OFFSET, TOTAL_OFFSET] {
        let cell = sheet.classify(row, code_col + offset);
        if !cell.is_empty() {
            findings.push(ScheduleFinding::InsertedLine {
                location: cell.location,
                code,
                raw: cell.raw,
            });
            return;
        }
    }
}

/// Says so when the quantity on a line's row is not the tender's.
fn altered_quantity(
    sheet: &Sheet<'_>,
    row: u32,
    code_col: u32,
    code: &str,
    expected: Decimal,
    findings: &mut Vec<ScheduleFinding>,
) {
    let cell = sheet.classify(row, code_col + QUANTITY_OFFSET);
    let same =
        matches!(cell.content, CellContent::Number(q) if q.normalize() == expected.normalize());
    if !same {
        findings.push(ScheduleFinding::QuantityAltered {
            code: code.to_owned(),
            location: cell.location,
            expected,
            found: cell.raw,
        });
    }
}

//! The sheet of a unit-price schedule lot: tranches and BPU lines in one table (the
//! design is explained in [`crate::bpu::schedule_layout`]). The codes, designations,
//! units and quantities are the buyer's and locked; the prices and amounts are the
//! bidder's.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Worksheet, XlsxError,
};

use super::{Formats, LABEL_WIDTH, protection};
use crate::bpu::layout::{self, HEADER_ROW};
use crate::bpu::schedule_layout::{self as sl, Row};
use crate::tender::schedule::Schedule;
use crate::tender::{Lot, Tender};

/// A quantity as the buyer wrote it (`12.5`), locked and shaded.
fn quantity_format() -> Format {
    Format::new()
        .set_border(rust_xlsxwriter::FormatBorder::Thin)
        .set_border_color(rust_xlsxwriter::Color::RGB(0xA6A6A6))
        .set_background_color(rust_xlsxwriter::Color::RGB(super::LOCKED_FILL))
        .set_num_format("#,##0.###")
}

pub(super) fn sheet(
    ws: &mut Worksheet,
    tender: &Tender,
    lot: &Lot,
    schedule: &Schedule,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(layout::lot_sheet_name(&lot.id))?;
    for (col, width) in [(0, 9), (1, LABEL_WIDTH), (2, 10), (3, 12), (4, 20), (5, 20)] {
        ws.set_column_width(col, width)?;
    }
    ws.write_string_with_format(0, 0, format!("Lot {} — {}", lot.id, lot.title), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!("Consultation {} — {}", tender.reference, tender.name),
        &f.subtitle,
    )?;
    ws.write_string_with_format(
        2,
        0,
        "NB : indiquez un prix pour chaque ligne, en euros hors taxes (HT). Les quantités sont fixées par l'acheteur. \
         Le montant de chaque ligne est vérifié : en cas de désaccord, le prix unitaire fait foi.",
        &f.note,
    )?;
    let h = HEADER_ROW;
    ws.set_row_height(h, 32)?;
    let headers = [
        layout::CODE_HEADER,
        layout::LABEL_HEADER,
        layout::UNIT_HEADER,
        sl::QUANTITY_HEADER,
        sl::PRICE_HEADER,
        sl::TOTAL_HEADER,
    ];
    for (col, text) in (0u16..).zip(headers) {
        ws.write_string_with_format(h, col, text, &f.header)?;
    }
    let quantity = quantity_format();
    let mut first_input = None;
    let mut last_input = h;
    for (row, r) in (h + 1..).zip(sl::rows(schedule)) {
        let (code, label, unit, qty) = match r {
            Row::Heading(text) => {
                ws.write_string_with_format(
                    row,
                    sl::LABEL_OFFSET as u16,
                    text,
                    &f.candidate_label,
                )?;
                continue;
            }
            Row::Tranche(t) => {
                let (unit, qty) = sl::tranche_unit(t);
                (t.id.as_str(), sl::tranche_label(t), unit.to_owned(), qty)
            }
            Row::Item(i) => (
                i.code.as_str(),
                i.designation.clone(),
                i.unit.clone(),
                i.quantity,
            ),
        };
        ws.write_string_with_format(row, 0, code, &f.code)?;
        ws.write_string_with_format(row, sl::LABEL_OFFSET as u16, label, &f.label)?;
        ws.write_string_with_format(row, sl::UNIT_OFFSET as u16, unit, &f.unit)?;
        // The nearest float: the reader reads it back through its shortest decimal,
        // which is the quantity as written (at most 10^9, few decimals).
        let q = qty.to_f64().unwrap_or(0.0);
        ws.write_number_with_format(row, sl::QUANTITY_OFFSET as u16, q, &quantity)?;
        ws.write_blank(row, sl::PRICE_OFFSET as u16, &f.money_input)?;
        ws.write_blank(row, sl::TOTAL_OFFSET as u16, &f.money_input)?;
        first_input.get_or_insert(row);
        last_input = row;
    }
    if let Some(first) = first_input {
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
            .set_input_title("Montant en € HT")?
            .set_input_message("Prix en euros hors taxes.")?
            .set_error_title("Montant invalide")?
            .set_error_message("Saisissez un montant positif ou nul, en euros HT.")?
            .set_error_style(DataValidationErrorStyle::Stop);
        ws.add_data_validation(
            first,
            sl::PRICE_OFFSET as u16,
            last_input,
            sl::TOTAL_OFFSET as u16,
            &rule,
        )?;
    }
    ws.set_freeze_panes(h + 1, sl::QUANTITY_OFFSET as u16)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    ws.protect_with_options(&protection());
    Ok(())
}

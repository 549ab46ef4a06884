//! Writes the price schedule (BPU) workbook that bidders fill in.
//!
//! The cells a bidder fills are unlocked and tinted; everything else (codes, labels, the
//! pre-filled bases 1.4.q and 1.5.q) is locked by sheet protection and shaded grey.
//! Validation rules guide a bidder who types (no negative price, whole quotas) but not
//! one who pastes: the reader checks everything again.
//!
//! A lot with a band tariff gets a block of its own under its items: one row per band,
//! one price column headed `Tarif par tranche` (the design is explained in
//! [`super::layout`]). A lot without one is written exactly as before.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};

mod schedule;

use super::layout::{self, CandidateField, ItemKind, SheetRow};
use crate::lang::Lang;
use crate::tender::{BandMeasure, Bands, Tender};

#[derive(Debug, thiserror::Error)]
#[error("the template could not be written: {0}")]
pub struct TemplateError(#[from] XlsxError);

const INPUT_FILL: u32 = 0xFFF9DB;
/// Width of the label column, in characters: the longest label fits on one line.
const LABEL_WIDTH: u16 = 66;
const LOCKED_FILL: u32 = 0xE7E6E6;
const HEADER_FILL: u32 = 0xD9E1F2;

struct Formats {
    title: Format,
    subtitle: Format,
    note: Format,
    header: Format,
    code: Format,
    label: Format,
    unit: Format,
    or: Format,
    money_input: Format,
    count_input: Format,
    basis: Format,
    text_input: Format,
    candidate_label: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xA6A6A6))
        };
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            subtitle: Format::new().set_italic(),
            note: Format::new()
                .set_font_color(Color::RGB(0xC00000))
                .set_bold(),
            header: cell()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            code: cell()
                .set_bold()
                .set_background_color(Color::RGB(LOCKED_FILL)),
            label: cell()
                .set_text_wrap()
                .set_background_color(Color::RGB(LOCKED_FILL)),
            unit: cell()
                .set_background_color(Color::RGB(LOCKED_FILL))
                .set_align(FormatAlign::Center),
            or: Format::new().set_italic().set_align(FormatAlign::Center),
            money_input: cell()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL))
                .set_num_format("#,##0.00\\ \"€\""),
            count_input: cell()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL))
                .set_num_format("#,##0"),
            basis: cell()
                .set_background_color(Color::RGB(LOCKED_FILL))
                .set_num_format("#,##0"),
            text_input: cell()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL)),
            candidate_label: cell()
                .set_bold()
                .set_background_color(Color::RGB(LOCKED_FILL)),
        }
    }
}

/// The file name the template is saved under: `BPU-<reference>.xlsx`, with characters
/// that file systems refuse replaced by `_`.
pub fn file_name(tender: &Tender) -> String {
    let safe: String = tender
        .reference
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("BPU-{safe}.xlsx")
}

/// The workbook's bytes. The same tender always gives the same bytes.
pub fn write(tender: &Tender) -> Result<Vec<u8>, TemplateError> {
    let f = Formats::new();
    let mut workbook = Workbook::new();
    // A fixed date keeps the output deterministic.
    let date = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("BPU {} — {}", tender.reference, tender.name))
            .set_subject("Bordereau des prix unitaires")
            .set_creation_datetime(&date),
    );
    candidate_sheet(workbook.add_worksheet(), tender, &f)?;
    for lot in &tender.lots {
        match &lot.schedule {
            Some(s) => schedule::sheet(workbook.add_worksheet(), tender, lot, s, &f)?,
            None => lot_sheet(workbook.add_worksheet(), tender, lot, &f)?,
        }
    }
    Ok(workbook.save_to_buffer()?)
}

fn protection() -> ProtectionOptions {
    // Bidders may widen columns and rows to read, but not restructure the sheet.
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    }
}

fn candidate_sheet(ws: &mut Worksheet, tender: &Tender, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(layout::CANDIDATE_SHEET)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(0, 0, "Identification du candidat", &f.title)?;
    ws.write_string_with_format(1, 0, layout::CONSULTATION_LABEL, &f.subtitle)?;
    ws.write_string_with_format(
        1,
        1,
        format!("{} — {}", tender.reference, tender.name),
        &f.subtitle,
    )?;
    for field in CandidateField::ALL {
        let cell = field.value_cell();
        ws.write_string_with_format(cell.row, 0, field.label(), &f.candidate_label)?;
        ws.write_blank(cell.row, cell.col as u16, &f.text_input)?;
    }
    let after = CandidateField::OtherIdentifierType.value_cell().row + 2;
    ws.write_string_with_format(
        after,
        0,
        "Indiquez les lots auxquels vous répondez (par exemple : 1, 5, 12) et remplissez la feuille « Lot … » de chacun. \
         Les cellules grisées ne se modifient pas.",
        &f.note,
    )?;
    ws.set_print_fit_to_pages(1, 0);
    ws.protect_with_options(&protection());
    ws.set_active(true);
    Ok(())
}

fn lot_sheet(
    ws: &mut Worksheet,
    tender: &Tender,
    lot: &crate::tender::Lot,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(layout::lot_sheet_name(&lot.id))?;
    ws.set_column_width(0, 9)?;
    ws.set_column_width(1, LABEL_WIDTH)?;
    ws.set_column_width(2, 14)?;
    ws.write_string_with_format(0, 0, format!("Lot {} — {}", lot.id, lot.title), &f.title)?;
    ws.write_string_with_format(
        1,
        0,
        format!("Consultation {} — {}", tender.reference, tender.name),
        &f.subtitle,
    )?;
    let mut note = String::from(
        "NB : le candidat choisit un seul mode de tarification (1.1, 1.2, 1.3, 1.4 ou 1.5) et remplit ses seules lignes, \
         pour chaque périmètre auquel il répond. Prix en euros hors taxes (HT), par an.",
    );
    if lot.bands.is_some() {
        note.push_str(" Remplissez aussi le tarif par tranche, sous le tableau.");
    }
    ws.write_string_with_format(2, 0, note, &f.note)?;
    let h = layout::HEADER_ROW;
    ws.set_row_height(h, 32)?;
    ws.write_string_with_format(h, 0, layout::CODE_HEADER, &f.header)?;
    ws.write_string_with_format(h, 1, layout::LABEL_HEADER, &f.header)?;
    ws.write_string_with_format(h, 2, layout::UNIT_HEADER, &f.header)?;
    for (i, scope) in tender.scopes.iter().enumerate() {
        let col = (layout::FIRST_SCOPE_COL as usize + i) as u16;
        ws.set_column_width(col, 26)?;
        ws.write_string_with_format(h, col, layout::scope_header(scope), &f.header)?;
    }
    let last_col = (layout::FIRST_SCOPE_COL as usize + tender.scopes.len() - 1) as u16;

    let money_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Montant en € HT")?
        .set_input_message(
            "Montant annuel en euros hors taxes. Laissez vide si vous ne retenez pas ce mode.",
        )?
        .set_error_title("Montant invalide")?
        .set_error_message("Saisissez un montant positif ou nul, en euros HT.")?
        .set_error_style(DataValidationErrorStyle::Stop);
    let count_rule = DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_input_title("Quantité")?
        .set_input_message("Nombre entier couvert par le prix global.")?
        .set_error_title("Quantité invalide")?
        .set_error_message("Saisissez un nombre entier positif.")?
        .set_error_style(DataValidationErrorStyle::Stop);

    for (row, sheet_row) in (h + 1..).zip(layout::sheet_rows()) {
        match sheet_row {
            SheetRow::Or => {
                ws.write_string_with_format(row, 1, "ou", &f.or)?;
            }
            SheetRow::Item(item) => {
                ws.write_string_with_format(row, 0, item.code, &f.code)?;
                ws.write_string_with_format(row, 1, item.label_fr, &f.label)?;
                ws.write_string_with_format(row, 2, item.unit_fr, &f.unit)?;
                for (i, scope) in tender.scopes.iter().enumerate() {
                    let col = (layout::FIRST_SCOPE_COL as usize + i) as u16;
                    match item.kind {
                        ItemKind::Money => {
                            ws.write_blank(row, col, &f.money_input)?;
                        }
                        ItemKind::Count => {
                            ws.write_blank(row, col, &f.count_input)?;
                        }
                        ItemKind::Basis => {
                            let value = layout::basis_value(tender, item, scope).unwrap_or(0);
                            ws.write_number_with_format(row, col, value as f64, &f.basis)?;
                        }
                    }
                }
                match item.kind {
                    ItemKind::Money => {
                        ws.add_data_validation(
                            row,
                            layout::FIRST_SCOPE_COL as u16,
                            row,
                            last_col,
                            &money_rule,
                        )?;
                    }
                    ItemKind::Count => {
                        ws.add_data_validation(
                            row,
                            layout::FIRST_SCOPE_COL as u16,
                            row,
                            last_col,
                            &count_rule,
                        )?;
                    }
                    ItemKind::Basis => {}
                }
            }
        }
    }
    if let Some(bands) = &lot.bands {
        band_block(ws, bands, f)?;
    }
    ws.set_freeze_panes(h + 1, layout::FIRST_SCOPE_COL as u16)?;
    // Printed on one page width, in landscape, with the header on every page.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(h, h)?;
    ws.protect_with_options(&protection());
    Ok(())
}

/// The band tariff's block under a lot's items: a note, a header row, one row per band
/// with its price cell (unlocked, tinted, in euros, validated as the other prices).
fn band_block(ws: &mut Worksheet, bands: &Bands, f: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(
        layout::band_note_row(),
        0,
        layout::band_note(bands),
        &f.note,
    )?;
    let h = layout::band_header_row();
    let price_col = layout::BAND_PRICE_COL as u16;
    ws.set_row_height(h, 32)?;
    ws.write_string_with_format(h, 0, layout::CODE_HEADER, &f.header)?;
    ws.write_string_with_format(h, 1, layout::LABEL_HEADER, &f.header)?;
    ws.write_string_with_format(h, 2, layout::UNIT_HEADER, &f.header)?;
    ws.write_string_with_format(h, price_col, layout::BAND_HEADER, &f.header)?;
    let unit = match bands.measure {
        BandMeasure::Population => "sa population",
        BandMeasure::RegisteredUsers => "son nombre d'inscrits",
    };
    let rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Prix par tranche en € HT")?
        .set_input_message(format!(
            "Prix annuel en euros hors taxes pour tout périmètre de cette tranche, selon {unit}."
        ))?
        .set_error_title("Montant invalide")?
        .set_error_message("Saisissez un montant positif ou nul, en euros HT.")?
        .set_error_style(DataValidationErrorStyle::Stop);
    for band in 0..bands.limits.len() {
        let row = h + 1 + band as u32;
        let code = layout::band_code(bands.measure, band).unwrap_or("?");
        ws.write_string_with_format(row, 0, code, &f.code)?;
        ws.write_string_with_format(row, 1, layout::band_label(bands, band, Lang::Fr), &f.label)?;
        ws.write_string_with_format(row, 2, layout::BAND_UNIT, &f.unit)?;
        ws.write_blank(row, price_col, &f.money_input)?;
    }
    let last = h + bands.limits.len() as u32;
    ws.add_data_validation(h + 1, price_col, last, price_col, &rule)?;
    Ok(())
}

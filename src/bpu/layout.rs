//! The price schedule's shape: ONE definition of its sheets, headers, codes and rows,
//! used by the template writer, the reader and the filler, so they can never disagree.
//!
//! The reader does not rely on positions: it finds the header row, the code column and
//! the scope columns by their content, so a bidder who inserts rows or columns is still
//! read. Positions here are where the template puts things.
//!
//! # The band tariff
//!
//! A lot of the tender may ask for a flat yearly price per band of population (or of
//! registered users), so that the price of ANY perimeter is known: a sub-group, a commune
//! joining later, the coalitions of a Shapley split. A band's price does not depend on
//! the scope columns, so it is asked ONCE, in a block of its own under the lot's items:
//!
//! ```text
//! row 25  (blank)
//! row 26  Tarif par tranche de population : un prix annuel HT par tranche, …   (a note)
//! row 27  Code   | Désignation                                                | Unité | Tarif par tranche
//! row 28  1.5.b1 | Prix annuel forfaitaire, périmètre jusqu'à 5 000 habitants | € HT  | [input]
//! row 29  1.5.b2 | Prix annuel forfaitaire, périmètre de 5 001 à 10 000 habitants | € HT | [input]
//! …
//! ```
//!
//! The price column is the template's first scope column (D), right beside the labels,
//! under a header of its own. A column right of the last scope would sit out of sight
//! when the groupement has fifty members; the groupement's column may not exist
//! (`quote_for` without it) and a figure there reads as the groupement's own price. A
//! block of its own says plainly that the price is one per band, for any perimeter. The
//! reader finds the band rows by their codes and the price column by its header
//! (`Tarif par tranche`, the nearest above the first band row, possibly in the lot's
//! header row), so inserted rows and columns, other programs and CSV exports are read as
//! the items are. A lot without a band tariff is written exactly as before.

use crate::lang::Lang;
use crate::pricing::{PricingModel, Term};
use crate::source::CellRef;
use crate::tender::load::MAX_BANDS;
use crate::tender::{BandMeasure, Bands, Lot, Scope, Tender};

/// One row of a lot sheet: a price item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item {
    pub code: &'static str,
    pub model: PricingModel,
    pub term: Term,
    pub label_fr: &'static str,
    pub label_en: &'static str,
    pub unit_fr: &'static str,
    pub unit_en: &'static str,
    /// What kind of value the cell holds.
    pub kind: ItemKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// Euros HT, filled by the bidder.
    Money,
    /// A whole number filled by the bidder.
    Count,
    /// A whole number pre-filled by the buyer (1.4.q, 1.5.q): not the bidder's to change.
    Basis,
}

use ItemKind::{Basis, Count, Money};
use PricingModel::{
    ActiveAccounts, Consultations, Population, RegisteredUsers, SimultaneousAccesses,
};
use Term::{Price, Quota, Reduction, Surcharge};

/// The items, in the order of the sheet (docs/rules.md describes each model).
pub const ITEMS: [Item; 15] = [
    Item {
        code: "1.1",
        model: ActiveAccounts,
        term: Price,
        label_fr: "Prix global annuel, tarification selon le nombre de comptes utilisateurs actifs",
        label_en: "Global yearly price, by active user accounts",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.1.q",
        model: ActiveAccounts,
        term: Quota,
        label_fr: "Nombre de comptes associé au prix global",
        label_en: "Number of accounts covered",
        unit_fr: "comptes",
        unit_en: "accounts",
        kind: Count,
    },
    Item {
        code: "1.1.pv",
        model: ActiveAccounts,
        term: Surcharge,
        label_fr: "Plus-value pour 1 000 comptes en plus du quota",
        label_en: "Surcharge per 1,000 accounts above the quota",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.1.mv",
        model: ActiveAccounts,
        term: Reduction,
        label_fr: "Moins-value pour 1 000 comptes en moins du quota",
        label_en: "Reduction per 1,000 accounts below the quota",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.2",
        model: SimultaneousAccesses,
        term: Price,
        label_fr: "Prix global annuel, tarification selon le nombre d'accès simultanés",
        label_en: "Global yearly price, by simultaneous accesses",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.2.q",
        model: SimultaneousAccesses,
        term: Quota,
        label_fr: "Nombre d'accès simultanés associé au prix global",
        label_en: "Number of simultaneous accesses covered",
        unit_fr: "accès",
        unit_en: "accesses",
        kind: Count,
    },
    Item {
        code: "1.2.pv",
        model: SimultaneousAccesses,
        term: Surcharge,
        label_fr: "Plus-value pour 1 accès en plus du quota",
        label_en: "Surcharge per access above the quota",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.2.mv",
        model: SimultaneousAccesses,
        term: Reduction,
        label_fr: "Moins-value pour 1 accès en moins du quota",
        label_en: "Reduction per access below the quota",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.3",
        model: Consultations,
        term: Price,
        label_fr: "Prix global annuel, tarification selon le nombre de consultations",
        label_en: "Global yearly price, by consultations",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.3.q",
        model: Consultations,
        term: Quota,
        label_fr: "Nombre de consultations associé au prix global",
        label_en: "Number of consultations covered",
        unit_fr: "consultations",
        unit_en: "consultations",
        kind: Count,
    },
    Item {
        code: "1.3.pv",
        model: Consultations,
        term: Surcharge,
        label_fr: "Prix par consultation au-delà du quota (facultatif)",
        label_en: "Price per consultation beyond the quota (optional)",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.4",
        model: RegisteredUsers,
        term: Price,
        label_fr: "Prix forfaitaire annuel, tarification selon le nombre d'usagers inscrits",
        label_en: "Flat yearly price, by registered library users",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.4.q",
        model: RegisteredUsers,
        term: Quota,
        label_fr: "Inscrits du périmètre (rempli par l'acheteur)",
        label_en: "Registered users of the scope (filled by the buyer)",
        unit_fr: "inscrits",
        unit_en: "users",
        kind: Basis,
    },
    Item {
        code: "1.5",
        model: Population,
        term: Price,
        label_fr: "Prix forfaitaire annuel, tarification selon la population desservie",
        label_en: "Flat yearly price, by population served",
        unit_fr: "€ HT",
        unit_en: "€ excl. VAT",
        kind: Money,
    },
    Item {
        code: "1.5.q",
        model: Population,
        term: Quota,
        label_fr: "Population du périmètre (remplie par l'acheteur)",
        label_en: "Population of the scope (filled by the buyer)",
        unit_fr: "habitants",
        unit_en: "inhabitants",
        kind: Basis,
    },
];

/// The item of a code, as written in the `Code` column (surrounding spaces ignored).
pub fn item_by_code(code: &str) -> Option<&'static Item> {
    let code = code.trim();
    ITEMS.iter().find(|i| i.code == code)
}

pub fn item(model: PricingModel, term: Term) -> Option<&'static Item> {
    ITEMS.iter().find(|i| i.model == model && i.term == term)
}

/// The sheet identifying the bidder.
pub const CANDIDATE_SHEET: &str = "Candidat";

/// The fields of the `Candidat` sheet: label in column A, value in column B.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CandidateField {
    LegalName,
    Siret,
    Contact,
    Email,
    /// The lots the bidder answers, as a list (`1, 5, 12`).
    Lots,
    /// The platform's Mozilla Observatory grade (A+ … F), when the buyer asks for one.
    SecurityGrade,
    /// A bidder without a SIRET (a foreign publisher): its VAT number or other
    /// identifier, published in the open data with its type.
    OtherIdentifier,
    /// The type of that identifier, as the DECP names them (TVA, HORS-UE, …).
    OtherIdentifierType,
}

impl CandidateField {
    pub const ALL: [CandidateField; 8] = [
        CandidateField::LegalName,
        CandidateField::Siret,
        CandidateField::Contact,
        CandidateField::Email,
        CandidateField::Lots,
        CandidateField::SecurityGrade,
        CandidateField::OtherIdentifier,
        CandidateField::OtherIdentifierType,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CandidateField::LegalName => "Raison sociale",
            CandidateField::Siret => "SIRET",
            CandidateField::Contact => "Contact",
            CandidateField::Email => "Courriel",
            CandidateField::Lots => "Lots auxquels le candidat répond",
            CandidateField::SecurityGrade => "Note Mozilla Observatory (A+ à F)",
            CandidateField::OtherIdentifier => "Identifiant, à défaut de SIRET",
            CandidateField::OtherIdentifierType => {
                "Type de cet identifiant (TVA, TAHITI, RIDET, FRWF, IREP, HORS-UE)"
            }
        }
    }

    /// Where the template puts the value (column B).
    pub fn value_cell(self) -> CellRef {
        let row = CANDIDATE_FIRST_ROW
            + CandidateField::ALL
                .iter()
                .position(|f| *f == self)
                .unwrap_or(0) as u32;
        CellRef::new(row, 1)
    }
}

/// The label of the `Candidat` sheet's line naming the consultation (reference — name),
/// pre-filled by the template: a workbook naming another consultation is the wrong file.
pub const CONSULTATION_LABEL: &str = "Consultation";

/// The row of the first candidate field in the template.
pub const CANDIDATE_FIRST_ROW: u32 = 3;

/// A lot's sheet name.
pub fn lot_sheet_name(lot_id: &str) -> String {
    format!("Lot {lot_id}")
}

/// The header of a scope's column: its name, then its id in brackets.
pub fn scope_header(scope: &Scope) -> String {
    format!("{} [{}]", scope.name, scope.id)
}

/// The header text of the code column, and of the two columns after it.
pub const CODE_HEADER: &str = "Code";
pub const LABEL_HEADER: &str = "Désignation";
pub const UNIT_HEADER: &str = "Unité";

/// Row of the header in the template (zero-based: row 5 in the spreadsheet).
pub const HEADER_ROW: u32 = 4;
/// Column of the first scope in the template (D).
pub const FIRST_SCOPE_COL: u32 = 3;

/// A row of a lot sheet in the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetRow {
    Item(&'static Item),
    /// `ou` between two models: the bidder fills one.
    Or,
}

/// The rows under the header, in order.
pub fn sheet_rows() -> Vec<SheetRow> {
    let mut rows = Vec::new();
    for (i, item) in ITEMS.iter().enumerate() {
        if i > 0 && item.term == Term::Price {
            rows.push(SheetRow::Or);
        }
        rows.push(SheetRow::Item(item));
    }
    rows
}

/// Where the template puts the cell of an item for a scope (the scope's index among the
/// tender's scopes).
pub fn item_cell(model: PricingModel, term: Term, scope_index: usize) -> Option<CellRef> {
    let offset = sheet_rows()
        .iter()
        .position(|r| matches!(r, SheetRow::Item(i) if i.model == model && i.term == term))?;
    Some(CellRef::new(
        HEADER_ROW + 1 + offset as u32,
        FIRST_SCOPE_COL + scope_index as u32,
    ))
}

/// The value a basis row holds for a scope: what the template pre-fills.
pub fn basis_value(tender: &Tender, item: &Item, scope: &Scope) -> Option<u64> {
    if item.kind != ItemKind::Basis {
        return None;
    }
    let (population, registered_users) = tender.scope_size(scope);
    match item.model {
        RegisteredUsers => Some(registered_users),
        Population => Some(population),
        _ => None,
    }
}

// The band tariff (see the module's documentation).

/// The header of the band tariff's price column (the reader accepts any text starting
/// with it, in any case: `Tarif par tranche (€ HT)`).
pub const BAND_HEADER: &str = "Tarif par tranche";

/// Whether a header cell names the band tariff's price column.
pub fn is_band_header(text: &str) -> bool {
    let mut words = text.split_whitespace();
    BAND_HEADER
        .split_whitespace()
        .all(|w| words.next().is_some_and(|x| x.eq_ignore_ascii_case(w)))
}

/// The codes of the bands, by measure: `1.5.b1` … (population), `1.4.b1` … (registered
/// users), after the flat models they extend. Static, so that a finding can name one.
const POPULATION_BAND_CODES: [&str; MAX_BANDS] = [
    "1.5.b1", "1.5.b2", "1.5.b3", "1.5.b4", "1.5.b5", "1.5.b6", "1.5.b7", "1.5.b8", "1.5.b9",
    "1.5.b10", "1.5.b11", "1.5.b12", "1.5.b13", "1.5.b14", "1.5.b15", "1.5.b16", "1.5.b17",
    "1.5.b18", "1.5.b19", "1.5.b20", "1.5.b21", "1.5.b22", "1.5.b23", "1.5.b24", "1.5.b25",
    "1.5.b26", "1.5.b27", "1.5.b28", "1.5.b29", "1.5.b30",
];
const REGISTERED_USERS_BAND_CODES: [&str; MAX_BANDS] = [
    "1.4.b1", "1.4.b2", "1.4.b3", "1.4.b4", "1.4.b5", "1.4.b6", "1.4.b7", "1.4.b8", "1.4.b9",
    "1.4.b10", "1.4.b11", "1.4.b12", "1.4.b13", "1.4.b14", "1.4.b15", "1.4.b16", "1.4.b17",
    "1.4.b18", "1.4.b19", "1.4.b20", "1.4.b21", "1.4.b22", "1.4.b23", "1.4.b24", "1.4.b25",
    "1.4.b26", "1.4.b27", "1.4.b28", "1.4.b29", "1.4.b30",
];

fn band_codes(measure: BandMeasure) -> &'static [&'static str; MAX_BANDS] {
    match measure {
        BandMeasure::Population => &POPULATION_BAND_CODES,
        BandMeasure::RegisteredUsers => &REGISTERED_USERS_BAND_CODES,
    }
}

/// The code of band `band` (0-based): `1.5.b1` for the first population band.
pub fn band_code(measure: BandMeasure, band: usize) -> Option<&'static str> {
    band_codes(measure).get(band).copied()
}

/// The measure and band (0-based) of a band code as written in the `Code` column
/// (surrounding spaces and case ignored: `1.5.B2` is band 1 of population). `None` for
/// anything else, and for a band past [`MAX_BANDS`].
pub fn band_by_code(code: &str) -> Option<(BandMeasure, usize)> {
    let code = code.trim();
    let prefix = code.get(..5)?;
    let measure = [BandMeasure::Population, BandMeasure::RegisteredUsers]
        .into_iter()
        .find(|m| band_codes(*m)[0][..5].eq_ignore_ascii_case(prefix))?;
    let number = &code[5..];
    if number.is_empty() || number.len() > 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let band = number.parse::<usize>().ok()?.checked_sub(1)?;
    (band < MAX_BANDS).then_some((measure, band))
}

/// The unit a band measure counts: `habitants`, `inscrits`.
pub fn band_unit(measure: BandMeasure, lang: Lang) -> &'static str {
    match measure {
        BandMeasure::Population => lang.pick("habitants", "inhabitants"),
        BandMeasure::RegisteredUsers => lang.pick("inscrits", "registered users"),
    }
}

/// What a band covers: `jusqu'à 5 000 habitants`, `de 5 001 à 10 000 habitants`,
/// `plus de 200 000 habitants` (`tout périmètre` when there is one band only).
pub fn band_range(bands: &Bands, band: usize, lang: Lang) -> String {
    let unit = band_unit(bands.measure, lang);
    let q = |n: u64| crate::money::quantity(n, lang);
    let (first, last) = bands.bounds(band);
    match (band, last) {
        (0, None) => lang.pick("tout périmètre", "any perimeter").to_owned(),
        (0, Some(last)) => format!("{} {} {unit}", lang.pick("jusqu'à", "up to"), q(last)),
        (_, None) => format!(
            "{} {} {unit}",
            lang.pick("plus de", "more than"),
            q(first - 1)
        ),
        (_, Some(last)) if last == first => format!("{} {unit}", q(first)),
        (_, Some(last)) => match lang {
            Lang::Fr => format!("de {} à {} {unit}", q(first), q(last)),
            Lang::En => format!("{} to {} {unit}", q(first), q(last)),
        },
    }
}

/// The designation of a band's row: `Prix annuel forfaitaire, périmètre de 5 001 à
/// 10 000 habitants` (`jusqu'à 5 000 habitants` for the first band, `de plus de 200 000
/// habitants` for the last).
pub fn band_label(bands: &Bands, band: usize, lang: Lang) -> String {
    let range = band_range(bands, band, lang);
    let (first, last) = bands.bounds(band);
    let perimeter = match (band, last, lang) {
        (0, None, _) => range,
        // `jusqu'à …`, `de … à …`
        (0, Some(_), Lang::Fr) => format!("périmètre {range}"),
        (_, Some(last), Lang::Fr) if last != first => format!("périmètre {range}"),
        // `plus de …`, a band of one value
        (_, _, Lang::Fr) => format!("périmètre de {range}"),
        (_, _, Lang::En) => format!("perimeter of {range}"),
    };
    format!(
        "{}, {perimeter}",
        lang.pick("Prix annuel forfaitaire", "Flat yearly price")
    )
}

/// The unit of a band's price.
pub const BAND_UNIT: &str = "€ HT";

/// The note above the band block, in the template.
pub fn band_note(bands: &Bands) -> String {
    let (what, measure) = match bands.measure {
        BandMeasure::Population => ("population", "sa population"),
        BandMeasure::RegisteredUsers => ("usagers inscrits", "son nombre d'inscrits"),
    };
    format!(
        "Tarif par tranche de {what} : un prix annuel HT par tranche, valable pour tout périmètre (membre, groupe, \
         commune qui rejoint le groupement) selon {measure}, quel que soit le mode choisi ci-dessus."
    )
}

/// The row of the band block's note in the template: one blank row after the items.
pub fn band_note_row() -> u32 {
    HEADER_ROW + sheet_rows().len() as u32 + 2
}

/// The row of the band block's header (`Code`, `Désignation`, `Unité`, `Tarif par
/// tranche`) in the template.
pub fn band_header_row() -> u32 {
    band_note_row() + 1
}

/// The column of the band prices in the template (D, the first scope column's).
pub const BAND_PRICE_COL: u32 = FIRST_SCOPE_COL;

/// Where the template puts the price of band `band` (0-based) of a lot with bands.
pub fn band_cell(lot: &Lot, band: usize) -> Option<CellRef> {
    let bands = lot.bands.as_ref()?;
    (band < bands.limits.len())
        .then(|| CellRef::new(band_header_row() + 1 + band as u32, BAND_PRICE_COL))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands(measure: BandMeasure, limits: &[u64]) -> Bands {
        Bands {
            measure,
            limits: limits.to_vec(),
        }
    }

    #[test]
    fn band_codes_are_read_as_written() {
        assert_eq!(band_by_code("1.5.b1"), Some((BandMeasure::Population, 0)));
        assert_eq!(
            band_by_code(" 1.4.B12 "),
            Some((BandMeasure::RegisteredUsers, 11))
        );
        assert_eq!(band_by_code("1.5.b30"), Some((BandMeasure::Population, 29)));
        assert_eq!(band_by_code("1.5.b31"), None);
        assert_eq!(band_by_code("1.5.b0"), None);
        assert_eq!(band_by_code("1.5.b"), None);
        assert_eq!(band_by_code("1.5.bx"), None);
        assert_eq!(band_by_code("1.5.q"), None);
        assert_eq!(band_by_code("1.3.b1"), None);
        assert_eq!(band_by_code("1.5"), None);
        assert_eq!(band_by_code("é"), None);
        assert_eq!(band_code(BandMeasure::RegisteredUsers, 2), Some("1.4.b3"));
        assert_eq!(band_code(BandMeasure::Population, MAX_BANDS), None);
        for measure in [BandMeasure::Population, BandMeasure::RegisteredUsers] {
            for band in 0..MAX_BANDS {
                let code = band_code(measure, band).unwrap();
                assert_eq!(band_by_code(code), Some((measure, band)), "{code}");
            }
        }
    }

    #[test]
    fn band_labels_say_what_each_band_covers() {
        let b = bands(BandMeasure::RegisteredUsers, &[0, 1000, 1001, 5000]);
        assert_eq!(
            band_label(&b, 0, Lang::En),
            "Flat yearly price, perimeter of up to 1,000 registered users"
        );
        // A band of one value.
        assert_eq!(
            band_label(&b, 1, Lang::Fr),
            "Prix annuel forfaitaire, périmètre de 1\u{a0}001 inscrits"
        );
        assert_eq!(
            band_label(&b, 2, Lang::En),
            "Flat yearly price, perimeter of 1,002 to 5,000 registered users"
        );
        assert_eq!(
            band_label(&b, 3, Lang::En),
            "Flat yearly price, perimeter of more than 5,000 registered users"
        );
        // One band only: every perimeter.
        let one = bands(BandMeasure::Population, &[0]);
        assert_eq!(
            band_label(&one, 0, Lang::Fr),
            "Prix annuel forfaitaire, tout périmètre"
        );
        assert_eq!(band_range(&one, 0, Lang::En), "any perimeter");
    }

    #[test]
    fn the_band_header_is_told_from_its_words() {
        assert!(is_band_header("Tarif par tranche"));
        assert!(is_band_header("  TARIF  par tranche (€ HT)"));
        assert!(!is_band_header("Tarif"));
        assert!(!is_band_header("Tarif par périmètre"));
    }
}

//! The price schedule's shape: ONE definition of its sheets, headers, codes and rows,
//! used by the template writer, the reader and the filler, so they can never disagree.
//!
//! The reader does not rely on positions: it finds the header row, the code column and
//! the scope columns by their content, so a bidder who inserts rows or columns is still
//! read. Positions here are where the template puts things.

use crate::pricing::{PricingModel, Term};
use crate::source::CellRef;
use crate::tender::{Scope, Tender};

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

/// The items, in the order of the sheet (SPEC §3).
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
}

impl CandidateField {
    pub const ALL: [CandidateField; 6] = [
        CandidateField::LegalName,
        CandidateField::Siret,
        CandidateField::Contact,
        CandidateField::Email,
        CandidateField::Lots,
        CandidateField::SecurityGrade,
    ];

    pub fn label(self) -> &'static str {
        match self {
            CandidateField::LegalName => "Raison sociale",
            CandidateField::Siret => "SIRET",
            CandidateField::Contact => "Contact",
            CandidateField::Email => "Courriel",
            CandidateField::Lots => "Lots auxquels le candidat répond",
            CandidateField::SecurityGrade => "Note Mozilla Observatory (A+ à F)",
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

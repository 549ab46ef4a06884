//! A bidder's offer as written in its price schedule, before any calculation.
//!
//! This is the boundary between the file formats (`bpu::read` fills it from xlsx, ods,
//! xls or csv) and the rules (`pricing`, `award`), which never see a workbook. Each cell
//! keeps where it came from and what it showed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rust_decimal::Decimal;

use crate::bpu::number::NumberError;
use crate::pricing::{PricingModel, Term};
use crate::source::{Location, Sourced};

/// One bidder's answer: the lots it priced, read from one workbook or from CSV exports of
/// its lot sheets.
#[derive(Clone, Debug)]
pub struct Offer {
    /// The bidder's id: the slug of its file's name (`crate::source::slug`).
    pub bidder: String,
    /// The legal name given on the `Candidat` sheet, when given.
    pub bidder_name: Option<Sourced<String>>,
    /// The files the offer was read from (one workbook, or several CSV files).
    pub files: Vec<PathBuf>,
    /// The lots the bidder says it answers, on its `Candidat` sheet, when it says.
    pub declared_lots: Option<Sourced<Vec<String>>>,
    /// The security grade the bidder gives on its `Candidat` sheet, as written.
    pub security_grade: Option<Sourced<String>>,
    /// The bidder's identifiers on its `Candidat` sheet, as written.
    pub ids: CandidateIds,
    /// The lots found in the files, in the tender's lot order.
    pub lots: Vec<LotQuote>,
}

/// The identifiers a bidder gives on its `Candidat` sheet, as written: checked only
/// where they are published (`tender export`), which says which cell is wrong.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CandidateIds {
    pub siret: Option<Sourced<String>>,
    /// The identifier of a bidder without a SIRET, and its type.
    pub other: Option<Sourced<String>>,
    pub other_type: Option<Sourced<String>>,
}

impl Offer {
    pub fn lot(&self, lot: &str) -> Option<&LotQuote> {
        self.lots.iter().find(|l| l.lot == lot)
    }

    /// The file shown as the offer's source: the workbook, or the first CSV file.
    pub fn source(&self) -> Option<&PathBuf> {
        self.files.first()
    }
}

/// What a bidder wrote on one lot's sheet: one column of cells per scope.
#[derive(Clone, Debug)]
pub struct LotQuote {
    pub lot: String,
    /// Where the lot was read: the sheet (or CSV file).
    pub location: Location,
    /// One entry per scope column found, in the sheet's column order.
    pub scopes: Vec<ScopeQuote>,
    /// The band tariff's rows (`1.5.b1`… or `1.4.b1`…), entered once for the lot, not
    /// per scope.
    pub bands: BandQuote,
    /// The lines of a unit-price schedule lot (`kind = "schedule"`); `None` for a lot
    /// priced with the five models.
    pub schedule: Option<crate::pricing::schedule::ScheduleQuote>,
}

/// What a bidder wrote in a lot's band tariff: one flat yearly price per band of the
/// tender's grid, whatever the perimeter (see `bpu::layout` for the block's design).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BandQuote {
    /// Where the band price column's header (`Tarif par tranche`) was found; `None` when
    /// the sheet has none (its band prices cannot be read).
    pub header: Option<Location>,
    /// One entry per band the tender asks for in this lot, in order: the cell of the
    /// band's row in the price column; `None` when the row (or the column) is missing.
    /// Empty when the tender asks no band tariff for the lot.
    pub prices: Vec<Option<QuoteCell>>,
    /// Filled band rows the tender does not ask for (a lot without bands, the other
    /// measure, a band past the last): read, said, and not used.
    pub unasked: Vec<UnaskedBand>,
    /// Band prices given twice (a band row repeated, or a second price column holding
    /// figures): which one is the offer cannot be told.
    pub conflicts: Vec<Conflict>,
}

impl BandQuote {
    /// Whether any band price cell the tender asks for holds anything.
    pub fn any_filled(&self) -> bool {
        self.prices.iter().flatten().any(|c| !c.is_empty())
    }
}

/// A band row the tender does not ask for, with something in its price cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnaskedBand {
    /// The row's code, as the layout spells it (`1.5.b8`).
    pub code: &'static str,
    pub cell: QuoteCell,
}

/// The cells of one scope column, keyed by model and term. A key is absent when the
/// item's row is missing from the sheet.
#[derive(Clone, Debug)]
pub struct ScopeQuote {
    pub scope: String,
    /// Where the column's header was found.
    pub header: Location,
    pub cells: BTreeMap<(PricingModel, Term), QuoteCell>,
    /// Figures given twice for this scope (a code row or the scope's column repeated):
    /// which one is the offer cannot be told.
    pub conflicts: Vec<Conflict>,
}

/// A figure given twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// A second row with the same code holds a figure for the scope (`location`); the
    /// first row is at `first`.
    DuplicateRow {
        code: &'static str,
        location: Location,
        first: Location,
    },
    /// A second column for the same scope holds figures; the first column's header is at
    /// `first`.
    DuplicateColumn { location: Location, first: Location },
}

impl ScopeQuote {
    pub fn cell(&self, model: PricingModel, term: Term) -> Option<&QuoteCell> {
        self.cells.get(&(model, term))
    }
}

/// A cell as the bidder left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuoteCell {
    pub content: CellContent,
    pub location: Location,
    /// What the cell showed (empty for an empty cell).
    pub raw: String,
    /// The text said the figure includes VAT (`TTC`).
    pub vat_included: bool,
}

impl QuoteCell {
    pub fn is_empty(&self) -> bool {
        matches!(self.content, CellContent::Empty)
    }
}

/// The kinds of content a price cell can hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellContent {
    Empty,
    Number(Decimal),
    /// Filled, but not with a usable number.
    Invalid(InvalidValue),
}

/// Why a filled cell is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvalidValue {
    /// Text that is not a number (the reason says why).
    Text(NumberError),
    /// A spreadsheet error value such as `#REF!` (a broken formula).
    ErrorValue(String),
    /// A date or time.
    Date,
    /// TRUE or FALSE.
    Boolean,
    /// A formula whose result was not saved with the file: its value is unknown (it is
    /// not 0).
    FormulaWithoutValue,
}

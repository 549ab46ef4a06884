//! The sheet of a unit-price schedule lot (`kind = "schedule"`): ONE definition of its
//! rows and columns, used by the template writer, the reader and the filler.
//!
//! ```text
//! row 5   Code | Désignation                        | Unité   | Quantité | Prix unitaire € HT | Montant € HT
//! row 6        | Partie forfaitaire : tranches      (a heading)
//! row 7   TF1  | Reprise de l'existant (ferme)      | forfait | 1        | [input]            | [input]
//! row 8   TF2  | Infogérance courante (ferme)       | mois    | 36       | [input]            | [input]
//! row 9        | Partie à bons de commande : …      (a heading)
//! row 10       | Interventions                      (a section, when items have one)
//! row 11  A01  | Intervention sur site              | jour    | 40       | [input]            | [input]
//! ```
//!
//! One table holds both parts, so one header and one way of reading serve them: a row's
//! code says which line it is. For a tranche, the quantity is its number of payments (1
//! for a milestone, its months when paid monthly) and the price is the lump sum or the
//! monthly price; for an item, the quantity is the DQE's yearly estimate. The quantities
//! are the buyer's (locked); the bidder fills the price and may fill the amount, which
//! is checked against price × quantity (the price wins). The reader finds the header by
//! its `Code` cell and the rows by their codes, so rows moved or inserted are read.

use rust_decimal::Decimal;

use super::layout::HEADER_ROW;
use crate::source::CellRef;
use crate::tender::schedule::{Item, Payment, Schedule, Tranche, TrancheKind};

/// The columns after the code's (the template puts the code in column A).
pub const LABEL_OFFSET: u32 = 1;
pub const UNIT_OFFSET: u32 = 2;
pub const QUANTITY_OFFSET: u32 = 3;
pub const PRICE_OFFSET: u32 = 4;
pub const TOTAL_OFFSET: u32 = 5;

pub const QUANTITY_HEADER: &str = "Quantité";
pub const PRICE_HEADER: &str = "Prix unitaire € HT";
pub const TOTAL_HEADER: &str = "Montant € HT";

pub const TRANCHES_HEADING: &str = "Partie forfaitaire : tranches (prix forfaitaire, ou prix mensuel pour une tranche payée au mois)";
pub const ITEMS_HEADING: &str = "Partie à bons de commande : bordereau des prix unitaires, quantités estimatives annuelles (DQE)";

/// A row of a schedule sheet in the template, under the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row<'s> {
    /// A heading: a part, or an items' section.
    Heading(&'s str),
    Tranche(&'s Tranche),
    Item(&'s Item),
}

/// The rows under the header, in order.
pub fn rows(schedule: &Schedule) -> Vec<Row<'_>> {
    let mut rows = Vec::new();
    if !schedule.tranches.is_empty() {
        rows.push(Row::Heading(TRANCHES_HEADING));
        rows.extend(schedule.tranches.iter().map(Row::Tranche));
    }
    if !schedule.items.is_empty() {
        rows.push(Row::Heading(ITEMS_HEADING));
        let mut section: Option<&str> = None;
        for item in &schedule.items {
            if let Some(s) = item.section.as_deref()
                && section != Some(s)
            {
                rows.push(Row::Heading(s));
                section = Some(s);
            }
            rows.push(Row::Item(item));
        }
    }
    rows
}

/// The template's row of a line (an item's code or a tranche's id).
pub fn row_of(schedule: &Schedule, code: &str) -> Option<u32> {
    rows(schedule)
        .iter()
        .position(|r| match r {
            Row::Tranche(t) => t.id == code,
            Row::Item(i) => i.code == code,
            Row::Heading(_) => false,
        })
        .map(|i| HEADER_ROW + 1 + i as u32)
}

/// The template's price cell of a line.
pub fn price_cell(schedule: &Schedule, code: &str) -> Option<CellRef> {
    row_of(schedule, code).map(|r| CellRef::new(r, PRICE_OFFSET))
}

/// The template's amount cell of a line.
pub fn total_cell(schedule: &Schedule, code: &str) -> Option<CellRef> {
    row_of(schedule, code).map(|r| CellRef::new(r, TOTAL_OFFSET))
}

/// A tranche's label: its title and whether it is firm or conditional.
pub fn tranche_label(t: &Tranche) -> String {
    let kind = match t.kind {
        TrancheKind::Firm => "tranche ferme",
        TrancheKind::Conditional => "tranche optionnelle",
    };
    match t.payment {
        Payment::Milestone { month } => format!("{} ({kind}, payée au mois {month})", t.title),
        // The same monthly price is paid on in each renewal: the bidder must know it.
        Payment::Monthly { from, to } if t.in_renewals => format!(
            "{} ({kind}, payée chaque mois, du mois {from} au mois {to}, puis chaque mois des reconductions)",
            t.title
        ),
        Payment::Monthly { from, to } => {
            format!(
                "{} ({kind}, payée chaque mois, du mois {from} au mois {to})",
                t.title
            )
        }
    }
}

/// A tranche's unit and quantity: one lump sum, or a price per month for its months.
pub fn tranche_unit(t: &Tranche) -> (&'static str, Decimal) {
    match t.payment {
        Payment::Milestone { .. } => ("forfait", Decimal::ONE),
        Payment::Monthly { .. } => ("mois", Decimal::from(t.payment.payments())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule() -> Schedule {
        let item = |code: &str, section: Option<&str>| Item {
            code: code.into(),
            designation: code.into(),
            unit: "jour".into(),
            quantity: Decimal::ONE,
            section: section.map(Into::into),
        };
        Schedule {
            start: None,
            months: 36,
            items: vec![
                item("A1", Some("Interventions")),
                item("A2", Some("Interventions")),
                item("B1", Some("Matériel")),
                item("C1", None),
            ],
            tranches: vec![Tranche {
                id: "TF1".into(),
                title: "Reprise".into(),
                kind: TrancheKind::Firm,
                payment: Payment::Monthly { from: 4, to: 36 },
                in_renewals: false,
            }],
            part_ceilings: vec![],
            revision: None,
            renewal: None,
        }
    }

    #[test]
    fn tranches_then_items_under_their_sections() {
        let s = schedule();
        let shape: Vec<String> = rows(&s)
            .iter()
            .map(|r| match r {
                Row::Heading(h) if *h == TRANCHES_HEADING => "T:".into(),
                Row::Heading(h) if *h == ITEMS_HEADING => "I:".into(),
                Row::Heading(h) => format!("{h}:"),
                Row::Tranche(t) => t.id.clone(),
                Row::Item(i) => i.code.clone(),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "T:",
                "TF1",
                "I:",
                "Interventions:",
                "A1",
                "A2",
                "Matériel:",
                "B1",
                "C1"
            ]
        );
        // The header is row 5 (index 4): TF1 on index 6, A1 on index 9.
        assert_eq!(row_of(&s, "TF1"), Some(6));
        assert_eq!(price_cell(&s, "A1"), Some(CellRef::new(9, 4)));
        assert_eq!(
            total_cell(&s, "B1").map(|c| c.to_string()),
            Some("F13".into())
        );
        assert_eq!(row_of(&s, "Z9"), None);
        // Months 4 to 36: 33 monthly payments.
        assert_eq!(tranche_unit(&s.tranches[0]), ("mois", Decimal::from(33)));
    }
}

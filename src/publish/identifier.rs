//! A bidder's identifier as the DECP publishes it (`typeIdentifiant` and `id`), read from
//! the `Candidat` sheet: the SIRET when the bidder gives one, else the other identifier
//! and its type (a VAT number, or a foreign one for a publisher outside the EU).

use crate::offer::CandidateIds;
use crate::source::Location;
use crate::tender::publication::is_siret;

/// The DECP's identifier types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Siret,
    Tva,
    Tahiti,
    Ridet,
    Frwf,
    Irep,
    HorsUe,
}

impl IdKind {
    pub const ALL: [IdKind; 7] = [
        IdKind::Siret,
        IdKind::Tva,
        IdKind::Tahiti,
        IdKind::Ridet,
        IdKind::Frwf,
        IdKind::Irep,
        IdKind::HorsUe,
    ];

    /// The DECP's word for it.
    pub fn decp(self) -> &'static str {
        match self {
            IdKind::Siret => "SIRET",
            IdKind::Tva => "TVA",
            IdKind::Tahiti => "TAHITI",
            IdKind::Ridet => "RIDET",
            IdKind::Frwf => "FRWF",
            IdKind::Irep => "IREP",
            IdKind::HorsUe => "HORS-UE",
        }
    }

    fn parse(text: &str) -> Option<IdKind> {
        let t = text.trim();
        IdKind::ALL
            .into_iter()
            .find(|k| k.decp().eq_ignore_ascii_case(t))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identifier {
    pub kind: IdKind,
    /// Without the spaces a bidder types between groups of digits.
    pub id: String,
}

/// What is wrong with an identifier, and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdProblem {
    pub location: Location,
    pub found: String,
    pub kind: IdProblemKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdProblemKind {
    /// Not 14 digits passing the Luhn check.
    BadSiret,
    /// Not a type the DECP knows.
    UnknownType,
    /// An identifier without its type.
    MissingType,
    /// A VAT number is two letters (the country) then 2 to 12 letters or digits.
    BadVat,
    /// Another identifier: 1 to 20 letters, digits or `-`.
    BadOther,
}

/// The largest identifier of a type other than SIRET and TVA that is accepted.
const OTHER_MAX: usize = 20;

/// The identifier the bidder gives; `None` when it gives none.
pub fn of(ids: &CandidateIds) -> Option<Result<Identifier, IdProblem>> {
    if let Some(siret) = &ids.siret {
        let id = compact(&siret.value);
        return Some(if is_siret(&id) {
            Ok(Identifier {
                kind: IdKind::Siret,
                id,
            })
        } else {
            Err(problem(siret, IdProblemKind::BadSiret))
        });
    }
    let other = ids.other.as_ref()?;
    let Some(written) = &ids.other_type else {
        return Some(Err(problem(other, IdProblemKind::MissingType)));
    };
    let Some(kind) = IdKind::parse(&written.value) else {
        return Some(Err(problem(written, IdProblemKind::UnknownType)));
    };
    let id = compact(&other.value).to_uppercase();
    let fault = match kind {
        IdKind::Siret => (!is_siret(&id)).then_some(IdProblemKind::BadSiret),
        IdKind::Tva => (!is_vat(&id)).then_some(IdProblemKind::BadVat),
        _ => (!is_other(&id)).then_some(IdProblemKind::BadOther),
    };
    Some(match fault {
        Some(k) => Err(problem(other, k)),
        None => Ok(Identifier { kind, id }),
    })
}

fn problem(cell: &crate::source::Sourced<String>, kind: IdProblemKind) -> IdProblem {
    IdProblem {
        location: cell.location.clone(),
        found: cell.value.clone(),
        kind,
    }
}

/// The text without spaces (ordinary, non-breaking, narrow) nor dots.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
        .collect()
}

/// An EU VAT number: the country's two letters, then 2 to 12 letters or digits.
fn is_vat(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() >= 4
        && b.len() <= 14
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..].iter().all(u8::is_ascii_alphanumeric)
}

fn is_other(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= OTHER_MAX
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sourced;

    fn cell(text: &str, row: u32) -> Option<Sourced<String>> {
        let mut location = Location::file(std::path::Path::new("acme.xlsx"));
        location.sheet = Some("Candidat".into());
        location.cell = Some(crate::source::CellRef::new(row, 1));
        Some(Sourced {
            value: text.to_owned(),
            location,
            raw: text.to_owned(),
        })
    }

    #[test]
    fn a_siret_as_typed_with_spaces() {
        let ids = CandidateIds {
            siret: cell("732 829 320 00074", 4),
            ..Default::default()
        };
        assert_eq!(
            of(&ids),
            Some(Ok(Identifier {
                kind: IdKind::Siret,
                id: "73282932000074".into()
            }))
        );
        let bad = CandidateIds {
            siret: cell("732 829 320 00075", 4),
            ..Default::default()
        };
        let p = of(&bad).unwrap().unwrap_err();
        assert_eq!(p.kind, IdProblemKind::BadSiret);
        assert_eq!(p.location.cell, Some(crate::source::CellRef::new(4, 1)));
    }

    #[test]
    fn a_foreign_publisher_without_siret() {
        let ids = |id: &str, kind: Option<&str>| CandidateIds {
            siret: None,
            other: cell(id, 9),
            other_type: kind.and_then(|k| cell(k, 10)),
        };
        let vat = of(&ids("de 123456789", Some("tva"))).unwrap().unwrap();
        assert_eq!((vat.kind, vat.id.as_str()), (IdKind::Tva, "DE123456789"));
        let abroad = of(&ids("US-4471-22", Some("HORS-UE"))).unwrap().unwrap();
        assert_eq!(abroad.kind, IdKind::HorsUe);
        let kind = |i: &str, k: Option<&str>| of(&ids(i, k)).unwrap().unwrap_err().kind;
        assert_eq!(kind("DE123", None), IdProblemKind::MissingType);
        assert_eq!(kind("DE123", Some("EIN")), IdProblemKind::UnknownType);
        assert_eq!(kind("123456789", Some("TVA")), IdProblemKind::BadVat);
        assert_eq!(kind("US/4471", Some("HORS-UE")), IdProblemKind::BadOther);
        assert_eq!(of(&CandidateIds::default()), None);
    }
}

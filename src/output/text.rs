//! Sentences for people, in French or English: reasons, warnings, errors.
//!
//! Written for a purchasing officer, not a programmer: each says where (file, sheet,
//! cell), what was found and what was expected. The domain keeps these facts as data;
//! only this module turns them into words.

use rust_decimal::Decimal;

use crate::analysis::Warning;
use crate::award::{Exclusion, Flag, Status};
use crate::bpu::layout::{self, ItemKind};
use crate::bpu::number::NumberError;
use crate::bpu::{FileFailure, ReadError, ReadNote};
use crate::lang::Lang;
use crate::money;
use crate::offer::InvalidValue;
use crate::pricing::{Irregularity, PricingModel, Term};
use crate::source::Location;

use super::sanitize::printable;

/// A model's name: `comptes actifs (1.1)`.
pub fn model(m: PricingModel, lang: Lang) -> String {
    let name = match (m, lang) {
        (PricingModel::ActiveAccounts, Lang::Fr) => "comptes actifs",
        (PricingModel::ActiveAccounts, Lang::En) => "active accounts",
        (PricingModel::SimultaneousAccesses, Lang::Fr) => "accès simultanés",
        (PricingModel::SimultaneousAccesses, Lang::En) => "simultaneous accesses",
        (PricingModel::Consultations, _) => "consultations",
        (PricingModel::RegisteredUsers, Lang::Fr) => "inscrits",
        (PricingModel::RegisteredUsers, Lang::En) => "registered users",
        (PricingModel::Population, _) => "population",
    };
    format!("{name} ({})", m.code())
}

/// A model's short name for tables: `1.1 comptes`.
pub fn model_short(m: PricingModel, lang: Lang) -> String {
    let name = match (m, lang) {
        (PricingModel::ActiveAccounts, Lang::Fr) => "comptes",
        (PricingModel::ActiveAccounts, Lang::En) => "accounts",
        (PricingModel::SimultaneousAccesses, Lang::Fr) => "accès",
        (PricingModel::SimultaneousAccesses, Lang::En) => "accesses",
        (PricingModel::Consultations, Lang::Fr) => "consultations",
        (PricingModel::Consultations, Lang::En) => "consultations",
        (PricingModel::RegisteredUsers, Lang::Fr) => "inscrits",
        (PricingModel::RegisteredUsers, Lang::En) => "users",
        (PricingModel::Population, _) => "population",
    };
    format!("{} {name}", m.code())
}

pub fn status(s: Status, lang: Lang) -> &'static str {
    match s {
        Status::Irregular => lang.pick("irrégulière", "irregular"),
        Status::Unacceptable => lang.pick("inacceptable", "unacceptable"),
        Status::NonCompliant => lang.pick("non conforme", "non-compliant"),
    }
}

pub fn flag(f: Flag, lang: Lang) -> &'static str {
    match f {
        Flag::Extrapolated => lang.pick("extrapolé", "extrapolated"),
        Flag::FlooredAtZero => lang.pick("ramené à 0", "floored at 0"),
        Flag::AbnormallyLow => lang.pick("anormalement basse ?", "abnormally low?"),
    }
}

/// `offres/acme.xlsx, feuille « Lot 1 », cellule D7` / `offres/acme.csv, ligne 7, colonne D`.
pub fn location(l: &Location, lang: Lang) -> String {
    let mut s = printable(&l.file.display().to_string());
    match (&l.sheet, l.cell) {
        (Some(sheet), Some(cell)) => s.push_str(&match lang {
            Lang::Fr => format!(", feuille « {} », cellule {cell}", printable(sheet)),
            Lang::En => format!(", sheet '{}', cell {cell}", printable(sheet)),
        }),
        (Some(sheet), None) => s.push_str(&match lang {
            Lang::Fr => format!(", feuille « {} »", printable(sheet)),
            Lang::En => format!(", sheet '{}'", printable(sheet)),
        }),
        (None, Some(cell)) => s.push_str(&match lang {
            Lang::Fr => format!(
                ", ligne {}, colonne {}",
                cell.row + 1,
                crate::source::CellRef::column_letters(cell.col)
            ),
            Lang::En => format!(
                ", line {}, column {}",
                cell.row + 1,
                crate::source::CellRef::column_letters(cell.col)
            ),
        }),
        (None, None) => {}
    }
    s
}

fn item_code(model: PricingModel, term: Term) -> &'static str {
    layout::item(model, term).map_or("?", |i| i.code)
}

fn expected(model: PricingModel, term: Term, lang: Lang) -> &'static str {
    match layout::item(model, term).map(|i| i.kind) {
        Some(ItemKind::Money) => {
            lang.pick("un montant en euros HT", "an amount in euros excluding VAT")
        }
        _ => lang.pick("un nombre entier", "a whole number"),
    }
}

/// Why a text is not a number.
pub fn number_error(e: &NumberError, lang: Lang) -> String {
    match e {
        NumberError::Empty => lang.pick("cellule vide", "empty cell").to_owned(),
        NumberError::NoDigits => lang.pick("aucun chiffre", "no digits").to_owned(),
        NumberError::UnexpectedCharacter(c) => match lang {
            Lang::Fr => format!("caractère « {} » inattendu", printable(&c.to_string())),
            Lang::En => format!("unexpected character '{}'", printable(&c.to_string())),
        },
        NumberError::MixedSeparators => lang
            .pick(
                "le point et la virgule sont mêlés : le sens ne peut être deviné (écrivez 1234,5)",
                "'.' and ',' are mixed: the meaning cannot be guessed (write 1234.5)",
            )
            .to_owned(),
        NumberError::SeveralDecimalSeparators => {
            lang.pick("plusieurs virgules décimales", "several decimal separators").to_owned()
        }
        NumberError::AmbiguousPoint => lang
            .pick(
                "un point suivi de trois chiffres peut séparer les milliers ou les décimales (écrivez 1234 ou 1,234)",
                "a point followed by three digits may separate thousands or decimals (write 1234 or 1.234 as text without ambiguity)",
            )
            .to_owned(),
        NumberError::IrregularGrouping => lang
            .pick("chiffres groupés irrégulièrement (groupes de trois attendus)", "digits grouped irregularly (groups of three expected)")
            .to_owned(),
        NumberError::TooLarge => lang.pick("nombre trop grand", "number too large").to_owned(),
    }
}

fn invalid_value(raw: &str, problem: &InvalidValue, lang: Lang) -> String {
    let raw = printable(raw);
    match problem {
        InvalidValue::Text(e) => match lang {
            Lang::Fr => format!("« {raw} » n'est pas un nombre ({})", number_error(e, lang)),
            Lang::En => format!("'{raw}' is not a number ({})", number_error(e, lang)),
        },
        InvalidValue::ErrorValue(e) => match lang {
            Lang::Fr => format!("la cellule contient l'erreur {e} (formule cassée)"),
            Lang::En => format!("the cell holds the error {e} (a broken formula)"),
        },
        InvalidValue::Date => match lang {
            Lang::Fr => format!("la cellule contient une date ({raw})"),
            Lang::En => format!("the cell holds a date ({raw})"),
        },
        InvalidValue::Boolean => match lang {
            Lang::Fr => format!("la cellule contient une valeur logique ({raw})"),
            Lang::En => format!("the cell holds a logical value ({raw})"),
        },
    }
}

fn number(d: Decimal, lang: Lang) -> String {
    let places = d.normalize().scale();
    money::human(d, places, lang)
}

/// Why an offer is irregular, in one sentence.
pub fn irregularity(i: &Irregularity, lang: Lang) -> String {
    match i {
        Irregularity::SeveralModels { models } => {
            let list: Vec<String> = models
                .iter()
                .map(|(m, loc)| format!("{} ({})", model(*m, lang), location(loc, lang)))
                .collect();
            match lang {
                Lang::Fr => format!(
                    "plusieurs modes de tarification remplis dans le lot : {} ; un seul est admis, l'offre du lot n'est pas comparable",
                    list.join(" et ")
                ),
                Lang::En => format!(
                    "several pricing models filled in the lot: {}; only one is allowed, the lot's offer is not comparable",
                    list.join(" and ")
                ),
            }
        }
        Irregularity::Missing {
            model,
            term,
            location: loc,
        } => {
            let code = item_code(*model, *term);
            if loc.cell.is_none() {
                match lang {
                    Lang::Fr => format!(
                        "{} : la ligne {code} est absente de la feuille",
                        location(loc, lang)
                    ),
                    Lang::En => format!(
                        "{}: row {code} is missing from the sheet",
                        location(loc, lang)
                    ),
                }
            } else {
                match lang {
                    Lang::Fr => format!(
                        "{} : la cellule {code} est vide ; attendu : {}",
                        location(loc, lang),
                        expected(*model, *term, lang)
                    ),
                    Lang::En => format!(
                        "{}: cell {code} is empty; expected {}",
                        location(loc, lang),
                        expected(*model, *term, lang)
                    ),
                }
            }
        }
        Irregularity::Invalid {
            model,
            term,
            location: loc,
            raw,
            problem,
        } => match lang {
            Lang::Fr => format!(
                "{} : {} : {} ; attendu : {}",
                location(loc, lang),
                item_code(*model, *term),
                invalid_value(raw, problem, lang),
                expected(*model, *term, lang)
            ),
            Lang::En => format!(
                "{}: {}: {}; expected {}",
                location(loc, lang),
                item_code(*model, *term),
                invalid_value(raw, problem, lang),
                expected(*model, *term, lang)
            ),
        },
        Irregularity::Negative {
            model,
            term,
            location: loc,
            value,
        } => match lang {
            Lang::Fr => format!(
                "{} : {} : valeur négative ({}) ; attendu : {} positif ou nul",
                location(loc, lang),
                item_code(*model, *term),
                number(*value, lang),
                expected(*model, *term, lang)
            ),
            Lang::En => format!(
                "{}: {}: negative value ({}); expected {}, zero or more",
                location(loc, lang),
                item_code(*model, *term),
                number(*value, lang),
                expected(*model, *term, lang)
            ),
        },
        Irregularity::ZeroQuota {
            model,
            location: loc,
        } => match lang {
            Lang::Fr => format!(
                "{} : le quota {} vaut 0 ; attendu : un nombre entier supérieur à 0",
                location(loc, lang),
                item_code(*model, Term::Quota)
            ),
            Lang::En => format!(
                "{}: quota {} is 0; expected a whole number above 0",
                location(loc, lang),
                item_code(*model, Term::Quota)
            ),
        },
        Irregularity::FractionalQuota {
            model,
            location: loc,
            value,
        } => match lang {
            Lang::Fr => format!(
                "{} : le quota {} ({}) n'est pas un nombre entier",
                location(loc, lang),
                item_code(*model, Term::Quota),
                number(*value, lang)
            ),
            Lang::En => format!(
                "{}: quota {} ({}) is not a whole number",
                location(loc, lang),
                item_code(*model, Term::Quota),
                number(*value, lang)
            ),
        },
        Irregularity::SurchargeNeeded {
            model,
            location: loc,
            usage,
            quota,
        } => match lang {
            Lang::Fr => format!(
                "{} : plus-value {} absente alors que l'usage estimé ({}) dépasse le quota ({}) : le coût ne peut être calculé",
                location(loc, lang),
                item_code(*model, Term::Surcharge),
                money::quantity(*usage, lang),
                number(*quota, lang)
            ),
            Lang::En => format!(
                "{}: surcharge {} missing while the estimated usage ({}) exceeds the quota ({}): the cost cannot be computed",
                location(loc, lang),
                item_code(*model, Term::Surcharge),
                money::quantity(*usage, lang),
                number(*quota, lang)
            ),
        },
        Irregularity::OutOfRange { location: loc, .. } => match lang {
            Lang::Fr => format!(
                "{} : montants trop grands pour être calculés exactement",
                location(loc, lang)
            ),
            Lang::En => format!(
                "{}: amounts too large to compute exactly",
                location(loc, lang)
            ),
        },
    }
}

pub fn exclusion(e: &Exclusion, lang: Lang) -> String {
    match e {
        Exclusion::Irregular(i) => irregularity(i, lang),
        Exclusion::AboveCeiling {
            annual_ht,
            ceiling_ht,
        } => match lang {
            Lang::Fr => format!(
                "coût annuel de {} HT supérieur au plafond budgétaire du lot ({} HT)",
                money::euros(*annual_ht, lang),
                money::euros(*ceiling_ht, lang)
            ),
            Lang::En => format!(
                "yearly cost of {} excl. VAT above the lot's budget ceiling ({} excl. VAT)",
                money::euros(*annual_ht, lang),
                money::euros(*ceiling_ht, lang)
            ),
        },
    }
}

pub fn read_error(e: &ReadError, lang: Lang) -> String {
    match (e, lang) {
        (ReadError::Unopenable { detail }, Lang::Fr) => {
            format!("le fichier ne peut être ouvert ({detail})")
        }
        (ReadError::Unopenable { detail }, Lang::En) => {
            format!("the file cannot be opened ({detail})")
        }
        (ReadError::NotASpreadsheet { detail }, Lang::Fr) => {
            format!(
                "ce n'est pas un classeur ({}) ; attendu : un fichier xlsx, ods, xls ou csv",
                french_kind(detail)
            )
        }
        (ReadError::NotASpreadsheet { detail }, Lang::En) => {
            format!("not a spreadsheet ({detail}); expected an xlsx, ods, xls or csv file")
        }
        (ReadError::Damaged { detail }, Lang::Fr) => {
            format!(
                "le classeur est endommagé ou d'une forme non prise en charge ({})",
                printable(detail)
            )
        }
        (ReadError::Damaged { detail }, Lang::En) => {
            format!(
                "the workbook is damaged or in an unsupported form ({})",
                printable(detail)
            )
        }
        (ReadError::Crashed { .. }, Lang::Fr) => {
            "la lecture du classeur a échoué : le fichier est probablement endommagé".to_owned()
        }
        (ReadError::Crashed { .. }, Lang::En) => {
            "reading the workbook failed: the file is probably damaged".to_owned()
        }
    }
}

fn french_kind(detail: &str) -> &str {
    match detail {
        "a PDF document" => "un document PDF",
        "an RTF document" => "un document RTF",
        "an image" => "une image",
        "the file is empty" => "le fichier est vide",
        "its content is not that of a workbook" => "son contenu n'est pas celui d'un classeur",
        other => other,
    }
}

pub fn failure(f: &FileFailure, lang: Lang) -> String {
    match f {
        FileFailure::Unreadable { file, error, .. } => {
            format!(
                "{}{} {}",
                printable(&file.display().to_string()),
                lang.pick(" :", ":"),
                read_error(error, lang)
            )
        }
        FileFailure::SeveralFiles { bidder, files } => {
            let list: Vec<String> = files
                .iter()
                .map(|f| printable(&f.display().to_string()))
                .collect();
            match lang {
                Lang::Fr => format!(
                    "plusieurs fichiers pour le candidat {} ({}) : l'offre à retenir ne peut être déterminée, aucun n'est lu",
                    printable(bidder),
                    list.join(", ")
                ),
                Lang::En => format!(
                    "several files for bidder {} ({}): which is the offer cannot be told, none is read",
                    printable(bidder),
                    list.join(", ")
                ),
            }
        }
    }
}

pub fn read_note(n: &ReadNote, lang: Lang) -> String {
    match n {
        ReadNote::NoHeader { location: l, lot } => match lang {
            Lang::Fr => format!(
                "{} : pas de ligne d'en-tête « Code » ; le lot {lot} n'a pu être lu",
                location(l, lang)
            ),
            Lang::En => format!(
                "{}: no 'Code' header row; lot {lot} could not be read",
                location(l, lang)
            ),
        },
        ReadNote::UnknownScope { location: l, id } => match lang {
            Lang::Fr => format!(
                "{} : colonne [{}] ignorée : ce périmètre n'existe pas dans la consultation",
                location(l, lang),
                printable(id)
            ),
            Lang::En => format!(
                "{}: column [{}] ignored: no such scope in the tender",
                location(l, lang),
                printable(id)
            ),
        },
        ReadNote::DuplicateScope {
            location: l,
            scope,
            first,
        } => match lang {
            Lang::Fr => format!(
                "{} : colonne [{scope}] en double, ignorée ; seule celle de {} est lue",
                location(l, lang),
                location(first, lang)
            ),
            Lang::En => format!(
                "{}: duplicate column [{scope}] ignored; only the one at {} is read",
                location(l, lang),
                location(first, lang)
            ),
        },
        ReadNote::DuplicateCode {
            location: l,
            code,
            first,
        } => match lang {
            Lang::Fr => format!(
                "{} : ligne {code} en double, ignorée ; seule celle de {} est lue",
                location(l, lang),
                location(first, lang)
            ),
            Lang::En => format!(
                "{}: duplicate row {code} ignored; only the one at {} is read",
                location(l, lang),
                location(first, lang)
            ),
        },
        ReadNote::DuplicateLotSheet {
            location: l,
            lot,
            first,
        } => match lang {
            Lang::Fr => format!(
                "{} : lot {lot} en double, ignoré ; seul celui de {} est lu",
                location(l, lang),
                location(first, lang)
            ),
            Lang::En => format!(
                "{}: lot {lot} given twice, ignored; only the one at {} is read",
                location(l, lang),
                location(first, lang)
            ),
        },
        ReadNote::NoLotSheet { location: l } => match lang {
            Lang::Fr => format!(
                "{} : aucune feuille « Lot … » de la consultation ; le fichier ne contient pas d'offre",
                location(l, lang)
            ),
            Lang::En => format!(
                "{}: no 'Lot …' sheet of the tender; the file holds no offer",
                location(l, lang)
            ),
        },
        ReadNote::UnknownCsvLot { location: l } => match lang {
            Lang::Fr => format!(
                "{} : le lot de ce fichier CSV est inconnu (ni titre « Lot … », ni nom du type candidat.lot-3.csv)",
                location(l, lang)
            ),
            Lang::En => format!(
                "{}: the lot of this CSV file is unknown (no 'Lot …' title, no name such as bidder.lot-3.csv)",
                location(l, lang)
            ),
        },
    }
}

pub fn warning(w: &Warning, lang: Lang) -> String {
    match w {
        Warning::ScoredBidderWithoutOffer { file, line, bidder } => match lang {
            Lang::Fr => format!(
                "{}, ligne {line} : le candidat {} a une note technique mais aucune offre n'a été lue pour lui",
                printable(&file.display().to_string()),
                printable(bidder)
            ),
            Lang::En => format!(
                "{}, line {line}: bidder {} has a technical score but no offer was read from it",
                printable(&file.display().to_string()),
                printable(bidder)
            ),
        },
    }
}

pub fn ignored_file(path: &std::path::Path, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "{} : ignoré (ce n'est pas un classeur xlsx, ods, xls ou csv)",
            printable(&path.display().to_string())
        ),
        Lang::En => format!(
            "{}: ignored (not an xlsx, ods, xls or csv workbook)",
            printable(&path.display().to_string())
        ),
    }
}

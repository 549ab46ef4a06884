//! Sentences for people, in French or English: reasons, warnings, errors.
//!
//! Written for a purchasing officer, not a programmer: each says where (file, sheet,
//! cell), what was found and what was expected. The domain keeps these facts as data;
//! only this module turns them into words.

use rust_decimal::Decimal;

use crate::analysis::Warning;
use crate::award::criteria::{GradeOrigin, LookedIn};
use crate::award::{Exclusion, Flag, NonCompliance, PriceMarkError, RankingFailure, Status};
use crate::bpu::error::{
    Damage, DamageKind, Field, InternalError, InternalKind, NotSpreadsheet, OpenProblem, XmlProblem,
};
use crate::bpu::layout::{self, ItemKind};
use crate::bpu::number::NumberError;
use crate::bpu::package::OverLimit;
use crate::bpu::{FileFailure, ReadError, ReadNote};
use crate::check::{Consequence, Finding, LotStatus, Problem};
use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::offer::{Conflict, InvalidValue};
use crate::pricing::{BandProblem, Irregularity, PricingModel, Term};
use crate::source::Location;
use crate::tender::{Bands, Period, VatBasis};

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
        (PricingModel::Schedule, Lang::Fr) => "bordereau de prix unitaires et tranches",
        (PricingModel::Schedule, Lang::En) => "unit-price schedule and tranches",
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
        (PricingModel::Schedule, Lang::Fr) => "tranches",
        (PricingModel::Schedule, Lang::En) => "tranches",
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
        Flag::Implausible => lang.pick("valeur invraisemblable ?", "implausible value?"),
        Flag::MissingTechnicalScore => lang.pick("note technique manquante", "no technical score"),
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

/// Why a text is not a number, with a hint made of the text's own digits.
pub fn number_error(e: &NumberError, raw: &str, lang: Lang) -> String {
    match e {
        NumberError::Empty => lang.pick("cellule vide", "empty cell").to_owned(),
        NumberError::NoDigits => lang.pick("aucun chiffre", "no digits").to_owned(),
        NumberError::UnexpectedCharacter(c) => match lang {
            Lang::Fr => format!("caractère « {} » inattendu", printable(&c.to_string())),
            Lang::En => format!("unexpected character '{}'", printable(&c.to_string())),
        },
        NumberError::MixedSeparators
        | NumberError::SeveralDecimalSeparators
        | NumberError::AmbiguousPoint => super::hint::separators(e, raw, lang),
        NumberError::IrregularGrouping => lang
            .pick(
                "chiffres groupés irrégulièrement (groupes de trois attendus)",
                "digits grouped irregularly (groups of three expected)",
            )
            .to_owned(),
        NumberError::TooLarge => lang
            .pick("nombre trop grand", "number too large")
            .to_owned(),
    }
}

pub(super) fn invalid_value(raw: &str, problem: &InvalidValue, lang: Lang) -> String {
    let typed = raw;
    let raw = printable(raw);
    match problem {
        InvalidValue::Text(e) => match lang {
            Lang::Fr => format!(
                "« {raw} » n'est pas un nombre ({})",
                number_error(e, typed, lang)
            ),
            Lang::En => format!("'{raw}' is not a number ({})", number_error(e, typed, lang)),
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
        InvalidValue::FormulaWithoutValue => match lang {
            Lang::Fr => format!(
                "la formule {raw} n'a pas de résultat enregistré dans le fichier (enregistré sans calcul) : sa valeur est inconnue, elle n'est pas lue comme 0"
            ),
            Lang::En => format!(
                "the formula {raw} has no result saved in the file (saved without calculation): its value is unknown, it is not read as 0"
            ),
        },
    }
}

fn number(d: Decimal, lang: Lang) -> String {
    let places = d.normalize().scale();
    money::human(d, places, lang)
}

/// `location : body` in French, `location: body` in English.
fn located(l: &Location, body: String, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{} : {body}", location(l, lang)),
        Lang::En => format!("{}: {body}", location(l, lang)),
    }
}

/// Only the cell of a location (`cellule D6`), for a sentence that already names the
/// file and sheet.
fn cell_only(l: &Location, lang: Lang) -> String {
    match (l.cell, l.sheet.is_some()) {
        (Some(c), true) => format!("{} {c}", lang.pick("cellule", "cell")),
        _ => location(l, lang),
    }
}

/// Why an offer is irregular, in one sentence, with the place.
pub fn irregularity(i: &Irregularity, lang: Lang) -> String {
    located(&i.location(), irregularity_body(i, lang), lang)
}

/// Why an offer is irregular, without the place (shown beside it).
pub fn irregularity_body(i: &Irregularity, lang: Lang) -> String {
    match i {
        Irregularity::Schedule(s) => super::schedule_text::irregularity_body(s, lang),
        Irregularity::SeveralModels { models } => {
            let list: Vec<String> = models
                .iter()
                .map(|(m, loc)| format!("{} {}", model(*m, lang), cell_only(loc, lang)))
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
            match (loc.cell.is_none(), lang) {
                (true, Lang::Fr) => format!("la ligne {code} est absente de la feuille"),
                (true, Lang::En) => format!("row {code} is missing from the sheet"),
                (false, Lang::Fr) => format!(
                    "la cellule {code} est vide ; attendu : {}",
                    expected(*model, *term, lang)
                ),
                (false, Lang::En) => format!(
                    "cell {code} is empty; expected {}",
                    expected(*model, *term, lang)
                ),
            }
        }
        Irregularity::Invalid {
            model,
            term,
            raw,
            problem,
            ..
        } => match lang {
            Lang::Fr => format!(
                "{} : {} ; attendu : {}",
                item_code(*model, *term),
                invalid_value(raw, problem, lang),
                expected(*model, *term, lang)
            ),
            Lang::En => format!(
                "{}: {}; expected {}",
                item_code(*model, *term),
                invalid_value(raw, problem, lang),
                expected(*model, *term, lang)
            ),
        },
        Irregularity::Negative {
            model, term, value, ..
        } => match lang {
            Lang::Fr => format!(
                "{} : valeur négative ({}) ; attendu : {} positif ou nul",
                item_code(*model, *term),
                number(*value, lang),
                expected(*model, *term, lang)
            ),
            Lang::En => format!(
                "{}: negative value ({}); expected {}, zero or more",
                item_code(*model, *term),
                number(*value, lang),
                expected(*model, *term, lang)
            ),
        },
        Irregularity::ZeroQuota { model, .. } => match lang {
            Lang::Fr => format!(
                "le quota {} vaut 0 ; attendu : un nombre entier supérieur à 0",
                item_code(*model, Term::Quota)
            ),
            Lang::En => format!(
                "quota {} is 0; expected a whole number above 0",
                item_code(*model, Term::Quota)
            ),
        },
        Irregularity::FractionalQuota { model, value, .. } => match lang {
            Lang::Fr => format!(
                "le quota {} ({}) n'est pas un nombre entier",
                item_code(*model, Term::Quota),
                number(*value, lang)
            ),
            Lang::En => {
                format!(
                    "quota {} ({}) is not a whole number",
                    item_code(*model, Term::Quota),
                    number(*value, lang)
                )
            }
        },
        Irregularity::SurchargeNeeded {
            model,
            usage,
            quota,
            ..
        } => match lang {
            Lang::Fr => format!(
                "plus-value {} absente alors que l'usage estimé ({}) dépasse le quota ({}) : le coût ne peut être calculé",
                item_code(*model, Term::Surcharge),
                money::quantity(*usage, lang),
                number(*quota, lang)
            ),
            Lang::En => format!(
                "surcharge {} missing while the estimated usage ({}) exceeds the quota ({}): the cost cannot be computed",
                item_code(*model, Term::Surcharge),
                money::quantity(*usage, lang),
                number(*quota, lang)
            ),
        },
        Irregularity::OutOfRange { .. } => lang
            .pick(
                "montants trop grands pour être calculés exactement",
                "amounts too large to compute exactly",
            )
            .to_owned(),
        Irregularity::Ambiguous(Conflict::DuplicateRow { code, first, .. }) => match lang {
            Lang::Fr => format!(
                "la ligne {code} figure deux fois et porte ici un chiffre (première ligne : {}) : le chiffre à retenir ne peut être déterminé",
                cell_only(first, lang)
            ),
            Lang::En => format!(
                "row {code} appears twice and holds a figure here (first row: {}): which figure is the offer cannot be told",
                cell_only(first, lang)
            ),
        },
        Irregularity::Ambiguous(Conflict::DuplicateColumn { first, .. }) => match lang {
            Lang::Fr => format!(
                "une seconde colonne pour ce périmètre porte des chiffres (première colonne : {}) : l'offre à retenir ne peut être déterminée",
                cell_only(first, lang)
            ),
            Lang::En => format!(
                "a second column for this scope holds figures (first column: {}): which is the offer cannot be told",
                cell_only(first, lang)
            ),
        },
        Irregularity::BasisAltered {
            model,
            expected: want,
            found,
            ..
        } => match lang {
            Lang::Fr => format!(
                "{} : la base pré-remplie a été modifiée (attendu : {}, trouvé : « {} ») ; le prix forfaitaire ne porte pas sur le périmètre de la consultation",
                item_code(*model, Term::Quota),
                money::quantity(*want, lang),
                printable(found)
            ),
            Lang::En => format!(
                "{}: the pre-filled basis was changed (expected {}, found '{}'); the flat price is not for the tender's scope",
                item_code(*model, Term::Quota),
                money::quantity(*want, lang),
                printable(found)
            ),
        },
    }
}

/// Why a file could not be read or written, in our own words: the system's text is
/// English whatever the language asked for.
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    let (fr, en) = match e.kind() {
        K::NotFound => ("fichier ou dossier introuvable", "no such file or folder"),
        K::PermissionDenied => ("accès refusé", "permission denied"),
        K::IsADirectory => (
            "c'est un dossier, pas un fichier",
            "it is a folder, not a file",
        ),
        K::NotADirectory => (
            "un élément du chemin n'est pas un dossier",
            "part of the path is not a folder",
        ),
        K::InvalidData => (
            "le contenu n'est pas du texte UTF-8",
            "the content is not UTF-8 text",
        ),
        K::StorageFull => ("le disque est plein", "the disk is full"),
        K::ReadOnlyFilesystem => ("le disque est en lecture seule", "the disk is read-only"),
        K::AlreadyExists => ("le fichier existe déjà", "the file already exists"),
        K::BrokenPipe => ("la sortie a été fermée", "the output was closed"),
        _ => {
            return match (e.raw_os_error(), lang) {
                (Some(code), Lang::Fr) => format!("erreur du système, code {code}"),
                (Some(code), Lang::En) => format!("system error, code {code}"),
                (None, _) => lang
                    .pick("erreur d'entrée-sortie", "input/output error")
                    .to_owned(),
            };
        }
    };
    lang.pick(fr, en).to_owned()
}

/// Why the admissible offers of a lot and scope could not be marked, and which.
pub fn ranking_failure(f: &RankingFailure, lang: Lang) -> String {
    let why = match (&f.error, lang) {
        (PriceMarkError::NoBudget { formula }, Lang::Fr) => {
            format!("la formule de prix {formula} demande un budget pour ce périmètre")
        }
        (PriceMarkError::NoBudget { formula }, Lang::En) => {
            format!("the price formula {formula} needs a budget for this scope")
        }
        (PriceMarkError::AboveBudget { .. }, Lang::Fr) => {
            "une offre admise dépasse le budget de la formule de prix".to_owned()
        }
        (PriceMarkError::AboveBudget { .. }, Lang::En) => {
            "an admitted offer is above the price formula's budget".to_owned()
        }
        (PriceMarkError::BadParameter { formula }, Lang::Fr) => {
            format!("le paramètre de la formule de prix {formula} est hors limites")
        }
        (PriceMarkError::BadParameter { formula }, Lang::En) => {
            format!("the parameter of the price formula {formula} is out of range")
        }
        (PriceMarkError::Power, Lang::Fr) => {
            "la puissance r^α de la formule concave ne peut être calculée".to_owned()
        }
        (PriceMarkError::Power, Lang::En) => {
            "the power r^α of the concave formula cannot be computed".to_owned()
        }
        (PriceMarkError::ZeroLowestPrice { formula, at_zero }, _) => {
            let names: Vec<&str> = at_zero
                .iter()
                .filter_map(|&i| f.bidders.get(i).map(String::as_str))
                .collect();
            let names = printable(&names.join(", "));
            match lang {
                Lang::Fr => format!(
                    "le prix le plus bas est de 0,00 € (offre de {names}) : la formule {formula} divise par ce prix et donnerait 0 à toutes les autres offres, quel que soit leur prix ; faites justifier ce prix ou choisissez une autre formule (linear_range, rank_points ou une formule sur budget)"
                ),
                Lang::En => format!(
                    "the lowest price is €0.00 (offer of {names}): the formula {formula} divides by it and would give 0 to every other offer, whatever its price; have that price justified or choose another formula (linear_range, rank_points or a budget formula)"
                ),
            }
        }
    };
    let bidders = f.bidders.join(", ");
    match lang {
        Lang::Fr => format!(
            "notes de prix impossibles à calculer : {why} ; aucune offre n'est classée \
             (offres admises : {bidders})"
        ),
        Lang::En => format!(
            "the price marks cannot be computed: {why}; no offer is ranked (admitted \
             offers: {bidders})"
        ),
    }
}

/// An amount compared with a ceiling: to the cent, or with every decimal it has when the
/// cent would show it equal to the ceiling it is above.
fn above(amount: &Exact, ceiling: Decimal, lang: Lang) -> String {
    let shown = money::euros(amount, lang);
    if shown != money::euros(ceiling, lang) {
        return shown;
    }
    let machine = money::exact(amount);
    let places = machine.split_once('.').map_or(2, |(_, f)| f.len() as u32);
    match lang {
        Lang::Fr => format!("{}\u{a0}€", money::human(amount, places, lang)),
        Lang::En => format!("€{}", money::human(amount, places, lang)),
    }
}

pub fn exclusion(e: &Exclusion, lang: Lang) -> String {
    match e {
        Exclusion::Irregular(i) => irregularity(i, lang),
        Exclusion::AbovePartCeiling(c) => super::schedule_text::part_ceiling(c, lang),
        Exclusion::AboveCeiling { amount, ceiling } => {
            let shown = above(amount, ceiling.amount, lang);
            let vat = match ceiling.vat {
                VatBasis::Ht => lang.pick("HT", "excl. VAT"),
                VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
            };
            match (lang, ceiling.period) {
                (Lang::Fr, Period::Yearly) => format!(
                    "coût annuel de {} {vat} supérieur au plafond budgétaire du lot ({} {vat})",
                    shown,
                    money::euros(ceiling.amount, lang)
                ),
                (Lang::Fr, Period::Contract) => format!(
                    "coût du contrat de {} {vat} supérieur au plafond budgétaire du lot ({} {vat} pour le contrat)",
                    shown,
                    money::euros(ceiling.amount, lang)
                ),
                (Lang::En, Period::Yearly) => format!(
                    "yearly cost of {} {vat} above the lot's budget ceiling ({} {vat})",
                    shown,
                    money::euros(ceiling.amount, lang)
                ),
                (Lang::En, Period::Contract) => format!(
                    "contract cost of {} {vat} above the lot's budget ceiling ({} {vat} for the contract)",
                    shown,
                    money::euros(ceiling.amount, lang)
                ),
            }
        }
        Exclusion::NonCompliant(n) => non_compliance(n, lang),
    }
}

/// Where a grade, a score or an answer was read.
pub fn origin(o: &GradeOrigin, lang: Lang) -> String {
    match o {
        GradeOrigin::Line { file, line } => {
            format!("{}, {} {line}", file.display(), lang.pick("ligne", "line"))
        }
        GradeOrigin::Cell(l) => location(l, lang),
    }
}

/// A place searched in vain: a file, or a cell of the bidder's workbook.
fn looked_in(p: &LookedIn, lang: Lang) -> String {
    match p {
        LookedIn::File(file) => printable(&file.display().to_string()),
        LookedIn::Cell(l) => location(l, lang),
    }
}

fn yes_no(answer: bool, lang: Lang) -> &'static str {
    match answer {
        true => lang.pick("oui", "yes"),
        false => lang.pick("non", "no"),
    }
}

pub fn non_compliance(n: &NonCompliance, lang: Lang) -> String {
    match n {
        NonCompliance::GradeBelow {
            grade,
            minimum,
            origin: o,
        } => match lang {
            Lang::Fr => format!(
                "note de sécurité {grade} inférieure au minimum exigé {minimum} ({})",
                origin(o, lang)
            ),
            Lang::En => format!(
                "security grade {grade} below the required minimum {minimum} ({})",
                origin(o, lang)
            ),
        },
        NonCompliance::NoGrade { minimum, looked } => {
            let places: Vec<String> = looked.iter().map(|p| looked_in(p, lang)).collect();
            let searched = match (places.as_slice(), lang) {
                ([], _) => String::new(),
                ([one], Lang::Fr) => format!(" dans {one}"),
                ([one], Lang::En) => format!(" in {one}"),
                (many, Lang::Fr) => format!(", ni dans {}", many.join(", ni dans ")),
                (many, Lang::En) => format!(", neither in {}", many.join(" nor in ")),
            };
            match lang {
                Lang::Fr => {
                    format!("aucune note de sécurité{searched} : le minimum exigé est {minimum}")
                }
                Lang::En => {
                    format!("no security grade{searched}: the required minimum is {minimum}")
                }
            }
        }
        NonCompliance::UnreadableGrade {
            found,
            location: l,
            minimum,
        } => match lang {
            Lang::Fr => format!(
                "note de sécurité « {} » illisible ({}) : attendu A+ à F ; le minimum exigé est {minimum}",
                printable(found),
                location(l, lang)
            ),
            Lang::En => format!(
                "security grade '{}' cannot be read ({}): expected A+ to F; the required minimum is {minimum}",
                printable(found),
                location(l, lang)
            ),
        },
        NonCompliance::GdprAnswer {
            question,
            text,
            required,
            answer,
            origin: o,
            looked_in,
        } => {
            let given = match (answer, o, looked_in) {
                (Some(a), Some(o), _) => format!(
                    "{} {} ({})",
                    lang.pick("réponse", "answered"),
                    yes_no(*a, lang),
                    origin(o, lang)
                ),
                (_, _, Some(file)) => format!(
                    "{} {}",
                    lang.pick("pas de réponse dans", "no answer in"),
                    printable(&file.display().to_string())
                ),
                _ => lang.pick("pas de réponse", "no answer").to_owned(),
            };
            match lang {
                Lang::Fr => format!(
                    "questionnaire RGPD, question {question} « {} » : réponse exigée {}, {given}",
                    printable(text),
                    yes_no(*required, lang)
                ),
                Lang::En => format!(
                    "GDPR questionnaire, question {question} '{}': required answer {}, {given}",
                    printable(text),
                    yes_no(*required, lang)
                ),
            }
        }
    }
}

fn bytes(n: u64, lang: Lang) -> String {
    let mib = rust_decimal::Decimal::from(n) / rust_decimal::Decimal::from(1024 * 1024);
    format!("{} {}", money::human(mib, 1, lang), lang.pick("Mio", "MiB"))
}

fn over_limit(o: &OverLimit, lang: Lang) -> String {
    match (o, lang) {
        (OverLimit::FileBytes { bytes: b, limit }, Lang::Fr) => {
            format!(
                "le fichier pèse {} ; au plus {} sont lus",
                bytes(*b, lang),
                bytes(*limit, lang)
            )
        }
        (OverLimit::FileBytes { bytes: b, limit }, Lang::En) => {
            format!(
                "the file weighs {}; at most {} are read",
                bytes(*b, lang),
                bytes(*limit, lang)
            )
        }
        (OverLimit::ZipEntries { entries, limit }, Lang::Fr) => {
            format!("l'archive contient {entries} éléments ; au plus {limit} sont admis")
        }
        (OverLimit::ZipEntries { entries, limit }, Lang::En) => {
            format!("the archive holds {entries} entries; at most {limit} are allowed")
        }
        (
            OverLimit::EntryBytes {
                entry,
                bytes: b,
                limit,
            },
            Lang::Fr,
        ) => format!(
            "l'élément {} se décompresse en {} ; au plus {} sont admis",
            printable(entry),
            bytes(*b, lang),
            bytes(*limit, lang)
        ),
        (
            OverLimit::EntryBytes {
                entry,
                bytes: b,
                limit,
            },
            Lang::En,
        ) => format!(
            "entry {} inflates to {}; at most {} are allowed",
            printable(entry),
            bytes(*b, lang),
            bytes(*limit, lang)
        ),
        (OverLimit::TotalBytes { bytes: b, limit }, Lang::Fr) => {
            format!(
                "le classeur se décompresse en {} ; au plus {} sont admis",
                bytes(*b, lang),
                bytes(*limit, lang)
            )
        }
        (OverLimit::TotalBytes { bytes: b, limit }, Lang::En) => {
            format!(
                "the workbook inflates to {}; at most {} are allowed",
                bytes(*b, lang),
                bytes(*limit, lang)
            )
        }
        (
            OverLimit::Ratio {
                entry,
                ratio,
                limit,
            },
            Lang::Fr,
        ) => format!(
            "l'élément {} se décompresse {ratio} fois sa taille (au plus {limit}) : c'est une bombe de décompression",
            printable(entry)
        ),
        (
            OverLimit::Ratio {
                entry,
                ratio,
                limit,
            },
            Lang::En,
        ) => format!(
            "entry {} inflates {ratio} times its size (at most {limit}): a decompression bomb",
            printable(entry)
        ),
        (OverLimit::Extent { sheet, cell }, Lang::Fr) => format!(
            "{} a une cellule en {cell}, au-delà de la zone lue (lignes 1 à 10 000, colonnes A à GR)",
            sheet_name(sheet, lang)
        ),
        (OverLimit::Extent { sheet, cell }, Lang::En) => format!(
            "{} has a cell at {cell}, beyond the area read (rows 1 to 10,000, columns A to GR)",
            sheet_name(sheet, lang)
        ),
        (OverLimit::Cells { sheet, limit }, Lang::Fr) => {
            format!(
                "{} a plus de {limit} cellules remplies",
                sheet_name(sheet, lang)
            )
        }
        (OverLimit::Cells { sheet, limit }, Lang::En) => {
            format!(
                "{} has more than {limit} filled cells",
                sheet_name(sheet, lang)
            )
        }
        (OverLimit::XlsArea { cells, limit }, Lang::Fr) => format!(
            "les feuilles du classeur couvrent {cells} cellules en tout, vides comprises ; au plus {limit} sont lues"
        ),
        (OverLimit::XlsArea { cells, limit }, Lang::En) => format!(
            "the workbook's sheets span {cells} cells in all, empty ones included; at most {limit} are read"
        ),
        (OverLimit::XlsRecords { limit }, Lang::Fr) => format!(
            "les feuilles du classeur xls demandent de parcourir plus de {limit} enregistrements"
        ),
        (OverLimit::XlsRecords { limit }, Lang::En) => format!(
            "reading the xls workbook's sheets takes walking through more than {limit} records"
        ),
        (OverLimit::MergedAreas { sheet, limit }, Lang::Fr) => format!(
            "{} a plus de {limit} zones de cellules fusionnées",
            sheet_name(sheet, lang)
        ),
        (OverLimit::MergedAreas { sheet, limit }, Lang::En) => format!(
            "{} has more than {limit} merged areas",
            sheet_name(sheet, lang)
        ),
    }
}

/// `la feuille « Lot 1 »`, or `le fichier` when the format does not say which sheet
/// (a CSV file, or an xls workbook's records).
fn sheet_name(sheet: &str, lang: Lang) -> String {
    match (sheet.is_empty(), lang) {
        (true, Lang::Fr) => "le fichier".to_owned(),
        (true, Lang::En) => "the file".to_owned(),
        (false, Lang::Fr) => format!("la feuille « {} »", printable(sheet)),
        (false, Lang::En) => format!("sheet '{}'", printable(sheet)),
    }
}

fn open_problem(p: OpenProblem, lang: Lang) -> &'static str {
    match p {
        OpenProblem::NotFound => lang.pick("il est introuvable", "it cannot be found"),
        OpenProblem::PermissionDenied => lang.pick(
            "l'accès en lecture est refusé",
            "reading it is not permitted",
        ),
        OpenProblem::Io => lang.pick(
            "erreur d'entrée-sortie du disque ou du partage",
            "input/output error of the disk or share",
        ),
    }
}

fn not_spreadsheet(k: NotSpreadsheet, lang: Lang) -> &'static str {
    match k {
        NotSpreadsheet::Empty => lang.pick("le fichier est vide", "the file is empty"),
        NotSpreadsheet::Pdf => lang.pick("un document PDF", "a PDF document"),
        NotSpreadsheet::Rtf => lang.pick("un document RTF", "an RTF document"),
        NotSpreadsheet::Image => lang.pick("une image", "an image"),
        NotSpreadsheet::WordDocument => lang.pick("un document Word", "a Word document"),
        NotSpreadsheet::ZipWithoutWorkbook => lang.pick(
            "une archive zip qui ne contient pas de classeur",
            "a zip archive that holds no workbook",
        ),
        NotSpreadsheet::OleWithoutWorkbook => lang.pick(
            "un fichier OLE2, le format des documents Office 97-2003, qui ne contient pas de classeur",
            "an OLE2 file, the format of Office 97-2003 documents, that holds no workbook",
        ),
        NotSpreadsheet::Unknown => lang.pick(
            "son contenu n'est pas celui d'un classeur",
            "its content is not that of a workbook",
        ),
    }
}

fn xml_problem(p: XmlProblem, lang: Lang) -> &'static str {
    match p {
        XmlProblem::Syntax => lang.pick(
            "une balise, un commentaire ou une section non fermés",
            "a tag, comment or section left open",
        ),
        XmlProblem::Mismatched => lang.pick(
            "des balises qui ne se correspondent pas",
            "tags that do not match",
        ),
        XmlProblem::Encoding => {
            lang.pick("du texte qui n'est pas en UTF-8", "text that is not UTF-8")
        }
        XmlProblem::Reference => lang.pick(
            "une référence d'entité ou de caractère inconnue",
            "an unknown entity or character reference",
        ),
        XmlProblem::Attribute => lang.pick("un attribut mal écrit", "an attribute written wrongly"),
    }
}

fn field(f: Field, lang: Lang) -> &'static str {
    match f {
        Field::CellReference => lang.pick("référence de cellule", "cell reference"),
        Field::RowNumber => lang.pick("numéro de ligne", "row number"),
        Field::SharedString => lang.pick("index de texte partagé", "shared string index"),
        Field::Number => lang.pick("nombre", "number"),
        Field::CellType => lang.pick("type de cellule", "cell type"),
        Field::RepeatCount => lang.pick("nombre de répétitions", "repeat count"),
    }
}

fn damage_kind(k: &DamageKind, lang: Lang) -> String {
    match k {
        DamageKind::Archive => lang
            .pick(
                "l'archive zip est illisible",
                "the zip archive cannot be read",
            )
            .to_owned(),
        DamageKind::Truncated => lang
            .pick(
                "le fichier s'arrête avant la fin",
                "the file ends too early",
            )
            .to_owned(),
        DamageKind::Corrupt => lang
            .pick(
                "un contenu ne correspond pas à sa somme de contrôle ou ne peut être décompressé",
                "a content does not match its checksum or cannot be inflated",
            )
            .to_owned(),
        DamageKind::UnsupportedCompression => lang
            .pick(
                "un contenu est compressé par une méthode inconnue",
                "a content is compressed by an unknown method",
            )
            .to_owned(),
        DamageKind::MissingPart => lang
            .pick(
                "une partie du classeur manque",
                "a part of the workbook is missing",
            )
            .to_owned(),
        DamageKind::Xml(p) => match lang {
            Lang::Fr => format!("le XML n'est pas bien formé ({})", xml_problem(*p, lang)),
            Lang::En => format!("the XML is not well-formed ({})", xml_problem(*p, lang)),
        },
        DamageKind::BadValue { field: f, found } => match lang {
            Lang::Fr => format!("{} invalide : « {} »", field(*f, lang), printable(found)),
            Lang::En => format!("invalid {}: '{}'", field(*f, lang), printable(found)),
        },
        DamageKind::Container => lang
            .pick(
                "le conteneur OLE2 (format .xls) est endommagé",
                "the OLE2 container (.xls format) is damaged",
            )
            .to_owned(),
        DamageKind::XlsRecords => lang
            .pick(
                "les enregistrements du classeur xls ne peuvent être lus",
                "the xls workbook's records cannot be read",
            )
            .to_owned(),
        DamageKind::LibraryFailed => lang
            .pick(
                "la bibliothèque de lecture a échoué sur ce fichier",
                "the spreadsheet library failed on this file",
            )
            .to_owned(),
    }
}

/// Where a damage is: the archive's part and byte, or the line of a CSV file.
fn damage_place(d: &Damage, lang: Lang) -> String {
    match (&d.part, d.at, lang) {
        (Some(part), Some(at), Lang::Fr) => format!(" (élément {}, octet {at})", printable(part)),
        (Some(part), Some(at), Lang::En) => format!(" (part {}, byte {at})", printable(part)),
        (Some(part), None, Lang::Fr) => format!(" (élément {})", printable(part)),
        (Some(part), None, Lang::En) => format!(" (part {})", printable(part)),
        (None, Some(line), Lang::Fr) => format!(" (ligne {line})"),
        (None, Some(line), Lang::En) => format!(" (line {line})"),
        (None, None, _) => String::new(),
    }
}

fn internal(e: &InternalError, lang: Lang) -> String {
    let detail = match (&e.kind, lang) {
        // The panic's message is a developer's English: shown in English only.
        (InternalKind::Panic { message }, Lang::En) if !message.is_empty() => {
            format!(": {}", printable(message))
        }
        (InternalKind::Invariant { what }, Lang::En) => format!(": {what}"),
        _ => String::new(),
    };
    let place = if e.place.is_empty() && detail.is_empty() {
        String::new()
    } else {
        format!(" ({}{detail})", printable(&e.place))
    };
    match lang {
        Lang::Fr => format!(
            "erreur interne de tender{place} : le fichier n'est pas en cause, mais il n'a pas été lu ; merci de signaler l'erreur aux développeurs de tender, avec ce fichier"
        ),
        Lang::En => format!(
            "internal error of tender{place}: the file is not at fault, but it was not read; please report the error to tender's developers, with this file"
        ),
    }
}

pub fn read_error(e: &ReadError, lang: Lang) -> String {
    match (e, lang) {
        (ReadError::Unopenable(p), Lang::Fr) => format!("le fichier ne peut être ouvert : {}", open_problem(*p, lang)),
        (ReadError::Unopenable(p), Lang::En) => format!("the file cannot be opened: {}", open_problem(*p, lang)),
        (ReadError::NotASpreadsheet(k), Lang::Fr) => {
            format!("ce n'est pas un classeur ({}) ; attendu : un fichier xlsx, ods, xls ou csv", not_spreadsheet(*k, lang))
        }
        (ReadError::NotASpreadsheet(k), Lang::En) => {
            format!("not a spreadsheet ({}); expected an xlsx, ods, xls or csv file", not_spreadsheet(*k, lang))
        }
        (ReadError::Encrypted, Lang::Fr) => {
            "le classeur est protégé par un mot de passe : il ne peut être lu ; demander au candidat une version sans mot de passe"
                .to_owned()
        }
        (ReadError::Encrypted, Lang::En) => {
            "the workbook is protected by a password: it cannot be read; ask the bidder for a copy without one".to_owned()
        }
        (ReadError::Damaged(d), Lang::Fr) => format!(
            "le classeur est endommagé : {}{} ; demander au candidat un nouvel exemplaire",
            damage_kind(&d.problem, lang),
            damage_place(d, lang)
        ),
        (ReadError::Damaged(d), Lang::En) => format!(
            "the workbook is damaged: {}{}; ask the bidder for a new copy",
            damage_kind(&d.problem, lang),
            damage_place(d, lang)
        ),
        (ReadError::TooLarge(o), Lang::Fr) => format!("fichier refusé, hors des limites de lecture : {}", over_limit(o, lang)),
        (ReadError::TooLarge(o), Lang::En) => format!("file refused, over the reading limits: {}", over_limit(o, lang)),
        (ReadError::Internal(i), _) => internal(i, lang),
    }
}

/// Why a file could not be used, without its name.
pub fn failure_body(f: &FileFailure, lang: Lang) -> String {
    match f {
        FileFailure::Unreadable { error, .. } => read_error(error, lang),
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
        FileFailure::SameId { bidder, files } => {
            let list: Vec<String> = files
                .iter()
                .map(|f| printable(&f.display().to_string()))
                .collect();
            match lang {
                Lang::Fr => format!(
                    "les noms de fichiers {} donnent tous l'identifiant de candidat « {} » : un seul candidat ou plusieurs, on ne peut le dire, aucun n'est lu ; renommez-les pour qu'ils portent le même nom (un candidat) ou des noms distincts (plusieurs)",
                    list.join(", "),
                    printable(bidder)
                ),
                Lang::En => format!(
                    "the file names {} all give the bidder id '{}': one bidder or several cannot be told, none is read; rename them to the same name (one bidder) or to distinct names (several)",
                    list.join(", "),
                    printable(bidder)
                ),
            }
        }
    }
}

pub fn failure(f: &FileFailure, lang: Lang) -> String {
    match f {
        FileFailure::Unreadable { file, .. } => {
            located(&Location::file(file), failure_body(f, lang), lang)
        }
        FileFailure::SeveralFiles { .. } | FileFailure::SameId { .. } => failure_body(f, lang),
    }
}

fn note_place(n: &ReadNote) -> &Location {
    match n {
        ReadNote::NoHeader { location, .. }
        | ReadNote::UnknownScope { location, .. }
        | ReadNote::DuplicateScope { location, .. }
        | ReadNote::DuplicateCode { location, .. }
        | ReadNote::DuplicateLotSheet { location, .. }
        | ReadNote::NoLotSheet { location }
        | ReadNote::UnknownCsvLot { location }
        | ReadNote::VatIncludedLabel { location, .. }
        | ReadNote::OtherTender { location, .. }
        | ReadNote::UnknownDeclaredLot { location, .. }
        | ReadNote::UnreadableDeclaredLots { location, .. } => location,
    }
}

/// What the reader noticed, with the place.
pub fn read_note(n: &ReadNote, lang: Lang) -> String {
    located(note_place(n), read_note_body(n, lang), lang)
}

/// What the reader noticed, without the place.
pub fn read_note_body(n: &ReadNote, lang: Lang) -> String {
    match n {
        ReadNote::NoHeader { lot, .. } => match lang {
            Lang::Fr => format!("pas de ligne d'en-tête « Code » : l'offre du lot {lot} n'a pu être lue"),
            Lang::En => format!("no 'Code' header row: the offer for lot {lot} could not be read"),
        },
        ReadNote::UnknownScope { header, .. } => match lang {
            Lang::Fr => format!("colonne « {} » ignorée : ce périmètre n'existe pas dans la consultation", printable(header)),
            Lang::En => format!("column '{}' ignored: no such scope in the tender", printable(header)),
        },
        ReadNote::DuplicateScope { scope, first, has_values, .. } => match lang {
            Lang::Fr => format!(
                "seconde colonne pour le périmètre [{scope}]{} ; seule celle de la {} est lue",
                if *has_values { ", avec des chiffres" } else { ", vide" },
                cell_only(first, lang)
            ),
            Lang::En => format!(
                "second column for scope [{scope}]{}; only the one at {} is read",
                if *has_values { ", with figures" } else { ", empty" },
                cell_only(first, lang)
            ),
        },
        ReadNote::DuplicateCode { code, first, has_values, .. } => match lang {
            Lang::Fr => format!(
                "ligne {code} en double{} ; seule celle de la {} est lue",
                if *has_values { ", avec des chiffres" } else { ", vide" },
                cell_only(first, lang)
            ),
            Lang::En => format!(
                "row {code} given twice{}; only the one at {} is read",
                if *has_values { ", with figures" } else { ", empty" },
                cell_only(first, lang)
            ),
        },
        ReadNote::DuplicateLotSheet { lot, first, .. } => match lang {
            Lang::Fr => format!(
                "seconde feuille pour le lot {lot}, ignorée ; seule la feuille « {} » est lue",
                printable(first.sheet.as_deref().unwrap_or(""))
            ),
            Lang::En => format!(
                "second sheet for lot {lot}, ignored; only sheet '{}' is read",
                printable(first.sheet.as_deref().unwrap_or(""))
            ),
        },
        ReadNote::NoLotSheet { .. } => lang
            .pick(
                "aucune feuille « Lot … » de la consultation : le fichier ne contient pas d'offre",
                "no 'Lot …' sheet of the tender: the file holds no offer",
            )
            .to_owned(),
        ReadNote::UnknownCsvLot { .. } => lang
            .pick(
                "le lot de ce fichier CSV est inconnu (ni titre « Lot … », ni nom du type candidat.lot-3.csv)",
                "the lot of this CSV file is unknown (no 'Lot …' title, no name such as bidder.lot-3.csv)",
            )
            .to_owned(),
        ReadNote::VatIncludedLabel { text, .. } => match lang {
            Lang::Fr => format!(
                "« {} » : le bordereau demande des prix hors taxes (HT), ces montants semblent TTC ; ils sont lus comme HT",
                printable(text)
            ),
            Lang::En => format!(
                "'{}': the schedule asks prices excluding VAT, these seem to include it; they are read as excluding VAT",
                printable(text)
            ),
        },
        ReadNote::OtherTender { found, .. } => match lang {
            Lang::Fr => format!(
                "le classeur porte la consultation « {} » : ce n'est peut-être pas le bon fichier",
                printable(found)
            ),
            Lang::En => format!("the workbook names the consultation '{}': it may be the wrong file", printable(found)),
        },
        ReadNote::UnknownDeclaredLot { lot, .. } => match lang {
            Lang::Fr => format!("lot « {} » déclaré, mais la consultation n'a pas de tel lot", printable(lot)),
            Lang::En => format!("lot '{}' declared, but the tender has no such lot", printable(lot)),
        },
        ReadNote::UnreadableDeclaredLots { text, problem, .. } => {
            super::declared_lots::unreadable(text, problem, lang)
        }
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
        Warning::WeightsNot100 {
            file,
            price,
            technical,
        } => format!(
            "{}{}{}",
            printable(&file.display().to_string()),
            lang.pick(" : ", ": "),
            super::plausibility::weights(*price, *technical, lang)
        ),
        Warning::NoTechnicalScores { file, weight } => format!(
            "{}{}{}",
            printable(&file.display().to_string()),
            lang.pick(" : ", ": "),
            super::plausibility::no_scores(*weight, lang)
        ),
    }
}

pub fn ignored_file(path: &std::path::Path, lang: Lang) -> String {
    located(&Location::file(path), ignored_body(lang), lang)
}

fn ignored_body(lang: Lang) -> String {
    lang.pick(
        "ignoré (ce n'est pas un classeur xlsx, ods, xls ou csv)",
        "ignored (not an xlsx, ods, xls or csv workbook)",
    )
    .to_owned()
}

/// What a finding does to the offer.
pub fn consequence(c: &Consequence, lang: Lang) -> String {
    match c {
        Consequence::Irregular { lot, scopes } => {
            let plural = scopes.len() > 1;
            match lang {
                Lang::Fr => format!(
                    "offre irrégulière pour le lot {lot}, {} {}",
                    if plural {
                        "périmètres"
                    } else {
                        "périmètre"
                    },
                    scopes.join(", ")
                ),
                Lang::En => format!(
                    "offer irregular for lot {lot}, {} {}",
                    if plural { "scopes" } else { "scope" },
                    scopes.join(", ")
                ),
            }
        }
        Consequence::Incomplete { lot } => match lang {
            Lang::Fr => format!("lot {lot} incomplet : aucune offre lue"),
            Lang::En => format!("lot {lot} incomplete: no offer read"),
        },
        Consequence::BandTariffUnusable { lot } => match lang {
            Lang::Fr => format!(
                "tarif par tranche du lot {lot} inutilisable ; les offres par périmètre n'en sont pas affectées"
            ),
            Lang::En => format!(
                "lot {lot}'s band tariff cannot be used; the offers per scope are not affected"
            ),
        },
        Consequence::FileNotRead => lang
            .pick(
                "aucune offre n'est lue dans ce fichier",
                "no offer is read from this file",
            )
            .to_owned(),
        Consequence::InternalError => lang
            .pick(
                "aucune offre n'est lue dans ce fichier, à cause d'une erreur de tender (non du candidat)",
                "no offer is read from this file, because of an error of tender (not of the bidder)",
            )
            .to_owned(),
        Consequence::NotFilled => lang
            .pick(
                "offre non remplie : rien n'est classé pour ce candidat",
                "offer not filled in: nothing is ranked for this bidder",
            )
            .to_owned(),
        Consequence::None => lang
            .pick("avertissement seulement", "warning only")
            .to_owned(),
    }
}

/// What a finding says, without its place: the problem, then its consequence.
pub fn finding_body(f: &Finding, lang: Lang) -> String {
    let body = match &f.problem {
        Problem::Irregular(i) => irregularity_body(i, lang),
        Problem::Read(n) => read_note_body(n, lang),
        Problem::File(failure) => failure_body(failure, lang),
        Problem::Ignored => ignored_body(lang),
        Problem::MissingOffer { sheet } => {
            let lot = f.lot.as_deref().unwrap_or("?");
            match (sheet, lang) {
                (false, Lang::Fr) => {
                    format!(
                        "le candidat déclare répondre au lot {lot}, mais son classeur n'a pas de feuille « Lot {lot} »"
                    )
                }
                (false, Lang::En) => format!(
                    "the bidder says it answers lot {lot}, but its workbook has no 'Lot {lot}' sheet"
                ),
                (true, Lang::Fr) => {
                    format!(
                        "le candidat déclare répondre au lot {lot}, mais sa feuille « Lot {lot} » ne porte aucun prix"
                    )
                }
                (true, Lang::En) => format!(
                    "the bidder says it answers lot {lot}, but its 'Lot {lot}' sheet holds no price"
                ),
            }
        }
        Problem::SecurityGrade { found: None } => lang
            .pick(
                "note de sécurité (Mozilla Observatory) absente de la feuille « Candidat » : les offres du candidat seront non conformes",
                "security grade (Mozilla Observatory) missing from the 'Candidat' sheet: the bidder's offers will be non-compliant",
            )
            .to_owned(),
        Problem::SecurityGrade { found: Some(found) } => match lang {
            Lang::Fr => format!(
                "« {} » n'est pas une note de sécurité (attendu A+, A, A-, … F) : les offres du candidat seront non conformes",
                printable(found)
            ),
            Lang::En => format!(
                "'{}' is not a security grade (expected A+, A, A-, … F): the bidder's offers will be non-compliant",
                printable(found)
            ),
        },
        Problem::Identifier { problem: None } => lang
            .pick(
                "ni SIRET ni autre identifiant sur la feuille « Candidat » : les données ouvertes (export) ne pourront publier le candidat s'il est retenu",
                "neither a SIRET nor another identifier on the 'Candidat' sheet: the open data (export) cannot publish the bidder if it is awarded a lot",
            )
            .to_owned(),
        Problem::Identifier {
            problem: Some((kind, found)),
        } => identifier_problem(*kind, found, lang),
        Problem::Schedule(s) => super::schedule_text::finding(s, lang),
        Problem::AmountDisagrees(d) => super::schedule_text::disagreement(d, lang),
        Problem::NotFilled => lang
            .pick(
                "aucun prix, aucun prix de tranche ni aucun lot déclaré dans ce fichier : le bordereau a été renvoyé vierge",
                "no price, no band price and no lot declared in this file: the schedule was sent back blank",
            )
            .to_owned(),
        Problem::MissingLegalName => lang
            .pick(
                "raison sociale absente de la feuille « Candidat »",
                "legal name missing from the 'Candidat' sheet",
            )
            .to_owned(),
        Problem::TooManyDecimals { value } => match lang {
            Lang::Fr => format!(
                "{} : montant avec plus de deux décimales ({}) ; il est pris tel quel, l'arrondi au centime n'a lieu qu'à l'affichage",
                f.item.unwrap_or("?"),
                number(*value, lang)
            ),
            Lang::En => format!(
                "{}: amount with more than two decimals ({}); it is used as written, rounding to the cent happens only on display",
                f.item.unwrap_or("?"),
                number(*value, lang)
            ),
        },
        Problem::VatIncludedValue { raw } => match lang {
            Lang::Fr => format!(
                "{} : « {} » est indiqué TTC alors que le bordereau demande des prix HT ; il est lu comme HT",
                f.item.unwrap_or("?"),
                printable(raw)
            ),
            Lang::En => format!(
                "{}: '{}' is marked as including VAT where the schedule asks prices excluding it; it is read as excluding VAT",
                f.item.unwrap_or("?"),
                printable(raw)
            ),
        },
        Problem::BasisChanged {
            expected: want,
            found,
        } => match lang {
            Lang::Fr => format!(
                "{} : la base pré-remplie a été modifiée (attendu : {}, trouvé : « {} ») ; sans effet, ce mode de tarification n'est pas celui retenu",
                f.item.unwrap_or("?"),
                money::quantity(*want, lang),
                printable(found)
            ),
            Lang::En => format!(
                "{}: the pre-filled basis was changed (expected {}, found '{}'); no effect, this pricing model is not the one chosen",
                f.item.unwrap_or("?"),
                money::quantity(*want, lang),
                printable(found)
            ),
        },
        Problem::Band { bands, problem } => band_problem(bands, problem, lang),
        Problem::BandBelowPrevious {
            bands,
            band,
            price,
            previous,
        } => match lang {
            Lang::Fr => format!(
                "{} : prix de {} inférieur à celui de la tranche précédente, {} ({}) : un périmètre plus grand coûterait moins cher ; à vérifier",
                band_name(bands, *band, lang),
                money::euros(*price, lang),
                band_code(bands, band - 1),
                money::euros(*previous, lang)
            ),
            Lang::En => format!(
                "{}: price of {} lower than the band below, {} ({}): a larger perimeter would cost less; worth a look",
                band_name(bands, *band, lang),
                money::euros(*price, lang),
                band_code(bands, band - 1),
                money::euros(*previous, lang)
            ),
        },
        Problem::UnaskedBandPrice { raw } => match lang {
            Lang::Fr => format!(
                "{} : prix par tranche (« {} ») que la consultation ne demande pas pour ce lot ; il est ignoré",
                f.item.unwrap_or("?"),
                printable(raw)
            ),
            Lang::En => format!(
                "{}: band price ('{}') that the tender does not ask for this lot; it is ignored",
                f.item.unwrap_or("?"),
                printable(raw)
            ),
        },
        Problem::ScoredWithoutOffer => match lang {
            Lang::Fr => format!(
                "le candidat {} a une note technique mais aucune offre n'a été lue pour lui",
                printable(f.bidder.as_deref().unwrap_or("?"))
            ),
            Lang::En => format!(
                "bidder {} has a technical score but no offer was read from it",
                printable(f.bidder.as_deref().unwrap_or("?"))
            ),
        },
        Problem::Implausible(rule) => format!(
            "{}{}",
            lang.pick("valeur invraisemblable : ", "implausible value: "),
            super::plausibility::rule(rule, lang)
        ),
        Problem::MissingTechnicalScore => super::plausibility::missing_score(
            f.bidder.as_deref().unwrap_or("?"),
            f.lot.as_deref().unwrap_or("?"),
            lang,
        ),
        Problem::NoTechnicalScores { weight } => super::plausibility::no_scores(*weight, lang),
        Problem::WeightsNot100 { price, technical } => {
            super::plausibility::weights(*price, *technical, lang)
        }
    };
    format!("{body} → {}", consequence(&f.consequence, lang))
}

fn band_code(bands: &Bands, band: usize) -> &'static str {
    layout::band_code(bands.measure, band).unwrap_or("?")
}

/// A band with what it covers: `1.5.b2 (de 5 001 à 10 000 habitants)`.
fn band_name(bands: &Bands, band: usize, lang: Lang) -> String {
    format!(
        "{} ({})",
        band_code(bands, band),
        layout::band_range(bands, band, lang)
    )
}

/// The band tariff's rows: `1.5.b1 à 1.5.b7`.
fn band_span(bands: &Bands, lang: Lang) -> String {
    let last = bands.limits.len().saturating_sub(1);
    if last == 0 {
        band_code(bands, 0).to_owned()
    } else {
        format!(
            "{} {} {}",
            band_code(bands, 0),
            lang.pick("à", "to"),
            band_code(bands, last)
        )
    }
}

/// Why a band tariff cannot be used, without the place.
pub fn band_problem(bands: &Bands, p: &BandProblem, lang: Lang) -> String {
    let expected = lang.pick("un montant en euros HT", "an amount in euros excluding VAT");
    match p {
        BandProblem::NoColumn { .. } => match lang {
            Lang::Fr => format!(
                "pas de colonne « {} » : le tarif par tranche ({}) n'a pu être lu",
                layout::BAND_HEADER,
                band_span(bands, lang)
            ),
            Lang::En => format!(
                "no '{}' column: the band tariff ({}) could not be read",
                layout::BAND_HEADER,
                band_span(bands, lang)
            ),
        },
        BandProblem::Unfilled { .. } => match lang {
            Lang::Fr => format!(
                "tarif par tranche non rempli ({}) ; attendu : un prix annuel en euros HT pour chaque tranche",
                band_span(bands, lang)
            ),
            Lang::En => format!(
                "band tariff not filled ({}); expected a yearly price in euros excluding VAT for each band",
                band_span(bands, lang)
            ),
        },
        BandProblem::Missing {
            band,
            location: loc,
        } => match (loc.cell.is_none(), lang) {
            (true, Lang::Fr) => format!(
                "la ligne {} est absente de la feuille",
                band_name(bands, *band, lang)
            ),
            (true, Lang::En) => format!(
                "row {} is missing from the sheet",
                band_name(bands, *band, lang)
            ),
            (false, Lang::Fr) => format!(
                "{} : prix absent ; attendu : {expected}",
                band_name(bands, *band, lang)
            ),
            (false, Lang::En) => format!(
                "{}: no price; expected {expected}",
                band_name(bands, *band, lang)
            ),
        },
        BandProblem::Invalid {
            band, raw, problem, ..
        } => match lang {
            Lang::Fr => format!(
                "{} : {} ; attendu : {expected}",
                band_name(bands, *band, lang),
                invalid_value(raw, problem, lang)
            ),
            Lang::En => format!(
                "{}: {}; expected {expected}",
                band_name(bands, *band, lang),
                invalid_value(raw, problem, lang)
            ),
        },
        BandProblem::Negative { band, value, .. } => match lang {
            Lang::Fr => format!(
                "{} : valeur négative ({}) ; attendu : {expected} positif ou nul",
                band_name(bands, *band, lang),
                number(*value, lang)
            ),
            Lang::En => format!(
                "{}: negative value ({}); expected {expected}, zero or more",
                band_name(bands, *band, lang),
                number(*value, lang)
            ),
        },
        BandProblem::Ambiguous(c @ Conflict::DuplicateRow { .. }) => {
            irregularity_body(&Irregularity::Ambiguous(c.clone()), lang)
        }
        BandProblem::Ambiguous(Conflict::DuplicateColumn { first, .. }) => match lang {
            Lang::Fr => format!(
                "une seconde colonne « {} » porte des chiffres (première colonne : {}) : le tarif à retenir ne peut être déterminé",
                layout::BAND_HEADER,
                cell_only(first, lang)
            ),
            Lang::En => format!(
                "a second '{}' column holds figures (first column: {}): which is the tariff cannot be told",
                layout::BAND_HEADER,
                cell_only(first, lang)
            ),
        },
    }
}

pub fn lot_status(s: LotStatus, lang: Lang) -> &'static str {
    match s {
        LotStatus::Complete => lang.pick("complet", "complete"),
        LotStatus::BandTariffUnusable => lang.pick(
            "complet, tarif par tranche inutilisable",
            "complete, band tariff unusable",
        ),
        LotStatus::Incomplete => lang.pick("incomplet", "incomplete"),
        LotStatus::Irregular => lang.pick("irrégulier", "irregular"),
    }
}

/// Why a bidder's identifier (`Candidat` sheet) cannot be published, without the place.
pub fn identifier_problem(
    kind: crate::publish::identifier::IdProblemKind,
    found: &str,
    lang: Lang,
) -> String {
    use crate::publish::identifier::IdProblemKind as K;
    let kinds = crate::publish::IdKind::ALL
        .iter()
        .map(|k| k.decp())
        .collect::<Vec<_>>()
        .join(", ");
    let found = printable(found);
    match (kind, lang) {
        (K::BadSiret, Lang::Fr) => {
            format!("« {found} » n'est pas un SIRET (14 chiffres dont la clé de Luhn est juste)")
        }
        (K::BadSiret, Lang::En) => {
            format!("'{found}' is not a SIRET (14 digits passing the Luhn check)")
        }
        (K::MissingType, Lang::Fr) => {
            format!("l'identifiant « {found} » est donné sans son type ({kinds})")
        }
        (K::MissingType, Lang::En) => {
            format!("identifier '{found}' is given without its type ({kinds})")
        }
        (K::UnknownType, Lang::Fr) => {
            format!("« {found} » n'est pas un type d'identifiant : attendu {kinds}")
        }
        (K::UnknownType, Lang::En) => {
            format!("'{found}' is not a type of identifier: expected {kinds}")
        }
        (K::BadVat, Lang::Fr) => format!(
            "« {found} » n'est pas un numéro de TVA intracommunautaire (deux lettres du pays, puis 2 à 12 lettres ou chiffres)"
        ),
        (K::BadVat, Lang::En) => format!(
            "'{found}' is not an EU VAT number (the country's two letters, then 2 to 12 letters or digits)"
        ),
        (K::BadOther, Lang::Fr) => format!(
            "« {found} » n'est pas un identifiant publiable (1 à 20 lettres, chiffres ou « - »)"
        ),
        (K::BadOther, Lang::En) => format!(
            "'{found}' is not an identifier that can be published (1 to 20 letters, digits or '-')"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of the English messages that no French sentence holds.
    const ENGLISH: [&str; 22] = [
        "the",
        "is",
        "of",
        "file",
        "workbook",
        "damaged",
        "cannot",
        "invalid",
        "password",
        "library",
        "failed",
        "part",
        "byte",
        "expected",
        "holds",
        "truncated",
        "error",
        "sheet",
        "not",
        "ends",
        "found",
        "internal",
    ];

    fn every_read_error() -> Vec<ReadError> {
        let mut all = vec![
            ReadError::Unopenable(OpenProblem::NotFound),
            ReadError::Unopenable(OpenProblem::PermissionDenied),
            ReadError::Unopenable(OpenProblem::Io),
            ReadError::Encrypted,
            ReadError::TooLarge(OverLimit::XlsArea {
                cells: 4_000_000,
                limit: 2_000_000,
            }),
            ReadError::TooLarge(OverLimit::Extent {
                sheet: String::new(),
                cell: "EQXE1".into(),
            }),
            ReadError::TooLarge(OverLimit::XlsRecords { limit: 4_000_000 }),
            ReadError::TooLarge(OverLimit::MergedAreas {
                sheet: "Lot 1".into(),
                limit: 1_000,
            }),
            ReadError::Internal(InternalError {
                place: "src/bpu/ods.rs:120".into(),
                kind: InternalKind::Panic {
                    message: "attempt to subtract with overflow".into(),
                },
            }),
            ReadError::Internal(InternalError::invariant(
                "a zip container comes with its archive",
            )),
        ];
        all.extend(
            [
                NotSpreadsheet::Empty,
                NotSpreadsheet::Pdf,
                NotSpreadsheet::Rtf,
                NotSpreadsheet::Image,
                NotSpreadsheet::WordDocument,
                NotSpreadsheet::ZipWithoutWorkbook,
                NotSpreadsheet::OleWithoutWorkbook,
                NotSpreadsheet::Unknown,
            ]
            .map(ReadError::NotASpreadsheet),
        );
        let kinds = [
            DamageKind::Archive,
            DamageKind::Truncated,
            DamageKind::Corrupt,
            DamageKind::UnsupportedCompression,
            DamageKind::MissingPart,
            DamageKind::Container,
            DamageKind::XlsRecords,
            DamageKind::LibraryFailed,
        ]
        .into_iter()
        .chain(
            [
                XmlProblem::Syntax,
                XmlProblem::Mismatched,
                XmlProblem::Encoding,
                XmlProblem::Reference,
                XmlProblem::Attribute,
            ]
            .map(DamageKind::Xml),
        )
        .chain(
            [
                Field::CellReference,
                Field::RowNumber,
                Field::SharedString,
                Field::Number,
                Field::CellType,
                Field::RepeatCount,
            ]
            .map(|field| DamageKind::BadValue {
                field,
                found: "1A".into(),
            }),
        );
        for kind in kinds {
            all.push(ReadError::Damaged(
                Damage::in_part("xl/worksheets/sheet2.xml", kind.clone()).at(2830),
            ));
            all.push(ReadError::Damaged(Damage::new(kind).at(12)));
        }
        all
    }

    #[test]
    fn every_reading_error_is_said_in_french_without_english() {
        for e in every_read_error() {
            let fr = read_error(&e, Lang::Fr);
            let en = read_error(&e, Lang::En);
            assert_ne!(fr, en);
            let english: Vec<&str> = fr
                .split_whitespace()
                .filter(|token| !token.contains('/') && !token.contains(".rs"))
                .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
                .filter(|w| ENGLISH.contains(&w.to_lowercase().as_str()))
                .collect();
            assert!(english.is_empty(), "{fr} ({english:?})");
        }
    }

    #[test]
    fn an_internal_error_says_where_and_that_the_file_is_not_at_fault() {
        let e = ReadError::Internal(InternalError {
            place: "src/bpu/ods.rs:120".into(),
            kind: InternalKind::Panic {
                message: "attempt to subtract with overflow".into(),
            },
        });
        assert_eq!(
            read_error(&e, Lang::Fr),
            "erreur interne de tender (src/bpu/ods.rs:120) : le fichier n'est pas en cause, mais il n'a pas été lu ; merci de signaler l'erreur aux développeurs de tender, avec ce fichier"
        );
        assert_eq!(
            read_error(&e, Lang::En),
            "internal error of tender (src/bpu/ods.rs:120: attempt to subtract with overflow): the file is not at fault, but it was not read; please report the error to tender's developers, with this file"
        );
        assert_eq!(e.code(), "internal_error");
        let failure = FileFailure::Unreadable {
            bidder: "acme".into(),
            file: "offres/acme.ods".into(),
            error: e,
        };
        assert!(failure.is_internal_error());
        assert_eq!(
            consequence(&crate::check::Consequence::InternalError, Lang::Fr),
            "aucune offre n'est lue dans ce fichier, à cause d'une erreur de tender (non du candidat)"
        );
    }

    #[test]
    fn a_damaged_part_is_named_with_its_byte_and_a_csv_with_its_line() {
        let part = ReadError::Damaged(
            Damage::in_part("content.xml", DamageKind::Xml(XmlProblem::Mismatched)).at(1234),
        );
        assert_eq!(
            read_error(&part, Lang::Fr),
            "le classeur est endommagé : le XML n'est pas bien formé (des balises qui ne se correspondent pas) (élément content.xml, octet 1234) ; demander au candidat un nouvel exemplaire"
        );
        let line = ReadError::Damaged(Damage::new(DamageKind::Corrupt).at(7));
        assert!(read_error(&line, Lang::En).contains("(line 7)"));
    }
}

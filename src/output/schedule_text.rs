//! The sentences about a unit-price schedule lot's offers (a price missing on a line, a
//! part above its ceiling), in French and English, beside the five models' in `text`.

use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::pricing::revision::{RevisionProblem, SeriesProblem};
use crate::pricing::schedule::{
    Line, PartCheck, ScheduleFinding, ScheduleIrregularity, TotalDisagreement,
};
use crate::tender::VatBasis;
use crate::tender::index::IndexError;
use crate::tender::schedule::Part;

use super::sanitize::printable;
use super::text::invalid_value;

/// `la ligne BC02`, `la tranche TF1`.
fn line(l: &Line, lang: Lang) -> String {
    match (l, lang) {
        (Line::Item(c), Lang::Fr) => format!("la ligne {}", printable(c)),
        (Line::Item(c), Lang::En) => format!("line {}", printable(c)),
        (Line::Tranche(t), Lang::Fr) => format!("la tranche {}", printable(t)),
        (Line::Tranche(t), Lang::En) => format!("tranche {}", printable(t)),
    }
}

/// What the line's price cell should hold.
fn expected(l: &Line, lang: Lang) -> &'static str {
    match l {
        Line::Item(_) => lang.pick("un prix unitaire en € HT", "a unit price in € excl. VAT"),
        Line::Tranche(_) => lang.pick(
            "le prix de la tranche en € HT",
            "the tranche's price in € excl. VAT",
        ),
    }
}

/// Why a schedule offer is irregular, without the place (shown beside it).
pub fn irregularity_body(i: &ScheduleIrregularity, lang: Lang) -> String {
    match i {
        ScheduleIrregularity::Missing { line: l, location } => {
            match (location.cell.is_none(), lang) {
                (true, Lang::Fr) => format!("{} est absente de la feuille", line(l, lang)),
                (true, Lang::En) => format!("{} is missing from the sheet", line(l, lang)),
                (false, Lang::Fr) => format!(
                    "le prix de {} est vide ; attendu : {}",
                    line(l, lang),
                    expected(l, lang)
                ),
                (false, Lang::En) => format!(
                    "the price of {} is empty; expected {}",
                    line(l, lang),
                    expected(l, lang)
                ),
            }
        }
        ScheduleIrregularity::Invalid {
            line: l,
            raw,
            problem,
            ..
        } => match lang {
            Lang::Fr => format!(
                "{} : {} ; attendu : {}",
                line(l, lang),
                invalid_value(raw, problem, lang),
                expected(l, lang)
            ),
            Lang::En => format!(
                "{}: {}; expected {}",
                line(l, lang),
                invalid_value(raw, problem, lang),
                expected(l, lang)
            ),
        },
        ScheduleIrregularity::Negative { line: l, value, .. } => {
            let shown = money::human(*value, value.normalize().scale(), lang);
            match lang {
                Lang::Fr => format!(
                    "{} : prix négatif ({shown}) ; attendu : {} positif ou nul",
                    line(l, lang),
                    expected(l, lang)
                ),
                Lang::En => format!(
                    "{}: negative price ({shown}); expected {}, zero or more",
                    line(l, lang),
                    expected(l, lang)
                ),
            }
        }
    }
}

/// The part a ceiling applies to, in words.
pub fn part(p: Part, lang: Lang) -> &'static str {
    match p {
        Part::FirmTranches => lang.pick(
            "tranches fermes (hors tranches optionnelles et bons de commande)",
            "firm tranches (without conditional tranches and purchase orders)",
        ),
        Part::Tranches => lang.pick(
            "tranches fermes et optionnelles",
            "firm and conditional tranches",
        ),
        Part::PurchaseOrders => lang.pick("bons de commande", "purchase orders"),
        Part::Whole => lang.pick("marché entier", "whole contract"),
    }
}

/// An amount to the cent, or exactly when the cent would hide the difference with the
/// limit it is compared to.
pub fn shown(amount: &Exact, limit: &Exact, lang: Lang) -> String {
    let a = money::euros(amount, lang);
    if a != money::euros(limit, lang) {
        return a;
    }
    let machine = money::exact_or_fraction(amount);
    match lang {
        Lang::Fr => format!("{machine}\u{a0}€"),
        Lang::En => format!("€{machine}"),
    }
}

/// A part above its ceiling, with both figures and the year (its months when the year
/// is incomplete and the ceiling pro rata).
pub fn part_ceiling(c: &PartCheck, lang: Lang) -> String {
    let vat = match c.ceiling.vat {
        VatBasis::Ht => lang.pick("HT", "excl. VAT"),
        VatBasis::Ttc => lang.pick("TTC", "incl. VAT"),
    };
    let amount = shown(&c.amount, &c.limit, lang);
    let limit = money::euros(&c.limit, lang);
    let ceiling = money::euros(c.ceiling.amount, lang);
    let what = part(c.part, lang);
    match (&c.year, lang) {
        (None, Lang::Fr) => format!(
            "montant des {what} sur le contrat{} de {amount} {vat}, supérieur au plafond de {limit} {vat}",
            if c.with_renewals {
                " avec chaque reconduction"
            } else {
                ""
            }
        ),
        (None, Lang::En) => format!(
            "amount of the {what} over the contract{} of {amount} {vat}, above the ceiling of {limit} {vat}",
            if c.with_renewals {
                " with every renewal"
            } else {
                ""
            }
        ),
        (Some(y), Lang::Fr) if y.months() < 12 => format!(
            "montant des {what} en {} ({} mois) de {amount} {vat}, supérieur au plafond de {limit} {vat} ({ceiling} par an × {} ÷ 12)",
            y.year,
            y.months(),
            y.months()
        ),
        (Some(y), Lang::En) if y.months() < 12 => format!(
            "amount of the {what} in {} ({} months) of {amount} {vat}, above the ceiling of {limit} {vat} ({ceiling} a year × {} ÷ 12)",
            y.year,
            y.months(),
            y.months()
        ),
        (Some(y), Lang::Fr) => format!(
            "montant des {what} en {} de {amount} {vat}, supérieur au plafond annuel de {limit} {vat}",
            y.year
        ),
        (Some(y), Lang::En) => format!(
            "amount of the {what} in {} of {amount} {vat}, above the yearly ceiling of {limit} {vat}",
            y.year
        ),
    }
}

/// A number as written or computed, every decimal it has (`612,4`, `4 960`), or its
/// reduced fraction when its decimals never end.
fn figure(value: &Exact, lang: Lang) -> String {
    match value.to_decimal_exact() {
        Some(d) => money::human(d, d.normalize().scale(), lang),
        None => value.fraction(),
    }
}

/// What the reader noticed on a schedule sheet and worked around.
pub fn finding(f: &ScheduleFinding, lang: Lang) -> String {
    match f {
        ScheduleFinding::DuplicateLine { code, first, .. } => {
            let first = first.cell.map(|c| c.to_string()).unwrap_or_default();
            match lang {
                Lang::Fr => format!(
                    "la ligne {} figure deux fois ; la première (cellule {first}) est lue, celle-ci ne l'est pas",
                    printable(code)
                ),
                Lang::En => format!(
                    "line {} is given twice; the first (cell {first}) is read, not this one",
                    printable(code)
                ),
            }
        }
        ScheduleFinding::InsertedLine { code, raw, .. } => {
            let code = code.as_deref().map(printable);
            match (code, lang) {
                (Some(c), Lang::Fr) => format!(
                    "ligne {c} ajoutée par le candidat (« {} ») : la consultation ne l'a pas, elle n'est ni lue ni comptée",
                    printable(raw)
                ),
                (Some(c), Lang::En) => format!(
                    "line {c} added by the bidder ('{}'): the tender does not have it, it is neither read nor counted",
                    printable(raw)
                ),
                (None, Lang::Fr) => format!(
                    "ligne sans code ajoutée par le candidat (« {} ») : elle n'est ni lue ni comptée",
                    printable(raw)
                ),
                (None, Lang::En) => format!(
                    "line without a code added by the bidder ('{}'): it is neither read nor counted",
                    printable(raw)
                ),
            }
        }
        ScheduleFinding::QuantityAltered {
            code,
            expected,
            found,
            ..
        } => {
            let expected = figure(&Exact::from_decimal(*expected), lang);
            match lang {
                Lang::Fr => format!(
                    "la quantité de la ligne {} a été changée (« {} ») : celle de la consultation ({expected}) est retenue, toutes les offres étant comparées sur les mêmes quantités",
                    printable(code),
                    printable(found)
                ),
                Lang::En => format!(
                    "the quantity of line {} was changed ('{}'): the tender's ({expected}) is used, every offer being compared on the same quantities",
                    printable(code),
                    printable(found)
                ),
            }
        }
    }
}

/// A line's amount written by the bidder that is not its price × quantity.
pub fn disagreement(d: &TotalDisagreement, lang: Lang) -> String {
    let written = figure(&Exact::from_decimal(d.written), lang);
    let computed = figure(&d.computed, lang);
    match lang {
        Lang::Fr => format!(
            "le montant écrit pour {} ({written}) n'est pas le prix × la quantité ({computed}) : le prix unitaire fait foi, {computed} est retenu",
            printable(&d.code)
        ),
        Lang::En => format!(
            "the amount written for {} ({written}) is not the price × the quantity ({computed}): the unit price prevails, {computed} is used",
            printable(&d.code)
        ),
    }
}

/// A line of the index file that cannot be used, with its number.
pub fn series_problem(p: &SeriesProblem, lang: Lang) -> String {
    match (p, lang) {
        (SeriesProblem::BadMonth { line, found }, Lang::Fr) => format!(
            "ligne {line} : « {} » n'est pas un mois ; attendu : année-mois, par exemple 2026-10",
            printable(found)
        ),
        (SeriesProblem::BadMonth { line, found }, Lang::En) => format!(
            "line {line}: '{}' is not a month; expected year-month, e.g. 2026-10",
            printable(found)
        ),
        (SeriesProblem::BadValue { line, found }, Lang::Fr) => format!(
            "ligne {line} : « {} » n'est pas une valeur d'indice ; attendu : un nombre supérieur à 0",
            printable(found)
        ),
        (SeriesProblem::BadValue { line, found }, Lang::En) => format!(
            "line {line}: '{}' is not an index value; expected a number above 0",
            printable(found)
        ),
        (SeriesProblem::Fields { line }, Lang::Fr) => {
            format!("ligne {line} : attendu deux champs, le mois et la valeur")
        }
        (SeriesProblem::Fields { line }, Lang::En) => {
            format!("line {line}: expected two fields, the month and the value")
        }
        (SeriesProblem::Twice { line, month, first }, Lang::Fr) => {
            format!("ligne {line} : le mois {month} est donné deux fois (d'abord ligne {first})")
        }
        (SeriesProblem::Twice { line, month, first }, Lang::En) => {
            format!("line {line}: the month {month} is given twice (first on line {first})")
        }
        (SeriesProblem::Empty, Lang::Fr) => "le fichier ne contient aucune valeur d'indice".into(),
        (SeriesProblem::Empty, Lang::En) => "the file holds no index value".into(),
    }
}

/// Why the index series named by the tender cannot be used, with its file.
pub fn index_error(e: &IndexError, lang: Lang) -> String {
    match e {
        IndexError::Unreadable { file, source } => format!(
            "{}{}{} ({})",
            printable(&file.display().to_string()),
            lang.pick(" : ", ": "),
            lang.pick(
                "le fichier de l'indice de révision ne peut être lu",
                "the revision index file cannot be read"
            ),
            super::text::io_reason(source, lang)
        ),
        IndexError::Invalid { file, problem } => format!(
            "{}{}{}{}{}",
            printable(&file.display().to_string()),
            lang.pick(" : ", ": "),
            lang.pick("indice de révision, ", "revision index, "),
            series_problem(problem, lang),
            lang.pick(
                " (fichier nommé par [lot.revision] index)",
                " (the file named by [lot.revision] index)"
            ),
        ),
    }
}

/// Why the revision cannot be computed from the series.
pub fn revision_problem(p: &RevisionProblem, lang: Lang) -> String {
    match (p, lang) {
        (RevisionProblem::ReferenceNotPublished { month }, Lang::Fr) => format!(
            "l'indice du mois de référence {month} n'est pas dans la série : la révision ne peut être calculée"
        ),
        (RevisionProblem::ReferenceNotPublished { month }, Lang::En) => format!(
            "the index of the reference month {month} is not in the series: the revision cannot be computed"
        ),
        (RevisionProblem::Gap { month, last }, Lang::Fr) => format!(
            "l'indice de {month} manque dans la série, qui va jusqu'à {last} : un trou n'est pas deviné, la révision ne peut être calculée"
        ),
        (RevisionProblem::Gap { month, last }, Lang::En) => format!(
            "the index of {month} is missing from the series, which goes up to {last}: a gap is not guessed, the revision cannot be computed"
        ),
    }
}

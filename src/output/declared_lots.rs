//! Why the lots declared on a `Candidat` sheet cannot be read, in words.

use super::sanitize::printable;
use crate::bpu::declared_lots::LotsProblem;
use crate::lang::Lang;

/// The text as the bidder typed it, what is wrong with it, and how to write it.
pub fn unreadable(text: &str, problem: &LotsProblem, lang: Lang) -> String {
    let text = printable(text);
    let why = match (problem, lang) {
        (LotsProblem::Unexpected { found }, Lang::Fr) => format!(
            "« {} » n'est ni un numéro de lot ni un séparateur",
            printable(found)
        ),
        (LotsProblem::Unexpected { found }, Lang::En) => {
            format!("'{}' is neither a lot nor a separator", printable(found))
        }
        (LotsProblem::Descending { from, to }, Lang::Fr) => format!(
            "l'intervalle « {from} à {to} » descend : il va du plus petit lot au plus grand"
        ),
        (LotsProblem::Descending { from, to }, Lang::En) => format!(
            "the range '{from} to {to}' goes down: a range goes from the lower lot to the higher"
        ),
        (LotsProblem::OpenRange, Lang::Fr) => {
            "un intervalle n'a pas de premier ou de dernier lot".to_owned()
        }
        (LotsProblem::OpenRange, Lang::En) => "a range lacks its first or last lot".to_owned(),
        (LotsProblem::NotNumbers { from, to }, Lang::Fr) => format!(
            "l'intervalle « {} à {} » ne va pas d'un numéro de lot à un autre",
            printable(from),
            printable(to)
        ),
        (LotsProblem::NotNumbers { from, to }, Lang::En) => format!(
            "the range '{} to {}' does not go from one lot number to another",
            printable(from),
            printable(to)
        ),
    };
    match lang {
        Lang::Fr => format!(
            "lots déclarés « {text} » illisibles : {why} (écrire par exemple « 1, 2 et 5 » ou « 1 à 3 ») ; les lots répondus sont déduits des feuilles remplies"
        ),
        Lang::En => format!(
            "declared lots '{text}' cannot be read: {why} (write for instance '1, 2, 5' or '1 to 3'); the lots answered are told from the filled sheets"
        ),
    }
}

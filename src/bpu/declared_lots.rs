//! The lots a bidder says it answers, as typed on its `Candidat` sheet: "1, 2 et 5",
//! "1;2;5", "lots 1 à 3", "1-3", "1 a 3", "1 to 3", "du lot 1 au lot 3".
//!
//! A range names every lot of the tender numbered within it. Anything else (a word
//! that is not a lot, a range going down, a range without an end) is said in words
//! rather than guessed: the declaration is what tells a lot left without figures
//! (incomplete) from a lot not answered.

use crate::tender::Tender;

/// One item of a declaration: a lot as written, or a range of numbered lots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Declared {
    One(String),
    Range { from: u64, to: u64 },
}

/// Why a declaration cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LotsProblem {
    /// A sign that is neither part of a lot nor a separator (`?`, `*`).
    Unexpected { found: String },
    /// A range going down: `3 à 1`.
    Descending { from: u64, to: u64 },
    /// A range missing its first or last lot: `à 3`, `1 à`, `1 à , 3`.
    OpenRange,
    /// A range whose ends are not both lot numbers: `A à C`.
    NotNumbers { from: String, to: String },
}

/// What a token of the text is.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token<'a> {
    Lot(&'a str),
    /// `à`, `a`, `au`, `to`, `-`, `–`, `—`.
    Through(&'a str),
    /// `,`, `;`, `/`, `+`, `&`, `et`, `and`.
    Separator,
    /// Words said around lot numbers: `lot`, `lots`, `n°`, `du`, `les`.
    Filler,
    Other(&'a str),
}

fn classify(word: &str) -> Token<'_> {
    let lower = word.to_lowercase();
    match lower.as_str() {
        "à" | "a" | "au" | "to" | "-" | "–" | "—" => Token::Through(word),
        "," | ";" | "/" | "+" | "&" | "et" | "and" => Token::Separator,
        "lot" | "lots" | "n" | "no" | "nos" | "°" | "º" | "du" | "le" | "les" | ":" | "." => {
            Token::Filler
        }
        // A word may be a lot's id (`A`, `3b`): one the tender does not have is said
        // as such when the lots are looked up.
        _ if word.chars().all(char::is_alphanumeric) => Token::Lot(word),
        _ => Token::Other(word),
    }
}

/// Words (runs of letters and digits) and single signs; white space only separates.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        rest = rest.trim_start();
        let first = rest.chars().next()?;
        let end = if first.is_alphanumeric() {
            rest.find(|c: char| !c.is_alphanumeric())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let (word, after) = rest.split_at(end);
        rest = after;
        Some(word)
    })
}

/// Reads a declaration into its items, in the order written.
pub fn parse(text: &str) -> Result<Vec<Declared>, LotsProblem> {
    let mut items = Vec::new();
    // A range's first lot, once `à` is read after it.
    let mut from: Option<String> = None;
    // Whether the last item read can start a range (a lot, not yet a range's end).
    let mut can_start = false;
    for token in words(text).map(classify) {
        match token {
            Token::Lot(lot) => match from.take() {
                Some(first) => {
                    items.push(range(&first, lot)?);
                    can_start = false;
                }
                None => {
                    items.push(Declared::One(lot.to_owned()));
                    can_start = true;
                }
            },
            Token::Through(word) => match items.last() {
                Some(Declared::One(first))
                    if can_start
                        && from.is_none()
                        && (numbered(first) || !word.eq_ignore_ascii_case("a")) =>
                {
                    from = Some(first.clone());
                    items.pop();
                    can_start = false;
                }
                // `a` where no range can start is lot A.
                _ if word.eq_ignore_ascii_case("a") && from.is_none() => {
                    items.push(Declared::One(word.to_owned()));
                    can_start = true;
                }
                _ => return Err(LotsProblem::OpenRange),
            },
            Token::Separator if from.is_some() => return Err(LotsProblem::OpenRange),
            Token::Separator => can_start = false,
            Token::Filler => {}
            Token::Other(found) => {
                return Err(LotsProblem::Unexpected {
                    found: found.to_owned(),
                });
            }
        }
    }
    if from.is_some() {
        return Err(LotsProblem::OpenRange);
    }
    Ok(items)
}

/// Whether a lot as written is a number (`3`, `03`).
fn numbered(lot: &str) -> bool {
    lot.chars().all(|c| c.is_ascii_digit())
}

fn range(from: &str, to: &str) -> Result<Declared, LotsProblem> {
    let not_numbers = || LotsProblem::NotNumbers {
        from: from.to_owned(),
        to: to.to_owned(),
    };
    let number = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (Some(a), Some(b)) = (number(from), number(to)) else {
        return Err(not_numbers());
    };
    if a > b {
        return Err(LotsProblem::Descending { from: a, to: b });
    }
    Ok(Declared::Range { from: a, to: b })
}

/// The tender's lots the items name, each once, in the order declared; and the lots
/// named that the tender does not have (a range's ends included), as written.
pub fn resolve(items: &[Declared], tender: &Tender) -> (Vec<String>, Vec<String>) {
    let mut ids: Vec<String> = Vec::new();
    let mut unknown = Vec::new();
    let mut add = |id: &str| {
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_owned());
        }
    };
    let find = |written: &str| {
        tender
            .lots
            .iter()
            .find(|l| super::read::sheet_matches_lot(&format!("lot {written}"), &l.id))
    };
    for item in items {
        match item {
            Declared::One(written) => match find(written) {
                Some(l) => add(&l.id),
                None => unknown.push(written.clone()),
            },
            Declared::Range { from, to } => {
                for end in [from, to] {
                    if find(&end.to_string()).is_none() {
                        unknown.push(end.to_string());
                    }
                }
                let mut within: Vec<(u64, &str)> = tender
                    .lots
                    .iter()
                    .filter_map(|l| Some((l.id.parse::<u64>().ok()?, l.id.as_str())))
                    .filter(|(n, _)| (*from..=*to).contains(n))
                    .collect();
                within.sort();
                for (_, id) in within {
                    add(id);
                }
            }
        }
    }
    (ids, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Declared::{One, Range};

    fn one(s: &str) -> Declared {
        One(s.to_owned())
    }

    #[test]
    fn declarations_as_bidders_type_them() {
        let three = vec![Range { from: 1, to: 3 }];
        let table: [(&str, Vec<Declared>); 16] = [
            ("1 à 3", three.clone()),
            ("lots 1 à 3", three.clone()),
            ("Lots 1 À 3", three.clone()),
            ("1-3", three.clone()),
            ("1 - 3", three.clone()),
            ("1 – 3", three.clone()),
            ("1 a 3", three.clone()),
            ("1 to 3", three.clone()),
            ("du lot 1 au lot 3", three.clone()),
            ("lots 1, 2 et 5", vec![one("1"), one("2"), one("5")]),
            ("1;2;5", vec![one("1"), one("2"), one("5")]),
            ("1 2 / 5", vec![one("1"), one("2"), one("5")]),
            (
                "lots n° 1 à 3 et 7",
                vec![Range { from: 1, to: 3 }, one("7")],
            ),
            ("", vec![]),
            // A word is a lot's id, for tenders whose lots are lettered; one the tender
            // does not have is told when the lots are looked up.
            ("lot A et tous", vec![one("A"), one("tous")]),
            ("lot A", vec![one("A")]),
        ];
        for (text, expected) in table {
            assert_eq!(parse(text), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        let table = [
            ("3 à 1", LotsProblem::Descending { from: 3, to: 1 }),
            ("1 ? 3", LotsProblem::Unexpected { found: "?".into() }),
            ("à 3", LotsProblem::OpenRange),
            ("1 à", LotsProblem::OpenRange),
            ("1 à, 3", LotsProblem::OpenRange),
            ("1 à 3 à 5", LotsProblem::OpenRange),
            ("1, - 3", LotsProblem::OpenRange),
            (
                "A1 à 3",
                LotsProblem::NotNumbers {
                    from: "A1".into(),
                    to: "3".into(),
                },
            ),
            (
                "1 à 99999999999999999999",
                LotsProblem::NotNumbers {
                    from: "1".into(),
                    to: "99999999999999999999".into(),
                },
            ),
        ];
        for (text, expected) in table {
            assert_eq!(parse(text), Err(expected), "{text:?}");
        }
    }

    proptest::proptest! {
        /// Any ascending range, written any of the ways, reads back as itself; any
        /// descending one is refused.
        #[test]
        fn ranges_read_back(a in 0u64..10_000, b in 0u64..10_000, way in 0usize..6) {
            let through = ["à", "-", "a", "to", "au", "–"][way];
            let read = parse(&format!("lots {a} {through} {b}"));
            if a <= b {
                proptest::prop_assert_eq!(read, Ok(vec![Range { from: a, to: b }]));
            } else {
                proptest::prop_assert_eq!(read, Err(LotsProblem::Descending { from: a, to: b }));
            }
        }

        /// No text makes the reading panic.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,40}") {
            let _ = parse(&text);
        }
    }
}

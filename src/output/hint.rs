//! Hints for a number refused because its separators can be read two ways. A hint
//! gives the bidder's own digits back in a form the reader accepts, never a fixed example
//! (a fixed `1234,5` beside a refused `1 234.56` reads as a dropped digit), and never the
//! refused form itself.

use crate::bpu::number::{NumberError, readings};
use crate::lang::Lang;

/// The reason and the hint for a mixed, repeated or ambiguous separator.
pub fn separators(e: &NumberError, raw: &str, lang: Lang) -> String {
    let r = readings(raw);
    let point = lang == Lang::En;
    let whole = r.whole_text();
    let decimal = r.decimal_text(point);
    let frac = r
        .decimal
        .as_ref()
        .map(|(_, f)| f.as_str())
        .unwrap_or_default();
    match (e, lang) {
        (NumberError::MixedSeparators, Lang::Fr) => {
            let base =
                "le point et la virgule (ou l'espace) sont mêlés : le sens ne peut être deviné";
            match decimal {
                Some(d) => format!("{base} ; si la partie décimale est {frac}, écrivez {d}"),
                None => format!(
                    "{base} ; écrivez les chiffres sans séparateur de milliers, avec une virgule décimale"
                ),
            }
        }
        (NumberError::MixedSeparators, _) => {
            let base = "'.' and ',' (or a space) are mixed: the meaning cannot be guessed";
            match decimal {
                Some(d) => format!("{base}; if the decimal part is {frac}, write {d}"),
                None => format!(
                    "{base}; write the digits without thousands separators, with one decimal separator"
                ),
            }
        }
        (NumberError::AmbiguousPoint, Lang::Fr) => {
            let base =
                "un point suivi de trois chiffres peut séparer les milliers ou les décimales";
            match (whole, r.decimal_text(false)) {
                (Some(w), Some(d)) if r.decimal.is_some() && raw.matches('.').count() == 1 => {
                    format!("{base} : écrivez {w} pour des milliers, ou {d} pour des décimales")
                }
                (Some(w), _) => format!("{base} : écrivez {w} pour des milliers"),
                _ => format!(
                    "{base} : écrivez les chiffres sans point de milliers, avec une virgule décimale"
                ),
            }
        }
        (NumberError::AmbiguousPoint, _) => {
            let base = "a point followed by three digits may separate thousands or decimals";
            match (whole, r.decimal_text(false)) {
                (Some(w), Some(d)) if raw.matches('.').count() == 1 => format!(
                    "{base}: write {w} for thousands, or {d} (a decimal comma) for decimals"
                ),
                (Some(w), _) => format!("{base}: write {w} for thousands"),
                _ => format!("{base}: write the digits without thousands separators"),
            }
        }
        (_, Lang::Fr) => match whole {
            Some(w) => {
                format!("plusieurs virgules décimales ; s'il s'agit de milliers, écrivez {w}")
            }
            None => "plusieurs virgules décimales".to_owned(),
        },
        (_, _) => match whole {
            Some(w) => format!("several decimal separators; if they separate thousands, write {w}"),
            None => "several decimal separators".to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpu::number::parse;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// The hint for `raw` in `lang`, after checking that `raw` is refused.
    fn hint(raw: &str, lang: Lang) -> String {
        let e = parse(raw).expect_err(raw);
        separators(&e, raw, lang)
    }

    /// The numbers a hint suggests (the words after "write"/"écrivez" and "or"/"ou").
    fn suggested(hint: &str) -> Vec<String> {
        hint.split(' ')
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| ["write", "écrivez", "or", "ou"].contains(&w[0]))
            .map(|w| w[1].trim_end_matches([',', ';']))
            .filter(|n| n.starts_with(|c: char| c.is_ascii_digit() || c == '-'))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_hint_gives_the_bidders_own_digits_back() {
        // (typed, French hint's end, English hint's end), written by hand.
        let cases = [
            (
                "4.800",
                "écrivez 4800 pour des milliers, ou 4,800 pour des décimales",
                "write 4800 for thousands, or 4,800 (a decimal comma) for decimals",
            ),
            (
                "1 234.56",
                "si la partie décimale est 56, écrivez 1234,56",
                "if the decimal part is 56, write 1234.56",
            ),
            (
                "1.234,56 €",
                "si la partie décimale est 56, écrivez 1234,56",
                "if the decimal part is 56, write 1234.56",
            ),
            (
                "1,234.5",
                "si la partie décimale est 5, écrivez 1234,5",
                "if the decimal part is 5, write 1234.5",
            ),
            (
                "12 500.125",
                "si la partie décimale est 125, écrivez 12500,125",
                "if the decimal part is 125, write 12500,125",
            ),
            (
                "-2.500",
                "écrivez -2500 pour des milliers, ou -2,500 pour des décimales",
                "write -2500 for thousands, or -2,500 (a decimal comma) for decimals",
            ),
            (
                "1.234.567",
                "écrivez 1234567 pour des milliers",
                "write 1234567 for thousands",
            ),
            (
                "1,234,567",
                "s'il s'agit de milliers, écrivez 1234567",
                "if they separate thousands, write 1234567",
            ),
        ];
        for (raw, fr, en) in cases {
            let (h_fr, h_en) = (hint(raw, Lang::Fr), hint(raw, Lang::En));
            assert!(h_fr.ends_with(fr), "{raw}: {h_fr}");
            assert!(h_en.ends_with(en), "{raw}: {h_en}");
        }
    }

    #[test]
    fn every_suggestion_is_accepted_and_keeps_every_digit() {
        for raw in [
            "4.800",
            "1 234.56",
            "1.234,56",
            "1,234.5",
            "12 500.125",
            "-2.500",
            "1.234.567",
            "1,234,567",
            "0.250.000",
        ] {
            let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
            for lang in [Lang::Fr, Lang::En] {
                let h = hint(raw, lang);
                let found = suggested(&h);
                assert!(!found.is_empty(), "{raw}: {h}");
                for s in found {
                    let value = parse(&s).unwrap_or_else(|e| panic!("{raw}: {s} refused ({e})"));
                    let kept: String = s.chars().filter(char::is_ascii_digit).collect();
                    assert_eq!(kept, digits, "{raw}: {s}");
                    // The value read is the one the suggestion spells out.
                    let spelled = s.replace(',', ".");
                    assert_eq!(
                        value.value,
                        Decimal::from_str(&spelled).unwrap(),
                        "{raw}: {s}"
                    );
                }
            }
        }
    }

    #[test]
    fn no_hint_is_invented_when_the_digits_fit_no_reading() {
        let h = hint("1.23,4.5", Lang::Fr);
        assert!(!h.contains("écrivez 1") && !h.contains("écrivez 2"), "{h}");
        let h = hint("12,34,56", Lang::En);
        assert_eq!(h, "several decimal separators");
    }
}

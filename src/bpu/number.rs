//! Numbers as bidders type them.
//!
//! A bidder who types `12 500,00 €` into a cell gives the spreadsheet a text, not a
//! number. It must be read exactly, as the bidder meant it, and anything that could be
//! read two ways (`1.234`: one thousand two hundred and thirty-four, or one point two
//! three four?) is refused with the reason rather than guessed: a wrong guess would move
//! a price by a factor of a thousand.
//!
//! Accepted: digits; spaces, no-break spaces (U+00A0), narrow no-break spaces (U+202F)
//! or thin spaces (U+2009) between groups of three; a decimal comma, or a decimal point
//! when it cannot be a thousands separator; a leading sign; a euro sign or `EUR`/`euros`
//! before or after; `HT` or `TTC` after (recorded, so that a price given with VAT can be
//! reported).

use std::str::FromStr;

use rust_decimal::Decimal;

/// The largest magnitude accepted from a bidder: a trillion. Above it a figure cannot be
/// a price or a quantity in this market, and refusing it keeps every later product and
/// sum far from the limits of exact decimal arithmetic.
pub const MAX_MAGNITUDE: i64 = 1_000_000_000_000;

/// A number read from text, with what the text said around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedNumber {
    pub value: Decimal,
    /// A euro sign, `EUR` or `euros` was written.
    pub currency: bool,
    /// `TTC` (VAT included) was written after the number.
    pub vat_included: bool,
    /// `HT` (VAT excluded) was written after the number.
    pub vat_excluded: bool,
}

/// Why a text is not a number. Each variant carries what the reader needs to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty")]
    Empty,
    #[error("no digits")]
    NoDigits,
    #[error("unexpected character {0:?}")]
    UnexpectedCharacter(char),
    #[error("both '.' and ',' are used")]
    MixedSeparators,
    #[error("more than one decimal separator")]
    SeveralDecimalSeparators,
    #[error("'.' followed by three digits could be a thousands separator")]
    AmbiguousPoint,
    #[error("digits grouped irregularly")]
    IrregularGrouping,
    #[error("too large")]
    TooLarge,
}

/// Characters that separate groups of thousands in French typography and in exports.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_group_space(c)
}

/// Strips `suffix` (ASCII, case-insensitive) from the end of `s`, if present.
fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    if s.len() < suffix.len() || !s.is_char_boundary(s.len() - suffix.len()) {
        return None;
    }
    let (head, tail) = s.split_at(s.len() - suffix.len());
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() < prefix.len() || !s.is_char_boundary(prefix.len()) {
        return None;
    }
    let (head, tail) = s.split_at(prefix.len());
    head.eq_ignore_ascii_case(prefix).then_some(tail)
}

/// Reads a number written as text, the French way or the plain way.
pub fn parse(text: &str) -> Result<ParsedNumber, NumberError> {
    let mut s = text.trim_matches(is_blank);
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let mut parsed = ParsedNumber {
        value: Decimal::ZERO,
        currency: false,
        vat_included: false,
        vat_excluded: false,
    };

    // Trailing words, in any order: `12 500 € HT`, `12 500 HT €`, `12500 EUR TTC`.
    loop {
        let before = s;
        for (suffix, mark) in [
            ("T.T.C.", 't'),
            ("TTC", 't'),
            ("H.T.", 'h'),
            ("HT", 'h'),
            ("euros", 'e'),
            ("euro", 'e'),
            ("EUR", 'e'),
            ("€", 'e'),
        ] {
            if let Some(rest) = strip_suffix_ci(s, suffix) {
                // A word must stand apart from the digits (`12500HT` is fine, `12500EUR` too,
                // but never eat the digits' own letters: there are none to eat).
                match mark {
                    't' => parsed.vat_included = true,
                    'h' => parsed.vat_excluded = true,
                    _ => parsed.currency = true,
                }
                s = rest.trim_end_matches(is_blank);
                break;
            }
        }
        if s == before {
            break;
        }
    }
    // A leading euro sign: `€ 12 500`, `EUR 12500`.
    for prefix in ["€", "EUR"] {
        if let Some(rest) = strip_prefix_ci(s, prefix) {
            parsed.currency = true;
            s = rest.trim_start_matches(is_blank);
        }
    }

    let (negative, body) = match s.chars().next() {
        Some('-') | Some('\u{2212}') => (true, &s[s.chars().next().map_or(0, char::len_utf8)..]),
        Some('+') => (false, &s[1..]),
        _ => (false, s),
    };
    let body = body.trim_start_matches(is_blank);
    // `-€ 12`, `- 12 €`.
    let body = match strip_prefix_ci(body, "€") {
        Some(rest) => {
            parsed.currency = true;
            rest.trim_start_matches(is_blank)
        }
        None => body,
    };
    if body.is_empty() {
        return Err(NumberError::NoDigits);
    }

    for c in body.chars() {
        if !(c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c)) {
            return Err(NumberError::UnexpectedCharacter(c));
        }
    }
    let commas = body.matches(',').count();
    let points = body.matches('.').count();
    if commas > 0 && points > 0 {
        return Err(NumberError::MixedSeparators);
    }
    if commas > 1 {
        return Err(NumberError::SeveralDecimalSeparators);
    }
    if points > 1 {
        // `1.234.567` groups thousands with points: refused rather than guessed.
        return Err(NumberError::AmbiguousPoint);
    }
    let (int_part, frac_part) = match body.find([',', '.']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };

    // The integer part: plain digits, or groups of three after a first group of 1 to 3.
    let groups: Vec<&str> = int_part.split(is_group_space).collect();
    if groups.iter().any(|g| g.is_empty()) && groups.len() > 1 {
        // Two spaces in a row, or a space before the separator: `12  500`, `12 ,5`.
        return Err(NumberError::IrregularGrouping);
    }
    if groups.len() > 1 {
        let first = groups[0].len();
        if !(1..=3).contains(&first) || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(NumberError::IrregularGrouping);
        }
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return Err(NumberError::NoDigits);
    }

    let mut normal = digits.clone();
    if let Some(frac) = frac_part {
        if frac.is_empty() || !frac.chars().all(|c| c.is_ascii_digit()) {
            // `12,` or `12,5 0`.
            return Err(if frac.chars().any(is_group_space) {
                NumberError::IrregularGrouping
            } else {
                NumberError::NoDigits
            });
        }
        let point = points == 1;
        if point
            && frac.len() == 3
            && !digits.trim_start_matches('0').is_empty()
            && groups.len() == 1
        {
            // `1.234`: thousands or decimals? Only `0.125` is beyond doubt.
            return Err(NumberError::AmbiguousPoint);
        }
        if point && groups.len() > 1 {
            // `12 500.5` mixes French grouping with an English decimal point.
            return Err(NumberError::MixedSeparators);
        }
        normal.push('.');
        normal.push_str(frac);
    }

    let value = Decimal::from_str(&normal).map_err(|_| NumberError::TooLarge)?;
    if value.abs() > Decimal::from(MAX_MAGNITUDE) {
        return Err(NumberError::TooLarge);
    }
    parsed.value = if negative { -value } else { value };
    Ok(parsed)
}

/// The decimal a spreadsheet shows for a binary double: the shortest text that gives the
/// same double back (`12345.67`, never `12345.6699999999991996`). Rust's `Display` for
/// `f64` prints exactly that shortest round-trip form, without exponent.
pub fn from_double(value: f64) -> Result<Decimal, NumberError> {
    from_double_shown(value).map(|(d, _)| d)
}

/// [`from_double`], with the decimal's text (formatted once).
pub fn from_double_shown(value: f64) -> Result<(Decimal, String), NumberError> {
    if !value.is_finite() {
        return Err(NumberError::TooLarge);
    }
    if value.abs() > MAX_MAGNITUDE as f64 {
        return Err(NumberError::TooLarge);
    }
    let text = format!("{value}");
    match Decimal::from_str(&text) {
        // `-0` is shown `0`, as the decimal is.
        Ok(d) if d.is_zero() => Ok((d, d.to_string())),
        Ok(d) => Ok((d, text)),
        Err(_) => {
            // More than 28 decimal places (a value like 1e-30): keep what a cell can show.
            let d =
                Decimal::from_str(&format!("{value:.20}")).map_err(|_| NumberError::TooLarge)?;
            Ok((d, d.to_string()))
        }
    }
}

/// The bidder's own digits read two ways, for the hint of a refused number: every
/// separator as a thousands separator (`4800` for `4.800`), or the last `.` or `,` as the
/// decimal separator (`4` and `800`). Each reading is there only when the text fits it
/// (groups of three after the first), so that a hint never drops or invents a digit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readings {
    pub negative: bool,
    /// All the digits, the separators read as thousands separators.
    pub whole: Option<String>,
    /// The integer and decimal digits, the last separator read as the decimal one.
    pub decimal: Option<(String, String)>,
}

impl Readings {
    /// The whole reading, as the reader accepts it.
    pub fn whole_text(&self) -> Option<String> {
        let sign = if self.negative { "-" } else { "" };
        self.whole.as_ref().map(|w| format!("{sign}{w}"))
    }

    /// The decimal reading, as the reader accepts it: with a decimal point when
    /// `point` and the point cannot be taken for a thousands separator (not before
    /// exactly three digits), else with a decimal comma.
    pub fn decimal_text(&self, point: bool) -> Option<String> {
        let sign = if self.negative { "-" } else { "" };
        self.decimal.as_ref().map(|(int, frac)| {
            let sep = if point && frac.len() != 3 { '.' } else { ',' };
            format!("{sign}{int}{sep}{frac}")
        })
    }
}

/// The readings of a text [`parse`] refused (see [`Readings`]).
pub fn readings(text: &str) -> Readings {
    let mut groups: Vec<String> = vec![String::new()];
    let mut separators: Vec<char> = Vec::new();
    let mut negative = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if let Some(g) = groups.last_mut() {
                g.push(c);
            }
        } else if c == '.' || c == ',' || is_group_space(c) {
            if groups.last().is_some_and(|g| !g.is_empty()) {
                separators.push(c);
                groups.push(String::new());
            }
        } else if (c == '-' || c == '\u{2212}') && groups.len() == 1 && groups[0].is_empty() {
            negative = true;
        }
    }
    if groups.last().is_some_and(|g| g.is_empty()) {
        groups.pop();
        separators.pop();
    }
    let grouped = |gs: &[String]| {
        gs.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && gs[1..].iter().all(|g| g.len() == 3)
    };
    let whole = (!separators.is_empty()
        && grouped(&groups)
        && separators.iter().all(|s| *s == separators[0]))
    .then(|| groups.concat());
    let decimal = match separators.split_last() {
        Some((last @ ('.' | ','), before))
            if (before.is_empty() || grouped(&groups[..groups.len() - 1]))
                && before
                    .iter()
                    .all(|s| s != last && (is_group_space(*s) || *s == before[0])) =>
        {
            let (frac, int) = groups.split_last().expect("a separator follows a group");
            Some((int.concat(), frac.clone()))
        }
        _ => None,
    };
    Readings {
        negative,
        whole,
        decimal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    fn value(text: &str) -> Decimal {
        parse(text)
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
            .value
    }

    #[test]
    fn french_forms() {
        assert_eq!(value("12 500,00 €"), dec!(12500.00));
        assert_eq!(value("12\u{a0}500,00\u{a0}€"), dec!(12500.00));
        assert_eq!(value("12\u{202f}500"), dec!(12500));
        assert_eq!(value("1 000"), dec!(1000));
        assert_eq!(value("12500,5"), dec!(12500.5));
        assert_eq!(value("1 234 567,891"), dec!(1234567.891));
        assert_eq!(value("  42  "), dec!(42));
        assert_eq!(value("€ 12 500"), dec!(12500));
        assert_eq!(value("-12,5"), dec!(-12.5));
        assert_eq!(value("\u{2212}3"), dec!(-3));
    }

    #[test]
    fn plain_and_point_forms() {
        assert_eq!(value("12500"), dec!(12500));
        assert_eq!(value("12.5"), dec!(12.5));
        assert_eq!(value("12.50"), dec!(12.50));
        assert_eq!(value("0.125"), dec!(0.125));
        assert_eq!(value("1234.5678"), dec!(1234.5678));
    }

    #[test]
    fn words_around_the_number() {
        let p = parse("12 500 € HT").unwrap();
        assert_eq!(p.value, dec!(12500));
        assert!(p.currency && p.vat_excluded && !p.vat_included);
        let p = parse("12 500,00 € TTC").unwrap();
        assert!(p.vat_included);
        let p = parse("3000 EUR").unwrap();
        assert!(p.currency);
        assert_eq!(p.value, dec!(3000));
        let p = parse("45 euros").unwrap();
        assert_eq!(p.value, dec!(45));
        let p = parse("2 500 H.T.").unwrap();
        assert!(p.vat_excluded);
    }

    #[test]
    fn refuses_to_guess() {
        assert_eq!(parse("1.234,5"), Err(NumberError::MixedSeparators));
        assert_eq!(parse("1,234.5"), Err(NumberError::MixedSeparators));
        assert_eq!(parse("1.234"), Err(NumberError::AmbiguousPoint));
        assert_eq!(parse("1.234.567"), Err(NumberError::AmbiguousPoint));
        assert_eq!(parse("12 500.5"), Err(NumberError::MixedSeparators));
        assert_eq!(parse("12,5,0"), Err(NumberError::SeveralDecimalSeparators));
        assert_eq!(parse("12 50"), Err(NumberError::IrregularGrouping));
        assert_eq!(parse("1234 567"), Err(NumberError::IrregularGrouping));
        assert_eq!(parse("12  500"), Err(NumberError::IrregularGrouping));
        assert_eq!(parse("douze"), Err(NumberError::UnexpectedCharacter('d')));
        assert_eq!(parse("12k"), Err(NumberError::UnexpectedCharacter('k')));
        assert_eq!(parse("1E+3"), Err(NumberError::UnexpectedCharacter('E')));
        assert_eq!(parse("€"), Err(NumberError::NoDigits));
        assert_eq!(parse(","), Err(NumberError::NoDigits));
        assert_eq!(parse("12,"), Err(NumberError::NoDigits));
        assert_eq!(parse("   "), Err(NumberError::Empty));
        assert_eq!(parse("1 000 000 000 001"), Err(NumberError::TooLarge));
        assert_eq!(
            parse("99999999999999999999999999999999"),
            Err(NumberError::TooLarge)
        );
    }

    #[test]
    fn doubles_read_as_the_spreadsheet_shows_them() {
        assert_eq!(from_double(12345.67).unwrap().to_string(), "12345.67");
        assert_eq!(
            from_double(0.1 + 0.2).unwrap().to_string(),
            "0.30000000000000004"
        );
        assert_eq!(from_double(1250000.0).unwrap(), dec!(1250000));
        assert_eq!(from_double(0.07).unwrap().to_string(), "0.07");
        assert_eq!(from_double(1e-7).unwrap().to_string(), "0.0000001");
        assert_eq!(from_double(f64::NAN), Err(NumberError::TooLarge));
        assert_eq!(from_double(1e13), Err(NumberError::TooLarge));
        // The text given with the decimal is the decimal's own.
        for v in [12345.67, 0.1 + 0.2, -0.0, 1e-30, 100.0, -7.5, 1e11] {
            let (d, text) = from_double_shown(v).unwrap();
            assert_eq!(text, d.to_string(), "{v}");
        }
    }
}

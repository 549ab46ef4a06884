//! Display of exact figures.
//!
//! All arithmetic is exact (`rust_decimal` for the figures as read, [`Exact`] fractions
//! for what is computed from them); rounding happens here and only here, when a figure is
//! shown or exported: to the cent for money and marks, half away from zero, as French
//! public accounting does.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::exact::Exact;
use crate::lang::Lang;

/// A figure that can be shown: a decimal as read, or an exact fraction computed from
/// decimals. Both are rounded the same way, and an exact fraction of any size is shown
/// without overflow.
pub trait Amount {
    /// Rounded to `places` decimals, half away from zero, in the machine form: `12345.60`.
    /// Never `-0.00`.
    fn fixed(&self, places: u32) -> String;
    /// Every decimal the figure has, at least two (see [`exact`]).
    fn machine(&self) -> String;
    /// Whether [`Amount::machine`] had to round it: the figure has more than 28 decimals
    /// (a fraction that never ends, or a long contract's product).
    fn is_cut(&self) -> bool {
        false
    }
}

impl Amount for Decimal {
    fn fixed(&self, places: u32) -> String {
        let r = round(*self, places);
        // `-0.00` would read as a negative amount: it is zero.
        if r.is_zero() {
            round(Decimal::ZERO, places).to_string()
        } else {
            r.to_string()
        }
    }

    fn machine(&self) -> String {
        let mut v = self.normalize();
        if v.scale() < 2 {
            v.rescale(2);
        }
        v.to_string()
    }
}

impl Amount for Exact {
    fn fixed(&self, places: u32) -> String {
        Exact::fixed(self, places)
    }

    fn machine(&self) -> String {
        Exact::machine(self, 2)
    }

    fn is_cut(&self) -> bool {
        !self.has_places_within(crate::exact::MACHINE_PLACES)
    }
}

impl<T: Amount + ?Sized> Amount for &T {
    fn fixed(&self, places: u32) -> String {
        (**self).fixed(places)
    }

    fn machine(&self) -> String {
        (**self).machine()
    }

    fn is_cut(&self) -> bool {
        (**self).is_cut()
    }
}

/// Rounds to `places` decimals, half away from zero (2.345 → 2.35, −2.345 → −2.35).
pub fn round(value: Decimal, places: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(places);
    rounded
}

/// The machine form: `12345.60`, always `places` decimals, `.` as separator, no grouping.
/// Used by CSV and JSON, whatever the language.
pub fn plain(value: impl Amount, places: u32) -> String {
    value.fixed(places)
}

/// Money in the machine form, to the cent.
pub fn cents(value: impl Amount) -> String {
    plain(value, 2)
}

/// A figure in the machine form with every decimal it has, at least two (`0.125` stays
/// `0.125`: a price per consultation is not rounded away). A bidder's own figure is shown
/// exactly as read; a computed fraction exactly when it ends within 28 decimals, else
/// rounded at the 28th.
pub fn exact(value: impl Amount) -> String {
    value.machine()
}

/// A number for people: `12 345,60` in French (no-break space between thousands),
/// `12,345.60` in English.
pub fn human(value: impl Amount, places: u32, lang: Lang) -> String {
    let text = plain(value, places);
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int_part, frac_part) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let (group_sep, decimal_sep) = match lang {
        Lang::Fr => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(c);
    }
    let mut out = String::from(sign);
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(decimal_sep);
        out.push_str(f);
    }
    out
}

/// A number for people with every digit it has, no more: `5 000`, `0,125`, `12 500,5`.
pub fn human_exact(value: Decimal, lang: Lang) -> String {
    let n = value.normalize();
    human(n, n.scale(), lang)
}

/// A percentage for people: `30,4 %` in French (no-break space), `30.4%` in English.
pub fn percent(value: impl Amount, places: u32, lang: Lang) -> String {
    let number = human(value, places, lang);
    match lang {
        Lang::Fr => format!("{number}\u{a0}%"),
        Lang::En => format!("{number}%"),
    }
}

/// Money for people: `12 345,60 €` in French, `€12,345.60` in English.
pub fn euros(value: impl Amount, lang: Lang) -> String {
    let number = human(value, 2, lang);
    match lang {
        Lang::Fr => format!("{number}\u{a0}€"),
        Lang::En => match number.strip_prefix('-') {
            Some(rest) => format!("-€{rest}"),
            None => format!("€{number}"),
        },
    }
}

/// An integer quantity for people: `1 250 000` / `1,250,000`.
pub fn quantity(value: u64, lang: Lang) -> String {
    human(Decimal::from(value), 0, lang)
}

/// A computed figure exactly, for scripts, beside its rounded form: every decimal it has
/// (at least two) when they end within 28 places (`45336.7656`), else the reduced
/// fraction `numerator/denominator` (100 000 ÷ 1.055 is `20000000/211`), which no
/// decimal string could hold.
pub fn exact_or_fraction(value: &Exact) -> String {
    if value.is_cut() {
        value.fraction()
    } else {
        value.machine(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(cents(dec!(2.345)), "2.35");
        assert_eq!(cents(dec!(-2.345)), "-2.35");
        assert_eq!(cents(dec!(2.344999)), "2.34");
        assert_eq!(cents(dec!(0.005)), "0.01");
        assert_eq!(cents(dec!(12345.6)), "12345.60");
        assert_eq!(cents(dec!(7)), "7.00");
        assert_eq!(cents(dec!(-0.001)), "0.00");
        assert_eq!(exact(dec!(0.125)), "0.125");
        assert_eq!(exact(dec!(12500)), "12500.00");
        assert_eq!(exact(dec!(12.50000)), "12.50");
    }

    #[test]
    fn french_and_english_display() {
        assert_eq!(euros(dec!(12345.6), Lang::Fr), "12\u{a0}345,60\u{a0}€");
        assert_eq!(euros(dec!(12345.6), Lang::En), "€12,345.60");
        assert_eq!(euros(dec!(-1234567.891), Lang::En), "-€1,234,567.89");
        assert_eq!(euros(dec!(999.999), Lang::Fr), "1\u{a0}000,00\u{a0}€");
        assert_eq!(euros(dec!(0), Lang::Fr), "0,00\u{a0}€");
        assert_eq!(quantity(1_250_000, Lang::Fr), "1\u{a0}250\u{a0}000");
        assert_eq!(quantity(100, Lang::En), "100");
        assert_eq!(human(dec!(0.06), 4, Lang::Fr), "0,0600");
    }
}

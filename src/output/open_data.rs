//! What the OCDS and DECP documents share: amounts written as JSON numbers with two
//! decimals, straight from the exact figure (never through a binary float), and dates.

use serde::Serialize;
use serde_json::value::RawValue;

use crate::date::CalendarDate;
use crate::exact::Exact;

/// An amount in euros rounded to the cent (half away from zero), written as a JSON
/// number: `12345.60`.
#[derive(Clone, Debug)]
pub struct Euros(String);

impl Euros {
    pub fn of(amount: &Exact) -> Euros {
        Euros(amount.fixed(2))
    }
}

impl Serialize for Euros {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The text is digits, an optional minus sign and a point: a JSON number.
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// A day as an OCDS date-time: midnight UTC.
pub fn date_time(d: &CalendarDate) -> String {
    format!("{}T00:00:00Z", d.iso())
}

/// The document, indented, with a final line feed. Every key is a string and every
/// amount's text a number, so an error here would be a bug: it is passed on, never
/// written as a document.
pub fn pretty<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn amounts_are_numbers_with_two_decimals() {
        let third = Exact::from_decimal(Decimal::new(100, 0))
            .div(&Exact::from_u64(3))
            .unwrap();
        assert_eq!(serde_json::to_string(&Euros::of(&third)).unwrap(), "33.33");
        let half = Exact::from_decimal(Decimal::new(1_000_005, 3));
        // 1000.005 rounds half away from zero.
        assert_eq!(serde_json::to_string(&Euros::of(&half)).unwrap(), "1000.01");
        let whole = Exact::from_u64(57_600);
        assert_eq!(
            serde_json::to_string(&Euros::of(&whole)).unwrap(),
            "57600.00"
        );
    }
}

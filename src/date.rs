//! Calendar dates as buyers write them (`YYYY-MM-DD`), checked to be real days. The
//! clock is never read: every date comes from the command line or the tender file.

/// A calendar date, `YYYY-MM-DD`: the date of an analysis (`--date`), the dates a
/// publication gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// Not a date of the form `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not a date of the form YYYY-MM-DD: {given}")]
pub struct DateError {
    pub given: String,
}

impl CalendarDate {
    /// Parses `YYYY-MM-DD`, a real day of the Gregorian calendar from 1900 to 9999
    /// (the years a workbook can hold).
    pub fn parse(given: &str) -> Result<CalendarDate, DateError> {
        let error = || DateError {
            given: given.to_owned(),
        };
        let parts: Vec<&str> = given.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(error());
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
            return Err(error());
        }
        let year: u16 = y.parse().map_err(|_| error())?;
        let month: u8 = m.parse().map_err(|_| error())?;
        let day: u8 = d.parse().map_err(|_| error())?;
        if year < 1900 || !(1..=12).contains(&month) || day == 0 || day > days_in(year, month) {
            return Err(error());
        }
        Ok(CalendarDate { year, month, day })
    }

    /// `2026-12-02`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in(year: u16, month: u8) -> u8 {
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_calendar_days() {
        let d = CalendarDate::parse("2024-02-29").expect("leap day");
        assert_eq!((d.year, d.month, d.day), (2024, 2, 29));
        assert_eq!(d.iso(), "2024-02-29");
        for bad in [
            "2025-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-1-01",
            "02/12/2026",
            "",
            "1899-12-31",
            "２０２６-01-01",
        ] {
            assert!(CalendarDate::parse(bad).is_err(), "{bad} accepted");
        }
        assert!(CalendarDate::parse("2000-02-29").is_ok());
    }
}

//! Bidder text is untrusted: it reaches terminals and spreadsheets.

/// Characters that could hide or reorder text on a terminal: controls, bidirectional
/// overrides and zero-width characters.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// Text safe to print on a terminal: hidden characters removed (a tab or line break
/// becomes a space).
pub fn printable(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if is_hidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Bidder text safe in a CSV file opened by a spreadsheet: a leading `=`, `+`, `-`, `@`,
/// tab, carriage return or line feed would be evaluated as a formula; a single quote
/// before it makes it text. Only for text that came from a bidder, never for computed
/// numbers (`-5` is a value).
pub fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\n') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_what_hides_text() {
        assert_eq!(printable("ACME\u{202E}SAS\u{200B}"), "ACMESAS");
        assert_eq!(printable("a\tb\nc\u{7}"), "a b c");
        assert_eq!(printable("Société Générale"), "Société Générale");
    }

    #[test]
    fn neutralises_formulas() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("ACME"), "ACME");
    }
}

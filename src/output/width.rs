//! The width text is laid out for, and line breaking that never cuts a word.
//!
//! Output that is not for a terminal (a pipe, a file, a test) is laid out at a fixed
//! width, whatever the environment, so the same inputs always give the same bytes. On a
//! terminal, its width is used, or `COLUMNS` when set, as `ls` does. `TENDER_WIDTH`
//! sets the width everywhere (for a report laid out wider, or a test).
//!
//! Lines break at spaces; a word longer than a whole line (a commune such as
//! `Varces-Allières-et-Risset` in a narrow column, a file path) breaks after one of its
//! hyphens or slashes, never between two letters.

use std::io::IsTerminal;
use std::sync::OnceLock;

use comfy_table::{Cell, ColumnConstraint, LineStyle, Row, Table, Width};
use unicode_width::UnicodeWidthStr;

/// The width when the output is not a terminal and `TENDER_WIDTH` is not set.
pub const DEFAULT: usize = 80;
/// Narrower than this, tables cannot hold their figures: a smaller width is raised to it.
pub const MIN: usize = 40;
/// Wider than this, lines stop being readable: a larger width is lowered to it.
pub const MAX: usize = 400;

/// The width of this run's text output, decided once so every table of a run agrees.
pub fn current() -> usize {
    static WIDTH: OnceLock<usize> = OnceLock::new();
    *WIDTH.get_or_init(|| {
        let stdout = std::io::stdout();
        let terminal = stdout.is_terminal().then(|| {
            let size = terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
            (std::env::var("COLUMNS").ok(), size)
        });
        let explicit = std::env::var("TENDER_WIDTH").ok();
        decide(
            explicit.as_deref(),
            terminal.as_ref().map(|(c, s)| (c.as_deref(), *s)),
        )
    })
}

/// The width from `TENDER_WIDTH` (when it is a number); else, on a terminal, from
/// `COLUMNS` or the terminal's own width; else [`DEFAULT`]. Kept within
/// [`MIN`]..=[`MAX`].
pub fn decide(explicit: Option<&str>, terminal: Option<(Option<&str>, Option<usize>)>) -> usize {
    let number = |s: &str| s.trim().parse::<usize>().ok().filter(|&n| n > 0);
    let on_terminal =
        terminal.and_then(|(columns, size)| columns.and_then(number).or(size.filter(|&s| s > 0)));
    explicit
        .and_then(number)
        .or(on_terminal)
        .map_or(DEFAULT, |w| w.clamp(MIN, MAX))
}

/// Display columns a text takes on a terminal (`€` one, a wide character two).
pub fn display(s: &str) -> usize {
    s.width()
}

/// The words of a line, each kept whole: French quotes stay with what they quote
/// (`« Lot 6 »` never breaks after `«` or before `»`), `:`, `;`, `?`, `!` and `→` stay
/// with the word before, and a flag `⚑` with the word after.
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue_next = false;
    for w in text.split(' ').filter(|w| !w.is_empty()) {
        let glue_prev = w.starts_with('»') || matches!(w, ":" | ";" | "?" | "!" | "→");
        match out.last_mut() {
            Some(last) if glue_next || glue_prev => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_owned()),
        }
        glue_next = w == "«" || w == "⚑";
    }
    out
}

/// The pieces a word may be broken into: after a hyphen between two letters
/// (`Varces-` `Allières-` `et-` `Risset`) or after a slash between two letters or
/// digits, as in a path. A minus sign (`-468,00`), a dash standing alone or a unit
/// (`€/inscrit`) is never a break.
pub fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).map(|p| p.1);
        let after = chars.get(i + 1).map(|n| n.1);
        let breaks = match c {
            '-' => {
                before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
            }
            '/' => {
                before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric)
            }
            _ => false,
        };
        if breaks {
            let end = at + c.len_utf8();
            out.push(&word[start..end]);
            start = end;
        }
    }
    out.push(&word[start..]);
    out
}

/// The widest piece of any word of `text`: the narrowest a column can be without
/// cutting a word.
pub fn narrowest(text: &str) -> usize {
    text.lines()
        .flat_map(words)
        .flat_map(|w| pieces(&w).into_iter().map(display).max())
        .max()
        .unwrap_or(0)
}

/// Breaks `text` into lines of at most `width` columns: the first starts with
/// `first_indent` spaces, the others with `indent`. A word wider than a whole line is
/// broken after a hyphen or slash; a piece wider than a line (no break allowed in it)
/// is left whole, past the width, rather than cut.
pub fn wrap_lines(text: &str, width: usize, indent: usize, first_indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = " ".repeat(first_indent);
    let mut empty = true;
    for word in words(text) {
        let len = display(&word);
        let room = if empty { 0 } else { 1 };
        if display(&line) + room + len <= width {
            if !empty {
                line.push(' ');
            }
            line.push_str(&word);
        } else if indent + len <= width {
            if !empty {
                lines.push(line.trim_end().to_owned());
                line = " ".repeat(indent);
            }
            line.push_str(&word);
        } else {
            if !empty {
                line.push(' ');
            }
            place_pieces(&word, width, indent, &mut line, &mut lines);
        }
        empty = false;
    }
    lines.push(line.trim_end().to_owned());
    lines
}

/// Puts a word too wide for a line piece by piece, starting on `line`.
fn place_pieces(
    word: &str,
    width: usize,
    indent: usize,
    line: &mut String,
    lines: &mut Vec<String>,
) {
    let mut fresh = line.trim().is_empty();
    for piece in pieces(word) {
        if !fresh && display(line) + display(piece) > width {
            lines.push(line.trim_end().to_owned());
            *line = " ".repeat(indent);
        }
        line.push_str(piece);
        fresh = false;
    }
}

/// Text whose lines wider than `width` are broken, each going on two spaces further in
/// than it started; lines that fit are left as they are.
pub fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if display(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        for l in wrap_lines(rest, width, indent + 2, indent) {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

/// A table laid out at its width without cutting a word: a column is never narrower
/// than its widest piece, a cell holding a word wider than its column is broken at the
/// word's hyphens, and a flag (`⚑ …`) broken over lines goes on indented.
pub fn render_table(t: &Table) -> String {
    let mut t = t.clone();
    let mut widths = column_widths(&t);
    let narrowest: Vec<usize> = (0..widths.len())
        .map(|i| {
            t.column_cells_with_header_iter(i)
                .flatten()
                .map(|c| narrowest(&c.content()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    if widths.iter().zip(&narrowest).any(|(w, n)| w < n) {
        for (i, n) in narrowest.iter().enumerate() {
            if let Some(c) = t.column_mut(i) {
                let padded = n + usize::from(c.padding_width());
                let padded = u16::try_from(padded).unwrap_or(u16::MAX);
                c.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(padded)));
            }
        }
        widths = column_widths(&t);
    }
    rewrap_cells(&mut t, &widths);
    let mut s = String::new();
    for line in t.lines() {
        s.push_str(line.trim_end());
        s.push('\n');
    }
    s
}

/// The content width comfy-table gives each column, read from a rendering whose
/// header rule marks the columns' junctions.
fn column_widths(t: &Table) -> Vec<usize> {
    const MARK: char = '┼';
    let mut probe = t.clone();
    probe.style_mut().header_separator = LineStyle::none().fill('═').junction(MARK);
    let rule = probe
        .lines()
        .find(|l| l.starts_with('═') || l.starts_with(MARK))
        .unwrap_or_default();
    rule.split(MARK)
        .zip(probe.column_iter())
        .map(|(seg, col)| {
            let padding = usize::from(col.padding_width());
            seg.chars().count().saturating_sub(padding)
        })
        .collect()
}

/// The table with every cell that comfy-table would cut re-broken by [`wrap_lines`],
/// each column held at the width it was laid out at.
fn rewrap_cells(t: &mut Table, widths: &[usize]) {
    let needs = |i: usize, cell: &Cell| {
        let w = widths.get(i).copied().unwrap_or(usize::MAX);
        cell.content().lines().any(|l| {
            display(l) > w && (l.starts_with("⚑ ") || l.split(' ').any(|x| display(x) > w))
        })
    };
    let redo = |row: &Row| {
        let cut = row.cell_iter().enumerate().any(|(i, c)| needs(i, c));
        cut.then(|| {
            let cells = row.cell_iter().enumerate();
            cells
                .map(|(i, c)| match widths.get(i) {
                    Some(&w) if needs(i, c) => Cell::new(rewrap(&c.content(), w)),
                    _ => c.clone(),
                })
                .collect::<Vec<Cell>>()
        })
    };
    let header = t.header().and_then(redo);
    let rows: Vec<Option<Vec<Cell>>> = t.row_iter().map(redo).collect();
    if header.is_none() && rows.iter().all(Option::is_none) {
        return;
    }
    for (i, w) in widths.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            let padded = u16::try_from(w + usize::from(c.padding_width())).unwrap_or(u16::MAX);
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(padded)));
        }
    }
    if let Some(cells) = header {
        t.set_header(cells);
    }
    for (i, cells) in rows.into_iter().enumerate() {
        if let (Some(cells), Some(row)) = (cells, t.row_mut(i)) {
            *row = Row::from(cells);
        }
    }
}

/// A cell's text broken at `width`; a flag goes on indented under its first word.
fn rewrap(content: &str, width: usize) -> String {
    let lines: Vec<String> = content
        .lines()
        .flat_map(|l| {
            let hang = if l.starts_with("⚑ ") { 2 } else { 0 };
            wrap_lines(l, width, hang, 0)
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_width_is_fixed_off_a_terminal_whatever_columns_says() {
        assert_eq!(decide(None, None), DEFAULT);
        assert_eq!(decide(Some("100"), None), 100);
        assert_eq!(decide(Some("100"), Some((Some("90"), Some(120)))), 100);
        assert_eq!(decide(None, Some((Some("90"), Some(120)))), 90);
        assert_eq!(decide(None, Some((Some("wide"), Some(120)))), 120);
        assert_eq!(decide(None, Some((None, Some(132)))), 132);
        assert_eq!(decide(None, Some((None, None))), DEFAULT);
        assert_eq!(decide(Some("10"), None), MIN);
        assert_eq!(decide(Some("0"), None), DEFAULT);
        assert_eq!(decide(Some("99999"), None), MAX);
    }

    #[test]
    fn words_break_after_hyphens_between_letters_only() {
        assert_eq!(
            pieces("Varces-Allières-et-Risset"),
            ["Varces-", "Allières-", "et-", "Risset"]
        );
        assert_eq!(pieces("-468,00"), ["-468,00"]);
        assert_eq!(pieces("a/b/c.xlsx"), ["a/", "b/", "c.xlsx"]);
        assert_eq!(pieces("€/inscrit"), ["€/inscrit"]);
        assert_eq!(narrowest("Varces-Allières-et-Risset\nvarces"), 9);
    }

    #[test]
    fn a_long_word_breaks_at_a_hyphen_and_nothing_else() {
        let lines = wrap_lines("Varces-Allières-et-Risset", 24, 0, 0);
        assert_eq!(lines, ["Varces-Allières-et-", "Risset"]);
        let lines = wrap_lines("⚑ anormalement basse ?", 14, 2, 0);
        assert_eq!(lines, ["⚑ anormalement", "  basse ?"]);
        let lines = wrap_lines("mot Saint-Martin-d'Uriage", 20, 2, 0);
        assert_eq!(lines, ["mot Saint-Martin-", "  d'Uriage"]);
    }

    #[test]
    fn fit_breaks_only_the_lines_too_wide() {
        let text = "court\n  – un deux trois quatre\n";
        assert_eq!(fit(text, 20), "court\n  – un deux trois\n    quatre\n");
        assert_eq!(fit(text, 40), text);
    }
}

//! A price grid the buyer writes, to plan the split before any offer (`split --tariff`):
//! librarians who know a vendor's public grid, or a quote per group, want to see what
//! each member would pay, and under which method, before the tender.
//!
//! Two CSV formats, each line one price (UTF-8 or Windows-1252; `,`, `;` or tab between
//! fields; numbers as the buyer types them, `1 450,50` as well as `1450.50`):
//!
//! - a band grid: `population_up_to,price_ht` (or `registered_users_up_to,price_ht`), one
//!   line per band in increasing order, the last one with no limit (the open band above
//!   the previous limit). A group of members costs the price of the band its summed
//!   population falls in, so that every group is priced;
//! - a price per group, for small groupements: `members,price_ht`, the members' ids
//!   separated by `+` (`grenoble+isere`), one line per group priced.
//!
//! Either may start with a `lot` column: each line then prices that lot only, and the lots
//! not named are not priced. Without it, the grid prices every lot.
//!
//! No file is read here: the command hands the bytes over, and every problem is given with
//! the file, line and column, what was found and what was expected.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::bpu::number;
use crate::tender::{BandMeasure, Tender};

/// A grid read from the buyer's CSV file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grid {
    pub file: PathBuf,
    /// One set of prices per lot named, in the order of the file; a single one with no
    /// lot when the file has no `lot` column (it prices every lot).
    pub lots: Vec<LotGrid>,
}

/// The prices of one lot (or of every lot: `lot` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LotGrid {
    pub lot: Option<String>,
    pub prices: GridPrices,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GridPrices {
    /// Band i holds the groups whose measure m satisfies `limits[i] < m ≤ limits[i + 1]`
    /// (the first limit 0, the last band open), as the tender's band tariffs.
    Bands {
        measure: BandMeasure,
        limits: Vec<u64>,
        prices: Vec<Decimal>,
    },
    /// The groups priced, each a set of member ids, with the line it was read from.
    Groups(Vec<GroupPrice>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupPrice {
    pub members: BTreeSet<String>,
    pub price_ht: Decimal,
    pub line: u64,
}

impl Grid {
    /// The prices of a lot, if the grid prices it.
    pub fn for_lot(&self, lot: &str) -> Option<&GridPrices> {
        self.lots
            .iter()
            .find(|l| l.lot.as_deref().is_none_or(|id| id == lot))
            .map(|l| &l.prices)
    }
}

/// An error in the grid file, with its place.
#[derive(Debug, thiserror::Error)]
pub enum GridError {
    #[error("cannot read {}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}, line {line}{}: {problem}", file.display(), column.map(|c| format!(", column {c}")).unwrap_or_default())]
    Invalid {
        file: PathBuf,
        line: u64,
        /// The column's name in the header, when one value is at fault.
        column: Option<&'static str>,
        problem: GridProblem,
    },
}

/// What is wrong on a line of the grid (the English wording is for logs; the command
/// line speaks the user's language).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GridProblem {
    #[error("unexpected header {found:?}")]
    Header { found: String },
    #[error("expected {expected} values, found {found}")]
    FieldCount { expected: usize, found: usize },
    #[error("no price in the file")]
    NoLine,
    #[error("empty value")]
    Empty,
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    #[error("the CSV file cannot be read from this line on")]
    Malformed,
    #[error("lot {lot:?} is not a lot of the tender (lots: {known})")]
    UnknownLot { lot: String, known: String },
    /// A band's limit that is not a whole number: `reason` says why the text is not a
    /// number at all (`None`: a number, but with decimals or below 0).
    #[error("{found:?} is not a whole number")]
    NotAWholeNumber {
        found: String,
        reason: Option<number::NumberError>,
    },
    #[error("{found:?} is not a number ({reason})")]
    NotANumber {
        found: String,
        reason: number::NumberError,
    },
    #[error("negative price {found:?}")]
    NegativePrice { found: String },
    #[error("limit {limit} is not above the previous one ({previous})")]
    LimitNotAbove { limit: u64, previous: u64 },
    #[error("a line follows the open band (no limit) of line {open_line}")]
    AfterOpenBand { open_line: u64 },
    #[error("the last band has a limit ({limit}): the last line must leave it empty")]
    NoOpenBand { limit: u64 },
    #[error("{id:?} is not a member of the groupement nor a prospect (members: {known})")]
    UnknownMember { id: String, known: String },
    #[error("{id:?} is twice in the group")]
    MemberTwice { id: String },
    #[error("an empty member between two +")]
    EmptyMember,
    #[error("this group was already priced on line {first_line}")]
    DuplicateGroup { first_line: u64 },
}

/// The kinds of grid, by their header's columns after an optional `lot`.
const FORMATS: [[&str; 2]; 3] = [
    ["population_up_to", "price_ht"],
    ["registered_users_up_to", "price_ht"],
    ["members", "price_ht"],
];

/// The headers a grid may have, for a message.
pub fn expected_headers() -> Vec<String> {
    FORMATS
        .iter()
        .flat_map(|f| [f.join(","), format!("lot,{}", f.join(","))])
        .collect()
}

/// One line of the grid: its number, its lot (when the file has that column), the first
/// and second values.
struct Line {
    number: u64,
    lot: Option<String>,
    key: String,
    price: String,
}

/// Reads a grid; `tender` gives the lots and the members (and prospects) it may name.
pub fn parse(bytes: &[u8], path: &Path, tender: &Tender) -> Result<Grid, GridError> {
    let fail = |line: u64, column: Option<&'static str>, problem: GridProblem| GridError::Invalid {
        file: path.to_path_buf(),
        line,
        column,
        problem,
    };
    let (format, lines) = lines(bytes, &fail)?;
    let mut lots: Vec<(Option<String>, Vec<Line>)> = Vec::new();
    for line in lines {
        if let Some(id) = &line.lot
            && tender.lot(id).is_none()
        {
            let known = tender
                .lots
                .iter()
                .map(|l| l.id.as_str())
                .collect::<Vec<_>>();
            return Err(fail(
                line.number,
                Some("lot"),
                GridProblem::UnknownLot {
                    lot: id.clone(),
                    known: known.join(", "),
                },
            ));
        }
        match lots.iter_mut().find(|(lot, _)| *lot == line.lot) {
            Some((_, v)) => v.push(line),
            None => lots.push((line.lot.clone(), vec![line])),
        }
    }
    let mut out = Vec::new();
    for (lot, lines) in lots {
        let prices = match format {
            0 => bands(BandMeasure::Population, &lines, &fail)?,
            1 => bands(BandMeasure::RegisteredUsers, &lines, &fail)?,
            _ => groups(&lines, tender, &fail)?,
        };
        out.push(LotGrid { lot, prices });
    }
    Ok(Grid {
        file: path.to_path_buf(),
        lots: out,
    })
}

type Fail<'a> = dyn Fn(u64, Option<&'static str>, GridProblem) -> GridError + 'a;

/// The header's format (an index in [`FORMATS`]) and the lines with a value.
fn lines(bytes: &[u8], fail: &Fail) -> Result<(usize, Vec<Line>), GridError> {
    let text = crate::bpu::csv::decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(crate::bpu::csv::sniff_delimiter(&text))
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let malformed = |line: u64, e: &csv::Error| match e.kind() {
        csv::ErrorKind::Utf8 { pos, .. } => fail(
            pos.as_ref().map_or(line, |p| p.line()),
            None,
            GridProblem::NotUtf8,
        ),
        _ => fail(
            e.position().map_or(line, |p| p.line()),
            None,
            GridProblem::Malformed,
        ),
    };
    let found = reader.headers().map_err(|e| malformed(1, &e))?;
    let (format, columns) = header(found, fail)?;
    let with_lot = columns.len() == 3;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| malformed(0, &e))?;
        let number = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != columns.len() {
            let (expected, found) = (columns.len(), record.len());
            return Err(fail(
                number,
                None,
                GridProblem::FieldCount { expected, found },
            ));
        }
        let v: Vec<String> = record.iter().map(str::to_owned).collect();
        // Only a band's limit may be empty (the open band).
        for (i, name) in columns.iter().enumerate() {
            if v[i].is_empty() && !name.ends_with("_up_to") {
                return Err(fail(number, Some(name), GridProblem::Empty));
            }
        }
        let k = usize::from(with_lot);
        out.push(Line {
            number,
            lot: with_lot.then(|| v[0].clone()),
            key: v[k].clone(),
            price: v[k + 1].clone(),
        });
    }
    if out.is_empty() {
        return Err(fail(1, None, GridProblem::NoLine));
    }
    Ok((format, out))
}

/// The header's format (an index in [`FORMATS`]) and its columns, `lot` first if there.
fn header(found: &csv::StringRecord, fail: &Fail) -> Result<(usize, Vec<&'static str>), GridError> {
    let names: Vec<String> = found.iter().map(|h| h.trim().to_lowercase()).collect();
    let with_lot = names.first().is_some_and(|n| n == "lot");
    let rest = &names[usize::from(with_lot)..];
    let format = FORMATS
        .iter()
        .position(|f| f.as_slice() == rest)
        .ok_or_else(|| {
            let found = found.iter().collect::<Vec<_>>().join(",");
            fail(1, None, GridProblem::Header { found })
        })?;
    let columns = with_lot
        .then_some("lot")
        .into_iter()
        .chain(FORMATS[format])
        .collect();
    Ok((format, columns))
}

/// A price as the buyer typed it: a number, not below 0.
fn price(line: &Line, fail: &Fail) -> Result<Decimal, GridError> {
    let found = || line.price.clone();
    let value = number::parse(&line.price)
        .map_err(|reason| {
            fail(
                line.number,
                Some("price_ht"),
                GridProblem::NotANumber {
                    found: found(),
                    reason,
                },
            )
        })?
        .value;
    if value.is_sign_negative() && !value.is_zero() {
        return Err(fail(
            line.number,
            Some("price_ht"),
            GridProblem::NegativePrice { found: found() },
        ));
    }
    Ok(value)
}

/// A band's limit: a whole number of inhabitants or registered users, spaces between
/// thousands allowed.
fn limit(raw: &str, number_: u64, column: &'static str, fail: &Fail) -> Result<u64, GridError> {
    let wrong = |reason| {
        fail(
            number_,
            Some(column),
            GridProblem::NotAWholeNumber {
                found: raw.to_owned(),
                reason,
            },
        )
    };
    let value = number::parse(raw).map_err(|e| wrong(Some(e)))?.value;
    if value.fract() != Decimal::ZERO || value.is_sign_negative() {
        return Err(wrong(None));
    }
    u64::try_from(value).map_err(|_| wrong(None))
}

/// A band grid: limits increasing, the last line open.
fn bands(measure: BandMeasure, lines: &[Line], fail: &Fail) -> Result<GridPrices, GridError> {
    let column = match measure {
        BandMeasure::Population => "population_up_to",
        BandMeasure::RegisteredUsers => "registered_users_up_to",
    };
    let mut limits = vec![0u64];
    let mut prices = Vec::new();
    let mut open: Option<u64> = None;
    for line in lines {
        if let Some(open_line) = open {
            return Err(fail(
                line.number,
                None,
                GridProblem::AfterOpenBand { open_line },
            ));
        }
        prices.push(price(line, fail)?);
        if line.key.is_empty() {
            open = Some(line.number);
            continue;
        }
        let up_to = limit(&line.key, line.number, column, fail)?;
        let previous = limits.last().copied().unwrap_or(0);
        if up_to <= previous {
            return Err(fail(
                line.number,
                Some(column),
                GridProblem::LimitNotAbove {
                    limit: up_to,
                    previous,
                },
            ));
        }
        limits.push(up_to);
    }
    if open.is_none() {
        let last = lines.last().map_or(1, |l| l.number);
        let limit = limits.last().copied().unwrap_or(0);
        return Err(fail(last, Some(column), GridProblem::NoOpenBand { limit }));
    }
    Ok(GridPrices::Bands {
        measure,
        limits,
        prices,
    })
}

/// A price per group: members known, none twice, no group twice.
fn groups(lines: &[Line], tender: &Tender, fail: &Fail) -> Result<GridPrices, GridError> {
    let known = || {
        tender
            .members
            .iter()
            .chain(&tender.prospects)
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out: Vec<GroupPrice> = Vec::new();
    for line in lines {
        let at = |problem| fail(line.number, Some("members"), problem);
        let mut members = BTreeSet::new();
        for id in line.key.split('+').map(str::trim) {
            if id.is_empty() {
                return Err(at(GridProblem::EmptyMember));
            }
            if tender.member(id).is_none() && !tender.prospects.iter().any(|p| p.id == id) {
                let id = id.to_owned();
                return Err(at(GridProblem::UnknownMember { id, known: known() }));
            }
            if !members.insert(id.to_owned()) {
                return Err(at(GridProblem::MemberTwice { id: id.to_owned() }));
            }
        }
        if let Some(first) = out.iter().find(|g| g.members == members) {
            let first_line = first.line;
            return Err(fail(
                line.number,
                None,
                GridProblem::DuplicateGroup { first_line },
            ));
        }
        out.push(GroupPrice {
            members,
            price_ht: price(line, fail)?,
            line: line.number,
        });
    }
    Ok(GridPrices::Groups(out))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;

    /// Three members (a, b, c), a prospect d, lots 1 and 2.
    pub(crate) fn tender() -> Tender {
        let mut toml = String::from(
            "[tender]\nname='t'\nreference='t'\nduration_years=1\nquote_for=['groupement']\n",
        );
        for (id, population, users) in [("a", 2000, 900), ("b", 4000, 100), ("c", 9000, 200)] {
            toml.push_str(&format!(
                "[[member]]\nid='{id}'\nname='Commune {id}'\npopulation={population}\nregistered_users={users}\n"
            ));
        }
        toml.push_str(
            "[[prospect]]\nid='d'\nname='Commune d'\npopulation=1000\nregistered_users=100\n",
        );
        for lot in ["1", "2"] {
            toml.push_str(&format!(
                "[[lot]]\nid='{lot}'\ntitle='L{lot}'\nvat_rate='0.20'\nusage_rates={{active_accounts='0.04',simultaneous_accesses='0.001',consultations='1'}}\n"
            ));
        }
        crate::tender::load::parse(&toml, Path::new("t.toml")).unwrap_or_else(|e| panic!("{e}"))
    }

    fn read(text: &str) -> Result<Grid, GridError> {
        parse(text.as_bytes(), Path::new("grille.csv"), &tender())
    }

    /// Where a grid is refused and why: (line, column, problem).
    type Refusal = (u64, Option<&'static str>, GridProblem);

    fn refused(text: &str) -> Refusal {
        match read(text) {
            Err(GridError::Invalid {
                line,
                column,
                problem,
                ..
            }) => (line, column, problem),
            other => panic!("{text:?} was not refused: {other:?}"),
        }
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_band_grid_as_a_french_spreadsheet_writes_it() {
        let g = read(
            "Population_up_to;Price_HT\n5 000;1 000\n10000;1500\n\n20 000;2 400,50\n;3000 €\n",
        )
        .unwrap();
        assert_eq!(g.lots.len(), 1);
        assert_eq!(g.lots[0].lot, None);
        assert_eq!(
            g.lots[0].prices,
            GridPrices::Bands {
                measure: BandMeasure::Population,
                limits: vec![0, 5000, 10000, 20000],
                prices: vec![d("1000"), d("1500"), d("2400.50"), d("3000")],
            }
        );
        // Without a lot column, every lot is priced.
        assert!(g.for_lot("1").is_some() && g.for_lot("2").is_some());
    }

    #[test]
    fn a_grid_per_lot_prices_only_its_lots() {
        let g = read("lot,registered_users_up_to,price_ht\n2,500,100.5\n2,,200\n").unwrap();
        assert!(g.for_lot("1").is_none());
        assert_eq!(
            g.for_lot("2"),
            Some(&GridPrices::Bands {
                measure: BandMeasure::RegisteredUsers,
                limits: vec![0, 500],
                prices: vec![d("100.5"), d("200")],
            })
        );
    }

    #[test]
    fn a_price_per_group() {
        let g = read("members;price_ht\na;1000\na + b;1 500\nc+d+a;2000\n").unwrap();
        let GridPrices::Groups(groups) = &g.lots[0].prices else {
            panic!("{g:?}")
        };
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(groups[1].members, ids(&["a", "b"]));
        assert_eq!(groups[1].price_ht, d("1500"));
        assert_eq!(groups[1].line, 3);
        assert_eq!(groups[2].members, ids(&["a", "c", "d"]));
    }

    #[test]
    fn every_problem_is_placed_at_its_line_and_column() {
        use GridProblem as P;
        let found = |s: &str| s.to_owned();
        let cases: Vec<(&str, Refusal)> = vec![
            (
                "population;price\n1;2\n",
                (
                    1,
                    None,
                    P::Header {
                        found: found("population;price").replace(';', ","),
                    },
                ),
            ),
            ("population_up_to,price_ht\n", (1, None, P::NoLine)),
            (
                "population_up_to;price_ht\n5000;mille\n;2\n",
                (
                    2,
                    Some("price_ht"),
                    P::NotANumber {
                        found: found("mille"),
                        reason: number::NumberError::UnexpectedCharacter('m'),
                    },
                ),
            ),
            (
                "population_up_to;price_ht\n5000;-3\n;2\n",
                (2, Some("price_ht"), P::NegativePrice { found: found("-3") }),
            ),
            (
                "population_up_to;price_ht\n5000;1\n5000;2\n;3\n",
                (
                    3,
                    Some("population_up_to"),
                    P::LimitNotAbove {
                        limit: 5000,
                        previous: 5000,
                    },
                ),
            ),
            (
                "population_up_to;price_ht\n0;1\n;3\n",
                (
                    2,
                    Some("population_up_to"),
                    P::LimitNotAbove {
                        limit: 0,
                        previous: 0,
                    },
                ),
            ),
            (
                "population_up_to;price_ht\n5000,5;1\n;3\n",
                (
                    2,
                    Some("population_up_to"),
                    P::NotAWholeNumber {
                        found: found("5000,5"),
                        reason: None,
                    },
                ),
            ),
            (
                "population_up_to;price_ht\n5000;1\n10000;2\n",
                (3, Some("population_up_to"), P::NoOpenBand { limit: 10000 }),
            ),
            (
                "population_up_to;price_ht\n;1\n5000;2\n",
                (3, None, P::AfterOpenBand { open_line: 2 }),
            ),
            (
                "population_up_to;price_ht\n5000;\n;2\n",
                (2, Some("price_ht"), P::Empty),
            ),
            (
                "population_up_to;price_ht\n5000;1;2\n",
                (
                    2,
                    None,
                    P::FieldCount {
                        expected: 2,
                        found: 3,
                    },
                ),
            ),
            (
                "lot;population_up_to;price_ht\n7;5000;1\n",
                (
                    2,
                    Some("lot"),
                    P::UnknownLot {
                        lot: found("7"),
                        known: found("1, 2"),
                    },
                ),
            ),
            (
                "members;price_ht\na+x;1\n",
                (
                    2,
                    Some("members"),
                    P::UnknownMember {
                        id: found("x"),
                        known: found("a, b, c, d"),
                    },
                ),
            ),
            (
                "members;price_ht\na+b+a;1\n",
                (2, Some("members"), P::MemberTwice { id: found("a") }),
            ),
            (
                "members;price_ht\na++b;1\n",
                (2, Some("members"), P::EmptyMember),
            ),
            (
                "members;price_ht\na+b;1\nb+a;2\n",
                (3, None, P::DuplicateGroup { first_line: 2 }),
            ),
        ];
        for (text, (line, column, problem)) in cases {
            assert_eq!(refused(text), (line, column, problem), "{text:?}");
        }
    }

    #[test]
    fn text_in_a_windows_encoding_is_read() {
        // "members;price_ht" then "a;1 000,5" with a no-break space (0xA0 in Windows-1252).
        let bytes = b"members;price_ht\na;1\xA0000,5\na+b+c;2000\n";
        let g = parse(bytes, Path::new("g.csv"), &tender()).unwrap();
        let GridPrices::Groups(groups) = &g.lots[0].prices else {
            panic!("{g:?}")
        };
        assert_eq!(groups[0].price_ht, d("1000.5"));
    }
}

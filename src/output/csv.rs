//! CSV for scripts and spreadsheets: one header row, one row per record, the same
//! machine forms as JSON. Bidder text is neutralised against formula injection.

use super::sanitize::csv_text;
use super::{Selection, json, text};
use crate::analysis::Analysis;
use crate::lang::Lang;
use crate::money;
use crate::pricing::{Adjustment, NormalisedCost};

/// A CSV writer to memory: LF line ends, like every CSV the tool writes.
pub(super) fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> String {
    let bytes = w.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

fn opt(d: Option<impl money::Amount>, places: u32) -> String {
    d.map(|d| money::plain(d, places)).unwrap_or_default()
}

fn name(n: &Option<String>) -> String {
    n.as_deref().map(csv_text).unwrap_or_default()
}

fn source(p: &Option<std::path::PathBuf>) -> String {
    p.as_ref()
        .map(|p| csv_text(&p.display().to_string()))
        .unwrap_or_default()
}

fn cost_columns(c: &NormalisedCost) -> [String; 6] {
    [
        money::cents(&c.annual_ht),
        money::cents(&c.contract_ht),
        money::cents(&c.contract_ttc),
        opt(c.unit.per_active_account.as_ref(), 4),
        opt(c.unit.per_registered_user.as_ref(), 4),
        opt(c.unit.per_inhabitant.as_ref(), 4),
    ]
}

const RANK_HEADER: [&str; 21] = [
    "lot",
    "lot_title",
    "scope",
    "rank",
    "bidder",
    "bidder_name",
    "status",
    "model",
    "annual_cost_ht",
    "contract_cost_ht",
    "contract_cost_ttc",
    "cost_per_active_account",
    "cost_per_registered_user",
    "cost_per_inhabitant",
    "price_mark",
    "technical_mark",
    "total",
    "tie",
    "flags",
    "reasons",
    "source",
];

/// One row per offer of each lot and scope: ranked ones (status `ranked`) in rank order,
/// then excluded ones.
pub fn rank(
    analysis: &Analysis,
    revisions: &crate::revised::Revisions,
    selection: &Selection,
    lang: Lang,
) -> String {
    use super::schedule_rank::{CSV_COLUMNS, csv_columns};
    let mut w = writer();
    let header: Vec<&str> = RANK_HEADER.iter().chain(&CSV_COLUMNS).copied().collect();
    w.write_record(&header).expect("memory");
    for lot in analysis.lots.iter().filter(|l| selection.lot(&l.lot)) {
        for scope in lot.scopes.iter().filter(|s| selection.scope(&s.scope)) {
            let head = |rank: String,
                        bidder: &str,
                        bidder_name: &Option<String>,
                        status: &str,
                        model: &str| {
                vec![
                    lot.lot.clone(),
                    csv_text(&lot.title),
                    scope.scope.clone(),
                    rank,
                    csv_text(bidder),
                    name(bidder_name),
                    status.to_owned(),
                    model.to_owned(),
                ]
            };
            for o in &scope.ranked {
                let mut row = head(
                    o.rank.to_string(),
                    &o.bidder,
                    &o.bidder_name,
                    "ranked",
                    o.cost.model.key(),
                );
                row.extend(cost_columns(&o.cost));
                row.extend([
                    money::cents(&o.price_mark),
                    o.technical_mark
                        .as_ref()
                        .map(money::cents)
                        .unwrap_or_default(),
                    money::cents(&o.total),
                    o.tie.to_string(),
                    o.flags
                        .iter()
                        .map(|f| f.key())
                        .collect::<Vec<_>>()
                        .join(";"),
                    String::new(),
                    source(&o.source),
                ]);
                row.extend(csv_columns(
                    Some(&o.cost),
                    revisions.offer(&lot.lot, &o.bidder),
                ));
                w.write_record(&row).expect("memory");
            }
            if let Some(f) = &scope.failure {
                // The admitted offers the marks could not rank, each with the reason.
                let reason = csv_text(&text::ranking_failure(f, lang));
                for bidder in &f.bidders {
                    let mut row = head(String::new(), bidder, &None, "unranked", "");
                    row.extend(std::iter::repeat_n(String::new(), RANK_HEADER.len() - 10));
                    row.push(reason.clone());
                    row.push(String::new());
                    row.extend(csv_columns(None, None));
                    w.write_record(&row).expect("memory");
                }
            }
            for o in &scope.excluded {
                let model = o.cost.as_ref().map_or("", |c| c.model.key());
                let mut row = head(
                    String::new(),
                    &o.bidder,
                    &o.bidder_name,
                    o.status.key(),
                    model,
                );
                row.extend(o.cost.as_ref().map(cost_columns).unwrap_or_default());
                row.extend(std::iter::repeat_n(String::new(), 5));
                let reasons: Vec<String> =
                    o.reasons.iter().map(|r| text::exclusion(r, lang)).collect();
                row.push(csv_text(&reasons.join(" | ")));
                row.push(source(&o.source));
                row.extend(csv_columns(
                    o.cost.as_ref(),
                    revisions.offer(&lot.lot, &o.bidder),
                ));
                w.write_record(&row).expect("memory");
            }
        }
    }
    finish(w)
}

const NORMALISE_HEADER: [&str; 22] = [
    "lot",
    "scope",
    "bidder",
    "bidder_name",
    "status",
    "model",
    "price_ht",
    "quota",
    "usage",
    "adjustment",
    "adjustment_blocks",
    "adjustment_rate_ht",
    "adjustment_ht",
    "annual_cost_ht",
    "contract_cost_ht",
    "contract_cost_ttc",
    "cost_per_active_account",
    "cost_per_registered_user",
    "cost_per_inhabitant",
    "flags",
    "reasons",
    "source",
];

/// One row per offer, lot and scope.
pub fn normalise(analysis: &Analysis, selection: &Selection, lang: Lang) -> String {
    let mut w = writer();
    w.write_record(NORMALISE_HEADER).expect("memory");
    for l in analysis
        .normalised
        .iter()
        .filter(|l| selection.lot(&l.lot) && selection.scope(&l.scope))
    {
        let mut row = vec![
            l.lot.clone(),
            l.scope.clone(),
            csv_text(&l.bidder),
            name(&l.bidder_name),
            if l.result.is_ok() { "ok" } else { "irregular" }.to_owned(),
            l.model.map(|m| m.key().to_owned()).unwrap_or_default(),
        ];
        match &l.result {
            Ok(c) => {
                let (kind, blocks, rate, amount) = match &c.adjustment {
                    Adjustment::None => ("none", String::new(), String::new(), String::new()),
                    Adjustment::Surcharge {
                        blocks,
                        rate,
                        amount,
                    } => (
                        "surcharge",
                        blocks.normalize().to_string(),
                        money::exact(*rate),
                        money::cents(amount),
                    ),
                    Adjustment::Reduction {
                        blocks,
                        rate,
                        amount,
                    } => (
                        "reduction",
                        blocks.normalize().to_string(),
                        rate.map(money::exact).unwrap_or_default(),
                        money::cents(amount),
                    ),
                    Adjustment::Extrapolated { .. } => {
                        ("extrapolated", String::new(), String::new(), String::new())
                    }
                };
                row.extend([
                    money::exact(c.price.value),
                    c.quota
                        .as_ref()
                        .map(|q| q.value.normalize().to_string())
                        .unwrap_or_default(),
                    c.usage.map(|u| u.to_string()).unwrap_or_default(),
                    kind.to_owned(),
                    blocks,
                    rate,
                    amount,
                ]);
                row.extend(cost_columns(c));
                row.push(json::cost_flags(c).join(";"));
                row.push(String::new());
            }
            Err(problems) => {
                row.extend(std::iter::repeat_n(String::new(), 13));
                row.push(String::new());
                row.push(csv_text(
                    &problems
                        .iter()
                        .map(|p| text::irregularity(p, lang))
                        .collect::<Vec<_>>()
                        .join(" | "),
                ));
            }
        }
        row.push(source(&l.source));
        w.write_record(&row).expect("memory");
    }
    finish(w)
}

const CHECK_HEADER: [&str; 10] = [
    "file", "sheet", "cell", "bidder", "lot", "scope", "code", "item", "severity", "message",
];

/// One row per finding of `check`.
pub fn check(report: &crate::check::CheckReport, selection: &Selection, lang: Lang) -> String {
    let mut w = writer();
    w.write_record(CHECK_HEADER).expect("memory");
    for f in &report.findings {
        if !f.lot.as_deref().is_none_or(|l| selection.lot(l))
            || !f.scope.as_deref().is_none_or(|s| selection.scope(s))
        {
            continue;
        }
        w.write_record([
            csv_text(&f.location.file.display().to_string()),
            f.location
                .sheet
                .as_deref()
                .map(csv_text)
                .unwrap_or_default(),
            f.location.cell.map(|c| c.to_string()).unwrap_or_default(),
            f.bidder.as_deref().map(csv_text).unwrap_or_default(),
            f.lot.clone().unwrap_or_default(),
            f.scope.clone().unwrap_or_default(),
            f.code().to_owned(),
            f.item.unwrap_or_default().to_owned(),
            f.severity.key().to_owned(),
            csv_text(&text::finding_body(f, lang)),
        ])
        .expect("memory");
    }
    finish(w)
}

/// Columns of words or of text from the tender file or a bidder: never given a decimal
/// comma by [`excel`], even where the text looks like a number ("2.1" as a sheet's name).
const TEXT_COLUMNS: [&str; 25] = [
    "section",
    "step",
    "lot",
    "lot_title",
    "scope",
    "bidder",
    "bidder_name",
    "member",
    "status",
    "model",
    "method",
    "kind",
    "tie",
    "flags",
    "reasons",
    "note",
    "source",
    "file",
    "sheet",
    "cell",
    "code",
    "item",
    "severity",
    "message",
    "text",
];

/// A plain decimal as the CSV writes it: an optional minus, digits, a point, digits.
fn is_plain_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    match digits.split_once('.') {
        Some((i, f)) => {
            !i.is_empty()
                && !f.is_empty()
                && i.bytes().all(|b| b.is_ascii_digit())
                && f.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// A CSV of this program, reshaped for a spreadsheet set to French (`--excel`): `;`
/// between fields (the comma is the decimal separator there), decimal commas in the
/// figures (`1234.50` would be read as text, and `1.05` as the first of May), CRLF line
/// ends and a UTF-8 byte-order mark, without which accents are read as Windows-1252.
/// The figures keep every digit: only the separator changes.
pub fn excel(csv_text: &[u8]) -> Vec<u8> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv_text);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut text_column: Vec<bool> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // The text is this program's own CSV, read back from memory: it is well formed.
        let Ok(record) = record else {
            return csv_text.to_vec();
        };
        if i == 0 {
            text_column = record.iter().map(|h| TEXT_COLUMNS.contains(&h)).collect();
        }
        let fields = record.iter().enumerate().map(|(col, field)| {
            let figure = i > 0 && !text_column.get(col).copied().unwrap_or(true);
            if figure && is_plain_decimal(field) {
                field.replacen('.', ",", 1)
            } else {
                field.to_owned()
            }
        });
        w.write_record(fields).expect("memory");
    }
    w.into_inner().expect("writing to memory cannot fail")
}

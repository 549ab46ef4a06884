//! `split --what-if`: each member's share before and after the change, and the
//! difference, as a table under each lot, JSON and CSV columns.

use comfy_table::Cell;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::super::sanitize::printable;
use super::super::table::{new_table, render, title, wrap};
use crate::lang::Lang;
use crate::money;
use crate::split::{BeforeAfter, Change, LotBeforeAfter, WhatIf};

/// The change, naming the member as the tender does: "Simulation : Ville de Grenoble
/// (grenoble) quittait le groupement".
pub fn change_line(w: &WhatIf, lang: Lang) -> String {
    let (id, verb) = match &w.change {
        Change::Join(id) => (
            id,
            lang.pick("rejoignait le groupement", "joined the groupement"),
        ),
        Change::Leave(id) => (
            id,
            lang.pick("quittait le groupement", "left the groupement"),
        ),
    };
    let who = match w.member_name() {
        Some(name) => format!("{} ({})", printable(name), printable(id)),
        None => printable(id),
    };
    format!("{} {who} {verb}", lang.pick("Simulation :", "What if"))
}

/// A difference with its sign: `+1 200,00 €`, `-468,00 €`, `0,00 €`.
fn signed(d: Decimal, lang: Lang) -> String {
    let shown = money::euros(d, lang);
    match d > Decimal::ZERO {
        true => format!("+{shown}"),
        false => shown,
    }
}

fn opt(d: Option<Decimal>, lang: Lang) -> String {
    d.map_or_else(|| "—".to_owned(), |d| money::euros(d, lang))
}

/// What the change does to a member that is in only one of the two groupements.
fn role(w: &WhatIf, id: &str, lang: Lang) -> Option<&'static str> {
    match &w.change {
        Change::Join(j) if j == id => Some(lang.pick("rejoint", "joins")),
        Change::Leave(l) if l == id => Some(lang.pick("quitte", "leaves")),
        _ => None,
    }
}

fn header(lang: Lang) -> Vec<String> {
    match lang {
        Lang::Fr => vec![
            "Membre".into(),
            "Avant\nHT / an".into(),
            "Après\nHT / an".into(),
            "Écart\nHT / an".into(),
        ],
        Lang::En => vec![
            "Member".into(),
            "Before\nexcl. VAT".into(),
            "After\nexcl. VAT".into(),
            "Difference\nexcl. VAT".into(),
        ],
    }
}

fn row(w: &WhatIf, x: &BeforeAfter, lang: Lang) -> Vec<Cell> {
    let mut who = format!(
        "{}\n{}",
        printable(w.name_of(&x.member)),
        printable(&x.member)
    );
    if let Some(r) = role(w, &x.member, lang) {
        who.push_str(&format!("\n({r})"));
    }
    vec![
        Cell::new(who),
        Cell::new(opt(x.before_ht, lang)),
        Cell::new(opt(x.after_ht, lang)),
        Cell::new(
            x.difference_ht()
                .map_or_else(|| "—".into(), |d| signed(d, lang)),
        ),
    ]
}

/// The before/after table of a lot, with the groupement's own cost on its last row.
fn before_after_table(
    w: &WhatIf,
    rows: &[BeforeAfter],
    total: Option<&BeforeAfter>,
    lang: Lang,
) -> String {
    let mut t = new_table(header(lang), &[1, 2, 3]);
    for x in rows {
        t.add_row(row(w, x, lang));
    }
    if let Some(total) = total {
        t.add_row(vec![
            Cell::new(lang.pick("Groupement\n(frais compris)", "Groupement\n(fee included)")),
            Cell::new(opt(total.before_ht, lang)),
            Cell::new(opt(total.after_ht, lang)),
            Cell::new(
                total
                    .difference_ht()
                    .map_or_else(|| "—".into(), |d| signed(d, lang)),
            ),
        ]);
    }
    render(&t)
}

const EXPLAINED: [&str; 2] = [
    "Avant : la répartition actuelle, au prix attribué ; après : au prix de la grille par tranches pour le nouveau groupement ; écart : après moins avant (positif : le membre paie plus). Ce que paie chaque membre par an, HT, frais compris.",
    "Before: today's split, at the awarded price; after: at the band tariff's price for the new groupement; difference: after less before (positive: the member pays more). What each member pays a year, excl. VAT, fee included.",
];

/// The same, when the buyer's grid (`split --tariff`) prices both groupements.
const EXPLAINED_GRID: [&str; 2] = [
    "Avant : la répartition actuelle, au prix de la grille ; après : au prix de la grille pour le nouveau groupement ; écart : après moins avant (positif : le membre paie plus). Ce que paie chaque membre par an, HT, frais compris.",
    "Before: today's split, at the grid's price; after: at the grid's price for the new groupement; difference: after less before (positive: the member pays more). What each member pays a year, excl. VAT, fee included.",
];

/// A lot's shares before and after, under the lot's own section.
pub fn lot_section(w: &WhatIf, lot: &str, lang: Lang) -> String {
    let Some(l) = w.lots.iter().find(|l| l.lot == lot) else {
        return String::new();
    };
    let mut s = title(
        &format!(
            "Lot {lot} — {}",
            lang.pick("avant et après", "before and after")
        ),
        '-',
    );
    let explained = match w.after.lots.iter().any(|l| l.grid) {
        true => EXPLAINED_GRID,
        false => EXPLAINED,
    };
    s.push_str(&wrap(lang.pick(explained[0], explained[1]), 2, 0));
    s.push_str(&before_after_table(w, &l.members, Some(&l.total), lang));
    s.push('\n');
    s
}

/// Each member's totals before and after, over the lots simulated.
pub fn members_section(w: &WhatIf, lang: Lang) -> String {
    if w.members.is_empty() {
        return String::new();
    }
    let mut s = title(
        lang.pick(
            "Par membre, avant et après, tous lots simulés",
            "By member, before and after, all lots simulated",
        ),
        '=',
    );
    s.push_str(&before_after_table(w, &w.members, None, lang));
    s
}

// ----- JSON -----

#[derive(Serialize, JsonSchema)]
pub struct BeforeAfterOut<'a> {
    member: &'a str,
    name: &'a str,
    before_ht: Option<String>,
    after_ht: Option<String>,
    difference_ht: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct TotalOut {
    before_ht: Option<String>,
    after_ht: Option<String>,
    difference_ht: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct LotOut<'a> {
    /// The lot's cost for the groupement, fee included.
    total: TotalOut,
    members: Vec<BeforeAfterOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
pub struct WhatIfOut<'a> {
    change: &'static str,
    member: &'a str,
    name: Option<&'a str>,
    /// Each member's totals over the lots simulated.
    members: Vec<BeforeAfterOut<'a>>,
}

fn before_after_out<'a>(w: &'a WhatIf, x: &'a BeforeAfter) -> BeforeAfterOut<'a> {
    BeforeAfterOut {
        member: &x.member,
        name: w.name_of(&x.member),
        before_ht: x.before_ht.map(money::cents),
        after_ht: x.after_ht.map(money::cents),
        difference_ht: x.difference_ht().map(money::cents),
    }
}

pub fn what_if_out(w: &WhatIf) -> WhatIfOut<'_> {
    let (change, member) = match &w.change {
        Change::Join(id) => ("join", id.as_str()),
        Change::Leave(id) => ("leave", id.as_str()),
    };
    WhatIfOut {
        change,
        member,
        name: w.member_name(),
        members: w.members.iter().map(|x| before_after_out(w, x)).collect(),
    }
}

pub fn lot_out<'a>(w: &'a WhatIf, lot: &str) -> Option<LotOut<'a>> {
    let l: &LotBeforeAfter = w.lots.iter().find(|l| l.lot == lot)?;
    Some(LotOut {
        total: TotalOut {
            before_ht: l.total.before_ht.map(money::cents),
            after_ht: l.total.after_ht.map(money::cents),
            difference_ht: l.total.difference_ht().map(money::cents),
        },
        members: l.members.iter().map(|x| before_after_out(w, x)).collect(),
    })
}

// ----- CSV -----

/// A member's share before the change, and the difference, in a lot's CSV row.
pub fn csv_cells(w: Option<&WhatIf>, lot: &str, member: &str) -> [String; 2] {
    let found = w
        .and_then(|w| w.lots.iter().find(|l| l.lot == lot))
        .and_then(|l| l.members.iter().find(|m| m.member == member));
    match found {
        Some(x) => [
            x.before_ht.map(money::cents).unwrap_or_default(),
            x.difference_ht().map(money::cents).unwrap_or_default(),
        ],
        None => Default::default(),
    }
}

/// The member leaving: its share before the change, on each simulated lot (it has no
/// share after).
pub fn leaving(w: Option<&WhatIf>) -> Vec<(&str, &str, Decimal)> {
    let Some(w) = w else {
        return Vec::new();
    };
    let Change::Leave(id) = &w.change else {
        return Vec::new();
    };
    w.lots
        .iter()
        .filter_map(|l| {
            l.members
                .iter()
                .find(|m| &m.member == id)
                .and_then(|m| m.before_ht)
                .map(|b| (l.lot.as_str(), id.as_str(), b))
        })
        .collect()
}

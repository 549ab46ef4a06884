//! Part 5's sweep chart in inline SVG: each offer's yearly cost HT (vertical) as every
//! measure of the usage estimate is scaled by a factor (horizontal), one line per offer,
//! the estimate (factor 1) marked. Positions are computed in decimals from the costs
//! rounded to the cent, as shown in the table that follows the chart (no float holds an
//! amount); lines are told apart by their dashes as well as their grey, so that the
//! chart prints in black and white.

use maud::{Markup, html};
use rust_decimal::Decimal;

use crate::lang::Lang;
use crate::money;
use crate::output::sanitize::printable;
use crate::report::sweep::LotSweep;
use crate::simulate::ScopeSweep;

/// The plot's left edge (room for the costs' labels), top, width and height.
pub const LEFT: u32 = 80;
pub const TOP: u32 = 20;
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 240;
/// Room right of the plot for the legend, and below it for the factors.
const LEGEND: u32 = 210;
const BOTTOM: u32 = 44;
/// The line styles, in turn: a grey and a dash pattern each.
const STYLES: usize = 6;

/// The chart, its caption and its figures, or a sentence saying why there is none.
pub fn figure(sweep: &LotSweep, lot: &str, id: &str, lang: Lang) -> Markup {
    let s = match sweep {
        LotSweep::Drawn(s) => s,
        other => return html! { p.sweep { (absent(other, lang)) } },
    };
    let title = format!(
        "Lot {lot} — {} ({})",
        lang.pick(
            "coût annuel HT de chaque offre quand l'usage estimé est multiplié par un facteur",
            "yearly cost excl. VAT of each offer as the usage estimate is scaled by a factor"
        ),
        s.scope
    );
    html! {
        figure {
            (svg(s, id, &title, &description(s, lang), lang))
            figcaption { (title) }
        }
        (values(s, lang))
    }
}

fn absent(sweep: &LotSweep, lang: Lang) -> &'static str {
    match sweep {
        LotSweep::Schedule => lang.pick(
            "Lot à bordereau de prix unitaires : prix sur les quantités du marché, aucun usage ne les fait varier ; pas de courbe de l'usage.",
            "Unit-price schedule lot: priced on the tender's own quantities, which no usage moves; no usage chart.",
        ),
        LotSweep::Flat(_) => lang.pick(
            "Aucune offre ne dépend de l'usage : les coûts ne varient pas avec lui ; pas de courbe de l'usage.",
            "No offer depends on usage: the costs do not move with it; no usage chart.",
        ),
        _ => lang.pick(
            "Pas d'offre pour le groupement, et pas un périmètre unique à sa place : pas de courbe de l'usage.",
            "No offer for the groupement, and no single scope in its place: no usage chart.",
        ),
    }
}

fn description(s: &ScopeSweep, lang: Lang) -> String {
    let (low, high) = ends(s);
    let top = money::euros(largest(s).normalize(), lang);
    match lang {
        Lang::Fr => format!(
            "Une ligne par offre : son coût annuel HT (axe vertical, de 0 à {top}) quand l'usage estimé de chaque mesure est multiplié par un facteur de {} à {} (axe horizontal) ; la ligne verticale en tirets marque l'estimation (facteur 1). Les chiffres sont dans le tableau qui suit (à déplier).",
            money::human_exact(low, lang),
            money::human_exact(high, lang)
        ),
        Lang::En => format!(
            "One line per offer: its yearly cost excl. VAT (vertical axis, 0 to {top}) as the usage estimate of every measure is multiplied by a factor from {} to {} (horizontal axis); the dashed vertical line marks the estimate (factor 1). The figures are in the table that follows (to unfold).",
            money::human_exact(low, lang),
            money::human_exact(high, lang)
        ),
    }
}

fn ends(s: &ScopeSweep) -> (Decimal, Decimal) {
    let low = s.steps.first().map_or(Decimal::ZERO, |st| st.factor);
    let high = s.steps.last().map_or(Decimal::ONE, |st| st.factor);
    (low, high)
}

/// A cost as shown: rounded to the cent (half away from zero); `None` beyond a decimal
/// (such a point is not drawn; the table shows the figure).
fn cents(c: &crate::exact::Exact) -> Option<Decimal> {
    c.round(2)
}

/// The top of the vertical axis: the largest cost of the sweep, to the cent, brought up
/// to a round figure (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × a power of ten), so that
/// its quarters read easily.
fn largest(s: &ScopeSweep) -> Decimal {
    let max = s
        .steps
        .iter()
        .flat_map(|st| st.point.costs.iter().flatten().filter_map(cents))
        .max()
        .unwrap_or(Decimal::ZERO);
    round_up(max)
}

/// The smallest round figure at or above `v` (see [`largest`]); `v` itself when none
/// fits.
pub fn round_up(v: Decimal) -> Decimal {
    if v <= Decimal::ZERO {
        return v;
    }
    let mut p = Decimal::ONE;
    while p.checked_mul(Decimal::TEN).is_some_and(|q| q <= v) {
        p *= Decimal::TEN;
    }
    while p > v {
        p /= Decimal::TEN;
    }
    [10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100]
        .into_iter()
        .filter_map(|m| p.checked_mul(Decimal::new(m, 1)))
        .find(|c| *c >= v)
        .unwrap_or(v)
}

/// The horizontal position of a factor: LEFT + (f − low) ÷ (high − low) × WIDTH, to a
/// tenth; `None` when the figures overflow.
pub fn x_of(f: Decimal, low: Decimal, high: Decimal) -> Option<Decimal> {
    let span = high.checked_sub(low)?;
    if span <= Decimal::ZERO {
        return Some(Decimal::from(LEFT));
    }
    let x = f
        .checked_sub(low)?
        .checked_mul(Decimal::from(WIDTH))?
        .checked_div(span)?;
    Some(money::round(Decimal::from(LEFT) + x, 1))
}

/// The vertical position of a cost: TOP + HEIGHT − cost ÷ top × HEIGHT, to a tenth;
/// `None` when the figures overflow.
pub fn y_of(cost: Decimal, top: Decimal) -> Option<Decimal> {
    let bottom = Decimal::from(TOP + HEIGHT);
    if top <= Decimal::ZERO {
        return Some(money::round(bottom, 1));
    }
    let h = cost
        .max(Decimal::ZERO)
        .checked_mul(Decimal::from(HEIGHT))?
        .checked_div(top)?;
    Some(money::round(bottom.checked_sub(h)?, 1))
}

/// Each offer's runs of priced points, as `x,y` lists (an offer that cannot be priced
/// at a factor breaks its line there).
fn runs(s: &ScopeSweep, offer: usize) -> Vec<String> {
    let (low, high) = ends(s);
    let top = largest(s);
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for st in &s.steps {
        let at = st
            .point
            .costs
            .get(offer)
            .and_then(Option::as_ref)
            .and_then(cents)
            .and_then(|c| Some((x_of(st.factor, low, high)?, y_of(c, top)?)));
        match at {
            Some((x, y)) => {
                if let Some(r) = out.last_mut() {
                    r.push(format!("{x},{y}"));
                }
            }
            None => out.push(Vec::new()),
        }
    }
    out.into_iter()
        .filter(|r| !r.is_empty())
        .map(|r| r.join(" "))
        .collect()
}

/// Horizontal rules at 0, ¼, ½, ¾ and the top, each with its cost for people.
fn rules(top: Decimal, lang: Lang) -> Vec<(Decimal, String)> {
    (0..=4)
        .map(|k| {
            let v = top * Decimal::from(k) / Decimal::from(4);
            Some((y_of(v, top)?, money::human(v, 0, lang)))
        })
        .collect::<Option<_>>()
        .unwrap_or_default()
}

/// The factors marked under the plot: both ends and the whole factors between.
fn ticks(low: Decimal, high: Decimal) -> Vec<Decimal> {
    [low, Decimal::ONE, Decimal::TWO, Decimal::from(3), high]
        .into_iter()
        .filter(|f| *f >= low && *f <= high)
        .fold(Vec::new(), |mut v, f| {
            if !v.contains(&f) {
                v.push(f);
            }
            v
        })
}

fn svg(s: &ScopeSweep, id: &str, title: &str, desc: &str, lang: Lang) -> Markup {
    let (low, high) = ends(s);
    let top = largest(s);
    let (w, h) = (LEFT + WIDTH + LEGEND, TOP + HEIGHT + BOTTOM);
    let bottom = TOP + HEIGHT;
    let right = LEFT + WIDTH;
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    let (rules, ticks) = (rules(top, lang), ticks(low, high));
    let one = (low..=high)
        .contains(&Decimal::ONE)
        .then(|| x_of(Decimal::ONE, low, high))
        .flatten();
    // Closed explicitly (`<line …></line>`): inside HTML, an SVG element written as a
    // void element stays open and swallows what follows.
    html! {
        svg.sweep width=(w) height=(h) viewBox=(format!("0 0 {w} {h}"))
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
            title id=(title_id) { (title) }
            desc id=(desc_id) { (desc) }
            @for (y, label) in &rules {
                line.rule x1=(LEFT) y1=(y) x2=(right) y2=(y) {}
                text x=(LEFT - 6) y=(*y + Decimal::from(4)) text-anchor="end" { (label) }
            }
            @for (f, x) in ticks.iter().filter_map(|f| Some((f, x_of(*f, low, high)?))) {
                line.rule x1=(x) y1=(bottom) x2=(x) y2=(bottom + 4) {}
                text x=(x) y=(bottom + 16) text-anchor="middle" { (money::human_exact(*f, lang)) }
            }
            text x=(LEFT + WIDTH / 2) y=(bottom + 34) text-anchor="middle" {
                (lang.pick("facteur appliqué à l'usage estimé", "factor applied to the usage estimate"))
            }
            @if let Some(x) = one {
                line.estimate x1=(x) y1=(TOP) x2=(x) y2=(bottom) {}
                text.note x=(x + Decimal::from(3)) y=(TOP + 10) { (lang.pick("estimation", "estimate")) }
            }
            line.axis x1=(LEFT) y1=(bottom) x2=(right) y2=(bottom) {}
            line.axis x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(bottom) {}
            text x=(LEFT - 6) y=(TOP - 8) text-anchor="end" { (lang.pick("€ HT par an", "€ excl. VAT a year")) }
            @for (i, bidder) in s.bidders.iter().enumerate() {
                @let class = format!("offer s{}", i % STYLES);
                @let lines = runs(s, i);
                @for run in &lines {
                    polyline class=(class) data-bidder=(bidder) points=(run) {}
                }
                @let ly = TOP + 8 + 30 * u32::try_from(i).unwrap_or(0);
                line class=(class) x1=(right + 12) y1=(ly) x2=(right + 40) y2=(ly) {}
                text x=(right + 46) y=(ly + 4) { (cut(bidder)) }
                @if lines.is_empty() {
                    text.note x=(right + 46) y=(ly + 16) { (lang.pick("(jamais chiffrable)", "(never priced)")) }
                }
            }
        }
    }
}

/// A legend's label: at most 24 characters, an ellipsis when cut (the table beside the
/// chart names every offer in full).
fn cut(label: &str) -> String {
    let label = printable(label);
    if label.chars().count() <= 24 {
        label
    } else {
        label.chars().take(23).collect::<String>() + "…"
    }
}

/// The chart's figures: for each factor, the usages and each offer's yearly cost HT.
fn values(s: &ScopeSweep, lang: Lang) -> Markup {
    let q = |n: u64| money::quantity(n, lang);
    // Folded on screen and in print (50 rows a lot would double the printed report); the
    // figures stay in the page for a reader or a script, one click away.
    html! {
        details.sweep {
        summary { (lang.pick("Chiffres de la courbe (à déplier)", "The chart's figures (to unfold)")) }
        table.sweep {
            caption { (lang.pick("Chiffres de la courbe : usages et coût annuel HT de chaque offre à chaque facteur (– : offre non chiffrable à cet usage)", "The chart's figures: usages and each offer's yearly cost excl. VAT at each factor (–: the offer cannot be priced at this usage)")) }
            thead { tr {
                th { (lang.pick("Facteur", "Factor")) }
                th { (lang.pick("Comptes actifs", "Active accounts")) }
                th { (lang.pick("Accès simultanés", "Simultaneous accesses")) }
                th { (lang.pick("Consultations", "Consultations")) }
                @for b in &s.bidders { th { (b) } }
            } }
            tbody {
                @for st in &s.steps {
                    tr {
                        td.num { (money::human_exact(st.factor, lang)) }
                        td.num { (q(st.point.facts.active_accounts)) }
                        td.num { (q(st.point.facts.simultaneous_accesses)) }
                        td.num { (q(st.point.facts.consultations)) }
                        @for c in &st.point.costs {
                            td.num { (c.as_ref().map_or("–".to_owned(), |c| money::euros(c, lang))) }
                        }
                    }
                }
            }
        }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_in_proportion_to_the_factor_and_the_cost() {
        // From 0.25 to 4 over 560 units from x = 80: factor 1 is 0.75 ÷ 3.75 × 560 = 112
        // in; 4 is at 640.
        let x = |f: Decimal| x_of(f, Decimal::new(25, 2), Decimal::from(4));
        assert_eq!(x(Decimal::ONE), Some(Decimal::from(192)));
        assert_eq!(x(Decimal::from(4)), Some(Decimal::from(640)));
        // 30 000 of 77 000 on 240 units: 93.506… up from the bottom (260): 166.5.
        let y =
            |c: i64, top: i64| y_of(Decimal::from(c), Decimal::from(top)).map(|v| v.to_string());
        assert_eq!(y(30000, 77000).as_deref(), Some("166.5"));
        assert_eq!(y(0, 7).as_deref(), Some("260.0"));
        assert_eq!(y(7, 7).as_deref(), Some("20.0"));
        assert_eq!(y(5, 0).as_deref(), Some("260.0"));
        // A cost beyond what a decimal multiplied by 240 holds is not placed.
        assert_eq!(y_of(Decimal::MAX, Decimal::ONE), None);
    }

    #[test]
    fn the_axis_top_is_a_round_figure_at_or_above_the_largest_cost() {
        let up = |v: i64, scale: u32| round_up(Decimal::new(v, scale)).normalize().to_string();
        assert_eq!(up(77000, 0), "80000");
        assert_eq!(up(37900, 0), "40000");
        assert_eq!(up(50000, 0), "50000");
        assert_eq!(up(1000001, 2), "12000");
        assert_eq!(up(101, 0), "120");
        assert_eq!(up(7, 1), "0.8");
        assert_eq!(up(0, 0), "0");
    }
}

//! Horizontal bar charts in inline SVG, drawn here without fonts or scripts. The bars'
//! lengths are computed in decimals from the figures rounded as shown: no float ever
//! holds an amount. Every chart has a title and a description for screen readers, and
//! the table with its figures stands beside it.

use maud::{Markup, html};
use rust_decimal::Decimal;

/// The width of the longest bar, in SVG units.
const SPAN: u32 = 480;
/// Where the bars start: the labels' column.
const LABEL: u32 = 260;
/// Room right of the longest bar for its figure.
const NOTE: u32 = 110;
const ROW: u32 = 22;

/// One bar: its label and its segments (value, CSS class), end to end when the chart is
/// stacked, one under the other otherwise; `notes` are the figures written after the
/// bar (after the whole stack, or after each segment's own line), so that the chart can
/// be read without its table.
pub struct Bar {
    pub label: String,
    pub segments: Vec<(Decimal, &'static str)>,
    pub notes: Vec<String>,
}

/// A chart: `id` (unique in the page), a title, a description (the text alternative),
/// the bars, and whether segments are stacked.
pub fn bars(id: &str, title: &str, description: &str, bars: &[Bar], stacked: bool) -> Markup {
    let largest = bars
        .iter()
        .flat_map(|b| {
            let sum: Decimal = b.segments.iter().map(|(v, _)| *v).sum();
            let each = b.segments.iter().map(|(v, _)| *v);
            std::iter::once(if stacked { sum } else { Decimal::ZERO }).chain(each)
        })
        .max()
        .unwrap_or(Decimal::ZERO);
    let per_bar = if stacked {
        1
    } else {
        bars.iter()
            .map(|b| b.segments.len())
            .max()
            .unwrap_or(1)
            .max(1)
    };
    let band = u32::try_from(per_bar).map_or(ROW, |n| ROW.saturating_mul(n).min(ROW * 4));
    let height = band
        .saturating_mul(u32::try_from(bars.len()).unwrap_or(u32::MAX))
        .saturating_add(8);
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        svg width=(LABEL + SPAN + NOTE) height=(height) viewBox=(format!("0 0 {} {height}", LABEL + SPAN + NOTE))
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
            title id=(title_id) { (title) }
            desc id=(desc_id) { (description) }
            @for (i, bar) in bars.iter().enumerate() {
                @let top = band.saturating_mul(u32::try_from(i).unwrap_or(u32::MAX)).saturating_add(4);
                text x=(LABEL - 6) y=(top + 14) text-anchor="end" { (cut(&bar.label)) }
                (segments(bar, top, largest, stacked))
            }
        }
    }
}

fn segments(bar: &Bar, top: u32, largest: Decimal, stacked: bool) -> Markup {
    let height: u32 = if stacked || bar.segments.len() < 2 {
        16
    } else {
        10
    };
    let mut x = Decimal::from(LABEL);
    let mut y = top;
    let mut rects = Vec::new();
    let mut notes = Vec::new();
    for (i, (value, class)) in bar.segments.iter().enumerate() {
        let w = length(*value, largest);
        rects.push((x, y, w, *class));
        if stacked {
            x += w;
        } else {
            if let Some(n) = bar.notes.get(i) {
                notes.push((x + w + Decimal::from(4), y + height - 2, n.clone()));
            }
            y = y.saturating_add(height + 1);
        }
    }
    if stacked && !bar.notes.is_empty() {
        notes.push((x + Decimal::from(4), top + height - 3, bar.notes.join(" ")));
    }
    // Closed explicitly (`<rect …></rect>`): inside HTML, an SVG element written as a
    // void element (`<rect …>`) stays open and swallows what follows, so that only the
    // first bar of a chart would be drawn.
    html! {
        @for (x, y, w, class) in rects {
            rect class=(class) x=(x) y=(y) width=(w) height=(height) {}
        }
        @for (x, y, note) in notes {
            text.note x=(x) y=(y) { (note) }
        }
    }
}

/// A bar's length: value ÷ largest × SPAN, to a tenth; 0 for a value of 0 or below.
fn length(value: Decimal, largest: Decimal) -> Decimal {
    if largest <= Decimal::ZERO || value <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let span = Decimal::from(SPAN);
    value
        .checked_mul(span)
        .and_then(|v| v.checked_div(largest))
        .map_or(span, |v| crate::money::round(v, 1))
}

/// A label that fits its column: at most 40 characters, an ellipsis when cut (the full
/// text is in the table beside the chart).
fn cut(label: &str) -> String {
    if label.chars().count() <= 40 {
        label.to_owned()
    } else {
        label.chars().take(39).collect::<String>() + "…"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_in_proportion_to_the_largest() {
        // 21 200 ÷ 24 000 × 480 = 424; 14 500 ÷ 29 000 × 480 = 240.
        assert_eq!(
            length(Decimal::from(21200), Decimal::from(24000)),
            Decimal::from(424)
        );
        assert_eq!(
            length(Decimal::from(14500), Decimal::from(29000)),
            Decimal::from(240)
        );
        // 1 ÷ 3 × 480 = 160; 2 ÷ 3 × 480 = 320; 1 ÷ 7 × 480 = 68.571… → 68.6.
        assert_eq!(length(Decimal::ONE, Decimal::from(7)).to_string(), "68.6");
        assert_eq!(length(Decimal::ZERO, Decimal::from(7)), Decimal::ZERO);
        assert_eq!(length(Decimal::from(-5), Decimal::from(7)), Decimal::ZERO);
        assert_eq!(length(Decimal::from(5), Decimal::ZERO), Decimal::ZERO);
    }

    #[test]
    fn each_figure_follows_its_bar() {
        // Two bars of 3 and 6 against 6: 240 and 480 long from x = 260; the figures at
        // 4 units past their ends. Side by side, each segment's figure ends its own line.
        let bar = |v: i64, n: &str| Bar {
            label: n.to_owned(),
            segments: vec![(Decimal::from(v), "bar")],
            notes: vec![n.to_owned()],
        };
        let svg = bars("c", "t", "d", &[bar(3, "trois"), bar(6, "six")], false).into_string();
        assert!(
            svg.contains(r#"<text class="note" x="504.0" y="18">trois</text>"#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<text class="note" x="744.0" y="40">six</text>"#),
            "{svg}"
        );
        let pair = Bar {
            label: "m".to_owned(),
            segments: vec![(Decimal::from(2), "bar"), (Decimal::from(4), "tech")],
            notes: vec!["deux".to_owned(), "quatre".to_owned()],
        };
        let svg = bars("c", "t", "d", &[pair], false).into_string();
        // Two lines of 10 units, one apart: 2 of 4 is 240 long at y = 4, 4 is 480 at y = 15.
        assert!(svg.contains(r#"x="504.0" y="12">deux</text>"#), "{svg}");
        assert!(svg.contains(r#"x="744.0" y="23">quatre</text>"#), "{svg}");
    }

    #[test]
    fn text_in_a_chart_is_escaped() {
        let b = Bar {
            label: "<img src=x onerror=alert(1)> & Fils".to_owned(),
            segments: vec![(Decimal::ONE, "bar")],
            notes: vec!["1 <b>".to_owned()],
        };
        let svg = bars("c", "t</title><script>", "d", &[b], true).into_string();
        assert!(svg.contains("1 &lt;b&gt;</text>"), "{svg}");
        assert!(
            svg.contains("&lt;img src=x onerror=alert(1)&gt; &amp; Fils"),
            "{svg}"
        );
        assert!(svg.contains("t&lt;/title&gt;&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<img") && !svg.contains("<script"), "{svg}");
    }
}

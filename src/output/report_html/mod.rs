//! The analysis report as one web page (`tender report --out analyse.html`): opens in any
//! browser with no network (inline CSS, inline SVG charts, no script, a
//! Content-Security-Policy that forbids loading anything), prints on A4. The page is
//! written with maud, whose templates are checked when the program is compiled and which
//! escapes every text put in them: a bidder named `<img src=x onerror=alert(1)>` or
//! `Dupont & Fils` shows as written, in the tables as in the charts.

mod chart;
mod parts;
mod sweep_chart;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::lang::Lang;
use crate::report::Report;

/// Nothing may be loaded: no script, no image, no font, no frame; only the page's own
/// inline style applies.
const POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// Black and white print: the charts' bars are grey and outlined, the tables ruled; no
/// table row is cut across two pages; each table's header is repeated on every page.
const STYLE: &str = "
body { font-family: sans-serif; color: #000; background: #fff; margin: 1.5em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 1px solid #000; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid #444; padding: 0.2em 0.4em; vertical-align: top; }
th { background: #e6e6e6; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
td.exceeded { font-weight: bold; }
figure { margin: 0.5em 0; } figcaption { font-style: italic; }
nav ol.lots { columns: 2; font-size: 0.9em; }
a { color: #000; }
svg text { font: 11px sans-serif; fill: #000; } svg text.note { font-size: 10px; }
svg rect.bar { fill: #888; stroke: #000; } svg rect.tech { fill: #ddd; stroke: #000; }
svg line.rule { stroke: #bbb; } svg line.axis { stroke: #000; }
svg line.estimate { stroke: #000; stroke-width: 1; stroke-dasharray: 1 3; }
svg .offer { fill: none; stroke-width: 2; } svg .s0 { stroke: #000; }
svg .s1 { stroke: #555; stroke-dasharray: 8 3; } svg .s2 { stroke: #000; stroke-dasharray: 2 2; }
svg .s3 { stroke: #777; stroke-dasharray: 10 3 2 3; } svg .s4 { stroke: #333; stroke-dasharray: 5 5; }
svg .s5 { stroke: #999; } table.sweep { font-size: 0.8em; }
thead { display: table-header-group; }
tr, figure { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } section { break-before: auto; } }
";

/// Printed, every page carries the report's reference at its top and its number out of
/// the total at its foot, so that a loose sheet is still traceable.
fn running_heads(report: &Report<'_>, lang: Lang) -> String {
    let head = format!(
        "{} {}",
        crate::output::report_labels::report_title(lang),
        report.identification.reference
    );
    let page = lang.pick("Page", "Page");
    let of = lang.pick("sur", "of");
    format!(
        "@page {{ @top-left {{ content: {}; font: 8pt sans-serif; }} \
         @bottom-right {{ content: \"{page} \" counter(page) \" {of} \" counter(pages); \
         font: 8pt sans-serif; }} }}",
        css_string(&head)
    )
}

/// `text` as a CSS string: quotes and backslashes escaped, and every character that could
/// end the style element or the string (`<`, `>`, `&`, line breaks, controls) written as
/// a CSS escape, so that a reference typed in the tender file cannot break out.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => out.push_str(&format!("\\{:X} ", u32::from(c))),
            c if c.is_control() => out.push_str(&format!("\\{:X} ", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The page. The same report always gives the same text.
pub fn write(report: &Report<'_>, lang: Lang) -> String {
    let title = format!(
        "{} — {} — {}",
        crate::output::report_labels::report_title(lang),
        report.identification.reference,
        report.identification.name
    );
    let page: Markup = html! {
        (DOCTYPE)
        html lang=(lang.pick("fr", "en")) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(running_heads(report, lang))) }
            }
            body {
                h1 { (title) }
                (parts::contents(report, lang))
                (parts::identification(report, lang))
                (parts::received(report, lang))
                (parts::set_aside(report, lang))
                (parts::method(report, lang))
                (parts::analysis(report, lang))
                (parts::award(report, lang))
                (parts::sharing(report, lang))
                (parts::annex(report, lang))
            }
        }
    };
    page.into_string()
}

#[cfg(test)]
mod tests {
    use super::css_string;

    #[test]
    fn a_css_string_cannot_end_the_style_element_or_itself() {
        assert_eq!(css_string("2025-RN-01"), "\"2025-RN-01\"");
        assert_eq!(
            css_string("a\"b\\c</style>\nd"),
            "\"a\\\"b\\\\c\\3C /style\\3E \\A d\""
        );
    }
}

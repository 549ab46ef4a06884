//! `tender report`: the analysis report for the tender committee, from the same
//! analysis, check and split as `rank`, `check` and `split`.

use std::path::{Path, PathBuf};

use tender::date::CalendarDate;
use tender::lang::Lang;
use tender::report::{self, InputFile, Sources};

use super::{
    CmdError, Usage, analysis_status, load_tender, no_offer_found, report_diagnostics, write_file,
};
use crate::cli::Common;

pub fn run(
    c: &Common,
    out: &Path,
    member: Option<&str>,
    date: Option<&str>,
    offers: &[PathBuf],
) -> Result<u8, CmdError> {
    let date = date
        .map(CalendarDate::parse)
        .transpose()
        .map_err(|e| CmdError::Usage(Usage::BadDate(e)))?;
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let html = match extension.as_deref() {
        Some("xlsx") => false,
        Some("html" | "htm") => true,
        _ => {
            return Err(CmdError::Usage(Usage::ReportFormat {
                path: out.to_path_buf(),
            }));
        }
    };
    let lang = c.lang();
    let (tender, c) = load_tender(c)?;
    let c = &c;
    let analysis = tender::analysis::analyse(&tender, offers)?;
    report_diagnostics(&analysis, lang);
    no_offer_found(&analysis, &tender, offers, lang);
    let sources = Sources {
        tender: &tender,
        analysis: &analysis,
        check: tender::check::check(&tender, &analysis),
        split: tender::split::split(&tender, &analysis, None, None),
        files: digests(&tender, &analysis),
        date,
    };
    let mut report =
        report::build(sources, member).map_err(|e| CmdError::Usage(Usage::UnknownMember(e)))?;
    // The schedule lots' revised contract figures, from their index files (a file that
    // cannot be used is said, and only those figures are left out).
    let (series, unusable) = tender::revised::load_series(&tender);
    for e in &unusable {
        eprintln!(
            "{}{}",
            lang.pick("avertissement : ", "warning: "),
            tender::output::schedule_text::index_error(e, lang)
        );
    }
    report.revisions = tender::revised::revise(&tender, &analysis.normalised, &series);
    let bytes = if html {
        tender::output::report_html::write(&report, lang).into_bytes()
    } else {
        tender::output::report_xlsx::write(&tender, &report, lang)?
    };
    write_file(out, &bytes)?;
    Ok(analysis_status(&analysis, c))
}

/// Every input file's SHA-256, read again now; a file that can no longer be read says
/// why in the annex instead of a digest.
fn digests(
    tender: &tender::tender::Tender,
    analysis: &tender::analysis::Analysis,
) -> Vec<InputFile> {
    report::input_paths(tender, analysis)
        .into_iter()
        .map(|(role, path)| {
            let sha256 = std::fs::read(&path)
                .map(|bytes| report::sha256_hex(&bytes))
                .map_err(|e| e.kind());
            InputFile { role, path, sha256 }
        })
        .collect()
}

/// The refusals of `report`'s own options.
pub fn refusal(u: &Usage, lang: Lang) -> String {
    match (u, lang) {
        (Usage::UnknownMember(e), Lang::Fr) => format!(
            "--member {} : ce membre n'existe pas (membres : {})",
            e.given,
            e.known.join(", ")
        ),
        (Usage::UnknownMember(e), Lang::En) => format!(
            "--member {}: no such member (members: {})",
            e.given,
            e.known.join(", ")
        ),
        (Usage::BadDate(e), Lang::Fr) => format!(
            "--date {} : une date est attendue sous la forme AAAA-MM-JJ (par exemple 2026-12-02)",
            e.given
        ),
        (Usage::BadDate(e), Lang::En) => format!(
            "--date {}: a date of the form YYYY-MM-DD is expected (for example 2026-12-02)",
            e.given
        ),
        (Usage::ReportFormat { path }, Lang::Fr) => format!(
            "--out {} : le rapport s'écrit en classeur (.xlsx) ou en page web (.html) ; donnez un nom de fichier qui finit ainsi",
            path.display()
        ),
        (Usage::ReportFormat { path }, Lang::En) => format!(
            "--out {}: the report is written as a workbook (.xlsx) or a web page (.html); give a file name ending so",
            path.display()
        ),
        _ => String::new(),
    }
}

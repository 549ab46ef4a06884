//! The HTML report as its reader sees it: the Grenoble report opened in a real browser
//! (Debian's headless Chromium), its rendered page compared with `rank --format json`,
//! checked to load nothing, and printed to PDF (read back with poppler's `pdftotext`).
//!
//! The browser and poppler are Debian packages that `.ci/run` installs. When `CI` is set
//! and one is missing, the tests fail; on a developer's machine without them they say
//! they were skipped. `TENDER_CHROMIUM` names another browser binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Workdir, json, report_file};
use serde_json::Value;

/// The shipped example's tender file.
fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/grenoble/tender.toml")
}

/// A program found on the PATH (or named by `env`); `None` (skipped) only outside CI.
fn program(names: &[&str], env: &str, package: &str) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(p.into());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in names {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{} is needed (CI is set): .ci/run installs it with apt-get install -y {package}",
        names[0]
    );
    eprintln!(
        "skipped: {} not found (apt-get install {package})",
        names[0]
    );
    None
}

fn chromium() -> Option<PathBuf> {
    program(
        &["chromium", "chromium-browser"],
        "TENDER_CHROMIUM",
        "chromium",
    )
}

fn poppler(name: &str) -> Option<PathBuf> {
    program(&[name], "TENDER_NO_SUCH_VARIABLE", "poppler-utils")
}

/// Runs `cmd`, killed after three minutes: a browser that hangs fails the test instead
/// of holding CI.
fn run(cmd: &mut Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let read = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            r.read_to_end(&mut bytes).map(|_| bytes)
        })
    };
    let (out, err) = (read(Box::new(stdout)), read(Box::new(stderr)));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("{cmd:?} still running after three minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().expect("stdout").expect("stdout"),
        stderr: err.join().expect("stderr").expect("stderr"),
    }
}

/// What the browser did with a page.
struct Visit {
    /// What `--dump-dom` printed (empty when printing to PDF).
    dom: String,
    /// The requests the page itself made (the browser's own background requests are
    /// not the page's: the network log marks them "not an origin").
    fetched: Vec<String>,
    /// The page's console messages (a load the security policy blocked is one).
    console: Vec<String>,
}

/// Opens `page` in a fresh headless browser profile with `action` (`--dump-dom`,
/// `--print-to-pdf=…`), logging the network to a file.
fn visit(browser: &Path, wd: &Workdir, page: &Path, action: &str) -> Visit {
    let profile = tempfile::tempdir().expect("profile");
    let netlog = wd.join("netlog.json");
    let output = run(Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg(action)
        .arg(format!("file://{}", page.display())));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let log: Value = serde_json::from_slice(&std::fs::read(&netlog).expect("network log"))
        .expect("the network log is JSON");
    let start = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    let fetched = log["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| &e["type"] == start && e["params"]["initiator"] != "not an origin")
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
        .collect();
    let stderr = String::from_utf8_lossy(&output.stderr);
    Visit {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        fetched,
        console: stderr
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_owned)
            .collect(),
    }
}

/// Writes the Grenoble report as a web page; its path.
fn report(wd: &Workdir) -> PathBuf {
    report_file(wd, &example(), "analyse.html", &["--date", "2026-12-02"])
}

/// "21200.00" as the French page writes it once the browser has parsed it:
/// `21&nbsp;200,00&nbsp;€`.
fn euros_fr(amount: &str) -> String {
    let (units, cents) = amount.split_once('.').expect("two decimals");
    let digits: Vec<char> = units.chars().collect();
    let mut grouped = String::new();
    for (i, d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str("&nbsp;");
        }
        grouped.push(*d);
    }
    format!("{grouped},{cents}&nbsp;€")
}

/// The widths of the bars of the chart whose title has the id `title`, in order.
fn bar_widths(dom: &str, title: &str) -> Vec<f64> {
    let start = dom
        .find(&format!("aria-labelledby=\"{title}"))
        .unwrap_or_else(|| panic!("chart {title}"));
    let chart = &dom[start..start + dom[start..].find("</svg>").expect("chart's end")];
    chart
        .split("<rect class=\"bar\"")
        .skip(1)
        .map(|r| {
            let w = &r[r.find("width=\"").expect("width") + 7..];
            w[..w.find('"').expect("end")].parse().expect("a width")
        })
        .collect()
}

#[test]
fn the_grenoble_page_in_a_browser_shows_the_ranking_and_loads_nothing() {
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    let page = report(&wd);
    let seen = visit(&browser, &wd, &page, "--dump-dom");
    assert!(seen.fetched.is_empty(), "fetched {:?}", seen.fetched);
    assert!(seen.console.is_empty(), "console {:?}", seen.console);

    // Every ranked offer's costs and total, as rank gives them, are cells of the page.
    let rank = json(
        wd.command()
            .arg("--tender")
            .arg(example())
            .args(["rank", "--format", "json"]),
    );
    let mut offers = 0;
    for lot in rank["lots"].as_array().expect("lots") {
        for scope in lot["scopes"].as_array().expect("scopes") {
            for o in scope["ranked"].as_array().expect("ranked") {
                for key in ["annual_cost_ht", "contract_cost_ht", "contract_cost_ttc"] {
                    let cell = format!(
                        "<td class=\"num\">{}</td>",
                        euros_fr(o[key].as_str().expect(key))
                    );
                    assert!(seen.dom.contains(&cell), "{key} of {o}: {cell}");
                }
                let total = o["total"].as_str().expect("total").replace('.', ",");
                assert!(
                    seen.dom
                        .contains(&format!("<td class=\"num\">{total}</td>"))
                );
                offers += 1;
            }
        }
    }
    assert!(offers > 30, "{offers} offers");

    // Two charts per lot (costs, marks), the usage chart of the 9 lots whose costs move
    // with usage, and the sharing chart, each an image with a title and a description,
    // and a caption.
    let charts = 12 * 2 + 9 + 1;
    assert_eq!(seen.dom.matches("<svg").count(), charts);
    assert_eq!(seen.dom.matches("<figcaption>").count(), charts);
    assert_eq!(seen.dom.matches("role=\"img\"").count(), charts);
    for lot in 0..12 {
        for chart in ["costs", "marks"] {
            let title = format!("<title id=\"lot-{lot}-{chart}-title\">Lot ");
            assert!(seen.dom.contains(&title), "{title}");
            assert!(
                seen.dom
                    .contains(&format!("<desc id=\"lot-{lot}-{chart}-desc\">"))
            );
        }
    }

    // Lot 1's cost chart: one bar per ranked offer, scope by scope, as long as its
    // yearly cost against the longest (480 units for the dearest offer of the lot).
    let lot1 = &rank["lots"][0];
    let costs: Vec<f64> = lot1["scopes"]
        .as_array()
        .expect("scopes")
        .iter()
        .flat_map(|s| s["ranked"].as_array().expect("ranked").iter())
        .map(|o| {
            o["annual_cost_ht"]
                .as_str()
                .expect("cost")
                .parse()
                .expect("f")
        })
        .collect();
    let dearest = costs.iter().cloned().fold(0.0, f64::max);
    let widths = bar_widths(&seen.dom, "lot-0-costs-title");
    assert_eq!(widths.len(), costs.len());
    for (w, c) in widths.iter().zip(&costs) {
        assert!((w - 480.0 * c / dearest).abs() < 0.06, "{w} for {c}");
    }
    // By hand: Musicalia, Grenoble alone 10 500 of the dearest 24 000 → 210.
    assert_eq!(widths[0], 210.0);
}

#[test]
fn a_page_that_loads_something_is_seen_doing_it() {
    // The two witnesses of the test above can see: a page without a security policy
    // that loads a style sheet and an image is logged fetching both; with the policy,
    // the blocked loads are on the console.
    let Some(browser) = chromium() else { return };
    let wd = Workdir::new();
    let loads = "<link rel=\"stylesheet\" href=\"http://127.0.0.1:9/s.css\">\
                 <img src=\"http://127.0.0.1:9/x.png\">";
    let open = wd.write(
        "open.html",
        format!("<!doctype html><html><head>{loads}</head></html>"),
    );
    let seen = visit(&browser, &wd, &open, "--dump-dom");
    assert_eq!(seen.fetched.len(), 2, "{:?}", seen.fetched);
    let closed = wd.write(
        "closed.html",
        format!(
            "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" \
             content=\"default-src 'none'\">{loads}</head></html>"
        ),
    );
    let seen = visit(&browser, &wd, &closed, "--dump-dom");
    assert!(seen.fetched.is_empty(), "{:?}", seen.fetched);
    assert_eq!(seen.console.len(), 2, "{:?}", seen.console);
}

#[test]
fn the_grenoble_page_prints_on_a4_with_its_reference_on_every_page() {
    let Some(browser) = chromium() else { return };
    let (Some(pdfinfo), Some(pdftotext)) = (poppler("pdfinfo"), poppler("pdftotext")) else {
        return;
    };
    let wd = Workdir::new();
    let page = report(&wd);
    let pdf = wd.join("analyse.pdf");
    let seen = visit(
        &browser,
        &wd,
        &page,
        &format!("--print-to-pdf={}", pdf.display()),
    );
    assert!(seen.fetched.is_empty() && seen.console.is_empty());
    let info = run(Command::new(pdfinfo).arg(&pdf));
    let info = String::from_utf8_lossy(&info.stdout);
    // A4 landscape: 297 × 210 mm is 841.89 × 595.28 points.
    assert!(info.contains("(A4)"), "{info}");
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .expect("size");
    assert!(size.contains("841.") && size.contains("x 59"), "{size}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .expect("pages")
        .trim()
        .parse()
        .expect("a count");
    assert!(pages >= 2, "{pages}");
    let text = |n: usize| {
        let out = run(Command::new(&pdftotext)
            .args(["-f", &n.to_string(), "-l", &n.to_string(), "-layout"])
            .arg(&pdf)
            .arg("-"));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let first = text(1);
    for expected in [
        "Rapport d'analyse des offres — 2025-RN-01",
        "1. Identification",
        "Coordonnateur",
        "Ville de Grenoble (grenoble)",
        "2,00 %",
    ] {
        assert!(
            first.contains(expected),
            "{expected} not on page 1:\n{first}"
        );
    }
    // Every page carries the reference at its head and its number at its foot.
    for n in [1, pages / 2, pages] {
        let t = text(n);
        assert!(
            t.contains("Rapport d'analyse des offres 2025-RN-01"),
            "page {n}:\n{t}"
        );
        assert!(
            t.contains(&format!("Page {n} sur {pages}")),
            "page {n}:\n{t}"
        );
    }
}

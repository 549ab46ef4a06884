//! The documentation pages under docs/ say what the program does: every check code the
//! program can emit is in docs/check-codes.md, and that page names no code the program
//! does not have; every page links to pages that exist.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The codes a `code()` method of a source file returns: the string literals of its
/// body, which ends at the first line closing a block at the method's indentation.
fn codes_returned(path: &str) -> BTreeSet<String> {
    let source = read(path);
    let start = source
        .find("pub fn code(&self) -> &'static str {")
        .unwrap_or_else(|| panic!("{path}: no code() method"));
    let body = &source[start..];
    let end = body.find("\n    }\n").expect("the end of code()");
    // Every string literal of the body is a code (`"several_models"`).
    let codes: BTreeSet<String> = body[..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|c| {
            !c.is_empty()
                && c.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
        .map(str::to_owned)
        .collect();
    assert!(!codes.is_empty(), "{path}: no code found in code()");
    codes
}

/// The codes of the first column of docs/check-codes.md's table.
fn codes_documented() -> BTreeSet<String> {
    let page = read("docs/check-codes.md");
    let mut codes = BTreeSet::new();
    for line in page.lines().filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap();
        for code in first.split('`').skip(1).step_by(2) {
            codes.insert(code.to_owned());
        }
    }
    codes
}

#[test]
fn every_check_code_is_documented_and_no_other() {
    let mut emitted = codes_returned("src/check.rs");
    emitted.extend(codes_returned("src/bpu/error.rs"));
    emitted.extend(codes_returned("src/bpu/mod.rs"));
    // A few the reader knows the program gives, so the parsing above is not vacuous.
    for known in [
        "out_of_range",
        "several_models",
        "internal_error",
        "unreadable",
    ] {
        assert!(emitted.contains(known), "{known} not found in the sources");
    }
    let documented = codes_documented();
    let missing: Vec<_> = emitted.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "not in docs/check-codes.md: {missing:?}"
    );
    let unknown: Vec<_> = documented.difference(&emitted).collect();
    assert!(
        unknown.is_empty(),
        "in docs/check-codes.md, never emitted: {unknown:?}"
    );
}

#[test]
fn links_between_pages_lead_somewhere() {
    let mut pages = vec!["README.md".to_owned()];
    for e in std::fs::read_dir(root().join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            pages.push(format!("docs/{}", p.file_name().unwrap().to_string_lossy()));
        }
    }
    for page in &pages {
        let text = read(page);
        let dir = Path::new(page).parent().unwrap();
        for link in text.split("](").skip(1) {
            let target = link.split(')').next().unwrap();
            let file = target.split('#').next().unwrap();
            if file.is_empty() || file.starts_with("http") {
                continue;
            }
            let path = root().join(dir).join(file);
            assert!(
                path.exists(),
                "{page}: link to {target}, which does not exist"
            );
        }
    }
}

#[test]
fn no_page_cites_a_document_users_do_not_have() {
    let mut texts = vec![read("README.md")];
    for e in std::fs::read_dir(root().join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            texts.push(std::fs::read_to_string(p).unwrap());
        }
    }
    for t in texts {
        assert!(!t.contains("SPEC §"), "a page cites SPEC");
    }
}

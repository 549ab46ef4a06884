//! The examples of the README and of the pages under docs/ are run: each ```console
//! block holds `$ tender …` and the exact output the binary prints today, from the
//! repository's root, at 80 columns. After a deliberate change of output,
//! `cargo build --release && scripts/readme-outputs` refreshes them.

use std::path::{Path, PathBuf};

/// The console blocks of one page that were checked.
fn check_page(root: &Path, page: &Path) -> usize {
    let text = std::fs::read_to_string(page).unwrap();
    let name = page
        .strip_prefix(root)
        .unwrap_or(page)
        .display()
        .to_string();
    let mut checked = 0;
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```console\n$ tender ") {
        let block = &rest[start + "```console\n$ ".len()..];
        let end = block.find("```").expect("closed block");
        let (command, expected) = block[..end].split_once('\n').expect("a command line");
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = assert_cmd::Command::cargo_bin("tender")
            .unwrap()
            .current_dir(root)
            .env_remove("TENDER_WIDTH")
            .args(&args)
            .output()
            .unwrap();
        let actual = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            actual, expected,
            "{name}: block `{command}` is stale: run scripts/readme-outputs"
        );
        checked += 1;
        rest = &block[end..];
    }
    checked
}

/// README.md and every page under docs/.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages = vec![root.join("README.md")];
    if let Ok(dir) = std::fs::read_dir(root.join("docs")) {
        let mut docs: Vec<PathBuf> = dir
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        docs.sort();
        pages.extend(docs);
    }
    pages
}

#[test]
fn console_blocks_are_what_the_tool_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = check_page(root, &root.join("README.md"));
    assert!(
        readme >= 4,
        "the README shows at least four runs, found {readme}"
    );
    for page in pages(root).iter().skip(1) {
        check_page(root, page);
    }
}

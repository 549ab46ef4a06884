//! The README's examples are run: each ```console block holds `$ tender …` and the exact
//! output the binary prints today, from the repository's root. After a deliberate change
//! of output, `cargo build --release && scripts/readme-outputs` refreshes them.

use std::path::Path;

#[test]
fn readme_console_blocks_are_what_the_tool_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let mut checked = 0;
    let mut rest = readme.as_str();
    while let Some(start) = rest.find("```console\n$ tender ") {
        let block = &rest[start + "```console\n$ ".len()..];
        let end = block.find("```").expect("closed block");
        let (command, expected) = block[..end].split_once('\n').expect("a command line");
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = assert_cmd::Command::cargo_bin("tender")
            .unwrap()
            .current_dir(root)
            .args(&args)
            .output()
            .unwrap();
        let actual = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            actual, expected,
            "README block `{command}` is stale: run scripts/readme-outputs"
        );
        checked += 1;
        rest = &block[end..];
    }
    assert!(
        checked >= 4,
        "the README shows at least four runs, found {checked}"
    );
}

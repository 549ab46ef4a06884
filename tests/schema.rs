//! The JSON Schemas under docs/schema/ are the ones generated from the output types, and
//! every command's real JSON output on the shipped examples is valid against them.
//! After a change of a JSON output: `UPDATE_SCHEMAS=1 cargo test --test schema`.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema_file(command: &str) -> PathBuf {
    root().join(format!("docs/schema/{command}.schema.json"))
}

/// The committed schema of a command.
fn committed(command: &str) -> Value {
    let text = std::fs::read_to_string(schema_file(command)).unwrap_or_else(|e| {
        panic!(
            "docs/schema/{command}.schema.json: {e}; run UPDATE_SCHEMAS=1 cargo test --test schema"
        )
    });
    serde_json::from_str(&text).unwrap()
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    for (command, schema) in tender::output::schema::all() {
        let text = tender::output::schema::to_file_text(&schema);
        let path = schema_file(command);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == text,
            "docs/schema/{command}.schema.json differs from the output types: \
             run UPDATE_SCHEMAS=1 cargo test --test schema"
        );
    }
}

/// The JSON a command prints, run from the repository's root.
fn output(args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(root())
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Where `doc` breaks `command`'s committed schema, one line per error.
fn errors(command: &str, doc: &Value) -> Vec<String> {
    let schema = committed(command);
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

const GRENOBLE: &str = "examples/grenoble/tender.toml";
const METROPOLE: &str = "examples/metropole/tender.toml";

/// Each command on the shipped examples: offers ranked, excluded, irregular and
/// unranked, a tie, an abnormally low flag, band tariffs, a what-if, both languages.
fn runs() -> Vec<(&'static str, Vec<&'static str>)> {
    let mut runs = Vec::new();
    for t in [GRENOBLE, METROPOLE] {
        for c in ["check", "normalise", "rank", "split"] {
            runs.push((c, vec![c, "--tender", t]));
        }
    }
    runs.push(("rank", vec!["rank", "--tender", GRENOBLE, "--lang", "en"]));
    // The platform's download: check's folders, candidates and skipped entries.
    let download = "examples/grenoble/telechargement.zip";
    runs.push(("check", vec!["check", "--tender", GRENOBLE, download]));
    runs.push((
        "simulate",
        vec!["simulate", "--tender", GRENOBLE, "--lot", "1"],
    ));
    runs.push((
        "simulate",
        vec![
            "simulate", "--tender", GRENOBLE, "--sweep", "--lot", "2", "--steps", "5",
        ],
    ));
    runs.push((
        "split",
        vec!["split", "--tender", GRENOBLE, "--method", "equal_savings"],
    ));
    let join = "join=saint-martin-d-uriage";
    runs.push((
        "split",
        vec![
            "split",
            "--tender",
            METROPOLE,
            "--lot",
            "1",
            "--what-if",
            join,
        ],
    ));
    // Planning without offers: the métropole's grid, the split and every method.
    let grid = "examples/metropole/grille.csv";
    runs.push((
        "split",
        vec!["split", "--tender", METROPOLE, "--tariff", grid],
    ));
    runs.push((
        "split-compare",
        vec![
            "split",
            "--tender",
            METROPOLE,
            "--tariff",
            grid,
            "--compare",
        ],
    ));
    runs.push((
        "split-compare",
        vec!["split", "--tender", GRENOBLE, "--compare"],
    ));
    for (lot, scope, bidder) in [
        ("2", "groupement", "mediaflux"),
        ("1", "groupement", "mediaflux"),
        ("4", "groupement", "territoria"),
        ("9", "groupement", "biblioplus"),
        ("5", "groupement", "kiosque"),
        ("3", "grenoble", "cineclap"),
    ] {
        let args = [
            "explain", "--tender", GRENOBLE, "--lot", lot, "--scope", scope,
        ];
        let mut args = args.to_vec();
        args.extend(["--bidder", bidder]);
        runs.push(("explain", args));
    }
    runs
}

#[test]
fn every_command_s_output_is_valid_against_its_schema() {
    for (command, args) in runs() {
        let doc = output(&args);
        let errors = errors(command, &doc);
        assert!(errors.is_empty(), "{args:?}:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_schemas_refuse_what_the_tool_never_writes() {
    let mut doc = output(&["rank", "--tender", GRENOBLE, "--lot", "9"]);
    let offer = &mut doc["lots"][0]["scopes"][0]["ranked"][0];
    offer.as_object_mut().unwrap().remove("total");
    offer["rank"] = Value::String("1".into());
    offer["surprise"] = Value::Bool(true);
    let errors = errors("rank", &doc);
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("total")));
    assert!(errors.iter().any(|e| e.contains("/rank")));
    assert!(errors.iter().any(|e| e.contains("surprise")));
}

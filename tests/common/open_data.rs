//! The official open-data schemas (OCDS 1.1.5 with the bids and lots extensions, DECP
//! 2.0.3), read from the folder named by `TENDER_SCHEMAS`, else from `../shared/schemas/`
//! beside the repository; never copied into it. Validation is offline: the release
//! package's reference to the release schema is served from the registry built here.

use std::path::PathBuf;

use serde_json::Value;

/// The address under which the release package schema refers to the release schema.
const RELEASE_URI: &str =
    "https://standard.open-contracting.org/schema/1__1__5/release-schema.json";

/// The folder of the schemas, or why the tests cannot run: `Err` makes the caller skip
/// with the reason printed, unless `CI` is set, where a missing folder fails the test.
pub fn schemas_dir() -> Result<PathBuf, String> {
    let dir = match std::env::var_os("TENDER_SCHEMAS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas"),
    };
    if dir.join("decp/schema_decp_v2.0.3.json").is_file()
        && dir.join("ocds/release-schema.json").is_file()
    {
        return Ok(dir);
    }
    let reason = format!(
        "the official schemas are not in {} (set TENDER_SCHEMAS to their folder)",
        dir.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{reason}");
    }
    Err(reason)
}

fn read(dir: &std::path::Path, name: &str) -> Value {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// RFC 7386 JSON Merge Patch: `patch`'s members replace `target`'s, objects merged
/// member by member, `null` removing a member.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    let Value::Object(t) = target else { return };
    for (key, value) in members {
        if value.is_null() {
            t.remove(key);
        } else {
            merge_patch(t.entry(key.clone()).or_insert(Value::Null), value);
        }
    }
}

/// The validator of DECP 2.0.3.
pub fn decp_validator(dir: &std::path::Path) -> jsonschema::Validator {
    let schema = read(dir, "decp/schema_decp_v2.0.3.json");
    jsonschema::options()
        .offline()
        .build(&schema)
        .expect("the DECP schema builds")
}

/// The validator of an OCDS 1.1.5 release package whose releases use the bids and lots
/// extensions (each applied to the release schema as a merge patch).
pub fn ocds_validator(dir: &std::path::Path) -> jsonschema::Validator {
    let mut release = read(dir, "ocds/release-schema.json");
    merge_patch(&mut release, &read(dir, "ocds/bid-extension.json"));
    merge_patch(&mut release, &read(dir, "ocds/lots-extension.json"));
    let package = read(dir, "ocds/release-package-schema.json");
    let registry = jsonschema::Registry::new()
        .add(RELEASE_URI, release)
        .expect("the release schema registers")
        .prepare()
        .expect("the registry builds");
    jsonschema::options()
        .offline()
        .with_registry(&registry)
        .build(&package)
        .expect("the release package schema builds")
}

/// Where `doc` breaks the schema, one line per error.
pub fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// An official example of the DECP folder.
pub fn decp_example(dir: &std::path::Path, name: &str) -> Value {
    read(dir, &format!("decp/{name}"))
}

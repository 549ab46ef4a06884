//! The JSON Schema of each command's `--format json` output, generated from the very
//! types the output is serialised from, so a script author can rely on the published
//! schema (docs/schema/<command>.schema.json) and the tests can check real output
//! against it. Regenerate after a change of output: `UPDATE_SCHEMAS=1 cargo test --test
//! schema`.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// The commands with a JSON output, each with its schema, in a fixed order.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("check", of::<super::json::CheckDoc>("check")),
        (
            "normalise",
            of::<super::json::NormaliseDoc<'static>>("normalise"),
        ),
        ("rank", of::<super::json::RankDoc<'static>>("rank")),
        (
            "explain",
            of::<super::explain::ExplainDoc<'static>>("explain"),
        ),
        ("split", of::<super::split::Doc<'static>>("split")),
        (
            "split-compare",
            of::<super::split::planning::CompareDoc<'static>>("split --compare"),
        ),
        ("simulate", of::<super::simulate::Doc<'static>>("simulate")),
    ]
}

/// The schema of one command's document: draft 2020-12, every object closed (a key the
/// schema does not name is an error), so the schema lists exactly what is written.
fn of<T: JsonSchema>(command: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema: Schema = generator.into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Value::Object(root) = &mut value {
        root.insert(
            "title".into(),
            Value::String(format!("tender {command} --format json")),
        );
    }
    close_objects(&mut value);
    value
}

/// Adds `"additionalProperties": false` to every object schema that lists properties.
fn close_objects(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if map.contains_key("properties") {
                map.entry("additionalProperties")
                    .or_insert(Value::Bool(false));
            }
            map.values_mut().for_each(close_objects);
        }
        Value::Array(items) => items.iter_mut().for_each(close_objects),
        _ => {}
    }
}

/// A JSON integer that may have more digits than 64 bits hold (a count of groups, 2ⁿ − 1).
pub(super) fn big_integer(_: &mut schemars::SchemaGenerator) -> Schema {
    schemars::json_schema!({
        "type": "integer",
        "minimum": 0,
        "description": "An integer of as many digits as it takes (beyond 64 bits)."
    })
}

/// The schema as it is written to its file: pretty, keys sorted, one final newline.
pub fn to_file_text(schema: &Value) -> String {
    let mut s = serde_json::to_string_pretty(schema).unwrap_or_default();
    s.push('\n');
    s
}

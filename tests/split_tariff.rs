//! `tender split --tariff` (planning without offers) and `--compare`, through the binary:
//! three communes whose shares are worked out by hand, and the métropole.

mod common;

use std::path::Path;

use common::Workdir;

/// Three communes, a (2 000 inhabitants, 900 registered users), b (4 000, 100) and c
/// (9 000, 200), and a prospect d (1 000, 100); one lot, a year, VAT 20 %, Shapley.
const PLANNING_TENDER: &str = include_str!("../fixtures/planning/tender.toml");
/// Up to 5 000 inhabitants 1 000 €, 10 000 1 500 €, 20 000 2 400 €, above 3 000 €, as a
/// French spreadsheet saves it.
const PLANNING_BANDS: &str = include_str!("../fixtures/planning/grille.csv");
/// The same prices, group by group.
const PLANNING_GROUPS: &str = include_str!("../fixtures/planning/groupes.csv");
use serde_json::Value;

/// A working directory with the three communes' tender and the grid `grille.csv` (no
/// offer, no offers folder).
fn planning(grid: &str) -> Workdir {
    let wd = Workdir::new();
    wd.write("tender.toml", PLANNING_TENDER);
    wd.write("grille.csv", grid);
    wd
}

/// (exit status, stdout, stderr) of `tender split --tariff grille.csv ARGS`.
fn run(wd: &Workdir, args: &[&str]) -> (i32, String, String) {
    let out = wd
        .command()
        .args(["split", "--tariff", "grille.csv"])
        .args(args)
        .output()
        .expect("run");
    // No-break spaces (thousands, before €) read as spaces.
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8").replace('\u{a0}', " ");
    (
        out.status.code().expect("an exit code"),
        text(out.stdout),
        text(out.stderr),
    )
}

fn json(wd: &Workdir, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(wd, &[args, &["--format", "json"]].concat());
    let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, doc)
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap_or("null").to_owned())
        .collect()
}

fn own(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// One method's entry in `--compare`'s JSON for lot 1.
fn method<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["lots"][0]["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["method"] == key)
        .unwrap_or_else(|| panic!("{key} not compared: {doc}"))
}

#[test]
fn a_band_grid_prices_the_groupement_and_every_group_without_any_offer() {
    let wd = planning(PLANNING_BANDS);
    let (code, doc) = json(&wd, &[]);
    assert_eq!(code, 0, "{doc}");
    let lot = &doc["lots"][0];
    assert_eq!(lot["bidder"], "grille.csv");
    assert_eq!(lot["total_ht"], "2400.00");
    // Shapley: a = 1/3 × 1 000 + 1/6 × (1 500 − 1 000) + 1/6 × (2 400 − 1 500) = 566.67;
    // c = 1/3 × 1 500 + 1/6 × 1 400 × 2 + 1/3 × 900 = 1 266.67; the cents left go to the
    // set {a, b}.
    let shares = &lot["shares"];
    assert_eq!(
        strings(shares, "share_ht"),
        own(&["566.67", "566.67", "1266.66"])
    );
    assert_eq!(
        strings(shares, "standalone_ht"),
        own(&["1000.00", "1000.00", "1500.00"])
    );
    assert_eq!(
        strings(shares, "standalone_source"),
        own(&["grid", "grid", "grid"])
    );
    // TTC at 20 %.
    assert_eq!(
        strings(shares, "share_ttc"),
        own(&["680.00", "680.00", "1520.00"])
    );
    assert_eq!(lot["core"]["worst"], Value::Null);
    // The table names the grid where an awarded lot names its bidder.
    let (_, table, _) = run(&wd, &[]);
    assert!(
        table.contains("Prix du groupement selon la grille grille.csv : 2 400,00 €"),
        "{table}"
    );
    assert!(
        table.starts_with("Sans offre : prix de la grille grille.csv (4 tranches de population"),
        "{table}"
    );
}

#[test]
fn compare_gives_every_method_s_shares_and_properties() {
    let wd = planning(PLANNING_BANDS);
    let (code, doc) = json(&wd, &["--compare"]);
    assert_eq!(code, 0, "{doc}");
    let cases = [
        ("population", ["320.00", "640.00", "1440.00"]),
        ("usage", ["320.00", "640.00", "1440.00"]),
        ("registered_users", ["1800.00", "200.00", "400.00"]),
        ("equal", ["800.00", "800.00", "800.00"]),
        ("fixed_plus_variable", ["416.00", "672.00", "1312.00"]),
        ("standalone_proportional", ["685.71", "685.71", "1028.58"]),
        ("equal_savings", ["633.33", "633.33", "1133.34"]),
        ("scrb", ["576.92", "576.92", "1246.16"]),
        ("shapley", ["566.67", "566.67", "1266.66"]),
    ];
    for (key, expected) in cases {
        let m = method(&doc, key);
        assert_eq!(strings(&m["shares"], "share_ht"), own(&expected), "{key}");
        assert_eq!(m["grid"], true);
    }
    // Shapley's exact shares: 1 700/3 and 3 800/3.
    let exact = strings(&method(&doc, "shapley")["shares"], "exact");
    assert_eq!(exact, own(&["1700/3", "1700/3", "3800/3"]));
    // Registered users: a pays 1 800, 800 above its 1 000 alone.
    let p = &method(&doc, "registered_users")["properties"];
    assert_eq!(p["above_standalone"], serde_json::json!(["a"]));
    assert_eq!(p["outside_core"]["members"], serde_json::json!(["a"]));
    assert_eq!(p["outside_core"]["paid_ht"], "1800.00");
    // Equal parts: a and b pay 1 600 together, 1 500 as a group of their own.
    let p = &method(&doc, "equal")["properties"];
    assert_eq!(p["outside_core"]["members"], serde_json::json!(["a", "b"]));
    assert_eq!(p["outside_core"]["paid_ht"], "1600.00");
    assert_eq!(p["outside_core"]["alone_ht"], "1500.00");
    let p = &method(&doc, "shapley")["properties"];
    assert_eq!(p["outside_core"], Value::Null);
    assert_eq!(p["core_complete"], true);
    // No weights in the tender: said, never 0.
    let w = method(&doc, "weights");
    assert!(w["unsplit"].as_str().unwrap().contains("weights"), "{w}");
    assert_eq!(w["shares"], serde_json::json!([]));
}

#[test]
fn compare_as_a_table_fits_80_columns_with_a_legend() {
    let wd = planning(PLANNING_BANDS);
    for (lang, above, legend) in [
        ("fr", "1 800,00▲", "inscr. = inscrits"),
        ("en", "1,800.00▲", "users = registered users"),
    ] {
        let (code, out, _) = run(&wd, &["--compare", "--lang", lang]);
        assert_eq!(code, 0);
        assert!(out.contains(above), "{out}");
        assert!(out.contains(legend), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
    }
    let (_, out, _) = run(&wd, &["--compare"]);
    // The properties: a alone, a and b together.
    assert!(out.contains("Commune A : 1 800,00 € au lieu de"), "{out}");
    assert!(out.contains("Commune A, Commune B : 1 600,00 €"), "{out}");
}

#[test]
fn compare_as_csv_has_a_row_per_method_and_member() {
    let wd = planning(PLANNING_BANDS);
    let (code, out, _) = run(&wd, &["--compare", "--format", "csv"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "lot,method,member,share_ht,standalone_ht,saving_ht,above_standalone,flags,note"
    );
    assert!(
        lines.contains(&"1,population,,2400.00,3500.00,1100.00,,,"),
        "{out}"
    );
    assert!(
        lines.contains(&"1,registered_users,a,1800.00,1000.00,-800.00,true,,"),
        "{out}"
    );
    assert!(
        lines.contains(&"1,shapley,c,1266.66,1500.00,233.34,false,,"),
        "{out}"
    );
}

#[test]
fn the_coordinator_s_fee_is_in_every_compared_share() {
    let wd = planning(PLANNING_BANDS);
    wd.write("tender.toml", format!("{PLANNING_TENDER}fee = \"0.10\"\n"));
    let (_, doc) = json(&wd, &["--compare"]);
    // 320 + 10 %, 640 + 10 %, 1 440 + 10 %.
    let m = method(&doc, "population");
    assert_eq!(
        strings(&m["shares"], "share_ht"),
        own(&["352.00", "704.00", "1584.00"])
    );
    assert_eq!(m["fee_ht"], "240.00");
}

#[test]
fn a_price_per_group_and_the_groups_it_does_not_give() {
    let all =
        "members,price_ht\na,1000\nb,1000\nc,1500\na+b,1500\na+c,2400\nb+c,2400\na+b+c,2400\n";
    let wd = planning(all);
    let (code, doc) = json(&wd, &["--compare"]);
    assert_eq!(code, 0);
    // The same game as the bands: the same Shapley shares.
    let shapley = strings(&method(&doc, "shapley")["shares"], "share_ht");
    assert_eq!(shapley, own(&["566.67", "566.67", "1266.66"]));
    // A price per group has no measure for `usage`.
    let usage = method(&doc, "usage")["unsplit"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        usage.contains("une grille par groupe n'en a pas"),
        "{usage}"
    );
    // Without b + c, neither Shapley nor SCRB can be computed; the group is named.
    let wd = planning(&PLANNING_GROUPS.replace("\nb+c;2 400\n", "\n"));
    let (code, doc) = json(&wd, &["--method", "scrb"]);
    assert_eq!(code, 1);
    let reason = doc["unsplit"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("que la grille ne donne pas : {b, c}"),
        "{reason}"
    );
}

#[test]
fn what_if_on_the_grid() {
    let wd = planning(PLANNING_BANDS);
    // d (1 000 inhabitants) joins: 16 000 inhabitants, still 2 400 €, by population.
    let (code, doc) = json(&wd, &["--method", "population", "--what-if", "join=d"]);
    assert_eq!(code, 0, "{doc}");
    let lot = &doc["lots"][0];
    assert_eq!(
        strings(&lot["shares"], "share_ht"),
        own(&["300.00", "600.00", "1350.00", "150.00"])
    );
    let members = &lot["before_after"]["members"];
    assert_eq!(
        strings(members, "difference_ht"),
        own(&["-20.00", "-40.00", "-90.00", "null"])
    );
    let (_, table, _) = run(&wd, &["--method", "population", "--what-if", "join=d"]);
    assert!(
        table.contains("La grille chiffre le nouveau groupement comme l'actuel."),
        "{table}"
    );
    assert!(
        table.contains("Avant : la répartition actuelle, au prix de la grille ;"),
        "{table}"
    );
    // c leaves: a and b, 6 000 inhabitants, cost 1 500.
    let (_, doc) = json(&wd, &["--method", "population", "--what-if", "leave=c"]);
    assert_eq!(
        strings(&doc["lots"][0]["shares"], "share_ht"),
        own(&["500.00", "1000.00"])
    );
}

#[test]
fn a_wrong_grid_is_refused_at_its_line_and_column() {
    let wd = planning("population_up_to;price_ht\n5 000;1 000\n10 000;mille\n;3 000\n");
    let (code, out, err) = run(&wd, &[]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("grille.csv, ligne 3, colonne price_ht : « mille » n'est pas un prix"),
        "{err}"
    );
    let (_, _, err) = run(&wd, &["--lang", "en"]);
    assert!(
        err.contains("grille.csv, line 3, column price_ht: \"mille\" is not a price"),
        "{err}"
    );
    let wd = planning("population_up_to;price_ht\n5 000;1 000\n10 000;1 500\n");
    let (code, _, err) = run(&wd, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ligne 3, colonne population_up_to : la dernière tranche s'arrête à 10000"),
        "{err}"
    );
    // A decimal comma between commas: one value too many, and the way out said.
    let wd = planning("population_up_to,price_ht\n5000,1450,50\n,2000\n");
    let (code, _, err) = run(&wd, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("ligne 2 : nombre de valeurs sur la ligne : 3 ; attendu : 2"),
        "{err}"
    );
    assert!(
        err.contains("se met entre guillemets, ou séparez les champs par « ; »"),
        "{err}"
    );
    let wd = planning("population_up_to,price_ht\n5000,\"1450,50\"\n,2000\n");
    assert_eq!(run(&wd, &["--format", "json"]).0, 0);
    let wd = planning("members;price_ht\na+z;1\n");
    let (_, _, err) = run(&wd, &[]);
    assert!(
        err.contains("« z » n'est ni un membre du groupement ni un [[prospect]]"),
        "{err}"
    );
    // A grid that is not there cannot be read: status 3.
    let wd = planning(PLANNING_BANDS);
    let out = wd
        .command()
        .args(["split", "--tariff", "absente.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}

#[test]
fn offers_or_a_method_beside_what_excludes_them_are_refused() {
    let wd = planning(PLANNING_BANDS);
    let (code, _, err) = run(&wd, &["offres"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&wd, &["--compare", "--method", "equal"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&wd, &["--compare", "--what-if", "join=d"]);
    assert_eq!(code, 2, "{err}");
}

fn metropole() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/metropole")
}

/// `split` on the métropole, from its directory.
fn metropole_json(args: &[&str]) -> Value {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(metropole())
        .args(["split", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn on_the_metropole_the_grid_of_the_awarded_bidder_gives_the_awarded_split() {
    // grille.csv holds, for lot 1, Melodia's band tariff; Melodia is awarded lot 1 at
    // 20 000 €, the price of the métropole's band: the grid and the offers must agree
    // member by member, whatever the method.
    for m in ["population", "equal_savings", "scrb", "shapley"] {
        let offers = metropole_json(&["--lot", "1", "--method", m]);
        let grid = metropole_json(&["--lot", "1", "--method", m, "--tariff", "grille.csv"]);
        assert_eq!(offers["lots"][0]["bidder"], "melodia");
        assert_eq!(
            strings(&offers["lots"][0]["shares"], "share_ht"),
            strings(&grid["lots"][0]["shares"], "share_ht"),
            "{m}"
        );
    }
}

#[test]
fn on_the_metropole_compare_says_what_each_method_does() {
    let doc = metropole_json(&["--lot", "1", "--tariff", "grille.csv", "--compare"]);
    // Grenoble by population: 20 000 × 158 198 / 445 775 inhabitants, exactly.
    let exact = method(&doc, "population")["shares"][0]["exact"]
        .as_str()
        .unwrap()
        .to_owned();
    let (p, q) = exact.split_once('/').expect("a fraction");
    let (p, q): (u128, u128) = (p.parse().unwrap(), q.parse().unwrap());
    assert_eq!(p * 445_775, 20_000 * 158_198 * q);
    // Equal savings: the 30 communes whose 600 € alone is below the equal saving.
    let negative = &method(&doc, "equal_savings")["properties"]["negative_shares"];
    assert_eq!(negative.as_array().unwrap().len(), 30);
    // No member leaving moves the métropole out of its band (445 775 − 158 198 > 200 000):
    // every separable cost is 0 and SCRB shares in proportion to the costs alone.
    assert_eq!(
        strings(&method(&doc, "scrb")["shares"], "share_ht"),
        strings(
            &method(&doc, "standalone_proportional")["shares"],
            "share_ht"
        )
    );
    let p = &method(&doc, "shapley")["properties"];
    assert_eq!(
        (&p["outside_core"], &p["core_complete"]),
        (&Value::Null, &Value::Bool(true))
    );
    // Lot 3 is not in the grid: nothing to show, and said.
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(metropole())
        .args(["split", "--tariff", "grille.csv", "--lot", "3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ne chiffre pas le lot demandé (elle chiffre : 1, 2)"),
        "{err}"
    );
}

#[test]
fn compare_works_on_the_offers_too() {
    let out = assert_cmd::Command::cargo_bin("tender")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "split",
            "--tender",
            "examples/grenoble/tender.toml",
            "--lot",
            "1",
        ])
        .args(["--compare", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Musicalia, 21 200 € for Grenoble (450 000 inhabitants) and Isère (800 000):
    // 21 200 × 450 000 / 1 250 000 = 7 632; equal parts 10 600 each.
    let m = method(&doc, "population");
    assert_eq!(
        (&m["priced_by"], &m["grid"]),
        (&Value::from("musicalia"), &Value::Bool(false))
    );
    assert_eq!(
        strings(&m["shares"], "share_ht"),
        own(&["7632.00", "13568.00"])
    );
    let m = method(&doc, "equal");
    assert_eq!(
        strings(&m["shares"], "share_ht"),
        own(&["10600.00", "10600.00"])
    );
    // Isère alone costs 13 100 €: by population it pays more than alone.
    let p = &method(&doc, "population")["properties"];
    assert_eq!(p["above_standalone"], serde_json::json!(["isere"]));
}

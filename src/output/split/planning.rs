//! `split --tariff` and `split --compare` for people and scripts: the grid's problems,
//! what the grid prices, and every method side by side, lot by lot.
//!
//! The comparison is members as rows and methods as columns (short headers, a legend
//! under them), in as many blocks of columns as the width needs: 49 communes and nine
//! methods do not fit in 80 columns at once, and a member's row must stay one line.

use comfy_table::Cell;
use schemars::JsonSchema;
use serde::Serialize;

use super::super::sanitize::{csv_text, printable};
use super::super::table::{new_table, render, title, wrap};
use super::super::width;
use super::{first_five, method_name, unsplit_reason};
use crate::lang::Lang;
use crate::money;
use crate::output::text;
use crate::split::grid::{Grid, GridError, GridPrices, GridProblem, expected_headers};
use crate::split::planning::{LotComparison, Properties, priced_lots};
use crate::split::{LotSplit, UnsplitReason};
use crate::tender::{BandMeasure, SplitMethod, Tender};

/// The grid's error for the purchasing officer.
pub fn grid_error(e: &GridError, lang: Lang) -> String {
    match e {
        GridError::Unreadable { file, source } => format!(
            "{}{} ({})",
            file.display(),
            lang.pick(
                " : la grille tarifaire ne peut être lue",
                ": the price grid cannot be read"
            ),
            crate::output::text::io_reason(source, lang)
        ),
        GridError::Invalid {
            file,
            line,
            column,
            problem,
        } => {
            let column = column
                .map(|c| format!(", {} {c}", lang.pick("colonne", "column")))
                .unwrap_or_default();
            format!(
                "{}, {} {line}{column}{} {}",
                file.display(),
                lang.pick("ligne", "line"),
                lang.pick(" :", ":"),
                grid_problem(problem, lang)
            )
        }
    }
}

fn grid_problem(p: &GridProblem, lang: Lang) -> String {
    if let Some(m) = value_problem(p, lang) {
        return m;
    }
    let fr = lang == Lang::Fr;
    match p {
        GridProblem::Header { found } if fr => format!(
            "en-tête « {} » inattendu ; attendu l'un de : {}",
            printable(found),
            expected_headers().join(" ; ")
        ),
        GridProblem::Header { found } => format!(
            "unexpected header \"{}\"; expected one of: {}",
            printable(found),
            expected_headers().join("; ")
        ),
        GridProblem::FieldCount { expected, found } => {
            // One value too many is most often a decimal comma between commas.
            let comma = match found > expected {
                true => lang.pick(
                    " ; un prix à virgule décimale dans un fichier séparé par des virgules se met entre guillemets, ou séparez les champs par « ; »",
                    "; a price with a decimal comma in a comma-separated file goes in quotes, or separate the fields with \";\"",
                ),
                false => "",
            };
            match lang {
                Lang::Fr => format!(
                    "nombre de valeurs sur la ligne : {found} ; attendu : {expected}, une par colonne de l'en-tête{comma}"
                ),
                Lang::En => format!(
                    "number of values on the line: {found}; expected: {expected}, one per header column{comma}"
                ),
            }
        }
        GridProblem::NoLine => lang
            .pick(
                "la grille ne donne aucun prix (l'en-tête seul)",
                "the grid gives no price (a header alone)",
            )
            .to_owned(),
        GridProblem::Empty => lang.pick("valeur absente", "missing value").to_owned(),
        GridProblem::NotUtf8 => lang
            .pick(
                "le fichier n'est pas du texte UTF-8 : enregistrez-le en « CSV UTF-8 »",
                "the file is not UTF-8 text: save it as \"CSV UTF-8\"",
            )
            .to_owned(),
        GridProblem::Malformed => lang
            .pick(
                "le fichier CSV ne peut être lu à partir de cette ligne",
                "the CSV file cannot be read from this line on",
            )
            .to_owned(),
        GridProblem::UnknownLot { lot, known } if fr => {
            format!(
                "« {} » n'est pas un lot de la consultation (lots : {known})",
                printable(lot)
            )
        }
        GridProblem::UnknownLot { lot, known } => {
            format!(
                "\"{}\" is not a lot of the tender (lots: {known})",
                printable(lot)
            )
        }
        // Said by `value_problem`.
        _ => String::new(),
    }
}

/// A limit or a price of the grid that cannot be used; a group, by `group_problem`.
fn value_problem(p: &GridProblem, lang: Lang) -> Option<String> {
    let fr = lang == Lang::Fr;
    Some(match p {
        GridProblem::NotAWholeNumber { found, reason } => {
            let why = reason
                .as_ref()
                .map(|r| format!(" ({})", text::number_error(r, found, lang)))
                .unwrap_or_default();
            let found = printable(found);
            match lang {
                Lang::Fr => format!(
                    "« {found} » n'est pas un nombre entier d'habitants ou d'inscrits{why} ; laissez la limite vide pour la dernière tranche (au-delà)"
                ),
                Lang::En => format!(
                    "\"{found}\" is not a whole number of inhabitants or registered users{why}; leave the limit empty for the last band (above)"
                ),
            }
        }
        GridProblem::NotANumber { found, reason } => {
            let why = text::number_error(reason, found, lang);
            let found = printable(found);
            match lang {
                Lang::Fr => format!(
                    "« {found} » n'est pas un prix ({why}) ; attendu un nombre, par exemple 1 450,50"
                ),
                Lang::En => {
                    format!("\"{found}\" is not a price ({why}); expected a number, e.g. 1450.50")
                }
            }
        }
        GridProblem::NegativePrice { found } if fr => {
            format!(
                "prix négatif « {} » : un prix est positif ou nul",
                printable(found)
            )
        }
        GridProblem::NegativePrice { found } => {
            format!(
                "negative price \"{}\": a price is 0 or more",
                printable(found)
            )
        }
        GridProblem::LimitNotAbove { limit, previous } if fr => format!(
            "la limite {limit} n'est pas au-dessus de la précédente ({previous}) : les tranches vont en croissant"
        ),
        GridProblem::LimitNotAbove { limit, previous } => format!(
            "limit {limit} is not above the previous one ({previous}): bands go in increasing order"
        ),
        GridProblem::AfterOpenBand { open_line } if fr => format!(
            "une ligne suit la dernière tranche (sans limite, ligne {open_line}) : seule la dernière ligne laisse la limite vide"
        ),
        GridProblem::AfterOpenBand { open_line } => format!(
            "a line follows the last band (no limit, line {open_line}): only the last line leaves the limit empty"
        ),
        GridProblem::NoOpenBand { limit } if fr => format!(
            "la dernière tranche s'arrête à {limit} : ajoutez une ligne sans limite, le prix au-delà de {limit}"
        ),
        GridProblem::NoOpenBand { limit } => format!(
            "the last band stops at {limit}: add a line with no limit, the price above {limit}"
        ),
        _ => return group_problem(p, lang),
    })
}

/// A group of a grid per group that cannot be used.
fn group_problem(p: &GridProblem, lang: Lang) -> Option<String> {
    let fr = lang == Lang::Fr;
    Some(match p {
        GridProblem::UnknownMember { id, known } if fr => format!(
            "« {} » n'est ni un membre du groupement ni un [[prospect]] (identifiants : {known})",
            printable(id)
        ),
        GridProblem::UnknownMember { id, known } => format!(
            "\"{}\" is neither a member of the groupement nor a [[prospect]] (ids: {known})",
            printable(id)
        ),
        GridProblem::MemberTwice { id } if fr => {
            format!("« {} » est deux fois dans le groupe", printable(id))
        }
        GridProblem::MemberTwice { id } => format!("\"{}\" is twice in the group", printable(id)),
        GridProblem::EmptyMember => lang
            .pick(
                "un membre vide entre deux « + » (attendu par exemple grenoble+isere)",
                "an empty member between two \"+\" (expected e.g. grenoble+isere)",
            )
            .to_owned(),
        GridProblem::DuplicateGroup { first_line } if fr => {
            format!("ce groupe a déjà un prix, ligne {first_line}")
        }
        GridProblem::DuplicateGroup { first_line } => {
            format!("this group already has a price, on line {first_line}")
        }
        _ => return None,
    })
}

/// What the grid prices, for the lots asked: one sentence.
pub fn grid_line(tender: &Tender, grid: &Grid, only_lot: Option<&str>, lang: Lang) -> String {
    let file = printable(&grid.file.display().to_string());
    let lots: Vec<&str> = priced_lots(tender, grid, only_lot)
        .map(|(l, _)| l.id.as_str())
        .collect();
    if lots.is_empty() {
        let all: Vec<&str> = priced_lots(tender, grid, None)
            .map(|(l, _)| l.id.as_str())
            .collect();
        return match lang {
            Lang::Fr => format!(
                "la grille {file} ne chiffre pas le lot demandé (elle chiffre : {})",
                all.join(", ")
            ),
            Lang::En => format!(
                "the grid {file} does not price the lot asked (it prices: {})",
                all.join(", ")
            ),
        };
    }
    let kinds: Vec<String> = grid
        .lots
        .iter()
        .map(|l| kind(&l.prices, tender, lang))
        .collect();
    let mut kinds_unique = kinds.clone();
    kinds_unique.dedup();
    match lang {
        Lang::Fr => format!(
            "Sans offre : prix de la grille {file} ({}), pour {} {}.",
            kinds_unique.join(" ; "),
            if lots.len() == 1 {
                "le lot"
            } else {
                "les lots"
            },
            lots.join(", ")
        ),
        Lang::En => format!(
            "Without offers: prices from the grid {file} ({}), for {} {}.",
            kinds_unique.join("; "),
            if lots.len() == 1 { "lot" } else { "lots" },
            lots.join(", ")
        ),
    }
}

/// A grid's kind, and which groups it prices.
fn kind(p: &GridPrices, tender: &Tender, lang: Lang) -> String {
    match p {
        GridPrices::Bands {
            measure, limits, ..
        } => {
            let by = match measure {
                BandMeasure::Population => lang.pick("de population", "of population"),
                BandMeasure::RegisteredUsers => lang.pick("d'inscrits", "of registered users"),
            };
            match lang {
                Lang::Fr => format!(
                    "{} tranches {by} : tout groupe de membres a un prix",
                    limits.len()
                ),
                Lang::En => format!(
                    "{} bands {by}: every group of members has a price",
                    limits.len()
                ),
            }
        }
        GridPrices::Groups(groups) => {
            let n = tender.members.len();
            let possible = if n < 64 { (1u64 << n) - 1 } else { u64::MAX };
            match lang {
                Lang::Fr => format!(
                    "prix par groupe : {} groupes sur {possible} possibles ; la méthode usage ne s'applique pas",
                    groups.len()
                ),
                Lang::En => format!(
                    "price per group: {} groups of {possible} possible; the usage method does not apply",
                    groups.len()
                ),
            }
        }
    }
}

/// The grid's sentence, wrapped, then a blank line, above the tables.
pub fn preface(line: &str) -> String {
    format!("{}\n", wrap(line, 2, 0))
}

/// A method's short header.
fn short(m: SplitMethod, lang: Lang) -> &'static str {
    match m {
        SplitMethod::Population => "pop.",
        SplitMethod::RegisteredUsers => lang.pick("inscr.", "users"),
        SplitMethod::Usage => "usage",
        SplitMethod::Equal => lang.pick("égal", "equal"),
        SplitMethod::Weights => lang.pick("poids", "weights"),
        SplitMethod::FixedPlusVariable => lang.pick("fixe+var", "fix+var"),
        SplitMethod::StandaloneProportional => lang.pick("prorata", "pro rata"),
        SplitMethod::EqualSavings => lang.pick("éco.ég.", "eq.sav."),
        SplitMethod::Scrb => "SCRB",
        SplitMethod::Shapley => "Shapley",
    }
}

/// The methods that split the lot, with their splits.
fn splits(l: &LotComparison) -> Vec<(SplitMethod, &LotSplit)> {
    l.methods
        .iter()
        .filter_map(|(m, r)| r.as_ref().ok().map(|s| (*m, s)))
        .collect()
}

/// What a member pays under a method: its yearly share HT, fee included, to the cent,
/// with ▲ when it is above its price alone.
fn share_cell(s: &crate::split::MemberShare, lang: Lang) -> String {
    let mark = if s.above_standalone() { "▲" } else { "" };
    format!("{}{mark}", money::human(s.pays_ht, 2, lang))
}

/// Every method side by side, lot by lot.
pub fn table(tender: &Tender, lots: &[LotComparison], lang: Lang) -> String {
    let mut s = String::new();
    for l in lots {
        s.push_str(&lot_table(tender, l, lang));
    }
    s
}

fn lot_table(tender: &Tender, l: &LotComparison, lang: Lang) -> String {
    let mut s = title(&format!("Lot {} — {}", l.lot, l.title), '=');
    let done = splits(l);
    if let Some((_, first)) = done.first() {
        s.push_str(&wrap(&cost_line(first, lang), 2, 0));
        s.push_str(&wrap(
            lang.pick(
                "Ce que paie chaque membre selon chaque méthode, en € HT par an, frais compris (▲ : plus que seul) :",
                "What each member pays under each method, € excl. VAT a year, fee included (▲: more than alone):",
            ),
            2,
            0,
        ));
        for (i, block) in blocks(tender, &done, lang).iter().enumerate() {
            if i > 0 {
                s.push('\n');
            }
            s.push_str(&block_table(tender, &done, block, lang));
        }
        s.push_str(&wrap(&legend(&done, lang), 2, 0));
        s.push('\n');
        s.push_str(&properties_table(tender, &done, lang));
    }
    for (m, r) in &l.methods {
        if let Err(reason) = r {
            s.push_str(&wrap(
                &format!(
                    "{} ({}) {} {}",
                    method_name(*m, lang),
                    m.key(),
                    lang.pick("ne répartit pas ce lot :", "cannot split this lot:"),
                    why_not(tender, reason, lang)
                ),
                2,
                0,
            ));
        }
    }
    s.push('\n');
    s
}

/// Why a method cannot split the lot; a key the tender gives for no member at all (no
/// `weights`) said in one phrase rather than by listing every member.
fn why_not(tender: &Tender, reason: &UnsplitReason, lang: Lang) -> String {
    match reason {
        UnsplitReason::MissingKey { method, members } if members.len() == tender.members.len() => {
            match lang {
                Lang::Fr => format!(
                    "la consultation ne donne cette clé pour aucun membre ([split] {})",
                    method.key()
                ),
                Lang::En => format!(
                    "the tender gives this key for no member ([split] {})",
                    method.key()
                ),
            }
        }
        _ => unsplit_reason(reason, lang),
    }
}

/// The lot's cost for the groupement, and whose price it is.
fn cost_line(l: &LotSplit, lang: Lang) -> String {
    let whose = match (l.grid, &l.bidder_name) {
        (true, _) => format!("{} {}", lang.pick("grille", "grid"), printable(&l.bidder)),
        (false, Some(n)) => format!("{} ({})", printable(n), printable(&l.bidder)),
        (false, None) => printable(&l.bidder),
    };
    let fee = if l.fee_ht.is_zero() {
        String::new()
    } else {
        format!(
            "{} {}",
            lang.pick(
                ", plus des frais de coordination de",
                ", plus a coordinator's fee of"
            ),
            money::euros(l.fee_ht, lang)
        )
    };
    format!(
        "{} {} {} ({whose}){fee}.",
        lang.pick("Coût pour le groupement :", "Cost for the groupement:"),
        money::euros(l.total_ht, lang),
        lang.pick("HT par an", "excl. VAT a year"),
    )
}

/// The columns of each block: "alone" (index None) first, then the methods (indices in
/// `done`), as many per block as the width holds beside the members' names.
fn blocks(
    tender: &Tender,
    done: &[(SplitMethod, &LotSplit)],
    lang: Lang,
) -> Vec<Vec<Option<usize>>> {
    let names = tender
        .members
        .iter()
        .map(|m| width::display(&printable(&m.name)))
        .max()
        .unwrap_or(0)
        .min(20);
    let column = |c: Option<usize>| -> usize {
        let values = done.first().map_or(0, |(_, l)| l.shares.len());
        (0..values)
            .map(|i| match c {
                None => done[0].1.shares[i]
                    .standalone
                    .as_ref()
                    .map_or(1, |a| width::display(&money::human(a.amount_ht, 2, lang))),
                Some(k) => width::display(&share_cell(&done[k].1.shares[i], lang)),
            })
            .chain([match c {
                None => width::display(lang.pick("seul", "alone")),
                Some(k) => width::display(short(done[k].0, lang)),
            }])
            .max()
            .unwrap_or(0)
            + 3
    };
    // Each column takes its widest cell, a space either side and a separator; so does
    // the members' column, plus the table's first separator.
    let room = width::current().saturating_sub(names + 4);
    let mut out: Vec<Vec<Option<usize>>> = Vec::new();
    let mut used = 0;
    for c in std::iter::once(None).chain((0..done.len()).map(Some)) {
        let w = column(c);
        match out.last_mut() {
            Some(b) if used + w <= room => b.push(c),
            _ => {
                out.push(vec![c]);
                used = 0;
            }
        }
        used += w;
    }
    out
}

fn block_table(
    tender: &Tender,
    done: &[(SplitMethod, &LotSplit)],
    block: &[Option<usize>],
    lang: Lang,
) -> String {
    let header: Vec<String> = std::iter::once(lang.pick("Membre", "Member").to_owned())
        .chain(block.iter().map(|c| match c {
            None => lang.pick("seul", "alone").to_owned(),
            Some(k) => short(done[*k].0, lang).to_owned(),
        }))
        .collect();
    let right: Vec<usize> = (1..=block.len()).collect();
    let mut t = new_table(header, &right);
    // One line per member, no rule between them: 49 communes stay readable.
    t.style_mut().row_separator = comfy_table::LineStyle::none();
    for (i, m) in tender.members.iter().enumerate() {
        let mut row = vec![Cell::new(printable(&m.name))];
        for c in block {
            let text = match c {
                None => done[0].1.shares[i]
                    .standalone
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |a| money::human(a.amount_ht, 2, lang)),
                Some(k) => share_cell(&done[*k].1.shares[i], lang),
            };
            row.push(Cell::new(text));
        }
        t.add_row(row);
    }
    render(&t)
}

/// The short headers, each with its method's name.
fn legend(done: &[(SplitMethod, &LotSplit)], lang: Lang) -> String {
    let parts: Vec<String> = done
        .iter()
        .map(|(m, _)| format!("{} = {}", short(*m, lang), method_name(*m, lang)))
        .collect();
    format!(
        "{} {}.",
        lang.pick(
            "Seul : le prix du membre seul ;",
            "Alone: the member's price alone;"
        ),
        parts.join(lang.pick(" ; ", "; "))
    )
}

/// Each method's properties for this groupement.
fn properties_table(tender: &Tender, done: &[(SplitMethod, &LotSplit)], lang: Lang) -> String {
    let header = vec![
        lang.pick("Méthode", "Method").to_owned(),
        lang.pick("Parts négatives", "Negative shares").to_owned(),
        lang.pick("Plus que seul", "More than alone").to_owned(),
        lang.pick(
            "Groupe qui paierait moins seul",
            "A group paying less alone",
        )
        .to_owned(),
    ];
    let mut t = new_table(header, &[]);
    for (m, l) in done {
        let p = Properties::of(l);
        // A few members by name; more by their number (their shares are in the table).
        let members = |ids: &[String]| -> String {
            match ids.len() {
                0 => lang.pick("aucune", "none").to_owned(),
                1..=2 => names(tender, ids).join(", "),
                n => format!("{n} {}", lang.pick("membres", "members")),
            }
        };
        let core = match (&p.outside_core, p.core_complete) {
            (Some(b), _) => format!(
                "{}{} {} {} {}",
                first_five(&names(tender, &b.members)),
                lang.pick(" :", ":"),
                money::euros(b.paid, lang),
                lang.pick("au lieu de", "instead of"),
                money::euros(b.cost, lang)
            ),
            (None, Some(true)) => lang
                .pick("aucun (tous comparés)", "none (all compared)")
                .to_owned(),
            (None, Some(false)) => lang
                .pick("aucun parmi ceux comparés", "none among those compared")
                .to_owned(),
            (None, None) => lang.pick("non vérifié", "not checked").to_owned(),
        };
        t.add_row(vec![
            short(*m, lang).to_owned(),
            members(&p.negative),
            members(&p.above_standalone)
                .replace(lang.pick("aucune", "none"), lang.pick("aucun", "none")),
            core,
        ]);
    }
    render(&t)
}

/// Members' names, for a list.
fn names(tender: &Tender, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            tender
                .member(id)
                .map_or_else(|| printable(id), |m| printable(&m.name))
        })
        .collect()
}

// ----- CSV -----

const CSV_HEADER: [&str; 9] = [
    "lot",
    "method",
    "member",
    "share_ht",
    "standalone_ht",
    "saving_ht",
    "above_standalone",
    "flags",
    "note",
];

/// One row per lot, method and member; one per lot and method (member empty) with the
/// lot's cost (fee included) and, in `note`, why the method cannot split the lot or the
/// group that would pay less alone.
pub fn csv(lots: &[LotComparison], lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(CSV_HEADER);
    for l in lots {
        for (m, r) in &l.methods {
            match r {
                Err(reason) => {
                    let note = csv_text(&unsplit_reason(reason, lang));
                    let row = [&l.lot, m.key(), "", "", "", "", "", "", &note];
                    let _ = w.write_record(row.iter().map(|x| x.to_string()));
                }
                Ok(s) => csv_method_rows(&mut w, s, lang),
            }
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn csv_method_rows(w: &mut csv::Writer<Vec<u8>>, s: &LotSplit, lang: Lang) {
    let p = Properties::of(s);
    let note = p.outside_core.as_ref().map_or_else(String::new, |b| {
        format!(
            "{} {{{}}}{} {} > {}",
            lang.pick("groupe qui paierait moins seul", "group paying less alone"),
            b.members.join(", "),
            lang.pick(" :", ":"),
            money::cents(b.paid),
            money::cents(b.cost)
        )
    });
    let total = money::cents(s.total_ht + s.fee_ht);
    let _ = w.write_record([
        s.lot.as_str(),
        s.method.key(),
        "",
        &total,
        &s.standalone_ht.map(money::cents).unwrap_or_default(),
        &s.standalone_ht
            .map(|a| money::cents(a - s.total_ht - s.fee_ht))
            .unwrap_or_default(),
        "",
        "",
        &csv_text(&note),
    ]);
    for m in &s.shares {
        let flags: Vec<&str> = m.flags().into_iter().map(|f| f.key()).collect();
        let _ = w.write_record([
            s.lot.as_str(),
            s.method.key(),
            &csv_text(&m.member),
            &money::cents(m.pays_ht),
            &m.standalone
                .as_ref()
                .map(|a| money::cents(a.amount_ht))
                .unwrap_or_default(),
            &m.saving_ht().map(money::cents).unwrap_or_default(),
            if m.above_standalone() {
                "true"
            } else {
                "false"
            },
            &flags.join(";"),
            "",
        ]);
    }
}

// ----- JSON -----

/// `split --compare --format json`.
#[derive(Serialize, JsonSchema)]
pub struct CompareDoc<'a> {
    lots: Vec<LotCompareOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct LotCompareOut<'a> {
    lot: &'a str,
    title: &'a str,
    methods: Vec<MethodOut<'a>>,
}

/// One method on one lot: its shares and properties, or why it cannot split the lot.
#[derive(Serialize, JsonSchema)]
struct MethodOut<'a> {
    method: &'static str,
    /// Why the method cannot split the lot; `null` when it does.
    unsplit: Option<String>,
    /// Whose price: the bidder awarded, or the grid's file name (`grid` true).
    priced_by: Option<&'a str>,
    grid: Option<bool>,
    /// The lot's yearly cost HT for the groupement, and the coordinator's fee on it.
    total_ht: Option<String>,
    fee_ht: Option<String>,
    shares: Vec<CompareShareOut<'a>>,
    properties: Option<PropertiesOut>,
}

#[derive(Serialize, JsonSchema)]
struct CompareShareOut<'a> {
    member: &'a str,
    /// What the member pays a year HT, fee included, to the cent.
    share_ht: String,
    /// The exact share of the cost (fee left out), as a decimal or a fraction.
    exact: String,
    standalone_ht: Option<String>,
    saving_ht: Option<String>,
    above_standalone: bool,
    flags: Vec<&'static str>,
}

#[derive(Serialize, JsonSchema)]
struct PropertiesOut {
    negative_shares: Vec<String>,
    above_standalone: Vec<String>,
    /// The group of members paying the most above its own price, if any does.
    outside_core: Option<BreachOut>,
    /// Every group of members was compared; `null` when the groups' prices are unknown.
    core_complete: Option<bool>,
}

#[derive(Serialize, JsonSchema)]
struct BreachOut {
    members: Vec<String>,
    paid_ht: String,
    alone_ht: String,
}

fn method_out<'a>(
    m: SplitMethod,
    r: &'a Result<LotSplit, UnsplitReason>,
    lang: Lang,
) -> MethodOut<'a> {
    let Ok(s) = r else {
        return MethodOut {
            method: m.key(),
            unsplit: r.as_ref().err().map(|e| unsplit_reason(e, lang)),
            priced_by: None,
            grid: None,
            total_ht: None,
            fee_ht: None,
            shares: Vec::new(),
            properties: None,
        };
    };
    let p = Properties::of(s);
    MethodOut {
        method: m.key(),
        unsplit: None,
        priced_by: Some(&s.bidder),
        grid: Some(s.grid),
        total_ht: Some(money::exact(s.total_ht)),
        fee_ht: Some(money::exact(s.fee_ht)),
        shares: s
            .shares
            .iter()
            .map(|x| CompareShareOut {
                member: &x.member,
                share_ht: money::cents(x.pays_ht),
                exact: x.exact.fraction(),
                standalone_ht: x.standalone.as_ref().map(|a| money::exact(a.amount_ht)),
                saving_ht: x.saving_ht().map(money::cents),
                above_standalone: x.above_standalone(),
                flags: x.flags().into_iter().map(|f| f.key()).collect(),
            })
            .collect(),
        properties: Some(PropertiesOut {
            negative_shares: p.negative,
            above_standalone: p.above_standalone,
            outside_core: p.outside_core.map(|b| BreachOut {
                members: b.members,
                paid_ht: money::cents(b.paid),
                alone_ht: money::exact(b.cost),
            }),
            core_complete: p.core_complete,
        }),
    }
}

pub fn json(lots: &[LotComparison], lang: Lang) -> String {
    let doc = CompareDoc {
        lots: lots
            .iter()
            .map(|l| LotCompareOut {
                lot: &l.lot,
                title: &l.title,
                methods: l
                    .methods
                    .iter()
                    .map(|(m, r)| method_out(*m, r, lang))
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bpu::number::NumberError;

    /// Every problem of a grid has its own sentence in each language, with the line and
    /// the column.
    #[test]
    fn every_grid_problem_is_said_in_both_languages() {
        let s = |x: &str| x.to_owned();
        let problems = [
            GridProblem::Header { found: s("a,b") },
            GridProblem::FieldCount {
                expected: 2,
                found: 3,
            },
            GridProblem::NoLine,
            GridProblem::Empty,
            GridProblem::NotUtf8,
            GridProblem::Malformed,
            GridProblem::UnknownLot {
                lot: s("9"),
                known: s("1, 2"),
            },
            GridProblem::NotAWholeNumber {
                found: s("1,5"),
                reason: None,
            },
            GridProblem::NotAWholeNumber {
                found: s("9999999999999"),
                reason: Some(NumberError::TooLarge),
            },
            GridProblem::NotANumber {
                found: s("x"),
                reason: NumberError::NoDigits,
            },
            GridProblem::NegativePrice { found: s("-1") },
            GridProblem::LimitNotAbove {
                limit: 1,
                previous: 2,
            },
            GridProblem::AfterOpenBand { open_line: 4 },
            GridProblem::NoOpenBand { limit: 10 },
            GridProblem::UnknownMember {
                id: s("z"),
                known: s("a"),
            },
            GridProblem::MemberTwice { id: s("a") },
            GridProblem::EmptyMember,
            GridProblem::DuplicateGroup { first_line: 2 },
        ];
        let mut seen = std::collections::BTreeSet::new();
        for p in problems {
            let e = GridError::Invalid {
                file: "g.csv".into(),
                line: 3,
                column: Some("price_ht"),
                problem: p.clone(),
            };
            let (fr, en) = (grid_error(&e, Lang::Fr), grid_error(&e, Lang::En));
            assert!(
                fr.starts_with("g.csv, ligne 3, colonne price_ht : "),
                "{fr}"
            );
            assert!(en.starts_with("g.csv, line 3, column price_ht: "), "{en}");
            assert!(
                fr.len() > 40 && en.len() > 35 && fr != en,
                "{p:?}: {fr} / {en}"
            );
            assert!(seen.insert(fr.clone()), "said twice: {fr}");
        }
        let e = GridError::Invalid {
            file: "g.csv".into(),
            line: 2,
            column: None,
            problem: GridProblem::NotANumber {
                found: s("999999999999999"),
                reason: NumberError::TooLarge,
            },
        };
        assert_eq!(
            grid_error(&e, Lang::Fr),
            "g.csv, ligne 2 : « 999999999999999 » n'est pas un prix (nombre trop grand) ; \
             attendu un nombre, par exemple 1 450,50"
        );
    }
}

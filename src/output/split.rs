//! `tender split` as a table, CSV and JSON, from one [`SplitResult`].

use comfy_table::Cell;
use rust_decimal::Decimal;
use serde::Serialize;

use super::sanitize::{csv_text, printable};
use super::table::{new_table, render, title, wrap};
use crate::lang::Lang;
use crate::money;
use crate::split::game::ShapleyMethod;
use crate::split::{Change, LotSplit, MemberShare, SplitResult, UnsplitReason};
use crate::tender::{SplitMethod, Tender};

/// A method's name for people.
pub fn method_name(m: SplitMethod, lang: Lang) -> &'static str {
    match m {
        SplitMethod::Population => lang.pick("population", "population"),
        SplitMethod::RegisteredUsers => lang.pick("inscrits", "registered users"),
        SplitMethod::Usage => lang.pick("usage estimé", "estimated usage"),
        SplitMethod::Equal => lang.pick("parts égales", "equal parts"),
        SplitMethod::Weights => lang.pick("poids", "weights"),
        SplitMethod::FixedPlusVariable => {
            lang.pick("part fixe + part variable", "fixed plus variable")
        }
        SplitMethod::StandaloneProportional => lang.pick(
            "au prorata du coût seul",
            "in proportion to the standalone cost",
        ),
        SplitMethod::EqualSavings => lang.pick("économies égales", "equal savings"),
        SplitMethod::Scrb => lang.pick(
            "coûts séparables, bénéfices restants (SCRB)",
            "separable costs, remaining benefits (SCRB)",
        ),
        SplitMethod::Shapley => lang.pick("valeur de Shapley", "Shapley value"),
    }
}

/// Why a lot was not split, for people.
pub fn unsplit_reason(r: &UnsplitReason, lang: Lang) -> String {
    let alternatives = |r: &UnsplitReason| {
        let list: Vec<&str> = r.alternatives().into_iter().map(|m| m.key()).collect();
        if list.is_empty() {
            String::new()
        } else {
            format!(
                " ; {} {}",
                lang.pick("méthodes possibles :", "methods that can serve:"),
                list.join(", ")
            )
        }
    };
    match r {
        UnsplitReason::NoGroupementScope => lang
            .pick(
                "la consultation ne demande pas de prix pour le groupement",
                "the tender asks no price for the groupement",
            )
            .to_owned(),
        UnsplitReason::NoWinner => lang
            .pick(
                "aucune offre classable pour le groupement",
                "no rankable offer for the groupement",
            )
            .to_owned(),
        UnsplitReason::NoStandalone { method, members } => format!(
            "{} « {} » {} : {}{}",
            lang.pick("la méthode", "the method"),
            method.key(),
            lang.pick(
                "demande le coût de chaque membre seul, inconnu pour",
                "needs each member's standalone cost, unknown for"
            ),
            members.join(", "),
            alternatives(r)
        ),
        UnsplitReason::NoCoalitionCost { method, missing } => {
            let groups: Vec<String> = missing
                .iter()
                .map(|g| format!("{{{}}}", g.join(", ")))
                .collect();
            format!(
                "{} « {} » {}{}{}",
                lang.pick("la méthode", "the method"),
                method.key(),
                lang.pick(
                    "demande le coût de groupes de membres que les offres ne chiffrent pas (pas de grille par tranches)",
                    "needs the cost of groups of members the offers do not price (no band tariff)"
                ),
                if groups.is_empty() {
                    String::new()
                } else {
                    format!(" : {}", groups.join(", "))
                },
                alternatives(r)
            )
        }
        UnsplitReason::NoGroupWithout { method, members } => {
            let shown: Vec<&str> = members.iter().take(5).map(String::as_str).collect();
            format!(
                "{} « {} » {} {}{}{}",
                lang.pick("la méthode", "the method"),
                method.key(),
                lang.pick(
                    "demande le coût du groupement sans chacun de ses membres, que les offres ne chiffrent pas (pas de grille par tranches) ; sans :",
                    "needs the groupement's cost without each of its members, which the offers do not price (no band tariff); without:"
                ),
                shown.join(", "),
                if members.len() > shown.len() {
                    format!(" … ({})", members.len())
                } else {
                    String::new()
                },
                alternatives(r)
            )
        }
        UnsplitReason::NoBandTariff => lang
            .pick(
                "pas de grille par tranches de l'attributaire pour chiffrer le nouveau groupement",
                "no band tariff of the awarded bidder to price the new groupement",
            )
            .to_owned(),
        UnsplitReason::ZeroKey { method } => format!(
            "{} « {} » {}",
            lang.pick("la clé", "the key"),
            method.key(),
            lang.pick("vaut 0 pour tous les membres", "is 0 for every member")
        ),
    }
}

fn percent(m: Option<crate::award::Mark>, lang: Lang) -> String {
    m.map(|p| format!("{} %", money::human(&p, 1, lang)))
        .unwrap_or_else(|| "—".to_owned())
}

fn opt_euros(d: Option<Decimal>, lang: Lang) -> String {
    d.map(|d| money::euros(d, lang))
        .unwrap_or_else(|| "—".to_owned())
}

fn share_row(tender: &Tender, s: &MemberShare, lang: Lang) -> Vec<Cell> {
    let name = tender
        .member(&s.member)
        .map(|m| printable(&m.name))
        .unwrap_or_default();
    let mut who = format!("{name}\n{}", printable(&s.member));
    if s.above_standalone() {
        who.push_str(lang.pick("\n⚑ paie plus que seul", "\n⚑ pays more than alone"));
    }
    vec![
        Cell::new(who),
        Cell::new(format!(
            "{}\n{}",
            money::euros(s.pays_ht, lang),
            money::euros(s.pays_ttc, lang)
        )),
        Cell::new(format!(
            "{}\n{}",
            money::euros(s.contract_ht, lang),
            money::euros(s.contract_ttc, lang)
        )),
        Cell::new(opt_euros(s.standalone.as_ref().map(|a| a.amount_ht), lang)),
        Cell::new(format!(
            "{}\n{}",
            opt_euros(s.saving_ht(), lang),
            percent(s.saving_percent(), lang)
        )),
    ]
}

fn header(tender: &Tender, lang: Lang) -> Vec<String> {
    let years = tender.duration_years;
    match lang {
        Lang::Fr => vec![
            "Membre".into(),
            "Paie / an\nHT / TTC".into(),
            format!("Marché {years} ans\nHT / TTC"),
            "Seul\nHT / an".into(),
            "Économie\nHT / an".into(),
        ],
        Lang::En => vec![
            "Member".into(),
            "Pays / year\nexcl./incl. VAT".into(),
            format!("{years}-yr contract\nexcl./incl. VAT"),
            "Alone\nexcl. VAT".into(),
            "Saving\nexcl. VAT".into(),
        ],
    }
}

/// How the Shapley value was computed, and what the core check found, for people.
fn notes(l: &LotSplit, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(n) = &l.shapley {
        out.push(match &n.method {
            ShapleyMethod::ExactBands => lang
                .pick(
                    "Valeur de Shapley exacte (dénombrement des groupes par tranche).",
                    "Exact Shapley value (groups counted by band).",
                )
                .to_owned(),
            ShapleyMethod::ExactTable => lang
                .pick(
                    "Valeur de Shapley exacte (tous les groupes chiffrés).",
                    "Exact Shapley value (every group priced).",
                )
                .to_owned(),
            ShapleyMethod::Sampled { permutations } => format!(
                "{} {} {}{}",
                lang.pick(
                    "Valeur de Shapley estimée sur",
                    "Shapley value estimated from"
                ),
                money::quantity(*permutations, lang),
                lang.pick(
                    "ordres d'adhésion tirés au hasard (graine fixe) ; plus grande erreur type :",
                    "random orders of joining (fixed seed); largest standard error:"
                ),
                n.max_standard_error
                    .map(|e| format!(" {}", money::euros(e, lang)))
                    .unwrap_or_default()
            ),
        });
    }
    if let Some(c) = &l.core {
        out.push(match (&c.worst, c.complete) {
            (None, true) => lang
                .pick(
                    "Cœur : aucun groupe de membres ne paie plus qu'il ne paierait seul (tous les groupes examinés).",
                    "Core: no group of members pays more than it would alone (every group examined).",
                )
                .to_owned(),
            (None, false) => format!(
                "{} {} ({} {}).",
                lang.pick(
                    "Cœur : aucun des groupes examinés ne paie plus qu'il ne paierait seul :",
                    "Core: none of the groups examined pays more than it would alone:"
                ),
                money::quantity(c.groups_checked, lang),
                lang.pick("groupes de tailles", "groups of sizes"),
                c.sizes_checked
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (Some(b), _) => format!(
                "{} {{{}}} {} {} {} {}.",
                lang.pick("Cœur rompu : le groupe", "Core broken: the group"),
                b.members.join(", "),
                lang.pick("paie", "pays"),
                money::euros(b.paid, lang),
                lang.pick("et paierait seul", "and would pay alone"),
                money::euros(b.cost, lang)
            ),
        });
    }
    out
}

fn lot_section(tender: &Tender, l: &LotSplit, lang: Lang) -> String {
    let mut s = title(&format!("Lot {} — {}", l.lot, l.title), '=');
    let bidder = match &l.bidder_name {
        Some(n) => format!("{} ({})", printable(n), printable(&l.bidder)),
        None => printable(&l.bidder),
    };
    s.push_str(&wrap(
        &format!(
            "{} : {bidder}, {} {} ; {} : {}",
            lang.pick(
                "Attributaire pour le groupement",
                "Awarded for the groupement"
            ),
            money::euros(l.total_ht, lang),
            lang.pick("HT par an", "excl. VAT a year"),
            lang.pick("répartition", "split"),
            method_name(l.method, lang)
        ),
        2,
        0,
    ));
    if !l.fee_ht.is_zero() {
        s.push_str(&wrap(
            &format!(
                "{} : {} {}",
                lang.pick("Frais de coordination", "Coordinator's fee"),
                money::euros(l.fee_ht, lang),
                lang.pick(
                    "HT par an, compris dans les parts",
                    "excl. VAT a year, in the shares"
                )
            ),
            2,
            0,
        ));
    }
    let mut t = new_table(header(tender, lang), &[1, 2, 3, 4]);
    for share in &l.shares {
        t.add_row(share_row(tender, share, lang));
    }
    s.push_str(&render(&t));
    for line in notes(l, lang) {
        s.push_str(&wrap(&line, 2, 0));
    }
    if let Some(alone) = l.standalone_ht {
        let saving = alone - l.total_ht - l.fee_ht;
        s.push_str(&wrap(
            &format!(
                "{} : {} ; {} : {}",
                lang.pick("Total des membres seuls", "Members alone, in all"),
                money::euros(alone, lang),
                lang.pick("économie du groupement", "the groupement saves"),
                money::euros(saving, lang)
            ),
            2,
            0,
        ));
    }
    s.push('\n');
    s
}

/// The what-if being shown, for the title.
pub fn change_line(change: &Change, tender: &Tender, lang: Lang) -> String {
    let name = |id: &str| {
        tender
            .member(id)
            .or_else(|| tender.prospects.iter().find(|p| p.id == id))
            .map(|m| format!("{} ({id})", printable(&m.name)))
            .unwrap_or_else(|| id.to_owned())
    };
    match change {
        Change::Join(id) => format!(
            "{} {} {}",
            lang.pick("Simulation :", "What if"),
            name(id),
            lang.pick("rejoignait le groupement", "joined the groupement")
        ),
        Change::Leave(id) => format!(
            "{} {} {}",
            lang.pick("Simulation :", "What if"),
            name(id),
            lang.pick("quittait le groupement", "left the groupement")
        ),
    }
}

pub fn table(tender: &Tender, r: &SplitResult, change: Option<&Change>, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(c) = change {
        s.push_str(&title(&change_line(c, tender, lang), '#'));
        s.push_str(&wrap(
            lang.pick(
                "Chaque lot reste à son attributaire, au prix de sa grille par tranches pour le nouveau groupement.",
                "Each lot stays with its awarded bidder, at its band tariff's price for the new groupement.",
            ),
            0,
            0,
        ));
        s.push('\n');
    }
    for l in &r.lots {
        s.push_str(&lot_section(tender, l, lang));
    }
    for u in &r.unsplit {
        s.push_str(&title(&format!("Lot {} — {}", u.lot, u.title), '='));
        s.push_str(&wrap(
            &format!(
                "{} : {}",
                lang.pick("Non réparti", "Not split"),
                unsplit_reason(&u.reason, lang)
            ),
            2,
            0,
        ));
        s.push('\n');
    }
    if !r.lots.is_empty() {
        s.push_str(&title(
            lang.pick(
                "Par membre, tous lots répartis",
                "By member, all lots split",
            ),
            '=',
        ));
        let mut t = new_table(header(tender, lang), &[1, 2, 3, 4]);
        for m in &r.members {
            let name = tender
                .member(&m.member)
                .map(|x| printable(&x.name))
                .unwrap_or_default();
            t.add_row(vec![
                Cell::new(format!("{name}\n{}", printable(&m.member))),
                Cell::new(format!(
                    "{}\n{}",
                    money::euros(m.pays_ht, lang),
                    money::euros(m.pays_ttc, lang)
                )),
                Cell::new(format!(
                    "{}\n{}",
                    money::euros(m.contract_ht, lang),
                    money::euros(m.contract_ttc, lang)
                )),
                Cell::new(opt_euros(m.standalone_ht, lang)),
                Cell::new(format!(
                    "{}\n{}",
                    opt_euros(m.saving_ht(), lang),
                    percent(m.saving_percent(), lang)
                )),
            ]);
        }
        s.push_str(&render(&t));
    }
    s
}

// ----- JSON -----

#[derive(Serialize)]
struct WhatIfOut<'a> {
    change: &'static str,
    member: &'a str,
}

#[derive(Serialize)]
struct Doc<'a> {
    method: &'static str,
    what_if: Option<WhatIfOut<'a>>,
    lots: Vec<LotOut<'a>>,
    members: Vec<MemberOut<'a>>,
    unsplit: Vec<UnsplitOut<'a>>,
}

#[derive(Serialize)]
struct LotOut<'a> {
    lot: &'a str,
    scope: &'static str,
    bidder: &'a str,
    total_ht: String,
    method: &'static str,
    fee_ht: String,
    standalone_ht: Option<String>,
    shares: Vec<ShareOut<'a>>,
    shapley: Option<ShapleyOut>,
    core: Option<CoreOut>,
}

#[derive(Serialize)]
struct ShapleyOut {
    computation: &'static str,
    permutations: Option<u64>,
    max_standard_error: Option<String>,
    target_reached: Option<bool>,
}

#[derive(Serialize)]
struct CoreOut {
    complete: bool,
    groups_checked: u64,
    sizes_checked: Vec<usize>,
    worst: Option<BreachOut>,
}

#[derive(Serialize)]
struct BreachOut {
    members: Vec<String>,
    paid_ht: String,
    cost_ht: String,
}

#[derive(Serialize)]
struct ShareOut<'a> {
    member: &'a str,
    share_ht: String,
    standalone_ht: Option<String>,
    saving_ht: Option<String>,
    saving_percent: Option<String>,
    cost_share_ht: String,
    fee_ht: String,
    share_ttc: String,
    contract_ht: String,
    contract_ttc: String,
    standalone_bidder: Option<&'a str>,
    above_standalone: bool,
    saving_ttc: Option<String>,
    saving_contract_ht: Option<String>,
    saving_contract_ttc: Option<String>,
    /// The standard error of a sampled Shapley share (€).
    standard_error: Option<String>,
}

#[derive(Serialize)]
struct MemberOut<'a> {
    member: &'a str,
    share_ht: String,
    standalone_ht: Option<String>,
    saving_ht: Option<String>,
    saving_percent: Option<String>,
    share_ttc: String,
    contract_ht: String,
    contract_ttc: String,
    saving_ttc: Option<String>,
    saving_contract_ht: Option<String>,
    saving_contract_ttc: Option<String>,
}

#[derive(Serialize)]
struct UnsplitOut<'a> {
    lot: &'a str,
    reason: String,
}

pub fn json(r: &SplitResult, method: SplitMethod, change: Option<&Change>, lang: Lang) -> String {
    let pct = |m: Option<crate::award::Mark>| m.map(|p| money::plain(&p, 2));
    let doc = Doc {
        method: method.key(),
        what_if: change.map(|c| match c {
            Change::Join(id) => WhatIfOut {
                change: "join",
                member: id,
            },
            Change::Leave(id) => WhatIfOut {
                change: "leave",
                member: id,
            },
        }),
        lots: r
            .lots
            .iter()
            .map(|l| LotOut {
                lot: &l.lot,
                scope: crate::tender::GROUPEMENT,
                bidder: &l.bidder,
                total_ht: money::cents(l.total_ht),
                method: l.method.key(),
                fee_ht: money::cents(l.fee_ht),
                standalone_ht: l.standalone_ht.map(money::cents),
                shapley: l.shapley.as_ref().map(|n| ShapleyOut {
                    computation: match n.method {
                        ShapleyMethod::ExactBands | ShapleyMethod::ExactTable => "exact",
                        ShapleyMethod::Sampled { .. } => "sampled",
                    },
                    permutations: match n.method {
                        ShapleyMethod::Sampled { permutations } => Some(permutations),
                        _ => None,
                    },
                    max_standard_error: n.max_standard_error.map(|e| money::plain(e, 4)),
                    target_reached: n.target_reached,
                }),
                core: l.core.as_ref().map(|c| CoreOut {
                    complete: c.complete,
                    groups_checked: c.groups_checked,
                    sizes_checked: c.sizes_checked.clone(),
                    worst: c.worst.as_ref().map(|b| BreachOut {
                        members: b.members.clone(),
                        paid_ht: money::cents(b.paid),
                        cost_ht: money::cents(b.cost),
                    }),
                }),
                shares: l
                    .shares
                    .iter()
                    .enumerate()
                    .map(|(i, s)| ShareOut {
                        member: &s.member,
                        share_ht: money::cents(s.pays_ht),
                        standalone_ht: s.standalone.as_ref().map(|a| money::cents(a.amount_ht)),
                        saving_ht: s.saving_ht().map(money::cents),
                        saving_percent: pct(s.saving_percent()),
                        cost_share_ht: money::cents(s.share_ht),
                        fee_ht: money::cents(s.fee_ht),
                        share_ttc: money::cents(s.pays_ttc),
                        contract_ht: money::cents(s.contract_ht),
                        contract_ttc: money::cents(s.contract_ttc),
                        standalone_bidder: s.standalone.as_ref().map(|a| a.bidder.as_str()),
                        above_standalone: s.above_standalone(),
                        saving_ttc: s.saving_ttc().map(money::cents),
                        saving_contract_ht: s.saving_contract_ht().map(money::cents),
                        saving_contract_ttc: s.saving_contract_ttc().map(money::cents),
                        standard_error: l
                            .shapley
                            .as_ref()
                            .and_then(|n| n.standard_errors.as_ref())
                            .and_then(|e| e.get(i))
                            .map(|e| money::plain(*e, 4)),
                    })
                    .collect(),
            })
            .collect(),
        members: r
            .members
            .iter()
            .map(|m| MemberOut {
                member: &m.member,
                share_ht: money::cents(m.pays_ht),
                standalone_ht: m.standalone_ht.map(money::cents),
                saving_ht: m.saving_ht().map(money::cents),
                saving_percent: pct(m.saving_percent()),
                share_ttc: money::cents(m.pays_ttc),
                contract_ht: money::cents(m.contract_ht),
                contract_ttc: money::cents(m.contract_ttc),
                saving_ttc: m.saving_ttc().map(money::cents),
                saving_contract_ht: m.saving_contract_ht().map(money::cents),
                saving_contract_ttc: m.saving_contract_ttc().map(money::cents),
            })
            .collect(),
        unsplit: r
            .unsplit
            .iter()
            .map(|u| UnsplitOut {
                lot: &u.lot,
                reason: unsplit_reason(&u.reason, lang),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

// ----- CSV -----

pub fn csv(r: &SplitResult, lang: Lang) -> String {
    let mut w = super::csv::writer();
    let _ = w.write_record([
        "lot",
        "method",
        "bidder",
        "member",
        "share_ht",
        "cost_share_ht",
        "fee_ht",
        "share_ttc",
        "contract_ht",
        "contract_ttc",
        "standalone_ht",
        "saving_ht",
        "saving_percent",
        "above_standalone",
        "saving_ttc",
        "saving_contract_ht",
        "saving_contract_ttc",
        "note",
    ]);
    let opt = |d: Option<Decimal>| d.map(money::cents).unwrap_or_default();
    for l in &r.lots {
        for s in &l.shares {
            let _ = w.write_record([
                csv_text(&l.lot),
                l.method.key().to_owned(),
                csv_text(&l.bidder),
                csv_text(&s.member),
                money::cents(s.pays_ht),
                money::cents(s.share_ht),
                money::cents(s.fee_ht),
                money::cents(s.pays_ttc),
                money::cents(s.contract_ht),
                money::cents(s.contract_ttc),
                opt(s.standalone.as_ref().map(|a| a.amount_ht)),
                opt(s.saving_ht()),
                s.saving_percent()
                    .map(|p| money::plain(&p, 2))
                    .unwrap_or_default(),
                s.above_standalone().to_string(),
                opt(s.saving_ttc()),
                opt(s.saving_contract_ht()),
                opt(s.saving_contract_ttc()),
                String::new(),
            ]);
        }
    }
    for u in &r.unsplit {
        let mut row = vec![csv_text(&u.lot)];
        row.extend(std::iter::repeat_n(String::new(), 16));
        row.push(csv_text(&unsplit_reason(&u.reason, lang)));
        let _ = w.write_record(&row);
    }
    super::csv::finish(w)
}

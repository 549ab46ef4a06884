//! `tender simulate`: the break-even points and the sweeps, as a table, CSV and JSON
//! (docs/simulate.md; schema in docs/schema/simulate.schema.json). One result type per
//! document, serialised by every format.

use schemars::JsonSchema;
use serde::Serialize;

use super::csv::{finish, writer};
use super::sanitize::{csv_text, printable};
use super::table;
use crate::exact::Exact;
use crate::lang::Lang;
use crate::money;
use crate::pricing::ScopeFacts;
use crate::simulate::breakeven::{BreakEven, NotComputed, Search, Stability};
use crate::simulate::factor::{FactorBreakEven, FactorSearch, FactorStability};
use crate::simulate::montecarlo::{Estimate, LotShares, MonteCarlo, SharesNotComputed};
use crate::simulate::sweep::Scaled;
use crate::simulate::{Measure, ScopeBreakEven, ScopeSweep};
use crate::tender::Tender;

#[derive(Serialize, JsonSchema)]
struct Head<'a> {
    name: &'a str,
    reference: &'a str,
}

/// The document of `tender simulate --format json`: the break-even points, the sweeps
/// with `--sweep`, or the Monte Carlo with `--draws` (the others empty or `null`).
#[derive(Serialize, JsonSchema)]
pub struct Doc<'a> {
    tender: Head<'a>,
    break_even: Vec<BreakEvenOut<'a>>,
    /// The break-even points as a factor on every measure of the estimate together
    /// (without `--measure`).
    break_even_factor: Vec<FactorOut<'a>>,
    sweeps: Vec<SweepOut<'a>>,
    monte_carlo: Option<MonteCarloOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct MonteCarloOut<'a> {
    draws: u64,
    seed: u64,
    /// The correlation between members' draws (`[simulate] correlation`).
    correlation: String,
    scopes: Vec<McScope<'a>>,
    /// Each member's share of the groupement's cost, lot by lot.
    shares: Vec<McLotShares<'a>>,
}

/// One lot's member shares: at each draw, the yearly cost HT of the groupement's winner
/// on total marks, shared by the lot's split method (fee included).
#[derive(Serialize, JsonSchema)]
struct McLotShares<'a> {
    lot: &'a str,
    /// The lot's split method (`[split] method` or `by_lot`).
    method: &'static str,
    /// The draws where some offer won the groupement's scope.
    split_draws: u64,
    /// Why the shares are not given (`too_many_draws`, `unsplit`), `null` when they
    /// are.
    not_computed: Option<&'static str>,
    /// The reason, for people (in the language asked), `null` when the shares are given.
    reason: Option<String>,
    members: Vec<McMemberShare<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct McMemberShare<'a> {
    member: &'a str,
    /// The mean yearly share HT over the draws split, to the cent.
    expected_share_ht: Option<String>,
    /// The 90th percentile of the yearly share HT (nearest rank), to the cent.
    p90_share_ht: Option<String>,
    /// Its yearly cost HT alone (its own scope's winner at the estimate), to the cent;
    /// `null` when its scope is not simulated or has no winner.
    standalone_ht: Option<String>,
    /// How often its share is above that standalone cost.
    above_standalone: Option<Probability>,
}

#[derive(Serialize, JsonSchema)]
struct McScope<'a> {
    lot: &'a str,
    scope: &'a str,
    offers: Vec<McOffer<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct McOffer<'a> {
    bidder: &'a str,
    cheapest: Probability,
    winner: Probability,
    /// The draws where the offer could be priced.
    priced: u64,
    /// The mean yearly cost HT over those draws, to the cent.
    expected_annual_ht: Option<String>,
    /// The 90th percentile of the yearly cost HT (nearest rank), to the cent (`null`
    /// when the offer could never be priced).
    p90_annual_ht: Option<String>,
}

/// A probability from the draws, with its 95 % Wilson interval, to four places.
#[derive(Serialize, JsonSchema)]
struct Probability {
    hits: u64,
    probability: String,
    low: String,
    high: String,
}

fn four(x: f64) -> String {
    format!("{x:.4}")
}

fn probability(e: &Estimate) -> Probability {
    Probability {
        hits: e.hits,
        probability: four(e.probability()),
        low: four(e.low),
        high: four(e.high),
    }
}

fn not_computed_key(n: &SharesNotComputed) -> &'static str {
    match n {
        SharesNotComputed::TooManyDraws { .. } => "too_many_draws",
        SharesNotComputed::Split(_) => "unsplit",
    }
}

/// Why a lot's member shares are not given, for people.
fn not_computed_text(n: &SharesNotComputed, lang: Lang) -> String {
    match n {
        SharesNotComputed::TooManyDraws { members, draws } => match lang {
            Lang::Fr => format!(
                "la méthode demande le tirage de chaque membre : {members} membres × {draws} tirages, trop à garder en mémoire ; non calculé (moins de tirages le permettraient)"
            ),
            Lang::En => format!(
                "the method needs each member's own draw: {members} members × {draws} draws, too many to keep in memory; not computed (fewer draws would allow it)"
            ),
        },
        SharesNotComputed::Split(r) => super::split::unsplit_reason(r, lang),
    }
}

fn lot_shares_out(l: &LotShares, lang: Lang) -> McLotShares<'_> {
    let (members, not) = match &l.members {
        Ok(m) => (m.as_slice(), None),
        Err(n) => (&[][..], Some(n)),
    };
    McLotShares {
        lot: &l.lot,
        method: l.method.key(),
        split_draws: l.split_draws,
        not_computed: not.map(not_computed_key),
        reason: not.map(|n| not_computed_text(n, lang)),
        members: members
            .iter()
            .map(|m| McMemberShare {
                member: &m.member,
                expected_share_ht: m.expected.as_ref().map(money::cents),
                p90_share_ht: m.p90.as_ref().map(money::cents),
                standalone_ht: m.standalone.as_ref().map(money::cents),
                above_standalone: m.above_standalone.as_ref().map(probability),
            })
            .collect(),
    }
}

fn monte_carlo_out(mc: &MonteCarlo, lang: Lang) -> MonteCarloOut<'_> {
    MonteCarloOut {
        shares: mc.shares.iter().map(|l| lot_shares_out(l, lang)).collect(),
        draws: mc.draws,
        seed: mc.seed,
        correlation: mc.correlation.normalize().to_string(),
        scopes: mc
            .scopes
            .iter()
            .map(|s| McScope {
                lot: &s.lot,
                scope: &s.scope,
                offers: s
                    .offers
                    .iter()
                    .map(|o| McOffer {
                        bidder: &o.bidder,
                        cheapest: probability(&o.cheapest),
                        winner: probability(&o.winner),
                        priced: o.priced,
                        expected_annual_ht: o.expected.as_ref().map(money::cents),
                        p90_annual_ht: o.p90.as_ref().map(money::cents),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The Monte Carlo as CSV: a row per lot, scope and offer, then a row per lot and member
/// for the shares (`record` says which; the other kind's columns are empty).
pub fn csv_monte_carlo(mc: &MonteCarlo, lang: Lang) -> String {
    let mut w = writer();
    w.write_record([
        "record",
        "lot",
        "scope",
        "bidder",
        "draws",
        "cheapest_probability",
        "cheapest_low",
        "cheapest_high",
        "winner_probability",
        "winner_low",
        "winner_high",
        "priced",
        "expected_annual_ht",
        "p90_annual_ht",
        "member",
        "split_method",
        "split_draws",
        "expected_share_ht",
        "p90_share_ht",
        "standalone_ht",
        "above_standalone_probability",
        "above_standalone_low",
        "above_standalone_high",
        "shares_not_computed",
    ])
    .expect("memory");
    let out = monte_carlo_out(mc, lang);
    for s in &out.scopes {
        for o in &s.offers {
            let mut row = vec![
                "offer".to_owned(),
                s.lot.to_owned(),
                s.scope.to_owned(),
                csv_text(o.bidder),
                out.draws.to_string(),
                o.cheapest.probability.clone(),
                o.cheapest.low.clone(),
                o.cheapest.high.clone(),
                o.winner.probability.clone(),
                o.winner.low.clone(),
                o.winner.high.clone(),
                o.priced.to_string(),
                o.expected_annual_ht.clone().unwrap_or_default(),
                o.p90_annual_ht.clone().unwrap_or_default(),
            ];
            row.resize(CSV_MC_COLUMNS, String::new());
            w.write_record(&row).expect("memory");
        }
    }
    for l in &out.shares {
        let head = |member: &str| {
            let mut row = vec![String::new(); CSV_MC_COLUMNS];
            row[0] = "share".to_owned();
            row[1] = l.lot.to_owned();
            row[2] = crate::tender::GROUPEMENT.to_owned();
            row[4] = out.draws.to_string();
            row[14] = member.to_owned();
            row[15] = l.method.to_owned();
            row[16] = l.split_draws.to_string();
            row
        };
        if let Some(key) = l.not_computed {
            let mut row = head("");
            row[23] = key.to_owned();
            w.write_record(&row).expect("memory");
        }
        for m in &l.members {
            let mut row = head(m.member);
            let p = m.above_standalone.as_ref();
            row[17] = m.expected_share_ht.clone().unwrap_or_default();
            row[18] = m.p90_share_ht.clone().unwrap_or_default();
            row[19] = m.standalone_ht.clone().unwrap_or_default();
            row[20] = p.map(|p| p.probability.clone()).unwrap_or_default();
            row[21] = p.map(|p| p.low.clone()).unwrap_or_default();
            row[22] = p.map(|p| p.high.clone()).unwrap_or_default();
            w.write_record(&row).expect("memory");
        }
    }
    finish(w)
}

/// The columns of the Monte Carlo's CSV.
const CSV_MC_COLUMNS: usize = 24;

/// A probability in per cent, one decimal, in the language's form (no sign: the header
/// says %).
fn percent(x: f64, lang: Lang) -> String {
    let s = format!("{:.1}", x * 100.0);
    match lang {
        Lang::Fr => s.replace('.', ","),
        Lang::En => s,
    }
}

fn interval(e: &Estimate, lang: Lang) -> String {
    format!(
        "{} ({}–{})",
        percent(e.probability(), lang),
        percent(e.low, lang),
        percent(e.high, lang)
    )
}

/// Said on the standard error for a unit-price schedule lot: its figures come from the
/// tender's own quantities, so no usage moves them and the lot is not simulated.
pub fn schedule_lot_note(lot: &str, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "note : le lot {lot} est un bordereau de prix unitaires, chiffré sur les quantités \
             du DQE de la consultation : l'usage ne change pas ses coûts, il n'est pas simulé"
        ),
        Lang::En => format!(
            "note: lot {lot} is a unit-price schedule, priced on the tender's own quantities \
             (its DQE): usage does not change its costs, so it is not simulated"
        ),
    }
}

pub fn table_monte_carlo(tender: &Tender, mc: &MonteCarlo, lang: Lang) -> String {
    let mut out = table::wrap(
        &match lang {
            Lang::Fr => format!(
                "{} tirages (graine {}, corrélation entre membres {}) ; probabilités en %, entre parenthèses leur intervalle de confiance à 95 % (Wilson).",
                money::quantity(mc.draws, lang),
                mc.seed,
                mc.correlation.normalize()
            ),
            Lang::En => format!(
                "{} draws (seed {}, correlation between members {}); probabilities in %, in brackets their 95 % confidence interval (Wilson).",
                money::quantity(mc.draws, lang),
                mc.seed,
                mc.correlation.normalize()
            ),
        },
        0,
        0,
    );
    out.push('\n');
    for s in &mc.scopes {
        out.push_str(&table::title(
            &scope_title(tender, &s.lot, &s.scope, lang),
            '=',
        ));
        let header = vec![
            lang.pick("offre", "offer").to_owned(),
            lang.pick("moins chère %", "cheapest %").to_owned(),
            lang.pick("attributaire %", "winner %").to_owned(),
            lang.pick("coût moyen HT", "mean cost HT").to_owned(),
            lang.pick("P90 HT", "P90 HT").to_owned(),
        ];
        let mut t = table::new_table(header, &[1, 2, 3, 4]);
        for o in &s.offers {
            let money_of = |e: &Option<crate::exact::Exact>| {
                e.as_ref()
                    .map(|e| money::human(e, 0, lang))
                    .unwrap_or_else(|| "–".to_owned())
            };
            t.add_row(vec![
                printable(&o.bidder),
                interval(&o.cheapest, lang),
                interval(&o.winner, lang),
                money_of(&o.expected),
                money_of(&o.p90),
            ]);
        }
        out.push_str(&table::render(&t));
        out.push('\n');
    }
    for l in &mc.shares {
        out.push_str(&table_lot_shares(tender, l, lang));
    }
    out
}

/// One lot's member shares as a table, or why they are not given.
fn table_lot_shares(tender: &Tender, l: &LotShares, lang: Lang) -> String {
    let title = match lang {
        Lang::Fr => format!(
            "Lot {} : part de chaque membre (méthode : {}, frais inclus, HT par an, sur {} tirages attribués)",
            l.lot,
            super::split::method_name(l.method, lang),
            money::quantity(l.split_draws, lang)
        ),
        Lang::En => format!(
            "Lot {}: each member's share (method: {}, fee included, HT a year, over {} draws awarded)",
            l.lot,
            super::split::method_name(l.method, lang),
            money::quantity(l.split_draws, lang)
        ),
    };
    let mut out = table::title(&title, '=');
    let members = match &l.members {
        Ok(m) => m,
        Err(n) => {
            out.push_str(&table::wrap(&not_computed_text(n, lang), 0, 0));
            out.push_str("\n\n");
            return out;
        }
    };
    let header = vec![
        lang.pick("membre", "member").to_owned(),
        lang.pick("part moyenne HT", "mean share HT").to_owned(),
        lang.pick("P90 HT", "P90 HT").to_owned(),
        lang.pick("coût seul HT", "alone HT").to_owned(),
        lang.pick("au-dessus du coût seul %", "above alone %")
            .to_owned(),
    ];
    let mut t = table::new_table(header, &[1, 2, 3, 4]);
    let money_of = |e: &Option<crate::exact::Exact>| {
        e.as_ref()
            .map(|e| money::human(e, 0, lang))
            .unwrap_or_else(|| "–".to_owned())
    };
    for m in members {
        let name = tender
            .member(&m.member)
            .map_or(m.member.as_str(), |x| x.name.as_str());
        t.add_row(vec![
            printable(name),
            money_of(&m.expected),
            money_of(&m.p90),
            money_of(&m.standalone),
            m.above_standalone
                .as_ref()
                .map(|e| interval(e, lang))
                .unwrap_or_else(|| "–".to_owned()),
        ]);
    }
    out.push_str(&table::render(&t));
    out.push('\n');
    out
}

#[derive(Serialize, JsonSchema)]
struct BreakEvenOut<'a> {
    lot: &'a str,
    scope: &'a str,
    /// `active_accounts`, `simultaneous_accesses` or `consultations`.
    measure: &'static str,
    /// The scope's estimate of the measure (the sum over its members).
    estimate: u64,
    /// The range searched: from 0 to this usage.
    searched_up_to: u64,
    /// The offers whose cost moves with the measure.
    moving: &'a [String],
    cheapest: StabilityOut<'a>,
    winner: StabilityOut<'a>,
}

#[derive(Serialize, JsonSchema)]
struct StabilityOut<'a> {
    /// The holder at the estimate (`null`: no offer).
    at_estimate: Option<&'a str>,
    /// The range of usage over which the holder stays, ends included (`null` when that
    /// end was not computed).
    stays_from: Option<u64>,
    stays_to: Option<u64>,
    below: SearchOut<'a>,
    above: SearchOut<'a>,
}

#[derive(Serialize, JsonSchema)]
struct SearchOut<'a> {
    /// `change`, `unchanged` (within the range searched) or `not_computed`.
    status: &'static str,
    /// The first usage, going away from the estimate, with another holder.
    at: Option<u64>,
    /// That other holder (`null` for none).
    to: Option<&'a str>,
    /// Why it was not computed: `too_long` or `too_many_pieces`.
    reason: Option<&'static str>,
}

#[derive(Serialize, JsonSchema)]
struct SweepOut<'a> {
    lot: &'a str,
    scope: &'a str,
    /// `all` (every measure scaled) or the measure scaled.
    scaled: &'static str,
    steps: Vec<StepOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct StepOut<'a> {
    factor: String,
    active_accounts: u64,
    simultaneous_accesses: u64,
    consultations: u64,
    cheapest: Option<&'a str>,
    winner: Option<&'a str>,
    offers: Vec<StepOffer<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct StepOffer<'a> {
    bidder: &'a str,
    /// The yearly cost HT, to the cent (`null`: the offer cannot be priced there).
    annual_ht: Option<String>,
    /// Its rank on total marks (`null`: not ranked there).
    rank: Option<usize>,
}

fn search(s: &Search) -> SearchOut<'_> {
    match s {
        Search::Change(c) => SearchOut {
            status: "change",
            at: Some(c.at),
            to: c.to.as_deref(),
            reason: None,
        },
        Search::Unchanged => SearchOut {
            status: "unchanged",
            at: None,
            to: None,
            reason: None,
        },
        Search::NotComputed(r) => SearchOut {
            status: "not_computed",
            at: None,
            to: None,
            reason: Some(reason_key(*r)),
        },
    }
}

fn reason_key(r: NotComputed) -> &'static str {
    match r {
        NotComputed::TooLong => "too_long",
        NotComputed::TooManyPieces => "too_many_pieces",
    }
}

/// The range over which the holder stays: (from, to), each `None` when not computed.
pub fn stays(s: &Stability, highest: u64) -> (Option<u64>, Option<u64>) {
    let from = match &s.below {
        Search::Change(c) => Some(c.at + 1),
        Search::Unchanged => Some(0),
        Search::NotComputed(_) => None,
    };
    let to = match &s.above {
        Search::Change(c) => c.at.checked_sub(1),
        Search::Unchanged => Some(highest),
        Search::NotComputed(_) => None,
    };
    (from, to)
}

fn stability(s: &Stability, highest: u64) -> StabilityOut<'_> {
    let (stays_from, stays_to) = stays(s, highest);
    StabilityOut {
        at_estimate: s.holder.as_deref(),
        stays_from,
        stays_to,
        below: search(&s.below),
        above: search(&s.above),
    }
}

fn scaled_key(s: Scaled) -> &'static str {
    match s {
        Scaled::All => "all",
        Scaled::One(m) => m.key(),
    }
}

fn break_even_out(all: &[ScopeBreakEven]) -> Vec<BreakEvenOut<'_>> {
    all.iter()
        .flat_map(|s| {
            s.points.iter().map(move |b| BreakEvenOut {
                lot: &s.lot,
                scope: &s.scope,
                measure: b.measure.key(),
                estimate: b.estimate,
                searched_up_to: b.highest,
                moving: &b.moving,
                cheapest: stability(&b.cheapest, b.highest),
                winner: stability(&b.winner, b.highest),
            })
        })
        .collect()
}

fn sweeps_out(all: &[ScopeSweep]) -> Vec<SweepOut<'_>> {
    all.iter()
        .map(|s| SweepOut {
            lot: &s.lot,
            scope: &s.scope,
            scaled: scaled_key(s.scaled),
            steps: s
                .steps
                .iter()
                .map(|st| {
                    let p = &st.point;
                    StepOut {
                        factor: st.factor.normalize().to_string(),
                        active_accounts: p.facts.active_accounts,
                        simultaneous_accesses: p.facts.simultaneous_accesses,
                        consultations: p.facts.consultations,
                        cheapest: p.cheapest(),
                        winner: p.winner(),
                        offers: s
                            .bidders
                            .iter()
                            .zip(&p.costs)
                            .map(|(b, c)| StepOffer {
                                bidder: b,
                                annual_ht: c.as_ref().map(money::cents),
                                rank: p.rank_of(b),
                            })
                            .collect(),
                    }
                })
                .collect(),
        })
        .collect()
}

pub fn json(
    tender: &Tender,
    be: &[ScopeBreakEven],
    sweeps: &[ScopeSweep],
    mc: Option<&MonteCarlo>,
    lang: Lang,
) -> String {
    let doc = Doc {
        tender: Head {
            name: &tender.name,
            reference: &tender.reference,
        },
        break_even: break_even_out(be),
        break_even_factor: factors_out(be),
        sweeps: sweeps_out(sweeps),
        monte_carlo: mc.map(|m| monte_carlo_out(m, lang)),
    };
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

const BREAK_EVEN_HEADER: [&str; 18] = [
    "lot",
    "scope",
    "measure",
    "estimate",
    "searched_up_to",
    "cheapest",
    "cheapest_stays_from",
    "cheapest_stays_to",
    "cheapest_below_status",
    "cheapest_below_at",
    "cheapest_above_status",
    "cheapest_above_at",
    "winner",
    "winner_stays_from",
    "winner_stays_to",
    "winner_below_status",
    "winner_below_at",
    "winner_above_status",
];

pub fn csv_break_even(all: &[ScopeBreakEven]) -> String {
    let mut w = writer();
    let mut header: Vec<&str> = BREAK_EVEN_HEADER.to_vec();
    header.push("winner_above_at");
    w.write_record(&header).expect("memory");
    let opt = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
    for b in break_even_out(all) {
        let mut row = vec![
            b.lot.to_owned(),
            b.scope.to_owned(),
            b.measure.to_owned(),
            b.estimate.to_string(),
            b.searched_up_to.to_string(),
        ];
        for s in [&b.cheapest, &b.winner] {
            row.push(s.at_estimate.map(csv_text).unwrap_or_default());
            row.push(opt(s.stays_from));
            row.push(opt(s.stays_to));
            for side in [&s.below, &s.above] {
                row.push(side.status.to_owned());
                row.push(opt(side.at));
            }
        }
        w.write_record(&row).expect("memory");
    }
    finish(w)
}

pub fn csv_sweeps(all: &[ScopeSweep]) -> String {
    let mut w = writer();
    w.write_record([
        "lot",
        "scope",
        "scaled",
        "factor",
        "active_accounts",
        "simultaneous_accesses",
        "consultations",
        "bidder",
        "annual_ht",
        "rank",
        "cheapest",
        "winner",
    ])
    .expect("memory");
    for s in sweeps_out(all) {
        for st in &s.steps {
            for o in &st.offers {
                w.write_record([
                    s.lot.to_owned(),
                    s.scope.to_owned(),
                    s.scaled.to_owned(),
                    st.factor.clone(),
                    st.active_accounts.to_string(),
                    st.simultaneous_accesses.to_string(),
                    st.consultations.to_string(),
                    csv_text(o.bidder),
                    o.annual_ht.clone().unwrap_or_default(),
                    o.rank.map(|r| r.to_string()).unwrap_or_default(),
                    (st.cheapest == Some(o.bidder)).to_string(),
                    (st.winner == Some(o.bidder)).to_string(),
                ])
                .expect("memory");
            }
        }
    }
    finish(w)
}

fn measure_label(m: Measure, lang: Lang) -> &'static str {
    match m {
        Measure::ActiveAccounts => lang.pick("comptes actifs", "active accounts"),
        Measure::SimultaneousAccesses => lang.pick("accès simultanés", "simultaneous accesses"),
        Measure::Consultations => lang.pick("consultations", "consultations"),
    }
}

fn holder(h: Option<&str>, lang: Lang) -> String {
    h.map(printable)
        .unwrap_or_else(|| lang.pick("aucune offre", "no offer").to_owned())
}

/// One criterion's sentence: who holds it, over which range, and who takes it beyond.
fn stability_line(label: &str, s: &Stability, highest: u64, lang: Lang) -> String {
    let q = |n: u64| money::quantity(n, lang);
    let (from, to) = stays(s, highest);
    let range = match (from, to) {
        (Some(a), Some(b)) => match lang {
            Lang::Fr => format!("de {} à {}", q(a), q(b)),
            Lang::En => format!("from {} to {}", q(a), q(b)),
        },
        _ => lang
            .pick("(plage non calculée)", "(range not computed)")
            .to_owned(),
    };
    let mut line = format!("{label} : {} {range}", holder(s.holder.as_deref(), lang));
    if lang == Lang::En {
        line = line.replacen(" : ", ": ", 1);
    }
    for (side, search) in [
        (lang.pick("en dessous", "below"), &s.below),
        (lang.pick("au-dessus", "above"), &s.above),
    ] {
        match search {
            Search::Change(c) => line.push_str(&match lang {
                Lang::Fr => format!(
                    " ; {side} : {} à {}",
                    holder(c.to.as_deref(), lang),
                    q(c.at)
                ),
                Lang::En => format!("; {side}: {} at {}", holder(c.to.as_deref(), lang), q(c.at)),
            }),
            Search::Unchanged => {}
            Search::NotComputed(r) => line.push_str(&match (lang, r) {
                (Lang::Fr, NotComputed::TooLong) => format!(
                    " ; {side} : non calculé (formule évaluée unité par unité, plage trop longue)"
                ),
                (Lang::En, NotComputed::TooLong) => {
                    format!("; {side}: not computed (formula taken unit by unit, range too long)")
                }
                (Lang::Fr, NotComputed::TooManyPieces) => {
                    format!(" ; {side} : non calculé (trop de paliers)")
                }
                (Lang::En, NotComputed::TooManyPieces) => {
                    format!("; {side}: not computed (too many steps)")
                }
            }),
        }
    }
    line
}

fn break_even_block(b: &BreakEven, lang: Lang) -> String {
    let q = |n: u64| money::quantity(n, lang);
    let head = match lang {
        Lang::Fr => format!(
            "{} (estimation {}, cherché de 0 à {}) ; offres concernées : {}",
            measure_label(b.measure, lang),
            q(b.estimate),
            q(b.highest),
            moving(&b.moving, lang)
        ),
        Lang::En => format!(
            "{} (estimate {}, searched from 0 to {}); offers that move: {}",
            measure_label(b.measure, lang),
            q(b.estimate),
            q(b.highest),
            moving(&b.moving, lang)
        ),
    };
    let mut out = table::wrap(&head, 4, 0);
    let cheapest = lang.pick("moins chère", "cheapest");
    let winner = lang.pick("attributaire", "winner");
    out.push_str(&table::wrap(
        &stability_line(cheapest, &b.cheapest, b.highest, lang),
        4,
        2,
    ));
    out.push_str(&table::wrap(
        &stability_line(winner, &b.winner, b.highest, lang),
        4,
        2,
    ));
    out
}

fn moving(m: &[String], lang: Lang) -> String {
    if m.is_empty() {
        lang.pick("aucune", "none").to_owned()
    } else {
        m.iter()
            .map(|b| printable(b))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub fn table_break_even(tender: &Tender, all: &[ScopeBreakEven], lang: Lang) -> String {
    let mut out = String::new();
    for s in all {
        out.push_str(&table::title(
            &scope_title(tender, &s.lot, &s.scope, lang),
            '=',
        ));
        if s.points.is_empty() {
            out.push_str(&table::wrap(
                lang.pick(
                    "Aucune offre ne dépend de l'usage : le classement ne peut changer.",
                    "No offer depends on usage: the ranking cannot change.",
                ),
                0,
                0,
            ));
        }
        if let Some(f) = s.factor.as_ref().filter(|f| !f.measures.is_empty()) {
            out.push_str(&factor_block(f, lang));
        }
        for b in &s.points {
            out.push_str(&break_even_block(b, lang));
        }
        out.push('\n');
    }
    out
}

fn scope_title(tender: &Tender, lot: &str, scope: &str, lang: Lang) -> String {
    let title = tender.lot(lot).map(|l| l.title.as_str()).unwrap_or("");
    format!("{} {lot} – {title} – {scope}", lang.pick("Lot", "Lot"))
}

pub fn table_sweeps(tender: &Tender, all: &[ScopeSweep], lang: Lang) -> String {
    let mut out = String::new();
    for s in all {
        out.push_str(&table::title(
            &scope_title(tender, &s.lot, &s.scope, lang),
            '=',
        ));
        let what = match s.scaled {
            Scaled::All => lang.pick("toutes les mesures", "every measure").to_owned(),
            Scaled::One(m) => measure_label(m, lang).to_owned(),
        };
        out.push_str(&table::wrap(
            &format!(
                "{} {what}",
                lang.pick(
                    "Facteur appliqué à l'estimation :",
                    "Factor applied to the estimate:"
                )
            ),
            0,
            0,
        ));
        let mut header = vec![lang.pick("facteur", "factor").to_owned()];
        header.extend(s.bidders.iter().map(|b| printable(b)));
        let right: Vec<usize> = (0..header.len()).collect();
        let mut t = table::new_table(header, &right);
        for st in &s.steps {
            let p = &st.point;
            let mut row = vec![money::human(st.factor, 2, lang)];
            for (b, c) in s.bidders.iter().zip(&p.costs) {
                let cost = c
                    .as_ref()
                    .map(|c| money::human(c, 0, lang))
                    .unwrap_or_else(|| "–".to_owned());
                let mark = match (p.rank_of(b), p.winner() == Some(b.as_str())) {
                    (Some(_), true) => " *".to_owned(),
                    (Some(r), false) => format!(" ({r})"),
                    (None, _) => String::new(),
                };
                row.push(format!("{cost}{mark}"));
            }
            t.add_row(row);
        }
        out.push_str(&table::render(&t));
        out.push_str(&table::wrap(
            lang.pick(
                "Coût annuel HT ; * : attributaire ; (n) : rang sur la note totale ; – : offre non chiffrable à cet usage.",
                "Yearly cost HT; *: winner; (n): rank on total marks; –: the offer cannot be priced at this usage.",
            ),
            0,
            0,
        ));
        out.push('\n');
    }
    out
}

/// A factor exactly (a decimal when it is one, else the reduced fraction) and rounded to
/// four places.
#[derive(Serialize, JsonSchema)]
struct FactorValue {
    /// Every decimal it has (`1.25`), or `numerator/denominator` (`13/12`) when its
    /// decimals never end.
    exact: String,
    /// Rounded to four places, half away from zero.
    rounded: String,
}

fn factor_value(f: &Exact) -> FactorValue {
    FactorValue {
        exact: f
            .to_decimal_exact()
            .map(|d| d.normalize().to_string())
            .unwrap_or_else(|| f.fraction()),
        rounded: f
            .round(4)
            .map(|d| d.normalize().to_string())
            .unwrap_or_else(|| f.fraction()),
    }
}

/// The usages of each measure at a factor.
#[derive(Serialize, JsonSchema)]
struct UsagesOut {
    active_accounts: u64,
    simultaneous_accesses: u64,
    consultations: u64,
}

fn usages(f: &ScopeFacts) -> UsagesOut {
    UsagesOut {
        active_accounts: f.active_accounts,
        simultaneous_accesses: f.simultaneous_accesses,
        consultations: f.consultations,
    }
}

/// The break-even points of one lot and scope as a factor applied to every measure of
/// the estimate together (⌊factor × estimate⌋ for each, as a sweep scales them).
#[derive(Serialize, JsonSchema)]
pub(crate) struct FactorOut<'a> {
    lot: &'a str,
    scope: &'a str,
    /// The scope's estimate (factor 1).
    estimate: UsagesOut,
    /// The range searched: factors from 0 to this one.
    searched_up_to: FactorValue,
    /// The measures some offer's cost moves with (`[]`: the ranking cannot change).
    measures: Vec<&'static str>,
    cheapest: FactorStabilityOut<'a>,
    winner: FactorStabilityOut<'a>,
}

#[derive(Serialize, JsonSchema)]
struct FactorStabilityOut<'a> {
    /// The holder at the estimate (`null`: no offer).
    at_estimate: Option<&'a str>,
    /// The smallest factor from which the holder holds up to the estimate (included);
    /// `null` when not computed.
    stays_from: Option<FactorValue>,
    /// The holder holds up to this factor, excluded (`above`'s factor), or up to the
    /// range searched, included, when it does not change above; `null` when not
    /// computed.
    stays_until: Option<FactorValue>,
    below: FactorSearchOut<'a>,
    above: FactorSearchOut<'a>,
}

#[derive(Serialize, JsonSchema)]
struct FactorSearchOut<'a> {
    /// `change`, `unchanged` (within the range searched) or `not_computed`.
    status: &'static str,
    /// Above: the smallest factor with another holder; below: the largest factor under
    /// 1 with another holder (every factor from it to `stays_from` gives its usages).
    factor: Option<FactorValue>,
    /// The usages at that factor.
    usages: Option<UsagesOut>,
    /// That other holder (`null` for none).
    to: Option<&'a str>,
    /// Why it was not computed: `too_long` or `too_many_pieces`.
    reason: Option<&'static str>,
}

fn factor_search(s: &FactorSearch) -> FactorSearchOut<'_> {
    let none = |status, reason| FactorSearchOut {
        status,
        factor: None,
        usages: None,
        to: None,
        reason,
    };
    match s {
        FactorSearch::Change(c) => FactorSearchOut {
            status: "change",
            factor: Some(factor_value(&c.factor)),
            usages: Some(usages(&c.facts)),
            to: c.to.as_deref(),
            reason: None,
        },
        FactorSearch::Unchanged => none("unchanged", None),
        FactorSearch::NotComputed(r) => none("not_computed", Some(reason_key(*r))),
    }
}

fn factor_stability<'a>(s: &'a FactorStability, highest: &Exact) -> FactorStabilityOut<'a> {
    let until = match &s.above {
        FactorSearch::Change(c) => Some(factor_value(&c.factor)),
        FactorSearch::Unchanged => Some(factor_value(highest)),
        FactorSearch::NotComputed(_) => None,
    };
    FactorStabilityOut {
        at_estimate: s.holder.as_deref(),
        stays_from: s.stays_from.as_ref().map(factor_value),
        stays_until: until,
        below: factor_search(&s.below),
        above: factor_search(&s.above),
    }
}

pub(crate) fn factors_out(all: &[ScopeBreakEven]) -> Vec<FactorOut<'_>> {
    all.iter()
        .filter_map(|s| {
            let f = s.factor.as_ref()?;
            Some(FactorOut {
                lot: &s.lot,
                scope: &s.scope,
                estimate: usages(&f.estimate),
                searched_up_to: factor_value(&f.highest),
                measures: f.measures.iter().map(|m| m.key()).collect(),
                cheapest: factor_stability(&f.cheapest, &f.highest),
                winner: factor_stability(&f.winner, &f.highest),
            })
        })
        .collect()
}

/// The break-even factors as CSV: one row per lot, scope and criterion.
pub fn csv_break_even_factor(all: &[ScopeBreakEven]) -> String {
    let mut w = writer();
    w.write_record([
        "lot",
        "scope",
        "criterion",
        "at_estimate",
        "stays_from",
        "stays_until",
        "below_status",
        "below_factor",
        "below_to",
        "above_status",
        "above_factor",
        "above_to",
        "above_active_accounts",
        "above_simultaneous_accesses",
        "above_consultations",
    ])
    .expect("memory");
    let exact = |v: &Option<FactorValue>| v.as_ref().map(|v| v.exact.clone()).unwrap_or_default();
    for f in factors_out(all) {
        for (criterion, s) in [("cheapest", &f.cheapest), ("winner", &f.winner)] {
            let u = s.above.usages.as_ref();
            let n = |g: fn(&UsagesOut) -> u64| u.map(|u| g(u).to_string()).unwrap_or_default();
            w.write_record([
                f.lot.to_owned(),
                f.scope.to_owned(),
                criterion.to_owned(),
                s.at_estimate.map(csv_text).unwrap_or_default(),
                exact(&s.stays_from),
                exact(&s.stays_until),
                s.below.status.to_owned(),
                exact(&s.below.factor),
                s.below.to.map(csv_text).unwrap_or_default(),
                s.above.status.to_owned(),
                exact(&s.above.factor),
                s.above.to.map(csv_text).unwrap_or_default(),
                n(|u| u.active_accounts),
                n(|u| u.simultaneous_accesses),
                n(|u| u.consultations),
            ])
            .expect("memory");
        }
    }
    finish(w)
}

/// A factor for people: `1,25`, or `13/12 ≈ 1,0833` when it has more than four decimals.
fn factor_human(f: &Exact, lang: Lang) -> String {
    match f.to_decimal_exact().filter(|d| d.normalize().scale() <= 4) {
        Some(d) => money::human_exact(d, lang),
        None => match f.round(4) {
            Some(r) => format!("{} ≈ {}", f.fraction(), money::human(r, 4, lang)),
            None => f.fraction(),
        },
    }
}

fn usages_human(f: &ScopeFacts, measures: &[Measure], lang: Lang) -> String {
    measures
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                measure_label(*m, lang),
                money::quantity(m.get(f), lang)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn factor_line(label: &str, s: &FactorStability, f: &FactorBreakEven, lang: Lang) -> String {
    let x = |v: &Exact| factor_human(v, lang);
    let from = s.stays_from.as_ref().map(x);
    let range = match (&from, &s.above) {
        (None, _) | (_, FactorSearch::NotComputed(_)) => lang
            .pick("(plage non calculée)", "(range not computed)")
            .to_owned(),
        (Some(a), FactorSearch::Change(c)) => match lang {
            Lang::Fr => format!("du facteur {a} (inclus) à {} (exclu)", x(&c.factor)),
            Lang::En => format!("from factor {a} (included) to {} (excluded)", x(&c.factor)),
        },
        (Some(a), FactorSearch::Unchanged) => match lang {
            Lang::Fr => format!("du facteur {a} à {}", x(&f.highest)),
            Lang::En => format!("from factor {a} to {}", x(&f.highest)),
        },
    };
    let who = holder(s.holder.as_deref(), lang);
    let mut line = match lang {
        Lang::Fr => format!("{label} : {who} {range}"),
        Lang::En => format!("{label}: {who} {range}"),
    };
    for (side, search) in [
        (lang.pick("en dessous", "below"), &s.below),
        (lang.pick("au-dessus", "above"), &s.above),
    ] {
        let sep = lang.pick(" ; ", "; ");
        match search {
            FactorSearch::Change(c) => {
                let to = holder(c.to.as_deref(), lang);
                let at = usages_human(&c.facts, &f.measures, lang);
                line.push_str(&match lang {
                    Lang::Fr => format!("{sep}{side} : {to} au facteur {} ({at})", x(&c.factor)),
                    Lang::En => format!("{sep}{side}: {to} at factor {} ({at})", x(&c.factor)),
                });
            }
            FactorSearch::Unchanged => {}
            FactorSearch::NotComputed(_) => line.push_str(&match lang {
                Lang::Fr => format!(
                    "{sep}{side} : non calculé (plus de {} points à évaluer un par un)",
                    money::quantity(crate::simulate::breakeven::SCAN_LIMIT, lang)
                ),
                Lang::En => format!(
                    "{sep}{side}: not computed (more than {} points to evaluate one by one)",
                    money::quantity(crate::simulate::breakeven::SCAN_LIMIT, lang)
                ),
            }),
        }
    }
    line
}

/// The block of every measure scaled together, for the break-even table.
pub(crate) fn factor_block(f: &FactorBreakEven, lang: Lang) -> String {
    let head = if f.measures.is_empty() {
        lang.pick(
            "toutes les mesures ensemble : aucune offre ne dépend de l'usage",
            "every measure together: no offer depends on usage",
        )
        .to_owned()
    } else {
        let est = usages_human(&f.estimate, &f.measures, lang);
        let hi = factor_human(&f.highest, lang);
        match lang {
            Lang::Fr => format!(
                "toutes les mesures ensemble, facteur sur l'estimation ({est}), cherché de 0 à {hi}"
            ),
            Lang::En => format!(
                "every measure together, factor on the estimate ({est}), searched from 0 to {hi}"
            ),
        }
    };
    let mut out = table::wrap(&head, 4, 0);
    let cheapest = lang.pick("moins chère", "cheapest");
    let winner = lang.pick("attributaire", "winner");
    out.push_str(&table::wrap(
        &factor_line(cheapest, &f.cheapest, f, lang),
        4,
        2,
    ));
    out.push_str(&table::wrap(&factor_line(winner, &f.winner, f, lang), 4, 2));
    out
}

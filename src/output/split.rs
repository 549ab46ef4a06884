//! `tender split` as a table, CSV and JSON, from one [`SplitResult`].

pub mod planning;
pub mod what_if;

use comfy_table::Cell;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use super::sanitize::{csv_text, printable};
use super::table::{new_table, render, title, wrap};
use crate::lang::Lang;
use crate::money;
use crate::split::game::{GameError, ShapleyMethod, TariffProblem};
use crate::split::{
    CoreReport, CoreSearch, LotSplit, MemberShare, ShareFlag, SplitResult, Standalone,
    StandaloneSource, UnsplitReason, WhatIf,
};
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

/// Why a lot was not split, for people, with the methods that could split it instead.
pub fn unsplit_reason(r: &UnsplitReason, lang: Lang) -> String {
    let list: Vec<&str> = r.alternatives().into_iter().map(|m| m.key()).collect();
    let alternatives = if list.is_empty() {
        String::new()
    } else {
        format!(
            " ; {} {}",
            lang.pick("méthodes possibles :", "methods that can serve:"),
            list.join(", ")
        )
    };
    format!("{}{alternatives}", reason_body(r, lang))
}

fn reason_body(r: &UnsplitReason, lang: Lang) -> String {
    let the_method = |method: &SplitMethod, needs: &str, tail: String| {
        format!(
            "{} « {} » {needs}{tail}",
            lang.pick("la méthode", "the method"),
            method.key()
        )
    };
    let the_key = |method: &SplitMethod, what: &str| {
        format!(
            "{} « {} » {what}",
            lang.pick("la clé", "the key"),
            method.key()
        )
    };
    match r {
        UnsplitReason::AmountTooLarge => lang
            .pick(
                "un coût du lot atteint 10^26 € sur la durée du marché : une erreur de saisie, \
                 qui n'est pas arrondie en parts",
                "a cost of the lot reaches 10^26 € over the contract: a typing error, which is \
                 not rounded into shares",
            )
            .to_owned(),
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
        UnsplitReason::NoBandTariff => lang
            .pick(
                "pas de grille par tranches de l'attributaire pour chiffrer le nouveau groupement",
                "no band tariff of the awarded bidder to price the new groupement",
            )
            .to_owned(),
        UnsplitReason::ZeroKey { method } => the_key(
            method,
            lang.pick("vaut 0 pour tous les membres", "is 0 for every member"),
        ),
        UnsplitReason::MissingKey { method, members } => format!(
            "{} {}",
            the_key(
                method,
                lang.pick(
                    "n'est pas donnée par la consultation pour :",
                    "is not given by the tender for:"
                )
            ),
            members.join(", ")
        ),
        UnsplitReason::NoStandalone { method, members } => the_method(
            method,
            lang.pick(
                "demande le coût de chaque membre seul, inconnu pour",
                "needs each member's standalone cost, unknown for",
            ),
            format!(" : {}", members.join(", ")),
        ),
        UnsplitReason::NoCoalitionCost { method, missing } => the_method(
            method,
            lang.pick(
                "demande le coût de groupes de membres que les offres ne chiffrent pas (pas de grille par tranches)",
                "needs the cost of groups of members the offers do not price (no band tariff)",
            ),
            groups_list(missing),
        ),
        UnsplitReason::NoGroupWithout { method, members } => the_method(
            method,
            lang.pick(
                "demande le coût du groupement sans chacun de ses membres, que les offres ne chiffrent pas (pas de grille par tranches) ; sans :",
                "needs the groupement's cost without each of its members, which the offers do not price (no band tariff); without:",
            ),
            format!(" {}", first_five(members)),
        ),
        UnsplitReason::ZeroTariffTotal { method, awarded_ht } => the_method(
            method,
            lang.pick(
                "est calculée sur la grille par tranches de l'attributaire, qui chiffre le groupement entier à 0 € : ses parts ne peuvent pas être ramenées au prix attribué,",
                "is computed on the awarded bidder's band tariff, which prices the whole groupement at €0: its shares cannot be brought to the awarded price,",
            ),
            format!(" {}", money::euros(*awarded_ht, lang)),
        ),
        UnsplitReason::UnusableBandTariff {
            method,
            what_if,
            bidder,
            bands,
            problems,
        } => unusable_tariff(*method, *what_if, bidder, bands, problems, lang),
        UnsplitReason::Game { method, error } => the_method(
            method,
            lang.pick(
                "ne peut pas être calculée sur le coût des groupes",
                "cannot be computed on the groups' costs",
            ),
            format!(" : {}", game_error(error, lang)),
        ),
        UnsplitReason::NotInGrid { method, groups } if groups.is_empty() => the_method(
            method,
            lang.pick(
                "demande le prix de tous les groupes de membres, que la grille ne donne pas",
                "needs the price of every group of members, which the grid does not give",
            ),
            String::new(),
        ),
        UnsplitReason::NotInGrid { method, groups } => the_method(
            method,
            lang.pick(
                "demande le prix de groupes que la grille ne donne pas",
                "needs the price of groups the grid does not give",
            ),
            groups_list(groups),
        ),
        UnsplitReason::UsageWithoutMeasure { method } => the_method(
            method,
            lang.pick(
                "répartit selon la mesure d'un modèle de prix, et une grille par groupe n'en a pas",
                "shares by a pricing model's measure, and a grid per group has none",
            ),
            String::new(),
        ),
    }
}

/// Groups of members named: ` : {a, b}, {c}`, or nothing.
fn groups_list(groups: &[Vec<String>]) -> String {
    if groups.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = groups
        .iter()
        .map(|g| format!("{{{}}}", g.join(", ")))
        .collect();
    format!(" : {}", shown.join(", "))
}

/// The first five members, and how many in all beyond them.
fn first_five(members: &[String]) -> String {
    let shown: Vec<&str> = members.iter().take(5).map(String::as_str).collect();
    let more = if members.len() > shown.len() {
        format!(" … ({})", members.len())
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

fn unusable_tariff(
    method: SplitMethod,
    what_if: bool,
    bidder: &str,
    bands: &crate::tender::Bands,
    problems: &[crate::pricing::BandProblem],
    lang: Lang,
) -> String {
    let who = match what_if {
        true => lang
            .pick(
                "la simulation demande de chiffrer le nouveau groupement, et la grille par tranches de l'attributaire",
                "the what-if needs to price the new groupement, and the awarded bidder's band tariff",
            )
            .to_owned(),
        false => format!(
            "{} « {} » {}",
            lang.pick("la méthode", "the method"),
            method.key(),
            lang.pick(
                "demande le coût de groupes de membres, et la grille par tranches de l'attributaire",
                "needs the cost of groups of members, and the awarded bidder's band tariff"
            )
        ),
    };
    let at_cells: Vec<String> = problems
        .iter()
        .map(|p| {
            let at = super::text::location(&p.location(), lang);
            let what = super::text::band_problem(bands, p, lang);
            match lang {
                Lang::Fr => format!("{at} : {what}"),
                Lang::En => format!("{at}: {what}"),
            }
        })
        .collect();
    format!(
        "{who} ({}) {} {}",
        printable(bidder),
        lang.pick("est inutilisable :", "cannot be used:"),
        at_cells.join(" ; ")
    )
}

/// Why the groups' costs could not be computed on, for people.
fn game_error(e: &GameError, lang: Lang) -> String {
    match e {
        GameError::MissingCoalition { members } => format!(
            "{} {members:?}",
            lang.pick(
                "il manque le coût du groupe des membres n°",
                "the cost of the group of members no."
            )
        ),
        GameError::TooManyPlayers { n, max } => format!(
            "{n} {} {max} {}",
            lang.pick("membres, pour", "members, for"),
            lang.pick("au plus", "at most")
        ),
        GameError::CoalitionOutOfRange { n, .. } => format!(
            "{} {n} {}",
            lang.pick(
                "un coût est donné pour un groupe qui nomme un membre au-delà des",
                "a cost is given for a group naming a member beyond the"
            ),
            lang.pick("membres", "members")
        ),
        GameError::InvalidTariff { problem } => tariff_problem(problem, lang),
        GameError::TooLarge { cells, max } => format!(
            "{} {cells} {} {max}",
            lang.pick("le calcul demanderait", "the computation would need"),
            lang.pick("cases, plus que", "cells, more than")
        ),
        GameError::AmountOutOfRange { amount } => format!(
            "{} {} {}",
            lang.pick("le montant", "the amount"),
            money::human_exact(*amount, lang),
            lang.pick(
                "est trop grand pour un calcul exact",
                "is too large to compute on exactly"
            )
        ),
        GameError::ShareCount { shares, players } => format!(
            "{shares} {} {players} {}",
            lang.pick("parts pour", "shares for"),
            lang.pick("membres", "members")
        ),
    }
}

fn tariff_problem(p: &TariffProblem, lang: Lang) -> String {
    let tariff = lang.pick("la grille par tranches", "the band tariff");
    match p {
        TariffProblem::NoBand => format!(
            "{tariff} {}",
            lang.pick("n'a aucune tranche", "has no band")
        ),
        TariffProblem::Count { limits, prices } => format!(
            "{tariff} {} {limits} {} {prices} {}",
            lang.pick("a", "has"),
            lang.pick("tranches et", "bands and"),
            lang.pick("prix", "prices")
        ),
        TariffProblem::FirstLimit { first } => format!(
            "{tariff} {} {first}, {}",
            lang.pick("commence à", "starts at"),
            lang.pick("non à 0", "not 0")
        ),
        TariffProblem::NotIncreasing { lower, upper } => format!(
            "{tariff} {} ({lower}, {upper})",
            lang.pick(
                "a des limites qui ne croissent pas",
                "has limits that do not increase"
            )
        ),
        TariffProblem::NegativePrice { price } => format!(
            "{tariff} {} {}",
            lang.pick("a un prix négatif :", "has a negative price:"),
            money::euros(*price, lang)
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

fn table_row(tender: &Tender, s: &MemberShare, lang: Lang) -> Vec<Cell> {
    let name = tender
        .member(&s.member)
        .map(|m| printable(&m.name))
        .unwrap_or_default();
    let mut who = format!("{name}\n{}", printable(&s.member));
    if s.above_standalone() {
        who.push_str(lang.pick("\n⚑ paie plus que seul", "\n⚑ pays more than alone"));
    }
    for f in s.flags() {
        who.push('\n');
        who.push_str(flag_word(f, lang));
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
        Cell::new(alone_cell(s.standalone.as_ref(), lang)),
        Cell::new(format!(
            "{}\n{}",
            opt_euros(s.saving_ht(), lang),
            percent(s.saving_percent(), lang)
        )),
    ]
}

/// Who prices a member alone: the bidder's name, or its id when its file gives none.
fn alone_bidder(a: &Standalone) -> String {
    printable(a.bidder_name.as_deref().unwrap_or(&a.bidder))
}

/// The "Alone" figure, and under it whose price it is (and "(grille)" for a band price).
fn alone_cell(a: Option<&Standalone>, lang: Lang) -> String {
    let Some(a) = a else {
        return "—".to_owned();
    };
    let tariff = match a.source {
        StandaloneSource::OwnScope => "",
        StandaloneSource::BandTariff => lang.pick("\n(grille)", "\n(bands)"),
        StandaloneSource::Grid => "",
    };
    format!(
        "{}\n{}{tariff}",
        money::euros(a.amount_ht, lang),
        alone_bidder(a)
    )
}

/// What the "Alone" column holds, said once under the table, for the sources present.
fn alone_legend(l: &LotSplit, lang: Lang) -> Option<String> {
    let has = |source| {
        l.shares
            .iter()
            .any(|s| s.standalone.as_ref().is_some_and(|a| a.source == source))
    };
    let mut parts = Vec::new();
    if has(StandaloneSource::OwnScope) {
        parts.push(lang.pick(
            "ce que le membre paierait seul, au prix de la meilleure offre pour lui seul, de l'entreprise nommée sous le montant",
            "what the member would pay alone, at the price of the best offer for it alone, from the bidder named under the amount",
        ));
    }
    if has(StandaloneSource::BandTariff) {
        parts.push(lang.pick(
            "« (grille) » : le prix de la tranche de ce membre dans la grille par tranches de l'attributaire nommé, faute d'offre pour ce membre seul",
            "\"(bands)\": the price of this member's band in the band tariff of the awarded bidder named, with no offer for this member alone",
        ));
    }
    if has(StandaloneSource::Grid) {
        parts.push(lang.pick(
            "le prix du membre seul dans la grille nommée sous le montant",
            "the member's price alone in the grid named under the amount",
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "{} {}.",
            lang.pick("Seul :", "Alone:"),
            parts.join(lang.pick(" ; ", "; "))
        )
    })
}

/// A flag under the member's name in the table.
fn flag_word(f: ShareFlag, lang: Lang) -> &'static str {
    match f {
        ShareFlag::NegativeShare => lang.pick("⚑ part négative", "⚑ negative share"),
        ShareFlag::NegativeFee => lang.pick("⚑ frais négatifs", "⚑ negative fee"),
    }
}

/// Why a method charges a member less than nothing, in a few words.
fn negative_cause(method: SplitMethod, lang: Lang) -> &'static str {
    match method {
        SplitMethod::EqualSavings => lang.pick(
            "chaque membre économise la même somme, et elle dépasse ce que ce membre paierait seul",
            "every member saves the same amount, and it exceeds what this member would pay alone",
        ),
        SplitMethod::Scrb => lang.pick(
            "les coûts séparables (ce que le groupement économise sans chaque membre) dépassent le coût total, et SCRB rend l'excédent aux membres selon ce qu'ils économisent encore",
            "the separable costs (what the groupement saves without each member) exceed the total, and SCRB hands the excess back by what each member still saves",
        ),
        _ => lang.pick(
            "dans les prix des groupes, un groupe coûte moins qu'un groupe plus petit qu'il contient (une tranche moins chère que la précédente)",
            "in the groups' prices, a group costs less than a smaller group within it (a band cheaper than the band below)",
        ),
    }
}

/// The legend of the flags shown in a lot's table, one line per flag present.
fn flag_legend(l: &LotSplit, lang: Lang) -> Vec<String> {
    let mut present: Vec<ShareFlag> = l.shares.iter().flat_map(|s| s.flags()).collect();
    present.sort();
    present.dedup();
    present
        .into_iter()
        .map(|f| match f {
            ShareFlag::NegativeShare => format!(
                "{} ({}). {}",
                match lang {
                    Lang::Fr => format!(
                        "⚑ part négative : ce membre ne paierait rien et recevrait ce montant des autres membres, avec la répartition « {} »",
                        method_name(l.method, lang)
                    ),
                    Lang::En => format!(
                        "⚑ negative share: this member would pay nothing and receive this amount from the other members, with the split by \"{}\"",
                        method_name(l.method, lang)
                    ),
                },
                negative_cause(l.method, lang),
                lang.pick(
                    "Une convention de groupement ne peut pas l'appliquer telle quelle : choisir une autre méthode (--method) ou le prévoir expressément.",
                    "A groupement's agreement cannot apply it as it stands: choose another method (--method) or provide for it expressly."
                )
            ),
            ShareFlag::NegativeFee => lang
                .pick(
                    "⚑ frais négatifs : les frais de coordination sont partagés comme le coût, dont la part de ce membre est négative ; [split] fee_key (une clé simple, « population »…) les partage autrement.",
                    "⚑ negative fee: the coordinator's fee is shared like the cost, of which this member's share is negative; [split] fee_key (a simple key, \"population\"…) shares it otherwise.",
                )
                .to_owned(),
        })
        .collect()
}

/// One line per lot with a negative share (or a negative part of the fee), naming the
/// members, for stderr.
pub fn warnings(tender: &Tender, r: &SplitResult, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    for l in &r.lots {
        let negative: Vec<String> = l
            .shares
            .iter()
            .filter(|s| s.is_negative())
            .map(|s| s.member.clone())
            .collect();
        // A negative part of the fee goes with a negative share, unless the fee has a key
        // of its own: then it is never negative. Named apart only if ever alone.
        let fee_only: Vec<String> = l
            .shares
            .iter()
            .filter(|s| !s.is_negative() && s.flags().contains(&ShareFlag::NegativeFee))
            .map(|s| s.member.clone())
            .collect();
        if negative.is_empty() && fee_only.is_empty() {
            continue;
        }
        let method = method_name(l.method, lang);
        let mut line = match lang {
            Lang::Fr => format!("lot {} ({method}) : part négative pour", l.lot),
            Lang::En => format!("lot {} ({method}): negative share for", l.lot),
        };
        let colon = lang.pick(" :", ":");
        if !negative.is_empty() {
            let count = counted(negative.len(), lang);
            let names = member_names(tender, &negative);
            line.push_str(&format!(" {count}{colon} {names}"));
        }
        if !fee_only.is_empty() {
            line.push_str(&format!(
                " {} {}",
                lang.pick(
                    "; part négative des frais de coordination :",
                    "; negative part of the coordinator's fee:"
                ),
                member_names(tender, &fee_only)
            ));
        }
        out.push(line);
    }
    out
}

/// "3 membres", "1 member".
fn counted(n: usize, lang: Lang) -> String {
    let plural = if n > 1 { "s" } else { "" };
    match lang {
        Lang::Fr => format!("{n} membre{plural}"),
        Lang::En => format!("{n} member{plural}"),
    }
}

fn header(tender: &Tender, lang: Lang) -> Vec<String> {
    let years = tender.duration_years;
    match lang {
        Lang::Fr => vec![
            "Membre".into(),
            "Paie / an\nHT / TTC".into(),
            format!(
                "Marché {years} an{}\nHT / TTC",
                if years > 1 { "s" } else { "" }
            ),
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

/// The awarded cost is a fraction with no decimal form: what is shared is its cent.
fn rounded_total(exact: &crate::award::Mark, l: &LotSplit, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!(
            "Le coût attribué, {} € exactement ({} € à 28 décimales), n'a pas d'écriture \
             décimale : la répartition partage {} arrondi au centime.",
            exact.fraction(),
            money::exact(exact),
            money::euros(l.total_ht, lang)
        ),
        Lang::En => format!(
            "The awarded cost, exactly {} € ({} € to 28 decimals), has no decimal form: the \
             split shares it rounded to the cent, {}.",
            exact.fraction(),
            money::exact(exact),
            money::euros(l.total_ht, lang)
        ),
    }
}

/// How the Shapley value was computed, whether the shares were rescaled, what the core
/// check found and which equal shares the cents told apart, for people.
fn notes(tender: &Tender, l: &LotSplit, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(exact) = &l.total_rounded_from {
        out.push(rounded_total(exact, l, lang));
    }
    if let Some(n) = &l.shapley {
        out.push(shapley_note(&n.method, n.max_standard_error, lang));
    }
    if let Some(r) = &l.rescaled {
        out.push(format!(
            "{} {}{} {}{}",
            lang.pick(
                "Parts calculées sur la grille par tranches, où le groupement entier coûte",
                "Shares computed on the band tariff, where the whole groupement costs"
            ),
            money::euros(r.tariff_ht, lang),
            lang.pick(
                ", puis ramenées au prix attribué,",
                ", then rescaled to the awarded price,"
            ),
            money::euros(r.awarded_ht, lang),
            lang.pick(
                " : chacune garde sa proportion.",
                ": each keeps its proportion."
            ),
        ));
    }
    if let Some(c) = &l.core {
        out.extend(core_notes(tender, c, lang));
    }
    for u in &l.uneven_cents {
        out.push(format!(
            "{} ({}) : {} {} {} ; {}",
            lang.pick("Centimes", "Cents"),
            u.column.key(),
            u.with_cent.join(", "),
            lang.pick("paie un centime de plus que", "pays one cent more than"),
            u.without.join(", "),
            lang.pick(
                "leurs parts exactes sont égales, mais les centimes restants ne se partagent pas également (ils vont aux premiers dans l'ordre des membres).",
                "their exact shares are equal, but the cents left over do not go round (they go to the first in member order).",
            )
        ));
    }
    out
}

fn shapley_note(method: &ShapleyMethod, max_se: Option<Decimal>, lang: Lang) -> String {
    match method {
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
            "{} {} {}{}{}",
            lang.pick(
                "Valeur de Shapley estimée sur",
                "Shapley value estimated from"
            ),
            money::quantity(*permutations, lang),
            lang.pick(
                "ordres d'adhésion tirés au hasard (graine fixe) ; plus grande erreur type :",
                "random orders of joining (fixed seed); largest standard error:"
            ),
            max_se
                .map(|e| format!(" {}", money::euros(e, lang)))
                .unwrap_or_default(),
            lang.pick(
                ". Les membres que la grille ne distingue pas (même taille, ou au-delà de la dernière limite) ont une estimation commune.",
                ". Members the tariff cannot tell apart (the same size, or beyond the top limit) share one estimate.",
            )
        ),
    }
}

/// How many groups were compared: the count, or 2ⁿ − 1 when it has too many digits.
fn groups_count(c: &CoreReport, lang: Lang) -> String {
    match u64::try_from(&c.groups_checked) {
        Ok(g) => money::quantity(g, lang),
        Err(_) => format!("2^{} − 1", c.sizes_checked.len()),
    }
}

/// Members named by their names, in the tender's words.
fn member_names(tender: &Tender, ids: &[String]) -> String {
    ids.iter()
        .map(|id| {
            tender
                .member(id)
                .map(|m| printable(&m.name))
                .unwrap_or_else(|| printable(id))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether some group of members would pay less on its own (the core), in plain words.
fn core_sentence(tender: &Tender, c: &CoreReport, lang: Lang) -> String {
    let count = groups_count(c, lang);
    match (&c.worst, c.complete) {
        (None, true) => match lang {
            Lang::Fr => format!(
                "Aucun groupe de membres ne paierait moins seul : les {count} groupes \
                 possibles ont tous été comparés à leur propre prix."
            ),
            Lang::En => format!(
                "No group of members would pay less on its own: all {count} possible groups \
                 were compared with their own price."
            ),
        },
        // The sizes examined are in the JSON; a size may have been examined with no
        // group of it priced, so the sentence does not list them.
        (None, false) => match lang {
            Lang::Fr => format!(
                "Aucun des {count} groupes de membres comparés ne paierait moins seul ; les \
                 autres groupes n'ont pas été comparés (trop nombreux, ou sans prix dans les \
                 offres)."
            ),
            Lang::En => format!(
                "None of the {count} groups of members compared would pay less on its own; \
                 the other groups were not compared (too many, or not priced by the offers)."
            ),
        },
        (Some(b), _) => {
            let (paid, cost) = (money::euros(b.paid, lang), money::euros(b.cost, lang));
            let names = member_names(tender, &b.members);
            match (lang, b.members.len()) {
                (Lang::Fr, 1) => format!(
                    "{names} paierait moins seul : ce membre paie {paid} dans le groupement, \
                     et paierait {cost} seul."
                ),
                (Lang::Fr, n) => format!(
                    "Un groupe de {n} membres paierait moins seul : {names} paient ensemble \
                     {paid} dans le groupement, et paieraient {cost} à eux seuls."
                ),
                (Lang::En, 1) => format!(
                    "{names} would pay less on its own: this member pays {paid} in the \
                     groupement, and would pay {cost} alone."
                ),
                (Lang::En, n) => format!(
                    "A group of {n} members would pay less on its own: {names} pay {paid} \
                     together in the groupement, and would pay {cost} on their own."
                ),
            }
        }
    }
}

fn core_notes(tender: &Tender, c: &CoreReport, lang: Lang) -> Vec<String> {
    let mut out = vec![core_sentence(tender, c, lang)];
    if let Some(g) = c.grand.as_ref().filter(|g| g.quote_above_tariff()) {
        out.push(format!(
            "{} {}{} {}{}",
            lang.pick(
                "Le prix attribué au groupement,",
                "The price awarded for the groupement,"
            ),
            money::euros(g.paid, lang),
            lang.pick(
                ", dépasse le prix de sa tranche dans la grille,",
                ", is above its band's price in the tariff,"
            ),
            money::euros(g.cost, lang),
            lang.pick(
                " : c'est le prix qui dépasse la grille, quelle que soit la répartition.",
                ": the quote is above the tariff, whatever the split.",
            )
        ));
    }
    out
}

fn lot_section(tender: &Tender, l: &LotSplit, lang: Lang) -> String {
    let mut s = title(&format!("Lot {} — {}", l.lot, l.title), '=');
    let bidder = match &l.bidder_name {
        Some(n) => format!("{} ({})", printable(n), printable(&l.bidder)),
        None => printable(&l.bidder),
    };
    let priced_by = match l.grid {
        true => lang.pick(
            "Prix du groupement selon la grille",
            "The groupement's price in the grid",
        ),
        false => lang.pick(
            "Attributaire pour le groupement",
            "Awarded for the groupement",
        ),
    };
    s.push_str(&wrap(
        &format!(
            "{} {} {} ; {} : {}",
            match l.grid {
                true => format!("{priced_by} {bidder}{}", lang.pick(" :", ":")),
                false => format!("{priced_by} : {bidder},"),
            },
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
        t.add_row(table_row(tender, share, lang));
    }
    s.push_str(&render(&t));
    let legend = alone_legend(l, lang)
        .into_iter()
        .chain(flag_legend(l, lang));
    for line in legend.chain(notes(tender, l, lang)) {
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

/// The split as tables; in a what-if, `tender` is the changed groupement and `r` its
/// split, and each lot's before/after follows the lot.
pub fn table(tender: &Tender, r: &SplitResult, w: Option<&WhatIf>, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(w) = w {
        s.push_str(&title(&what_if::change_line(w, lang), '#'));
        let how = match r.lots.iter().any(|l| l.grid) {
            true => lang.pick(
                "La grille chiffre le nouveau groupement comme l'actuel.",
                "The grid prices the new groupement as it prices today's.",
            ),
            false => lang.pick(
                "Chaque lot reste à son attributaire, au prix de sa grille par tranches pour le nouveau groupement.",
                "Each lot stays with its awarded bidder, at its band tariff's price for the new groupement.",
            ),
        };
        s.push_str(&wrap(how, 0, 0));
        s.push('\n');
    }
    for l in &r.lots {
        s.push_str(&lot_section(tender, l, lang));
        if let Some(w) = w {
            s.push_str(&what_if::lot_section(w, &l.lot, lang));
        }
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
        s.push_str(&members_section(tender, r, lang));
    }
    if let Some(w) = w {
        s.push('\n');
        s.push_str(&what_if::members_section(w, lang));
    }
    s
}

/// Each member's totals over the lots split.
fn members_section(tender: &Tender, r: &SplitResult, lang: Lang) -> String {
    let mut s = title(
        lang.pick(
            "Par membre, tous lots répartis",
            "By member, all lots split",
        ),
        '=',
    );
    let mut t = new_table(header(tender, lang), &[1, 2, 3, 4]);
    for m in &r.members {
        let name = tender
            .member(&m.member)
            .map(|x| printable(&x.name))
            .unwrap_or_default();
        let mut who = format!("{name}\n{}", printable(&m.member));
        for f in m.flags() {
            who.push('\n');
            who.push_str(flag_word(f, lang));
        }
        t.add_row(vec![
            Cell::new(who),
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
    s
}

// ----- JSON -----

#[derive(Serialize, JsonSchema)]
pub(super) struct Doc<'a> {
    method: &'static str,
    what_if: Option<what_if::WhatIfOut<'a>>,
    lots: Vec<LotOut<'a>>,
    members: Vec<MemberOut<'a>>,
    unsplit: Vec<UnsplitOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
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
    rescaled: Option<RescaledOut>,
    uneven_cents: Vec<UnevenOut<'a>>,
    /// The awarded cost's exact fraction, when `total_ht` is that fraction to the cent.
    total_rounded_from: Option<String>,
    /// In a what-if: each member's share before and after the change.
    before_after: Option<what_if::LotOut<'a>>,
}

#[derive(Serialize, JsonSchema)]
struct ShapleyOut {
    computation: &'static str,
    permutations: Option<u64>,
    max_standard_error: Option<String>,
    target_reached: Option<bool>,
}

#[derive(Serialize, JsonSchema)]
struct CoreOut {
    complete: bool,
    /// A JSON integer of any size (2ⁿ − 1 after an exact search).
    #[schemars(schema_with = "super::schema::big_integer")]
    groups_checked: Box<serde_json::value::RawValue>,
    sizes_checked: Vec<usize>,
    worst: Option<BreachOut>,
    search: &'static str,
    grand_coalition: Option<GrandOut>,
    quote_above_tariff: bool,
}

#[derive(Serialize, JsonSchema)]
struct BreachOut {
    members: Vec<String>,
    paid_ht: String,
    cost_ht: String,
}

#[derive(Serialize, JsonSchema)]
struct GrandOut {
    paid_ht: String,
    cost_ht: String,
}

#[derive(Serialize, JsonSchema)]
struct RescaledOut {
    tariff_ht: String,
    awarded_ht: String,
}

#[derive(Serialize, JsonSchema)]
struct UnevenOut<'a> {
    column: &'static str,
    members_with_cent: &'a [String],
    members_without: &'a [String],
}

#[derive(Serialize, JsonSchema)]
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
    /// The name on that bidder's Candidat sheet.
    standalone_bidder_name: Option<&'a str>,
    /// `own_scope` (the best offer for the member alone) or `band_tariff` (the awarded
    /// bidder's band price for the member's size).
    standalone_source: Option<&'static str>,
    above_standalone: bool,
    saving_ttc: Option<String>,
    saving_contract_ht: Option<String>,
    saving_contract_ttc: Option<String>,
    /// The standard error of a sampled Shapley share (€).
    standard_error: Option<String>,
    /// `negative_share`, `negative_fee`: empty almost always.
    flags: Vec<&'static str>,
}

#[derive(Serialize, JsonSchema)]
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
    flags: Vec<&'static str>,
}

#[derive(Serialize, JsonSchema)]
struct UnsplitOut<'a> {
    lot: &'a str,
    reason: String,
}

fn pct(m: Option<crate::award::Mark>) -> Option<String> {
    m.map(|p| money::plain(&p, 2))
}

fn core_out(c: &CoreReport) -> CoreOut {
    CoreOut {
        complete: c.complete,
        groups_checked: serde_json::value::RawValue::from_string(c.groups_checked.to_string())
            .expect("an integer's digits are JSON"),
        sizes_checked: c.sizes_checked.clone(),
        worst: c.worst.as_ref().map(|b| BreachOut {
            members: b.members.clone(),
            paid_ht: money::cents(b.paid),
            cost_ht: money::cents(b.cost),
        }),
        search: match c.search {
            CoreSearch::Exact => "exact",
            CoreSearch::Enumerated => "enumerated",
        },
        grand_coalition: c.grand.as_ref().map(|g| GrandOut {
            paid_ht: money::cents(g.paid),
            cost_ht: money::cents(g.cost),
        }),
        quote_above_tariff: c.grand.as_ref().is_some_and(|g| g.quote_above_tariff()),
    }
}

fn share_out<'a>(l: &LotSplit, i: usize, s: &'a MemberShare) -> ShareOut<'a> {
    ShareOut {
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
        standalone_bidder_name: s.standalone.as_ref().and_then(|a| a.bidder_name.as_deref()),
        standalone_source: s.standalone.as_ref().map(|a| a.source.key()),
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
        flags: s.flags().into_iter().map(ShareFlag::key).collect(),
    }
}

fn lot_out<'a>(l: &'a LotSplit, w: Option<&'a WhatIf>) -> LotOut<'a> {
    LotOut {
        before_after: w.and_then(|w| what_if::lot_out(w, &l.lot)),
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
        core: l.core.as_ref().map(core_out),
        rescaled: l.rescaled.as_ref().map(|r| RescaledOut {
            tariff_ht: money::cents(r.tariff_ht),
            awarded_ht: money::cents(r.awarded_ht),
        }),
        total_rounded_from: l.total_rounded_from.as_ref().map(|e| e.fraction()),
        uneven_cents: l
            .uneven_cents
            .iter()
            .map(|u| UnevenOut {
                column: u.column.key(),
                members_with_cent: &u.with_cent,
                members_without: &u.without,
            })
            .collect(),
        shares: l
            .shares
            .iter()
            .enumerate()
            .map(|(i, s)| share_out(l, i, s))
            .collect(),
    }
}

fn member_out(m: &crate::split::MemberTotal) -> MemberOut<'_> {
    MemberOut {
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
        flags: m.flags().into_iter().map(ShareFlag::key).collect(),
    }
}

pub fn json(r: &SplitResult, method: SplitMethod, w: Option<&WhatIf>, lang: Lang) -> String {
    let doc = Doc {
        method: method.key(),
        what_if: w.map(what_if::what_if_out),
        lots: r.lots.iter().map(|l| lot_out(l, w)).collect(),
        members: r.members.iter().map(member_out).collect(),
        unsplit: r
            .unsplit
            .iter()
            .map(|u| UnsplitOut {
                lot: &u.lot,
                reason: unsplit_reason(&u.reason, lang),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    out.push('\n');
    out
}

// ----- CSV -----

const CSV_HEADER: [&str; CSV_COLUMNS] = [
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
    "standalone_bidder",
    "standalone_source",
    "flags",
    "share_before_ht",
    "difference_ht",
];

const CSV_COLUMNS: usize = 23;
/// The columns written on rows other than a share's (see the test below).
const NOTE: usize = 17;
const SHARE_BEFORE: usize = 21;

/// The notes of one member's row: shares rescaled to the awarded price, a cent more than
/// its equals.
fn row_note(l: &LotSplit, member: &str, lang: Lang) -> String {
    let mut notes = Vec::new();
    if let Some(exact) = &l.total_rounded_from {
        notes.push(format!(
            "{} {} € {}",
            lang.pick("coût attribué de", "awarded cost of"),
            exact.fraction(),
            lang.pick("partagé au centime", "shared to the cent")
        ));
    }
    if let Some(r) = &l.rescaled {
        notes.push(format!(
            "{} {}{}{})",
            lang.pick(
                "parts calculées sur la grille par tranches (groupement entier",
                "shares computed on the band tariff (whole groupement"
            ),
            money::euros(r.tariff_ht, lang),
            lang.pick(
                "), puis ramenées au prix attribué (",
                "), then rescaled to the awarded price ("
            ),
            money::euros(r.awarded_ht, lang),
        ));
    }
    for u in l
        .uneven_cents
        .iter()
        .filter(|u| u.with_cent.iter().any(|m| m == member))
    {
        notes.push(format!(
            "{} {} : {}",
            u.column.key(),
            lang.pick(
                "un centime de plus que les membres de part exacte égale",
                "one cent more than the members of equal exact share"
            ),
            u.without.join(", ")
        ));
    }
    notes.join(" ; ")
}

fn share_row(
    l: &LotSplit,
    s: &MemberShare,
    w: Option<&WhatIf>,
    lang: Lang,
) -> [String; CSV_COLUMNS] {
    let [before, difference] = what_if::csv_cells(w, &l.lot, &s.member);
    let opt = |d: Option<Decimal>| d.map(money::cents).unwrap_or_default();
    [
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
        pct(s.saving_percent()).unwrap_or_default(),
        s.above_standalone().to_string(),
        opt(s.saving_ttc()),
        opt(s.saving_contract_ht()),
        opt(s.saving_contract_ttc()),
        csv_text(&row_note(l, &s.member, lang)),
        csv_text(s.standalone.as_ref().map_or("", |a| a.bidder.as_str())),
        s.standalone
            .as_ref()
            .map_or("", |a| a.source.key())
            .to_owned(),
        flags_cell(&s.flags()),
        before,
        difference,
    ]
}

/// Flags in one CSV cell, `;` between them, as `rank` writes its own.
fn flags_cell(flags: &[ShareFlag]) -> String {
    flags.iter().map(|f| f.key()).collect::<Vec<_>>().join(";")
}

/// The split as CSV, one row per lot and member; in a what-if, with each share before
/// the change and the difference, and a row for the member leaving.
pub fn csv(r: &SplitResult, what_if: Option<&WhatIf>, lang: Lang) -> String {
    let mut w = super::csv::writer();
    w.write_record(CSV_HEADER).expect("memory");
    for l in &r.lots {
        for s in &l.shares {
            w.write_record(share_row(l, s, what_if, lang))
                .expect("memory");
        }
        for (lot, member, before) in what_if::leaving(what_if)
            .into_iter()
            .filter(|x| x.0 == l.lot)
        {
            let mut row: [String; CSV_COLUMNS] = Default::default();
            row[0] = csv_text(lot);
            row[1] = l.method.key().to_owned();
            row[2] = csv_text(&l.bidder);
            row[3] = csv_text(member);
            row[NOTE] = csv_text(lang.pick("quitte le groupement", "leaves the groupement"));
            row[SHARE_BEFORE] = money::cents(before);
            w.write_record(&row).expect("memory");
        }
    }
    for u in &r.unsplit {
        let mut row: [String; CSV_COLUMNS] = Default::default();
        row[0] = csv_text(&u.lot);
        row[NOTE] = csv_text(&unsplit_reason(&u.reason, lang));
        w.write_record(&row).expect("memory");
    }
    super::csv::finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csv_columns_named_by_index_are_those_of_the_header() {
        assert_eq!(CSV_HEADER[NOTE], "note");
        assert_eq!(CSV_HEADER[SHARE_BEFORE], "share_before_ht");
    }
}

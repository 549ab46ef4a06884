//! The `[publication]` section: what the open-data exports (`tender export --format
//! ocds|decp`) need beyond the analysis, the buyer's SIRET, the procedure, each lot's CPV
//! code, the dates, the form of prices and the OCDS `ocid` prefix. Checked when the
//! tender file is loaded, like every other section, so that a wrong SIRET or an
//! impossible date is found before anything is published.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::date::CalendarDate;
use crate::lang::Lang;

/// The publication settings, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    /// The coordinator's SIRET (14 digits, Luhn-checked): the buyer of the DECP and of
    /// OCDS.
    pub buyer_siret: String,
    /// The buyer's own number for the contract; each lot's DECP `id` is it, `-`, the
    /// lot's id (16 characters at most in all).
    pub contract_id: String,
    pub procedure: Procedure,
    pub nature: Nature,
    pub price_form: PriceForm,
    pub price_type: PriceType,
    pub ccag: Ccag,
    pub place: String,
    pub place_type: PlaceType,
    /// Each lot's CPV code, 8 digits (the check digit, when written, is kept apart).
    pub cpv: BTreeMap<String, Cpv>,
    pub publication_date: CalendarDate,
    pub notification_date: CalendarDate,
    pub ocid_prefix: String,
    /// Where the OCDS package is published (its `uri`), when the file says.
    pub package_uri: Option<String>,
    pub techniques: Vec<Technique>,
    pub execution: Vec<Execution>,
    pub social: Vec<Social>,
    pub environmental: Vec<Environmental>,
    pub innovative: bool,
    pub advance: bool,
    pub subcontracting: bool,
}

/// A CPV code as the tender file writes it: `72320000` or `72320000-4`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cpv {
    /// The 8 digits of the code.
    pub code: String,
    /// The check digit, when written.
    pub check: Option<char>,
}

impl Cpv {
    /// Reads `NNNNNNNN` or `NNNNNNNN-D`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Cpv> {
        let t = text.trim();
        let (code, check) = match t.split_once('-') {
            Some((code, check)) => (code, Some(check)),
            None => (t, None),
        };
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(code, 8) || check.is_some_and(|c| !digits(c, 1)) {
            return None;
        }
        Some(Cpv {
            code: code.to_owned(),
            check: check.and_then(|c| c.chars().next()),
        })
    }

    /// `72320000-4`, or `72320000` without a check digit.
    pub fn written(&self) -> String {
        match self.check {
            Some(c) => format!("{}-{c}", self.code),
            None => self.code.clone(),
        }
    }
}

/// Whether `text` is a SIRET: 14 digits whose Luhn sum is a multiple of 10 (La Poste's
/// establishments, SIREN 356000000, are the one exception: the sum of their digits is a
/// multiple of 5).
pub fn is_siret(text: &str) -> bool {
    if text.len() != 14 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: Vec<u32> = text.bytes().map(|b| u32::from(b - b'0')).collect();
    if text.starts_with("356000000") {
        return digits.iter().sum::<u32>().is_multiple_of(5);
    }
    luhn_sum(&digits).is_multiple_of(10)
}

/// The Luhn sum: every second digit from the right doubled (less 9 when above 9).
fn luhn_sum(digits: &[u32]) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match (i % 2 == 1, d * 2) {
            (true, twice) if twice > 9 => twice - 9,
            (true, twice) => twice,
            (false, _) => d,
        })
        .sum()
}

/// Why the `[publication]` section cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicationProblem {
    /// Not 14 digits passing the Luhn check.
    BadSiret {
        found: String,
    },
    BadCpv {
        found: String,
    },
    BadDate {
        found: String,
    },
    /// The data would be published before the contract is notified.
    PublishedBeforeNotified {
        published: String,
        notified: String,
    },
    /// An OCDS prefix is `ocds-` then 6 letters or digits.
    BadOcidPrefix {
        found: String,
    },
    /// The package's address is not an `https://` or `http://` address.
    BadUri {
        found: String,
    },
    /// A lot has no CPV code: `cpv` (every lot) or `cpv_by_lot` must give it.
    MissingCpv {
        lot: String,
    },
    /// `cpv_by_lot` names a lot the tender does not have.
    UnknownLot {
        lot: String,
    },
    /// A lot's DECP id would be longer than 16 characters.
    IdTooLong {
        id: String,
    },
    /// A lot's DECP id would hold a character the DECP asks to avoid (`&`, `"`, `\`,
    /// `<`, a space, a comma, a semicolon).
    IdCharacter {
        id: String,
        found: char,
    },
    /// The buyer is the coordinator: `[tender] coordinator` must name it.
    NoCoordinator,
    /// A lot's DECP object (tender name and lot title) is longer than 1000 characters.
    ObjectTooLong {
        lot: String,
        length: usize,
    },
}

impl PublicationProblem {
    pub fn message(&self, lang: Lang) -> String {
        use PublicationProblem as P;
        match (self, lang) {
            (P::BadSiret { found }, Lang::Fr) => format!(
                "« {found} » n'est pas un SIRET : 14 chiffres sans espace, dont la clé de Luhn est juste"
            ),
            (P::BadSiret { found }, Lang::En) => format!(
                "{found:?} is not a SIRET: 14 digits without spaces, passing the Luhn check"
            ),
            (P::BadCpv { found }, Lang::Fr) => format!(
                "« {found} » n'est pas un code CPV : 8 chiffres, suivis ou non du chiffre de contrôle (\"72320000\" ou \"72320000-4\")"
            ),
            (P::BadCpv { found }, Lang::En) => format!(
                "{found:?} is not a CPV code: 8 digits, with or without the check digit (\"72320000\" or \"72320000-4\")"
            ),
            (P::BadDate { found }, Lang::Fr) => format!(
                "« {found} » n'est pas une date : attendu AAAA-MM-JJ, un jour du calendrier (par exemple \"2026-12-02\")"
            ),
            (P::BadDate { found }, Lang::En) => format!(
                "{found:?} is not a date: expected YYYY-MM-DD, a day of the calendar (for example \"2026-12-02\")"
            ),
            (
                P::PublishedBeforeNotified {
                    published,
                    notified,
                },
                Lang::Fr,
            ) => format!(
                "les données seraient publiées le {published}, avant la notification du marché le {notified}"
            ),
            (
                P::PublishedBeforeNotified {
                    published,
                    notified,
                },
                Lang::En,
            ) => format!(
                "the data would be published on {published}, before the contract is notified on {notified}"
            ),
            (P::BadOcidPrefix { found }, Lang::Fr) => format!(
                "« {found} » n'est pas un préfixe OCDS : « ocds- » puis 6 lettres minuscules ou chiffres, attribué par l'Open Contracting Partnership"
            ),
            (P::BadOcidPrefix { found }, Lang::En) => format!(
                "{found:?} is not an OCDS prefix: \"ocds-\" then 6 lowercase letters or digits, registered with the Open Contracting Partnership"
            ),
            (P::BadUri { found }, Lang::Fr) => format!(
                "« {found} » n'est pas une adresse web : attendu https://… (l'adresse où le fichier OCDS est publié)"
            ),
            (P::BadUri { found }, Lang::En) => format!(
                "{found:?} is not a web address: expected https://… (where the OCDS file is published)"
            ),
            (P::MissingCpv { lot }, Lang::Fr) => format!(
                "le lot « {lot} » n'a pas de code CPV : renseignez cpv (tous les lots) ou cpv_by_lot.\"{lot}\""
            ),
            (P::MissingCpv { lot }, Lang::En) => format!(
                "lot {lot:?} has no CPV code: give cpv (every lot) or cpv_by_lot.\"{lot}\""
            ),
            (P::UnknownLot { lot }, Lang::Fr) => {
                format!("« {lot} » n'est pas un lot de la consultation")
            }
            (P::UnknownLot { lot }, Lang::En) => format!("{lot:?} is not a lot of the tender"),
            (P::IdCharacter { id, found }, Lang::Fr) => {
                let found = match found {
                    ' ' => "une espace".to_owned(),
                    c => format!("« {c} »"),
                };
                format!(
                    "l'identifiant DECP « {id} » contiendrait {found}, caractère que la DECP demande d'éviter (& \" \\ < espace , ;) : donnez contract_id sans lui"
                )
            }
            (P::IdCharacter { id, found }, Lang::En) => {
                let found = match found {
                    ' ' => "a space".to_owned(),
                    c => format!("{c:?}"),
                };
                format!(
                    "the DECP id {id:?} would hold {found}, a character the DECP asks to avoid (& \" \\ < space , ;): give contract_id without it"
                )
            }
            (P::IdTooLong { id }, Lang::Fr) => format!(
                "l'identifiant DECP « {id} » ferait {} caractères, 16 au plus : raccourcissez contract_id",
                id.chars().count()
            ),
            (P::IdTooLong { id }, Lang::En) => format!(
                "the DECP id {id:?} would have {} characters, at most 16: shorten contract_id",
                id.chars().count()
            ),
            (P::NoCoordinator, Lang::Fr) => {
                "l'acheteur publié est le coordonnateur du groupement : nommez-le dans [tender] coordinator".into()
            }
            (P::NoCoordinator, Lang::En) => {
                "the buyer published is the groupement's coordinator: name it in [tender] coordinator".into()
            }
            (P::ObjectTooLong { lot, length }, Lang::Fr) => format!(
                "l'objet du lot « {lot} » (nom de la consultation et titre du lot) ferait {length} caractères, 1000 au plus"
            ),
            (P::ObjectTooLong { lot, length }, Lang::En) => format!(
                "the object of lot {lot:?} (tender name and lot title) would have {length} characters, at most 1000"
            ),
        }
    }
}

impl std::fmt::Display for PublicationProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// A word of the tender file and its wording in the DECP.
macro_rules! decp_words {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $label:expr),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// The value the DECP schema lists.
            pub fn decp(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }
    };
}

decp_words!(
    /// The award procedure (DECP `procedure`).
    Procedure {
        Adaptee => "Procédure adaptée",
        AppelOffresOuvert => "Appel d'offres ouvert",
        AppelOffresRestreint => "Appel d'offres restreint",
        Negociee => "Procédure avec négociation",
        SansPublicite => "Marché passé sans publicité ni mise en concurrence préalable",
        DialogueCompetitif => "Dialogue compétitif",
    }
);

impl Procedure {
    /// The OCDS `procurementMethod`: open when any firm may bid, selective when the
    /// buyer first selects who may, limited when it chooses whom to ask.
    pub fn ocds(self) -> &'static str {
        match self {
            Procedure::Adaptee | Procedure::AppelOffresOuvert => "open",
            Procedure::AppelOffresRestreint
            | Procedure::Negociee
            | Procedure::DialogueCompetitif => "selective",
            Procedure::SansPublicite => "limited",
        }
    }
}

decp_words!(
    /// The nature of the contract (DECP `nature`).
    Nature {
        Marche => "Marché",
        Partenariat => "Marché de partenariat",
        DefenseSecurite => "Marché de défense ou de sécurité",
    }
);

decp_words!(
    /// The form of prices (DECP `formePrix`).
    PriceForm {
        Unitaire => "Unitaire",
        Forfaitaire => "Forfaitaire",
        Mixte => "Mixte",
    }
);

decp_words!(
    /// The type of prices (DECP `typesPrix`).
    PriceType {
        DefinitifFerme => "Définitif ferme",
        DefinitifActualisable => "Définitif actualisable",
        DefinitifRevisable => "Définitif révisable",
        Provisoire => "Provisoire",
    }
);

decp_words!(
    /// The general administrative clauses of reference (DECP `ccag`).
    Ccag {
        Travaux => "Travaux",
        MaitriseOeuvre => "Maitrise d'œuvre",
        Fcs => "Fournitures courantes et services",
        Industriels => "Marchés industriels",
        Pi => "Prestations intellectuelles",
        Tic => "Techniques de l'information et de la communication",
        Aucun => "Pas de CCAG",
    }
);

decp_words!(
    /// What `place` is a code of (DECP `lieuExecution.typeCode`).
    PlaceType {
        CodePostal => "Code postal",
        Commune => "Code commune",
        Arrondissement => "Code arrondissement",
        Canton => "Code canton",
        Departement => "Code département",
        Region => "Code région",
        Pays => "Code pays",
    }
);

decp_words!(
    /// A purchasing technique (DECP `techniques`).
    Technique {
        AccordCadre => "Accord-cadre",
        Concours => "Concours",
        SystemeQualification => "Système de qualification",
        SystemeAcquisitionDynamique => "Système d'acquisition dynamique",
        CatalogueElectronique => "Catalogue électronique",
        EnchereElectronique => "Enchère électronique",
        SansObjet => "Sans objet",
    }
);

decp_words!(
    /// A way of carrying out the contract (DECP `modalitesExecution`).
    Execution {
        Tranches => "Tranches",
        BonsDeCommande => "Bons de commande",
        MarchesSubsequents => "Marchés subséquents",
        SansObjet => "Sans objet",
    }
);

decp_words!(
    /// A social consideration (DECP `considerationsSociales`).
    Social {
        ClauseSociale => "Clause sociale",
        CritereSocial => "Critère social",
        MarcheReserve => "Marché réservé",
        Aucune => "Pas de considération sociale",
    }
);

decp_words!(
    /// An environmental consideration (DECP `considerationsEnvironnementales`).
    Environmental {
        ClauseEnvironnementale => "Clause environnementale",
        CritereEnvironnemental => "Critère environnemental",
        Aucune => "Pas de considération environnementale",
    }
);

/// `[publication]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PublicationSection {
    pub buyer_siret: String,
    pub contract_id: Option<String>,
    pub procedure: Procedure,
    pub nature: Option<Nature>,
    pub price_form: PriceForm,
    pub price_type: Option<PriceType>,
    pub ccag: Ccag,
    pub place: String,
    pub place_type: PlaceType,
    pub cpv: Option<String>,
    #[serde(default)]
    pub cpv_by_lot: BTreeMap<String, String>,
    pub publication_date: String,
    pub notification_date: String,
    pub ocid_prefix: String,
    pub package_uri: Option<String>,
    pub techniques: Option<Vec<Technique>>,
    pub execution: Option<Vec<Execution>>,
    pub social: Option<Vec<Social>>,
    pub environmental: Option<Vec<Environmental>>,
    pub innovative: Option<bool>,
    pub advance: Option<bool>,
    pub subcontracting: Option<bool>,
}

/// What checking the section needs from the rest of the tender file.
pub(super) struct Context<'a> {
    pub reference: &'a str,
    pub name: &'a str,
    pub lots: &'a [(String, String)],
    pub has_coordinator: bool,
    /// Prices are revisable: a yearly revision that is not zero, or an index revision
    /// clause on a schedule lot.
    pub revised: bool,
}

/// A problem and the key of the section it is about.
pub(super) type Located = (String, PublicationProblem);

/// Checks the section; the error names its key.
pub(super) fn check(s: &PublicationSection, cx: &Context<'_>) -> Result<Publication, Located> {
    let at = |key: &str, p: PublicationProblem| (format!("publication.{key}"), p);
    if !cx.has_coordinator {
        return Err((
            "tender.coordinator".into(),
            PublicationProblem::NoCoordinator,
        ));
    }
    let siret = s.buyer_siret.trim();
    if !is_siret(siret) {
        return Err(at(
            "buyer_siret",
            PublicationProblem::BadSiret {
                found: s.buyer_siret.clone(),
            },
        ));
    }
    let date = |key: &str, text: &str| {
        CalendarDate::parse(text.trim()).map_err(|_| {
            at(
                key,
                PublicationProblem::BadDate {
                    found: text.to_owned(),
                },
            )
        })
    };
    let publication_date = date("publication_date", &s.publication_date)?;
    let notification_date = date("notification_date", &s.notification_date)?;
    if publication_date < notification_date {
        return Err(at(
            "publication_date",
            PublicationProblem::PublishedBeforeNotified {
                published: publication_date.iso(),
                notified: notification_date.iso(),
            },
        ));
    }
    let prefix = s.ocid_prefix.trim();
    if !is_ocid_prefix(prefix) {
        return Err(at(
            "ocid_prefix",
            PublicationProblem::BadOcidPrefix {
                found: s.ocid_prefix.clone(),
            },
        ));
    }
    let package_uri = s.package_uri.as_deref().map(str::trim);
    if let Some(uri) = package_uri
        && !is_web_address(uri)
    {
        return Err(at(
            "package_uri",
            PublicationProblem::BadUri {
                found: uri.to_owned(),
            },
        ));
    }
    let cpv = cpv_codes(s, cx)?;
    let (contract_id, id_key) = match &s.contract_id {
        Some(id) => (id.trim().to_owned(), "publication.contract_id"),
        None => (cx.reference.to_owned(), "tender.reference"),
    };
    for (lot, title) in cx.lots {
        let id = decp_id(&contract_id, lot);
        if id.chars().count() > 16 {
            return Err((id_key.into(), PublicationProblem::IdTooLong { id }));
        }
        if let Some(found) = id.chars().find(|c| "&\"\\<,; ".contains(*c)) {
            return Err((id_key.into(), PublicationProblem::IdCharacter { id, found }));
        }
        let length = object(cx.name, lot, title).chars().count();
        if length > 1000 {
            return Err((
                "tender.name".into(),
                PublicationProblem::ObjectTooLong {
                    lot: lot.clone(),
                    length,
                },
            ));
        }
    }
    Ok(Publication {
        buyer_siret: siret.to_owned(),
        contract_id,
        procedure: s.procedure,
        nature: s.nature.unwrap_or(Nature::Marche),
        price_form: s.price_form,
        price_type: s.price_type.unwrap_or(if cx.revised {
            PriceType::DefinitifRevisable
        } else {
            PriceType::DefinitifFerme
        }),
        ccag: s.ccag,
        place: s.place.trim().to_owned(),
        place_type: s.place_type,
        cpv,
        publication_date,
        notification_date,
        ocid_prefix: prefix.to_owned(),
        package_uri: package_uri.map(str::to_owned),
        techniques: listed(&s.techniques, Technique::SansObjet),
        execution: listed(&s.execution, Execution::SansObjet),
        social: listed(&s.social, Social::Aucune),
        environmental: listed(&s.environmental, Environmental::Aucune),
        innovative: s.innovative.unwrap_or(false),
        advance: s.advance.unwrap_or(false),
        subcontracting: s.subcontracting.unwrap_or(false),
    })
}

/// The words given, sorted and once each (the schema wants unique items), or the
/// default when none is.
fn listed<T: Copy + Ord>(given: &Option<Vec<T>>, default: T) -> Vec<T> {
    let mut v = given.clone().unwrap_or_default();
    v.sort();
    v.dedup();
    if v.is_empty() { vec![default] } else { v }
}

fn cpv_codes(s: &PublicationSection, cx: &Context<'_>) -> Result<BTreeMap<String, Cpv>, Located> {
    let parse = |key: String, text: &str| {
        Cpv::parse(text).ok_or_else(|| {
            (
                key,
                PublicationProblem::BadCpv {
                    found: text.to_owned(),
                },
            )
        })
    };
    let all = s
        .cpv
        .as_deref()
        .map(|t| parse("publication.cpv".into(), t))
        .transpose()?;
    let mut codes = BTreeMap::new();
    for (lot, text) in &s.cpv_by_lot {
        let key = format!("publication.cpv_by_lot.{lot}");
        if !cx.lots.iter().any(|(id, _)| id == lot) {
            return Err((key, PublicationProblem::UnknownLot { lot: lot.clone() }));
        }
        codes.insert(lot.clone(), parse(key, text)?);
    }
    for (lot, _) in cx.lots {
        if !codes.contains_key(lot) {
            let code = all.clone().ok_or_else(|| {
                (
                    "publication.cpv".to_owned(),
                    PublicationProblem::MissingCpv { lot: lot.clone() },
                )
            })?;
            codes.insert(lot.clone(), code);
        }
    }
    Ok(codes)
}

/// `ocds-` and 6 lowercase letters or digits, as the Open Contracting Partnership
/// registers them.
fn is_ocid_prefix(p: &str) -> bool {
    p.strip_prefix("ocds-").is_some_and(|rest| {
        rest.len() == 6
            && rest
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// `https://` or `http://`, then a host and no blank.
fn is_web_address(uri: &str) -> bool {
    let rest = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace))
}

/// A lot's DECP id: the contract's id, `-`, the lot's id.
pub fn decp_id(contract_id: &str, lot: &str) -> String {
    format!("{contract_id}-{lot}")
}

/// A lot's object as published: the tender's name, then the lot.
pub fn object(name: &str, lot: &str, title: &str) -> String {
    format!("{name} — lot {lot} : {title}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_luhn_check() {
        // 732 829 320 00074, from the right, every second digit doubled (less 9 above
        // 9): 4 + 5 + 0 + 0 + 0 + 0 + 2 + 6 + 9 + 4 + 8 + 4 + 3 + 5 = 50.
        assert!(is_siret("73282932000074"));
        assert!(!is_siret("73282932000075"));
        assert!(!is_siret("7328293200007"));
        assert!(!is_siret("732 829 320 00074"));
        assert!(!is_siret("7328293200007a"));
        // La Poste (SIREN 356000000): its digits sum to a multiple of 5 (3 + 5 + 6 + 1
        // + 5 = 20), whatever the Luhn sum.
        assert!(is_siret("35600000000015"));
        assert!(!is_siret("35600000000016"));
    }

    #[test]
    fn cpv_with_or_without_its_check_digit() {
        let c = Cpv::parse("72320000-4").unwrap();
        assert_eq!((c.code.as_str(), c.check), ("72320000", Some('4')));
        assert_eq!(Cpv::parse("79980000").unwrap().check, None);
        for bad in [
            "7232000",
            "72320000-",
            "72320000-45",
            "7232000a",
            "72320000-x",
            "",
        ] {
            assert!(Cpv::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn web_addresses() {
        assert!(is_web_address(
            "https://data.example.fr/ocds/2025-RN-01.json"
        ));
        assert!(is_web_address("http://example.fr"));
        for bad in [
            "ftp://example.fr",
            "https://",
            "https:///x",
            "https://a b",
            "example.fr",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn ocid_prefixes() {
        assert!(is_ocid_prefix("ocds-abc123"));
        assert!(!is_ocid_prefix("ocds-ABC123"));
        assert!(!is_ocid_prefix("ocds-abc12"));
        assert!(!is_ocid_prefix("abc123"));
    }
}

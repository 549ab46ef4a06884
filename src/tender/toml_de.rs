//! Reading the tender file's TOML into its types, with errors that are our own data.
//!
//! The TOML library parses the text (its grammar) and keeps where every key and value
//! is; this module then hands the values to the file's types through serde, as the TOML
//! library's own deserializer would, but every error it reports is a typed
//! [`SyntaxProblem`] with the place it happened: an unknown key and the keys allowed, a
//! missing key, a value of the wrong kind and what was found, a decimal written as a
//! binary float. The sentences for people are then written from those types, in French
//! or English, by the command line: none is built from another library's English text,
//! so a dependency upgrade cannot change what a purchasing officer reads.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::lang::Lang;

/// The name under which [`DecimalText`](super::file) asks for a decimal, so that the
/// reader can tell a float (refused) from a string or an integer.
pub const DECIMAL_TEXT: &str = "DecimalText";

/// What kind of value a key expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string in quotes.
    Text,
    /// A whole number (up to `max` when the type is bounded below `u64`).
    WholeNumber { max: Option<u64> },
    /// A decimal written as a string (`"0.20"`) or an integer.
    Decimal,
    /// `true` or `false`.
    Boolean,
    /// A list `[…]`.
    List,
    /// A table: `[section]` or `{ … }`.
    Table,
    /// One of these words, in quotes.
    OneOf(Vec<&'static str>),
    /// Said by the type itself (a type of a dependency); kept as written.
    Other,
}

/// What was found where another kind of value was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Text(String),
    Integer(String),
    Float(String),
    Boolean(bool),
    Datetime(String),
    List,
    Table,
    /// Anything else a type reports (as its Rust value, e.g. a unit).
    Other(String),
}

/// Why the tender file's TOML cannot be read into the tender's types.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// The text is not TOML (an unclosed quote, a missing `=`, a key given twice…).
    Grammar,
    UnknownKey {
        key: String,
        allowed: Vec<&'static str>,
    },
    MissingKey {
        key: &'static str,
    },
    UnknownValue {
        value: String,
        allowed: Vec<&'static str>,
    },
    WrongType {
        expected: Kind,
        found: Found,
    },
    /// A decimal written as a TOML float: a binary number, which money must not pass
    /// through.
    FloatForDecimal {
        written: String,
    },
    NotADecimal {
        written: String,
    },
    OutOfRange {
        written: String,
        expected: Kind,
    },
    /// A message of a type we do not own, kept as it is.
    Other(String),
}

impl SyntaxProblem {
    /// The sentence for people, in French or English.
    pub fn message(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        match self {
            SyntaxProblem::Grammar => lang
                .pick(
                    "ce n'est pas du TOML valide à cet endroit (vérifiez les guillemets, les \
                     signes =, les crochets, et qu'aucune clé n'est donnée deux fois)",
                    "this is not valid TOML here (check the quotes, the = signs, the \
                     brackets, and that no key is given twice)",
                )
                .to_owned(),
            SyntaxProblem::UnknownKey { key, allowed } if fr => format!(
                "clé inconnue « {key} » ; clés admises ici : {}",
                list(allowed, lang)
            ),
            SyntaxProblem::UnknownKey { key, allowed } => format!(
                "unknown key `{key}`; keys allowed here: {}",
                list(allowed, lang)
            ),
            SyntaxProblem::MissingKey { key } if fr => {
                format!("clé obligatoire « {key} » absente")
            }
            SyntaxProblem::MissingKey { key } => format!("the key `{key}` is missing"),
            SyntaxProblem::UnknownValue { value, allowed } if fr => format!(
                "valeur inconnue « {value} » ; valeurs admises : {}",
                list(allowed, lang)
            ),
            SyntaxProblem::UnknownValue { value, allowed } => format!(
                "unknown value {value:?}; values allowed: {}",
                list(allowed, lang)
            ),
            SyntaxProblem::WrongType { expected, found } if fr => {
                format!(
                    "{} ; attendu : {}",
                    found_text(found, lang),
                    kind_text(expected, lang)
                )
            }
            SyntaxProblem::WrongType { expected, found } => {
                format!(
                    "{}; expected {}",
                    found_text(found, lang),
                    kind_text(expected, lang)
                )
            }
            SyntaxProblem::FloatForDecimal { written } => match (float_suggestion(written), fr) {
                (Some(d), true) => format!(
                    "le nombre {written} est écrit en virgule flottante ; écrivez-le entre \
                     guillemets, \"{d}\", pour qu'il soit lu exactement"
                ),
                (Some(d), false) => format!(
                    "the number {written} is written as a float; write it in quotes, as \
                     \"{d}\", so that it is read exactly"
                ),
                (None, true) => format!(
                    "le nombre {written} est écrit en virgule flottante ; écrivez un nombre \
                     décimal entre guillemets, comme \"0.20\""
                ),
                (None, false) => format!(
                    "the number {written} is written as a float; write a decimal number in \
                     quotes, such as \"0.20\""
                ),
            },
            SyntaxProblem::NotADecimal { written } => match (decimal_suggestion(written), fr) {
                (Some(d), true) => {
                    format!("« {written} » n'est pas un nombre décimal : écrivez \"{d}\"")
                }
                (Some(d), false) => format!("{written:?} is not a decimal number: write \"{d}\""),
                (None, true) => {
                    format!("« {written} » n'est pas un nombre décimal comme \"0.20\"")
                }
                (None, false) => format!("{written:?} is not a decimal number such as \"0.20\""),
            },
            SyntaxProblem::OutOfRange { written, expected } if fr => {
                format!(
                    "{written} hors limites ; attendu : {}",
                    kind_text(expected, lang)
                )
            }
            SyntaxProblem::OutOfRange { written, expected } => {
                format!(
                    "{written} is out of range; expected {}",
                    kind_text(expected, lang)
                )
            }
            SyntaxProblem::Other(message) => message.clone(),
        }
    }
}

impl fmt::Display for SyntaxProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// The decimal a refused text of the tender file means when written the French way
/// (`"0,20"`, `"12 000"`, `"12 000,50"`): the same digits with a point and no spaces, if
/// that is a decimal; `None` otherwise (the message then gives a plain example).
fn decimal_suggestion(written: &str) -> Option<String> {
    let t: String = written
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if t.matches(',').count() > 1 || t.contains('.') && t.contains(',') {
        return None;
    }
    let t = t.replace(',', ".");
    super::file::decimal(&t).map(|_| t)
}

/// The quoted decimal a TOML float stands for, as the tender file accepts it: the float
/// as written when it is already a plain decimal (`0.015`), else its digits without
/// exponent or underscores (`2e-2` gives `0.02`, `1_000.5` gives `1000.5`); `None` for
/// `inf` and `nan`.
fn float_suggestion(written: &str) -> Option<String> {
    if super::file::decimal(written).is_some() {
        return Some(written.to_owned());
    }
    let plain = written.replace('_', "");
    let d = if plain.contains(['e', 'E']) {
        rust_decimal::Decimal::from_scientific(&plain).ok()?
    } else {
        super::file::decimal(&plain)?
    };
    let text = d.to_string();
    super::file::decimal(&text).map(|_| text)
}

fn list(words: &[&str], lang: Lang) -> String {
    if words.is_empty() {
        lang.pick("aucune", "none").to_owned()
    } else {
        words.join(", ")
    }
}

/// What was found, for people.
fn found_text(found: &Found, lang: Lang) -> String {
    match (found, lang) {
        (Found::Text(t), Lang::Fr) => format!("trouvé le texte « {t} »"),
        (Found::Text(t), Lang::En) => format!("found the text {t:?}"),
        (Found::Integer(n), Lang::Fr) => format!("trouvé le nombre entier {n}"),
        (Found::Integer(n), Lang::En) => format!("found the whole number {n}"),
        (Found::Float(x), Lang::Fr) => format!("trouvé le nombre {x}"),
        (Found::Float(x), Lang::En) => format!("found the number {x}"),
        (Found::Boolean(b), Lang::Fr) => format!("trouvé {}", if *b { "vrai" } else { "faux" }),
        (Found::Boolean(b), Lang::En) => format!("found {b}"),
        (Found::Datetime(d), Lang::Fr) => format!("trouvé la date {d}"),
        (Found::Datetime(d), Lang::En) => format!("found the date {d}"),
        (Found::List, _) => lang.pick("trouvé une liste", "found a list").to_owned(),
        (Found::Table, _) => lang.pick("trouvé une table", "found a table").to_owned(),
        (Found::Other(o), Lang::Fr) => format!("trouvé {o}"),
        (Found::Other(o), Lang::En) => format!("found {o}"),
    }
}

/// The kind of value expected, for people.
fn kind_text(kind: &Kind, lang: Lang) -> String {
    match (kind, lang) {
        (Kind::Text, _) => lang
            .pick("un texte entre guillemets", "a text in quotes")
            .to_owned(),
        (Kind::WholeNumber { max: Some(max) }, Lang::Fr) => {
            format!("un nombre entier de 0 à {max}")
        }
        (Kind::WholeNumber { max: Some(max) }, Lang::En) => {
            format!("a whole number from 0 to {max}")
        }
        (Kind::WholeNumber { max: None }, _) => {
            lang.pick("un nombre entier", "a whole number").to_owned()
        }
        (Kind::Decimal, _) => lang
            .pick(
                "un nombre décimal entre guillemets, comme \"0.20\", ou un entier",
                "a decimal number in quotes, such as \"0.20\", or an integer",
            )
            .to_owned(),
        (Kind::Boolean, _) => lang.pick("true ou false", "true or false").to_owned(),
        (Kind::List, _) => lang.pick("une liste [ … ]", "a list [ … ]").to_owned(),
        (Kind::Table, _) => lang.pick("une table", "a table").to_owned(),
        (Kind::OneOf(words), Lang::Fr) => format!("l'une des valeurs {}", list(words, lang)),
        (Kind::OneOf(words), Lang::En) => format!("one of {}", list(words, lang)),
        (Kind::Other, _) => lang
            .pick("une valeur d'un autre type", "another kind of value")
            .to_owned(),
    }
}

/// A problem and where it is in the text (a byte range), when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    pub span: Option<Range<usize>>,
    pub problem: SyntaxProblem,
}

impl DeError {
    fn new(problem: SyntaxProblem) -> DeError {
        DeError {
            span: None,
            problem,
        }
    }

    /// Places the error at `span` unless a deeper value placed it already.
    fn at(mut self, span: &Range<usize>) -> DeError {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.problem.fmt(f)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(SyntaxProblem::Other(msg.to_string()))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(SyntaxProblem::UnknownKey {
            key: field.to_owned(),
            allowed: expected.to_vec(),
        })
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(SyntaxProblem::MissingKey { key: field })
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(SyntaxProblem::UnknownValue {
            value: variant.to_owned(),
            allowed: expected.to_vec(),
        })
    }

    fn invalid_type(unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        DeError::new(SyntaxProblem::WrongType {
            expected: Kind::Other,
            found: found_of(&unexp),
        })
    }

    fn invalid_value(unexp: de::Unexpected<'_>, _exp: &dyn de::Expected) -> Self {
        DeError::new(SyntaxProblem::WrongType {
            expected: Kind::Other,
            found: found_of(&unexp),
        })
    }
}

fn found_of(unexp: &de::Unexpected<'_>) -> Found {
    match unexp {
        de::Unexpected::Bool(b) => Found::Boolean(*b),
        de::Unexpected::Unsigned(n) => Found::Integer(n.to_string()),
        de::Unexpected::Signed(n) => Found::Integer(n.to_string()),
        de::Unexpected::Float(x) => Found::Float(x.to_string()),
        de::Unexpected::Str(s) => Found::Text((*s).to_owned()),
        de::Unexpected::Seq => Found::List,
        de::Unexpected::Map => Found::Table,
        other => Found::Other(format!("{other:?}")),
    }
}

/// Why a tender file cannot be read, with the key path (`lot[0].usage.isere`) and the
/// byte range of the place in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadProblem {
    pub key: String,
    pub span: Option<Range<usize>>,
    pub problem: SyntaxProblem,
}

/// Parses `text` as TOML and reads it into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, ReadProblem> {
    let document = DeTable::parse(text).map_err(|e| ReadProblem {
        key: String::new(),
        span: e.span(),
        problem: SyntaxProblem::Grammar,
    })?;
    let span = document.span();
    let root = ValueDe {
        value: DeValue::Table(document.into_inner()),
        span,
    };
    serde_path_to_error::deserialize(root).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        ReadProblem {
            key,
            span: inner.span,
            problem: inner.problem,
        }
    })
}

/// One value of the document and where it is.
struct ValueDe<'de> {
    value: DeValue<'de>,
    span: Range<usize>,
}

impl<'de> ValueDe<'de> {
    fn new(spanned: Spanned<DeValue<'de>>) -> Self {
        let span = spanned.span();
        ValueDe {
            value: spanned.into_inner(),
            span,
        }
    }

    fn found(&self) -> Found {
        match &self.value {
            DeValue::String(s) => Found::Text(s.to_string()),
            DeValue::Integer(n) => Found::Integer(n.to_string()),
            DeValue::Float(x) => Found::Float(x.as_str().to_owned()),
            DeValue::Boolean(b) => Found::Boolean(*b),
            DeValue::Datetime(d) => Found::Datetime(d.to_string()),
            DeValue::Array(_) => Found::List,
            DeValue::Table(_) => Found::Table,
        }
    }

    fn wrong(&self, expected: Kind) -> DeError {
        DeError::new(SyntaxProblem::WrongType {
            expected,
            found: self.found(),
        })
        .at(&self.span)
    }

    /// The integer as written, within `i128` (TOML integers are 64-bit; `None` only for
    /// a value that is not an integer).
    fn integer(&self) -> Option<i128> {
        match &self.value {
            DeValue::Integer(n) => {
                let digits = n.as_str();
                i128::from_str_radix(digits, n.radix()).ok()
            }
            _ => None,
        }
    }

    fn unsigned<V: Visitor<'de>>(self, max: u64, visitor: V) -> Result<V::Value, DeError> {
        let expected = Kind::WholeNumber {
            max: (max < u64::MAX).then_some(max),
        };
        let Some(n) = self.integer() else {
            return Err(self.wrong(expected));
        };
        match u64::try_from(n) {
            Ok(v) if v <= max => visitor
                .visit_u64::<DeError>(v)
                .map_err(|e| e.at(&self.span)),
            _ => Err(DeError::new(SyntaxProblem::OutOfRange {
                written: n.to_string(),
                expected,
            })
            .at(&self.span)),
        }
    }

    fn signed<V: Visitor<'de>>(self, min: i64, max: i64, visitor: V) -> Result<V::Value, DeError> {
        let Some(n) = self.integer() else {
            return Err(self.wrong(Kind::WholeNumber { max: None }));
        };
        match i64::try_from(n) {
            Ok(v) if (min..=max).contains(&v) => visitor
                .visit_i64::<DeError>(v)
                .map_err(|e| e.at(&self.span)),
            _ => Err(DeError::new(SyntaxProblem::OutOfRange {
                written: n.to_string(),
                expected: Kind::WholeNumber { max: None },
            })
            .at(&self.span)),
        }
    }
}

fn visit_text<'de, V: Visitor<'de>>(s: Cow<'de, str>, visitor: V) -> Result<V::Value, DeError> {
    match s {
        Cow::Borrowed(b) => visitor.visit_borrowed_str(b),
        Cow::Owned(o) => visitor.visit_string(o),
    }
}

impl<'de> de::Deserializer<'de> for ValueDe<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.span.clone();
        let result = match self.value {
            DeValue::String(s) => visit_text(s, visitor),
            DeValue::Integer(ref n) => match i64::from_str_radix(n.as_str(), n.radix()) {
                Ok(v) => visitor.visit_i64(v),
                Err(_) => Err(DeError::new(SyntaxProblem::OutOfRange {
                    written: n.to_string(),
                    expected: Kind::WholeNumber { max: None },
                })),
            },
            DeValue::Float(ref x) => match x.as_str().replace('_', "").parse::<f64>() {
                Ok(v) => visitor.visit_f64(v),
                Err(_) => Err(DeError::new(SyntaxProblem::WrongType {
                    expected: Kind::Other,
                    found: Found::Float(x.as_str().to_owned()),
                })),
            },
            DeValue::Boolean(b) => visitor.visit_bool(b),
            DeValue::Datetime(d) => visitor.visit_string(d.to_string()),
            DeValue::Array(items) => visitor.visit_seq(SeqDe {
                items: items.into_iter(),
            }),
            DeValue::Table(table) => visitor.visit_map(MapDe::new(table)),
        };
        result.map_err(|e| e.at(&span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            DeValue::Boolean(b) => visitor
                .visit_bool::<DeError>(b)
                .map_err(|e| e.at(&self.span)),
            _ => Err(self.wrong(Kind::Boolean)),
        }
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.unsigned(u64::from(u8::MAX), visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.unsigned(u64::from(u16::MAX), visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.unsigned(u64::from(u32::MAX), visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.unsigned(u64::MAX, visitor)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.signed(i64::from(i8::MIN), i64::from(i8::MAX), visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.signed(i64::from(i16::MIN), i64::from(i16::MAX), visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.signed(i64::from(i32::MIN), i64::from(i32::MAX), visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.signed(i64::MIN, i64::MAX, visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            DeValue::String(s) => visit_text(s, visitor).map_err(|e| e.at(&self.span)),
            _ => Err(self.wrong(Kind::Text)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        // TOML has no null: a key that is there holds a value.
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            DeValue::Array(items) => visitor
                .visit_seq(SeqDe {
                    items: items.into_iter(),
                })
                .map_err(|e| e.at(&self.span)),
            _ => Err(self.wrong(Kind::List)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value {
            DeValue::Table(table) => visitor
                .visit_map(MapDe::new(table))
                .map_err(|e| e.at(&self.span)),
            _ => Err(self.wrong(Kind::Table)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.value {
            DeValue::String(s) => {
                let access: de::value::StringDeserializer<DeError> =
                    s.into_owned().into_deserializer();
                visitor.visit_enum(access).map_err(|e| e.at(&self.span))
            }
            _ => Err(self.wrong(Kind::OneOf(variants.to_vec()))),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name != DECIMAL_TEXT {
            return visitor.visit_newtype_struct(self);
        }
        match &self.value {
            DeValue::Float(x) => Err(DeError::new(SyntaxProblem::FloatForDecimal {
                written: x.as_str().to_owned(),
            })
            .at(&self.span)),
            DeValue::String(s) if super::file::decimal(s).is_none() => {
                Err(DeError::new(SyntaxProblem::NotADecimal {
                    written: s.to_string(),
                })
                .at(&self.span))
            }
            DeValue::String(_) | DeValue::Integer(_) => self.deserialize_any(visitor),
            _ => Err(self.wrong(Kind::Decimal)),
        }
    }

    serde::forward_to_deserialize_any! {
        f32 f64 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
        i128 u128
    }
}

struct SeqDe<'de> {
    items: std::vec::IntoIter<Spanned<DeValue<'de>>>,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'de> {
    type Error = DeError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(item) => seed.deserialize(ValueDe::new(item)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of a table, in the order they are written (so that the first unknown key
/// reported is the first in the file).
struct MapDe<'de> {
    entries: std::vec::IntoIter<(Spanned<Cow<'de, str>>, Spanned<DeValue<'de>>)>,
    value: Option<Spanned<DeValue<'de>>>,
}

impl<'de> MapDe<'de> {
    fn new(table: DeTable<'de>) -> Self {
        let mut entries: Vec<_> = table.into_iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        MapDe {
            entries: entries.into_iter(),
            value: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for MapDe<'de> {
    type Error = DeError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        let span = key.span();
        let text: de::value::CowStrDeserializer<'de, DeError> =
            key.into_inner().into_deserializer();
        seed.deserialize(text).map(Some).map_err(|e| e.at(&span))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(value) => seed.deserialize(ValueDe::new(value)),
            // serde asks for a value only after a key.
            None => Err(DeError::new(SyntaxProblem::Other(
                "a value was asked for before its key".to_owned(),
            ))),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        #[allow(dead_code)]
        name: String,
        #[serde(default)]
        #[allow(dead_code)]
        years: Option<u32>,
        #[serde(default)]
        #[allow(dead_code)]
        kind: Option<Choice>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "lowercase")]
    enum Choice {
        Members,
        Groupement,
    }

    fn problem(text: &str) -> ReadProblem {
        from_str::<Doc>(text).expect_err("an error")
    }

    #[test]
    fn every_error_is_typed_and_placed() {
        let p = problem("name = \"x\"\nyeras = 4\n");
        assert_eq!(
            p.problem,
            SyntaxProblem::UnknownKey {
                key: "yeras".into(),
                allowed: vec!["name", "years", "kind"]
            }
        );
        assert_eq!(p.span, Some(11..16));
        let p = problem("years = 4\n");
        assert_eq!(p.problem, SyntaxProblem::MissingKey { key: "name" });
        let p = problem("name = 5\n");
        assert_eq!(p.key, "name");
        assert_eq!(
            p.problem,
            SyntaxProblem::WrongType {
                expected: Kind::Text,
                found: Found::Integer("5".into())
            }
        );
        assert_eq!(p.span, Some(7..8));
        let p = problem("name = \"x\"\nyears = 5000000000\n");
        assert_eq!(
            p.problem,
            SyntaxProblem::OutOfRange {
                written: "5000000000".into(),
                expected: Kind::WholeNumber {
                    max: Some(u64::from(u32::MAX))
                }
            }
        );
        let p = problem("name = \"x\"\nkind = \"tous\"\n");
        assert_eq!(p.key, "kind");
        assert_eq!(
            p.problem,
            SyntaxProblem::UnknownValue {
                value: "tous".into(),
                allowed: vec!["members", "groupement"]
            }
        );
        let p = problem("name = \"x\nyears = 4\n");
        assert_eq!(p.problem, SyntaxProblem::Grammar);
        assert!(p.span.is_some());
        let ok: Doc = from_str("name = 'x'\nkind = \"groupement\"\nyears = 4\n").unwrap();
        assert!(matches!(ok.kind, Some(Choice::Groupement)));
    }
}

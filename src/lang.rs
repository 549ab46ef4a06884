//! The language of labels and messages. French is the default: the users are French
//! purchasing officers; English serves foreign bidders' counsel and scripts' authors.

/// Language of everything a person reads (tables, messages). Machine formats (CSV, JSON)
/// keep their keys and number formats whatever the language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    /// Picks the French or the English text.
    pub fn pick<'a>(self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }
}

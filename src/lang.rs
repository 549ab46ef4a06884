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

/// A phrase in both languages, kept as data where a message is built far from the place
/// that knows the words (what a value of the tender file must be, for instance), so that
/// the message is written whole in the language asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub fr: &'static str,
    pub en: &'static str,
}

impl Phrase {
    pub const fn new(fr: &'static str, en: &'static str) -> Phrase {
        Phrase { fr, en }
    }

    pub fn pick(self, lang: Lang) -> &'static str {
        lang.pick(self.fr, self.en)
    }
}

impl std::fmt::Display for Phrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.en)
    }
}

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

impl Lang {
    /// The language of a locale, from the values of LC_ALL, LC_MESSAGES and LANG in
    /// that order of precedence (the first one set and not empty decides, as for any
    /// program's messages): French when it starts with `fr`, English otherwise (`C`,
    /// `POSIX`, any other language: English is the one the others are likelier to read).
    pub fn from_locale(
        lc_all: Option<&str>,
        lc_messages: Option<&str>,
        lang: Option<&str>,
    ) -> Lang {
        let locale = [lc_all, lc_messages, lang]
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("fr")) => Lang::Fr,
            _ => Lang::En,
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

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn the_first_locale_variable_set_decides() {
        let cases = [
            ((None, None, Some("fr_FR.UTF-8")), Lang::Fr),
            ((None, None, Some("fr")), Lang::Fr),
            ((None, None, Some("FR_ca")), Lang::Fr),
            ((None, None, Some("C")), Lang::En),
            ((None, None, None), Lang::En),
            ((Some("fr_BE.UTF-8"), None, Some("C")), Lang::Fr),
            ((Some("C"), Some("fr_FR"), Some("fr_FR")), Lang::En),
            ((Some(""), Some("fr_FR"), Some("C")), Lang::Fr),
            ((None, Some("de_DE"), Some("fr_FR")), Lang::En),
            ((None, None, Some("f")), Lang::En),
            ((None, None, Some("français")), Lang::Fr),
        ];
        for ((all, messages, lang), expected) in cases {
            assert_eq!(
                Lang::from_locale(all, messages, lang),
                expected,
                "{all:?} {messages:?} {lang:?}"
            );
        }
    }
}

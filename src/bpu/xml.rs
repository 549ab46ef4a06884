//! Reading the XML parts of a workbook with the XML parser (quick-xml), never by string
//! search: attributes in any order and either quotes, entities and character
//! references (`&#233;`) resolved, namespace prefixes of any name.
//!
//! Each call into the parser is isolated ([`crate::isolation::library`]): a panic there
//! is a fact about the file. Its errors become a [`Damage`] naming the part and the
//! byte where the parser stopped. A part is read from a [`Source`]: bytes in memory
//! (an xlsx part inflated whole), whose events the parser lends without copying them,
//! or a part inflated as it is read (the ods content: a reader that stops early inflates
//! no more), whose events are copied into a buffer.

use std::borrow::Cow;
use std::io::BufRead;

use quick_xml::XmlVersion;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesRef, BytesStart, Event};

use super::error::{Damage, DamageKind, ReadError, XmlProblem};
use super::package::PartStream;
use crate::isolation;

/// Where a part's bytes come from.
pub trait Source: BufRead + Sized {
    /// The next event of `reader`. A part held in memory lends it from its own bytes
    /// (nothing is copied: that is most of the parser's cost on a sheet); a stream
    /// copies it into `buf`.
    fn event<'b>(
        reader: &mut quick_xml::Reader<Self>,
        buf: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b;

    /// Reads the rest of the bytes, to tell whether the source itself is damaged (a
    /// checksum that differs says more than the XML error the damage caused).
    fn verify(&mut self) -> Option<DamageKind> {
        None
    }
}

impl Source for &[u8] {
    fn event<'b>(
        reader: &mut quick_xml::Reader<Self>,
        _: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b,
    {
        reader.read_event()
    }
}

impl Source for PartStream<'_> {
    fn event<'b>(
        reader: &mut quick_xml::Reader<Self>,
        buf: &'b mut Vec<u8>,
    ) -> quick_xml::Result<Event<'b>>
    where
        Self: 'b,
    {
        buf.clear();
        reader.read_event_into(buf)
    }

    fn verify(&mut self) -> Option<DamageKind> {
        if self.failure.is_none() {
            // Bounded by the part's declared size, itself within the limits.
            let _ = std::io::copy(self, &mut std::io::sink());
        }
        self.failure.clone()
    }
}

/// An attribute's value as XML 1.0 defines it (references resolved, tabs and line
/// breaks as spaces). Most values (cell references, indexes, types) hold none of those:
/// they are lent as written, without the parser's general path.
fn normalized(attribute: Attribute<'_>) -> quick_xml::Result<Cow<'_, str>> {
    let plain = !attribute
        .value
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'));
    match plain {
        true => Ok(attribute.value),
        false => attribute.normalized_value(XmlVersion::Implicit1_0),
    }
}

/// A name without its namespace prefix (`r:id` is `id`), as the parser's own
/// `local_name` gives it. Names are a few bytes long, and one is looked at for every
/// element and attribute of every cell: a plain loop finds the prefix's `:` faster than
/// the parser's general search.
fn local_name(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    }
}

/// Whether two names are the same. Names are a few bytes long: compared here byte by
/// byte, without a call to the general comparison.
fn same_name(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// An element's name without its namespace prefix (`x:c` is `c`).
pub trait Local {
    fn local(&self) -> &str;
}

/// The text after the first `:` (an ASCII byte, so a character boundary), or all.
fn local_str(name: &str) -> &str {
    let local = local_name(name.as_bytes());
    name.get(name.len() - local.len()..).unwrap_or(name)
}

impl Local for BytesStart<'_> {
    fn local(&self) -> &str {
        local_str(self.name().0)
    }
}

impl Local for BytesEnd<'_> {
    fn local(&self) -> &str {
        local_str(self.name().0)
    }
}

/// A reader over one part, which knows the part's name for its errors. Events are read
/// into a buffer the caller gives, so that they can be held while the part is read on.
pub struct Part<'n, R> {
    reader: quick_xml::Reader<R>,
    name: &'n str,
    scratch: Vec<u8>,
}

fn problem(e: &quick_xml::Error) -> XmlProblem {
    match e {
        quick_xml::Error::IllFormed(_) => XmlProblem::Mismatched,
        quick_xml::Error::Encoding(_) => XmlProblem::Encoding,
        quick_xml::Error::Escape(_) => XmlProblem::Reference,
        quick_xml::Error::InvalidAttr(_) => XmlProblem::Attribute,
        quick_xml::Error::Syntax(_) | quick_xml::Error::Namespace(_) | quick_xml::Error::Io(_) => {
            XmlProblem::Syntax
        }
    }
}

/// The next event of `reader`, lent from its bytes or read into `buf`.
fn read<'b, R: Source + 'b>(
    reader: &mut quick_xml::Reader<R>,
    buf: &'b mut Vec<u8>,
) -> Result<Event<'b>, Result<quick_xml::Error, ()>> {
    match isolation::library(|| R::event(reader, buf)) {
        Ok(Ok(event)) => Ok(event),
        Ok(Err(e)) => Err(Ok(e)),
        Err(_) => Err(Err(())),
    }
}

impl<'n, R: Source> Part<'n, R> {
    pub fn new(name: &'n str, source: R) -> Self {
        Part {
            reader: quick_xml::Reader::from_reader(source),
            name,
            scratch: Vec::new(),
        }
    }

    /// The damage at the parser's current place.
    pub fn damage(&self, problem: DamageKind) -> ReadError {
        Damage::in_part(self.name, problem)
            .at(self.reader.buffer_position())
            .into()
    }

    fn failed(&mut self, e: Result<quick_xml::Error, ()>) -> ReadError {
        let problem = match e {
            Err(()) => DamageKind::LibraryFailed,
            Ok(e) => DamageKind::Xml(problem(&e)),
        };
        let error = Damage::in_part(self.name, problem)
            .at(self.reader.error_position())
            .into();
        self.confirm(error)
    }

    /// An error met while reading the part, unless the part's bytes themselves are
    /// damaged (they do not inflate, or their checksum differs): that says more than the
    /// XML error the damage caused.
    pub fn confirm(&mut self, error: ReadError) -> ReadError {
        match (&error, self.reader.get_mut().verify()) {
            (ReadError::Damaged(_), Some(damage)) => Damage::in_part(self.name, damage).into(),
            _ => error,
        }
    }

    /// The next event (read into `buf` when the part is streamed); the end of the part
    /// is [`Event::Eof`].
    pub fn next<'b>(&mut self, buf: &'b mut Vec<u8>) -> Result<Event<'b>, ReadError>
    where
        R: 'b,
    {
        match read(&mut self.reader, buf) {
            Ok(event) => Ok(event),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn attribute_error(&self, e: Result<quick_xml::Error, ()>) -> ReadError {
        match e {
            Ok(e) => Damage::in_part(self.name, DamageKind::Xml(problem(&e)))
                .at(self.reader.buffer_position())
                .into(),
            Err(()) => self.damage(DamageKind::LibraryFailed),
        }
    }

    /// The values of the attributes named (by local name, any prefix: `r:id` answers
    /// `id` unless a plain `id` comes first), unescaped.
    pub fn attributes<'e, const N: usize>(
        &self,
        e: &'e BytesStart<'_>,
        names: [&str; N],
    ) -> Result<[Option<Cow<'e, str>>; N], ReadError> {
        let found = isolation::library(|| {
            let mut found: [Option<Cow<'_, str>>; N] = [const { None }; N];
            let mut attributes = e.attributes();
            // A name given twice is malformed XML; the first is read, as the parser
            // would otherwise allocate to remember every name.
            attributes.with_checks(false);
            for attribute in attributes {
                let attribute = attribute.map_err(|_| XmlProblem::Attribute)?;
                let local = local_name(attribute.key.0.as_bytes());
                if let Some(i) = names.iter().position(|n| same_name(n.as_bytes(), local))
                    && found[i].is_none()
                {
                    found[i] = Some(normalized(attribute).map_err(|e| problem(&e))?);
                }
            }
            Ok::<_, XmlProblem>(found)
        });
        match found {
            Ok(Ok(found)) => Ok(found),
            Ok(Err(problem)) => Err(self.damage(DamageKind::Xml(problem))),
            Err(_) => Err(self.damage(DamageKind::LibraryFailed)),
        }
    }

    /// Hands every attribute (its local name and unescaped value) to `each`, for an
    /// element whose attributes share local names across namespaces.
    pub fn visit_attributes(
        &self,
        e: &BytesStart<'_>,
        mut each: impl FnMut(&str, Cow<'_, str>),
    ) -> Result<(), ReadError> {
        let visited = isolation::library(|| {
            let mut attributes = e.attributes();
            attributes.with_checks(false);
            for attribute in attributes {
                let attribute = attribute.map_err(quick_xml::Error::InvalidAttr)?;
                let key = attribute.key;
                each(local_str(key.0), normalized(attribute)?);
            }
            Ok::<_, quick_xml::Error>(())
        });
        match visited {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(self.attribute_error(Ok(e))),
            Err(_) => Err(self.attribute_error(Err(()))),
        }
    }

    /// One attribute's value.
    pub fn attribute<'e>(
        &self,
        e: &'e BytesStart<'_>,
        name: &str,
    ) -> Result<Option<Cow<'e, str>>, ReadError> {
        let [value] = self.attributes(e, [name])?;
        Ok(value)
    }

    /// Appends an entity or character reference met in text (`&amp;`, `&#233;`).
    pub fn push_reference(&self, r: &BytesRef<'_>, out: &mut String) -> Result<(), ReadError> {
        match r.resolve_char_ref() {
            Ok(Some(c)) => out.push(c),
            Ok(None) => match quick_xml::escape::resolve_predefined_entity(r) {
                Some(text) => out.push_str(text),
                None => return Err(self.damage(DamageKind::Xml(XmlProblem::Reference))),
            },
            Err(_) => return Err(self.damage(DamageKind::Xml(XmlProblem::Reference))),
        }
        Ok(())
    }

    /// The text of the element just opened (`<v>…</v>`), up to its end, appended to
    /// `out`: text, CDATA and references, nested elements' text included.
    pub fn text(&mut self, out: &mut String) -> Result<(), ReadError> {
        let mut scratch = std::mem::take(&mut self.scratch);
        let result = self.text_with(&mut scratch, out);
        self.scratch = scratch;
        result
    }

    fn text_with(&mut self, buf: &mut Vec<u8>, out: &mut String) -> Result<(), ReadError> {
        let mut depth = 0u32;
        loop {
            match self.next(buf)? {
                Event::Text(t) => out.push_str(&t.xml10_content()),
                Event::CData(t) => out.push_str(&t.xml10_content()),
                Event::GeneralRef(r) => self.push_reference(&r, out)?,
                Event::Start(_) => depth = depth.saturating_add(1),
                Event::End(_) if depth == 0 => return Ok(()),
                Event::End(_) => depth -= 1,
                Event::Eof => {
                    return Err(self.damage(DamageKind::Xml(XmlProblem::Mismatched)));
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_start(part: &mut Part<'_, &[u8]>, buf: &mut Vec<u8>) -> BytesStart<'static> {
        loop {
            match part.next(buf).unwrap() {
                Event::Start(e) | Event::Empty(e) => return e.into_owned(),
                Event::Eof => panic!("no element"),
                _ => {}
            }
        }
    }

    #[test]
    fn attributes_in_any_order_quotes_and_references() {
        let xml = br#"<sheet r:id='rId&#50;' name="Lot &#233;t&amp;&quot;" sheetId="1"/>"#;
        let mut part = Part::new("xl/workbook.xml", &xml[..]);
        let mut buf = Vec::new();
        let e = first_start(&mut part, &mut buf);
        let [name, id, missing] = part.attributes(&e, ["name", "id", "state"]).unwrap();
        assert_eq!(name.as_deref(), Some("Lot ét&\""));
        assert_eq!(id.as_deref(), Some("rId2"));
        assert_eq!(missing, None);
    }

    #[test]
    fn text_with_references_and_cdata() {
        let xml = b"<t>a &lt; b &#x2014; <![CDATA[<c>]]></t>";
        let mut part = Part::new("p", &xml[..]);
        let mut buf = Vec::new();
        first_start(&mut part, &mut buf);
        let mut out = String::new();
        part.text(&mut out).unwrap();
        assert_eq!(out, "a < b \u{2014} <c>");
    }

    #[test]
    fn malformed_xml_names_the_part_and_the_byte() {
        let xml = b"<a><b></a>";
        let mut part = Part::new("content.xml", &xml[..]);
        let mut buf = Vec::new();
        let e = loop {
            match part.next(&mut buf) {
                Ok(Event::Eof) => panic!("no error"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        match e {
            ReadError::Damaged(d) => {
                assert_eq!(d.part.as_deref(), Some("content.xml"));
                assert_eq!(d.problem, DamageKind::Xml(XmlProblem::Mismatched));
                assert!(d.at.is_some());
            }
            other => panic!("{other:?}"),
        }
        let bad = b"<t>&nosuch;</t>";
        let mut part = Part::new("p", &bad[..]);
        first_start(&mut part, &mut buf);
        assert!(matches!(
            part.text(&mut String::new()),
            Err(ReadError::Damaged(Damage {
                problem: DamageKind::Xml(XmlProblem::Reference),
                ..
            }))
        ));
    }
}

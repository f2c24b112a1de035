//! Typed fields out of a parsed TOML table with their spans (`Cx`),
//! reporting unknown, missing, mistyped and empty ones as findings.

#[allow(unused_imports)]
use super::*;

/// The span of the name in the first `[key]` table header of `text`, for
/// every key, in one pass.
pub(super) fn first_headers(text: &str) -> std::collections::HashMap<&str, Range<usize>> {
    let mut out = std::collections::HashMap::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let Some(inner) = trimmed.strip_prefix('[') else {
            continue;
        };
        let Some(end) = inner.find(']') else {
            continue;
        };
        let name = &inner[..end];
        let name_start = start + (line.len() - trimmed.len()) + 1;
        out.entry(name.trim().trim_matches('"'))
            .or_insert(name_start..name_start + name.len());
    }
    out
}

pub(super) type Entry<'t, 'i> = (
    &'t Spanned<toml::de::DeString<'i>>,
    &'t Spanned<DeValue<'i>>,
);

/// The per-file context of extraction: where findings go.
pub(super) struct Cx<'p> {
    pub(super) id: FileId,
    pub(super) path: &'p Path,
    pub(super) findings: Vec<Finding>,
}

/// A table being read: its entries, its span (`None` for a whole file) and
/// what it is called in messages.
pub(super) struct Table<'t, 'i> {
    pub(super) entries: &'t DeTable<'i>,
    pub(super) span: Option<Range<usize>>,
    pub(super) what: String,
    /// The keys this kind of table may have.
    pub(super) known: &'static [&'static str],
}

impl<'t, 'i> Table<'t, 'i> {
    pub(super) fn get(&self, key: &str) -> Option<Entry<'t, 'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
    }
}

pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) if dt.time.is_none() => "a date",
        DeValue::Datetime(dt) if dt.date.is_none() => "a time",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Cx<'_> {
    pub(super) fn finding(
        &mut self,
        code: Code,
        span: Range<usize>,
        msg: String,
        label: impl Into<String>,
    ) -> &mut Finding {
        self.findings
            .push(Finding::at(code, self.path, self.id, span, msg, label));
        self.findings.last_mut().expect("just pushed")
    }

    /// Turns the parser's errors into findings; returns whether any of them
    /// is fatal (anything but a duplicate key, after which the first value
    /// still stands).
    pub(super) fn syntax_errors(
        &mut self,
        kind: FileKind,
        text: &str,
        errors: &[toml::de::Error],
    ) -> bool {
        let mut fatal = false;
        // Regions under a repeated `[outlet]` header: their keys repeat the
        // first table's, which is one mistake, already reported.
        let mut repeated: Vec<Range<usize>> = Vec::new();
        let mut headers = None;
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim();
            if !msg.starts_with("duplicate key") {
                fatal = true;
                self.finding(
                    Code::TomlSyntax,
                    span,
                    format!("TOML syntax error: {}", first_line(msg)),
                    first_line(msg),
                )
                .help = Some("see https://toml.io for the syntax".into());
                continue;
            }
            if repeated.iter().any(|r| r.contains(&span.start)) {
                continue;
            }
            let key = text
                .get(span.clone())
                .unwrap_or_default()
                .trim()
                .trim_matches('"');
            let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
            let is_header = text[line_start..].trim_start().starts_with('[');
            if matches!(kind, FileKind::Outlets) && is_header {
                let end = text[span.end..]
                    .find("\n[")
                    .map_or(text.len(), |i| span.end + i + 1);
                repeated.push(span.end..end);
                let first = headers
                    .get_or_insert_with(|| first_headers(text))
                    .get(key)
                    .cloned();
                let file = self.id;
                let f = self.finding(
                    Code::DuplicateOutlet,
                    span,
                    format!("outlet `{key}` is defined twice"),
                    "defined again here",
                );
                if let Some(first) = first {
                    f.secondary
                        .push(crate::diag::Label::new(file, first, "first defined here"));
                }
                f.help = Some("merge the two tables, or give one of them another id".into());
            } else {
                self.finding(
                    Code::DuplicateKey,
                    span,
                    format!("`{key}` is set twice"),
                    "set again here",
                )
                .help = Some("keep one of the two; TOML allows a key once per table".into());
            }
        }
        fatal
    }

    /// Reports keys that the table may not have.
    pub(super) fn unknown_fields(&mut self, t: &Table<'_, '_>) {
        let known = t.known;
        for (key, _) in t.entries.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let suggestion = ids::suggest(name, known.iter().copied());
            let label = match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "unknown field".to_string(),
            };
            let help = format!("the keys of {} are: {}", t.what, known.join(", "));
            let f = self.finding(
                Code::UnknownField,
                key.span(),
                format!("unknown field `{name}` in {}", t.what),
                label,
            );
            f.help = Some(help);
        }
    }

    pub(super) fn missing(&mut self, t: &Table<'_, '_>, key: &str, example: &str) {
        // A misspelt key is reported once, as unknown with "did you mean".
        let misspelt = t.entries.iter().any(|(k, _)| {
            let k = k.get_ref().as_ref();
            !t.known.contains(&k) && ids::suggest(k, t.known.iter().copied()) == Some(key)
        });
        if misspelt {
            return;
        }
        let msg = format!("missing field `{key}` in {}", t.what);
        let help = format!("add `{key} = {example}`");
        match &t.span {
            Some(span) => {
                let label = format!("this entry has no `{key}`");
                self.finding(Code::MissingField, span.clone(), msg, label)
                    .help = Some(help);
            }
            None => self
                .findings
                .push(Finding::at_path(Code::MissingField, self.path, msg).help(help)),
        }
    }

    pub(super) fn wrong_type(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        expected: &str,
        help: Option<String>,
    ) {
        let found = type_name(value.get_ref());
        let f = self.finding(
            Code::WrongType,
            value.span(),
            format!("`{key}` must be {expected}, found {found}"),
            format!("expected {expected}"),
        );
        f.help = help;
    }

    /// A string value; empty and whitespace-only strings are findings.
    pub(super) fn string(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<Sp<String>> {
        let Some((_, value)) = t.get(key) else {
            if required {
                self.missing(t, key, "\"…\"");
            }
            return None;
        };
        self.string_value(value, key)
    }

    pub(super) fn string_value(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
    ) -> Option<Sp<String>> {
        let DeValue::String(s) = value.get_ref() else {
            self.wrong_type(value, key, "a string", None);
            return None;
        };
        if s.trim().is_empty() {
            self.finding(
                Code::EmptyString,
                value.span(),
                format!("`{key}` is empty"),
                "empty string",
            )
            .help = Some(format!("write a value or remove the `{key}` line"));
            return None;
        }
        Some(Sp::new(s.to_string(), value.span()))
    }

    pub(super) fn link(
        &mut self,
        t: &Table<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<Sp<Link>> {
        let s = self.string(t, key, required)?;
        let url = match Url::parse(s.trim()) {
            Ok(u) => Some(u),
            Err(e) => {
                self.finding(
                    Code::InvalidUrl,
                    s.span.clone(),
                    format!("`{key}` is not a valid URL: {e}"),
                    "not a URL",
                )
                .help = Some("write the full address, such as https://www.reuters.com/…".into());
                None
            }
        };
        Some(Sp::new(Link::new(s.value, url), s.span))
    }

    pub(super) fn date(&mut self, t: &Table<'_, '_>, key: &str) -> Option<Sp<jiff::civil::Date>> {
        let (_, value) = t.get(key)?;
        let help = format!("write a TOML date without quotes: `{key} = 2014-04-19`");
        let date = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt.date,
            _ => None,
        };
        let Some(d) = date else {
            self.wrong_type(value, key, "a date", Some(help));
            return None;
        };
        match jiff::civil::Date::new(d.year as i16, d.month as i8, d.day as i8) {
            Ok(date) => Some(Sp::new(date, value.span())),
            Err(e) => {
                self.finding(
                    Code::InvalidValue,
                    value.span(),
                    format!("`{key}` is not a calendar date: {e}"),
                    "no such date",
                );
                None
            }
        }
    }

    pub(super) fn strings(&mut self, t: &Table<'_, '_>, key: &str) -> Vec<Sp<String>> {
        let Some((_, value)) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let help = format!("write a list: `{key} = [\"…\"]`");
            self.wrong_type(value, key, "an array of strings", Some(help));
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.string_value(item, key))
            .collect()
    }

    /// The tables of an array of tables (`[[sources]]`).
    pub(super) fn tables<'t, 'i>(
        &mut self,
        t: &Table<'t, 'i>,
        key: &str,
    ) -> Vec<(Range<usize>, &'t DeTable<'i>)> {
        let Some((_, value)) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            let help = format!("write each entry as a `[[{key}]]` table");
            self.wrong_type(value, key, "an array of tables", Some(help));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(tbl) => out.push((item.span(), tbl)),
                other => {
                    let found = type_name(other);
                    self.finding(
                        Code::NotATable,
                        item.span(),
                        format!("an entry of `{key}` must be a table, found {found}"),
                        "expected a table",
                    )
                    .help = Some(format!(
                        "write each entry as a `[[{key}]]` table with its keys under it"
                    ));
                }
            }
        }
        out
    }

    /// The outlets, in the order of the file.
    pub(super) fn outlets(&mut self, doc: &DeTable<'_>, text: &str) -> Vec<Outlet> {
        let mut out = Vec::new();
        // One pass over the text, not one per outlet.
        let headers = first_headers(text);
        for (key, value) in doc.iter() {
            let id = key.get_ref().to_string();
            let DeValue::Table(entries) = value.get_ref() else {
                let found = type_name(value.get_ref());
                self.finding(
                    Code::NotATable,
                    value.span(),
                    format!("outlet `{id}` must be a table, found {found}"),
                    "expected a table",
                )
                .help = Some(format!(
                    "write `[{id}]` on its own line, then `name = \"…\"` under it"
                ));
                continue;
            };
            let t = Table {
                entries,
                span: Some(key.span()),
                what: format!("outlet `{id}`"),
                known: crate::layout::OUTLET_KEYS,
            };
            self.unknown_fields(&t);
            let name = self.string(&t, "name", true);
            let aliases = self.strings(&t, "aliases");
            let domains = self.strings(&t, "domains");
            let homepage = self.link(&t, "homepage", false);
            if let Some(name) = name {
                // After a repeated `[id]` header the parser keeps the
                // second one's span; the first is where the outlet is.
                let span = headers
                    .get(id.as_str())
                    .cloned()
                    .unwrap_or_else(|| key.span());
                out.push(Outlet {
                    id: Sp::new(id, span),
                    name,
                    aliases,
                    domains,
                    homepage,
                });
            }
        }
        out.sort_by_key(|o: &Outlet| o.id.span.start);
        out
    }

    pub(super) fn article(&mut self, doc: &DeTable<'_>, slug: &str) -> Option<Article> {
        let t = Table {
            entries: doc,
            span: None,
            what: "an article".into(),
            known: crate::layout::ARTICLE_KEYS,
        };
        self.unknown_fields(&t);
        let title = self.string(&t, "title", true);
        let outlet = self.string(&t, "outlet", true);
        let url = self.link(&t, "url", false);
        let archive = self.link(&t, "archive", false);
        let published = self.date(&t, "published");
        let byline = self.string(&t, "byline", false);
        let section = self.string(&t, "section", false);
        let excerpt = self.string(&t, "excerpt", false);
        Some(Article {
            slug: slug.to_string(),
            file: self.id,
            title: title?,
            outlet: outlet?,
            url,
            archive,
            published,
            byline,
            section,
            excerpt,
        })
    }

    /// A claim, or what could be read of it when a required key is missing
    /// or invalid (its references are still checked).
    pub(super) fn claim(&mut self, doc: &DeTable<'_>, article: &str, id: &str) -> Item {
        let t = Table {
            entries: doc,
            span: None,
            what: "a claim".into(),
            known: crate::layout::CLAIM_KEYS,
        };
        self.unknown_fields(&t);
        let claim = self.string(&t, "claim", true);
        let quote = self.string(&t, "quote", false);
        let attributed_to = self.string(&t, "attributed_to", false);
        let attribution = self.string(&t, "attribution", false);
        let status = self.status(&t);
        let credit = self.credit(&t);
        let note = self.string(&t, "note", false);
        let topics = self.strings(&t, "topics");
        let sources = self
            .tables(&t, crate::layout::SOURCES_KEY)
            .into_iter()
            .map(|(span, entries)| self.source(span, entries))
            .collect();
        let (Some(claim), Some((status, legacy))) = (claim, status) else {
            return Item::PartialClaim(Box::new(PartialClaim {
                file: self.id,
                attributed_to,
                attribution,
                sources,
            }));
        };
        Item::Claim(Box::new(Claim {
            id: id.to_string(),
            article: article.to_string(),
            file: self.id,
            claim,
            quote,
            attributed_to,
            attribution,
            status,
            credit: credit.or(legacy),
            note,
            topics,
            sources,
        }))
    }

    pub(super) fn source(&mut self, span: Range<usize>, entries: &DeTable<'_>) -> Source {
        let t = Table {
            entries,
            span: Some(span.clone()),
            what: "a source".into(),
            known: crate::layout::SOURCE_KEYS,
        };
        self.unknown_fields(&t);
        Source {
            span,
            url: self.link(&t, "url", true),
            outlet: self.string(&t, "outlet", false),
            title: self.string(&t, "title", false),
            published: self.date(&t, "published"),
            accessed: self.date(&t, "accessed"),
            archive: self.link(&t, "archive", false),
            excerpt: self.string(&t, "excerpt", false),
            credited: self.boolean(&t, "credited"),
        }
    }
}

//! Comparison data files (`*.compare.{toml,yaml,yml,json}`): parsed into a
//! typed, validated [`Comparison`]; turned into views for templates, the
//! decision widget and `data.json` by [`view`].

pub mod analysis;
pub mod cell;
pub mod cell_html;
pub mod csv;
pub mod dealbreakers;
pub mod locate;
pub mod pairs;
pub mod rows;
pub mod schema;
pub mod search_text;
pub mod tera_fns;
pub mod validate;
pub mod view;

use std::path::{Path, PathBuf};

use crate::unique_keys::{yaml_duplicate_offset, UniqueKeys};
use crate::Error;
use locate::{locate, Step};
use schema::ComparisonData;

pub use tera_fns::{json_script, GetComparison};

/// The JSON Schema of comparison files (`schemas/comparison.schema.json`),
/// written to `comparison.schema.json` in the output of sites with comparisons.
pub const JSON_SCHEMA: &str = include_str!("../../schemas/comparison.schema.json");
pub use view::{data_json, view};

/// The three formats a comparison can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `*.compare.toml`
    Toml,
    /// `*.compare.yaml` or `*.compare.yml`
    Yaml,
    /// `*.compare.json`
    Json,
}

impl Format {
    /// The format and the file name without `.compare.<ext>`, or `None` when
    /// `path` is not a comparison data file.
    fn of(path: &Path) -> Option<(Format, &str)> {
        let name = path.file_name()?.to_str()?;
        let (stem, ext) = name.rsplit_once(".compare.")?;
        let format = match ext {
            "toml" => Format::Toml,
            "yaml" | "yml" => Format::Yaml,
            "json" => Format::Json,
            _ => return None,
        };
        (!stem.is_empty()).then_some((format, stem))
    }
}

/// Format from the file name: `*.compare.toml|yaml|yml|json`; false for anything else.
pub fn is_comparison_file(path: &Path) -> bool {
    Format::of(path).is_some()
}

/// One validated comparison data file.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    id: String,
    /// Relative to the site root; what errors print.
    rel_path: PathBuf,
    /// Folder under `content/`, `/`-separated, empty or ending in `/`.
    folder: String,
    format: Format,
    /// The parsed, validated data.
    pub data: ComparisonData,
    /// The file's text, kept to locate errors found later (broken links).
    source: String,
    /// The data as plain text for the search index, one block per section.
    text_blocks: Vec<crate::markdown::TextBlock>,
    /// With `pairs = true`: every pair page's title, description and text.
    pair_texts: Vec<pairs::PairText>,
}

impl Comparison {
    /// `slug` if set, else the file name without `.compare.<ext>`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Site-relative output path with a trailing slash and no leading slash:
    /// the file's folder under `content/` plus the id, e.g. `guides/x/`.
    pub fn path(&self) -> String {
        format!("{}{}/", self.folder, self.id)
    }

    /// The comparison's title.
    pub fn title(&self) -> &str {
        &self.data.title
    }

    /// The comparison's description (may be empty).
    pub fn description(&self) -> &str {
        &self.data.description
    }

    /// Relative to the site root, as given to [`load`].
    pub fn rel_path(&self) -> &Path {
        &self.rel_path
    }

    /// The format the file is written in.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The file's text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The data as plain text under the comparison page's sections, for the
    /// search index ([`search_text::text_blocks`]).
    pub fn text_blocks(&self) -> &[crate::markdown::TextBlock] {
        &self.text_blocks
    }

    /// Its "A vs. B" pages (none unless `pairs = true`), in declared order.
    pub fn pair_texts(&self) -> &[pairs::PairText] {
        &self.pair_texts
    }

    /// Site-relative output path of a pair page: `<comparison path><a>-vs-<b>/`.
    pub fn pair_path(&self, pair: &pairs::PairText) -> String {
        format!("{}{}/", self.path(), pair.segment)
    }

    /// Every `@/...` internal link in the data (option `url`s, links inside
    /// Markdown values) with its 1-based line and column in the file.
    pub fn internal_links(&self) -> Vec<(String, usize, usize)> {
        let mut links = Vec::new();
        for o in &self.data.options {
            if let Some(url) = o.url.as_deref().filter(|u| u.starts_with("@/")) {
                links.push(url.to_string());
            }
            links.extend(view::markdown_links(&o.summary));
        }
        for d in self.data.dimensions.iter() {
            for o in &self.data.options {
                if let Some(v) = d.values.get(&o.id) {
                    links.extend(view::markdown_links(v.text()));
                }
            }
        }
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        links
            .into_iter()
            .map(|link| {
                let n = seen.entry(link.clone()).or_insert(0);
                let offset = self
                    .source
                    .match_indices(link.as_str())
                    .nth(*n)
                    .or_else(|| self.source.match_indices(link.as_str()).next())
                    .map_or(0, |(i, _)| i);
                *n += 1;
                let (line, col) = crate::error::line_col(&self.source, offset);
                (link, line, col)
            })
            .collect()
    }

    /// The CSV file its rows come from (`dimensions = "rows.csv"`), relative
    /// to `content/`; `None` when the rows are written inline.
    pub fn rows_file(&self) -> Option<String> {
        let name = self.data.dimensions.csv.as_deref()?;
        Some(format!("{}{name}", self.folder))
    }

    /// Fill in the rows from the text of [`Self::rows_file`] (`display` is
    /// that file as errors print it), checked against this comparison.
    pub fn read_rows(&mut self, display: &Path, text: &str) -> Result<(), Vec<Error>> {
        let options: Vec<String> = self.data.options.iter().map(|o| o.id.clone()).collect();
        self.data.dimensions.rows = csv::read_rows(display, text, &options)?;
        let problems = validate::validate_requirements(&self.data);
        if problems.is_empty() {
            // What search reads of the table: the rows are here only now.
            self.text_blocks = search_text::text_blocks(&self.data);
            self.pair_texts = pairs::texts(&self.data);
            Ok(())
        } else {
            Err(located(&self.rel_path, &self.source, problems))
        }
    }

    /// What `versus check` proves about the decision model: each warning
    /// with its 1-based line in the file (see [`analysis`]).
    pub fn model_warnings(&self) -> Vec<(usize, String)> {
        analysis::analyse(&self.data)
            .into_iter()
            .map(|f| {
                let line = locate(&self.source, &f.at)
                    .map_or(1, |offset| crate::error::line_col(&self.source, offset).0);
                (line, f.message)
            })
            .collect()
    }

    /// An error in this file at the place `path` leads to (or at its start).
    pub(crate) fn error_at(&self, message: impl Into<String>, path: &[Step]) -> Error {
        error_at(&self.rel_path, &self.source, message, path)
    }
}

fn error_at(rel_path: &Path, source: &str, message: impl Into<String>, path: &[Step]) -> Error {
    let err = Error::new(message).in_file(rel_path);
    match locate(source, path) {
        Some(offset) => err.at_offset(source, offset),
        None => err.at(1, 1).with_snippet_line(source, 1),
    }
}

/// Problems found by validation, as errors located in the file, in file order.
fn located(rel_path: &Path, source: &str, problems: Vec<validate::Problem>) -> Vec<Error> {
    let mut errors: Vec<Error> = problems
        .into_iter()
        .map(|p| {
            let mut err = error_at(rel_path, source, p.message, &p.at);
            if let Some(hint) = p.hint {
                err = err.with_hint(hint);
            }
            if let Some((found, candidates)) = p.suggest {
                err = err.suggesting(&found, candidates.iter().map(String::as_str));
            }
            err
        })
        .collect();
    errors.sort_by_key(|e| (e.line, e.column));
    errors
}

/// Parse and validate one data file. `rel_path` is relative to the site root
/// (e.g. `content/cio-vs-cto.compare.toml`) and is what errors print;
/// `content_rel` is relative to `content/` (e.g. `cio-vs-cto.compare.toml`).
pub fn load(rel_path: &Path, content_rel: &Path, source: &str) -> Result<Comparison, Vec<Error>> {
    let Some((format, stem)) = Format::of(content_rel).or_else(|| Format::of(rel_path)) else {
        return Err(vec![Error::new(
            "not a comparison data file: expected a name ending in `.compare.toml`, `.compare.yaml`, `.compare.yml` or `.compare.json`",
        )
        .in_file(rel_path)]);
    };
    let data = parse(format, source).map_err(|e| vec![e.in_file(rel_path)])?;
    let problems = validate::validate(&data);
    if !problems.is_empty() {
        return Err(located(rel_path, source, problems));
    }
    let id = data.slug.clone().unwrap_or_else(|| stem.to_string());
    let folder: String = content_rel
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(format!("{}/", s.to_string_lossy())),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let text_blocks = search_text::text_blocks(&data);
    let pair_texts = pairs::texts(&data);
    Ok(Comparison {
        text_blocks,
        pair_texts,
        id,
        rel_path: rel_path.to_path_buf(),
        folder,
        format,
        data,
        source: source.to_string(),
    })
}

/// JSON data, with no key twice in an object (serde_json keeps the last).
fn unique_json(source: &str) -> Result<ComparisonData, serde_json::Error> {
    serde_json::from_str::<UniqueKeys>(source)?;
    serde_json::from_str(source)
}

/// YAML data, with no key twice in a mapping.
fn unique_yaml(source: &str) -> Result<ComparisonData, serde_yaml_ng::Error> {
    serde_yaml_ng::from_str::<UniqueKeys>(source)?;
    serde_yaml_ng::from_str(source)
}

/// Deserialize `source`; the error has a location but no file yet.
fn parse(format: Format, source: &str) -> Result<ComparisonData, Box<Error>> {
    let parsed = match format {
        Format::Toml => toml::from_str(source).map_err(|e| {
            let err = serde_error(e.message());
            match e.span() {
                Some(span) => err.at_offset(source, span.start),
                None => err,
            }
        }),
        Format::Json => unique_json(source).map_err(|e| {
            let text = e.to_string();
            let err = serde_error(strip_position(&text));
            if e.line() == 0 {
                return err;
            }
            // serde_json says column 0 when it stopped on a newline (a raw
            // line break inside a string): that is the end of the line before.
            let (line, column) = match (e.line(), e.column()) {
                (l, 0) if l > 1 => {
                    let prev = source.split('\n').nth(l - 2).unwrap_or("");
                    (l - 1, prev.chars().count() + 1)
                }
                (l, c) => {
                    // serde_json counts bytes; versus columns count characters.
                    let text = source.split('\n').nth(l.saturating_sub(1)).unwrap_or("");
                    let mut end = c.saturating_sub(1).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    (l, text[..end].chars().count() + 1)
                }
            };
            let col = json_column(source, line, column, &text);
            err.at(line, col).with_snippet_line(source, line)
        }),
        Format::Yaml => unique_yaml(source).map_err(|e| {
            let text = e.to_string();
            let err = serde_error(strip_position(&text));
            // The byte index, not libyaml's line and column: libyaml also
            // breaks lines at `\r` and U+0085, which our locations do not.
            match e.location() {
                Some(loc) => {
                    let at = yaml_duplicate_offset(source, &text, loc.index());
                    err.at_offset(source, at.unwrap_or(loc.index()))
                }
                None => err,
            }
        }),
    };
    parsed.map_err(Box::new)
}

/// An error from a serde message, with a "did you mean" hint for unknown
/// fields and variants (`unknown field `x`, expected one of `a`, `b``).
fn serde_error(message: &str) -> Error {
    let message = message.trim();
    let err = Error::new(message);
    if !(message.contains("unknown field") || message.contains("unknown variant")) {
        return err;
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    match quoted.split_first() {
        Some((found, candidates)) => {
            let err = err.suggesting(found, candidates.iter().copied());
            if err.hint.is_none() && !candidates.is_empty() {
                let list: Vec<String> = candidates.iter().map(|c| format!("`{c}`")).collect();
                err.with_hint(format!("expected one of {}", list.join(", ")))
            } else {
                err
            }
        }
        None => err,
    }
}

/// serde_json and serde_yaml_ng end their messages with " at line L column C".
fn strip_position(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// serde_json reports an unknown field after reading the whole key; point at
/// the key itself instead.
fn json_column(source: &str, line: usize, column: usize, text: &str) -> usize {
    let Some(found) = text.split('`').nth(1) else {
        return column;
    };
    if !(text.contains("unknown field") || text.contains("unknown variant")) {
        return column;
    }
    let Some(src_line) = source.lines().nth(line.saturating_sub(1)) else {
        return column;
    };
    let upto: String = src_line.chars().take(column).collect();
    match upto.rfind(&format!("\"{found}\"")) {
        Some(byte) => upto[..byte].chars().count() + 1,
        None => column,
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod render_tests;

#[cfg(test)]
mod typed_tests;

#[cfg(test)]
mod analysis_tests;

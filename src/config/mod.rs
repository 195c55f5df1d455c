//! `versus.toml` → [`Config`]: parsed strictly (unknown keys are errors with a
//! suggestion), validated once, with the URL parts later steps need precomputed.

pub mod taxonomy;
pub mod zola;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::markdown::slug::Strategy;

/// The name of the site configuration file at the site root.
pub const CONFIG_FILE: &str = "versus.toml";

/// Keys accepted at the top level of `versus.toml`.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "theme",
    "language",
    "other_languages",
    "generate_feed",
    "feed_limit",
    "generate_sitemap",
    "sitemap_listing_pages",
    "heading_anchors",
    "build_search_index",
    "highlight",
    "smart_punctuation",
    "slugify",
    "link_check",
    "zola_templates",
    "zola_theme",
    "taxonomies",
    "extra",
];

/// The site configuration, as templates see it (`config.*`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and the feed.
    pub title: String,
    /// One-sentence description, the default meta description.
    pub description: String,
    /// Where the site is published: `https://example.org/docs/`, or `/` for
    /// root-relative links only.
    pub base_url: String,
    /// Theme folder under `themes/`; `default` falls back to the built-in theme.
    pub theme: String,
    /// Language code for `<html lang>` and the feed.
    pub language: String,
    /// Languages the site's Markdown files are also written in, as Zola's
    /// `[languages]`: `page.fr.md` is the French version of `page.md`.
    /// versus builds `language` only; the translations are left out, with
    /// one warning ([`crate::content::languages`]).
    pub other_languages: Vec<String>,
    /// Write `atom.xml` with the dated pages.
    pub generate_feed: bool,
    /// How many of the newest pages the feed holds (0: all).
    pub feed_limit: usize,
    /// Write `sitemap.xml` (and mention it in `robots.txt`).
    pub generate_sitemap: bool,
    /// List a paginated section's listing pages after the first
    /// (`<section>/page/2/`, …) in the sitemap, as Zola does by default.
    pub sitemap_listing_pages: bool,
    /// Give every heading a `#` link to itself.
    pub heading_anchors: bool,
    /// Write the search index under `search/` (the default theme's search box
    /// shows only when this is on). Off unless asked for, as in Zola: on a
    /// large site it costs as much as the rest of the build.
    pub build_search_index: bool,
    /// Highlight fenced code blocks at build time (CSS classes `hl-*`). Off
    /// unless asked for, as in Zola: grammars are regex machines, and their
    /// work is paid on every build of a site with code.
    pub highlight: bool,
    /// Typographic quotes, dashes and ellipses (`"a"` → “a”, `--` → –).
    pub smart_punctuation: bool,
    /// How file names become URLs and headings become ids.
    pub slugify: Slugify,
    /// Which broken links fail `versus build` (`versus check` reports all).
    pub link_check: LinkCheck,
    /// Free-form values passed to templates.
    pub extra: toml::Table,
    /// The path part of `base_url`, always starting and ending with `/`.
    #[serde(skip_deserializing)]
    pub base_path: String,
    /// `base_url` as the config writes it (`base_url` itself ends with
    /// `/`): what a Zola site's templates see, as in Zola, which joins
    /// `config.base_url ~ "/x"`.
    #[serde(skip)]
    pub base_url_as_written: String,
    /// `language` under Zola's name, which Zola shortcodes and templates
    /// read (`config.default_language`).
    #[serde(skip_deserializing)]
    pub default_language: String,
    /// The writing direction of `language`: `rtl` for Arabic, Hebrew,
    /// Persian, Urdu and the other right-to-left scripts, else `ltr`.
    #[serde(skip_deserializing)]
    pub dir: String,
    /// The site's `templates/` are a Zola site's: only its shortcodes are
    /// used, and `template` keys in front matter are ignored (the default
    /// theme renders every page). Set when building from Zola's config.
    pub zola_templates: bool,
    /// With `zola_templates`: the Zola theme the site is written for
    /// (Zola's `theme`, a folder under `themes/`). Its shortcodes, with
    /// the templates they need, and its static files are used beneath the
    /// site's own; its page templates are not.
    pub zola_theme: String,
    /// The taxonomies pages can set terms of (`[[taxonomies]]`); `tags`
    /// when none are declared.
    pub taxonomies: Vec<taxonomy::TaxonomyConfig>,
}

/// `[slugify]`: the strategy for page file names and for heading ids.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Slugify {
    /// Page file names (and bundle folder names) → the last URL part.
    pub paths: Strategy,
    /// Heading text → heading id.
    pub anchors: Strategy,
}

/// Which broken links in the output fail a build.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LinkCheck {
    /// Every broken link, image and anchor in the output.
    #[default]
    All,
    /// Only `@/` links to the site's own pages and their anchors (Zola's
    /// rule); other broken links are counted in one warning and listed by
    /// `versus check`.
    Pages,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: String::new(),
            description: String::new(),
            base_url: "/".into(),
            theme: "default".into(),
            language: "en".into(),
            other_languages: Vec::new(),
            generate_feed: true,
            feed_limit: 20,
            generate_sitemap: true,
            sitemap_listing_pages: true,
            heading_anchors: true,
            build_search_index: false,
            highlight: false,
            smart_punctuation: true,
            slugify: Slugify::default(),
            link_check: LinkCheck::All,
            extra: toml::Table::new(),
            base_path: "/".into(),
            base_url_as_written: "/".into(),
            default_language: "en".into(),
            dir: "ltr".into(),
            zola_templates: false,
            zola_theme: String::new(),
            taxonomies: vec![taxonomy::TaxonomyConfig::tags()],
        }
    }
}

impl Config {
    /// Read and validate `versus.toml` from `root`; without one, a Zola
    /// site's `config.toml` (or `zola.toml`) is read instead, and the keys
    /// versus does not use come back as one warning.
    pub fn load(root: &Path) -> Result<(Config, Vec<Error>), Vec<Error>> {
        let path = root.join(CONFIG_FILE);
        let source = match std::fs::read(&path) {
            Ok(source) => source,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(found) = zola::find(root) {
                    return zola::load(root, found);
                }
                return Err(vec![Error::new(format!(
                    "no {CONFIG_FILE} found in {}",
                    root.display()
                ))
                .with_hint(
                    "run `versus init DIR` to create a new site, or pass --root",
                )]);
            }
            Err(e) => return Err(vec![Error::io(Path::new(CONFIG_FILE), &e)]),
        };
        let source =
            crate::error::utf8_text(Path::new(CONFIG_FILE), source).map_err(|e| vec![e])?;
        Ok((Config::parse(&source)?, Vec::new()))
    }

    /// Parse and validate the text of a `versus.toml`.
    pub fn parse(source: &str) -> Result<Config, Vec<Error>> {
        let file = Path::new(CONFIG_FILE);
        let table: toml::Table =
            toml::from_str(source).map_err(|e| vec![toml_error(file, source, &e)])?;
        let unknown: Vec<Error> = table
            .keys()
            .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
            .map(|k| {
                let offset = find_key(source, k).unwrap_or(0);
                Error::new(format!("unknown key `{k}` in {CONFIG_FILE}"))
                    .in_file(file)
                    .at_offset(source, offset)
                    .suggesting(k, KNOWN_KEYS.iter().copied())
                    .with_hint_if_none(format!("valid keys are: {}", KNOWN_KEYS.join(", ")))
            })
            .collect();
        if !unknown.is_empty() {
            return Err(unknown);
        }
        let mut config: Config =
            toml::from_str(source).map_err(|e| vec![toml_error(file, source, &e)])?;
        config.validate(source)?;
        Ok(config)
    }

    /// Normalise `base_url` and derive `base_path`.
    pub(crate) fn validate(&mut self, source: &str) -> Result<(), Vec<Error>> {
        let file = Path::new(CONFIG_FILE);
        let url = self.base_url.trim();
        let path = if let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        {
            match rest.find('/') {
                Some(i) if i > 0 => &rest[i..],
                None if !rest.is_empty() => "/",
                _ => return Err(vec![bad_base_url(file, source, url)]),
            }
        } else if url.starts_with('/') {
            url
        } else {
            return Err(vec![bad_base_url(file, source, url)]);
        };
        if path.contains(['?', '#', ' ']) {
            return Err(vec![bad_base_url(file, source, url)]);
        }
        let path = path.trim_end_matches('/');
        self.base_path = format!("{path}/");
        self.dir = direction(&self.language).into();
        self.default_language = self.language.clone();
        self.base_url_as_written = url.to_string();
        self.base_url = format!("{}/", url.trim_end_matches('/'));
        if self.base_url == "//" {
            self.base_url = "/".into();
        }
        let themes = [("theme", &self.theme), ("zola_theme", &self.zola_theme)];
        for (key, name) in themes {
            // An empty `zola_theme` is no Zola theme; a theme is always named.
            if key == "zola_theme" && name.is_empty() {
                continue;
            }
            if name.trim().is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
                let offset = find_key(source, key).unwrap_or(0);
                return Err(vec![Error::new(format!(
                    "`{key}` must be the name of a folder under themes/, got `{name}`"
                ))
                .in_file(file)
                .at_offset(source, offset)]);
            }
        }
        validate_languages(&self.language, &self.other_languages, file, source)?;
        taxonomy::validate(&mut self.taxonomies, self.slugify.paths, file, source)
    }

    /// Settings that build but are probably not what the user wants, as
    /// warnings (printed, never fatal). Today one: a `base_url` with no host
    /// while the sitemap or feed is written, whose URLs must be absolute.
    pub fn warnings(&self) -> Vec<Error> {
        let absolute =
            self.base_url.starts_with("https://") || self.base_url.starts_with("http://");
        let mut outputs = Vec::new();
        if self.generate_sitemap {
            outputs.push("sitemap.xml");
        }
        if self.generate_feed {
            outputs.push("atom.xml");
        }
        if absolute || outputs.is_empty() {
            return Vec::new();
        }
        vec![Error::new(format!(
            "`base_url` is `{}`, so {} and canonical links (`permalink`) hold URLs without a host, \
             which search engines and feed readers cannot follow",
            self.base_url,
            outputs.join(", ")
        ))
        .in_file(CONFIG_FILE)
        .with_hint(format!(
            "set base_url = \"https://example.org{}\" (the address the site is published at), \
             or pass --base-url to `versus build`",
            self.base_path
        ))]
    }

    /// Replace the base URL (the dev server points it at its own address).
    pub fn with_base_url(mut self, base_url: &str) -> Result<Config, Vec<Error>> {
        self.base_url = base_url.to_string();
        self.validate("")?;
        Ok(self)
    }

    /// Root-relative URL of a site path (`guides/a/` → `/docs/guides/a/`).
    pub fn url_of(&self, path: &str) -> String {
        joined(&self.base_path, path.trim_start_matches('/'))
    }

    /// Absolute URL of a site path, for feeds, sitemaps and canonical links.
    pub fn permalink_of(&self, path: &str) -> String {
        joined(&self.base_url, path.trim_start_matches('/'))
    }
}

/// Each of `other_languages` must be a code a file name can end in
/// (`page.fr.md`), and not the site's own `language`.
fn validate_languages(
    language: &str,
    others: &[String],
    file: &Path,
    source: &str,
) -> Result<(), Vec<Error>> {
    let offset = find_key(source, "other_languages").unwrap_or(0);
    let errors: Vec<Error> = others
        .iter()
        .filter_map(|code| {
            let problem = if code == language {
                "is the site's own `language`"
            } else if code.is_empty() || code.contains(['.', '/', '\\']) || code.trim() != code {
                "cannot end a file name (`page.CODE.md`)"
            } else {
                return None;
            };
            Some(
                Error::new(format!("`other_languages`: `{code}` {problem}"))
                    .in_file(file)
                    .at_offset(source, offset)
                    .with_hint(
                        "list the codes of the languages translations are in: `[\"fr\", \"de\"]`",
                    ),
            )
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// `a` then `b` percent-encoded where a URL needs it, in one allocation
/// (URLs are made for every link of every page; `format!` costs several
/// times more).
fn joined(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(a.len() + b.len());
    out.push_str(a);
    crate::url_path::push_encoded(&mut out, b);
    out
}

trait HintIfNone {
    fn with_hint_if_none(self, hint: String) -> Self;
}

impl HintIfNone for Error {
    fn with_hint_if_none(self, hint: String) -> Self {
        if self.hint.is_some() {
            self
        } else {
            self.with_hint(hint)
        }
    }
}

/// `rtl` when a language tag's primary language (or its script subtag) is
/// written right to left, else `ltr`: `ar`, `he`, `fa-IR`, `ur`, `az-Arab`.
fn direction(language: &str) -> &'static str {
    const RTL: [&str; 14] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ku", "ps", "sd", "ug", "ur", "yi", "syr",
    ];
    const RTL_SCRIPTS: [&str; 6] = ["arab", "hebr", "thaa", "syrc", "nkoo", "adlm"];
    let mut parts = language.split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = parts.next().unwrap_or_default();
    let script = parts.find(|p| p.len() == 4);
    let rtl = match script {
        Some(s) => RTL_SCRIPTS.contains(&s.as_str()),
        None => RTL.contains(&primary.as_str()),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

fn bad_base_url(file: &Path, source: &str, url: &str) -> Error {
    let offset = find_key(source, "base_url").unwrap_or(0);
    Error::new(format!(
        "`base_url` must be an http(s) URL or a path starting with `/`, got `{url}`"
    ))
    .in_file(file)
    .at_offset(source, offset)
    .with_hint("for example base_url = \"https://example.org/docs/\" or base_url = \"/\"")
}

/// Byte offset of a top-level `key =` in TOML source.
fn find_key(source: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let rest = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")));
        if let Some(rest) = rest {
            if rest.trim_start().starts_with('=') {
                return Some(offset + line.len() - trimmed.len());
            }
        }
        if trimmed.starts_with(&format!("[{key}]")) {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Turn a TOML parse or type error into an [`Error`] located in `file`.
pub fn toml_error(file: &Path, source: &str, err: &toml::de::Error) -> Error {
    let message = err.message().trim().to_string();
    let mut error = Error::new(message).in_file(file);
    if let Some(span) = err.span() {
        error = error.at_offset(source, span.start);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_without_a_host_warns_while_sitemap_or_feed_is_written() {
        let c = Config::parse("base_url = \"/docs/\"\n").unwrap();
        let warnings = c.warnings();
        assert_eq!(warnings.len(), 1);
        let text = warnings[0].to_string();
        assert!(
            text.starts_with("versus.toml: `base_url` is `/docs/`, so sitemap.xml, atom.xml"),
            "{text}"
        );
        assert!(
            text.contains("base_url = \"https://example.org/docs/\""),
            "{text}"
        );
        let quiet =
            Config::parse("base_url = \"/\"\ngenerate_sitemap = false\ngenerate_feed = false\n")
                .unwrap();
        assert!(quiet.warnings().is_empty());
        let absolute = Config::parse("base_url = \"https://example.org/\"\n").unwrap();
        assert!(absolute.warnings().is_empty());
    }

    #[test]
    fn other_languages_are_codes_a_file_name_can_end_in() {
        let c = Config::parse("language = \"fr\"\nother_languages = [\"en\", \"de\"]\n").unwrap();
        assert_eq!(c.other_languages, ["en", "de"]);
        assert_eq!(c.default_language, "fr");
        let errs = Config::parse("title = \"T\"\nother_languages = [\"en\", \"pt.br\", \"\"]\n")
            .unwrap_err();
        let errs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert!(
            errs[0].starts_with(
                "versus.toml:2:1: `other_languages`: `en` is the site's own `language`"
            ),
            "{}",
            errs[0]
        );
        assert!(
            errs[1].starts_with(
                "versus.toml:2:1: `other_languages`: `pt.br` cannot end a file name (`page.CODE.md`)"
            ),
            "{}",
            errs[1]
        );
        assert!(errs[2].contains("`` cannot end a file name"), "{}", errs[2]);
    }

    #[test]
    fn theme_names_are_folders_under_themes() {
        for (text, key) in [
            ("theme = \"..\"\n", "theme"),
            ("theme = \"a/b\"\n", "theme"),
            ("zola_theme = \"../x\"\n", "zola_theme"),
            ("zola_theme = \".\"\n", "zola_theme"),
        ] {
            let errs = Config::parse(text).unwrap_err();
            let err = errs[0].to_string();
            assert!(
                err.starts_with(&format!(
                    "versus.toml:1:1: `{key}` must be the name of a folder under themes/"
                )),
                "{text}: {err}"
            );
        }
        assert_eq!(Config::parse("title = \"T\"\n").unwrap().zola_theme, "");
    }

    #[test]
    fn sub_path_base_url() {
        let c = Config::parse("title = \"T\"\nbase_url = \"https://example.org/docs\"\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/docs/");
        assert_eq!(c.base_path, "/docs/");
        assert_eq!(c.url_of("a/b/"), "/docs/a/b/");
        assert_eq!(c.permalink_of("a/"), "https://example.org/docs/a/");
    }

    #[test]
    fn root_base_url() {
        let c = Config::parse("title = \"T\"\n").unwrap();
        assert_eq!(c.base_path, "/");
        assert_eq!(c.url_of(""), "/");
        let c = Config::parse("base_url = \"https://example.org\"\n").unwrap();
        assert_eq!(c.base_path, "/");
        assert_eq!(c.permalink_of("x/"), "https://example.org/x/");
    }

    #[test]
    fn unknown_key_suggests_closest() {
        let errs = Config::parse("title = \"T\"\nbase_ulr = \"/\"\n").unwrap_err();
        let text = errs[0].to_string();
        assert!(text.contains("versus.toml:2:1"), "{text}");
        assert!(text.contains("did you mean `base_url`?"), "{text}");
    }

    #[test]
    fn bad_base_url_is_located() {
        let errs = Config::parse("title = \"T\"\nbase_url = \"example.org\"\n").unwrap_err();
        assert!(
            errs[0].to_string().contains("versus.toml:2:1"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn wrong_type_is_located() {
        let errs = Config::parse("title = 3\n").unwrap_err();
        let text = errs[0].to_string();
        assert!(text.starts_with("versus.toml:1:9"), "{text}");
    }

    #[test]
    fn right_to_left_languages_get_rtl() {
        for (lang, dir) in [
            ("en", "ltr"),
            ("ar", "rtl"),
            ("he-IL", "rtl"),
            ("fa_IR", "rtl"),
            ("UR", "rtl"),
            ("az-Arab", "rtl"),
            ("ku-Latn", "ltr"),
            ("arn", "ltr"),
        ] {
            assert_eq!(direction(lang), dir, "{lang}");
        }
        let c = Config::parse("language = \"he\"\n").expect("config");
        assert_eq!(c.dir, "rtl");
        assert_eq!(Config::parse("").expect("config").dir, "ltr");
    }
}

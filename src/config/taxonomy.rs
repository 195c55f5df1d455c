//! How `versus.toml` declares taxonomies (`tags`, `categories`, …):
//! [`TaxonomyConfig`], checked with the config. `tags` is the one taxonomy
//! of a site that declares none. The terms pages set are the model's
//! (`site/taxonomy.rs`).

use std::num::NonZeroUsize;

use serde::{Deserialize, Serialize};

use crate::content::front_matter::PathSegment;
use crate::error::Error;
use crate::markdown::slug::{path_slug, Strategy};

/// The taxonomy of a site that declares none.
pub const DEFAULT: &str = "tags";

/// The index of `tags` among the taxonomies of `config`, if declared.
pub fn default_index(config: &super::Config) -> Option<usize> {
    config.taxonomies.iter().position(|t| t.name == DEFAULT)
}

/// One `[[taxonomies]]` entry of `versus.toml` (templates see it as
/// `taxonomy`, and all of them as `config.taxonomies`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// The front-matter key (`[taxonomies] categories = [...]`).
    pub name: String,
    /// Write `atom.xml` beside each term's page, with its dated pages.
    #[serde(default)]
    pub feed: bool,
    /// List this many pages per term page (`None`: all on one).
    #[serde(default)]
    pub paginate_by: Option<NonZeroUsize>,
    /// The folder of term pages 2, 3, …: `<term>/<paginate_path>/2/`.
    #[serde(default)]
    pub paginate_path: Option<PathSegment>,
    /// Write the list page, the term pages and their feeds (Zola's
    /// `render`). `false`: the terms are the pages' and the templates'
    /// alone, shown unlinked, with no page of their own.
    #[serde(default = "renders_by_default")]
    pub render: bool,
    /// URL path of the list of terms: the name slugified (`categories/`).
    #[serde(skip_deserializing)]
    pub path: String,
}

impl TaxonomyConfig {
    /// `tags`, with no feed and no pagination: the taxonomy of a site that
    /// declares none.
    pub fn tags() -> TaxonomyConfig {
        TaxonomyConfig {
            name: DEFAULT.to_string(),
            feed: false,
            paginate_by: None,
            paginate_path: None,
            render: true,
            path: format!("{DEFAULT}/"),
        }
    }
}

/// A taxonomy no page sets a term of has no pages, as in Zola: an empty
/// list (the default `tags` of a site that uses none, say), linked from
/// every page, would be a placeholder, and would take the URL of a section
/// of that name (Bevy's `news`). `has_terms(t)`: do pages set terms of
/// `taxonomies[t]`?
pub fn settle_unused(taxonomies: &mut [TaxonomyConfig], has_terms: impl Fn(usize) -> bool) {
    for (t, declared) in taxonomies.iter_mut().enumerate() {
        declared.render &= has_terms(t);
    }
}

/// A taxonomy has pages unless it says `render = false`.
fn renders_by_default() -> bool {
    true
}

/// Give each declared taxonomy its path (its name slugified by `paths`),
/// and refuse names that make no URL and names declared twice (also after
/// slugifying). `source` is the text of `file`, to locate the errors.
pub fn validate(
    list: &mut [TaxonomyConfig],
    paths: Strategy,
    file: &std::path::Path,
    source: &str,
) -> Result<(), Vec<Error>> {
    let mut errors = Vec::new();
    let mut seen: Vec<(String, String)> = Vec::new();
    // Each name is looked for after the one before it: a name declared
    // twice is shown where it is declared the second time.
    let mut from = 0;
    for t in list.iter_mut() {
        let quoted = format!("\"{}\"", t.name);
        let offset = source
            .get(from..)
            .and_then(|rest| rest.find(&quoted))
            .map_or(0, |i| from + i);
        from = offset + quoted.len();
        let at = |e: Error| e.in_file(file).at_offset(source, offset);
        let slug = path_slug(&t.name, paths);
        if slug.trim().is_empty() {
            errors.push(
                at(Error::new(format!(
                    "taxonomy name `{}` has no letters or digits for a URL",
                    t.name
                )))
                .with_hint("name taxonomies like front-matter keys: `tags`, `categories`"),
            );
            continue;
        }
        if let Some((first, _)) = seen.iter().find(|(n, s)| *n == t.name || *s == slug) {
            let message = if *first == t.name {
                format!("taxonomy `{first}` is declared twice")
            } else {
                format!(
                    "taxonomies `{first}` and `{}` would share the URL `/{slug}/`",
                    t.name
                )
            };
            errors.push(
                at(Error::new(message)).with_hint("remove one of the `[[taxonomies]]` entries"),
            );
            continue;
        }
        seen.push((t.name.clone(), slug.clone()));
        t.path = format!("{slug}/");
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn paths_are_slugified_names_and_one_url_is_one_taxonomy() {
        let c = Config::parse(
            "[[taxonomies]]\nname = \"Book Series\"\n\n[[taxonomies]]\nname = \"tags\"\n",
        )
        .unwrap();
        let paths: Vec<&str> = c.taxonomies.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["book-series/", "tags/"]);
        let errs =
            Config::parse("[[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"Tags\"\n")
                .unwrap_err();
        assert_eq!(
            errs[0].to_string().lines().next(),
            Some("versus.toml:4:8: taxonomies `tags` and `Tags` would share the URL `/tags/`")
        );
        // None declared: tags. Declared empty: none.
        assert_eq!(
            Config::parse("").unwrap().taxonomies,
            [TaxonomyConfig::tags()]
        );
        assert!(Config::parse("taxonomies = []\n")
            .unwrap()
            .taxonomies
            .is_empty());
    }
}

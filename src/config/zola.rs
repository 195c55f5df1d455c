//! A Zola `config.toml` (or `zola.toml`) → the equivalent `versus.toml`:
//! the keys versus understands are mapped, every other key present is
//! named in one warning. `versus init --from-zola` writes the same table.

use std::path::Path;

use super::{Config, CONFIG_FILE};
use crate::error::Error;

/// The file names Zola reads its configuration from, newest first.
pub const CONFIG_FILES: &[&str] = &["zola.toml", "config.toml"];

/// A Zola config translated: the `versus.toml` table, and the Zola keys
/// (dotted, sorted) it has no place for.
#[derive(Debug, Clone, PartialEq)]
pub struct Translated {
    pub table: toml::Table,
    pub ignored: Vec<String>,
}

/// The Zola config file in `root`, if there is one.
pub fn find(root: &Path) -> Option<&'static str> {
    CONFIG_FILES
        .iter()
        .copied()
        .find(|name| root.join(name).is_file())
}

/// Read the Zola config `name` in `root` as a versus [`Config`]; the keys
/// it ignores come back as one warning.
pub fn load(root: &Path, name: &str) -> Result<(Config, Vec<Error>), Vec<Error>> {
    let file = Path::new(name);
    let source = std::fs::read_to_string(root.join(name)).map_err(|e| vec![Error::io(file, &e)])?;
    let translated = translate(name, &source).map_err(|e| vec![e])?;
    let text = toml::to_string(&translated.table)
        .map_err(|e| vec![Error::new(format!("cannot translate {name}: {e}")).in_file(file)])?;
    let config = Config::parse(&text).map_err(|errs| {
        errs.into_iter()
            .map(|e| relocate(e, &text, name, &source))
            .collect::<Vec<_>>()
    })?;
    let warnings = ignored_warning(name, &translated.ignored)
        .into_iter()
        .collect();
    Ok((config, warnings))
}

/// An error located in the translated text, pointed at the Zola key the
/// value came from (or at the Zola file, when there is none).
fn relocate(mut err: Error, translated: &str, name: &str, source: &str) -> Error {
    let key = err
        .line
        .and_then(|l| translated.lines().nth(l - 1))
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim());
    err.path = Some(name.into());
    err.line = None;
    err.column = None;
    err.snippet = None;
    let zola_key = match key {
        Some("language") => "default_language",
        Some("generate_feed") => "generate_feeds",
        Some("highlight") => "highlight_code",
        Some(k) => k,
        None => return err,
    };
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(zola_key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return err.at_offset(source, offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    err
}

/// The one warning that names every ignored key, if there are any.
pub fn ignored_warning(name: &str, ignored: &[String]) -> Option<Error> {
    if ignored.is_empty() {
        return None;
    }
    Some(
        Error::new(format!(
            "building a Zola site with versus's default theme; {} setting{} of {name} {} not used: {}",
            ignored.len(),
            if ignored.len() == 1 { "" } else { "s" },
            if ignored.len() == 1 { "is" } else { "are" },
            ignored.join(", ")
        ))
        .in_file(name)
        .with_hint(format!(
            "`versus init --from-zola` writes the equivalent {CONFIG_FILE}; see docs/coming-from-zola.md"
        )),
    )
}

/// Translate the text of a Zola config (`name` is the file, for errors).
pub fn translate(name: &str, source: &str) -> Result<Translated, Error> {
    let zola: toml::Table =
        toml::from_str(source).map_err(|e| super::toml_error(Path::new(name), source, &e))?;
    let mut out = toml::Table::new();
    let mut ignored = Vec::new();
    // Zola's defaults where they differ from versus's.
    out.insert("generate_feed".into(), false.into());
    out.insert("feed_limit".into(), 0.into());
    out.insert("heading_anchors".into(), false.into());
    out.insert("smart_punctuation".into(), false.into());
    out.insert("link_check".into(), "pages".into());
    out.insert("zola_templates".into(), true.into());
    // Zola has no taxonomy unless the config declares one (versus's own
    // default is `tags`): a site without them gets no empty Tags page.
    out.insert("taxonomies".into(), toml::value::Array::new().into());
    let mut slugify = toml::Table::new();
    slugify.insert("paths".into(), "on".into());
    slugify.insert("anchors".into(), "on".into());
    for (key, value) in &zola {
        match (key.as_str(), value) {
            (
                "title" | "description" | "base_url" | "build_search_index" | "generate_sitemap",
                _,
            ) => {
                out.insert(key.clone(), value.clone());
            }
            ("theme", toml::Value::String(name)) => {
                out.insert("zola_theme".into(), name.as_str().into());
            }
            ("default_language", _) => {
                out.insert("language".into(), value.clone());
            }
            ("generate_feeds" | "generate_feed", _) => {
                out.insert("generate_feed".into(), value.clone());
            }
            ("feed_limit", _) => {
                out.insert("feed_limit".into(), value.clone());
            }
            ("exclude_paginated_pages_in_sitemap", toml::Value::String(v))
                if v == "all" || v == "none" =>
            {
                out.insert("sitemap_listing_pages".into(), (v == "none").into());
            }
            ("feed_filenames" | "feed_filename", v) => {
                let names: Vec<&str> = match v {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => Vec::new(),
                };
                if names != ["atom.xml"] {
                    ignored.push(format!("{key} (versus writes atom.xml)"));
                }
            }
            ("taxonomies", toml::Value::Array(list)) => {
                out.insert("taxonomies".into(), taxonomies(list, &mut ignored).into());
            }
            ("extra", toml::Value::Table(_)) => {
                out.insert("extra".into(), value.clone());
            }
            ("markdown", toml::Value::Table(md)) => markdown(md, &mut out, &mut ignored),
            ("languages", toml::Value::Table(table)) => {
                // Only which languages there are: the translations are not
                // built, so their settings are named as unused.
                let default = zola
                    .get("default_language")
                    .and_then(|v| v.as_str())
                    .unwrap_or("en");
                let others: Vec<toml::Value> = table
                    .keys()
                    .filter(|code| *code != default)
                    .map(|code| code.as_str().into())
                    .collect();
                out.insert("other_languages".into(), others.into());
                for (code, options) in table {
                    match options.as_table() {
                        Some(options) if code == default => {
                            default_language(&zola, code, options, &mut out, &mut ignored)
                                .map_err(|e| e.in_file(name))?;
                        }
                        _ => ignored.push(format!("{key}.{code}")),
                    }
                }
            }
            ("slugify", toml::Value::Table(table)) => {
                for (k, v) in table {
                    match k.as_str() {
                        "paths" | "anchors" => {
                            slugify.insert(k.clone(), v.clone());
                        }
                        _ => ignored.push(format!("slugify.{k}")),
                    }
                }
            }
            (_, toml::Value::Table(table)) if !table.is_empty() => {
                ignored.extend(table.keys().map(|k| format!("{key}.{k}")));
            }
            _ => ignored.push(key.clone()),
        }
    }
    out.insert("slugify".into(), slugify.into());
    Ok(Translated {
        table: out,
        ignored,
    })
}

/// Zola's `taxonomies` as `[[taxonomies]]`: name, feed, pagination and
/// `render` map; the other settings (`lang`, …) are named as ignored.
fn taxonomies(list: &[toml::Value], ignored: &mut Vec<String>) -> toml::value::Array {
    const KEPT: &[&str] = &["name", "feed", "paginate_by", "paginate_path", "render"];
    list.iter()
        .map(|t| match t.as_table() {
            Some(options) => {
                let name = options.get("name").and_then(|n| n.as_str()).unwrap_or("?");
                let mut kept = toml::Table::new();
                for (key, value) in options {
                    if KEPT.contains(&key.as_str()) {
                        kept.insert(key.clone(), value.clone());
                    } else {
                        ignored.push(format!("taxonomies.{name}.{key}"));
                    }
                }
                kept.into()
            }
            // Not a table: versus.toml's check says what is wrong with it.
            None => t.clone(),
        })
        .collect()
}

/// `[languages.<default_language>]`: what Zola takes from it for the site's
/// own language, where the top level does not say it (`title`,
/// `description`, taxonomies; said in both places, as Zola refuses it, it
/// is an error), and the feed and search index switches (on if either place
/// turns them on). The other settings are named as ignored.
fn default_language(
    zola: &toml::Table,
    code: &str,
    options: &toml::Table,
    out: &mut toml::Table,
    ignored: &mut Vec<String>,
) -> Result<(), Error> {
    for (key, value) in options {
        match key.as_str() {
            // Switches: on if either place turns them on, as Zola merges them.
            "generate_feeds" | "generate_feed" | "build_search_index" => {
                let (into, names): (&str, &[&str]) = if key == "build_search_index" {
                    ("build_search_index", &["build_search_index"])
                } else {
                    ("generate_feed", &["generate_feeds", "generate_feed"])
                };
                let on = value.as_bool() == Some(true)
                    || names
                        .iter()
                        .any(|k| zola.get(*k).and_then(|v| v.as_bool()) == Some(true));
                out.insert(into.into(), on.into());
            }
            "title" | "description" | "taxonomies" => {
                let at_top = match zola.get(key) {
                    Some(toml::Value::Array(list)) => !list.is_empty(),
                    other => other.is_some(),
                };
                if at_top {
                    return Err(Error::new(format!(
                        "`{key}` of the default language `{code}` is set twice: at the top of \
                         the config and in [languages.{code}]"
                    ))
                    .with_hint("keep one of them, as Zola asks"));
                }
                let value = match (key.as_str(), value) {
                    ("taxonomies", toml::Value::Array(list)) => taxonomies(list, ignored).into(),
                    _ => value.clone(),
                };
                out.insert(key.clone(), value);
            }
            _ => ignored.push(format!("languages.{code}.{key}")),
        }
    }
    Ok(())
}

/// `[markdown]`: highlighting, smart punctuation and anchor links map.
fn markdown(md: &toml::Table, out: &mut toml::Table, ignored: &mut Vec<String>) {
    for (key, value) in md {
        match key.as_str() {
            // Before Zola 0.22 a switch; since then a table whose presence
            // turns highlighting on. Themes and styles are versus's own.
            "highlight_code" => {
                out.insert("highlight".into(), value.clone());
            }
            "highlighting" => {
                out.insert("highlight".into(), true.into());
                if let toml::Value::Table(t) = value {
                    ignored.extend(t.keys().map(|k| format!("markdown.highlighting.{k}")));
                }
            }
            "smart_punctuation" => {
                out.insert("smart_punctuation".into(), value.clone());
            }
            // versus always renders `> [!NOTE]` as a callout.
            "github_alerts" if value.as_bool() == Some(true) => {}
            "insert_anchor_links" => {
                let on = value.as_str().is_some_and(|v| v != "none");
                out.insert("heading_anchors".into(), on.into());
            }
            _ => ignored.push(format!("markdown.{key}")),
        }
    }
}

/// The text of a `versus.toml` equivalent to the Zola config `source`, the
/// ignored keys listed in a comment at the top.
pub fn versus_toml(name: &str, source: &str) -> Result<String, Error> {
    let translated = translate(name, source)?;
    let body = toml::to_string(&translated.table)
        .map_err(|e| Error::new(format!("cannot translate {name}: {e}")).in_file(name))?;
    let mut text = format!("# Written by `versus init --from-zola` from {name}.\n");
    if !translated.ignored.is_empty() {
        text.push_str("# Zola settings versus does not use (see docs/coming-from-zola.md):\n");
        for key in &translated.ignored {
            text.push_str("#   ");
            text.push_str(key);
            text.push('\n');
        }
    }
    text.push('\n');
    text.push_str(&body);
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ZOLA: &str = r#"
base_url = "https://example.org/docs"
title = "Docs"
default_language = "fr"
compile_sass = true
generate_feeds = true
feed_filenames = ["rss.xml"]
build_search_index = true
taxonomies = [{ name = "tags", feed = true, lang = "fr" }, { name = "categories", paginate_by = 5, render = false }]

[markdown]
highlight_code = true
smart_punctuation = true
render_emoji = true

[slugify]
paths = "safe"

[search]
index_format = "elasticlunr_json"

[extra]
author = "A"
"#;

    /// anemone's config: the default language's title and description
    /// under `[languages.en]`, as Zola allows.
    #[test]
    fn the_default_language_table_gives_what_the_top_level_does_not() {
        let zola = "base_url = \"https://a.org\"\ndefault_language = \"en\"\n\
                    [languages.en]\ntitle = \"anemone\"\ndescription = \"A theme\"\n\
                    taxonomies = [{ name = \"tags\" }]\ntranslations = { home = \"Home\" }\n\
                    [languages.fr]\ntitle = \"anémone\"\n\
                    [markdown]\ngithub_alerts = true\n";
        let t = translate("config.toml", zola).unwrap();
        let c = Config::parse(&toml::to_string(&t.table).unwrap()).unwrap();
        assert_eq!(
            (c.title.as_str(), c.description.as_str()),
            ("anemone", "A theme")
        );
        assert_eq!(c.taxonomies.len(), 1);
        assert_eq!(c.other_languages, ["fr"]);
        assert_eq!(t.ignored, ["languages.en.translations", "languages.fr"]);

        // Switches are on if either place turns them on (karzok's config).
        let both = "base_url = \"https://a.org\"\nbuild_search_index = false\n\
                    generate_feeds = true\n[languages.en]\nbuild_search_index = true\n\
                    generate_feeds = false\n";
        let t = translate("config.toml", both).unwrap();
        let c = Config::parse(&toml::to_string(&t.table).unwrap()).unwrap();
        assert!(c.build_search_index && c.generate_feed);

        let twice = format!("title = \"top\"\n{zola}");
        let err = translate("config.toml", &twice).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "config.toml: `title` of the default language `en` is set twice: at the top \
                 of the config and in [languages.en]"
            ),
            "{err}"
        );
    }

    #[test]
    fn maps_known_keys_and_names_the_rest() {
        let t = translate("config.toml", ZOLA).unwrap();
        let c = Config::parse(&toml::to_string(&t.table).unwrap()).unwrap();
        assert_eq!(c.title, "Docs");
        assert_eq!(c.base_path, "/docs/");
        assert_eq!(c.language, "fr");
        assert!(c.generate_feed && c.build_search_index && c.highlight && c.smart_punctuation);
        assert_eq!(c.slugify.paths, crate::markdown::slug::Strategy::Safe);
        assert_eq!(c.slugify.anchors, crate::markdown::slug::Strategy::On);
        assert_eq!(c.link_check, crate::config::LinkCheck::Pages);
        assert_eq!(c.extra["author"].as_str(), Some("A"));
        assert_eq!(
            t.ignored,
            [
                "compile_sass",
                "feed_filenames (versus writes atom.xml)",
                "markdown.render_emoji",
                "search.index_format",
                "taxonomies.tags.lang",
            ]
        );
        let names: Vec<(&str, bool, Option<usize>, bool)> = c
            .taxonomies
            .iter()
            .map(|t| {
                (
                    t.name.as_str(),
                    t.feed,
                    t.paginate_by.map(|n| n.get()),
                    t.render,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("tags", true, None, true),
                ("categories", false, Some(5), false)
            ]
        );
    }

    #[test]
    fn zola_defaults_differ_from_versus() {
        let t = translate("config.toml", "base_url = \"/\"\n").unwrap();
        let c = Config::parse(&toml::to_string(&t.table).unwrap()).unwrap();
        assert!(!c.generate_feed && !c.heading_anchors && !c.smart_punctuation);
        assert_eq!(c.feed_limit, 0);
        assert!(t.ignored.is_empty());
    }

    #[test]
    fn errors_point_into_the_zola_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::write(
            dir.join("config.toml"),
            "title = \"T\"\n\nbase_url = \"example.org\"\n",
        )
        .unwrap();
        let errs = load(dir, "config.toml").unwrap_err();
        let text = errs[0].to_string();
        assert!(
            text.starts_with("config.toml:3:1: `base_url` must be"),
            "{text}"
        );
        std::fs::write(dir.join("config.toml"), "title = [\n").unwrap();
        let errs = load(dir, "config.toml").unwrap_err();
        assert!(
            errs[0].to_string().starts_with("config.toml:"),
            "{}",
            errs[0]
        );
    }

    #[test]
    fn versus_toml_lists_ignored_keys_and_parses() {
        let text = versus_toml("config.toml", ZOLA).unwrap();
        assert!(text.contains("#   compile_sass\n"), "{text}");
        Config::parse(&text).unwrap();
    }
}

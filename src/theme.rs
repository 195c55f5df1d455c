//! Where templates and static files come from: the theme (`themes/<name>/`, or
//! the built-in copy of the default theme), then the site's own `templates/`
//! and `static/`, which override the theme one file at a time. A theme's
//! files for a feature (`highlight.css`, `search.js`, `compare.css`,
//! `tabs.js`, …) are written only for sites that use the feature
//! ([`ThemeFiles::statics_for`]). A Zola site (`zola_templates`) gives only
//! its shortcodes and what they import, its Zola theme's beneath its own,
//! and that theme's static files (`read_zola_site`).

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;
use crate::layout::{REDIRECT_SCRIPT, STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::output::OutputFile;
use crate::site::Site;
use crate::zola;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The name of the theme built into the binary.
pub const DEFAULT_THEME: &str = "default";

/// One template's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    /// Name Tera knows it by (`page.html`, `shortcodes/x.html`).
    pub name: String,
    /// File shown in errors (`themes/default/templates/page.html`).
    pub display: PathBuf,
    pub text: String,
}

/// Templates and static files of a site, overrides applied.
#[derive(Debug, Clone, Default)]
pub struct ThemeFiles {
    pub templates: Vec<TemplateSource>,
    /// (output path, content, comes from the theme rather than the site)
    statics: Vec<(String, OutputFile, bool)>,
    /// Problems that do not stop the build (links leading outside the site).
    pub warnings: Vec<Error>,
}

impl ThemeFiles {
    /// The static files to write for `site`: the site's own `static/`
    /// files all, the theme's unless they serve a feature the site does not
    /// use (a setting that is off, no comparison, no call of a shortcode).
    pub fn statics_for(&self, site: &Site) -> Vec<(String, OutputFile)> {
        let has_comparisons = !site.comparisons.is_empty();
        let mut files: Vec<(String, OutputFile)> = self
            .statics
            .iter()
            .filter(|(name, _, from_theme)| !from_theme || feature_is_used(name, site))
            .map(|(name, file, _)| (name.clone(), file.clone()))
            .collect();
        // The redirect pages' script, which keeps the #part of the old
        // address (`alias.html`). Not a theme's: redirects are versus's,
        // and a site file of its name is a collision, not overridden.
        if has_redirects(site) {
            files.push((
                REDIRECT_SCRIPT.to_string(),
                OutputFile::Static(include_bytes!("render/builtin/redirect.js")),
            ));
        }
        // The schema of comparison files, for editors (a site file wins).
        let schema = "comparison.schema.json";
        if has_comparisons && !files.iter().any(|(name, _)| name == schema) {
            files.push((
                schema.to_string(),
                OutputFile::Static(crate::compare::JSON_SCHEMA.as_bytes()),
            ));
        }
        files
    }
}

/// Does the site have a redirect page: an alias of a page or section, a
/// section's `redirect_to`, or the `page/1/` of a paginated listing?
fn has_redirects(site: &Site) -> bool {
    let paginated_terms =
        site.config
            .taxonomies
            .iter()
            .zip(&site.taxonomies)
            .any(|(declared, t)| {
                declared.render && declared.paginate_by.is_some() && !t.terms.is_empty()
            });
    site.pages.iter().any(|p| !p.front.aliases().is_empty())
        || site.sections.iter().any(|s| {
            !s.front.aliases.is_empty()
                || s.front.redirect_to.is_some()
                || s.front.paginate_by.is_some()
        })
        || paginated_terms
}

/// Is the feature the theme file `name` serves in use? Files of no feature are.
fn feature_is_used(name: &str, site: &Site) -> bool {
    match name {
        "highlight.css" => site.config.highlight,
        "search.js" | "search.css" => site.config.build_search_index,
        "compare.css" | "widget.js" => !site.comparisons.is_empty(),
        "tabs.js" => calls_shortcode(site, "tabs"),
        _ => true,
    }
}

/// Does a page or section of `site` call the shortcode `name`? (The
/// calls are found when the files load: `SourceFile::shortcodes`.)
fn calls_shortcode(site: &Site, name: &str) -> bool {
    site.pages
        .iter()
        .map(|p| &p.file)
        .chain(site.sections.iter().filter_map(|s| s.file.as_ref()))
        .any(|f| f.shortcodes.iter().any(|n| n == name))
}

/// Collect the theme's and the site's templates and static files.
pub fn load(root: &Path, config: &Config) -> Result<ThemeFiles, Vec<Error>> {
    let mut files = ThemeFiles::default();
    let mut errors = Vec::new();
    let theme_dir = root.join(THEMES_DIR).join(&config.theme);
    if theme_dir.is_dir() {
        let display = PathBuf::from(THEMES_DIR).join(&config.theme);
        read_templates(
            root,
            &theme_dir.join(TEMPLATES_DIR),
            &display.join(TEMPLATES_DIR),
            &mut files,
            &mut errors,
        );
        read_statics(
            root,
            &theme_dir.join(STATIC_DIR),
            Over::Theme,
            &mut files,
            &mut errors,
        );
    } else if config.theme == DEFAULT_THEME {
        for (rel, bytes) in embedded::FILES {
            if let Some(name) = rel.strip_prefix("templates/") {
                match std::str::from_utf8(bytes) {
                    Ok(text) => files.templates.push(TemplateSource {
                        name: name.to_string(),
                        display: PathBuf::from(format!("(built-in theme)/templates/{name}")),
                        text: text.to_string(),
                    }),
                    Err(_) => {
                        errors.push(Error::new(format!("built-in template {name} is not UTF-8")))
                    }
                }
            } else if let Some(name) = rel.strip_prefix("static/") {
                files
                    .statics
                    .push((name.to_string(), OutputFile::Static(bytes), true));
            }
        }
    } else {
        let known = list_themes(root);
        let mut listed: Vec<String> = known.iter().map(|t| format!("`{t}`")).collect();
        listed.push(format!("`{DEFAULT_THEME}` (built in)"));
        let err = Error::new(format!(
            "theme `{}` not found: looked for the folder {} and among the themes built into versus; there are {}",
            config.theme,
            theme_dir.display(),
            listed.join(", ")
        ))
        .in_file(crate::config::CONFIG_FILE);
        let err = match std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)) {
            Ok(text) => match text.find(&format!("\"{}\"", config.theme)) {
                Some(at) => err.at_offset(&text, at + 1),
                None => err,
            },
            Err(_) => err,
        };
        let err = err.suggesting(
            &config.theme,
            known.iter().map(String::as_str).chain([DEFAULT_THEME]),
        );
        return Err(vec![if err.hint.is_none() {
            err.with_hint(format!(
                "put the theme in {}, or remove `theme` to use the built-in one",
                theme_dir.display()
            ))
        } else {
            err
        }]);
    }
    if config.zola_templates {
        read_zola_site(root, config, &mut files, &mut errors);
    } else {
        read_templates(
            root,
            &root.join(TEMPLATES_DIR),
            Path::new(TEMPLATES_DIR),
            &mut files,
            &mut errors,
        );
    }
    let site = if config.zola_templates {
        Over::ZolaSite
    } else {
        Over::Site
    };
    read_statics(root, &root.join(STATIC_DIR), site, &mut files, &mut errors);
    for t in &files.templates {
        files.warnings.extend(url_loads(t));
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// A warning at each `load_data(url=…)` call of `template`: versus builds
/// without the network, so the call fails the build, or with
/// `required=false` gives nothing, on every build.
fn url_loads(template: &TemplateSource) -> Vec<Error> {
    const CALL: &str = "load_data(";
    let text = &template.text;
    let mut warnings = Vec::new();
    for (at, _) in text.match_indices(CALL) {
        let args = &text[at + CALL.len()..];
        let args = &args[..args.find(')').unwrap_or(args.len())];
        if crate::template_names::argument(args, "url").is_some() {
            warnings.push(
                Error::new(
                    "`load_data(url=…)` is not fetched: versus builds without the network; \
                     where it runs, the call fails the build (with `required=false` it gives \
                     nothing)",
                )
                .in_file(&template.display)
                .at_offset(text, at)
                .with_hint("save the file in the site and load it with `path`"),
            );
        }
    }
    warnings
}

/// A Zola site's page templates are written for Zola's functions: the
/// default theme (in `files`) replaces them. Its shortcodes are kept, with
/// the templates they import: those of its Zola theme (with the theme's
/// static files), and its own over them, one file at a time as in Zola.
fn read_zola_site(root: &Path, config: &Config, files: &mut ThemeFiles, errors: &mut Vec<Error>) {
    let mut site = ThemeFiles::default();
    if !config.zola_theme.is_empty() {
        let zola_theme = Path::new(THEMES_DIR).join(&config.zola_theme);
        if !root.join(&zola_theme).is_dir() {
            // The setting is in versus.toml when there is one.
            let config_file = if root.join(crate::config::CONFIG_FILE).is_file() {
                crate::config::CONFIG_FILE
            } else {
                crate::config::zola::find(root).unwrap_or(crate::config::CONFIG_FILE)
            };
            errors.push(
                Error::new(format!(
                    "the Zola theme `{}` is not in {}",
                    config.zola_theme,
                    zola_theme.display()
                ))
                .in_file(config_file)
                .with_hint(
                    "put the theme there (for a git submodule: `git submodule update --init`)",
                ),
            );
        }
        let templates = zola_theme.join(TEMPLATES_DIR);
        read_templates(root, &root.join(&templates), &templates, &mut site, errors);
        let statics = root.join(zola_theme.join(STATIC_DIR));
        read_statics(root, &statics, Over::ZolaSite, files, errors);
    }
    read_templates(
        root,
        &root.join(TEMPLATES_DIR),
        Path::new(TEMPLATES_DIR),
        &mut site,
        errors,
    );
    files.warnings.append(&mut site.warnings);
    let read: Vec<zola::templates::Template> = site
        .templates
        .iter()
        .map(|t| zola::templates::Template {
            name: &t.name,
            display: &t.display,
            text: &t.text,
        })
        .collect();
    let (used, mut warnings) = zola::templates::shortcodes_and_their_needs(&read, |name| {
        files.templates.iter().any(|t| t.name == name)
    });
    drop(read);
    files.warnings.append(&mut warnings);
    let mut site: Vec<Option<TemplateSource>> = site.templates.into_iter().map(Some).collect();
    for t in used.into_iter().filter_map(|i| site[i].take()) {
        files.templates.retain(|kept| kept.name != t.name);
        files.templates.push(t);
    }
}

fn list_themes(root: &Path) -> Vec<String> {
    std::fs::read_dir(root.join(THEMES_DIR))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn read_templates(
    root: &Path,
    dir: &Path,
    display: &Path,
    files: &mut ThemeFiles,
    errors: &mut Vec<Error>,
) {
    for (rel, abs) in walk_files(root, dir, &mut files.warnings, errors) {
        let shown = display.join(&rel);
        match std::fs::read(&abs) {
            Ok(bytes) => {
                let text = match crate::error::utf8_text(&shown, bytes) {
                    Ok(text) => text,
                    Err(e) => {
                        errors.push(e);
                        continue;
                    }
                };
                files.templates.retain(|t| t.name != rel);
                files.templates.push(TemplateSource {
                    name: rel,
                    display: shown,
                    text,
                });
            }
            Err(e) => errors.push(Error::io(&shown, &e)),
        }
    }
}

/// Whose static files [`read_statics`] reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Over {
    /// The theme's.
    Theme,
    /// A versus site's: one of a theme file's name replaces it, as meant.
    Site,
    /// A Zola site's or its Zola theme's, written for their own templates:
    /// one that replaces a file of versus's theme is named in a warning.
    ZolaSite,
}

fn read_statics(
    root: &Path,
    dir: &Path,
    whose: Over,
    files: &mut ThemeFiles,
    errors: &mut Vec<Error>,
) {
    for (rel, abs) in walk_files(root, dir, &mut files.warnings, errors) {
        if rel.contains('\\') {
            errors.push(
                Error::new("file name contains a backslash")
                    .in_file(&abs)
                    .with_hint("rename it: a backslash separates folders on Windows"),
            );
            continue;
        }
        let replaces_theme = files
            .statics
            .iter()
            .any(|(name, _, theme)| *theme && *name == rel);
        if replaces_theme && whose == Over::ZolaSite {
            let shown = abs.strip_prefix(root).unwrap_or(&abs);
            files.warnings.push(
                Error::new(format!(
                    "`{rel}` of this Zola site replaces the default theme's `{rel}`, \
                     which its pages load: they may look broken"
                ))
                .in_file(shown)
                .with_hint("the file was written for the site's own templates; rename or remove it to keep the theme's"),
            );
        }
        files.statics.retain(|(name, _, _)| *name != rel);
        files
            .statics
            .push((rel, OutputFile::Copy(abs), whose == Over::Theme));
    }
}

/// Files under `dir` (relative paths with `/`), skipping hidden and editor
/// files, and links that lead outside the site at `root` (a warning each).
fn walk_files(
    root: &Path,
    dir: &Path,
    warnings: &mut Vec<Error>,
    errors: &mut Vec<Error>,
) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::layout::is_ignored_name(&e.file_name().to_string_lossy())
        });
    while let Some(entry) = walker.next() {
        match entry {
            Ok(e) if e.depth() > 0 && e.path_is_symlink() => {
                if let Some(warning) = crate::confine::escapes(root, e.path()) {
                    warnings.push(warning);
                    if e.file_type().is_dir() {
                        walker.skip_current_dir();
                    }
                } else if e.file_type().is_file() {
                    push_file(&mut out, dir, e.path());
                }
            }
            Ok(e) if e.file_type().is_file() => push_file(&mut out, dir, e.path()),
            Ok(_) => {}
            Err(e) => errors.push(Error::new(format!("cannot read: {e}"))),
        }
    }
    out
}

/// `path` under `dir`, with `/` between folders: a backslash in a file name
/// stays one (and [`read_statics`] refuses it) instead of becoming a folder.
fn push_file(out: &mut Vec<(String, PathBuf)>, dir: &Path, path: &Path) {
    if let Ok(rel) = path.strip_prefix(dir) {
        let rel = crate::layout::with_slashes(&rel.to_string_lossy()).into_owned();
        out.push((rel, path.to_path_buf()));
    }
}

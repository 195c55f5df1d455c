//! The warnings of a load that met front-matter keys Zola knows and versus
//! does not use yet (the lists: `content::front_matter::zola`), or page
//! keys neither knows (ignored on a Zola site, as Zola ignores them): one
//! per key, and one for the `template` keys a site with `zola_templates`
//! drops.

use std::path::{Path, PathBuf};

use crate::content::front_matter::IgnoredKey;
use crate::content::{Inventory, Loaded, LoadedPage, LoadedSection, SourceFile};
use crate::error::Error;

/// The pages and sections of a load that have something to warn about
/// (`(file, front-matter keys versus ignores, does it set `template` or
/// `page_template`)`), from the dev server's cache.
pub fn files_of<'a>(
    loaded: impl Iterator<Item = &'a Loaded> + 'a,
) -> impl Iterator<Item = (PathBuf, &'a [IgnoredKey], bool)> {
    loaded.filter_map(|l| match l {
        Loaded::Page(p) => page_noted(p),
        Loaded::Section(s) => section_noted(s),
        _ => None,
    })
}

/// The same for an [`Inventory`].
pub fn files_of_inventory(inv: &Inventory) -> Vec<(PathBuf, &[IgnoredKey], bool)> {
    let pages = inv.pages.iter().filter_map(page_noted);
    let sections = inv.sections.iter().filter_map(section_noted);
    pages.chain(sections).collect()
}

/// A page's entry for [`load_warnings`], when it has anything to warn about.
fn page_noted(p: &LoadedPage) -> Option<(PathBuf, &[IgnoredKey], bool)> {
    noted(&p.file, &p.ignored, p.front.template.is_some())
}

/// A section's entry for [`load_warnings`], when it has anything to warn about.
fn section_noted(s: &LoadedSection) -> Option<(PathBuf, &[IgnoredKey], bool)> {
    let template = s.front.template.is_some() || s.front.page_template.is_some();
    noted(&s.file, &s.ignored, template)
}

/// A file's entry for [`load_warnings`], when it has anything to warn about.
fn noted<'a>(
    file: &SourceFile,
    ignored: &'a [IgnoredKey],
    template: bool,
) -> Option<(PathBuf, &'a [IgnoredKey], bool)> {
    (template || !ignored.is_empty()).then(|| (file.display(), ignored, template))
}

/// A Zola site's `template = "…"` keys name Zola templates, which versus
/// does not use (with `zola_templates`): the pages and sections get the
/// default theme's `page.html` and `section.html`.
pub fn drop_templates<'a>(pages: impl Iterator<Item = &'a mut LoadedPage>) {
    for page in pages {
        page.front.template = None;
    }
}

/// The warnings of a load: one per Zola key, and (with `zola_templates`)
/// one for the `template` keys it drops.
pub fn load_warnings<'a>(
    files: impl IntoIterator<Item = (PathBuf, &'a [IgnoredKey], bool)>,
    zola_templates: bool,
) -> Vec<Error> {
    let files: Vec<_> = files.into_iter().collect();
    let mut out = warnings(
        files
            .iter()
            .flat_map(|(path, keys, _)| keys.iter().map(move |k| (path.as_path(), k))),
    );
    let templated: Vec<&Path> = files
        .iter()
        .filter(|(_, _, template)| *template)
        .map(|(path, _, _)| path.as_path())
        .collect();
    if zola_templates {
        if let Some(first) = templated.iter().min() {
            let count = templated.len();
            out.push(
                Error::new(format!(
                    "`template` is set in {count} file{} of this Zola site; versus's default theme renders them with its own templates",
                    if count == 1 { "" } else { "s" }
                ))
                .in_file(first)
                .with_hint("write templates for versus and set zola_templates = false to use them"),
            );
        }
    }
    out
}

/// One warning per Zola front-matter key the build ignores, at its first
/// use, with how many files use it.
fn warnings<'a>(uses: impl Iterator<Item = (&'a Path, &'a IgnoredKey)>) -> Vec<Error> {
    let mut by_key: std::collections::BTreeMap<&str, (usize, &Path, &IgnoredKey)> =
        std::collections::BTreeMap::new();
    for (file, key) in uses {
        let entry = by_key.entry(&key.key).or_insert((0, file, key));
        entry.0 += 1;
        if (file, key.line) < (entry.1, entry.2.line) {
            (entry.1, entry.2) = (file, key);
        }
    }
    by_key
        .into_iter()
        .map(|(name, (count, file, key))| {
            let also = match count {
                1 => String::new(),
                n => format!(
                    " (and {} other file{})",
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ),
            };
            let message = if key.unknown {
                format!(
                    "front-matter key `{name}` is not a page key; Zola ignores it on a page, \
                     and so does versus on a Zola site{also}"
                )
            } else {
                format!("front-matter key `{name}` is Zola's; versus does not use it yet{also}")
            };
            Error::new(message)
                .in_file(file)
                .at(key.line, key.column)
                .with_hint(format!("{}; see docs/coming-from-zola.md", key.instead))
        })
        .collect()
}

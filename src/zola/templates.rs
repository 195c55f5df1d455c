//! Which of a Zola site's templates are used: its shortcodes, and the
//! templates they import, include or extend (a theme's `macros/…`),
//! followed from one to the next. Its page templates are not (the default
//! theme renders the pages), so a name the default theme has is not taken
//! from the site; a shortcode that needs one is warned of.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::Error;

/// One of the site's templates, as the theme loader read it.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// The name Tera knows it by (`shortcodes/x.html`, `macros/a.html`).
    pub name: &'a str,
    /// The file, for messages.
    pub display: &'a Path,
    pub text: &'a str,
}

/// Which of `site` (all of a Zola site's templates) are used: the
/// shortcodes and what they need, by index in `site`, in order. A needed
/// template of a name the default theme has too (`is_builtin`) is not
/// taken from the site, and is warned of.
pub fn shortcodes_and_their_needs(
    site: &[Template],
    is_builtin: impl Fn(&str) -> bool,
) -> (Vec<usize>, Vec<Error>) {
    let mut wanted: Vec<usize> = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, t) in site.iter().enumerate() {
        if t.name.starts_with("shortcodes/") {
            wanted.push(i);
            seen.insert(t.name);
        }
    }
    let mut warnings = Vec::new();
    let mut next = 0;
    while let Some(&i) = wanted.get(next) {
        next += 1;
        for name in crate::template_names::referenced(site[i].text) {
            if !seen.insert(name) {
                continue;
            }
            // A name the site does not have: the default theme's, or one
            // Tera names when the templates are compiled.
            let Some(found) = site.iter().position(|t| t.name == name) else {
                continue;
            };
            if !is_builtin(name) {
                wanted.push(found);
                continue;
            }
            warnings.push(
                Error::new(format!(
                    "`{}` uses the template `{name}`, a name versus's default theme has: \
                     on a Zola site the default theme's is used",
                    site[i].name
                ))
                .in_file(site[i].display)
                .with_hint(
                    "move what the shortcode needs into a template of another name, \
                     or set zola_templates = false and write the site's templates for versus",
                ),
            );
        }
    }
    wanted.sort_unstable();
    (wanted, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template<'a>(name: &'a str, text: &'a str) -> Template<'a> {
        Template {
            name,
            display: Path::new("templates/shortcodes/r.html"),
            text,
        }
    }

    #[test]
    fn a_shortcode_brings_what_it_needs_and_nothing_else() {
        let site = vec![
            template("page.html", "{% import \"macros/unused.html\" as u %}"),
            template("macros/unused.html", ""),
            template("macros/a.html", "{% include \"partials/b.html\" %}"),
            template("partials/b.html", ""),
            template("shortcodes/q.html", "{% import \"macros/a.html\" as a %}"),
            template(
                "shortcodes/r.html",
                "{% import \"macros.html\" as m %}{% include \"page.html\" %}{% include \"partials/nav.html\" %}",
            ),
            template("macros.html", ""),
        ];
        // The site has no `partials/nav.html`: the default theme's is the
        // only one, with nothing to warn of.
        let builtin =
            |name: &str| ["macros.html", "page.html", "partials/nav.html"].contains(&name);
        let (kept, warnings) = shortcodes_and_their_needs(&site, builtin);
        let names: Vec<&str> = kept.iter().map(|&i| site[i].name).collect();
        assert_eq!(
            names,
            [
                "macros/a.html",
                "partials/b.html",
                "shortcodes/q.html",
                "shortcodes/r.html"
            ]
        );
        assert_eq!(warnings.len(), 2, "macros.html and page.html");
        let warning = warnings[0].to_string();
        assert!(
            warning.starts_with(
                "templates/shortcodes/r.html: `shortcodes/r.html` uses the template `macros.html`, \
                 a name versus's default theme has: on a Zola site the default theme's is used"
            ),
            "{warning}"
        );
    }
}

//! `versus init DIR`: a new site that builds at once — config, a home page,
//! one article, and a comparisons folder with a small working data file. The
//! theme is the built-in default, so nothing else has to be copied. With
//! `--github-pages`, also a GitHub Actions workflow that publishes it.

use std::path::Path;

use crate::error::Error;

const FILES: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "+++\ntitle = \"Welcome\"\ndescription = \"Explainers that compare options side by side.\"\n+++\n\n\
This site is built with versus. Start with [the first article](@/articles/first-article.md)\n\
or [the example comparison](@/comparisons/tea-vs-coffee.compare.toml).\n",
    ),
    (
        "content/articles/_index.md",
        "+++\ntitle = \"Articles\"\nsort_by = \"date\"\n+++\n\nLonger explanations live here.\n",
    ),
    (
        "content/articles/first-article.md",
        "+++\ntitle = \"Tea or coffee?\"\ndescription = \"A first article that embeds a comparison.\"\ndate = 2026-01-01\ntags = [\"example\"]\n+++\n\n\
## At a glance\n\n{{ comparison_table(id=\"tea-vs-coffee\") }}\n\n\
## Which one suits you?\n\n{{ decision_widget(id=\"tea-vs-coffee\") }}\n",
    ),
    (
        "content/comparisons/_index.md",
        "+++\ntitle = \"Comparisons\"\n+++\n\nEach `*.compare.toml` file in this folder becomes a comparison page.\n",
    ),
    (
        "content/comparisons/tea-vs-coffee.compare.toml",
        r#"#:schema ../../comparison.schema.json
title = "Tea vs. coffee"
description = "Two morning drinks, compared."

[[options]]
id = "tea"
name = "Tea"
short = "Tea"
summary = "Gentler caffeine and many flavours."

[[options]]
id = "coffee"
name = "Coffee"
short = "Coffee"
summary = "A strong, quick lift."

[[dimensions]]
id = "caffeine"
label = "Caffeine per cup"
values = { tea = "About 40 mg", coffee = "About 95 mg" }

[[signals]]
id = "slow-mornings"
text = "You like a slow start to the day"
weights = { tea = 1 }

[[questions]]
id = "lift"
prompt = "How much of a lift do you want?"
kind = "single"

[[questions.answers]]
id = "gentle"
label = "A gentle one"
weights = { tea = 2 }

[[questions.answers]]
id = "strong"
label = "A strong one"
weights = { coffee = 2 }
"#,
    ),
];

/// Where `--github-pages` writes its workflow, relative to the site.
pub const GITHUB_WORKFLOW: &str = ".github/workflows/pages.yml";

/// What `versus init` writes besides the site itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Extras {
    /// A GitHub Actions workflow that publishes the site to GitHub Pages.
    pub github_pages: bool,
}

/// Create a new site in `dir`, which must be empty or missing.
pub fn init(dir: &Path, title: &str, extras: Extras) -> Result<(), Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))?;
        if entries.next().is_some() {
            return Err(Error::new(format!("{} is not empty", dir.display()))
                .with_hint("pick a new folder name; init never overwrites files"));
        }
    }
    let config = format!(
        "title = {}\ndescription = \"\"\nbase_url = \"/\"\ntheme = \"default\"\nlanguage = \"en\"\n\
         # Off unless asked for; each costs build time on large sites.\n\
         # build_search_index = true  # a search box and its index under search/\n\
         # highlight = true           # syntax-highlighted code blocks\n\n[extra]\n",
        toml::Value::String(title.to_string())
    );
    write(dir, "versus.toml", &config)?;
    for (rel, text) in FILES {
        write(dir, rel, text)?;
    }
    // Editors (Even Better TOML's `#:schema`) check the data file against it.
    write(dir, "comparison.schema.json", crate::compare::JSON_SCHEMA)?;
    // The build output and its staging folder are made, not written.
    write(dir, ".gitignore", "/public/\n/.public.previous/\n")?;
    if extras.github_pages {
        write(dir, GITHUB_WORKFLOW, include_str!("init/github-pages.yml"))?;
    }
    Ok(())
}

/// `versus init --from-zola DIR`: write `DIR/versus.toml`, the equivalent
/// of the Zola site's config (the settings versus does not use listed in a
/// comment). Returns the Zola file it was made from.
pub fn from_zola(dir: &Path) -> Result<&'static str, Error> {
    let target = dir.join(crate::config::CONFIG_FILE);
    if target.exists() {
        return Err(Error::new(format!("{} already exists", target.display()))
            .with_hint("init never overwrites files; remove it to write it again"));
    }
    let Some(name) = crate::config::zola::find(dir) else {
        return Err(Error::new(format!(
            "no Zola config (zola.toml or config.toml) in {}",
            dir.display()
        ))
        .with_hint("pass the folder of the Zola site"));
    };
    let source =
        std::fs::read_to_string(dir.join(name)).map_err(|e| Error::io(Path::new(name), &e))?;
    let text = crate::config::zola::versus_toml(name, &source)?;
    write(dir, crate::config::CONFIG_FILE, &text)?;
    Ok(name)
}

/// What `versus init` prints: what it made and the command to run next.
pub fn next_steps(dir: &Path, extras: Extras) -> String {
    let shown = dir.display().to_string();
    let mut text = format!(
        "Created a new site in {shown}. Preview it with:\n\n    cd {} && versus serve\n",
        shell_word(&shown)
    );
    if extras.github_pages {
        text.push_str(&format!(
            "\n{GITHUB_WORKFLOW} publishes it to GitHub Pages on every push to main:\n\
             set VERSUS_GIT in it to the repository versus is installed from, and set\n\
             Settings → Pages → Source to \"GitHub Actions\" once (see docs/publishing.md).\n"
        ));
    }
    text
}

/// `word` as one shell word: as it is when that is safe, else single-quoted.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_alphanumeric() || "-_./~+,:@%".contains(c));
    if plain && !word.is_empty() {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

fn write(dir: &Path, rel: &str, text: &str) -> Result<(), Error> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::io(&path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_command_quotes_folders_the_shell_would_split() {
        let plain = next_steps(Path::new("mysite"), Extras::default());
        assert!(
            plain.contains("\n    cd mysite && versus serve\n"),
            "{plain}"
        );
        let spaced = next_steps(Path::new("my site's"), Extras::default());
        assert!(
            spaced.contains("cd 'my site'\\''s' && versus serve"),
            "{spaced}"
        );
    }
}

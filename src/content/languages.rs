//! Language codes in file names, as a multilingual Zola site writes them:
//! `page.fr.md` and `_index.fr.md` are the French versions of `page.md`
//! and `_index.md`. versus builds a site in one language, so on a site
//! that declares other languages (`other_languages`, Zola's `[languages]`)
//! their files are left out and counted in one warning; a code the site
//! does not declare is an error at the file, as in Zola.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::CONTENT_DIR;
use crate::error::Error;

/// The site's languages, as file names may carry them.
#[derive(Debug, Clone, Copy)]
pub struct FileLanguages<'c> {
    /// The language the site is built in (`language`).
    default: &'c str,
    /// Languages of translations, which are not built.
    others: &'c [String],
}

/// What the name of a Markdown file says about its language.
#[derive(Debug, PartialEq, Eq)]
enum Named<'n> {
    /// No code (or none is read: the site declares no other language).
    Built,
    /// A translation into this declared language.
    Translation(&'n str),
    /// A code that is not one of the site's languages, or the default
    /// language's own code.
    Undeclared(&'n str),
}

/// The files of `content/` to load, and what was left out of them.
#[derive(Debug, Default)]
pub struct Sorted {
    pub files: Vec<(String, PathBuf)>,
    /// Files with a code the site does not declare.
    pub errors: Vec<Error>,
    /// The one warning that names the translations left out.
    pub warning: Option<Error>,
}

impl<'c> FileLanguages<'c> {
    /// A site built in `default` whose translations are in `others`
    /// (the config's `language` and `other_languages`).
    pub fn new(default: &'c str, others: &'c [String]) -> Self {
        FileLanguages { default, others }
    }

    /// Zola's reading of a file name: with other languages declared, what
    /// follows the first `.` of the name before `.md` is a language code.
    fn read<'n>(&self, rel: &'n str) -> Named<'n> {
        if self.others.is_empty() {
            return Named::Built;
        }
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let Some(stem) = name.strip_suffix(".md") else {
            return Named::Built;
        };
        match stem.split_once('.') {
            None => Named::Built,
            Some((_, code)) if self.others.iter().any(|o| o == code) => Named::Translation(code),
            Some((_, code)) => Named::Undeclared(code),
        }
    }

    /// The language of `rel` when it is a translation, which is not built.
    pub fn translation<'n>(&self, rel: &'n str) -> Option<&'n str> {
        match self.read(rel) {
            Named::Translation(code) => Some(code),
            _ => None,
        }
    }

    /// Split the files found under `content/` into those to load, the
    /// translations left out (one warning) and names in error.
    pub fn sort(&self, files: Vec<(String, PathBuf)>) -> Sorted {
        let mut sorted = Sorted {
            files: Vec::with_capacity(files.len()),
            ..Sorted::default()
        };
        // How many translations into each language, and the first of all.
        let mut left_out: BTreeMap<&str, usize> = BTreeMap::new();
        let mut first = None;
        for (rel, abs) in files {
            match self.read(&rel) {
                Named::Built => sorted.files.push((rel, abs)),
                Named::Translation(code) => {
                    *left_out.entry(self.declared(code)).or_default() += 1;
                    first.get_or_insert(rel);
                }
                Named::Undeclared(code) => sorted.errors.push(self.undeclared(&rel, code)),
            }
        }
        sorted.warning = first.map(|first| self.left_out_warning(&first, &left_out));
        sorted
    }

    /// The declared code equal to `code`, borrowed from the config.
    fn declared(&self, code: &str) -> &'c str {
        self.others
            .iter()
            .find(|o| *o == code)
            .map_or("", String::as_str)
    }

    fn undeclared(&self, rel: &str, code: &str) -> Error {
        let file = Path::new(CONTENT_DIR).join(rel);
        let declared = self
            .others
            .iter()
            .map(|o| format!("`{o}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if code == self.default {
            return Error::new(format!(
                "the file name has the code of the site's own language `{code}`; \
                 versus reads a code in a name only as a translation ({declared})"
            ))
            .in_file(file)
            .with_hint(format!("rename it without `.{code}`"));
        }
        Error::new(format!(
            "the file name has the language code `{code}`, which is not one of the \
             site's other languages ({declared})"
        ))
        .in_file(file)
        .with_hint(format!(
            "add `{code}` to other_languages (Zola: a [languages.{code}] table), \
             or take `.{code}` out of the name (with other languages, what follows \
             the first `.` of a name is a language code)"
        ))
    }

    fn left_out_warning(&self, first: &str, left_out: &BTreeMap<&str, usize>) -> Error {
        let total: usize = left_out.values().sum();
        let each = left_out
            .iter()
            .map(|(code, n)| format!("{code}: {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        Error::new(format!(
            "{total} translation{} not built ({each}): versus builds the site \
                 in its own language (`{}`) only",
            if total == 1 { " is" } else { "s are" },
            self.default
        ))
        .in_file(Path::new(CONTENT_DIR).join(first))
        .with_hint(
            "links to a translation are broken links; see \"Languages\" in \
             docs/coming-from-zola.md",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(names: &[&str]) -> Vec<(String, PathBuf)> {
        names
            .iter()
            .map(|n| (n.to_string(), PathBuf::from(n)))
            .collect()
    }

    fn languages(others: &[String]) -> FileLanguages<'_> {
        FileLanguages::new("en", others)
    }

    #[test]
    fn without_other_languages_a_dot_in_a_name_is_part_of_it() {
        let sorted = languages(&[]).sort(files(&["a.fr.md", "_index.fr.md", "v1.2.md"]));
        assert_eq!(sorted.files.len(), 3);
        assert!(sorted.errors.is_empty() && sorted.warning.is_none());
    }

    #[test]
    fn translations_are_left_out_and_counted_in_one_warning() {
        let others = ["fr".to_string(), "ar".to_string()];
        let sorted = languages(&others).sort(files(&[
            "_index.md",
            "_index.fr.md",
            "blog/a.md",
            "blog/a.fr.md",
            "blog/a.ar.md",
            "blog/b/index.fr.md",
            "blog/b/photo.fr.jpg",
        ]));
        let kept: Vec<&str> = sorted.files.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(kept, ["_index.md", "blog/a.md", "blog/b/photo.fr.jpg"]);
        assert!(sorted.errors.is_empty());
        let warning = sorted.warning.unwrap().to_string();
        assert!(
            warning.starts_with(
                "content/_index.fr.md: 4 translations are not built (ar: 1, fr: 3): \
                 versus builds the site in its own language (`en`) only"
            ),
            "{warning}"
        );
    }

    #[test]
    fn an_undeclared_code_and_the_default_code_are_errors_at_the_file() {
        let others = ["fr".to_string()];
        let sorted = languages(&others).sort(files(&["a.de.md", "b.en.md", "v1.2.md"]));
        assert!(sorted.files.is_empty());
        let errors: Vec<String> = sorted.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].contains("content/a.de.md"), "{}", errors[0]);
        assert!(
            errors[0].contains(
                "the file name has the language code `de`, which is not one of the site's \
                 other languages (`fr`)"
            ),
            "{}",
            errors[0]
        );
        assert!(
            errors[1].contains("the file name has the code of the site's own language `en`"),
            "{}",
            errors[1]
        );
        assert!(
            errors[1].contains("rename it without `.en`"),
            "{}",
            errors[1]
        );
        // Zola reads `2` as the code of `v1.2.md`.
        assert!(errors[2].contains("language code `2`"), "{}", errors[2]);
    }
}

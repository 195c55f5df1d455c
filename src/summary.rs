//! The line `build` and `serve` print after a build: what the site holds,
//! counted from the model the same way for both commands.

use std::fmt;
use std::time::Duration;

use crate::site::Site;

/// What a built site holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub sections: usize,
    pub comparisons: usize,
    /// Terms of all taxonomies.
    pub terms: usize,
    /// Is `tags` the site's one taxonomy? (Then terms are called tags.)
    pub only_tags: bool,
}

impl Counts {
    /// The counts of `site` (drafts are in it only when asked for).
    pub fn of(site: &Site) -> Counts {
        Counts {
            pages: site.pages.len(),
            sections: site.sections.len(),
            comparisons: site.comparisons.len(),
            terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
            only_tags: site
                .config
                .taxonomies
                .iter()
                .map(|t| t.name.as_str())
                .eq([crate::config::taxonomy::DEFAULT]),
        }
    }
}

/// "3 pages, 1 section, 1 comparison, 0 tags" (or "5 terms", when the
/// site has other taxonomies than `tags`).
impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            (self.pages, "page", "pages"),
            (self.sections, "section", "sections"),
            (self.comparisons, "comparison", "comparisons"),
            if self.only_tags {
                (self.terms, "tag", "tags")
            } else {
                (self.terms, "term", "terms")
            },
        ];
        for (i, (n, one, many)) in parts.into_iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n} {}", if n == 1 { one } else { many })?;
        }
        Ok(())
    }
}

/// "Built 3 pages, 1 section, 1 comparison, 0 tags in 42 ms".
pub fn built_line(site: &Site, elapsed: Duration) -> String {
    format!("Built {} in {} ms", Counts::of(site), elapsed.as_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_everything_else_plural() {
        let counts = Counts {
            pages: 1,
            sections: 2,
            comparisons: 1,
            terms: 0,
            only_tags: true,
        };
        assert_eq!(
            counts.to_string(),
            "1 page, 2 sections, 1 comparison, 0 tags"
        );
        let counts = Counts {
            pages: 0,
            sections: 1,
            comparisons: 2,
            terms: 1,
            only_tags: true,
        };
        assert_eq!(
            counts.to_string(),
            "0 pages, 1 section, 2 comparisons, 1 tag"
        );
        let counts = Counts {
            only_tags: false,
            terms: 3,
            ..counts
        };
        assert_eq!(
            counts.to_string(),
            "0 pages, 1 section, 2 comparisons, 3 terms"
        );
    }
}

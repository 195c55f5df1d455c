//! [`PageMeta`]: what a placed page keeps of its front matter. Its title
//! and terms are the page's own fields; the keys few pages set are kept
//! behind one pointer, so a page that sets none of them costs 8 bytes for
//! them, not ~150 (a model of 100,000 pages is held through the whole build).

use crate::content::front_matter::{Date, PageFront};

/// The front matter of a placed page, but for its title and terms (see
/// [`super::Page::title`] and [`super::Page::terms`]).
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub description: Option<String>,
    pub date: Option<Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The keys few pages set, when the page sets any of them.
    rare: Option<Box<RareMeta>>,
}

/// Keys of [`PageMeta`] that most pages leave out.
#[derive(Debug, Clone, Default, PartialEq)]
struct RareMeta {
    updated: Option<Date>,
    slug: Option<String>,
    template: Option<String>,
    aliases: Vec<String>,
    path: Option<String>,
    authors: Vec<String>,
    in_search_index: Option<bool>,
}

impl From<PageFront> for PageMeta {
    fn from(front: PageFront) -> PageMeta {
        let rare = RareMeta {
            updated: front.updated,
            slug: front.slug,
            template: front.template,
            aliases: front.aliases,
            path: front.path,
            authors: front.authors,
            in_search_index: front.in_search_index,
        };
        PageMeta {
            description: front.description,
            date: front.date,
            weight: front.weight,
            draft: front.draft,
            extra: front.extra,
            rare: (rare != RareMeta::default()).then(|| Box::new(rare)),
        }
    }
}

impl PageMeta {
    /// `updated`.
    pub fn updated(&self) -> Option<&Date> {
        self.rare.as_ref()?.updated.as_ref()
    }

    /// `slug`.
    pub fn slug(&self) -> Option<&str> {
        self.rare.as_ref()?.slug.as_deref()
    }

    /// `template`.
    pub fn template(&self) -> Option<&str> {
        self.rare.as_ref()?.template.as_deref()
    }

    /// `aliases`.
    pub fn aliases(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.aliases)
    }

    /// Zola's `path`.
    pub fn path(&self) -> Option<&str> {
        self.rare.as_ref()?.path.as_deref()
    }

    /// Zola's `authors`.
    pub fn authors(&self) -> &[String] {
        self.rare.as_ref().map_or(&[], |r| &r.authors)
    }

    /// Zola's `in_search_index`.
    pub fn in_search_index(&self) -> Option<bool> {
        self.rare.as_ref()?.in_search_index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_keys_are_kept_only_when_set() {
        let plain = PageMeta::from(PageFront {
            description: Some("d".into()),
            weight: Some(3),
            ..PageFront::default()
        });
        assert!(plain.rare.is_none());
        assert_eq!(plain.description.as_deref(), Some("d"));
        assert_eq!((plain.slug(), plain.aliases().len()), (None, 0));
        let rare = PageMeta::from(PageFront {
            slug: Some("s".into()),
            aliases: vec!["old/".into()],
            in_search_index: Some(false),
            ..PageFront::default()
        });
        assert_eq!(rare.slug(), Some("s"));
        assert_eq!(rare.aliases(), ["old/"]);
        assert_eq!(rare.in_search_index(), Some(false));
        assert_eq!(
            (rare.template(), rare.path(), rare.updated()),
            (None, None, None)
        );
    }
}

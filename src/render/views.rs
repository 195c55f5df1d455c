//! What templates see: small `Serialize` views borrowed from the model and
//! the rendered Markdown, so nothing is cloned until Tera serializes it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::front_matter::Date;
pub use crate::markdown::RenderedContent;
use crate::markdown::{Rendered, TocEntry};
use crate::site::Term;
use crate::site::{Page, Section, Site};

/// Words read per minute, for `reading_time`.
const WORDS_PER_MINUTE: usize = 200;

/// A section lists its pages in `nav` only up to this many: beyond it a
/// sidebar stops being navigation.
pub const NAV_PAGE_LIMIT: usize = 100;

/// The context shared by every view: the model, its rendered Markdown.
#[derive(Clone, Copy)]
pub struct Views<'a> {
    pub site: &'a Site,
    pub content: &'a RenderedContent,
}

/// `{title, url}` of a neighbouring page or parent section.
#[derive(Serialize)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub url: String,
    pub path: &'a str,
}

/// A term (tag, category, …) as shown on a page.
#[derive(Serialize)]
pub struct TagView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub url: String,
}

/// A page's term where the page shows it: linked to the term's page
/// (`{name, slug, url}`), or its name alone when its taxonomy has no pages
/// (`render = false`).
#[derive(Serialize)]
#[serde(untagged)]
pub enum TermOnPage<'a> {
    Linked(TagView<'a>),
    Name(&'a str),
}

/// `tags` and `taxonomies` of a page: its terms of `tags` linked to their
/// pages (versus's own key), and its terms by taxonomy name as the front
/// matter writes them (Zola's `page.taxonomies`: names, not objects).
pub struct PageTerms<'a> {
    tags: Vec<TermOnPage<'a>>,
    taxonomies: TermNames<'a>,
}

impl Serialize for PageTerms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("tags", &self.tags)?;
        map.serialize_entry("taxonomies", &self.taxonomies)?;
        map.end()
    }
}

/// `taxonomies`: the names of the page's terms by taxonomy name (the
/// taxonomies it sets terms of), borrowed from the model.
struct TermNames<'a>(Vec<(&'a str, &'a [String])>);

impl Serialize for TermNames<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().copied())
    }
}

/// `linked_terms` of a page: its terms linked to their pages, by taxonomy
/// name (the taxonomies it sets terms of). Only the page itself has them:
/// in a listing, `tags` and `taxonomies` cost far less.
pub struct LinkedTerms<'a>(Vec<(&'a str, Vec<TermOnPage<'a>>)>);

impl Serialize for LinkedTerms<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, terms)| (name, terms)))
    }
}

/// Everything about a page (`page` in `page.html`, `get_page()`).
#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: PageSummary<'a>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    /// The page's terms of every taxonomy, linked (`{name, slug, url}`).
    pub linked_terms: LinkedTerms<'a>,
    pub section: LinkView<'a>,
    /// The sections above `section`, from the highest (below the home
    /// page) down (breadcrumbs; a URL is empty for a section with no page).
    pub ancestors: Vec<LinkView<'a>>,
    pub lower: Option<LinkView<'a>>,
    pub higher: Option<LinkView<'a>>,
    pub assets: Vec<String>,
    pub slug: &'a str,
    /// Path of the source file relative to `content/` (for "edit this page").
    pub file: &'a str,
    /// Does the content show a comparison (a comparison shortcode)? The
    /// theme loads the comparison styles and script only then.
    pub has_comparison: bool,
    /// The shortcodes the content calls (the theme loads `tabs.js` only
    /// where `tabs` is).
    pub shortcodes: &'a [String],
}

/// A page in a list (section listings, tag pages, feeds).
#[derive(Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a Date>,
    pub updated: Option<&'a Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub summary: Option<&'a str>,
    /// `tags`: the page's terms of `tags` (when the site has that
    /// taxonomy), linked; `taxonomies`: the names of its terms by taxonomy
    /// name (taxonomies it sets terms of), as in Zola.
    #[serde(flatten)]
    pub terms: PageTerms<'a>,
    pub word_count: usize,
    pub reading_time: usize,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Zola's `authors`, as written.
    pub authors: &'a [String],
}

/// A section (`section` in `index.html` / `section.html`, `get_section()`).
#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub content: &'a str,
    pub toc: &'a [TocEntry],
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    pub page_count: usize,
    pub pages: Vec<PageSummary<'a>>,
    pub subsections: Vec<SectionSummary<'a>>,
    /// The comparisons whose data files are in this section, by title.
    pub comparisons: Vec<ComparisonSummary<'a>>,
    /// Path of `_index.md` relative to `content/`, when there is one.
    pub file: Option<&'a str>,
    /// The sections above this one, from the highest (below the home page)
    /// down to its parent, as in `page.ancestors`.
    pub ancestors: Vec<LinkView<'a>>,
    /// Does the content show a comparison (a comparison shortcode)?
    pub has_comparison: bool,
    /// The shortcodes the content calls.
    pub shortcodes: &'a [String],
}

/// A section in a list.
#[derive(Serialize)]
pub struct SectionSummary<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub page_count: usize,
    pub comparison_count: usize,
    /// Does the section have a page (not `render = false`)?
    pub render: bool,
}

/// A comparison in a list (`section.comparisons`, `nav`): enough to link
/// to it; `get_comparison(id=…)` gives the whole of it.
#[derive(Serialize)]
pub struct ComparisonSummary<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub path: String,
    pub url: String,
    pub permalink: String,
}

/// The page or section a shortcode is called from (`page` or `section` in
/// a shortcode template): what is known before any Markdown is rendered,
/// all of it from the file itself, its place and the config (so a body's
/// cached rendering stays right while those are unchanged).
#[derive(Serialize)]
pub struct CallerView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub date: Option<&'a Date>,
    pub updated: Option<&'a Date>,
    pub weight: Option<i64>,
    pub draft: bool,
    /// The URL path; on a Zola site with Zola's leading `/` (`/blog/a/`),
    /// which its shortcodes join (`"content" ~ section.path`).
    pub path: Cow<'a, str>,
    pub url: String,
    pub permalink: String,
    pub tags: &'a [String],
    /// The terms as written, by taxonomy name (as Zola's `page.taxonomies`).
    pub taxonomies: BTreeMap<&'a str, &'a [String]>,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// The folder of a page bundle (`guides/a/` for `guides/a/index.md`),
    /// or of a section: where its own files are.
    pub colocated_path: Option<String>,
}

impl<'a> CallerView<'a> {
    /// Page `i` of `site`, as its shortcodes see it.
    pub fn page(site: &'a Site, i: usize) -> CallerView<'a> {
        let page = &site.pages[i];
        let rel = &page.file.rel;
        CallerView {
            title: &page.title,
            description: page.front.description.as_deref(),
            date: page.front.date.as_ref(),
            updated: page.front.updated(),
            weight: page.front.weight,
            draft: page.front.draft,
            path: caller_path(site, &page.path),
            url: site.config.url_of(&page.path),
            permalink: site.config.permalink_of(&page.path),
            tags: crate::config::taxonomy::default_index(&site.config)
                .map_or(&[], |t| page.terms[t].as_slice()),
            taxonomies: site
                .config
                .taxonomies
                .iter()
                .zip(&page.terms)
                .filter(|(_, terms)| !terms.is_empty())
                .map(|(t, terms)| (t.name.as_str(), terms.as_slice()))
                .collect(),
            extra: &page.front.extra,
            colocated_path: rel
                .strip_suffix("index.md")
                .filter(|dir| dir.is_empty() || dir.ends_with('/'))
                .map(str::to_string),
        }
    }

    /// Section `i` of `site`, as its shortcodes see it.
    pub fn section(site: &'a Site, i: usize) -> CallerView<'a> {
        let section = &site.sections[i];
        CallerView {
            title: &section.title,
            description: section.front.description.as_deref(),
            date: None,
            updated: None,
            weight: section.front.weight,
            draft: section.front.draft,
            path: caller_path(site, &section.path),
            url: site.config.url_of(&section.path),
            permalink: site.config.permalink_of(&section.path),
            tags: &[],
            taxonomies: BTreeMap::new(),
            extra: &section.front.extra,
            colocated_path: Some(if section.dir.is_empty() {
                String::new()
            } else {
                format!("{}/", section.dir)
            }),
        }
    }
}

/// `path` as a shortcode of `site` sees it: a Zola site's with Zola's
/// leading `/`, a versus site's as it is.
fn caller_path<'a>(site: &Site, path: &'a str) -> Cow<'a, str> {
    if site.config.zola_templates {
        Cow::Owned(format!("/{path}"))
    } else {
        Cow::Borrowed(path)
    }
}

/// A node of the navigation tree (`nav`).
#[derive(Serialize)]
pub struct NavEntry<'a> {
    pub title: &'a str,
    pub url: String,
    pub path: &'a str,
    /// Filled only on the path to the current page, up to [`NAV_PAGE_LIMIT`].
    pub pages: Vec<NavPage<'a>>,
    pub page_count: usize,
    pub subsections: Vec<NavEntry<'a>>,
    /// The section's comparisons, listed when its pages are.
    pub comparisons: Vec<ComparisonSummary<'a>>,
    /// Does the section have a page (not `render = false`)?
    pub render: bool,
}

/// A page in the navigation tree.
#[derive(Serialize)]
pub struct NavPage<'a> {
    pub title: &'a str,
    pub url: String,
    pub path: &'a str,
    pub weight: Option<i64>,
    pub date: Option<&'a Date>,
}

/// A tag in the list of all tags (`terms` in `tags.html`): no pages, so the
/// list costs O(tags), not O(tags × pages).
#[derive(Serialize)]
pub struct TermSummary<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub page_count: usize,
}

/// A tag with its pages (`term` in `tag.html`).
#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub page_count: usize,
    pub slug: &'a str,
    pub path: &'a str,
    pub url: String,
    pub permalink: String,
    pub pages: Vec<PageSummary<'a>>,
}

impl<'a> Views<'a> {
    fn url(&self, path: &str) -> String {
        self.site.config.url_of(path)
    }

    fn permalink(&self, path: &str) -> String {
        self.site.config.permalink_of(path)
    }

    /// The terms of taxonomy `t` that `page` sets, linked to their pages
    /// (by name alone where the taxonomy has none).
    fn terms_of(&self, page: &'a Page, t: usize) -> Vec<TermOnPage<'a>> {
        if !self.site.config.taxonomies[t].render {
            return page.terms[t]
                .iter()
                .map(|name| TermOnPage::Name(name))
                .collect();
        }
        let taxonomy = &self.site.taxonomies[t];
        page.terms[t]
            .iter()
            .filter_map(|name| {
                let slug = crate::markdown::slug::path_slug(name, self.site.config.slugify.paths);
                let term = taxonomy.term(&slug)?;
                Some(TermOnPage::Linked(TagView {
                    name,
                    slug: &term.slug,
                    url: self.url(&term.path),
                }))
            })
            .collect()
    }

    /// `tags` and `taxonomies` of `page`.
    fn page_terms(&self, page: &'a Page) -> PageTerms<'a> {
        let config = &self.site.config;
        let tags = crate::config::taxonomy::default_index(config)
            .map(|t| self.terms_of(page, t))
            .unwrap_or_default();
        let taxonomies = config
            .taxonomies
            .iter()
            .zip(&page.terms)
            .filter(|(_, terms)| !terms.is_empty())
            .map(|(declared, terms)| (declared.name.as_str(), terms.as_slice()))
            .collect();
        PageTerms {
            tags,
            taxonomies: TermNames(taxonomies),
        }
    }

    /// `linked_terms` of `page`.
    fn linked_terms(&self, page: &'a Page) -> LinkedTerms<'a> {
        LinkedTerms(
            self.site
                .config
                .taxonomies
                .iter()
                .enumerate()
                .filter(|&(t, _)| !page.terms[t].is_empty())
                .map(|(t, declared)| (declared.name.as_str(), self.terms_of(page, t)))
                .collect(),
        )
    }

    /// The list form of page `i`.
    pub fn page_summary(&self, i: usize) -> PageSummary<'a> {
        self.page_summary_with(i, &self.content.pages[i])
    }

    /// The list form of page `i`, given its rendered Markdown.
    pub fn page_summary_with<'r>(&self, i: usize, rendered: &'r Rendered) -> PageSummary<'r>
    where
        'a: 'r,
    {
        let page = &self.site.pages[i];
        PageSummary {
            title: &page.title,
            description: page.front.description.as_deref(),
            date: page.front.date.as_ref(),
            updated: page.front.updated(),
            weight: page.front.weight,
            draft: page.front.draft,
            path: &page.path,
            url: self.url(&page.path),
            permalink: self.permalink(&page.path),
            summary: rendered.summary.as_deref(),
            terms: self.page_terms(page),
            word_count: rendered.word_count,
            reading_time: reading_time(rendered.word_count),
            extra: &page.front.extra,
            authors: page.front.authors(),
        }
    }

    /// The full form of page `i`.
    pub fn page(&self, i: usize) -> PageView<'a> {
        self.page_with(i, &self.content.pages[i])
    }

    /// The full form of page `i`, given its rendered Markdown (so a page can
    /// be rendered before the rest of the site's Markdown is).
    pub fn page_with<'r>(&self, i: usize, rendered: &'r Rendered) -> PageView<'r>
    where
        'a: 'r,
    {
        let page = &self.site.pages[i];
        let link = |j: usize| {
            let p = &self.site.pages[j];
            LinkView {
                title: &p.title,
                url: self.url(&p.path),
                path: &p.path,
            }
        };
        PageView {
            summary: self.page_summary_with(i, rendered),
            content: &rendered.html,
            toc: &rendered.toc,
            linked_terms: self.linked_terms(page),
            section: self.section_link(page.section),
            ancestors: self.ancestors(page.section),
            lower: page.lower.map(link),
            higher: page.higher.map(link),
            assets: page
                .assets
                .iter()
                .map(|a| {
                    self.url(&format!(
                        "{}{}",
                        page.path,
                        a.rel.rsplit('/').next().unwrap_or(&a.rel)
                    ))
                })
                .collect(),
            slug: page
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or(""),
            file: &page.file.rel,
            has_comparison: rendered.shows_comparison,
            shortcodes: &rendered.shortcodes,
        }
    }

    /// The list form of section `i`.
    pub fn section_summary(&self, i: usize) -> SectionSummary<'a> {
        let s: &'a Section = &self.site.sections[i];
        SectionSummary {
            title: &s.title,
            description: s.front.description.as_deref(),
            path: &s.path,
            url: self.url(&s.path),
            permalink: self.permalink(&s.path),
            page_count: s.pages.len(),
            comparison_count: s.comparisons.len(),
            render: super::zola_keys::renders(s),
        }
    }

    /// The comparisons of section `s`, in its order.
    fn comparison_summaries(&self, s: &'a Section) -> Vec<ComparisonSummary<'a>> {
        s.comparisons
            .iter()
            .map(|&c| {
                let c = &self.site.comparisons[c];
                let path = c.path();
                ComparisonSummary {
                    id: c.id(),
                    title: c.title(),
                    description: c.description(),
                    url: self.url(&path),
                    permalink: self.permalink(&path),
                    path,
                }
            })
            .collect()
    }

    /// The full form of section `i`, with its pages.
    pub fn section(&self, i: usize) -> SectionView<'a> {
        self.section_limited(i, None)
    }

    /// Section `i` with at most `limit` of its pages.
    pub fn section_limited(&self, i: usize, limit: Option<usize>) -> SectionView<'a> {
        let s: &'a Section = &self.site.sections[i];
        let rendered = &self.content.sections[i];
        SectionView {
            title: &s.title,
            description: s.front.description.as_deref(),
            content: &rendered.html,
            toc: &rendered.toc,
            path: &s.path,
            url: self.url(&s.path),
            permalink: self.permalink(&s.path),
            extra: &s.front.extra,
            page_count: s.pages.len(),
            pages: s
                .pages
                .iter()
                .take(limit.unwrap_or(usize::MAX))
                .map(|&p| self.page_summary(p))
                .collect(),
            subsections: s
                .subsections
                .iter()
                .map(|&c| self.section_summary(c))
                .collect(),
            comparisons: self.comparison_summaries(s),
            file: s.file.as_ref().map(|f| f.rel.as_str()),
            ancestors: self.ancestors(i),
            has_comparison: rendered.shows_comparison,
            shortcodes: &rendered.shortcodes,
        }
    }

    /// Section `i` as a link: its URL is empty when it has no page
    /// (`render = false`).
    fn section_link(&self, i: usize) -> LinkView<'a> {
        let section = &self.site.sections[i];
        LinkView {
            title: &section.title,
            url: if super::zola_keys::renders(section) {
                self.url(&section.path)
            } else {
                String::new()
            },
            path: &section.path,
        }
    }

    /// The sections above section `i`, from the highest below the home
    /// page down to `i`'s parent.
    fn ancestors(&self, i: usize) -> Vec<LinkView<'a>> {
        let mut above = Vec::new();
        let mut at = self.site.sections[i].parent;
        while let Some(s) = at.filter(|&s| s != self.site.root) {
            above.push(self.section_link(s));
            at = self.site.sections[s].parent;
        }
        above.reverse();
        above
    }

    /// The navigation tree from section `i` down. On a site of more than
    /// [`NAV_PAGE_LIMIT`] pages only the sections in `open` (the current one
    /// and its ancestors) list their pages, at most [`NAV_PAGE_LIMIT`] each;
    /// the others give their `page_count`. So every page's nav costs
    /// O(sections + its own section), not O(site).
    pub fn nav(&self, i: usize, open: &[usize]) -> NavEntry<'a> {
        let s: &'a Section = &self.site.sections[i];
        let listed = nav_lists_pages(self.site, i, open);
        NavEntry {
            title: &s.title,
            url: self.url(&s.path),
            path: &s.path,
            page_count: s.pages.len(),
            pages: if listed {
                s.pages
                    .iter()
                    .map(|&p| {
                        let page = &self.site.pages[p];
                        NavPage {
                            title: &page.title,
                            url: self.url(&page.path),
                            path: &page.path,
                            weight: page.front.weight,
                            date: page.front.date.as_ref(),
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            subsections: s
                .subsections
                .iter()
                .filter(|&&c| !super::zola_keys::hidden_in_nav(&self.site.sections[c]))
                .map(|&c| self.nav(c, open))
                .collect(),
            render: super::zola_keys::renders(s),
            comparisons: if listed {
                self.comparison_summaries(s)
            } else {
                Vec::new()
            },
        }
    }

    /// A tag and how many pages carry it.
    pub fn term_summary(&self, term: &'a Term) -> TermSummary<'a> {
        TermSummary {
            name: &term.name,
            slug: &term.slug,
            path: &term.path,
            url: self.url(&term.path),
            permalink: self.permalink(&term.path),
            page_count: term.pages.len(),
        }
    }

    /// A tag and its pages.
    pub fn term(&self, term: &'a Term) -> TermView<'a> {
        TermView {
            name: &term.name,
            page_count: term.pages.len(),
            slug: &term.slug,
            path: &term.path,
            url: self.url(&term.path),
            permalink: self.permalink(&term.path),
            pages: term.pages.iter().map(|&p| self.page_summary(p)).collect(),
        }
    }
}

/// Section `i` and its ancestors: the sections open in the nav of a page in `i`.
pub fn open_sections(site: &Site, i: usize) -> Vec<usize> {
    let mut open = vec![i];
    let mut at = i;
    while let Some(parent) = site.sections[at].parent {
        open.push(parent);
        at = parent;
    }
    open
}

/// Does section `i` list its pages in a nav opened at `open`? (The one rule,
/// shared by the nav view and the dev server's fingerprints of it.)
pub fn nav_lists_pages(site: &Site, i: usize, open: &[usize]) -> bool {
    let small_site = site.pages.len() <= NAV_PAGE_LIMIT;
    (small_site || open.contains(&i)) && site.sections[i].pages.len() <= NAV_PAGE_LIMIT
}

/// Minutes to read `words` words: none for a page with no text (a page
/// that is there for its template, terminimal's archive), as in Zola.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

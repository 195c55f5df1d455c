//! Listings over several pages (`paginate_by` in `_index.md` or of a
//! taxonomy): where each listing page goes and the `paginator` its
//! template sees.

use std::cell::RefCell;
use std::num::NonZeroUsize;

use serde::Serialize;
use tera::Context;

use super::views::{PageSummary, Views};
use crate::content::front_matter::PathSegment;
use crate::site::{Section, Site};

/// The folder of listing pages 2, 3, … when `paginate_path` is not given.
const DEFAULT_PATH: &str = "page";

/// How many listing pages section `s` has (1 when it is not paginated).
pub fn pager_count(s: &Section) -> usize {
    count(s.pages.len(), s.front.paginate_by)
}

/// How many listing pages a list of `len` pages has, `by` to a page.
pub fn count(len: usize, by: Option<NonZeroUsize>) -> usize {
    match by {
        Some(by) => len.div_ceil(by.get()).max(1),
        None => 1,
    }
}

/// The site path of listing page `pager` (from 0) of section `i`: the
/// section's own for the first, `<section>/<paginate_path>/<n>/` after.
pub fn pager_path(site: &Site, i: usize, pager: usize) -> String {
    let s = &site.sections[i];
    listing_path(&s.path, s.front.paginate_path.as_ref(), pager)
}

/// The site path of listing page `pager` (from 0) of the listing at
/// `path` (a section, a taxonomy term) whose later pages are in `folder`.
pub fn listing_path(path: &str, folder: Option<&PathSegment>, pager: usize) -> String {
    if pager == 0 {
        return path.to_string();
    }
    format!("{path}{}/{}/", folder_name(folder), pager + 1)
}

/// The site path the first listing page would have in the folder of the
/// later ones (`<path><paginate_path>/1/`), where Zola writes a redirect
/// to it.
pub fn first_in_folder(path: &str, folder: Option<&PathSegment>) -> String {
    format!("{path}{}/1/", folder_name(folder))
}

fn folder_name(folder: Option<&PathSegment>) -> &str {
    folder.map_or(DEFAULT_PATH, |p| p.0.as_str())
}

/// One listing page, as the page numbers show it.
#[derive(Serialize)]
pub struct PagerLink {
    /// From 1.
    pub index: usize,
    pub url: String,
}

/// `paginator` in a paginated section's or term's template (as in Zola).
#[derive(Serialize)]
pub struct PaginatorView<'a> {
    pub paginate_by: usize,
    /// The listing's URL followed by the folder of listing pages.
    pub base_url: String,
    /// How many listing pages there are.
    pub number_pagers: usize,
    /// This listing page's number, from 1.
    pub current_index: usize,
    /// How many pages the listing lists in all.
    pub total_pages: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// The pages on this listing page.
    pub pages: Vec<PageSummary<'a>>,
    /// Every listing page, for page numbers.
    pub pagers: Vec<PagerLink>,
}

/// The paginator of listing page `pager` (from 0) of section `i`.
pub fn paginator<'a>(views: &Views<'a>, i: usize, pager: usize) -> PaginatorView<'a> {
    let s = &views.site.sections[i];
    let listing = Listing {
        path: &s.path,
        pages: &s.pages,
        by: s.front.paginate_by,
        folder: s.front.paginate_path.as_ref(),
    };
    listing.paginator(views, pager)
}

/// A list of pages shown over listing pages: a section's, a term's.
pub struct Listing<'l> {
    /// Site path of the first listing page.
    pub path: &'l str,
    pub pages: &'l [usize],
    pub by: Option<NonZeroUsize>,
    /// The folder of listing pages 2, 3, … (`page` when not given).
    pub folder: Option<&'l PathSegment>,
}

impl Listing<'_> {
    /// The paginator of listing page `pager` (from 0).
    pub fn paginator<'a>(&self, views: &Views<'a>, pager: usize) -> PaginatorView<'a> {
        let site = views.site;
        let by = self.by.map_or(self.pages.len().max(1), |b| b.get());
        let count = count(self.pages.len(), self.by);
        let url = |n: usize| site.config.url_of(&listing_path(self.path, self.folder, n));
        PaginatorView {
            paginate_by: by,
            base_url: site
                .config
                .url_of(&format!("{}{}/", self.path, folder_name(self.folder))),
            number_pagers: count,
            current_index: pager + 1,
            total_pages: self.pages.len(),
            first: url(0),
            last: url(count - 1),
            previous: pager.checked_sub(1).map(url),
            next: (pager + 1 < count).then(|| url(pager + 1)),
            pages: self
                .pages
                .iter()
                .skip(pager * by)
                .take(by)
                .map(|&p| views.page_summary(p))
                .collect(),
            pagers: (0..count)
                .map(|n| PagerLink {
                    index: n + 1,
                    url: url(n),
                })
                .collect(),
        }
    }
}

/// Which listing a kept context belongs to: the render's
/// [`Contexts::serial`](super::context::Contexts::serial), the kind of
/// output, and its item (the section, the term).
pub type ListingKey = (u64, &'static str, usize);

thread_local! {
    /// The context of the listing this thread rendered a page of last,
    /// while it has listing pages to come.
    static KEPT: RefCell<Option<(ListingKey, Context)>> = const { RefCell::new(None) };
}

/// Run `f` with the context of listing page `pager` (from 0) of the
/// `count` pages of listing `key`. `make` builds what every listing page
/// shows alike (`section` or `term`, with the summary of every page of the
/// listing); `f` adds the keys of its own page (`paginator`, `current_path`,
/// `current_url`) and renders. Serialized once per listing page, those
/// summaries made a paginated listing cost n²/`paginate_by`: so a thread
/// keeps that context from one listing page to the next of the same
/// listing (they are next to each other in the plan), and drops it after
/// the last.
pub fn with_listing<R>(
    key: ListingKey,
    pager: usize,
    count: usize,
    make: impl FnOnce() -> Context,
    f: impl FnOnce(&mut Context) -> R,
) -> R {
    if count <= 1 {
        return f(&mut make());
    }
    KEPT.with(|kept| {
        let Ok(mut kept) = kept.try_borrow_mut() else {
            // A listing page rendered while this thread renders another one.
            return f(&mut make());
        };
        if !matches!(&*kept, Some((k, _)) if *k == key) {
            *kept = None;
        }
        let (_, ctx) = kept.get_or_insert_with(|| (key, make()));
        let rendered = f(ctx);
        if pager + 1 >= count {
            *kept = None;
        }
        rendered
    })
}

//! Section listings over several pages (`paginate_by` in `_index.md`):
//! where each listing page goes and the `paginator` its template sees.

use serde::Serialize;

use super::views::{PageSummary, Views};
use crate::site::{Section, Site};

/// The folder of listing pages 2, 3, … when `paginate_path` is not given.
const DEFAULT_PATH: &str = "page";

/// How many listing pages section `s` has (1 when it is not paginated).
pub fn pager_count(s: &Section) -> usize {
    match s.front.paginate_by {
        Some(by) => s.pages.len().div_ceil(by.get()).max(1),
        None => 1,
    }
}

/// The site path of listing page `pager` (from 0) of section `i`: the
/// section's own for the first, `<section>/<paginate_path>/<n>/` after.
pub fn pager_path(site: &Site, i: usize, pager: usize) -> String {
    let s = &site.sections[i];
    if pager == 0 {
        return s.path.clone();
    }
    let folder = s
        .front
        .paginate_path
        .as_ref()
        .map_or(DEFAULT_PATH, |p| p.0.as_str());
    format!("{}{folder}/{}/", s.path, pager + 1)
}

/// One listing page, as the page numbers show it.
#[derive(Serialize)]
pub struct PagerLink {
    /// From 1.
    pub index: usize,
    pub url: String,
}

/// `paginator` in a paginated section's template (as in Zola).
#[derive(Serialize)]
pub struct PaginatorView<'a> {
    pub paginate_by: usize,
    /// The section's URL followed by the folder of listing pages.
    pub base_url: String,
    /// How many listing pages there are.
    pub number_pagers: usize,
    /// This listing page's number, from 1.
    pub current_index: usize,
    /// How many pages the section lists in all.
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
    let site = views.site;
    let s = &site.sections[i];
    let by = s
        .front
        .paginate_by
        .map_or(s.pages.len().max(1), |b| b.get());
    let count = pager_count(s);
    let url = |n: usize| site.config.url_of(&pager_path(site, i, n));
    let folder = s
        .front
        .paginate_path
        .as_ref()
        .map_or(DEFAULT_PATH, |p| p.0.as_str());
    PaginatorView {
        paginate_by: by,
        base_url: site.config.url_of(&format!("{}{folder}/", s.path)),
        number_pagers: count,
        current_index: pager + 1,
        total_pages: s.pages.len(),
        first: url(0),
        last: url(count - 1),
        previous: pager.checked_sub(1).map(url),
        next: (pager + 1 < count).then(|| url(pager + 1)),
        pages: s
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

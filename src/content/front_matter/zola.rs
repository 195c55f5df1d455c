//! Front-matter keys Zola knows and versus does not use yet: a Zola page
//! with them still builds, and the build names each key once, with what
//! versus does instead. Lists from Zola's documentation
//! (`docs/content/documentation/content/page.md` and `section.md`).

/// Zola page keys versus ignores, each with what happens instead.
pub const PAGE_KEYS: &[(&str, &str)] = &[
    ("render", "the page is rendered"),
    ("path", "the URL comes from the file name (or `slug`)"),
    (
        "authors",
        "not shown; put them under [extra] for a custom template",
    ),
    ("in_search_index", "the page is in the search index"),
];

/// Zola section keys versus ignores, each with what happens instead.
pub const SECTION_KEYS: &[(&str, &str)] = &[
    (
        "page_template",
        "pages use `page.html` or their own `template`",
    ),
    (
        "paginate_reversed",
        "the section's listing pages keep its order",
    ),
    (
        "insert_anchor_links",
        "set `heading_anchors` in versus.toml for the whole site",
    ),
    ("in_search_index", "the section is in the search index"),
    ("render", "the section is rendered"),
    (
        "redirect_to",
        "the section is rendered as a normal page, with no redirect",
    ),
    ("transparent", "the section's pages stay in it"),
    ("aliases", "no redirect pages are written for the section"),
    ("generate_feeds", "only the site-wide feed is written"),
];

/// What versus does instead of the Zola key `key` of a page (`section`
/// false) or section, if Zola knows the key.
pub fn ignored(key: &str, section: bool) -> Option<&'static str> {
    let list = if section { SECTION_KEYS } else { PAGE_KEYS };
    list.iter().find(|(k, _)| *k == key).map(|(_, what)| *what)
}

/// What versus does instead of a Zola taxonomy other than `tags`.
pub const TAXONOMY: &str = "only the `tags` taxonomy is built; the terms are not listed";

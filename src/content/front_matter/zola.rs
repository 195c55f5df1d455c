//! Front-matter keys Zola knows and versus does not use yet: a Zola page
//! with them still builds, and the build names each key once, with what
//! versus does instead. Lists from Zola's documentation
//! (`docs/content/documentation/content/page.md` and `section.md`).

/// Zola page keys versus ignores, each with what happens instead.
pub const PAGE_KEYS: &[(&str, &str)] = &[(
    "render",
    "the page is rendered (to keep it out of the site, make it a `draft`)",
)];

/// Zola section keys versus ignores, each with what happens instead.
pub const SECTION_KEYS: &[(&str, &str)] = &[(
    "paginate_reversed",
    "the section's listing pages keep its order",
)];

/// What versus does instead of the Zola key `key` of a page (`section`
/// false) or section, if Zola knows the key.
pub fn ignored(key: &str, section: bool) -> Option<&'static str> {
    let list = if section { SECTION_KEYS } else { PAGE_KEYS };
    list.iter().find(|(k, _)| *k == key).map(|(_, what)| *what)
}

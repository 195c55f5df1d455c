//! What Zola's section and page keys change in the render (the model's
//! part is in `content::zola_keys` and `site.rs`): heading anchors per
//! section, `page_template`, `render = false`, `redirect_to`,
//! `in_search_index`, section feeds (`generate_feeds`) and which listing
//! pages the sitemap names. Each is a small function the render driver
//! calls at one place.

use tera::Context;

use super::body::Caller;
use super::paginate;
use crate::error::Error;
use crate::markdown::anchor::AnchorLinks;
use crate::site::{Section, Site};

/// The anchor links of section `s`'s body: its `insert_anchor_links`, else
/// the site's `heading_anchors`.
pub fn section_anchor_links(site: &Site, s: usize) -> AnchorLinks {
    site.sections[s]
        .front
        .insert_anchor_links
        .unwrap_or(AnchorLinks::from_switch(site.config.heading_anchors))
}

/// The anchor links of a Markdown body (as Zola does: a page takes its
/// section's).
pub(super) fn anchor_links(site: &Site, caller: Caller) -> AnchorLinks {
    match caller {
        Caller::Page(i) => section_anchor_links(site, site.pages[i].section),
        Caller::Section(s) => section_anchor_links(site, s),
    }
}

/// The `page_template` of the closest section above page `i` that sets
/// one. Not on a site of Zola templates, whose names versus's theme lacks.
pub fn page_template(site: &Site, i: usize) -> Option<&str> {
    if site.config.zola_templates {
        return None;
    }
    let mut at = Some(site.pages[i].section);
    while let Some(s) = at {
        let section = &site.sections[s];
        if let Some(t) = &section.front.page_template {
            return Some(t);
        }
        at = section.parent;
    }
    None
}

/// Does section `s` have a page of its own (`render` is not false)?
pub fn renders(s: &Section) -> bool {
    s.front.renders()
}

/// Is section `s` left out of the navigation tree? A `transparent`
/// section with `render = false` (Zola's year folders of a blog): its
/// pages are listed by its parent, and it has no page to link to.
pub fn hidden_in_nav(s: &Section) -> bool {
    s.front.transparent && !renders(s)
}

/// What of each section the navigation tree shows besides its title,
/// path and pages (for the dev server's fingerprints).
pub fn nav_flags(site: &Site) -> Vec<(bool, bool)> {
    site.sections
        .iter()
        .map(|s| (renders(s), hidden_in_nav(s)))
        .collect()
}

/// How many outputs the section's listing makes: none with `render =
/// false`, one redirect with `redirect_to`, else one per listing page.
pub fn listing_outputs(s: &Section) -> usize {
    if !renders(s) {
        0
    } else if s.front.redirect_to.is_some() {
        1
    } else {
        paginate::pager_count(s)
    }
}

/// The template of a section's own output with `redirect_to`: the
/// redirect page's.
pub fn redirect_template(s: &Section) -> Option<&'static str> {
    s.front.redirect_to.is_some().then_some(REDIRECT_TEMPLATE)
}

/// The redirect page's template (the one aliases use).
const REDIRECT_TEMPLATE: &str = "alias.html";

/// The context of section `s`'s redirect page, if it has `redirect_to`:
/// `url` and `permalink` of the target. A full URL is used as it is, an
/// `@/` link is resolved (a broken one is an error at it), anything else
/// is a path from the site root (as in Zola, a trailing `/` is added to a
/// path whose last part has no `.`).
pub fn redirect_context(site: &Site, s: usize, base: &Context) -> Result<Option<Context>, Error> {
    let section = &site.sections[s];
    let Some(to) = section.front.redirect_to.as_deref().map(str::trim) else {
        return Ok(None);
    };
    let (url, permalink) = if to.contains("://") || to.starts_with("mailto:") {
        (to.to_string(), to.to_string())
    } else if to.starts_with("@/") {
        let url = site.resolve_link(to).map_err(|why| {
            let err = Error::new(format!("`redirect_to`: {why}"));
            match &section.file {
                Some(file) => {
                    let text = file.text_or_read_again();
                    let at = text.find(to).unwrap_or(0);
                    err.in_file(file.display()).at_offset(&text, at)
                }
                None => err,
            }
        })?;
        let permalink = match url.strip_prefix(&site.config.base_path) {
            Some(rest) => site.config.permalink_of(rest),
            None => url.clone(),
        };
        (url, permalink)
    } else {
        let (path, fragment) = match to.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (to, None),
        };
        let mut path = path.trim_start_matches('/').to_string();
        let last = path.rsplit('/').next().unwrap_or("");
        if !path.is_empty() && !path.ends_with('/') && !last.contains('.') {
            path.push('/');
        }
        let with = |mut u: String| {
            if let Some(f) = fragment {
                u.push('#');
                u.push_str(f);
            }
            u
        };
        (
            with(site.config.url_of(&path)),
            with(site.config.permalink_of(&path)),
        )
    };
    let mut ctx = base.clone();
    ctx.insert("url", &url);
    ctx.insert("permalink", &permalink);
    Ok(Some(ctx))
}

/// Where a feed goes: the site's at the top, a section's (`generate_feeds`
/// in its `_index.md`) in its folder.
pub fn feed_path(site: &Site, section: Option<usize>) -> String {
    match section {
        Some(s) => format!("{}{FEED_FILE}", site.sections[s].path),
        None => FEED_FILE.to_string(),
    }
}

/// The feed's file name.
const FEED_FILE: &str = "atom.xml";

/// The sections with a feed of their own. The home page's section has
/// none while the site has its feed: both would be `atom.xml`, and Zola
/// writes the site's (every page) last, over the section's.
pub fn feed_sections(site: &Site) -> impl Iterator<Item = usize> + '_ {
    (0..site.sections.len()).filter(|&s| {
        site.sections[s].front.generate_feeds && !feed_is_the_sites(site, &site.sections[s])
    })
}

/// Is `section`'s feed the site's feed (the home page's section, with
/// `generate_feed` on)?
fn feed_is_the_sites(site: &Site, section: &Section) -> bool {
    site.config.generate_feed && section.path.is_empty()
}

/// The warning for a home-page section that asks for a feed while the
/// site has one: there is one `atom.xml`, the site's.
pub fn merged_feed_warning(site: &Site) -> Option<Error> {
    let home = site
        .sections
        .iter()
        .find(|s| s.front.generate_feeds && feed_is_the_sites(site, s))?;
    let mut warning = Error::new(
        "`generate_feeds` on the home page's section asks for `atom.xml`, which is the \
         site's feed (`generate_feed`): it is written once, with every page, as Zola writes it",
    )
    .with_hint("remove `generate_feeds` from the home page's section, or turn off the site's feed");
    if let Some(file) = &home.file {
        warning = warning.in_file(file.display());
    }
    Some(warning)
}

/// The pages of section `s`'s feed: its dated pages (with those of
/// transparent sections below), newest first, cut at `feed_limit`.
pub fn section_feed_order(site: &Site, s: usize) -> Vec<usize> {
    super::kind::feed::newest_dated(site, site.sections[s].pages.iter().copied())
}

/// The site paths of the sections in the sitemap: those with a page of
/// their own (not `render = false`, not a redirect), and, as Zola lists
/// them unless told not to (`sitemap_listing_pages`), their listing pages
/// after the first.
pub fn sitemap_section_paths(site: &Site) -> Vec<String> {
    let mut out = Vec::with_capacity(site.sections.len());
    for (i, s) in site.sections.iter().enumerate() {
        if !renders(s) || s.front.redirect_to.is_some() {
            continue;
        }
        let listing_pages = if site.config.sitemap_listing_pages {
            paginate::pager_count(s)
        } else {
            1
        };
        out.extend((0..listing_pages).map(|n| paginate::pager_path(site, i, n)));
    }
    out
}

/// The file (and where its front matter ends) that gives an alias to
/// `to`: a page's, or a section's (section `aliases`).
pub fn alias_source(
    site: &Site,
    to: crate::site::Target,
) -> Option<(&crate::content::SourceFile, usize)> {
    match to {
        crate::site::Target::Page(i) => Some((&site.pages[i].file, site.pages[i].body_offset)),
        crate::site::Target::Section(s) => {
            let section = &site.sections[s];
            section.file.as_ref().map(|f| (f, section.body_offset))
        }
        crate::site::Target::Comparison(_) => None,
    }
}

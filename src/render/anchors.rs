//! Every `@/page.md#anchor` in the site's Markdown must name a heading
//! that exists on that page: checked once all bodies are rendered. Until
//! then a one-off build keeps the heading ids of the pages such links
//! point to ([`pages_linked_to_a_heading`]), not every page's.

use super::inputs::shortcode_can_link;
use super::templates::Templates;
use super::views::RenderedContent;
use crate::error::Error;
use crate::site::{Site, Target};

/// Per page: may a `@/…#part` link point to one of its headings? From the
/// links each body's source holds (`SourceFile::linked_anchors`). `None`
/// (every page may be) when a body holds a link the scan could not read,
/// one it names no file of, or a shortcode template can write such links.
pub fn pages_linked_to_a_heading(site: &Site, templates: &Templates) -> Option<Vec<bool>> {
    let reach = templates.reach_all();
    if reach.iter().any(|(name, r)| shortcode_can_link(name, r)) {
        return None;
    }
    let mut linked = vec![false; site.pages.len()];
    let files = site
        .pages
        .iter()
        .map(|p| &p.file)
        .chain(site.sections.iter().filter_map(|s| s.file.as_ref()));
    for file in files {
        for link in file.linked_anchors.as_deref()? {
            match site.lookup(link) {
                Ok((Target::Page(i), _)) => linked[i] = true,
                Ok(_) => {}
                Err(_) => return None,
            }
        }
    }
    Some(linked)
}

/// Every `@/page.md#anchor` must name a heading that exists on that page.
pub fn check_anchors(site: &Site, content: &RenderedContent) -> Result<(), Vec<Error>> {
    let mut errors = Vec::new();
    let sources = site
        .pages
        .iter()
        .zip(&content.pages)
        .map(|(p, r)| (Some(&p.file), p.body_offset, r))
        .chain(
            site.sections
                .iter()
                .zip(&content.sections)
                .map(|(s, r)| (s.file.as_ref(), s.body_offset, r)),
        );
    for (file, body_offset, rendered) in sources {
        let Some(file) = file else { continue };
        for link in &rendered.internal_links {
            let Ok((target, Some(fragment))) = site.lookup(&link.link) else {
                continue;
            };
            let ids = match target {
                Target::Page(i) => &content.pages[i].heading_ids,
                Target::Section(i) => &content.sections[i].heading_ids,
                Target::Comparison(_) => continue,
            };
            if !ids.iter().any(|id| id == fragment) {
                let err = Error::new(format!(
                    "broken anchor in `{}`: the target has no heading with id `{fragment}`",
                    link.link
                ))
                .in_file(file.display())
                .at_offset(&file.text_or_read_again(), body_offset + link.offset);
                // `#a#b`: two links' parts run together (linebender's blog).
                errors.push(match fragment.split_once('#') {
                    Some((first, _)) if ids.iter().any(|id| id == first) => err.with_hint(
                        format!("the link has two `#` parts, and `#{first}` is a heading there: keep one part"),
                    ),
                    _ => err.suggesting(fragment, ids.iter()),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

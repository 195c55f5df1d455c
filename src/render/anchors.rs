//! Every `@/page.md#anchor` in the site's Markdown must name a heading
//! that exists on that page: checked once all bodies are rendered.

use super::views::RenderedContent;
use crate::error::Error;
use crate::site::{Site, Target};

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
                errors.push(
                    Error::new(format!(
                        "broken anchor in `{}`: the target has no heading with id `{fragment}`",
                        link.link
                    ))
                    .in_file(file.display())
                    .at_offset(&file.text_or_read_again(), body_offset + link.offset)
                    .suggesting(fragment, ids.iter()),
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

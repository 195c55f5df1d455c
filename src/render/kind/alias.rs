//! An old address of a page or section (`aliases` in its front matter):
//! `alias.html`, a redirect, at the alias's path.

use std::borrow::Cow;

use super::{at_text, Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::plan::Output;
use crate::render::templates::Templates;
use crate::render::zola_keys::alias_source;
use crate::site::{Site, Target};

/// `item`: the page (or section), `part`: which of its aliases.
pub enum Alias {
    /// A page's aliases.
    OfPage,
    /// A section's aliases.
    OfSection,
}

impl Alias {
    fn target(&self, out: &Output) -> Target {
        match self {
            Alias::OfPage => Target::Page(out.item),
            Alias::OfSection => Target::Section(out.item),
        }
    }

    fn from<'s>(&self, out: &Output, site: &'s Site) -> &'s str {
        match self {
            Alias::OfPage => &site.pages[out.item].front.aliases()[out.part],
            Alias::OfSection => &site.sections[out.item].front.aliases[out.part],
        }
    }
}

impl Kind for Alias {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        let (kind, lists): (&'static Alias, Vec<&[String]>) = match self {
            Alias::OfPage => (
                &Alias::OfPage,
                site.pages.iter().map(|p| p.front.aliases()).collect(),
            ),
            Alias::OfSection => (
                &Alias::OfSection,
                site.sections.iter().map(|s| &s.front.aliases[..]).collect(),
            ),
        };
        for (i, aliases) in lists.into_iter().enumerate() {
            for (n, from) in aliases.iter().enumerate() {
                let path = crate::content::alias::output_of(from);
                let key = hash_of(("alias", from));
                plan.push(Output::new(
                    kind,
                    i,
                    n,
                    key,
                    Cow::Borrowed("alias.html"),
                    path,
                ));
            }
        }
    }

    /// `url` and `permalink` of the target (no nav: a redirect shows nothing).
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let path = site.target_path(self.target(out));
        let mut ctx = cx.base();
        ctx.insert("url", &site.config.url_of(&path));
        ctx.insert("permalink", &site.config.permalink_of(&path));
        cx.render(out, &ctx)
    }

    /// Where the target is.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, inputs.site.target_path(self.target(out))))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        format!(
            "the alias `{}` of {}",
            self.from(out, site),
            alias_source(site, self.target(out))
                .map_or(String::new(), |(f, _)| f.display().display().to_string())
        )
    }

    fn locate(&self, out: &Output, site: &Site, message: String) -> Error {
        match alias_source(site, self.target(out)) {
            Some((file, body_offset)) => {
                let err = Error::new(message).in_file(file.display());
                at_text(
                    err,
                    &file.text_or_read_again(),
                    self.from(out, site),
                    body_offset,
                )
            }
            None => Error::new(message),
        }
    }

    fn rank(&self) -> u8 {
        0
    }
}

//! The first listing page of a paginated section or term at the address a
//! later one's pattern gives it (`<listing>/page/1/`): `alias.html`, a
//! redirect to the listing, as Zola writes one, so a link made as
//! `page/{n}/` for every `n` lands.

use std::borrow::Cow;

use super::{Cx, Kind};
use crate::error::Error;
use crate::hash::hash_of;
use crate::output::OutputFile;
use crate::render::inputs::Inputs;
use crate::render::paginate::first_in_folder;
use crate::render::plan::Output;
use crate::render::taxonomy::{self, flat_term, term_at};
use crate::render::templates::Templates;
use crate::render::zola_keys;
use crate::site::Site;

/// `item`: the section, or the term (over every taxonomy: [`flat_term`]).
pub enum FirstPager {
    OfSection,
    OfTerm,
}

impl FirstPager {
    /// The listing's site path and where its later pages go.
    fn listing<'s>(
        &self,
        out: &Output,
        site: &'s Site,
    ) -> (
        &'s str,
        Option<&'s crate::content::front_matter::PathSegment>,
    ) {
        match self {
            FirstPager::OfSection => {
                let s = &site.sections[out.item];
                (&s.path, s.front.paginate_path.as_ref())
            }
            FirstPager::OfTerm => {
                let (t, term) = term_at(site, out.item);
                let path = &site.taxonomies[t].terms[term].path;
                (path, site.config.taxonomies[t].paginate_path.as_ref())
            }
        }
    }
}

impl Kind for FirstPager {
    fn plan(&self, site: &Site, _: &Templates, plan: &mut Vec<Output>) {
        let mut push = |kind: &'static FirstPager, item: usize, path: &str, folder| {
            plan.push(Output::new(
                kind,
                item,
                0,
                hash_of(("first pager", path)),
                Cow::Borrowed("alias.html"),
                format!("{}index.html", first_in_folder(path, folder)),
            ));
        };
        match self {
            FirstPager::OfSection => {
                for (i, s) in site.sections.iter().enumerate() {
                    let listed = zola_keys::listing_outputs(s) > 0
                        && zola_keys::redirect_template(s).is_none();
                    if listed && s.front.paginate_by.is_some() {
                        push(
                            &FirstPager::OfSection,
                            i,
                            &s.path,
                            s.front.paginate_path.as_ref(),
                        );
                    }
                }
            }
            FirstPager::OfTerm => {
                for (t, declared) in taxonomy::rendered(site) {
                    if declared.paginate_by.is_none() {
                        continue;
                    }
                    for (term, entry) in site.taxonomies[t].terms.iter().enumerate() {
                        let folder = declared.paginate_path.as_ref();
                        push(
                            &FirstPager::OfTerm,
                            flat_term(site, t, term),
                            &entry.path,
                            folder,
                        );
                    }
                }
            }
        }
    }

    /// `url` and `permalink` of the listing, as an alias's of its target.
    fn render(&self, out: &Output, cx: &Cx) -> Result<OutputFile, Error> {
        let site = cx.views.site;
        let (path, _) = self.listing(out, site);
        let mut ctx = cx.base();
        ctx.insert("url", &site.config.url_of(path));
        ctx.insert("permalink", &site.config.permalink_of(path));
        cx.render(out, &ctx)
    }

    /// Where the listing is.
    fn inputs(&self, out: &Output, inputs: &Inputs) -> u64 {
        hash_of((inputs.global, self.listing(out, inputs.site).0))
    }

    fn describe(&self, out: &Output, site: &Site) -> String {
        let (path, folder) = self.listing(out, site);
        format!(
            "the redirect from /{} to the first listing page /{path}",
            first_in_folder(path, folder)
        )
    }
}

//! What a render sets up before it renders anything: every comparison's
//! view, and the template functions and filters (which see this render's
//! model).

use std::collections::HashMap;
use std::sync::Arc;

use tera::Value;

use super::data;
use super::functions::{self, GetPage, GetSection, GetUrl, Now, Shared};
use super::templates::Templates;
use crate::compare;
use crate::error::Error;
use crate::site::Site;

/// Every comparison's view, computed once; keyed by comparison id.
pub fn comparison_views(site: &Site) -> Result<Arc<HashMap<String, Value>>, Vec<Error>> {
    let mut map = HashMap::new();
    let mut errors = Vec::new();
    let resolve = |link: &str| site.resolve_link(link);
    for c in &site.comparisons {
        let path = c.path();
        let url = site.config.url_of(&path);
        let permalink = site.config.permalink_of(&path);
        match compare::view::view(c, &url, &permalink, &resolve) {
            Ok(v) => {
                map.insert(c.id().to_string(), v);
            }
            Err(errs) => errors.extend(errs),
        }
    }
    if errors.is_empty() {
        Ok(Arc::new(map))
    } else {
        Err(errors)
    }
}

/// Register the template functions and filters, for this render's model.
pub fn register(
    templates: &mut Templates,
    shared: &Shared,
    comparisons: Arc<HashMap<String, Value>>,
    load_data: data::LoadData,
) {
    let tera = &mut templates.tera;
    tera.register_function(
        "get_image_metadata",
        super::image_meta::GetImageMetadata(load_data.clone()),
    );
    tera.register_function("load_data", load_data);
    tera.register_function("get_url", GetUrl(shared.clone()));
    tera.register_function("get_page", GetPage(shared.clone()));
    tera.register_function("get_section", GetSection(shared.clone()));
    super::taxonomy::register(tera, shared);
    tera.register_function("get_random", functions::get_random);
    tera.register_function(
        "now",
        Now(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    );
    tera.register_function(
        "get_comparison",
        compare::tera_fns::GetComparison(comparisons),
    );
    tera.register_filter("json_script", compare::tera_fns::json_script);
    tera.register_filter("date", super::date_filter::date_filter);
    tera.register_filter("markdown", functions::MarkdownFilter(shared.clone()));
    tera.register_filter(super::toc::NAME, super::toc::TocList);
    // Last: partials render with the functions registered so far.
    super::cached::register(tera);
}

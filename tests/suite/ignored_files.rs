//! Build and dev server agree on which files are not part of the site:
//! editor leftovers are neither built nor rebuilt for (one predicate,
//! `layout::is_ignored_name`, for the walks and the watcher).

use std::path::PathBuf;

use notify::event::CreateKind;
use notify::EventKind;
use versus::serve::events::classify;

use super::harness::SiteTest;

#[test]
fn editor_leftovers_are_neither_built_nor_rebuilt_for() {
    let leftovers = [
        "#notes.css#",
        "notes.css~",
        ".#notes.css",
        ".notes.css.swp",
        "notes.css.swx",
        "4913",
    ];
    let mut site = SiteTest::new("basic");
    site.write("static/notes.css", "a {}");
    for name in leftovers {
        site.write(&format!("static/{name}"), "left over");
    }
    site.build(&[]);
    assert!(site.exists("notes.css"));
    let root = site.root().canonicalize().expect("site root");
    let created = EventKind::Create(CreateKind::File);
    let change_of = |name: &str| {
        let paths: Vec<PathBuf> = vec![root.join("static").join(name)];
        classify(&root, [(&created, paths.as_slice())])
    };
    assert!(change_of("notes.css").statics);
    for name in leftovers {
        assert!(!site.exists(name), "`{name}` was built");
        assert!(
            change_of(name).is_empty(),
            "the dev server rebuilds for `{name}`"
        );
    }
}

//! The dev server's incremental `Session` against clean builds: after each
//! change its output, or its errors, equal those of `pipeline::build`.

use versus::pipeline::{self, BuildOptions, Session};

use super::harness::SiteTest;

fn same_as_clean(session: &mut Session, opts: &BuildOptions) {
    let clean = pipeline::build(opts)
        .map(|b| b.output)
        .map_err(|e| e.to_string());
    let incremental = session
        .build()
        .map(|(b, _)| b.output)
        .map_err(|e| e.to_string());
    match (clean, incremental) {
        (Ok(a), Ok(b)) => {
            assert_eq!(
                a.files.keys().collect::<Vec<_>>(),
                b.files.keys().collect::<Vec<_>>()
            );
            for (path, file) in &a.files {
                assert_eq!(
                    file.read().unwrap(),
                    b.files[path].read().unwrap(),
                    "{path} differs from a clean build"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("clean build: {:?}\nsession: {:?}", a.err(), b.err()),
    }
}

#[test]
fn session_matches_clean_builds_through_link_errors() {
    let site = SiteTest::new("basic");
    let opts = BuildOptions {
        root: site.root().to_path_buf(),
        base_url: None,
        drafts: false,
    };
    let mut session = Session::new(opts.clone());
    same_as_clean(&mut session, &opts);
    // A plain relative link to a page that does not exist: both fail alike.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Three\"\nweight = 4\n+++\n\nSee [nowhere](../missing/).\n",
    );
    same_as_clean(&mut session, &opts);
    let err = session
        .build()
        .map(|_| ())
        .expect_err("broken link")
        .to_string();
    assert!(err.contains("content/docs/three.md"), "{err}");
    // Fixed: the link now points at a real page.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Three\"\nweight = 4\n+++\n\nSee [one](../one/).\n",
    );
    same_as_clean(&mut session, &opts);
    // The target disappears: the page that links to it breaks.
    std::fs::remove_file(site.root().join("content/docs/one.md")).unwrap();
    site.write(
        "content/docs/two.md",
        "+++\ntitle = \"Two\"\nweight = 1\n+++\n\nNo links now.\n",
    );
    same_as_clean(&mut session, &opts);
    assert!(session.build().is_err());
    // A title edit shows in the neighbours' navigation and the listing.
    site.write(
        "content/docs/three.md",
        "+++\ntitle = \"Third\"\nweight = 4\n+++\n\nPlain.\n",
    );
    same_as_clean(&mut session, &opts);
    let (built, reuse) = session.build().expect("builds");
    assert!(built.output.files.contains_key("docs/three/index.html"));
    assert_eq!(
        reuse.markdown_rendered, 0,
        "nothing changed since the last build"
    );
    assert_eq!(
        reuse.outputs_rendered, 0,
        "nothing changed since the last build"
    );
}

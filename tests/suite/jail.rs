//! The output folder is a jail, and every failure leaves a working state:
//! no path from content reaches outside the output, links already in the
//! staging folder or `public/` are never written or deleted through, links
//! under `content/` and `static/` that lead outside the site are left out,
//! one build at a time writes an output, and a failed write is one error
//! that leaves `public/` as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use proptest::prelude::*;

use super::harness::{snapshot, SiteTest};

/// Every file under `dir`, as bytes, with `public/`, its staging folder and
/// its lock file left out: what a build must never touch.
fn everything_but_the_output(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .filter(|(rel, _)| {
            !(rel.starts_with("public")
                || rel.starts_with(".public.previous")
                || rel.starts_with(".public.lock"))
        })
        .collect()
}

/// `public/` of a fresh copy of `fixture`, after `setup`, built once.
fn clean_build(fixture: &str, setup: impl Fn(&SiteTest)) -> Vec<(PathBuf, Vec<u8>)> {
    let mut site = SiteTest::new(fixture);
    setup(&site);
    site.build(&[]);
    snapshot(&site.root().join("public"))
}

#[test]
fn aliases_leaving_the_site_write_nothing_anywhere() {
    let mut site = SiteTest::new("minimal");
    let root = site.root().to_path_buf();
    let before = everything_but_the_output(&root);
    for alias in ["../content/", "/../../victim/"] {
        let text = format!("+++\ntitle = \"A\"\naliases = [\"{alias}\"]\n+++\nBody\n");
        site.write("content/a.md", text);
        let stderr = site.build_fails(&[]);
        assert!(stderr.contains("content/a.md:3:13"), "{stderr}");
        assert!(stderr.contains("is not a path inside the site"), "{stderr}");
        assert!(!root.join("content/index.html").exists());
        assert!(!root.parent().unwrap().join("victim").exists());
    }
    site.write(
        "content/a.md",
        "+++\ntitle = \"A page\"\ndate = 2026-01-01\n+++\n\n## Part one\n\nText.\n",
    );
    assert_eq!(before, everything_but_the_output(&root));
}

/// A folder outside the site with a file in it, and what it holds.
fn victim() -> (tempfile::TempDir, Vec<(PathBuf, Vec<u8>)>) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profile"), "export SECRET=1\n").unwrap();
    std::fs::create_dir_all(dir.path().join("photos")).unwrap();
    std::fs::write(dir.path().join("photos/index.html"), "my photos").unwrap();
    std::fs::write(dir.path().join("photos/keep.jpg"), "jpeg").unwrap();
    let held = snapshot(dir.path());
    (dir, held)
}

#[cfg(unix)]
#[test]
fn links_in_the_staging_folder_and_public_are_replaced_not_followed() {
    use std::os::unix::fs::symlink;
    let (outside, held) = victim();
    let expected = clean_build("minimal", |_| {});
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    let root = site.root().to_path_buf();
    let staging = root.join(".public.previous");
    // As if committed to the repository: a file linked to a dotfile, a page
    // folder and a stale folder linked to a folder outside.
    for dir in [&staging, &root.join("public")] {
        for name in ["robots.txt", "a", "old"] {
            let at = dir.join(name);
            if at.is_dir() {
                std::fs::remove_dir_all(&at).unwrap();
            } else if at.symlink_metadata().is_ok() {
                std::fs::remove_file(&at).unwrap();
            }
        }
        symlink(outside.path().join("profile"), dir.join("robots.txt")).unwrap();
        symlink(outside.path().join("photos"), dir.join("a")).unwrap();
        symlink(outside.path().join("photos"), dir.join("old")).unwrap();
    }
    // Twice: the links in `public/` are in the staging folder after one swap.
    site.build(&[]);
    site.build(&[]);
    assert_eq!(held, snapshot(outside.path()), "a file outside was changed");
    assert_eq!(expected, snapshot(&root.join("public")));
    for name in ["robots.txt", "a"] {
        let meta = root.join("public").join(name).symlink_metadata().unwrap();
        assert!(!meta.file_type().is_symlink(), "{name} is still a link");
    }
    // The staging folder itself a link to a folder outside.
    std::fs::remove_dir_all(&staging).unwrap();
    symlink(outside.path().join("photos"), &staging).unwrap();
    site.build(&[]);
    assert_eq!(held, snapshot(outside.path()));
    assert_eq!(expected, snapshot(&root.join("public")));
}

#[cfg(unix)]
#[test]
fn links_leading_outside_the_site_are_left_out_with_a_warning() {
    use std::os::unix::fs::symlink;
    let (outside, _) = victim();
    let mut site = SiteTest::new("minimal");
    let root = site.root().to_path_buf();
    site.write("static/inside.txt", "shared");
    symlink(
        outside.path().join("profile"),
        root.join("content/profile.txt"),
    )
    .unwrap();
    symlink(outside.path().join("photos"), root.join("content/photos")).unwrap();
    symlink(outside.path().join("profile"), root.join("static/profile")).unwrap();
    // Links that stay inside the site keep working.
    symlink("../static/inside.txt", root.join("content/linked.txt")).unwrap();
    symlink("inside.txt", root.join("static/also-inside.txt")).unwrap();
    site.build(&[]);
    let stderr = String::from_utf8_lossy(&site.last.as_ref().unwrap().stderr).into_owned();
    for name in ["content/profile.txt", "content/photos", "static/profile"] {
        assert!(
            stderr.contains(&format!("warning: {name}: symbolic link to")),
            "no warning for {name}:\n{stderr}"
        );
    }
    assert!(!site.exists("profile.txt"));
    assert!(!site.exists("photos"));
    assert!(!site.exists("profile"));
    assert_eq!(site.output("linked.txt"), "shared");
    assert_eq!(site.output("also-inside.txt"), "shared");
}

/// A site of `n` pages, so a build takes a while.
fn many_pages(site: &SiteTest, n: usize) {
    for i in 0..n {
        site.write(
            &format!("content/p{i:04}.md"),
            format!("+++\ntitle = \"Page {i}\"\ndate = 2026-01-01\n+++\n\n## Part\n\nText {i}.\n"),
        );
    }
}

#[test]
fn two_builds_at_once_publish_one_whole_site() {
    let expected = clean_build("minimal", |s| many_pages(s, 300));
    let site = SiteTest::new("minimal");
    many_pages(&site, 300);
    for _ in 0..2 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_versus"))
                    .arg("build")
                    .current_dir(site.root())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for build in builds {
            let out = build.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(expected, snapshot(&site.root().join("public")));
    }
}

#[test]
fn a_failed_write_is_one_error_and_the_next_build_works() {
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    let root = site.root().to_path_buf();
    let before = snapshot(&root.join("public"));
    // A folder name longer than any file system allows: every page's write
    // fails (ENAMETOOLONG), as every write would on a full disk.
    for i in 0..40 {
        site.write(
            &format!("content/long{i}.md"),
            format!("+++\nslug = \"{i}{}\"\n+++\nText.\n", "x".repeat(300)),
        );
    }
    let stderr = site.build_fails(&[]);
    assert!(
        stderr.contains("could not write 40 files of the build"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("could not write").count(), 1, "{stderr}");
    assert!(stderr.lines().count() < 10, "{stderr}");
    assert!(stderr.contains("public was left as it was"), "{stderr}");
    assert_eq!(before, snapshot(&root.join("public")));
    assert!(
        !root.join(".public.previous").exists(),
        "the half-written staging folder is still there"
    );
    for i in 0..40 {
        std::fs::remove_file(root.join(format!("content/long{i}.md"))).unwrap();
    }
    site.build(&[]);
    assert_eq!(before, snapshot(&root.join("public")));
}

/// Deleting the staging folder is safe; so is the state a first build
/// killed right after its rename leaves (`public/` and the lock file, no
/// staging folder yet): the next build uses `public/` as before.
#[test]
fn a_build_without_its_staging_folder_is_not_refused() {
    let mut site = SiteTest::new("minimal");
    site.build(&[]);
    let before = snapshot(&site.root().join("public"));
    std::fs::remove_dir_all(site.root().join(".public.previous")).unwrap();
    site.build(&[]);
    assert_eq!(before, snapshot(&site.root().join("public")));
    // Someone else's folder is still never replaced.
    std::fs::remove_dir_all(site.root().join("public")).unwrap();
    std::fs::remove_dir_all(site.root().join(".public.previous")).unwrap();
    std::fs::remove_file(site.root().join(".public.lock")).unwrap();
    site.write("public/notes.txt", "mine");
    let stderr = site.build_fails(&[]);
    assert!(stderr.contains("did not write"), "{stderr}");
    assert_eq!(site.output("notes.txt"), "mine");
}

/// Pieces of hostile paths: parents, separators of every platform, NUL,
/// drive letters, a link planted in the staging folder, plain names.
fn hostile() -> impl Strategy<Value = String> {
    const PIECES: &[&str] = &[
        "..",
        ".",
        "/",
        "//",
        "\\",
        "\0",
        "C:",
        "c:\\",
        "a",
        "é",
        "x.html",
        "%2e%2e",
        "~",
        " ",
        "/etc/",
        "linked",
        "linked/",
        "../linked/",
        "...",
    ];
    proptest::collection::vec(proptest::sample::select(PIECES), 1..7).prop_map(|v| v.concat())
}

fn config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config {
        cases,
        failure_persistence: None,
        ..Default::default()
    }
}

/// Every kind of output, its path made from a hostile part the way the
/// renderer makes it.
fn output_paths(part: &str) -> Vec<String> {
    vec![
        format!("{part}/index.html"),            // page, section
        format!("guides/{part}/index.html"),     // page in a section
        versus::content::alias::output_of(part), // alias
        format!("{part}/data.json"),             // comparison data
        format!("tags/{part}/index.html"),       // tag page
        format!("guides/a/{part}"),              // page asset
        part.to_string(),                        // static file
        format!("search/{part}"),                // search files
        format!("{part}atom.xml"),               // feed, sitemap
    ]
}

/// Every file and link under `dir`, relative, with what it holds.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
            let bytes = match std::fs::read_link(e.path()) {
                Ok(target) => target.to_string_lossy().into_owned().into_bytes(),
                Err(_) => std::fs::read(e.path()).unwrap_or_default(),
            };
            (rel, bytes)
        })
        .collect();
    out.sort();
    out
}

proptest! {
    #![proptest_config(config(256))]

    /// Whatever the path, a write lands inside the staging folder or is
    /// refused, and a link planted in the staging folder is not followed.
    #[cfg(unix)]
    #[test]
    fn hostile_output_paths_never_land_outside_the_staging_root(part in hostile()) {
        use versus::output::{OutputFile, OutputPath, StagingDir};
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        let out = top.join("site/public");
        std::fs::create_dir_all(top.join("site/.public.previous")).unwrap();
        std::fs::create_dir_all(top.join("linked")).unwrap();
        std::fs::write(top.join("linked/keep"), "keep").unwrap();
        std::os::unix::fs::symlink(top.join("linked"), top.join("site/.public.previous/linked"))
            .unwrap();
        let staging = StagingDir::open(&out).unwrap();
        for path in output_paths(&part) {
            let Ok(checked) = OutputPath::new(path.clone()) else { continue };
            // What the check lets through has no way up.
            prop_assert!(
                checked.split('/').all(|c| !c.is_empty() && c != "." && c != ".."),
                "{path}"
            );
            staging
                .put(checked, &OutputFile::Bytes(path.into_bytes().into()))
                .unwrap();
        }
        staging.publish().unwrap();
        let outside: Vec<_> = tree(top)
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("site"))
            .collect();
        prop_assert_eq!(
            outside,
            vec![
                (PathBuf::new(), Vec::new()),
                (PathBuf::from("linked"), Vec::new()),
                (PathBuf::from("linked/keep"), b"keep".to_vec()),
            ]
        );
        let site: Vec<PathBuf> = tree(&top.join("site")).into_iter().map(|(rel, _)| rel).collect();
        for rel in site {
            prop_assert!(
                rel.as_os_str().is_empty()
                    || [".public.previous", "public"].iter().any(|d| rel.starts_with(d)),
                "{} written", rel.display()
            );
        }
    }

}

proptest! {
    #![proptest_config(config(24))]

    /// A whole site whose aliases, slug, tags, file names and comparison
    /// slug are hostile either builds or fails; nothing outside its output
    /// changes (a folder beside the site stands for the rest of the disk).
    #[test]
    fn hostile_sites_write_only_into_their_output(
        alias in hostile(),
        slug in hostile(),
        tag in hostile(),
        name in r"[a-z.~ %é\\]{1,6}",
        compare_slug in hostile(),
    ) {
        // The test's own files need names the file system takes.
        prop_assume!(name != "." && name != "..");
        let tmp = tempfile::tempdir().unwrap();
        let top = tmp.path();
        let root = top.join("site");
        super::harness::copy_dir(&super::harness::fixtures().join("minimal"), &root);
        std::fs::create_dir_all(top.join("victim")).unwrap();
        std::fs::write(top.join("victim/keep"), "keep").unwrap();
        let write = |rel: &str, text: String| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let q = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\0', "\\u0000")
        };
        write(
            "content/a.md",
            format!(
                "+++\ntitle = \"A\"\nslug = \"{}\"\naliases = [\"{}\"]\ntags = [\"{}\"]\n+++\nText\n",
                q(&slug), q(&alias), q(&tag)
            ),
        );
        write(&format!("content/{name}.md"), "Text\n".into());
        write(&format!("content/b/{name}"), "asset".into());
        write("content/b/index.md", "Text\n".into());
        write(&format!("static/{name}"), "static".into());
        write(
            "content/c.compare.toml",
            format!(
                "title = \"C\"\nslug = \"{}\"\n[[options]]\nid = \"x\"\nname = \"X\"\n",
                q(&compare_slug)
            ),
        );
        let outside = |top: &Path| -> Vec<(PathBuf, Vec<u8>)> {
            tree(top)
                .into_iter()
                .filter(|(rel, _)| {
                    !(rel.starts_with("site/public")
                        || rel.starts_with("site/.public.previous")
                        || rel.starts_with("site/.public.lock"))
                })
                .collect()
        };
        let before = outside(top);
        let opts = versus::pipeline::BuildOptions {
            root: root.clone(),
            ..Default::default()
        };
        let _ = versus::pipeline::build_to_disk(&opts, &root.join("public"), false);
        prop_assert_eq!(before, outside(top));
    }
}

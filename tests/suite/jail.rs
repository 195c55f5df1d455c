//! The output folder is a jail, and every failure leaves a working state:
//! no path from content reaches outside the output, links already in the
//! staging folder or `public/` are never written or deleted through, links
//! under `content/` and `static/` that lead outside the site are left out,
//! one build at a time writes an output, and a failed write is one error
//! that leaves `public/` as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

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
}

#[cfg(unix)]
#[test]
fn a_linked_staging_folder_is_replaced_not_followed() {
    let (outside, held) = victim();
    let mut site = SiteTest::new("minimal");
    std::os::unix::fs::symlink(
        outside.path().join("photos"),
        site.root().join(".public.previous"),
    )
    .unwrap();
    site.build(&[]);
    site.build(&[]);
    assert_eq!(held, snapshot(outside.path()));
    assert!(site.exists("a/index.html"));
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
    symlink("../static/inside.txt", root.join("content/inside.txt")).unwrap();
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
    assert_eq!(site.output("inside.txt"), "shared");
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

//! `versus serve --open` where no browser can be opened (no desktop, as on a
//! server or in a container): one clear line, and no leftover process.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use crate::support::{Server, PATIENCE};

#[test]
fn open_without_a_browser_says_where_to_go() {
    // An `xdg-open` that fails the way it does without a desktop.
    let bin = tempfile::tempdir().expect("temp dir");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        "#!/bin/sh\necho 'xdg-open: no method available for opening' >&2\n\
         echo '/usr/bin/xdg-open: 882: www-browser: not found' >&2\nexit 3\n",
    )
    .expect("write opener");
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.path().to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let path = std::env::join_paths(paths).expect("PATH");

    let server = Server::start_with("serve", |command| {
        command.arg("--open").env("PATH", path);
    });
    let line = server.wait_output("Could not open a browser");
    assert!(line.contains(&format!("{}/", server.base)), "{line}");
    // The opener's own complaints are not shown.
    let rest = server.other_output(Duration::from_millis(300));
    assert!(
        !rest
            .iter()
            .any(|l| l.contains("xdg-open") || l.contains("www-browser")),
        "{rest:#?}"
    );
    // The opener was waited for: no zombie child of the server remains.
    let deadline = Instant::now() + PATIENCE;
    loop {
        let zombies = zombie_children(server.pid());
        if zombies.is_empty() {
            break;
        }
        assert!(Instant::now() < deadline, "zombie children: {zombies:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Process ids of `parent`'s children that exited and were never waited for.
fn zombie_children(parent: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...; comm may hold spaces, so split after ')'.
        let Some((head, tail)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = tail.split_whitespace();
        let (state, ppid) = (fields.next(), fields.next());
        if state == Some("Z") && ppid == Some(parent.to_string().as_str()) {
            if let Some(pid) = head.split_whitespace().next().and_then(|p| p.parse().ok()) {
                found.push(pid);
            }
        }
    }
    found
}

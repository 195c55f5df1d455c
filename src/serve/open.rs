//! `versus serve --open`: hand the URL to the desktop's opener (`xdg-open`,
//! `open`, `explorer`). Where there is no desktop (a server, a container,
//! SSH) the opener fails noisily; its output is not shown, and one line says
//! where to go instead. The opener is waited for on a thread of its own, so
//! it never lingers as a zombie process.

use std::process::{Command, Stdio};

/// The program that opens URLs on this platform, and whether its exit status
/// says anything (`explorer` exits with 1 even when it opened the page).
const OPENER: (&str, bool) = if cfg!(target_os = "macos") {
    ("open", true)
} else if cfg!(windows) {
    ("explorer", false)
} else {
    ("xdg-open", true)
};

/// Open `url` in the default browser, in the background. Prints one line
/// when that did not work.
pub fn open_browser(url: &str) {
    let (program, status_counts) = OPENER;
    let spawned = Command::new(program)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(_) => return cannot_open(url),
    };
    let url = url.to_string();
    // Without a thread to wait on it the opener would stay a zombie until
    // the server exits; nothing else is lost, so that case goes unreported.
    let _ = std::thread::Builder::new()
        .name("versus-open".into())
        .spawn(move || match child.wait() {
            Ok(status) if status.success() || !status_counts => {}
            _ => cannot_open(&url),
        });
}

fn cannot_open(url: &str) {
    eprintln!("Could not open a browser here: open {url} in yours.");
}

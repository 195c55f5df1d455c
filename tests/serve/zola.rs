//! `versus serve` in a Zola site's folder: it serves the site built from
//! `config.toml`, rebuilds when `config.toml` changes, and prints the
//! settings it ignores again when they change.

use crate::support::{atomic_write, Server};

#[test]
fn serves_a_zola_site_and_watches_its_config() {
    let server = Server::start("zola-site");
    let page = server.wait_for("/blog/first-post/", "the first post", |code, _| code == 200);
    assert!(page.contains("A Zola shortcode."), "{page}");
    let config = std::fs::read_to_string(server.path("config.toml")).expect("config");
    atomic_write(
        &server.path("config.toml"),
        &config.replace(
            "title = \"Zola fixture\"",
            "title = \"Renamed in config.toml\"\nminify_html = true",
        ),
    );
    server.wait_for("/", "the new title", |_, body| {
        body.contains("Renamed in config.toml")
    });
    // The ignored settings changed: printed again (the first build's line,
    // with 3, may or may not still be in the log).
    let line = server.wait_output("4 settings of config.toml are not used");
    assert!(line.starts_with("warning: config.toml: "), "{line}");
    assert!(line.contains("minify_html"), "{line}");
}

//! `versus serve` in a Zola site's folder: it serves the site built from
//! `config.toml`, prints what it ignores once, and rebuilds when
//! `config.toml` changes.

use crate::support::{atomic_write, Server};

#[test]
fn serves_a_zola_site_and_watches_its_config() {
    let server = Server::start("zola-site");
    server.wait_output("warning: config.toml: building a Zola site");
    let page = server.wait_for("/blog/first-post/", "the first post", |code, _| code == 200);
    assert!(page.contains("A Zola shortcode."), "{page}");
    let config = std::fs::read_to_string(server.path("config.toml")).expect("config");
    atomic_write(
        &server.path("config.toml"),
        &config.replace(
            "title = \"Zola fixture\"",
            "title = \"Renamed in config.toml\"",
        ),
    );
    server.wait_for("/", "the new title", |_, body| {
        body.contains("Renamed in config.toml")
    });
}

//! The watcher and live reload against a running server: edits, atomic
//! saves, bursts, deletes, broken and fixed front matter. No timing asserts:
//! every wait polls with a generous deadline.

use crate::support::{atomic_write, Server};

const TEA: &str = "content/drinks/tea.md";

fn tea(body: &str) -> String {
    format!(
        "+++\ntitle = \"Tea\"\ndate = 2026-01-02\ntags = [\"leaves\", \"hot\"]\n+++\n\n{body}\n\n## Brewing\n\nSee [coffee](@/drinks/coffee.md#roasting).\n"
    )
}

#[test]
fn edit_reloads_after_the_new_page_is_served() {
    let server = Server::start("serve");
    let mut socket = server.socket();
    let hello = socket.expect("hello");
    assert_eq!(hello["error"], serde_json::Value::Null);
    std::fs::write(server.path(TEA), tea("Freshly edited tea.")).expect("write");
    let notice = socket.expect("reload");
    // The reload is sent only once the new site is swapped in: no polling here.
    let (code, body) = server.get("/drinks/tea/");
    assert_eq!(code, 200);
    assert!(body.contains("Freshly edited tea."), "{body}");
    assert!(
        body.contains(&format!("livereload.js?build={}", notice["build"])),
        "{body}"
    );
}

#[test]
fn atomic_save_is_exactly_one_rebuild() {
    let server = Server::start("serve");
    let before = server.settle();
    let mut socket = server.socket();
    socket.expect("hello");
    atomic_write(&server.path(TEA), &tea("Saved atomically."));
    socket.expect("reload");
    assert!(server.get("/drinks/tea/").1.contains("Saved atomically."));
    assert_eq!(server.settle(), before + 1);
}

#[test]
fn a_burst_of_saves_is_a_handful_of_rebuilds() {
    let server = Server::start("serve");
    let before = server.settle();
    for i in 0..50 {
        std::fs::write(server.path(TEA), tea(&format!("Save number {i}."))).expect("write");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    server.wait_for("/drinks/tea/", "the last save", |_, b| {
        b.contains("Save number 49.")
    });
    let rebuilds = server.settle() - before;
    assert!(
        (1..=10).contains(&rebuilds),
        "{rebuilds} rebuilds for 50 saves"
    );
    assert!(server.get("/drinks/tea/").1.contains("Save number 49."));
}

#[test]
fn deleted_page_is_gone_from_its_listing() {
    let server = Server::start("serve");
    assert!(server.get("/drinks/").1.contains("/drinks/milk/"));
    std::fs::remove_file(server.path("content/drinks/milk.md")).expect("delete");
    server.wait_for("/drinks/milk/", "a 404", |code, _| code == 404);
    let listing = server.get("/drinks/").1;
    assert!(!listing.contains("Milk"), "{listing}");
}

#[test]
fn new_folder_and_moves_are_picked_up() {
    let server = Server::start("serve");
    std::fs::create_dir_all(server.path("content/snacks")).expect("mkdir");
    std::fs::write(
        server.path("content/snacks/_index.md"),
        "+++\ntitle = \"Snacks\"\n+++\n",
    )
    .expect("write");
    std::fs::write(
        server.path("content/snacks/crisps.md"),
        "+++\ntitle = \"Crisps\"\n+++\nCrunchy.\n",
    )
    .expect("write");
    server.wait_for("/snacks/crisps/", "the new page", |c, b| {
        c == 200 && b.contains("Crunchy.")
    });
    std::fs::rename(
        server.path("content/drinks/milk.md"),
        server.path("content/snacks/milk.md"),
    )
    .expect("move");
    server.wait_for("/snacks/milk/", "the moved page", |c, _| c == 200);
    assert_eq!(server.get("/drinks/milk/").0, 404);
    assert!(server.get("/snacks/").1.contains("/snacks/milk/"));
}

#[test]
fn broken_front_matter_shows_the_error_and_keeps_the_last_good_page() {
    let server = Server::start("serve");
    let mut socket = server.socket();
    socket.expect("hello");
    std::fs::write(
        server.path(TEA),
        "+++\ntitle = \"Tea\"\ndate = tomorrow\n+++\nBroken.\n",
    )
    .expect("write");
    let error = socket.expect("error");
    let text = error["text"].as_str().expect("text");
    assert!(text.contains("content/drinks/tea.md:3:"), "{text}");
    // The terminal shows the same text.
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(server.wait_output("content/drinks/tea.md:3:"), first);
    // The last good page is still served, and a new page learns of the error on connect.
    let (code, body) = server.get("/drinks/tea/");
    assert_eq!(code, 200);
    assert!(body.contains("Tea is leaves in hot water."), "{body}");
    let hello = server.socket().expect("hello");
    assert!(
        hello["error"]
            .as_str()
            .unwrap_or("")
            .contains("content/drinks/tea.md:3:"),
        "{hello}"
    );
    assert!(server.status()["error"].is_string());

    std::fs::write(server.path(TEA), tea("Fixed tea.")).expect("write");
    socket.expect("reload");
    assert!(server.get("/drinks/tea/").1.contains("Fixed tea."));
    assert!(server.status()["error"].is_null());
}

#[test]
fn css_change_is_a_css_notice() {
    let server = Server::start("serve");
    let mut socket = server.socket();
    socket.expect("hello");
    std::fs::write(server.path("static/style.css"), "body { color: teal; }\n").expect("write");
    let notice = socket.expect("css");
    assert_eq!(notice["paths"], serde_json::json!(["/style.css"]));
    assert!(server.get("/style.css").1.contains("teal"));
}

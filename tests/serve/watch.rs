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

/// Copy a folder tree (what `cp -a` does, minus the metadata).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let dest = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

#[test]
fn content_replaced_by_a_move_is_still_watched() {
    // `mv content old && mv new content`, as when switching between drafts.
    let server = Server::start("serve");
    let new = server.path("new-content");
    copy_tree(&server.path("content"), &new);
    std::fs::write(new.join("drinks/tea.md"), tea("Tea from the new folder.")).expect("write");
    std::fs::rename(server.path("content"), server.path("old-content")).expect("move away");
    std::fs::rename(&new, server.path("content")).expect("move in");
    server.wait_for("/drinks/tea/", "the swapped-in page", |c, b| {
        c == 200 && b.contains("Tea from the new folder.")
    });
    // The next edit, in the folder that was moved in, is rebuilt too.
    std::fs::write(server.path(TEA), tea("Edited after the swap.")).expect("write");
    server.wait_for("/drinks/tea/", "the edit after the swap", |c, b| {
        c == 200 && b.contains("Edited after the swap.")
    });
    // And the folder that was moved away is no longer the site.
    std::fs::write(server.path("old-content/drinks/tea.md"), tea("Old.")).expect("write");
    std::fs::write(server.path(TEA), tea("Edited once more.")).expect("write");
    let page = server.wait_for("/drinks/tea/", "the last edit", |_, b| {
        b.contains("Edited once more.")
    });
    assert!(!page.contains("<p>Old.</p>"), "{page}");
}

#[test]
fn folders_deleted_and_copied_back_are_still_watched() {
    // `rm -rf templates && cp -a saved templates`, and the same for content/
    // and static/ (what a `git checkout` of another branch can do).
    let server = Server::start("serve");
    let saved = tempfile::tempdir().expect("temp dir");
    for dir in ["content", "templates", "static"] {
        copy_tree(&server.path(dir), &saved.path().join(dir));
    }
    std::fs::write(
        saved.path().join("templates/page.html"),
        std::fs::read_to_string(server.path("templates/page.html"))
            .expect("read")
            .replace(
                "{{ page.content | safe }}",
                "<p>restored</p>{{ page.content | safe }}",
            ),
    )
    .expect("write");
    for dir in ["content", "templates", "static"] {
        std::fs::remove_dir_all(server.path(dir)).expect("rm -rf");
        copy_tree(&saved.path().join(dir), &server.path(dir));
    }
    server.wait_for("/drinks/tea/", "the copied-back template", |c, b| {
        c == 200 && b.contains("<p>restored</p>")
    });
    std::fs::write(server.path(TEA), tea("Edited after the copy.")).expect("write");
    server.wait_for("/drinks/tea/", "a content edit", |_, b| {
        b.contains("Edited after the copy.")
    });
    let page = std::fs::read_to_string(server.path("templates/page.html")).expect("read");
    std::fs::write(
        server.path("templates/page.html"),
        page.replace("<p>restored</p>", "<p>template edited</p>"),
    )
    .expect("write");
    server.wait_for("/drinks/tea/", "a template edit", |_, b| {
        b.contains("<p>template edited</p>")
    });
    std::fs::write(server.path("static/style.css"), "body { color: teal; }\n").expect("write");
    server.wait_for("/style.css", "a static edit", |_, b| b.contains("teal"));
}

#[test]
fn editing_a_comparisons_csv_rows_rebuilds_its_page() {
    let server = Server::start("serve");
    let data = server.path("content/tea-vs-coffee.compare.toml");
    let text = std::fs::read_to_string(&data).expect("read");
    let inline = "[[dimensions]]\nid = \"caffeine\"\nlabel = \"Caffeine\"\nvalues = { tea = \"Some\", coffee = \"**More**\" }\n";
    assert!(text.contains(inline));
    let csv = server.path("content/rows.csv");
    std::fs::write(
        &csv,
        "id,label,type,unit,tea,coffee\ncaffeine,Caffeine,number,mg,47,95\n",
    )
    .expect("write");
    let text = text.replace(inline, "").replacen(
        "description",
        "dimensions = \"rows.csv\"\ndescription",
        1,
    );
    atomic_write(&data, &text);
    server.wait_for(
        "/tea-vs-coffee/data.json",
        "the rows from the CSV",
        |_, b| b.contains("\"coffee\": 95.0"),
    );
    let before = server.settle();
    // Only the CSV changes: the comparison must be read again.
    atomic_write(
        &csv,
        "id,label,type,unit,tea,coffee\ncaffeine,Caffeine,number,mg,47,120\n",
    );
    server.wait_for("/tea-vs-coffee/data.json", "the edited CSV row", |_, b| {
        b.contains("\"coffee\": 120.0")
    });
    assert!(server.settle() > before);
}

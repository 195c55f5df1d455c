//! Syntax highlighting of fenced code blocks through a real build: classes,
//! escaping, unknown languages, line numbers and highlighted lines, the
//! stylesheet, and the `highlight` switch (off by default).

use super::harness::SiteTest;

const PAGE: &str = r#"+++
title = "Code"
+++

```rust
fn main() { println!("<script>alert(1)</script>"); }
```

```nosuchlang
<script>alert(2)</script> & more
```

```toml,linenos,hl_lines=2-3
a = 1
b = "two"
c = [3]
d = 4
```

    indented <b>code</b>
"#;

/// The `minimal` fixture with [`PAGE`], and `extra_config` added to its
/// `versus.toml`.
fn site_with_code_and(extra_config: &str) -> SiteTest {
    let mut site = SiteTest::new("minimal");
    site.write("content/code.md", PAGE);
    let config = std::fs::read_to_string(site.root().join("versus.toml")).expect("config");
    site.write("versus.toml", format!("{config}{extra_config}"));
    site.build(&[]);
    site
}

fn site_with_code() -> SiteTest {
    site_with_code_and("highlight = true\n")
}

#[test]
fn known_languages_get_classes_and_html_stays_text() {
    let site = site_with_code();
    let page = site.html("code/index.html");
    assert_eq!(page.count("pre.hl-code[data-lang=rust]"), 1);
    assert!(page.count("pre[data-lang=rust] span.hl-storage") >= 1);
    assert!(page.count("pre[data-lang=rust] span.hl-string") >= 1);
    // `<script>` inside code is text, never an element.
    assert_eq!(page.count("main script"), 0);
    let code = page.texts("pre[data-lang=rust] code");
    assert!(code[0].contains("<script>alert(1)</script>"), "{code:?}");
    let css = page.attrs("link[rel=stylesheet]", "href");
    assert!(css.iter().any(|h| h.ends_with("/highlight.css")), "{css:?}");
    let stylesheet = site.output("highlight.css");
    assert!(stylesheet.contains(".hl-keyword"));
    // Light and dark in one declaration per colour (the used colour scheme picks).
    assert!(stylesheet.contains("--hl-keyword: light-dark("));
}

#[test]
fn unknown_language_builds_as_plain_escaped_text() {
    let site = site_with_code();
    let raw = site.output("code/index.html");
    assert!(raw.contains(
        "<pre class=\"code\" data-lang=\"nosuchlang\"><code class=\"language-nosuchlang\">&lt;script&gt;alert(2)&lt;/script&gt; &amp; more\n</code></pre>"
    ));
    let page = site.html("code/index.html");
    assert_eq!(page.count("pre[data-lang=nosuchlang] span"), 0);
    let indented = page.texts("pre:not([data-lang]) code");
    assert_eq!(indented, vec!["indented <b>code</b>"]);
}

#[test]
fn line_numbers_and_highlighted_lines() {
    let site = site_with_code();
    let page = site.html("code/index.html");
    let pre = "pre.lines[data-lang=toml]";
    assert_eq!(page.count(&format!("{pre} .line")), 4);
    assert_eq!(page.texts(&format!("{pre} .ln")), vec!["1", "2", "3", "4"]);
    let hl = page.texts(&format!("{pre} .line.hl"));
    assert_eq!(hl.len(), 2, "{hl:?}");
    assert!(hl[0].ends_with("b = \"two\""), "{hl:?}");
    assert!(hl[1].ends_with("c = [3]"), "{hl:?}");
}

#[test]
fn off_by_default_or_switched_off_leaves_plain_code() {
    for extra_config in ["", "highlight = false\n"] {
        let site = site_with_code_and(extra_config);
        let page = site.html("code/index.html");
        assert_eq!(page.count("span[class^=hl-]"), 0, "{extra_config:?}");
        assert_eq!(page.count("code.language-rust"), 1);
        let css = page.attrs("link[rel=stylesheet]", "href");
        assert!(
            !css.iter().any(|h| h.ends_with("/highlight.css")),
            "{css:?}"
        );
    }
}

//! Rendering whole bodies through a fake [`Environment`].

use std::collections::HashSet;

use super::*;

struct Env;
impl Environment for Env {
    fn resolve_link(&self, link: &str) -> Result<String, String> {
        match link {
            "@/a.md" => Ok("/a/".into()),
            "@/a.md#x" => Ok("/a/#x".into()),
            _ => Err(format!("no page `{link}`")),
        }
    }
    fn render_shortcode(
        &self,
        call: &ShortcodeCall,
        body: Option<&str>,
    ) -> Result<Expansion, String> {
        Ok(match call.name.as_str() {
            "md" => Expansion::Markdown("## From md\n\n[a](@/a.md)".into()),
            _ => Expansion::Html(format!(
                "<div class=\"sc\">{}{}</div>",
                call.name,
                body.unwrap_or_default()
            )),
        })
    }
}

#[test]
fn repeated_heading_ids_get_the_next_free_suffix() {
    let body = "# a\n\n# a\n\n# a-1\n\n# a\n\n# a-2 {#a-3}\n\n# a\n\n# b\n\n# a\n";
    let r = render(body, &Env).unwrap();
    assert_eq!(
        r.heading_ids.iter().collect::<Vec<_>>(),
        ["a", "a-1", "a-1-1", "a-2", "a-3", "a-4", "b", "a-5"]
    );
    // Many equal headings: each gets its own id (in linear time).
    let many = "## x\n\n".repeat(3000);
    let r = render(&many, &Env).unwrap();
    assert_eq!(r.heading_ids.iter().nth(2999), Some("x-2999"));
    let distinct: HashSet<&str> = r.heading_ids.iter().collect();
    assert_eq!(distinct.len(), 3000);
}

#[test]
fn headings_get_ids_anchors_and_toc() {
    let r = render(
        "# Top\n\n## CIO vs. CTO\n\n## CIO vs. CTO\n\n### Deep {#custom}\n",
        &Env,
    )
    .unwrap();
    assert!(r
        .html
        .contains("<h2 id=\"cio-vs-cto\">CIO vs. CTO <a class=\"anchor\" href=\"#cio-vs-cto\""));
    assert!(r.html.contains("id=\"cio-vs-cto-1\""));
    assert!(r.html.contains("id=\"custom\""));
    assert_eq!(r.toc.len(), 1);
    assert_eq!(r.toc[0].children.len(), 2);
    assert_eq!(r.toc[0].children[1].children[0].id, "custom");
}

#[test]
fn heading_ids_and_classes_are_escaped() {
    let r = render("#### Q&A {#a&b .wide .c&d}\n\n## Plain\n", &Env).unwrap();
    assert_eq!(
        r.html,
        "<h4 id=\"a&amp;b\" class=\"wide c&amp;d\">Q&amp;A \
         <a class=\"anchor\" href=\"#a&amp;b\" aria-label=\"Link to this section\">#</a></h4>\n\
         <h2 id=\"plain\">Plain \
         <a class=\"anchor\" href=\"#plain\" aria-label=\"Link to this section\">#</a></h2>\n"
    );
}

#[test]
fn internal_links_resolve_or_fail_with_offset() {
    let r = render("See [a](@/a.md) and [x](@/a.md#x).", &Env).unwrap();
    assert!(r.html.contains("href=\"/a/\""));
    assert!(r.html.contains("href=\"/a/#x\""));
    assert_eq!(r.internal_links.len(), 2);
    let errs = render("ok\n\n[b](@/b.md)", &Env).unwrap_err();
    assert_eq!(errs[0].0, 4);
}

#[test]
fn shortcodes_render_as_blocks_and_inline() {
    let r = render("Text {{ one() }} here.\n\n{{ two(id=\"x\") }}\n", &Env).unwrap();
    assert!(r.html.contains("Text <div class=\"sc\">one</div> here."));
    assert!(r.html.contains("<div class=\"sc\">two</div>"));
    assert!(!r.html.contains("<p><div"));
}

#[test]
fn shortcode_bodies_and_markdown_shortcodes() {
    let body = "Intro.\n\n{% box() %}\nSee *this* and [x](@/a.md#x).\n{% end %}\n\n{{ md() }}\n";
    let r = render(body, &Env).unwrap();
    assert!(
        r.html.contains(
            "<div class=\"sc\">box<p>See <em>this</em> and <a href=\"/a/#x\">x</a>.</p>\n</div>"
        ),
        "{}",
        r.html
    );
    // A `.md` shortcode's output is part of the page: its heading is in
    // the table of contents, its link resolved and recorded.
    assert_eq!(r.toc[0].id, "from-md");
    let links: Vec<_> = r
        .internal_links
        .iter()
        .map(|l| (l.link.as_str(), l.offset))
        .collect();
    assert_eq!(
        links,
        [
            ("@/a.md#x", body.find("[x]").unwrap()),
            ("@/a.md", body.find("{{ md").unwrap())
        ]
    );
    // Errors in a body point into the body.
    let errs = render("{% box() %}\n[b](@/b.md)\n{% end %}\n", &Env).unwrap_err();
    assert_eq!(errs[0].0, 12);
}

#[test]
fn github_alerts_become_callouts() {
    let r = render("> [!WARNING]\n> Mind the *gap*.\n\n> Plain quote.\n", &Env).unwrap();
    assert_eq!(
        r.html,
        "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n\
         <p>Mind the <em>gap</em>.</p>\n</div>\n<blockquote>\n<p>Plain quote.</p>\n</blockquote>\n"
    );
}

#[test]
fn summary_and_words() {
    let r = render("One two three.\n\n<!-- more -->\n\nFour.", &Env).unwrap();
    assert_eq!(r.summary.as_deref(), Some("<p>One two three.</p>\n"));
    assert!(
        r.html.contains("<span id=\"continue-reading\"></span>"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<!-- more -->"));
    assert!(r.heading_ids.contains("continue-reading"));
    // A marker inside a list ends the summary with the list closed.
    let r = render("- One *two <!-- more --> three*\n- Four\n", &Env).unwrap();
    assert_eq!(
        r.summary.as_deref(),
        Some("<ul>\n<li>One <em>two </em></li></ul>")
    );
    assert_eq!(r.word_count, 4);
}

#[test]
fn text_is_cut_at_headings() {
    let r = render(
        "Intro *here*.\n\n## First\n\nOne `two`.\n\n```\ncode\n```\n\n## Second\n",
        &Env,
    )
    .unwrap();
    assert_eq!(r.text_blocks.len(), 3);
    assert_eq!(r.text_blocks[0].heading_id, None);
    assert_eq!(r.text_blocks[0].text, "Intro here.");
    assert_eq!(r.text_blocks[1].heading, "First");
    assert_eq!(r.text_blocks[1].text, "One two.");
    assert_eq!(r.text_blocks[2].heading_id.as_deref(), Some("second"));
    assert_eq!(r.text_blocks[2].text, "");
}

#[test]
fn raw_heading_text_is_escaped_in_id() {
    let r = render("## a \"quote\" <b>\n", &Env).unwrap();
    assert!(r.html.contains("id=\"a-quote\""), "{}", r.html);
}

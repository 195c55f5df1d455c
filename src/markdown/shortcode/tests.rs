use super::*;

/// Expands every call to HTML naming it (and its body), except `md`, which
/// gives Markdown.
fn expand_all(body: &str) -> Result<(Extracted<'_>, Vec<ShortcodeCall>), Vec<SyntaxError>> {
    let mut calls = Vec::new();
    let ex = extract(body, &mut |call: &ShortcodeCall| {
        calls.push(call.clone());
        Ok(if call.name == "md" {
            Expansion::Markdown("**md**".into())
        } else {
            Expansion::Html(format!("<{}>", call.name))
        })
    })?;
    Ok((ex, calls))
}

#[test]
fn finds_block_and_inline_calls() {
    let body = "Intro {{ badge(text=\"x\") }} end\n\n{{ comparison_table(id=\"cio-vs-cto\", n=2, open=true) }}\n";
    let (ex, calls) = expand_all(body).unwrap();
    assert_eq!(calls.len(), 2);
    assert!(!calls[0].block);
    assert!(calls[1].block);
    assert_eq!(calls[1].args["id"], "cio-vs-cto");
    assert_eq!(calls[1].args["n"], 2);
    assert_eq!(calls[1].args["open"], true);
    assert!(ex.text.contains(&placeholder(1)));
    assert_eq!(ex.inserts[1], "<comparison_table>");
    assert_eq!(&body[calls[1].offset..calls[1].offset + 2], "{{");
}

#[test]
fn skips_code_but_shows_escapes() {
    let body = "```\n{{ a(b=1) }}\n```\n`{{ c(d=1) }}` and {{ not a call }}\n";
    let (ex, calls) = expand_all(body).unwrap();
    assert!(calls.is_empty());
    assert_eq!(ex.text, body);
    let body = "```\n{{/* a(b=1) */}}\n```\n`{%/* c() */%}` and {{/* d() */}}\n";
    let (ex, calls) = expand_all(body).unwrap();
    assert!(calls.is_empty());
    assert_eq!(
        ex.text,
        "```\n{{ a(b=1) }}\n```\n`{% c() %}` and {{ d() }}\n"
    );
}

#[test]
fn bodies_nest_and_calls_span_lines() {
    let body = "{% outer(a=1) %}\nText {% inner() %}x{% end %}\n{% end %}\n\n{{ multi(\n  a=[1, 2],\n) }}\n";
    let (ex, calls) = expand_all(body).unwrap();
    assert_eq!(calls.len(), 2);
    let inner = calls[0].body.as_ref().unwrap();
    assert_eq!(inner.text, "\nText {% inner() %}x{% end %}\n");
    assert_eq!(&body[inner.offset..inner.offset + 5], "\nText");
    assert!(calls[0].block);
    assert_eq!(calls[1].args["a"], serde_json::json!([1, 2]));
    assert!(calls[1].block);
    assert_eq!(
        ex.text,
        format!("{}\n\n{}\n", placeholder(0), placeholder(1))
    );
}

#[test]
fn markdown_output_is_spliced_in() {
    let (ex, _) = expand_all("a {{ md() }} b {{ x() }} c").unwrap();
    assert_eq!(ex.text, format!("a **md** b {} c", placeholder(0)));
    // Offsets inside the output map to the call; after it, past it.
    assert_eq!(ex.original_offset(3), 2);
    let c = ex.text.find(" c").unwrap();
    assert_eq!(ex.original_offset(c), "a {{ md() }} b {{ x() }}".len());
}

#[test]
fn counts_calls_per_name() {
    let (_, calls) = expand_all("{{ a() }} {{ b() }} {{ a() }}").unwrap();
    let nth: Vec<usize> = calls.iter().map(|c| c.nth).collect();
    assert_eq!(nth, [1, 1, 2]);
}

#[test]
fn maps_offsets_back() {
    let body = "{{ a(b=\"long value here\") }}\nafter";
    let (ex, _) = expand_all(body).unwrap();
    let at = ex.text.find("after").unwrap();
    assert_eq!(ex.original_offset(at), body.find("after").unwrap());
}

#[test]
fn unclosed_bodies_and_stray_ends_are_errors() {
    let errs = expand_all("x\n{% note(kind=\"tip\") %}\nBody\n").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, 2);
    assert!(errs[0].1.contains("no `{% end %}`"), "{}", errs[0].1);
    let errs = expand_all("x\n{% end %}\n").unwrap_err();
    assert!(errs[0].1.contains("closes no shortcode"), "{}", errs[0].1);
    // Braces that are not calls stay text.
    let body = "{% raw %} and {{ not a call\nand {%- if x %}\n";
    assert_eq!(expand_all(body).unwrap().0.text, body);
}

#[test]
fn bad_arguments_are_errors() {
    let errs = expand_all("x\n{{ a(b=) }}\n").unwrap_err();
    assert_eq!(errs[0].0, 9);
    assert!(expand_all("{{ a(b=\"x) }}").is_err());
    let errs = expand_all("{{ a(b=1) %}").unwrap_err();
    assert!(errs[0].1.contains("expected `}}`"), "{}", errs[0].1);
}

#[test]
fn code_spans_match_runs_of_equal_length() {
    let body = "`` a ` {{ x() }} `` {{ y() }}\n\n` {{ z() }}\n\nnew ` para {{ w() }}\n";
    let (_, calls) = expand_all(body).unwrap();
    let names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
    // A lone backtick opens no span past its paragraph.
    assert_eq!(names, ["y", "z", "w"]);
    // Many lone backticks in one long paragraph stay linear.
    let long = format!("{}{{{{ a() }}}}", "` x ".repeat(50_000));
    assert_eq!(expand_all(&long).unwrap().1.len(), 1);
}

#[test]
fn called_names_include_calls_in_bodies_and_skip_code() {
    let body = "{% tabs() %}\n{% tab(label=\"A\") %}\n{{ figure(src=\"a.png\") }}\n{% end %}\n{% end %}\n\n\
                ```\n{{ details() }}\n```\n\n`{{ note() }}` {{ tabs() }}\n";
    assert_eq!(called_names(body), ["figure", "tab", "tabs"]);
    assert!(called_names("no calls here").is_empty());
    // A call that does not parse is left to the render to report.
    assert!(!called_names("{{ a(b=) }}").contains(&"a".to_string()));
}

#[test]
fn text_without_an_opening_is_passed_over() {
    for (body, may) in [
        ("plain { text } and {x}", false),
        ("ends with {", false),
        ("{ {not one} }", false),
        ("a {{ call() }}", true),
        ("{% block() %}x{% end %}", true),
        ("{{", true),
    ] {
        assert_eq!(may_call_shortcodes(body), may, "{body}");
    }
    let ex = extract("no { calls } here", &mut |_: &ShortcodeCall| unreachable!()).unwrap();
    assert!(matches!(ex.text, Cow::Borrowed("no { calls } here")));
}

#[test]
fn hugo_forms_are_named_not_shown() {
    let errs =
        expand_all("Intro\n{{< img src=\"a.png\" >}}\n{{% note %}}x{{% /note %}}\n").unwrap_err();
    assert_eq!(errs.len(), 2, "the openers, not `{{% /note %}}`");
    assert_eq!(errs[0].0, 6);
    assert!(
        errs[0]
            .1
            .starts_with("`{{< img …` is a shortcode form versus does not read (Hugo's"),
        "{}",
        errs[0].1
    );
    assert!(
        errs[0].1.contains("`{{ img(key=\"value\") }}`"),
        "{}",
        errs[0].1
    );
    // In code, and not followed by a name, they are text.
    assert!(expand_all("`{{< img >}}` and {{< >}}\n```\n{{% x %}}\n```\n").is_ok());
}

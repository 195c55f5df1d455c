//! Shortcodes in Markdown, in Zola's syntax: `{{ name(key="value", n=3) }}`.
//! They are cut out of the text before Markdown parsing and replaced by a
//! placeholder that the renderer swaps for the shortcode's HTML afterwards.

use std::borrow::Cow;

/// One shortcode call found in a Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall {
    /// Template name: `shortcodes/<name>.html`.
    pub name: String,
    /// Arguments, passed to the template as top-level variables.
    pub args: serde_json::Map<String, serde_json::Value>,
    /// Byte offset of the `{{` in the original body.
    pub offset: usize,
    /// True when the call stands alone on its line (rendered as a block).
    pub block: bool,
}

/// A body with its shortcodes replaced by placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted<'a> {
    /// The body, each call replaced by [`placeholder`] (borrowed when it has none).
    pub text: Cow<'a, str>,
    /// The calls, in order; call `i` became `placeholder(i)`.
    pub calls: Vec<ShortcodeCall>,
    /// (offset in `text`, bytes added (may be negative)) for each replacement,
    /// to map offsets in `text` back to the original body.
    shifts: Vec<(usize, isize)>,
}

impl Extracted<'_> {
    /// Offset in the original body of `offset` in the extracted text.
    pub fn original_offset(&self, offset: usize) -> usize {
        let mut delta: isize = 0;
        for &(at, added) in &self.shifts {
            if at < offset {
                delta += added;
            }
        }
        (offset as isize - delta).max(0) as usize
    }
}

/// The marker left in the text for call `i`: private-use characters that
/// Markdown passes through untouched.
pub fn placeholder(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// A shortcode that could not be parsed: byte offset and message.
pub type SyntaxError = (usize, String);

/// Find and cut out all shortcode calls, skipping fenced and inline code.
pub fn extract(body: &str) -> Result<Extracted<'_>, Vec<SyntaxError>> {
    if !body.contains("{{") && !body.contains("{%") {
        return Ok(Extracted {
            text: Cow::Borrowed(body),
            calls: Vec::new(),
            shifts: Vec::new(),
        });
    }
    let mut text = String::with_capacity(body.len());
    let mut calls = Vec::new();
    let mut shifts = Vec::new();
    let mut errors = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut line_start = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some((ch, len)) = fence {
            text.push_str(line);
            let run = trimmed.chars().take_while(|c| *c == ch).count();
            if run >= len && trimmed[run..].trim().is_empty() {
                fence = None;
            }
        } else if let Some(open) = fence_open(trimmed) {
            fence = Some(open);
            text.push_str(line);
        } else if !line.contains("{{") && !line.contains("{%") {
            text.push_str(line);
        } else {
            scan_line(
                line,
                line_start,
                &mut text,
                &mut calls,
                &mut shifts,
                &mut errors,
            );
        }
        line_start += line.len();
    }
    if errors.is_empty() {
        Ok(Extracted {
            text: Cow::Owned(text),
            calls,
            shifts,
        })
    } else {
        Err(errors)
    }
}

fn fence_open(trimmed: &str) -> Option<(char, usize)> {
    let ch = trimmed.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let run = trimmed.chars().take_while(|c| *c == ch).count();
    (run >= 3).then_some((ch, run))
}

fn scan_line(
    line: &str,
    line_start: usize,
    text: &mut String,
    calls: &mut Vec<ShortcodeCall>,
    shifts: &mut Vec<(usize, isize)>,
    errors: &mut Vec<SyntaxError>,
) {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            // Skip an inline code span: a run of backticks up to the same run.
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            let ticks = &line[i..i + run];
            match line[i + run..].find(ticks) {
                Some(end) => i += run + end + run,
                None => i += run,
            }
            continue;
        }
        if let Some(msg) = unsupported_call(&line[i..]) {
            errors.push((line_start + i, msg));
        } else if line[i..].starts_with("{{") {
            if let Some(end) = line[i..].find("}}") {
                let inner = line[i + 2..i + end].trim();
                if looks_like_call(inner) {
                    match parse_call(inner) {
                        Ok((name, args)) => {
                            text.push_str(&line[copied..i]);
                            let marker = placeholder(calls.len());
                            let original = end + 2;
                            shifts.push((text.len(), marker.len() as isize - original as isize));
                            let block = line[..i].trim().is_empty()
                                && line[i + end + 2..].trim().is_empty();
                            calls.push(ShortcodeCall {
                                name,
                                args,
                                offset: line_start + i,
                                block,
                            });
                            text.push_str(&marker);
                            i += original;
                            copied = i;
                            continue;
                        }
                        Err(msg) => errors.push((line_start + i, msg)),
                    }
                }
            }
        }
        i += line[i..].chars().next().map_or(1, char::len_utf8);
    }
    text.push_str(&line[copied..]);
}

/// A shortcode form versus cannot run yet, starting at `rest`: a call
/// with a body (`{% name() %}…{% end %}`) or one that goes on past its
/// line. Either would otherwise end up as literal text in the page.
fn unsupported_call(rest: &str) -> Option<String> {
    if let Some(tag) = rest.strip_prefix("{%") {
        let tag = tag.trim_start();
        let name = call_name(tag)?;
        return Some(if name == "end" {
            "`{% end %}` closes a shortcode with a body, which versus does not support yet"
                .to_string()
        } else {
            format!(
                "shortcode `{name}` with a body (`{{% {name}(…) %}}…{{% end %}}`): versus does not support shortcode bodies yet; pass the text as an argument: `{{{{ {name}(body=\"…\") }}}}`"
            )
        });
    }
    let inner = rest.strip_prefix("{{")?;
    let name = call_name(inner.trim_start())?;
    (name != "end" && !inner.contains("}}")).then(|| {
        format!("shortcode `{name}`: the call must end on the line it starts on, with `}}}}`")
    })
}

/// The name of `name(` or a bare `end` at the start of `text`.
fn call_name(text: &str) -> Option<&str> {
    let len = text
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    let name = &text[..len];
    let after = text[len..].trim_start();
    if len > 0 && after.starts_with('(') {
        Some(name)
    } else if name == "end" && after.starts_with("%}") {
        Some("end")
    } else {
        None
    }
}

fn looks_like_call(inner: &str) -> bool {
    let name_len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    name_len > 0 && inner[name_len..].trim_start().starts_with('(') && inner.ends_with(')')
}

fn parse_call(inner: &str) -> Result<(String, serde_json::Map<String, serde_json::Value>), String> {
    let open = inner.find('(').unwrap_or(inner.len());
    let name = inner[..open].trim().to_string();
    let mut rest = inner[open + 1..inner.len() - 1].trim();
    let mut args = serde_json::Map::new();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("shortcode `{name}`: expected `key=value` in `{rest}`"))?;
        let key = rest[..eq].trim();
        if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!(
                "shortcode `{name}`: `{key}` is not a valid argument name"
            ));
        }
        let after = rest[eq + 1..].trim_start();
        let (value, consumed) =
            parse_value(after).map_err(|m| format!("shortcode `{name}`: {m}"))?;
        args.insert(key.to_string(), value);
        rest = after[consumed..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
        } else if !rest.is_empty() {
            return Err(format!(
                "shortcode `{name}`: expected `,` between arguments, found `{rest}`"
            ));
        }
    }
    Ok((name, args))
}

fn parse_value(text: &str) -> Result<(serde_json::Value, usize), String> {
    let first = text.chars().next().ok_or("missing value after `=`")?;
    if first == '"' || first == '\'' {
        let end = text[1..]
            .find(first)
            .ok_or_else(|| format!("unclosed string starting at `{text}`"))?;
        return Ok((
            serde_json::Value::String(text[1..1 + end].to_string()),
            end + 2,
        ));
    }
    let end = text.find([',', ' ']).unwrap_or(text.len());
    let word = &text[..end];
    let value = match word {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => {
            if let Ok(n) = word.parse::<i64>() {
                n.into()
            } else if let Some(n) = word
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                serde_json::Value::Number(n)
            } else {
                return Err(format!(
                    "`{word}` is not a string, number or boolean (quote strings)"
                ));
            }
        }
    };
    Ok((value, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_block_and_inline_calls() {
        let body = "Intro {{ badge(text=\"x\") }} end\n\n{{ comparison_table(id=\"cio-vs-cto\", n=2, open=true) }}\n";
        let ex = extract(body).unwrap();
        assert_eq!(ex.calls.len(), 2);
        assert!(!ex.calls[0].block);
        assert!(ex.calls[1].block);
        assert_eq!(ex.calls[1].args["id"], "cio-vs-cto");
        assert_eq!(ex.calls[1].args["n"], 2);
        assert_eq!(ex.calls[1].args["open"], true);
        assert!(ex.text.contains(&placeholder(1)));
        assert_eq!(&body[ex.calls[1].offset..ex.calls[1].offset + 2], "{{");
    }

    #[test]
    fn skips_code() {
        let body = "```\n{{ a(b=1) }}\n```\n`{{ c(d=1) }}` and {{ not a call }}\n";
        let ex = extract(body).unwrap();
        assert!(ex.calls.is_empty());
        assert_eq!(ex.text, body);
    }

    #[test]
    fn maps_offsets_back() {
        let body = "{{ a(b=\"long value here\") }}\nafter";
        let ex = extract(body).unwrap();
        let at = ex.text.find("after").unwrap();
        assert_eq!(ex.original_offset(at), body.find("after").unwrap());
    }

    #[test]
    fn unsupported_forms_are_errors_not_text() {
        let errs = extract("x\n{% note(kind=\"tip\") %}\nBody\n{% end %}\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].0, 2);
        assert!(
            errs[0].1.contains("shortcode `note` with a body"),
            "{}",
            errs[0].1
        );
        assert!(errs[1].1.contains("{% end %}"), "{}", errs[1].1);
        let errs = extract("{{ badge(text=\"a\",\n  color=\"b\") }}\n").unwrap_err();
        assert_eq!(errs[0].0, 0);
        assert!(errs[0].1.contains("must end on the line"), "{}", errs[0].1);
        // Braces that are not calls stay text.
        let body = "{% raw %} and {{ not a call\nand {%- if x %}\n";
        assert_eq!(extract(body).unwrap().text, body);
    }

    #[test]
    fn bad_arguments_are_errors() {
        let errs = extract("x\n{{ a(b=) }}\n").unwrap_err();
        assert_eq!(errs[0].0, 2);
        assert!(extract("{{ a(b=\"x) }}").is_err());
    }
}

//! What the search index reads of a comparison: its data as plain text,
//! one block per table row (`#vs-row-<dimension id>`) and per section of the
//! comparison page (`#the-options`, `#signs`, `#decide` in the default
//! theme), so a word in a table cell finds the comparison and the result
//! links to that row.

use pulldown_cmark::{Event, Parser, TagEnd};

use super::schema::ComparisonData;
use super::Comparison;
use crate::markdown::shortcode::ShortcodeCall;
use crate::markdown::TextBlock;

/// The id prefix of a table row on the comparison page.
const ROW: &str = "vs-row-";
const OPTIONS: &str = "the-options";
const SIGNS: &str = "signs";
const DECIDE: &str = "decide";

/// The text a comparison shortcode in an article stands for:
/// `comparison_table` its table, `signals` its signals, `decision_widget`
/// its questions and signals; empty for other shortcodes and unknown ids.
pub fn of_shortcode(comparisons: &[Comparison], call: &ShortcodeCall) -> String {
    let wanted: fn(&str) -> bool = match call.name.as_str() {
        "comparison_table" => |id| id.starts_with(ROW),
        "signals" => |id| id == SIGNS,
        "decision_widget" => |id| id == DECIDE || id == SIGNS,
        _ => return String::new(),
    };
    let id = call.args.get("id").and_then(|v| v.as_str());
    let Some(c) = comparisons.iter().find(|c| Some(c.id()) == id) else {
        return String::new();
    };
    if let Some(option) = call.args.get("option").and_then(|v| v.as_str()) {
        // One option's signals: those that count for it.
        let mut text = Text::default();
        for s in &c.data.signals {
            if s.weights.get(option).is_some_and(|w| *w > 0.0) {
                text.push(&s.text);
            }
        }
        return text.0;
    }
    let texts: Vec<&str> = c
        .text_blocks()
        .iter()
        .filter(|b| wanted(b.heading_id.as_deref().unwrap_or("")))
        .map(|b| b.text.as_str())
        .collect();
    texts.join(" ")
}

/// The page's rows and sections as text blocks; one with no text is left out.
pub fn text_blocks(d: &ComparisonData) -> Vec<TextBlock> {
    // One block per table row, under the row's id on the comparison page.
    let rows = d.dimensions.iter().map(|dim| {
        let mut row = Text::default();
        for o in &d.options {
            if let Some(v) = dim.values.get(&o.id) {
                row.push(if o.short.trim().is_empty() {
                    &o.name
                } else {
                    &o.short
                });
                // Typed values are searched as readers see them ("Yes", "5 GB").
                match super::cell::check(dim.kind, dim.max(), v) {
                    Ok(super::cell::Typed::Text(md)) => row.push_markdown(md),
                    Ok(typed) => {
                        row.push(&super::cell_html::plain(&typed, dim).unwrap_or_default());
                        if let Some(note) = &v.note {
                            row.push(note);
                        }
                    }
                    Err(_) => {}
                }
            }
        }
        (format!("{ROW}{}", dim.id), dim.label.clone(), row)
    });
    let mut options = Text::default();
    for o in &d.options {
        options.push(&o.name);
        if o.short != o.name {
            options.push(&o.short);
        }
        options.push_markdown(&o.summary);
    }
    let mut signs = Text::default();
    for s in &d.signals {
        signs.push(&s.text);
    }
    let mut decide = Text::default();
    for q in &d.questions {
        decide.push(&q.prompt);
        for a in &q.answers {
            decide.push(&a.label);
            decide.push(a.explain.as_deref().unwrap_or(""));
        }
    }
    if let Some(out) = &d.outcomes {
        decide.push(out.close.as_deref().unwrap_or(""));
        for text in out.wins.values() {
            decide.push(text);
        }
        for c in &out.combinations {
            decide.push(&c.text);
        }
    }
    let sections = [
        (OPTIONS, "The options", options),
        (SIGNS, "Signs to look for", signs),
        (DECIDE, "Help me decide", decide),
    ]
    .map(|(id, heading, text)| (id.to_string(), heading.to_string(), text));
    rows.chain(sections)
        .filter(|(_, _, text)| !text.0.is_empty())
        .map(|(id, heading, text)| TextBlock {
            heading_id: Some(id),
            heading,
            text: text.0,
        })
        .collect()
}

/// Words separated by single spaces.
#[derive(Default)]
struct Text(String);

impl Text {
    fn push(&mut self, text: &str) {
        for word in text.split_whitespace() {
            if !self.0.is_empty() {
                self.0.push(' ');
            }
            self.0.push_str(word);
        }
    }

    /// The words of a Markdown text, without its markup.
    fn push_markdown(&mut self, md: &str) {
        let mut plain = String::with_capacity(md.len());
        for event in Parser::new(md) {
            match event {
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    plain.push_str(&t)
                }
                Event::SoftBreak
                | Event::HardBreak
                | Event::End(
                    TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
                ) => plain.push(' '),
                _ => {}
            }
        }
        self.push(&plain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_signals_questions_and_outcomes_become_text_under_their_section() {
        let d: ComparisonData = serde_json::from_str(
            r#"{
  "title": "Formats",
  "options": [
    { "id": "csv", "name": "Comma-separated values", "short": "CSV", "summary": "Plain *text*." },
    { "id": "pq", "name": "Parquet" }
  ],
  "dimensions": [ { "id": "speed", "label": "Speed", "values": { "csv": "Slow", "pq": "**Fast**, `columnar`" } } ],
  "questions": [ { "id": "size", "prompt": "How big?", "answers": [
    { "id": "big", "label": "Terabytes", "explain": "Columns compress.", "weights": { "pq": 2 } } ] } ],
  "outcomes": { "wins": { "pq": "Use Parquet." } }
}"#,
        )
        .expect("data");
        let blocks = text_blocks(&d);
        let got: Vec<(&str, &str)> = blocks
            .iter()
            .map(|b| (b.heading_id.as_deref().unwrap_or(""), b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("vs-row-speed", "CSV Slow Parquet Fast, columnar"),
                (
                    "the-options",
                    "Comma-separated values CSV Plain text. Parquet"
                ),
                (
                    "decide",
                    "How big? Terabytes Columns compress. Use Parquet."
                ),
            ]
        );
    }
}

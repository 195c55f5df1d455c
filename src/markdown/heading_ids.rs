//! The heading ids of a rendered body, kept as one string: every page's ids
//! are held until the anchors of `@/page.md#id` links are checked, after
//! the last page is rendered (a `Vec<String>` per page was ~8% of a
//! 100,000-page build's peak memory).

/// Heading ids in the order given, each followed by a NUL (Markdown text
/// cannot hold one: CommonMark replaces it with U+FFFD).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HeadingIds(String);

impl HeadingIds {
    /// Add `id` at the end.
    pub fn push(&mut self, id: &str) {
        self.0.push_str(id);
        self.0.push('\0');
    }

    /// Add every id of `other` at the end.
    pub fn append(&mut self, other: &HeadingIds) {
        self.0.push_str(&other.0);
    }

    /// The ids, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.0.split_terminator('\0')
    }

    /// Is `id` one of them?
    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|i| i == id)
    }

    /// Give back the slack of growth (the ids are kept for the whole render).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_in_order_empty_ones_too() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.iter().count(), 0);
        ids.push("a");
        ids.push("");
        let mut more = HeadingIds::default();
        more.push("b c");
        ids.append(&more);
        assert_eq!(ids.iter().collect::<Vec<_>>(), ["a", "", "b c"]);
        assert!(ids.contains("") && ids.contains("b c") && !ids.contains("b"));
    }
}

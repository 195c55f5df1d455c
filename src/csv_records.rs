//! The one CSV reader, RFC 4180: fields separated by commas, quoted with
//! `"` when they hold commas, quotes (doubled) or line breaks; `\n`, `\r\n`
//! or `\r` ends a record; blank lines are skipped. Each field keeps its byte
//! offset, so errors point at a line and column. Comparison rows
//! (`compare/csv.rs`) and `load_data(format="csv")` read through it; callers
//! drop a leading byte-order mark first.

/// One field of a record, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub text: String,
    /// Byte offset of the field's first character in the file.
    pub at: usize,
}

/// Split `text` into records of fields, or the offset and message of the
/// first syntax error.
pub fn records(text: &str) -> Result<Vec<Vec<Field>>, (usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut record: Vec<Field> = Vec::new();
    let mut i = 0;
    loop {
        // One field starting at `i`.
        let start = i;
        let mut value = String::new();
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            loop {
                let Some(rel) = text[i..].find('"') else {
                    return Err((start, "this quoted field is never closed".into()));
                };
                value.push_str(&text[i..i + rel]);
                i += rel + 1;
                if bytes.get(i) == Some(&b'"') {
                    value.push('"');
                    i += 1;
                } else {
                    break;
                }
            }
            if !matches!(bytes.get(i), None | Some(b',' | b'\n' | b'\r')) {
                return Err((
                    i,
                    "expected a comma or the end of the line after a closing quote".into(),
                ));
            }
        } else {
            let end = text[i..]
                .find([',', '\n', '\r'])
                .map_or(text.len(), |rel| i + rel);
            value.push_str(&text[i..end]);
            if value.contains('"') {
                let q = i + value.find('"').unwrap_or(0);
                return Err((q, "a quote inside an unquoted field".into()));
            }
            i = end;
        }
        record.push(Field {
            text: value,
            at: start,
        });
        match bytes.get(i) {
            Some(b',') => i += 1,
            end => {
                if end == Some(&b'\r') {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                let blank = record.len() == 1 && record[0].text.trim().is_empty();
                if !blank {
                    out.push(std::mem::take(&mut record));
                }
                record.clear();
                if i >= bytes.len() {
                    return Ok(out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        records(text)
            .unwrap()
            .into_iter()
            .map(|r| r.into_iter().map(|f| f.text).collect())
            .collect()
    }

    #[test]
    fn reads_quoted_fields_and_line_ends() {
        assert_eq!(
            fields("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\n\"two\nlines\",,x"),
            [vec!["a", "b,c", "say \"hi\""], vec!["two\nlines", "", "x"]]
        );
        assert_eq!(records("a,\"open\n").unwrap_err().0, 2);
        assert_eq!(records("a,\"x\"y").unwrap_err().0, 5);
        assert_eq!(records("a,b\"c").unwrap_err().0, 3);
    }
}

//! Tera glue for comparisons: the `get_comparison(id=...)` function over the
//! views computed once per build, and the `json_script` filter that embeds a
//! value in a `<script type="application/json">` block without letting any
//! string in it end the script.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Value;

/// `get_comparison(id="...")`: the view of that comparison (see [`super::view`]).
/// An unknown id is a template error naming the id and the closest known one.
pub struct GetComparison(pub Arc<HashMap<String, Value>>);

impl tera::Function for GetComparison {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let id = match args.get("id") {
            Some(Value::String(id)) => id,
            Some(other) => {
                return Err(tera::Error::msg(format!(
                    "get_comparison: `id` must be a string, got `{other}`"
                )))
            }
            None => return Err(tera::Error::msg(
                "get_comparison: missing argument `id` (e.g. get_comparison(id=\"cio-vs-cto\"))",
            )),
        };
        if let Some(view) = self.0.get(id) {
            return Ok(view.clone());
        }
        let mut known: Vec<&str> = self.0.keys().map(String::as_str).collect();
        known.sort_unstable();
        let hint = match crate::error::closest(id, known.iter().copied()) {
            Some(best) => format!("; did you mean `{best}`?"),
            None if known.is_empty() => "; this site has no comparison data files".to_string(),
            None => format!("; known comparisons: {}", known.join(", ")),
        };
        Err(tera::Error::msg(format!("unknown comparison `{id}`{hint}")))
    }
}

/// `json_script` filter: `value` as JSON that is safe inside `<script>`:
/// `<`, `>`, `&`, U+2028 and U+2029 become `\u003c` and so on. Its output is
/// HTML-safe but Tera still escapes it: write `{{ x | json_script | safe }}`.
pub fn json_script(value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
    let json =
        serde_json::to_string(value).map_err(|e| tera::Error::msg(format!("json_script: {e}")))?;
    Ok(Value::String(escape_json_for_script(&json)))
}

/// Escape the characters that could end a script element or a JS string.
pub fn escape_json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for ch in json.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::Function;

    #[test]
    fn json_script_escapes_and_round_trips() {
        let v = serde_json::json!({ "t": "</script><!-- & \u{2028}\u{2029} \"q\"" });
        let out = json_script(&v, &HashMap::new()).unwrap();
        let s = out.as_str().unwrap();
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}') && !s.contains('\u{2029}'));
        let back: Value = serde_json::from_str(s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn unknown_comparison_suggests_closest() {
        let mut views = HashMap::new();
        views.insert(
            "cio-vs-cto".to_string(),
            serde_json::json!({ "id": "cio-vs-cto" }),
        );
        let f = GetComparison(Arc::new(views));
        let mut args = HashMap::new();
        args.insert("id".to_string(), Value::String("cio-vs-ct".into()));
        let err = f.call(&args).unwrap_err().to_string();
        assert!(
            err.contains("`cio-vs-ct`") && err.contains("did you mean `cio-vs-cto`"),
            "{err}"
        );
        args.insert("id".to_string(), Value::String("cio-vs-cto".into()));
        assert_eq!(f.call(&args).unwrap()["id"], "cio-vs-cto");
        assert!(f.call(&HashMap::new()).is_err());
    }
}

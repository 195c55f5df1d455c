//! Index building: what the files hold, and that a reader following the
//! manifest finds each word in the right document and fragment.

use super::*;
use crate::markdown::TextBlock;

fn block(id: Option<&str>, heading: &str, text: &str) -> TextBlock {
    TextBlock {
        heading_id: id.map(str::to_string),
        heading: heading.to_string(),
        text: text.to_string(),
    }
}

fn sample() -> Vec<Doc> {
    vec![
        doc_from(
            "/docs/a/".into(),
            "Chief Technology Officer",
            Some("What a CTO owns."),
            &[
                block(None, "", "The CTO builds the product."),
                block(Some("budget"), "Budget", "Owns the engineering budget."),
            ],
        ),
        doc_from(
            "/docs/b/".into(),
            "最高情報責任者",
            None,
            &[block(
                Some("role"),
                "Role",
                "Runs internal systems. 東京都庁",
            )],
        ),
    ]
}

type Files = BTreeMap<String, Vec<u8>>;

fn files(docs: &[Doc]) -> Files {
    files_with(docs, &mut TermCache::default())
}

fn files_with(docs: &[Doc], cache: &mut TermCache) -> Files {
    build(docs, cache)
        .into_iter()
        .map(|(p, f)| match f {
            OutputFile::Bytes(b) => (p, b.to_vec()),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

fn json(files: &Files, path: &str) -> serde_json::Value {
    serde_json::from_slice(&files[path]).expect("valid JSON")
}

/// What `search.js` does: find the chunk, then the term, then decode.
fn lookup(files: &Files, term: &str) -> Vec<(usize, u64, Vec<u64>)> {
    let manifest = json(files, "search/index.json");
    let chunks = manifest["chunks"].as_array().expect("chunks");
    let i = chunks
        .iter()
        .rposition(|c| c.as_str().expect("str") <= term)
        .unwrap_or(0);
    let chunk = json(files, &format!("search/t/{i}.json"));
    let Some(entry) = chunk
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e[0] == term)
    else {
        return Vec::new();
    };
    let nums: Vec<u64> = entry[1]
        .as_array()
        .expect("postings")
        .iter()
        .map(|n| n.as_u64().expect("int"))
        .collect();
    let (mut out, mut doc, mut k) = (Vec::new(), 0usize, 0);
    while k < nums.len() {
        doc += nums[k] as usize;
        let count = nums[k + 2] as usize;
        out.push((doc, nums[k + 1], nums[k + 3..k + 3 + count].to_vec()));
        k += 3 + count;
    }
    out
}

/// Fragment `n` of `doc` (`n` as decoded: without the heading bit).
fn fragment(files: &Files, doc: usize, n: u64) -> serde_json::Value {
    json(files, &format!("search/f/{doc}-{n}.json"))
}

#[test]
fn manifest_lists_chunks_and_hash() {
    let f = files(&sample());
    let m = json(&f, "search/index.json");
    assert_eq!(m["version"], FORMAT_VERSION);
    assert_eq!(m["docs"], 2);
    assert_eq!(m["hash"].as_str().map(str::len), Some(8));
    assert!(!m["chunks"].as_array().expect("chunks").is_empty());
}

#[test]
fn text_word_points_at_its_heading() {
    let f = files(&sample());
    let hits = lookup(&f, "engineering");
    assert_eq!(hits, [(0, 1, vec![2])]);
    let frag = fragment(&f, 0, 1);
    assert_eq!(frag["u"], "/docs/a/#budget");
    assert_eq!(frag["h"], "Budget");
    assert_eq!(frag["t"], "Chief Technology Officer");
}

#[test]
fn title_heading_and_count_make_the_weight() {
    let f = files(&sample());
    // "cto": in the description and the intro, fragment 0.
    assert_eq!(lookup(&f, "cto"), [(0, 2, vec![0])]);
    // "budget": heading of fragment 1 (coded 1 × 2 + 1) and once in its text.
    assert_eq!(
        lookup(&f, "budget"),
        [(0, u64::from(IN_HEADING) + 1, vec![3])]
    );
    // "technology": title only, so fragment 0, the page itself.
    assert_eq!(
        lookup(&f, "technology"),
        [(0, u64::from(IN_TITLE), vec![0])]
    );
    assert_eq!(fragment(&f, 0, 0)["u"], "/docs/a/");
    assert_eq!(
        fragment(&f, 0, 0)["x"],
        "What a CTO owns. The CTO builds the product."
    );
}

#[test]
fn cjk_is_found_by_bigram() {
    let f = files(&sample());
    assert_eq!(lookup(&f, "情報"), [(1, u64::from(IN_TITLE), vec![0])]);
    assert_eq!(lookup(&f, "京都"), [(1, 1, vec![2])]);
    assert_eq!(fragment(&f, 1, 1)["u"], "/docs/b/#role");
}

#[test]
fn doc_ids_are_delta_coded() {
    let docs: Vec<Doc> = (0..5)
        .map(|i| doc_from(format!("/p{i}/"), "Same", None, &[]))
        .collect();
    let f = files(&docs);
    let hits = lookup(&f, "same");
    let ids: Vec<usize> = hits.iter().map(|h| h.0).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
}

#[test]
fn long_text_is_cut_into_fragments_with_the_same_anchor() {
    let text = "word ".repeat(1000);
    let doc = doc_from("/p/".into(), "T", None, &[block(Some("h"), "H", &text)]);
    assert!(doc.fragments.len() > 3);
    for f in &doc.fragments[1..] {
        assert!(f.text.len() <= FRAGMENT_BYTES);
        assert_eq!(f.anchor.as_deref(), Some("h"));
    }
    let total: usize = doc.fragments[1..]
        .iter()
        .map(|f| f.text.split(' ').count())
        .sum();
    assert_eq!(total, 1000);
}

#[test]
fn chunks_stay_small_and_sorted() {
    let docs: Vec<Doc> = (0..300)
        .map(|i| {
            let text: String = (0..200)
                .map(|w| format!("w{}x{} ", (w * 7 + i) % 500, w))
                .collect();
            doc_from(
                format!("/p{i}/"),
                &format!("Page {i}"),
                None,
                &[block(None, "", &text)],
            )
        })
        .collect();
    let f = files(&docs);
    let m = json(&f, "search/index.json");
    let firsts: Vec<&str> = m["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .filter_map(|c| c.as_str())
        .collect();
    assert!(firsts.len() > 5);
    assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    for i in 0..firsts.len() {
        let len = f[&format!("search/t/{i}.json")].len();
        assert!(len < 2 * CHUNK_BYTES, "chunk {i} is {len} bytes");
    }
    assert_eq!(lookup(&f, "page").len(), 300);
    let hits = lookup(&f, "w3x0");
    assert_eq!(hits.iter().map(|h| h.0).collect::<Vec<_>>(), [3]);
}

#[test]
fn same_input_same_hash() {
    let a = json(&files(&sample()), "search/index.json");
    let b = json(&files(&sample()), "search/index.json");
    assert_eq!(a["hash"], b["hash"]);
    let mut other = sample();
    other[0].title.push('!');
    assert_ne!(json(&files(&other), "search/index.json")["hash"], a["hash"]);
}

#[test]
fn cached_terms_give_the_same_index() {
    let mut docs = sample();
    let mut cache = TermCache::default();
    assert_eq!(files_with(&docs, &mut cache), files(&docs));
    // Again from the cache, then after one document changed.
    assert_eq!(files_with(&docs, &mut cache), files(&docs));
    docs[0].fragments[0].text.push_str(" zebra");
    assert_eq!(files_with(&docs, &mut cache), files(&docs));
}

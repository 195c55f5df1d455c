//! Index building: what the files hold, and that a reader following the
//! manifest finds each word in the right document and fragment.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::*;
use crate::markdown::TextBlock;

fn block(id: Option<&str>, heading: &str, text: &str) -> TextBlock {
    TextBlock {
        heading_id: id.map(str::to_string),
        heading: heading.to_string(),
        text: text.to_string(),
    }
}

/// A document as the render hands it over.
#[derive(Debug, Clone)]
struct TestDoc {
    url: String,
    title: String,
    description: Option<String>,
    blocks: Vec<TextBlock>,
}

fn doc(url: &str, title: &str, description: Option<&str>, blocks: &[TextBlock]) -> TestDoc {
    TestDoc {
        url: url.to_string(),
        title: title.to_string(),
        description: description.map(str::to_string),
        blocks: blocks.to_vec(),
    }
}

impl TestDoc {
    fn source(&self) -> Source<'_> {
        Source {
            url: self.url.clone(),
            title: &self.title,
            description: self.description.as_deref(),
            blocks: &self.blocks,
        }
    }
}

fn sample() -> Vec<TestDoc> {
    vec![
        doc(
            "/docs/a/",
            "Chief Technology Officer",
            Some("What a CTO owns."),
            &[
                block(None, "", "The CTO builds the product."),
                block(Some("budget"), "Budget", "Owns the engineering budget."),
            ],
        ),
        doc(
            "/docs/b/",
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

/// Index `docs`, meeting them in the order `visit` gives (ids are handed out
/// in that order; the files must not depend on it).
fn files_visiting(docs: &[TestDoc], visit: &[usize]) -> Files {
    let vocab = Vocab::default();
    let mut indexed: Vec<Option<DocIndex>> = vec![None; docs.len()];
    let mut out = Files::new();
    for &n in visit {
        let (d, excerpt) = index_doc(&vocab, &docs[n].source());
        out.insert(excerpt_path(n), excerpt);
        indexed[n] = Some(d);
    }
    let out = Mutex::new(out);
    let put = |path: String, file: OutputFile| -> Result<(), ()> {
        let OutputFile::Bytes(b) = file else {
            return Err(());
        };
        out.lock().expect("lock").insert(path, b.to_vec());
        Ok(())
    };
    finish(&vocab, indexed.into_iter().flatten().collect(), &put).expect("all written");
    out.into_inner().expect("lock")
}

fn files(docs: &[TestDoc]) -> Files {
    let order: Vec<usize> = (0..docs.len()).collect();
    files_visiting(docs, &order)
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

/// Fragment `n` of `doc` (`n` as decoded: without the heading bit), as
/// `search.js` reads it: `{u, t, h, x}`.
fn fragment(files: &Files, doc: usize, n: u64) -> serde_json::Value {
    let d = json(files, &format!("search/f/{doc}.json"));
    let f = &d["f"][n as usize];
    let anchor = f[0].as_str().expect("anchor");
    let url = d["u"].as_str().expect("url");
    let u = if anchor.is_empty() {
        url.to_string()
    } else {
        format!("{url}#{anchor}")
    };
    serde_json::json!({"u": u, "t": d["t"], "h": f[1], "x": f[2]})
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
    let docs: Vec<TestDoc> = (0..5)
        .map(|i| doc(&format!("/p{i}/"), "Same", None, &[]))
        .collect();
    let f = files(&docs);
    let hits = lookup(&f, "same");
    let ids: Vec<usize> = hits.iter().map(|h| h.0).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
}

#[test]
fn long_text_is_cut_into_fragments_with_the_same_anchor() {
    let text = "word ".repeat(1000);
    let blocks = [block(Some("h"), "H", &text)];
    let fragments = doc::fragments("", &blocks);
    assert!(fragments.len() > 3);
    for f in &fragments[1..] {
        assert!(f.text.len() <= FRAGMENT_BYTES);
        assert_eq!(f.anchor, Some("h"));
    }
    let total: usize = fragments[1..]
        .iter()
        .map(|f| f.text.split(' ').count())
        .sum();
    assert_eq!(total, 1000);
}

#[test]
fn chunks_stay_small_and_sorted() {
    let docs: Vec<TestDoc> = (0..300)
        .map(|i| {
            let text: String = (0..200)
                .map(|w| format!("w{}x{} ", (w * 7 + i) % 500, w))
                .collect();
            doc(
                &format!("/p{i}/"),
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
        assert!(len < 3 * CHUNK_BYTES, "chunk {i} is {len} bytes");
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
    other[0].title.push_str(" again");
    assert_ne!(json(&files(&other), "search/index.json")["hash"], a["hash"]);
}

#[test]
fn files_do_not_depend_on_the_order_terms_are_met() {
    let mut docs = sample();
    docs.push(doc(
        "/c/",
        "Budget zebra",
        None,
        &[block(None, "", "Owns it.")],
    ));
    assert_eq!(files_visiting(&docs, &[2, 1, 0]), files(&docs));
}

#[test]
fn one_excerpt_file_per_document() {
    let f = files(&sample());
    let excerpts: Vec<&String> = f.keys().filter(|p| p.starts_with("search/f/")).collect();
    assert_eq!(excerpts, ["search/f/0.json", "search/f/1.json"]);
    let d = json(&f, "search/f/0.json");
    assert_eq!(d["f"].as_array().map(Vec::len), Some(2));
    assert_eq!(d["f"][1][0], "budget");
}

/// The index of page `i` (`/p{i}/`, "Page {i}"): one heading over `words`.
fn numbered_page(vocab: &Vocab, i: usize, words: &str) -> DocIndex {
    let d = doc(
        &format!("/p{i}/"),
        &format!("Page {i}"),
        None,
        &[block(Some("h"), "Heading", words)],
    );
    index_doc(vocab, &d.source()).0
}

#[test]
fn replacing_a_document_gives_the_postings_of_inverting_again() {
    let vocab = Vocab::default();
    let page = |i: usize, words: &str| numbered_page(&vocab, i, words);
    let texts = [
        "brew steep pour",
        "steep roast",
        "grind pour pour",
        "sip",
        "brew",
    ];
    let docs: Vec<DocIndex> = texts.iter().enumerate().map(|(i, t)| page(i, t)).collect();
    // Words dropped, kept, added, and new to the vocabulary; first, middle, last.
    for (n, text) in [
        (0, "pour zebra"),
        (2, "grind grind steep"),
        (4, ""),
        (3, "sip"),
    ] {
        let mut after = docs.clone();
        after[n] = page(n, text);
        let terms = vocab.terms().len();
        let mut patched = chunks::Postings::invert(&docs, terms);
        patched.replace(n, &docs[n], &after[n]);
        assert_eq!(
            patched,
            chunks::Postings::invert(&after, terms),
            "doc {n}: {text:?}"
        );
    }
}

#[test]
fn term_order_kept_from_before_equals_sorting_again() {
    let vocab = Vocab::default();
    let page = |i: usize, words: &str| numbered_page(&vocab, i, words);
    let mut docs: Vec<DocIndex> = ["brew steep pour", "steep roast", "grind pour", "sip"]
        .iter()
        .enumerate()
        .map(|(i, t)| page(i, t))
        .collect();
    let terms = vocab.terms();
    let postings = chunks::Postings::invert(&docs, terms.len());
    let mut order = postings.order(&terms, None);
    // Terms gone, kept and new (before, between and after the others).
    for (n, text) in [
        (3, "aardvark sip zebra"),
        (1, "roast mocha"),
        (0, "brew"),
        (2, ""),
        (3, "steep"),
    ] {
        docs[n] = page(n, text);
        let terms = vocab.terms();
        let postings = chunks::Postings::invert(&docs, terms.len());
        let fresh = postings.order(&terms, None);
        order = postings.order(&terms, Some(order));
        assert_eq!(order, fresh, "doc {n}: {text:?}");
        assert_eq!(
            postings.chunks_in(&order, &terms),
            postings.chunks(&terms),
            "doc {n}: {text:?}"
        );
    }
}

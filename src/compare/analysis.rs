//! What `versus check` proves about a comparison's decision model: the
//! widget's scoring (each checked answer or sign adds its weights; an option
//! ruled out by a deal-breaker is out; the top score wins when it is above 0,
//! and every option within `close_margin` of it makes a close call) is
//! analysed over every combination of answers a reader can give.
//!
//! Findings (each a warning, never an error):
//! * **never first**: an option that no combination of answers puts at the
//!   top (alone or tied, with a score above 0);
//! * **inert question**: a question of two or more answers that all add the
//!   same weights and rule out the same options, so choosing between them
//!   cannot change the result;
//! * **points nowhere**: a sign, or an answer of a `multiple` question, with
//!   no weight other than 0 and no deal-breaker (ticking it does nothing; a
//!   neutral answer of a `single` question, such as "Not sure", is fine);
//! * **double counting**: a sign and an answer that push the same options in
//!   the same proportions (weights positively proportional) and say the same
//!   thing (at least two, and at least half, of the words of four letters or
//!   more of the shorter text are in the other): a reader who gives one will give the
//!   other for the same reason, and that reason counts twice;
//! * **outlier weight**: a weight more than 10 times the median of all the
//!   comparison's non-zero weights (by absolute value);
//! * **unreachable outcome**: a `wins` text of an option that never wins
//!   clearly, or a combination text whose options are never all in one
//!   close call.
//!
//! When the answer space has at most [`EXHAUSTIVE_LIMIT`] combinations every
//! one is scored. Beyond that only what a bound proves is reported: an option
//! is never first when its best score is at most 0, or when some other option
//! `p` that no answer can rule out beats it in every combination: the largest
//! possible lead of `o` over `p` (a sum of independent per-question maxima)
//! is below 0, or every pick gives `p` at least as much as `o` and strictly
//! more whenever it gives `o` anything. Its `wins` text is then unreachable
//! too. Other findings need no enumeration.

use std::collections::HashSet;

use super::dealbreakers::rules_out;
use super::locate::Step;
use super::schema::{ComparisonData, QuestionKind, DEFAULT_CLOSE_MARGIN};

/// Above this many combinations of answers, the bound is used instead.
pub const EXHAUSTIVE_LIMIT: u64 = 1 << 18;

/// One warning about the decision model, with where it points in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where in the data file.
    pub at: Vec<Step>,
}

/// Something a reader can tick: weights in option order, options ruled out.
#[derive(Debug, Clone)]
struct Pick {
    weights: Vec<f64>,
    /// Bit `i` set: option `i` is ruled out.
    out: u64,
}

/// A group of picks of which a reader takes at most one (a single question),
/// or exactly one of "off" and "on" (an answer of a multiple question, a sign).
#[derive(Debug, Clone)]
struct Group {
    picks: Vec<Pick>,
}

struct Model {
    n: usize,
    groups: Vec<Group>,
    margin: f64,
}

/// How the enumeration ended.
#[derive(Debug, Default)]
struct Reach {
    /// Per option: at the top (alone or tied) with a score above 0.
    first: Vec<bool>,
    /// Per option: the only one in its close set.
    clear: Vec<bool>,
    /// Close sets of two or more options seen.
    close_sets: HashSet<u64>,
}

/// Every finding about `data` (with at most 64 options; more are not analysed).
pub fn analyse(data: &ComparisonData) -> Vec<Finding> {
    let mut out = Vec::new();
    let n = data.options.len();
    if !(2..=64).contains(&n) {
        return out;
    }
    let model = model(data);
    let combos = model
        .groups
        .iter()
        .try_fold(1u64, |acc, g| acc.checked_mul(g.picks.len() as u64 + 1))
        .unwrap_or(u64::MAX);
    let opt_at = |i: usize| vec![Step::key("options"), Step::id(&data.options[i].id)];
    let reach = (combos <= EXHAUSTIVE_LIMIT).then(|| enumerate(&model));
    let never_first: Vec<bool> = match &reach {
        Some(r) => r.first.iter().map(|f| !f).collect(),
        None => (0..n).map(|o| bound_never_first(&model, o)).collect(),
    };
    for (o, never) in never_first.iter().enumerate() {
        if *never {
            out.push(Finding {
                message: format!(
                    "option `{}` never ranks first, whatever the reader answers",
                    data.options[o].id
                ),
                at: opt_at(o),
            });
        }
    }
    if let Some(outcomes) = &data.outcomes {
        for id in outcomes.wins.keys() {
            let Some(o) = data.options.iter().position(|x| &x.id == id) else {
                continue;
            };
            let unreachable = match &reach {
                Some(r) => !r.clear[o],
                None => never_first[o],
            };
            if unreachable {
                out.push(Finding {
                    message: format!(
                        "the `wins` text for `{id}` is never shown: it never wins clearly"
                    ),
                    at: vec![
                        Step::key("outcomes"),
                        Step::key("wins"),
                        Step::Key(id.clone()),
                    ],
                });
            }
        }
        if let Some(r) = &reach {
            for combo in &outcomes.combinations {
                let mask = combo.options.iter().fold(0u64, |m, id| {
                    m | data
                        .options
                        .iter()
                        .position(|x| &x.id == id)
                        .map_or(0, |i| 1 << i)
                });
                if !r.close_sets.iter().any(|s| s & mask == mask) {
                    let first = combo.options.first().cloned().unwrap_or_default();
                    out.push(Finding {
                        message: format!(
                            "the combination text for {} is never shown: those options are never close together",
                            combo.options.iter().map(|o| format!("`{o}`")).collect::<Vec<_>>().join(", ")
                        ),
                        at: vec![Step::key("outcomes"), Step::key("combinations"), Step::Value(first)],
                    });
                }
            }
        }
    }
    out.extend(inert_and_empty(data));
    out.extend(double_counting(data));
    out.extend(outliers(data));
    out
}

fn model(data: &ComparisonData) -> Model {
    let ids: Vec<&str> = data.options.iter().map(|o| o.id.as_str()).collect();
    let pick = |weights: &std::collections::BTreeMap<String, f64>, out: u64| Pick {
        weights: ids
            .iter()
            .map(|id| weights.get(*id).copied().unwrap_or(0.0))
            .collect(),
        out,
    };
    let out_mask = |a: &super::schema::Answer| {
        rules_out(data, a).iter().fold(0u64, |m, r| {
            m | ids
                .iter()
                .position(|id| *id == r.option)
                .map_or(0, |i| 1 << i)
        })
    };
    let mut groups = Vec::new();
    for q in &data.questions {
        match q.kind {
            QuestionKind::Single => groups.push(Group {
                picks: q
                    .answers
                    .iter()
                    .map(|a| pick(&a.weights, out_mask(a)))
                    .collect(),
            }),
            QuestionKind::Multiple => groups.extend(q.answers.iter().map(|a| Group {
                picks: vec![pick(&a.weights, out_mask(a))],
            })),
        }
    }
    groups.extend(data.signals.iter().map(|s| Group {
        picks: vec![pick(&s.weights, 0)],
    }));
    let margin = data
        .outcomes
        .as_ref()
        .map_or(DEFAULT_CLOSE_MARGIN, |o| o.close_margin);
    Model {
        n: ids.len(),
        groups,
        margin,
    }
}

/// Score every combination of picks (depth first, adding as it goes).
fn enumerate(m: &Model) -> Reach {
    let mut reach = Reach {
        first: vec![false; m.n],
        clear: vec![false; m.n],
        close_sets: HashSet::new(),
    };
    let mut score = vec![0.0; m.n];
    walk(m, 0, &mut score, 0, false, &mut reach);
    reach
}

fn walk(m: &Model, g: usize, score: &mut Vec<f64>, out: u64, any: bool, reach: &mut Reach) {
    let Some(group) = m.groups.get(g) else {
        if any {
            settle(m, score, out, reach);
        }
        return;
    };
    walk(m, g + 1, score, out, any, reach);
    for p in &group.picks {
        for (s, w) in score.iter_mut().zip(&p.weights) {
            *s += w;
        }
        walk(m, g + 1, score, out | p.out, true, reach);
        for (s, w) in score.iter_mut().zip(&p.weights) {
            *s -= w;
        }
    }
}

/// Record what one combination's scores show.
fn settle(m: &Model, score: &[f64], out: u64, reach: &mut Reach) {
    let live = |i: &usize| out & (1 << i) == 0;
    let Some(best) = (0..m.n).filter(live).map(|i| score[i]).reduce(f64::max) else {
        return;
    };
    if best <= 0.0 {
        return;
    }
    let mut close = 0u64;
    for i in (0..m.n).filter(live) {
        if score[i] == best {
            reach.first[i] = true;
        }
        if score[i] > 0.0 && score[i] >= (1.0 - m.margin) * best {
            close |= 1 << i;
        }
    }
    if close.count_ones() == 1 {
        reach.clear[close.trailing_zeros() as usize] = true;
    } else {
        reach.close_sets.insert(close);
    }
}

/// Proven never first without enumerating (see the module docs).
fn bound_never_first(m: &Model, o: usize) -> bool {
    let best_gain = |f: &dyn Fn(&Pick) -> f64| -> f64 {
        m.groups
            .iter()
            .map(|g| g.picks.iter().map(f).fold(0.0, f64::max))
            .sum()
    };
    if best_gain(&|p| {
        if p.out & (1 << o) != 0 {
            0.0
        } else {
            p.weights[o]
        }
    }) <= 0.0
    {
        return true;
    }
    (0..m.n).filter(|&p| p != o).any(|p| {
        let removable = m
            .groups
            .iter()
            .any(|g| g.picks.iter().any(|k| k.out & (1 << p) != 0));
        // `p` beats `o` in every combination: by the largest lead `o` can
        // get, or because whatever gives `o` points gives `p` more.
        let behind = m.groups.iter().flat_map(|g| &g.picks).all(|k| {
            k.weights[p] >= k.weights[o] && (k.weights[o] <= 0.0 || k.weights[p] > k.weights[o])
        });
        !removable && (behind || best_gain(&|k| k.weights[o] - k.weights[p]) < 0.0)
    })
}

fn same(
    a: &std::collections::BTreeMap<String, f64>,
    b: &std::collections::BTreeMap<String, f64>,
) -> bool {
    let nonzero = |m: &std::collections::BTreeMap<String, f64>| -> Vec<(String, f64)> {
        m.iter()
            .filter(|(_, w)| **w != 0.0)
            .map(|(k, w)| (k.clone(), *w))
            .collect()
    };
    nonzero(a) == nonzero(b)
}

fn inert_and_empty(data: &ComparisonData) -> Vec<Finding> {
    let mut out = Vec::new();
    let points_nowhere =
        |w: &std::collections::BTreeMap<String, f64>| w.values().all(|w| *w == 0.0);
    for q in &data.questions {
        let q_at = vec![Step::key("questions"), Step::id(&q.id)];
        if q.answers.len() >= 2 {
            let first = &q.answers[0];
            let inert = q.answers.iter().all(|a| {
                same(&a.weights, &first.weights) && rules_out(data, a) == rules_out(data, first)
            });
            if inert {
                out.push(Finding {
                    message: format!(
                        "question `{}` cannot change the result: all its answers add the same weights",
                        q.id
                    ),
                    at: q_at.clone(),
                });
            }
        }
        if q.kind == QuestionKind::Multiple {
            for a in &q.answers {
                if points_nowhere(&a.weights) && rules_out(data, a).is_empty() {
                    out.push(Finding {
                        message: format!(
                            "answer `{}` of question `{}` points to no option (no weight other than 0)",
                            a.id, q.id
                        ),
                        at: [q_at.clone(), vec![Step::key("answers"), Step::id(&a.id)]].concat(),
                    });
                }
            }
        }
    }
    for s in &data.signals {
        if points_nowhere(&s.weights) {
            out.push(Finding {
                message: format!(
                    "signal `{}` points to no option (no weight other than 0)",
                    s.id
                ),
                at: vec![Step::key("signals"), Step::id(&s.id)],
            });
        }
    }
    out
}

/// Words of four letters or more, lowercased.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

fn proportional(
    a: &std::collections::BTreeMap<String, f64>,
    b: &std::collections::BTreeMap<String, f64>,
) -> bool {
    let keys: HashSet<&String> = a
        .iter()
        .chain(b.iter())
        .filter(|(_, w)| **w != 0.0)
        .map(|(k, _)| k)
        .collect();
    let get =
        |m: &std::collections::BTreeMap<String, f64>, k: &String| m.get(k).copied().unwrap_or(0.0);
    let Some(k0) = keys.iter().next() else {
        return false;
    };
    let (a0, b0) = (get(a, k0), get(b, k0));
    if a0 == 0.0 || b0 == 0.0 || (a0 > 0.0) != (b0 > 0.0) {
        return false;
    }
    let ratio = b0 / a0;
    keys.iter()
        .all(|k| ((get(a, k) * ratio) - get(b, k)).abs() <= 1e-9 * get(b, k).abs().max(1.0))
}

fn double_counting(data: &ComparisonData) -> Vec<Finding> {
    let mut out = Vec::new();
    for s in &data.signals {
        let sw = words(&s.text);
        for q in &data.questions {
            for a in &q.answers {
                if !proportional(&s.weights, &a.weights) {
                    continue;
                }
                let aw = words(&a.label);
                let (small, big) = if sw.len() <= aw.len() {
                    (&sw, &aw)
                } else {
                    (&aw, &sw)
                };
                let shared = small.iter().filter(|w| big.contains(*w)).count();
                if shared >= 2 && shared * 2 >= small.len() {
                    out.push(Finding {
                        message: format!(
                            "signal `{}` and answer `{}` of question `{}` count the same evidence twice (same options, proportional weights, same words)",
                            s.id, a.id, q.id
                        ),
                        at: vec![Step::key("signals"), Step::id(&s.id)],
                    });
                }
            }
        }
    }
    out
}

fn outliers(data: &ComparisonData) -> Vec<Finding> {
    let mut all: Vec<(f64, Vec<Step>)> = Vec::new();
    for s in &data.signals {
        for (k, w) in &s.weights {
            all.push((
                *w,
                vec![
                    Step::key("signals"),
                    Step::id(&s.id),
                    Step::key("weights"),
                    Step::Key(k.clone()),
                ],
            ));
        }
    }
    for q in &data.questions {
        for a in &q.answers {
            for (k, w) in &a.weights {
                all.push((
                    *w,
                    vec![
                        Step::key("questions"),
                        Step::id(&q.id),
                        Step::key("answers"),
                        Step::id(&a.id),
                        Step::key("weights"),
                        Step::Key(k.clone()),
                    ],
                ));
            }
        }
    }
    let mut sizes: Vec<f64> = all
        .iter()
        .map(|(w, _)| w.abs())
        .filter(|w| *w > 0.0)
        .collect();
    if sizes.len() < 3 {
        return Vec::new();
    }
    sizes.sort_by(f64::total_cmp);
    let median = sizes[sizes.len() / 2];
    all.into_iter()
        .filter(|(w, _)| w.abs() > 10.0 * median)
        .map(|(w, at)| Finding {
            message: format!(
                "weight {w} is far outside the others (more than 10 times their median, {median})"
            ),
            at,
        })
        .collect()
}

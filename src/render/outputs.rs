//! The outputs stage: every output of the plan not written yet, rendered
//! in parallel into the sink — or, under the dev server's policy, reused
//! from the memo ([`OutputMemo`]) when its fingerprint is unchanged.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::inputs::Inputs;
use super::kind::Cx;
use super::plan::Output;
use super::{put, Sink};
use crate::error::Error;
use crate::output::{OutputFile, OutputPath};

/// Each output's fingerprint, path (checked once, when it was rendered) and
/// bytes, by its key: kept between dev-server renders.
#[derive(Default)]
pub struct OutputMemo {
    by_key: FxHashMap<u64, (u64, OutputPath, OutputFile)>,
}

/// Render `todo` into `sink`; with a memo and the render's [`Inputs`],
/// reuse each output whose fingerprint is the one kept, and keep what is
/// rendered. Returns how many outputs were rendered; all errors together.
pub fn render(
    todo: &[&Output],
    cx: &Cx,
    sink: &dyn Sink,
    memo: Option<(&mut OutputMemo, &Inputs)>,
) -> Result<usize, Vec<Error>> {
    let Some((memo, inputs)) = memo else {
        // One task each: the long listings are next to each other in the
        // plan, and would otherwise end up on one thread.
        let errors: Vec<Error> = todo
            .par_iter()
            .with_max_len(1)
            .filter_map(|out| {
                out.kind
                    .render(out, cx)
                    .and_then(|file| put(sink, out.path.clone(), file))
                    .err()
            })
            .collect();
        return if errors.is_empty() {
            Ok(todo.len())
        } else {
            Err(errors)
        };
    };
    // Which outputs must be rendered again: their fingerprints first, then
    // those renders one task each, so that the few long ones (listings,
    // next to each other in the plan) spread over the threads.
    let prints: Vec<(u64, bool)> = todo
        .par_iter()
        .map(|out| {
            let print = inputs.print(out);
            let reused = memo
                .by_key
                .get(&out.key)
                .is_some_and(|(old, _, _)| *old == print);
            (print, reused)
        })
        .collect();
    let fresh: Vec<&Output> = todo
        .iter()
        .zip(&prints)
        .filter(|(_, (_, reused))| !reused)
        .map(|(out, _)| *out)
        .collect();
    let rendered: Vec<Result<OutputFile, Error>> = fresh
        .par_iter()
        .with_max_len(1)
        .map(|out| out.kind.render(out, cx))
        .collect();
    let mut rendered = rendered.into_iter();
    let mut kept: FxHashMap<u64, (u64, OutputPath, OutputFile)> =
        FxHashMap::with_capacity_and_hasher(todo.len(), Default::default());
    let mut errors = Vec::new();
    let mut count = 0;
    for (out, (print, reused)) in todo.iter().zip(prints) {
        let entry = if reused {
            // Moved to the new map (or, for a second output with the same
            // key, copied from it).
            match memo.by_key.remove(&out.key) {
                Some(entry) => entry,
                None => match kept.get(&out.key) {
                    Some(entry) => entry.clone(),
                    None => unreachable!("a reused output is in one of the maps"),
                },
            }
        } else {
            match rendered.next() {
                Some(Ok(file)) => {
                    count += 1;
                    match OutputPath::new(out.path.clone()) {
                        Ok(path) => (print, path, file),
                        Err(e) => {
                            errors.push(e);
                            continue;
                        }
                    }
                }
                Some(Err(e)) => {
                    errors.push(e);
                    continue;
                }
                None => unreachable!("one render per output not reused"),
            }
        };
        if let Err(e) = sink.put(entry.1.clone(), entry.2.clone()) {
            errors.push(e);
        }
        kept.insert(out.key, entry);
    }
    if !errors.is_empty() {
        // What was reused and rendered stays in the memo for the next run.
        memo.by_key.extend(kept);
        return Err(errors);
    }
    // The memo now holds only outputs that still exist.
    crate::reclaim::later(std::mem::replace(&mut memo.by_key, kept));
    Ok(count)
}

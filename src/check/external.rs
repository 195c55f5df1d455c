//! `versus check --external`: http(s) links checked over the network, each
//! URL once (the cache), a few at a time, with a timeout, a browser-like
//! user agent, and retries with backoff. Rate limits (429), refusals aimed at
//! robots (401/403), server errors and network trouble (DNS, timeouts) are
//! "unverified", not "broken": only an answer saying the page is gone is.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::links::{Problem, Severity};

/// How to check.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Time limit for one request, connection included.
    pub timeout: Duration,
    /// Tries after the first, for answers that may change (429, 5xx, network).
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            concurrency: 8,
            timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(500),
        }
    }
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The server answered with a page (2xx, after redirects).
    Ok(u16),
    /// The server says it is not there (404, 410, other 4xx).
    Broken(u16),
    /// Could not tell: rate limit, refusal, server error, network trouble.
    Unverified(String),
}

/// Browsers get answers that bare HTTP clients do not.
const USER_AGENT: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 versus-link-check";

/// Check every URL once; `urls` must be deduplicated already (a map key).
pub fn check<'a>(
    urls: impl IntoIterator<Item = &'a str>,
    opts: &ExternalOptions,
) -> HashMap<String, Verdict> {
    let queue: Vec<String> = urls.into_iter().map(str::to_string).collect();
    let queue = Arc::new(Mutex::new(queue));
    let results = Arc::new(Mutex::new(HashMap::new()));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .user_agent(USER_AGENT)
        .http_status_as_error(false)
        .max_redirects(10)
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..opts.concurrency.max(1) {
            let queue = Arc::clone(&queue);
            let results = Arc::clone(&results);
            let agent = agent.clone();
            scope.spawn(move || loop {
                let next = queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
                let Some(url) = next else { break };
                let verdict = check_one(&agent, &url, opts);
                results
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(url, verdict);
            });
        }
    });
    let results = results.lock().unwrap_or_else(PoisonError::into_inner);
    results.clone()
}

fn check_one(agent: &ureq::Agent, url: &str, opts: &ExternalOptions) -> Verdict {
    let mut wait = opts.backoff;
    let mut attempt = 0;
    loop {
        let verdict = match agent
            .get(url)
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .call()
        {
            Ok(response) => classify(response.status().as_u16()),
            Err(e) => Verdict::Unverified(network_reason(&e)),
        };
        let retry = matches!(&verdict, Verdict::Unverified(_)) && attempt < opts.retries;
        if !retry {
            return verdict;
        }
        std::thread::sleep(wait);
        wait = wait.saturating_mul(2);
        attempt += 1;
    }
}

fn classify(status: u16) -> Verdict {
    match status {
        200..=399 => Verdict::Ok(status),
        401 | 403 => Verdict::Unverified(format!("HTTP {status}: the server refuses robots")),
        429 => Verdict::Unverified("HTTP 429: rate limited".into()),
        400..=499 => Verdict::Broken(status),
        _ => Verdict::Unverified(format!("HTTP {status}: server error")),
    }
}

fn network_reason(err: &ureq::Error) -> String {
    match err {
        ureq::Error::HostNotFound => "host not found (DNS)".into(),
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        other => other.to_string(),
    }
}

/// `locate(output path, url, output line)` → the file and line to show.
pub type Locate<'a> = &'a dyn Fn(&str, &str, usize) -> (String, Option<usize>);

/// Problems for every use of a broken or unverifiable URL; `locate` says
/// which file and line to show.
pub fn problems(
    uses: &BTreeMap<String, Vec<(String, usize)>>,
    verdicts: &HashMap<String, Verdict>,
    locate: Locate<'_>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    for (url, places) in uses {
        let (severity, message) = match verdicts.get(url) {
            Some(Verdict::Broken(status)) => (
                Severity::Broken,
                format!("broken external link `{url}`: HTTP {status}"),
            ),
            Some(Verdict::Unverified(why)) => (
                Severity::Warning,
                format!("external link `{url}` could not be verified: {why}"),
            ),
            _ => continue,
        };
        for (path, line) in places {
            let (file, line) = locate(path, url, *line);
            out.push(Problem {
                severity,
                file,
                line,
                message: message.clone(),
            });
        }
    }
    out
}

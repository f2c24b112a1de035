//! The URL probe: given URLs, find out whether each still leads to a page.
//! It knows nothing of claims; `links` turns its outcomes into findings.
//!
//! One shared client (reqwest + rustls) with connection reuse; redirects
//! followed by hand so that every hop is checked against the address
//! policy, its status recorded and loops caught; HEAD first, GET when HEAD
//! fails; retries with backoff and jitter; limits from `limits`; which URL
//! a runner probes next, and how many runners, from `schedule`.

mod answer;
mod limits;
mod policy;
mod resolver;
pub mod rules;
mod schedule;
mod tls;

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::time::Instant;
use url::Url;

use answer::{
    classify_error, is_home_page, next_hop, permanent_target, read_page, retry_after, status_words,
};
use limits::Limits;
pub use policy::AddressPolicy;
use resolver::GuardedResolver;
pub(crate) use schedule::open_files_warning;
use schedule::{Schedule, Turn, raise_open_files_limit, runners};

/// How the probe behaves. Defaults are those of the README.
#[derive(Clone, Debug)]
pub struct Settings {
    pub concurrency: usize,
    pub per_host: usize,
    pub timeout: Duration,
    pub retries: u32,
    /// The longest `Retry-After` honoured.
    pub max_retry_wait: Duration,
    /// The first retry waits about this long; each next one twice as long.
    pub backoff: Duration,
    pub policy: AddressPolicy,
    /// Fixed DNS answers, checked against the policy like any other.
    pub resolve: HashMap<String, Vec<IpAddr>>,
    pub user_agent: String,
    /// The most bytes of a page body read (after decompression).
    pub max_body: usize,
    /// Accepted codes, headers, and rules by host.
    pub rules: rules::Rules,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            concurrency: 64,
            per_host: 4,
            timeout: Duration::from_secs(15),
            retries: 2,
            max_retry_wait: Duration::from_secs(30),
            backoff: Duration::from_millis(500),
            policy: AddressPolicy::default(),
            resolve: HashMap::new(),
            user_agent: user_agent(),
            max_body: 2 * 1024 * 1024,
            rules: rules::Rules::default(),
        }
    }
}

/// The user agent: the tool, its version and where to read about it.
pub(crate) fn user_agent() -> String {
    format!(
        "claimtrack/{} (citation checker; +{})",
        env!("CARGO_PKG_VERSION"),
        crate::home()
    )
}

/// What a probe concluded about a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum State {
    Ok,
    Redirected,
    Dead,
    Blocked,
    ServerError,
    Timeout,
    Unreachable,
    Refused,
}

impl State {
    /// Every state, in declaration order.
    pub(crate) const ALL: [State; 8] = [
        State::Ok,
        State::Redirected,
        State::Dead,
        State::Blocked,
        State::ServerError,
        State::Timeout,
        State::Unreachable,
        State::Refused,
    ];

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Redirected => "redirected",
            State::Dead => "dead",
            State::Blocked => "blocked",
            State::ServerError => "server-error",
            State::Timeout => "timeout",
            State::Unreachable => "unreachable",
            State::Refused => "refused",
        }
    }

    /// Failures that may be passing: a warning until they persist.
    pub(crate) fn is_transient(self) -> bool {
        matches!(
            self,
            State::ServerError | State::Timeout | State::Unreachable
        )
    }
}

/// Why a URL was unreachable, where it matters for telling a dead network
/// from a dead site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    Dns,
    Connect,
    Other,
}

/// One redirect: the URL that answered and its status.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Hop {
    pub url: String,
    pub status: u16,
}

#[derive(Clone, Debug)]
pub(crate) struct Outcome {
    pub url: String,
    pub state: State,
    /// The last HTTP status received, if any.
    pub status: Option<u16>,
    /// The redirects followed, in order.
    pub redirects: Vec<Hop>,
    /// Where the chain ended, when it was redirected.
    pub final_url: Option<String>,
    /// For `redirected`: the address to put in the file.
    pub new_url: Option<String>,
    /// In words: "404 Not Found", "connection refused", "redirect loop".
    pub detail: String,
    pub failure: Option<Failure>,
    pub duration: Duration,
    /// Requests sent for this URL, retries and GET fallbacks included.
    pub requests: u32,
    /// The final page, when it was wanted and answered 2xx.
    pub page: Option<Page>,
}

#[cfg(test)]
impl Outcome {
    /// An outcome of one request with only a URL and a state, for tests.
    pub(crate) fn bare(url: &str, state: State) -> Outcome {
        Outcome {
            url: url.to_string(),
            state,
            status: None,
            redirects: Vec::new(),
            final_url: None,
            new_url: None,
            detail: String::new(),
            failure: None,
            duration: Duration::ZERO,
            requests: 1,
            page: None,
        }
    }
}

/// A URL to probe, and whether its page is wanted (to look for an excerpt
/// in it): then it is fetched with GET and its body read, up to the cap.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub url: Url,
    pub page: bool,
}

/// A page's body as fetched: never more than `Settings::max_body` bytes
/// (after decompression).
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// The body went on past the cap.
    pub truncated: bool,
    /// Reading the body failed part way (a timeout, a reset): why.
    pub incomplete: Option<String>,
}

/// Work done on each outcome as soon as it is known, in its own task (so
/// on any worker thread): to turn a page's body into what is needed of it
/// and drop the body, so that bodies do not pile up.
pub(crate) type Digest = Arc<dyn Fn(&mut Outcome) + Send + Sync>;

/// Told of each outcome once its digest is done.
pub(crate) type Done = Arc<dyn Fn(&Outcome) + Send + Sync>;

/// Probes every URL (each once, in any order the limits allow), runs
/// `digest` on each outcome, and calls `done` as each finishes. Returns
/// the outcomes in the order of `urls`. Best spawned on a worker of the
/// runtime: the runners it starts and joins then stay on the workers.
pub(crate) async fn probe_all(
    requests: Vec<Request>,
    settings: Settings,
    digest: Digest,
    done: Done,
) -> Result<Vec<Outcome>, Unusable> {
    let total = requests.len();
    let prober = Arc::new(Prober::new(settings)?);
    // Runners, each started with a URL whose host has room. The limits
    // hold the caps; the schedule keeps the runners off hosts that are
    // full, and works on as many hosts at once as there are runners.
    let window = runners(prober.settings.concurrency, raise_open_files_limit());
    let schedule = Schedule::new(requests, |host| prober.limits.slots(host), window);
    let schedule = Arc::new(std::sync::Mutex::new(schedule));
    let out: Outcomes = Arc::new(std::sync::Mutex::new(vec![None; total]));
    let mut runners = tokio::task::JoinSet::new();
    for _ in 0..window {
        let Some(turn) = schedule.lock().expect("schedule lock").next(None) else {
            break;
        };
        runners.spawn(run(
            turn,
            prober.clone(),
            schedule.clone(),
            (digest.clone(), done.clone()),
            out.clone(),
        ));
    }
    while let Some(joined) = runners.join_next().await {
        joined.expect("a runner does not panic");
    }
    if let Some(why) = prober.roots.failure() {
        return Err(Unusable::Roots(why));
    }
    let out = std::mem::take(&mut *out.lock().expect("outcomes lock"));
    Ok(out
        .into_iter()
        .map(|o| o.expect("every request handed out and probed"))
        .collect())
}

/// Why `probe_all` could not judge its URLs: then none of its outcomes
/// are to be trusted.
#[derive(Debug)]
pub(crate) enum Unusable {
    /// The HTTP client could not be built.
    Client(String),
    /// An `https` URL was to be verified and the system's root
    /// certificates could not be read: every such URL would have failed.
    Roots(String),
}

/// The outcomes in the order of the requests, filled in as they come.
type Outcomes = Arc<std::sync::Mutex<Vec<Option<Outcome>>>>;

/// One runner: probes `turn`, then whatever else the schedule hands it,
/// one URL after another, until it has nothing more for it.
async fn run(
    mut turn: Turn,
    prober: Arc<Prober>,
    schedule: Arc<std::sync::Mutex<Schedule>>,
    (digest, done): (Digest, Done),
    out: Outcomes,
) {
    loop {
        let mut outcome = prober.probe(turn.request, turn.last).await;
        digest(&mut outcome);
        done(&outcome);
        out.lock().expect("outcomes lock")[turn.index] = Some(outcome);
        let next = schedule
            .lock()
            .expect("schedule lock")
            .next(Some(turn.host));
        match next {
            Some(next) => turn = next,
            None => return,
        }
    }
}

struct Prober {
    client: reqwest::Client,
    /// The TLS verifier's roots, read on the first handshake.
    roots: Arc<tls::LazyRoots>,
    limits: Limits,
    settings: Settings,
}

/// The end of one attempt (a HEAD, maybe a GET, and their redirects).
struct Attempt {
    outcome: Outcome,
    retry: bool,
    /// The wait a 429/503 asked for.
    retry_after: Option<Duration>,
}

impl Prober {
    fn new(settings: Settings) -> Result<Prober, Unusable> {
        let (tls, roots) = tls::config().map_err(|e| Unusable::Client(e.to_string()))?;
        let resolver = GuardedResolver {
            policy: settings.policy,
            overrides: Arc::new(settings.resolve.clone()),
        };
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(resolver)
            .no_proxy()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(settings.per_host)
            .tls_backend_preconfigured(tls)
            .build()
            .map_err(|e| Unusable::Client(e.to_string()))?;
        Ok(Prober {
            client,
            roots,
            limits: Limits::new(settings.concurrency, settings.per_host, &settings.rules),
            settings,
        })
    }

    /// Probes one URL. `last`: no later request of the schedule will want
    /// a connection to its host, so each one this URL's requests to that
    /// host use is closed after its answer instead of left idle.
    async fn probe(&self, request: Request, last: bool) -> Outcome {
        let started = Instant::now();
        let mut requests = 0;
        let mut retries = 0;
        loop {
            let attempt = self.attempt(&request, &mut requests, last).await;
            if !attempt.retry || retries >= self.settings.retries {
                let mut outcome = attempt.outcome;
                outcome.duration = started.elapsed();
                outcome.requests = requests;
                return outcome;
            }
            retries += 1;
            let base = self.settings.backoff * 2u32.saturating_pow(retries - 1);
            let jitter = base.mul_f64(fastrand::f64());
            let wait = (base + jitter).max(
                attempt
                    .retry_after
                    .unwrap_or_default()
                    .min(self.settings.max_retry_wait),
            );
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, request: &Request, requests: &mut u32, last: bool) -> Attempt {
        let start = &request.url;
        let mut current = start.clone();
        let mut redirects: Vec<Hop> = Vec::new();
        let mut seen: HashSet<Url> = HashSet::from([start.clone()]);
        loop {
            if let Err(detail) = self.check_literal(&current) {
                return self.end(start, State::Refused, None, redirects, &current, detail);
            }
            // A page is wanted whole: GET. Otherwise HEAD, and GET when
            // HEAD fails (many servers answer HEAD wrongly).
            let first = if request.page {
                Method::GET
            } else {
                Method::HEAD
            };
            let close = last && current.host_str() == start.host_str();
            let mut response = self.send(first.clone(), &current, requests, close).await;
            if first == Method::HEAD
                && let Ok(r) = &response
                && (r.status().is_client_error() || r.status().is_server_error())
            {
                response = self.send(Method::GET, &current, requests, close).await;
            }
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    let (state, failure, retry, detail) = classify_error(&e);
                    let mut a = self.end(start, state, None, redirects, &current, detail);
                    a.outcome.failure = Some(failure);
                    a.retry = retry;
                    return a;
                }
            };
            let status = response.status();
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let retry_after = retry_after(&response);
            if status.is_redirection()
                && let Some(location) = location
            {
                redirects.push(Hop {
                    url: current.to_string(),
                    status: status.as_u16(),
                });
                match next_hop(&current, &location, &mut seen, redirects.len()) {
                    Ok(next) => current = next,
                    Err((at, detail)) => {
                        let status = Some(status);
                        return self.end(start, State::Dead, status, redirects, &at, detail);
                    }
                }
                continue;
            }
            let mut a = self.finish(start, status, redirects, &current);
            a.retry_after = retry_after;
            if request.page && status.is_success() {
                a.outcome.page = Some(read_page(response, self.settings.max_body).await);
            }
            return a;
        }
    }

    /// Sends one request, within the host's limits; a 429 or 503 slows the
    /// whole host down.
    async fn send(
        &self,
        method: Method,
        url: &Url,
        requests: &mut u32,
        close: bool,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let host = url.host_str().unwrap_or_default().to_string();
        let _permit = self.limits.acquire(&host).await;
        *requests += 1;
        // A later header replaces an earlier one of the same name.
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in self.settings.rules.headers(&host) {
            headers.insert(name, value);
        }
        if close {
            headers.insert(
                reqwest::header::CONNECTION,
                reqwest::header::HeaderValue::from_static("close"),
            );
        }
        let result = self
            .client
            .request(method, url.clone())
            .headers(headers)
            .send()
            .await;
        if let Ok(r) = &result
            && matches!(
                r.status(),
                StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE
            )
        {
            let wait = retry_after(r)
                .unwrap_or(self.settings.backoff)
                .min(self.settings.max_retry_wait);
            self.limits.slow_down(&host, wait);
        }
        result
    }

    /// A URL whose host is an IP address is judged here: the resolver is
    /// not asked about literals.
    fn check_literal(&self, url: &Url) -> Result<(), String> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip),
            _ => return Ok(()),
        };
        self.settings
            .policy
            .check(ip)
            .map_err(|what| format!("{ip} is {what}, which is not probed"))
    }

    fn end(
        &self,
        start: &Url,
        state: State,
        status: Option<StatusCode>,
        redirects: Vec<Hop>,
        last: &Url,
        detail: String,
    ) -> Attempt {
        let final_url = (!redirects.is_empty()).then(|| last.to_string());
        Attempt {
            outcome: Outcome {
                url: start.to_string(),
                state,
                status: status.map(|s| s.as_u16()),
                redirects,
                final_url,
                new_url: None,
                detail,
                failure: None,
                duration: Duration::ZERO,
                requests: 0,
                page: None,
            },
            retry: false,
            retry_after: None,
        }
    }

    /// The state of a final (non-redirect) answer.
    fn finish(&self, start: &Url, status: StatusCode, redirects: Vec<Hop>, last: &Url) -> Attempt {
        let code = status.as_u16();
        let words = status_words(status);
        let accept = self
            .settings
            .rules
            .accept(start.host_str().unwrap_or_default());
        let code = match accept {
            // An accepted code is an answer, as a 2xx is by default…
            Some(accept) if accept.contains(code) => 200,
            // …and a 2xx that is not accepted is not.
            Some(_) if (200..=299).contains(&code) => {
                let detail = format!("answered {words}, which is not among the accepted codes");
                return self.end(start, State::Dead, Some(status), redirects, last, detail);
            }
            _ => code,
        };
        let (state, detail, retry) = match code {
            200..=299 if !redirects.is_empty() && is_home_page(last) && !is_home_page(start) => (
                State::Dead,
                format!("redirects to the home page {last} (a soft 404)"),
                false,
            ),
            200..=299 => {
                let permanent = redirects.iter().any(|h| h.status == 301 || h.status == 308);
                if permanent {
                    (
                        State::Redirected,
                        format!("moved permanently; ends on {last}"),
                        false,
                    )
                } else {
                    (State::Ok, words, false)
                }
            }
            429 => (State::Blocked, words, true),
            401 | 403 | 451 | 999 => (State::Blocked, words, false),
            400..=499 => (State::Dead, words, false),
            500..=599 => (State::ServerError, words, true),
            _ => (State::Dead, format!("unexpected answer {words}"), false),
        };
        let mut a = self.end(start, state, Some(status), redirects, last, detail);
        if state == State::Redirected {
            a.outcome.new_url = Some(permanent_target(&a.outcome.redirects, last));
        }
        a.retry = retry;
        a
    }
}

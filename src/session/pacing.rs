//! Client-side pacing under a shared request quota (docs/sessions.md §7): the retry *timing* that matters when many
//! tfsecrets processes share one account's SSM quota (a CI fan-out, `terragrunt run-all`).
//!
//! AWS throttles with a token bucket per account, region and API group; a throttled request costs a round trip and
//! nothing else. Backoff alone cannot keep many processes' retries from colliding again and again (each call's delay
//! grows, the bucket idles, the tail waits), and the SDK's adaptive mode is unusable here: it charges a throttled
//! retry more tokens than its own bucket ever holds at its starting rate of 0.5 requests a second, so every retry
//! waits for the backoff cap. So every service client's HTTP connector passes through a [`Pacer`] per endpoint and
//! API group, which learns a send rate from the answers:
//!
//! - **Open** until the first throttle: requests go out at once, so an uncontended command keeps its one round trip.
//! - On the first throttle it waits for the rest of that wave to answer, then starts at the rate the quota gave this
//!   process. When at least half the wave was throttled ([`SEVERE`]: a quota shared by many), that is the successes of
//!   the last [`WINDOW`] (a quota's burst is about a second of its rate); otherwise the rate the successes arrived at
//!   so far. Never below [`START_RATE`].
//! - **Paced**: requests leave one at a time, spaced `1/rate` apart with ±50 % jitter (so processes do not fall into
//!   step). A throttle halves the rate ([`CUT`]) when at least half the answers of the last [`WINDOW`] were
//!   throttles and the request was sent after the last cut (once per wave of answers, not once per throttled
//!   request; a sporadic throttle is left to the SDK's backoff); each success adds [`STEP`]; after [`QUIET`] without
//!   a cut the rate doubles every [`QUIET`], so a process speeds up as soon as the others are done. Far above any
//!   quota it opens again.
//!
//! The SDK still classifies and retries (`sdk.rs`: full-jitter backoff from 50 ms, `--retries` attempts, the retry
//! quota): the pacer only decides when an attempt leaves, and never holds one longer than [`MAX_WAIT`].

use super::transport::{ConnectorLayer, layered};
use aws_smithy_runtime_api::client::http::{HttpConnector, HttpConnectorFuture, SharedHttpClient, SharedHttpConnector};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_types::body::SdkBody;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The window (seconds) whose answers give the starting rate and the share of throttles.
pub const WINDOW: f64 = 1.0;
/// The share of throttled answers in the [`WINDOW`] from which a throttle cuts the rate and a first wave counts as
/// severe.
pub const SEVERE: f64 = 0.5;
/// The least starting rate (requests a second) after the first throttle.
pub const START_RATE: f64 = 1.0;
/// The factor a throttle cuts the rate by (once per wave).
pub const CUT: f64 = 0.5;
/// What each success adds to the rate (requests a second).
pub const STEP: f64 = 0.05;
/// Seconds without a cut after which the rate doubles, and doubles again every as many seconds.
pub const QUIET: f64 = 2.0;
/// The lowest rate (one request every 5 s: 200 processes' share of a 40 a second quota).
pub const MIN_RATE: f64 = 0.2;
/// Above this rate the pacer opens again (no quota that low-latency clients meet is this high).
pub const OPEN_RATE: f64 = 1000.0;
/// Jitter of each gap: uniform in `[1 - JITTER, 1 + JITTER]` times `1/rate`.
pub const JITTER: f64 = 0.5;
/// The longest a request is held: the SDK's attempt timeout (30 s) must never fire while it waits here.
pub const MAX_WAIT: Duration = Duration::from_secs(20);
/// The longest the pacer waits for the rest of the first throttled wave.
const ENGAGE_WAIT: Duration = Duration::from_secs(1);
/// How often a held request looks again (the rate grows while it waits).
const RECHECK: Duration = Duration::from_millis(100);

/// Error codes AWS uses for throttling (as the SDK's own classifier lists them); SSM answers `ThrottlingException`.
const THROTTLING_CODES: [&str; 9] = [
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "SlowDown",
    "LimitExceededException",
];

/// The pacer's state for one endpoint and API group.
#[derive(Debug)]
enum Mode {
    /// No throttle seen (or the rate grew past [`OPEN_RATE`]): requests go out at once.
    Open,
    /// The first throttle arrived at `since`; waiting for `pending` earlier requests to answer.
    Engaging { since: Instant, pending: u32 },
    /// Requests leave spaced by the learned rate.
    Paced,
}

/// The control law of one pacer, with time passed in (unit-testable, no clock, no lock).
#[derive(Debug)]
pub struct Control {
    mode: Mode,
    /// The rate at `t_mat` (requests a second).
    rate: f64,
    /// When `rate` was last brought up to date.
    t_mat: Instant,
    /// When the rate was last cut (throttles of requests sent before this do not cut again).
    t_cut: Instant,
    /// When the last request left.
    last_release: Instant,
    /// This gap's jitter factor.
    need: f64,
    /// Requests sent and not yet answered.
    in_flight: u32,
    /// When the first request left.
    first_sent: Option<Instant>,
    /// The answers of the last [`WINDOW`]: when, and whether throttled.
    recent: VecDeque<(Instant, bool)>,
    /// Throttled answers seen.
    pub throttled: u64,
    /// Answers seen.
    pub answered: u64,
}

/// What [`Control::poll`] says about the request at the head of the queue.
#[derive(Debug, PartialEq)]
pub enum Poll {
    /// Send it now.
    Go,
    /// Look again after this long.
    Wait(Duration),
}

impl Control {
    /// A pacer that has seen nothing yet (open).
    pub fn new(now: Instant) -> Self {
        Control {
            mode: Mode::Open,
            rate: 0.0,
            t_mat: now,
            t_cut: now,
            last_release: now,
            need: 1.0,
            in_flight: 0,
            first_sent: None,
            recent: VecDeque::new(),
            throttled: 0,
            answered: 0,
        }
    }

    /// The current rate (requests a second) when paced, including the doubling after a quiet spell.
    pub fn rate(&self, now: Instant) -> Option<f64> {
        if !matches!(self.mode, Mode::Paced) {
            return None;
        }
        let quiet_from = self.t_cut + Duration::from_secs_f64(QUIET);
        let grow_from = quiet_from.max(self.t_mat);
        let mut rate = self.rate;
        if now > grow_from {
            rate *= 2f64.powf((now - grow_from).as_secs_f64() / QUIET);
        }
        Some(rate.min(OPEN_RATE))
    }

    /// Whether the request at the head of the queue may leave now (`waited`: how long it has been held).
    /// `jitter` is a uniform draw in `[0, 1)`, used when a gap starts.
    pub fn poll(&mut self, now: Instant, waited: Duration, jitter: f64) -> Poll {
        if let Mode::Engaging { since, .. } = self.mode
            && now - since >= ENGAGE_WAIT
        {
            self.start_pacing(now);
        }
        let go = match self.mode {
            Mode::Open => true,
            Mode::Engaging { .. } if waited >= MAX_WAIT => true,
            Mode::Engaging { .. } => return Poll::Wait(RECHECK / 10),
            Mode::Paced => {
                let rate = self.rate(now).unwrap_or(OPEN_RATE);
                if rate >= OPEN_RATE {
                    self.mode = Mode::Open;
                    true
                } else {
                    let due = self.last_release + Duration::from_secs_f64(self.need / rate);
                    if due > now && waited < MAX_WAIT {
                        return Poll::Wait((due - now).min(RECHECK));
                    }
                    true
                }
            }
        };
        if go {
            self.first_sent.get_or_insert(now);
            self.last_release = now;
            self.need = 1.0 - JITTER + 2.0 * JITTER * jitter;
            self.in_flight += 1;
        }
        Poll::Go
    }

    /// Records the answer to a request sent at `sent`: throttled or not (any other answer or a failure counts as
    /// not throttled: it tells nothing about the quota, and the SDK retries it on its own terms).
    pub fn answered(&mut self, now: Instant, sent: Instant, throttled: bool) {
        self.in_flight = self.in_flight.saturating_sub(1);
        self.answered += 1;
        self.throttled += u64::from(throttled);
        self.recent.push_back((now, throttled));
        while self.recent.front().is_some_and(|(t, _)| (now - *t).as_secs_f64() > WINDOW) {
            self.recent.pop_front();
        }
        match &mut self.mode {
            Mode::Open if throttled => {
                let pending = self.in_flight;
                self.mode = Mode::Engaging { since: now, pending };
                if pending == 0 {
                    self.start_pacing(now);
                }
            }
            Mode::Open => {}
            Mode::Engaging { since, pending } => {
                if sent < *since {
                    *pending = pending.saturating_sub(1);
                    if *pending == 0 {
                        self.start_pacing(now);
                    }
                }
            }
            Mode::Paced => {
                self.rate = self.rate(now).unwrap_or(OPEN_RATE);
                self.t_mat = now;
                if throttled {
                    if sent >= self.t_cut && self.throttled_share() >= SEVERE {
                        self.rate = (self.rate * CUT).max(MIN_RATE);
                        self.t_cut = now;
                    }
                } else {
                    self.rate += STEP;
                }
                if self.rate >= OPEN_RATE {
                    self.mode = Mode::Open;
                }
            }
        }
    }

    /// The share of throttles among the answers of the last [`WINDOW`].
    fn throttled_share(&self) -> f64 {
        let throttled = self.recent.iter().filter(|(_, t)| *t).count();
        throttled as f64 / self.recent.len().max(1) as f64
    }

    fn start_pacing(&mut self, now: Instant) {
        let throttled = self.recent.iter().filter(|(_, t)| *t).count();
        let successes = (self.recent.len() - throttled) as f64;
        let severe = self.throttled_share() >= SEVERE;
        let span = if severe {
            WINDOW
        } else {
            self.first_sent.map_or(WINDOW, |t| (now - t).as_secs_f64().clamp(0.001, WINDOW))
        };
        self.rate = (successes / span).max(START_RATE);
        self.t_mat = now;
        self.t_cut = now;
        self.last_release = now;
        self.mode = Mode::Paced;
        crate::ui::verbose(format!("throttled: pacing requests at {:.1} a second", self.rate));
    }
}

/// One endpoint and API group's pacer: the control law behind a lock, and a FIFO gate for held requests.
#[derive(Debug)]
pub struct Pacer {
    control: Mutex<Control>,
    gate: tokio::sync::Mutex<()>,
}

impl Pacer {
    fn new() -> Self {
        Pacer { control: Mutex::new(Control::new(Instant::now())), gate: tokio::sync::Mutex::new(()) }
    }

    fn control(&self) -> std::sync::MutexGuard<'_, Control> {
        self.control.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits until a request may leave (first come, first served); returns when it was sent.
    pub async fn acquire(&self) -> Instant {
        let _gate = self.gate.lock().await;
        let held = Instant::now();
        loop {
            let now = Instant::now();
            let poll = self.control().poll(now, now - held, rand::random::<f64>());
            match poll {
                Poll::Go => return now,
                Poll::Wait(d) => tokio::time::sleep(d).await,
            }
        }
    }

    /// Records the answer to a request that left at `sent`.
    pub fn answered(&self, sent: Instant, throttled: bool) {
        self.control().answered(Instant::now(), sent, throttled);
    }
}

/// The pacers of this process, by endpoint and API group (every client shares them).
fn pacer_for(key: String) -> Arc<Pacer> {
    static PACERS: OnceLock<Mutex<HashMap<String, Arc<Pacer>>>> = OnceLock::new();
    let map = PACERS.get_or_init(Default::default);
    let mut map = map.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(key).or_insert_with(|| Arc::new(Pacer::new())).clone()
}

/// The quota an SSM request draws on: GetParameter, GetParameters and GetParametersByPath share one; every other
/// operation has its own. The key also names the endpoint (`host:port`).
pub fn quota_key(request: &HttpRequest) -> String {
    let target = request.headers().get("x-amz-target").unwrap_or("");
    let op = target.rsplit('.').next().unwrap_or("");
    let group = match op {
        "GetParameter" | "GetParameters" | "GetParametersByPath" => "ssm:get",
        "" => "other",
        op => op,
    };
    let uri = request.uri();
    let start = uri.find("://").map_or(0, |i| i + 3);
    let authority = uri[start..].split(['/', '?']).next().unwrap_or("");
    format!("{authority} {group}")
}

/// Whether an error code names throttling (`aws.protocols#ThrottlingException` style prefixes are dropped).
pub fn is_throttling_code(code: &str) -> bool {
    let code = code.rsplit('#').next().unwrap_or(code).split(':').next().unwrap_or(code);
    THROTTLING_CODES.contains(&code)
}

/// Whether an answer is a throttle: a 400 or 429 whose `x-amzn-ErrorType` header or JSON `__type` names
/// throttling. Reads (and puts back) the body only of such client-error answers, which are small.
async fn classify(response: HttpResponse) -> (HttpResponse, bool) {
    let status = response.status().as_u16();
    if status != 400 && status != 429 {
        return (response, false);
    }
    if let Some(throttled) = response.headers().get("x-amzn-errortype").map(is_throttling_code) {
        return (response, throttled);
    }
    let mut response = response;
    let bytes = match aws_smithy_types::byte_stream::ByteStream::new(response.take_body()).collect().await {
        Ok(b) => b.into_bytes(),
        Err(_) => return (response, false),
    };
    let throttled = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.get("__type").and_then(|t| t.as_str()).map(is_throttling_code))
        .unwrap_or(status == 429);
    *response.body_mut() = SdkBody::from(bytes);
    (response, throttled)
}

/// A [`Pacer`] in front of every request of the service clients, as a [`ConnectorLayer`].
#[derive(Debug)]
pub struct PacingLayer;

impl PacingLayer {
    /// `inner` paced; `TFSECRETS_PACING=off` leaves it as it is (for tests whose proxy throttles at random,
    /// whatever the rate: AWS's quotas are token buckets, which pacing is for).
    pub fn wrap(inner: SharedHttpClient) -> SharedHttpClient {
        if std::env::var("TFSECRETS_PACING").is_ok_and(|v| v == "off") {
            return inner;
        }
        layered(inner, PacingLayer)
    }
}

/// Test knob: `TFSECRETS_PACING_HOLD_MS=N` holds every request N ms more, as the pacer does under a tight shared
/// quota; a test proves that such a wait never fails the request (the SDK's upload stall check, `sdk.rs`).
fn test_hold() -> Option<Duration> {
    static HOLD: OnceLock<Option<Duration>> = OnceLock::new();
    *HOLD.get_or_init(|| std::env::var("TFSECRETS_PACING_HOLD_MS").ok()?.parse().ok().map(Duration::from_millis))
}

impl ConnectorLayer for PacingLayer {
    fn wrap_connector(&self, inner: SharedHttpConnector) -> SharedHttpConnector {
        SharedHttpConnector::new(PacedConnector { inner })
    }
}

#[derive(Debug)]
struct PacedConnector {
    inner: SharedHttpConnector,
}

impl HttpConnector for PacedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let inner = self.inner.clone();
        let pacer = pacer_for(quota_key(&request));
        HttpConnectorFuture::new(async move {
            let sent = pacer.acquire().await;
            if let Some(hold) = test_hold() {
                tokio::time::sleep(hold).await;
            }
            match inner.call(request).await {
                Ok(response) => {
                    let (response, throttled) = classify(response).await;
                    pacer.answered(sent, throttled);
                    Ok(response)
                }
                Err(e) => {
                    pacer.answered(sent, false);
                    Err(e)
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// Sends `n` requests at `t` (all go out: the pacer is open or they are due).
    fn send(c: &mut Control, t: Instant, n: usize) {
        for _ in 0..n {
            assert_eq!(c.poll(t, Duration::ZERO, 0.5), Poll::Go);
        }
    }

    #[test]
    fn open_until_the_first_throttle() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 50);
        for _ in 0..50 {
            c.answered(t0 + ms(20), t0, false);
        }
        assert_eq!(c.rate(t0 + ms(20)), None, "successes alone never pace");
        send(&mut c, t0 + ms(20), 10);
    }

    #[test]
    fn the_first_wave_sets_the_starting_rate_once() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 10);
        // 3 of 10 succeed, 7 are throttled, answers interleaved: one cut for the whole wave.
        let t1 = t0 + ms(20);
        c.answered(t1, t0, true);
        assert!(matches!(c.mode, Mode::Engaging { pending: 9, .. }), "{:?}", c.mode);
        assert!(matches!(c.poll(t1, Duration::ZERO, 0.5), Poll::Wait(_)), "held while the wave is out");
        for i in 0..9 {
            c.answered(t1 + ms(1), t0, i >= 3);
        }
        assert_eq!(c.rate(t1 + ms(1)), Some(3.0), "three successes in the last second");
        // The next request waits about 1/3 s (jitter 0.5 → factor 1.0).
        let t2 = t1 + ms(1);
        assert_eq!(c.poll(t2, Duration::ZERO, 0.5), Poll::Wait(RECHECK));
        assert_eq!(c.poll(t2 + ms(334), Duration::ZERO, 0.5), Poll::Go);
        assert_eq!(c.throttled, 7);
    }

    #[test]
    fn a_throttle_cuts_once_per_wave_and_successes_raise_the_rate() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 1);
        c.answered(t0 + ms(20), t0, true);
        assert_eq!(c.rate(t0 + ms(20)), Some(START_RATE));
        let t1 = t0 + ms(100);
        c.answered(t1, t0 + ms(50), false);
        assert!((c.rate(t1).unwrap() - (START_RATE + STEP)).abs() < 1e-9);
        c.answered(t1, t0 + ms(60), true);
        assert!((c.rate(t1).unwrap() - (START_RATE + STEP) * CUT).abs() < 1e-9);
        // A request sent before that cut: no second cut.
        c.answered(t1 + ms(1), t0 + ms(70), true);
        assert!((c.rate(t1 + ms(1)).unwrap() - (START_RATE + STEP) * CUT).abs() < 1e-9);
        // Each later wave cuts again, never below the floor.
        for i in 1..=20 {
            let at = t1 + ms(10 * i);
            c.answered(at, at - ms(5), true);
        }
        assert!((c.rate(t1 + ms(200)).unwrap() - MIN_RATE).abs() < 1e-9);
    }

    #[test]
    fn sporadic_throttles_keep_the_achieved_rate() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 4);
        // One of four throttled after 20 ms: a mild wave; three successes in 20 ms is 150 a second.
        c.answered(t0 + ms(20), t0, true);
        for _ in 0..3 {
            c.answered(t0 + ms(20), t0, false);
        }
        let r = c.rate(t0 + ms(20)).unwrap();
        assert!((r - 150.0).abs() < 1.0, "{r}");
        // One throttle in four answers afterwards never cuts.
        for i in 0..40u64 {
            let at = t0 + ms(30 + i);
            c.answered(at, at - ms(5), i % 4 == 0);
        }
        assert!(c.rate(t0 + ms(70)).unwrap() > r, "{:?}", c.rate(t0 + ms(70)));
    }

    #[test]
    fn a_quiet_spell_doubles_the_rate_until_the_pacer_opens() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 1);
        c.answered(t0, t0, true);
        let quiet = Duration::from_secs_f64(QUIET);
        assert_eq!(c.rate(t0 + quiet), Some(1.0));
        assert!((c.rate(t0 + quiet * 2).unwrap() - 2.0).abs() < 1e-9);
        assert!((c.rate(t0 + quiet * 4).unwrap() - 8.0).abs() < 1e-9);
        assert_eq!(c.poll(t0 + quiet * 20, Duration::ZERO, 0.5), Poll::Go);
        assert!(matches!(c.mode, Mode::Open));
    }

    #[test]
    fn a_request_is_never_held_past_max_wait() {
        let t0 = Instant::now();
        let mut c = Control::new(t0);
        send(&mut c, t0, 1);
        // Throttles with a success now and then (so pacing stays on) bring the rate down to the floor.
        for i in 0..30 {
            c.answered(t0 + ms(2 * i + 1), t0 + ms(2 * i), i % 4 != 3);
        }
        let t1 = t0 + ms(100);
        let rate = c.rate(t1).unwrap();
        assert!(rate < MIN_RATE + 1.0, "{rate}");
        assert!(matches!(c.poll(t1, Duration::ZERO, 0.5), Poll::Wait(_)));
        assert_eq!(c.poll(t1, MAX_WAIT, 0.5), Poll::Go);
    }

    #[test]
    fn quota_groups_and_throttling_codes() {
        let req = |target: &str| {
            let mut r = HttpRequest::empty();
            r.set_uri("https://ssm.eu-west-1.amazonaws.com/").unwrap();
            r.headers_mut().insert("x-amz-target", target.to_owned());
            r
        };
        assert_eq!(quota_key(&req("AmazonSSM.GetParameters")), "ssm.eu-west-1.amazonaws.com ssm:get");
        assert_eq!(quota_key(&req("AmazonSSM.GetParametersByPath")), "ssm.eu-west-1.amazonaws.com ssm:get");
        assert_eq!(quota_key(&req("AmazonSSM.DescribeParameters")), "ssm.eu-west-1.amazonaws.com DescribeParameters");
        assert!(is_throttling_code("ThrottlingException"));
        assert!(is_throttling_code("com.amazon.coral.availability#ThrottlingException:http://x"));
        assert!(!is_throttling_code("ParameterNotFound"));
        assert!(!is_throttling_code("TooManyUpdates"), "a per-parameter conflict, not the rate quota");
    }
}

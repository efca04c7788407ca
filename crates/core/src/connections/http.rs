//! The one HTTP client both API versions use: blocking (no async runtime for a handful of
//! requests), the operating system's trust store (desks behind an inspecting proxy add
//! their proxy's root there), the proxy from `HTTPS_PROXY`/`NO_PROXY`, a timeout on every
//! call, and Smartcar's 429 answered by waiting as long as `Retry-After` says, a bounded
//! number of times.

use std::time::Duration;

use ureq::Agent;
use ureq::http::Response;
use ureq::tls::{RootCerts, TlsConfig};

use super::error::ApiError;
use super::origin::Origin;
use crate::link::paste::parse_json;

/// How long one call may take before the person is told the API did not answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// How often and how long a rate-limited call is tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_retries: u32,
    /// Waiting stops once the next wait would take the total past this: a command the
    /// desk runs should answer within a minute, limited or not.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_total_wait: Duration::from_secs(60),
        }
    }
}

/// A status and the body's text.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

#[derive(Clone)]
pub struct HttpClient {
    agent: Agent,
    timeout: Duration,
    retry: RetryPolicy,
}

impl HttpClient {
    pub fn new(timeout: Duration, retry: RetryPolicy) -> Self {
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::PlatformVerifier)
            .build();
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(timeout))
            // Smartcar's error bodies are read, not turned into bare status errors.
            .http_status_as_error(false)
            .proxy(ureq::Proxy::try_from_env())
            .tls_config(tls)
            .build()
            .into();
        HttpClient {
            agent,
            timeout,
            retry,
        }
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// Sends what `send` builds, again after a 429 as the retry policy allows; any status
    /// other than 429 comes back as it is.
    pub fn send(
        &self,
        origin: &Origin,
        send: &dyn Fn(&Agent) -> Result<Response<ureq::Body>, ureq::Error>,
    ) -> Result<Answer, ApiError> {
        let mut retries = 0;
        let mut waited = Duration::ZERO;
        loop {
            let mut response = send(&self.agent).map_err(|e| self.transport_error(origin, e))?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .map(retry_after);
            let body = response
                .body_mut()
                .read_to_string()
                .map_err(|e| self.transport_error(origin, e))?;
            if status != 429 {
                return Ok(Answer { status, body });
            }
            let wait = retry_after.unwrap_or(Duration::from_secs(1));
            if retries >= self.retry.max_retries || waited + wait > self.retry.max_total_wait {
                return Err(ApiError::RateLimited { retries });
            }
            std::thread::sleep(wait);
            waited += wait;
            retries += 1;
        }
    }

    fn transport_error(&self, origin: &Origin, error: ureq::Error) -> ApiError {
        match error {
            ureq::Error::Timeout(_) => ApiError::Timeout {
                origin: origin.shown(),
                seconds: self.timeout.as_secs().max(1),
            },
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => ApiError::Timeout {
                origin: origin.shown(),
                seconds: self.timeout.as_secs().max(1),
            },
            other => ApiError::Network {
                origin: origin.shown(),
                reason: other.to_string(),
            },
        }
    }
}

/// `Retry-After` in seconds; the HTTP-date form (rare for APIs) is read as one second.
fn retry_after(value: &str) -> Duration {
    value
        .trim()
        .parse::<u64>()
        .map(Duration::from_secs)
        .unwrap_or(Duration::from_secs(1))
}

/// An answer that is not a success, as an error: 401/403 name the token, 5xx say try
/// later, anything else says what Smartcar answered. The body is read with the paste
/// reader, so a Smartcar error shows as `TYPE:CODE` with its request id.
pub fn status_error(answer: &Answer) -> ApiError {
    let detail = error_detail(&answer.body);
    match answer.status {
        401 | 403 => ApiError::Unauthorized,
        status @ 500.. => ApiError::Server { status, detail },
        status => ApiError::Refused { status, detail },
    }
}

fn error_detail(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        let text = body.trim();
        return match text.lines().next() {
            Some(line) if !line.is_empty() => format!(": {}", shorten(line)),
            _ => String::new(),
        };
    };
    let Ok(pasted) = parse_json(&value) else {
        return String::new();
    };
    let Some(report) = pasted.facts.chosen_error() else {
        return String::new();
    };
    match &report.request_id {
        Some(id) => format!(": {}, request id {id}", report.name()),
        None => format!(": {}", report.name()),
    }
}

/// A non-JSON body (a proxy's HTML page) is shown only in part, on one line.
fn shorten(line: &str) -> String {
    const MAX: usize = 120;
    match line.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.to_owned(),
        }
    }

    #[test]
    fn failed_answers_say_what_to_do() {
        let v2 = r#"{"type":"SERVER","code":"INTERNAL","description":"x","statusCode":500,"requestId":"req-9"}"#;
        for (given, expected) in [
            (answer(401, "{}"), ApiError::Unauthorized),
            (answer(403, ""), ApiError::Unauthorized),
            (
                answer(500, v2),
                ApiError::Server {
                    status: 500,
                    detail: ": SERVER:INTERNAL, request id req-9".into(),
                },
            ),
            (
                answer(502, "<html>Bad gateway</html>\nmore"),
                ApiError::Server {
                    status: 502,
                    detail: ": <html>Bad gateway</html>".into(),
                },
            ),
            (
                answer(
                    400,
                    r#"{"errors":[{"status":"400","type":"VALIDATION","code":"PARAMETER","title":"t","detail":"d"}]}"#,
                ),
                ApiError::Refused {
                    status: 400,
                    detail: ": VALIDATION:PARAMETER".into(),
                },
            ),
        ] {
            assert_eq!(status_error(&given), expected, "{given:?}");
        }
    }

    #[test]
    fn retry_after_is_read_in_seconds() {
        assert_eq!(retry_after(" 3 "), Duration::from_secs(3));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Duration::from_secs(1)
        );
    }
}

//! HTTP for DICOMweb: one `ureq` agent with timeouts, basic authentication, and the mapping
//! of every way a request fails to a [`PacsError`] that says what to do.

use std::io::Read;
use std::time::Duration;

use base64::Engine;

use super::{PacsError, PacsServer};

/// QIDO-RS answers are JSON lists of studies or series; anything larger is not a search
/// result a person can use, and would only fill memory.
const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

pub(super) struct Http {
    agent: ureq::Agent,
    server: PacsServer,
    base: String,
}

pub(super) type Body = ureq::Body;

impl Http {
    pub(super) fn new(server: &PacsServer) -> Result<Self, PacsError> {
        let base = server.base_url.trim().trim_end_matches('/').to_owned();
        let bad = |reason: &str| PacsError::BadAddress {
            url: server.base_url.clone(),
            reason: reason.to_owned(),
        };
        let rest = base
            .strip_prefix("http://")
            .or_else(|| base.strip_prefix("https://"))
            .ok_or_else(|| bad("it must start with http:// or https://"))?;
        if rest.is_empty() || rest.starts_with('/') {
            return Err(bad("it names no host"));
        }
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_recv_response(Some(Duration::from_secs(120)))
            .build();
        Ok(Self {
            agent: config.into(),
            server: server.clone(),
            base,
        })
    }

    /// `path` (starting with `/`) under the service's base URL.
    pub(super) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A GET that succeeded (2xx); every other outcome is an error.
    pub(super) fn get(
        &self,
        url: &str,
        query: &[(&str, String)],
        accept: &str,
    ) -> Result<(Option<String>, u16, Body), PacsError> {
        let mut request = self.agent.get(url).header("Accept", accept);
        for (name, value) in query {
            request = request.query(*name, value);
        }
        if let Some(user) = &self.server.user {
            let password = self.server.password.as_ref().map(|secret| secret.expose());
            let token = base64::engine::general_purpose::STANDARD
                .encode(format!("{user}:{}", password.unwrap_or_default()));
            request = request.header("Authorization", format!("Basic {token}"));
        }
        let response = request
            .call()
            .map_err(|error| transport_error(url, error))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response.into_body();
        match status {
            200..=299 => Ok((content_type, status, body)),
            401 | 403 => Err(match &self.server.user {
                Some(user) => PacsError::LoginRefused {
                    url: url.to_owned(),
                    user: user.clone(),
                    status,
                },
                None => PacsError::LoginRequired {
                    url: url.to_owned(),
                },
            }),
            404 => Err(PacsError::NotFound {
                url: url.to_owned(),
            }),
            _ => Err(PacsError::Status {
                url: url.to_owned(),
                status,
                body: first_words(body),
            }),
        }
    }

    /// A QIDO-RS search: a JSON list (an empty answer, HTTP 204, is an empty list).
    pub(super) fn get_json_list(
        &self,
        url: &str,
        query: &[(&str, String)],
    ) -> Result<Vec<serde_json::Value>, PacsError> {
        let (_, status, mut body) = self.get(url, query, "application/dicom+json")?;
        if status == 204 {
            return Ok(Vec::new());
        }
        let bytes = body
            .with_config()
            .limit(MAX_JSON_BYTES)
            .read_to_vec()
            .map_err(|error| match error {
                ureq::Error::BodyExceedsLimit(_) => PacsError::BadResponse {
                    url: url.to_owned(),
                    reason: format!(
                        "the search result is larger than {} MB; narrow the search",
                        MAX_JSON_BYTES >> 20
                    ),
                },
                other => transport_error(url, other),
            })?;
        super::answer::read_search_result(&bytes).map_err(|problem| PacsError::BadResponse {
            url: url.to_owned(),
            reason: problem.to_string(),
        })
    }
}

/// The start of an error page, for a message; never the whole of it.
fn first_words(body: Body) -> String {
    let mut text = String::new();
    let _ = body.into_reader().take(300).read_to_string(&mut text);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        "no explanation given".to_owned()
    } else {
        text
    }
}

pub(super) fn transport_error(url: &str, error: ureq::Error) -> PacsError {
    let url = url.to_owned();
    match error {
        ureq::Error::HostNotFound => PacsError::HostNotFound { url },
        ureq::Error::BadUri(reason) => PacsError::BadAddress { url, reason },
        ureq::Error::ConnectionFailed => PacsError::Unreachable {
            url,
            detail: "the connection failed".to_owned(),
        },
        ureq::Error::Io(error) => PacsError::Unreachable {
            url,
            detail: error.to_string(),
        },
        ureq::Error::Timeout(which) => PacsError::Unreachable {
            url,
            detail: format!("no answer in time: {which}"),
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) => PacsError::Unreachable {
            url,
            detail: format!("the secure connection failed: {error}"),
        },
        other => PacsError::BadResponse {
            url,
            reason: other.to_string(),
        },
    }
}

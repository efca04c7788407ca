//! Smartcar's v3 connections endpoint, for apps with API credentials: a bearer token from
//! the client-credentials grant (it lasts an hour and cannot be refreshed, so it is asked
//! for again when it runs out), `GET /v3/connections` in JSON:API, and removal one
//! connection at a time. The filter and page names come from readings of the OpenAPI
//! spec; where readings differ (the user id's place) both are read.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::api::{Connection, Filter, Listing, ManagementApi, Page, PageToken, page_size};
use super::error::ApiError;
use super::http::{Answer, HttpClient, status_error};
use super::origin::Origin;

pub const DEFAULT_IAM_ORIGIN: &str = "https://iam.smartcar.com";
pub const DEFAULT_API_ORIGIN: &str = "https://vehicle.api.smartcar.com";

/// Tests point the token request elsewhere with this variable (loopback `http` only).
pub const IAM_ORIGIN_ENV: &str = "SMARTCAR_IAM_ORIGIN";

/// Tests point the connections endpoint elsewhere with this variable (loopback `http` only).
pub const API_ORIGIN_ENV: &str = "SMARTCAR_API_ORIGIN";

/// A token is asked for again this long before Smartcar says it expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// The app's API credentials; the secret is never shown.
#[derive(Clone)]
pub struct V3Credentials {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for V3Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("V3Credentials")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

struct Bearer {
    header: String,
    good_until: Instant,
}

pub struct ConnectionsV3 {
    client: HttpClient,
    iam: Origin,
    api: Origin,
    credentials: V3Credentials,
    bearer: Mutex<Option<Bearer>>,
}

impl ConnectionsV3 {
    pub fn new(client: HttpClient, iam: Origin, api: Origin, credentials: V3Credentials) -> Self {
        ConnectionsV3 {
            client,
            iam,
            api,
            credentials,
            bearer: Mutex::new(None),
        }
    }

    fn bearer(&self) -> Result<String, ApiError> {
        let mut cached = self
            .bearer
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(bearer) = cached.as_ref().filter(|b| b.good_until > Instant::now()) {
            return Ok(bearer.header.clone());
        }
        let url = self.iam.join("/oauth2/token");
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.credentials.client_id.as_str()),
            ("client_secret", self.credentials.client_secret.as_str()),
        ];
        let answer = self.client.send(&self.iam, &|agent| {
            agent
                .post(url.as_str())
                .header("Accept", "application/json")
                .send_form(form)
        })?;
        match answer.status {
            200..=299 => {}
            400 | 401 | 403 => return Err(ApiError::V3CredentialsRejected),
            _ => return Err(status_error(&answer)),
        }
        let value: Value = serde_json::from_str(&answer.body)
            .map_err(|_| unreadable(&self.iam, "the token answer is not JSON"))?;
        let token = value
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| unreadable(&self.iam, "no `access_token`"))?;
        let lifetime = Duration::from_secs(
            value
                .get("expires_in")
                .and_then(Value::as_u64)
                .unwrap_or(3600),
        );
        let header = format!("Bearer {token}");
        *cached = Some(Bearer {
            header: header.clone(),
            good_until: Instant::now() + lifetime.saturating_sub(EXPIRY_MARGIN),
        });
        Ok(header)
    }

    /// A refusal of the bearer the credentials bought is a refusal of the credentials:
    /// the person fixes the client id or secret, not a management token v3 never uses.
    fn call(&self, delete: bool, url: &url::Url) -> Result<Answer, ApiError> {
        let bearer = self.bearer()?;
        let answer = self.client.send(&self.api, &|agent| {
            if delete {
                agent
                    .delete(url.as_str())
                    .header("Authorization", bearer.as_str())
                    .header("Accept", "application/vnd.api+json")
                    .call()
            } else {
                agent
                    .get(url.as_str())
                    .header("Authorization", bearer.as_str())
                    .header("Accept", "application/vnd.api+json")
                    .call()
            }
        })?;
        if (200..300).contains(&answer.status) {
            Ok(answer)
        } else {
            Err(match status_error(&answer) {
                ApiError::Unauthorized => ApiError::V3CredentialsRejected,
                other => other,
            })
        }
    }
}

impl ManagementApi for ConnectionsV3 {
    fn list_page(
        &self,
        listing: &Listing,
        page_size_wanted: u32,
        after: Option<&PageToken>,
    ) -> Result<Page, ApiError> {
        let number = match after {
            Some(PageToken::Number(number)) => *number,
            _ => 1,
        };
        let size = page_size(page_size_wanted);
        let mut url = self.api.join("/v3/connections");
        {
            let mut query = url.query_pairs_mut();
            match listing {
                Listing::Only(Filter::Vehicle(id)) => {
                    query.append_pair("filter[vehicleId]", id);
                }
                Listing::Only(Filter::User(id)) => {
                    query.append_pair("filter[userId]", id);
                }
                Listing::All => {}
            }
            query.append_pair("page[number]", &number.to_string());
            query.append_pair("page[size]", &size.to_string());
        }
        let answer = self.call(false, &url)?;
        read_page(&answer.body, number, size).map_err(|what| unreadable(&self.api, what))
    }

    /// v3 removes one connection at a time: the filter's connections are listed first,
    /// then each is removed by its id.
    fn disconnect(&self, filter: &Filter) -> Result<Vec<Connection>, ApiError> {
        let mut found = Vec::new();
        self.list_every(
            &Listing::Only(filter.clone()),
            super::api::MAX_PAGE_SIZE,
            &mut |page| found.extend_from_slice(page),
        )?;
        for connection in &found {
            let Some(id) = connection.id.as_deref() else {
                return Err(unreadable(&self.api, "a connection without `id`"));
            };
            let mut url = self.api.join("/v3/connections/");
            url.path_segments_mut()
                .map_err(|()| unreadable(&self.api, "the origin cannot take a path"))?
                .pop_if_empty()
                .push(id);
            self.call(true, &url)?;
        }
        Ok(found)
    }
}

fn unreadable(origin: &Origin, what: &str) -> ApiError {
    ApiError::Unreadable {
        origin: origin.shown(),
        what: what.to_owned(),
    }
}

/// `{"data":[…],"meta":{"pageNumber","pageSize","totalCount"},"links":{"next"}}`. There is
/// a next page when `links.next` names one, or when the total says more are left.
pub fn read_page(body: &str, number: u32, size: u32) -> Result<Page, &'static str> {
    let value: Value = serde_json::from_str(body).map_err(|_| "not JSON")?;
    let data = value
        .get("data")
        .and_then(Value::as_array)
        .ok_or("no `data` list")?;
    let connections = data.iter().map(read_connection).collect::<Result<_, _>>()?;
    let named_next = value
        .pointer("/links/next")
        .is_some_and(|next| next.as_str().is_some_and(|text| !text.is_empty()));
    let total_left = value
        .pointer("/meta/totalCount")
        .and_then(Value::as_u64)
        .is_some_and(|total| total > u64::from(number) * u64::from(size));
    let next = (named_next || total_left).then_some(PageToken::Number(number.saturating_add(1)));
    Ok(Page { connections, next })
}

fn read_connection(item: &Value) -> Result<Connection, &'static str> {
    let text = |pointer: &str| {
        item.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let vehicle_id = text("/relationships/vehicle/data/id")
        .or_else(|| text("/attributes/vehicle/id"))
        .or_else(|| text("/attributes/vehicleId"))
        .ok_or("a connection without a vehicle id")?;
    Ok(Connection {
        vehicle_id,
        user_id: text("/relationships/user/data/id")
            .or_else(|| text("/attributes/user/id"))
            .or_else(|| text("/attributes/userId"))
            .unwrap_or_default(),
        connected_at: text("/meta/createdAt")
            .or_else(|| text("/attributes/createdAt"))
            .or_else(|| text("/attributes/connectedAt")),
        mode: text("/attributes/vehicle/mode").or_else(|| text("/attributes/mode")),
        id: text("/id"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTED: &str = r#"{"id":"32c4139a-e4aa-4c6c-b357-3ae9022dbf1b","type":"connection",
        "attributes":{"permissions":["read_vehicle_info"],"vehicle":{"make":"Tesla","model":"Model S","year":2020,"mode":"live"}},
        "relationships":{"vehicle":{"data":{"id":"a6a425d6-c661-4b21-af7a-d6b75f80f3b0","type":"vehicle"}},
                         "user":{"data":{"id":"1e258add-fb21-4293-b9ab-cf8a61f7a880","type":"user"}}},
        "meta":{"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-02T00:00:00Z"}}"#;

    #[test]
    fn the_documented_connection_reads_whole() {
        let item: Value = serde_json::from_str(DOCUMENTED).expect("json");
        assert_eq!(
            read_connection(&item),
            Ok(Connection {
                vehicle_id: "a6a425d6-c661-4b21-af7a-d6b75f80f3b0".into(),
                user_id: "1e258add-fb21-4293-b9ab-cf8a61f7a880".into(),
                connected_at: Some("2024-01-01T00:00:00Z".into()),
                mode: Some("live".into()),
                id: Some("32c4139a-e4aa-4c6c-b357-3ae9022dbf1b".into()),
            })
        );
    }

    #[test]
    fn the_user_id_is_read_from_attributes_too() {
        let item: Value = serde_json::from_str(
            r#"{"id":"c","attributes":{"user":{"id":"u-attr"}},
                "relationships":{"vehicle":{"data":{"id":"v"}}}}"#,
        )
        .expect("json");
        assert_eq!(
            read_connection(&item).map(|c| c.user_id),
            Ok("u-attr".into())
        );
    }

    #[test]
    fn a_next_page_is_named_by_links_or_by_the_total() {
        for (body, next) in [
            (
                r#"{"data":[],"links":{"next":"/v3/connections?page[number]=3"}}"#,
                true,
            ),
            (
                r#"{"data":[],"links":{"next":null},"meta":{"totalCount":40}}"#,
                false,
            ),
            (r#"{"data":[],"meta":{"totalCount":41}}"#, true),
        ] {
            let page = read_page(body, 2, 20).expect(body);
            assert_eq!(page.next.is_some(), next, "{body}");
            if next {
                assert_eq!(page.next, Some(PageToken::Number(3)));
            }
        }
    }
}

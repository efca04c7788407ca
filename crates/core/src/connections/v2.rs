//! Smartcar's v2 management API: `/v2.0/management/connections` with the Application
//! Management Token as Basic auth (`default:<token>`). Read from Smartcar's SDKs and their
//! fixtures, with the spellings the docs drift between: `connectedAt` or `createdAt`, and
//! a DELETE answer as an object or a bare array.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use url::Url;

use super::api::{Connection, Filter, Listing, ManagementApi, Page, PageToken, page_size};
use super::error::ApiError;
use super::http::{Answer, HttpClient, status_error};
use super::origin::Origin;

const PATH: &str = "/v2.0/management/connections";

pub struct ManagementV2 {
    client: HttpClient,
    origin: Origin,
    /// `Basic base64(default:<token>)`, built once; never shown.
    authorization: String,
}

impl ManagementV2 {
    pub fn new(client: HttpClient, origin: Origin, token: &str) -> Self {
        let authorization = format!("Basic {}", STANDARD.encode(format!("default:{token}")));
        ManagementV2 {
            client,
            origin,
            authorization,
        }
    }

    fn url(&self, filter: Option<&Filter>, extra: &[(&str, &str)]) -> Url {
        let mut url = self.origin.join(PATH);
        {
            // Form encoding escapes the cursor's `:`, `=`, `+` and `/`.
            let mut query = url.query_pairs_mut();
            if let Some(Filter::Vehicle(id)) = filter {
                query.append_pair("vehicle_id", id);
            }
            if let Some(Filter::User(id)) = filter {
                query.append_pair("user_id", id);
            }
            for (name, value) in extra {
                query.append_pair(name, value);
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        url
    }

    fn call(&self, method: &'static str, url: &Url) -> Result<Answer, ApiError> {
        let authorization = self.authorization.as_str();
        let answer = self.client.send(&self.origin, &|agent| match method {
            "DELETE" => agent
                .delete(url.as_str())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .call(),
            _ => agent
                .get(url.as_str())
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .call(),
        })?;
        if (200..300).contains(&answer.status) {
            Ok(answer)
        } else {
            Err(status_error(&answer))
        }
    }

    fn unreadable(&self, what: &str) -> ApiError {
        ApiError::Unreadable {
            origin: self.origin.shown(),
            what: what.to_owned(),
        }
    }
}

impl ManagementApi for ManagementV2 {
    fn list_page(
        &self,
        listing: &Listing,
        page_size_wanted: u32,
        after: Option<&PageToken>,
    ) -> Result<Page, ApiError> {
        let limit = page_size(page_size_wanted).to_string();
        let mut extra = vec![("limit", limit.as_str())];
        if let Some(PageToken::Cursor(cursor)) = after {
            extra.push(("cursor", cursor.as_str()));
        }
        let filter = match listing {
            Listing::Only(filter) => Some(filter),
            Listing::All => None,
        };
        let answer = self.call("GET", &self.url(filter, &extra))?;
        read_page(&answer.body).map_err(|what| self.unreadable(what))
    }

    fn disconnect(&self, filter: &Filter) -> Result<Vec<Connection>, ApiError> {
        let answer = self.call("DELETE", &self.url(Some(filter), &[]))?;
        read_removed(&answer.body).map_err(|what| self.unreadable(what))
    }
}

/// `{"connections":[…],"paging":{"cursor":…|null}}`.
pub fn read_page(body: &str) -> Result<Page, &'static str> {
    let value: Value = serde_json::from_str(body).map_err(|_| "not JSON")?;
    let list = value
        .get("connections")
        .and_then(Value::as_array)
        .ok_or("no `connections` list")?;
    let connections = list.iter().map(read_connection).collect::<Result<_, _>>()?;
    let next = value
        .get("paging")
        .and_then(|paging| paging.get("cursor"))
        .and_then(Value::as_str)
        .filter(|cursor| !cursor.is_empty())
        .map(|cursor| PageToken::Cursor(cursor.to_owned()));
    Ok(Page { connections, next })
}

/// `{"connections":[…]}`, or the bare array one generated client expects; an empty
/// list (or an empty body) means nothing was connected.
pub fn read_removed(body: &str) -> Result<Vec<Connection>, &'static str> {
    if body.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: Value = serde_json::from_str(body).map_err(|_| "not JSON")?;
    let list = match &value {
        Value::Array(list) => list,
        Value::Object(_) => value
            .get("connections")
            .and_then(Value::as_array)
            .ok_or("no `connections` list")?,
        _ => return Err("neither a list nor an object"),
    };
    list.iter().map(read_connection).collect()
}

fn read_connection(item: &Value) -> Result<Connection, &'static str> {
    let text = |name: &str| item.get(name).and_then(Value::as_str).map(str::to_owned);
    Ok(Connection {
        vehicle_id: text("vehicleId").ok_or("a connection without `vehicleId`")?,
        user_id: text("userId").unwrap_or_default(),
        connected_at: text("connectedAt").or_else(|| text("createdAt")),
        mode: text("mode"),
        id: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_read_both_date_spellings_and_the_last_cursor() {
        let body = r#"{"connections":[
            {"vehicleId":"v1","userId":"u1","connectedAt":"2023-08-10T15:00:00.000Z","mode":"live"},
            {"vehicleId":"v2","userId":"u2","createdAt":"2022-01-01T00:00:00.000Z"}],
            "paging":{"cursor":null,"count":2}}"#;
        let page = read_page(body).expect("page");
        assert_eq!(page.next, None);
        let dates: Vec<_> = page
            .connections
            .iter()
            .map(|c| c.connected_at.as_deref())
            .collect();
        assert_eq!(
            dates,
            [
                Some("2023-08-10T15:00:00.000Z"),
                Some("2022-01-01T00:00:00.000Z")
            ]
        );
    }

    #[test]
    fn removed_lists_come_as_object_array_or_nothing() {
        for (body, count) in [
            (r#"{"connections":[{"vehicleId":"v","userId":"u"}]}"#, 1),
            (r#"[{"vehicleId":"v","userId":"u"}]"#, 1),
            (r#"{"connections":[]}"#, 0),
            ("", 0),
        ] {
            assert_eq!(
                read_removed(body).map(|list| list.len()),
                Ok(count),
                "{body}"
            );
        }
        assert_eq!(
            read_removed("\"done\""),
            Err("neither a list nor an object")
        );
    }
}

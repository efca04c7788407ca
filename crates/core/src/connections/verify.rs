//! Did the owner come back? A waiting link is verified when its vehicle shows a
//! connection made after the link left. A few vehicles are looked up one by one; more
//! than that, and the app's connections are listed page by page instead (10,000 waiting
//! links against 10,000 connections: 100 requests, not 10,000).

use std::collections::HashMap;

use super::api::{Filter, Listing, MAX_PAGE_SIZE, ManagementApi};
use super::error::ApiError;
use super::instant::parse_rfc3339_ms;

/// Up to this many distinct vehicles are looked up one by one; a page of the whole list
/// holds 100, so beyond a few dozen listing everything costs fewer requests for a
/// typical app.
pub const ONE_BY_ONE_UP_TO: usize = 36;

/// A link waiting for its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaitingLink {
    /// The history entry's id.
    pub id: i64,
    pub vehicle_id: String,
    /// When the link left (ms since 1970).
    pub sent_ms: i64,
}

impl From<&crate::history::Entry> for WaitingLink {
    fn from(entry: &crate::history::Entry) -> Self {
        WaitingLink {
            id: entry.id,
            vehicle_id: entry.vehicle_id.clone(),
            sent_ms: entry.time_ms,
        }
    }
}

/// What became of each waiting link.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Entry ids whose vehicle connected after the link left.
    pub verified: Vec<i64>,
    /// Connected, but not since the link left (or with no date to tell).
    pub still_waiting: Vec<i64>,
    /// The vehicle has no connection to the app.
    pub not_connected: Vec<i64>,
    /// Requests the lookup took.
    pub requests: usize,
}

/// What the API says of one vehicle: connected or not, and its newest connection date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Seen {
    newest_ms: Option<i64>,
}

pub fn verify(api: &dyn ManagementApi, links: &[WaitingLink]) -> Result<Verification, ApiError> {
    verify_with_progress(api, links, &mut |_, _| {})
}

/// As `verify`, telling `progress` how many of the distinct vehicles are looked up so far
/// and how many there are (one by one: after each; listing the app: as pages name them).
pub fn verify_with_progress(
    api: &dyn ManagementApi,
    links: &[WaitingLink],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Verification, ApiError> {
    let mut vehicles: Vec<&str> = links.iter().map(|l| l.vehicle_id.as_str()).collect();
    vehicles.sort_unstable();
    vehicles.dedup();
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut note = |connection: &super::Connection| {
        let at = connection
            .connected_at
            .as_deref()
            .and_then(parse_rfc3339_ms);
        let entry = seen
            .entry(connection.vehicle_id.clone())
            .or_insert(Seen { newest_ms: None });
        entry.newest_ms = entry.newest_ms.max(at);
    };
    let mut requests = 0;
    let total = vehicles.len();
    progress(0, total);
    if total <= ONE_BY_ONE_UP_TO {
        for (done, vehicle) in vehicles.iter().enumerate() {
            let listing = Listing::Only(Filter::Vehicle((*vehicle).to_owned()));
            // Newest first: the first page holds the connection that matters.
            let page = api.list_page(&listing, MAX_PAGE_SIZE, None)?;
            requests += 1;
            page.connections.iter().for_each(&mut note);
            progress(done + 1, total);
        }
    } else {
        let mut named = std::collections::HashSet::new();
        requests += api.list_every(&Listing::All, MAX_PAGE_SIZE, &mut |page| {
            page.iter().for_each(&mut note);
            named.extend(
                page.iter()
                    .filter(|c| vehicles.binary_search(&c.vehicle_id.as_str()).is_ok())
                    .map(|c| c.vehicle_id.clone()),
            );
            progress(named.len(), total);
        })?;
        progress(total, total);
    }
    let mut verification = Verification {
        requests,
        ..Verification::default()
    };
    for link in links {
        match seen.get(&link.vehicle_id) {
            None => verification.not_connected.push(link.id),
            Some(Seen {
                newest_ms: Some(at),
            }) if *at > link.sent_ms => verification.verified.push(link.id),
            Some(_) => verification.still_waiting.push(link.id),
        }
    }
    Ok(verification)
}

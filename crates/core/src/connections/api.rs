//! What the desk asks of the management API, whichever version answers.

use super::error::ApiError;

/// Exactly one of the two filters a DELETE takes. A DELETE with no filter would remove
/// every connection of the app, so no value of this type stands for "no filter".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Filter {
    Vehicle(String),
    User(String),
}

/// What a listing covers: one vehicle's or user's connections, or all of the app's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    Only(Filter),
    All,
}

/// One connection of a vehicle to the app, as either version reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connection {
    pub vehicle_id: String,
    pub user_id: String,
    /// As Smartcar wrote it (RFC 3339); a DELETE answer carries none.
    pub connected_at: Option<String>,
    /// `live` or `simulated`, where the answer says.
    pub mode: Option<String>,
    /// The v3 connection's own id: what a v3 DELETE names.
    pub id: Option<String>,
}

/// Where the next page starts: v2 hands out an opaque cursor, v3 numbers its pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PageToken {
    Cursor(String),
    Number(u32),
}

/// One page of a listing, newest connection first, and where the next one starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    pub connections: Vec<Connection>,
    pub next: Option<PageToken>,
}

/// The largest page both versions serve.
pub const MAX_PAGE_SIZE: u32 = 100;

pub trait ManagementApi {
    /// One page of `listing`, at most `page_size` connections (capped at 100), starting
    /// where `after` says (the first page without it).
    fn list_page(
        &self,
        listing: &Listing,
        page_size: u32,
        after: Option<&PageToken>,
    ) -> Result<Page, ApiError>;

    /// Removes the connections `filter` names and returns them; an empty list means there
    /// was nothing to remove, which is not an error.
    fn disconnect(&self, filter: &Filter) -> Result<Vec<Connection>, ApiError>;

    /// Every page of `listing`, handed to `each_page` as it arrives, following every
    /// cursor to the end: a fleet seeing only its first page was a known SDK mistake.
    /// Returns how many requests it took.
    fn list_every(
        &self,
        listing: &Listing,
        page_size: u32,
        each_page: &mut dyn FnMut(&[Connection]),
    ) -> Result<usize, ApiError> {
        let mut after = None;
        let mut requests = 0;
        loop {
            let page = self.list_page(listing, page_size, after.as_ref())?;
            requests += 1;
            each_page(&page.connections);
            match page.next {
                // A server that hands back the same cursor would loop for ever.
                Some(next) if page.connections.is_empty() || Some(&next) == after.as_ref() => {
                    return Ok(requests);
                }
                Some(next) => after = Some(next),
                None => return Ok(requests),
            }
        }
    }
}

pub(crate) fn page_size(requested: u32) -> u32 {
    requested.clamp(1, MAX_PAGE_SIZE)
}

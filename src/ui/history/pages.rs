//! The History tab's list without loading it: how many entries match, and the pages of
//! them that were in view, fetched by offset through the worker. Answers to an older
//! search are told apart by their request number and dropped. When the history changes
//! (a link recorded, an outcome set) the list is asked again, and the old pages stay on
//! screen until the new ones arrive, so the table does not flicker.

use std::collections::{BTreeMap, HashMap};

use crate::history::Entry;

/// Entries fetched per request: a few screens of rows.
pub const PAGE_SIZE: usize = 100;
/// Pages kept in memory; the ones farthest from the latest answer go first.
const KEPT_PAGES: usize = 24;

#[derive(Default)]
pub struct HistoryPages {
    /// The search the list answers.
    listed: Option<String>,
    /// False once the history changed since it was listed.
    fresh: bool,
    total: Option<u64>,
    count_request: u64,
    pages: BTreeMap<usize, Vec<Entry>>,
    /// Pages of the list before it was asked again: shown until replaced.
    stale: BTreeMap<usize, Vec<Entry>>,
    /// Requests on their way, by number, and the page each will fill.
    asked: HashMap<u64, usize>,
}

impl HistoryPages {
    /// True when `query` is not what the list shows (a new search, or a changed history).
    pub fn needs_listing(&self, query: &str) -> bool {
        !self.fresh || self.listed.as_deref() != Some(query)
    }

    /// A new listing of `query` was asked, its count numbered `count_request`.
    pub fn listing(&mut self, query: &str, count_request: u64) {
        let same_search = self.listed.as_deref() == Some(query);
        self.stale = if same_search {
            let mut stale = std::mem::take(&mut self.pages);
            if stale.is_empty() {
                stale = std::mem::take(&mut self.stale);
            }
            stale
        } else {
            self.total = None;
            BTreeMap::new()
        };
        self.pages.clear();
        self.asked.clear();
        self.listed = Some(query.to_owned());
        self.fresh = true;
        self.count_request = count_request;
    }

    /// The history changed: list the same search again.
    pub fn invalidate(&mut self) {
        self.fresh = false;
    }

    pub fn total(&self) -> Option<u64> {
        self.total
    }

    pub fn row(&self, index: usize) -> Option<&Entry> {
        let page = index / PAGE_SIZE;
        let in_page = index % PAGE_SIZE;
        self.pages
            .get(&page)
            .or_else(|| self.stale.get(&page))
            .and_then(|entries| entries.get(in_page))
    }

    /// The page holding `index` when it is neither here nor asked for.
    pub fn missing_page(&self, index: usize) -> Option<usize> {
        let page = index / PAGE_SIZE;
        let asked = self.asked.values().any(|&p| p == page);
        (!asked && !self.pages.contains_key(&page)).then_some(page)
    }

    pub fn asked(&mut self, page: usize, request: u64) {
        self.asked.insert(request, page);
    }

    /// Takes a page that arrived; false when it answers an older search.
    pub fn found(&mut self, request: u64, entries: Vec<Entry>) -> bool {
        let Some(page) = self.asked.remove(&request) else {
            return false;
        };
        self.stale.remove(&page);
        self.pages.insert(page, entries);
        while self.pages.len() > KEPT_PAGES {
            let farthest = self.pages.keys().copied().max_by_key(|p| p.abs_diff(page));
            if let Some(farthest) = farthest {
                self.pages.remove(&farthest);
            }
        }
        true
    }

    /// Takes a count that arrived; false when it answers an older search.
    pub fn counted(&mut self, request: u64, total: u64) -> bool {
        if request != self.count_request {
            return false;
        }
        self.total = Some(total);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64) -> Entry {
        Entry {
            id,
            time_ms: 0,
            kind: crate::history::EntryKind::REAUTHENTICATE,
            profile: String::new(),
            vehicle_id: format!("v{id}"),
            state: String::new(),
            owner_id: String::new(),
            ticket: String::new(),
            via: crate::history::Via::Copied,
            link: String::new(),
            outcome: None,
            agent: String::new(),
        }
    }

    fn page(first: i64) -> Vec<Entry> {
        (first..first + PAGE_SIZE as i64).map(entry).collect()
    }

    #[test]
    fn rows_come_from_the_page_holding_them_and_old_answers_are_dropped() {
        let mut pages = HistoryPages::default();
        assert!(pages.needs_listing(""));
        pages.listing("", 1);
        assert!(!pages.needs_listing(""));
        assert!(pages.counted(1, 1_000_000));
        assert_eq!(pages.missing_page(250), Some(2));
        pages.asked(2, 2);
        assert_eq!(pages.missing_page(250), None, "asked once only");
        assert!(pages.found(2, page(200)));
        assert_eq!(pages.row(250).map(|e| e.id), Some(250));
        assert_eq!(pages.row(350), None);

        pages.listing("T-1", 3);
        assert!(!pages.counted(1, 5), "a count for the old search");
        assert!(!pages.found(2, page(0)), "a page for the old search");
        assert_eq!(pages.total(), None);
        assert_eq!(pages.row(250), None);
    }

    #[test]
    fn a_changed_history_keeps_showing_the_old_rows_until_new_ones_come() {
        let mut pages = HistoryPages::default();
        pages.listing("", 1);
        pages.counted(1, 300);
        pages.asked(0, 2);
        pages.found(2, page(0));
        pages.invalidate();
        assert!(pages.needs_listing(""));
        pages.listing("", 3);
        assert_eq!(pages.total(), Some(300), "the old count until the new one");
        assert_eq!(pages.row(5).map(|e| e.id), Some(5), "the old row meanwhile");
        assert_eq!(pages.missing_page(5), Some(0), "but it is asked again");
        pages.asked(0, 4);
        pages.found(4, page(1000));
        assert_eq!(pages.row(5).map(|e| e.id), Some(1005));
    }

    #[test]
    fn only_a_bounded_number_of_pages_is_kept() {
        let mut pages = HistoryPages::default();
        pages.listing("", 1);
        for number in 0..(KEPT_PAGES as u64 * 3) {
            let index = number as usize;
            pages.asked(index, 10 + number);
            pages.found(10 + number, page(0));
        }
        assert_eq!(pages.pages.len(), KEPT_PAGES);
        let newest = KEPT_PAGES * 3 - 1;
        assert!(
            pages.row(newest * PAGE_SIZE).is_some(),
            "the latest page stays"
        );
        assert!(pages.row(0).is_none(), "the farthest page went");
    }
}

//! One set of history tests run against both stores behind `History`: the SQLite file
//! and the shared PostgreSQL database. Each test function takes a `TestHistory` (an
//! empty history of its own and a way to open it again, as a second process would);
//! `on_both_stores!` runs it once in `sqlite::` and once in `postgres::`. Then what only
//! the shared store does: migrating once when workstations start together, refusing a
//! newer layout, and never showing its password.

use std::path::PathBuf;

use reauth_link_core::history::{
    Entry, History, HistoryError, HistoryEvent, HistoryLocation, HistoryWorker, NewEntry, Outcome,
    ReturnMatch, ServerUrl, Via, Waiting, export_csv,
};

use crate::postgres_support::TestDatabase;

/// An empty history of the test's own.
enum TestHistory {
    File(tempfile::TempDir),
    Server(TestDatabase),
}

impl TestHistory {
    fn sqlite() -> Self {
        Self::File(tempfile::tempdir().expect("temp dir"))
    }

    fn postgres() -> Self {
        Self::Server(TestDatabase::create())
    }

    fn location(&self) -> HistoryLocation {
        match self {
            Self::File(folder) => HistoryLocation::File(folder.path().join("history.sqlite3")),
            Self::Server(database) => {
                HistoryLocation::Server(ServerUrl::parse(&database.url).expect("a server URL"))
            }
        }
    }

    /// Opens it, as each process or window does.
    fn open(&self) -> Box<dyn History> {
        self.location().open().expect("the history opens")
    }

    /// Writes an outcome's text straight into the entries with `state`, as an earlier
    /// version of the tool did, past the store's own types.
    fn write_outcome_text(&self, state: &str, text: &str) {
        let sql = "UPDATE entries SET outcome = $2 WHERE state = $1";
        match self {
            Self::File(folder) => {
                let file = rusqlite::Connection::open(folder.path().join("history.sqlite3"))
                    .expect("opens the file");
                file.busy_timeout(std::time::Duration::from_secs(10))
                    .expect("waits its turn");
                file.execute(&sql.replace('$', "?"), [state, text])
                    .expect("writes");
            }
            Self::Server(database) => {
                database
                    .connect()
                    .execute(sql, &[&state, &text])
                    .expect("writes");
            }
        }
    }

    /// The outcome's text as the store holds it, read past the store's own types.
    fn outcome_text(&self, state: &str) -> Option<String> {
        let sql = "SELECT outcome FROM entries WHERE state = $1";
        match self {
            Self::File(folder) => rusqlite::Connection::open(folder.path().join("history.sqlite3"))
                .expect("opens the file")
                .query_row(&sql.replace('$', "?"), [state], |row| row.get(0))
                .expect("reads"),
            Self::Server(database) => database
                .connect()
                .query_one(sql, &[&state])
                .expect("reads")
                .get(0),
        }
    }

    fn scratch_file(&self, name: &str) -> (tempfile::TempDir, PathBuf) {
        let folder = tempfile::tempdir().expect("temp dir");
        let path = folder.path().join(name);
        (folder, path)
    }
}

macro_rules! on_both_stores {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $test() {
                super::$test(super::TestHistory::sqlite());
            })*
        }
        mod postgres {
            $(#[test]
            fn $test() {
                super::$test(super::TestHistory::postgres());
            })*
        }
    };
}

on_both_stores!(
    search_matches_a_ticket_in_part_and_other_fields_whole_newest_first,
    a_ticket_part_matches_literally_in_any_case,
    the_number_of_matches_counts_what_the_search_pages_through,
    an_outcome_is_set_on_every_entry_with_the_state_and_only_those,
    a_return_is_tied_to_its_own_vehicle_s_links_only,
    forgetting_removes_entries_before_the_date,
    a_batch_reaches_the_history_only_on_commit_in_its_order,
    waiting_links_are_found_and_marked_verified,
    outcomes_earlier_versions_stored_read_back_as_theirs_byte_for_byte,
    the_waiting_links_of_a_search_are_those_it_shows,
    the_export_writes_the_matching_entries,
    the_worker_records_and_searches,
);

fn entry(ticket: &str, vehicle_id: &str, state: &str) -> NewEntry {
    NewEntry {
        time_ms: 1_780_000_000_000,
        kind: reauth_link_core::history::EntryKind::REAUTHENTICATE,
        profile: "Fleet".to_owned(),
        vehicle_id: vehicle_id.to_owned(),
        state: state.to_owned(),
        owner_id: format!("owner-of-{vehicle_id}"),
        ticket: ticket.to_owned(),
        via: Via::Copied,
        link: format!("https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={vehicle_id}"),
        agent: "kim".to_owned(),
    }
}

fn tickets(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.ticket.as_str()).collect()
}

fn search_matches_a_ticket_in_part_and_other_fields_whole_newest_first(history: TestHistory) {
    let mut store = history.open();
    for new in [
        entry("SUP-100", "vehicle-a", "state-1"),
        entry("SUP-200", "vehicle-b", "state-2"),
        entry("OPS-7", "vehicle-a", "state-3"),
        entry("100%_off", "vehicle-c", "state-4"),
        entry("OLD-1", "VEHICLE-D", "state-5"),
    ] {
        store.record(&new).expect("records");
    }
    let table: [(&str, &[&str]); 10] = [
        ("sup", &["SUP-200", "SUP-100"]),
        ("P-10", &["SUP-100"]),
        ("vehicle-a", &["OPS-7", "SUP-100"]),
        ("vehicle", &[]),
        ("state-2", &["SUP-200"]),
        ("owner-of-vehicle-c", &["100%_off"]),
        (
            "Fleet",
            &["OLD-1", "100%_off", "OPS-7", "SUP-200", "SUP-100"],
        ),
        ("%_", &["100%_off"]),
        ("vehicle-d", &["OLD-1"]),
        ("", &["OLD-1", "100%_off", "OPS-7", "SUP-200", "SUP-100"]),
    ];
    for (query, expected) in table {
        let found = store.search(query, 0, 10).expect("searches");
        assert_eq!(tickets(&found), expected, "query {query:?}");
    }
    let page = store.search("", 1, 2).expect("searches");
    assert_eq!(tickets(&page), ["100%_off", "OPS-7"], "offset and limit");
}

/// Any part of a ticket matches in any case, every character taken literally: LIKE's and
/// FTS5's own syntax, quotes and a non-ASCII letter (SQLite looks parts of three
/// characters or more up in its trigram index and scans for shorter ones; PostgreSQL's
/// trigram index serves `ILIKE`).
fn a_ticket_part_matches_literally_in_any_case(history: TestHistory) {
    let mut store = history.open();
    for ticket in [
        "Case \"7\" Ω",
        "100%_off",
        "1000 off",
        "sup-42",
        "SUP-420",
        "a\\b",
    ] {
        store.record(&entry(ticket, "v", "s")).expect("records");
    }
    let table: [(&str, &[&str]); 11] = [
        ("\"7\"", &["Case \"7\" Ω"]),
        ("e \"", &["Case \"7\" Ω"]),
        ("\"", &["Case \"7\" Ω"]),
        ("0%_o", &["100%_off"]),
        ("0%", &["100%_off"]),
        ("00 o", &["1000 off"]),
        ("Sup-42", &["SUP-420", "sup-42"]),
        ("P-420", &["SUP-420"]),
        ("a\\b", &["a\\b"]),
        ("NEAR", &[]),
        ("* OR", &[]),
    ];
    for (query, expected) in table {
        let found = store.search(query, 0, 10).expect("searches");
        assert_eq!(tickets(&found), expected, "query {query:?}");
    }
}

fn the_number_of_matches_counts_what_the_search_pages_through(history: TestHistory) {
    let mut store = history.open();
    let entries: Vec<NewEntry> = (0..250)
        .map(|i| entry(&format!("C-{i}"), &format!("v{}", i % 5), &format!("s{i}")))
        .collect();
    assert_eq!(store.record_all(&entries).expect("records"), 250);
    for (query, expected) in [("", 250), ("C-1", 111), ("v3", 50), ("s7", 1), ("no", 0)] {
        assert_eq!(
            store.count_matching(query).expect("counts"),
            expected,
            "{query:?}"
        );
        let all = store.search(query, 0, 1000).expect("searches");
        assert_eq!(all.len() as u64, expected, "{query:?}");
    }
    assert_eq!(store.count().expect("counts"), 250);
}

fn an_outcome_is_set_on_every_entry_with_the_state_and_only_those(history: TestHistory) {
    let mut store = history.open();
    store.record(&entry("T1", "v1", "shared")).expect("records");
    store.record(&entry("T2", "v2", "shared")).expect("records");
    store.record(&entry("T3", "v3", "other")).expect("records");
    store.record(&entry("T4", "v4", "")).expect("records");
    let denied = Outcome::failed("access_denied");
    let updated = store.set_outcome("shared", &denied).expect("sets");
    assert_eq!(tickets(&updated), ["T2", "T1"]);
    assert!(updated.iter().all(|e| e.outcome.as_ref() == Some(&denied)));
    assert_eq!(
        store.set_outcome("", &Outcome::Success).expect("nothing"),
        []
    );
    let all = history.open().search("", 0, 10).expect("searches");
    let outcomes: Vec<_> = all.iter().map(|e| e.outcome.as_ref()).collect();
    assert_eq!(outcomes, [None, None, Some(&denied), Some(&denied)]);
    assert_eq!(tickets(&store.with_state("other").expect("reads")), ["T3"]);
}

fn a_return_is_tied_to_its_own_vehicle_s_links_only(history: TestHistory) {
    let mut store = history.open();
    store.record(&entry("T1", "v1", "one")).expect("records");
    store.record(&entry("T2", "v1", "one")).expect("records");
    store.record(&entry("T3", "v2", "two")).expect("records");
    store.record(&entry("T4", "v3", "two")).expect("records");
    let ReturnMatch::Matched(entries) = store
        .match_return("one", Some("v1"), Some(&Outcome::Success))
        .expect("matches")
    else {
        panic!("the links of v1 match");
    };
    assert_eq!(tickets(&entries), ["T2", "T1"]);
    let crossed = store
        .match_return("one", Some("v9"), Some(&Outcome::failed("access_denied")))
        .expect("reads");
    assert!(
        matches!(crossed, ReturnMatch::VehiclesDiffer { .. }),
        "{crossed:?}"
    );
    let ambiguous = store
        .match_return("two", None, Some(&Outcome::Success))
        .expect("reads");
    assert!(
        matches!(ambiguous, ReturnMatch::Ambiguous { .. }),
        "{ambiguous:?}"
    );
    assert_eq!(
        store.match_return("none", None, None).expect("reads"),
        ReturnMatch::NoLink
    );
    let outcomes: Vec<_> = history
        .open()
        .search("", 0, 10)
        .expect("searches")
        .into_iter()
        .map(|e| e.outcome)
        .collect();
    assert_eq!(
        outcomes,
        [None, None, Some(Outcome::Success), Some(Outcome::Success)]
    );
}

fn forgetting_removes_entries_before_the_date(history: TestHistory) {
    let mut store = history.open();
    for (time_ms, ticket) in [(1_000, "OLD-1"), (2_000, "OLD-2"), (3_000, "NEW-3")] {
        let mut new = entry(ticket, "v", "s");
        new.time_ms = time_ms;
        store.record(&new).expect("records");
    }
    assert_eq!(store.forget_before(3_000).expect("forgets"), 2);
    assert_eq!(store.count().expect("counts"), 1);
    assert_eq!(store.search("OLD", 0, 10).expect("searches"), []);
    let mut again = entry("OLD-1", "v", "s");
    again.time_ms = 4_000;
    store.record(&again).expect("records");
    assert_eq!(
        tickets(&store.search("old-", 0, 10).expect("searches")),
        ["OLD-1"]
    );
}

fn a_batch_reaches_the_history_only_on_commit_in_its_order(history: TestHistory) {
    let mut store = history.open();
    let mut reader = history.open();
    let mut pending = store.pending().expect("starts");
    for n in 0..3 {
        pending
            .add(&entry(&format!("B-{n}"), "v", "s"))
            .expect("adds");
    }
    assert_eq!(pending.len(), 3);
    assert_eq!(reader.count().expect("counts"), 0, "nothing before commit");
    assert_eq!(pending.commit().expect("commits"), 3);
    let found = reader.search("B-", 0, 10).expect("searches");
    assert_eq!(tickets(&found), ["B-2", "B-1", "B-0"]);
    {
        let mut uncommitted = store.pending().expect("starts again");
        uncommitted.add(&entry("LOST", "v", "s")).expect("adds");
    }
    assert_eq!(reader.search("LOST", 0, 10).expect("searches"), []);
}

fn the_waiting_links_of_a_search_are_those_it_shows(history: TestHistory) {
    let mut store = history.open();
    for (index, (ticket, vehicle)) in [("T-1", "v-1"), ("T-1", "v-2"), ("T-2", "v-3")]
        .into_iter()
        .enumerate()
    {
        let mut new = entry(ticket, vehicle, "");
        new.time_ms += i64::try_from(index).expect("small");
        store.record(&new).expect("records");
    }
    let which = Waiting::default();
    let vehicles = |entries: Vec<Entry>| -> Vec<String> {
        entries.into_iter().map(|e| e.vehicle_id).collect()
    };
    let shown = store.waiting_matching("T-1", &which).expect("reads");
    assert_eq!(vehicles(shown), ["v-2", "v-1"]);
    let all = store.waiting_matching(" ", &which).expect("reads");
    assert_eq!(vehicles(all), ["v-3", "v-2", "v-1"]);
}

fn waiting_links_are_found_and_marked_verified(history: TestHistory) {
    let mut store = history.open();
    let mut disconnect = entry("T", "v4", "");
    disconnect.kind = reauth_link_core::history::EntryKind::Disconnect;
    for (new, time_ms) in [
        (entry("T", "v1", "s1"), 1_000),
        (entry("T", "v2", "s2"), 2_000),
        (entry("OTHER", "v3", "s3"), 3_000),
        (disconnect, 4_000),
    ] {
        let mut new = new;
        new.time_ms = time_ms;
        store.record(&new).expect("records");
    }
    store.set_outcome("s1", &Outcome::Success).expect("sets");
    let denied = Outcome::failed("access_denied");
    store.set_outcome("s2", &denied).expect("sets");
    let all = store.waiting(&Waiting::default()).expect("reads");
    assert_eq!(
        all.iter()
            .map(|e| e.vehicle_id.as_str())
            .collect::<Vec<_>>(),
        ["v3", "v2"]
    );
    let of_ticket = Waiting {
        ticket: Some("T".to_owned()),
        since_ms: Some(1_500),
        profile: Some("Fleet".to_owned()),
    };
    let waiting = store.waiting(&of_ticket).expect("reads");
    assert_eq!(
        waiting
            .iter()
            .map(|e| e.vehicle_id.as_str())
            .collect::<Vec<_>>(),
        ["v2"]
    );
    let ids: Vec<i64> = waiting.iter().map(|e| e.id).collect();
    assert_eq!(store.mark_verified(&ids).expect("marks"), 1);
    let marked = store.with_state("s2").expect("reads");
    assert_eq!(marked[0].outcome, Some(Outcome::verified(Some(denied))));
    assert_eq!(
        marked[0].field_values()[9],
        "reconnected (verified); callback: access_denied"
    );
    assert_eq!(store.waiting(&of_ticket).expect("reads"), []);
}

/// Every outcome text an earlier version wrote reads back as its own kind of outcome,
/// shows the same text, waits (or not) as it did, and is written back unchanged.
fn outcomes_earlier_versions_stored_read_back_as_theirs_byte_for_byte(history: TestHistory) {
    let denied = || Outcome::failed("access_denied");
    let unknown = "Zugang verweigert; callback: ";
    let forms = [
        ("s0", "success", Outcome::Success),
        ("s1", "access_denied", denied()),
        ("s2", "reconnected (verified)", Outcome::verified(None)),
        (
            "s3",
            "reconnected (verified); callback: access_denied",
            Outcome::verified(Some(denied())),
        ),
        ("s4", unknown, Outcome::failed(unknown)),
    ];
    let mut store = history.open();
    for (n, (state, text, _)) in forms.iter().enumerate() {
        store
            .record(&entry(&format!("OLD-{n}"), &format!("v{n}"), state))
            .expect("records");
        history.write_outcome_text(state, text);
    }
    for (state, text, outcome) in &forms {
        let read = &store.with_state(state).expect("reads")[0];
        assert_eq!(read.outcome.as_ref(), Some(outcome), "{text}");
        assert_eq!(read.field_values()[9], *text);
    }
    let waiting = store.waiting(&Waiting::default()).expect("reads");
    assert_eq!(tickets(&waiting), ["OLD-4", "OLD-1"], "failures still wait");
    for (state, text, outcome) in &forms {
        store.set_outcome(state, outcome).expect("sets");
        assert_eq!(history.outcome_text(state).as_deref(), Some(*text));
    }
}

fn the_export_writes_the_matching_entries(history: TestHistory) {
    let mut store = history.open();
    store.record(&entry("E-1", "v1", "s1")).expect("records");
    store.record(&entry("=E-2", "v2", "s2")).expect("records");
    store.record(&entry("X-3", "v3", "s3")).expect("records");
    let (_folder, path) = history.scratch_file("history.csv");
    assert_eq!(export_csv(store.as_mut(), "E-", &path).expect("exports"), 2);
    let csv = std::fs::read_to_string(&path).expect("exported");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "time,kind,profile,vehicle_id,state,owner_id,ticket,via,link,outcome,agent"
    );
    assert!(lines[1].contains(",'=E-2,"), "{}", lines[1]);
    assert!(lines[2].contains(",E-1,"), "{}", lines[2]);
    assert_eq!(lines.len(), 3);
}

fn the_worker_records_and_searches(history: TestHistory) {
    let mut worker = HistoryWorker::spawn(history.location(), || {});
    let HistoryEvent::Opened { location, entries } = worker.wait().expect("answers") else {
        panic!("the worker opens the history");
    };
    assert_eq!((location, entries), (history.location().to_string(), 0));
    worker.record_all(vec![entry("W-1", "v1", "s1"), entry("W-2", "v2", "s2")]);
    assert!(matches!(
        worker.wait(),
        Some(HistoryEvent::Recorded { count: 2, .. })
    ));
    let request = worker.search("w-", 0, 10);
    let Some(HistoryEvent::Found {
        request: answered,
        entries,
        ..
    }) = worker.wait()
    else {
        panic!("the search is answered");
    };
    assert_eq!(answered, request);
    assert_eq!(tickets(&entries), ["W-2", "W-1"]);
}

#[test]
fn workstations_starting_together_migrate_the_shared_database_once() {
    let database = TestDatabase::create();
    let url = ServerUrl::parse(&database.url).expect("a server URL");
    let openers: Vec<_> = (0..6)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || HistoryLocation::Server(url).open().map(drop))
        })
        .collect();
    for opener in openers {
        opener
            .join()
            .expect("no panic")
            .expect("every workstation opens it");
    }
    let mut client = database.connect();
    let versions: Vec<i32> = client
        .query(
            "SELECT version FROM reauth_link_migrations ORDER BY version",
            &[],
        )
        .expect("reads")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, [1], "each migration applied once");
    let trigram_index: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'entries_ticket_trigrams'",
            &[],
        )
        .expect("reads")
        .get(0);
    assert_eq!(trigram_index, 1);
}

#[test]
fn an_entry_the_server_already_has_is_kept_once() {
    let database = TestDatabase::create();
    let url = ServerUrl::parse(&database.url).expect("a server URL");
    HistoryLocation::Server(url.clone())
        .open()
        .expect("lays it out");
    let mut client = database.connect();
    let insert = "INSERT INTO entries (entry_id, time_ms, kind, profile, vehicle_id, state,
        owner_id, ticket, via, link) VALUES ('7f0c2c4e-6d0a-4b8e-9a51-0c1e4f2a9d10', 1, 'k',
        'p', 'v', 's', 'o', 'T', 'copied', 'l') ON CONFLICT (entry_id) DO NOTHING";
    assert_eq!(client.execute(insert, &[]).expect("first"), 1);
    assert_eq!(client.execute(insert, &[]).expect("again"), 0);
    let mut store = HistoryLocation::Server(url).open().expect("opens");
    store
        .record(&entry("T", "v", "s"))
        .expect("records with an id of its own");
    let ids: i64 = client
        .query_one("SELECT count(DISTINCT entry_id) FROM entries", &[])
        .expect("reads")
        .get(0);
    assert_eq!(ids, 2);
}

#[test]
fn a_database_laid_out_by_a_newer_version_is_refused_untouched() {
    let database = TestDatabase::create();
    let url = ServerUrl::parse(&database.url).expect("a server URL");
    HistoryLocation::Server(url.clone())
        .open()
        .expect("lays it out");
    let mut client = database.connect();
    client
        .execute(
            "INSERT INTO reauth_link_migrations (version) VALUES (99)",
            &[],
        )
        .expect("a newer version");
    let error = HistoryLocation::Server(url).open().err().expect("refused");
    assert!(
        matches!(error, HistoryError::ServerNewer { found: 99, .. }),
        "{error}"
    );
}

#[test]
fn a_wrong_password_is_reported_with_the_password_masked() {
    let database = TestDatabase::create();
    let mut wrong = url::Url::parse(&database.url).expect("parses");
    wrong
        .set_password(Some("not-the-Password-42"))
        .expect("sets");
    let url = ServerUrl::parse(wrong.as_str()).expect("a server URL");
    let error = HistoryLocation::Server(url).open().err().expect("refused");
    let message = error.to_string();
    assert!(!message.contains("not-the-Password-42"), "{message}");
    assert!(message.contains(":***@127.0.0.1"), "{message}");
    assert!(message.contains("password"), "{message}");
}

#[test]
fn pushing_a_file_twice_adds_its_entries_once_with_their_outcomes() {
    use reauth_link_core::history::{HistoryStore, PostgresHistory, push_to_server};
    let folder = tempfile::tempdir().expect("temp dir");
    let mut file = HistoryStore::open(&folder.path().join("history.sqlite3")).expect("opens");
    for n in 0..3 {
        file.record(&entry(
            &format!("P-{n}"),
            &format!("v{n}"),
            &format!("s{n}"),
        ))
        .expect("records");
    }
    file.set_outcome("s1", &Outcome::Success).expect("sets");
    let database = TestDatabase::create();
    let url = ServerUrl::parse(&database.url).expect("a server URL");
    let mut server = PostgresHistory::open(&url).expect("opens");
    let first = push_to_server(&file, &mut server).expect("pushes");
    assert_eq!((first.read, first.added), (3, 3));
    let again = push_to_server(&file, &mut server).expect("pushes again");
    assert_eq!((again.read, again.added), (3, 0));
    file.record(&entry("P-3", "v3", "s3")).expect("records");
    let later = push_to_server(&file, &mut server).expect("pushes the new one");
    assert_eq!((later.read, later.added), (4, 1));

    let shared = server.search("P-", 0, 10).expect("searches");
    assert_eq!(tickets(&shared), ["P-3", "P-2", "P-1", "P-0"]);
    assert_eq!(shared[2].outcome, Some(Outcome::Success));
    assert!(shared.iter().all(|e| e.agent == "kim"));
}

#[test]
fn the_worker_connects_again_after_the_server_dropped_its_connection() {
    let history = TestHistory::postgres();
    let TestHistory::Server(database) = &history else {
        unreachable!()
    };
    let worker = HistoryWorker::spawn(history.location(), || {});
    assert!(matches!(worker.wait(), Some(HistoryEvent::Opened { .. })));
    let terminated: i64 = database
        .connect()
        .query_one(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND application_name = 'reauth-link'",
            &[],
        )
        .expect("terminates")
        .get(0);
    assert_eq!(terminated, 1);
    worker.record(entry("LOST-1", "v", "s"));
    let Some(HistoryEvent::Failed(message)) = worker.wait() else {
        panic!("the dropped connection is reported");
    };
    assert!(message.contains("shared history"), "{message}");
    worker.record(entry("BACK-1", "v", "s"));
    assert!(matches!(
        worker.wait(),
        Some(HistoryEvent::Opened { entries: 0, .. })
    ));
    assert!(matches!(
        worker.wait(),
        Some(HistoryEvent::Recorded { count: 1, .. })
    ));
}

/// A server nobody listens on: connecting is refused at once.
const AWAY_URL: &str = "postgres://kim:Away-Pass-1@127.0.0.1:1/reauth_link";

#[test]
fn links_kept_while_the_server_is_away_are_sent_in_order_and_once() {
    use reauth_link_core::history::{Outbox, PostgresHistory};
    let folder = tempfile::tempdir().expect("temp dir");
    let outbox = folder.path().join("history-outbox.sqlite3");
    let away = HistoryLocation::Server(ServerUrl::parse(AWAY_URL).expect("a server URL"));
    let opened = away.open_for_recording(&outbox).expect("the outbox opens");
    let reason = opened.away.expect("the server is away").to_string();
    assert!(
        reason.contains(":***@127.0.0.1:1") && !reason.contains("Away-Pass-1"),
        "{reason}"
    );
    let mut store = opened.store;
    store.record(&entry("AWAY-1", "v1", "s1")).expect("kept");
    let mut pending = store.pending().expect("starts");
    pending.add(&entry("AWAY-2", "v2", "s2")).expect("adds");
    pending.add(&entry("AWAY-3", "v3", "s3")).expect("adds");
    pending.commit().expect("kept");
    assert_eq!(store.search("AWAY", 0, 10).expect("nothing to read"), []);
    assert!(
        store.set_outcome("s1", &Outcome::Success).is_err(),
        "changes need the server"
    );
    drop(store);
    // As if the connection broke after the server took the entries but before the
    // outbox forgot them: the same entries are sent again later.
    let copy = folder.path().join("copy.sqlite3");
    std::fs::copy(&outbox, &copy).expect("copies");

    let database = TestDatabase::create();
    let back = HistoryLocation::Server(ServerUrl::parse(&database.url).expect("a server URL"));
    let mut store = back.open_for_recording(&outbox).expect("opens").store;
    store.record(&entry("BACK-4", "v4", "s4")).expect("records");
    let found = store.search("", 0, 10).expect("searches");
    assert_eq!(tickets(&found), ["BACK-4", "AWAY-3", "AWAY-2", "AWAY-1"]);
    assert!(
        Outbox::open(&outbox)
            .expect("opens")
            .is_empty()
            .expect("counts")
    );

    let url = ServerUrl::parse(&database.url).expect("a server URL");
    let mut server = PostgresHistory::open(&url).expect("opens");
    let sent = Outbox::open(&copy)
        .expect("opens")
        .send_to(&mut server)
        .expect("sends");
    assert_eq!(sent, 3);
    assert_eq!(server.count().expect("counts"), 4, "each entry once");
}

#[test]
fn the_worker_keeps_the_window_s_links_in_the_outbox_while_the_server_is_away() {
    use reauth_link_core::history::Outbox;
    let folder = tempfile::tempdir().expect("temp dir");
    let outbox = folder.path().join("history-outbox.sqlite3");
    let away = HistoryLocation::Server(ServerUrl::parse(AWAY_URL).expect("a server URL"));
    let worker = HistoryWorker::spawn_with_outbox(away, Some(outbox.clone()), || {});
    let Some(HistoryEvent::Failed(message)) = worker.wait() else {
        panic!("the server's absence is reported");
    };
    assert!(message.contains("history-outbox.sqlite3"), "{message}");
    worker.record(entry("AWAY-W", "v", "s"));
    let recorded = |event: Option<HistoryEvent>| {
        matches!(event, Some(HistoryEvent::Recorded { count: 1, .. }))
    };
    let away = |event: Option<HistoryEvent>| matches!(event, Some(HistoryEvent::Failed(_)));
    assert!(recorded(worker.wait()), "kept in the outbox");
    assert!(away(worker.wait()), "and says the server is away again");
    worker.record(entry("AWAY-X", "v", "s"));
    assert!(away(worker.wait()), "tried again, still away");
    assert!(recorded(worker.wait()), "kept in the outbox");
    drop(worker);
    assert_eq!(
        Outbox::open(&outbox).expect("opens").len().expect("counts"),
        2
    );
}

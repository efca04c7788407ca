//! Output injection: free text with tabs or line breaks cannot forge `history` rows (it
//! is escaped as `\t`, `\n`, `\r`, `\\`), and a CSV cell of free text a spreadsheet would
//! run as a formula is neutralised with a leading `'` (OWASP), never a link or an id.

use crate::cli_support;

use cli_support::{Config, assert_exit};
use reauth_link::batch::neutralise_formula;
use reauth_link::history::{ENTRY_FIELDS, HistoryStore, NewEntry, Via, export_csv};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";

/// Undoes the `history` table's escapes: what a script reading it does.
fn unescape(value: &str) -> String {
    let mut text = String::new();
    let mut characters = value.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            text.push(character);
            continue;
        }
        match characters.next() {
            Some('t') => text.push('\t'),
            Some('n') => text.push('\n'),
            Some('r') => text.push('\r'),
            Some(other) => text.push(other),
            None => text.push('\\'),
        }
    }
    text
}

#[test]
fn a_ticket_with_tabs_and_line_breaks_cannot_forge_a_history_row() {
    let config = Config::new();
    let forged = "SUP-1\n2026-01-01T00:00:00Z\treauthenticate\tEvil\t11111111-2222-4333-8444-555555555555\tx\tx\tx\tcopied\thttps://evil.example/\tsuccess";
    let tickets = [forged, "C:\\tmp\\new\r\nline", "plain"];
    for ticket in tickets {
        let run = config.run(&[
            "url",
            "--client-id",
            APP,
            "--vehicle-id",
            VEHICLE,
            "--redirect-uri",
            REDIRECT,
            "--state",
            "state-12345",
            "--ticket",
            ticket,
        ]);
        assert_exit(&run, 0);
    }
    let listed = config.run(&["history"]);
    assert_exit(&listed, 0);
    let lines: Vec<&str> = listed.stdout.lines().collect();
    assert_eq!(lines.len(), 1 + tickets.len(), "{}", listed.stdout);
    assert!(!listed.stdout.contains("evil.example/\tsuccess"));
    let ticket_column = ENTRY_FIELDS
        .iter()
        .position(|field| *field == "ticket")
        .expect("a ticket column");
    let mut read_back: Vec<String> = lines[1..]
        .iter()
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            assert_eq!(cells.len(), ENTRY_FIELDS.len(), "{line}");
            unescape(cells[ticket_column])
        })
        .collect();
    read_back.reverse();
    assert_eq!(read_back, tickets, "the escapes read back to the tickets");

    let json = config.run(&["history", "--json"]);
    assert_exit(&json, 0);
    let entries: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(
        entries[2]["ticket"], forged,
        "JSON carries the ticket as it is"
    );
}

#[test]
fn a_formula_is_neutralised_only_at_the_start_of_free_text() {
    let table = [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("SUP-1 = fine", "SUP-1 = fine"),
        ("", ""),
    ];
    for (value, written) in table {
        assert_eq!(neutralise_formula(value), written, "{value:?}");
    }
}

#[test]
fn the_history_export_neutralises_tickets_and_profiles_but_keeps_ids_and_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = HistoryStore::open(&dir.path().join("history.sqlite3")).expect("opens");
    let link = format!("https://connect.smartcar.com/oauth/reauthenticate?vehicle_id={VEHICLE}");
    store
        .record(&NewEntry {
            time_ms: 1_700_000_000_000,
            kind: reauth_link::history::EntryKind::REAUTHENTICATE,
            profile: "@Fleet".to_owned(),
            vehicle_id: VEHICLE.to_owned(),
            state: "-state-12345".to_owned(),
            owner_id: "+owner".to_owned(),
            ticket: "=cmd|' /C calc'!A0".to_owned(),
            via: Via::CommandLine,
            link: link.clone(),
            agent: "kim".to_owned(),
        })
        .expect("records");
    let path = dir.path().join("export.csv");
    assert_eq!(export_csv(&mut store, "", &path).expect("exports"), 1);
    let mut reader = csv::Reader::from_path(&path).expect("reads");
    let row = reader.records().next().expect("a row").expect("CSV");
    let cell = |name: &str| {
        let index = ENTRY_FIELDS
            .iter()
            .position(|f| *f == name)
            .expect("a column");
        row[index].to_owned()
    };
    assert_eq!(cell("ticket"), "'=cmd|' /C calc'!A0");
    assert_eq!(cell("profile"), "'@Fleet");
    assert_eq!(cell("state"), "-state-12345", "a state is kept exact");
    assert_eq!(cell("owner_id"), "+owner", "an id is kept exact");
    assert_eq!(cell("vehicle_id"), VEHICLE);
    assert_eq!(cell("link"), link);
}

#[test]
fn the_batch_message_column_is_neutralised_and_the_link_is_not() {
    let config = Config::new();
    let added = config.run(&[
        "profiles",
        "add",
        "--name",
        "Acme",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--text-message",
        "=HYPERLINK(\"{link}\")",
    ]);
    assert_exit(&added, 0);
    let run = config.run_with_stdin(
        &["batch", "--profile", "Acme", "--message-column"],
        &format!("{VEHICLE}\n"),
    );
    assert_exit(&run, 0);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let row = reader.records().next().expect("a row").expect("CSV");
    let link = row[3].to_owned();
    assert!(link.starts_with("https://"), "{link}");
    assert_eq!(&row[5], format!("'=HYPERLINK(\"{link}\")"));
}

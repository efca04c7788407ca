//! The window on a desk's shared history: a link copied in the window reaches the
//! PostgreSQL database with who sent it, and the History tab names the server with its
//! password masked.

use crate::postgres_support::TestDatabase;
use crate::ui_support;

use reauth_link::ui::AppSetup;
use reauth_link::ui::history::worker_handle::HistorySetup;
use reauth_link::ui::link::link_view::COPY;
use reauth_link::ui::link::ticket_field::TICKET_LABEL;
use ui_support::{VEHICLE, window_with};

#[test]
fn a_copied_link_reaches_the_shared_history_and_the_tab_masks_the_password() {
    let database = TestDatabase::create();
    let config = tempfile::tempdir().expect("temp dir");
    std::fs::write(config.path().join("settings.toml"), "agent = \"Kim\"\n").expect("writes");
    let setup = AppSetup {
        history: Some(HistorySetup::read_with_url(
            config.path().to_owned(),
            None,
            Some(&database.url),
        )),
        ..AppSetup::default()
    };
    let mut window = window_with(setup, Ok(()));
    window.fill_valid();
    window.type_into(TICKET_LABEL, "SUP-88");
    window.click_button(COPY);
    window.click_button("History");
    let password = url::Url::parse(&database.url)
        .ok()
        .and_then(|url| url.password().map(str::to_owned))
        .expect("the test server's URL has a password");
    let masked = database.url.replace(&password, "***");
    assert!(window.has_text(&format!("Kept in {masked}")), "{masked}");
    assert!(!window.has_text(&password));
    drop(window);

    let row = database
        .connect()
        .query_one("SELECT vehicle_id, ticket, agent, via FROM entries", &[])
        .expect("one entry");
    let values: (String, String, String, String) = (row.get(0), row.get(1), row.get(2), row.get(3));
    assert_eq!(
        values,
        (
            VEHICLE.to_owned(),
            "SUP-88".to_owned(),
            "Kim".to_owned(),
            "copied".to_owned()
        )
    );
    assert!(!config.path().join("history.sqlite3").exists());
}

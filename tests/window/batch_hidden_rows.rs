//! The Batch panel runs the command line's pipeline, so input that would hide vehicles
//! (a header naming a read column twice, a quote that swallows rows) is refused there
//! in the same words, with no table of rows to export.

use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use reauth_link::batch::BatchDefaults;
use reauth_link::ui::batch::panel::{BatchPanel, BatchProfile};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const PASTE_LABEL: &str = "Vehicle ids, a CSV or JSON events to paste";

fn harness() -> Harness<'static, BatchPanel> {
    let defaults = BatchDefaults {
        client_id: APP.into(),
        redirect_uri: Some(REDIRECT.into()),
        ..BatchDefaults::default()
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(
            move |ui, panel: &mut BatchPanel| {
                let source = BatchProfile::new(&defaults);
                panel.ui(ui, Some(&source), None);
            },
            BatchPanel::new(),
        );
    harness.run();
    harness
}

/// Pastes `text`, builds, and steps frames until the worker is done (bounded).
fn load(harness: &mut Harness<'_, BatchPanel>, text: &str) {
    harness.get_by_label(PASTE_LABEL).focus();
    harness.run();
    harness.event(egui::Event::Paste(text.to_owned()));
    harness.run();
    harness
        .get_by_label("Build links from the pasted text")
        .click();
    for _ in 0..3000 {
        harness.step();
        if !harness.state().is_running() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the batch did not finish within 30 s");
}

#[test]
fn a_header_naming_vehicle_id_twice_is_shown_in_the_command_line_s_words() {
    let mut harness = harness();
    load(
        &mut harness,
        &format!("vehicle_id,notes,Vehicle_ID\n{V1},a,{V2}\n"),
    );
    harness.get_by_label_contains("input: the header names vehicle_id twice (columns 1 and 3)");
}

#[test]
fn a_quote_that_swallows_rows_is_shown_with_its_row_and_line() {
    let mut harness = harness();
    load(
        &mut harness,
        &format!("vehicle_id,state\n{V1},\"s1\n{V2},s2\n{V1},s3\n"),
    );
    harness.get_by_label_contains("input: row 1 opens a quote on line 2");
}

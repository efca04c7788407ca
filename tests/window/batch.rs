//! The Batch panel through its accessible labels: load, counts, a bad row's error,
//! export equal to the command line's bytes, copy all links, cancel.

use crate::cli_support;
use crate::peak_rss;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cli_support::{assert_exit, run_in};
use egui::OutputCommand;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use reauth_link::batch::BatchDefaults;
use reauth_link::ui::batch::panel::{BatchPanel, BatchProfile};
use reauth_link::ui::file_dialog::{Answer, FileChooser, FileQuestion};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const PASTE_LABEL: &str = "Vehicle ids, a CSV or JSON events to paste";

struct State {
    panel: BatchPanel,
    defaults: Option<BatchDefaults>,
}

fn defaults() -> BatchDefaults {
    BatchDefaults {
        client_id: APP.into(),
        redirect_uri: Some(REDIRECT.into()),
        ..BatchDefaults::default()
    }
}

fn harness(defaults: Option<BatchDefaults>) -> Harness<'static, State> {
    harness_with(BatchPanel::new(), defaults)
}

fn harness_with(panel: BatchPanel, defaults: Option<BatchDefaults>) -> Harness<'static, State> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1000.0, 700.0))
        .build_ui_state(
            |ui, state: &mut State| {
                let source = state.defaults.as_ref().map(BatchProfile::new);
                state.panel.ui(ui, source.as_ref(), None);
            },
            State { panel, defaults },
        );
    harness.run();
    harness
}

/// A panel whose file dialog answers `answer` and records each question it was asked.
fn panel_choosing(answer: Answer) -> (BatchPanel, Arc<Mutex<Vec<FileQuestion>>>) {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&asked);
    let chooser = FileChooser::Custom(Box::new(move |question: &FileQuestion| {
        record.lock().expect("not poisoned").push(question.clone());
        answer.clone()
    }));
    (BatchPanel::with_file_chooser(chooser), asked)
}

fn link(vehicle: &str) -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={vehicle}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome"
    )
}

/// Focuses the field labelled `label` and types `text` into it.
fn type_into(harness: &mut Harness<'_, State>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

fn paste(harness: &mut Harness<'_, State>, text: &str) {
    harness.get_by_label(PASTE_LABEL).focus();
    harness.run();
    harness.event(egui::Event::Paste(text.to_owned()));
    harness.run();
}

/// Steps frames until the worker is done; bounded so a hung worker fails the test. Call it
/// right after the click that starts the work, not after `run()`: the worker may finish
/// and ask for frames while `run()` waits for the window to settle, which it then never
/// does within its step limit.
fn wait_for_worker(harness: &mut Harness<'_, State>) {
    for _ in 0..3000 {
        harness.step();
        if !harness.state().panel.is_running() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the batch did not finish within 30 s");
}

fn load(harness: &mut Harness<'_, State>, text: &str) {
    paste(harness, text);
    harness
        .get_by_label("Build links from the pasted text")
        .click();
    wait_for_worker(harness);
}

const INPUT: &str = "vehicle_id,owner\n36ab27d0-fd9d-4455-823a-ce30af709ffc,Ann\nabc def,Bob\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10,\"Cy, D\"\n36ab27d0-fd9d-4455-823a-ce30af709ffc,Ann again\n";

#[test]
fn loading_a_list_shows_counts_links_and_the_bad_rows_error() {
    let mut harness = harness(Some(defaults()));
    load(&mut harness, INPUT);
    harness.get_by_label("4 rows: 3 good, 1 bad, 1 duplicate");
    assert_eq!(
        harness.get_all_by_label(&link(V1)).count(),
        2,
        "row 4 repeats row 1"
    );
    harness.get_by_label(&link(V2));
    harness.get_by_label("abc def");
    harness.get_by_label_contains("vehicle_id: contains a space at character 4");
}

#[test]
fn without_a_profile_the_panel_says_to_choose_one() {
    let harness = harness(None);
    harness.get_by_label_contains("Choose a profile first");
    assert!(harness.query_by_label(PASTE_LABEL).is_none());
}

/// Exports the built rows to `path` through the typed name and waits for the panel to say
/// it wrote `rows` rows.
fn export_to(harness: &mut Harness<'_, State>, path: &std::path::Path, rows: usize) {
    type_into(harness, "Export to file", &path.display().to_string());
    harness.get_by_label("Export CSV").click();
    wait_for_worker(harness);
    harness.get_by_label_contains(&format!("Exported {rows} rows to"));
}

#[test]
fn export_writes_the_same_bytes_as_the_command_line() {
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("links.csv");
    let mut harness = harness(Some(defaults()));
    load(&mut harness, INPUT);

    export_to(&mut harness, &export, 4);

    let batch = ["batch", "--client-id", APP, "--redirect-uri", REDIRECT];
    let cli = run_in(folder.path(), &batch, INPUT);
    assert_exit(&cli, 2);
    let exported = std::fs::read_to_string(&export).expect("the export exists");
    assert_eq!(exported, cli.stdout);
}

#[test]
fn a_file_chosen_in_the_dialog_is_read_at_once() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.csv");
    std::fs::write(&input, INPUT).expect("writes");
    let (panel, asked) = panel_choosing(Ok(Some(input.clone())));
    let mut harness = harness_with(panel, Some(defaults()));
    harness.get_by_label("Choose file…").click();
    wait_for_worker(&mut harness);
    assert_eq!(*asked.lock().expect("not poisoned"), [FileQuestion::Open]);
    harness.get_by_label("4 rows: 3 good, 1 bad, 1 duplicate");
    assert_eq!(
        harness.get_by_label("File to read").value().as_deref(),
        Some(input.display().to_string().as_str())
    );
}

#[test]
fn a_dialog_closed_without_a_file_changes_nothing_and_says_so() {
    let (panel, asked) = panel_choosing(Ok(None));
    let mut harness = harness_with(panel, Some(defaults()));
    load(&mut harness, INPUT);
    harness.get_by_label("Save as…").click();
    harness.run();
    assert_eq!(
        *asked.lock().expect("not poisoned"),
        [FileQuestion::Save {
            file_name: "links.csv".to_owned()
        }]
    );
    harness.get_by_label_contains("No file chosen.");
    harness.get_by_label("4 rows: 3 good, 1 bad, 1 duplicate");
    assert!(!harness.state().panel.is_running());
}

#[test]
fn a_desktop_without_a_file_dialog_is_told_to_type_the_path() {
    let (panel, _) = panel_choosing(Err("no portal and no zenity".to_owned()));
    let mut harness = harness_with(panel, Some(defaults()));
    harness.get_by_label("Choose file…").click();
    harness.run();
    harness.get_by_label(
        "No file dialog could be shown (no portal and no zenity): type the path in the field instead.",
    );
    assert!(!harness.state().panel.is_running());
}

#[test]
fn save_as_exports_where_the_dialog_says_starting_from_the_typed_name() {
    let folder = tempfile::tempdir().expect("temp dir");
    let export = folder.path().join("migration.csv");
    let (panel, asked) = panel_choosing(Ok(Some(export.clone())));
    let mut harness = harness_with(panel, Some(defaults()));
    load(&mut harness, INPUT);
    type_into(&mut harness, "Export to file", "campaign.csv");
    harness.get_by_label("Save as…").click();
    wait_for_worker(&mut harness);
    assert_eq!(
        *asked.lock().expect("not poisoned"),
        [FileQuestion::Save {
            file_name: "campaign.csv".to_owned()
        }]
    );
    harness.get_by_label_contains("Exported 4 rows to");
    let exported = std::fs::read_to_string(&export).expect("the export exists");
    assert_eq!(exported.lines().count(), 5, "the header and four rows");
    assert!(exported.contains(&link(V2)), "{exported}");
}

#[test]
fn an_export_that_cannot_be_written_says_why_and_leaves_no_file() {
    let folder = tempfile::tempdir().expect("temp dir");
    // A file where the export's folder would have to be: that folder cannot be made.
    let not_a_folder = folder.path().join("a-file");
    std::fs::write(&not_a_folder, "").expect("writes");
    let export = folder.path().join("a-file").join("links.csv");
    let mut harness = harness(Some(defaults()));
    load(&mut harness, INPUT);
    type_into(
        &mut harness,
        "Export to file",
        &export.display().to_string(),
    );
    harness.get_by_label("Export CSV").click();
    wait_for_worker(&mut harness);
    harness.get_by_label_contains(&format!("cannot write {}: ", export.display()));
    assert!(!export.exists());
}

#[test]
fn copy_all_links_copies_the_good_links_one_per_line() {
    let mut harness = harness(Some(defaults()));
    load(&mut harness, INPUT);
    harness.get_by_label("Copy all links").click();
    harness.step();
    let copied: Vec<&String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            OutputCommand::CopyText(text) => Some(text),
            _ => None,
        })
        .collect();
    let expected = format!("{}\n{}\n{}\n", link(V1), link(V2), link(V1));
    assert_eq!(copied, [&expected]);
}

#[test]
fn a_whole_input_problem_is_shown_in_words() {
    let mut harness = harness(Some(defaults()));
    load(&mut harness, "id,owner\nx,y\n");
    harness.get_by_label_contains("input: the header (id, owner) has no vehicle_id column");
}

#[test]
fn wrong_profile_values_are_shown_before_any_row() {
    let mut harness = harness(Some(BatchDefaults {
        client_id: "client_abc".into(),
        ..defaults()
    }));
    load(&mut harness, V1);
    harness.get_by_label_contains("error: client_id: this looks like an API credential id");
}

#[test]
fn a_long_batch_shows_progress_and_can_be_cancelled() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.txt");
    let ids: String = (0..400_000)
        .map(|n| format!("00000000-0000-4000-8000-{n:012x}\n"))
        .collect();
    std::fs::write(&input, ids).expect("writes the input");
    let mut harness = harness(Some(defaults()));
    type_into(&mut harness, "File to read", &input.display().to_string());
    harness.get_by_label("Build links from the file").click();
    harness.step();
    harness.step();
    assert!(harness.state().panel.is_running());
    harness.get_by_label_contains("rows read");
    harness.get_by_label("Cancel").click();
    wait_for_worker(&mut harness);
    harness.get_by_label_contains("Cancelled after");
    let table = harness.state().panel.table().expect("the rows read so far");
    assert!(table.cancelled);
    assert!(table.rows.len() < 400_000, "{}", table.rows.len());
}

#[test]
fn a_100k_row_table_lays_out_only_the_rows_in_view() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.txt");
    let id = |n: u32| format!("00000000-0000-4000-8000-{n:012x}");
    let ids: String = (0..100_000).map(|n| id(n) + "\n").collect();
    std::fs::write(&input, ids).expect("writes the input");
    let mut harness = harness(Some(defaults()));
    type_into(&mut harness, "File to read", &input.display().to_string());
    harness.get_by_label("Build links from the file").click();
    wait_for_worker(&mut harness);
    harness.get_by_label("100000 rows: 100000 good, 0 bad, 0 duplicates");
    harness.get_by_label(&id(0));
    assert!(
        harness.query_by_label(&id(99_999)).is_none(),
        "off-screen rows are not laid out"
    );
    let started = std::time::Instant::now();
    harness.step();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "a frame of a 100,000-row table took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_long_paste_is_summarised_not_laid_out_and_still_builds() {
    let ids: String = (0..20_000)
        .map(|n| format!("00000000-0000-4000-8000-{n:012x}\n"))
        .collect();
    let mut harness = harness(Some(defaults()));
    paste(&mut harness, &ids);
    harness.get_by_label_contains("Pasted 20000 lines");
    assert!(
        harness.query_by_label(PASTE_LABEL).is_none(),
        "the text field is set aside"
    );
    harness
        .get_by_label("Build links from the pasted text")
        .click();
    wait_for_worker(&mut harness);
    harness.get_by_label("20000 rows: 20000 good, 0 bad, 0 duplicates");
    harness.get_by_label("Clear the pasted text").click();
    harness.run();
    harness.get_by_label(PASTE_LABEL);
}

#[test]
fn counts_read_as_english_for_a_single_row() {
    let mut harness = harness(Some(defaults()));
    load(&mut harness, V1);
    harness.get_by_label("1 row: 1 good, 0 bad, 0 duplicates");
}

// ---- Filters and "go to row" ----

/// Six rows: row 2 is bad, rows 4 and 6 repeat rows 1 and 3, row 5 earns a warning.
const MIXED: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc\nabc def\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10\n36ab27d0-fd9d-4455-823a-ce30af709ffc\nv_5\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10\n";

#[test]
fn filters_show_only_their_rows_and_name_their_counts() {
    let mut harness = harness(Some(defaults()));
    load(&mut harness, MIXED);
    harness.get_by_label("All rows (6)");
    assert_eq!(harness.get_all_by_label(&link(V1)).count(), 2);

    harness.get_by_label("Bad rows (1)").click();
    harness.run();
    harness.get_by_label("abc def");
    assert!(
        harness.query_by_label(&link(V1)).is_none(),
        "good rows hidden"
    );

    harness.get_by_label("Duplicates (2)").click();
    harness.run();
    assert_eq!(harness.get_all_by_label(&link(V1)).count(), 1, "row 4 only");
    assert_eq!(harness.get_all_by_label(&link(V2)).count(), 1, "row 6 only");
    assert!(harness.query_by_label("abc def").is_none());

    harness.get_by_label("Rows with warnings (3)").click();
    harness.run();
    harness.get_by_label("v_5");
    assert!(harness.query_by_label("abc def").is_none());

    harness.get_by_label("All rows (6)").click();
    harness.run();
    harness.get_by_label("abc def");
    harness.get_by_label("6 rows: 5 good, 1 bad, 2 duplicates");
}

fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// A table of `count` rows, loaded from a file.
fn loaded_ids(count: u32) -> Harness<'static, State> {
    let ids: String = (1..=count).map(|n| id(n) + "\n").collect();
    let mut harness = harness(Some(defaults()));
    load(&mut harness, &ids);
    harness
}

#[test]
fn go_to_row_scrolls_the_row_into_view() {
    let mut harness = loaded_ids(5000);
    assert!(
        harness.query_by_label(&id(4321)).is_none(),
        "not in view yet"
    );
    type_into(&mut harness, "Go to row", "4321");
    harness.get_by_label("Go").click();
    harness.run();
    harness.get_by_label(&id(4321));
    harness.get_by_label("4321");
    assert!(
        harness.query_by_label(&id(1)).is_none(),
        "row 1 scrolled away"
    );
}

#[test]
fn go_to_row_with_enter_shows_a_row_the_filter_hides_among_all_rows() {
    let mut harness = harness(Some(defaults()));
    let mut input = String::from("abc def\n");
    input.extend((2..=3000).map(|n| id(n) + "\n"));
    load(&mut harness, &input);
    harness.get_by_label("Bad rows (1)").click();
    harness.run();
    type_into(&mut harness, "Go to row", "2999");
    harness.key_press(egui::Key::Enter);
    harness.run();
    harness.get_by_label(&id(2999));
    let all = harness.get_by_label("All rows (3000)");
    assert_eq!(
        all.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the filter is all rows again"
    );
}

#[test]
fn go_to_a_row_the_batch_has_not_says_which_numbers_it_has() {
    let mut harness = loaded_ids(40);
    for typed in ["0", "41", "row 3"] {
        harness.get_by_label("Go to row").focus();
        harness.run();
        harness.get_by_label("Go to row").type_text(typed);
        harness.get_by_label("Go").click();
        harness.run();
        harness.get_by_label_contains(&format!(
            "Go to row: \"{typed}\" is not a row of this batch: type a number from 1 to 40."
        ));
        clear_field(&mut harness, "Go to row");
    }
    harness.get_by_label(&id(1));
}

/// Selects all of the field's text and deletes it.
fn clear_field(harness: &mut Harness<'_, State>, label: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
}

#[test]
fn the_export_equals_the_command_line_for_a_file_with_states_users_and_carried_columns() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.csv");
    let mut text = String::from("owner,vehicle_id,state,user,notes\n");
    for n in 0..3000u32 {
        let vehicle = match n % 7 {
            0 => "bad id".to_owned(),
            1 => id(n / 2),
            _ => id(n),
        };
        text.push_str(&format!("o{n},{vehicle},st-{n},u{},\"a, {n}\"\n", n % 3));
    }
    std::fs::write(&input, &text).expect("writes");
    let export = folder.path().join("links.csv");
    let mut harness = harness(Some(defaults()));
    type_into(&mut harness, "File to read", &input.display().to_string());
    harness.get_by_label("Build links from the file").click();
    wait_for_worker(&mut harness);
    export_to(&mut harness, &export, 3000);

    let input = input.display().to_string();
    let batch = [
        "batch",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--input",
        &input,
    ];
    let cli = run_in(folder.path(), &batch, "");
    assert_exit(&cli, 2);
    let exported = std::fs::read_to_string(&export).expect("the export exists");
    assert!(
        exported == cli.stdout,
        "the export differs from the command line's output"
    );
}

// ---- Memory ----

/// The panel's worker (`BatchJob`: the pipeline into the row store) on the file named by
/// this variable, in a process of its own so its peak memory is its own.
const MEMORY_CHILD_INPUT: &str = "REAUTH_LINK_TEST_WINDOW_BATCH_INPUT";

/// Not a test on its own: the body of the child process `window_batch_peak_memory` starts.
#[test]
fn window_batch_memory_child() {
    let Some(input) = std::env::var_os(MEMORY_CHILD_INPUT) else {
        return;
    };
    let job = reauth_link::ui::batch::job::BatchJob::start(
        reauth_link::ui::batch::job::BatchSource::File(input.into()),
        defaults(),
        reauth_link::batch::BatchOptions::default(),
        egui::Context::default(),
    );
    let table = loop {
        if let Some(outcome) = job.poll() {
            break outcome.expect("the batch runs");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    // Kept until here, as the window keeps it.
    assert!(!table.rows.is_empty());
    println!("rows={}", table.rows.len());
}

/// Runs the panel's worker over `input` in a child process; its peak resident memory in
/// bytes, from wait4(2) (exact, after exit) rather than sampling.
fn window_batch_peak_memory(input: &std::path::Path) -> u64 {
    use std::io::Read;
    // The harness knows the child by its module path inside this binary.
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_, inner)| inner);
    let child_test = format!("{module}::window_batch_memory_child");
    // Reaped below by wait4, which std's `Child::wait` cannot replace: it drops rusage.
    #[allow(clippy::zombie_processes)]
    let mut child = std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", &child_test, "--nocapture", "--test-threads=1"])
        .env(MEMORY_CHILD_INPUT, input)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let peak = peak_rss::peak_bytes_of(child);
    let mut printed = String::new();
    stdout
        .read_to_string(&mut printed)
        .expect("the child's output");
    // A name that matched no test would measure an idle harness: the child must have run.
    assert!(
        printed.contains("rows="),
        "the child ran no batch: {printed}"
    );
    peak
}

/// Bytes a kept row of a random UUID may add to the window's peak: its 36-byte entry and
/// 36 bytes of text, the duplicate table's fingerprint (up to 30 bytes), and room for the
/// allocator's blocks. A `BatchRow` of owned strings per row took about 600.
const WINDOW_BYTES_PER_ROW: u64 = 120;

#[test]
fn the_window_batch_keeps_rows_in_a_flat_number_of_bytes_each() {
    let folder = tempfile::tempdir().expect("temp dir");
    let write = |name: &str, rows: u32| {
        let path = folder.path().join(name);
        let ids: String = (0..rows)
            .map(|n| {
                format!(
                    "{:08x}-{:04x}-4000-8000-{n:012x}\n",
                    n.wrapping_mul(2_654_435_761),
                    n % 65_536
                )
            })
            .collect();
        std::fs::write(&path, ids).expect("writes");
        path
    };
    let (small_rows, large_rows) = (50_000u64, 500_000u64);
    let small = write("small.txt", small_rows as u32);
    let large = write("large.txt", large_rows as u32);
    let small_peak = window_batch_peak_memory(&small);
    let large_peak = window_batch_peak_memory(&large);
    let per_row = large_peak.saturating_sub(small_peak) / (large_rows - small_rows);
    eprintln!(
        "peak RSS: {small_rows} rows {small_peak} B, {large_rows} rows {large_peak} B: {per_row} B a row"
    );
    assert!(
        per_row <= WINDOW_BYTES_PER_ROW,
        "{per_row} bytes a row, budget {WINDOW_BYTES_PER_ROW}"
    );
}

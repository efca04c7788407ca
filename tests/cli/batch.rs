//! `reauth-link batch` end to end: files and pipes, every exit code, and memory that
//! stays flat however long the input.

use crate::peak_rss;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const HEADER: &str = "vehicle_id,state,user,url,error";

fn config_dir() -> PathBuf {
    tempfile::tempdir().expect("temp dir").keep()
}

fn reauth_link() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    // Never touch the real profile file of whoever runs the tests.
    command.env("REAUTH_LINK_CONFIG_DIR", config_dir());
    command
}

fn batch() -> Command {
    let mut command = reauth_link();
    command.args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT]);
    command
}

fn link(vehicle: &str) -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={vehicle}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome"
    )
}

/// The run ended with exit `code` and stderr starting with `stderr_start`.
fn assert_stopped(output: &std::process::Output, code: i32, stderr_start: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert!(stderr.starts_with(stderr_start), "{stderr}");
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

#[test]
fn stdin_to_stdout_writes_one_row_per_id_and_exits_0() {
    let output = batch()
        .write_stdin(format!("{V1}\r\n\r\n{V2}\r\n"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!("{HEADER}\n{V1},,,{},\n{V2},,,{},\n", link(V1), link(V2))
    );
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));
}

#[test]
fn file_to_file_with_explicit_dashes_and_paths() {
    let folder = tempfile::tempdir().expect("temp dir");
    let input = folder.path().join("fleet.csv");
    let output_path = folder.path().join("links.csv");
    std::fs::write(
        &input,
        format!("\u{feff}vehicle_id,owner\r\n{V1},\"Ann, B\"\r\n"),
    )
    .expect("writes");
    let output = batch()
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&output_path)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&output_path).expect("written"),
        format!("{HEADER},owner\n{V1},,,{},,\"Ann, B\"\n", link(V1))
    );
    let leftovers = std::fs::read_dir(folder.path()).expect("lists").count();
    assert_eq!(leftovers, 2, "no temporary file is left behind");

    let dashes = batch()
        .args(["--input", "-", "--output", "-"])
        .write_stdin(V1)
        .output()
        .expect("runs");
    assert_eq!(dashes.status.code(), Some(0));
    assert!(text(&dashes.stdout).starts_with(HEADER));
}

#[test]
fn bad_rows_exit_2_with_every_other_row_written_and_a_summary() {
    let output = batch()
        .write_stdin(format!("{V1}\nabc def\n{V2}\n"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().count(), 4, "{stdout}");
    assert!(stdout.contains(&link(V2)), "{stdout}");
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("error: row 2: vehicle_id: contains a space"),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with("error: vehicle_id: 1 of 3 rows have no link (the first is row 2)"),
        "{stderr}"
    );
}

#[test]
fn row_warnings_go_to_stderr_capped_and_never_into_the_error_column() {
    let ids: String = (0..30).map(|n| format!("v{n}\n")).collect();
    let output = batch().write_stdin(ids).output().expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings do not fail the batch"
    );
    let stderr = text(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 21, "{stderr}");
    assert!(
        lines[0].starts_with("warning: row 1: vehicle_id: is not a UUID"),
        "{stderr}"
    );
    assert!(
        lines[19].starts_with("warning: row 20: vehicle_id:"),
        "{stderr}"
    );
    assert!(
        lines[20].starts_with("warning: rows: 10 more row messages not shown"),
        "{stderr}"
    );
    let stdout = text(&output.stdout);
    assert!(
        stdout.lines().skip(1).all(|line| line.ends_with(',')),
        "{stdout}"
    );
}

#[test]
fn duplicates_are_warned_with_the_first_row() {
    let output = batch()
        .write_stdin(format!("{V1}\n{V2}\n{V1}\n"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stderr),
        "warning: row 3: vehicle_id: the same id as row 1: this vehicle gets one more link\n"
    );
    assert_eq!(text(&output.stdout).lines().count(), 4);
}

#[test]
fn whole_input_problems_exit_2_and_write_nothing() {
    let cases: [(&[u8], &str); 4] = [
        (
            b"",
            "error: input: is empty: expected a CSV with a vehicle_id column",
        ),
        (
            b"id,owner\nx,y\n",
            "error: input: the header (id, owner) has no vehicle_id column",
        ),
        (
            b"\xFF\xFEv\x00",
            "error: input: is not UTF-8 text (it starts with a UTF-16 byte order mark)",
        ),
        (
            b"ve\xE9hicle\n",
            "error: input: is not UTF-8 text (byte 0xE9 at position 3",
        ),
    ];
    for (input, expected) in cases {
        let folder = tempfile::tempdir().expect("temp dir");
        let output_path = folder.path().join("out.csv");
        let output = batch()
            .arg("--output")
            .arg(&output_path)
            .write_stdin(input)
            .output()
            .expect("runs");
        assert_stopped(&output, 2, expected);
        assert!(!output_path.exists(), "nothing written for {expected}");
    }
}

#[test]
fn an_existing_output_file_survives_a_batch_that_stops_half_way() {
    let folder = tempfile::tempdir().expect("temp dir");
    let output_path = folder.path().join("links.csv");
    std::fs::write(&output_path, "keep me\n").expect("writes");
    let output = batch()
        .arg("--output")
        .arg(&output_path)
        .write_stdin(format!(
            "[{{\"eventType\":\"VEHICLE_ERROR\",\"vehicleId\":\"{V1}\"}}, {{"
        ))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("the JSON array breaks off at row 2"));
    assert_eq!(
        std::fs::read_to_string(&output_path).expect("reads"),
        "keep me\n"
    );
}

#[test]
fn wrong_shared_values_exit_2_before_reading_anything() {
    let output = reauth_link()
        .args([
            "batch",
            "--client-id",
            "client_123",
            "--redirect-uri",
            "ftp://x",
        ])
        .write_stdin(V1)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: client_id: this looks like an API credential id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("\nerror: redirect_uri: scheme `ftp` is not accepted"),
        "{stderr}"
    );
}

#[test]
fn missing_client_id_or_redirect_uri_is_a_usage_error() {
    let output = reauth_link()
        .args(["batch", "--client-id", APP])
        .write_stdin(V1)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--redirect-uri"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn unknown_profile_is_reported_by_the_profile_lookup() {
    let output = reauth_link()
        .args(["batch", "--profile", "nobody"])
        .write_stdin(V1)
        .output()
        .expect("runs");
    assert_stopped(&output, 2, "error: profile: no profile is named `nobody`");
    assert!(output.stdout.is_empty());
}

#[test]
fn unreadable_input_and_unwritable_output_exit_1() {
    let folder = tempfile::tempdir().expect("temp dir");
    let missing = folder.path().join("missing.csv");
    let output = batch().arg("--input").arg(&missing).output().expect("runs");
    assert_stopped(&output, 1, "error: cannot read ");

    // A file where the output's folder would have to be: that folder cannot be made.
    let not_a_folder = folder.path().join("a-file");
    std::fs::write(&not_a_folder, "").expect("writes");
    let nowhere = not_a_folder.join("out.csv");
    let output = batch()
        .arg("--output")
        .arg(&nowhere)
        .write_stdin(V1)
        .output()
        .expect("runs");
    assert_stopped(&output, 1, "error: cannot write ");
}

#[test]
fn random_state_makes_every_link_unique() {
    let output = batch()
        .arg("--random-state")
        .write_stdin(format!("{V1}\n{V1}\n{V2}\n"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = text(&output.stdout);
    let mut reader = csv::Reader::from_reader(stdout.as_bytes());
    let states: std::collections::HashSet<String> = reader
        .records()
        .map(|r| r.expect("CSV")[1].to_owned())
        .collect();
    assert_eq!(states.len(), 3);
    assert!(states.iter().all(|state| state.len() == 22), "{states:?}");
}

#[test]
fn json_events_on_stdin() {
    let event =
        format!(r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"{V1}","data":{{"errors":[]}}}}"#);
    let output = batch()
        .write_stdin(format!("[{event}]"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!("{HEADER}\n{V1},,,{},\n", link(V1))
    );
}

// ---- Memory ----

/// Runs the batch on `input` into a file in `folder`; returns the child's peak resident
/// memory in bytes, from wait4(2) (exact, after exit) rather than sampling.
fn peak_memory(input: &Path, folder: &Path) -> u64 {
    // Reaped below by wait4, which std's `Child::wait` cannot replace: it drops rusage.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_reauth-link"))
        .env("REAUTH_LINK_CONFIG_DIR", config_dir())
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(folder.join("out.csv"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    peak_rss::peak_bytes_of(child)
}

/// Writes ids (one per line, all distinct) until the file holds `bytes`; returns the rows.
fn write_ids(path: &Path, bytes: u64) -> u64 {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("creates"));
    let mut rows = 0;
    while rows * 37 < bytes {
        writeln!(file, "00000000-0000-4000-8000-{rows:012x}").expect("writes");
        rows += 1;
    }
    file.flush().expect("flushes");
    rows
}

/// Writes the same `distinct` ids over and over until the file holds `bytes`; returns the
/// rows.
fn write_repeated_ids(path: &Path, bytes: u64, distinct: u64) -> u64 {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("creates"));
    let mut rows = 0;
    while rows * 37 < bytes {
        writeln!(file, "00000000-0000-4000-8000-{:012x}", rows % distinct).expect("writes");
        rows += 1;
    }
    file.flush().expect("flushes");
    rows
}

/// A CSV with a 1,000-byte carried column: the file grows, the number of ids barely does.
fn write_wide_rows(path: &Path, bytes: u64) -> u64 {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("creates"));
    writeln!(file, "vehicle_id,notes").expect("writes");
    let notes = "n".repeat(1000);
    let mut rows = 0;
    while rows * 1038 < bytes {
        writeln!(file, "00000000-0000-4000-8000-{rows:012x},{notes}").expect("writes");
        rows += 1;
    }
    file.flush().expect("flushes");
    rows
}

const MB: u64 = 1_000_000;
const MIB: u64 = 1 << 20;

/// Bytes of memory each distinct id may add: a 12-byte fingerprint entry plus the hash
/// table's control byte, at a load of 7/8 down to 7/16. The tables are sharded, so a
/// doubling table's old copy beside the new is too small to count.
const FINGERPRINT_BUDGET: u64 = 13 * 16 / 7;

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "peak memory is read with Linux's wait4"
)]
fn memory_does_not_grow_with_the_bytes_of_the_input() {
    let folder = tempfile::tempdir().expect("temp dir");
    let small = folder.path().join("small.csv");
    let large = folder.path().join("large.csv");
    write_wide_rows(&small, 5 * MB);
    write_wide_rows(&large, 50 * MB);
    let small_peak = peak_memory(&small, folder.path());
    let large_peak = peak_memory(&large, folder.path());
    eprintln!("peak RSS: 5 MB input {small_peak} B, 50 MB input {large_peak} B");
    assert!(
        large_peak < small_peak + 4 * MIB,
        "10x the input must not cost memory: {small_peak} -> {large_peak}"
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "peak memory is read with Linux's wait4"
)]
fn memory_per_id_is_only_the_duplicate_fingerprint() {
    let folder = tempfile::tempdir().expect("temp dir");
    let small = folder.path().join("small.txt");
    let large = folder.path().join("large.txt");
    let small_rows = write_ids(&small, MB);
    let large_rows = write_ids(&large, 10 * MB);
    let small_peak = peak_memory(&small, folder.path());
    let large_peak = peak_memory(&large, folder.path());
    let budget = (large_rows - small_rows) * FINGERPRINT_BUDGET + 4 * MIB;
    eprintln!(
        "peak RSS: {small_rows} ids {small_peak} B, {large_rows} ids {large_peak} B (budget +{budget} B)"
    );
    assert!(
        large_peak < small_peak + budget,
        "{small_peak} -> {large_peak}"
    );
}

/// Bytes of memory a row may add when its id was seen before: near nothing. The room the
/// duplicate table makes ahead for a large input is untouched memory until ids land in it.
const REPEATED_ID_BUDGET: u64 = 4;

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "peak memory is read with Linux's wait4"
)]
fn a_repeated_id_costs_next_to_no_memory() {
    let folder = tempfile::tempdir().expect("temp dir");
    let small = folder.path().join("small.txt");
    let large = folder.path().join("large.txt");
    let small_rows = write_repeated_ids(&small, 10 * MB, 100);
    let large_rows = write_repeated_ids(&large, 60 * MB, 100);
    let small_peak = peak_memory(&small, folder.path());
    let large_peak = peak_memory(&large, folder.path());
    let per_row = large_peak.saturating_sub(small_peak) / (large_rows - small_rows);
    eprintln!(
        "peak RSS: {small_rows} rows {small_peak} B, {large_rows} rows {large_peak} B: {per_row} B a row"
    );
    assert!(
        per_row < REPEATED_ID_BUDGET,
        "{per_row} bytes a repeated row, budget {REPEATED_ID_BUDGET}"
    );
}

/// 100 MB of ids (2.7 million rows): about 17 s in a debug build.
#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "peak memory is read with Linux's wait4"
)]
fn a_100_mb_file_of_ids_streams_with_flat_memory() {
    let folder = tempfile::tempdir().expect("temp dir");
    let small = folder.path().join("small.txt");
    let large = folder.path().join("large.txt");
    let small_rows = write_ids(&small, 10 * MB);
    let large_rows = write_ids(&large, 100 * MB);
    let small_peak = peak_memory(&small, folder.path());
    let large_peak = peak_memory(&large, folder.path());
    let budget = (large_rows - small_rows) * FINGERPRINT_BUDGET + 4 * MIB;
    eprintln!(
        "peak RSS: {small_rows} ids {small_peak} B, {large_rows} ids {large_peak} B (budget +{budget} B)"
    );
    assert!(
        large_peak < small_peak + budget,
        "{small_peak} -> {large_peak}"
    );
    let written = std::fs::read(folder.path().join("out.csv")).expect("reads");
    let lines = written.iter().filter(|byte| **byte == b'\n').count() as u64;
    assert_eq!(lines, large_rows + 1);
}

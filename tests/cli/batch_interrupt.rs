//! Ctrl+C (SIGINT) or SIGTERM in the middle of `batch --output FILE`: the file written
//! over keeps its bytes, no temporary file stays beside it, and the exit code is the one
//! a shell reports for the signal (130, 143). The batch is held mid-run by a stdin that
//! stays open after its first rows.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_support::file_names;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const OLD_OUTPUT: &[u8] = b"vehicle_id,state,user,url,error\r\nthe last run's rows, \xE2\x9C\x93\n";

/// A batch writing over `output`, its stdin open with `rows` ids written, waited for
/// until its temporary file is beside the output. Its stdin is handed back: while it is
/// held, the batch cannot end on its own.
fn batch_mid_run(folder: &Path, config: &Path, rows: usize) -> (Child, ChildStdin) {
    let output = folder.join("links.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_reauth-link"))
        .env("REAUTH_LINK_CONFIG_DIR", config)
        .args(["batch", "--client-id", APP, "--redirect-uri", REDIRECT])
        .args(["--random-state", "--input", "-", "--output"])
        .arg(&output)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let mut stdin = child.stdin.take().expect("a stdin");
    for n in 0..rows {
        writeln!(stdin, "00000000-0000-4000-8000-{n:012x}").expect("writes a row");
    }
    stdin.flush().expect("flushes");
    let started = Instant::now();
    while file_names(folder).len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The rows written so far are being read and built while the signal comes.
    std::thread::sleep(Duration::from_millis(200));
    (child, stdin)
}

fn interrupted_batch_leaves_the_output_as_it_was(signal: &str, rows: usize, code: i32) {
    let folder = tempfile::tempdir().expect("temp dir");
    let config = tempfile::tempdir().expect("temp dir");
    let output = folder.path().join("links.csv");
    std::fs::write(&output, OLD_OUTPUT).expect("writes the last run's output");
    let (mut child, stdin) = batch_mid_run(folder.path(), config.path(), rows);
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "the signal was sent");
    let status = child.wait().expect("the batch ends");
    drop(stdin);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("a stderr")
        .read_to_string(&mut stderr)
        .expect("reads stderr");
    assert_eq!(status.code(), Some(code), "{signal}: {stderr}");
    assert_eq!(
        std::fs::read(&output).expect("reads"),
        OLD_OUTPUT,
        "{signal}: the output is byte for byte the last run's"
    );
    assert_eq!(
        file_names(folder.path()),
        ["links.csv"],
        "{signal}: no temporary file"
    );
}

#[test]
fn sigint_leaves_the_output_as_it_was_and_no_temporary_file() {
    interrupted_batch_leaves_the_output_as_it_was("INT", 3, 130);
}

#[test]
fn sigterm_leaves_the_output_as_it_was_and_no_temporary_file() {
    interrupted_batch_leaves_the_output_as_it_was("TERM", 3, 143);
}

#[test]
fn a_signal_after_several_chunks_were_written_leaves_no_trace_either() {
    for (signal, code) in [("INT", 130), ("TERM", 143)] {
        interrupted_batch_leaves_the_output_as_it_was(signal, 5_000, code);
    }
}

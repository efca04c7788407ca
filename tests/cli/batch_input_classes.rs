//! `reauth-link batch` on input as real tools write it, end to end: the classes that once
//! ended with exit 0 and a wrong or missing link now give every link, or exit 2 saying
//! which row or what part of the input is wrong.

use assert_cmd::Command;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const V3: &str = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

fn batch() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    // Never touch the real profile file of whoever runs the tests.
    let config = tempfile::tempdir().expect("temp dir").keep();
    command.env("REAUTH_LINK_CONFIG_DIR", config);
    command.args([
        "batch",
        "--client-id",
        APP,
        "--redirect-uri",
        "https://example.com/home",
    ]);
    command
}

/// Each output row's vehicle id and the `vehicle_id` its link carries ("" for none).
fn rows(stdout: &[u8]) -> Vec<(String, String)> {
    csv::Reader::from_reader(stdout)
        .records()
        .map(|record| {
            let record = record.expect("the output is CSV");
            let linked = url::Url::parse(&record[3])
                .ok()
                .and_then(|url| {
                    url.query_pairs()
                        .find(|(name, _)| name == "vehicle_id")
                        .map(|(_, value)| value.into_owned())
                })
                .unwrap_or_default();
            (record[0].to_owned(), linked)
        })
        .collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_csv_with_carriage_return_line_ends_gives_every_row_its_link() {
    let output = batch()
        .write_stdin(format!("vehicle_id;note\r{V1};a\r{V2};b\r{V3};c\r"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let expected: Vec<(String, String)> = [V1, V2, V3]
        .iter()
        .map(|id| ((*id).to_owned(), (*id).to_owned()))
        .collect();
    assert_eq!(rows(&output.stdout), expected);
}

#[test]
fn mangled_ids_exit_2_naming_their_rows_and_the_others_keep_their_links() {
    let output = batch()
        .write_stdin(format!("{V1};{V2}\n#{V3}\n{V3}\n1.23457E+19\n"))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: row 1: vehicle_id: holds 2 UUIDs"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: row 2: vehicle_id: is the UUID `{V3}` with `#`"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: row 4: vehicle_id: reads as a number in scientific notation"),
        "{stderr}"
    );
    let linked: Vec<String> = rows(&output.stdout).into_iter().map(|r| r.1).collect();
    assert_eq!(linked, ["", "", V3, ""]);
}

#[test]
fn a_second_json_array_exits_2_and_leaves_no_output_file() {
    let event = |id: &str| {
        format!(r#"{{"eventType":"VEHICLE_ERROR","data":{{"vehicle":{{"id":"{id}"}}}}}}"#)
    };
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("links.csv");
    let output = batch()
        .arg("--output")
        .arg(&path)
        .write_stdin(format!("[{}]\n[{}]\n", event(V1), event(V2)))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: input: the input goes on after the JSON array's closing `]` (after row 1)"
        ),
        "{stderr}"
    );
    assert!(!path.exists(), "no file that looks like the whole batch");
}

#[test]
fn the_same_vehicle_in_capitals_is_warned_as_a_duplicate() {
    let output = batch()
        .write_stdin(format!("{V1}\n{}\n", V1.to_uppercase()))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: row 2: vehicle_id: the same id as row 1"),
        "{stderr}"
    );
}

#[test]
fn an_event_naming_two_vehicles_exits_2_naming_its_row() {
    let output = batch()
        .write_stdin(format!(
            "{{\"eventType\":\"VEHICLE_ERROR\",\"vehicleId\":\"{V1}\",\"data\":{{\"vehicle\":{{\"id\":\"{V2}\"}}}}}}\n"
        ))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "error: row 1: vehicle_id: the event names two vehicles ({V1} in vehicleId, {V2} in data.vehicle.id), so neither was taken"
        )),
        "{stderr}"
    );
    let linked: Vec<String> = rows(&output.stdout).into_iter().map(|r| r.1).collect();
    assert_eq!(linked, [""]);
}

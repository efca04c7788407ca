//! The batch core: every input form, every row and whole-input error path, and the CSV
//! it writes.

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

use reauth_link_core::batch::{
    Batch, BatchDefaults, BatchError, BatchOptions, BatchSummary, InputError, InputFormat,
    RowFilter, RowStore, run_batch, run_batch_into,
};
use reauth_link_core::link::Contract;

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const V3: &str = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
const HEADER: &str = "vehicle_id,state,user,url,error";

fn defaults() -> BatchDefaults {
    BatchDefaults {
        client_id: APP.into(),
        redirect_uri: Some(REDIRECT.into()),
        ..BatchDefaults::default()
    }
}

/// The link the core builds for one vehicle with the test defaults.
fn link(vehicle: &str, state: Option<&str>, user: Option<&str>) -> String {
    let mut link = format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={vehicle}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome"
    );
    if let Some(state) = state {
        link.push_str(&format!("&state={state}"));
    }
    if let Some(user) = user {
        link.push_str(&format!("&user={user}"));
    }
    link
}

struct Run {
    summary: BatchSummary,
    csv: String,
    format: InputFormat,
    warnings: Vec<(u32, String)>,
}

fn run_with(
    input: &[u8],
    defaults: &BatchDefaults,
    options: BatchOptions,
) -> Result<Run, BatchError> {
    let batch = Batch::open(input, defaults, options)?;
    let format = batch.format();
    let mut warnings = Vec::new();
    let (summary, bytes) = run_batch(batch, Vec::new(), |row| {
        warnings.extend(row.warnings.iter().map(|w| (row.number, w.clone())));
        ControlFlow::Continue(())
    })?;
    Ok(Run {
        summary,
        csv: String::from_utf8_lossy(&bytes).into_owned(),
        format,
        warnings,
    })
}

fn run(input: &str) -> Run {
    run_with(input.as_bytes(), &defaults(), BatchOptions::default()).expect("the batch runs")
}

/// The output's rows as fields, header included.
fn table(csv_text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("the output is valid CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn input_error(input: &[u8]) -> InputError {
    match run_with(input, &defaults(), BatchOptions::default()) {
        Err(BatchError::Input(error)) => error,
        Err(other) => panic!("expected an input error, got {other:?}"),
        Ok(run) => panic!("expected an input error, got output {}", run.csv),
    }
}

#[test]
fn plain_list_gives_one_link_per_id_in_order() {
    let out = run(&format!("{V1}\n{V2}\n{V3}\n"));
    assert_eq!(out.format, InputFormat::IdList);
    assert_eq!(
        out.csv,
        format!(
            "{HEADER}\n{V1},,,{},\n{V2},,,{},\n{V3},,,{},\n",
            link(V1, None, None),
            link(V2, None, None),
            link(V3, None, None)
        )
    );
    assert_eq!(
        (out.summary.rows, out.summary.good, out.summary.bad),
        (3, 3, 0)
    );
}

#[test]
fn list_with_crlf_bom_blank_lines_and_no_final_newline() {
    let input = format!("\u{feff}\r\n{V1}\r\n\r\n   \r\n{V2}\r\n\n{V3}");
    let out = run(&input);
    assert_eq!(out.format, InputFormat::IdList);
    let rows = table(&out.csv);
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, [V1, V2, V3]);
    assert!(rows[1..].iter().all(|r| r[4].is_empty()), "{}", out.csv);
}

#[test]
fn csv_with_header_keeps_state_user_and_carries_other_columns() {
    let input = format!(
        "owner,vehicle_id,state,note,user\nAnn,{V1},state-0001,\"VIP, call first\",ann-7\nBob,{V2},,\"said \"\"hi\"\"\",\n"
    );
    let out = run(&input);
    assert_eq!(out.format, InputFormat::CsvWithHeader { delimiter: b',' });
    let rows = table(&out.csv);
    assert_eq!(
        rows[0],
        [
            "vehicle_id",
            "state",
            "user",
            "url",
            "error",
            "owner",
            "note"
        ]
    );
    assert_eq!(
        rows[1],
        [
            V1.to_owned(),
            "state-0001".into(),
            "ann-7".into(),
            link(V1, Some("state-0001"), Some("ann-7")),
            String::new(),
            "Ann".into(),
            "VIP, call first".into(),
        ]
    );
    assert_eq!(rows[2][5..], ["Bob", "said \"hi\""]);
    assert_eq!(rows[2][3], link(V2, None, None));
}

#[test]
fn header_names_are_found_in_any_case_and_with_spaces() {
    let out = run(&format!(" Vehicle_ID ;User\n{V1};u-1\n"));
    assert_eq!(out.format, InputFormat::CsvWithHeader { delimiter: b';' });
    assert_eq!(table(&out.csv)[1][3], link(V1, None, Some("u-1")));
    let tabs = run(&format!("name\tvehicle_id\nA\t{V2}\n"));
    assert_eq!(tabs.format, InputFormat::CsvWithHeader { delimiter: b'\t' });
    assert_eq!(table(&tabs.csv)[1][5], "A");
}

#[test]
fn quoted_values_with_line_breaks_stay_one_row() {
    let out = run(&format!("vehicle_id,note\n{V1},\"two\nlines\"\n{V2},x\n"));
    let rows = table(&out.csv);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][5], "two\nlines");
    assert_eq!(rows[2][0], V2);
}

#[test]
fn short_rows_are_padded_and_extra_values_are_noted() {
    let out = run(&format!("vehicle_id,a,b\n{V1}\n{V2},1,2,3\n"));
    let rows = table(&out.csv);
    assert_eq!(rows[1][5..], ["", ""]);
    assert_eq!(rows[2][5..], ["1", "2"]);
    assert_eq!(out.summary.good, 2);
    assert!(
        out.warnings
            .iter()
            .any(|(row, w)| *row == 2 && w.contains("4 values but the header names 3 columns")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn bad_id_in_the_middle_gets_an_error_and_the_rest_still_come_out() {
    let out = run(&format!("{V1}\nabc def\n{V2}\n"));
    let rows = table(&out.csv);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[2][0], "abc def");
    assert_eq!(rows[2][3], "", "a bad row has no url");
    assert!(
        rows[2][4].starts_with("vehicle_id: contains a space at character 4"),
        "{}",
        rows[2][4]
    );
    assert_eq!(rows[3][3], link(V2, None, None));
    assert_eq!(
        (out.summary.good, out.summary.bad, out.summary.first_bad),
        (2, 1, Some(2))
    );
}

#[test]
fn a_link_pasted_as_an_id_names_the_field() {
    let out = run(&format!("vehicle_id,user\nhttps://x.example/a,u\n{V1},\n"));
    let rows = table(&out.csv);
    assert!(
        rows[1][4].starts_with("vehicle_id: is a link"),
        "{}",
        rows[1][4]
    );
}

#[test]
fn empty_vehicle_id_in_a_csv_row_is_a_bad_row() {
    let out = run(&format!("vehicle_id,user\n,u-1\n{V1},u-2\n"));
    let rows = table(&out.csv);
    assert!(
        rows[1][4].starts_with("vehicle_id: required"),
        "{}",
        rows[1][4]
    );
    assert_eq!(rows[1][2], "u-1");
    assert_eq!(out.summary.bad, 1);
}

#[test]
fn row_errors_name_every_blocking_field() {
    let out = run(&format!("vehicle_id,state\n{V1},\"ab\u{1}cdefgh\"\n"));
    let error = &table(&out.csv)[1][4];
    assert!(
        error.starts_with("state: contains the control character U+0001"),
        "{error}"
    );
}

#[test]
fn duplicates_are_reported_with_the_first_row_and_still_get_links() {
    let out = run(&format!("{V1}\n{V2}\n{V1}\n {V1} \n"));
    assert_eq!(out.summary.duplicates, 2);
    assert_eq!(
        out.summary.good, 4,
        "a duplicate is a warning, not an error"
    );
    let duplicate_warnings: Vec<_> = out
        .warnings
        .iter()
        .filter(|(_, w)| w.starts_with("vehicle_id: the same id as row 1"))
        .map(|(row, _)| *row)
        .collect();
    assert_eq!(duplicate_warnings, [3, 4]);
}

#[test]
fn warnings_name_the_field_and_leave_the_row_good() {
    let out = run("not-a-uuid-1\n");
    assert_eq!(out.summary.good, 1);
    assert_eq!(out.summary.with_warnings, 1);
    assert!(
        out.warnings[0].1.starts_with("vehicle_id: is not a UUID"),
        "{:?}",
        out.warnings
    );
    assert_eq!(
        table(&out.csv)[1][4],
        "",
        "warnings never go in the error column"
    );
}

#[test]
fn list_line_with_several_values_is_a_bad_row() {
    let out = run(&format!("{V1}\n{V2},{V3}\n"));
    let rows = table(&out.csv);
    assert!(
        rows[2][4].starts_with("vehicle_id: this line holds 2 comma-separated values"),
        "{}",
        rows[2][4]
    );
}

#[test]
fn missing_vehicle_id_column_is_a_whole_input_error_naming_the_header() {
    let error = input_error(format!("id,owner\n{V1},Ann\n").as_bytes());
    assert!(matches!(error, InputError::MissingVehicleIdColumn { .. }));
    let message = error.to_string();
    assert!(
        message.contains("(id, owner) has no vehicle_id column"),
        "{message}"
    );
    assert!(!error.is_io());
}

#[test]
fn a_one_column_header_spelled_differently_is_not_taken_for_an_id() {
    for header in ["vehicleId", "Vehicle ID", "id", "VIN"] {
        let error = input_error(format!("{header}\n{V1}\n").as_bytes());
        assert!(
            error
                .to_string()
                .contains(&format!("({header}) has no vehicle_id column")),
            "{header}: {error}"
        );
    }
}

#[test]
fn empty_input_is_a_whole_input_error() {
    for input in ["", "\n\n", "\u{feff}", "  \r\n\t\n"] {
        let error = input_error(input.as_bytes());
        assert!(matches!(error, InputError::Empty), "{input:?}: {error}");
        assert!(
            error
                .to_string()
                .starts_with("is empty: expected a CSV with a vehicle_id column")
        );
    }
}

#[test]
fn non_utf8_start_is_a_whole_input_error() {
    let latin1 = b"vehicle_id,name\n36ab27d0-fd9d-4455-823a-ce30af709ffc,Jos\xE9\n";
    // The header is fine: the bad byte is in a carried column and passes untouched.
    let out = run_with(latin1, &defaults(), BatchOptions::default()).expect("runs");
    assert_eq!(out.summary.good, 1);

    let error = input_error(b"vehicle_\xFFid\n");
    assert!(matches!(error, InputError::NotUtf8 { .. }), "{error}");
    assert!(
        error.to_string().contains("byte 0xFF at position 9"),
        "{error}"
    );

    let utf16 = input_error(b"\xFF\xFEv\x00e\x00");
    assert!(utf16.to_string().contains("UTF-16"), "{utf16}");
    let utf16_without_bom = input_error(b"v\x00e\x00h\x00\n\x00");
    assert!(
        utf16_without_bom.to_string().contains("NUL"),
        "{utf16_without_bom}"
    );
}

#[test]
fn non_utf8_id_in_a_later_row_is_that_rows_error() {
    let mut input = format!("{V1}\n").into_bytes();
    input.extend_from_slice(b"36ab27d0-\xFF\n");
    input.extend_from_slice(format!("{V2}\n").as_bytes());
    let out = run_with(&input, &defaults(), BatchOptions::default()).expect("runs");
    let rows = table(&out.csv);
    assert!(
        rows[2][4].starts_with("vehicle_id: is not UTF-8 text (byte 0xFF at position 10"),
        "{}",
        rows[2][4]
    );
    assert_eq!(out.summary.bad, 1);
    assert_eq!(rows[3][3], link(V2, None, None));
}

#[test]
fn carried_columns_pass_bytes_through_untouched() {
    let input = b"vehicle_id,raw\n36ab27d0-fd9d-4455-823a-ce30af709ffc,a\xE9b\n";
    let batch = Batch::open(&input[..], &defaults(), BatchOptions::default()).expect("opens");
    let (_, bytes) = run_batch(batch, Vec::new(), |_| ControlFlow::Continue(())).expect("runs");
    assert!(
        bytes.ends_with(b",,a\xE9b\n"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

fn webhook(vehicle: &str, resolved: bool) -> String {
    let state = if resolved {
        r#","state":"RESOLVED""#
    } else {
        ""
    };
    format!(
        r#"{{"eventId":"e-1","eventType":"VEHICLE_ERROR","vehicleId":"{vehicle}","data":{{"errors":[{{"type":"CONNECTED_SERVICES_ACCOUNT","code":"AUTHENTICATION_FAILED","resolution":{{"type":"REAUTHENTICATE"}}}}]{state}}}}}"#
    )
}

fn api_error(vehicle: &str) -> String {
    format!(
        r#"{{"type":"CONNECTED_SERVICES_ACCOUNT","code":"AUTHENTICATION_FAILED","resolution":{{"type":"REAUTHENTICATE","url":"https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={vehicle}"}}}}"#
    )
}

#[test]
fn json_lines_of_webhooks_and_error_bodies_give_their_vehicles() {
    let input = format!("{}\n\n{}\n", webhook(V1, false), api_error(V2));
    let out = run(&input);
    assert_eq!(out.format, InputFormat::JsonLines);
    let rows = table(&out.csv);
    assert_eq!(rows[0], ["vehicle_id", "state", "user", "url", "error"]);
    assert_eq!(rows[1][3], link(V1, None, None));
    assert_eq!(rows[2][3], link(V2, None, None));
}

#[test]
fn json_lines_read_pretty_printed_objects_and_report_broken_lines() {
    let pretty = serde_json::to_string_pretty(
        &serde_json::from_str::<serde_json::Value>(&webhook(V1, false)).expect("valid"),
    )
    .expect("prints");
    let input = format!(
        "{pretty}\n{{\"eventType\": \n{}\nnot json\n{}\n",
        api_error(V2),
        webhook(V3, false)
    );
    let out = run(&input);
    let rows = table(&out.csv);
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids, [V1, "", V2, "", V3]);
    assert!(
        rows[2][4].starts_with("vehicle_id: not read: not a JSON object"),
        "{}",
        rows[2][4]
    );
    assert!(
        rows[4][4].starts_with("vehicle_id: not read: not a JSON object"),
        "{}",
        rows[4][4]
    );
    assert_eq!((out.summary.good, out.summary.bad), (3, 2));
}

#[test]
fn json_array_streams_its_elements_and_reports_each_bad_one() {
    let input = format!(
        "[\n {},\n {},\n {{\"eventType\":\"VEHICLE_STATE\"}},\n 42,\n {}\n]\n",
        webhook(V1, true),
        api_error(V2),
        webhook(V3, false)
    );
    let out = run(&input);
    assert_eq!(out.format, InputFormat::JsonArray);
    let rows = table(&out.csv);
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[1][3], link(V1, None, None));
    assert!(
        out.warnings
            .iter()
            .any(|(row, w)| *row == 1 && w.contains("RESOLVED")),
        "{:?}",
        out.warnings
    );
    assert!(
        rows[3][4].contains("`VEHICLE_STATE` does not ask for re-authentication"),
        "{}",
        rows[3][4]
    );
    assert!(
        rows[4][4].starts_with("vehicle_id: not read: this JSON is neither"),
        "{}",
        rows[4][4]
    );
    assert_eq!(rows[5][3], link(V3, None, None));
}

#[test]
fn json_array_strings_with_brackets_do_not_confuse_the_scanner() {
    let element = format!(r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"{V1}","x":"],}}{{\"["}}"#);
    let out = run(&format!("[{element},{}]", webhook(V2, false)));
    let ids: Vec<String> = table(&out.csv)[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, [V1, V2]);
}

#[test]
fn json_event_without_a_vehicle_is_a_bad_row() {
    let out = run(r#"{"type":"SERVER","code":"INTERNAL","resolution":{"type":"RETRY_LATER"}}"#);
    let error = &table(&out.csv)[1][4];
    assert!(
        error.starts_with("vehicle_id: this API error names no vehicle"),
        "{error}"
    );
}

#[test]
fn a_json_array_cut_short_stops_with_an_input_error() {
    let input = format!("[{}, {{\"eventType\":", webhook(V1, false));
    let batch = Batch::open(input.as_bytes(), &defaults(), BatchOptions::default()).expect("opens");
    let mut rows = 0;
    let result = run_batch(batch, Vec::new(), |_| {
        rows += 1;
        ControlFlow::Continue(())
    });
    let Err(BatchError::Input(error)) = result else {
        panic!("expected an input error");
    };
    assert_eq!(rows, 1, "the rows before the break still come out");
    assert!(error.to_string().contains("breaks off at row 2"), "{error}");
}

#[test]
fn random_state_gives_every_row_a_unique_22_character_state() {
    let ids: String = (0..500).map(|n| format!("v-{n}\n")).collect();
    let input = format!("vehicle_id,state\nown,own-state-1\n{ids}");
    let out = run_with(
        input.as_bytes(),
        &defaults(),
        BatchOptions { random_state: true },
    )
    .expect("runs");
    let rows = table(&out.csv);
    assert_eq!(rows[1][1], "own-state-1", "a row's own state is kept");
    let states: HashSet<&str> = rows[2..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(states.len(), 500);
    for row in &rows[2..] {
        assert_eq!(row[1].len(), 22);
        assert!(
            row[3].ends_with(&format!("&state={}", row[1])),
            "{}",
            row[3]
        );
    }
}

/// The rows of `input` as the window keeps them, through the command line's pipeline.
fn stored(
    input: &[u8],
    defaults: &BatchDefaults,
    options: BatchOptions,
) -> (BatchSummary, RowStore) {
    let batch = Batch::open(input, defaults, options).expect("opens");
    let store = RowStore::for_batch(&batch);
    run_batch_into(batch, store, |_| ControlFlow::Continue(())).expect("runs")
}

#[test]
fn kept_rows_keep_the_random_states_of_the_run_and_their_links_carry_them() {
    let input: String = (0..600).map(|n| format!("v-{n}\n")).collect();
    let (_, rows) = stored(
        input.as_bytes(),
        &defaults(),
        BatchOptions { random_state: true },
    );
    let states: HashSet<&str> = rows.rows().map(|row| row.state).collect();
    assert_eq!(states.len(), 600);
    for row in rows.rows() {
        assert_eq!(row.state.len(), 22);
        let mut url = String::new();
        assert!(rows.write_link(&row, &mut url));
        assert!(url.ends_with(&format!("&state={}", row.state)), "{url}");
    }
    let exported = String::from_utf8(rows.write_csv(Vec::new()).expect("writes")).expect("UTF-8");
    let exported_states: Vec<String> = table(&exported)[1..].iter().map(|r| r[1].clone()).collect();
    let kept_states: Vec<&str> = rows.rows().map(|row| row.state).collect();
    assert_eq!(
        exported_states, kept_states,
        "the export writes the run's states"
    );
}

/// Inputs with every kind of row: carried columns (quoted, empty, short and long rows,
/// bytes that are not UTF-8), own states and users, bad rows, duplicates, warnings, JSON.
const STORE_INPUTS: [&[u8]; 9] = [
    b"36ab27d0-fd9d-4455-823a-ce30af709ffc\nabc def\n\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10\n36ab27d0-fd9d-4455-823a-ce30af709ffc\n",
    b"vehicle_id,state,user,owner,notes\n36ab27d0-fd9d-4455-823a-ce30af709ffc,s1,u1,Ann,\"a, b\"\nabc def,,,Bob\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10,,,\"Cy\nD\",x,extra\n,,,,\n",
    b"vehicle_id;owner\nv_1;A\nv 2;B\nv_1;C\n",
    b"vehicle_id,raw\n36ab27d0-fd9d-4455-823a-ce30af709ffc,a\xE9b\nx\xFFy,z\n",
    b"vehicle_id,state\nhttps://connect.smartcar.com/oauth/reauthenticate?vehicle_id=1,\n36AB27D0-FD9D-4455-823A-CE30AF709FFC,has space\n",
    b"{\"eventType\":\"VEHICLE_ERROR\",\"vehicleId\":\"36ab27d0-fd9d-4455-823a-ce30af709ffc\",\"data\":{\"errors\":[]}}\n{broken\n",
    b"vehicle_id,user\nv-1,\nv-2,own user\nv-3,  \n",
    b"vehicle_id\n",
    b"vehicle_id,state,note\n\"{36ab27d0-fd9d-4455-823a-ce30af709ffc}\",shared-state,=cmd\n4BB5B2A3-0C36-4A6D-9B87-0A1D58AD6F10\xE2\x80\x8B,shared-state,x\nv_1\xE2\x80\x8B,,\n",
];

#[test]
fn kept_rows_export_the_same_bytes_as_the_command_lines_stream() {
    let with_user = BatchDefaults {
        user: Some("fleet-ops".into()),
        ..defaults()
    };
    for input in STORE_INPUTS {
        for defaults in [defaults(), with_user.clone()] {
            let streamed = run_with(input, &defaults, BatchOptions::default()).expect("runs");
            let (summary, rows) = stored(input, &defaults, BatchOptions::default());
            let exported = rows.write_csv(Vec::new()).expect("writes");
            assert_eq!(
                String::from_utf8_lossy(&exported),
                streamed.csv,
                "input {}",
                String::from_utf8_lossy(input)
            );
            assert_eq!(summary, streamed.summary);
            assert_eq!(rows.len(), summary.rows as usize);
        }
    }
}

#[test]
fn kept_rows_give_back_every_value_and_the_links_the_batch_built() {
    let input = b"vehicle_id,state,user,owner\n36ab27d0-fd9d-4455-823a-ce30af709ffc,s1,u1,Ann\nabc def,,,Bob\n4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10,,,Cy\n36ab27d0-fd9d-4455-823a-ce30af709ffc,,,Ann again\n";
    let defaults = BatchDefaults {
        user: Some("fleet-ops".into()),
        ..defaults()
    };
    let (_, rows) = stored(input, &defaults, BatchOptions::default());
    let batch = Batch::open(&input[..], &defaults, BatchOptions::default()).expect("opens");
    let mut built = Vec::new();
    run_batch(batch, std::io::sink(), |row| {
        built.push(row.clone());
        ControlFlow::Continue(())
    })
    .expect("runs");
    assert_eq!(rows.len(), built.len());
    for (kept, built) in rows.rows().zip(&built) {
        assert_eq!(kept.number, built.number);
        assert_eq!(kept.vehicle_id, built.vehicle_id);
        assert_eq!(kept.state, built.state);
        assert_eq!(kept.user, built.user);
        assert_eq!(kept.error, built.error_text());
        assert_eq!(kept.duplicate_of, built.duplicate_of);
        assert_eq!(kept.warnings().collect::<Vec<_>>(), built.warnings);
        assert_eq!(
            kept.carried().collect::<Vec<_>>(),
            built.carried.iter().collect::<Vec<_>>()
        );
        let mut url = String::new();
        assert_eq!(rows.write_link(&kept, &mut url), built.is_good());
        assert_eq!(url, built.url);
    }
    assert_eq!(rows.row(4), None, "four rows");
    let expected_links = format!(
        "{}\n{}\n{}\n",
        link(V1, Some("s1"), Some("u1")),
        link(V2, None, Some("fleet-ops")),
        link(V1, None, Some("fleet-ops"))
    );
    assert_eq!(
        rows.links(),
        expected_links,
        "copy all: the good rows' links"
    );
}

#[test]
fn filters_list_the_bad_the_warned_and_the_duplicate_rows() {
    let input = format!("{V1}\nabc def\n{V2}\n{V1}\nv_5\n{V2}\n");
    let (summary, rows) = stored(input.as_bytes(), &defaults(), BatchOptions::default());
    assert_eq!(rows.filtered(RowFilter::All), None);
    assert_eq!(rows.filtered(RowFilter::Bad), Some(&[1][..]));
    assert_eq!(rows.filtered(RowFilter::Duplicates), Some(&[3, 5][..]));
    // Row 5's id is not a UUID: a warning, as a duplicate's is.
    assert_eq!(rows.filtered(RowFilter::WithWarnings), Some(&[3, 4, 5][..]));
    let counts = [
        RowFilter::All,
        RowFilter::Bad,
        RowFilter::Duplicates,
        RowFilter::WithWarnings,
    ]
    .map(|filter| rows.count(filter));
    assert_eq!(
        counts,
        [6, summary.bad, summary.duplicates, summary.with_warnings].map(|n| n as usize)
    );
    // Row numbers to positions and back, for "go to row".
    let table = [
        (RowFilter::All, 1, Some(0)),
        (RowFilter::All, 6, Some(5)),
        (RowFilter::All, 7, None),
        (RowFilter::All, 0, None),
        (RowFilter::Bad, 2, Some(0)),
        (RowFilter::Bad, 1, None),
        (RowFilter::Duplicates, 6, Some(1)),
        (RowFilter::WithWarnings, 5, Some(1)),
    ];
    for (filter, number, position) in table {
        assert_eq!(
            rows.position(filter, number),
            position,
            "{filter:?} row {number}"
        );
        if let Some(position) = position {
            assert_eq!(rows.index_at(filter, position), Some(number as usize - 1));
        }
    }
    assert_eq!(rows.index_at(RowFilter::Bad, 1), None);
}

#[test]
fn profile_user_fills_rows_without_their_own() {
    let defaults = BatchDefaults {
        user: Some("fleet-9".into()),
        ..defaults()
    };
    let input = format!("vehicle_id,user\n{V1},\n{V2},own-1\n");
    let out = run_with(input.as_bytes(), &defaults, BatchOptions::default()).expect("runs");
    let rows = table(&out.csv);
    assert_eq!(rows[1][2], "fleet-9");
    assert_eq!(rows[2][2], "own-1");
    assert_eq!(rows[2][3], link(V2, None, Some("own-1")));
}

#[test]
fn shared_values_are_checked_once_before_any_row() {
    let bad = BatchDefaults {
        client_id: "client_abc".into(),
        redirect_uri: Some("http://example.com/cb".into()),
        ..BatchDefaults::default()
    };
    let Err(error @ BatchError::Shared { .. }) = run_with(b"x\n", &bad, BatchOptions::default())
    else {
        panic!("the shared values are wrong");
    };
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("error: client_id: this looks like an API credential id"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("error: redirect_uri: uses http with host `example.com`"),
        "{lines:?}"
    );
}

#[test]
fn left_out_redirect_uri_is_one_shared_warning_not_one_per_row() {
    let defaults = BatchDefaults {
        redirect_uri: None,
        ..defaults()
    };
    let input = format!("{V1}\n{V2}\n");
    let batch = Batch::open(input.as_bytes(), &defaults, BatchOptions::default()).expect("opens");
    assert_eq!(batch.shared_warnings().len(), 1);
    assert!(
        batch.shared_warnings()[0]
            .line(Contract::Classic)
            .starts_with("warning: redirect_uri: left out")
    );
    let mut rows = Vec::new();
    run_batch(batch, std::io::sink(), |row| {
        rows.push(row.clone());
        ControlFlow::Continue(())
    })
    .expect("runs");
    assert!(rows.iter().all(|row| row.warnings.is_empty()), "{rows:?}");
    assert!(!rows[0].url.contains("redirect_uri"), "{}", rows[0].url);
}

#[test]
fn unregistered_redirect_uri_warns_once() {
    let defaults = BatchDefaults {
        registered_redirect_uris: vec!["https://example.com/other".into()],
        ..defaults()
    };
    let batch = Batch::open(V1.as_bytes(), &defaults, BatchOptions::default()).expect("opens");
    assert!(
        batch.shared_warnings()[0]
            .line(Contract::Classic)
            .contains("not one of this profile's registered")
    );
}

#[test]
fn output_with_no_rows_is_just_the_header() {
    let out = run("vehicle_id,owner\n\n");
    assert_eq!(out.csv, format!("{HEADER},owner\n"));
    assert_eq!(out.summary.rows, 0);
}

#[test]
fn stopping_early_keeps_the_rows_written_so_far() {
    let input = format!("{V1}\n{V2}\n{V3}\n");
    let batch = Batch::open(input.as_bytes(), &defaults(), BatchOptions::default()).expect("opens");
    let (summary, bytes) = run_batch(batch, Vec::new(), |row| {
        if row.number == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("runs");
    assert_eq!(summary.rows, 2);
    assert_eq!(table(&String::from_utf8(bytes).expect("utf-8")).len(), 3);
}

/// `count` distinct UUIDs, one per line, in a known order.
fn numbered_ids(count: u32) -> Vec<String> {
    (0..count)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}"))
        .collect()
}

#[test]
fn stopping_early_in_a_later_chunk_writes_exactly_the_rows_seen_in_order() {
    let ids = numbered_ids(1000);
    let input = ids.join("\n");
    let batch = Batch::open(input.as_bytes(), &defaults(), BatchOptions::default()).expect("opens");
    let (summary, bytes) = run_batch(batch, Vec::new(), |row| {
        if row.number == 700 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .expect("runs");
    assert_eq!(summary.rows, 700);
    let written: Vec<String> = table(&String::from_utf8(bytes).expect("utf-8"))
        .into_iter()
        .skip(1)
        .map(|row| row[0].clone())
        .collect();
    assert_eq!(written, ids[..700]);
}

/// Takes `room` bytes, then fails every write as a full disk does.
struct FillsUp {
    room: usize,
}

impl std::io::Write for FillsUp {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if bytes.len() > self.room {
            return Err(std::io::Error::other("no space left on device"));
        }
        self.room -= bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn an_output_that_fails_stops_the_batch_with_the_output_error() {
    let rows = 100_000;
    let input = numbered_ids(rows).join("\n");
    let batch = Batch::open(input.as_bytes(), &defaults(), BatchOptions::default()).expect("opens");
    let mut seen = 0;
    let result = run_batch(batch, FillsUp { room: 200_000 }, |_| {
        seen += 1;
        ControlFlow::Continue(())
    });
    let Err(BatchError::Output(error)) = result else {
        panic!("expected the output error");
    };
    assert!(error.to_string().contains("no space left"), "{error}");
    assert!(
        seen < rows / 10,
        "building stops soon after the output fails, not at the end ({seen} rows built)"
    );
}

/// Gives `text`, then fails as a network drive that went away.
struct BreaksAfter {
    text: std::io::Cursor<Vec<u8>>,
}

impl std::io::Read for BreaksAfter {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        match self.text.read(buffer)? {
            0 => Err(std::io::Error::other("the network drive went away")),
            read => Ok(read),
        }
    }
}

/// Collects what the batch writes where the test can still see it after an error.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn rows_read_before_a_failing_read_are_still_written() {
    let ids = numbered_ids(600);
    let text = format!("{}\n", ids.join("\n")).into_bytes();
    let input = BreaksAfter {
        text: std::io::Cursor::new(text),
    };
    let batch = Batch::open(input, &defaults(), BatchOptions::default()).expect("opens");
    let output = Shared::default();
    let result = run_batch(batch, output.clone(), |_| ControlFlow::Continue(()));
    let Err(BatchError::Input(error)) = result else {
        panic!("expected the input error");
    };
    assert!(error.is_io(), "{error}");
    let written = output.0.lock().expect("not poisoned").clone();
    let rows = table(&String::from_utf8(written).expect("utf-8"));
    assert_eq!(rows.len(), 601, "the header and every row read");
    assert_eq!(rows[600][0], ids[599]);
}

#[test]
fn a_long_list_streams_through_with_every_row_out() {
    let count = 20_000;
    let input: String = (0..count)
        .map(|n| format!("00000000-0000-4000-8000-{n:012}\n"))
        .collect();
    let out = run(&input);
    assert_eq!(out.summary.rows, count);
    assert_eq!(out.summary.good, count);
    assert_eq!(out.csv.lines().count() as u32, count + 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the bytes, the batch never panics, and when it runs every non-blank
        /// input line of a list comes out as exactly one row.
        #[test]
        fn any_list_gives_one_row_per_non_blank_line(lines in proptest::collection::vec("[a-zA-Z0-9 _.-]{0,12}", 1..40)) {
            let input = lines.join("\n");
            let expected = lines.iter().filter(|l| !l.trim().is_empty()).count();
            match run_with(input.as_bytes(), &defaults(), BatchOptions::default()) {
                Ok(out) => {
                    prop_assert_eq!(out.summary.rows as usize, expected);
                    prop_assert_eq!(out.summary.good + out.summary.bad, out.summary.rows);
                }
                Err(BatchError::Input(InputError::Empty)) => prop_assert_eq!(expected, 0),
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = run_with(&bytes, &defaults(), BatchOptions::default());
        }
    }
}

mod same_rules_as_one_link {
    use super::*;
    use proptest::prelude::*;
    use reauth_link_core::link::{ReauthForm, check, linked_vehicle_id};

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just(V1.to_owned()),
            "[a-zA-Z0-9_.@ -]{1,12}",
            "[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        /// Each row's link or error is exactly what `check` says about the same form as a
        /// single link: the batch adds no rule and drops none, and nothing of one row (its
        /// state, user, errors or warnings) is left over in the next, though the streaming
        /// run reuses one row's buffers for all of them.
        #[test]
        fn every_row_gets_what_the_single_link_gets(
            rows in proptest::collection::vec((value(), value(), value()), 1..8)
        ) {
            let mut input = Vec::new();
            {
                let mut writer = csv::Writer::from_writer(&mut input);
                writer.write_record(["vehicle_id", "state", "user"]).expect("header");
                for (vehicle, state, user) in &rows {
                    writer.write_record([vehicle, state, user]).expect("row");
                }
            }
            let batch = Batch::open(&input[..], &defaults(), BatchOptions::default()).expect("opens");
            let mut built = Vec::new();
            run_batch(batch, std::io::sink(), |row| {
                built.push(row.clone());
                ControlFlow::Continue(())
            })
            .expect("the batch runs");
            let expected: Vec<_> = rows
                .into_iter()
                .filter(|(vehicle, state, user)| {
                    // A blank row is skipped.
                    !(vehicle.trim().is_empty() && state.trim().is_empty() && user.trim().is_empty())
                })
                .collect();
            prop_assert_eq!(built.len(), expected.len());
            let mut seen = HashSet::new();
            // The first good row of each own state, and its vehicle in lower case.
            let mut states: HashMap<String, (u32, String)> = HashMap::new();
            for (row, (vehicle, state, user)) in built.iter().zip(expected) {
                let key = linked_vehicle_id(&vehicle).into_owned();
                let duplicate = !key.is_empty() && !seen.insert(key);
                let form = ReauthForm {
                    client_id: APP.into(),
                    vehicle_id: vehicle,
                    redirect_uri: REDIRECT.into(),
                    state,
                    user,
                    ..ReauthForm::default()
                };
                let single = check(&form, &[]);
                let shared_with = match states.get(&form.state) {
                    _ if single.link.is_none() || form.state.is_empty() => None,
                    Some((first, other)) => {
                        (*other != form.vehicle_id.trim().to_ascii_lowercase()).then_some(*first)
                    }
                    None => {
                        let vehicle = form.vehicle_id.trim().to_ascii_lowercase();
                        states.insert(form.state.clone(), (row.number, vehicle));
                        None
                    }
                };
                // A good row names the vehicle as its link does; a bad one as it was read.
                let named = single
                    .link
                    .as_ref()
                    .and_then(|link| link.param("vehicle_id"))
                    .map_or_else(|| form.vehicle_id.clone(), str::to_owned);
                prop_assert_eq!(&row.vehicle_id, &named);
                prop_assert_eq!(&row.state, &form.state);
                prop_assert_eq!(row.user.trim(), form.user.trim());
                prop_assert_eq!(
                    &row.url,
                    &single.link.map(|link| link.url).unwrap_or_default()
                );
                let errors: Vec<String> = single
                    .findings
                    .errors()
                    .map(|f| format!("{}: {}", f.field.key(Contract::Classic), f.message()))
                    .collect();
                prop_assert_eq!(&row.errors, &errors);
                let mut warnings: Vec<String> = single
                    .findings
                    .warnings()
                    .map(|f| format!("{}: {}", f.field.key(Contract::Classic), f.message()))
                    .collect();
                if duplicate {
                    prop_assert_eq!(row.warnings.first().map(|w| w.starts_with("vehicle_id: the same id as row")), Some(true));
                    warnings.insert(0, row.warnings[0].clone());
                }
                if let Some(first) = shared_with {
                    let said = format!("state: the same state as row {first}, which is another vehicle");
                    let last = row.warnings.last().cloned().unwrap_or_default();
                    prop_assert!(last.starts_with(&said), "{}", last);
                    warnings.push(last);
                }
                prop_assert_eq!(&row.warnings, &warnings);
            }
        }
    }
}

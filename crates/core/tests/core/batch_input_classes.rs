//! Batch input as real tools write it, by class: line ends, JSON arrays followed by more,
//! ids a spreadsheet or a list mangled, and the same vehicle written differently. Each
//! class once gave a wrong answer with nothing said; each row of a table is one shape of it.

use std::ops::ControlFlow;

use reauth_link_core::batch::{
    Batch, BatchDefaults, BatchError, BatchOptions, BatchSummary, InputError, run_batch,
};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const V3: &str = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

fn defaults() -> BatchDefaults {
    BatchDefaults {
        client_id: APP.into(),
        redirect_uri: Some("https://example.com/home".into()),
        ..BatchDefaults::default()
    }
}

/// The `vehicle_id=` a link carries, or `None` for a row without a link.
fn linked_id(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    url.query_pairs()
        .find(|(name, _)| name == "vehicle_id")
        .map(|(_, value)| value.into_owned())
}

struct Out {
    summary: BatchSummary,
    /// Each output row's fields, without the header.
    rows: Vec<Vec<String>>,
    warnings: Vec<(u32, String)>,
}

impl Out {
    fn ids_linked(&self) -> Vec<Option<String>> {
        self.rows.iter().map(|row| linked_id(&row[3])).collect()
    }
}

fn try_run(input: &[u8]) -> Result<Out, BatchError> {
    let batch = Batch::open(input, &defaults(), BatchOptions::default())?;
    let mut warnings = Vec::new();
    let (summary, bytes) = run_batch(batch, Vec::new(), |row| {
        warnings.extend(row.warnings.iter().map(|w| (row.number, w.clone())));
        ControlFlow::Continue(())
    })?;
    let rows = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes.as_slice())
        .records()
        .map(|record| {
            record
                .expect("the output is CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    Ok(Out {
        summary,
        rows,
        warnings,
    })
}

fn run(input: &str) -> Out {
    try_run(input.as_bytes()).unwrap_or_else(|error| panic!("{input:?}: {error}"))
}

#[test]
fn lines_ended_by_a_carriage_return_alone_are_each_a_row() {
    let inputs = [
        format!("vehicle_id\r{V1}\r{V2}\r{V3}\r"),
        format!("vehicle_id,note\r{V1},a\r{V2},b\r{V3},c"),
        format!("\u{feff}note;vehicle_id\r\ra;{V1}\rb;{V2}\r\rc;{V3}\r"),
        format!("vehicle_id\tstate\r{V1}\tstate-001\r{V2}\tstate-002\r{V3}\tstate-003\r"),
        format!("{V1}\r{V2}\r{V3}\r"),
    ];
    for input in inputs {
        let out = run(&input);
        let expected = [V1, V2, V3].map(|id| Some(id.to_owned()));
        assert_eq!(out.ids_linked(), expected, "{input:?}");
        assert_eq!((out.summary.good, out.summary.bad), (3, 0), "{input:?}");
    }
}

#[test]
fn carried_values_keep_their_bytes_with_carriage_return_line_ends() {
    let out = run(&format!(
        "vehicle_id,note\r{V1},\"two\rlines\"\r{V2},plain\r"
    ));
    let notes: Vec<&str> = out.rows.iter().map(|row| row[5].as_str()).collect();
    assert_eq!(notes, ["two\rlines", "plain"]);
}

fn event(vehicle: &str) -> String {
    format!(r#"{{"eventType":"VEHICLE_ERROR","data":{{"vehicle":{{"id":"{vehicle}"}}}}}}"#)
}

#[test]
fn anything_after_a_json_array_stops_the_batch_naming_the_array_s_end() {
    let (e1, e2) = (event(V1), event(V2));
    let inputs = [
        format!("[{e1}][{e2}]"),
        format!("[{e1}]\n[{e2}]\n"),
        format!("[{e1}]\n{e2}\n"),
        format!("[{e1}],\n{e2}"),
        format!("[{e1}] and more"),
    ];
    for input in inputs {
        match try_run(input.as_bytes()) {
            Err(BatchError::Input(InputError::AfterJsonArray { rows })) => {
                assert_eq!(rows, 1, "{input:?}");
            }
            Err(other) => panic!("{input:?}: another error: {other}"),
            Ok(out) => panic!("{input:?}: read as {:?}", out.ids_linked()),
        }
    }
}

#[test]
fn whitespace_or_a_comma_after_a_json_array_is_still_the_whole_array() {
    let (e1, e2) = (event(V1), event(V2));
    for input in [
        format!("[{e1},{e2}]"),
        format!("[{e1},{e2}]\n\n  \n"),
        format!("[{e1},{e2}],\n"),
    ] {
        let out = run(&input);
        let expected = [V1, V2].map(|id| Some(id.to_owned()));
        assert_eq!(out.ids_linked(), expected, "{input:?}");
    }
}

#[test]
fn an_id_holding_a_uuid_and_more_gets_no_link_and_says_what_is_around_it() {
    let table = [
        (format!("#{V1}"), "with `#` around it"),
        (format!("{V1};"), "with `;` around it"),
        (format!("'{V1}"), "with `'` around it"),
        (format!("id={V1}"), "with `id=` around it"),
        (format!("{V1};{V2}"), "holds 2 UUIDs"),
        (format!("{V1}|{V2}|{V3}"), "holds 3 UUIDs"),
        (format!("{V1}{V2}"), "holds 2 UUIDs"),
    ];
    for (value, said) in &table {
        let out = run(&format!("{value}\n{V3}\n"));
        assert_eq!(out.ids_linked(), [None, Some(V3.to_owned())], "{value}");
        let error = &out.rows[0][4];
        assert!(error.starts_with("vehicle_id: "), "{value}: {error}");
        assert!(error.contains(said), "{value}: {error}");
        assert!(
            error.contains(V1),
            "{value}: names the id it found: {error}"
        );
        assert_eq!(out.summary.first_bad, Some(1));
    }
}

#[test]
fn a_spreadsheet_number_in_scientific_notation_gets_no_link() {
    for value in ["1.23457E+19", "3E+09", "4,5e-07"] {
        let out = run(&format!("vehicle_id;note\n{value};x\n{V1};y\n"));
        assert_eq!(out.ids_linked(), [None, Some(V1.to_owned())], "{value}");
        assert!(
            out.rows[0][4].contains("scientific notation"),
            "{value}: {}",
            out.rows[0][4]
        );
    }
}

#[test]
fn ids_of_other_shapes_still_get_their_link_with_a_warning() {
    // A short hexadecimal id, `sc` + a UUID and an unknown format are not mangled ids.
    for value in ["1234e567", &format!("sc{V1}"), "v_1a2b3c", "abc/def"] {
        let out = run(&format!("{value}\n"));
        assert_eq!(out.ids_linked(), [Some(value.to_owned())], "{value}");
        assert!(!out.warnings.is_empty(), "{value}: a warning says why");
    }
}

#[test]
fn a_spreadsheet_s_text_formula_around_a_uuid_is_taken_off_with_a_warning() {
    let out = run(&format!(
        "vehicle_id,note\n\"=\"\"{V1}\"\"\",a\n=\"{}\",b\n\"=\"\"v_abc\"\"\",c\n",
        V2.to_uppercase()
    ));
    assert_eq!(
        out.ids_linked(),
        [Some(V1.to_owned()), Some(V2.to_owned()), None]
    );
    assert_eq!(
        out.rows[0][0], V1,
        "the column holds the id the link carries"
    );
    assert!(
        out.warnings
            .iter()
            .any(|(row, w)| *row == 1 && w.contains("text formula")),
        "{:?}",
        out.warnings
    );
    assert!(
        out.rows[2][4].contains("text formula"),
        "{}",
        out.rows[2][4]
    );
}

#[test]
fn the_same_vehicle_written_differently_is_a_duplicate_of_its_first_row() {
    // One a line; the last is `"V1"` with its quotes, as CSV writes a value holding them.
    let written = [
        V1.to_owned(),
        V1.to_uppercase(),
        format!("\u{200b}{V1}"),
        format!("{{{V1}}}"),
        format!("  {V1}\u{a0}"),
        format!("\"\"\"{V1}\"\"\""),
    ];
    let input: String = written.iter().map(|id| format!("{id}\n")).collect();
    let out = run(&input);
    assert_eq!(out.summary.good, written.len() as u32);
    assert_eq!(out.summary.duplicates, written.len() as u32 - 1);
    for row in 2..=written.len() as u32 {
        assert!(
            out.warnings
                .iter()
                .any(|(number, w)| *number == row && w.contains("the same id as row 1")),
            "row {row}: {:?}",
            out.warnings
        );
    }
}

#[test]
fn the_vehicle_id_column_holds_the_id_the_link_carries() {
    let out = run(&format!(
        "vehicle_id,state\n  {V1}  ,state-001\n\u{a0}{V2}\u{a0},state-002\n\t{V3},state-003\n"
    ));
    for row in &out.rows {
        assert_eq!(Some(row[0].clone()), linked_id(&row[3]), "{row:?}");
    }
    assert_eq!(out.summary.with_warnings, 0, "{:?}", out.warnings);
}

#[test]
fn an_event_naming_two_vehicles_or_a_vehicle_that_is_not_text_gets_no_link() {
    let table = [
        (
            format!(
                r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"{V1}","data":{{"vehicle":{{"id":"{V2}"}}}}}}"#
            ),
            "names two vehicles",
        ),
        (
            format!(
                r#"{{"eventType":"VEHICLE_ERROR","vehicleId":12345,"data":{{"vehicle":{{"id":"{V2}"}}}}}}"#
            ),
            "`vehicleId` is the number 12345",
        ),
        (
            format!(r#"{{"eventType":"VEHICLE_ERROR","data":{{"vehicle":{{"id":["{V2}"]}}}}}}"#),
            "`data.vehicle.id` is a list",
        ),
    ];
    for (bad, said) in &table {
        let out = run(&format!("{bad}\n{}\n", event(V3)));
        assert_eq!(out.ids_linked(), [None, Some(V3.to_owned())], "{bad}");
        assert!(out.rows[0][4].contains(said), "{bad}: {}", out.rows[0][4]);
    }
}

#[test]
fn an_event_naming_one_vehicle_in_several_places_gets_its_link() {
    let agreeing = [
        format!(
            r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"{V1}","data":{{"vehicle":{{"id":"{V1}"}}}}}}"#
        ),
        format!(
            r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"{}","data":{{"vehicle":{{"id":null}}}}}}"#,
            V1.to_uppercase()
        ),
        format!(
            r#"{{"eventType":"VEHICLE_ERROR","vehicleId":"","data":{{"vehicle":{{"id":"{V1}"}}}}}}"#
        ),
    ];
    for event in &agreeing {
        let out = run(&format!("{event}\n"));
        assert_eq!(out.ids_linked(), [Some(V1.to_owned())], "{event}");
    }
}

#[test]
fn the_user_column_holds_the_owner_id_the_link_carries() {
    let out = run(&format!(
        "vehicle_id,user\n{V1},  owner-1 \n{V2},\u{a0}owner-2\u{a0}\n{V3},owner-3\n"
    ));
    for row in &out.rows {
        let carried = url::Url::parse(&row[3])
            .ok()
            .and_then(|url| {
                url.query_pairs()
                    .find(|(name, _)| name == "user")
                    .map(|(_, value)| value.into_owned())
            })
            .unwrap_or_default();
        assert_eq!(row[2], carried, "{row:?}");
    }
}

//! Batch input that would hide vehicles: a quote opened and never closed that takes the
//! following rows into one value, and a header naming a column the batch reads twice.
//! Both are input errors (exit 2, nothing written) that say where; a value that merely
//! holds line breaks is still read as one value.

use crate::cli_support;

use std::path::Path;

use cli_support::{Run, assert_exit, run_in};
use reauth_link::batch::{BatchReader, InputError};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const REDIRECT: &str = "https://example.com/home";
const V1: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const V2: &str = "4bb5b2a3-0c36-4a6d-9b87-0a1d58ad6f10";
const V3: &str = "9c4f2d1e-5b6a-4c3d-8e7f-0a1b2c3d4e5f";

/// Reads every row; the error that stopped the reading, if any.
fn read_all(input: &str) -> Result<usize, InputError> {
    let reader = BatchReader::new(input.as_bytes())?;
    let mut rows = 0;
    for row in reader {
        row?;
        rows += 1;
    }
    Ok(rows)
}

/// Inputs whose unclosed quote swallows rows, with the row and line where it opened.
fn unclosed_quotes() -> Vec<(String, u32, u64)> {
    vec![
        // In a carried column, to the end of the file.
        (
            format!("vehicle_id,notes\n{V1},\"called twice\n{V2},ok\n{V3},ok\n"),
            1,
            2,
        ),
        // In the state column, after blank lines and good rows.
        (
            format!("\n\nvehicle_id;state;user\n{V1};s1;u1\n\n{V2};\"s2;u2\n{V3};s3;u3\n"),
            2,
            6,
        ),
        // Tab-separated, CRLF line ends, the id in the second column of the hidden rows.
        (
            format!("owner\tvehicle_id\r\nAnn\t{V1}\r\n\"Bob\t{V2}\r\nCy\t{V3}\r\n"),
            2,
            3,
        ),
        // Closed only by the quote ending a later line: the rows between are taken in.
        (
            format!("vehicle_id,notes\n{V1},\"see below\n{V2},x\n{V3},the end\"\n"),
            1,
            2,
        ),
        // A plain list of ids whose third line opens a quote.
        (format!("{V1}\n{V2}\n\"{V3}\n{V1}\n{V2}\n"), 3, 3),
        // An upper-case id inside the swallowed text.
        (
            format!(
                "vehicle_id,notes\n{V1},\"x\n{},y\n",
                V2.to_ascii_uppercase()
            ),
            1,
            2,
        ),
    ]
}

#[test]
fn a_quote_that_swallows_rows_is_an_input_error_naming_its_row_and_line() {
    for (input, row, line) in unclosed_quotes() {
        let error = read_all(&input).expect_err(&input);
        assert!(
            matches!(error, InputError::UnclosedQuote { row: r, line: l } if r == row && l == line),
            "{input:?}: {error:?}"
        );
        let message = error.to_string();
        assert!(
            message.contains(&format!("row {row} opens a quote on line {line}")),
            "{message}"
        );
        assert!(!error.is_io(), "wrong input, not a failure of the machine");
    }
}

#[test]
fn values_with_line_breaks_but_no_hidden_rows_are_still_read() {
    let cases = [
        (
            format!("vehicle_id,notes\n{V1},\"line one\nline two, with a comma\"\n{V2},ok\n"),
            2,
        ),
        (
            format!("vehicle_id,notes\r\n{V1},\"a\r\nb\"\r\n\r\n{V2},\"c\nd\ne\"\r\n"),
            2,
        ),
        // A UUID inside a value on its own first line is not a hidden row.
        (
            format!("vehicle_id,notes\n{V1},\"{V2} was sold\nask Ann\"\n"),
            1,
        ),
    ];
    for (input, rows) in cases {
        assert_eq!(read_all(&input).expect(&input), rows, "{input:?}");
    }
}

/// Headers naming a column the batch reads twice, and the columns named.
const DUPLICATE_HEADERS: [(&str, &str, usize, usize); 6] = [
    ("vehicle_id,notes,vehicle_id", "vehicle_id", 1, 3),
    ("vehicle_id,State,note,state", "state", 2, 4),
    ("USER,vehicle_id, user ", "user", 1, 3),
    ("vehicle_id;state;\u{FEFF}state", "state", 2, 3),
    ("\u{FEFF}vehicle_id\tVehicle_ID", "vehicle_id", 1, 2),
    ("user,vehicle_id,\"user\"", "user", 1, 3),
];

#[test]
fn a_header_naming_a_read_column_twice_is_an_input_error_naming_the_columns() {
    for (header, name, first, second) in DUPLICATE_HEADERS {
        let input = format!("{header}\n{V1},x,y,z\n");
        let error = read_all(&input).expect_err(header);
        assert!(
            matches!(error, InputError::DuplicateColumn { name: n, first: f, second: s }
                if n == name && f == first && s == second),
            "{header}: {error:?}"
        );
        assert!(
            error.to_string().contains(&format!(
                "names {name} twice (columns {first} and {second})"
            )),
            "{error}"
        );
    }
}

#[test]
fn other_columns_named_twice_are_carried_as_before() {
    let input = format!("vehicle_id,note,note\n{V1},a,b\n");
    assert_eq!(read_all(&input).expect("reads"), 1);
}

fn batch_into(folder: &Path, input: &str) -> Run {
    let output = folder.join("links.csv");
    let config = tempfile::tempdir().expect("temp dir");
    run_in(
        config.path(),
        &[
            "batch",
            "--client-id",
            APP,
            "--redirect-uri",
            REDIRECT,
            "--output",
            &output.display().to_string(),
        ],
        input,
    )
}

#[test]
fn the_command_line_exits_2_and_leaves_the_output_as_it_was() {
    let mut inputs: Vec<(String, String)> = unclosed_quotes()
        .into_iter()
        .map(|(input, row, line)| {
            (
                input,
                format!("error: input: row {row} opens a quote on line {line}"),
            )
        })
        .collect();
    inputs.extend(
        DUPLICATE_HEADERS
            .iter()
            .map(|(header, name, first, second)| {
                (
                    format!("{header}\n{V1},x,y,z\n"),
                    format!(
                        "error: input: the header names {name} twice (columns {first} and {second})"
                    ),
                )
            }),
    );
    for (input, expected) in inputs {
        let folder = tempfile::tempdir().expect("temp dir");
        let output = folder.path().join("links.csv");
        std::fs::write(&output, "the last run's links\n").expect("writes");
        let run = batch_into(folder.path(), &input);
        assert_exit(&run, 2);
        assert!(run.stderr.contains(&expected), "{input:?}: {}", run.stderr);
        assert_eq!(
            std::fs::read_to_string(&output).expect("reads"),
            "the last run's links\n",
            "{input:?}"
        );
        let names: Vec<_> = std::fs::read_dir(folder.path())
            .expect("lists")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["links.csv"], "no temporary file is left");
    }
}

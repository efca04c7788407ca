//! Invisible and look-alike characters in ids: a UUID once they are taken out is that
//! UUID in lower case, with a warning saying what was removed; anything else is an
//! error, on the command line, in every batch row, and in the core every face calls.

use crate::cli_support;

use cli_support::{Config, assert_exit, link_pairs};
use proptest::prelude::*;
use reauth_link::link::{
    Field, Problem, ReauthForm, Severity, TeslaPermissionsForm, check, check_tesla_permissions,
};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";

fn form(client_id: &str, vehicle_id: &str) -> ReauthForm {
    ReauthForm {
        client_id: client_id.to_owned(),
        vehicle_id: vehicle_id.to_owned(),
        redirect_uri: REDIRECT.to_owned(),
        ..ReauthForm::default()
    }
}

fn findings_of(form: &ReauthForm, field: Field) -> Vec<(Severity, String)> {
    check(form, &[])
        .findings
        .for_field(field)
        .map(|finding| (finding.severity(), finding.message()))
        .collect()
}

/// The vehicle id bytes of a built link, between `vehicle_id=` and the next `&`.
fn vehicle_id_bytes(link: &str) -> &str {
    let start = link.find("vehicle_id=").expect("a vehicle id") + "vehicle_id=".len();
    let rest = &link[start..];
    &rest[..rest.find('&').unwrap_or(rest.len())]
}

#[test]
fn a_uuid_with_hidden_characters_or_wrappers_is_that_uuid_with_a_note() {
    let table = [
        (
            "36ab27d0-fd9d-4455-823a-ce30af709ffc\u{200B}",
            "removed a zero-width space (U+200B)",
        ),
        (
            "{36ab27d0-fd9d-4455-823a-ce30af709ffc\u{200B}}",
            "removed a zero-width space (U+200B) and braces",
        ),
        (
            "\u{FEFF}36ab27d0-fd9d-4455-823a-ce30af709ffc",
            "removed a byte order mark (U+FEFF)",
        ),
        (
            "\u{200F}36ab27d0-fd9d-4455-823a-ce30af709ffc\u{200E}",
            "removed a right-to-left mark (U+200F) and a left-to-right mark (U+200E)",
        ),
        (
            "\u{2066}36ab27d0-fd9d-4455-823a-ce30af709ffc\u{2069}",
            "removed 2 bidi isolates (U+2066, U+2069)",
        ),
        (
            "\u{202E}36ab27d0-fd9d-4455-823a-ce30af709ffc\u{202C}",
            "removed a bidi override (U+202E) and a bidi pop (U+202C)",
        ),
        (
            "36ab27d0-fd9d\u{AD}-4455-823a-ce30af709ffc",
            "removed a soft hyphen (U+00AD)",
        ),
        (
            "36ab27d0-fd9d-4455\u{A0}-823a-ce30af709ffc",
            "removed a non-breaking space (U+00A0)",
        ),
        (
            "36ab27d0-fd9d-4455-823a-ce30af709ffc\u{200D}\u{200C}\u{2060}\u{61C}",
            "removed a zero-width joiner (U+200D), a zero-width non-joiner (U+200C), a word joiner (U+2060) and an Arabic letter mark (U+061C)",
        ),
        (
            "３６ａｂ２７ｄ０－ｆｄ９ｄ－４４５５－８２３ａ－ｃｅ３０ａｆ７０９ｆｆｃ",
            "read 36 fullwidth characters as ASCII",
        ),
        ("\"36ab27d0-fd9d-4455-823a-ce30af709ffc\"", "removed quotes"),
        (
            "'36ab27d0-fd9d-4455-823a-ce30af709ffc'",
            "removed single quotes",
        ),
        (
            "<36ab27d0-fd9d-4455-823a-ce30af709ffc>",
            "removed angle brackets",
        ),
        (
            "(36ab27d0-fd9d-4455-823a-ce30af709ffc)",
            "removed parentheses",
        ),
        (
            "[ 36ab27d0-fd9d-4455-823a-ce30af709ffc ]",
            "removed square brackets",
        ),
        (
            "36AB27D0-FD9D-4455-823A-CE30AF709FFC",
            "wrote it in lower case",
        ),
        (
            "{36AB27D0-FD9D-4455-823A-CE30AF709FFC}",
            "removed braces; wrote it in lower case",
        ),
    ];
    for (typed, said) in table {
        // The same disguise on the application id: any UUID is one, this one too.
        for field in [Field::VehicleId, Field::ClientId] {
            let form = match field {
                Field::ClientId => form(typed, VEHICLE),
                _ => form(APP, typed),
            };
            let found = findings_of(&form, field);
            assert_eq!(found.len(), 1, "{field:?} {typed:?}: {found:?}");
            let (severity, message) = &found[0];
            assert_eq!(*severity, Severity::Warning, "{typed:?}");
            assert!(message.starts_with(said), "{typed:?}: {message}");
            assert!(message.contains(VEHICLE), "names the id it took: {message}");
            let request = check(&form, &[]).link.expect("a warning builds the link");
            assert_eq!(request.param("vehicle_id"), Some(VEHICLE), "{typed:?}");
            let client_id = if field == Field::ClientId {
                VEHICLE
            } else {
                APP
            };
            assert_eq!(request.param("client_id"), Some(client_id), "{typed:?}");
        }
    }
}

#[test]
fn an_id_with_hidden_characters_that_is_no_uuid_without_them_is_an_error() {
    let table = [
        ("v_1a2b3c\u{200B}", "a zero-width space (U+200B)"),
        ("{v_1a2b3c}", "braces"),
        (
            "\u{FEFF}36ab27d0-fd9d-4455-823a",
            "a byte order mark (U+FEFF)",
        ),
        ("ｖ＿１ａ２ｂ", "6 fullwidth characters"),
        ("\"36ab27d0-fd9d-4455-823a-ce30af709ffcc\"", "quotes"),
    ];
    for (typed, named) in table {
        let checked = check(&form(APP, typed), &[]);
        assert!(checked.link.is_none(), "{typed:?} builds no link");
        let expected = Problem::IdHasHiddenCharacters {
            found: named.to_owned(),
        };
        let found: Vec<_> = checked
            .findings
            .for_field(Field::VehicleId)
            .map(|finding| finding.problem.clone())
            .collect();
        assert_eq!(found, vec![expected.clone()], "{typed:?}");
        assert_eq!(expected.severity(), Severity::Error);
    }
    let checked = check(&form("{8229df9f-91a0}", VEHICLE), &[]);
    assert!(checked.link.is_none());
    assert!(
        checked
            .findings
            .for_field(Field::ClientId)
            .any(|finding| finding.message().contains("braces")),
        "{:?}",
        checked.findings
    );
}

#[test]
fn the_tesla_link_takes_the_cleaned_application_id() {
    let checked = check_tesla_permissions(&TeslaPermissionsForm {
        client_id: format!("{{{APP}\u{200B}}}"),
        scopes: vec!["read_odometer".to_owned()],
        ..TeslaPermissionsForm::default()
    });
    let link = checked.link.expect("a link");
    assert!(
        link.url.contains(&format!("client_id={APP}&")),
        "{}",
        link.url
    );
    assert!(
        checked
            .findings
            .warnings()
            .any(|w| w.message().contains("braces"))
    );
}

/// Characters that are taken out of an id, and the wrappers taken off it.
fn invisible() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{200F}',
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{61C}', '\u{AD}', '\u{A0}', '\u{2007}', '\u{202F}', '\u{3000}',
    ])
}

/// The same without the spaces, which a trim would take off an end of the id unnoticed.
fn zero_width() -> impl Strategy<Value = char> {
    invisible().prop_filter("no space", |c| !c.is_whitespace())
}

fn wrapper() -> impl Strategy<Value = (&'static str, &'static str)> {
    prop::sample::select(vec![
        ("", ""),
        ("{", "}"),
        ("\"", "\""),
        ("'", "'"),
        ("<", ">"),
        ("(", ")"),
        ("[", "]"),
        ("{\"", "\"}"),
    ])
}

/// `id` with `sprinkled` characters put in at the given places, upper-cased where told,
/// and wrapped.
fn disguise(id: &str, sprinkled: &[(usize, char)], upper: &[bool], wrap: (&str, &str)) -> String {
    let mut text: String = id
        .chars()
        .zip(upper.iter().cycle())
        .map(|(c, up)| if *up { c.to_ascii_uppercase() } else { c })
        .collect();
    for (at, character) in sprinkled {
        let mut at = at % (text.chars().count() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert(at, *character);
    }
    format!("{}{text}{}", wrap.0, wrap.1)
}

proptest! {
    #[test]
    fn a_disguised_uuid_is_written_as_the_bare_lower_case_uuid(
        id in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        sprinkled in prop::collection::vec((0usize..40, invisible()), 0..4),
        upper in prop::collection::vec(any::<bool>(), 1..4),
        wrap in wrapper(),
    ) {
        let typed = disguise(&id, &sprinkled, &upper, wrap);
        let checked = check(&form(APP, &typed), &[]);
        let request = checked.link.expect("a disguised UUID builds the link");
        let link = request.url.clone();
        prop_assert_eq!(vehicle_id_bytes(&link), id.as_str(), "{:?}", typed);
        prop_assert!(!link.contains("%E2%80") && !link.contains("%7B") && !link.contains("%C2%A0"));
    }

    #[test]
    fn a_disguised_id_that_is_no_uuid_builds_no_link(
        id in "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{3}|v_[a-z0-9]{6}|[0-9a-f]{32}",
        sprinkled in prop::collection::vec((0usize..40, zero_width()), 1..4),
        wrap in wrapper(),
    ) {
        let typed = disguise(&id, &sprinkled, &[false], wrap);
        let checked = check(&form(APP, &typed), &[]);
        prop_assert!(checked.link.is_none(), "{:?}", typed);
        prop_assert!(checked.findings.for_field(Field::VehicleId).any(|f| f.severity() == Severity::Error));
    }
}

#[test]
fn the_command_line_links_the_clean_uuid_and_says_what_it_removed() {
    let config = Config::new();
    let typed = format!("{{{}\u{200B}}}", VEHICLE.to_uppercase());
    let run = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        &typed,
        "--redirect-uri",
        REDIRECT,
    ]);
    assert_exit(&run, 0);
    let pairs = link_pairs(&run.stdout);
    assert!(
        pairs.contains(&("vehicle_id".to_owned(), VEHICLE.to_owned())),
        "{pairs:?}"
    );
    assert!(!run.stdout.contains("%E2%80%8B") && !run.stdout.contains("%7B"));
    assert!(
        run.stderr.contains(
            "warning: vehicle_id: removed a zero-width space (U+200B) and braces; wrote it in lower case"
        ),
        "{}",
        run.stderr
    );

    let refused = config.run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        "v_1a2b\u{200B}",
        "--redirect-uri",
        REDIRECT,
    ]);
    assert_exit(&refused, 2);
    assert!(refused.stdout.is_empty(), "nothing written");
    assert!(
        refused
            .stderr
            .contains("error: vehicle_id: contains a zero-width space (U+200B)"),
        "{}",
        refused.stderr
    );
}

#[test]
fn tesla_permissions_and_connect_refuse_a_disguised_application_id_that_is_no_uuid() {
    let config = Config::new();
    let bad = "{8229df9f\u{200B}}";
    for args in [
        vec![
            "tesla-permissions",
            "--client-id",
            bad,
            "--scope",
            "read_odometer",
        ],
        vec!["connect", "--client-id", bad, "--redirect-uri", REDIRECT],
    ] {
        let run = config.run(&args);
        assert_exit(&run, 2);
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr
                .contains("error: client_id: contains a zero-width space (U+200B) and braces"),
            "{}",
            run.stderr
        );
    }
    let good = format!("\u{FEFF}{APP}");
    let run = config.run(&["connect", "--client-id", &good, "--redirect-uri", REDIRECT]);
    assert_exit(&run, 0);
    assert!(
        run.stdout.contains(&format!("client_id={APP}&")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("warning: client_id: removed a byte order mark (U+FEFF)")
    );
}

#[test]
fn every_batch_row_cleans_or_refuses_its_id() {
    let config = Config::new();
    let input = format!(
        "vehicle_id,note\n{VEHICLE},plain\n\"{{{VEHICLE}}}\",braces\n{}\u{200B},zero width\nv_1a2b\u{200B},not a uuid\n",
        VEHICLE.to_uppercase()
    );
    let run = config.run_with_stdin(
        &["batch", "--client-id", APP, "--redirect-uri", REDIRECT],
        &input,
    );
    assert_exit(&run, 2);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 4);
    for row in &rows[..3] {
        assert_eq!(&row[0], VEHICLE, "the id as the link carries it: {row:?}");
        assert_eq!(vehicle_id_bytes(&row[3]), VEHICLE, "{row:?}");
        assert!(row[4].is_empty(), "{row:?}");
    }
    assert!(rows[3][3].is_empty(), "no link: {:?}", rows[3]);
    assert!(
        rows[3][4].starts_with("vehicle_id: contains a zero-width space (U+200B)"),
        "{:?}",
        rows[3]
    );
    assert!(
        run.stderr
            .contains("warning: row 2: vehicle_id: removed braces"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning: row 3: vehicle_id: removed a zero-width space (U+200B); wrote it in lower case"
        ),
        "{}",
        run.stderr
    );
}

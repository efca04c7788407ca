//! The owner's return (Smartcar's Connect docs): every documented outcome read from the landing
//! page's address or its bare query, with its extra fields, summary and next step, and
//! the texts that are not a return at all.

use reauth_link_core::history::Outcome;
use reauth_link_core::link::callback::{ReturnReadError, ReturnResult, read_return};

const LANDING: &str = "https://example.com/home";

struct Case {
    query: &'static str,
    outcome: &'static str,
    history_outcome: &'static str,
    extra: &'static [(&'static str, &'static str)],
    /// Words the summary must contain.
    summary: &'static [&'static str],
    /// Words the next step must contain.
    next: &'static str,
}

const CASES: [Case; 10] = [
    Case {
        query: "vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc&state=s1",
        outcome: "success",
        history_outcome: "success",
        extra: &[],
        summary: &["re-connected vehicle 36ab27d0-fd9d-4455-823a-ce30af709ffc"],
        next: "close the ticket",
    },
    Case {
        query: "vehicle_id=v9&state=s1&external_id=owner-42",
        outcome: "success",
        history_outcome: "success",
        extra: &[],
        summary: &["vehicle v9"],
        next: "close the ticket",
    },
    Case {
        query: "code=a1b2c3&state=s1",
        outcome: "success",
        history_outcome: "success",
        extra: &[],
        summary: &["authorization code", "a1b2c3"],
        next: "within 10 minutes",
    },
    Case {
        query: "error=access_denied&error_description=User+denied+access&state=s1",
        outcome: "error",
        history_outcome: "access_denied",
        extra: &[],
        summary: &["declined", "Smartcar says: User denied access"],
        next: "press Allow",
    },
    Case {
        query: "error=invalid_subscription&error_description=Inactive&state=s1",
        outcome: "error",
        history_outcome: "invalid_subscription",
        extra: &[],
        summary: &["subscription", "inactive"],
        next: "renew the connected-services subscription",
    },
    Case {
        query: "error=no_vehicles&error_description=No+vehicles&state=s1",
        outcome: "error",
        history_outcome: "no_vehicles",
        extra: &[],
        summary: &["no vehicle to connect"],
        next: "add the vehicle to their account",
    },
    Case {
        query: "error=vehicle_incompatible&error_description=Not+compatible&vin=5YJ3E1EA7KF317000&make=TESLA&model=Model+3&year=2019&state=s1",
        outcome: "error",
        history_outcome: "vehicle_incompatible",
        extra: &[
            ("vin", "5YJ3E1EA7KF317000"),
            ("make", "TESLA"),
            ("model", "Model 3"),
            ("year", "2019"),
        ],
        summary: &["The 2019 TESLA Model 3 (VIN 5YJ3E1EA7KF317000) is not compatible"],
        next: "cannot be connected",
    },
    Case {
        query: "error=configuration_error&error_description=Bad+link&status_code=400&error_message=Invalid+redirect_uri&state=s1",
        outcome: "error",
        history_outcome: "configuration_error",
        extra: &[
            ("status_code", "400"),
            ("error_message", "Invalid redirect_uri"),
        ],
        summary: &["refused the link itself (status 400): Invalid redirect_uri"],
        next: "client_id and redirect URI",
    },
    Case {
        query: "error=server_error&error_description=Oops&state=s1",
        outcome: "error",
        history_outcome: "server_error",
        extra: &[],
        summary: &["server error"],
        next: "Wait a few minutes",
    },
    Case {
        query: "error=user_left_flow&state=s1",
        outcome: "error",
        history_outcome: "user_left_flow",
        extra: &[],
        summary: &["returned the error `user_left_flow`"],
        next: "contact Smartcar support",
    },
];

#[test]
fn every_documented_outcome_reads_the_same_from_the_address_and_the_bare_query() {
    for case in &CASES {
        let whole = read_return(&format!("{LANDING}?{}", case.query)).expect(case.query);
        for other in [format!("?{}", case.query), case.query.to_owned()] {
            assert_eq!(read_return(&other).as_ref(), Ok(&whole), "{other}");
        }
        assert_eq!(whole.outcome(), case.outcome, "{}", case.query);
        let kept = Outcome::of_return(&whole);
        assert_eq!(kept.to_string(), case.history_outcome);
        assert_eq!(
            kept.is_success(),
            case.outcome == "success",
            "{}",
            case.query
        );
        assert_eq!(whole.state.as_deref(), Some("s1"));
        let extra: Vec<(&str, &str)> = whole
            .error()
            .map(|e| e.extra.iter().map(|(k, v)| (*k, v.as_str())).collect())
            .unwrap_or_default();
        assert_eq!(extra, case.extra, "{}", case.query);
        let summary = whole.summary();
        for words in case.summary {
            assert!(summary.contains(words), "{summary:?} lacks {words:?}");
        }
        let next = whole.next_step();
        assert!(next.contains(case.next), "{next:?} lacks {:?}", case.next);
    }
}

#[test]
fn a_success_keeps_the_external_id_and_an_error_its_description() {
    let read = read_return("vehicle_id=v9&state=s1&external_id=owner-42").expect("reads");
    assert_eq!(read.external_id.as_deref(), Some("owner-42"));
    assert_eq!(
        read.result,
        ReturnResult::Reauthenticated {
            vehicle_id: "v9".to_owned()
        }
    );
    let read = read_return("error=access_denied&error_description=User+denied").expect("reads");
    assert_eq!(
        read.error().and_then(|e| e.description.as_deref()),
        Some("User denied")
    );
    assert_eq!(read.state, None);
}

#[test]
fn texts_that_are_not_a_return_say_what_to_paste_instead() {
    let table: [(&str, ReturnReadError); 6] = [
        ("", ReturnReadError::NotAUrl),
        ("the owner says it failed", ReturnReadError::NotAUrl),
        ("justoneword", ReturnReadError::NotAUrl),
        (
            "https://example.com/home?utm_source=mail",
            ReturnReadError::NoKnownParameters,
        ),
        (
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=c&vehicle_id=v",
            ReturnReadError::OutgoingLink,
        ),
        ("state=only-a-state", ReturnReadError::NoOutcome),
    ];
    for (text, expected) in table {
        let error = read_return(text).expect_err(text);
        assert_eq!(error, expected, "{text}");
        assert!(error.to_string().contains("paste") || error.to_string().contains("ask"));
    }
}

/// A return passed on through chat or mail can carry characters nobody sees; a browser's
/// address bar never holds them, so wherever they sit (in the state, the vehicle id, a
/// name, before the query) the return reads as without them, and says what was taken out.
/// Left in, the state would match no link and the vehicle id would differ from the link's.
/// A percent-encoded one is the address's own and stays.
#[test]
fn invisible_characters_pasted_into_a_return_are_taken_out_and_named() {
    let vehicle = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
    let returns = [
        format!("{LANDING}?vehicle_id={vehicle}&state=s1-AbCd"),
        "https://example.com/home?code=c0de-9&state=s1-AbCd".to_owned(),
        "?error=access_denied&error_description=User+denied&state=s1-AbCd".to_owned(),
    ];
    let invisible = [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{200E}', '\u{202E}',
        '\u{2066}', '\u{00AD}', '\u{061C}',
    ];
    for clean in &returns {
        let whole = read_return(clean).expect(clean);
        assert!(whole.notes.is_empty(), "{clean}: {:?}", whole.notes);
        let boundaries: Vec<usize> = (1..clean.len())
            .filter(|&at| clean.is_char_boundary(at))
            .collect();
        for (n, character) in invisible.into_iter().enumerate() {
            // Every place in the address, each character at a few of them.
            for &at in boundaries.iter().skip(n).step_by(invisible.len()) {
                let pasted = format!("{}{character}{}", &clean[..at], &clean[at..]);
                let read = read_return(&pasted)
                    .unwrap_or_else(|e| panic!("{character:?} at {at}: {e}: {pasted}"));
                let context = format!("{character:?} at {at}: {pasted:?}");
                assert_eq!(read.result, whole.result, "{context}");
                assert_eq!(read.state, whole.state, "{context}");
                assert_eq!(read.notes.len(), 1, "{context}");
                assert!(read.notes[0].contains("took 1 invisible"), "{context}");
            }
        }
    }
    let encoded = read_return("code=c0de&state=s1%E2%80%8BAbCd").expect("reads");
    assert_eq!(encoded.state.as_deref(), Some("s1\u{200B}AbCd"));
    assert!(encoded.notes.is_empty(), "{:?}", encoded.notes);
}

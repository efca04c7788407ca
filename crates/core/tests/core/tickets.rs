//! Pastes as they come out of real tickets: the link or the JSON inside a sentence, a log
//! line, an e-mail (quoting, quoted-printable source, wrapped lines), chat and Markdown
//! link syntax, HTML escapes, punctuation after it; and two different candidates. Each
//! class several ways; then properties: a link in random text reads back exactly, and no
//! input makes the reader panic.

use proptest::prelude::*;
use reauth_link_core::link::{Action, Field, PasteError, Reading, TriagedPaste, read_paste};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const OTHER_VEHICLE: &str = "11111111-2222-4333-8444-555555555555";
const REDIRECT: &str = "https://example.com/home";
const STATE: &str = "0facda3319";

/// A link with every field, as the desk sent it to the owner.
fn full_link() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome&state={STATE}"
    )
}

/// The partly built link an AUTHENTICATION_FAILED error carries.
fn resolution_link() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}"
    )
}

fn error_body() -> String {
    serde_json::json!({
        "type": "CONNECTED_SERVICES_ACCOUNT",
        "code": "AUTHENTICATION_FAILED",
        "description": "The vehicle owner's credentials changed and the connection needs them again.",
        "docURL": "https://smartcar.com/docs/errors/api-errors/connected-services-account-errors#authentication-failed",
        "statusCode": 400,
        "requestId": "5dea93a1-3f79-4246-90c5-4f0b0a4e4a9b",
        "resolution": {"type": "REAUTHENTICATE", "url": resolution_link()},
        "suggestedUserMessage": "Please reconnect your vehicle."
    })
    .to_string()
}

fn pretty_error_body() -> String {
    let value: serde_json::Value = serde_json::from_str(&error_body()).expect("JSON");
    serde_json::to_string_pretty(&value).expect("JSON")
}

/// Quoted-printable as a mail program writes a message's source: `=` as `=3D`, lines
/// cut at 76 characters with a soft break `=`.
fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    let mut column = 0;
    for c in text.chars() {
        let piece = match c {
            '=' => "=3D".to_owned(),
            '\n' => {
                out.push('\n');
                column = 0;
                continue;
            }
            _ => c.to_string(),
        };
        if column + piece.len() > 75 {
            out.push_str("=\n");
            column = 0;
        }
        column += piece.len();
        out.push_str(&piece);
    }
    out
}

/// Each line quoted as a reply quotes it, with `prefix`.
fn quoted_in_reply(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}\n"))
        .collect()
}

/// Hard-wraps every line at `width` characters, as some mail programs do to a long link.
fn hard_wrap(text: &str, width: usize) -> String {
    text.lines()
        .map(|line| {
            let chars: Vec<char> = line.chars().collect();
            chars
                .chunks(width)
                .map(|chunk| chunk.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn quote(text: &str, marks: &str) -> String {
    text.lines()
        .map(|line| format!("{marks}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// (class, the ticket's text): each must give exactly the full link's fields.
fn link_corpus() -> Vec<(&'static str, String)> {
    let link = full_link();
    let escaped = link.replace('&', "&amp;");
    vec![
        (
            "sentence",
            format!("Hi, the owner got this link: {link}. It fails, can you help?"),
        ),
        ("sentence", format!("Link: {link}, sent yesterday; no luck")),
        (
            "sentence",
            format!("Could you check it (the link was {link})?"),
        ),
        ("sentence", format!("He clicked {link}!")),
        (
            "log line",
            format!("2026-11-30T10:12:03Z WARN reauth sent url={link} status=400"),
        ),
        (
            "log line",
            format!("level=warn msg=\"link sent\" link=\"{link}\" attempt=2"),
        ),
        (
            "log line",
            format!("[worker-3] {{ \"level\": \"info\" }} reauth {link}\n"),
        ),
        (
            "e-mail quoting",
            format!("On Monday Dana wrote:\n> Here is the link:\n> {link}\n> Thanks\n"),
        ),
        ("e-mail quoting", format!(">> {link}\n>> Best,\n>> Dana")),
        ("e-mail quoting", format!("> > {link}\n> > \n> Got it.")),
        (
            "quoted-printable",
            quoted_printable(&format!("Hello,\nthe link: {link}\nregards")),
        ),
        (
            "quoted-printable",
            quoted_printable(&format!("> the link is {link}.")),
        ),
        ("quoted-printable", quoted_printable(&link)),
        (
            "quoted-printable source quoted in a reply",
            quoted_in_reply(
                &quoted_printable(&format!("Hello,\nthe owner clicked {link}.\nregards")),
                "> ",
            ),
        ),
        (
            "quoted-printable source quoted in a reply",
            format!(
                "Forwarding:\n{}",
                quoted_in_reply(&quoted_printable(&format!("the link is {link}")), ">> ")
            ),
        ),
        (
            "wrapped lines",
            format!("the link:\n{}\nThanks", hard_wrap(&link, 72)),
        ),
        (
            "wrapped lines",
            format!("the link:\n{}\nWhy?", hard_wrap(&link, 60)),
        ),
        (
            "wrapped lines",
            format!("link\n{}\n\nBest", hard_wrap(&link, 76)),
        ),
        ("wrapped lines", quote(&hard_wrap(&link, 70), "> ")),
        (
            "wrapped lines",
            format!("  \"{}\"", link.replace('&', "\n    &")),
        ),
        (
            "slack",
            format!("owner clicked <{link}|this link> and got an error"),
        ),
        ("slack", format!("<{link}>")),
        ("slack", format!("see <{link}|{link}>")),
        (
            "markdown",
            format!("Send [the re-auth link]({link}) to the owner."),
        ),
        ("markdown", format!("[{link}]({link})")),
        ("markdown", format!("**{link}**")),
        ("markdown", format!("```\n{link}\n```")),
        ("html escaped", format!("the link {escaped} fails")),
        (
            "html escaped",
            format!("<a href=\"{escaped}\">reconnect</a>"),
        ),
        ("html escaped", format!("&lt;{escaped}&gt;")),
        ("trailing punctuation", format!("{link}.")),
        ("trailing punctuation", format!("({link})")),
        ("trailing punctuation", format!("<{link}>")),
        ("trailing punctuation", format!("\"{link}\"")),
        ("trailing punctuation", format!("'{link}';")),
        ("trailing punctuation", format!("{link}...")),
        (
            "no scheme",
            format!("go to {}", link.trim_start_matches("https://")),
        ),
    ]
}

#[test]
fn every_ticket_class_gives_exactly_the_links_fields() {
    for (class, text) in link_corpus() {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{class}: {e}\n{text}"));
        let context = format!("{class}:\n{text}\n{pasted:?}");
        assert_eq!(pasted.fields.client_id.as_deref(), Some(APP), "{context}");
        assert_eq!(
            pasted.fields.vehicle_id.as_deref(),
            Some(VEHICLE),
            "{context}"
        );
        assert_eq!(
            pasted.fields.redirect_uri.as_deref(),
            Some(REDIRECT),
            "{context}"
        );
        assert_eq!(pasted.fields.state.as_deref(), Some(STATE), "{context}");
        assert_eq!(pasted.fields.user, None, "{context}");
    }
}

/// (class, the ticket's text): each must read as the error body, with its action.
fn json_corpus() -> Vec<(&'static str, String)> {
    let body = error_body();
    let pretty = pretty_error_body();
    vec![
        (
            "sentence",
            format!("The API said {body} when we read the odometer."),
        ),
        (
            "log line",
            format!("2026-11-30T10:12:03Z ERROR smartcar: {body}"),
        ),
        (
            "log line",
            format!("E1130 10:12:03.123 odometer.rs:88] request failed: status=400 body={body}"),
        ),
        ("e-mail quoting", quote(&pretty, "> ")),
        (
            "e-mail quoting",
            format!("Dana wrote:\n{}\n\nCan you look?", quote(&pretty, ">> ")),
        ),
        (
            "quoted-printable",
            quoted_printable(&format!("Error below:\n{body}\nThanks")),
        ),
        ("quoted-printable", quoted_printable(&pretty)),
        (
            "wrapped lines",
            format!("error:\n{}\nend", hard_wrap(&body, 76)),
        ),
        ("wrapped lines", word_wrap(&body, 60)),
        ("markdown", format!("```json\n{pretty}\n```")),
        (
            "html escaped",
            format!(
                "<pre>{}</pre>",
                body.replace('&', "&amp;").replace('"', "&quot;")
            ),
        ),
        ("html escaped", body.replace('"', "&#34;")),
        (
            "json with its own link quoted",
            format!("{body}\nthe link in it: {}", resolution_link()),
        ),
    ]
}

/// Wraps at spaces, as a mail program wraps prose.
fn word_wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut column = 0;
    for (index, word) in text.split(' ').enumerate() {
        if index > 0 {
            if column + word.len() + 1 > width {
                out.push('\n');
                column = 0;
            } else {
                out.push(' ');
                column += 1;
            }
        }
        out.push_str(word);
        column += word.len();
    }
    out
}

#[test]
fn every_ticket_class_finds_the_error_body() {
    for (class, text) in json_corpus() {
        let triaged = read_paste(&text)
            .map(Reading::triage)
            .unwrap_or_else(|e| panic!("{class}: {e}\n{text}"));
        let TriagedPaste::One { pasted, triage } = triaged else {
            panic!("{class}: more than one candidate\n{text}\n{triaged:?}");
        };
        let context = format!("{class}:\n{text}\n{pasted:?}");
        assert_eq!(triage.advice.action, Action::Reauthenticate, "{context}");
        assert_eq!(pasted.fields.client_id.as_deref(), Some(APP), "{context}");
        assert_eq!(
            pasted.fields.vehicle_id.as_deref(),
            Some(VEHICLE),
            "{context}"
        );
        let code = pasted.error.and_then(|error| error.code);
        assert_eq!(code.as_deref(), Some("AUTHENTICATION_FAILED"), "{context}");
    }
}

#[test]
fn two_different_candidates_are_both_shown_and_none_is_picked() {
    let link = full_link();
    let other = link.replace(VEHICLE, OTHER_VEHICLE);
    let other_app = link.replace(APP, "4a1b01e5-0497-417c-a30e-6df6ba33ba46");
    let body_for_other = error_body().replace(VEHICLE, OTHER_VEHICLE);
    let table = [
        (
            "two links, two vehicles",
            format!("old: {link}\nnew: {other}"),
        ),
        (
            "two links, two apps",
            format!("<{link}|first> and <{other_app}|second>"),
        ),
        (
            "an error and a link for another car",
            format!("{body_for_other}\nsent: {link}"),
        ),
        (
            "two error bodies",
            format!("{}\n{}", error_body(), body_for_other),
        ),
        (
            "quoted e-mail with a new link",
            format!("new: {other}\n\n> old: {link}"),
        ),
    ];
    for (what, text) in table {
        let triaged = read_paste(&text)
            .map(Reading::triage)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let TriagedPaste::Ambiguous {
            message,
            candidates,
        } = triaged
        else {
            panic!("{what}: picked one\n{text}\n{triaged:?}");
        };
        assert_eq!(candidates.len(), 2, "{what}: {candidates:?}");
        assert!(
            message.contains("2 different candidates"),
            "{what}: {message}"
        );
        let described: Vec<String> = candidates.iter().map(|(c, _)| c.describe()).collect();
        assert_ne!(described[0], described[1], "{what}");
        match read_paste(&text).and_then(Reading::into_single) {
            Err(PasteError::Ambiguous(both)) => assert_eq!(both, described, "{what}"),
            other => panic!("{what}: {other:?}"),
        }
    }
}

#[test]
fn the_same_link_twice_or_an_error_with_its_own_link_is_one_candidate() {
    let link = full_link();
    let table = [
        format!("{link}\n\n> {link}"),
        format!("<{link}|{link}>"),
        format!("{}\n{link}", error_body()),
    ];
    for text in table {
        let triaged = read_paste(&text).map(Reading::triage).expect("reads");
        let TriagedPaste::One { pasted, .. } = triaged else {
            panic!("ambiguous: {text}");
        };
        assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE), "{text}");
        assert_eq!(
            pasted.fields.state.as_deref(),
            Some(STATE),
            "agreeing pieces fill each other: {text}"
        );
    }
}

#[test]
fn text_without_a_link_or_json_says_what_was_expected() {
    let table: &[(&str, PasteError)] = &[
        (
            "Hi, the car stopped reporting. Thanks!",
            PasteError::Unrecognised,
        ),
        (
            "see https://smartcar.com/docs/errors for details",
            PasteError::LinkWithoutFields,
        ),
        (
            "log: {\"eventType\": \"VEHICLE_STATE\"} done",
            PasteError::WebhookNotVehicleError("VEHICLE_STATE".into()),
        ),
        ("log: {\"hello\": 1} done", PasteError::JsonNotRecognised),
    ];
    for (text, expected) in table {
        assert_eq!(
            read_paste(text)
                .and_then(Reading::into_single)
                .as_ref()
                .err(),
            Some(expected),
            "{text}"
        );
    }
}

fn uuid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
}

/// Prose around a link: words, spaces and the punctuation of a sentence.
fn prose() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ,.;:!?()'-]{0,40}"
}

proptest! {
    #[test]
    fn a_link_in_random_surrounding_text_reads_back_exactly(
        client_id in uuid(),
        vehicle_id in uuid(),
        state in "[A-Za-z0-9_-]{1,30}",
        user in proptest::option::of("[a-z0-9-]{1,12}"),
        before in prose(),
        after in prose(),
        before_gap in "[ \n]",
        after_gap in "[ \n]",
        wrapping in 0usize..8,
    ) {
        let mut link = format!(
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={client_id}&vehicle_id={vehicle_id}&redirect_uri=https%3A%2F%2Fexample.com%2Fhome&state={state}"
        );
        if let Some(user) = &user {
            link.push_str(&format!("&user={user}"));
        }
        let wrapped = match wrapping {
            0 => link.clone(),
            1 => format!("<{link}>"),
            2 => format!("<{link}|the link>"),
            3 => format!("[the link]({link})"),
            4 => format!("\"{link}\""),
            5 => format!("({link})."),
            6 => link.replace('&', "&amp;"),
            _ => format!("{link}."),
        };
        let text = format!("{before}{before_gap}{wrapped}{after_gap}{after}");
        let pasted = read_paste(&text).and_then(Reading::into_single).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))?;
        prop_assert_eq!(pasted.fields.get(Field::ClientId), Some(client_id.as_str()), "{}", text);
        prop_assert_eq!(pasted.fields.get(Field::VehicleId), Some(vehicle_id.as_str()), "{}", text);
        prop_assert_eq!(pasted.fields.get(Field::RedirectUri), Some(REDIRECT), "{}", text);
        prop_assert_eq!(pasted.fields.get(Field::State), Some(state.as_str()), "{}", text);
        prop_assert_eq!(pasted.fields.get(Field::User), user.as_deref(), "{}", text);
    }

    #[test]
    fn no_string_makes_the_reader_panic(text in any::<String>()) {
        let _ = read_paste(&text).map(Reading::triage);
    }

    #[test]
    fn no_bytes_make_the_reader_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read_paste(&String::from_utf8_lossy(&bytes)).map(Reading::triage);
    }

    #[test]
    fn no_mix_of_ticket_fragments_makes_the_reader_panic(
        pieces in proptest::collection::vec(prop_oneof![
            Just("https://"), Just("connect.smartcar.com/"), Just("?"), Just("&"), Just("="),
            Just("client_id="), Just("vehicle_id="), Just("8229df9f-91a0-4ff0"), Just("{"),
            Just("}"), Just("\""), Just(":"), Just("["), Just("]"), Just("=3D"), Just("=\n"),
            Just("=C3=A9"), Just("&amp;"), Just("&#x"), Just("&#99999999;"), Just(">"),
            Just("> "), Just("\n"), Just("\r\n"), Just(" "), Just("|"), Just("("), Just(")"),
            Just("."), Just("é"), Just("\u{0}"), Just("\"errors\":"), Just("\"eventType\":"),
            Just("\"code\":"), Just("VEHICLE_ERROR"), Just("%2F"), Just("%"), Just("\\"),
        ], 0..60)
    ) {
        let text: String = pieces.concat();
        let _ = read_paste(&text).map(Reading::triage);
    }
}

/// Each adversarial shape once cost a scan of the whole text per candidate (seconds to a
/// minute for 1 MB); each search now stops at the next candidate.
#[test]
fn a_megabyte_of_adversarial_ticket_text_reads_in_well_under_a_few_seconds() {
    let shapes = [
        "{\"a\":\"x\n".repeat(120_000),
        "see https://connect.smartcar.com/oauth/reauthenticate?client_id=a&b=c\n".repeat(14_000),
        "&amp;&#x".repeat(120_000),
        "connect.smartcar.com/ {".repeat(40_000),
    ];
    for text in shapes {
        let started = std::time::Instant::now();
        let _ = read_paste(&text).map(Reading::triage);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(5),
            "{took:?} for {}",
            &text[..40]
        );
    }
}

//! Pastes that once gave a wrong field with no complaint, class by class: links a mail
//! program wrapped at any width (hard or at spaces), words and HTML around a link,
//! values that only look like quoted-printable, look-alike hosts, and the wrappers a
//! desk meets (Safe Links, URL Defense, escaped once more, JSON inside a log line).
//! Each must give the link's exact fields, or refuse and say why.

use proptest::prelude::*;
use reauth_link_core::link::{
    Action, Field, LinkKind, PasteError, Pasted, Reading, TriagedPaste, read_paste,
};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";
const REDIRECT_ENCODED: &str = "https%3A%2F%2Fexample.com%2Fhome";
const STATE: &str = "0facda3319-Xy_7kQ";
const SCOPE: &str = "read_odometer required:control_security";

fn reauth_link() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}&redirect_uri={REDIRECT_ENCODED}&state={STATE}"
    )
}

fn tesla_link() -> String {
    format!(
        "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&make=TESLA&client_id={APP}&scope=read_odometer%20required%3Acontrol_security"
    )
}

fn connect_link() -> String {
    format!(
        "https://connect.smartcar.com/oauth/authorize?response_type=code&client_id={APP}&mode=live&redirect_uri={REDIRECT_ENCODED}&scope=read_vehicle_info%20read_odometer&state={STATE}&flags=country%3ADE&user=owner-7"
    )
}

/// What each link shape must read back as.
fn assert_shape(shape: &str, pasted: &Pasted, context: &str) {
    assert_shape_with_doubt(shape, pasted, None, context);
}

/// The same, where `doubt` names the last parameter when the text cannot show where it
/// ends: it is then named and left out, never filled cut short or run into the next line.
fn assert_shape_with_doubt(shape: &str, pasted: &Pasted, doubt: Option<&str>, context: &str) {
    let field = |field: Field| pasted.fields.get(field);
    let unless_doubted = |name: &str, value: &'static str| (doubt != Some(name)).then_some(value);
    assert_eq!(field(Field::ClientId), Some(APP), "{context}");
    let doubted: Vec<&str> = pasted
        .facts
        .doubts
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(doubted, doubt.into_iter().collect::<Vec<_>>(), "{context}");
    match shape {
        "reauth" => {
            assert_eq!(field(Field::VehicleId), Some(VEHICLE), "{context}");
            assert_eq!(field(Field::RedirectUri), Some(REDIRECT), "{context}");
            assert_eq!(
                field(Field::State),
                unless_doubted("state", STATE),
                "{context}"
            );
            assert_eq!(pasted.facts.link_kind, Some(LinkKind::Reauth), "{context}");
        }
        "tesla" => {
            assert_eq!(pasted.facts.scope.as_deref(), Some(SCOPE), "{context}");
            assert_eq!(
                pasted.facts.link_kind,
                Some(LinkKind::TeslaPermissions),
                "{context}"
            );
        }
        _ => {
            assert_eq!(field(Field::RedirectUri), Some(REDIRECT), "{context}");
            assert_eq!(field(Field::State), Some(STATE), "{context}");
            assert_eq!(
                field(Field::User),
                unless_doubted("user", "owner-7"),
                "{context}"
            );
            assert_eq!(
                pasted.facts.scope.as_deref(),
                Some("read_vehicle_info read_odometer"),
                "{context}"
            );
            assert_eq!(pasted.facts.link_kind, Some(LinkKind::Connect), "{context}");
        }
    }
}

/// `fold -w width` (`at_spaces`: `fold -s -w width`): a line longer than the width is
/// cut at the width, or after its last space within the width.
fn fold(text: &str, width: usize, at_spaces: bool) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let mut rest: Vec<char> = line.chars().collect();
        while rest.len() > width {
            let cut = rest[..width]
                .iter()
                .rposition(|c| *c == ' ')
                .filter(|_| at_spaces)
                .map_or(width, |space| space + 1);
            out.push(rest[..cut].iter().collect::<String>());
            rest = rest[cut..].to_vec();
        }
        out.push(rest.iter().collect::<String>());
    }
    out.join("\n")
}

/// The ways a ticket holds the link before the mail program wraps it, and what a reply
/// or a block puts before each wrapped line.
fn tickets(link: &str) -> Vec<(String, &'static str)> {
    vec![
        (
            format!("Hi team,\nthe owner got this link: {link} and it fails.\nThanks,\nDana"),
            "",
        ),
        (format!("Hi team,\n\n{link}\n\nThanks,\nDana"), ""),
        (format!("The link {link}.\nRegards"), ""),
        (format!("Here is the link: {link}\nBest"), "> "),
        (format!("{link}\nBest"), "    "),
        // Quoted first and wrapped after: only the first line keeps its `> `.
        (format!("> Here is the link: {link}\n> Best"), ""),
    ]
}

fn prefix_lines(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one wrap the text cannot tell from a value going on: the link fills its last line
/// exactly and a word starts the next one. Its last free-text value is then in doubt (a
/// Tesla link's last value, a list of permissions, is whole by its shape).
fn ends_where_prose_could_go_on(
    link: &str,
    text: &str,
    width: usize,
    shape: &str,
) -> Option<&'static str> {
    let tail = format!("{}\n", &link[link.len() - 12..]);
    let (before, after) = text.split_once(&tail)?;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let last_line = format!("{}{}", &before[line_start..], tail.trim_end());
    if last_line.trim_start_matches(['>', ' ']).chars().count() != width {
        return None;
    }
    let next = after.trim_start_matches(['>', ' ']);
    let starts_word = next.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    match shape {
        "reauth" if starts_word => Some("state"),
        "connect" if starts_word => Some("user"),
        _ => None,
    }
}

#[test]
fn a_link_wrapped_at_any_width_from_60_to_90_reads_back_exactly() {
    let shapes = [
        ("reauth", reauth_link()),
        ("tesla", tesla_link()),
        ("connect", connect_link()),
    ];
    for (shape, link) in &shapes {
        for width in 60..=90 {
            for at_spaces in [false, true] {
                for (ticket, prefix) in tickets(link) {
                    let text = prefix_lines(&fold(&ticket, width, at_spaces), prefix);
                    let context = format!("{shape}, width {width}, fold -s {at_spaces}:\n{text}");
                    let pasted = read_paste(&text)
                        .and_then(Reading::into_single)
                        .unwrap_or_else(|e| panic!("{context}\n{e}"));
                    let doubt = ends_where_prose_could_go_on(link, &text, width, shape);
                    assert_shape_with_doubt(
                        shape,
                        &pasted,
                        doubt,
                        &format!("{context}\n{pasted:?}"),
                    );
                }
            }
        }
    }
}

/// `text` with one line break after its first `at` bytes.
fn hard_wrap_at(text: &str, at: usize) -> String {
    format!("{}\n{}", &text[..at], &text[at..])
}

#[test]
fn breaks_at_the_hard_places_read_back_exactly() {
    let link = reauth_link();
    let break_after = |needle: &str| {
        let at = link.find(needle).expect("in the link") + needle.len();
        format!("Link:\n{}\n{}\n\nThanks", &link[..at], &link[at..])
    };
    let table = [
        ("right after a %", break_after("redirect_uri=https%")),
        (
            "inside a percent escape",
            break_after("redirect_uri=https%3"),
        ),
        ("between a name and its =", break_after("&state")),
        ("right after the =", break_after("&vehicle_id=")),
        ("inside a UUID", break_after("&vehicle_id=36ab27d0-fd9d")),
        ("inside the scheme", break_after("htt")),
        ("after the scheme", break_after("https://")),
        ("inside the host", break_after("https://connect.smart")),
        ("inside the path", break_after("/oauth/reauth")),
        (
            "inside an HTML escape",
            format!(
                "Link:\n{}\n\nThanks",
                hard_wrap_at(
                    &link.replace('&', "&amp;"),
                    link.replace('&', "&amp;")
                        .find("&amp;state")
                        .expect("state")
                        + 3
                )
            ),
        ),
    ];
    for (what, text) in table {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        assert_shape("reauth", &pasted, &format!("{what}:\n{text}\n{pasted:?}"));
    }
}

#[test]
fn where_the_text_cannot_show_that_a_line_goes_on_the_field_is_named_not_filled() {
    let short = "https://connect.smartcar.com/oauth/reauthenticate?user=owner-7&state=0facda";
    let table = [
        (
            "a state that may go on",
            format!("Hi,\n{short}\n3319 is the rest?\n"),
            (Field::User, "owner-7"),
            "state",
            false,
        ),
        (
            "a state before a word",
            format!("{short}\nThanks"),
            (Field::User, "owner-7"),
            "state",
            false,
        ),
        (
            "a vehicle id cut short",
            format!(
                "Hi,\nhttps://connect.smartcar.com/oauth/reauthenticate?client_id={APP}&vehicle_id=36ab27d0-fd9d\nThanks"
            ),
            (Field::ClientId, APP),
            "vehicle_id",
            true,
        ),
        (
            "a vehicle id the copy cut short",
            format!(
                "the link was https://connect.smartcar.com/oauth/reauthenticate?client_id={APP}&vehicle_id=36ab27d0-fd9d and nothing more"
            ),
            (Field::ClientId, APP),
            "vehicle_id",
            true,
        ),
        (
            "a permission cut short",
            format!(
                "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&make=TESLA&client_id={APP}&scope=read_odo\nthanks"
            ),
            (Field::ClientId, APP),
            "scope",
            true,
        ),
    ];
    for (what, text, (kept, kept_value), field, cut) in table {
        let triaged = read_paste(&text)
            .map(Reading::triage)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let TriagedPaste::One { pasted, .. } = triaged else {
            panic!("{what}: ambiguous");
        };
        let context = format!("{what}:\n{text}\n{pasted:?}");
        assert_eq!(pasted.fields.get(kept), Some(kept_value), "{context}");
        assert_eq!(pasted.fields.state, None, "{context}");
        assert_eq!(pasted.fields.vehicle_id, None, "{context}");
        assert_eq!(pasted.facts.scope, None, "{context}");
        let (named, message) = pasted.facts.doubts.first().expect("a doubt");
        assert_eq!(named, field, "{context}");
        let expected = if cut { "cut" } else { "may go on" };
        assert!(message.contains(expected), "{context}");
        assert!(
            pasted
                .notes
                .iter()
                .any(|note| note.starts_with(&format!("{field}: "))),
            "the triage line shows it: {context}"
        );
    }
}

#[test]
fn words_and_html_around_a_link_never_get_into_its_fields() {
    let link = reauth_link();
    let html = link.replace('&', "&amp;");
    let at = |needle: &str| link.find(needle).expect("in the link") + needle.len();
    let with_wbr = format!(
        "{}<wbr>{}<wbr />{}",
        &html[..html.find("&amp;client").expect("client")],
        &html[html.find("&amp;client").expect("client")..html.find("&amp;state").expect("state")],
        &html[html.find("&amp;state").expect("state")..]
    );
    let vehicle_at = at("vehicle_id=36ab");
    let table = [
        ("words on both sides", format!("see {link} thanks")),
        (
            "blank line and signature",
            format!("{link}\n\n--\nDana Fleet\nAcme"),
        ),
        ("wbr in HTML", format!("<p>Link: {with_wbr}</p>")),
        (
            "br at a parameter",
            format!(
                "<p>{}<br>{}</p>",
                &html[..html.find("&amp;state").expect("state")],
                &html[html.find("&amp;state").expect("state")..]
            ),
        ),
        (
            "br inside the vehicle id",
            format!(
                "<p>{}<br>{}</p>",
                &html[..html.find("-fd9d").expect("vehicle")],
                &html[html.find("-fd9d").expect("vehicle")..]
            ),
        ),
        (
            "br inside the state, then a signature",
            format!(
                "<div>{}<br>{}<br>-- <br>Dana</div>",
                &html[..html.len() - 4],
                &html[html.len() - 4..]
            ),
        ),
        (
            "zero-width space entity in the vehicle id",
            format!("{}&#8203;{}", &link[..vehicle_at], &link[vehicle_at..]),
        ),
        (
            "hex zero-width space and soft hyphen",
            format!(
                "{}&#x200B;&shy;{}",
                &link[..vehicle_at],
                &link[vehicle_at..]
            ),
        ),
        (
            "named references for plain characters",
            link.replace("&state=", "&amp;state&equals;")
                .replace("-fd9d", "&#x2D;fd9d"),
        ),
        (
            "a zero-width space typed into the link",
            format!("{}\u{200B}{}", &link[..vehicle_at], &link[vehicle_at..]),
        ),
    ];
    for (what, text) in table {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        assert_shape("reauth", &pasted, &format!("{what}:\n{text}\n{pasted:?}"));
        assert_eq!(pasted.facts.link.as_deref(), Some(link.as_str()), "{what}");
    }
}

#[test]
fn a_br_after_a_link_before_a_word_leaves_its_last_value_in_doubt_and_json_reads_over_br() {
    let html = reauth_link().replace('&', "&amp;");
    for after in ["Thanks,<br>Dana", "Best regards"] {
        let text = format!("<div>{html}<br>{after}</div>");
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_shape_with_doubt(
            "reauth",
            &pasted,
            Some("state"),
            &format!("{text}\n{pasted:?}"),
        );
    }
    let body = "<div>{<br>&quot;type&quot;: &quot;CONNECTED_SERVICES_ACCOUNT&quot;,<br>&quot;code&quot;: &quot;AUTHENTICATION_FAILED&quot;<br>}</div>";
    let pasted = read_paste(body)
        .and_then(Reading::into_single)
        .unwrap_or_else(|e| panic!("{e}"));
    let code = pasted.error.and_then(|error| error.code);
    assert_eq!(code.as_deref(), Some("AUTHENTICATION_FAILED"));
}

#[test]
fn a_doubt_one_copy_of_a_link_leaves_is_settled_by_a_whole_copy() {
    let link = "https://connect.smartcar.com/oauth/reauthenticate?user=owner-7&state=0facda3319";
    let cut = "https://connect.smartcar.com/oauth/reauthenticate?user=owner-7&state=0facda";
    let text = format!("Hi,\n{cut}\n3319 see below\n\nthe link again: {link} thanks");
    let pasted = read_paste(&text)
        .and_then(Reading::into_single)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        pasted.fields.state.as_deref(),
        Some("0facda3319"),
        "{pasted:?}"
    );
    assert!(pasted.facts.doubts.is_empty(), "{pasted:?}");
    assert!(
        !pasted.notes.iter().any(|note| note.starts_with("state: ")),
        "{pasted:?}"
    );
}

/// A log line or an error body the tool that showed it cut short ends inside the quote
/// or `<` it opened before the link, so the link's last value may have lost its end even
/// where its shape cannot show it (`redirect_uri=https%3A%2F%2Fexample` reads as a whole
/// address). At every cut each field is the link's own value or left out and named; with
/// the quote closed the link reads whole.
#[test]
fn a_text_cut_inside_the_quote_around_a_link_never_fills_a_value_cut_short() {
    let link = reauth_link();
    let openers = [
        (
            "an error body",
            r#"{"resolution": {"type": "REAUTHENTICATE", "url": ""#,
            r#""}}"#,
        ),
        (
            "a log line's escaped body",
            r#"msg="call failed" body="{\"resolution\": {\"url\": \""#,
            r#"\"}}" took=213ms"#,
        ),
        ("an address in angle brackets", "The owner got <", "> today"),
        ("a quoted link", "the link was '", "' and it failed"),
    ];
    let whole = [
        (Field::ClientId, APP),
        (Field::VehicleId, VEHICLE),
        (Field::RedirectUri, REDIRECT),
        (Field::State, STATE),
    ];
    let vehicle_value = link.find("&vehicle_id=").expect("a vehicle id") + "&vehicle_id=".len();
    for (what, opener, closer) in openers {
        for cut in vehicle_value + 1..link.len() {
            let text = format!("{opener}{}", &link[..cut]);
            let pasted = read_paste(&text)
                .and_then(Reading::into_single)
                .unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
            let context = format!("{what}, cut at {cut}:\n{text}\n{pasted:?}");
            for (field, value) in whole {
                // A name the cut left without its `=` brings no value at all.
                let filled = pasted.fields.get(field).filter(|v| !v.is_empty());
                assert!(filled.is_none() || filled == Some(value), "{context}");
            }
            let last = link[..cut].rsplit('&').next().unwrap_or_default();
            if let Some((name, value)) = last.split_once('=')
                && !value.is_empty()
            {
                let doubted: Vec<&str> = pasted
                    .facts
                    .doubts
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect();
                assert_eq!(doubted, [name], "{context}");
            }
        }
        let text = format!("{opener}{link}{closer}");
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        assert_shape(
            "reauth",
            &pasted,
            &format!("{what}, closed:\n{text}\n{pasted:?}"),
        );
    }
}

/// Two links in one ticket that agree on every field of the re-authentication form can
/// still be two different requests: another kind of link, other permissions, another
/// make, country or mode. Folded into one, the second was dropped without a word and the
/// first one's kind (or the other's) was sent; they are shown side by side instead, in
/// either order. Copies of one link, and a link beside one that only lacks a value, stay
/// one.
#[test]
fn two_links_that_differ_beyond_the_form_s_fields_are_two_candidates() {
    let reauth = reauth_link();
    let tesla = tesla_link();
    let connect = connect_link();
    let differing = [
        (
            "a re-authentication and a Tesla permissions link",
            reauth.clone(),
            tesla.clone(),
        ),
        (
            "a re-authentication and a new-connection link",
            reauth.clone(),
            connect.clone(),
        ),
        (
            "a Tesla permissions and a new-connection link",
            tesla.clone(),
            connect.clone(),
        ),
        (
            "two Tesla links with other permissions",
            tesla.clone(),
            tesla.replace("read_odometer", "read_location"),
        ),
        (
            "two new connections with other permissions",
            connect.clone(),
            connect.replace("read_vehicle_info%20", ""),
        ),
        (
            "two new connections for other countries",
            connect.clone(),
            connect.replace("country%3ADE", "country%3AUS"),
        ),
        (
            "two new connections in other modes",
            connect.clone(),
            connect.replace("mode=live", "mode=test"),
        ),
        (
            "a re-authentication link for another make",
            format!("{reauth}&make=FORD"),
            format!("{reauth}&make=BMW"),
        ),
    ];
    for (what, first, second) in differing {
        for (a, b) in [(&first, &second), (&second, &first)] {
            let text = format!("Hi,\nthe first link: {a}\n\nand later: {b}\nThanks");
            match read_paste(&text) {
                Ok(Reading::Ambiguous(candidates)) => {
                    assert_eq!(candidates.len(), 2, "{what}:\n{text}");
                }
                Ok(Reading::One(pasted)) => panic!("{what}: read as one:\n{text}\n{pasted:?}"),
                Err(e) => panic!("{what}: {e}:\n{text}"),
            }
        }
    }
    let error_body = format!(
        r#"{{"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED", "resolution": {{"type": "REAUTHENTICATE", "url": "{reauth}"}}}}"#
    );
    let one = [
        (
            "the same link twice",
            format!("{reauth}\n\n{reauth}"),
            "reauth",
        ),
        (
            "a link and the same link without its state",
            format!(
                "{reauth}\n\n{}",
                reauth.replace(&format!("&state={STATE}"), "")
            ),
            "reauth",
        ),
        (
            "a Tesla link written with `+` and with `%20`",
            format!("{tesla}\n\n{}", tesla.replace("%20", "+")),
            "tesla",
        ),
        (
            "a new connection and its copy in an HTML href",
            format!(
                "{connect}\n<a href=\"{}\">Connect</a>",
                connect.replace('&', "&amp;")
            ),
            "connect",
        ),
    ];
    for (what, text, shape) in one {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}:\n{text}"));
        assert_shape(shape, &pasted, &format!("{what}:\n{text}\n{pasted:?}"));
    }
    let text = format!("{error_body}\nthe link: {reauth}");
    let pasted = read_paste(&text)
        .and_then(Reading::into_single)
        .unwrap_or_else(|e| panic!("an error body and its own link: {e}:\n{text}"));
    assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(VEHICLE), "{text}");
    assert_eq!(pasted.fields.state.as_deref(), Some(STATE), "{text}");
}

#[test]
fn quoted_printable_is_decoded_only_where_the_text_shows_it() {
    let plain = "https://connect.smartcar.com/oauth/reauthenticate?client_id=23ab27d0-fd9d-4455-823a-ce30af709ffc&vehicle_id=3d0a27d0-fd9d-4455-823a-ce30af709ffc&state=0AB1";
    let pasted = read_paste(plain)
        .and_then(Reading::into_single)
        .expect("reads");
    assert_eq!(
        pasted.fields.client_id.as_deref(),
        Some("23ab27d0-fd9d-4455-823a-ce30af709ffc")
    );
    assert_eq!(
        pasted.fields.vehicle_id.as_deref(),
        Some("3d0a27d0-fd9d-4455-823a-ce30af709ffc")
    );
    assert_eq!(pasted.fields.state.as_deref(), Some("0AB1"));
    let encoded = plain.replace('=', "=3D");
    let table = [
        ("=3D for =", format!("the link: {encoded}")),
        (
            "soft line breaks",
            format!("the link: {}=\n{}", &encoded[..70], &encoded[70..]),
        ),
        (
            "a header",
            format!(
                "Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\nthe link: {}=\n{}",
                &encoded[..59],
                &encoded[59..]
            ),
        ),
    ];
    for (what, text) in table {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            pasted.fields.client_id.as_deref(),
            Some("23ab27d0-fd9d-4455-823a-ce30af709ffc"),
            "{what}"
        );
        assert_eq!(pasted.fields.state.as_deref(), Some("0AB1"), "{what}");
    }
}

fn v4_uuid() -> impl Strategy<Value = String> {
    "(23|3d|0a|2f|[0-9a-f]{2})[0-9a-f]{6}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
}

proptest! {
    #[test]
    fn a_plain_link_of_any_v4_uuids_reads_back_exactly(
        client_id in v4_uuid(),
        vehicle_id in v4_uuid(),
        state in proptest::option::of("[0-9A-F][0-9A-Za-z]{0,20}"),
        upper in any::<bool>(),
    ) {
        let (client_id, vehicle_id) = if upper {
            (client_id.to_uppercase(), vehicle_id.to_uppercase())
        } else {
            (client_id, vehicle_id)
        };
        let mut link = format!(
            "https://connect.smartcar.com/oauth/reauthenticate?client_id={client_id}&vehicle_id={vehicle_id}"
        );
        if let Some(state) = &state {
            link.push_str(&format!("&state={state}"));
        }
        let pasted = read_paste(&link).and_then(Reading::into_single).map_err(|e| TestCaseError::fail(format!("{e}: {link}")))?;
        prop_assert_eq!(pasted.fields.client_id.as_deref(), Some(client_id.as_str()));
        prop_assert_eq!(pasted.fields.vehicle_id.as_deref(), Some(vehicle_id.as_str()));
        prop_assert_eq!(pasted.fields.state.as_deref(), state.as_deref());
    }
}

#[test]
fn only_connect_smartcar_com_over_https_is_read() {
    let path = format!(
        "/oauth/reauthenticate?response_type=vehicle_id&client_id={APP}&vehicle_id={VEHICLE}"
    );
    let table = [
        (
            format!("https://connect.smartcar.com.evil.example{path}"),
            "host connect.smartcar.com.evil.example",
        ),
        (
            format!("see https://smartcar.com.phish.io{path} now"),
            "host smartcar.com.phish.io",
        ),
        (
            format!("https://connect.smartcar.com@evil.example{path}"),
            "host evil.example",
        ),
        (
            format!("https://\u{441}onnect.smartcar.com{path}"),
            "host xn--",
        ),
        (format!("http://connect.smartcar.com{path}"), "over http"),
        (
            format!("see phish.example/connect.smartcar.com{path} now"),
            "",
        ),
        (
            format!(
                "<a href=\"https://evil.example{path}\">https://connect.smartcar.com{path}</a>"
            ),
            "host evil.example; the link's text shows connect.smartcar.com",
        ),
        (
            format!(
                "<a href=\"https://evil.example{}\">https://connect.smartcar.com{}</a>",
                path.replace('&', "&amp;"),
                path.replace('&', "&amp;")
            ),
            "host evil.example",
        ),
        (
            format!(
                "{{\"type\": \"CONNECTED_SERVICES_ACCOUNT\", \"code\": \"AUTHENTICATION_FAILED\", \"resolution\": {{\"type\": \"REAUTHENTICATE\", \"url\": \"https://connect.smartcar.com.evil.example{path}\"}}}}"
            ),
            "",
        ),
    ];
    for (text, host) in table {
        match read_paste(&text).and_then(Reading::into_single) {
            Err(PasteError::NotSmartcarLink(why)) => {
                assert!(why.contains(host), "{text}: {why}");
                let message = PasteError::NotSmartcarLink(why).to_string();
                assert!(
                    message.starts_with("not a Smartcar link (host "),
                    "{message}"
                );
            }
            Err(PasteError::Unrecognised | PasteError::BadLink(_))
                if host.is_empty() && !text.contains("://") => {}
            Ok(pasted) if host.is_empty() => {
                assert_eq!(pasted.found(), Vec::<Field>::new(), "{text}");
                assert!(
                    pasted.notes.iter().any(|note| note.contains(
                        "is not a Smartcar link (host connect.smartcar.com.evil.example)"
                    )),
                    "{text}: {pasted:?}"
                );
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn a_virtual_key_url_is_passed_on_only_from_tesla_or_smartcar() {
    let body = |url: &str| {
        serde_json::json!({
            "type": "CONNECTED_SERVICES_ACCOUNT",
            "code": "VIRTUAL_KEY_REQUIRED",
            "statusCode": 409,
            "resolution": {"type": "VIRTUAL_KEY", "url": url}
        })
        .to_string()
    };
    let table = [
        ("https://www.tesla.com/_ak/smartcar.com", true),
        ("https://tesla.com/_ak/smartcar.com", true),
        ("https://www.tesla.com.evil.example/_ak/smartcar.com", false),
        ("https://evil.example/_ak/smartcar.com", false),
    ];
    for (url, sent) in table {
        let TriagedPaste::One { triage, .. } =
            read_paste(&body(url)).map(Reading::triage).expect("reads")
        else {
            panic!("ambiguous");
        };
        assert_eq!(triage.advice.action, Action::VirtualKey, "{url}");
        let passed_on = triage.filled.iter().any(|filled| filled.value == url);
        assert_eq!(passed_on, sent, "{url}: {triage:?}");
        assert_eq!(
            triage.headline.contains(url),
            sent,
            "{url}: {}",
            triage.headline
        );
        if !sent {
            assert!(
                triage.headline.contains("is not one to send"),
                "{}",
                triage.headline
            );
        }
    }
}

/// A Safe Links address padded to fill its last line at `width` exactly, so the line after
/// it could go on with its last parameter, which is the wrapper's own.
fn safe_links_filling_lines(link: &str, width: usize) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(link.as_bytes()).collect();
    let build = |padding: usize| {
        format!(
            "https://eur01.safelinks.protection.outlook.com/?url={encoded}&data=05%7C02&sdata={}&reserved=0",
            "x".repeat(padding)
        )
    };
    let short = build(1).len();
    build(1 + (width - short % width) % width)
}

#[test]
fn every_wrapper_a_desk_meets_is_taken_off() {
    let link = reauth_link();
    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let error_json = serde_json::json!({
        "type": "CONNECTED_SERVICES_ACCOUNT",
        "code": "AUTHENTICATION_FAILED",
        "statusCode": 400,
        "resolution": {"type": "REAUTHENTICATE", "url": link}
    })
    .to_string();
    let escaped_json = error_json.replace('"', "\\\"");
    let table = [
        (
            "Outlook Safe Links",
            format!(
                "Click https://eur01.safelinks.protection.outlook.com/?url={}&data=05%7C02%7Cdesk%40acme.example%7C&sdata=abc%3D&reserved=0 please",
                encode(&link)
            ),
        ),
        (
            "percent-encoded once more",
            format!("next={} end", encode(&link)),
        ),
        (
            "Outlook Safe Links wrapped by the mail program, its end on the wrap width",
            format!(
                "Click\n{}\nThanks",
                fold(&safe_links_filling_lines(&link, 76), 76, false)
            ),
        ),
        ("HTML escaped twice", link.replace('&', "&amp;amp;")),
        (
            "Proofpoint v3",
            format!("https://urldefense.com/v3/__{link}__;!!Abc!def$"),
        ),
        (
            "escaped JSON in a log line",
            format!("level=error body=\"{escaped_json}\" took=3ms"),
        ),
        (
            "a link in a JSON string field",
            serde_json::json!({"ticket": 7, "link": link}).to_string(),
        ),
        (
            "a link in a JSON string field, in a sentence",
            format!(
                "payload: {} thanks",
                serde_json::json!({"data": {"url": link}})
            ),
        ),
    ];
    for (what, text) in table {
        let pasted = read_paste(&text)
            .and_then(Reading::into_single)
            .unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
        let context = format!("{what}:\n{text}\n{pasted:?}");
        assert!(pasted.facts.doubts.is_empty(), "{context}");
        assert_eq!(pasted.fields.client_id.as_deref(), Some(APP), "{context}");
        assert_eq!(
            pasted.fields.vehicle_id.as_deref(),
            Some(VEHICLE),
            "{context}"
        );
        if what.starts_with("escaped JSON") {
            let code = pasted.error.and_then(|error| error.code);
            assert_eq!(code.as_deref(), Some("AUTHENTICATION_FAILED"), "{context}");
        } else {
            assert_eq!(pasted.fields.state.as_deref(), Some(STATE), "{context}");
            assert_eq!(
                pasted.fields.redirect_uri.as_deref(),
                Some(REDIRECT),
                "{context}"
            );
        }
    }
    let empty_wrapper = "https://eur01.safelinks.protection.outlook.com/?data=05%7C02";
    match read_paste(empty_wrapper).and_then(Reading::into_single) {
        Err(error @ PasteError::Wrapper(_)) => {
            assert!(error.to_string().contains("Outlook Safe Links"), "{error}")
        }
        other => panic!("{other:?}"),
    }
}

proptest! {
    #[test]
    fn no_mix_of_wrapper_html_and_wrap_fragments_makes_the_reader_panic(
        pieces in proptest::collection::vec(prop_oneof![
            Just("https://"), Just("connect.smartcar.com/"), Just("oauth/reauthenticate?"),
            Just("&"), Just("="), Just("client_id="), Just("vehicle_id="), Just("state="),
            Just("scope=read_odo"), Just("8229df9f-91a0"), Just("%"), Just("%2"), Just("%3A"),
            Just("=3D"), Just("=\n"), Just("\n"), Just("> "), Just("<br>"), Just("<wbr/>"),
            Just("&#8203;"), Just("&amp;amp;"), Just("&ZeroWidthSpace;"), Just("\u{200B}"),
            Just("Content-Transfer-Encoding: quoted-printable\n"), Just("{\\\""), Just("\\\""),
            Just("https://eur01.safelinks.protection.outlook.com/?url="),
            Just("https://urldefense.com/v3/__"), Just("__;"), Just("*"), Just("**A"), Just("!!"),
            Just("https://urldefense.proofpoint.com/v2/url?u="), Just("https%3A%2F%2F"),
            Just("<a href=\""), Just("\">"), Just("</a>"), Just("|"), Just("]("), Just("["),
            Just("é"), Just("Thanks"), Just(" "), Just("\u{2028}"), Just("xn--"), Just("@"),
        ], 0..60)
    ) {
        let text: String = pieces.concat();
        let _ = read_paste(&text).map(Reading::triage);
    }
}

/// Each shape once cost a scan of the rest of the text per start (an escaped JSON string
/// never closed, an anchor never closed, a link before each of many `<br>`).
#[test]
fn a_megabyte_of_wrapper_and_html_shapes_reads_in_well_under_a_few_seconds() {
    let link = "https://connect.smartcar.com/oauth/reauthenticate?client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&state=ab";
    let shapes = [
        "{\\\"x\\\": 1} ".repeat(90_000),
        format!("<p>{link}<br>Thanks ").repeat(8_000),
        "<a href=x ".repeat(100_000),
        "[x](https://a.example ".repeat(40_000),
        "h\nttps://".repeat(100_000),
        "=3D=\n".repeat(200_000),
        "https%3A%2F%2Fconnect.smartcar.com%2F ".repeat(25_000),
    ];
    for text in shapes {
        let started = std::time::Instant::now();
        let _ = read_paste(&text).map(Reading::triage);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(5),
            "{took:?} for {}",
            &text[..30]
        );
    }
}

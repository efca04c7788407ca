//! The QR code decodes back to the exact link: the PNG as saved, and the terminal form as
//! printed, for short and long links.

use crate::qr_support;

use proptest::prelude::*;
use qr_support::{decode, decode_png, png_pixels};
use reauth_link_core::deliver::qr::{
    self, PNG_MODULE_PIXELS, QUIET_ZONE, QrMatrix, TERMINAL_COLOURS, TERMINAL_RESET,
};

const SHORT: &str = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc";

/// A link past 1,000 characters: a long state and a long, non-ASCII-encoded user.
fn long_link() -> String {
    let state = "s".repeat(600);
    let user = "%C3%A9".repeat(80);
    format!("{SHORT}&redirect_uri=https%3A%2F%2Ffleet.example%2Fcallback&state={state}&user={user}")
}

/// Reads the terminal form back into modules: every line's colours set and reset, each
/// character two modules stacked.
fn decode_terminal(text: &str, size: usize) -> String {
    let mut dark = vec![vec![false; size]; size + 1];
    for (row, line) in text.lines().enumerate() {
        let inner = line
            .strip_prefix(TERMINAL_COLOURS)
            .and_then(|l| l.strip_suffix(TERMINAL_RESET))
            .expect("dark on light, set on every line");
        for (x, c) in inner.chars().enumerate() {
            let (top, bottom) = match c {
                '█' => (true, true),
                '▀' => (true, false),
                '▄' => (false, true),
                ' ' => (false, false),
                other => panic!("unexpected character {other:?}"),
            };
            dark[2 * row][x] = top;
            dark[2 * row + 1][x] = bottom;
        }
    }
    let scale = 4;
    decode(size * scale, size * scale, |x, y| {
        if dark[y / scale][x / scale] { 0 } else { 255 }
    })
}

fn code(link: &str) -> QrMatrix {
    qr::matrix(link).expect("the link fits")
}

#[test]
fn the_png_decodes_to_the_exact_link_short_and_long() {
    let long = long_link();
    assert!(long.len() > 1000, "{}", long.len());
    for link in [SHORT, long.as_str()] {
        let code = code(link);
        let png = code.png_bytes();
        assert_eq!(decode_png(&png), link);
    }
}

#[test]
fn the_png_is_dark_on_light_with_the_quiet_zone() {
    let code = code(SHORT);
    let (width, height, pixels) = png_pixels(&code.png_bytes());
    let side = code.size() * PNG_MODULE_PIXELS;
    assert_eq!((width, height), (side, side));
    assert!(
        pixels.iter().all(|&p| p == 0 || p == 255),
        "two colours only"
    );
    let quiet = QUIET_ZONE * PNG_MODULE_PIXELS;
    for y in 0..side {
        for x in 0..side {
            let in_quiet_zone = x < quiet || y < quiet || x >= side - quiet || y >= side - quiet;
            if in_quiet_zone {
                assert_eq!(pixels[y * side + x], 255, "light at ({x}, {y})");
            }
        }
    }
    // The finder pattern's dark corner right inside the quiet zone.
    assert_eq!(pixels[quiet * side + quiet], 0);
}

#[test]
fn the_terminal_form_decodes_to_the_exact_link_short_and_long() {
    let long = long_link();
    for link in [SHORT, long.as_str()] {
        let code = code(link);
        assert_eq!(decode_terminal(&code.terminal(), code.size()), link);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn any_link_decodes_back(tail in "[A-Za-z0-9%._~=&-]{0,400}") {
        let link = format!("{SHORT}&state={tail}");
        let code = code(&link);
        prop_assert_eq!(decode_png(&code.png_bytes()), link);
    }
}

//! The QR code decodes back to the exact link: the PNG as saved, and the terminal form as
//! printed, for short and long links.

use proptest::prelude::*;
use reauth_link::deliver::qr::{
    self, PNG_MODULE_PIXELS, QUIET_ZONE, QrMatrix, TERMINAL_COLOURS, TERMINAL_RESET,
};

const SHORT: &str = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=36ab27d0-fd9d-4455-823a-ce30af709ffc";

/// A link past 1,000 characters: a long state and a long, non-ASCII-encoded user.
fn long_link() -> String {
    let state = "s".repeat(600);
    let user = "%C3%A9".repeat(80);
    format!("{SHORT}&redirect_uri=https%3A%2F%2Ffleet.example%2Fcallback&state={state}&user={user}")
}

/// Decodes a greyscale image with a QR decoder of its own (not the encoder's crate).
fn decode(width: usize, height: usize, luma: impl Fn(usize, usize) -> u8) -> String {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one code is found");
    let (_, content) = grids[0].decode().expect("the code decodes");
    content
}

fn decode_png(bytes: &[u8]) -> String {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let width = info.width as usize;
    decode(width, info.height as usize, |x, y| pixels[y * width + x])
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
    let decoder = png::Decoder::new(std::io::Cursor::new(code.png_bytes()));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    let side = code.size() * PNG_MODULE_PIXELS;
    assert_eq!((info.width as usize, info.height as usize), (side, side));
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

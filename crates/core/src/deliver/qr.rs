//! The link as a QR code: the module matrix (what a window paints as rectangles), and the
//! same matrix as PNG, SVG and terminal text. Every form is dark modules on a light square
//! with a quiet zone of `QUIET_ZONE` modules, whatever the theme, because scanners look for
//! exactly that.

use std::fmt::Write as _;
use std::io::Write;

use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code on every side, as the QR standard asks.
pub const QUIET_ZONE: usize = 4;

/// Pixels per module in a saved PNG: a version 40 code (the longest links) is then about
/// 1,500 pixels square and every module stays sharp when printed.
pub const PNG_MODULE_PIXELS: usize = 8;

/// The longest link a QR code holds (version 40, error correction L, bytes).
pub const MAX_LINK_BYTES: usize = 2953;

/// Why a link has no QR code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    #[error(
        "the link is {length} characters, more than a QR code holds ({MAX_LINK_BYTES}): send it as text instead"
    )]
    TooLong { length: usize },
    #[error("the link is empty: there is nothing to put in a QR code")]
    Empty,
}

/// The code's modules, quiet zone included, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrMatrix {
    /// Modules per side, quiet zone included.
    size: usize,
    dark: Vec<bool>,
}

/// The QR code of `link`: error correction M (15 % of the code may be damaged or covered),
/// or L when the link is too long for M.
pub fn matrix(link: &str) -> Result<QrMatrix, QrError> {
    if link.is_empty() {
        return Err(QrError::Empty);
    }
    let code = QrCode::with_error_correction_level(link, EcLevel::M)
        .or_else(|_| QrCode::with_error_correction_level(link, EcLevel::L))
        .map_err(|_| QrError::TooLong {
            length: link.chars().count(),
        })?;
    Ok(QrMatrix::with_quiet_zone(code.width(), &code.to_colors()))
}

impl QrMatrix {
    fn with_quiet_zone(width: usize, colors: &[Color]) -> Self {
        let size = width + 2 * QUIET_ZONE;
        let mut dark = vec![false; size * size];
        for (index, color) in colors.iter().enumerate() {
            let (x, y) = (index % width + QUIET_ZONE, index / width + QUIET_ZONE);
            dark[y * size + x] = *color == Color::Dark;
        }
        Self { size, dark }
    }

    /// Modules per side, quiet zone included: the light square a window paints first.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the module at column `x`, row `y` is dark; outside the square is light.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// The dark modules as (column, row), row by row: what a window paints on the light
    /// square.
    pub fn dark_modules(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.dark
            .iter()
            .enumerate()
            .filter(|(_, dark)| **dark)
            .map(|(index, _)| (index % self.size, index / self.size))
    }

    /// Writes a greyscale PNG, `module_pixels` pixels per module.
    pub fn write_png(&self, module_pixels: usize, out: impl Write) -> std::io::Result<()> {
        let side = self.size * module_pixels.max(1);
        let side_u32 = u32::try_from(side).map_err(std::io::Error::other)?;
        let mut encoder = png::Encoder::new(out, side_u32, side_u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(into_io)?;
        let mut pixels = Vec::with_capacity(side * side);
        for y in 0..side {
            for x in 0..side {
                let dark = self.is_dark(x / module_pixels.max(1), y / module_pixels.max(1));
                pixels.push(if dark { 0 } else { 255 });
            }
        }
        writer.write_image_data(&pixels).map_err(into_io)?;
        writer.finish().map_err(into_io)
    }

    /// The PNG as bytes, `PNG_MODULE_PIXELS` per module.
    pub fn png_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        // Writing into memory cannot fail; the size fits u32 for any QR version.
        if let Err(error) = self.write_png(PNG_MODULE_PIXELS, &mut bytes) {
            unreachable!("a QR code always encodes as PNG in memory: {error}");
        }
        bytes
    }

    /// An SVG document: one light square, one path of dark modules, with crisp edges so
    /// it scales to any size.
    pub fn svg(&self) -> String {
        let size = self.size;
        let pixels = size * PNG_MODULE_PIXELS;
        let mut path = String::new();
        for (x, y) in self.dark_modules() {
            // Writing into a String cannot fail.
            let _ = write!(path, "M{x} {y}h1v1h-1z");
        }
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\n\
             <rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/>\n\
             <path fill=\"#000000\" d=\"{path}\"/>\n\
             </svg>\n"
        )
    }

    /// The code for a terminal: each character is two modules stacked (Unicode half
    /// blocks), drawn black on a white background set explicitly, so it reads the same on
    /// a dark or a light terminal. Every line ends by resetting the colours.
    pub fn terminal(&self) -> String {
        let mut text = String::new();
        for y in (0..self.size).step_by(2) {
            text.push_str(TERMINAL_COLOURS);
            for x in 0..self.size {
                text.push(match (self.is_dark(x, y), self.is_dark(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            text.push_str(TERMINAL_RESET);
            text.push('\n');
        }
        text
    }
}

/// Black text on a bright white background (ANSI SGR 30 and 107).
pub const TERMINAL_COLOURS: &str = "\x1b[30;107m";
pub const TERMINAL_RESET: &str = "\x1b[0m";

fn into_io(error: png::EncodingError) -> std::io::Error {
    match error {
        png::EncodingError::IoError(error) => error,
        other => std::io::Error::other(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quiet_zone_is_light_on_every_side() {
        let matrix = matrix("https://example.com").expect("fits");
        let size = matrix.size();
        // 19 bytes need version 2 (25 modules) at error correction M.
        assert_eq!(size, 25 + 2 * QUIET_ZONE);
        for a in 0..size {
            for b in 0..QUIET_ZONE {
                for (x, y) in [(a, b), (b, a), (a, size - 1 - b), (size - 1 - b, a)] {
                    assert!(!matrix.is_dark(x, y), "({x}, {y}) is in the quiet zone");
                }
            }
        }
        // The finder pattern's corner starts right inside the quiet zone.
        assert!(matrix.is_dark(QUIET_ZONE, QUIET_ZONE));
        assert!(!matrix.is_dark(size, 0), "outside the square is light");
    }

    #[test]
    fn dark_modules_list_exactly_the_dark_ones() {
        let matrix = matrix("https://example.com").expect("fits");
        let listed: Vec<_> = matrix.dark_modules().collect();
        let counted = (0..matrix.size())
            .flat_map(|y| (0..matrix.size()).map(move |x| (x, y)))
            .filter(|&(x, y)| matrix.is_dark(x, y))
            .collect::<Vec<_>>();
        assert_eq!(listed, counted);
    }

    #[test]
    fn links_too_long_or_empty_have_no_code() {
        let long = "a".repeat(MAX_LINK_BYTES + 1);
        assert_eq!(
            matrix(&long),
            Err(QrError::TooLong {
                length: MAX_LINK_BYTES + 1
            })
        );
        assert_eq!(
            QrError::TooLong { length: 3000 }.to_string(),
            "the link is 3000 characters, more than a QR code holds (2953): send it as text instead"
        );
        assert!(matrix(&"a".repeat(MAX_LINK_BYTES)).is_ok());
        assert_eq!(matrix(""), Err(QrError::Empty));
    }

    #[test]
    fn the_svg_is_a_light_square_with_one_dark_module_per_path_step() {
        let matrix = matrix("https://example.com").expect("fits");
        let svg = matrix.svg();
        let size = matrix.size();
        assert!(svg.contains(&format!("viewBox=\"0 0 {size} {size}\"")));
        assert!(svg.contains(&format!(
            "<rect width=\"{size}\" height=\"{size}\" fill=\"#ffffff\"/>"
        )));
        assert_eq!(
            svg.matches("h1v1h-1z").count(),
            matrix.dark_modules().count()
        );
        assert!(svg.contains(&format!("M{QUIET_ZONE} {QUIET_ZONE}h1v1h-1z")));
    }

    #[test]
    fn the_terminal_form_sets_its_colours_on_every_line() {
        let matrix = matrix("https://example.com").expect("fits");
        let text = matrix.terminal();
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), matrix.size().div_ceil(2));
        for line in lines {
            let inner = line
                .strip_prefix(TERMINAL_COLOURS)
                .and_then(|l| l.strip_suffix(TERMINAL_RESET))
                .expect("colours set and reset");
            assert_eq!(inner.chars().count(), matrix.size());
        }
    }
}

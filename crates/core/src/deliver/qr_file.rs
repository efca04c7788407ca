//! Saving a QR code as an image file, whole or not at all, through the tool's one
//! whole-file writer: the command line's `--qr-png` and the window's "Save QR…" both
//! come here.

use std::path::Path;

use super::qr::QrMatrix;
use crate::whole_file::{FileError, write_whole_file};

/// The image formats a QR code is saved in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrImageFormat {
    Png,
    Svg,
}

impl QrImageFormat {
    /// The format a file name asks for by its extension (any case); PNG otherwise.
    pub fn for_path(path: &Path) -> Self {
        let svg = path
            .extension()
            .is_some_and(|extension| extension.eq_ignore_ascii_case("svg"));
        if svg { Self::Svg } else { Self::Png }
    }
}

/// Writes `matrix` to `path` in `format`; the old file stays until the new one is whole.
/// A QR image is a few kilobytes, so it is made in memory first.
pub fn save_qr(matrix: &QrMatrix, path: &Path, format: QrImageFormat) -> Result<(), FileError> {
    let bytes = match format {
        QrImageFormat::Png => matrix.png_bytes(),
        QrImageFormat::Svg => matrix.svg().into_bytes(),
    };
    write_whole_file(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::qr::matrix;

    #[test]
    fn the_extension_picks_the_format() {
        for (name, format) in [
            ("qr.svg", QrImageFormat::Svg),
            ("QR.SVG", QrImageFormat::Svg),
            ("qr.png", QrImageFormat::Png),
            ("qr", QrImageFormat::Png),
        ] {
            assert_eq!(QrImageFormat::for_path(Path::new(name)), format, "{name}");
        }
    }

    #[test]
    fn saving_writes_the_same_bytes_as_in_memory() {
        let folder = tempfile::tempdir().expect("temp dir");
        let code = matrix("https://example.com").expect("fits");
        let png = folder.path().join("qr.png");
        save_qr(&code, &png, QrImageFormat::Png).expect("saves");
        assert_eq!(std::fs::read(&png).expect("reads"), code.png_bytes());
        let svg = folder.path().join("qr.svg");
        save_qr(&code, &svg, QrImageFormat::Svg).expect("saves");
        assert_eq!(std::fs::read_to_string(&svg).expect("reads"), code.svg());
    }

    #[test]
    fn a_file_where_the_folder_should_be_fails_and_writes_nothing() {
        let folder = tempfile::tempdir().expect("temp dir");
        let code = matrix("https://example.com").expect("fits");
        let blocker = folder.path().join("not-a-folder");
        std::fs::write(&blocker, b"x").expect("writes");
        let path = blocker.join("qr.png");
        assert!(save_qr(&code, &path, QrImageFormat::Png).is_err());
        assert!(!path.exists());
    }
}

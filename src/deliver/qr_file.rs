//! Saving a QR code as an image file, whole or not at all, through the tool's one
//! whole-file writer: the command line's `--qr-png` and the window's "Save QR…" both
//! come here.

use std::io::{BufWriter, Write};
use std::path::Path;

use super::qr::{PNG_MODULE_PIXELS, QrMatrix};
use crate::batch::{WholeFileError, write_whole_file};

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
pub fn save_qr(matrix: &QrMatrix, path: &Path, format: QrImageFormat) -> std::io::Result<()> {
    write_whole_file(path, |file| {
        let mut out = BufWriter::new(file);
        match format {
            QrImageFormat::Png => matrix.write_png(PNG_MODULE_PIXELS, &mut out)?,
            QrImageFormat::Svg => out.write_all(matrix.svg().as_bytes())?,
        }
        out.flush()
    })
    .map_err(|error| match error {
        WholeFileError::File(error) | WholeFileError::Write(error) => error,
    })
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
    fn a_missing_folder_fails_and_writes_nothing() {
        let folder = tempfile::tempdir().expect("temp dir");
        let code = matrix("https://example.com").expect("fits");
        let path = folder.path().join("missing").join("qr.png");
        assert!(save_qr(&code, &path, QrImageFormat::Png).is_err());
        assert!(!path.exists());
    }
}

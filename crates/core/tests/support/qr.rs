//! Reads QR codes back, with a decoder of its own (not the encoder's crate): shared by the
//! core's QR tests, the window's "Save QR…" tests and the on-screen snapshots.
#![allow(dead_code)]

/// The text of the one code in a greyscale image.
pub fn decode(width: usize, height: usize, luma: impl Fn(usize, usize) -> u8) -> String {
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, luma);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one code is found");
    let (_, content) = grids[0].decode().expect("the code decodes");
    content
}

/// An 8-bit greyscale PNG's width, height and pixels.
pub fn png_pixels(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("a frame");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    (info.width as usize, info.height as usize, pixels)
}

/// The text of the code a QR PNG holds.
pub fn decode_png(bytes: &[u8]) -> String {
    let (width, height, pixels) = png_pixels(bytes);
    decode(width, height, |x, y| pixels[y * width + x])
}

//! The link's QR code on screen: dark modules on a light square with its quiet zone, in
//! any theme, painted as one mesh of rectangles on whole physical pixels so no edge blurs.

use egui::accesskit::Role;
use egui::emath::GuiRounding;
use egui::{Color32, Mesh, Rect, Response, Sense, Shape, Ui, Vec2, WidgetInfo, pos2};

use crate::deliver::qr::{self, QrError, QrMatrix};

/// The accessible name of the code on screen.
pub const QR_LABEL: &str = "QR code of the link";
pub const SAVE_QR: &str = "Save QR…";

/// The fewest physical pixels a module may take: below three, a phone camera filming a
/// screen starts to merge neighbouring modules.
pub const MIN_MODULE_PIXELS: f32 = 3.0;

/// The side the code aims for, in points: large enough to scan from arm's length, small
/// enough to sit beside the link. Long links take more room (see `MIN_MODULE_PIXELS`).
pub const PREFERRED_SIDE_POINTS: f32 = 200.0;

/// A module's side in points: a whole number of physical pixels, at least
/// `MIN_MODULE_PIXELS`, so the code stays sharp and scannable at any zoom.
pub fn module_points(modules: usize, pixels_per_point: f32) -> f32 {
    let modules = modules.max(1) as f32;
    let preferred_pixels = (PREFERRED_SIDE_POINTS * pixels_per_point / modules).floor();
    preferred_pixels.max(MIN_MODULE_PIXELS) / pixels_per_point
}

/// The code of the link shown, made again only when the link changes.
#[derive(Debug, Default)]
pub struct QrView {
    cached: Option<(String, Result<QrMatrix, QrError>)>,
}

impl QrView {
    pub fn matrix(&mut self, link: &str) -> &Result<QrMatrix, QrError> {
        if self
            .cached
            .as_ref()
            .is_some_and(|(cached_link, _)| cached_link != link)
        {
            self.cached = None;
        }
        let (_, matrix) = self
            .cached
            .get_or_insert_with(|| (link.to_owned(), qr::matrix(link)));
        matrix
    }
}

/// Paints `matrix`; light and dark are fixed colours because scanners need exactly that
/// contrast, whatever the theme around it.
pub fn qr_ui(ui: &mut Ui, matrix: &QrMatrix) -> Response {
    let pixels_per_point = ui.ctx().pixels_per_point();
    let module = module_points(matrix.size(), pixels_per_point);
    let side = module * matrix.size() as f32;
    let (rect, response) = ui.allocate_exact_size(Vec2::splat(side), Sense::hover());
    if ui.is_rect_visible(rect) {
        let origin = rect.min.round_to_pixels(pixels_per_point);
        ui.painter()
            .add(Shape::mesh(qr_mesh(matrix, origin.to_vec2(), module)));
    }
    response.widget_info(|| WidgetInfo::labeled(Role::Image, true, QR_LABEL));
    response
}

/// The light square, then each row's runs of dark modules as one rectangle each. A mesh,
/// not rectangle shapes: those get soft anti-aliased edges that would blur the modules.
fn qr_mesh(matrix: &QrMatrix, origin: Vec2, module: f32) -> Mesh {
    let size = matrix.size();
    let mut mesh = Mesh::default();
    let cell = |x: usize, y: usize| pos2(x as f32 * module, y as f32 * module) + origin;
    mesh.add_colored_rect(
        Rect::from_min_max(cell(0, 0), cell(size, size)),
        Color32::WHITE,
    );
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !matrix.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && matrix.is_dark(x, y) {
                x += 1;
            }
            mesh.add_colored_rect(
                Rect::from_min_max(cell(start, y), cell(x, y + 1)),
                Color32::BLACK,
            );
        }
    }
    mesh
}

/// The side of the painted code in points, for layouts and tests.
pub fn painted_side(matrix: &QrMatrix, pixels_per_point: f32) -> f32 {
    module_points(matrix.size(), pixels_per_point) * matrix.size() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_is_whole_physical_pixels_and_never_below_the_minimum() {
        for modules in [21 + 8, 57 + 8, 101 + 8, 177 + 8] {
            for pixels_per_point in [0.5, 1.0, 1.25, 1.5, 2.0, 3.0] {
                let pixels = module_points(modules, pixels_per_point) * pixels_per_point;
                assert!(
                    pixels >= MIN_MODULE_PIXELS,
                    "{modules} at {pixels_per_point}"
                );
                assert!(
                    (pixels - pixels.round()).abs() < 1e-3,
                    "{modules} at {pixels_per_point}: {pixels} px"
                );
            }
        }
    }

    #[test]
    fn a_short_link_keeps_about_the_preferred_size_at_any_zoom() {
        for pixels_per_point in [1.0, 1.5, 2.0] {
            let side = module_points(29, pixels_per_point) * 29.0;
            assert!(
                side <= PREFERRED_SIDE_POINTS && side > PREFERRED_SIDE_POINTS * 0.8,
                "{side} at {pixels_per_point}"
            );
        }
    }

    #[test]
    fn the_mesh_has_the_square_and_one_rectangle_per_dark_run() {
        let matrix = qr::matrix("https://example.com").expect("fits");
        let runs: usize = (0..matrix.size())
            .map(|y| {
                (0..matrix.size())
                    .filter(|&x| matrix.is_dark(x, y) && (x == 0 || !matrix.is_dark(x - 1, y)))
                    .count()
            })
            .sum();
        let mesh = qr_mesh(&matrix, Vec2::ZERO, 2.0);
        assert_eq!(mesh.vertices.len(), 4 * (1 + runs));
        assert_eq!(mesh.vertices[0].color, Color32::WHITE);
        assert_eq!(mesh.vertices[4].color, Color32::BLACK);
    }
}

//! The batch's table: a filter (all rows, bad rows, rows with warnings, duplicates), "go
//! to row N", and the rows themselves. Only the rows in view are laid out, and only their
//! links are written (by the store, from the app's link template), so a million rows
//! scroll like a hundred.

use egui_extras::{Column, TableBuilder};

use crate::batch::{RowFilter, RowStore, StoredRow};

/// Rows keep one line each so the table can skip the ones out of view.
const ROW_HEIGHT: f32 = 20.0;

const FILTERS: [(RowFilter, &str); 4] = [
    (RowFilter::All, "All rows"),
    (RowFilter::Bad, "Bad rows"),
    (RowFilter::WithWarnings, "Rows with warnings"),
    (RowFilter::Duplicates, "Duplicates"),
];

/// How the person is looking at the rows.
#[derive(Debug, Default)]
pub struct RowsView {
    filter: RowFilter,
    go_to: String,
    /// A row asked for: scrolled to on the next frame, then marked.
    scroll_to: Option<usize>,
    /// The row number last gone to, drawn selected.
    marked: Option<u32>,
    /// Why the last "go to row" went nowhere.
    problem: Option<String>,
}

impl RowsView {
    pub fn ui(&mut self, ui: &mut egui::Ui, rows: &RowStore) {
        self.filter_ui(ui, rows);
        self.go_to_ui(ui, rows);
        self.table_ui(ui, rows);
    }

    fn filter_ui(&mut self, ui: &mut egui::Ui, rows: &RowStore) {
        ui.horizontal(|ui| {
            ui.label("Show");
            for (filter, name) in FILTERS {
                let text = format!("{name} ({})", rows.count(filter));
                if ui.selectable_label(self.filter == filter, text).clicked() {
                    self.show(filter, rows);
                }
            }
        });
    }

    /// Switches the filter, keeping the marked row in view when the new filter has it.
    fn show(&mut self, filter: RowFilter, rows: &RowStore) {
        self.filter = filter;
        self.scroll_to = self.marked.and_then(|number| rows.position(filter, number));
    }

    fn go_to_ui(&mut self, ui: &mut egui::Ui, rows: &RowStore) {
        ui.horizontal(|ui| {
            let label = ui.label("Go to row");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.go_to)
                        .desired_width(90.0)
                        .hint_text(format!("1 to {}", rows.len())),
                )
                .labelled_by(label.id);
            let entered =
                field.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
            if ui.button("Go").clicked() || entered {
                self.go_to(rows);
            }
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem);
            }
        });
    }

    /// Scrolls to the typed row; a row the filter hides is shown among all rows.
    fn go_to(&mut self, rows: &RowStore) {
        self.problem = None;
        let typed = self.go_to.trim();
        let number = typed
            .parse::<u32>()
            .ok()
            .filter(|number| (1..=rows.len()).contains(&(*number as usize)));
        let Some(number) = number else {
            self.problem = Some(format!(
                "Go to row: \"{typed}\" is not a row of this batch: type a number from 1 to {}.",
                rows.len()
            ));
            return;
        };
        if rows.position(self.filter, number).is_none() {
            self.filter = RowFilter::All;
        }
        self.marked = Some(number);
        self.scroll_to = rows.position(self.filter, number);
    }

    fn table_ui(&mut self, ui: &mut egui::Ui, rows: &RowStore) {
        let mut table = TableBuilder::new(ui)
            .id_salt(("batch rows", self.filter))
            .striped(true)
            .resizable(true)
            .column(Column::auto().at_least(56.0))
            .column(Column::initial(280.0).at_least(120.0).clip(true))
            .column(Column::remainder().at_least(200.0).clip(true));
        if let Some(position) = self.scroll_to.take() {
            table = table.scroll_to_row(position, Some(egui::Align::Center));
        }
        let shown = rows.count(self.filter);
        let filter = self.filter;
        let marked = self.marked;
        let mut link = String::new();
        table
            .header(ROW_HEIGHT, |mut header| {
                for title in ["Row", "Vehicle ID", "Link or error"] {
                    header.col(|ui| {
                        ui.strong(title);
                    });
                }
            })
            .body(|body| {
                body.rows(ROW_HEIGHT, shown, |mut table_row| {
                    let Some(row) = rows
                        .index_at(filter, table_row.index())
                        .and_then(|index| rows.row(index))
                    else {
                        return;
                    };
                    table_row.set_selected(marked == Some(row.number));
                    table_row.col(|ui| {
                        ui.label(row.number.to_string());
                    });
                    table_row.col(|ui| {
                        ui.label(row.vehicle_id);
                    });
                    table_row.col(|ui| {
                        link.clear();
                        row_outcome_ui(ui, rows, &row, &mut link);
                    });
                });
            });
    }
}

/// The link of a good row (its warnings on hover), or the error of a bad one.
fn row_outcome_ui(ui: &mut egui::Ui, rows: &RowStore, row: &StoredRow<'_>, link: &mut String) {
    if rows.write_link(row, link) {
        let response = ui.label(link.as_str());
        let warnings: Vec<&str> = row.warnings().collect();
        if !warnings.is_empty() {
            response.on_hover_text(warnings.join("\n"));
        }
    } else {
        ui.colored_label(ui.visuals().error_fg_color, row.error);
    }
}

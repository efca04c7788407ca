//! The optional Ticket field: the support ticket a link answers. Kept per window (a new
//! window starts empty, for the next ticket) and recorded with every link that leaves.

use egui::Ui;

use crate::ui::widgets::labelled_text_field;

pub const TICKET_LABEL: &str = "Ticket";
const TICKET_HINT: &str = "optional: the support ticket, kept in the history with the link";

pub fn ticket_field_ui(ui: &mut Ui, ticket: &mut String) {
    labelled_text_field(ui, TICKET_LABEL, ticket, TICKET_HINT, false);
    ui.add_space(6.0);
}

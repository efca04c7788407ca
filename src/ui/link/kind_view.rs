//! The link of the shown kind: re-authentication through `link_view`, the other kinds the
//! same way (the link, Copy and Open, the decoded pairs), or the line saying what blocks it.

use egui::{RichText, Ui};

use crate::link::LinkKind;
use crate::ui::command::WindowCommand;
use crate::ui::link::link_forms::LinkForms;
use crate::ui::link::link_view::{
    LINK_LABEL, LinkViewState, link_view_ui, no_link_ui, shown_link_ui,
};
use crate::ui::link::to_the_owner::ToTheOwnerPanel;

pub const TESLA_LINK_LABEL: &str = "Tesla permissions link";
pub const CONNECT_LINK_LABEL: &str = "New-connection link";

/// The heading over a kind's link, which is also the link box's accessible name.
pub fn link_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Reauth => LINK_LABEL,
        LinkKind::TeslaPermissions => TESLA_LINK_LABEL,
        LinkKind::Connect => CONNECT_LINK_LABEL,
    }
}

pub fn kind_link_view_ui(
    ui: &mut Ui,
    forms: &LinkForms,
    view: &LinkViewState<'_>,
    to_the_owner: &mut ToTheOwnerPanel,
    commands: &mut Vec<WindowCommand>,
) {
    let kind = forms.kind();
    if kind == LinkKind::Reauth {
        link_view_ui(ui, &forms.reauth, view, to_the_owner, commands);
        return;
    }
    let shown = forms.shown();
    let checked = shown.checked();
    let label = ui.label(RichText::new(link_label(kind)).strong().size(15.0));
    let contract = forms.contract();
    match &checked.link {
        Some(link) => {
            let params: Vec<(&'static str, &str)> = link
                .params
                .iter()
                .map(|(name, value)| (*name, value.as_str()))
                .collect();
            shown_link_ui(
                ui,
                label.id,
                &link.url,
                &params,
                view,
                to_the_owner,
                commands,
            );
        }
        None => {
            let quiet = shown
                .quiet_blockers()
                .map(|fields| fields.iter().map(|f| f.label(contract)).collect());
            let blocked = checked.findings.blocking_summary(contract);
            no_link_ui(ui, quiet, blocked, view, to_the_owner, commands);
        }
    }
}

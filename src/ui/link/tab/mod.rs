//! The Link tab as one part of the window: what it holds (the forms of every kind, the
//! paste box, the link's hand-offs and their answers, the Connection line, the owner's
//! return), how it is drawn (`ui`), and how it carries out its commands (`apply`) and
//! picks up answers that arrive later (`poll`). The window lends it what it does not own
//! (`LinkServices`) and the profiles to pick from (`LinkTabView`).

pub mod copied;
mod lookup;
mod opening;
pub mod qr_save;
mod recording;
mod sending;
pub mod services;
mod shown_kind;

use std::sync::mpsc::Receiver;

use self::qr_save::QrSave;
use self::sending::PendingMail;
use self::services::LinkServices;

use crate::history::{NewEntry, Via};
use crate::link::{LinkKind, Pasted, ReauthForm, Severity, Triage};
use crate::profiles::Profile;
use crate::ui::command::WindowCommand;
use crate::ui::link::connection_job::{Asked, ConnectionLookup};
use crate::ui::link::kind_panel::{kind_fields_ui, kind_picker_ui};
use crate::ui::link::kind_view::kind_link_view_ui;
use crate::ui::link::link_forms::LinkForms;
use crate::ui::link::link_view::{LinkViewState, OpenStatus};
use crate::ui::link::paste_box::PasteBox;
use crate::ui::link::return_view::ReturnView;
use crate::ui::link::ticket_field::ticket_field_ui;
use crate::ui::link::to_the_owner::ToTheOwnerPanel;
use crate::ui::profile_picker::{profile_note_ui, profile_picker_ui};
use crate::ui::shortcuts::Shortcuts;
use crate::ui::widgets::{error_line, findings_ui, scroll_area};

/// Below this width the link goes under the form instead of beside it (e.g. at 200 % zoom).
const TWO_COLUMNS_FROM: f32 = 860.0;

pub struct LinkTab {
    /// The form of every kind of link, and which is shown (a paste sets it where a link
    /// helps).
    forms: LinkForms,
    paste: PasteBox,
    shortcuts: Shortcuts,
    /// When the link was copied (egui time) and which form generation it was.
    copied: Option<(f64, u64)>,
    /// The last "Open in browser" and the form generation it was for.
    open_status: Option<(OpenStatus, u64)>,
    open_result: Option<Receiver<Result<(), String>>>,
    /// The history entry for the link being opened, recorded once the browser started.
    open_entry: Option<NewEntry>,
    /// The customer's address, the message choice and the last hand-off to the owner.
    to_the_owner: ToTheOwnerPanel,
    pending_mail: Option<PendingMail>,
    /// The make the last paste told, for `{make}` in the message.
    pasted_make: Option<crate::deliver::PastedMake>,
    qr_save: Option<QrSave>,
    /// A problem outside any one field (an unknown `--profile`, no randomness).
    notice: Option<String>,
    /// The support ticket the links answer (the Ticket field).
    ticket: String,
    /// The last link recorded had a state the history holds for another vehicle.
    shared_state_warning: Option<String>,
    /// The last link recorded went to a vehicle another link went to in the last day.
    already_sent_warning: Option<String>,
    return_view: ReturnView,
    /// The Connection line.
    connection: ConnectionLookup,
}

/// What the tab shows but the window owns.
pub struct LinkTabView<'a> {
    pub profiles: &'a [Profile],
    pub selected_profile: Option<usize>,
    /// The profiles file cannot be read: the Profiles tab says why.
    pub profiles_unreadable: bool,
    /// Links may be going unrecorded: said on this tab too, never only on History.
    pub history_failure: Option<&'a str>,
    /// The management API is set up, so the Connection line is offered.
    pub lookup_offered: bool,
}

impl LinkTab {
    /// A fresh tab showing `kind`, its re-authentication form holding `form`.
    pub fn new(form: ReauthForm, kind: LinkKind) -> Self {
        Self {
            forms: LinkForms::new(form, kind),
            paste: PasteBox::default(),
            shortcuts: Shortcuts::default(),
            copied: None,
            open_status: None,
            open_result: None,
            open_entry: None,
            to_the_owner: ToTheOwnerPanel::default(),
            pending_mail: None,
            pasted_make: None,
            qr_save: None,
            notice: None,
            ticket: String::new(),
            shared_state_warning: None,
            already_sent_warning: None,
            return_view: ReturnView::default(),
            connection: ConnectionLookup::default(),
        }
    }

    /// The kind of link shown.
    pub fn kind(&self) -> LinkKind {
        self.forms.kind()
    }

    /// Says something outside any one field (an unknown `--profile`); `None` clears it.
    pub fn set_notice(&mut self, notice: Option<String>) {
        self.notice = notice;
    }

    /// Fills every kind's form from the chosen profile, or turns them back to free text.
    pub fn apply_profile(&mut self, profile: Option<&Profile>) {
        self.forms.apply_profile(profile);
    }

    /// True when `profile` is not what the form was last filled from (it was edited since).
    pub fn profile_differs(&self, profile: &Profile) -> bool {
        self.forms.reauth.profile_differs(profile)
    }

    /// The history's word on the last link recorded.
    pub fn recorded(&mut self, shared_state: Option<String>, already_sent: Option<String>) {
        self.shared_state_warning = shared_state;
        self.already_sent_warning = already_sent;
    }

    /// The owner's return, matched against the history's links.
    pub fn return_view(&mut self) -> &mut ReturnView {
        &mut self.return_view
    }

    /// The tab's keyboard shortcuts, while it is the one shown.
    pub fn read_shortcuts(&self, ctx: &egui::Context, commands: &mut Vec<WindowCommand>) {
        self.shortcuts.read(ctx, commands);
    }

    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &LinkTabView<'_>,
        commands: &mut Vec<WindowCommand>,
    ) {
        self.notices_ui(ui, view);
        if ui.available_width() >= TWO_COLUMNS_FROM {
            ui.columns(2, |columns| {
                let [form, link] = columns else { return };
                // Left-aligned, not justified: wrapped messages keep even word spacing.
                let layout = egui::Layout::top_down(egui::Align::Min);
                // Each column scrolls on its own: while a long form (a new connection's)
                // is filled further down, the link and its buttons stay in view.
                scroll_area("form_column").show(form, |ui| {
                    ui.with_layout(layout, |ui| self.form_column_ui(ui, view, commands));
                });
                scroll_area("link_column").show(link, |ui| {
                    ui.with_layout(layout, |ui| self.link_column_ui(ui, commands));
                });
            });
        } else {
            scroll_area("link_tab").show(ui, |ui| {
                self.form_column_ui(ui, view, commands);
                ui.separator();
                self.link_column_ui(ui, commands);
            });
        }
    }

    fn notices_ui(&self, ui: &mut egui::Ui, view: &LinkTabView<'_>) {
        if let Some(notice) = &self.notice {
            error_line(ui, notice);
            ui.add_space(6.0);
        }
        if let Some(warning) = &self.shared_state_warning {
            findings_ui(ui, [(Severity::Warning, format!("State: {warning}"))]);
            ui.add_space(6.0);
        }
        if let Some(warning) = &self.already_sent_warning {
            findings_ui(ui, [(Severity::Warning, format!("Vehicle ID: {warning}"))]);
            ui.add_space(6.0);
        }
        if view.profiles_unreadable {
            error_line(
                ui,
                "Saved profiles are unavailable: the profiles file cannot be read. See Profiles.",
            );
            ui.add_space(6.0);
        }
        if let Some(failure) = view.history_failure {
            error_line(ui, failure);
            ui.add_space(6.0);
        }
    }

    fn form_column_ui(
        &mut self,
        ui: &mut egui::Ui,
        view: &LinkTabView<'_>,
        commands: &mut Vec<WindowCommand>,
    ) {
        self.paste.ui(ui, commands);
        self.return_view.ui(ui, view.history_failure);
        ui.add_space(6.0);
        ui.separator();
        kind_picker_ui(ui, self.forms.kind(), commands);
        profile_picker_ui(ui, view.profiles, view.selected_profile, commands);
        let profile = view
            .selected_profile
            .and_then(|index| view.profiles.get(index));
        if let Some(profile) = profile {
            profile_note_ui(ui, profile);
        }
        ui.add_space(6.0);
        let connection = view.lookup_offered.then(|| self.connection.state());
        kind_fields_ui(
            ui,
            &mut self.forms,
            view.selected_profile.is_some(),
            connection,
            &self.shortcuts,
            commands,
        );
        ticket_field_ui(ui, &mut self.ticket);
    }

    fn link_column_ui(&mut self, ui: &mut egui::Ui, commands: &mut Vec<WindowCommand>) {
        let open_status = self.current_open_status().cloned();
        let view = LinkViewState {
            copied: self.show_copied(ui.ctx()),
            open_status: open_status.as_ref(),
            shortcuts: &self.shortcuts,
            generation: self.link_generation(),
            advice_without_link: self.paste.advises_no_link(),
        };
        kind_link_view_ui(ui, &self.forms, &view, &mut self.to_the_owner, commands);
    }

    /// Carries out one of this tab's commands; the window's and the other tabs' are not
    /// handed here.
    pub fn apply(&mut self, command: WindowCommand, services: &mut LinkServices<'_>) {
        match command {
            WindowCommand::CopyLink => {
                self.try_link();
                self.copy_link(services.ctx);
                self.record_form_link(Via::Copied, services);
            }
            WindowCommand::OpenLink => {
                self.try_link();
                self.open_link(services);
            }
            WindowCommand::GenerateState => self.generate_state(),
            WindowCommand::FillFromPaste => {
                if self.read_owner_return(services) {
                    return;
                }
                self.return_view.clear();
                if let Some(reading) = self.paste.read() {
                    self.fill_from_paste(reading, services);
                }
            }
            WindowCommand::UsePasteCandidate(index) => {
                if let Some(reading) = self.paste.candidate(index) {
                    self.fill_from_paste(reading, services);
                }
            }
            WindowCommand::ChooseKind { kind, values } => self.choose_kind(kind, &values),
            WindowCommand::CopyMessage(choice) => self.copy_message(choice, services),
            WindowCommand::SendEmail { even_if_long } => self.send_email(even_if_long, services),
            WindowCommand::SaveQr => self.save_qr(services),
            WindowCommand::Record(via) => self.record_form_link(via, services),
            WindowCommand::LookUpConnection => self.look_up_connection(Asked::ByPerson, services),
            WindowCommand::CancelLookup => self.connection.cancel(),
            // The window's own and the other tabs': the window carries them out.
            WindowCommand::ChooseProfile(_)
            | WindowCommand::SetTheme(_)
            | WindowCommand::ShowTab(_)
            | WindowCommand::EditProfiles(_)
            | WindowCommand::ActOnUnreadableProfiles(_)
            | WindowCommand::CopyFromHistory(_)
            | WindowCommand::SetRecording(_)
            | WindowCommand::VerifyShown
            | WindowCommand::CancelVerify => {}
        }
    }

    /// Picks up what arrived since the last frame: the browser's and the mail program's
    /// answers, the QR file's, and the Connection line's.
    pub fn poll(&mut self, services: &mut LinkServices<'_>) {
        self.poll_open_result(services);
        self.poll_mail_result(services);
        self.poll_qr_save(services);
        self.poll_connection(services);
    }

    /// Acts on one reading of the paste: a re-authentication link fills the form; any
    /// other advice starts the form afresh from the chosen profile, so no value or link
    /// from an earlier case stays beside advice it does not fit. Where a link helps, the
    /// tab moves to that kind.
    fn fill_from_paste(
        &mut self,
        (pasted, triage): (Pasted, Triage),
        services: &mut LinkServices<'_>,
    ) {
        self.pasted_make = crate::deliver::PastedMake::from_paste(&pasted);
        if triage.link == Some(LinkKind::Reauth) {
            self.forms.reauth.edit(|form| pasted.fill(form));
        } else {
            self.forms.reauth.start_afresh(services.profile);
        }
        if let Some(kind) = triage.link {
            self.choose_kind(kind, &triage.filled);
        }
        let complete = self.forms.reauth.link().is_some();
        self.paste
            .filled(&pasted, triage, self.forms.reauth.form(), complete);
        self.look_up_after_paste(services);
    }
}

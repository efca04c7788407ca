//! "Open in browser": the system launcher runs on a thread of its own (a launcher may take
//! its time), and its answer is picked up by a later frame.

use std::sync::mpsc::{self, TryRecvError};

use super::ReauthApp;
use crate::history::Via;
use crate::ui::link_view::OpenStatus;
use crate::ui::system_open::open_with_desktop;

/// Opens a link in the browser and says why when it cannot.
pub type OpenFn = Box<dyn Fn(&str) -> Result<(), String>>;

/// Who opens links: the system browser (on a worker thread), or a function given by the
/// caller (tests record the URL or simulate failure).
///
/// Not `egui::OutputCommand::OpenUrl`: eframe opens those itself and drops a failure
/// silently, while the window must say why no browser started and keep the link to copy.
#[derive(Default)]
pub enum LinkOpener {
    #[default]
    System,
    Custom(OpenFn),
}

impl ReauthApp {
    pub(super) fn open_link(&mut self, ctx: &egui::Context) {
        let Some(link) = self.form.link().map(str::to_owned) else {
            return;
        };
        let generation = self.form.generation();
        let entry = self.form_entry(Via::Opened);
        let status = match &self.opener {
            LinkOpener::Custom(open) => match open(&link) {
                Ok(()) => {
                    self.history.record(entry.into_iter().collect());
                    OpenStatus::Opened
                }
                Err(reason) => OpenStatus::Failed(reason),
            },
            LinkOpener::System => {
                let (sender, receiver) = mpsc::channel();
                let repaint = ctx.clone();
                let spawned = std::thread::Builder::new()
                    .name("open-browser".into())
                    .spawn(move || {
                        let outcome = open_with_desktop(link.as_ref());
                        // The window may be closed by now; then nobody needs the answer.
                        let _ = sender.send(outcome);
                        repaint.request_repaint();
                    });
                match spawned {
                    Ok(_) => {
                        self.open_result = Some(receiver);
                        self.open_entry = entry;
                        OpenStatus::Opening
                    }
                    Err(error) => OpenStatus::Failed(format!("cannot start a thread ({error})")),
                }
            }
        };
        self.open_status = Some((status, generation));
    }

    pub(super) fn poll_open_result(&mut self) {
        let Some(receiver) = &self.open_result else {
            return;
        };
        let outcome = match receiver.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                Err("the browser launcher stopped without an answer".to_owned())
            }
        };
        self.open_result = None;
        let entry = self.open_entry.take();
        if outcome.is_ok() {
            // The link left the window only once a browser took it.
            self.history.record(entry.into_iter().collect());
        }
        if let Some((status, _)) = &mut self.open_status {
            *status = match outcome {
                Ok(()) => OpenStatus::Opened,
                Err(reason) => OpenStatus::Failed(reason),
            };
        }
    }

    /// The last "Open in browser", while the link it opened is still the one shown.
    pub(super) fn current_open_status(&self) -> Option<&OpenStatus> {
        self.open_status
            .as_ref()
            .filter(|(_, generation)| *generation == self.form.generation())
            .map(|(status, _)| status)
    }
}

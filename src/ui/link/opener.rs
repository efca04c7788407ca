//! Who opens links for "Open in browser" and "E-mail…": the system launcher runs on a
//! thread of its own (a launcher may take its time), and its answer is picked up by a
//! later frame.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::ui::system_open::open_with_desktop;

/// Opens a link in the browser and says why when it cannot.
pub type OpenFn = Box<dyn Fn(&str) -> Result<(), String>>;

/// Who opens links (web links and `mailto:` alike): the desktop (on a worker thread), or a
/// function given by the caller (tests record the URL or simulate failure).
///
/// Not `egui::OutputCommand::OpenUrl`: eframe opens those itself and drops a failure
/// silently, while the window must say why no browser started and keep the link to copy.
#[derive(Default)]
pub enum LinkOpener {
    #[default]
    System,
    Custom(OpenFn),
}

/// An opener's answer: at once from a custom opener, later from the desktop.
pub enum Launch {
    Answered(Result<(), String>),
    Pending(Receiver<Result<(), String>>),
}

impl LinkOpener {
    /// Hands `target` to the opener; `ctx` is woken when a desktop launcher answers.
    pub fn launch(&self, target: String, ctx: &egui::Context) -> Launch {
        match self {
            LinkOpener::Custom(open) => Launch::Answered(open(&target)),
            LinkOpener::System => {
                let (sender, receiver) = mpsc::channel();
                let repaint = ctx.clone();
                let spawned =
                    std::thread::Builder::new()
                        .name("open-link".into())
                        .spawn(move || {
                            let outcome = open_with_desktop(target.as_ref());
                            // The window may be closed by now; then nobody needs the answer.
                            let _ = sender.send(outcome);
                            repaint.request_repaint();
                        });
                match spawned {
                    Ok(_) => Launch::Pending(receiver),
                    Err(error) => Launch::Answered(Err(format!("cannot start a thread ({error})"))),
                }
            }
        }
    }
}

/// The launcher's answer once it came; empties `pending` then.
pub fn take_answer(
    pending: &mut Option<Receiver<Result<(), String>>>,
) -> Option<Result<(), String>> {
    let outcome = match pending.as_ref()?.try_recv() {
        Ok(result) => result,
        Err(TryRecvError::Empty) => return None,
        Err(TryRecvError::Disconnected) => Err("the launcher stopped without an answer".to_owned()),
    };
    *pending = None;
    Some(outcome)
}

//! Choosing a file in the desktop's own dialog, off the UI thread: the dialog waits for
//! the person, and the window must keep drawing meanwhile.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};

/// What the Batch panel and "Save QR…" ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileQuestion {
    /// A batch input to read.
    Open,
    /// Where to save the batch's CSV, starting from a suggested file name.
    Save { file_name: String },
    /// Where to save the link's QR code, as PNG or SVG.
    SaveQr { file_name: String },
}

/// What a dialog gave: the chosen path, `None` when it was closed without one, or why no
/// dialog could be shown.
pub type Answer = Result<Option<PathBuf>, String>;

/// Answers a question at once.
pub type ChooseFn = Box<dyn Fn(&FileQuestion) -> Answer>;

/// Who answers: the desktop's file dialog (through the XDG desktop portal, or zenity
/// where no portal runs), or a function given by the caller (tests choose a path, cancel
/// or fail).
#[derive(Default)]
pub enum FileChooser {
    #[default]
    System,
    Custom(ChooseFn),
}

impl FileChooser {
    /// Starts asking; the answer comes on the returned channel, at once from a custom
    /// chooser.
    pub fn ask(&self, question: FileQuestion, ctx: &egui::Context) -> Receiver<Answer> {
        let (sender, answer) = mpsc::channel();
        match self {
            FileChooser::Custom(choose) => {
                // The receiver is returned below, so this send cannot fail.
                let _ = sender.send(choose(&question));
            }
            FileChooser::System => {
                let repaint = ctx.clone();
                let on_failure = sender.clone();
                let spawned = std::thread::Builder::new()
                    .name("file-dialog".into())
                    .spawn(move || {
                        // The window may be closed by now; then nobody needs the answer.
                        let _ = sender.send(Ok(system_dialog(&question)));
                        repaint.request_repaint();
                    });
                if let Err(error) = spawned {
                    let _ = on_failure.send(Err(format!("cannot start a thread ({error})")));
                }
            }
        }
        answer
    }
}

fn system_dialog(question: &FileQuestion) -> Option<PathBuf> {
    let dialog = rfd::FileDialog::new();
    match question {
        FileQuestion::Open => dialog
            .set_title("Vehicles for the batch")
            .add_filter("CSV, list of ids or JSON", &["csv", "txt", "json", "jsonl"])
            .add_filter("All files", &["*"])
            .pick_file(),
        FileQuestion::Save { file_name } => dialog
            .set_title("Export the links")
            .set_file_name(file_name)
            .add_filter("CSV", &["csv"])
            .save_file(),
        FileQuestion::SaveQr { file_name } => dialog
            .set_title("Save the QR code")
            .set_file_name(file_name)
            .add_filter("PNG image", &["png"])
            .add_filter("SVG image", &["svg"])
            .save_file(),
    }
}

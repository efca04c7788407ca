//! "Save QR…": the desktop's dialog asks where, then a worker thread writes the PNG or SVG
//! through `save_qr` (the tool's one whole-file writer); the window keeps drawing.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::LinkTab;
use super::services::LinkServices;
use crate::deliver::{QrImageFormat, QrMatrix, qr, save_qr};
use crate::history::{NewEntry, Via};
use crate::ui::file_dialog::{Answer, FileQuestion};
use crate::ui::link::to_the_owner::DeliveryNotice;

/// Where the dialog starts: PNG, which every program opens.
pub const QR_FILE_NAME: &str = "reauth-link-qr.png";

/// A "Save QR…" under way, for the link it was asked for.
pub enum QrSave {
    Choosing {
        matrix: QrMatrix,
        answer: Receiver<Answer>,
        entry: Option<NewEntry>,
    },
    Writing {
        path: PathBuf,
        done: Receiver<Result<(), String>>,
        entry: Option<NewEntry>,
    },
}

impl LinkTab {
    pub(super) fn save_qr(&mut self, services: &mut LinkServices<'_>) {
        if self.qr_save.is_some() {
            return;
        }
        let Some(link) = self.current_link() else {
            return;
        };
        let matrix = match qr::matrix(link) {
            Ok(matrix) => matrix,
            Err(error) => {
                let notice = DeliveryNotice::QrFailed(format!("No QR code: {error}."));
                self.to_the_owner.set_notice(notice, self.link_generation());
                return;
            }
        };
        let question = FileQuestion::SaveQr {
            file_name: QR_FILE_NAME.to_owned(),
        };
        let answer = services.file_chooser.ask(question, services.ctx);
        let entry = self.form_entry(Via::QrSaved, services);
        self.qr_save = Some(QrSave::Choosing {
            matrix,
            answer,
            entry,
        });
    }

    pub(super) fn poll_qr_save(&mut self, services: &mut LinkServices<'_>) {
        self.qr_save = match self.qr_save.take() {
            None => None,
            Some(QrSave::Choosing {
                matrix,
                answer,
                entry,
            }) => match answer.try_recv() {
                Err(TryRecvError::Empty) => Some(QrSave::Choosing {
                    matrix,
                    answer,
                    entry,
                }),
                Err(TryRecvError::Disconnected) => {
                    self.qr_failed("No file dialog could be shown: try again.".to_owned());
                    None
                }
                Ok(Err(reason)) => {
                    self.qr_failed(format!("No file dialog could be shown ({reason})."));
                    None
                }
                // Closed without a file: the person changed their mind.
                Ok(Ok(None)) => None,
                Ok(Ok(Some(path))) => {
                    let generation = self.link_generation();
                    self.to_the_owner
                        .set_notice(DeliveryNotice::QrSaving, generation);
                    let done = write_in_background(matrix, path.clone(), services.ctx.clone());
                    Some(QrSave::Writing { path, done, entry })
                }
            },
            Some(QrSave::Writing { path, done, entry }) => match done.try_recv() {
                Err(TryRecvError::Empty) => Some(QrSave::Writing { path, done, entry }),
                outcome => {
                    let outcome = outcome.unwrap_or_else(|_| {
                        Err(format!(
                            "cannot write {}: the writer stopped",
                            path.display()
                        ))
                    });
                    self.written(&path, outcome, entry, services);
                    None
                }
            },
        };
    }

    /// The link left the window once its code is on disk.
    fn written(
        &mut self,
        path: &Path,
        outcome: Result<(), String>,
        entry: Option<NewEntry>,
        services: &mut LinkServices<'_>,
    ) {
        let notice = match outcome {
            Ok(()) => {
                services.history.record(entry.into_iter().collect());
                DeliveryNotice::QrSaved(path.display().to_string())
            }
            Err(reason) => DeliveryNotice::QrFailed(reason),
        };
        self.to_the_owner.settle(&DeliveryNotice::QrSaving, notice);
    }

    fn qr_failed(&mut self, reason: String) {
        let notice = DeliveryNotice::QrFailed(reason);
        self.to_the_owner.set_notice(notice, self.link_generation());
    }
}

/// PNG or SVG by the chosen name's ending (PNG without one).
fn write_in_background(
    matrix: QrMatrix,
    path: PathBuf,
    ctx: egui::Context,
) -> Receiver<Result<(), String>> {
    let (sender, done) = mpsc::channel();
    let on_failure = sender.clone();
    let spawned = std::thread::Builder::new()
        .name("save-qr".into())
        .spawn(move || {
            let format = QrImageFormat::for_path(&path);
            let outcome = save_qr(&matrix, &path, format)
                .map_err(|error| format!("Cannot save the QR code to {}: {error}", path.display()));
            // The window may be closed by now; then nobody needs the answer.
            let _ = sender.send(outcome);
            ctx.request_repaint();
        });
    if let Err(error) = spawned {
        let _ = on_failure.send(Err(format!("cannot start a thread ({error})")));
    }
    done
}

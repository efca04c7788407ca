//! What the Link tab borrows from the window to do its work: the chosen profile, the
//! history its links are recorded in, who opens links, who asks for a file, and the
//! management API. The window lends them for one frame's commands and polls.

use crate::profiles::Profile;
use crate::ui::file_dialog::FileChooser;
use crate::ui::history::worker_handle::WindowHistory;
use crate::ui::link::opener::LinkOpener;
use crate::ui::management_setup::ManagementSetup;

pub struct LinkServices<'a> {
    pub ctx: &'a egui::Context,
    /// The profile the Profile picker shows; `None` for free text.
    pub profile: Option<&'a Profile>,
    pub history: &'a mut WindowHistory,
    pub opener: &'a LinkOpener,
    pub file_chooser: &'a FileChooser,
    /// `None` offers no Connection line.
    pub management: Option<&'a ManagementSetup>,
}

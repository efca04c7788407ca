//! "Copied" on the Copy button: shown for a while after a copy, and only while the link
//! copied is still the one shown.

use std::time::Duration;

use super::LinkTab;

/// How long "Copied" stays on the Copy button.
pub const COPIED_FOR: Duration = Duration::from_secs(2);

impl LinkTab {
    pub(super) fn copy_link(&mut self, ctx: &egui::Context) {
        if let Some(link) = self.current_link() {
            ctx.copy_text(link.to_owned());
            let now = ctx.input(|input| input.time);
            self.copied = Some((now, self.link_generation()));
        }
    }

    /// True while "Copied" shows; asks for the one repaint that turns it back.
    pub(super) fn show_copied(&self, ctx: &egui::Context) -> bool {
        let now = ctx.input(|input| input.time);
        let Some((at, generation)) = self.copied else {
            return false;
        };
        let shown = generation == self.link_generation() && now - at < COPIED_FOR.as_secs_f64();
        if shown {
            // One wake-up to turn "Copied" back; nothing ticks in between.
            let left = (at + COPIED_FOR.as_secs_f64() - now).max(0.0);
            ctx.request_repaint_after(Duration::from_secs_f64(left));
        }
        shown
    }
}

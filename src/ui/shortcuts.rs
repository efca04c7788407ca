//! The window's keyboard shortcuts: read once per frame, turned into commands.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::ui::command::WindowCommand;

pub struct Shortcuts {
    pub copy_link: KeyboardShortcut,
    pub open_link: KeyboardShortcut,
    pub generate_state: KeyboardShortcut,
    pub copy_message: KeyboardShortcut,
    pub email: KeyboardShortcut,
    pub look_up: KeyboardShortcut,
}

impl Default for Shortcuts {
    fn default() -> Self {
        Self {
            // Ctrl+Shift+C, not Ctrl+C: plain Ctrl+C must keep copying a selection.
            copy_link: KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::C),
            open_link: KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter),
            generate_state: KeyboardShortcut::new(Modifiers::COMMAND, Key::G),
            // M for message, E for e-mail; with Shift like Copy link, so no text field's
            // own Ctrl key is taken.
            copy_message: KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::M),
            email: KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::E),
            // L for look up; no text field binds Ctrl+L.
            look_up: KeyboardShortcut::new(Modifiers::COMMAND, Key::L),
        }
    }
}

impl Shortcuts {
    /// Consumes this frame's shortcut presses before any widget sees them.
    pub fn read(&self, ctx: &egui::Context, commands: &mut Vec<WindowCommand>) {
        ctx.input_mut(|input| {
            if input.consume_shortcut(&self.copy_link) {
                commands.push(WindowCommand::CopyLink);
            }
            if input.consume_shortcut(&self.open_link) {
                commands.push(WindowCommand::OpenLink);
            }
            if input.consume_shortcut(&self.generate_state) {
                commands.push(WindowCommand::GenerateState);
            }
            if input.consume_shortcut(&self.copy_message) {
                commands.push(WindowCommand::CopyMessage(None));
            }
            if input.consume_shortcut(&self.look_up) {
                commands.push(WindowCommand::LookUpConnection);
            }
            if input.consume_shortcut(&self.email) {
                commands.push(WindowCommand::SendEmail {
                    even_if_long: false,
                });
            }
        });
    }
}

//! Shared by the window's kittest files: a harness around the app that records every
//! platform command (copy, open) of every frame, and helpers that act by accessible label.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use egui::accesskit::Role;
use egui::{FullOutput, Key, Modifiers, OutputCommand};
use egui_kittest::kittest::{NodeT as _, Queryable};
use egui_kittest::{Harness, Node};
use reauth_link::profiles::Profile;
use reauth_link::ui::app::OpenFn;
use reauth_link::ui::{AppSetup, LinkOpener, ReauthApp};
use std::time::Duration;

pub const CLIENT: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
pub const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
pub const REDIRECT: &str = "https://fleet.example.com/smartcar/callback";

/// Every `OutputCommand` the app emitted, across all frames (the harness keeps only the last).
#[derive(Clone, Default)]
pub struct Recorded(Arc<Mutex<Vec<OutputCommand>>>);

impl Recorded {
    pub fn copied(&self) -> Vec<String> {
        self.all()
            .into_iter()
            .filter_map(|command| match command {
                OutputCommand::CopyText(text) => Some(text),
                _ => None,
            })
            .collect()
    }

    pub fn all(&self) -> Vec<OutputCommand> {
        self.0.lock().expect("recorder lock").clone()
    }
}

struct Recorder(Recorded);

impl egui::Plugin for Recorder {
    fn debug_name(&self) -> &'static str {
        "output recorder"
    }

    fn output_hook(&mut self, _ctx: &egui::Context, output: &mut FullOutput) {
        let commands = output.platform_output.commands.clone();
        self.0.0.lock().expect("recorder lock").extend(commands);
    }
}

/// The URLs the app asked to open, and what the fake browser answers.
#[derive(Clone, Default)]
pub struct Opened(Arc<Mutex<Vec<String>>>);

impl Opened {
    pub fn urls(&self) -> Vec<String> {
        self.0.lock().expect("opener lock").clone()
    }

    pub fn opener(&self, answer: Result<(), String>) -> LinkOpener {
        let urls = self.0.clone();
        let open: OpenFn = Box::new(move |url: &str| {
            urls.lock().expect("opener lock").push(url.to_owned());
            answer.clone()
        });
        LinkOpener::Custom(open)
    }
}

pub struct Window {
    pub harness: Harness<'static, ReauthApp>,
    pub recorded: Recorded,
    pub opened: Opened,
}

/// Frames `Harness::run` allows before the window must be at rest. The history's worker
/// answers on its own thread and each answer asks for a frame, which may send the next
/// request (a record, then the count, then the page in view): on a busy machine such a
/// chain outlasts egui_kittest's default of 4 frames without anything being wrong.
const FRAMES_TO_COME_TO_REST: u64 = 32;

pub fn window() -> Window {
    window_with(AppSetup::default(), Ok(()))
}

pub fn window_with(setup: AppSetup, browser_answer: Result<(), String>) -> Window {
    window_sized(setup, browser_answer, [1000.0, 760.0])
}

pub fn window_sized(
    mut setup: AppSetup,
    browser_answer: Result<(), String>,
    size: [f32; 2],
) -> Window {
    let recorded = Recorded::default();
    let opened = Opened::default();
    setup.opener = opened.opener(browser_answer);
    let plugin_recorded = recorded.clone();
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(FRAMES_TO_COME_TO_REST)
        .with_context_setup(move |ctx| ctx.add_plugin(Recorder(plugin_recorded)))
        .build_eframe(move |_cc| ReauthApp::new(setup));
    harness.run();
    Window {
        harness,
        recorded,
        opened,
    }
}

pub fn profile(name: &str, uris: &[&str], default: Option<&str>, user: Option<&str>) -> Profile {
    Profile {
        name: name.into(),
        client_id: CLIENT.into(),
        redirect_uris: uris.iter().map(|uri| (*uri).to_owned()).collect(),
        default_redirect_uri: default.map(str::to_owned),
        user: user.map(str::to_owned),
        note: String::new(),
        ..Profile::default()
    }
}

impl Window {
    /// Focuses the field named `label`, selects what it holds and types `text` over it.
    pub fn type_into(&mut self, label: &str, text: &str) {
        self.harness.get_by_label(label).focus();
        self.harness.run();
        self.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        self.harness.run();
        if text.is_empty() {
            self.harness.key_press(Key::Backspace);
        } else {
            self.harness.get_by_label(label).type_text(text);
        }
        self.harness.run();
    }

    pub fn fill_valid(&mut self) {
        self.type_into("Client ID", CLIENT);
        self.type_into("Redirect URI", REDIRECT);
        self.type_into("Vehicle ID", VEHICLE);
    }

    pub fn value_of(&self, label: &str) -> String {
        self.harness.get_by_label(label).value().unwrap_or_default()
    }

    /// The link as shown in the read-only link box (of whichever kind is shown), or `None`
    /// when there is none.
    pub fn shown_link(&self) -> Option<String> {
        let labels =
            reauth_link::link::LinkKind::ALL.map(reauth_link::ui::link::kind_view::link_label);
        self.harness
            .query_by(|node| {
                node.role() == Role::MultilineTextInput
                    && node
                        .label()
                        .is_some_and(|label| labels.contains(&label.as_str()))
            })
            .and_then(|node| node.value())
    }

    /// A button whose accessible name starts with `text` (the shortcut follows the text).
    pub fn button(&self, text: &str) -> Node<'_> {
        let text = text.to_owned();
        self.harness.get_by(move |node| {
            node.role() == Role::Button && node.label().is_some_and(|l| l.starts_with(&text))
        })
    }

    /// The accessible name of the button whose name starts with `text`: the text and
    /// the shortcut after it.
    pub fn button_name(&self, text: &str) -> String {
        self.button(text)
            .accesskit_node()
            .label()
            .unwrap_or_default()
    }

    /// When the last frame asked to be painted again: `Duration::MAX` means never.
    pub fn repaint_delay(&self) -> Duration {
        self.harness
            .output()
            .viewport_output
            .get(&egui::ViewportId::ROOT)
            .expect("the root viewport")
            .repaint_delay
    }

    pub fn has_text(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    pub fn count_text(&self, text: &str) -> usize {
        self.harness.query_all_by_label_contains(text).count()
    }

    /// Whether `text` is shown under the field labelled `field`: below it, overlapping it
    /// across, with no other text field between them (the next field's message is not
    /// this one's).
    pub fn shows_under(&self, field: &str, text: &str) -> bool {
        let field = self.harness.get_by_label(field).rect();
        let is_input = |role: Role| matches!(role, Role::TextInput | Role::MultilineTextInput);
        let inputs: Vec<egui::Rect> = self
            .harness
            .query_all_by(|node| is_input(node.role()))
            .map(|node| node.rect())
            .filter(|input| *input != field)
            .collect();
        self.harness
            .query_all_by_label_contains(text)
            .filter(|node| !is_input(node.accesskit_node().role()))
            .map(|node| node.rect())
            .any(|message| {
                let below = message.top() >= field.bottom() - 0.5;
                let across = message.left() < field.right() && field.left() < message.right();
                let between = inputs.iter().any(|input| {
                    input.top() >= field.bottom() - 0.5 && input.bottom() <= message.top() + 0.5
                });
                below && across && !between
            })
    }

    /// Clicks the button whose name starts with `text`, scrolled into view first.
    pub fn click_button(&mut self, text: &str) {
        self.button(text).scroll_to_me();
        self.harness.run();
        self.button(text).click();
        self.harness.run();
    }

    pub fn press(&mut self, modifiers: Modifiers, key: Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
    }

    /// Clicks the tick box named `label`, scrolled into view first (a list may hide it).
    pub fn tick(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(Role::CheckBox, label)
            .scroll_to_me();
        self.harness.run();
        self.harness
            .get_by_role_and_label(Role::CheckBox, label)
            .click();
        self.harness.run();
    }

    /// Opens a pick list by its label and picks the option shown as `option`.
    pub fn pick(&mut self, list_label: &str, option: &str) {
        self.harness.get_by_label(list_label).click();
        self.harness.run();
        let option = option.to_owned();
        self.harness
            .get_by(move |node| {
                node.label().as_deref() == Some(option.as_str())
                    && !matches!(node.role(), Role::ComboBox | Role::Label)
            })
            .click();
        self.harness.run();
    }
}

//! Measuring the window from outside, the same way for the app and `examples/bare.rs`.
//!
//! With `REAUTH_LINK_FIRST_FRAME=1` the window prints `first-frame unix_ns=<wall clock>` to
//! stderr once its first frame has been painted (at the start of the second frame), so a
//! script that notes the wall clock before starting the process gets process start to
//! first painted frame, exec and library loading included. The window then stays open for
//! `REAUTH_LINK_IDLE_SECS` seconds (default 0), untouched, and prints `idle-frames <n>`,
//! the frames it painted from one second after the first frame until it closes: 0 means
//! idle costs nothing.
//! Without the variable the app runs unwrapped.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const FIRST_FRAME_VAR: &str = "REAUTH_LINK_FIRST_FRAME";
pub const IDLE_SECS_VAR: &str = "REAUTH_LINK_IDLE_SECS";

/// A new window gets a few events of its own (focus, the pointer entering, its first
/// size); idle is counted from this long after the first frame.
const SETTLE: Duration = Duration::from_secs(1);

/// Wraps `app` in the probe when the environment asks for it.
pub fn wrap(app: Box<dyn eframe::App>) -> Box<dyn eframe::App> {
    if std::env::var_os(FIRST_FRAME_VAR).is_none() {
        return app;
    }
    let idle = std::env::var(IDLE_SECS_VAR)
        .ok()
        .and_then(|secs| secs.trim().parse::<f64>().ok())
        .filter(|secs| secs.is_finite() && *secs >= 0.0)
        .map_or(Duration::ZERO, Duration::from_secs_f64);
    Box::new(Probe {
        inner: app,
        idle,
        frames: 0,
        reported: false,
        first_frame_at: None,
        idle_frames: 0,
        closing: Arc::new(AtomicBool::new(false)),
    })
}

struct Probe {
    inner: Box<dyn eframe::App>,
    idle: Duration,
    frames: u64,
    reported: bool,
    first_frame_at: Option<Instant>,
    idle_frames: u64,
    closing: Arc<AtomicBool>,
}

impl Probe {
    fn report_first_frame(&mut self, ctx: &egui::Context) {
        let unix_ns = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos());
        eprintln!("first-frame unix_ns={unix_ns}");
        self.reported = true;
        self.first_frame_at = Some(Instant::now());
        let closing = Arc::clone(&self.closing);
        let ctx = ctx.clone();
        let idle = self.idle;
        std::thread::spawn(move || {
            std::thread::sleep(idle);
            closing.store(true, Ordering::SeqCst);
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            ctx.request_repaint();
        });
    }
}

impl eframe::App for Probe {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.frames += 1;
        if self.frames == 2 && !self.reported {
            self.report_first_frame(ui.ctx());
        } else if self.reported
            && !self.closing.load(Ordering::SeqCst)
            && self.first_frame_at.is_some_and(|at| at.elapsed() >= SETTLE)
        {
            self.idle_frames += 1;
        }
        self.inner.ui(ui, frame);
        if self.frames == 1 {
            // The only repaint the probe asks for: the second frame proves the first was painted.
            ui.ctx().request_repaint();
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.inner.save(storage);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        eprintln!("idle-frames {}", self.idle_frames);
        self.inner.on_exit(gl);
    }
}

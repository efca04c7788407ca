//! A process saving profiles in a loop is killed with SIGKILL at random moments, hundreds
//! of times; after every kill the file reads and holds exactly the old or the new content,
//! and so does the backup. The saver prints the temporary file of each whole-file write
//! once it holds every byte, and pauses there a moment before the rename; the test counts
//! the kills that landed in that pause (the last report names a temporary file of
//! `profiles.toml` that is still there, whole, beside the old file) and requires enough.
//!
//! The saving process is this test binary itself, started again with an environment
//! variable that turns the test into the endless saver; a second test kills the real
//! binary in the middle of `profiles import --replace`. The files live in memory
//! (`/dev/shm`) where there is one: a kill tests the same steps, without waiting on a disk.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use reauth_link::profiles::format::render;
use reauth_link::profiles::{FILE_NAME, Profile, ProfileEdit, ProfileStore, backup_path};
use reauth_link::whole_file::steps::{WriteStep, observe_writes};

const SAVER_FILE_ENV: &str = "REAUTH_LINK_CRASH_TEST_SAVER_FILE";
const KILLS: usize = 300;
const BINARY_KILLS: usize = 150;
const TEST_NAME: &str = "a_save_killed_at_any_moment_leaves_the_old_or_the_new_file";
/// Printed by the saver once it has read the file, so kills can be timed from there.
const READY: &str = "saver ready";
/// Printed by the saver, with the paths, once a temporary file holds every byte and once
/// it is renamed into place and the folder flushed.
const WRITTEN: &str = "written";
const RENAMED: &str = "renamed";
/// How long the saver waits between a written temporary file and its rename: long
/// enough that random kills land there often, on a fast machine and a loaded one.
const PAUSE_BEFORE_RENAME: Duration = Duration::from_millis(2);
/// At least this many of the kills must land between a temporary file of
/// `profiles.toml` written whole and its rename.
const BEFORE_RENAME_KILLS: usize = KILLS / 10;

/// Two versions of the same three profiles: a small one and one of about 30 KB, so a
/// partial write of the large one could never pass for either.
fn version(large: bool) -> Vec<Profile> {
    (0..3)
        .map(|index| Profile {
            name: format!("Client {index}"),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec![format!("https://client{index}.example/cb")],
            default_redirect_uri: Some(format!("https://client{index}.example/cb")),
            user: None,
            note: if large {
                format!("version B {index} ").repeat(700)
            } else {
                format!("version A {index}")
            },
            ..Profile::default()
        })
        .collect()
}

fn replace_all(large: bool) -> ProfileEdit {
    ProfileEdit::Import {
        profiles: version(large),
        replace: true,
    }
}

/// Random kill moments within a span that follows the machine's speed: it widens after a
/// kill that came before any save finished and narrows after one that came later, so on a
/// fast machine and on a loaded one alike about half the kills fall before the first save
/// completes and half inside or between later ones.
struct KillTimer {
    span: Duration,
}

impl KillTimer {
    const SHORTEST: Duration = Duration::from_micros(500);
    const LONGEST: Duration = Duration::from_secs(2);

    fn next_delay(&self) -> Duration {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).expect("random bytes");
        let micros = u64::try_from(self.span.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(u64::from_le_bytes(bytes) % micros.max(1))
    }

    fn saw(&mut self, saved: bool) {
        let factor = if saved { 0.9 } else { 1.1 };
        self.span = self
            .span
            .mul_f64(factor)
            .clamp(Self::SHORTEST, Self::LONGEST);
    }
}

fn temp_dir() -> tempfile::TempDir {
    let memory = Path::new("/dev/shm");
    if memory.is_dir()
        && let Ok(dir) = tempfile::tempdir_in(memory)
    {
        return dir;
    }
    tempfile::tempdir().expect("temp dir")
}

/// Every save renames a new file into place, so a new inode means at least one finished.
fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).expect("the file").ino()
}

/// What every kill must leave: the file and its backup each exactly one of the versions.
fn assert_old_or_new(path: &Path, versions: [&[u8]; 2], kill: usize) -> Vec<u8> {
    let now = std::fs::read(path).expect("the file is always there");
    assert!(
        versions.contains(&now.as_slice()),
        "kill {kill}: the file is neither version ({} bytes)",
        now.len()
    );
    let reread = ProfileStore::open_file(path).expect("the file always reads");
    assert_eq!(reread.profiles().len(), 3);
    if let Ok(backup) = std::fs::read(backup_path(path)) {
        assert!(
            versions.contains(&backup.as_slice()),
            "kill {kill}: the backup is neither version"
        );
    }
    now
}

fn print_step(step: WriteStep<'_>) {
    match step {
        WriteStep::TempWritten { temp, target } => {
            println!("{WRITTEN}\t{}\t{}", temp.display(), target.display());
            std::thread::sleep(PAUSE_BEFORE_RENAME);
        }
        WriteStep::Renamed { target } => println!("{RENAMED}\t{}", target.display()),
    }
}

/// The temporary file the saver's last report named as written and not yet renamed over
/// `path`, when that was its last report.
fn written_not_renamed(last_step: Option<&str>, path: &Path) -> Option<std::path::PathBuf> {
    let mut fields = last_step?.split('\t');
    let (Some(WRITTEN), Some(temp), Some(target)) = (fields.next(), fields.next(), fields.next())
    else {
        return None;
    };
    (Path::new(target).file_name() == path.file_name()).then(|| temp.into())
}

/// Temporary files beside the profiles file (a kill mid-write leaves one; the next save
/// removes it).
fn temporary_files(folder: &Path) -> usize {
    std::fs::read_dir(folder)
        .expect("lists")
        .filter(|entry| {
            let name = entry.as_ref().expect("entry").file_name();
            name.to_string_lossy().ends_with(".tmp")
        })
        .count()
}

/// The saver: alternates the two versions until killed.
fn save_forever(path: &Path) -> ! {
    observe_writes(print_step);
    let mut store = ProfileStore::open_file(path).expect("the saver reads the file");
    // Starts with the version not on disk, so its first save already changes the file.
    let mut large = store.profiles() != version(true);
    println!("{READY}");
    loop {
        store.apply(&replace_all(large)).expect("the saver saves");
        large = !large;
    }
}

/// The saver's name as this test binary's harness knows it: its module path without the
/// binary's own name, then `TEST_NAME`.
fn full_test_name() -> String {
    let module = module_path!()
        .split_once("::")
        .map_or("", |(_, inner)| inner);
    format!("{module}::{TEST_NAME}")
}

/// Starts the saver and returns once it is about to save, with a thread that hands back
/// the last write step the saver printed before it died.
fn start_saver(saver: &Path, file: &Path) -> (Child, JoinHandle<Option<String>>) {
    let mut child = Command::new(saver)
        .args([
            "--exact",
            &full_test_name(),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SAVER_FILE_ENV, file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the saver starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
    // The test harness prints `test <name> ... ` on the same line first.
    let ready = lines.any(|line| line.trim_end().ends_with(READY));
    assert!(ready, "the saver stopped before saving");
    let last_step = std::thread::spawn(move || {
        lines
            .filter(|line| line.starts_with(WRITTEN) || line.starts_with(RENAMED))
            .last()
    });
    (child, last_step)
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    if let Some(path) = std::env::var_os(SAVER_FILE_ENV) {
        save_forever(Path::new(&path));
    }
    let started = Instant::now();
    let dir = temp_dir();
    let path = dir.path().join(FILE_NAME);
    ProfileStore::open_file(&path)
        .expect("opens")
        .apply(&replace_all(false))
        .expect("first version saved");
    let small = render(&version(false)).into_bytes();
    let large = render(&version(true)).into_bytes();
    let saver = std::env::current_exe().expect("this test binary");

    let mut timer = KillTimer {
        span: Duration::from_millis(5),
    };
    let mut saving_runs = 0;
    let mut before_rename = 0;
    for kill in 0..KILLS {
        let before = inode(&path);
        let (mut child, last_step) = start_saver(&saver, &path);
        std::thread::sleep(timer.next_delay());
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");
        let last_step = last_step.join().expect("the reader thread");
        let now = assert_old_or_new(&path, [&small, &large], kill);
        // Reported written, and not yet renamed: the temporary file is still there.
        if let Some(temp) = written_not_renamed(last_step.as_deref(), &path)
            && let Ok(pending) = std::fs::read(&temp)
        {
            assert!(
                [&small, &large].contains(&&pending) && pending != now,
                "kill {kill}: the temporary file is not the whole new version beside the old"
            );
            before_rename += 1;
        }
        assert!(
            temporary_files(dir.path()) <= 1,
            "kill {kill}: a temporary file outlived the next save"
        );
        let saved = inode(&path) != before;
        timer.saw(saved);
        saving_runs += usize::from(saved);
    }
    println!(
        "{KILLS} kills, {before_rename} between a written temporary file and its rename, {saving_runs} after at least one save, in {:?}",
        started.elapsed()
    );
    // Proof that the kills hit the moment that matters, not only a saver about to start.
    assert!(
        before_rename >= BEFORE_RENAME_KILLS,
        "only {before_rename} of {KILLS} kills landed between a written temporary file and its rename"
    );
    assert!(
        saving_runs >= KILLS / 10,
        "only {saving_runs} of {KILLS} runs saved anything"
    );
    assert_a_clean_save_tidies_up(&path, [&small, &large]);
}

/// After the kills, one save that runs to its end: no temporary file is left, the file is
/// the version saved and `.bak` holds the one before it.
fn assert_a_clean_save_tidies_up(path: &Path, versions: [&[u8]; 2]) {
    let before = std::fs::read(path).expect("the file");
    let large = before.as_slice() != versions[1];
    ProfileStore::open_file(path)
        .expect("opens")
        .apply(&replace_all(large))
        .expect("saves");
    let after = std::fs::read(path).expect("the file");
    assert_eq!(after.as_slice(), versions[usize::from(large)]);
    assert_eq!(
        std::fs::read(backup_path(path)).expect("the backup"),
        before
    );
    let folder = path.parent().expect("a folder");
    assert_eq!(
        temporary_files(folder),
        0,
        "the save removed every temporary file"
    );
}

/// The same promise through the command line: `profiles import FILE --replace` killed at
/// random moments of its run.
#[test]
fn an_import_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let started = Instant::now();
    let dir = temp_dir();
    let config = dir.path().join("config");
    let path = config.join(FILE_NAME);
    let small = render(&version(false));
    let large = render(&version(true));
    let small_file = dir.path().join("small.toml");
    let large_file = dir.path().join("large.toml");
    std::fs::write(&small_file, &small).expect("write");
    std::fs::write(&large_file, &large).expect("write");
    let import = |file: &Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
        command
            .arg("--config-dir")
            .arg(&config)
            .args(["profiles", "import"])
            .arg(file)
            .arg("--replace")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    assert!(import(&small_file).status().expect("runs").success());

    let mut timer = KillTimer {
        span: Duration::from_millis(5),
    };
    let mut finished = 0;
    let mut previous = small.clone().into_bytes();
    for kill in 0..BINARY_KILLS {
        let before = inode(&path);
        // Always import the version not on disk, so a finished import changes the file.
        let file = if previous == small.as_bytes() {
            &large_file
        } else {
            &small_file
        };
        let mut child = import(file).spawn().expect("starts");
        std::thread::sleep(timer.next_delay());
        // The import may have finished already; killing a finished child is harmless.
        let _ = child.kill();
        child.wait().expect("reaped");
        previous = assert_old_or_new(&path, [small.as_bytes(), large.as_bytes()], kill);
        let saved = inode(&path) != before;
        timer.saw(saved);
        finished += usize::from(saved);
    }
    assert!(
        finished >= BINARY_KILLS / 10,
        "only {finished} of {BINARY_KILLS} imports saved anything"
    );
    println!(
        "{BINARY_KILLS} imports killed, {finished} after saving, in {:?}",
        started.elapsed()
    );
}

//! A save of the profiles killed at any moment leaves `profiles.toml`, and its backup,
//! exactly as they were or exactly as saved, never half of either. The kills come from
//! outside the process, so the product carries no code for these tests:
//!
//! - strace kills `profiles import --replace` exactly at each step of its one save (each
//!   rename and each flush to disk, found by tracing one save, not counted by hand). A
//!   kill at the rename of a file leaves its temporary file, holding every new byte,
//!   beside the untouched old file: proof the kill fell between the two. The next run
//!   reads the old file and removes the leftover.
//! - SIGKILL at random moments, hundreds of times, of a process saving in a loop (this
//!   test binary started again with an environment variable that makes the test the
//!   endless saver), and of the real binary in the middle of `profiles import --replace`.
//!   strace holds each of their writes and renames a moment at its entry, so many kills
//!   land inside a write or between a temporary file written whole and its rename.
//!
//! The files live in memory (`/dev/shm`) where there is one: a kill tests the same steps,
//! without waiting on a disk. Linux only, as strace and `/proc` are; the write path is the
//! same on every Unix.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use crate::cli_support::file_names;
use reauth_link::profiles::format::render;
use reauth_link::profiles::{FILE_NAME, Profile, ProfileEdit, ProfileStore, backup_path};

const SAVER_FILE_ENV: &str = "REAUTH_LINK_CRASH_TEST_SAVER_FILE";
const KILLS: usize = 300;
const BINARY_KILLS: usize = 150;
const TEST_NAME: &str = "a_save_killed_at_any_moment_leaves_the_old_or_the_new_file";
/// Printed by the saver once it has read the file, so kills can be timed from there.
const READY: &str = "saver ready";
/// The system calls a kill is injected at: every rename and every flush to disk. These
/// are the steps whose order makes a write atomic and durable.
const STEP_CALLS: &str = "rename,renameat,renameat2,fsync,fdatasync";

/// The same three profiles in versions told apart by `number`; odd numbers are large
/// (about 30 KB), so a partial write of one could never pass for another.
fn version(number: usize) -> Vec<Profile> {
    let repeat = if number % 2 == 1 { 700 } else { 1 };
    (0..3)
        .map(|index| Profile {
            name: format!("Client {index}"),
            client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
            redirect_uris: vec![format!("https://client{index}.example/cb")],
            default_redirect_uri: Some(format!("https://client{index}.example/cb")),
            user: None,
            note: format!("version {number} {index} ").repeat(repeat),
            ..Profile::default()
        })
        .collect()
}

fn version_bytes(number: usize) -> Vec<u8> {
    render(&version(number)).into_bytes()
}

fn replace_all(number: usize) -> ProfileEdit {
    ProfileEdit::Import {
        profiles: version(number),
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

/// Every temporary file in `folder` (a kill mid-write leaves one; the next save removes
/// it).
fn temporary_files(folder: &Path) -> Vec<String> {
    file_names(folder)
        .into_iter()
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// The temporary files of a write to `target` only: `.<name>.<random>.tmp`, where the
/// random part has no dot (so those of `profiles.toml.bak` are not those of
/// `profiles.toml`).
fn temporary_files_of(target: &Path) -> Vec<PathBuf> {
    let folder = target.parent().expect("a folder");
    let name = target.file_name().expect("a name").to_string_lossy();
    let prefix = format!(".{name}.");
    temporary_files(folder)
        .into_iter()
        .filter(|temp| {
            temp.strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".tmp"))
                .is_some_and(|random| !random.is_empty() && !random.contains('.'))
        })
        .map(|temp| folder.join(temp))
        .collect()
}

/// The real binary's `profiles import FILE --replace` into the profiles file of `config`.
fn import(config: &Path, file: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reauth-link"));
    command
        .arg("--config-dir")
        .arg(config)
        .args(["profiles", "import"])
        .arg(file)
        .arg("--replace")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// `command` run under strace with `options`. A machine without strace fails the test,
/// saying what to install: a skipped crash test would pass for a proof.
fn under_strace(options: &[&str], command: &Command) -> Command {
    let found = Command::new("strace")
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    assert!(
        found.is_ok_and(|status| status.success()),
        "strace is missing: the crash tests kill and hold the save with it. Install \
         the Debian package strace (listed in scripts/apt-packages.txt, which scripts/test \
         installs)"
    );
    let mut strace = Command::new("strace");
    // -f: the binary's threads too, so the step is found whichever thread makes it.
    strace
        .args(["-f", "-qq"])
        .args(options)
        .arg(command.get_program())
        .args(command.get_args())
        .envs(
            command
                .get_envs()
                .filter_map(|(key, value)| Some((key, value?))),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    strace
}

/// `command` under strace, each of its write calls held 1 ms at its entry and each
/// rename 2 ms, as a slow disk might: random kills then often land inside a write (where
/// a write in place would leave half a file) and between a temporary file written whole
/// and its rename.
fn held(command: &Command) -> Command {
    under_strace(
        &[
            "-o",
            "/dev/null",
            "-e",
            "trace=write,rename,renameat,renameat2",
            "-e",
            "inject=write:delay_enter=1000",
            "-e",
            "inject=rename,renameat,renameat2:delay_enter=2000",
        ],
        command,
    )
}

/// SIGKILL for the process strace runs (strace itself, killed, would let it go on
/// untraced), then strace reaped. A process already gone is left as it ended.
fn kill_traced(strace: &mut Child) {
    let children = format!("/proc/{0}/task/{0}/children", strace.id());
    loop {
        if strace.try_wait().expect("strace's status").is_some() {
            return;
        }
        let traced = std::fs::read_to_string(&children).unwrap_or_default();
        if let Some(pid) = traced.split_whitespace().next() {
            let pid: libc::pid_t = pid.parse().expect("a process id");
            // SAFETY: kill(2) takes plain numbers and touches no memory of this process.
            if unsafe { libc::kill(pid, libc::SIGKILL) } != 0 {
                // Ended and reaped since its id was read: left as it ended.
                let error = std::io::Error::last_os_error();
                assert_eq!(error.raw_os_error(), Some(libc::ESRCH), "SIGKILL: {error}");
            }
            strace.wait().expect("strace reaped");
            return;
        }
        // strace has not started the process yet, or is about to exit after it.
        std::thread::sleep(Duration::from_micros(100));
    }
}

/// One system call of a save a kill can land on: the `call`-th `syscall` of `thread`,
/// which is how strace counts the calls it injects into.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    thread: String,
    syscall: String,
    call: usize,
    /// A rename's two files.
    renamed: Option<(PathBuf, PathBuf)>,
    /// A flush's file or folder, as `strace -y` names the descriptor.
    flushed: Option<PathBuf>,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} #{}", self.syscall, self.call)?;
        if let Some((_, to)) = &self.renamed {
            write!(f, " (to {})", to.display())?;
        }
        if let Some(flushed) = &self.flushed {
            write!(f, " (of {})", flushed.display())?;
        }
        Ok(())
    }
}

impl Step {
    fn renames_to(&self, target: &Path) -> bool {
        self.renamed.as_ref().is_some_and(|(_, to)| to == target)
    }
}

/// The steps in a trace of `strace -f -y -e trace=STEP_CALLS`, numbered per thread and
/// system call as strace numbers them for `inject=...:when=N`.
fn parse_steps(trace: &str) -> Vec<Step> {
    let step_calls: Vec<&str> = STEP_CALLS.split(',').collect();
    let mut counts: HashMap<(String, String), usize> = HashMap::new();
    let mut steps = Vec::new();
    for line in trace.lines() {
        let Some((thread, call)) = line.split_once(' ') else {
            continue;
        };
        // Exit and signal lines (`+++`, `---`) and resumed halves have no `name(` start.
        let Some((syscall, arguments)) = call.trim_start().split_once('(') else {
            continue;
        };
        if !step_calls.contains(&syscall) {
            continue;
        }
        let count = counts
            .entry((thread.to_owned(), syscall.to_owned()))
            .or_default();
        *count += 1;
        let quoted: Vec<&str> = arguments.split('"').skip(1).step_by(2).collect();
        let renamed = syscall
            .starts_with("rename")
            .then(|| (PathBuf::from(quoted[0]), PathBuf::from(quoted[1])));
        let flushed = syscall.ends_with("sync").then(|| {
            let start = arguments.find('<').expect("strace -y names the descriptor");
            let end = arguments
                .rfind('>')
                .expect("strace -y names the descriptor");
            PathBuf::from(&arguments[start + 1..end])
        });
        steps.push(Step {
            thread: thread.to_owned(),
            syscall: syscall.to_owned(),
            call: *count,
            renamed,
            flushed,
        });
    }
    steps
}

/// A config folder as a kill finds it: `profiles.toml` holds version 2, its backup
/// version 0, and the import brings version 1 (large).
struct ImportCase {
    _dir: tempfile::TempDir,
    config: PathBuf,
    path: PathBuf,
    backup: PathBuf,
    incoming: PathBuf,
}

const BACKUP_VERSION: usize = 0;
const OLD_VERSION: usize = 2;
const NEW_VERSION: usize = 1;

impl ImportCase {
    fn new() -> Self {
        let dir = temp_dir();
        // The real path, as strace names the files: the renames and flushes are compared
        // with these.
        let root = dir.path().canonicalize().expect("the temp dir");
        let config = root.join("config");
        std::fs::create_dir(&config).expect("config folder");
        let path = config.join(FILE_NAME);
        let backup = backup_path(&path);
        std::fs::write(&path, version_bytes(OLD_VERSION)).expect("writes");
        std::fs::write(&backup, version_bytes(BACKUP_VERSION)).expect("writes");
        let incoming = root.join("incoming.toml");
        std::fs::write(&incoming, version_bytes(NEW_VERSION)).expect("writes");
        ImportCase {
            _dir: dir,
            config,
            path,
            backup,
            incoming,
        }
    }

    fn import(&self) -> Command {
        import(&self.config, &self.incoming)
    }

    /// The import run to its end: the file is the new version, the backup the old one, and
    /// no temporary file is left.
    fn assert_saved(&self, after: &str) {
        assert_eq!(
            std::fs::read(&self.path).expect("the file"),
            version_bytes(NEW_VERSION),
            "{after}: the file is the imported version"
        );
        assert_eq!(
            std::fs::read(&self.backup).expect("the backup"),
            version_bytes(OLD_VERSION),
            "{after}: the backup is the version the import replaced"
        );
        assert_eq!(
            temporary_files(&self.config),
            Vec::<String>::new(),
            "{after}: no temporary file is left"
        );
    }
}

/// The steps of one import, traced: every rename and flush it makes, in order, with the
/// case traced, whose files the steps name.
fn steps_of_one_import() -> (ImportCase, Vec<Step>) {
    let case = ImportCase::new();
    let trace = case.config.with_file_name("trace");
    let trace_option = trace.to_string_lossy().into_owned();
    let trace_calls = format!("trace={STEP_CALLS}");
    let status = under_strace(
        &["-y", "-o", &trace_option, "-e", &trace_calls],
        &case.import(),
    )
    .status()
    .expect("strace runs");
    assert!(status.success(), "the traced import saves: {status}");
    case.assert_saved("the traced import");
    let steps = parse_steps(&std::fs::read_to_string(&trace).expect("the trace"));
    // strace counts calls per thread; one thread saving keeps that count the save's own.
    assert!(
        steps.iter().all(|step| step.thread == steps[0].thread),
        "one thread makes every step of the save: {steps:#?}"
    );
    assert_durable_order(&steps, &case.path);
    assert_durable_order(&steps, &case.backup);
    (case, steps)
}

/// The order that keeps `target` whole across a power cut, which no kill can show: its
/// temporary file is flushed before the rename, and the folder after it.
fn assert_durable_order(steps: &[Step], target: &Path) {
    let renames: Vec<usize> = (0..steps.len())
        .filter(|&index| steps[index].renames_to(target))
        .collect();
    assert_eq!(
        renames.len(),
        1,
        "one rename puts {} in place (not written in place): {steps:#?}",
        target.display()
    );
    let rename = renames[0];
    let (temp, _) = steps[rename].renamed.clone().expect("a rename");
    assert!(
        steps[..rename]
            .iter()
            .any(|step| step.flushed.as_deref() == Some(temp.as_path())),
        "the temporary file of {} is flushed before its rename: {steps:#?}",
        target.display()
    );
    assert!(
        steps[rename + 1..]
            .iter()
            .any(|step| step.flushed.as_deref() == target.parent()),
        "the folder of {} is flushed after the rename: {steps:#?}",
        target.display()
    );
}

/// strace kills the import at the entry of each rename and each flush of its save, in
/// turn. Catches a write in place (no rename puts the file in place, and a kill at its
/// flush finds the new bytes where the old must be), a rename before the temporary file
/// is whole or flushed, a missing flush of the temporary file or of the folder, a backup
/// written over instead of replaced, and a leftover temporary file the next save does
/// not remove.
#[test]
fn a_save_killed_at_each_of_its_steps_leaves_the_old_or_the_new_file() {
    let started = Instant::now();
    let (traced, steps) = steps_of_one_import();
    let mut leftovers_proven = 0;
    for (index, step) in steps.iter().enumerate() {
        let case = ImportCase::new();
        let inject = format!("inject={}:signal=KILL:when={}", step.syscall, step.call);
        let trace_call = format!("trace={}", step.syscall);
        let status = under_strace(
            &["-o", "/dev/null", "-e", &trace_call, "-e", &inject],
            &case.import(),
        )
        .status()
        .expect("strace runs");
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "{step}: strace killed the import there ({status})"
        );
        // A file changes only at its own rename: before it (and at it, since the kill
        // comes at the call's entry) it is the old version, after it the new one.
        let done = &steps[..index];
        let file_renamed = done.iter().any(|done| done.renames_to(&traced.path));
        let backup_renamed = done.iter().any(|done| done.renames_to(&traced.backup));
        let file_now = if file_renamed {
            NEW_VERSION
        } else {
            OLD_VERSION
        };
        let backup_now = if backup_renamed {
            OLD_VERSION
        } else {
            BACKUP_VERSION
        };
        assert_eq!(
            std::fs::read(&case.path).expect("the file"),
            version_bytes(file_now),
            "{step}: the file is version {file_now}"
        );
        assert_eq!(
            std::fs::read(&case.backup).expect("the backup"),
            version_bytes(backup_now),
            "{step}: the backup is version {backup_now}"
        );
        // Killed at its rename: the temporary file holds every new byte beside the old
        // file, so the kill fell after the write and before the rename.
        if let Some((_, target)) = &step.renamed {
            let target = case.config.join(target.file_name().expect("a file"));
            let becomes = if target == case.path {
                NEW_VERSION
            } else {
                OLD_VERSION
            };
            let pending = temporary_files_of(&target);
            assert_eq!(
                pending.len(),
                1,
                "{step}: one temporary file of {} is left: {:?}",
                target.display(),
                temporary_files(&case.config)
            );
            assert_eq!(
                std::fs::read(&pending[0]).expect("the temporary file"),
                version_bytes(becomes),
                "{step}: the temporary file holds the whole new version {becomes}"
            );
            leftovers_proven += usize::from(target == case.path);
        }
        // The next start reads the file as the kill left it, not the temporary one, and
        // its save removes the leftover.
        let reread = ProfileStore::open_file(&case.path).expect("the file reads");
        assert_eq!(reread.profiles(), version(file_now), "{step}: read back");
        let status = case.import().status().expect("runs");
        assert!(status.success(), "{step}: the next import saves ({status})");
        case.assert_saved(&format!("the import after a kill at {step}"));
    }
    assert_eq!(
        leftovers_proven, 1,
        "one kill fell at the rename of {FILE_NAME}"
    );
    println!(
        "{} steps of one save, each killed, in {:?}",
        steps.len(),
        started.elapsed()
    );
}

/// The saver: alternates two versions until killed.
fn save_forever(path: &Path) -> ! {
    let mut store = ProfileStore::open_file(path).expect("the saver reads the file");
    // Starts with the version not on disk, so its first save already changes the file.
    let mut number = if store.profiles() == version(1) { 0 } else { 1 };
    println!("{READY}");
    loop {
        store.apply(&replace_all(number)).expect("the saver saves");
        number = 1 - number;
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

/// Starts the saver and returns once it is about to save, with its output kept open until
/// it dies.
fn start_saver(saver: &Path, file: &Path) -> (Child, BufReader<ChildStdout>) {
    let mut command = Command::new(saver);
    command
        .args([
            "--exact",
            &full_test_name(),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(SAVER_FILE_ENV, file);
    let mut child = held(&command)
        .stdout(Stdio::piped())
        .spawn()
        .expect("the saver starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    // The test harness prints `test <name> ... ` on the same line first.
    let mut line = String::new();
    while !line.trim_end().ends_with(READY) {
        line.clear();
        let read = stdout.read_line(&mut line).expect("the saver's output");
        assert!(read > 0, "the saver stopped before saving");
    }
    (child, stdout)
}

/// SIGKILL at random moments of a process saving in a loop. Catches a write in place or
/// a temporary file renamed before it is whole (a kill mid-write leaves half a file),
/// and a temporary file that outlives the next save.
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
        .apply(&replace_all(0))
        .expect("first version saved");
    let small = version_bytes(0);
    let large = version_bytes(1);
    let saver = std::env::current_exe().expect("this test binary");

    let mut timer = KillTimer {
        span: Duration::from_millis(5),
    };
    let mut saving_runs = 0;
    let mut pending_kills = 0;
    for kill in 0..KILLS {
        let before = inode(&path);
        let (mut child, _output) = start_saver(&saver, &path);
        std::thread::sleep(timer.next_delay());
        kill_traced(&mut child);
        let now = assert_old_or_new(&path, [&small, &large], kill);
        let leftovers = temporary_files(dir.path());
        assert!(
            leftovers.len() <= 1,
            "kill {kill}: a temporary file outlived the next save: {leftovers:?}"
        );
        // A whole new version waiting beside the old file: the kill fell between the
        // write and the rename.
        pending_kills += temporary_files_of(&path)
            .iter()
            .filter_map(|temp| std::fs::read(temp).ok())
            .filter(|pending| [&small, &large].contains(&pending) && *pending != now)
            .count();
        let saved = inode(&path) != before;
        timer.saw(saved);
        saving_runs += usize::from(saved);
    }
    println!(
        "{KILLS} kills, {saving_runs} after at least one save, {pending_kills} between a \
         written temporary file and its rename, in {:?}",
        started.elapsed()
    );
    // Proof that the kills hit the moment that matters, not only a saver about to start.
    assert!(
        pending_kills >= KILLS / 10,
        "only {pending_kills} of {KILLS} kills landed between a written temporary file and \
         its rename"
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
    let number = usize::from(before.as_slice() != versions[1]);
    ProfileStore::open_file(path)
        .expect("opens")
        .apply(&replace_all(number))
        .expect("saves");
    let after = std::fs::read(path).expect("the file");
    assert_eq!(after.as_slice(), versions[number]);
    assert_eq!(
        std::fs::read(backup_path(path)).expect("the backup"),
        before
    );
    let folder = path.parent().expect("a folder");
    assert_eq!(
        temporary_files(folder),
        Vec::<String>::new(),
        "the save removed every temporary file"
    );
}

/// The same promise through the command line: `profiles import FILE --replace` killed at
/// random moments of its run. Catches what the saver's kills catch, in the binary as
/// users run it.
#[test]
fn an_import_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let started = Instant::now();
    let dir = temp_dir();
    let config = dir.path().join("config");
    let path = config.join(FILE_NAME);
    let small = version_bytes(0);
    let large = version_bytes(1);
    let small_file = dir.path().join("small.toml");
    let large_file = dir.path().join("large.toml");
    std::fs::write(&small_file, &small).expect("write");
    std::fs::write(&large_file, &large).expect("write");
    assert!(
        import(&config, &small_file)
            .status()
            .expect("runs")
            .success()
    );

    let mut timer = KillTimer {
        span: Duration::from_millis(5),
    };
    let mut finished = 0;
    let mut previous = small.clone();
    for kill in 0..BINARY_KILLS {
        let before = inode(&path);
        // Always import the version not on disk, so a finished import changes the file.
        let file = if previous == small {
            &large_file
        } else {
            &small_file
        };
        let mut child = held(&import(&config, file)).spawn().expect("starts");
        std::thread::sleep(timer.next_delay());
        kill_traced(&mut child);
        previous = assert_old_or_new(&path, [&small, &large], kill);
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

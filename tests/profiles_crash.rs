//! A process saving profiles in a loop is killed with SIGKILL at random moments, hundreds
//! of times; after every kill the file reads and holds exactly the old or the new content,
//! and so does the backup.
//!
//! The saving process is this test binary itself, started again with an environment
//! variable that turns the test into the endless saver.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reauth_link::profiles::format::render;
use reauth_link::profiles::{FILE_NAME, Profile, ProfileEdit, ProfileStore, backup_path};

const SAVER_FILE_ENV: &str = "REAUTH_LINK_CRASH_TEST_SAVER_FILE";
const KILLS: usize = 300;
const TEST_NAME: &str = "a_save_killed_at_any_moment_leaves_the_old_or_the_new_file";

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
        })
        .collect()
}

fn replace_all(large: bool) -> ProfileEdit {
    ProfileEdit::Import {
        profiles: version(large),
        replace: true,
    }
}

/// The saver: alternates the two versions until killed.
fn save_forever(path: &Path) -> ! {
    let mut store = ProfileStore::open_file(path).expect("the saver reads the file");
    let mut large = true;
    loop {
        store.apply(&replace_all(large)).expect("the saver saves");
        large = !large;
    }
}

fn start_saver(saver: &Path, file: &Path) -> Child {
    Command::new(saver)
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(SAVER_FILE_ENV, file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the saver starts")
}

/// How long this machine takes from starting the saver to its first completed save, so the
/// kills can be spread over start-up and saving alike, however fast or loaded the machine.
fn time_to_first_save(saver: &Path, file: &Path) -> Duration {
    let before = std::fs::read(file).expect("the file");
    let started = Instant::now();
    let mut child = start_saver(saver, file);
    while std::fs::read(file).expect("the file") == before {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the saver never saved"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
    let elapsed = started.elapsed();
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    elapsed
}

fn random_delay(max: Duration) -> Duration {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random bytes");
    let micros = u64::try_from(max.as_micros()).unwrap_or(u64::MAX).max(1);
    Duration::from_micros(u64::from_le_bytes(bytes) % micros)
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    if let Some(path) = std::env::var_os(SAVER_FILE_ENV) {
        save_forever(Path::new(&path));
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(FILE_NAME);
    ProfileStore::open_file(&path)
        .expect("opens")
        .apply(&replace_all(false))
        .expect("first version saved");
    let small = render(&version(false)).into_bytes();
    let large = render(&version(true)).into_bytes();
    let saver = std::env::current_exe().expect("this test binary");
    // Half the kills land before the first save completes, half while saves follow each other.
    let max_delay = time_to_first_save(&saver, &path) * 2;

    let mut previous = std::fs::read(&path).expect("the file");
    let mut changes = 0;
    for kill in 0..KILLS {
        let mut child = start_saver(&saver, &path);
        std::thread::sleep(random_delay(max_delay));
        child.kill().expect("SIGKILL");
        child.wait().expect("reaped");

        let now = std::fs::read(&path).expect("the file is always there");
        assert!(
            now == small || now == large,
            "kill {kill}: the file is neither version ({} bytes)",
            now.len()
        );
        let reread = ProfileStore::open_file(&path).expect("the file always reads");
        assert_eq!(reread.profiles().len(), 3);
        if let Ok(backup) = std::fs::read(backup_path(&path)) {
            assert!(
                backup == small || backup == large,
                "kill {kill}: the backup is neither version"
            );
        }
        if now != previous {
            changes += 1;
        }
        previous = now;
    }
    // Proof that the kills hit a saver at work, not one still starting up.
    assert!(
        changes >= KILLS / 10,
        "only {changes} of {KILLS} runs saved anything"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "took {:?}",
        started.elapsed()
    );
    println!(
        "{KILLS} kills spread over {max_delay:?}, the file changed across {changes} of them, in {:?}",
        started.elapsed()
    );
}

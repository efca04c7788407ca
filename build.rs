//! Puts the git commit the binary is built from into `--version` (REAUTH_LINK_COMMIT).
//!
//! Outside a checkout (a source tarball, a vendored copy) or without git the commit is
//! "unknown": the build never fails for want of git.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=REAUTH_LINK_COMMIT={commit}");
    watch_head();
}

/// Builds again when HEAD moves: a commit moves the branch HEAD points to, a checkout
/// moves HEAD itself. `--git-path` finds both in a linked worktree too, where `.git` is a
/// file and the branches live in the main repository.
fn watch_head() {
    let Some(head) = git(&["rev-parse", "--git-path", "HEAD"]) else {
        return;
    };
    println!("cargo:rerun-if-changed={}", absolute(head));
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        // A branch packed into packed-refs has no file of its own until it next moves;
        // HEAD's reflog grows with every commit and checkout either way.
        for reference in [branch.as_str(), "packed-refs", "logs/HEAD"] {
            if let Some(path) = git(&["rev-parse", "--git-path", reference]) {
                let path = absolute(path);
                if std::path::Path::new(&path).exists() {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
        }
    }
}

/// The trimmed output of a successful git command run in the crate's folder.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// git prints paths relative to the folder it ran in.
fn absolute(path: String) -> String {
    let path = PathBuf::from(path);
    if path.is_absolute() {
        path.display().to_string()
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(path)
            .display()
            .to_string()
    }
}

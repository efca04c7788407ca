//! Shared by the flat-memory tests: a child process's peak resident memory, read from the
//! kernel when it is reaped (the child runs alone, so nothing else counts).

use std::process::Child;

/// Waits for `child`, requires that it exited 0, and returns its peak resident memory in
/// bytes.
#[cfg(target_os = "linux")]
pub fn peak_bytes_of(child: Child) -> u64 {
    let pid = i32::try_from(child.id()).expect("a pid fits in pid_t");
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 reaps the child");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "status {status}"
    );
    // Linux reports ru_maxrss in KiB.
    u64::try_from(usage.ru_maxrss).expect("non-negative") * 1024
}

/// Elsewhere wait4 is missing (Windows) or counts in other units (macOS): the tests that
/// measure memory are ignored there, and this says why if one is run anyway.
#[cfg(not(target_os = "linux"))]
pub fn peak_bytes_of(_child: Child) -> u64 {
    panic!("peak memory is read with Linux's wait4 only")
}

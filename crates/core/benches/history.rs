//! Searching a history of 1,000,000 entries (the budget: under 50 ms a query), shaped like
//! years of a support desk: 200 fleet migrations of 2,500 links each under one ticket, and
//! 500,000 single links, two per ticket, spread over five profiles.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use reauth_link_core::history::{EntryKind, HistoryStore, NewEntry, Via};

const ENTRIES: usize = 1_000_000;
/// When the test runner runs each benchmark once to see that it works (no `--bench`), a
/// history this size shows that, without building a million entries per benchmark.
const ENTRIES_WHEN_TESTED: usize = 10_000;
const MIGRATIONS: usize = 200;
const PER_MIGRATION: usize = 2_500;

fn entry(n: usize) -> NewEntry {
    let migration = n < MIGRATIONS * PER_MIGRATION;
    let ticket = if migration {
        format!("MIG-{}", n / PER_MIGRATION)
    } else {
        format!("SUP-{}", n / 2)
    };
    let vehicle_id = format!("{:08x}-0000-4000-8000-{:012x}", n % 50_000, n % 50_000);
    NewEntry {
        time_ms: 1_700_000_000_000 + n as i64 * 60_000,
        kind: EntryKind::REAUTHENTICATE,
        profile: format!("Fleet {}", n % 5),
        link: format!(
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id={vehicle_id}&state=state-{n:016x}"
        ),
        vehicle_id,
        state: format!("state-{n:016x}"),
        owner_id: format!("owner-{}", n % 300_000),
        ticket,
        via: if migration {
            Via::BatchExported
        } else {
            Via::Copied
        },
        agent: "kim".to_owned(),
    }
}

/// Criterion measures only when given `--bench` (`cargo bench`).
fn entries_to_build() -> usize {
    if std::env::args().any(|argument| argument == "--bench") {
        ENTRIES
    } else {
        ENTRIES_WHEN_TESTED
    }
}

fn build(path: &std::path::Path) -> HistoryStore {
    let mut store = HistoryStore::open(path).expect("opens");
    let mut chunk = Vec::with_capacity(50_000);
    for n in 0..entries_to_build() {
        chunk.push(entry(n));
        if chunk.len() == chunk.capacity() {
            store.record_all(&chunk).expect("records");
            chunk.clear();
        }
    }
    store.record_all(&chunk).expect("records");
    store
}

fn search_1m(c: &mut Criterion) {
    let folder = tempfile::tempdir().expect("temp dir");
    let store = build(&folder.path().join("history.sqlite3"));
    let mut group = c.benchmark_group("history search among 1,000,000");
    group.sample_size(20);
    let queries = [
        ("a ticket in part, two links", "SUP-323456"),
        ("a ticket in part, 111 migrations", "MIG-1"),
        ("a ticket in part, 250,000 tickets", "SUP"),
        (
            "a whole vehicle id, 20 links",
            "0000beef-0000-4000-8000-00000000beef",
        ),
        ("a whole state", "state-00000000000abcde"),
        ("a whole profile, 200,000 links", "Fleet 3"),
        ("a whole owner id", "owner-4242"),
        ("nothing matches", "no-such-thing"),
        ("everything, newest first", ""),
    ];
    for (name, query) in queries {
        group.bench_function(name, |b| {
            b.iter(|| store.search(black_box(query), 0, 100).expect("searches"))
        });
    }
    group.finish();
}

criterion_group!(benches, search_1m);
criterion_main!(benches);

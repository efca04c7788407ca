//! A 100,000-row batch in memory: ids in, the CSV of links out, through the same path
//! as `reauth-link batch`; the same rows kept as the window keeps them, and exported.

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use reauth_link_core::batch::{
    Batch, BatchDefaults, BatchOptions, RowStore, run_batch, run_batch_into,
};

const ROWS: u64 = 100_000;

fn ids() -> Vec<u8> {
    (0..ROWS)
        .flat_map(|n| format!("{:08x}-0000-4000-8000-{n:012x}\n", n * 7919).into_bytes())
        .collect()
}

fn defaults() -> BatchDefaults {
    BatchDefaults {
        client_id: "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07".into(),
        redirect_uri: Some("https://example.com/home".into()),
        ..BatchDefaults::default()
    }
}

fn run(input: &[u8], options: BatchOptions) -> usize {
    let batch = Batch::open(input, &defaults(), options).expect("valid input");
    let output = Vec::with_capacity(input.len() * 6);
    let (summary, output) = run_batch(batch, output, |_| ControlFlow::Continue(())).expect("runs");
    assert_eq!(u64::from(summary.good), ROWS);
    output.len()
}

/// The window's batch: the pipeline into the row store.
fn keep(input: &[u8]) -> RowStore {
    let batch = Batch::open(input, &defaults(), BatchOptions::default()).expect("valid input");
    let store = RowStore::for_batch(&batch);
    let (summary, store) =
        run_batch_into(batch, store, |_| ControlFlow::Continue(())).expect("runs");
    assert_eq!(u64::from(summary.good), ROWS);
    store
}

fn batch_100k(c: &mut Criterion) {
    let input = ids();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS));
    group.bench_function("100k ids to CSV", |b| {
        b.iter(|| run(black_box(&input), BatchOptions::default()))
    });
    group.bench_function("100k ids to CSV, random state", |b| {
        b.iter(|| run(black_box(&input), BatchOptions { random_state: true }))
    });
    group.bench_function("100k ids kept as the window keeps them", |b| {
        b.iter(|| keep(black_box(&input)).len())
    });
    let kept = keep(&input);
    group.bench_function("100k kept rows exported to CSV", |b| {
        b.iter(|| {
            let output = Vec::with_capacity(input.len() * 6);
            kept.write_csv(output).expect("writes").len()
        })
    });
    group.finish();
}

criterion_group!(benches, batch_100k);
criterion_main!(benches);

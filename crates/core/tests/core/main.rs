//! The core's tests, one binary that links no GUI stack: the rules of every kind of link,
//! paste reading, triage, delivery, profiles, the batch, the history and the management
//! API, each in a module of its own.

#[path = "../support/management.rs"]
mod management_support;
#[path = "../support/postgres.rs"]
mod postgres_support;
#[path = "../support/qr.rs"]
mod qr_support;

mod batch;
mod batch_input_classes;
mod callback;
mod check_rules;
mod connect_sdk;
mod deliver_qr;
mod history_both_stores;
mod history_store;
mod history_tls;
mod link_kinds;
mod management_api;
mod paste;
mod paste_classes;
mod profiles_store;
mod roundtrip;
mod roundtrip_kinds;
mod tickets;

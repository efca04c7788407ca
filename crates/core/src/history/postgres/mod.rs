//! The shared history: one PostgreSQL database a whole desk records in, behind the same
//! `History` interface as the SQLite file. The sync `postgres` client runs its own small
//! runtime inside, so nothing here is async.

mod connect;
mod pgpass;
mod reason;
pub mod schema;
pub mod server_url;
mod store;

pub use server_url::ServerUrl;
pub use store::PostgresHistory;

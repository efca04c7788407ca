//! Smartcar's management API: is a vehicle still connected to the app, to which user,
//! since when; and removing a connection on request. No egui, no clap: the command line
//! and the window call the same `ManagementApi`. The contract is Smartcar's v2 management
//! API (Application Management Token) or its v3 connections endpoint (API credentials),
//! one trait over both because the docs disagree on how long v2 stays.

pub mod api;
pub mod error;
pub mod http;
pub mod instant;
pub mod lookup;
pub mod origin;
pub mod secret;
pub mod v2;
pub mod v3;
pub mod verify;

pub use api::{Connection, Filter, Listing, ManagementApi, Page, PageToken};
pub use error::ApiError;
pub use http::{HttpClient, RetryPolicy};
pub use lookup::{Lookup, look_up};
pub use origin::{DEFAULT_ORIGIN, ORIGIN_ENV, Origin, OriginError};
pub use secret::{CLIENT_SECRET_ENV, SecretError, SecretKind, SecretStore, TOKEN_ENV};
pub use v2::ManagementV2;
pub use v3::{API_ORIGIN_ENV, ConnectionsV3, IAM_ORIGIN_ENV, V3Credentials};

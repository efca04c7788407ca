//! The core of reauth-link: every rule, no face. `link` builds and reads links (no files,
//! no clock); `deliver` turns a link into what reaches the owner (message, `mailto:`, QR
//! code); `profiles`, `batch` and `history` keep and make many; `connections` asks
//! Smartcar's management API; `whole_file` is the one way a file is written. The command
//! line and the window are in the app crate over this one. The layers, the home of each
//! rule and the data flows are in `docs/ARCHITECTURE.md`.

#![forbid(unsafe_code)]

pub mod batch;
pub mod connections;
pub mod deliver;
pub mod history;
pub mod link;
pub mod profiles;
pub mod whole_file;

//! The command line as clap reads it; DESIGN.md's contract is the spec.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "reauth-link",
    version,
    about = "Builds Smartcar re-authentication links. With no subcommand, opens the window."
)]
pub struct Cli {
    /// Folder holding the profiles file, instead of the platform's config folder.
    #[arg(
        long,
        global = true,
        env = "REAUTH_LINK_CONFIG_DIR",
        value_name = "DIR"
    )]
    pub config_dir: Option<PathBuf>,

    /// Open the window with this profile chosen.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Open the window with this vehicle id filled in.
    #[arg(long, value_name = "ID")]
    pub vehicle_id: Option<String>,

    /// Open the window on the Batch tab and build links from FILE (`--batch` alone, as a
    /// desktop menu passes it without a file, opens the window as usual).
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub batch: Option<Option<PathBuf>>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print one re-authentication link.
    Url(UrlArgs),
    /// Read a pasted link, API error body or webhook event and print its fields as JSON.
    Parse(ParseArgs),
    /// List, show, add, remove, export or import saved profiles (one per client app).
    Profiles(ProfilesArgs),
    /// Build one link per vehicle from a CSV, a list of ids or JSON events; write a CSV.
    Batch(BatchArgs),
}

#[derive(Debug, Args)]
pub struct UrlArgs {
    /// Take client_id and the default redirect URI from this saved profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The Application ID (a UUID) from the dashboard's credentials tab.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// The id of the vehicle to re-authenticate.
    #[arg(long, value_name = "ID")]
    pub vehicle_id: Option<String>,

    /// Where Connect sends the owner afterwards; must match the dashboard exactly.
    #[arg(long, value_name = "URI", conflicts_with = "no_redirect_uri")]
    pub redirect_uri: Option<String>,

    /// Leave redirect_uri out: Connect then uses the app's default from the dashboard.
    #[arg(long)]
    pub no_redirect_uri: bool,

    /// Opaque value Connect sends back to the redirect URI.
    #[arg(long, value_name = "S", conflicts_with = "random_state")]
    pub state: Option<String>,

    /// Generate a random state (16 bytes, base64url).
    #[arg(long)]
    pub random_state: bool,

    /// Your own id for the vehicle owner (dashboard analytics).
    #[arg(long, value_name = "U")]
    pub user: Option<String>,

    /// Start from a pasted link, API error body or webhook event in FILE (`-`: stdin).
    #[arg(long, value_name = "FILE|-")]
    pub from: Option<String>,

    /// Print {"url", "params", "warnings"} as JSON instead of the bare link.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The text itself (a link or JSON), a file holding it, or `-` for stdin (the default).
    #[arg(value_name = "INPUT|-")]
    pub input: Option<String>,
}

#[derive(Debug, Args)]
pub struct ProfilesArgs {
    #[command(subcommand)]
    pub command: ProfilesCommand,
}

#[derive(Debug, Subcommand)]
pub enum ProfilesCommand {
    /// List the saved profiles, one a line (name, client_id, default redirect URI).
    List {
        /// Print a JSON array of the profiles with all their fields.
        #[arg(long)]
        json: bool,
    },
    /// Show every field of one profile.
    Show {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Remove one profile (the previous file is kept as profiles.toml.bak).
    Remove {
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Add a profile, checked with the same rules as the form.
    Add(AddProfileArgs),
    /// Write every profile, in the profiles file's format, to FILE or stdout (`-`, the default).
    Export {
        #[arg(value_name = "FILE|-")]
        file: Option<String>,
    },
    /// Add the profiles from FILE (as written by `export`); all are checked before any is saved.
    Import {
        #[arg(value_name = "FILE")]
        file: String,
        /// Overwrite saved profiles that have the same name as one in FILE (others are kept).
        #[arg(long)]
        replace: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddProfileArgs {
    /// The profile's name, unique among profiles (case does not count).
    #[arg(long, value_name = "NAME")]
    pub name: String,

    /// The Application ID (a UUID) from the dashboard's credentials tab.
    #[arg(long, value_name = "ID")]
    pub client_id: String,

    /// A redirect URI registered in the dashboard, exactly as registered; repeat for each.
    #[arg(long = "redirect-uri", value_name = "URI", required = true)]
    pub redirect_uris: Vec<String>,

    /// The one of the redirect URIs used by default (the first one if not given).
    #[arg(long, value_name = "URI")]
    pub default_redirect: Option<String>,

    /// Free text for the support team.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// Take client_id, the default redirect URI and user from this saved profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The Application ID (a UUID) from the dashboard's credentials tab.
    #[arg(long, value_name = "ID", required_unless_present = "profile")]
    pub client_id: Option<String>,

    /// Where Connect sends each owner afterwards; must match the dashboard exactly.
    #[arg(long, value_name = "URI", required_unless_present = "profile")]
    pub redirect_uri: Option<String>,

    /// A CSV with a vehicle_id column, a list of ids one per line, or JSON events
    /// (`-`: stdin).
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    pub input: String,

    /// Where the CSV goes (`-`: stdout). A file is replaced only when the batch finishes.
    #[arg(long, value_name = "FILE|-", default_value = "-")]
    pub output: String,

    /// A fresh random state for every row without one of its own.
    #[arg(long)]
    pub random_state: bool,
}

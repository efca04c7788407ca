//! The command line as clap reads it; README.md's command-line contract is the spec.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "reauth-link",
    // The commit says which build a desk runs when a package's version is not enough.
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("REAUTH_LINK_COMMIT"), ")"),
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
    /// Search the links that left the tool (newest first), or forget old ones.
    History(HistoryArgs),
    /// Read the address the owner landed on after Connect: what happened, what to do next.
    Callback(CallbackArgs),
    /// Print a link that asks a Tesla owner to grant more permissions.
    TeslaPermissions(TeslaPermissionsArgs),
    /// Print a new-connection link (/oauth/authorize), for a vehicle gone from the account.
    Connect(ConnectArgs),
    /// Print the shell's completion script, generated from this command line.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write it and a page per subcommand into a folder.
    Man(ManArgs),
    /// Look a vehicle's or user's connections to the app up (Smartcar's management API).
    Connections(ConnectionsArgs),
    /// Remove a vehicle's or user's connections to the app, after showing them.
    Disconnect(DisconnectArgs),
    /// Check the links still waiting in the history: did each vehicle connect again since?
    Verify(VerifyArgs),
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
    #[arg(long, value_name = "U", conflicts_with = "external_id")]
    pub user: Option<String>,

    #[command(flatten)]
    pub naming: ReauthNamingArgs,

    /// Start from a pasted link, API error body or webhook event in FILE (`-`: stdin).
    #[arg(long, value_name = "FILE|-")]
    pub from: Option<String>,

    /// Print {"url", "params", "warnings"} as JSON instead of the bare link.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

/// Getting the link to the owner, the same for every kind of link.
#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// Print the customer message instead of the bare link: `email` (a `Subject:` line, a
    /// blank line, the body) or `text` (the short SMS or chat text).
    #[arg(long, value_name = "email|text", conflicts_with = "json")]
    pub message: Option<MessageForm>,

    /// After the link (or the message), print its QR code for the terminal.
    #[arg(long, conflicts_with = "json")]
    pub qr: bool,

    /// Also write the link's QR code as a PNG image to FILE (replaced whole).
    #[arg(long, value_name = "FILE")]
    pub qr_png: Option<PathBuf>,

    /// The support ticket this link is for: the message's {ticket}; with it, the link is
    /// recorded in the history.
    #[arg(long, value_name = "T")]
    pub ticket: Option<String>,
}

/// Which customer message `--message` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageForm {
    Email,
    Text,
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
    Add(Box<AddProfileArgs>),
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
    /// Keep the profile's Application Management Token in the system's credential store,
    /// read from stdin or typed without echo; with --client-secret, the secret of its API
    /// credentials (v3) instead.
    SetToken {
        #[arg(value_name = "NAME")]
        name: String,
        /// Store the API credentials' client secret (Dashboard → API credentials) instead
        /// of the management token; the profile needs --api-client-id for it to be used.
        #[arg(long)]
        client_secret: bool,
    },
    /// Remove the profile's management token (with --client-secret: its client secret)
    /// from the system's credential store.
    ForgetToken {
        #[arg(value_name = "NAME")]
        name: String,
        /// Remove the API credentials' client secret instead of the management token.
        #[arg(long)]
        client_secret: bool,
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

    /// The client id of Dashboard → API credentials (`client_…`, not the Application ID):
    /// `connections`, `disconnect` and `verify` then use the v3 connections endpoint once
    /// its secret is stored (`profiles set-token NAME --client-secret`).
    #[arg(long, value_name = "ID")]
    pub api_client_id: Option<String>,

    /// The parameter names of the app's links: `classic` (client_id, user; the default)
    /// or `current` (application_id, external_id).
    #[arg(long, value_name = "classic|current")]
    pub contract: Option<String>,

    // The customer message's templates (README, "Getting the link to the owner").
    /// The e-mail's subject template (placeholders: {link} {app} {make} {vehicle_id} {ticket}).
    #[arg(long, value_name = "TEMPLATE")]
    pub email_subject: Option<String>,

    /// The e-mail's body template; it must contain {link}.
    #[arg(long, value_name = "TEMPLATE")]
    pub email_body: Option<String>,

    /// The short SMS or chat text template; it must contain {link}.
    #[arg(long, value_name = "TEMPLATE")]
    pub text_message: Option<String>,
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
    /// Not needed with --response-type none.
    #[arg(long, value_name = "URI", required_unless_present_any = ["profile", "response_type"])]
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

    /// The support ticket; with it, every good row's link is recorded in the history.
    #[arg(long, value_name = "T")]
    pub ticket: Option<String>,

    #[command(flatten)]
    pub link_form: LinkFormArgs,

    // Getting the link to the owner.
    /// Add a `message` column after `error`: each good row's SMS or chat text (the
    /// profile's template or the default), for mail-merge tools.
    #[arg(long)]
    pub message_column: bool,
}

/// How a re-authentication link names its parameters and what it asks back.
#[derive(Debug, Args)]
pub struct LinkFormArgs {
    /// `classic` (client_id, user: the seed page) or `current` (application_id,
    /// external_id); the profile's contract, else classic.
    #[arg(long, value_name = "classic|current")]
    pub contract: Option<String>,

    /// `vehicle_id` (the default) or `none`: the flow ends on Smartcar's page, so the
    /// redirect URI may be left out.
    #[arg(long, value_name = "vehicle_id|none")]
    pub response_type: Option<String>,
}

/// `url`'s contract flags, and the owner id under today's name.
#[derive(Debug, Args)]
pub struct ReauthNamingArgs {
    #[command(flatten)]
    pub link_form: LinkFormArgs,

    /// The owner id under today's name; the same value as --user.
    #[arg(long, value_name = "U")]
    pub external_id: Option<String>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("app").required(true).args(["profile", "client_id"]).multiple(true))]
pub struct TeslaPermissionsArgs {
    /// Take the application id and contract from this saved profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The Application ID (a UUID) from the dashboard's credentials tab.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// A permission to ask for, like read_odometer or required:control_security; repeat.
    #[arg(long = "scope", value_name = "S", required = true)]
    pub scopes: Vec<String>,

    /// `classic` (client_id) or `current` (application_id); the profile's, else classic.
    #[arg(long, value_name = "classic|current")]
    pub contract: Option<String>,

    /// Print {"url", "params", "warnings"} as JSON instead of the bare link.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("app").required(true).args(["profile", "client_id"]).multiple(true))]
pub struct ConnectArgs {
    /// Take the application id, default redirect URI, owner id and contract from this
    /// saved profile.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The Application ID (a UUID) from the dashboard's credentials tab.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// Where Connect sends the owner afterwards; must match the dashboard exactly.
    #[arg(long, value_name = "URI", conflicts_with = "no_redirect_uri")]
    pub redirect_uri: Option<String>,

    /// Leave redirect_uri out: Connect then uses the app's default from the dashboard.
    #[arg(long)]
    pub no_redirect_uri: bool,

    /// A permission to ask for (`required:` allowed); repeat. Without any, the
    /// dashboard's permission configuration applies.
    #[arg(long = "scope", value_name = "S")]
    pub scopes: Vec<String>,

    /// Opaque value Connect sends back to the redirect URI.
    #[arg(long, value_name = "S", conflicts_with = "random_state")]
    pub state: Option<String>,

    /// Generate a random state (16 bytes, base64url).
    #[arg(long)]
    pub random_state: bool,

    /// Show the approval screen even to an owner who approved before.
    #[arg(long)]
    pub force_prompt: bool,

    /// `live` (the default), `simulated` or `test`.
    #[arg(long, value_name = "live|simulated|test")]
    pub mode: Option<String>,

    /// Skip the brand picker: the make, like TESLA or MERCEDES_BENZ.
    #[arg(long, value_name = "M")]
    pub make: Option<String>,

    /// Connect only this vehicle (implies --single-select).
    #[arg(long, value_name = "VIN")]
    pub vin: Option<String>,

    /// Let the owner pick only one vehicle.
    #[arg(long)]
    pub single_select: bool,

    /// The owner's country, an ISO 3166-1 code like DE (sent as flags=country:DE).
    #[arg(long, value_name = "CC")]
    pub country: Option<String>,

    /// Your own id for the vehicle owner.
    #[arg(long, value_name = "U", conflicts_with = "external_id")]
    pub user: Option<String>,

    /// The owner id under today's name; the same value as --user.
    #[arg(long, value_name = "U")]
    pub external_id: Option<String>,

    /// `code` (the default) or `none`: the flow ends on Smartcar's page.
    #[arg(long, value_name = "code|none")]
    pub response_type: Option<String>,

    /// `classic` (client_id, user) or `current` (application_id, external_id); the
    /// profile's, else classic.
    #[arg(long, value_name = "classic|current")]
    pub contract: Option<String>,

    /// Print {"url", "params", "warnings"} as JSON instead of the bare link.
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub command: Option<HistoryCommand>,

    /// Part of a ticket, or a whole vehicle id, state, profile or owner id; none: all.
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,

    /// Print a JSON array of entries instead of tab-separated lines.
    #[arg(long)]
    pub json: bool,

    /// At most this many entries, newest first.
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
}

#[derive(Debug, Subcommand)]
pub enum HistoryCommand {
    /// Delete every entry recorded before DATE.
    Forget {
        /// YYYY-MM-DD (midnight UTC) or YYYY-MM-DDTHH:MM:SSZ.
        #[arg(long, value_name = "DATE")]
        before: String,
    },
    /// Copy this workstation's history file into the shared history
    /// (REAUTH_LINK_HISTORY_URL or history_url); entries it already has are kept once.
    Push,
}

#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// The whole address the owner landed on, or only its query (`vehicle_id=…&state=…`).
    #[arg(value_name = "URL")]
    pub url: String,

    /// Print JSON: outcome, error, description, state, the error's extra fields, matches.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write reauth-link.1 and reauth-link-<subcommand>.1 into DIR instead of printing
    /// reauth-link.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Exactly one of a vehicle id or a user id, as a DELETE takes.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ConnectionFilterArgs {
    /// The vehicle whose connections to look at.
    #[arg(long, value_name = "ID")]
    pub vehicle_id: Option<String>,

    /// The Smartcar user whose connections to look at.
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,
}

/// One vehicle, one user, or every connection of the app.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ConnectionsScopeArgs {
    /// The vehicle to look up.
    #[arg(long, value_name = "ID")]
    pub vehicle_id: Option<String>,

    /// The Smartcar user to look up.
    #[arg(long, value_name = "ID")]
    pub user_id: Option<String>,

    /// Every connection of the app, page after page to the end.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct ConnectionsArgs {
    /// The profile whose management token is used (REAUTH_LINK_MANAGEMENT_TOKEN overrides).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    #[command(flatten)]
    pub scope: ConnectionsScopeArgs,

    /// Connections asked for per request (1 to 100).
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: u32,

    /// Print a JSON array of {"vehicle_id", "user_id", "connected_at", "mode"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DisconnectArgs {
    /// The profile whose management token is used (REAUTH_LINK_MANAGEMENT_TOKEN overrides).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    #[command(flatten)]
    pub filter: ConnectionFilterArgs,

    /// Remove without asking (needed where no terminal can ask).
    #[arg(long)]
    pub yes: bool,

    /// The support ticket; with it, the removal is recorded in the history.
    #[arg(long, value_name = "T")]
    pub ticket: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The profile whose management token is used (REAUTH_LINK_MANAGEMENT_TOKEN overrides).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Only this ticket's links.
    #[arg(long, value_name = "T", conflicts_with = "since")]
    pub ticket: Option<String>,

    /// Only links that left on or after DATE (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Print {"verified", "still_waiting", "not_connected", "requests"} as JSON.
    #[arg(long)]
    pub json: bool,
}

//! The new-connection link against Smartcar's own Python SDK (`smartcar` 6.19.1,
//! `AuthClient.get_auth_url`): for generated option sets the decoded pairs must be the
//! SDK's, in order, and for values of letters, digits, spaces and `:/-_.` the bytes too.
//!
//! The SDK lives in target/smartcar-sdk, installed by scripts/install-smartcar-sdk (which
//! scripts/test runs first). Without python3 or the SDK this test fails: it never skips.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use reauth_link_core::link::scopes::PERMISSIONS;
use reauth_link_core::link::{ConnectForm, check_connect};
use serde_json::{Value, json};
use url::Url;

const SDK_VERSION: &str = "6.19.1";
const CASES: usize = 60;

/// A small deterministic generator (xorshift64*): the same sets on every run.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn text(&mut self, alphabet: &[char], length: usize) -> String {
        (0..length)
            .map(|_| alphabet[self.below(alphabet.len())])
            .collect()
    }

    fn uuid(&mut self) -> String {
        let hex: Vec<char> = "0123456789abcdef".chars().collect();
        [8, 4, 4, 4, 12]
            .iter()
            .map(|length| self.text(&hex, *length))
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// One option set: our form, the SDK's arguments, and whether its bytes must match too.
struct Case {
    form: ConnectForm,
    sdk: Value,
    simple: bool,
}

fn simple_value(generator: &mut Generator) -> String {
    let alphabet: Vec<char> =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 :/-_."
            .chars()
            .collect();
    let length = 8 + generator.below(20);
    // Never starting or ending with a space: the owner id is trimmed, as typed values are.
    format!("s{}e", generator.text(&alphabet, length))
}

fn awkward_value(generator: &mut Generator) -> String {
    let alphabet: Vec<char> = "aZ9 &=+%~*?#é漢🚗'\"<>".chars().collect();
    let length = 8 + generator.below(12);
    format!("x{}y", generator.text(&alphabet, length))
}

fn vin(generator: &mut Generator) -> String {
    let alphabet: Vec<char> = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789".chars().collect();
    generator.text(&alphabet, 17)
}

fn case(generator: &mut Generator) -> Case {
    let awkward = generator.chance(30);
    let value = |generator: &mut Generator| {
        if awkward && generator.chance(50) {
            awkward_value(generator)
        } else {
            simple_value(generator)
        }
    };
    let client_id = generator.uuid();
    let redirect_uri = generator.chance(80).then(|| {
        generator
            .pick(&[
                "https://example.com/home",
                "https://fleet.example.org/connect/callback",
                "http://localhost:8000/cb",
                "https://app.example.net/a-b_c.d/done",
            ])
            .to_owned()
    });
    let mode = generator.pick(&["live", "simulated", "test"]);
    let scopes: Vec<String> = (0..generator.below(5))
        .map(|_| {
            let permission = PERMISSIONS[generator.below(PERMISSIONS.len())];
            if generator.chance(30) {
                format!("required:{permission}")
            } else {
                permission.to_owned()
            }
        })
        .fold(Vec::new(), |mut unique: Vec<String>, scope| {
            // One form per permission: given both plain and `required:`, the link asks for
            // it once, as `required:`, where the SDK would send both.
            let permission = scope.trim_start_matches("required:");
            if !unique
                .iter()
                .any(|seen| seen.trim_start_matches("required:") == permission)
            {
                unique.push(scope);
            }
            unique
        });
    let state = generator.chance(70).then(|| value(generator));
    let force_prompt = generator.chance(40);
    let make = generator
        .chance(40)
        .then(|| generator.pick(&["TESLA", "BMW", "MERCEDES_BENZ", "LAND_ROVER", "VW"]));
    let vin = generator.chance(30).then(|| vin(generator));
    let single_select = vin.is_none() && generator.chance(40);
    let country = generator
        .chance(40)
        .then(|| generator.pick(&["DE", "US", "GB", "FR", "CA", "NL"]));
    let user = generator.chance(60).then(|| value(generator));

    let mut options = serde_json::Map::new();
    if force_prompt {
        options.insert("force_prompt".into(), json!(true));
    }
    if let Some(state) = &state {
        options.insert("state".into(), json!(state));
    }
    if let Some(make) = make {
        options.insert("make_bypass".into(), json!(make));
    }
    match (&vin, single_select) {
        (Some(vin), _) => options.insert("single_select".into(), json!({ "vin": vin })),
        (None, true) => options.insert("single_select".into(), json!({ "enabled": true })),
        (None, false) => None,
    };
    if let Some(country) = country {
        options.insert("flags".into(), json!({ "country": country }));
    }
    if let Some(user) = &user {
        options.insert("user".into(), json!(user));
    }
    let sdk = json!({
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "mode": mode,
        "scope": scopes,
        "options": options,
    });
    let form = ConnectForm {
        client_id,
        omit_redirect_uri: redirect_uri.is_none(),
        redirect_uri: redirect_uri.unwrap_or_default(),
        scopes,
        state: state.unwrap_or_default(),
        force_prompt,
        mode: mode.to_owned(),
        make: make.unwrap_or_default().to_owned(),
        vin: vin.unwrap_or_default(),
        single_select,
        country: country.unwrap_or_default().to_owned(),
        user: user.unwrap_or_default(),
        ..ConnectForm::default()
    };
    Case {
        form,
        sdk,
        simple: !awkward,
    }
}

/// The workspace's root, where `scripts/` and the shared `target/` are: two folders above
/// this crate's own.
fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn sdk_dir() -> PathBuf {
    workspace_root().join("target/smartcar-sdk")
}

/// The SDK's links for every set, from one python3 process.
fn sdk_links(cases: &[Case]) -> Vec<String> {
    let dir = sdk_dir();
    let installed = dir.join(format!("smartcar-{SDK_VERSION}.dist-info"));
    assert!(
        installed.is_dir(),
        "Smartcar's Python SDK {SDK_VERSION} is not in {}: run scripts/install-smartcar-sdk (scripts/test does)",
        dir.display()
    );
    let script = workspace_root().join("scripts/smartcar_connect_links.py");
    let mut child = Command::new("python3")
        .arg(script)
        .env("PYTHONPATH", &dir)
        .env("PYTHONIOENCODING", "utf-8")
        // The SDK reads these when an argument is missing; none may leak in.
        .env_remove("SMARTCAR_CLIENT_ID")
        .env_remove("SMARTCAR_CLIENT_SECRET")
        .env_remove("SMARTCAR_REDIRECT_URI")
        .env_remove("SMARTCAR_CONNECT_ORIGIN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}): install it, then run scripts/install-smartcar-sdk")
        });
    let input = Value::Array(cases.iter().map(|case| case.sdk.clone()).collect());
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.to_string().as_bytes())
        .expect("python3 reads the option sets");
    let output = child.wait_with_output().expect("python3 finishes");
    assert!(
        output.status.success(),
        "the SDK script failed ({}): {}\nrun scripts/install-smartcar-sdk",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script prints a JSON list of links")
}

fn pairs(link: &str) -> Vec<(String, String)> {
    Url::parse(link)
        .expect("a link parses")
        .query_pairs()
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

#[test]
fn new_connection_links_equal_the_python_sdks() {
    let mut generator = Generator(0x5EED_1234_ABCD_0001);
    let cases: Vec<Case> = (0..CASES).map(|_| case(&mut generator)).collect();
    assert!(cases.iter().filter(|case| case.simple).count() >= 30);
    let expected = sdk_links(&cases);
    assert_eq!(expected.len(), cases.len());
    for (case, sdk_link) in cases.iter().zip(&expected) {
        let checked = check_connect(&case.form, &[]);
        let ours = checked
            .link
            .unwrap_or_else(|| panic!("{:?} has errors: {:?}", case.form, checked.findings));
        assert_eq!(pairs(&ours.url), pairs(sdk_link), "{:?}", case.sdk);
        let decoded: Vec<(String, String)> = ours
            .params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect();
        assert_eq!(decoded, pairs(sdk_link), "params of {:?}", case.sdk);
        if case.simple {
            assert_eq!(&ours.url, sdk_link, "bytes of {:?}", case.sdk);
        }
    }
}

//! The binary end to end for the contracts and the other kinds of link: `url --contract`,
//! `--response-type`, `--external-id`, `tesla-permissions`, `connect`, `parse` of every
//! kind, `profiles add --contract` and a batch under the profile's contract.

use crate::cli_support;

use cli_support::{Run, assert_exit, link_pairs, run_in};

const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";
const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";
const REDIRECT: &str = "https://example.com/home";

fn run(args: &[&str]) -> Run {
    let config = tempfile::tempdir().expect("temp dir");
    run_in(config.path(), args, "")
}

fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[test]
fn url_under_each_contract_and_owner_flag() {
    let base = [
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        VEHICLE,
        "--redirect-uri",
        REDIRECT,
    ];
    // (extra flags, expected pairs after vehicle_id and redirect_uri, id name)
    type Case<'a> = (&'a [&'a str], &'a str, &'a [(&'a str, &'a str)]);
    let table: [Case; 5] = [
        (&[], "client_id", &[]),
        (&["--user", "o-1"], "client_id", &[("user", "o-1")]),
        (&["--external-id", "o-1"], "client_id", &[("user", "o-1")]),
        (
            &["--contract", "current", "--user", "o-1"],
            "application_id",
            &[("external_id", "o-1")],
        ),
        (
            &["--contract", "current", "--external-id", "null"],
            "application_id",
            &[("external_id", "null")],
        ),
    ];
    for (extra, id_name, tail) in table {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let result = run(&args);
        assert_exit(&result, 0);
        let mut expected = owned(&[
            ("response_type", "vehicle_id"),
            (id_name, APP),
            ("vehicle_id", VEHICLE),
            ("redirect_uri", REDIRECT),
        ]);
        expected.extend(owned(tail));
        assert_eq!(link_pairs(&result.stdout), expected, "{extra:?}");
    }
}

#[test]
fn url_refuses_bad_contract_response_type_and_both_owner_flags() {
    let base = [
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        VEHICLE,
        "--redirect-uri",
        REDIRECT,
    ];
    let table: [(&[&str], &str); 3] = [
        (
            &["--contract", "v2"],
            "error: contract: `v2` is not a contract",
        ),
        (
            &["--response-type", "code"],
            "error: response_type: `code` is not accepted",
        ),
        (
            &["--user", "a", "--external-id", "b"],
            "cannot be used with",
        ),
    ];
    for (extra, message) in table {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let result = run(&args);
        assert_exit(&result, 2);
        assert!(result.stdout.is_empty());
        assert!(result.stderr.contains(message), "{}", result.stderr);
    }
}

#[test]
fn url_with_response_type_none_needs_no_redirect_and_warns_of_nothing() {
    let result = run(&[
        "url",
        "--client-id",
        APP,
        "--vehicle-id",
        VEHICLE,
        "--response-type",
        "none",
    ]);
    assert_exit(&result, 0);
    assert!(result.stderr.is_empty(), "{}", result.stderr);
    assert_eq!(
        link_pairs(&result.stdout),
        owned(&[
            ("response_type", "none"),
            ("client_id", APP),
            ("vehicle_id", VEHICLE)
        ])
    );
}

#[test]
fn url_errors_are_named_after_the_contract() {
    let result = run(&[
        "url",
        "--contract",
        "current",
        "--client-id",
        "client_abc",
        "--vehicle-id",
        VEHICLE,
        "--redirect-uri",
        REDIRECT,
    ]);
    assert_exit(&result, 2);
    assert!(
        result
            .stderr
            .starts_with("error: application_id: this looks like an API credential"),
        "{}",
        result.stderr
    );
}

#[test]
fn tesla_permissions_prints_its_four_pairs() {
    let result = run(&[
        "tesla-permissions",
        "--client-id",
        APP,
        "--scope",
        "read_odometer",
        "--scope",
        "required:control_security",
    ]);
    assert_exit(&result, 0);
    assert_eq!(
        result.stdout,
        format!(
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&make=TESLA&client_id={APP}&scope=read_odometer+required%3Acontrol_security\n"
        )
    );
}

#[test]
fn tesla_permissions_refuses_typos_and_needs_a_scope_and_an_app() {
    let table: [(&[&str], &str); 3] = [
        (
            &[
                "tesla-permissions",
                "--client-id",
                APP,
                "--scope",
                "read_odometr",
            ],
            "error: scope: `read_odometr` is not a documented permission: did you mean `read_odometer`?",
        ),
        (&["tesla-permissions", "--client-id", APP], "--scope"),
        (&["tesla-permissions", "--scope", "read_vin"], "--profile"),
    ];
    for (args, message) in table {
        let result = run(args);
        assert_exit(&result, 2);
        assert!(result.stderr.contains(message), "{}", result.stderr);
    }
}

#[test]
fn connect_prints_the_authorize_link_and_json() {
    let result = run(&[
        "connect",
        "--client-id",
        APP,
        "--redirect-uri",
        REDIRECT,
        "--scope",
        "read_vin",
        "--state",
        "0facda3319",
        "--vin",
        "1M8GDM9AXKP042788",
        "--country",
        "DE",
        "--make",
        "tesla",
        "--json",
    ]);
    assert_exit(&result, 0);
    let json: serde_json::Value = serde_json::from_str(&result.stdout).expect("JSON");
    let link = json["url"].as_str().expect("url");
    assert_eq!(
        link_pairs(link),
        owned(&[
            ("response_type", "code"),
            ("client_id", APP),
            ("approval_prompt", "auto"),
            ("mode", "live"),
            ("redirect_uri", REDIRECT),
            ("scope", "read_vin"),
            ("state", "0facda3319"),
            ("make", "TESLA"),
            ("single_select_vin", "1M8GDM9AXKP042788"),
            ("single_select", "true"),
            ("flags", "country:DE"),
        ])
    );
    assert_eq!(json["params"][7], serde_json::json!(["make", "TESLA"]));
    assert_eq!(json["warnings"], serde_json::json!([]));
}

#[test]
fn connect_refuses_each_bad_option_by_name() {
    let base = ["connect", "--client-id", APP, "--redirect-uri", REDIRECT];
    let table: [(&[&str], &str); 5] = [
        (
            &["--vin", "1M8GDM9AXKP04278"],
            "error: vin: is 16 characters long",
        ),
        (
            &["--country", "UK"],
            "error: country: `UK` is not the ISO 3166-1 code",
        ),
        (&["--make", "Mercedes-Benz"], "error: make: `Mercedes-Benz`"),
        (&["--mode", "prod"], "error: mode: `prod` is not accepted"),
        (
            &["--response-type", "token"],
            "error: response_type: `token` is not accepted",
        ),
    ];
    for (extra, message) in table {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let result = run(&args);
        assert_exit(&result, 2);
        assert!(result.stdout.is_empty());
        assert!(result.stderr.starts_with(message), "{}", result.stderr);
    }
}

#[test]
fn connect_with_response_type_none_and_no_redirect_has_no_warning() {
    let result = run(&["connect", "--client-id", APP, "--response-type", "none"]);
    assert_exit(&result, 0);
    assert!(result.stderr.is_empty(), "{}", result.stderr);
    assert_eq!(
        link_pairs(&result.stdout),
        owned(&[
            ("response_type", "none"),
            ("client_id", APP),
            ("approval_prompt", "auto"),
            ("mode", "live"),
        ])
    );
}

#[test]
fn parse_reads_every_kind_with_the_same_field_names() {
    let table = [
        (
            format!(
                "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&application_id={APP}&vehicle_id={VEHICLE}&external_id=o-1"
            ),
            "reauthenticate",
            "current",
            serde_json::json!({"response_type": "vehicle_id", "client_id": APP, "vehicle_id": VEHICLE, "user": "o-1"}),
        ),
        (
            format!(
                "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&make=TESLA&client_id={APP}&scope=read_vin+control_pin"
            ),
            "tesla_permissions",
            "classic",
            serde_json::json!({"response_type": "vehicle_id", "make": "TESLA", "client_id": APP, "scope": "read_vin control_pin"}),
        ),
        (
            format!(
                "https://connect.smartcar.com/oauth/authorize?response_type=code&client_id={APP}&approval_prompt=auto&mode=test&single_select_vin=1M8GDM9AXKP042788&single_select=true&flags=country%3ADE&user=o-1"
            ),
            "connect",
            "classic",
            serde_json::json!({"response_type": "code", "client_id": APP, "mode": "test", "vin": "1M8GDM9AXKP042788", "single_select": "true", "country": "DE", "user": "o-1"}),
        ),
    ];
    for (link, kind, contract, fields) in table {
        let result = run(&["parse", &link]);
        assert_exit(&result, 0);
        let json: serde_json::Value = serde_json::from_str(&result.stdout).expect("JSON");
        assert_eq!(json["kind"], kind);
        assert_eq!(json["contract"], contract);
        assert_eq!(json["link"], fields);
        assert_eq!(json["fields"]["client_id"], APP);
    }
}

#[test]
fn a_profiles_contract_names_its_links_and_its_batch() {
    let config = tempfile::tempdir().expect("temp dir");
    let add = run_in(
        config.path(),
        &[
            "profiles",
            "add",
            "--name",
            "Today",
            "--client-id",
            APP,
            "--redirect-uri",
            REDIRECT,
            "--contract",
            "current",
        ],
        "",
    );
    assert_exit(&add, 0);
    let saved = std::fs::read_to_string(config.path().join("profiles.toml")).expect("saved");
    assert!(saved.contains("contract = \"current\"\n"), "{saved}");

    let url = run_in(
        config.path(),
        &[
            "url",
            "--profile",
            "Today",
            "--vehicle-id",
            VEHICLE,
            "--user",
            "o-1",
        ],
        "",
    );
    assert_exit(&url, 0);
    let names: Vec<String> = link_pairs(&url.stdout)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "response_type",
            "application_id",
            "vehicle_id",
            "redirect_uri",
            "external_id"
        ]
    );
    // A flag overrides the profile's contract.
    let classic = run_in(
        config.path(),
        &[
            "url",
            "--profile",
            "Today",
            "--vehicle-id",
            VEHICLE,
            "--contract",
            "classic",
        ],
        "",
    );
    assert_exit(&classic, 0);
    assert!(classic.stdout.contains("&client_id="), "{}", classic.stdout);

    let batch = run_in(
        config.path(),
        &["batch", "--profile", "Today", "--response-type", "none"],
        &format!("vehicle_id,user\n{VEHICLE},o-2\n"),
    );
    assert_exit(&batch, 0);
    let row = batch.stdout.lines().nth(1).expect("one row");
    let link = row
        .split(',')
        .find(|cell| cell.starts_with("https://"))
        .expect("a link");
    assert_eq!(
        link_pairs(link),
        owned(&[
            ("response_type", "none"),
            ("application_id", APP),
            ("vehicle_id", VEHICLE),
            ("redirect_uri", REDIRECT),
            ("external_id", "o-2"),
        ])
    );
}

#[test]
fn profiles_add_refuses_an_unknown_contract_and_writes_nothing() {
    let config = tempfile::tempdir().expect("temp dir");
    let add = run_in(
        config.path(),
        &[
            "profiles",
            "add",
            "--name",
            "X",
            "--client-id",
            APP,
            "--redirect-uri",
            REDIRECT,
            "--contract",
            "newest",
        ],
        "",
    );
    assert_exit(&add, 2);
    assert!(
        add.stderr.starts_with("error: contract: `newest`"),
        "{}",
        add.stderr
    );
    assert!(!config.path().join("profiles.toml").exists());
}

#[test]
fn batch_without_a_redirect_uri_needs_response_type_none() {
    let result = run_in(
        tempfile::tempdir().expect("temp dir").path(),
        &[
            "batch",
            "--client-id",
            APP,
            "--response-type",
            "none",
            "--contract",
            "current",
        ],
        &format!("{VEHICLE}\n"),
    );
    assert_exit(&result, 0);
    assert!(result.stderr.is_empty(), "{}", result.stderr);
    assert!(
        result.stdout.contains(&format!(
            "https://connect.smartcar.com/oauth/reauthenticate?response_type=none&application_id={APP}&vehicle_id={VEHICLE}"
        )),
        "{}",
        result.stdout
    );
}

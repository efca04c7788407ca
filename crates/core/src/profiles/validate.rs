//! A profile's fields checked with the form's own rules: each value goes through
//! `link::check` exactly as the form would hold it, so a profile can never save a value the
//! form would reject. Only what is specific to profiles (the name, the default being one of
//! the list) is decided here.

use crate::deliver::TemplateKind;
use crate::link::{Field, Finding, ReauthForm, Severity};

use super::Profile;

/// A field of the profile editor; redirect URIs are addressed one by one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileField {
    Name,
    ClientId,
    /// The client id of the API credentials (v3).
    ApiClientId,
    /// The redirect URI at this index of `redirect_uris`.
    RedirectUri(usize),
    DefaultRedirectUri,
    User,
    /// One of the customer message's templates.
    Message(TemplateKind),
}

impl ProfileField {
    /// The name used in `error: <field>: …` lines and in the file.
    pub fn key(self) -> &'static str {
        match self {
            ProfileField::Name => "name",
            ProfileField::ClientId => "client_id",
            ProfileField::ApiClientId => "api_client_id",
            ProfileField::RedirectUri(_) => "redirect_uri",
            ProfileField::DefaultRedirectUri => "default_redirect_uri",
            ProfileField::User => "user",
            ProfileField::Message(kind) => kind.key(),
        }
    }
}

/// One thing wrong (or worth a second look) with one field of a profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFinding {
    pub field: ProfileField,
    pub severity: Severity,
    pub message: String,
}

impl ProfileFinding {
    /// The message, after which redirect URI it is about: a profile has several, and a line
    /// on the command line has no field to sit under.
    pub fn located_message(&self) -> String {
        match self.field {
            ProfileField::RedirectUri(index) => {
                format!("redirect URI {}: {}", index + 1, self.message)
            }
            _ => self.message.clone(),
        }
    }
}

impl std::fmt::Display for ProfileFinding {
    /// The command line's form: `error: client_id: …`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.severity.label(),
            self.field.key(),
            self.located_message()
        )
    }
}

/// Every finding for one profile, in field order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileCheck {
    pub findings: Vec<ProfileFinding>,
}

impl ProfileCheck {
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &ProfileFinding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    }

    pub fn for_field(&self, field: ProfileField) -> impl Iterator<Item = &ProfileFinding> {
        self.findings.iter().filter(move |f| f.field == field)
    }
}

/// Checks `profile` as it would be saved among `existing`; `original_name` is the name it
/// had before this edit (`None` for a new profile), so it does not clash with itself.
pub fn check_profile(
    profile: &Profile,
    existing: &[Profile],
    original_name: Option<&str>,
) -> ProfileCheck {
    let mut check = ProfileCheck::default();
    check_name(profile, existing, original_name, &mut check);
    check_client_id(profile, &mut check);
    check_api_client_id(profile, &mut check);
    check_redirect_uris(profile, &mut check);
    check_default_redirect(profile, &mut check);
    check_user(profile, &mut check);
    check_messages(profile, &mut check);
    check
}

/// Names are compared without regard to case, so `Acme` and `acme` cannot both exist and
/// `--profile` never has to guess.
pub fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

fn check_name(
    profile: &Profile,
    existing: &[Profile],
    original_name: Option<&str>,
    check: &mut ProfileCheck,
) {
    let name = profile.name.as_str();
    let clash = existing.iter().find(|other| {
        same_name(&other.name, name) && original_name.is_none_or(|old| !same_name(old, &other.name))
    });
    let message = if name.trim().is_empty() {
        Some("required: give the profile a name, for example the client app's name".to_owned())
    } else if name.trim() != name {
        Some("starts or ends with a space: remove it, so `--profile` finds the name".to_owned())
    } else if let Some(code) = name.chars().find(|c| c.is_control()).map(u32::from) {
        Some(format!(
            "contains the control character U+{code:04X}: retype the name"
        ))
    } else {
        clash.map(|other| {
            format!(
                "a profile named `{}` already exists: choose another name",
                other.name
            )
        })
    };
    if let Some(message) = message {
        push_error(check, ProfileField::Name, message);
    }
}

fn check_client_id(profile: &Profile, check: &mut ProfileCheck) {
    let form = ReauthForm {
        client_id: profile.client_id.clone(),
        ..ReauthForm::default()
    };
    copy_findings(&form, Field::ClientId, ProfileField::ClientId, check);
}

/// The API credentials' client id goes into a request as typed, so anything a paste can
/// add to it is refused; the Application ID there is the mistake the dashboard invites.
fn check_api_client_id(profile: &Profile, check: &mut ProfileCheck) {
    let Some(id) = &profile.api_client_id else {
        return;
    };
    let message = if id.trim().is_empty() {
        Some("is empty: give the client id on the dashboard's API credentials page (`client_…`), or leave it out".to_owned())
    } else if !id.chars().all(|c| c.is_ascii_graphic()) {
        Some("contains a space or an invisible character: copy the client id again".to_owned())
    } else if id.eq_ignore_ascii_case(profile.client_id.trim()) {
        Some("is the Application ID: give the client id on the dashboard's API credentials page (`client_…`) instead".to_owned())
    } else {
        None
    };
    if let Some(message) = message {
        push_error(check, ProfileField::ApiClientId, message);
    }
}

/// Each URI is checked as the form's redirect URI with this profile's client_id, so a mobile
/// scheme must name this app just as it must in the form.
fn check_redirect_uris(profile: &Profile, check: &mut ProfileCheck) {
    for (index, uri) in profile.redirect_uris.iter().enumerate() {
        let form = ReauthForm {
            client_id: profile.client_id.clone(),
            redirect_uri: uri.clone(),
            ..ReauthForm::default()
        };
        copy_findings(
            &form,
            Field::RedirectUri,
            ProfileField::RedirectUri(index),
            check,
        );
        let repeated = profile.redirect_uris[..index].iter().any(|u| u == uri);
        if repeated {
            push_error(
                check,
                ProfileField::RedirectUri(index),
                format!("`{uri}` is listed twice: remove one"),
            );
        }
    }
}

fn check_default_redirect(profile: &Profile, check: &mut ProfileCheck) {
    let Some(default) = &profile.default_redirect_uri else {
        return;
    };
    if !profile.redirect_uris.iter().any(|uri| uri == default) {
        push_error(
            check,
            ProfileField::DefaultRedirectUri,
            format!(
                "`{default}` is not in this profile's redirect URIs: pick one of them, or none to leave redirect_uri out"
            ),
        );
    }
}

fn check_user(profile: &Profile, check: &mut ProfileCheck) {
    let Some(user) = &profile.user else {
        return;
    };
    let form = ReauthForm {
        user: user.clone(),
        ..ReauthForm::default()
    };
    copy_findings(&form, Field::User, ProfileField::User, check);
}

fn check_messages(profile: &Profile, check: &mut ProfileCheck) {
    for (kind, problem) in profile.messages.problems() {
        push_error(check, ProfileField::Message(kind), problem.to_string());
    }
}

/// Runs the form's rules and keeps what they say about `field`.
fn copy_findings(form: &ReauthForm, field: Field, target: ProfileField, check: &mut ProfileCheck) {
    let checked = crate::link::check(form, &[]);
    for finding in checked.findings.for_field(field) {
        check.findings.push(from_form_finding(finding, target));
    }
}

fn from_form_finding(finding: &Finding, target: ProfileField) -> ProfileFinding {
    ProfileFinding {
        field: target,
        severity: finding.severity(),
        message: finding.message(),
    }
}

fn push_error(check: &mut ProfileCheck, field: ProfileField, message: String) {
    check.findings.push(ProfileFinding {
        field,
        severity: Severity::Error,
        message,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    const APP: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    fn valid() -> Profile {
        Profile {
            name: "Acme Fleet".into(),
            client_id: APP.into(),
            redirect_uris: vec!["https://acme.example/cb".into()],
            default_redirect_uri: Some("https://acme.example/cb".into()),
            user: None,
            note: String::new(),
            ..Profile::default()
        }
    }

    fn fields_with_errors(check: &ProfileCheck) -> Vec<ProfileField> {
        check.errors().map(|f| f.field).collect()
    }

    #[test]
    fn a_valid_profile_has_no_findings() {
        assert_eq!(check_profile(&valid(), &[], None), ProfileCheck::default());
    }

    #[test]
    fn an_api_client_id_is_refused_when_empty_spaced_or_the_application_id() {
        for (typed, refused) in [
            ("client_3f9a", false),
            ("  ", true),
            ("client_3f 9a", true),
            ("client_\u{200b}3f9a", true),
            (APP, true),
        ] {
            let profile = Profile {
                api_client_id: Some(typed.into()),
                ..valid()
            };
            let errors = fields_with_errors(&check_profile(&profile, &[], None));
            assert_eq!(
                errors.contains(&ProfileField::ApiClientId),
                refused,
                "{typed:?}"
            );
        }
    }

    #[test]
    fn client_id_uses_the_forms_message() {
        let profile = Profile {
            client_id: "client_abc".into(),
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        let finding = check
            .for_field(ProfileField::ClientId)
            .next()
            .expect("a finding");
        assert_eq!(
            finding.message,
            crate::link::Problem::ClientIdIsApiCredential.to_string()
        );
    }

    #[test]
    fn each_redirect_uri_is_checked_on_its_own() {
        let profile = Profile {
            redirect_uris: vec![
                "https://acme.example/cb".into(),
                "http://acme.example/cb".into(),
                "https://acme.example/cb".into(),
            ],
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        assert_eq!(
            fields_with_errors(&check),
            [ProfileField::RedirectUri(1), ProfileField::RedirectUri(2)]
        );
        assert_eq!(
            check.to_string_lines()[1],
            "error: redirect_uri: redirect URI 3: `https://acme.example/cb` is listed twice: remove one"
        );
    }

    #[test]
    fn mobile_scheme_must_name_this_app() {
        let other_app = "0b2c1f5e-2d1a-4c59-9c1e-6f3a3b8d9e10";
        let profile = Profile {
            redirect_uris: vec![format!("sc{other_app}://callback")],
            default_redirect_uri: None,
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        assert_eq!(fields_with_errors(&check), [ProfileField::RedirectUri(0)]);
    }

    #[test]
    fn default_must_be_one_of_the_list() {
        let profile = Profile {
            default_redirect_uri: Some("https://elsewhere.example/".into()),
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        assert_eq!(
            fields_with_errors(&check),
            [ProfileField::DefaultRedirectUri]
        );
    }

    #[test]
    fn name_rules() {
        let others = [valid()];
        for (name, expected) in [
            ("", "required"),
            (" Acme", "starts or ends with a space"),
            ("Ac\u{7}me", "control character U+0007"),
            ("ACME FLEET", "already exists"),
        ] {
            let profile = Profile {
                name: name.into(),
                ..valid()
            };
            let check = check_profile(&profile, &others, None);
            let finding = check.for_field(ProfileField::Name).next().expect(name);
            assert!(finding.message.contains(expected), "{name:?}: {finding}");
        }
    }

    #[test]
    fn a_renamed_profile_does_not_clash_with_its_old_self() {
        let others = [valid()];
        let check = check_profile(&valid(), &others, Some("Acme Fleet"));
        assert!(!check.has_errors(), "{check:?}");
        let check = check_profile(&valid(), &others, Some("Other"));
        assert!(check.has_errors());
    }

    #[test]
    fn user_email_is_the_forms_warning() {
        let profile = Profile {
            user: Some("owner@example.com".into()),
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        assert!(!check.has_errors());
        let finding = check.for_field(ProfileField::User).next().expect("warning");
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(
            finding.to_string(),
            format!(
                "warning: user: {}",
                crate::link::Problem::UserLooksLikeEmail
            )
        );
    }

    #[test]
    fn each_template_is_checked_under_its_own_key() {
        let profile = Profile {
            messages: Box::new(crate::deliver::MessageTemplates {
                email_subject: Some("Hi {name}".into()),
                email_body: Some("no link here".into()),
                text_message: Some("{link}".into()),
            }),
            ..valid()
        };
        let check = check_profile(&profile, &[], None);
        assert_eq!(
            check.to_string_lines(),
            [
                "error: email_subject: line 1, column 4: `{name}` is not a placeholder: use one of {link}, {app}, {make}, {vehicle_id}, {ticket}, or write {{ and }} for braces of their own",
                "error: email_body: has no {link}: the owner needs the link; put {link} where it should go",
            ]
        );
        assert_eq!(
            fields_with_errors(&check),
            [
                ProfileField::Message(TemplateKind::EmailSubject),
                ProfileField::Message(TemplateKind::EmailBody)
            ]
        );
    }

    impl ProfileCheck {
        fn to_string_lines(&self) -> Vec<String> {
            self.findings.iter().map(ToString::to_string).collect()
        }
    }
}

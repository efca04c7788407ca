//! The customer message: an e-mail (subject and body) and a short text for SMS or chat,
//! written for a car owner. A profile may keep its own templates; whatever it leaves out
//! comes from the defaults here.

use serde::{Deserialize, Serialize};

use super::template::{Placeholder, Template, TemplateError};

/// Stands in for `{app}` without a profile: the owner still reads a whole sentence.
pub const NEUTRAL_APP: &str = "our service";
/// Stands in for `{make}` when the car's brand is not known.
pub const NEUTRAL_MAKE: &str = "car";
/// Stands in for `{ticket}` when no ticket was given.
pub const NEUTRAL_TICKET: &str = "your support request";

pub const DEFAULT_EMAIL_SUBJECT: &str = "Please reconnect your {make} to {app}";

pub const DEFAULT_EMAIL_BODY: &str = "\
Hello,

The connection between your {make} and {app} has stopped working, so your vehicle's data \
can no longer be read. This often happens after a password change or an update to the \
online account of your car's brand.

To reconnect, open the link below and sign in with the account you use for your {make}'s \
own app:

{link}

It takes about a minute. Nothing else changes: your settings and your data stay as they \
are, and there is nothing to install.

Reference: {vehicle_id}
";

pub const DEFAULT_TEXT_MESSAGE: &str = "\
Your {make} has lost its connection to {app}. To reconnect it, open {link} and sign in \
with your car brand's account. Nothing else changes.";

/// Which of a profile's templates; also the profile file's key for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    EmailSubject,
    EmailBody,
    TextMessage,
}

impl TemplateKind {
    pub const ALL: [TemplateKind; 3] = [
        TemplateKind::EmailSubject,
        TemplateKind::EmailBody,
        TemplateKind::TextMessage,
    ];

    /// The key in the profiles file and in `error: <field>: …` lines.
    pub fn key(self) -> &'static str {
        match self {
            TemplateKind::EmailSubject => "email_subject",
            TemplateKind::EmailBody => "email_body",
            TemplateKind::TextMessage => "text_message",
        }
    }

    /// The template used when a profile sets none.
    pub fn default_template(self) -> &'static str {
        match self {
            TemplateKind::EmailSubject => DEFAULT_EMAIL_SUBJECT,
            TemplateKind::EmailBody => DEFAULT_EMAIL_BODY,
            TemplateKind::TextMessage => DEFAULT_TEXT_MESSAGE,
        }
    }
}

/// A profile's own templates; `None` means the default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageTemplates {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_message: Option<String>,
}

impl MessageTemplates {
    /// The profile's own template of this kind, if it set one.
    pub fn own(&self, kind: TemplateKind) -> Option<&str> {
        match kind {
            TemplateKind::EmailSubject => self.email_subject.as_deref(),
            TemplateKind::EmailBody => self.email_body.as_deref(),
            TemplateKind::TextMessage => self.text_message.as_deref(),
        }
    }

    /// The template in force: the profile's own, else the default.
    pub fn effective(&self, kind: TemplateKind) -> &str {
        self.own(kind).unwrap_or(kind.default_template())
    }

    /// Each template the profile set that cannot be used, with its kind.
    pub fn problems(&self) -> impl Iterator<Item = (TemplateKind, MessageTemplateProblem)> + '_ {
        TemplateKind::ALL.into_iter().filter_map(|kind| {
            let template = self.own(kind)?;
            check_template(kind, template)
                .err()
                .map(|problem| (kind, problem))
        })
    }

    /// The checked template in force for `kind`.
    pub fn template(&self, kind: TemplateKind) -> Result<Template, TemplateError> {
        Template::parse(self.effective(kind))
    }
}

/// Why a profile's own template cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MessageTemplateProblem {
    #[error("{0}")]
    Syntax(TemplateError),
    #[error("is empty: write the message, or clear the field to use the default")]
    Blank,
    #[error("has no {{link}}: the owner needs the link; put {{link}} where it should go")]
    NoLink,
}

impl MessageTemplateProblem {
    /// The template error, with its position, for a window to underline.
    pub fn template_error(&self) -> Option<&TemplateError> {
        match self {
            MessageTemplateProblem::Syntax(error) => Some(error),
            _ => None,
        }
    }
}

/// A template as a profile would keep it: it must read, say something, and the body and
/// the text must carry the link (the subject need not).
pub fn check_template(kind: TemplateKind, text: &str) -> Result<(), MessageTemplateProblem> {
    let template = Template::parse(text).map_err(MessageTemplateProblem::Syntax)?;
    if text.trim().is_empty() {
        return Err(MessageTemplateProblem::Blank);
    }
    if kind != TemplateKind::EmailSubject && !template.uses(Placeholder::Link) {
        return Err(MessageTemplateProblem::NoLink);
    }
    Ok(())
}

/// What a message is about. Unknown values render as the neutral wordings above.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MessageValues<'a> {
    pub link: &'a str,
    /// The profile's name; `None` without a profile.
    pub app: Option<&'a str>,
    /// The car's brand, when the source said it (a webhook does).
    pub make: Option<&'a str>,
    pub vehicle_id: &'a str,
    pub ticket: Option<&'a str>,
}

impl<'a> MessageValues<'a> {
    /// The text for one placeholder; blank values count as unknown.
    pub fn value(&self, placeholder: Placeholder) -> &'a str {
        let known = |value: Option<&'a str>, neutral: &'static str| {
            value.filter(|v| !v.trim().is_empty()).unwrap_or(neutral)
        };
        match placeholder {
            Placeholder::Link => self.link,
            Placeholder::App => known(self.app, NEUTRAL_APP),
            Placeholder::Make => known(self.make, NEUTRAL_MAKE),
            Placeholder::VehicleId => self.vehicle_id,
            Placeholder::Ticket => known(self.ticket, NEUTRAL_TICKET),
        }
    }
}

/// An e-mail ready for the mail program or the clipboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmailMessage {
    pub subject: String,
    pub body: String,
}

impl EmailMessage {
    /// `Subject: …`, a blank line, then the body: what `url --message email` prints and
    /// what "Copy message" puts on the clipboard.
    pub fn to_text(&self) -> String {
        let mut text = format!("Subject: {}\n\n{}", self.subject, self.body);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }
}

/// Renders a template once for `values`.
pub fn render(template: &Template, values: &MessageValues<'_>) -> String {
    let mut out = String::new();
    template.render_into(&mut out, |placeholder| values.value(placeholder));
    out
}

/// The e-mail for `values` from these templates; a subject is one line, so line breaks a
/// value brought into it become spaces.
pub fn render_email(
    templates: &MessageTemplates,
    values: &MessageValues<'_>,
) -> Result<EmailMessage, (TemplateKind, TemplateError)> {
    let parse = |kind| templates.template(kind).map_err(|error| (kind, error));
    let subject = render(&parse(TemplateKind::EmailSubject)?, values);
    let body = render(&parse(TemplateKind::EmailBody)?, values);
    Ok(EmailMessage {
        subject: one_line(&subject),
        body,
    })
}

/// The short text for SMS or chat.
pub fn render_text(
    templates: &MessageTemplates,
    values: &MessageValues<'_>,
) -> Result<String, (TemplateKind, TemplateError)> {
    let template = templates
        .template(TemplateKind::TextMessage)
        .map_err(|error| (TemplateKind::TextMessage, error))?;
    Ok(render(&template, values))
}

/// The short text for every row of a batch: the template read once, the app's name fixed,
/// each row adding its link and vehicle id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextColumn {
    template: Template,
    app: Option<String>,
}

impl TextColumn {
    /// The text template in force for these templates (none: the defaults).
    pub fn new(
        templates: Option<&MessageTemplates>,
        app: Option<&str>,
    ) -> Result<Self, (TemplateKind, TemplateError)> {
        let kind = TemplateKind::TextMessage;
        let template = match templates {
            Some(templates) => templates.template(kind),
            None => Template::parse(kind.default_template()),
        }
        .map_err(|error| (kind, error))?;
        Ok(Self {
            template,
            app: app.map(str::to_owned),
        })
    }

    /// Appends one row's text to `out`.
    pub fn render_into(&self, link: &str, vehicle_id: &str, out: &mut String) {
        let values = MessageValues {
            link,
            app: self.app.as_deref(),
            make: None,
            vehicle_id,
            ticket: None,
        };
        self.template
            .render_into(out, |placeholder| values.value(placeholder));
    }
}

fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINK: &str = "https://connect.smartcar.com/oauth/reauthenticate?response_type=vehicle_id&client_id=8229df9f-91a0-4ff0-a1ae-a1f38ee24d07&vehicle_id=v_1";

    fn values() -> MessageValues<'static> {
        MessageValues {
            link: LINK,
            app: Some("Acme Fleet"),
            make: Some("Tesla"),
            vehicle_id: "v_1",
            ticket: Some("T-42"),
        }
    }

    #[test]
    fn every_default_template_reads() {
        for kind in TemplateKind::ALL {
            Template::check(kind.default_template()).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        }
    }

    #[test]
    fn the_defaults_carry_the_link_and_say_nothing_else_changes() {
        let email = render_email(&MessageTemplates::default(), &values()).expect("defaults");
        assert_eq!(email.subject, "Please reconnect your Tesla to Acme Fleet");
        assert!(
            email.body.contains(&format!("\n\n{LINK}\n\n")),
            "{}",
            email.body
        );
        assert!(email.body.contains("Nothing else changes"));
        assert!(email.body.contains("Reference: v_1\n"));
        let text = render_text(&MessageTemplates::default(), &values()).expect("defaults");
        assert_eq!(
            text,
            format!(
                "Your Tesla has lost its connection to Acme Fleet. To reconnect it, open {LINK} and sign in with your car brand's account. Nothing else changes."
            )
        );
    }

    #[test]
    fn unknown_values_read_as_neutral_wording() {
        let values = MessageValues {
            app: None,
            make: Some("  "),
            ticket: None,
            ..values()
        };
        for (placeholder, expected) in [
            (Placeholder::Link, LINK),
            (Placeholder::App, NEUTRAL_APP),
            (Placeholder::Make, NEUTRAL_MAKE),
            (Placeholder::VehicleId, "v_1"),
            (Placeholder::Ticket, NEUTRAL_TICKET),
        ] {
            assert_eq!(values.value(placeholder), expected, "{placeholder:?}");
        }
        let email = render_email(&MessageTemplates::default(), &values).expect("defaults");
        assert_eq!(email.subject, "Please reconnect your car to our service");
    }

    #[test]
    fn a_profiles_own_template_wins_and_the_rest_stay_default() {
        let templates = MessageTemplates {
            email_subject: Some("Ticket {ticket}: {vehicle_id}\nsecond line".into()),
            ..MessageTemplates::default()
        };
        let email = render_email(&templates, &values()).expect("valid");
        assert_eq!(email.subject, "Ticket T-42: v_1 second line");
        assert_eq!(
            email.body,
            render(
                &Template::parse(DEFAULT_EMAIL_BODY).expect("valid"),
                &values()
            )
        );
    }

    #[test]
    fn a_bad_template_names_its_kind() {
        for kind in TemplateKind::ALL {
            let mut templates = MessageTemplates::default();
            let bad = Some("{oops}".to_owned());
            match kind {
                TemplateKind::EmailSubject => templates.email_subject = bad,
                TemplateKind::EmailBody => templates.email_body = bad,
                TemplateKind::TextMessage => templates.text_message = bad,
            }
            let problems: Vec<_> = templates.problems().map(|(k, _)| k).collect();
            assert_eq!(problems, [kind]);
            let (_, problem) = templates.problems().next().expect("a problem");
            assert_eq!(problem.template_error().map(|e| e.span.clone()), Some(0..6));
            let rendered = match kind {
                TemplateKind::TextMessage => render_text(&templates, &values()).map(|_| ()),
                _ => render_email(&templates, &values()).map(|_| ()),
            };
            assert_eq!(rendered.expect_err("bad").0, kind);
        }
    }

    #[test]
    fn a_profiles_template_must_say_something_and_carry_the_link() {
        use MessageTemplateProblem as P;
        for (kind, text, expected) in [
            (TemplateKind::EmailSubject, "Reconnect", Ok(())),
            (TemplateKind::EmailSubject, " \n", Err(P::Blank)),
            (TemplateKind::EmailBody, "", Err(P::Blank)),
            (TemplateKind::EmailBody, "Open {link}", Ok(())),
            (TemplateKind::EmailBody, "Open {{link}}", Err(P::NoLink)),
            (
                TemplateKind::TextMessage,
                "{app}: reconnect",
                Err(P::NoLink),
            ),
            (TemplateKind::TextMessage, "{link}", Ok(())),
        ] {
            assert_eq!(check_template(kind, text), expected, "{kind:?} {text:?}");
        }
        assert_eq!(
            P::NoLink.to_string(),
            "has no {link}: the owner needs the link; put {link} where it should go"
        );
        assert_eq!(
            P::Blank.to_string(),
            "is empty: write the message, or clear the field to use the default"
        );
    }

    #[test]
    fn the_text_column_renders_each_row_with_the_shared_app() {
        let templates = MessageTemplates {
            text_message: Some("{app} {vehicle_id} {make} {ticket}: {link}".into()),
            ..MessageTemplates::default()
        };
        let column = TextColumn::new(Some(&templates), Some("Acme")).expect("valid");
        let mut out = String::new();
        column.render_into("L1", "v_1", &mut out);
        out.push('|');
        column.render_into("L2", "v_2", &mut out);
        assert_eq!(
            out,
            format!(
                "Acme v_1 {NEUTRAL_MAKE} {NEUTRAL_TICKET}: L1|Acme v_2 {NEUTRAL_MAKE} {NEUTRAL_TICKET}: L2"
            )
        );
        let defaults = TextColumn::new(None, None).expect("defaults read");
        let mut out = String::new();
        defaults.render_into("L", "v", &mut out);
        assert_eq!(
            out,
            render_text(
                &MessageTemplates::default(),
                &MessageValues {
                    link: "L",
                    vehicle_id: "v",
                    ..MessageValues::default()
                }
            )
            .expect("defaults")
        );
        let bad = MessageTemplates {
            text_message: Some("{x}".into()),
            ..MessageTemplates::default()
        };
        assert_eq!(
            TextColumn::new(Some(&bad), None).expect_err("bad").0,
            TemplateKind::TextMessage
        );
    }

    #[test]
    fn the_email_text_starts_with_its_subject_line() {
        let email = EmailMessage {
            subject: "S".into(),
            body: "B".into(),
        };
        assert_eq!(email.to_text(), "Subject: S\n\nB\n");
    }
}

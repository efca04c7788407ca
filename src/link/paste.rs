//! Reads what a support agent pastes: a re-authentication link (also with
//! `application_id`), a Smartcar API error body, or a v4 `VEHICLE_ERROR` webhook event,
//! into form fields plus what is still missing. Anything else is an error that says what
//! was expected; nothing here panics on input.

use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::form::{Field, ReauthForm};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasteSource {
    Url,
    ApiError,
    Webhook,
}

impl PasteSource {
    pub fn describe(self) -> &'static str {
        match self {
            PasteSource::Url => "re-authentication link",
            PasteSource::ApiError => "API error",
            PasteSource::Webhook => "webhook event",
        }
    }
}

/// The link's fields found in a paste; `None` where the paste has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PastedFields {
    pub client_id: Option<String>,
    pub vehicle_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub state: Option<String>,
    pub user: Option<String>,
}

impl PastedFields {
    pub fn get(&self, field: Field) -> Option<&str> {
        match field {
            Field::ClientId => self.client_id.as_deref(),
            Field::VehicleId => self.vehicle_id.as_deref(),
            Field::RedirectUri => self.redirect_uri.as_deref(),
            Field::State => self.state.as_deref(),
            Field::User => self.user.as_deref(),
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<String> {
        match field {
            Field::ClientId => &mut self.client_id,
            Field::VehicleId => &mut self.vehicle_id,
            Field::RedirectUri => &mut self.redirect_uri,
            Field::State => &mut self.state,
            Field::User => &mut self.user,
        }
    }
}

/// The Smartcar error a JSON paste carried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiErrorKind {
    #[serde(rename = "type")]
    pub error_type: Option<String>,
    pub code: Option<String>,
}

/// What a paste gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pasted {
    pub source: PasteSource,
    pub fields: PastedFields,
    pub error: Option<ApiErrorKind>,
    /// Things worth telling the person: ignored parameters, a resolved event, a legacy body.
    pub notes: Vec<String>,
}

impl Pasted {
    fn new(source: PasteSource) -> Self {
        Self {
            source,
            fields: PastedFields::default(),
            error: None,
            notes: Vec::new(),
        }
    }

    /// Required fields the paste lacks, in form order.
    pub fn missing(&self) -> Vec<Field> {
        Field::REQUIRED
            .into_iter()
            .filter(|field| self.fields.get(*field).is_none())
            .collect()
    }

    /// Fields the paste has, in form order.
    pub fn found(&self) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|field| self.fields.get(*field).is_some())
            .collect()
    }

    /// Writes every field the paste has into the form; the others keep what they hold.
    pub fn fill(&self, form: &mut ReauthForm) {
        for field in self.found() {
            if let Some(value) = self.fields.get(field) {
                *form.get_mut(field) = value.to_owned();
            }
        }
        if self.fields.redirect_uri.is_some() {
            form.omit_redirect_uri = false;
        }
    }

    /// One sentence for the person: what came from where, what is still needed.
    pub fn summary(&self) -> String {
        let mut form = ReauthForm::default();
        self.fill(&mut form);
        self.summary_after_fill(&form)
    }

    /// The same sentence for a form this paste was filled into: required fields the paste
    /// lacks but the form already holds (from a profile, or typed) are counted as there,
    /// and only what is still empty is "still needed".
    pub fn summary_after_fill(&self, form: &ReauthForm) -> String {
        let found = self.found();
        let supplied = |field: Field| match field {
            Field::RedirectUri => form.omit_redirect_uri || !form.redirect_uri.trim().is_empty(),
            field => !form.get(field).trim().is_empty(),
        };
        let (already, missing): (Vec<Field>, Vec<Field>) = Field::REQUIRED
            .into_iter()
            .filter(|field| !found.contains(field))
            .partition(|field| supplied(*field));
        let source = self.source.describe();
        if found.is_empty() {
            return format!("Read a {source}, but it holds none of the link's fields.");
        }
        let mut sentence = format!("Filled {} from the {source}", labels(&found));
        if !already.is_empty() {
            sentence.push_str(&format!("; already in the form: {}", labels(&already)));
        }
        if !missing.is_empty() {
            sentence.push_str(&format!("; still needed: {}", labels(&missing)));
        }
        sentence.push('.');
        sentence
    }
}

fn labels(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|field| field.label())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PasteError {
    #[error(
        "nothing to read: paste a re-authentication link, an API error body or a VEHICLE_ERROR webhook event"
    )]
    Empty,
    #[error(
        "not a link or JSON: expected a https://connect.smartcar.com/oauth/reauthenticate?… link, an API error body or a VEHICLE_ERROR webhook event"
    )]
    Unrecognised,
    #[error("the link does not parse ({0}): copy the whole link again")]
    BadLink(String),
    #[error(
        "the link has none of client_id, vehicle_id, redirect_uri, state or user: paste the re-authentication link (an API error's resolution.url)"
    )]
    LinkWithoutFields,
    #[error("the JSON does not parse ({0}): paste the whole API error body or webhook event")]
    BadJson(String),
    #[error("found a JSON list: paste one error or event at a time here (the batch reads lists)")]
    JsonList,
    #[error(
        "this JSON is neither a Smartcar API error (it has no `code` or `type`) nor a webhook event (no `eventType`)"
    )]
    JsonNotRecognised,
    #[error("webhook event `{0}` does not ask for re-authentication: only VEHICLE_ERROR events do")]
    WebhookNotVehicleError(String),
}

/// Reads one paste.
pub fn parse_paste(input: &str) -> Result<Pasted, PasteError> {
    let text = input
        .trim()
        .trim_matches(|c| matches!(c, '"' | '\'' | '<' | '>'));
    if text.is_empty() {
        return Err(PasteError::Empty);
    }
    if input.trim_start().starts_with(['{', '[']) {
        let value: Value =
            serde_json::from_str(input).map_err(|e| PasteError::BadJson(e.to_string()))?;
        return parse_json(&value);
    }
    if text.contains("://") || text.contains('?') {
        return parse_link(text);
    }
    Err(PasteError::Unrecognised)
}

/// Reads one JSON value already parsed: an API error body or a webhook event.
pub fn parse_json(value: &Value) -> Result<Pasted, PasteError> {
    match value {
        Value::Array(_) => Err(PasteError::JsonList),
        Value::Object(object) if object.contains_key("eventType") => parse_webhook(value),
        Value::Object(object) if object.contains_key("code") || object.contains_key("type") => {
            let mut pasted = Pasted::new(PasteSource::ApiError);
            read_error_object(value, &mut pasted);
            Ok(pasted)
        }
        _ => Err(PasteError::JsonNotRecognised),
    }
}

/// Reads a link. Whitespace is removed first: a link copied from an e-mail or from
/// Smartcar's docs often arrives broken over several lines.
pub fn parse_link(text: &str) -> Result<Pasted, PasteError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let url = Url::parse(&compact).map_err(|e| PasteError::BadLink(e.to_string()))?;
    let mut pasted = Pasted::new(PasteSource::Url);
    read_link_params(&url, &mut pasted);
    if pasted.found().is_empty() {
        return Err(PasteError::LinkWithoutFields);
    }
    Ok(pasted)
}

fn read_link_params(url: &Url, pasted: &mut Pasted) {
    let mut ignored = Vec::new();
    for (name, value) in url.query_pairs() {
        let field = match name.as_ref() {
            "client_id" | "application_id" => Field::ClientId,
            "vehicle_id" => Field::VehicleId,
            "redirect_uri" => Field::RedirectUri,
            "state" => Field::State,
            "user" | "external_id" => Field::User,
            "response_type" => {
                if value != "vehicle_id" {
                    pasted.notes.push(format!(
                        "the link asks for response_type={value}; this tool builds response_type=vehicle_id links"
                    ));
                }
                continue;
            }
            other => {
                ignored.push(other.to_owned());
                continue;
            }
        };
        let slot = pasted.fields.slot(field);
        if slot.is_none() {
            *slot = Some(value.into_owned());
        } else {
            pasted.notes.push(format!(
                "`{name}` appears more than once; the first value was kept"
            ));
        }
    }
    if !ignored.is_empty() {
        pasted.notes.push(format!(
            "ignored parameters this link type does not use: {}",
            ignored.join(", ")
        ));
    }
}

fn parse_webhook(event: &Value) -> Result<Pasted, PasteError> {
    let event_type = event["eventType"].as_str().unwrap_or_default();
    if event_type != "VEHICLE_ERROR" {
        return Err(PasteError::WebhookNotVehicleError(event_type.to_owned()));
    }
    let mut pasted = Pasted::new(PasteSource::Webhook);
    let errors = event["data"]["errors"].as_array();
    let chosen = errors.and_then(|errors| {
        errors
            .iter()
            .find(|error| asks_for_reauthentication(error))
            .or_else(|| errors.first())
    });
    if let Some(error) = chosen {
        read_error_object(error, &mut pasted);
    }
    let event_vehicle = event["vehicleId"]
        .as_str()
        .or_else(|| event["data"]["vehicle"]["id"].as_str());
    match (&pasted.fields.vehicle_id, event_vehicle) {
        (None, Some(id)) => pasted.fields.vehicle_id = Some(id.to_owned()),
        (Some(in_link), Some(id)) if in_link != id => pasted.notes.push(format!(
            "the event's vehicleId {id} differs from the one in its link ({in_link}); the link's was kept"
        )),
        _ => {}
    }
    if event["data"]["state"].as_str() == Some("RESOLVED")
        || event["state"].as_str() == Some("RESOLVED")
    {
        pasted.notes.push(
            "this event says the error is RESOLVED: the owner may not need a new link".to_owned(),
        );
    }
    Ok(pasted)
}

fn asks_for_reauthentication(error: &Value) -> bool {
    let resolution = &error["resolution"];
    resolution.as_str() == Some("REAUTHENTICATE")
        || resolution["type"].as_str() == Some("REAUTHENTICATE")
        || resolution["url"].is_string()
}

/// Reads a v2 error object: `resolution` as an object with or without `url`, or the
/// legacy bare string.
fn read_error_object(error: &Value, pasted: &mut Pasted) {
    pasted.error = Some(ApiErrorKind {
        error_type: error["type"].as_str().map(str::to_owned),
        code: error["code"].as_str().map(str::to_owned),
    });
    let resolution = &error["resolution"];
    match resolution["url"].as_str().map(|link| link.trim()) {
        Some(link) => match Url::parse(link) {
            Ok(url) => read_link_params(&url, pasted),
            Err(e) => pasted
                .notes
                .push(format!("the error's resolution.url does not parse ({e})")),
        },
        None if asks_for_reauthentication(error) => pasted.notes.push(
            "the error asks for re-authentication but carries no link: client and vehicle ids must come from elsewhere".to_owned(),
        ),
        None => pasted.notes.push(format!(
            "this error does not ask for re-authentication (resolution: {})",
            describe_resolution(resolution)
        )),
    }
}

fn describe_resolution(resolution: &Value) -> String {
    resolution
        .as_str()
        .or_else(|| resolution["type"].as_str())
        .unwrap_or("none")
        .to_owned()
}

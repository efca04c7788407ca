//! Reads what a support agent pastes: a re-authentication link (also with
//! `application_id`), a Smartcar API error body, or a v4 `VEHICLE_ERROR` webhook event,
//! into form fields plus what is still missing. Anything else is an error that says what
//! was expected; nothing here panics on input. Text around the paste (a ticket, an e-mail,
//! a log line) is taken apart by `candidates`; this file reads one clean piece.

use serde::Serialize;
use serde_json::Value;
use url::Url;

use super::advice::{ErrorReport, pick_error};
use super::check::linked_vehicle_id;
use super::contract::Contract;
use super::field::Field;
use super::form::ReauthForm;
use super::hosts::not_connect_host;
use super::kind::LinkKind;

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
            _ => None,
        }
    }

    /// Where one of a re-authentication link's fields goes; `None` for the other kinds'.
    fn slot(&mut self, field: Field) -> Option<&mut Option<String>> {
        match field {
            Field::ClientId => Some(&mut self.client_id),
            Field::VehicleId => Some(&mut self.vehicle_id),
            Field::RedirectUri => Some(&mut self.redirect_uri),
            Field::State => Some(&mut self.state),
            Field::User => Some(&mut self.user),
            _ => None,
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
    /// What triage needs beyond the form's fields.
    pub facts: PasteFacts,
}

/// The errors a paste held and what else decides which link helps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PasteFacts {
    /// Every error in the paste, in its order (a webhook or v3 envelope may hold several).
    pub errors: Vec<ErrorReport>,
    /// The index in `errors` of the one the fields came from.
    pub acted_on: Option<usize>,
    /// The vehicle's make (a webhook's `data.vehicle.make`, a link's `make`).
    pub make: Option<String>,
    /// A link's `scope`, as written.
    pub scope: Option<String>,
    /// Which Connect link a pasted link is.
    pub link_kind: Option<LinkKind>,
    /// The link itself as read (out of the text around it, unwrapped and joined), for
    /// showing every parameter it carries.
    pub link: Option<String>,
    /// Parameters a line break left in doubt, left out of the fields: (name, what to do).
    pub doubts: Vec<(String, String)>,
}

impl PasteFacts {
    pub fn is_tesla(&self) -> bool {
        self.make
            .as_deref()
            .is_some_and(|make| make.trim().eq_ignore_ascii_case("TESLA"))
    }

    /// The error the fields came from.
    pub fn chosen_error(&self) -> Option<&ErrorReport> {
        self.acted_on.and_then(|index| self.errors.get(index))
    }
}

impl Pasted {
    fn new(source: PasteSource) -> Self {
        Self {
            source,
            fields: PastedFields::default(),
            error: None,
            notes: Vec::new(),
            facts: PasteFacts::default(),
        }
    }

    /// Sets one of a re-authentication link's fields, as a paste would have; a field
    /// only the other kinds have is not one a paste fills.
    pub fn set(&mut self, field: Field, value: String) {
        if let Some(slot) = self.fields.slot(field) {
            *slot = Some(value);
        }
    }

    /// Required fields the paste lacks, in form order.
    pub fn missing(&self) -> Vec<Field> {
        ReauthForm::REQUIRED
            .into_iter()
            .filter(|field| self.fields.get(*field).is_none())
            .collect()
    }

    /// Fields the paste has, in form order.
    pub fn found(&self) -> Vec<Field> {
        ReauthForm::FIELDS
            .into_iter()
            .filter(|field| self.fields.get(*field).is_some())
            .collect()
    }

    /// Writes every field the paste has into the form; the others keep what they hold.
    pub fn fill(&self, form: &mut ReauthForm) {
        for field in self.found() {
            if let (Some(value), Some(slot)) = (self.fields.get(field), form.get_mut(field)) {
                *slot = value.to_owned();
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
            field => form
                .get(field)
                .is_some_and(|value| !value.trim().is_empty()),
        };
        let (already, missing): (Vec<Field>, Vec<Field>) = ReauthForm::REQUIRED
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
        .map(|field| field.label(Contract::Classic))
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
        "not a Smartcar link ({0}): only https://connect.smartcar.com links are read; nothing was filled from it"
    )]
    NotSmartcarLink(String),
    #[error("{0}")]
    Wrapper(String),
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
    #[error(
        "the event's `{place}` is {found}, not a vehicle id's text: give the event as Smartcar sent it, or the vehicle's id"
    )]
    EventVehicleNotText { place: &'static str, found: String },
    #[error(
        "the text holds {} different candidates, so none was picked: {}; paste only the one to use",
        .0.len(),
        .0.join("; ")
    )]
    Ambiguous(Vec<String>),
}

/// Reads a paste that is only the link or the JSON, with nothing around it.
pub(super) fn parse_whole(input: &str) -> Result<Pasted, PasteError> {
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
pub(crate) fn parse_json(value: &Value) -> Result<Pasted, PasteError> {
    match value {
        Value::Array(_) => Err(PasteError::JsonList),
        Value::Object(object) if object.contains_key("eventType") => parse_webhook(value),
        Value::Object(object) if object.get("errors").is_some_and(Value::is_array) => {
            Ok(parse_v3_envelope(value))
        }
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
pub(super) fn parse_link(text: &str) -> Result<Pasted, PasteError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let url = Url::parse(&compact).map_err(|e| PasteError::BadLink(e.to_string()))?;
    let mut pasted = Pasted::new(PasteSource::Url);
    read_link_params(&url, &mut pasted);
    if pasted.found().is_empty() && pasted.facts.scope.is_none() {
        return Err(PasteError::LinkWithoutFields);
    }
    if let Some(why) = not_connect_host(&url) {
        return Err(PasteError::NotSmartcarLink(why));
    }
    pasted.facts.link_kind = Some(link_kind(&url, &pasted));
    pasted.facts.link = Some(compact);
    Ok(pasted)
}

fn link_kind(url: &Url, pasted: &Pasted) -> LinkKind {
    if url.path().ends_with("/oauth/authorize") {
        LinkKind::Connect
    } else if pasted.facts.is_tesla() && pasted.fields.vehicle_id.is_none() {
        LinkKind::TeslaPermissions
    } else {
        LinkKind::Reauth
    }
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
                match other {
                    "make" => pasted.facts.make = Some(value.clone().into_owned()),
                    "scope" => pasted.facts.scope = Some(value.clone().into_owned()),
                    _ => {}
                }
                ignored.push(other.to_owned());
                continue;
            }
        };
        let Some(slot) = pasted.fields.slot(field) else {
            continue;
        };
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
    pasted.facts.make = event["data"]["vehicle"]["make"].as_str().map(str::to_owned);
    let event_resolved = event["data"]["state"].as_str() == Some("RESOLVED")
        || event["state"].as_str() == Some("RESOLVED");
    let errors = event["data"]["errors"].as_array().map(Vec::as_slice);
    read_errors(errors.unwrap_or_default(), event_resolved, &mut pasted);
    let event_vehicle = match event_vehicle(event)? {
        EventVehicle::Named(id) => id,
        // Either could be the vehicle meant (an event pieced together from two): taking
        // one would fill the other owner's vehicle without a word.
        EventVehicle::Two(places) => {
            let two = format!("the event names two vehicles ({places})");
            match &pasted.fields.vehicle_id {
                Some(in_link) => pasted
                    .notes
                    .push(format!("{two}; the one in its link ({in_link}) was kept")),
                None => {
                    let message = format!(
                        "{two}, so neither was taken: give the vehicle id from the ticket or your records"
                    );
                    pasted.notes.push(format!("vehicle_id: {message}"));
                    pasted.facts.doubts.push(("vehicle_id".to_owned(), message));
                }
            }
            None
        }
    };
    match (&pasted.fields.vehicle_id, event_vehicle) {
        (None, Some(id)) => pasted.fields.vehicle_id = Some(id),
        (Some(in_link), Some(id)) if *in_link != id => pasted.notes.push(format!(
            "the event's vehicleId {id} differs from the one in its link ({in_link}); the link's was kept"
        )),
        _ => {}
    }
    if event_resolved || pasted.facts.errors.iter().any(|error| error.resolved) {
        pasted.notes.push(
            "this event says the error is RESOLVED: the owner may not need a new link".to_owned(),
        );
    }
    Ok(pasted)
}

/// What an event's own vehicle fields say.
enum EventVehicle {
    /// One vehicle (named in one place or alike in both), or none.
    Named(Option<String>),
    /// Two different vehicles, with where each is named.
    Two(String),
}

/// The vehicle the event itself names: its `vehicleId` and its `data.vehicle.id` must
/// name the same one (the first is kept as written). Picking one of two would send a
/// link for a vehicle the event may not be about, and a batch of events would pass it as
/// good. (The error's own link, when it names another, wins with a note: it is the link
/// Smartcar made for this error.)
fn event_vehicle(event: &Value) -> Result<EventVehicle, PasteError> {
    let mut named: Vec<(String, &str)> = Vec::new();
    for (place, value) in [
        ("vehicleId", &event["vehicleId"]),
        ("data.vehicle.id", &event["data"]["vehicle"]["id"]),
    ] {
        match value {
            Value::Null => {}
            Value::String(id) if id.trim().is_empty() => {}
            Value::String(id) => named.push((id.clone(), place)),
            other => {
                return Err(PasteError::EventVehicleNotText {
                    place,
                    found: describe_json(other),
                });
            }
        }
    }
    let first = named
        .first()
        .map(|(id, _)| linked_vehicle_id(id).into_owned());
    if named
        .iter()
        .any(|(id, _)| Some(linked_vehicle_id(id).as_ref()) != first.as_deref())
    {
        let places: Vec<String> = named
            .iter()
            .map(|(id, place)| format!("{id} in {place}"))
            .collect();
        return Ok(EventVehicle::Two(places.join(", ")));
    }
    Ok(EventVehicle::Named(
        named.into_iter().next().map(|(id, _)| id),
    ))
}

fn describe_json(value: &Value) -> String {
    match value {
        Value::Number(number) => format!("the number {number}"),
        Value::Bool(flag) => format!("`{flag}`"),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::Null | Value::String(_) => value.to_string(),
    }
}

/// A v3 error envelope: `{"errors": [{"status", "type", "code", "title", "detail", "links"}]}`.
fn parse_v3_envelope(envelope: &Value) -> Pasted {
    let mut pasted = Pasted::new(PasteSource::ApiError);
    let errors = envelope["errors"].as_array().map(Vec::as_slice);
    read_errors(errors.unwrap_or_default(), false, &mut pasted);
    pasted
}

/// Reads every error, then the fields of the one triage acts on.
fn read_errors(errors: &[Value], all_resolved: bool, pasted: &mut Pasted) {
    pasted.facts.errors = errors
        .iter()
        .map(|error| {
            let mut report = error_report(error);
            report.resolved |= all_resolved;
            report
        })
        .collect();
    pasted.facts.acted_on = pick_error(&pasted.facts.errors, pasted.facts.is_tesla());
    if let Some(index) = pasted.facts.acted_on {
        read_error_object(&errors[index], pasted);
    }
}

fn asks_for_reauthentication(error: &Value) -> bool {
    let resolution = &error["resolution"];
    resolution.as_str() == Some("REAUTHENTICATE")
        || resolution["type"].as_str() == Some("REAUTHENTICATE")
        || resolution["url"].is_string()
}

/// One error object of any generation, as triage reads it.
fn error_report(error: &Value) -> ErrorReport {
    let resolution = &error["resolution"];
    ErrorReport {
        error_type: error["type"].as_str().map(str::to_owned),
        code: error["code"].as_str().map(str::to_owned),
        status: error["statusCode"]
            .as_u64()
            .or_else(|| error["status"].as_u64())
            .or_else(|| error["status"].as_str().and_then(|s| s.parse().ok())),
        resolution: resolution
            .as_str()
            .or_else(|| resolution["type"].as_str())
            .map(str::to_owned),
        resolution_url: resolution["url"]
            .as_str()
            .map(|url| url.trim().to_owned())
            .or_else(|| v3_link(&error["links"])),
        resolved: error["state"].as_str() == Some("RESOLVED"),
        request_id: error["requestId"]
            .as_str()
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned),
    }
}

/// The first URL among a v3 error's `links` that is not documentation.
fn v3_link(links: &Value) -> Option<String> {
    let mut urls = Vec::new();
    collect_urls(links, &mut urls);
    urls.into_iter()
        .find(|url| !url.contains("/docs"))
        .map(str::to_owned)
}

fn collect_urls<'a>(value: &'a Value, urls: &mut Vec<&'a str>) {
    match value {
        Value::String(text) if text.starts_with("http") => urls.push(text.trim()),
        Value::Array(items) => items.iter().for_each(|item| collect_urls(item, urls)),
        Value::Object(map) => map.values().for_each(|item| collect_urls(item, urls)),
        _ => {}
    }
}

/// Reads a v2 error object: `resolution` as an object with or without `url`, or the
/// legacy bare string; v3's `links` in place of `resolution.url`.
fn read_error_object(error: &Value, pasted: &mut Pasted) {
    let report = error_report(error);
    pasted.error = Some(ApiErrorKind {
        error_type: report.error_type.clone(),
        code: report.code.clone(),
    });
    if pasted.facts.errors.is_empty() {
        pasted.facts.errors.push(report.clone());
        pasted.facts.acted_on = Some(0);
    }
    let is_virtual_key = report.code.as_deref() == Some("VIRTUAL_KEY_REQUIRED");
    match report.resolution_url.as_deref() {
        // The virtual-key URL is Tesla's page, not a Connect link: it is sent as it is.
        Some(_) if is_virtual_key => {}
        Some(link) => match Url::parse(link) {
            Ok(url) => match not_connect_host(&url) {
                None => read_link_params(&url, pasted),
                Some(why) => pasted.notes.push(format!(
                    "the error's resolution.url is not a Smartcar link ({why}): nothing was filled from it"
                )),
            },
            Err(e) => pasted
                .notes
                .push(format!("the error's resolution.url does not parse ({e})")),
        },
        None if asks_for_reauthentication(error) => pasted.notes.push(
            "the error asks for re-authentication but carries no link: client and vehicle ids must come from elsewhere".to_owned(),
        ),
        None => pasted.notes.push(format!(
            "this error does not ask for re-authentication (resolution: {})",
            describe_resolution(&error["resolution"])
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

//! Which kind of link the Link tab makes, and the Tesla permissions and new-connection forms
//! beside the re-authentication one (which stays in `form_state`). Each form is checked by
//! the core when a value changes, never once per frame, and keeps the same first look: an
//! empty, untouched field only hints until it is edited or a copy or open is tried.

use crate::link::scopes::{Scope, parse_scope, split_scopes};
use crate::link::triage::{Filled, FilledTarget};
use crate::link::{
    Checked, ConnectForm, Contract, Field, LinkKind, TeslaPermissionsForm, check_connect,
    check_tesla_permissions,
};
use crate::profiles::Profile;
use crate::ui::link::attention::Attention;

pub struct KindForms {
    kind: LinkKind,
    tesla: TeslaPermissionsForm,
    connect: ConnectForm,
    tesla_checked: Checked,
    connect_checked: Checked,
    /// The chosen profile's redirect URIs: they feed the "not registered" warning.
    registered_uris: Vec<String>,
    /// Which fields of the Tesla permissions form show their findings as they are.
    tesla_attention: Attention,
    /// The same for the new-connection form.
    connect_attention: Attention,
    /// Counts re-checks and kind changes, so copy and open results can tell they describe
    /// an older link.
    generation: u64,
    /// What the scope picker's search box holds.
    pub scope_search: String,
}

impl Default for KindForms {
    fn default() -> Self {
        Self::new(LinkKind::default())
    }
}

impl KindForms {
    pub fn new(kind: LinkKind) -> Self {
        let tesla = TeslaPermissionsForm::default();
        let connect = ConnectForm::default();
        Self {
            kind,
            tesla_checked: check_tesla_permissions(&tesla),
            connect_checked: check_connect(&connect, &[]),
            tesla,
            connect,
            registered_uris: Vec::new(),
            tesla_attention: Attention::default(),
            connect_attention: Attention::default(),
            generation: 0,
            scope_search: String::new(),
        }
    }

    pub fn kind(&self) -> LinkKind {
        self.kind
    }

    /// Shows another kind; its form keeps what was typed into it before.
    pub fn choose(&mut self, kind: LinkKind) {
        if kind != self.kind {
            self.kind = kind;
            self.generation += 1;
        }
    }

    /// The names the links use: the chosen profile's contract, `classic` without one.
    pub fn contract(&self) -> Contract {
        self.connect.contract
    }

    /// Both forms' links use `contract`'s names from now on.
    pub fn set_contract(&mut self, contract: Contract) {
        if self.contract() != contract {
            self.tesla.contract = contract;
            self.connect.contract = contract;
            self.recheck_tesla();
            self.recheck_connect();
        }
    }

    pub fn tesla(&self) -> &TeslaPermissionsForm {
        &self.tesla
    }

    pub fn connect(&self) -> &ConnectForm {
        &self.connect
    }

    pub fn registered_uris(&self) -> &[String] {
        &self.registered_uris
    }

    /// The core's verdict on a kind's form; `None` for re-authentication (see `form_state`).
    pub fn checked(&self, kind: LinkKind) -> Option<&Checked> {
        match kind {
            LinkKind::Reauth => None,
            LinkKind::TeslaPermissions => Some(&self.tesla_checked),
            LinkKind::Connect => Some(&self.connect_checked),
        }
    }

    /// The shown kind's link, or `None` while an error blocks it (or for re-authentication).
    pub fn link(&self) -> Option<&str> {
        let checked = self.checked(self.kind)?;
        checked.link.as_ref().map(|link| link.url.as_str())
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Edits the Tesla permissions form; re-checks it only when a value really changed.
    pub fn edit_tesla(
        &mut self,
        field: Field,
        edit: impl FnOnce(&mut TeslaPermissionsForm),
    ) -> bool {
        let before = self.tesla.clone();
        edit(&mut self.tesla);
        let changed = self.tesla != before;
        if changed {
            self.mark_edited(LinkKind::TeslaPermissions, field);
            self.recheck_tesla();
        }
        changed
    }

    /// Edits the new-connection form; re-checks it only when a value really changed.
    pub fn edit_connect(&mut self, field: Field, edit: impl FnOnce(&mut ConnectForm)) -> bool {
        let before = self.connect.clone();
        edit(&mut self.connect);
        let changed = self.connect != before;
        if changed {
            self.mark_edited(LinkKind::Connect, field);
            self.recheck_connect();
        }
        changed
    }

    /// Whether a field of the shown kind shows its findings as they are: once it holds a
    /// value, was edited, or a copy or open was tried.
    pub fn speaks(&self, field: Field) -> bool {
        self.attention(self.kind)
            .is_some_and(|attention| attention.speaks(field, self.holds_value(field)))
    }

    /// A copy or open of the shown kind was tried: from now on every field of it says what
    /// is wrong with it.
    pub fn try_link(&mut self) {
        if let Some(attention) = self.attention_mut(self.kind) {
            attention.try_link();
        }
    }

    /// The fields of the shown kind that keep its link from being built while every one of
    /// them is still quiet (a fresh form); `None` once any error speaks, or nothing blocks.
    pub fn quiet_blockers(&self) -> Option<Vec<Field>> {
        let checked = self.checked(self.kind)?;
        self.attention(self.kind)?
            .quiet_blockers(&checked.findings, |field| self.speaks(field))
    }

    /// A kind's attention; `None` for re-authentication, whose form keeps its own.
    fn attention(&self, kind: LinkKind) -> Option<&Attention> {
        match kind {
            LinkKind::Reauth => None,
            LinkKind::TeslaPermissions => Some(&self.tesla_attention),
            LinkKind::Connect => Some(&self.connect_attention),
        }
    }

    fn attention_mut(&mut self, kind: LinkKind) -> Option<&mut Attention> {
        match kind {
            LinkKind::Reauth => None,
            LinkKind::TeslaPermissions => Some(&mut self.tesla_attention),
            LinkKind::Connect => Some(&mut self.connect_attention),
        }
    }

    /// Fills both forms from a profile: its contract, application id, default redirect URI
    /// (none leaves it out) and owner id; its URIs become the registered ones.
    pub fn apply_profile(&mut self, profile: &Profile) {
        profile.seed_tesla_form(&mut self.tesla);
        profile.seed_connect_form(&mut self.connect);
        self.registered_uris = profile.redirect_uris.clone();
        self.recheck_tesla();
        self.recheck_connect();
    }

    /// Back to free text: the values stay, the names are the classic ones again and no URI
    /// counts as registered.
    pub fn clear_profile(&mut self) {
        self.tesla.contract = Contract::Classic;
        self.connect.contract = Contract::Classic;
        self.registered_uris.clear();
        self.recheck_tesla();
        self.recheck_connect();
    }

    /// Starts the shown kind's form from what a paste gave it: values by URL parameter
    /// name (`client_id`, `scope`, `make`, …); the form keeps what the paste lacks, and a
    /// re-authentication form is filled by the paste itself.
    pub fn fill(&mut self, values: &[Filled]) {
        let kind = self.kind;
        let fields = values.iter().filter_map(|value| match value.target {
            FilledTarget::Field(field) if kind.fields().contains(&field) => {
                Some((field, value.value.clone()))
            }
            _ => None,
        });
        match kind {
            LinkKind::Reauth => return,
            LinkKind::TeslaPermissions => {
                for (field, value) in fields {
                    match field {
                        Field::ClientId => self.tesla.client_id = value,
                        Field::Scope => self.tesla.scopes = vec![value],
                        _ => {}
                    }
                }
            }
            LinkKind::Connect => {
                for (field, value) in fields {
                    if field == Field::Scope {
                        self.connect.scopes = vec![value];
                    } else if let Some(slot) = connect_text_mut(&mut self.connect, field) {
                        *slot = value;
                    }
                }
            }
        }
        self.recheck_tesla();
        self.recheck_connect();
    }

    /// The shown kind's typed scopes, one per entry.
    fn scopes(&self) -> &[String] {
        match self.kind {
            LinkKind::Connect => &self.connect.scopes,
            _ => &self.tesla.scopes,
        }
    }

    /// The shown kind's permissions as the link will carry them, in the order ticked.
    pub fn chosen_scopes(&self) -> Vec<&str> {
        split_scopes(self.scopes())
    }

    /// `Some(required)` when `permission` is ticked for the shown kind.
    pub fn scope_ticked(&self, permission: &str) -> Option<bool> {
        split_scopes(self.scopes())
            .into_iter()
            .filter_map(|typed| parse_scope(typed).ok())
            .find(|scope| scope.permission == permission)
            .map(|scope| scope.required)
    }

    /// What was typed (or pasted) for scopes that are not documented permissions, so the
    /// picker can offer to remove them.
    pub fn undocumented_scopes(&self) -> Vec<String> {
        split_scopes(self.scopes())
            .into_iter()
            .filter(|typed| parse_scope(typed).is_err())
            .map(str::to_owned)
            .collect()
    }

    /// Ticks or unticks a documented permission for the shown kind.
    pub fn tick_scope(&mut self, permission: &'static str, ticked: bool) {
        let scope = ticked.then_some(Scope {
            permission,
            required: false,
        });
        self.replace_scope(|typed| is_permission(typed, permission), scope);
    }

    /// Makes a ticked permission one the owner cannot untick, or back.
    pub fn set_scope_required(&mut self, permission: &'static str, required: bool) {
        let scope = Scope {
            permission,
            required,
        };
        self.replace_scope(|typed| is_permission(typed, permission), Some(scope));
    }

    /// Drops a scope exactly as typed (one that is not documented).
    pub fn remove_typed_scope(&mut self, typed: &str) {
        self.replace_scope(|entry| entry == typed, None);
    }

    /// Puts `scope` where the first entry matching `matches` was (or at the end), and drops
    /// every other matching entry.
    fn replace_scope(&mut self, matches: impl Fn(&str) -> bool, scope: Option<Scope>) {
        let mut entries: Vec<String> = Vec::new();
        let mut placed = scope.is_none();
        for typed in split_scopes(self.scopes()) {
            if !matches(typed) {
                entries.push(typed.to_owned());
            } else if !placed {
                entries.extend(scope.map(Scope::to_param));
                placed = true;
            }
        }
        if !placed {
            entries.extend(scope.map(Scope::to_param));
        }
        match self.kind {
            LinkKind::Connect => {
                self.edit_connect(Field::Scope, |form| form.scopes = entries);
            }
            _ => {
                self.edit_tesla(Field::Scope, |form| form.scopes = entries);
            }
        }
    }

    fn holds_value(&self, field: Field) -> bool {
        match self.kind {
            LinkKind::Reauth => false,
            LinkKind::TeslaPermissions => match field {
                Field::ClientId => !self.tesla.client_id.trim().is_empty(),
                Field::Scope => !split_scopes(&self.tesla.scopes).is_empty(),
                _ => false,
            },
            LinkKind::Connect => match field {
                Field::Scope => !split_scopes(&self.connect.scopes).is_empty(),
                Field::ForcePrompt => self.connect.force_prompt,
                Field::SingleSelect => self.connect.single_select,
                Field::RedirectUri if self.connect.omit_redirect_uri => true,
                text => connect_text(&self.connect, text).is_some_and(|v| !v.trim().is_empty()),
            },
        }
    }

    fn mark_edited(&mut self, kind: LinkKind, field: Field) {
        if let Some(attention) = self.attention_mut(kind) {
            attention.mark_edited(field);
        }
    }

    fn recheck_tesla(&mut self) {
        self.tesla_checked = check_tesla_permissions(&self.tesla);
        self.generation += 1;
    }

    fn recheck_connect(&mut self) {
        self.connect_checked = check_connect(&self.connect, &self.registered_uris);
        self.generation += 1;
    }
}

/// A new-connection field typed as text (the choices are text too), `None` for a tick.
pub fn connect_text(form: &ConnectForm, field: Field) -> Option<&str> {
    let value = match field {
        Field::ResponseType => &form.response_type,
        Field::ClientId => &form.client_id,
        Field::Mode => &form.mode,
        Field::RedirectUri => &form.redirect_uri,
        Field::State => &form.state,
        Field::Make => &form.make,
        Field::Vin => &form.vin,
        Field::Country => &form.country,
        Field::User => &form.user,
        Field::VehicleId | Field::ForcePrompt | Field::Scope | Field::SingleSelect => return None,
    };
    Some(value)
}

/// The same, to change it.
pub fn connect_text_mut(form: &mut ConnectForm, field: Field) -> Option<&mut String> {
    let value = match field {
        Field::ResponseType => &mut form.response_type,
        Field::ClientId => &mut form.client_id,
        Field::Mode => &mut form.mode,
        Field::RedirectUri => &mut form.redirect_uri,
        Field::State => &mut form.state,
        Field::Make => &mut form.make,
        Field::Vin => &mut form.vin,
        Field::Country => &mut form.country,
        Field::User => &mut form.user,
        Field::VehicleId | Field::ForcePrompt | Field::Scope | Field::SingleSelect => return None,
    };
    Some(value)
}

/// The field of `kind` a URL parameter fills, under either contract's name.
fn is_permission(typed: &str, permission: &str) -> bool {
    parse_scope(typed).is_ok_and(|scope| scope.permission == permission)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = "8229df9f-91a0-4ff0-a1ae-a1f38ee24d07";

    fn profile(contract: Contract) -> Profile {
        Profile {
            name: "Fleet".into(),
            client_id: CLIENT.into(),
            redirect_uris: vec!["https://a.example/cb".into()],
            default_redirect_uri: Some("https://a.example/cb".into()),
            user: Some("owner-7".into()),
            contract,
            ..Profile::default()
        }
    }

    #[test]
    fn a_profile_fills_both_kinds_under_its_contract() {
        let mut forms = KindForms::new(LinkKind::Connect);
        forms.apply_profile(&profile(Contract::Current));
        assert_eq!(forms.contract(), Contract::Current);
        assert_eq!(forms.tesla().client_id, CLIENT);
        assert_eq!(forms.tesla().contract, Contract::Current);
        assert_eq!(forms.connect().redirect_uri, "https://a.example/cb");
        assert_eq!(forms.connect().user, "owner-7");
        assert_eq!(forms.registered_uris(), ["https://a.example/cb"]);
        let link = forms
            .link()
            .expect("a profile alone makes a new-connection link");
        assert!(link.contains("application_id=") && link.contains("external_id=owner-7"));

        forms.clear_profile();
        assert_eq!(forms.contract(), Contract::Classic);
        assert_eq!(forms.connect().client_id, CLIENT, "the values stay");
        assert!(forms.registered_uris().is_empty());
    }

    #[test]
    fn checks_again_only_when_a_value_changes_and_a_kind_change_counts() {
        let mut forms = KindForms::new(LinkKind::TeslaPermissions);
        let fresh = forms.generation();
        assert!(!forms.edit_tesla(Field::ClientId, |_| {}));
        assert!(!forms.edit_connect(Field::Vin, |form| form.vin = String::new()));
        assert_eq!(forms.generation(), fresh);
        assert!(forms.edit_tesla(Field::ClientId, |form| form.client_id = "x".into()));
        assert_eq!(forms.generation(), fresh + 1);
        forms.choose(LinkKind::TeslaPermissions);
        assert_eq!(forms.generation(), fresh + 1, "the same kind again");
        forms.choose(LinkKind::Connect);
        assert_eq!(forms.generation(), fresh + 2);
    }

    #[test]
    fn an_empty_field_keeps_quiet_until_edited_or_a_copy_is_tried() {
        let mut forms = KindForms::new(LinkKind::TeslaPermissions);
        assert_eq!(
            forms.quiet_blockers(),
            Some(vec![Field::ClientId, Field::Scope])
        );
        forms.edit_tesla(Field::ClientId, |form| form.client_id = "x".into());
        forms.edit_tesla(Field::ClientId, |form| form.client_id.clear());
        assert!(forms.speaks(Field::ClientId), "emptied by hand");
        assert!(!forms.speaks(Field::Scope));
        assert_eq!(forms.quiet_blockers(), None);

        forms.choose(LinkKind::Connect);
        assert!(
            !forms.speaks(Field::ClientId),
            "an edit counts for its own kind only"
        );
        forms.try_link();
        assert!(forms.speaks(Field::ClientId));
        assert_eq!(forms.quiet_blockers(), None);
    }

    #[test]
    fn ticking_scopes_keeps_one_entry_each_and_required_replaces_it_in_place() {
        let mut forms = KindForms::new(LinkKind::TeslaPermissions);
        forms.tick_scope("read_vin", true);
        forms.tick_scope("read_odometer", true);
        forms.tick_scope("read_vin", true);
        assert_eq!(forms.tesla().scopes, ["read_vin", "read_odometer"]);
        forms.set_scope_required("read_vin", true);
        assert_eq!(forms.tesla().scopes, ["required:read_vin", "read_odometer"]);
        assert_eq!(forms.scope_ticked("read_vin"), Some(true));
        assert_eq!(forms.scope_ticked("read_odometer"), Some(false));
        assert_eq!(forms.scope_ticked("read_tires"), None);
        forms.tick_scope("read_vin", false);
        assert_eq!(forms.tesla().scopes, ["read_odometer"]);
        assert!(forms.connect().scopes.is_empty(), "the other kind's list");
    }

    #[test]
    fn undocumented_scopes_are_listed_and_can_be_removed() {
        let mut forms = KindForms::new(LinkKind::Connect);
        forms.edit_connect(Field::Scope, |form| {
            form.scopes = vec!["read_vin reed_odometer".into()]
        });
        assert_eq!(forms.undocumented_scopes(), ["reed_odometer"]);
        assert!(forms.link().is_none(), "the core refuses the typo");
        forms.remove_typed_scope("reed_odometer");
        assert_eq!(forms.connect().scopes, ["read_vin"]);
        assert!(forms.undocumented_scopes().is_empty());
    }

    #[test]
    fn a_paste_s_values_start_the_shown_kind_s_form_and_the_rest_stays() {
        let mut forms = KindForms::new(LinkKind::Connect);
        forms.apply_profile(&profile(Contract::Classic));
        let filled = |field, value: &str| Filled {
            target: FilledTarget::Field(field),
            value: value.to_owned(),
        };
        forms.fill(&[
            filled(Field::Make, "TESLA"),
            filled(Field::Scope, "read_vin required:read_odometer"),
            filled(Field::State, "ticket-4711"),
            filled(Field::VehicleId, "not a field of this kind"),
        ]);
        let form = forms.connect();
        assert_eq!(form.make, "TESLA");
        assert_eq!(form.state, "ticket-4711");
        assert_eq!(
            form.client_id, CLIENT,
            "the profile's, which the paste lacked"
        );
        assert_eq!(
            forms.chosen_scopes(),
            ["read_vin", "required:read_odometer"]
        );
        assert!(forms.link().is_some_and(|link| link.contains("make=TESLA")));

        forms.choose(LinkKind::TeslaPermissions);
        forms.fill(&[
            filled(Field::ClientId, "app"),
            filled(Field::Scope, "read_vin"),
        ]);
        assert_eq!(forms.tesla().client_id, "app");
        assert_eq!(forms.tesla().scopes, ["read_vin"]);
    }
}

//! The Tesla permissions form as the window's `KindForm`: the application id and the
//! permissions; the link carries no vehicle, state or owner.

use crate::link::scopes::split_scopes;
use crate::link::{
    Checked, Contract, Field, LinkKind, TeslaPermissionsForm, check_tesla_permissions,
};
use crate::profiles::Profile;
use crate::ui::link::kind_form::KindForm;
use crate::ui::link::shown_form::ShownLinkValues;

impl KindForm for TeslaPermissionsForm {
    const KIND: LinkKind = LinkKind::TeslaPermissions;

    fn check(&self, _registered: &[String]) -> Checked {
        check_tesla_permissions(self)
    }

    fn contract(&self) -> Contract {
        self.contract
    }

    fn set_contract(&mut self, contract: Contract) {
        self.contract = contract;
    }

    fn seed(&mut self, profile: &Profile) {
        profile.seed_tesla_form(self);
    }

    fn holds_value(&self, field: Field) -> bool {
        match field {
            Field::ClientId => !self.client_id.trim().is_empty(),
            Field::Scope => !split_scopes(&self.scopes).is_empty(),
            _ => false,
        }
    }

    fn fill(&mut self, field: Field, value: String) {
        match field {
            Field::ClientId => self.client_id = value,
            Field::Scope => self.scopes = vec![value],
            _ => {}
        }
    }

    fn scopes(&self) -> &[String] {
        &self.scopes
    }

    fn scopes_mut(&mut self) -> &mut Vec<String> {
        &mut self.scopes
    }

    fn values(&self) -> ShownLinkValues<'_> {
        ShownLinkValues::default()
    }

    fn state_mut(&mut self) -> Option<&mut String> {
        None
    }
}

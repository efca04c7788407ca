//! Which of a form's fields show their findings as they are. A fresh form only hints at
//! what it needs: a field speaks once it holds a value, was edited, or a copy or open of
//! its link was tried. Every kind's form keeps one of these, so the rule is written once.

use crate::link::{Field, Findings};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attention {
    /// Fields changed by hand since the form was started.
    edited: Vec<Field>,
    /// A copy or open was tried: every field says what is wrong with it.
    tried: bool,
}

impl Attention {
    pub fn mark_edited(&mut self, field: Field) {
        if !self.edited.contains(&field) {
            self.edited.push(field);
        }
    }

    pub fn try_link(&mut self) {
        self.tried = true;
    }

    /// Whether `field`, holding a value or not, shows its findings as they are.
    pub fn speaks(&self, field: Field, holds_value: bool) -> bool {
        self.tried || holds_value || self.edited.contains(&field)
    }

    /// The fields whose errors keep the link from being built while every one of them is
    /// still quiet (a fresh form); `None` once any error speaks, or when nothing blocks.
    pub fn quiet_blockers(
        &self,
        findings: &Findings,
        speaks: impl Fn(Field) -> bool,
    ) -> Option<Vec<Field>> {
        let mut fields: Vec<Field> = findings.errors().map(|finding| finding.field).collect();
        fields.dedup();
        let quiet = !fields.is_empty() && fields.iter().all(|field| !speaks(*field));
        quiet.then_some(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::{ReauthForm, check};

    #[test]
    fn a_field_speaks_once_it_holds_a_value_was_edited_or_a_link_was_tried() {
        let mut attention = Attention::default();
        assert!(!attention.speaks(Field::VehicleId, false));
        assert!(attention.speaks(Field::VehicleId, true));
        attention.mark_edited(Field::VehicleId);
        assert!(attention.speaks(Field::VehicleId, false));
        assert!(
            !attention.speaks(Field::State, false),
            "only the edited one"
        );
        attention.try_link();
        assert!(attention.speaks(Field::State, false));
    }

    #[test]
    fn blockers_are_named_only_while_all_of_them_are_quiet() {
        let findings = check(&ReauthForm::default(), &[]).findings;
        let attention = Attention::default();
        assert_eq!(
            attention.quiet_blockers(&findings, |_| false),
            Some(vec![Field::ClientId, Field::VehicleId, Field::RedirectUri])
        );
        assert_eq!(
            attention.quiet_blockers(&findings, |field| field == Field::VehicleId),
            None,
            "one speaks: the others speak for themselves under their fields"
        );
        assert!(
            Attention::default()
                .quiet_blockers(&Findings::default(), |_| false)
                .is_none(),
            "nothing blocks"
        );
    }
}

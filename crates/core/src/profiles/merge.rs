//! Two windows on one file: a three-way merge by profile name. Each profile is taken from
//! whichever side changed it; when both changed the same profile differently, nothing is
//! guessed and the names are reported.

use super::Profile;
use super::validate::same_name;

/// The merged list, or the names both sides changed differently.
pub fn merge(
    base: &[Profile],
    ours: &[Profile],
    theirs: &[Profile],
) -> Result<Vec<Profile>, Vec<String>> {
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for name in names_in_order(ours, theirs) {
        let base_one = find(base, name);
        let our_one = find(ours, name);
        let their_one = find(theirs, name);
        let pick = if our_one == their_one || our_one == base_one {
            their_one
        } else if their_one == base_one {
            our_one
        } else {
            conflicts.push(name.to_owned());
            continue;
        };
        if let Some(profile) = pick {
            merged.push(profile.clone());
        }
    }
    // Names are unique without regard to case: `Acme` added here and `acme` there clash.
    for (index, profile) in merged.iter().enumerate() {
        if merged[..index]
            .iter()
            .any(|earlier| same_name(&earlier.name, &profile.name))
        {
            conflicts.push(profile.name.clone());
        }
    }
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

/// Their order first (it is what is on disk), then the names only we have, in our order.
fn names_in_order<'a>(ours: &'a [Profile], theirs: &'a [Profile]) -> Vec<&'a str> {
    let mut names: Vec<&str> = theirs.iter().map(|p| p.name.as_str()).collect();
    for profile in ours {
        if !names.contains(&profile.name.as_str()) {
            names.push(&profile.name);
        }
    }
    names
}

fn find<'a>(profiles: &'a [Profile], name: &str) -> Option<&'a Profile> {
    profiles.iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, note: &str) -> Profile {
        Profile {
            name: name.into(),
            note: note.into(),
            ..Profile::default()
        }
    }

    fn names(profiles: &[Profile]) -> Vec<(&str, &str)> {
        profiles
            .iter()
            .map(|p| (p.name.as_str(), p.note.as_str()))
            .collect()
    }

    #[test]
    fn edits_to_different_profiles_both_survive() {
        let base = [profile("a", "1"), profile("b", "1")];
        let ours = [profile("a", "ours"), profile("b", "1")];
        let theirs = [
            profile("a", "1"),
            profile("b", "theirs"),
            profile("c", "new"),
        ];
        let merged = merge(&base, &ours, &theirs).expect("no conflict");
        assert_eq!(
            names(&merged),
            [("a", "ours"), ("b", "theirs"), ("c", "new")]
        );
    }

    #[test]
    fn additions_on_both_sides_and_deletions_are_kept() {
        let base = [profile("a", "1"), profile("b", "1")];
        let ours = [profile("b", "1"), profile("x", "ours")];
        let theirs = [profile("a", "1"), profile("y", "theirs")];
        let merged = merge(&base, &ours, &theirs).expect("no conflict");
        assert_eq!(names(&merged), [("y", "theirs"), ("x", "ours")]);
    }

    #[test]
    fn the_same_edit_on_both_sides_is_no_conflict() {
        let base = [profile("a", "1")];
        let both = [profile("a", "2")];
        assert_eq!(merge(&base, &both, &both), Ok(both.to_vec()));
    }

    #[test]
    fn different_edits_to_one_profile_are_a_conflict() {
        let base = [profile("a", "1"), profile("b", "1")];
        let ours = [profile("a", "ours"), profile("b", "1")];
        let theirs = [profile("a", "theirs")];
        assert_eq!(merge(&base, &ours, &theirs), Err(vec!["a".to_owned()]));
    }

    #[test]
    fn edit_against_delete_is_a_conflict() {
        let base = [profile("a", "1")];
        let ours = [profile("a", "edited")];
        assert_eq!(merge(&base, &ours, &[]), Err(vec!["a".to_owned()]));
        assert_eq!(merge(&base, &[], &ours), Err(vec!["a".to_owned()]));
    }

    #[test]
    fn names_differing_only_in_case_added_on_each_side_are_a_conflict() {
        let ours = [profile("Acme", "")];
        let theirs = [profile("acme", "")];
        assert_eq!(merge(&[], &ours, &theirs), Err(vec!["Acme".to_owned()]));
    }

    #[test]
    fn the_same_name_added_twice_differently_is_a_conflict() {
        let ours = [profile("a", "ours")];
        let theirs = [profile("a", "theirs")];
        assert_eq!(merge(&[], &ours, &theirs), Err(vec!["a".to_owned()]));
    }

    /// What each side did to one profile of the base.
    #[derive(Clone, Copy, Debug)]
    enum Action {
        Keep,
        Edit,
        Delete,
    }

    fn act(base: &Profile, action: Action, side: &str) -> Option<Profile> {
        match action {
            Action::Keep => Some(base.clone()),
            Action::Edit => Some(profile(&base.name, side)),
            Action::Delete => None,
        }
    }

    fn any_action() -> impl proptest::strategy::Strategy<Value = Action> {
        proptest::prop_oneof![
            proptest::strategy::Just(Action::Keep),
            proptest::strategy::Just(Action::Edit),
            proptest::strategy::Just(Action::Delete),
        ]
    }

    proptest::proptest! {
        /// Per profile: one side's change wins over the other side keeping it; changes on
        /// both sides conflict unless identical (both deleted). Nothing else is lost.
        #[test]
        fn every_one_sided_change_survives_and_only_two_sided_ones_conflict(
            actions in proptest::collection::vec((any_action(), any_action()), 0..8),
            added_ours in 0usize..3,
            added_theirs in 0usize..3,
        ) {
            let base: Vec<_> = (0..actions.len()).map(|i| profile(&format!("p{i}"), "base")).collect();
            let mut ours = Vec::new();
            let mut theirs = Vec::new();
            let mut expected = Vec::new();
            let mut conflicts = Vec::new();
            for (original, (our_action, their_action)) in base.iter().zip(&actions) {
                let our_one = act(original, *our_action, "ours");
                let their_one = act(original, *their_action, "theirs");
                ours.extend(our_one.clone());
                theirs.extend(their_one.clone());
                match (our_action, their_action) {
                    (Action::Keep, _) => expected.extend(their_one),
                    (_, Action::Keep) => expected.extend(our_one),
                    (Action::Delete, Action::Delete) => {}
                    _ => conflicts.push(original.name.clone()),
                }
            }
            for i in 0..added_ours {
                let new = profile(&format!("ours{i}"), "new");
                ours.push(new.clone());
                expected.push(new);
            }
            for i in 0..added_theirs {
                let new = profile(&format!("theirs{i}"), "new");
                theirs.push(new.clone());
                expected.push(new);
            }
            match merge(&base, &ours, &theirs) {
                Ok(mut merged) => {
                    proptest::prop_assert!(conflicts.is_empty());
                    merged.sort_by(|a, b| a.name.cmp(&b.name));
                    expected.sort_by(|a, b| a.name.cmp(&b.name));
                    proptest::prop_assert_eq!(merged, expected);
                }
                Err(mut names) => {
                    names.sort();
                    conflicts.sort();
                    proptest::prop_assert_eq!(names, conflicts);
                }
            }
        }
    }
}

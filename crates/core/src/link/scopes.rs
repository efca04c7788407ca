//! The permissions (scopes) Connect documents, and what a person types for them: a name,
//! optionally after `required:` (the owner cannot untick it). A typo is named with the
//! closest documented name; the scope picker lists and searches the same table.

use super::findings::Problem;
pub use super::findings::ScopeProblem;

/// Every documented permission, read ones first, in the docs' order.
pub const PERMISSIONS: [&str; 28] = [
    "read_alerts",
    "read_battery",
    "read_charge",
    "read_charge_locations",
    "read_charge_records",
    "read_charge_events",
    "read_climate",
    "read_compass",
    "read_diagnostics",
    "read_engine_oil",
    "read_extended_vehicle_info",
    "read_fuel",
    "read_location",
    "read_odometer",
    "read_security",
    "read_service_history",
    "read_speedometer",
    "read_thermometer",
    "read_tires",
    "read_user_profile",
    "read_vehicle_info",
    "read_vin",
    "control_charge",
    "control_climate",
    "control_navigation",
    "control_security",
    "control_pin",
    "control_trunk",
];

/// Before a permission the owner may not untick.
pub const REQUIRED_PREFIX: &str = "required:";

/// A prefix at most this many edits from `required` (case ignored) is taken for a
/// misspelling of it: `requried`, `reqired`, `require`, `Required`.
const MAX_PREFIX_DISTANCE: usize = 3;

/// A name further than this many edits from every documented one gets no suggestion: it
/// is not a typo of any of them.
const MAX_SUGGESTION_DISTANCE: usize = 4;

/// One checked permission, as it goes into the link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Scope {
    pub permission: &'static str,
    pub required: bool,
}

impl Scope {
    /// `read_vin` or `required:read_vin`.
    pub fn to_param(self) -> String {
        if self.required {
            format!("{REQUIRED_PREFIX}{}", self.permission)
        } else {
            self.permission.to_owned()
        }
    }
}

/// Reads one typed scope: surrounding whitespace is ignored, the name is exact.
pub fn parse_scope(typed: &str) -> Result<Scope, ScopeProblem> {
    let typed = typed.trim();
    let (required, name) = match typed.strip_prefix(REQUIRED_PREFIX) {
        Some(rest) => (true, rest.trim()),
        None => (false, typed),
    };
    if required && name.is_empty() {
        return Err(ScopeProblem::RequiredWithoutName);
    }
    if let Some((prefix, _)) = name.split_once(':')
        && prefix.trim() != REQUIRED_PREFIX.trim_end_matches(':')
        && edit_distance(&prefix.trim().to_ascii_lowercase(), "required") <= MAX_PREFIX_DISTANCE
    {
        return Err(ScopeProblem::RequiredMisspelt {
            typed: typed.to_owned(),
            prefix: prefix.to_owned(),
        });
    }
    if let Some(permission) = PERMISSIONS.iter().copied().find(|known| *known == name) {
        return Ok(Scope {
            permission,
            required,
        });
    }
    Err(match closest_permission(name) {
        Some(closest) => ScopeProblem::Typo {
            typed: typed.to_owned(),
            closest,
        },
        None => ScopeProblem::Unknown {
            typed: typed.to_owned(),
        },
    })
}

/// Splits what was typed into scopes: each entry may itself hold several, separated by
/// spaces or commas (a list pasted from the docs or a ticket).
pub fn split_scopes(entries: &[String]) -> Vec<&str> {
    entries
        .iter()
        .flat_map(|entry| entry.split(|c: char| c.is_whitespace() || c == ','))
        .filter(|part| !part.is_empty())
        .collect()
}

/// The permissions a form asks for, and what was merged to get them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckedScopes {
    pub scopes: Vec<Scope>,
    /// A note per permission given both plain and `required:` (kept as `required:`).
    pub notes: Vec<Problem>,
}

/// Every typed scope checked, in order, duplicates dropped; the messages of the ones that
/// are not documented. At least one is needed when `at_least_one` is set. A permission
/// given both plain and `required:` is one `required:` permission, at its first place:
/// Connect would otherwise get both and the owner see it twice.
pub fn check_scopes(entries: &[String], at_least_one: bool) -> Result<CheckedScopes, Vec<Problem>> {
    let typed = split_scopes(entries);
    if typed.is_empty() && at_least_one {
        return Err(vec![Problem::ScopesMissing]);
    }
    let mut scopes: Vec<Scope> = Vec::with_capacity(typed.len());
    let mut notes = Vec::new();
    let mut problems = Vec::new();
    for entry in typed {
        match parse_scope(entry) {
            Ok(scope) => match scopes
                .iter_mut()
                .find(|seen| seen.permission == scope.permission)
            {
                Some(seen) if seen.required != scope.required => {
                    seen.required = true;
                    notes.push(Problem::ScopeGivenTwice {
                        permission: scope.permission,
                    });
                }
                Some(_) => {}
                None => scopes.push(scope),
            },
            Err(problem) => problems.push(Problem::from(problem)),
        }
    }
    if problems.is_empty() {
        Ok(CheckedScopes { scopes, notes })
    } else {
        Err(problems)
    }
}

/// The value of the `scope` parameter: the permissions joined by a space.
pub fn scope_param(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|scope| scope.to_param())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The documented permission nearest to `name` in edits, case ignored; `None` when even
/// the nearest is too far to be a typo of it.
pub fn closest_permission(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    PERMISSIONS
        .iter()
        .map(|known| (edit_distance(&name, known), *known))
        .min_by_key(|(distance, _)| *distance)
        .filter(|(distance, _)| *distance <= MAX_SUGGESTION_DISTANCE)
        .map(|(_, known)| known)
}

/// The permissions whose name contains every word of `query` (the picker's search box).
pub fn search_permissions(query: &str) -> impl Iterator<Item = &'static str> + '_ {
    let query = query.trim().to_ascii_lowercase();
    PERMISSIONS.iter().copied().filter(move |permission| {
        query
            .split(|c: char| c.is_whitespace() || c == '_')
            .all(|word| permission.contains(word))
    })
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        let table = [
            ("", "", 0),
            ("abc", "abc", 0),
            ("abc", "abd", 1),
            ("abc", "ab", 1),
            ("ab", "abc", 1),
            ("read_odometr", "read_odometer", 1),
            ("kitten", "sitting", 3),
        ];
        for (a, b, expected) in table {
            assert_eq!(edit_distance(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn permissions_are_unique() {
        let mut sorted = PERMISSIONS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), PERMISSIONS.len());
    }
}

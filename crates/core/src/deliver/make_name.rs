//! A car's make as the owner calls it, from the upper-case code Smartcar sends
//! (`TESLA`, `MERCEDES_BENZ`): the message says "your Tesla", not "your TESLA"; and the
//! make a paste told, kept only for the vehicle it came with.

use crate::link::Pasted;

/// The make a paste told (a webhook's vehicle, a link's `make`), as the owner calls it,
/// kept for the message while the form holds the vehicle it came with: another vehicle
/// typed or pasted may be another make.
pub struct PastedMake {
    vehicle_id: Option<String>,
    make: String,
}

impl PastedMake {
    pub fn from_paste(pasted: &Pasted) -> Option<Self> {
        let make = make_for_owner(pasted.facts.make.as_deref()?)?;
        Some(Self {
            vehicle_id: pasted.fields.vehicle_id.clone(),
            make,
        })
    }

    /// The make, while `vehicle_id` is the pasted vehicle (or the paste named none).
    pub fn for_vehicle(&self, vehicle_id: &str) -> Option<&str> {
        let same_vehicle = self
            .vehicle_id
            .as_deref()
            .is_none_or(|pasted| pasted.trim() == vehicle_id.trim());
        same_vehicle.then_some(self.make.as_str())
    }
}

/// Makes whose name is not the code in title case.
const NAMED_MAKES: [(&str, &str); 8] = [
    ("BMW", "BMW"),
    ("GMC", "GMC"),
    ("MINI", "MINI"),
    ("RAM", "Ram"),
    ("MERCEDES_BENZ", "Mercedes-Benz"),
    ("LAND_ROVER", "Land Rover"),
    ("ROLLS_ROYCE", "Rolls-Royce"),
    ("ALFA_ROMEO", "Alfa Romeo"),
];

/// The make for a message to the owner; `None` for an empty one. A make already written
/// in mixed case is kept as written.
pub fn make_for_owner(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    if raw.chars().any(char::is_lowercase) {
        return Some(raw.to_owned());
    }
    let code = raw.replace([' ', '-'], "_");
    if let Some((_, name)) = NAMED_MAKES.iter().find(|(known, _)| *known == code) {
        return Some((*name).to_owned());
    }
    let words: Vec<String> = code
        .split('_')
        .filter(|word| !word.is_empty())
        .map(title_case)
        .collect();
    Some(words.join(" "))
}

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::{PastedMake, make_for_owner};
    use crate::link::{Reading, read_paste};

    const VEHICLE: &str = "36ab27d0-fd9d-4455-823a-ce30af709ffc";

    fn webhook(make: &str, vehicle: Option<&str>) -> String {
        let id = vehicle.map_or(String::new(), |id| format!(r#""id": "{id}", "#));
        format!(
            r#"{{"eventType": "VEHICLE_ERROR", "data": {{"vehicle": {{{id}"make": "{make}"}},
            "errors": [{{"type": "CONNECTED_SERVICES_ACCOUNT", "code": "AUTHENTICATION_FAILED"}}]}}}}"#
        )
    }

    #[test]
    fn a_pasted_make_holds_for_its_own_vehicle_only() {
        let pasted = read_paste(&webhook("TESLA", Some(VEHICLE)))
            .and_then(Reading::into_single)
            .expect("a webhook");
        let make = PastedMake::from_paste(&pasted).expect("a make");
        assert_eq!(make.for_vehicle(VEHICLE), Some("Tesla"));
        assert_eq!(make.for_vehicle(&format!(" {VEHICLE} ")), Some("Tesla"));
        assert_eq!(make.for_vehicle("another-vehicle"), None);

        let without_vehicle = read_paste(&webhook("FORD", None))
            .and_then(Reading::into_single)
            .expect("a webhook");
        let make = PastedMake::from_paste(&without_vehicle).expect("a make");
        assert_eq!(
            make.for_vehicle("any-vehicle"),
            Some("Ford"),
            "nothing to differ from"
        );

        let blank = read_paste(&webhook(" ", Some(VEHICLE)))
            .and_then(Reading::into_single)
            .expect("a webhook");
        assert!(PastedMake::from_paste(&blank).is_none());
    }

    #[test]
    fn codes_become_the_names_owners_use() {
        let table = [
            ("TESLA", Some("Tesla")),
            ("  FORD ", Some("Ford")),
            ("VOLKSWAGEN", Some("Volkswagen")),
            ("MERCEDES_BENZ", Some("Mercedes-Benz")),
            ("LAND_ROVER", Some("Land Rover")),
            ("LAND ROVER", Some("Land Rover")),
            ("BMW", Some("BMW")),
            ("MINI", Some("MINI")),
            ("RAM", Some("Ram")),
            ("POLESTAR", Some("Polestar")),
            ("SOME_NEW_MAKE", Some("Some New Make")),
            ("Škoda", Some("Škoda")),
            ("Mercedes-Benz", Some("Mercedes-Benz")),
            ("", None),
            ("   ", None),
        ];
        for (raw, expected) in table {
            assert_eq!(make_for_owner(raw).as_deref(), expected, "{raw:?}");
        }
    }
}

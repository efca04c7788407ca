//! Before a link leaves with a ticket, the desk is told when the history already holds a
//! link to the same vehicle: on a shared history another agent may have sent one a few
//! minutes ago, and the owner would get two.

use super::entry::{Entry, EntryKind, NewEntry};

/// Of the entries a search for the vehicle id finds (newest first), how many are looked
/// at for a link already sent to it: the search also matches other fields equal to it.
pub const EARLIER_LINKS_LOOKED_AT: usize = 20;

/// How far back a link to the same vehicle is worth a warning.
pub const ALREADY_SENT_WITHIN_MS: i64 = 24 * 60 * 60 * 1000;

/// The warning for the link `leaving` (to its vehicle, at its time), from the newest
/// re-authentication link to the same vehicle among `earlier` (newest first, any
/// entries) sent in the 24 hours before; `None` when there is none. The same link again
/// by the same agent for the same ticket (copied, then opened) is that case's own link,
/// not another one the owner would get.
pub fn already_sent_warning(earlier: &[Entry], leaving: &NewEntry) -> Option<String> {
    let vehicle_id = leaving.vehicle_id.trim();
    if vehicle_id.is_empty() {
        return None;
    }
    let now_ms = leaving.time_ms;
    let last = earlier.iter().find(|entry| {
        entry.kind == EntryKind::REAUTHENTICATE
            && entry.vehicle_id.eq_ignore_ascii_case(vehicle_id)
            && now_ms.saturating_sub(entry.time_ms) <= ALREADY_SENT_WITHIN_MS
            && !(entry.link == leaving.link
                && entry.ticket == leaving.ticket
                && entry.agent == leaving.agent)
    })?;
    let mut warning = format!("Sent {}", time_ago(now_ms.saturating_sub(last.time_ms)));
    if !last.agent.is_empty() {
        warning.push_str(&format!(" by {}", last.agent));
    }
    if !last.ticket.is_empty() {
        warning.push_str(&format!(" for ticket {}", last.ticket));
    }
    if !last.state.is_empty() {
        warning.push_str(&format!(" (state {})", last.state));
    }
    match &last.outcome {
        Some(outcome) => warning.push_str(&format!("; its return: {outcome}")),
        None => warning.push_str("; no return read yet"),
    }
    Some(warning)
}

/// "less than a minute ago", "52 min ago", "3 h ago", "2 days ago".
fn time_ago(elapsed_ms: i64) -> String {
    let minutes = elapsed_ms.max(0) / 60_000;
    match minutes {
        0 => "less than a minute ago".to_owned(),
        1..=119 => format!("{minutes} min ago"),
        120..=2879 => format!("{} h ago", minutes / 60),
        _ => format!("{} days ago", minutes / 1440),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{Outcome, Via};

    fn sent(vehicle_id: &str, minutes_ago: i64, outcome: Option<Outcome>) -> Entry {
        Entry {
            id: 1,
            time_ms: 10_000_000_000 - minutes_ago * 60_000,
            kind: EntryKind::REAUTHENTICATE,
            profile: String::new(),
            vehicle_id: vehicle_id.to_owned(),
            state: "abc".to_owned(),
            owner_id: String::new(),
            ticket: "SUP-88".to_owned(),
            via: Via::Copied,
            link: String::new(),
            outcome,
            agent: "Kim".to_owned(),
        }
    }

    /// A new link to `vehicle_id` leaving now, for another ticket by another agent.
    fn leaving(vehicle_id: &str) -> NewEntry {
        NewEntry {
            time_ms: 10_000_000_000,
            kind: EntryKind::REAUTHENTICATE,
            profile: String::new(),
            vehicle_id: vehicle_id.to_owned(),
            state: "new".to_owned(),
            owner_id: String::new(),
            ticket: "SUP-99".to_owned(),
            via: crate::history::Via::Copied,
            link: "https://connect.smartcar.com/oauth/reauthenticate?state=new".to_owned(),
            agent: "Lee".to_owned(),
        }
    }

    #[test]
    fn the_newest_link_to_the_vehicle_is_named_with_who_when_and_why() {
        let earlier = [
            sent("v-2", 1, None),
            sent("V-1", 52, None),
            sent("v-1", 900, None),
        ];
        assert_eq!(
            already_sent_warning(&earlier, &leaving("v-1")).as_deref(),
            Some("Sent 52 min ago by Kim for ticket SUP-88 (state abc); no return read yet")
        );
        let answered = [sent("v-1", 60 * 23, Some(Outcome::Success))];
        assert_eq!(
            already_sent_warning(&answered, &leaving("v-1")).as_deref(),
            Some("Sent 23 h ago by Kim for ticket SUP-88 (state abc); its return: success")
        );
        assert_eq!(already_sent_warning(&earlier, &leaving("v-3")), None);
        assert_eq!(already_sent_warning(&earlier, &leaving(" ")), None);
    }

    #[test]
    fn a_link_sent_more_than_a_day_ago_is_left_unsaid() {
        let day_and_a_minute = [sent("v-1", 24 * 60 + 1, None)];
        assert_eq!(
            already_sent_warning(&day_and_a_minute, &leaving("v-1")),
            None
        );
        let just_a_day = [sent("v-1", 24 * 60, None)];
        assert!(already_sent_warning(&just_a_day, &leaving("v-1")).is_some());
    }

    #[test]
    fn the_same_link_again_for_the_same_case_is_not_another_link() {
        let new = leaving("v-1");
        let mut copied = sent("v-1", 1, None);
        copied.link.clone_from(&new.link);
        copied.ticket.clone_from(&new.ticket);
        copied.agent.clone_from(&new.agent);
        assert_eq!(already_sent_warning(&[copied.clone()], &new), None);
        let mut for_another_ticket = copied.clone();
        for_another_ticket.ticket = "SUP-1".to_owned();
        assert!(already_sent_warning(&[for_another_ticket], &new).is_some());
        let mut by_another_agent = copied;
        by_another_agent.agent = "Kim".to_owned();
        assert!(already_sent_warning(&[by_another_agent], &new).is_some());
    }

    #[test]
    fn a_removed_connection_is_no_link_sent() {
        let mut disconnect = sent("v-1", 5, None);
        disconnect.kind = EntryKind::Disconnect;
        assert_eq!(already_sent_warning(&[disconnect], &leaving("v-1")), None);
    }
}

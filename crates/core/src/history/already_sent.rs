//! Before a link leaves with a ticket, the desk is told when the history already holds a
//! link to the same vehicle: on a shared history another agent may have sent one a few
//! minutes ago, and the owner would get two.

use super::entry::{Entry, KIND_REAUTHENTICATE};

/// The warning for a new link to `vehicle_id`, from the newest earlier re-authentication
/// link to it among `earlier` (newest first, any entries), or `None` when there is none.
/// `now_ms` is the time the new link leaves.
pub fn already_sent_warning(earlier: &[Entry], vehicle_id: &str, now_ms: i64) -> Option<String> {
    let vehicle_id = vehicle_id.trim();
    if vehicle_id.is_empty() {
        return None;
    }
    let last = earlier.iter().find(|entry| {
        entry.kind == KIND_REAUTHENTICATE && entry.vehicle_id.eq_ignore_ascii_case(vehicle_id)
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

    fn sent(vehicle_id: &str, minutes_ago: i64, outcome: Option<&str>) -> Entry {
        Entry {
            id: 1,
            time_ms: 10_000_000_000 - minutes_ago * 60_000,
            kind: KIND_REAUTHENTICATE.to_owned(),
            profile: String::new(),
            vehicle_id: vehicle_id.to_owned(),
            state: "abc".to_owned(),
            owner_id: String::new(),
            ticket: "SUP-88".to_owned(),
            via: "copied".to_owned(),
            link: String::new(),
            outcome: outcome.map(str::to_owned),
            agent: "Kim".to_owned(),
        }
    }

    #[test]
    fn the_newest_link_to_the_vehicle_is_named_with_who_when_and_why() {
        let now = 10_000_000_000;
        let earlier = [
            sent("v-2", 1, None),
            sent("V-1", 52, None),
            sent("v-1", 900, None),
        ];
        assert_eq!(
            already_sent_warning(&earlier, "v-1", now).as_deref(),
            Some("Sent 52 min ago by Kim for ticket SUP-88 (state abc); no return read yet")
        );
        let answered = [sent("v-1", 60 * 50, Some("success"))];
        assert_eq!(
            already_sent_warning(&answered, "v-1", now).as_deref(),
            Some("Sent 2 days ago by Kim for ticket SUP-88 (state abc); its return: success")
        );
        assert_eq!(already_sent_warning(&earlier, "v-3", now), None);
        assert_eq!(already_sent_warning(&earlier, " ", now), None);
    }

    #[test]
    fn a_removed_connection_is_no_link_sent() {
        let mut disconnect = sent("v-1", 5, None);
        disconnect.kind = "disconnect".to_owned();
        assert_eq!(
            already_sent_warning(&[disconnect], "v-1", 10_000_000_000),
            None
        );
    }
}

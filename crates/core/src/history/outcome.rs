//! What became of a link: the owner's return read by `callback` (a success or an error's
//! code), or a connection the management API shows made after the link left (`verify`).
//! Both stores keep it as the text `Display` gives, which is also what the window, the
//! command line and the export show; every text reads back as the outcome that writes it
//! again byte for byte, so files and rows written by earlier versions stay as they were.

use std::fmt;

use crate::link::callback::{ConnectReturn, ReturnResult};

/// A return that was a success (a vehicle id or an authorization code came back).
const SUCCESS: &str = "success";

/// A link whose vehicle shows a connection made after the link left.
const VERIFIED: &str = "reconnected (verified)";

/// Between a verification and the outcome `callback` had written before it.
const CALLBACK_AFTER: &str = "; callback: ";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `success`.
    Success,
    /// The error's code the owner's return carried, such as `access_denied`. Any text that
    /// is neither a success nor a verification reads back as one: a code is whatever the
    /// owner's address said. A code spelled like a success or a verification is stored as
    /// that text and reads back as it, as earlier versions' rows do: the text cannot tell.
    Failed { code: String },
    /// `reconnected (verified)`, followed by `; callback: ` and the outcome `callback`
    /// had written when there was one: a verification keeps what the return said.
    Verified { callback: Option<Box<Outcome>> },
}

impl Outcome {
    /// The outcome stored as `text`; never fails, as every text is some outcome.
    pub fn from_stored(text: &str) -> Outcome {
        if text == SUCCESS {
            return Outcome::Success;
        }
        match text.strip_prefix(VERIFIED) {
            Some("") => Outcome::Verified { callback: None },
            Some(after) => match after.strip_prefix(CALLBACK_AFTER) {
                Some(callback) => Outcome::Verified {
                    callback: Some(Box::new(Outcome::from_stored(callback))),
                },
                None => Outcome::failed(text),
            },
            None => Outcome::failed(text),
        }
    }

    /// What the history keeps of the owner's return: a success, or the error's code. Here
    /// and not on `ConnectReturn`, as the link layer knows nothing of the history.
    pub fn of_return(read: &ConnectReturn) -> Outcome {
        match &read.result {
            ReturnResult::Failed(error) => Outcome::failed(&error.code),
            ReturnResult::Reauthenticated { .. } | ReturnResult::Code { .. } => Outcome::Success,
        }
    }

    pub fn failed(code: &str) -> Outcome {
        Outcome::Failed {
            code: code.to_owned(),
        }
    }

    /// A verification of a link whose outcome was `before` (none yet, or what `callback`
    /// wrote): what `mark_verified` stores.
    pub fn verified(before: Option<Outcome>) -> Outcome {
        Outcome::Verified {
            callback: before.map(Box::new),
        }
    }

    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success)
    }

    /// Whether the link is done with: the owner came back with a success, or the vehicle
    /// connected again. A failed return is not: the owner may try again, so the link
    /// still waits (what `waiting` selects in SQL, from the texts below).
    pub fn is_final(&self) -> bool {
        !matches!(self, Outcome::Failed { .. })
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Success => f.write_str(SUCCESS),
            Outcome::Failed { code } => f.write_str(code),
            Outcome::Verified { callback: None } => f.write_str(VERIFIED),
            Outcome::Verified {
                callback: Some(callback),
            } => write!(f, "{VERIFIED}{CALLBACK_AFTER}{callback}"),
        }
    }
}

/// The outcome in the stores' SQL, where a statement cannot call `Outcome`: the texts to
/// bind and the expressions over them, so the SQL tells final outcomes from waiting ones
/// exactly as `is_final` does, and a verification keeps the earlier outcome as `Display`
/// writes it. Each store passes its own placeholders (`?1`, `$1::text`).
pub(super) mod sql {
    /// The whole text of a success.
    pub const SUCCESS: &str = super::SUCCESS;
    /// The whole text of a verification with nothing before it.
    pub const VERIFIED: &str = super::VERIFIED;

    /// What a verification writes before the outcome `callback` had written.
    pub fn verified_before_callback() -> String {
        format!("{}{}", super::VERIFIED, super::CALLBACK_AFTER)
    }

    /// True for an entry whose outcome is not final (none yet, or a failure), with
    /// placeholders bound to `SUCCESS`, `VERIFIED` and `verified_before_callback()`. The
    /// prefix is compared with `substr`, not LIKE, which SQLite applies in any case.
    pub fn not_final(success: &str, verified: &str, before_callback: &str) -> String {
        format!(
            "(outcome IS NULL OR NOT (outcome = {success} OR outcome = {verified}
              OR substr(outcome, 1, length({before_callback})) = {before_callback}))"
        )
    }

    /// The outcome after a verification, with placeholders bound to `VERIFIED` and
    /// `verified_before_callback()`: `Outcome::verified` of the outcome before.
    pub fn verified(verified: &str, before_callback: &str) -> String {
        format!("CASE WHEN outcome IS NULL THEN {verified} ELSE {before_callback} || outcome END")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(outcome: &Outcome) -> Outcome {
        Outcome::from_stored(&outcome.to_string())
    }

    #[test]
    fn every_form_reads_back_as_the_text_earlier_versions_stored() {
        let forms = [
            (Outcome::Success, "success"),
            (Outcome::failed("access_denied"), "access_denied"),
            (Outcome::verified(None), "reconnected (verified)"),
            (
                Outcome::verified(Some(Outcome::failed("access_denied"))),
                "reconnected (verified); callback: access_denied",
            ),
            (
                Outcome::verified(Some(Outcome::Success)),
                "reconnected (verified); callback: success",
            ),
        ];
        for (outcome, text) in forms {
            assert_eq!(outcome.to_string(), text);
            assert_eq!(Outcome::from_stored(text), outcome, "{text}");
            assert_eq!(read_back(&outcome), outcome);
        }
    }

    #[test]
    fn a_text_no_version_writes_is_kept_byte_for_byte() {
        let texts = [
            "",
            " success",
            "Success",
            "success ",
            "reconnected (verified) ",
            "reconnected (verified);callback: x",
            "reconnected (verified); callback: ",
            "reconnected (verified); callback: reconnected (verified); callback: no_vehicles",
            "RECONNECTED (VERIFIED)",
            "ünïcode\ttab\nline",
        ];
        for text in texts {
            assert_eq!(Outcome::from_stored(text).to_string(), text);
        }
        assert_eq!(
            Outcome::from_stored("reconnected (verified) "),
            Outcome::failed("reconnected (verified) "),
            "only the two verified forms are verifications"
        );
        assert_eq!(
            Outcome::from_stored("reconnected (verified); callback: "),
            Outcome::verified(Some(Outcome::failed("")))
        );
    }

    #[test]
    fn a_success_and_a_verification_are_final_and_a_failure_still_waits() {
        assert!(Outcome::Success.is_final() && Outcome::Success.is_success());
        let denied = Outcome::failed("access_denied");
        assert!(!denied.is_final() && !denied.is_success());
        let verified = Outcome::verified(Some(denied));
        assert!(verified.is_final() && !verified.is_success());
    }

    #[test]
    fn the_texts_sql_compares_are_the_ones_display_writes() {
        assert_eq!(sql::SUCCESS, Outcome::Success.to_string());
        assert_eq!(sql::VERIFIED, Outcome::verified(None).to_string());
        let before_callback = sql::verified_before_callback();
        assert_eq!(
            format!("{before_callback}no_vehicles"),
            Outcome::verified(Some(Outcome::failed("no_vehicles"))).to_string()
        );
    }

    #[test]
    fn the_sql_tells_final_outcomes_and_verifies_as_the_enum_does() {
        let connection = rusqlite::Connection::open_in_memory().expect("opens");
        let not_final = format!(
            "SELECT {} FROM (SELECT ?4 AS outcome)",
            sql::not_final("?1", "?2", "?3")
        );
        let verified = format!(
            "SELECT {} FROM (SELECT ?3 AS outcome)",
            sql::verified("?1", "?2")
        );
        let texts = [
            "success",
            "access_denied",
            "reconnected (verified)",
            "reconnected (verified); callback: access_denied",
            "reconnected (verified); callback: success",
            "reconnected (verified) ",
            "RECONNECTED (VERIFIED); CALLBACK: x",
            "Success",
            "",
        ];
        for text in texts.into_iter().map(Some).chain([None]) {
            let before = text.map(Outcome::from_stored);
            let waits: bool = connection
                .query_row(
                    &not_final,
                    rusqlite::params![
                        sql::SUCCESS,
                        sql::VERIFIED,
                        sql::verified_before_callback(),
                        text
                    ],
                    |row| row.get(0),
                )
                .expect("asks");
            assert_eq!(
                waits,
                !before.as_ref().is_some_and(Outcome::is_final),
                "{text:?}"
            );
            let after: String = connection
                .query_row(
                    &verified,
                    rusqlite::params![sql::VERIFIED, sql::verified_before_callback(), text],
                    |row| row.get(0),
                )
                .expect("asks");
            assert_eq!(after, Outcome::verified(before).to_string(), "{text:?}");
        }
    }
}

//! One row's link: the shared values, checked once (`check_app`), plus the row's own,
//! through the core's `check_row` and its link template. No rule lives here.

use std::borrow::Cow;

use csv::ByteRecord;

use super::defaults::{BatchDefaults, BatchOptions};
use super::input_row::InputRow;
use super::shared_states::SharedStates;
use crate::link::state::{StateGenerationError, StateGenerator};
use crate::link::{
    Contract, Finding, Findings, LinkTemplate, ReauthForm, Severity, check_app_with_options,
    check_row,
};

/// Between two problems in the `error` column; no message of the core contains it.
pub const ERROR_SEPARATOR: &str = " | ";

/// One output row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchRow {
    /// 1 for the first data row, as in the input.
    pub number: u32,
    /// As read from the input.
    pub vehicle_id: String,
    /// The state in the link: the row's own, a generated one, or empty.
    pub state: String,
    /// The user in the link: the row's own, the profile's, or empty.
    pub user: String,
    /// Empty when the row is bad.
    pub url: String,
    /// Why the row has no link, each problem as `<field>: <what to do>`.
    pub errors: Vec<String>,
    /// What is worth a second look on a good row, each as `<field>: <…>`.
    pub warnings: Vec<String>,
    /// The earlier row with the same vehicle id.
    pub duplicate_of: Option<u32>,
    pub carried: ByteRecord,
}

impl BatchRow {
    pub fn is_good(&self) -> bool {
        self.errors.is_empty()
    }

    /// The output's `error` column: every problem, joined by ` | `.
    pub fn error_text(&self) -> String {
        self.errors.join(ERROR_SEPARATOR)
    }
}

/// The shared values, checked once, and what each row adds to them.
#[derive(Debug)]
pub struct LinkBuilder {
    /// The app's part of every link (client_id, redirect_uri), checked and encoded once.
    link: LinkTemplate,
    /// The profile's owner id, for rows without a `user` of their own.
    default_user: String,
    options: BatchOptions,
    shared_warnings: Vec<Finding>,
    /// Names the fields in row messages as the links do (`user` or `external_id`).
    contract: Contract,
}

/// What building a row needs besides the row, kept from one row to the next so a batch
/// allocates nothing for a good row.
#[derive(Debug, Default)]
pub struct RowScratch {
    findings: Findings,
    states: StateGenerator,
    shared_states: SharedStates,
}

impl LinkBuilder {
    /// Checks the shared values; their errors stop the batch before any row is read.
    pub fn new(defaults: &BatchDefaults, options: BatchOptions) -> Result<Self, Vec<Finding>> {
        let app_form = ReauthForm {
            client_id: defaults.client_id.clone(),
            redirect_uri: defaults.redirect_uri.clone().unwrap_or_default(),
            omit_redirect_uri: defaults.redirect_uri.is_none(),
            ..ReauthForm::default()
        };
        let app = check_app_with_options(
            &app_form,
            &defaults.registered_redirect_uris,
            defaults.link_options,
        );
        let (errors, warnings): (Vec<_>, Vec<_>) = app
            .findings
            .iter()
            .cloned()
            .partition(|finding| finding.severity() == Severity::Error);
        match app.link_template() {
            Some(link) if errors.is_empty() => Ok(Self {
                link: link.clone(),
                default_user: defaults.user.clone().unwrap_or_default(),
                contract: defaults.link_options.contract,
                options,
                shared_warnings: warnings,
            }),
            _ => Err(errors),
        }
    }

    /// Warnings about the shared values (a redirect URI left out, not registered…).
    pub fn shared_warnings(&self) -> &[Finding] {
        &self.shared_warnings
    }

    /// The app's part of every link, for writing a kept row's link again later.
    pub fn link_template(&self) -> &LinkTemplate {
        &self.link
    }

    /// The user of rows without one of their own (empty: none).
    pub fn default_user(&self) -> &str {
        &self.default_user
    }

    /// The row's link or why it has none, into `out`, reusing its buffers; the row's values
    /// are moved out of `row`. `duplicate_of` is the earlier row with the same vehicle id,
    /// found by the reader (`Duplicates`) in input order.
    pub fn build_into(
        &self,
        row: &mut InputRow,
        duplicate_of: Option<u32>,
        out: &mut BatchRow,
        scratch: &mut RowScratch,
    ) -> Result<(), StateGenerationError> {
        out.number = row.number;
        out.duplicate_of = duplicate_of;
        std::mem::swap(&mut out.vehicle_id, &mut row.vehicle_id);
        std::mem::swap(&mut out.carried, &mut row.carried);
        out.url.clear();
        out.errors.clear();
        out.warnings.clear();
        out.warnings
            .extend(row.notes.iter().map(|note| format!("input: {note}")));
        if let Some(first) = duplicate_of {
            out.warnings.push(format!(
                "vehicle_id: the same id as row {first}: this vehicle gets one more link"
            ));
        }
        out.state.clear();
        let own_state = !row.state.is_empty();
        if own_state {
            std::mem::swap(&mut out.state, &mut row.state);
        } else if self.options.random_state && row.problem.is_none() {
            scratch.states.push_state(&mut out.state)?;
        }
        out.user.clear();
        // Trimmed as the link carries it, so the output and the history name the owner
        // the way the link does.
        match row.user.trim() {
            "" => out.user.push_str(&self.default_user),
            own => out.user.push_str(own),
        }
        match &row.problem {
            Some(problem) => out.errors.push(problem.to_string()),
            None => self.check_into(out, &mut scratch.findings),
        }
        if own_state
            && out.is_good()
            && let Some(first) =
                scratch
                    .shared_states
                    .other_vehicle_row(&out.state, &out.vehicle_id, out.number)
        {
            out.warnings.push(format!(
                "state: the same state as row {first}, which is another vehicle: the owner's return would match both links; give each row its own state, or leave the column empty and use --random-state"
            ));
        }
        Ok(())
    }

    /// The core's check of the row's own fields, then its link from the app's template. A
    /// vehicle id the check cleaned (a UUID in braces, with a zero-width space…) or
    /// trimmed is written as the link carries it, so the output, the window's table and
    /// the history agree with the link (a return naming the vehicle must match it); the
    /// row's warning says what was removed.
    fn check_into(&self, out: &mut BatchRow, findings: &mut Findings) {
        findings.clear();
        let cleaned = match check_row(&out.vehicle_id, &out.state, &out.user, findings) {
            Some(checked) => {
                self.link.write_link(&checked, &mut out.url);
                match checked.vehicle_id {
                    Cow::Owned(id) => Some(id),
                    Cow::Borrowed(id) if id.len() != out.vehicle_id.len() => Some(id.to_owned()),
                    Cow::Borrowed(_) => None,
                }
            }
            None => {
                out.errors.extend(
                    findings
                        .errors()
                        .map(|finding| field_message(finding, self.contract)),
                );
                None
            }
        };
        if let Some(id) = cleaned {
            out.vehicle_id = id;
        }
        out.warnings.extend(
            findings
                .warnings()
                .map(|finding| field_message(finding, self.contract)),
        );
    }
}

/// `<field>: <message>`, the command line's form without the severity.
fn field_message(finding: &Finding, contract: Contract) -> String {
    format!("{}: {}", finding.field.key(contract), finding.message())
}

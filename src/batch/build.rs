//! One row's link: the shared values plus the row's own, through the core's `check` and
//! URL builder. No rule lives here.

use csv::ByteRecord;

use super::defaults::{BatchDefaults, BatchOptions};
use super::input::InputRow;
use crate::link::state::StateGenerationError;
use crate::link::{
    CheckedApp, Field, Finding, ReauthForm, check_app, check_with_app, generate_state,
};

/// The fields every row shares; their findings are reported once for the whole batch.
const SHARED_FIELDS: [Field; 2] = [Field::ClientId, Field::RedirectUri];

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
    base: ReauthForm,
    /// client_id and redirect_uri, checked once for every row.
    app: CheckedApp,
    options: BatchOptions,
    shared_warnings: Vec<Finding>,
}

impl LinkBuilder {
    /// Checks the shared values; their errors stop the batch before any row is read.
    pub fn new(defaults: &BatchDefaults, options: BatchOptions) -> Result<Self, Vec<Finding>> {
        let base = ReauthForm {
            client_id: defaults.client_id.clone(),
            redirect_uri: defaults.redirect_uri.clone().unwrap_or_default(),
            omit_redirect_uri: defaults.redirect_uri.is_none(),
            user: defaults.user.clone().unwrap_or_default(),
            ..ReauthForm::default()
        };
        let app = check_app(&base, &defaults.registered_redirect_uris);
        let (errors, warnings): (Vec<_>, Vec<_>) = app
            .findings
            .iter()
            .cloned()
            .partition(|finding| finding.severity() == crate::link::Severity::Error);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            base,
            app,
            options,
            shared_warnings: warnings,
        })
    }

    /// Warnings about the shared values (a redirect URI left out, not registered…).
    pub fn shared_warnings(&self) -> &[Finding] {
        &self.shared_warnings
    }

    /// The row's link or why it has none; `duplicate_of` is the earlier row with the same
    /// vehicle id, found by the reader (`Duplicates`) in input order.
    pub fn build(
        &self,
        row: InputRow,
        duplicate_of: Option<u32>,
    ) -> Result<BatchRow, StateGenerationError> {
        let mut out = BatchRow {
            number: row.number,
            duplicate_of,
            carried: row.carried,
            ..BatchRow::default()
        };
        out.warnings
            .extend(row.notes.iter().map(|note| format!("input: {note}")));
        if let Some(first) = out.duplicate_of {
            out.warnings.push(format!(
                "vehicle_id: the same id as row {first}: this vehicle gets one more link"
            ));
        }
        let mut form = self.base.clone();
        form.vehicle_id = row.vehicle_id;
        if !row.state.is_empty() {
            form.state = row.state;
        } else if self.options.random_state && row.problem.is_none() {
            form.state = generate_state()?;
        }
        if !row.user.trim().is_empty() {
            form.user = row.user;
        }
        if let Some(problem) = row.problem {
            out.errors.push(problem.to_string());
        } else {
            self.check_row(&form, &mut out);
        }
        out.vehicle_id = form.vehicle_id;
        out.state = form.state;
        out.user = form.user;
        Ok(out)
    }

    /// The core's check of the row's own fields against the app checked once.
    fn check_row(&self, form: &ReauthForm, out: &mut BatchRow) {
        let checked = check_with_app(&self.app, form);
        let row_findings = || {
            checked
                .findings
                .iter()
                .filter(|finding| !SHARED_FIELDS.contains(&finding.field))
        };
        match &checked.request {
            Some(request) => out.url = request.url_string(),
            None => {
                out.errors.extend(
                    row_findings()
                        .filter(|finding| finding.severity() == crate::link::Severity::Error)
                        .map(field_message),
                );
            }
        }
        out.warnings.extend(
            row_findings()
                .filter(|finding| finding.severity() == crate::link::Severity::Warning)
                .map(field_message),
        );
    }
}

/// `<field>: <message>`, the command line's form without the severity.
fn field_message(finding: &Finding) -> String {
    format!("{}: {}", finding.field.param_name(), finding.message())
}

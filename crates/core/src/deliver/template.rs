//! A message template: text with placeholders such as `{link}`, read once and rendered for
//! every link. `{{` and `}}` stand for a brace of their own.
//!
//! A template is checked as a whole before it is used: an unknown name or a brace left
//! open is an error that says where it is (line and column, and the byte range for a
//! window to underline) and which placeholders exist.

use std::fmt;
use std::ops::Range;

/// A value a template can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The re-authentication link.
    Link,
    /// The client app's name (the profile's name), or a neutral wording without a profile.
    App,
    /// The car's brand, or a neutral wording when it is not known.
    Make,
    /// The vehicle id the link is for.
    VehicleId,
    /// The support ticket, or a neutral wording when none was given.
    Ticket,
}

impl Placeholder {
    /// Every placeholder, in the order the help and the error messages list them.
    pub const ALL: [Placeholder; 5] = [
        Placeholder::Link,
        Placeholder::App,
        Placeholder::Make,
        Placeholder::VehicleId,
        Placeholder::Ticket,
    ];

    /// The name between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::Link => "link",
            Placeholder::App => "app",
            Placeholder::Make => "make",
            Placeholder::VehicleId => "vehicle_id",
            Placeholder::Ticket => "ticket",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }

    /// `{link}, {app}, {make}, {vehicle_id}, {ticket}`: for messages and help texts.
    pub fn list() -> String {
        Self::ALL
            .iter()
            .map(|p| format!("{{{}}}", p.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What is wrong with a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    /// `{name}` where `name` is no placeholder.
    UnknownPlaceholder { name: String },
    /// A `{` with no `}` after it.
    Unclosed,
    /// A `}` that closes nothing.
    StrayClosingBrace,
}

/// A problem and where it is in the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateError {
    pub problem: TemplateProblem,
    /// The bytes of the template the problem covers (for underlining).
    pub span: Range<usize>,
    /// 1-based line of the problem's start.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl TemplateError {
    fn new(template: &str, span: Range<usize>, problem: TemplateProblem) -> Self {
        let before = &template[..span.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Self {
            problem,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            span,
        }
    }

    /// The placeholders a template may use, for a window to offer.
    pub fn known_placeholders(&self) -> &'static [Placeholder] {
        &Placeholder::ALL
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: ", self.line, self.column)?;
        match &self.problem {
            TemplateProblem::UnknownPlaceholder { name } => write!(
                f,
                "`{{{name}}}` is not a placeholder: use one of {}, or write {{{{ and }}}} for braces of their own",
                Placeholder::list()
            ),
            TemplateProblem::Unclosed => write!(
                f,
                "this `{{` is never closed: end the placeholder with `}}`, or write {{{{ for a brace of its own"
            ),
            TemplateProblem::StrayClosingBrace => write!(
                f,
                "this `}}` closes no placeholder: write }}}} for a brace of its own"
            ),
        }
    }
}

impl std::error::Error for TemplateError {}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Text(String),
    Value(Placeholder),
}

/// A checked template, ready to render any number of times.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

impl Template {
    /// Reads a template; the first problem found is the error.
    pub fn parse(template: &str) -> Result<Self, TemplateError> {
        let mut segments = Vec::new();
        let mut text = String::new();
        let mut rest = template.char_indices().peekable();
        while let Some((at, c)) = rest.next() {
            match c {
                '{' if rest.next_if(|&(_, next)| next == '{').is_some() => text.push('{'),
                '}' if rest.next_if(|&(_, next)| next == '}').is_some() => text.push('}'),
                '{' => {
                    let Some(length) = template[at + 1..].find(['}', '{', '\n']) else {
                        return Err(unclosed(template, at));
                    };
                    let end = at + 1 + length;
                    if !template[end..].starts_with('}') {
                        return Err(unclosed(template, at));
                    }
                    let name = &template[at + 1..end];
                    let placeholder = Placeholder::from_name(name.trim()).ok_or_else(|| {
                        TemplateError::new(
                            template,
                            at..end + 1,
                            TemplateProblem::UnknownPlaceholder {
                                name: name.to_owned(),
                            },
                        )
                    })?;
                    if !text.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut text)));
                    }
                    segments.push(Segment::Value(placeholder));
                    while rest.next_if(|&(index, _)| index <= end).is_some() {}
                }
                '}' => {
                    return Err(TemplateError::new(
                        template,
                        at..at + 1,
                        TemplateProblem::StrayClosingBrace,
                    ));
                }
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            segments.push(Segment::Text(text));
        }
        Ok(Self { segments })
    }

    /// Whether `template` would parse; the error says where it does not.
    pub fn check(template: &str) -> Result<(), TemplateError> {
        Self::parse(template).map(|_| ())
    }

    /// Appends the rendered text to `out`, each placeholder replaced by `value(placeholder)`.
    pub fn render_into<'a>(&self, out: &mut String, value: impl Fn(Placeholder) -> &'a str) {
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => out.push_str(text),
                Segment::Value(placeholder) => out.push_str(value(*placeholder)),
            }
        }
    }

    /// Whether the template asks for `placeholder` anywhere.
    pub fn uses(&self, placeholder: Placeholder) -> bool {
        self.segments.contains(&Segment::Value(placeholder))
    }
}

fn unclosed(template: &str, at: usize) -> TemplateError {
    TemplateError::new(template, at..at + 1, TemplateProblem::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut out = String::new();
        Template::parse(template)
            .expect("a valid template")
            .render_into(&mut out, |p| match p {
                Placeholder::Link => "L",
                Placeholder::App => "A",
                Placeholder::Make => "M",
                Placeholder::VehicleId => "V",
                Placeholder::Ticket => "T",
            });
        out
    }

    #[test]
    fn every_placeholder_renders_its_value() {
        for (template, expected) in [
            ("{link}", "L"),
            ("{app}", "A"),
            ("{make}", "M"),
            ("{vehicle_id}", "V"),
            ("{ticket}", "T"),
            (
                "Open {link} for {app}, {make} {vehicle_id} ({ticket}).",
                "Open L for A, M V (T).",
            ),
            ("{ link }", "L"),
            ("", ""),
            ("no placeholder", "no placeholder"),
        ] {
            assert_eq!(render(template), expected, "{template:?}");
        }
    }

    #[test]
    fn doubled_braces_are_braces_of_their_own() {
        assert_eq!(render("{{link}} is {link}"), "{link} is L");
        assert_eq!(render("a }} b {{"), "a } b {");
        assert_eq!(render("{{{link}}}"), "{L}");
    }

    #[test]
    fn text_outside_ascii_is_kept() {
        assert_eq!(render("Grüße, {app} – ✓\n{link}"), "Grüße, A – ✓\nL");
    }

    #[test]
    fn bad_templates_name_the_problem_and_where_it_is() {
        let unknown = |name: &str| TemplateProblem::UnknownPlaceholder { name: name.into() };
        for (template, problem, span, line, column) in [
            ("Hi {vehicle}", unknown("vehicle"), 3..12, 1, 4),
            ("{}", unknown(""), 0..2, 1, 1),
            ("Hé\n  {Link}", unknown("Link"), 6..12, 2, 3),
            ("open {link", TemplateProblem::Unclosed, 5..6, 1, 6),
            ("{link\n}", TemplateProblem::Unclosed, 0..1, 1, 1),
            ("{a{link}}", TemplateProblem::Unclosed, 0..1, 1, 1),
            ("done }", TemplateProblem::StrayClosingBrace, 5..6, 1, 6),
            ("{link}}", TemplateProblem::StrayClosingBrace, 6..7, 1, 7),
        ] {
            let error = Template::parse(template).expect_err(template);
            assert_eq!(
                error,
                TemplateError {
                    problem,
                    span,
                    line,
                    column
                },
                "{template:?}"
            );
            assert_eq!(Template::check(template), Err(error));
        }
    }

    #[test]
    fn error_messages_say_what_to_do() {
        let message = |template: &str| Template::check(template).expect_err(template).to_string();
        assert_eq!(
            message("Hi {vehicle}"),
            "line 1, column 4: `{vehicle}` is not a placeholder: use one of {link}, {app}, {make}, {vehicle_id}, {ticket}, or write {{ and }} for braces of their own"
        );
        assert_eq!(
            message("x\n{link"),
            "line 2, column 1: this `{` is never closed: end the placeholder with `}`, or write {{ for a brace of its own"
        );
        assert_eq!(
            message("}"),
            "line 1, column 1: this `}` closes no placeholder: write }} for a brace of its own"
        );
    }

    #[test]
    fn the_error_lists_the_known_placeholders() {
        let error = Template::check("{x}").expect_err("unknown");
        let names: Vec<_> = error
            .known_placeholders()
            .iter()
            .map(|p| p.name())
            .collect();
        assert_eq!(names, ["link", "app", "make", "vehicle_id", "ticket"]);
    }

    #[test]
    fn uses_says_which_placeholders_appear() {
        let template = Template::parse("{link} {{ticket}}").expect("valid");
        assert!(template.uses(Placeholder::Link));
        assert!(!template.uses(Placeholder::Ticket));
    }
}

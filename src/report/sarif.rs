//! SARIF 2.1.0 output, for code-scanning services (GitHub code scanning, Azure DevOps) and
//! SARIF viewers in editors.
//!
//! One run with:
//! - `tool.driver`: name, version, information URI and a `reportingDescriptor` for every rule
//!   enabled in the run (reported or not), with its description, help and default level;
//! - one `result` per finding: rule id and index, level (`error`, `warning`, `note` for
//!   info), the message (and the finding's own help, which for figures carries the
//!   arithmetic), the primary location with its label, `relatedLocations` for secondary
//!   labels, and `fixes` when the finding carries one;
//! - `invocations[0]`: whether the run succeeded, and a notification for each path that was
//!   not checked.
//!
//! Regions give lines and columns (`columnKind: unicodeCodePoints`, end column exclusive) and
//! `charOffset`/`charLength`, all computed by [`super::region`] (a byte-order mark is not
//! counted). Artifact URIs are the paths as displayed, percent-encoded as URI references:
//! relative to the directory cuadra ran in, or `file://` URIs for absolute paths. Output is
//! deterministic: no timestamps, no absolute working directory.
//!
//! The structs are hand-written (no SARIF crate) and serialize only what cuadra knows.

use crate::diagnostic::{Finding, Severity};
use crate::engine::{FileReport, RunResult, Skipped};
use crate::lang::Language;
use crate::report::region::{Positions, Region};
use crate::rules::RuleMeta;
use crate::span::Span;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The SARIF version written.
pub const SARIF_VERSION: &str = "2.1.0";
/// The JSON schema of that version.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where users learn about the tool: the repository named in `Cargo.toml`, else the crate page.
fn information_uri() -> &'static str {
    match (option_env!("CARGO_PKG_REPOSITORY"), option_env!("CARGO_PKG_HOMEPAGE")) {
        (Some(r), _) if !r.is_empty() => r,
        (_, Some(h)) if !h.is_empty() => h,
        _ => "https://crates.io/crates/cuadra",
    }
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    invocations: Vec<Invocation>,
    artifacts: Vec<Artifact>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Descriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    markdown: Option<String>,
}

impl Text {
    fn plain(text: impl Into<String>) -> Self {
        Self { text: text.into(), markdown: None }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Artifact {
    location: ArtifactLocation,
    length: usize,
    source_language: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ArtifactProperties>,
}

#[derive(Serialize)]
struct ArtifactProperties {
    language: &'static str,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    index: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

impl From<Region> for SarifRegion {
    fn from(r: Region) -> Self {
        Self {
            start_line: r.start_line,
            start_column: r.start_column,
            end_line: r.end_line,
            end_column: r.end_column,
            char_offset: r.char_offset,
            char_length: r.char_length,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: SarifRegion,
    inserted_content: InsertedContent,
}

#[derive(Serialize)]
struct InsertedContent {
    text: String,
}

/// SARIF's level for a severity.
#[must_use]
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Characters left as they are in a URI path; everything else is percent-encoded
/// (RFC 3986 `unreserved`, plus `/` between segments).
const URI_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b':')
    .add(b'@')
    .add(b'!')
    .add(b'$')
    .add(b'&')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*')
    .add(b'+')
    .add(b',')
    .add(b';')
    .add(b'=');

/// The URI reference of a displayed path: relative paths stay relative, absolute ones become
/// `file://` URIs; characters outside the URI grammar are percent-encoded.
#[must_use]
pub fn uri(display_path: &str) -> String {
    let encoded = utf8_percent_encode(display_path, URI_PATH).to_string();
    if display_path.starts_with('/') {
        format!("file://{encoded}")
    } else if display_path.as_bytes().get(1) == Some(&b':') && display_path.as_bytes()[0].is_ascii_alphabetic() {
        // A Windows drive path (`C:/…`), already with forward slashes; keep the colon.
        format!("file:///{}:{}", &display_path[..1], utf8_percent_encode(&display_path[2..], URI_PATH))
    } else {
        encoded
    }
}

/// `placeholder.x-marks` → `PlaceholderXMarks`: the identifier-like name SARIF suggests.
fn pascal_name(id: &str) -> String {
    id.split(['.', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
        })
        .collect()
}

/// The first sentence of a description: up to the first period outside a code span that is
/// followed by the end or by white space and a capital letter (so `No. 2__` inside backticks
/// and `e.g. lower case` do not end it), and never past a blank line.
fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let text = &text[..text.find("\n\n").unwrap_or(text.len())];
    let mut in_code = false;
    for (i, c) in text.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '.' if !in_code => {
                let rest = &text[i + 1..];
                let after = rest.trim_start();
                if rest.is_empty() || (after.len() < rest.len() && after.chars().next().is_some_and(char::is_uppercase))
                {
                    return &text[..=i];
                }
            }
            _ => {}
        }
    }
    text
}

/// A help template with its variables shown as `{name}`.
fn template_text(t: &crate::rules::Template) -> String {
    t.render(&|v| format!("{{{v}}}"))
}

fn descriptor(meta: &RuleMeta) -> Descriptor {
    let description = if meta.description.trim().is_empty() {
        meta.message.render(&|v| format!("{{{v}}}"))
    } else {
        meta.description.trim().to_string()
    };
    let help = meta.help.as_ref().map(template_text);
    let explain = format!("Run `cuadra explain {}` for examples and the rule's definition.", meta.id);
    let text = match &help {
        Some(h) => format!("{h}\n\n{description}\n\n{explain}"),
        None => format!("{description}\n\n{explain}"),
    };
    let mut markdown = text.clone();
    let examples = |title: &str, list: &[String], out: &mut String| {
        if !list.is_empty() {
            out.push_str(&format!("\n\n**{title}**\n"));
            for e in list {
                out.push_str(&format!("\n- {}", e.trim().replace('\n', " ")));
            }
        }
    };
    examples("Flags", &meta.examples.fail, &mut markdown);
    examples("Leaves alone", &meta.examples.pass, &mut markdown);
    let mut tags = vec![meta.family().to_string()];
    if let Some(l) = meta.language {
        tags.push(l.code().to_string());
    }
    Descriptor {
        id: meta.id.to_string(),
        name: pascal_name(&meta.id),
        short_description: Text::plain(first_sentence(&description).split_whitespace().collect::<Vec<_>>().join(" ")),
        full_description: Text::plain(description),
        help: Text { text, markdown: Some(markdown) },
        default_configuration: Configuration { level: level(meta.severity) },
        properties: RuleProperties { tags },
    }
}

/// One descriptor per rule id: a rule defined for two languages is described once, in the
/// language most checked documents were written in (Spanish on a tie).
fn rule_table(result: &RunResult) -> (Vec<Descriptor>, BTreeMap<String, usize>) {
    let count = |l: Language| result.files.iter().filter(|f| f.language == l).count();
    let preferred = if count(Language::En) > count(Language::Es) { Language::En } else { Language::Es };
    let mut chosen: BTreeMap<&str, &RuleMeta> = BTreeMap::new();
    for meta in &result.rules {
        chosen
            .entry(&meta.id)
            .and_modify(|m| {
                if m.language != Some(preferred) && meta.language == Some(preferred) {
                    *m = meta;
                }
            })
            .or_insert(meta);
    }
    // A finding of a rule the run did not list (a rule added by a later pass) still gets a
    // descriptor, so that every `ruleIndex` points somewhere.
    let mut extra: Vec<&Finding> = Vec::new();
    for (_, f) in result.findings() {
        if !chosen.contains_key(&*f.rule) && !extra.iter().any(|e| e.rule == f.rule) {
            extra.push(f);
        }
    }
    let mut descriptors: Vec<Descriptor> = chosen.values().map(|m| descriptor(m)).collect();
    for f in extra {
        descriptors.push(Descriptor {
            id: f.rule.to_string(),
            name: pascal_name(&f.rule),
            short_description: Text::plain(f.rule.to_string()),
            full_description: Text::plain(f.rule.to_string()),
            help: Text::plain(format!("Run `cuadra explain {}`.", f.rule)),
            default_configuration: Configuration { level: level(f.severity) },
            properties: RuleProperties { tags: vec![f.family().to_string()] },
        });
    }
    descriptors.sort_by(|a, b| a.id.cmp(&b.id));
    let index = descriptors.iter().enumerate().map(|(i, d)| (d.id.clone(), i)).collect();
    (descriptors, index)
}

fn location(artifact: &ArtifactLocation, positions: &Positions<'_>, span: Span, message: Option<&str>) -> Location {
    Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: Some(positions.region(span).into()),
        },
        message: message.filter(|m| !m.trim().is_empty()).map(Text::plain),
    }
}

fn result_of(
    file: &FileReport,
    artifact: &ArtifactLocation,
    positions: &Positions<'_>,
    f: &Finding,
    index: &BTreeMap<String, usize>,
) -> SarifResult {
    let message = match &f.help {
        Some(h) if !h.trim().is_empty() => format!("{}\n{}", f.message, h),
        _ => f.message.clone(),
    };
    let related = f
        .labels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = location(artifact, positions, l.span, Some(&l.text));
            loc.id = Some(i + 1);
            // SARIF requires a message on a related location only to be a string; an empty
            // label text still says which finding it belongs to.
            if loc.message.is_none() {
                loc.message = Some(Text::plain(f.message.clone()));
            }
            loc
        })
        .collect();
    let fixes = f
        .fix
        .iter()
        .filter(|fix| {
            fix.edits.iter().all(|e| {
                e.span.start <= e.span.end
                    && e.span.end <= file.source.len()
                    && file.source.is_char_boundary(e.span.start)
                    && file.source.is_char_boundary(e.span.end)
            })
        })
        .map(|fix| SarifFix {
            description: Text::plain(fix.description.clone()),
            artifact_changes: vec![ArtifactChange {
                artifact_location: artifact.clone(),
                replacements: fix
                    .edits
                    .iter()
                    .map(|e| Replacement {
                        deleted_region: positions.region(e.span).into(),
                        inserted_content: InsertedContent { text: e.replacement.clone() },
                    })
                    .collect(),
            }],
        })
        .collect();
    SarifResult {
        rule_id: f.rule.to_string(),
        rule_index: index.get(&*f.rule).copied().unwrap_or(0),
        level: level(f.severity),
        message: Text::plain(message),
        locations: vec![location(artifact, positions, f.span, f.label.as_deref())],
        related_locations: related,
        fixes,
    }
}

fn notification(s: &Skipped) -> Notification {
    let text = match &s.help {
        Some(h) => format!("{}: not checked: {} ({h})", s.path, s.reason),
        None => format!("{}: not checked: {}", s.path, s.reason),
    };
    Notification {
        level: if s.error { "error" } else { "note" },
        message: Text::plain(text),
        locations: vec![Location {
            id: None,
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri: uri(&s.path), index: None },
                region: None,
            },
            message: None,
        }],
    }
}

fn log(result: &RunResult) -> Log {
    let (rules, index) = rule_table(result);
    let mut artifacts = Vec::new();
    let mut results = Vec::new();
    for (i, file) in result.files.iter().enumerate() {
        let path = file.display_path();
        let artifact = ArtifactLocation { uri: uri(&path), index: Some(i) };
        artifacts.push(Artifact {
            location: ArtifactLocation { uri: artifact.uri.clone(), index: None },
            length: file.length,
            source_language: match crate::document::Format::from_path(&file.path) {
                crate::document::Format::Markdown => "markdown",
                crate::document::Format::Plain => "plaintext",
            },
            properties: Some(ArtifactProperties { language: file.language.code() }),
        });
        let positions = Positions::new(file);
        results.extend(file.findings.iter().map(|f| result_of(file, &artifact, &positions, f, &index)));
    }
    let mut notifications: Vec<Notification> = result.skipped.iter().map(notification).collect();
    notifications.extend(result.warnings.iter().map(|w| Notification {
        level: "warning",
        message: Text::plain(w),
        locations: vec![],
    }));
    Log {
        schema: SCHEMA,
        version: SARIF_VERSION,
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "cuadra",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules,
                },
            },
            invocations: vec![Invocation {
                execution_successful: !result.had_input_errors(),
                tool_execution_notifications: notifications,
            }],
            artifacts,
            results,
            column_kind: "unicodeCodePoints",
        }],
    }
}

/// The run as a SARIF log (a JSON value).
#[must_use]
pub fn document(result: &RunResult) -> serde_json::Value {
    serde_json::to_value(log(result)).unwrap_or(serde_json::Value::Null)
}

/// Write the run as a pretty-printed SARIF log.
///
/// # Errors
/// Writing failed.
pub fn write(result: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(result))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(uri("fixtures/seeds/a.md"), "fixtures/seeds/a.md");
        assert_eq!(uri("boletines/año 3#.md"), "boletines/a%C3%B1o%203%23.md");
        assert_eq!(uri("/tmp/x y.md"), "file:///tmp/x%20y.md");
        assert_eq!(uri("C:/b/x.md"), "file:///C:/b/x.md");
        assert_eq!(uri("100%.md"), "100%25.md");
    }

    #[test]
    fn names_and_sentences() {
        assert_eq!(pascal_name("placeholder.x-marks"), "PlaceholderXMarks");
        assert_eq!(first_sentence("Finds `XX`. Not in siglo XX."), "Finds `XX`.");
        assert_eq!(first_sentence("No period here"), "No period here");
        assert_eq!(first_sentence("Line one\n\nLine two. More."), "Line one");
        assert_eq!(first_sentence("Runs: `No. 2__/2024`, e.g. this. Then more."), "Runs: `No. 2__/2024`, e.g. this.");
    }

    #[test]
    fn levels() {
        assert_eq!(level(Severity::Info), "note");
        assert_eq!(level(Severity::Error), "error");
    }
}

//! The command line: arguments, subcommands, exit codes.
//!
//! Only this module and `report` write to the terminal.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::config::Config;
use crate::diagnostic::Severity;
use crate::engine::{self, RunOptions};
use crate::error::{ConfigErrors, TomlError};
use crate::report::{self, Format, Summary, human};
use crate::rules::{self, Rule, RuleLoader};
use crate::{fix, progress};
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXIT_CODES: &str = "\
Exit codes:
  0  no finding at or above the --fail-on level
  1  findings at or above the --fail-on level
  2  usage or configuration error, or a file that could not be read";

/// cuadra: a consistency linter for press bulletins.
#[derive(Debug, Parser)]
#[command(name = "cuadra", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check bulletins (files, directories, or `-` for standard input).
    Check(CheckArgs),
    /// List the active rules, or test rule files against their own examples.
    Rules(RulesArgs),
    /// Show a rule's documentation, examples and definition.
    Explain(ExplainArgs),
    /// List every figure cuadra reads in a bulletin: value, kind, qualifier, unit, place.
    Facts(FactsArgs),
    /// Write the editorial report: one HTML page, or Markdown for a pull-request comment.
    Report(ReportArgs),
}

/// Output formats of `cuadra facts`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FactsFormat {
    /// One figure a line.
    Human,
    /// One JSON document.
    Json,
}

#[derive(Debug, Args)]
struct FactsArgs {
    /// The bulletin (`-` reads standard input).
    path: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FactsFormat::Human)]
    format: FactsFormat,
    /// Read the text as this language instead of guessing it.
    #[arg(long, value_name = "es|en")]
    language: Option<String>,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Lowest severity that makes the run fail (exit 1). Default: `fail-on` in cuadra.toml, else `error`.
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_on: Option<Level>,
    /// Print findings only: no summary, no notes.
    #[arg(short, long)]
    quiet: bool,
    /// No colours (also when NO_COLOR is set or output is not a terminal).
    #[arg(long)]
    no_color: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// File name to show (and to pick the format by) for standard input.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Write the report (or the diff) to FILE instead of standard output, atomically.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Apply the safe fixes findings carry, then check again and report what is left.
    #[arg(long, help_heading = "Fixes")]
    fix: bool,
    /// Print the safe fixes as a unified diff and write no file (exit 1 if there are any).
    #[arg(long, conflicts_with_all = ["fix", "format"], help_heading = "Fixes")]
    diff: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// What `check` and `report` share: which configuration and rules, and the network.
#[derive(Debug, Args)]
struct RunArgs {
    /// Use this configuration file instead of looking for `cuadra.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules or families (comma-separated or repeated).
    #[arg(long, value_name = "ID|FAMILY", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules or families (comma-separated or repeated).
    #[arg(long, value_name = "ID|FAMILY", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Check links over the network (also `online = true` in cuadra.toml).
    #[arg(long, help_heading = "Network")]
    online: bool,
    /// Do not check links over the network, whatever the configuration says.
    #[arg(long, conflicts_with = "online", help_heading = "Network")]
    offline: bool,
    /// Do not read or write the link cache (`.cuadra-cache`).
    #[arg(long, help_heading = "Network")]
    no_cache: bool,
}

impl RunArgs {
    /// The engine's options; `link_progress` shows links being checked on the terminal.
    fn options(&self, stdin_name: Option<PathBuf>, link_progress_shown: bool) -> RunOptions {
        RunOptions {
            config: self.config.clone(),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            stdin_name,
            online: if self.online {
                Some(true)
            } else if self.offline {
                Some(false)
            } else {
                None
            },
            online_options: crate::linkcheck::OnlineOptions {
                no_cache: self.no_cache,
                progress: (link_progress_shown && std::io::stderr().is_terminal())
                    .then_some(link_progress as fn(usize, usize)),
            },
            progress: None,
            lean: false,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Level {
    Error,
    Warning,
    Info,
}

impl From<Level> for Severity {
    fn from(l: Level) -> Self {
        match l {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            Level::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Args)]
struct RulesArgs {
    #[command(subcommand)]
    action: Option<RulesAction>,
    /// Configuration file (default: `cuadra.toml` found from the current directory).
    #[arg(long, value_name = "FILE", global = true)]
    config: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum RulesAction {
    /// List the rules with their severity (the default).
    List,
    /// Run every rule's examples: texts it must flag and texts it must leave alone.
    Test {
        /// Rule files to test (default: the built-in rules and those of the configuration).
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// A rule id, such as `placeholder.underscores`.
    id: String,
    /// Configuration file (default: `cuadra.toml` found from the current directory).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Parse the command line and run; the binary's whole `main`.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules_cmd(args),
        Command::Explain(args) => explain(&args),
        Command::Facts(args) => facts(&args),
        Command::Report(args) => report_cmd(&args),
    };
    ExitCode::from(code)
}

fn print_config_errors(errors: Vec<TomlError>) -> u8 {
    let report = miette::Report::new(ConfigErrors { problems: errors });
    eprintln!("{report:?}");
    2
}

/// Links checked so far, on one terminal line.
fn link_progress(done: usize, total: usize) {
    eprint!("\r\x1b[2Kchecking links: {done}/{total}");
    if done == total {
        eprintln!();
    }
}

fn use_color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 40).unwrap_or(100)
}

fn check(args: CheckArgs) -> u8 {
    if let Some(n) = args.threads
        && let Err(e) = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global()
    {
        eprintln!("error: cannot start {n} threads: {e}");
        return 2;
    }
    let mut options = args.run.options(args.stdin_filename.clone(), !args.format.is_machine());
    // The check's reports show only files with findings (SARIF lists every file, by length).
    options.lean = true;
    let bar = progress::wanted(args.format, args.quiet, std::io::stderr().is_terminal(), &|k| std::env::var(k).ok())
        .then(progress::FileProgress::new);
    options.progress = bar.as_ref().map(progress::FileProgress::callback);
    let run = || {
        let result = engine::run(&args.paths, &options);
        if let Some(b) = &bar {
            b.finish();
        }
        result
    };
    let mut result = match run() {
        Ok(r) => r,
        Err(errors) => return print_config_errors(errors),
    };
    let stdin_shown = args
        .paths
        .iter()
        .any(|p| p.as_os_str() == "-")
        .then(|| args.stdin_filename.clone().unwrap_or_else(|| PathBuf::from("-")));
    if args.diff {
        return diff(&args, &result, &options, stdin_shown.as_deref());
    }
    let mut not_fixed = 0;
    if args.fix {
        let plans = match fix::plan(&result, &options, stdin_shown.as_deref()) {
            Ok(p) => p,
            Err(errors) => return print_config_errors(errors),
        };
        let mut written = (0, 0);
        for plan in &plans {
            match fix::write(plan) {
                Ok(()) => written = (written.0 + plan.applied.len(), written.1 + 1),
                Err(e) => {
                    eprintln!("error: {}: not fixed: {e}", plan.display_path());
                    not_fixed += 1;
                }
            }
            if !plan.converged {
                eprintln!("warning: {}: fixes did not settle after {} passes", plan.display_path(), fix::MAX_PASSES);
            }
        }
        if written.1 > 0 {
            if !args.quiet {
                let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
                eprintln!("fixed {} in {}", plural(written.0, "finding"), plural(written.1, "file"));
            }
            // Check again: the report shows what is left, with positions in the new text.
            result = match run() {
                Ok(r) => r,
                Err(errors) => return print_config_errors(errors),
            };
        }
    }
    let fail_on = args.fail_on.map(Severity::from).or(result.fail_on).unwrap_or(Severity::Error);
    let to_file = args.output.as_ref().is_some_and(|o| o.as_os_str() != "-");
    let mut err = std::io::stderr();
    let written = emit(args.output.as_deref(), &result, &mut |out| match args.format {
        Format::Human => human::write(
            &result,
            human::Style { color: !to_file && use_color(args.no_color), width: width() },
            args.quiet,
            out,
            &mut err,
        ),
        Format::Json => report::json::write(&result, out),
        Format::Sarif => report::sarif::write(&result, out),
        Format::Github => report::github::write(&result, out),
        Format::Junit => report::junit::write(&result, out),
    });
    if let Err(e) = written {
        eprintln!("error: cannot write the report: {e}");
        return 2;
    }
    if args.format == Format::Github
        && let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|v| !v.is_empty())
        && let Err(e) = report::github::append_step_summary(std::path::Path::new(&summary), &result)
    {
        eprintln!("warning: cannot write the job summary: {e}");
    }
    for w in &result.warnings {
        eprintln!("warning: {w}");
    }
    let summary = Summary::of(&result);
    if result.had_input_errors() || not_fixed > 0 {
        2
    } else if summary.at_or_above(fail_on) > 0 {
        1
    } else {
        0
    }
}

/// Write output made by `write` to `--output` (atomically) or to standard output. A closed
/// pipe on standard output (`| head`) is not an error.
fn emit(
    output: Option<&std::path::Path>,
    inputs: &engine::RunResult,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    match output.filter(|o| o.as_os_str() != "-") {
        // `check . -o boletin.md` replaced the bulletin with the report: refuse, as `report` does.
        Some(path) if report::output::is_input(path, inputs) => {
            Err(std::io::Error::other(report::output::OutputError::IsInput(path.to_path_buf()).to_string()))
        }
        Some(path) => {
            let mut buf = Vec::new();
            write(&mut buf)?;
            crate::atomic::write(path, &buf)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            match write(&mut out).and_then(|()| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            }
        }
    }
}

/// `check --diff`: the fixes as a unified diff; no file is written. Exit 1 when there are fixes.
fn diff(args: &CheckArgs, result: &engine::RunResult, options: &RunOptions, stdin: Option<&std::path::Path>) -> u8 {
    let plans = match fix::plan(result, options, stdin) {
        Ok(p) => p,
        Err(errors) => return print_config_errors(errors),
    };
    let text: String = plans.iter().map(fix::unified_diff).collect();
    if let Err(e) = emit(args.output.as_deref(), result, &mut |out| out.write_all(text.as_bytes())) {
        eprintln!("error: cannot write the diff: {e}");
        return 2;
    }
    if !args.quiet {
        let fixes: usize = plans.iter().map(|p| p.applied.len()).sum();
        if plans.is_empty() {
            eprintln!("no fixes to apply");
        } else {
            eprintln!(
                "{fixes} fix{} in {} file{} (run with --fix to apply)",
                if fixes == 1 { "" } else { "es" },
                plans.len(),
                if plans.len() == 1 { "" } else { "s" }
            );
        }
    }
    if result.had_input_errors() { 2 } else { u8::from(!plans.is_empty()) }
}

fn load_config(path: Option<&PathBuf>) -> Result<Config, Vec<TomlError>> {
    match path.cloned().or_else(|| Config::discover(std::path::Path::new("."))) {
        Some(p) => Config::load(&p),
        None => Ok(Config::builtin()),
    }
}

fn rules_cmd(args: RulesArgs) -> u8 {
    match args.action.unwrap_or(RulesAction::List) {
        RulesAction::List => {
            let config = match load_config(args.config.as_ref()) {
                Ok(c) => c,
                Err(e) => return print_config_errors(e),
            };
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{:<34} {:<8} {:<11} {:<4} SEVERITY", "RULE", "LANG", "KIND", "ON");
            for r in &config.rules {
                let _ = writeln!(
                    out,
                    "{:<34} {:<8} {:<11} {:<4} {}",
                    r.meta.id,
                    r.meta.language.map_or("any", |l| l.code()),
                    r.meta.kind,
                    if r.meta.enabled { "yes" } else { "no" },
                    r.meta.severity
                );
            }
            0
        }
        RulesAction::Test { files } => {
            let rules: Vec<Rule> = if files.is_empty() {
                match load_config(args.config.as_ref()) {
                    Ok(c) => c.rules,
                    Err(e) => return print_config_errors(e),
                }
            } else {
                let mut loader = RuleLoader::default();
                let rules: Vec<Rule> = files.iter().flat_map(|f| loader.load_path(f, None)).collect();
                if !loader.errors.is_empty() {
                    return print_config_errors(loader.errors);
                }
                rules
            };
            let (failures, count) = rules::selftest::run(&rules);
            for f in &failures {
                println!(
                    "FAIL {} ({}): expected to {} on:\n    {}",
                    f.rule,
                    f.origin,
                    f.expected,
                    f.text.trim().replace('\n', "\n    ")
                );
                for x in &f.found {
                    println!("    found: {x}");
                }
            }
            println!("{} passed, {} failed", count - failures.len(), failures.len());
            u8::from(!failures.is_empty())
        }
    }
}

fn explain(args: &ExplainArgs) -> u8 {
    let config = match load_config(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => return print_config_errors(e),
    };
    let found: Vec<&Rule> = config.rules.iter().filter(|r| *r.meta.id == *args.id).collect();
    if found.is_empty() {
        eprintln!("error: no rule `{}`; `cuadra rules` lists them", args.id);
        return 2;
    }
    let mut out = std::io::stdout().lock();
    for r in found {
        let m = &r.meta;
        let _ = writeln!(
            out,
            "{} ({} rule, {}, language: {})",
            m.id,
            m.kind,
            m.severity,
            m.language.map_or("any", |l| l.code())
        );
        let _ = writeln!(out, "\n{}\n", m.description);
        if !m.examples.fail.is_empty() {
            let _ = writeln!(out, "Flags:");
            for e in &m.examples.fail {
                let _ = writeln!(out, "  ✗ {}", e.trim().replace('\n', "\n    "));
            }
        }
        if !m.examples.pass.is_empty() {
            let _ = writeln!(out, "Leaves alone:");
            for e in &m.examples.pass {
                let _ = writeln!(out, "  ✓ {}", e.trim().replace('\n', "\n    "));
            }
        }
        let _ = writeln!(out, "\nDefined in {}:\n\n{}\n", m.origin, m.definition.trim());
    }
    0
}

fn facts(args: &FactsArgs) -> u8 {
    use crate::document::{Document, Format as DocFormat};
    let source = match crate::input::read(&args.path, crate::config::DEFAULT_MAX_FILE_SIZE) {
        crate::input::Input::Text(t, _) => t,
        crate::input::Input::Skipped(why) | crate::input::Input::Failed(why, _) => {
            eprintln!("error: {}: {why}", args.path.display());
            return 2;
        }
    };
    let language = match args.language.as_deref().map(crate::lang::Language::from_code) {
        Some(Some(l)) => l,
        Some(None) => {
            eprintln!("error: unknown language (use es or en)");
            return 2;
        }
        None => crate::lang::Language::detect(&source),
    };
    let doc = Document::parse(&args.path, source, DocFormat::from_path(&args.path));
    let policy = crate::links::LinkPolicy::builtin();
    let facts = crate::facts::Facts::new(&doc, language, policy);
    let figures = facts.figures();
    let rows: Vec<serde_json::Value> = figures
        .all
        .iter()
        .map(|f| {
            let (line, column) = doc.line_col(f.span.start);
            let block = &doc.blocks[f.block];
            serde_json::json!({
                "line": line,
                "column": column,
                "offset": f.span.start,
                "length": f.span.len(),
                "text": crate::words::one_line(doc.slice(f.span)),
                "value": f.q.value.normalize().to_string(),
                "kind": format!("{:?}", f.q.kind).to_lowercase(),
                "qualifier": format!("{:?}", f.q.qualifier).to_lowercase(),
                "granularity": f.q.granularity.normalize().to_string(),
                "unit": f.q.unit.clone().map(|u| crate::words::one_line(&block.text()[u])),
                "unit_head": f.q.unit_head,
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        FactsFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({"language": language.code(), "figures": rows}))
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        }
        FactsFormat::Human => rows.iter().try_for_each(|r| {
            writeln!(
                out,
                "{:>4}:{:<4} {:>14} {:<8} {:<10} {:<22} «{}»",
                r["line"],
                r["column"],
                r["value"].as_str().unwrap_or(""),
                r["kind"].as_str().unwrap_or(""),
                r["qualifier"].as_str().unwrap_or(""),
                r["unit_head"].as_str().unwrap_or("-"),
                r["text"].as_str().unwrap_or(""),
            )
        }),
    };
    match written {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

// ---- `cuadra report` --------------------------------------------------------------------

#[derive(Debug, Args)]
struct ReportArgs {
    /// Files or directories to report on; `-` reads standard input.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,
    /// Write the report to this file (atomically; never over a checked bulletin).
    /// Without it, or with `-`, the report goes to standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Markdown for a pull-request comment (under GitHub's 65,536-character limit) instead of HTML.
    #[arg(long)]
    markdown: bool,
    #[command(flatten)]
    run: RunArgs,
}

/// Exit 0 when the report is written (findings do not fail it: `check` is the gate), 2 on a
/// configuration error, an unreadable input (the report is still written) or a failed write.
fn report_cmd(args: &ReportArgs) -> u8 {
    let options = args.run.options(None, true);
    let result = match engine::run(&args.paths, &options) {
        Ok(r) => r,
        Err(errors) => return print_config_errors(errors),
    };
    // Whether the run checked links online: forced by a flag, else as the configuration of
    // the first path says (the one `fail-on` is read from too).
    let checked_online = options.online.unwrap_or_else(|| {
        let file = args.run.config.clone().or_else(|| args.paths.first().and_then(|p| Config::discover(p)));
        file.and_then(|f| Config::load(&f).ok()).is_some_and(|c| c.online)
    });
    let report_options = report::editorial::ReportOptions {
        date: Some(report::texts::CivilDate::of(std::time::SystemTime::now())),
        checked_online,
    };
    let text = if args.markdown {
        report::markdown::render(&result, &report_options)
    } else {
        report::html::render(&result, &report_options)
    };
    for s in result.skipped.iter().filter(|s| s.error) {
        eprintln!("error: {}: {}", s.path, s.reason);
    }
    for w in &result.warnings {
        eprintln!("warning: {w}");
    }
    let to_file = args.output.as_deref().filter(|p| *p != std::path::Path::new("-"));
    let written = match to_file {
        None => match std::io::stdout().lock().write_all(text.as_bytes()) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the report: {e}")),
            _ => Ok(()),
        },
        Some(p) => report::output::write_atomically(p, text.as_bytes(), &result).map_err(|e| e.to_string()),
    };
    if let Err(e) = written {
        eprintln!("error: {e}");
        return 2;
    }
    if let Some(p) = to_file {
        eprintln!("{}: {}", p.display(), human::summary_line(&Summary::of(&result)));
    }
    if result.had_input_errors() { 2 } else { 0 }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}

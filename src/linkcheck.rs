//! Checking a whole run's links over the network (`--online`).
//!
//! Runs after every file has been checked: the absolute http(s) links of all files are
//! deduplicated and handed to one [`LinkChecker`], so a link shared by fifty bulletins is
//! fetched once. Each status becomes a finding of the file's `link.broken`,
//! `link.unverifiable` or `link.redirected` rule, on every place the link is written.

use crate::config::Config;
use crate::diagnostic::Finding;
use crate::engine::{FileReport, sort_findings};
use crate::links::online::{BrokenReason, CachePath, LinkChecker, LinkStatus, reason_phrase};
use crate::rules::{Check, LinkCheck};
use std::collections::BTreeSet;
use std::sync::Arc;

/// How the online pass runs.
#[derive(Debug, Clone, Default)]
pub struct OnlineOptions {
    /// Do not read or write the cache file.
    pub no_cache: bool,
    /// Called with (done, total) as links are checked.
    pub progress: Option<fn(usize, usize)>,
}

/// Whether a target is something the network checker should fetch.
fn fetchable(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

fn url_of(target: &str) -> String {
    let t = target.trim();
    if t.to_ascii_lowercase().starts_with("www.") { format!("https://{t}") } else { t.to_string() }
}

/// The status in a few words, for `{status}` in messages.
#[must_use]
pub fn describe(status: &LinkStatus) -> String {
    match status {
        LinkStatus::Ok { code } => format!("HTTP {code}"),
        LinkStatus::Redirected { code, final_url, .. } => format!("HTTP {code} → {final_url}"),
        LinkStatus::Broken { reason } => match reason {
            BrokenReason::Status { code, .. } => format!("HTTP {code} {}", reason_phrase(*code)),
            BrokenReason::HostNotFound { host } => format!("no such host: {host}"),
            BrokenReason::ConnectionRefused { host } => format!("connection refused by {host}"),
            BrokenReason::InvalidUrl { detail } | BrokenReason::BadRedirect { detail } => detail.clone(),
        },
        LinkStatus::Unverifiable { reason } => reason.clone(),
        LinkStatus::Refused { reason } => format!("not checked: {reason}"),
    }
}

/// Check the links of `files` (each with its configuration) and add the findings.
/// Returns warnings to show (a corrupt cache, for instance).
pub fn check(files: &mut [(FileReport, Arc<Config>)], options: &OnlineOptions) -> Vec<String> {
    let urls: BTreeSet<String> = files
        .iter()
        .filter(|(_, c)| c.online)
        .flat_map(|(f, _)| f.links.iter().filter(|(t, _)| fetchable(t)).map(|(t, _)| url_of(t)))
        .collect();
    if urls.is_empty() {
        return Vec::new();
    }
    let urls: Vec<String> = urls.into_iter().collect();
    // One checker per run: settings from the first configuration that asks for it.
    let Some((_, config)) = files.iter().find(|(_, c)| c.online) else { return Vec::new() };
    let cache = (!options.no_cache).then(CachePath::default);
    let checker = LinkChecker::new(config.online_config.clone(), cache);
    let progress = options.progress.map(|p| move |d: usize, t: usize| p(d, t));
    let statuses = checker.check_all(&urls, progress.as_ref().map(|p| p as &dyn Fn(usize, usize)));
    let by_url: std::collections::HashMap<&str, &LinkStatus> = statuses.iter().map(|(u, s)| (u.as_str(), s)).collect();
    for (file, config) in files.iter_mut().filter(|(_, c)| c.online) {
        let mut found: Vec<Finding> = Vec::new();
        for (target, span) in file.links.iter().filter(|(t, _)| fetchable(t)) {
            let Some(status) = by_url.get(url_of(target).as_str()) else { continue };
            let wanted = match status {
                LinkStatus::Ok { .. } | LinkStatus::Redirected { permanent: false, .. } => continue,
                LinkStatus::Redirected { .. } => LinkCheck::Redirected,
                LinkStatus::Broken { .. } => LinkCheck::Broken,
                LinkStatus::Unverifiable { .. } | LinkStatus::Refused { .. } => LinkCheck::Unverifiable,
            };
            let rule = config.rules.iter().find(|r| {
                r.meta.enabled
                    && r.meta.language.is_none_or(|l| l == file.language)
                    && matches!(&r.check, Check::Link(l) if l.check == wanted)
            });
            let Some(rule) = rule else { continue };
            let text = describe(status);
            let detail = match status {
                LinkStatus::Redirected { final_url, .. } => final_url.clone(),
                _ => text.clone(),
            };
            found.push(rule.meta.finding(*span, &|v| match v {
                "url" => target.clone(),
                "status" => text.clone(),
                _ => detail.clone(),
            }));
        }
        file.findings.append(&mut found);
        sort_findings(&mut file.findings);
    }
    checker.take_warnings()
}

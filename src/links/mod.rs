//! Link extraction helpers and the offline link checks (the `link` rule family).
//!
//! This module is pure: no I/O, no network. It answers three questions for the engine:
//!
//! 1. *Where are the links?* The Markdown document model already yields inline, reference and
//!    autolinks with their target spans. This module adds bare URLs in prose
//!    ([`find_bare_urls`], which also finds malformed would-be URLs such as `htps://…` or
//!    `www.imss. gob.mx`) and `href`/`src` values in raw HTML ([`find_html_links`]).
//! 2. *Is this target wrong on its face?* [`check_target`] (for a URL found in prose) and
//!    [`check_destination`] (for a Markdown link destination or an HTML attribute value)
//!    classify one target into zero or more [`LinkProblem`]s.
//! 3. *Does the link text show another URL?* [`check_text_vs_target`].
//!
//! Host lists and placeholder forms are data (`rules/links.toml`, see [`LinkPolicy`]).
//!
//! # Wiring (for the engine)
//!
//! - Markdown link/image destination → [`check_destination`]; its text →
//!   [`check_text_vs_target`]. An autolink (`<https://…>`) is a destination too.
//! - Raw HTML chunk → [`find_html_links`] → [`check_destination`] on each value.
//! - Prose → [`find_bare_urls`] → [`check_target`] on each span. Join consecutive text
//!   events of a block before searching: pulldown-cmark splits text at `[`, `]`, `_`, `*`,
//!   and a URL (or an image whose destination has spaces, `![](http://…/p8 foto.jpg)`, which
//!   CommonMark leaves as text) must be seen whole. Link text is not prose here.
//! - Spans are relative to the string passed in; map them back with the document's offsets.
//! - [`LinkProblemKind::rule_id`] and [`LinkProblemKind::default_severity`] give the rule;
//!   [`LinkProblem::detail`] fills `{detail}` in its message; [`MalformedReason::code`]
//!   selects a per-reason help line.
//!
//! # Invariants
//!
//! - Every span returned is a byte range into the string that was passed in, and both ends lie
//!   on `char` boundaries, for any input (property-tested).
//! - No function panics on any input.
//! - Finding URLs is cheap: [`find_bare_urls`] only looks at `/`, `\` and `.` bytes (memchr),
//!   so prose without URLs costs one SIMD scan.

mod extract;
mod host;
mod mismatch;
mod offline;
pub mod online;
mod policy;
mod scheme;

use std::ops::Range;

pub use extract::{find_bare_urls, find_bare_urls_with, find_html_links};
pub use mismatch::check_text_vs_target;
pub use offline::{check_destination, check_target};
pub use policy::{DomainsSpec, HostListsSpec, LinkPolicy, LinkPolicySpec, PlaceholderSpec, PolicyError};

/// One problem found in one link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProblem {
    /// What is wrong; maps one-to-one to a rule id (see [`LinkProblemKind::rule_id`]).
    pub kind: LinkProblemKind,
    /// Byte range of the offending part, within the target string that was checked.
    pub span: Range<usize>,
    /// The offending text or the matched list entry, for the message template (`{detail}`):
    /// the misspelled scheme (`htps://`), the host (`www.imss. gob.mx`), the matched host entry
    /// (`swisstransfer.com`), the URL shown as link text. Language-neutral.
    pub detail: String,
    /// Why a [`LinkProblemKind::Malformed`] target is malformed; `None` for other kinds.
    pub reason: Option<MalformedReason>,
    /// A suggested edit of the target, if one is known.
    pub fix: Option<LinkFix>,
}

/// An edit of the checked target: replace `span` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkFix {
    /// Byte range within the checked target (may be empty: an insertion).
    pub span: Range<usize>,
    /// The new text for `span`.
    pub replacement: String,
    /// `true` when applying the fix cannot change where the link leads except as intended
    /// (`http://` → `https://` on a host known to serve HTTPS, spaces → `%20`); `false` for a
    /// best guess (`htps://` → `https://`).
    pub safe: bool,
}

impl LinkFix {
    /// The target with this fix applied. Returns the target unchanged if the span does not fit
    /// it (a fix is only meaningful for the target it was computed on).
    #[must_use]
    pub fn apply(&self, target: &str) -> String {
        match (target.get(..self.span.start), target.get(self.span.end..)) {
            (Some(before), Some(after)) if self.span.start <= self.span.end => {
                format!("{before}{}{after}", self.replacement)
            }
            _ => target.to_owned(),
        }
    }
}

/// The kinds of offline link problems. Each is one rule (`link.<name>`).
///
/// The doc of each variant carries the proposed Spanish `message` and `help` for the rule
/// file; `{detail}` is [`LinkProblem::detail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LinkProblemKind {
    /// A URL that cannot work as written: misspelled scheme (`http//`, `http:/`, `htps://`,
    /// `htttp://`, `https;//`), space in the host or in the URL, host ending in a dot,
    /// invalid host characters, empty host, doubled scheme, unparsable URL, bad `mailto:`.
    /// Error. See [`MalformedReason`] for the per-reason help.
    ///
    /// - message: `Enlace mal formado: «{detail}»`
    /// - help: per reason (see [`MalformedReason`]).
    Malformed,
    /// A link with no target at all (`[texto]()`, `href=""`). Error.
    ///
    /// - message: `Enlace vacío: el texto no lleva a ninguna dirección`
    /// - help: `Escriba la dirección completa entre los paréntesis, o quite el enlace.`
    Empty,
    /// A stand-in target left in the draft (`URL`, `aquí va el link`, `#`, `https://`,
    /// `example.com`, `{{url}}`, `XXX`). Error.
    ///
    /// - message: `Enlace sin completar: «{detail}»`
    /// - help: `Sustituya el marcador por la dirección definitiva antes de publicar.`
    Placeholder,
    /// A Markdown or HTML link target written without a scheme (`[sitio](www.imss.gob.mx)`):
    /// the browser resolves it as a path on the current site, so the link breaks. Error.
    /// Only reported by [`check_destination`]; in prose, `www.…` is fine.
    ///
    /// - message: `Al enlace «{detail}» le falta «https://»: el navegador lo abrirá como una ruta del sitio`
    /// - help: `Escriba la dirección completa, empezando por https://.`
    MissingScheme,
    /// A file-transfer link that expires in days (WeTransfer, SwissTransfer, …). Error.
    ///
    /// - message: `Enlace de descarga temporal ({detail}): caducará en unos días`
    /// - help: `Publique el archivo en un sitio permanente (el portal institucional, un canal de video, un repositorio de fotos) y enlace esa dirección.`
    Expiring,
    /// A cloud-drive folder or file (Google Drive, Dropbox, OneDrive, iCloud, MEGA, …).
    /// Warning.
    ///
    /// - message: `Enlace a una carpeta o archivo en la nube ({detail})`
    /// - help: `Compruebe que cualquier persona con el enlace pueda abrirlo sin pedir permiso, o publique el material en un sitio permanente.`
    CloudDrive,
    /// A URL shortener hides the destination (bit.ly, goo.gl, t.co, …). Warning.
    ///
    /// - message: `Enlace acortado ({detail}): el lector no ve a dónde lleva`
    /// - help: `Use la dirección completa de destino; los acortadores ocultan el destino y dejan de funcionar cuando el servicio cierra.`
    Shortener,
    /// `http://` to a host known to serve HTTPS. Warning, with a safe fix.
    ///
    /// - message: `Enlace sin cifrar a {detail}, que ofrece https`
    /// - help: `Use https:// en lugar de http://.`
    InsecureHttp,
    /// The link text shows one URL and the link leads to another. Warning.
    ///
    /// - message: `El texto del enlace muestra «{detail}», pero el enlace lleva a otra dirección`
    /// - help: `Haga que el texto y la dirección coincidan, o use un texto descriptivo que no sea una dirección.`
    TextTargetMismatch,
}

impl LinkProblemKind {
    /// Every kind, in a stable order.
    pub const ALL: [Self; 9] = [
        Self::Malformed,
        Self::Empty,
        Self::Placeholder,
        Self::MissingScheme,
        Self::Expiring,
        Self::CloudDrive,
        Self::Shortener,
        Self::InsecureHttp,
        Self::TextTargetMismatch,
    ];

    /// The stable rule id of this kind (`link.<name>`).
    #[must_use]
    pub const fn rule_id(self) -> &'static str {
        match self {
            Self::Malformed => "link.malformed",
            Self::Empty => "link.empty",
            Self::Placeholder => "link.placeholder",
            Self::MissingScheme => "link.missing-scheme",
            Self::Expiring => "link.expiring",
            Self::CloudDrive => "link.cloud-drive",
            Self::Shortener => "link.shortener",
            Self::InsecureHttp => "link.insecure-http",
            Self::TextTargetMismatch => "link.text-target-mismatch",
        }
    }

    /// The default severity as written in rule files: `"error"` or `"warning"`.
    #[must_use]
    pub const fn default_severity(self) -> &'static str {
        match self {
            Self::Malformed | Self::Empty | Self::Placeholder | Self::MissingScheme | Self::Expiring => "error",
            Self::CloudDrive | Self::Shortener | Self::InsecureHttp | Self::TextTargetMismatch => "warning",
        }
    }
}

/// Why a target is [`LinkProblemKind::Malformed`]. The doc of each variant is the proposed
/// Spanish help line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MalformedReason {
    /// `http//`, `http:/x`, `htps://`, `htttp://`, `https;//`, `http: //`, `http:\\`.
    ///
    /// help: `El inicio de la dirección debe escribirse exactamente «https://» (o «http://»).`
    SchemeMisspelled,
    /// `http://https://…`: the scheme was pasted twice.
    ///
    /// help: `La dirección repite el esquema; deje solo uno.`
    DoubledScheme,
    /// `http://ljz.mx/http://www.jornada.unam.mx/foto.jpg`: a whole URL pasted right after
    /// another site's address, or made site-relative by a stray slash
    /// (`/http://i.imgur.com/x.jpg`). The fix keeps the inner URL.
    ///
    /// help: `La dirección contiene otra dirección completa; deje solo la que lleva al destino.`
    NestedUrl,
    /// `https:///ruta`, `https://?q=1`: no host after the scheme.
    ///
    /// help: `Falta el nombre del sitio después de «https://».`
    EmptyHost,
    /// `www.imss. gob.mx`: whitespace inside the host name.
    ///
    /// help: `Quite el espacio del nombre del sitio.`
    SpaceInHost,
    /// `http://www.fovissste.gob.mx.`: the host name ends in a dot.
    ///
    /// help: `Quite el punto final del nombre del sitio.`
    HostEndsWithDot,
    /// `www..imss.gob.mx`, `.imss.gob.mx`: an empty label between dots.
    ///
    /// help: `El nombre del sitio tiene dos puntos seguidos; quite uno.`
    EmptyHostLabel,
    /// A character that cannot appear in a host name (`,`, `%`, `!`, a hyphen at the start or
    /// end of a label, an underscore in the domain itself).
    ///
    /// help: `El nombre del sitio contiene un carácter no válido.`
    InvalidHostChar,
    /// Whitespace in the path or query of an absolute URL. In Markdown this breaks the link or
    /// image outright (`![](http://sitio/p8 foto.jpg)` is shown as text). The fix writes `%20`.
    ///
    /// help: `Las direcciones no llevan espacios: escriba %20 en su lugar o renombre el archivo.`
    SpaceInUrl,
    /// `mailto:` without a valid address.
    ///
    /// help: `Escriba una dirección de correo completa después de «mailto:».`
    InvalidEmail,
    /// `file:///C:/Users/…` or `C:\Users\…`: a file on the editor's computer, which no
    /// reader can open.
    ///
    /// help: `El enlace apunta a un archivo de su computadora; publique el archivo y enlace su dirección.`
    LocalFile,
    /// Rejected by the URL parser for another reason (bad port, bad IPv6 literal, …);
    /// the parser's message is appended to [`LinkProblem::detail`].
    ///
    /// help: `Revise la dirección: no es una URL válida.`
    Unparsable,
}

impl MalformedReason {
    /// A stable kebab-case code, for per-reason help texts in rule files.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Self::SchemeMisspelled => "scheme-misspelled",
            Self::DoubledScheme => "doubled-scheme",
            Self::NestedUrl => "nested-url",
            Self::EmptyHost => "empty-host",
            Self::SpaceInHost => "space-in-host",
            Self::HostEndsWithDot => "host-ends-with-dot",
            Self::EmptyHostLabel => "empty-host-label",
            Self::InvalidHostChar => "invalid-host-char",
            Self::SpaceInUrl => "space-in-url",
            Self::InvalidEmail => "invalid-email",
            Self::LocalFile => "local-file",
            Self::Unparsable => "unparsable",
        }
    }
}

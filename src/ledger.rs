//! The ledger: every arithmetic statement a rule checked, right or wrong.
//!
//! Findings say what is wrong; the ledger also says what was verified, so the editorial
//! report can show each sum, ratio and restated figure with a ✓ or a ✗ and its computation.

use crate::span::Span;
use std::sync::Arc;

/// What kind of statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// Parts and their total.
    Sum,
    /// A percentage of two figures, or shares of a whole.
    Ratio,
    /// A change between two figures.
    Change,
    /// One figure stated twice.
    Restated,
    /// An ordinal stated twice.
    Ordinal,
}

/// One checked statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The rule that checked it.
    pub rule: Arc<str>,
    /// What kind of statement.
    pub check: Check,
    /// The figure the statement is about (a total, a percentage).
    pub span: Span,
    /// The other figures it involves.
    pub parts: Vec<Span>,
    /// The computation, as shown to the editor (`13 + 12 + 4 + 1 = 30`).
    pub computation: String,
    /// Whether it holds.
    pub ok: bool,
}

//! cuadra: a consistency linter for press bulletins.
//!
//! Data flows one way: paths → files ([`input`]) → [`document::Document`] → rules
//! ([`rules`]) → [`diagnostic::Finding`]s → reporters ([`report`]). The [`engine`] runs it.

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod cli;
pub mod config;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod error;
pub mod facts;
pub mod fix;
pub mod input;
pub mod lang;
pub mod ledger;
pub mod linkcheck;
pub mod links;
pub mod numbers;
pub mod progress;
pub mod report;
pub mod rules;
pub mod span;
pub mod suppress;
pub mod words;

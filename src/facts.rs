//! Facts: what is read from a document once and shared by every rule.
//!
//! The figures of every block are extracted by the language pack's number reader the
//! first time a rule asks for them, then reused: no rule re-reads the text for numbers.

use crate::dates::{self, Calendar, CheckOptions, DateFacts, DateProblem};
use crate::document::LinkKind;
use crate::document::{Block, Document};
use crate::lang::Language;
use crate::links::{self, LinkPolicy, LinkProblem};
use crate::numbers::{self, NumberLexicon, Quantity};
use crate::span::Span;
use crate::words::{self, Word};
use rayon::prelude::*;
use std::ops::Range;
use std::sync::OnceLock as OnceCell;

/// A figure read from a block of the document.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Index of the block in `Document::blocks`.
    pub block: usize,
    /// The figure as read (ranges into the block's prose text).
    pub q: Quantity,
    /// Where the figure is written in the source.
    pub span: Span,
}

impl Figure {
    /// Range of the figure in its block's text.
    #[must_use]
    pub fn range(&self) -> Range<usize> {
        self.q.span.clone()
    }
}

/// `read` of every block of `doc`, in order; on every thread for a large document.
fn per_block<T: Send>(doc: &Document, read: impl Fn(&Block) -> T + Sync) -> Vec<T> {
    if doc.is_large() { doc.blocks.par_iter().map(&read).collect() } else { doc.blocks.iter().map(read).collect() }
}

/// The figures of a whole document, in order.
#[derive(Debug, Default)]
pub struct Figures {
    /// Every figure, sorted by block then position.
    pub all: Vec<Figure>,
    /// For each block, the index range of its figures in `all`.
    by_block: Vec<Range<usize>>,
}

impl Figures {
    /// Read every block of `doc`.
    #[must_use]
    pub fn extract(doc: &Document, lexicon: &NumberLexicon) -> Self {
        let scanned = per_block(doc, |b| numbers::scan(b.text(), lexicon));
        let mut all = Vec::with_capacity(scanned.iter().map(Vec::len).sum());
        let mut by_block = Vec::with_capacity(doc.blocks.len());
        for ((i, b), quantities) in doc.blocks.iter().enumerate().zip(scanned) {
            let start = all.len();
            for q in quantities {
                if b.in_url(&q.span) {
                    continue;
                }
                let span = b.source_span(q.span.clone());
                all.push(Figure { block: i, q, span });
            }
            by_block.push(start..all.len());
        }
        Self { all, by_block }
    }

    /// The figures of block `i`.
    #[must_use]
    pub fn in_block(&self, i: usize) -> &[Figure] {
        self.by_block.get(i).map_or(&[], |r| &self.all[r.clone()])
    }
}

/// Facts of one document, computed on first use.
pub struct Facts<'a> {
    doc: &'a Document,
    language: Language,
    policy: &'a LinkPolicy,
    link_problems: OnceCell<Vec<(usize, LinkProblem)>>,
    figures: OnceCell<Figures>,
    words: OnceCell<Vec<Vec<Word>>>,
    dates: OnceCell<Dates<'a>>,
}

/// The dates of a document and what is wrong with them.
pub struct Dates<'a> {
    /// The language pack they were read with.
    pub calendar: &'static Calendar,
    /// Dates, dateline and bulletin number.
    pub facts: DateFacts,
    /// Problems found.
    pub problems: Vec<DateProblem>,
    doc: &'a Document,
}

impl Dates<'_> {
    /// The block texts the spans refer to.
    #[must_use]
    pub fn texts(&self) -> Vec<&str> {
        self.doc.blocks.iter().map(|b| b.text()).collect()
    }
}

impl<'a> Facts<'a> {
    /// Facts of `doc`, read as `language`, links judged by `policy`.
    #[must_use]
    pub fn new(doc: &'a Document, language: Language, policy: &'a LinkPolicy) -> Self {
        Self {
            doc,
            language,
            policy,
            link_problems: OnceCell::new(),
            figures: OnceCell::new(),
            words: OnceCell::new(),
            dates: OnceCell::new(),
        }
    }

    /// The language the document is read in.
    #[must_use]
    pub fn language(&self) -> Language {
        self.language
    }

    /// The number lexicon of the document's language.
    #[must_use]
    pub fn lexicon(&self) -> &'static NumberLexicon {
        match self.language {
            Language::Es => NumberLexicon::spanish(),
            Language::En => NumberLexicon::english(),
        }
    }

    /// Every figure of the document.
    pub fn figures(&self) -> &Figures {
        self.figures.get_or_init(|| Figures::extract(self.doc, self.lexicon()))
    }

    /// The words of block `i` (tokenized once for every rule that reads words).
    pub fn words(&self, i: usize) -> &[Word] {
        self.words.get_or_init(|| per_block(self.doc, |b| words::words(b.text()))).get(i).map_or(&[], Vec::as_slice)
    }

    /// The dates of the document, read and checked once.
    pub fn dates(&self) -> &Dates<'a> {
        self.dates.get_or_init(|| {
            let calendar = match self.language {
                Language::Es => Calendar::spanish(),
                Language::En => Calendar::english(),
            };
            let texts: Vec<&str> = self.doc.blocks.iter().map(|b| b.text()).collect();
            let facts = dates::scan(&texts, calendar);
            let problems = dates::check_with(&facts, &CheckOptions::default());
            Dates { calendar, facts, problems, doc: self.doc }
        })
    }

    /// Read every fact now, the four kinds side by side: for a large document, before its
    /// rules run in parallel (a rule must not find a fact half-read by another thread).
    pub fn read_all(&self) {
        rayon::join(
            || rayon::join(|| self.figures(), || self.words(0)),
            || rayon::join(|| self.dates(), || self.link_problems()),
        );
    }

    /// What is wrong with each link on its face: (index into `Document::links`, problem).
    pub fn link_problems(&self) -> &[(usize, LinkProblem)] {
        self.link_problems.get_or_init(|| {
            let mut out = Vec::new();
            for (i, link) in self.doc.links.iter().enumerate() {
                let problems = match link.kind {
                    LinkKind::Bare => links::check_target(&link.target, self.policy),
                    _ => links::check_destination(&link.target, self.policy),
                };
                out.extend(problems.into_iter().map(|p| (i, p)));
                if let Some(text) = &link.text
                    && let Some(p) = links::check_text_vs_target(text, &link.target)
                {
                    out.push((i, p));
                }
            }
            out
        })
    }
}

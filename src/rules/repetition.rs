//! `repetition`: words, phrases and paragraphs written twice.
//!
//! ## What it does
//! One kind, four checks (the `check` key):
//! - `doubled-word`: the same word twice in a row (`de de`), ignoring case and accents.
//!   Offers a safe fix that deletes the second word.
//! - `phrase`: a phrase of `min-words` or more words (at least two of them not
//!   `stopwords`) written twice inside one sentence, even apart: `El director de esta unidad
//!   médica, Doctor …, director de esta unidad médica, explicó`. Proper names (every
//!   content word capitalised) are left alone: institutions recur legitimately.
//! - `pasted-text`: a body paragraph, or a sentence of `min-words` or more words, that
//!   appears twice in one document. Summary bullets that restate the body are the house
//!   style and are not compared with it.
//! - `repeated-heading`: a heading written more than once (page headers carried over by a
//!   PDF conversion); reported once per document.
//!
//! ## Why is this bad?
//! Pasted text is the commonest slip of a rushed edit, and the hardest to see on re-reading.
//!
//! ## Example (TOML)
//! ```toml
//! [[rule]]
//! id = "repetition.phrase"
//! kind = "repetition"
//! check = "phrase"
//! min-words = 4
//! stopwords = ["de", "la", "el"]
//! message = "Frase repetida en la misma oración: «{phrase}»"
//! ```

use super::{Context, RuleMeta, RuleSpec, with_label};
use crate::diagnostic::{Edit, Finding, Fix};
use crate::document::{Block, BlockKind};
use crate::error::SpannedProblem;
use crate::words::{Word, fold, fold_key};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub(super) const FIELDS: &[&str] = &["check", "min-words", "max-distance", "allow", "stopwords"];
pub(super) const VARS: &[&str] = &["phrase", "word", "count"];

/// Words of a repeated phrase that must not be stopwords: fewer, and the repeat is a
/// turn of phrase (`en la vía pública`), not a slip.
const MIN_CONTENT_WORDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    DoubledWord,
    Phrase,
    PastedText,
    RepeatedHeading,
}

/// A compiled `repetition` rule.
#[derive(Debug, Clone)]
pub struct RepetitionRule {
    mode: Mode,
    min_words: usize,
    max_gap: usize,
    allow: HashSet<u64>,
    stopwords: HashSet<u64>,
}

pub(super) fn compile(spec: &RuleSpec, problems: &mut Vec<SpannedProblem>) -> Option<super::Check> {
    let Some(check) = &spec.check else {
        problems.push(
            SpannedProblem::new(format!("rule `{}` needs `check`", spec.id.get_ref()), spec.id.span())
                .help("check = \"doubled-word\" | \"phrase\" | \"pasted-text\" | \"repeated-heading\""),
        );
        return None;
    };
    let mode = match check.get_ref().as_str() {
        "doubled-word" => Mode::DoubledWord,
        "phrase" => Mode::Phrase,
        "pasted-text" => Mode::PastedText,
        "repeated-heading" => Mode::RepeatedHeading,
        other => {
            problems.push(
                SpannedProblem::new(format!("unknown repetition check `{other}`"), check.span())
                    .help("expected doubled-word, phrase, pasted-text or repeated-heading"),
            );
            return None;
        }
    };
    let min_words = spec.min_words.as_ref().map_or(
        match mode {
            Mode::PastedText => 8,
            _ => 4,
        },
        |m| *m.get_ref(),
    );
    if min_words < 2
        && let Some(m) = &spec.min_words
    {
        problems.push(SpannedProblem::new("`min-words` must be at least 2", m.span()));
    }
    let keys = |list: &Option<toml::Spanned<Vec<String>>>| -> HashSet<u64> {
        list.as_ref().map(|l| l.get_ref().iter().map(|w| fold_key(w)).collect()).unwrap_or_default()
    };
    Some(super::Check::Repetition(RepetitionRule {
        mode,
        min_words: min_words.max(2),
        max_gap: spec.max_distance.as_ref().map_or(8, |m| *m.get_ref()),
        allow: keys(&spec.allow),
        stopwords: keys(&spec.stopwords),
    }))
}

impl RepetitionRule {
    pub(super) fn check(&self, meta: &RuleMeta, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // Each block with its words, tokenized once per document for every rule.
        let blocks = cx
            .doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| meta.scope.includes(b.kind))
            .map(|(i, b)| (b, cx.facts.words(i)));
        match self.mode {
            Mode::DoubledWord => blocks.for_each(|(b, ws)| self.doubled_words(meta, &cx.doc.source, b, ws, out)),
            Mode::Phrase => {
                let mut index = NgramIndex::default();
                blocks.for_each(|(b, ws)| self.phrases(meta, b, ws, &mut index, out));
            }
            Mode::PastedText => self.pasted(meta, &blocks.collect::<Vec<_>>(), out),
            Mode::RepeatedHeading => self.headings(meta, &blocks.map(|(b, _)| b).collect::<Vec<_>>(), out),
        }
    }

    fn doubled_words(&self, meta: &RuleMeta, source: &str, block: &Block, ws: &[Word], out: &mut Vec<Finding>) {
        let text = block.text();
        for pair in ws.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a.key != b.key || a.numeric || self.allow.contains(&a.key) {
                continue;
            }
            // Only whitespace between: `de, de` and `de `x` de` are not doubled words.
            let gap = &text[a.range.end..b.range.start];
            if gap.is_empty() || !gap.chars().all(char::is_whitespace) || block.in_url(&(a.range.start..b.range.end)) {
                continue;
            }
            // `Bora Bora`, `Pago Pago`: names, when both halves are capitalised; `a A H1N1`:
            // a word followed by a letter or acronym in capitals.
            let (a_text, b_text) = (&text[a.range.clone()], &text[b.range.clone()]);
            let (a_caps, b_caps) = (is_all_caps(a_text), is_all_caps(b_text));
            if (a.capitalized && b.capitalized && !a_caps) || a_caps != b_caps {
                continue;
            }
            // `se dé de nuevo`: short words that differ only by an accent are different
            // words (dé/de, sé/se, él/el, más/mas); in longer ones the accent is a typo.
            if a_text.to_lowercase() != b_text.to_lowercase() && a_text.chars().count() < 4 {
                continue;
            }
            let word = &text[b.range.clone()];
            let span = block.source_span(a.range.start..b.range.end);
            let mut f = meta.finding(span, &|v| match v {
                "word" | "phrase" => word.to_string(),
                _ => "2".into(),
            });
            // Delete the gap and the second word, if they are written verbatim in the source.
            let del_text = a.range.end..b.range.end;
            let del = block.source_span(del_text.clone());
            if source.get(del.range()) == Some(&text[del_text]) {
                f.fix = Some(Fix {
                    description: format!("delete the repeated «{word}»"),
                    edits: vec![Edit { span: del, replacement: String::new() }],
                });
            }
            out.push(f);
        }
    }

    fn phrases(&self, meta: &RuleMeta, block: &Block, words: &[Word], index: &mut NgramIndex, out: &mut Vec<Finding>) {
        let text = block.text();
        for sentence in &block.sentences {
            let ws = within(words, sentence);
            if let Some((first, second, len)) = self.longest_repeat(ws, index) {
                let a = ws[first].range.start..ws[first + len - 1].range.end;
                let b = ws[second].range.start..ws[second + len - 1].range.end;
                if block.in_url(&a) || block.in_url(&b) {
                    continue;
                }
                let phrase = crate::words::one_line(&text[b.clone()]);
                let f = meta.finding(block.source_span(b.clone()), &|v| match v {
                    "count" => "2".into(),
                    _ => phrase.to_string(),
                });
                out.push(with_label(f, block.source_span(a), "primera aparición"));
            }
        }
    }

    /// The longest phrase written twice in `ws` (non-overlapping), as (first, second, length).
    fn longest_repeat(&self, ws: &[Word], index: &mut NgramIndex) -> Option<(usize, usize, usize)> {
        let n = self.min_words;
        if ws.len() < 2 * n {
            return None;
        }
        index.clear();
        let mut best: Option<(usize, usize, usize)> = None;
        // Comparing every earlier occurrence of an n-gram, and extending each match, is
        // cubic in the words of a sentence that repeats itself (`palabra palabra …` 4,000
        // times took 14 s; a 50 MB line never finished). Real sentences compare a handful of
        // pairs; a budget linear in the sentence's length bounds the rest. When it runs out,
        // the longest repeat found so far is reported: still a true repeat, maybe not the
        // longest one.
        let mut budget = ws.len().saturating_mul(64).max(1 << 16);
        'outer: for i in 0..=ws.len() - n {
            let key = seq_key(&ws[i..i + n]);
            let mut next = index.first(key);
            while let Some(j) = next {
                next = index.after(j);
                if j + n > i {
                    continue;
                }
                let mut len = 0;
                while i + len < ws.len() && j + len < i && ws[i + len].key == ws[j + len].key {
                    len += 1;
                }
                // A rewrite left half-done repeats itself within a few words; the same
                // phrase far apart is usually a parallel construction written on purpose.
                let gap = i - (j + len);
                if len >= n
                    && gap <= self.max_gap
                    && best.is_none_or(|b| len > b.2)
                    && self.is_phrase(&ws[j..j + len], &ws[i..i + len])
                {
                    best = Some((j, i, len));
                }
                budget = budget.saturating_sub(len + 1);
                if budget == 0 {
                    break 'outer;
                }
            }
            index.push(key, i);
        }
        best
    }

    /// A repeat counts when it has two content words, is not a number list, and is not a
    /// proper name (every content word capitalised in both places).
    fn is_phrase(&self, a: &[Word], b: &[Word]) -> bool {
        // Figures make parallel lists (`30 por ciento de … y 40 por ciento de …`).
        if a.iter().any(|w| w.numeric) {
            return false;
        }
        let content = |ws: &[Word]| ws.iter().filter(|w| !self.stopwords.contains(&w.key)).count();
        if content(a) < MIN_CONTENT_WORDS {
            return false;
        }
        let proper =
            |ws: &[Word]| ws.iter().filter(|w| !w.numeric && !self.stopwords.contains(&w.key)).all(|w| w.capitalized);
        !(proper(a) && proper(b))
    }

    fn pasted(&self, meta: &RuleMeta, blocks: &[(&Block, &[Word])], out: &mut Vec<Finding>) {
        // Summary bullets and headings restate the body by design; compare body text only.
        let (body, body_words): (Vec<&Block>, Vec<&[Word]>) = blocks
            .iter()
            .copied()
            .filter(|(b, _)| matches!(b.kind, BlockKind::Paragraph | BlockKind::BlockQuote | BlockKind::TableCell))
            .unzip();
        let mut paragraphs: HashMap<u64, usize> = HashMap::default();
        let mut pasted_blocks = HashSet::default();
        for (i, b) in body.iter().enumerate() {
            let ws = body_words[i];
            if ws.len() < self.min_words {
                continue;
            }
            let key = seq_key(ws);
            if let Some(&first) = paragraphs.get(&key) {
                let f = meta.finding(text_span(b), &|v| match v {
                    "count" => "2".into(),
                    _ => excerpt(b.text()),
                });
                out.push(with_label(f, text_span(body[first]), "primera aparición"));
                pasted_blocks.insert(i);
            } else {
                paragraphs.insert(key, i);
            }
        }
        let mut sentences: HashMap<u64, (usize, std::ops::Range<usize>)> = HashMap::default();
        for (i, b) in body.iter().enumerate() {
            for s in &b.sentences {
                let ws = within(body_words[i], s);
                if ws.len() < self.min_words {
                    continue;
                }
                let key = seq_key(ws);
                match sentences.get(&key) {
                    Some((first, range)) if !pasted_blocks.contains(&i) => {
                        let text = &b.text()[s.clone()];
                        let f = meta.finding(b.source_span(s.clone()), &|v| match v {
                            "count" => "2".into(),
                            _ => excerpt(text),
                        });
                        out.push(with_label(f, body[*first].source_span(range.clone()), "primera aparición"));
                    }
                    Some(_) => {}
                    None => {
                        sentences.insert(key, (i, s.clone()));
                    }
                }
            }
        }
    }

    fn headings(&self, meta: &RuleMeta, blocks: &[&Block], out: &mut Vec<Finding>) {
        let mut seen: HashMap<String, usize> = HashMap::default();
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if !matches!(b.kind, BlockKind::Heading(_)) {
                continue;
            }
            let key = fold(b.text().trim());
            if key.is_empty() {
                continue;
            }
            match seen.get(&key) {
                Some(&first) => repeats.push((first, i)),
                None => {
                    seen.insert(key, i);
                }
            }
        }
        let Some(&(first, second)) = repeats.first() else {
            return;
        };
        let heading = blocks[second].text().trim().to_string();
        let count = repeats.len() + 1;
        let mut f = meta.finding(text_span(blocks[second]), &|v| match v {
            "count" => count.to_string(),
            _ => heading.clone(),
        });
        f.labels.push(crate::diagnostic::Label { span: text_span(blocks[first]), text: "primera aparición".into() });
        for &(_, again) in &repeats[1..] {
            f.labels.push(crate::diagnostic::Label { span: text_span(blocks[again]), text: "repetido".into() });
        }
        out.push(f);
    }
}

/// A key for a run of words: their keys mixed in order (the keys are already hashes).
/// Where each n-gram of a sentence occurs, in order: the first occurrence of each key and,
/// for each position, the next position with the same key. One index serves every
/// sentence of a document (cleared in between): a map of vectors per sentence allocated
/// once per word.
#[derive(Default)]
struct NgramIndex {
    /// Key → (first position, last position).
    ends: HashMap<u64, (usize, usize)>,
    next: Vec<usize>,
}

impl NgramIndex {
    fn clear(&mut self) {
        self.ends.clear();
        self.next.clear();
    }

    fn first(&self, key: u64) -> Option<usize> {
        self.ends.get(&key).map(|&(first, _)| first)
    }

    fn after(&self, position: usize) -> Option<usize> {
        self.next.get(position).copied().filter(|&p| p != usize::MAX)
    }

    /// Record position `i` (positions are pushed in order, each once).
    fn push(&mut self, key: u64, i: usize) {
        debug_assert_eq!(self.next.len(), i);
        self.next.push(usize::MAX);
        match self.ends.get_mut(&key) {
            Some((_, last)) => {
                self.next[*last] = i;
                *last = i;
            }
            None => {
                self.ends.insert(key, (i, i));
            }
        }
    }
}

fn seq_key(ws: &[Word]) -> u64 {
    ws.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, w| (h ^ w.key).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(5))
}

/// The first words of a long text, for a message.
fn excerpt(text: &str) -> String {
    let t = crate::words::one_line(text);
    let cut: String = t.chars().take(60).collect();
    if cut.len() < t.len() { format!("{}…", cut.trim_end()) } else { cut }
}

fn is_all_caps(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
}

/// The words of a block, without its markup (`## `, `- `).
fn text_span(block: &Block) -> crate::span::Span {
    block.source_span(0..block.text().len())
}

/// The words of `ws` (sorted by position) that lie inside `range`.
fn within<'w>(ws: &'w [Word], range: &std::ops::Range<usize>) -> &'w [Word] {
    let from = ws.partition_point(|w| w.range.start < range.start);
    let to = ws.partition_point(|w| w.range.end <= range.end);
    &ws[from..to.max(from)]
}

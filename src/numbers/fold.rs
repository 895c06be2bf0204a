//! Word folding for lexicon look-ups: lowercase, accents and diacritics removed.
//!
//! Invariant: folding is a pure function of the word, applied identically to the lexicon
//! entries (at load time) and to the scanned text (per word, into a reused buffer, so the
//! hot path does not allocate). "MÁS", "más" and "mas" all fold to "mas"; "año" folds to
//! "ano" (ñ is folded too, because decomposed text writes it as n + U+0303 and both spellings
//! must meet). Folded strings are keys, never shown to users.

/// Appends the folded form of `word` to `out` (which the caller clears).
pub(crate) fn fold_into(word: &str, out: &mut String) {
    for c in word.chars() {
        fold_char_into(c, out);
    }
}

/// Appends the folded form of one char to `out`.
fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_combining_mark(c) {
        return;
    }
    match fold_latin(c) {
        Some(base) => out.push(base),
        None => out.extend(c.to_lowercase()),
    }
}

/// Calls `f` with each byte of the folded form of one char (what [`fold_char_into`] appends),
/// for hashing a word without writing it out.
#[inline]
pub(crate) fn fold_char_bytes(c: char, mut f: impl FnMut(u8)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase() as u8);
        return;
    }
    let u = c as u32;
    if (0x80..SMALL_END).contains(&u) {
        let (bytes, n) = &SMALL_FOLDS[(u - 0x80) as usize];
        if let Some(bytes) = bytes.get(..usize::from(*n)) {
            bytes.iter().copied().for_each(f);
            return;
        }
    }
    fold_char_bytes_slow(c, f);
}

/// Chars below this (and above ASCII) take [`SMALL_FOLDS`].
const SMALL_END: u32 = 0x400;

/// Up to eight folded bytes and their count.
type SmallFold = ([u8; 8], u8);

/// The folded bytes of the chars U+0080..U+03FF (accented Latin, Greek, combining marks),
/// computed once with [`fold_char_bytes_slow`]; a length past the array means "use it".
static SMALL_FOLDS: std::sync::LazyLock<Box<[SmallFold]>> = std::sync::LazyLock::new(|| {
    (0x80..SMALL_END)
        .map(|u| {
            let mut bytes = [0u8; 8];
            let mut n = 0usize;
            if let Some(c) = char::from_u32(u) {
                fold_char_bytes_slow(c, |b| {
                    if let Some(slot) = bytes.get_mut(n) {
                        *slot = b;
                    }
                    n += 1;
                });
            }
            (bytes, u8::try_from(n).unwrap_or(u8::MAX))
        })
        .collect()
});

/// [`fold_char_bytes`] for a non-ASCII char, the general way.
fn fold_char_bytes_slow(c: char, mut f: impl FnMut(u8)) {
    if is_combining_mark(c) {
        return;
    }
    let mut utf8 = [0u8; 4];
    match fold_latin(c) {
        Some(base) => base.encode_utf8(&mut utf8).bytes().for_each(f),
        None => {
            for l in c.to_lowercase() {
                l.encode_utf8(&mut utf8).bytes().for_each(&mut f);
            }
        }
    }
}

/// Returns the folded form of `word` as a new string (for load time and for unit heads).
pub(crate) fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// Combining diacritical marks (U+0300..=U+036F), as found in NFD text.
pub(crate) fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Base letter of an accented Latin letter, lowercased.
fn fold_latin(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ñ' | 'Ñ' => 'n',
        'ç' | 'Ç' => 'c',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("MÁS"), "mas");
        assert_eq!(fold("Dieciséis"), "dieciseis");
        assert_eq!(fold("año"), "ano");
        assert_eq!(fold("an\u{303}o"), "ano");
        assert_eq!(fold("Ω"), "ω");
    }

    #[test]
    fn fold_char_bytes_writes_what_fold_appends() {
        for c in (0..0x11_0000u32).filter_map(char::from_u32) {
            let mut bytes = Vec::new();
            fold_char_bytes(c, |b| bytes.push(b));
            let mut s = String::new();
            fold_char_into(c, &mut s);
            assert_eq!(bytes, s.as_bytes(), "{c:?}");
        }
    }
}

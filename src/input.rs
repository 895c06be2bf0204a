//! Reading a file to check: text, or a clear reason why not.
//!
//! Nothing here writes. Binary files and files over the size limit are skipped with a
//! note; invalid UTF-8 is an error naming the byte offset; UTF-16 with a byte-order mark is
//! decoded (its spans then refer to the decoded text, which is said in a note).

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// What reading a file gave.
#[derive(Debug)]
pub enum Input {
    /// UTF-8 text, and a note to show if it was decoded from another encoding.
    Text(Arc<str>, Option<String>),
    /// Not checked, for a reason that is not an error (binary, too large).
    Skipped(String),
    /// Not checked: an error.
    Failed(String, Option<String>),
}

/// How many leading bytes are looked at to tell binary from text.
const SNIFF: usize = 8192;

/// Read `path` (or standard input for `-`).
#[must_use]
pub fn read(path: &Path, max_size: u64) -> Input {
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        match std::io::stdin().lock().take(max_size + 1).read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => return Input::Failed(format!("cannot read standard input: {e}"), None),
        }
    } else {
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => return Input::Failed(io_message(&e), None),
        };
        match file.metadata() {
            Ok(m) if m.len() > max_size => {
                return Input::Skipped(format!(
                    "file is {} bytes, over the limit of {max_size}; raise `max-file-size` in cuadra.toml to check it",
                    m.len()
                ));
            }
            Ok(_) => {}
            Err(e) => return Input::Failed(io_message(&e), None),
        }
        // Read at most one byte past the limit: the length a device (`/dev/zero`), a pipe
        // or a file still growing reports says nothing of what it gives, and reading such a
        // path whole never ended and took all the memory.
        let mut buf = Vec::new();
        match file.take(max_size + 1).read_to_end(&mut buf) {
            Ok(_) => buf,
            Err(e) => return Input::Failed(io_message(&e), None),
        }
    };
    decode(bytes, max_size)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Turn a file's bytes into text.
#[must_use]
pub fn decode(bytes: Vec<u8>, max_size: u64) -> Input {
    if bytes.len() as u64 > max_size {
        return Input::Skipped(format!("input is over the limit of {max_size} bytes"));
    }
    if let Some(text) = decode_utf16(&bytes) {
        return match text {
            Ok(t) => {
                Input::Text(Arc::from(t), Some("UTF-16 file decoded; byte offsets refer to its UTF-8 text".into()))
            }
            Err(msg) => Input::Failed(msg, Some("save the file as UTF-8".into())),
        };
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(SNIFF)]).is_some() {
        return Input::Skipped("binary file (contains NUL bytes)".into());
    }
    match String::from_utf8(bytes) {
        Ok(s) => Input::Text(Arc::from(s), None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
            Input::Failed(
                format!("invalid UTF-8 at byte {at} (line {line})"),
                Some("save the file as UTF-8; in an editor, “Save with encoding: UTF-8”".into()),
            )
        }
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<Result<String, String>> {
    let le = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    if body.len() % 2 != 0 {
        return Some(Err("UTF-16 file with an odd number of bytes".into()));
    }
    let units = body
        .chunks_exact(2)
        .map(|c| if le { u16::from_le_bytes([c[0], c[1]]) } else { u16::from_be_bytes([c[0], c[1]]) });
    Some(
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|e| format!("invalid UTF-16 (unpaired surrogate {:#06x})", e.unpaired_surrogate())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte_and_line() {
        match decode(b"hola\nmu\xffndo".to_vec(), 1000) {
            Input::Failed(m, _) => assert_eq!(m, "invalid UTF-8 at byte 7 (line 2)"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(decode(b"PK\x03\x04\0\0".to_vec(), 1000), Input::Skipped(_)));
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Año XX".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        match decode(b, 1000) {
            Input::Text(t, Some(_)) => assert_eq!(&*t, "Año XX"),
            other => panic!("{other:?}"),
        }
    }
}

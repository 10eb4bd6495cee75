//! A line splitter with a length limit, BOM and CRLF handling, and bounded memory.

use std::io::{self, BufRead};

/// One physical line: its number and its bytes (without the line end), or why it was skipped.
pub(crate) enum Line {
    /// A line that fits the limit.
    Data(u64, Vec<u8>),
    /// A line longer than the limit, read past without keeping it.
    TooLong(u64, u64),
}

/// Splits a reader into lines of at most `max` bytes.
pub(crate) struct Lines<R> {
    reader: R,
    max: usize,
    line: u64,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    pub(crate) fn new(reader: R, max: usize) -> Lines<R> {
        Lines { reader, max, line: 0, done: false }
    }

    /// The next line, `None` at the end of input.
    pub(crate) fn next_line(&mut self) -> Option<io::Result<Line>> {
        if self.done {
            return None;
        }
        let mut buf = Vec::new();
        let mut total: u64 = 0;
        let mut too_long = false;
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            if chunk.is_empty() {
                self.done = true;
                if total == 0 {
                    return None;
                }
                break;
            }
            let (take, found) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            total += take as u64;
            if !too_long {
                if buf.len() + take > self.max.saturating_add(2) {
                    too_long = true;
                    buf = Vec::new();
                } else {
                    buf.extend_from_slice(&chunk[..take]);
                }
            }
            self.reader.consume(take);
            if found {
                break;
            }
        }
        self.line += 1;
        if too_long {
            return Some(Ok(Line::TooLong(self.line, total)));
        }
        if buf.last() == Some(&b'\n') {
            buf.pop();
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if self.line == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
        }
        if buf.len() > self.max {
            return Some(Ok(Line::TooLong(self.line, total)));
        }
        Some(Ok(Line::Data(self.line, buf)))
    }
}

/// Decodes a line as UTF-8, or says where it is not.
pub(crate) fn utf8(line: u64, bytes: Vec<u8>) -> Result<String, crate::RecordError> {
    String::from_utf8(bytes).map_err(|e| {
        crate::RecordError::new(
            line,
            format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
        )
    })
}

pub(crate) fn too_long(line: u64, len: u64, max: usize) -> crate::RecordError {
    crate::RecordError::new(
        line,
        format!("record of {len} bytes exceeds the limit of {max} bytes; skipped"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8], max: usize) -> Vec<String> {
        let mut lines = Lines::new(input, max);
        let mut out = Vec::new();
        while let Some(l) = lines.next_line() {
            match l.unwrap() {
                Line::Data(n, b) => out.push(format!("{n}:{}", String::from_utf8_lossy(&b))),
                Line::TooLong(n, len) => out.push(format!("{n}:too long {len}")),
            }
        }
        out
    }

    #[test]
    fn bom_crlf_empty_and_truncated_last_line() {
        let got = collect(b"\xEF\xBB\xBFa\r\n\r\nb\nc", 100);
        assert_eq!(got, ["1:a", "2:", "3:b", "4:c"]);
    }

    #[test]
    fn long_line_is_skipped_and_the_next_one_kept() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(b"\nok\n");
        // A small buffer makes the long line span many reads.
        let reader = std::io::BufReader::with_capacity(64, &input[..]);
        let mut lines = Lines::new(reader, 100);
        assert!(matches!(lines.next_line().unwrap().unwrap(), Line::TooLong(1, 10_001)));
        assert!(matches!(lines.next_line().unwrap().unwrap(), Line::Data(2, b) if b == b"ok"));
        assert!(lines.next_line().is_none());
    }
}

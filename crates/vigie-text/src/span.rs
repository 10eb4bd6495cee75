//! Byte ranges into a text.

use std::ops::Range;

/// A byte range `[start, end)` into a text, always on char boundaries.
///
/// Spans returned by this crate refer to the original text given to
/// [`normalize`](crate::normalize), so `&original[span.range()]` is the text
/// to highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// The span `[start, end)`.
    ///
    /// # Panics
    ///
    /// If `start > end`.
    pub const fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "span start after its end");
        Span { start, end }
    }

    /// Its length in bytes.
    pub const fn len(&self) -> usize {
        self.end - self.start
    }

    /// True if it covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both `self` and `other`.
    ///
    /// ```
    /// use vigie_text::Span;
    /// assert_eq!(Span::new(2, 4).cover(Span::new(7, 9)), Span::new(2, 9));
    /// ```
    #[must_use]
    pub fn cover(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// True if `other` lies within `self`.
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span as a range, to index a `str`.
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Span> for Range<usize> {
    fn from(span: Span) -> Range<usize> {
        span.range()
    }
}

impl From<Range<usize>> for Span {
    /// # Panics
    ///
    /// If `range.start > range.end`.
    fn from(range: Range<usize>) -> Span {
        Span::new(range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basics() {
        let s = Span::new(3, 7);
        assert_eq!((s.len(), s.is_empty()), (4, false));
        assert!(Span::new(5, 5).is_empty());
        assert_eq!(s.cover(Span::new(1, 2)), Span::new(1, 7));
        assert_eq!(s.cover(Span::new(4, 5)), s);
        assert!(s.contains(Span::new(4, 7)));
        assert!(!s.contains(Span::new(2, 4)));
        assert_eq!(&"abcdefghij"[s.range()], "defg");
        assert_eq!(Span::from(2..3), Span::new(2, 3));
        assert_eq!(Span::default(), Span::new(0, 0));
    }

    #[test]
    #[should_panic(expected = "span start after its end")]
    fn reversed_panics() {
        let _ = Span::new(2, 1);
    }
}

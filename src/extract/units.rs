//! Markdown → units: list items, paragraphs, headings and table rows, each with
//! its 1-based source line, its heading path and its parent list item.
//!
//! The tree is kept in a flat arena (parents before children), so neither this
//! pass nor the classifier recurses: 10,000-deep nesting costs no stack.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What kind of block a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    Heading(u8),
    ListItem,
    Paragraph,
    TableRow,
}

/// One unit of the minutes: the text of one list item (without its child
/// lists), one paragraph, one heading or one table row. Texts live in one
/// buffer owned by the caller (see [`units`]).
#[derive(Debug, Clone)]
pub struct Unit<'t> {
    pub kind: UnitKind,
    /// 1-based line of the bullet marker / first line.
    pub line: u32,
    /// Plain text: inline syntax removed, links reduced to their text,
    /// whitespace collapsed to single spaces, no space at either end.
    pub text: &'t str,
    /// Link targets inside the unit.
    pub urls: Vec<&'t str>,
    /// Index of the enclosing list item, if any.
    pub parent: Option<usize>,
    /// Index of the heading this unit sits under, if any (for a heading: its
    /// parent heading). The chain of these is the unit's section path.
    pub heading: Option<usize>,
    /// `Some(checked)` when the list item starts with a task box.
    pub task: Option<bool>,
    /// Text events with non-space characters inside / outside strikethrough.
    pub struck_chars: usize,
    pub plain_chars: usize,
    /// Inside a block quote.
    pub quoted: bool,
    pub children: Vec<usize>,
}

impl Unit<'_> {
    /// The whole unit is struck through.
    pub fn struck(&self) -> bool {
        self.struck_chars > 0 && self.plain_chars == 0
    }
}

/// A unit while the document is read: its text is a range of the buffer.
struct Raw {
    kind: UnitKind,
    line: u32,
    start: usize,
    end: usize,
    parent: Option<usize>,
    heading: Option<usize>,
    task: Option<bool>,
    struck_chars: usize,
    plain_chars: usize,
    quoted: bool,
    children: Vec<usize>,
}

/// The text buffer all units write into. A unit's text is the range
/// `start..end`; appending to a unit whose text is not at the end of the
/// buffer (a list item that goes on after its child list) first moves its
/// text to the end.
struct Texts {
    buf: String,
}

impl Texts {
    #[inline]
    fn tail(&mut self, u: &mut Raw) {
        if u.end != self.buf.len() {
            self.move_to_end(u);
        }
    }

    #[cold]
    fn move_to_end(&mut self, u: &mut Raw) {
        let len = u.end - u.start;
        let at = self.buf.len();
        if len > 0 {
            let moved = self.buf[u.start..u.end].to_owned();
            self.buf.push_str(&moved);
        }
        u.start = at;
        u.end = at + len;
    }

    /// One space between words: never leading, never doubled.
    #[inline]
    fn space(&mut self, u: &mut Raw) {
        if u.end > u.start && self.buf.as_bytes()[u.end - 1] != b' ' {
            self.tail(u);
            self.buf.push(' ');
            u.end += 1;
        }
    }

    #[inline]
    fn push_str(&mut self, u: &mut Raw, s: &str) {
        self.tail(u);
        self.buf.push_str(s);
        u.end += s.len();
    }

    /// Appends `s` with its whitespace runs collapsed to one space. Returns
    /// whether `s` has a non-space character. Whitespace is Unicode
    /// whitespace (as `char::is_whitespace`); ASCII is handled byte by byte,
    /// other characters are decoded only where one could be whitespace.
    fn push_collapsed(&mut self, u: &mut Raw, s: &str) -> bool {
        let b = s.as_bytes();
        // Most text is ASCII with single spaces: copied as it is.
        let clean = |b: &[u8]| {
            let control = b.iter().fold(false, |a, &c| a | !(b' '..0x80).contains(&c));
            let doubled = b
                .iter()
                .zip(&b[1..])
                .fold(false, |a, (&x, &y)| a | (x == b' ' && y == b' '));
            !control && !doubled
        };
        if !b.is_empty() && clean(b) {
            let rest = match s.strip_prefix(' ') {
                Some(rest) => {
                    self.space(u);
                    rest
                }
                None => s,
            };
            self.push_str(u, rest);
            return !rest.is_empty() && rest != " ";
        }
        let mut run = 0; // start of the current run of non-space text
        let mut i = 0;
        let mut any = false;
        while i < b.len() {
            let c = b[i];
            let ws_len = match c {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => 1,
                // Lead bytes of U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000.
                0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                    let ch = s[i..].chars().next().unwrap_or('x');
                    if ch.is_whitespace() {
                        ch.len_utf8()
                    } else {
                        i += ch.len_utf8();
                        continue;
                    }
                }
                _ => 0,
            };
            if ws_len == 0 {
                i += 1;
                continue;
            }
            if run < i {
                self.push_str(u, &s[run..i]);
                any = true;
            }
            self.space(u);
            i += ws_len;
            run = i;
        }
        if run < b.len() {
            self.push_str(u, &s[run..]);
            any = true;
        }
        any
    }
}

/// Where text currently goes.
#[derive(Clone, Copy)]
enum Frame {
    /// An open list item (unit index).
    Item(usize),
    /// An open paragraph / heading / row unit.
    Leaf(usize),
    /// An open block that carries no unit text (code block, metadata).
    Skip,
}

/// Options used for minutes: GFM tables, strikethrough, task lists and
/// YAML front matter; footnotes stay off (pulldown-cmark issue #1076).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Line numbers of byte offsets, counted forward from the last offset asked
/// for (units come in document order, so the whole document is scanned once).
struct LineIndex<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u32,
}

impl<'a> LineIndex<'a> {
    fn new(s: &'a str) -> Self {
        LineIndex {
            bytes: s.as_bytes(),
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of the first non-space byte at or after `offset`. A
    /// line ends at LF, CRLF, or a lone CR (as CommonMark reads them).
    fn line(&mut self, offset: usize) -> u32 {
        let mut offset = offset.min(self.bytes.len());
        // A block's range can open on the line break before it (pulldown-cmark
        // starts a tab-indented nested list there): its line is the one of
        // its first character.
        while offset < self.bytes.len()
            && matches!(self.bytes[offset], b' ' | b'\t' | b'\n' | b'\r')
        {
            offset += 1;
        }
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        let b = self.bytes;
        for i in memchr::memchr2_iter(b'\n', b'\r', &b[self.offset..offset]) {
            let i = self.offset + i;
            if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
                self.line += 1;
            }
        }
        self.offset = offset;
        self.line
    }
}

/// Splits a document into units. Their texts are written into `buf`
/// (cleared first), which the units then borrow.
pub fn units<'t>(markdown: &str, buf: &'t mut String) -> Vec<Unit<'t>> {
    buf.clear();
    // The texts are shorter than the document; units come about one per
    // 50 bytes of minutes: reserving both up front saves regrowing them.
    buf.reserve(markdown.len());
    let mut texts = Texts {
        buf: std::mem::take(buf),
    };
    let mut lines = LineIndex::new(markdown);
    let mut units: Vec<Raw> = Vec::with_capacity(markdown.len() / 50 + 4);
    // Link targets as (unit, range in `link_buf`).
    let mut links: Vec<(usize, usize, usize)> = Vec::new();
    let mut link_buf = String::new();
    let mut frames: Vec<Frame> = Vec::new();
    // heading stack: (level, unit index)
    let mut headings: Vec<(u8, usize)> = Vec::new();
    let mut strike = 0usize;
    let mut image = 0usize;
    let mut quote = 0usize;

    let mut new_unit = |units: &mut Vec<Raw>,
                        frames: &[Frame],
                        headings: &[(u8, usize)],
                        kind: UnitKind,
                        offset: usize,
                        quote: usize|
     -> usize {
        let parent = frames.iter().rev().find_map(|f| match f {
            Frame::Item(i) => Some(*i),
            _ => None,
        });
        let idx = units.len();
        units.push(Raw {
            kind,
            line: lines.line(offset),
            start: 0,
            end: 0,
            parent,
            heading: headings.last().map(|(_, i)| *i),
            task: None,
            struck_chars: 0,
            plain_chars: 0,
            quoted: quote > 0,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            units[p].children.push(idx);
        }
        idx
    };

    let target = |frames: &[Frame]| -> Option<usize> {
        match frames.last() {
            Some(Frame::Item(i)) | Some(Frame::Leaf(i)) => Some(*i),
            _ => None,
        }
    };

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Item => {
                    let i = new_unit(
                        &mut units,
                        &frames,
                        &headings,
                        UnitKind::ListItem,
                        range.start,
                        quote,
                    );
                    frames.push(Frame::Item(i));
                }
                Tag::Paragraph => {
                    // A paragraph inside a list item is part of that item.
                    match frames.last() {
                        Some(Frame::Item(i)) => {
                            let i = *i;
                            frames.push(Frame::Item(i));
                            texts.space(&mut units[i]);
                        }
                        Some(Frame::Skip) => frames.push(Frame::Skip),
                        _ => {
                            let i = new_unit(
                                &mut units,
                                &frames,
                                &headings,
                                UnitKind::Paragraph,
                                range.start,
                                quote,
                            );
                            frames.push(Frame::Leaf(i));
                        }
                    }
                }
                Tag::Heading { level, .. } => {
                    let lvl = level as u8;
                    while headings.last().is_some_and(|(l, _)| *l >= lvl) {
                        headings.pop();
                    }
                    let i = new_unit(
                        &mut units,
                        &[],
                        &headings,
                        UnitKind::Heading(lvl),
                        range.start,
                        quote,
                    );
                    frames.push(Frame::Leaf(i));
                }
                Tag::TableHead | Tag::TableRow => {
                    let i = new_unit(
                        &mut units,
                        &frames,
                        &headings,
                        UnitKind::TableRow,
                        range.start,
                        quote,
                    );
                    frames.push(Frame::Leaf(i));
                }
                Tag::TableCell => {
                    if let Some(i) = target(&frames) {
                        let u = &mut units[i];
                        if u.end > u.start {
                            texts.space(u);
                            texts.push_str(u, "| ");
                        }
                    }
                }
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                    frames.push(Frame::Skip)
                }
                Tag::BlockQuote(_) => quote += 1,
                Tag::Strikethrough => strike += 1,
                Tag::Image { .. } => image += 1,
                Tag::Link { dest_url, .. } => {
                    if let Some(i) = target(&frames) {
                        let at = link_buf.len();
                        link_buf.push_str(&dest_url);
                        links.push((i, at, link_buf.len()));
                    }
                }
                _ => {}
            },
            Event::End(end) => match end {
                TagEnd::Item
                | TagEnd::Paragraph
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::MetadataBlock(_)
                | TagEnd::HtmlBlock => {
                    frames.pop();
                }
                TagEnd::Heading(_) => {
                    if let Some(Frame::Leaf(i)) = frames.pop() {
                        let lvl = match units[i].kind {
                            UnitKind::Heading(l) => l,
                            _ => 6,
                        };
                        headings.push((lvl, i));
                    }
                }
                TagEnd::BlockQuote(_) => quote = quote.saturating_sub(1),
                TagEnd::Strikethrough => strike = strike.saturating_sub(1),
                TagEnd::Image => image = image.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) | Event::Code(t) => {
                if image > 0 {
                    continue;
                }
                if let Some(i) = target(&frames) {
                    let u = &mut units[i];
                    let n = usize::from(texts.push_collapsed(u, &t));
                    if strike > 0 {
                        u.struck_chars += n;
                    } else {
                        u.plain_chars += n;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = target(&frames) {
                    texts.space(&mut units[i]);
                }
            }
            Event::InlineHtml(h) if h.starts_with("<br") => {
                if let Some(i) = target(&frames) {
                    texts.space(&mut units[i]);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(Frame::Item(i)) = frames.last() {
                    units[*i].task = Some(checked);
                }
            }
            _ => {}
        }
    }
    // The link targets go at the end of the same buffer.
    let base = texts.buf.len();
    texts.buf.push_str(&link_buf);
    *buf = texts.buf;
    let buf: &'t str = buf.as_str();
    let mut out: Vec<Unit<'t>> = units
        .into_iter()
        .map(|r| {
            let mut text = &buf[r.start..r.end];
            if text.ends_with(' ') {
                text = &text[..text.len() - 1];
            }
            Unit {
                kind: r.kind,
                line: r.line,
                text,
                urls: Vec::new(),
                parent: r.parent,
                heading: r.heading,
                task: r.task,
                struck_chars: r.struck_chars,
                plain_chars: r.plain_chars,
                quoted: r.quoted,
                children: r.children,
            }
        })
        .collect();
    for (i, a, b) in links {
        out[i].urls.push(&buf[base + a..base + b]);
    }
    out
}

/// The heading path above unit `i`, outermost first.
pub fn section(units: &[Unit], i: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut h = units[i].heading;
    while let Some(j) = h {
        path.push(units[j].text.to_string());
        h = units[j].heading;
    }
    path.reverse();
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parents_and_sections() {
        let md = "# T\r\n\r\n## A\r\n\r\n* one\r\n    * ~~two~~\r\n  lazy\r\n- [x] three\r\n\r\npara\r\n";
        let mut buf = String::new();
        let u = units(md, &mut buf);
        let texts: Vec<_> = u.iter().map(|u| (u.line, u.text)).collect();
        assert_eq!(
            texts,
            vec![
                (1, "T"),
                (3, "A"),
                (5, "one"),
                (6, "two lazy"),
                (8, "three"),
                (10, "para")
            ]
        );
        assert_eq!(u[3].parent, Some(2));
        assert_eq!(section(&u, 3), vec!["T", "A"]);
        assert!(!u[3].struck());
        assert_eq!(u[4].task, Some(true));
    }

    #[test]
    fn an_item_goes_on_after_its_child_list() {
        let md = "- one\n  - child\n\n  more of one\n- two\n";
        let mut buf = String::new();
        let u = units(md, &mut buf);
        let texts: Vec<_> = u.iter().map(|u| u.text).collect();
        assert_eq!(texts, vec!["one more of one", "child", "two"]);
        assert_eq!(u[0].children, vec![1]);
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let mut buf = String::new();
        let u = units("- a\r- b\r\n- c\n", &mut buf);
        let lines: Vec<u32> = u.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn a_tab_indented_child_is_on_its_own_line() {
        // pulldown-cmark opens the nested list on the line break before the
        // tab (found by the fuzz target: two items on one line).
        let mut buf = String::new();
        let u = units("- a\n\t- b\n\t\t- c\n- d\n", &mut buf);
        let lines: Vec<(u32, &str)> = u.iter().map(|u| (u.line, u.text)).collect();
        assert_eq!(lines, vec![(1, "a"), (2, "b"), (3, "c"), (4, "d")]);
    }

    #[test]
    fn struck_unit_and_links() {
        let mut buf = String::new();
        let u = units(
            "- ~~gone [x](https://e.org/1)~~\n- see [PR](https://github.com/a/b/pull/3)\n",
            &mut buf,
        );
        assert!(u[0].struck());
        assert_eq!(u[1].text, "see PR");
        assert_eq!(u[1].urls, vec!["https://github.com/a/b/pull/3"]);
    }
}

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
/// lists), one paragraph, one heading or one table row.
#[derive(Debug, Clone)]
pub struct Unit {
    pub kind: UnitKind,
    /// 1-based line of the bullet marker / first line.
    pub line: u32,
    /// Plain text: inline syntax removed, links reduced to their text.
    pub text: String,
    /// Link targets inside the unit.
    pub urls: Vec<String>,
    /// Index of the enclosing list item, if any.
    pub parent: Option<usize>,
    /// Index of the heading this unit sits under, if any (for a heading: its
    /// parent heading). The chain of these is the unit's section path.
    pub heading: Option<usize>,
    /// `Some(checked)` when the list item starts with a task box.
    pub task: Option<bool>,
    /// Non-space characters inside / outside strikethrough.
    pub struck_chars: usize,
    pub plain_chars: usize,
    /// Inside a block quote.
    pub quoted: bool,
    pub children: Vec<usize>,
}

impl Unit {
    /// The whole unit is struck through.
    pub fn struck(&self) -> bool {
        self.struck_chars > 0 && self.plain_chars == 0
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

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(s: &str) -> Self {
        // A line ends at LF, CRLF, or a lone CR (as CommonMark reads them).
        let b = s.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            (0..b.len())
                .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
                .map(|i| i + 1),
        );
        LineIndex { starts }
    }
    fn line(&self, offset: usize) -> u32 {
        (self.starts.partition_point(|&s| s <= offset)) as u32
    }
}

/// Splits a document into units.
pub fn units(markdown: &str) -> Vec<Unit> {
    let lines = LineIndex::new(markdown);
    let mut units: Vec<Unit> = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    // heading stack: (level, unit index)
    let mut headings: Vec<(u8, usize)> = Vec::new();
    let mut strike = 0usize;
    let mut image = 0usize;
    let mut quote = 0usize;

    let new_unit = |units: &mut Vec<Unit>,
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
        units.push(Unit {
            kind,
            line: lines.line(offset),
            text: String::new(),
            urls: Vec::new(),
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
                            push_space(&mut units[i].text);
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
                        if !units[i].text.is_empty() {
                            push_space(&mut units[i].text);
                            units[i].text.push_str("| ");
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
                        units[i].urls.push(dest_url.to_string());
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
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    if strike > 0 {
                        u.struck_chars += n;
                    } else {
                        u.plain_chars += n;
                    }
                    push_collapsed(&mut u.text, &t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = target(&frames) {
                    push_space(&mut units[i].text);
                }
            }
            Event::InlineHtml(h) if h.starts_with("<br") => {
                if let Some(i) = target(&frames) {
                    push_space(&mut units[i].text);
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
    for u in &mut units {
        if u.text.ends_with(' ') {
            u.text.pop();
        }
    }
    units
}

/// The heading path above unit `i`, outermost first.
pub fn section(units: &[Unit], i: usize) -> Vec<String> {
    let mut path = Vec::new();
    let mut h = units[i].heading;
    while let Some(j) = h {
        path.push(units[j].text.clone());
        h = units[j].heading;
    }
    path.reverse();
    path
}

/// One space between words: never leading, never doubled.
fn push_space(dst: &mut String) {
    if !dst.is_empty() && !dst.ends_with(' ') {
        dst.push(' ');
    }
}

/// Appends `s` with its whitespace runs collapsed to one space, so unit text
/// is built collapsed in one pass.
fn push_collapsed(dst: &mut String, s: &str) {
    if !s.contains(|c: char| c.is_whitespace()) {
        dst.push_str(s);
        return;
    }
    if s.starts_with(char::is_whitespace) {
        push_space(dst);
    }
    for (k, w) in s.split_whitespace().enumerate() {
        if k > 0 {
            push_space(dst);
        }
        dst.push_str(w);
    }
    if s.ends_with(char::is_whitespace) {
        push_space(dst);
    }
}

/// Collapses runs of whitespace into one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parents_and_sections() {
        let md = "# T\r\n\r\n## A\r\n\r\n* one\r\n    * ~~two~~\r\n  lazy\r\n- [x] three\r\n\r\npara\r\n";
        let u = units(md);
        let texts: Vec<_> = u.iter().map(|u| (u.line, u.text.as_str())).collect();
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
    fn a_lone_carriage_return_ends_a_line() {
        let u = units("- a\r- b\r\n- c\n");
        let lines: Vec<u32> = u.iter().map(|u| u.line).collect();
        assert_eq!(lines, vec![1, 2, 3]);
    }

    #[test]
    fn struck_unit_and_links() {
        let u =
            units("- ~~gone [x](https://e.org/1)~~\n- see [PR](https://github.com/a/b/pull/3)\n");
        assert!(u[0].struck());
        assert_eq!(u[1].text, "see PR");
        assert_eq!(u[1].urls, vec!["https://github.com/a/b/pull/3"]);
    }
}

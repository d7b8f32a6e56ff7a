//! Source files and positions.
//!
//! Every policy file and every facts file the CLI reads is added to one [`SourceMap`]; AST
//! nodes carry a `Copy` [`Span`] (file id + byte range) and facts carry a [`Loc`] (file,
//! line, column). Lines and columns of spans are computed only when a diagnostic is
//! rendered. The library never reads files: the caller hands it text.

use serde::Serialize;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span { file, start: clamp_u32(start), end: clamp_u32(end) }
    }

    /// The smallest span covering both (same file assumed; `self`'s file is kept).
    pub fn to(self, other: Span) -> Span {
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A position in a facts file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Loc {
    #[serde(skip)]
    pub file: FileId,
    pub line: u32,
    pub column: u32,
}

/// One source file: a display name (a path, usually) and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// Lines of the enclosing file before this text: a catalogue line read on its own still
    /// reports its line in the catalogue.
    line_offset: u32,
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        // SIMD search: a source map is made for every catalogue line.
        let line_starts =
            std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        SourceFile { name, text, line_starts, line_offset: 0 }
    }

    /// 0-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    pub fn line_start(&self, line_index: usize) -> Option<usize> {
        self.line_starts.get(line_index).copied()
    }

    pub fn line_offset(&self) -> u32 {
        self.line_offset
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let line = self.line_index(offset);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let end = offset.min(self.text.len());
        let column = self.text.get(start..end).map_or(end.saturating_sub(start), |s| s.chars().count());
        (clamp_u32(line + 1).saturating_add(self.line_offset), clamp_u32(column + 1))
    }

    /// Byte offset of a 1-based line and column (in characters), clamped to the text.
    pub fn offset_of(&self, line: u32, column: u32) -> usize {
        let line = line.saturating_sub(self.line_offset);
        let line_index = (line as usize).saturating_sub(1).min(self.line_starts.len() - 1);
        let start = self.line_starts[line_index];
        let rest = &self.text[start..];
        let skip = (column as usize).saturating_sub(1);
        let in_line = rest
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(skip)
            .map_or_else(|| rest.find('\n').unwrap_or(rest.len()), |(i, _)| i);
        start + in_line
    }
}

/// All sources of one run. Files are only added, never removed, so ids stay valid.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(clamp_u32(self.files.len()));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    /// Adds a text that starts after `line_offset` lines of its file (one line of a
    /// catalogue): its lines are reported as the file's.
    pub fn add_with_line_offset(
        &mut self,
        name: impl Into<String>,
        text: impl Into<String>,
        line_offset: u32,
    ) -> FileId {
        let id = self.add(name, text);
        if let Some(file) = self.files.last_mut() {
            file.line_offset = line_offset;
        }
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn name(&self, id: FileId) -> &str {
        self.get(id).map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.text.as_str())
    }

    /// The file added under this name, if any (the first, if several).
    pub fn find(&self, name: &str) -> Option<FileId> {
        self.files.iter().position(|f| f.name == name).map(|i| FileId(clamp_u32(i)))
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(clamp_u32(i)), f))
    }

    /// The span of the value that starts at a fact position, for diagnostics about facts: a
    /// quoted scalar to its closing quote, a plain one to the end of the line, a comment or a
    /// flow separator (`,`, `]`, `}`); at least one character.
    pub fn span_of_loc(&self, loc: Loc) -> Span {
        match self.get(loc.file) {
            Some(file) => {
                let start = file.offset_of(loc.line, loc.column);
                let rest = &file.text[start..];
                let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
                let len = match line.chars().next() {
                    Some(q @ ('"' | '\'')) => line[1..].find(q).map_or(line.len(), |end| end + 2),
                    Some(_) => {
                        let cut = [line.find(" #"), line.find(','), line.find(']'), line.find('}')];
                        let end = cut.into_iter().flatten().min().unwrap_or(line.len());
                        line[..end].trim_end().len()
                    }
                    None => 0,
                };
                let first = rest.chars().next().map_or(0, char::len_utf8);
                Span::new(loc.file, start, start + len.max(first))
            }
            None => Span { file: loc.file, start: 0, end: 0 },
        }
    }

    /// The position of a span's start.
    pub fn loc_of_span(&self, span: Span) -> Loc {
        let (line, column) = self.get(span.file).map_or((1, 1), |f| f.line_col(span.start as usize));
        Loc { file: span.file, line, column }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let mut map = SourceMap::new();
        let id = map.add("a", "第一条\n  x");
        let file = map.get(id).unwrap();
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (1, 2));
        assert_eq!(file.line_col(12), (2, 3));
        assert_eq!(file.offset_of(2, 3), 12);
        assert_eq!(file.offset_of(1, 2), 3);
    }

    #[test]
    fn fact_spans_cover_the_value() {
        let mut map = SourceMap::new();
        let id = map.add("f", "name: Conflict App # note\nlist: [a, bb]\nq: \"x, y\" z\n");
        let text = |line, column| {
            let span = map.span_of_loc(Loc { file: id, line, column });
            map.text(id)[span.range()].to_string()
        };
        assert_eq!(text(1, 7), "Conflict App");
        assert_eq!(text(2, 11), "bb");
        assert_eq!(text(3, 4), "\"x, y\"");
        assert_eq!(text(2, 7), "[a");
    }
}

//! Collects `// …` comments with their spans. Comments are trivia to the grammar; a small
//! scanner that knows the two string-literal forms finds them, so `"http://…"` inside a
//! string is never taken for a comment.

use super::ast::Comment;
use crate::source::{FileId, Span};

pub fn collect(file: FileId, text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"\"\"\"") {
            i = text[i + 3..].find("\"\"\"").map_or(bytes.len(), |end| i + 3 + end + 3);
        } else if bytes[i] == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
        } else if bytes[i..].starts_with(b"//") {
            let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            let body = text[i..end].trim_end_matches('\r');
            comments.push(Comment { text: body.to_string(), span: Span::new(file, i, i + body.len()) });
            i = end;
        } else {
            i += 1;
        }
    }
    comments
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn strings_hide_comment_markers() {
        let text = "a \"http://x\" // one\n\"\"\"//no\"\"\" b // two";
        let found: Vec<_> = collect(FileId(0), text).into_iter().map(|c| c.text).collect();
        assert_eq!(found, vec!["// one", "// two"]);
    }
}

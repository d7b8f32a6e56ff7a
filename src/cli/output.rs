//! Printing diagnostics and deciding on colour.

use super::args::Color;
use clause::diagnostic::render::{self, Style};
use clause::diagnostic::Diagnostic;
use clause::source::SourceMap;
use std::io::{IsTerminal, Write};

/// Colour on a terminal, none when piped, with `NO_COLOR`, or `--color never`.
pub fn use_color(choice: Color, stream_is_terminal: bool) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

pub fn stderr_color(choice: Color) -> bool {
    use_color(choice, std::io::stderr().is_terminal())
}

pub fn stdout_color(choice: Color) -> bool {
    use_color(choice, std::io::stdout().is_terminal())
}

pub fn eprint_diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic], color: Color) {
    if diagnostics.is_empty() {
        return;
    }
    let style = if stderr_color(color) { Style::Color } else { Style::Plain };
    let text = render::to_text(sources, diagnostics, style);
    let _ = std::io::stderr().write_all(text.as_bytes());
}

pub fn json_diagnostics(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Vec<serde_json::Value> {
    diagnostics
        .iter()
        .map(|d| serde_json::to_value(render::to_json(sources, d)).unwrap_or(serde_json::Value::Null))
        .collect()
}

pub fn print_json(value: &serde_json::Value) {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    let _ = std::io::stdout().write_all(text.as_bytes());
}

pub fn print(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

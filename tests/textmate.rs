//! The TextMate grammar for editors (`editors/clause.tmLanguage.json`), run over the bundled pack.
//!
//! Editors and GitHub's highlighter run the grammar with Oniguruma. Here a small TextMate tokenizer
//! (top-level `patterns`, `match` + `captures`, `begin`/`end` with nested `patterns`, `include` of
//! `#repository` entries: what the grammar uses) runs it with fancy-regex, which has the same
//! look-around. The grammar keeps to the constructs both engines read alike; the one translation
//! is `(?m)`, because in Oniguruma's Ruby syntax `^` and `$` always match at line ends. Lines are
//! fed with their `\n`, as VS Code does.
//!
//! What is asserted comes from an independent scan of each file (strings, raw texts, comments,
//! message holes, words), not from the grammar.

use fancy_regex::Regex;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const GRAMMAR: &str = "editors/clause.tmLanguage.json";

// ───────────────────────────── the tokenizer ─────────────────────────────

type Captures = Vec<(usize, String)>;

enum Rule {
    Match {
        re: usize,
        name: Option<String>,
        captures: Captures,
    },
    BeginEnd {
        begin: usize,
        end: usize,
        name: Option<String>,
        content_name: Option<String>,
        begin_captures: Captures,
        end_captures: Captures,
        patterns: Vec<usize>,
    },
}

struct Grammar {
    regexes: Vec<Regex>,
    /// Each regex without its look-arounds: it matches wherever the regex does (and more), and
    /// the linear-time engine finds that quickly, so the backtracking search starts only there.
    prefilters: Vec<regex::Regex>,
    sources: Vec<String>,
    rules: Vec<Rule>,
    top: Vec<usize>,
}

struct Compiler<'a> {
    repository: &'a serde_json::Map<String, Value>,
    grammar: Grammar,
    included: HashMap<String, Vec<usize>>,
}

impl Compiler<'_> {
    fn regex(&mut self, source: &str) -> usize {
        // Oniguruma (Ruby syntax): `^`/`$` are line anchors; fancy-regex needs `(?m)` for that.
        let re = Regex::new(&format!("(?m){source}"))
            .unwrap_or_else(|e| panic!("the grammar's regex {source:?} does not compile: {e}"));
        let relaxed = without_lookaround(source);
        let prefilter = regex::Regex::new(&format!("(?m){relaxed}")).unwrap_or_else(|e| {
            panic!("{source:?} without look-arounds, {relaxed:?}, does not compile: {e}")
        });
        self.grammar.regexes.push(re);
        self.grammar.prefilters.push(prefilter);
        self.grammar.sources.push(source.to_string());
        self.grammar.regexes.len() - 1
    }

    fn patterns(&mut self, list: Option<&Value>) -> Vec<usize> {
        let mut out = Vec::new();
        for p in list.and_then(Value::as_array).into_iter().flatten() {
            out.extend(self.pattern(p));
        }
        out
    }

    /// One entry of a `patterns` list: a rule, an include or a group; flattened to rule ids.
    fn pattern(&mut self, p: &Value) -> Vec<usize> {
        if let Some(target) = p.get("include").and_then(Value::as_str) {
            let name =
                target.strip_prefix('#').unwrap_or_else(|| panic!("only #repository includes: {target}"));
            if let Some(ids) = self.included.get(name) {
                return ids.clone();
            }
            let entry = self.repository.get(name).unwrap_or_else(|| panic!("no repository entry {name}"));
            let ids = self.pattern(entry);
            self.included.insert(name.to_string(), ids.clone());
            return ids;
        }
        let name = p.get("name").and_then(Value::as_str).map(String::from);
        let captures = |key: &str| -> Captures {
            let mut caps: Captures = p
                .get(key)
                .or_else(|| p.get("captures"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let scope = v["name"].as_str().expect("a capture has a name").to_string();
                    (k.parse().expect("capture keys are group numbers"), scope)
                })
                .collect();
            caps.sort();
            caps
        };
        let rule = if let Some(m) = p.get("match").and_then(Value::as_str) {
            Rule::Match { re: self.regex(m), name, captures: captures("captures") }
        } else if let Some(b) = p.get("begin").and_then(Value::as_str) {
            let e = p["end"].as_str().expect("a begin rule has an end");
            let (begin, end) = (self.regex(b), self.regex(e));
            Rule::BeginEnd {
                begin,
                end,
                name,
                content_name: p.get("contentName").and_then(Value::as_str).map(String::from),
                begin_captures: captures("beginCaptures"),
                end_captures: captures("endCaptures"),
                patterns: self.patterns(p.get("patterns")),
            }
        } else {
            // A group: only `patterns`.
            return self.patterns(p.get("patterns"));
        };
        self.grammar.rules.push(rule);
        vec![self.grammar.rules.len() - 1]
    }
}

/// The regex with every look-around group removed (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`).
fn without_lookaround(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // Skips an escape or a character class starting at `i`, returning the index after it.
    let atom_end = |i: usize| -> usize {
        match chars[i] {
            '\\' => i + 2,
            '[' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != ']' {
                    j += if chars[j] == '\\' { 2 } else { 1 };
                }
                j + 1
            }
            _ => i + 1,
        }
    };
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        if ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|p| rest.starts_with(p)) {
            let mut depth = 0;
            loop {
                match chars[i] {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                i = atom_end(i);
                if depth == 0 {
                    break;
                }
            }
        } else {
            let end = atom_end(i);
            out.extend(&chars[i..end.min(chars.len())]);
            i = end;
        }
    }
    out
}

fn grammar_json() -> Value {
    let text = std::fs::read_to_string(root().join(GRAMMAR)).expect("the grammar file");
    serde_json::from_str(&text).expect("the grammar is JSON")
}

/// The grammar, compiled once for all the tests.
fn grammar() -> &'static Grammar {
    static GRAMMAR_CELL: OnceLock<Grammar> = OnceLock::new();
    GRAMMAR_CELL.get_or_init(load_grammar)
}

/// The bundled pack, highlighted once for all the tests.
fn pack() -> &'static [(PathBuf, Highlighted)] {
    static PACK: OnceLock<Vec<(PathBuf, Highlighted)>> = OnceLock::new();
    PACK.get_or_init(|| {
        clause_files("policies/base")
            .into_iter()
            .chain(clause_files("policies/cac-2016"))
            .map(|p| (p.clone(), Highlighted::new(grammar(), &p)))
            .collect()
    })
}

fn load_grammar() -> Grammar {
    let json = grammar_json();
    let empty = serde_json::Map::new();
    let repository = json.get("repository").and_then(Value::as_object).unwrap_or(&empty);
    let mut c = Compiler {
        repository,
        grammar: Grammar {
            regexes: Vec::new(),
            prefilters: Vec::new(),
            sources: Vec::new(),
            rules: Vec::new(),
            top: Vec::new(),
        },
        included: HashMap::new(),
    };
    let top = c.patterns(json.get("patterns"));
    // Compile every repository entry, including any that nothing includes.
    for name in repository.keys() {
        c.pattern(&serde_json::json!({ "include": format!("#{name}") }));
    }
    c.grammar.top = top;
    c.grammar
}

#[derive(Clone)]
struct Found {
    start: usize,
    end: usize,
    groups: Vec<Option<(usize, usize)>>,
}

/// A token of one line: a byte range and its scopes, outermost first.
struct Token {
    start: usize,
    end: usize,
    scopes: Vec<String>,
}

enum Action {
    End,
    Rule(usize),
}

impl Grammar {
    fn search(
        &self,
        re: usize,
        line: &str,
        pos: usize,
        cache: &mut HashMap<usize, (usize, Option<Found>)>,
    ) -> Option<Found> {
        // A search from an earlier position stays valid while its match starts at or after `pos`.
        if let Some((from, found)) = cache.get(&re) {
            if *from <= pos && found.as_ref().is_none_or(|f| f.start >= pos) {
                return found.clone();
            }
        }
        let Some(candidate) = self.prefilters[re].find_at(line, pos) else {
            cache.insert(re, (pos, None));
            return None;
        };
        let caps = self.regexes[re]
            .captures_from_pos(line, candidate.start())
            .unwrap_or_else(|e| panic!("regex {:?} failed: {e}", self.sources[re]));
        let found = caps.map(|c| {
            let whole = c.get(0).expect("group 0");
            Found {
                start: whole.start(),
                end: whole.end(),
                groups: (0..c.len()).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect(),
            }
        });
        cache.insert(re, (pos, found.clone()));
        found
    }

    fn scopes(&self, stack: &[usize], with_content: bool) -> Vec<String> {
        let mut scopes = vec!["source.clause".to_string()];
        for (i, &r) in stack.iter().enumerate() {
            if let Rule::BeginEnd { name, content_name, .. } = &self.rules[r] {
                scopes.extend(name.clone());
                if with_content || i + 1 < stack.len() {
                    scopes.extend(content_name.clone());
                }
            }
        }
        scopes
    }

    /// Tokenizes one line (with its `\n`), updating the stack of open begin/end rules.
    fn tokenize_line(&self, line: &str, stack: &mut Vec<usize>) -> Result<Vec<Token>, String> {
        let mut tokens: Vec<Token> = Vec::new();
        let mut cache = HashMap::new();
        let mut zero_width_states: HashSet<(usize, Vec<usize>)> = HashSet::new();
        let mut pos = 0;
        while pos < line.len() {
            let mut candidates: Vec<(usize, Action)> = Vec::new();
            let patterns = match stack.last() {
                Some(&r) => match &self.rules[r] {
                    Rule::BeginEnd { end, patterns, .. } => {
                        candidates.push((*end, Action::End));
                        patterns
                    }
                    Rule::Match { .. } => unreachable!("only begin/end rules are pushed"),
                },
                None => &self.top,
            };
            for &id in patterns {
                let re = match &self.rules[id] {
                    Rule::Match { re, .. } => *re,
                    Rule::BeginEnd { begin, .. } => *begin,
                };
                candidates.push((re, Action::Rule(id)));
            }
            // The leftmost match wins; on a tie the earlier pattern (the end pattern first).
            let mut best: Option<(Found, &Action)> = None;
            for (re, action) in &candidates {
                if let Some(f) = self.search(*re, line, pos, &mut cache) {
                    if best.as_ref().is_none_or(|(b, _)| f.start < b.start) {
                        best = Some((f, action));
                    }
                }
            }
            let Some((found, action)) = best else {
                tokens.push(Token { start: pos, end: line.len(), scopes: self.scopes(stack, true) });
                break;
            };
            if found.start > pos {
                tokens.push(Token { start: pos, end: found.start, scopes: self.scopes(stack, true) });
            }
            match action {
                Action::End => {
                    let r = stack.last().copied().expect("an open rule");
                    let Rule::BeginEnd { end_captures, .. } = &self.rules[r] else { unreachable!() };
                    push_match(&mut tokens, self.scopes(stack, false), &found, end_captures);
                    stack.pop();
                }
                Action::Rule(id) => match &self.rules[*id] {
                    Rule::Match { name, captures, .. } => {
                        let mut scopes = self.scopes(stack, true);
                        scopes.extend(name.clone());
                        push_match(&mut tokens, scopes, &found, captures);
                    }
                    Rule::BeginEnd { begin_captures, .. } => {
                        stack.push(*id);
                        push_match(&mut tokens, self.scopes(stack, false), &found, begin_captures);
                    }
                },
            }
            if found.end == pos && !zero_width_states.insert((pos, stack.clone())) {
                return Err(format!("stuck at byte {pos}: zero-width matches repeat the same state"));
            }
            pos = found.end;
        }
        Ok(tokens)
    }

    /// Tokenizes a file: one token list per line, offsets into the file.
    fn tokenize(&self, src: &str) -> Result<Vec<Token>, String> {
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut offset = 0;
        for (n, line) in src.split_inclusive('\n').enumerate() {
            let owned;
            let line = if line.ends_with('\n') {
                line
            } else {
                owned = format!("{line}\n");
                &owned
            };
            let tokens = self.tokenize_line(line, &mut stack).map_err(|e| format!("line {}: {e}", n + 1))?;
            let mut expect = 0;
            for t in tokens {
                if t.start != expect || t.end <= t.start {
                    return Err(format!("line {}: tokens do not cover the line at byte {}", n + 1, t.start));
                }
                expect = t.end;
                out.push(Token { start: offset + t.start, end: offset + t.end, scopes: t.scopes });
            }
            if expect != line.len() {
                return Err(format!("line {}: tokens stop at byte {expect} of {}", n + 1, line.len()));
            }
            offset += line.len();
        }
        Ok(out)
    }
}

/// Emits a match's tokens: the captured groups get their scopes on top of `scopes`.
fn push_match(tokens: &mut Vec<Token>, scopes: Vec<String>, found: &Found, captures: &Captures) {
    let mut at = found.start;
    for (group, scope) in captures {
        let Some(Some((s, e))) = found.groups.get(*group).copied() else { continue };
        if e == s {
            continue;
        }
        if *group == 0 {
            // The whole match: one token with the capture's scope.
            let mut all = scopes.clone();
            all.push(scope.clone());
            if e > s {
                tokens.push(Token { start: s, end: e, scopes: all });
            }
            return;
        }
        assert!(s >= at, "captures of one match overlap");
        if s > at {
            tokens.push(Token { start: at, end: s, scopes: scopes.clone() });
        }
        let mut inner = scopes.clone();
        inner.push(scope.clone());
        tokens.push(Token { start: s, end: e, scopes: inner });
        at = e;
    }
    if found.end > at {
        tokens.push(Token { start: at, end: found.end, scopes });
    }
}

// ───────────────────────────── the independent scan ─────────────────────────────

#[derive(Clone, Copy, PartialEq, Debug)]
enum Class {
    Code,
    Comment,
    Str,
    Raw,
}

/// A string or raw text found by the scan: its byte range and whether it follows `message.xx`.
struct Text {
    start: usize,
    end: usize,
    raw: bool,
    message: bool,
}

struct Scan {
    class: Vec<Class>,
    texts: Vec<Text>,
    comments: usize,
}

fn scan(src: &str) -> Scan {
    let b = src.as_bytes();
    let mut class = vec![Class::Code; b.len()];
    let mut texts = Vec::new();
    let mut comments = 0;
    let mut i = 0;
    while i < b.len() {
        let (kind, end) = if src[i..].starts_with("\"\"\"") {
            let end = src[i + 3..].find("\"\"\"").map_or(b.len(), |j| i + 3 + j + 3);
            (Class::Raw, end)
        } else if b[i] == b'"' {
            let mut k = i + 1;
            loop {
                match b.get(k) {
                    None | Some(b'\n') => break,
                    Some(b'"') => {
                        k += 1;
                        break;
                    }
                    Some(b'\\') if b.get(k + 1).is_some_and(|&c| c != b'\n') => {
                        k += 1 + src[k + 1..].chars().next().map_or(1, char::len_utf8);
                    }
                    Some(_) => k += src[k..].chars().next().map_or(1, char::len_utf8),
                }
            }
            (Class::Str, k)
        } else if src[i..].starts_with("//") {
            comments += 1;
            (Class::Comment, src[i..].find('\n').map_or(b.len(), |j| i + j))
        } else {
            i += src[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        class[i..end].fill(kind);
        if kind != Class::Comment {
            texts.push(Text { start: i, end, raw: kind == Class::Raw, message: follows_message(&src[..i]) });
        }
        i = end;
    }
    Scan { class, texts, comments }
}

/// Whether code ends with `message.en` or `message.zh` (spaces allowed around the dot).
fn follows_message(before: &str) -> bool {
    let s = before.trim_end();
    let Some(s) = s.strip_suffix("en").or_else(|| s.strip_suffix("zh")) else { return false };
    let Some(s) = s.trim_end().strip_suffix('.') else { return false };
    let Some(s) = s.trim_end().strip_suffix("message") else { return false };
    !s.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

fn is_path(s: &str) -> bool {
    s.split('.').all(|seg| {
        seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The `{path}` holes of a message text (byte ranges, braces included), as the checker reads them.
fn holes(src: &str, t: &Text) -> Vec<(usize, usize)> {
    let delim = if t.raw { 3 } else { 1 };
    let body_start = t.start + delim;
    let body_end = t.end.saturating_sub(delim).max(body_start);
    let body = &src[body_start..body_end];
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let rest = &body[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") || rest.starts_with('\\') {
            i += 2;
            continue;
        }
        if rest.starts_with('{') {
            if let Some(close) = rest.find('}') {
                if is_path(rest[1..close].trim()) {
                    out.push((body_start + i, body_start + i + close + 1));
                }
                i += close + 1;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out
}

// ───────────────────────────── helpers ─────────────────────────────

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn clause_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "clause"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .clause files in {dir}");
    files
}

/// The token covering each byte of the file.
fn token_index(tokens: &[Token], len: usize) -> Vec<usize> {
    let mut index = vec![usize::MAX; len];
    for (i, t) in tokens.iter().enumerate() {
        index[t.start..t.end.min(len)].fill(i);
    }
    index
}

fn has(scopes: &[String], scope: &str) -> bool {
    scopes.iter().any(|s| s == scope)
}

fn has_prefix(scopes: &[String], prefixes: &[&str]) -> bool {
    scopes.iter().any(|s| prefixes.iter().any(|p| s.starts_with(p)))
}

/// Scopes that must never appear inside text: keywords and the other code scopes.
const CODE_SCOPES: &[&str] =
    &["keyword.", "storage.", "support.", "entity.", "constant.numeric", "constant.language", "comment."];

struct Highlighted {
    src: String,
    tokens: Vec<Token>,
    index: Vec<usize>,
}

impl Highlighted {
    fn new(g: &Grammar, path: &Path) -> Self {
        let src = std::fs::read_to_string(path).expect("a policy file");
        let tokens = g.tokenize(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let index = token_index(&tokens, src.len());
        Highlighted { src, tokens, index }
    }

    fn scopes(&self, byte: usize) -> &[String] {
        &self.tokens[self.index[byte]].scopes
    }

    fn line_col(&self, byte: usize) -> String {
        let line = self.src[..byte].matches('\n').count() + 1;
        let col = byte - self.src[..byte].rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{line}:{col}")
    }
}

/// Counts of what the checks saw, so that no check passes by seeing nothing.
#[derive(Default, Debug)]
struct Seen {
    comments: usize,
    raw_texts: usize,
    multi_line_raw: usize,
    strings: usize,
    holes: usize,
    keywords: usize,
    dates: usize,
    durations: usize,
    escapes: usize,
}

/// Checks one file's highlighting against the independent scan; returns problems, not panics.
fn check_file(h: &Highlighted, path: &Path, seen: &mut Seen) -> Vec<String> {
    let s = scan(&h.src);
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut problems = Vec::new();
    let mut problem = |at: usize, what: String| {
        if problems.len() < 20 {
            problems.push(format!("{name}:{}: {what}", h.line_col(at)));
        }
    };

    // Every character: comments, strings and raw texts exactly where the scan found them.
    for (i, c) in h.src.char_indices() {
        if c == '\n' {
            continue;
        }
        let scopes = h.scopes(i);
        let ok = match s.class[i] {
            Class::Comment => has(scopes, "comment.line.double-slash.clause"),
            Class::Raw => has(scopes, "string.quoted.triple.clause") && !has_prefix(scopes, CODE_SCOPES),
            Class::Str => has(scopes, "string.quoted.double.clause") && !has_prefix(scopes, CODE_SCOPES),
            Class::Code => !has_prefix(scopes, &["string.", "comment."]),
        };
        if !ok {
            problem(i, format!("{:?} character {c:?} has scopes {scopes:?}", s.class[i]));
        }
    }
    seen.comments += s.comments;

    // Message holes get the interpolation scope; nothing else in text does.
    let mut in_hole = vec![false; h.src.len()];
    for t in &s.texts {
        if t.raw {
            seen.raw_texts += 1;
            seen.multi_line_raw += usize::from(h.src[t.start..t.end].contains('\n'));
        } else {
            seen.strings += 1;
        }
        if t.message {
            for (a, b) in holes(&h.src, t) {
                seen.holes += 1;
                in_hole[a..b].fill(true);
            }
        }
        for (i, c) in h.src[t.start..t.end].char_indices().map(|(i, c)| (t.start + i, c)) {
            let expected = in_hole[i];
            if c != '\n' && expected != has(h.scopes(i), "variable.other.interpolation.clause") {
                problem(i, format!("interpolation expected: {expected}; scopes {:?}", h.scopes(i)));
            }
        }
    }

    // Escapes in strings.
    static ESCAPE: OnceLock<regex::Regex> = OnceLock::new();
    let escape = ESCAPE.get_or_init(|| regex::Regex::new(r#"\\(?:["\\nt]|u\{[0-9A-Fa-f]{1,6}\})"#).unwrap());
    for m in escape.find_iter(&h.src) {
        if s.class[m.start()] == Class::Str {
            seen.escapes += 1;
            if !has(h.scopes(m.start()), "constant.character.escape.clause") {
                problem(m.start(), format!("escape {} has scopes {:?}", m.as_str(), h.scopes(m.start())));
            }
        }
    }

    // Dates and durations outside text.
    static LITERALS: OnceLock<[regex::Regex; 2]> = OnceLock::new();
    let [date, duration] = LITERALS.get_or_init(|| {
        [r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b", r"\b[0-9]+[ \t]+(?:days?|weeks?|months?|years?)\b"]
            .map(|re| regex::Regex::new(re).unwrap())
    });
    let code_literal =
        |re: &regex::Regex, scope: &str, count: &mut usize, problem: &mut dyn FnMut(usize, String)| {
            for m in re.find_iter(&h.src) {
                if s.class[m.start()] != Class::Code {
                    continue;
                }
                *count += 1;
                for i in m.range() {
                    if !has(h.scopes(i), scope) {
                        problem(i, format!("{:?} expected {scope}, has {:?}", m.as_str(), h.scopes(i)));
                        break;
                    }
                }
            }
        };
    code_literal(date, "constant.numeric.date.clause", &mut seen.dates, &mut problem);
    code_literal(duration, "constant.numeric.duration.clause", &mut seen.durations, &mut problem);

    // Keywords outside text. Contextual ones may be names: skip a word after `.` (a field), before
    // `:` (a field declaration) or before `.` (a path root), except `title.en` and the like.
    const KEYWORDS: &[&str] = &[
        "regulation",
        "document",
        "record",
        "enum",
        "subject",
        "const",
        "predicate",
        "calendar",
        "chapter",
        "article",
        "paragraph",
        "item",
        "rule",
        "party",
        "scope",
        "title",
        "heading",
        "text",
        "summary",
        "message",
        "doc",
        "source",
        "provenance",
        "severity",
        "applies",
        "when",
        "for",
        "each",
        "where",
        "require",
        "force",
        "from",
        "until",
        "issued",
        "issuer",
        "version",
        "covers",
        "rest",
        "weekends",
        "holidays",
        "workdays",
        "and",
        "or",
        "not",
        "in",
        "all",
        "any",
        "none",
        "count",
        "contains",
        "matches",
        "is",
        "present",
        "absent",
    ];
    const SUFFIXED: &[&str] = &["title", "heading", "text", "summary", "message", "doc", "source"];
    static WORD: OnceLock<regex::Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| regex::Regex::new(r"[A-Za-z_][A-Za-z0-9_]*").unwrap());
    let mut in_enum = false;
    for m in word.find_iter(&h.src) {
        if s.class[m.start()] != Class::Code {
            continue;
        }
        let w = m.as_str();
        let before = h.src[..m.start()].trim_end();
        let after = h.src[m.end()..].trim_start();
        // Enum bodies hold value names, which may be any word but `doc`.
        if w == "enum" {
            in_enum = true;
            continue;
        }
        if in_enum {
            in_enum = !before.ends_with('}');
        }
        if !KEYWORDS.contains(&w)
            || in_enum
            || h.src[..m.start()].ends_with(['.', '-'])
            || h.src[m.end()..].starts_with('-')
            || after.starts_with(':')
            || (after.starts_with('.') && !SUFFIXED.contains(&w))
        {
            continue;
        }
        seen.keywords += 1;
        if !has_prefix(h.scopes(m.start()), &["keyword.", "storage.type"]) {
            problem(m.start(), format!("keyword {w:?} has scopes {:?}", h.scopes(m.start())));
        }
    }
    problems
}

// ───────────────────────────── the tests ─────────────────────────────

#[test]
fn grammar_is_a_textmate_grammar_whose_regexes_all_compile() {
    let json = grammar_json();
    assert_eq!(json["scopeName"], "source.clause");
    assert_eq!(json["fileTypes"], serde_json::json!(["clause"]));
    let g = grammar();
    assert!(g.regexes.len() > 40, "only {} regexes", g.regexes.len());
    // Constructs that Oniguruma and fancy-regex read differently, or only Oniguruma reads.
    for source in &g.sources {
        for bad in
            ["(?i", "(?m", "(?s", "(?x", "\\h", "\\H", "\\G", "\\K", "\\R", "\\X", "\\A", "\\z", "\\Z", "(?~"]
        {
            assert!(!source.contains(bad), "regex {source:?} uses {bad}, which the engines read differently");
        }
        // `\d`, `\w` and `\b` are Unicode in Oniguruma: names and numbers are ASCII in clause.
        for unicode in ["\\d", "\\w", "\\b"] {
            assert!(!source.contains(unicode), "regex {source:?} uses {unicode}; spell the ASCII class out");
        }
    }
    // The VS Code extension ships this very grammar.
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("editors/vscode/package.json")).unwrap())
            .unwrap();
    let shipped = package["contributes"]["grammars"][0]["path"].as_str().expect("a grammar path");
    assert_eq!(package["contributes"]["grammars"][0]["scopeName"], "source.clause");
    let shipped =
        std::fs::read_to_string(root().join("editors/vscode").join(shipped)).expect("the shipped grammar");
    assert_eq!(shipped, std::fs::read_to_string(root().join(GRAMMAR)).unwrap());
    // Every scope name is a standard one with the language suffix.
    let text = std::fs::read_to_string(root().join(GRAMMAR)).unwrap();
    let names = regex::Regex::new(r#""(?:name|contentName)": "([^"]*)""#).unwrap();
    for c in names.captures_iter(&text) {
        let name = &c[1];
        assert!(name == "clause" || name.ends_with(".clause"), "scope {name:?} lacks the .clause suffix");
    }
}

#[test]
fn bundled_pack_is_highlighted() {
    let started = std::time::Instant::now();
    let mut seen = Seen::default();
    let mut problems = Vec::new();
    for (path, h) in pack() {
        problems.extend(check_file(h, path, &mut seen));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The checks above saw real content.
    assert!(seen.comments >= 20, "{seen:?}");
    assert!(seen.raw_texts >= 50 && seen.multi_line_raw >= 2, "{seen:?}");
    assert!(seen.strings >= 300 && seen.holes >= 80, "{seen:?}");
    assert!(seen.keywords >= 500, "{seen:?}");
    assert!(seen.dates >= 30 && seen.durations >= 2, "{seen:?}");
    eprintln!("checked {seen:?} in {:?}", started.elapsed());
}

#[test]
fn raw_law_text_never_gets_keyword_scopes() {
    let mut chinese_and = 0;
    let mut english_and = 0;
    for (path, h) in pack() {
        for t in scan(&h.src).texts.iter().filter(|t| t.raw) {
            let body = &h.src[t.start..t.end];
            for (needle, count) in [("和", &mut chinese_and), (" and ", &mut english_and)] {
                for (i, _) in body.match_indices(needle) {
                    *count += 1;
                    let scopes = h.scopes(t.start + i + needle.find(|c: char| c != ' ').unwrap());
                    assert!(has(scopes, "string.quoted.triple.clause"), "{}: {scopes:?}", path.display());
                    assert!(
                        !has_prefix(scopes, CODE_SCOPES),
                        "{}: {needle:?} has {scopes:?}",
                        path.display()
                    );
                }
            }
        }
    }
    assert!(chinese_and >= 5 && english_and >= 20, "和 {chinese_and}, and {english_and}");
}

#[test]
fn message_holes_are_interpolations() {
    let (_, h) = pack().iter().find(|(p, _)| p.ends_with("articles-07-11.clause")).expect("articles 7-11");
    let hole = "{developer.logs.retention}";
    let mut found = 0;
    for (i, _) in h.src.match_indices(hole) {
        found += 1;
        for j in i..i + hole.len() {
            assert!(
                has(h.scopes(j), "variable.other.interpolation.clause"),
                "{}: {:?}",
                h.line_col(j),
                h.scopes(j)
            );
            assert!(has(h.scopes(j), "string.quoted.double.clause"), "{:?}", h.scopes(j));
        }
        assert!(has(h.scopes(i), "punctuation.definition.interpolation.begin.clause"));
    }
    assert_eq!(found, 2, "message.en and message.zh of user-logs-kept-60-days");
}

#[test]
fn other_clause_files_in_the_repository_are_highlighted() {
    // The language tests, including syntax errors (curly quotes, a missing brace, deep nesting).
    let mut seen = Seen::default();
    let mut problems = Vec::new();
    for dir in ["tests/lang/parse", "tests/lang/errors", "tests/cli/fixtures/policy"] {
        for path in clause_files(dir) {
            problems.extend(check_file(&Highlighted::new(grammar(), &path), &path, &mut seen));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(seen.strings >= 50 && seen.keywords >= 300, "{seen:?}");
}

/// The scopes of the first character of the first occurrence of `needle` in the tokenized `src`.
fn scopes_of<'a>(src: &str, tokens: &'a [Token], needle: &str) -> &'a [String] {
    let at = src.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the snippet"));
    &tokens.iter().find(|t| t.start <= at && at < t.end).expect("a token covers every byte").scopes
}

#[test]
fn constructs_get_their_scopes() {
    let src = r#"regulation cac-2016 {
    title.en "A \"quoted\" \u{4E8C}\n"
    in force from 2016-08-01 until 2022-08-01
    provenance reconstructed "x"
    chapter 2 {
    article 7 {
        item 6 {
            rule user-logs-kept-60-days {
                severity warning
                applies to app_provider
                for each c in app.capabilities where (c.used and c.capability not in named)
                require developer.logs.retention >= 60 days and x.r is present
                    and all p in x.perms where p.name starts_with "com."
                    and len(x.tags) == max(1, 2) and as_of < period_end(as_of, 2 weeks, prc) and subject.id != ""
                    and date_of(x.seen_at) <= as_of
                message.en "kept {developer.logs.retention} {{literal}} {as_of}"
                message.zh """用户日志{subject.id}和"""
            }
        }
    }
    }
}
document app {
    retention: duration in days
    kinds: list of capability
    when_seen: date doc "a field" doc.zh "字段" source.zh "来源"
    seen_at: datetime doc "a time"
}
enum kind { doc.zh "类别" news "News" label.zh "新闻" doc.zh "新闻服务" }
predicate granted(p: perm, q: perm) = p.state == "granted" or true
const sensitive = {"location"}
"#;
    let tokens = grammar().tokenize(src).unwrap();
    let cases: &[(&str, &str)] = &[
        ("regulation", "keyword.declaration.clause"),
        ("cac-2016", "entity.name.namespace.clause"),
        ("title", "keyword.other.clause"),
        ("en \"A", "support.constant.language.clause"),
        ("\\\"quoted", "constant.character.escape.clause"),
        ("\\u{4E8C}", "constant.character.escape.clause"),
        ("\\n\"", "constant.character.escape.clause"),
        ("in force", "keyword.other.clause"),
        ("force", "keyword.other.clause"),
        ("until", "keyword.other.clause"),
        ("2016-08-01", "constant.numeric.date.clause"),
        ("reconstructed", "constant.language.clause"),
        ("chapter", "keyword.declaration.clause"),
        ("2 {", "constant.numeric.integer.clause"),
        ("article", "keyword.declaration.clause"),
        ("7 {", "constant.numeric.integer.clause"),
        ("item", "keyword.declaration.clause"),
        ("rule", "keyword.declaration.clause"),
        ("user-logs-kept-60-days", "entity.name.function.clause"),
        ("severity", "keyword.other.clause"),
        ("warning", "constant.language.clause"),
        ("applies", "keyword.other.clause"),
        ("for each", "keyword.other.clause"),
        ("each", "keyword.other.clause"),
        ("where (", "keyword.other.clause"),
        ("and c.cap", "keyword.operator.clause"),
        ("not in", "keyword.operator.clause"),
        ("require", "keyword.other.clause"),
        (">=", "keyword.operator.clause"),
        ("60 days", "constant.numeric.duration.clause"),
        ("is present", "keyword.operator.clause"),
        ("all p", "keyword.control.quantifier.clause"),
        ("starts_with", "keyword.operator.clause"),
        ("len(", "support.function.builtin.clause"),
        ("max(", "support.function.builtin.clause"),
        ("period_end", "support.function.builtin.clause"),
        ("as_of <", "variable.language.clause"),
        ("subject.id", "variable.language.clause"),
        ("2 weeks", "constant.numeric.duration.clause"),
        ("{developer", "variable.other.interpolation.clause"),
        ("{{", "constant.character.escape.clause"),
        ("{as_of}", "variable.other.interpolation.clause"),
        ("{subject.id}", "variable.other.interpolation.clause"),
        ("和", "string.quoted.triple.clause"),
        ("document", "keyword.declaration.clause"),
        ("app {", "entity.name.type.clause"),
        ("retention:", "variable.other.property.clause"),
        ("duration in", "support.type.clause"),
        ("in days", "keyword.other.clause"),
        ("days\n", "support.type.clause"),
        ("list of", "support.type.clause"),
        ("capability\n", "entity.name.type.clause"),
        ("when_seen", "variable.other.property.clause"),
        ("date doc", "support.type.clause"),
        ("date_of(", "support.function.builtin.clause"),
        ("seen_at:", "variable.other.property.clause"),
        ("datetime doc", "support.type.clause"),
        ("doc \"a", "keyword.other.clause"),
        ("doc.zh \"字段", "keyword.other.clause"),
        ("zh \"字段", "support.constant.language.clause"),
        ("source.zh", "keyword.other.clause"),
        ("doc.zh \"类别", "keyword.other.clause"),
        ("news \"", "variable.other.enummember.clause"),
        ("label.zh", "keyword.other.clause"),
        ("zh \"新闻\"", "support.constant.language.clause"),
        ("doc.zh \"新闻服务", "keyword.other.clause"),
        ("predicate", "keyword.declaration.clause"),
        ("granted(", "entity.name.function.clause"),
        ("p: perm", "variable.parameter.clause"),
        ("q: perm", "variable.parameter.clause"),
        ("perm)", "entity.name.type.clause"),
        ("true", "constant.language.boolean.clause"),
        ("const sensitive", "keyword.declaration.clause"),
        ("sensitive", "variable.other.constant.clause"),
    ];
    let mut problems = Vec::new();
    for (needle, scope) in cases {
        let scopes = scopes_of(src, &tokens, needle);
        if !has(scopes, scope) {
            problems.push(format!("{needle:?}: expected {scope}, got {scopes:?}"));
        }
    }
    // The hole's contents are not keywords, and `和` in law text is not `and`.
    assert!(!has_prefix(scopes_of(src, &tokens, "和"), CODE_SCOPES));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn comments_and_strings_do_not_leak() {
    let src = "title.en \"http://example.com\" // a comment with \"quotes\" and rule\n\
               text.zh \"\"\"包含 // 的文本\nand require article\n\"\"\" rule r {}\n\
               doc \"unterminated\nrule r2 { }\n";
    let tokens = grammar().tokenize(src).unwrap();
    assert!(has(scopes_of(src, &tokens, "//example"), "string.quoted.double.clause"));
    assert!(has(scopes_of(src, &tokens, "// a comment"), "comment.line.double-slash.clause"));
    assert!(has(scopes_of(src, &tokens, "and rule"), "comment.line.double-slash.clause"));
    assert!(has(scopes_of(src, &tokens, "// 的"), "string.quoted.triple.clause"));
    let inside = scopes_of(src, &tokens, "and require article");
    assert!(has(inside, "string.quoted.triple.clause") && !has_prefix(inside, CODE_SCOPES), "{inside:?}");
    assert!(has(scopes_of(src, &tokens, "rule r {"), "keyword.declaration.clause"));
    // A one-line string ends at the end of its line even without its closing quote.
    assert!(has(scopes_of(src, &tokens, "rule r2"), "keyword.declaration.clause"));
}

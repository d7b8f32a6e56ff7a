//! A rule in plain language, in English and Chinese, generated from the checked rule itself
//! so that the documentation cannot drift from what the code checks.
//!
//! The output is a short outline: whom the rule binds and while the regulation is in force,
//! the regulation's scope, the rule's `when`, its `for each`, the requirement as nested lists
//! ("all of the following hold", "at least one of …", "none of …"), under "Where" what the
//! computed constants, period calendars and enum values it names mean, the outcome otherwise
//! and what a missing fact does. The same outline is written in both languages; only the
//! English adds the enum values' descriptions under "Where"; the Chinese names each value by
//! its `label.zh` where it stands.
//!
//! Facts are named from the schema: a boolean field by its `doc` read as a statement, other
//! fields by their `doc` when it is a noun phrase, always with the path as the facts reference
//! writes it (`app.capabilities[].used`) in a Markdown code span, so the site links it; the
//! Chinese keeps paths as code and adds the Chinese term a `doc` gives in parentheses, and an
//! enum value's `label.zh` (or, without one, the Chinese term its description gives).
//! Predicates are named and expanded with their arguments, so nothing is hidden behind a
//! name; a literal constant is inlined by the checker and shows as its value.
//!
//! Submodules: `render` (the renderer's state, facts and values), `cond` (conditions),
//! `words` (phrases cut from `doc` strings, joins, spacing of Chinese around code).

mod cond;
mod render;
mod words;

use crate::check::program::{Expr, Program, RuleDef};
use crate::syntax::ast::{Lang, SeverityLevel};
use cond::Head;
use render::{Lead, Node, Renderer};

/// One sentence and the points under it. Text may hold Markdown code spans (`` `app.name` ``).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    pub children: Vec<Plain>,
}

impl Plain {
    fn leaf(text: String) -> Plain {
        Plain { text, children: Vec::new() }
    }
}

/// What `rule` checks, in `lang`: who it binds, when it applies, what it requires and for
/// which elements, and the outcome otherwise.
pub fn rule(program: &Program, rule: &RuleDef, lang: Lang) -> Vec<Plain> {
    let mut r = Renderer::new(program, lang);
    let mut out = vec![binds(program, rule, lang)];
    if let Some(scope) = scope(&mut r, rule) {
        out.push(scope);
    }
    if let Some(when) = &rule.when {
        let node = r.cond_top(&when.expr, false);
        let frame = Frame {
            en: ("The duty arises only when ", "."),
            zh: ("仅在", "时产生该义务。"),
            en_list: ("The duty arises only when ", ""),
            zh_list: ("仅在", "仅在", "仅在满足", "时产生该义务"),
        };
        out.push(sentence(lang, node, &frame));
    }
    let mut reads_as_of = rule.when.as_ref().is_some_and(|w| uses_as_of(program, &w.expr))
        || uses_as_of(program, &rule.require.expr);
    match &rule.for_each {
        None => out.push(required(&mut r, &rule.require.expr)),
        Some(fe) => {
            let collection = Expr::Path(fe.collection.clone());
            let list = r.value(&collection);
            let (var, noun) = r.element_var(&collection, &fe.var, true);
            r.push(var);
            let mut children = Vec::new();
            let mut text = match lang {
                Lang::En => format!("For each {noun} in {list}"),
                Lang::Zh => format!("对{list}中的每一项"),
            };
            if let Some(filter) = &fe.filter {
                reads_as_of |= uses_as_of(program, filter);
                match r.cond(filter) {
                    Node::Inline(s) => match lang {
                        Lang::En => text.push_str(&format!(" for which {s}")),
                        Lang::Zh => text.push_str(&format!("，凡{s}的")),
                    },
                    block => {
                        let frame = Frame {
                            en: ("", ""),
                            zh: ("", ""),
                            en_list: ("Only those for which ", ""),
                            zh_list: ("仅限", "仅限", "仅限满足", "的项"),
                        };
                        children.push(sentence(lang, block, &frame));
                    }
                }
            }
            text.push_str(words::t(lang, ":", "："));
            children.push(required(&mut r, &rule.require.expr));
            r.pop();
            out.push(Plain { text, children });
        }
    }
    let definitions = r.take_definitions();
    if !definitions.is_empty() {
        out.push(Plain {
            text: words::t(lang, "Where:", "其中：").to_string(),
            children: definitions.into_iter().map(Plain::leaf).collect(),
        });
    }
    out.push(Plain::leaf(otherwise(rule, lang)));
    out.push(Plain::leaf(missing(rule, lang, reads_as_of)));
    if lang == Lang::Zh {
        out.iter_mut().for_each(space_zh);
    }
    out
}

fn space_zh(p: &mut Plain) {
    p.text = words::space_zh(&p.text);
    p.children.iter_mut().for_each(space_zh);
}

/// How a condition is set in a sentence, per language: a phrase between `en`/`zh`; a list
/// between `en_list`; in Chinese the words before a list's heading depend on how the heading
/// starts (`zh_list`: before a junction, before a clause, before a name; then the words after).
struct Frame<'a> {
    en: (&'a str, &'a str),
    zh: (&'a str, &'a str),
    en_list: (&'a str, &'a str),
    zh_list: (&'a str, &'a str, &'a str, &'a str),
}

fn sentence(lang: Lang, node: Node, f: &Frame<'_>) -> Plain {
    match node {
        Node::Inline(s) => {
            let (pre, post) = match lang {
                Lang::En => f.en,
                Lang::Zh => f.zh,
            };
            Plain::leaf(format!("{pre}{s}{post}"))
        }
        Node::Block { lead, head, items } => {
            let children: Vec<Plain> = items.into_iter().map(|n| outline(lang, n)).collect();
            let text = match lang {
                Lang::En => format!("{}{head}{}:", f.en_list.0, f.en_list.1),
                Lang::Zh => {
                    let (junction, clause, named, post) = f.zh_list;
                    let pre = match lead {
                        Lead::Junction => junction,
                        Lead::Clause => clause,
                        Lead::Named => named,
                    };
                    format!("{pre}{head}{post}：")
                }
            };
            Plain { text, children }
        }
    }
}

fn outline(lang: Lang, node: Node) -> Plain {
    match node {
        Node::Inline(text) => Plain::leaf(text),
        Node::Block { head, items, .. } => Plain {
            text: format!("{head}{}", words::t(lang, ":", "：")),
            children: items.into_iter().map(|n| outline(lang, n)).collect(),
        },
    }
}

fn required(r: &mut Renderer<'_>, e: &Expr) -> Plain {
    let lang = r.lang;
    let node = r.cond_top(e, true);
    if let Node::Block { head, items, .. } = &node {
        if *head == cond::head(lang, Head::NoneOf) && lang == Lang::Zh {
            let children = items.iter().cloned().map(|n| outline(lang, n)).collect();
            return Plain { text: "不得出现下列任一情形：".into(), children };
        }
    }
    let frame = Frame {
        en: ("Required: ", "."),
        zh: ("应当满足：", "。"),
        en_list: ("Required: ", ""),
        zh_list: ("应当", "要求", "应当满足", ""),
    };
    sentence(lang, node, &frame)
}

fn binds(program: &Program, rule: &RuleDef, lang: Lang) -> Plain {
    let Some(reg) = program.regulations.get(rule.regulation) else {
        return Plain::leaf(String::new());
    };
    let parties: Vec<String> = rule
        .parties
        .iter()
        .filter_map(|&i| reg.parties.get(i))
        .map(|p| {
            let title = p.title.get(lang).unwrap_or(&p.name).to_string();
            let kind = program.schema.subjects.get(p.subject.0 as usize).map_or("?", |s| s.name.as_str());
            match lang {
                Lang::En => format!("the {title} (checked on each `{kind}` subject)"),
                Lang::Zh => format!("{title}（就每一`{kind}`主体检查）"),
            }
        })
        .collect();
    let parties = words::join(lang, &parties, "and", "和");
    let from = reg.in_force_from;
    let last = reg.in_force_until.and_then(|u| u.add_days(-1));
    let text = match (lang, last) {
        (Lang::En, Some(last)) => {
            format!("Binds {parties}, while {} is in force: from {from} to {last}.", reg.id)
        }
        (Lang::En, None) => format!("Binds {parties}, while {} is in force: from {from}.", reg.id),
        (Lang::Zh, Some(last)) => {
            format!("约束{parties}，适用于 {} 施行期间（{}至{}）。", reg.id, from.to_zh(), last.to_zh())
        }
        (Lang::Zh, None) => format!("约束{parties}，适用于 {} 施行期间（自{}起）。", reg.id, from.to_zh()),
    };
    Plain::leaf(text)
}

/// The regulation's reach for the parties the rule binds: in scope when any of their scope
/// conditions holds.
fn scope(r: &mut Renderer<'_>, rule: &RuleDef) -> Option<Plain> {
    let lang = r.lang;
    let reg = r.program.regulations.get(rule.regulation)?;
    let scopes: Vec<_> = reg.scopes.iter().filter(|s| rule.parties.contains(&s.party)).collect();
    let cite = |c: &crate::check::program::Citation| match lang {
        Lang::En => c.en.clone(),
        Lang::Zh => c.zh.clone(),
    };
    let several_parties = rule.parties.len() > 1;
    match scopes.as_slice() {
        [] => None,
        [one] if !several_parties => {
            let node = r.cond_top(&one.condition, false);
            let c = cite(&one.citation);
            let en_post = format!(" ({c}).");
            let zh_post = format!("时属于该规定的适用范围（{c}）。");
            let en_list = format!(" ({c})");
            let zh_list = format!("时属于该规定的适用范围（{c}）");
            let frame = Frame {
                en: ("Within the regulation's scope only when ", &en_post),
                zh: ("仅在", &zh_post),
                en_list: ("Within the regulation's scope only when ", &en_list),
                zh_list: ("仅在", "仅在", "仅在满足", &zh_list),
            };
            Some(sentence(lang, node, &frame))
        }
        many => {
            // Each scope counts only for a subject of its party's kind.
            let items: Vec<Plain> = many
                .iter()
                .map(|s| {
                    let c = cite(&s.citation);
                    let party =
                        reg.parties.get(s.party).map_or("?", |p| p.title.get(lang).unwrap_or(&p.name));
                    let mut p = outline(lang, r.cond_top(&s.condition, false));
                    p.text = match (lang, several_parties) {
                        (Lang::En, true) => format!("for the {party} ({c}): {}", p.text),
                        (Lang::En, false) => format!("({c}) {}", p.text),
                        (Lang::Zh, true) => format!("就{party}而言（{c}）：{}", p.text),
                        (Lang::Zh, false) => format!("（{c}）{}", p.text),
                    };
                    p
                })
                .collect();
            let text = match (lang, several_parties) {
                (Lang::En, false) => "Within the regulation's scope only when at least one of the following holds:",
                (Lang::En, true) => {
                    "Within the regulation's scope only when at least one of the following holds for the party \
                     the subject is bound as (a party with no condition here is always within it):"
                }
                (Lang::Zh, false) => "仅在满足下列至少一项时属于该规定的适用范围：",
                (Lang::Zh, true) => {
                    "对象仅在其所属一方的下列条件至少一项成立时属于该规定的适用范围（未列条件的一方始终属于该范围）："
                }
            };
            Some(Plain { text: text.to_string(), children: items })
        }
    }
}

fn otherwise(rule: &RuleDef, lang: Lang) -> String {
    let severity = match (lang, rule.severity) {
        (Lang::En, SeverityLevel::Error) => "error",
        (Lang::En, SeverityLevel::Warning) => "warning",
        (Lang::En, SeverityLevel::Info) => "info",
        (Lang::Zh, SeverityLevel::Error) => "错误",
        (Lang::Zh, SeverityLevel::Warning) => "警告",
        (Lang::Zh, SeverityLevel::Info) => "提示",
    };
    match (lang, rule.for_each.is_some()) {
        (Lang::En, false) => format!("Otherwise: violation ({severity})."),
        (Lang::En, true) => {
            format!("Otherwise: violation ({severity}); each entry that fails is a finding of its own.")
        }
        (Lang::Zh, false) => format!("否则：违反（{severity}）。"),
        (Lang::Zh, true) => format!("否则：违反（{severity}），每一不符合要求的项各为一项发现。"),
    }
}

fn missing(rule: &RuleDef, lang: Lang, as_of: bool) -> String {
    let mut text = words::t(
        lang,
        "If a fact the outcome depends on is missing, the result is undetermined, never satisfied.",
        "结论所依赖的事实缺失的，为“无法判定”，不视为满足。",
    )
    .to_string();
    if let Some(fe) = &rule.for_each {
        let list = &fe.collection.display;
        text.push_str(&match lang {
            Lang::En => format!(
                " If `{list}` itself is missing the result is undetermined; if it is empty, or no entry is to be checked, the rule is satisfied."
            ),
            Lang::Zh => format!("`{list}`本身缺失的，无法判定；为空或没有需要检查的项的，视为满足。"),
        });
    }
    if as_of {
        text.push_str(words::t(
            lang,
            " The rule reads the evaluation date: without one it is undetermined.",
            "本规则需要评估日；未指定评估日的，无法判定。",
        ));
    }
    text
}

/// Whether a condition reads `as_of`, directly or through a predicate or constant.
fn uses_as_of(program: &Program, e: &Expr) -> bool {
    let rec = |x: &Expr| uses_as_of(program, x);
    match e {
        Expr::AsOf => true,
        Expr::Lit(_)
        | Expr::Set(_)
        | Expr::Path(_)
        | Expr::Present(_)
        | Expr::SubjectId
        | Expr::SubjectKind => false,
        Expr::Not(a) | Expr::Neg(a) | Expr::Matches(a, _) | Expr::Const(_, a) => rec(a),
        Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Compare(_, a, b)
        | Expr::Str(_, a, b)
        | Expr::Add(a, b)
        | Expr::Sub(a, b)
        | Expr::In { element: a, collection: b, .. }
        | Expr::Quantifier { collection: a, body: b, .. } => rec(a) || rec(b),
        Expr::Builtin(_, args, _) => args.iter().any(rec),
        Expr::Call(index, args) => {
            args.iter().any(rec) || program.predicates.get(*index).is_some_and(|p| rec(&p.body))
        }
    }
}

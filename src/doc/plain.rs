//! A rule in plain language (placeholder: being written).

use crate::check::program::{Program, RuleDef};
use crate::syntax::ast::Lang;

/// One sentence and the points under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plain {
    pub text: String,
    pub children: Vec<Plain>,
}

/// What `rule` checks, in `lang`: who it binds, when it applies, what it requires and for
/// which elements, and the outcome otherwise.
pub fn rule(_program: &Program, _rule: &RuleDef, _lang: Lang) -> Vec<Plain> {
    Vec::new()
}

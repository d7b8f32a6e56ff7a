//! Citations from a rule's place in the law: `cac-2016 Art. 7(6)` / `cac-2016 第七条第（六）项`.

use super::program::Citation;
use crate::time::chinese_number;

/// Where a provision stands: article, and optionally paragraph and item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Place {
    pub article: u32,
    pub paragraph: Option<u32>,
    pub item: Option<u32>,
}

pub fn cite(regulation: &str, place: Place) -> Citation {
    let mut en = format!("{regulation} Art. {}", place.article);
    let mut zh = format!("{regulation} 第{}条", chinese_number(i64::from(place.article)));
    if let Some(p) = place.paragraph {
        en.push_str(&format!(" para. {p}"));
        zh.push_str(&format!("第{}款", chinese_number(i64::from(p))));
    }
    if let Some(i) = place.item {
        en.push_str(&format!("({i})"));
        zh.push_str(&format!("第（{}）项", chinese_number(i64::from(i))));
    }
    Citation { en, zh }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_both_languages() {
        let c = cite("cac-2016", Place { article: 7, paragraph: None, item: Some(6) });
        assert_eq!(c.en, "cac-2016 Art. 7(6)");
        assert_eq!(c.zh, "cac-2016 第七条第（六）项");
        let c = cite("cac-2016", Place { article: 8, paragraph: Some(2), item: None });
        assert_eq!(c.en, "cac-2016 Art. 8 para. 2");
        assert_eq!(c.zh, "cac-2016 第八条第二款");
        let c = cite("cac-2016", Place { article: 11, paragraph: Some(1), item: Some(3) });
        assert_eq!(c.en, "cac-2016 Art. 11 para. 1(3)");
        assert_eq!(c.zh, "cac-2016 第十一条第一款第（三）项");
    }
}

//! Pure parsers for single CSV cells (numbers, whole numbers, booleans, ids,
//! lists) and the "did you mean" suggestion used for misspelt names.
//!
//! Each parser takes an already trimmed cell and answers `None` (or an error
//! value) without building messages: the caller knows the column and builds
//! the diagnostic.

/// A finite decimal number (`12`, `-0.5`, `1e3`, `.5`). Rejects NaN, infinities,
/// empty text and anything Rust's `f64` parser refuses (`1,5`, `1_000`, `$5`).
/// `-0` becomes `0`.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    // Rust also accepts "inf", "infinity" and "nan" in any case: refuse every
    // non-finite value rather than listing spellings.
    let v: f64 = s.parse().ok()?;
    if v.is_finite() {
        Some(v + 0.0)
    } else {
        None
    }
}

/// A whole number `>= 0` that fits in `u32`. Accepts `3` and also `3.0` or `3e0`
/// (spreadsheets write whole numbers that way); refuses `1.5` and `-1`.
pub(crate) fn parse_whole(s: &str) -> Option<u32> {
    let v = parse_number(s)?;
    if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) {
        Some(v as u32)
    } else {
        None
    }
}

/// `true`/`false`, `yes`/`no`, `1`/`0`, case-insensitive.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Some(true),
        "false" | "no" | "0" => Some(false),
        _ => None,
    }
}

/// True when `s` matches `[a-z0-9_]+`.
pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Why a list cell is malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ListError {
    /// An item is empty (`a;;b`, `a;`, `;`).
    EmptyItem,
    /// The same item appears twice.
    Duplicate(String),
}

/// Splits a `;`-separated list, trimming items. An empty cell is the empty
/// list; an empty item or a repeated item is an error.
pub(crate) fn parse_list(s: &str) -> Result<Vec<&str>, ListError> {
    if s.trim().is_empty() {
        return Ok(Vec::new());
    }
    let mut items: Vec<&str> = Vec::new();
    for item in s.split(';').map(str::trim) {
        if item.is_empty() {
            return Err(ListError::EmptyItem);
        }
        if items.contains(&item) {
            return Err(ListError::Duplicate(item.to_string()));
        }
        items.push(item);
    }
    Ok(items)
}

pub(crate) use crate::error::closest;

/// `s` cut to at most 60 characters (with `...`), for messages.
pub(crate) fn shorten(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().count() <= 60 {
        s.into()
    } else {
        format!("{}...", s.chars().take(57).collect::<String>()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::edit_distance;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("-0.5"), Some(-0.5));
        assert_eq!(parse_number("1e3"), Some(1000.0));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("+2"), Some(2.0));
        let z = parse_number("-0").unwrap();
        assert!(z == 0.0 && z.is_sign_positive());
        for bad in [
            "", "NaN", "nan", "inf", "-inf", "Infinity", "1,5", "1_000", "$5", "5 %", "1e400",
            "abc", "0x10",
        ] {
            assert_eq!(parse_number(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn whole_numbers() {
        assert_eq!(parse_whole("0"), Some(0));
        assert_eq!(parse_whole("3"), Some(3));
        assert_eq!(parse_whole("3.0"), Some(3));
        assert_eq!(parse_whole("4294967295"), Some(u32::MAX));
        for bad in ["1.5", "-1", "", "two", "4294967296", "nan"] {
            assert_eq!(parse_whole(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn booleans() {
        for t in ["true", "TRUE", "True", "yes", "YES", "1"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for f in ["false", "False", "no", "No", "0"] {
            assert_eq!(parse_bool(f), Some(false), "{f}");
        }
        for bad in ["", "y", "n", "2", "maybe", "t", "off"] {
            assert_eq!(parse_bool(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ids() {
        for good in ["a", "kaz", "p_1", "0", "russia_2024"] {
            assert!(is_id(good), "{good}");
        }
        for bad in ["", "Kaz", "a-b", "a b", "é", "a.b", "a;b"] {
            assert!(!is_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn lists() {
        assert_eq!(parse_list(""), Ok(vec![]));
        assert_eq!(parse_list("  "), Ok(vec![]));
        assert_eq!(parse_list("a"), Ok(vec!["a"]));
        assert_eq!(parse_list(" a ; b;c "), Ok(vec!["a", "b", "c"]));
        assert_eq!(parse_list("a;;b"), Err(ListError::EmptyItem));
        assert_eq!(parse_list("a;"), Err(ListError::EmptyItem));
        assert_eq!(parse_list(";"), Err(ListError::EmptyItem));
        assert_eq!(parse_list("a; ;b"), Err(ListError::EmptyItem));
        assert_eq!(
            parse_list("a;b; a"),
            Err(ListError::Duplicate("a".to_string()))
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("budget", "budjet"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("nmae", "name"), 1);
        assert_eq!(edit_distance("name", "name"), 0);
        let cols = ["id", "name", "budget", "max_share", "personnel"];
        assert_eq!(closest("budjet", &cols), Some("budget"));
        assert_eq!(closest("Budget", &cols), Some("budget"));
        assert_eq!(closest("maxshare", &cols), Some("max_share"));
        assert_eq!(closest("personel", &cols), Some("personnel"));
        assert_eq!(closest("colour", &cols), None);
    }
}

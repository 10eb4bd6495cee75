//! Whether a parsed number is valid, read strictly.
//!
//! The `phonenumber` crate (0.3.10) matches the metadata's patterns from the start of the
//! national number without anchoring their end: a nine-digit French mobile outside the ranges the
//! metadata lists then passes as a six-digit Saint-Pierre-et-Miquelon number (`+508 639984…`,
//! issue 21). Here every pattern must match the whole national number, as libphonenumber's own
//! `matchNationalNumber` does. The patterns are the crate's own, compiled once per region with
//! both ends anchored. Hand-written because the crate offers no anchored check; the cost is one
//! cache lookup and two regex runs per candidate, and candidates are rare (7 digits or more).

use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use phonenumber::PhoneNumber;
use phonenumber::metadata::{DATABASE, Descriptor, Metadata};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use rustc_hash::FxHashMap;

/// What the numbering metadata says of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// In a range the metadata lists for one of the number types (mobile, fixed line…).
    Valid,
    /// Of a length and a shape the region's numbers have, in no listed range (reserved or newly
    /// opened ranges: the metadata lags the numbering plan).
    Possible,
    /// Not a number of that region.
    Impossible,
}

/// One region's patterns, anchored at both ends.
struct Patterns {
    /// Every number of the region.
    general: Regex,
    /// One pattern per number type.
    types: RegexSet,
    /// Lengths of the region's national numbers (empty: any).
    lengths: Vec<u16>,
    /// Lengths of numbers dialled only inside an area (`555-0123` in the US): never possible
    /// alone, since their E.164 form would lack the area code.
    local: Vec<u16>,
}

/// Patterns by region id (`FR`, `US`, `001` for non-geographic codes); `None` when they did
/// not compile, and the region is then never valid.
type Cache = FxHashMap<Box<str>, Option<Arc<Patterns>>>;
static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(Cache::default()));

fn anchored(pattern: &str) -> String {
    format!("^(?:{pattern})$")
}

fn compile(meta: &Metadata) -> Option<Patterns> {
    let d = meta.descriptors();
    let general = RegexBuilder::new(&anchored(d.general().national_number().as_str()))
        .ignore_whitespace(true)
        .build()
        .ok()?;
    let types: Vec<&Descriptor> = [
        d.fixed_line(),
        d.mobile(),
        d.toll_free(),
        d.premium_rate(),
        d.shared_cost(),
        d.personal_number(),
        d.voip(),
        d.pager(),
        d.uan(),
        d.voicemail(),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Lengths only some area's callers dial: local to every type that has them.
    let mut local: Vec<u16> =
        types.iter().flat_map(|t| t.possible_local_length()).copied().collect();
    local.retain(|len| !types.iter().any(|t| t.possible_length().contains(len)));
    local.extend(d.general().possible_local_length());
    let types = RegexSetBuilder::new(types.iter().map(|t| anchored(t.national_number().as_str())))
        .ignore_whitespace(true)
        .build()
        .ok()?;
    let general_desc = d.general();
    Some(Patterns { general, types, lengths: general_desc.possible_length().to_vec(), local })
}

fn patterns(meta: &Metadata) -> Option<Arc<Patterns>> {
    let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    cache.entry(meta.id().into()).or_insert_with(|| compile(meta).map(Arc::new)).clone()
}

/// What the metadata says of `n`, every pattern matched whole.
pub(crate) fn status(n: &PhoneNumber) -> Status {
    // A code shared by several regions (`+1`, `+590`) names no region when the number is in
    // none of their ranges: its main region then says whether it is possible.
    let (meta, listed) = if let Some(meta) = n.metadata(&DATABASE) {
        (meta, true)
    } else {
        let Some(metas) = DATABASE.by_code(&n.code().value()) else {
            return Status::Impossible;
        };
        let main = metas.iter().find(|m| m.is_main_country_for_code()).or(metas.first());
        let Some(main) = main else { return Status::Impossible };
        (*main, false)
    };
    let Some(p) = patterns(meta) else { return Status::Impossible };
    let national = n.national().to_string();
    let len = u16::try_from(national.len()).unwrap_or(u16::MAX);
    let length_ok = p.lengths.is_empty() || p.lengths.contains(&len);
    if !length_ok || !p.general.is_match(&national) {
        Status::Impossible
    } else if listed && p.types.is_match(&national) {
        Status::Valid
    } else if p.local.contains(&len) {
        Status::Impossible
    } else {
        Status::Possible
    }
}

#[cfg(test)]
mod tests {
    use phonenumber::country::Id;

    use super::*;

    fn of(s: &str, region: Option<Id>) -> Status {
        status(&phonenumber::parse(region, s).expect("parses"))
    }

    #[test]
    fn patterns_match_the_whole_national_number() {
        assert_eq!(of("0612345678", Some(Id::FR)), Status::Valid);
        assert_eq!(of("0590278800", Some(Id::GP)), Status::Valid);
        // Unlisted French mobile ranges: possible in France, not a Saint-Pierre number.
        assert_eq!(of("0639984127", Some(Id::FR)), Status::Possible);
        assert_eq!(of("0700005219", Some(Id::FR)), Status::Possible);
        assert_ne!(of("0639984127", Some(Id::PM)), Status::Valid);
        assert!(phonenumber::parse(Some(Id::PM), "0639984127").is_ok_and(|n| n.is_valid()));
        // An unallocated US area code.
        assert_eq!(of("2375550123", Some(Id::US)), Status::Possible);
        assert_eq!(of("2125550123", Some(Id::US)), Status::Valid);
        assert_eq!(of("061234567", Some(Id::FR)), Status::Impossible);
        // Seven digits are a local US number: no E.164 form without the area code.
        assert_eq!(of("3662185", Some(Id::US)), Status::Impossible);
    }
}

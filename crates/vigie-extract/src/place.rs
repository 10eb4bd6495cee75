//! Placeholder until the place extractor lands (being written now).

use vigie_model::Identifier;
use vigie_text::Normalized;

use crate::Context;

pub(crate) fn find(_text: &str, _norm: &Normalized, _ctx: &Context, _out: &mut Vec<Identifier>) {}

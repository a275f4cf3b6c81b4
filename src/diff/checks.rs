//! The checks of `capspec diff`: stable ids, levels, what each finds, an example. The ids and
//! levels are a contract (CI jobs match on them); `docs/diff.md` prints this table, and a test
//! keeps the two equal.

use std::fmt;

use serde::{Serialize, Serializer};

/// How much a change matters to a client, from the request's point of view: what a client
/// could send before and cannot now, or what changes the meaning (normalized body, output) of
/// an unchanged request, is `ERR`; what needs a look is `WARN`; what only widens is `INFO`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Info,
    Warn,
    Err,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "INFO",
            Level::Warn => "WARN",
            Level::Err => "ERR",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Level {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// What a change does to requests, which decides the witness it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Some request valid before is rejected now: the witness is one.
    Rejects,
    /// Some request valid before and now means something else now (its normalized body, the
    /// spec it routes to, or its output): the witness is one.
    Changes,
    /// No request changes verdict or meaning.
    None,
}

macro_rules! checks {
    ($($variant:ident = $id:literal, $level:ident, $effect:ident, $what:literal, $example:literal;)*) => {
        /// A check of `capspec diff`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Check {
            $($variant,)*
        }

        impl Check {
            /// Every check, in the order of the table.
            pub const ALL: &'static [Check] = &[$(Check::$variant,)*];

            /// The stable id, e.g. `enum-value-removed`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Check::$variant => $id,)*
                }
            }

            pub fn level(self) -> Level {
                match self {
                    $(Check::$variant => Level::$level,)*
                }
            }

            /// What it does to requests.
            pub fn effect(self) -> Effect {
                match self {
                    $(Check::$variant => Effect::$effect,)*
                }
            }

            /// What the check finds.
            pub fn what(self) -> &'static str {
                match self {
                    $(Check::$variant => $what,)*
                }
            }

            /// An example of a change it reports.
            pub fn example(self) -> &'static str {
                match self {
                    $(Check::$variant => $example,)*
                }
            }
        }
    };
}

checks! {
    SpecRemoved = "spec-removed", Err, Rejects,
        "a spec id is gone: its model names no longer route", "`gccai/qwen-image-2.0` deleted";
    SpecAdded = "spec-added", Info, None,
        "a new spec id", "`openai/gpt-image-1` added";
    ModelNameRemoved = "model-name-removed", Err, Rejects,
        "a `model` value no longer routes to the spec", "`names` loses `qwen-image-2.0-pro-2026-03-03`";
    ModelNameAdded = "model-name-added", Info, None,
        "a new `model` value routes to the spec", "`names` gains a dated snapshot";
    DefaultModelChanged = "default-model-changed", Err, Changes,
        "a body without `model` goes to another model (or to none)", "`[model] default` moves from dall-e-2 to gpt-image-1";
    ParamRemoved = "param-removed", Err, Rejects,
        "a parameter the spec accepted is unknown now", "`negative_prompt` deleted";
    ParamAdded = "param-added", Info, None,
        "a new optional parameter", "`seed` added";
    ParamRequired = "param-required", Err, Rejects,
        "a parameter became required (or a required one was added)", "`size` gets `required = true`";
    ParamOptional = "param-optional", Info, None,
        "a required parameter became optional", "`prompt` loses `required`";
    TypeChanged = "type-changed", Err, Rejects,
        "a parameter's type or format changed (string, integer, number, boolean, size, URL, array, object, separator)", "`n` from integer to string";
    NullRejected = "null-rejected", Err, Rejects,
        "a parameter no longer accepts `null` (`nullable` removed)", "`quality` loses `nullable`";
    NullAccepted = "null-accepted", Info, None,
        "a parameter accepts `null` now", "`style` gets `nullable = true`";
    EnumValueRemoved = "enum-value-removed", Err, Rejects,
        "a member of a closed set is gone", "`response_format` loses `b64_json`";
    EnumValueAdded = "enum-value-added", Info, None,
        "a new member of a closed set", "`quality` gains `hd`";
    SizeRemoved = "size-removed", Err, Rejects,
        "a fixed size (or size preset) is gone", "`size` loses `1792x1024`";
    SizeAdded = "size-added", Info, None,
        "a new fixed size or preset", "`size` gains `1536x1024`";
    SizeMeaningChanged = "size-meaning-changed", Err, Changes,
        "a preset or fixed-list member stands for another size now (or for none)", "preset `square` from 512x512 to 1024x1024";
    RangeNarrowed = "range-narrowed", Err, Rejects,
        "a bound of a number moved inward (per bound: minimum, maximum, exclusive bounds, multipleOf)", "`n` maximum 6 → 4";
    RangeWidened = "range-widened", Info, None,
        "a bound of a number moved outward or was removed", "`n` maximum 4 → 6";
    LengthNarrowed = "length-narrowed", Err, Rejects,
        "a character limit of a string tightened (maxLength lowered, minLength raised)", "`prompt` maxLength 800 → 500";
    LengthWidened = "length-widened", Info, None,
        "a character limit of a string loosened", "`prompt` maxLength 500 → 800";
    ItemsNarrowed = "items-narrowed", Err, Rejects,
        "an item limit of an array tightened (maxItems lowered, minItems raised)", "`image` maxItems 3 → 1";
    ItemsWidened = "items-widened", Info, None,
        "an item limit of an array loosened", "`image` maxItems 1 → 3";
    SizeBoundNarrowed = "size-bound-narrowed", Err, Rejects,
        "a free size's side, step, pixel-area or aspect-ratio bound moved inward (a size object's or a custom size's too)", "`size` width maximum 1440 → 1024";
    SizeBoundWidened = "size-bound-widened", Info, None,
        "a free size's bound moved outward or was removed", "`size` pixels maximum 1440*1440 → 2048*2048";
    SizeTableCellRemoved = "size-table-cell-removed", Err, Rejects,
        "a ratio × tier combination has no cell now", "`16:9` × `2K` removed";
    SizeTableCellChanged = "size-table-cell-changed", Err, Changes,
        "a ratio × tier combination gives another output size", "`16:9` × `2K` from 2048x1152 to 2560x1440";
    SizeTableCellAdded = "size-table-cell-added", Info, None,
        "a new ratio × tier combination", "`21:9` × `1K` added";
    RuleAdded = "rule-added", Err, Rejects,
        "a new rule between parameters (require, forbid, exclusive, allow)", "`exclusive = [\"size\", \"aspect_ratio\"]` added";
    RuleRemoved = "rule-removed", Info, None,
        "a rule between parameters is gone", "a `forbid` rule deleted";
    DefaultChanged = "default-changed", Err, Changes,
        "a parameter's default changed, was added or removed: a request that omits it now means something else", "`n` default 4 → 1";
    OutputChanged = "output-changed", Err, Changes,
        "the output size or image count a request asks for is read from elsewhere (`[output]`)", "`[output] count` from `n` to `parameters.n`";
    UrlPolicyTightened = "url-policy-tightened", Err, Rejects,
        "a URL parameter now refuses local and non-public hosts (`public = true`)", "`image` items get `public = true`";
    UrlPolicyLoosened = "url-policy-loosened", Warn, None,
        "a URL parameter now accepts local and non-public hosts", "`image` items lose `public = true`";
    RequestsRejected = "requests-rejected", Err, Rejects,
        "a request valid under OLD is rejected under NEW for a reason no other check names", "a combination of changes";
    RequestsChanged = "requests-changed", Err, Changes,
        "a request valid under both means something else under NEW (normalized body or output) for a reason no other check names", "a rule removed lets a default apply";
    BodyChanged = "body-changed", Err, Rejects,
        "the endpoint takes another kind of body: JSON, or a multipart form with files (`[model] body`)", "`body = \"multipart\"` added";
    RoutePathChanged = "route-path-changed", Err, Rejects,
        "the endpoint path that selects the spec changed (a spec with no `model` in the body, fal's): requests sent to the old path find no spec", "`/fal-ai/flux/dev` → `/fal-ai/flux/dev/v2`";
    FileRuleNarrowed = "file-rule-narrowed", Err, Rejects,
        "a file field of a form takes less: fewer files, fewer bytes, fewer formats, a new square or same-dimensions rule, or it became required", "`image` max_bytes 52428799 → 4194303";
    FileRuleWidened = "file-rule-widened", Info, None,
        "a file field of a form takes more", "`image` gains `image/webp`";
    MetadataChanged = "metadata-changed", Info, None,
        "model metadata changed: name, description, owner, release date, endpoint, response modes, modalities, features, region, descriptions of parameters, sources", "`description` reworded";
    PricingChanged = "pricing-changed", Info, None,
        "`[price]` changed, was added or removed", "a cell's `amount` \"0.035\" → \"0.0322\"";
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// The checks as a Markdown table (docs/diff.md holds it).
pub fn table() -> String {
    let mut out = String::from("| id | level | what | example |\n|---|---|---|---|\n");
    for c in Check::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            c.id(),
            c.level(),
            c.what(),
            c.example()
        ));
    }
    out
}

//! What a careful Rust developer writes instead of capspec, from the same source docs: serde
//! request structs (unknown fields denied, strings borrowed from the input) with `garde`
//! rules, for three models of different shape. The numbers here are typed by hand from the
//! docs, as such a developer would (the one place outside `tests/facts/` where they are
//! restated: this is the code capspec is measured against); the crate's tests check that
//! these types give capspec's verdict on every benchmarked body, so the comparison is of
//! equal work.
//!
//! `serde_typed_bytes` deserializes into the same structs without calling `validate()`: the
//! floor, parsing alone.

use std::borrow::Cow;

use garde::Validate;
use serde::Deserialize;

/// Rejects a NUL (U+0000), which an upstream reading C strings would truncate at.
fn no_nul(s: &str, _: &()) -> garde::Result {
    if s.contains('\0') {
        Err(garde::Error::new("must not contain NUL"))
    } else {
        Ok(())
    }
}

/// An http(s) URL a provider may fetch: parsed, canonical, no credentials, no local host.
fn public_url(s: &str, _: &()) -> garde::Result {
    let url = url::Url::parse(s).map_err(|e| garde::Error::new(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.as_str() != s {
        return Err(garde::Error::new("must be a canonical http(s) URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(garde::Error::new("no credentials"));
    }
    let public = match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            !["localhost", "local", "internal", "home.arpa"]
                .iter()
                .any(|l| d == *l || d.ends_with(&format!(".{l}")))
        }
        Some(url::Host::Ipv4(ip)) => {
            !(ip.is_private()
                || ip.is_loopback()
                || ip.is_link_local()
                || ip.is_unspecified()
                || ip.is_broadcast()
                || ip.is_multicast()
                || ip.is_documentation())
        }
        Some(url::Host::Ipv6(ip)) => !(ip.is_loopback() || ip.is_unspecified()),
        None => false,
    };
    if public {
        Ok(())
    } else {
        Err(garde::Error::new("must be a public host"))
    }
}

fn urls(list: &[Cow<'_, str>], _: &()) -> garde::Result {
    for u in list {
        public_url(u, &())?;
    }
    Ok(())
}

// ---- gccai/qwen-image-2.0: aspect ratio × resolution tier ---------------------------------

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum Ratio {
    #[serde(rename = "1:1")]
    R1x1,
    #[serde(rename = "4:3")]
    R4x3,
    #[serde(rename = "3:4")]
    R3x4,
    #[serde(rename = "16:9")]
    R16x9,
    #[serde(rename = "9:16")]
    R9x16,
    #[serde(rename = "3:2")]
    R3x2,
    #[serde(rename = "2:3")]
    R2x3,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum Tier {
    #[serde(rename = "1K")]
    K1,
    #[serde(rename = "2K")]
    K2,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum GccaiModel {
    #[serde(rename = "qwen-image-2.0")]
    QwenImage20,
}

/// `gccai/qwen-image-2.0`: the Resolution Reference Table gives every ratio both tiers.
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Gccai<'a> {
    #[garde(skip)]
    pub model: GccaiModel,
    #[serde(borrow)]
    #[garde(length(chars, min = 1, max = 800), custom(no_nul))]
    pub prompt: Cow<'a, str>,
    #[garde(skip)]
    pub size: Option<Ratio>,
    #[garde(skip)]
    pub resolution: Option<Tier>,
    #[garde(range(min = 1, max = 6))]
    pub n: Option<i64>,
    #[serde(borrow)]
    #[garde(inner(length(chars, max = 500), custom(no_nul)))]
    pub negative_prompt: Option<Cow<'a, str>>,
    #[serde(borrow)]
    #[garde(inner(length(min = 1), custom(urls)))]
    pub image: Option<Vec<Cow<'a, str>>>,
}

impl Gccai<'_> {
    /// The output size of the ratio × tier (defaults 1:1 and 1K).
    pub fn dims(&self) -> (u32, u32) {
        let two = self.resolution == Some(Tier::K2);
        match (self.size.unwrap_or(Ratio::R1x1), two) {
            (Ratio::R1x1, false) => (1024, 1024),
            (Ratio::R1x1, true) => (2048, 2048),
            (Ratio::R4x3, false) => (1152, 864),
            (Ratio::R4x3, true) => (2048, 1536),
            (Ratio::R3x4, false) => (864, 1152),
            (Ratio::R3x4, true) => (1536, 2048),
            (Ratio::R16x9, false) => (1280, 720),
            (Ratio::R16x9, true) => (2048, 1152),
            (Ratio::R9x16, false) => (720, 1280),
            (Ratio::R9x16, true) => (1152, 2048),
            (Ratio::R3x2, false) => (1248, 832),
            (Ratio::R3x2, true) => (2048, 1360),
            (Ratio::R2x3, false) => (832, 1248),
            (Ratio::R2x3, true) => (1360, 2048),
        }
    }
}

// ---- bailian/wan2.6-t2i: a free size bounded by area and aspect ratio ----------------------

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum BailianModel {
    #[serde(rename = "wan2.6-t2i")]
    Wan26,
}

/// `W*H` with total pixels in [1280×1280, 1440×1440] and aspect ratio in [1:4, 4:1].
fn wan_size(s: &str, _: &()) -> garde::Result {
    let bad = || garde::Error::new("must be W*H within the pixel and aspect bounds");
    let (w, h) = s.split_once('*').ok_or_else(bad)?;
    let side = |t: &str| -> Result<u64, garde::Error> {
        if t.is_empty() || t.starts_with('0') || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        t.parse().map_err(|_| bad())
    };
    let (w, h) = (side(w)?, side(h)?);
    let area = u128::from(w) * u128::from(h);
    let aspect_ok = u128::from(w) * 4 >= u128::from(h) && u128::from(w) <= u128::from(h) * 4;
    if (1280 * 1280..=1440 * 1440).contains(&area) && aspect_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct WanParameters<'a> {
    #[serde(borrow)]
    #[garde(inner(custom(no_nul)))]
    pub negative_prompt: Option<Cow<'a, str>>,
    #[garde(skip)]
    pub prompt_extend: Option<bool>,
    #[garde(skip)]
    pub watermark: Option<bool>,
    #[serde(borrow)]
    #[garde(inner(custom(wan_size)))]
    pub size: Option<Cow<'a, str>>,
    #[garde(range(min = 1, max = 4))]
    pub n: Option<i64>,
    #[garde(range(min = 0, max = 2147483647))]
    pub seed: Option<i64>,
}

/// `bailian/wan2.6-t2i`: `content` and a `parameters` object.
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Bailian<'a> {
    #[garde(skip)]
    pub model: BailianModel,
    #[serde(borrow)]
    #[garde(length(chars, min = 1), custom(no_nul))]
    pub content: Cow<'a, str>,
    #[serde(borrow)]
    #[garde(dive)]
    pub parameters: Option<WanParameters<'a>>,
}

// ---- empiriolabs/qwen-image-2-0: a custom size with rules between parameters ---------------

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum EmpiriolabsModel {
    #[serde(rename = "qwen-image-2-0")]
    Catalog,
    #[serde(rename = "qwen-image-2.0-pro-2026-04-22")]
    Pro20260422,
    #[serde(rename = "qwen-image-2.0-pro-2026-03-03")]
    Pro20260303,
    #[serde(rename = "qwen-image-2.0-pro")]
    Pro,
    #[serde(rename = "qwen-image-2.0")]
    Standard,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum AspectRatio {
    #[serde(rename = "16:9")]
    R16x9,
    #[serde(rename = "9:16")]
    R9x16,
    #[serde(rename = "1:1")]
    R1x1,
    #[serde(rename = "3:2")]
    R3x2,
    #[serde(rename = "2:3")]
    R2x3,
    #[serde(rename = "4:3")]
    R4x3,
    #[serde(rename = "3:4")]
    R3x4,
    #[serde(rename = "5:4")]
    R5x4,
    #[serde(rename = "4:5")]
    R4x5,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
pub enum ResponseFormat {
    #[serde(rename = "url")]
    Url,
    #[serde(rename = "b64_json")]
    B64Json,
}

/// `WxH`, each side 512–2048, area in [512×512, 2048×2048].
fn empirio_size(s: &str, _: &()) -> garde::Result {
    let bad = || garde::Error::new("must be WxH within 512–2048 per side");
    let (w, h) = s.split_once('x').ok_or_else(bad)?;
    let side = |t: &str| -> Result<u64, garde::Error> {
        if t.is_empty() || t.starts_with('0') || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: u64 = t.parse().map_err(|_| bad())?;
        (512..=2048).contains(&v).then_some(v).ok_or_else(bad)
    };
    side(w)?;
    side(h)?;
    Ok(())
}

/// The rules between parameters: custom sides with `use_custom_size` only (and then both,
/// with the area bounded), `size` not with `use_custom_size` nor with `aspect_ratio`.
fn empirio_rules(r: &Empiriolabs<'_>, _: &()) -> garde::Result {
    let custom = r.use_custom_size == Some(true);
    let sides = (r.custom_width, r.custom_height);
    if custom {
        let (Some(w), Some(h)) = sides else {
            return Err(garde::Error::new(
                "custom_width and custom_height are required",
            ));
        };
        let area = i128::from(w) * i128::from(h);
        if !(512 * 512..=2048 * 2048).contains(&area) {
            return Err(garde::Error::new("custom size area out of range"));
        }
        if r.size.is_some() {
            return Err(garde::Error::new(
                "size is not allowed with use_custom_size",
            ));
        }
    } else if sides.0.is_some() || sides.1.is_some() {
        return Err(garde::Error::new("custom sides only with use_custom_size"));
    }
    if r.size.is_some() && r.aspect_ratio.is_some() {
        return Err(garde::Error::new("size and aspect_ratio are exclusive"));
    }
    Ok(())
}

/// `empiriolabs/qwen-image-2-0`.
#[derive(Debug, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
#[garde(allow_unvalidated)]
pub struct Empiriolabs<'a> {
    #[serde(borrow)]
    #[garde(length(chars, min = 1), custom(no_nul))]
    pub prompt: Cow<'a, str>,
    pub model: Option<EmpiriolabsModel>,
    pub aspect_ratio: Option<AspectRatio>,
    pub use_custom_size: Option<bool>,
    #[garde(range(min = 512, max = 2048))]
    pub custom_width: Option<i64>,
    #[garde(range(min = 512, max = 2048))]
    pub custom_height: Option<i64>,
    #[serde(borrow)]
    #[garde(inner(custom(empirio_size)))]
    pub size: Option<Cow<'a, str>>,
    #[serde(borrow)]
    #[garde(inner(length(min = 1, max = 3), custom(urls)))]
    pub image: Option<Vec<Cow<'a, str>>>,
    #[garde(range(min = 1, max = 6))]
    pub num_images: Option<i64>,
    #[serde(borrow)]
    #[garde(inner(custom(no_nul)))]
    pub negative_prompt: Option<Cow<'a, str>>,
    pub prompt_extend: Option<bool>,
    pub watermark: Option<bool>,
    #[garde(range(min = 0, max = 2147483647))]
    pub seed: Option<i64>,
    pub response_format: Option<ResponseFormat>,
}

impl Empiriolabs<'_> {
    /// The rules between parameters, which garde's field attributes cannot say.
    pub fn validate_rules(&self) -> garde::Result {
        empirio_rules(self, &())
    }
}

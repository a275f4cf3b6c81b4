//! Bodies that are not JSON: a spec whose endpoint takes `multipart/form-data` (OpenAI's image
//! edits) names its file parts in `[files.<name>]`; its `[properties]` are the form's text
//! fields.
//!
//! ```toml
//! [model]
//! body = "multipart"
//!
//! [files.image]
//! required = true
//! maxItems = 16                          # more than 1: parts named `image` or `image[]`
//! max_bytes = 52428799                   # "less than 50MB"
//! media_types = ["image/png", "image/webp", "image/jpeg"]
//!
//! [files.mask]
//! max_bytes = 4194303
//! media_types = ["image/png"]
//! same_dimensions_as = "image"           # the mask has the (first) image's width and height
//! ```

/// What a spec's endpoint takes as its body.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyKind {
    /// A JSON object (`application/json`).
    #[default]
    Json,
    /// `multipart/form-data`: text fields (the properties) and file parts (`[files]`).
    Multipart,
}

impl BodyKind {
    /// The spec format's word: `json` or `multipart`.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::Json => "json",
            BodyKind::Multipart => "multipart",
        }
    }

    /// The media type of the body: `application/json` or `multipart/form-data`.
    pub fn content_type(self) -> &'static str {
        match self {
            BodyKind::Json => "application/json",
            BodyKind::Multipart => "multipart/form-data",
        }
    }
}

/// An image format capspec recognizes from a file's own bytes (its signature), never from the
/// part's declared `Content-Type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MediaType {
    Png,
    Jpeg,
    Webp,
}

impl MediaType {
    pub const ALL: [MediaType; 3] = [MediaType::Png, MediaType::Jpeg, MediaType::Webp];

    /// The IANA media type: `image/png`, `image/jpeg`, `image/webp`.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaType::Png => "image/png",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Webp => "image/webp",
        }
    }

    pub fn parse(text: &str) -> Option<MediaType> {
        MediaType::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// The format whose signature `bytes` start with: PNG's 8-byte signature, JPEG's SOI
    /// marker followed by a marker (`FF D8 FF`), WebP's `RIFF....WEBP`.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(MediaType::Png)
        } else if bytes.starts_with(b"\xff\xd8\xff") {
            Some(MediaType::Jpeg)
        } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
            Some(MediaType::Webp)
        } else {
            None
        }
    }
}

/// One file field of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct FileField {
    /// The part name (`image`); with `max_items > 1` also `image[]`.
    pub name: String,
    pub required: bool,
    /// Fewest files when the field is given (at least 1).
    pub min_items: u64,
    /// Most files: 1 for a single file.
    pub max_items: u64,
    /// Most bytes per file.
    pub max_bytes: Option<u64>,
    /// The formats each file may be, read from its bytes.
    pub media_types: Vec<MediaType>,
    /// Each file's width equals its height.
    pub square: bool,
    /// Each file has the width and height of the (first) file of this other field.
    pub same_dimensions_as: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub source: String,
}

impl FileField {
    /// Whether the field takes several files (parts named `name` or `name[]`).
    pub fn is_array(&self) -> bool {
        self.max_items > 1
    }
}

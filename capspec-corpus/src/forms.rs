//! `multipart/form-data` bodies for specs whose endpoint takes a form (`body = "multipart"`):
//! image files made here with real headers (PNG, JPEG, WebP of chosen sizes; truncated ones;
//! ones whose declared `Content-Type` lies), forms built from a spec's text fields and files,
//! and the cases each `[files]` rule derives, with the verdicts they must get.

use serde_json::{Map, Value};

use capspec_spec::{Code, FileField, MediaType, Spec};

/// The boundary every form made here uses.
pub const BOUNDARY: &str = "capspec-corpus-boundary-7d3f";

/// The `Content-Type` of a form made here.
pub fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

/// A PNG of `width` × `height` pixels: the signature and an IHDR chunk (with its CRC), then
/// `pad` zero bytes standing in for image data.
pub fn png(width: u32, height: u32, pad: usize) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&ihdr);
    out.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    out.resize(out.len() + pad, 0);
    out
}

/// A JPEG of `width` × `height` pixels: SOI, an APP1 segment of `app` bytes (EXIF data stands
/// there in real files), a baseline SOF0 frame header, then EOI.
pub fn jpeg(width: u16, height: u16, app: u16) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    let app = app.max(2);
    out.extend_from_slice(&app.to_be_bytes());
    out.resize(out.len() + usize::from(app) - 2, 0);
    out.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8]);
    out.extend_from_slice(&height.to_be_bytes());
    out.extend_from_slice(&width.to_be_bytes());
    out.extend_from_slice(&[3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    out
}

/// A WebP of `width` × `height` pixels (the extended `VP8X` header; sides up to 2^24).
pub fn webp(width: u32, height: u32) -> Vec<u8> {
    let mut out = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
    out.extend_from_slice(&(width - 1).to_le_bytes()[..3]);
    out.extend_from_slice(&(height - 1).to_le_bytes()[..3]);
    let size = u32::try_from(out.len() - 8).unwrap_or(0);
    out[4..8].copy_from_slice(&size.to_le_bytes());
    out
}

/// A file of `media_type` with that size.
pub fn image(media_type: MediaType, width: u32, height: u32) -> Vec<u8> {
    match media_type {
        MediaType::Png => png(width, height, 0),
        MediaType::Jpeg => jpeg(
            u16::try_from(width).unwrap_or(u16::MAX),
            u16::try_from(height).unwrap_or(u16::MAX),
            16,
        ),
        MediaType::Webp => webp(width, height),
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// One part of a form.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    Text {
        name: String,
        value: String,
    },
    File {
        name: String,
        file_name: String,
        /// The `Content-Type` the part declares (capspec reads the bytes instead).
        declared: String,
        bytes: Vec<u8>,
    },
}

impl Part {
    pub fn text(name: &str, value: &str) -> Part {
        Part::Text {
            name: name.to_owned(),
            value: value.to_owned(),
        }
    }

    pub fn file(name: &str, media_type: MediaType, bytes: Vec<u8>) -> Part {
        Part::File {
            name: name.to_owned(),
            file_name: format!(
                "{name}.{}",
                media_type.as_str().trim_start_matches("image/")
            ),
            declared: media_type.as_str().to_owned(),
            bytes,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Part::Text { name, .. } | Part::File { name, .. } => name,
        }
    }
}

/// The body of a form of `parts`, closed, with [`BOUNDARY`].
pub fn encode(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text { name, value } => {
                out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
                );
                out.extend_from_slice(value.as_bytes());
            }
            Part::File {
                name,
                file_name,
                declared,
                bytes,
            } => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: {declared}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

/// A JSON body's members as a form's text fields: strings as they are, numbers and booleans as
/// JSON writes them. `None` for what a form cannot say (`null`, arrays, objects, a body that
/// is not an object).
pub fn text_parts(body: &Value) -> Option<Vec<Part>> {
    let Value::Object(members) = body else {
        return None;
    };
    members
        .iter()
        .map(|(k, v)| match v {
            Value::String(s) => Some(Part::text(k, s)),
            Value::Number(_) | Value::Bool(_) => Some(Part::text(k, &v.to_string())),
            _ => None,
        })
        .collect()
}

/// The size of a valid file made for `field`: square where the field, or a field matching
/// its dimensions (a mask and its image), needs it; else oblong, so that a square rule
/// elsewhere is not met by chance.
fn valid_size(spec: &Spec, field: &FileField) -> (u32, u32) {
    let matched = spec
        .files
        .iter()
        .any(|f| f.same_dimensions_as.as_deref() == Some(field.name.as_str()));
    if field.square || field.same_dimensions_as.is_some() || matched {
        (512, 512)
    } else {
        (640, 480)
    }
}

/// One valid file for `field`.
pub fn valid_file(spec: &Spec, field: &FileField) -> Part {
    let (w, h) = valid_size(spec, field);
    let media_type = field.media_types.first().copied().unwrap_or(MediaType::Png);
    Part::file(&field.name, media_type, image(media_type, w, h))
}

/// A form case and the verdict it must get.
#[derive(Clone, Debug, PartialEq)]
pub struct FormCase {
    pub name: String,
    pub parts: Vec<Part>,
    /// Exactly these violations, in any order (`None` for the whole body); empty: valid.
    pub expect: Vec<(Code, Option<String>)>,
}

/// The smallest valid form: the minimal body's text fields and one valid file per required
/// file field.
pub fn minimal(spec: &Spec) -> Vec<Part> {
    let mut parts = text_parts(&Value::Object(crate::minimal(spec))).unwrap_or_default();
    parts.extend(
        spec.files
            .iter()
            .filter(|f| f.required)
            .map(|f| valid_file(spec, f)),
    );
    parts
}

/// The text parts of `parts` replaced by those of `body`, the files kept.
pub fn with_text(parts: &[Part], body: &Map<String, Value>) -> Option<Vec<Part>> {
    let mut out = text_parts(&Value::Object(body.clone()))?;
    out.extend(
        parts
            .iter()
            .filter(|p| matches!(p, Part::File { .. }))
            .cloned(),
    );
    Some(out)
}

/// Every case `spec`'s `[files]` derive: each field absent, at and past its count, at and past
/// its byte limit, each format it takes and one it does not, a declared type that lies, a
/// header cut short, a non-square file where one is required, the other field's dimensions
/// met and missed; and forms that cannot be read at all.
pub fn cases(spec: &Spec) -> Vec<FormCase> {
    let base = minimal(spec);
    let mut out = vec![FormCase {
        name: "minimal form".into(),
        parts: base.clone(),
        expect: Vec::new(),
    }];
    let without = |name: &str| -> Vec<Part> {
        base.iter()
            .filter(|p| !(matches!(p, Part::File { .. }) && p.name() == name))
            .cloned()
            .collect()
    };
    let with = |name: &str, files: Vec<Part>| -> Vec<Part> {
        let mut parts = without(name);
        parts.extend(files);
        parts
    };
    for field in &spec.files {
        let name = field.name.as_str();
        let at = |i: usize| {
            Some(if field.is_array() {
                format!("{name}[{i}]")
            } else {
                name.to_owned()
            })
        };
        let file = valid_file(spec, field);
        let one = |code: Code| vec![(code, at(0))];
        // Absent.
        out.push(FormCase {
            name: format!("{name} absent"),
            parts: without(name),
            expect: if field.required {
                vec![(Code::MissingRequired, Some(name.to_owned()))]
            } else {
                Vec::new()
            },
        });
        // Present (an optional field, with its counterpart's dimensions where it has one).
        out.push(FormCase {
            name: format!("{name} given"),
            parts: with(name, vec![file.clone()]),
            expect: Vec::new(),
        });
        // Count: at the most, then one more (named `name[]`, as OpenAI's SDKs name a list).
        let listed = |n: u64| -> Vec<Part> {
            (0..n)
                .map(|_| match &file {
                    Part::File {
                        bytes, declared, ..
                    } => Part::File {
                        name: format!("{name}[]"),
                        file_name: format!("{name}.bin"),
                        declared: declared.clone(),
                        bytes: bytes.clone(),
                    },
                    text => text.clone(),
                })
                .collect()
        };
        out.push(FormCase {
            name: format!("{name}: {} file(s), the most it takes", field.max_items),
            parts: with(name, listed(field.max_items)),
            expect: Vec::new(),
        });
        out.push(FormCase {
            name: format!("{name}: one file more than it takes"),
            parts: with(name, listed(field.max_items + 1)),
            expect: vec![(Code::TooManyItems, Some(name.to_owned()))],
        });
        // Bytes: at the limit and one past it (a valid header, then padding).
        if let (Some(max), Part::File { bytes, .. }) = (field.max_bytes, &file) {
            let padded = |total: u64| -> Option<Part> {
                let total = usize::try_from(total).ok()?;
                let mut b = bytes.clone();
                if b.len() > total {
                    return None;
                }
                b.resize(total, 0);
                let media = field.media_types.first().copied()?;
                Some(Part::file(name, media, b))
            };
            if let (Some(edge), Some(past)) = (padded(max), padded(max + 1)) {
                out.push(FormCase {
                    name: format!("{name}: {max} bytes, the most it takes"),
                    parts: with(name, vec![edge]),
                    expect: Vec::new(),
                });
                out.push(FormCase {
                    name: format!("{name}: {} bytes, one past the most", max + 1),
                    parts: with(name, vec![past]),
                    expect: one(Code::FileTooLarge),
                });
            }
        }
        // Formats: each taken, each other, text, a lying declared type, a cut header.
        let (w, h) = valid_size(spec, field);
        for m in MediaType::ALL {
            let expect = if field.media_types.contains(&m) {
                Vec::new()
            } else {
                one(Code::UnsupportedMediaType)
            };
            out.push(FormCase {
                name: format!("{name} as {}", m.as_str()),
                parts: with(name, vec![Part::file(name, m, image(m, w, h))]),
                expect,
            });
        }
        let taken = field.media_types.first().copied().unwrap_or(MediaType::Png);
        let other = MediaType::ALL
            .into_iter()
            .find(|m| *m != taken)
            .unwrap_or(MediaType::Jpeg);
        out.push(FormCase {
            name: format!(
                "{name}: {} bytes declared {}",
                taken.as_str(),
                other.as_str()
            ),
            parts: with(
                name,
                vec![Part::File {
                    name: name.to_owned(),
                    file_name: format!("{name}.{}", other.as_str().trim_start_matches("image/")),
                    declared: other.as_str().to_owned(),
                    bytes: image(taken, w, h),
                }],
            ),
            expect: Vec::new(),
        });
        out.push(FormCase {
            name: format!("{name}: text bytes declared {}", taken.as_str()),
            parts: with(
                name,
                vec![Part::File {
                    name: name.to_owned(),
                    file_name: format!("{name}.png"),
                    declared: taken.as_str().to_owned(),
                    bytes: b"not an image at all, only text".to_vec(),
                }],
            ),
            expect: one(Code::UnsupportedMediaType),
        });
        let mut cut = image(taken, w, h);
        cut.truncate(14);
        out.push(FormCase {
            name: format!("{name}: a {} cut after 14 bytes", taken.as_str()),
            parts: with(name, vec![Part::file(name, taken, cut)]),
            expect: one(Code::InvalidFormat),
        });
        // Shape.
        if field.square {
            out.push(FormCase {
                name: format!("{name} not square"),
                parts: with(name, vec![Part::file(name, taken, image(taken, w, h / 2))]),
                expect: one(Code::AspectRatioOutOfRange),
            });
        }
        if field.same_dimensions_as.is_some() {
            out.push(FormCase {
                name: format!(
                    "{name} not the size of {}",
                    field.same_dimensions_as.as_deref().unwrap_or("")
                ),
                parts: with(name, vec![Part::file(name, taken, image(taken, w, h / 2))]),
                expect: one(Code::DimensionsMismatch),
            });
        }
        // Text where the file goes.
        out.push(FormCase {
            name: format!("{name} given as text"),
            parts: {
                let mut p = without(name);
                p.push(Part::text(name, "a.png"));
                p
            },
            expect: {
                let mut e = vec![(Code::InvalidType, Some(name.to_owned()))];
                if field.required {
                    e.push((Code::MissingRequired, Some(name.to_owned())));
                }
                e
            },
        });
    }
    // A file where a text field goes, and a file no field takes.
    if let Some(text) = spec.properties.iter().find(|p| p.required) {
        let mut parts = base.clone();
        parts.retain(|p| p.name() != text.name);
        parts.push(Part::file(&text.name, MediaType::Png, png(8, 8, 0)));
        out.push(FormCase {
            name: format!("{} given as a file", text.name),
            parts,
            expect: vec![
                (Code::InvalidType, Some(text.name.clone())),
                (Code::MissingRequired, Some(text.name.clone())),
            ],
        });
    }
    let mut parts = base.clone();
    parts.push(Part::file("capspec_unknown", MediaType::Png, png(8, 8, 0)));
    out.push(FormCase {
        name: "a file no field takes".into(),
        parts,
        expect: vec![(Code::UnknownParameter, Some("capspec_unknown".into()))],
    });
    // A text field twice.
    if let Some(Part::Text { name, value }) = base.iter().find(|p| matches!(p, Part::Text { .. })) {
        let mut parts = base.clone();
        parts.push(Part::text(name, value));
        out.push(FormCase {
            name: format!("{name} given twice"),
            parts,
            expect: vec![(Code::InvalidMultipart, Some(name.clone()))],
        });
    }
    out
}

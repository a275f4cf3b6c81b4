//! The stable violation codes: what tests, clients and other implementations match on,
//! never message text. They are part of the format's contract, so they live with it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stable violation code. Tests and clients match on these, never on message text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    /// The body is not JSON, or repeats a key.
    InvalidJson,
    /// A required parameter is absent.
    MissingRequired,
    /// A parameter (or the body) has the wrong JSON type.
    InvalidType,
    /// A parameter the spec does not define.
    UnknownParameter,
    /// A value outside a closed set (`enum`, a fixed value).
    InvalidValue,
    /// A number, or a side of a size, outside its bounds.
    OutOfRange,
    /// A string longer than its limit in characters.
    TooLong,
    /// A string shorter than its minimum in characters (an empty `prompt`).
    TooShort,
    /// An array with more items than allowed.
    TooManyItems,
    /// An array with fewer items than required.
    TooFewItems,
    /// A number, or a side of a size, that is not a multiple of its step (`multipleOf`).
    NotMultipleOf,
    /// A string that does not have the required syntax (a size that is not `WxH`, a URL that
    /// does not parse).
    InvalidFormat,
    /// A size whose total pixels (`width * height`) are outside the bounds.
    PixelAreaOutOfRange,
    /// A size whose `width:height` is outside the bounds.
    AspectRatioOutOfRange,
    /// Parameters that may not be given together, or one given without the parameter it needs.
    ConflictingParameters,
    /// A URL with a scheme, credentials or host the provider must not be asked to fetch.
    UrlNotAllowed,
    /// `model` names no model of the provider.
    ModelNotFound,
    /// The provider selects a model by its endpoint path (fal), and the request was validated
    /// for the provider without one, or for a path that is none of its endpoints.
    EndpointNotFound,
    /// A `multipart/form-data` body that cannot be read as the spec's form: not multipart, no
    /// boundary, a form never closed, a part without a name, a text field given twice, more
    /// parts than a form may have; or a JSON body for a spec that takes a form.
    InvalidMultipart,
    /// A file with more bytes than its field allows.
    FileTooLarge,
    /// A file whose bytes are not one of the image formats its field takes (read from the
    /// file's signature, never from the part's declared `Content-Type`).
    UnsupportedMediaType,
    /// A file whose pixel size differs from the file it must match (a mask and its image).
    DimensionsMismatch,
    /// A canonical request the target model cannot carry without a change the translation
    /// policy does not allow (a size it cannot produce, more images than one call makes, a
    /// parameter it has no place for).
    NotTranslatable,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 23] = [
        Code::InvalidJson,
        Code::MissingRequired,
        Code::InvalidType,
        Code::UnknownParameter,
        Code::InvalidValue,
        Code::OutOfRange,
        Code::TooLong,
        Code::TooShort,
        Code::TooManyItems,
        Code::TooFewItems,
        Code::NotMultipleOf,
        Code::InvalidFormat,
        Code::PixelAreaOutOfRange,
        Code::AspectRatioOutOfRange,
        Code::ConflictingParameters,
        Code::UrlNotAllowed,
        Code::ModelNotFound,
        Code::EndpointNotFound,
        Code::InvalidMultipart,
        Code::FileTooLarge,
        Code::UnsupportedMediaType,
        Code::DimensionsMismatch,
        Code::NotTranslatable,
    ];

    /// The code as it appears in JSON, e.g. `out_of_range`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalid_json",
            Code::MissingRequired => "missing_required",
            Code::InvalidType => "invalid_type",
            Code::UnknownParameter => "unknown_parameter",
            Code::InvalidValue => "invalid_value",
            Code::OutOfRange => "out_of_range",
            Code::TooLong => "too_long",
            Code::TooShort => "too_short",
            Code::TooManyItems => "too_many_items",
            Code::TooFewItems => "too_few_items",
            Code::NotMultipleOf => "not_multiple_of",
            Code::InvalidFormat => "invalid_format",
            Code::PixelAreaOutOfRange => "pixel_area_out_of_range",
            Code::AspectRatioOutOfRange => "aspect_ratio_out_of_range",
            Code::ConflictingParameters => "conflicting_parameters",
            Code::UrlNotAllowed => "url_not_allowed",
            Code::ModelNotFound => "model_not_found",
            Code::EndpointNotFound => "endpoint_not_found",
            Code::InvalidMultipart => "invalid_multipart",
            Code::FileTooLarge => "file_too_large",
            Code::UnsupportedMediaType => "unsupported_media_type",
            Code::DimensionsMismatch => "dimensions_mismatch",
            Code::NotTranslatable => "not_translatable",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_their_names() {
        for code in Code::ALL {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
    }
}

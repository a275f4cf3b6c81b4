//! Rules between parameters (`[[rules]]`), required parameters, unknown parameters and the
//! routing of a body to a model by its `model` field.

use super::capture::{Capture, Name, Raw, Slots};
use super::{Ctx, Param, Piece, Quoted, Report};
use crate::error::{Code, echo};

/// A required parameter is absent.
pub fn missing(cx: &mut Ctx<'_, '_>, param: Name<'_>) {
    cx.violation(
        Param::Path(param),
        Code::MissingRequired,
        &"is required",
        &"",
    );
}

/// `when = {...} require = [...]`: a parameter the condition requires is absent.
pub fn missing_when(cx: &mut Ctx<'_, '_>, param: Name<'_>, condition: &str) {
    cx.violation(
        Param::Path(param),
        Code::MissingRequired,
        &"is required",
        &[&" when " as &dyn Piece, &condition],
    );
}

/// `when`/`unless = {...} forbid = [...]`: a parameter is given where the condition forbids it.
/// `condition` is the rule's condition as written (`use_custom_size is true`); for `unless`,
/// the parameter is only allowed when it holds.
pub fn forbidden(cx: &mut Ctx<'_, '_>, param: Name<'_>, condition: &str, unless: bool) {
    let what = if unless {
        "is only allowed"
    } else {
        "is not allowed"
    };
    cx.violation(
        Param::Path(param),
        Code::ConflictingParameters,
        &what,
        &[&" when " as &dyn Piece, &condition],
    );
}

/// `when = {...} allow = {...}`: the parameter's value is not one the condition allows.
/// `allowed` says what is (`must be one of "png", "webp" when background is "transparent"`).
pub fn disallowed(cx: &mut Ctx<'_, '_>, param: Param<'_>, allowed: &str, got: &dyn Piece) {
    cx.report(
        param,
        Code::InvalidValue,
        &allowed,
        &[&"got " as &dyn Piece, got],
    );
}

/// `when = {...} allow = {...}`: the parameter is absent and its default is not allowed.
pub fn default_disallowed(cx: &mut Ctx<'_, '_>, param: Name<'_>, allowed: &str) {
    cx.violation(
        Param::Path(param),
        Code::MissingRequired,
        &[&"is required: it " as &dyn Piece, &allowed],
        &", and its default is not",
    );
}

/// `exclusive = [...]`: every present member after the first conflicts with the first.
pub fn exclusive(cx: &mut Ctx<'_, '_>, members: &[(Name<'_>, bool)]) {
    let mut present = members.iter().filter(|(_, p)| *p).map(|(name, _)| *name);
    let Some(first) = present.next() else { return };
    for other in present {
        cx.violation(
            Param::Path(other),
            Code::ConflictingParameters,
            &[&"cannot be combined with " as &dyn Piece, &first],
            &"; give only one of them",
        );
    }
}

/// Reports the unknown keys the capture found. `objects` gives, per object (`None` for the
/// body), the list of parameters the model accepts there.
pub fn unknown<S>(
    cx: &mut Ctx<'_, '_>,
    cap: &Capture<'_, '_, S>,
    objects: &[(Option<&str>, &str)],
) {
    for u in &cap.unknown {
        let parent = u.parent.as_ref().map(Name::as_str);
        let accepted = objects
            .iter()
            .find(|(o, _)| *o == parent)
            .map_or("", |(_, list)| list);
        let place: [&dyn Piece; 3] = match u.parent.as_ref() {
            Some(parent) => [&"`", parent, &"`"],
            None => [&"the body", &"", &""],
        };
        let model = cx.model;
        let rest: [&dyn Piece; 6] = [
            &" is not a parameter of ",
            &model,
            &"; ",
            &place,
            &" accepts: ",
            &accepted,
        ];
        cx.report
            .add_led(u.path().into(), Code::UnknownParameter, &rest);
    }
    cx.report.add_omitted(cap.unknown_omitted);
}

/// Parameters another model of the provider defines but this one does not.
pub fn not_defined<'de, S: Slots<'de>>(
    cx: &mut Ctx<'_, '_>,
    cap: &Capture<'de, '_, S>,
    slots: &[(usize, Name<'_>)],
) {
    for &(slot, path) in slots {
        if !cap.get(slot).is_absent() {
            let model = cx.model;
            cx.report.push(
                Some(path.to_cow()),
                Code::UnknownParameter,
                format_args!("{} is not a parameter of {model}", path.as_str()),
            );
        }
    }
}

/// A ratio × tier combination with no cell in the size table.
/// Reported at the tier when the body gives one (`quality "hd" is not available with ratio
/// "4:1"`), else at the ratio (`ratio "4:1" is not available with quality "hd", its
/// default`).
pub fn no_cell(
    cx: &mut Ctx<'_, '_>,
    tier: (Name<'_>, &str),
    ratio: (Name<'_>, &str),
    available: &str,
    tier_given: bool,
) {
    let (at, other, default) = if tier_given {
        (tier, ratio, "")
    } else {
        (ratio, tier, ", its default")
    };
    cx.violation(
        Param::Path(at.0),
        Code::InvalidValue,
        &[
            &Quoted(at.1) as &dyn Piece,
            &" is not available with ",
            &other.0,
            &" ",
            &Quoted(other.1),
            &default,
        ],
        &[
            &"; tiers available with " as &dyn Piece,
            &ratio.0,
            &" ",
            &Quoted(ratio.1),
            &": ",
            &available,
        ],
    );
}

/// The model name a body asks for: its `model` string, or the provider's default when it has
/// none. Reports and returns `None` when there is no usable name.
pub fn model_name<'c, 'de, S: Slots<'de>>(
    report: &mut Report,
    cap: &'c Capture<'de, '_, S>,
    slot: usize,
    provider: &str,
    default: Option<&'c str>,
    names: &str,
) -> Option<&'c str> {
    match cap.get(slot) {
        Raw::Str(s) => Some(s),
        Raw::Absent => match default {
            Some(d) => Some(d),
            None => {
                report.push(
                    Some("model".into()),
                    Code::MissingRequired,
                    format_args!("model is required; {provider} models: {names}"),
                );
                None
            }
        },
        other => {
            report.push(
                Some("model".into()),
                Code::InvalidType,
                format_args!("model must be a string, got {other}"),
            );
            None
        }
    }
}

/// A body for a provider whose endpoint path selects the spec (fal), validated without one.
pub fn endpoint_required(report: &mut Report, provider: &str, endpoints: &str) {
    report.push(
        None,
        Code::EndpointNotFound,
        format_args!(
            "{provider} selects a model by its endpoint path, not by a body's `model`; validate for one of its endpoints ({endpoints}) or spec ids"
        ),
    );
}

/// A JSON body for a spec whose endpoint takes a multipart form (`capspec::multipart`).
pub fn form_only(spec_id: &str, path: &str) -> crate::Violations {
    crate::Violations::new(
        vec![crate::Violation::new(
            None,
            Code::InvalidMultipart,
            format!(
                "{spec_id} takes a multipart/form-data body (POST {path}) with files; validate the form with capspec::multipart"
            ),
        )],
        0,
    )
}

/// `model` names no model of the provider (or of the request type).
pub fn model_not_found(report: &mut Report, name: &str, provider: &str, names: &str) {
    report.push(
        Some("model".into()),
        Code::ModelNotFound,
        format_args!(
            "model {:?} is not a {provider} model; use one of: {names}",
            echo(name)
        ),
    );
}

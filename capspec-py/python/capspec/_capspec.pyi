"""Types of capspec's extension module (capspec._capspec), re-exported by capspec.

A body is the JSON request body as ``bytes`` (validated where it lies), ``str`` or ``dict``.
Sizes are in pixels, counts in images, lengths in Unicode characters; amounts are exact
decimal strings (``"0.011"``).
"""

from os import PathLike
from typing import Any, Dict, List, Optional, TypedDict, Union

Body = Union[bytes, str, Dict[str, Any]]

VERSION: str

class Violation(TypedDict):
    """One broken rule: OpenAI's error object."""

    message: str
    type: str
    param: Optional[str]
    """Dotted path of the parameter (``parameters.size``, ``image[0]``); None for the body."""
    code: str
    """A stable code: ``out_of_range``, ``unknown_parameter``, ``not_translatable``, ..."""

class ErrorBody(TypedDict):
    """OpenAI's error body with every violation."""

    error: Violation
    errors: List[Violation]

class Cost(TypedDict, total=False):
    """What a request costs: ``amount``, ``currency`` (ISO 4217 or None), ``per_image``,
    ``images``, ``basis``; or ``unknown`` (why) and ``images``."""

    amount: str
    currency: Optional[str]
    per_image: Optional[str]
    images: int
    basis: str
    unknown: str

class Summary(TypedDict):
    """What ``capspec validate`` prints for a valid body."""

    model: str
    """The spec id, ``<provider>/<model id>``."""
    width: Optional[int]
    """Output width in pixels; None where the spec does not determine it."""
    height: Optional[int]
    n: int
    """Images the request generates."""
    request: Dict[str, Any]
    """The normalized body: defaults applied, what to forward."""
    cost: Cost

class Change(TypedDict):
    param: str
    code: str
    """``size_changed``, ``count_split``, ``parameter_dropped`` or ``value_mapped``."""
    to: Any
    message: str

class Translation(TypedDict):
    """What ``capspec translate`` prints: the calls to make and every change made. (Each
    change also has ``from``, the requested value.)"""

    model: str
    width: Optional[int]
    height: Optional[int]
    n: int
    calls: List[Dict[str, Any]]
    changes: List[Change]
    cost: Cost

class ValidationError(ValueError):
    """A body that breaks its spec, or a request that cannot be translated as allowed."""

    errors: List[Violation]
    body: ErrorBody

class LoadError(ValueError):
    """Specs that do not load."""

    diagnostics: List[str]
    """Every fault, ``file:line:col: message``."""

def validate(provider: str, body: Body) -> Summary:
    """Validates ``body`` for a provider of the shipped catalog, routed by its ``model``.

    Raises ValidationError (every violation) or ValueError (an unknown provider)."""

def validate_spec(spec_id: str, body: Body) -> Summary:
    """Validates ``body`` as a request to the spec ``spec_id`` (its ``model`` one of the spec's names)."""

def cost(provider: str, body: Body) -> Cost:
    """What a valid body costs; raises ValidationError for an invalid one."""

def translate(spec_id: str, body: Body, allow: str = "") -> Translation:
    """Translates a canonical request (OpenAI's image generation body) for ``spec_id``.

    ``allow``: changes allowed, comma-separated: ``nearest-size``, ``split-n``, ``drop``."""

def models() -> List[str]:
    """Every spec id of the shipped catalog, sorted."""

def document(spec_id: str) -> Dict[str, Any]:
    """The model document of a spec id (``GET /v1/models/<id>``); KeyError for an unknown id."""

class Registry:
    """Specs loaded at run time, with the same functions as the module."""

    @staticmethod
    def from_dir(path: Union[str, "PathLike[str]"]) -> "Registry":
        """Loads ``<path>/<provider>/*.toml``; raises LoadError with every diagnostic."""
    def validate(self, provider: str, body: Body) -> Summary: ...
    def validate_spec(self, spec_id: str, body: Body) -> Summary: ...
    def cost(self, provider: str, body: Body) -> Cost: ...
    def translate(self, spec_id: str, body: Body, allow: str = "") -> Translation: ...
    def models(self) -> List[str]: ...
    def document(self, spec_id: str) -> Dict[str, Any]: ...

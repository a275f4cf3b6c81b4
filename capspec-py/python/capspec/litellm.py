"""A guard for LiteLLM's proxy: capspec validates (and, if asked, translates) each
``image_generation`` request before LiteLLM routes it, and refuses an invalid one with 400
before any upstream is called.

Beside the proxy's ``config.yaml``, a module makes the guard::

    # capspec_guard.py
    from capspec.litellm import CapspecGuard
    guard = CapspecGuard(models={"my-image-model": "openai/gpt-image-1"})

and the config loads it and routes the model::

    model_list:
      - model_name: my-image-model
        litellm_params: {model: openai/gpt-image-1, api_base: "https://api.openai.com/v1"}
        model_info: {capspec_model: openai/gpt-image-1}   # instead of `models=`, per deployment
    litellm_settings:
      callbacks: ["capspec_guard.guard"]

Which spec a request is checked against: ``models`` maps LiteLLM's public model names to
capspec spec ids; a deployment's ``model_info.capspec_model`` does the same from the config.
Requests for other models pass untouched.

What is validated is the body the client sent: the request's ``data`` without what LiteLLM
adds to it (``LITELLM_KEYS``: its call id, metadata, the recorded request, the caller's
secrets, the prompt as messages), with its ``model`` replaced by the spec's own model name. A
client's unknown parameter is refused as capspec refuses it.

A refusal is LiteLLM's error object (its proxy wraps every hook error in one):
``{"error": {"message": <capspec's OpenAI error body, as JSON text>, "type":
"invalid_request_error", "param": <the first violation's param>, "code": "400"}}``, status
400. The OpenAI SDKs raise ``BadRequestError`` with that ``param``; ``json.loads(message)``
gives capspec's body with every violation.

With ``translate=True`` the client's body is a canonical request (OpenAI's image generation
body with capspec's extensions, ``capspec translate``): it is translated for the spec under
``allow`` (``"nearest-size,split-n,drop"``) and the translated members replace the request's.
That suits specs whose body is OpenAI-shaped (LiteLLM's OpenAI client sends it); a translation
that needs several calls is refused (``n`` not translatable), since one hook forwards one call.

LiteLLM requires Python 3.10 or newer; this module imports it when the guard is made.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional

import capspec

#: What LiteLLM adds to a request's ``data`` before the hook runs (never the client's).
LITELLM_KEYS = frozenset(
    {
        "litellm_call_id",
        "litellm_logging_obj",
        "litellm_metadata",
        "litellm_session_id",
        "litellm_trace_id",
        "messages",
        "metadata",
        "proxy_server_request",
        "secret_fields",
        "user_api_key_dict",
    }
)


class CapspecRefusal(Exception):
    """A request capspec refuses: LiteLLM's proxy answers 400 with ``message``, ``type`` and
    ``param``. ``body`` is capspec's OpenAI error body, ``errors`` its violations."""

    def __init__(self, error: capspec.ValidationError) -> None:
        self.body: Dict[str, Any] = dict(error.body)
        self.errors = list(error.errors)
        first = self.errors[0] if self.errors else {}
        self.message = json.dumps(self.body)
        self.type = "invalid_request_error"
        self.param: Optional[str] = first.get("param")
        self.code = first.get("code")
        self.status_code = 400
        super().__init__(self.message)


def _custom_logger() -> type:
    from litellm.integrations.custom_logger import CustomLogger

    return CustomLogger


class _Guard:
    """The guard's logic, apart from LiteLLM's base class (see ``CapspecGuard``)."""

    def __init__(
        self,
        models: Optional[Mapping[str, str]] = None,
        *,
        registry: Optional[capspec.Registry] = None,
        translate: bool = False,
        allow: str = "",
    ) -> None:
        self.models = dict(models or {})
        self.registry = registry
        self.translate = translate
        self.allow = allow

    def spec_for(self, model: Any) -> Optional[str]:
        """The spec id a LiteLLM model name maps to, from ``models`` or the deployment's
        ``model_info.capspec_model``."""
        if not isinstance(model, str):
            return None
        if model in self.models:
            return self.models[model]
        try:
            from litellm.proxy.proxy_server import llm_router
        except ImportError:
            return None
        if llm_router is None:
            return None
        for deployment in llm_router.get_model_list(model_name=model) or []:
            spec = (deployment.get("model_info") or {}).get("capspec_model")
            if spec:
                return str(spec)
        return None

    def _document(self, spec_id: str) -> Dict[str, Any]:
        return self.registry.document(spec_id) if self.registry else capspec.document(spec_id)

    def checked(self, data: Dict[str, Any]) -> Dict[str, Any]:
        """``data`` with the request checked (and translated), or ``CapspecRefusal``."""
        spec_id = self.spec_for(data.get("model"))
        if spec_id is None:
            return data
        sent = {k: v for k, v in data.items() if k not in LITELLM_KEYS}
        body = dict(sent)
        api = self.registry or capspec
        try:
            if self.translate:
                body.pop("model", None)
                translation = api.translate(spec_id, body, self.allow)
                if len(translation["calls"]) != 1:
                    raise CapspecRefusal(_not_one_call(spec_id, len(translation["calls"])))
                request = translation["calls"][0]
                for key in list(sent):
                    if key != "model" and key not in request:
                        data.pop(key, None)
            else:
                body["model"] = self._document(spec_id)["model_names"][0]
                request = api.validate_spec(spec_id, body)["request"]
        except capspec.ValidationError as refused:
            raise CapspecRefusal(refused) from None
        for key, value in request.items():
            if key != "model":
                data[key] = value
        return data


def _not_one_call(spec_id: str, calls: int) -> capspec.ValidationError:
    violation = {
        "message": f"n needs {calls} calls to {spec_id}, and the LiteLLM guard forwards one; allow fewer images or use capspec serve",
        "type": "invalid_request_error",
        "param": "n",
        "code": "not_translatable",
    }
    error = capspec.ValidationError(violation["message"])
    error.errors = [violation]
    error.body = {"error": violation, "errors": [violation]}
    return error


def CapspecGuard(
    models: Optional[Mapping[str, str]] = None,
    *,
    registry: Optional[capspec.Registry] = None,
    translate: bool = False,
    allow: str = "",
) -> Any:
    """A LiteLLM ``CustomLogger`` whose ``async_pre_call_hook`` checks image generations.

    ``models``: LiteLLM model names to capspec spec ids. ``registry``: specs loaded with
    ``capspec.Registry.from_dir`` instead of the shipped catalog. ``translate`` and ``allow``:
    treat bodies as canonical requests and translate them (see the module's docs).

    The class is made here, on first use, because LiteLLM calls only a hook defined on the
    instance's own class (not an inherited one) and is imported only when a guard is made.
    """
    global _GuardClass
    if _GuardClass is None:
        base = _custom_logger()

        class CapspecGuardLogger(base, _Guard):  # type: ignore[misc, valid-type]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                base.__init__(self)
                _Guard.__init__(self, *args, **kwargs)

            async def async_pre_call_hook(
                self, user_api_key_dict: Any, cache: Any, data: dict, call_type: str
            ) -> Optional[dict]:
                if call_type != "image_generation":
                    return data
                return self.checked(data)

        _GuardClass = CapspecGuardLogger
    return _GuardClass(models, registry=registry, translate=translate, allow=allow)


_GuardClass: Optional[type] = None

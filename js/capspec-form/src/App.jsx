// The page: a model picker, the model's request form (rjsf, validated as you type by
// capspec-ajv), and what a submit gives: the JSON body and, when served, capspec's verdict.

import { Component, createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import Form from "@rjsf/core";
import { createSchemaUtils, errorId } from "@rjsf/utils";
import { estimate } from "capspec-ajv";
import { createCapspecValidator } from "capspec-ajv/rjsf";

import { initialData, isServed, providerOf } from "./models.js";
import { baseUiSchema, stripForbidden, uiSchemaFor } from "./ui.js";

/** Which fields show their errors: those touched (changed or left), all after a submit. */
const ShownErrors = createContext({ submitted: false, touched: new Set() });

function isShown(id, { submitted, touched }) {
  if (submitted) return true;
  if (id === "root") return touched.size > 0;
  for (const t of touched) if (t === id || t.startsWith(`${id}_`) || id.startsWith(`${t}_`)) return true;
  return false;
}

/** rjsf's field error list (same ids and classes), shown once the field is touched. */
function FieldErrorTemplate({ errors = [], fieldPathId }) {
  const shown = useContext(ShownErrors);
  const list = errors.filter((error) => !!error);
  if (list.length === 0 || !isShown(fieldPathId.$id, shown)) return null;
  return (
    <div className="field-errors" role="alert">
      <ul id={errorId(fieldPathId)} className="error-detail">
        {list.map((error, index) => (
          <li className="text-danger" key={index}>
            {error}
          </li>
        ))}
      </ul>
    </div>
  );
}

const templates = { FieldErrorTemplate };

/** One validator per provider: `nullableModel` when one of its schemas admits a `null` model. */
function useValidators(docs) {
  return useMemo(() => {
    const nullable = new Map();
    for (const doc of docs) {
      const model = doc.parameters?.properties?.model;
      const admitsNull = Array.isArray(model?.enum) && model.enum.includes(null);
      const provider = providerOf(doc.id);
      nullable.set(provider, nullable.get(provider) || admitsNull);
    }
    const cache = new Map();
    return (provider) => {
      if (!cache.has(provider)) cache.set(provider, createCapspecValidator({ nullableModel: nullable.get(provider) === true }));
      return cache.get(provider);
    };
  }, [docs]);
}

function idFromHash(docs) {
  let id = window.location.hash.slice(1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep it as written
  }
  return docs.some((doc) => doc.id === id) ? id : undefined;
}

export function App({ loaded }) {
  const docs = loaded.docs;
  const served = loaded.source === "server";
  const [selected, setSelected] = useState(() => idFromHash(docs) ?? docs[0]?.id);
  const doc = docs.find((d) => d.id === selected);
  const validatorFor = useValidators(docs);

  useEffect(() => {
    const onHash = () => {
      const id = idFromHash(docs);
      if (id) setSelected(id);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [docs]);

  const pick = (id) => {
    setSelected(id);
    window.history.replaceState(null, "", `#${id}`);
  };

  return (
    <>
      <header className="page-header">
        <h1>capspec request form</h1>
        <p className="mode" id="mode" data-mode={loaded.source}>
          {served
            ? "Served by capspec: models from /v1/models; a submit also asks POST /v1/validate/{provider}."
            : "Opened from a file: models from models.js; a submit shows the request body."}
        </p>
      </header>
      {loaded.missing ? <MissingModels /> : null}
      {docs.length > 0 ? (
        <main>
          <ModelPicker docs={docs} selected={selected} onPick={pick} />
          {doc ? (
            <FormErrorBoundary key={doc.id}>
              <ModelForm key={doc.id} doc={doc} validator={validatorFor(providerOf(doc.id))} served={served} />
            </FormErrorBoundary>
          ) : null}
        </main>
      ) : null}
    </>
  );
}

function MissingModels() {
  return (
    <section className="notice" id="models-hint">
      <h2>No models loaded</h2>
      <p>
        This page was opened from a file and <code>models.js</code> is not beside it. Write it with the capspec
        CLI, then reload:
      </p>
      <pre>cd js/capspec-form && npm run models   # writes dist/models.js (CAPSPEC_BIN picks the binary)</pre>
      <p>
        Or run <code>capspec serve</code> and open the page it serves: models then come from{" "}
        <code>/v1/models</code>.
      </p>
    </section>
  );
}

function ModelPicker({ docs, selected, onPick }) {
  const groups = useMemo(() => {
    const byProvider = new Map();
    for (const doc of docs) {
      const provider = providerOf(doc.id);
      if (!byProvider.has(provider)) byProvider.set(provider, []);
      byProvider.get(provider).push(doc);
    }
    return [...byProvider];
  }, [docs]);
  return (
    <div className="picker">
      <label htmlFor="model-picker">Model</label>
      <select id="model-picker" value={selected} onChange={(event) => onPick(event.target.value)}>
        {groups.map(([provider, list]) => (
          <optgroup key={provider} label={provider}>
            {list.map((doc) => (
              <option key={doc.id} value={doc.id}>
                {doc.name ? `${doc.name} — ${doc.id}` : doc.id}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function ModelCard({ doc }) {
  const features = Array.isArray(doc.features) ? doc.features : [];
  return (
    <section className="model-card" id="model-card" data-id={doc.id}>
      <h2>{doc.name ?? doc.id}</h2>
      <p className="model-id">
        <code>{doc.id}</code>
        {Array.isArray(doc.model_names) && doc.model_names.length > 0 ? (
          <span>
            {" "}
            · model {doc.model_names.map((name, i) => (
              <span key={name}>
                {i > 0 ? ", " : ""}
                <code>{name}</code>
              </span>
            ))}
          </span>
        ) : null}
      </p>
      {doc.description ? <p className="model-description">{doc.description}</p> : null}
      {features.length > 0 ? (
        <ul className="features">
          {features.map((f) => (
            <li key={f}>{String(f).replace(/_/g, " ")}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

class FormErrorBoundary extends Component {
  constructor(props) {
    super(props);
    this.state = { error: null };
  }
  static getDerivedStateFromError(error) {
    return { error };
  }
  render() {
    if (this.state.error) {
      return (
        <section className="notice error" id="form-error">
          <h2>This model's form could not be rendered</h2>
          <pre>{String(this.state.error?.stack ?? this.state.error)}</pre>
        </section>
      );
    }
    return this.props.children;
  }
}

function ModelForm({ doc, validator, served }) {
  const schema = doc.parameters;
  const schemaUtils = useMemo(() => createSchemaUtils(validator, schema), [validator, schema]);
  const base = useMemo(() => {
    const ui = baseUiSchema(doc);
    return {
      ...ui,
      "ui:options": { label: false },
      "ui:submitButtonOptions": { submitText: "Submit", props: { className: "btn btn-primary", id: "submit" } },
    };
  }, [doc]);
  const [formData, setFormData] = useState(() => initialData(doc));
  const [shown, setShown] = useState({ submitted: false, touched: new Set() });
  const [result, setResult] = useState(null);
  const request = useRef(0);

  const uiSchema = useMemo(() => {
    const filled = schemaUtils.getDefaultFormState(schema, formData);
    return uiSchemaFor(base, schemaUtils, schema, filled);
  }, [base, schemaUtils, schema, formData]);

  const touch = useCallback((id) => {
    if (typeof id !== "string" || id === "") return;
    setShown((prev) => (prev.touched.has(id) ? prev : { ...prev, touched: new Set(prev.touched).add(id) }));
  }, []);

  const onChange = useCallback(
    (event, id) => {
      setFormData(stripForbidden(schemaUtils, schema, event.formData));
      touch(id);
      request.current += 1;
      setResult(null);
    },
    [schemaUtils, schema, touch],
  );

  const onError = useCallback((errors) => {
    request.current += 1;
    setShown((prev) => ({ ...prev, submitted: true }));
    setResult({ refused: errors.length });
  }, []);

  const onSubmit = useCallback(
    async (event) => {
      const body = JSON.parse(JSON.stringify(event.formData ?? {}));
      const ticket = (request.current += 1);
      setShown((prev) => ({ ...prev, submitted: true }));
      setResult({ body, verdict: served ? { pending: true } : undefined });
      if (!served) return;
      // A spec its endpoint path selects (fal) is validated by its id: its body names no model.
      const provider = doc.routed_by === "path" ? doc.id : providerOf(doc.id);
      let verdict;
      try {
        const res = await fetch(`/v1/validate/${provider.split("/").map(encodeURIComponent).join("/")}`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        verdict = { status: res.status, statusText: res.statusText, json, text };
      } catch (error) {
        verdict = { failed: String(error?.message ?? error) };
      }
      if (request.current === ticket) setResult({ body, verdict, provider });
    },
    [doc.id, served],
  );

  return (
    <>
      <ModelCard doc={doc} />
      <ShownErrors.Provider value={shown}>
        <Form
          className="capspec-form"
          schema={schema}
          uiSchema={uiSchema}
          formData={formData}
          validator={validator}
          templates={templates}
          liveValidate="onChange"
          showErrorList={false}
          noHtml5Validate
          focusOnFirstError
          experimental_defaultFormStateBehavior={{ arrayMinItems: { populate: "requiredOnly" } }}
          onChange={onChange}
          onBlur={touch}
          onError={onError}
          onSubmit={onSubmit}
        />
      </ShownErrors.Provider>
      <Estimate doc={doc} formData={formData} />
      <Result result={result} served={served} provider={providerOf(doc.id)} />
    </>
  );
}

/** What the request as typed costs, from the document's `pricing` (capspec-ajv's `estimate`). */
function Estimate({ doc, formData }) {
  const cost = useMemo(() => estimate(doc.pricing, formData, { schema: doc.parameters }), [doc, formData]);
  if (cost.unknown !== undefined) {
    return (
      <p className="estimate unknown" id="cost-estimate" data-known="false">
        Cost: not known ({cost.unknown}).
      </p>
    );
  }
  const currency = cost.currency ? ` ${cost.currency}` : " (currency not stated)";
  const each = cost.per_image && cost.images !== 1 ? `: ${cost.images} images × ${cost.per_image}` : "";
  return (
    <p className="estimate" id="cost-estimate" data-known="true" data-amount={cost.amount}>
      Estimated cost: <strong>{cost.amount}</strong>
      {currency}
      {each}
      {doc.pricing?.not_charged ? ` (not charged: ${doc.pricing.not_charged})` : ""}
    </p>
  );
}

function Result({ result, served, provider }) {
  if (!result) return null;
  if (result.refused !== undefined) {
    return (
      <section className="result refused" id="result" aria-live="polite">
        <p id="result-refused">
          Not submitted: {result.refused === 1 ? "1 problem is" : `${result.refused} problems are`} marked at the
          fields.
        </p>
      </section>
    );
  }
  return (
    <section className="result" id="result" aria-live="polite">
      <h2>Request body</h2>
      <pre id="result-body">{JSON.stringify(result.body, null, 2)}</pre>
      {served ? <Verdict verdict={result.verdict} provider={provider} /> : null}
    </section>
  );
}

function Verdict({ verdict, provider }) {
  const where = `POST /v1/validate/${provider}`;
  if (!verdict || verdict.pending) {
    return (
      <div className="verdict pending" id="server-verdict" data-status="pending">
        <h3>Server verdict</h3>
        <p>Asking {where}…</p>
      </div>
    );
  }
  if (verdict.failed) {
    return (
      <div className="verdict bad" id="server-verdict" data-status="failed">
        <h3>Server verdict</h3>
        <p>
          {where} failed: {verdict.failed}
        </p>
      </div>
    );
  }
  const { status, json, text } = verdict;
  const ok = status === 200;
  let summary;
  if (ok && json) {
    const size = json.width && json.height ? `${json.width}×${json.height}` : "size not fixed";
    summary = `valid for ${json.model}: ${size}, n = ${json.n ?? 1}`;
  } else if (json?.error?.message) {
    summary = json.error.message;
  } else {
    summary = verdict.statusText || "no verdict";
  }
  return (
    <div className={`verdict ${ok ? "ok" : "bad"}`} id="server-verdict" data-status={String(status)}>
      <h3>
        Server verdict <span className="status">{status}</span>
      </h3>
      <p id="server-verdict-summary">{summary}</p>
      {ok ? null : Array.isArray(json?.errors) && json.errors.length > 0 ? (
        <ul className="verdict-errors">
          {json.errors.map((e, i) => (
            <li key={i}>
              <code>{e.param ?? "body"}</code> {e.code}: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <details>
        <summary>{where} answered</summary>
        <pre id="server-verdict-body">{json ? JSON.stringify(json, null, 2) : text}</pre>
      </details>
    </div>
  );
}

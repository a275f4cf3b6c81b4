// Entry: load the model documents (from the server, or from models.js beside the file), then
// render the page.

import { createRoot } from "react-dom/client";

import { App } from "./App.jsx";
import { loadModels } from "./models.js";

const root = createRoot(document.getElementById("app"));

loadModels().then(
  (loaded) => {
    document.body.dataset.models = String(loaded.docs.length);
    root.render(<App loaded={loaded} />);
  },
  (error) => {
    document.body.dataset.models = "error";
    root.render(
      <section className="notice error" id="models-error">
        <h2>The models could not be loaded</h2>
        <pre>{String(error?.message ?? error)}</pre>
      </section>,
    );
  },
);

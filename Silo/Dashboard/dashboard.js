// EmotionGrid dashboard: four views (Files, Clusters, Models, Record) over the REST gateway, plain ES
// modules with no build step and nothing fetched from outside the silo. Every user-supplied string is
// rendered with textContent/DOM APIs (see dom.js); nothing here assigns innerHTML.
import { $ } from "./dom.js";
import { getJson, apiKey, askForKey, setApiKey } from "./api.js";
import * as files from "./files.js";
import * as clusters from "./clusters.js";
import * as models from "./models.js";
import * as record from "./record.js";

const DEFAULT_EMOTIONS = ["calm", "happy", "sad", "angry"];
const views = { files, clusters, models, record };

/** Shared by the views: the label set, the embedder, and whether changes need a key. */
const context = {
  config: { emotions: DEFAULT_EMOTIONS, embedder: "", apiKeyRequired: false },
  connection(ok, text) {
    const node = $("connection");
    node.textContent = text;
    node.dataset.ok = ok ? "true" : "false";
  },
};

let current = null;

function route() {
  const name = (location.hash || "#files").slice(1);
  const view = views[name] ? name : "files";
  if (current === view) return;
  if (current) {
    views[current].hide?.();
    $(`view-${current}`).hidden = true;
  }
  current = view;
  for (const tab of document.querySelectorAll(".tabs [role=tab]")) {
    const selected = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(selected));
    tab.classList.toggle("active", selected);
  }
  $(`view-${view}`).hidden = false;
  document.body.dataset.view = view;
  views[view].show?.();
}

async function loadConfig() {
  try {
    const config = await getJson("/api/config");
    context.config = {
      emotions: Array.isArray(config.emotions) && config.emotions.length ? config.emotions : DEFAULT_EMOTIONS,
      embedder: config.embedder || "",
      apiKeyRequired: !!config.apiKeyRequired,
    };
  } catch {
    // An older silo without /api/config: the default label set, and a key is asked for on 401.
  }
  $("embedder").textContent = context.config.embedder ? `embedder: ${context.config.embedder}` : "";
  updateKeyButton();
}

function updateKeyButton() {
  const button = $("key-button");
  const has = !!apiKey();
  button.textContent = has ? "Key ✓" : "Key";
  button.title = has ? "An API key is stored in this browser; click to change or clear it" : "Set the API key for changes";
  button.hidden = !has && !context.config.apiKeyRequired;
}

$("key-button").addEventListener("click", async () => {
  if (apiKey() && confirm("Forget the stored API key?")) {
    setApiKey("");
    return;
  }
  await askForKey("The key is kept in this browser and sent as X-Api-Key with changes.");
});
document.addEventListener("apikeychange", updateKeyButton);

// The browser would open a file dropped outside the drop zone; keep the dashboard instead.
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => e.preventDefault());

await loadConfig();
for (const view of Object.values(views)) view.init(context);
window.addEventListener("hashchange", route);
route();
document.body.dataset.ready = "true";

// Models view: versions with their cross-validated scores, one version's detail (per-class table,
// confusion heat map, parameters, grid), training with a live stage and progress, and activation.
import { $, h, fill, say, percent, fixed, time, emotionColour } from "./dom.js";
import { getJson, send } from "./api.js";
import { heat } from "./charts.js";

const POLL_MS = 4000;
const RUN_POLL_MS = 1000;
let timer = null;
let runTimer = null;
let models = [];
let selected = null;
let followedRun = null;

export function init() {
  $("train-button").addEventListener("click", train);
  $("models").addEventListener("click", (e) => {
    if (e.target.closest("button")) return;
    const row = e.target.closest("tr[data-version]");
    if (row) select(Number(row.dataset.version));
  });
  $("models").addEventListener("keydown", (e) => {
    const row = e.target.closest("tr[data-version]");
    if (row && e.target === row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(Number(row.dataset.version)); }
  });
}

export function show() {
  loadModels();
  loadRuns();
  clearInterval(timer);
  timer = setInterval(() => { if (!document.hidden) loadModels(); }, POLL_MS);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}

async function loadModels() {
  try {
    models = await getJson("/api/models");
  } catch (e) {
    say($("models-message"), `Models are not available: ${e.detail || e.message}`, "error");
    return;
  }
  renderModels();
  if (selected == null && models.length) select((models.find((m) => m.active) || models[0]).version);
}

function renderModels() {
  $("models-empty").hidden = models.length > 0;
  fill($("models"), ...models.map((m) => h("tr", {
    dataset: { version: String(m.version), active: String(!!m.active) }, tabindex: 0,
    class: `${m.version === selected ? "selected" : ""}${m.active ? " active-row" : ""}`,
  },
  h("td", {}, h("b", { text: `v${m.version}` })),
  h("td", { class: "muted", text: time(m.createdAt) }),
  h("td", { class: "c-embedder", text: m.embedder }),
  h("td", { class: "num", text: percent(m.accuracy, 1) }),
  h("td", { class: "num", text: fixed(m.macroF1) }),
  h("td", { class: "num c-baseline", text: percent(m.majorityBaseline, 1) }),
  h("td", {}, m.active ? h("span", { class: "badge", text: "active" }) : null),
  h("td", {}, m.active ? null : h("button", {
    type: "button", class: "activate", dataset: { version: String(m.version) },
    text: models.some((o) => o.active && o.version > m.version) ? "Roll back" : "Activate",
    onclick: () => activate(m.version),
  })))));
}

async function activate(version) {
  const message = $("models-message");
  say(message, `Activating v${version}…`);
  try {
    await send("POST", `/api/models/${version}/activate`);
    say(message, `v${version} is active; every file is being re-scored with it.`, "ok");
    selected = version;
    await loadModels();
    select(version);
  } catch (e) {
    say(message, e.detail || e.message, "error");
  }
}

async function select(version) {
  selected = version;
  for (const tr of $("models").querySelectorAll("tr")) tr.classList.toggle("selected", Number(tr.dataset.version) === version);
  const panel = $("model-detail");
  try {
    const detail = await getJson(`/api/models/${version}`);
    if (selected !== version) return;
    renderDetail(detail);
  } catch (e) {
    panel.hidden = false;
    fill(panel, h("p", { class: "message", dataset: { kind: "error" }, text: e.detail || e.message }));
  }
}

function renderDetail(d) {
  const panel = $("model-detail");
  panel.hidden = false;
  const m = d.metrics;
  const emotions = m.emotions || d.emotions || [];
  const s = d.summary;

  const scores = h("div", { class: "scores" },
    score("Accuracy", percent(m.accuracy, 1)),
    score("Macro-F1", fixed(m.macroF1)),
    score("Baseline", percent(m.majorityBaseline, 1), "always the most common emotion"),
    score("Folds", String(m.folds), "speaker-grouped cross-validation"),
    score("Files", String(m.labelledFiles), m.weakLabels ? `${m.weakLabels} weak (cluster) labels` : "labelled"),
    score("Speakers", String(m.speakers)),
    m.ece != null ? score("ECE", fixed(m.ece), `expected calibration error of the confidences${m.uncalibratedEce != null ? ` (uncalibrated ${fixed(m.uncalibratedEce)})` : ""}`) : null,
    m.clusterNmi != null ? score("Cluster NMI", fixed(m.clusterNmi), "clusters vs emotion labels") : null,
    m.clusterSpeakerNmi != null ? score("Speaker NMI", fixed(m.clusterSpeakerNmi), "clusters vs speakers (lower: clusters follow emotions, not voices)") : null,
    m.clusterAri != null ? score("Cluster ARI", fixed(m.clusterAri)) : null);

  const perClass = h("table", { class: "per-class" },
    h("thead", {}, h("tr", {}, ["Emotion", "Precision", "Recall", "F1", "Support"].map((t) => h("th", { text: t })))),
    h("tbody", {}, (m.perClass || []).map((c) => h("tr", { dataset: { emotion: c.emotion } },
      h("td", {}, h("i", { class: "dot", style: { background: emotionColour(c.emotion) } }), c.emotion),
      h("td", { class: "num", text: fixed(c.precision) }),
      h("td", { class: "num", text: fixed(c.recall) }),
      h("td", { class: "num", text: fixed(c.f1) }),
      h("td", { class: "num", text: String(c.support) })))));

  const settings = d.learnerSettings || (d.parameters ? { trees: d.parameters.trees, maxDepth: d.parameters.maxDepth ?? "unlimited", minSamplesLeaf: d.parameters.minSamplesLeaf, maxFeatures: d.parameters.maxFeatures, seed: d.parameters.seed } : {});
  const normalisation = s.normalisation === "speaker" && d.minSpeakerFiles != null
    ? `per speaker (${m.speakerNormalisedFiles ?? 0} files by their speaker's statistics; ${d.minSpeakerFiles} files needed), global otherwise`
    : (s.normalisation || "none");
  const params = h("dl", { class: "meta" },
    h("dt", { text: "Learner" }), h("dd", { text: s.learner || "forest" }),
    h("dt", { text: "Settings" }), h("dd", { text: settingsText(settings) }),
    h("dt", { text: "Normalisation" }), h("dd", { text: normalisation }),
    h("dt", { text: "Temperature" }), h("dd", { text: fixed(d.temperature ?? 1) }),
    h("dt", { text: "Embedder" }), h("dd", { text: `${s.embedder} (${s.dimension} values)` }),
    h("dt", { text: "Label set" }), h("dd", { text: (d.emotions || []).join(", ") }),
    h("dt", { text: "Created" }), h("dd", { text: time(s.createdAt) }));

  const grid = (d.grid || []).slice().sort((a, b) => b.macroF1 - a.macroF1);
  const gridTable = grid.length ? h("details", { class: "grid-scores" },
    h("summary", { text: `Grid search (${grid.length} settings)` }),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Learner", "Settings", "Accuracy", "Macro-F1"].map((t) => h("th", { text: t })))),
      h("tbody", {}, grid.map((g) => h("tr", { class: (g.learner || "forest") === (s.learner || "forest") && settingsText(gridSettings(g)) === settingsText(settings) ? "selected" : "" },
        h("td", { text: g.learner || "forest" }),
        h("td", { text: settingsText(gridSettings(g)) }),
        h("td", { class: "num", text: percent(g.accuracy, 1) }),
        h("td", { class: "num", text: fixed(g.macroF1) }))))))) : null;

  fill(panel,
    h("div", { class: "model-head" },
      h("h2", { text: `Model v${s.version}` }),
      s.active ? h("span", { class: "badge", text: "active" }) : h("button", { type: "button", class: "activate", text: "Activate this version", onclick: () => activate(s.version) })),
    scores,
    h("div", { class: "model-grid" },
      h("section", {}, h("h3", { text: "Per class" }), h("div", { class: "table-wrap" }, perClass)),
      h("section", {}, h("h3", { text: "Confusion (rows truth, columns predicted)" }), confusion(emotions, m.confusion || [])),
      h("section", {}, h("h3", { text: "Parameters" }), params)),
    gridTable);
}

/** A grid row's settings as the learner recorded them (older versions recorded forest parameters only). */
const gridSettings = (g) => g.learnerSettings || (g.settings ? { trees: g.settings.trees, maxDepth: g.settings.maxDepth ?? "unlimited", minSamplesLeaf: g.settings.minSamplesLeaf, maxFeatures: g.settings.maxFeatures, seed: g.settings.seed } : {});

const settingsText = (settings) => Object.entries(settings).filter(([k]) => !k.endsWith("seed")).map(([k, v]) => `${k} ${v}`).join(", ");

function score(label, value, title) {
  return h("div", { class: "score", title }, h("b", { text: value }), h("span", { text: label }));
}

/** The confusion matrix as a heat map: each cell shaded by its share of its row (the recall view). */
function confusion(emotions, matrix) {
  const table = h("table", { class: "confusion", "aria-label": "Confusion matrix" },
    h("thead", {}, h("tr", {}, h("th", { class: "corner", text: "truth ╲ predicted" }), emotions.map((e) => h("th", { scope: "col", text: e })))),
    h("tbody", {}, emotions.map((truth, i) => {
      const rowValues = matrix[i] || [];
      const total = rowValues.reduce((a, b) => a + b, 0) || 1;
      return h("tr", {}, h("th", { scope: "row", text: truth }), emotions.map((predicted, j) => {
        const n = rowValues[j] ?? 0;
        const colours = heat(n / total);
        return h("td", {
          class: `cell${i === j ? " diagonal" : ""}`, style: colours,
          title: `${n} ${truth} predicted ${predicted} (${percent(n / total)} of ${truth})`, text: String(n),
        });
      }));
    })));
  return h("div", { class: "table-wrap" }, table);
}

// --- training -------------------------------------------------------------------------------

async function train() {
  const button = $("train-button");
  const message = $("models-message");
  button.disabled = true;
  say(message, "Starting a training run…");
  try {
    const accepted = await send("POST", "/api/train");
    say(message, "");
    follow(accepted.runId);
  } catch (e) {
    button.disabled = false;
    say(message, e.detail || e.message, "error");
    if (e.status === 409) loadRuns(); // one already running: show it
  }
}

async function loadRuns() {
  let runs;
  try {
    runs = await getJson("/api/training");
  } catch {
    return; // an older silo without the list: only runs started here are followed
  }
  if (!Array.isArray(runs)) return;
  fill($("training-runs"), ...runs.slice(0, 8).map((r) => h("li", { dataset: { status: r.status } },
    h("span", { class: `status status-run-${r.status}`, text: r.status }),
    h("span", { text: ` ${time(r.createdAt)}` }),
    r.modelVersion != null ? h("b", { text: ` → v${r.modelVersion}` }) : null,
    r.stage && (r.status === "running" || r.status === "queued") ? h("span", { class: "muted", text: ` · ${r.stage}` }) : null,
    r.error ? h("span", { class: "error", text: ` · ${r.error}` }) : null)));
  $("training-history").hidden = runs.length === 0;
  const active = runs.find((r) => r.status === "queued" || r.status === "running");
  if (active && followedRun !== active.runId) follow(active.runId);
}

function follow(runId) {
  followedRun = runId;
  clearTimeout(runTimer);
  $("train-button").disabled = true;
  $("training-run").hidden = false;
  const poll = async () => {
    if (followedRun !== runId) return;
    let run;
    try {
      run = await getJson(`/api/training/${encodeURIComponent(runId)}`);
    } catch (e) {
      say($("models-message"), `Lost the training run: ${e.detail || e.message}`, "error");
      runTimer = setTimeout(poll, RUN_POLL_MS * 3);
      return;
    }
    showRun(run);
    if (run.status === "succeeded" || run.status === "failed") {
      followedRun = null;
      $("train-button").disabled = false;
      if (run.status === "succeeded") {
        say($("models-message"), `Training finished: model v${run.modelVersion} is active.`, "ok");
        selected = run.modelVersion;
        await loadModels();
        if (run.modelVersion != null) select(run.modelVersion);
      } else {
        say($("models-message"), `Training failed: ${run.error || "no reason given"}`, "error");
      }
      loadRuns();
      return;
    }
    runTimer = setTimeout(poll, RUN_POLL_MS);
  };
  poll();
}

function showRun(run) {
  const box = $("training-run");
  box.hidden = false;
  box.dataset.status = run.status;
  const progress = Math.max(0, Math.min(1, run.progress ?? 0));
  $("training-stage").textContent = run.status === "running" ? `${run.stage || "running"}` : run.status;
  $("training-progress").value = run.status === "succeeded" ? 1 : progress;
  $("training-percent").textContent = percent(run.status === "succeeded" ? 1 : progress);
}

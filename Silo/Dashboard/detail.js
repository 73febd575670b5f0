// File detail dialog: audio, waveform and log-mel spectrogram, what was said, probabilities, the per-segment
// emotion timeline of long files, and labelling (the label set as buttons, or any emotion typed in).
import { $, h, fill, say, percent, seconds, bytes, time, emotionColour } from "./dom.js";
import { getJson, send } from "./api.js";
import { drawWaveform, drawSpectrogram, probabilityBars, segmentTimeline } from "./charts.js";
import { said } from "./transcript.js";

let ctx;
let onChange;
let currentId = null;
let currentFile = null;
let visual = null;
let loading = 0;

export function init(context, changed) {
  ctx = context;
  onChange = changed;
  const dialog = $("detail");
  $("detail-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.querySelector("audio")?.pause();
    currentId = null;
    currentFile = null;
    visual = null;
  });
  // A click on the backdrop (outside the dialog box) closes it.
  dialog.addEventListener("click", (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) dialog.close();
  });
  window.addEventListener("resize", () => { if (currentId) drawVisual(); });
}

export async function open(id) {
  currentId = id;
  visual = null;
  const dialog = $("detail");
  $("detail-title").textContent = "Loading…";
  fill($("detail-body"));
  if (!dialog.open) dialog.showModal();
  await load(true);
}

/** Called on every poll of the Files view: refreshes a file that is still on its way. */
export function tick() {
  if (currentId && currentFile && (currentFile.status === "queued" || currentFile.status === "processing")) load(false);
}

async function load(first) {
  const id = currentId;
  const mine = ++loading;
  try {
    const detail = await getJson(`/api/files/${encodeURIComponent(id)}`);
    if (mine !== loading || id !== currentId) return;
    const finishedNow = currentFile && currentFile.status !== detail.file.status;
    currentFile = detail.file;
    render(detail);
    if (first || finishedNow || !visual) loadVisual(id);
  } catch (e) {
    if (mine !== loading || id !== currentId) return;
    $("detail-title").textContent = "File";
    fill($("detail-body"), h("p", { class: "message", dataset: { kind: "error" }, text: e.detail || e.message }));
  }
}

async function loadVisual(id) {
  const note = $("visual-note");
  if (currentFile?.status !== "embedded") {
    if (note) say(note, currentFile?.status === "failed" ? "No waveform: the file could not be decoded." : "The waveform appears once the file is embedded.");
    return;
  }
  try {
    const v = await getJson(`/api/files/${encodeURIComponent(id)}/visual`);
    if (id !== currentId) return;
    visual = v;
    if (note) say(note, "");
    drawVisual();
  } catch (e) {
    if (id !== currentId) return;
    if ($("visual-note")) say($("visual-note"), `No waveform: ${e.detail || e.message}`, "error");
  }
}

function drawVisual() {
  if (!visual) return;
  const wave = $("detail-wave"), spec = $("detail-spec");
  if (!wave || !spec) return;
  wave.hidden = false;
  spec.hidden = false;
  drawWaveform(wave, visual.waveform);
  drawSpectrogram(spec, visual.logMel);
}

function row(term, value) {
  return value == null || value === "" ? null : [h("dt", { text: term }), h("dd", {}, value)];
}

function render(detail) {
  const f = detail.file;
  $("detail-title").textContent = f.name;
  $("detail-title").title = f.name;
  const body = $("detail-body");
  const previousAudio = body.querySelector("audio");
  const keepAudio = previousAudio && previousAudio.dataset.id === f.id;

  const audio = keepAudio ? previousAudio : h("audio", { controls: true, preload: "metadata", src: `/api/files/${encodeURIComponent(f.id)}/audio`, dataset: { id: f.id } });
  const cursor = h("div", { class: "cursor", hidden: true });
  const waveWrap = h("div", { class: "wave-wrap", title: "Click to play from here" },
    h("canvas", { id: "detail-wave", class: "wave", hidden: true, "aria-label": "Waveform", role: "img" }), cursor);
  waveWrap.addEventListener("click", (e) => {
    const duration = audio.duration || f.durationSeconds;
    if (!duration) return;
    const r = waveWrap.getBoundingClientRect();
    audio.currentTime = ((e.clientX - r.left) / r.width) * duration;
    audio.play().catch(() => {});
  });
  audio.ontimeupdate = () => {
    const duration = audio.duration || f.durationSeconds;
    if (!duration) return;
    cursor.hidden = false;
    cursor.style.left = `${(audio.currentTime / duration) * 100}%`;
  };

  const status = h("span", { class: `status status-${f.status}`, text: f.status });
  const emotion = f.emotion
    ? h("span", { class: "emotion" }, h("i", { class: "dot", style: { background: emotionColour(f.emotion) } }), `${f.emotion} (${percent(f.confidence)})`)
    : null;
  const meta = h("dl", { class: "meta" },
    row("Status", status),
    row("Error", f.error ? h("span", { class: "error", text: f.error }) : null),
    row("Predicted", emotion),
    row("Model", f.modelVersion != null ? `v${f.modelVersion}` : null),
    row("Label", f.label ? `${f.label}${f.labelSource ? ` (${f.labelSource})` : ""}` : "none"),
    row("Speaker", f.speaker),
    row("Duration", seconds(f.durationSeconds)),
    row("Format", f.sampleRate ? `${f.sampleRate} Hz · ${f.channels ?? "?"} ch` : null),
    row("Size", bytes(f.sizeBytes)),
    row("Embedder", f.embedder),
    row("Id", h("code", { text: f.id })),
    row("Also named", detail.aliases?.length ? detail.aliases.join(", ") : null),
    row("Warnings", detail.warnings?.filter(Boolean).length ? detail.warnings.filter(Boolean).join("; ") : null),
    row("Added", time(f.createdAt)));

  const transcript = said(detail.transcript, (at) => { audio.currentTime = at; audio.play().catch(() => {}); });

  const probs = h("div", { class: "probs" });
  probabilityBars(probs, f.probabilities, f.emotion);

  const segments = (detail.segments || []).filter((s) => s.endSeconds > s.startSeconds);
  const timeline = segments.length > 1 ? h("div", { class: "timeline" }) : null;
  if (timeline) segmentTimeline(timeline, segments, f.durationSeconds);

  fill(body,
    h("div", { class: "detail-grid" },
      h("div", { class: "detail-main" },
        audio,
        waveWrap,
        h("canvas", { id: "detail-spec", class: "spec", hidden: true, "aria-label": "Log-mel spectrogram", role: "img" }),
        h("p", { id: "visual-note", class: "message", hidden: true }),
        transcript ? [h("h3", { text: "What was said" }), transcript] : null,
        timeline ? [h("h3", { text: "Emotion over time" }), timeline] : null,
        h("h3", { text: "Probabilities" }), probs),
      h("div", { class: "detail-side" }, meta, labelControl(f))));
  if (visual) drawVisual();
}

function labelControl(f) {
  const message = h("p", { class: "message", hidden: true, id: "label-message" });
  const apply = async (emotion) => {
    const value = (emotion || "").trim();
    if (!value) { say(message, "Type an emotion first.", "error"); return; }
    say(message, `Labelling as ${value}…`);
    try {
      const result = await send("PUT", `/api/files/${encodeURIComponent(f.id)}/label`, { emotion: value });
      say(message, `Labelled ${result?.emotion ?? value}.`, "ok");
      onChange?.();
      const id = f.id;
      setTimeout(() => { if (currentId === id) load(false); }, 150);
    } catch (e) {
      say(message, e.detail || e.message, "error");
    }
  };
  const input = h("input", { type: "text", id: "label-input", placeholder: "other emotion", autocomplete: "off", maxlength: 32 });
  const form = h("form", { class: "label-form", onsubmit: (e) => { e.preventDefault(); apply(input.value); } },
    input, h("button", { type: "submit", text: "Set" }));
  return h("div", { class: "label-box" },
    h("h3", { text: "Label this file" }),
    h("div", { class: "label-buttons" }, ctx.config.emotions.map((e) =>
      h("button", { type: "button", class: `label-button${f.label === e ? " active" : ""}`, dataset: { emotion: e }, onclick: () => apply(e) },
        h("i", { class: "dot", style: { background: emotionColour(e) } }), e))),
    form, message);
}

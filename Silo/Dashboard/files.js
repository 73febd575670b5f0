// Files view: counts by status and emotion, throughput, uploads (one request per file, each with its
// own progress bar), and the live table with filters, sorting and paging (polled every 2 s).
import { $, h, fill, percent, seconds, time, emotionColour } from "./dom.js";
import { getJson, upload } from "./api.js";
import { drawThroughput } from "./charts.js";
import * as detail from "./detail.js";
import { shortText } from "./transcript.js";

const POLL_MS = 2000;
const THROUGHPUT_MS = 10000;
const UPLOADS_AT_ONCE = 3;
const DESC_FIRST = new Set(["duration", "confidence", "updatedAt", "createdAt"]);

const state = { page: 1, pageSize: 25, status: "", emotion: "", q: "", sort: "", desc: true };
let ctx;
let timer = null;
let throughputAt = 0;
let finishedAtThroughput = -1;
let lastThroughput = null;
let generation = 0;
let knownEmotions = new Set();

export function init(context) {
  ctx = context;
  detail.init(context, () => refresh());
  restoreState();
  for (const e of ctx.config.emotions) knownEmotions.add(e);
  renderEmotionOptions();

  $("status-filter").value = state.status;
  $("text-filter").value = state.q;
  $("status-filter").addEventListener("change", (e) => setFilter({ status: e.target.value }));
  $("emotion-filter").addEventListener("change", (e) => setFilter({ emotion: e.target.value }));
  let typing = null;
  $("text-filter").addEventListener("input", (e) => {
    clearTimeout(typing);
    typing = setTimeout(() => setFilter({ q: e.target.value.trim() }), 250);
  });
  $("prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); refresh(); });
  $("next").addEventListener("click", () => { state.page += 1; refresh(); });

  for (const th of document.querySelectorAll("#files-table th[data-sort]")) {
    th.tabIndex = 0;
    th.title = "Sort";
    const activate = () => {
      const key = th.dataset.sort;
      if (state.sort === key) state.desc = !state.desc;
      else { state.sort = key; state.desc = DESC_FIRST.has(key); }
      state.page = 1;
      refresh();
    };
    th.addEventListener("click", activate);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); activate(); } });
  }

  const body = $("files");
  body.addEventListener("click", (e) => {
    const row = e.target.closest("tr[data-id]");
    if (row) detail.open(row.dataset.id);
  });
  body.addEventListener("keydown", (e) => {
    const row = e.target.closest("tr[data-id]");
    if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); detail.open(row.dataset.id); }
  });

  // Uploads: the picker and drag and drop anywhere on the Files view.
  $("file-input").addEventListener("change", (e) => {
    enqueue([...e.target.files]);
    e.target.value = "";
  });
  const zone = $("dropzone");
  const view = $("view-files");
  let depth = 0;
  view.addEventListener("dragenter", (e) => { if (hasFiles(e)) { depth++; zone.classList.add("over"); } });
  view.addEventListener("dragleave", () => { depth = Math.max(0, depth - 1); if (depth === 0) zone.classList.remove("over"); });
  view.addEventListener("dragover", (e) => { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = "copy"; } });
  view.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    zone.classList.remove("over");
    enqueue([...(e.dataTransfer?.files || [])]);
  });
  window.addEventListener("resize", () => { if (lastThroughput && !$("view-files").hidden) drawThroughput($("throughput"), lastThroughput.points, lastThroughput.bucketSeconds); });
  document.addEventListener("visibilitychange", () => { if (!document.hidden && timer) refresh(); });
}

const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes("Files");

export function show() {
  refresh();
  clearInterval(timer);
  timer = setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}

function setFilter(change) {
  Object.assign(state, change, { page: 1 });
  refresh();
}

function restoreState() {
  const params = new URLSearchParams(sessionStorage.getItem("emotiongrid.files") || "");
  for (const key of ["status", "emotion", "q", "sort"]) if (params.has(key)) state[key] = params.get(key);
  if (params.has("desc")) state.desc = params.get("desc") === "true";
}

function saveState() {
  const { status, emotion, q, sort, desc } = state;
  try { sessionStorage.setItem("emotiongrid.files", new URLSearchParams({ status, emotion, q, sort, desc }).toString()); } catch { /* ignore */ }
}

function query() {
  const params = new URLSearchParams({ page: state.page, pageSize: state.pageSize });
  if (state.status) params.set("status", state.status);
  if (state.emotion) params.set("emotion", state.emotion);
  if (state.q) params.set("q", state.q);
  if (state.sort) { params.set("sort", state.sort); params.set("desc", String(state.desc)); }
  return params;
}

/** One poll: counts, the current page and (every 10 s) the throughput. Stale answers are dropped. */
export async function refresh() {
  const mine = ++generation;
  saveState();
  try {
    const [summary, page] = await Promise.all([getJson("/api/status"), getJson(`/api/files?${query()}`)]);
    if (mine !== generation) return;
    // The chart is fetched every 10 s, and at once when files have finished since the last fetch.
    const finished = (summary.byStatus?.embedded ?? 0) + (summary.byStatus?.failed ?? 0);
    const throughput = Date.now() - throughputAt > THROUGHPUT_MS || finished !== finishedAtThroughput
      ? await getJson("/api/stats/throughput?minutes=60").catch(() => null)
      : undefined;
    if (mine !== generation) return;
    if (throughput !== undefined) finishedAtThroughput = finished;
    if (page.total > 0 && page.items.length === 0 && state.page > 1) {
      state.page = Math.max(1, Math.ceil(page.total / state.pageSize));
      return refresh();
    }
    renderCounts(summary);
    renderFiles(page);
    if (throughput !== undefined) {
      throughputAt = Date.now();
      renderThroughput(throughput);
    }
    detail.tick();
    ctx.connection(true, `live · ${new Date().toLocaleTimeString()}`);
  } catch (e) {
    if (mine !== generation) return;
    ctx.connection(false, `offline: ${e.detail || e.message}`);
  }
}

function chip(label, value, { active, colour, onClick, kind }) {
  return h("button", {
    type: "button", class: `chip${active ? " active" : ""}`, dataset: { [kind]: label }, "aria-pressed": String(!!active),
    onclick: onClick,
  },
  colour ? h("i", { class: "dot", style: { background: colour } }) : null,
  h("b", { text: String(value) }), h("span", { text: label }));
}

function renderCounts(summary) {
  const byStatus = summary.byStatus || {};
  const statuses = [["all", summary.total ?? 0], ...["queued", "processing", "embedded", "failed"].map((s) => [s, byStatus[s] ?? 0])];
  fill($("status-counts"), ...statuses.map(([label, value]) => chip(label, value, {
    kind: "status",
    active: (label === "all" && !state.status) || label === state.status,
    onClick: () => { $("status-filter").value = label === "all" ? "" : label; setFilter({ status: label === "all" ? "" : label }); },
  })));
  if (summary.embedder && !$("embedder").textContent) $("embedder").textContent = `embedder: ${summary.embedder}`;

  const byEmotion = summary.byEmotion || {};
  const entries = Object.entries(byEmotion).sort((a, b) => b[1] - a[1]);
  let added = false;
  for (const [emotion] of entries) if (!knownEmotions.has(emotion)) { knownEmotions.add(emotion); added = true; }
  if (added) renderEmotionOptions();
  const node = $("emotion-counts");
  if (entries.length === 0) {
    fill(node, h("span", { class: "muted", text: summary.byEmotion ? "No predictions yet: train a model in Models." : "Not reported by this server." }));
  } else {
    fill(node, ...entries.map(([emotion, count]) => chip(emotion, count, {
      kind: "emotion", colour: emotionColour(emotion), active: state.emotion === emotion,
      onClick: () => { const next = state.emotion === emotion ? "" : emotion; $("emotion-filter").value = next; setFilter({ emotion: next }); },
    })));
  }
}

function renderEmotionOptions() {
  const select = $("emotion-filter");
  fill(select, h("option", { value: "", text: "all" }), ...[...knownEmotions].map((e) => h("option", { value: e, text: e })));
  select.value = state.emotion;
}

function renderThroughput(throughput) {
  const canvas = $("throughput");
  if (!throughput || !Array.isArray(throughput.points)) {
    lastThroughput = null;
    drawThroughput(canvas, [], 60);
    $("throughput-total").textContent = "not reported by this server";
    return;
  }
  lastThroughput = throughput;
  drawThroughput(canvas, throughput.points, throughput.bucketSeconds || 60);
  const total = throughput.points.reduce((n, p) => n + (p.embedded || 0) + (p.failed || 0), 0);
  $("throughput-total").textContent = `${total} in the last hour`;
}

function cell(text, className) {
  return h("td", { class: className, text: text ?? "" });
}

function renderFiles(page) {
  const rows = page.items.map((f) => {
    const status = h("span", { class: `status status-${f.status}`, text: f.status });
    const emotion = f.emotion
      ? h("span", { class: "emotion" }, h("i", { class: "dot", style: { background: emotionColour(f.emotion) } }), f.emotion)
      : null;
    const confidence = f.confidence != null
      ? h("span", { class: "confidence" }, h("span", { class: "meter" }, h("span", { style: { width: percent(f.confidence) } })), percent(f.confidence))
      : null;
    const label = f.label
      ? h("span", { class: "label" }, f.label, f.labelSource ? h("small", { class: "muted", text: ` ${f.labelSource}` }) : null)
      : null;
    return h("tr", { dataset: { id: f.id, status: f.status }, tabindex: 0, title: "Show details" },
      h("td", { class: "c-name" }, h("span", { class: "name", text: f.name, title: f.name })),
      h("td", { class: "c-status" }, status),
      cell(seconds(f.durationSeconds), "c-duration num"),
      h("td", { class: "c-emotion" }, emotion),
      h("td", { class: "c-confidence" }, confidence),
      h("td", { class: "c-said" }, f.transcriptText ? h("span", { class: "said-short", text: shortText(f.transcriptText), title: f.transcriptText }) : null),
      h("td", { class: "c-label" }, label),
      cell(f.speaker, "c-speaker"),
      cell(f.modelVersion != null ? `v${f.modelVersion}` : "", "c-model"),
      cell(f.error, "c-error error"),
      cell(time(f.updatedAt), "c-updated muted"));
  });
  fill($("files"), ...rows);

  const pages = Math.max(1, Math.ceil(page.total / state.pageSize));
  $("page-info").textContent = `${page.total} file${page.total === 1 ? "" : "s"} · ${state.page}/${pages}`;
  $("prev").disabled = state.page <= 1;
  $("next").disabled = state.page >= pages;
  const empty = $("files-empty");
  empty.hidden = page.total > 0;
  empty.textContent = state.status || state.emotion || state.q
    ? "No files match these filters."
    : "No files yet: drop WAV files above, into the incoming/ folder of the data root, or POST them to /api/files.";

  for (const th of document.querySelectorAll("#files-table th[data-sort]")) {
    const sorted = th.dataset.sort === state.sort;
    th.setAttribute("aria-sort", sorted ? (state.desc ? "descending" : "ascending") : "none");
    th.classList.toggle("sorted", sorted);
  }
}

// --- uploads -------------------------------------------------------------------------------

const queue = [];
let running = 0;

function enqueue(list) {
  for (const file of list) {
    const bar = h("progress", { max: 1, value: 0 });
    const status = h("span", { class: "upload-status muted", text: "waiting" });
    const item = h("li", { class: "upload", dataset: { state: "waiting" } },
      h("span", { class: "upload-name", text: file.name, title: file.name }), bar, status);
    $("uploads").prepend(item);
    queue.push({ file, bar, status, item });
  }
  pump();
}

function pump() {
  while (running < UPLOADS_AT_ONCE && queue.length) {
    const job = queue.shift();
    running++;
    job.item.dataset.state = "uploading";
    job.status.textContent = "0%";
    upload(job.file, (fraction) => { job.bar.value = fraction; job.status.textContent = percent(fraction); })
      .then((stored) => {
        job.item.dataset.state = "done";
        job.bar.value = 1;
        job.status.textContent = stored?.status ? `${stored.status}` : "uploaded";
        if (stored?.name && stored.name !== job.file.name) job.status.textContent += ` as ${stored.name}`;
        setTimeout(() => job.item.remove(), 15000);
      })
      .catch((e) => {
        job.item.dataset.state = "failed";
        job.status.textContent = e.detail || e.message;
        job.status.classList.add("error");
      })
      .finally(() => {
        running--;
        pump();
        if (running === 0 && queue.length === 0) refresh();
      });
  }
}

// Clusters view: the 2-D map of every embedded file coloured by cluster or by label, hover for the name,
// click to play; per cluster its size, emotion and label counts, and naming a cluster with an emotion.
import { $, h, fill, say, fixed, emotionColour, clusterColour } from "./dom.js";
import { getJson, send } from "./api.js";
import { scatter } from "./charts.js";

const POLL_MS = 6000;
let ctx;
let timer = null;
let data = null;
let dataKey = "";
let chart = null;
let colourBy = "cluster";

export function init(context) {
  ctx = context;
  for (const radio of document.querySelectorAll("input[name=colour-by]")) {
    radio.addEventListener("change", () => { colourBy = radio.value; drawChart(); });
  }
  $("clusters-refresh").addEventListener("click", () => load(true));
  const canvas = $("scatter");
  canvas.addEventListener("mousemove", (e) => hover(chart?.hitTest(e)));
  canvas.addEventListener("mouseleave", () => hover(null));
  canvas.addEventListener("click", (e) => { const hit = chart?.hitTest(e); if (hit) play(hit.point); });
  window.addEventListener("resize", () => { if (data && !$("view-clusters").hidden) drawChart(); });
}

export function show() {
  load(true);
  clearInterval(timer);
  timer = setInterval(() => { if (!document.hidden) load(false); }, POLL_MS);
}

export function hide() {
  clearInterval(timer);
  timer = null;
}

async function load(force) {
  const message = $("clusters-message");
  try {
    const view = await getJson("/api/clusters");
    const key = JSON.stringify(view);
    say(message, "");
    if (!force && key === dataKey) return;
    dataKey = key;
    data = view;
    render();
  } catch (e) {
    data = null;
    dataKey = "";
    say(message, e.status === 409 ? e.detail : `Clusters are not available: ${e.detail || e.message}`, e.status === 409 ? "info" : "error");
    fill($("cluster-list"));
    fill($("scatter-legend"));
    fill($("cluster-scores"));
    chart = null;
    const canvas = $("scatter");
    canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
  }
}

function render() {
  const scores = [];
  if (data.nmi != null) scores.push(h("span", { class: "pill", title: "Normalised mutual information between clusters and labels", text: `NMI ${fixed(data.nmi)}` }));
  if (data.speakerNmi != null) scores.push(h("span", { class: "pill", title: "Normalised mutual information between clusters and speakers: low means the clusters follow emotions, not voices", text: `speaker NMI ${fixed(data.speakerNmi)}` }));
  if (data.normalisation) scores.push(h("span", { class: "pill", title: "k-means runs on vectors normalised this way", text: `${data.normalisation}-normalised` }));
  if (data.ari != null) scores.push(h("span", { class: "pill", title: "Adjusted Rand index between clusters and labels", text: `ARI ${fixed(data.ari)}` }));
  scores.push(h("span", { class: "muted", text: `k = ${data.k} · ${data.points.length} files · ${data.embedder}` }));
  fill($("cluster-scores"), ...scores);
  drawChart();
  renderClusters();
}

function colourOf(point) {
  return colourBy === "label" ? emotionColour(point.emotion) : clusterColour(point.cluster);
}

function drawChart() {
  if (!data) return;
  const points = data.points.map((p) => ({ ...p, colour: colourOf(p) }));
  const narrow = window.innerWidth < 640;
  chart = scatter($("scatter"), points, { height: narrow ? 280 : 380 });
  const legend = colourBy === "label"
    ? [...new Set(data.points.map((p) => p.emotion ?? null))].sort().map((e) => [e ?? "unlabelled", emotionColour(e)])
    : data.clusters.map((c) => [`cluster ${c.id}${c.emotion ? ` · ${c.emotion}` : ""}`, clusterColour(c.id)]);
  fill($("scatter-legend"), ...legend.map(([text, colour]) =>
    h("span", { class: "legend-item" }, h("i", { style: { background: colour } }), text)));
}

function hover(hit) {
  const tip = $("scatter-tip");
  const line = $("scatter-hover");
  if (!hit) {
    tip.hidden = true;
    line.textContent = "Hover a point to see its file; click it to play.";
    chart?.redraw(null);
    return;
  }
  const p = hit.point;
  tip.textContent = p.name;
  tip.hidden = false;
  const canvas = $("scatter");
  const maxLeft = canvas.clientWidth - tip.offsetWidth - 4;
  tip.style.left = `${Math.max(4, Math.min(maxLeft, hit.x + 10))}px`;
  tip.style.top = `${Math.max(4, hit.y - 30)}px`;
  line.textContent = `${p.name} · cluster ${p.cluster}${p.emotion ? ` · ${p.emotion}` : ""}`;
  chart.redraw(p);
}

function play(point) {
  const audio = $("cluster-audio");
  audio.src = `/api/files/${encodeURIComponent(point.fileId)}/audio`;
  audio.play().catch(() => { /* autoplay refused: the controls are there */ });
  $("cluster-playing").textContent = `Playing ${point.name}`;
  $("cluster-playing").dataset.fileId = point.fileId;
}

function renderClusters() {
  const names = new Map(data.points.map((p) => [p.fileId, p]));
  const list = $("cluster-list");
  const cards = data.clusters.map((c) => {
    const counts = Object.entries(c.labelCounts || {}).sort((a, b) => b[1] - a[1]);
    const message = h("p", { class: "message", hidden: true });
    const input = h("input", { type: "text", list: "cluster-emotions", placeholder: "emotion", autocomplete: "off", maxlength: 32, "aria-label": `Emotion for cluster ${c.id}` });
    const form = h("form", {
      class: "name-form",
      onsubmit: async (e) => {
        e.preventDefault();
        const emotion = input.value.trim();
        if (!emotion) { say(message, "Choose or type an emotion.", "error"); return; }
        say(message, "Naming…");
        try {
          const result = await send("PUT", `/api/clusters/${c.id}/label`, { emotion });
          say(message, `Cluster ${result.clusterId} named ${result.emotion}: ${result.labelled} unlabelled file${result.labelled === 1 ? "" : "s"} labelled.`, "ok");
          setTimeout(() => load(true).then(() => {
            const again = document.querySelector(`.cluster-card[data-cluster="${c.id}"] .message`);
            if (again) say(again, `Named ${result.emotion}: ${result.labelled} file${result.labelled === 1 ? "" : "s"} labelled.`, "ok");
          }), 300);
        } catch (err) {
          say(message, err.detail || err.message, "error");
        }
      },
    }, input, h("button", { type: "submit", text: "Name" }));
    const samples = (c.sampleFileIds || []).slice(0, 3).map((id) => names.get(id)).filter(Boolean);
    return h("article", { class: "card cluster-card", dataset: { cluster: String(c.id) } },
      h("header", {},
        h("i", { class: "swatch", style: { background: clusterColour(c.id) } }),
        h("h3", { text: `Cluster ${c.id}` }),
        h("span", { class: "muted", text: `${c.size} file${c.size === 1 ? "" : "s"}` }),
        c.emotion ? h("span", { class: "pill emotion-pill", style: { borderColor: emotionColour(c.emotion) }, text: c.emotion }) : null),
      counts.length
        ? h("div", { class: "label-counts" }, counts.map(([label, n]) =>
          h("span", { class: "count-chip", title: `${n} labelled ${label}` }, h("i", { class: "dot", style: { background: emotionColour(label) } }), `${label} ${n}`)))
        : h("p", { class: "muted", text: "No labels in this cluster." }),
      samples.length
        ? h("div", { class: "samples" }, h("span", { class: "muted", text: "Listen:" }), samples.map((p) =>
          h("button", { type: "button", class: "ghost sample", title: p.name, onclick: () => play(p) }, "▶ ", h("span", { text: p.name }))))
        : null,
      form, message);
  });
  const datalist = h("datalist", { id: "cluster-emotions" }, ctx.config.emotions.map((e) => h("option", { value: e })));
  fill(list, datalist, ...cards);
}

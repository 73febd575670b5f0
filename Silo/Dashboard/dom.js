// DOM helpers. Everything that came from a user or the server (file names, labels, errors) becomes a
// text node or an attribute value through these; nothing in the dashboard assigns innerHTML.

/**
 * h("div", {class: "x", dataset: {id}, onclick: fn, text: "..."}, child, "text", [more])
 * Children may be nodes, strings (text nodes), numbers, arrays, or null/undefined/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
      else if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
      else if (value === true) node.setAttribute(key, "");
      else if (key in node && typeof node[key] !== "function" && key !== "list" && key !== "form") node[key] = value;
      else node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.append(child);
    else node.append(document.createTextNode(String(child)));
  }
}

export const $ = (id) => document.getElementById(id);

/** Replaces an element's children (nodes or strings as text). */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function percent(value, digits = 0) {
  return value == null || Number.isNaN(value) ? "" : `${(value * 100).toFixed(digits)}%`;
}

export function fixed(value, digits = 3) {
  return value == null || Number.isNaN(value) ? "" : Number(value).toFixed(digits);
}

export function seconds(value) {
  if (value == null) return "";
  if (value < 60) return `${value.toFixed(2)} s`;
  const m = Math.floor(value / 60);
  const s = Math.round(value - m * 60);
  return m < 60 ? `${m}:${String(s).padStart(2, "0")}` : `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export function bytes(value) {
  if (value == null) return "";
  const units = ["B", "KB", "MB", "GB"];
  let v = value;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function time(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const today = new Date();
  return d.toDateString() === today.toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** A message line: kind is "info", "ok" or "error". Text only. */
export function say(node, text, kind = "info") {
  node.textContent = text ?? "";
  node.dataset.kind = kind;
  node.hidden = !text;
}

/** Stable colours for the usual emotions; anything else gets a colour from its name. */
const EMOTION_COLOURS = {
  neutral: "#9ca3af", calm: "#3b82f6", happy: "#f59e0b", sad: "#6366f1", angry: "#dc2626",
  fearful: "#7c3aed", fear: "#7c3aed", disgust: "#65a30d", surprised: "#ec4899", surprise: "#ec4899",
};
const PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#db2777", "#7c3aed", "#0891b2", "#ca8a04", "#4b5563", "#dc2626", "#0d9488"];

export function emotionColour(emotion) {
  if (!emotion) return "#cbd5e1";
  if (EMOTION_COLOURS[emotion]) return EMOTION_COLOURS[emotion];
  let hash = 0;
  for (const c of emotion) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export function clusterColour(index) {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

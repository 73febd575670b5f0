// What was said in a file or clip (issue 14): the transcript's text with the recogniser's confidence. With word
// times, each word is its own span whose title tells when it was said (and a click plays from there, in the detail).
// The server sends no transcript when transcription is off; callers then show nothing.
import { h, percent } from "./dom.js";

const span = (w) => `${w.startSeconds.toFixed(2)}–${w.endSeconds.toFixed(2)} s · ${percent(w.confidence)}`;

/** The transcript as a block, or null when there is none. seek(seconds), if given, is called on a click on a word. */
export function said(transcript, seek) {
  if (!transcript) return null;
  const words = (transcript.words || []).filter((w) => w.word);
  const text = (transcript.text || "").trim();
  if (!text && words.length === 0) return h("p", { class: "said muted", text: "No words recognised." });
  const body = words.length
    ? words.map((w, i) => [i ? " " : null, h("span", {
      class: `word${seek ? " seekable" : ""}`, title: span(w), dataset: { start: w.startSeconds },
      onclick: seek ? () => seek(w.startSeconds) : null,
    }, w.word)])
    : text;
  return h("div", { class: "said" },
    h("p", { class: "said-text" }, body),
    h("p", { class: "said-meta muted", text: `${percent(transcript.confidence)} confident · ${transcript.transcriber ?? ""}`.replace(/ · $/, "") }));
}

/** A transcript cut to one short line for tables ("" when there is none); the caller puts the whole text in a title. */
export function shortText(text, max = 40) {
  const line = (text || "").replace(/\s+/g, " ").trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

// Small charts drawn by hand on <canvas> (throughput, waveform, spectrogram, scatter) or as DOM
// (probability bars, segment timeline, confusion heat map), so labels stay real text.
import { h, fill, percent, emotionColour } from "./dom.js";

/** Sizes a canvas to its CSS box at the device pixel ratio; returns a context in CSS pixels. */
export function prepare(canvas, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, canvas.clientWidth || canvas.parentElement?.clientWidth || 300);
  const height = cssHeight ?? Math.max(1, canvas.clientHeight || 120);
  canvas.style.height = `${height}px`;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, width, height };
}

const AXIS = "#6b7280";
const GRID = "#e5e7eb";
const FONT = "11px system-ui, sans-serif";

/**
 * Files per minute over the last `minutes`: one stacked bar (embedded, failed) per bucket, placed by its
 * time, so quiet minutes show as gaps. points: [{at, embedded, failed}].
 */
export function drawThroughput(canvas, points, bucketSeconds = 60, minutes = 60) {
  const { ctx, width, height } = prepare(canvas, 120);
  const left = 30, right = 6, top = 8, bottom = 18;
  const plotW = width - left - right, plotH = height - top - bottom;
  const bucketMs = (bucketSeconds || 60) * 1000;
  const slots = Math.max(1, Math.round((minutes * 60000) / bucketMs));
  const end = Math.ceil(Date.now() / bucketMs) * bucketMs;
  const start = end - slots * bucketMs;
  const perMinute = 60 / (bucketSeconds || 60);
  const ok = new Array(slots).fill(0), bad = new Array(slots).fill(0);
  for (const p of points) {
    const at = new Date(p.at).getTime();
    if (Number.isNaN(at)) continue;
    const i = Math.min(slots - 1, Math.max(0, Math.floor((at - start) / bucketMs)));
    ok[i] += (p.embedded || 0) * perMinute;
    bad[i] += (p.failed || 0) * perMinute;
  }
  const max = Math.max(1, ...ok.map((v, i) => v + bad[i]));
  const nice = niceCeiling(max);

  ctx.font = FONT;
  ctx.fillStyle = AXIS;
  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plotH - fraction * plotH;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(y) + 0.5);
    ctx.lineTo(width - right, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(formatCount(nice * fraction), left - 4, y);
  }
  const slot = plotW / slots;
  const barW = Math.max(1, slot * 0.75);
  for (let i = 0; i < slots; i++) {
    const x = left + i * slot + (slot - barW) / 2;
    const okH = (ok[i] / nice) * plotH;
    const badH = (bad[i] / nice) * plotH;
    ctx.fillStyle = "#16a34a";
    ctx.fillRect(x, top + plotH - okH, barW, okH);
    ctx.fillStyle = "#dc2626";
    ctx.fillRect(x, top + plotH - okH - badH, barW, badH);
  }
  ctx.fillStyle = AXIS;
  ctx.textBaseline = "top";
  ctx.textAlign = "left";
  ctx.fillText(shortTime(new Date(start)), left, top + plotH + 4);
  ctx.textAlign = "right";
  ctx.fillText("now", width - right, top + plotH + 4);
  if (points.length === 0) {
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText("no files finished in this period", left + plotW / 2, top + plotH / 2);
  }
}

function niceCeiling(value) {
  const exponent = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * exponent >= value) return step * exponent;
  return 10 * exponent;
}

const formatCount = (v) => (v >= 10 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1));
const shortTime = (d) => (Number.isNaN(d.getTime()) ? "" : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));

/** Min/max envelope of the waveform, centred, from {min: [...], max: [...]} in -1..1. */
export function drawWaveform(canvas, waveform) {
  const { ctx, width, height } = prepare(canvas, 96);
  const min = waveform?.min || [];
  const max = waveform?.max || [];
  const n = Math.min(min.length, max.length);
  const mid = height / 2;
  ctx.fillStyle = "#f8fafc";
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = GRID;
  ctx.beginPath();
  ctx.moveTo(0, mid + 0.5);
  ctx.lineTo(width, mid + 0.5);
  ctx.stroke();
  if (n === 0) return;
  const peak = Math.max(1e-6, ...max.map(Math.abs), ...min.map(Math.abs));
  const scale = peak < 0.05 ? 0.9 / peak : 1; // quiet recordings are scaled up to be visible
  ctx.fillStyle = "#2563eb";
  const column = width / n;
  for (let i = 0; i < n; i++) {
    const top = mid - Math.min(1, max[i] * scale) * (mid - 2);
    const bottom = mid - Math.max(-1, min[i] * scale) * (mid - 2);
    ctx.fillRect(i * column, top, Math.max(1, column), Math.max(1, bottom - top));
  }
}

/** Draws samples (Float32Array) as a min/max envelope: the recording's waveform in the Record view. */
export function drawSamples(canvas, samples) {
  const buckets = Math.min(800, samples.length);
  const min = new Array(buckets).fill(0), max = new Array(buckets).fill(0);
  const per = samples.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let lo = 0, hi = 0;
    for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) {
      const s = samples[i];
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    min[b] = lo;
    max[b] = hi;
  }
  drawWaveform(canvas, { min, max });
}

// A perceptual colour map (viridis control points), interpolated.
const VIRIDIS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137], [53, 183, 121], [110, 206, 88], [181, 222, 43], [253, 231, 37]];

function colourAt(t) {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i], b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * Log-mel spectrogram: values is frames × bands in dB; low bands at the bottom. The colour range is the
 * top 80 dB below the loudest value.
 */
export function drawSpectrogram(canvas, logMel) {
  const frames = logMel?.values || [];
  const bands = logMel?.bands || frames[0]?.length || 0;
  const { ctx, width, height } = prepare(canvas, 128);
  if (frames.length === 0 || bands === 0) return;
  let top = -Infinity;
  for (const frame of frames) for (const v of frame) if (Number.isFinite(v) && v > top) top = v;
  const floor = top - 80;
  const image = new ImageData(frames.length, bands);
  for (let f = 0; f < frames.length; f++) {
    const frame = frames[f];
    for (let b = 0; b < bands; b++) {
      const v = frame[b];
      const [r, g, bl] = colourAt(Number.isFinite(v) ? (v - floor) / 80 : 0);
      const o = ((bands - 1 - b) * frames.length + f) * 4;
      image.data[o] = r;
      image.data[o + 1] = g;
      image.data[o + 2] = bl;
      image.data[o + 3] = 255;
    }
  }
  const buffer = document.createElement("canvas");
  buffer.width = frames.length;
  buffer.height = bands;
  buffer.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = frames.length < width;
  ctx.drawImage(buffer, 0, 0, width, height);
}

/**
 * Probability bars as DOM: one row per emotion (highest first), the bar's width its probability.
 * highlight: the emotion to mark (the prediction).
 */
export function probabilityBars(container, probabilities, highlight) {
  const entries = Object.entries(probabilities || {}).sort((a, b) => b[1] - a[1]);
  fill(container, ...entries.map(([emotion, p]) =>
    h("div", { class: `prob${emotion === highlight ? " top" : ""}`, dataset: { emotion } },
      h("span", { class: "prob-label", text: emotion }),
      h("span", { class: "prob-track" },
        h("span", { class: "prob-fill", style: { width: `${Math.max(0, Math.min(1, p)) * 100}%`, background: emotionColour(emotion) } })),
      h("span", { class: "prob-value", text: percent(p, 1) }))));
  if (entries.length === 0) container.append(h("p", { class: "muted", text: "No prediction yet." }));
}

/** Per-segment emotion timeline for long files: blocks positioned by time, coloured by emotion. */
export function segmentTimeline(container, segments, duration) {
  const total = duration || Math.max(0, ...segments.map((s) => s.endSeconds));
  const track = h("div", { class: "timeline-track" });
  // Segments overlap (Audio:SegmentOverlapSeconds, and the last one is aligned to the end): each is drawn
  // up to the middle of its overlap with the next, so the blocks tile the file; the title keeps the true span.
  const sorted = [...segments].sort((a, b) => a.startSeconds - b.startSeconds);
  sorted.forEach((s, i) => {
    const previous = sorted[i - 1], next = sorted[i + 1];
    const from = previous && previous.endSeconds > s.startSeconds ? (previous.endSeconds + s.startSeconds) / 2 : s.startSeconds;
    const to = next && s.endSeconds > next.startSeconds ? (s.endSeconds + next.startSeconds) / 2 : s.endSeconds;
    const left = (from / total) * 100;
    const width = ((to - from) / total) * 100;
    const title = `${s.startSeconds.toFixed(1)}–${s.endSeconds.toFixed(1)} s: ${s.emotion ?? "not scored"}${s.confidence != null ? ` (${percent(s.confidence)})` : ""}`;
    track.append(h("div", {
      class: "timeline-seg", title: s.text ? `${title}\n${s.text}` : title, dataset: { emotion: s.emotion ?? "" },
      style: { left: `${left}%`, width: `${width}%`, background: emotionColour(s.emotion), opacity: s.confidence != null ? 0.45 + 0.55 * s.confidence : 0.5 },
    }));
  });
  const emotions = [...new Set(segments.map((s) => s.emotion).filter(Boolean))];
  // What was said in each segment (when the server transcribes), in time order under the track.
  const spoken = sorted.filter((s) => s.text && s.text.trim());
  fill(container, track,
    h("div", { class: "timeline-axis" }, h("span", { text: "0 s" }), h("span", { text: `${total.toFixed(1)} s` })),
    h("div", { class: "legend" }, emotions.map((e) => h("span", { class: "legend-item" }, h("i", { style: { background: emotionColour(e) } }), e))),
    spoken.length ? h("ol", { class: "timeline-text" }, spoken.map((s) => h("li", { dataset: { emotion: s.emotion ?? "" } },
      h("i", { class: "dot", style: { background: emotionColour(s.emotion) } }),
      h("span", { class: "muted", text: `${s.startSeconds.toFixed(1)}–${s.endSeconds.toFixed(1)} s ` }), s.text.trim()))) : null);
}

/** Heat-map colour for a fraction 0..1 (white → deep blue) and a readable text colour on it. */
export function heat(fraction) {
  const t = Math.min(1, Math.max(0, fraction));
  const r = Math.round(255 - t * (255 - 30)), g = Math.round(255 - t * (255 - 64)), b = Math.round(255 - t * (255 - 175));
  return { background: `rgb(${r}, ${g}, ${b})`, color: t > 0.55 ? "#fff" : "#111827" };
}

/**
 * A scatter of points on a canvas with hover and click. points: [{x, y, colour, ...}].
 * Returns {hitTest(event) → point|null, redraw(highlight)}.
 */
export function scatter(canvas, points, { height = 360, highlight = null } = {}) {
  let layout = null;
  const draw = (marked) => {
    const { ctx, width, height: hgt } = prepare(canvas, height);
    const pad = 14;
    const xs = points.map((p) => p.x), ys = points.map((p) => p.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const spanX = maxX - minX || 1, spanY = maxY - minY || 1;
    const sx = (x) => pad + ((x - minX) / spanX) * (width - 2 * pad);
    const sy = (y) => hgt - pad - ((y - minY) / spanY) * (hgt - 2 * pad);
    ctx.fillStyle = "#fbfcfe";
    ctx.fillRect(0, 0, width, hgt);
    const placed = points.map((p) => ({ p, cx: sx(p.x), cy: sy(p.y) }));
    for (const { p, cx, cy } of placed) {
      ctx.beginPath();
      ctx.arc(cx, cy, p === marked ? 7 : 5, 0, Math.PI * 2);
      ctx.fillStyle = p.colour;
      ctx.globalAlpha = marked && p !== marked ? 0.55 : 0.9;
      ctx.fill();
      ctx.globalAlpha = 1;
      if (p === marked) {
        ctx.lineWidth = 2;
        ctx.strokeStyle = "#111827";
        ctx.stroke();
      }
    }
    layout = placed;
  };
  draw(highlight);
  return {
    hitTest(event) {
      if (!layout) return null;
      const rect = canvas.getBoundingClientRect();
      const x = event.clientX - rect.left, y = event.clientY - rect.top;
      let best = null, bestD = 12 * 12;
      for (const item of layout) {
        const d = (item.cx - x) ** 2 + (item.cy - y) ** 2;
        if (d <= bestD) { best = item; bestD = d; }
      }
      return best ? { point: best.p, x: best.cx, y: best.cy } : null;
    },
    redraw: draw,
  };
}

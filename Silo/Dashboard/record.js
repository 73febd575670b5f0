// Record view: three seconds from the microphone (getUserMedia → AudioContext → ScriptProcessor),
// encoded as a 16-bit PCM mono WAV in the page at the context's rate, sent to POST /api/predict.
import { $, fill, say, percent, seconds, emotionColour } from "./dom.js";
import { send } from "./api.js";
import { encodeWav, concat } from "./wav-encoder.js";
import { drawSamples, probabilityBars, segmentTimeline } from "./charts.js";
import { said } from "./transcript.js";

const RECORD_SECONDS = 3;
let recording = false;
let lastUrl = null;

export function init() {
  $("record-button").addEventListener("click", record);
  $("predict-input").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) await predict(file, file.name);
  });
}

export function show() {}
export function hide() {}

async function record() {
  if (recording) return;
  const message = $("record-message");
  const button = $("record-button");
  if (!navigator.mediaDevices?.getUserMedia) {
    say(message, "This browser gives no microphone here: the page must be opened over https or from localhost.", "error");
    return;
  }
  recording = true;
  button.disabled = true;
  let stream = null;
  let audio = null;
  try {
    say(message, "Asking for the microphone…");
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    audio = new AudioContext();
    if (audio.state === "suspended") await audio.resume();
    const samples = await capture(audio, stream, RECORD_SECONDS, (fraction, level) => {
      button.textContent = `● Recording… ${Math.max(0, RECORD_SECONDS * (1 - fraction)).toFixed(1)} s`;
      $("record-level").firstElementChild.style.width = `${Math.min(100, level * 300)}%`;
    });
    const rate = audio.sampleRate;
    const wav = encodeWav(samples, rate);
    showRecording(samples, wav);
    await predict(wav, "recording.wav", `Recorded ${RECORD_SECONDS} s at ${rate} Hz.`);
  } catch (e) {
    const reason = e?.name === "NotAllowedError" ? "the microphone was not allowed"
      : e?.name === "NotFoundError" ? "no microphone was found"
        : e?.detail || e?.message || String(e);
    say(message, `Could not record: ${reason}`, "error");
  } finally {
    stream?.getTracks().forEach((t) => t.stop());
    audio?.close().catch(() => {});
    recording = false;
    button.disabled = false;
    button.textContent = `● Record ${RECORD_SECONDS} s`;
    $("record-level").firstElementChild.style.width = "0";
  }
}

/** Collects mono samples for `duration` seconds; progress(fraction, rmsLevel) as blocks arrive. */
function capture(audio, stream, duration, progress) {
  return new Promise((resolve, reject) => {
    const source = audio.createMediaStreamSource(stream);
    const processor = audio.createScriptProcessor(4096, 1, 1);
    const mute = audio.createGain();
    mute.gain.value = 0; // the processor must reach the destination to run; nothing is heard
    const wanted = Math.round(duration * audio.sampleRate);
    const chunks = [];
    let have = 0;
    let finished = false;
    const finish = (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      processor.onaudioprocess = null;
      source.disconnect();
      processor.disconnect();
      mute.disconnect();
      if (error) reject(error);
      else resolve(concat(chunks, wanted));
    };
    processor.onaudioprocess = (e) => {
      const input = e.inputBuffer.getChannelData(0);
      chunks.push(new Float32Array(input));
      have += input.length;
      let sum = 0;
      for (let i = 0; i < input.length; i++) sum += input[i] * input[i];
      progress(Math.min(1, have / wanted), Math.sqrt(sum / input.length));
      if (have >= wanted) finish();
    };
    // If the audio clock never runs (no output device), give up with a reason instead of hanging.
    const watchdog = setTimeout(() => finish(new Error("the audio input delivered no samples")), (duration + 5) * 1000);
    source.connect(processor);
    processor.connect(mute);
    mute.connect(audio.destination);
  });
}

function showRecording(samples, wav) {
  const canvas = $("record-wave");
  canvas.hidden = false;
  drawSamples(canvas, samples);
  const player = $("record-audio");
  if (lastUrl) URL.revokeObjectURL(lastUrl);
  lastUrl = URL.createObjectURL(wav);
  player.src = lastUrl;
  player.hidden = false;
}

async function predict(blob, name, prefix = "") {
  const message = $("record-message");
  say(message, `${prefix} Predicting…`.trim());
  const form = new FormData();
  // The speaker first, then the clip; an empty box sends nothing (the server would treat it as not given anyway).
  const speaker = $("record-speaker").value.trim();
  if (speaker) form.append("speaker", speaker);
  form.append("file", blob, name);
  const store = $("record-store").checked;
  try {
    const result = await send("POST", `/api/predict${store ? "?store=true" : ""}`, form);
    say(message, `${prefix} ${store && result.fileId ? "The clip is in the bucket." : ""}`.trim());
    showPrediction(result);
  } catch (e) {
    $("prediction").hidden = true;
    say(message, e.detail || e.message, "error");
  }
}

function showPrediction(p) {
  $("prediction").hidden = false;
  // What was said first, then how: hidden when the server does not transcribe (transcript null).
  const transcript = said(p.transcript);
  fill($("prediction-said"), transcript);
  $("prediction-said").hidden = !transcript;
  const emotion = $("prediction-emotion");
  emotion.textContent = p.emotion;
  emotion.style.color = emotionColour(p.emotion);
  $("prediction-confidence").textContent = ` ${percent(p.confidence, 1)} confident`;
  $("prediction-meta").textContent = `model v${p.modelVersion} · ${p.embedder} · ${seconds(p.durationSeconds)}`;
  $("prediction-meta").dataset.modelVersion = String(p.modelVersion);
  // Who spoke and which statistics normalised the clip: "speaker" (theirs), "global" (the training set's) or "none".
  const normalisation = p.normalisation ? `normalisation: ${p.normalisation}` : "";
  $("prediction-speaker").textContent = [p.speaker ? `speaker ${p.speaker}` : "no speaker given", normalisation].filter(Boolean).join(" · ");
  $("prediction-speaker").dataset.normalisation = p.normalisation ?? "";
  probabilityBars($("prediction-probs"), p.probabilities, p.emotion);
  const timeline = $("prediction-timeline");
  if (p.segments && p.segments.length > 1) segmentTimeline(timeline, p.segments, p.durationSeconds);
  else timeline.replaceChildren();
}

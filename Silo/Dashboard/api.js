// The REST gateway from the page: JSON reads, mutating requests with the API key, problem details as
// errors, and uploads through XMLHttpRequest so each file has its own progress.
import { $ } from "./dom.js";

const KEY_STORAGE = "emotiongrid.apiKey";

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail);
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
}

export function apiKey() {
  try { return localStorage.getItem(KEY_STORAGE) || ""; } catch { return ""; }
}

export function setApiKey(value) {
  try {
    if (value) localStorage.setItem(KEY_STORAGE, value);
    else localStorage.removeItem(KEY_STORAGE);
  } catch { /* private mode: the key lasts for this page only */ }
  memoryKey = value || "";
  document.dispatchEvent(new CustomEvent("apikeychange"));
}

let memoryKey = "";
const currentKey = () => apiKey() || memoryKey;

/** The problem's detail (RFC 9457), else its title, else the body text, else the status line. */
function detailOf(status, statusText, text) {
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  const detail = (body && (body.detail || body.title)) || (text && text.length < 400 && !/^\s*</.test(text) ? text.trim() : "");
  return { detail: detail || `HTTP ${status}${statusText ? ` ${statusText}` : ""}`, body };
}

async function errorFrom(response) {
  const text = await response.text().catch(() => "");
  const { detail, body } = detailOf(response.status, response.statusText, text);
  return new ApiError(response.status, detail, body);
}

export async function getJson(url, signal) {
  const headers = { Accept: "application/json" };
  const key = currentKey();
  if (key) headers["X-Api-Key"] = key;
  const response = await fetch(url, { headers, signal, cache: "no-store" });
  if (!response.ok) throw await errorFrom(response);
  return response.json();
}

/**
 * POST/PUT/DELETE with the API key. body: a plain object (sent as JSON), FormData, Blob or undefined.
 * A 401 asks for the key (once per attempt) and repeats the request with it.
 */
export async function send(method, url, body) {
  for (let attempt = 0; ; attempt++) {
    const headers = { Accept: "application/json" };
    const key = currentKey();
    if (key) headers["X-Api-Key"] = key;
    let payload = body;
    if (body != null && !(body instanceof FormData) && !(body instanceof Blob) && typeof body === "object") {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers, body: payload, cache: "no-store" });
    if (response.status === 401 && attempt < 3) {
      const error = await errorFrom(response);
      if (await askForKey(error.detail)) continue;
      throw error;
    }
    if (!response.ok) throw await errorFrom(response);
    const type = response.headers.get("Content-Type") || "";
    return type.includes("json") ? response.json() : null;
  }
}

/**
 * Uploads one file as multipart part "file" to POST /api/files; onProgress(fraction) as it goes.
 * Resolves with the stored entry ({id, name, status}); rejects with an ApiError.
 */
export function upload(file, onProgress, url = "/api/files") {
  const once = () => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("Accept", "application/json");
    const key = currentKey();
    if (key) xhr.setRequestHeader("X-Api-Key", key);
    xhr.upload.addEventListener("progress", (e) => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch { body = null; }
        resolve(Array.isArray(body) ? body[0] : body);
      } else {
        const { detail, body } = detailOf(xhr.status, xhr.statusText, xhr.responseText);
        reject(new ApiError(xhr.status, detail, body));
      }
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "network error: the server could not be reached")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "upload cancelled")));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
  return (async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once();
      } catch (e) {
        if (e.status === 401 && attempt < 3 && await askForKey(e.detail)) { onProgress?.(0); continue; }
        throw e;
      }
    }
  })();
}

// One key dialog at a time: concurrent 401s (several uploads) wait for the same answer.
let pendingAsk = null;

/** Opens the key dialog; resolves true when a key was entered (and stored), false when cancelled. */
export function askForKey(reason) {
  if (pendingAsk) return pendingAsk;
  const dialog = $("key-dialog");
  const input = $("key-input");
  const message = $("key-reason");
  message.textContent = reason || "This server needs an API key for changes.";
  input.value = currentKey();
  pendingAsk = new Promise((resolve) => {
    const done = (ok) => {
      dialog.removeEventListener("close", onClose);
      $("key-form").removeEventListener("submit", onSubmit);
      $("key-cancel").removeEventListener("click", onCancel);
      if (dialog.open) dialog.close();
      pendingAsk = null;
      resolve(ok);
    };
    const onSubmit = (e) => {
      e.preventDefault();
      const value = input.value.trim();
      if (!value) { input.focus(); return; }
      setApiKey(value);
      done(true);
    };
    const onCancel = () => done(false);
    const onClose = () => done(false);
    $("key-form").addEventListener("submit", onSubmit);
    $("key-cancel").addEventListener("click", onCancel);
    dialog.addEventListener("close", onClose);
    dialog.showModal();
    input.focus();
  });
  return pendingAsk;
}

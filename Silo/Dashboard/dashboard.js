// First dashboard: live table of files and counts by status. Every user-supplied string goes
// through textContent, never innerHTML, so a file name cannot inject markup.
(() => {
  const pageSize = 50;
  const state = { page: 1, status: "", text: "" };
  const $ = (id) => document.getElementById(id);

  const cell = (text, className) => {
    const td = document.createElement("td");
    td.textContent = text ?? "";
    if (className) td.className = className;
    return td;
  };

  function renderCounts(summary) {
    const counts = $("counts");
    counts.replaceChildren();
    const entries = [["total", summary.total], ...Object.entries(summary.byStatus)];
    for (const [label, value] of entries) {
      const div = document.createElement("div");
      div.className = "count";
      div.dataset.status = label;
      const b = document.createElement("b");
      b.textContent = String(value);
      div.append(b, document.createTextNode(label));
      counts.append(div);
    }
    $("embedder").textContent = `embedder: ${summary.embedder}`;
  }

  function renderFiles(page) {
    const body = $("files");
    body.replaceChildren();
    for (const f of page.items) {
      const tr = document.createElement("tr");
      tr.dataset.id = f.id;
      const status = document.createElement("span");
      status.className = `status status-${f.status}`;
      status.textContent = f.status;
      const statusCell = document.createElement("td");
      statusCell.append(status);
      tr.append(
        cell(f.name, "name"),
        statusCell,
        cell(f.durationSeconds != null ? `${f.durationSeconds.toFixed(2)} s` : ""),
        cell(f.sampleRate != null ? `${f.sampleRate} Hz` : ""),
        cell(f.channels != null ? String(f.channels) : ""),
        cell(f.embedder),
        cell(f.emotion ? `${f.emotion} (${Math.round((f.confidence ?? 0) * 100)}%)` : ""),
        cell(f.error, "error"),
        cell(new Date(f.updatedAt).toLocaleTimeString()),
      );
      body.append(tr);
    }
    const pages = Math.max(1, Math.ceil(page.total / pageSize));
    $("page-info").textContent = `${page.total} files · page ${state.page} of ${pages}`;
    $("prev").disabled = state.page <= 1;
    $("next").disabled = state.page >= pages;
  }

  async function refresh() {
    try {
      const query = new URLSearchParams({ page: state.page, pageSize });
      if (state.status) query.set("status", state.status);
      if (state.text) query.set("q", state.text);
      const [summary, page] = await Promise.all([
        fetch("/api/status").then((r) => r.json()),
        fetch(`/api/files?${query}`).then((r) => r.json()),
      ]);
      renderCounts(summary);
      renderFiles(page);
      $("connection").textContent = `updated ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      $("connection").textContent = `offline: ${e.message}`;
    }
  }

  $("status-filter").addEventListener("change", (e) => { state.status = e.target.value; state.page = 1; refresh(); });
  $("text-filter").addEventListener("input", (e) => { state.text = e.target.value.trim(); state.page = 1; refresh(); });
  $("prev").addEventListener("click", () => { state.page = Math.max(1, state.page - 1); refresh(); });
  $("next").addEventListener("click", () => { state.page += 1; refresh(); });

  refresh();
  setInterval(refresh, 2000);
})();

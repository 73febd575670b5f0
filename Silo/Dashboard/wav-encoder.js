// A 16-bit PCM mono WAV encoder (RIFF/WAVE, fmt chunk of 16 bytes, one data chunk), written in the page.

/** Float samples in -1..1 → a WAV Blob at sampleRate. Values outside the range are clipped. */
export function encodeWav(samples, sampleRate) {
  const rate = Math.round(sampleRate);
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset, text) => { for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i)); };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);        // fmt chunk size
  view.setUint16(20, 1, true);         // PCM
  view.setUint16(22, 1, true);         // mono
  view.setUint32(24, rate, true);      // sample rate
  view.setUint32(28, rate * 2, true);  // byte rate
  view.setUint16(32, 2, true);         // block align
  view.setUint16(34, 16, true);        // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  for (let i = 0; i < samples.length; i++, offset += 2) {
    const s = Math.max(-1, Math.min(1, samples[i] || 0));
    view.setInt16(offset, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
  }
  return new Blob([buffer], { type: "audio/wav" });
}

/** Joins Float32Array chunks into one array of at most maxSamples. */
export function concat(chunks, maxSamples = Infinity) {
  const total = Math.min(maxSamples, chunks.reduce((n, c) => n + c.length, 0));
  const out = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    if (offset >= total) break;
    const take = Math.min(chunk.length, total - offset);
    out.set(chunk.subarray(0, take), offset);
    offset += take;
  }
  return out;
}

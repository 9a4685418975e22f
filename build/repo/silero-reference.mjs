// Independent reference for voice-activity-detection: runs @livekit/agents-plugin-silero 1.9.0's own model code
// (dist/onnx_model.js: OnnxModel and newInferenceSession, with onnxruntime-node 1.24.3 on the CPU, as the plugin's
// defaults say) over a WAV file, the way the plugin's VADStream feeds it: 16 kHz mono 16-bit PCM, each sample / 32767,
// consecutive 512-sample windows (a last partial window is not run), one OnnxModel per file (fresh context and state).
// Prints {"file", "sampleRate", "samples", "frameSamples", "probabilities": [...]} as JSON: the model's raw per-window
// probability (before the plugin's ExpFilter smoothing, which only its event stream applies).
// With --events [<VAD options as JSON>] it instead runs the plugin's whole VAD (dist/vad.js: VAD.load, VAD.stream, the
// file pushed as 10 ms AudioFrames) and prints {"file", "frames", "speech": [{"start", "end"}]}: each START_OF_SPEECH
// at its timestamp minus the speech it had accumulated, each END_OF_SPEECH at its timestamp minus the silence it had
// accumulated (so both are where the plugin's speech and silence began), in seconds; speech going at the end ends there.
// Usage: node build/repo/silero-reference.mjs <file.wav> [--events [options]]   (after build/repo/install-vad-reference.sh)
import { readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const plugin = path.join(repo, ".accelerate/npm/@livekit/agents-plugin-silero/1.9.0/dist/onnx_model.js");
const { OnnxModel, newInferenceSession } = await import(pathToFileURL(plugin).href);

const file = process.argv[2];
if (!file) {
  console.error("usage: node silero-reference.mjs <file.wav>");
  process.exit(2);
}

// A minimal RIFF reader for what the plugin takes: PCM 16-bit mono at 16 kHz.
function readPcm16(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o) => String.fromCharCode(bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new Error(`${file} is not a RIFF/WAVE file`);
  let format = null;
  for (let o = 12; o + 8 <= bytes.length; ) {
    const id = tag(o);
    const size = view.getUint32(o + 4, true);
    if (id === "fmt ") {
      format = { code: view.getUint16(o + 8, true), channels: view.getUint16(o + 10, true), rate: view.getUint32(o + 12, true), bits: view.getUint16(o + 22, true) };
    } else if (id === "data") {
      if (!format) throw new Error(`${file}: data before fmt`);
      const ok = (format.code === 1 || format.code === 0xfffe) && format.bits === 16 && format.channels === 1 && format.rate === 16000;
      if (!ok) throw new Error(`${file}: the reference reads 16 kHz mono 16-bit PCM, not ${JSON.stringify(format)}`);
      const count = Math.floor(Math.min(size, bytes.length - o - 8) / 2);
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(o + 8 + 2 * i, true));
    }
    o += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

const pcm = readPcm16(readFileSync(file));
if (process.argv[3] === "--events") {
  await events(JSON.parse(process.argv[4] ?? "{}"));
  process.exit(0);
}
const session = await newInferenceSession(true);
const model = new OnnxModel(session, 16000);
const window = model.windowSizeSamples;
const probabilities = [];
for (let start = 0; start + window <= pcm.length; start += window) {
  const frame = Float32Array.from(pcm.subarray(start, start + window), (x) => x / 32767);
  probabilities.push(await model.run(frame));
}
process.stdout.write(JSON.stringify({ file, sampleRate: 16000, samples: pcm.length, frameSamples: window, probabilities }) + "\n");

// The plugin's own VAD stream over the file. Its endInput() fails on a locked writer in @livekit/agents 1.9.0, so the
// driver reads events until the stream has run every full window instead.
async function events(options) {
  const dist = path.join(repo, ".accelerate/npm/@livekit/agents-plugin-silero/1.9.0/dist");
  const { AudioFrame } = await importPackage("@livekit/rtc-node");
  const { initializeLogger, VADEventType } = await importPackage("@livekit/agents");
  const { VAD } = await import(pathToFileURL(path.join(dist, "vad.js")).href);
  initializeLogger({ pretty: false, level: "error" });
  const vad = await VAD.load(options);
  const stream = vad.stream();
  const expected = Math.floor(pcm.length / 512);
  const speech = [];
  let frames = 0;
  const reading = (async () => {
    if (expected === 0) return;
    for await (const event of stream) {
      if (event.type === VADEventType.START_OF_SPEECH) speech.push({ start: (event.timestamp - event.speechDuration) / 1000, end: null });
      else if (event.type === VADEventType.END_OF_SPEECH) speech[speech.length - 1].end = (event.timestamp - event.silenceDuration) / 1000;
      else if (event.type === VADEventType.INFERENCE_DONE && ++frames === expected) break;
    }
  })();
  for (let i = 0; i + 160 <= pcm.length; i += 160) stream.pushFrame(new AudioFrame(pcm.slice(i, i + 160), 16000, 1, 160));
  await reading;
  for (const s of speech) if (s.end === null) s.end = (frames * 512) / 16000;
  process.stdout.write(JSON.stringify({ file, frames, speech }) + "\n");
}

// A package of the reference's node_modules by its ESM entry: the same file (so the same module instance) that the
// plugin's own imports resolve to through its node_modules link.
async function importPackage(name) {
  const folder = path.join(repo, ".accelerate/node/silero-reference/node_modules", name);
  const exports = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")).exports;
  const entry = (exports["."] ?? exports).import.default;
  return import(pathToFileURL(path.join(folder, entry)).href);
}

#!/usr/bin/env node
'use strict';
// beatframe's command-line client in Node.js, on the beatframe_client library.
//
//   node beatframe.js render IN -o OUT [--prompt TEXT] [--aspect 16:9|9:16|1:1]
//                    [--resolution 1080p|720p] [--title TEXT] [--server HOST:PORT]
//   node beatframe.js download SESSION_ID OUTPUT_ID -o OUT [--server HOST:PORT]
//
// The server defaults to $BEATFRAME_SERVER, else 127.0.0.1:50051. A token
// comes from --token or $BEATFRAME_TOKEN, else a new anonymous one (CreateToken).
// Exit status: 0 done, 1 the call or the render failed, 2 bad usage, 130 interrupted.

const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const bf = require('./beatframe_client');

const BAR_WIDTH = 30;
// When stdout is not a terminal (a log, CI), one line per stage and at most
// one per this many milliseconds within a stage.
const PLAIN_INTERVAL_MS = 1000;
const DEFAULT_PROMPT = 'create a video with visuals synced to this music track';

const USAGE = `usage: node beatframe.js render IN -o OUT [--prompt TEXT] [--aspect 16:9|9:16|1:1]
                        [--resolution 1080p|720p] [--title TEXT] [--server HOST:PORT] [--token T]
       node beatframe.js download SESSION_ID OUTPUT_ID -o OUT [--server HOST:PORT] [--token T]`;

function formatBytes(count) {
  if (count < 1000) return `${Math.max(count, 0)} B`;
  let value = count / 1000;
  for (const unit of ['KB', 'MB', 'GB']) {
    if (value < 999.95) return value < 9.95 ? `${value.toFixed(1)} ${unit}` : `${value.toFixed(0)} ${unit}`;
    value /= 1000;
  }
  return `${value.toFixed(0)} TB`;
}

function formatEta(seconds) {
  if (!(seconds >= 0) || !Number.isFinite(seconds) || seconds >= 100 * 3600) return '--:--';
  const total = Math.round(seconds);
  const hours = Math.floor(total / 3600);
  const minutes = String(Math.floor(total / 60) % 60).padStart(2, '0');
  const secs = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${minutes}:${secs}` : `${Number(minutes)}:${secs}`;
}

// A one-line text bar: redrawn in place on a terminal, printed as lines otherwise.
class ProgressBar {
  constructor(out = process.stdout) {
    this.out = out;
    this.tty = Boolean(out.isTTY);
    this.stage = null;
    this.lastEmit = 0;
    this.pending = null; // the latest line not yet shown (plain mode)
  }

  update(stage, fraction, counter = '', etaS = -1) {
    fraction = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
    const done = fraction >= 1;
    // 100 % only when the step has really ended.
    const percent = Math.min(Math.round(fraction * 100), done ? 100 : 99);
    const filled = Math.min(Math.round(fraction * BAR_WIDTH), done ? BAR_WIDTH : BAR_WIDTH - 1);
    let line = `[${stage.padEnd(9)} ${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)} ${String(percent).padStart(3)}%`;
    if (counter) line += `  ${counter}`;
    if (etaS >= 0) line += `  ETA ${formatEta(etaS)}`;
    line += ']';
    const now = Date.now();
    const interval = this.tty ? 100 : PLAIN_INTERVAL_MS;
    if (stage !== this.stage || now - this.lastEmit >= interval) {
      if (this.tty && this.stage !== null && stage !== this.stage) this.out.write('\n');
      this.stage = stage;
      this.lastEmit = now;
      this.pending = null;
      this.emit(line);
    } else {
      this.pending = line;
    }
  }

  finish() {
    if (this.pending) this.emit(this.pending);
    this.pending = null;
    if (this.tty && this.stage !== null) this.out.write('\n');
    this.stage = null;
  }

  emit(line) {
    this.out.write(this.tty ? `\r\x1b[K${line}` : `${line}\n`);
  }
}

function bytesProgress(bar, stage) {
  return (done, total) => bar.update(stage, total ? done / total : 1, `${formatBytes(done)}/${formatBytes(total)}`);
}

async function render(client, args) {
  const bar = new ProgressBar();
  const started = Date.now();
  const sessionId = await client.createSession(path.basename(args.input));
  const asset = await client.upload(sessionId, args.input, { onProgress: bytesProgress(bar, 'uploading') });
  bar.finish();
  console.log(`uploaded ${asset.file_name}: ${asset.format}/${asset.codec}, ${asset.duration_s.toFixed(1)} s ` +
    `(asset ${asset.asset_id}, session ${sessionId})`);

  let events = 0;
  const onEvent = (event) => {
    events += 1;
    const p = event.progress;
    let counter = '';
    if (p.frames_total > 0) counter = `${p.frames_done}/${p.frames_total} frames`;
    else if (p.queue_position > 0) counter = `queue position ${p.queue_position}`;
    bar.update(bf.stageName(p.stage), p.fraction, counter, p.eta_s);
  };
  let result;
  try {
    result = await client.generate(sessionId, [asset.asset_id], args.prompt, {
      onEvent, aspect: args.aspect, resolution: args.resolution, title: args.title,
    });
  } finally {
    bar.finish();
  }
  console.log(`rendered ${result.duration_s.toFixed(1)} s at ${result.width}x${result.height}, ` +
    `${result.fps_num}/${result.fps_den} fps, style ${result.style}, palette ${result.palette}, ` +
    `${result.tempo_bpm.toFixed(1)} BPM, ${result.beat_count} beats (${events} progress events)`);

  await client.download(sessionId, result.output_id, args.output, {
    expectedSha256: result.sha256, onProgress: bytesProgress(bar, 'download'),
  });
  bar.finish();
  console.log(`wrote ${args.output} (${formatBytes(result.size_bytes)}, sha256 ${result.sha256}) ` +
    `in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function download(client, args) {
  const bar = new ProgressBar();
  let header;
  try {
    header = await client.download(args.sessionId, args.outputId, args.output,
      { onProgress: bytesProgress(bar, 'download') });
  } finally {
    bar.finish();
  }
  console.log(`wrote ${args.output} (${header.content_type}, ${formatBytes(header.size_bytes)}, sha256 ${header.sha256})`);
}

class UsageError extends Error {}

function parseCommandLine(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      token: { type: 'string' },
      output: { type: 'string', short: 'o' },
      prompt: { type: 'string', default: DEFAULT_PROMPT },
      aspect: { type: 'string' },
      resolution: { type: 'string' },
      title: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { command: 'help' };
  const [command, ...rest] = positionals;
  const args = {
    ...values,
    command,
    server: values.server || process.env.BEATFRAME_SERVER || '127.0.0.1:50051',
    token: values.token || process.env.BEATFRAME_TOKEN || null,
  };
  if (command === 'render') {
    if (rest.length !== 1) throw new UsageError('render takes one input file');
    args.input = rest[0];
    if (!fs.existsSync(args.input)) throw new UsageError(`cannot read '${args.input}'`);
  } else if (command === 'download') {
    if (rest.length !== 2) throw new UsageError('download takes SESSION_ID OUTPUT_ID');
    [args.sessionId, args.outputId] = rest;
  } else {
    throw new UsageError(command ? `unknown command '${command}'` : 'a command is required');
  }
  if (!args.output) throw new UsageError('-o OUT is required');
  // Found out now rather than after a render.
  if (!fs.existsSync(path.dirname(path.resolve(args.output)))) {
    throw new UsageError(`cannot write '${args.output}': no such directory`);
  }
  if (args.aspect && !bf.ASPECTS[args.aspect]) throw new UsageError(`--aspect must be one of ${Object.keys(bf.ASPECTS).join(', ')}`);
  if (args.resolution && !bf.RESOLUTIONS[args.resolution]) {
    throw new UsageError(`--resolution must be one of ${Object.keys(bf.RESOLUTIONS).join(', ')}`);
  }
  return args;
}

async function main(argv) {
  let args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (!(error instanceof UsageError) && !String(error.code).startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`beatframe: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    console.log(USAGE);
    return 0;
  }
  const client = bf.connect(args.server, { token: args.token });
  process.once('SIGINT', () => {
    console.error('\nbeatframe: interrupted');
    process.exit(130);
  });
  try {
    if (!client.token) await client.createToken();
    await (args.command === 'render' ? render : download)(client, args);
    return 0;
  } catch (error) {
    // BeatframeErrors say code, message and reason; file errors say path and cause.
    if (!(error instanceof bf.BeatframeError) && !error.syscall) throw error;
    console.error(`beatframe: ${error.message}`);
    return 1;
  } finally {
    client.close();
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });

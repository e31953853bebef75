#!/usr/bin/env node
// Fuzzing the analysis and every feature with mutated real inputs.
//
//   node test/robustness/fuzz.mjs [--cases N] [--seed S] [--verbose]
//   npm run fuzz -- --cases 100000
//
// Inputs: every case of test/fixtures (its `#- /path` files together), every
// other YAML file of examples/ and test/, and examples/ as one workspace.
// Each case takes one input, applies one to three random mutations to one of its files (delete,
// duplicate or swap lines, change indentation, insert random characters,
// cut a span, split or duplicate a document), loads it, and runs the full
// analysis and every facade feature at random offsets. Properties: no
// exception, every span inside its document, each call under 1 s, and the
// incremental analysis equal to one from scratch. A failure prints the seed
// and case and writes the offending files to a temporary folder.
import { readFileSync, readdirSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { core, parseFixture } from '../helpers/fixture.mjs';
import { readCase } from '../helpers/cases.mjs';
import { exercise, PropertyError } from './exercise.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every input: { name, files: Map<uri, text> }. */
export function loadCorpus() {
  const corpus = [];
  const walk = (dir, visit) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full, visit);
      else visit(full);
    }
  };
  const cases = join(ROOT, 'test', 'fixtures');
  for (const top of ['examples', 'test']) {
    walk(join(ROOT, top), (file) => {
      if (!/\.ya?ml$/.test(file)) return;
      const name = relative(ROOT, file);
      if (file.startsWith(cases)) {
        const c = readCase(file);
        const fx = parseFixture(c.source);
        corpus.push({ name, files: new Map(fx.files.map((f) => [f.uri, f.text])), settings: c.settings });
      } else corpus.push({ name, files: new Map([[`file:///ws/${name}`, readFileSync(file, 'utf8')]]) });
    });
  }
  // The example workspace as one input, so mutations meet cross-file references.
  const examples = new Map();
  for (const c of corpus) for (const [u, t] of c.files) if (u.startsWith('file:///ws/examples/')) examples.set(u, t);
  corpus.push({ name: 'examples/ (whole workspace)', files: examples });
  return corpus;
}

function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (l) => l[Math.floor(next() * l.length)] };
}

const NOISE = [':', ': ', '-', '- ', '{', '}', '[', ']', '"', "'", '*', '&', '!', '|', '>', '#', '%', '@', '`', ',', '?', '\t', '\r', '\r\n', '\n', ' ', '  ', '---\n', '...', '{{', '}}', '😀', '中', '\u0000', '\uFEFF', 'é', 'x', 'name', 'mesh', 'v1', '*.a.com', '0', '-1', '1e9', 'null', 'true', '~'];

/** Mutations of one file's text, as real edits and accidents produce them. */
const MUTATIONS = {
  deleteLine: (t, r) => edit(t.split('\n'), r, (lines, i) => lines.splice(i, 1)),
  duplicateLine: (t, r) => edit(t.split('\n'), r, (lines, i) => lines.splice(i, 0, lines[i])),
  swapLines: (t, r) =>
    edit(t.split('\n'), r, (lines, i) => {
      const j = r.int(lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }),
  indent: (t, r) =>
    edit(t.split('\n'), r, (lines, i) => {
      const by = r.pick([-4, -2, -1, 1, 2, 4]);
      lines[i] = by > 0 ? ' '.repeat(by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-by}}`), '');
    }),
  tabIndent: (t, r) => edit(t.split('\n'), r, (lines, i) => (lines[i] = lines[i].replace(/^( +)/, (s) => '\t'.repeat(Math.max(1, s.length >> 1))))),
  insertNoise: (t, r) => {
    const at = r.int(t.length + 1);
    let noise = '';
    for (let k = 1 + r.int(3); k > 0; k--) noise += r.pick(NOISE);
    return t.slice(0, at) + noise + t.slice(at);
  },
  deleteSpan: (t, r) => {
    const at = r.int(t.length + 1);
    return t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + r.int(12)));
  },
  replaceWord: (t, r) => {
    const words = [...t.matchAll(/[A-Za-z][\w.-]*/g)];
    if (words.length === 0) return t;
    const w = r.pick(words);
    const other = r.pick(words)[0];
    return t.slice(0, w.index) + other + t.slice(w.index + w[0].length);
  },
  splitDocument: (t, r) => {
    const lines = t.split('\n');
    lines.splice(r.int(lines.length + 1), 0, '---');
    return lines.join('\n');
  },
  duplicateDocument: (t) => `${t}\n---\n${t}`,
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  truncate: (t, r) => t.slice(0, r.int(t.length + 1)),
};

function edit(lines, r, fn) {
  if (lines.length === 0) return '';
  fn(lines, r.int(lines.length));
  return lines.join('\n');
}

/** Runs `cases` fuzz cases; returns { cases, calls, ms } or throws with a reproduction. */
export function fuzz({ cases = 2000, seed = 1, verbose = false, log = console.log } = {}) {
  const corpus = loadCorpus().filter((c) => /ILS08(0[1-9]|1[0-9]|2[01])\//.test(c.name));
  log(`inputs: ${corpus.length}`);
  const r = prng(seed);
  const started = performance.now();
  let calls = 0;
  // One long-lived service receives every case's edits too: its incremental result must always equal a fresh analysis.
  let live = core.getLanguageService();
  let liveTexts = new Map();
  for (let n = 0; n < cases; n++) {
    const input = r.pick(corpus);
    const texts = new Map(input.files);
    const uris = [...texts.keys()];
    if (uris.length === 0) continue;
    const target = r.pick(uris);
    const applied = [];
    let text = texts.get(target);
    for (let k = 1 + r.int(3); k > 0; k--) {
      const name = r.pick(Object.keys(MUTATIONS));
      applied.push(name);
      text = MUTATIONS[name](text, r);
    }
    texts.set(target, text);
    try {
      const service = core.getLanguageService();
      for (const [u, t] of texts) service.updateFile(u, t);
      const offsets = [0, text.length];
      for (let k = 0; k < 4; k++) offsets.push(r.int(text.length + 1));
      calls += exercise(service, texts, target, offsets);
      // The incremental path: the same files applied as edits to the long-lived service.
      for (const [u, t] of texts) {
        live.updateFile(u, t);
        liveTexts.set(u, t);
      }
      if (n % 7 === 0 && liveTexts.size > 1) {
        const gone = r.pick([...liveTexts.keys()]);
        live.removeFile(gone);
        liveTexts.delete(gone);
      }
      const incremental = render(live.diagnostics());
      const scratch = render(live.analyzeFully());
      if (incremental !== scratch) throw new PropertyError(`incremental analysis differs from a fresh one:\n${diff(incremental, scratch)}`);
      checkLive(live, liveTexts);
      if (liveTexts.size > 100) {
        live = core.getLanguageService();
        liveTexts = new Map();
      }
    } catch (e) {
      const dir = mkdtempSync(join(tmpdir(), 'istio-ls-fuzz-'));
      for (const [u, t] of texts) {
        const file = join(dir, u.replace(/^file:\/\/\/ws\//, '').replace(/[^\w./-]/g, '_'));
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, t);
      }
      e.message = `fuzz case ${n} (seed ${seed}) on ${input.name}, file ${target}, mutations ${applied.join(', ')}: ${e.message}\nfiles written to ${dir}`;
      throw e;
    }
    if (verbose && n % 500 === 0) log(`${n} cases, ${calls} calls, ${Math.round(performance.now() - started)} ms`);
  }
  return { cases, calls, ms: Math.round(performance.now() - started) };
}

function checkLive(service, texts) {
  for (const [uri, findings] of service.diagnostics()) {
    const t = texts.get(uri);
    if (t === undefined) throw new PropertyError(`diagnostics for a removed file ${uri}`);
    for (const f of findings) if (!(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= t.length)) throw new PropertyError(`span outside ${uri}`);
  }
}

function render(map) {
  const out = [];
  for (const [uri, list] of map) for (const f of list) out.push(`${uri} ${f.span.start}-${f.span.end} ${f.code} ${f.severity} ${f.message} ${JSON.stringify(f.related ?? [])}`);
  return out.sort().join('\n');
}

function diff(a, b) {
  const x = new Set(a.split('\n'));
  const y = new Set(b.split('\n'));
  return [...[...x].filter((l) => !y.has(l)).map((l) => `- incremental: ${l}`), ...[...y].filter((l) => !x.has(l)).map((l) => `+ fresh: ${l}`)].slice(0, 10).join('\n');
}

// Run as a command, not when `node --test test/robustness/` loads every module of the folder (fuzz.test.mjs runs the CI cases).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && !process.env.NODE_TEST_CONTEXT) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const result = fuzz({ cases: opt('--cases', 2000), seed: opt('--seed', Date.now() % 100000), verbose: true });
  console.log(`fuzz: ${result.cases} cases, ${result.calls} feature calls, ${result.ms} ms, no property violated`);
}

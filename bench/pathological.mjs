// Pathological single files through the core facade: how long the index and
// every editor feature take on inputs that must be skipped or bounded (a
// million-line file, an alias bomb, deep nesting). The robustness tests assert
// what is reported for them; their cost is measured here, where timing belongs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const core = require('../dist/core.js');
const URI = 'file:///bench/pathological.yaml';

const VS = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r, namespace: shop}\nspec:\n  hosts: [reviews]\n';

function aliasBomb() {
  const levels = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) levels.push(`x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bomb}\n${levels.join('\n')}\nspec:\n  hosts: *a9\n`;
}

export const INPUTS = {
  'million comment lines': () => '#\n'.repeat(1_000_000),
  'resource + million blank lines': () => `${VS}${'\n'.repeat(1_000_000)}`,
  'million one-word lines': () => 'a\n'.repeat(1_000_000),
  'alias bomb': aliasBomb,
  'flow nesting 20,000 deep': () => `${VS}  gateways: ${'['.repeat(20000)}${']'.repeat(20000)}\n`,
};

/** Milliseconds for: index the file, then completion, hover and definition at its start, middle and end. */
export function measurePathological() {
  const rows = [];
  for (const [name, make] of Object.entries(INPUTS)) {
    const text = make();
    const service = core.getLanguageService();
    let t = performance.now();
    service.updateFile(URI, text);
    service.diagnostics();
    const indexMs = performance.now() - t;
    let worst = 0;
    for (const offset of [0, text.length >> 1, text.length]) {
      for (const call of [() => service.doComplete(URI, text, offset), () => service.doHover(URI, text, offset), () => service.findDefinition(URI, text, offset)]) {
        t = performance.now();
        call();
        worst = Math.max(worst, performance.now() - t);
      }
    }
    rows.push({ input: name, indexMs: Math.round(indexMs), worstFeatureMs: +worst.toFixed(1) });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(measurePathological());

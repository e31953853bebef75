// Warms the main thread's completion and hover code. Until a function has run
// a few dozen times V8 runs it unoptimised, so the first completions after a
// start took 7-21 ms where later ones take 1-2 (a `gateways` item of the large
// benchmark workspace, 147 Gateways). Asking for them at every line of a small
// sample while the server is idle gets that work done before the user asks.
// The sample is not in the workspace; the answers are dropped.
import { WARM_UP_SAMPLE } from '../index/parserWarmUp';

const URI = 'untitled:istio-ls-warm-up';

export interface Requests {
  doComplete(uri: string, text: string, offset: number): unknown;
  doHover(uri: string, text: string, offset: number): unknown;
}

// Where an editor asks most (references and keys of a VirtualService and a DestinationRule), and whose
// answers stay small in a large workspace: the lists of every Service or namespace would make a round
// of the warm-up as slow as the first requests it saves. `|` marks the cursor in a line of the sample.
const COMPLETE = ['  - shop/public|', '        subset: v2|', '          number: 9080|', 'kind: VirtualService|', '      mode: ISTIO_MUTUAL|', '  |hosts:', '    |route:', '      version: v1|'];
const HOVER = ['  ga|teways:', '        su|bset: v2', '        subset: v|2', '  - shop/pu|blic', '        h|ost: reviews', '      mo|de: ISTIO_MUTUAL', '        pr|efix: /v2', 'ki|nd: Gateway'];

let positions: { complete: number[]; hover: number[] } | undefined;

function samplePositions(): { complete: number[]; hover: number[] } {
  const at = (marked: string): number => {
    const line = marked.replace('|', '');
    const start = WARM_UP_SAMPLE.indexOf(`\n${line}\n`) + 1;
    if (start <= 0) throw new Error(`warm-up: no line "${line}" in the sample`);
    return start + marked.indexOf('|');
  };
  return (positions ??= { complete: COMPLETE.map(at), hover: HOVER.map(at) });
}

/** The `n`th request of the warm-up (from 0): completions and hovers in turn, each at the next place of its list. */
export function warmUpRequest(service: Requests, n: number): void {
  const { complete, hover } = samplePositions();
  const k = n >> 1;
  if (n % 2 === 0) service.doComplete(URI, WARM_UP_SAMPLE, complete[k % complete.length]);
  else service.doHover(URI, WARM_UP_SAMPLE, hover[k % hover.length]);
}

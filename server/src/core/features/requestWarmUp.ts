// Warms the main thread's completion and hover code. Until a function has run
// a few dozen times V8 runs it unoptimised, so the first completions after a
// start took 7-21 ms where later ones take 1-2 (a `gateways` item of the large
// benchmark workspace, 147 Gateways). Asking for them at every line of a small
// sample while the server is idle gets that work done before the user asks.
// The sample is not in the workspace; the answers are dropped.
import { WARM_UP_SAMPLE } from '../index/parserWarmUp';

const URI = 'untitled:istio-ls-warm-up';
/** Requests of each kind per round: a round stays a few milliseconds once the code is warm. */
const PER_ROUND = 4;

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

/** One round (`round` counts from 0): the next PER_ROUND completions and hovers of the sample. */
export function warmUpRequests(service: Requests, round: number): void {
  const { complete, hover } = samplePositions();
  for (let i = 0; i < PER_ROUND; i++) {
    service.doComplete(URI, WARM_UP_SAMPLE, complete[(round * PER_ROUND + i) % complete.length]);
    service.doHover(URI, WARM_UP_SAMPLE, hover[(round * PER_ROUND + i) % hover.length]);
  }
}

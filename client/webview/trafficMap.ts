// The traffic map's drawing, inside the webview: dagre lays the graph out left
// to right (traffic flows that way), and this script draws it as SVG. Findings
// colour their node or edge and their messages show on hover; a click on a
// node asks the extension to open the resource.
import dagre from '@dagrejs/dagre';
import type { TrafficMapEdge, TrafficMapNode, TrafficMapResult } from '../../server/src/lsp/trafficMapProtocol';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const CHAR = 6.8;
const map = document.getElementById('map')!;
const namespaceSelect = document.getElementById('namespace') as HTMLSelectElement;
const hostInput = document.getElementById('host') as HTMLInputElement;
const follow = document.getElementById('follow') as HTMLInputElement;
const summary = document.getElementById('summary')!;
const zoom = document.getElementById('zoom') as HTMLButtonElement;
// Fit the whole map into the view, or draw it at full size and scroll.
let fit = true;
zoom.addEventListener('click', () => {
  fit = !fit;
  applyZoom();
});
function applyZoom(): void {
  const svg = map.querySelector('svg');
  zoom.textContent = fit ? 'Full size' : 'Fit to view';
  if (!svg) return;
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 0 0').split(' ').map(Number);
  // Fitting never shrinks text below about 60 %: past that, the map scrolls instead.
  const scale = fit ? Math.max(0.6, Math.min(1, (map.clientWidth - 8) / w)) : 1;
  svg.setAttribute('width', String(Math.round(w * scale)));
  svg.setAttribute('height', String(Math.round(h * scale)));
}

const sendFilter = () => vscode.postMessage({ type: 'filter', namespace: namespaceSelect.value, host: hostInput.value.trim(), followCursor: follow.checked });
namespaceSelect.addEventListener('change', sendFilter);
follow.addEventListener('change', sendFilter);
let typing: number | undefined;
hostInput.addEventListener('input', () => {
  clearTimeout(typing);
  typing = window.setTimeout(sendFilter, 250);
});

window.addEventListener('resize', () => applyZoom());
window.addEventListener('message', (event: MessageEvent) => {
  const m = event.data as { type: string; graph: TrafficMapResult };
  if (m.type === 'graph') draw(m.graph);
});
vscode.postMessage({ type: 'ready' });

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function title(parent: Element, text: string): void {
  el('title', {}, parent).textContent = text;
}

function fillNamespaces(all: string[]): void {
  const chosen = namespaceSelect.value;
  namespaceSelect.replaceChildren(new Option('all', ''), ...all.map((ns) => new Option(ns, ns)));
  namespaceSelect.value = all.includes(chosen) ? chosen : '';
}

function draw(graph: TrafficMapResult): void {
  fillNamespaces(graph.namespaces);
  const problems = graph.nodes.reduce((n, x) => n + x.findings.length, 0) + graph.edges.reduce((n, x) => n + x.findings.length, 0);
  summary.textContent = `${graph.nodes.length} nodes, ${graph.edges.length} edges, ${problems} findings${graph.around ? ` · around ${graph.around}` : ''}`;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const lines = (n: TrafficMapNode) => [n.label, ...(n.findings.length ? [`⚠ ${[...new Set(n.findings.map((f) => f.code))].join(' ')}`] : [])];
  for (const n of graph.nodes) {
    const text = lines(n);
    g.setNode(n.id, { width: Math.max(...text.map((t) => t.length)) * CHAR + 24, height: 16 * text.length + 14 });
  }
  for (const e of graph.edges) {
    const label = edgeLabel(e);
    g.setEdge(e.from, e.to, { label, width: label.length * 6, height: label ? 14 : 0, labelpos: 'c' }, e.id);
  }
  dagre.layout(g);
  const size = g.graph() as { width?: number; height?: number };
  const svg = el('svg', { viewBox: `0 0 ${size.width ?? 0} ${size.height ?? 0}`, preserveAspectRatio: 'xMidYMin meet', role: 'img' });
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M0,0 L10,5 L0,10 z', fill: 'currentColor' }, marker);

  for (const e of graph.edges) {
    const laid = g.edge({ v: e.from, w: e.to, name: e.id }) as { points: { x: number; y: number }[]; x?: number; y?: number };
    const group = el('g', { class: `edge ${e.kind} ${e.severity ?? ''}`, 'data-id': e.id }, svg);
    const d = laid.points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    el('path', { d, 'marker-end': 'url(#arrow)' }, group);
    const label = edgeLabel(e);
    if (label && laid.x !== undefined && laid.y !== undefined) el('text', { x: laid.x, y: laid.y + 4, 'text-anchor': 'middle' }, group).textContent = label;
    title(group, [label, ...e.findings.map((f) => `${f.code} ${f.severity}: ${f.message}`)].filter(Boolean).join('\n'));
  }

  for (const n of graph.nodes) {
    const laid = g.node(n.id) as { x: number; y: number; width: number; height: number };
    const group = el('g', { class: `node ${n.kind} ${n.severity ?? ''}`, 'data-id': n.id, transform: `translate(${laid.x - laid.width / 2},${laid.y - laid.height / 2})`, tabindex: 0 }, svg);
    shape(group, n, laid.width, laid.height);
    lines(n).forEach((t, i) => {
      el('text', { x: laid.width / 2, y: 20 + i * 16, 'text-anchor': 'middle', class: i ? 'findings' : '' }, group).textContent = t;
    });
    title(group, [n.label, ...n.findings.map((f) => `${f.code} ${f.severity}: ${f.message}`), n.location ? 'Click to open' : ''].filter(Boolean).join('\n'));
    if (n.location) {
      const open = () => vscode.postMessage({ type: 'open', uri: n.location!.uri, range: n.location!.range });
      group.addEventListener('click', open);
      group.addEventListener('keydown', (ev) => (ev as KeyboardEvent).key === 'Enter' && open());
    }
  }
  map.replaceChildren(svg);
  applyZoom();
}

function shape(group: SVGGElement, n: TrafficMapNode, w: number, h: number): void {
  if (n.kind === 'Mesh' || n.kind === 'Workload') el('ellipse', { cx: w / 2, cy: h / 2, rx: w / 2, ry: h / 2 }, group);
  else if (n.kind === 'Missing') el('polygon', { points: `10,0 ${w - 10},0 ${w},${h / 2} ${w - 10},${h} 10,${h} 0,${h / 2}` }, group);
  else el('rect', { width: w, height: h, rx: n.kind === 'Gateway' ? 2 : 6 }, group);
}

function edgeLabel(e: TrafficMapEdge): string {
  return [e.label ?? '', e.findings.length ? `⚠ ${[...new Set(e.findings.map((f) => f.code))].join(' ')}` : ''].filter(Boolean).join(' ');
}

// The traffic map as text for documents and pull-request comments: Mermaid
// (GitHub renders it in Markdown) and Graphviz DOT. Findings colour the node or
// edge they concern; the first finding's code is written on it.
import type { GraphEdge, GraphNode, TrafficGraph } from './trafficGraph';
import { nodeSeverity, worstSeverity as worst } from './graphSeverity';

const codes = (x: GraphNode | GraphEdge) => [...new Set(x.findings.map((f) => f.code))].join(' ');

export function toMermaid(graph: TrafficGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const text = (s: string) => s.replace(/"/g, '#quot;').replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'));
  const shape = (n: GraphNode, label: string) => {
    if (n.kind === 'Mesh') return `(("${label}"))`;
    if (n.kind === 'Gateway') return `[/"${label}"/]`;
    if (n.kind === 'Missing') return `{{"${label}"}}`;
    if (n.kind === 'Workload') return `(["${label}"])`;
    return `["${label}"]`;
  };
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const label = text(n.findings.length ? `${n.label} ⚠ ${codes(n)}` : n.label);
    lines.push(`  ${ids.get(n.id)}${shape(n, label)}`);
  }
  const redEdges: number[] = [];
  graph.edges.forEach((e, i) => {
    const label = [e.label, e.findings.length ? `⚠ ${codes(e)}` : ''].filter(Boolean).join(' ');
    const arrow = e.kind === 'mirrors' || e.kind === 'policy' ? '-.->' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}${label ? `|"${text(label)}"|` : ''} ${ids.get(e.to)}`);
    if (worst(e)) redEdges.push(i);
  });
  lines.push('  classDef error fill:#fdd,stroke:#c00,color:#600', '  classDef warning fill:#ffe9b3,stroke:#b80');
  for (const sev of ['error', 'warning'] as const) {
    const list = graph.nodes.filter((n) => nodeSeverity(graph, n) === sev).map((n) => ids.get(n.id));
    if (list.length) lines.push(`  class ${list.join(',')} ${sev}`);
  }
  if (redEdges.length) lines.push(`  linkStyle ${redEdges.join(',')} stroke:#c00,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

export function toDot(graph: TrafficGraph): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const shape: Record<string, string> = { Mesh: 'circle', Gateway: 'parallelogram', Missing: 'octagon', Workload: 'ellipse' };
  const lines = ['digraph traffic {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  for (const n of graph.nodes) {
    const sev = nodeSeverity(graph, n);
    const colour = sev === 'error' ? ', color=red, fontcolor=red' : sev === 'warning' ? ', color=orange' : n.kind === 'Missing' ? ', style=dashed' : '';
    const label = n.findings.length ? `${n.label}\\n⚠ ${codes(n)}` : n.label;
    lines.push(`  ${q(n.id)} [label=${q(label)}, shape=${shape[n.kind] ?? 'box'}${colour}];`);
  }
  for (const e of graph.edges) {
    const label = [e.label, e.findings.length ? `⚠ ${codes(e)}` : ''].filter(Boolean).join(' ');
    const style = e.kind === 'mirrors' || e.kind === 'policy' ? ', style=dashed' : '';
    const colour = worst(e) === 'error' ? ', color=red' : worst(e) === 'warning' ? ', color=orange' : '';
    lines.push(`  ${q(e.from)} -> ${q(e.to)}${label ? ` [label=${q(label)}${style}${colour}]` : style || colour ? ` [${(style + colour).slice(2)}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

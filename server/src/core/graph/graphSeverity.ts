// How bad a node or edge of the traffic map is, for every drawing of it (the
// Mermaid and DOT text, the editor's map): the worst error or warning on it.
import type { GraphNode, TrafficGraph } from './trafficGraph';

export type GraphSeverity = 'error' | 'warning' | undefined;

export const worstSeverity = (x: { findings: readonly { severity: string }[] }): GraphSeverity =>
  x.findings.some((f) => f.severity === 'error') ? 'error' : x.findings.some((f) => f.severity === 'warning') ? 'warning' : undefined;

/** A missing node takes the worst finding on its edges as well: a Gateway outside the workspace is no error by itself. */
export function nodeSeverity(graph: TrafficGraph, n: GraphNode): GraphSeverity {
  if (n.kind !== 'Missing') return worstSeverity(n);
  return worstSeverity({ findings: [...n.findings, ...graph.edges.filter((e) => e.from === n.id || e.to === n.id).flatMap((e) => e.findings)] });
}

// `istio/trafficMap`: the workspace's traffic map for a client to draw, with
// each node's location as an LSP range so a click opens the resource.
import { resourceKey } from '../core/resourceKey';
import { RequestType, type Connection } from 'vscode-languageserver/node';
import { nodeSeverity, worstSeverity, type LanguageService, type GraphFilter } from '../core';
import { runSafe } from './runSafe';
import { lineIndexOf, toRange } from './convert';
import { TRAFFIC_MAP_METHOD, type TrafficMapParams, type TrafficMapResult } from './trafficMapProtocol';

export const TrafficMapRequest = new RequestType<TrafficMapParams, TrafficMapResult, void>(TRAFFIC_MAP_METHOD);

export function registerTrafficMap(connection: Connection, service: LanguageService, textOf: (uri: string) => string | undefined): void {
  const empty: TrafficMapResult = { nodes: [], edges: [], namespaces: [] };
  connection.onRequest(TrafficMapRequest, (params, token) =>
    runSafe(connection, token, empty, 'trafficMap', () => {
      const linesOf = (uri: string) => lineIndexOf(service.getSummary(uri), textOf(uri));
      const filter: GraphFilter = { namespace: params?.namespace || undefined, host: params?.host || undefined };
      if (params?.around) {
        const lines = linesOf(params.around.uri);
        const offset = lines?.offsetAt(params.around.position);
        const resource = offset === undefined ? undefined : service.getSummary(params.around.uri)?.resources.find((r) => r.span.start <= offset && offset <= r.span.end);
        if (resource) filter.around = resourceKey(resource);
      }
      const whole = service.getTrafficGraph({});
      const graph = filter.namespace || filter.host || filter.around ? service.getTrafficGraph(filter) : whole;
      return {
        nodes: graph.nodes.map((n) => {
          const lines = n.uri && n.span ? linesOf(n.uri) : undefined;
          return {
            id: n.id,
            kind: n.kind,
            label: n.label,
            namespace: n.namespace,
            location: lines && n.uri && n.span ? { uri: n.uri, range: toRange(lines, n.span) } : undefined,
            findings: n.findings,
            severity: nodeSeverity(graph, n),
          };
        }),
        edges: graph.edges.map((e) => ({ ...e, severity: worstSeverity(e) })),
        namespaces: [...new Set(whole.nodes.map((n) => n.namespace).filter((x): x is string => !!x))].sort(),
        around: filter.around,
      };
    }),
  );
}

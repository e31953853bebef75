// `istio-ls graph`: the traffic map of the workspace as Mermaid (GitHub renders
// it in Markdown: pull-request comments, docs), Graphviz DOT, or JSON with each
// node's file and line. It reads the workspace exactly as `check` does.
import { LineIndex, toDot, toMermaid, type GraphFilter, type TrafficGraph } from '../core';
import { parseCheckArgs, type CheckOptions } from './args';
import { loadWorkspace } from './loadWorkspace';
import { displayPath, position } from './findings';

export const GRAPH_USAGE = `Usage: istio-ls graph [paths...] [options]

Prints where requests go, drawn from the YAML files (default: the current
directory): Gateway → VirtualService → Service/ServiceEntry → workloads, and
egress chains through the egress gateway; findings mark the node or edge they
concern. Exit status: 0, or 2 on bad usage or an unreadable path.

Options:
  --format FORMAT        mermaid (default), dot, or json
  --host HOST            only the chain through HOST
  --show-namespace NS    only the resources of NS and their direct neighbours
  --around KIND/NS/NAME  only the chain through that resource
  and every option of \`istio-ls check\` that says what to read: --context,
  --config, -n/--namespace, --registry, --istio-version, --no-cache, --cache-dir`;

interface GraphOptions {
  check: CheckOptions;
  format: 'mermaid' | 'dot' | 'json';
  filter: GraphFilter;
}

function parseGraphArgs(args: string[]): GraphOptions | string {
  const rest: string[] = [];
  let format: GraphOptions['format'] = 'mermaid';
  const filter: GraphFilter = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.includes('=') && a.startsWith('--') ? a.slice(0, a.indexOf('=')) : a;
    const value = (): string | undefined => (name !== a ? a.slice(name.length + 1) : args[++i]);
    if (name === '--format') {
      const v = value();
      if (v !== 'mermaid' && v !== 'dot' && v !== 'json') return `--format must be mermaid, dot or json, not "${v ?? ''}"`;
      format = v;
    } else if (name === '--host' || name === '--show-namespace' || name === '--around') {
      const v = value();
      if (!v) return `${name} needs a value`;
      if (name === '--host') filter.host = v;
      else if (name === '--show-namespace') filter.namespace = v;
      else if (v.split('/').length !== 3) return `--around must be KIND/NAMESPACE/NAME, not "${v}"`;
      else filter.around = v;
    } else rest.push(a);
  }
  const check = parseCheckArgs(rest);
  if (typeof check === 'string') return check;
  if (check.minSeverity || check.format !== 'text') return 'graph takes --format mermaid|dot|json and no --min-severity';
  return { check, format, filter };
}

export async function runGraph(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const o = parseGraphArgs(args);
  if (typeof o === 'string') {
    err.write(`istio-ls: ${o}\n${GRAPH_USAGE}\n`);
    return 2;
  }
  if (o.check.help) {
    out.write(GRAPH_USAGE + '\n');
    return 0;
  }
  const ws = await loadWorkspace(o.check, (m) => err.write(`istio-ls: warning: ${m}\n`));
  if (typeof ws === 'string') {
    err.write(`istio-ls: ${ws}\n`);
    return 2;
  }
  const graph = ws.service.getTrafficGraph(o.filter);
  if (o.format === 'mermaid') out.write(toMermaid(graph));
  else if (o.format === 'dot') out.write(toDot(graph));
  else out.write(JSON.stringify(withFiles(graph, (uri) => ws.service.getSummary(uri)), null, 2) + '\n');
  return 0;
}

/** JSON for scripts: file paths and 1-based positions instead of URIs and offsets. */
function withFiles(graph: TrafficGraph, summaryOf: (uri: string) => { lineStarts: number[]; length: number } | undefined) {
  return {
    nodes: graph.nodes.map(({ uri, span, ...n }) => {
      const s = uri ? summaryOf(uri) : undefined;
      const at = uri && span && s ? { file: displayPath(uri), ...position(LineIndex.fromStarts(s.lineStarts, s.length), span) } : undefined;
      return at ? { ...n, at } : n;
    }),
    edges: graph.edges,
  };
}

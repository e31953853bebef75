// `istio-ls check`: the same engine as the server, for CI and pre-commit
// hooks (`istio-ls graph`, the traffic map as text: ./cli/graph.ts). Exit 1 on any error-severity finding reported, 0 otherwise, 2 on bad
// usage or an unreadable path. Options and formats: ./cli/args.ts.
import { USAGE, parseCheckArgs } from './cli/args';
import { loadWorkspace } from './cli/loadWorkspace';
import { atLeast, collectFindings } from './cli/findings';
import { writeJson, writeText } from './cli/textAndJson';
import { toSarif } from './cli/sarif';
import { runGraph } from './cli/graph';

const VERSION = '0.1.0';

export async function runCli(args: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    out.write(USAGE + '\n');
    return 0;
  }
  if (args[0] === '--version') {
    out.write(`istio-ls ${VERSION}\n`);
    return 0;
  }
  if (args[0] === 'graph') return runGraph(args.slice(1), out, err);
  if (args[0] !== 'check') {
    err.write(`istio-ls: ${args[0] ? `unknown command "${args[0]}"` : 'no command given'}\n${USAGE}\n`);
    return 2;
  }
  const o = parseCheckArgs(args.slice(1));
  if (typeof o === 'string') {
    err.write(`istio-ls: ${o}\n${USAGE}\n`);
    return 2;
  }
  if (o.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  const ws = await loadWorkspace(o, (m) => err.write(`istio-ls: warning: ${m}\n`));
  if (typeof ws === 'string') {
    err.write(`istio-ls: ${ws}\n`);
    return 2;
  }
  if (o.verbose) {
    const s = ws.stats;
    err.write(`istio-ls: indexed ${s.indexed} files (${s.fromCache} from the summary cache, ${s.workers} worker threads); cache: ${s.cache}${ws.config ? `; configuration: ${ws.config.file}` : ''}\n`);
  }
  const all = collectFindings(ws);
  const min = o.minSeverity ?? (o.format === 'text' ? 'information' : 'hint');
  const shown = all.filter((r) => atLeast(r.finding.severity, min));
  if (o.format === 'json') writeJson(shown, out);
  else if (o.format === 'sarif') out.write(JSON.stringify(toSarif(shown, ws.root, VERSION), null, 2) + '\n');
  else writeText(shown, { files: ws.reported.size, hidden: all.length - shown.length, hiddenBelow: min, excluded: ws.excluded }, out);
  return all.some((r) => r.finding.severity === 'error') ? 1 : 0;
}

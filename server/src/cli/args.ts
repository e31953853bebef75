// The command line of `istio-ls check`, parsed into options. Bad usage is a
// message (exit 2), never a guess.
import type { Settings, Severity } from '../core';
import { normalizeIstioVersion } from '../core/schema/istioVersion';

export type Format = 'text' | 'json' | 'sarif';

export interface CheckOptions {
  /** Files and directories to check and report on; empty means the whole context. */
  paths: string[];
  /** The repository root: indexed in full so references resolve, reported on only for `paths`. */
  context?: string;
  /** A configuration file other than `<root>/.istio-ls.yaml`. */
  config?: string;
  format: Format;
  /** Findings below this are not shown (text hides hints unless asked). */
  minSeverity?: Severity;
  /** Flags win over the configuration file. */
  settings: Partial<Settings>;
  cache: boolean;
  cacheDir?: string;
  verbose: boolean;
  help: boolean;
}

export const USAGE = `Usage: istio-ls check [paths...] [options]

Checks the Istio configuration in the given YAML files and directories (default:
the current directory) and prints the findings. Exit status: 0 clean or only
warnings and notes, 1 when an error is found, 2 on bad usage or an unreadable path.

Options:
  --context DIR          index every YAML file under DIR (the repository root) so
                         references resolve, but report only on the given paths;
                         the configuration file is looked up in DIR
  --config FILE          read settings from FILE instead of <root>/.istio-ls.yaml
                         (root: --context, else the current directory)
  --format FORMAT        text (default), json, or sarif (SARIF 2.1.0)
  --min-severity LEVEL   error, warning, information or hint: hide findings below
                         LEVEL (text default: information, so hints are hidden;
                         json and sarif default: hint, everything)
  -n, --namespace NS     namespace of resources without metadata.namespace
  --registry MODE        partial or complete (see the README)
  --istio-version 1.N    the Istio release the files are applied to: fields
                         newer than it and kinds it removed are reported
  --no-cache             do not read or write the persisted summary cache
  --cache-dir DIR        where the summary cache lives (default: under
                         $XDG_CACHE_HOME or ~/.cache, one per root)
  --verbose              say on stderr how many files were read and from the cache
  -h, --help             show this help

       istio-ls graph [paths...] [options]   the traffic map as Mermaid, DOT or JSON
                                             (istio-ls graph --help)
       istio-ls --stdio     start the language server on stdio
       istio-ls --version   print the version`;

const SEVERITIES: Severity[] = ['error', 'warning', 'information', 'hint'];

export function parseCheckArgs(args: string[]): CheckOptions | string {
  const o: CheckOptions = { paths: [], format: 'text', settings: {}, cache: true, verbose: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.includes('=') && a.startsWith('--') ? a.slice(0, a.indexOf('=')) : a;
    const value = (): string | undefined => (name !== a ? a.slice(name.length + 1) : args[++i]);
    switch (name) {
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json' && v !== 'sarif') return `--format must be text, json or sarif, not "${v ?? ''}"`;
        o.format = v;
        break;
      }
      case '--min-severity': {
        const v = value();
        if (!SEVERITIES.includes(v as Severity)) return `--min-severity must be ${SEVERITIES.join(', ')}, not "${v ?? ''}"`;
        o.minSeverity = v as Severity;
        break;
      }
      case '-n':
      case '--namespace': {
        const v = value();
        if (!v) return '--namespace needs a value';
        o.settings.defaultNamespace = v;
        break;
      }
      case '--registry': {
        const v = value();
        if (v !== 'partial' && v !== 'complete') return `--registry must be partial or complete, not "${v ?? ''}"`;
        o.settings.registry = v;
        break;
      }
      case '--istio-version': {
        const v = value();
        const version = normalizeIstioVersion(v);
        if (!version) return `--istio-version must be an Istio release such as 1.29, not "${v ?? ''}"`;
        o.settings.istioVersion = version;
        break;
      }
      case '--context':
      case '--config':
      case '--cache-dir': {
        const v = value();
        if (!v) return `${name} needs a path`;
        if (name === '--context') o.context = v;
        else if (name === '--config') o.config = v;
        else o.cacheDir = v;
        break;
      }
      case '--no-cache':
        o.cache = false;
        break;
      case '--verbose':
        o.verbose = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') return `unknown option "${a}"`;
        o.paths.push(a);
    }
  }
  return o;
}

// `--format sarif`: a SARIF 2.1.0 log, the format GitHub code scanning and
// other CI dashboards read, so findings show inline in pull requests. Every
// code of the catalog is a rule (title, help link, default level); results
// carry exact regions (1-based, end column exclusive, UTF-16 columns as the
// editor counts them) and the other resources involved as related locations.
// Paths are relative to the root (--context, else the current directory)
// under %SRCROOT%, as code scanning expects for files of the checkout.
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import type * as Sarif from 'sarif';
import { Rules, type Severity } from '../core';
import type { Position1, Reported } from './findings';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SRCROOT = '%SRCROOT%';

export function toSarif(rows: Reported[], root: string, version: string): Sarif.Log {
  const table = Object.entries(Rules).sort(([, a], [, b]) => a.code.localeCompare(b.code));
  const ruleIndex = new Map(table.map(([, r], i) => [r.code as string, i]));
  const rules: Sarif.ReportingDescriptor[] = table.map(([name, r]) => ({
    id: r.code,
    name,
    shortDescription: { text: r.title },
    helpUri: r.docs,
    help: { text: `${r.title}. What it means and how to fix it: ${r.docs}`, markdown: `**${r.title}**. [What it means and how to fix it](${r.docs}).` },
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const results: Sarif.Result[] = rows.map((r) => {
    const f = r.finding;
    const result: Sarif.Result = {
      ruleId: f.code,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: physical(r.uri, r, root), ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] } : {}) }],
    };
    const index = ruleIndex.get(f.code);
    if (index !== undefined) result.ruleIndex = index;
    if (r.related.length) result.relatedLocations = r.related.map((rel, i) => ({ id: i + 1, physicalLocation: physical(rel.uri, rel, root), message: { text: rel.message } }));
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'istio-ls', version, semanticVersion: version, informationUri: 'https://github.com/istio-ls/istio-ls', rules } },
        originalUriBaseIds: { [SRCROOT]: { uri: URI.file(root).toString() + '/' } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

function physical(uri: string, at: Position1, root: string): Sarif.PhysicalLocation {
  const file = URI.parse(uri).fsPath;
  const rel = path.relative(root, file);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  const artifactLocation: Sarif.ArtifactLocation = inside ? { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT } : { uri };
  return { artifactLocation, region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn } };
}

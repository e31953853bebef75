// The shape of a quick fix: `offer` runs while the editor lists the actions
// (cheap: titles and the facts the edit needs, as plain data), `resolve`
// computes the edit when the user picks one (codeAction/resolve).
import type { Finding, Resource, Span } from '../../model';
import type { Snapshot } from '../../index/snapshot';
import type { SourceFile } from '../../edit/sourceFile';
import type { TextSource, WorkspaceEdit } from '../../edit/workspaceEdit';

export interface FixContext {
  snapshot: Snapshot;
  defaultNamespace: string;
  textOf: TextSource;
  /** The file parsed fresh from its current text, cached for the request. */
  source(uri: string): SourceFile | undefined;
  /** The file's resources: the index's summary when it was made from this text, else a fresh parse. */
  resources(uri: string): Resource[];
  /** Every file's findings, for the source actions. */
  diagnostics(): ReadonlyMap<string, Finding[]>;
}

/** The data of an action, sent to the client and back on resolve. */
export interface FixData {
  fix: string;
  uri: string;
  [key: string]: unknown;
}

export interface Offer {
  title: string;
  data?: FixData;
  command?: { title: string; command: string; arguments: unknown[] };
  preferred?: boolean;
}

export interface Fix {
  /** Diagnostic codes this fix answers (with `kinds` of their data, when set). */
  codes: string[];
  kinds?: string[];
  /**
   * The edit replaces the finding's own span with a known text: it costs no
   * more than the title, so it comes with the list (clients that never
   * resolve, such as `vscode.executeCodeActionProvider`, still get it).
   */
  eager?: boolean;
  offer(finding: Finding, uri: string, ctx: FixContext): Offer[];
}

export type Resolver = (data: FixData, ctx: FixContext) => WorkspaceEdit | undefined;

export function spanOf(data: FixData): Span {
  const s = data.span as Span | undefined;
  return s && typeof s.start === 'number' && typeof s.end === 'number' ? s : { start: -1, end: -1 };
}

/** The resource a finding is about, in the fresh parse of its file. */
export function resourceOf(ctx: FixContext, uri: string, key: unknown): Resource | undefined {
  if (typeof key !== 'string') return undefined;
  return ctx.source(uri)?.resources.find((r) => `${r.kind}/${r.namespace}/${r.name}` === key);
}

export const EGRESS_COMMAND = 'istio.routeThroughEgress';

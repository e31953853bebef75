// The shape of a quick fix: `offer` runs while the editor lists the actions
// (cheap: titles and the facts the edit needs, as plain data), `resolve`
// computes the edit when the user picks one (codeAction/resolve).
import { resourceKey } from '../../resourceKey';
import type { Finding, Resource, Span } from '../../model';
import type { Snapshot } from '../../index/snapshot';
import type { SourceFile } from '../../edit/sourceFile';
import type { TextSource, WorkspaceEdit } from '../../edit/workspaceEdit';
import type { Rule } from '../../catalog';

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

/** The data of an action, sent to the client and back on resolve: the fix's id, the file, and the fix's payload. */
export type FixData = { fix: string; uri: string } & Record<string, unknown>;

/** One action a fix offers: a title and the payload its `resolve` needs, or a command. */
export interface Offer<P extends object = object> {
  title: string;
  payload?: P;
  command?: { title: string; command: string; arguments: unknown[] };
  preferred?: boolean;
  /** This offer cannot change what a valid document means (a case-only rename): `source.fixAll` applies it even when its fix is not `safe`. */
  safe?: boolean;
}

/**
 * A quick fix: the rules (and payload kinds) it answers, what it offers while
 * the editor lists actions (titles and plain data, cheap), and the edit it
 * makes when the user picks one (codeAction/resolve). The payload travels in
 * the action's data; its type is declared once, beside the fix.
 */
export interface Fix<P extends object = object> {
  /** Names the fix in an action's data, so resolve finds it. */
  readonly id: string;
  readonly rules: readonly Rule[];
  /** The code action kind. */
  readonly kind: 'quickfix';
  /** The payload kinds (`finding.data.kind`, typed beside each analyzer) it answers; every finding of its rules when unset. */
  readonly dataKinds?: readonly string[];
  /**
   * The edit replaces the finding's own span with a known text: it costs no
   * more than the title, so it comes with the list (clients that never
   * resolve, such as `vscode.executeCodeActionProvider`, still get it).
   */
  readonly eager?: boolean;
  /** The edit cannot change what a valid document means: `source.fixAll` applies it. */
  readonly safe?: boolean;
  offer(finding: Finding, uri: string, ctx: FixContext): Offer<P>[];
  resolve(payload: P, uri: string, ctx: FixContext): WorkspaceEdit | undefined;
}

/** A fix with its payload type checked once, where it is defined. */
export function defineFix<P extends object>(fix: Fix<P>): Fix<P> {
  return fix;
}

/** The finding's data as the analyzer typed it; every field may be missing when it comes back from a client. */
export function dataOf<D extends object>(f: Finding): Partial<D> {
  return (f.data ?? {}) as Partial<D>;
}

export function spanOf(data: { span?: unknown }): Span {
  const s = data.span as Span | undefined;
  return s && typeof s.start === 'number' && typeof s.end === 'number' ? s : { start: -1, end: -1 };
}

/** The resource a finding is about, in the fresh parse of its file. */
export function resourceOf(ctx: FixContext, uri: string, key: unknown): Resource | undefined {
  if (typeof key !== 'string') return undefined;
  return ctx.source(uri)?.resources.find((r) => resourceKey(r) === key);
}

export const EGRESS_COMMAND = 'istio.routeThroughEgress';

/** `<base>.yaml`, or `<base>-N.yaml` when that name is taken: a file a fix creates never replaces one. */
export function freeFileUri(ctx: FixContext, base: string): string {
  let uri = `${base}.yaml`;
  for (let n = 2; ctx.textOf(uri) !== undefined || ctx.snapshot.resources.some((r) => r.uri === uri); n++) uri = `${base}-${n}.yaml`;
  return uri;
}

// The facade: the one object the LSP layer, the CLI and the tests call.
// It holds the workspace index and answers feature requests with plain data.
import type { FileSummary, Finding, Resource, Span } from './model';
import { Workspace, type Change, type ChangeResult, type WorkCounters } from './index/workspace';
import type { Snapshot } from './index/snapshot';
import { withDefaults, type Settings } from './settings';
import { DocumentCache } from './features/documentCache';
import { locate } from './parse/locate';
import { fieldHover } from './features/fieldHover';
import { resourceSymbol, workspaceSymbols, type SymbolInfo } from './features/symbols';
import { doComplete, type CompletionList } from './features/completion';
import { referenceAt } from './features/referenceAt';
import { referenceHover } from './features/referenceHover';
import { policyHover } from './features/policyHover';
import { findDefinition } from './features/definition';
import { findReferences } from './features/references';
import { doRename, prepareRename, type PrepareRenameResult, type RenameResult } from './features/rename';
import { findCodeLenses, type CodeLensInfo } from './features/codeLens';
import type { Location } from './features/referenceTargets';
import { findCodeActions, resolveCodeAction, type CodeActionInfo } from './features/codeActions';
import { fixContext } from './features/actionContext';
import { findEgressGateways, scaffoldEgress, type EgressCommandResult, type EgressGatewayChoice } from './features/egressCommand';
import type { TextSource, WorkspaceEdit } from './edit/workspaceEdit';
import { egressForm, type EgressForm } from './features/egressForm';
import { warmUpRequest } from './features/requestWarmUp';

export interface HoverResult {
  markdown: string;
  span?: Span;
}

export interface LanguageService {
  /** The one way the workspace changes: files (text, summary, size over the limit, removal) and settings; returns the new immutable snapshot. */
  applyChange(change: Change): ChangeResult;
  /** applyChange for one file's text. */
  updateFile(uri: string, text: string): FileSummary;
  /** Records a file that was not read because it is over the size limit. */
  updateOversizeFile(uri: string, size: number): FileSummary;
  removeFile(uri: string): boolean;
  /** Replaces the settings (a missing one takes its default); true when summaries must be rebuilt from text. */
  setSettings(settings: Partial<Settings>): boolean;
  readonly settings: Settings;
  snapshot(): Snapshot;
  /** The summary of a file of the workspace. */
  getSummary(uri: string): FileSummary | undefined;
  /** True when the file's summary was made from exactly this text. */
  isSummaryOf(uri: string, text: string): boolean;
  /** A summary of exactly this text is at hand (the index's, or one a request made): updateFile with it parses nothing. */
  hasSummaryOf(uri: string, text: string): boolean;
  hasFile(uri: string): boolean;
  uris(): string[];
  /** The work done so far (files parsed, checks run), for the tests and the benchmark. */
  readonly counters: WorkCounters;
  /** Gets the main thread's parser, completion and hover ready when idle after a scan made in worker threads: `steps` pieces of work on a sample (a summary, a completion or a hover), a few ms each once warm. */
  warmUp(steps?: number): void;
  /** Parses an editor's text for the features (hover, completion, navigation) ahead of its first request: for idle time after the editor opens it. */
  prepareDocument(uri: string, text: string): void;
  /** One piece of the bookkeeping the first analysis leaves for later (what its checks read); false once done. For idle time. */
  indexReads(): boolean;
  /** The findings computed from scratch over the same files, for the tests that compare it with the incremental result. */
  analyzeFully(): ReadonlyMap<string, Finding[]>;
  /** Every file's findings; the map is replaced after each change. */
  diagnostics(): ReadonlyMap<string, Finding[]>;
  /**
   * One bounded piece of bringing diagnostics() up to date (at most one check):
   * the findings once they are, else undefined. A host that must stay
   * responsive calls it in a loop and handles its messages in between; a
   * change in between is taken by a later step. Pure: no timers.
   */
  analysisStep(): ReadonlyMap<string, Finding[]> | undefined;
  /** The findings if the analysis is up to date with the last change, without running it. */
  diagnosticsIfCurrent(): ReadonlyMap<string, Finding[]> | undefined;
  doHover(uri: string, text: string, offset: number): HoverResult | undefined;
  findDocumentSymbols(uri: string, text: string): SymbolInfo[];
  findWorkspaceSymbols(query: string): { resource: Resource; name: string }[];
  doComplete(uri: string, text: string, offset: number): CompletionList;
  findDefinition(uri: string, text: string, offset: number): Location[];
  findReferences(uri: string, text: string, offset: number, includeDeclaration?: boolean): Location[];
  prepareRename(uri: string, text: string, offset: number): PrepareRenameResult;
  doRename(uri: string, text: string, offset: number, newName: string): RenameResult;
  findCodeLenses(uri: string, text: string): CodeLensInfo[];
  /** Quick fixes for `findings` (the client's diagnostics at the range), refactors and source actions; edits come on resolve. */
  getCodeActions(uri: string, text: string, span: Span, findings: Finding[], only?: string[]): CodeActionInfo[];
  /** The edit of an action from getCodeActions, computed from the files' current text. */
  resolveCodeAction(data: unknown, textOf: TextSource): WorkspaceEdit | undefined;
  /** The egress-gateway bundle for loose command arguments (see scaffold/egressParams.ts). */
  scaffoldEgress(request: unknown, textOf: TextSource): EgressCommandResult;
  /** Egress gateways a client can offer: Istio's default, then those of the workspace. */
  findEgressGateways(): EgressGatewayChoice[];
  /** The traffic map of the workspace (or the part a filter asks for). */
  getTrafficGraph(filter?: GraphFilter): TrafficGraph;
  /** The egress command's form: defaults for the cursor's resource, choices, and what is wrong with `given` per field. */
  /** `textOf` lets the form find out which resources of other namespaces the bundle would change (the option to allow it). */
  egressForm(given: unknown, cursor?: { uri: string; text: string; offset: number }, textOf?: TextSource): EgressForm;
}

export function getLanguageService(settings?: Partial<Settings>): LanguageService {
  const index = new Workspace(withDefaults(settings));
  const cache = new DocumentCache();
  const hoverAt = (uri: string, text: string, offset: number, findingsOfText: boolean): HoverResult | undefined => {
    const onPolicy = policyHover(index.snapshot(), currentResources(index, cache, uri, text), offset);
    if (onPolicy) return onPolicy;
    const onReference = hoverOnReference(index, cache, uri, text, offset);
    if (onReference) return onReference;
    const loc = locate(cache.get(uri, text, index.settings.maxFileSize), offset);
    if (!loc) return undefined;
    // On a finding the editor shows its message in the same hover: keep the field's part to its title and link.
    const markdown = fieldHover(loc, findingsOfText && onFinding(index, uri, text, offset));
    if (!markdown) return undefined;
    const node = loc.node as { range?: [number, number, number] } | undefined;
    return { markdown, span: node?.range ? { start: node.range[0], end: node.range[1] } : undefined };
  };
  let warmUpStep = 0;
  const service: LanguageService = {
    applyChange: (change) => index.applyChange(change),
    updateFile: (uri, text) => index.applyChange({ files: [{ uri, text }] }).summaries[0]!,
    updateOversizeFile: (uri, size) => index.applyChange({ files: [{ uri, oversize: size }] }).summaries[0]!,
    removeFile(uri) {
      const had = index.has(uri);
      index.applyChange({ files: [{ uri, removed: true }] });
      return had;
    },
    // Each call replaces the settings: what it leaves out takes its default.
    setSettings: (s) => index.applyChange({ settings: withDefaults(s) }).resummarize,
    get settings() {
      return index.settings;
    },
    snapshot: () => index.snapshot(),
    getSummary: (uri) => index.get(uri),
    isSummaryOf: (uri, text) => builtFrom(index.get(uri), text),
    hasSummaryOf: (uri, text) => index.hasSummaryOf(uri, text),
    hasFile: (uri) => index.has(uri),
    uris: () => index.uris(),
    counters: index.counters,
    warmUp(steps = 30) {
      // The sample is not the workspace's: its summaries (a hover's) are not counted as work done.
      const { filesSummarized, documentsParsed } = index.counters;
      for (let i = 0; i < steps; i++) {
        // One summary of the sample in five steps, completions and hovers in the others.
        const step = warmUpStep++;
        if (step % 5 === 0) index.warmUp(1);
        else warmUpRequest(service, step - Math.floor(step / 5) - 1);
      }
      Object.assign(index.counters, { filesSummarized, documentsParsed });
    },
    prepareDocument: (uri, text) => void cache.get(uri, text, index.settings.maxFileSize),
    indexReads: () => index.indexReads(),
    analyzeFully: () => index.analyzeFully(),
    diagnostics: () => index.diagnostics(),
    analysisStep: () => index.analysisStep(),
    diagnosticsIfCurrent: () => index.diagnosticsIfCurrent(),
    doHover(uri, text, offset) {
      // Right after an edit in another document of the file: answered from the text the index holds (no new summary), moved by the edit.
      const before = sourceText(index.get(uri));
      const moved = before !== undefined && before !== text ? cursorInOlderText(before, text, offset) : undefined;
      if (!moved) return hoverAt(uri, text, offset, true);
      // As for any text the index does not hold, the field's part is not shortened for a finding.
      const found = hoverAt(uri, before!, moved.offset, false);
      return found?.span && moved.delta ? { ...found, span: { start: found.span.start + moved.delta, end: found.span.end + moved.delta } } : found;
    },
    findDocumentSymbols(uri, text) {
      return currentResources(index, cache, uri, text).map(resourceSymbol);
    },
    findWorkspaceSymbols: (query) => workspaceSymbols(index.snapshot(), query),
    // Over the size or line limit the file is skipped (ILS0003): completion would shape every line per request.
    doComplete: (uri, text, offset) => (tooLargeToParse(text, index.settings.maxFileSize) ? { items: [] } : doComplete(index.snapshot(), uri, text, offset, cache.document)),
    findDefinition: (uri, text, offset) => withReference(index, cache, uri, text, offset, [], (snap, ref) => findDefinition(snap, ref)),
    findReferences: (uri, text, offset, includeDeclaration = true) =>
      withReference(index, cache, uri, text, offset, [], (snap, ref) => findReferences(snap, ref, includeDeclaration)),
    prepareRename: (uri, text, offset) => prepareRename(index.snapshot(), referenceAt(currentResources(index, cache, uri, text), offset)),
    doRename: (uri, text, offset, newName) => doRename(index.snapshot(), referenceAt(currentResources(index, cache, uri, text), offset), newName),
    findCodeLenses: (uri, text) => findCodeLenses(index.snapshot(), currentResources(index, cache, uri, text)),
    getCodeActions: (uri, text, span, findings, only) => findCodeActions(fixContext(index, (u) => (u === uri ? text : undefined)), uri, span, findings, only),
    resolveCodeAction: (data, textOf) => resolveCodeAction(fixContext(index, textOf), data),
    scaffoldEgress: (request, textOf) => scaffoldEgress(index, request, textOf),
    findEgressGateways: () => findEgressGateways(index),
    getTrafficGraph(filter = {}) {
      const snap = index.snapshot();
      const graph = buildTrafficGraph({
        resources: snap.resources,
        findings: index.diagnostics(),
        builtinHosts: BUILTIN_HOSTS,
        builtinGatewayLabels: BUILTIN_GATEWAY_LABELS,
        outboundPolicy: snap.meshPolicy.mode,
      });
      return filterGraph(graph, filter);
    },
    egressForm: (given, cursor, textOf) => egressForm(index, given, cursor && { ...cursor, resources: currentResources(index, cache, cursor.uri, cursor.text) }, textOf),
  };
  return service;
}

import { tooLargeToParse } from './parse/yamlFile';
import { buildTrafficGraph, type TrafficGraph } from './graph/trafficGraph';
import { filterGraph, type GraphFilter } from './graph/graphFilter';
import { BUILTIN_GATEWAY_LABELS, BUILTIN_HOSTS } from './index/snapshot';
import { builtFrom, sourceText } from './summary/summaryText';
import { cursorInOlderText } from './features/unchangedDocument';
import { applySettings, suppressionIndex } from './index/settingsFilter';
/**
 * True when a finding of the indexed text covers the offset (only when the index holds exactly this text).
 * A hover never waits for the analysis: while it is pending, the file's own findings (syntax, schema) decide.
 */
function onFinding(index: Workspace, uri: string, text: string, offset: number): boolean {
  const summary = index.get(uri);
  if (!builtFrom(summary, text)) return false;
  const snap = index.snapshot();
  const findings = index.diagnosticsIfCurrent()?.get(uri) ?? applySettings(summary.findings, suppressionIndex(snap), snap.settings);
  return findings.some((f) => f.span.start <= offset && offset <= f.span.end);
}

// The resources of the file being edited: the index's summary when it was built from this text
// (the index may lag the editor by one debounce), else a fresh one that the edit's change then takes.
// Its syntax trees go to the features' cache: a hover after an edit then parses the text once.
function currentResources(index: Workspace, cache: DocumentCache, uri: string, text: string): Resource[] {
  return index.summaryOf(uri, text, (docs) => cache.adopt(uri, text, docs)).resources;
}

function withReference<T>(index: Workspace, cache: DocumentCache, uri: string, text: string, offset: number, none: T, work: (snap: Snapshot, ref: NonNullable<ReturnType<typeof referenceAt>>) => T): T {
  const ref = referenceAt(currentResources(index, cache, uri, text), offset);
  return ref ? work(index.snapshot(), ref) : none;
}

function hoverOnReference(index: Workspace, cache: DocumentCache, uri: string, text: string, offset: number): HoverResult | undefined {
  return withReference(index, cache, uri, text, offset, undefined, (snap, ref) => {
    const markdown = referenceHover(snap, ref);
    return markdown ? { markdown, span: 'ref' in ref ? ref.ref.span : ref.span } : undefined;
  });
}

export type { Settings } from './settings';
export type { CompletionItem, CompletionList, CompletionKind } from './features/completion';
export type { Location } from './features/referenceTargets';
export type { PrepareRenameResult, RenameResult } from './features/rename';
export type { CodeLensInfo } from './features/codeLens';
export type { CodeActionInfo } from './features/codeActions';
export type { EgressCommandResult, EgressGatewayChoice } from './features/egressCommand';
export type { EgressForm, FormChoice } from './features/egressForm';
export type { EgressField, EgressFieldError } from './scaffold/egressParams';
export type { WorkspaceEdit, DocumentChange, TextSource, TextEdit } from './edit/workspaceEdit';
export { applyTextEdits } from './edit/workspaceEdit';
export { EGRESS_COMMAND } from './features/fixes/types';
export { FIX_ALL_KIND, MIGRATE_V1_KIND } from './features/fixes/sourceActions';
export type { Finding, FileSummary, Resource, Span, Severity } from './model';
export type { Change, ChangeResult, FileChange, WorkCounters } from './index/workspace';
export type { SymbolInfo } from './features/symbols';
export { LineIndex } from './text';
export { catalog, codeUrl, Rules, type Rule } from './catalog';
// The analyzers and the rules each declares, for the test that they report nothing else.
export { resourceAnalyzers, workspaceAnalyzers } from './analyzers/registry';
export { summaryRules } from './summary/summarize';
export type { TrafficGraph, GraphNode, GraphEdge } from './graph/trafficGraph';
export type { GraphFilter } from './graph/graphFilter';
export { toMermaid, toDot } from './graph/graphText';
export { nodeSeverity, worstSeverity } from './graph/graphSeverity';
export { defaultSettings } from './settings';

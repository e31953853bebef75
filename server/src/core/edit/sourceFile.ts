// A file as the edit functions see it: its current text, its YAML documents
// (parsed fresh, never from the index, which may lag the editor) and the
// resources summarised from that same text, so spans and nodes agree.
import { resourceKey } from '../resourceKey';
import type { Document } from 'yaml';
import type { Finding, Resource } from '../model';
import { parseYamlFile } from '../parse/yamlFile';
import { summarize } from '../summary/summarize';
import { detectStyle, type YamlStyle } from './render';

export interface SourceFile {
  uri: string;
  text: string;
  docs: Document.Parsed[];
  resources: Resource[];
  /** The file's own findings (syntax, schema, single-resource checks) for this text. */
  findings: Finding[];
  style: YamlStyle;
}

export function readSource(uri: string, text: string, defaultNamespace: string): SourceFile {
  const docs = parseYamlFile(text, { maxFileSize: Number.MAX_SAFE_INTEGER }).docs;
  const summary = summarize(uri, text, { defaultNamespace, limits: { maxFileSize: Number.MAX_SAFE_INTEGER } });
  return { uri, text, docs, resources: summary.resources, findings: summary.findings, style: detectStyle(text) };
}

/** The resource `Kind/namespace/name` of the file, with its document. */
export function findResource(file: SourceFile, key: string): { resource: Resource; doc: Document.Parsed } | undefined {
  const resource = file.resources.find((r) => resourceKey(r) === key);
  const doc = resource ? file.docs[resource.docIndex] : undefined;
  return resource && doc ? { resource, doc } : undefined;
}


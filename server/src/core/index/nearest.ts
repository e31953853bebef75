// Which of several definitions of one resource (same kind, namespace and
// name, in different files) a reader means: the cluster holds only one, and
// a repository that keeps versions of it side by side (a tutorial's steps,
// alternative demos) applies each with the files next to it.
import type { Resource } from '../model';
import { coexist } from '../kustomize/sampleUnits';

function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** The definition in the viewer's file, else in its directory, else one it may be applied with, else the first. */
export function nearest<T extends Resource>(definitions: readonly T[], viewer: Resource): T {
  const dir = dirOf(viewer.uri);
  return (
    definitions.find((d) => d.uri === viewer.uri) ??
    definitions.find((d) => dirOf(d.uri) === dir) ??
    definitions.find((d) => coexist(d, viewer)) ??
    definitions[0]
  );
}

// The protocol beyond LSP that istio-ls speaks: custom requests and the
// egress command's arguments and answer. The VS Code client imports these as
// types only; other clients follow the README ("Any LSP client").
import type { EgressField, EgressFieldError, EgressForm as CoreEgressForm, FormChoice } from '../core';

export type { EgressField, EgressFieldError, FormChoice };

type Position = { line: number; character: number };
export type LspLocation = { uri: string; range: { start: Position; end: Position } };

/** The answer to `istio/egressForm`: the core's form, with the notices' places as LSP locations. */
export type EgressForm = Omit<CoreEgressForm, 'notices'> & { notices: { message: string; stop?: boolean; location?: LspLocation }[] };

/** `workspace/executeCommand` with this command and one argument object writes an egress bundle. */
export type EgressCommand = 'istio.routeThroughEgress';

/** Request `istio/egressForm`: the form's defaults and choices for the cursor, and what is wrong with `arguments`. */
export type EgressFormMethod = 'istio/egressForm';
export interface EgressFormParams {
  textDocument?: { uri: string };
  position?: { line: number; character: number };
  /** The command's arguments so far. */
  arguments?: Record<string, unknown>;
}

/** Command `istio.showLocations` (a code lens): arguments [uri, position, locations]; editors without it may ignore the lens. */
export type ShowLocationsCommand = 'istio.showLocations';

/** The answer to the egress command. */
export interface EgressCommandResponse {
  applied: boolean;
  /** The file the bundle's new resources went to. */
  target?: string;
  uris?: string[];
  notes?: string[];
  error?: string;
  /** Arguments the client must still ask for. */
  missing?: EgressField[];
  /** What is wrong with the arguments given, per field. */
  errors?: EgressFieldError[];
  /** Nothing needed writing: the host is already routed through the egress gateway, by the VirtualService at `location`. */
  alreadyRouted?: { message: string; location?: LspLocation };
}

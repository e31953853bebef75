// Every quick fix, in the order its offers are listed for one finding.
// Adding a fix is one line here; its id, rules and payload live beside it.
import type { Finding } from '../../model';
import type { Fix } from './types';
import { addExportTo, addGateway, addPort, fixHostTypo, resolutionNone, moveIntoItem, quoteHost, renameField, setApiVersion, setEnumValue, unquoteNumber } from './textFixes';
import { addHostToGateway, createGateway, fixGatewayRef, removeGatewayRef, replaceGatewayRef } from './gatewayFixes';
import { addSubset, createDestinationRule, registerHost } from './registryFixes';
import { dropSpiffePrefix } from './securityFixes';
import { changeListenerRef } from './gatewayApiFixes';
import { admitRouteNamespace, fixListenerHostname } from './listenerFixes';
import { admitListenerSet } from './listenerSetFixes';
import { createReferenceGrant } from './referenceGrantFix';
import { replaceDeprecated } from './deprecatedFixes';
import { enrollInWaypoint } from './waypointFixes';

export const FIXES: readonly Fix[] = [
  quoteHost,
  renameField,
  moveIntoItem,
  setEnumValue,
  unquoteNumber,
  replaceDeprecated,
  setApiVersion,
  addExportTo,
  addGateway,
  addPort,
  // Changes to this file first; a fix that edits another team's file comes after them.
  replaceGatewayRef,
  removeGatewayRef,
  addHostToGateway,
  createGateway,
  fixGatewayRef,
  fixHostTypo,
  resolutionNone,
  registerHost,
  addSubset,
  createDestinationRule,
  dropSpiffePrefix,
  changeListenerRef,
  fixListenerHostname,
  admitRouteNamespace,
  admitListenerSet,
  createReferenceGrant,
  enrollInWaypoint,
] as Fix[];

/** Does `fix` answer this finding (its rule, and its payload kind when the fix names kinds)? */
export function answers(fix: Fix, f: Finding): boolean {
  if (!fix.rules.some((r) => r.code === f.code)) return false;
  if (!fix.dataKinds) return true;
  const kind = f.data?.kind;
  return typeof kind === 'string' && fix.dataKinds.includes(kind);
}

export function fixById(id: unknown): Fix | undefined {
  return FIXES.find((f) => f.id === id);
}

// Documents encrypted with SOPS (Mozilla's secrets tool, decrypted by Flux's
// kustomize-controller or Argo CD's KSOPS plugin before they are applied):
// their values are `ENC[AES256_GCM,…]` ciphertext and a `sops:` key holds the
// keys and the MAC. The cluster never sees that text, so its values are not
// checked; a Secret keeps its name and namespace (SOPS users encrypt `data`
// and leave `metadata` readable), which the credential checks need.
import { get, str } from '../parse/ast';
import type { Finding } from '../model';
import { Rules, ruleFinding } from '../catalog';

/** A document with SOPS's `sops:` block (its MAC and version): its values are ciphertext until decrypted. */
export function sopsEncrypted(root: unknown): boolean {
  const sops = get(root, 'sops');
  return sops !== undefined && (get(sops, 'mac') !== undefined || get(sops, 'version') !== undefined || get(sops, 'lastmodified') !== undefined);
}

/** Whether an encrypted document is still read: a Secret whose name is readable. */
export function readEncrypted(root: unknown): boolean {
  const name = str(get(root, 'metadata', 'name'));
  return str(get(root, 'kind')) === 'Secret' && !!name && !name.startsWith('ENC[');
}

/** The one note for a file's encrypted documents that were skipped. */
export function encryptedNote(skipped: number, total: number): Finding {
  const message =
    skipped === total
      ? 'File skipped: its values are encrypted with SOPS and are decrypted (by Flux, KSOPS or sops) before they are applied. Check the decrypted output instead.'
      : `${skipped} of ${total} documents skipped: their values are encrypted with SOPS and are decrypted before they are applied. The other documents are checked.`;
  return ruleFinding(Rules.TemplateSkipped, { start: 0, end: 0 }, message, null);
}

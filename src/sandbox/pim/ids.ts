/**
 * Identifier and duration formats PIM uses: instance and role-assignment ids built from the role
 * and principal GUIDs (as Entra does, so the same pair always gives the same id), and ISO 8601
 * durations such as PT8H.
 */

/** A GUID's 16 bytes in .NET order (the first three groups little-endian). */
function guidBytes(guid: string): Buffer {
  const hex = guid.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return Buffer.from(guid, 'utf8');
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8)]);
}

/** Id of a role assignment (and of its schedule instance): `lAPpYvVp...-1`. */
export function assignmentId(roleDefinitionId: string, principalId: string): string {
  return `${Buffer.concat([guidBytes(roleDefinitionId), guidBytes(principalId)]).toString('base64url')}-1`;
}

/** Id of an eligibility schedule instance: the same form, ending in `-1-e`. */
export function eligibilityInstanceId(roleDefinitionId: string, principalId: string): string {
  return `${assignmentId(roleDefinitionId, principalId)}-e`;
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds), or NaN. */
export function durationMs(text: unknown): number {
  if (typeof text !== 'string') return Number.NaN;
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || /T$/i.test(text.trim())) return Number.NaN;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** An ISO 8601 duration for a number of milliseconds, in the PT..H..M form PIM writes. */
export function isoDuration(ms: number): string {
  const totalMinutes = Math.round(ms / 60000);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

/** Small OData helpers so no call site hand-builds quoting or path escaping. */

/** A string literal for `$filter`: single quotes doubled, as OData requires. */
export function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `a eq 'x' and b eq 'y'` from the defined pairs; undefined when none are. */
export function eqFilter(pairs: Record<string, string | undefined>): string | undefined {
  const parts = Object.entries(pairs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k} eq ${quote(v)}`);
  return parts.length ? parts.join(' and ') : undefined;
}

/** One path segment (an id), escaped. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}

/** DateTimeOffset literals are unquoted in `$filter`. */
export function isoInstant(value: Date | string): string {
  return typeof value === 'string' ? new Date(value).toISOString() : value.toISOString();
}

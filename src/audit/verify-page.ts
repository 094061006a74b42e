/**
 * Checks one page of entries (a JSON array as streamPages gives it) on its own: every entry's hash
 * and the links inside the page. The links between pages are checked by whoever orders the pages,
 * so pages can be hashed on other threads.
 */
import { ChainChecker, type ChainBreak } from './chain.js';
import { rowToEntry, type EntryRow } from './read.js';

export interface Link {
  seq: number;
  hash: string;
  prevHash: string;
  at: string;
}

export interface PageResult {
  checked: number;
  first: Link | null;
  last: Link | null;
  broken: ChainBreak | null;
}

export function checkPage(text: string): PageResult {
  const checker = new ChainChecker(null);
  let first: Link | null = null;
  let last: Link | null = null;
  for (const row of JSON.parse(text) as EntryRow[]) {
    const e = rowToEntry(row);
    const link = { seq: e.seq, hash: e.hash, prevHash: e.prevHash, at: e.at };
    first ??= link;
    if (!checker.add(e)) break;
    last = link;
  }
  return { checked: checker.checked, first, last, broken: checker.broken };
}

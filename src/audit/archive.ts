/**
 * Retention: months older than the cutoff leave the database as JSON Lines files. Each month is
 * checked against the chain while it is written, read back from disk and checked again, filed in
 * audit_archives (where the chain resumes), and only then detached and dropped. No row is ever
 * updated or deleted; the oldest month goes first so what stays is always one unbroken chain.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Database } from '../store/db.js';
import { ChainChecker } from './chain.js';
import { toJsonl } from './export.js';
import { streamEntries } from './read.js';
import { chainAnchor, verifyFile } from './verify.js';

export interface ArchivedMonth {
  partition: string;
  file: string;
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  sha256: string | null;
}

export interface ArchiveOptions {
  /** Months that end on or before this time are archived. */
  before: string;
  dir: string;
}

interface Partition {
  name: string;
  from: string;
  to: string;
}

/** The trail's monthly partitions, oldest first. */
export async function trailPartitions(db: Database): Promise<Partition[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'audit_trail'::regclass ORDER BY c.relname`,
  );
  return rows.flatMap(({ name }) => {
    const m = /^audit_trail_(\d{4})m(\d{2})$/.exec(name);
    if (!m) return [];
    const from = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
    const to = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
    return [{ name, from: from.toISOString(), to: to.toISOString() }];
  });
}

export async function archiveOldPartitions(db: Database, options: ArchiveOptions): Promise<ArchivedMonth[]> {
  const before = new Date(options.before).toISOString();
  const dir = resolve(options.dir);
  await mkdir(dir, { recursive: true });
  const done: ArchivedMonth[] = [];
  for (const part of await trailPartitions(db)) {
    if (part.to > before) break;
    done.push(await archiveMonth(db, part, dir));
  }
  return done;
}

async function archiveMonth(db: Database, part: Partition, dir: string): Promise<ArchivedMonth> {
  const anchor = await chainAnchor(db);
  const file = join(dir, `audit-trail-${part.from.slice(0, 7)}.jsonl`);
  const partial = `${file}.partial`;
  const checker = new ChainChecker(anchor);
  const digest = createHash('sha256');
  const out = createWriteStream(partial, { encoding: 'utf8' });
  try {
    for await (const entry of streamEntries(db, { since: part.from, until: part.to })) {
      if (!checker.add(entry)) break;
      const line = `${toJsonl(entry)}\n`;
      digest.update(line, 'utf8');
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  } finally {
    out.end();
    await finished(out);
  }
  if (checker.broken || checker.checked === 0) await rm(partial, { force: true });
  if (checker.broken) throw new Error(`audit: not archiving ${part.name}: the chain is broken at entry ${checker.broken.seq} (${checker.broken.detail})`);

  if (checker.checked === 0) {
    await dropPartition(db, part.name);
    return { partition: part.name, file: '', entries: 0, firstSeq: null, lastSeq: null, sha256: null };
  }
  await rename(partial, file);
  // Verified again from the disk: what stays behind is what was checked.
  const reread = await verifyFile(file, anchor);
  if (!reread.ok || reread.checked !== checker.checked || reread.lastHash !== checker.lastHash) {
    throw new Error(`audit: not archiving ${part.name}: ${file} does not read back as written (${reread.broken?.detail ?? 'entry count or last hash differ'})`);
  }
  const sha256 = digest.digest('hex');
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO audit_archives (partition, first_seq, last_seq, prev_hash, last_hash, entries, file, file_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [part.name, anchor.nextSeq, checker.lastSeq, anchor.prevHash, checker.lastHash, checker.checked, file, sha256],
    );
    await tx.query(`ALTER TABLE audit_trail DETACH PARTITION ${quoteIdent(part.name)}`);
    await tx.query(`DROP TABLE ${quoteIdent(part.name)}`);
  });
  return { partition: part.name, file, entries: checker.checked, firstSeq: anchor.nextSeq, lastSeq: checker.lastSeq, sha256 };
}

async function dropPartition(db: Database, name: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`ALTER TABLE audit_trail DETACH PARTITION ${quoteIdent(name)}`);
    await tx.query(`DROP TABLE ${quoteIdent(name)}`);
  });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

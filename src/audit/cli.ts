/**
 * `pim-copilot audit verify|export|show|archive`: the trail, for auditors and SIEMs. Exit codes:
 * 0 done, 1 the chain is broken (or the work failed), 2 wrong usage.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { archiveOldPartitions } from './archive.js';
import { toCef, toJsonl } from './export.js';
import { narrate } from './narrative.js';
import { openForCli } from './open.js';
import { streamEntries } from './read.js';
import { renderTimeline, storyOf } from './story.js';
import { verifyDatabase, verifyFile, type VerifyResult } from './verify.js';

const USAGE = `usage: pim-copilot audit <command>

  verify [--file FILE] [--json]
      walks the hash chain in the database (or an export or archive file) and reports the first
      broken link; exits 1 when there is one
  export --since ISO [--until ISO] [--format jsonl|cef] [--out FILE]
      writes the entries since a time, for a SIEM (default JSON Lines, to stdout)
  show REQUEST_ID [--json]
      the whole story of one request (PIM events, AI output, cards, decision, activity) and its
      audit narrative
  archive [--before ISO] [--dir DIR]
      moves whole months older than AUDIT_RETENTION_DAYS (or --before) to JSON Lines files,
      verified on the way out (default folder: AUDIT_ARCHIVE_DIR)

With the embedded database (no DATABASE_URL), run these while the bot is stopped: one process
at a time may open DATA_DIR.
`;

type Values = Record<string, string | boolean | undefined>;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub ? process.stdout : process.stderr).write(USAGE);
    return sub ? 0 : 2;
  }
  const options = {
    file: { type: 'string' },
    json: { type: 'boolean', default: false },
    since: { type: 'string' },
    until: { type: 'string' },
    format: { type: 'string', default: 'jsonl' },
    out: { type: 'string' },
    before: { type: 'string' },
    dir: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  } as const;
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options, strict: true, allowPositionals: true }));
  } catch (err) {
    process.stderr.write(`audit ${sub}: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  for (const flag of ['since', 'until', 'before'] as const) {
    const v = values[flag];
    if (typeof v === 'string' && !Number.isFinite(Date.parse(v))) {
      process.stderr.write(`audit ${sub}: --${flag} is not an ISO date: ${v}\n`);
      return 2;
    }
  }
  switch (sub) {
    case 'verify':
      return verify(values);
    case 'export':
      return exportEntries(values);
    case 'show':
      return show(positionals[0], values);
    case 'archive':
      return archive(values);
    default:
      process.stderr.write(`audit: unknown command '${sub}'\n\n${USAGE}`);
      return 2;
  }
}

async function verify(values: Values): Promise<number> {
  let result: VerifyResult;
  if (typeof values.file === 'string') {
    result = await verifyFile(values.file);
  } else {
    const opened = await openForCli('audit verify');
    if (!opened) return 1;
    const onProgress = progress();
    try {
      result = await verifyDatabase(opened.db, { onProgress });
      if (onProgress.shown && process.stderr.isTTY) process.stderr.write('\n');
    } finally {
      await opened.db.close();
    }
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (result.ok) {
    const from = result.anchor.nextSeq > 1 ? ` (from entry ${result.anchor.nextSeq}, linked to ${result.anchor.prevHash.slice(0, 12)}…)` : '';
    const inputs = result.inputsChecked ? `, ${result.inputsChecked} stored model input${result.inputsChecked === 1 ? '' : 's'}` : '';
    process.stdout.write(`audit trail intact: ${result.checked} entries${from}${inputs}, last hash ${result.lastHash}, in ${result.seconds.toFixed(1)} s\n`);
  } else {
    const b = result.broken!;
    process.stdout.write(`audit trail BROKEN at entry ${b.seq} (${b.reason}): ${b.detail}\n${result.checked} entries before it verified.\n`);
  }
  return result.ok ? 0 : 1;
}

/** Progress on stderr for long trails: at most once a second, from 50,000 entries up. */
function progress(): ((checked: number, total: number) => void) & { shown: boolean } {
  const started = performance.now();
  let last = 0;
  const report = (checked: number, total: number) => {
    const now = performance.now();
    if (total < 50_000 || now - last < 1000) return;
    last = now;
    report.shown = true;
    const rate = Math.round(checked / ((now - started) / 1000));
    const line = `verified ${checked.toLocaleString('en')} of ${total.toLocaleString('en')} entries (${Math.floor((checked / total) * 100)}%), ${rate.toLocaleString('en')}/s`;
    process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
  };
  report.shown = false;
  return report;
}

async function exportEntries(values: Values): Promise<number> {
  const format = values.format;
  if (format !== 'jsonl' && format !== 'cef') {
    process.stderr.write(`audit export: --format must be jsonl or cef, not ${String(format)}\n`);
    return 2;
  }
  if (typeof values.since !== 'string') {
    process.stderr.write(`audit export: --since is required\n\n${USAGE}`);
    return 2;
  }
  const opened = await openForCli('audit export');
  if (!opened) return 1;
  const version = (JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const out: Writable = typeof values.out === 'string' ? createWriteStream(values.out, 'utf8') : process.stdout;
  let n = 0;
  try {
    const since = new Date(values.since).toISOString();
    const until = typeof values.until === 'string' ? new Date(values.until).toISOString() : undefined;
    for await (const entry of streamEntries(opened.db, { since, until })) {
      const line = `${format === 'cef' ? toCef(entry, version) : toJsonl(entry)}\n`;
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      n++;
    }
  } finally {
    await opened.db.close();
    if (out !== process.stdout) {
      out.end();
      await finished(out);
    }
  }
  process.stderr.write(`audit export: ${n} entries${typeof values.out === 'string' ? ` written to ${values.out}` : ''}\n`);
  return 0;
}

async function show(requestId: string | undefined, values: Values): Promise<number> {
  if (!requestId) {
    process.stderr.write(`audit show: which request? (audit show REQUEST_ID)\n`);
    return 2;
  }
  const opened = await openForCli('audit show');
  if (!opened) return 1;
  try {
    const story = await storyOf(opened.db, requestId);
    const narrative = narrate(story);
    if (values.json) process.stdout.write(`${JSON.stringify({ requestId, narrative, entries: story.entries }, null, 2)}\n`);
    else process.stdout.write(`${renderTimeline(story)}\n${wrap(narrative, 100)}\n`);
    return story.entries.length ? 0 : 1;
  } finally {
    await opened.db.close();
  }
}

async function archive(values: Values): Promise<number> {
  const opened = await openForCli('audit archive');
  if (!opened) return 1;
  const { db, config } = opened;
  try {
    let before = typeof values.before === 'string' ? new Date(values.before).toISOString() : undefined;
    if (!before && config.audit.retentionDays) before = new Date(Date.now() - config.audit.retentionDays * 86_400_000).toISOString();
    if (!before) {
      process.stdout.write('audit archive: AUDIT_RETENTION_DAYS is not set and no --before given: the whole trail stays in the database\n');
      return 0;
    }
    const dir = typeof values.dir === 'string' ? values.dir : config.audit.archiveDir;
    const done = await archiveOldPartitions(db, { before, dir });
    if (done.length === 0) process.stdout.write(`audit archive: no month ends before ${before.slice(0, 10)}; nothing to archive\n`);
    for (const m of done) {
      process.stdout.write(
        m.entries
          ? `archived ${m.partition}: entries ${m.firstSeq}–${m.lastSeq} (${m.entries}) verified and written to ${m.file} (sha256 ${m.sha256})\n`
          : `dropped ${m.partition}: it held no entries\n`,
      );
    }
    return 0;
  } finally {
    await db.close();
  }
}

function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * The local planner on phrasings of our own (fixtures/phrasings-*.json), spoken in three tenants:
 * the shared evaluation tenant, the sandbox demo tenant and one the generator makes from a seed,
 * so nothing may depend on one tenant's names. Misses are printed per intent and per slot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTenant, type GenerateOptions } from '../../src/sandbox/generate/index.js';
import { loadSnapshot, type TenantSnapshot } from '../../src/tenant/snapshot.js';
import { contextFor, parseUtterance, recommendRoles, type ParseResult } from '../../src/planner/index.js';
import { ROLE_CATALOG } from '../../src/roles/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const SLOTS = ['role', 'duration', 'ticket', 'subject', 'justification'] as const;
type Slot = (typeof SLOTS)[number];

interface PhrasingCase extends Partial<Record<Slot, string | null>> {
  as: string;
  text: string;
  intent: string;
}

interface PhrasingFile {
  tenant?: string;
  generate?: Omit<GenerateOptions, 'out' | 'end'> & { end: string };
  /** Adds every built-in role the catalog knows that the tenant lacks, so near rivals are present. */
  addCatalogRoles?: boolean;
  now: string;
  cases: PhrasingCase[];
}

// Justifications are compared on their words, not on punctuation or case.
const norm = (v: string | null | undefined): string | null =>
  typeof v === 'string' ? v.toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim() : (v ?? null);

// The shared tenant is large; several phrasings files read it.
const files = new Map<string, Promise<TenantSnapshot>>();

async function tenantOf(file: PhrasingFile, dir: string): Promise<TenantSnapshot | null> {
  let snapshot: TenantSnapshot | null = null;
  if (file.generate) {
    const out = join(dir, `${file.generate.seed}.json`);
    await generateTenant({ ...file.generate, end: new Date(file.generate.end), out });
    snapshot = await loadSnapshot(out);
  } else {
    const path = join(ROOT, file.tenant!);
    if (existsSync(path)) {
      if (!files.has(path)) files.set(path, loadSnapshot(path));
      snapshot = await files.get(path)!;
    }
  }
  // Each file gets its own copy, since added roles must not leak into another file's tenant.
  snapshot = snapshot && file.addCatalogRoles ? structuredClone(snapshot) : snapshot;
  if (snapshot && file.addCatalogRoles) {
    const defs = snapshot['roleManagement/directory/roleDefinitions'];
    const have = new Set(defs.map((r) => r.templateId));
    for (const r of ROLE_CATALOG) if (!have.has(r.templateId)) defs.push({ id: r.templateId, templateId: r.templateId, displayName: r.displayName, description: r.description, isBuiltIn: true });
  }
  return snapshot;
}

interface Loaded {
  name: string;
  file: PhrasingFile;
  snapshot: TenantSnapshot;
}

let loaded: Promise<{ sets: Loaded[]; skipped: string[] }> | undefined;

/** Every phrasings file with its tenant, loaded once for both tests. */
function phrasingSets(): Promise<{ sets: Loaded[]; skipped: string[] }> {
  loaded ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'phrasings-'));
    try {
      const sets: Loaded[] = [];
      const skipped: string[] = [];
      for (const name of readdirSync(FIXTURES).filter((f) => /^phrasings-.*\.json$/.test(f)).sort()) {
        const file = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as PhrasingFile;
        const snapshot = await tenantOf(file, dir);
        if (snapshot) sets.push({ name, file, snapshot });
        else skipped.push(`${name}: tenant ${file.tenant} is not here; skipped`);
      }
      return { sets, skipped };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return loaded;
}

const rate = (x: { n: number; ok: number }) => x.ok / Math.max(1, x.n);
const line = (label: string, x: { n: number; ok: number }) => `${label.padEnd(14)} ${x.ok}/${x.n} (${(rate(x) * 100).toFixed(1)}%)`;

test('the planner generalizes: >= 97% intents and >= 93% slots on phrasings of its own in several tenants', async (t) => {
  const intents = new Map<string, { n: number; ok: number }>();
  const slots = new Map<Slot, { n: number; ok: number }>();
  const misses: string[] = [];
  const { sets, skipped } = await phrasingSets();
  for (const s of skipped) t.diagnostic(s);

  for (const { name, file, snapshot } of sets) {
    const now = new Date(file.now);
    for (const c of file.cases) {
      const got: ParseResult = parseUtterance(c.text, contextFor(snapshot, c.as, now));
      const tally = intents.get(c.intent) ?? { n: 0, ok: 0 };
      tally.n++;
      if (got.intent === c.intent) tally.ok++;
      else misses.push(`${name} [${c.intent}] ${JSON.stringify(c.text)}: intent ${got.intent}`);
      intents.set(c.intent, tally);
      for (const slot of SLOTS) {
        if (!(slot in c)) continue;
        const s = slots.get(slot) ?? { n: 0, ok: 0 };
        s.n++;
        const want = slot === 'justification' ? norm(c[slot]) : c[slot];
        const have = slot === 'justification' ? norm(got[slot]) : got[slot];
        if (have === want) s.ok++;
        else misses.push(`${name} [${c.intent}] ${JSON.stringify(c.text)}: ${slot} ${JSON.stringify(got[slot])}, expected ${JSON.stringify(c[slot])}`);
        slots.set(slot, s);
      }
    }
  }

  const sum = (m: Map<unknown, { n: number; ok: number }>) => [...m.values()].reduce((a, b) => ({ n: a.n + b.n, ok: a.ok + b.ok }), { n: 0, ok: 0 });
  for (const [intent, x] of [...intents].sort()) t.diagnostic(line(intent, x));
  for (const [slot, x] of slots) t.diagnostic(line(`slot ${slot}`, x));
  for (const m of misses) t.diagnostic(`miss: ${m}`);

  const allIntents = sum(intents);
  const allSlots = sum(slots);
  t.diagnostic(line('intents', allIntents));
  t.diagnostic(line('slots', allSlots));
  assert.ok(sets.length >= 3, 'at least the demo and generated tenants are checked');
  assert.ok(allIntents.n >= 100, 'a set of real size');
  assert.ok(rate(allIntents) >= 0.97, `intents ${line('', allIntents)}:\n${misses.join('\n')}`);
  assert.ok(rate(allSlots) >= 0.93, `slots ${line('', allSlots)}:\n${misses.join('\n')}`);
});

test('recommend-role: the first role is a least-privileged fit for >= 90% of tasks, in every tenant', async (t) => {
  const spec = JSON.parse(readFileSync(join(FIXTURES, 'recommend-tasks.json'), 'utf8')) as { cases: Array<{ task: string; roles: string[] }> };
  const { sets } = await phrasingSets();
  // One check per tenant, not per phrasings file.
  const tenants = new Map<string, TenantSnapshot>();
  for (const { file, snapshot } of sets) tenants.set(file.tenant ?? `${file.generate!.seed}${file.addCatalogRoles ? '+catalog' : ''}`, snapshot);
  const tally = { n: 0, ok: 0 };
  const misses: string[] = [];
  for (const [tenant, snapshot] of tenants) {
    const defs = snapshot['roleManagement/directory/roleDefinitions'];
    const names = new Set(defs.map((r) => r.displayName));
    for (const c of spec.cases) {
      // A tenant without any of the fitting roles has another right answer; those cases are not counted there.
      if (!c.roles.some((r) => names.has(r))) continue;
      const ranked = recommendRoles(c.task, defs);
      tally.n++;
      if (ranked[0] && c.roles.includes(ranked[0].displayName)) tally.ok++;
      else misses.push(`${tenant}: ${JSON.stringify(c.task)} -> ${ranked.slice(0, 3).map((r) => r.displayName).join(' | ') || 'nothing'}`);
    }
  }
  for (const m of misses) t.diagnostic(`miss: ${m}`);
  t.diagnostic(line('first role', tally));
  assert.ok(spec.cases.length >= 30);
  assert.ok(rate(tally) >= 0.9, `first role ${line('', tally)}:\n${misses.join('\n')}`);
});

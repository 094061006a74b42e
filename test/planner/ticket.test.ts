import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTicket } from '../../src/planner/index.js';

const ticket = (text: string): string | null => readTicket(text)?.ticket ?? null;

test('ServiceNow numbers, however they are typed', () => {
  assert.equal(ticket('fix a transport rule, CHG0048213'), 'CHG0048213');
  assert.equal(ticket('meeting policy change INC0051177'), 'INC0051177');
  assert.equal(ticket('see inc0051177'), 'INC0051177');
  assert.equal(ticket('under ritm 0012345'), 'RITM0012345');
  assert.equal(ticket('REQ-0098765 new laptops'), 'REQ0098765');
  assert.equal(ticket('PRB0040001 root cause'), 'PRB0040001');
  assert.equal(ticket('sctask0012345'), 'SCTASK0012345');
});

test('Jira keys and numbered tickets', () => {
  assert.equal(ticket('per OPS-1421'), 'OPS-1421');
  assert.equal(ticket('jira ops-42'), 'OPS-42');
  assert.equal(ticket('ticket #48213'), '48213');
  assert.equal(ticket('case 123456'), '123456');
});

test('things that are not tickets', () => {
  assert.equal(ticket('activate exchange admin for 90 minutes'), null);
  assert.equal(ticket('COVID-19 rota'), null);
  assert.equal(ticket('upgrade to TLS-12 for SHA-256 certs'), null);
  assert.equal(ticket('the task 2024 migration'), null);
  assert.equal(ticket('Office 365 licences'), null);
});

test('the span covers the ticket words, not the reason before them', () => {
  const text = 'meeting policy change INC0051177';
  const read = readTicket(text)!;
  assert.equal(text.slice(read.start, read.end), 'INC0051177');
  const cued = 'reset MFA per ticket #48213';
  const r2 = readTicket(cued)!;
  assert.equal(cued.slice(0, r2.start).trim(), 'reset MFA');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoDuration, readDuration, toIanaZone } from '../../src/planner/index.js';
import { NOW } from './fixtures.js';

const iso = (text: string, zone = 'Europe/London', now = NOW): string | null => readDuration(text, now, zone)?.iso ?? null;

test('lengths in numbers and abbreviations', () => {
  assert.equal(iso('for 2 hours'), 'PT2H');
  assert.equal(iso('activate it for 90 minutes'), 'PT90M');
  assert.equal(iso('need it 2h'), 'PT2H');
  assert.equal(iso('for 3 hrs please'), 'PT3H');
  assert.equal(iso('45 mins'), 'PT45M');
  assert.equal(iso('for 1.5 hours'), 'PT90M');
  assert.equal(iso('1h30'), 'PT90M');
  assert.equal(iso('1 hour 30 minutes'), 'PT90M');
  assert.equal(iso('2 hours and 15 minutes'), 'PT135M');
  assert.equal(iso('for a day'), 'PT24H');
});

test('lengths in words', () => {
  assert.equal(iso('half an hour'), 'PT30M');
  assert.equal(iso('for a half hour'), 'PT30M');
  assert.equal(iso('an hour'), 'PT1H');
  assert.equal(iso('an hour and a half'), 'PT90M');
  assert.equal(iso('two and a half hours'), 'PT150M');
  assert.equal(iso('forty-five minutes'), 'PT45M');
  assert.equal(iso('twenty five mins'), 'PT25M');
  assert.equal(iso('ninety minutes'), 'PT90M');
  assert.equal(iso('a couple of hours'), 'PT2H');
  assert.equal(iso('a quarter of an hour'), 'PT15M');
  assert.equal(iso('three quarters of an hour'), 'PT45M');
  assert.equal(iso('another hour'), 'PT1H');
});

test('mistyped units still count', () => {
  assert.equal(iso('for 2 hors'), 'PT2H');
  assert.equal(iso('for 45 minuets'), 'PT45M');
  assert.equal(iso('for 30 mintues'), 'PT30M');
});

test('no duration where there is none', () => {
  assert.equal(iso('elevate me to Exchange Administrator'), null);
  assert.equal(iso("I'm done, deactivate it"), null);
  assert.equal(iso('back in a minute'), null);
  assert.equal(iso('it failed 5 minutes ago'), null);
  assert.equal(iso('for a bit'), null);
  assert.equal(iso('what did I request today'), null);
});

test("'until 5pm' is read in the speaker's own time zone", () => {
  // 10:20 UTC is 10:20 in London, 05:20 in New York and 19:20 in Tokyo.
  assert.equal(iso('until 5pm', 'Europe/London'), 'PT400M');
  assert.equal(iso('until 5pm', 'America/New_York'), 'PT700M');
  assert.equal(iso('until 5pm', 'Asia/Tokyo'), 'PT1300M', 'already past 5pm: tomorrow');
  assert.equal(iso('till 17:30', 'Europe/London'), 'PT430M');
  assert.equal(iso('until 1700', 'Europe/London'), 'PT400M');
  assert.equal(iso('until noon', 'Europe/London'), 'PT100M');
  assert.equal(iso('to 4:30 pm', 'Europe/London'), 'PT370M');
  assert.equal(iso('until tomorrow 9am', 'Europe/London'), 'PT1360M');
});

test("'until 5' without am/pm is the next five o'clock", () => {
  assert.equal(iso('until 5', 'Europe/London'), 'PT400M');
  assert.equal(iso('until 5', 'America/New_York'), 'PT700M', '05:20 there, so 5pm');
});

test('clock times across a daylight-saving change', () => {
  // 8 March 2026: New York moves to EDT at 02:00; 01:00 EST is 06:00 UTC, 5pm EDT is 21:00 UTC.
  assert.equal(iso('until 5pm', 'America/New_York', new Date('2026-03-08T06:00:00Z')), 'PT15H');
});

test('the rest of the day ends with the working day, or at midnight after it', () => {
  assert.equal(iso('for the rest of the day', 'Europe/London'), 'PT400M');
  assert.equal(iso('until end of day', 'Europe/London'), 'PT400M');
  assert.equal(iso('till EOD', 'Europe/London'), 'PT400M');
  assert.equal(iso('for the rest of the day', 'Europe/London', new Date('2026-11-18T18:00:00Z')), 'PT6H');
  assert.equal(iso('until midnight', 'Europe/London'), 'PT820M');
});

test('ISO durations: whole hours in hours, the rest in minutes', () => {
  assert.equal(isoDuration(120), 'PT2H');
  assert.equal(isoDuration(90), 'PT90M');
  assert.equal(isoDuration(30), 'PT30M');
  assert.equal(isoDuration(0.4), 'PT1M');
});

test('Windows zone names from Exchange map to IANA zones', () => {
  assert.equal(toIanaZone('GMT Standard Time'), 'Europe/London');
  assert.equal(toIanaZone('Pacific Standard Time'), 'America/Los_Angeles');
  assert.equal(toIanaZone('Tokyo Standard Time'), 'Asia/Tokyo');
  assert.equal(toIanaZone('Europe/Paris'), 'Europe/Paris');
  assert.equal(toIanaZone('Not A Zone'), undefined);
  assert.equal(toIanaZone(undefined), undefined);
});

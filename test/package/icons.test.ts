import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { BRAND, colorIcon, outlineIcon } from '../../scripts/icons.js';
import { path, readJson, type TeamsManifest } from './project.js';

const manifest = readJson<TeamsManifest>('appPackage', 'manifest.json');
const read = (file: string) => PNG.sync.read(readFileSync(path('appPackage', file)));
const alphaAt = (png: PNG, x: number, y: number) => png.data[(y * png.width + x) * 4 + 3]!;

describe('app icons', () => {
  it('color icon is a 192×192 PNG, opaque to the edges (full-bleed)', () => {
    const png = read(manifest.icons.color);
    assert.equal(png.width, 192);
    assert.equal(png.height, 192);
    for (let i = 3; i < png.data.length; i += 4) assert.equal(png.data[i], 255, 'every pixel is opaque');
    const corner = [...png.data.subarray(0, 3)];
    assert.deepEqual(corner, [BRAND.r, BRAND.g, BRAND.b], 'the background is the accent colour');
  });

  it('outline icon is a 32×32 PNG, white on transparent', () => {
    const png = read(manifest.icons.outline);
    assert.equal(png.width, 32);
    assert.equal(png.height, 32);
    let opaque = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      if (png.data[i + 3]! === 0) continue;
      opaque++;
      assert.deepEqual([png.data[i], png.data[i + 1], png.data[i + 2]], [255, 255, 255], 'only white is drawn');
    }
    assert.ok(opaque > 100 && opaque < 32 * 32 * 0.6, `a mark, not a filled square (${opaque} pixels drawn)`);
    for (const [x, y] of [[0, 0], [31, 0], [0, 31], [31, 31]] as const) assert.equal(alphaAt(png, x, y), 0, 'corners are transparent');
  });

  it('the committed icons are what scripts/icons.ts draws', () => {
    assert.deepEqual(PNG.sync.read(colorIcon()).data, read(manifest.icons.color).data);
    assert.deepEqual(PNG.sync.read(outlineIcon()).data, read(manifest.icons.outline).data);
  });
});

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { chromiumAvailable, CHROMIUM, galleryCards, renderGallery } from './gallery.js';

const skip = chromiumAvailable() ? false : `headless Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); card rendering not checked`;

describe('cards render in headless Chromium', { skip }, () => {
  it('renders every card of the gallery to a non-blank PNG', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pim-cards-'));
    try {
      const files = await renderGallery(dir);
      assert.equal(files.length, galleryCards().length);
      for (const file of files) {
        const png = PNG.sync.read(await readFile(file));
        assert.ok(png.width >= 400 && png.height >= 200, `${file} is ${png.width}x${png.height}`);
        const colours = new Set<number>();
        for (let i = 0; i < png.data.length && colours.size < 50; i += 4 * 97) colours.add(png.data.readUInt32BE(i));
        assert.ok(colours.size >= 5, `${file} looks blank`);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

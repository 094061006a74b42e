import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { copyAssets } from '../../scripts/copy-assets.js';

const scratch = mkdtempSync(join(tmpdir(), 'pim-assets-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('scripts/copy-assets.ts', () => {
  it('copies every non-TypeScript file under src/ to the same place under dist/', () => {
    const src = join(scratch, 'src');
    mkdirSync(join(src, 'store', 'migrations'), { recursive: true });
    writeFileSync(join(src, 'index.ts'), 'export {};');
    writeFileSync(join(src, 'store', 'migrations', '001_init.sql'), 'SELECT 1;');
    writeFileSync(join(src, 'tenant.json'), '{}');
    const copied = copyAssets(src, join(scratch, 'dist'));
    assert.deepEqual(copied, [join('store', 'migrations', '001_init.sql'), 'tenant.json']);
    assert.equal(readFileSync(join(scratch, 'dist', 'store', 'migrations', '001_init.sql'), 'utf8'), 'SELECT 1;');
    assert.ok(!existsSync(join(scratch, 'dist', 'index.ts')));
  });
});

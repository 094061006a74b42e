/**
 * Renders cards in headless Chromium with the Adaptive Cards JavaScript renderer and a Teams-like
 * host config, one PNG per card. `node --import tsx test/cards/gallery.ts [DIR]` rewrites the
 * gallery (default docs/cards/); the render test calls the same function into a temporary folder.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { approvalCard, requesterStatusCard, type CardJson } from '../../src/cards/index.js';
import { REQUESTER, STATES } from './samples.js';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Every card of the gallery, by file name. */
export function galleryCards(): Array<{ name: string; card: CardJson }> {
  return [
    ...STATES.map((s) => ({ name: s.name, card: approvalCard(s.view, s.options) })),
    ...REQUESTER.map((r) => ({ name: r.name, card: requesterStatusCard(r.view, r.outcome) })),
  ];
}

const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'DejaVu Sans', 'Liberation Sans', system-ui, sans-serif",
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 28, padding: 16 },
  fontSizes: { small: 12, default: 14, medium: 17, large: 20, extraLarge: 26 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  actions: { actionsOrientation: 'horizontal', buttonSpacing: 8, maxActions: 5, spacing: 'default', showCard: { actionMode: 'inline' } },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: colours('#242424') },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: colours('#242424') },
    good: { backgroundColor: '#E7F2DA', foregroundColors: colours('#242424') },
    attention: { backgroundColor: '#FDE7E9', foregroundColors: colours('#242424') },
    warning: { backgroundColor: '#FFF4CE', foregroundColors: colours('#242424') },
    accent: { backgroundColor: '#E8EBFA', foregroundColors: colours('#242424') },
  },
};

function colours(text: string) {
  const c = (value: string) => ({ default: value, subtle: `#B3${value.slice(1)}` });
  return { default: c(text), dark: c('#000000'), light: c('#FFFFFF'), accent: c('#5B5FC7'), good: c('#237B4B'), warning: c('#8A6100'), attention: c('#C4314B') };
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #EBEBEB; font-family: 'Segoe UI', 'DejaVu Sans', sans-serif; }
#card { width: 460px; margin: 16px; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.2); overflow: hidden; }
.ac-pushButton { border: 1px solid #D1D1D1; background: #fff; border-radius: 4px; padding: 6px 12px; font-weight: 600; font-family: inherit; }
.ac-pushButton.style-positive { background: #5B5FC7; color: #fff; border-color: #5B5FC7; }
.ac-pushButton.style-destructive { color: #C4314B; }
.ac-input { font-family: inherit; border: 1px solid #D1D1D1; border-radius: 4px; padding: 6px; }
</style></head><body><div id="card"></div></body></html>`;

interface Browser {
  newPage(options?: object): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  setContent(html: string): Promise<void>;
  addScriptTag(options: { content: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  locator(selector: string): { screenshot(options: { path: string }): Promise<Buffer> };
}

/** Renders each card to `${dir}/${name}.png`; returns the files written. */
export async function renderGallery(dir: string, cards = galleryCards()): Promise<string[]> {
  const { chromium } = (await import('playwright-core')) as unknown as { chromium: { launch(o: object): Promise<Browser> } };
  const require = createRequire(import.meta.url);
  const renderer = await readFile(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
  await mkdir(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  const files: string[] = [];
  try {
    const page = await browser.newPage({ deviceScaleFactor: 2, viewport: { width: 520, height: 900 } });
    await page.setContent(PAGE);
    await page.addScriptTag({ content: renderer });
    for (const { name, card } of cards) {
      const problems = await page.evaluate(
        ({ card, hostConfig }) => {
          const AC = (globalThis as unknown as { AdaptiveCards: Record<string, any> }).AdaptiveCards; // eslint-disable-line @typescript-eslint/no-explicit-any
          // The renderer's own Markdown hook: bold and escapes, which is what the cards use.
          AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml: string; didProcess: boolean }) => {
            const html = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\*\*(.+?)\*\*/g, '<b>$1</b>').replace(/\\([\\`*_[\]~#>+-])/g, '$1');
            result.outputHtml = html;
            result.didProcess = true;
          };
          const adaptive = new AC.AdaptiveCard();
          adaptive.hostConfig = new AC.HostConfig(hostConfig);
          const ctx = new AC.SerializationContext();
          adaptive.parse(card, ctx);
          // Runs in the page: the DOM is there, though this file is compiled without its types.
          const doc = (globalThis as unknown as { document: { getElementById(id: string): { innerHTML: string; appendChild(node: unknown): void } } }).document;
          const host = doc.getElementById('card');
          host.innerHTML = '';
          const el: unknown = adaptive.render();
          if (el) host.appendChild(el);
          const out: string[] = [];
          for (let i = 0; i < ctx.eventCount; i++) out.push(String(ctx.getEventAt(i).message));
          if (!el) out.push('render() returned nothing');
          return out;
        },
        { card, hostConfig: HOST_CONFIG },
      );
      if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
      const file = join(dir, `${name}.png`);
      await page.locator('#card').screenshot({ path: file });
      files.push(file);
    }
  } finally {
    await browser.close();
  }
  return files;
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('../../docs/cards/', import.meta.url));
  renderGallery(dir).then(
    (files) => process.stdout.write(`${files.length} cards rendered into ${dir}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

/**
 * Draws the Teams app icons: a shield with a keyhole. `color.png` is 192×192 on a full-bleed
 * brand-blue square; `outline.png` is 32×32, white on transparent, as Teams requires.
 * Run `node --import tsx scripts/icons.ts` to redraw appPackage/color.png and outline.png.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

/** The manifest's accentColor, so the icon and its tile match. */
export const BRAND = { r: 0x0f, g: 0x6c, b: 0xbd };
const WHITE = { r: 255, g: 255, b: 255 };

type Shape = (x: number, y: number) => boolean;
interface Layer {
  color: { r: number; g: number; b: number };
  inside: Shape;
}

/**
 * The shield in its own box, x and y from 0 to 1: a flat top whose middle dips a little, straight
 * sides down to 45 %, then sides that curve in to a point at the bottom.
 */
function shield(box: { x: number; y: number; size: number }): Shape {
  return (px, py) => {
    const u = ((px - box.x) / box.size) * 2 - 1; // -1…1 across
    const v = (py - box.y) / box.size; // 0…1 down
    if (v > 1 || Math.abs(u) > 1) return false;
    if (v < 0.09 * (1 - u * u)) return false;
    if (v <= 0.45) return true;
    const t = (v - 0.45) / 0.55;
    return Math.abs(u) <= Math.pow(1 - Math.pow(t, 1.7), 0.85);
  };
}

/** A keyhole: a round head over a tapering slot. */
function keyhole(cx: number, top: number, size: number): Shape {
  const r = size * 0.26;
  const headY = top + r;
  return (px, py) => {
    const dx = px - cx;
    if (dx * dx + (py - headY) ** 2 <= r * r) return true;
    const v = (py - headY) / size; // 0 at the head's centre
    if (v < 0 || v > 0.78) return false;
    const half = size * (0.1 + 0.1 * (v / 0.78));
    return Math.abs(dx) <= half;
  };
}

/** Points of `shape` at least `d` inside its edge, so `inside && !inset` is a stroke of width d. */
function inset(shape: Shape, d: number): Shape {
  const dirs = Array.from({ length: 32 }, (_, i) => [Math.cos((i * Math.PI) / 16) * d, Math.sin((i * Math.PI) / 16) * d] as const);
  return (x, y) => shape(x, y) && dirs.every(([dx, dy]) => shape(x + dx, y + dy));
}

/** Rasterises layers (in pixel coordinates) with 4×4 supersampling for smooth edges. */
function render(size: number, background: Layer['color'] | null, layers: Layer[]): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = px + (sx + 0.5) / n;
          const y = py + (sy + 0.5) / n;
          let c = background;
          for (const layer of layers) if (layer.inside(x, y)) c = layer.color;
          if (c) {
            r += c.r;
            g += c.g;
            b += c.b;
            a += 1;
          }
        }
      }
      const i = (py * size + px) * 4;
      // Colour is averaged over covered samples only, so edges fade in alpha, not towards black.
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

/** 192×192: a white shield with a brand-blue keyhole on a full-bleed brand-blue square. */
export function colorIcon(): Buffer {
  const size = 192;
  const s = 120;
  const box = { x: (size - s) / 2, y: 34, size: s };
  return render(size, BRAND, [
    { color: WHITE, inside: shield(box) },
    { color: BRAND, inside: keyhole(size / 2, box.y + s * 0.2, s * 0.42) },
  ]);
}

/** 32×32: a white shield outline with a white keyhole, on transparent. */
export function outlineIcon(): Buffer {
  const size = 32;
  const s = 26;
  const box = { x: (size - s) / 2, y: 3, size: s };
  const outer = shield(box);
  const inner = inset(outer, 2.2);
  const ring: Shape = (x, y) => outer(x, y) && !inner(x, y);
  return render(size, null, [
    { color: WHITE, inside: ring },
    { color: WHITE, inside: keyhole(size / 2, box.y + s * 0.24, s * 0.36) },
  ]);
}

export function writeIcons(dir: string): void {
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = fileURLToPath(new URL('../appPackage/', import.meta.url));
  writeIcons(dir);
  process.stdout.write(`icons written to ${dir}\n`);
}

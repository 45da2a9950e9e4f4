import fs from 'node:fs';
import sharp from 'sharp';

/** Width a page is reduced to: text blurs to grey, solid bars stay dark. */
const WIDTH = 240;
/** Luminance at or under which a reduced pixel is "solid dark". */
const DARK = 70;
/** A run of dark pixels this long (share of the width) is a bar, not a word. */
const MIN_RUN = 0.05;

const cache = new Map<string, { mtimeMs: number; bars: number }>();

/**
 * Counts dark horizontal bars on a page image: rows of the reduced image holding a run of
 * solid dark pixels at least 5% of the page wide. Text, even bold, averages to grey at this
 * size; filled redaction boxes do not. Cached by file and modification time.
 */
export async function darkBarRows(file: string): Promise<number> {
  const st = fs.statSync(file);
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.bars;
  const { data, info } = await sharp(file, { limitInputPixels: 20_000 * 20_000 })
    .greyscale()
    .resize({ width: WIDTH })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const minRun = Math.max(3, Math.round(info.width * MIN_RUN));
  let bars = 0;
  for (let y = 0; y < info.height; y++) {
    let run = 0;
    for (let x = 0; x < info.width; x++) {
      run = (data[y * info.width + x] ?? 255) <= DARK ? run + 1 : 0;
      if (run >= minRun) {
        bars++;
        break;
      }
    }
  }
  cache.set(file, { mtimeMs: st.mtimeMs, bars });
  return bars;
}

/** The page looks redacted: at least two rows of the reduced image cross a dark bar. */
export async function looksRedacted(file: string): Promise<boolean> {
  return (await darkBarRows(file)) >= 2;
}

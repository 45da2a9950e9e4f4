import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { NewAnnotation } from '../documents/commit';
import {
  checkBox,
  checkBoxCount,
  classOf,
  labelOf,
  MAX_IMAGES,
  resolveImage,
  styleOf,
  type AnnotatedImage,
} from './annotated-image';
import { invalidData, readJsonLines } from './safe-json';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const DATA_URI = /^data:image\/(png|jpe?g|webp|tiff?);base64,([A-Za-z0-9+/=\s]+)$/;

/** Writes an embedded (base64) image to `tmpDir` and returns its path. */
function writeDataUri(file: string, where: string, uri: string, tmpDir: string): string {
  const m = DATA_URI.exec(uri);
  if (!m) throw invalidData(file, `${where} has an embedded image that is not a base64 PNG, JPEG, WebP or TIFF.`);
  const bytes = Buffer.from(m[2]!, 'base64');
  fs.mkdirSync(tmpDir, { recursive: true });
  const out = path.join(tmpDir, `${crypto.createHash('sha256').update(bytes).digest('hex')}.${m[1]}`);
  fs.writeFileSync(out, bytes);
  return out;
}

function spanBoxes(file: string, where: string, spans: unknown, w: number | null, h: number | null): NewAnnotation[] {
  if (spans === undefined) return [];
  if (!Array.isArray(spans)) throw invalidData(file, `${where}: "spans" is not a list.`);
  return spans.map((s, i) => {
    const sw = `${where}, span ${i + 1}`;
    if (!isObj(s)) throw invalidData(file, `${sw} is not an object.`);
    const cls = classOf(s.label);
    if (!cls)
      throw invalidData(
        file,
        `${sw} has the label "${String(s.label).slice(0, 60)}", not redaction, content or exemption_label.`,
      );
    const [x, y, bw, bh] = [s.x, s.y, s.width, s.height] as number[];
    const box = checkBox(file, sw, [x!, y!, x! + bw!, y! + bh!], w, h);
    return { class: cls, box, style: styleOf(s.style), label: labelOf(s.text ?? s.exemption) };
  });
}

/**
 * Reads Prodigy image tasks (JSONL): `image` is a file path (relative to `imagesDir`, default the
 * file's folder) or a base64 data URI, `spans` hold `label`, `x`, `y`, `width`, `height`. Lines
 * answered "reject" or "ignore" are skipped. The document name is `meta.file`, else the path.
 */
export function parseProdigy(file: string, tmpDir: string, imagesDir?: string): AnnotatedImage[] {
  const lines = readJsonLines(file);
  if (lines.length > MAX_IMAGES)
    throw invalidData(file, `it has ${lines.length} lines; at most ${MAX_IMAGES} images can be imported at once.`);
  const dir = imagesDir ?? path.dirname(path.resolve(file));
  const out: AnnotatedImage[] = [];
  const names = new Set<string>();
  lines.forEach((task, i) => {
    const where = `line ${i + 1}`;
    if (!isObj(task)) throw invalidData(file, `${where} is not an object.`);
    if (task.answer === 'reject' || task.answer === 'ignore') return;
    if (typeof task.image !== 'string' || !task.image) throw invalidData(file, `${where} has no "image".`);
    if (/^[a-z]+:\/\//i.test(task.image))
      throw invalidData(
        file,
        `${where} points to an image on the web; Redaction Lab works offline. Download the images first.`,
      );
    const w = task.width === undefined ? null : Number(task.width);
    const h = task.height === undefined ? null : Number(task.height);
    if ((w !== null && !(Number.isInteger(w) && w > 0)) || (h !== null && !(Number.isInteger(h) && h > 0))) {
      throw invalidData(file, `${where} has an invalid width or height.`);
    }
    const isData = task.image.startsWith('data:');
    const image = isData ? writeDataUri(file, where, task.image, tmpDir) : resolveImage(file, dir, task.image);
    const meta = isObj(task.meta) ? task.meta : {};
    let name =
      typeof meta.file === 'string' && meta.file
        ? meta.file
        : isData
          ? `prodigy-${i + 1}${path.extname(image)}`
          : task.image;
    if (names.has(name)) name = `${name.replace(/\.[^./]+$/, '')}-${i + 1}${path.extname(name)}`;
    names.add(name);
    const boxes = spanBoxes(file, where, task.spans, w, h);
    checkBoxCount(file, name, boxes.length);
    out.push({ name, file: image, width: w, height: h, boxes });
  });
  return out;
}

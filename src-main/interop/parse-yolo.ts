import fs from 'node:fs';
import path from 'node:path';
import { CLASSES, type BoxClass } from '../shared/boxes';
import { checkBoxCount, classOf, MAX_IMAGES, type AnnotatedImage } from './annotated-image';
import { invalidData, readTextFile } from './safe-json';

const IMAGE_RE = /\.(png|jpe?g|tiff?|webp)$/i;

/** Class names of a YOLO folder: data.yaml `names`, classes.txt or obj.names; else ours in order. */
export function yoloClassNames(dir: string): string[] {
  const yaml = ['data.yaml', 'dataset.yaml'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (yaml) {
    const names = namesFromYaml(readTextFile(yaml, 1024 * 1024));
    if (names) return names;
  }
  const list = ['classes.txt', 'obj.names'].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
  if (list)
    return readTextFile(list, 1024 * 1024)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter(Boolean);
  return [...CLASSES];
}

/** The `names` of a YOLO data.yaml: `[a, b]`, a `- a` block list, or a `0: a` block map. */
export function namesFromYaml(text: string): string[] | null {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => /^names\s*:/.test(l));
  if (at < 0) return null;
  const unquote = (s: string): string => s.trim().replace(/^['"]|['"]$/g, '');
  const inline = lines[at]!.replace(/^names\s*:/, '').trim();
  if (inline.startsWith('['))
    return inline
      .replace(/^\[|\]$/g, '')
      .split(',')
      .map(unquote)
      .filter(Boolean);
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!/^\s+\S/.test(l)) break;
    const m = /^\s+(?:-\s*(.+)|(\d+)\s*:\s*(.+))$/.exec(l);
    if (!m) break;
    if (m[1] !== undefined) out.push(unquote(m[1]));
    else out[Number(m[2])] = unquote(m[3]!);
  }
  return out.length ? out : null;
}

function walkImages(dir: string, rel = '', out: string[] = [], depth = 0): string[] {
  if (depth > 16) return out;
  for (const e of fs
    .readdirSync(path.join(dir, rel), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walkImages(dir, r, out, depth + 1);
    else if (IMAGE_RE.test(e.name)) out.push(r);
  }
  return out;
}

function parseLabelFile(labelFile: string, classes: (BoxClass | null)[], names: string[]): AnnotatedImage['boxes'] {
  const boxes: AnnotatedImage['boxes'] = [];
  readTextFile(labelFile, 50 * 1024 * 1024)
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (!line.trim()) return;
      const where = `${path.basename(labelFile)} line ${i + 1}`;
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 5) throw invalidData(labelFile, `${where} does not have "class cx cy w h" (5 numbers).`);
      const [c, cx, cy, w, h] = parts.map(Number) as [number, number, number, number, number];
      if (!Number.isInteger(c) || c < 0 || c >= classes.length)
        throw invalidData(labelFile, `${where} uses class ${parts[0]}, which is not listed.`);
      const cls = classes[c];
      if (!cls)
        throw invalidData(
          labelFile,
          `${where} uses class "${names[c]}", which is not one of redaction, content, exemption_label.`,
        );
      if (![cx, cy, w, h].every(Number.isFinite))
        throw invalidData(labelFile, `${where} has a value that is not a number.`);
      if (!(w > 0 && h > 0)) throw invalidData(labelFile, `${where} has a zero or negative width or height.`);
      const box: [number, number, number, number] = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
      const e = 1e-6;
      if (box[0] < -e || box[1] < -e || box[2] > 1 + e || box[3] > 1 + e)
        throw invalidData(labelFile, `${where} lies outside its image.`);
      boxes.push({ class: cls, box });
    });
  return boxes;
}

/**
 * Reads a YOLO folder: images under `images/` (or `imagesDir`), labels under `labels/` with the same
 * relative path and a `.txt` extension (a missing label file is a page without boxes), normalised
 * boxes scaled once the image size is known.
 */
export function parseYolo(dir: string, imagesDir?: string): AnnotatedImage[] {
  const root = path.resolve(dir);
  const imgDir = imagesDir
    ? path.resolve(imagesDir)
    : fs.existsSync(path.join(root, 'images'))
      ? path.join(root, 'images')
      : root;
  const labelDir = fs.existsSync(path.join(root, 'labels')) ? path.join(root, 'labels') : imgDir;
  if (!fs.existsSync(imgDir)) throw invalidData(root, 'it has no images folder.');
  const names = yoloClassNames(root);
  const classes = names.map(classOf);
  const rels = walkImages(imgDir);
  if (rels.length > MAX_IMAGES)
    throw invalidData(root, `it holds ${rels.length} images; at most ${MAX_IMAGES} can be imported at once.`);
  return rels.map((rel) => {
    const labelFile = path.join(labelDir, rel.replace(/\.[^./]+$/, '.txt'));
    const boxes = fs.existsSync(labelFile) ? parseLabelFile(labelFile, classes, names) : [];
    checkBoxCount(root, rel, boxes.length);
    return { name: rel, file: path.join(imgDir, rel), width: null, height: null, boxes, normalized: true };
  });
}

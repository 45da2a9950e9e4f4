import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { writeFileAtomicSync } from '../app/atomic-file';
import type { DataPaths } from '../app/paths';
import type { DatasetPage } from '../datasets/dataset-pages';
import type { ExportFormat } from '../shared/contract/datasets';
import { buildCoco } from './coco';
import { assignFileNames } from './file-names';
import { prodigyTask, vocXml, yoloDataYaml, yoloLabels } from './write-formats';

export interface ExportOptions {
  format: ExportFormat;
  /** COCO/Prodigy: a `.json`/`.jsonl` file or a folder; YOLO/VOC: a folder. */
  out: string;
  includeImages?: boolean;
  description?: string;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

export interface ExportSummary {
  /** The annotation file (COCO, Prodigy) or the folder written. */
  path: string;
  images: number;
  annotations: number;
  imagesDir: string | null;
}

function writeAtomic(file: string, text: string): void {
  writeFileAtomicSync(file, text, { mkdir: true });
}

/**
 * The image to write for a page: the kept original when it is exactly the stored page (a one-page
 * image with the same extension and pixel size, no EXIF rotation), else the cached PNG (converted
 * when the name asks for another format).
 */
async function copyImage(paths: DataPaths, p: DatasetPage, dest: string): Promise<void> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const cached = path.join(paths.root, p.imagePath);
  const ext = path.extname(dest).toLowerCase();
  const original = path.join(paths.originals, `${p.documentSha256}${ext === '.jpeg' ? '.jpg' : ext}`);
  if (p.documentKind === 'image' && p.pageCount === 1 && fs.existsSync(original)) {
    const m = await sharp(original, { limitInputPixels: false }).metadata();
    if (m.width === p.width && m.height === p.height && (m.orientation ?? 1) === 1)
      return fs.promises.copyFile(original, dest);
  }
  if (ext === '.png') return fs.promises.copyFile(cached, dest);
  const img = sharp(cached);
  await (ext === '.webp' ? img.webp({ lossless: true }) : img.jpeg({ quality: 95 })).toFile(dest);
}

async function copyImages(
  paths: DataPaths,
  pages: readonly DatasetPage[],
  names: Map<number, string>,
  dir: string,
  opts: ExportOptions,
): Promise<void> {
  for (const [i, p] of pages.entries()) {
    opts.signal?.throwIfAborted();
    await copyImage(paths, p, path.join(dir, names.get(p.pageId)!));
    if (i % 10 === 0) opts.onProgress?.(i / pages.length, `Copying image ${i + 1} of ${pages.length}`);
  }
}

function fileOrDir(out: string, ext: string, defaultName: string): { file: string; dir: string } {
  if (out.toLowerCase().endsWith(ext)) return { file: path.resolve(out), dir: path.dirname(path.resolve(out)) };
  return { file: path.join(path.resolve(out), defaultName), dir: path.resolve(out) };
}

/** Writes pages as COCO, YOLO, Pascal VOC or Prodigy JSONL; pages without boxes are included everywhere. */
export async function exportPages(
  paths: DataPaths,
  pages: readonly DatasetPage[],
  opts: ExportOptions,
): Promise<ExportSummary> {
  const names = assignFileNames(pages);
  const annotations = pages.reduce((n, p) => n + p.boxes.length, 0);
  const summary = (p: string, imagesDir: string | null): ExportSummary => ({
    path: p,
    images: pages.length,
    annotations,
    imagesDir,
  });
  switch (opts.format) {
    case 'coco': {
      const { file, dir } = fileOrDir(opts.out, '.json', 'annotations.json');
      const imagesDir = opts.includeImages ? path.join(dir, 'images') : null;
      if (imagesDir) await copyImages(paths, pages, names, imagesDir, opts);
      writeAtomic(file, JSON.stringify(buildCoco(pages, names, opts.description ?? 'Redaction Lab export'), null, 1));
      return summary(file, imagesDir);
    }
    case 'prodigy': {
      const { file, dir } = fileOrDir(opts.out, '.jsonl', 'annotations.jsonl');
      const imagesDir = opts.includeImages === false ? null : path.join(dir, 'images');
      if (imagesDir) await copyImages(paths, pages, names, imagesDir, opts);
      const image = (name: string): string =>
        imagesDir ? path.relative(dir, path.join(imagesDir, name)).split(path.sep).join('/') : name;
      writeAtomic(
        file,
        pages.map((p) => `${prodigyTask(p, names.get(p.pageId)!, image(names.get(p.pageId)!))}\n`).join(''),
      );
      return summary(file, imagesDir);
    }
    case 'yolo': {
      const dir = path.resolve(opts.out);
      const imagesDir = opts.includeImages === false ? null : path.join(dir, 'images');
      if (imagesDir) await copyImages(paths, pages, names, imagesDir, opts);
      for (const p of pages)
        writeAtomic(path.join(dir, 'labels', names.get(p.pageId)!.replace(/\.[^./]+$/, '.txt')), yoloLabels(p));
      writeAtomic(path.join(dir, 'data.yaml'), yoloDataYaml());
      return summary(dir, imagesDir);
    }
    case 'voc': {
      const dir = path.resolve(opts.out);
      const imagesDir = opts.includeImages === false ? null : path.join(dir, 'JPEGImages');
      if (imagesDir) await copyImages(paths, pages, names, imagesDir, opts);
      const stems: string[] = [];
      for (const p of pages) {
        const name = names.get(p.pageId)!;
        const stem = name.replace(/\.[^./]+$/, '');
        stems.push(stem);
        writeAtomic(path.join(dir, 'Annotations', `${stem}.xml`), vocXml(p, name));
      }
      stems.sort();
      writeAtomic(path.join(dir, 'ImageSets', 'Main', 'default.txt'), stems.map((s) => `${s}\n`).join(''));
      return summary(dir, imagesDir);
    }
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/app/services';
import { counts, filesUnder, pagePng, useServices } from '../documents/make-files';

const services = useServices();

/** A folder with one 200×100 image `a.png` and a COCO file written from `patch`. */
async function cocoCase(dir: string, name: string, body: string): Promise<string> {
  const d = path.join(dir, name);
  fs.mkdirSync(path.join(d, 'images'), { recursive: true });
  fs.writeFileSync(path.join(d, 'images', 'a.png'), await pagePng(200, 100, 1));
  fs.writeFileSync(path.join(d, 'annotations.json'), body);
  return path.join(d, 'annotations.json');
}

function coco(annotations: string, extra = ''): string {
  return `{${extra}"images":[{"id":1,"file_name":"a.png","width":200,"height":100}],"categories":[{"id":1,"name":"redaction"}],"annotations":[${annotations}]}`;
}

async function expectRefused(
  s: Services,
  file: string,
  code: string,
  text: RegExp,
  format?: 'coco' | 'yolo' | 'voc' | 'prodigy',
): Promise<void> {
  const before = counts(s);
  const r = await s.documents.importFiles([file], format ? { format } : {});
  expect(r.documents).toEqual([]);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]).toMatchObject({ file, code });
  expect(r.errors[0]!.message).toMatch(text);
  expect(counts(s)).toEqual(before);
  expect(filesUnder(s.paths.pages)).toEqual([]);
}

describe('malformed annotation files change nothing', () => {
  it('refuses bad JSON, infinite, negative and out-of-page boxes, __proto__ keys and unknown classes with a typed error', async () => {
    const { s, dir } = services();
    const cases: [string, string, RegExp][] = [
      ['bad-json', '{"images": [', /not valid JSON/],
      ['infinite', coco('{"id":1,"image_id":1,"category_id":1,"bbox":[1e400,0,5,5]}'), /not a finite number/],
      ['negative', coco('{"id":1,"image_id":1,"category_id":1,"bbox":[10,10,-5,5]}'), /negative width or height/],
      ['outside', coco('{"id":1,"image_id":1,"category_id":1,"bbox":[190,10,50,5]}'), /outside its image/],
      ['proto', coco('', '"__proto__":{"polluted":true},'), /"__proto__", which is not allowed/],
      [
        'nested-proto',
        coco('{"id":1,"image_id":1,"category_id":1,"bbox":[1,1,5,5],"constructor":{"prototype":{}}}'),
        /not allowed/,
      ],
      ['category', coco('').replace('"redaction"', '"car"'), /"car" is not one of/],
      [
        'missing-image-ref',
        coco('{"id":1,"image_id":7,"category_id":1,"bbox":[1,1,5,5]}'),
        /image 7, which is not in the file/,
      ],
      ['wrong-size', coco('').replace('"width":200', '"width":201'), /200×100 pixels but the file says 201×100/],
    ];
    for (const [name, body, text] of cases)
      await expectRefused(s, await cocoCase(dir, name, body), 'INVALID_DATA', text, 'coco');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a huge annotation file before reading it', async () => {
    const { s, dir } = services();
    const file = await cocoCase(dir, 'huge', '');
    fs.truncateSync(file, 201 * 1024 * 1024); // sparse: costs no disk
    await expectRefused(s, file, 'FILE_TOO_LARGE', /201 MB/, 'coco');
  });

  it('refuses a missing image, a YOLO class out of range, a VOC file with a DOCTYPE and a Prodigy image on the web', async () => {
    const { s, dir } = services();
    const missing = await cocoCase(dir, 'missing', coco(''));
    fs.rmSync(path.join(dir, 'missing', 'images', 'a.png'));
    await expectRefused(s, missing, 'INVALID_DATA', /"a\.png" cannot be used/, 'coco');

    const yolo = path.join(dir, 'yolo');
    fs.mkdirSync(path.join(yolo, 'images'), { recursive: true });
    fs.mkdirSync(path.join(yolo, 'labels'), { recursive: true });
    fs.writeFileSync(path.join(yolo, 'images', 'a.png'), await pagePng(200, 100, 2));
    fs.writeFileSync(path.join(yolo, 'labels', 'a.txt'), '7 0.5 0.5 0.1 0.1\n');
    await expectRefused(s, yolo, 'INVALID_DATA', /class 7, which is not listed/, 'yolo');

    const voc = path.join(dir, 'voc');
    fs.mkdirSync(path.join(voc, 'Annotations'), { recursive: true });
    fs.writeFileSync(
      path.join(voc, 'Annotations', 'a.xml'),
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><annotation><filename>&e;</filename></annotation>',
    );
    await expectRefused(s, voc, 'INVALID_DATA', /document type declarations are not allowed/, 'voc');

    const jsonl = path.join(dir, 'tasks.jsonl');
    fs.writeFileSync(jsonl, '{"image":"https://example.com/a.png","spans":[]}\n');
    await expectRefused(s, jsonl, 'INVALID_DATA', /works offline/);
  });

  it('imports Prodigy spans with an embedded image and maps labels case-insensitively', async () => {
    const { s, dir } = services();
    const png = await pagePng(120, 80, 3);
    const jsonl = path.join(dir, 'tasks.jsonl');
    const task = {
      image: `data:image/png;base64,${png.toString('base64')}`,
      width: 120,
      height: 80,
      meta: { file: 'memo.png' },
      spans: [{ label: 'REDACTION', x: 10, y: 10, width: 40, height: 12, points: [] }],
    };
    fs.writeFileSync(jsonl, `${JSON.stringify(task)}\n${JSON.stringify({ ...task, answer: 'reject' })}\n`);
    const r = await s.documents.importFiles([jsonl]);
    expect(r.errors).toEqual([]);
    expect(r.documents.map((d) => d.name)).toEqual(['memo.png']);
    expect(s.db.prepare('SELECT class, x0, y0, x1, y1, source FROM annotations').all()).toEqual([
      { class: 'redaction', x0: 10, y0: 10, x1: 50, y1: 22, source: 'import' },
    ]);
  });
});

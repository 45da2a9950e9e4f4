import { CLASSES } from '../shared/boxes';
import type { DatasetPage } from '../datasets/dataset-pages';
import { r6 } from './coco';
import { escapeXml } from './xml';

/** One YOLO label file: `class cx cy w h` per box, normalised to the image, 6 decimals. */
export function yoloLabels(p: DatasetPage): string {
  const f = (v: number): string => v.toFixed(6);
  return p.boxes
    .map((b) => {
      const [x0, y0, x1, y1] = b.box;
      return [
        CLASSES.indexOf(b.class),
        f((x0 + x1) / 2 / p.width),
        f((y0 + y1) / 2 / p.height),
        f((x1 - x0) / p.width),
        f((y1 - y0) / p.height),
      ].join(' ');
    })
    .map((l) => `${l}\n`)
    .join('');
}

export function yoloDataYaml(): string {
  return [
    '# Redaction Lab export (YOLO)',
    'path: .',
    'train: images',
    'val: images',
    `nc: ${CLASSES.length}`,
    'names:',
    ...CLASSES.map((c, i) => `  ${i}: ${c}`),
    '',
  ].join('\n');
}

/** A Pascal VOC annotation: corners are 1-based pixel indices (xmin = x0 + 1, xmax = x1). */
export function vocXml(p: DatasetPage, fileName: string): string {
  const objects = p.boxes.map((b) => {
    const attrs = [...(b.style ? [['style', b.style]] : []), ...(b.label ? [['label', b.label]] : [])].map(
      ([k, v]) => `      <attribute><name>${k}</name><value>${escapeXml(v!)}</value></attribute>`,
    );
    return [
      '  <object>',
      `    <name>${b.class}</name>`,
      '    <pose>Unspecified</pose>',
      '    <truncated>0</truncated>',
      '    <difficult>0</difficult>',
      '    <bndbox>',
      `      <xmin>${r6(b.box[0] + 1)}</xmin>`,
      `      <ymin>${r6(b.box[1] + 1)}</ymin>`,
      `      <xmax>${r6(b.box[2])}</xmax>`,
      `      <ymax>${r6(b.box[3])}</ymax>`,
      '    </bndbox>',
      ...(attrs.length ? ['    <attributes>', ...attrs, '    </attributes>'] : []),
      '  </object>',
    ].join('\n');
  });
  return [
    '<annotation>',
    '  <folder>JPEGImages</folder>',
    `  <filename>${escapeXml(fileName)}</filename>`,
    '  <source><database>Redaction Lab</database></source>',
    `  <size><width>${p.width}</width><height>${p.height}</height><depth>3</depth></size>`,
    '  <segmented>0</segmented>',
    ...objects,
    '</annotation>',
    '',
  ].join('\n');
}

/** A Prodigy image task: `image` is the path relative to the JSONL file, `meta.file` the page's name, spans in pixels. */
export function prodigyTask(p: DatasetPage, fileName: string, imagePath: string): string {
  const spans = p.boxes.map((b) => {
    const [x0, y0, x1, y1] = b.box.map(r6) as [number, number, number, number];
    return {
      label: b.class,
      x: x0,
      y: y0,
      width: r6(x1 - x0),
      height: r6(y1 - y0),
      points: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
      ...(b.style ? { style: b.style } : {}),
      ...(b.label ? { text: b.label } : {}),
    };
  });
  return JSON.stringify({
    image: imagePath,
    width: p.width,
    height: p.height,
    meta: { file: fileName },
    spans,
    answer: 'accept',
  });
}

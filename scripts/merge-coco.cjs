#!/usr/bin/env node
// Merges several `redlab synth` folders (DIR/annotations.json + DIR/images) into one training
// set: images are hard-linked (copied across file systems) as "<k>-<file>", ids renumbered,
// categories matched by name. Used by scripts/train-default-model.sh to mix profiles.
// Usage: node scripts/merge-coco.cjs OUT_DIR DIR...
const fs = require('node:fs');
const path = require('node:path');

const [out, ...dirs] = process.argv.slice(2);
if (!out || dirs.length === 0) {
  console.error('usage: merge-coco.cjs OUT_DIR DIR...');
  process.exit(2);
}
fs.mkdirSync(path.join(out, 'images'), { recursive: true });
const merged = { images: [], annotations: [], categories: [] };
const catByName = new Map();
let imageId = 1;
let annId = 1;
dirs.forEach((dir, k) => {
  const coco = JSON.parse(fs.readFileSync(path.join(dir, 'annotations.json'), 'utf8'));
  const catMap = new Map();
  for (const c of coco.categories) {
    if (!catByName.has(c.name)) {
      const id = catByName.size + 1;
      catByName.set(c.name, id);
      merged.categories.push({ ...c, id });
    }
    catMap.set(c.id, catByName.get(c.name));
  }
  const idMap = new Map();
  for (const im of coco.images) {
    const name = `${k}-${path.basename(im.file_name)}`;
    const dest = path.join(out, 'images', name);
    if (!fs.existsSync(dest)) {
      const src = path.join(dir, 'images', im.file_name);
      try {
        fs.linkSync(src, dest);
      } catch {
        fs.copyFileSync(src, dest);
      }
    }
    idMap.set(im.id, imageId);
    merged.images.push({ ...im, id: imageId++, file_name: name });
  }
  for (const a of coco.annotations) {
    merged.annotations.push({
      ...a,
      id: annId++,
      image_id: idMap.get(a.image_id),
      category_id: catMap.get(a.category_id),
    });
  }
});
const file = path.join(out, 'annotations.json');
fs.writeFileSync(`${file}.tmp`, JSON.stringify(merged));
fs.renameSync(`${file}.tmp`, file);
console.log(
  `merged ${merged.images.length} pages, ${merged.annotations.length} boxes from ${dirs.length} folders into ${out}`,
);

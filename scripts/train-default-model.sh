#!/usr/bin/env bash
# Reproduces the shipped default model (resources/models/default) with the project's own CLI:
# synthetic pages from `redlab synth` (default profile mix), `redlab train`, then the exported
# model is copied in with its validation metrics (COCO, on a synthetic set of a different seed).
#
#   npm run train:default-model            # about 1-2 hours on a 2-core CPU
#   TRAIN_PAGES=400 EPOCHS=2 npm run train:default-model   # a quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${REDLAB_WORK:-${TMPDIR:-/tmp}/redlab-default-model}
TRAIN_PAGES=${TRAIN_PAGES:-2400}
VAL_PAGES=${VAL_PAGES:-200}
EPOCHS=${EPOCHS:-12}
IMAGE_SIZE=${IMAGE_SIZE:-512}
BATCH=${BATCH:-8}
LR=${LR:-0.003}
DEST=${DEST:-resources/models/default}
redlab() { node bin/redlab.cjs "$@"; }

[ -f out/main/cli.js ] || npm run build
mkdir -p "$WORK"
if [ ! -f "$WORK/train/annotations.json" ]; then
  redlab synth --count "$TRAIN_PAGES" --seed 1001 --out "$WORK/train"
fi
if [ ! -f "$WORK/val/annotations.json" ]; then
  redlab synth --count "$VAL_PAGES" --seed 2002 --out "$WORK/val"
fi
rm -rf "$WORK/run"
redlab train --data-dir "$WORK/data" \
  --synthetic-coco "$WORK/train/annotations.json" --synthetic-images "$WORK/train/images" \
  --val-coco "$WORK/val/annotations.json" --val-images "$WORK/val/images" \
  --image-size "$IMAGE_SIZE" --batch-size "$BATCH" --epochs "$EPOCHS" --backbone small --lr "$LR" \
  --seed 1 --init none --cache-mb 2500 --name "default model" --out "$WORK/run"
mkdir -p "$DEST"
cp "$WORK/run/model.json" "$WORK/run/weights.bin" "$DEST/"
node -e 'const m=require(process.argv[1]);console.log("default model:",JSON.stringify(m.metrics))' "$(pwd)/$DEST/model.json"

#!/usr/bin/env bash
# Reproduces the shipped default model (resources/models/default) with the project's own CLI:
# synthetic pages from `redlab synth` (default profile mix), then two `redlab train` stages:
#   1. from scratch at 512 px, 12 epochs;
#   2. fine-tuned from stage 1 at 640 px (small boxes and exemption codes), 6 epochs.
# The exported model is copied in with its validation metrics (COCO, on synthetic pages of
# another seed). About 1-2 hours on a quiet 2-core CPU.
#
#   npm run train:default-model
#   TRAIN_PAGES=400 EPOCHS=2 EPOCHS2=1 npm run train:default-model   # a quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${REDLAB_WORK:-${TMPDIR:-/tmp}/redlab-default-model}
TRAIN_PAGES=${TRAIN_PAGES:-2400}
VAL_PAGES=${VAL_PAGES:-200}
EPOCHS=${EPOCHS:-12}
EPOCHS2=${EPOCHS2:-6}
BATCH=${BATCH:-8}
DEST=${DEST:-resources/models/default}
redlab() { node bin/redlab.cjs "$@"; }

[ -f out/main/cli.js ] || npm run build
mkdir -p "$WORK"
[ -f "$WORK/train/annotations.json" ] || redlab synth --count "$TRAIN_PAGES" --seed 1001 --out "$WORK/train"
[ -f "$WORK/val/annotations.json" ] || redlab synth --count "$VAL_PAGES" --seed 2002 --out "$WORK/val"
DATA=(--synthetic-coco "$WORK/train/annotations.json" --synthetic-images "$WORK/train/images"
  --val-coco "$WORK/val/annotations.json" --val-images "$WORK/val/images"
  --batch-size "$BATCH" --backbone small --seed 1 --cache-mb 2500 --data-dir "$WORK/data")

# Stage 1 is kept when it finished earlier (delete $WORK/stage1 to redo it).
if [ ! -f "$WORK/stage1/model.json" ]; then
  rm -rf "$WORK/stage1"
  redlab train "${DATA[@]}" --image-size 512 --epochs "$EPOCHS" --lr 0.003 --init none \
    --name "default model, stage 1 (512 px)" --out "$WORK/stage1"
fi
rm -rf "$WORK/stage2"
redlab train "${DATA[@]}" --image-size 640 --epochs "$EPOCHS2" --lr 0.0015 --init "$WORK/stage1" \
  --name "default model, stage 2 (640 px)" --out "$WORK/stage2"

mkdir -p "$DEST"
cp "$WORK/stage2/model.json" "$WORK/stage2/weights.bin" "$DEST/"
# The shipped pipeline on the held-out pages: its numbers go into model.json.
redlab infer --data-dir "$WORK/data" --model "$DEST" --coco "$WORK/val/annotations.json" --images "$WORK/val/images" \
  --out "$WORK/val-dets.json"
redlab eval --gt "$WORK/val/annotations.json" --dt "$WORK/val-dets.json" --json > "$WORK/val-eval.json"
node scripts/record-model-metrics.cjs "$DEST" "$WORK/val-eval.json" "$VAL_PAGES"

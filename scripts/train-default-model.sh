#!/usr/bin/env bash
# Reproduces the shipped default model (resources/models/default) with the project's own CLI:
# synthetic pages from `redlab synth`, then five `redlab train` stages, each from the one before:
#   1. from scratch at 512 px, 12 epochs on 2400 pages (default profile);
#   2. 640 px, 6 epochs on the same pages (small boxes and exemption codes);
#   3. 768 px, 2 epochs on 6800 pages: the stage-1 pages, 2400 fresh default pages and 2000 of the
#      targeted profiles (white boxes on forms, many small boxes, marker, grey boxes, negatives
#      only), so hard negatives and small boxes are common;
#   4. 1024 px, 1 epoch on the same 6800 pages (exemption codes are ~8 px tall at 640 px);
#   5. 1024 px, 1 epoch on 6800 pages with 2400 fresh default pages in place of the stage-1 ones;
# then crop verifiers for the stage-5 detector (`redlab train-verifier`, 2 epochs each): one for
# exemption codes on the candidates of 1600 fresh pages, one for redactions on 1200 of them
# (~20 minutes each).
# The shipped detector weights were trained on pages of generator version 1; versions 2 (decoys
# beside boxes, bilevel levels), 3 (wiped-out codes unlabelled) and 4 (faint codes labelled again)
# draw other pages or labels for the same seeds, so a rerun gives a model of the same recipe, not
# the same bytes. The verifiers were trained on version-3 pages (one retrained on version 4 scored
# the same).
# Validation during training (checkpoint choice) uses 200 pages of seed 2002; the figures
# recorded in model.json come from `redlab infer` + `redlab eval` on 300 default-profile pages
# of seed 4004, used for nothing else. About five hours on a quiet 2-core CPU.
#
#   npm run train:default-model
#   TRAIN_PAGES=400 EPOCHS=2 EPOCHS2=1 EPOCHS3=1 STAGE3_PAGES=200 npm run train:default-model   # a quick smoke run
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${REDLAB_WORK:-${TMPDIR:-/tmp}/redlab-default-model}
TRAIN_PAGES=${TRAIN_PAGES:-2400}
STAGE3_PAGES=${STAGE3_PAGES:-2400}
VAL_PAGES=${VAL_PAGES:-200}
TEST_PAGES=${TEST_PAGES:-300}
EPOCHS=${EPOCHS:-12}
EPOCHS2=${EPOCHS2:-6}
EPOCHS3=${EPOCHS3:-2}
VERIFIER_EPOCHS=${VERIFIER_EPOCHS:-2}
BATCH=${BATCH:-8}
DEST=${DEST:-resources/models/default}
redlab() { node bin/redlab.cjs "$@"; }
# synth NAME PROFILE SEED PAGES: a synthetic set in $WORK/NAME, kept when it exists.
synth() { [ -f "$WORK/$1/annotations.json" ] || redlab synth --count "$4" --seed "$3" --profile "$2" --out "$WORK/$1"; }
# share N: N scaled like STAGE3_PAGES (2400 by default) scales the default set.
share() { echo $(($1 * STAGE3_PAGES / 2400 > 0 ? $1 * STAGE3_PAGES / 2400 : 1)); }

[ -f out/main/cli.js ] || npm run build
mkdir -p "$WORK"
synth train default 1001 "$TRAIN_PAGES"
synth val default 2002 "$VAL_PAGES"
synth test default 4004 "$TEST_PAGES"
VAL=(--val-coco "$WORK/val/annotations.json" --val-images "$WORK/val/images")
COMMON=(--batch-size "$BATCH" --backbone small --cache-mb 2500 --data-dir "$WORK/data" "${VAL[@]}")

# stage N SIZE EPOCHS LR SEED DATA_DIR NAME: trains stage N on the pages in DATA_DIR, stage 1 from
# scratch, the others from stage N-1. A stage is kept when it finished earlier (delete
# $WORK/stageN to redo it and the ones after).
stage() {
  local n=$1 init
  [ -f "$WORK/stage$n/model.json" ] && return
  for k in $(seq "$n" 5); do rm -rf "$WORK/stage$k"; done
  if [ "$n" = 1 ]; then init=none; else init="$WORK/stage$((n - 1))"; fi
  redlab train --synthetic-coco "$6/annotations.json" --synthetic-images "$6/images" "${COMMON[@]}" \
    --seed "$5" --image-size "$2" --epochs "$3" --lr "$4" --init "$init" \
    --name "default model, stage $n ($7)" --out "$WORK/stage$n"
}
stage 1 512 "$EPOCHS" 0.003 1 "$WORK/train" "512 px"
stage 2 640 "$EPOCHS2" 0.0015 1 "$WORK/train" "640 px"

# Stage 3 data: the stage-1 pages, fresh default pages and the targeted profiles.
synth s3-default default 3003 "$STAGE3_PAGES"
synth s3-forms white-boxes-forms 3004 "$(share 600)"
synth s3-small many-small-boxes 3005 "$(share 400)"
synth s3-marker marker 3006 "$(share 300)"
synth s3-grey grey-boxes 3007 "$(share 300)"
synth s3-negatives negatives-only 3008 "$(share 400)"
[ -f "$WORK/mix/annotations.json" ] || node scripts/merge-coco.cjs "$WORK/mix" "$WORK/train" "$WORK/s3-default" \
  "$WORK/s3-forms" "$WORK/s3-small" "$WORK/s3-marker" "$WORK/s3-grey" "$WORK/s3-negatives"

stage 3 768 "$EPOCHS3" 0.0015 3 "$WORK/mix" "768 px, mixed profiles"
stage 4 1024 1 0.001 4 "$WORK/mix" "1024 px, mixed profiles"
synth s5-default default 5005 "$STAGE3_PAGES"
[ -f "$WORK/mix2/annotations.json" ] || node scripts/merge-coco.cjs "$WORK/mix2" "$WORK/s5-default" "$WORK/s3-default" \
  "$WORK/s3-forms" "$WORK/s3-small" "$WORK/s3-marker" "$WORK/s3-grey" "$WORK/s3-negatives"
stage 5 1024 1 0.0007 5 "$WORK/mix2" "1024 px, fresh mixed pages"

# The exemption-code verifier: the stage-5 detector's exemption_label candidates on fresh pages,
# cut out and told apart from the labelled codes by a small network (redlab train-verifier); its
# mix with the detector's score is chosen on the validation pages.
synth ver-default default 7001 "$(share 1200)"
synth ver-small many-small-boxes 7002 "$(share 400)"
[ -f "$WORK/ver/annotations.json" ] || node scripts/merge-coco.cjs "$WORK/ver" "$WORK/ver-default" "$WORK/ver-small"
[ -f "$WORK/verified/verifier-exemption_label.bin" ] || redlab train-verifier --data-dir "$WORK/data" --model "$WORK/stage5" \
  --coco "$WORK/ver/annotations.json" "${VAL[@]}" --epochs "$VERIFIER_EPOCHS" --out "$WORK/verified"
# The redaction verifier the same way, on the default-profile pages only (lr 0.002 diverges).
[ -f "$WORK/verified/verifier-redaction.bin" ] || redlab train-verifier --data-dir "$WORK/data" --model "$WORK/verified" \
  --class redaction --coco "$WORK/ver-default/annotations.json" "${VAL[@]}" --epochs "$VERIFIER_EPOCHS" --jitter 1 \
  --lr 0.0007 --out "$WORK/verified"

mkdir -p "$DEST"
cp "$WORK/verified/model.json" "$WORK/verified/weights.bin" "$WORK"/verified/verifier-*.bin "$DEST/"
# The shipped pipeline on held-out pages of an unused seed: its numbers go into model.json.
redlab infer --data-dir "$WORK/data" --model "$DEST" --coco "$WORK/test/annotations.json" --images "$WORK/test/images" \
  --out "$WORK/test-dets.json"
node scripts/record-model-metrics.cjs "$DEST" "$WORK/test/annotations.json" "$WORK/test-dets.json" 4004

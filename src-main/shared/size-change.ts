/**
 * The sentence shown when a run would fine-tune a model at another image size than the model was
 * trained at (null when they match): pages, redactions and codes shrink or grow by the ratio, so
 * the model needs more epochs to adapt. Used by the run's log and the Train view.
 * @param what the model as the subject of the sentence ("The default model")
 */
export function sizeChangeSentence(what: string, trainedAt: number, imageSize: number): string | null {
  if (trainedAt === imageSize) return null;
  const r = trainedAt / imageSize;
  const how = r > 1 ? `${r.toFixed(1)}× smaller` : `${(1 / r).toFixed(1)}× larger`;
  return (
    `${what} was trained at ${trainedAt} px: at ${imageSize} px pages and boxes look ${how} than it learned, ` +
    `so it needs more epochs to adapt. Train at ${trainedAt} px to keep what it knows.`
  );
}

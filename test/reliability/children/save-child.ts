// Child process for the save-kill test: saves a page again and again through the real
// annotations service on the app's database (same pragmas and migrations as the app) and prints
// "ack K VERSION" only after a save returned (what the UI is told).
import path from 'node:path';
import { AnnotationsService } from '../../../src-main/annotations/annotations-service';
import { EventBus } from '../../../src-main/app/event-bus';
import { openDatabase } from '../../../src-main/db/database';
import { boxesFor } from './save-states';

const [dataDir, pageArg, startArg] = process.argv.slice(2);
if (!dataDir || !pageArg || !startArg) throw new Error('usage: save-child DATADIR PAGEID STARTK');
const pageId = Number(pageArg);
const { db } = openDatabase(path.join(dataDir, 'redlab.db'));
const annotations = new AnnotationsService(db, new EventBus());
let version = annotations.getPage(pageId).version;
for (let k = Number(startArg); ; k++) {
  const saved = annotations.save({ pageId, baseVersion: version, boxes: boxesFor(k) });
  version = saved.version;
  process.stdout.write(`ack ${k} ${version}\n`);
}

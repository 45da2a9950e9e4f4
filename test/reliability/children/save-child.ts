// Child process for the save-kill test: saves a page again and again through the real
// annotations service and prints "ack K VERSION" only after a save returned (what the UI is told).
import { createServices } from '../../../src-main/app/services';
import { boxesFor } from './save-states';

const [dataDir, pageArg, startArg] = process.argv.slice(2);
if (!dataDir || !pageArg || !startArg) throw new Error('usage: save-child DATADIR PAGEID STARTK');
const pageId = Number(pageArg);
const s = createServices({ dataDir, transport: 'test', recoverJobs: false });
let version = s.annotations.getPage(pageId).version;
for (let k = Number(startArg); ; k++) {
  const saved = s.annotations.save({ pageId, baseVersion: version, boxes: boxesFor(k) });
  version = saved.version;
  process.stdout.write(`ack ${k} ${version}\n`);
}

// Render process of the import: a long-lived child process that opens PDFs (pdfjs) and images
// (sharp) and writes page PNGs, thumbnails and text layers. Hostile files can only hurt this
// process: the pool in documents/render/render-pool.ts limits its heap and replaces it when it
// dies. Processes rather than threads: two threads of one process drawing text contend inside the
// canvas library (two threads rendered 1.06x as fast as one).
import sharp from 'sharp';
import { toErrorInfo } from '../shared/errors';
import { probeImage, renderImagePage } from '../documents/render/image-pages';
import { probePdf, renderPdfPage } from '../documents/render/pdf-pages';
import type { HostMessage, WorkerReply, WorkerTask } from '../documents/render/protocol';
import { registeredFontBytes } from '../documents/render/pdf-fonts';

if (!process.send) throw new Error('import-render must run as a child process with an IPC channel');
const send = process.send.bind(process);
// The app went away: nothing to render for.
process.on('disconnect', () => process.exit(0));
// One libvips thread per process: the pool already runs one process per core.
sharp.concurrency(1);
sharp.cache(false);

// pdfjs may print warnings; they must never reach the CLI's JSON on stdout.
if (!process.env.REDLAB_DEBUG) {
  const quiet = (): void => undefined;
  console.log = quiet;
  console.info = quiet;
  console.warn = quiet;
  console.debug = quiet;
}

const cancelled = new Set<number>();
const queue: { id: number; task: WorkerTask }[] = [];
let busy = false;

function post(m: WorkerReply): void {
  send(m);
}

async function run(id: number, task: WorkerTask): Promise<unknown> {
  if (task.op === 'probe') {
    return task.type === 'pdf' ? probePdf(task.file, task.limits) : probeImage(task.file, task.limits);
  }
  for (const index of task.pages) {
    if (cancelled.has(id)) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const dirs = { pagesDir: task.pagesDir, thumbsDir: task.thumbsDir };
    const page =
      task.type === 'pdf'
        ? await renderPdfPage(task.file, index, task.dpi, dirs, task.limits)
        : await renderImagePage(task.file, index, dirs, task.limits);
    post({ type: 'page', id, page });
  }
  return { pages: task.pages.length };
}

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  while (queue.length > 0) {
    const { id, task } = queue.shift()!;
    try {
      const value = await run(id, task);
      post({ type: 'done', id, value, fontBytes: registeredFontBytes() });
    } catch (e) {
      post({ type: 'error', id, error: toErrorInfo(e), fontBytes: registeredFontBytes() });
    } finally {
      cancelled.delete(id);
    }
  }
  busy = false;
}

process.on('message', (m: HostMessage) => {
  if (m.type === 'cancel') cancelled.add(m.id);
  else {
    queue.push({ id: m.id, task: m.task });
    void drain();
  }
});

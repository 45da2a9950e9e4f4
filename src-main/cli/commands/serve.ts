import { createServices } from '../../app/services';
import { startServer } from '../../server/server';
import { rendererDir } from '../../app/locations';
import { num, str, type Command } from '../command';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the app UI on 127.0.0.1 for a browser (headless workstations, no Electron).',
  usage: 'serve [--port N] [--host ADDR] [--data-dir DIR]',
  options: { port: { type: 'string' }, host: { type: 'string' } },
  optionHelp: {
    port: 'port to listen on (default 5183; 0 picks a free one)',
    host: 'address to bind (default 127.0.0.1; anything else exposes the app to your network)',
  },
  async run({ values, dataDir, io, json }) {
    const port = num(values.port, 'port', 5183);
    const host = str(values.host) ?? '127.0.0.1';
    const services = createServices({ dataDir, transport: 'http' });
    if (services.database.message) io.warn(services.database.message);
    let server;
    try {
      server = await startServer({ services, rendererDir: rendererDir(), port, host, log: (l) => io.warn(l) });
    } catch (e) {
      await services.close();
      const code = (e as { code?: string }).code;
      if (code === 'EADDRINUSE') throw new Error(`Port ${port} is already in use; pass --port 0 to pick a free one.`);
      throw e;
    }
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      io.warn(`Warning: listening on ${host}, reachable from other machines that can reach this address.`);
    }
    const line = `Redaction Lab is running at ${server.launchUrl}`;
    if (json) io.json({ url: server.url, launchUrl: server.launchUrl, port: server.port, dataDir });
    else process.stdout.write(line + '\n');
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    await services.close();
    return 0;
  },
};

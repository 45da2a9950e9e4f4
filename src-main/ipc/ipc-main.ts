import { ipcMain, type WebContents } from 'electron';
import { CHANNEL_NAMES } from '../shared/contract';
import { trustedSender } from '../security/window-policy';
import type { Dispatch } from '../app/dispatch';
import type { EventBus } from '../app/event-bus';
import { fail } from '../shared/errors';

/**
 * The only place that touches `ipcMain`: one handler per contract channel. It refuses calls from
 * any frame but the app's own top-level page, and hands the payload to the shared dispatcher,
 * which validates it and turns every error into `{ ok: false, error: { code, message } }`.
 */
export function registerIpc(dispatch: Dispatch, bus: EventBus, windows: () => WebContents[]): () => void {
  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!trustedSender(event)) return fail({ code: 'FORBIDDEN', message: 'This window may not call the app.' });
      return dispatch(channel, payload, { transport: 'electron' });
    });
  }
  const unsubscribe = bus.subscribe((name, payload) => {
    for (const wc of windows()) if (!wc.isDestroyed()) wc.send(name, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}

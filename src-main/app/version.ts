declare const __REDLAB_VERSION__: string | undefined;

/** The app version: injected at build time, read from package.json when running from source. */
export const APP_VERSION: string =
  typeof __REDLAB_VERSION__ !== 'undefined'
    ? __REDLAB_VERSION__
    : (require('../../package.json') as { version: string }).version;

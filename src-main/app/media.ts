import fs from 'node:fs';
import path from 'node:path';

export interface MediaFile {
  file: string;
  type: string;
  /** Suggested download name; set for exports so browsers save instead of showing. */
  downloadName?: string;
}

type Resolver = (rest: string[]) => MediaFile | null;

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
};

export function mimeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Files the renderer may load by URL (page images, thumbnails, exports), shared by Electron's
 * `app://` protocol and the local server's `/media/` route. Each domain registers a prefix; a
 * resolver sees only decoded path segments and must return a file inside the data folder.
 */
export class MediaRegistry {
  private readonly resolvers = new Map<string, Resolver>();

  register(prefix: string, resolver: Resolver): void {
    this.resolvers.set(prefix, resolver);
  }

  /** `pathname` is the part after `/media/`, e.g. `pages/12/image`. */
  resolve(pathname: string): MediaFile | null {
    let segments: string[];
    try {
      segments = pathname
        .split('/')
        .filter(Boolean)
        .map((s) => decodeURIComponent(s));
    } catch {
      return null;
    }
    if (segments.some((s) => s === '..' || s.includes('/') || s.includes('\\') || s.includes('\0'))) return null;
    const [prefix, ...rest] = segments;
    const resolver = prefix ? this.resolvers.get(prefix) : undefined;
    const found = resolver ? resolver(rest) : null;
    if (!found || !fs.existsSync(found.file)) return null;
    return found;
  }
}

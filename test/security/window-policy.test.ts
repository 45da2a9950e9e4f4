import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowNavigation,
  CONTENT_SECURITY_POLICY,
  rendererFileFor,
  trustedSender,
  webPreferences,
  windowOpenDecision,
} from '../../src-main/security/window-policy';

describe('Electron window policy', () => {
  it('locks every window down: sandbox, context isolation, no node integration, web security', () => {
    const p = webPreferences('/app/out/preload/preload.js');
    expect(p).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('uses a strict CSP without eval or inline scripts', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
  });

  it('denies navigation away from the app page', () => {
    expect(allowNavigation('app://redlab/index.html')).toBe(true);
    for (const u of [
      'https://example.com/',
      'file:///etc/passwd',
      'app://other/index.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(allowNavigation(u), u).toBe(false);
    }
  });

  it('denies every new window and opens only allow-listed https links outside', () => {
    expect(windowOpenDecision('https://github.com/freelawproject/x-ray')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('http://github.com/')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('https://evil.example/')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
  });

  it('answers IPC only for the top-level app page', () => {
    expect(trustedSender({ senderFrame: { url: 'app://redlab/index.html', parent: null } })).toBe(true);
    expect(trustedSender({ senderFrame: { url: 'app://redlab/index.html', parent: {} } })).toBe(false);
    expect(trustedSender({ senderFrame: { url: 'https://evil.example/', parent: null } })).toBe(false);
    expect(trustedSender({ senderFrame: { url: 'file:///index.html', parent: null } })).toBe(false);
    expect(trustedSender({ senderFrame: null })).toBe(false);
  });

  it('maps app:// URLs to renderer files and refuses paths outside the renderer folder', () => {
    const dir = '/app/out/renderer';
    expect(rendererFileFor('app://redlab/index.html', dir)).toBe(path.join(dir, 'index.html'));
    expect(rendererFileFor('app://redlab/assets/x.js', dir)).toBe(path.join(dir, 'assets/x.js'));
    expect(rendererFileFor('app://redlab/..%2f..%2fsecret', dir)).toBeNull();
    expect(rendererFileFor('app://other/index.html', dir)).toBeNull();
  });
});

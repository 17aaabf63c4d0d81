import { describe, expect, it } from 'vitest';
import { activationNotice, isolationReason } from './serviceWorker';

const base = { isolated: false, secure: true, serviceWorkers: true, controlled: false };

describe('isolationReason', () => {
  it('says nothing for an isolated page', () => {
    expect(isolationReason({ ...base, isolated: true })).toBeNull();
  });

  it('names the missing piece, most basic first', () => {
    expect(isolationReason({ ...base, secure: false, serviceWorkers: false })).toMatch(/not served over HTTPS/);
    expect(isolationReason({ ...base, serviceWorkers: false })).toMatch(/no COOP\/COEP headers and this browser has no service workers/);
    expect(isolationReason(base)).toMatch(/adds them from the next load on: reload/);
    expect(isolationReason({ ...base, controlled: true })).toMatch(/although the app's service worker adds/);
  });

  it('always says what it costs', () => {
    for (const f of [{ ...base, secure: false }, { ...base, serviceWorkers: false }, base, { ...base, controlled: true }]) {
      expect(isolationReason(f)).toContain('single-threaded');
    }
  });
});

describe('activationNotice', () => {
  it('tells an update (the page keeps its version) from a first install', () => {
    expect(activationNotice('abc123', true)).toMatch(/new version of the app \(build abc123\).*next load/);
    expect(activationNotice('abc123', false)).toMatch(/installed for offline use \(build abc123\)/);
  });
});

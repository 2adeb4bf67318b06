// The signed-in key lives in this tab's sessionStorage only: never a cookie, a URL or localStorage.
import type { Key } from './api.js';

const KEY = 'vbrd.console.session';

export interface Session extends Key {
  regionId: string;
}

export function loadSession(): Session | undefined {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Session;
    return s.accessKeyId && s.accessKeySecret ? s : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(s: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

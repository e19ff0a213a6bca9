// Messages at the top of the page: errors say what went wrong (the problem's title) and what to do (its
// detail); they stay until dismissed. Notes (e.g. what an archive skipped) fade after a while.

import { el, icon, icons } from './dom.js';

const area = () => document.getElementById('notices');
const noteLifetimeMilliseconds = 12_000;

/**
 * Shows an error; `context` says what the page was doing ("Uploading cats.mp4").
 * An ApiError with status 401 also points at the key box.
 */
export function showError(error, context = '') {
  if (error?.name === 'AbortError') {
    return;
  }
  const title = error?.title ?? error?.message ?? 'Something went wrong';
  let detail = error?.detail ?? '';
  if (error?.retryAfterSeconds) {
    detail = `${detail} Try again in ${error.retryAfterSeconds} s.`.trim();
  }
  if (error?.status === 401) {
    detail = detail || 'Enter your API key at the top of the page.';
    document.getElementById('api-key')?.focus();
  }
  show('error', context ? `${context}: ${title}` : title, detail);
}

/** Removes the errors shown so far (e.g. once a new API key makes them moot). */
export function clearErrors() {
  for (const notice of area().querySelectorAll('.notice-error')) {
    notice.remove();
  }
}

/** Shows a passing note. */
export function showNote(title, detail = '') {
  const notice = show('note', title, detail);
  setTimeout(() => notice.remove(), noteLifetimeMilliseconds);
}

function show(kind, title, detail) {
  const notice = el('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('div', { class: 'notice-text' },
      el('strong', { class: 'notice-title' }, title),
      detail ? el('span', { class: 'notice-detail' }, detail) : null),
    el('button', { type: 'button', class: 'icon-button', 'aria-label': 'Dismiss', title: 'Dismiss', onclick: () => notice.remove() },
      icon(icons.close)));
  // The same message twice in a row is shown once.
  const last = area().lastElementChild;
  if (last && last.textContent === notice.textContent) {
    last.remove();
  }
  area().append(notice);
  return notice;
}

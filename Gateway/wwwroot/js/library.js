// The video library: the tenant's videos with their status, uploads (drop or file picker) with a progress
// bar for the bytes and then for indexing, delete, and choosing a video to talk about.

import { request, requestJson, upload } from './api.js';
import { el, formatBytes, formatClock, formatInteger, formatPercent, icon, icons } from './dom.js';
import { showError, showNote } from './notices.js';
import { readEvents } from './sse.js';

/** Videos followed through their event streams at once: each holds a connection, and a browser opens only six to an origin over HTTP/1.1. */
const maxFollowedAtOnce = 3;
const maxUploadsAtOnce = 2;
const pageSize = 50;

const archiveTypes = [
  [/\.zip$/i, 'application/zip'],
  [/\.(tar\.gz|tgz)$/i, 'application/gzip'],
  [/\.tar$/i, 'application/x-tar'],
];
const videoTypes = [
  [/\.mp4$|\.m4v$/i, 'video/mp4'], [/\.webm$/i, 'video/webm'], [/\.mkv$/i, 'video/x-matroska'],
  [/\.mov$/i, 'video/quicktime'], [/\.avi$/i, 'video/x-msvideo'], [/\.ogv$/i, 'video/ogg'], [/\.mpe?g$/i, 'video/mpeg'],
];

/** @type {Map<string, { video: any, item: HTMLLIElement, follow?: AbortController }>} */
const entries = new Map();
let cursor = null;
let selectedId = null;
let uploadCount = 0;
let handlers = { choose: () => {}, change: () => {}, removed: () => {} };

const list = () => document.getElementById('video-list');

/** A small first-come-first-served limiter. */
function limiter(slots) {
  const waiting = [];
  let free = slots;
  return async (work) => {
    if (free === 0) {
      await new Promise((resolve) => waiting.push(resolve));
    } else {
      free -= 1;
    }
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) {
        next();
      } else {
        free += 1;
      }
    }
  };
}
const followSlot = limiter(maxFollowedAtOnce);
const uploadSlot = limiter(maxUploadsAtOnce);

/**
 * Wires the drop zone, the file picker and the list.
 * @param {{ choose: (video) => void, change: (video) => void, removed: (id: string) => void }} callbacks
 */
export function initLibrary(callbacks) {
  handlers = callbacks;
  const input = document.getElementById('file-input');
  input.addEventListener('change', () => {
    uploadFiles([...input.files]);
    input.value = '';
  });

  // Files may be dropped anywhere on the page; the drop zone lights up while something is dragged over it.
  const zone = document.getElementById('drop-zone');
  let depth = 0;
  const carriesFiles = (event) => [...(event.dataTransfer?.types ?? [])].includes('Files');
  document.addEventListener('dragenter', (event) => {
    if (carriesFiles(event)) {
      depth += 1;
      zone.classList.add('dragging');
    }
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      zone.classList.remove('dragging');
    }
  });
  document.addEventListener('dragover', (event) => {
    if (carriesFiles(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  });
  document.addEventListener('drop', (event) => {
    if (!carriesFiles(event)) {
      return;
    }
    event.preventDefault();
    depth = 0;
    zone.classList.remove('dragging');
    uploadFiles([...event.dataTransfer.files]);
  });

  document.getElementById('load-more').addEventListener('click', () => loadVideos({ more: true }));
  // Back on the page after a while: videos added elsewhere (another tab, the command line) appear.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      refreshNewest();
    }
  });
}

/** Forgets what is shown and lists the tenant's videos again (after the key changed). */
export async function reloadLibrary() {
  for (const entry of entries.values()) {
    entry.follow?.abort();
  }
  entries.clear();
  list().replaceChildren();
  cursor = null;
  await loadVideos();
}

/** The video with this id, as last seen. */
export function videoById(id) {
  return entries.get(id)?.video ?? null;
}

/** Marks the chosen video in the list. */
export function markSelected(id) {
  selectedId = id;
  for (const [key, entry] of entries) {
    entry.item.querySelector('.video-main')?.setAttribute('aria-current', String(key === id));
  }
}

async function loadVideos({ more = false } = {}) {
  const button = document.getElementById('load-more');
  button.disabled = true;
  try {
    const after = more && cursor ? `&after=${encodeURIComponent(cursor)}` : '';
    const page = await requestJson(`/api/videos?limit=${pageSize}${after}`);
    for (const video of page.items) {
      upsert(video, { atEnd: true });
    }
    cursor = page.next ?? null;
    button.hidden = !cursor;
  } catch (error) {
    showError(error, 'Listing your videos');
  } finally {
    button.disabled = false;
    updateEmptyState();
  }
}

/** Lists the newest videos again: those the page does not show yet are added on top, the others updated. */
async function refreshNewest() {
  try {
    const page = await requestJson(`/api/videos?limit=${pageSize}`);
    for (const video of [...page.items].reverse()) {
      upsert(video);
    }
  } catch {
    // Quietly: the next return to the page tries again, and actions report their own errors.
  }
}

function updateEmptyState() {
  document.getElementById('library-empty').hidden = entries.size > 0;
}

/** Adds or updates a video's entry; follows its indexing when it is under way. */
function upsert(video, { atEnd = false, replacing = null } = {}) {
  let entry = entries.get(video.id);
  let previous = entry?.video;
  if (!entry) {
    // An accepted upload takes over its pending entry's place in the list.
    const pending = replacing ? entries.get(replacing) : null;
    const item = pending?.item ?? el('li', { class: 'video-item' });
    if (pending) {
      entries.delete(replacing);
      previous = pending.video;
    } else if (atEnd) {
      list().append(item);
    } else {
      list().prepend(item);
    }
    entry = { video, item };
    entries.set(video.id, entry);
  } else {
    entry.video = { ...previous, ...video };
  }
  render(entry, previous);
  updateEmptyState();
  if (entry.video.status === 'indexing' && !entry.follow) {
    follow(entry.video.id);
  }
  if (!entry.video.pending) {
    handlers.change(entry.video);
  }
}

function render(entry, previous) {
  const { video, item } = entry;
  const id = video.id;
  item.dataset.id = id;
  item.dataset.status = video.status;
  const statusText = {
    uploading: 'Uploading', indexing: 'Indexing', indexed: 'Indexed', failed: 'Failed', uploaded: 'Not indexed', rejected: 'Refused',
  }[video.status] ?? video.status;

  // The structure is built once; later renders update it in place (no flicker, focus kept).
  if (!item.firstChild || (previous?.pending && !video.pending)) {
    const main = el('button', { type: 'button', class: 'video-main', 'aria-current': String(id === selectedId), onclick: () => choose(id) },
      el('span', { class: 'video-thumb' }),
      el('span', { class: 'video-text' }, el('span', { class: 'video-name' }), el('span', { class: 'video-meta' })),
      el('span', { class: 'badge' }));
    const progress = el('div', { class: 'video-progress' },
      el('progress', { max: '1', value: '0' }),
      el('span', { class: 'progress-text' }));
    const remove = el('button', { type: 'button', class: 'icon-button video-delete', onclick: () => deleteVideo(id) }, icon(icons.trash));
    const index = el('button', { type: 'button', class: 'button secondary video-index', onclick: () => indexVideo(id) });
    item.replaceChildren(main, remove, progress, el('p', { class: 'video-error' }), el('div', { class: 'video-actions' }, index));
  }

  const main = item.querySelector('.video-main');
  main.disabled = Boolean(video.pending);
  main.querySelector('.video-name').textContent = video.name;
  main.querySelector('.video-name').title = video.name;
  const meta = [];
  if (video.durationSeconds) {
    meta.push(formatClock(video.durationSeconds));
  }
  if (video.sizeBytes) {
    meta.push(formatBytes(video.sizeBytes));
  }
  main.querySelector('.video-meta').textContent = meta.join(' · ');
  const badge = main.querySelector('.badge');
  badge.className = `badge status-${video.status}`;
  badge.textContent = statusText;

  const thumb = main.querySelector('.video-thumb');
  if (!video.pending && video.durationSeconds && !thumb.querySelector('img')) {
    // A frame a little way in: the first one is often empty.
    const t = Math.min(video.durationSeconds / 2, 2);
    thumb.replaceChildren(el('img', { src: `${video.links?.frame ?? `/api/videos/${id}/frame`}?t=${t}&width=160`, alt: '', loading: 'lazy', decoding: 'async' }));
  } else if (video.pending && !thumb.firstChild) {
    thumb.replaceChildren(icon(video.archive ? icons.archive : icons.play));
  }

  const remove = item.querySelector('.video-delete');
  const removeLabel = video.pending ? (video.status === 'rejected' ? `Dismiss ${video.name}` : `Cancel uploading ${video.name}`) : `Delete ${video.name}`;
  remove.setAttribute('aria-label', removeLabel);
  remove.title = removeLabel;

  const progressBox = item.querySelector('.video-progress');
  const bar = progressBox.querySelector('progress');
  const text = progressBox.querySelector('.progress-text');
  const fraction = video.progress?.fraction ?? 0;
  progressBox.hidden = !(video.status === 'uploading' || video.status === 'indexing');
  bar.value = fraction;
  if (video.status === 'uploading') {
    bar.setAttribute('aria-label', `Uploading ${video.name}`);
    const checking = video.archive ? 'Uploaded · reading the archive…' : 'Uploaded · checking the video…';
    text.textContent = fraction >= 1 ? checking : `Uploading · ${formatPercent(fraction)}`;
  } else if (video.status === 'indexing') {
    bar.setAttribute('aria-label', `Indexing ${video.name}`);
    const frames = video.progress?.framesTotal > 0
      ? ` · ${formatInteger(video.progress.framesDone)} of ${formatInteger(video.progress.framesTotal)} frames`
      : '';
    text.textContent = fraction > 0 || frames ? `Indexing · ${formatPercent(fraction)}${frames}` : 'Indexing · waiting for its turn…';
  }
  if (video.status === 'uploading' && fraction >= 1) {
    // The bytes are sent; the Gateway stores and probes them before it answers.
    bar.removeAttribute('value');
  }

  const error = item.querySelector('.video-error');
  error.replaceChildren();
  if (video.problem) {
    error.append(el('strong', {}, video.problem.title), video.problem.detail ? ` ${video.problem.detail}` : '');
  } else if (video.status === 'failed' && video.error) {
    error.append(el('strong', {}, 'Indexing failed.'), ` ${video.error}`);
  }
  error.hidden = !error.firstChild;

  // A video uploaded without indexing, or whose indexing failed, can be indexed (again) from here.
  const canIndex = !video.pending && (video.status === 'uploaded' || video.status === 'failed');
  item.querySelector('.video-actions').hidden = !canIndex;
  if (canIndex) {
    const index = item.querySelector('.video-index');
    index.textContent = video.status === 'failed' ? 'Index again' : 'Index';
    index.setAttribute('aria-label', `${index.textContent} ${video.name}`);
  }
}

function choose(id) {
  const video = videoById(id);
  if (video && !video.pending) {
    markSelected(id);
    handlers.choose(video);
  }
}

/** Follows a video's indexing through GET /api/videos/{id}/events until it is indexed or failed. */
function follow(id) {
  const entry = entries.get(id);
  const controller = new AbortController();
  entry.follow = controller;
  const { signal } = controller;
  followSlot(async () => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const response = await request(`/api/videos/${id}/events`, { accept: 'text/event-stream', signal });
        for await (const event of readEvents(response.body)) {
          if (event.type === 'video') {
            failures = 0;
            upsert(JSON.parse(event.data));
          }
        }
      } catch (error) {
        if (signal.aborted || error.name === 'AbortError') {
          return;
        }
        if (error.status === 404) {
          forget(id);
          return;
        }
        if (error.status === 401 || failures >= 5) {
          showError(error, `Following ${videoById(id)?.name ?? 'a video'}`);
          return;
        }
        failures += 1;
      }
      if (['indexed', 'failed', 'uploaded'].includes(videoById(id)?.status)) {
        return;
      }
      // The stream ended early (a restart, a proxy): follow again after a pause that grows with each failure.
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** failures)));
    }
  }).finally(() => {
    if (entries.get(id)?.follow === controller) {
      entries.get(id).follow = undefined;
    }
  });
}

function forget(id) {
  const entry = entries.get(id);
  if (!entry) {
    return;
  }
  entry.follow?.abort();
  entry.item.remove();
  entries.delete(id);
  updateEmptyState();
  if (id === selectedId) {
    selectedId = null;
  }
  handlers.removed(id);
}

/** POST /api/videos/{id}/index, then follows the indexing. */
async function indexVideo(id) {
  const video = videoById(id);
  const button = entries.get(id)?.item.querySelector('.video-index');
  if (!video || !button) {
    return;
  }
  button.disabled = true;
  try {
    upsert(await requestJson(`/api/videos/${id}/index`, { method: 'POST' }));
  } catch (error) {
    showError(error, `Indexing ${video.name}`);
  } finally {
    button.disabled = false;
  }
}

async function deleteVideo(id) {
  const video = videoById(id);
  if (!video) {
    return;
  }
  if (video.pending) {
    // An upload not yet accepted: cancel it, or dismiss its error.
    entries.get(id).follow?.abort();
    forget(id);
    return;
  }
  if (!window.confirm(`Delete “${video.name}”? Its bytes and its index are deleted; conversations about it stop working.`)) {
    return;
  }
  const item = entries.get(id).item;
  item.classList.add('deleting');
  try {
    await requestJson(`/api/videos/${id}`, { method: 'DELETE' });
    forget(id);
  } catch (error) {
    item.classList.remove('deleting');
    if (error.status === 404) {
      forget(id);
    } else {
      showError(error, `Deleting ${video.name}`);
    }
  }
}

/** The endpoint and media type for a file: a video, or an archive of many. */
function classify(file) {
  for (const [pattern, type] of archiveTypes) {
    if (pattern.test(file.name)) {
      return { archive: true, type };
    }
  }
  if (['application/zip', 'application/x-tar', 'application/gzip', 'application/x-gzip'].includes(file.type)) {
    return { archive: true, type: file.type === 'application/x-gzip' ? 'application/gzip' : file.type };
  }
  const guessed = videoTypes.find(([pattern]) => pattern.test(file.name))?.[1];
  // An unknown type is sent as it is: the Gateway answers 415 with what it accepts.
  return { archive: false, type: file.type || guessed || 'application/octet-stream' };
}

/** Uploads files (two at a time), each shown in the list from its first byte. */
export function uploadFiles(files) {
  for (const file of files) {
    uploadFile(file);
  }
}

async function uploadFile(file) {
  const { archive, type } = classify(file);
  const key = `upload-${++uploadCount}`;
  const controller = new AbortController();
  upsert({ id: key, name: file.name, status: 'uploading', sizeBytes: file.size, progress: { fraction: 0 }, pending: true, archive });
  entries.get(key).follow = controller;
  const progress = (fraction) => entries.has(key) && upsert({ id: key, progress: { fraction } });
  try {
    await uploadSlot(async () => {
      if (controller.signal.aborted) {
        return;
      }
      if (archive) {
        const result = await upload('/api/archives?index=true', file, type, progress, controller.signal);
        forget(key);
        await addArchiveVideos(file.name, result);
      } else {
        const video = await upload(`/api/videos?name=${encodeURIComponent(file.name)}&index=true`, file, type, progress, controller.signal);
        if (entries.has(key)) {
          upsert(video, { replacing: key });
        } else {
          upsert(video);
        }
      }
    });
  } catch (error) {
    if (error.name === 'AbortError' || !entries.has(key)) {
      return;
    }
    upsert({ id: key, status: 'rejected', problem: { title: error.title ?? 'Upload failed', detail: error.detail ?? error.message } });
    if (error.status === 401) {
      showError(error, `Uploading ${file.name}`);
    }
  }
}

async function addArchiveVideos(archiveName, result) {
  const videos = await Promise.all(result.videos.map((video) => requestJson(`/api/videos/${video.id}`).catch(() => null)));
  for (const video of videos.filter(Boolean).reverse()) {
    upsert(video);
  }
  const count = result.videos.length;
  const skipped = result.skipped ?? [];
  const detail = skipped.slice(0, 5).map((entry) => `${entry.entry} — ${entry.reason}`).join('; ')
    + (skipped.length > 5 ? `; and ${skipped.length - 5} more` : '');
  const summary = `${archiveName}: ${count} video${count === 1 ? '' : 's'} added${skipped.length ? `, ${skipped.length} skipped` : ''}`;
  if (count === 0) {
    showError({ title: `${archiveName} held no video`, detail: detail || 'No entry of the archive is a decodable video.' });
  } else {
    showNote(summary, detail);
  }
}

// The Gateway's HTTP API (docs/api.md) as the page uses it: the API key, JSON requests, uploads with
// progress, and problem+json errors turned into ApiError.

const keyStorageName = 'sparsevila.apiKey';
const keyCookieName = 'sparsevila-api-key';
const keyHeaderName = 'X-Api-Key';

/** The API key in use ('' when none). */
export function apiKey() {
  try {
    return localStorage.getItem(keyStorageName) ?? '';
  } catch {
    return '';
  }
}

/** Whether a key can be sent in a header: printable ASCII without spaces. */
export function isValidKey(key) {
  return /^[\x21-\x7e]*$/.test(key);
}

/**
 * Remembers the key (localStorage) and mirrors it into a SameSite=Strict cookie, which the browser sends
 * with the GET requests of <img> and <video> elements (they cannot send headers). The Gateway accepts the
 * cookie on GET only, so no other site can make this browser change anything.
 */
export function setApiKey(key) {
  try {
    if (key) {
      localStorage.setItem(keyStorageName, key);
    } else {
      localStorage.removeItem(keyStorageName);
    }
  } catch {
    // Storage may be disabled (private modes): the key lasts for this page only.
  }
  mirrorKeyCookie(key);
}

/** Writes the cookie from the stored key again (it may have expired or been cleared). */
export function refreshKeyCookie() {
  mirrorKeyCookie(apiKey());
}

function mirrorKeyCookie(key) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  const lifetime = key ? `; Max-Age=${60 * 60 * 24 * 365}` : '; Max-Age=0';
  document.cookie = `${keyCookieName}=${encodeURIComponent(key)}; Path=/; SameSite=Strict${lifetime}${secure}`;
}

/** An error the API answered (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor({ status = 0, title = 'Request failed', detail = '', retryAfterSeconds = null } = {}) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const fallbackTitles = {
  400: 'Bad request', 401: 'API key required', 404: 'Not found', 409: 'Not ready yet', 413: 'Too large',
  415: 'Unsupported type', 422: 'Not a video', 429: 'Too busy', 500: 'Server error', 502: 'Bad gateway',
  503: 'Service unavailable',
};

/** The problem an unsuccessful answer describes (its problem+json body when it has one). */
export function problemOf(status, contentType, text, retryAfter) {
  let problem = {};
  if (contentType && /json/i.test(contentType) && text) {
    try {
      problem = JSON.parse(text);
    } catch {
      // Not JSON after all: fall back on the status.
    }
  }
  const seconds = Number.parseInt(retryAfter ?? '', 10);
  return new ApiError({
    status,
    title: typeof problem.title === 'string' && problem.title ? problem.title : fallbackTitles[status] ?? `HTTP ${status}`,
    detail: typeof problem.detail === 'string' ? problem.detail : (!problem.title && text && text.length < 300 ? text : ''),
    retryAfterSeconds: Number.isFinite(seconds) ? seconds : null,
  });
}

function headersWith(extra = {}) {
  const headers = new Headers(extra);
  const key = apiKey();
  if (key) {
    headers.set(keyHeaderName, key);
  }
  return headers;
}

/**
 * fetch() with the API key; resolves to the Response when it is successful, else throws ApiError.
 * @param {string} path
 * @param {{ method?: string, json?: unknown, accept?: string, signal?: AbortSignal }} [options]
 */
export async function request(path, { method = 'GET', json, accept = 'application/json', signal } = {}) {
  const headers = headersWith({ Accept: accept });
  let body;
  if (json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, signal, credentials: 'same-origin' });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError({ title: 'The Gateway cannot be reached', detail: 'Check the connection, then try again.' });
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw problemOf(response.status, response.headers.get('Content-Type'), text, response.headers.get('Retry-After'));
  }
  return response;
}

/** GET/POST/DELETE returning parsed JSON (or null for 204). */
export async function requestJson(path, options) {
  const response = await request(path, options);
  return response.status === 204 ? null : response.json();
}

/**
 * POSTs a file as the raw request body with its Content-Type, reporting upload progress (0..1).
 * XMLHttpRequest, not fetch: only XHR reports how much of a request body has been sent.
 * @param {string} path
 * @param {File} file
 * @param {string} contentType
 * @param {(fraction: number) => void} onProgress
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>} the JSON answer
 */
export function upload(path, file, contentType, onProgress, signal) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Content-Type', contentType);
    xhr.setRequestHeader('Accept', 'application/json');
    const key = apiKey();
    if (key) {
      xhr.setRequestHeader(keyHeaderName, key);
    }
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) {
        onProgress(event.loaded / event.total);
      }
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText));
        } catch {
          reject(new ApiError({ status: xhr.status, title: 'Unexpected answer', detail: 'The Gateway accepted the upload but its answer was not JSON.' }));
        }
      } else {
        reject(problemOf(xhr.status, xhr.getResponseHeader('Content-Type'), xhr.responseText, xhr.getResponseHeader('Retry-After')));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError({
      title: 'The upload was interrupted',
      detail: 'The connection closed before the Gateway answered: the file may be over its size limit, or the Gateway stopped.',
    })));
    xhr.addEventListener('abort', () => reject(new DOMException('The upload was cancelled.', 'AbortError')));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

// Small helpers to build elements (text always as text, never parsed as HTML) and to format numbers.

/**
 * Creates an element: el('button', { class: 'x', type: 'button', onclick: f }, 'text', child…).
 * Attributes named on… become listeners; null/false attributes are left out; true is an empty attribute.
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** An inline SVG icon from one path (24×24 viewBox), hidden from assistive technology. */
export function icon(path) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('icon');
  const shape = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

export const icons = {
  trash: 'M9 3h6l1 2h4v2H4V5h4l1-2Zm-3 6h12l-1 12H7L6 9Zm4 2v8h2v-8h-2Zm4 0v8h2v-8h-2Z',
  close: 'm6.4 5 5.6 5.6L17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6 10.6 12 5 6.4 6.4 5Z',
  play: 'M8 5v14l11-7L8 5Z',
  stop: 'M7 7h10v10H7z',
  archive: 'M3 4h18v4H3V4Zm1 5h16v11H4V9Zm5 2v2h6v-2H9Z',
};

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 0 });

export const formatInteger = (value) => integer.format(value);
export const formatDecimal = (value) => oneDecimal.format(value);
export const formatPercent = (fraction) => percent.format(Math.min(1, Math.max(0, fraction)));

/** 1536 → "1.5 KB". */
export function formatBytes(bytes) {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? integer.format(value) : oneDecimal.format(value)} ${units[unit]}`;
}

/** Seconds as a clock: 75 → "1:15", 3.5 → "0:03.5", 3725 → "1:02:05". */
export function formatClock(seconds) {
  const rounded = Math.round(seconds * 10) / 10;
  const whole = Math.floor(rounded);
  const tenths = Math.round((rounded - whole) * 10);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  const clock = hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
  return tenths > 0 ? `${clock}.${tenths}` : clock;
}

/** Seconds as words for screen readers: 75 → "1 minute 15 seconds". */
export function spokenDuration(seconds) {
  const whole = Math.round(seconds * 10) / 10;
  const minutes = Math.floor(whole / 60);
  const rest = Math.round((whole - minutes * 60) * 10) / 10;
  const parts = [];
  if (minutes > 0) {
    parts.push(`${minutes} minute${minutes === 1 ? '' : 's'}`);
  }
  if (rest > 0 || minutes === 0) {
    parts.push(`${rest} second${rest === 1 ? '' : 's'}`);
  }
  return parts.join(' ');
}

// Server-sent events read from a fetch() response body. EventSource cannot send the X-Api-Key header (nor
// POST a question), so the page parses text/event-stream itself, following the HTML standard's rules:
// lines end with CRLF, LF or CR; a line starting with ':' is a comment; 'field: value' loses one space;
// 'data' lines of one event join with '\n'; a blank line dispatches the event (none if it has no data);
// an event left incomplete when the stream ends is dropped.

const lineBreak = /\r\n|\r|\n/;

/**
 * Yields the events of a text/event-stream body as { type, data } (data is the text; type defaults to
 * 'message'). Stopping the iteration early (break, return, an exception) cancels the body.
 * @param {ReadableStream<Uint8Array>} body
 * @returns {AsyncGenerator<{ type: string, data: string }>}
 */
export async function* readEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = '';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      for (;;) {
        const match = lineBreak.exec(buffer);
        // A CR at the very end may be the first half of a CRLF still in flight: wait for more text.
        if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) {
          break;
        }
        const line = buffer.slice(0, match.index);
        buffer = buffer.slice(match.index + match[0].length);
        if (line === '') {
          if (data.length > 0) {
            yield { type: type || 'message', data: data.join('\n') };
          }
          type = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) {
          text = text.slice(1);
        }
        if (field === 'event') {
          type = text;
        } else if (field === 'data') {
          data.push(text);
        }
        // 'id' and 'retry' only matter to EventSource's reconnection, which the page does its own way.
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

// The console's only way to the API: every call carries the key as a Bearer header, never in a URL.
// The key lives in this tab's session storage and is gone when the tab closes.

const KEY = 'pretext.apiKey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey() {
  sessionStorage.removeItem(KEY);
}

/** An error answer of the API: its problem+json detail and per-field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** The detail with each invalid field, for a person. */
  describe() {
    const fields = (this.problem.errors || []).map(e => `${e.field}: ${e.message}`);
    return [this.message, ...fields.filter(f => !this.message.includes(f))].join('\n');
  }
}

function headers(extra) {
  const h = new Headers(extra || {});
  const key = apiKey();
  if (key) {
    h.set('Authorization', `Bearer ${key}`);
  }
  return h;
}

async function failure(response) {
  let problem = {};
  try {
    problem = await response.json();
  } catch (e) {
    problem = { title: response.statusText };
  }
  if (response.status === 401) {
    window.dispatchEvent(new CustomEvent('pretext:unauthorized', { detail: problem }));
  }
  return new ApiError(response.status, problem);
}

/** A request answered with JSON; throws ApiError for an error answer. */
export async function api(path, { method = 'GET', json, body, headers: extra, signal } = {}) {
  const h = headers(extra);
  let payload = body;
  if (json !== undefined) {
    h.set('Content-Type', 'application/json');
    payload = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers: h, body: payload, signal, cache: 'no-store' });
  if (!response.ok) {
    throw await failure(response);
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

/** A picture or file fetched with the key, as an object URL (revoke it when the view goes). */
export async function blobUrl(path, signal) {
  const response = await fetch(path, { headers: headers(), signal, cache: 'no-store' });
  if (!response.ok) {
    throw await failure(response);
  }
  return URL.createObjectURL(await response.blob());
}

/**
 * Follows a text/event-stream with the key in the Authorization header (EventSource cannot send
 * headers). Calls onEvent({type, id, data}) per event with data parsed as JSON; resumes after a
 * dropped connection with Last-Event-ID; when the server ends the stream, asks isOver() (a promise of
 * a boolean) and follows on after the last event while it is not: a stream also ends at the
 * server's time limit (30 minutes) while a long job still runs. Stops when signal aborts.
 */
export async function followEvents(path, onEvent, signal, isOver = async () => true) {
  let lastId = null;
  for (let attempt = 0; !signal.aborted && attempt < 20; attempt++) {
    const h = headers({ Accept: 'text/event-stream' });
    if (lastId) {
      h.set('Last-Event-ID', lastId);
    }
    let response;
    try {
      response = await fetch(path, { headers: h, signal, cache: 'no-store' });
    } catch (e) {
      if (signal.aborted) {
        return;
      }
      await new Promise(r => setTimeout(r, 2000));
      continue;
    }
    if (!response.ok) {
      throw await failure(response);
    }
    const ended = await readStream(response.body, event => {
      if (event.id) {
        lastId = event.id;
      }
      onEvent(event);
    });
    if (ended) {
      if (signal.aborted || await isOver()) {
        return;
      }
      attempt = -1; // the server closed a healthy stream: not a failure
    }
  }
}

/** Reads events until the stream ends; true when the server closed it (nothing more to come). */
async function readStream(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { type: 'message', id: null, data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return true;
      }
      buffer += value;
      let newline;
      while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
        if (line === '') {
          if (event.data.length) {
            const text = event.data.join('\n');
            let data = text;
            try {
              data = JSON.parse(text);
            } catch (e) {
              // not JSON: hand the text on as it is
            }
            onEvent({ type: event.type, id: event.id, data });
          }
          event = { type: 'message', id: null, data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') {
            event.type = value;
          } else if (field === 'data') {
            event.data.push(value);
          } else if (field === 'id') {
            event.id = value;
          }
        }
      }
    }
  } catch (e) {
    return false;
  }
}

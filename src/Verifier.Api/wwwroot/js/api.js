// Calls the Verifier API from the page. When the server requires an API key (401), the page asks for one,
// keeps it in sessionStorage (this tab only, gone when the tab closes) and sends it as X-Api-Key. The key is
// never put in a URL: the server refuses secret keys there, since URLs end up in logs and browser history.
// That is why job progress is read with fetch() (which can send the header) rather than EventSource.

const KeyStorage = 'verifier.apiKey';

/** An error answered by the API as RFC 9457 problem details, or a network failure. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   * @param {object|null} problem
   */
  constructor(message, status, problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

let askForKey = async () => {
  throw new ApiError('This server requires an API key.', 401, null);
};

/**
 * Sets what happens when the server answers 401: a function that shows the key form and resolves once the
 * person has entered a key (the call is then made again with it).
 * @param {(reason: string) => Promise<void>} ask
 */
export function onKeyRequired(ask) {
  askForKey = ask;
}

export function apiKey() {
  try {
    return sessionStorage.getItem(KeyStorage);
  } catch {
    return null;
  }
}

export function setApiKey(key) {
  try {
    if (key) {
      sessionStorage.setItem(KeyStorage, key);
    } else {
      sessionStorage.removeItem(KeyStorage);
    }
  } catch {
    // Storage disabled: the key lasts until the page is reloaded.
  }
}

async function readProblem(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      return null;
    }
  }
  return null;
}

function describe(response, problem) {
  if (problem) {
    const parts = [problem.title, problem.detail].filter(Boolean);
    if (problem.errors) {
      for (const messages of Object.values(problem.errors)) {
        parts.push(...messages);
      }
    }
    if (parts.length > 0) {
      return parts.join(' — ');
    }
  }
  if (response.status === 429) {
    const after = response.headers.get('Retry-After');
    return 'Too many requests' + (after ? `; try again in ${after} s.` : '; try again shortly.');
  }
  if (response.status === 413) {
    return 'The file is larger than this server accepts.';
  }
  return `The server answered ${response.status} ${response.statusText}.`.trim();
}

/**
 * fetch() against the API with the key, asking for one on 401 and trying again with it.
 * @param {string} path
 * @param {RequestInit} [init]
 * @returns {Promise<Response>} a successful response
 */
export async function request(path, init = {}) {
  for (;;) {
    const headers = new Headers(init.headers);
    const key = apiKey();
    if (key) {
      headers.set('X-Api-Key', key);
    }
    let response;
    try {
      response = await fetch(path, { ...init, headers });
    } catch {
      throw new ApiError('The server cannot be reached. Check your connection and try again.', 0, null);
    }
    if (response.ok) {
      return response;
    }
    const problem = await readProblem(response);
    if (response.status === 401) {
      if (key) {
        setApiKey(null);
      }
      await askForKey(key ? `That key was not accepted: ${describe(response, problem)}` : describe(response, problem));
      continue;
    }
    if (response.status === 403 && key) {
      // A key that may not do this (a publishable key outside GET /v1/verify): offer to use another one.
      setApiKey(null);
      await askForKey(`This key may not do that: ${describe(response, problem)} Enter a secret API key.`);
      continue;
    }
    throw new ApiError(describe(response, problem), response.status, problem);
  }
}

/** GET or POST returning JSON. */
export async function json(path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  const response = await request(path, { ...init, headers });
  return response.json();
}

/**
 * Reads a text/event-stream response as it arrives: yields { event, data } for each event ('message' when the
 * event has no name). Ends when the server ends the stream or the signal aborts it.
 * @param {string} path
 * @param {AbortSignal} signal
 */
export async function* serverSentEvents(path, signal) {
  const response = await request(path, { headers: { Accept: 'text/event-stream' }, signal, cache: 'no-store' });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = '';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        if (end === buffer.length - 1 && buffer[end] === '\r') {
          break; // A "\r\n" cut between two chunks: wait for the rest.
        }
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
        if (line === '') {
          if (data.length > 0) {
            yield { event: event || 'message', data: data.join('\n') };
          }
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) {
          continue;
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let content = colon < 0 ? '' : line.slice(colon + 1);
        if (content.startsWith(' ')) {
          content = content.slice(1);
        }
        if (field === 'event') {
          event = content;
        } else if (field === 'data') {
          data.push(content);
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

// Calls the admin API with the key kept in sessionStorage (never in a URL or a cookie).

const STORE = 'llmrouter.adminKey';

export class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field || null;
  }
}

export function storedKey() {
  return sessionStorage.getItem(STORE);
}

export function saveKey(key) {
  sessionStorage.setItem(STORE, key);
}

export function forgetKey() {
  sessionStorage.removeItem(STORE);
}

const listeners = {unauthorized: [], offline: [], online: []};
let offline = false;

/** on('unauthorized' | 'offline' | 'online', f) */
export function on(event, f) {
  listeners[event].push(f);
}

function emit(event, arg) {
  for (const f of listeners[event]) f(arg);
}

/** The message of an error body: {"error":{"message","field"}}, {"error":"..."} or {"message":"..."}. */
function describe(body, status) {
  const e = body && body.error;
  if (e && typeof e === 'object') return {message: e.message || JSON.stringify(e), field: e.field};
  if (typeof e === 'string') return {message: e};
  if (body && typeof body.message === 'string') return {message: body.message};
  return {message: 'HTTP ' + status};
}

/**
 * Sends a request to the admin API. A 401 forgets the key and tells the page; a network failure
 * tells the page the server is unreachable until a call succeeds again.
 */
export async function api(method, path, body, key = storedKey()) {
  const headers = {'x-api-key': key || ''};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch('/api' + path, {method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    if (!offline) { offline = true; emit('offline'); }
    throw new ApiError(0, 'the server cannot be reached');
  }
  if (offline) { offline = false; emit('online'); }
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (res.status === 401) {
    const d = describe(data, 401);
    emit('unauthorized', d.message);
    throw new ApiError(401, d.message);
  }
  if (!res.ok) {
    const d = describe(data, res.status);
    throw new ApiError(res.status, d.message, d.field);
  }
  return data;
}

export const KINDS = [
  {id: 'messages', label: 'Messages'},
  {id: 'responses', label: 'Responses'},
  {id: 'gemini', label: 'Gemini'},
];

export const enc = encodeURIComponent;

// What the page remembers. The function key lives in sessionStorage only (gone when the tab closes) and is
// sent only as the x-functions-key header; the recent threads (ids and titles, no content) in localStorage.
const keyEntry = 'agui-playground.function-key';
const currentEntry = 'agui-playground.current-thread';
const threadsEntry = 'agui-playground.threads';
const maxThreads = 20;

function read(storage, name) {
  try {
    return storage.getItem(name);
  } catch {
    return null;
  }
}

function write(storage, name, value) {
  try {
    if (value === null) storage.removeItem(name);
    else storage.setItem(name, value);
  } catch {
    // Storage can be off (private modes, policies): the page still works for this tab.
  }
}

export const functionKey = {
  get: () => read(sessionStorage, keyEntry) ?? '',
  set: (key) => write(sessionStorage, keyEntry, key ? key : null),
};

/** The thread this tab shows, so a reload reopens it: { threadId, agent }. */
export const currentThread = {
  get() {
    try {
      return JSON.parse(read(sessionStorage, currentEntry) ?? 'null');
    } catch {
      return null;
    }
  },
  set: (thread) => write(sessionStorage, currentEntry, JSON.stringify(thread)),
};

/** Recent threads, newest first: [{ threadId, agent, title, updatedAt }]. */
export function recentThreads() {
  try {
    const threads = JSON.parse(read(localStorage, threadsEntry) ?? '[]');
    return Array.isArray(threads) ? threads.filter((t) => t && typeof t.threadId === 'string') : [];
  } catch {
    return [];
  }
}

/** Records that a thread was used; the title is kept from its first message. */
export function rememberThread({ threadId, agent, title }) {
  const threads = recentThreads();
  const existing = threads.find((t) => t.threadId === threadId && t.agent === agent);
  const entry = { threadId, agent, title: existing?.title || title || '', updatedAt: new Date().toISOString() };
  const rest = threads.filter((t) => t !== existing);
  write(localStorage, threadsEntry, JSON.stringify([entry, ...rest].slice(0, maxThreads)));
}

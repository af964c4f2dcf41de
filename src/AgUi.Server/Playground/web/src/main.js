// The playground page: wires the controls to a Session. See index.html for the layout.
import { randomUUID } from '@ag-ui/client';
import { el } from './dom.js';
import { EventLog, StateView } from './panels.js';
import { Session } from './session.js';
import { currentThread, functionKey, recentThreads } from './storage.js';
import { Transcript } from './transcript.js';

const byId = (id) => document.getElementById(id);
const picker = byId('agent-picker');
const keyInput = byId('function-key');
const connectionStatus = byId('connection-status');
const composer = byId('composer');
const input = byId('composer-input');
const sendButton = byId('send');
const stopButton = byId('stop');
const transcriptList = byId('transcript');
const threadList = byId('thread-list');
const openThreadInput = byId('open-thread-id');

const defaultAgents = [{ name: 'default', url: '/api/agent' }];
let agents = defaultAgents;

keyInput.value = functionKey.get();
const headers = () => {
  const key = keyInput.value.trim();
  return key ? { 'x-functions-key': key } : {};
};

const eventLog = new EventLog(byId('event-log'));
const session = new Session({
  transcript: new Transcript(transcriptList),
  stateView: new StateView(byId('state-view'), byId('state-source')),
  eventLog,
  headers,
  announce: (text) => { byId('announcer').textContent = text; },
  alert: (text) => { byId('alerts').textContent = text; },
  onBusy: (busy) => {
    sendButton.disabled = busy;
    stopButton.hidden = !busy;
    transcriptList.setAttribute('aria-busy', String(busy));
    // An answered question removes its buttons and, with them, the focus: give it back to the message box.
    if (!busy && document.activeElement === document.body) input.focus();
  },
  onStatus: (text) => { byId('run-status').textContent = text; },
  onThread: ({ threadId }) => {
    byId('thread-id').textContent = threadId;
    showThreads();
  },
});

/** The agents the server offers; without the list (no key yet, say) the default agent alone. */
async function loadAgents() {
  let listed = null;
  try {
    const response = await fetch('/playground/agents', { headers: headers(), cache: 'no-store' });
    if (response.ok) {
      listed = (await response.json()).agents;
      connectionStatus.textContent = '';
    } else if (response.status === 401) {
      connectionStatus.textContent = 'This server has function keys: enter one in “Function key”.';
    } else {
      connectionStatus.textContent = `Could not list the agents (HTTP ${response.status}).`;
    }
  } catch {
    connectionStatus.textContent = 'Could not reach the server.';
  }

  agents = Array.isArray(listed) && listed.length > 0 ? listed : defaultAgents;
  const selected = session.agentName ?? picker.value;
  picker.replaceChildren(...agents.map((agent) => el('option', { value: agent.name }, `${agent.name} (${agent.url})`)));
  picker.value = agents.some((agent) => agent.name === selected) ? selected : agents[0].name;
  picker.disabled = false;
}

const agentNamed = (name) => agents.find((agent) => agent.name === name);
const selectedAgent = () => agentNamed(picker.value) ?? agents[0];

function openThread(threadId, agent, sync) {
  picker.value = agent.name;
  return session.open({ threadId, agent, sync });
}

function showThreads() {
  const items = recentThreads().map((thread) => {
    const known = agentNamed(thread.agent);
    const when = new Date(thread.updatedAt);
    const button = el('button', { type: 'button', class: 'thread-button', disabled: !known,
      'aria-current': thread.threadId === session.threadId && thread.agent === session.agentName ? 'true' : undefined },
    el('span', { class: 'thread-title' }, thread.title || thread.threadId),
    el('span', { class: 'thread-meta' }, `${thread.agent} · ${Number.isNaN(when.getTime()) ? '' : when.toLocaleString()}`));
    button.dataset.threadId = thread.threadId;
    button.addEventListener('click', () => openThread(thread.threadId, known, true));
    return el('li', {}, button);
  });
  threadList.replaceChildren(...(items.length > 0 ? items : [el('li', { class: 'hint' }, 'No threads yet.')]));
}

composer.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || session.running) return;
  input.value = '';
  session.send(text);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

stopButton.addEventListener('click', () => {
  session.stop();
  input.focus();
});

keyInput.addEventListener('input', () => {
  functionKey.set(keyInput.value.trim());
  session.updateHeaders();
});
keyInput.addEventListener('change', () => loadAgents());

byId('forget-key').addEventListener('click', () => {
  keyInput.value = '';
  functionKey.set('');
  session.updateHeaders();
  loadAgents();
});

picker.addEventListener('change', () => openThread(randomUUID(), selectedAgent(), false));
byId('new-thread').addEventListener('click', () => {
  openThread(randomUUID(), selectedAgent(), false);
  input.focus();
});

byId('open-thread').addEventListener('click', () => {
  const threadId = openThreadInput.value.trim();
  if (!threadId) return;
  openThreadInput.value = '';
  openThread(threadId, selectedAgent(), true);
});
openThreadInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') byId('open-thread').click();
});

byId('clear-events').addEventListener('click', () => eventLog.clear());

await loadAgents();
const saved = currentThread.get();
const savedAgent = saved && agentNamed(saved.agent);
if (savedAgent && typeof saved.threadId === 'string') {
  await openThread(saved.threadId, savedAgent, true);
} else {
  await openThread(randomUUID(), selectedAgent(), false);
}
document.documentElement.dataset.ready = 'true';

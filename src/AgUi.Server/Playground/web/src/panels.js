// The side panels: the shared state as the events leave it, and the raw event log.
import { el, stickToEnd, timeOfDay } from './dom.js';

export class StateView {
  #view;
  #source;

  constructor(view, source) {
    this.#view = view;
    this.#source = source;
  }

  show(state, origin) {
    this.#view.textContent = JSON.stringify(state ?? {}, null, 2);
    this.#source.textContent = origin ? `From ${origin} at ${timeOfDay(new Date())}.` : 'No state yet.';
    this.#view.classList.remove('changed');
    // Restarting the animation needs a reflow between removing and adding the class.
    void this.#view.offsetWidth;
    if (origin) this.#view.classList.add('changed');
  }
}

const maxEntries = 2000;

/** What a log line shows after the type: the part of the event a person looks for first. */
function summary(event) {
  switch (event.type) {
    case 'TEXT_MESSAGE_CONTENT':
    case 'TOOL_CALL_ARGS':
      return JSON.stringify(event.delta);
    case 'TOOL_CALL_START':
      return event.toolCallName;
    case 'TOOL_CALL_RESULT':
      return String(event.content).slice(0, 80);
    case 'RUN_ERROR':
      return [event.code, event.message].filter(Boolean).join(': ');
    case 'RUN_FINISHED':
      return event.outcome?.type ?? '';
    case 'STATE_DELTA':
      return `${event.delta?.length ?? 0} operation(s)`;
    case 'MESSAGES_SNAPSHOT':
      return `${event.messages?.length ?? 0} message(s)`;
    case 'STEP_STARTED':
    case 'STEP_FINISHED':
      return event.stepName;
    default:
      return '';
  }
}

function category(type) {
  if (type.startsWith('RUN_') || type.startsWith('STEP_')) return 'lifecycle';
  if (type.startsWith('TEXT_')) return 'text';
  if (type.startsWith('TOOL_')) return 'tool';
  if (type.startsWith('STATE_') || type.startsWith('MESSAGES_')) return 'state';
  return 'other';
}

export class EventLog {
  #list;

  constructor(list) {
    this.#list = list;
  }

  /** One event as it arrived: the time of arrival, its type, and its JSON; a note says where it came from when not the server. */
  add(event, note) {
    const arrived = new Date();
    this.#append(el('li', { class: `event ${category(event.type)}`, 'data-type': event.type, 'data-note': note },
      el('details', {},
        el('summary', {},
          el('time', { datetime: arrived.toISOString() }, timeOfDay(arrived)),
          ' ',
          el('span', { class: 'event-type' }, event.type),
          ' ',
          el('span', { class: 'event-summary' }, note ? `(${note}) ${summary(event)}` : summary(event))),
        el('pre', { class: 'json' }, JSON.stringify(event, null, 2)))));
  }

  /** A line for a request the page sent, between the runs' events. */
  addRequest(text) {
    const sent = new Date();
    this.#append(el('li', { class: 'request' }, el('time', { datetime: sent.toISOString() }, timeOfDay(sent)), ' ', text));
  }

  clear() {
    this.#list.replaceChildren();
  }

  #append(item) {
    stickToEnd(this.#list, () => {
      this.#list.append(item);
      while (this.#list.childElementCount > maxEntries) this.#list.firstElementChild.remove();
    });
  }
}

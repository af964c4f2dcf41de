// The chat: messages as they stream, tool calls as cards, and the questions the page asks the person
// (the confirm_action tool and approval interrupts share one confirm card).
import { el, prettyJson, stickToEnd } from './dom.js';

const hintText =
  'Say hello. Ask the agent for the time in a city (a backend tool), to change the page background, ' +
  'or to check something with you first (the page asks you to confirm).';

/** The text of a user message's content: a string, or the text parts of a multimodal message. */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (part?.type === 'text' ? part.text : `[${part?.type ?? 'part'}]`)).join(' ');
}

let questionCount = 0;

export class Transcript {
  #list;
  #bubbles = new Map();
  #cards = new Map();
  #questions = new Set();

  constructor(list) {
    this.#list = list;
    this.clear();
  }

  clear() {
    this.cancelQuestions('The conversation was closed.');
    this.#bubbles.clear();
    this.#cards.clear();
    this.#list.replaceChildren(el('li', { class: 'hint-item' }, hintText));
  }

  /** Shows a whole history, as a MESSAGES_SNAPSHOT or a reopened thread brings it. */
  render(messages, isFrontendTool) {
    this.clear();
    for (const message of messages) {
      if (message.role === 'user') {
        this.addUser(textOf(message.content));
      } else if (message.role === 'assistant') {
        if (message.content) {
          const bubble = this.startAssistant(message.id);
          bubble.text.append(message.content);
          this.endAssistant(message.id);
        }
        for (const call of message.toolCalls ?? []) {
          this.startToolCall(call.id, call.function.name, isFrontendTool(call.function.name) ? 'frontend' : 'backend');
          this.endToolCall(call.id, call.function.arguments, 'unanswered', 'No result in this thread.');
        }
      } else if (message.role === 'tool') {
        this.toolResult(message.toolCallId, message.content, message.error);
      }
    }
  }

  addUser(text) {
    this.#add(el('li', { class: 'message user' }, el('p', { class: 'who' }, 'You'), el('div', { class: 'text' }, text)));
  }

  startAssistant(messageId) {
    const existing = this.#bubbles.get(messageId);
    if (existing) return existing;
    const text = el('div', { class: 'text' });
    const item = el('li', { class: 'message assistant streaming', 'data-message-id': messageId, 'aria-busy': 'true' },
      el('p', { class: 'who' }, 'Agent'), text);
    const bubble = { item, text };
    this.#bubbles.set(messageId, bubble);
    this.#add(item);
    return bubble;
  }

  /** One text node per delta, so the reply grows on screen exactly as it streams. */
  appendText(messageId, delta) {
    const bubble = this.#bubbles.get(messageId) ?? this.startAssistant(messageId);
    stickToEnd(this.#list, () => bubble.text.append(document.createTextNode(delta)));
  }

  endAssistant(messageId) {
    const bubble = this.#bubbles.get(messageId);
    if (!bubble) return '';
    bubble.item.classList.remove('streaming');
    bubble.item.setAttribute('aria-busy', 'false');
    return bubble.text.textContent;
  }

  startToolCall(toolCallId, name, kind) {
    if (this.#cards.has(toolCallId)) return;
    const status = el('p', { class: 'tool-status' }, 'Receiving the arguments…');
    const args = el('pre', { class: 'json tool-args' });
    const result = el('pre', { class: 'json tool-result' });
    const resultBlock = el('div', { class: 'tool-result-block', hidden: true }, el('p', { class: 'label' }, 'Result'), result);
    const item = el('li', { class: 'tool-card', 'data-tool-call-id': toolCallId, 'data-tool-name': name, 'data-kind': kind, 'data-status': 'streaming' },
      el('div', { class: 'tool-head' },
        el('h3', { class: 'tool-name' }, name),
        el('span', { class: 'badge' }, kind === 'frontend' ? 'frontend tool' : 'backend tool')),
      status,
      el('p', { class: 'label' }, 'Arguments'),
      args,
      resultBlock);
    this.#cards.set(toolCallId, { item, status, args, result, resultBlock });
    this.#add(item);
  }

  appendToolArgs(toolCallId, delta) {
    const card = this.#cards.get(toolCallId);
    if (card) stickToEnd(this.#list, () => card.args.append(document.createTextNode(delta)));
  }

  /** The call's arguments are complete (those given, or the streamed ones): shows them formatted, and what happens next. */
  endToolCall(toolCallId, argumentsJson, status, statusText) {
    const card = this.#cards.get(toolCallId);
    if (!card) return;
    card.args.textContent = prettyJson(argumentsJson ?? card.args.textContent);
    this.setToolStatus(toolCallId, status, statusText);
  }

  setToolStatus(toolCallId, status, text) {
    const card = this.#cards.get(toolCallId);
    if (!card) return;
    card.item.dataset.status = status;
    card.status.textContent = text;
  }

  toolResult(toolCallId, content, error) {
    const card = this.#cards.get(toolCallId);
    if (!card) return;
    card.result.textContent = prettyJson(String(content ?? ''));
    card.resultBlock.hidden = false;
    this.setToolStatus(toolCallId, error ? 'failed' : 'done', error ? `Failed: ${error}` : 'Done.');
  }

  /**
   * Asks the person a yes/no question in the card of a tool call (or on its own when there is none) and
   * resolves with true or false, or with null when the question is withdrawn (Stop, another thread).
   */
  ask(toolCallId, { heading, message, note, yes, no }) {
    const card = this.#cards.get(toolCallId);
    const yesButton = el('button', { type: 'button', class: 'primary', 'data-answer': 'yes' }, yes);
    const noButton = el('button', { type: 'button', 'data-answer': 'no' }, no);
    const outcome = el('p', { class: 'question-outcome' });
    const headingId = `question-${++questionCount}`;
    const box = el('section', { class: 'question', tabindex: '-1', 'aria-labelledby': headingId },
      el('h4', { id: headingId }, heading),
      el('p', { class: 'question-message' }, message),
      note ? el('p', { class: 'hint' }, note) : null,
      el('div', { class: 'row' }, yesButton, noButton),
      outcome);
    if (card) {
      stickToEnd(this.#list, () => card.resultBlock.before(box));
    } else {
      this.#add(el('li', { class: 'tool-card standalone', 'data-status': 'waiting' }, box));
    }

    box.focus();
    return new Promise((resolve) => {
      const question = {
        settle: (answer, text) => {
          this.#questions.delete(question);
          yesButton.remove();
          noButton.remove();
          outcome.textContent = text;
          box.classList.add('answered');
          resolve(answer);
        },
      };
      this.#questions.add(question);
      yesButton.addEventListener('click', () => question.settle(true, `You chose: ${yes}.`));
      noButton.addEventListener('click', () => question.settle(false, `You chose: ${no}.`));
    });
  }

  cancelQuestions(text) {
    for (const question of [...this.#questions]) question.settle(null, text);
  }

  /** Marks what a run left open (a reply still streaming, a tool call without its result) as cut short. */
  settleOpenItems(text) {
    for (const [messageId, bubble] of this.#bubbles) {
      if (bubble.item.classList.contains('streaming')) this.endAssistant(messageId);
    }

    for (const [toolCallId, card] of this.#cards) {
      if (card.item.dataset.status === 'streaming' || card.item.dataset.status === 'running') {
        this.setToolStatus(toolCallId, 'unanswered', text);
      }
    }
  }

  addError(text) {
    this.#add(el('li', { class: 'message error' }, el('p', { class: 'who' }, 'Error'), el('div', { class: 'text' }, text)));
  }

  addNote(text) {
    this.#add(el('li', { class: 'note' }, text));
  }

  #add(item) {
    this.#list.querySelector(':scope > .hint-item')?.remove();
    stickToEnd(this.#list, () => this.#list.append(item));
  }
}

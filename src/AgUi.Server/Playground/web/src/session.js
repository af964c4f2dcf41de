// One conversation with one agent: an HttpAgent for a thread, the runs it makes, and what the page does
// between runs (it runs its frontend tools and answers interrupts, then starts the next run).
import { HttpAgent, buildResumeArray, isInterruptExpired, randomUUID } from '@ag-ui/client';
import { rememberThread, currentThread } from './storage.js';
import { changeBackground, frontendTools, isFrontendTool } from './tools.js';

// Runs in a row without a new message from the person: a model that keeps calling the page's tools stops here.
const maxFollowUpRuns = 10;

export class Session {
  #ui;
  #agent = null;
  #agentInfo = null;
  #driving = Promise.resolve();
  #busy = false;
  #stopped = false;
  #stateOrigin = null;

  /**
   * @param ui { transcript, stateView, eventLog, headers(), announce(text), alert(text),
   *             onBusy(busy), onStatus(text), onThread({ threadId, agent }) }
   */
  constructor(ui) {
    this.#ui = ui;
  }

  /** True from a person's message until the page has nothing left to do for it. */
  get running() {
    return this.#busy;
  }

  get threadId() {
    return this.#agent?.threadId;
  }

  get agentName() {
    return this.#agentInfo?.name;
  }

  /** Shows a thread of an agent ({ name, url }); with sync, asks the server for its history and state first. */
  async open({ threadId, agent, sync }) {
    await this.stop();
    this.#agentInfo = agent;
    this.#agent = new HttpAgent({ url: new URL(agent.url, location.href).href, headers: this.#ui.headers(), threadId });
    this.#stateOrigin = null;
    this.#ui.transcript.clear();
    this.#ui.stateView.show({}, null);
    currentThread.set({ threadId, agent: agent.name });
    if (sync) rememberThread({ threadId, agent: agent.name });
    this.#ui.onThread({ threadId, agent: agent.name });
    if (sync) await this.#drive({});
  }

  /** Sends the person's message; interrupts still open are answered as cancelled in the same run. */
  async send(text) {
    if (this.running || !this.#agent) return;
    const agent = this.#agent;
    const open = agent.pendingInterrupts;
    const resume = open.length > 0
      ? buildResumeArray(open, Object.fromEntries(open.map((interrupt) => [interrupt.id, { status: 'cancelled' }])))
      : undefined;
    for (const interrupt of open) {
      if (interrupt.toolCallId) this.#ui.transcript.setToolStatus(interrupt.toolCallId, 'cancelled', 'Cancelled: you sent a new message.');
    }

    agent.addMessage({ id: randomUUID(), role: 'user', content: text });
    this.#ui.transcript.addUser(text);
    rememberThread({ threadId: agent.threadId, agent: this.#agentInfo.name, title: text.slice(0, 80) });
    this.#ui.onThread({ threadId: agent.threadId, agent: this.#agentInfo.name });
    await this.#drive(resume ? { resume } : {});
  }

  /** Ends the current run and withdraws the questions waiting for an answer; resolves when all has stopped. */
  async stop() {
    if (this.#busy) {
      this.#stopped = true;
      this.#ui.transcript.cancelQuestions('Stopped before you answered.');
      this.#agent?.abortRun();
    }
    await this.#driving;
  }

  updateHeaders() {
    if (this.#agent) this.#agent.headers = this.#ui.headers();
  }

  #drive(params) {
    const driving = this.#driveRuns(params);
    this.#driving = driving.catch(() => {});
    return driving;
  }

  async #driveRuns(params) {
    this.#stopped = false;
    this.#setBusy(true);
    try {
      let next = params;
      for (let run = 0; next; run++) {
        if (run > maxFollowUpRuns) {
          this.#ui.transcript.addNote(`Stopped after ${maxFollowUpRuns} runs in a row without a message from you.`);
          break;
        }

        const finished = await this.#runOnce(next);
        next = finished && !this.#stopped ? await this.#afterRun(finished) : null;
      }
    } finally {
      this.#ui.transcript.settleOpenItems(this.#stopped ? 'Stopped before it finished.' : 'The run ended before this finished.');
      if (this.#stopped) this.#ui.transcript.addNote('Stopped.');
      this.#setBusy(false);
    }
  }

  /** One run; resolves with the RUN_FINISHED details, or null when it failed or was stopped. */
  async #runOnce(params) {
    const agent = this.#agent;
    let finished = null;
    let failed = false;
    let snapshot = false;
    const answers = params.resume ? `, ${params.resume.length} interrupt answer(s)` : '';
    this.#ui.eventLog.addRequest(
      `POST ${new URL(agent.url).pathname}, thread ${agent.threadId}: ${agent.messages.length} message(s)${answers}`);
    try {
      await agent.runAgent({ ...params, tools: frontendTools }, this.#subscriber({
        finished: (details) => { finished = details; },
        failed: () => { failed = true; },
        snapshot: () => { snapshot = true; },
      }));
    } catch (error) {
      if (!failed && !this.#stopped) this.#showFailure(error);
      return null;
    }

    if (snapshot) this.#ui.transcript.render(agent.messages, isFrontendTool);
    return failed ? null : finished;
  }

  /** What the next run sends, after the page did what this run left to it; null when nothing is left. */
  async #afterRun(finished) {
    if (finished.outcome === 'interrupt') {
      const answers = await Promise.all(finished.interrupts.map((interrupt) => this.#askInterrupt(interrupt)));
      if (answers.includes(null)) return null;
      const responses = Object.fromEntries(finished.interrupts.map((interrupt, i) => [interrupt.id, answers[i]]));
      return { resume: buildResumeArray(this.#agent.pendingInterrupts, responses) };
    }

    if (finished.outcome !== 'success') return null;
    const calls = finished.pendingToolCallIds
      .map((id) => this.#agent.messages.flatMap((m) => m.toolCalls ?? []).find((call) => call.id === id))
      .filter(Boolean);
    if (calls.length === 0) return null;
    for (const call of calls) {
      const result = await this.#runFrontendTool(call);
      if (result === null) return null;
      const content = result.error ?? result.content;
      this.#agent.addMessage({
        id: `tool-${call.id}`,
        role: 'tool',
        toolCallId: call.id,
        content,
        ...(result.error ? { error: result.error } : {}),
      });
      this.#ui.transcript.toolResult(call.id, content, result.error);
    }

    return {};
  }

  async #runFrontendTool(call) {
    let args;
    try {
      args = JSON.parse(call.function.arguments || '{}');
    } catch {
      return { error: 'The arguments are not valid JSON.' };
    }

    switch (call.function.name) {
      case 'change_background':
        return changeBackground(args);
      case 'confirm_action': {
        const message = typeof args.message === 'string' && args.message ? args.message : 'Go ahead?';
        this.#ui.transcript.setToolStatus(call.id, 'waiting', 'Waiting for your answer.');
        this.#ui.onStatus('Waiting for you');
        this.#ui.announce(`The agent asks you to confirm: ${message}`);
        const confirmed = await this.#ui.transcript.ask(call.id, { heading: 'The agent asks you to confirm', message, yes: 'Confirm', no: 'Cancel' });
        return confirmed === null ? null : { content: JSON.stringify({ confirmed }) };
      }
      default:
        return { error: `This page has no tool named ${call.function.name}.` };
    }
  }

  /** Asks the person to approve or reject; resolves with the answer for resume, or null when withdrawn. */
  async #askInterrupt(interrupt) {
    const toolName = interrupt.metadata?.toolName;
    const expires = interrupt.expiresAt ? new Date(interrupt.expiresAt) : null;
    if (interrupt.toolCallId) this.#ui.transcript.setToolStatus(interrupt.toolCallId, 'waiting', 'Waiting for your approval.');
    this.#ui.onStatus('Waiting for you');
    const message = interrupt.message ?? `The agent is waiting for your answer (${interrupt.reason}).`;
    this.#ui.announce(`Approval needed: ${message}`);
    const approved = await this.#ui.transcript.ask(interrupt.toolCallId, {
      heading: toolName ? `Approve ${toolName}?` : `The agent needs your answer (${interrupt.reason})`,
      message,
      note: expires && !Number.isNaN(expires.getTime())
        ? `Answer before ${expires.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}.`
        : undefined,
      yes: 'Approve',
      no: 'Reject',
    });
    if (approved === null) return null;
    if (isInterruptExpired(interrupt)) {
      if (interrupt.toolCallId) this.#ui.transcript.setToolStatus(interrupt.toolCallId, 'cancelled', 'Expired before you answered: cancelled.');
      return { status: 'cancelled' };
    }

    if (interrupt.toolCallId) {
      this.#ui.transcript.setToolStatus(interrupt.toolCallId, approved ? 'running' : 'rejected', approved ? 'Approved: running on the server…' : 'Rejected.');
    }

    return { status: 'resolved', payload: { approved } };
  }

  #subscriber(run) {
    const { transcript, stateView, eventLog } = this.#ui;
    return {
      onEvent: ({ event }) => {
        // Stopping aborts the request; the client then reports a RUN_ERROR of its own, which the server never sent.
        eventLog.add(event, this.#stopped && event.type === 'RUN_ERROR' ? 'made by the client: the run was stopped' : undefined);
      },
      onRunStartedEvent: () => {
        this.#ui.onStatus('Running…');
      },
      onTextMessageStartEvent: ({ event }) => {
        transcript.startAssistant(event.messageId);
      },
      onTextMessageContentEvent: ({ event }) => {
        transcript.appendText(event.messageId, event.delta);
      },
      onTextMessageEndEvent: ({ event }) => {
        const text = transcript.endAssistant(event.messageId);
        if (text) this.#ui.announce(`The agent says: ${text}`);
      },
      onToolCallStartEvent: ({ event }) => {
        transcript.startToolCall(event.toolCallId, event.toolCallName, isFrontendTool(event.toolCallName) ? 'frontend' : 'backend');
      },
      onToolCallArgsEvent: ({ event }) => {
        transcript.appendToolArgs(event.toolCallId, event.delta);
      },
      onToolCallEndEvent: ({ event, toolCallName }) => {
        const frontend = isFrontendTool(toolCallName);
        transcript.endToolCall(event.toolCallId, null, frontend ? 'handed-over' : 'running',
          frontend ? 'The page runs this tool when the run ends.' : 'Running on the server…');
      },
      onToolCallResultEvent: ({ event }) => {
        transcript.toolResult(event.toolCallId, event.content);
      },
      onStateSnapshotEvent: () => {
        this.#stateOrigin = 'STATE_SNAPSHOT';
      },
      onStateDeltaEvent: () => {
        this.#stateOrigin = 'STATE_DELTA';
      },
      onStateChanged: ({ state }) => {
        stateView.show(state, this.#stateOrigin);
      },
      onMessagesSnapshotEvent: () => {
        run.snapshot();
      },
      onRunFinishedEvent: (details) => {
        run.finished(details);
      },
      onRunErrorEvent: ({ event }) => {
        run.failed();
        if (this.#stopped) return;
        const text = `The run failed${event.code ? ` (${event.code})` : ''}: ${event.message}`;
        transcript.addError(text);
        this.#ui.alert(text);
      },
    };
  }

  #showFailure(error) {
    const text = error?.status === 401
      ? 'The server asks for a function key (HTTP 401). Enter it in “Function key” at the top and send again.'
      : `The request failed: ${error?.message ?? error}`;
    this.#ui.transcript.addError(text);
    this.#ui.alert(text);
  }

  #setBusy(busy) {
    this.#busy = busy;
    this.#ui.onBusy(busy);
    this.#ui.onStatus(busy ? 'Running…' : this.#stopped ? 'Stopped' : 'Idle');
  }
}

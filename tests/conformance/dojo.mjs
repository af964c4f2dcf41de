// The AG-UI dojo's seven features against tests/AgUi.Dojo over the scripted model, with each official
// client, plus an approval that survives a restart of the server on Azurite.
import assert from 'node:assert/strict';
import { runWithClient } from './lib/clients.mjs';
import { expectValidStream } from './lib/harness.mjs';
import { textReply, toolCallReply } from './lib/scripted-model.mjs';

const userMessage = (content) => ({ id: `user-${Math.random().toString(36).slice(2)}`, role: 'user', content });
const supportsInterrupts = (client) => client.version === '1.0.0';

/** What a page does with a frontend tool call: run it and hand the result to the next run. */
function playTheTool(run, content) {
  const call = run.messages.at(-1).toolCalls.at(-1);
  run.agent.messages.push({ id: `tool-${call.id}`, role: 'tool', toolCallId: call.id, content });
  return call;
}

export function dojoScenarios({ model, dojo, dojoOnAzurite }) {
  return [
    {
      name: 'dojo agentic chat: the reply streams, and a frontend tool changes the page',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        model.script(textReply('Hello ', 'there.'), toolCallReply({ id: 'call_bg', name: 'change_background', args: { color: 'teal' } }), textReply('It is teal now.'));
        const tools = [{ name: 'change_background', description: 'Changes the page background.', parameters: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] } }];

        const chat = await runWithClient(client, { url, messages: [userMessage('Hi')], tools });
        expectValidStream(chat);
        assert.ok(chat.events.filter((e) => e.type === 'TEXT_MESSAGE_CONTENT').length >= 2, 'the reply streams in pieces');
        assert.equal(chat.messages.at(-1).content, 'Hello there.');

        chat.agent.messages.push(userMessage('Make it teal'));
        const paint = await runWithClient(client, { agent: chat.agent, tools });
        expectValidStream(paint);
        if (supportsInterrupts(client)) {
          assert.deepEqual(paint.events.at(-1).outcome, { type: 'success', pendingToolCallIds: ['call_bg'] });
        }
        assert.deepEqual(JSON.parse(playTheTool(paint, 'Background is teal').function.arguments), { color: 'teal' });
        const answer = await runWithClient(client, { agent: paint.agent, tools });
        expectValidStream(answer);
        assert.equal(answer.messages.at(-1).content, 'It is teal now.');
      },
    },
    {
      name: 'dojo backend tool rendering: the server runs the tool and the client gets its result to render',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        model.script(toolCallReply({ id: 'call_time', name: 'get_current_time', args: { timeZone: 'Asia/Tokyo' } }), textReply('It is evening in Tokyo.'));

        const run = await runWithClient(client, { url, messages: [userMessage('Time in Tokyo?')] });
        expectValidStream(run);
        const result = run.messages.find((m) => m.role === 'tool');
        assert.equal(result.toolCallId, 'call_time');
        assert.equal(JSON.parse(result.content).timeZone, 'Asia/Tokyo');
        assert.equal(run.messages.at(-1).content, 'It is evening in Tokyo.');
      },
    },
    {
      name: 'dojo human in the loop: a tool that needs approval pauses the run; 1.0 clients answer with resume, older ones move on',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        const email = { to: 'ada@example.com', subject: 'Lunch', body: 'Noon?' };
        model.script(toolCallReply({ id: 'call_mail', name: 'send_email', args: email }));

        const paused = await runWithClient(client, { url, messages: [userMessage('Invite Ada to lunch')] });
        expectValidStream(paused);
        assert.ok(!paused.events.some((e) => e.type === 'TOOL_CALL_RESULT'), 'the tool does not run before it is approved');
        if (supportsInterrupts(client)) {
          const [interrupt] = paused.agent.pendingInterrupts;
          assert.equal(interrupt.reason, 'tool_approval');
          assert.equal(interrupt.toolCallId, 'call_mail');
          assert.equal(interrupt.message, 'Send this email?');
          assert.deepEqual(interrupt.metadata, { toolName: 'send_email', arguments: email });

          model.script(textReply('Sent it.'));
          const resume = client.buildResumeArray(paused.agent.pendingInterrupts, { [interrupt.id]: { status: 'resolved', payload: { approved: true } } });
          const approved = await runWithClient(client, { agent: paused.agent, resume });
          expectValidStream(approved);
          assert.deepEqual(approved.agent.pendingInterrupts, []);
          assert.match(approved.messages.find((m) => m.role === 'tool').content, /Sent "Lunch" to ada@example.com/);
          assert.equal(approved.messages.at(-1).content, 'Sent it.');
        } else {
          // 0.0.x clients strip the unknown outcome: they see a finished run with a tool call and no result.
          assert.equal(paused.events.at(-1).outcome, undefined);
          model.script(textReply('OK, I will not send it.'));
          paused.agent.messages.push(userMessage('Actually, do not send it'));
          const movedOn = await runWithClient(client, { agent: paused.agent });
          expectValidStream(movedOn);
          assert.match(movedOn.messages.find((m) => m.role === 'tool').content, /cancelled before anyone approved it/);
          assert.match(model.requests.at(-1).messages.find((m) => m.role === 'tool').content, /cancelled/);
        }
      },
    },
    {
      name: 'dojo agentic generative UI: a long task streams its steps and their status in the state',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        model.script(toolCallReply({ id: 'call_plan', name: 'run_plan', args: { steps: ['Find flights', 'Book hotel'] } }), textReply('Your trip is planned.'));

        const run = await runWithClient(client, { url, messages: [userMessage('Plan my trip')] });
        expectValidStream(run);
        const steps = run.events.filter((e) => e.type === 'STEP_STARTED' || e.type === 'STEP_FINISHED').map((e) => `${e.type} ${e.stepName}`);
        assert.deepEqual(steps, ['STEP_STARTED Find flights', 'STEP_FINISHED Find flights', 'STEP_STARTED Book hotel', 'STEP_FINISHED Book hotel']);
        assert.ok(run.events.filter((e) => e.type === 'STATE_DELTA').length >= 4, 'each status change streams');
        assert.deepEqual(run.state, { steps: [{ title: 'Find flights', status: 'done' }, { title: 'Book hotel', status: 'done' }] });
      },
    },
    {
      name: 'dojo tool-based generative UI: the page renders a frontend tool call from its arguments',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        const haiku = { japanese: ['古池や'], english: ['An old silent pond'] };
        model.script(toolCallReply({ id: 'call_haiku', name: 'generate_haiku', args: haiku }));
        const tools = [{ name: 'generate_haiku', description: 'Shows a haiku.', parameters: { type: 'object', properties: { japanese: { type: 'array', items: { type: 'string' } }, english: { type: 'array', items: { type: 'string' } } } } }];

        const run = await runWithClient(client, { url, messages: [userMessage('A haiku about a pond')], tools });
        expectValidStream(run);
        assert.ok(!run.events.some((e) => e.type === 'TOOL_CALL_RESULT'));
        const call = run.messages.at(-1).toolCalls[0];
        assert.equal(call.function.name, 'generate_haiku');
        assert.deepEqual(JSON.parse(call.function.arguments), haiku);
        if (supportsInterrupts(client)) {
          assert.deepEqual(run.events.at(-1).outcome.pendingToolCallIds, ['call_haiku']);
        }
      },
    },
    {
      name: 'dojo shared state: the client and the server edit one state, and the server keeps it',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        model.script(
          toolCallReply({ id: 'call_recipe', name: 'update_state', args: { operations: [{ op: 'add', path: '/recipe/ingredients/-', value: 'basil' }] } }),
          textReply('Added basil.'));

        const run = await runWithClient(client, { url, messages: [userMessage('Add basil')], state: { recipe: { title: 'Pesto', ingredients: ['pine nuts'] } } });
        expectValidStream(run);
        assert.deepEqual(run.state, { recipe: { title: 'Pesto', ingredients: ['pine nuts', 'basil'] } });
        assert.deepEqual(model.requests[0].messages.at(-1).role, 'user');

        const fresh = await runWithClient(client, { url, threadId: run.agent.threadId });
        assert.deepEqual(fresh.state, run.state, 'a client that holds nothing gets the same state back');
      },
    },
    {
      name: 'dojo predictive state updates: the document streams into the state while the model writes it',
      async run(client) {
        const { url } = await dojo();
        model.reset();
        const document = '# Ode to the sea\\n\\nWaves come and go, and so do we.';
        model.script(toolCallReply({ id: 'call_doc', name: 'write_document', args: { document } }), textReply('Done writing.'));
        const seen = [];

        const run = await runWithClient(client, { url, messages: [userMessage('Write an ode')], state: { document: '' } });
        expectValidStream(run);
        for (const e of run.events.filter((e) => e.type === 'STATE_DELTA')) seen.push(e.delta[0].value);
        assert.ok(seen.length >= 2, 'the document arrives in more than one piece');
        assert.ok(document.startsWith(seen[0]) && seen[0].length < document.length, 'the first piece is a part of the document');
        const argsEnd = run.events.findIndex((e) => e.type === 'TOOL_CALL_END');
        assert.ok(run.events.findIndex((e) => e.type === 'STATE_DELTA') < argsEnd, 'the state moves before the call ends');
        assert.equal(run.state.document, document);

        const fresh = await runWithClient(client, { url, threadId: run.agent.threadId });
        assert.deepEqual(fresh.state, run.state, 'the stored state is the one the client holds');
      },
    },
    {
      name: 'dojo human in the loop across a restart: the approval paused on one server is answered on a new one (Azurite)',
      async run(client) {
        let server = await dojoOnAzurite.start();
        model.reset();
        model.script(toolCallReply({ id: 'call_restart', name: 'send_email', args: { to: 'grace@example.com', subject: 'Notes', body: 'Attached.' } }));
        const paused = await runWithClient(client, { url: server.url, messages: [userMessage('Send Grace the notes')] });
        expectValidStream(paused);
        await server.stop();

        server = await dojoOnAzurite.start();
        try {
          paused.agent.url = server.url;
          if (supportsInterrupts(client)) {
            model.script(textReply('Sent to Grace.'));
            const [interrupt] = paused.agent.pendingInterrupts;
            const resumed = await runWithClient(client, { agent: paused.agent, resume: [{ interruptId: interrupt.id, status: 'resolved', payload: { approved: true } }] });
            expectValidStream(resumed);
            assert.match(resumed.messages.find((m) => m.role === 'tool').content, /Sent "Notes" to grace@example.com/);
            assert.equal(resumed.messages.at(-1).content, 'Sent to Grace.');
          } else {
            model.script(textReply('Not sent.'));
            paused.agent.messages.push(userMessage('Never mind'));
            const movedOn = await runWithClient(client, { agent: paused.agent });
            expectValidStream(movedOn);
            assert.match(movedOn.messages.find((m) => m.role === 'tool').content, /cancelled/);
          }

          // A third client that holds nothing sees the whole thread from the store of the new server.
          const sync = await runWithClient(client, { url: server.url, threadId: paused.agent.threadId });
          assert.deepEqual(sync.messages.map((m) => m.role), ['user', 'assistant', ...(supportsInterrupts(client) ? ['tool', 'assistant'] : ['user', 'tool', 'assistant'])]);
        } finally {
          await server.stop();
        }
      },
    },
  ];
}

// The official AG-UI clients (@ag-ui/client 1.0.0 and 0.0.39) against the real AgUi.Server.
// Usage: node tests/conformance/run.mjs [--configuration Release]
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { clients, runWithClient } from './lib/clients.mjs';
import { expectValidStream, runScenarios } from './lib/harness.mjs';
import { startScriptedModel, textReply, toolCallReply } from './lib/scripted-model.mjs';
import { startAzurite } from './lib/azurite.mjs';
import { startServer } from './lib/server.mjs';
import { dojoScenarios } from './dojo.mjs';

const { values } = parseArgs({ options: { configuration: { type: 'string', default: 'Release' } } });
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const model = await startScriptedModel();
const modelEnv = {
  AgUi__Model__Provider: 'OpenAICompatible',
  AgUi__Model__Endpoint: model.baseUrl,
  AgUi__Model__Model: 'scripted',
  AgUi__Model__MaxRetries: '0',
};

const servers = {};
async function server(name, env, project) {
  servers[name] ??= await startServer({ repoRoot, configuration: values.configuration, env, project });
  return servers[name];
}

// The dojo features (tests/AgUi.Dojo) over the scripted model; one Azurite for the servers that are restarted.
const dojo = () => server('dojo', modelEnv, 'tests/AgUi.Dojo');
let azurite;
const dojoOnAzurite = {
  async start() {
    azurite ??= await startAzurite();
    return startServer({ repoRoot, configuration: values.configuration, env: { ...modelEnv, ThreadStorage: azurite.connectionString }, project: 'tests/AgUi.Dojo' });
  },
};

// The README's "Write your own agent" example (tests/AgUi.Examples) over the scripted model.
const examples = () => server('examples', modelEnv, 'tests/AgUi.Examples');
const agentUrl = (baseUrl, name) => `${baseUrl}/api/agents/${name}`;

const userMessage = (content) => ({ id: `user-${Math.random().toString(36).slice(2)}`, role: 'user', content });

const scenarios = [
  {
    name: 'offline agent streams a reply quoting the user',
    async run(client) {
      const { url } = await server('offline', {});
      const run = await runWithClient(client, { url, messages: [userMessage('Hello from the conformance harness')] });
      assert.equal(run.error, undefined, `runAgent rejected: ${run.error}`);
      expectValidStream(run);
      const reply = run.messages.at(-1);
      assert.equal(reply.role, 'assistant');
      assert.match(reply.content, /\[offline agent\]/);
      assert.match(reply.content, /Hello from the conformance harness/);
    },
  },
  {
    name: 'a second run on the same agent keeps the history',
    async run(client) {
      const { url } = await server('offline', {});
      const first = await runWithClient(client, { url, messages: [userMessage('first question')] });
      first.agent.messages.push(userMessage('second question'));
      const second = await runWithClient(client, { agent: first.agent });
      expectValidStream(second);
      assert.deepEqual(second.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
      assert.match(second.messages.at(-1).content, /second question/);
    },
  },
  {
    name: 'function key in x-functions-key is accepted, a missing key gets HTTP 401',
    async run(client) {
      const { url } = await server('keyed', { AgUi__Auth__FunctionKeys: 'old-key,new-key' });
      const withKey = await runWithClient(client, { url, headers: { 'x-functions-key': 'new-key' }, messages: [userMessage('hi')] });
      assert.equal(withKey.error, undefined, `runAgent rejected: ${withKey.error}`);
      expectValidStream(withKey);
      const withoutKey = await runWithClient(client, { url, messages: [userMessage('hi')] });
      assert.ok(withoutKey.error, 'runAgent without a key must fail');
      assert.match(String(withoutKey.error?.message ?? withoutKey.error), /401/);
      assert.equal(withoutKey.events.length, 0);
    },
  },
  {
    name: 'a failing agent reaches the client as a RUN_ERROR event',
    async run(client) {
      const { url } = await server('model', modelEnv);
      model.reset();
      model.script({ status: 500 });
      const run = await runWithClient(client, { url, messages: [userMessage('this will fail')] });
      expectValidStream(run, { ends: 'RUN_ERROR' });
      const runError = run.events.at(-1);
      assert.equal(typeof runError.code, 'string');
      assert.doesNotMatch(runError.message, /scripted 500/, 'the provider body is not echoed');
    },
  },
  {
    name: 'a frontend tool call reaches the client, and the next run answers from its result',
    async run(client) {
      const { url } = await server('model', modelEnv);
      model.reset();
      model.script(toolCallReply({ id: 'call_weather', name: 'show_weather', args: { city: 'Paris' } }), textReply('Sunny ', 'in Paris.'));
      const tools = [{
        name: 'show_weather',
        description: 'Shows the weather for a city in the page.',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      }];

      const first = await runWithClient(client, { url, messages: [userMessage('Weather in Paris?')], tools });
      assert.equal(first.error, undefined, `runAgent rejected: ${first.error}`);
      expectValidStream(first);
      assert.ok(!first.events.some((e) => e.type === 'TOOL_CALL_RESULT'), 'a frontend tool gets no TOOL_CALL_RESULT');
      const call = first.messages.at(-1);
      assert.equal(call.role, 'assistant');
      assert.deepEqual(call.toolCalls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]),
        [['call_weather', 'show_weather', { city: 'Paris' }]]);
      assert.deepEqual(model.requests[0].tools.map((t) => t.function.name), ['show_weather', 'get_current_time', 'update_state']);

      // The test plays the page: it runs the tool and hands its result to the next run.
      first.agent.messages.push({ id: 'tool-result-1', role: 'tool', toolCallId: 'call_weather', content: 'Sunny, 24 °C' });
      const second = await runWithClient(client, { agent: first.agent, tools });
      assert.equal(second.error, undefined, `runAgent rejected: ${second.error}`);
      expectValidStream(second);
      assert.equal(second.messages.at(-1).content, 'Sunny in Paris.');
      const sent = model.requests[1].messages;
      assert.deepEqual(sent.map((m) => m.role), ['user', 'assistant', 'tool']);
      assert.equal(sent[1].tool_calls[0].id, 'call_weather');
      assert.deepEqual([sent[2].tool_call_id, sent[2].content], ['call_weather', 'Sunny, 24 °C']);
    },
  },
  {
    name: 'a backend tool runs in the server and the client records its TOOL_CALL_RESULT',
    async run(client) {
      const { url } = await server('model', modelEnv);
      model.reset();
      model.script(toolCallReply({ id: 'call_time', name: 'get_current_time', args: { timeZone: 'Europe/Paris' } }), textReply('It is ', 'morning.'));

      const run = await runWithClient(client, { url, messages: [userMessage('What time is it in Paris?')] });
      assert.equal(run.error, undefined, `runAgent rejected: ${run.error}`);
      expectValidStream(run);
      assert.deepEqual(run.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
      const result = run.messages[2];
      assert.equal(result.toolCallId, 'call_time');
      const time = JSON.parse(result.content);
      assert.equal(time.timeZone, 'Europe/Paris');
      assert.match(time.localTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      assert.equal(run.messages.at(-1).content, 'It is morning.');
      const fedBack = model.requests[1].messages.at(-1);
      assert.deepEqual([fedBack.role, fedBack.tool_call_id, fedBack.content], ['tool', 'call_time', result.content]);
    },
  },
  {
    name: 'threads: a client holding no messages gets the stored thread in a sync run',
    async run(client) {
      const { url } = await server('offline', {});
      const threadId = `sync-${Math.random().toString(36).slice(2)}`;
      const first = await runWithClient(client, { url, threadId, messages: [userMessage('remember me')], state: { theme: 'dark' } });
      expectValidStream(first);
      const sync = await runWithClient(client, { url, threadId });
      expectValidStream(sync);
      assert.deepEqual(sync.events.map((e) => e.type), ['RUN_STARTED', 'STATE_SNAPSHOT', 'MESSAGES_SNAPSHOT', 'RUN_FINISHED']);
      assert.deepEqual(sync.messages.map((m) => m.id), first.messages.map((m) => m.id));
      assert.deepEqual(sync.state, { theme: 'dark' });
    },
  },
  {
    name: 'threads: a client sending only its latest message keeps the whole history, and the stored state',
    async run(client) {
      const { url } = await server('offline', {});
      const threadId = `recent-${Math.random().toString(36).slice(2)}`;
      await runWithClient(client, { url, threadId, messages: [userMessage('first question')], state: { step: 1 } });
      const second = await runWithClient(client, { url, threadId, messages: [userMessage('second question')] });
      expectValidStream(second);
      assert.equal(second.events[1].type, 'STATE_SNAPSHOT', 'the stored state follows RUN_STARTED');
      assert.deepEqual(second.state, { step: 1 });
      const sync = await runWithClient(client, { url, threadId });
      assert.deepEqual(sync.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
      assert.match(sync.messages.at(-1).content, /second question/);
    },
  },
  {
    name: 'threads: update_state streams STATE_DELTA, the client applies it, and the server keeps it',
    async run(client) {
      const { url } = await server('model', modelEnv);
      model.reset();
      model.script(
        toolCallReply({
          id: 'call_state',
          name: 'update_state',
          args: { operations: [{ op: 'replace', path: '/todos/0/done', value: true }, { op: 'add', path: '/todos/-', value: { title: 'eggs', done: false } }] },
        }),
        textReply('Milk is done; eggs added.'));

      const run = await runWithClient(client, { url, messages: [userMessage('Mark milk done and add eggs')], state: { todos: [{ title: 'milk', done: false }] } });
      assert.equal(run.error, undefined, `runAgent rejected: ${run.error}`);
      expectValidStream(run);
      const deltas = run.events.filter((e) => e.type === 'STATE_DELTA');
      assert.equal(deltas.length, 1);
      assert.deepEqual(run.state, { todos: [{ title: 'milk', done: true }, { title: 'eggs', done: false }] });

      // A client that holds nothing gets the patched state back from the store.
      const sync = await runWithClient(client, { url, threadId: run.agent.threadId });
      assert.deepEqual(sync.state, run.state);
    },
  },
  {
    name: 'threads: an invalid update_state patch changes nothing and the model is told why',
    async run(client) {
      const { url } = await server('model', modelEnv);
      model.reset();
      model.script(
        toolCallReply({ id: 'call_bad', name: 'update_state', args: { operations: [{ op: 'remove', path: '/missing' }] } }),
        textReply('Nothing to remove.'));

      const run = await runWithClient(client, { url, messages: [userMessage('Remove the missing thing')], state: { keep: 1 } });
      expectValidStream(run);
      assert.ok(!run.events.some((e) => e.type === 'STATE_DELTA'), 'no STATE_DELTA for a rejected patch');
      assert.deepEqual(run.state, { keep: 1 });
      const toolResult = model.requests[1].messages.at(-1);
      assert.equal(toolResult.role, 'tool');
      assert.match(toolResult.content, /does not exist/);
    },
  },
  {
    name: 'agents: a backend tool written as a C# method reaches the model with its schema, and its result reaches the client',
    async run(client) {
      const { url } = await examples();
      model.reset();
      model.script(toolCallReply({ id: 'call_weather', name: 'get_weather', args: { city: 'Oslo' } }), textReply('Sunny in Oslo.'));

      const run = await runWithClient(client, { url, messages: [userMessage('Weather in Oslo?')] });
      assert.equal(run.error, undefined, `runAgent rejected: ${run.error}`);
      expectValidStream(run);
      const offered = model.requests[0].tools.find((t) => t.function.name === 'get_weather').function;
      assert.equal(offered.description, 'The current weather in a city.');
      assert.deepEqual(offered.parameters.required, ['city']);
      assert.deepEqual(offered.parameters.properties.city, { description: 'The city, for example Oslo', type: 'string' });
      assert.deepEqual(run.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
      assert.equal(run.messages[2].content, 'Sunny and 21 °C in Oslo.');
      assert.equal(model.requests[1].messages.at(-1).content, 'Sunny and 21 °C in Oslo.');
    },
  },
  {
    name: 'agents: your own IAgent registered with AddAgent answers at its URL and its thread is kept',
    async run(client) {
      const { baseUrl } = await examples();
      const url = agentUrl(baseUrl, 'counter');
      const threadId = `counter-${Math.random().toString(36).slice(2)}`;
      const first = await runWithClient(client, { url, threadId, messages: [userMessage('one')] });
      expectValidStream(first);
      assert.equal(first.messages.at(-1).content, 'That was message 1 of this conversation.');

      // A client that sends only its latest message, as CometChat does: the stored thread fills in the rest.
      const second = await runWithClient(client, { url, threadId, messages: [userMessage('two')] });
      expectValidStream(second);
      assert.equal(second.messages.at(-1).content, 'That was message 2 of this conversation.');
    },
  },
  {
    name: 'agents: an Agent Framework ChatClientAgent over the model runs its tool and streams its answer',
    async run(client) {
      const { baseUrl } = await examples();
      model.reset();
      model.script(toolCallReply({ id: 'call_maf', name: 'get_weather', args: { city: 'Bergen' } }), textReply('Sunny ', 'in Bergen.'));

      const run = await runWithClient(client, { url: agentUrl(baseUrl, 'assistant'), messages: [userMessage('Weather in Bergen?')] });
      assert.equal(run.error, undefined, `runAgent rejected: ${run.error}`);
      expectValidStream(run);
      assert.deepEqual(run.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'assistant']);
      assert.deepEqual(run.messages[1].toolCalls.map((c) => [c.id, c.function.name, JSON.parse(c.function.arguments)]), [['call_maf', 'get_weather', { city: 'Bergen' }]]);
      assert.equal(run.messages[2].content, 'Sunny and 21 °C in Bergen.');
      assert.equal(run.messages.at(-1).content, 'Sunny in Bergen.');
      assert.match(model.requests[0].messages[0].content, /You are a helpful assistant/);
      if (client.version === '1.0.0') {
        // 0.0.x clients know no usage field and strip it.
        assert.ok(run.events.at(-1).usage?.length > 0, 'RUN_FINISHED carries the usage');
      }
    },
  },
  {
    name: 'agents: two named agents given the same threadId keep two separate histories',
    async run(client) {
      const { baseUrl } = await examples();
      const threadId = `shared-${Math.random().toString(36).slice(2)}`;
      model.reset();
      model.script(textReply('Hello from the assistant.'));
      await runWithClient(client, { url: agentUrl(baseUrl, 'counter'), threadId, messages: [userMessage('to the counter')] });
      await runWithClient(client, { url: agentUrl(baseUrl, 'assistant'), threadId, messages: [userMessage('to the assistant')] });

      const counter = await runWithClient(client, { url: agentUrl(baseUrl, 'counter'), threadId });
      const assistant = await runWithClient(client, { url: agentUrl(baseUrl, 'assistant'), threadId });
      assert.deepEqual(counter.messages.map((m) => m.content), ['to the counter', 'That was message 1 of this conversation.']);
      assert.deepEqual(assistant.messages.map((m) => m.content), ['to the assistant', 'Hello from the assistant.']);
    },
  },
  ...dojoScenarios({ model, dojo, dojoOnAzurite }),
];

let summary;
try {
  summary = await runScenarios(scenarios, clients);
} finally {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
  await azurite?.stop();
  await model.stop();
}

console.log(`conformance: ${summary.passed} passed, ${summary.failed} failed`);
process.exitCode = summary.failed === 0 ? 0 : 1;

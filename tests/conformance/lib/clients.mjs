// The official AG-UI clients under test, side by side (npm aliases), with the event schemas of
// their own @ag-ui/core version.
import { randomUUID } from 'node:crypto';

const client100 = await import('ag-ui-client-1.0.0');
const schemas100 = await import('ag-ui-core-1.0.0/schemas');
const client039 = await import('ag-ui-client-0.0.39');
const core039 = await import('ag-ui-core-0.0.39');

export const clients = [
  { name: '@ag-ui/client 1.0.0', version: '1.0.0', HttpAgent: client100.HttpAgent, EventSchemas: schemas100.EventSchemas, buildResumeArray: client100.buildResumeArray },
  { name: '@ag-ui/client 0.0.39', version: '0.0.39', HttpAgent: client039.HttpAgent, EventSchemas: core039.EventSchemas },
];

/**
 * Runs one AG-UI run with the official HttpAgent and records what a user of the client sees:
 * every event (each validated with the client's own schemas), the messages and state it ends with,
 * and the error runAgent rejected with, if any.
 */
export async function runWithClient(client, { agent, url, headers, threadId, messages, state, tools, context, resume }) {
  const httpAgent = agent ?? new client.HttpAgent({
    url,
    headers: headers ?? {},
    threadId: threadId ?? randomUUID(),
    initialMessages: messages ?? [],
    initialState: state ?? {},
  });
  const events = [];
  const invalid = [];
  let error;
  try {
    await httpAgent.runAgent({ runId: randomUUID(), tools: tools ?? [], context: context ?? [], ...(resume ? { resume } : {}) }, {
      onEvent({ event }) {
        events.push(event);
        const parsed = client.EventSchemas.safeParse(event);
        if (!parsed.success) invalid.push({ event, issues: parsed.error.issues });
      },
    });
  } catch (e) {
    error = e;
  }

  return { agent: httpAgent, events, invalid, error, messages: httpAgent.messages, state: httpAgent.state };
}

// A scripted OpenAI-compatible model on loopback: POST /v1/chat/completions answers with the next
// scripted reply (streamed chat.completion.chunk SSE, or an HTTP error) and records every request.
import http from 'node:http';

export async function startScriptedModel() {
  const replies = [];
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }

    requests.push(JSON.parse(body));
    const reply = replies.shift();
    if (!reply) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'the script has no reply left', type: 'server_error' } }));
      return;
    }

    if (reply.status) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(JSON.stringify(reply.body ?? { error: { message: `scripted ${reply.status}`, type: 'server_error' } }));
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const chunk of reply.chunks) {
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Queues replies, in order, for the next requests. */
    script(...next) {
      replies.push(...next);
    },
    reset() {
      replies.length = 0;
      requests.length = 0;
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

const base = { id: 'chatcmpl-scripted', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'scripted' };

/** A streamed text reply split into the given deltas, with a usage chunk at the end. */
export function textReply(...deltas) {
  return {
    chunks: [
      { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] },
      ...deltas.map((content) => ({ ...base, choices: [{ index: 0, delta: { content }, finish_reason: null }] })),
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      { ...base, choices: [], usage: { prompt_tokens: 11, completion_tokens: deltas.length, total_tokens: 11 + deltas.length } },
    ],
  };
}

/**
 * A streamed reply that calls tools: each call is { id, name, args } and its arguments arrive in
 * two fragments, the id and name only on the first, as OpenAI streams them.
 */
export function toolCallReply(...calls) {
  const chunks = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }] }];
  calls.forEach((call, index) => {
    const args = JSON.stringify(call.args);
    const cut = Math.floor(args.length / 2);
    chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: args.slice(0, cut) } }] }, finish_reason: null }] });
    chunks.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args.slice(cut) } }] }, finish_reason: null }] });
  });
  chunks.push({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
  chunks.push({ ...base, choices: [], usage: { prompt_tokens: 20, completion_tokens: 10, total_tokens: 30 } });
  return { chunks };
}

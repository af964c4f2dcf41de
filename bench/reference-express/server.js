// The AG-UI agent the way CometChat's "Bring Your Own Agent" docs build it with Express: the
// request's messages go to an OpenAI-compatible model through the `openai` client, each streamed
// token becomes a TEXT_MESSAGE_CONTENT event encoded by @ag-ui/encoder. bench/ drives it with the
// same load and the same scripted model as AgUi.Server, as the baseline users would otherwise pick.
//
// Settings (environment): PORT, OPENAI_BASE_URL (e.g. http://127.0.0.1:5000/v1), OPENAI_MODEL.
import express from "express";
import OpenAI from "openai";
import { EventEncoder } from "@ag-ui/encoder";
import { EventType } from "@ag-ui/core";
import { randomUUID } from "node:crypto";

const port = Number(process.env.PORT ?? 8000);
const model = process.env.OPENAI_MODEL ?? "scripted";
const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY ?? "not-needed", baseURL: process.env.OPENAI_BASE_URL });

const app = express();
app.use(express.json({ limit: "4mb" }));

app.post("/api/agent", async (req, res) => {
  const { threadId, runId, messages = [] } = req.body;
  const encoder = new EventEncoder({ accept: req.headers.accept });
  res.setHeader("Content-Type", encoder.getContentType());
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Connection", "keep-alive");
  res.flushHeaders();

  const abort = new AbortController();
  res.on("close", () => abort.abort());

  try {
    res.write(encoder.encode({ type: EventType.RUN_STARTED, threadId, runId }));

    const stream = await openai.chat.completions.create(
      {
        model,
        stream: true,
        messages: messages
          .filter((m) => ["system", "user", "assistant"].includes(m.role))
          .map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : "" })),
      },
      { signal: abort.signal },
    );

    const messageId = randomUUID();
    res.write(encoder.encode({ type: EventType.TEXT_MESSAGE_START, messageId, role: "assistant" }));
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        res.write(encoder.encode({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta }));
      }
    }
    res.write(encoder.encode({ type: EventType.TEXT_MESSAGE_END, messageId }));
    res.write(encoder.encode({ type: EventType.RUN_FINISHED, threadId, runId }));
  } catch (error) {
    if (!abort.signal.aborted) {
      res.write(encoder.encode({ type: EventType.RUN_ERROR, message: error instanceof Error ? error.message : String(error) }));
    }
  } finally {
    res.end();
  }
});

app.listen(port, "127.0.0.1", () => console.log(`reference-express listening on http://127.0.0.1:${port}`));

using System.Buffers;
using System.Text;
using AgUi.Bench.Load;

// The ceiling: Kestrel writing an AG-UI run's SSE bytes, pre-encoded, with no agent, no model and no
// serializer in between. Each token is stamped with its emit time (TokenStamp) and paced like the
// scripted model (Script:TokenCount tokens, Script:TokenIntervalMs apart), so the load tool measures
// it exactly as it measures the real servers.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var tokenCount = builder.Configuration.GetValue("Script:TokenCount", 20);
var tokenInterval = TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Script:TokenIntervalMs", 0));

var head = Encoding.UTF8.GetBytes(
    "data: {\"type\":\"RUN_STARTED\",\"threadId\":\"raw-thread\",\"runId\":\"raw-run\"}\n\n" +
    "data: {\"type\":\"TEXT_MESSAGE_START\",\"messageId\":\"raw-msg\",\"role\":\"assistant\"}\n\n");
var tokenHead = "data: {\"type\":\"TEXT_MESSAGE_CONTENT\",\"messageId\":\"raw-msg\",\"delta\":\""u8.ToArray();
var tokenTail = "\"}\n\n"u8.ToArray();
var tail = Encoding.UTF8.GetBytes(
    "data: {\"type\":\"TEXT_MESSAGE_END\",\"messageId\":\"raw-msg\"}\n\n" +
    "data: {\"type\":\"RUN_FINISHED\",\"threadId\":\"raw-thread\",\"runId\":\"raw-run\"}\n\n");

var app = builder.Build();
app.MapPost("/api/agent", async (HttpContext context) =>
{
    var aborted = context.RequestAborted;
    await context.Request.Body.CopyToAsync(Stream.Null, aborted);
    var response = context.Response;
    response.ContentType = "text/event-stream";
    response.Headers.CacheControl = "no-cache";
    response.Headers["X-Accel-Buffering"] = "no";
    var body = response.BodyWriter;
    body.Write(head);
    await body.FlushAsync(aborted);

    using var pacing = tokenInterval > TimeSpan.Zero ? new PeriodicTimer(tokenInterval) : null;
    for (var i = 0; i < tokenCount; i++)
    {
        if (pacing is not null && !await pacing.WaitForNextTickAsync(aborted))
        {
            return;
        }

        var span = body.GetSpan(tokenHead.Length + TokenStamp.MaxLength + tokenTail.Length);
        tokenHead.CopyTo(span);
        var length = tokenHead.Length + TokenStamp.Write(span[tokenHead.Length..]);
        tokenTail.CopyTo(span[length..]);
        body.Advance(length + tokenTail.Length);
        await body.FlushAsync(aborted);
    }

    body.Write(tail);
    await body.FlushAsync(aborted);
});
app.Run();

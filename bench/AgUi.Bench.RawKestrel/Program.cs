using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text;

// The ceiling: Kestrel relaying the scripted model's tokens as pre-encoded AG-UI SSE bytes, with no
// agent, no OpenAI client, no serializer and no sequence verifier in between. It reads the same model
// stream the real servers read (Model:Endpoint), so it has the same pacing and the same upstream hop,
// and it copies each token (a TokenStamp: no JSON escapes) into a fixed frame.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var completions = new Uri(builder.Configuration["Model:Endpoint"]?.TrimEnd('/') + "/chat/completions");
using var modelClient = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false });
var modelRequest = """{"model":"scripted","stream":true,"messages":[{"role":"user","content":"Stream the scripted reply."}]}"""u8.ToArray();

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

    using var request = new HttpRequestMessage(HttpMethod.Post, completions) { Content = new ByteArrayContent(modelRequest) };
    request.Content.Headers.ContentType = new("application/json");
    using var model = await modelClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, aborted);
    await using var stream = await model.Content.ReadAsStreamAsync(aborted);
    await foreach (var chunk in SseParser.Create(stream, (_, data) => TokenOf(data)).EnumerateAsync(aborted))
    {
        if (chunk.Data is not { Length: > 0 } token)
        {
            continue;
        }

        var span = body.GetSpan(tokenHead.Length + token.Length + tokenTail.Length);
        tokenHead.CopyTo(span);
        token.CopyTo(span[tokenHead.Length..]);
        tokenTail.CopyTo(span[(tokenHead.Length + token.Length)..]);
        body.Advance(tokenHead.Length + token.Length + tokenTail.Length);
        await body.FlushAsync(aborted);
    }

    body.Write(tail);
    await body.FlushAsync(aborted);
});
app.Run();

// The bytes of "content":"..." in a chunk, or null for chunks without text (role, finish, [DONE]).
static byte[]? TokenOf(ReadOnlySpan<byte> data)
{
    var marker = "\"content\":\""u8;
    var start = data.IndexOf(marker);
    if (start < 0)
    {
        return null;
    }

    var rest = data[(start + marker.Length)..];
    return rest[..rest.IndexOf((byte)'"')].ToArray();
}

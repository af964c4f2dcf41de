using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgUi.Reliability.Tests.HostileInput;

/// <summary>
/// One hostile request: how to build it for a given thread id, and the status it must get: a 4xx problem,
/// or 200 for a valid stream that ends with RUN_FINISHED. Requests whose thread id is itself the hostile
/// part ignore the one given.
/// </summary>
public sealed record HostileRequest(string Name, Func<string, HttpRequestMessage> Create, int ExpectedStatus);

/// <summary>The generated hostile requests, by category.</summary>
public static class HostileRequests
{
    private const string ValidBody =
        """{"threadId":"thread-hostile","runId":"run-hostile","state":{},"messages":[{"id":"msg-1","role":"user","content":"Hello"}],"tools":[{"name":"show_card","description":"Shows a card","parameters":{"type":"object","properties":{}}}],"context":[{"description":"page","value":"home"}],"forwardedProps":{}}""";

    /// <summary>The thread id in every generated body, replaced by the one a request is created for.</summary>
    public const string PlaceholderThreadId = "thread-hostile";

    private static readonly string[] WrongTypeValues = ["123", "true", "{}", "[]", "\"text\"", "null", "1.5"];

    private static readonly Lazy<IReadOnlyDictionary<string, HostileRequest>> ByName = new(() =>
        All().ToDictionary(r => r.Name, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, HostileRequest> Cases => ByName.Value;

    public static IEnumerable<HostileRequest> All() =>
        InvalidJson()
            .Concat(InvalidUtf8())
            .Concat(WrongTypes())
            .Concat(MissingFields())
            .Concat(PastTheLimit())
            .Concat(DeepNesting())
            .Concat(HugeArrays())
            .Concat(UnknownRolesAndParts())
            .Concat(OddIds())
            .Concat(WrongHeaders());

    /// <summary>A request the server must stream normally, to show it still works after a hostile one.</summary>
    public static HttpRequestMessage Valid(string threadId) => Post(Encoding.UTF8.GetBytes(ValidBody), threadId);

    private static IEnumerable<HostileRequest> InvalidJson()
    {
        var valid = Encoding.UTF8.GetBytes(ValidBody);
        for (var cut = 1; cut < valid.Length; cut += valid.Length / 24)
        {
            var length = cut;
            yield return Case($"invalid JSON: truncated after {length} bytes", valid[..length], 400);
        }

        string[] texts =
        [
            "", " ", "\n\t", "null", "true", "42", "\"text\"", "[]", "[{}]", "{", "}", "{]", "{\"threadId\":}",
            "{'threadId':'t','runId':'r','messages':[]}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],}",
            "/* comment */" + ValidBody,
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],\"state\":NaN}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],\"state\":0x10}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],\"state\":012}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],\"state\":+1}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[],\"state\":.5}",
            "{\"threadId\":\"t\u0001\",\"runId\":\"r\",\"messages\":[]}",
            "{\"threadId\":\"t\\q\",\"runId\":\"r\",\"messages\":[]}",
            "{\"threadId\":\"unterminated,\"runId\":\"r\",\"messages\":[]}",
            "{\"threadId\":\"t\",\"runId\":\"r\",\"messages\":[{\"id\":\"m\",\"role\":\"user\",\"content\":\"x\"}]]",
            ValidBody + ValidBody,
            ValidBody + " trailing",
            ValidBody + "\u0000",
            "\uFEFF" + ValidBody,
            new string('[', 5000),
        ];
        for (var i = 0; i < texts.Length; i++)
        {
            yield return Case($"invalid JSON #{i}: {Describe(texts[i])}", Encoding.UTF8.GetBytes(texts[i]), 400);
        }
    }

    private static IEnumerable<HostileRequest> InvalidUtf8()
    {
        byte[][] sequences =
        [
            [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80],
            [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80],
        ];
        // Text the server keeps must be valid UTF-8, the raw JSON of the state included; an unknown property is
        // skipped unread, so its name is never decoded.
        (string Location, string Template, int Expected)[] locations =
        [
            ("threadId", """{"threadId":"thread-hostile@","runId":"r","messages":[]}""", 400),
            ("user content", """{"threadId":"thread-hostile","runId":"r","messages":[{"id":"m","role":"user","content":"hi @"}]}""", 400),
            ("unknown property name", """{"threadId":"thread-hostile","runId":"r","messages":[],"@x":1}""", 200),
            ("state string", """{"threadId":"thread-hostile","runId":"r","messages":[],"state":{"note":"@"}}""", 400),
        ];
        foreach (var (location, template, expected) in locations)
        {
            foreach (var sequence in sequences)
            {
                var at = template.IndexOf('@', StringComparison.Ordinal);
                var body = Encoding.UTF8.GetBytes(template[..at]).Concat(sequence).Concat(Encoding.UTF8.GetBytes(template[(at + 1)..])).ToArray();
                yield return Case($"invalid UTF-8 in {location}: {Convert.ToHexString(sequence)}", body, expected);
            }
        }
    }

    private static IEnumerable<HostileRequest> WrongTypes()
    {
        // Per field, the values of WrongTypeValues the server accepts (a stream); every other value is a 400.
        // state and forwardedProps are any JSON, tool parameters are kept as given, a null optional field is absent.
        const string Text = "\"text\"";
        string[] any = WrongTypeValues;
        (string Field, string[] Accepted)[] rootFields =
        [
            ("threadId", [Text]), ("runId", [Text]), ("parentRunId", [Text, "null"]), ("protocolVersion", [Text, "null"]),
            ("messages", ["[]"]), ("tools", ["[]"]), ("context", ["[]"]), ("resume", ["[]", "null"]), ("state", any), ("forwardedProps", any),
        ];
        foreach (var (field, accepted) in rootFields)
        {
            foreach (var value in WrongTypeValues)
            {
                yield return Mutated($"wrong type: {field} = {value}", root => root[field] = JsonNode.Parse(value), Outcome(accepted, value));
            }
        }

        foreach (var (field, accepted) in new (string, string[])[] { ("id", [Text]), ("role", []), ("content", [Text, "[]"]), ("name", [Text, "null"]) })
        {
            foreach (var value in WrongTypeValues)
            {
                yield return Mutated($"wrong type: messages[0].{field} = {value}", root => root["messages"]![0]![field] = JsonNode.Parse(value), Outcome(accepted, value));
            }
        }

        foreach (var (field, accepted) in new (string, string[])[] { ("name", [Text]), ("description", [Text]), ("parameters", any) })
        {
            foreach (var value in WrongTypeValues)
            {
                yield return Mutated($"wrong type: tools[0].{field} = {value}", root => root["tools"]![0]![field] = JsonNode.Parse(value), Outcome(accepted, value));
            }
        }

        foreach (var field in new[] { "description", "value" })
        {
            foreach (var value in WrongTypeValues)
            {
                yield return Mutated($"wrong type: context[0].{field} = {value}", root => root["context"]![0]![field] = JsonNode.Parse(value), Outcome([Text], value));
            }
        }
    }

    private static int Outcome(string[] accepted, string value) => accepted.Contains(value) ? 200 : 400;

    private static IEnumerable<HostileRequest> MissingFields()
    {
        // threadId, runId and messages are required; HttpAgent always sends the rest, and the server defaults them.
        foreach (var (field, expected) in new[] { ("threadId", 400), ("runId", 400), ("messages", 400), ("state", 200), ("tools", 200), ("context", 200), ("forwardedProps", 200) })
        {
            yield return Mutated($"missing field: {field}", root => root.AsObject().Remove(field), expected);
        }

        foreach (var field in new[] { "id", "role", "content" })
        {
            yield return Mutated($"missing field: messages[0].{field}", root => root["messages"]![0]!.AsObject().Remove(field), 400);
        }

        foreach (var (field, expected) in new[] { ("name", 400), ("description", 400), ("parameters", 200) })
        {
            yield return Mutated($"missing field: tools[0].{field}", root => root["tools"]![0]!.AsObject().Remove(field), expected);
        }

        foreach (var field in new[] { "description", "value" })
        {
            yield return Mutated($"missing field: context[0].{field}", root => root["context"]![0]!.AsObject().Remove(field), 400);
        }
    }

    private static IEnumerable<HostileRequest> PastTheLimit()
    {
        var limit = (int)ReliabilityHost.MaxRequestBodyBytes;
        yield return OverTheLimit("past the limit: whitespace-padded valid body, one byte over", () => Padded(limit + 1));
        yield return OverTheLimit("past the limit: 9 MiB user message", () => WithContent(new string('a', 9 * 1024 * 1024)));
        yield return Case("past the limit: whitespace-padded valid body, exactly at the limit", () => Padded(limit), 200);
        yield return new HostileRequest("past the limit: chunked body without Content-Length",
            thread => new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new UnknownLengthContent(WithThread(Padded(limit + 4096), thread)) }.Prepared(), 413);
        yield return new HostileRequest("past the limit: chunked body within the limit",
            thread => new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new UnknownLengthContent(WithThread(Padded(1024), thread)) }.Prepared(), 200);
    }

    /// <summary>
    /// A body whose Content-Length is over the limit, sent with <c>Expect: 100-continue</c>: the server answers
    /// 413 without reading it and closes the connection, so a client that sends the body at once may get a broken
    /// pipe instead of the answer (which is how HTTP/1.1 treats an unread body, not a server fault).
    /// </summary>
    private static HostileRequest OverTheLimit(string name, Func<byte[]> body) =>
        new(name, thread =>
        {
            var request = Post(body(), thread);
            request.Headers.ExpectContinue = true;
            return request;
        }, 413);

    private static IEnumerable<HostileRequest> DeepNesting()
    {
        const int depth = 1000;
        var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var arrays = new string('[', depth) + new string(']', depth);
        // Past the JSON reader's depth limit anywhere in the body, unknown fields included: a 400.
        yield return Case("1,000-level nesting: state objects", Splice("\"state\":{}", $"\"state\":{objects}"), 400);
        yield return Case("1,000-level nesting: state arrays", Splice("\"state\":{}", $"\"state\":{arrays}"), 400);
        yield return Case("1,000-level nesting: forwardedProps", Splice("\"forwardedProps\":{}", $"\"forwardedProps\":{objects}"), 400);
        yield return Case("1,000-level nesting: tool parameters", Splice("\"parameters\":{\"type\":\"object\",\"properties\":{}}", $"\"parameters\":{objects}"), 400);
        yield return Case("1,000-level nesting: message metadata", Splice("\"content\":\"Hello\"", $"\"content\":\"Hello\",\"metadata\":{arrays}"), 400);
        yield return Case("1,000-level nesting: the whole body", Encoding.UTF8.GetBytes(arrays), 400);
        yield return Case("1,000-level nesting: unknown field", Splice("\"forwardedProps\":{}", $"\"forwardedProps\":{{}},\"extra\":{objects}"), 400);
    }

    private static IEnumerable<HostileRequest> HugeArrays()
    {
        const int count = 100_000;
        string Repeat(Func<int, string> item) => string.Join(',', Enumerable.Range(0, count).Select(item));

        // Within the body limit, large arrays are served.
        yield return Case("100,000 elements: messages", () => Splice("[{\"id\":\"msg-1\",\"role\":\"user\",\"content\":\"Hello\"}]",
            $"[{Repeat(i => $"{{\"id\":\"m{i}\",\"role\":\"user\",\"content\":\"x\"}}")}]"), 200);
        yield return Case("100,000 elements: tools", () => Splice("\"tools\":[", $"\"tools\":[{Repeat(i => $"{{\"name\":\"t{i}\",\"description\":\"d\"}}")},"), 200);
        yield return Case("100,000 elements: context", () => Splice("\"context\":[", $"\"context\":[{Repeat(_ => "{\"description\":\"d\",\"value\":\"v\"}")},"), 200);
        yield return Case("100,000 elements: state array", () => Splice("\"state\":{}", $"\"state\":[{Repeat(i => "0")}]"), 200);
        yield return Case("100,000 elements: forwardedProps array", () => Splice("\"forwardedProps\":{}", $"\"forwardedProps\":[{Repeat(_ => "null")}]"), 200);
        yield return Case("100,000 elements: user content parts", () => Splice("\"content\":\"Hello\"", $"\"content\":[{Repeat(_ => "{\"type\":\"text\",\"text\":\"x\"}")}]"), 200);
        yield return Case("100,000 elements: assistant tool calls", () => Splice("[{\"id\":\"msg-1\"",
            $"[{{\"id\":\"a1\",\"role\":\"assistant\",\"toolCalls\":[{Repeat(i => $"{{\"id\":\"c{i}\",\"type\":\"function\",\"function\":{{\"name\":\"f\",\"arguments\":\"{{}}\"}}}}")}]}},{{\"id\":\"msg-1\""), 200);
    }

    private static IEnumerable<HostileRequest> UnknownRolesAndParts()
    {
        foreach (var role in new[] { "robot", "", "USER", "function", "user ", "null" })
        {
            yield return Mutated($"unknown role: '{role}'", root => root["messages"]![0]!["role"] = role, 400);
        }

        yield return Mutated("unknown role: role removed, type given", root =>
        {
            root["messages"]![0]!.AsObject().Remove("role");
            root["messages"]![0]!["type"] = "user";
        }, 400);

        string[] parts =
        [
            """{"type":"hologram","text":"x"}""", """{"type":"","text":"x"}""", """{"text":"x"}""", """{"type":5,"text":"x"}""",
            """{"type":"TEXT","text":"x"}""", """{"type":"image"}""", """{"type":"image","source":{"type":"ftp","value":"x"}}""",
            """{"type":"text"}""", """{"type":"text","text":null}""", "null", "\"a bare string\"",
        ];
        // A null part is skipped like a null optional value; every other one is a 400.
        foreach (var part in parts)
        {
            yield return Mutated($"unknown content part: {part}", root => root["messages"]![0]!["content"] = new JsonArray(JsonNode.Parse(part)), part == "null" ? 200 : 400);
        }

        yield return Mutated("unknown fields everywhere are tolerated", root =>
        {
            root["futureField"] = new JsonObject { ["x"] = 1 };
            root["messages"]![0]!["futureField"] = "y";
            root["tools"]![0]!["futureField"] = true;
        }, 200);
    }

    private static IEnumerable<HostileRequest> OddIds()
    {
        (string Label, string Value)[] ids =
        [
            ("empty", ""), ("space", " "), ("tab", "\t"), ("100 KB", new string('i', 100_000)), ("1 MB", new string('j', 1_000_000)),
            ("NUL", "a\u0000b"), ("bell and escape", "\u0007\u001b[31m"), ("line break", "line\nbreak\r\n"), ("emoji", "thread-🙂-👩‍👩‍👧"),
            ("right-to-left", "שיחה-עברית"), ("combining marks", "e\u0301\u0327"), ("byte order mark", "\uFEFFid"),
            ("path traversal", "../../etc/passwd"), ("SQL", "' OR 1=1 --"), ("HTML", "<script>alert(1)</script>"),
            ("percent-encoded NUL", "%00"), ("SSE frame", "x\n\ndata: {\"type\":\"RUN_FINISHED\"}\n\n"),
        ];
        // Any id is served, except an empty one, a thread or run id that is only white space, and a
        // threadId with control characters (they separate a named agent's threads from the default's).
        foreach (var (label, value) in ids)
        {
            var blank = string.IsNullOrWhiteSpace(value) ? 400 : 200;
            yield return Mutated($"odd threadId: {label}", root => root["threadId"] = value, blank == 400 || value.Any(char.IsControl) ? 400 : 200);
            yield return Mutated($"odd runId: {label}", root => root["runId"] = value, blank);
            yield return Mutated($"odd message id: {label}", root => root["messages"]![0]!["id"] = value, value.Length == 0 ? 400 : 200);
        }

        // An id that is not valid UTF-16 cannot be kept or echoed.
        foreach (var field in new[] { "threadId", "runId" })
        {
            yield return Case($"odd {field}: lone surrogate escape", Encoding.UTF8.GetBytes(ValidBody.Replace($"\"{field}\":\"", $"\"{field}\":\"\\ud83d", StringComparison.Ordinal)), 400);
            yield return Case($"odd {field}: reversed surrogate pair escape", Encoding.UTF8.GetBytes(ValidBody.Replace($"\"{field}\":\"", $"\"{field}\":\"\\ude00\\ud83d", StringComparison.Ordinal)), 400);
        }
    }

    private static IEnumerable<HostileRequest> WrongHeaders()
    {
        var valid = Encoding.UTF8.GetBytes(ValidBody);
        yield return Headers("header: text/plain body", valid, r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain"), 415);
        yield return Headers("header: no Content-Type", valid, r => r.Content!.Headers.ContentType = null, 415);
        yield return Headers("header: application/xml", valid, r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/xml"), 415);
        yield return Headers("header: Content-Type garbage", valid, r => r.Content!.Headers.TryAddWithoutValidation("Content-Type", ";;;=="), 415);
        yield return Headers("header: Accept application/json only", valid, r => SetAccept(r, "application/json"), 406);
        yield return Headers("header: Accept text/event-stream;q=0", valid, r => SetAccept(r, "text/event-stream;q=0"), 406);
        yield return Headers("header: Accept */*", valid, r => SetAccept(r, "*/*"), 200);
        yield return Headers("header: no function key", valid, r => r.Headers.Remove("x-functions-key"), 401);
        yield return Headers("header: wrong function key", valid, r => SetKey(r, "not-the-key"), 401);
        yield return Headers("header: function key in upper case", valid, r => SetKey(r, ReliabilityHost.FunctionKey.ToUpperInvariant()), 401);
        yield return Headers("header: 10 KB function key", valid, r => SetKey(r, new string('k', 10_000)), 401);
        yield return Headers("header: charset=utf-8", valid, r => r.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8"), 200);
        yield return Headers("header: +json suffix", valid, r => r.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.agui+json"), 200);
    }

    private static HostileRequest Mutated(string name, Action<JsonNode> mutate, int expected) =>
        Case(name, () =>
        {
            var root = JsonNode.Parse(ValidBody)!;
            mutate(root);
            return Encoding.UTF8.GetBytes(root.ToJsonString());
        }, expected);

    private static HostileRequest Case(string name, byte[] body, int expected) => Case(name, () => body, expected);

    private static HostileRequest Case(string name, Func<byte[]> body, int expected) => new(name, thread => Post(body(), thread), expected);

    private static HostileRequest Headers(string name, byte[] body, Action<HttpRequestMessage> change, int expected) =>
        new(name, thread =>
        {
            var request = Post(body, thread);
            change(request);
            return request;
        }, expected);

    private static HttpRequestMessage Post(byte[] body, string threadId)
    {
        var content = new ByteArrayContent(WithThread(body, threadId));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = content }.Prepared();
    }

    private static HttpRequestMessage Prepared(this HttpRequestMessage request)
    {
        if (request.Content is UnknownLengthContent content)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("x-functions-key", ReliabilityHost.FunctionKey);
        return request;
    }

    /// <summary>The body with its first <see cref="PlaceholderThreadId"/> replaced by <paramref name="threadId"/>, byte for byte (bodies may be invalid UTF-8).</summary>
    private static byte[] WithThread(byte[] body, string threadId)
    {
        var placeholder = Encoding.UTF8.GetBytes(PlaceholderThreadId);
        var at = body.AsSpan().IndexOf(placeholder);
        return at < 0 ? body : [.. body.AsSpan(0, at), .. Encoding.UTF8.GetBytes(threadId), .. body.AsSpan(at + placeholder.Length)];
    }

    private static void SetAccept(HttpRequestMessage request, string accept)
    {
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);
    }

    private static void SetKey(HttpRequestMessage request, string key)
    {
        request.Headers.Remove("x-functions-key");
        request.Headers.Add("x-functions-key", key);
    }

    private static byte[] Padded(int length)
    {
        var valid = Encoding.UTF8.GetBytes(ValidBody);
        var body = new byte[length];
        Array.Fill(body, (byte)' ');
        valid.CopyTo(body, 0);
        return body;
    }

    private static byte[] WithContent(string content)
    {
        var root = JsonNode.Parse(ValidBody)!;
        root["messages"]![0]!["content"] = content;
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static byte[] Splice(string find, string replacement)
    {
        Assert.Contains(find, ValidBody, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(ValidBody.Replace(find, replacement, StringComparison.Ordinal));
    }

    private static string Describe(string text) =>
        text.Length == 0 ? "(empty)" : text.Length > 40 ? string.Concat(text.AsSpan(0, 40), $"… ({text.Length} chars)") : text;

    /// <summary>A body sent with chunked transfer encoding: its length is not known up front.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

using System.Text.Json.Nodes;
using AgUi.Runtime.Model;

namespace AgUi.Runtime.Tests.Model;

public sealed class PartialJsonTests
{
    [Theory]
    [InlineData("", null)]
    [InlineData("{", "{}")]
    [InlineData("{\"docu", "{}")]
    [InlineData("{\"document\"", "{}")]
    [InlineData("{\"document\":", "{}")]
    [InlineData("{\"document\": \"Once up", "{\"document\":\"Once up\"}")]
    [InlineData("{\"document\":\"line\\", "{\"document\":\"line\"}")]
    [InlineData("{\"document\":\"caf\\u00", "{\"document\":\"caf\"}")]
    [InlineData("{\"document\":\"caf\\u00e9", "{\"document\":\"café\"}")]
    [InlineData("{\"document\":\"say \\\"hi", "{\"document\":\"say \\\"hi\"}")]
    [InlineData("{\"a\":1,", "{\"a\":1}")]
    [InlineData("{\"a\":tr", "{}")]
    [InlineData("{\"a\":true", "{\"a\":true}")]
    [InlineData("{\"a\":-", "{}")]
    [InlineData("{\"n\":12", "{\"n\":12}")]
    [InlineData("{\"items\":[\"x\",\"y", "{\"items\":[\"x\",\"y\"]}")]
    [InlineData("{\"items\":[{\"title\":\"milk\"},{\"ti", "{\"items\":[{\"title\":\"milk\"},{}]}")]
    [InlineData("{\"a\":{\"b\":", "{\"a\":{}}")]
    [InlineData("{\"a\":\"x\"}", "{\"a\":\"x\"}")]
    public void A_prefix_reads_as_the_value_written_so_far(string prefix, string? expected)
    {
        var read = PartialJson.Read(prefix);

        Assert.True(JsonNode.DeepEquals(expected is null ? null : JsonNode.Parse(expected), read), $"read {read?.ToJsonString() ?? "nothing"}");
    }
}

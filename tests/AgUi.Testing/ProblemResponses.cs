using System.Net;
using System.Text.Json;

namespace AgUi.Testing;

/// <summary>Checks for the <c>application/problem+json</c> answers the endpoint gives before a stream starts.</summary>
public static class ProblemResponses
{
    /// <summary>
    /// Asserts that <paramref name="response"/> has <paramref name="status"/> and a problem+json body that repeats
    /// it, and returns the body.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problem = body.RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}

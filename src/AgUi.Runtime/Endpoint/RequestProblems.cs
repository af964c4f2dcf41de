using Microsoft.AspNetCore.Http;

namespace AgUi.Runtime.Endpoint;

/// <summary>The <c>application/problem+json</c> answers given before a stream starts.</summary>
internal static class RequestProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["field"] = field };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions).ExecuteAsync(context);
    }
}

using Microsoft.AspNetCore.Authentication;

namespace AgUi.Runtime.Auth;

/// <summary>
/// Function-key authentication as Azure Functions does it, for hosts that run without the Functions
/// host in front of them. Bound from <c>AgUi:Auth</c>.
/// </summary>
public sealed class FunctionKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    public const string SectionName = "AgUi:Auth";

    /// <summary>
    /// The accepted keys. Several at once allow rotation: add the new key, move clients over, remove the old one.
    /// </summary>
    public IList<string> FunctionKeys { get; } = [];

    /// <summary>Lets requests through without a key when no key is configured, on any address. Off by default.</summary>
    public bool AllowAnonymous { get; set; }
}

public static class FunctionKeyDefaults
{
    public const string AuthenticationScheme = "FunctionKey";
    public const string PolicyName = "AgUiFunctionKey";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";
}

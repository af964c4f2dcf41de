using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgUi.Runtime.Auth;

/// <summary>
/// Accepts a request whose <c>x-functions-key</c> header (or <c>?code=</c>) matches one of the
/// configured keys. Keys are compared through their SHA-256 digests with a fixed-time comparison,
/// so neither content nor length leaks through timing.
/// </summary>
public sealed class FunctionKeyAuthenticationHandler(
    IOptionsMonitor<FunctionKeyAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder)
    : AuthenticationHandler<FunctionKeyAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = Options.FunctionKeys.Where(k => !string.IsNullOrEmpty(k)).ToList();
        if (keys.Count == 0)
        {
            // No key configured: AnonymousExposureGuard has made sure this is loopback or explicitly anonymous.
            return Task.FromResult(Success("anonymous"));
        }

        var presented = Request.Headers[FunctionKeyDefaults.HeaderName].ToString();
        if (string.IsNullOrEmpty(presented))
        {
            presented = Request.Query[FunctionKeyDefaults.QueryName].ToString();
        }

        if (string.IsNullOrEmpty(presented))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presentedDigest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(presentedDigest, SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return Task.FromResult(match ? Success("function-key") : AuthenticateResult.Fail("The function key is not valid."));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"Send a valid function key in the {FunctionKeyDefaults.HeaderName} header.")
        .ExecuteAsync(Context);

    private AuthenticateResult Success(string kind)
    {
        var identity = new ClaimsIdentity([new Claim("agui:auth", kind)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

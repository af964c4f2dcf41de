using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AgUi.Runtime.Storage;

/// <summary>
/// Signs Table requests with SharedKeyLite: HMAC-SHA256 over the request date and the canonical
/// resource (<c>/account/path</c>; the operations here never use <c>?comp=</c>), keyed by the account key.
/// With path-style endpoints (Azurite) the path already starts with the account, so it appears twice.
/// </summary>
internal sealed class SharedKeyLiteAuthenticationPolicy(string accountName, byte[] accountKey) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);

        var resource = $"/{accountName}{message.Request.Uri.ToUri().AbsolutePath}";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes($"{date}\n{resource}")));
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, $"SharedKeyLite {accountName}:{signature}");
    }
}
